//! The place of a place entity in the entity index: the gazetteer entry its mentions are
//! linked to, why, and "Link to…" another candidate or to no place (one undoable entry of
//! the project's entity dictionary, applied in every document).

use egui::{RichText, Ui};

use crate::app::actions::Action;
use crate::app::theme;
use crate::entities::{EntityId, EntityKind, PlaceLink};
use crate::project::Command;

/// Draws the entry, the reason and the "Link to…" menu.
pub fn show(ui: &mut Ui, id: &EntityId, place: Option<&PlaceLink>, actions: &mut Vec<Action>) {
    if id.kind != EntityKind::Loc {
        return;
    }
    let link = |place: Option<u32>| {
        Action::edit(Command::LinkPlace {
            name: id.key.clone(),
            place: Some(place),
        })
    };
    ui.horizontal_wrapped(|ui| {
        match place {
            Some(p) => ui.label(RichText::new(p.summary()).small()),
            None => ui.label(
                RichText::new("No coordinates: no gazetteer entry was chosen for this place.")
                    .small()
                    .color(theme::weak_text(ui)),
            ),
        };
        ui.menu_button("Link to…", |ui| {
            for (geonameid, label) in place
                .map(|p| p.alternatives.iter().copied().zip(p.alternative_labels()))
                .into_iter()
                .flatten()
            {
                if ui.button(label).clicked() {
                    actions.push(link(Some(geonameid)));
                    ui.close();
                }
            }
            if ui
                .add_enabled(place.is_some(), egui::Button::new("No place"))
                .on_hover_text("A place without coordinates, kept off the map")
                .clicked()
            {
                actions.push(link(None));
                ui.close();
            }
        })
        .response
        .on_hover_text(super::widgets::undo_hint(
            ui.ctx(),
            "Link every mention of this place to another gazetteer entry",
        ));
    });
}

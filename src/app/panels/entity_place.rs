//! The place of a place entity: the gazetteer entry its mentions are linked to, why, and a
//! menu to link it to another candidate or to no place (one undoable entry of the project's
//! entity dictionary, applied in every document). The entity index shows it under the
//! entity's name ("Link to…"), the reader in a place mention's context menu ("Place: …").

use egui::{RichText, Ui};

use crate::app::actions::Action;
use crate::app::theme;
use crate::entities::{EntityId, EntityKind, PlaceLink};
use crate::project::Command;

/// What the choice of no entry is called, wherever it is offered.
pub const NOT_ON_THE_MAP: &str = "Not a place on the map";

/// Draws the entry, the reason and the "Link to…" menu (entity index).
pub fn show(ui: &mut Ui, id: &EntityId, place: Option<&PlaceLink>, actions: &mut Vec<Action>) {
    if id.kind != EntityKind::Loc {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        match place {
            Some(p) => ui.label(RichText::new(p.summary()).small()),
            None => ui.label(
                RichText::new("No coordinates: no gazetteer entry was chosen for this place.")
                    .small()
                    .color(theme::weak_text(ui)),
            ),
        };
        ui.menu_button("Link to…", |ui| link_choices(ui, &id.key, place, actions))
            .response
            .on_hover_text(super::widgets::undo_hint(
                ui.ctx(),
                "Link every mention of this place to another gazetteer entry",
            ));
    });
}

/// "Place: Madaya, Rif-dimashq, Syria": the submenu of a place mention's context menu (the
/// reader), offering the same choices as the entity index's "Link to…".
pub fn link_menu(ui: &mut Ui, name: &str, place: Option<&PlaceLink>, actions: &mut Vec<Action>) {
    let current = place
        .and_then(|p| crate::entities::place_label(p.geonameid))
        .unwrap_or_else(|| "no coordinates".to_owned());
    ui.menu_button(format!("Place: {current}"), |ui| {
        if let Some(p) = place {
            ui.label(
                RichText::new(p.summary())
                    .small()
                    .color(theme::weak_text(ui)),
            );
            ui.separator();
        }
        link_choices(ui, name, place, actions);
    })
    .response
    .on_hover_text(super::widgets::undo_hint(
        ui.ctx(),
        "Link every mention of this place to another gazetteer entry",
    ));
}

/// The entries the place `name` (its entity's key) can be linked to instead of `place`:
/// its other candidates, then no entry. A click sends one `Command::LinkPlace` and closes
/// the menu.
fn link_choices(ui: &mut Ui, name: &str, place: Option<&PlaceLink>, actions: &mut Vec<Action>) {
    let link = |place: Option<u32>| {
        Action::edit(Command::LinkPlace {
            name: name.to_owned(),
            place: Some(place),
        })
    };
    // Each candidate with its own label: one without a label is left out, not paired
    // with the next one's.
    let candidates = place
        .map(|p| p.alternatives.as_slice())
        .unwrap_or_default()
        .iter()
        .filter_map(|&id| Some((id, crate::entities::place_label(id)?)));
    for (geonameid, label) in candidates {
        if ui.button(label).clicked() {
            actions.push(link(Some(geonameid)));
            ui.close();
        }
    }
    if ui
        .add_enabled(place.is_some(), egui::Button::new(NOT_ON_THE_MAP))
        .on_hover_text("A place without coordinates, kept off the map")
        .clicked()
    {
        actions.push(link(None));
        ui.close();
    }
}

//! The entities of the current document, grouped by kind, most mentioned first; a click
//! goes to the next mention in the text.

use egui::{RichText, Ui};

use crate::app::actions::Action;
use crate::app::theme;

/// One entity of the document.
#[derive(Clone, Debug)]
pub struct EntityRow {
    pub label: String,
    pub kind_name: String,
    pub name: String,
    /// Mentions in this document, in text order.
    pub mentions: Vec<std::ops::Range<usize>>,
    pub corpus_count: usize,
}

#[derive(Default)]
pub struct EntitiesState {
    pub filter: String,
    /// Which mention of which entity was shown last, to step through them.
    cursor: Option<(String, usize)>,
}

pub fn show(
    ui: &mut Ui,
    state: &mut EntitiesState,
    document: Option<&str>,
    rows: &[EntityRow],
    pending: bool,
    actions: &mut Vec<Action>,
) {
    let Some(document) = document else {
        ui.label(RichText::new("Open a document to see its entities.").color(theme::weak_text(ui)));
        return;
    };
    if pending && rows.is_empty() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Recognising entities…");
        });
        return;
    }
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("Filter entities")
            .desired_width(f32::INFINITY),
    );
    let needle = state.filter.to_lowercase();
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            let mut last_kind = "";
            for row in rows
                .iter()
                .filter(|r| needle.is_empty() || r.name.to_lowercase().contains(&needle))
            {
                if row.label != last_kind {
                    ui.add_space(theme::SPACE_S);
                    ui.label(RichText::new(&row.kind_name).strong());
                    last_kind = &row.label;
                }
                ui.horizontal(|ui| {
                    let (swatch, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter()
                        .rect_filled(swatch, 2.0, theme::entity_colour(&row.label, dark));
                    let text = format!("{}  ×{}", row.name, row.mentions.len());
                    let link = ui.add(
                        egui::Label::new(text)
                            .sense(egui::Sense::click())
                            .truncate(),
                    );
                    let tip = format!(
                        "{} mentions in the corpus. Click to go to the next mention.",
                        row.corpus_count
                    );
                    if link.on_hover_text(tip).clicked() && !row.mentions.is_empty() {
                        let next = match &state.cursor {
                            Some((name, i)) if name == &row.name => (i + 1) % row.mentions.len(),
                            _ => 0,
                        };
                        state.cursor = Some((row.name.clone(), next));
                        actions.push(Action::Reveal {
                            document: document.to_owned(),
                            range: row.mentions[next].clone(),
                        });
                    }
                });
            }
            if rows.is_empty() {
                ui.label(
                    RichText::new("No entities recognised in this document.")
                        .color(theme::weak_text(ui)),
                );
            }
        });
}

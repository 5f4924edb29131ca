//! The entities of the current document, grouped by kind, most mentioned first; a click
//! goes to the next mention in the text.

use egui::{RichText, Ui};

use crate::app::actions::Action;
use crate::app::theme;
use crate::entities::EntityKind;

/// One entity of the document.
#[derive(Clone, Debug)]
pub struct EntityRow {
    pub kind: EntityKind,
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
    // Kind headings and entities as rows of one height, so that only the visible ones are
    // drawn (a long document has thousands of distinct entities).
    let mut items: Vec<Item> = Vec::new();
    let mut last_kind = None;
    for (i, row) in rows.iter().enumerate() {
        if !needle.is_empty() && !row.name.to_lowercase().contains(&needle) {
            continue;
        }
        if last_kind != Some(row.kind) {
            items.push(Item::Heading(i));
            last_kind = Some(row.kind);
        }
        items.push(Item::Entity(i));
    }
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("entity-list")
        .auto_shrink([false, true])
        .show_rows(ui, row_height, items.len(), |ui, range| {
            for item in &items[range] {
                match *item {
                    Item::Heading(i) => {
                        ui.horizontal(|ui| {
                            ui.set_height(row_height);
                            ui.label(RichText::new(&rows[i].kind_name).strong());
                        });
                    }
                    Item::Entity(i) => {
                        entity_row(ui, state, document, &rows[i], row_height, dark, actions)
                    }
                }
            }
            if rows.is_empty() {
                ui.label(
                    RichText::new("No entities recognised in this document.")
                        .color(theme::weak_text(ui)),
                );
            }
        });
}

enum Item {
    /// The heading of the kind of `rows[i]`.
    Heading(usize),
    Entity(usize),
}

fn entity_row(
    ui: &mut Ui,
    state: &mut EntitiesState,
    document: &str,
    row: &EntityRow,
    height: f32,
    dark: bool,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        ui.set_height(height);
        let (swatch, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(swatch, 2.0, theme::entity_colour(row.kind, dark));
        let text = format!("{}  ×{}", row.name, row.mentions.len());
        let link = ui.add(
            egui::Label::new(text)
                .sense(egui::Sense::click())
                .truncate(),
        );
        let tip = format!(
            "{} in the corpus. Click to go to the next mention.",
            crate::text::counted(row.corpus_count, "mention", "mentions")
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

//! The entity index: every entity of the corpus with its kind and numbers of mentions and
//! documents, filtered by kind and name; for the selected one, its concordance (every
//! mention in context; a click opens the reader there), the entities it appears with most,
//! and corrections (rename, change kind, merge into another, not an entity), each one
//! undoable step through the project's entity dictionary.

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, RichText, Sense, Ui};

use crate::app::actions::Action;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex, EntityKind, Reach, cooccurrences, correction_reach};
use crate::search::{ConcordanceLine, concordance};
use crate::session::EntityCorrection;
use crate::text::counted;

const ROW_HEIGHT: f32 = 22.0;
/// Entities shown beside the selected one.
const COOCCURRENCES_SHOWN: usize = 15;

#[derive(Default)]
pub struct EntityIndexState {
    pub filter: String,
    pub hidden_kinds: BTreeSet<EntityKind>,
    pub by_name: bool,
    pub selected: Option<EntityId>,
    /// Just corrected: once the index holds the selected entity again, its row is shown
    /// (the name filter and kind toggles let it through) and scrolled to.
    pub reveal_selected: bool,
    rename: String,
    /// What a correction of the selected entity changes, from the index.
    reach: Reach,
    /// The "Merge into…" chooser, while open.
    merge: Option<MergeChooser>,
    /// What the details were computed for.
    key: Option<DetailsKey>,
    concordance: Vec<ConcordanceLine>,
    together: Vec<(EntityId, usize)>,
    /// The selected place's gazetteer entry.
    place: Option<crate::entities::PlaceLink>,
    /// What the list was computed for.
    list_key: Option<ListKey>,
    list: Vec<usize>,
}

/// What the selected entity's details (concordance, co-occurrences) were computed for.
#[derive(Clone, Debug, PartialEq)]
struct DetailsKey {
    /// The entity index's generation.
    generation: u64,
    entity: EntityId,
}

/// What the entity list was computed for.
#[derive(Clone, Debug, PartialEq)]
struct ListKey {
    /// The entity index's generation.
    generation: u64,
    filter: String,
    hidden_kinds: Vec<EntityKind>,
    by_name: bool,
}

/// What the merge chooser's candidates were found for.
#[derive(Clone, Debug, PartialEq)]
struct TargetsKey {
    /// The entity index's generation.
    generation: u64,
    query: String,
}

/// "Merge into…": a searchable, scrollable list of every other entity (any kind; the same
/// name of another kind included), driven by keyboard or mouse.
#[derive(Default)]
struct MergeChooser {
    query: String,
    /// The candidates' indices in the index, for `query` (and the index they came from).
    list: Vec<usize>,
    list_key: Option<TargetsKey>,
    /// The highlighted row (Up/Down, Enter merges).
    highlighted: usize,
    scroll_to_highlight: bool,
}

/// Names the chooser's text field for `focus_once`.
const MERGE_FOCUS: &str = "merge-chooser-focus";

pub fn show(
    ui: &mut Ui,
    state: &mut EntityIndexState,
    index: Option<&Arc<EntityIndex>>,
    // Changes whenever a new index arrives (an address could be reused by the next one).
    generation: u64,
    corpus: &Corpus,
    pending: bool,
    actions: &mut Vec<Action>,
) {
    let Some(index) = index else {
        ui.add_space(theme::SPACE_L);
        ui.horizontal(|ui| {
            if pending {
                ui.spinner();
                ui.label("Recognising the entities of every document…");
            } else {
                ui.label(RichText::new("No entity index yet.").color(theme::weak_text(ui)));
            }
        });
        return;
    };
    let reveal = reveal_selected(state, index, generation);
    let range = crate::app::layout::entity_list_range(ui.available_width());
    egui::Panel::left("entity-index-list")
        .resizable(true)
        .default_size(380.0)
        .size_range(range)
        .show(ui, |ui| list(ui, state, index, reveal, actions));
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(selected) = state.selected.clone() else {
            ui.label(RichText::new("Choose an entity to see every mention in context, the entities it appears with, and to correct it.").color(theme::weak_text(ui)));
            return;
        };
        let Some(summary) = index.summary(selected.kind, &selected.key).cloned() else {
            if pending {
                // Just corrected: the entity reappears under its new name when the index
                // is rebuilt.
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Updating the index for “{}”…", selected.key));
                });
                return;
            }
            ui.label(RichText::new("This entity is no longer in the index (it was corrected or merged).").color(theme::weak_text(ui)));
            return;
        };
        let key = DetailsKey {
            generation,
            entity: selected.clone(),
        };
        if state.key.as_ref() != Some(&key) {
            state.concordance = concordance(index, corpus, &selected);
            state.together = cooccurrences(index, corpus, &selected);
            state.reach = correction_reach(index, corpus, &selected);
            state.place = index.place_of(&selected);
            state.rename = selected.key.clone();
            state.key = Some(key);
        }
        details(ui, state, &selected, summary.mentions, summary.documents, index, actions);
    });
}

/// Refreshes the list; after a correction, once the index holds the selected entity,
/// makes its row one of the list's (clearing a name filter or showing a kind that would
/// hide it) and returns the row to scroll to.
fn reveal_selected(
    state: &mut EntityIndexState,
    index: &EntityIndex,
    generation: u64,
) -> Option<usize> {
    refresh_list(state, index, generation);
    let selected = state.selected.clone().filter(|_| state.reveal_selected)?;
    index.summary(selected.kind, &selected.key)?;
    state.reveal_selected = false;
    let row = |state: &EntityIndexState| {
        state
            .list
            .iter()
            .position(|&i| index.entities().get(i).is_some_and(|e| e.id == selected))
    };
    if let Some(at) = row(state) {
        return Some(at);
    }
    state.filter.clear();
    state.hidden_kinds.remove(&selected.kind);
    refresh_list(state, index, generation);
    row(state)
}

fn refresh_list(state: &mut EntityIndexState, index: &EntityIndex, generation: u64) {
    let key = ListKey {
        generation,
        filter: state.filter.clone(),
        hidden_kinds: state.hidden_kinds.iter().copied().collect(),
        by_name: state.by_name,
    };
    if state.list_key.as_ref() == Some(&key) {
        return;
    }
    let needle = crate::entities::fold::fold(state.filter.trim());
    let mut list: Vec<usize> = index
        .matching(&needle)
        .filter(|(_, e)| !state.hidden_kinds.contains(&e.id.kind))
        .map(|(i, _)| i)
        .collect();
    if state.by_name {
        // Stable: equal folded names keep their order (most mentioned first).
        list.sort_by(|&a, &b| index.folded_name(a).cmp(index.folded_name(b)));
    }
    state.list = list;
    state.list_key = Some(key);
}

/// Draws the list pane: the name filter, the kind toggles, the count and order, and the
/// entities' rows (a click selects one).
fn list(
    ui: &mut Ui,
    state: &mut EntityIndexState,
    index: &EntityIndex,
    reveal: Option<usize>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    ui.add(
        egui::TextEdit::singleline(&mut state.filter)
            .hint_text("Filter entities by name")
            .desired_width(f32::INFINITY),
    );
    kind_toggles(ui, state);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(counted(state.list.len(), "entity", "entities"))
                .small()
                .color(theme::weak_text(ui)),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.selectable_value(&mut state.by_name, true, "A–Z")
                .on_hover_text("Sort by name");
            ui.selectable_value(&mut state.by_name, false, "Most mentioned")
                .on_hover_text("Sort by number of mentions");
        });
    });
    ui.separator();
    let width = ui.available_width();
    let mut area = egui::ScrollArea::vertical()
        .id_salt("entity-index-rows")
        .auto_shrink(false);
    if let Some(row) = reveal {
        let height = ROW_HEIGHT + ui.spacing().item_spacing.y;
        area = area.vertical_scroll_offset((row as f32 - 3.0).max(0.0) * height);
    }
    area.show_rows(ui, ROW_HEIGHT, state.list.len(), |ui, range| {
        for &i in &state.list[range] {
            let Some(e) = index.entities().get(i) else {
                continue;
            };
            let selected = state.selected.as_ref() == Some(&e.id);
            if entity_row(ui, e, selected, width).clicked() {
                actions.push(Action::SelectEntity(Some(e.id.clone())));
            }
        }
    });
}

/// Draws a toggle for each kind of entity, filled while the kind is shown.
fn kind_toggles(ui: &mut Ui, state: &mut EntityIndexState) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        for kind in EntityKind::ALL {
            let on = !state.hidden_kinds.contains(&kind);
            let bg = if on {
                theme::entity_colour(kind, dark)
            } else {
                egui::Color32::TRANSPARENT
            };
            let text = RichText::new(kind.display_name()).small().color(if on {
                theme::text_on(bg)
            } else {
                theme::weak_text(ui)
            });
            let button = egui::Button::new(text)
                .fill(bg)
                .stroke(egui::Stroke::new(1.0, theme::entity_colour(kind, dark)));
            if ui
                .add(button)
                .on_hover_text(format!("Show or hide {} entities", kind.display_name()))
                .clicked()
            {
                if on {
                    state.hidden_kinds.insert(kind);
                } else {
                    state.hidden_kinds.remove(&kind);
                }
            }
        }
    });
}

/// Draws one entity's row (its kind's swatch, its name cut to fit, its mentions and
/// documents), highlighted when selected or hovered, as an accessible list option.
fn entity_row(
    ui: &mut Ui,
    e: &crate::entities::EntitySummary,
    selected: bool,
    width: f32,
) -> egui::Response {
    let dark = ui.visuals().dark_mode;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, ROW_HEIGHT), Sense::click());
    let label = format!(
        "{} ({}), {} in {}",
        e.id.key,
        e.id.kind.display_name(),
        counted(e.mentions, "mention", "mentions"),
        counted(e.documents, "document", "documents")
    );
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListBoxOption, true, selected, &label)
    });
    let painter = ui.painter_at(rect);
    if selected {
        painter.rect_filled(
            rect,
            theme::RADIUS,
            theme::accent(dark).gamma_multiply(0.22),
        );
    } else if response.hovered() {
        painter.rect_filled(
            rect,
            theme::RADIUS,
            ui.visuals().widgets.hovered.weak_bg_fill,
        );
    }
    let swatch = egui::Rect::from_center_size(
        rect.left_center() + egui::vec2(10.0, 0.0),
        egui::vec2(10.0, 10.0),
    );
    painter.rect_filled(swatch, 2.0, theme::entity_colour(e.id.kind, dark));
    let mut job = LayoutJob::single_section(
        e.id.key.clone(),
        TextFormat {
            font_id: FontId::proportional(13.0),
            color: ui.visuals().text_color(),
            ..Default::default()
        },
    );
    job.wrap = TextWrapping::truncate_at_width(width - 110.0);
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    painter.galley(
        rect.left_top() + egui::vec2(22.0, 3.0),
        galley,
        ui.visuals().text_color(),
    );
    painter.text(
        rect.right_center() - egui::vec2(8.0, 0.0),
        egui::Align2::RIGHT_CENTER,
        format!(
            "{} · {}",
            e.mentions,
            crate::text::counted(e.documents, "doc", "docs")
        ),
        FontId::proportional(11.0),
        theme::weak_text(ui),
    );
    response
}

#[allow(
    clippy::too_many_arguments,
    reason = "the inputs of one pane come from different owners (panel state, index, counts, action queue)"
)]
fn details(
    ui: &mut Ui,
    state: &mut EntityIndexState,
    id: &EntityId,
    mentions: usize,
    documents: usize,
    index: &EntityIndex,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.add_space(theme::SPACE_M);
    ui.horizontal_wrapped(|ui| {
        let (swatch, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), Sense::hover());
        ui.painter()
            .rect_filled(swatch, 3.0, theme::entity_colour(id.kind, dark));
        ui.heading(RichText::new(&id.key).color(ui.visuals().strong_text_color()));
        ui.label(
            RichText::new(format!(
                "{} · {}",
                id.kind.display_name(),
                crate::text::mentions_in_documents(mentions, documents)
            ))
            .color(theme::weak_text(ui)),
        );
    });
    super::entity_place::show(ui, id, state.place.as_ref(), actions);
    corrections(ui, state, id, actions);
    if state.merge.is_some() {
        merge_chooser(ui, state, id, index, actions);
    }
    ui.separator();
    ui.columns(2, |columns| {
        let ui = &mut columns[0];
        ui.label(RichText::new(format!("Concordance ({})", state.concordance.len())).strong());
        let highlight = theme::entity_colour(id.kind, dark);
        super::widgets::concordance_list(ui, "concordance", &state.concordance, highlight, actions);
        appears_with(&mut columns[1], &state.together, actions);
    });
}

/// Draws the corrections of the entity: rename, change kind, merge into another (opens
/// the chooser), not an entity.
fn corrections(
    ui: &mut Ui,
    state: &mut EntityIndexState,
    id: &EntityId,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        let edit = ui.add(
            egui::TextEdit::singleline(&mut state.rename)
                .hint_text("Canonical name")
                .desired_width(180.0),
        );
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (ui.button("Rename").clicked() || enter)
            && state.rename.trim() != id.key
            && !state.rename.trim().is_empty()
        {
            actions.push(Action::CorrectEntity {
                id: id.clone(),
                correction: EntityCorrection::Rename(state.rename.trim().to_owned()),
            });
        }
        ui.menu_button("Change kind", |ui| {
            for kind in EntityKind::ALL {
                if ui
                    .add_enabled(kind != id.kind, egui::Button::new(kind.display_name()))
                    .clicked()
                {
                    actions.push(Action::CorrectEntity {
                        id: id.clone(),
                        correction: EntityCorrection::ChangeKind(kind),
                    });
                    ui.close();
                }
            }
        });
        if ui
            .button("Merge into…")
            .on_hover_text("This entity is the same as another one (of any kind)")
            .clicked()
        {
            state.merge = Some(MergeChooser::default());
        }
        let never = egui::Button::new(RichText::new("Not an entity").color(theme::error(dark)));
        if ui
            .add(never)
            .on_hover_text(super::widgets::undo_hint(
                ui.ctx(),
                "Never tag these words as an entity",
            ))
            .clicked()
        {
            actions.push(Action::CorrectEntity {
                id: id.clone(),
                correction: EntityCorrection::NotAnEntity,
            });
        }
    });
    ui.label(
        RichText::new(reach_text(&state.reach, id.kind))
            .small()
            .color(theme::weak_text(ui)),
    );
}

/// "A correction changes 3 mentions in 2 documents: “ISIL” as a Place; longer names…".
fn reach_text(reach: &Reach, kind: EntityKind) -> String {
    let names = reach
        .forms
        .iter()
        .map(|f| format!("“{f}”"))
        .collect::<Vec<_>>()
        .join(", ");
    let them = if reach.forms.len() == 1 { "it" } else { "them" };
    let untagged = match reach.untagged {
        0 => String::new(),
        n => format!(
            " A rename also tags {} of {them} that {} not yet a mention, in those documents.",
            counted(n, "occurrence", "occurrences"),
            if n == 1 { "is" } else { "are" },
        ),
    };
    // A place linked to one entry: only the mentions linked to it.
    let linked = reach
        .entry
        .and_then(crate::entities::place_label)
        .map(|label| format!(" linked to {label}"))
        .unwrap_or_default();
    format!(
        "A correction changes {}: {names} as {}{linked}.{untagged} Longer names that contain {them} are left as they are.",
        crate::text::mentions_in_documents(reach.mentions, reach.documents),
        kind.display_name(),
    )
}

/// Draws the entities that share a paragraph with this one, most shared first; a click
/// on one selects it.
fn appears_with(ui: &mut Ui, together: &[(EntityId, usize)], actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    ui.label(RichText::new("Appears with (same paragraph)").strong());
    if together.is_empty() {
        ui.label(
            RichText::new("No other entity shares a paragraph with it.")
                .color(theme::weak_text(ui)),
        );
    }
    for (other, count) in together.iter().take(COOCCURRENCES_SHOWN) {
        ui.horizontal(|ui| {
            ui.add_sized(
                egui::vec2(28.0, 18.0),
                egui::Label::new(
                    RichText::new(count.to_string())
                        .small()
                        .color(theme::weak_text(ui)),
                ),
            )
            .on_hover_text(crate::text::counted(
                *count,
                "paragraph mentions both",
                "paragraphs mention both",
            ));
            let (swatch, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
            ui.painter()
                .rect_filled(swatch, 2.0, theme::entity_colour(other.kind, dark));
            let name = ui.add(
                egui::Label::new(&other.key)
                    .sense(Sense::click())
                    .truncate(),
            );
            if name.on_hover_text("Show this entity").clicked() {
                actions.push(Action::SelectEntity(Some(other.clone())));
            }
        });
    }
}

/// The "Merge into…" dialog: type to find the target among every entity, Up/Down and Enter
/// or a click to merge, Escape to close. The list scrolls (all entities can be targets)
/// and the text field keeps the keyboard.
fn merge_chooser(
    ui: &mut Ui,
    state: &mut EntityIndexState,
    id: &EntityId,
    index: &EntityIndex,
    actions: &mut Vec<Action>,
) {
    // The index generation the details were computed for (a new index gives a new list).
    let generation = state.key.as_ref().map_or(0, |k| k.generation);
    let reach = crate::text::mentions_in_documents(state.reach.mentions, state.reach.documents);
    let Some(chooser) = &mut state.merge else {
        return;
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("merge-chooser")).show(ui.ctx(), |ui| {
        ui.set_width(420.0);
        ui.heading(format!("Merge “{}” into…", id.key));
        ui.label(
            RichText::new(super::widgets::undo_hint(
                ui.ctx(),
                &format!(
                    "Its mentions ({reach}) become mentions of the entity you choose ({} now)",
                    id.kind.display_name()
                ),
            ))
            .small()
            .color(theme::weak_text(ui)),
        );
        let field = ui.add(
            egui::TextEdit::singleline(&mut chooser.query)
                .hint_text("Find the entity to merge into")
                .desired_width(f32::INFINITY),
        );
        super::widgets::focus_once(ui, &field, egui::Id::unique(MERGE_FOCUS));
        chooser.refresh(generation, index, id);
        let (up, down, enter, escape) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::Enter),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let n = chooser.list.len();
        if n > 0 && (up || down) {
            chooser.highlighted = if down {
                (chooser.highlighted + 1).min(n - 1)
            } else {
                chooser.highlighted.saturating_sub(1)
            };
            chooser.scroll_to_highlight = true;
            // Arrows belong to the list here, not to the text field's cursor.
            field.request_focus();
        }
        ui.label(
            RichText::new(counted(n, "entity", "entities"))
                .small()
                .color(theme::weak_text(ui)),
        );
        let mut chosen: Option<usize> = (enter && n > 0).then_some(chooser.highlighted);
        if let Some(row) = merge_targets(ui, chooser, index) {
            chosen = Some(row);
        }
        if let Some(target) = chosen
            .and_then(|row| chooser.list.get(row))
            .and_then(|&i| index.entities().get(i))
        {
            actions.push(Action::CorrectEntity {
                id: id.clone(),
                correction: EntityCorrection::MergeInto(target.id.clone()),
            });
            close = true;
        }
        ui.add_space(theme::SPACE_S);
        if ui.button("Cancel").clicked() || escape {
            close = true;
        }
    });
    if close || modal.should_close() {
        state.merge = None;
    }
}

impl MergeChooser {
    /// Finds the candidates again when the query or the index changed (every entity but
    /// `id` whose name holds the query), highlighting the first.
    fn refresh(&mut self, generation: u64, index: &EntityIndex, id: &EntityId) {
        let key = TargetsKey {
            generation,
            query: self.query.clone(),
        };
        if self.list_key.as_ref() != Some(&key) {
            let needle = crate::entities::fold::fold(self.query.trim());
            self.list = index
                .matching(&needle)
                .filter(|(_, e)| &e.id != id)
                .map(|(i, _)| i)
                .collect();
            self.list_key = Some(key);
            self.highlighted = 0;
        }
    }
}

/// Draws the chooser's scrolling list of candidates (kept on the highlighted row when
/// the arrows move it); returns the row clicked.
fn merge_targets(ui: &mut Ui, chooser: &mut MergeChooser, index: &EntityIndex) -> Option<usize> {
    let n = chooser.list.len();
    let mut chosen = None;
    let dark = ui.visuals().dark_mode;
    let mut area = egui::ScrollArea::vertical()
        .id_salt("merge-targets")
        .max_height(320.0)
        .auto_shrink([false, true]);
    if std::mem::take(&mut chooser.scroll_to_highlight) {
        let row = ROW_HEIGHT + ui.spacing().item_spacing.y;
        area = area.vertical_scroll_offset((chooser.highlighted as f32 - 5.0).max(0.0) * row);
    }
    area.show_rows(ui, ROW_HEIGHT, n, |ui, range| {
        for row in range {
            let Some(e) = chooser.list.get(row).and_then(|&i| index.entities().get(i)) else {
                continue;
            };
            let label = format!(
                "{} ({}, {})",
                e.id.key,
                e.id.kind.display_name(),
                counted(e.mentions, "mention", "mentions")
            );
            let highlighted = row == chooser.highlighted;
            let response = ui
                .horizontal(|ui| {
                    let (swatch, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
                    ui.painter()
                        .rect_filled(swatch, 2.0, theme::entity_colour(e.id.kind, dark));
                    ui.add(egui::Button::selectable(highlighted, &label).truncate())
                })
                .inner;
            if response.clicked() {
                chosen = Some(row);
            }
        }
    });
    chosen
}

//! Merging a colleague's copy, as the window shows it: the summary before the merge is
//! applied, and the "Merge conflicts" list, where each item changed differently in the two
//! copies shows both versions side by side and is settled with one undoable command. What
//! is shown is computed by `session::merge_copy`; this draws it and sends actions.

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use crate::app::actions::{Action, UiCommand};
use crate::app::theme;
use crate::session::Session;
use crate::session::merge_copy::{self, ConflictView, FieldView, PreparedMerge, Side};
use crate::text::counted;

/// A merge waiting for the researcher's answer to its summary.
pub struct PendingMerge {
    pub prepared: PreparedMerge,
    /// The history state of the project it was prepared from: applied only onto that.
    pub state: u64,
    /// The copy, to prepare again if the project changed meanwhile.
    pub path: PathBuf,
}

/// The merge being prepared or waiting, and the conflicts list.
#[derive(Default)]
pub struct MergeState {
    /// The copy being read and merged on a worker.
    pub preparing: Option<PathBuf>,
    pub pending: Option<PendingMerge>,
    /// The "Merge conflicts" list is shown.
    pub conflicts_open: bool,
    /// A conflict being settled by hand: its id and the text typed.
    pub editing: Option<Editing>,
    /// The list as last computed, and the history state it was computed at.
    views: Option<(u64, Vec<ConflictView>)>,
}

/// A conflict settled by hand ("Edit…"): the note (annotations) or name (tags) typed.
pub struct Editing {
    pub conflict: crate::project::ConflictId,
    pub text: String,
}

/// What the summary dialog says.
pub struct Summary<'a> {
    pub from: &'a str,
    pub headline: &'a str,
    pub remarks: &'a [String],
    pub conflicts: usize,
    pub nothing_new: bool,
}

/// The summary before a merge is applied: what it brings, then Apply or Cancel.
pub fn summary_dialog(
    ui: &mut Ui,
    summary: &Summary,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    ui.heading(format!("Merge “{}” into this project?", summary.from));
    ui.add_space(theme::SPACE_S);
    ui.label(RichText::new(summary.headline).strong().size(16.0));
    for remark in summary.remarks {
        ui.add(egui::Label::new(format!("• {remark}")).wrap());
    }
    if summary.conflicts > 0 {
        ui.add_space(theme::SPACE_S);
        ui.add(
            egui::Label::new(format!(
                "{} changed differently in the two copies: both versions are kept, \
                 nothing is lost. They are listed after the merge, to settle one by one.",
                counted(summary.conflicts, "item was", "items were")
            ))
            .wrap(),
        );
    }
    ui.label(
        RichText::new(super::widgets::undo_hint(ui.ctx(), "The merge is one step"))
            .small()
            .color(theme::weak_text(ui)),
    );
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        if summary.nothing_new {
            if ui.button("Close").clicked() || escape {
                actions.push(Action::CancelMerge);
                *open = false;
            }
            return;
        }
        if ui.button(RichText::new("Apply merge").strong()).clicked() {
            actions.push(Action::ApplyMerge);
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            actions.push(Action::CancelMerge);
            *open = false;
        }
    });
}

/// The "Merge conflicts" window, while it is open: every conflict the project records,
/// each with its two versions and the ways to settle it. It is not modal: a click on a
/// passage shows it in the reader beside the list.
pub fn conflicts_window(
    ctx: &egui::Context,
    state: &mut MergeState,
    session: &Session,
    actions: &mut Vec<Action>,
) {
    if !state.conflicts_open {
        return;
    }
    let history = session.workspace.history.state();
    if state.views.as_ref().is_none_or(|(at, _)| *at != history) {
        let views = merge_copy::conflict_views(&session.workspace.project);
        state.views = Some((history, views));
    }
    let mut open = true;
    let views = state.views.take();
    let count = views.as_ref().map_or(0, |(_, v)| v.len());
    egui::Window::new("Merge conflicts")
        .id(egui::Id::unique("merge-conflicts"))
        .open(&mut open)
        // Over the lower part of the reader: a passage shown from the list stays visible.
        .default_pos([300.0, 330.0])
        .default_size([640.0, 400.0])
        .collapsible(false)
        .show(ctx, |ui| {
            if count == 0 {
                ui.label("No merge conflict is left to settle.");
                return;
            }
            ui.label(format!(
                "{} changed differently in the two copies. Both versions are kept until you \
                 choose; each choice is one step you can undo.",
                counted(count, "item was", "items were")
            ));
            ui.separator();
            egui::ScrollArea::vertical().show(ui, |ui| {
                for view in views.iter().flat_map(|(_, v)| v) {
                    conflict(ui, view, &mut state.editing, actions);
                    ui.separator();
                }
            });
        });
    state.views = views;
    if !open {
        state.conflicts_open = false;
        state.editing = None;
    }
}

/// One conflict: what it is about, both versions field by field, and the choices.
fn conflict(
    ui: &mut Ui,
    view: &ConflictView,
    editing: &mut Option<Editing>,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(view.kind).small().color(theme::weak_text(ui)));
        ui.label(RichText::new(&view.heading).strong());
        if let Some(title) = &view.document_title {
            ui.label(RichText::new(format!("in {title}")).color(theme::weak_text(ui)));
        }
        if let Some(coder) = &view.coder {
            ui.label(RichText::new(format!("coded by {coder}")).color(theme::weak_text(ui)));
        }
    });
    ui.label(
        RichText::new(format!("Differs: {}", view.differs.join(", ")))
            .small()
            .color(theme::warning(dark)),
    );
    // Three columns of fixed width (field, ours, theirs), so that the two versions line
    // up field by field however long a note is.
    let side = ((ui.available_width() - NAME_WIDTH) / 2.0 - theme::SPACE_M).max(120.0);
    row(ui, side, |ui, column| match column {
        0 => {}
        1 => {
            ui.label(RichText::new("Ours").strong());
        }
        _ => {
            ui.label(RichText::new(format!("Theirs ({})", view.theirs_from)).strong());
        }
    });
    let rows = view.ours.fields.len().max(view.theirs.fields.len());
    for i in 0..rows {
        let name = view
            .ours
            .fields
            .get(i)
            .or(view.theirs.fields.get(i))
            .map_or("", |f| f.name);
        row(ui, side, |ui, column| match column {
            0 => {
                ui.label(RichText::new(name).color(theme::weak_text(ui)));
            }
            1 => side_field(ui, &view.ours, i, actions),
            _ => side_field(ui, &view.theirs, i, actions),
        });
    }
    let finished = match editing.as_mut().filter(|e| e.conflict == view.id) {
        Some(edit) => edit_row(ui, view, edit, actions),
        None => {
            choices(ui, view, editing, actions);
            false
        }
    };
    if finished {
        *editing = None;
    }
}

/// The width of the column of field names ("Coordinates" on one line).
const NAME_WIDTH: f32 = 90.0;

/// One row of the versions side by side: three top-aligned cells (the field's name, ours,
/// theirs), `cell` drawing each by its column.
fn row(ui: &mut Ui, side_width: f32, mut cell: impl FnMut(&mut Ui, usize)) {
    ui.horizontal_top(|ui| {
        for (column, width) in [NAME_WIDTH, side_width, side_width].into_iter().enumerate() {
            ui.allocate_ui_with_layout(
                egui::vec2(width, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(width);
                    cell(ui, column);
                },
            );
        }
    });
}

/// One side's field `i` (a deleted item says so once); differing values marked, a
/// passage a link to the reader.
fn side_field(ui: &mut Ui, side: &Side, i: usize, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    if side.deleted {
        if i == 0 {
            ui.label(
                RichText::new("Deleted in this copy")
                    .italics()
                    .color(theme::warning(dark)),
            );
        } else {
            ui.label("");
        }
        return;
    }
    let Some(field) = side.fields.get(i) else {
        ui.label("");
        return;
    };
    let text = marked(field, dark);
    match (&field.passage, field.differs || field.name == "Passage") {
        (Some((document, range)), true) => {
            let link = ui
                .add(egui::Label::new(text).sense(egui::Sense::click()).wrap())
                .on_hover_text("Show this passage in the reader");
            if link.clicked() {
                actions.push(Action::Ui(UiCommand::ShowReader));
                actions.push(Action::Reveal {
                    document: document.clone(),
                    range: range.clone(),
                });
            }
        }
        _ => {
            ui.add(egui::Label::new(text).wrap());
        }
    }
}

/// A field's value, marked when it differs between the versions.
fn marked(field: &FieldView, dark: bool) -> RichText {
    let value = if field.value.is_empty() {
        "—".to_owned()
    } else {
        field.value.clone()
    };
    if field.differs {
        RichText::new(format!("≠ {value}"))
            .color(theme::warning(dark))
            .strong()
    } else {
        RichText::new(value).color(Color32::PLACEHOLDER)
    }
}

/// Keep ours, Keep theirs, Keep both (annotations), Edit…: each one undoable command.
fn choices(
    ui: &mut Ui,
    view: &ConflictView,
    editing: &mut Option<Editing>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let settle = |choice| Action::edit(merge_copy::settle(view.id, choice));
        if ui
            .button("Keep ours")
            .on_hover_text("This project's version stays; theirs is dropped")
            .clicked()
        {
            actions.push(settle(merge_copy::Choice::Ours));
        }
        if ui
            .button("Keep theirs")
            .on_hover_text(format!(
                "The version from {} replaces ours",
                view.theirs_from
            ))
            .clicked()
        {
            actions.push(settle(merge_copy::Choice::Theirs));
        }
        if view.keep_both
            && ui
                .button("Keep both")
                .on_hover_text("Theirs becomes a second annotation beside ours")
                .clicked()
        {
            actions.push(settle(merge_copy::Choice::Both));
        }
        if let Some(text) = &view.editable
            && ui
                .button("Edit…")
                .on_hover_text(format!("Write the {} yourself", view.edit_what))
                .clicked()
        {
            *editing = Some(Editing {
                conflict: view.id,
                text: text.clone(),
            });
        }
    });
}

/// Settling by hand: the note (or tag name) to keep, then Save or Cancel; true once
/// either is clicked.
fn edit_row(
    ui: &mut Ui,
    view: &ConflictView,
    edit: &mut Editing,
    actions: &mut Vec<Action>,
) -> bool {
    let label = ui.label(format!("The {} to keep:", view.edit_what));
    ui.add(
        egui::TextEdit::multiline(&mut edit.text)
            .hint_text(format!("The {} as it should be", view.edit_what))
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
    let mut finished = false;
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").strong()).clicked() {
            if let Some(command) = merge_copy::settle_edited(view, &edit.text) {
                actions.push(Action::edit(command));
            }
            finished = true;
        }
        if ui.button("Cancel").clicked() {
            finished = true;
        }
    });
    finished
}

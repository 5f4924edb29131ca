//! The codebook: tags as a tree with colour swatches and usage counts. Create, rename,
//! recolour, describe, move (drag a tag onto another, or "Move to"), merge, delete. A click
//! filters the annotation list by the tag.

use std::collections::HashMap;

use egui::{Key, RichText, Sense, Ui, vec2};

use crate::app::actions::{Action, TagTarget};
use crate::app::theme;
use crate::project::{Command, Project, Rgb, TagId};

#[derive(Default)]
pub struct CodebookState {
    new_name: String,
    new_parent: Option<TagId>,
    renaming: Option<(TagId, String)>,
    describing: Option<(TagId, String)>,
    pub focus_new: bool,
}

pub fn show(
    ui: &mut Ui,
    state: &mut CodebookState,
    project: &Project,
    usage: &HashMap<TagId, usize>,
    filter: Option<TagId>,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let edit = egui::TextEdit::singleline(&mut state.new_name)
            .hint_text("New tag name")
            .desired_width(ui.available_width() - 60.0);
        let response = ui.add(edit);
        if state.focus_new {
            response.request_focus();
            state.focus_new = false;
        }
        let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let ok = !state.new_name.trim().is_empty();
        if (ui.add_enabled(ok, egui::Button::new("Add")).clicked() || enter) && ok {
            actions.push(Action::CreateTag {
                name: state.new_name.trim().to_owned(),
                parent: state.new_parent,
                apply_to: TagTarget::Nothing,
            });
            state.new_name.clear();
        }
    });
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new("inside").small().color(theme::weak_text(ui)));
        let parent_name = state
            .new_parent
            .map_or_else(|| "top level".to_owned(), |p| project.tag_path(p));
        egui::ComboBox::from_id_salt("new-tag-parent")
            .selected_text(parent_name)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.new_parent, None, "top level");
                for (depth, tag) in project.tag_tree() {
                    let label = format!("{}{}", "    ".repeat(depth), tag.name);
                    ui.selectable_value(&mut state.new_parent, Some(tag.id), label);
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(p) = state.new_parent
        && !project.tags.contains_key(&p)
    {
        state.new_parent = None;
    }
    ui.separator();
    if project.tags.is_empty() {
        ui.label(
            RichText::new(
                "No tags yet. A codebook groups passages by theme: add a tag above, or \
                 create one while annotating.",
            )
            .color(theme::weak_text(ui)),
        );
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("codebook")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for (depth, tag) in project.tag_tree() {
                tag_row(ui, state, project, tag.id, depth, usage, filter, actions);
            }
            // Dropping a tag here moves it to the top level.
            let (rect, response) =
                ui.allocate_exact_size(vec2(ui.available_width(), 28.0), Sense::hover());
            if let Some(payload) = response.dnd_release_payload::<TagId>() {
                actions.push(Action::edit(Command::ReparentTag {
                    id: *payload,
                    parent: None,
                }));
            }
            if response.dnd_hover_payload::<TagId>().is_some() {
                ui.painter().rect_stroke(
                    rect,
                    theme::RADIUS,
                    egui::Stroke::new(1.0, theme::accent(ui.visuals().dark_mode)),
                    egui::StrokeKind::Inside,
                );
                ui.painter().text(
                    rect.center(),
                    egui::Align2::CENTER_CENTER,
                    "Move to the top level",
                    egui::FontId::proportional(11.5),
                    theme::weak_text(ui),
                );
            }
        });
}

#[allow(
    clippy::too_many_arguments,
    reason = "one row of the tree draws from different owners (panel state, project, usage counts, filter, action queue)"
)]
fn tag_row(
    ui: &mut Ui,
    state: &mut CodebookState,
    project: &Project,
    id: TagId,
    depth: usize,
    usage: &HashMap<TagId, usize>,
    filter: Option<TagId>,
    actions: &mut Vec<Action>,
) {
    let Some(tag) = project.tags.get(&id) else {
        return;
    };
    let uses = usage.get(&id).copied().unwrap_or(0);
    if let Some((rid, buffer)) = &mut state.renaming
        && *rid == id
    {
        if rename_field(ui, tag, buffer, depth, actions) {
            state.renaming = None;
        }
        return;
    }
    let row = ui.horizontal(|ui| {
        ui.add_space(depth as f32 * 16.0);
        let (swatch, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
        ui.painter()
            .rect_filled(swatch, 3.0, theme::rgb(tag.colour));
        let name = if filter == Some(id) {
            RichText::new(&tag.name).strong().underline()
        } else {
            RichText::new(&tag.name)
        };
        let label = ui.add(egui::Label::new(name).sense(Sense::click()).truncate());
        let label = if tag.description.is_empty() {
            label
        } else {
            label.on_hover_text(&tag.description)
        };
        if label.clicked() {
            actions.push(Action::FilterByTag(Some(id)));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.menu_button("…", |ui| tag_menu(ui, state, project, id, uses, actions))
                .response
                .on_hover_text("Rename, recolour, move, merge or delete");
            ui.label(
                RichText::new(uses.to_string())
                    .small()
                    .color(theme::weak_text(ui)),
            );
        });
    });
    let response = row.response.interact(Sense::click_and_drag());
    let row_label = format!("Tag {} ({uses})", tag.name);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TreeItem, true, &row_label));
    response.context_menu(|ui| tag_menu(ui, state, project, id, uses, actions));
    drag_onto(ui, &response, id, actions);
    if let Some((did, buffer)) = &mut state.describing
        && *did == id
        && description_editor(ui, id, buffer, actions)
    {
        state.describing = None;
    }
}

/// The field that renames `tag` in place (Enter renames, undoably); true when it is done.
fn rename_field(
    ui: &mut Ui,
    tag: &crate::project::Tag,
    buffer: &mut String,
    depth: usize,
    actions: &mut Vec<Action>,
) -> bool {
    let mut done = false;
    ui.horizontal(|ui| {
        ui.add_space(depth as f32 * 16.0);
        let response = ui.add(
            egui::TextEdit::singleline(buffer)
                .hint_text("Tag name")
                .desired_width(160.0),
        );
        response.request_focus();
        if response.lost_focus() {
            if ui.input(|i| i.key_pressed(Key::Enter)) && buffer.trim() != tag.name {
                actions.push(Action::edit(Command::RenameTag {
                    id: tag.id,
                    name: buffer.trim().to_owned(),
                }));
            }
            done = true;
        }
    });
    done
}

/// Drag a tag's row onto another's to move it there (the target is outlined on the way).
fn drag_onto(ui: &Ui, response: &egui::Response, id: TagId, actions: &mut Vec<Action>) {
    if response.drag_started() {
        egui::DragAndDrop::set_payload(ui.ctx(), id);
    }
    if let Some(payload) = response.dnd_release_payload::<TagId>()
        && *payload != id
    {
        actions.push(Action::edit(Command::ReparentTag {
            id: *payload,
            parent: Some(id),
        }));
    }
    if response
        .dnd_hover_payload::<TagId>()
        .is_some_and(|p| *p != id)
    {
        ui.painter().rect_stroke(
            response.rect,
            theme::RADIUS,
            egui::Stroke::new(1.5, theme::accent(ui.visuals().dark_mode)),
            egui::StrokeKind::Inside,
        );
    }
}

/// The field that describes tag `id` (saved undoably); true when saved or cancelled.
fn description_editor(
    ui: &mut Ui,
    id: TagId,
    buffer: &mut String,
    actions: &mut Vec<Action>,
) -> bool {
    let field = ui.add(
        egui::TextEdit::multiline(buffer)
            .hint_text("What this tag means, when to use it")
            .desired_rows(2),
    );
    super::widgets::focus_once(ui, &field, egui::Id::unique(("describe-tag", id)));
    let mut done = false;
    ui.horizontal(|ui| {
        if ui.button("Save description").clicked() {
            actions.push(Action::edit(Command::DescribeTag {
                id,
                description: buffer.trim().to_owned(),
            }));
            done = true;
        } else if ui.button("Cancel").clicked() {
            done = true;
        }
    });
    done
}

fn tag_menu(
    ui: &mut Ui,
    state: &mut CodebookState,
    project: &Project,
    id: TagId,
    uses: usize,
    actions: &mut Vec<Action>,
) {
    let Some(tag) = project.tags.get(&id) else {
        return;
    };
    if ui.button("Rename…").clicked() {
        state.renaming = Some((id, tag.name.clone()));
        ui.close();
    }
    if ui.button("Describe…").clicked() {
        state.describing = Some((id, tag.description.clone()));
        ui.close();
    }
    ui.menu_button("Colour", |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.set_max_width(150.0);
            for (i, colour) in Rgb::PALETTE.iter().enumerate() {
                let swatch = egui::Button::new("")
                    .fill(theme::rgb(*colour))
                    .min_size(vec2(20.0, 20.0));
                let response = ui.add(swatch).on_hover_text(format!("Colour {}", i + 1));
                if response.clicked() {
                    actions.push(Action::edit(Command::RecolourTag {
                        id,
                        colour: *colour,
                    }));
                    ui.close();
                }
            }
        });
    });
    let forbidden = project.tag_and_descendants(id);
    ui.menu_button("Move to", |ui| {
        if ui
            .add_enabled(tag.parent.is_some(), egui::Button::new("Top level"))
            .clicked()
        {
            actions.push(Action::edit(Command::ReparentTag { id, parent: None }));
            ui.close();
        }
        for (depth, other) in project.tag_tree() {
            let allowed = !forbidden.contains(&other.id) && tag.parent != Some(other.id);
            let label = format!("{}{}", "    ".repeat(depth), other.name);
            if ui.add_enabled(allowed, egui::Button::new(label)).clicked() {
                actions.push(Action::edit(Command::ReparentTag {
                    id,
                    parent: Some(other.id),
                }));
                ui.close();
            }
        }
    });
    ui.menu_button("Merge into", |ui| {
        for (depth, other) in project.tag_tree() {
            if other.id == id {
                continue;
            }
            let label = format!("{}{}", "    ".repeat(depth), other.name);
            if ui
                .button(label)
                .on_hover_text(format!(
                    "Recode every “{}” passage as “{}” and remove “{}”",
                    tag.name, other.name, tag.name
                ))
                .clicked()
            {
                actions.push(Action::edit(Command::MergeTags {
                    from: id,
                    into: other.id,
                }));
                ui.close();
            }
        }
    });
    ui.separator();
    let delete =
        egui::Button::new(RichText::new("Delete…").color(theme::error(ui.visuals().dark_mode)));
    let hint = match uses {
        0 => "Delete this tag (no annotation uses it)".to_owned(),
        n => format!(
            "Delete this tag; {} it and keep their other tags (you are asked first)",
            crate::text::counted(n, "annotation uses", "annotations use")
        ),
    };
    if ui.add(delete).on_hover_text(hint).clicked() {
        actions.push(Action::ConfirmDeleteTag(id));
        ui.close();
    }
}

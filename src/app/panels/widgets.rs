//! Small widgets used by several panels: tag chips and the tag picker with autocomplete.

use egui::{Key, Response, RichText, Sense, Ui, vec2};

use crate::app::theme;
use crate::project::{Project, Tag, TagId};

/// A tag as a coloured chip; with `removable`, it shows a × and a click means "remove".
pub fn tag_chip(ui: &mut Ui, tag: &Tag, removable: bool) -> Response {
    let bg = theme::rgb(tag.colour);
    let fg = theme::text_on(bg);
    let text = if removable {
        format!("{}  ×", tag.name)
    } else {
        tag.name.clone()
    };
    let button = egui::Button::new(RichText::new(text).small().color(fg))
        .fill(bg)
        .corner_radius(10)
        .min_size(vec2(0.0, 18.0));
    let sense_label = if removable {
        format!("Remove tag {}", tag.name)
    } else {
        format!("Tag {}", tag.name)
    };
    let response = ui.add(button.sense(Sense::click()));
    let response = if tag.description.is_empty() {
        response
    } else {
        response.on_hover_text(&tag.description)
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &sense_label));
    response
}

/// What the tag picker gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Existing(TagId),
    /// A name no tag has yet: create it.
    New(String),
}

/// Suggestions shown under the field.
const MAX_SUGGESTIONS: usize = 8;

/// A text field that completes over the codebook: Enter takes the first suggestion (or
/// creates a tag with the typed name), a click takes any. Tags in `exclude` (already on the
/// annotation) are not suggested.
pub fn tag_picker(
    ui: &mut Ui,
    id_salt: &str,
    query: &mut String,
    project: &Project,
    exclude: &[TagId],
) -> Option<Picked> {
    let edit = egui::TextEdit::singleline(query)
        .id_salt(id_salt)
        .hint_text("Add tag…")
        .desired_width(f32::INFINITY);
    let response = ui.add(edit);
    let typed = query.trim().to_owned();
    if typed.is_empty() {
        return None;
    }
    let needle = typed.to_lowercase();
    let mut matches: Vec<(usize, &Tag)> = project
        .tags
        .values()
        .filter(|t| !exclude.contains(&t.id))
        .filter_map(|t| {
            let name = t.name.to_lowercase();
            name.find(&needle).map(|pos| (pos, t))
        })
        .collect();
    // Prefix matches first, then shorter names.
    matches.sort_by_key(|(pos, t)| (*pos, t.name.len(), t.name.to_lowercase()));
    matches.truncate(MAX_SUGGESTIONS);
    let exact = project.tag_by_name(&typed).map(|t| t.id);
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let mut picked = None;
    if enter {
        picked = Some(match (exact, matches.first()) {
            (Some(id), _) => Picked::Existing(id),
            (None, Some((_, t))) => Picked::Existing(t.id),
            (None, None) => Picked::New(typed.clone()),
        });
    }
    ui.horizontal_wrapped(|ui| {
        for (_, tag) in &matches {
            let label = format!("+ {}", project.tag_path(tag.id));
            let button =
                egui::Button::new(RichText::new(label).small().color(theme::rgb(tag.colour)));
            if ui.add(button).clicked() {
                picked = Some(Picked::Existing(tag.id));
            }
        }
        if exact.is_none() {
            let create = egui::Button::new(RichText::new(format!("Create tag “{typed}”")).small());
            if ui.add(create).clicked() {
                picked = Some(Picked::New(typed.clone()));
            }
        }
    });
    if let Some(Picked::Existing(id)) = &picked
        && exclude.contains(id)
    {
        picked = None;
    }
    if picked.is_some() {
        query.clear();
        response.request_focus();
    }
    picked
}

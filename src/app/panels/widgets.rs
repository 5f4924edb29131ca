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
pub use crate::session::TagPick as Picked;

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

/// The quote as coded and the document's current wording, one above the other, with the
/// words that differ marked: struck through in red on the coded side, underlined in green
/// on the current side. Each wording is shortened to about `max` chars.
pub fn wording_diff(ui: &mut Ui, coded: &str, current: &str, max: usize) {
    use crate::text::diff::{Change, word_diff};
    use egui::text::{LayoutJob, TextFormat};
    let dark = ui.visuals().dark_mode;
    let font = egui::FontId::new(13.0, egui::FontFamily::Name(theme::READING.into()));
    let base = TextFormat {
        font_id: font,
        color: ui.visuals().text_color(),
        italics: true,
        ..Default::default()
    };
    let removed = TextFormat {
        background: theme::error(dark).gamma_multiply(0.22),
        strikethrough: egui::Stroke::new(1.0, theme::error(dark)),
        ..base.clone()
    };
    let added = TextFormat {
        background: theme::added(dark).gamma_multiply(0.25),
        underline: egui::Stroke::new(1.5, theme::added(dark)),
        ..base.clone()
    };
    let parts = word_diff(
        &crate::text::shorten(coded, max),
        &crate::text::shorten(current, max),
    );
    for (title, keep, format) in [
        ("As coded", Change::Removed, &removed),
        ("Now", Change::Added, &added),
    ] {
        let mut job = LayoutJob::default();
        job.append(
            &format!("{title}: "),
            0.0,
            TextFormat {
                italics: false,
                color: theme::weak_text(ui),
                font_id: egui::FontId::proportional(11.5),
                ..base.clone()
            },
        );
        for (kind, text) in &parts {
            if *kind == Change::Same {
                job.append(text, 0.0, base.clone());
            } else if *kind == keep {
                job.append(text, 0.0, format.clone());
            }
        }
        job.wrap.max_width = ui.available_width();
        ui.add(egui::Label::new(job).wrap());
    }
}

/// Gives `response` (the text field of a popup or dialog) the keyboard on the frame the
/// popup opens, and leaves the focus alone while it stays open (a click elsewhere in it
/// is not undone). `key` names the field; the popup counts as newly opened when the field
/// was not drawn on the frame before.
pub fn focus_once(ui: &Ui, response: &Response, key: egui::Id) {
    let frame = ui.ctx().cumulative_frame_nr();
    let last = ui.data(|d| d.get_temp::<u64>(key));
    if last.is_none_or(|l| l + 1 < frame) {
        response.request_focus();
    }
    ui.data_mut(|d| d.insert_temp(key, frame));
}

/// "Delete this annotation (undo with Ctrl+Z)", the key as the platform writes it.
pub fn undo_hint(ctx: &egui::Context, what: &str) -> String {
    match crate::app::actions::UiCommand::Undo.shortcut_text(ctx) {
        Some(key) => format!("{what} (undo with {key})"),
        None => what.to_owned(),
    }
}

/// A concordance as keyword-in-context lines (virtualised: thousands of mentions scroll
/// smoothly), the mention on `highlight`; a click opens the reader at the mention.
pub fn concordance_list(
    ui: &mut Ui,
    id_salt: &str,
    lines: &[crate::search::ConcordanceLine],
    highlight: egui::Color32,
    actions: &mut Vec<crate::app::actions::Action>,
) {
    use egui::FontId;
    use egui::text::{LayoutJob, TextFormat, TextWrapping};
    const LINE_HEIGHT: f32 = 44.0;
    let width = ui.available_width();
    egui::ScrollArea::vertical()
        .id_salt(id_salt)
        .auto_shrink(false)
        .show_rows(ui, LINE_HEIGHT, lines.len(), |ui, range| {
            for line in &lines[range] {
                let (before, hit, after) = line.snippet.parts();
                // Keyword in context: keep only as much of the left context as fits the
                // left 40% of the line, so the mention sits near the middle.
                let fit = ((width * 0.4) / 6.5) as usize;
                let skip = before.chars().count().saturating_sub(fit);
                let before: String = before.chars().skip(skip).collect();
                let weak = theme::weak_text(ui);
                let base = TextFormat {
                    font_id: FontId::proportional(12.5),
                    color: ui.visuals().text_color(),
                    ..Default::default()
                };
                let mut title = LayoutJob::single_section(
                    line.title.clone(),
                    TextFormat {
                        font_id: FontId::proportional(11.0),
                        color: weak,
                        ..Default::default()
                    },
                );
                title.wrap = TextWrapping::truncate_at_width(width);
                let mut job = LayoutJob::default();
                job.append(&before, 0.0, base.clone());
                job.append(
                    hit,
                    0.0,
                    TextFormat {
                        color: ui.visuals().strong_text_color(),
                        background: highlight,
                        ..base.clone()
                    },
                );
                job.append(after, 0.0, base);
                job.wrap = TextWrapping::truncate_at_width(width);
                let response = ui
                    .vertical(|ui| {
                        ui.spacing_mut().item_spacing.y = 0.0;
                        ui.add(egui::Label::new(title).selectable(false));
                        ui.add(egui::Label::new(job).selectable(false));
                    })
                    .response
                    .interact(Sense::click());
                let label = format!("Mention in {}: {before}{hit}{after}", line.title);
                response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
                if response
                    .on_hover_text("Open the document at this mention")
                    .clicked()
                {
                    actions.push(crate::app::actions::Action::Reveal {
                        document: line.document.clone(),
                        range: line.range.clone(),
                    });
                    actions.push(crate::app::actions::Action::Ui(
                        crate::app::actions::UiCommand::ShowReader,
                    ));
                }
            }
        });
}

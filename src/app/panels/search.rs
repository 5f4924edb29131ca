//! The search tab of the left panel (Ctrl+Shift+F): query with regex, case and whole-word
//! toggles, an inline message for an invalid expression, results grouped by document as
//! keyword-in-context lines (virtualised), and "annotate these hits" with a tag and a note.

use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{FontId, Key, RichText, Sense, Ui, vec2};

use super::widgets::{Picked, tag_picker};
use crate::app::actions::Action;
use crate::app::search_view::{MAX_LISTED_HITS, SearchView};
use crate::app::theme;
use crate::project::Project;
use crate::search::{CodedSpans, SearchResults};
use crate::text::counted;

const ROW_HEIGHT: f32 = 22.0;

#[derive(Clone, Copy)]
enum Row {
    Document(usize),
    Hit(usize, usize),
}

pub fn show(
    ui: &mut Ui,
    view: &mut SearchView,
    project: &Project,
    state: u64,
    actions: &mut Vec<Action>,
) {
    // Long snippets are cut to the panel, never widen it.
    ui.set_max_width(ui.available_width());
    ui.add_space(theme::SPACE_M);
    let edit = egui::TextEdit::singleline(&mut view.query.pattern)
        .hint_text("Search all documents")
        .desired_width(f32::INFINITY);
    let response = ui.add(edit);
    if view.focus {
        response.request_focus();
        view.focus = false;
    }
    if response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
        view.run_requested = true;
    }
    ui.horizontal(|ui| {
        let toggles = [
            ui.toggle_value(&mut view.query.regex, RichText::new(".*").monospace())
                .on_hover_text("Regular expression (press Enter to search)"),
            ui.toggle_value(&mut view.query.ignore_case, "Aa")
                .on_hover_text("Ignore case"),
            ui.toggle_value(&mut view.query.whole_word, RichText::new("ab|").monospace())
                .on_hover_text("Whole words only"),
        ];
        // A toggle is a deliberate choice, like Enter: the query runs again at once, a
        // regular expression too (else the results of the other mode stay on screen).
        if toggles.iter().any(egui::Response::changed) {
            view.run_requested = true;
        }
        if view.searching() {
            ui.spinner();
        }
    });
    let dark = ui.visuals().dark_mode;
    if let Some(err) = &view.error {
        ui.label(RichText::new(format!("Invalid expression: {err}")).color(theme::error(dark)));
    }
    // A regular expression typed since the last search waits for Enter: the results shown
    // are of the query before.
    let waiting = view.query.regex
        && !view.query.pattern.is_empty()
        && view.error.is_none()
        && view.searched() != Some(&view.query);
    if waiting {
        ui.label(RichText::new("Press Enter to search.").color(theme::weak_text(ui)));
    }
    let Some(results) = view.results.clone() else {
        return;
    };
    let summary = summary(results.total_hits, results.documents.len());
    ui.label(RichText::new(summary).strong());
    if results.truncated {
        ui.label(
            RichText::new(format!(
                "Showing the first {MAX_LISTED_HITS}; refine the search to see the rest."
            ))
            .small()
            .color(theme::warning(dark)),
        );
    }
    if results.total_hits > 0 {
        annotate_all(ui, view, project, state, actions);
    }
    let coded = view.coded(project, state);
    ui.separator();
    let rows: Vec<Row> = results
        .documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            std::iter::once(Row::Document(d))
                .chain((0..doc.hits.len()).map(move |h| Row::Hit(d, h)))
        })
        .collect();
    egui::ScrollArea::vertical()
        .id_salt("search-results")
        .auto_shrink(false)
        .show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
            for row in &rows[range] {
                match *row {
                    Row::Document(d) => document_row(ui, &results, d),
                    Row::Hit(d, h) => hit_row(ui, view, &results, &coded, d, h, actions),
                }
            }
        });
}

/// "No matches", "1 match", "3 matches in 1 document".
fn summary(hits: usize, documents: usize) -> String {
    match hits {
        0 => "No matches".to_owned(),
        1 => "1 match".to_owned(),
        n => format!(
            "{} in {}",
            counted(n, "match", "matches"),
            counted(documents, "document", "documents")
        ),
    }
}

fn document_row(ui: &mut Ui, results: &SearchResults, d: usize) {
    let Some(doc) = results.documents.get(d) else {
        return;
    };
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        let count = doc.count();
        let title = format!("{}  ({count})", doc.document.title);
        ui.add(egui::Label::new(RichText::new(title).strong()).truncate())
            .on_hover_text(&doc.document.path);
    });
}

fn hit_row(
    ui: &mut Ui,
    view: &mut SearchView,
    results: &SearchResults,
    coded: &CodedSpans,
    d: usize,
    h: usize,
    actions: &mut Vec<Action>,
) {
    let Some((doc, hit)) = results
        .documents
        .get(d)
        .and_then(|doc| Some((doc, doc.hits.get(h)?)))
    else {
        return;
    };
    ui.horizontal(|ui| {
        ui.set_height(ROW_HEIGHT);
        let mut checked = view.checked.contains(&(d, h));
        let label = format!("Choose match {} in {}", h + 1, doc.document.title);
        let check = ui.checkbox(&mut checked, "");
        check.widget_info(|| {
            egui::WidgetInfo::selected(egui::Role::CheckBox, true, checked, &label)
        });
        if check.changed() {
            if checked {
                view.checked.insert((d, h));
            } else {
                view.checked.remove(&(d, h));
            }
        }
        // A match already inside an annotated passage is marked (a bar in the margin).
        if coded.covers(&doc.document.path, &hit.range()) {
            let (bar, response) = ui.allocate_exact_size(vec2(3.0, 16.0), Sense::hover());
            ui.painter()
                .rect_filled(bar, 1.5, theme::accent(ui.visuals().dark_mode));
            response.on_hover_text("Already annotated").widget_info(|| {
                egui::WidgetInfo::labeled(egui::Role::Label, true, "Already annotated")
            });
        }
        let (before, matched, after) = hit.snippet.parts();
        let visuals = ui.visuals();
        let base = TextFormat {
            font_id: FontId::proportional(12.5),
            color: visuals.text_color(),
            ..TextFormat::default()
        };
        let mut job = LayoutJob::default();
        job.append(
            before,
            0.0,
            TextFormat {
                color: theme::weak_text(ui),
                ..base.clone()
            },
        );
        job.append(
            matched,
            0.0,
            TextFormat {
                color: visuals.strong_text_color(),
                background: theme::accent(visuals.dark_mode).gamma_multiply(0.35),
                ..base.clone()
            },
        );
        job.append(
            after,
            0.0,
            TextFormat {
                color: theme::weak_text(ui),
                ..base
            },
        );
        job.wrap = TextWrapping::truncate_at_width(ui.available_width());
        let response = ui.add(egui::Label::new(job).sense(Sense::click()));
        let text = format!("Match: {before}{matched}{after}");
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &text));
        if response
            .on_hover_text(format!(
                "Line {}: open the document at this match",
                hit.line
            ))
            .clicked()
        {
            actions.push(Action::Reveal {
                document: doc.document.path.clone(),
                range: hit.range(),
            });
        }
    });
}

fn annotate_all(
    ui: &mut Ui,
    view: &mut SearchView,
    project: &Project,
    state: u64,
    actions: &mut Vec<Action>,
) {
    let count = if view.checked.is_empty() {
        view.results.as_ref().map_or(0, |r| r.total_hits)
    } else {
        view.checked.len()
    };
    // Matches inside a passage already coded with the chosen tag are skipped: say how many
    // before the click.
    let already = match &view.tag {
        Some(Picked::Existing(tag)) => view.already_coded(project, state, *tag),
        _ => 0,
    };
    egui::CollapsingHeader::new(format!("Annotate {}…", counted(count, "match", "matches")))
        .id_salt("annotate-matches")
        .show(ui, |ui| {
            ui.label(
                RichText::new(super::widgets::undo_hint(ui.ctx(), "With a tag (and a note) for every match, or only the checked ones, in one step"))
                    .small()
                    .color(theme::weak_text(ui)),
            );
            ui.add(egui::TextEdit::multiline(&mut view.note).hint_text("Note for every annotation (optional)").desired_rows(2).desired_width(f32::INFINITY));
            if let Some(picked) = tag_picker(ui, "annotate-matches-tag", &mut view.tag_query, project, &[]) {
                view.tag = Some(picked);
            }
            let tag_name = match &view.tag {
                Some(Picked::Existing(id)) => project.tags.get(id).map(|t| t.name.clone()),
                Some(Picked::New(name)) => Some(format!("{name} (new)")),
                None => None,
            };
            match &tag_name {
                Some(name) => ui.label(format!("Tag: {name}")),
                None => ui.label(RichText::new("Choose or create a tag above.").small().color(theme::weak_text(ui))),
            };
            if already > 0 {
                ui.label(
                    RichText::new(format!(
                        "{} already coded with this tag: {} skipped.",
                        counted(already, "match is", "matches are"),
                        if already == 1 { "it is" } else { "they are" }
                    ))
                    .small()
                    .color(theme::weak_text(ui)),
                );
            }
            let button = egui::Button::new(format!("Annotate {}", counted(count - already.min(count), "match", "matches"))).min_size(vec2(0.0, 24.0));
            if ui.add_enabled(tag_name.is_some() && count > 0, button).clicked()
                && let Some(tag) = view.tag.take()
            {
                actions.push(Action::AnnotateHits {
                    hits: view.chosen_hits(),
                    tag,
                    note: view.note.trim().to_owned(),
                });
                view.note.clear();
                view.checked.clear();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_matches_and_documents_in_the_right_number() {
        assert_eq!(summary(0, 0), "No matches");
        assert_eq!(summary(1, 1), "1 match");
        assert_eq!(summary(2, 1), "2 matches in 1 document");
        assert_eq!(summary(5, 3), "5 matches in 3 documents");
    }
}

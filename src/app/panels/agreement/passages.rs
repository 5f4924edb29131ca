//! The passages where the coders differ on the chosen tag: one card per passage, a
//! column per coder with the passage's text and what that coder coded in it highlighted;
//! a click opens the reader with the passage selected.

use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, FontFamily, FontId, RichText, Sense, TextFormat, Ui};

use super::{AgreementInput, AgreementState, Measured};
use crate::analysis::agreement::Disagreement;
use crate::app::actions::{Action, UiCommand};
use crate::app::computed::Same;
use crate::app::theme;
use crate::project::TagId;
use crate::text::counted;

/// Passages drawn at first, and added by each "Show more".
const PAGE: usize = 100;
/// At most this many chars of a passage are shown in a card.
const SHOWN_CHARS: usize = 600;

#[derive(Default)]
pub struct PassagesState {
    /// What the list was found for: the figures and the tag.
    of: Option<(Same<Measured>, TagId)>,
    list: Vec<Disagreement>,
    documents: usize,
    shown: usize,
}

pub fn show(
    ui: &mut Ui,
    state: &mut AgreementState,
    measured: &Arc<Measured>,
    input: &AgreementInput<'_>,
    actions: &mut Vec<Action>,
) {
    let row = state
        .selected
        .and_then(|t| measured.agreement.tags.iter().find(|r| r.tag == t));
    let Some(row) = row else {
        ui.add_space(theme::SPACE_M);
        ui.label(
            RichText::new("Choose a tag above to read the passages where the coders differ.")
                .color(theme::weak_text(ui)),
        );
        return;
    };
    refresh(&mut state.passages, measured, row.tag);
    let list = &mut state.passages;
    ui.add_space(theme::SPACE_S);
    let coders = &measured.agreement.coders;
    let heading = if row.characters == 0 {
        format!("No coder used “{}” in these documents.", row.name)
    } else if list.list.is_empty() {
        format!("The coders never differ on “{}”.", row.name)
    } else {
        format!(
            "{} where the coders differ on “{}”, in {}",
            counted(list.list.len(), "passage", "passages"),
            row.name,
            counted(list.documents, "document", "documents")
        )
    };
    ui.label(RichText::new(heading).strong());
    let colour = input
        .project
        .tags
        .get(&row.tag)
        .map_or(theme::accent(ui.visuals().dark_mode), |t| {
            theme::rgb(t.colour)
        });
    egui::ScrollArea::vertical()
        .id_salt("agreement-passages")
        .auto_shrink(false)
        .show(ui, |ui| {
            for d in list.list.iter().take(list.shown) {
                card(ui, d, coders, colour, input, actions);
            }
            let hidden = list.list.len().saturating_sub(list.shown);
            if hidden > 0
                && ui
                    .button(format!("Show more ({hidden} not shown)"))
                    .clicked()
            {
                list.shown += PAGE;
            }
        });
}

/// Finds the disagreements again for other figures or another tag.
fn refresh(state: &mut PassagesState, measured: &Arc<Measured>, tag: TagId) {
    let of = (Same(Some(measured.clone())), tag);
    if state.of.as_ref() == Some(&of) {
        return;
    }
    state.list = measured.units.disagreements(tag);
    let documents: std::collections::BTreeSet<&str> =
        state.list.iter().map(|d| d.document.as_str()).collect();
    state.documents = documents.len();
    if state.of.as_ref().is_none_or(|(_, t)| *t != tag) {
        state.shown = PAGE;
    }
    state.of = Some(of);
}

/// One passage: its document, then a column per coder.
fn card(
    ui: &mut Ui,
    d: &Disagreement,
    coders: &[String],
    colour: Color32,
    input: &AgreementInput<'_>,
    actions: &mut Vec<Action>,
) {
    let doc = input.corpus.get(&d.document);
    let title = input
        .project
        .document_title(&d.document, doc.map(|doc| doc.title.as_str()))
        .unwrap_or(&d.document)
        .to_owned();
    let text = doc
        .and_then(|doc| doc.text.slice(d.range.clone()))
        .unwrap_or("");
    let frame = egui::Frame::group(ui.style()).corner_radius(theme::RADIUS);
    let response = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(&title).strong());
                ui.label(
                    RichText::new(format!("characters {}–{}", d.range.start, d.range.end))
                        .small()
                        .color(theme::weak_text(ui)),
                );
            });
            ui.columns(coders.len().max(1), |columns| {
                for ((column, coder), coded) in columns.iter_mut().zip(coders).zip(&d.coded) {
                    // Not justified (a column's layout is): the text keeps its spacing.
                    column.vertical(|ui| {
                        ui.label(RichText::new(coder).strong());
                        if coded.is_empty() {
                            ui.label(
                                RichText::new("not coded")
                                    .italics()
                                    .color(theme::weak_text(ui)),
                            );
                        }
                        let job = highlighted(ui, text, d.range.start, coded, colour);
                        ui.add(egui::Label::new(job).wrap());
                    });
                }
            });
        })
        .response
        .interact(Sense::click());
    let label = format!(
        "Disagreement in {title}: {}",
        crate::text::shorten(text, 60)
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
    if response.on_hover_text("Open in the reader").clicked() {
        actions.push(Action::Reveal {
            document: d.document.clone(),
            range: d.range.clone(),
        });
        actions.push(Action::Ui(UiCommand::ShowReader));
    }
    ui.add_space(theme::SPACE_S);
}

/// The passage's text (`start` is its first char in the document) with the ranges one
/// coder coded highlighted, cut after [`SHOWN_CHARS`].
fn highlighted(
    ui: &Ui,
    text: &str,
    start: usize,
    coded: &[std::ops::Range<usize>],
    colour: Color32,
) -> LayoutJob {
    let font = FontId::new(14.0, FontFamily::Name(theme::READING.into()));
    let plain = TextFormat {
        font_id: font.clone(),
        color: theme::weak_text(ui),
        ..Default::default()
    };
    let marked = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: colour.gamma_multiply(0.35),
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    let chars: Vec<char> = text.chars().take(SHOWN_CHARS).collect();
    let mut at = 0;
    let piece = |job: &mut LayoutJob, from: usize, to: usize, format: &TextFormat| {
        let (from, to) = (from.min(chars.len()), to.min(chars.len()));
        if from < to {
            let s: String = chars[from..to].iter().collect();
            job.append(&s, 0.0, format.clone());
        }
    };
    for range in coded {
        let (from, to) = (
            range.start.saturating_sub(start),
            range.end.saturating_sub(start),
        );
        piece(&mut job, at, from, &plain);
        piece(&mut job, from, to, &marked);
        at = to;
    }
    piece(&mut job, at, chars.len(), &plain);
    if text.chars().count() > SHOWN_CHARS {
        job.append("…", 0.0, plain);
    }
    job
}

//! Coded passages (retrieval by tag): choose tags, any or all of them, with or without
//! their sub-tags, and read every passage coded so across the corpus, with its context,
//! document, note and tags; a click opens it in the reader.

use std::collections::BTreeSet;

use egui::{FontFamily, FontId, RichText, Sense, Ui};

use super::widgets::tag_chip;
use crate::app::actions::Action;
use crate::app::reader::RegionThumbs;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::project::{Project, TagId};
use crate::search::{CodedSegment, CoderFilter, TagFilter, TagMode, coded_segments};
use crate::text::counted;

/// Chars of context shown on each side of a coded passage.
const CONTEXT: usize = 120;

#[derive(Default)]
pub struct CodedState {
    pub tags: BTreeSet<TagId>,
    pub all: bool,
    pub include_subtags: bool,
    /// Whose passages.
    pub coder: CoderFilter,
    /// What the segments were computed for.
    key: Option<SegmentsKey>,
    segments: Vec<CodedSegment>,
    /// How many documents the segments come from.
    documents: usize,
    /// How many passages are drawn: each is a laid-out card, so thousands are drawn a page
    /// at a time rather than all every frame.
    shown: usize,
}

/// Passages drawn at first, and added by each "Show more".
const PAGE: usize = 200;

/// What the coded segments depend on: the project's history state and the choice of tags.
#[derive(Clone, Debug, PartialEq, Eq)]
struct SegmentsKey {
    project_state: u64,
    choice: TagChoice,
}

/// The tags chosen and how they combine.
#[derive(Clone, Debug, PartialEq, Eq)]
struct TagChoice {
    tags: Vec<TagId>,
    all: bool,
    include_subtags: bool,
    coder: CoderFilter,
}

pub fn show(
    ui: &mut Ui,
    state: &mut CodedState,
    thumbs: &mut RegionThumbs,
    project: &Project,
    corpus: &Corpus,
    project_state: u64,
    actions: &mut Vec<Action>,
) {
    refresh_segments(state, project, corpus, project_state);
    egui::Panel::left("coded-tags")
        .resizable(true)
        .default_size(230.0)
        .show(ui, |ui| tag_choice(ui, state, project));
    egui::CentralPanel::default().show(ui, |ui| {
        passages(ui, state, thumbs, (project, corpus), actions);
    });
}

/// Finds the coded segments again when the project or the choice of tags changed.
fn refresh_segments(
    state: &mut CodedState,
    project: &Project,
    corpus: &Corpus,
    project_state: u64,
) {
    let key = SegmentsKey {
        project_state,
        choice: TagChoice {
            tags: state.tags.iter().copied().collect(),
            all: state.all,
            include_subtags: state.include_subtags,
            coder: state.coder.clone(),
        },
    };
    if state.key.as_ref() == Some(&key) {
        return;
    }
    let filter = TagFilter {
        tags: key.choice.tags.clone(),
        mode: if key.choice.all {
            TagMode::All
        } else {
            TagMode::Any
        },
        include_subtags: key.choice.include_subtags,
        coder: key.choice.coder.clone(),
    };
    state.segments = coded_segments(project, corpus, &filter, CONTEXT);
    let documents: BTreeSet<&str> = state.segments.iter().map(|s| s.document.as_str()).collect();
    state.documents = documents.len();
    if state.key.as_ref().is_none_or(|k| k.choice != key.choice) {
        // Another choice of tags starts at the top; an edit keeps what was shown.
        state.shown = PAGE;
    }
    state.key = Some(key);
}

/// The codebook with a checkbox per tag, and how the chosen tags combine.
fn tag_choice(ui: &mut Ui, state: &mut CodedState, project: &Project) {
    ui.add_space(theme::SPACE_M);
    ui.label(RichText::new("Passages coded with").strong());
    ui.horizontal(|ui| {
        ui.radio_value(&mut state.all, false, "any")
            .on_hover_text("Passages with at least one of the tags");
        ui.radio_value(&mut state.all, true, "all")
            .on_hover_text("Passages with every one of the tags");
        ui.label("of these tags");
    });
    ui.checkbox(&mut state.include_subtags, "A tag includes its sub-tags");
    let choices = CoderFilter::choices(project);
    if choices.len() > 1 {
        ui.horizontal(|ui| {
            ui.label("Coded by");
            coder_choice(ui, "coded-coder", &mut state.coder, &choices);
        });
    } else {
        state.coder = CoderFilter::Everyone;
    }
    ui.separator();
    if project.tags.is_empty() {
        ui.label(RichText::new("The codebook is empty.").color(theme::weak_text(ui)));
    }
    egui::ScrollArea::vertical()
        .id_salt("coded-tag-list")
        .show(ui, |ui| {
            for (depth, tag) in project.tag_tree() {
                ui.horizontal(|ui| {
                    ui.add_space(depth as f32 * 14.0);
                    let mut on = state.tags.contains(&tag.id);
                    let (swatch, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), Sense::hover());
                    ui.painter()
                        .rect_filled(swatch, 2.0, theme::rgb(tag.colour));
                    if ui.checkbox(&mut on, &tag.name).changed() {
                        if on {
                            state.tags.insert(tag.id);
                        } else {
                            state.tags.remove(&tag.id);
                        }
                    }
                });
            }
        });
    state.tags.retain(|t| project.tags.contains_key(t));
}

/// The passages coded with the chosen tags, by document, a page at a time.
fn passages(
    ui: &mut Ui,
    state: &mut CodedState,
    thumbs: &mut RegionThumbs,
    (project, corpus): (&Project, &Corpus),
    actions: &mut Vec<Action>,
) {
    if state.tags.is_empty() {
        ui.label(
            RichText::new(
                "Choose one or more tags to see every passage coded with them, across all \
                 documents.",
            )
            .color(theme::weak_text(ui)),
        );
        return;
    }
    ui.label(
        RichText::new(format!(
            "{} in {}",
            counted(state.segments.len(), "passage", "passages"),
            counted(state.documents, "document", "documents")
        ))
        .strong(),
    );
    ui.separator();
    egui::ScrollArea::vertical()
        .id_salt("coded-passages")
        .auto_shrink(false)
        .show(ui, |ui| {
            let mut last_doc = "";
            for segment in state.segments.iter().take(state.shown) {
                if segment.document != last_doc {
                    ui.add_space(theme::SPACE_M);
                    ui.label(RichText::new(&segment.title).strong())
                        .on_hover_text(&segment.document);
                    last_doc = &segment.document;
                }
                passage(ui, thumbs, (project, corpus), segment, actions);
            }
            let hidden = state.segments.len().saturating_sub(state.shown);
            if hidden > 0 {
                ui.add_space(theme::SPACE_M);
                let more = hidden.min(PAGE);
                let label = format!("Show {more} more ({hidden} not shown)");
                if ui.button(label).clicked() {
                    state.shown += PAGE;
                }
            }
        });
}

/// A drop-down of `choices` (see [`CoderFilter::choices`]) setting `filter`.
pub fn coder_choice(ui: &mut Ui, id: &str, filter: &mut CoderFilter, choices: &[CoderFilter]) {
    egui::ComboBox::from_id_salt(id)
        .selected_text(filter.label())
        .show_ui(ui, |ui| {
            for choice in choices {
                ui.selectable_value(filter, choice.clone(), choice.label());
            }
        })
        .response
        .on_hover_text("Whose annotations to show");
}

/// A coded region's thumbnail, page and words, drawn from its document's file (or the
/// file it is a part of).
fn region(
    ui: &mut Ui,
    thumbs: &mut RegionThumbs,
    corpus: &Corpus,
    s: &CodedSegment,
    region: crate::project::PageRegion,
) {
    let doc = corpus.get(&s.document).map(|d| &**d);
    super::region_preview::show(ui, thumbs, doc, &corpus.root, region, &s.quote);
}

fn passage(
    ui: &mut Ui,
    thumbs: &mut RegionThumbs,
    (project, corpus): (&Project, &Corpus),
    s: &CodedSegment,
    actions: &mut Vec<Action>,
) {
    let coded_region = project
        .annotations
        .get(&s.annotation)
        .and_then(|a| a.anchor.region);
    let frame = egui::Frame::group(ui.style()).corner_radius(theme::RADIUS);
    let response = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let weak = theme::weak_text(ui);
            if let Some(r) = coded_region {
                region(ui, thumbs, corpus, s, r);
            } else {
                context(ui, s);
            }
            if let Some(current) = &s.current_quote {
                ui.label(
                    RichText::new("⚠ Wording changed since it was coded")
                        .small()
                        .strong()
                        .color(theme::warning(ui.visuals().dark_mode)),
                );
                super::widgets::wording_diff(ui, &s.quote, current, 400);
            }
            if !s.note.is_empty() {
                ui.label(RichText::new(&s.note).italics());
            }
            ui.horizontal_wrapped(|ui| {
                if let Some(p) = s.paragraph {
                    ui.label(RichText::new(format!("¶ {p}")).small().color(weak))
                        .on_hover_text(format!("Characters {}–{} of the document", s.start, s.end));
                }
                for t in &s.tags {
                    if let Some(tag) = project.tags.get(t) {
                        tag_chip(ui, tag, false);
                    }
                }
                if let Some(coder) = &s.coder {
                    ui.label(RichText::new(format!("by {coder}")).small().color(weak));
                }
                if s.orphaned {
                    ui.label(
                        RichText::new("orphaned")
                            .small()
                            .color(theme::warning(ui.visuals().dark_mode)),
                    );
                }
            });
        })
        .response
        .interact(Sense::click());
    let label = match coded_region {
        Some(r) => format!("Coded passage: region on page {}", r.page + 1),
        None => format!("Coded passage: {}", crate::text::shorten(&s.quote, 60)),
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, &label));
    if response.on_hover_text("Open in the reader").clicked() {
        actions.push(Action::SelectAnnotation(s.annotation));
        actions.push(Action::Ui(crate::app::actions::UiCommand::ShowReader));
    }
}

/// The passage in its context, its text as it reads now highlighted.
fn context(ui: &mut Ui, s: &CodedSegment) {
    let font = FontId::new(14.0, FontFamily::Name(theme::READING.into()));
    let weak = theme::weak_text(ui);
    let mut job = egui::text::LayoutJob::default();
    let format = |colour| egui::TextFormat {
        font_id: font.clone(),
        color: colour,
        ..Default::default()
    };
    job.append(&format!("…{}", s.before), 0.0, format(weak));
    let mut strong = format(ui.visuals().strong_text_color());
    strong.background = theme::accent(ui.visuals().dark_mode).gamma_multiply(0.18);
    // The text as it reads now (in its context); a changed wording is shown below.
    job.append(s.current_quote.as_deref().unwrap_or(&s.quote), 0.0, strong);
    job.append(&format!("{}…", s.after), 0.0, format(weak));
    ui.add(egui::Label::new(job).wrap());
}

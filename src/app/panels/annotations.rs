//! The annotation panel: annotate the selection (a draft with note and tags, saved as one
//! undoable step), the document's annotations in text order with the selected one's
//! editor, and the orphans with "re-attach to selection".

use std::ops::Range;
use std::sync::Arc;

use egui::{FontFamily, FontId, Key, RichText, Ui};

use super::widgets::{tag_chip, tag_picker, undo_hint, wording_diff};
use crate::app::actions::{Action, TagTarget, UiCommand};
use crate::app::reader::RegionThumbs;
use crate::app::theme;
use crate::corpus::Document;
use crate::project::{Annotation, AnnotationId, Command, PageRegion, Project, TagId};
use crate::text::shorten;

/// An annotation being written, before it exists.
#[derive(Clone, Debug)]
pub struct Draft {
    pub document: String,
    pub range: Range<usize>,
    pub quote: String,
    pub note: String,
    pub tags: Vec<TagId>,
    /// For a region of a page: its box (the range and quote are the words inside it).
    pub region: Option<PageRegion>,
}

#[derive(Default)]
pub struct AnnotationPanelState {
    pub draft: Option<Draft>,
    /// The note being edited, and the annotation it belongs to.
    note_buffer: String,
    buffer_for: Option<AnnotationId>,
    tag_query: String,
    draft_tag_query: String,
    /// Give the note field the keyboard on the next frame.
    pub focus_note: bool,
    /// How many cards are drawn (a document can hold thousands of annotations after
    /// "annotate all matches"; each card is laid out when drawn), 0 meaning one page, and
    /// for which document.
    shown: usize,
    shown_for: String,
}

/// Cards drawn at first, and added by each "Show more".
const PAGE: usize = 100;

pub struct AnnotationInput<'a> {
    pub project: &'a Project,
    /// The path of the document shown (one of the corpus, or one whose file is missing).
    pub document: Option<&'a str>,
    /// Its text, when the file is there.
    pub doc: Option<&'a Arc<Document>>,
    /// The document's annotations in text order, orphans last.
    pub annotations: &'a [AnnotationId],
    /// The reader's selection and its text.
    pub selection: Option<(Range<usize>, &'a str)>,
    /// The region drawn on a page, waiting to be annotated.
    pub region: Option<PageRegion>,
    /// The corpus folder: region thumbnails are drawn from the document's file in it (or
    /// the file it is a part of).
    pub corpus_root: &'a std::path::Path,
    pub selected: Option<AnnotationId>,
    pub tag_filter: Option<TagId>,
    /// Whose annotations are shown, and the choices (more than one when the project
    /// records coders).
    pub coder_filter: &'a crate::search::CoderFilter,
    pub coder_choices: &'a [crate::search::CoderFilter],
    pub now: jiff::Timestamp,
}

impl AnnotationPanelState {
    /// Starts a draft on the selection; the note field takes the keyboard.
    pub fn start_draft(&mut self, document: String, range: Range<usize>, quote: String) {
        self.draft = Some(Draft {
            document,
            range,
            quote,
            note: String::new(),
            tags: Vec::new(),
            region: None,
        });
        self.focus_note = true;
    }

    /// Starts a draft for a region of a page (`range` and `quote`: the words inside it).
    pub fn start_region_draft(
        &mut self,
        document: String,
        region: PageRegion,
        range: Range<usize>,
        quote: String,
    ) {
        self.start_draft(document, range, quote);
        if let Some(d) = &mut self.draft {
            d.region = Some(region);
        }
    }

    /// Commits a note being edited (before saving, switching annotation or document).
    pub fn flush(&mut self, project: &Project, now: jiff::Timestamp, actions: &mut Vec<Action>) {
        if let Some(id) = self.buffer_for
            && let Some(a) = project.annotations.get(&id)
            && a.note != self.note_buffer
        {
            actions.push(Action::edit(Command::SetNote {
                id,
                note: self.note_buffer.clone(),
                at: now,
            }));
        }
    }
}

pub fn show(
    ui: &mut Ui,
    state: &mut AnnotationPanelState,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    actions: &mut Vec<Action>,
) {
    let project = input.project;
    if state.draft.is_some() {
        draft_editor(ui, state, thumbs, input, actions);
        ui.separator();
    } else {
        annotate_button(ui, thumbs, input, actions);
    }

    let Some(path) = input.document else {
        ui.label(
            RichText::new("Open a document to see its annotations.").color(theme::weak_text(ui)),
        );
        return;
    };
    let filter: Option<Vec<TagId>> = input.tag_filter.map(|t| project.tag_and_descendants(t));
    let all = input
        .annotations
        .iter()
        .filter_map(|id| project.annotations.get(id))
        .filter(|a| a.document == path);
    let (orphans, anchored): (Vec<&Annotation>, Vec<&Annotation>) = all.partition(|a| a.orphaned);
    let shown: Vec<&Annotation> = anchored
        .iter()
        .copied()
        .filter(|a| {
            filter
                .as_ref()
                .is_none_or(|f| a.tags.iter().any(|t| f.contains(t)))
                && input.coder_filter.accepts(a.coder.as_deref())
        })
        .collect();
    let filtered = filter.is_some() || *input.coder_filter != crate::search::CoderFilter::Everyone;

    ui.horizontal(|ui| {
        // Counted as the document list's badge counts: orphans included.
        let heading = if filtered {
            format!("In this document ({} of {})", shown.len(), anchored.len())
        } else {
            format!("In this document ({})", anchored.len() + orphans.len())
        };
        ui.label(RichText::new(heading).strong());
        tag_filter_chip(ui, input, actions);
    });
    coder_filter(ui, input, actions);
    follow_selection(state, input, actions);

    egui::ScrollArea::vertical()
        .id_salt("annotation-list")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if shown.is_empty() {
                no_annotation_shown(ui, anchored.is_empty());
            }
            cards(ui, state, thumbs, input, path, &shown, actions);
            if !orphans.is_empty() {
                orphans_section(ui, input, &orphans, actions);
            }
        });
}

/// The tag the list is filtered by, with × to show all annotations again.
fn tag_filter_chip(ui: &mut Ui, input: &AnnotationInput, actions: &mut Vec<Action>) {
    if let Some(tag) = input.tag_filter.and_then(|t| input.project.tags.get(&t)) {
        ui.label(RichText::new("tagged").color(theme::weak_text(ui)));
        tag_chip(ui, tag, false);
        if ui
            .small_button("×")
            .on_hover_text("Show all annotations")
            .clicked()
        {
            actions.push(Action::FilterByTag(None));
        }
    }
}

/// "Coded by": one coder's annotations, or everyone's; only when the project records coders.
fn coder_filter(ui: &mut Ui, input: &AnnotationInput, actions: &mut Vec<Action>) {
    if input.coder_choices.len() < 2 {
        if *input.coder_filter != crate::search::CoderFilter::Everyone {
            actions.push(Action::FilterByCoder(crate::search::CoderFilter::Everyone));
        }
        return;
    }
    let mut chosen = input.coder_filter.clone();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Coded by").color(theme::weak_text(ui)));
        super::coded::coder_choice(ui, "annotations-coder", &mut chosen, input.coder_choices);
    });
    if chosen != *input.coder_filter {
        actions.push(Action::FilterByCoder(chosen));
    }
}

/// The editor keeps its buffer while the note field has the keyboard; otherwise it follows
/// the project (so undo shows at once). Another annotation selected: the note typed so far
/// is saved and the editor takes the new one's.
fn follow_selection(
    state: &mut AnnotationPanelState,
    input: &AnnotationInput,
    actions: &mut Vec<Action>,
) {
    if state.buffer_for == input.selected {
        return;
    }
    let project = input.project;
    state.flush(project, input.now, actions);
    state.buffer_for = input.selected;
    state.note_buffer = input
        .selected
        .and_then(|id| project.annotations.get(&id))
        .map(|a| a.note.clone())
        .unwrap_or_default();
    state.tag_query.clear();
}

/// Why the list is empty: nothing annotated yet (and how to start), or nothing with the tag.
fn no_annotation_shown(ui: &mut Ui, none_at_all: bool) {
    let text = if none_at_all {
        let key = UiCommand::AnnotateSelection
            .shortcut_text(ui.ctx())
            .unwrap_or_default();
        format!(
            "No annotations yet. Select a passage in the text, then press {key} or \
             “Annotate selection”."
        )
    } else {
        "No annotation here has this tag.".to_owned()
    };
    ui.label(RichText::new(text).color(theme::weak_text(ui)));
}

/// The annotations' cards, a page at a time (each is a laid-out card), the selected one
/// always among them, and "Show more".
#[allow(
    clippy::too_many_arguments,
    reason = "the cards draw from the panel's state, the thumbnails and the input, each borrowed apart"
)]
fn cards(
    ui: &mut Ui,
    state: &mut AnnotationPanelState,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    path: &str,
    shown: &[&Annotation],
    actions: &mut Vec<Action>,
) {
    if state.shown_for != path {
        path.clone_into(&mut state.shown_for);
        state.shown = 0;
    }
    // The selected annotation's card is always drawn (it may be far down).
    let selected_at = shown.iter().position(|a| Some(a.id) == input.selected);
    let wanted = state.shown.max(PAGE).max(selected_at.map_or(0, |i| i + 1));
    state.shown = wanted.div_ceil(PAGE) * PAGE;
    for a in shown.iter().take(state.shown) {
        card(ui, state, thumbs, input, a, actions);
    }
    let hidden = shown.len().saturating_sub(state.shown);
    if hidden > 0 {
        let label = format!("Show {} more ({hidden} not shown)", hidden.min(PAGE));
        if ui.button(label).clicked() {
            state.shown += PAGE;
        }
    }
}

/// The annotations whose passage changed or disappeared, kept with their quote.
fn orphans_section(
    ui: &mut Ui,
    input: &AnnotationInput,
    orphans: &[&Annotation],
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    ui.label(
        RichText::new(format!("Orphaned ({})", orphans.len()))
            .strong()
            .color(theme::warning(ui.visuals().dark_mode)),
    );
    ui.label(
        RichText::new(
            "The text of these passages changed or disappeared. Their quote, note and tags are \
             kept.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    for a in orphans {
        orphan_card(ui, input, a, actions);
    }
}

fn annotate_button(
    ui: &mut Ui,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    actions: &mut Vec<Action>,
) {
    let has = input.selection.is_some() || input.region.is_some();
    let button = egui::Button::new(RichText::new("+  Annotate selection").strong())
        .min_size(egui::vec2(ui.available_width(), 28.0));
    let hint = if has {
        UiCommand::AnnotateSelection.with_shortcut(ui.ctx(), "Annotate the selected passage")
    } else {
        "Select a passage in the text first".to_owned()
    };
    if ui
        .add_enabled(has, button)
        .on_hover_text(&hint)
        .on_disabled_hover_text(&hint)
        .clicked()
    {
        actions.push(Action::Ui(UiCommand::AnnotateSelection));
    }
    if let Some(region) = input.region {
        let doc = input.doc.map(|d| &**d);
        super::region_preview::show(ui, thumbs, doc, input.corpus_root, region, "");
    } else if let Some((_, quote)) = &input.selection {
        ui.label(
            RichText::new(format!("“{}”", shorten(quote, 90)))
                .italics()
                .small()
                .color(theme::weak_text(ui)),
        );
    }
    ui.add_space(theme::SPACE_S);
}

fn draft_editor(
    ui: &mut Ui,
    state: &mut AnnotationPanelState,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    actions: &mut Vec<Action>,
) {
    let project = input.project;
    let Some(draft) = &mut state.draft else {
        return;
    };
    ui.label(RichText::new("New annotation").strong());
    match draft.region {
        Some(region) => {
            let doc = input.doc.map(|d| &**d);
            super::region_preview::show(ui, thumbs, doc, input.corpus_root, region, &draft.quote);
        }
        None => quote_label(ui, &draft.quote, 240),
    }
    note_field(ui, &mut draft.note, 4, &mut state.focus_note);
    ui.horizontal_wrapped(|ui| {
        let mut remove = None;
        for (i, t) in draft.tags.iter().enumerate() {
            if let Some(tag) = project.tags.get(t)
                && tag_chip(ui, tag, true).clicked()
            {
                remove = Some(i);
            }
        }
        if let Some(i) = remove {
            draft.tags.remove(i);
        }
    });
    let picked = tag_picker(
        ui,
        "draft-tags",
        &mut state.draft_tag_query,
        project,
        &draft.tags,
    );
    match picked {
        Some(super::widgets::Picked::Existing(id)) => draft.tags.push(id),
        Some(super::widgets::Picked::New(name)) => actions.push(Action::CreateTag {
            name,
            parent: None,
            apply_to: TagTarget::Draft,
        }),
        None => {}
    }
    let escape = ui.input(|i| i.key_pressed(Key::Escape));
    ui.horizontal(|ui| {
        // Ctrl+Enter is the AnnotateSelection shortcut, which adds a draft (one handler).
        let add = ui
            .add(
                egui::Button::new(RichText::new("Add annotation").strong())
                    .fill(theme::accent(ui.visuals().dark_mode).gamma_multiply(0.25)),
            )
            .on_hover_text(
                UiCommand::AnnotateSelection.with_shortcut(ui.ctx(), "Add this annotation"),
            );
        if add.clicked() {
            actions.push(Action::Ui(UiCommand::AnnotateSelection));
        }
        if ui.button("Cancel").on_hover_text("Esc").clicked() || escape {
            actions.push(Action::CancelDraft);
        }
    });
}

fn quote_label(ui: &mut Ui, quote: &str, max: usize) {
    let font = FontId::new(14.0, FontFamily::Name(theme::READING.into()));
    ui.label(
        RichText::new(format!("“{}”", shorten(quote, max)))
            .font(font)
            .italics(),
    );
}

/// The tag's colour bar and the quote, or for a region its thumbnail and page.
fn card_heading(
    ui: &mut Ui,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    a: &Annotation,
    selected: bool,
    colour: egui::Color32,
) {
    ui.horizontal(|ui| {
        let (bar, _) = ui.allocate_exact_size(egui::vec2(3.0, 18.0), egui::Sense::hover());
        ui.painter().rect_filled(bar, 1.5, colour);
        if let Some(region) = a.anchor.region {
            let doc = input.doc.map(|d| &**d);
            super::region_preview::show(
                ui,
                thumbs,
                doc,
                input.corpus_root,
                region,
                &a.anchor.quote,
            );
            return;
        }
        let quote = shorten(&a.anchor.quote, if selected { 400 } else { 110 });
        let font = FontId::new(13.5, FontFamily::Name(theme::READING.into()));
        ui.add(egui::Label::new(RichText::new(format!("“{quote}”")).font(font).italics()).wrap());
    });
}

fn card(
    ui: &mut Ui,
    state: &mut AnnotationPanelState,
    thumbs: &mut RegionThumbs,
    input: &AnnotationInput,
    a: &Annotation,
    actions: &mut Vec<Action>,
) {
    let project = input.project;
    let selected = input.selected == Some(a.id);
    let dark = ui.visuals().dark_mode;
    let colour = a
        .tags
        .first()
        .and_then(|t| project.tags.get(t))
        .map_or(theme::weak_text(ui), |t| theme::rgb(t.colour));
    let frame = egui::Frame::group(ui.style())
        .fill(if selected {
            theme::accent(dark).gamma_multiply(0.12)
        } else {
            ui.visuals().faint_bg_color
        })
        .stroke(egui::Stroke::new(
            if selected { 1.5 } else { 1.0 },
            if selected {
                theme::accent(dark)
            } else {
                ui.visuals().widgets.noninteractive.bg_stroke.color
            },
        ))
        .corner_radius(theme::RADIUS);
    let inner = frame.show(ui, |ui| {
        ui.set_width(ui.available_width());
        card_heading(ui, thumbs, input, a, selected, colour);
        if let Some(current) = &a.anchor.current_quote {
            wording_changed(ui, input, a, current, selected, actions);
        }
        if selected {
            editor(ui, state, input, a, actions);
        } else {
            if !a.note.is_empty() {
                ui.label(RichText::new(shorten(&a.note, 140)).color(ui.visuals().text_color()));
            }
            ui.horizontal_wrapped(|ui| {
                for t in &a.tags {
                    if let Some(tag) = project.tags.get(t) {
                        tag_chip(ui, tag, false);
                    }
                }
                coder_label(ui, a);
            });
        }
    });
    // Only an unselected card is one click target: on the selected one, a click sense over
    // the whole card would sit above its buttons and take their clicks.
    let response = if selected {
        inner.response
    } else {
        inner.response.interact(egui::Sense::click())
    };
    if !selected && response.clicked() {
        actions.push(Action::SelectAnnotation(a.id));
    }
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::ListBoxOption,
            true,
            selected,
            match a.anchor.region {
                Some(r) => format!("Annotation: region on page {}", r.page + 1),
                None => format!("Annotation: {}", shorten(&a.anchor.quote, 60)),
            },
        )
    });
    ui.add_space(theme::SPACE_S);
}

fn editor(
    ui: &mut Ui,
    state: &mut AnnotationPanelState,
    input: &AnnotationInput,
    a: &Annotation,
    actions: &mut Vec<Action>,
) {
    let project = input.project;
    let response = note_field(ui, &mut state.note_buffer, 3, &mut state.focus_note);
    if response.lost_focus() {
        state.flush(project, input.now, actions);
    } else if !response.has_focus() && state.note_buffer != a.note {
        // Changed from elsewhere (undo): follow the project.
        state.note_buffer = a.note.clone();
    }
    ui.horizontal_wrapped(|ui| tag_chips(ui, input, a, actions));
    match tag_picker(
        ui,
        "annotation-tags",
        &mut state.tag_query,
        project,
        &a.tags,
    ) {
        Some(super::widgets::Picked::Existing(id)) => {
            let mut tags = a.tags.clone();
            tags.push(id);
            actions.push(Action::edit(Command::SetTags {
                id: a.id,
                tags,
                at: input.now,
            }));
        }
        Some(super::widgets::Picked::New(name)) => actions.push(Action::CreateTag {
            name,
            parent: None,
            apply_to: TagTarget::Annotation(a.id),
        }),
        None => {}
    }
    ui.horizontal(|ui| {
        where_and_when(ui, input, a);
        coder_label(ui, a);
    });
    if !a.history.is_empty() {
        earlier_wordings(ui, a);
    }
    ui.horizontal(|ui| {
        if ui.button("Show in text").clicked() {
            actions.push(Action::SelectAnnotation(a.id));
        }
        let delete =
            egui::Button::new(RichText::new("Delete").color(theme::error(ui.visuals().dark_mode)));
        if ui
            .add(delete)
            .on_hover_text(undo_hint(ui.ctx(), "Delete this annotation"))
            .clicked()
        {
            actions.push(Action::edit(Command::DeleteAnnotation(a.id)));
        }
    });
}

/// The annotation's tags; clicking one removes it (undoably).
fn tag_chips(ui: &mut Ui, input: &AnnotationInput, a: &Annotation, actions: &mut Vec<Action>) {
    let mut remove = None;
    for t in &a.tags {
        if let Some(tag) = input.project.tags.get(t)
            && tag_chip(ui, tag, true)
                .on_hover_text("Remove this tag")
                .clicked()
        {
            remove = Some(*t);
        }
    }
    if let Some(t) = remove {
        let tags = a.tags.iter().copied().filter(|x| *x != t).collect();
        actions.push(Action::edit(Command::SetTags {
            id: a.id,
            tags,
            at: input.now,
        }));
    }
}

/// Who coded the annotation, when recorded.
fn coder_label(ui: &mut Ui, a: &Annotation) {
    if let Some(coder) = &a.coder {
        ui.label(
            RichText::new(format!("by {coder}"))
                .small()
                .color(theme::weak_text(ui)),
        )
        .on_hover_text("The coder who made this annotation");
    }
}

/// The passage's paragraph, when the annotation was made and last changed; its characters
/// on hover.
fn where_and_when(ui: &mut Ui, input: &AnnotationInput, a: &Annotation) {
    let paragraph = input
        .doc
        .map(|d| format!("¶ {} · ", d.text.paragraph_number(a.anchor.start)))
        .unwrap_or_default();
    ui.label(
        RichText::new(format!(
            "{paragraph}created {} · modified {}",
            short_time(a.created),
            short_time(a.modified)
        ))
        .small()
        .color(theme::weak_text(ui)),
    )
    .on_hover_text(format!(
        "Characters {}–{} of the document",
        a.anchor.start, a.anchor.end
    ));
}

/// The quotes the passage had before its wording was accepted, latest first, folded.
fn earlier_wordings(ui: &mut Ui, a: &Annotation) {
    egui::CollapsingHeader::new(
        RichText::new(crate::text::counted(
            a.history.len(),
            "earlier wording",
            "earlier wordings",
        ))
        .small(),
    )
    .id_salt(("history", a.id))
    .show(ui, |ui| {
        for earlier in a.history.iter().rev() {
            ui.label(
                RichText::new(format!("until {}", short_time(earlier.until)))
                    .small()
                    .color(theme::weak_text(ui)),
            );
            quote_label(ui, &earlier.quote, 400);
        }
    });
}

/// "Wording changed": the passage's words in the document differ from the quote as coded.
/// Both wordings with the difference marked; on the selected card, "Accept new wording"
/// (undoable; the coded quote goes to the history) and "Re-attach to selection".
fn wording_changed(
    ui: &mut Ui,
    input: &AnnotationInput,
    a: &Annotation,
    current: &str,
    selected: bool,
    actions: &mut Vec<Action>,
) {
    let dark = ui.visuals().dark_mode;
    ui.label(
        RichText::new("⚠ Wording changed")
            .small()
            .strong()
            .color(theme::warning(dark)),
    )
    .on_hover_text(
        "The document's text at this passage is no longer what was coded. The quote as coded \
         is kept until you accept the new wording.",
    );
    wording_diff(
        ui,
        &a.anchor.quote,
        current,
        if selected { 600 } else { 160 },
    );
    if selected {
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Accept new wording")
                .on_hover_text(undo_hint(
                    ui.ctx(),
                    "Make the document's current text the quote; the quote as coded is kept \
                     in the annotation's history",
                ))
                .clicked()
            {
                actions.push(Action::edit(Command::AcceptWording {
                    id: a.id,
                    at: input.now,
                }));
            }
            reattach_button(ui, input, a, actions);
        });
    }
}

/// "Re-attach to selection": moves the annotation to the passage selected in the text.
fn reattach_button(
    ui: &mut Ui,
    input: &AnnotationInput,
    a: &Annotation,
    actions: &mut Vec<Action>,
) {
    let can = input.selection.is_some();
    let reattach = ui
        .add_enabled(can, egui::Button::new("Re-attach to selection"))
        .on_hover_text("Attach this annotation to the passage selected in the text")
        .on_disabled_hover_text("Select the passage in the text first");
    if reattach.clicked() {
        actions.push(Action::ReattachToSelection(a.id));
    }
}

fn orphan_card(ui: &mut Ui, input: &AnnotationInput, a: &Annotation, actions: &mut Vec<Action>) {
    let project = input.project;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(
            1.0,
            theme::warning(ui.visuals().dark_mode),
        ))
        .corner_radius(theme::RADIUS)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            quote_label(ui, &a.anchor.quote, 200);
            if !a.note.is_empty() {
                ui.label(shorten(&a.note, 200));
            }
            ui.horizontal_wrapped(|ui| {
                for t in &a.tags {
                    if let Some(tag) = project.tags.get(t) {
                        tag_chip(ui, tag, false);
                    }
                }
            });
            ui.horizontal(|ui| {
                reattach_button(ui, input, a, actions);
                if ui.button("Delete").clicked() {
                    actions.push(Action::edit(Command::DeleteAnnotation(a.id)));
                }
            });
        });
    ui.add_space(theme::SPACE_S);
}

/// "2026-11-28 10:04" in local time.
pub fn short_time(t: jiff::Timestamp) -> String {
    let zoned = t.to_zoned_datetime(jiff::tz::TimeZone::system());
    zoned.strftime("%Y-%m-%d %H:%M").to_string()
}

/// The multi-line note field of the draft and of the selected annotation; takes the
/// keyboard when `focus` is set (and clears it).
fn note_field(ui: &mut Ui, text: &mut String, rows: usize, focus: &mut bool) -> egui::Response {
    let response = ui.add(
        egui::TextEdit::multiline(text)
            .hint_text("Note")
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    );
    if std::mem::take(focus) {
        response.request_focus();
    }
    response
}

//! The reader: one document, laid out paragraph by paragraph so that only what is on
//! screen is shaped (a 1 MB document costs a few milliseconds a frame), with entity
//! backgrounds, annotation underline bars, find hits, and a selection in char offsets.
//!
//! Layout follows `notes/egui-0.37.md`: estimated paragraph heights with prefix sums,
//! corrected when a paragraph is shown; jumps set the scroll offset directly. Selection is
//! our own (a selectable label gives no offsets): the pointer is mapped to a char through
//! the galley of the paragraph under it.

mod bidi;
mod grid;
mod header;
mod heights;
mod pages;
mod paint;
mod shape;

pub use pages::TEXTURE_BUDGET_BYTES;
pub use pages::thumbs::RegionThumbs;

use std::ops::Range;
use std::sync::Arc;

use egui::{
    Color32, CursorIcon, EventFilter, Key, Modifiers, Pos2, Rect, ScrollArea, Sense, Ui, vec2,
};

use crate::corpus::Document;
use crate::project::{AnnotationId, TagId};
use crate::text::bidi::needs_bidi;
use crate::text::layers::{word_at, word_boundaries};

use super::actions::{Action, UiCommand};
use super::theme;
use bidi::BidiLayout;
use heights::Heights;
use shape::Shape;

/// An annotation to draw: its span, colour and whether it is the selected one.
#[derive(Clone, Debug)]
pub struct AnnotationMark {
    pub id: AnnotationId,
    pub range: Range<usize>,
    pub colour: Color32,
    pub selected: bool,
    /// The text here is no longer the quote as coded (drawn with a dashed underline).
    pub wording_changed: bool,
    /// For an annotation of a region of a page: its box (outlined on its page), and what
    /// hovering it says (its tags and note).
    pub region: Option<RegionMark>,
}

/// A region annotation's box and its hover text.
#[derive(Clone, Debug)]
pub struct RegionMark {
    pub region: crate::project::PageRegion,
    pub hover: String,
}

/// An entity mention to draw, with what its tooltip says.
#[derive(Clone, Debug)]
pub struct EntityMark {
    pub range: Range<usize>,
    pub kind: crate::entities::EntityKind,
    pub kind_name: String,
    pub name: String,
    pub corpus_count: usize,
    /// A title, a date's value or a place's coordinates (`Mention::detail_text`).
    pub detail: Option<String>,
    /// A place's gazetteer entry, with the other candidates (the context menu re-links it).
    pub place: Option<crate::entities::PlaceLink>,
}

/// A tag offered in the context menu.
#[derive(Clone, Debug)]
pub struct TagChoice {
    pub id: TagId,
    pub path: String,
    pub colour: Color32,
}

/// What the reader draws this frame (borrowed from the session and the caches).
pub struct ReaderInput<'a> {
    pub doc: &'a Arc<Document>,
    /// The other places of the corpus's exact copies (the header says where else the
    /// document's text is).
    pub copies: &'a crate::corpus::Copies,
    pub annotations: &'a [AnnotationMark],
    pub entities: &'a [EntityMark],
    /// Entity kinds present in the document: (label, display name, count, visible).
    pub legend: &'a [(crate::entities::EntityKind, String, usize, bool)],
    pub tags: &'a [TagChoice],
    pub font_size: f32,
    pub dark: bool,
    /// Whether the entity layer is still being computed.
    pub entities_pending: bool,
    /// The project (the document's "coded" marks) and the coder's name.
    pub project: &'a crate::project::Project,
    pub coder: Option<&'a str>,
    /// The corpus folder: the page view reads a document's file, or the file it is a part
    /// of, from it.
    pub corpus_root: &'a std::path::Path,
    /// The previous and next message of an email's conversation: (position in the corpus,
    /// title).
    pub thread: &'a [Option<(usize, String)>; 2],
}

/// A selection: where it started and where it ends now (chars, either order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
    pub fn is_empty(&self) -> bool {
        self.anchor == self.head
    }
}

/// Find in document.
#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: String,
    pub case_sensitive: bool,
    pub hits: Vec<Range<usize>>,
    pub current: Option<usize>,
    /// What `hits` were found for.
    computed: Option<FindKey>,
    pub focus: bool,
}

/// What the find bar's hits were found for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FindKey {
    query: String,
    case_sensitive: bool,
    document: String,
    /// Whether the bar was open (closed, there are no hits).
    open: bool,
}

/// What the cached right-to-left layouts were made for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct BidiKey {
    /// The measure's bits.
    measure: u32,
    /// The font size's bits.
    font_size: u32,
    text_colour: Color32,
}

/// The reader's state, kept between frames.
#[derive(Default)]
pub struct ReaderState {
    /// The document this state belongs to (reset when another is shown).
    doc_path: Option<String>,
    pub selection: Option<Selection>,
    /// The last non-empty selection: survives a click into the annotation panel.
    pub kept: Option<Range<usize>>,
    /// A region drawn on a page, waiting to be annotated: the page view's selection (a
    /// text selection made after it replaces it, and the other way round).
    pub region: Option<crate::project::PageRegion>,
    /// A char to bring into view on the next frame.
    pub scroll_to: Option<usize>,
    /// A range shown briefly after a jump, and when the flash started (egui time, set when
    /// first drawn; egui's clock so that tests can step through it).
    pub flash: Option<(Range<usize>, Option<f64>)>,
    pub find: FindState,
    heights: Heights,
    viewport_height: f32,
    dragging: bool,
    /// The drag as the pointer made it (the selection shown is snapped to words).
    drag_origin: Option<Selection>,
    /// The char the context menu was opened on (its entity's corrections are offered).
    menu_char: Option<usize>,
    /// Per paragraph: it holds right-to-left text (laid out in visual order, `bidi.rs`).
    bidi: Vec<bool>,
    /// Bidirectional paragraphs laid out, by index, for the layout key below.
    bidi_cache: std::collections::HashMap<usize, Arc<BidiLayout>>,
    /// What the cached layouts were made for.
    bidi_key: Option<BidiKey>,
    /// A table's grid (`grid.rs`).
    grid: grid::GridState,
    /// A table shown as its text rather than as a grid (the user's choice, for every
    /// table until changed).
    pub table_as_text: bool,
    /// The page view (for documents with pages), and whether it is shown.
    pub pages: pages::PageView,
    /// The char ranges of the words OCR was unsure of (dotted underline), in text order.
    low_confidence: Vec<Range<usize>>,
}

/// Bidirectional layouts kept at most (those of the paragraphs read lately).
const BIDI_CACHE_MAX: usize = 256;

/// How long a revealed passage stays highlighted (seconds).
const FLASH_SECONDS: f64 = 1.6;

impl ReaderState {
    /// Forgets selection and layout when another document is shown (called before drawing,
    /// and before revealing a range of a document about to be shown).
    pub fn sync(&mut self, doc: &Document) {
        if self.doc_path.as_deref() != Some(doc.path.as_str()) {
            self.doc_path = Some(doc.path.clone());
            self.selection = None;
            self.kept = None;
            self.region = None;
            self.dragging = false;
            self.drag_origin = None;
            self.menu_char = None;
            self.find.hits.clear();
            self.find.current = None;
            self.find.computed = None;
            self.bidi = doc
                .text
                .paragraphs()
                .iter()
                .map(|p| needs_bidi(&doc.text.as_str()[p.bytes.clone()]))
                .collect();
            self.bidi_cache.clear();
            self.low_confidence = doc
                .layout
                .as_ref()
                .map(|l| l.low_confidence())
                .unwrap_or_default();
            // A picture without words (a photograph, a stamp) has nothing to show as text:
            // it opens on its pages, where it is read and coded by region.
            if doc.layout.is_some() && doc.text.as_str().trim().is_empty() {
                self.pages.on = true;
            }
        }
    }

    /// The passage to annotate: the live selection, else the last one kept.
    pub fn selected_range(&self) -> Option<Range<usize>> {
        match self.selection {
            Some(s) if !s.is_empty() => Some(s.range()),
            _ => self.kept.clone(),
        }
    }

    /// Selects a range and scrolls to it (find hits, jumps from lists).
    pub fn reveal(&mut self, range: Range<usize>, select: bool) {
        self.scroll_to = Some(range.start);
        if select && !range.is_empty() {
            self.selection = Some(Selection {
                anchor: range.start,
                head: range.end,
            });
            self.kept = Some(range.clone());
        }
        self.flash = Some((range, None));
    }

    pub fn clear_selection(&mut self) {
        self.selection = None;
        self.kept = None;
        self.region = None;
    }

    /// Shows a region of a page: the page view opens, scrolled to the box.
    pub fn reveal_region(&mut self, region: crate::project::PageRegion) {
        self.pages.on = true;
        self.pages.reveal(region);
    }

    /// Opens the find bar (with the selection as the query when there is one).
    pub fn open_find(&mut self, doc: &Document) {
        self.find.open = true;
        self.find.focus = true;
        if let Some(r) = self
            .selection
            .map(|s| s.range())
            .filter(|r| !r.is_empty() && r.len() < 200)
            && let Some(text) = doc.text.slice(r)
        {
            self.find.query = text.to_owned();
        }
    }

    /// Moves to the next (or previous) find hit and selects it.
    pub fn find_step(&mut self, forward: bool) {
        let n = self.find.hits.len();
        if n == 0 {
            return;
        }
        let next = match self.find.current {
            None => {
                // From the reading position: the first hit after the selection/caret.
                let from = self.selection.map_or(0, |s| s.range().end);
                let i = self.find.hits.partition_point(|h| h.start < from);
                if forward { i % n } else { (i + n - 1) % n }
            }
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.find.current = Some(next);
        let hit = self.find.hits[next].clone();
        self.reveal(hit, true);
    }

    fn refresh_find(&mut self, doc: &Document) {
        let key = FindKey {
            query: self.find.query.clone(),
            case_sensitive: self.find.case_sensitive,
            document: doc.path.clone(),
            open: self.find.open,
        };
        if self.find.computed.as_ref() == Some(&key) {
            return;
        }
        self.find.hits = if self.find.open {
            crate::text::find_literal(&doc.text, &self.find.query, self.find.case_sensitive)
        } else {
            Vec::new()
        };
        self.find.current = None;
        self.find.computed = Some(key);
    }
}

/// Draws the reader for `input.doc`; what the user asks for goes to `actions`.
pub fn show(ui: &mut Ui, state: &mut ReaderState, input: &ReaderInput, actions: &mut Vec<Action>) {
    let doc = input.doc;
    state.sync(doc);
    header::show(ui, state, input, actions);
    state.refresh_find(doc);
    if state.pages.on && doc.layout.is_some() {
        pages::show(ui, state, input, input.corpus_root, actions);
        return;
    }
    if doc.format.is_table() && !state.table_as_text {
        grid::show(ui, state, input, actions);
        return;
    }

    let mut area = ScrollArea::vertical()
        .id_salt(("reader", doc.path.as_str()))
        .auto_shrink(false);
    if let Some(pos) = state.scroll_to.take() {
        let y = state.heights.y_of_char(doc, pos);
        let target = (y - state.viewport_height / 3.0).max(0.0);
        area = area.vertical_scroll_offset(target);
    }
    area.show_viewport(ui, |ui, viewport| body(ui, viewport, state, input, actions));
}

/// A paragraph laid out this frame.
struct Laid {
    index: usize,
    /// Screen position of the paragraph's origin (the left of the text column).
    pos: Pos2,
    shape: Shape,
    /// Vertical extent including the gap below, in screen coordinates.
    top: f32,
    bottom: f32,
}

/// The text column's geometry for this frame: the measure (line length) centred in the
/// panel, within margins.
struct Column {
    full_width: f32,
    measure: f32,
    /// The column's left edge, from the left of the content.
    x_left: f32,
    /// The space below each paragraph.
    gap: f32,
}

impl Column {
    fn new(full_width: f32, font_size: f32) -> Self {
        let margin = theme::SPACE_L * 2.0;
        let measure = (font_size * theme::READING_MEASURE)
            .min(full_width - 2.0 * margin)
            .max(120.0);
        Column {
            full_width,
            measure,
            x_left: ((full_width - measure) / 2.0).max(margin),
            gap: font_size * 0.85,
        }
    }
}

/// A right-to-left paragraph's backgrounds (its pieces are shaped without them), by
/// paragraph index.
type BidiBackgrounds = Vec<(usize, Vec<(Range<usize>, Color32)>)>;

/// Draws the visible part of the document: lays out the paragraphs on screen, answers the
/// pointer and the keys, paints the text with its marks, and shows tooltips and the
/// context menu.
fn body(
    ui: &mut Ui,
    viewport: Rect,
    state: &mut ReaderState,
    input: &ReaderInput,
    actions: &mut Vec<Action>,
) {
    let doc = input.doc;
    let column = Column::new(ui.available_width(), input.font_size);
    state
        .heights
        .ensure(doc, column.measure, input.font_size, column.gap);
    state.viewport_height = viewport.height();

    let total = state.heights.total() + theme::SPACE_L * 4.0;
    let (content, _) = ui.allocate_exact_size(vec2(column.full_width, total), Sense::hover());
    let origin = content.min;
    let (laid, backgrounds) = lay_out_visible(ui, viewport, origin, &column, state, input);

    // Interaction over the whole text column.
    let text_rect = Rect::from_min_max(
        Pos2::new(
            origin.x + column.x_left - theme::SPACE_M,
            origin.y + viewport.min.y,
        ),
        Pos2::new(
            origin.x + column.x_left + column.measure + theme::SPACE_M,
            origin.y + viewport.max.y,
        ),
    );
    let id = ui.scope_id().with("reader-text");
    let response = text_interaction(ui, text_rect, id, state, &laid, input, actions);

    let selection = state.selection.map(|s| s.range()).filter(|r| !r.is_empty());
    let column_left = column.x_left + origin.x;
    let selection_rect = paint_text(
        ui,
        state,
        input,
        &laid,
        &backgrounds,
        column_left,
        selection.as_ref(),
    );
    // The selection is an accessible node of its own, so that assistive tools (and UI
    // tests) can find it on screen. It senses hover only: clicks go to the text.
    if let (Some(rect), Some(sel)) = (selection_rect, &selection) {
        let quote = doc
            .text
            .slice(sel.clone())
            .map(|s| crate::text::shorten(s, 60))
            .unwrap_or_default();
        let node = ui.interact(rect, id.with("selection"), Sense::hover());
        node.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Mark, true, format!("Selected text: {quote}"))
        });
    }
    hover_tooltip(&response, state, &laid, input);
    context_menu(&response, state, doc, input, actions);
}

/// Lays out the paragraphs in the viewport, stacked with their measured heights (and
/// corrects the estimates of those it measured); returns them with the backgrounds of the
/// right-to-left ones.
fn lay_out_visible(
    ui: &Ui,
    viewport: Rect,
    origin: Pos2,
    column: &Column,
    state: &mut ReaderState,
    input: &ReaderInput,
) -> (Vec<Laid>, BidiBackgrounds) {
    let paragraphs = input.doc.text.paragraphs();
    let font_size = input.font_size;
    let first = state.heights.index_at(viewport.min.y);
    let mut y = state.heights.top_of(first);
    let mut laid: Vec<Laid> = Vec::new();
    let mut corrections = Vec::new();
    let find_current = state
        .find
        .current
        .and_then(|i| state.find.hits.get(i).cloned());
    let text_colour = ui.visuals().text_color();
    let bidi_key = BidiKey {
        measure: column.measure.to_bits(),
        font_size: font_size.to_bits(),
        text_colour,
    };
    if state.bidi_key != Some(bidi_key) || state.bidi_cache.len() > BIDI_CACHE_MAX {
        state.bidi_cache.clear();
        state.bidi_key = Some(bidi_key);
    }
    let mut backgrounds = Vec::new();
    for (index, para) in paragraphs.iter().enumerate().skip(first) {
        if y > viewport.max.y + font_size * 4.0 {
            break;
        }
        let shape = layout_paragraph(
            ui,
            state,
            input,
            index,
            column.measure,
            find_current.as_ref(),
        );
        let height = shape.height() + column.gap;
        corrections.push((index, height));
        if matches!(shape, Shape::Bidi(_)) {
            backgrounds.push((
                index,
                paint::backgrounds(para, input, &state.find.hits, find_current.as_ref()),
            ));
        }
        laid.push(Laid {
            index,
            pos: origin + vec2(column.x_left, y),
            shape,
            top: origin.y + y,
            bottom: origin.y + y + height,
        });
        y += height;
    }
    if state.heights.correct(&corrections) {
        ui.ctx().request_repaint();
    }
    (laid, backgrounds)
}

/// Senses the pointer over the text column (`rect`) and, while the text has focus, the
/// arrow keys and Escape; returns the column's response.
fn text_interaction(
    ui: &mut Ui,
    rect: Rect,
    id: egui::Id,
    state: &mut ReaderState,
    laid: &[Laid],
    input: &ReaderInput,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let doc = input.doc;
    let response = ui.interact(rect, id, Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Document text"));
    if response.hovered() {
        ui.ctx().set_cursor_icon(CursorIcon::Text);
    }
    handle_pointer(ui, &response, state, doc, laid, input, actions);
    if response.has_focus() {
        ui.memory_mut(|m| {
            m.set_focus_lock_filter(
                id,
                EventFilter {
                    horizontal_arrows: true,
                    vertical_arrows: true,
                    tab: false,
                    escape: true,
                },
            )
        });
        handle_keys(ui, state, doc, actions);
    }
    response
}

/// Paints the laid-out paragraphs: right-to-left backgrounds, text, annotation bars, the
/// fading flash of a jump and the selection on top. Returns the selection's first rect
/// on screen.
fn paint_text(
    ui: &Ui,
    state: &mut ReaderState,
    input: &ReaderInput,
    laid: &[Laid],
    backgrounds: &BidiBackgrounds,
    column_left: f32,
    selection: Option<&Range<usize>>,
) -> Option<Rect> {
    let paragraphs = input.doc.text.paragraphs();
    let text_colour = ui.visuals().text_color();
    let painter = ui.painter_at(ui.clip_rect());
    let flash = current_flash(ui, state);
    // The selection must stand out over entity backgrounds: a strong translucent accent
    // with an outline.
    let selection_colour =
        theme::accent(input.dark).gamma_multiply(if input.dark { 0.55 } else { 0.4 });
    let selection_outline = egui::Stroke::new(1.0, theme::accent(input.dark));
    let mut selection_rect: Option<Rect> = None;
    for l in laid {
        let para = &paragraphs[l.index];
        // Right-to-left text is shaped in pieces without backgrounds: paint them first.
        if let Some((_, spans)) = backgrounds.iter().find(|(i, _)| *i == l.index) {
            for (range, colour) in spans.iter().filter(|(_, c)| *c != Color32::TRANSPARENT) {
                paint::fill_range(&painter, l.pos, &l.shape, para, range, *colour);
            }
        }
        l.shape.paint(&painter, l.pos, text_colour);
        paint::annotation_bars(
            &painter,
            l.pos,
            &l.shape,
            para,
            input.annotations,
            column_left,
            input.dark,
        );
        let unsure = paint::intersecting(&state.low_confidence, &para.chars(), |r| r);
        for range in unsure {
            for r in paint::range_rects(l.pos, &l.shape, para, range) {
                pages::dotted_underline(&painter, r, theme::warning(input.dark));
            }
        }
        if let Some((range, alpha)) = &flash {
            let colour = theme::accent(input.dark).gamma_multiply(0.35 * alpha);
            paint::fill_range(&painter, l.pos, &l.shape, para, range, colour);
        }
        if let Some(sel) = selection {
            let rects = paint::fill_range(&painter, l.pos, &l.shape, para, sel, selection_colour);
            for r in &rects {
                painter.rect_stroke(*r, 2.0, selection_outline, egui::StrokeKind::Outside);
            }
            if selection_rect.is_none() {
                selection_rect = rects.first().copied();
            }
        }
    }
    selection_rect
}

/// The range a jump flashes and how strongly (fading to nothing over `FLASH_SECONDS`);
/// repaints while it fades and forgets it once faded.
fn current_flash(ui: &Ui, state: &mut ReaderState) -> Option<(Range<usize>, f32)> {
    let now = ui.input(|i| i.time);
    let flash = match &mut state.flash {
        Some((range, start)) => {
            let age = now - *start.get_or_insert(now);
            (age < FLASH_SECONDS).then(|| (range.clone(), (1.0 - age / FLASH_SECONDS) as f32))
        }
        None => None,
    };
    if flash.is_some() {
        ui.ctx().request_repaint();
    } else {
        state.flash = None;
    }
    flash
}

/// Shows a tooltip at the pointer for the entity under it, and for a passage whose
/// wording changed since it was coded.
fn hover_tooltip(
    response: &egui::Response,
    state: &ReaderState,
    laid: &[Laid],
    input: &ReaderInput,
) {
    let Some(pos) = response.hover_pos() else {
        return;
    };
    if state.dragging {
        return;
    }
    let Some(c) = char_at(laid, input.doc, pos) else {
        return;
    };
    let entity = input.entities.iter().find(|m| m.range.contains(&c));
    let changed = input
        .annotations
        .iter()
        .any(|m| m.wording_changed && m.range.contains(&c));
    if entity.is_none() && !changed {
        return;
    }
    response.clone().on_hover_ui_at_pointer(|ui| {
        if let Some(mark) = entity {
            ui.strong(&mark.name);
            ui.label(format!("{} ({})", mark.kind_name, mark.kind));
            if let Some(detail) = &mark.detail {
                ui.label(detail);
            }
            if mark.kind == crate::entities::EntityKind::Loc {
                ui.label(
                    egui::RichText::new("Right-click to link it to another place")
                        .small()
                        .color(theme::weak_text(ui)),
                );
            }
            ui.label(match mark.corpus_count {
                1 => "Mentioned once in the corpus".to_owned(),
                n => format!("Mentioned {n} times in the corpus"),
            });
        }
        if changed {
            ui.label(
                egui::RichText::new(
                    "⚠ An annotation here was coded on different wording: see its card",
                )
                .color(theme::warning(input.dark)),
            );
        }
    });
}

/// The char under screen position `pos` (clamped into the nearest laid-out paragraph).
fn char_at(laid: &[Laid], doc: &Document, pos: Pos2) -> Option<usize> {
    hit_at(laid, doc, pos).map(|h| h.char)
}

/// Where the pointer is in the text.
#[derive(Clone, Copy, Debug)]
struct Hit {
    /// The char boundary nearest the pointer (a global char offset).
    char: usize,
    /// The pointer is beyond the end of its line (right of it in left-to-right text).
    past_line_end: bool,
}

/// The text position under screen position `pos` (clamped into the nearest laid-out
/// paragraph).
fn hit_at(laid: &[Laid], doc: &Document, pos: Pos2) -> Option<Hit> {
    let paragraphs = doc.text.paragraphs();
    let l = laid
        .iter()
        .find(|l| pos.y < l.bottom)
        .or_else(|| laid.last())?;
    let para = &paragraphs[l.index];
    if pos.y < l.top {
        return Some(Hit {
            char: para.char_start,
            past_line_end: false,
        });
    }
    let hit = l.shape.hit(pos - l.pos, para.char_len);
    Some(Hit {
        char: para.char_start + hit.char,
        past_line_end: hit.past_line_end,
    })
}

/// Lays out paragraph `index`: one galley for left-to-right text, pieces in visual order
/// (cached while the measure, size and colour stay) for text with right-to-left letters.
fn layout_paragraph(
    ui: &Ui,
    state: &mut ReaderState,
    input: &ReaderInput,
    index: usize,
    measure: f32,
    find_current: Option<&Range<usize>>,
) -> Shape {
    let doc = input.doc;
    let para = &doc.text.paragraphs()[index];
    let text_colour = ui.visuals().text_color();
    if !state.bidi.get(index).copied().unwrap_or(false) {
        let backgrounds = paint::backgrounds(para, input, &state.find.hits, find_current);
        let job = paint::layout_job(doc, para, input, &backgrounds, measure, text_colour);
        return Shape::Galley(ui.fonts_mut(|f| f.layout_job(job)));
    }
    if let Some(layout) = state.bidi_cache.get(&index) {
        return Shape::Bidi(layout.clone());
    }
    let text = &doc.text.as_str()[para.bytes.clone()];
    let (format, marker) = paint::paragraph_format(doc, text, input.font_size, text_colour);
    let quiet = (marker, text_colour.gamma_multiply(0.35));
    let layout = Arc::new(ui.fonts_mut(|f| BidiLayout::new(f, text, &format, quiet, measure)));
    state.bidi_cache.insert(index, layout.clone());
    Shape::Bidi(layout)
}

fn paragraph_range(doc: &Document, c: usize) -> Option<Range<usize>> {
    let i = doc.text.paragraph_at(c)?;
    Some(doc.text.paragraphs()[i].chars())
}

/// Answers the pointer over the text: drags select, clicks place the caret or extend the
/// selection (with Shift), select a word, a paragraph or an annotation.
fn handle_pointer(
    ui: &Ui,
    response: &egui::Response,
    state: &mut ReaderState,
    doc: &Document,
    laid: &[Laid],
    input: &ReaderInput,
    actions: &mut Vec<Action>,
) {
    let shift = ui.input(|i| i.modifiers.shift);
    handle_drag(ui, response, state, doc, laid, shift);
    handle_clicks(response, state, doc, laid, input, shift, actions);
}

/// Decides the selection a drag makes: from where it started (or the selection's anchor
/// with Shift) to the pointer, snapped to whole words unless Alt is held; scrolls near
/// the edges.
fn handle_drag(
    ui: &Ui,
    response: &egui::Response,
    state: &mut ReaderState,
    doc: &Document,
    laid: &[Laid],
    shift: bool,
) {
    // A drag selects whole words (the passage a researcher means); with Alt held it keeps
    // exact characters.
    let exact = ui.input(|i| i.modifiers.alt);
    if response.drag_started() {
        response.request_focus();
        let origin = ui.input(|i| i.pointer.press_origin());
        if let Some(c) = origin.and_then(|p| char_at(laid, doc, p)) {
            let anchor = match (shift, state.selection) {
                (true, Some(s)) => s.anchor,
                _ => c,
            };
            state.drag_origin = Some(Selection { anchor, head: c });
            state.selection = state.drag_origin;
            state.dragging = true;
        }
    }
    if response.dragged()
        && state.dragging
        && let Some(p) = response.interact_pointer_pos()
    {
        if let Some(hit) = hit_at(laid, doc, p)
            && let Some(raw) = &mut state.drag_origin
        {
            raw.head = hit.char;
            let mut sel = *raw;
            if !exact {
                snap_to_words(&mut sel, doc, hit.past_line_end);
            }
            state.selection = Some(sel);
        }
        autoscroll(ui, response, p);
    }
    if response.drag_stopped() {
        state.dragging = false;
        state.drag_origin = None;
        keep(state);
    }
}

/// Decides what a click does: places the caret (and selects the annotation under it),
/// extends the selection with Shift; a double click selects a word, a triple click a
/// paragraph, a secondary click the word under it unless it is inside the selection.
fn handle_clicks(
    response: &egui::Response,
    state: &mut ReaderState,
    doc: &Document,
    laid: &[Laid],
    input: &ReaderInput,
    shift: bool,
    actions: &mut Vec<Action>,
) {
    if response.clicked() {
        response.request_focus();
        if let Some(c) = response
            .interact_pointer_pos()
            .and_then(|p| char_at(laid, doc, p))
        {
            if shift && let Some(sel) = &mut state.selection {
                sel.head = c;
                keep(state);
            } else {
                state.selection = Some(Selection { anchor: c, head: c });
                // A click on an annotated passage selects that annotation in the panel.
                let hit = input
                    .annotations
                    .iter()
                    .filter(|m| m.range.start <= c && c < m.range.end)
                    .min_by_key(|m| m.range.len());
                if let Some(mark) = hit {
                    actions.push(Action::SelectAnnotationQuietly(mark.id));
                }
            }
        }
    }
    if response.double_clicked()
        && let Some(c) = response
            .interact_pointer_pos()
            .and_then(|p| char_at(laid, doc, p))
    {
        let range = word_at(doc.text.as_str(), c);
        state.selection = Some(Selection {
            anchor: range.start,
            head: range.end,
        });
        keep(state);
    }
    if response.triple_clicked()
        && let Some(c) = response
            .interact_pointer_pos()
            .and_then(|p| char_at(laid, doc, p))
        && let Some(r) = paragraph_range(doc, c)
    {
        state.selection = Some(Selection {
            anchor: r.start,
            head: r.end,
        });
        keep(state);
    }
    if response.secondary_clicked()
        && let Some(c) = response
            .interact_pointer_pos()
            .and_then(|p| char_at(laid, doc, p))
    {
        state.menu_char = Some(c);
        let inside = state.selection.is_some_and(|s| s.range().contains(&c));
        if !inside {
            let range = word_at(doc.text.as_str(), c);
            state.selection = Some(Selection {
                anchor: range.start,
                head: range.end,
            });
            keep(state);
        }
    }
}

/// Remembers a non-empty selection (it stays available to "Annotate" after focus moves).
fn keep(state: &mut ReaderState) {
    if let Some(s) = state.selection.filter(|s| !s.is_empty()) {
        state.kept = Some(s.range());
        state.region = None;
    }
}

/// Extends the selection to whole words at both ends, keeping its direction. A drag
/// whose head went past the end of a line stops at that line's last word.
fn snap_to_words(sel: &mut Selection, doc: &Document, head_past_line_end: bool) {
    if sel.is_empty() {
        return;
    }
    let r = if head_past_line_end && sel.head > sel.anchor {
        doc.text.snap_to_words_before_line_end(sel.range())
    } else {
        doc.text.snap_to_words(sel.range())
    };
    if sel.head >= sel.anchor {
        *sel = Selection {
            anchor: r.start,
            head: r.end,
        };
    } else {
        *sel = Selection {
            anchor: r.end,
            head: r.start,
        };
    }
}

/// Dragging above or below the visible text scrolls it.
fn autoscroll(ui: &Ui, response: &egui::Response, pointer: Pos2) {
    let rect = response.rect;
    let edge = 24.0;
    let delta = if pointer.y < rect.top() + edge {
        (rect.top() + edge - pointer.y).min(60.0)
    } else if pointer.y > rect.bottom() - edge {
        -(pointer.y - (rect.bottom() - edge)).min(60.0)
    } else {
        0.0
    };
    if delta != 0.0 {
        ui.scroll_with_delta(vec2(0.0, delta * 0.5));
        ui.ctx().request_repaint();
    }
}

fn handle_keys(ui: &Ui, state: &mut ReaderState, doc: &Document, actions: &mut Vec<Action>) {
    let len = doc.text.char_len();
    let text = doc.text.as_str();
    let events = ui.input(|i| i.events.clone());
    for event in events {
        match event {
            egui::Event::Copy => {
                if let Some(r) = state.selection.map(|s| s.range()).filter(|r| !r.is_empty())
                    && let Some(s) = doc.text.slice(r)
                {
                    ui.ctx().copy_text(s.to_owned());
                }
            }
            egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } => {
                let head = state.selection.map_or(0, |s| s.head);
                let moved = match key {
                    Key::ArrowLeft if modifiers.command => Some(word_boundaries(text, head).0),
                    Key::ArrowRight if modifiers.command => Some(word_boundaries(text, head).1),
                    Key::ArrowLeft => Some(head.saturating_sub(1)),
                    Key::ArrowRight => Some((head + 1).min(len)),
                    Key::Home => Some(paragraph_range(doc, head).map_or(0, |r| r.start)),
                    Key::End => Some(paragraph_range(doc, head).map_or(len, |r| r.end)),
                    Key::A if modifiers.command => {
                        state.selection = Some(Selection {
                            anchor: 0,
                            head: len,
                        });
                        keep(state);
                        None
                    }
                    Key::Escape => {
                        state.clear_selection();
                        None
                    }
                    Key::Enter
                        if modifiers == Modifiers::NONE && state.selected_range().is_some() =>
                    {
                        actions.push(Action::Ui(UiCommand::AnnotateSelection));
                        None
                    }
                    _ => None,
                };
                if let Some(c) = moved {
                    match (&mut state.selection, modifiers.shift) {
                        (Some(sel), true) => sel.head = c,
                        (sel, _) => *sel = Some(Selection { anchor: c, head: c }),
                    }
                    keep(state);
                    state.scroll_to = Some(c);
                }
            }
            _ => {}
        }
    }
}

fn context_menu(
    response: &egui::Response,
    state: &ReaderState,
    doc: &Document,
    input: &ReaderInput,
    actions: &mut Vec<Action>,
) {
    let selected = state.selected_range();
    // Borrowed: copied only when a menu item is clicked (a selection can be long).
    let phrase: Option<&str> = selected.clone().and_then(|r| doc.text.slice(r));
    // The place mention the menu was opened on, if any: the innermost one.
    let place = state.menu_char.and_then(|c| {
        input
            .entities
            .iter()
            .filter(|m| m.kind == crate::entities::EntityKind::Loc && m.range.contains(&c))
            .min_by_key(|m| m.range.len())
    });
    response.context_menu(|ui| {
        let has = selected.is_some();
        if ui
            .add_enabled(
                has,
                egui::Button::new("Annotate…").shortcut_text(
                    UiCommand::AnnotateSelection
                        .shortcut_text(ui.ctx())
                        .unwrap_or_default(),
                ),
            )
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::AnnotateSelection));
            ui.close();
        }
        ui.add_enabled_ui(has && !input.tags.is_empty(), |ui| {
            ui.menu_button("Tag as", |ui| {
                for tag in input.tags {
                    let label = egui::RichText::new(format!("■ {}", tag.path));
                    if ui.button(label.color(tag.colour)).clicked() {
                        actions.push(Action::AnnotateSelectionWith {
                            tags: vec![tag.id],
                            note: String::new(),
                        });
                        ui.close();
                    }
                }
            });
        });
        ui.separator();
        ui.add_enabled_ui(has, |ui| {
            ui.menu_button("Mark as entity", |ui| {
                for kind in crate::entities::EntityKind::ALL {
                    let (label, name) = (kind.label(), kind.display_name());
                    if ui.button(format!("{name} ({label})")).clicked() {
                        if let Some(p) = phrase {
                            actions.push(Action::MarkEntity {
                                phrase: p.to_owned(),
                                kind,
                            });
                        }
                        ui.close();
                    }
                }
            });
            if ui.button("Not an entity").clicked() {
                if let Some(p) = phrase {
                    actions.push(Action::NotAnEntity {
                        phrase: p.to_owned(),
                    });
                }
                ui.close();
            }
        });
        if let Some(mark) = place {
            crate::app::panels::entity_place::link_menu(
                ui,
                &mark.name,
                mark.place.as_ref(),
                actions,
            );
        }
        ui.separator();
        if ui
            .add_enabled(
                has,
                egui::Button::new("Copy").shortcut_text(
                    ui.ctx()
                        .format_shortcut(&egui::KeyboardShortcut::new(Modifiers::COMMAND, Key::C)),
                ),
            )
            .clicked()
        {
            if let Some(p) = phrase {
                ui.ctx().copy_text(p.to_owned());
            }
            ui.close();
        }
        let find = UiCommand::FindInDocument;
        if ui
            .add_enabled(
                has,
                egui::Button::new("Find in Document")
                    .shortcut_text(find.shortcut_text(ui.ctx()).unwrap_or_default()),
            )
            .clicked()
        {
            // The command opens the find bar with the selection as the query.
            actions.push(Action::Ui(find));
            ui.close();
        }
    });
}

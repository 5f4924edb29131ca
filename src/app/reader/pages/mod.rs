//! The page view: a document with a page layout (a PDF's text positions, OCR's word
//! boxes) shown as its pages, drawn by `corpus::raster` on a worker at the screen's scale,
//! only the pages on screen, kept as textures within a memory bound ([`cache`]). Entity
//! backgrounds, find hits, annotation bars, the jump flash and the selection are drawn at
//! their words' boxes in the text reader's colours; a drag over words selects them in the
//! reader's own selection, so the annotation panel annotates it as usual. With the region
//! tool (or Shift held) a drag draws a box instead ([`region`]): a region to code, and
//! region annotations are outlined on their pages.

mod cache;
mod region;
mod render;
pub mod thumbs;

use std::ops::Range;
use std::path::Path;

use egui::{Color32, CursorIcon, Pos2, Rect, RichText, ScrollArea, Sense, Ui, pos2, vec2};

use super::{ReaderInput, ReaderState, Selection, paint};
use crate::app::actions::Action;
use crate::app::theme;
use crate::corpus::layout::{PageLayout, PageRect};
use crate::corpus::{Document, Format};
use cache::TextureCache;
use render::{PagesOf, Renderer, Request, Source};

pub use cache::TEXTURE_BUDGET_BYTES;

/// The space between two pages, in points of the screen.
const PAGE_GAP: f32 = 12.0;
/// Pages are never shown wider than this (points of the screen), however wide the window.
const MAX_PAGE_WIDTH: f32 = 900.0;
/// A drag selects the word nearest the pointer within this many points of the page.
const WORD_REACH: f32 = 24.0;

/// The page view's state, kept between frames.
#[derive(Default)]
pub struct PageView {
    /// Whether the reader shows pages rather than the text (for documents that have them).
    pub on: bool,
    /// The document whose pages are cached.
    file: Option<PagesOf>,
    textures: TextureCache,
    renderer: Option<Renderer>,
    /// Why the file's pages cannot be drawn (shown instead of them).
    error: Option<String>,
    /// The word a drag started on (index into the layout's words).
    press_word: Option<usize>,
    viewport_height: f32,
    /// Whether a drag on a page draws a region rather than selecting words.
    pub region_tool: bool,
    /// The region being drawn.
    band: Option<region::Band>,
    /// A region to scroll to on the next frame.
    reveal: Option<crate::project::PageRegion>,
}

impl PageView {
    /// How many pages are held drawn.
    pub fn drawn(&self) -> usize {
        self.textures.len()
    }

    /// Scrolls to `region` on the next frame (its box in the middle of the view).
    pub fn reveal(&mut self, region: crate::project::PageRegion) {
        self.reveal = Some(region);
    }
}

/// What a document's pages are drawn from: its file, or the file it is a part of (read
/// again by the worker), in the corpus folder `root`.
pub(super) fn source_of(doc: &Document, root: &Path) -> (PagesOf, Source) {
    let of = PagesOf {
        root: root.to_path_buf(),
        id: doc.path.clone(),
    };
    match doc.format {
        Format::Pdf => (of, Source::Pdf),
        _ => (of, Source::Image),
    }
}

/// Where the pages go on screen this frame: one scale for all (the widest page fits the
/// column), each page's top from the content's top.
struct Geometry {
    /// Screen points per page point.
    fit: f32,
    left: f32,
    tops: Vec<f32>,
    total: f32,
}

impl Geometry {
    fn new(layout: &PageLayout, width: f32) -> Self {
        let widest = layout.pages.iter().map(|p| p.width).fold(1.0_f32, f32::max);
        let column = (width - theme::SPACE_L * 2.0).clamp(120.0, MAX_PAGE_WIDTH);
        let fit = column / widest;
        let mut tops = Vec::with_capacity(layout.pages.len());
        let mut y = theme::SPACE_L;
        for page in &layout.pages {
            tops.push(y);
            y += page.height.max(1.0) * fit + PAGE_GAP;
        }
        Self {
            fit,
            left: ((width - column) / 2.0).max(0.0),
            tops,
            total: y + theme::SPACE_L,
        }
    }

    /// The pages whose extent meets `top..bottom` (content coordinates).
    fn visible(&self, top: f32, bottom: f32) -> Range<usize> {
        let first = self.tops.partition_point(|&t| t <= top).saturating_sub(1);
        let mut last = first;
        while last < self.tops.len() && self.tops[last] < bottom {
            last += 1;
        }
        first..last.max(first)
    }

    /// A page's rectangle on screen.
    fn page_rect(&self, layout: &PageLayout, origin: Pos2, page: usize) -> Rect {
        let size = layout.pages[page];
        let min = pos2(origin.x + self.left, origin.y + self.tops[page]);
        Rect::from_min_size(
            min,
            vec2(
                size.width.max(1.0) * self.fit,
                size.height.max(1.0) * self.fit,
            ),
        )
    }

    /// A screen point as a point of the page drawn at `page_rect` (page units).
    fn to_page(&self, page_rect: Rect, p: Pos2) -> (f32, f32) {
        (
            (p.x - page_rect.min.x) / self.fit,
            (p.y - page_rect.min.y) / self.fit,
        )
    }

    /// A box on a page as a screen rectangle.
    fn on_screen(&self, page_rect: Rect, r: PageRect) -> Rect {
        Rect::from_min_size(
            page_rect.min + vec2(r.x * self.fit, r.y * self.fit),
            vec2(r.w * self.fit, r.h * self.fit),
        )
    }

    /// The scale pages are drawn at (pixels per point), in steps of 1/8 so that a small
    /// resize reuses the pages drawn.
    fn draw_scale(&self, pixels_per_point: f32) -> f32 {
        ((self.fit * pixels_per_point * 8.0).ceil() / 8.0).max(0.125)
    }
}

/// Draws the document's pages (the reader's header is above); `root` is the corpus folder.
pub fn show(
    ui: &mut Ui,
    state: &mut ReaderState,
    input: &ReaderInput,
    root: &Path,
    actions: &mut Vec<Action>,
) {
    let doc = input.doc;
    let Some(layout) = doc.layout.clone() else {
        return;
    };
    let (file, source) = source_of(doc, root);
    let view = &mut state.pages;
    if view.file.as_ref() != Some(&file) {
        view.file = Some(file.clone());
        view.textures.clear();
        view.error = None;
        view.press_word = None;
        view.band = None;
    }
    let ctx = ui.ctx().clone();
    let renderer = view
        .renderer
        .get_or_insert_with(|| Renderer::start(move || ctx.request_repaint()));
    for drawn in renderer.drain() {
        if drawn.of != file {
            continue;
        }
        match drawn.pixels {
            Ok(pixels) => {
                let image = egui::ColorImage::from_rgba_unmultiplied(
                    [pixels.width as usize, pixels.height as usize],
                    &pixels.rgba,
                );
                let texture = ui.ctx().load_texture(
                    format!("page-{}", drawn.page),
                    image,
                    egui::TextureOptions::LINEAR,
                );
                view.textures.insert(drawn.page, texture, drawn.scale);
            }
            Err(why) => view.error = Some(why),
        }
    }
    if let Some(why) = &view.error {
        ui.add_space(theme::SPACE_L);
        ui.vertical_centered(|ui| {
            ui.label(
                RichText::new(format!("The pages cannot be drawn: {why}"))
                    .color(theme::error(input.dark)),
            )
        });
        return;
    }

    let geometry = Geometry::new(&layout, ui.available_width());
    let mut area = ScrollArea::vertical()
        .id_salt(("pages", doc.path.as_str()))
        .auto_shrink(false);
    if let Some(region) = state.pages.reveal.take() {
        state.scroll_to = None;
        if let Some(top) = geometry.tops.get(region.page as usize) {
            let middle = top + (region.y + region.h / 2.0) * geometry.fit;
            let y = middle - state.pages.viewport_height / 2.0;
            area = area.vertical_scroll_offset(y.max(0.0));
        }
    } else if let Some(at) = state.scroll_to.take()
        && let Some((page, rect)) = layout.page_of_char(at)
        && let Some(top) = geometry.tops.get(page)
    {
        let y = top + rect.y * geometry.fit - state.pages.viewport_height / 3.0;
        area = area.vertical_scroll_offset(y.max(0.0));
    }
    area.show_viewport(ui, |ui, viewport| {
        state.pages.viewport_height = viewport.height();
        let (content, _) =
            ui.allocate_exact_size(vec2(ui.available_width(), geometry.total), Sense::hover());
        let origin = content.min;
        let pages = geometry.visible(viewport.min.y, viewport.max.y);
        request_pages(ui, state, &layout, &geometry, &file, source, pages.clone());
        for page in pages {
            let rect = geometry.page_rect(&layout, origin, page);
            draw_page(ui, state, page, rect);
            overlays(ui, state, input, &layout, &geometry, page, rect);
            region::outlines(ui, state, input, &geometry, page, rect);
            drag_select(ui, state, input, &layout, &geometry, (page, rect), actions);
        }
    });
}

/// Asks the worker for the visible pages not drawn at the current scale (the page the
/// user looks at, nearest the top, last: it is drawn first).
fn request_pages(
    ui: &Ui,
    state: &mut ReaderState,
    layout: &PageLayout,
    geometry: &Geometry,
    file: &PagesOf,
    source: Source,
    pages: Range<usize>,
) {
    let scale = geometry.draw_scale(ui.ctx().pixels_per_point());
    let max_side = ui.ctx().input(|i| i.max_texture_side) as f32;
    let view = &mut state.pages;
    let mut wanted = Vec::new();
    for page in pages.rev() {
        // No side longer than the GPU's textures allow.
        let longest = layout.pages[page]
            .width
            .max(layout.pages[page].height)
            .max(1.0);
        let scale = scale.min((max_side - 1.0) / longest);
        let fresh = view
            .textures
            .get(page)
            .is_some_and(|t| (t.scale - scale).abs() < 1e-3);
        let pending = view
            .renderer
            .as_ref()
            .is_some_and(|r| r.is_pending(page, scale));
        if !fresh && !pending {
            wanted.push(Request {
                of: file.clone(),
                source,
                page,
                scale,
            });
        }
    }
    if !wanted.is_empty()
        && let Some(renderer) = &mut view.renderer
    {
        renderer.want(wanted);
    }
}

/// The page's pixels (stretched from another scale until redrawn), or a blank page while
/// it is drawn.
fn draw_page(ui: &Ui, state: &mut ReaderState, page: usize, rect: Rect) {
    let painter = ui.painter();
    painter.rect_filled(rect.expand(1.0), 0.0, Color32::from_gray(160));
    match state.pages.textures.get(page) {
        Some(t) => {
            let uv = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));
            painter.image(t.texture.id(), rect, uv, Color32::WHITE);
        }
        None => {
            painter.rect_filled(rect, 0.0, Color32::WHITE);
            painter.text(
                rect.center(),
                egui::Align2::CENTER_CENTER,
                format!("Page {}", page + 1),
                egui::FontId::proportional(14.0),
                Color32::from_gray(150),
            );
        }
    }
}

/// Entity backgrounds, find hits, annotation bars, the flash and the selection over the
/// words of `page` (a white page: the light theme's colours, translucent over the ink).
fn overlays(
    ui: &Ui,
    state: &ReaderState,
    input: &ReaderInput,
    layout: &PageLayout,
    geometry: &Geometry,
    page: usize,
    rect: Rect,
) {
    let words = layout.words_on(page);
    let (Some(first), Some(last)) = (
        layout.words.get(words.start),
        words.end.checked_sub(1).and_then(|i| layout.words.get(i)),
    ) else {
        return;
    };
    let on_page = first.start as usize..last.end as usize;
    let painter = ui.painter_at(rect);
    let fill = |range: &Range<usize>, colour: Color32| {
        for w in layout.words_in(range.start, range.end) {
            if w.page as usize == page {
                painter.rect_filled(geometry.on_screen(rect, w.rect), 1.0, colour);
            }
        }
    };
    for mark in paint::entities_in(input.entities, &on_page) {
        fill(
            &mark.range,
            theme::entity_colour(mark.kind, false).gamma_multiply(0.45),
        );
    }
    let current = state.find.current.and_then(|i| state.find.hits.get(i));
    for hit in paint::intersecting(&state.find.hits, &on_page, |h| h) {
        let is_current = current == Some(hit);
        fill(
            hit,
            paint::find_colour(false, is_current).gamma_multiply(0.6),
        );
    }
    // A region annotation is outlined instead (`region::outlines`).
    for mark in input.annotations.iter().filter(|m| {
        m.region.is_none() && m.range.start < on_page.end && m.range.end > on_page.start
    }) {
        let thickness = if mark.selected { 3.0 } else { 2.0 };
        for w in layout.words_in(mark.range.start, mark.range.end) {
            if w.page as usize == page {
                let r = geometry.on_screen(rect, w.rect);
                let bar =
                    Rect::from_min_max(pos2(r.min.x, r.max.y), pos2(r.max.x, r.max.y + thickness));
                painter.rect_filled(bar, 0.0, mark.colour);
            }
        }
    }
    for low in paint::intersecting(&state.low_confidence, &on_page, |r| r) {
        for w in layout.words_in(low.start, low.end) {
            if w.page as usize == page {
                let r = geometry.on_screen(rect, w.rect);
                dotted_underline(&painter, r, theme::warning(false));
            }
        }
    }
    if let Some((range, _)) = &state.flash {
        fill(range, theme::accent(false).gamma_multiply(0.25));
    }
    if let Some(sel) = state.selection.filter(|s| !s.is_empty()) {
        let colour = theme::accent(false).gamma_multiply(0.4);
        fill(&sel.range(), colour);
    }
}

/// A dotted line under a word: OCR was not sure of it.
pub fn dotted_underline(painter: &egui::Painter, word: Rect, colour: Color32) {
    let y = word.max.y + 1.5;
    let mut x = word.min.x;
    while x < word.max.x {
        painter.circle_filled(pos2(x + 0.75, y), 0.9, colour);
        x += 3.0;
    }
}

/// A drag on the page selects the words from the one it started on to the one under the
/// pointer (the reader's selection: the annotation panel annotates it); with the region
/// tool or Shift it draws a region instead. A click on a region annotation selects it,
/// elsewhere it clears the selection.
fn drag_select(
    ui: &Ui,
    state: &mut ReaderState,
    input: &ReaderInput,
    layout: &PageLayout,
    geometry: &Geometry,
    (page, rect): (usize, Rect),
    actions: &mut Vec<Action>,
) {
    let id = ui.scope_id().with(("page", page));
    let drawing = state.pages.region_tool || ui.input(|i| i.modifiers.shift);
    let response = ui
        .interact(rect, id, Sense::click_and_drag())
        .on_hover_cursor(if drawing {
            CursorIcon::Crosshair
        } else {
            CursorIcon::Text
        });
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, format!("Page {}", page + 1))
    });
    let to_page = |p: Pos2| geometry.to_page(rect, p);
    let word_at = |p: Pos2| {
        let (x, y) = to_page(p);
        layout.word_near(page, x, y, WORD_REACH)
    };
    if response.drag_started() {
        let origin = ui.input(|i| i.pointer.press_origin());
        if drawing {
            state.pages.press_word = None;
            state.pages.band = origin.map(|o| region::Band::new(page, to_page(o)));
        } else {
            state.pages.press_word = origin.and_then(word_at);
        }
    }
    if region::follow(ui, state, layout, geometry, (page, rect), &response) {
        return;
    }
    if response.dragged()
        && let (Some(from), Some(to)) = (
            state.pages.press_word,
            response.interact_pointer_pos().and_then(word_at),
        )
    {
        let (a, b) = (&layout.words[from.min(to)], &layout.words[from.max(to)]);
        state.selection = Some(Selection {
            anchor: a.start as usize,
            head: b.end as usize,
        });
        state.kept = Some(a.start as usize..b.end as usize);
        state.region = None;
    }
    if response.drag_stopped() {
        state.pages.press_word = None;
    }
    let under = |p: Option<Pos2>| p.and_then(|p| region::at(input, page, to_page(p)));
    if response.clicked() {
        match under(response.interact_pointer_pos()) {
            Some(mark) => actions.push(Action::SelectAnnotationQuietly(mark.id)),
            None => {
                state.selection = None;
                state.region = None;
            }
        }
    } else if let Some(mark) = under(response.hover_pos())
        && let Some(r) = &mark.region
    {
        response.on_hover_text_at_pointer(&r.hover);
    }
}

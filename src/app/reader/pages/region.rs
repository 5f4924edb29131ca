//! Regions of a page: a box drawn with the region tool (or Shift and a drag) becomes the
//! reader's region, which the annotation panel annotates as it does a passage (a
//! photograph, a stamp, a signature, a table: words inside or none); region annotations
//! are outlined on their pages in their first tag's colour, and say their tags and note
//! when hovered.

use egui::{Color32, Pos2, Rect, Response, Shape, Stroke, StrokeKind, Ui};

use super::super::{AnnotationMark, ReaderInput, ReaderState};
use super::Geometry;
use crate::app::theme;
use crate::corpus::layout::{PageLayout, PageRect, PageSize};
use crate::project::PageRegion;

/// A region's sides must be at least this long on screen (points): a click that moved a
/// little is not a region.
const MIN_SIDE: f32 = 4.0;

/// A region being drawn: the page, and the corners where the drag started and is now
/// (page units).
pub(super) struct Band {
    page: usize,
    from: (f32, f32),
    to: (f32, f32),
}

impl Band {
    pub(super) fn new(page: usize, at: (f32, f32)) -> Self {
        Self {
            page,
            from: at,
            to: at,
        }
    }

    /// The box between the two corners, held inside the page.
    fn rect(&self, size: PageSize) -> PageRect {
        let inside = |(x, y): (f32, f32)| {
            (
                x.clamp(0.0, size.width.max(0.0)),
                y.clamp(0.0, size.height.max(0.0)),
            )
        };
        let (a, b) = (inside(self.from), inside(self.to));
        PageRect {
            x: a.0.min(b.0),
            y: a.1.min(b.1),
            w: (a.0 - b.0).abs(),
            h: (a.1 - b.1).abs(),
        }
    }
}

/// Follows a region being drawn on `page`: moves its corner with the pointer and draws the
/// rubber band; on release the box becomes the reader's region (replacing a text
/// selection). Returns whether the drag on this page is a region's.
pub(super) fn follow(
    ui: &Ui,
    state: &mut ReaderState,
    layout: &PageLayout,
    geometry: &Geometry,
    (page, rect): (usize, Rect),
    response: &Response,
) -> bool {
    let Some(band) = state.pages.band.as_mut().filter(|b| b.page == page) else {
        return false;
    };
    if let Some(p) = response.interact_pointer_pos() {
        band.to = geometry.to_page(rect, p);
    }
    let Some(&size) = layout.pages.get(page) else {
        state.pages.band = None;
        return true;
    };
    let boxed = band.rect(size);
    let on_screen = geometry.on_screen(rect, boxed);
    if response.dragged() && !response.drag_stopped() {
        let accent = theme::accent(false);
        let painter = ui.painter_at(rect);
        painter.rect_filled(on_screen, 0.0, accent.gamma_multiply(0.12));
        painter.rect_stroke(on_screen, 0.0, Stroke::new(1.5, accent), StrokeKind::Inside);
        return true;
    }
    state.pages.band = None;
    if on_screen.width() >= MIN_SIDE
        && on_screen.height() >= MIN_SIDE
        && let Some(region) = PageRegion::new(page as u32, boxed)
    {
        state.region = Some(region);
        state.selection = None;
        state.kept = None;
    }
    true
}

/// Outlines the region annotations of `page` in their tag's colour (the selected one
/// thicker), and the region waiting to be annotated, dashed.
pub(super) fn outlines(
    ui: &Ui,
    state: &ReaderState,
    input: &ReaderInput,
    geometry: &Geometry,
    page: usize,
    rect: Rect,
) {
    let painter = ui.painter_at(rect);
    for mark in input.annotations {
        let Some(r) = mark
            .region
            .as_ref()
            .filter(|r| r.region.page as usize == page)
        else {
            continue;
        };
        let boxed = geometry.on_screen(rect, r.region.rect());
        // Named for assistive technology (and the window tests); the page above takes the
        // pointer.
        let id = ui.scope_id().with(("region", mark.id));
        ui.interact(boxed, id, egui::Sense::hover())
            .widget_info(|| {
                let label = format!("Coded region on page {}", page + 1);
                egui::WidgetInfo::labeled(egui::Role::Image, true, label)
            });
        let width = if mark.selected { 3.0 } else { 2.0 };
        painter.rect_filled(boxed, 0.0, mark.colour.gamma_multiply(0.10));
        painter.rect_stroke(
            boxed,
            0.0,
            Stroke::new(width, mark.colour),
            StrokeKind::Outside,
        );
    }
    if let Some(region) = state.region.filter(|r| r.page as usize == page) {
        let boxed = geometry.on_screen(rect, region.rect());
        let accent = theme::accent(false);
        painter.rect_filled(boxed, 0.0, accent.gamma_multiply(0.15));
        dashed(&painter, boxed, accent);
    }
}

/// A dashed outline: a region drawn, not yet annotated.
fn dashed(painter: &egui::Painter, r: Rect, colour: Color32) {
    let corners: Vec<Pos2> = vec![
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    painter.extend(Shape::dashed_line(
        &corners,
        Stroke::new(1.5, colour),
        6.0,
        4.0,
    ));
}

/// The region annotation of `page` at a point of the page (the smallest box holding it,
/// so that a region inside another can be chosen).
pub(super) fn at<'a>(
    input: &'a ReaderInput,
    page: usize,
    (x, y): (f32, f32),
) -> Option<&'a AnnotationMark> {
    input
        .annotations
        .iter()
        .filter_map(|m| Some((m, m.region.as_ref()?.region)))
        .filter(|(_, r)| r.page as usize == page && r.rect().contains(x, y))
        .min_by(|(_, a), (_, b)| (a.w * a.h).total_cmp(&(b.w * b.h)))
        .map(|(m, _)| m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_band_is_held_inside_its_page_whichever_way_it_was_dragged() {
        let size = PageSize {
            width: 100.0,
            height: 200.0,
        };
        let band = Band {
            page: 0,
            from: (80.0, 150.0),
            to: (-20.0, 250.0),
        };
        let r = band.rect(size);
        assert_eq!((r.x, r.y, r.w, r.h), (0.0, 150.0, 80.0, 50.0));
    }
}

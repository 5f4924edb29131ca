//! Pan and zoom of a drawing canvas, shared by the map and the network: a drag on the
//! empty canvas moves the view, the mouse wheel zooms towards the pointer (the point under
//! it stays under it), whatever covers the canvas (places, nodes) in between.

use egui::{Pos2, Rect, Response, Ui, vec2};

/// Where a canvas looks: the point of the drawing at the canvas centre and how many
/// drawing units one screen point covers. The drawing's y grows downwards, as the screen's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanZoom {
    pub centre: [f32; 2],
    pub per_point: f32,
}

impl PanZoom {
    /// Where the drawing point `p` is on the canvas `area`.
    pub fn to_screen(&self, area: Rect, p: [f32; 2]) -> Pos2 {
        area.center() + vec2(p[0] - self.centre[0], p[1] - self.centre[1]) / self.per_point
    }

    /// The drawing point under the screen point `s` of the canvas `area`.
    pub fn to_drawing(&self, area: Rect, s: Pos2) -> [f32; 2] {
        let d = (s - area.center()) * self.per_point;
        [self.centre[0] + d.x, self.centre[1] + d.y]
    }

    /// Pans by a drag of the canvas `response` and zooms with the wheel when the pointer is
    /// over its area (even over a node or place drawn on it), keeping `per_point` within
    /// `range` (most zoomed in, most zoomed out).
    pub fn interact(&mut self, ui: &Ui, response: &Response, range: [f32; 2]) {
        let area = response.rect;
        if response.dragged() {
            let d = response.drag_delta() * self.per_point;
            self.centre[0] -= d.x;
            self.centre[1] -= d.y;
        }
        let scroll = ui.input(|i| i.smooth_scroll_delta.y);
        let pointer = ui.input(|i| i.pointer.hover_pos());
        if let Some(pointer) = pointer.filter(|_| scroll != 0.0 && ui.rect_contains_pointer(area)) {
            self.zoom_at(area, pointer, (-scroll * 0.002).exp(), range);
        }
    }

    /// Multiplies `per_point` by `factor` (below 1 zooms in), within `range`, keeping the
    /// drawing point under `pointer` where it is.
    pub fn zoom_at(&mut self, area: Rect, pointer: Pos2, factor: f32, range: [f32; 2]) {
        let before = self.to_drawing(area, pointer);
        self.per_point = (self.per_point * factor).clamp(range[0], range[1]);
        let after = self.to_drawing(area, pointer);
        self.centre[0] += before[0] - after[0];
        self.centre[1] += before[1] - after[1];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_pointer_and_stays_in_range() {
        let area = Rect::from_min_size(Pos2::new(100.0, 50.0), vec2(400.0, 300.0));
        let mut view = PanZoom {
            centre: [10.0, -20.0],
            per_point: 0.5,
        };
        assert_eq!(view.to_screen(area, [10.0, -20.0]), area.center());
        let pointer = Pos2::new(420.0, 90.0);
        let under = view.to_drawing(area, pointer);
        let back = view.to_screen(area, under);
        assert!((back - pointer).length() < 1e-3);
        view.zoom_at(area, pointer, 0.25, [0.01, 1.0]);
        assert_eq!(view.per_point, 0.125);
        let now = view.to_screen(area, under);
        assert!((now - pointer).length() < 1e-3, "{now:?}");
        // Clamped: never closer than the range allows.
        view.zoom_at(area, pointer, 1e-6, [0.01, 1.0]);
        assert_eq!(view.per_point, 0.01);
        assert!((view.to_screen(area, under) - pointer).length() < 1e-2);
    }
}

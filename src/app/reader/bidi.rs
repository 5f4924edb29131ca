//! Drawing a paragraph that holds right-to-left text: egui shapes each piece (a word, a
//! space, a punctuation mark) on its own, and `text::bidi` breaks the lines and places
//! the pieces in visual order. egui has no bidirectional layout and maps positions inside
//! right-to-left runs wrongly, so hit-testing and highlight rectangles come from the
//! placed pieces and their measured advances, never from egui's cursors.

use std::ops::Range;
use std::sync::Arc;

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, Galley, Painter, Pos2, Rect, Vec2, pos2};

use crate::text::bidi::{BidiParagraph, LineHit, VisualLine, mirrored};

/// A paragraph laid out in visual order (relative to the left of the text column).
pub struct BidiLayout {
    lines: Vec<VisualLine>,
    /// Per piece: its shaped text, its char advances in logical order, its baseline.
    galleys: Vec<Arc<Galley>>,
    advances: Vec<Vec<f32>>,
    baselines: Vec<f32>,
    line_height: f32,
}

impl BidiLayout {
    /// Lays out paragraph `text` in `width`, with `format`; the first `quiet.0` chars (a
    /// heading's marker) are drawn in colour `quiet.1`.
    pub fn new(
        fonts: &mut egui::epaint::FontsView<'_>,
        text: &str,
        format: &TextFormat,
        quiet: (usize, Color32),
        width: f32,
    ) -> Self {
        let (quiet_before, quiet_colour) = quiet;
        let cuts: Vec<usize> = (quiet_before > 0)
            .then_some(quiet_before)
            .into_iter()
            .collect();
        let paragraph = BidiParagraph::new(text, &cuts);
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut galleys = Vec::with_capacity(paragraph.pieces.len());
        let mut advances = Vec::with_capacity(paragraph.pieces.len());
        let mut baselines = Vec::with_capacity(paragraph.pieces.len());
        for piece in &paragraph.pieces {
            let (a, b) = (bytes[piece.chars.start], bytes[piece.chars.end]);
            let mut s = text.get(a..b).unwrap_or_default().to_owned();
            if piece.newline {
                s.clear();
            } else if piece.rtl() && piece.chars.len() == 1 {
                s = s.chars().map(mirrored).collect();
            }
            let mut piece_format = format.clone();
            if piece.chars.start < quiet_before {
                piece_format.color = quiet_colour;
            }
            let mut job = LayoutJob::single_section(s, piece_format);
            job.wrap.max_width = f32::INFINITY;
            let galley = fonts.layout_job(job);
            let glyphs: Vec<&egui::epaint::text::Glyph> =
                galley.rows.iter().flat_map(|r| r.glyphs.iter()).collect();
            let n = if piece.newline { 0 } else { piece.chars.len() };
            let mut adv: Vec<f32> = if glyphs.len() == n {
                glyphs.iter().map(|g| g.advance_width).collect()
            } else {
                vec![galley.size().x / n.max(1) as f32; n]
            };
            // A right-to-left run's glyphs come out in visual order.
            if piece.rtl() {
                adv.reverse();
            }
            if piece.newline {
                adv = vec![0.0];
            }
            advances.push(adv);
            baselines.push(
                galley
                    .rows
                    .first()
                    .and_then(|r| r.glyphs.first().map(|g| r.pos.y + g.pos.y))
                    .unwrap_or(0.0),
            );
            galleys.push(galley);
        }
        let widths: Vec<f32> = galleys.iter().map(|g| g.size().x).collect();
        let lines = paragraph
            .break_lines(&widths, width)
            .into_iter()
            .map(|line| paragraph.place_line(line, &widths, width))
            .collect();
        Self {
            lines,
            galleys,
            advances,
            baselines,
            line_height: format.line_height.unwrap_or(format.font_id.size * 1.3),
        }
    }

    pub fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }

    fn advances_of(&self) -> impl Fn(usize) -> Vec<f32> + '_ {
        |i| self.advances.get(i).cloned().unwrap_or_default()
    }

    /// The line at height `y` (relative), clamped to the first and last.
    fn line_at(&self, y: f32) -> Option<(usize, &VisualLine)> {
        let i = ((y / self.line_height).floor().max(0.0) as usize)
            .min(self.lines.len().checked_sub(1)?);
        self.lines.get(i).map(|l| (i, l))
    }

    /// The paragraph-local char at `local` (relative to the paragraph's origin).
    pub fn hit(&self, local: Vec2) -> LineHit {
        match self.line_at(local.y) {
            Some((_, line)) => line.hit(local.x, self.advances_of()),
            None => LineHit {
                char: 0,
                past_end: false,
            },
        }
    }

    /// Rectangles (relative) covering paragraph-local chars `range`, one per visual span.
    pub fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            if line.chars.end < range.start || range.end <= line.chars.start {
                continue;
            }
            let top = i as f32 * self.line_height;
            for (x0, x1) in line.spans(&range, self.advances_of()) {
                out.push(Rect::from_min_max(
                    pos2(x0, top),
                    pos2(x1, top + self.line_height),
                ));
            }
        }
        out
    }

    /// Draws the pieces, each line's pieces on one baseline.
    pub fn paint(&self, painter: &Painter, origin: Pos2, colour: Color32) {
        for (i, line) in self.lines.iter().enumerate() {
            let top = origin.y + i as f32 * self.line_height;
            let baseline = line
                .placed
                .iter()
                .map(|p| self.baselines[p.piece])
                .fold(0.0f32, f32::max);
            for p in &line.placed {
                let Some(galley) = self.galleys.get(p.piece) else {
                    continue;
                };
                let dy = baseline - self.baselines[p.piece];
                painter.galley(pos2(origin.x + p.x, top + dy), galley.clone(), colour);
            }
        }
    }
}

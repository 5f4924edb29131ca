//! A laid-out paragraph: one egui galley (left-to-right text, egui's own layout) or
//! pieces placed in visual order (text with right-to-left letters, see `bidi.rs`). The
//! reader asks both the same things: height, rectangles of a char range, the char under
//! the pointer, and to paint.

use std::ops::Range;
use std::sync::Arc;

use egui::{Color32, Galley, Painter, Pos2, Rect, Vec2};

use super::bidi::BidiLayout;
use super::paint::row_rects;

pub enum Shape {
    Galley(Arc<Galley>),
    Bidi(Arc<BidiLayout>),
}

/// Where the pointer is in a paragraph.
#[derive(Clone, Copy, Debug)]
pub struct LocalHit {
    /// The paragraph-local char boundary nearest the pointer.
    pub char: usize,
    /// Beyond the end of its line (right of it, or left of it in right-to-left text).
    pub past_line_end: bool,
}

impl Shape {
    pub fn height(&self) -> f32 {
        match self {
            Self::Galley(g) => g.size().y,
            Self::Bidi(b) => b.height(),
        }
    }

    /// Rectangles (relative to the paragraph's origin) covering paragraph-local `chars`.
    pub fn rects(&self, chars: Range<usize>) -> Vec<Rect> {
        match self {
            Self::Galley(g) => row_rects(g, chars),
            Self::Bidi(b) => b.rects(chars),
        }
    }

    /// The char under `local` (relative to the paragraph's origin), at most `char_len`.
    pub fn hit(&self, local: Vec2, char_len: usize) -> LocalHit {
        let (char, past_line_end) = match self {
            Self::Galley(g) => {
                let cursor = g.cursor_from_pos(local);
                let past = g
                    .rows
                    .iter()
                    .find(|row| local.y < row.max_y())
                    .or_else(|| g.rows.last())
                    .is_some_and(|row| local.x > row.pos.x + row.row.size.x);
                (cursor.index.0, past)
            }
            Self::Bidi(b) => {
                let hit = b.hit(local);
                (hit.char, hit.past_end)
            }
        };
        LocalHit {
            char: char.min(char_len),
            past_line_end,
        }
    }

    pub fn paint(&self, painter: &Painter, pos: Pos2, colour: Color32) {
        match self {
            Self::Galley(g) => painter.galley(pos, g.clone(), colour),
            Self::Bidi(b) => b.paint(painter, pos, colour),
        }
    }
}

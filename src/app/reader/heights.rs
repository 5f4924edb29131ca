//! Paragraph heights: estimated for every paragraph up front, measured for the ones that
//! get laid out, kept as prefix sums so that "which paragraph is at y" and "where is
//! paragraph i" are binary searches.

use crate::corpus::Document;

/// What paragraph heights were estimated for.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HeightsKey {
    document: String,
    /// The measure, in whole points.
    width: u32,
    /// The font size, in tenths of a point.
    font_tenths: u32,
}

#[derive(Default)]
pub struct Heights {
    /// What the heights are for.
    key: Option<HeightsKey>,
    heights: Vec<f32>,
    /// `tops[i]` is the y of paragraph i; `tops[n]` the total height.
    tops: Vec<f32>,
}

impl Heights {
    /// Estimates every paragraph's height when the document, width or font size changed.
    pub fn ensure(&mut self, doc: &Document, width: f32, font_size: f32, gap: f32) {
        let key = HeightsKey {
            document: doc.path.clone(),
            width: width.round() as u32,
            font_tenths: (font_size * 10.0) as u32,
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        // Average advance of a serif face is about half the font size; rows are 1.5 high.
        let chars_per_row = (width / (font_size * 0.48)).max(10.0);
        let row = font_size * 1.5;
        self.heights = doc
            .text
            .paragraphs()
            .iter()
            .map(|p| {
                let newlines = doc.text.as_str()[p.bytes.clone()].matches('\n').count() as f32;
                let rows = (p.char_len as f32 / chars_per_row).ceil().max(1.0) + newlines;
                rows * row + gap
            })
            .collect();
        self.key = Some(key);
        self.rebuild();
    }

    fn rebuild(&mut self) {
        self.tops.clear();
        self.tops.reserve(self.heights.len() + 1);
        let mut y = 0.0;
        for h in &self.heights {
            self.tops.push(y);
            y += h;
        }
        self.tops.push(y);
    }

    /// Replaces estimates by measured heights; true if anything moved.
    pub fn correct(&mut self, measured: &[(usize, f32)]) -> bool {
        let mut changed = false;
        for &(i, h) in measured {
            if let Some(old) = self.heights.get_mut(i)
                && (*old - h).abs() > 0.5
            {
                *old = h;
                changed = true;
            }
        }
        if changed {
            self.rebuild();
        }
        changed
    }

    pub fn total(&self) -> f32 {
        self.tops.last().copied().unwrap_or(0.0)
    }

    /// The paragraph at height `y` (the last one past the end).
    pub fn index_at(&self, y: f32) -> usize {
        let n = self.heights.len();
        if n == 0 {
            return 0;
        }
        self.tops[..n]
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
    }

    pub fn top_of(&self, index: usize) -> f32 {
        self.tops
            .get(index)
            .copied()
            .unwrap_or_else(|| self.total())
    }

    /// The y of the paragraph holding char `pos`, plus an estimate of the row inside it.
    pub fn y_of_char(&self, doc: &Document, pos: usize) -> f32 {
        let Some(i) = doc.text.paragraph_at(pos) else {
            return self.total();
        };
        let para = &doc.text.paragraphs()[i];
        let within = if para.char_len == 0 {
            0.0
        } else {
            (pos.saturating_sub(para.char_start) as f32 / para.char_len as f32).min(1.0)
        };
        self.top_of(i) + within * self.heights.get(i).copied().unwrap_or(0.0) * 0.9
    }
}

//! Where a document's words are on its pages: what the page view draws highlights,
//! annotations and search hits on, and what a selection on a page turns into a char range.
//!
//! A paged document (PDF, an image, a multi-page TIFF) has one [`PageSize`] per page and a
//! [`WordBox`] per word the reader could place: from the PDF's text positions or from OCR.
//! Boxes are in PDF points (1/72 inch) from the page's top-left corner, y growing down; an
//! image's page is its size in pixels at 72 dpi, so every page is measured one way.

use serde::{Deserialize, Serialize};

/// The size of one page, in points.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageSize {
    /// Width, in points.
    pub width: f32,
    /// Height, in points.
    pub height: f32,
}

/// A rectangle on a page, in points from the page's top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageRect {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

/// One word of the text and where it is on its page.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WordBox {
    /// Char offset of the word's first char in the document's text.
    pub start: u32,
    /// Char offset one past its last char.
    pub end: u32,
    /// The page, counted from 0.
    pub page: u32,
    /// Where it is on the page.
    pub rect: PageRect,
    /// OCR's confidence in the word, 0 to 100; `None` for a text layer's own words.
    pub confidence: Option<f32>,
}

/// The pages of a document and its words on them, in text order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageLayout {
    /// One entry per page.
    pub pages: Vec<PageSize>,
    /// The words placed, in the order of their `start`.
    pub words: Vec<WordBox>,
}

impl PageLayout {
    /// The words that overlap the char range `start..end`, found by binary search.
    pub fn words_in(&self, start: usize, end: usize) -> &[WordBox] {
        let first = self.words.partition_point(|w| (w.end as usize) <= start);
        let last = self.words.partition_point(|w| (w.start as usize) < end);
        &self.words[first..last.max(first)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(start: u32, end: u32) -> WordBox {
        WordBox {
            start,
            end,
            page: 0,
            rect: PageRect::default(),
            confidence: None,
        }
    }

    #[test]
    fn words_in_a_range_are_those_that_overlap_it() {
        let layout = PageLayout {
            pages: vec![PageSize {
                width: 612.0,
                height: 792.0,
            }],
            words: vec![word(0, 5), word(6, 11), word(12, 17)],
        };
        let starts = |s, e| {
            layout
                .words_in(s, e)
                .iter()
                .map(|w| w.start)
                .collect::<Vec<_>>()
        };
        assert_eq!(starts(0, 5), vec![0]);
        assert_eq!(starts(4, 7), vec![0, 6]);
        assert_eq!(starts(5, 6), Vec::<u32>::new());
        assert_eq!(starts(13, 100), vec![12]);
    }
}

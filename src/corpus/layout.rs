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

/// OCR words below this confidence (0 to 100) are marked for checking: a dotted underline
/// in the text reader and on the page.
pub const LOW_CONFIDENCE: f32 = 60.0;

impl PageRect {
    /// Whether the point `(x, y)` is inside.
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }

    /// The distance from the point `(x, y)` to the rectangle (0 inside).
    pub fn distance(&self, x: f32, y: f32) -> f32 {
        let dx = (self.x - x).max(x - (self.x + self.w)).max(0.0);
        let dy = (self.y - y).max(y - (self.y + self.h)).max(0.0);
        dx.hypot(dy)
    }
}

impl PageLayout {
    /// The words that overlap the char range `start..end`, found by binary search.
    pub fn words_in(&self, start: usize, end: usize) -> &[WordBox] {
        &self.words[self.word_indices(start, end)]
    }

    /// The indices of the words that overlap the char range `start..end`.
    pub fn word_indices(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        let first = self.words.partition_point(|w| (w.end as usize) <= start);
        let last = self.words.partition_point(|w| (w.start as usize) < end);
        first..last.max(first)
    }

    /// The indices of the words on `page` (words are in text order, pages in page order).
    pub fn words_on(&self, page: usize) -> std::ops::Range<usize> {
        let first = self.words.partition_point(|w| (w.page as usize) < page);
        let last = self.words.partition_point(|w| (w.page as usize) <= page);
        first..last.max(first)
    }

    /// The page a char is on: that of the first word ending after it (`None` past the last
    /// word, or without words).
    pub fn page_of_char(&self, at: usize) -> Option<(usize, PageRect)> {
        let i = self.words.partition_point(|w| (w.end as usize) <= at);
        self.words.get(i).map(|w| (w.page as usize, w.rect))
    }

    /// The index of the word on `page` nearest to the point `(x, y)` (in points), if one
    /// is within `reach` points of it.
    pub fn word_near(&self, page: usize, x: f32, y: f32, reach: f32) -> Option<usize> {
        self.words_on(page)
            .map(|i| (i, self.words[i].rect.distance(x, y)))
            .filter(|&(_, d)| d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    /// The char ranges of words whose OCR confidence is below [`LOW_CONFIDENCE`], in text
    /// order, touching ones merged (a text layer's words have no confidence: none).
    pub fn low_confidence(&self) -> Vec<std::ops::Range<usize>> {
        let mut out: Vec<std::ops::Range<usize>> = Vec::new();
        for w in &self.words {
            if w.confidence.is_none_or(|c| c >= LOW_CONFIDENCE) {
                continue;
            }
            let (start, end) = (w.start as usize, w.end as usize);
            match out.last_mut() {
                Some(last) if last.end >= start => last.end = last.end.max(end),
                _ => out.push(start..end),
            }
        }
        out
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

    fn placed(start: u32, end: u32, page: u32, x: f32, confidence: Option<f32>) -> WordBox {
        WordBox {
            start,
            end,
            page,
            rect: PageRect {
                x,
                y: 100.0,
                w: 20.0,
                h: 10.0,
            },
            confidence,
        }
    }

    #[test]
    fn words_are_found_by_page_by_point_and_by_char() {
        let layout = PageLayout {
            pages: vec![PageSize::default(); 3],
            words: vec![
                placed(0, 3, 0, 10.0, None),
                placed(4, 8, 0, 40.0, None),
                placed(9, 12, 2, 10.0, None),
            ],
        };
        assert_eq!(layout.words_on(0), 0..2);
        assert_eq!(layout.words_on(1), 2..2);
        assert_eq!(layout.words_on(2), 2..3);
        assert_eq!(layout.word_near(0, 45.0, 105.0, 5.0), Some(1));
        assert_eq!(layout.word_near(0, 33.0, 105.0, 5.0), Some(0));
        assert_eq!(layout.word_near(0, 45.0, 200.0, 5.0), None);
        assert_eq!(layout.word_near(1, 45.0, 105.0, 50.0), None);
        assert_eq!(layout.page_of_char(3).map(|p| p.0), Some(0));
        assert_eq!(layout.page_of_char(10).map(|p| p.0), Some(2));
        assert_eq!(layout.page_of_char(12), None);
    }

    #[test]
    fn low_confidence_words_are_found_and_neighbours_merged() {
        let layout = PageLayout {
            pages: vec![PageSize::default()],
            words: vec![
                placed(0, 3, 0, 0.0, Some(95.0)),
                placed(4, 8, 0, 0.0, Some(41.0)),
                placed(8, 10, 0, 0.0, Some(12.0)),
                placed(11, 14, 0, 0.0, Some(LOW_CONFIDENCE)),
                placed(15, 19, 0, 0.0, Some(59.9)),
                placed(20, 24, 0, 0.0, None),
            ],
        };
        assert_eq!(layout.low_confidence(), vec![4..10, 15..19]);
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

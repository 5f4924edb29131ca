//! Collecting positioned glyphs from `pdf-extract` and grouping them into lines.
//!
//! `pdf-extract` interprets the content streams (fonts, encodings, text matrices) and calls
//! an [`OutputDev`] for every glyph with its text rendering matrix. We keep the glyph's
//! position on the page (y measured downwards from the top), its size and advance, and
//! build lines in content-stream order: a glyph starts a new line when it sits on another
//! baseline or jumps back to the left. Words are separated where the gap between glyphs
//! is wider than a fraction of the font size, since many PDFs draw no space characters.
//!
//! The collector also enforces the extraction's budgets: a cap on the number of glyphs
//! and the time budget, checked as glyphs and lines arrive, so a hostile content stream
//! ends the extraction with an error instead of running away with memory or time.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::symbol::standard_text;
use crate::corpus::formats::budget::Budget;

/// A gap wider than this many ems between two glyphs is a word space.
const SPACE_GAP_EM: f64 = 0.15;
/// A glyph further left than this many ems from the end of the line starts a new line.
const BACK_JUMP_EM: f64 = 2.0;
/// A baseline shift larger than this many ems starts a new line (smaller: super/subscript).
const BASELINE_SHIFT_EM: f64 = 0.5;

/// One line of text on a page.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    /// Left edge, right edge (end of the last glyph's advance), baseline from the top.
    pub x0: f64,
    pub x1: f64,
    pub y: f64,
    /// The largest font size on the line, in page units.
    pub size: f64,
    /// The words of `text`, where they are (for the page view's word boxes).
    pub words: Vec<LineWord>,
    /// The number of chars in `text`.
    pub chars: usize,
}

/// One word of a [`Line`]: its chars in the line's text and its extent on the page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LineWord {
    /// Char offsets in the line's text, end-exclusive.
    pub start: usize,
    pub end: usize,
    /// Left and right edges.
    pub x0: f64,
    pub x1: f64,
    /// The largest font size of its glyphs.
    pub size: f64,
}

/// Where a page is in user space: its origin and extent (the media box), so that glyph
/// positions can be given from the page's top-left corner as the page view draws it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PageFrame {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// Glyphs (or other calls) between two looks at the clock.
const CLOCK_EVERY: usize = 4096;

/// Why collection stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    TooMuchText,
    TooSlow,
}

pub struct Collector {
    pub pages: Vec<Vec<Line>>,
    /// One per page, in the order of `pages`.
    pub frames: Vec<PageFrame>,
    page_top: f64,
    page_left: f64,
    glyphs: usize,
    max_glyphs: usize,
    budget: Budget,
    /// Calls since the clock was last read.
    calls: usize,
    pub stopped: Option<Stop>,
}

impl Collector {
    pub fn new(max_glyphs: usize, budget: Budget) -> Self {
        Self {
            pages: Vec::new(),
            frames: Vec::new(),
            page_top: 0.0,
            page_left: 0.0,
            glyphs: 0,
            max_glyphs,
            budget,
            calls: 0,
            stopped: None,
        }
    }

    fn stop(&mut self, why: Stop) -> Result<(), OutputError> {
        self.stopped = Some(why);
        Err(OutputError::FormatError(std::fmt::Error))
    }

    /// Stops once the time budget is spent: the abandon flag at every call (a thread whose
    /// result nobody waits for any more ends soon), the clock every [`CLOCK_EVERY`] calls.
    fn check_time(&mut self) -> Result<(), OutputError> {
        self.calls += 1;
        let spent = if self.calls.is_multiple_of(CLOCK_EVERY) {
            self.budget.is_spent()
        } else {
            self.budget.is_abandoned()
        };
        if spent {
            return self.stop(Stop::TooSlow);
        }
        Ok(())
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_top = media_box.ury.max(media_box.lly);
        self.page_left = media_box.llx.min(media_box.urx);
        self.frames.push(PageFrame {
            left: self.page_left,
            top: self.page_top,
            width: (media_box.urx - media_box.llx).abs(),
            height: (media_box.ury - media_box.lly).abs(),
        });
        self.pages.push(Vec::new());
        if self.budget.is_spent() {
            return self.stop(Stop::TooSlow);
        }
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.check_time()
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > self.max_glyphs {
            return self.stop(Stop::TooMuchText);
        }
        self.check_time()?;
        // Scale of the text rendering matrix (area-preserving, so rotation does not matter).
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        let x = trm.m31 - self.page_left;
        let y = self.page_top - trm.m32;
        if !(x.is_finite() && y.is_finite() && size.is_finite()) {
            return Ok(());
        }
        let end = x + width * size;
        let text = standard_text(char);
        let glyph = Glyph {
            text: &text,
            x,
            end: if end.is_finite() { end } else { x },
            y,
            size: if size > 0.0 { size } else { 1.0 },
        };
        if let Some(page) = self.pages.last_mut() {
            add_glyph(page, &glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.check_time()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.check_time()
    }

    fn stroke(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.check_time()
    }

    fn fill(
        &mut self,
        _ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        _path: &pdf_extract::Path,
    ) -> Result<(), OutputError> {
        self.check_time()
    }
}

struct Glyph<'a> {
    text: &'a str,
    x: f64,
    end: f64,
    y: f64,
    size: f64,
}

fn add_glyph(page: &mut Vec<Line>, g: &Glyph) {
    let blank = g.text.trim().is_empty();
    if let Some(line) = page.last_mut() {
        let em = line.size.max(g.size);
        let same_line =
            (g.y - line.y).abs() <= BASELINE_SHIFT_EM * em && g.x >= line.x1 - BACK_JUMP_EM * em;
        if same_line {
            if blank {
                push_space(line);
            } else {
                if g.x > line.x1 + SPACE_GAP_EM * em {
                    push_space(line);
                }
                push_word_text(line, g);
            }
            line.x1 = line.x1.max(g.end);
            if !blank {
                line.size = line.size.max(g.size);
            }
            return;
        }
    }
    if blank {
        return; // a line never starts with a space
    }
    let mut line = Line {
        text: String::new(),
        x0: g.x,
        x1: g.end,
        y: g.y,
        size: g.size,
        words: Vec::new(),
        chars: 0,
    };
    push_word_text(&mut line, g);
    page.push(line);
}

fn push_space(line: &mut Line) {
    if !line.text.ends_with(' ') {
        line.text.push(' ');
        line.chars += 1;
    }
}

/// Appends a glyph's text: it starts a word after a space (or at the line's start), else
/// it extends the line's last word.
fn push_word_text(line: &mut Line, g: &Glyph) {
    let start = line.chars;
    line.text.push_str(g.text);
    line.chars += g.text.chars().count();
    match line.words.last_mut() {
        // A space pushed since the last word leaves a gap: a new word.
        Some(word) if word.end == start => {
            word.end = line.chars;
            word.x1 = word.x1.max(g.end);
            word.size = word.size.max(g.size);
        }
        _ => line.words.push(LineWord {
            start,
            end: line.chars,
            x0: g.x,
            x1: g.end,
            size: g.size,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(page: &mut Vec<Line>, text: &str, x: f64, y: f64) {
        add_glyph(
            page,
            &Glyph {
                text,
                x,
                end: x + 5.0,
                y,
                size: 10.0,
            },
        );
    }

    #[test]
    fn glyphs_become_words_and_lines() {
        let mut page = Vec::new();
        put(&mut page, "a", 0.0, 100.0);
        put(&mut page, "b", 5.0, 100.0); // touching: same word
        put(&mut page, "c", 13.0, 100.0); // 3 units = 0.3 em gap: a space
        put(&mut page, " ", 18.0, 100.0);
        put(&mut page, "d", 23.0, 100.2);
        put(&mut page, "e", 0.0, 112.0); // next baseline
        assert_eq!(page.len(), 2);
        assert_eq!(page[0].text, "ab c d");
        assert_eq!((page[0].x0, page[0].x1), (0.0, 28.0));
        assert_eq!(page[1].text, "e");
        let words: Vec<(usize, usize, f64, f64)> = page[0]
            .words
            .iter()
            .map(|w| (w.start, w.end, w.x0, w.x1))
            .collect();
        assert_eq!(
            words,
            vec![(0, 2, 0.0, 10.0), (3, 4, 13.0, 18.0), (5, 6, 23.0, 28.0)]
        );
        assert_eq!(page[0].chars, 6);
    }
}

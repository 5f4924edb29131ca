//! From lines on pages to paragraphs of text with page starts.
//!
//! Three steps, each a heuristic that holds for the text PDFs researchers read (reports,
//! papers, articles, transcripts) and stays conservative elsewhere:
//!
//! 0. **The title** is the largest text on page 1 ([`super::title::largest_on_first_page`]),
//!    found before anything is dropped, and kept through step 1.
//! 1. **Running headers and footers** are dropped ([`super::running`]): a line among the
//!    two topmost or two bottommost of its page whose text, with digits masked, recurs in
//!    that zone, at about the same size, on at least `MIN_REPEATS` (3) pages and on at
//!    least 40% of the pages that have text (the share lets odd/even headers go, and keeps
//!    a heading that merely repeats on a few pages; the size keeps a title that its pages
//!    repeat in small type as their header). In documents of fewer than `MIN_REPEATS`
//!    pages only a line that every page has, the same but for a number counting the pages
//!    ("Field report - page 1", "page 2"), goes: a mere repeat is no reliable evidence
//!    there. Bare page numbers mask to "#"
//!    and go the same way. Heads whose text changes by chapter ("Chapter 3: Utilities 7")
//!    go when they carry the page number: a number in the zone that rises with the page
//!    index at one fixed offset on as many pages.
//! 2. **Lines are joined into paragraphs**: a new paragraph starts after a vertical gap
//!    clearly larger than the usual line spacing, at a first-line indent, at a change of
//!    font size (headings), after a short line ending a sentence, or when the text jumps
//!    up (a new column). Joined lines are separated by a space, except that a word
//!    hyphenated at a line end ("inter-" + "national") is re-joined when the next line
//!    starts in lower case. A paragraph that runs over a page break is continued the same
//!    way when the page ends mid-sentence and the next starts in lower case.
//!
//! Paragraphs are separated by a blank line (`ParagraphStyle::Blocks`); `pages[i]` is the
//! char offset where page `i + 1`'s text starts (a page without text starts where the next
//! text does).

use std::collections::HashMap;

use super::collect::{Line, PageFrame};
use super::{running, title};
use crate::corpus::layout::{PageLayout, PageRect, PageSize, WordBox};

/// A gap between baselines larger than this times the usual spacing ends a paragraph.
const PARAGRAPH_GAP: f64 = 1.45;
/// A line starting this many ems right of the previous one is a first-line indent.
const INDENT_EM: f64 = 0.8;
/// Font sizes that differ by more than this ratio are different kinds of text.
pub(super) const SIZE_CHANGE: f64 = 1.15;
/// A line shorter than this share of the column, ending a sentence, ends its paragraph.
const SHORT_LINE: f64 = 0.7;
/// A word's box reaches this many ems above its baseline (ascenders, capitals, accents)...
const ASCENT_EM: f64 = 0.85;
/// ... and this many below it (descenders).
const DESCENT_EM: f64 = 0.25;

/// Text, page starts (char offsets), the title (the largest text on page 1) and where
/// each word of the text is on its page.
#[derive(Debug, Default, PartialEq)]
pub struct Laid {
    pub text: String,
    pub pages: Vec<usize>,
    pub title: Option<String>,
    pub layout: PageLayout,
}

/// Lays out `pages` of lines; `frames` (one per page) give the pages' sizes for the
/// layout (a page without one is measured as nothing: its words are still placed).
pub fn lay_out(mut pages: Vec<Vec<Line>>, frames: &[PageFrame]) -> Laid {
    let title = title::largest_on_first_page(&pages, body_font_size(&pages));
    let keep = title.as_ref().map_or(&[][..], |t| t.lines.as_slice());
    running::drop_running_lines(&mut pages, keep);
    let body_size = body_font_size(&pages);
    let spacing = usual_spacing(&pages, body_size);
    let mut out = Assembler::default();
    for (page, lines) in pages.iter().enumerate() {
        out.begin_page();
        let (left, right) = column(lines, body_size);
        let mut prev: Option<&Line> = None;
        for line in lines {
            let text = line.text.trim();
            if text.is_empty() {
                continue;
            }
            let starts_paragraph = match prev {
                None => !continues_over_page(out.last_paragraph(), text),
                Some(p) => breaks_between(p, line, spacing, body_size, left, right),
            };
            if starts_paragraph {
                out.new_paragraph();
            }
            let at = out.push_line(text);
            out.place_words(line, text, at, page as u32);
            prev = Some(line);
        }
    }
    let words = std::mem::take(&mut out.words);
    let (text, page_starts) = out.finish();
    let sizes = (0..pages.len())
        .map(|i| {
            frames.get(i).map_or(PageSize::default(), |f| PageSize {
                width: f.width as f32,
                height: f.height as f32,
            })
        })
        .collect();
    Laid {
        text,
        pages: page_starts,
        title: title.map(|t| t.text),
        layout: PageLayout {
            pages: sizes,
            words,
        },
    }
}

/// The most common font size of the text (by characters), rounded to half a unit.
fn body_font_size(pages: &[Vec<Line>]) -> f64 {
    let mut weight: HashMap<i64, usize> = HashMap::new();
    for line in pages.iter().flatten() {
        *weight.entry((line.size * 2.0).round() as i64).or_default() += line.text.len();
    }
    weight
        .into_iter()
        .max_by_key(|&(size, n)| (n, -size))
        .map_or(10.0, |(size, _)| size as f64 / 2.0)
        .max(1.0)
}

/// The median distance between consecutive body-text baselines (None with too few lines).
fn usual_spacing(pages: &[Vec<Line>], body_size: f64) -> Option<f64> {
    let mut gaps: Vec<f64> = Vec::new();
    for lines in pages {
        for pair in lines.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let dy = b.y - a.y;
            if dy > 0.0
                && similar(a.size, body_size)
                && similar(b.size, body_size)
                && dy < body_size * 4.0
            {
                gaps.push(dy);
            }
        }
    }
    if gaps.len() < 3 {
        return None;
    }
    gaps.sort_by(f64::total_cmp);
    Some(gaps[gaps.len() / 2])
}

/// True when two font sizes are the same kind of text (within [`SIZE_CHANGE`]).
pub(super) fn similar(a: f64, b: f64) -> bool {
    a.max(b) <= a.min(b) * SIZE_CHANGE
}

/// Left and right edges of a page's body text.
fn column(lines: &[Line], body_size: f64) -> (f64, f64) {
    let body = lines.iter().filter(|l| similar(l.size, body_size));
    let left = body.clone().map(|l| l.x0).fold(f64::INFINITY, f64::min);
    let right = body.map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
    if left.is_finite() && right.is_finite() && right > left {
        (left, right)
    } else {
        (0.0, 0.0)
    }
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .ends_with(['.', '!', '?', ':', '…'])
}

fn starts_lowercase(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_lowercase)
}

fn breaks_between(
    prev: &Line,
    line: &Line,
    spacing: Option<f64>,
    body_size: f64,
    left: f64,
    right: f64,
) -> bool {
    let em = prev.size.max(line.size);
    let dy = line.y - prev.y;
    if dy < -em {
        return true; // back up the page: a new column or a sidebar
    }
    if !similar(prev.size, line.size) {
        return true;
    }
    // Lines in a larger size (a title set on two lines) are spaced in proportion.
    let gap_limit = spacing.map_or(em * 1.8, |s| s * PARAGRAPH_GAP * (em / body_size).max(1.0));
    if dy > gap_limit {
        return true;
    }
    if line.x0 - prev.x0 > INDENT_EM * em && !starts_lowercase(&line.text) {
        return true;
    }
    let width = right - left;
    width > 0.0 && prev.x1 - left < width * SHORT_LINE && ends_sentence(&prev.text)
}

/// A page's first line continues the last paragraph of the page before it when that
/// paragraph stops mid-sentence (or mid-word) and the line starts in lower case.
fn continues_over_page(last: &str, first_line: &str) -> bool {
    !last.is_empty() && !ends_sentence(last) && starts_lowercase(first_line)
}

/// Builds the text with exact char offsets.
#[derive(Default)]
struct Assembler {
    text: String,
    chars: usize,
    /// Byte offset where the last paragraph starts.
    last_start: usize,
    /// Where each page's first line landed (None: no text on it yet).
    pages: Vec<Option<usize>>,
    pending_break: bool,
    /// The words placed so far, in text order.
    words: Vec<WordBox>,
}

impl Assembler {
    fn last_paragraph(&self) -> &str {
        &self.text[self.last_start..]
    }

    fn begin_page(&mut self) {
        self.pages.push(None);
    }

    fn new_paragraph(&mut self) {
        self.pending_break = true;
    }

    /// Appends a line; returns the char offset where it landed.
    fn push_line(&mut self, line: &str) -> usize {
        if self.text.is_empty() || self.pending_break {
            if !self.text.is_empty() {
                self.push_raw("\n\n");
            }
            self.last_start = self.text.len();
            self.pending_break = false;
        } else if dehyphenates(&self.text) && starts_lowercase(line) {
            let cut = self.text.len() - self.text.chars().next_back().map_or(0, char::len_utf8);
            self.text.truncate(cut);
            self.chars -= 1;
            // The hyphen is gone: the word's first half ends before it.
            if let Some(last) = self.words.last_mut() {
                last.end = last.end.min(self.chars as u32);
            }
        } else {
            self.push_raw(" ");
        }
        if let Some(page @ None) = self.pages.last_mut() {
            *page = Some(self.chars);
        }
        let at = self.chars;
        self.push_raw(line);
        at
    }

    /// Records the boxes of `line`'s words, its `trimmed` text having landed at char `at`.
    fn place_words(&mut self, line: &Line, trimmed: &str, at: usize, page: u32) {
        let lead = line.text.chars().take_while(|c| c.is_whitespace()).count();
        let len = trimmed.chars().count();
        for word in &line.words {
            let start = word.start.saturating_sub(lead).min(len);
            let end = word.end.saturating_sub(lead).min(len);
            if start >= end {
                continue;
            }
            let size = word.size.max(0.0);
            self.words.push(WordBox {
                start: (at + start) as u32,
                end: (at + end) as u32,
                page,
                rect: PageRect {
                    x: word.x0 as f32,
                    y: (line.y - ASCENT_EM * size) as f32,
                    w: (word.x1 - word.x0).max(0.0) as f32,
                    h: ((ASCENT_EM + DESCENT_EM) * size) as f32,
                },
                confidence: None,
            });
        }
    }

    fn push_raw(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.text.push_str(s);
    }

    /// The text (ending in a newline) and page starts; a page without text starts where
    /// the next text does (or at the end).
    fn finish(mut self) -> (String, Vec<usize>) {
        let mut next = self.chars;
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let mut starts: Vec<usize> = self
            .pages
            .iter()
            .rev()
            .map(|p| {
                if let Some(at) = p {
                    next = *at;
                }
                next
            })
            .collect();
        starts.reverse();
        (self.text, starts)
    }
}

/// Text ending in a letter and a hyphen (or a soft hyphen): a word cut at the line end.
fn dehyphenates(text: &str) -> bool {
    let mut rev = text.chars().rev();
    match rev.next() {
        Some('\u{AD}') => true,
        Some('-') => rev.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f64, x1: f64, y: f64, size: f64) -> Line {
        Line {
            text: text.to_owned(),
            x0,
            x1,
            y,
            size,
            words: Vec::new(),
            chars: text.chars().count(),
        }
    }

    #[test]
    fn hyphenated_words_are_rejoined_and_page_offsets_are_exact() {
        let p1 = vec![
            line("The inter-", 72.0, 500.0, 100.0, 10.0),
            line("national community", 72.0, 500.0, 112.0, 10.0),
            line("met in Geneva to discuss the", 72.0, 500.0, 124.0, 10.0),
        ];
        let p2 = vec![
            line("situation in Syria.", 72.0, 200.0, 100.0, 10.0),
            line("New point here.", 90.0, 300.0, 112.0, 10.0),
        ];
        let laid = lay_out(vec![p1, p2], &[]);
        assert_eq!(
            laid.text,
            "The international community met in Geneva to discuss the situation in Syria.\n\nNew point here.\n"
        );
        assert_eq!(laid.pages.len(), 2);
        assert_eq!(laid.pages[0], 0);
        let page2: String = laid.text.chars().skip(laid.pages[1]).take(9).collect();
        assert_eq!(page2, "situation");
    }

    #[test]
    fn capitalised_after_hyphen_keeps_the_hyphen() {
        let p = vec![
            line("the Franco-", 72.0, 500.0, 100.0, 10.0),
            line("German border", 72.0, 500.0, 112.0, 10.0),
        ];
        assert_eq!(lay_out(vec![p], &[]).text, "the Franco- German border\n");
    }

    #[test]
    fn gaps_sizes_and_indents_start_paragraphs() {
        let p = vec![
            line("Heading", 72.0, 200.0, 80.0, 16.0),
            line(
                "First line of a paragraph that is long",
                72.0,
                500.0,
                100.0,
                10.0,
            ),
            line(
                "and its continuation to the margin yes",
                72.0,
                500.0,
                112.0,
                10.0,
            ),
            line("ends here.", 72.0, 150.0, 124.0, 10.0),
            line(
                "Indented start of the next paragraph",
                90.0,
                500.0,
                136.0,
                10.0,
            ),
            line(
                "which goes on at the margin with more",
                72.0,
                500.0,
                148.0,
                10.0,
            ),
            line("After a gap.", 72.0, 500.0, 175.0, 10.0),
        ];
        let laid = lay_out(vec![p], &[]);
        let paragraphs: Vec<&str> = laid.text.trim_end().split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4, "{:?}", laid.text);
        assert_eq!(paragraphs[0], "Heading");
        assert!(paragraphs[1].ends_with("ends here."));
        assert_eq!(laid.title.as_deref(), Some("Heading"));
    }

    #[test]
    fn running_headers_and_page_numbers_go_when_repeated() {
        let bodies = [
            "Convoys reached Idlib.",
            "Talks resumed in Geneva.",
            "Tartus stays open.",
            "Prices rose again.",
        ];
        let page = |n: usize| {
            vec![
                line("Quarterly Security Review", 72.0, 300.0, 40.0, 9.0),
                line(bodies[n - 1], 72.0, 500.0, 100.0, 10.0),
                line(&format!("{n}"), 300.0, 310.0, 780.0, 9.0),
            ]
        };
        let laid = lay_out((1..=4).map(page).collect(), &[]);
        assert!(!laid.text.contains("Quarterly"), "{}", laid.text);
        assert_eq!(laid.text, bodies.join("\n\n") + "\n");
        // Heads that change with the chapter go too, by their page numbers.
        // Numbers inside body lines (here: equal to the page numbers) are not folios.
        let notes = [
            "Aleppo reported 11 sites.",
            "Homs reported 12 sites.",
            "Hama reported 13 sites.",
            "Daraa reported 14 sites.",
        ];
        let chaptered = |n: usize| {
            let chapter = if n <= 2 {
                "Chapter 1: Talks"
            } else {
                "Chapter 2: Bases"
            };
            vec![
                line(&format!("{chapter} {}", n + 10), 72.0, 300.0, 40.0, 9.0),
                line(bodies[n - 1], 72.0, 500.0, 100.0, 10.0),
                line(notes[n - 1], 72.0, 500.0, 112.0, 10.0),
            ]
        };
        let laid = lay_out((1..=4).map(chaptered).collect(), &[]);
        assert!(!laid.text.contains("Chapter"), "{}", laid.text);
        assert_eq!(laid.text.matches(" reported ").count(), 4, "{}", laid.text);
        // Two pages are not evidence enough.
        let laid = lay_out((1..=2).map(page).collect(), &[]);
        assert!(laid.text.contains("Quarterly"));
    }
}

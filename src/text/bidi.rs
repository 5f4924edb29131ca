//! Right-to-left and mixed text in visual order, by the Unicode bidirectional algorithm
//! (UAX #9, the `unicode-bidi` crate): what a window needs to draw a paragraph of Arabic
//! or Hebrew, alone or mixed with English, and to map the pointer back to char offsets.
//!
//! The window shapes text in pieces that it can shape correctly on its own: a word of one
//! direction, a run of spaces, a lone punctuation mark. This module cuts a paragraph into
//! such pieces (in logical order, with their embedding levels), breaks them into lines at
//! spaces from widths the window measured, orders each line's pieces visually, places
//! them, and answers the two questions selection asks: which char is at this x, and which
//! x spans cover these chars. All offsets are the paragraph's own chars; pure and headless.

use std::ops::Range;

use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

/// Whether `text` needs the bidirectional algorithm: it holds a right-to-left letter or
/// an explicit right-to-left control. Text without one is laid out left to right as it
/// is, so the test is written to be cheap on it (a compare per char below U+0590).
pub fn needs_bidi(text: &str) -> bool {
    text.chars().any(|c| {
        (c as u32) >= 0x0590
            && matches!(
                bidi_class(c),
                BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
            )
    })
}

/// A piece of a paragraph shaped as one unit: chars of one embedding level that the
/// window may shape together (a word, a run of spaces, a lone punctuation mark).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Paragraph-local chars.
    pub chars: Range<usize>,
    /// The resolved embedding level (odd: right to left).
    pub level: u8,
    /// Whitespace: where a line may break.
    pub space: bool,
    /// A line break inside the paragraph (`\n`): the line ends after it.
    pub newline: bool,
}

impl Piece {
    /// Whether the piece runs right to left.
    pub fn rtl(&self) -> bool {
        self.level % 2 == 1
    }
}

/// A paragraph cut into pieces, with its base direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BidiParagraph {
    /// The paragraph reads right to left (its first strong letter is).
    pub rtl: bool,
    /// The paragraph's pieces in logical order.
    pub pieces: Vec<Piece>,
}

impl BidiParagraph {
    /// Cuts `text` into pieces, also at each char offset of `cuts` (where the style
    /// changes, e.g. a heading's marker).
    pub fn new(text: &str, cuts: &[usize]) -> Self {
        let info = ParagraphBidiInfo::new(text, None);
        let rtl = info.paragraph_level.is_rtl();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut previous: Option<(char, u8)> = None;
        for (i, (byte, c)) in text.char_indices().enumerate() {
            let level = info.levels.get(byte).map_or(0, Level::number);
            let joins = previous.is_some_and(|(p, plevel)| {
                plevel == level && !cuts.contains(&i) && same_piece(p, c, level % 2 == 1)
            });
            match pieces.last_mut() {
                Some(last) if joins => last.chars.end = i + 1,
                _ => pieces.push(Piece {
                    chars: i..i + 1,
                    level,
                    space: c.is_whitespace(),
                    newline: c == '\n',
                }),
            }
            previous = Some((c, level));
        }
        Self { rtl, pieces }
    }

    fn base_level(&self) -> u8 {
        u8::from(self.rtl)
    }

    /// Breaks the pieces into lines no wider than `max_width` (`widths[i]` is the width
    /// of piece `i`), at spaces; a piece wider than a line gets a line of its own.
    /// Returns ranges of piece indices.
    pub fn break_lines(&self, widths: &[f32], max_width: f32) -> Vec<Range<usize>> {
        let mut lines = Vec::new();
        let mut start = 0;
        // Width up to the end of the last non-space piece, and the last break opportunity.
        let mut width = 0.0f32;
        let mut pending_space = 0.0f32;
        let mut last_break: Option<usize> = None;
        let mut i = 0;
        while i < self.pieces.len() {
            let piece = &self.pieces[i];
            let w = widths.get(i).copied().unwrap_or(0.0);
            if piece.newline {
                lines.push(start..i + 1);
                (start, width, pending_space, last_break) = (i + 1, 0.0, 0.0, None);
            } else if piece.space {
                pending_space += w;
                last_break = Some(i + 1);
            } else if width + pending_space + w > max_width && i > start {
                // Break at the last space, else before this piece.
                let end = last_break.unwrap_or(i);
                lines.push(start..end);
                (start, width, pending_space, last_break) = (end, 0.0, 0.0, None);
                i = end;
                continue;
            } else {
                width += pending_space + w;
                pending_space = 0.0;
            }
            i += 1;
        }
        if start < self.pieces.len() || lines.is_empty() {
            lines.push(start..self.pieces.len());
        }
        lines
    }

    /// Places the pieces of `line` (piece indices) left to right in visual order, in a
    /// line `max_width` wide: right-aligned in a right-to-left paragraph.
    pub fn place_line(&self, line: Range<usize>, widths: &[f32], max_width: f32) -> VisualLine {
        let pieces = self.pieces.get(line.clone()).unwrap_or_default();
        // UAX #9 L1: whitespace at the end of a line takes the paragraph's level.
        let trailing = pieces.iter().rev().take_while(|p| p.space).count();
        let levels: Vec<Level> = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let level = if i + trailing >= pieces.len() {
                    self.base_level()
                } else {
                    p.level
                };
                Level::new(level).unwrap_or_else(|_| Level::ltr())
            })
            .collect();
        let order = ParagraphBidiInfo::reorder_visual(&levels);
        let width_of = |i: usize| widths.get(line.start + i).copied().unwrap_or(0.0);
        // Hanging spaces at the line's end do not count towards its width.
        let width: f32 = (0..pieces.len() - trailing).map(width_of).sum();
        let mut x = if self.rtl {
            max_width
                - width
                - (pieces.len() - trailing..pieces.len())
                    .map(width_of)
                    .sum::<f32>()
        } else {
            0.0
        };
        let placed = order
            .into_iter()
            .map(|i| {
                let w = width_of(i);
                let p = Placed {
                    piece: line.start + i,
                    chars: pieces[i].chars.clone(),
                    rtl: levels[i].is_rtl(),
                    x,
                    width: w,
                };
                x += w;
                p
            })
            .collect();
        let logical_end = pieces[..pieces.len() - trailing]
            .last()
            .or(pieces.last())
            .map_or(0, |p| p.chars.end);
        VisualLine {
            placed,
            rtl: self.rtl,
            chars: pieces.first().map_or(0, |p| p.chars.start)..logical_end,
        }
    }
}

/// Whether `c` continues the piece that `previous` ends (both at one level).
fn same_piece(previous: char, c: char, rtl: bool) -> bool {
    if c == '\n' || previous == '\n' {
        return false;
    }
    if previous.is_whitespace() || c.is_whitespace() {
        return previous.is_whitespace() && c.is_whitespace();
    }
    if !rtl {
        // Left to right the window shapes a word in logical order, mixed fonts included.
        return true;
    }
    // Right to left, a piece is shaped as one right-to-left run only when it is made of
    // right-to-left letters (and their marks): a neutral (a full stop, a bracket) stands
    // alone so that it is placed by this module, not by the shaper.
    joins_rtl(previous) && joins_rtl(c)
}

fn joins_rtl(c: char) -> bool {
    matches!(
        bidi_class(c),
        BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN
    )
}

/// The glyph a neutral char shows in right-to-left text (UAX #9 L4: brackets mirror).
pub fn mirrored(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

/// A piece placed on its line.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// Its index in the paragraph's pieces.
    pub piece: usize,
    /// The chars it holds (paragraph char offsets, end-exclusive).
    pub chars: Range<usize>,
    /// Drawn right to left.
    pub rtl: bool,
    /// Left edge, from the line's left.
    pub x: f32,
    /// Its width as shaped.
    pub width: f32,
}

/// One line in visual order.
#[derive(Clone, Debug, PartialEq)]
pub struct VisualLine {
    /// Left to right on screen.
    pub placed: Vec<Placed>,
    /// The paragraph reads right to left: the line ends on the left.
    pub rtl: bool,
    /// The line's chars in logical order (without the spaces it ends with).
    pub chars: Range<usize>,
}

/// Where an x falls on a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineHit {
    /// The char boundary nearest the x (paragraph-local).
    pub char: usize,
    /// The x is beyond the line's end (left of it in right-to-left text).
    pub past_end: bool,
}

impl VisualLine {
    fn left(&self) -> f32 {
        self.placed.first().map_or(0.0, |p| p.x)
    }

    fn right(&self) -> f32 {
        self.placed.last().map_or(0.0, |p| p.x + p.width)
    }

    /// The char boundary at `x`; `advances(piece)` gives a piece's char widths in logical
    /// order (as shaped).
    pub fn hit(&self, x: f32, advances: impl Fn(usize) -> Vec<f32>) -> LineHit {
        let (start, end) = (self.chars.start, self.chars.end);
        let (before_start, after_end) = if self.rtl {
            (x > self.right(), x < self.left())
        } else {
            (x < self.left(), x > self.right())
        };
        if after_end {
            return LineHit {
                char: end,
                past_end: true,
            };
        }
        if before_start {
            return LineHit {
                char: start,
                past_end: false,
            };
        }
        let Some(p) = self
            .placed
            .iter()
            .find(|p| x < p.x + p.width)
            .or(self.placed.last())
        else {
            return LineHit {
                char: start,
                past_end: false,
            };
        };
        let advances = advances(p.piece);
        // Distance into the piece along its own direction.
        let along = if p.rtl { p.x + p.width - x } else { x - p.x };
        let mut edge = 0.0;
        let mut char = p.chars.end;
        for (i, w) in advances.iter().enumerate() {
            if along < edge + w / 2.0 {
                char = p.chars.start + i;
                break;
            }
            edge += w;
        }
        LineHit {
            char: char.clamp(p.chars.start, p.chars.end),
            past_end: false,
        }
    }

    /// The x spans (left, right) covering the chars `range` of this line, left to right,
    /// touching spans merged.
    pub fn spans(
        &self,
        range: &Range<usize>,
        advances: impl Fn(usize) -> Vec<f32>,
    ) -> Vec<(f32, f32)> {
        let mut out: Vec<(f32, f32)> = Vec::new();
        for p in &self.placed {
            let a = range.start.max(p.chars.start);
            let b = range.end.min(p.chars.end);
            if a >= b {
                continue;
            }
            let advances = advances(p.piece);
            let offset = |c: usize| -> f32 { advances.iter().take(c - p.chars.start).sum() };
            let (from, to) = (offset(a), offset(b));
            let (x0, x1) = if p.rtl {
                (p.x + p.width - to, p.x + p.width - from)
            } else {
                (p.x + from, p.x + to)
            };
            match out.last_mut() {
                Some(last) if (last.1 - x0).abs() < 0.5 => last.1 = x1,
                _ => out.push((x0, x1)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each char 10 wide: a piece's width is its length times 10.
    fn widths(p: &BidiParagraph) -> Vec<f32> {
        p.pieces
            .iter()
            .map(|p| p.chars.len() as f32 * 10.0)
            .collect()
    }

    fn advances(p: &BidiParagraph) -> impl Fn(usize) -> Vec<f32> + '_ {
        move |i| vec![10.0; p.pieces[i].chars.len()]
    }

    /// The line's pieces in visual order, left to right (each piece's chars as stored:
    /// the shaper draws a right-to-left word right to left).
    fn visual(text: &str, line: &VisualLine) -> String {
        let chars: Vec<char> = text.chars().collect();
        line.placed
            .iter()
            .map(|p| chars[p.chars.clone()].iter().collect::<String>())
            .collect()
    }

    #[test]
    fn only_text_with_right_to_left_letters_needs_the_algorithm() {
        assert!(!needs_bidi("Damascus, 2011 — “quoted”"));
        assert!(!needs_bidi("Ţarţūs"));
        assert!(needs_bidi("Raqqa — الرقة"));
        assert!(needs_bidi("שלום"));
        assert!(needs_bidi("a\u{202E}b"));
    }

    #[test]
    fn an_arabic_sentence_reads_right_to_left_with_its_full_stop_on_the_left() {
        let text = "يقع الميناء في طرطوس.";
        let p = BidiParagraph::new(text, &[]);
        assert!(p.rtl);
        let w = widths(&p);
        let lines = p.break_lines(&w, 1000.0);
        assert_eq!(lines.len(), 1);
        let line = p.place_line(lines[0].clone(), &w, 1000.0);
        // The full stop is the leftmost piece, the first word the rightmost.
        let n = text.chars().count();
        assert_eq!(line.placed.first().map(|p| p.chars.clone()), Some(n - 1..n));
        assert_eq!(line.placed.last().map(|p| p.chars.clone()), Some(0..3));
        let right = line.placed.last().map(|p| p.x + p.width);
        assert_eq!(right, Some(1000.0), "right-aligned");
        assert_eq!(visual(text, &line), ".طرطوس في الميناء يقع");
    }

    #[test]
    fn english_and_numbers_inside_arabic_keep_their_own_order() {
        let text = "منذ عام 1971 في Tartus port.";
        let p = BidiParagraph::new(text, &[]);
        let w = widths(&p);
        let line = p.place_line(0..p.pieces.len(), &w, 1000.0);
        assert_eq!(visual(text, &line), ".Tartus port في 1971 عام منذ");
    }

    #[test]
    fn arabic_inside_english_is_reversed_as_a_whole() {
        let text = "The port of طرطوس الكبير lies on the coast.";
        let p = BidiParagraph::new(text, &[]);
        assert!(!p.rtl);
        let w = widths(&p);
        let line = p.place_line(0..p.pieces.len(), &w, 1000.0);
        assert_eq!(
            visual(text, &line),
            "The port of الكبير طرطوس lies on the coast."
        );
        assert_eq!(line.placed.first().map(|p| p.x), Some(0.0), "left-aligned");
    }

    #[test]
    fn lines_break_at_spaces_in_logical_order_and_each_is_reordered() {
        // Hebrew: three words of 4 chars; a line holds two words.
        let text = "אבגד הוזח טיכל.";
        let p = BidiParagraph::new(text, &[]);
        let w = widths(&p);
        let lines = p.break_lines(&w, 95.0);
        assert_eq!(lines.len(), 2);
        let first = p.place_line(lines[0].clone(), &w, 95.0);
        let second = p.place_line(lines[1].clone(), &w, 95.0);
        assert_eq!(first.chars, 0..9);
        assert_eq!(second.chars, 10..15);
        // The last line: the full stop on the left of its word.
        assert_eq!(visual(text, &second), ".טיכל");
        assert!(second.placed[0].x < second.placed[1].x);
    }

    #[test]
    fn the_pointer_maps_to_logical_chars_and_back() {
        let text = "abc אבג def";
        let p = BidiParagraph::new(text, &[]);
        let w = widths(&p);
        let line = p.place_line(0..p.pieces.len(), &w, 1000.0);
        let adv = advances(&p);
        // Visual: "abc " [0..40], "גבא" [40..70], " def".
        assert_eq!(line.hit(12.0, &adv).char, 1);
        // Inside the Hebrew word, 2 px from its right edge: before its first char (4).
        assert_eq!(line.hit(68.0, &adv).char, 4);
        // Near its left edge: after its last char (7).
        assert_eq!(line.hit(42.0, &adv).char, 7);
        // Selecting its first two chars covers the right part of the word.
        assert_eq!(line.spans(&(4..6), &adv), vec![(50.0, 70.0)]);
        // A logical range across the direction change is two visual spans.
        assert_eq!(line.spans(&(1..5), &adv), vec![(10.0, 40.0), (60.0, 70.0)]);
        let past = line.hit(500.0, &adv);
        assert_eq!(
            past,
            LineHit {
                char: 11,
                past_end: true
            }
        );
    }

    #[test]
    fn past_the_left_end_of_a_right_to_left_line_is_its_end() {
        let text = "שלום עולם";
        let p = BidiParagraph::new(text, &[]);
        let w = widths(&p);
        let line = p.place_line(0..p.pieces.len(), &w, 200.0);
        let adv = advances(&p);
        assert_eq!(
            line.hit(10.0, &adv),
            LineHit {
                char: 9,
                past_end: true
            }
        );
        assert_eq!(line.hit(199.0, &adv).char, 0);
    }

    #[test]
    fn brackets_mirror_and_cuts_split_pieces() {
        assert_eq!(mirrored('('), ')');
        assert_eq!(mirrored('.'), '.');
        let p = BidiParagraph::new("# שלום", &[2]);
        assert_eq!(p.pieces.len(), 3);
        let p = BidiParagraph::new("שלוםעולם", &[4]);
        assert_eq!(p.pieces.len(), 2);
    }
}

//! Splitting a text into paragraphs: the unit the reader lays out and virtualises, the unit
//! of co-occurrence, and the unit a keyword-in-context snippet is cut from.

use std::ops::Range;

/// How line breaks separate paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Every non-empty line is a paragraph (plain text news exports, transcripts).
    Lines,
    /// Blank lines separate paragraphs; a single newline stays inside its paragraph
    /// (Markdown and hard-wrapped prose).
    Blocks,
}

/// One paragraph: its bytes in the text (without the trailing newline) and its first char.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    pub bytes: Range<usize>,
    /// Char offset of the paragraph's first char in the whole text.
    pub char_start: usize,
    pub char_len: usize,
}

impl Paragraph {
    pub fn chars(&self) -> Range<usize> {
        self.char_start..self.char_start + self.char_len
    }
}

/// Splits `text` (newlines already normalised to `\n`) into paragraphs. Whitespace-only
/// lines never form a paragraph; a paragraph keeps its inner text exactly (offsets into it
/// are offsets into the document).
pub fn split_paragraphs(text: &str, style: ParagraphStyle) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut char_pos = 0usize;
    // Current paragraph being built: (byte start, char start, byte end, char end).
    let mut open: Option<(usize, usize, usize, usize)> = None;
    let mut byte_pos = 0usize;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body_chars = body.chars().count();
        let blank = body.trim().is_empty();
        if blank {
            if let Some(p) = open.take() {
                out.push(make(p));
            }
        } else {
            match (&mut open, style) {
                (Some(p), ParagraphStyle::Blocks) => {
                    p.2 = byte_pos + body.len();
                    p.3 = char_pos + body_chars;
                }
                _ => {
                    if let Some(p) = open.take() {
                        out.push(make(p));
                    }
                    open = Some((
                        byte_pos,
                        char_pos,
                        byte_pos + body.len(),
                        char_pos + body_chars,
                    ));
                }
            }
        }
        byte_pos += line.len();
        char_pos += body_chars + usize::from(line.ends_with('\n'));
    }
    if let Some(p) = open.take() {
        out.push(make(p));
    }
    out
}

fn make((b0, c0, b1, c1): (usize, usize, usize, usize)) -> Paragraph {
    Paragraph {
        bytes: b0..b1,
        char_start: c0,
        char_len: c1 - c0,
    }
}

/// Index of the paragraph containing char `pos`, or the nearest one after it (positions in
/// the blank space between paragraphs belong to the next paragraph). `None` when `pos` is
/// after the last paragraph.
pub fn paragraph_at(paragraphs: &[Paragraph], pos: usize) -> Option<usize> {
    let i = paragraphs.partition_point(|p| p.char_start + p.char_len <= pos);
    (i < paragraphs.len()).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, ps: &[Paragraph]) -> Vec<&'a str> {
        ps.iter().map(|p| &text[p.bytes.clone()]).collect()
    }

    #[test]
    fn lines_style_makes_each_line_a_paragraph() {
        let text = "Title\nFirst para.\n\n  \nSecond — é.\n";
        let ps = split_paragraphs(text, ParagraphStyle::Lines);
        assert_eq!(texts(text, &ps), ["Title", "First para.", "Second — é."]);
        let chars: Vec<char> = text.chars().collect();
        for p in &ps {
            let s: String = chars[p.chars()].iter().collect();
            assert_eq!(s, &text[p.bytes.clone()]);
        }
    }

    #[test]
    fn blocks_style_joins_soft_wrapped_lines() {
        let text = "# Heading\n\nA wrapped\nline, ü.\n\n\nLast";
        let ps = split_paragraphs(text, ParagraphStyle::Blocks);
        assert_eq!(
            texts(text, &ps),
            ["# Heading", "A wrapped\nline, ü.", "Last"]
        );
        assert_eq!(ps[2].char_start, text.chars().count() - 4);
    }

    #[test]
    fn position_lookup_prefers_the_enclosing_then_next_paragraph() {
        let text = "ab\n\ncd\nef";
        let ps = split_paragraphs(text, ParagraphStyle::Lines);
        assert_eq!(paragraph_at(&ps, 0), Some(0));
        assert_eq!(paragraph_at(&ps, 2), Some(1)); // the newline after "ab"
        assert_eq!(paragraph_at(&ps, 5), Some(1));
        assert_eq!(paragraph_at(&ps, 8), Some(2));
        assert_eq!(paragraph_at(&ps, 9), None);
    }
}

//! Splitting a text into paragraphs: the unit the reader lays out and virtualises, the unit
//! of co-occurrence, and the unit a keyword-in-context snippet is cut from.

use std::ops::Range;

/// How line breaks separate paragraphs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ParagraphStyle {
    /// Every non-empty line is a paragraph (plain text news exports, transcripts).
    #[default]
    Lines,
    /// Blank lines separate paragraphs; a single newline stays inside its paragraph
    /// (Markdown and hard-wrapped prose).
    Blocks,
}

/// One paragraph: its bytes in the text (without the trailing newline) and its first char.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Byte range in the text, without the trailing newline.
    pub bytes: Range<usize>,
    /// Char offset of the paragraph's first char in the whole text.
    pub char_start: usize,
    /// Length in chars.
    pub char_len: usize,
}

impl Paragraph {
    /// Char range in the whole text.
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
                push_capped(&mut out, text, p);
            }
        } else {
            match (&mut open, style) {
                (Some(p), ParagraphStyle::Blocks) => {
                    p.2 = byte_pos + body.len();
                    p.3 = char_pos + body_chars;
                }
                _ => {
                    if let Some(p) = open.take() {
                        push_capped(&mut out, text, p);
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
        push_capped(&mut out, text, p);
    }
    out
}

/// Paragraphs longer than this (in chars) are cut, at a space where there is one: a text
/// that is one enormous line (an export, a minified file) would otherwise be laid out, and
/// its highlights sorted out, as a single block every time any part of it is on screen.
pub const MAX_PARAGRAPH_CHARS: usize = 10_000;

/// Pushes the paragraph (byte start, char start, byte end, char end), cut into pieces of
/// at most [`MAX_PARAGRAPH_CHARS`].
fn push_capped(out: &mut Vec<Paragraph>, text: &str, p: (usize, usize, usize, usize)) {
    let (b0, c0, b1, c1) = p;
    if c1 - c0 <= MAX_PARAGRAPH_CHARS {
        out.push(make(p));
        return;
    }
    // Piece start and the position just after the last whitespace seen in the piece, both
    // as (byte offset in the text, char offset in the text).
    let mut piece = (b0, c0);
    let mut after_space: Option<(usize, usize)> = None;
    let mut c = c0;
    for (i, ch) in text[b0..b1].char_indices() {
        let b = b0 + i;
        if c - piece.1 >= MAX_PARAGRAPH_CHARS {
            let cut = after_space
                .filter(|&(_, sc)| sc > piece.1)
                .unwrap_or((b, c));
            out.push(make((piece.0, piece.1, cut.0, cut.1)));
            piece = cut;
            after_space = None;
        }
        c += 1;
        if ch.is_whitespace() {
            after_space = Some((b + ch.len_utf8(), c));
        }
    }
    out.push(make((piece.0, piece.1, b1, c1)));
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
    fn an_enormous_line_is_cut_at_spaces_into_bounded_paragraphs() {
        let line = "Ţarţūs base, ".repeat(3_000); // 39,000 chars, one line
        let text = format!("Title\n{line}\nEnd\n");
        for style in [ParagraphStyle::Lines, ParagraphStyle::Blocks] {
            let ps = split_paragraphs(&text, style);
            assert!(ps.len() >= 4, "{}", ps.len());
            let mut rebuilt = String::new();
            for (i, p) in ps.iter().enumerate() {
                assert!(p.char_len <= MAX_PARAGRAPH_CHARS);
                let piece = &text[p.bytes.clone()];
                assert_eq!(piece.chars().count(), p.char_len);
                assert_eq!(text[..p.bytes.start].chars().count(), p.char_start);
                if i > 0 && ps[i - 1].bytes.end == p.bytes.start {
                    // Cut pieces of one line follow each other, cut after a space.
                    assert!(rebuilt.ends_with(' '), "cut inside a word");
                }
                rebuilt.push_str(piece);
            }
            assert!(rebuilt.contains(&line));
        }
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

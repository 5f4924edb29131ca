//! Text and offsets: a document's immutable text with its char index and paragraphs.
//!
//! Positions everywhere in Dossier's core are char (Unicode code point) offsets,
//! end-exclusive. Byte offsets appear only where a `&str` is sliced or drawn, through
//! [`DocText::byte_range`].

mod abbreviations;
pub mod bidi;
pub mod calendar;
pub mod diff;
pub mod fuzzy;
pub mod layers;
mod offsets;
mod paragraphs;
mod selection;
mod sentence;

use std::ops::Range;
use std::sync::OnceLock;

pub use offsets::CharIndex;
pub use paragraphs::{Paragraph, ParagraphStyle, paragraph_at, split_paragraphs};
pub use sentence::sentence_around;

/// An immutable text with everything needed to address it by char offsets.
///
/// The char index and the paragraphs are built on first use, or by [`DocText::prepare`]
/// (the loader of a corpus does it on its worker threads, so the window never waits for
/// them): a reader that only searches a text once (`dossier search`) never pays for them.
#[derive(Clone, Debug)]
pub struct DocText {
    text: String,
    index: OnceLock<CharIndex>,
    paragraphs: OnceLock<Vec<Paragraph>>,
    /// How the paragraphs are split (kept so that the text cache can rebuild them).
    style: ParagraphStyle,
}

/// Two texts are equal when their text and paragraph style are: the rest follows from them.
impl PartialEq for DocText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.style == other.style
    }
}

impl Eq for DocText {}

impl DocText {
    /// The text, whose paragraphs are split by `style`.
    pub fn new(text: String, style: ParagraphStyle) -> Self {
        Self {
            text,
            index: OnceLock::new(),
            paragraphs: OnceLock::new(),
            style,
        }
    }

    /// Builds the char index and the paragraphs now, if they are not yet built.
    pub fn prepare(&self) {
        self.index();
        self.paragraphs();
    }

    fn index(&self) -> &CharIndex {
        self.index.get_or_init(|| CharIndex::new(&self.text))
    }

    /// How the text splits into paragraphs.
    pub fn style(&self) -> ParagraphStyle {
        self.style
    }

    /// The whole text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length in chars.
    pub fn char_len(&self) -> usize {
        self.index().char_len()
    }

    /// The paragraphs, in text order.
    pub fn paragraphs(&self) -> &[Paragraph] {
        self.paragraphs
            .get_or_init(|| split_paragraphs(&self.text, self.style))
    }

    /// Byte offset of a char offset (`None` past the end).
    pub fn byte_of_char(&self, pos: usize) -> Option<usize> {
        self.index().byte_of_char(&self.text, pos)
    }

    /// Char offset of a byte offset (`None` past the end or inside a char).
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        self.index().char_of_byte(&self.text, byte)
    }

    /// Byte range of a char range (`None` if reversed or out of range).
    pub fn byte_range(&self, chars: Range<usize>) -> Option<Range<usize>> {
        self.index().byte_range(&self.text, chars)
    }

    /// Char range of a byte range (`None` if an end is not on a char boundary).
    pub fn char_range(&self, bytes: Range<usize>) -> Option<Range<usize>> {
        self.index().char_range(&self.text, bytes)
    }

    /// The text of a char range (`None` if out of range).
    pub fn slice(&self, chars: Range<usize>) -> Option<&str> {
        self.byte_range(chars).and_then(|b| self.text.get(b))
    }

    /// Up to `n` chars ending at char `pos` (clamped to the text).
    pub fn before(&self, pos: usize, n: usize) -> &str {
        let pos = pos.min(self.char_len());
        self.slice(pos.saturating_sub(n)..pos).unwrap_or("")
    }

    /// Up to `n` chars starting at char `pos` (clamped to the text).
    pub fn after(&self, pos: usize, n: usize) -> &str {
        let pos = pos.min(self.char_len());
        let end = (pos + n).min(self.char_len());
        self.slice(pos..end).unwrap_or("")
    }

    /// Index of the paragraph holding char `pos` (or the next one after a gap).
    pub fn paragraph_at(&self, pos: usize) -> Option<usize> {
        paragraph_at(self.paragraphs(), pos)
    }

    /// The number people use for the paragraph holding char `pos`: 1 for the first, as
    /// in "¶ 12" (past the last paragraph: the last one).
    pub fn paragraph_number(&self, pos: usize) -> usize {
        self.paragraph_at(pos)
            .unwrap_or(self.paragraphs().len().saturating_sub(1))
            + 1
    }
}

/// Replaces `\r\n` and lone `\r` by `\n`, so that offsets do not depend on the platform
/// a file was written on. Returns the input untouched (no copy) when it has no `\r`.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Every occurrence of `needle` in `text`, as char ranges, in order (non-overlapping).
/// Case-insensitive matching uses Unicode simple case folding. An empty needle finds
/// nothing.
pub fn find_literal(text: &DocText, needle: &str, case_sensitive: bool) -> Vec<Range<usize>> {
    if needle.is_empty() {
        return Vec::new();
    }
    let pattern = regex::escape(needle);
    let Ok(re) = regex::RegexBuilder::new(&pattern)
        .case_insensitive(!case_sensitive)
        .size_limit(1 << 22)
        .build()
    else {
        return Vec::new();
    };
    re.find_iter(text.as_str())
        .filter_map(|m| text.char_range(m.range()))
        .collect()
}

/// Shortens `text` to at most `max` chars for display, with an ellipsis in the middle of
/// what was cut. Newlines become spaces.
pub fn shorten(text: &str, max: usize) -> String {
    let flat = |s: &str| s.replace('\n', " ");
    // Reads at most `max + 1` chars from each end: the text may be a selection of a whole
    // book, shortened for a label every frame.
    if max < 3 || text.chars().nth(max).is_none() {
        return flat(text);
    }
    let head = (max - 1) * 2 / 3;
    let tail = max - 1 - head;
    let head_end = text.char_indices().nth(head).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .rev()
        .nth(tail - 1)
        .map_or(0, |(i, _)| i);
    format!(
        "{}…{}",
        flat(&text[..head_end]).trim_end(),
        flat(&text[tail_start..]).trim_start()
    )
}

/// "1 document", "3 documents": a count with its noun in the right number (English).
pub fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// "3 mentions in 1 document": an entity's or a place's reach, as every view says it.
pub fn mentions_in_documents(mentions: usize, documents: usize) -> String {
    format!(
        "{} in {}",
        counted(mentions, "mention", "mentions"),
        counted(documents, "document", "documents")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entity_reach_is_said_in_the_right_number() {
        assert_eq!(mentions_in_documents(1, 1), "1 mention in 1 document");
        assert_eq!(mentions_in_documents(3, 1), "3 mentions in 1 document");
        assert_eq!(mentions_in_documents(7, 2), "7 mentions in 2 documents");
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(normalize_newlines("\r\r\n".into()), "\n\n");
    }

    #[test]
    fn context_is_clamped_to_the_text() {
        let t = DocText::new("Ţarţūs harbour".into(), ParagraphStyle::Lines);
        assert_eq!(t.before(6, 32), "Ţarţūs");
        assert_eq!(t.after(7, 100), "harbour");
        assert_eq!(t.after(99, 5), "");
        assert_eq!(t.slice(0..6), Some("Ţarţūs"));
        assert_eq!(t.slice(0..99), None);
    }

    #[test]
    fn find_literal_gives_char_ranges() {
        let t = DocText::new("Ţarţūs, ŢARŢŪS and ţarţūs".into(), ParagraphStyle::Lines);
        assert_eq!(find_literal(&t, "ţarţūs", true), vec![19..25]);
        assert_eq!(find_literal(&t, "ţarţūs", false), vec![0..6, 8..14, 19..25]);
        assert!(find_literal(&t, "", false).is_empty());
        assert_eq!(find_literal(&t, "(", false), Vec::<Range<usize>>::new());
    }

    #[test]
    fn shorten_matches_the_plain_definition() {
        // The definition: flatten newlines, then keep the first 2/3 and the last 1/3 of
        // `max - 1` chars around an ellipsis.
        let plain = |text: &str, max: usize| -> String {
            let flat: Vec<char> = text
                .chars()
                .map(|c| if c == '\n' { ' ' } else { c })
                .collect();
            if flat.len() <= max || max < 3 {
                return flat.into_iter().collect();
            }
            let head = (max - 1) * 2 / 3;
            let tail = max - 1 - head;
            let start: String = flat[..head].iter().collect();
            let end: String = flat[flat.len() - tail..].iter().collect();
            format!("{}…{}", start.trim_end(), end.trim_start())
        };
        let texts = [
            "",
            "ab",
            "Ţarţūs\nand Hmeimim",
            "دمشق وحلب\nو حمص",
            "a\nb\nc\nd\ne\nf\ng",
        ];
        for text in texts {
            for max in 0..24 {
                assert_eq!(shorten(text, max), plain(text, max), "{text:?} {max}");
            }
        }
        let long = "word ".repeat(100_000);
        assert_eq!(shorten(&long, 60), plain(&long, 60));
    }

    #[test]
    fn shorten_keeps_both_ends() {
        assert_eq!(shorten("short", 10), "short");
        let s = shorten("the military bases in Hmeimim and Tartus", 20);
        assert!(s.chars().count() <= 20, "{s}");
        assert!(s.starts_with("the military"), "{s}");
        assert!(s.ends_with("Tartus"), "{s}");
    }

    #[test]
    fn counts_take_the_noun_in_the_right_number() {
        assert_eq!(counted(1, "document", "documents"), "1 document");
        assert_eq!(counted(0, "document", "documents"), "0 documents");
        assert_eq!(counted(12, "entry", "entries"), "12 entries");
    }
}

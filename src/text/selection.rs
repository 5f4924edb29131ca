//! Shaping a user's selection into the passage they meant: whole words (as MAXQDA and
//! ATLAS.ti do when a drag starts or ends inside a word), without the spaces around it.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::DocText;

/// Chars looked at on each side of a selection's end to find its word: far longer than
/// any word, and bounded so that a selection in a 1 MB one-line text stays cheap.
const WORD_WINDOW: usize = 128;

impl DocText {
    /// `range` without leading and trailing whitespace (empty if it is all whitespace).
    pub fn trim_range(&self, range: Range<usize>) -> Range<usize> {
        let Some(s) = self.slice(range.clone()) else {
            return range;
        };
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        if lead == s.chars().count() {
            return range.start..range.start;
        }
        let trail = s.chars().rev().take_while(|c| c.is_whitespace()).count();
        range.start + lead..range.end - trail
    }

    /// `range` extended to whole words at both ends (a start or end inside a word moves to
    /// that word's edge), then trimmed of whitespace. Ranges out of the text come back as
    /// they were.
    pub fn snap_to_words(&self, range: Range<usize>) -> Range<usize> {
        if range.start >= range.end || range.end > self.char_len() {
            return range;
        }
        let start = self
            .word_containing(range.start)
            .map_or(range.start, |w| w.start);
        let end = self
            .word_containing(range.end - 1)
            .map_or(range.end, |w| w.end.max(range.end));
        self.trim_range(start.min(range.start)..end)
    }

    /// [`Self::snap_to_words`] for a drag whose end went past the end of a line: the
    /// pointer was beyond the last word, not on the punctuation after it, so the end snaps
    /// back to that word ("Damascus." gives "Damascus"). Closing quotes and brackets stay:
    /// they belong to the words they close.
    pub fn snap_to_words_before_line_end(&self, range: Range<usize>) -> Range<usize> {
        let r = self.snap_to_words(range);
        let Some(s) = self.slice(r.clone()) else {
            return r;
        };
        let trailing = s
            .chars()
            .rev()
            .take_while(|&c| c.is_whitespace() || is_trailing_punctuation(c))
            .count();
        if trailing == s.chars().count() {
            return r;
        }
        r.start..r.end - trailing
    }

    /// The word (Unicode word boundaries; letters or digits) holding char `pos`.
    fn word_containing(&self, pos: usize) -> Option<Range<usize>> {
        let from = pos.saturating_sub(WORD_WINDOW);
        let to = (pos + WORD_WINDOW + 1).min(self.char_len());
        let window = self.slice(from..to)?;
        let mut c = from;
        for piece in window.split_word_bounds() {
            let len = piece.chars().count();
            if pos < c + len {
                return piece
                    .chars()
                    .any(char::is_alphanumeric)
                    .then_some(c..c + len);
            }
            c += len;
        }
        None
    }
}

/// Punctuation that ends a sentence or a clause (not a closing quote or bracket).
fn is_trailing_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '…' | '،' | '؛' | '؟' | '۔' | '׃' | '。' | '、'
    )
}

#[cfg(test)]
mod tests {
    use crate::text::{DocText, ParagraphStyle};

    fn doc(s: &str) -> DocText {
        DocText::new(s.to_owned(), ParagraphStyle::Lines)
    }

    fn snapped(text: &DocText, range: std::ops::Range<usize>) -> &str {
        let r = text.snap_to_words(range);
        text.slice(r).expect("in range")
    }

    #[test]
    fn a_drag_inside_words_extends_to_whole_words() {
        let t = doc("Russia keeps its military bases in Ţarţūs, officials said.");
        // "sia keeps its mili" -> "Russia keeps its military"
        assert_eq!(snapped(&t, 3..21), "Russia keeps its military");
        // Ends inside a word with diacritics.
        assert_eq!(snapped(&t, 35..38), "Ţarţūs");
        // Already whole words, with spaces around: only trimmed.
        assert_eq!(snapped(&t, 12..26), "its military");
        // Punctuation at the end stays as selected.
        assert_eq!(snapped(&t, 35..42), "Ţarţūs,");
        // A whitespace-only selection becomes empty.
        assert!(t.snap_to_words(6..7).is_empty());
    }

    #[test]
    fn a_drag_past_the_end_of_a_line_leaves_the_full_stop() {
        let t = doc("Talks were held in Damascus.\nThey said: “not in Beirut”.\n");
        // The drag ends after the full stop (past the line's last glyph).
        let from = 19;
        let line_end = 28;
        assert_eq!(t.slice(from..line_end), Some("Damascus."));
        let r = t.snap_to_words_before_line_end(from..line_end);
        assert_eq!(t.slice(r), Some("Damascus"));
        // With the newline and from inside the word: the same.
        let r = t.snap_to_words_before_line_end(21..line_end + 1);
        assert_eq!(t.slice(r), Some("Damascus"));
        // A closing quote stays with its words; the full stop after it goes.
        let second = 29;
        let r = t.snap_to_words_before_line_end(second + 10..t.char_len());
        assert_eq!(t.slice(r), Some("“not in Beirut”"));
        // A drag inside the line keeps what it covers.
        assert_eq!(snapped(&t, from..line_end), "Damascus.");
        // Nothing but punctuation: left as it is.
        let r = t.snap_to_words_before_line_end(27..28);
        assert_eq!(t.slice(r), Some("."));
    }

    #[test]
    fn trimming_keeps_inner_text_and_handles_edges() {
        let t = doc("  two words \n");
        assert_eq!(t.slice(t.trim_range(0..13)), Some("two words"));
        assert_eq!(t.trim_range(0..2), 0..0);
        assert_eq!(t.trim_range(20..30), 20..30, "out of range: unchanged");
    }
}

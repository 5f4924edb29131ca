//! Conversion between Unicode code-point offsets (what Dossier persists) and byte offsets
//! (what Rust strings and egui galleys index by).
//!
//! Every persisted position is a char offset; byte offsets exist only at the edges (slicing,
//! drawing). [`CharIndex`] keeps a checkpoint every [`STRIDE`] chars so that both directions
//! cost a binary search plus a walk over at most `STRIDE` chars, whatever the text's size.

use std::ops::Range;

/// Chars between two checkpoints. Small enough that the walk is a few cache lines, large
/// enough that the table stays ~6% of the text's size for ASCII-heavy text.
const STRIDE: usize = 64;

/// Char <-> byte offset map of one immutable text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharIndex {
    /// `checkpoints[k]` is the byte offset of char `k * STRIDE`. Empty when the text is ASCII.
    checkpoints: Vec<u32>,
    char_len: usize,
    byte_len: usize,
}

impl CharIndex {
    /// Builds the index in one pass over `text`.
    ///
    /// Texts are limited to 4 GiB by the corpus loader's size cap long before `u32` overflows;
    /// a longer text still works, with byte offsets computed by walking (correct, slower).
    pub fn new(text: &str) -> Self {
        let byte_len = text.len();
        if text.is_ascii() {
            return Self {
                checkpoints: Vec::new(),
                char_len: byte_len,
                byte_len,
            };
        }
        // The next checkpoint is STRIDE char starts on: counted over windows of as many
        // bytes as chars are still needed (a window never holds more starts than bytes, so
        // the count never overshoots), a loop the compiler vectorises; pure ASCII takes one
        // window. Walking every char was a tenth of the time a folder of plain text takes
        // to load.
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(byte_len / STRIDE + 1);
        let mut at = 0;
        let mut char_len = 0;
        while at < byte_len {
            checkpoints.push(u32::try_from(at).unwrap_or(u32::MAX));
            let mut need = STRIDE;
            let mut pos = at;
            while need > 0 && pos < byte_len {
                let end = (pos + need).min(byte_len);
                need -= bytes[pos..end]
                    .iter()
                    .filter(|&&b| is_char_start(b))
                    .count();
                pos = end;
            }
            char_len += STRIDE - need;
            // The char after the last one counted starts at the first lead byte from here.
            while pos < byte_len && !is_char_start(bytes[pos]) {
                pos += 1;
            }
            at = pos;
        }
        Self {
            checkpoints,
            char_len,
            byte_len,
        }
    }

    /// Number of chars (code points) in the text.
    pub fn char_len(&self) -> usize {
        self.char_len
    }

    /// Number of bytes in the text.
    pub fn byte_len(&self) -> usize {
        self.byte_len
    }

    fn is_ascii(&self) -> bool {
        self.char_len == self.byte_len
    }

    /// Byte offset of char `char_idx`; `char_len()` maps to `byte_len()`. `None` past the end.
    pub fn byte_of_char(&self, text: &str, char_idx: usize) -> Option<usize> {
        if char_idx > self.char_len {
            return None;
        }
        if self.is_ascii() {
            return Some(char_idx);
        }
        if char_idx == self.char_len {
            return Some(self.byte_len);
        }
        let k = char_idx / STRIDE;
        let base = self.checkpoint(k)?;
        let skip = char_idx - k * STRIDE;
        text.get(base..)?
            .char_indices()
            .nth(skip)
            .map(|(offset, _)| base + offset)
    }

    /// Char offset of byte `byte`; `None` past the end or inside a multi-byte char.
    pub fn char_of_byte(&self, text: &str, byte: usize) -> Option<usize> {
        if byte > self.byte_len || !text.is_char_boundary(byte) {
            return None;
        }
        if self.is_ascii() {
            return Some(byte);
        }
        // Largest checkpoint at or before `byte`.
        let k = self
            .checkpoints
            .partition_point(|&cp| cp as usize <= byte)
            .saturating_sub(1);
        let base = self.checkpoint(k)?;
        Some(k * STRIDE + text.get(base..byte)?.chars().count())
    }

    /// Byte range of a char range; `None` if the range is reversed or past the end.
    pub fn byte_range(&self, text: &str, chars: Range<usize>) -> Option<Range<usize>> {
        if chars.start > chars.end {
            return None;
        }
        let start = self.byte_of_char(text, chars.start)?;
        let end = if chars.end - chars.start <= STRIDE {
            // Short spans (the common case: a quote) walk from the start instead of
            // searching again.
            let rest = text.get(start..)?;
            let n = chars.end - chars.start;
            if n == 0 {
                start
            } else {
                rest.char_indices()
                    .nth(n - 1)
                    .map(|(o, c)| start + o + c.len_utf8())?
            }
        } else {
            self.byte_of_char(text, chars.end)?
        };
        Some(start..end)
    }

    /// Char range of a byte range; `None` if either end is not a char boundary.
    pub fn char_range(&self, text: &str, bytes: Range<usize>) -> Option<Range<usize>> {
        if bytes.start > bytes.end {
            return None;
        }
        let start = self.char_of_byte(text, bytes.start)?;
        let end = start + text.get(bytes)?.chars().count();
        Some(start..end)
    }

    fn checkpoint(&self, k: usize) -> Option<usize> {
        self.checkpoints.get(k).map(|&b| b as usize)
    }
}

/// Whether `b` starts a UTF-8 char (is not a continuation byte, `10xxxxxx`).
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_all(text: &str) {
        let index = CharIndex::new(text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        assert_eq!(index.char_len(), chars.len());
        for (ci, (bi, _)) in chars.iter().enumerate() {
            assert_eq!(index.byte_of_char(text, ci), Some(*bi), "char {ci}");
            assert_eq!(index.char_of_byte(text, *bi), Some(ci), "byte {bi}");
        }
        assert_eq!(index.byte_of_char(text, chars.len()), Some(text.len()));
        assert_eq!(index.char_of_byte(text, text.len()), Some(chars.len()));
        assert_eq!(index.byte_of_char(text, chars.len() + 1), None);
    }

    #[test]
    fn ascii_is_identity() {
        check_all("plain ascii text");
        check_all("");
    }

    #[test]
    fn mixed_scripts_round_trip_across_many_checkpoints() {
        let text = "Ţarţūs — Тартус — طرطوس — 🇸🇾 Syria. ".repeat(40);
        check_all(&text);
    }

    #[test]
    fn checkpoints_are_every_stride_th_char_whatever_the_runs_of_ascii() {
        let reference = |text: &str| -> Vec<u32> {
            text.char_indices()
                .enumerate()
                .filter(|(i, _)| i % STRIDE == 0)
                .map(|(_, (byte, _))| byte as u32)
                .collect()
        };
        for ascii_run in [0, 1, 63, 64, 65, 130] {
            for tail in ["é", "Тартус", "🇸🇾", "a"] {
                let text = format!("{}{tail}", "x".repeat(ascii_run)).repeat(37) + "ţ";
                let index = CharIndex::new(&text);
                assert_eq!(index.checkpoints, reference(&text), "{ascii_run} {tail}");
                assert_eq!(index.char_len(), text.chars().count());
            }
        }
    }

    #[test]
    fn inside_a_char_is_rejected() {
        let text = "aé";
        let index = CharIndex::new(text);
        assert_eq!(index.char_of_byte(text, 2), None);
        assert_eq!(index.char_of_byte(text, 3), Some(2));
    }

    #[test]
    #[allow(
        clippy::reversed_empty_ranges,
        reason = "a reversed range must be rejected"
    )]
    fn ranges_convert_both_ways() {
        let text = format!("{}Damascus, دمشق", "é".repeat(130));
        let index = CharIndex::new(&text);
        let chars = 130..138;
        let bytes = index.byte_range(&text, chars.clone()).expect("in range");
        assert_eq!(&text[bytes.clone()], "Damascus");
        assert_eq!(index.char_range(&text, bytes), Some(chars));
        let long = 10..140;
        let bytes = index.byte_range(&text, long.clone()).expect("in range");
        assert_eq!(text[bytes.clone()].chars().count(), 130);
        assert_eq!(index.char_range(&text, bytes), Some(long));
        let reversed = std::ops::Range { start: 5, end: 4 };
        assert_eq!(index.byte_range(&text, reversed), None);
        assert_eq!(index.byte_range(&text, 0..10_000), None);
    }
}

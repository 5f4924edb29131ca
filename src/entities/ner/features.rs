//! What the sequence model sees of a token: hashed features of its word, its shape, its
//! neighbours, what the gazetteers and the rule stages said about it, and a few facts about
//! the whole text ("this word is also written in lower case elsewhere").
//!
//! Training and recognition call the same code, so a feature means the same thing in both.
//! Nothing here allocates per token: each text gets a few vectors (one entry a token), and
//! features are 64-bit hashes handed to a callback, which sums weight rows at recognition
//! time or records row numbers during training.

use std::collections::HashSet;

use crate::entities::fold::fold_char_into;
use crate::entities::tokens::{ALL_CAPS, CAP, SENT_START, Token};
use crate::entities::words::PrehashedKeys;

/// What the gazetteers and the rule stages said about one token, and whether the model
/// looks at it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TokenInfo {
    /// A gazetteer list and the token's place in the match ([`gaz_code`]), 0 for none.
    pub gaz: u8,
    /// The rule stages' kind and the token's place in their span ([`rule_code`]), 0 for none.
    pub rule: u8,
    /// `LEX_*` bits.
    pub lex: u8,
}

/// The folded word is a known first name.
pub const LEX_FIRST_NAME: u8 = 1;
/// The folded word is a common English word.
pub const LEX_STOPWORD: u8 = 1 << 1;
/// The text also writes this word starting in lower case.
pub const LEX_LOWER_ELSEWHERE: u8 = 1 << 2;
/// The text also writes this word capitalised away from a sentence start.
pub const LEX_CAP_ELSEWHERE: u8 = 1 << 3;
/// The token is part of a date the patterns found.
pub const LEX_DATE: u8 = 1 << 4;

/// Which list a gazetteer match came from, for [`gaz_code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum GazList {
    /// The curated list of people.
    CuratedPerson = 1,
    /// The curated list of organisations.
    CuratedOrg,
    /// The curated list of places.
    CuratedPlace,
    /// The curated list of groups.
    CuratedGroup,
    /// Country names.
    Country,
    /// Nationalities and demonyms.
    Nationality,
    /// City names.
    City,
    /// Region names.
    Region,
    /// A capitalised person title ("President").
    Title,
    /// A lower-case cue before a name ("leader", "spokesman").
    Cue,
}

/// The gazetteer code of a token: the list, whether the name was written in lower case,
/// and the token's place in the match (first, inside, last, only).
pub fn gaz_code(list: GazList, lower: bool, index: usize, len: usize) -> u8 {
    (list as u8 + if lower { LOWER_LISTS } else { 0 }) * 4 + place_in(index, len)
}

/// Offset of the codes of names written in lower case.
const LOWER_LISTS: u8 = 16;

/// Does a gazetteer code stand for a name (not a title or cue)?
pub fn names_something(code: u8) -> bool {
    let list = code / 4 % LOWER_LISTS;
    code != 0 && list < GazList::Title as u8
}

/// The rule stages' code of a token: the kind (1..=5, or 6 for a name from a list) and its
/// place in the span.
pub fn rule_code(kind: u8, index: usize, len: usize) -> u8 {
    kind * 4 + place_in(index, len)
}

fn place_in(index: usize, len: usize) -> u8 {
    match (index == 0, index + 1 >= len) {
        (true, true) => 3,
        (true, false) => 0,
        (false, true) => 2,
        (false, false) => 1,
    }
}

/// Per-token hashes of a text, computed once and read by every token's features.
pub struct TextFeatures {
    /// Hash of the folded (lower-case, no diacritics) word.
    lower: Vec<u64>,
    /// Hash of the word's shape ("Xx", "XX", "X.X.", "dd").
    shape: Vec<u64>,
}

impl TextFeatures {
    /// Hashes every token of `text` and fills in the `LEX_LOWER_ELSEWHERE` and
    /// `LEX_CAP_ELSEWHERE` bits of `info`. Shapes are read only next to the tokens the
    /// model looks at (`candidate`), so only those are computed.
    pub fn new(text: &str, tokens: &[Token], info: &mut [TokenInfo], candidate: &[bool]) -> Self {
        let mut lower = Vec::with_capacity(tokens.len());
        let mut shape = Vec::with_capacity(tokens.len());
        let mut scratch = String::new();
        let mut lower_words: HashSet<u64, PrehashedKeys> = HashSet::default();
        let mut cap_words: HashSet<u64, PrehashedKeys> = HashSet::default();
        let looked_at = |i: usize| candidate.get(i).copied().unwrap_or(false);
        for (i, t) in tokens.iter().enumerate() {
            let word = t.text(text);
            let h = fold_hash(word, &mut scratch);
            lower.push(h);
            let near = looked_at(i) || looked_at(i + 1) || i.checked_sub(1).is_some_and(looked_at);
            shape.push(if near { shape_hash(word) } else { 0 });
            if t.is(CAP) {
                if !t.is(SENT_START) {
                    cap_words.insert(h);
                }
            } else if word.chars().next().is_some_and(char::is_lowercase) {
                lower_words.insert(h);
            }
        }
        for ((t, h), i) in tokens.iter().zip(&lower).zip(info.iter_mut()) {
            if !t.is(CAP) {
                continue;
            }
            if lower_words.contains(h) {
                i.lex |= LEX_LOWER_ELSEWHERE;
            }
            if t.is(SENT_START) && cap_words.contains(h) {
                i.lex |= LEX_CAP_ELSEWHERE;
            }
        }
        Self { lower, shape }
    }

    /// Writes the hashes of every feature of token `i` to `out` (cleared first). Collecting
    /// them before looking any up lets the processor fetch the weight rows in parallel.
    pub fn token(
        &self,
        text: &str,
        tokens: &[Token],
        info: &[TokenInfo],
        i: usize,
        scratch: &mut String,
        out: &mut Vec<u64>,
    ) {
        out.clear();
        let Some(t) = tokens.get(i) else {
            return;
        };
        let mut emit = |template: u64, value: u64| out.push(f(template, value));
        let word = t.text(text);
        let lower = |k: isize| -> u64 {
            i.checked_add_signed(k)
                .and_then(|j| self.lower.get(j))
                .copied()
                .unwrap_or(EDGE)
        };
        let shape = |k: isize| -> u64 {
            i.checked_add_signed(k)
                .and_then(|j| self.shape.get(j))
                .copied()
                .unwrap_or(EDGE)
        };
        let at = |k: isize| -> TokenInfo {
            i.checked_add_signed(k)
                .and_then(|j| info.get(j))
                .copied()
                .unwrap_or_default()
        };
        let here = at(0);
        let sent_start = u64::from(t.is(SENT_START));
        emit(1, 0);
        emit(2, lower(0));
        emit(4, shape(0));
        emit(5, f(sent_start, shape(0)));
        emit(6, f(sent_start, lower(0)));
        // Affixes of the folded word.
        fold_word(word, scratch);
        let folded = scratch.as_str();
        for n in 2..=3 {
            if let Some(p) = prefix(folded, n) {
                emit(10 + n as u64, bytes_hash(p.as_bytes()));
            }
            if let Some(s) = suffix(folded, n) {
                emit(20 + n as u64, bytes_hash(s.as_bytes()));
            }
        }
        // The window, two tokens each side.
        emit(31, lower(-1));
        emit(32, lower(1));
        emit(33, lower(-2));
        emit(34, lower(2));
        emit(35, f(lower(-1), lower(0)));
        emit(36, f(lower(0), lower(1)));
        emit(37, f(shape(-1), shape(0)));
        emit(38, f(shape(0), shape(1)));
        // The gazetteers and the rule stages, here and next door.
        emit(50, u64::from(here.gaz));
        emit(51, u64::from(at(-1).gaz));
        emit(52, u64::from(at(1).gaz));
        emit(55, u64::from(here.rule));
        emit(56, f(u64::from(here.rule), u64::from(here.gaz)));
        emit(57, f(u64::from(at(-1).rule), u64::from(here.rule)));
        // The list whatever the case the name was written in ("mexico" like "Mexico").
        emit(58, u64::from(here.gaz % (LOWER_LISTS * 4)));
        // Word lists and the rest of the text.
        emit(60, u64::from(here.lex));
        emit(61, f(u64::from(here.lex), sent_start));
        emit(64, f(u64::from(here.lex), shape(0)));
    }
}

/// The hash standing for a position before the first or after the last token.
const EDGE: u64 = 0x5bd1_e995_1234_5678;

/// Combines two hashes (a template number and a value, or two values).
#[inline]
pub fn f(a: u64, b: u64) -> u64 {
    mix(a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b)
}

/// A 64-bit finaliser (from SplitMix64): every input bit affects every output bit.
#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of bytes.
fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash of the folded word (ASCII words are lowered byte by byte, others folded).
fn fold_hash(word: &str, scratch: &mut String) -> u64 {
    if word.is_ascii() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in word.as_bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        return h;
    }
    fold_word(word, scratch);
    bytes_hash(scratch.as_bytes())
}

/// Writes the folded word into `out`.
fn fold_word(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        for c in word.chars() {
            fold_char_into(c, out);
        }
    }
}

/// The first `n` chars of `word`, if it is longer than `n`.
fn prefix(word: &str, n: usize) -> Option<&str> {
    let (end, _) = word.char_indices().nth(n)?;
    word.get(..end)
}

/// The last `n` chars of `word`, if it is longer than `n`.
fn suffix(word: &str, n: usize) -> Option<&str> {
    let (start, _) = word.char_indices().rev().nth(n - 1)?;
    (start > 0).then(|| word.get(start..)).flatten()
}

/// Hash of a word's shape: each char as its class (X upper, x lower, d digit, o a letter
/// without case, itself otherwise), runs of one class cut at two ("Damascus" -> "Xxx",
/// "SDF" -> "XX", "U.S." -> "X.X.", "al-Assad" -> "xx-Xxx").
fn shape_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = 0u32;
    let mut run = 0;
    for c in word.chars() {
        let class = if c.is_ascii_uppercase() {
            'X'
        } else if c.is_ascii_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_alphanumeric() {
            'o'
        } else {
            c
        } as u32;
        if class == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            run = 1;
            last = class;
        }
        h ^= u64::from(class);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Does the token contain an upper-case letter anywhere ("Damascus", "eBay", "SDF")?
pub fn has_upper(word: &str, token: &Token) -> bool {
    token.is(CAP) || token.is(ALL_CAPS) || word.chars().skip(1).any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_group_words_of_one_form() {
        assert_eq!(shape_hash("Damascus"), shape_hash("Moscow"));
        assert_eq!(shape_hash("SDF"), shape_hash("NATO"));
        assert_eq!(shape_hash("U.S."), shape_hash("U.K."));
        assert_ne!(shape_hash("A"), shape_hash("SDF"));
        assert_ne!(shape_hash("Damascus"), shape_hash("damascus"));
        assert_eq!(shape_hash("Ţarţūs"), shape_hash("Tartus"));
    }

    #[test]
    fn folded_hashes_ignore_case_and_diacritics() {
        let mut s = String::new();
        assert_eq!(fold_hash("Tartus", &mut s), fold_hash("Ţarţūs", &mut s));
        assert_eq!(fold_hash("SYRIA", &mut s), fold_hash("syria", &mut s));
        assert_ne!(fold_hash("Syria", &mut s), fold_hash("Syrian", &mut s));
    }

    #[test]
    fn affixes_count_chars() {
        assert_eq!(prefix("damascus", 3), Some("dam"));
        assert_eq!(suffix("damascus", 3), Some("cus"));
        assert_eq!(suffix("ţarţūs", 2), Some("ūs"));
        assert_eq!(prefix("ab", 3), None);
        assert_eq!(suffix("abc", 3), None);
    }
}

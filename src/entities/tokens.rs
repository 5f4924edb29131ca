//! Tokenisation: Unicode word boundaries (UAX #29) and sentence starts.
//!
//! Tokens are byte ranges into the original text with a few flags computed once, so the
//! rule stages can ask "capitalised?", "sentence start?" without touching the text again.
//! No per-token allocation: one `Vec<Token>` per text. Two departures from plain UAX #29,
//! both for names: a possessive "'s" is split off ("Assad's" -> "Assad" + "'s") and the
//! separators between tokens are remembered as flags (space before, newline before).

use unicode_segmentation::UnicodeSegmentation;

/// One token: a word, a number or a punctuation mark (whitespace is not a token).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// What the token looks like: the flag constants below, or-ed.
    pub flags: u16,
}

/// Starts with a letter or digit.
pub const WORD: u16 = 1;
/// First char is an upper-case letter.
pub const CAP: u16 = 1 << 1;
/// At least two letters, none lower-case ("SDF", "U.S").
pub const ALL_CAPS: u16 = 1 << 2;
/// Only ASCII digits.
pub const DIGITS: u16 = 1 << 3;
/// First word of a sentence (or of a line).
pub const SENT_START: u16 = 1 << 4;
/// Whitespace precedes the token.
pub const SPACE_BEFORE: u16 = 1 << 5;
/// A line break precedes the token.
pub const NEWLINE_BEFORE: u16 = 1 << 6;
/// The possessive "'s" split off a word.
pub const POSSESSIVE: u16 = 1 << 7;
/// First char is a lower-case letter.
pub const LOWER: u16 = 1 << 8;

impl Token {
    /// Whether the token has `flag`.
    pub fn is(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// The token's text (empty if the token does not belong to `text`).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Words after which a full stop does not end a sentence ("Mr. Smith", "Lt. Gen. Townsend").
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "maj", "sgt", "spc", "adm", "brig",
    "gov", "sen", "rep", "prof", "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "cpl", "pfc", "cmdr", "cdr",
    "ft", "mt", "fr", "rev", "hon", "e.g", "i.e", "etc",
];

/// Splits `text` into tokens. Empty text gives no tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut pending = SENT_START;
    for (start, piece, ascii) in pieces(text) {
        let Some(first) = piece.chars().next() else {
            continue;
        };
        if first.is_whitespace() {
            pending |= SPACE_BEFORE;
            if piece.contains('\n') {
                pending |= NEWLINE_BEFORE | SENT_START;
            }
            continue;
        }
        let end = start + piece.len();
        if first.is_alphanumeric() {
            let (stem_end, flags) = if ascii {
                let stem_end = ascii_possessive_split(piece).map_or(end, |n| start + n);
                (
                    stem_end,
                    ascii_word_flags(&text.as_bytes()[start..stem_end]),
                )
            } else {
                let stem_end = possessive_split(piece).map_or(end, |n| start + n);
                (stem_end, word_flags(&text[start..stem_end]))
            };
            let flags = flags | pending;
            tokens.push(Token {
                start,
                end: stem_end,
                flags,
            });
            if stem_end < end {
                tokens.push(Token {
                    start: stem_end,
                    end,
                    flags: POSSESSIVE,
                });
            }
            pending = 0;
        } else {
            let ends_sentence = matches!(first, '.' | '!' | '?')
                && !tokens
                    .last()
                    .is_some_and(|t| t.end == start && is_abbreviation(t, text));
            tokens.push(Token {
                start,
                end,
                flags: pending & (SPACE_BEFORE | NEWLINE_BEFORE),
            });
            // Quotes and brackets after a full stop do not start the sentence: the word
            // after them does.
            pending &= SENT_START;
            if ends_sentence {
                pending |= SENT_START;
            }
        }
    }
    tokens
}

/// UAX #29 word pieces of `text`, each with whether it is ASCII: space-separated stretches that are pure ASCII (nearly
/// all of English text, even when a curly quote appears elsewhere) go through the fast
/// [`AsciiWords`], the others through `unicode-segmentation`. Splitting at spaces first
/// changes nothing: UAX #29 never joins a word across a space.
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut inner = Stretch::Done;
    std::iter::from_fn(move || {
        loop {
            let next = match &mut inner {
                Stretch::Ascii(it, base) => it.next().map(|(i, p)| (*base + i, p, true)),
                Stretch::Unicode(it, base) => it.next().map(|(i, p)| (*base + i, p, p.is_ascii())),
                Stretch::Done => None,
            };
            if next.is_some() {
                return next;
            }
            if at >= bytes.len() {
                return None;
            }
            // The next stretch: spaces, or everything up to the next space.
            let start = at;
            let space = bytes.get(at) == Some(&b' ');
            // Its end and whether it is ASCII, in one pass.
            let mut end = at;
            let mut ascii = true;
            while let Some(&b) = bytes.get(end) {
                if (b == b' ') != space {
                    break;
                }
                ascii &= b.is_ascii();
                end += 1;
            }
            at = end;
            let stretch = text.get(start..end)?;
            inner = if ascii {
                Stretch::Ascii(
                    AsciiWords {
                        text: stretch,
                        at: 0,
                    },
                    start,
                )
            } else {
                Stretch::Unicode(stretch.split_word_bound_indices(), start)
            };
        }
    })
}

/// The segmenter of the current stretch and its offset in the text (no allocation).
enum Stretch<'t> {
    Ascii(AsciiWords<'t>, usize),
    Unicode(unicode_segmentation::UWordBoundIndices<'t>, usize),
    Done,
}

/// UAX #29 word segmentation specialised to ASCII text (the common case, about four times
/// faster): letters and digits run together, an apostrophe, full stop or colon joins two
/// letters ("don't", "U.S"), a comma, full stop, semicolon or apostrophe joins two digits
/// ("1,000"), `_` joins anything, runs of spaces are one piece, every other char is its
/// own piece. A test checks it against the general algorithm.
struct AsciiWords<'t> {
    text: &'t str,
    at: usize,
}

impl<'t> Iterator for AsciiWords<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<Self::Item> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let first = *bytes.get(start)?;
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let mut end = start + 1;
        if first == b'\r' && bytes.get(end) == Some(&b'\n') {
            end += 1;
        } else if first == b' ' {
            // Spaces run together (WB3d); tabs and line breaks stand alone.
            while bytes.get(end) == Some(&b' ') {
                end += 1;
            }
        } else if word(first) {
            loop {
                match bytes.get(end) {
                    Some(&b) if word(b) => end += 1,
                    Some(&mid) => {
                        let (prev, next) = (bytes[end - 1], bytes.get(end + 1).copied());
                        let letters = prev.is_ascii_alphabetic()
                            && next.is_some_and(|n| n.is_ascii_alphabetic())
                            && matches!(mid, b'\'' | b'.' | b':');
                        let digits = prev.is_ascii_digit()
                            && next.is_some_and(|n| n.is_ascii_digit())
                            && matches!(mid, b',' | b'.' | b';' | b'\'');
                        if letters || digits {
                            end += 2;
                        } else {
                            break;
                        }
                    }
                    None => break,
                }
            }
        }
        self.at = end;
        Some((start, self.text.get(start..end).unwrap_or("")))
    }
}

/// Byte length of the stem when `word` ends with a possessive 's ("Assad's", "Assad’s").
fn possessive_split(word: &str) -> Option<usize> {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.chars().count() >= 2
        {
            return Some(stem.len());
        }
    }
    None
}

/// [`possessive_split`] of an ASCII word.
fn ascii_possessive_split(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    match b {
        [.., b'\'', b's' | b'S'] if b.len() >= 4 => Some(b.len() - 2),
        _ => None,
    }
}

/// [`word_flags`] of an ASCII word, byte by byte.
fn ascii_word_flags(word: &[u8]) -> u16 {
    let mut flags = WORD;
    let Some(&first) = word.first() else {
        return flags;
    };
    if first.is_ascii_uppercase() {
        flags |= CAP;
    } else if first.is_ascii_lowercase() {
        flags |= LOWER;
    }
    let (mut letters, mut lower, mut digits) = (0, false, true);
    for &b in word {
        letters += usize::from(b.is_ascii_alphabetic());
        lower |= b.is_ascii_lowercase();
        digits &= b.is_ascii_digit();
    }
    if digits {
        flags |= DIGITS;
    }
    if letters >= 2 && !lower {
        flags |= ALL_CAPS;
    }
    flags
}

fn word_flags(word: &str) -> u16 {
    let mut flags = WORD;
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return flags;
    };
    if first.is_uppercase() {
        flags |= CAP;
    } else if first.is_lowercase() {
        flags |= LOWER;
    }
    if word.bytes().all(|b| b.is_ascii_digit()) {
        flags |= DIGITS;
    }
    let mut letters = 0;
    let mut lower = false;
    for c in word.chars() {
        if c.is_alphabetic() {
            letters += 1;
            lower |= c.is_lowercase();
        }
    }
    if letters >= 2 && !lower {
        flags |= ALL_CAPS;
    }
    flags
}

fn is_abbreviation(token: &Token, text: &str) -> bool {
    let word = token.text(text);
    // Single letters are initials ("Stephen J. Townsend").
    if word.chars().count() == 1 && token.is(CAP) {
        return true;
    }
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, u16)> {
        tokenize(text)
            .iter()
            .map(|t| (t.text(text), t.flags))
            .collect()
    }

    #[test]
    fn empty_text_has_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize("  \n ").is_empty());
    }

    #[test]
    fn possessives_are_split_off() {
        let w = words("the Assad’s regime and Russia's role");
        let texts: Vec<&str> = w.iter().map(|(t, _)| *t).collect();
        assert_eq!(
            texts,
            [
                "the", "Assad", "’s", "regime", "and", "Russia", "'s", "role"
            ]
        );
        assert!(w[2].1 & POSSESSIVE != 0);
    }

    #[test]
    fn sentence_starts_follow_full_stops_but_not_abbreviations() {
        let text = "In 2015 it began. The end. Lt. Gen. Stephen J. Townsend spoke.\nNext line";
        let starts: Vec<&str> = tokenize(text)
            .iter()
            .filter(|t| t.is(SENT_START))
            .map(|t| t.text(text))
            .collect();
        assert_eq!(starts, ["In", "The", "Lt", "Next"]);
    }

    #[test]
    fn flags_describe_shape() {
        let w = words("SDF Damascus 2015 al");
        assert!(w[0].1 & ALL_CAPS != 0 && w[0].1 & CAP != 0);
        assert!(w[1].1 & CAP != 0 && w[1].1 & ALL_CAPS == 0);
        assert!(w[2].1 & DIGITS != 0);
        assert!(w[3].1 & LOWER != 0);
    }

    #[test]
    fn the_ascii_fast_path_segments_like_uax_29() {
        let samples = [
            "The U.S. and U.K. don't agree: 1,000.5 troops; 3:30 e.g. x_y _z a--b.",
            "Assad's regime, ISIL-held buildings (SDF) \"quoted\" 'single' end.",
            "  tabs\t\tand\r\nCRLF\n\nparagraphs  \u{0b}vt 12;34 a'b' 'c 9'9 a:1 1:a",
            "Lt. Gen. Stephen J. Townsend, Dec.14th, 11-13 Dec., 10 a.m., #hashtag @x $5 50%",
            include_str!("../../sample_data/news/000_31e3b2518f2d233b.txt"),
        ];
        for text in samples {
            let fast: Vec<(usize, &str)> = AsciiWords { text, at: 0 }.collect();
            let uax: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            assert_eq!(fast, uax, "{text:?}");
        }
        // Mixed text: ASCII stretches fast, the others by the general algorithm.
        let mixed =
            "Ţarţūs — Тартус — طرطوس — 🇸🇾 Syria. Da’esh’s  U.S.\u{200e} e\u{301}x 👍🏽 a\tb \n";
        for text in samples.iter().copied().chain([mixed]) {
            let hybrid: Vec<(usize, &str)> = pieces(text).map(|(i, p, _)| (i, p)).collect();
            let uax: Vec<(usize, &str)> = text.split_word_bound_indices().collect();
            assert_eq!(hybrid, uax, "{text:?}");
        }
        // The ASCII shortcuts for flags and possessives agree with the general ones.
        for text in samples {
            for (_, piece, ascii) in pieces(text) {
                assert!(ascii, "{piece:?}");
                assert_eq!(
                    ascii_word_flags(piece.as_bytes()),
                    word_flags(piece),
                    "{piece:?}"
                );
                assert_eq!(
                    ascii_possessive_split(piece),
                    possessive_split(piece),
                    "{piece:?}"
                );
            }
        }
        for word in [
            "SDF's", "A's", "Al's", "ISIS'S", "it's", "'s", "12", "U.S", "x_Y",
        ] {
            assert_eq!(
                ascii_word_flags(word.as_bytes()),
                word_flags(word),
                "{word:?}"
            );
            assert_eq!(
                ascii_possessive_split(word),
                possessive_split(word),
                "{word:?}"
            );
        }
    }

    #[test]
    fn text_without_spaces_is_one_or_few_tokens() {
        let text = "a".repeat(10_000);
        let t = tokenize(&text);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].end, 10_000);
    }
}

//! Case and diacritic folding, with a map back to the original text.
//!
//! Gazetteer matching runs over a folded copy of the text so that "Ţarţūs", "TARTUS" and
//! "Tartus" are one string, and curly apostrophes match straight ones ("Da’esh" ==
//! "Da'esh"). Folding can change lengths ("ß" -> "ss"), so a [`Folded`] text keeps, for a
//! text that is not pure ASCII, the original byte offset of each folded byte. Pure ASCII text
//! (the common case) folds byte for byte and needs no map.

use super::fold_table::{FIRST_0, FIRST_1, TABLE_0, TABLE_1};

/// Appends the folded form of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    let cp = c as u32;
    if let Some(s) = table(cp, FIRST_0, &TABLE_0).or_else(|| table(cp, FIRST_1, &TABLE_1)) {
        out.push_str(s);
        return;
    }
    match c {
        // Apostrophes and transliteration marks: ’ ‘ ʼ ′ fold to ', ʿ ʾ (ayn, hamza) vanish.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' => out.push('\''),
        '\u{02BF}' | '\u{02BE}' => {}
        // Hyphens and non-breaking hyphens.
        '\u{2010}' | '\u{2011}' => out.push('-'),
        // Non-breaking and other spaces.
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' => out.push(' '),
        _ => out.extend(c.to_lowercase()),
    }
}

fn table(cp: u32, first: u32, table: &'static [&'static str]) -> Option<&'static str> {
    let i = cp.checked_sub(first)?;
    table.get(i as usize).copied()
}

/// Replaces the contents of `out` by the folded form of `s` (no allocation once `out` has
/// grown: for hot loops).
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        fold_char_into(c, out);
    }
}

/// The folded form of `s` (for building patterns and dictionary keys).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// A folded text and the way back to the original's byte offsets.
#[derive(Clone, Debug)]
pub struct Folded {
    text: String,
    /// `map[i]` = original byte offset of the char that produced folded byte `i`; one extra
    /// entry for the end. `None` when the original is ASCII (offsets are equal).
    map: Option<Vec<u32>>,
}

impl Folded {
    /// Folds `original` in one pass.
    pub fn new(original: &str) -> Self {
        if original.is_ascii() {
            return Self {
                text: original.to_ascii_lowercase(),
                map: None,
            };
        }
        let mut text = String::with_capacity(original.len() + 16);
        let mut map = Vec::with_capacity(original.len() + 17);
        for (byte, c) in original.char_indices() {
            let before = text.len();
            fold_char_into(c, &mut text);
            let at = u32::try_from(byte).unwrap_or(u32::MAX);
            map.resize(map.len() + (text.len() - before), at);
        }
        map.push(u32::try_from(original.len()).unwrap_or(u32::MAX));
        Self {
            text,
            map: Some(map),
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Original byte offset of folded byte `i` (`i == len` maps to the original's end).
    /// Offsets past the end clamp to the end.
    pub fn original(&self, i: usize) -> usize {
        match &self.map {
            None => i.min(self.text.len()),
            Some(map) => map.get(i).or_else(|| map.last()).map_or(0, |&b| b as usize),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diacritics_and_case_fold_away() {
        assert_eq!(fold("Ţarţūs"), "tartus");
        assert_eq!(fold("TÜRKIYE Cumhuriyeti"), "turkiye cumhuriyeti");
        assert_eq!(fold("Da’esh"), "da'esh");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Москва"), "москва");
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let original = "In Ţarţūs, ß!";
        let f = Folded::new(original);
        assert_eq!(f.as_str(), "in tartus, ss!");
        let start = f.as_str().find("tartus").expect("folded");
        let (a, b) = (f.original(start), f.original(start + "tartus".len()));
        assert_eq!(&original[a..b], "Ţarţūs");
        let ss = f.as_str().find("ss").expect("folded");
        assert_eq!(&original[f.original(ss)..f.original(ss + 2)], "ß");
        assert_eq!(f.original(999), original.len());
    }

    #[test]
    fn ascii_text_needs_no_map() {
        let f = Folded::new("Damascus");
        assert_eq!(f.as_str(), "damascus");
        assert_eq!(f.original(3), 3);
        assert_eq!(f.original(100), 8);
    }
}

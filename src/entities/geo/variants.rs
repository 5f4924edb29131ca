//! Transliterations of one Arabic place name: "Al-Qaim", "al Qa'im", "Qaim"; "Ras al-Ain",
//! "Ra's al 'Ayn"; "Tal Kalakh", "Tall Kalakh"; "Izraa", "Izra'"; "Deir ez-Zor", "Dayr az
//! Zor". English news writes the article in many ways (al-, Al , el-, ar-, as-, ash-, ad-,
//! an-, az-, with or without a hyphen or a capital) or drops it, writes the ayn and the hamza
//! as `'`, `ʿ`, `ʼ` or not at all, doubles letters or not, and ends a feminine name in "-a"
//! or "-ah". The [`spelling_key`] of a name is what is left when all of that is taken away
//! (and the common words of Arabic place names, "Tell", "Deir", "Ain", "Jebel", are given
//! one spelling): two names with one key are the same name spelled two ways.
//!
//! A name found by its key alone is a guess of the same kind as a respelling (see
//! [`super::resolve`]): it is taken only where the document supports the place's country,
//! and only for places of the countries whose names English writes from another script.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::words::FastHash;
use super::resolve::TRANSLITERATED;
use super::table::Table;

/// Arabic articles as English news writes them (the sun letters assimilate the "l").
const ARTICLES: &[&str] = &[
    "al", "el", "il", "ul", "ar", "er", "as", "es", "ash", "esh", "ad", "ed", "adh", "an", "en",
    "az", "ez", "at", "et", "ath",
];

/// Common words of Arabic place names, each spelled one way: (spellings, key).
const WORDS: &[(&[&str], &str)] = &[
    (&["tal", "tall", "tel", "tell", "til"], "tal"),
    (&["deir", "dayr", "dair", "deyr"], "dayr"),
    (&["ain", "ayn", "ein"], "ayn"),
    (&["jabal", "jebel", "jabel", "jbel", "djebel"], "jabal"),
    (&["bir", "beer"], "bir"),
    (&["kafr", "kfar", "kafar"], "kafr"),
    (&["abu", "abou", "abo"], "abu"),
    (&["umm", "um", "om", "oum"], "um"),
    (
        &["sheikh", "shaykh", "sheik", "shaikh", "cheikh", "sheykh"],
        "shaykh",
    ),
    (&["qasr", "kasr", "ksar", "qsar"], "qasr"),
    (&["wadi", "wady", "oued"], "wadi"),
];

/// The key of a folded Latin-script name (see the module); `None` for other scripts and for
/// keys of fewer than three letters.
pub fn spelling_key(folded: &str) -> Option<String> {
    let mut out = String::with_capacity(folded.len());
    for word in folded.split([' ', '-']) {
        // Another script: no key. Apostrophes, ayns, hamzas and dots go.
        if word.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
            return None;
        }
        let word: String = word.chars().filter(char::is_ascii_alphabetic).collect();
        if word.is_empty() || ARTICLES.contains(&word.as_str()) {
            continue;
        }
        let word = WORDS
            .iter()
            .find(|(spellings, _)| spellings.contains(&word.as_str()))
            .map_or(word.as_str(), |(_, key)| key);
        if !out.is_empty() {
            out.push(' ');
        }
        let start = out.len();
        for c in word.chars() {
            // Doubled letters once: "Habbaniyah", "Izraa", "Tall".
            if out.len() > start && out.ends_with(c) {
                continue;
            }
            out.push(c);
        }
        // The feminine ending written "-ah" or "-a": "Saadah", "Saada".
        if out.len() > start + 3 && out.ends_with("ah") {
            out.pop();
        }
    }
    (out.chars().filter(char::is_ascii_alphabetic).count() >= 3).then_some(out)
}

/// The shape of a folded Latin-script name: its consonants in order, each run of vowels
/// (`y` and `w` among them, as the skeleton the table looks respellings up by counts them)
/// one `*`, without articles, apostrophes, hyphens and doubled letters. Two spellings of one
/// name written from another script differ in their vowels, not in where the vowels are:
/// "Dayr az Zawr" and "Deir ez-Zor" are `d*rz*r`, "Ra's al 'Ayn" and "Ras al-Ain" `r*s*n`;
/// "Bosra" (`b*sr*`) is not "Bisari" (`b*s*r*`), a spelling of Bsharri, Lebanon. `None` for
/// other scripts.
pub fn shape_key(folded: &str) -> Option<String> {
    let mut out = String::with_capacity(folded.len());
    for word in folded.split([' ', '-']) {
        if word.chars().any(|c| c.is_alphabetic() && !c.is_ascii()) {
            return None;
        }
        let word: String = word.chars().filter(char::is_ascii_alphabetic).collect();
        if word.is_empty() || ARTICLES.contains(&word.as_str()) {
            continue;
        }
        for c in word.chars() {
            let c = if "aeiouyw".contains(c) { '*' } else { c };
            if !out.ends_with(c) {
                out.push(c);
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Spelling key -> the entries a name of that key stands for (indices of the table), for
/// the places of the countries whose names English writes from another script (see
/// [`TRANSLITERATED`]).
pub struct Variants {
    by_key: HashMap<Box<str>, Vec<u32>, FastHash>,
    /// Shape key -> entries (see [`shape_key`]), for the same places.
    by_shape: HashMap<Box<str>, Vec<u32>, FastHash>,
}

impl Variants {
    /// The index of the shared table, built the first time a name is not found as written.
    pub fn shared() -> &'static Variants {
        static VARIANTS: OnceLock<Variants> = OnceLock::new();
        VARIANTS.get_or_init(|| Variants::of(Table::shared()))
    }

    /// The index of the names of `table` in those countries.
    pub fn of(table: &Table) -> Self {
        let mut by_key: HashMap<Box<str>, Vec<u32>, FastHash> = HashMap::default();
        let mut by_shape: HashMap<Box<str>, Vec<u32>, FastHash> = HashMap::default();
        let transliterated = |i: &u32| {
            table
                .entry(*i)
                .is_some_and(|e| TRANSLITERATED.contains(&e.country_code()))
        };
        for (name, entries) in table.names() {
            if !entries.iter().any(transliterated) {
                continue;
            }
            if let Some(shape) = shape_key(name) {
                by_shape
                    .entry(shape.into_boxed_str())
                    .or_default()
                    .extend(entries.iter().copied().filter(|i| transliterated(i)));
            }
            let Some(key) = spelling_key(name) else {
                continue;
            };
            by_key
                .entry(key.into_boxed_str())
                .or_default()
                .extend(entries.iter().copied().filter(|i| transliterated(i)));
        }
        // The table's names come in no fixed order: the lists are sorted, for results
        // that do not change from run to run.
        for list in by_key.values_mut().chain(by_shape.values_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        Variants { by_key, by_shape }
    }

    /// The entries a folded name may stand for, spelled otherwise (as indices).
    pub fn spelled_as(&self, folded: &str) -> &[u32] {
        spelling_key(folded)
            .and_then(|k| self.by_key.get(k.as_str()))
            .map_or(&[], Vec::as_slice)
    }

    /// Entry `index` has a name of the same shape as the folded name (see [`shape_key`]): a
    /// respelling by its vowels keeps where the vowels are.
    pub fn same_shape(&self, folded: &str, index: u32) -> bool {
        shape_key(folded)
            .and_then(|k| self.by_shape.get(k.as_str()))
            .is_some_and(|list| list.binary_search(&index).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::fold::fold;
    use super::*;

    fn key(name: &str) -> Option<String> {
        spelling_key(&fold(name))
    }

    #[test]
    fn articles_apostrophes_doubled_letters_and_endings_fall_together() {
        for (a, b) in [
            ("Al-Qaim", "Qaim"),
            ("al Qa'im", "Qaim"),
            ("Al Qā’im", "Al-Qaim"),
            ("Ras al-Ain", "Ra’s al ‘Ayn"),
            ("Ras al-Ain", "Ras el Ain"),
            ("Tal Kalakh", "Tall Kalakh"),
            ("Tel Kalakh", "Tell Kalakh"),
            ("Izraa", "Izra‘"),
            ("Deir ez-Zor", "Dayr az Zor"),
            ("Deir ez-Zor", "Deir al-Zor"),
            ("Habbaniyah", "Habbaniya"),
            ("Saadah", "Saada"),
            ("Ash Shirqat", "Shirqat"),
            ("ad-Dawr", "Ad Dawr"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
            assert!(key(a).is_some(), "{a}");
        }
    }

    #[test]
    fn different_names_keep_different_keys() {
        for (a, b) in [
            ("Qaim", "Qom"),
            ("Marib", "Maribor"),
            ("Deir ez-Zor", "Dayr Hafir"),
            ("Saada", "Sidon"),
            ("Azaz", "Aziz"),
        ] {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
        // Other scripts and names of fewer than three letters have no key.
        assert_eq!(key("دمشق"), None);
        assert_eq!(key("Al Ua"), None);
    }

    #[test]
    fn a_respelling_keeps_where_the_vowels_are() {
        let shape = |n: &str| shape_key(&fold(n));
        for (a, b) in [
            ("Dayr az Zawr", "Deir ez-Zor"),
            ("Ras al-Ain", "Ra’s al ‘Ayn"),
            ("Kharkov", "Kharkiv"),
            ("Dar'a", "Daraa"),
            ("Maarat al-Numan", "Ma'arrat al-Nu'man"),
        ] {
            assert_eq!(shape(a), shape(b), "{a} / {b}");
        }
        // A vowel more or less between two consonants is another name.
        for (a, b) in [("Bosra", "Bisari"), ("Bosnia", "Busan")] {
            assert_ne!(shape(a), shape(b), "{a} / {b}");
        }
        assert_eq!(shape("دمشق"), None);
    }

    #[test]
    fn the_shared_table_finds_a_place_by_another_spelling() {
        let t = Table::shared();
        let v = Variants::shared();
        let ids = |name: &str| -> Vec<u32> {
            v.spelled_as(&fold(name))
                .iter()
                .filter_map(|&i| t.entry(i))
                .map(|e| e.geonameid)
                .collect()
        };
        // Al Qā'im, Iraq; Tallkalakh, Syria; Izra', Syria.
        assert!(ids("Qaim").contains(&92138), "{:?}", ids("Qaim"));
        assert!(ids("Tel Kalakh").contains(&163533));
        assert!(ids("Izraa").contains(&169341));
    }
}

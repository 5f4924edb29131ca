//! East Asian names written family name first, with a given name of two hyphenated
//! syllables ("Kim Jong-il", "Moon Jae-in", "Chiang Kai-shek").
//!
//! The rule stages join name parts across a hyphen only when the part after it is
//! capitalised ("al-Sharaa"), so the model's span stops at "Kim Jong" and two men become
//! one "Kim Jong". Those stages are part of the model's features (changing them means
//! training again), so the span is mended here, after the model: a person's name of
//! romanised syllables followed, with no space, by "-" and one more syllable in lower case
//! takes that syllable in. Such a name's short form is its first word, the family name
//! ("Kim" for "Kim Il-sung"), not its last.

use super::fold::fold;
use super::model::EntityKind;
use super::pipeline::Pass;
use super::tokens::{CAP, LOWER, NEWLINE_BEFORE, SPACE_BEFORE};

/// Consonants a romanised Korean or Chinese (Wade-Giles) syllable starts with, longest
/// first.
const ONSETS: &[&str] = &[
    "kk", "tt", "pp", "ss", "jj", "ch", "sh", "hs", "ts", "k", "g", "n", "d", "t", "r", "l", "m",
    "b", "p", "s", "j", "h", "y", "w", "c", "f", "z",
];
/// Consonants it may end with ("Jong", "Il", "Suk"): no "d", "s", "st" ("led", "based").
const CODAS: &[&str] = &["ng", "n", "l", "m", "p", "k", "t"];

/// Is `word` one romanised syllable: a consonant onset or none, one to three vowels, a
/// coda or none ("il", "Jong", "yeol", "myung", "Kai", "shek")? English words that follow a
/// name with a hyphen ("-led", "-era", "-style", "-backed") are not.
pub fn is_syllable(word: &str) -> bool {
    let w = fold(word);
    if w.is_empty() || w.len() > 6 || !w.chars().all(|c| c.is_ascii_lowercase()) {
        return false;
    }
    let onset = ONSETS
        .iter()
        .find(|o| w.starts_with(**o))
        .map_or(0, |o| o.len());
    let rest = &w[onset..];
    // A glide between onset and vowel: "myung", "hwan".
    let rest = match rest.strip_prefix(['y', 'w']) {
        Some(r) if onset > 0 => r,
        _ => rest,
    };
    let vowels = rest
        .chars()
        .take_while(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u'))
        .count();
    if vowels == 0 || vowels > 3 {
        return false;
    }
    let coda = &rest[vowels..];
    coda.is_empty() || CODAS.contains(&coda)
}

/// Is `key` a name written family name first: two or three words, every one of them made
/// of romanised syllables, the last two syllables joined by a hyphen with the second in
/// lower case ("Kim Il-sung", "Ban Ki-moon")?
pub fn family_name_first(key: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let Some((last, rest)) = words.split_last() else {
        return false;
    };
    let Some((a, b)) = last.split_once('-') else {
        return false;
    };
    (1..=2).contains(&rest.len())
        && rest.iter().all(|w| is_syllable(w))
        && is_syllable(a)
        && b.starts_with(|c: char| c.is_lowercase())
        && is_syllable(b)
}

/// Takes the lower-case syllable after a hyphen into the person's name it follows
/// ("Kim Jong" + "-il").
pub fn mend(pass: &mut Pass) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Person {
            continue;
        }
        let range = cand.tokens();
        let (hyphen, syllable) = (range.end, range.end + 1);
        let joined = pass.word(hyphen) == "-"
            && !pass.is(hyphen, SPACE_BEFORE)
            && pass.is(syllable, LOWER)
            && !pass.is(syllable, SPACE_BEFORE)
            && pass.is_free(hyphen)
            && pass.is_free(syllable);
        if !joined {
            continue;
        }
        // "Moon Jae-in", where the model took "Jae" alone ("Moon" is a common word): the
        // family name before it, a free capitalised syllable on the same line.
        let family = range.start.checked_sub(1).filter(|&f| {
            range.len() == 1
                && pass.is_free(f)
                && pass.is(f, CAP)
                && pass.is(range.start, SPACE_BEFORE)
                && !pass.is(range.start, NEWLINE_BEFORE)
        });
        let Some(start) = [family, Some(range.start)]
            .into_iter()
            .flatten()
            .find(|&s| {
                let name = pass.span_text(s..syllable + 1);
                family_name_first(&name.split_whitespace().collect::<Vec<_>>().join(" "))
            })
        else {
            continue;
        };
        let name = pass.span_text(start..syllable + 1);
        let key = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let (origin, detail) = (cand.origin, cand.detail.clone());
        if let Some(i) = pass.force_add(start..syllable + 1, EntityKind::Person, key, origin)
            && let Some(new) = pass.cands.get_mut(i)
        {
            new.detail = detail;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanised_syllables_and_english_words() {
        for s in [
            "il", "Jong", "un", "sung", "yeol", "myung", "in", "Kai", "shek", "moon",
        ] {
            assert!(is_syllable(s), "{s}");
        }
        for s in [
            "led", "era", "style", "backed", "based", "Assad", "Biden", "Trump", "",
        ] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    #[test]
    fn family_name_first_only_for_hyphenated_syllables() {
        assert!(family_name_first("Kim Jong-il"));
        assert!(family_name_first("Moon Jae-in"));
        assert!(family_name_first("Chiang Kai-shek"));
        assert!(!family_name_first("Jean-Luc Mélenchon"));
        assert!(!family_name_first("Ahmed al-Sharaa"));
        assert!(!family_name_first("Kim Jong"));
        assert!(!family_name_first("Joe Biden-led"));
    }
}

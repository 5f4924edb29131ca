//! What the names' stages take for a name and is a group of people, a pair of common words
//! or an ordinal (called by [`super::noise::filter`]):
//!
//! - a coordination of two common words written with capitals ("the Men and Women of the
//!   134th", "Joint and Coalition partners") is no name;
//! - a plural noun for people in service ("Airmen", "Soldiers"), written with a capital in
//!   military prose, names people, not an organisation or a person: "300 ANG Airmen" is the
//!   unit "ANG" and its airmen, "Reserve Airmen" no name;
//! - a people no country's list names ("Māori", "Hazara", "Rohingya") or a Māori tribe
//!   ("Ngāti Whātua", "Ngātiwai", "Ngāi Tahu": "Ngāti", "Ngāi", descendants of) is a
//!   group, not a person;
//! - "a second" before a noun ("a second source", "a second time") is an ordinal, not a
//!   length of time.

use std::sync::LazyLock;

use super::fold::fold;
use super::gazetteer::Gazetteer;
use super::model::{EntityKind, Origin};
use super::pipeline::Pass;
use super::tokens::{ALL_CAPS, LOWER};
use super::words::{WordSet, lower_in};

/// Plural nouns for people in service or under arms. Not "Marines" ("the Marines" is the
/// corps), nor "Women" or "Children" ("UN Women", "Save the Children").
static PEOPLE_IN_SERVICE: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "airmen",
        "airwomen",
        "soldiers",
        "sailors",
        "troops",
        "servicemen",
        "servicewomen",
        "servicemembers",
        "guardsmen",
        "reservists",
        "fighters",
        "militants",
        "personnel",
        "officials",
    ])
});

/// Adjectives that official prose capitalises before a common noun ("Joint and Coalition
/// partners", "National and International observers").
static GENERIC_MODIFIERS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "joint",
        "combined",
        "allied",
        "national",
        "international",
        "federal",
        "regional",
        "local",
        "special",
        "civil",
        "military",
        "public",
        "private",
        "foreign",
        "domestic",
        "global",
    ])
});

/// Peoples that no country's demonym names (folded), which the model, knowing no list of
/// them, takes for persons. Kept here rather than in the gazetteer so that the model's
/// features (and weights) stay as they are.
const PEOPLES: [&str; 9] = [
    "maori", "pakeha", "hazara", "hazaras", "rohingya", "uyghur", "uyghurs", "uighur", "uighurs",
];

/// Words after "a second" that keep it a length of time ("a second later", "a second or
/// two", "for a second to think").
static AFTER_A_SECOND: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "later", "earlier", "ago", "before", "after", "or", "and", "to", "of", "in", "for",
        "longer", "more", "less", "too", "at", "per", "each", "that", "when", "while", "then",
    ])
});

/// Applies the module's rules to the pass's candidates. `listed[i]`: token `i` is part of
/// a name a list knows.
pub(super) fn filter(pass: &mut Pass, gaz: &Gazetteer, listed: &[bool]) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c).filter(|c| !c.dead) else {
            continue;
        };
        if cand.origin == Origin::User {
            continue;
        }
        let range = cand.tokens();
        if cand.kind == EntityKind::Date {
            if ordinal_second(pass, range) {
                pass.remove(c);
            }
            continue;
        }
        if !matches!(
            cand.kind,
            EntityKind::Person | EntityKind::Org | EntityKind::Loc
        ) || range
            .clone()
            .all(|i| listed.get(i).copied().unwrap_or(false))
        {
            continue;
        }
        if is_tribe(pass.word(range.start)) || is_people(pass, range.clone()) {
            if let Some(cand) = pass.cands.get_mut(c) {
                cand.kind = EntityKind::Norp;
                cand.detail = None;
            }
            continue;
        }
        if common_pair(pass, gaz, range.clone()) {
            pass.remove(c);
            continue;
        }
        let last = range.end.saturating_sub(1);
        if lower_in(pass.word(last), &PEOPLE_IN_SERVICE) {
            pass.remove(c);
            // "ANG Airmen": the acronym before them is the unit.
            if range.len() == 2 && pass.is(range.start, ALL_CAPS) {
                let key = pass.word(range.start).to_owned();
                pass.force_add(range.start..last, EntityKind::Org, key, Origin::Rule);
            }
        }
    }
}

/// "Māori", "Hazaras": one word, a people of [`PEOPLES`].
fn is_people(pass: &Pass, range: std::ops::Range<usize>) -> bool {
    range.len() == 1 && {
        let word = pass.word(range.start);
        // Cheap checks first: most names are longer or shorter than these.
        (4..=10).contains(&word.len()) && PEOPLES.contains(&fold(word).as_str())
    }
}

/// "Ngāti Whātua", "Ngātiwai", "Ngāi Tahu": a Māori tribe's name starts so.
fn is_tribe(first: &str) -> bool {
    // Most names start otherwise: fold only those that may.
    first.starts_with("Ng") && (first == "Ngāi" || fold(first).starts_with("ngati"))
}

/// "Men and Women", "Joint and Coalition": two common words joined by "and".
fn common_pair(pass: &Pass, gaz: &Gazetteer, range: std::ops::Range<usize>) -> bool {
    let generic = |i: usize| {
        let word = pass.word(i);
        super::noise::is_common_word(gaz, word) || lower_in(word, &GENERIC_MODIFIERS)
    };
    range.len() == 3
        && matches!(pass.word(range.start + 1), "and" | "&")
        && generic(range.start)
        && generic(range.start + 2)
}

/// "a second source": "a second" (or "one second") before a word that makes it an
/// ordinal.
fn ordinal_second(pass: &Pass, range: std::ops::Range<usize>) -> bool {
    if range.len() != 2
        || !pass.word(range.start + 1).eq_ignore_ascii_case("second")
        || !["a", "one"]
            .iter()
            .any(|w| pass.word(range.start).eq_ignore_ascii_case(w))
    {
        return false;
    }
    let next = range.end;
    pass.is(next, LOWER) && !lower_in(pass.word(next), &AFTER_A_SECOND)
}

#[cfg(test)]
mod tests {
    use crate::entities::{EntityKind, Recognizer};

    /// The spans of `text` with their kinds.
    fn spans(text: &str) -> Vec<(String, EntityKind)> {
        let chars: Vec<char> = text.chars().collect();
        Recognizer::shared()
            .recognize(text)
            .iter()
            .map(|m| (chars[m.start..m.end].iter().collect(), m.kind))
            .collect()
    }

    #[test]
    fn two_common_words_joined_by_and_are_no_name() {
        let found = spans(
            "“The Men and Women of the 134th will work with Joint and Coalition partners,” \
             he said. Bosnia and Herzegovina sent observers.",
        );
        assert!(!found.iter().any(|s| s.0.contains(" and ")), "{found:?}");
        assert!(
            found.iter().any(|s| s.0.contains("Bosnia")),
            "a pair of names stays: {found:?}"
        );
    }

    #[test]
    fn people_in_service_are_no_organisation_or_person() {
        let found = spans(
            "Accompanying the aircraft were 300 ANG Airmen, deployed from the 158th Fighter \
             Wing. Airmen from the wing will deploy. The group of Reserve Airmen left. \
             Soldiers patrolled the town.",
        );
        assert!(!found.iter().any(|s| s.0.contains("Airmen")), "{found:?}");
        assert!(!found.iter().any(|s| s.0 == "Soldiers"), "{found:?}");
        assert!(
            found.contains(&("ANG".into(), EntityKind::Org)),
            "the unit before them stays: {found:?}"
        );
    }

    #[test]
    fn maori_peoples_and_tribes_are_groups_not_persons() {
        let found = spans(
            "The Māori party and Ngātiwai leaders met in Whangārei. Ngāti Whātua elders said \
             Māori land claims would continue.",
        );
        for name in ["Māori", "Ngātiwai", "Ngāti Whātua"] {
            assert!(
                !found.contains(&(name.into(), EntityKind::Person)),
                "{name}: {found:?}"
            );
        }
        assert!(
            found.contains(&("Māori".into(), EntityKind::Norp)),
            "{found:?}"
        );
        assert!(
            found.contains(&("Ngātiwai".into(), EntityKind::Norp)),
            "{found:?}"
        );
    }

    #[test]
    fn a_second_before_a_noun_is_an_ordinal_not_a_length_of_time() {
        let found = spans(
            "The report was confirmed by a second source. A second source close to the \
             talks agreed. The page froze for a second or two.",
        );
        let dates: Vec<&String> = found
            .iter()
            .filter(|s| s.1 == EntityKind::Date)
            .map(|s| &s.0)
            .collect();
        assert_eq!(dates, ["a second"], "only the length of time: {found:?}");
    }
}

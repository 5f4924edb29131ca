//! The span convention of `docs/entities.md` (OntoNotes-like), applied to spans that other
//! conventions produce: the rule stages (which take a person's titles into the span, as
//! news NER data such as re3d does) and the re3d gold used for training.
//!
//! - a person is the name alone: "Vladimir Putin", not "Russian President Vladimir Putin";
//!   the words before the name are kept as the mention's title;
//! - no leading article or other lower-case word, no trailing lower-case word: "the
//!   Kremlin" is "Kremlin", "northern Syria" is "Syria", "ISIL fighters" is "ISIL";
//! - an office named without its holder ("the Foreign Secretary") is no person.

use std::ops::Range;

use super::gazetteer::Gazetteer;
use super::model::{Detail, EntityKind, Origin};
use super::pipeline::Pass;
use super::tokens::{CAP, DIGITS, LOWER, NEWLINE_BEFORE, SPACE_BEFORE, WORD};
use super::words::{WordSet, lower_in};
use std::sync::LazyLock;

/// Lower-case words that may sit inside a name ("Bank of America", "Ahmed al-Sharaa").
static INNER: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "of", "for", "and", "the", "&", "on", "de", "del", "da", "du", "di", "al", "el", "ul",
        "bin", "ibn", "bint", "abu", "abd", "van", "von", "der", "la", "le", "y", "in", "at",
    ])
});

/// Brings the rule stages' people, organisations and places to the convention (the
/// recogniser without its model): titles leave person spans and become their
/// [`Detail::Title`], articles and common words leave the others.
pub fn apply(pass: &mut Pass, gaz: &Gazetteer) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let kind = cand.kind;
        if cand.dead
            || cand.origin != Origin::Rule
            || !matches!(kind, EntityKind::Person | EntityKind::Org | EntityKind::Loc)
        {
            continue;
        }
        let range = cand.tokens();
        let name = if kind == EntityKind::Person {
            person_name(pass, gaz, range.clone())
        } else {
            Some(trim(pass, range.clone())).filter(|r| !r.is_empty())
        };
        if name.as_ref() == Some(&range) {
            continue;
        }
        pass.remove(c);
        let Some(name) = name else {
            continue;
        };
        let title = (name.start > range.start)
            .then(|| super::ner::title_text(pass.span_text(range.start..name.start)))
            .filter(|t| kind == EntityKind::Person && !t.is_empty());
        let key = pass
            .span_text(name.clone())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(i) = pass.force_add(name, kind, key, Origin::Rule)
            && let Some(title) = title
            && let Some(cand) = pass.cands.get_mut(i)
        {
            cand.detail = Some(Box::new(Detail::Title(title)));
        }
    }
}

/// Words that make a company or a station of the place's name they precede ("Air
/// France", "Radio Damascus") or follow ("Iraq Airways", "Syria Telecom").
static BEFORE_PLACE: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["air", "radio", "bank", "club"]));
static AFTER_PLACE: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "airways",
        "airlines",
        "radio",
        "television",
        "telecom",
        "bank",
        "club",
    ])
});

/// A company named after a place is an organisation, and the place in its name no place:
/// a place name with one of [`BEFORE_PLACE`] or [`AFTER_PLACE`] written capitalised right
/// before or after it, on the same line, not claimed by another mention and making a name
/// of two words (no other capitalised word around: "U.S. Air Forces" is no "U.S. Air"),
/// becomes one ORG.
pub fn named_after_places(pass: &mut Pass) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Loc || cand.origin == Origin::User {
            continue;
        }
        let (range, origin) = (cand.tokens(), cand.origin);
        let n = pass.tokens.len();
        // Token `word` from `list`, joined to the place by a space (`next` is the later of
        // the two), and `outside` (the token beyond it) no capitalised word.
        let joins = |word: usize, next: usize, outside: Option<usize>, list: &LazyLock<WordSet>| {
            pass.is(word, CAP)
                && pass.is_free(word)
                && lower_in(pass.word(word), list)
                && pass.is(next, SPACE_BEFORE)
                && !pass.is(next, NEWLINE_BEFORE)
                && outside.is_none_or(|o| o >= n || !pass.is(o, CAP))
        };
        let before = range.start.checked_sub(1);
        let name = if let Some(b) = before
            && joins(b, range.start, b.checked_sub(1), &BEFORE_PLACE)
        {
            b..range.end
        } else if range.end < n && joins(range.end, range.end, Some(range.end + 1), &AFTER_PLACE) {
            range.start..range.end + 1
        } else {
            continue;
        };
        let key = pass
            .span_text(name.clone())
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        pass.force_add(name, EntityKind::Org, key, origin);
    }
}

/// Tokens of `range` that make up the name proper of a person span: after the last title
/// the span holds (and whatever qualifies that title: "Russian", "U.S. Army"), from the
/// first capitalised word after it. `None` when nothing but the title is left.
pub fn person_name(pass: &Pass, gaz: &Gazetteer, range: Range<usize>) -> Option<Range<usize>> {
    let mut start = range.start;
    let ranges = pass.token_ranges(pass.hits.iter().map(|h| (h.start, h.end)));
    for (hit, hr) in pass.hits.iter().zip(ranges) {
        let is_title = gaz
            .pattern(hit.pattern)
            .is_some_and(|p| p.title && p.entity.is_none());
        if is_title && hr.start >= range.start && hr.end <= range.end && hr.end > start {
            start = hr.end;
        }
    }
    // "Prime Minister-designate, Haider al-Abadi": past what joins title and name.
    while start < range.end && !starts_name(pass, start) {
        start += 1;
    }
    let name = trim(pass, start..range.end);
    (!name.is_empty()).then_some(name)
}

/// Can a name start at token `i`: a capitalised word, a number, or a name particle before
/// one ("al-Sharaa")?
fn starts_name(pass: &Pass, i: usize) -> bool {
    if pass.is(i, CAP) || (pass.is(i, WORD) && pass.is(i, DIGITS)) {
        return true;
    }
    pass.is(i, LOWER)
        && lower_in(pass.word(i), &INNER)
        && !matches!(
            pass.word(i),
            "the" | "of" | "and" | "for" | "on" | "in" | "at"
        )
        && (pass.word(i + 1) == "-" || pass.is(i + 1, CAP))
}

/// `range` without leading and trailing words that are not part of a name: articles,
/// lower-case words, punctuation ("the SDF" -> "SDF", "Idlib province" -> "Idlib").
pub fn trim(pass: &Pass, range: Range<usize>) -> Range<usize> {
    let (mut start, mut end) = (range.start, range.end);
    // "The" starting a sentence is capitalised but no more part of the name ("The SDF").
    let article = |i: usize| pass.word(i).eq_ignore_ascii_case("the");
    while start < end && (!starts_name(pass, start) || (article(start) && start + 1 < end)) {
        start += 1;
    }
    while end > start {
        let last = end - 1;
        let keep = pass.is(last, CAP)
            || (pass.is(last, WORD) && !pass.is(last, LOWER))
            || (pass.word(last) == "." && last > start && pass.word(last - 1).len() <= 3);
        if keep {
            break;
        }
        end -= 1;
    }
    start..end
}

/// Does `range` hold a lower-case word that is no name particle or connector ("Coalition
/// military forces")? Such a phrase is a description, not a name. (Used in bringing training
/// data to the convention.)
#[cfg(feature = "training")]
pub fn has_common_word(pass: &Pass, range: Range<usize>) -> bool {
    range
        .into_iter()
        .any(|i| pass.is(i, LOWER) && !lower_in(pass.word(i), &INNER))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(text: &str, person: bool) -> Option<String> {
        let gaz = &crate::entities::Recognizer::shared().gazetteer;
        let pass = Pass::new(text, gaz);
        let all = 0..pass.tokens.len();
        let r = if person {
            person_name(&pass, gaz, all)?
        } else {
            trim(&pass, all)
        };
        (!r.is_empty()).then(|| pass.span_text(r).to_owned())
    }

    #[test]
    fn titles_and_their_qualifiers_are_not_the_name() {
        assert_eq!(
            name_of("Russian President Vladimir Putin", true).as_deref(),
            Some("Vladimir Putin")
        );
        assert_eq!(
            name_of("US Secretary of State John Kerry", true).as_deref(),
            Some("John Kerry")
        );
        assert_eq!(
            name_of("Prime Minister-designate, Haider al-Abadi", true).as_deref(),
            Some("Haider al-Abadi")
        );
        assert_eq!(name_of("the Foreign Secretary", true), None);
    }

    #[test]
    fn articles_and_common_words_around_a_name_go() {
        assert_eq!(name_of("the Kremlin", false).as_deref(), Some("Kremlin"));
        assert_eq!(name_of("The SDF", false).as_deref(), Some("SDF"));
        assert_eq!(name_of("northern Syria", false).as_deref(), Some("Syria"));
        assert_eq!(name_of("ISIL fighters", false).as_deref(), Some("ISIL"));
        assert_eq!(
            name_of("the Bank of America", false).as_deref(),
            Some("Bank of America")
        );
        assert_eq!(name_of("U.S.", false).as_deref(), Some("U.S."));
    }
}

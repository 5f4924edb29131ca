//! Who "the city", "the group", "the president" or "he" is, where a one-time event's subject
//! is written so ("Kabul fell on 15 August 2021. ... The city fell in July 2021, one source
//! says": the city is Kabul). A small coreference, explainable in one line: the description
//! stands for the one entity of its kind named just before it, in its own sentence or the
//! two before (the second only within one paragraph), never in another document.
//!
//! Kinds: "the city" and "the town" a populated place (a capital too, or a place the
//! gazetteer does not know), "the capital" a capital, "the country" a country, "the
//! province" a first-level region, "the group" and "the militia" an organisation, "the
//! president", "the leader" and "he" a person. Two entities of the kind in the window is
//! no answer, not a guess: the event then has no subject and conflicts with nothing.

use std::ops::Range;

use super::events::Reading;
use crate::entities::{EntityKind, Mention, PlaceClass, Recognizer, place_class};
use crate::text::{DocText, sentence_around};

/// What a description or a pronoun can stand for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wanted {
    /// "the city", "the town", "the village".
    Town,
    /// "the capital".
    Capital,
    /// "the country", "the nation".
    Country,
    /// "the province", "the governorate", "the region".
    Region,
    /// "the group", "the militia", "the movement"...
    Group,
    /// "the president", "the leader", "he", "she", "his", "her".
    Person,
}

impl Wanted {
    /// The kind of entity it stands for.
    pub fn entity_kind(self) -> EntityKind {
        match self {
            Wanted::Town | Wanted::Capital | Wanted::Country | Wanted::Region => EntityKind::Loc,
            Wanted::Group => EntityKind::Org,
            Wanted::Person => EntityKind::Person,
        }
    }

    /// True when a place the gazetteer did not link can be what it stands for.
    fn may_be_unlinked(self) -> bool {
        matches!(self, Wanted::Town | Wanted::Group | Wanted::Person)
    }

    /// True when `m` is an entity the description can stand for. A place the gazetteer
    /// did not link is a town at most: countries, regions and capitals are all linked.
    fn accepts(self, m: &Mention) -> bool {
        if m.kind != self.entity_kind() {
            return false;
        }
        let class = m.place().and_then(|p| place_class(p.geonameid));
        match self {
            Wanted::Town => matches!(class, None | Some(PlaceClass::Town | PlaceClass::Capital)),
            Wanted::Capital => class == Some(PlaceClass::Capital),
            Wanted::Country => class == Some(PlaceClass::Country),
            Wanted::Region => matches!(class, Some(PlaceClass::Region | PlaceClass::County)),
            Wanted::Group | Wanted::Person => true,
        }
    }
}

/// The nouns a definite description ends with, and what they stand for.
const HEADS: &[(&str, Wanted)] = &[
    ("city", Wanted::Town),
    ("town", Wanted::Town),
    ("village", Wanted::Town),
    ("capital", Wanted::Capital),
    ("country", Wanted::Country),
    ("nation", Wanted::Country),
    ("province", Wanted::Region),
    ("governorate", Wanted::Region),
    ("region", Wanted::Region),
    ("group", Wanted::Group),
    ("militia", Wanted::Group),
    ("movement", Wanted::Group),
    ("organisation", Wanted::Group),
    ("organization", Wanted::Group),
    ("faction", Wanted::Group),
    ("president", Wanted::Person),
    ("leader", Wanted::Person),
    ("commander", Wanted::Person),
    ("king", Wanted::Person),
    ("emir", Wanted::Person),
    ("premier", Wanted::Person),
    ("minister", Wanted::Person),
];

/// What the noun `lower` stands for, when it ends a definite description.
pub fn head(lower: &str) -> Option<Wanted> {
    HEADS.iter().find(|(w, _)| *w == lower).map(|&(_, k)| k)
}

/// True for "he" and "she": a person named before.
pub fn is_pronoun(lower: &str) -> bool {
    matches!(lower, "he" | "she")
}

/// True for "his" and "her" before an event noun ("his resignation", "her death").
pub fn is_possessive_pronoun(lower: &str) -> bool {
    matches!(lower, "his" | "her")
}

/// Words between "the" and its noun that say the description is of another entity than
/// the one just named ("the other city", "the neighbouring town", "the first city to fall").
const ANOTHER: &[&str] = &[
    "other",
    "another",
    "neighbouring",
    "neighboring",
    "nearby",
    "next",
    "rival",
    "sister",
    "twin",
    "first",
    "second",
    "third",
    "last",
    "new",
    "largest",
    "biggest",
    "only",
];

/// True when `lower`, between "the" and the noun, keeps the description about the entity
/// named before ("the besieged city", "the former president").
pub fn keeps_the_referent(lower: &str) -> bool {
    !ANOTHER.contains(&lower) && lower.chars().all(char::is_alphabetic)
}

/// Words that may follow the noun of a description that is a whole noun phrase: a verb's
/// auxiliary, a preposition, a conjunction, a relative pronoun, an adverb. Any other word
/// after it makes the noun a modifier ("the city council", "the group leader").
const AFTER_THE_NOUN: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "had",
    "has",
    "have",
    "been",
    "be",
    "did",
    "will",
    "would",
    "could",
    "might",
    "must",
    "should",
    "may",
    "in",
    "on",
    "at",
    "by",
    "to",
    "from",
    "after",
    "before",
    "during",
    "within",
    "until",
    "and",
    "but",
    "which",
    "who",
    "that",
    "itself",
    "himself",
    "herself",
    "also",
    "then",
    "later",
    "finally",
    "eventually",
    "subsequently",
    "soon",
];

/// True when the word `lower` after a description's noun ends the noun phrase there;
/// `is_trigger` says whether a word starts an event's trigger ("the city fell").
pub fn ends_the_phrase(lower: &str, is_trigger: impl Fn(&str) -> bool) -> bool {
    AFTER_THE_NOUN.contains(&lower)
        || (lower.len() > 4 && lower.ends_with("ly"))
        || is_trigger(lower)
}

/// The entity a description stands for, and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Antecedent {
    /// The entity's kind, as the recogniser gave it where it is named.
    pub kind: EntityKind,
    /// The entity's name.
    pub key: String,
    /// "named in the sentence before".
    pub where_named: &'static str,
}

/// At most this many chars before the description are looked at.
const MAX_WINDOW: usize = 1_200;
/// Sentences before the description's own that are looked at.
const SENTENCES_BACK: usize = 2;

/// The one entity `wanted` can stand for, named before char `at` in its sentence (which
/// starts at char `sentence_start`) or in the sentences before it in `text` (none without
/// a text); `mentions` are the document's, sorted by position. `None` when no entity of the
/// kind is named there, or more than one (an ambiguity is not guessed at).
pub fn antecedent(
    wanted: Wanted,
    at: usize,
    sentence_start: usize,
    mentions: &[Mention],
    text: Option<&DocText>,
) -> Option<Antecedent> {
    let window = window(at, sentence_start, text);
    let from = window.first().map_or(sentence_start, |w| w.start);
    let first = mentions.partition_point(|m| m.start < from);
    // The sentences are in text order: the one holding a name, counted back.
    let back_of = |pos: usize| window.iter().rev().position(|w| w.contains(&pos));
    let mut found: Option<(EntityKind, String, usize)> = None;
    let mut take = |kind: EntityKind, key: &str, back: usize| match &found {
        Some((_, f, _)) if !f.eq_ignore_ascii_case(key) => false,
        _ => {
            found = Some((kind, key.to_owned(), back));
            true
        }
    };
    for m in mentions[first..].iter().take_while(|m| m.end <= at) {
        if !wanted.accepts(m) {
            continue;
        }
        if let Some(back) = back_of(m.start)
            && !take(m.kind, &m.key, back)
        {
            return None;
        }
    }
    // A name the recogniser left out ("Ahmed Ouyahia" in a short text) may be the one
    // meant: one the name lists know of the wanted kind is a candidate, one they do not
    // know makes the description ambiguous.
    if let Some(text) = text {
        for range in &window {
            let Some(written) = text.slice(range.clone()) else {
                continue;
            };
            let reading = Reading::new(written, range.start, mentions);
            for (start, name) in reading.unlisted_names() {
                match Recognizer::shared().listed_name(name) {
                    Some((kind, key))
                        if kind == wanted.entity_kind() && wanted.may_be_unlinked() =>
                    {
                        if let Some(back) = back_of(start)
                            && !take(kind, &key, back)
                        {
                            return None;
                        }
                    }
                    Some(_) => {}
                    None => return None,
                }
            }
        }
    }
    let (kind, key, back) = found?;
    Some(Antecedent {
        kind,
        key,
        where_named: match back {
            0 => "named earlier in the sentence",
            1 => "named in the sentence before",
            _ => "named two sentences before",
        },
    })
}

/// The chars looked at for the antecedent of a description at char `at`, one range per
/// sentence in text order, its own sentence last: the sentence before may end the paragraph
/// before; the one before that must be of the same paragraph.
fn window(at: usize, sentence_start: usize, text: Option<&DocText>) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(SENTENCES_BACK + 1);
    out.push(sentence_start..at);
    let Some(text) = text else {
        return out;
    };
    let limit = at.saturating_sub(MAX_WINDOW);
    let mut start = sentence_start;
    for back in 0..SENTENCES_BACK {
        // The last char of the previous sentence, past the white space between them.
        let gap = text.before(start, 200);
        let kept = gap.trim_end();
        let white = &gap[kept.len()..];
        let end = start - white.chars().count();
        if end == 0 || end <= limit {
            break;
        }
        let blank_line = white.matches('\n').count() >= 2;
        if back > 0 && blank_line {
            break;
        }
        let previous = sentence_around(text, end - 1..end, MAX_WINDOW);
        if previous.start >= start || previous.start < limit {
            break;
        }
        out.insert(0, previous.start..end);
        if blank_line {
            break;
        }
        start = previous.start;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Origin;
    use crate::text::ParagraphStyle;

    /// The text and its mentions: each (name, kind) at its first occurrence after the
    /// previous one's.
    fn setup(text: &str, names: &[(&str, EntityKind)]) -> (DocText, Vec<Mention>) {
        let mut mentions = Vec::new();
        let mut from = 0;
        for (n, k) in names {
            let b = from + text[from..].find(n).expect("in the text");
            let s = text[..b].chars().count();
            mentions.push(Mention::new(
                s,
                s + n.chars().count(),
                *k,
                (*n).into(),
                Origin::Rule,
            ));
            from = b + n.len();
        }
        (
            DocText::new(text.to_owned(), ParagraphStyle::Blocks),
            mentions,
        )
    }

    /// What `wanted` at the first occurrence of `description` after `after` stands for.
    fn resolve(
        text: &str,
        names: &[(&str, EntityKind)],
        description: &str,
        wanted: Wanted,
    ) -> Option<(String, &'static str)> {
        let (doc, mentions) = setup(text, names);
        let b = text.rfind(description).expect("the description");
        let at = text[..b].chars().count();
        let sentence = sentence_around(&doc, at..at + 1, 600);
        antecedent(wanted, at, sentence.start, &mentions, Some(&doc))
            .map(|a| (a.key, a.where_named))
    }

    const PER: EntityKind = EntityKind::Person;
    const ORG: EntityKind = EntityKind::Org;
    const LOC: EntityKind = EntityKind::Loc;

    #[test]
    fn a_description_is_the_one_entity_of_its_kind_named_just_before() {
        let text = "Ashraf Ghani left on Sunday. The president resigned in 2021.";
        assert_eq!(
            resolve(
                text,
                &[("Ashraf Ghani", PER)],
                "The president",
                Wanted::Person
            ),
            Some(("Ashraf Ghani".into(), "named in the sentence before"))
        );
        let text = "The Taliban took the road. Two days later the group entered town.";
        assert_eq!(
            resolve(text, &[("Taliban", ORG)], "the group", Wanted::Group),
            Some(("Taliban".into(), "named in the sentence before"))
        );
        let text = "Wagner grew. It was large. Its men said the group was founded in 2014.";
        assert_eq!(
            resolve(text, &[("Wagner", ORG)], "the group", Wanted::Group),
            Some(("Wagner".into(), "named two sentences before"))
        );
        // The same entity named twice is one entity.
        let text = "Ghani spoke. Ghani left, and he resigned.";
        assert_eq!(
            resolve(
                text,
                &[("Ghani", PER), ("Ghani", PER)],
                "he",
                Wanted::Person
            ),
            Some(("Ghani".into(), "named earlier in the sentence"))
        );
    }

    #[test]
    fn two_candidates_none_or_one_too_far_back_give_no_antecedent() {
        let text = "Ghani met Karzai. The president resigned in 2021.";
        let two = [("Ghani", PER), ("Karzai", PER)];
        assert_eq!(resolve(text, &two, "The president", Wanted::Person), None);
        let text = "The Taliban took the road. The president resigned in 2021.";
        assert_eq!(
            resolve(text, &[("Taliban", ORG)], "The president", Wanted::Person),
            None,
            "an organisation is not a president"
        );
        let text = "Ghani spoke. It rained. Roads closed. The president resigned.";
        assert_eq!(
            resolve(text, &[("Ghani", PER)], "The president", Wanted::Person),
            None,
            "three sentences back"
        );
        // Two sentences back across a paragraph break is out of the window; the sentence
        // just before, across one, is in it.
        let text = "Ghani spoke. It rained.\n\nThe president resigned.";
        assert_eq!(
            resolve(text, &[("Ghani", PER)], "The president", Wanted::Person),
            None
        );
        let text = "It rained. Ghani spoke.\n\nThe president resigned.";
        assert_eq!(
            resolve(text, &[("Ghani", PER)], "The president", Wanted::Person),
            Some(("Ghani".into(), "named in the sentence before"))
        );
        // Named after the description is not named before it.
        let text = "The president resigned, Ghani said.";
        assert_eq!(
            resolve(text, &[("Ghani", PER)], "The president", Wanted::Person),
            None
        );
    }

    #[test]
    fn a_place_is_wanted_of_its_class() {
        // Unlinked places are towns at most: "the country" finds none of them.
        let text = "Fighters reached Zaranj. The country fell in 2021.";
        assert_eq!(
            resolve(text, &[("Zaranj", LOC)], "The country", Wanted::Country),
            None
        );
        assert_eq!(
            resolve(text, &[("Zaranj", LOC)], "The country", Wanted::Town),
            Some(("Zaranj".into(), "named in the sentence before"))
        );
        // Linked places by their GeoNames class: Kabul a capital, Afghanistan a country,
        // Kandahar a town.
        let text = "Kabul, in Afghanistan, was calm. The city fell in 2021.";
        let (doc, mut mentions) = setup(text, &[("Kabul", LOC), ("Afghanistan", LOC)]);
        for (m, id) in mentions.iter_mut().zip([1_138_958, 1_149_361]) {
            m.detail = Some(Box::new(crate::entities::Detail::Place(
                crate::entities::PlaceLink {
                    geonameid: id,
                    lat_e5: 0,
                    lon_e5: 0,
                    country: "AF".into(),
                    reason: String::new(),
                    alternatives: Vec::new(),
                },
            )));
        }
        let at = text.rfind("The city").map(|b| text[..b].chars().count());
        let at = at.expect("the description");
        let sentence = sentence_around(&doc, at..at + 1, 600).start;
        let find = |wanted| antecedent(wanted, at, sentence, &mentions, Some(&doc)).map(|a| a.key);
        assert_eq!(find(Wanted::Town).as_deref(), Some("Kabul"));
        assert_eq!(find(Wanted::Capital).as_deref(), Some("Kabul"));
        assert_eq!(find(Wanted::Country).as_deref(), Some("Afghanistan"));
        assert_eq!(find(Wanted::Region), None);
    }
}

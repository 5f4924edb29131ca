//! Places named as actors: "the U.S. said", "Moscow's priority", "Toronto beat Boston". A
//! place acting is still the place (`docs/entities.md`), but the model, trained on data that
//! labels a government or a team by its city or country, often calls such a mention an
//! organisation or a person. A mention labelled so whose whole text is a name of the place
//! table, and that reads as a well-known place on its own (a country, a capital, a
//! first-level region, a curated place, a city of a million people), is made a place here,
//! before the places are linked. A nationality so labelled ("Canadian") is made one.
//!
//! Left alone: a mention the user's dictionary names (the user's word wins); a name the
//! curated lists give as an organisation or a person ("EU", "NATO": the gazetteer's entry
//! for the span is then not a place); a person with a title ("President Washington"); a
//! person whose name is the surname of a person the document names in full ("Denzel
//! Washington"), or a first name ("Jordan", "Washington") the document nowhere writes as a
//! place ("in Washington"), unless a capital or a country is the subject of a state's verb
//! in a document that names a country ("Washington imposed sanctions on Iran"); and an
//! organisation or person named after a town of no great size ("Toyota", "Nelson").
//!
//! A rule of the user's dictionary for the name keeps a mention from this stage only when it
//! is for the mention's kind or for any kind: one for another kind acts once the kinds are
//! settled (`corrections`).

use std::collections::HashSet;

use super::super::corrections::spelled;
use super::super::dictionary::EntityDictionary;
use super::super::fold::fold;
use super::super::gazetteer::Gazetteer;
use super::super::model::{EntityKind, Origin};
use super::super::pipeline::Pass;
use super::resolve::default_reading;
use super::table::{Class, Entry, OWN_IDS, Table};

/// A town at least this large is a well-known place when its name acts.
const WELL_KNOWN_TOWN: u64 = 1_000_000;

/// What the gazetteer's entry for a mention's exact span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Listed {
    Place,
    Nationality,
}

/// Makes the organisations and persons named exactly as well-known places places (and
/// those named as nationalities nationalities).
pub fn correct(pass: &mut Pass, gazetteer: &Gazetteer, dict: &EntityDictionary) {
    let candidates: Vec<(usize, Listed)> = pass
        .cands
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            !c.dead
                && matches!(c.kind, EntityKind::Org | EntityKind::Person)
                && c.origin != Origin::User
                // A title ("President"): a person.
                && c.detail.is_none()
        })
        .filter_map(|(i, c)| Some((i, listed(pass, gazetteer, c.start, c.end)?)))
        .filter(|&(i, _)| !named_by_user(pass, dict, i))
        .collect();
    if candidates.is_empty() {
        // The table is parsed when the first place is linked, not before.
        return;
    }
    let table = Table::shared();
    for (i, listed) in candidates {
        let Some(cand) = pass.cands.get(i) else {
            continue;
        };
        let text = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
        let kind = match listed {
            Listed::Nationality if table.demonym(&text).is_some() => EntityKind::Norp,
            Listed::Nationality => continue,
            // Exactly a name of the table: not one spelled alike ("Monex" is not Munich), not
            // a common word ("North" is a region of Cameroon), not a word in capitals
            // ("KOBE", a headline's or a player's shirt).
            Listed::Place
                if table.named(&text).is_empty()
                    || gazetteer.is_stopword(&text)
                    || shouted(pass.text.get(cand.start..cand.end).unwrap_or("")) =>
            {
                continue;
            }
            Listed::Place => {
                let Some(entry) = default_reading(table, std::slice::from_ref(&text))
                    .and_then(|e| table.entry(e))
                else {
                    continue;
                };
                let person = cand.kind == EntityKind::Person;
                let town_in_place = person && large_town_in_a_place_context(pass, i, entry);
                let state = acts_as_a_state(pass, table, i, entry);
                if !(well_known(entry, person) || town_in_place)
                    || (person && !state && !may_be_a_place_not_a_person(pass, gazetteer, &text))
                    || !key_names_the_place(table, &cand.key, &text)
                {
                    continue;
                }
                EntityKind::Loc
            }
        };
        if let Some(cand) = pass.cands.get_mut(i) {
            cand.kind = kind;
        }
    }
}

/// Verbs whose subject, opening a sentence, is a place: "Derna flooded in 2023", "Aleppo
/// fell", "Marib remains under siege". Not the verbs of speech and thought a person's name
/// opens a sentence with ("Derna said").
const PLACE_VERBS: &[&str] = &[
    "flooded",
    "fell",
    "falls",
    "lies",
    "lay",
    "sits",
    "borders",
    "straddles",
    "overlooks",
    "remains",
    "remained",
    "became",
    "hosts",
    "hosted",
    "houses",
    "suffered",
    "witnessed",
    "endured",
    "burned",
    "shook",
    "surrendered",
    "changed",
    "came",
    "returned",
    "faces",
    "faced",
    "saw",
    "sees",
];

/// More verbs a place opening a sentence is the subject of, when the model read no name
/// there at all: "Derna is", "Mosul has been".
const OPENING_VERBS: &[&str] = &["is", "was", "has", "had", "lost", "lies", "will", "would"];

/// Verbs whose subject is a state, not a person: "Washington imposed sanctions", "Moscow
/// annexed", "Paris recognised". What a government does to another country.
const STATE_VERBS: &[&str] = &[
    "imposed",
    "sanctioned",
    "annexed",
    "invaded",
    "blockaded",
    "recognised",
    "recognized",
    "vetoed",
    "ratified",
];

/// Mention `i`, named as the capital or the country `e`, is the subject of a state's verb
/// ("Washington imposed sanctions on Iran") in a document that names a country: the
/// capital acting for its government, though the document also names a person of that
/// surname ("Denzel Washington") or the name is a first name.
fn acts_as_a_state(pass: &Pass, table: &Table, i: usize, e: &Entry) -> bool {
    let Some(cand) = pass.cands.get(i) else {
        return false;
    };
    if !matches!(e.class, Class::Capital | Class::Country) {
        return false;
    }
    let next = cand.tokens().end;
    if !pass.is(next, super::super::tokens::LOWER) || !STATE_VERBS.contains(&pass.word(next)) {
        return false;
    }
    pass.cands.iter().enumerate().any(|(j, c)| {
        j != i
            && !c.dead
            && c.kind == EntityKind::Loc
            && pass.text.get(c.start..c.end).is_some_and(|t| {
                let folded = fold(t);
                default_reading(table, std::slice::from_ref(&folded))
                    .and_then(|x| table.entry(x))
                    .is_some_and(|x| x.class == Class::Country)
            })
    })
}

/// The word after token `last` (a name's last token) is a verb a place is the subject of;
/// with `untagged`, also the commoner verbs of [`OPENING_VERBS`].
fn verb_of_a_place_after(pass: &Pass, last: usize, untagged: bool) -> bool {
    let next = last + 1;
    if !pass.is(next, super::super::tokens::LOWER) {
        return false;
    }
    let word = pass.word(next);
    PLACE_VERBS.contains(&word) || (untagged && OPENING_VERBS.contains(&word))
}

/// A place of the table opening a sentence as the subject of its verb ("Derna flooded in
/// 2023", "Hodeidah lies on the Red Sea"), where the model, reading a capital that only
/// starts the sentence, found no name: a place, if the word is exactly a name of a
/// well-known place or of a town of 100,000 people or more, and neither a common word nor a
/// first name (nor a phrase of the user's dictionary).
pub fn add_opening_subjects(pass: &mut Pass, gazetteer: &Gazetteer, dict: &EntityDictionary) {
    use super::super::tokens::{ALL_CAPS, CAP, SENT_START};
    let found: Vec<usize> = (0..pass.tokens.len())
        .filter(|&i| {
            pass.is(i, SENT_START)
                && pass.is(i, CAP)
                && !pass.is(i, ALL_CAPS)
                && pass.is_free(i)
                && verb_of_a_place_after(pass, i, true)
        })
        .filter(|&i| {
            let written = pass.word(i);
            let folded = fold(written);
            written.chars().count() > 2
                && !gazetteer.is_stopword(&folded)
                && !gazetteer.is_first_name(&folded)
                && !dict
                    .phrases
                    .iter()
                    .any(|e| spelled(e.phrase.trim()) == spelled(written))
        })
        .collect();
    if found.is_empty() {
        return;
    }
    let table = Table::shared();
    for i in found {
        let written = pass.word(i);
        let folded = fold(written);
        if table.named(&folded).is_empty() {
            continue;
        }
        let Some(entry) =
            default_reading(table, std::slice::from_ref(&folded)).and_then(|e| table.entry(e))
        else {
            continue;
        };
        let large = entry.class == Class::Town && entry.population >= LARGE_TOWN;
        if !(well_known(entry, false) || large) {
            continue;
        }
        let Some(token) = pass.tokens.get(i) else {
            continue;
        };
        let (start, end) = (token.start, token.end);
        let cand = super::super::pipeline::Cand::new(
            start,
            end,
            EntityKind::Loc,
            written.to_owned(),
            Origin::Rule,
        );
        pass.try_add_over(i..i + 1, cand);
    }
}

/// What the gazetteer's entry spanning exactly `start..end` is, if a place or a nationality;
/// with no entry of that span (a name inside a longer one of the lists, "eastern Ghouta"),
/// the place table decides.
fn listed(pass: &Pass, gazetteer: &Gazetteer, start: usize, end: usize) -> Option<Listed> {
    let at = pass.hits.partition_point(|h| h.start < start);
    let Some(hit) = pass
        .hits
        .get(at)
        .filter(|h| h.start == start && h.end == end)
    else {
        return Some(Listed::Place);
    };
    match gazetteer.pattern(hit.pattern)?.entity?.0 {
        EntityKind::Loc => Some(Listed::Place),
        EntityKind::Norp => Some(Listed::Nationality),
        _ => None,
    }
}

/// A word of more than three letters written in capitals only: not how a place acting is
/// written ("U.S.", "UK" are).
fn shouted(written: &str) -> bool {
    written.chars().filter(|c| c.is_alphabetic()).count() > 3
        && !written.chars().any(char::is_lowercase)
}

/// The user's dictionary has a rule (phrase or alias) for mention `i`'s text and kind.
fn named_by_user(pass: &Pass, dict: &EntityDictionary, i: usize) -> bool {
    if dict.phrases.is_empty() && dict.aliases.is_empty() {
        return false;
    }
    let Some(text) = pass
        .cands
        .get(i)
        .and_then(|c| pass.text.get(c.start..c.end))
    else {
        return false;
    };
    let text = spelled(text);
    let kind = pass.cands.get(i).map(|c| c.kind);
    // A rule for one gazetteer entry waits for the mention's link; a rule for another kind
    // waits for the kind this stage settles (an organisation's "never" made from the
    // Paris the user turned into one is not the Texas Paris the model read as a person).
    let of_this = |of: Option<EntityKind>, place: Option<u32>| {
        place.is_none() && (of.is_none() || of == kind)
    };
    dict.phrases
        .iter()
        .any(|e| of_this(e.of, e.place) && spelled(e.phrase.trim()) == text)
        || dict
            .aliases
            .iter()
            .any(|e| of_this(e.of, e.place) && spelled(e.alias.trim()) == text)
}

/// A name that, acting, is read as this place: a country, a capital, a first-level region,
/// a large city; for an organisation also a place of the curated list ("Hmeimim reported").
fn well_known(e: &Entry, person: bool) -> bool {
    match e.class {
        Class::Country | Class::Capital | Class::Continent | Class::Region => true,
        Class::Site => !person,
        Class::Town => e.population >= WELL_KNOWN_TOWN || (!person && e.geonameid >= OWN_IDS),
        Class::County => false,
    }
}

/// A town this large, named where a place is, is the place though the model reads a person.
const LARGE_TOWN: u64 = 100_000;

/// Mention `i` names a town of 100,000 people or more where a place is written: after "in",
/// "near" or "the port of", or in a list beside places ("Benghazi, Derna, Ajdabiya"). The
/// model, which never saw the name in training, reads a person there.
fn large_town_in_a_place_context(pass: &Pass, i: usize, e: &Entry) -> bool {
    let Some(cand) = pass.cands.get(i) else {
        return false;
    };
    if e.class != Class::Town || e.population < LARGE_TOWN {
        return false;
    }
    let first = cand.tokens().start;
    let before = |k: usize| {
        first
            .checked_sub(k)
            .map_or(String::new(), |t| pass.word(t).to_lowercase())
    };
    let after_preposition = PLACE_PREPOSITIONS.contains(&before(1).as_str())
        || (before(1) == "of" && PLACE_NOUNS.contains(&before(2).as_str()));
    let listed_with_a_place = pass.cands.iter().any(|o| {
        let gap = if o.end <= cand.start {
            pass.text.get(o.end..cand.start)
        } else if cand.end <= o.start {
            pass.text.get(cand.end..o.start)
        } else {
            None
        };
        !o.dead
            && o.kind == EntityKind::Loc
            && gap.is_some_and(|g| matches!(g, ", " | " and " | ", and " | " or " | "; "))
    });
    let opening = pass.is(first, super::super::tokens::SENT_START)
        && verb_of_a_place_after(pass, cand.tokens().end.saturating_sub(1), false);
    after_preposition || listed_with_a_place || opening
}

/// Nouns a place's name follows with "of": "the port of Hodeidah", "the city of Derna".
const PLACE_NOUNS: &[&str] = &[
    "port",
    "city",
    "town",
    "village",
    "province",
    "outskirts",
    "streets",
    "residents",
];

/// Words before a name that make it a place ("in Washington", "to Jordan").
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "to", "from", "at", "near", "into", "across", "outside", "inside", "toward", "towards",
];

/// A person's mention named like a place is the place unless the name is the surname of a
/// person named in full in the document, or a first name ("Jordan", "Washington"), that the
/// document nowhere writes as a place ("in Washington", "the town of Sutton", "Reading,
/// Berkshire"; for a first name, a place mention of that name too).
fn may_be_a_place_not_a_person(pass: &Pass, gazetteer: &Gazetteer, text: &str) -> bool {
    if gazetteer.is_first_name(text) && !written_as_a_place(pass, text) {
        return false;
    }
    let surname = pass.cands.iter().any(|c| {
        !c.dead
            && c.kind == EntityKind::Person
            && c.key.contains(' ')
            && fold(&c.key).rsplit(' ').next() == Some(text)
    });
    !surname || !super::not_places::placed_names(pass, &HashSet::from([text.to_owned()])).is_empty()
}

/// The document writes the folded one-word name `text` as a place somewhere: a place
/// mention of it, or the name after "in", "to", "from"...
fn written_as_a_place(pass: &Pass, text: &str) -> bool {
    let place_mention = pass.cands.iter().any(|c| {
        !c.dead
            && c.kind == EntityKind::Loc
            && pass
                .text
                .get(c.start..c.end)
                .is_some_and(|t| fold(t) == text)
    });
    place_mention
        || (1..pass.tokens.len()).any(|i| {
            fold(pass.word(i)) == text
                && PLACE_PREPOSITIONS.contains(&pass.word(i - 1).to_lowercase().as_str())
        })
}

/// The mention's key is its text or another name of the same place ("United States" for
/// "U.S."), not a longer name it was linked to ("Denzel Washington").
fn key_names_the_place(table: &Table, key: &str, text: &str) -> bool {
    let key = fold(key);
    key == text || {
        let (k, t) = (table.named(&key), table.named(text));
        k.iter().any(|i| t.contains(i))
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::pipeline::Cand;
    use super::*;
    use crate::entities::{PhraseRule, Recognizer};

    /// The kinds of the named mentions of `text` after this stage, each first given the kind
    /// the model might have given it.
    fn after(text: &str, said: &[(&str, EntityKind)], dict: &EntityDictionary) -> Vec<EntityKind> {
        let gaz = &Recognizer::shared().gazetteer;
        let mut pass = Pass::new(text, gaz);
        for &(name, kind) in said {
            let start = text.find(name).expect("in the text");
            let end = start + name.len();
            let cand = Cand::new(start, end, kind, name.to_owned(), Origin::Model);
            assert!(pass.try_add(cand), "{name}");
        }
        correct(&mut pass, gaz, dict);
        pass.cands.iter().map(|c| c.kind).collect()
    }

    use EntityKind::{Loc, Norp, Org, Person};

    #[test]
    fn a_large_town_the_model_calls_a_person_where_a_place_is_written_is_the_place() {
        let none = EntityDictionary::default();
        // Derna (Libya, 100,000 people) in a list of places, and after "the port of".
        let text = "Militias clashed in Benghazi, Derna and Sirte.";
        let said = [("Benghazi", Loc), ("Derna", Person), ("Sirte", Loc)];
        assert_eq!(after(text, &said, &none), vec![Loc, Loc, Loc]);
        let text = "The port of Derna was shelled.";
        assert_eq!(after(text, &[("Derna", Person)], &none), vec![Loc]);
        // Elsewhere it stays what the model says.
        let text = "Derna said she would come.";
        assert_eq!(after(text, &[("Derna", Person)], &none), vec![Person]);
    }

    #[test]
    fn a_country_capital_or_large_city_acting_is_the_place() {
        let none = EntityDictionary::default();
        let text = "The U.S. said Moscow and Toronto agreed; Jamaica and Syria followed.";
        let said = [
            ("U.S.", Org),
            ("Moscow", Person),
            ("Toronto", Org),
            ("Jamaica", Org),
            ("Syria", Person),
        ];
        assert_eq!(after(text, &said, &none), vec![Loc; 5]);
        assert_eq!(
            after("Canadian officials met.", &[("Canadian", Org)], &none),
            vec![Norp]
        );
    }

    #[test]
    fn organisations_and_persons_the_lists_or_the_text_name_so_stay() {
        let none = EntityDictionary::default();
        // Curated organisations: the gazetteer's entry for the span is not a place.
        let text = "The EU and NATO and the UN met.";
        let said = [("EU", Org), ("NATO", Org), ("UN", Org)];
        assert_eq!(after(text, &said, &none), vec![Org; 3]);
        // A first name, and the surname of a person named in full.
        assert_eq!(
            after("Jordan scored.", &[("Jordan", Person)], &none),
            vec![Person]
        );
        let text = "Denzel Washington arrived. Washington smiled.";
        let gaz = &Recognizer::shared().gazetteer;
        let mut pass = Pass::new(text, gaz);
        let second = text.rfind("Washington").expect("twice");
        for (start, end) in [(0, 17), (second, second + 10)] {
            let key = text[start..end].to_owned();
            assert!(pass.try_add(Cand::new(start, end, Person, key, Origin::Model)));
        }
        correct(&mut pass, gaz, &none);
        assert_eq!(pass.cands[1].kind, Person);
        // Washington is a first name too: a person, unless the document writes it as a
        // place elsewhere.
        let said = [("Washington", Person)];
        let alone = "Washington warned Tehran.";
        assert_eq!(after(alone, &said, &none), vec![Person]);
        let text = "Washington warned Tehran. Talks in Washington ended.";
        assert_eq!(after(text, &said, &none), vec![Loc]);
        // A common word, a name spelled like a place's, a word in capitals.
        let text = "North said. Monex said. KOBE said.";
        let said = [("North", Person), ("Monex", Person), ("KOBE", Org)];
        assert_eq!(after(text, &said, &none), vec![Person, Person, Org]);
        // A company named after a town of no great size ("Toyota", 420,000 people).
        assert_eq!(after("Toyota said.", &[("Toyota", Org)], &none), vec![Org]);
    }

    #[test]
    fn a_capital_a_state_s_verb_follows_in_a_document_naming_a_country_is_the_place() {
        let none = EntityDictionary::default();
        let gaz = &Recognizer::shared().gazetteer;
        // The person named in full, then the surname alone as the model read it: a person.
        let kinds = |text: &str, country: Option<&str>| -> Vec<EntityKind> {
            let mut pass = Pass::new(text, gaz);
            let second = text.rfind("Washington").expect("twice");
            let mut spans = vec![(10, 27, Person), (second, second + 10, Person)];
            if let Some(c) = country {
                let at = text.find(c).expect("named");
                spans.push((at, at + c.len(), Loc));
            }
            for (start, end, kind) in spans {
                let key = text[start..end].to_owned();
                assert!(pass.try_add(Cand::new(start, end, kind, key, Origin::Model)));
            }
            correct(&mut pass, gaz, &none);
            pass.cands.iter().map(|c| c.kind).collect()
        };
        let text = "The actor Denzel Washington spoke. Washington imposed sanctions on Iran.";
        assert_eq!(kinds(text, Some("Iran")), vec![Person, Loc, Loc]);
        // No country named: the surname stays the person's.
        let text = "The actor Denzel Washington spoke. Washington imposed a rule on his crew.";
        assert_eq!(kinds(text, None), vec![Person, Person]);
        // A country named, but no state's verb.
        let text = "The actor Denzel Washington spoke. Washington smiled at Iran's envoy.";
        assert_eq!(kinds(text, Some("Iran")), vec![Person, Person, Loc]);
    }

    #[test]
    fn the_users_rule_for_the_name_wins() {
        let none = EntityDictionary::default();
        assert_eq!(after("The U.S. said.", &[("U.S.", Org)], &none), vec![Loc]);
        assert_eq!(after("Moscow won.", &[("Moscow", Org)], &none), vec![Loc]);
        let mut dict = EntityDictionary::default();
        dict.set_rule_of("U.S.", Some(Org), PhraseRule::Always(Org));
        let said = [("U.S.", Org)];
        assert_eq!(after("The U.S. said.", &said, &dict), vec![Org]);
        let mut dict = EntityDictionary::default();
        dict.set_alias("Moscow", "Moscow Dynamo");
        assert_eq!(after("Moscow won.", &[("Moscow", Org)], &dict), vec![Org]);
    }

    #[test]
    fn a_rule_for_another_kind_waits_for_the_kind_this_stage_settles() {
        // "Not an entity" on the organisation "Moscow": the model's person reading of a
        // Moscow acting is still the place (the rule acts on organisations, after).
        let mut dict = EntityDictionary::default();
        dict.set_rule_of("Moscow", Some(Org), PhraseRule::Never);
        assert_eq!(
            after("Moscow won.", &[("Moscow", Person)], &dict),
            vec![Loc]
        );
        // The same rule for persons leaves the person to it.
        let mut dict = EntityDictionary::default();
        dict.set_rule_of("Moscow", Some(Person), PhraseRule::Never);
        assert_eq!(
            after("Moscow won.", &[("Moscow", Person)], &dict),
            vec![Person]
        );
    }
}

//! Places named with no cue word before them, which the model left out: a name the
//! recogniser's lists do not hold, so that the model saw nothing of it but its shape and its
//! neighbours.
//!
//! - **Names of the curated place list** (`curated_places.tsv`: former and common names of
//!   large cities, "Bombay", "Madras", "Saigon"; bases, camps, dams). The model's features
//!   read the city list (`cities.tsv`, GeoNames' names); these are in the place table only,
//!   so "Bombay's stock exchange fell" had no name in it. Each is a sourced name that news
//!   prints for one place: written capitalised, as a run of its own, where the recogniser's
//!   lists found nothing, it is the place, cue or none; but not before a lower-case noun,
//!   where an old name lives on in a thing named after the place ("Peking duck").
//! - **Towns of the table as the subject of a verb of war**, alone or in a list of names
//!   ("Anah was retaken", "Hit was shelled", "Sanamayn remained under siege", "Saigon fell
//!   to", "Anah, Rawa and Qaim were retaken"), or followed by an apposition that says what
//!   they are ("Anah, a town on the Euphrates") or by the region or country they are in
//!   ("Thruxton, Hampshire"; not "Freeland, U.S. Trade Representative"). A small town's name
//!   is often a word or a surname too, so these are only proposed
//!   ([`super::in_context::Proposed`]): linking keeps one only when the document supports
//!   it (names its country, its region or places near it), and then the place is the place
//!   wherever else the text writes it alone.
//!
//! Both also at a sentence's start, where a capital says nothing: the name must then be no
//! common word ("Many", "Later"), no first name, and not written in lower case elsewhere in
//! the text ("Hit the button" beside "the storm hit"). What is also said of a person ("was
//! captured", "was besieged by critics", "came under fire", "fell") counts only where the
//! model read no name; what is said of a place alone ("was shelled", "was retaken", "under
//! bombardment", "a town on the Euphrates") also makes a place of a name the model read as a
//! person or an organisation ("Mokha was shelled"). "fell" counts only when a place's fall
//! follows ("fell to", "fell overnight", not "fell 3%" or "fell ill").
//! Left alone: the user's own phrases, names the lists give another kind, words in
//! capitals, and a name inside a longer run of capitalised words ("Bombay Sapphire").

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use super::super::corrections::spelled;
use super::super::dictionary::EntityDictionary;
use super::super::fold::{fold, fold_into};
use super::super::gazetteer::Gazetteer;
use super::super::model::{EntityKind, Origin};
use super::super::pipeline::{Cand, Pass};
use super::super::tokens::{ALL_CAPS, CAP, LOWER, SENT_START, WORD};
use super::in_context::Proposed;
use super::table::{self, Class, Table};
use super::variants::Variants;

/// Past participles of what is done to a place: "Anah was retaken", "Hit was shelled".
const DONE_TO_A_PLACE: &[&str] = &[
    "retaken",
    "recaptured",
    "shelled",
    "bombed",
    "bombarded",
    "overrun",
    "stormed",
    "razed",
    "flattened",
    "annexed",
    "blockaded",
    "looted",
    "depopulated",
    "besieged",
    "encircled",
    "pounded",
    "occupied",
    "liberated",
    "evacuated",
    "captured",
];

/// Of [`DONE_TO_A_PLACE`], those also said of a person ("Saddam was captured", "besieged by
/// critics", "occupied with"): evidence only for a name the model did not read as a person
/// or an organisation.
const ALSO_TO_A_PERSON: &[&str] = &[
    "besieged",
    "encircled",
    "pounded",
    "occupied",
    "liberated",
    "evacuated",
    "captured",
];

/// Words between a name and its verb: "Anah was retaken", "Hit has again been shelled".
const AUXILIARIES: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "been",
    "being",
    "again",
    "also",
    "later",
    "then",
    "now",
    "finally",
    "eventually",
    "reportedly",
    "largely",
    "partly",
    "fully",
    "quickly",
    "heavily",
    "completely",
    "repeatedly",
];

/// Verbs of being and staying before a state of a place: "remained under siege", "was
/// quiet".
const BE_OR_STAY: &[&str] = &[
    "was", "were", "is", "are", "remained", "remains", "stayed", "stays",
];

/// A town's state after [`BE_OR_STAY`] or "came" + "under": "under siege", "under fire".
const UNDER: &[&str] = &[
    "siege",
    "fire",
    "attack",
    "bombardment",
    "shelling",
    "blockade",
];

/// Of [`UNDER`], those also said of a person ("came under fire for his remarks").
const UNDER_A_PERSON_TOO: &[&str] = &["siege", "fire", "attack"];

/// A town's state after [`BE_OR_STAY`] alone: "Sanamayn was quiet".
const QUIET: &[&str] = &["quiet", "calm", "besieged", "encircled"];

/// What may follow "fell" when a place fell ("Baiji fell to the militants", "Saigon fell in
/// April"), unlike a price, a share or a person ("fell 3%", "fell sharply", "fell ill").
const AFTER_FELL: &[&str] = &[
    "to",
    "into",
    "in",
    "on",
    "after",
    "overnight",
    "again",
    "without",
    "within",
    "under",
    "before",
    ".",
    ",",
    ";",
];

/// Nouns of an apposition that says a name is a town: "Anah, a town on the Euphrates".
const TOWN_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "port",
    "suburb",
    "district",
    "stronghold",
    "enclave",
    "hamlet",
    "crossroads",
];

/// The curated place list's names, folded (read from the table's data once).
fn curated_names() -> &'static HashSet<String> {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let curated = table::DATA[1];
        curated
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .flat_map(|l| {
                l.split('\t')
                    .take_while(|c| !c.starts_with('#'))
                    .skip(5)
                    .map(|n| fold(n.trim()))
            })
            .filter(|n| !n.is_empty())
            .collect()
    })
}

/// A run of capitalised words that may be a place's name.
struct Run {
    tokens: Range<usize>,
    folded: String,
    /// What the words after it say.
    evidence: Evidence,
    /// A name of the curated place list, over free tokens.
    curated: bool,
}

/// Adds the names of the curated place list the lists did not find, and proposes the towns
/// of the table that the sentence shows to be places; returns the proposals, for
/// [`super::in_context::keep_supported`].
pub fn propose(pass: &mut Pass, gazetteer: &Gazetteer, dict: &EntityDictionary) -> Vec<Proposed> {
    let runs = runs(pass, gazetteer, dict);
    if runs.is_empty() {
        return Vec::new();
    }
    add_curated(pass, &runs);
    let table = Table::shared();
    let mut out = Vec::new();
    for run in runs.iter().filter(|r| r.evidence != Evidence::None) {
        if known(table, &run.folded) && !listed_otherwise(pass, gazetteer, &run.tokens) {
            propose_run(pass, run, &mut out);
        }
    }
    out
}

/// The runs of capitalised words that may be a place's name: each a whole run (no
/// capitalised word joined to it), free or read by the model as a person or an
/// organisation, a name of the curated list or followed by words that say it is a place,
/// and no common word, first name, word written in lower case elsewhere or phrase of the
/// user's. Cheap checks first: this walks every capitalised word of every text.
fn runs(pass: &Pass, gazetteer: &Gazetteer, dict: &EntityDictionary) -> Vec<Run> {
    let curated = curated_names();
    let mut out = Vec::new();
    let mut folded = String::new();
    let mut i = 0;
    while i < pass.tokens.len() {
        if !capital(pass, i) {
            i += 1;
            continue;
        }
        let mut start = i;
        let end = run_end(pass, i);
        i = end;
        // A common word opening the sentence is no part of the name ("Later Anah was").
        if pass.is(start, SENT_START) && end > start + 1 && {
            fold_into(pass.word(start), &mut folded);
            gazetteer.is_stopword(&folded)
        } {
            start += 1;
        } else if !opens_run(pass, start) {
            continue;
        }
        let tokens = start..end;
        let free = tokens.clone().all(|t| pass.is_free(t));
        let read_as_an_actor = pass.owner(start).is_some_and(|c| {
            matches!(c.kind, EntityKind::Person | EntityKind::Org)
                && c.origin == Origin::Model
                && c.detail.is_none()
                && c.tokens() == tokens
        });
        if !free && !read_as_an_actor {
            continue;
        }
        let evidence = evidence(pass, &tokens);
        let written = pass.span_text(tokens.clone());
        fold_into(written, &mut folded);
        let listed = free && curated.contains(folded.as_str());
        if evidence == Evidence::None && !listed {
            continue;
        }
        if written.chars().filter(|c| c.is_alphabetic()).count() < 3
            || gazetteer.is_stopword(&folded)
            || (tokens.len() == 1 && gazetteer.is_first_name(&folded))
            || dict
                .phrases
                .iter()
                .any(|e| spelled(e.phrase.trim()) == spelled(written))
        {
            continue;
        }
        out.push(Run {
            tokens,
            folded: folded.clone(),
            evidence,
            curated: listed,
        });
    }
    let lowered = written_in_lower_case(pass, &out);
    out.retain(|r| !lowered.contains(&r.folded));
    out
}

/// Token `i` is a capitalised word, not in capitals ("HIT" is a headline or an acronym).
fn capital(pass: &Pass, i: usize) -> bool {
    pass.is(i, WORD) && pass.is(i, CAP) && !pass.is(i, ALL_CAPS)
}

/// The gap between tokens `a` and `a + 1` joins them into one name: one space, or a hyphen
/// with no space ("Tal-Abyad" is three tokens).
fn joined(pass: &Pass, a: usize) -> bool {
    let (Some(x), Some(y)) = (pass.tokens.get(a), pass.tokens.get(a + 1)) else {
        return false;
    };
    matches!(pass.text.get(x.end..y.start), Some(" " | ""))
}

/// The end of the run of capitalised words from token `i` (joined by one space or a
/// hyphen), at most nine tokens.
fn run_end(pass: &Pass, i: usize) -> usize {
    let mut end = i + 1;
    while end - i < 9 {
        if joined(pass, end - 1) && capital(pass, end) && !pass.is(end, SENT_START) {
            end += 1;
        } else if pass.word(end) == "-"
            && joined(pass, end - 1)
            && joined(pass, end)
            && capital(pass, end + 1)
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// No capitalised word or hyphen is joined to token `i` before it: the run starts there.
fn opens_run(pass: &Pass, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1) else {
        return true;
    };
    !(joined(pass, prev) && (capital(pass, prev) || pass.word(prev) == "-"))
}

/// The folded one-word names of `runs` that the text also writes in lower case ("hit"), in
/// one walk over the tokens.
fn written_in_lower_case(pass: &Pass, runs: &[Run]) -> HashSet<String> {
    let singles: HashSet<&str> = runs
        .iter()
        .filter(|r| r.tokens.len() == 1)
        .map(|r| r.folded.as_str())
        .collect();
    if singles.is_empty() {
        return HashSet::new();
    }
    let mut folded = String::new();
    let mut out = HashSet::new();
    for t in pass.tokens.iter().filter(|t| t.is(LOWER)) {
        fold_into(t.text(pass.text), &mut folded);
        if singles.contains(folded.as_str()) {
            out.insert(folded.clone());
        }
    }
    out
}

/// The runs that are names of the curated place list, free, and where the recogniser's
/// lists found nothing, become places.
fn add_curated(pass: &mut Pass, runs: &[Run]) {
    for run in runs {
        let unlisted = {
            let (Some(a), Some(b)) = (
                pass.tokens.get(run.tokens.start),
                pass.tokens.get(run.tokens.end - 1),
            ) else {
                continue;
            };
            let at = pass.hits.partition_point(|h| h.end <= a.start);
            pass.hits.get(at).is_none_or(|h| h.start >= b.end)
        };
        if !unlisted
            || !run.curated
            || !run.tokens.clone().all(|t| pass.is_free(t))
            || names_a_thing(pass, run.tokens.end)
        {
            continue;
        }
        let written = pass.span_text(run.tokens.clone()).to_owned();
        let (Some(a), Some(b)) = (
            pass.tokens.get(run.tokens.start),
            pass.tokens.get(run.tokens.end - 1),
        ) else {
            continue;
        };
        let cand = Cand::new(a.start, b.end, EntityKind::Loc, written, Origin::Rule);
        pass.try_add_over(run.tokens.clone(), cand);
    }
}

/// Words after which a former name is still the place: "Peking was", "Bombay and Calcutta",
/// "flights from Rangoon resumed".
const AFTER_A_PLACE: &[&str] = &[
    "is",
    "was",
    "has",
    "had",
    "have",
    "will",
    "would",
    "could",
    "remains",
    "remained",
    "became",
    "fell",
    "rose",
    "lies",
    "lay",
    "saw",
    "and",
    "or",
    "but",
    "as",
    "to",
    "in",
    "on",
    "at",
    "for",
    "from",
    "with",
    "by",
    "of",
    "into",
    "near",
    "after",
    "before",
    "during",
    "since",
    "until",
    "under",
    "over",
    "where",
    "which",
    "that",
    "who",
    "itself",
    "too",
    "also",
    "again",
    "then",
    "now",
    "today",
    "yesterday",
];

/// A lower-case word right after a former name that makes the two a thing named after the
/// place ("Peking duck", "Madras curry", "Bombay mix"): what keeps an old name in use. A
/// function word, an auxiliary or a verb in the past ("Bombay erupted") does not.
fn names_a_thing(pass: &Pass, next: usize) -> bool {
    let word = pass.word(next);
    joined(pass, next - 1)
        && pass.is(next, LOWER)
        && !AFTER_A_PLACE.contains(&word)
        && !word.ends_with("ed")
}

/// A name of the table, as written or spelled otherwise ("Sanamayn" for Aş Şanamayn).
fn known(table: &Table, folded: &str) -> bool {
    !table.named(folded).is_empty() || !Variants::shared().spelled_as(folded).is_empty()
}

/// The lists name exactly these tokens as something other than a place ("Assad").
fn listed_otherwise(pass: &Pass, gazetteer: &Gazetteer, tokens: &Range<usize>) -> bool {
    let (Some(a), Some(b)) = (
        pass.tokens.get(tokens.start),
        pass.tokens.get(tokens.end - 1),
    ) else {
        return true;
    };
    let at = pass.hits.partition_point(|h| h.start < a.start);
    pass.hits
        .get(at)
        .filter(|h| h.start == a.start && h.end == b.end)
        .and_then(|h| gazetteer.pattern(h.pattern)?.entity)
        .is_some_and(|(kind, _, _)| kind != EntityKind::Loc)
}

/// What the sentence says of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Evidence {
    None,
    /// Something done to a place or a person ("captured"), or a state ("quiet").
    Either,
    /// Something done to a place only ("shelled", "retaken"), a region or country
    /// qualifying it, an apposition naming a town.
    Place,
}

/// What follows the run at `tokens` says it is a place: an apposition, a region or
/// country qualifying it, or the verb it (or the list of names it opens) is the subject of.
fn evidence(pass: &Pass, tokens: &Range<usize>) -> Evidence {
    let next = tokens.end;
    let word = |k: usize| pass.word(k);
    // "Anah, a town on the Euphrates", "Hit, the Iraqi border town".
    if word(next) == "," && matches!(word(next + 1), "a" | "an" | "the") {
        let noun = (next + 2..next + 5)
            .take_while(|&k| pass.is(k, LOWER) || pass.is(k, CAP))
            .find(|&k| TOWN_NOUNS.contains(&word(k)));
        if noun.is_some() {
            return Evidence::Place;
        }
    }
    // "Thruxton, Hampshire", "Anah, Iraq": not "Freeland, U.S. Trade Representative".
    if word(next) == ","
        && let Some(q) = pass.owner(next + 1)
        && q.kind == EntityKind::Loc
        && q.tokens().start == next + 1
        && !(joined(pass, q.tokens().end - 1) && pass.is(q.tokens().end, CAP))
        && names_a_region(pass.text.get(q.start..q.end).unwrap_or(""))
    {
        return Evidence::Place;
    }
    verb_after(pass, list_end(pass, next))
}

/// The end of the list of names that a name ending before token `end` opens ("Anah, Rawa
/// and Qaim were retaken": the end of "Qaim"), or `end` when it opens none: names joined by
/// ",", "and" or ", and", each a place read already or a run of capitalised words.
fn list_end(pass: &Pass, end: usize) -> usize {
    let mut k = end;
    for _ in 0..8 {
        let next = match pass.word(k) {
            "," if pass.word(k + 1) == "and" => k + 2,
            "," | "and" => k + 1,
            _ => break,
        };
        if !capital(pass, next) || pass.is(next, SENT_START) {
            break;
        }
        k = match pass.owner(next) {
            Some(c) if c.kind == EntityKind::Loc && c.tokens().start == next => c.tokens().end,
            Some(_) => break,
            None => run_end(pass, next),
        };
    }
    k
}

/// A name that is a country's, a first-level region's or a county's.
fn names_a_region(written: &str) -> bool {
    let table = Table::shared();
    table
        .named(&fold(written))
        .iter()
        .filter_map(|&i| table.entry(i))
        .any(|e| matches!(e.class, Class::Country | Class::Region | Class::County))
}

/// The verb at token `next` is one a place is the subject of.
fn verb_after(pass: &Pass, next: usize) -> Evidence {
    let word = |k: usize| pass.word(k);
    let lower = |k: usize| pass.is(k, LOWER);
    // "fell to", "fell overnight", "fell." (a person falls too: "fell to his death").
    if word(next) == "fell"
        && (AFTER_FELL.contains(&word(next + 1)) || next + 1 >= pass.tokens.len())
    {
        return Evidence::Either;
    }
    // "is under siege", "came under shelling", "remained quiet".
    let under = |k: usize| {
        if word(k) != "under" || !UNDER.contains(&word(k + 1)) {
            Evidence::None
        } else if UNDER_A_PERSON_TOO.contains(&word(k + 1)) {
            Evidence::Either
        } else {
            Evidence::Place
        }
    };
    if BE_OR_STAY.contains(&word(next)) || word(next) == "came" {
        if under(next + 1) != Evidence::None {
            return under(next + 1);
        }
        if word(next) != "came" && QUIET.contains(&word(next + 1)) {
            return Evidence::Either;
        }
    }
    // "was retaken", "has again been shelled".
    let mut k = next;
    while k < next + 4 && lower(k) && AUXILIARIES.contains(&word(k)) {
        k += 1;
    }
    if k > next && lower(k) && DONE_TO_A_PLACE.contains(&word(k)) {
        return if ALSO_TO_A_PERSON.contains(&word(k)) {
            Evidence::Either
        } else {
            Evidence::Place
        };
    }
    Evidence::None
}

/// Proposes `run` as a place: a new mention over free tokens, or the model's person or
/// organisation there made a place on evidence of a place only.
fn propose_run(pass: &mut Pass, run: &Run, out: &mut Vec<Proposed>) {
    let (Some(a), Some(b)) = (
        pass.tokens.get(run.tokens.start),
        pass.tokens.get(run.tokens.end - 1),
    ) else {
        return;
    };
    let (start, end) = (a.start, b.end);
    if run.tokens.clone().all(|t| pass.is_free(t)) {
        let written = pass.text.get(start..end).unwrap_or("").to_owned();
        let cand = Cand::new(start, end, EntityKind::Loc, written, Origin::Rule);
        if pass.try_add_over(run.tokens.clone(), cand) {
            out.push(Proposed {
                cand: pass.cands.len() - 1,
                was: None,
            });
        }
        return;
    }
    if run.evidence != Evidence::Place {
        return;
    }
    let Some(c) = pass.owner_index(run.tokens.start) else {
        return;
    };
    let Some(cand) = pass.cands.get_mut(c) else {
        return;
    };
    if cand.dead || (cand.start, cand.end) != (start, end) || cand.kind == EntityKind::Loc {
        return;
    }
    let was = (cand.kind, cand.key.clone());
    cand.kind = EntityKind::Loc;
    out.push(Proposed {
        cand: c,
        was: Some(was),
    });
}

#[cfg(test)]
mod tests {
    use crate::entities::{EntityDictionary, EntityKind, Mention, Recognizer};

    /// The places of `text` as (the text's words, GeoNames id if linked).
    fn places_with(text: &str, dict: &EntityDictionary) -> Vec<(String, Option<u32>)> {
        Recognizer::shared()
            .recognize_with(text, dict)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Loc)
            .map(|m: Mention| {
                let written: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                (written, m.place().map(|p| p.geonameid))
            })
            .collect()
    }

    fn places(text: &str) -> Vec<(String, Option<u32>)> {
        places_with(text, &EntityDictionary::default())
    }

    /// The GeoNames id `name` is linked to in `text`, if it is a place there.
    fn linked(text: &str, name: &str) -> Option<Option<u32>> {
        places(text)
            .into_iter()
            .find(|(written, _)| written == name)
            .map(|(_, id)| id)
    }

    const MUMBAI: u32 = 1_275_339;
    const CHENNAI: u32 = 1_264_527;
    const BEIJING: u32 = 1_816_670;
    const KOLKATA: u32 = 1_275_004;
    const ANAH: u32 = 6_765_385;
    const HIT: u32 = 95_788;
    const MOCHA: u32 = 78_751;

    #[test]
    fn former_names_of_large_cities_are_places_without_a_cue() {
        let cases = [
            (
                "Bombay's stock exchange fell sharply on Monday.",
                "Bombay",
                MUMBAI,
            ),
            (
                "Analysts said Bombay and Calcutta had both grown.",
                "Bombay",
                MUMBAI,
            ),
            (
                "Shares rose in Calcutta while Madras was flat.",
                "Madras",
                CHENNAI,
            ),
            ("Madras is hot in May.", "Madras", CHENNAI),
            ("Peking was the capital of the empire.", "Peking", BEIJING),
            (
                "The delegation flew to Peking for talks.",
                "Peking",
                BEIJING,
            ),
            (
                "Trade between Peking and Calcutta grew.",
                "Calcutta",
                KOLKATA,
            ),
        ];
        for (text, name, id) in cases {
            assert_eq!(linked(text, name), Some(Some(id)), "{text}");
        }
    }

    #[test]
    fn a_former_name_inside_a_longer_name_in_capitals_or_refused_by_the_user_is_no_place() {
        assert_eq!(linked("Bombay Sapphire is a gin.", "Bombay"), None);
        // Things named after the place: the old name lives on in them.
        assert_eq!(linked("Peking duck is served in Beijing.", "Peking"), None);
        assert_eq!(linked("They ordered a Madras curry.", "Madras"), None);
        assert_eq!(linked("BOMBAY: markets opened late.", "BOMBAY"), None);
        let mut dict = EntityDictionary::default();
        dict.never("Bombay");
        let found = places_with("Bombay's stock exchange fell sharply.", &dict);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn towns_acted_on_by_war_are_places_where_the_document_supports_them() {
        let cases = [
            (
                "Iraqi forces pushed west. Anah was retaken on Saturday, officials in Baghdad said.",
                "Anah",
                ANAH,
            ),
            (
                "The offensive in Anbar continued. Hit was shelled overnight, residents said.",
                "Hit",
                HIT,
            ),
            (
                "In Iraq, the militants lost ground. Anah has again been shelled.",
                "Anah",
                ANAH,
            ),
            (
                "Hit fell to the militants in October 2014, as fighting spread in Anbar, Iraq.",
                "Hit",
                HIT,
            ),
            (
                "Anah, a town on the Euphrates in western Iraq, was quiet.",
                "Anah",
                ANAH,
            ),
            // The first word of a sentence, after an adverb, in a list of names.
            (
                "Fighting spread across Anbar, Iraq. Later Anah was bombarded.",
                "Anah",
                ANAH,
            ),
            (
                "Anah, Rawa and Qaim were retaken in a week-long push through Anbar in Iraq.",
                "Anah",
                ANAH,
            ),
            (
                "Iraqi troops massed in Anbar. Hit remained under siege for a month.",
                "Hit",
                HIT,
            ),
        ];
        for (text, name, id) in cases {
            assert_eq!(linked(text, name), Some(Some(id)), "{text}");
        }
        // Read by the model as a person; shelled, it is the town.
        let text = "Yemen's war: Mokha was shelled.";
        assert_eq!(
            linked(text, "Mokha"),
            Some(Some(MOCHA)),
            "{:?}",
            places(text)
        );
        // Spelled otherwise than the table: "Sanamayn" for Aş Şanamayn.
        let text = "Syrian troops massed near Deraa. Sanamayn was quiet on Tuesday.";
        let sanamayn = linked(text, "Sanamayn").flatten();
        assert!(sanamayn.is_some(), "{:?}", places(text));
    }

    #[test]
    fn a_small_town_with_nothing_in_the_document_for_it_stays_what_it_was() {
        // No country, region or neighbour named: a guess, not a finding.
        assert_eq!(linked("Hit was shelled overnight.", "Hit"), None);
        assert_eq!(linked("Anah was retaken.", "Anah"), None);
    }

    #[test]
    fn words_names_and_persons_shaped_like_towns_are_not_places() {
        let cases = [
            (
                "Hit the button to continue. The storm hit Iraq's coast.",
                "Hit",
            ),
            (
                "Many were killed in Iraq. Given the risks, residents fled Baghdad.",
                "Many",
            ),
            (
                "Shares fell sharply in Baghdad. Prices fell 3% across Iraq.",
                "Shares",
            ),
            (
                "Saddam was captured near Tikrit in Iraq in December 2003.",
                "Saddam",
            ),
            (
                "Clinton was quiet on the issue during a visit to Arkansas.",
                "Clinton",
            ),
            ("Nelson fell ill in Cape Town, South Africa.", "Nelson"),
            (
                "Freeland, U.S. Trade Representative, met officials in Ottawa, Canada.",
                "Freeland",
            ),
            // The text writes the word in lower case: a word, even beside a verb of war.
            (
                "Airstrikes hit the town. Hit was shelled again in Anbar, Iraq.",
                "Hit",
            ),
        ];
        for (text, name) in cases {
            assert_eq!(linked(text, name), None, "{text}: {:?}", places(text));
        }
    }
}

//! Span conventions of news NER, applied once every name is found.
//!
//! The words around a name often belong to the entity a reader would highlight, and gold
//! annotations of news text include them:
//! - a country acting as a government is an organisation ("France strongly condemns",
//!   "Since 2015, Russia has been") while a country as a place stays a place ("in Syria");
//! - a nationality or group followed by a group noun is an organisation ("Iraqi security
//!   forces", "ISIL fighters", "the Syrian people"), as is a person's "regime" ("the Assad
//!   regime") and "the government of Iraq";
//! - places take their qualifiers: "northern Syria", "the city of Mosul", "Idlib province",
//!   "Palmyra, Syria";
//! - organisations and regions take their article: "the SDF", "the Middle East".

use super::model::EntityKind;
use super::pipeline::{COUNTRY, DEMONYM, Pass};
use super::tokens::{CAP, LOWER, SENT_START, SPACE_BEFORE, WORD};

/// Words after a country that make it an actor.
const ACTOR_VERBS: &[&str] = &[
    "is",
    "was",
    "has",
    "have",
    "had",
    "will",
    "would",
    "remains",
    "continues",
    "stands",
    "strongly",
    "supports",
    "support",
    "welcomes",
    "condemns",
    "calls",
    "urges",
    "believes",
    "says",
    "said",
    "shares",
    "must",
    "should",
    "can",
    "could",
    "also",
    "fully",
    "does",
    "did",
    "announced",
    "agreed",
    "joined",
    "wants",
    "sent",
    "deployed",
    "launched",
    "recognises",
    "recognizes",
    "rejects",
    "rejected",
    "warned",
    "warns",
];

/// Words before a country that make it an actor.
const ACTOR_BEFORE: &[&str] = &["with", "by", "against", "join", "joined", "ally", "allies"];

/// Group nouns that make a nationality, a group or a country an organisation.
const GROUP_NOUNS: &[&str] = &[
    "forces",
    "force",
    "fighters",
    "terrorists",
    "troops",
    "militants",
    "partners",
    "nations",
    "members",
    "units",
    "unit",
    "soldiers",
    "personnel",
    "government",
    "people",
    "opposition",
    "regime",
    "authorities",
    "parties",
    "population",
    "military",
    "army",
    "militia",
    "militias",
    "officials",
    "leadership",
    "delegation",
];

/// Lower-case words allowed between a name and its group noun ("Iraqi security forces").
const GROUP_MODIFIERS: &[&str] = &[
    "security",
    "military",
    "armed",
    "special",
    "tactical",
    "coalition",
    "service",
    "government",
    "terrorist",
    "partner",
    "ground",
    "air",
    "naval",
    "allied",
    "transitional",
    "new",
    "brutal",
];

const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
];

const PLACE_NOUNS: &[&str] = &[
    "province",
    "district",
    "governorate",
    "region",
    "city",
    "area",
];

/// Function words after which an article before a place is the place's own.
const AFTER_PLACE: &[&str] = &[
    "and", "or", "of", "in", "on", "to", "for", "with", "by", "at", "from", "is", "are", "was",
    "were", "has", "have", "will", "which", "that", "where", "region", "as",
];

fn lower_in(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Indices of live candidates, in text order.
fn live(pass: &Pass) -> Vec<usize> {
    let mut v: Vec<usize> = (0..pass.cands.len())
        .filter(|&c| pass.cands.get(c).is_some_and(|c| !c.dead))
        .collect();
    v.sort_by_key(|&c| pass.cands.get(c).map_or(0, |c| c.start));
    v
}

/// Applies the conventions, in an order where each sees the previous ones' results.
pub fn extend(pass: &mut Pass) {
    metonymy(pass);
    groups(pass);
    places(pass);
    articles(pass);
}

/// Countries acting as governments, and plural nationalities acting as peoples, are ORG.
fn metonymy(pass: &mut Pass) {
    for c in live(pass) {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let range = pass.token_range(cand.start, cand.end);
        let (first, last) = (range.start, range.end);
        let actor = if cand.tags & COUNTRY != 0 {
            let before = first.checked_sub(1).map_or("", |i| pass.word(i));
            let mut after = last;
            // "the UK strongly", "France's" count; "Syria's" alone does not.
            if pass.word(after) == "," {
                after = usize::MAX;
            }
            // A sentence's subject: "France strongly condemns", not a headline "Syria".
            pass.is(first, SENT_START) && pass.is(last, WORD) && !pass.is(last, SENT_START)
                || lower_in(pass.word(after), ACTOR_VERBS)
                || lower_in(before, ACTOR_BEFORE)
        } else {
            // "Syrians", "the Iraqis": plural nationalities.
            cand.tags & DEMONYM != 0 && pass.word(last - 1).ends_with('s') && range.len() == 1
        };
        if actor && let Some(cand) = pass.cands.get_mut(c) {
            cand.kind = EntityKind::Org;
        }
    }
}

/// "Iraqi security forces", "ISIL fighters", "the Assad regime", "government of Iraq".
fn groups(pass: &mut Pass) {
    for c in live(pass) {
        let Some(cand) = pass.cands.get(c).cloned() else {
            continue;
        };
        let range = pass.token_range(cand.start, cand.end);
        let eligible = match cand.kind {
            EntityKind::Norp | EntityKind::Org => true,
            EntityKind::Loc => cand.tags & COUNTRY != 0,
            EntityKind::Person => pass.word(range.end).eq_ignore_ascii_case("regime"),
            EntityKind::Date => false,
        };
        if eligible {
            let mut j = range.end;
            while lower_in(pass.word(j), GROUP_MODIFIERS) && pass.is(j, LOWER) && pass.is_free(j) {
                j += 1;
            }
            if lower_in(pass.word(j), GROUP_NOUNS) && pass.is(j, LOWER) && pass.is_free(j) {
                let key = cand.key.clone();
                pass.force_add(range.start..j + 1, EntityKind::Org, key, cand.origin);
                continue;
            }
        }
        // "(the) government / people of Iraq"
        if cand.kind == EntityKind::Loc
            && range.start >= 2
            && pass.word(range.start - 1) == "of"
            && lower_in(
                pass.word(range.start - 2),
                &["government", "people", "authorities"],
            )
            && pass.is_free(range.start - 2)
        {
            let key = pass.span_text(range.start - 2..range.end).to_owned();
            pass.force_add(
                range.start - 2..range.end,
                EntityKind::Org,
                key,
                cand.origin,
            );
        }
    }
}

/// "northern Syria", "the city of Mosul", "Idlib province", "Palmyra, Syria".
fn places(pass: &mut Pass) {
    for c in live(pass) {
        let Some(cand) = pass.cands.get(c).cloned() else {
            continue;
        };
        if cand.kind != EntityKind::Loc || cand.dead {
            continue;
        }
        let range = pass.token_range(cand.start, cand.end);
        let (mut start, mut end) = (range.start, range.end);
        if start >= 2
            && pass.word(start - 1) == "of"
            && lower_in(
                pass.word(start - 2),
                &["city", "town", "village", "province", "capital"],
            )
            && pass.is_free(start - 2)
        {
            start -= 2;
        }
        if start >= 1 && lower_in(pass.word(start - 1), DIRECTIONS) && pass.is_free(start - 1) {
            start -= 1;
        }
        if lower_in(pass.word(end), PLACE_NOUNS) && pass.is(end, LOWER) && pass.is_free(end) {
            end += 1;
        }
        // "Palmyra, Syria": a place and the country or region it is in.
        if pass.word(end) == ","
            && let Some(next) = pass.owner(end + 1)
            && next.kind == EntityKind::Loc
            && !next.dead
        {
            let next_range = pass.token_range(next.start, next.end);
            let closes = !pass.is(next_range.end, WORD) || pass.is(next_range.end, LOWER);
            if next_range.len() <= 3
                && closes
                && !pass.word(next_range.end).eq_ignore_ascii_case("and")
            {
                end = next_range.end;
            }
        }
        if (start, end) != (range.start, range.end) {
            pass.force_add(start..end, EntityKind::Loc, cand.key.clone(), cand.origin);
        }
    }
}

/// "the SDF", "The UK", "the Middle East": the article joins organisations, and places
/// when it is theirs (not "the Damascus government").
fn articles(pass: &mut Pass) {
    for c in live(pass) {
        let Some(cand) = pass.cands.get(c).cloned() else {
            continue;
        };
        let range = pass.token_range(cand.start, cand.end);
        let Some(before) = range.start.checked_sub(1) else {
            continue;
        };
        if !pass.word(before).eq_ignore_ascii_case("the")
            || !pass.is_free(before)
            || !pass.is(range.start, SPACE_BEFORE)
        {
            continue;
        }
        let takes_article = match cand.kind {
            EntityKind::Org => true,
            EntityKind::Loc => {
                let next = range.end;
                !pass.is(next, WORD) || pass.is(next, CAP) || lower_in(pass.word(next), AFTER_PLACE)
            }
            _ => false,
        };
        if takes_article {
            pass.force_add(before..range.end, cand.kind, cand.key.clone(), cand.origin);
        }
    }
}

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

use std::sync::LazyLock;

use super::model::EntityKind;
use super::pipeline::{COUNTRY, DEMONYM, Pass};
use super::tokens::{CAP, DIGITS, LOWER, SENT_START, SPACE_BEFORE, WORD};
use super::words::{WordSet, lower_in};

/// Words after a country that make it an actor.
static ACTOR_VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
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
    ])
});

/// Words before a country that make it an actor.
static ACTOR_BEFORE: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["with", "by", "against", "join", "joined", "ally", "allies"]));

/// Prepositions before a country that make it a place ("in Syria", "across Iraq").
static PLACE_PREPOSITIONS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "in",
        "into",
        "inside",
        "across",
        "throughout",
        "from",
        "to",
        "near",
        "within",
        "of",
        "on",
        "over",
        "around",
        "toward",
        "towards",
        "at",
        "outside",
        "through",
        "visit",
        "visited",
        "visiting",
    ])
});

/// Lower-case words after a country that do not make it a modifier ("Syria and", "Iraq
/// which").
static FUNCTION_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "and",
        "or",
        "but",
        "in",
        "on",
        "of",
        "to",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "since",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "which",
        "that",
        "who",
        "under",
        "over",
        "into",
        "through",
        "across",
        "against",
        "between",
        "including",
        "because",
        "if",
        "than",
        "until",
        "this",
        "these",
        "its",
        "their",
        "the",
        "a",
        "an",
        "said",
        "says",
        "region",
        "alone",
        "itself",
        "both",
        "today",
        "yesterday",
        "last",
        "next",
        "so",
    ])
});

/// Group nouns that make a nationality, a group or a country an organisation.
static GROUP_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
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
    ])
});

/// Words that open a noun phrase ("an ISIL tactical unit", "our Coalition partners").
static DETERMINERS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "a", "an", "the", "our", "their", "its", "these", "those", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "several", "many", "some", "all",
    ])
});

/// Lower-case words allowed between a name and its group noun ("Iraqi security forces").
static GROUP_MODIFIERS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
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
    ])
});

/// Organisation words that take "of COUNTRY" ("the Government of Iraq").
static ORG_HEADS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "government",
        "ministry",
        "parliament",
        "army",
        "president",
        "kingdom",
        "republic",
    ])
});

static DIRECTIONS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
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
    ])
});

static PLACE_NOUNS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "province",
        "district",
        "governorate",
        "region",
        "city",
        "area",
    ])
});

/// Function words after which an article before a place is the place's own.
static AFTER_PLACE: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "and", "or", "of", "in", "on", "to", "for", "with", "by", "at", "from", "is", "are", "was",
        "were", "has", "have", "will", "which", "that", "where", "region", "as",
    ])
});

/// A key from span text: whitespace runs made single spaces.
fn key_of(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
    let order = live(pass);
    let mut actor = vec![false; order.len()];
    for (n, &c) in order.iter().enumerate() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let range = cand.tokens();
        actor[n] = if cand.tags & COUNTRY != 0 {
            country_acts(pass, range)
        } else {
            // "Syrians", "the Iraqis": plural nationalities.
            cand.tags & DEMONYM != 0 && range.len() == 1 && pass.word(range.start).ends_with('s')
        };
    }
    // Lists of countries act together: "Russia and Syria have", and a list of three or
    // more is a list of participants ("Australia, Belgium, Canada and the UK").
    let mut n = 0;
    while n < order.len() {
        let mut m = n;
        while m + 1 < order.len() && listed_together(pass, order[m], order[m + 1]) {
            m += 1;
        }
        let countries = (n..=m).all(|k| {
            pass.cands
                .get(order[k])
                .is_some_and(|c| c.tags & COUNTRY != 0)
        });
        if countries && (m - n >= 2 || (m > n && actor[n..=m].iter().any(|&a| a))) {
            actor[n..=m].iter_mut().for_each(|a| *a = true);
        }
        n = m + 1;
    }
    for (n, &c) in order.iter().enumerate() {
        if actor[n]
            && let Some(cand) = pass.cands.get_mut(c)
        {
            cand.kind = EntityKind::Org;
        }
    }
}

/// Does the country at tokens `range` act (a government, a party) rather than lie there?
fn country_acts(pass: &Pass, range: std::ops::Range<usize>) -> bool {
    let (first, last) = (range.start, range.end);
    let mut before = first.checked_sub(1);
    if before.is_some_and(|b| pass.word(b).eq_ignore_ascii_case("the")) {
        before = before.and_then(|b| b.checked_sub(1));
    }
    let before = before.map_or("", |b| pass.word(b));
    if lower_in(before, &PLACE_PREPOSITIONS) {
        return false;
    }
    let next = pass.word(last);
    // "U.S. airstrikes", "UK-France co-operation": the country qualifies what it does.
    let premodifier = (pass.is(last, LOWER) && !lower_in(next, &FUNCTION_WORDS))
        || (next == "-" && !pass.is(last, SPACE_BEFORE));
    // A sentence's subject: "France strongly condemns", not a headline "Syria".
    let subject = pass.is(first, SENT_START) && pass.is(last, WORD) && !pass.is(last, SENT_START);
    subject || premodifier || lower_in(next, &ACTOR_VERBS) || lower_in(before, &ACTOR_BEFORE)
}

/// Are candidates `a` and `b` neighbours in a list ("X, Y", "X and Y", "X, and the Y")?
fn listed_together(pass: &Pass, a: usize, b: usize) -> bool {
    let (Some(a), Some(b)) = (pass.cands.get(a), pass.cands.get(b)) else {
        return false;
    };
    let (ra, rb) = (a.tokens(), b.tokens());
    let between: Vec<&str> = (ra.end..rb.start).map(|i| pass.word(i)).collect();
    matches!(
        between.as_slice(),
        [","] | ["and"] | [",", "and"] | ["and", "the"] | [",", "the"] | [",", "and", "the"]
    )
}

/// "Iraqi security forces", "ISIL fighters", "the Assad regime", "government of Iraq".
fn groups(pass: &mut Pass) {
    for c in live(pass) {
        let Some(cand) = pass.cands.get(c).cloned() else {
            continue;
        };
        let range = cand.tokens();
        let eligible = match cand.kind {
            EntityKind::Norp | EntityKind::Org => true,
            EntityKind::Loc => cand.tags & COUNTRY != 0,
            EntityKind::Person => pass.word(range.end).eq_ignore_ascii_case("regime"),
            EntityKind::Date => false,
        };
        if eligible {
            // The last group noun in a run of modifiers and nouns ("Iraqi government",
            // "Iraqi government forces", "ISIL tactical units").
            let mut j = range.end;
            let mut noun = None;
            while (lower_in(pass.word(j), &GROUP_MODIFIERS) || lower_in(pass.word(j), &GROUP_NOUNS))
                && pass.is(j, LOWER)
                && pass.is_free(j)
            {
                if lower_in(pass.word(j), &GROUP_NOUNS) {
                    noun = Some(j);
                }
                j += 1;
            }
            if let Some(j) = noun {
                // The whole noun phrase: "an ISIL tactical unit", "five ISIL fighters".
                let mut start = range.start;
                if start > 0
                    && lower_in(pass.word(start - 1), &DETERMINERS)
                    && pass.is_free(start - 1)
                {
                    start -= 1;
                }
                // An organisation keeps its name ("ISIL fighters" are ISIL); a group named
                // by a nationality or a country is named by the phrase ("Iraqi forces").
                let key = if cand.kind == EntityKind::Org {
                    cand.key.clone()
                } else {
                    key_of(pass.span_text(range.start..j + 1))
                };
                pass.force_add(start..j + 1, EntityKind::Org, key, cand.origin);
                continue;
            }
        }
        // "CTF 50", "Task Force 55": a unit's number.
        if cand.kind == EntityKind::Org
            && pass.is(range.end, DIGITS)
            && pass.is(range.end, SPACE_BEFORE)
            && pass.is(range.end - 1, CAP)
            && pass.is_free(range.end)
        {
            let key = pass.span_text(range.start..range.end + 1).to_owned();
            pass.force_add(
                range.start..range.end + 1,
                EntityKind::Org,
                key,
                cand.origin,
            );
            continue;
        }
        // "Syrian Government", "the Kurdish YPG": a nationality before an organisation.
        if cand.kind == EntityKind::Norp
            && let Some(next) = pass.owner(range.end)
            && next.kind == EntityKind::Org
            && pass.is(range.end, SPACE_BEFORE)
        {
            let next_range = next.tokens();
            let key = next.key.clone();
            pass.force_add(
                range.start..next_range.end,
                EntityKind::Org,
                key,
                cand.origin,
            );
            continue;
        }
        // "the Government of Iraq", "Ministry of Defence of Iraq": an organisation word and
        // the country it belongs to.
        if cand.kind == EntityKind::Org
            && pass.word(range.end) == "of"
            && let Some(next) = pass.owner(range.end + 1)
            && next.kind == EntityKind::Loc
            && next.tags & COUNTRY != 0
            && pass
                .word(range.end - 1)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && ORG_HEADS.contains(pass.word(range.end - 1))
        {
            let next_range = next.tokens();
            let key = pass.span_text(range.start..next_range.end).to_owned();
            pass.force_add(
                range.start..next_range.end,
                EntityKind::Org,
                key,
                cand.origin,
            );
            continue;
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
        let range = cand.tokens();
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
        // "northern Syria"; "Northern Iraq", where the rules may have taken "Northern" alone.
        if start >= 1 && lower_in(pass.word(start - 1), &DIRECTIONS) {
            let alone = pass.owner(start - 1).is_none_or(|o| o.tokens().len() == 1);
            if alone {
                start -= 1;
            }
        }
        if lower_in(pass.word(end), &PLACE_NOUNS) && !pass.is(end, SENT_START) && pass.is_free(end)
        {
            end += 1;
        }
        // "Palmyra, Syria": a place and the country or region it is in.
        if pass.word(end) == ","
            && cand.tags & COUNTRY == 0
            && let Some(next) = pass.owner(end + 1)
            && next.kind == EntityKind::Loc
            && !next.dead
        {
            let next_range = next.tokens();
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
        let range = cand.tokens();
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
                // "the city of Mosul", "the northern Iraq": a common-noun head takes it.
                pass.is(range.start, LOWER)
                    || !pass.is(next, WORD)
                    || pass.is(next, CAP)
                    || lower_in(pass.word(next), &AFTER_PLACE)
            }
            _ => false,
        };
        if takes_article {
            pass.force_add(before..range.end, cand.kind, cand.key.clone(), cand.origin);
        }
    }
}

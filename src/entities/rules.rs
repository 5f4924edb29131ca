//! Context rules for names in no list.
//!
//! - Title cues: a title ("President", "Lt. Gen.", "Foreign Secretary") or a lower-case cue
//!   ("leader", "spokesman") followed by a name makes a PER. A capitalised title belongs to
//!   the span, with a nationality right before it ("Iraqi President Fuad Masum"), as in
//!   news NER data; a lower-case cue does not.
//! - Capitalised sequences not claimed by anything else are classified by their words:
//!   organisation words ("Forces", "Ministry", "Council") make an ORG, place words
//!   ("Province", "Dam", "Airfield") a LOC, a known first name or an Arabic name particle
//!   (al-, bin, abu) a PER, an unknown acronym an ORG, a word after "in"/"near" a LOC, two or
//!   three plain capitalised words a PER.
//! - Sentence-initial capitals: a common word that starts a sentence ("The", "In", "Since")
//!   is never part of a name, and a lone unknown word at a sentence start is a name only if
//!   the text also writes it capitalised elsewhere.
//! - Possessives: the tokeniser already split "Assad's" into "Assad" + "'s", so names end
//!   before the "'s".

use std::collections::HashSet;

use std::sync::LazyLock;

use super::fold::fold_into;
use super::gazetteer::{Gazetteer, Source};
use super::model::{EntityKind, Origin};
use super::pipeline::{COUNTRY, Cand, DEMONYM, Pass, WEAK};
use super::tokens::{ALL_CAPS, CAP, DIGITS, LOWER, NEWLINE_BEFORE, SENT_START, SPACE_BEFORE, WORD};
use super::words::{FastHash, WordSet, lower_in};

/// Name particles of Arabic, Dutch, French, Spanish... names ("al-Sharaa", "bin Salman").
static PARTICLES: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "al", "el", "ul", "bin", "ibn", "bint", "abu", "abd", "van", "von", "de", "da", "der",
        "del", "della", "di", "du", "la", "le", "dos", "das", "ben",
    ])
});

/// Words that make a capitalised sequence an organisation.
pub(super) static ORG_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "forces",
        "force",
        "army",
        "armies",
        "council",
        "ministry",
        "department",
        "office",
        "government",
        "command",
        "group",
        "party",
        "front",
        "brigade",
        "brigades",
        "battalion",
        "regiment",
        "division",
        "corps",
        "committee",
        "commission",
        "agency",
        "organisation",
        "organization",
        "union",
        "association",
        "institute",
        "university",
        "bank",
        "company",
        "corporation",
        "inc",
        "ltd",
        "movement",
        "alliance",
        "coalition",
        "guard",
        "guards",
        "navy",
        "unit",
        "units",
        "service",
        "services",
        "authority",
        "court",
        "parliament",
        "assembly",
        "police",
        "center",
        "centre",
        "foundation",
        "fund",
        "programme",
        "program",
        "network",
        "squadron",
        "wing",
        "fleet",
        "team",
        "league",
        "federation",
        "board",
        "bureau",
        "directorate",
        "administration",
        "cabinet",
        "senate",
        "embassy",
        "mission",
        "branch",
        "staff",
        "ministries",
        "agencies",
        "committees",
        "councils",
        "forces'",
        "brotherhood",
        "regime",
        "militia",
        "militias",
        "battery",
        "troop",
        "squad",
        "task",
        "secretariat",
    ])
});

/// Words that make a capitalised sequence a place.
pub(super) static LOC_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "city",
        "province",
        "governorate",
        "district",
        "region",
        "county",
        "river",
        "mountains",
        "mount",
        "mountain",
        "lake",
        "sea",
        "gulf",
        "valley",
        "desert",
        "island",
        "islands",
        "peninsula",
        "airfield",
        "airport",
        "airbase",
        "base",
        "dam",
        "bridge",
        "square",
        "street",
        "road",
        "camp",
        "crossing",
        "village",
        "gate",
        "plain",
        "plains",
        "heights",
        "strait",
        "canal",
        "ocean",
        "coast",
        "port",
        "harbour",
        "harbor",
        "oilfield",
        "field",
        "hills",
        "hill",
        "palace",
        "building",
        "complex",
        "neighbourhood",
        "neighborhood",
        "quarter",
    ])
});

/// First words of event names, which are no entity of ours.
static EVENT_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "operation",
        "exercise",
        "summit",
        "conference",
        "battle",
        "war",
    ])
});

/// Prepositions after which a lone unknown capitalised word is most likely a place.
static LOC_PREPOSITIONS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "in",
        "near",
        "outside",
        "around",
        "across",
        "into",
        "toward",
        "towards",
        "throughout",
        "within",
        "at",
    ])
});

/// Verbs after which a lone unknown capitalised word is most likely a person.
static SPEECH_VERBS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "said",
        "says",
        "told",
        "added",
        "stated",
        "explained",
        "wrote",
    ])
});

/// Lower-case words allowed inside an organisation or place name ("Ministry of Defence").
static CONNECTORS: LazyLock<WordSet> =
    LazyLock::new(|| WordSet::new(&["of", "for", "and", "the", "&", "on", "de"]));

/// Stage 1: dates and gazetteer names, longest first, then by trust.
pub fn strong(pass: &mut Pass, gaz: &Gazetteer, dates: &[(usize, usize)]) {
    // (length, rank, tokens, candidate): dates rank with curated names.
    let mut all: Vec<(usize, u8, std::ops::Range<usize>, Cand)> =
        Vec::with_capacity(pass.hits.len() + dates.len());
    let date_ranges = pass.token_ranges(dates.iter().copied());
    for (&(start, end), range) in dates.iter().zip(date_ranges) {
        let key = pass.text.get(start..end).unwrap_or("").to_owned();
        let cand = Cand::new(start, end, EntityKind::Date, key, Origin::Pattern);
        all.push((end - start, 0, range, cand));
    }
    let hit_ranges = pass.token_ranges(pass.hits.iter().map(|h| (h.start, h.end)));
    let mut buf = String::new();
    for (hit, range) in pass.hits.iter().zip(hit_ranges) {
        let Some(p) = gaz.pattern(hit.pattern).filter(|_| !hit.lower) else {
            continue;
        };
        let Some((kind, key, source)) = p.entity else {
            continue;
        };
        // A lone common word starting a sentence is not a name, whatever the lists say.
        if range.len() == 1 && pass.is(range.start, SENT_START) && !p.acronym {
            fold_into(pass.word(range.start), &mut buf);
            if gaz.is_stopword(&buf) {
                continue;
            }
        }
        let mut cand = Cand::new(
            hit.start,
            hit.end,
            kind,
            gaz.key(key).to_owned(),
            Origin::Gazetteer,
        );
        cand.tags = match source {
            Source::Country => COUNTRY,
            Source::Demonym => DEMONYM,
            Source::City | Source::Region if range.len() == 1 => WEAK,
            _ => 0,
        };
        all.push((hit.end - hit.start, source as u8, range, cand));
    }
    all.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.3.start.cmp(&b.3.start))
    });
    for (_, _, range, cand) in all {
        pass.try_add_over(range, cand);
    }
}

/// Is token `i` part of a name: a capitalised word, an initial, or a particle before one?
fn name_token(pass: &Pass, i: usize, gaz: &Gazetteer) -> bool {
    let w = pass.word(i);
    if pass.is(i, CAP) && pass.is(i, WORD) && !pass.is(i, DIGITS) {
        // Common words are names only inside a sentence ("Will", "Office" of a name).
        if !pass.is(i, SENT_START) {
            return true;
        }
        let mut buf = String::new();
        fold_into(w, &mut buf);
        return !gaz.is_stopword(&buf);
    }
    lower_in(w, &PARTICLES) && pass.is(i, LOWER) && {
        let next = pass.word(i + 1);
        (next == "-" && pass.is(i + 2, CAP))
            || (pass.is(i + 1, CAP) && pass.is(i + 1, SPACE_BEFORE))
    }
}

/// The end (exclusive) of the name starting at token `i`: capitalised words, initials
/// ("J."), particles and hyphens between parts. Stops at any token another entity owns,
/// except a PER, whose tokens join the name. Returns `i` when there is no name.
fn name_end(pass: &Pass, i: usize, gaz: &Gazetteer) -> usize {
    let mut j = i;
    loop {
        if let Some(owner) = pass.owner(j) {
            // A person's name may contain a small town's ("Cook", "Dayton", "Lyons").
            if owner.kind != EntityKind::Person && owner.tags & WEAK == 0 {
                break;
            }
            let r = owner.tokens();
            j = r.end.max(j + 1);
            continue;
        }
        if j > i && pass.is(j, SENT_START) {
            break;
        }
        if name_token(pass, j, gaz) {
            j += 1;
            // An initial: "J." (the dot is its own token, with no space before).
            if pass.word(j) == "."
                && !pass.is(j, SPACE_BEFORE)
                && pass.word(j - 1).chars().count() == 1
            {
                j += 1;
            }
            continue;
        }
        let w = pass.word(j);
        // A nickname in quotes between name parts: Richard "Tex" Coe, John “J.D.” Dorrian.
        if j > i && matches!(w, "\"" | "\u{201C}") {
            let close = (j + 2..(j + 7).min(pass.tokens.len()))
                .find(|&k| matches!(pass.word(k), "\"" | "\u{201D}"));
            if let Some(close) = close
                && pass.is(close + 1, CAP)
                && (j + 1..close).all(|k| pass.is_free(k))
            {
                j = close + 1;
                continue;
            }
        }
        // A hyphen joining two name parts ("al-Sharaa", "Al-Raqqa"), not "ISIL-held".
        if j > i
            && matches!(w, "-" | "\u{2010}" | "\u{2011}")
            && !pass.is(j, SPACE_BEFORE)
            && pass.is(j + 1, CAP)
            && !pass.is(j + 1, SPACE_BEFORE)
        {
            j += 1;
            continue;
        }
        break;
    }
    j
}

/// Key text of a name span: its text, with runs of whitespace made single spaces.
fn key_of(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stage 2: names after titles.
pub fn titles(pass: &mut Pass, gaz: &Gazetteer) {
    let title_hits: Vec<_> = pass
        .hits
        .iter()
        .filter(|h| {
            gaz.pattern(h.pattern)
                .is_some_and(|p| p.title && p.entity.is_none())
        })
        .copied()
        .collect();
    let title_starts: Vec<usize> = title_hits
        .iter()
        .map(|h| pass.token_range(h.start, h.end).start)
        .collect();
    for hit in title_hits {
        let trange = pass.token_range(hit.start, hit.end);
        if trange.is_empty() || !trange.clone().all(|i| pass.is_free(i)) {
            continue;
        }
        let mut first = trange.end;
        // "the Prime Minister-designate, Haider al-Abadi"
        if matches!(pass.word(first), "-") && pass.word(first + 1).eq_ignore_ascii_case("designate")
        {
            first += 2;
        }
        let title_end = first;
        // An apposition: "the Foreign Secretary, Boris Johnson" (two mentions).
        let apposition = pass.word(first) == "," && hit.capitalised && pass.is(first + 1, CAP);
        if apposition {
            first += 1;
        }
        // "Commander, Lt. Gen. Townsend": the next title introduces the name.
        if title_starts.binary_search(&first).is_ok() {
            continue;
        }
        // A portfolio between title and name: "Minister for the Middle East Tobias
        // Ellwood", "Minister of Foreign Affairs of Iraq".
        let portfolio_end = if hit.capitalised && !apposition {
            portfolio(pass, first)
        } else {
            first
        };
        let mut end = name_end(pass, portfolio_end, gaz);
        let key;
        if end > portfolio_end {
            key = key_of(pass.span_text(portfolio_end..end));
        } else if hit.capitalised && (portfolio_end > first || after_article(pass, trange.start)) {
            // An office named without its holder is still a person: "the Foreign
            // Secretary", "Minister for the Middle East".
            end = portfolio_end;
            key = key_of(pass.span_text(trange.start..end));
        } else {
            continue;
        }
        let mut start = if hit.capitalised { trange.start } else { first };
        // Chained capitalised titles and a nationality before them: "Russian Foreign
        // Minister", "Pentagon Press Secretary", "US Secretary of State", "U.S. Army General".
        if hit.capitalised {
            while start > 0 && !pass.is(start, SENT_START) && !pass.is(start, NEWLINE_BEFORE) {
                let prev = start - 1;
                if let Some(owner) = pass.owner(prev)
                    && matches!(
                        owner.kind,
                        EntityKind::Norp | EntityKind::Loc | EntityKind::Org
                    )
                    && pass.is(start, SPACE_BEFORE)
                    && owner.tokens().len() <= 4
                    && pass.is(owner.tokens().start, CAP)
                {
                    start = owner.tokens().start;
                    continue;
                }
                break;
            }
            if after_article(pass, start) {
                start -= 1;
            }
        }
        if apposition {
            let title_key = key_of(pass.span_text(trange.start..title_end));
            pass.force_add(
                start..title_end,
                EntityKind::Person,
                title_key,
                Origin::Rule,
            );
            pass.force_add(first..end, EntityKind::Person, key, Origin::Rule);
        } else {
            pass.force_add(start..end, EntityKind::Person, key, Origin::Rule);
        }
    }
}

/// Is token `i` right after a free "the"?
fn after_article(pass: &Pass, i: usize) -> bool {
    i > 0 && pass.word(i - 1).eq_ignore_ascii_case("the") && pass.is_free(i - 1)
}

/// The end of a portfolio after a title ("for the Middle East", "of Foreign Affairs"), or
/// `i` when there is none: "for"/"of", an optional "the", then a place, an organisation or
/// capitalised words.
fn portfolio(pass: &Pass, i: usize) -> usize {
    if !matches!(pass.word(i), "for" | "of") {
        return i;
    }
    let mut k = i + 1;
    if pass.word(k) == "the" {
        k += 1;
    }
    if let Some(owner) = pass.owner(k) {
        return if matches!(owner.kind, EntityKind::Loc | EntityKind::Org) {
            owner.tokens().end
        } else {
            i
        };
    }
    let mut j = k;
    while pass.is(j, CAP) && pass.is_free(j) && !pass.is(j, SENT_START) {
        j += 1;
        if lower_in(pass.word(j), &["and", "of"]) && pass.is(j + 1, CAP) {
            j += 1;
        }
    }
    if j > k { j } else { i }
}

/// What the words of a capitalised sequence say about its kind.
fn classify(pass: &Pass, range: std::ops::Range<usize>, gaz: &Gazetteer) -> Option<EntityKind> {
    let words: Vec<&str> = range
        .clone()
        .map(|i| pass.word(i))
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    if words.iter().any(|w| lower_in(w, &ORG_WORDS)) {
        return Some(EntityKind::Org);
    }
    if words.iter().any(|w| lower_in(w, &LOC_WORDS)) {
        return Some(EntityKind::Loc);
    }
    let first = words.first()?;
    // Operations, exercises and meetings are events, not people ("Operation Inherent
    // Resolve", "Exercise Eager Lion").
    if lower_in(first, &EVENT_WORDS) {
        return None;
    }
    let mut buf = String::new();
    fold_into(first, &mut buf);
    if gaz.is_first_name(&buf) || words.iter().any(|w| lower_in(w, &PARTICLES)) {
        return Some(EntityKind::Person);
    }
    let after = pass.word(range.end);
    if after == "(" && pass.is(range.end + 1, ALL_CAPS) {
        return Some(EntityKind::Org);
    }
    if words.len() == 1 {
        let i = range.start;
        if pass.is(i, ALL_CAPS)
            && (2..=8).contains(&first.chars().count())
            && !gaz.is_stopword(&buf)
        {
            return Some(EntityKind::Org);
        }
        if i > 0 && lower_in(pass.word(i - 1), &LOC_PREPOSITIONS) {
            return Some(EntityKind::Loc);
        }
        if lower_in(after, &SPEECH_VERBS) {
            return Some(EntityKind::Person);
        }
        return None;
    }
    if words.len() <= 3 && range.clone().all(|i| !pass.is(i, ALL_CAPS)) {
        return Some(EntityKind::Person);
    }
    Some(EntityKind::Org)
}

/// Stage 3: capitalised sequences that no list and no title explained.
pub fn capitalised(pass: &mut Pass, gaz: &Gazetteer) {
    let mid_caps: HashSet<&str, FastHash> = pass
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is(CAP) && !t.is(SENT_START))
        .map(|(i, _)| pass.word(i))
        .collect();
    let mut i = 0;
    while i < pass.tokens.len() {
        if !pass.is_free(i)
            || !(pass.is(i, CAP) || (pass.is(i, LOWER) && lower_in(pass.word(i), &PARTICLES)))
            || !pass.is(i, WORD)
        {
            i += 1;
            continue;
        }
        // The run: names joined by connectors ("Ministry of Defence").
        let mut end = name_end(pass, i, gaz);
        if end == i {
            i += 1;
            continue;
        }
        loop {
            let c = pass.word(end);
            if lower_in(c, &CONNECTORS)
                && pass.is_free(end)
                && pass.is(end + 1, CAP)
                && pass.is_free(end + 1)
                && !pass.is(end + 1, SENT_START)
            {
                let e2 = name_end(pass, end + 1, gaz);
                if e2 > end + 1 {
                    end = e2;
                    continue;
                }
            }
            break;
        }
        // A sentence's first word starts a name only if it is a first name or the text
        // writes it capitalised elsewhere ("Later al-Sharaa spoke" is not one name).
        let mut start = i;
        if pass.is(i, SENT_START) && end - i > 1 && !mid_caps.contains(pass.word(i)) {
            let mut buf = String::new();
            fold_into(pass.word(i), &mut buf);
            if !gaz.is_first_name(&buf) && !pass.is(i, ALL_CAPS) {
                start += 1;
            }
        }
        // Names owned by PER candidates may have been swallowed: keep only free tokens.
        let mut stop = start;
        while stop < end && pass.is_free(stop) {
            stop += 1;
        }
        let end = stop.max(start + 1);
        // Split at connectors unless an organisation or place word explains them.
        let has_connector =
            (start..end).any(|k| lower_in(pass.word(k), &CONNECTORS) && pass.is(k, LOWER));
        let kind = classify(pass, start..end, gaz);
        let end = if has_connector && !matches!(kind, Some(EntityKind::Org | EntityKind::Loc)) {
            (start..end)
                .find(|&k| lower_in(pass.word(k), &CONNECTORS) && pass.is(k, LOWER))
                .unwrap_or(end)
        } else {
            end
        };
        if end <= start {
            i += 1;
            continue;
        }
        let kind = classify(pass, start..end, gaz);
        // A lone word at a sentence start is a name only with evidence elsewhere.
        if end - start == 1 && pass.is(start, SENT_START) && !pass.is(start, ALL_CAPS) {
            let w = pass.word(start);
            let followed_by_possessive =
                pass.word(start + 1).ends_with('s') && !pass.is(start + 1, WORD);
            if !mid_caps.contains(w) && !followed_by_possessive {
                i = end;
                continue;
            }
        }
        if let (Some(kind), Some(a), Some(b)) =
            (kind, pass.tokens.get(start), pass.tokens.get(end - 1))
        {
            let cand = Cand::new(
                a.start,
                b.end,
                kind,
                key_of(pass.span_text(start..end)),
                Origin::Rule,
            );
            pass.try_add(cand);
        }
        i = end;
    }
}

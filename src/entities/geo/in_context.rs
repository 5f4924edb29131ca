//! Places the model did not read, read from where they are written: "advanced on Marib",
//! "shelled Tel Kalakh", "the town of Shirqat", "retook al Qa'im", "Benghazi, Derna and
//! Sirte". A town of the conflict news that the model never saw in training is often left
//! out or taken for a person. A capitalised name that is a name of the place table (as
//! written or spelled otherwise, see [`super::variants`]), right after a word that places
//! what follows (a preposition of place, a verb of taking or striking, "the town of") or
//! listed beside a place, is proposed as a place here, before linking; it stays one only
//! when linking finds it supported by the document (its country, region or neighbours
//! named: [`keep_supported`]), so that a person or a word that merely shares a small
//! town's name is left as it was.
//!
//! A name shaped like a town of the Arabic-speaking world, several words with an Arabic
//! article or a town word ("Jisr al-Shughur", "Maarat al-Numan", "Tal Tamr"), is proposed
//! wherever it stands, cue or none ("Jisr al-Shughur was retaken"), under the same test of
//! support. So is an Arabic-script name of the table, with a conjunction or preposition
//! written onto it ("وحمص", "and Homs"; "بتلعفر", "in Tal Afar"), when it is not a common noun.
//!
//! Left alone: the user's own phrases, names the curated lists give another kind, common
//! words, first names, words in capitals, and persons and organisations except after the
//! strongest cues or in a town-shaped name.

use super::super::corrections::spelled;
use super::super::dictionary::EntityDictionary;
use super::super::fold::fold;
use super::super::gazetteer::Gazetteer;
use super::super::model::{Detail, EntityKind, Origin};
use super::super::pipeline::{Cand, Pass};
use super::super::tokens::{ALL_CAPS, CAP, LOWER, SPACE_BEFORE, WORD};
use super::table::{Class, Table};
use super::variants::Variants;

use std::collections::HashSet;

/// Words after which a capitalised name is a place ("in", "near"), and after which a name
/// the model read as a person is one too.
const STRONG_CUES: &[&str] = &[
    "in",
    "took",
    "entered",
    "entering",
    "around",
    "overran",
    "retaking",
    "recapturing",
    "storming",
    "besieging",
    "shelling",
    "surrounding",
    "near",
    "outside",
    "into",
    "inside",
    "captured",
    "recaptured",
    "retook",
    "seized",
    "shelled",
    "besieged",
    "bombed",
    "bombarded",
    "stormed",
    "liberated",
    "encircled",
];

/// Weaker cues: a place more often than not follows them, but a person may ("spoke to").
const CUES: &[&str] = &[
    "at",
    "from",
    "to",
    "towards",
    "toward",
    "across",
    "on",
    "struck",
    "hit",
    "attacked",
    "targeted",
    "reached",
    "surrounded",
    "via",
    "attacking",
    "bombing",
    "held",
    "fled",
];

/// Nouns after which "of" introduces a place: "the town of Shirqat", "the port of Mokha".
const PLACE_NOUNS: &[&str] = &[
    "town",
    "city",
    "village",
    "port",
    "province",
    "governorate",
    "district",
    "outskirts",
    "suburb",
    "suburbs",
    "countryside",
    "outskirt",
    "edge",
    "siege",
    "residents",
];

/// Words after a name that make it a building's or a facility's ("Heathrow airport",
/// "Craven Cottage stadium"): the name of the facility, not of a town.
const FACILITIES: &[&str] = &[
    "airport",
    "airbase",
    "base",
    "stadium",
    "university",
    "college",
    "hospital",
    "prison",
    "street",
    "road",
    "avenue",
    "square",
    "station",
    "park",
    "bridge",
    "dam",
    "camp",
    "hotel",
    "mosque",
    "church",
    "school",
    "mall",
    "market",
];

/// Arabic articles written lower case before a name: "retook al Qa'im", "al-Qaim".
const ARTICLES: &[&str] = &[
    "al", "el", "ar", "as", "ash", "ad", "an", "az", "at", "ath", "ez", "ed", "es", "er", "en",
];

/// First words of Arabic place names ("Tal Tamr", "Jisr al-Shughur", "Ras al-Ain"): a run of
/// capitalised words opening with one is shaped like a town.
const TOWN_WORDS: &[&str] = &[
    "tal", "tall", "tel", "tell", "ras", "deir", "dayr", "jisr", "maarat", "maarrat", "ma'arrat",
    "ain", "ayn", "kafr", "kfar", "khan", "qasr", "beit", "bayt", "jabal", "jebel", "wadi", "bir",
    "hisn", "qalaat", "qal'at", "tal'at", "marj", "nahr", "sheikh",
];

/// Letters Arabic writes onto the front of a word: "and", "so", "in/with", "to", "like".
const ARABIC_CLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// Of [`ARTICLES`], those that are no English word: a run opening with one of them is a name
/// with no cue before it ("al-Bab was taken").
const CLEAR_ARTICLES: &[&str] = &["al", "el", "ar", "ash", "ad", "az", "ath", "ez"];

/// Cues that are prepositions: a name the model read as an organisation after one stays
/// one ("in Congress"); after a verb of war or in a list of places it is a place.
const PREPOSITIONS: &[&str] = &["in", "into", "inside", "near", "outside", "around"];

/// Arabic common words that are also the Arabic name of a small town of the table (read here
/// with or without a clitic, so never as a place): the revolution, the hill, dignity, the
/// quarter, country, continent, behaviour, channels, ancient, seeing, evacuation, fairy.
const ARABIC_WORDS: &[&str] = &[
    "الثورة",
    "ثورة",
    "التل",
    "الكرامة",
    "الحي",
    "بلد",
    "قارة",
    "سلوك",
    "قنوات",
    "عريقة",
    "بصير",
    "الجلاء",
    "جنية",
];

/// A place proposed here: its candidate and the kind and key it had before (`None`: new).
pub struct Proposed {
    pub cand: usize,
    pub was: Option<(EntityKind, String)>,
}

/// How strongly the words before token `first` place it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cue {
    None,
    Weak,
    Strong,
    /// No cue, but a name shaped like a town (see [`town_shaped`]).
    Town,
}

/// Proposes the capitalised names after a place cue that the table knows as places.
pub fn propose(pass: &mut Pass, gazetteer: &Gazetteer, dict: &EntityDictionary) -> Vec<Proposed> {
    let mut spans: Vec<(usize, usize, Cue)> = Vec::new();
    // Arabic-script names: first token, end token, bytes of a clitic before the name.
    let mut arabic: Vec<(usize, usize, usize)> = Vec::new();
    // Where the places read so far end, for a name listed after one (a set, not a walk over
    // every candidate at each comma: that was quadratic on a long text). The names proposed
    // on the walk are added, so that "shelled Yabroud and Harasta" lists Harasta too.
    let mut place_ends: HashSet<usize> = pass
        .cands
        .iter()
        .filter(|c| !c.dead && c.kind == EntityKind::Loc)
        .map(|c| c.end)
        .collect();
    let mut i = 0;
    while i < pass.tokens.len() {
        if arabic_word(pass, i) {
            match arabic_span(pass, i) {
                Some((end, skip)) => {
                    arabic.push((i, end, skip));
                    i = end;
                }
                None => i += 1,
            }
            continue;
        }
        let cue = cue_before(pass, &place_ends, i);
        let Some(end) = span_at(pass, i) else {
            i += 1;
            continue;
        };
        // "at Thruxton", "as Aleppo": an English word that is also an article opens no name
        // unless a cue says so; the name after it is looked at on its own.
        if cue == Cue::None && pass.is(i, LOWER) && !CLEAR_ARTICLES.contains(&pass.word(i)) {
            i += 1;
            continue;
        }
        let cue = if cue == Cue::None && starts_run(pass, i) && town_shaped(pass, i, end) {
            Cue::Town
        } else {
            cue
        };
        if cue != Cue::None {
            spans.push((i, end, cue));
            if let Some(last) = pass.tokens.get(end - 1) {
                place_ends.insert(last.end);
            }
        }
        // The rest of the run is one name: no shorter name inside it is looked at.
        i = end;
    }
    if spans.is_empty() && arabic.is_empty() {
        return Vec::new();
    }
    let table = Table::shared();
    let lowered = written_in_lower_case(pass, &spans);
    let mut out = Vec::new();
    propose_arabic(pass, &arabic, &mut out);
    for (first, end, cue) in spans {
        // The whole run of capitalised words is the name: in a longer one ("Colchester
        // General Hospital") a town's name names something else.
        let last = end;
        if !known(pass, gazetteer, table, &lowered, first, last) {
            continue;
        }
        let (Some(a), Some(b)) = (pass.tokens.get(first), pass.tokens.get(last - 1)) else {
            continue;
        };
        if FACILITIES.contains(&pass.word(last).to_lowercase().as_str()) {
            continue;
        }
        let (start, stop) = (a.start, b.end);
        let written = pass.text.get(start..stop).unwrap_or("");
        if dict
            .phrases
            .iter()
            .any(|e| spelled(e.phrase.trim()) == spelled(written))
        {
            continue;
        }
        let after_preposition = first
            .checked_sub(1)
            .is_some_and(|p| PREPOSITIONS.contains(&pass.word(p)));
        let owner = pass.owner_index(first);
        match owner {
            None if (first..last).all(|t| pass.is_free(t)) => {
                let cand = Cand::new(
                    start,
                    stop,
                    EntityKind::Loc,
                    written.to_owned(),
                    Origin::Rule,
                );
                if pass.try_add_over(first..last, cand) {
                    out.push(Proposed {
                        cand: pass.cands.len() - 1,
                        was: None,
                    });
                }
            }
            Some(c) if cue >= Cue::Strong => {
                let Some(cand) = pass.cands.get_mut(c) else {
                    continue;
                };
                // A person the model read over exactly these words, without a title, or an
                // organisation after a verb of war or in a list of places.
                let org = cand.kind == EntityKind::Org && !after_preposition;
                if cand.dead
                    || !(cand.kind == EntityKind::Person || org)
                    || cand.origin != Origin::Model
                    || cand.detail.is_some()
                    || (cand.start, cand.end) != (start, stop)
                {
                    continue;
                }
                let was = cand.kind;
                cand.kind = EntityKind::Loc;
                out.push(Proposed {
                    cand: c,
                    was: Some((was, cand.key.clone())),
                });
            }
            _ => {}
        }
    }
    out
}

/// After linking: a proposed place that the document does not support is what it was; one
/// it supports is the place wherever else the text writes the name alone (a person the
/// model read there included).
pub fn keep_supported(pass: &mut Pass, proposed: &[Proposed]) {
    let mut kept: Vec<usize> = Vec::new();
    for p in proposed {
        let Some(cand) = pass.cands.get(p.cand) else {
            continue;
        };
        let supported = match cand.detail.as_deref() {
            Some(Detail::Place(link)) => {
                link.reason.starts_with("the document names")
                    || link.reason.starts_with("the text says")
            }
            _ => false,
        };
        if supported {
            kept.push(p.cand);
            continue;
        }
        match &p.was {
            None => pass.remove(p.cand),
            Some((kind, key)) => {
                if let Some(cand) = pass.cands.get_mut(p.cand) {
                    cand.kind = *kind;
                    cand.key.clone_from(key);
                    cand.detail = None;
                }
            }
        }
    }
    repeat(pass, &kept);
}

/// Every other mention of a kept place's name, written alone, is the place: a free run of
/// the same words, or a person the model read over exactly them. One walk over the tokens.
fn repeat(pass: &mut Pass, kept: &[usize]) {
    use std::collections::HashMap;
    // First word -> (words, text, key, detail).
    type Name = (usize, String, String, Option<Box<Detail>>);
    let mut by_first: HashMap<&str, Vec<Name>> = HashMap::new();
    // Where the kept mentions begin: each is the place already. A name kept many times is
    // looked for once (the first kept mention's key and detail), so the walk stays linear.
    let mut kept_at: HashSet<usize> = HashSet::new();
    for &c in kept {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        let range = cand.tokens();
        kept_at.insert(range.start);
        let Some(written) = pass.text.get(cand.start..cand.end) else {
            continue;
        };
        let names = by_first.entry(pass.word(range.start)).or_default();
        if names.iter().any(|name| name.1 == written) {
            continue;
        }
        names.push((
            range.len(),
            written.to_owned(),
            cand.key.clone(),
            cand.detail.clone(),
        ));
    }
    // A capitalised word one space away: the run is part of a longer name.
    let joined = |a: usize, b: usize| {
        let (Some(x), Some(y)) = (pass.tokens.get(a), pass.tokens.get(b)) else {
            return false;
        };
        pass.text.get(x.end..y.start) == Some(" ")
    };
    let mut found: Vec<(std::ops::Range<usize>, String, Option<Box<Detail>>)> = Vec::new();
    for i in 0..pass.tokens.len() {
        let Some(names) = by_first.get(pass.word(i)) else {
            continue;
        };
        for (n, written, key, detail) in names {
            let range = i..i + n;
            if kept_at.contains(&i) || pass.span_text(range.clone()) != written {
                continue;
            }
            let before = i
                .checked_sub(1)
                .is_some_and(|k| pass.is(k, CAP) && joined(k, i));
            let after = pass.is(i + n, CAP) && joined(i + n - 1, i + n);
            if !before && !after {
                found.push((range, key.clone(), detail.clone()));
            }
        }
    }
    for (range, key, detail) in found {
        let (Some(a), Some(b)) = (
            pass.tokens.get(range.start),
            pass.tokens.get(range.end.saturating_sub(1)),
        ) else {
            continue;
        };
        let (start, end) = (a.start, b.end);
        if range.clone().all(|t| pass.is_free(t)) {
            let mut cand = Cand::new(start, end, EntityKind::Loc, key, Origin::Rule);
            cand.detail = detail;
            pass.try_add_over(range, cand);
        } else if let Some(o) = pass.owner_index(range.start)
            && let Some(other) = pass.cands.get_mut(o)
            && !other.dead
            && other.kind == EntityKind::Person
            && other.origin == Origin::Model
            && other.detail.is_none()
            && (other.start, other.end) == (start, end)
        {
            other.kind = EntityKind::Loc;
            other.key = key;
            other.detail = detail;
        }
    }
}

/// The cue before token `i` (one space between).
fn cue_before(pass: &Pass, place_ends: &HashSet<usize>, i: usize) -> Cue {
    let Some(token) = pass.tokens.get(i) else {
        return Cue::None;
    };
    if !token.is(SPACE_BEFORE) {
        return Cue::None;
    }
    let Some(prev) = i.checked_sub(1).and_then(|p| pass.tokens.get(p)) else {
        return Cue::None;
    };
    let gap = pass.text.get(prev.end..token.start).unwrap_or("");
    let word = pass.word(i - 1);
    if gap == " " && prev.is(LOWER) {
        if STRONG_CUES.contains(&word) {
            return Cue::Strong;
        }
        if word == "of" && i >= 2 && PLACE_NOUNS.contains(&pass.word(i - 2)) {
            return Cue::Strong;
        }
        if CUES.contains(&word) {
            return Cue::Weak;
        }
    }
    // Listed after a place: "Benghazi, Derna", "Sirte and Derna".
    let listed = |end: usize| place_ends.contains(&end);
    match (gap, word) {
        (" ", "and") => {
            let listed_before = i
                .checked_sub(2)
                .and_then(|p| pass.tokens.get(p))
                .filter(|t| pass.text.get(t.end..prev.start) == Some(" "))
                .is_some_and(|t| listed(t.end));
            if listed_before {
                Cue::Strong
            } else {
                Cue::None
            }
        }
        (" ", ",") if prev.start > 0 && listed(prev.start) => Cue::Strong,
        _ => Cue::None,
    }
}

/// The end (exclusive token index) of the capitalised name starting at token `i`, with an
/// Arabic article written before it or inside it ("al Qa'im", "Ras al-Ayn", "Tel Kalakh").
fn span_at(pass: &Pass, i: usize) -> Option<usize> {
    let capital = |k: usize| pass.is(k, WORD) && pass.is(k, CAP) && !pass.is(k, ALL_CAPS);
    let article = |k: usize| pass.is(k, LOWER) && ARTICLES.contains(&pass.word(k));
    // The tokens from `k` on joined by a hyphen or one space.
    let joined = |k: usize| -> Option<usize> {
        let a = pass.tokens.get(k)?;
        let b = pass.tokens.get(k + 1)?;
        match pass.text.get(a.end..b.start)? {
            "" if pass.word(k + 1) == "-" => {
                let c = pass.tokens.get(k + 2)?;
                (c.start == b.end).then_some(k + 2)
            }
            " " => Some(k + 1),
            _ => None,
        }
    };
    let mut k = i;
    if article(k) {
        k = joined(k)?;
    }
    if !capital(k) {
        return None;
    }
    let mut end = k + 1;
    for _ in 0..4 {
        let Some(next) = joined(end - 1) else { break };
        if capital(next) {
            end = next + 1;
        } else if article(next)
            && let Some(after) = joined(next)
            && capital(after)
        {
            end = after + 1;
        } else {
            break;
        }
    }
    Some(end)
}

/// Token `i` opens its run of words: the word before it is no capitalised word or article
/// joined to it by a space or a hyphen ("Abu Bakr al-Baghdadi" is looked at from "Abu" only).
fn starts_run(pass: &Pass, i: usize) -> bool {
    let Some(prev) = i.checked_sub(1) else {
        return true;
    };
    let (Some(a), Some(b)) = (pass.tokens.get(prev), pass.tokens.get(i)) else {
        return true;
    };
    let gap = pass.text.get(a.end..b.start).unwrap_or("");
    let word = pass.word(prev);
    !(matches!(gap, " " | "") && (pass.is(prev, CAP) || word == "-" || ARTICLES.contains(&word)))
}

/// Tokens `first..end` are shaped like a town of the Arabic-speaking world: more than one
/// word, with an Arabic article ("Jisr al-Shughur", "Al-Shaddadi") or opening with a town
/// word ("Tal Tamr", "Ras al-Ain").
fn town_shaped(pass: &Pass, first: usize, end: usize) -> bool {
    if end < first + 2 {
        return false;
    }
    let lower = |k: usize| pass.word(k).to_lowercase();
    TOWN_WORDS.contains(&lower(first).as_str())
        || (first..end).any(|k| ARTICLES.contains(&lower(k).as_str()) && k + 1 < end)
}

/// Token `i` is a word in Arabic script.
fn arabic_word(pass: &Pass, i: usize) -> bool {
    pass.is(i, WORD)
        && pass
            .word(i)
            .chars()
            .next()
            .is_some_and(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// The longest run of up to three Arabic words from token `i` (joined by one space) that is
/// a name of the table, as written or after a clitic ("وحمص"): its end token and the bytes
/// of the clitic. Only free tokens, but for a place the recogniser read inside a longer name
/// of the table: the whole name is matched before its parts ("بنت جبيل", Bint Jbeil, is not
/// "جبيل", Byblos).
fn arabic_span(pass: &Pass, i: usize) -> Option<(usize, usize)> {
    let table = Table::shared();
    let first = pass.tokens.get(i)?;
    let mut last = i;
    let mut ends = vec![i + 1];
    while ends.len() < 3 {
        let (Some(a), Some(b)) = (pass.tokens.get(last), pass.tokens.get(last + 1)) else {
            break;
        };
        if pass.text.get(a.end..b.start) != Some(" ") || !arabic_word(pass, last + 1) {
            break;
        }
        last += 1;
        ends.push(last + 1);
    }
    let word = pass.word(i);
    let mut skips = vec![0];
    let mut chars = word.char_indices();
    if let Some((_, c)) = chars.next()
        && ARABIC_CLITICS.contains(&c)
        && let Some((one, c2)) = chars.next()
    {
        skips.push(one);
        // "وب", "فل": a conjunction, then a preposition.
        if matches!(c, 'و' | 'ف')
            && ARABIC_CLITICS.contains(&c2)
            && let Some((two, _)) = chars.next()
        {
            skips.push(two);
        }
    }
    for &end in ends.iter().rev() {
        if !(i..end).all(|t| pass.is_free(t) || (end > i + 1 && part_of_a_name(pass, t, i..end))) {
            continue;
        }
        let stop = pass.tokens.get(end - 1)?.end;
        for &skip in &skips {
            let Some(name) = pass.text.get(first.start + skip..stop) else {
                continue;
            };
            // At least three letters left, not a common noun, a place of the table; a short
            // word only where the words around it place it ("صور": pictures, and Tyre).
            if name.chars().count() < 3
                || super::not_places::ARABIC_COMMON.contains(&name)
                || ARABIC_WORDS.contains(&name)
                || (end == i + 1
                    && super::not_places::short_arabic_word(word, name)
                    && !super::not_places::arabic_word_placed(pass, i))
            {
                continue;
            }
            if table
                .named(&fold(name))
                .iter()
                .filter_map(|&e| table.entry(e))
                .any(|e| e.class != Class::Site)
            {
                return Some((end, skip));
            }
        }
    }
    None
}

/// Token `t` is owned by a place the recogniser read, not the user, not yet linked, that
/// lies within tokens `range`: a part of the longer name `range`.
fn part_of_a_name(pass: &Pass, t: usize, range: std::ops::Range<usize>) -> bool {
    pass.owner(t).is_some_and(|c| {
        let tokens = c.tokens();
        c.kind == EntityKind::Loc
            && c.origin != Origin::User
            && c.detail.is_none()
            && range.start <= tokens.start
            && tokens.end <= range.end
    })
}

/// Proposes the Arabic-script names found on the walk (a clitic left out of the mention).
fn propose_arabic(pass: &mut Pass, arabic: &[(usize, usize, usize)], out: &mut Vec<Proposed>) {
    for &(first, end, skip) in arabic {
        // The parts of a longer name give way to it.
        let parts: Vec<usize> = (first..end)
            .filter(|&t| part_of_a_name(pass, t, first..end))
            .filter_map(|t| pass.owner_index(t))
            .collect();
        for c in parts {
            pass.remove(c);
        }
        let (Some(a), Some(b)) = (pass.tokens.get(first), pass.tokens.get(end - 1)) else {
            continue;
        };
        let (start, stop) = (a.start + skip, b.end);
        let Some(name) = pass.text.get(start..stop) else {
            continue;
        };
        let cand = Cand::new(start, stop, EntityKind::Loc, name.to_owned(), Origin::Rule);
        if pass.try_add_over(first..end, cand) {
            out.push(Proposed {
                cand: pass.cands.len() - 1,
                was: None,
            });
        }
    }
}

/// Tokens `first..end` are a name of the table (as written or spelled otherwise), and not
/// a common word, a first name or a name the curated lists give another kind.
fn known(
    pass: &Pass,
    gazetteer: &Gazetteer,
    table: &Table,
    lowered: &HashSet<String>,
    first: usize,
    end: usize,
) -> bool {
    let (Some(a), Some(b)) = (
        pass.tokens.get(first),
        end.checked_sub(1).and_then(|l| pass.tokens.get(l)),
    ) else {
        return false;
    };
    let written = pass.text.get(a.start..b.end).unwrap_or("");
    let folded = fold(written);
    if written.chars().filter(|c| c.is_alphabetic()).count() < 3
        || gazetteer.is_stopword(&folded)
        || (end - first == 1 && (gazetteer.is_first_name(&folded) || lowered.contains(&folded)))
    {
        return false;
    }
    // The curated lists name it otherwise ("Assad", a person; "Hezbollah", a group).
    let at = pass.hits.partition_point(|h| h.start < a.start);
    let other_kind = pass
        .hits
        .get(at)
        .filter(|h| h.start == a.start && h.end == b.end)
        .and_then(|h| gazetteer.pattern(h.pattern)?.entity)
        .is_some_and(|(kind, _, _)| kind != EntityKind::Loc);
    !other_kind
        && (!table.named(&folded).is_empty() || !Variants::shared().spelled_as(&folded).is_empty())
}

/// Of the one-word names proposed, those the text also writes in lower case somewhere: a
/// common word ("progress", "independence"), not a name. One walk over the tokens for all
/// of them (a walk per name was quadratic on a long text).
fn written_in_lower_case(pass: &Pass, spans: &[(usize, usize, Cue)]) -> HashSet<String> {
    let singles: HashSet<String> = spans
        .iter()
        .filter(|(first, end, _)| end - first == 1)
        .filter_map(|(first, _, _)| pass.tokens.get(*first))
        .map(|t| fold(t.text(pass.text)))
        .collect();
    if singles.is_empty() {
        return HashSet::new();
    }
    pass.tokens
        .iter()
        .filter(|t| t.is(LOWER))
        .map(|t| t.text(pass.text))
        .filter(|w| singles.contains(*w))
        .map(str::to_owned)
        .collect()
}

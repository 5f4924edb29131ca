//! The corpus's other places as a weak prior. A name the document gives nothing to decide on
//! ("the largest of 3 places of that name; nothing in the document says which") is read
//! again once the whole corpus is recognised: a candidate in a country that the rest of the
//! corpus names often (in at least a fifth of the other documents, and two at least) gets a
//! small bonus, its share of those documents times less than anything a document says (a
//! tenfold population), and the reason says so ("one of 3
//! places of that name; nothing in the document says which; the rest of the corpus names
//! Syria often (12 of 40 other documents)").
//!
//! Deterministic and independent of the order documents come in: a country's count is the
//! number of documents that name it with support (a country's name, a town the document
//! places, a qualifier, a nationality, a link by the user), a sum; the readings this prior
//! makes are no support, so they never count, and applying it again to its own output
//! changes nothing (the window keeps the result as the next run's earlier results, and the
//! mention cache stores it).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use super::resolve::{LARGEST, ONE, UNSUPPORTED, prior};
use super::table::{Entry, Table};
use super::{qualified_key, unqualified_key};
use crate::entities::corrections::place_rules_for;
use crate::entities::dictionary::EntityDictionary;
use crate::entities::model::{Detail, EntityKind, Mention, Origin, PlaceLink};

/// The bonus of a candidate in a country every other document names, in the units of
/// `resolve`'s scores (a tenfold population is 1.0): less than the least a document's own
/// places give (one implied town, 1.5). A country fewer documents name gets its share of it:
/// a corpus about one country leans to it, a collection of unrelated news hardly.
const CORPUS_PRIOR: f64 = 1.0;
/// "Often": in at least one in this many of the other documents ...
const OFTEN_ONE_IN: usize = 5;
/// ... and in at least this many.
const OFTEN_AT_LEAST: usize = 2;
/// How the reason says it.
const CORPUS_SAYS: &str = "; the rest of the corpus names ";

/// Reads again, with the corpus's other places, the places of `documents` (whose texts are
/// `texts`, in the same order) that their own document does not decide; a changed document
/// gets a new list. The user's dictionary wins: a reading whose name the user linked
/// otherwise is not made, a mention a rule for its entry decided (a rename) is not read
/// again, and the rules made for the entry read now act on it as they act on a document's
/// own readings ("not an entity" on Birmingham, Alabama removes the Birmingham the corpus
/// reads as Alabama's).
pub fn apply(
    documents: &mut [(String, Arc<Vec<Mention>>)],
    texts: &[&str],
    dict: &EntityDictionary,
) {
    if documents.len() < 2 || !documents.iter().any(|(_, m)| m.iter().any(undecided)) {
        return;
    }
    let named: Vec<BTreeSet<&str>> = documents
        .iter()
        .map(|(_, mentions)| countries_named(mentions))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for country in named.iter().flatten() {
        *counts.entry(country).or_default() += 1;
    }
    let others = documents.len() - 1;
    let table = Table::shared();
    let mut changed: Vec<(usize, Vec<Mention>)> = Vec::new();
    for (d, (_, mentions)) in documents.iter().enumerate() {
        // How many of the other documents name the country, if that is often.
        let often = |cc: &str| {
            let n = counts.get(cc).copied().unwrap_or(0) - usize::from(named[d].contains(cc));
            (n >= OFTEN_AT_LEAST && n * OFTEN_ONE_IN >= others).then_some(n)
        };
        // Without its text a mention cannot meet the rules spelled as it: it is read again
        // only when no rule is for one entry.
        let text = texts.get(d).copied();
        if text.is_none() && dict.has_place_scoped() {
            continue;
        }
        let mut list: Option<Vec<Option<Mention>>> = None;
        for (i, m) in mentions.iter().enumerate() {
            let written = text.map_or_else(String::new, |t| chars(t, m.start, m.end));
            let Some(again) = read_again(table, m, &often, others, dict, &written) else {
                continue;
            };
            if again.as_ref() != Some(m) {
                let list = list.get_or_insert_with(|| mentions.iter().cloned().map(Some).collect());
                if let Some(slot) = list.get_mut(i) {
                    *slot = again;
                }
            }
        }
        if let Some(list) = list {
            changed.push((d, list.into_iter().flatten().collect()));
        }
    }
    for (d, list) in changed {
        if let Some((_, mentions)) = documents.get_mut(d) {
            *mentions = Arc::new(list);
        }
    }
}

/// Chars `start..end` of `text`.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// A place whose document gave nothing to decide which of its candidates it is.
fn undecided(m: &Mention) -> bool {
    m.kind == EntityKind::Loc
        && m.place()
            .is_some_and(|p| !p.alternatives.is_empty() && p.reason.contains(UNSUPPORTED))
}

/// The countries a document names with support: its places and nationalities linked for a
/// reason of the document's own.
fn countries_named(mentions: &[Mention]) -> BTreeSet<&str> {
    mentions
        .iter()
        .filter(|m| matches!(m.kind, EntityKind::Loc | EntityKind::Norp) && !undecided(m))
        .filter_map(|m| m.place())
        .map(|p| p.country.as_str())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Mention `m`, written `written`, read with the corpus's countries, then corrected by the
/// user's rules for the entry read (`Some(None)`: a rule removes it; `None`: not a place
/// its document left undecided, one a rule of the user's decided, or a candidate is missing
/// from the table). `often` gives how many of the `others` documents name a country often.
fn read_again(
    table: &Table,
    m: &Mention,
    often: &dyn Fn(&str) -> Option<usize>,
    others: usize,
    dict: &EntityDictionary,
    written: &str,
) -> Option<Option<Mention>> {
    if !undecided(m) {
        return None;
    }
    let link = m.place()?;
    if place_rules_for(dict, written, m.kind, link.geonameid).is_some() {
        return None;
    }
    let now = table.by_id(link.geonameid)?;
    let mut candidates: Vec<&Entry> = std::iter::once(link.geonameid)
        .chain(link.alternatives.iter().copied())
        .map(|id| table.by_id(id))
        .collect::<Option<_>>()?;
    // Most likely first, by kind and population, ties by id: the order the document's own
    // reading had, whatever this prior made of it before.
    let likelihood = |e: &Entry| {
        table
            .index_of(e.geonameid)
            .map_or(f64::MIN, |i| prior(table, i))
    };
    candidates.sort_by(|a, b| {
        likelihood(b)
            .total_cmp(&likelihood(a))
            .then(a.geonameid.cmp(&b.geonameid))
    });
    let largest = *candidates.first()?;
    let bonus = |e: &Entry| {
        often(e.country_code()).map_or(0.0, |n| CORPUS_PRIOR * n as f64 / others as f64)
    };
    // The first of the best: a later candidate must be strictly better to win.
    let mut pick = largest;
    for &e in &candidates {
        if likelihood(e) + bonus(e) > likelihood(pick) + bonus(pick) {
            pick = e;
        }
    }
    let name = unqualified_key(table, &m.key, now);
    let key = if pick == largest {
        name.to_owned()
    } else {
        qualified_key(table, name, pick)
    };
    if pick != largest && dict.place(&key).is_some() {
        return None;
    }
    let own = link.reason.split(CORPUS_SAYS).next().unwrap_or("");
    let rest = own
        .strip_prefix(LARGEST)
        .or_else(|| own.strip_prefix(ONE))
        .unwrap_or(own);
    let reason = match (pick == largest, table.country_of(pick)) {
        (true, _) => format!("{LARGEST}{rest}"),
        (false, country) => format!(
            "{ONE}{rest}{CORPUS_SAYS}{} often ({} of {others} other documents)",
            country.map_or(pick.country_code(), |c| &c.name),
            often(pick.country_code()).unwrap_or(0),
        ),
    };
    let mut again = m.clone();
    again.key = key;
    let ruled = place_rules_for(dict, written, m.kind, pick.geonameid);
    again.detail = Some(Box::new(Detail::Place(PlaceLink {
        geonameid: pick.geonameid,
        lat_e5: pick.lat_e5,
        lon_e5: pick.lon_e5,
        country: pick.country_code().to_owned(),
        reason,
        alternatives: candidates
            .iter()
            .filter(|e| **e != pick)
            .map(|e| e.geonameid)
            .collect(),
    })));
    match ruled {
        None => {}
        Some(None) => return Some(None),
        Some(Some((kind, key))) => {
            if let Some(key) = key {
                again.key = key.to_owned();
            }
            if kind != again.kind {
                again.kind = kind;
                again.origin = Origin::User;
                again.detail = None;
            }
        }
    }
    Some(Some(again))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{PhraseRule, Recognizer};

    type Docs = Vec<(String, Arc<Vec<Mention>>)>;

    fn corpus_with(texts: &[&str], dict: &EntityDictionary) -> Docs {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let found = Recognizer::shared().recognize_with(t, dict);
                (format!("{i}.txt"), Arc::new(found))
            })
            .collect()
    }

    fn corpus(texts: &[&str]) -> Docs {
        corpus_with(texts, &EntityDictionary::default())
    }

    fn birmingham<'a>(docs: &'a [(String, Arc<Vec<Mention>>)], path: &str) -> Option<&'a Mention> {
        let (_, mentions) = docs.iter().find(|(p, _)| p == path)?;
        mentions.iter().find(|m| m.key.starts_with("Birmingham"))
    }

    fn place_named<'a>(docs: &'a [(String, Arc<Vec<Mention>>)], path: &str) -> &'a Mention {
        birmingham(docs, path).expect("Birmingham")
    }

    const TEXAS: [&str; 3] = [
        "The storm hit Dallas and Houston, Texas, on Sunday.",
        "Floods in Austin, Texas, closed the schools.",
        "Officials in San Antonio, Texas, said the roads were open.",
    ];
    /// Nothing in it says which Birmingham: England's (984,000 people) or Alabama's
    /// (212,000).
    const BIRMINGHAM: &str = "The council of Birmingham met on Monday.";
    const FOUR: [&str; 4] = [TEXAS[0], TEXAS[1], TEXAS[2], BIRMINGHAM];

    #[test]
    fn a_name_the_document_leaves_undecided_takes_the_country_the_corpus_names() {
        let dict = EntityDictionary::default();
        let mut docs = corpus(&FOUR);
        let alone = place_named(&docs, "3.txt").clone();
        assert_eq!(alone.place().map(|p| p.country.as_str()), Some("GB"));
        apply(&mut docs, &FOUR, &dict);
        let read = place_named(&docs, "3.txt");
        let link = read.place().expect("linked");
        assert_eq!(link.country, "US", "{link:?}");
        assert_eq!(read.key, "Birmingham, Alabama");
        assert!(
            link.reason.ends_with(
                "; the rest of the corpus names United States often (3 of 3 other documents)"
            ),
            "{}",
            link.reason
        );
        // England's is among the other candidates.
        let england = alone.place().map(|p| p.geonameid).expect("England");
        assert!(link.alternatives.contains(&england));
        // Applying it again to its own output changes nothing.
        let once = docs.clone();
        apply(&mut docs, &FOUR, &dict);
        assert_eq!(docs, once);
    }

    #[test]
    fn the_order_of_the_documents_does_not_matter() {
        let dict = EntityDictionary::default();
        let mut forward = corpus(&FOUR);
        let mut backward: Vec<_> = forward.iter().rev().cloned().collect();
        let mut texts = FOUR;
        texts.reverse();
        apply(&mut forward, &FOUR, &dict);
        apply(&mut backward, &texts, &dict);
        backward.reverse();
        assert_eq!(forward, backward);
    }

    #[test]
    fn what_the_document_says_and_what_the_user_linked_win() {
        let dict = EntityDictionary::default();
        // Where, written in the document: decided there.
        let england = "The council of Birmingham, England, met on Monday.";
        let texts = [TEXAS[0], TEXAS[1], TEXAS[2], england];
        let mut docs = corpus(&texts);
        let before = docs.clone();
        apply(&mut docs, &texts, &dict);
        assert_eq!(docs, before);
        // The user linked "Birmingham, Alabama" to no place: the corpus does not make it so.
        let mut dict = EntityDictionary::default();
        dict.set_place("Birmingham, Alabama", None);
        let mut docs = corpus(&FOUR);
        apply(&mut docs, &FOUR, &dict);
        let read = place_named(&docs, "3.txt");
        assert_eq!(read.place().map(|p| p.country.as_str()), Some("GB"));
        // A corpus that does not name a country often changes nothing.
        let texts = [
            TEXAS[0],
            BIRMINGHAM,
            "Rain fell.",
            "Snow fell.",
            "Hail fell.",
        ];
        let mut docs = corpus(&texts);
        let before = docs.clone();
        apply(&mut docs, &texts, &dict);
        assert_eq!(docs, before);
    }

    #[test]
    fn the_rules_for_the_entry_the_corpus_reads_act_on_it_and_a_rule_for_the_first_reading_stands()
    {
        let none = EntityDictionary::default();
        let mut docs = corpus(&FOUR);
        let england = place_named(&docs, "3.txt").place().map(|p| p.geonameid);
        apply(&mut docs, &FOUR, &none);
        let alabama = place_named(&docs, "3.txt").place().map(|p| p.geonameid);
        assert_ne!(alabama, england);
        let loc = Some(EntityKind::Loc);
        // "Not an entity" on the Birmingham the index showed (Alabama's, read by the prior).
        let mut never = EntityDictionary::default();
        never.set_rule_at("Birmingham", loc, alabama, PhraseRule::Never);
        let mut docs = corpus_with(&FOUR, &never);
        assert!(
            birmingham(&docs, "3.txt").is_some(),
            "England's until the prior"
        );
        apply(&mut docs, &FOUR, &never);
        assert!(birmingham(&docs, "3.txt").is_none(), "{docs:?}");
        // Renamed as Alabama's: the prior's reading takes the name.
        let mut renamed = EntityDictionary::default();
        renamed.set_alias_at("Birmingham", loc, alabama, "Magic City");
        let mut docs = corpus_with(&FOUR, &renamed);
        apply(&mut docs, &FOUR, &renamed);
        let (_, mentions) = &docs[3];
        let read = mentions
            .iter()
            .find(|m| m.key == "Magic City")
            .expect("renamed");
        assert_eq!(read.place().map(|p| p.geonameid), alabama);
        // A rename of England's (what the document read) is the user's word: not read
        // again.
        let mut mine = EntityDictionary::default();
        mine.set_alias_at("Birmingham", loc, england, "Brum");
        let mut docs = corpus_with(&FOUR, &mine);
        apply(&mut docs, &FOUR, &mine);
        let (_, mentions) = &docs[3];
        let read = mentions.iter().find(|m| m.key == "Brum").expect("kept");
        assert_eq!(read.place().map(|p| p.geonameid), england);
    }
}

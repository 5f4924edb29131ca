//! Possible conflicts between dated statements: statements that date the same one-time
//! event (the same kind, "fall", "death"..., happening to the same person, place or
//! organisation, as [`super::events`] reads it from the sentence, or [`super::coref`]
//! from the sentences before for "the city" or "he") to dates that cannot both hold. A
//! heuristic over words, said as such in the window ("possible conflict"); each group
//! says why it was flagged, the user can dismiss it, and the project remembers.
//!
//! The motivating case: the seed article dates the end of the Assad family's rule to
//! "December 2014"; other sources say the Assad government fell on 8 December 2024.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::event_words::ONCE_KINDS;
use super::events::Happening;
use super::surnames::SurnameLinks;
use super::timeline::Statement;
use crate::entities::{EntityId, EntityKind};

/// Statements (indices into the list given to [`find`]) that date one event differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Stable name of the group, kept in the project when the user dismisses it: the kind
    /// of event and the id of the entity it happened to (`fall|LOC:Mosul`).
    pub key: String,
    /// The kind of event ("fall").
    pub event: &'static str,
    /// The entity it happened to.
    #[serde(skip)]
    pub subject: EntityId,
    /// How the statements write the subject: a dismissal made before the entity was
    /// renamed still applies.
    #[serde(skip)]
    pub written: Vec<String>,
    /// The statements, earliest date first.
    #[serde(skip)]
    pub statements: Vec<usize>,
    /// Two of the statements whose dates cannot both hold, earlier first: why the group
    /// is flagged.
    #[serde(skip)]
    pub pair: (usize, usize),
    /// How the pair's statements name the subject where they do not name it ("in b.md,
    /// “the city” is Kabul, named in the sentence before"): part of why.
    #[serde(skip)]
    pub found: Vec<String>,
}

impl Conflict {
    /// What the group is about: "fall of Mosul".
    pub fn title(&self) -> String {
        format!("{} of {}", self.event, self.subject.key)
    }

    /// Why the group is flagged: the event, its subject and two dates that cannot both
    /// hold, with where they are written.
    pub fn reason(&self, statements: &[Statement]) -> String {
        let said = |i: usize| {
            statements.get(i).map_or_else(String::new, |s| {
                format!(
                    "{} ({})",
                    s.value.as_deref().unwrap_or(&s.date_text),
                    s.path
                )
            })
        };
        let mut why = format!(
            "{}: dated {} and {}, which share no day",
            self.title(),
            said(self.pair.0),
            said(self.pair.1)
        );
        for found in &self.found {
            why.push_str("; ");
            why.push_str(found);
        }
        why
    }

    /// The entry of `dismissed` that dismisses this group, if any: its key, a key naming
    /// the subject as a statement writes it (the entity renamed since), or a key written
    /// by an earlier Dossier ("fall: Bashar al-Assad, Damascus").
    pub fn dismissed_by<'a>(&self, dismissed: &'a BTreeSet<String>) -> Option<&'a String> {
        if let Some(key) = dismissed.get(&self.key) {
            return Some(key);
        }
        // By name: the kind in a key is the recogniser's, which short documents sway.
        let names_subject = |name: &str| {
            name.eq_ignore_ascii_case(&self.subject.key)
                || self.written.iter().any(|w| w.eq_ignore_ascii_case(name))
        };
        dismissed.iter().find(|key| match key.split_once('|') {
            Some((event, id)) => {
                event == self.event
                    && id
                        .split_once(':')
                        .is_some_and(|(_, name)| names_subject(name))
            }
            None => key.split_once(": ").is_some_and(|(event, names)| {
                legacy_event(event) == self.event
                    && (names_subject(names) || names.split(", ").any(names_subject))
            }),
        })
    }
}

/// The name an earlier Dossier gave a kind of event in a dismissed key.
fn legacy_event(event: &str) -> &str {
    match event {
        "founded" => "founding",
        "took power" => "taking power",
        "liberated" => "liberation",
        other => other,
    }
}

/// The key of the group about `event` happening to `subject`.
pub fn key_of(event: &str, subject: &EntityId) -> String {
    format!("{event}|{}:{}", subject.kind.label(), subject.key)
}

/// The dismissals of `dismissed` naming the entity `from`, each with the key that names it
/// once it is `to` (renamed, or of another kind): (old key, new key). A dismissal is of the
/// events of an entity, by its id: a correction of the id moves it, so that the group stays
/// dismissed and "Flag again" has one key to remove.
pub fn keys_carried_over(
    dismissed: &BTreeSet<String>,
    from: &EntityId,
    to: &EntityId,
) -> Vec<(String, String)> {
    dismissed
        .iter()
        .filter_map(|key| {
            let (event, id) = key.split_once('|')?;
            let (kind, name) = id.split_once(':')?;
            (kind == from.kind.label() && name.eq_ignore_ascii_case(&from.key))
                .then(|| (key.clone(), key_of(event, to)))
        })
        .filter(|(old, new)| old != new)
        .collect()
}

/// A statement of a group: its index, its happening and the subject it is grouped under.
type Member<'a> = (usize, &'a Happening, &'a EntityId);

/// Groups of statements about the same one-time event whose dates cannot all hold (at
/// least two of them, from different sentences, share no day), most statements first.
/// Linear in the statements but for the sort; a group's pair is found in one pass.
pub fn find(statements: &[Statement]) -> Vec<Conflict> {
    // By kind of event and the subject's name: the recogniser may call one organisation a
    // person in one short document and an organisation in the next.
    // "Prigozhin" in one document is the "Yevgeny Prigozhin" of another.
    let surnames = SurnameLinks::from_statements(statements);
    let mut by_event: BTreeMap<(&'static str, String), Vec<Member>> = BTreeMap::new();
    for (i, s) in statements.iter().enumerate() {
        // A date resolved against a file's copy date says nothing about the event.
        if s.from_file_date || s.interval.is_none() {
            continue;
        }
        // "Mosul and Raqqa fell": one statement about two events.
        for h in &s.happenings {
            let of_a_person = ONCE_KINDS
                .iter()
                .any(|k| k.name == h.kind && k.usual == EntityKind::Person);
            let subject = surnames.resolve(&h.subject, of_a_person);
            let name = super::ambiguous::group_name(&surnames, subject, of_a_person, &s.path);
            let members = by_event.entry((h.kind, name)).or_default();
            if members.last().is_none_or(|&(j, _, _)| j != i) {
                members.push((i, h, subject));
            }
        }
    }
    let mut out: Vec<Conflict> = by_event
        .into_iter()
        .filter_map(|((event, _), mut found)| {
            found.sort_by_key(|&(i, _, _)| statements[i].interval);
            let members: Vec<usize> = found.iter().map(|&(i, _, _)| i).collect();
            let pair = disagreeing_pair(statements, &members)?;
            let subject = most_common(found.iter().map(|&(_, _, id)| id))?.clone();
            let written: BTreeSet<String> =
                found.iter().map(|(_, h, _)| h.written.clone()).collect();
            let how: Vec<String> = [pair.0, pair.1]
                .iter()
                .filter_map(|&i| {
                    let (_, h, _) = found.iter().find(|&&(j, _, _)| j == i)?;
                    let how = h.found.as_deref()?;
                    Some(format!("in {}, {how}", statements[i].path))
                })
                .collect();
            Some(Conflict {
                key: key_of(event, &subject),
                event,
                subject,
                written: written.into_iter().collect(),
                statements: members,
                pair,
                found: how,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.statements
            .len()
            .cmp(&a.statements.len())
            .then(a.key.cmp(&b.key))
    });
    out
}

/// The entity named most often (the first of those named as often).
fn most_common<'a>(ids: impl Iterator<Item = &'a EntityId>) -> Option<&'a EntityId> {
    let mut counts: Vec<(&EntityId, usize)> = Vec::new();
    for id in ids {
        match counts.iter_mut().find(|(x, _)| *x == id) {
            Some((_, n)) => *n += 1,
            None => counts.push((id, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(id, _)| id)
}

/// Two statements of `members`, from different sentences, whose dates share no day
/// (earlier first), if there are any. The statement whose date ends first and the one
/// whose date starts last are such a pair whenever any is (intervals that pairwise share
/// a day all share one); linear, also when those two are one sentence.
fn disagreeing_pair(statements: &[Statement], members: &[usize]) -> Option<(usize, usize)> {
    let interval = |i: usize| statements[i].interval;
    let first_end = *members
        .iter()
        .min_by_key(|&&i| interval(i).map(|x| x.end))?;
    let last_start = *members
        .iter()
        .max_by_key(|&&i| interval(i).map(|x| x.start))?;
    let (a, b) = (interval(first_end)?, interval(last_start)?);
    if a.overlaps(&b) {
        return None;
    }
    let one_sentence = |i: usize, j: usize| {
        let (x, y) = (&statements[i], &statements[j]);
        x.path == y.path && x.sentence_range == y.sentence_range
    };
    if !one_sentence(first_end, last_start) {
        return Some((first_end, last_start));
    }
    // Both ends in one sentence: a pair from two sentences, if any, has one of them (a
    // statement that ends before another starts disagrees with the one that starts last,
    // and the one that ends first with it).
    members.iter().find_map(|&j| {
        let y = interval(j)?;
        if !one_sentence(first_end, j) && a.end <= y.start {
            Some((first_end, j))
        } else if !one_sentence(j, last_start) && y.end <= b.start {
            Some((j, last_start))
        } else {
            None
        }
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::interval::interval;

    /// A statement of `path` dated `value`, reporting `event` about the places `names`
    /// (chars 0..4 in the sentence 0..10); a one-time event happens to the first name.
    pub(crate) fn statement(
        path: &str,
        value: &str,
        event: Option<&'static str>,
        names: &[&str],
    ) -> Statement {
        let place = |n: &str| EntityId {
            kind: EntityKind::Loc,
            key: n.into(),
        };
        let happenings = event
            .filter(|e| ONCE_KINDS.iter().any(|k| k.name == *e))
            .zip(names.first())
            .map(|(kind, n)| Happening {
                kind,
                subject: place(n),
                written: (*n).into(),
                found: None,
            })
            .into_iter()
            .collect();
        Statement {
            path: path.into(),
            start: 0,
            end: 4,
            date_text: value.into(),
            value: Some(value.into()),
            granularity: None,
            reading: None,
            order: None,
            anchored: None,
            readings: None,
            sentence: format!("{names:?} {event:?} {value}"),
            sentence_range: 0..10,
            entities: names.iter().map(|n| place(n)).collect(),
            event,
            happenings,
            interval: interval(value),
            from_file_date: false,
        }
    }

    #[test]
    fn the_fall_of_damascus_dated_2014_and_2024_is_a_possible_conflict() {
        let all = vec![
            statement("seed.txt", "2014-12", Some("fall"), &["Damascus", "Syria"]),
            statement("memo.md", "2024-12-08", Some("fall"), &["Damascus"]),
            statement("other.md", "2024-12", Some("fall"), &["Damascus"]),
            // Unrelated: another event, another place, or a recurring kind of event.
            statement("a.md", "2016-10", Some("liberation"), &["Mosul"]),
            statement("b.md", "2017-07", Some("liberation"), &["Raqqa"]),
            statement("c.md", "2016", Some("visited"), &["Damascus"]),
            statement("d.md", "2019", Some("visited"), &["Damascus"]),
        ];
        let found = find(&all);
        assert_eq!(found.len(), 1, "{found:?}");
        let c = &found[0];
        assert_eq!(c.event, "fall");
        assert_eq!(c.key, "fall|LOC:Damascus");
        assert_eq!(c.statements, [0, 2, 1], "earliest date first");
        assert_eq!(c.pair, (0, 1));
        assert_eq!(
            c.reason(&all),
            "fall of Damascus: dated 2014-12 (seed.txt) and 2024-12-08 (memo.md), which share \
             no day"
        );
    }

    #[test]
    fn one_event_of_two_subjects_is_no_conflict() {
        // "Mosul fell to ISIL in June 2014", "Raqqa fell to ISIL in January 2014".
        let all = vec![
            statement("a.md", "2014-06", Some("fall"), &["Mosul", "ISIL"]),
            statement("b.md", "2014-01", Some("fall"), &["Raqqa", "ISIL"]),
        ];
        assert!(find(&all).is_empty());
    }

    #[test]
    fn dates_that_can_both_hold_are_no_conflict() {
        let all = vec![
            statement("a.md", "2024", Some("fall"), &["Damascus"]),
            statement("b.md", "2024-12-08", Some("fall"), &["Damascus"]),
            statement("c.md", "2024-12", Some("fall"), &["Damascus"]),
        ];
        assert!(find(&all).is_empty());
        // A date resolved against a file's copy date is no evidence of when it happened.
        let mut copied = statement("e.md", "2026-12-01", Some("fall"), &["Damascus"]);
        copied.from_file_date = true;
        assert!(find(&[all[1].clone(), copied]).is_empty());
        // One sentence with two dates is no disagreement with itself.
        let one_sentence = vec![
            statement("a.md", "2014", Some("fall"), &["Aleppo"]),
            statement("a.md", "2016", Some("fall"), &["Aleppo"]),
        ];
        assert!(find(&one_sentence).is_empty());
        // ...but another sentence that disagrees is found past it.
        let mut other = statement("b.md", "2012", Some("fall"), &["Aleppo"]);
        other.sentence_range = 20..30;
        let mut three = one_sentence.clone();
        three.push(other);
        assert_eq!(find(&three).len(), 1);
    }

    #[test]
    fn a_dismissal_holds_by_key_by_the_name_as_written_and_from_an_earlier_dossier() {
        let mut all = vec![
            statement("seed.txt", "2014-12", Some("fall"), &["Damascus"]),
            statement("memo.md", "2024-12-08", Some("fall"), &["Damascus"]),
        ];
        let found = find(&all);
        let set =
            |keys: &[&str]| -> BTreeSet<String> { keys.iter().map(|k| (*k).into()).collect() };
        let c = &found[0];
        assert!(c.dismissed_by(&set(&["fall|LOC:Damascus"])).is_some());
        assert!(
            c.dismissed_by(&set(&["fall: Bashar al-Assad, Damascus"]))
                .is_some()
        );
        assert!(c.dismissed_by(&set(&["death|LOC:Damascus"])).is_none());
        assert!(
            c.dismissed_by(&set(&["fall|LOC:Aleppo", "fall: Aleppo"]))
                .is_none()
        );
        // The entity renamed "Dimashq": the dismissal made under "Damascus" still holds.
        for s in &mut all {
            for h in &mut s.happenings {
                h.subject.key = "Dimashq".into();
            }
        }
        let renamed = &find(&all)[0];
        assert_eq!(renamed.key, "fall|LOC:Dimashq");
        assert_eq!(
            renamed
                .dismissed_by(&set(&["fall|LOC:Damascus"]))
                .map(String::as_str),
            Some("fall|LOC:Damascus")
        );
    }

    #[test]
    fn a_dismissal_is_carried_over_to_the_entity_under_its_new_id() {
        let set =
            |keys: &[&str]| -> BTreeSet<String> { keys.iter().map(|k| (*k).into()).collect() };
        let org = |key: &str| EntityId {
            kind: EntityKind::Org,
            key: key.into(),
        };
        let dismissed = set(&[
            "founding|ORG:Al-Nusra Front",
            "fall|LOC:Al-Nusra Front",
            "death|PER:Someone",
            "fall: Damascus",
        ]);
        assert_eq!(
            keys_carried_over(&dismissed, &org("Al-Nusra Front"), &org("Nusra Front")),
            [(
                "founding|ORG:Al-Nusra Front".to_owned(),
                "founding|ORG:Nusra Front".to_owned()
            )]
        );
        assert!(keys_carried_over(&dismissed, &org("Other"), &org("Nusra Front")).is_empty());
    }
}

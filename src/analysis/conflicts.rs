//! Possible conflicts between dated statements: statements about the same one-time event
//! (the same kind of event word, "fell", "died", "took power"..., and the same people,
//! places or organisations) whose dates cannot both hold. A heuristic, said as such in the
//! window ("possible conflict"); the user can dismiss a group, and the project remembers.
//!
//! The motivating case: the seed article dates the fall of the Assad government, with
//! Damascus, to "December 2014"; other sources say 8 December 2024.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::timeline::{EVENTS, Statement};
use crate::entities::{EntityId, EntityKind};

/// Statements (indices into the list given to [`find`]) that date one event differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Stable name of the group, kept in the project when the user dismisses it.
    pub key: String,
    /// The kind of event ("fall").
    pub event: &'static str,
    /// The entities every statement of the group names.
    #[serde(skip)]
    pub entities: Vec<EntityId>,
    /// The statements, earliest date first.
    #[serde(skip)]
    pub statements: Vec<usize>,
}

/// Groups of statements about the same one-time event whose dates cannot all hold (at
/// least two of them share no day), most statements first. Statements from one sentence
/// never conflict with each other.
pub fn find(statements: &[Statement]) -> Vec<Conflict> {
    let once: BTreeSet<&str> = EVENTS.iter().filter(|e| e.once).map(|e| e.name).collect();
    // (event, entity) -> statements naming the entity in a sentence of that event.
    let mut by_subject: BTreeMap<(&'static str, &EntityId), Vec<usize>> = BTreeMap::new();
    for (i, s) in statements.iter().enumerate() {
        let (Some(event), Some(_)) = (s.event, s.interval) else {
            continue;
        };
        // A date resolved against a file's copy date says nothing about the event.
        if s.from_file_date {
            continue;
        }
        if !once.contains(event) {
            continue;
        }
        for entity in s.entities.iter().filter(|e| is_subject(e)) {
            by_subject.entry((event, entity)).or_default().push(i);
        }
    }
    // The same statements grouped under several shared entities form one group.
    let mut groups: BTreeMap<(&'static str, Vec<usize>), Vec<EntityId>> = BTreeMap::new();
    for ((event, entity), members) in by_subject {
        if !disagree(statements, &members) {
            continue;
        }
        groups
            .entry((event, members))
            .or_default()
            .push(entity.clone());
    }
    let mut out: Vec<Conflict> = groups
        .into_iter()
        .map(|((event, mut members), entities)| {
            members.sort_by_key(|&i| statements[i].interval);
            let names: Vec<&str> = entities.iter().map(|e| e.key.as_str()).collect();
            Conflict {
                key: format!("{event}: {}", names.join(", ")),
                event,
                entities,
                statements: members,
            }
        })
        .collect();
    // A group whose statements all belong to a larger group says nothing new.
    let sets: Vec<BTreeSet<usize>> = out
        .iter()
        .map(|c| c.statements.iter().copied().collect())
        .collect();
    let mut keep = vec![true; out.len()];
    for (i, a) in sets.iter().enumerate() {
        keep[i] = !sets.iter().enumerate().any(|(j, b)| {
            j != i && a.len() < b.len() && a.is_subset(b) && out[i].event == out[j].event
        });
    }
    let mut kept: Vec<Conflict> = out
        .drain(..)
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect();
    kept.sort_by(|a, b| {
        b.statements
            .len()
            .cmp(&a.statements.len())
            .then(a.key.cmp(&b.key))
    });
    kept
}

/// People, organisations, places and groups: what an event happens to.
fn is_subject(e: &EntityId) -> bool {
    matches!(
        e.kind,
        EntityKind::Person | EntityKind::Org | EntityKind::Loc | EntityKind::Norp
    )
}

/// True when two of the statements, from different sentences, have dates that share no
/// day.
fn disagree(statements: &[Statement], members: &[usize]) -> bool {
    members.iter().enumerate().any(|(n, &i)| {
        members[n + 1..].iter().any(|&j| {
            let (a, b) = (&statements[i], &statements[j]);
            let same_sentence = a.path == b.path && a.sentence_range == b.sentence_range;
            match (a.interval, b.interval) {
                (Some(x), Some(y)) => !same_sentence && !x.overlaps(&y),
                _ => false,
            }
        })
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::analysis::interval::interval;

    /// A statement of `path` dated `value`, reporting `event` about the places `names`
    /// (chars 0..4 in the sentence 0..10).
    pub(crate) fn statement(
        path: &str,
        value: &str,
        event: Option<&'static str>,
        names: &[&str],
    ) -> Statement {
        Statement {
            path: path.into(),
            start: 0,
            end: 4,
            date_text: value.into(),
            value: Some(value.into()),
            granularity: None,
            sentence: format!("{names:?} {event:?} {value}"),
            sentence_range: 0..10,
            entities: names
                .iter()
                .map(|n| EntityId {
                    kind: EntityKind::Loc,
                    key: (*n).into(),
                })
                .collect(),
            event,
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
            statement("a.md", "2016-10", Some("liberated"), &["Mosul"]),
            statement("b.md", "2017-07", Some("liberated"), &["Raqqa"]),
            statement("c.md", "2016", Some("visited"), &["Damascus"]),
            statement("d.md", "2019", Some("visited"), &["Damascus"]),
        ];
        let found = find(&all);
        assert_eq!(found.len(), 1, "{found:?}");
        let c = &found[0];
        assert_eq!(c.event, "fall");
        assert_eq!(c.key, "fall: Damascus");
        assert_eq!(c.statements, [0, 2, 1], "earliest date first");
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
    }
}

//! The timeline of a corpus as every view of it needs it: its dated statements, their
//! possible conflicts, the days each statement covers on the calendar, and the conflicts a
//! project has not dismissed. The window, the timeline export and `dossier timeline` all
//! read the undismissed conflicts through [`Timeline::open_conflicts`].

use std::collections::{BTreeSet, HashSet};

use super::conflicts::{Conflict, find};
use super::time_axis::{DaySpan, day_number};
use super::timeline::{Statement, statements};
use crate::corpus::Corpus;
use crate::entities::EntityIndex;

/// The dated statements of a corpus with their possible conflicts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    /// Every dated statement of the corpus.
    pub statements: Vec<Statement>,
    /// Every possible conflict, dismissed ones included (the window lists them to flag
    /// again).
    pub conflicts: Vec<Conflict>,
    /// For each statement: its days on the calendar, `None` when it has no place there.
    days: Vec<Option<DaySpan>>,
    /// How many statements are not on the calendar (counted once: a frame should not walk
    /// hundreds of thousands of statements).
    undated: usize,
}

impl Timeline {
    /// The timeline of the corpus, from its entity index.
    pub fn build(index: &EntityIndex, corpus: &Corpus) -> Self {
        Self::of_statements(statements(index, corpus))
    }

    /// The timeline of these statements: their conflicts and days.
    pub fn of_statements(statements: Vec<Statement>) -> Self {
        let conflicts = find(&statements);
        let days: Vec<Option<DaySpan>> = statements.iter().map(calendar_days).collect();
        let undated = days.iter().filter(|d| d.is_none()).count();
        Self {
            statements,
            conflicts,
            days,
            undated,
        }
    }

    /// The possible conflicts `dismissed` does not dismiss (see
    /// [`Conflict::dismissed_by`]), in the order found.
    pub fn open_conflicts<'a>(
        &'a self,
        dismissed: &'a BTreeSet<String>,
    ) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.conflicts
            .iter()
            .filter(|c| c.dismissed_by(dismissed).is_none())
    }

    /// The statements (indices) in a conflict that is not dismissed.
    pub fn flagged(&self, dismissed: &BTreeSet<String>) -> HashSet<usize> {
        self.open_conflicts(dismissed)
            .flat_map(|c| c.statements.iter().copied())
            .collect()
    }

    /// Statement `i`'s days on the calendar, `None` when it has none (or no such statement).
    pub fn days(&self, i: usize) -> Option<DaySpan> {
        self.days.get(i).copied().flatten()
    }

    /// How many statements have no place on the calendar.
    pub fn undated_count(&self) -> usize {
        self.undated
    }

    /// The statements (indices) with no place on the calendar, in order.
    pub fn undated(&self) -> Vec<usize> {
        (0..self.statements.len())
            .filter(|&i| self.days[i].is_none())
            .collect()
    }
}

/// A statement's days on the calendar. A relative date resolved only against the file's
/// date ("today" in a copy made in 2026 of a 2014 article) would sit on the axis where the
/// copy was made: it has no place there.
fn calendar_days(s: &Statement) -> Option<DaySpan> {
    s.interval.filter(|_| !s.from_file_date).map(|i| DaySpan {
        start: day_number(i.start),
        end: day_number(i.end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::conflicts::tests::statement;
    use crate::analysis::interval::interval;

    fn damascus() -> Timeline {
        Timeline::of_statements(vec![
            statement("seed.txt", "2014-12", Some("fall"), &["Damascus"]),
            statement("memo.md", "2024-12-08", Some("fall"), &["Damascus"]),
            statement("a.md", "2016-10", Some("liberation"), &["Mosul"]),
            statement("b.md", "2017-07", Some("liberation"), &["Raqqa"]),
            statement("c.md", "2017-07", Some("fall"), &["Mosul"]),
            statement("d.md", "2016-04", Some("fall"), &["Mosul"]),
        ])
    }

    #[test]
    fn a_dismissed_conflict_is_left_out_of_the_open_ones_and_its_statements_unflagged() {
        let timeline = damascus();
        let keys: Vec<&str> = timeline.conflicts.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["fall|LOC:Damascus", "fall|LOC:Mosul"]);
        let none = BTreeSet::new();
        assert_eq!(timeline.open_conflicts(&none).count(), 2);
        assert_eq!(timeline.flagged(&none), HashSet::from([0, 1, 4, 5]));

        let dismissed = BTreeSet::from(["fall|LOC:Damascus".to_owned()]);
        let open: Vec<&str> = timeline
            .open_conflicts(&dismissed)
            .map(|c| c.key.as_str())
            .collect();
        assert_eq!(open, ["fall|LOC:Mosul"]);
        assert_eq!(timeline.flagged(&dismissed), HashSet::from([4, 5]));
        // Dismissing hides, never deletes: the window lists it to flag again.
        assert_eq!(timeline.conflicts.len(), 2);
    }

    #[test]
    fn statements_dated_only_by_the_files_copy_or_not_at_all_are_undated() {
        let mut copied = statement("copy.md", "2026-01-05", None, &[]);
        copied.from_file_date = true;
        let mut duration = statement("d.md", "P2W", None, &[]);
        duration.interval = interval("P2W");
        let timeline = Timeline::of_statements(vec![
            statement("a.md", "2024-12-08", None, &[]),
            copied,
            duration,
        ]);
        assert_eq!(timeline.undated_count(), 2);
        assert_eq!(timeline.undated(), [1, 2]);
        let day = timeline.days(0).map(|d| (d.start, d.end));
        // 8 December 2024 is day 20,065 after 1 January 1970; one day long.
        assert_eq!(day, Some((20_065.0, 20_066.0)));
        assert_eq!(timeline.days(1), None);
        assert_eq!(timeline.days(99), None, "no such statement");
    }
}

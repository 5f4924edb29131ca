//! The rows of a time axis: the dated statements a filter keeps, grouped into lanes, one
//! per document or one per entity, each earliest first.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use super::dated::Timeline;
use super::time_axis::DaySpan;
use crate::entities::fold::fold;

/// What a lane gathers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupBy {
    /// One lane per document, by title.
    #[default]
    Document,
    /// One lane per entity the statements name, busiest first.
    Entity,
}

/// Which statements the lanes show. Built with [`LaneFilter::new`], which normalises the
/// typed text, so two filters that keep the same statements compare equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LaneFilter {
    /// A lane per document or per entity.
    pub group_by: GroupBy,
    /// Kept: statements naming an entity whose key holds this (folded: case and accents
    /// ignored); empty keeps all. Grouped by entity, only the matching entities get lanes.
    entity: String,
    /// Kept: statements of a document whose title or path holds this (lower case); empty
    /// keeps all.
    document: String,
}

impl LaneFilter {
    /// A filter on the typed entity and document text (trimmed; case and accents ignored).
    pub fn new(group_by: GroupBy, entity: &str, document: &str) -> Self {
        Self {
            group_by,
            entity: fold(entity.trim()),
            document: document.trim().to_lowercase(),
        }
    }

    fn names(&self, key: &str) -> bool {
        self.entity.is_empty() || fold(key).contains(&self.entity)
    }
}

/// One row of the axis: its title and its statements (indices), earliest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lane {
    /// The document's title or the entity's name.
    pub title: String,
    /// Its statements (indices into the timeline's), earliest first.
    pub statements: Vec<usize>,
}

/// The lanes of the statements on the calendar that `filter` keeps and, with `coded`
/// (passages as char ranges by document path), that lie inside one of those passages.
/// `title` names a document lane from its path. Documents are in title order; entities
/// busiest first.
pub fn lanes(
    timeline: &Timeline,
    filter: &LaneFilter,
    coded: Option<&BTreeMap<String, Vec<Range<usize>>>>,
    title: impl Fn(&str) -> String,
) -> Vec<Lane> {
    let mut grouped: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in timeline.statements.iter().enumerate() {
        if timeline.days(i).is_none() {
            continue;
        }
        if !filter.entity.is_empty() && !s.entities.iter().any(|e| filter.names(&e.key)) {
            continue;
        }
        let document_title = title(&s.path);
        if !filter.document.is_empty()
            && !document_title.to_lowercase().contains(&filter.document)
            && !s.path.to_lowercase().contains(&filter.document)
        {
            continue;
        }
        if let Some(coded) = coded
            && !coded
                .get(s.path.as_str())
                .is_some_and(|spans| spans.iter().any(|r| r.start <= s.start && s.end <= r.end))
        {
            continue;
        }
        match filter.group_by {
            GroupBy::Document => grouped.entry(document_title).or_default().push(i),
            GroupBy::Entity => {
                for e in s.entities.iter().filter(|e| filter.names(&e.key)) {
                    grouped.entry(e.key.clone()).or_default().push(i);
                }
            }
        }
    }
    let mut lanes: Vec<Lane> = grouped
        .into_iter()
        .map(|(title, mut statements)| {
            // Stable: statements of one day keep their document order.
            statements.sort_by(|&a, &b| start_of(timeline, a).total_cmp(&start_of(timeline, b)));
            Lane { title, statements }
        })
        .collect();
    // Busy lanes first when grouping by entity (hundreds of entities); documents by title.
    if filter.group_by == GroupBy::Entity {
        lanes.sort_by_key(|l| std::cmp::Reverse(l.statements.len()));
    }
    lanes
}

fn start_of(timeline: &Timeline, i: usize) -> f64 {
    timeline.days(i).map_or(f64::INFINITY, |d| d.start)
}

/// The days from the earliest start to the latest end of the lanes' statements; `None`
/// when they have none on the calendar.
pub fn days_of(timeline: &Timeline, lanes: &[Lane]) -> Option<DaySpan> {
    let (mut start, mut end) = (f64::INFINITY, f64::NEG_INFINITY);
    for d in lanes
        .iter()
        .flat_map(|l| &l.statements)
        .filter_map(|&i| timeline.days(i))
    {
        start = start.min(d.start);
        end = end.max(d.end);
    }
    start.is_finite().then_some(DaySpan { start, end })
}

/// The days of the lanes' statements that `before` (the timeline the lanes were drawn
/// from) did not have on the calendar where `timeline` has them: dated anew, or dated
/// otherwise (a slashed date read the other way). A statement is the same one when its
/// document and chars are. `None` when nothing the lanes show moved: what a time axis must
/// bring into view after the corpus was recognised again.
pub fn moved_days(before: &Timeline, timeline: &Timeline, lanes: &[Lane]) -> Option<DaySpan> {
    let was: HashMap<(&str, usize, usize), DaySpan> = before
        .statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some(((s.path.as_str(), s.start, s.end), before.days(i)?)))
        .collect();
    let mut moved: Option<DaySpan> = None;
    for &i in lanes.iter().flat_map(|l| &l.statements) {
        let (Some(s), Some(days)) = (timeline.statements.get(i), timeline.days(i)) else {
            continue;
        };
        if was.get(&(s.path.as_str(), s.start, s.end)) != Some(&days) {
            moved = Some(moved.map_or(days, |m| m.union(days)));
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::conflicts::tests::statement;
    use crate::analysis::timeline::Statement;

    fn sample() -> Timeline {
        Timeline::of_statements(vec![
            statement("news/b.md", "2024-12-08", None, &["Damascus", "Syria"]),
            statement("news/a.md", "2014-12", None, &["Damascus"]),
            statement("news/a.md", "2011-03-15", None, &["Daraa", "Syria"]),
            statement("memo.md", "P2W", None, &["Aleppo"]),
            statement("memo.md", "2016-12", None, &[]),
        ])
    }

    fn title(path: &str) -> String {
        match path {
            "news/a.md" => "Zeta report".into(),
            "news/b.md" => "Alpha brief".into(),
            other => other.into(),
        }
    }

    fn titles(lanes: &[Lane]) -> Vec<(&str, &[usize])> {
        lanes
            .iter()
            .map(|l| (l.title.as_str(), l.statements.as_slice()))
            .collect()
    }

    #[test]
    fn by_document_lanes_are_in_title_order_each_earliest_first_undated_left_out() {
        let timeline = sample();
        let filter = LaneFilter::new(GroupBy::Document, "", "");
        let lanes = lanes(&timeline, &filter, None, title);
        assert_eq!(
            titles(&lanes),
            [
                ("Alpha brief", &[0][..]),
                ("Zeta report", &[2, 1][..]),
                ("memo.md", &[4][..]),
            ]
        );
        let days = days_of(&timeline, &lanes).map(|d| (d.start, d.end));
        // 15 March 2011 to the end of 8 December 2024.
        assert_eq!(days, Some((15_048.0, 20_066.0)));
    }

    #[test]
    fn by_entity_lanes_hold_the_matching_entities_busiest_first() {
        let timeline = sample();
        let all = lanes(
            &timeline,
            &LaneFilter::new(GroupBy::Entity, "", ""),
            None,
            title,
        );
        assert_eq!(
            titles(&all),
            [
                ("Damascus", &[1, 0][..]),
                ("Syria", &[2, 0][..]),
                ("Daraa", &[2][..]),
            ]
        );
        // The entity filter ignores case, accents and spaces around it.
        let filter = LaneFilter::new(GroupBy::Entity, "  DÀRAA ", "");
        assert_eq!(filter, LaneFilter::new(GroupBy::Entity, "daraa", ""));
        let daraa = lanes(&timeline, &filter, None, title);
        assert_eq!(titles(&daraa), [("Daraa", &[2][..])]);
        // By document, the entity filter keeps the statements naming it.
        let filter = LaneFilter::new(GroupBy::Document, "syria", "");
        let syria = lanes(&timeline, &filter, None, title);
        assert_eq!(
            titles(&syria),
            [("Alpha brief", &[0][..]), ("Zeta report", &[2][..])]
        );
    }

    #[test]
    fn the_document_filter_matches_title_or_path_and_a_tag_keeps_coded_passages() {
        let timeline = sample();
        let by_title = LaneFilter::new(GroupBy::Document, "", "zeta");
        assert_eq!(
            titles(&lanes(&timeline, &by_title, None, title)),
            [("Zeta report", &[2, 1][..])]
        );
        let by_path = LaneFilter::new(GroupBy::Document, "", "NEWS/");
        assert_eq!(lanes(&timeline, &by_path, None, title).len(), 2);
        // Statements are chars 0..4: a passage 0..10 of news/b.md holds its statement.
        let coded = BTreeMap::from([("news/b.md".to_owned(), Vec::from([0..10, 40..50]))]);
        let all = LaneFilter::new(GroupBy::Document, "", "");
        assert_eq!(
            titles(&lanes(&timeline, &all, Some(&coded), title)),
            [("Alpha brief", &[0][..])]
        );
        let elsewhere = BTreeMap::from([("news/b.md".to_owned(), Vec::from([2..10, 40..50]))]);
        assert!(lanes(&timeline, &all, Some(&elsewhere), title).is_empty());
        assert_eq!(days_of(&timeline, &[]), None);
    }

    #[test]
    fn the_days_that_moved_are_those_of_statements_dated_anew_or_otherwise() {
        // The sample's statements, each at chars of its own.
        let placed = |mut statements: Vec<Statement>| {
            for (n, s) in statements.iter_mut().enumerate() {
                (s.start, s.end) = (n * 10, n * 10 + 4);
            }
            Timeline::of_statements(statements)
        };
        let before = placed(sample().statements);
        let all = LaneFilter::new(GroupBy::Document, "", "");
        let same = lanes(&before, &all, None, title);
        assert_eq!(moved_days(&before, &before, &same), None, "nothing moved");
        // The memo's undated statement gets a date, Zeta's 2014-12 becomes 2014-06 (read
        // the other way), the rest stays.
        let mut statements = sample().statements;
        statements[3] = statement("memo.md", "2016-11-05", None, &["Aleppo"]);
        statements[1] = statement("news/a.md", "2014-06", None, &["Damascus"]);
        let after = placed(statements);
        let shown = lanes(&after, &all, None, title);
        let moved = moved_days(&before, &after, &shown).map(|d| (d.start, d.end));
        // 1 June 2014 to the end of 5 November 2016.
        assert_eq!(moved, Some((16_222.0, 17_111.0)));
        // Only what the lanes show counts: the memo filtered out, June 2014 alone.
        let zeta = lanes(
            &after,
            &LaneFilter::new(GroupBy::Document, "", "zeta"),
            None,
            title,
        );
        let moved = moved_days(&before, &after, &zeta).map(|d| (d.start, d.end));
        assert_eq!(moved, Some((16_222.0, 16_252.0)));
        // A statement at other chars is another statement: dated anew.
        let mut shifted = sample().statements;
        shifted.swap(0, 4);
        let shifted = placed(shifted);
        let lanes = lanes(&shifted, &all, None, title);
        assert!(moved_days(&before, &shifted, &lanes).is_some());
    }
}

//! What a merge brings into our copy, counted: for the command line's `--json`, and a line
//! for people ("34 annotations by Bob, 2 new tags, 3 conflicts").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::project::model::Project;
use crate::text::counted;

/// What a merge changes in our copy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MergeSummary {
    /// Items (annotations, tags, document records, entity rules and aliases) the merged
    /// project has that ours had not.
    pub added: usize,
    /// Items both have that the merge changed.
    pub changed: usize,
    /// Items of ours the merge removed (deleted on their side, untouched on ours).
    pub removed: usize,
    /// Conflicts the merge recorded.
    pub conflicts: usize,
    /// Annotations added, by coder ("" for annotations without one).
    pub by_coder: BTreeMap<String, usize>,
    /// Annotations changed.
    pub annotations_changed: usize,
    /// Annotations removed.
    pub annotations_removed: usize,
    /// Tags added.
    pub new_tags: usize,
    /// Tags changed (renamed, recoloured, moved, described).
    pub tags_changed: usize,
    /// Tags removed.
    pub tags_removed: usize,
}

/// (added, changed, removed) between two maps.
fn compare<K: Ord, V: PartialEq>(
    ours: &BTreeMap<K, V>,
    merged: &BTreeMap<K, V>,
) -> (usize, usize, usize) {
    let added = merged.keys().filter(|k| !ours.contains_key(k)).count();
    let removed = ours.keys().filter(|k| !merged.contains_key(k)).count();
    let changed = merged
        .iter()
        .filter(|(k, v)| ours.get(k).is_some_and(|o| o != *v))
        .count();
    (added, changed, removed)
}

impl MergeSummary {
    /// What turned `ours` into `merged`, with the number of conflicts recorded.
    pub fn between(ours: &Project, merged: &Project, conflicts: usize) -> Self {
        let (annotations_added, annotations_changed, annotations_removed) =
            compare(&ours.annotations, &merged.annotations);
        let (new_tags, tags_changed, tags_removed) = compare(&ours.tags, &merged.tags);
        let (docs_added, docs_changed, docs_removed) = compare(&ours.documents, &merged.documents);
        let rules = |p: &Project| -> BTreeMap<String, String> {
            let d = &p.entity_rules;
            d.phrases
                .iter()
                .map(|e| (format!("phrase {}", e.phrase), format!("{:?}", e.rule)))
                .chain(
                    d.aliases
                        .iter()
                        .map(|e| (format!("alias {}", e.alias), e.canonical.clone())),
                )
                .collect()
        };
        let (rules_added, rules_changed, rules_removed) = compare(&rules(ours), &rules(merged));
        let mut by_coder = BTreeMap::new();
        for a in merged.annotations.values() {
            if !ours.annotations.contains_key(&a.id) {
                *by_coder
                    .entry(a.coder.clone().unwrap_or_default())
                    .or_insert(0) += 1;
            }
        }
        Self {
            added: annotations_added + new_tags + docs_added + rules_added,
            changed: annotations_changed + tags_changed + docs_changed + rules_changed,
            removed: annotations_removed + tags_removed + docs_removed + rules_removed,
            conflicts,
            by_coder,
            annotations_changed,
            annotations_removed,
            new_tags,
            tags_changed,
            tags_removed,
        }
    }

    /// Annotations added.
    pub fn annotations_added(&self) -> usize {
        self.by_coder.values().sum()
    }

    /// One line: "34 annotations by Bob, 2 new tags, 3 conflicts".
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .by_coder
            .iter()
            .map(|(coder, n)| {
                let n = counted(*n, "annotation", "annotations");
                if coder.is_empty() {
                    format!("{n} without a coder")
                } else {
                    format!("{n} by {coder}")
                }
            })
            .collect();
        let mut add = |n: usize, singular: &str, plural: &str| {
            if n > 0 {
                parts.push(counted(n, singular, plural));
            }
        };
        add(
            self.annotations_changed,
            "annotation changed",
            "annotations changed",
        );
        add(
            self.annotations_removed,
            "annotation removed",
            "annotations removed",
        );
        add(self.new_tags, "new tag", "new tags");
        add(self.tags_changed, "tag changed", "tags changed");
        add(self.tags_removed, "tag removed", "tags removed");
        let listed = self.annotations_added()
            + self.annotations_changed
            + self.annotations_removed
            + self.new_tags
            + self.tags_changed
            + self.tags_removed;
        let other = (self.added + self.changed + self.removed).saturating_sub(listed);
        add(other, "other change", "other changes");
        add(self.conflicts, "conflict", "conflicts");
        if parts.is_empty() {
            "nothing new: the copies hold the same".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

//! Merging two copies of a project item by item: with their common ancestor (three-way,
//! `dossier merge BASE OURS THEIRS`, git's merge driver) or without one (two-way, a
//! colleague's copy sent by mail).
//!
//! * An item added on either side is kept; a tag both sides created under the same name is
//!   one tag (theirs takes our tag's id, in their annotations too), and so is a tag one side
//!   made under the name the other renamed a tag to. Two tags both sides already had,
//!   renamed to one name, stay two, with a conflict on the name.
//! * A field changed on one side takes the change.
//! * The same field changed differently on both sides, or an item changed on one side and
//!   deleted on the other, is a [`MergeConflict`](crate::project::MergeConflict) recorded
//!   in the merged project, both versions kept, never text markers: the result always
//!   opens, and the user settles each conflict (`Command::SettleConflict`).
//! * Sets are merged as sets: an annotation's tags, the coders who marked a document
//!   coded, the date conflicts dismissed (what either side added is in, what either side
//!   removed is out).
//! * Without a shared history, items with the same id are one item, and items made apart
//!   are matched: tags by name, annotations by document, span and coder.
//!
//! The output is deterministic: items are in id order and conflict ids are derived from
//! what conflicts, so merging the same files twice gives the same file.

mod annotations;
mod items;
mod records;
mod summary;
mod tags;
#[cfg(test)]
mod tests;

pub use summary::MergeSummary;

use super::command::Command;
use super::model::Project;
use super::patch::ProjectPatch;

/// A merge's result: the merged project and what it changed in ours.
#[derive(Clone, Debug)]
pub struct Merged {
    /// The merged project (our name and corpus folder), with the conflicts recorded.
    pub project: Project,
    /// What the merge brought into our copy.
    pub summary: MergeSummary,
}

/// Merges `ours` and `theirs`, two copies edited apart from `base`. `theirs_from` (a coder's
/// name or a file name) is recorded in each conflict.
pub fn three_way(base: &Project, ours: &Project, theirs: &Project, theirs_from: &str) -> Merged {
    let theirs = tags::match_by_name(base, ours, theirs);
    merge(base, ours, &theirs, theirs_from)
}

/// Merges `theirs` into `ours` without a common ancestor (a copy made elsewhere): the same
/// id is one item, and items made apart are matched (tags by name, annotations by
/// document, span and coder). Nothing can be known deleted: what either has is kept.
pub fn two_way(ours: &Project, theirs: &Project, theirs_from: &str) -> Merged {
    let none = Project::default();
    let theirs = tags::apart_migrated(ours, theirs);
    let theirs = tags::match_by_name(&none, ours, &theirs);
    let theirs = annotations::match_by_passage(ours, &theirs);
    merge(&none, ours, &theirs, theirs_from)
}

fn merge(base: &Project, ours: &Project, theirs: &Project, theirs_from: &str) -> Merged {
    let mut conflicts = items::Conflicts::new(theirs_from);
    let mut project = Project {
        name: ours.name.clone(),
        corpus_root: ours.corpus_root.clone(),
        tags: tags::merge(base, ours, theirs, &mut conflicts),
        annotations: annotations::merge(base, ours, theirs, &mut conflicts),
        documents: records::documents(base, ours, theirs, &mut conflicts),
        entity_rules: records::entity_rules(base, ours, theirs, &mut conflicts),
        dismissed_conflicts: items::set(
            &base.dismissed_conflicts,
            &ours.dismissed_conflicts,
            &theirs.dismissed_conflicts,
        ),
        merge_conflicts: records::earlier_conflicts(base, ours, theirs),
        // A setting, not evidence: a change on one side wins, ours when both changed.
        ocr_languages: if ours.ocr_languages == base.ocr_languages {
            theirs.ocr_languages.clone()
        } else {
            ours.ocr_languages.clone()
        },
    };
    tags::restore_used(&mut project, [base, ours, theirs], &mut conflicts);
    tags::tidy(&mut project, [base, ours, theirs], &mut conflicts);
    tags::clean_saved_copies(&mut project, &mut conflicts);
    let recorded = conflicts.list.len();
    for c in conflicts.list {
        project.merge_conflicts.insert(c.id, c);
    }
    let summary = MergeSummary::between(ours, &project, recorded);
    Merged { project, summary }
}

/// The one undoable step that turns the open project `current` into `merged` (its name
/// and corpus folder stay): only what differs is held, for undo and redo.
pub fn apply_command(current: &Project, merged: &Project) -> Command {
    apply_command_labelled(current, merged, "Merge a copy of the project".to_owned())
}

impl Merged {
    /// The step that applies this merge to `current`, called "Merge Bob: 34 annotations
    /// by Bob, 2 new tags" in Edit > Undo.
    pub fn command(&self, current: &Project, theirs_from: &str) -> Command {
        let label = format!("Merge {theirs_from}: {}", self.summary.describe());
        apply_command_labelled(current, &self.project, label)
    }
}

fn apply_command_labelled(current: &Project, merged: &Project, label: String) -> Command {
    Command::Patch(Box::new(ProjectPatch::between(current, merged, label)))
}

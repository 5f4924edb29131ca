//! Bringing a project up to date with its corpus as it is on disk now: documents added,
//! changed, renamed or deleted since the project was saved, and every annotation
//! re-anchored accordingly.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::model::{Annotation, AnnotationId, DocumentRecord, Project};
use super::reanchor::{AnchorStatus, Reanchorer};
use crate::corpus::{Corpus, Document};

/// What re-anchoring found for one annotation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotationCheck {
    /// The annotation.
    pub id: AnnotationId,
    /// The document (relative path) the annotation now belongs to.
    pub document: String,
    /// Where it was found.
    pub status: AnchorStatus,
    /// Current char offsets (for an orphan: the last known ones).
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The quote as coded (never changed by a check).
    pub quote: String,
    /// The text the annotation points at now, when it differs from the quote as coded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_quote: Option<String>,
    /// The annotation was an orphan before this check too.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub was_orphaned: bool,
}

/// Counts per status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Annotations where they were.
    pub anchored: usize,
    /// Annotations found elsewhere, same wording.
    pub moved: usize,
    /// Annotations whose wording changed.
    pub fuzzy: usize,
    /// Annotations not found.
    pub orphaned: usize,
}

/// The outcome of [`reconcile`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReconcileReport {
    /// Each annotation's check.
    pub annotations: Vec<AnnotationCheck>,
    /// The checks counted by status.
    pub totals: Totals,
    /// Documents found under a new path by their unchanged content: (old, new).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renamed: Vec<(String, String)>,
    /// Documents whose annotations now belong to an exact copy of their text elsewhere in
    /// the corpus, the one document all copies are: (old, canonical). The old id is a copy
    /// of the canonical document now, or its file is gone and a copy remains.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joined_copies: Vec<(String, String)>,
    /// Documents the project has annotations on whose file is gone (relative paths).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// Documents whose text changed since the project last saw them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed_documents: Vec<String>,
    /// Documents of the folder the project did not know (added since it last saw the
    /// corpus; none for a project that never saw it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// Documents the project knew whose file is gone, without annotations (those with
    /// annotations are in `missing`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// True when annotations were changed (moved, re-quoted, orphaned or re-attached):
    /// the project then has unsaved changes.
    #[serde(skip)]
    pub changed_annotations: bool,
}

/// What re-anchoring changed since the project was last saved: what the window says once
/// when a project opens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangesSinceSave {
    /// Annotations whose passage is now elsewhere in its document, same wording.
    pub moved: Vec<AnnotationId>,
    /// Annotations whose passage's wording changed (the quote as coded is kept).
    pub wording_changed: Vec<AnnotationId>,
    /// Annotations that became orphans (passage or document gone).
    pub orphaned: Vec<AnnotationId>,
    /// Documents with annotations whose file is missing.
    pub missing_documents: Vec<String>,
    /// Documents found under a new path: (old, new).
    pub renamed: Vec<(String, String)>,
    /// Documents whose annotations now belong to an exact copy of their text: (old, new).
    pub joined_copies: Vec<(String, String)>,
    /// Files of the folder new to the project.
    pub added_documents: Vec<String>,
    /// Documents whose text changed on disk.
    pub changed_documents: Vec<String>,
    /// Documents gone from the folder that had no annotations.
    pub removed_documents: Vec<String>,
}

impl ChangesSinceSave {
    /// Adds what `later` says to what this says, as one summary: a summary still on screen
    /// when the folder changes again keeps what it said (each entry listed once).
    pub fn merge(&mut self, later: Self) {
        fn extend<T: PartialEq>(to: &mut Vec<T>, from: Vec<T>) {
            for item in from {
                if !to.contains(&item) {
                    to.push(item);
                }
            }
        }
        extend(&mut self.moved, later.moved);
        extend(&mut self.wording_changed, later.wording_changed);
        extend(&mut self.orphaned, later.orphaned);
        extend(&mut self.missing_documents, later.missing_documents);
        extend(&mut self.renamed, later.renamed);
        extend(&mut self.joined_copies, later.joined_copies);
        extend(&mut self.added_documents, later.added_documents);
        extend(&mut self.changed_documents, later.changed_documents);
        extend(&mut self.removed_documents, later.removed_documents);
    }

    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.wording_changed.is_empty()
            && self.orphaned.is_empty()
            && self.missing_documents.is_empty()
            && self.renamed.is_empty()
            && self.joined_copies.is_empty()
            && self.added_documents.is_empty()
            && self.changed_documents.is_empty()
            && self.removed_documents.is_empty()
    }

    /// One plain sentence per kind of change, e.g. "2 annotations changed wording: their
    /// quotes as coded are kept".
    pub fn sentences(&self) -> Vec<String> {
        use crate::text::counted;
        let n = |v: usize, one: &str, many: &str| counted(v, one, many);
        let mut out = Vec::new();
        if !self.moved.is_empty() {
            let k = self.moved.len();
            out.push(format!(
                "{} with {} passage to another place in the text.",
                n(k, "annotation moved", "annotations moved"),
                if k == 1 { "its" } else { "their" },
            ));
        }
        if !self.wording_changed.is_empty() {
            let k = self.wording_changed.len();
            out.push(format!(
                "{} at changed wording; {} as coded {} kept.",
                n(k, "annotation now points", "annotations now point"),
                if k == 1 { "its quote" } else { "their quotes" },
                if k == 1 { "is" } else { "are" },
            ));
        }
        if !self.orphaned.is_empty() {
            let k = self.orphaned.len();
            out.push(format!(
                "{} {} passage and {} kept as {} (quote, note and tags).",
                n(k, "annotation lost", "annotations lost"),
                if k == 1 { "its" } else { "their" },
                if k == 1 { "is" } else { "are" },
                if k == 1 { "an orphan" } else { "orphans" },
            ));
        }
        if !self.missing_documents.is_empty() {
            let k = self.missing_documents.len();
            out.push(format!(
                "{} missing on disk; {} annotations are kept.",
                n(k, "document is", "documents are"),
                if k == 1 { "its" } else { "their" },
            ));
        }
        if !self.renamed.is_empty() {
            let k = self.renamed.len();
            out.push(format!(
                "{} renamed or moved; {} annotations followed.",
                n(k, "document was", "documents were"),
                if k == 1 { "its" } else { "their" },
            ));
        }
        if !self.joined_copies.is_empty() {
            let k = self.joined_copies.len();
            out.push(format!(
                "{} an exact copy of another in the folder; {} annotations now show on the one \
                 document all copies are.",
                n(k, "document is", "documents are"),
                if k == 1 { "its" } else { "their" },
            ));
        }
        if !self.added_documents.is_empty() {
            out.push(format!(
                "{} added to the folder.",
                n(self.added_documents.len(), "document was", "documents were"),
            ));
        }
        if !self.changed_documents.is_empty() {
            out.push(format!(
                "{} on disk; annotations on {} were checked against the new text.",
                n(
                    self.changed_documents.len(),
                    "document changed",
                    "documents changed"
                ),
                if self.changed_documents.len() == 1 {
                    "it"
                } else {
                    "them"
                },
            ));
        }
        if !self.removed_documents.is_empty() {
            out.push(format!(
                "{} from the folder (without annotations).",
                n(
                    self.removed_documents.len(),
                    "document was removed",
                    "documents were removed"
                ),
            ));
        }
        out
    }
}

impl ReconcileReport {
    /// What this check changed since the project was last saved.
    pub fn changes(&self) -> ChangesSinceSave {
        let ids = |keep: &dyn Fn(&AnnotationCheck) -> bool| -> Vec<AnnotationId> {
            self.annotations
                .iter()
                .filter(|c| keep(c))
                .map(|c| c.id)
                .collect()
        };
        ChangesSinceSave {
            moved: ids(&|c| c.status == AnchorStatus::Moved),
            wording_changed: ids(&|c| c.status == AnchorStatus::Fuzzy),
            orphaned: ids(&|c| c.status == AnchorStatus::Orphaned && !c.was_orphaned),
            missing_documents: self.missing.clone(),
            renamed: self.renamed.clone(),
            joined_copies: self.joined_copies.clone(),
            added_documents: self.added.clone(),
            changed_documents: self.changed_documents.clone(),
            removed_documents: self.removed.clone(),
        }
    }

    /// "12 anchored, 2 moved, 1 fuzzy, 1 orphaned".
    pub fn summary(&self) -> String {
        let t = &self.totals;
        format!(
            "{} anchored, {} moved, {} fuzzy, {} orphaned",
            t.anchored, t.moved, t.fuzzy, t.orphaned
        )
    }
}

/// Updates `project` to match `corpus`: re-anchors every annotation (orphans included, so
/// that one whose passage came back is re-attached), follows renamed documents, marks the
/// annotations of missing documents as orphans, and refreshes the document records.
pub fn reconcile(project: &mut Project, corpus: &Corpus) -> ReconcileReport {
    let mut report = ReconcileReport::default();
    // A project that never saw its corpus (a folder just opened) has nothing "added".
    let knew_corpus = !project.documents.is_empty();
    let mut joined = copies_of_known_documents(project, corpus);
    let (mut renames, followed) = find_renames(project, corpus, &joined);
    joined.extend(followed);
    let shifts = find_shifts(project, corpus, &joined, &renames);
    // Annotations made on a text that is gone from its place, whose place now holds
    // another text: checked as orphans, never re-anchored in that other text (a message
    // without a Message-ID is named by its position, and a message added before it gives
    // its name to another message).
    let displaced = displaced_documents(project, corpus, &shifts);
    let forced_orphans: std::collections::HashSet<AnnotationId> = project
        .annotations
        .values()
        .filter(|a| displaced.contains(a.document.as_str()))
        .map(|a| a.id)
        .collect();
    // Every move at once: shifted parts may chain (#1 to #2 while #2 goes to #3).
    let moves: HashMap<&str, &str> = renames
        .iter()
        .chain(&joined)
        .chain(&shifts)
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    for a in project.annotations.values_mut() {
        if let Some(new) = moves.get(a.document.as_str()) {
            a.document = (*new).to_owned();
            report.changed_annotations = true;
        }
    }
    for (old, new) in renames.iter().chain(&joined) {
        join_record(project, old, new);
    }
    shift_records(project, &shifts);
    renames.extend(shifts);
    report.renamed = renames;
    report.joined_copies = joined;

    // Group annotation ids by document so that each text is prepared once.
    let mut by_document: BTreeMap<String, Vec<AnnotationId>> = BTreeMap::new();
    for a in project.annotations.values() {
        by_document
            .entry(a.document.clone())
            .or_default()
            .push(a.id);
    }
    let unchanged: HashMap<&str, bool> = project
        .documents
        .values()
        .map(|r| {
            let same = corpus.get(&r.path).is_some_and(|d| d.hash == r.hash);
            (r.path.as_str(), same)
        })
        .collect();
    report.changed_documents = project
        .documents
        .values()
        .filter(|r| corpus.get(&r.path).is_some_and(|d| d.hash != r.hash))
        .map(|r| r.path.clone())
        .collect();
    report.missing = by_document
        .keys()
        .filter(|path| corpus.get(path).is_none())
        .cloned()
        .collect();
    report.removed = project
        .documents
        .keys()
        .filter(|path| corpus.get(path).is_none() && !by_document.contains_key(*path))
        .cloned()
        .collect();
    if knew_corpus {
        report.added = corpus
            .documents
            .iter()
            .filter(|d| {
                !project.documents.contains_key(&d.path)
                    && !report.renamed.iter().any(|(_, new)| new == &d.path)
            })
            .map(|d| d.path.clone())
            .collect();
    }

    let results: Vec<(Annotation, AnnotationCheck)> = by_document
        .par_iter()
        .flat_map_iter(|(path, ids)| {
            let doc = corpus.get(path).map(|d| &**d);
            let same_text = unchanged.get(path.as_str()).copied().unwrap_or(false);
            let (gone, kept): (Vec<AnnotationId>, Vec<AnnotationId>) =
                ids.iter().partition(|id| forced_orphans.contains(id));
            let mut checks = check_document(project, doc, same_text, path, &kept);
            checks.extend(check_document(project, None, false, path, &gone));
            checks
        })
        .collect();

    for (updated, check) in results {
        match check.status {
            AnchorStatus::Anchored => report.totals.anchored += 1,
            AnchorStatus::Moved => report.totals.moved += 1,
            AnchorStatus::Fuzzy => report.totals.fuzzy += 1,
            AnchorStatus::Orphaned => report.totals.orphaned += 1,
        }
        if let Some(slot) = project.annotations.get_mut(&updated.id)
            && *slot != updated
        {
            *slot = updated;
            report.changed_annotations = true;
        }
        report.annotations.push(check);
    }
    report.annotations.sort_by_key(|c| c.id);

    // Records: every document of the corpus, plus missing ones still referred to.
    let referenced: std::collections::HashSet<&str> = project
        .annotations
        .values()
        .map(|a| a.document.as_str())
        .collect();
    let mut records: BTreeMap<String, DocumentRecord> = project
        .documents
        .iter()
        // A document gone from the folder keeps its record while something refers to it:
        // annotations, or coders who marked it coded.
        .filter(|(path, r)| {
            (referenced.contains(path.as_str()) || !r.coded_by.is_empty())
                && corpus.get(path).is_none()
        })
        .map(|(p, r)| (p.clone(), r.clone()))
        .collect();
    for doc in &corpus.documents {
        let earlier = project.documents.get(&doc.path);
        records.insert(
            doc.path.clone(),
            DocumentRecord {
                path: doc.path.clone(),
                hash: doc.hash.clone(),
                title: doc.title.clone(),
                renamed: earlier.and_then(|r| r.renamed.clone()),
                coded_by: earlier.map(|r| r.coded_by.clone()).unwrap_or_default(),
            },
        );
    }
    project.documents = records;
    report
}

fn check_document(
    project: &Project,
    doc: Option<&Document>,
    same_text: bool,
    path: &str,
    ids: &[AnnotationId],
) -> Vec<(Annotation, AnnotationCheck)> {
    let reanchorer = doc.map(|d| Reanchorer::with_layout(&d.text, d.layout.as_deref()));
    ids.iter()
        .filter_map(|id| project.annotations.get(id))
        .map(|a| {
            let mut updated = a.clone();
            let status = match &reanchorer {
                None => AnchorStatus::Orphaned,
                Some(r) => {
                    // A region is always checked against the pages: the same text can come
                    // with other pages (a scan read again), and finding it is cheap.
                    let fast = same_text && !a.orphaned && a.anchor.region.is_none();
                    let (status, anchor) = if fast
                        && doc.and_then(|d| d.text.slice(a.anchor.start..a.anchor.end))
                            == Some(a.anchor.current_text())
                    {
                        (AnchorStatus::Anchored, None)
                    } else {
                        r.reanchor(&a.anchor)
                    };
                    if let Some(anchor) = anchor {
                        updated.anchor = anchor;
                    }
                    status
                }
            };
            updated.orphaned = status == AnchorStatus::Orphaned;
            let check = AnnotationCheck {
                id: a.id,
                document: path.to_owned(),
                status,
                start: updated.anchor.start,
                end: updated.anchor.end,
                quote: updated.anchor.quote.clone(),
                current_quote: updated.anchor.current_quote.clone(),
                was_orphaned: a.orphaned,
            };
            (updated, check)
        })
        .collect()
}

/// The documents the project knows, or has annotations on, that are now exact copies of
/// another (`corpus.copies`): (copy, canonical). Their annotations belong to the canonical
/// document, the one all copies are, so that they show in every place.
fn copies_of_known_documents(project: &Project, corpus: &Corpus) -> Vec<(String, String)> {
    if corpus.copies.is_empty() {
        return Vec::new();
    }
    let known = project
        .documents
        .keys()
        .chain(project.annotations.values().map(|a| &a.document));
    let mut joined: Vec<(String, String)> = known
        .filter_map(|id| Some((id.clone(), corpus.copies.canonical_of(id)?.to_owned())))
        .collect();
    joined.sort();
    joined.dedup();
    joined
}

/// The record of `old` folded into `new`'s: the coders who marked it coded, and the title
/// the user gave it when `new` has none.
fn join_record(project: &mut Project, old: &str, new: &str) {
    let Some(old) = project.documents.remove(old) else {
        return;
    };
    let record = project
        .documents
        .entry(new.to_owned())
        .or_insert_with(|| DocumentRecord {
            path: new.to_owned(),
            ..old.clone()
        });
    record.coded_by.extend(old.coded_by);
    if record.renamed.is_none() {
        record.renamed = old.renamed;
    }
}

/// Documents whose annotations go to another: (old, new) each.
type Moves = Vec<(String, String)>;

/// Documents still in the corpus whose text changed while the text the project knew there
/// is now another document's, one the project did not know or whose own text changed too:
/// (old, new). These are the parts of a file named by their position (`inbox.mbox#3`, a
/// message without a Message-ID), shifted when a message is added or removed before them,
/// and files whose texts were swapped: the annotations follow the text. Documents already
/// moved by `joined` or `renames`, and texts the project knew in more than one changed
/// place, are left out.
fn find_shifts(project: &Project, corpus: &Corpus, joined: &Moves, renames: &Moves) -> Moves {
    let changed: Vec<&DocumentRecord> = project
        .documents
        .values()
        .filter(|r| corpus.get(&r.path).is_some_and(|d| d.hash != r.hash))
        .filter(|r| !joined.iter().chain(renames).any(|(old, _)| *old == r.path))
        .collect();
    if changed.is_empty() {
        return Vec::new();
    }
    let mut known_in: HashMap<&str, usize> = HashMap::new();
    for r in &changed {
        *known_in.entry(r.hash.0.as_str()).or_default() += 1;
    }
    let taken: std::collections::HashSet<&str> = joined
        .iter()
        .chain(renames)
        .map(|(_, new)| new.as_str())
        .collect();
    // Exact copies are collapsed on loading: at most one document has a given text.
    let by_hash: HashMap<&str, &str> = corpus
        .documents
        .iter()
        .map(|d| (d.hash.0.as_str(), d.path.as_str()))
        .collect();
    changed
        .into_iter()
        .filter(|r| known_in.get(r.hash.0.as_str()) == Some(&1))
        .filter_map(|r| {
            let now = *by_hash.get(r.hash.0.as_str())?;
            let still_there = project.documents.get(now).is_some_and(|n| n.hash == r.hash);
            (now != r.path && !still_there && !taken.contains(now))
                .then(|| (r.path.clone(), now.to_owned()))
        })
        .collect()
}

/// The documents whose annotations were made on a text that is no longer there and not
/// found elsewhere, while the place holds another text: the text of another document the
/// project knew, or, for a part named by its position, a part of another title (another
/// message). Their annotations become orphans, kept, rather than be re-anchored in a text
/// they were never made on.
fn displaced_documents<'p>(
    project: &'p Project,
    corpus: &Corpus,
    shifts: &Moves,
) -> std::collections::HashSet<&'p str> {
    let known: std::collections::HashSet<&str> = project
        .documents
        .values()
        .map(|r| r.hash.0.as_str())
        .collect();
    project
        .documents
        .values()
        .filter(|r| !shifts.iter().any(|(old, _)| *old == r.path))
        .filter(|r| {
            corpus.get(&r.path).is_some_and(|d| {
                d.hash != r.hash
                    && (known.contains(d.hash.0.as_str())
                        || (named_by_position(&r.path) && d.title != r.title))
            })
        })
        .map(|r| r.path.as_str())
        .collect()
}

/// A part named by its position in its file: `inbox.mbox#3` (a message without a
/// Message-ID), `#3~2`.
fn named_by_position(path: &str) -> bool {
    let Some((_, suffix)) = path.rsplit_once('#') else {
        return false;
    };
    let number = suffix.split_once('~').map_or(suffix, |(n, _)| n);
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && !suffix.contains('/')
}

/// The records of shifted documents moved with their texts, all at once: a user's title and
/// the coders' marks belong to the text, not to the position. A place whose text left and
/// that no text moved into loses its record, so that what it holds now counts as added.
fn shift_records(project: &mut Project, shifts: &Moves) {
    let moved: Vec<(String, DocumentRecord)> = shifts
        .iter()
        .filter_map(|(old, new)| {
            let record = project.documents.get(old)?.clone();
            Some((
                new.clone(),
                DocumentRecord {
                    path: new.clone(),
                    ..record
                },
            ))
        })
        .collect();
    for (old, _) in shifts {
        project.documents.remove(old);
    }
    project.documents.extend(moved);
}

/// Documents that disappeared while a new one with the very same text appeared: renamed
/// or moved files, when the match is one-to-one; and documents that disappeared while the
/// corpus holds their text elsewhere, as the one document all its copies are (so a
/// deleted file's annotations follow a copy that remains): (old, new) each. Documents
/// `joined` already are left out.
fn find_renames(project: &Project, corpus: &Corpus, joined: &[(String, String)]) -> (Moves, Moves) {
    let missing: Vec<&DocumentRecord> = project
        .documents
        .values()
        .filter(|r| corpus.get(&r.path).is_none())
        .filter(|r| !joined.iter().any(|(old, _)| *old == r.path))
        .collect();
    if missing.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Exact copies are collapsed on loading: at most one document has a given text.
    let by_hash: HashMap<&str, &str> = corpus
        .documents
        .iter()
        .map(|d| (d.hash.0.as_str(), d.path.as_str()))
        .collect();
    let mut new_by_hash: HashMap<&str, Vec<&str>> = HashMap::new();
    for d in &corpus.documents {
        if !project.documents.contains_key(&d.path) {
            new_by_hash.entry(&d.hash.0).or_default().push(&d.path);
        }
    }
    let mut renames = Vec::new();
    let mut followed = Vec::new();
    for record in missing {
        let same_hash_missing = project
            .documents
            .values()
            .filter(|r| r.hash == record.hash && corpus.get(&r.path).is_none())
            .count();
        if let Some(candidates) = new_by_hash.get(record.hash.0.as_str())
            && candidates.len() == 1
            && same_hash_missing == 1
        {
            renames.push((record.path.clone(), candidates[0].to_owned()));
        } else if let Some(copy) = by_hash.get(record.hash.0.as_str()) {
            followed.push((record.path.clone(), (*copy).to_owned()));
        }
    }
    (renames, followed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_later_summary_adds_to_the_one_shown_without_listing_twice() {
        let mut shown = ChangesSinceSave {
            changed_documents: vec!["a.txt".into()],
            missing_documents: vec!["gone.txt".into()],
            ..ChangesSinceSave::default()
        };
        shown.merge(ChangesSinceSave {
            changed_documents: vec!["a.txt".into(), "b.txt".into()],
            added_documents: vec!["new.txt".into()],
            ..ChangesSinceSave::default()
        });
        assert_eq!(shown.changed_documents, ["a.txt", "b.txt"]);
        assert_eq!(shown.added_documents, ["new.txt"]);
        assert_eq!(shown.missing_documents, ["gone.txt"]);
    }
}

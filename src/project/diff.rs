//! What changed between two versions of a project, as a person reviewing the change cares
//! about it (`dossier diff OLD NEW`), and a readable, line-oriented summary of one project
//! for `git diff` through a textconv (`dossier diff --textconv FILE`).
//!
//! Items are matched by id, which survives copies (see `project::ids`): an annotation whose
//! id is in both versions changed, one only in the new version was added. A tag that is
//! gone while the annotations that had it now carry another tag was merged into that tag
//! (its annotations are then not listed as changed for that alone).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::model::{Annotation, Project, TagId};
use crate::entities::{EntityDictionary, PhraseRule};

/// An annotation as a diff shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotationSummary {
    /// Its id.
    pub id: String,
    /// Its document, relative to the corpus folder.
    pub document: String,
    /// The passage as coded.
    pub quote: String,
    /// For a region of a page, the page and box in words ("page 3, 120×90 at 10,40").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Who coded it, when recorded.
    pub coder: Option<String>,
    /// Its tags' full paths.
    pub tags: Vec<String>,
    /// Its note.
    pub note: String,
}

/// One field of an annotation that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// "quote", "position", "region", "document", "note", "tags", "coder" or "orphaned".
    pub field: &'static str,
    /// The value before.
    pub old: String,
    /// The value after.
    pub new: String,
}

/// An annotation in both versions that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AnnotationChange {
    /// The annotation as it is in the new version.
    pub annotation: AnnotationSummary,
    /// What changed, in a fixed order of fields.
    pub changes: Vec<FieldChange>,
}

/// A tag given another name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagRename {
    /// Its full path before.
    pub from: String,
    /// Its full path after.
    pub to: String,
}

/// A tag merged into another: gone, its annotations now carry `into`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagMerge {
    /// The tag that went (its path in the old version).
    pub from: String,
    /// The tag that stayed (its path in the new version).
    pub into: String,
    /// How many annotations moved.
    pub annotations: usize,
}

/// A tag placed under another parent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TagMove {
    /// The tag's name.
    pub tag: String,
    /// Its parent's path before (`None`: the top level).
    pub from: Option<String>,
    /// Its parent's path after.
    pub to: Option<String>,
}

/// A document marked (or unmarked) coded by a coder.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodedMark {
    /// The document.
    pub document: String,
    /// The coder.
    pub coder: String,
}

/// The changes from one version of a project to another.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ProjectDiff {
    /// Annotations only in the new version.
    pub annotations_added: Vec<AnnotationSummary>,
    /// Annotations only in the old version.
    pub annotations_removed: Vec<AnnotationSummary>,
    /// Annotations in both that differ.
    pub annotations_changed: Vec<AnnotationChange>,
    /// Tags only in the new version (paths).
    pub tags_added: Vec<String>,
    /// Tags gone without being merged (paths in the old version).
    pub tags_removed: Vec<String>,
    /// Tags renamed.
    pub tags_renamed: Vec<TagRename>,
    /// Tags merged into others.
    pub tags_merged: Vec<TagMerge>,
    /// Tags moved to another parent.
    pub tags_moved: Vec<TagMove>,
    /// Entity corrections only in the new version, in words.
    pub entity_corrections_added: Vec<String>,
    /// Entity corrections only in the old version, in words.
    pub entity_corrections_removed: Vec<String>,
    /// Documents newly marked coded.
    pub documents_marked_coded: Vec<CodedMark>,
    /// Documents no longer marked coded.
    pub documents_unmarked_coded: Vec<CodedMark>,
}

impl ProjectDiff {
    /// The changes from `old` to `new`.
    pub fn between(old: &Project, new: &Project) -> Self {
        let mut diff = Self::default();
        let merged = merged_tags(old, new);
        diff_tags(old, new, &merged, &mut diff);
        for (id, a) in &new.annotations {
            match old.annotations.get(id) {
                None => diff.annotations_added.push(summary(new, a)),
                Some(before) => {
                    let changes = annotation_changes(old, new, before, a, &merged);
                    if !changes.is_empty() {
                        diff.annotations_changed.push(AnnotationChange {
                            annotation: summary(new, a),
                            changes,
                        });
                    }
                }
            }
        }
        diff.annotations_removed = old
            .annotations
            .iter()
            .filter(|(id, _)| !new.annotations.contains_key(id))
            .map(|(_, a)| summary(old, a))
            .collect();
        let (before, after) = (
            corrections(&old.entity_rules),
            corrections(&new.entity_rules),
        );
        diff.entity_corrections_added = after.difference(&before).cloned().collect();
        diff.entity_corrections_removed = before.difference(&after).cloned().collect();
        let (before, after) = (coded_marks(old), coded_marks(new));
        diff.documents_marked_coded = after.difference(&before).map(mark).collect();
        diff.documents_unmarked_coded = before.difference(&after).map(mark).collect();
        diff
    }

    /// True when nothing a person cares about changed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// The changes in words, one item a line, grouped under headings.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut section = |title: &str, lines: Vec<String>| {
            if !lines.is_empty() {
                let _ = writeln!(out, "{title} ({})", lines.len());
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
            }
        };
        let line = |sign: char, a: &AnnotationSummary| {
            let mut s = format!("{sign} {}  “{}”", a.document, one_line(&a.quote));
            if let Some(region) = &a.region {
                let _ = write!(s, "  region on {region}");
            }
            if let Some(c) = &a.coder {
                let _ = write!(s, "  by {c}");
            }
            if !a.tags.is_empty() {
                let _ = write!(s, "  [{}]", a.tags.join("; "));
            }
            s
        };
        section(
            "Annotations added",
            self.annotations_added
                .iter()
                .map(|a| line('+', a))
                .collect(),
        );
        section(
            "Annotations removed",
            self.annotations_removed
                .iter()
                .map(|a| line('-', a))
                .collect(),
        );
        section(
            "Annotations changed",
            self.annotations_changed
                .iter()
                .map(|c| {
                    let mut s = line('~', &c.annotation);
                    for f in &c.changes {
                        if f.field == "region" && !f.old.is_empty() && !f.new.is_empty() {
                            let _ = write!(s, "\n      region moved: {} → {}", f.old, f.new);
                            continue;
                        }
                        let _ = write!(
                            s,
                            "\n      {}: “{}” → “{}”",
                            f.field,
                            one_line(&f.old),
                            one_line(&f.new)
                        );
                    }
                    s
                })
                .collect(),
        );
        section(
            "Tags added",
            self.tags_added.iter().map(|t| format!("+ {t}")).collect(),
        );
        section(
            "Tags removed",
            self.tags_removed.iter().map(|t| format!("- {t}")).collect(),
        );
        section(
            "Tags renamed",
            self.tags_renamed
                .iter()
                .map(|r| format!("{} → {}", r.from, r.to))
                .collect(),
        );
        section(
            "Tags merged",
            self.tags_merged
                .iter()
                .map(|m| {
                    format!(
                        "{} into {} ({})",
                        m.from,
                        m.into,
                        crate::text::counted(m.annotations, "annotation", "annotations")
                    )
                })
                .collect(),
        );
        let place = |p: &Option<String>| p.clone().unwrap_or_else(|| "the top level".into());
        section(
            "Tags moved",
            self.tags_moved
                .iter()
                .map(|m| format!("{}: from {} to {}", m.tag, place(&m.from), place(&m.to)))
                .collect(),
        );
        section(
            "Entity corrections added",
            self.entity_corrections_added
                .iter()
                .map(|c| format!("+ {c}"))
                .collect(),
        );
        section(
            "Entity corrections removed",
            self.entity_corrections_removed
                .iter()
                .map(|c| format!("- {c}"))
                .collect(),
        );
        let marks = |list: &[CodedMark]| {
            list.iter()
                .map(|m| format!("{} by {}", m.document, m.coder))
                .collect()
        };
        section(
            "Documents marked coded",
            marks(&self.documents_marked_coded),
        );
        section(
            "Documents no longer marked coded",
            marks(&self.documents_unmarked_coded),
        );
        if out.is_empty() {
            out.push_str("No changes to annotations, tags or entity corrections.\n");
        }
        out
    }
}

/// A readable, stable, line-oriented summary of one project, made for `git diff` (a
/// textconv): the codebook as a tree, then the annotations by document in text order, each
/// with its quote, position, tags, coder and note, then the entity corrections and the
/// documents marked coded. Every line says what it is, so a changed line reads alone.
pub fn textconv(project: &Project) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "project: {}", one_line(&project.name));
    out.push_str("\ntags:\n");
    for (depth, tag) in project.tag_tree() {
        let _ = writeln!(
            out,
            "{}{}  {}",
            "  ".repeat(depth + 1),
            one_line(&tag.name),
            tag.colour
        );
        if !tag.description.trim().is_empty() {
            let _ = writeln!(
                out,
                "{}  description: {}",
                "  ".repeat(depth + 1),
                one_line(&tag.description)
            );
        }
    }
    let mut by_document: BTreeMap<&str, Vec<&Annotation>> = BTreeMap::new();
    for a in project.annotations.values() {
        by_document.entry(&a.document).or_default().push(a);
    }
    out.push_str("\nannotations:\n");
    for (document, mut list) in by_document {
        list.sort_by_key(|a| (a.anchor.start, a.anchor.end, a.id));
        let _ = writeln!(out, "  {document}");
        for a in list {
            let orphan = if a.orphaned { "  (orphaned)" } else { "" };
            let _ = writeln!(
                out,
                "    “{}”  {}..{}{orphan}",
                one_line(&a.anchor.quote),
                a.anchor.start,
                a.anchor.end
            );
            if let Some(region) = a.anchor.region {
                let _ = writeln!(out, "      region: {}", region.describe());
            }
            if !a.tags.is_empty() {
                let _ = writeln!(
                    out,
                    "      tags: {}",
                    tag_paths(project, &a.tags).join("; ")
                );
            }
            if let Some(coder) = &a.coder {
                let _ = writeln!(out, "      coder: {}", one_line(coder));
            }
            for line in a.note.lines() {
                let _ = writeln!(out, "      note: {line}");
            }
        }
    }
    let corrections = corrections(&project.entity_rules);
    if !corrections.is_empty() {
        out.push_str("\nentity corrections:\n");
        for c in corrections {
            let _ = writeln!(out, "  {c}");
        }
    }
    let marks = coded_marks(project);
    if !marks.is_empty() {
        out.push_str("\nmarked coded:\n");
        for (document, coder) in marks {
            let _ = writeln!(out, "  {document}  by {coder}");
        }
    }
    out
}

/// Text on one line: line breaks shown as `⏎`.
fn one_line(text: &str) -> String {
    text.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎")
}

fn tag_paths(project: &Project, tags: &[TagId]) -> Vec<String> {
    tags.iter().map(|&t| project.tag_path(t)).collect()
}

fn summary(project: &Project, a: &Annotation) -> AnnotationSummary {
    AnnotationSummary {
        id: a.id.to_string(),
        document: a.document.clone(),
        quote: a.anchor.quote.clone(),
        region: a.anchor.region.map(|r| r.describe()),
        coder: a.coder.clone(),
        tags: tag_paths(project, &a.tags),
        note: a.note.clone(),
    }
}

/// Tags of `old` gone from `new` whose annotations all carry one same other tag now: the
/// tag they were merged into, and how many annotations moved.
fn merged_tags(old: &Project, new: &Project) -> BTreeMap<TagId, (TagId, usize)> {
    let mut merged = BTreeMap::new();
    for gone in old.tags.keys().filter(|t| !new.tags.contains_key(t)) {
        let users: Vec<(&Annotation, &Annotation)> = old
            .annotations
            .values()
            .filter(|a| a.tags.contains(gone))
            .filter_map(|a| Some((a, new.annotations.get(&a.id)?)))
            .collect();
        let Some((_, first)) = users.first() else {
            continue;
        };
        let into = first.tags.iter().copied().find(|candidate| {
            new.tags.contains_key(candidate)
                && users
                    .iter()
                    .all(|(_, after)| after.tags.contains(candidate))
                && users
                    .iter()
                    .any(|(before, _)| !before.tags.contains(candidate))
        });
        if let Some(into) = into {
            merged.insert(*gone, (into, users.len()));
        }
    }
    merged
}

fn diff_tags(
    old: &Project,
    new: &Project,
    merged: &BTreeMap<TagId, (TagId, usize)>,
    diff: &mut ProjectDiff,
) {
    for (depth_tag, path) in new.tag_tree().iter().map(|(_, t)| (t, new.tag_path(t.id))) {
        let Some(before) = old.tags.get(&depth_tag.id) else {
            diff.tags_added.push(path);
            continue;
        };
        if before.name != depth_tag.name {
            diff.tags_renamed.push(TagRename {
                from: old.tag_path(before.id),
                to: path,
            });
        }
        if before.parent != depth_tag.parent {
            diff.tags_moved.push(TagMove {
                tag: depth_tag.name.clone(),
                from: before.parent.map(|p| old.tag_path(p)),
                to: depth_tag.parent.map(|p| new.tag_path(p)),
            });
        }
    }
    for (_, tag) in old.tag_tree() {
        if new.tags.contains_key(&tag.id) {
            continue;
        }
        match merged.get(&tag.id) {
            Some((into, n)) => diff.tags_merged.push(TagMerge {
                from: old.tag_path(tag.id),
                into: new.tag_path(*into),
                annotations: *n,
            }),
            None => diff.tags_removed.push(old.tag_path(tag.id)),
        }
    }
}

fn annotation_changes(
    old: &Project,
    new: &Project,
    before: &Annotation,
    after: &Annotation,
    merged: &BTreeMap<TagId, (TagId, usize)>,
) -> Vec<FieldChange> {
    let mut changes = Vec::new();
    let mut change = |field, old: String, new: String| {
        if old != new {
            changes.push(FieldChange { field, old, new });
        }
    };
    change("document", before.document.clone(), after.document.clone());
    change(
        "quote",
        before.anchor.quote.clone(),
        after.anchor.quote.clone(),
    );
    change(
        "position",
        format!("{}..{}", before.anchor.start, before.anchor.end),
        format!("{}..{}", after.anchor.start, after.anchor.end),
    );
    // A box moved on its page, or to another page; empty on the side without a region.
    let region = |a: &Annotation| a.anchor.region.map(|r| r.describe()).unwrap_or_default();
    change("region", region(before), region(after));
    change("note", before.note.clone(), after.note.clone());
    // Tags compared by id, a merged tag read as the tag it went into: a rename or a merge
    // is listed once, under tags, not on every annotation it touched.
    let through_merges: BTreeSet<TagId> = before
        .tags
        .iter()
        .map(|t| merged.get(t).map_or(*t, |(into, _)| *into))
        .collect();
    let now: BTreeSet<TagId> = after.tags.iter().copied().collect();
    if through_merges != now {
        changes.push(FieldChange {
            field: "tags",
            old: tag_paths(old, &before.tags).join("; "),
            new: tag_paths(new, &after.tags).join("; "),
        });
    }
    let name = |c: &Option<String>| c.clone().unwrap_or_default();
    let mut change = |field, old: String, new: String| {
        if old != new {
            changes.push(FieldChange { field, old, new });
        }
    };
    change("coder", name(&before.coder), name(&after.coder));
    change(
        "orphaned",
        before.orphaned.to_string(),
        after.orphaned.to_string(),
    );
    changes
}

/// The entity corrections in words, one per rule; a rule made for one kind of mention says
/// which ("never “Jordan” (as Person)").
fn corrections(rules: &EntityDictionary) -> BTreeSet<String> {
    let of = |kind: Option<crate::entities::EntityKind>| {
        kind.map_or_else(String::new, |k| format!(" (as {})", k.display_name()))
    };
    let phrases = rules.phrases.iter().map(|p| match p.rule {
        PhraseRule::Always(kind) => format!(
            "always “{}”{} as {}",
            p.phrase,
            of(p.of),
            kind.display_name()
        ),
        PhraseRule::Never => format!("never “{}”{}", p.phrase, of(p.of)),
    });
    let aliases = rules
        .aliases
        .iter()
        .map(|a| format!("“{}”{} is “{}”", a.alias, of(a.of), a.canonical));
    let orders = rules.slash_orders.iter().map(|e| {
        let place = e
            .document
            .as_ref()
            .map_or_else(|| "every document".to_owned(), |d| format!("“{d}”"));
        format!("slashed dates {} in {place}", e.order.name())
    });
    phrases.chain(aliases).chain(orders).collect()
}

fn coded_marks(project: &Project) -> BTreeSet<(String, String)> {
    project
        .documents
        .values()
        .flat_map(|d| d.coded_by.iter().map(|c| (d.path.clone(), c.clone())))
        .collect()
}

fn mark((document, coder): &(String, String)) -> CodedMark {
    CodedMark {
        document: document.clone(),
        coder: coder.clone(),
    }
}

#[cfg(test)]
mod tests;

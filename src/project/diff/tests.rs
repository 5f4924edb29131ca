//! Tests of the project diff and the textconv summary.

use super::*;
use crate::entities::EntityKind;
use crate::project::{Anchor, Command, DocumentRecord, Rgb, Tag};

fn at() -> jiff::Timestamp {
    "2026-12-01T10:00:00Z".parse().expect("timestamp")
}

fn tag(p: &mut Project, name: &str, parent: Option<TagId>) -> TagId {
    let id = p.new_tag_id();
    Command::AddTag(Tag {
        id,
        name: name.into(),
        colour: Rgb(1, 2, 3),
        description: String::new(),
        parent,
    })
    .apply(p)
    .expect("tag");
    id
}

fn annotate(
    p: &mut Project,
    doc: &str,
    quote: &str,
    start: usize,
    tags: &[TagId],
    coder: Option<&str>,
) -> crate::project::AnnotationId {
    let id = p.new_annotation_id();
    Command::AddAnnotation(Annotation {
        id,
        document: doc.into(),
        anchor: Anchor {
            start,
            end: start + quote.chars().count(),
            quote: quote.into(),
            prefix: String::new(),
            suffix: String::new(),
            current_quote: None,
            region: None,
        },
        note: String::new(),
        tags: tags.to_vec(),
        created: at(),
        modified: at(),
        orphaned: false,
        history: Vec::new(),
        coder: coder.map(str::to_owned),
    })
    .apply(p)
    .expect("annotation");
    id
}

/// A project with tags Russia > Bases, Diplomacy, Talks, and three annotations.
fn base() -> (Project, [TagId; 4], [crate::project::AnnotationId; 3]) {
    let mut p = Project::new("t");
    p.documents.insert(
        "a.txt".into(),
        DocumentRecord {
            path: "a.txt".into(),
            hash: crate::corpus::ContentHash::of_text("x"),
            title: "A".into(),
            renamed: None,
            coded_by: Default::default(),
        },
    );
    let russia = tag(&mut p, "Russia", None);
    let bases = tag(&mut p, "Bases", Some(russia));
    let diplomacy = tag(&mut p, "Diplomacy", None);
    let talks = tag(&mut p, "Talks", None);
    let a = annotate(&mut p, "a.txt", "Hmeimim", 10, &[bases], Some("Ana"));
    let b = annotate(&mut p, "a.txt", "talks in\nDamascus", 30, &[talks], None);
    let c = annotate(&mut p, "b.txt", "Tartus", 0, &[diplomacy], Some("Bob"));
    (p, [russia, bases, diplomacy, talks], [a, b, c])
}

#[test]
fn nothing_changed_is_an_empty_diff() {
    let (p, _, _) = base();
    let diff = ProjectDiff::between(&p, &p.clone());
    assert!(diff.is_empty());
    assert!(diff.to_text().starts_with("No changes"));
}

#[test]
fn annotations_added_removed_and_changed_with_quote_document_and_coder() {
    let (old, _, [a, b, _]) = base();
    let mut new = old.clone();
    let added = annotate(&mut new, "b.txt", "naval base", 40, &[], Some("Cleo"));
    Command::DeleteAnnotation(b)
        .apply(&mut new)
        .expect("delete");
    Command::SetNote {
        id: a,
        note: "check".into(),
        at: at(),
    }
    .apply(&mut new)
    .expect("note");
    let diff = ProjectDiff::between(&old, &new);
    assert_eq!(diff.annotations_added.len(), 1);
    assert_eq!(diff.annotations_added[0].id, added.to_string());
    assert_eq!(diff.annotations_added[0].coder.as_deref(), Some("Cleo"));
    assert_eq!(diff.annotations_removed[0].quote, "talks in\nDamascus");
    let changed = &diff.annotations_changed[0];
    assert_eq!(changed.annotation.quote, "Hmeimim");
    assert_eq!(changed.annotation.coder.as_deref(), Some("Ana"));
    assert_eq!(
        changed.changes,
        [FieldChange {
            field: "note",
            old: String::new(),
            new: "check".into()
        }]
    );
    let text = diff.to_text();
    assert!(text.contains("+ b.txt  “naval base”  by Cleo"), "{text}");
    assert!(text.contains("- a.txt  “talks in⏎Damascus”"), "{text}");
    assert!(
        text.contains("~ a.txt  “Hmeimim”  by Ana  [Russia / Bases]\n      note: “” → “check”"),
        "{text}"
    );
}

#[test]
fn tags_renamed_merged_moved_and_entity_corrections() {
    let (old, [russia, bases, diplomacy, talks], [_, _, c]) = base();
    let mut new = old.clone();
    Command::RenameTag {
        id: russia,
        name: "Russian Federation".into(),
    }
    .apply(&mut new)
    .expect("rename");
    Command::MergeTags {
        from: talks,
        into: diplomacy,
    }
    .apply(&mut new)
    .expect("merge");
    Command::ReparentTag {
        id: bases,
        parent: None,
    }
    .apply(&mut new)
    .expect("move");
    Command::EntityRule {
        phrase: "Hmeimim".into(),
        of: None,
        place: None,
        rule: Some(PhraseRule::Always(EntityKind::Loc)),
    }
    .apply(&mut new)
    .expect("rule");
    Command::MarkCoded {
        path: "a.txt".into(),
        coder: "Ana".into(),
        coded: true,
    }
    .apply(&mut new)
    .expect("mark");
    let diff = ProjectDiff::between(&old, &new);
    assert_eq!(
        diff.tags_renamed,
        [TagRename {
            from: "Russia".into(),
            to: "Russian Federation".into()
        }]
    );
    assert_eq!(
        diff.tags_merged,
        [TagMerge {
            from: "Talks".into(),
            into: "Diplomacy".into(),
            annotations: 1
        }]
    );
    assert!(diff.tags_removed.is_empty());
    assert_eq!(
        diff.tags_moved,
        [TagMove {
            tag: "Bases".into(),
            from: Some("Russia".into()),
            to: None
        }]
    );
    // The merge and the rename are said once, not on each annotation they touched.
    assert!(diff.annotations_changed.is_empty(), "{diff:?}");
    assert_eq!(diff.entity_corrections_added.len(), 1);
    assert!(diff.entity_corrections_added[0].contains("Hmeimim"));
    assert_eq!(
        diff.documents_marked_coded,
        [CodedMark {
            document: "a.txt".into(),
            coder: "Ana".into()
        }]
    );
    // A tag taken off by hand is a change of the annotation's tags.
    Command::SetTags {
        id: c,
        tags: vec![],
        at: at(),
    }
    .apply(&mut new)
    .expect("untag");
    let diff = ProjectDiff::between(&old, &new);
    assert_eq!(diff.annotations_changed.len(), 1);
    assert_eq!(diff.annotations_changed[0].changes[0].field, "tags");
    assert_eq!(diff.annotations_changed[0].changes[0].old, "Diplomacy");
    let text = diff.to_text();
    assert!(
        text.contains("Tags merged (1)\n  Talks into Diplomacy (1 annotation)"),
        "{text}"
    );
    assert!(
        text.contains("Bases: from Russia to the top level"),
        "{text}"
    );
}

#[test]
fn the_textconv_summary_is_stable_and_says_what_each_line_is() {
    let (mut p, _, [a, _, _]) = base();
    Command::SetNote {
        id: a,
        note: "first line\nsecond line".into(),
        at: at(),
    }
    .apply(&mut p)
    .expect("note");
    let text = textconv(&p);
    assert_eq!(text, textconv(&p.clone()));
    let expected_start = "project: t\n\ntags:\n  Diplomacy  #010203\n  Russia  #010203\n    Bases  #010203\n  Talks  #010203\n\nannotations:\n  a.txt\n    “Hmeimim”  10..17\n      tags: Russia / Bases\n      coder: Ana\n      note: first line\n      note: second line\n    “talks in⏎Damascus”  30..47\n      tags: Talks\n  b.txt\n";
    assert!(text.starts_with(expected_start), "{text}");
}

fn photo_box(x: f32) -> Option<crate::project::PageRegion> {
    let rect = crate::corpus::layout::PageRect {
        x,
        y: 40.0,
        w: 120.0,
        h: 90.0,
    };
    crate::project::PageRegion::new(2, rect)
}

#[test]
fn a_region_moved_on_its_page_is_shown_in_the_diff_and_in_textconv() {
    let (mut old, _, [a, _, _]) = base();
    old.annotations.get_mut(&a).expect("a").anchor.region = photo_box(10.0);
    let mut new = old.clone();
    new.annotations.get_mut(&a).expect("a").anchor.region = photo_box(30.0);
    let diff = ProjectDiff::between(&old, &new);
    let changed = &diff.annotations_changed[0];
    assert_eq!(
        changed.changes,
        [FieldChange {
            field: "region",
            old: "page 3, 120×90 at 10,40".into(),
            new: "page 3, 120×90 at 30,40".into()
        }]
    );
    let text = diff.to_text();
    assert!(
        text.contains(
            "“Hmeimim”  region on page 3, 120×90 at 30,40  by Ana  [Russia / Bases]\n      region moved: page 3, 120×90 at 10,40 → page 3, 120×90 at 30,40"
        ),
        "{text}"
    );
    assert!(
        textconv(&new).contains("    “Hmeimim”  10..17\n      region: page 3, 120×90 at 30,40\n"),
        "{}",
        textconv(&new)
    );
}

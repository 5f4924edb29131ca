//! Every command, undone and redone, returns the project to the same state.

use crate::common;

use common::*;
use dossier::entities::{EntityKind, PhraseRule};
use dossier::project::{
    Anchor, Annotation, Command, CommandError, DocumentRecord, Project, Rgb, Tag, TagId, Workspace,
};

/// A project with a small tag tree and annotations that use the tags.
fn fixture() -> (Workspace, [TagId; 4]) {
    let mut ws = Workspace::unsaved(Project::new("t"));
    let russia = add_tag(&mut ws, "Russia", None);
    let bases = add_tag(&mut ws, "Bases", Some(russia));
    let air = add_tag(&mut ws, "Air", Some(bases));
    let diplomacy = add_tag(&mut ws, "Diplomacy", None);
    for (i, tags) in [vec![bases], vec![bases, diplomacy], vec![air], vec![]]
        .into_iter()
        .enumerate()
    {
        let id = ws.project.new_annotation_id();
        let t = at("2026-01-01T00:00:00Z");
        ws.execute(Command::AddAnnotation(Annotation {
            id,
            document: format!("doc{i}.txt"),
            anchor: Anchor {
                start: 0,
                end: 5,
                quote: "Syria".into(),
                prefix: String::new(),
                suffix: " is".into(),
                current_quote: None,
                region: None,
            },
            note: format!("note {i}"),
            tags,
            created: t,
            modified: t,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        }))
        .expect("annotation");
    }
    (ws, [russia, bases, air, diplomacy])
}

fn first_annotation(p: &Project) -> Annotation {
    p.annotations
        .values()
        .next()
        .expect("an annotation")
        .clone()
}

/// Applies `command`, then checks undo gives the state before and redo the state after.
fn check_round_trip(name: &str, mut ws: Workspace, command: Command) {
    let before = ws.project.clone();
    ws.execute(command)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let after = ws.project.clone();
    assert_ne!(before, after, "{name} changed nothing");
    assert!(ws.undo().expect("undo").is_some());
    assert_eq!(ws.project, before, "{name}: undo");
    assert!(ws.redo().expect("redo").is_some());
    assert_eq!(ws.project, after, "{name}: redo");
    // And once more, so that the re-created inverses are right too.
    ws.undo().expect("undo again");
    assert_eq!(ws.project, before, "{name}: second undo");
}

#[test]
fn every_command_undoes_and_redoes_exactly() {
    let later = at("2026-06-01T12:00:00Z");
    let (ws, [russia, bases, air, diplomacy]) = fixture();
    let a = first_annotation(&ws.project);
    let new_tag = |ws: &mut Workspace| Tag {
        id: ws.project.new_tag_id(),
        name: "New".into(),
        colour: Rgb::PALETTE[2],
        description: "d".into(),
        parent: Some(russia),
    };

    let mut cases: Vec<(&str, Workspace, Command)> = Vec::new();
    let mut w = ws.clone();
    let tag = new_tag(&mut w);
    cases.push(("add tag", w, Command::AddTag(tag)));
    let mut w = ws.clone();
    let mut extra = a.clone();
    extra.id = w.project.new_annotation_id();
    cases.push(("add annotation", w, Command::AddAnnotation(extra)));
    cases.push((
        "delete annotation",
        ws.clone(),
        Command::DeleteAnnotation(a.id),
    ));
    cases.push((
        "set note",
        ws.clone(),
        Command::SetNote {
            id: a.id,
            note: "changed".into(),
            at: later,
        },
    ));
    cases.push((
        "set tags",
        ws.clone(),
        Command::SetTags {
            id: a.id,
            tags: vec![diplomacy, air],
            at: later,
        },
    ));
    let moved = Anchor {
        start: 10,
        end: 14,
        quote: "Tart".into(),
        prefix: "x".into(),
        suffix: "us".into(),
        current_quote: None,
        region: None,
    };
    cases.push((
        "set anchor",
        ws.clone(),
        Command::SetAnchor {
            id: a.id,
            document: "other.txt".into(),
            anchor: moved,
            at: later,
        },
    ));
    let mut replaced = a.clone();
    replaced.note = "replaced".into();
    cases.push((
        "replace annotation",
        ws.clone(),
        Command::ReplaceAnnotation(replaced),
    ));
    cases.push((
        "rename tag",
        ws.clone(),
        Command::RenameTag {
            id: bases,
            name: "Military bases".into(),
        },
    ));
    cases.push((
        "recolour tag",
        ws.clone(),
        Command::RecolourTag {
            id: bases,
            colour: Rgb(1, 2, 3),
        },
    ));
    cases.push((
        "describe tag",
        ws.clone(),
        Command::DescribeTag {
            id: bases,
            description: "Hmeimim".into(),
        },
    ));
    cases.push((
        "reparent tag",
        ws.clone(),
        Command::ReparentTag {
            id: bases,
            parent: Some(diplomacy),
        },
    ));
    cases.push((
        "reparent to root",
        ws.clone(),
        Command::ReparentTag {
            id: bases,
            parent: None,
        },
    ));
    cases.push((
        "merge tags",
        ws.clone(),
        Command::MergeTags {
            from: bases,
            into: diplomacy,
        },
    ));
    cases.push((
        "delete tag in use with children",
        ws.clone(),
        Command::DeleteTag(bases),
    ));
    let mut edited = ws.project.tags[&air].clone();
    edited.name = "Air bases".into();
    cases.push(("replace tag", ws.clone(), Command::ReplaceTag(edited)));
    let mut w = ws.clone();
    let tag = new_tag(&mut w);
    let tag_id = tag.id;
    w.execute(Command::AddTag(tag)).expect("add");
    cases.push(("remove unused tag", w, Command::RemoveUnusedTag(tag_id)));
    cases.push((
        "batch",
        ws.clone(),
        Command::Batch {
            label: "Several".into(),
            commands: vec![
                Command::SetNote {
                    id: a.id,
                    note: "batch".into(),
                    at: later,
                },
                Command::DeleteTag(diplomacy),
                Command::RenameTag {
                    id: russia,
                    name: "Russian Federation".into(),
                },
            ],
        },
    ));
    let mut w = ws.clone();
    w.project.documents.insert(
        "news/kremlin.txt".into(),
        DocumentRecord {
            path: "news/kremlin.txt".into(),
            hash: dossier::corpus::ContentHash::of_text("text"),
            title: "000 31e3b2518f2d233b".into(),
            renamed: None,
            coded_by: Default::default(),
        },
    );
    let mut renamed = w.clone();
    renamed
        .execute(Command::RenameDocument {
            path: "news/kremlin.txt".into(),
            title: Some("Putin receives al-Sharaa".into()),
        })
        .expect("rename");
    cases.push((
        "rename document",
        w.clone(),
        Command::RenameDocument {
            path: "news/kremlin.txt".into(),
            title: Some("  Putin receives al-Sharaa ".into()),
        },
    ));
    let mut coded = w.clone();
    coded
        .execute(Command::MarkCoded {
            path: "news/kremlin.txt".into(),
            coder: "Ana".into(),
            coded: true,
        })
        .expect("mark coded");
    cases.push((
        "mark document coded",
        w,
        Command::MarkCoded {
            path: "news/kremlin.txt".into(),
            coder: " Ana ".into(),
            coded: true,
        },
    ));
    cases.push((
        "unmark document coded",
        coded,
        Command::MarkCoded {
            path: "news/kremlin.txt".into(),
            coder: "Ana".into(),
            coded: false,
        },
    ));
    cases.push((
        "document back to its own title",
        renamed,
        Command::RenameDocument {
            path: "news/kremlin.txt".into(),
            title: None,
        },
    ));
    cases.push((
        "entity rule: always",
        ws.clone(),
        Command::EntityRule {
            phrase: "Hmeimim".into(),
            of: None,
            place: None,
            rule: Some(PhraseRule::Always(EntityKind::Loc)),
        },
    ));
    cases.push((
        "entity rule: never",
        ws.clone(),
        Command::EntityRule {
            phrase: "The".into(),
            of: None,
            place: None,
            rule: Some(PhraseRule::Never),
        },
    ));
    let mut w = ws.clone();
    w.execute(Command::EntityRule {
        phrase: "Raqqa".into(),
        of: None,
        place: None,
        rule: Some(PhraseRule::Never),
    })
    .expect("rule");
    w.execute(Command::EntityRule {
        phrase: "Tartus".into(),
        of: None,
        place: None,
        rule: Some(PhraseRule::Always(EntityKind::Loc)),
    })
    .expect("rule");
    cases.push((
        "entity rule: forget the first of two",
        w,
        Command::EntityRule {
            phrase: "raqqa".into(),
            of: None,
            place: None,
            rule: None,
        },
    ));
    cases.push((
        "entity alias",
        ws.clone(),
        Command::EntityAlias {
            alias: "Putin".into(),
            of: None,
            place: None,
            canonical: Some("Vladimir Putin".into()),
        },
    ));
    for (name, w, command) in cases {
        check_round_trip(name, w, command);
    }
}

#[test]
fn deleting_a_tag_in_use_removes_it_everywhere_and_undo_restores_everything() {
    let (mut ws, [russia, bases, air, _]) = fixture();
    let users = ws
        .project
        .annotations
        .values()
        .filter(|a| a.tags.contains(&bases))
        .count();
    assert_eq!(users, 2);
    ws.execute(Command::DeleteTag(bases)).expect("delete");
    assert!(!ws.project.tags.contains_key(&bases));
    assert!(
        ws.project
            .annotations
            .values()
            .all(|a| !a.tags.contains(&bases))
    );
    // The child moved up to the deleted tag's parent.
    assert_eq!(ws.project.tags[&air].parent, Some(russia));
    assert_eq!(ws.history.undo_label(), Some("Delete tag “Bases”"));
    ws.undo().expect("undo");
    assert_eq!(ws.project.tags[&air].parent, Some(bases));
    let users = ws
        .project
        .annotations
        .values()
        .filter(|a| a.tags.contains(&bases))
        .count();
    assert_eq!(users, 2);
}

#[test]
fn invalid_commands_are_refused_and_change_nothing() {
    let (mut ws, [russia, bases, air, diplomacy]) = fixture();
    let before = ws.project.clone();
    let refused = [
        (
            Command::ReparentTag {
                id: russia,
                parent: Some(air),
            },
            CommandError::TagCycle,
        ),
        (
            Command::MergeTags {
                from: bases,
                into: bases,
            },
            CommandError::MergeIntoSelf,
        ),
        (
            Command::RenameTag {
                id: bases,
                name: "diplomacy".into(),
            },
            CommandError::DuplicateTagName("Diplomacy".into()),
        ),
        (
            Command::RenameTag {
                id: bases,
                name: "  ".into(),
            },
            CommandError::EmptyTagName,
        ),
        (
            Command::RemoveUnusedTag(diplomacy),
            CommandError::TagInUse(diplomacy),
        ),
        (
            Command::DeleteTag(TagId(uuid::Uuid::from_u128(999))),
            CommandError::NoSuchTag(TagId(uuid::Uuid::from_u128(999))),
        ),
        (
            Command::MarkCoded {
                path: "doc0.txt".into(),
                coder: " ".into(),
                coded: true,
            },
            CommandError::NoCoder,
        ),
        (
            Command::MarkCoded {
                path: "nowhere.txt".into(),
                coder: "Ana".into(),
                coded: true,
            },
            CommandError::NoSuchDocument("nowhere.txt".into()),
        ),
    ];
    for (command, expected) in refused {
        assert_eq!(ws.execute(command), Err(expected));
        assert_eq!(ws.project, before);
    }
    // A batch that fails half-way is rolled back entirely.
    let batch = Command::Batch {
        label: "bad".into(),
        commands: vec![
            Command::RenameTag {
                id: russia,
                name: "Renamed".into(),
            },
            Command::DeleteTag(TagId(uuid::Uuid::from_u128(999))),
        ],
    };
    assert!(ws.execute(batch).is_err());
    assert_eq!(ws.project, before);
    assert!(!ws.history.can_undo() || ws.history.undo_label() != Some("bad"));
}

#[test]
fn accepting_a_new_wording_keeps_the_coded_one_and_undo_restores_it() {
    let (mut ws, _) = fixture();
    let a = first_annotation(&ws.project);
    // Re-anchoring found the passage with changed wording.
    let mut changed = a.clone();
    changed.anchor.current_quote = Some("Syrie".into());
    ws.project.annotations.insert(a.id, changed.clone());
    let when = at("2026-11-30T09:00:00Z");

    // Accepting is one undoable step: the new wording becomes the quote, the coded one
    // goes to the history.
    check_round_trip(
        "accept wording",
        ws.clone(),
        Command::AcceptWording { id: a.id, at: when },
    );
    ws.execute(Command::AcceptWording { id: a.id, at: when })
        .expect("accept");
    assert_eq!(ws.history.undo_label(), Some("Accept new wording"));
    let accepted = ws.project.annotations[&a.id].clone();
    assert_eq!(accepted.anchor.quote, "Syrie");
    assert_eq!(accepted.anchor.current_quote, None);
    assert_eq!(accepted.history.len(), 1);
    assert_eq!(accepted.history[0].quote, "Syria");
    assert_eq!(accepted.history[0].until, when);
    assert_eq!(accepted.modified, when);
    ws.undo().expect("undo");
    assert_eq!(
        ws.project.annotations[&a.id], changed,
        "undo restores it exactly"
    );

    // Nothing to accept on an annotation whose wording did not change: refused, no step.
    let other = ws
        .project
        .annotations
        .keys()
        .nth(1)
        .copied()
        .expect("another annotation");
    let before = ws.project.clone();
    assert_eq!(
        ws.execute(Command::AcceptWording {
            id: other,
            at: when
        }),
        Err(CommandError::WordingUnchanged(other))
    );
    assert_eq!(ws.project, before);
}

#[test]
fn re_attaching_to_another_passage_keeps_the_earlier_quote() {
    let (mut ws, _) = fixture();
    let a = first_annotation(&ws.project);
    let when = at("2026-11-30T09:00:00Z");
    let anchor = Anchor {
        start: 10,
        end: 16,
        quote: "Russia".into(),
        prefix: String::new(),
        suffix: String::new(),
        current_quote: None,
        region: None,
    };
    ws.execute(Command::SetAnchor {
        id: a.id,
        document: a.document.clone(),
        anchor,
        at: when,
    })
    .expect("re-attach");
    let moved = &ws.project.annotations[&a.id];
    assert_eq!(moved.anchor.quote, "Russia");
    assert_eq!(moved.history.len(), 1);
    assert_eq!(moved.history[0].quote, "Syria");
    ws.undo().expect("undo");
    assert_eq!(ws.project.annotations[&a.id], a);
}

/// True when following parents from every tag reaches the top within as many steps as
/// there are tags (no tag is its own ancestor).
fn is_a_tree(project: &Project) -> bool {
    project.tags.values().all(|t| {
        let mut parent = t.parent;
        for _ in 0..=project.tags.len() {
            match parent {
                None => return true,
                Some(p) => parent = project.tags.get(&p).and_then(|t| t.parent),
            }
        }
        false
    })
}

/// Found by the edit-model soak (tests/edit_model_soak.rs): merging a tag into one of its
/// own sub-tags moved the sub-tag under itself, a loop in the codebook that the tree views
/// would walk for ever (and that saving and loading silently broke).
#[test]
fn merging_a_tag_into_its_own_sub_tag_keeps_the_codebook_a_tree() {
    let (ws, [russia, bases, air, _]) = fixture();
    for (from, into) in [(bases, air), (russia, air), (russia, bases)] {
        let mut w = ws.clone();
        let before = w.project.clone();
        let from_parent = w.project.tags[&from].parent;
        let uses = w.project.tag_usage().get(&from).copied().unwrap_or(0);
        w.execute(Command::MergeTags { from, into })
            .expect("merges");
        assert!(
            is_a_tree(&w.project),
            "merging {from} into {into} made a loop"
        );
        assert!(!w.project.tags.contains_key(&from));
        // The sub-tag takes the merged tag's place and its uses.
        assert_eq!(w.project.tags[&into].parent, from_parent);
        assert!(w.project.tag_usage().get(&into).copied().unwrap_or(0) >= uses);
        w.undo().expect("undo");
        assert_eq!(w.project, before, "undo of merging {from} into {into}");
    }
}

#[test]
fn a_region_without_words_can_be_coded_and_undone_but_an_empty_passage_cannot() {
    let (mut ws, _) = fixture();
    let mut photo = first_annotation(&ws.project);
    photo.id = ws.project.new_annotation_id();
    photo.anchor = Anchor {
        start: 0,
        end: 0,
        quote: String::new(),
        prefix: String::new(),
        suffix: "Syria is".into(),
        current_quote: None,
        region: dossier::project::PageRegion::new(
            1,
            dossier::corpus::layout::PageRect {
                x: 10.0,
                y: 20.0,
                w: 100.0,
                h: 80.0,
            },
        ),
    };
    let mut empty = photo.clone();
    empty.anchor.region = None;
    assert_eq!(
        ws.execute(Command::AddAnnotation(empty)),
        Err(CommandError::EmptyAnchor)
    );
    check_round_trip("a region without words", ws, Command::AddAnnotation(photo));
}

//! Corrections to an entity of the corpus (merge, rename, change kind, not an entity) go
//! through the project's entity dictionary as one undoable step, and apply in every
//! document.

mod common;

use std::sync::atomic::AtomicBool;

use common::*;
use dossier::entities::{EntityId, EntityIndex, EntityKind, Recognizer, recognize_corpus};
use dossier::session::{EntityCorrection, OpenTarget, Session};

fn open(dir: &std::path::Path) -> Session {
    write(
        dir,
        "a.txt",
        "Officials met in Damascus on Monday. Damascus said the talks went well.\n",
    );
    write(
        dir,
        "b.txt",
        "Fighting continued near Aleppo. Aid reached Aleppo late in the day.\n",
    );
    Session::open(
        &OpenTarget::Folder(dir.to_owned()),
        &Default::default(),
        &(),
    )
    .expect("open")
}

fn index(session: &Session) -> EntityIndex {
    let rules = &session.workspace.project.entity_rules;
    recognize_corpus(
        Recognizer::shared(),
        &session.corpus,
        rules,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("not cancelled")
}

fn id(kind: EntityKind, key: &str) -> EntityId {
    EntityId {
        kind,
        key: key.into(),
    }
}

fn summary(index: &EntityIndex, kind: EntityKind, key: &str) -> Option<(usize, usize)> {
    index.summary(kind, key).map(|s| (s.mentions, s.documents))
}

#[test]
fn merging_two_entities_and_undoing_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = open(dir.path());
    let before = index(&session);
    assert_eq!(summary(&before, EntityKind::Loc, "Damascus"), Some((2, 1)));
    assert_eq!(summary(&before, EntityKind::Loc, "Aleppo"), Some((2, 1)));

    let merge = session
        .entity_correction(
            &before,
            &id(EntityKind::Loc, "Aleppo"),
            &EntityCorrection::MergeInto(id(EntityKind::Loc, "Damascus")),
        )
        .expect("a command");
    session.workspace.execute(merge).expect("merge");
    let after = index(&session);
    assert_eq!(
        summary(&after, EntityKind::Loc, "Damascus"),
        Some((4, 2)),
        "one entity in two documents"
    );
    assert_eq!(summary(&after, EntityKind::Loc, "Aleppo"), None);
    assert_eq!(
        session.workspace.history.undo_label(),
        Some("Merge entity “Aleppo” into “Damascus”")
    );

    session.workspace.undo().expect("undo");
    assert!(session.workspace.project.entity_rules.is_empty());
    let undone = index(&session);
    assert_eq!(summary(&undone, EntityKind::Loc, "Aleppo"), Some((2, 1)));
    assert_eq!(summary(&undone, EntityKind::Loc, "Damascus"), Some((2, 1)));
}

#[test]
fn rename_change_kind_and_not_an_entity() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = open(dir.path());
    let idx = index(&session);
    let rename = session
        .entity_correction(
            &idx,
            &id(EntityKind::Loc, "Aleppo"),
            &EntityCorrection::Rename("Halab".into()),
        )
        .expect("rename");
    session.workspace.execute(rename).expect("rename");
    let idx = index(&session);
    assert_eq!(summary(&idx, EntityKind::Loc, "Halab"), Some((2, 1)));

    let kind = session
        .entity_correction(
            &idx,
            &id(EntityKind::Loc, "Damascus"),
            &EntityCorrection::ChangeKind(EntityKind::Org),
        )
        .expect("change kind");
    session.workspace.execute(kind).expect("kind");
    let idx = index(&session);
    assert_eq!(summary(&idx, EntityKind::Org, "Damascus"), Some((2, 1)));
    assert_eq!(summary(&idx, EntityKind::Loc, "Damascus"), None);

    let never = session
        .entity_correction(
            &idx,
            &id(EntityKind::Org, "Damascus"),
            &EntityCorrection::NotAnEntity,
        )
        .expect("not an entity");
    session.workspace.execute(never).expect("never");
    let idx = index(&session);
    assert_eq!(summary(&idx, EntityKind::Org, "Damascus"), None);
    assert_eq!(summary(&idx, EntityKind::Loc, "Damascus"), None);

    // Each correction was one step: three undos bring the original index back.
    for _ in 0..3 {
        session.workspace.undo().expect("undo");
    }
    let idx = index(&session);
    assert_eq!(summary(&idx, EntityKind::Loc, "Damascus"), Some((2, 1)));
    assert_eq!(summary(&idx, EntityKind::Loc, "Aleppo"), Some((2, 1)));
}

#[test]
fn merging_a_name_into_the_same_name_of_another_kind_and_undoing_it() {
    use dossier::entities::PhraseRule;
    use dossier::project::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = open(dir.path());
    // One of the two "Aleppo" mentions made an organisation named "Aleppo": one name, two
    // entities of different kinds (as "United States" the place and the government).
    session
        .workspace
        .execute(Command::Batch {
            label: "setup".into(),
            commands: vec![
                Command::EntityRule {
                    phrase: "Aleppo late".into(),
                    of: None,
                    rule: Some(PhraseRule::Always(EntityKind::Org)),
                },
                Command::EntityAlias {
                    alias: "Aleppo late".into(),
                    of: None,
                    canonical: Some("Aleppo".into()),
                },
            ],
        })
        .expect("setup");
    let before = index(&session);
    assert_eq!(summary(&before, EntityKind::Loc, "Aleppo"), Some((1, 1)));
    assert_eq!(summary(&before, EntityKind::Org, "Aleppo"), Some((1, 1)));

    let merge = session
        .entity_correction(
            &before,
            &id(EntityKind::Loc, "Aleppo"),
            &EntityCorrection::MergeInto(id(EntityKind::Org, "Aleppo")),
        )
        .expect("merging into the same name of another kind is a change");
    session.workspace.execute(merge).expect("merge");
    let after = index(&session);
    assert_eq!(summary(&after, EntityKind::Org, "Aleppo"), Some((2, 1)));
    assert_eq!(summary(&after, EntityKind::Loc, "Aleppo"), None);
    assert_eq!(
        session.workspace.history.undo_label(),
        Some("Merge “Aleppo” (Place) into “Aleppo” (Organisation)")
    );
    session.workspace.undo().expect("undo");
    assert_eq!(session.workspace.history.undo_label(), Some("setup"));
    let undone = index(&session);
    assert_eq!(summary(&undone, EntityKind::Loc, "Aleppo"), Some((1, 1)));
    assert_eq!(summary(&undone, EntityKind::Org, "Aleppo"), Some((1, 1)));

    // Merging an entity into itself is no change at all (no undo step).
    assert!(
        session
            .entity_correction(
                &undone,
                &id(EntityKind::Loc, "Aleppo"),
                &EntityCorrection::MergeInto(id(EntityKind::Loc, "Aleppo")),
            )
            .is_none()
    );
}

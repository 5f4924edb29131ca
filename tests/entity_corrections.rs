//! Corrections to an entity of the corpus (merge, rename, change kind, not an entity) go
//! through the project's entity dictionary as one undoable step, and apply in every
//! document.

use crate::common;

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
                    place: None,
                    rule: Some(PhraseRule::Always(EntityKind::Org)),
                },
                Command::EntityAlias {
                    alias: "Aleppo late".into(),
                    of: None,
                    place: None,
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

/// A corpus where "ISIL" is named alone and inside longer names, "ISIL" marked as a place
/// in the reader (a rule for the bare name, as an earlier correction left it) and "Daesh"
/// keeping the organisation "ISIL" in the index.
fn isil(dir: &std::path::Path) -> Session {
    write(
        dir,
        "a.txt",
        "Ministers will meet with key members of the Counter ISIL Coalition. ISIL lost \
         ground near Mosul. Daesh fighters fled.\n",
    );
    write(
        dir,
        "b.txt",
        "He was a previous member of the ISIL's War Committee and was involved in their \
         retaking of Palmyra. ISIL withdrew. Later ISIL attacked again.\n",
    );
    write(
        dir,
        "c.txt",
        "Operation Inherent Resolve - Targeted Operations Against ISIL Terrorists\n",
    );
    let mut session = Session::open(
        &OpenTarget::Folder(dir.to_owned()),
        &Default::default(),
        &(),
    )
    .expect("open");
    let mark = Session::entity_rule_command("ISIL", Some(EntityKind::Loc));
    session.workspace.execute(mark).expect("mark as a place");
    session
}

#[test]
fn merging_isil_the_place_into_isil_the_organisation_keeps_the_longer_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = isil(dir.path());
    let longer = [
        "Counter ISIL Coalition",
        "ISIL’s War Committee",
        "ISIL Terrorists",
    ];
    let before = index(&session);
    let present = |idx: &EntityIndex, key: &str| {
        idx.entities()
            .iter()
            .any(|e| e.id.kind == EntityKind::Org && e.id.key.replace('\'', "’") == key)
    };
    for name in longer {
        assert!(present(&before, name), "{name} before the merge");
    }
    let place = id(EntityKind::Loc, "ISIL");
    assert_eq!(summary(&before, EntityKind::Loc, "ISIL"), Some((3, 2)));
    assert!(summary(&before, EntityKind::Org, "ISIL").is_some(), "Daesh");

    // What the merge will change, shown before it is applied.
    let reach = dossier::entities::correction_reach(&before, &session.corpus, &place);
    assert_eq!((reach.mentions, reach.documents), (3, 2));
    assert_eq!(reach.forms, ["ISIL"]);

    let merge = session
        .entity_correction(
            &before,
            &place,
            &EntityCorrection::MergeInto(id(EntityKind::Org, "ISIL")),
        )
        .expect("a command");
    session.workspace.execute(merge).expect("merge");
    let after = index(&session);
    assert_eq!(summary(&after, EntityKind::Loc, "ISIL"), None);
    assert_eq!(summary(&after, EntityKind::Org, "ISIL"), Some((4, 2)));
    for name in longer {
        assert!(present(&after, name), "{name} after the merge");
    }
}

/// The project's open possible conflicts, from the corpus recognised with its rules.
fn open_conflicts(session: &Session) -> Vec<String> {
    let idx = index(session);
    let timeline = dossier::analysis::dated::Timeline::build(&idx, &session.corpus);
    timeline
        .open_conflicts(&session.workspace.project.dismissed_conflicts)
        .map(|c| c.key.clone())
        .collect()
}

#[test]
fn a_dismissed_conflict_stays_dismissed_when_its_entity_is_renamed() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The statements write "Jabhat al-Nusra", which the name lists know as the Al-Nusra
    // Front: neither the group's key nor the name as written is the new name.
    write(
        dir.path(),
        "a.md",
        "Jabhat al-Nusra was founded in January 2012 in Syria.\n",
    );
    write(
        dir.path(),
        "b.md",
        "Jabhat al-Nusra was established in 2013, the report says.\n",
    );
    let mut session = Session::open(
        &OpenTarget::Folder(dir.path().to_owned()),
        &Default::default(),
        &(),
    )
    .expect("open");
    let open = open_conflicts(&session);
    assert_eq!(open, ["founding|ORG:Al-Nusra Front"]);
    let dismiss = dossier::project::Command::DismissConflict {
        key: open[0].clone(),
        dismissed: true,
    };
    session.workspace.execute(dismiss).expect("dismiss");
    assert!(open_conflicts(&session).is_empty());

    let idx = index(&session);
    let group = id(EntityKind::Org, "Al-Nusra Front");
    let rename = session
        .entity_correction(
            &idx,
            &group,
            &EntityCorrection::Rename("Nusra Front".into()),
        )
        .expect("rename");
    session.workspace.execute(rename).expect("rename");
    let idx = index(&session);
    assert!(idx.summary(EntityKind::Org, "Nusra Front").is_some());
    assert!(
        open_conflicts(&session).is_empty(),
        "the renamed entity's conflict stays dismissed"
    );
    // By the entity's new id, the one key "Flag again" removes.
    let dismissed = &session.workspace.project.dismissed_conflicts;
    assert_eq!(
        dismissed.iter().collect::<Vec<_>>(),
        ["founding|ORG:Nusra Front"]
    );
    // Undoing the rename undoes what it did to the dismissals, not the dismissal itself.
    session.workspace.undo().expect("undo");
    assert!(open_conflicts(&session).is_empty());
    assert_eq!(
        session
            .workspace
            .project
            .dismissed_conflicts
            .iter()
            .collect::<Vec<_>>(),
        ["founding|ORG:Al-Nusra Front"]
    );
}

/// The value of the first date mention of `path` written `text`.
fn date_value(index: &EntityIndex, session: &Session, path: &str, text: &str) -> Option<String> {
    let doc = session.corpus.get(path).expect("the document");
    index
        .mentions_of(path)
        .expect("recognised")
        .iter()
        .find(|m| doc.text.slice(m.start..m.end) == Some(text))
        .and_then(|m| m.date())
        .and_then(|d| d.value.clone())
}

#[test]
fn a_slashed_date_order_applies_across_documents_undoes_saves_and_merges() {
    use dossier::entities::SlashOrder;
    use dossier::project::{Command, ConflictItem};
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "cable.txt",
        "The convoy left Homs on 10/06/2014.\n",
    );
    write(
        dir.path(),
        "memo.txt",
        "Talks resumed on 03/04/2015 in Geneva.\n",
    );
    write(
        dir.path(),
        "shown.txt",
        "Aid arrived on 10/06/2014 and again on 25/12/2014.\n",
    );
    let mut session = Session::open(
        &OpenTarget::Folder(dir.path().to_owned()),
        &Default::default(),
        &(),
    )
    .expect("open");
    let before = index(&session);
    assert_eq!(
        date_value(&before, &session, "cable.txt", "10/06/2014"),
        None
    );
    assert_eq!(
        date_value(&before, &session, "memo.txt", "03/04/2015"),
        None
    );

    // Month first in every document whose own dates do not show the order.
    let every = Command::SlashOrder {
        document: None,
        order: Some(SlashOrder::MonthFirst),
    };
    assert_eq!(
        every.label(&session.workspace.project),
        "Read slashed dates month first in every document"
    );
    session.workspace.execute(every).expect("applies");
    let after = index(&session);
    let value = |i: &EntityIndex, s: &Session, p: &str, t: &str| date_value(i, s, p, t);
    assert_eq!(
        value(&after, &session, "cable.txt", "10/06/2014").as_deref(),
        Some("2014-10-06")
    );
    assert_eq!(
        value(&after, &session, "memo.txt", "03/04/2015").as_deref(),
        Some("2015-03-04")
    );
    // shown.txt writes 25/12/2014: its own order wins over the project's rule.
    assert_eq!(
        value(&after, &session, "shown.txt", "10/06/2014").as_deref(),
        Some("2014-06-10")
    );
    // Day first in the cable alone: it wins over the project's rule there only.
    let cable = Command::SlashOrder {
        document: Some("cable.txt".into()),
        order: Some(SlashOrder::DayFirst),
    };
    assert!(
        cable
            .label(&session.workspace.project)
            .starts_with("Read slashed dates day first in “"),
        "{}",
        cable.label(&session.workspace.project)
    );
    session.workspace.execute(cable).expect("applies");
    let both = index(&session);
    assert_eq!(
        value(&both, &session, "cable.txt", "10/06/2014").as_deref(),
        Some("2014-06-10")
    );
    assert_eq!(
        value(&both, &session, "memo.txt", "03/04/2015").as_deref(),
        Some("2015-03-04")
    );
    // Undo takes the cable's rule back, and nothing else.
    session.workspace.undo().expect("undo");
    let undone = index(&session);
    assert_eq!(
        value(&undone, &session, "cable.txt", "10/06/2014").as_deref(),
        Some("2014-10-06")
    );
    session.workspace.redo().expect("redo");

    // Saved and reopened, the rules hold.
    let path = dir.path().join("p.dossier.ron");
    session.workspace.save_as(&path).expect("save");
    let reopened =
        Session::open(&OpenTarget::Project(path.clone()), &Default::default(), &()).expect("open");
    assert_eq!(
        reopened.workspace.project.entity_rules,
        session.workspace.project.entity_rules
    );
    let again = index(&reopened);
    assert_eq!(
        value(&again, &reopened, "cable.txt", "10/06/2014").as_deref(),
        Some("2014-06-10")
    );

    // Two copies that read a document differently: a conflict, ours kept until settled; a
    // rule one side took back while the other changed it: a conflict, the rule kept; a
    // rule only one side set comes in.
    let base = reopened.workspace.project.clone();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.entity_rules
        .set_slash_order(Some("memo.txt"), Some(SlashOrder::DayFirst));
    theirs
        .entity_rules
        .set_slash_order(Some("memo.txt"), Some(SlashOrder::MonthFirst));
    ours.entity_rules.set_slash_order(Some("cable.txt"), None);
    theirs
        .entity_rules
        .set_slash_order(Some("cable.txt"), Some(SlashOrder::MonthFirst));
    theirs
        .entity_rules
        .set_slash_order(Some("shown.txt"), Some(SlashOrder::MonthFirst));
    let merged = dossier::project::merge::three_way(&base, &ours, &theirs, "Bob").project;
    let rules = &merged.entity_rules;
    assert_eq!(
        rules.slash_order(Some("shown.txt")),
        Some(SlashOrder::MonthFirst)
    );
    assert_eq!(
        rules.slash_order(Some("memo.txt")),
        Some(SlashOrder::DayFirst)
    );
    assert_eq!(
        rules.slash_order(Some("cable.txt")),
        Some(SlashOrder::MonthFirst)
    );
    assert_eq!(rules.slash_order(None), Some(SlashOrder::MonthFirst));
    let items: Vec<&ConflictItem> = merged.merge_conflicts.values().map(|c| &c.item).collect();
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.contains(&&ConflictItem::SlashOrder {
        document: Some("memo.txt".into()),
        ours: Some(SlashOrder::DayFirst),
        theirs: Some(SlashOrder::MonthFirst),
    }));
    assert!(items.contains(&&ConflictItem::SlashOrder {
        document: Some("cable.txt".into()),
        ours: None,
        theirs: Some(SlashOrder::MonthFirst),
    }));
    // The merged project saves and loads with its conflict.
    let merged_path = dir.path().join("merged.dossier.ron");
    dossier::project::file::save(&merged, &merged_path).expect("save");
    let loaded = dossier::project::file::load(&merged_path).expect("load");
    assert_eq!(loaded.merge_conflicts, merged.merge_conflicts);
    assert_eq!(loaded.entity_rules, merged.entity_rules);
}

/// Paris, France and Paris, Texas in two documents of one corpus (the audit's fixture).
fn parises(dir: &std::path::Path) -> Session {
    write(
        dir,
        "fr.txt",
        "Strikes in France\n\nUnions marched in Paris on Tuesday. In Paris, the metro was shut, \
         and Lyon and Marseille also saw protests in France.\n",
    );
    write(
        dir,
        "tx.txt",
        "Storm in Texas\n\nA tornado hit Paris, Texas, on Monday. Residents of Paris said the \
         courthouse was damaged, and Dallas sent crews.\n",
    );
    Session::open(
        &OpenTarget::Folder(dir.to_owned()),
        &Default::default(),
        &(),
    )
    .expect("open")
}

/// The place entity whose mentions are all linked to an entry in `country`, with its entry
/// and (mentions, documents).
fn place_in(index: &EntityIndex, country: &str) -> (EntityId, u32, (usize, usize)) {
    index
        .entities()
        .iter()
        .filter(|e| e.id.kind == EntityKind::Loc && e.id.key.starts_with("Paris"))
        .find_map(|e| {
            let entry = index.linked_entry(&e.id)?;
            let (_, m) = index.occurrences(&e.id).into_iter().next()?;
            (m.place()?.country == country)
                .then(|| (e.id.clone(), entry, (e.mentions, e.documents)))
        })
        .unwrap_or_else(|| panic!("a Paris in {country}: {:?}", index.entities()))
}

#[test]
fn a_correction_of_one_paris_leaves_the_other_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = parises(dir.path());
    let before = index(&session);
    let (france, france_entry, france_seen) = place_in(&before, "FR");
    let texas = place_in(&before, "US");
    assert_ne!(france.key, texas.0.key, "two entities");
    assert_eq!(france_seen, (2, 1));

    let corrections = [
        EntityCorrection::Rename("Paris (capital)".into()),
        EntityCorrection::NotAnEntity,
        EntityCorrection::ChangeKind(EntityKind::Org),
    ];
    for correction in corrections {
        let command = session
            .entity_correction(&before, &france, &correction)
            .expect("a change");
        session.workspace.execute(command).expect("applied");
        // The rules name the entry of Paris, France.
        let rules = &session.workspace.project.entity_rules;
        assert!(
            rules
                .phrases
                .iter()
                .map(|e| e.place)
                .chain(rules.aliases.iter().map(|e| e.place))
                .all(|p| p == Some(france_entry)),
            "{correction:?}: {rules:?}"
        );
        let after = index(&session);
        // Paris, Texas is untouched: same entity, same mentions, same entry.
        assert_eq!(place_in(&after, "US"), texas, "{correction:?}");
        match &correction {
            EntityCorrection::Rename(name) => {
                assert_eq!(summary(&after, EntityKind::Loc, name), Some(france_seen));
                assert_eq!(summary(&after, EntityKind::Loc, &france.key), None);
            }
            EntityCorrection::NotAnEntity => {
                assert_eq!(summary(&after, EntityKind::Loc, &france.key), None);
            }
            EntityCorrection::ChangeKind(kind) => {
                assert_eq!(summary(&after, *kind, &france.key), Some(france_seen));
                assert_eq!(summary(&after, EntityKind::Loc, &france.key), None);
            }
            EntityCorrection::MergeInto(_) => unreachable!(),
        }
        session.workspace.undo().expect("undo");
        assert!(session.workspace.project.entity_rules.is_empty());
        let undone = index(&session);
        assert_eq!(
            place_in(&undone, "FR"),
            (france.clone(), france_entry, france_seen)
        );
    }
}

/// A rule on the name alone (a project written before rules named places, or a place
/// without an entry) acts on every mention written so, as before.
#[test]
fn a_rule_without_an_entry_acts_on_every_place_written_so() {
    use dossier::entities::PhraseRule;
    use dossier::project::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = parises(dir.path());
    session
        .workspace
        .execute(Command::EntityRule {
            phrase: "Paris".into(),
            of: Some(EntityKind::Loc),
            place: None,
            rule: Some(PhraseRule::Never),
        })
        .expect("rule");
    let after = index(&session);
    assert!(
        after
            .entities()
            .iter()
            .all(|e| !e.id.key.starts_with("Paris")),
        "{:?}",
        after.entities()
    );
}

/// A Paris renamed for its entry is re-linked under its new name (the name the index
/// shows), keeps that name, and leaves the other Paris alone.
#[test]
fn a_renamed_paris_is_relinked_under_its_new_name() {
    use dossier::project::Command;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut session = parises(dir.path());
    let before = index(&session);
    let (france, _, seen) = place_in(&before, "FR");
    let texas = place_in(&before, "US");
    let rename = session
        .entity_correction(
            &before,
            &france,
            &EntityCorrection::Rename("Paris (capital)".into()),
        )
        .expect("rename");
    session.workspace.execute(rename).expect("rename");
    session
        .workspace
        .execute(Command::LinkPlace {
            name: "Paris (capital)".into(),
            place: Some(None),
        })
        .expect("unlinked");
    let after = index(&session);
    assert_eq!(
        summary(&after, EntityKind::Loc, "Paris (capital)"),
        Some(seen)
    );
    let capital = id(EntityKind::Loc, "Paris (capital)");
    assert!(
        after
            .occurrences(&capital)
            .iter()
            .all(|(_, m)| m.place().is_none()),
        "unlinked"
    );
    assert_eq!(place_in(&after, "US"), texas);

    session.workspace.undo().expect("undo");
    let undone = index(&session);
    assert_eq!(place_in(&undone, "FR").0, capital);
}

/// One entity "Paris" linked to France in one document and to Texas in another (the user
/// renamed Paris, Texas as "Paris"): a correction of it is a rule per name and entry, so a
/// third Paris (Kentucky's) it never showed is left alone; what it will change is counted
/// the same way.
#[test]
fn a_correction_of_a_place_linked_to_two_entries_acts_on_those_two_only() {
    use dossier::entities::correction_reach;
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "ky.txt",
        "Storm in Kentucky\n\nA storm hit Paris, Kentucky, on Monday. Lexington sent crews.\n",
    );
    let mut session = parises(dir.path());
    let before = index(&session);
    let (_, france_entry, _) = place_in(&before, "FR");
    let kentucky = index_entity_in(&before, "Kentucky");
    let texas = before
        .entities()
        .iter()
        .find(|e| e.id.kind == EntityKind::Loc && e.id.key == "Paris, Texas")
        .map(|e| e.id.clone())
        .unwrap_or_else(|| panic!("Paris, Texas: {:?}", before.entities()));
    let texas_entry = before.linked_entry(&texas).expect("linked");
    let rename = session
        .entity_correction(&before, &texas, &EntityCorrection::Rename("Paris".into()))
        .expect("rename");
    session.workspace.execute(rename).expect("renamed");
    let mixed = index(&session);
    let paris = id(EntityKind::Loc, "Paris");
    let mut entries: Vec<u32> = mixed
        .occurrences(&paris)
        .iter()
        .filter_map(|(_, m)| m.place().map(|p| p.geonameid))
        .collect();
    entries.sort_unstable();
    entries.dedup();
    let mut expected = vec![france_entry, texas_entry];
    expected.sort_unstable();
    assert_eq!(entries, expected, "one entity, two entries");
    assert_eq!(mixed.linked_entry(&paris), None);
    let reach = correction_reach(&mixed, &session.corpus, &paris);
    assert_eq!(
        (reach.mentions, reach.documents),
        (4, 2),
        "the two documents' Paris, not Kentucky's: {reach:?}"
    );

    let command = session
        .entity_correction(&mixed, &paris, &EntityCorrection::NotAnEntity)
        .expect("a change");
    session.workspace.execute(command).expect("applied");
    let rules = &session.workspace.project.entity_rules;
    let mut places: Vec<Option<u32>> = rules.phrases.iter().map(|e| e.place).collect();
    places.sort_unstable();
    assert_eq!(
        places,
        vec![Some(expected[0]), Some(expected[1])],
        "{rules:?}"
    );
    let after = index(&session);
    assert_eq!(summary(&after, EntityKind::Loc, "Paris"), None);
    assert_eq!(index_entity_in(&after, "Kentucky"), kentucky);
}

/// The Paris entity linked in `state` (its id and its mentions).
fn index_entity_in(index: &EntityIndex, state: &str) -> (EntityId, usize) {
    index
        .entities()
        .iter()
        .find(|e| e.id.kind == EntityKind::Loc && e.id.key == format!("Paris, {state}"))
        .map(|e| (e.id.clone(), e.mentions))
        .unwrap_or_else(|| panic!("Paris, {state}: {:?}", index.entities()))
}

//! The merge rules, one test each, on small projects built by hand.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::entities::{EntityKind, PhraseRule};
use crate::project::conflict::ConflictItem;
use crate::project::model::{Anchor, Annotation, AnnotationId, DocumentRecord, Rgb, Tag, TagId};
use crate::project::{History, file};

fn at(minute: u32) -> jiff::Timestamp {
    format!("2026-12-07T10:{minute:02}:00Z")
        .parse()
        .expect("time")
}

fn add_tag(p: &mut Project, name: &str) -> TagId {
    let id = p.new_tag_id();
    let tag = Tag {
        id,
        name: name.into(),
        colour: Rgb::PALETTE[0],
        description: String::new(),
        parent: None,
    };
    p.tags.insert(id, tag);
    id
}

fn add_annotation(
    p: &mut Project,
    span: (usize, usize),
    coder: &str,
    tags: Vec<TagId>,
) -> AnnotationId {
    let id = p.new_annotation_id();
    let a = Annotation {
        id,
        document: "a.txt".into(),
        anchor: Anchor {
            start: span.0,
            end: span.1,
            quote: format!("quote {}-{}", span.0, span.1),
            prefix: String::new(),
            suffix: String::new(),
            current_quote: None,
            region: None,
        },
        note: String::new(),
        tags,
        created: at(0),
        modified: at(0),
        orphaned: false,
        history: Vec::new(),
        coder: Some(coder.into()),
    };
    p.annotations.insert(id, a);
    id
}

/// The common ancestor: one document, a tag "Bases", one annotation coded with it.
fn base() -> (Project, TagId, AnnotationId) {
    let mut p = Project::new("study");
    p.documents.insert(
        "a.txt".into(),
        DocumentRecord {
            path: "a.txt".into(),
            hash: crate::corpus::ContentHash::of_text("a"),
            title: "A".into(),
            renamed: None,
            coded_by: BTreeSet::new(),
        },
    );
    let bases = add_tag(&mut p, "Bases");
    let a = add_annotation(&mut p, (0, 5), "Ana", vec![bases]);
    (p, bases, a)
}

fn note(p: &mut Project, id: AnnotationId, text: &str, minute: u32) {
    let a = p.annotations.get_mut(&id).expect("annotation");
    a.note = text.into();
    a.modified = at(minute);
}

fn conflicts(p: &Project) -> Vec<&crate::project::MergeConflict> {
    p.merge_conflicts.values().collect()
}

#[test]
fn items_added_on_either_side_are_all_kept() {
    let (b, bases, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    let mine = add_annotation(&mut ours, (10, 15), "Ana", vec![bases]);
    let yours = add_annotation(&mut theirs, (20, 25), "Bob", vec![bases]);
    let merged = three_way(&b, &ours, &theirs, "Bob");
    let p = &merged.project;
    assert!(p.annotations.contains_key(&mine) && p.annotations.contains_key(&yours));
    assert_eq!(p.annotations.len(), 3);
    assert!(p.merge_conflicts.is_empty());
    assert_eq!(merged.summary.by_coder.get("Bob"), Some(&1));
    assert_eq!(merged.summary.describe(), "1 annotation by Bob");
}

#[test]
fn a_tag_created_on_both_sides_under_one_name_is_one_tag() {
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    let our_diplomacy = add_tag(&mut ours, "Diplomacy");
    let their_diplomacy = add_tag(&mut theirs, "diplomacy");
    let coded = add_annotation(&mut theirs, (30, 40), "Bob", vec![their_diplomacy]);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let names: Vec<&str> = merged.tags.values().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Bases", "Diplomacy"]);
    assert_eq!(merged.annotations[&coded].tags, [our_diplomacy]);
    assert!(merged.merge_conflicts.is_empty());
}

#[test]
fn a_field_changed_on_one_side_takes_the_change_even_when_the_other_changed_another() {
    let (b, bases, a) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    // Ours adds a tag to the annotation, theirs writes its note; ours renames the tag,
    // theirs recolours it.
    let extra = add_tag(&mut ours, "Ports");
    ours.annotations.get_mut(&a).expect("a").tags.push(extra);
    note(&mut theirs, a, "leased for 49 years", 5);
    ours.tags.get_mut(&bases).expect("tag").name = "Military bases".into();
    theirs.tags.get_mut(&bases).expect("tag").colour = Rgb::PALETTE[3];
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let annotation = &merged.annotations[&a];
    assert_eq!(annotation.note, "leased for 49 years");
    assert_eq!(annotation.tags, [bases, extra]);
    assert_eq!(annotation.modified, at(5));
    let tag = &merged.tags[&bases];
    assert_eq!(
        (tag.name.as_str(), tag.colour),
        ("Military bases", Rgb::PALETTE[3])
    );
    assert!(merged.merge_conflicts.is_empty());
}

#[test]
fn one_field_changed_differently_on_both_sides_is_a_conflict_with_both_versions() {
    let (b, _, a) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    note(&mut ours, a, "ours", 1);
    note(&mut theirs, a, "theirs", 2);
    let merged = three_way(&b, &ours, &theirs, "Bob");
    let p = &merged.project;
    assert_eq!(p.annotations[&a].note, "ours");
    let [conflict] = conflicts(p)[..] else {
        panic!("one conflict: {:?}", p.merge_conflicts)
    };
    assert_eq!(conflict.fields, ["note"]);
    assert_eq!(conflict.theirs_from, "Bob");
    let ConflictItem::Annotation {
        ours: Some(o),
        theirs: Some(t),
    } = &conflict.item
    else {
        panic!("{conflict:?}")
    };
    assert_eq!((o.note.as_str(), t.note.as_str()), ("ours", "theirs"));
    assert_eq!(merged.summary.conflicts, 1);
    // The merged file is a project that opens, with the conflict in it.
    let dir = Path::new("/nonexistent");
    let text = file::to_ron(p, dir).expect("ron");
    assert!(!text.contains("<<<<<<<"), "{text}");
    assert_eq!(
        &file::from_ron(&text, &dir.join("m.dossier.ron")).expect("parse"),
        p
    );
    // Settling it keeps theirs.
    let mut settled = p.clone();
    let id = conflict.id;
    let choice = crate::project::Settlement::KeepTheirs;
    let command = Command::SettleConflict { id, choice };
    History::default()
        .execute(&mut settled, command)
        .expect("settle");
    assert_eq!(settled.annotations[&a].note, "theirs");
}

#[test]
fn a_change_on_one_side_and_a_deletion_on_the_other_is_a_conflict_keeping_the_change() {
    let (b, _, a) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    note(&mut ours, a, "kept", 1);
    theirs.annotations.remove(&a);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.annotations[&a].note, "kept");
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(conflict.fields, ["deleted"]);
    assert!(matches!(
        &conflict.item,
        ConflictItem::Annotation {
            ours: Some(_),
            theirs: None
        }
    ));
    // A deletion on one side of an item the other left alone is simply taken.
    let merged = three_way(&b, &b, &theirs, "Bob").project;
    assert!(merged.annotations.is_empty() && merged.merge_conflicts.is_empty());
}

#[test]
fn a_tag_deleted_on_one_side_and_used_on_the_other_comes_back_as_a_conflict() {
    let (b, bases, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    // Ours deletes the tag (DeleteTag strips it from the annotation); theirs codes more.
    History::default()
        .execute(&mut ours, Command::DeleteTag(bases))
        .expect("delete");
    let coded = add_annotation(&mut theirs, (50, 60), "Bob", vec![bases]);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert!(merged.tags.contains_key(&bases));
    assert_eq!(merged.annotations[&coded].tags, [bases]);
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict: {:?}", merged.merge_conflicts)
    };
    assert!(matches!(
        &conflict.item,
        ConflictItem::Tag {
            ours: None,
            theirs: Some(_)
        }
    ));
}

#[test]
fn titles_conflict_while_coded_marks_and_dismissals_merge_as_sets() {
    let (mut b, _, _) = base();
    b.dismissed_conflicts.insert("fall: Damascus".into());
    b.dismissed_conflicts.insert("visit: Moscow".into());
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    let record = |p: &mut Project| p.documents.get_mut("a.txt").expect("record").clone();
    let mut o = record(&mut ours);
    o.renamed = Some("Kremlin talks".into());
    o.coded_by.insert("Ana".into());
    ours.documents.insert(o.path.clone(), o);
    let mut t = record(&mut theirs);
    t.renamed = Some("Talks in Moscow".into());
    t.coded_by.insert("Bob".into());
    theirs.documents.insert(t.path.clone(), t);
    ours.dismissed_conflicts.remove("visit: Moscow");
    theirs.dismissed_conflicts.insert("lease: Tartus".into());
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let doc = &merged.documents["a.txt"];
    assert_eq!(doc.renamed.as_deref(), Some("Kremlin talks"));
    assert_eq!(
        doc.coded_by.iter().map(String::as_str).collect::<Vec<_>>(),
        ["Ana", "Bob"]
    );
    assert_eq!(
        merged
            .dismissed_conflicts
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        ["fall: Damascus", "lease: Tartus"]
    );
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(
        conflict.item,
        ConflictItem::DocumentTitle {
            path: "a.txt".into(),
            ours: Some("Kremlin talks".into()),
            theirs: Some("Talks in Moscow".into()),
        }
    );
}

#[test]
fn entity_rules_merge_by_phrase_and_conflict_when_set_differently() {
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.entity_rules.always("Tartus", EntityKind::Loc);
    theirs.entity_rules.never("tartus");
    theirs.entity_rules.set_alias("Hmeimim", "Khmeimim");
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let rules = &merged.entity_rules;
    assert_eq!(
        rules.rule("Tartus"),
        Some(PhraseRule::Always(EntityKind::Loc))
    );
    assert_eq!(rules.canonical("hmeimim"), Some("Khmeimim"));
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(
        conflict.item,
        ConflictItem::EntityRule {
            phrase: "Tartus".into(),
            of: None,
            place: None,
            ours: Some(PhraseRule::Always(EntityKind::Loc)),
            theirs: Some(PhraseRule::Never),
        }
    );
}

/// Rules for one gazetteer entry are keyed by phrase, kind and entry: one side's rule for
/// Paris, France and the other's for Paris, Texas are two rules; the same rule set
/// differently for one entry is a conflict that settles into a rule for that entry.
#[test]
fn entity_rules_for_place_entries_merge_by_phrase_kind_and_entry() {
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    let (loc, france, texas) = (Some(EntityKind::Loc), Some(2_988_507), Some(4_717_560));
    ours.entity_rules
        .set_rule_at("Paris", loc, france, PhraseRule::Never);
    theirs
        .entity_rules
        .set_rule_at("paris", loc, texas, PhraseRule::Never);
    ours.entity_rules
        .set_alias_at("Paris", loc, france, "Paris (capital)");
    theirs
        .entity_rules
        .set_alias_at("Paris", loc, france, "City of Light");
    let mut merged = three_way(&b, &ours, &theirs, "Bob").project;
    let rules = &merged.entity_rules;
    let places: Vec<Option<u32>> = rules.phrases.iter().map(|e| e.place).collect();
    assert_eq!(places, [france, texas]);
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(
        conflict.item,
        ConflictItem::EntityAlias {
            alias: "Paris".into(),
            of: loc,
            place: france,
            ours: Some("Paris (capital)".into()),
            theirs: Some("City of Light".into()),
        }
    );
    let id = conflict.id;
    crate::project::Command::SettleConflict {
        id,
        choice: crate::project::conflict::Settlement::KeepTheirs,
    }
    .apply(&mut merged)
    .expect("settled");
    let aliases: Vec<(&str, Option<u32>)> = merged
        .entity_rules
        .aliases
        .iter()
        .map(|e| (e.canonical.as_str(), e.place))
        .collect();
    assert_eq!(aliases, [("City of Light", france)]);
}

#[test]
fn moving_two_tags_under_each_other_on_two_sides_leaves_no_loop() {
    let (b, bases, _) = base();
    let mut b = b;
    let ports = add_tag(&mut b, "Ports");
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.tags.get_mut(&bases).expect("tag").parent = Some(ports);
    theirs.tags.get_mut(&ports).expect("tag").parent = Some(bases);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.tag_tree().len(), 2, "both tags still in the tree");
    let looped =
        merged.tags[&bases].parent == Some(ports) && merged.tags[&ports].parent == Some(bases);
    assert!(!looped);
}

#[test]
fn merging_the_same_copies_twice_gives_the_same_file() {
    let (b, _, a) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    note(&mut ours, a, "ours", 1);
    note(&mut theirs, a, "theirs", 2);
    add_annotation(&mut theirs, (70, 80), "Bob", Vec::new());
    let dir = Path::new("/nonexistent");
    let once = file::to_ron(&three_way(&b, &ours, &theirs, "Bob").project, dir).expect("ron");
    let twice = file::to_ron(&three_way(&b, &ours, &theirs, "Bob").project, dir).expect("ron");
    assert_eq!(once, twice);
}

#[test]
fn without_a_shared_history_tags_match_by_name_and_annotations_by_passage_and_coder() {
    let mut ours = Project::new("study");
    let mut theirs = Project::new("study");
    let our_tag = add_tag(&mut ours, "Bases");
    let their_tag = add_tag(&mut theirs, "Bases");
    let mine = add_annotation(&mut ours, (0, 5), "Ana", vec![our_tag]);
    // The same passage coded by the same coder (made apart: another id) is one annotation,
    // whose differing note conflicts; by another coder it is another annotation.
    let same = add_annotation(&mut theirs, (0, 5), "Ana", vec![their_tag]);
    note(&mut theirs, same, "their note", 3);
    let bobs = add_annotation(&mut theirs, (0, 5), "Bob", vec![their_tag]);
    // An item with the same id in both is one item.
    let shared = add_annotation(&mut ours, (9, 12), "Ana", Vec::new());
    let copy = ours.annotations[&shared].clone();
    theirs.annotations.insert(shared, copy);
    let merged = two_way(&ours, &theirs, "bob.dossier.ron");
    let p = &merged.project;
    assert_eq!(p.tags.len(), 1);
    let ids: BTreeSet<AnnotationId> = p.annotations.keys().copied().collect();
    assert_eq!(ids, BTreeSet::from([mine, bobs, shared]));
    assert_eq!(p.annotations[&bobs].tags, [our_tag]);
    let [conflict] = conflicts(p)[..] else {
        panic!("one conflict: {:?}", p.merge_conflicts)
    };
    assert_eq!(conflict.fields, ["note"]);
    assert_eq!(conflict.theirs_from, "bob.dossier.ron");
    assert_eq!(merged.summary.describe(), "1 annotation by Bob, 1 conflict");
}

#[test]
fn the_merge_is_applied_to_the_open_project_as_one_undoable_step() {
    let (b, _, a) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    note(&mut ours, a, "ours", 1);
    note(&mut theirs, a, "theirs", 2);
    add_annotation(&mut theirs, (70, 80), "Bob", Vec::new());
    add_tag(&mut theirs, "Ports");
    theirs.entity_rules.never("Tartus");
    let merged = two_way(&ours, &theirs, "Bob");
    let command = merged.command(&ours, "Bob");
    assert_eq!(
        command.label(&ours),
        "Merge Bob: 1 annotation by Bob, 1 new tag, 1 other change, 1 conflict"
    );
    let before = ours.clone();
    let mut history = History::default();
    history.execute(&mut ours, command).expect("merge");
    assert_eq!(ours, merged.project);
    history.undo(&mut ours).expect("undo");
    assert_eq!(ours, before);
    history.redo(&mut ours).expect("redo");
    assert_eq!(ours, merged.project);
    // The plain entry point gives the same project.
    let mut again = before.clone();
    apply_command(&before, &merged.project)
        .apply(&mut again)
        .expect("apply");
    assert_eq!(again, merged.project);
}

#[test]
fn a_rename_to_the_name_of_a_tag_the_other_side_created_ends_with_one_tag() {
    let (b, bases, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    // Ours creates "Ports" and codes with it; theirs renames "Bases" to "ports".
    let ports = add_tag(&mut ours, "Ports");
    let coded = add_annotation(&mut ours, (10, 20), "Ana", vec![ports]);
    theirs.tags.get_mut(&bases).expect("tag").name = "ports".into();
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let names: Vec<&str> = merged.tags.values().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["ports"]);
    assert_eq!(merged.annotations[&coded].tags, [bases]);
    // The other way round, ours renaming and theirs creating: one tag too.
    let merged = three_way(&b, &theirs, &ours, "Bob").project;
    assert_eq!(merged.tags.len(), 1);
    assert_eq!(merged.annotations[&coded].tags, [bases]);
}

#[test]
fn a_tag_they_renamed_then_created_again_under_its_old_name_stays_two_tags() {
    let (b, bases, a) = base();
    let ours = b.clone();
    let mut theirs = b.clone();
    theirs.tags.get_mut(&bases).expect("tag").name = "Military bases".into();
    let new_bases = add_tag(&mut theirs, "Bases");
    let coded = add_annotation(&mut theirs, (10, 20), "Bob", vec![new_bases]);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.tags[&bases].name, "Military bases");
    assert_eq!(merged.tags[&new_bases].name, "Bases");
    assert_eq!(merged.annotations[&a].tags, [bases]);
    assert_eq!(merged.annotations[&coded].tags, [new_bases]);
}

#[test]
fn place_links_and_rules_for_one_kind_merge_as_their_own_items() {
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.entity_rules.set_place("Madaya", Some(167_558));
    theirs
        .entity_rules
        .set_place("Paris, Texas", Some(4_717_560));
    theirs.entity_rules.set_place("madaya", Some(167_558));
    // "Jordan" never a person on one side, always a place on the other: two rules.
    ours.entity_rules
        .set_rule_of("Jordan", Some(EntityKind::Person), PhraseRule::Never);
    theirs.entity_rules.always("Jordan", EntityKind::Loc);
    let merged = three_way(&b, &ours, &theirs, "Bob");
    let rules = &merged.project.entity_rules;
    assert_eq!(rules.place("Madaya"), Some(Some(167_558)));
    assert_eq!(rules.place("Paris, Texas"), Some(Some(4_717_560)));
    assert_eq!(rules.places.len(), 2);
    assert_eq!(rules.phrases.len(), 2);
    assert_eq!(
        rules.rule("jordan"),
        Some(PhraseRule::Always(EntityKind::Loc))
    );
    assert!(conflicts(&merged.project).is_empty());
}

#[test]
fn two_codes_renamed_to_one_name_on_the_two_sides_stay_two_with_a_name_conflict() {
    let (mut b, _, _) = base();
    let economy = add_tag(&mut b, "Economy");
    let commerce = add_tag(&mut b, "Commerce");
    b.tags.get_mut(&commerce).expect("tag").colour = Rgb::PALETTE[2];
    let coded_economy = add_annotation(&mut b, (10, 20), "Ana", vec![economy]);
    let coded_commerce = add_annotation(&mut b, (30, 40), "Ana", vec![commerce]);
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.tags.get_mut(&economy).expect("tag").name = "Trade".into();
    theirs.tags.get_mut(&commerce).expect("tag").name = "trade".into();
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.tags[&economy].name, "Trade");
    // Theirs' rename waits for the user: the tag keeps our name and its colour.
    assert_eq!(merged.tags[&commerce].name, "Commerce");
    assert_eq!(merged.tags[&commerce].colour, Rgb::PALETTE[2]);
    assert_eq!(merged.annotations[&coded_economy].tags, [economy]);
    assert_eq!(merged.annotations[&coded_commerce].tags, [commerce]);
    let found = conflicts(&merged);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].fields, ["name"]);
    let ConflictItem::Tag {
        ours: Some(o),
        theirs: Some(t),
    } = &found[0].item
    else {
        panic!("a tag conflict: {:?}", found[0].item);
    };
    assert_eq!((o.id, o.name.as_str()), (commerce, "Commerce"));
    assert_eq!((t.id, t.name.as_str()), (commerce, "trade"));
}

#[test]
fn without_a_shared_history_a_new_tag_named_like_a_tag_whose_name_conflicts_stays_apart() {
    // Ours and theirs have tag A; theirs renamed it "Foreign policy" and made a new
    // "Diplomacy". Without a base the rename is a conflict, and A keeps our name for now:
    // their new tag is not folded into it.
    let (mut ours, a, _) = base();
    ours.tags.get_mut(&a).expect("tag").name = "Diplomacy".into();
    let mut theirs = ours.clone();
    theirs.tags.get_mut(&a).expect("tag").name = "Foreign policy".into();
    let new = add_tag(&mut theirs, "Diplomacy");
    let coded = add_annotation(&mut theirs, (10, 20), "Bob", vec![new]);
    let merged = two_way(&ours, &theirs, "Bob").project;
    assert_eq!(merged.tags[&a].name, "Diplomacy");
    assert_eq!(merged.tags[&new].name, "Diplomacy (Bob)");
    assert_eq!(merged.annotations[&coded].tags, [new]);
    let mut fields: Vec<_> = conflicts(&merged)
        .iter()
        .map(|c| (c.subject(), c.fields.clone()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            (
                "name of tag “Diplomacy (Bob)”".to_owned(),
                vec!["name".to_owned()]
            ),
            (
                "name of tag “Diplomacy”".to_owned(),
                vec!["name".to_owned()]
            ),
        ]
    );
}

/// A project file of format 3 (tags numbered from one counter) named `interviews`, as
/// Dossier names a project started on a folder of that name.
fn numbered_project(tags: &[(u32, &str)], annotations: &[(u32, usize, u32, &str)]) -> Project {
    let tags: Vec<String> = tags
        .iter()
        .map(|(id, name)| {
            format!(r##"(id: {id}, name: "{name}", colour: "#e64a19", description: "")"##)
        })
        .collect();
    let annotations: Vec<String> = annotations
        .iter()
        .map(|(id, start, tag, created)| {
            format!(
                r#"(id: {id}, document: "a.txt", start: {start}, end: {}, quote: "xxxxx", prefix: "", suffix: "", note: "", tags: [{tag}], created: "{created}", modified: "{created}")"#,
                start + 5
            )
        })
        .collect();
    let text = format!(
        r#"(format: "dossier-project", version: 3, name: "interviews", corpus: "", next_id: 10, documents: [], tags: [{}], annotations: [{}])"#,
        tags.join(", "),
        annotations.join(", ")
    );
    file::from_ron(&text, Path::new("/nonexistent/x.dossier.ron")).expect("a format 3 file")
}

#[test]
fn without_a_shared_history_old_numbered_tags_of_other_names_are_other_tags() {
    // Ana and Bob each started a project on a folder `interviews` before ids were unique:
    // both have a tag 1, hers "Diplomacy", his "Economy"; his tag 2 is "Diplomacy".
    let ana = numbered_project(&[(1, "Diplomacy")], &[(2, 0, 1, "2026-01-05T10:00:00Z")]);
    let bob = numbered_project(
        &[(1, "Economy"), (2, "Diplomacy")],
        &[
            (3, 10, 1, "2026-02-07T11:00:00Z"),
            (4, 30, 2, "2026-02-07T11:05:00Z"),
        ],
    );
    let merged = two_way(&ana, &bob, "Bob").project;
    let name_of = |start: usize| -> Vec<&str> {
        let a = merged
            .annotations
            .values()
            .find(|a| a.anchor.start == start);
        let tags = a.map(|a| a.tags.clone()).unwrap_or_default();
        tags.iter().map(|t| merged.tags[t].name.as_str()).collect()
    };
    let mut names: Vec<&str> = merged.tags.values().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Diplomacy", "Economy"]);
    assert_eq!(name_of(0), ["Diplomacy"]);
    assert_eq!(name_of(10), ["Economy"]);
    assert_eq!(name_of(30), ["Diplomacy"]);
    assert!(
        merged.merge_conflicts.is_empty(),
        "{:?}",
        merged.merge_conflicts
    );
    // Copies of one old file still share their tags by id.
    let mut renamed = ana.clone();
    for t in renamed.tags.values_mut() {
        t.colour = Rgb::PALETTE[5];
    }
    let merged = two_way(&ana, &renamed, "Bob").project;
    assert_eq!(merged.tags.len(), 1);
}

#[test]
fn a_conflict_about_a_tag_whose_parent_the_merge_removed_can_be_settled() {
    let (mut b, _, _) = base();
    let region = add_tag(&mut b, "Region");
    let syria = add_tag(&mut b, "Syria");
    b.tags.get_mut(&syria).expect("tag").parent = Some(region);
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    // Ours deletes "Region" and its child; theirs renames the child.
    ours.tags.remove(&syria);
    ours.tags.remove(&region);
    theirs.tags.get_mut(&syria).expect("tag").name = "Syria (country)".into();
    let mut merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert!(!merged.tags.contains_key(&region));
    let saved: Vec<&Tag> = merged
        .merge_conflicts
        .values()
        .flat_map(|c| match &c.item {
            ConflictItem::Tag { ours, theirs } => [ours.as_ref(), theirs.as_ref()],
            _ => [None, None],
        })
        .flatten()
        .collect();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].parent, None, "no parent the merge removed");
    // The researcher deletes the tag before settling: keeping theirs brings it back.
    let mut h = History::default();
    h.execute(&mut merged, crate::project::Command::DeleteTag(syria))
        .expect("deleted");
    let id = *merged.merge_conflicts.keys().next().expect("a conflict");
    let choice = crate::project::Settlement::KeepTheirs;
    let settle = crate::project::Command::SettleConflict { id, choice };
    h.execute(&mut merged, settle).expect("settled");
    assert_eq!(merged.tags[&syria].name, "Syria (country)");
    assert_eq!(merged.tags[&syria].parent, None);
}

#[test]
fn a_tag_moved_under_a_new_tag_that_is_joined_into_it_is_not_its_own_parent() {
    let (b, x, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    // Ours moves X under a new tag "Trade"; theirs renames X to "Trade": the new tag is
    // joined into X, whose parent it was.
    let y = add_tag(&mut ours, "Trade");
    ours.tags.get_mut(&x).expect("tag").parent = Some(y);
    theirs.tags.get_mut(&x).expect("tag").name = "Trade".into();
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.tags.len(), 1);
    assert_eq!(merged.tags[&x].parent, None);
    assert_eq!(merged.tag_and_descendants(x), [x]);
    // A loop written by hand (or a patch) ends the walk too.
    let mut looped = merged.clone();
    let z = add_tag(&mut looped, "Ports");
    looped.tags.get_mut(&x).expect("tag").parent = Some(z);
    looped.tags.get_mut(&z).expect("tag").parent = Some(x);
    assert_eq!(looped.tag_and_descendants(x), [x, z]);
}

#[test]
fn many_entity_rules_merge_once_each_in_our_order_then_theirs() {
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    for i in 0..600 {
        ours.entity_rules
            .always(&format!("Place {i}"), EntityKind::Loc);
        ours.entity_rules
            .set_alias(&format!("P{i}"), &format!("Place {i}"));
    }
    // Theirs has every other of our rules (spelt in lower case) and rules of its own.
    for i in (0..600).step_by(2) {
        theirs
            .entity_rules
            .always(&format!("place {i}"), EntityKind::Loc);
    }
    for i in 600..800 {
        theirs.entity_rules.never(&format!("Place {i}"));
        theirs
            .entity_rules
            .set_alias(&format!("p{}", i - 600), &format!("Place {}", i - 600));
    }
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    let phrases: Vec<&str> = merged
        .entity_rules
        .phrases
        .iter()
        .map(|e| e.phrase.as_str())
        .collect();
    let expected: Vec<String> = (0..800).map(|i| format!("Place {i}")).collect();
    assert_eq!(phrases, expected);
    assert_eq!(merged.entity_rules.aliases.len(), 600);
    assert_eq!(merged.entity_rules.aliases[0].alias, "P0");
    assert!(merged.merge_conflicts.is_empty());
}

#[test]
fn a_place_linked_differently_on_the_two_sides_is_a_conflict_settled_either_way() {
    use crate::project::{Command, History, Settlement};
    let (mut b, _, _) = base();
    b.entity_rules.set_place("Paris", Some(2_988_507));
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.entity_rules.set_place("Paris", None);
    theirs.entity_rules.set_place("paris", Some(4_717_560));
    let mut merged = three_way(&b, &ours, &theirs, "Bob").project;
    // Ours is kept until settled, and the conflict holds both.
    assert_eq!(merged.entity_rules.place("Paris"), Some(None));
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(
        conflict.item,
        ConflictItem::PlaceLink {
            name: "Paris".into(),
            ours: Some(None),
            theirs: Some(Some(4_717_560)),
        }
    );
    let id = conflict.id;
    let before = merged.clone();
    let mut history = History::default();
    history
        .execute(
            &mut merged,
            Command::SettleConflict {
                id,
                choice: Settlement::KeepTheirs,
            },
        )
        .expect("settles");
    assert_eq!(merged.entity_rules.place("Paris"), Some(Some(4_717_560)));
    assert!(merged.merge_conflicts.is_empty());
    history.undo(&mut merged).expect("undo");
    assert_eq!(merged, before);
}

fn region(x: f32) -> crate::project::PageRegion {
    let rect = crate::corpus::layout::PageRect {
        x,
        y: 40.0,
        w: 120.0,
        h: 90.0,
    };
    crate::project::PageRegion::new(2, rect).expect("a box")
}

/// Codes a photograph (a region without words) on page 3 of `a.txt`.
fn add_photo(p: &mut Project, x: f32, coder: &str) -> AnnotationId {
    let id = add_annotation(p, (7, 7), coder, Vec::new());
    let a = p.annotations.get_mut(&id).expect("annotation");
    a.anchor.quote.clear();
    a.anchor.region = Some(region(x));
    id
}

#[test]
fn a_region_box_moved_on_both_sides_is_a_passage_conflict_and_on_one_side_its_move() {
    let (mut b, _, _) = base();
    let photo = add_photo(&mut b, 10.0, "Ana");
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    let moved = |p: &mut Project, x: f32| {
        p.annotations.get_mut(&photo).expect("photo").anchor.region = Some(region(x));
    };
    moved(&mut theirs, 30.0);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.annotations[&photo].anchor.region, Some(region(30.0)));
    assert!(merged.merge_conflicts.is_empty());

    moved(&mut ours, 20.0);
    let merged = three_way(&b, &ours, &theirs, "Bob").project;
    assert_eq!(merged.annotations[&photo].anchor.region, Some(region(20.0)));
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict: {:?}", merged.merge_conflicts)
    };
    assert_eq!(conflict.fields, ["passage"]);
}

#[test]
fn without_a_shared_history_two_regions_on_one_page_stay_two_annotations() {
    let mut ours = Project::new("study");
    let mut theirs = Project::new("study");
    let stamp = add_photo(&mut ours, 10.0, "Ana");
    let photo = add_photo(&mut theirs, 300.0, "Ana");
    let same_stamp = add_photo(&mut theirs, 10.0, "Ana");
    let merged = two_way(&ours, &theirs, "bob.dossier.ron").project;
    let ids: BTreeSet<AnnotationId> = merged.annotations.keys().copied().collect();
    assert_eq!(
        ids,
        BTreeSet::from([stamp, photo]),
        "{same_stamp:?} is ours"
    );
}

#[test]
fn an_order_of_slashed_dates_set_differently_is_a_conflict_else_a_union() {
    use crate::entities::SlashOrder;
    use crate::project::{Command, History, Settlement};
    let (b, _, _) = base();
    let (mut ours, mut theirs) = (b.clone(), b.clone());
    ours.entity_rules
        .set_slash_order(Some("memo.txt"), Some(SlashOrder::DayFirst));
    ours.entity_rules
        .set_slash_order(None, Some(SlashOrder::DayFirst));
    theirs
        .entity_rules
        .set_slash_order(Some("memo.txt"), Some(SlashOrder::MonthFirst));
    theirs
        .entity_rules
        .set_slash_order(Some("cable.txt"), Some(SlashOrder::MonthFirst));
    let mut merged = three_way(&b, &ours, &theirs, "Bob").project;
    // The union of the rest; ours kept for the document both set, until settled.
    let rules = &merged.entity_rules;
    assert_eq!(rules.slash_order(None), Some(SlashOrder::DayFirst));
    assert_eq!(
        rules.slash_order(Some("cable.txt")),
        Some(SlashOrder::MonthFirst)
    );
    assert_eq!(
        rules.slash_order(Some("memo.txt")),
        Some(SlashOrder::DayFirst)
    );
    let [conflict] = conflicts(&merged)[..] else {
        panic!("one conflict")
    };
    assert_eq!(
        conflict.item,
        ConflictItem::SlashOrder {
            document: Some("memo.txt".into()),
            ours: Some(SlashOrder::DayFirst),
            theirs: Some(SlashOrder::MonthFirst),
        }
    );
    let id = conflict.id;
    let before = merged.clone();
    let mut history = History::default();
    history
        .execute(
            &mut merged,
            Command::SettleConflict {
                id,
                choice: Settlement::KeepTheirs,
            },
        )
        .expect("settles");
    assert_eq!(
        merged.entity_rules.slash_order(Some("memo.txt")),
        Some(SlashOrder::MonthFirst)
    );
    assert!(merged.merge_conflicts.is_empty());
    history.undo(&mut merged).expect("undo");
    assert_eq!(merged, before);
}

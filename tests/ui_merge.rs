//! Merging a colleague's copy in the window, driven as a person would (egui_kittest):
//! File > Merge Project…, the summary before applying, the "Merge conflicts" list where a
//! conflict is settled, and undo of both; a copy that cannot be merged says why; a project
//! saved with conflicts lists them when it opens again.
#![cfg(feature = "gui")]

use crate::common;

use std::path::{Path, PathBuf};

use common::ui::*;
use dossier::app::DossierApp;
use dossier::app::services::DialogKind;
use dossier::app::state::Modal;
use dossier::entities::SlashOrder;
use dossier::project::{AnnotationId, ConflictId, ConflictItem, MergeConflict, Project, file};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const BOBS_NOTE: &str = "Bob: the lease runs 49 years, not 25";
const BOBS_NEW_NOTE: &str = "Bob's own reading of this passage";

/// Bob's copy of the sample, sent by mail: in another folder, with one note he changed
/// (ours keeps the original: a conflict) and one annotation he added. Returns its path and
/// the id of the annotation whose note he changed.
fn bobs_copy(fx: &Fixture) -> (PathBuf, AnnotationId) {
    let mut bob = file::load(&fx.sample.join("sample.dossier.ron")).expect("the sample loads");
    let changed = *bob
        .annotations
        .keys()
        .next()
        .expect("the sample has annotations");
    if let Some(a) = bob.annotations.get_mut(&changed) {
        a.note = BOBS_NOTE.to_owned();
    }
    let mut added = bob.annotations[&changed].clone();
    added.id = bob.new_annotation_id();
    added.note = BOBS_NEW_NOTE.to_owned();
    added.coder = Some("Bob".to_owned());
    bob.annotations.insert(added.id, added);
    let mail = fx.dir.path().join("mail");
    std::fs::create_dir_all(&mail).expect("mkdir");
    let path = mail.join("bob.dossier.ron");
    file::save(&bob, &path).expect("Bob's copy is written");
    (path, changed)
}

fn project<'a>(h: &'a Harness<'static, DossierApp>) -> &'a Project {
    &h.state()
        .session()
        .expect("a project is open")
        .workspace
        .project
}

/// File > Merge Project…, the scripted dialog answering `copy`; waits for the worker.
fn merge_from_file_menu(fx: &Fixture, h: &mut Harness<'static, DossierApp>, copy: &Path) {
    fx.dialogs
        .answer(DialogKind::MergeProject, Some(copy.to_owned()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Merge Project…").click();
    wait_until(h, "the copy to be read and merged", |a| !a.is_busy());
}

#[test]
fn a_colleagues_copy_is_merged_a_conflict_settled_and_both_undone() {
    let fx = fixture();
    let (copy, changed) = bobs_copy(&fx);
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = project(&h).clone();
    let ours_note = before.annotations[&changed].note.clone();

    merge_from_file_menu(&fx, &mut h, &copy);
    // The summary says what the merge brings before anything changes.
    match h.state().modal() {
        Some(Modal::MergeSummary {
            from,
            headline,
            conflicts,
            ..
        }) => {
            assert_eq!(from, "bob.dossier.ron");
            assert!(headline.contains("1 annotation by Bob"), "{headline}");
            assert_eq!(*conflicts, 1, "{headline}");
        }
        other => panic!("expected the merge summary, got {other:?}"),
    }
    assert_eq!(project(&h), &before, "nothing is merged before Apply");
    h.get_by_label("Apply merge").click();
    h.run();

    // Applied: Bob's annotation is in, the note both changed is a conflict, listed at once.
    let merged = project(&h).clone();
    assert_eq!(merged.annotations.len(), before.annotations.len() + 1);
    assert!(merged.annotations.values().any(|a| a.note == BOBS_NEW_NOTE));
    assert_eq!(merged.merge_conflicts.len(), 1);
    assert_eq!(
        merged.annotations[&changed].note, ours_note,
        "ours kept until settled"
    );
    h.get_by_label("Merge conflicts");
    h.get_by_label("1 merge conflict");

    // Keep theirs: Bob's note replaces ours, the conflict is gone.
    h.get_by_label("Keep theirs").click();
    h.run();
    eprintln!(
        "modal {:?} undo {:?}",
        h.state().modal(),
        h.state().session().unwrap().workspace.history.undo_label()
    );
    assert_eq!(project(&h).annotations[&changed].note, BOBS_NOTE);
    assert!(project(&h).merge_conflicts.is_empty());
    assert!(h.query_by_label("1 merge conflict").is_none());

    // Undo brings the conflict back, with our note.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h), &merged, "settling undone exactly");
    h.get_by_label("Keep theirs");

    // Undo again: the merge itself, in one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h), &before, "the merge undone in one step");
    assert!(h.query_by_label("1 merge conflict").is_none());
}

/// The sample with one conflict recorded, as a git merge leaves it: Bob changed the note
/// of an annotation that we changed too. Returns the annotation's id.
fn sample_with_a_conflict(fx: &Fixture) -> AnnotationId {
    let path = fx.sample.join("sample.dossier.ron");
    let mut project = file::load(&path).expect("the sample loads");
    let ours = project
        .annotations
        .values()
        .next()
        .expect("annotations")
        .clone();
    let mut theirs = ours.clone();
    theirs.note = BOBS_NOTE.to_owned();
    let id = ConflictId(dossier::project::ids::fresh(None));
    let conflict = MergeConflict {
        id,
        item: ConflictItem::Annotation {
            ours: Some(ours.clone()),
            theirs: Some(theirs),
        },
        fields: vec!["note".to_owned()],
        theirs_from: "Bob".to_owned(),
    };
    project.merge_conflicts.insert(id, conflict);
    file::save(&project, &path).expect("saved with its conflict");
    ours.id
}

#[test]
fn a_project_with_conflicts_lists_them_on_opening_and_settles_one_undoably() {
    let fx = fixture();
    let changed = sample_with_a_conflict(&fx);
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = project(&h).clone();
    let ours = before.annotations[&changed].clone();

    // The list is shown at once, the status bar counts what is left.
    h.get_by_label("Merge conflicts");
    h.get_by_label("1 merge conflict");
    h.get_by_label(&format!("≠ {BOBS_NOTE}"));

    // A click on the passage shows it in the reader, the list staying open beside it.
    let quote = format!("“{}”", ours.anchor.quote);
    h.query_all_by_label(&quote)
        .next()
        .expect("the passage is shown")
        .click();
    h.run();
    let shown = h.state().current_document().expect("a document is open");
    assert_eq!(shown.path, ours.document);
    assert_eq!(
        h.state().selection(),
        Some(ours.anchor.start..ours.anchor.end)
    );
    h.get_by_label("Keep theirs").click();
    h.run();
    eprintln!(
        "modal {:?} undo {:?}",
        h.state().modal(),
        h.state().session().unwrap().workspace.history.undo_label()
    );
    assert_eq!(project(&h).annotations[&changed].note, BOBS_NOTE);
    assert!(project(&h).merge_conflicts.is_empty());
    assert!(h.query_by_label("1 merge conflict").is_none());
    h.get_by_label("No merge conflict is left to settle.");

    // Undo: the conflict and our note are back, exactly.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(project(&h), &before);
    h.get_by_label("1 merge conflict");

    // Settled by hand: the note typed is kept.
    h.get_by_label("Edit…").click();
    h.run();
    let note = "The note to keep:";
    h.get_by_role_and_label(Role::MultilineTextInput, note)
        .focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::MultilineTextInput, note)
        .type_text("Both readings: 25 or 49 years");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(
        project(&h).annotations[&changed].note,
        "Both readings: 25 or 49 years"
    );
    assert!(project(&h).merge_conflicts.is_empty());
}

#[test]
fn a_copy_that_cannot_be_merged_says_why_and_changes_nothing() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = project(&h).clone();

    let damaged = fx.dir.path().join("damaged.dossier.ron");
    std::fs::write(&damaged, "(format: \"dossier-project\", version: 4, name: ").expect("write");
    merge_from_file_menu(&fx, &mut h, &damaged);
    match h.state().modal() {
        Some(Modal::Error { title, message }) => {
            assert_eq!(title, "Cannot merge damaged.dossier.ron");
            assert!(message.contains("damaged at line"), "{message}");
        }
        other => panic!("expected an error, got {other:?}"),
    }
    h.get_by_label("OK").click();
    h.run();

    let newer = fx.dir.path().join("newer.dossier.ron");
    std::fs::write(
        &newer,
        "(format: \"dossier-project\", version: 99, name: \"x\")",
    )
    .expect("write");
    merge_from_file_menu(&fx, &mut h, &newer);
    match h.state().modal() {
        Some(Modal::Error { message, .. }) => {
            assert!(message.contains("newer Dossier"), "{message}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    h.get_by_label("OK").click();
    h.run();

    // A project over other documents is no copy of this one.
    let mut other = Project::new("Elsewhere");
    let mut a = before
        .annotations
        .values()
        .next()
        .expect("annotations")
        .clone();
    a.document = "somewhere/else.txt".to_owned();
    other.annotations.insert(a.id, a);
    let elsewhere = fx.dir.path().join("elsewhere.dossier.ron");
    file::save(&other, &elsewhere).expect("write");
    merge_from_file_menu(&fx, &mut h, &elsewhere);
    match h.state().modal() {
        Some(Modal::Error { message, .. }) => {
            assert!(message.contains("another corpus"), "{message}")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    assert_eq!(project(&h), &before);
    assert!(
        !h.state()
            .session()
            .expect("open")
            .workspace
            .history
            .can_undo()
    );
}

/// Two copies that re-linked "Paris" differently (ours to Paris, France; Bob's to Paris,
/// Texas) and read one document's slashed dates in other orders: the list says which
/// place each side means (name, region, country, coordinates, GeoNames id) and which
/// order, in which document; keeping theirs links Paris, Texas.
#[test]
fn a_place_link_conflict_shows_which_place_each_copy_means() {
    let fx = fixture();
    let ours_path = fx.sample.join("sample.dossier.ron");
    let mut ours = file::load(&ours_path).expect("the sample loads");
    let document = ours
        .documents
        .keys()
        .next()
        .expect("the sample has documents")
        .clone();
    let title = ours
        .document_title(&document, None)
        .expect("a title")
        .to_owned();
    let mut bob = ours.clone();
    ours.entity_rules.set_place("Paris", Some(2_988_507));
    ours.entity_rules
        .set_slash_order(Some(&document), Some(SlashOrder::DayFirst));
    file::save(&ours, &ours_path).expect("ours saved");
    bob.entity_rules.set_place("Paris", Some(4_717_560));
    bob.entity_rules
        .set_slash_order(Some(&document), Some(SlashOrder::MonthFirst));
    let mail = fx.dir.path().join("mail");
    std::fs::create_dir_all(&mail).expect("mkdir");
    let copy = mail.join("bob.dossier.ron");
    file::save(&bob, &copy).expect("Bob's copy is written");

    let mut h = opened(&fx, ours_path);
    merge_from_file_menu(&fx, &mut h, &copy);
    h.get_by_label("Apply merge").click();
    h.run();
    assert_eq!(project(&h).merge_conflicts.len(), 2);
    h.get_by_label("Merge conflicts");
    h.get_by_label("“Paris”");
    // Each side: the place, its region, country, coordinates and GeoNames id; what
    // differs is marked.
    for shown in [
        "Paris",
        "≠ France",
        "≠ 48.85° N, 2.35° E",
        "≠ 2988507",
        "≠ Texas",
        "≠ United States",
        "≠ 33.66° N, 95.56° W",
        "≠ 4717560",
    ] {
        assert!(
            h.query_all_by_label(shown).next().is_some(),
            "{shown} is not shown"
        );
    }
    for field in ["Place", "Region", "Country", "Coordinates", "GeoNames"] {
        assert!(h.query_all_by_label(field).next().is_some(), "{field}");
    }
    // The order conflict: its document and both orders.
    h.get_by_label(&format!("in “{title}”"));
    assert_eq!(h.query_all_by_label(&document).count(), 2, "on both sides");
    h.get_by_label("Differs: linked place");
    h.get_by_label("Differs: order");
    h.get_by_label("≠ day first");
    h.get_by_label("≠ month first");

    // Keep theirs on the place link: Paris, Texas it is.
    let place_kind = h.get_by_label("Place link").rect();
    let keep_theirs = h
        .query_all_by_label("Keep theirs")
        .filter(|n| n.rect().top() > place_kind.top())
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the place link's Keep theirs");
    keep_theirs.click();
    h.run();
    assert_eq!(
        project(&h).entity_rules.place("Paris"),
        Some(Some(4_717_560))
    );
    assert_eq!(project(&h).merge_conflicts.len(), 1);
}

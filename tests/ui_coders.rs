//! Coders in the window: the name asked at the first annotation (which is then made), the
//! coder on the card, the annotation panel filtered by coder, a document marked coded and
//! the mark undone.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::state::Modal;
use dossier::search::CoderFilter;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

/// The "Coded by" drop-down of the annotation panel.
const COMBO: &str = "Whose annotations to show";
const TITLE: &str = "Foreign Secretary condemns further Syrian barrel bomb use";

#[test]
fn the_first_annotation_asks_the_coder_name_then_is_made_with_it() {
    let fx = fixture();
    let mut h = wait_opened(app_without_coder(
        &fx,
        Some(fx.sample.join("sample.dossier.ron")),
    ));
    let before = annotation_count(&h);
    open_document(&mut h, "barrel", TITLE);
    drag_select_first_line(&mut h);
    h.get_by_label("+  Annotate selection").click();
    h.run();
    field(&h, "Note").type_text("Asked once.");
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    assert!(
        matches!(h.state().modal(), Some(Modal::CoderName { .. })),
        "the name is asked first"
    );
    assert_eq!(annotation_count(&h), before, "not made without a coder");

    let name = field(&h, "Coder name");
    name.focus();
    name.type_text("Ana");
    h.run();
    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(h.state().coder(), Some("Ana"));
    assert_eq!(
        annotation_count(&h),
        before + 1,
        "the annotation waited and is made"
    );
    let session = h.state().session().expect("session");
    let id = h
        .state()
        .selected_annotation()
        .expect("the new one is selected");
    let made = &session.workspace.project.annotations[&id];
    assert_eq!(made.coder.as_deref(), Some("Ana"));
    assert_eq!(made.note, "Asked once.");
    // Its card says who coded it.
    assert!(
        h.query_by_label("by Ana").is_some(),
        "the card names the coder"
    );

    // The next annotation does not ask again.
    drag_select_first_line(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(annotation_count(&h), before + 2);
}

#[test]
fn the_annotation_panel_shows_one_coders_annotations() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    open_document(&mut h, "barrel", TITLE);
    drag_select_first_line(&mut h);
    h.get_by_label("+  Annotate selection").click();
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    let id = h.state().selected_annotation().expect("made");
    let quote = h
        .state()
        .session()
        .expect("session")
        .workspace
        .project
        .annotations[&id]
        .anchor
        .quote
        .clone();
    let card = format!("Annotation: {}", dossier::text::shorten(&quote, 60));
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label(&card).is_some());

    // Only the annotations that record no coder: the tester's is hidden.
    h.get_by_label(COMBO).click();
    h.run();
    h.get_by_label(CoderFilter::Unrecorded.label()).click();
    h.run();
    assert!(
        h.query_by_label(&card).is_none(),
        "another coder's card is hidden"
    );
    // The tester's own: there again.
    h.get_by_label(COMBO).click();
    h.run();
    h.get_by_label("Tester").click();
    h.run();
    assert!(
        h.query_by_label(&card).is_some(),
        "the coder's card is shown"
    );
}

#[test]
fn mark_a_document_coded_from_the_reader_then_undo() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    open_document(&mut h, "barrel", TITLE);
    let path = h.state().current_document().expect("document").path.clone();
    let coded_by = |h: &egui_kittest::Harness<'static, dossier::app::DossierApp>| {
        h.state()
            .session()
            .expect("session")
            .workspace
            .project
            .documents[&path]
            .coded_by
            .clone()
    };
    assert!(coded_by(&h).is_empty());
    h.get_by_label("Mark Coded").click();
    h.run();
    assert_eq!(
        coded_by(&h).into_iter().collect::<Vec<_>>(),
        ["Tester".to_owned()]
    );
    assert!(
        h.query_by_label("✓ coded by Tester").is_some(),
        "the reader's header says it (the list paints the same words)"
    );
    assert!(h.query_by_label("Unmark Coded").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(coded_by(&h).is_empty(), "undone");
    assert!(h.query_by_label("Mark Coded").is_some());
}

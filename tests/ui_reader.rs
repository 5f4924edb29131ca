//! The reader and what leads to it, driven as a person would (egui_kittest): undo after a
//! click in the text, an entity followed through its renaming, the document last read
//! shown again on reopening, the document list following the reader, and right-to-left
//! text laid out in visual order with selections in logical char offsets.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use dossier::app::services::DialogKind;
use dossier::app::{CentralView, DossierApp};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Steps frames until a node whose label starts with `prefix` is drawn.
fn step_until_drawn(h: &mut Harness<'static, DossierApp>, prefix: &str) {
    for _ in 0..500 {
        h.step();
        if h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(prefix)))
            .next()
            .is_some()
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("nothing labelled {prefix}… was drawn");
}

/// A click of the mouse at `pos` (press and release without moving).
fn click_at(h: &mut Harness<'static, DossierApp>, pos: Pos2) {
    h.hover_at(pos);
    h.step();
    h.drag_at(pos);
    h.step();
    h.drop_at(pos);
    h.run();
}

/// Whether the document list shows a row for `title`.
fn listed(h: &Harness<'static, DossierApp>, title: &str) -> bool {
    h.query_all_by(|n| {
        n.label().as_deref() == Some(title) && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .next()
    .is_some()
}

#[test]
fn undo_works_after_a_click_in_the_reader_text() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = annotation_count(&h);
    open_document(
        &mut h,
        "Madaya",
        "Minister for the Middle East Tobias Ellwood comments on delivery of aid to Madaya",
    );
    drag_select_first_line(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(annotation_count(&h), before + 1);

    // A click in the text gives the reader the keyboard (arrows, Ctrl+A, Ctrl+C)...
    let rect = h.get_by_label("Document text").rect();
    click_at(&mut h, Pos2::new(rect.left() + 120.0, rect.top() + 60.0));
    assert!(h.get_by_label("Document text").is_focused());
    // ...and Ctrl+Z still undoes the last change.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), before, "Ctrl+Z undoes after a click");
}

#[test]
fn a_renamed_entity_stays_selected_under_its_new_name() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Entities);
    let source = {
        let index = h.state().entity_index().expect("the index");
        index.entities()[0].id.clone()
    };
    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with(&format!("{} ({}),", source.key, source.kind.display_name()))
        }) && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    let new_name = format!("{} (renamed)", source.key);
    // The name field holds the current name: select it all and type the new one.
    let key = source.key.as_str();
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(key))
        .focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by(|n| n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(key))
        .type_text(&new_name);
    h.run();
    h.get_by_label("Rename").click();
    h.step();
    wait_until(&mut h, "the index after the rename", |a| {
        !a.recognising_entities()
            && a.entity_index()
                .is_some_and(|i| i.summary(source.kind, &new_name).is_some())
    });
    h.run();
    assert!(
        h.query_by_label_contains("no longer in the index")
            .is_none(),
        "the detail pane does not lose the entity"
    );
    assert!(
        h.query_all_by_label(&new_name).next().is_some(),
        "the entity is shown under its new name"
    );
    assert!(
        h.query_all_by_label_contains("Concordance (")
            .next()
            .is_some(),
        "with its concordance"
    );
}

#[test]
fn reopening_a_project_shows_the_document_last_read() {
    let fx = fixture();
    let project = fx.sample.join("sample.dossier.ron");
    let mut h = opened(&fx, project.clone());
    let first = h
        .state()
        .current_document()
        .expect("a document")
        .path
        .clone();
    let title = "Minister for the Middle East Tobias Ellwood comments on delivery of aid to Madaya";
    open_document(&mut h, "Madaya", title);
    let read = h
        .state()
        .current_document()
        .expect("a document")
        .path
        .clone();
    assert_ne!(read, first);

    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run();
    assert!(h.state().session().is_none());
    fx.dialogs.answer(DialogKind::OpenProject, Some(project));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    let mut h = wait_opened(h);
    assert_eq!(
        h.state().current_document().map(|d| d.path.clone()),
        Some(read),
        "the document last read, not the first"
    );
    h.run();
    assert!(listed(&h, title), "and the list shows it");
}

#[test]
fn the_document_list_follows_a_document_opened_from_the_map() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Map);
    step_until_drawn(&mut h, "Place: Raqqa, ");
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Place: Raqqa, ")))
        .click();
    h.step();
    h.step();
    step_until_drawn(&mut h, "Mention in ");
    // The last mention listed: a document far down the list.
    h.query_all_by_label_contains("Mention in ")
        .last()
        .expect("a mention of Raqqa")
        .click();
    h.step();
    h.step();
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let doc = h.state().current_document().expect("a document").clone();
    assert!(
        listed(&h, &doc.title),
        "the list scrolled to “{}”",
        doc.title
    );
}

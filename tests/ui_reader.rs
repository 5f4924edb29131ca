//! The reader and what leads to it, driven as a person would (egui_kittest): undo after a
//! click in the text, an entity followed through its renaming (its correction's reach shown
//! before, its dismissed conflicts still dismissed after), the document last read
//! shown again on reopening, the document list following the reader, and right-to-left
//! text laid out in visual order with selections in logical char offsets.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::services::DialogKind;
use dossier::app::{CentralView, DossierApp};
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

/// The right-most text field holding `value` (the entity index's name field, right of
/// the list's filter when both hold the entity's name).
fn name_field<'h>(h: &'h Harness<'static, DossierApp>, value: &'h str) -> egui_kittest::Node<'h> {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(value)
    })
    .max_by(|a, b| a.rect().left().total_cmp(&b.rect().left()))
    .expect("the name field")
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
    // What the rename will change is shown before it is applied, and is what it changes.
    let reach = h
        .query_all_by(|n| {
            n.value()
                .is_some_and(|v| v.starts_with("A correction changes "))
        })
        .next()
        .and_then(|n| n.accesskit_node().value())
        .expect("the correction's reach is shown");
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
    let renamed = h
        .state()
        .entity_index()
        .and_then(|i| i.summary(source.kind, &new_name).cloned())
        .expect("renamed");
    // The mentions changed, and the occurrences no mention covered that the rename tags.
    let (changed, documents) = reach
        .strip_prefix("A correction changes ")
        .and_then(|r| r.split_once(" mentions in "))
        .and_then(|(m, r)| Some((m.parse::<usize>().ok()?, r.split_once(' ')?.0.parse().ok()?)))
        .expect("figures");
    let tagged = reach
        .split_once(" A rename also tags ")
        .and_then(|(_, r)| r.split_once(' ')?.0.parse::<usize>().ok())
        .unwrap_or(0);
    assert_eq!(
        (renamed.mentions, renamed.documents),
        (changed + tagged, documents),
        "shown before: {reach}"
    );
}

#[test]
fn an_entity_found_by_name_and_renamed_stays_selected_and_listed() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    let filter = h.get_by(|n| n.placeholder() == Some("Filter entities by name"));
    filter.focus();
    filter.type_text("Damascus");
    h.run();
    h.get_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("Damascus (Place),"))
            && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    // A new name the filter does not match.
    let name = name_field(&h, "Damascus");
    name.focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    name_field(&h, "Damascus").type_text("Dimashq");
    h.run();
    h.get_by_label("Rename").click();
    h.step();
    wait_until(&mut h, "the index after the rename", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(dossier::entities::EntityKind::Loc, "Dimashq")
                    .is_some()
            })
    });
    h.run();
    assert!(
        h.query_by_label_contains("no longer in the index")
            .is_none(),
        "the detail pane keeps the entity"
    );
    let row = h.query_by(|n| {
        n.label().is_some_and(|l| l.starts_with("Dimashq (Place),"))
            && n.role() == egui::accesskit::Role::ListBoxOption
    });
    assert!(
        row.is_some_and(|r| r.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)),
        "the renamed entity's row is listed and selected"
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
    list_mentions_of_place(&mut h, "Raqqa");
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

const BIDI_DOC: &str = "news/bidi-lines.md";
const ARABIC: &str = "يقع ميناء طرطوس على الساحل السوري.";
const HEBREW: &str = "הנמל נמצא על חוף הים התיכון.";
const MIXED: &str = "The port of طرطوس الكبير lies on the Syrian coast.";

/// The global char range of `needle` in the open document.
fn chars_of(h: &Harness<'static, DossierApp>, needle: &str) -> std::ops::Range<usize> {
    let doc = h.state().current_document().expect("a document");
    let text = doc.text.as_str();
    let byte = text.find(needle).expect("the text is in the document");
    let start = text[..byte].chars().count();
    start..start + needle.chars().count()
}

/// Where `needle` is drawn.
fn drawn_text(h: &mut Harness<'static, DossierApp>, needle: &str) -> egui::Rect {
    let range = chars_of(h, needle);
    drawn(h, range)
}

/// Where `range` is drawn: the rectangle of the selection node after revealing it.
fn drawn(h: &mut Harness<'static, DossierApp>, range: std::ops::Range<usize>) -> egui::Rect {
    h.state_mut().reveal(BIDI_DOC, range.clone());
    h.run();
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Selected text: ")))
        .rect()
}

#[test]
fn right_to_left_lines_are_drawn_in_visual_order_and_select_by_logical_chars() {
    let fx = fixture();
    std::fs::write(
        fx.sample.join(BIDI_DOC),
        format!("---\ntitle: Bidi lines\n---\n{ARABIC}\n\n{HEBREW}\n\n{MIXED}\n"),
    )
    .expect("write the test document");
    let mut h = opened(&fx, fx.sample.clone());
    open_document(&mut h, "Bidi", "Bidi lines");

    // Arabic: the full stop is drawn left of the last word, the last word left of the
    // first; the paragraph is right-aligned.
    let text = h.get_by_label("Document text").rect();
    let stop = drawn_text(&mut h, ".");
    let last_word = drawn_text(&mut h, "السوري");
    let first_word = drawn_text(&mut h, "يقع");
    assert!(
        stop.right() <= last_word.left() + 1.0,
        "{stop:?} {last_word:?}"
    );
    assert!(
        last_word.right() < first_word.left(),
        "{last_word:?} {first_word:?}"
    );
    assert!(
        first_word.right() > text.center().x,
        "right-aligned: {first_word:?}"
    );

    // Hebrew: the same order, the full stop on the left.
    let hebrew_stop = chars_of(&h, "התיכון.").end - 1;
    let stop = drawn(&mut h, hebrew_stop..hebrew_stop + 1);
    let sea = drawn_text(&mut h, "התיכון");
    let port = drawn_text(&mut h, "הנמל");
    assert!(stop.right() <= sea.left() + 1.0 && sea.right() < port.left());

    // Mixed: English left to right, the two Arabic words reversed between.
    let of = drawn_text(&mut h, "The port of");
    let tartus = chars_of(&h, "طرطوس الكبير").start;
    let tartus = drawn(&mut h, tartus..tartus + "طرطوس".chars().count());
    let great = drawn_text(&mut h, "الكبير");
    let lies = drawn_text(&mut h, "lies");
    assert!(of.right() < great.left(), "{of:?} {great:?}");
    assert!(great.right() < tartus.left(), "{great:?} {tartus:?}");
    assert!(tartus.right() < lies.left(), "{tartus:?} {lies:?}");

    // A drag inside a word selects that word, in logical chars.
    for word in ["السوري", "נמצא", "الكبير"] {
        let range = chars_of(&h, word);
        let rect = drawn(&mut h, range.clone());
        let (from, to) = (
            Pos2::new(rect.right() - 3.0, rect.center().y),
            Pos2::new(rect.left() + 3.0, rect.center().y),
        );
        h.hover_at(from);
        h.step();
        h.drag_at(from);
        h.step();
        for x in [from.x - 4.0, (from.x + to.x) / 2.0, to.x] {
            h.hover_at(Pos2::new(x, to.y));
            h.step();
        }
        h.drop_at(to);
        h.run();
        assert_eq!(h.state().selection(), Some(range), "a drag over {word}");
    }

    // A drag from the middle of an Arabic word to the middle of an English one, across the
    // change of direction, selects both whole words.
    let from = drawn_text(&mut h, "الكبير").center();
    let to = drawn_text(&mut h, "lies").center();
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for x in [from.x + 10.0, (from.x + to.x) / 2.0, to.x] {
        h.hover_at(Pos2::new(x, to.y));
        h.step();
    }
    h.drop_at(to);
    h.run();
    let selected = h.state().selection().expect("a selection");
    let doc = h.state().current_document().expect("a document").clone();
    assert_eq!(doc.text.slice(selected), Some("الكبير lies"));
}

#[test]
fn a_dismissed_conflict_stays_dismissed_when_its_entity_is_renamed_and_can_be_flagged_again() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    let dismissed = |h: &Harness<'static, DossierApp>| -> Vec<String> {
        h.state().session().map_or_else(Vec::new, |s| {
            s.workspace
                .project
                .dismissed_conflicts
                .iter()
                .cloned()
                .collect()
        })
    };
    // Dismiss the sample's possible conflict in the timeline.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    step_until_drawn(&mut h, "Possible conflicts (1)");
    h.get_by_label("Possible conflicts (1)").click();
    h.step();
    step_until_drawn(&mut h, "⚠ Possible conflict: fall of Bashar al-Assad");
    h.get_by_label("Dismiss").click();
    h.step();
    step_until_drawn(&mut h, "Possible conflicts (0)");
    assert_eq!(dismissed(&h), ["fall|PER:Bashar al-Assad"]);

    // Rename the entity in the entity index.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    let filter = h.get_by(|n| n.placeholder() == Some("Filter entities by name"));
    filter.focus();
    filter.type_text("Bashar al-Assad");
    h.run();
    h.get_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("Bashar al-Assad (Person),"))
            && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    name_field(&h, "Bashar al-Assad").focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    name_field(&h, "Bashar al-Assad").type_text("Bashar Assad");
    h.run();
    h.get_by_label("Rename").click();
    h.step();
    wait_until(&mut h, "the index after the rename", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(dossier::entities::EntityKind::Person, "Bashar Assad")
                    .is_some()
            })
    });

    // The group is still dismissed, under the entity's new id, and can be flagged again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    step_until_drawn(&mut h, "Dismissed: fall of Bashar Assad");
    assert!(
        h.query_by_label("Possible conflicts (0)").is_some(),
        "the rename brought no conflict back"
    );
    assert_eq!(dismissed(&h), ["fall|PER:Bashar Assad"]);
    h.get_by_label("Flag again").click();
    h.step();
    step_until_drawn(&mut h, "Possible conflicts (1)");
    assert!(dismissed(&h).is_empty());
}

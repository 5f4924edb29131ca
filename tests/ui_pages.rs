//! The page view driven as a person would: open a folder with a PDF, show its pages,
//! drag over words on a page and annotate them, save, reopen.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use dossier::app::DossierApp;
use dossier::app::services::DialogKind;
use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const REPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");

/// The screen point at the middle of the word of the current document whose text is
/// `word`, on page 1 as drawn.
fn word_on_page(h: &Harness<'static, DossierApp>, word: &str) -> Pos2 {
    let doc = h.state().current_document().expect("a document").clone();
    let layout = doc.layout.as_ref().expect("a page layout");
    let page = h.get_by_label("Page 1").rect();
    let fit = page.width() / layout.pages[0].width;
    let chars: Vec<char> = doc.text.as_str().chars().collect();
    let w = layout
        .words
        .iter()
        .find(|w| {
            chars[w.start as usize..w.end as usize]
                .iter()
                .collect::<String>()
                == word
        })
        .expect("the word is on the page");
    Pos2::new(
        page.left() + (w.rect.x + w.rect.w / 2.0) * fit,
        page.top() + (w.rect.y + w.rect.h / 2.0) * fit,
    )
}

fn drag(h: &mut Harness<'static, DossierApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for t in [0.25, 0.5, 0.75] {
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.hover_at(to);
    h.step();
    h.drop_at(to);
    h.run();
}

#[test]
fn select_words_on_a_page_annotate_them_save_and_reopen() {
    let fx = fixture();
    let folder = fx.dir.path().join("pdfs");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(REPORT, folder.join("report.pdf")).expect("copy");
    let mut h = opened(&fx, folder.clone());
    // The only document is shown at once.
    assert_eq!(
        h.state().current_document().map(|d| d.title.as_str()),
        Some("Situation report")
    );

    // The reader offers the pages; Alt+P (or the toggle) shows them.
    h.key_press_modifiers(Modifiers::ALT, Key::P);
    step_until_drawn(&mut h, "Page 1");
    wait_until(&mut h, "page 1 to be drawn", |a| a.pages_drawn() > 0);

    let from = word_on_page(&h, "delegation");
    let to = word_on_page(&h, "Damascus");
    drag(&mut h, from, to);
    let doc = h.state().current_document().expect("document").clone();
    let selection = h
        .state()
        .selection()
        .expect("dragging on the page selects words");
    assert_eq!(
        doc.text.slice(selection.clone()),
        Some("delegation from Damascus")
    );

    // Ctrl+Enter annotates the selection, as in the text.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    field(&h, "Note").type_text("Who led it?");
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    assert_eq!(annotation_count(&h), 1);

    let project = fx.dir.path().join("pages.dossier.ron");
    fx.dialogs
        .answer(DialogKind::SaveProject, Some(project.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_until(&mut h, "the save to finish", |a| {
        !a.is_busy() && a.session().is_some_and(|s| !s.workspace.is_dirty())
    });

    // Reopened: the annotation is there, and a jump to it shows its page.
    drop(h);
    let mut h = opened(&fx, project);
    let session = h.state().session().expect("session");
    let a = session
        .workspace
        .project
        .annotations
        .values()
        .next()
        .expect("the annotation")
        .clone();
    assert_eq!(a.anchor.quote, "delegation from Damascus");
    h.key_press_modifiers(Modifiers::ALT, Key::P);
    step_until_drawn(&mut h, "Page 1");
    assert!(h.state().showing_pages());
}

mod support;

#[test]
fn only_the_pages_on_screen_are_drawn_and_a_jump_shows_its_page() {
    let fx = fixture();
    let folder = fx.dir.path().join("pdfs");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let bytes = support::pdf::long_report(8).to_pdf();
    std::fs::write(folder.join("long.pdf"), bytes).expect("write");
    let mut h = opened(&fx, folder);
    h.key_press_modifiers(Modifiers::ALT, Key::P);
    step_until_drawn(&mut h, "Page 1");
    assert!(h.state().showing_pages());
    assert!(h.query_by_label("Page 8").is_none(), "page 8 is far below");

    // A passage on page 7, revealed (as a jump from an annotation card does).
    let doc = h.state().current_document().expect("document").clone();
    let layout = doc.layout.clone().expect("layout");
    let word = layout.words[layout.words_on(6).start];
    h.state_mut()
        .reveal(&doc.path, word.start as usize..word.end as usize);
    step_until_drawn(&mut h, "Page 7");
    assert!(
        h.query_by_label("Page 1").is_none(),
        "page 1 is scrolled away"
    );
    wait_until(&mut h, "page 7 to be drawn", |a| a.pages_drawn() >= 2);
    assert!(h.state().pages_drawn() < 8, "not every page is drawn");
}

//! The page view driven as a person would: open a folder with a PDF, show its pages,
//! drag over words on a page and annotate them, save, reopen.
#![cfg(feature = "gui")]

use crate::common;

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

use crate::support;

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

/// A screen point of page 1 (page units) of the current document.
fn point_on_page_1(h: &Harness<'static, DossierApp>, x: f32, y: f32) -> Pos2 {
    let doc = h.state().current_document().expect("a document").clone();
    let layout = doc.layout.as_ref().expect("a page layout");
    let page = h.get_by_label("Page 1").rect();
    let fit = page.width() / layout.pages[0].width;
    Pos2::new(page.left() + x * fit, page.top() + y * fit)
}

/// Shift held through a drag: the page view draws a region instead of selecting words.
fn shift_drag(h: &mut Harness<'static, DossierApp>, from: Pos2, to: Pos2) {
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    drag(h, from, to);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    h.run();
}

/// Draws a region with Shift and a drag between two points of page 1 and annotates it
/// (Ctrl+Enter, then "Add annotation"); returns the region's annotation.
fn code_region(
    h: &mut Harness<'static, DossierApp>,
    (x0, y0): (f32, f32),
    (x1, y1): (f32, f32),
) -> dossier::project::Annotation {
    let (from, to) = (point_on_page_1(h, x0, y0), point_on_page_1(h, x1, y1));
    shift_drag(h, from, to);
    let region = h
        .state()
        .pending_region()
        .expect("Shift and a drag drew a region");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    let session = h.state().session().expect("session");
    session
        .workspace
        .project
        .annotations
        .values()
        .find(|a| a.anchor.region == Some(region))
        .expect("the region was annotated")
        .clone()
}

#[test]
fn shift_drag_codes_a_region_without_words_and_a_click_on_the_page_selects_it() {
    let fx = fixture();
    let folder = fx.dir.path().join("pdfs");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::copy(REPORT, folder.join("report.pdf")).expect("copy");
    let mut h = opened(&fx, folder);
    h.key_press_modifiers(Modifiers::ALT, Key::P);
    step_until_drawn(&mut h, "Page 1");

    // A stretch of paper without words (a margin, the space between paragraphs): a
    // region there quotes nothing.
    let doc = h.state().current_document().expect("document").clone();
    let layout = doc.layout.clone().expect("layout");
    let words = &layout.words[layout.words_on(0)];
    let size = layout.pages[0];
    let (w, hgt) = (80.0, 24.0);
    let clear = |x: f32, y: f32| {
        words.iter().all(|b| {
            let r = b.rect;
            r.x > x + w || r.x + r.w < x || r.y > y + hgt || r.y + r.h < y
        })
    };
    let (bx, by) = (0..((size.height - hgt) / 8.0) as usize)
        .flat_map(|j| (0..((size.width - w) / 8.0) as usize).map(move |i| (i, j)))
        .map(|(i, j)| (4.0 + i as f32 * 8.0, 4.0 + j as f32 * 8.0))
        .find(|&(x, y)| clear(x, y))
        .expect("paper without words on page 1");
    let blank = code_region(&mut h, (bx, by), (bx + w, by + hgt));
    assert_eq!(blank.anchor.quote, "");
    assert_eq!(h.state().selected_annotation(), Some(blank.id));

    // A second region, over the first words; then a click in the first selects it again.
    let first = layout.words[0].rect;
    let words = code_region(
        &mut h,
        (first.x - 2.0, first.y - 2.0),
        (first.x + first.w + 2.0, first.y + first.h + 2.0),
    );
    assert!(!words.anchor.quote.is_empty(), "the first word is quoted");
    assert_eq!(h.state().selected_annotation(), Some(words.id));
    assert_eq!(
        h.query_all_by_label("Coded region on page 1").count(),
        2,
        "both regions are outlined"
    );
    let inside = point_on_page_1(&h, bx + w / 2.0, by + hgt / 2.0);
    h.hover_at(inside);
    h.step();
    h.drag_at(inside);
    h.step();
    h.drop_at(inside);
    h.run();
    assert_eq!(h.state().selected_annotation(), Some(blank.id));
}

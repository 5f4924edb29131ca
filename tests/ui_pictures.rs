//! A photograph with no words in it, coded as a person would: the folder opens with it as a
//! document (not skipped as empty), it opens on its page (there is no text to show), a box
//! is drawn on it with the region tool and annotated with a note.
//!
//! Needs Tesseract (the loader reads a picture's words first): without it, it says why and
//! passes, unless `DOSSIER_REQUIRE_TESSERACT=1` (CI sets it).
#![cfg(feature = "gui")]

use crate::common;
use crate::support;

use common::ui::*;
use egui::{Key, Pos2};
use egui_kittest::kittest::Queryable;
use image::{GrayImage, Luma};

#[test]
fn a_photograph_without_words_opens_on_its_page_and_a_region_of_it_is_coded() {
    if !support::scans::tesseract_with(&[]) {
        return;
    }
    let fx = fixture();
    let folder = fx.dir.path().join("photos");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut img = GrayImage::from_pixel(600, 400, Luma([200]));
    for (x, y, pixel) in img.enumerate_pixels_mut() {
        if (200..400).contains(&x) && (100..300).contains(&y) {
            *pixel = Luma([30]);
        }
    }
    std::fs::write(folder.join("stamp.png"), support::scans::png(&img)).expect("png");
    let mut h = wait_opened(app(&fx, Some(folder)));
    wait_until(&mut h, "the picture to be read", |a| {
        !a.reading_scans() && a.session().is_some_and(|s| s.corpus.documents.len() == 1)
    });
    // The only document opens by itself, as the first of a folder does.
    h.run();
    let current = h.state().current_document().map(|d| d.path.clone());
    assert_eq!(current.as_deref(), Some("stamp.png"));
    assert!(
        h.state().showing_pages(),
        "no text to show: its page is shown"
    );
    step_until_drawn(&mut h, "Page 1");
    wait_until(&mut h, "page 1 to be drawn", |a| a.pages_drawn() > 0);

    h.key_press(Key::R);
    h.run();
    let page = h.get_by_label("Page 1").rect();
    let at = |fx: f32, fy: f32| {
        Pos2::new(
            page.left() + fx * page.width(),
            page.top() + fy * page.height(),
        )
    };
    drag(&mut h, at(0.3, 0.2), at(0.7, 0.8));
    let region = h.state().pending_region().expect("the drag drew a region");
    assert_eq!(region.page, 0);
    h.get_by_label("+  Annotate selection").click();
    h.run();
    field(&h, "Note").type_text("The office's stamp");
    h.get_by_label("Add annotation").click();
    h.run();
    assert_eq!(annotation_count(&h), 1);
    let session = h.state().session().expect("session");
    let coded = session
        .workspace
        .project
        .annotations
        .values()
        .next()
        .expect("the annotation");
    assert_eq!(coded.note, "The office's stamp");
    assert_eq!(coded.anchor.region, Some(region));
    assert_eq!(coded.anchor.quote, "", "no words inside the box");
}

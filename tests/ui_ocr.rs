//! Scans in the window (egui_kittest): a folder with a scanned PDF and a photographed page
//! opens at once, the pages are read by OCR with the progress in the status bar, the
//! documents appear with their text, and a second opening reads them from the OCR cache
//! without running Tesseract; without Tesseract the skipped files say how to install it.
//!
//! Project > OCR Languages… reads the scans again in the languages chosen, and Undo reads
//! them in the languages before.
//!
//! The tests that read need Tesseract (English, and Arabic for the languages): without it,
//! they say why and pass, unless `DOSSIER_REQUIRE_TESSERACT=1` (CI sets it).
#![cfg(feature = "gui")]

use crate::common;
use crate::support;

use common::ui::*;
use egui_kittest::kittest::Queryable;
use support::scans::{self, Script};

use support::scans::{MINUTES_TEXT as PHOTO_TEXT, REGISTER_TEXT as SCAN_TEXT, tesseract_with};

fn tesseract_here() -> bool {
    tesseract_with(&[])
}

fn document_count(h: &egui_kittest::Harness<'static, dossier::app::DossierApp>) -> usize {
    h.state().session().map_or(0, |s| s.corpus.documents.len())
}

#[test]
fn scans_are_read_with_progress_then_come_from_the_cache() {
    if !tesseract_here() {
        return;
    }
    let fx = fixture();
    let folder = scans::scans_folder(fx.dir.path());
    let mut h = wait_opened(app(&fx, Some(folder.clone())));
    // The folder opened before any page was read; the OCR pass shows its progress.
    step_until_drawn(&mut h, "Reading scanned pages");
    wait_until(
        &mut h,
        "the scans to be read and the corpus reloaded",
        |a| !a.reading_scans() && a.session().is_some_and(|s| s.corpus.documents.len() == 2),
    );
    // The first document opens in the reader with its OCR'd text.
    let shown = h
        .state()
        .current_document()
        .expect("open")
        .text
        .as_str()
        .to_owned();
    assert!(scans::word_accuracy(PHOTO_TEXT, &shown) >= 0.9, "{shown}");
    let session = h.state().session().expect("open");
    let scan = session
        .corpus
        .get("register.pdf")
        .expect("the scanned PDF is a document");
    assert!(
        scans::word_accuracy(SCAN_TEXT, scan.text.as_str()) >= 0.9,
        "{}",
        scan.text.as_str()
    );
    drop(h);

    // Opened again: the pages come from the OCR cache, and no OCR runs.
    let mut again = wait_opened(app(&fx, Some(folder)));
    assert_eq!(document_count(&again), 2);
    again.step();
    assert!(!again.state().reading_scans(), "OCR ran again");
}

#[test]
fn without_tesseract_the_scans_say_how_to_install_it() {
    let mut fx = fixture();
    fx.tesseract = Some(fx.dir.path().join("no-tesseract-here"));
    let folder = scans::scans_folder(fx.dir.path());
    let mut h = wait_opened(app(&fx, Some(folder)));
    assert_eq!(document_count(&h), 0);
    assert!(!h.state().reading_scans());
    h.get_by_label("2 files skipped").click();
    h.run();
    step_until_drawn_containing(&mut h, "install tesseract-ocr");
}

/// Steps until `done` holds, at most `seconds` (OCR takes seconds a page, more on a busy
/// machine than `wait_until`'s thousand frames).
fn settle(
    h: &mut egui_kittest::Harness<'static, dossier::app::DossierApp>,
    what: &str,
    seconds: u64,
    done: impl Fn(&dossier::app::DossierApp) -> bool,
) {
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(seconds) {
        h.step();
        if done(h.state()) {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("timed out waiting for {what}");
}

/// The OCR'd text of `path` in the open corpus ("" when it is not a document).
fn text_of(app: &dossier::app::DossierApp, path: &str) -> String {
    app.session()
        .and_then(|s| s.corpus.get(path))
        .map(|d| d.text.as_str().to_owned())
        .unwrap_or_default()
}

fn ocr_languages(
    h: &egui_kittest::Harness<'static, dossier::app::DossierApp>,
) -> Option<Vec<String>> {
    h.state()
        .session()
        .and_then(|s| s.workspace.project.ocr_languages.clone())
}

/// What Edit > Undo would undo now.
fn undo_label(h: &egui_kittest::Harness<'static, dossier::app::DossierApp>) -> Option<String> {
    h.state()
        .session()
        .and_then(|s| s.workspace.history.undo_label().map(str::to_owned))
}

#[test]
fn choosing_arabic_only_reads_the_scan_again_and_undo_reads_it_as_before() {
    if !tesseract_with(&["eng", "ara"]) {
        return;
    }
    let fx = fixture();
    let folder = fx.dir.path().join("scans");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let scan = scans::page(SCAN_TEXT, Script::Latin, 150.0, 0.0);
    std::fs::write(folder.join("register.png"), scans::png(&scan)).expect("png");
    let mut h = wait_opened(app(&fx, Some(folder)));
    let read_well = |a: &dossier::app::DossierApp| {
        !a.reading_scans() && scans::word_accuracy(SCAN_TEXT, &text_of(a, "register.png")) >= 0.9
    };
    settle(
        &mut h,
        "the scan read in the default languages",
        300,
        read_well,
    );

    // Project > OCR Languages…: the installed languages by name, the default chosen.
    h.get_by_label("Project").click();
    h.run();
    h.get_by_label("OCR Languages…").click();
    step_until_drawn(&mut h, "Arabic (ara)");
    h.get_by_label("Only these languages, in this order:")
        .click();
    h.run();
    // English comes ticked; Arabic alone instead.
    h.get_by_label("English (eng)").click();
    h.run();
    h.get_by_label("Arabic (ara)").click();
    h.run();
    let before_change = undo_label(&h);
    h.get_by_label("OK").click();
    h.run();
    assert_eq!(ocr_languages(&h), Some(vec!["ara".to_owned()]));
    assert!(h.state().session().expect("open").workspace.is_dirty());

    // The scan is read again in Arabic only: its English words are lost (which shows it
    // was read again, not served from the cache of the default languages).
    settle(&mut h, "the scan read again in Arabic", 300, |a| {
        !a.reading_scans() && scans::word_accuracy(SCAN_TEXT, &text_of(a, "register.png")) < 0.5
    });
    // The reload says which document changed; OK, then one undo takes back the languages
    // and the documents they read, and the scan reads as before.
    h.get_by_label("OK").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(ocr_languages(&h), None, "the languages undone");
    assert_eq!(undo_label(&h), before_change, "in one step");
    settle(
        &mut h,
        "the scan read again in the default languages",
        300,
        read_well,
    );
}

/// Steps until some node's label or value contains `needle`.
fn step_until_drawn_containing(
    h: &mut egui_kittest::Harness<'static, dossier::app::DossierApp>,
    needle: &str,
) {
    // Wall time, not a count of frames: beside the other tests on 2 cores, what the window
    // waits on (its workers) can take longer than 200 back-to-back frames.
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(30) {
        h.step();
        if h.query_all_by(|n| n.label().or(n.value()).is_some_and(|l| l.contains(needle)))
            .next()
            .is_some()
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("nothing containing {needle:?} was drawn");
}

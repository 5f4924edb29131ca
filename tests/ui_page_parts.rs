//! The page view of a document that is a part of another file: a PDF in a zip archive is
//! shown as its pages, read again out of the archive (the loader keeps only its text).
#![cfg(feature = "gui")]

use crate::common;

use std::io::Write;

use common::ui::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

const REPORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");

#[test]
fn a_pdf_inside_a_zip_is_shown_as_its_pages() {
    let fx = fixture();
    let folder = fx.dir.path().join("released");
    std::fs::create_dir_all(&folder).expect("mkdir");
    let mut zip =
        zip::ZipWriter::new(std::fs::File::create(folder.join("letters.zip")).expect("create"));
    zip.start_file("scans/report.pdf", zip::write::SimpleFileOptions::default())
        .expect("member");
    zip.write_all(&std::fs::read(REPORT).expect("the seed PDF"))
        .expect("write");
    zip.finish().expect("zip");

    let mut h = opened(&fx, folder);
    let doc = h
        .state()
        .current_document()
        .expect("the member is shown")
        .clone();
    assert_eq!(doc.path, "letters.zip/scans/report.pdf");
    assert_eq!(doc.parent.as_deref(), Some("letters.zip"));

    h.key_press_modifiers(Modifiers::ALT, Key::P);
    step_until_drawn(&mut h, "Page 1");
    wait_until(&mut h, "page 1 of the member to be drawn", |a| {
        a.pages_drawn() > 0
    });
    assert!(
        h.query_by(|n| n.label().is_some_and(|l| l.contains("cannot be drawn")))
            .is_none()
    );
}

//! Pictures without words (a photograph, a stamp, a blank scanned page) are documents: their
//! pages are seen and coded by region. And scans are copies only when they are the same
//! file: two different photographs, or two scans whose OCR reads the same words, stay two.
//!
//! These tests need Tesseract (the loader reads a picture's words with it first). Without
//! it they say why and pass, unless `DOSSIER_REQUIRE_TESSERACT=1` (CI sets it).

use crate::support;

use dossier::corpus::ocr::OcrOptions;
use dossier::corpus::{Corpus, LoadOptions};
use image::{GrayImage, Luma};
use support::scans::{self, Script};

fn options(cache: &std::path::Path) -> LoadOptions {
    LoadOptions {
        ocr: OcrOptions {
            cache_dir: Some(cache.to_owned()),
            run: true,
            program: None,
            ..OcrOptions::default()
        },
        ..LoadOptions::default()
    }
}

/// A grey picture with a dark disc at `x`: something to look at, nothing to read.
fn photograph(x: u32) -> Vec<u8> {
    let mut img = GrayImage::from_pixel(600, 400, Luma([200]));
    for (px, py, pixel) in img.enumerate_pixels_mut() {
        let (dx, dy) = (px as i64 - x as i64, py as i64 - 200);
        if dx * dx + dy * dy < 80 * 80 {
            *pixel = Luma([40]);
        }
    }
    scans::png(&img)
}

fn ids(corpus: &Corpus) -> Vec<&str> {
    corpus.documents.iter().map(|d| d.path.as_str()).collect()
}

#[test]
fn pictures_without_words_are_documents_with_a_page_and_not_copies_of_each_other() {
    if !scans::tesseract_with(&["eng"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("stamp.png"), photograph(150)).expect("written");
    std::fs::write(dir.path().join("signature.png"), photograph(450)).expect("written");
    // The same picture again under another name: a copy.
    std::fs::write(dir.path().join("stamp-again.png"), photograph(150)).expect("written");
    let corpus = Corpus::load(dir.path(), &options(cache.path())).expect("loads");
    assert!(corpus.report.skipped.is_empty(), "{:?}", corpus.report);
    assert_eq!(ids(&corpus), ["signature.png", "stamp-again.png"]);
    for doc in &corpus.documents {
        let layout = doc.layout.as_ref().expect("a page to look at");
        assert_eq!(layout.pages.len(), 1, "{}", doc.path);
        assert!(doc.text.as_str().trim().is_empty(), "{}", doc.path);
    }
    let also: Vec<&str> = corpus
        .copies
        .also_in("stamp-again.png")
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(also, ["stamp.png"]);
}

#[test]
fn two_different_scans_that_read_the_same_words_are_not_copies() {
    if !scans::tesseract_with(&["eng"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = tempfile::tempdir().expect("temp dir");
    let words = "EXHIBIT A";
    let straight = scans::page(words, Script::Latin, 300.0, 0.0);
    let askew = scans::page(words, Script::Latin, 300.0, 2.0);
    std::fs::write(dir.path().join("first.png"), scans::png(&straight)).expect("written");
    std::fs::write(dir.path().join("second.png"), scans::png(&askew)).expect("written");
    let corpus = Corpus::load(dir.path(), &options(cache.path())).expect("loads");
    let texts: Vec<String> = corpus
        .documents
        .iter()
        .map(|d| d.text.as_str().trim().to_owned())
        .collect();
    assert_eq!(ids(&corpus), ["first.png", "second.png"], "{texts:?}");
    assert_eq!(texts[0], texts[1], "the same words read from both");
}

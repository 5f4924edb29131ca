//! The window's frames while OCR runs (issue 22: under 16 ms). The real app driven as the
//! native window drives it (`support/bare_window.rs`: one pass of the app's `ui` and the
//! tessellation of its shapes a frame, no GPU), opened on a folder of text documents and
//! scans: the OCR pass starts by itself on every core, and frames are drawn one after
//! another (the worst case: the real window draws only when asked) until it ends, then
//! until the corpus read again with the scans' text is in.
//!
//! ```text
//! cargo bench --bench ocr_frames
//! ```
//!
//! Needs Tesseract (English); without it, it says so and ends.

#[path = "support/bare_window.rs"]
#[allow(dead_code, reason = "no key is pressed here")]
mod bare_window;
#[path = "../tests/support/mod.rs"]
mod support;
#[path = "support/window.rs"]
#[allow(dead_code, reason = "the bare window, not kittest's, is measured")]
mod window;

use std::time::{Duration, Instant};

use bare_window::BareWindow;
use support::scans::{self, ENGLISH, Script};

const SCANS: usize = 8;
const TEXTS: usize = 20;

/// Frame times in milliseconds, summed up.
fn describe(what: &str, frames: &mut [f64]) {
    if frames.is_empty() {
        eprintln!("{what}: no frame");
        return;
    }
    frames.sort_by(f64::total_cmp);
    let at = |q: f64| frames[((frames.len() - 1) as f64 * q).round() as usize];
    eprintln!(
        "{what}: {} frames, median {:.2} ms, 95th percentile {:.2} ms, 99th {:.2} ms, slowest {:.2} ms, over 16 ms: {}",
        frames.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        frames[frames.len() - 1],
        frames.iter().filter(|f| **f > 16.0).count()
    );
}

fn main() {
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"ocr_frames".contains(a.as_str()))
    {
        return;
    }
    if let Err(why) = dossier::corpus::ocr::Tesseract::find(None) {
        eprintln!("ocr_frames bench: needs tesseract: {why}");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("corpus");
    std::fs::create_dir_all(&folder).expect("corpus folder");
    for n in 0..TEXTS {
        let text = format!("Report {n}\n\n{}\n", ENGLISH.replace('\n', " "));
        std::fs::write(folder.join(format!("report-{n:02}.txt")), text).expect("text");
    }
    for n in 0..SCANS {
        let text = format!("Scanned record number {n}\n{ENGLISH}");
        let page = scans::page(&text, Script::Latin, 300.0, 0.0);
        if n % 4 == 3 {
            let pdf = scans::image_pdf(std::slice::from_ref(&page), 300.0);
            std::fs::write(folder.join(format!("scan-{n}.pdf")), pdf).expect("pdf");
        } else {
            std::fs::write(folder.join(format!("scan-{n}.png")), scans::png(&page)).expect("png");
        }
    }
    let mut window = BareWindow::opened(&folder, &dir.path().join("data"));
    let started = Instant::now();
    let mut during = Vec::new();
    let mut after = Vec::new();
    let mut seen_ocr = window.app.reading_scans();
    let documents = |w: &BareWindow| w.app.session().map_or(0, |s| s.corpus.documents.len());
    while started.elapsed() < Duration::from_secs(600) {
        let ocr = window.app.reading_scans();
        seen_ocr |= ocr;
        let start = Instant::now();
        window.step();
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if ocr {
            during.push(ms);
        } else if seen_ocr {
            after.push(ms);
            if documents(&window) == TEXTS + SCANS
                && !window.app.is_busy()
                && !window.app.recognising_entities()
            {
                break;
            }
        }
        // Frames at most 60 a second, as a display would ask for them.
        std::thread::sleep(Duration::from_millis(16).saturating_sub(start.elapsed()));
    }
    eprintln!(
        "ocr_frames: {TEXTS} text documents and {SCANS} scans, {:.1} s from open to the scans read",
        started.elapsed().as_secs_f64()
    );
    describe("frames while OCR runs", &mut during);
    describe(
        "frames from its end until the scans' text is in (reload, recognition)",
        &mut after,
    );
}

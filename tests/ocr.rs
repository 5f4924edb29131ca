//! OCR end to end on scans made in code (`support/scans.rs`): images and image-only PDFs,
//! English and Arabic, 300 and 150 dpi, straight and 2 degrees askew, read through the
//! loader with Tesseract, with the word accuracy each must reach; the OCR cache serving a
//! second load; and the hints when OCR has not run or Tesseract is missing.
//!
//! These tests need Tesseract with English and Arabic. Without it they say why and pass,
//! unless `DOSSIER_REQUIRE_TESSERACT=1` (CI sets it), when they fail.

use crate::support;

use std::path::Path;

use dossier::corpus::ocr::{self, OcrOptions};
use dossier::corpus::{Corpus, LoadOptions, SkipReason};
use support::scans::{self, ARABIC_TEXT, ENGLISH, Script};

/// True when Tesseract with `eng` and `ara` is here; else explains the skip (or fails
/// when it is required).
fn tesseract_ready(test: &str) -> bool {
    let why = match ocr::Tesseract::find(None) {
        Ok(t)
            if ["eng", "ara"]
                .iter()
                .all(|l| t.languages.iter().any(|i| i == l)) =>
        {
            return true;
        }
        Ok(t) => format!("tesseract lacks eng or ara (has {:?})", t.languages),
        Err(why) => why,
    };
    if std::env::var("DOSSIER_REQUIRE_TESSERACT").as_deref() == Ok("1") {
        panic!("{test}: DOSSIER_REQUIRE_TESSERACT=1 but {why}");
    }
    eprintln!("{test}: skipped: {why} (`sudo apt install tesseract-ocr tesseract-ocr-ara`)");
    false
}

fn options(cache: &Path, run: bool) -> LoadOptions {
    LoadOptions {
        ocr: OcrOptions {
            cache_dir: Some(cache.to_owned()),
            run,
            program: None,
            ..OcrOptions::default()
        },
        ..LoadOptions::default()
    }
}

struct Fixture {
    name: &'static str,
    bytes: Vec<u8>,
    truth: String,
    min_accuracy: f64,
}

/// A page as a GIF file (read like the other images).
fn gif(page: &image::GrayImage) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(page.clone())
        .to_rgba8()
        .write_to(&mut out, image::ImageFormat::Gif)
        .expect("gif");
    out.into_inner()
}

fn fixtures() -> Vec<Fixture> {
    let en300 = scans::page(ENGLISH, Script::Latin, 300.0, 0.0);
    let en300_askew = scans::page(ENGLISH, Script::Latin, 300.0, 2.0);
    let en150 = scans::page(ENGLISH, Script::Latin, 150.0, 0.0);
    let ar300 = scans::page(ARABIC_TEXT, Script::Arabic, 300.0, 0.0);
    let ar300_askew = scans::page(ARABIC_TEXT, Script::Arabic, 300.0, 2.0);
    let ar150 = scans::page(ARABIC_TEXT, Script::Arabic, 150.0, 0.0);
    let fixture = |name, bytes, truth: &str, min_accuracy| Fixture {
        name,
        bytes,
        truth: truth.to_owned(),
        min_accuracy,
    };
    vec![
        fixture("english-300dpi.png", scans::png(&en300), ENGLISH, 0.98),
        fixture(
            "english-300dpi.pdf",
            scans::image_pdf(std::slice::from_ref(&en300), 300.0),
            ENGLISH,
            0.98,
        ),
        fixture(
            "english-300dpi-askew.png",
            scans::png(&en300_askew),
            ENGLISH,
            0.90,
        ),
        fixture("english-150dpi.jpg", scans::jpeg(&en150), ENGLISH, 0.90),
        fixture("english-150dpi.gif", gif(&en150), ENGLISH, 0.90),
        fixture(
            "english-150dpi.pdf",
            scans::image_pdf(&[en150], 150.0),
            ENGLISH,
            0.90,
        ),
        fixture("arabic-300dpi.png", scans::png(&ar300), ARABIC_TEXT, 0.90),
        fixture(
            "arabic-300dpi-askew.pdf",
            scans::image_pdf(&[ar300_askew], 300.0),
            ARABIC_TEXT,
            0.90,
        ),
        fixture("arabic-150dpi.png", scans::png(&ar150), ARABIC_TEXT, 0.90),
        fixture(
            "two-pages.tiff",
            scans::tiff(&[en300_askew, ar300]),
            &format!("{ENGLISH}\n{ARABIC_TEXT}"),
            0.90,
        ),
    ]
}

#[test]
fn scans_are_read_by_ocr_with_the_word_accuracy_they_must_reach() {
    if !tesseract_ready("scans_are_read_by_ocr") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let fixtures = fixtures();
    for f in &fixtures {
        std::fs::write(folder.join(f.name), &f.bytes).expect("write");
    }
    if let Some(out) = std::env::var_os("DOSSIER_OCR_FIXTURES") {
        // The scans kept for a look, or for `tesseract` by hand.
        for f in &fixtures {
            std::fs::write(Path::new(&out).join(f.name), &f.bytes).expect("write");
        }
    }
    let cache = dir.path().join("ocr-cache");
    let corpus = Corpus::load(&folder, &options(&cache, true)).expect("loads");
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    let mut failures = Vec::new();
    for f in &fixtures {
        // Scans that read to the same text are one document (an exact copy): resolved.
        let doc = corpus.resolve(f.name).expect("each scan is a document");
        let accuracy = scans::word_accuracy(&f.truth, doc.text.as_str());
        println!(
            "{:<26} {:>6.1}%  ({})",
            f.name,
            accuracy * 100.0,
            doc.encoding
        );
        if accuracy < f.min_accuracy {
            failures.push(format!(
                "{}: {:.1}% < {:.0}%:\n{}",
                f.name,
                accuracy * 100.0,
                f.min_accuracy * 100.0,
                doc.text.as_str()
            ));
        }
        let layout = doc.layout.as_ref().expect("OCR gives word boxes");
        assert!(!layout.words.is_empty());
        assert!(layout.words.iter().all(|w| w.confidence.is_some()));
        for w in &layout.words {
            let page = layout.pages[w.page as usize];
            assert!(
                w.rect.x >= 0.0 && w.rect.x + w.rect.w <= page.width + 1.0,
                "{w:?} {page:?}"
            );
            let word: String = doc
                .text
                .as_str()
                .chars()
                .skip(w.start as usize)
                .take((w.end - w.start) as usize)
                .collect();
            assert!(!word.trim().is_empty() && !word.contains(' '), "{word:?}");
        }
    }
    let tiff = corpus.get("two-pages.tiff").expect("tiff");
    assert_eq!(tiff.pages.len(), 2, "both pages of the TIFF are read");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // Reopened without running OCR: every page comes from the cache.
    let again = Corpus::load(&folder, &options(&cache, false)).expect("loads");
    assert!(
        again.report.skipped.is_empty(),
        "{:?}",
        again.report.skipped
    );
    for f in &fixtures {
        assert_eq!(
            again.resolve(f.name).map(|d| d.text.as_str()),
            corpus.resolve(f.name).map(|d| d.text.as_str())
        );
    }
}

/// A scanned PDF page is handed to Tesseract as its own image (not drawn), and the word
/// boxes still land on the words as hayro draws the page: a JPEG at 200 dpi (not the 300
/// pages are drawn at), deflated grey pixels, and a scan stored sideways and shown upright
/// by `/Rotate 90` (and 270).
#[test]
fn a_pdf_pages_own_scan_is_read_as_it_is_and_its_words_land_on_the_page() {
    use dossier::corpus::Format;
    use dossier::corpus::ocr::pages;
    use dossier::corpus::raster::{OCR_MAX_PIXELS, PdfPages};
    use scans::Embedded;
    use std::sync::Arc;

    if !tesseract_ready("a_pdf_pages_own_scan") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let en200 = scans::page(ENGLISH, Script::Latin, 200.0, 0.0);
    let en300 = scans::page(ENGLISH, Script::Latin, 300.0, 0.0);
    // (name, file, handed as it is, turned)
    let cases = [
        (
            "jpeg-200dpi.pdf",
            scans::image_pdf_as(std::slice::from_ref(&en200), 200.0, Embedded::Jpeg, 0),
            true,
        ),
        (
            "flate-300dpi.pdf",
            scans::image_pdf_as(std::slice::from_ref(&en300), 300.0, Embedded::Flate, 0),
            false,
        ),
        (
            "jpeg-rotate-90.pdf",
            scans::image_pdf_as(std::slice::from_ref(&en300), 300.0, Embedded::Jpeg, 90),
            false,
        ),
        (
            "flate-200dpi-rotate-270.pdf",
            scans::image_pdf_as(std::slice::from_ref(&en200), 200.0, Embedded::Flate, 270),
            false,
        ),
    ];
    for (name, bytes, as_is) in &cases {
        std::fs::write(folder.join(name), bytes).expect("write");
        // Prepared from its own image: upright, at its own resolution, over the page.
        let bytes = Arc::new(bytes.clone());
        let page = pages::for_ocr_within(Format::Pdf, &bytes, 0, None).expect("prepared");
        let frame = page.frame.expect("the page's own scan, not drawn");
        assert_eq!(page.as_is, *as_is, "{name}");
        let dpi = if name.contains("200dpi") {
            200.0
        } else {
            300.0
        };
        assert!(
            (page.dpi.unwrap_or(0.0) - dpi).abs() < 0.5,
            "{name}: {:?}",
            page.dpi
        );
        let drawn = PdfPages::open(Arc::clone(&bytes)).expect("opens");
        let size = drawn.size(0).expect("a page");
        assert!((page.size.width - size.width).abs() < 0.5, "{name}");
        assert!((page.size.height - size.height).abs() < 0.5, "{name}");
        // Upright: the image's sides run as the page's (the strip is wider than high).
        let (image, shown) = (
            page.width as f32 / page.height as f32,
            size.width / size.height,
        );
        assert!(
            shown > 1.0 && (image - shown).abs() < 0.01,
            "{name}: {image} {shown}"
        );
        assert!(
            frame.x.abs() < 0.5 && (frame.w - size.width).abs() < 0.5,
            "{name}: {frame:?}"
        );
    }
    let corpus = Corpus::load(&folder, &options(&dir.path().join("cache"), true)).expect("loads");
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    for (name, bytes, _) in &cases {
        let doc = corpus.resolve(name).expect("read");
        let accuracy = scans::word_accuracy(ENGLISH, doc.text.as_str());
        assert!(
            accuracy >= 0.98,
            "{name}: {:.1}%:\n{}",
            accuracy * 100.0,
            doc.text.as_str()
        );
        // Every word's box holds ink where hayro draws the page, and the ink just above and
        // below it is its own: a box off by a line, a scale or a turn fails this.
        let scale = 3.0;
        let drawn = PdfPages::open(Arc::new(bytes.clone()))
            .and_then(|p| p.render(0, 72.0 * scale, OCR_MAX_PIXELS))
            .expect("drawn");
        let luma = drawn.to_luma();
        let layout = doc.layout.as_ref().expect("word boxes");
        assert!(
            layout.words.len() > 50,
            "{name}: {} words",
            layout.words.len()
        );
        let chars: Vec<char> = doc.text.as_str().chars().collect();
        let (mut checked, mut good) = (0, 0);
        for w in &layout.words {
            if w.end - w.start < 3 {
                continue;
            }
            let r = w.rect;
            let px = |v: f32| (v * scale).round().max(0.0) as u32;
            let (mut near, mut inside) = (0usize, 0usize);
            for y in px(r.y - 3.0)..px(r.y + r.h + 3.0).min(drawn.height) {
                for x in px(r.x)..px(r.x + r.w).min(drawn.width) {
                    if luma[(y * drawn.width + x) as usize] < 128 {
                        near += 1;
                        let fy = y as f32 / scale;
                        if fy >= r.y - 0.5 && fy <= r.y + r.h + 0.5 {
                            inside += 1;
                        }
                    }
                }
            }
            checked += 1;
            if inside > 0 && inside * 100 >= near * 95 {
                good += 1;
            } else {
                let word: String = chars[w.start as usize..w.end as usize].iter().collect();
                eprintln!("{name}: {word:?} at {r:?}: {inside} of {near} dark pixels in its box");
            }
        }
        assert!(
            good * 100 >= checked * 98,
            "{name}: {good} of {checked} words on their ink"
        );
    }
}

/// A page upside down (a PNG) and one turned sideways (an image-only PDF) read with the
/// bar of the clean English page, their word boxes on the page as it is shown (turned):
/// the first line of the upside-down page at its bottom, of the sideways page at its right.
#[test]
fn upside_down_and_sideways_pages_are_turned_and_read_with_the_same_accuracy() {
    if !tesseract_ready("upside_down_and_sideways") {
        return;
    }
    if !ocr::Tesseract::find(None).is_ok_and(|t| t.has_osd) {
        eprintln!("upside_down_and_sideways: skipped: Tesseract's osd data is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let upright = scans::page(ENGLISH, Script::Latin, 300.0, 0.0);
    let upside = image::imageops::rotate180(&upright);
    let sideways = image::imageops::rotate270(&upright);
    std::fs::write(folder.join("upside.png"), scans::png(&upside)).expect("write");
    std::fs::write(
        folder.join("sideways.pdf"),
        scans::image_pdf(&[sideways], 300.0),
    )
    .expect("write");
    if let Some(out) = std::env::var_os("DOSSIER_OCR_FIXTURES") {
        for name in ["upside.png", "sideways.pdf"] {
            std::fs::copy(folder.join(name), Path::new(&out).join(name)).expect("copy");
        }
    }
    let corpus = Corpus::load(&folder, &options(&dir.path().join("cache"), true)).expect("loads");
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    let first = ENGLISH.split_whitespace().next().expect("a first word");
    for (name, first_line_at) in [("upside.png", "bottom"), ("sideways.pdf", "left")] {
        let doc = corpus.get(name).expect("read");
        let accuracy = scans::word_accuracy(ENGLISH, doc.text.as_str());
        assert!(
            accuracy >= 0.98,
            "{name}: {:.1}%:\n{}",
            accuracy * 100.0,
            doc.text.as_str()
        );
        let layout = doc.layout.as_ref().expect("word boxes");
        let page = layout.pages[0];
        let word = layout
            .words
            .iter()
            .find(|w| {
                let text: String = doc
                    .text
                    .as_str()
                    .chars()
                    .skip(w.start as usize)
                    .take((w.end - w.start) as usize)
                    .collect();
                text == first
            })
            .expect("the first word is read");
        let r = word.rect;
        assert!(r.x >= 0.0 && r.y >= 0.0, "{r:?}");
        assert!(r.x + r.w <= page.width + 1.0 && r.y + r.h <= page.height + 1.0);
        match first_line_at {
            "bottom" => assert!(r.y > page.height / 2.0 && r.w > r.h, "{r:?} {page:?}"),
            _ => assert!(r.x < page.width / 2.0 && r.h > r.w, "{r:?} {page:?}"),
        }
    }
}

#[test]
fn arabic_is_read_in_logical_order_with_english_and_arabic() {
    if !tesseract_ready("arabic_is_read_in_logical_order") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.png");
    let line = "نشرت وزارة المالية الميزانية السنوية";
    std::fs::write(
        &path,
        scans::png(&scans::page(line, Script::Arabic, 300.0, 0.0)),
    )
    .expect("write");
    let options = options(&dir.path().join("cache"), true);
    let doc = dossier::corpus::load_document(&path, "letter.png", &options).expect("read");
    let words: Vec<&str> = doc.text.as_str().split_whitespace().collect();
    assert_eq!(
        words.first(),
        Some(&"نشرت"),
        "the first word read comes first"
    );
    assert_eq!(words.last(), Some(&"السنوية"), "{words:?}");
}

#[test]
fn a_scan_not_yet_read_says_so_and_without_tesseract_says_how_to_install_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let page = scans::page("A short letter.", Script::Latin, 150.0, 0.0);
    std::fs::write(folder.join("letter.png"), scans::png(&page)).expect("write");
    std::fs::write(
        folder.join("scan.pdf"),
        scans::image_pdf(&[page.clone(), page], 150.0),
    )
    .expect("write");

    let mut missing = options(&dir.path().join("cache"), false);
    missing.ocr.program = Some(dir.path().join("no-such-tesseract"));
    let corpus = Corpus::load(&folder, &missing).expect("loads");
    let reasons: Vec<String> = corpus
        .report
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.path, s.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            "letter.png: needs OCR: install tesseract-ocr (`sudo apt install tesseract-ocr`)",
            "scan.pdf: needs OCR: install tesseract-ocr (`sudo apt install tesseract-ocr`)",
        ]
    );

    if !tesseract_ready("a_scan_not_yet_read_says_so") {
        return;
    }
    let corpus = Corpus::load(&folder, &options(&dir.path().join("cache"), false)).expect("loads");
    let reasons: Vec<(String, SkipReason)> = corpus
        .report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            ("letter.png".to_owned(), SkipReason::NeedsOcr { pages: 1 }),
            ("scan.pdf".to_owned(), SkipReason::NeedsOcr { pages: 2 }),
        ]
    );
    let load = options(&dir.path().join("cache"), false);
    let jobs: Vec<_> = ["letter.png", "scan.pdf"]
        .iter()
        .flat_map(|f| ocr::pages_to_do(&folder.join(f), &load))
        .collect();
    assert_eq!(jobs.len(), 3);
    let tess = ocr::tesseract(None).expect("tesseract");
    let read = ocr::run_pages(&jobs, &tess, &load.ocr, 2, &|_| {}, &|| false);
    assert_eq!(read.len(), 3);
    let corpus = Corpus::load(&folder, &load).expect("loads");
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    assert!(
        corpus
            .get("scan.pdf")
            .expect("read")
            .text
            .as_str()
            .contains("short letter")
    );
}

/// `dossier scan` on a folder with a scanned PDF reads it (the command line may wait for
/// OCR) and reports it as read by OCR with its page count; a second scan takes it from the
/// cache without running Tesseract again.
#[test]
fn dossier_scan_reports_a_scanned_pdf_as_read_by_ocr_with_its_pages() {
    if !tesseract_ready("dossier_scan_reports_a_scanned_pdf") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let data = tempfile::tempdir().expect("temp dir");
    let page = scans::page(ENGLISH, Script::Latin, 300.0, 0.0);
    std::fs::write(
        dir.path().join("letter.pdf"),
        scans::image_pdf(&[page], 300.0),
    )
    .expect("write");
    let scan = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("scan")
            .arg(dir.path())
            .env("XDG_DATA_HOME", data.path())
            .output()
            .expect("runs")
    };
    let first = scan();
    assert!(first.status.success(), "{first:?}");
    let listing = String::from_utf8_lossy(&first.stdout);
    let line = listing
        .lines()
        .find(|l| l.contains("letter.pdf"))
        .unwrap_or_else(|| panic!("letter.pdf is listed: {listing}"));
    assert!(line.contains("read (OCR), 1 page"), "{line}");
    let again = scan();
    assert_eq!(again.stdout, first.stdout);
    let summary = String::from_utf8_lossy(&again.stderr);
    assert!(!summary.contains("OCR:"), "no page read again: {summary}");
}

/// `dossier ocr --lang` reads in the languages asked (the cache holds the page under them,
/// not under the default), a project file's languages are used for its corpus, and a
/// language that is not installed, or not a code, is a clear message before any page.
#[test]
fn dossier_ocr_reads_in_the_languages_asked_or_says_what_to_install() {
    if !tesseract_ready("dossier_ocr_reads_in_the_languages_asked") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let png = scans::png(&scans::page("A short letter.", Script::Latin, 150.0, 0.0));
    std::fs::write(folder.join("letter.png"), &png).expect("write");
    let ocr_cli = |cache: &Path, args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("ocr")
            .args(args)
            .env(ocr::CACHE_VARIABLE, cache)
            .output()
            .expect("runs")
    };
    let tess = ocr::tesseract(None).expect("tesseract");
    let key = |languages: &str| ocr::PageKey {
        file: ocr::file_hash(&png),
        page: 0,
        languages: languages.to_owned(),
        version: tess.version.clone(),
    };

    let cache = dir.path().join("cache");
    let missing = ocr_cli(
        &cache,
        &[folder.as_os_str(), "--lang".as_ref(), "eng+xyz".as_ref()],
    );
    assert!(!missing.status.success());
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        said.contains("the OCR language xyz is not installed"),
        "{said}"
    );
    assert!(
        said.contains("sudo apt install tesseract-ocr-xyz"),
        "{said}"
    );
    let bad = ocr_cli(
        &cache,
        &[folder.as_os_str(), "--lang".as_ref(), "eng+-l".as_ref()],
    );
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("“-l” is not a Tesseract language code"),
        "{bad:?}"
    );
    assert!(
        !cache.exists(),
        "nothing read before the languages are known good"
    );

    let read = ocr_cli(
        &cache,
        &[folder.as_os_str(), "--lang".as_ref(), "ara".as_ref()],
    );
    assert!(read.status.success(), "{read:?}");
    let page = ocr::OcrCache::new(&cache)
        .get(&key("ara"))
        .expect("read in Arabic");
    assert_eq!(page.used_languages, "ara");
    assert!(ocr::OcrCache::new(&cache).get(&key("auto")).is_none());

    // A project file: its corpus, in its languages.
    let mut project = dossier::project::Project::new("letters");
    project.corpus_root = Some(folder.clone());
    project.ocr_languages = Some(vec!["eng".to_owned(), "ara".to_owned()]);
    let project_file = dir.path().join("letters.dossier.ron");
    dossier::project::file::save(&project, &project_file).expect("saved");
    let read = ocr_cli(&cache, &[project_file.as_os_str()]);
    assert!(read.status.success(), "{read:?}");
    let page = ocr::OcrCache::new(&cache)
        .get(&key("eng+ara"))
        .expect("read");
    assert_eq!(page.used_languages, "eng+ara");
}

/// The text cache and the OCR cache key a scan's text by the OCR languages: a load in
/// other languages finds neither and lists the scan as waiting for OCR, instead of serving
/// the text read in the languages before; back in those, both serve it again.
#[test]
fn a_change_of_languages_is_not_served_from_the_caches() {
    if !tesseract_ready("a_change_of_languages_is_not_served_from_the_caches") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let page = scans::page("A short letter.", Script::Latin, 150.0, 0.0);
    std::fs::write(folder.join("letter.png"), scans::png(&page)).expect("write");
    let with = |languages: Option<&[&str]>, run: bool| {
        let mut load = LoadOptions::cached_in(Some(&dir.path().join("data")));
        load.ocr = options(&dir.path().join("cache"), run).ocr;
        load.ocr.languages = languages.map(|l| l.iter().map(|c| (*c).to_owned()).collect());
        Corpus::load(&folder, &load).expect("loads")
    };
    let read = with(None, true);
    let text = read
        .get("letter.png")
        .expect("read")
        .text
        .as_str()
        .to_owned();
    assert!(text.contains("short letter"), "{text}");
    let other = with(Some(&["ara"]), false);
    assert!(other.get("letter.png").is_none(), "served stale");
    assert_eq!(
        other.report.skipped[0].reason,
        SkipReason::NeedsOcr { pages: 1 }
    );
    let again = with(None, false);
    assert_eq!(
        again.get("letter.png").map(|d| d.text.as_str()),
        Some(text.as_str())
    );
}

/// `dossier text`, `search` and `scan` read a scan in the OCR languages of the project
/// whose corpus holds it (a project file in its folder), and look its pages up in the OCR
/// cache under them; `--lang` overrides.
#[test]
fn text_search_and_scan_read_in_the_languages_of_the_project_found() {
    if !tesseract_ready("text_search_and_scan_read_in_the_languages_of_the_project_found") {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("scans");
    std::fs::create_dir(&folder).expect("folder");
    let png = scans::png(&scans::page(ENGLISH, Script::Latin, 300.0, 0.0));
    std::fs::write(folder.join("budget.png"), &png).expect("write");
    let mut project = dossier::project::Project::new("budget");
    project.corpus_root = Some(folder.clone());
    project.ocr_languages = Some(vec!["eng".to_owned()]);
    dossier::project::file::save(&project, &folder.join("budget.dossier.ron")).expect("saved");
    let data = dir.path().join("data");
    let dossier = |cache: &Path, args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .env(ocr::CACHE_VARIABLE, cache)
            .env("XDG_DATA_HOME", &data)
            .output()
            .expect("runs")
    };
    let tess = ocr::tesseract(None).expect("tesseract");
    let in_cache = |cache: &Path, languages: &str| {
        let key = ocr::PageKey {
            file: ocr::file_hash(&png),
            page: 0,
            languages: languages.to_owned(),
            version: tess.version.clone(),
        };
        ocr::OcrCache::new(cache).get(&key).is_some()
    };
    let scan_file = folder.join("budget.png");
    let cache = dir.path().join("cache");

    let text = dossier(&cache, &["text".as_ref(), scan_file.as_os_str()]);
    assert!(text.status.success(), "{text:?}");
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("ministry"),
        "{text:?}"
    );
    assert!(in_cache(&cache, "eng"), "read in the project's languages");
    assert!(!in_cache(&cache, "auto"), "not in the default");

    // Search reads no page: it finds the words under the project's languages only.
    let search = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["search".as_ref(), folder.as_os_str(), "ministry".as_ref()];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        dossier(&cache, &args).status.code()
    };
    assert_eq!(search(&[]), Some(0), "found in the project's languages");
    assert_eq!(
        search(&["--lang", "ara"]),
        Some(1),
        "not read in Arabic yet"
    );

    let arabic = dossier(
        &cache,
        &[
            "text".as_ref(),
            scan_file.as_os_str(),
            "--lang".as_ref(),
            "ara".as_ref(),
        ],
    );
    assert!(arabic.status.success(), "{arabic:?}");
    assert!(in_cache(&cache, "ara"), "--lang overrides the project's");

    let fresh = dir.path().join("fresh-cache");
    let scan = dossier(&fresh, &["scan".as_ref(), folder.as_os_str()]);
    assert!(scan.status.success(), "{scan:?}");
    assert!(
        in_cache(&fresh, "eng") && !in_cache(&fresh, "auto"),
        "{scan:?}"
    );
}

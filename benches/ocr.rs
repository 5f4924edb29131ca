//! OCR's cost (issue 22): pages per second of Dossier's OCR pass (`pages_to_do_in` +
//! `run_pages` on a pool of one thread per core, the OCR cache written) against
//! `tesseract` run by itself on the same page images in the same run, as many processes at
//! a time, the same languages, `OMP_THREAD_LIMIT=1`. The bar: Dossier's overhead at most
//! 20%. Then the same per kind of page (one round each: CPU a page of both sides), and
//! where Dossier's own time goes, page by page on one thread (reading the file and finding
//! its pages, preparing the page for Tesseract, reading the TSV, the cache write).
//!
//! ```text
//! cargo bench --bench ocr            # OCR_BENCH_ROUNDS=3 for more rounds (default 2)
//! ```
//!
//! The pages are made here (`tests/support/scans.rs`): 16 scans of news text, English and
//! Arabic, PNG and JPEG at 300 and 150 dpi, two askew, two image-only PDFs. Needs Tesseract
//! with `eng` and `ara`; without them it says so and ends.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dossier::corpus::ocr::{self, OcrOptions, PageJob, pages, tsv};
use dossier::corpus::{Format, LoadOptions};
use support::scans::{self, ARABIC_TEXT, ENGLISH, Script};

const LANGUAGES: &str = "eng+ara";

/// The kinds of page, for the figures per kind.
const PNG_300: &str = "English PNG, 300 dpi";
const JPEG_150: &str = "English JPEG, 150 dpi";
const PDF: &str = "image-only PDF, 300 dpi";
const ARABIC: &str = "Arabic PNG, 300 dpi";

/// One page: the file Dossier reads, and the image `tesseract` alone is given.
#[derive(Clone)]
struct Page {
    /// In the corpus folder.
    file: String,
    /// The image given to `tesseract` (the file itself, or a PDF page's image as PNG).
    image: PathBuf,
    /// `--dpi` for `tesseract` alone: what Dossier passes for a PDF page drawn at 300 dpi.
    dpi: Option<u32>,
    /// The kind of page, for the figures per kind.
    kind: &'static str,
}

/// A page of news text: `copies` of the text, so that a page holds 16 to 24 lines.
fn text_page(text: &str, copies: usize) -> String {
    vec![text; copies].join("\n")
}

/// Writes the 16 pages: the corpus in `dir/corpus`, `tesseract`'s images in `dir/alone`.
fn make_pages(dir: &Path) -> Vec<Page> {
    let corpus = dir.join("corpus");
    let alone = dir.join("alone");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::create_dir_all(&alone).expect("images folder");
    let english = text_page(ENGLISH, 4);
    let arabic = text_page(ARABIC_TEXT, 4);
    let mut pages = Vec::new();
    let mut add =
        |kind: &'static str, name: String, bytes: Vec<u8>, image: Option<(Vec<u8>, u32)>| {
            std::fs::write(corpus.join(&name), &bytes).expect("write page");
            let (path, dpi) = match image {
                Some((png, dpi)) => {
                    let path = alone.join(format!("{name}.png"));
                    std::fs::write(&path, png).expect("write image");
                    (path, Some(dpi))
                }
                None => (corpus.join(&name), None),
            };
            pages.push(Page {
                file: name,
                image: path,
                dpi,
                kind,
            });
        };
    for n in 0..8 {
        let askew = if n % 4 == 3 { 2.0 } else { 0.0 };
        let img = scans::page(&english, Script::Latin, 300.0, askew);
        add(PNG_300, format!("english-{n}.png"), scans::png(&img), None);
    }
    for n in 0..2 {
        let img = scans::page(&english, Script::Latin, 150.0, 0.0);
        add(
            JPEG_150,
            format!("english-150dpi-{n}.jpg"),
            scans::jpeg(&img),
            None,
        );
    }
    for n in 0..2 {
        let img = scans::page(&english, Script::Latin, 300.0, 0.0);
        let pdf = scans::image_pdf(std::slice::from_ref(&img), 300.0);
        add(
            PDF,
            format!("english-scan-{n}.pdf"),
            pdf,
            Some((scans::png(&img), 300)),
        );
    }
    for n in 0..3 {
        let img = scans::page(&arabic, Script::Arabic, 300.0, 0.0);
        add(ARABIC, format!("arabic-{n}.png"), scans::png(&img), None);
    }
    let img = scans::page(&arabic, Script::Arabic, 300.0, 2.0);
    let pdf = scans::image_pdf(std::slice::from_ref(&img), 300.0);
    add(
        PDF,
        "arabic-scan.pdf".to_owned(),
        pdf,
        Some((scans::png(&img), 300)),
    );
    pages
}

fn options(cache: &Path) -> LoadOptions {
    LoadOptions {
        ocr: OcrOptions {
            cache_dir: Some(cache.to_owned()),
            languages: Some(LANGUAGES.split('+').map(str::to_owned).collect()),
            ..OcrOptions::default()
        },
        ..LoadOptions::default()
    }
}

/// Dossier's OCR pass over the corpus, with a cache of its own: seconds, pages read.
fn dossier_pass(root: &Path, files: &[String], cache: &Path, threads: usize) -> (f64, usize) {
    let _ = std::fs::remove_dir_all(cache);
    let options = options(cache);
    let tess = ocr::tesseract(None).expect("tesseract");
    let start = Instant::now();
    let jobs = ocr::pages_to_do_in(root, files, &options);
    let read = ocr::run_pages(&jobs, &tess, &options.ocr, threads, &|_| {}, &|| false);
    let seconds = start.elapsed().as_secs_f64();
    let failed = read.iter().filter(|p| p.result.is_err()).count();
    assert_eq!(failed, 0, "every page read");
    (seconds, read.len())
}

/// `tesseract` alone over the same images, `threads` processes at a time (a pool taking
/// the next image as one ends), its TSV read into memory: seconds, and the first page's TSV.
fn tesseract_pass(pages: &[Page], threads: usize) -> (f64, String) {
    let next = AtomicUsize::new(0);
    let first = std::sync::Mutex::new(String::new());
    let start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(page) = pages.get(i) else {
                        break;
                    };
                    let mut command = Command::new("tesseract");
                    command
                        .arg(&page.image)
                        .arg("stdout")
                        .args(["-l", LANGUAGES]);
                    if let Some(dpi) = page.dpi {
                        command.args(["--dpi", &dpi.to_string()]);
                    }
                    let mut child = command
                        .arg("tsv")
                        .env("OMP_THREAD_LIMIT", "1")
                        .stdin(Stdio::null())
                        .stdout(Stdio::piped())
                        .stderr(Stdio::null())
                        .spawn()
                        .expect("tesseract runs");
                    let mut out = String::new();
                    if let Some(stdout) = child.stdout.as_mut() {
                        stdout.read_to_string(&mut out).expect("tsv");
                    }
                    assert!(child.wait().expect("tesseract ends").success());
                    if i == 0 {
                        *first.lock().expect("lock") = out;
                    }
                }
            });
        }
    });
    let tsv = first.into_inner().expect("lock");
    (start.elapsed().as_secs_f64(), tsv)
}

/// Dossier's own work per page, one thread, no Tesseract: milliseconds for finding the
/// pages (reading the file, its format, its pages), preparing each page for Tesseract
/// (per kind: a scan handed as it is, a page drawn and written as a PNG), reading a page's
/// TSV and writing a page to the cache.
fn own_work(root: &Path, files: &[String], cache: &Path, tsv_text: &str) {
    let _ = std::fs::remove_dir_all(cache);
    let options = options(cache);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;

    let start = Instant::now();
    let jobs: Vec<PageJob> = files
        .iter()
        .flat_map(|f| ocr::pages_to_do(&root.join(f), &options))
        .collect();
    let finding = start.elapsed();

    let mut preparing = Duration::ZERO;
    // Per kind: time, pages, bytes handed to Tesseract.
    let mut kinds: Vec<(&str, Duration, u32, usize)> = Vec::new();
    let mut pixels = 0u64;
    for job in &jobs {
        let start = Instant::now();
        let image =
            pages::for_ocr_within(job.format, &job.bytes, job.page, None).expect("page prepared");
        let took = start.elapsed();
        preparing += took;
        let kind = match (job.format, image.as_is) {
            (Format::Pdf, true) => "a PDF page's own JPEG handed as it is (lopdf)",
            (Format::Pdf, false) if image.frame.is_some() => {
                "a PDF page's own pixels turned, grey, PNG (lopdf)"
            }
            (Format::Pdf, false) => "a PDF page drawn by hayro at 300 dpi, grey, PNG",
            (_, true) => "an image handed as it is (header read)",
            (_, false) => "an image decoded, grey, PNG",
        };
        match kinds.iter_mut().find(|k| k.0 == kind) {
            Some(k) => {
                k.1 += took;
                k.2 += 1;
                k.3 += image.file.len();
            }
            None => kinds.push((kind, took, 1, image.file.len())),
        }
        pixels += u64::from(image.width) * u64::from(image.height);
    }
    // The grey pixels of a PDF page as the PNG written for Tesseract, alone.
    let mut encoding = None;
    if let Some(job) = jobs.iter().find(|j| j.format == Format::Pdf) {
        let page = pages::draw(job.format, &job.bytes, job.page).expect("page drawn");
        let start = Instant::now();
        let png = pages::grey_png(&page.luma, page.width, page.height).expect("png");
        encoding = Some((start.elapsed(), png.len(), page.luma.len()));
    }

    let start = Instant::now();
    let rounds = 20;
    let mut words = Vec::new();
    for _ in 0..rounds {
        words = tsv::parse(tsv_text).expect("tsv parses");
    }
    let parsing = start.elapsed() / rounds;

    let page = ocr::CachedPage {
        key: jobs[0].key.clone(),
        size: Default::default(),
        pixel_width: 2550,
        pixel_height: 3300,
        frame: None,
        used_languages: LANGUAGES.to_owned(),
        result: Ok(words.clone()),
        note: None,
    };
    let start = Instant::now();
    for n in 0..rounds {
        let mut page = page.clone();
        page.key.page = n;
        ocr::OcrCache::new(cache).put(&page).expect("cache write");
    }
    let writing = start.elapsed() / rounds;

    let n = jobs.len() as f64;
    eprintln!(
        "own work, one thread, per page (mean of {} pages, {:.1} Mpx each):",
        jobs.len(),
        pixels as f64 / n / 1e6
    );
    eprintln!(
        "  finding the pages (read, format, page list): {:.1} ms",
        ms(finding) / n
    );
    eprintln!(
        "  preparing a page for Tesseract: {:.1} ms",
        ms(preparing) / n
    );
    for (kind, took, count, bytes) in &kinds {
        eprintln!(
            "    {kind}: {:.1} ms, {:.0} KB piped ({count} pages)",
            ms(*took) / f64::from(*count),
            *bytes as f64 / f64::from(*count) / 1e3
        );
    }
    if let Some((took, png, raw)) = encoding {
        eprintln!(
            "    of which writing a PDF page's grey pixels as PNG: {:.1} ms, {:.0} KB (grey pixels {:.0} KB)",
            ms(took),
            png as f64 / 1e3,
            raw as f64 / 1e3
        );
    }
    eprintln!(
        "  reading a page's TSV ({} words): {:.2} ms",
        words.len(),
        ms(parsing)
    );
    eprintln!("  writing a page to the cache: {:.2} ms", ms(writing));
}

/// CPU seconds this process and its children waited for have used (Linux:
/// `/proc/self/stat`, in clock ticks of 1/100 s); 0 elsewhere. Steadier than wall time on
/// a shared machine.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's name, which is in parentheses and may hold spaces.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime, stime, cutime, cstime: fields 14 to 17, here 11 to 14 (from 0, after the
    // name and the state).
    let ticks: f64 = (11..15)
        .filter_map(|i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that is not "ocr" skips this bench.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"ocr".contains(a.as_str()))
    {
        return;
    }
    let ready = ocr::Tesseract::find(None).is_ok_and(|t| {
        ["eng", "ara"]
            .iter()
            .all(|l| t.languages.iter().any(|i| i == l))
    });
    if !ready {
        eprintln!(
            "ocr bench: needs tesseract with eng and ara (sudo apt install tesseract-ocr tesseract-ocr-ara)"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let pages = make_pages(dir.path());
    let root = dir.path().join("corpus");
    let cache = dir.path().join("cache");
    let files: Vec<String> = pages.iter().map(|p| p.file.clone()).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rounds: usize = std::env::var("OCR_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2);
    eprintln!(
        "ocr bench: {} pages, {threads} at a time, languages {LANGUAGES}, {rounds} rounds",
        pages.len()
    );
    let mut dossier = Vec::new();
    let mut alone = Vec::new();
    let mut tsv_text = String::new();
    for round in 1..=rounds {
        let cpu = cpu_seconds();
        let (d, read) = dossier_pass(&root, &files, &cache, threads);
        let d_cpu = cpu_seconds() - cpu;
        assert_eq!(read, pages.len(), "every page read");
        let cpu = cpu_seconds();
        let (t, tsv) = tesseract_pass(&pages, threads);
        let t_cpu = cpu_seconds() - cpu;
        tsv_text = tsv;
        let n = pages.len() as f64;
        eprintln!(
            "round {round}: dossier {d:.1} s ({:.2} pages/s), tesseract alone {t:.1} s ({:.2} pages/s), overhead {:+.1}%; CPU a page: dossier {:.2} s, tesseract alone {:.2} s ({:+.1}%)",
            read as f64 / d,
            n / t,
            (d / t - 1.0) * 100.0,
            d_cpu / n,
            t_cpu / n,
            (d_cpu / t_cpu.max(0.01) - 1.0) * 100.0
        );
        dossier.push(d);
        alone.push(t);
    }
    let best = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let (d, t) = (best(&dossier), best(&alone));
    let n = pages.len() as f64;
    eprintln!(
        "best of {rounds}: dossier {d:.1} s = {:.2} pages/s; tesseract alone {t:.1} s = {:.2} pages/s; overhead {:+.1}% (bar: at most +20%)",
        n / d,
        n / t,
        (d / t - 1.0) * 100.0
    );
    // Per kind of page, one round: CPU a page of each side on those pages alone.
    for kind in [PNG_300, JPEG_150, PDF, ARABIC] {
        let some: Vec<Page> = pages.iter().filter(|p| p.kind == kind).cloned().collect();
        let files: Vec<String> = some.iter().map(|p| p.file.clone()).collect();
        let cpu = cpu_seconds();
        dossier_pass(&root, &files, &cache, threads);
        let d_cpu = cpu_seconds() - cpu;
        let cpu = cpu_seconds();
        tesseract_pass(&some, threads);
        let t_cpu = cpu_seconds() - cpu;
        let n = some.len() as f64;
        eprintln!(
            "{kind} ({} pages): CPU a page: dossier {:.2} s, tesseract alone {:.2} s ({:+.1}%)",
            some.len(),
            d_cpu / n,
            t_cpu / n,
            (d_cpu / t_cpu.max(0.01) - 1.0) * 100.0
        );
    }
    own_work(&root, &files, &cache, &tsv_text);
}

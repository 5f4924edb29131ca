//! The memory bounds written in docs/memory-bounds.md, checked: each reader of
//! outside bytes, fed the largest inputs of its fuzz corpus and a larger input made here
//! (the sample project with 50 times its annotations, its mention cache and `.qdpx`
//! export, 256 KB of the sample's text in each text format, a 20-page PDF, a 2 MB page, an image of 1 Mi pixels),
//! allocates at its peak no more than the bound written for it: `a × n + b` bytes for an
//! input of `n` bytes, or `a × u + b` for a zip archive that unpacks to `u` bytes.
//!
//! A mailbox streamed from its file is checked the same way against the bound of what it
//! holds in flight (`mailbox_streamed`), and a loaded mailbox against the bound of what
//! its corpus keeps beside the messages' texts (`mailbox_kept`).
//!
//! Peak heap is measured by a counting global allocator around one call of the reader's
//! fuzz function ([`dossier::fuzzing`]: the reader plus its checks), on every thread (the
//! readers use rayon). This binary holds a single test so that nothing else allocates while
//! a reader is measured. `cargo test --test memory_bounds -- --nocapture` prints the
//! figures.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use dossier::corpus::{Corpus, LoadOptions, PartLimits};
use dossier::entities::{EntityDictionary, Recognizer};
use dossier::export::{ExportFormat, render};
use dossier::fuzzing::{self, TARGETS};
use dossier::project::{Annotation, Project, file};

/// Counts the bytes allocated now and the most allocated at once since the last reset.
struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed to the system allocator unchanged; only counts are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc`, passed on.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc`, passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            // Counted as the new block allocated before the old one is freed: realloc may
            // copy, and the peak must not be underestimated.
            grew(new_size);
            CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most bytes allocated at once while `f` ran, beyond what was allocated before.
fn peak_of(f: impl FnOnce()) -> usize {
    let before = CURRENT.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    f();
    PEAK.load(Ordering::Relaxed).saturating_sub(before)
}

const MB: usize = 1 << 20;

/// The bound docs/memory-bounds.md writes for one reader: at most `per_byte × min(expands × n,
/// expanded_cap) + fixed` bytes for an input of `n` bytes. `expands` is how many bytes
/// one input byte can unpack to before the reader sees them (1 for readers of plain
/// bytes; 1,032 for deflate, the most it can inflate), `expanded_cap` what the reader
/// refuses to unpack beyond.
#[derive(Clone, Copy)]
struct Bound {
    target: &'static str,
    per_byte: usize,
    expands: usize,
    expanded_cap: usize,
    fixed: usize,
}

impl Bound {
    const fn linear(target: &'static str, per_byte: usize, fixed: usize) -> Self {
        Self {
            target,
            per_byte,
            expands: 1,
            expanded_cap: usize::MAX,
            fixed,
        }
    }

    const fn unpacked(target: &'static str, per_byte: usize, cap: usize, fixed: usize) -> Self {
        Self {
            target,
            per_byte,
            expands: DEFLATE_MAX_RATIO,
            expanded_cap: cap,
            fixed,
        }
    }

    fn of(&self, n: usize) -> usize {
        let unpacked = n.saturating_mul(self.expands).min(self.expanded_cap);
        self.per_byte
            .saturating_mul(unpacked)
            .saturating_add(self.fixed)
    }
}

/// The most one byte of deflate can inflate to.
const DEFLATE_MAX_RATIO: usize = 1032;

/// The bounds of docs/memory-bounds.md, one per target, in its order.
const BOUNDS: &[Bound] = &[
    Bound::linear("project_file", 12, 4 * MB),
    Bound::linear("mention_cache", 80, 4 * MB),
    Bound::linear("recovery_copy", 12, 4 * MB),
    Bound::unpacked("qdpx_import", 40, 64 * MB, 16 * MB),
    // The PDF reader has no hard bound (lopdf inflates streams without a cap): this is the
    // bound on what was measured, written down so that a change that grows it is seen.
    Bound::linear("pdf", 64, 32 * MB),
    Bound::unpacked("docx", 48, 128 * MB, 16 * MB),
    Bound::unpacked("odt", 48, 128 * MB, 16 * MB),
    Bound::linear("html", 48, 16 * MB),
    Bound::linear("markdown", 8, 4 * MB),
    Bound::linear("legacy_encoding", 8, 4 * MB),
    Bound::linear("recogniser", 40, 8 * MB),
    Bound::linear("reanchor", 16, 4 * MB),
    Bound::linear("search_query", 16, 16 * MB),
    Bound::unpacked("archive", 4, 256 * MB, 16 * MB),
    Bound::unpacked("table", 48, 128 * MB, 16 * MB),
    Bound::linear("mail", 48, 16 * MB),
    Bound::linear("msg", 48, 16 * MB),
    // Pixels are bounded, not bytes: 16 bytes a pixel at most (a 16-bit RGBA decode, then
    // 8-bit RGBA and its turned copy) of at most `FUZZ_MAX_PIXELS` (1 Mi) pixels.
    Bound::linear("image", 2, 16 * MB + 4 * MB),
    // hayro holds the file and decodes an image XObject at its full size whatever the
    // scale the page is drawn at: no hard bound, this is the bound on what was measured.
    Bound::linear("pdf_pages", 64, 32 * MB),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_inputs(target: &str, largest: usize) -> Vec<Vec<u8>> {
    let root = root();
    let mut files: Vec<(u64, PathBuf)> = ["fuzz/corpus", "tests/fuzz_regressions"]
        .iter()
        .filter_map(|dir| std::fs::read_dir(root.join(dir).join(target)).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| Some((e.metadata().ok()?.len(), e.path())))
        .collect();
    files.sort();
    files
        .iter()
        .rev()
        .take(largest)
        .filter_map(|(_, p)| std::fs::read(p).ok())
        .collect()
}

/// About 256 KB of the sample's text.
fn sample_text() -> String {
    let mut text = String::new();
    let mut files: Vec<PathBuf> = walk(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_data"
    )));
    files.sort();
    'fill: loop {
        for f in &files {
            if let Ok(t) = std::fs::read_to_string(f) {
                text.push_str(&t);
                text.push('\n');
            }
            if text.len() > 256 * 1024 {
                break 'fill;
            }
        }
    }
    text
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
    {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
    out
}

/// The sample's project (`sample_data/sample.dossier.ron`) with each annotation copied
/// `times` over under fresh ids, and the sample's corpus.
fn sample_project(times: usize) -> (Project, Corpus) {
    let dir = root().join("sample_data");
    let mut project = file::load(&dir.join("sample.dossier.ron")).expect("the sample opens");
    let originals: Vec<Annotation> = project.annotations.values().cloned().collect();
    for _ in 1..times {
        for a in &originals {
            let id = project.new_annotation_id();
            project
                .annotations
                .insert(id, Annotation { id, ..a.clone() });
        }
    }
    let corpus = Corpus::load(&dir, &LoadOptions::default()).expect("the sample loads");
    (project, corpus)
}

/// Larger inputs than the corpus holds, to see each bound's slope.
struct Large {
    text: String,
    /// The sample project, 50 times the annotations, as a project file.
    project_file: Vec<u8>,
    /// The sample's mention cache, as the `mention_cache` target takes it.
    mention_cache: Vec<u8>,
    /// That project and the sample's documents exported as a `.qdpx` archive.
    qdpx: Vec<u8>,
}

impl Large {
    fn new() -> Self {
        let (project, corpus) = sample_project(50);
        let project_file = file::to_ron(&project, Path::new("/nonexistent-dossier-fuzz"))
            .expect("the project saves")
            .into_bytes();
        let rules = EntityDictionary::default();
        let found: Vec<_> = corpus
            .documents
            .iter()
            .map(|d| {
                let mentions = Recognizer::shared().recognize_with(d.text.as_str(), &rules);
                (d.path.as_str(), &d.hash, mentions)
            })
            .collect();
        let mention_cache = fuzzing::mention_cache_input(
            &rules,
            found.iter().map(|(p, h, m)| (*p, *h, m.as_slice())),
        )
        .expect("the cache encodes");
        let qdpx = render(ExportFormat::Qdpx, &project, &corpus)
            .expect("the sample exports")
            .bytes;
        Self {
            text: sample_text(),
            project_file,
            mention_cache,
            qdpx,
        }
    }

    fn input(&self, target: &str) -> Vec<u8> {
        use support::office::Block;
        let text = &self.text;
        let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        match target {
            "project_file" | "recovery_copy" => self.project_file.clone(),
            "mention_cache" => self.mention_cache.clone(),
            "qdpx_import" => self.qdpx.clone(),
            "pdf" => support::pdf::long_report(20).to_pdf(),
            "docx" => {
                let blocks: Vec<Block> = paragraphs.iter().map(|p| Block::Para(p)).collect();
                support::office::docx("Large", "Soak", &blocks, &[])
            }
            "odt" => support::office::odt("Large", "Large", &paragraphs, &[]),
            "html" => support::html::page_with_huge_script(2 * MB).into_bytes(),
            "markdown" => format!("---\ntitle: Large\n---\n{text}").into_bytes(),
            "legacy_encoding" => encoding_rs::WINDOWS_1251.encode(text).0.into_owned(),
            "recogniser" => text.as_bytes().to_vec(),
            "reanchor" => {
                let quote = "a passage that is nowhere in the text at all";
                [
                    &[0, 0, 40, 0][..],
                    quote.as_bytes(),
                    b"\xFF\xFF\xFF",
                    text.as_bytes(),
                ]
                .concat()
            }
            "search_query" => [&[3u8][..], br"\w+\s+(the|a)\b", b"\xFF", text.as_bytes()].concat(),
            "archive" => {
                let members: Vec<(String, String)> = paragraphs
                    .chunks(20)
                    .enumerate()
                    .map(|(i, c)| (format!("part{i}/text.txt"), c.join("\n")))
                    .collect();
                let entries: Vec<(&str, &[u8])> = members
                    .iter()
                    .map(|(name, text)| (name.as_str(), text.as_bytes()))
                    .collect();
                support::office::zip_of(&entries)
            }
            "table" => {
                let rows: Vec<Vec<String>> = paragraphs
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        vec![i.to_string(), p.chars().take(80).collect(), (*p).to_owned()]
                    })
                    .collect();
                let rows: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|r| r.iter().map(String::as_str).collect())
                    .collect();
                let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
                support::tables::xlsx(&[("Sheet1", &rows), ("Sheet2", &rows[..10])])
            }
            "mail" => support::mail::large_mailbox(text).into_bytes(),
            "msg" => support::outlook::large(text),
            "image" => {
                // An image at the target's pixel bound (1024 x 1024), in 16-bit RGBA.
                let image =
                    image::ImageBuffer::<image::Rgba<u16>, _>::from_fn(1024, 1024, |x, y| {
                        image::Rgba([
                            (x * 64) as u16,
                            (y * 64) as u16,
                            ((x ^ y) * 16) as u16,
                            65535,
                        ])
                    });
                let mut png = Vec::new();
                image::DynamicImage::ImageRgba16(image)
                    .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                    .expect("encodes");
                png
            }
            "pdf_pages" => support::pdf::long_report(20).to_pdf(),
            other => panic!("no large input for {other}"),
        }
    }
}

/// What a zip archive unpacks to: the bytes its entries give when read (not what their
/// headers claim), at most `cap`; for what is no readable archive, its own size.
fn unpacked_size(bytes: &[u8], cap: usize) -> usize {
    use std::io::Read;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return bytes.len();
    };
    let mut total = 0usize;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..archive.len() {
        let Ok(mut entry) = archive.by_index(i) else {
            continue;
        };
        while total < cap {
            match entry.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(read) => total += read,
            }
        }
    }
    total.max(bytes.len())
}

#[test]
fn readers_stay_within_their_written_memory_bounds() {
    let large = Large::new();
    let mut report = String::from(
        "target             input bytes  unpacked bytes    peak bytes   bound bytes  peak/bound\n",
    );
    let mut failures = Vec::new();
    let names: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    let bounded: Vec<&str> = BOUNDS.iter().map(|b| b.target).collect();
    assert_eq!(names, bounded, "a bound is written for every target");
    for (target, bound) in TARGETS.iter().zip(BOUNDS) {
        let mut inputs = corpus_inputs(target.name, 3);
        inputs.push(large.input(target.name));
        if target.name == "table" {
            // An `.xls` of many cells, and one whose two cells, at A1 and the last row and
            // column a cell record can name, would make calamine allocate 128 GiB.
            let cells: Vec<Vec<u8>> = (0..60_000u16)
                .flat_map(|row| {
                    (0..4u16).map(move |col| support::tables::xls_number(row, col, f64::from(row)))
                })
                .collect();
            inputs.push(support::tables::xls(&cells));
            inputs.push(support::tables::xls(&[
                support::tables::xls_number(0, 0, 1.0),
                support::tables::xls_number(65_535, 65_535, 2.0),
            ]));
        }
        // Once first, so that what is built once per process (the recogniser's automaton,
        // thread pools) is not counted as the reader's.
        (target.run)(&inputs[0]);
        for input in &inputs {
            // For an archive, the bound of what it actually unpacks to (at most the bound
            // of its size: deflate inflates at most 1,032-fold).
            let unpacked = if bound.expands > 1 {
                unpacked_size(input, bound.expanded_cap)
            } else {
                input.len()
            };
            let limit = Bound {
                expands: 1,
                ..*bound
            }
            .of(unpacked);
            assert!(limit <= bound.of(input.len()));
            let peak = peak_of(|| (target.run)(input));
            report.push_str(&format!(
                "{:<18} {:>11} {:>15} {:>13} {:>13} {:>10.3}\n",
                target.name,
                input.len(),
                unpacked,
                peak,
                limit,
                peak as f64 / limit as f64,
            ));
            if peak > limit {
                failures.push(format!(
                    "{}: {peak} bytes for {} input bytes",
                    target.name,
                    input.len()
                ));
            }
        }
    }
    mailbox_streamed(&mut report, &mut failures);
    mailbox_kept(&mut report, &mut failures);
    eprintln!("{report}");
    assert!(
        failures.is_empty(),
        "over their bound: {failures:#?}\n{report}"
    );
}

/// A mailbox streamed from its file (`corpus::load::mailbox`, docs/memory-bounds.md's `.mbox`
/// row), cut into batches of 256 KiB (the knob `PartLimits::mailbox_batch_bytes`; 16 MiB
/// by default) so that a file of 21 MB is about 80 batches: each message a line of text
/// and an attachment of 48 KiB that no reader takes, so that what the load keeps is small
/// and what passes through it large. The peak, less what the load returns, must be within
/// the bound written for what is in flight, 4 (B + m) + t (48 m + 16 MiB) for batches of
/// B bytes, m the largest message, t the threads; and under a quarter of the file, which
/// is never held whole.
fn mailbox_streamed(report: &mut String, failures: &mut Vec<String>) {
    const MESSAGES: usize = 320;
    const ATTACHMENT: usize = 48 * 1024;
    const BATCH: usize = 256 * 1024;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("inbox.mbox");
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut random_byte = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 56) as u8
    };
    let mut mailbox = String::new();
    let mut largest = 0;
    for i in 0..MESSAGES {
        let data = support::mail::Attachment {
            name: "data.bin",
            content_type: "application/octet-stream",
            bytes: (0..ATTACHMENT).map(|_| random_byte()).collect(),
        };
        let message = support::mail::message(
            &format!("From: w{i}@example.org\nSubject: Report {i}\nMessage-ID: <m{i}@example.org>"),
            &format!("Report {i}: the figures are attached."),
            &[data],
        );
        largest = largest.max(message.len());
        mailbox.push_str(&message);
    }
    std::fs::write(&path, &mailbox).expect("the mailbox is written");
    let size = mailbox.len();
    drop(mailbox);
    let options = LoadOptions {
        parts: PartLimits {
            mailbox_batch_bytes: BATCH as u64,
            ..PartLimits::default()
        },
        ..LoadOptions::default()
    };
    let (mut kept, mut messages) = (0, 0);
    let peak = peak_of(|| {
        let before = CURRENT.load(Ordering::Relaxed);
        let loaded =
            dossier::corpus::load_file(&path, "inbox.mbox", &options).expect("the mailbox loads");
        kept = CURRENT.load(Ordering::Relaxed).saturating_sub(before);
        messages = loaded.documents.len();
    });
    assert_eq!(messages, MESSAGES, "every message is read");
    let threads = rayon::current_num_threads();
    let in_flight = 4 * (BATCH + largest) + threads * (48 * largest + 16 * MB);
    report.push_str(&format!(
        "{:<18} {:>11} {:>15} {:>13} {:>13} {:>10.3}   (kept {kept}, {threads} threads)\n",
        "mbox_streamed",
        size,
        size,
        peak,
        in_flight + kept,
        peak as f64 / (in_flight + kept) as f64,
    ));
    if peak > in_flight + kept {
        failures.push(format!(
            "mbox_streamed: {peak} bytes for {size} input bytes ({kept} kept)"
        ));
    }
    if peak > size / 4 {
        failures.push(format!(
            "mbox_streamed: {peak} bytes at its peak for a mailbox of {size}: not streamed"
        ));
    }
}

/// What a corpus keeps of each message of a mailbox beside its text (docs/memory-bounds.md's
/// `.mbox` row): at most [`KEPT_PER_MESSAGE`] bytes a message plus [`KEPT_FIXED`], counted
/// as the heap the loaded corpus holds (documents, metadata, marks, char index and
/// paragraphs, copies, near-copy groups and threads) less its texts. 2,000 messages of the
/// bench's shape (`benches/mail.rs`): From, To, Date, Subject, Message-ID, every fifth a
/// reply with In-Reply-To and a quoted line.
fn mailbox_kept(report: &mut String, failures: &mut Vec<String>) {
    const MESSAGES: usize = 2_000;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut mailbox = String::new();
    for i in 0..MESSAGES {
        let mut headers = format!(
            "From: Writer {w} <writer{w}@example.org>\nTo: Desk <desk@example.org>\nDate: Mon, 4 Mar 2024 10:{m:02}:00 +0000\nSubject: Report {i}\nMessage-ID: <m{i}@example.org>",
            w = i % 500,
            m = i % 60
        );
        let mut body = format!(
            "Hello,\n\nFigures for district {i} arrived on day {} of the audit.\nReference {i}.",
            i * 7 % 31
        );
        if i % 5 == 4 {
            headers.push_str(&format!("\nIn-Reply-To: <m{}@example.org>", i - 1));
            body.push_str(&format!(
                "\n\nOn Mon, 4 Mar 2024, Writer {} wrote:\n> Figures for district {}.",
                (i - 1) % 500,
                i - 1
            ));
        }
        mailbox.push_str(&support::mail::message(&headers, &body, &[]));
    }
    std::fs::write(dir.path().join("inbox.mbox"), &mailbox).expect("the mailbox is written");
    drop(mailbox);
    let before = CURRENT.load(Ordering::Relaxed);
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("the mailbox loads");
    let kept = CURRENT.load(Ordering::Relaxed).saturating_sub(before);
    let texts: usize = corpus.documents.iter().map(|d| d.text.as_str().len()).sum();
    assert_eq!(
        corpus.documents.len(),
        MESSAGES,
        "every message is a document"
    );
    let besides = kept.saturating_sub(texts);
    let bound = KEPT_PER_MESSAGE * MESSAGES + KEPT_FIXED;
    report.push_str(&format!(
        "{:<18} {:>11} {:>15} {:>13} {:>13} {:>10.3}   (kept {kept}, texts {texts}: {} a message besides)\n",
        "mbox_kept",
        MESSAGES,
        texts,
        besides,
        bound,
        besides as f64 / bound as f64,
        besides / MESSAGES,
    ));
    if besides > bound {
        failures.push(format!(
            "mbox_kept: {besides} bytes beside the texts of {MESSAGES} messages"
        ));
    }
    drop(corpus);
}

/// What a loaded mailbox keeps a message beside its text, at most (docs/memory-bounds.md).
const KEPT_PER_MESSAGE: usize = 2_048;
/// ... plus at most this for the whole corpus.
const KEPT_FIXED: usize = MB;

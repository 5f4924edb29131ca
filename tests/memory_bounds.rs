//! The memory bounds written in ARCHITECTURE.md ("Memory bounds"), checked: each reader of
//! outside bytes, fed the largest inputs of its fuzz corpus and a larger input made here,
//! allocates at its peak no more than the bound written for it, `a × n + b` bytes for an
//! input of `n` bytes.
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

use dossier::fuzzing::TARGETS;

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

/// The bound of ARCHITECTURE.md for each target: `a` bytes per input byte plus `b` bytes.
const BOUNDS: &[(&str, usize, usize)] = &[
    ("project_file", 12, 4 * MB),
    ("recovery_copy", 12, 4 * MB),
    ("mention_cache", 80, 4 * MB),
    ("qdpx_import", 40, 16 * MB),
    ("pdf", 64, 32 * MB),
    ("docx", 48, 16 * MB),
    ("odt", 48, 16 * MB),
    ("html", 48, 16 * MB),
    ("markdown", 8, 4 * MB),
    ("legacy_encoding", 8, 4 * MB),
    ("recogniser", 40, 8 * MB),
    ("reanchor", 16, 4 * MB),
    ("search_query", 16, 16 * MB),
];

fn corpus_inputs(target: &str, largest: usize) -> Vec<Vec<u8>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
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
    let mut files: Vec<PathBuf> = walk(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data")));
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
    for e in std::fs::read_dir(dir).into_iter().flatten().filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
    out
}

/// A larger input than the corpus holds for `target`, to see the bound's slope.
fn large_input(target: &str, text: &str) -> Option<Vec<u8>> {
    use support::office::Block;
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    Some(match target {
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
            [&[0, 0, 40, 0][..], quote.as_bytes(), b"\xFF\xFF\xFF", text.as_bytes()].concat()
        }
        "search_query" => [&[3u8][..], br"\w+\s+(the|a)\b", b"\xFF", text.as_bytes()].concat(),
        _ => return None,
    })
}

#[test]
fn readers_stay_within_their_written_memory_bounds() {
    let text = sample_text();
    let mut report = String::from("target             input bytes    peak bytes   bound bytes\n");
    let mut failures = Vec::new();
    for target in TARGETS {
        let &(_, per_byte, fixed) = BOUNDS
            .iter()
            .find(|(name, _, _)| *name == target.name)
            .unwrap_or_else(|| panic!("no bound written for {}", target.name));
        let mut inputs = corpus_inputs(target.name, 3);
        inputs.extend(large_input(target.name, &text));
        // Once first, so that what is built once per process (the recogniser's automaton,
        // thread pools) is not counted as the reader's.
        if let Some(first) = inputs.first() {
            (target.run)(first);
        }
        for input in &inputs {
            let peak = peak_of(|| (target.run)(input));
            let bound = per_byte * input.len() + fixed;
            report.push_str(&format!(
                "{:<18} {:>11} {:>13} {:>13}\n",
                target.name,
                input.len(),
                peak,
                bound
            ));
            if peak > bound {
                failures.push(format!("{}: {peak} bytes for {} input bytes", target.name, input.len()));
            }
        }
    }
    eprintln!("{report}");
    assert!(failures.is_empty(), "over their bound: {failures:#?}\n{report}");
}

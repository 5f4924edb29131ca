//! Issue 23, item 6: a mailbox of 100,000 messages loaded (`Corpus::load`, as `dossier
//! scan` does) against the same messages as 100,000 loose `.txt` files, each holding the
//! text the mail reader gives the message (its header lines and body). Target: the
//! mailbox in at most 1.5 times the loose files' time. Inputs are generated under
//! `target/bench-inputs/mail-distinct/` (the mailbox is about 47 MB, under the loader's 64 MiB
//! limit on one file). A second case loads a mailbox of 200,000 messages (about 95 MB,
//! over that limit: streamed), once, timed; its peak memory is measured on `dossier scan`
//! with `/usr/bin/time -v` (BENCHMARKS.md):
//!
//! ```text
//! cargo bench --bench mail
//! ```
//!
//! Both loads run with the allocator of the `dossier` binary (mimalloc, `src/main.rs`),
//! which `dossier scan` and the window load with, so that the figures are the user's.

/// The allocator of the `dossier` binary (src/main.rs), so that these figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::corpus::{Corpus, LoadOptions};

const MESSAGES: usize = 100_000;

/// The messages of the mailbox over the 64 MiB limit.
const LARGE_MESSAGES: usize = 200_000;

/// Message `i`: headers and a body of news-like sentences drawn from a word list by a
/// generator seeded with `i` (`corpus_gen`), so that no two messages are near-copies of
/// each other (the near-copy grouping is not what the bench measures) and message `i`
/// is the same whatever else is generated; every fifth replies to the one before and
/// quotes its first line.
fn message(i: usize) -> (String, String) {
    let mut body = format!("Hello,\n\n{}\nReference {i}.", text(i));
    let mut headers = format!(
        "From: Writer {w} <writer{w}@example.org>\nTo: Desk <desk@example.org>\nDate: Mon, 4 Mar 2024 10:{m:02}:00 +0000\nSubject: Report {i}\nMessage-ID: <m{i}@example.org>",
        w = i % 500,
        m = i % 60
    );
    if i % 5 == 4 {
        headers.push_str(&format!("\nIn-Reply-To: <m{}@example.org>", i - 1));
        let quoted = text(i - 1);
        body.push_str(&format!(
            "\n\nOn Mon, 4 Mar 2024, Writer {} wrote:\n> {}",
            (i - 1) % 500,
            quoted.lines().next().unwrap_or_default()
        ));
    }
    (headers, body)
}

/// The text of message `i`: a generated headline, its dateline and first sentence
/// (about 200 bytes, as the sentences of the earlier generator were).
fn text(i: usize) -> String {
    let document = corpus_gen::document(&mut corpus_gen::Rng(0x6d61_696c ^ i as u64), 200);
    let mut lines = document.lines().filter(|l| !l.trim().is_empty());
    let (headline, dateline) = (
        lines.next().unwrap_or_default(),
        lines.next().unwrap_or_default(),
    );
    let first = lines
        .next()
        .and_then(|p| p.split_inclusive(". ").next())
        .unwrap_or_default();
    format!("{headline}\n{dateline}\n\n{}", first.trim_end())
}

fn inputs() -> (PathBuf, PathBuf) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-inputs/mail-distinct");
    let mailbox_dir = root.join("mailbox");
    let loose_dir = root.join("loose");
    if mailbox_dir.join("inbox.mbox").is_file() && loose_dir.is_dir() {
        return (mailbox_dir, loose_dir);
    }
    std::fs::create_dir_all(&mailbox_dir).expect("mailbox folder");
    let mut mailbox = String::new();
    for i in 0..MESSAGES {
        let (headers, body) = message(i);
        mailbox.push_str(&support::mail::message(&headers, &body, &[]));
    }
    std::fs::write(mailbox_dir.join("inbox.mbox"), &mailbox).expect("write mailbox");
    // The loose files hold exactly the text the mail reader gives each message.
    let corpus = Corpus::load(&mailbox_dir, &LoadOptions::default()).expect("mailbox loads");
    assert_eq!(corpus.documents.len(), MESSAGES, "{:?}", corpus.report);
    for (i, doc) in corpus.documents.iter().enumerate() {
        let dir = loose_dir.join(format!("{:03}", i / 1000));
        std::fs::create_dir_all(&dir).expect("loose folder");
        std::fs::write(dir.join(format!("message-{i:06}.txt")), doc.text.as_str())
            .expect("write message");
    }
    eprintln!(
        "mail: {MESSAGES} messages, mailbox {:.1} MB",
        mailbox.len() as f64 / 1e6
    );
    (mailbox_dir, loose_dir)
}

/// The folder holding the mailbox of [`LARGE_MESSAGES`] messages, written on first use.
fn large_input() -> PathBuf {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-inputs/mail-large-distinct");
    let path = dir.join("inbox.mbox");
    if path.is_file() {
        return dir;
    }
    std::fs::create_dir_all(&dir).expect("mailbox folder");
    let mut mailbox = String::new();
    for i in 0..LARGE_MESSAGES {
        let (headers, body) = message(i);
        mailbox.push_str(&support::mail::message(&headers, &body, &[]));
    }
    std::fs::write(&path, &mailbox).expect("write mailbox");
    dir
}

fn load(dir: &Path) -> usize {
    let corpus = Corpus::load(black_box(dir), &LoadOptions::default()).expect("load");
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped.first()
    );
    corpus.documents.len()
}

fn mailbox_against_loose_files(c: &mut Criterion) {
    let (mailbox, loose) = inputs();
    // One timed load of each first, for the ratio printed with the criterion figures.
    let time = |dir: &Path| {
        let start = Instant::now();
        assert_eq!(load(dir), MESSAGES);
        start.elapsed().as_secs_f64()
    };
    let (m, l) = (time(&mailbox), time(&loose));
    eprintln!(
        "mail: one load each: mailbox {m:.2} s, loose files {l:.2} s, ratio {:.2}",
        m / l
    );
    let mut group = c.benchmark_group("mail");
    group.sample_size(10);
    group.bench_function("load_mbox_100000_messages", |b| b.iter(|| load(&mailbox)));
    group.bench_function("load_100000_loose_txt_files", |b| b.iter(|| load(&loose)));
    group.finish();
}

/// One load of the mailbox over the 64 MiB limit: streamed, every message read.
fn mailbox_over_the_file_limit(_c: &mut Criterion) {
    let dir = large_input();
    let size = std::fs::metadata(dir.join("inbox.mbox"))
        .expect("mailbox")
        .len();
    assert!(size > dossier::corpus::DEFAULT_MAX_FILE_BYTES);
    let started = Instant::now();
    assert_eq!(load(&dir), LARGE_MESSAGES);
    eprintln!(
        "mail: {LARGE_MESSAGES} messages, mailbox {:.1} MB (over the 64 MiB limit), one load {:.2} s",
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
}

criterion_group!(
    benches,
    mailbox_against_loose_files,
    mailbox_over_the_file_limit
);
criterion_main!(benches);

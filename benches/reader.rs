//! The window's frame costs, measured on the real app in an egui_kittest harness (no GPU:
//! the UI pass and tessellation, which is the CPU work of a frame):
//!
//! * the reader on a 1 MB document with more than 15,000 entity highlights: a steady frame,
//!   the first frame of the document (nothing laid out yet), and a jump to a random
//!   position;
//! * the document list with 10,000 documents.
//!
//!     cargo bench --bench reader
//!
//! The harness also builds the accessibility tree every frame (the real window does so
//! only when a screen reader asks), so these figures are on the high side.

#[path = "support/corpus_gen.rs"]
mod corpus_gen;
#[path = "support/window.rs"]
mod window;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};

fn reader(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("big");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let mut rng = corpus_gen::Rng(0x1ead);
    for name in ["a.txt", "b.txt"] {
        let text = corpus_gen::document(&mut rng, 1_000_000);
        std::fs::write(corpus.join(name), text).expect("write");
    }
    let mut h = window::opened(&corpus, &dir.path().join("data"));
    let chars = {
        let session = h.state().session().expect("session");
        session.corpus.get("a.txt").expect("a").text.char_len()
    };
    h.state_mut().reveal("a.txt", 0..0);
    for _ in 0..20 {
        h.step();
    }
    let highlights = h.state().highlighted_entity_marks();
    eprintln!("reader: 1 MB document, {chars} chars, {highlights} entity highlights");
    assert!(highlights >= 15_000, "only {highlights} highlights");

    let mut group = c.benchmark_group("reader-1mb");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("steady frame", |b| b.iter(|| h.step()));
    // The first frame of a document: switch between two 1 MB documents, so that no
    // paragraph of the one shown has been laid out (egui drops galleys unused for a frame).
    let mut other = "b.txt";
    group.bench_function("first frame of a document", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                other = if other == "a.txt" { "b.txt" } else { "a.txt" };
                h.state_mut().reveal(other, 0..0);
                let start = Instant::now();
                h.step();
                total += start.elapsed();
            }
            total
        })
    });
    let mut rng = corpus_gen::Rng(7);
    group.bench_function("jump to a random position", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let at = rng.below(chars.saturating_sub(10));
                h.state_mut().reveal(other, at..at + 5);
                let start = Instant::now();
                h.step();
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();

    // The document list with 10,000 entries.
    let many = dir.path().join("many");
    corpus_gen::generate(
        &many,
        corpus_gen::Spec {
            documents: 10_000,
            average_bytes: 400,
            seed: 3,
        },
    )
    .expect("generate");
    let mut h = window::opened(&many, &dir.path().join("data2"));
    let mut group = c.benchmark_group("document-list-10k");
    group
        .sample_size(50)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("steady frame", |b| b.iter(|| h.step()));
    group.bench_function("next document (Ctrl+PageDown)", |b| {
        b.iter(|| {
            h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
            h.step()
        })
    });
    group.finish();
}

criterion_group!(benches, reader);
criterion_main!(benches);

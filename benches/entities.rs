//! Throughput of the whole entity pipeline (tokens, gazetteers, dates, rules, linking).
//!
//!     cargo bench --bench entities
//!
//! Inputs: the seed article, the 75 gold documents of `../shared/ner/re3d-open.jsonl` when
//! that file is there (concatenated, ~87 k chars), and a 1 MB text made of them. Throughput
//! is reported in bytes per second on one thread; the parallel case recognises 2,000
//! documents on every core with rayon, as the window does in the background.

/// The allocator of the `dossier` binary (src/main.rs), so that these figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::entities::Recognizer;
use rayon::prelude::*;

const SEED: &str = include_str!("../sample_data/news/000_31e3b2518f2d233b.txt");

/// The gold documents' texts, or copies of the seed when the gold file is absent.
fn documents() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/ner/re3d-open.jsonl");
    let texts: Vec<String> = std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text").and_then(|t| t.as_str()).map(str::to_owned))
        .collect();
    if texts.is_empty() {
        vec![SEED.to_owned(); 40]
    } else {
        texts
    }
}

fn bench(c: &mut Criterion) {
    // The place table (`assets/gazetteers/places.tsv`) is parsed on first use, when the first
    // place is linked: timed once here, outside the measured recognition.
    let start = std::time::Instant::now();
    let _ = dossier::entities::place_label(0);
    eprintln!(
        "place table parsed on first use in {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    let r = Recognizer::shared();
    let docs = documents();
    let mut group = c.benchmark_group("entities");

    group.throughput(Throughput::Bytes(SEED.len() as u64));
    group.bench_function("seed article", |b| b.iter(|| r.recognize(black_box(SEED))));

    let total: usize = docs.iter().map(String::len).sum();
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("gold documents, one thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| r.recognize(black_box(d)).len())
                .sum::<usize>()
        })
    });

    let mut big = String::new();
    while big.len() < 1_000_000 {
        for d in &docs {
            big.push_str(d);
            big.push_str("\n\n");
        }
    }
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.sample_size(20);
    group.bench_function("1 MB text, one thread", |b| {
        b.iter(|| r.recognize(black_box(&big)))
    });

    let corpus: Vec<&String> = docs.iter().cycle().take(2_000).collect();
    let bytes: usize = corpus.iter().map(|d| d.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("2,000 documents, all cores", |b| {
        b.iter(|| {
            corpus
                .par_iter()
                .map(|d| r.recognize(black_box(d)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

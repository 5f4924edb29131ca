//! The entity index of the 10,000-document (~100 MB) benchmark corpus: recognising every
//! document (both cores) and building the index of entities, mentions and documents, and
//! the index alone from recognised mentions.
//!
//!     cargo bench --bench entity_index
//!
//! Shares the corpus of `benches/search.rs` (generated once under `target/bench-corpus`).

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, EntityIndex, Recognizer, recognize_corpus};

fn entity_index(c: &mut Criterion) {
    let dir = corpus_gen::ensure_bench_corpus();
    let corpus = Corpus::load(&dir, &LoadOptions::default()).expect("bench corpus loads");
    let bytes: usize = corpus.documents.iter().map(|d| d.text.as_str().len()).sum();
    let recognizer = Recognizer::shared();
    let rules = EntityDictionary::default();
    let cancel = AtomicBool::new(false);
    let started = Instant::now();
    let index =
        recognize_corpus(recognizer, &corpus, &rules, &|_, _| {}, &cancel).expect("not cancelled");
    eprintln!(
        "{} documents, {:.1} MB: {} entities, recognised and indexed in {:.2} s (first run)",
        corpus.documents.len(),
        bytes as f64 / 1e6,
        index.entities().len(),
        started.elapsed().as_secs_f64()
    );
    let mentions: Vec<(String, Arc<Vec<dossier::entities::Mention>>)> = corpus
        .documents
        .iter()
        .filter_map(|d| Some((d.path.clone(), index.mentions_of(&d.path)?.clone())))
        .collect();

    let mut group = c.benchmark_group("entity-index-100mb");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(30));
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("recognise and index", |b| {
        b.iter(|| recognize_corpus(recognizer, &corpus, &rules, &|_, _| {}, &cancel))
    });
    group.bench_function("index from mentions", |b| {
        b.iter(|| EntityIndex::build(mentions.iter().cloned()))
    });
    group.finish();
}

criterion_group!(benches, entity_index);
criterion_main!(benches);

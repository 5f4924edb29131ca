//! The entity index of the 10,000-document (~100 MB) benchmark corpus: recognising every
//! document (both cores) and building the index of entities, mentions and documents; the
//! index alone from recognised mentions; the index on reopening the project, from the
//! mentions cached by the previous session; and recognising again after one correction.
//!
//!     cargo bench --bench entity_index
//!
//! Shares the corpus of `benches/search.rs` (generated once under `target/bench-corpus`).

#[path = "support/corpus_gen.rs"]
mod corpus_gen;

/// The allocator of the `dossier` binary (src/main.rs), so that these figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::cache;
use dossier::entities::incremental::Found;
use dossier::entities::{
    EntityDictionary, EntityIndex, PreviousRecognition, Recognizer, recognize_corpus,
    recognize_corpus_again,
};

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
    let entities = index.entities().len();
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
    // The reference ("today 4.8 s without a model"), measured in the same run:
    // this shared machine's speed varies by a third from one hour to the next.
    let rules_only = Recognizer::rules_only();
    group.bench_function("recognise and index, rules only (no model)", |b| {
        b.iter(|| recognize_corpus(&rules_only, &corpus, &rules, &|_, _| {}, &cancel))
    });
    group.bench_function("index from mentions", |b| {
        b.iter(|| EntityIndex::build(mentions.iter().cloned()))
    });

    // Reopening: the previous session cached its mentions; every document is checked
    // against the cache (hash of the text, rules) and the index built.
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache_file = cache::cache_file(cache_dir.path(), &corpus.root);
    let started = Instant::now();
    cache::save_index(&cache_file, &rules, &corpus, &index).expect("cache saved");
    eprintln!(
        "mention cache: {:.1} MB written in {:.2} s",
        std::fs::metadata(&cache_file).map_or(0, |m| m.len()) as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    group.bench_function("index on reopen, from the mention cache", |b| {
        b.iter(|| {
            let previous = cache::load(&cache_file).expect("cache loads");
            let index =
                recognize_corpus_again(recognizer, &corpus, &rules, &previous, &|_, _| {}, &cancel)
                    .expect("not cancelled");
            assert_eq!(index.entities().len(), entities);
            index
        })
    });

    // A correction ("not an entity") of the entity found in about a tenth of the
    // documents: only the documents holding its phrase are recognised again.
    let previous_rules = Arc::new(rules.clone());
    let previous = PreviousRecognition {
        documents: corpus
            .documents
            .iter()
            .filter_map(|d| {
                let found = Found {
                    hash: d.hash.clone(),
                    rules: previous_rules.clone(),
                    mentions: index.mentions_of(&d.path)?.clone(),
                };
                Some((d.path.clone(), found))
            })
            .collect(),
    };
    // The documents redone are those whose text holds the phrase anywhere (a name can
    // also be part of longer names), so the phrase is chosen by that count.
    let target = corpus.documents.len() / 10;
    let holding = |key: &str| {
        let key = key.to_lowercase();
        corpus
            .documents
            .iter()
            .filter(|d| d.text.as_str().to_lowercase().contains(&key))
            .count()
    };
    let mut candidates: Vec<_> = index.entities().iter().collect();
    candidates.sort_by_key(|e| e.documents.abs_diff(target));
    let (entity, holding) = candidates
        .into_iter()
        .take(30)
        .map(|e| (e, holding(&e.id.key)))
        .min_by_key(|(_, n)| n.abs_diff(target))
        .expect("entities");
    let mut corrected = rules.clone();
    corrected.never(&entity.id.key);
    eprintln!(
        "correction: not an entity {:?} ({} mentions in {} documents; {} documents hold the phrase)",
        entity.id.key, entity.mentions, entity.documents, holding
    );
    group.bench_function("recognise again after a correction", |b| {
        b.iter(|| {
            recognize_corpus_again(
                recognizer,
                &corpus,
                &corrected,
                &previous,
                &|_, _| {},
                &cancel,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, entity_index);
criterion_main!(benches);

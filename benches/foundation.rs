//! Foundation benchmarks: loading a folder of 10,000 documents (~50 MB), and saving and
//! loading (with the anchoring check) a project of 100,000 annotations.
//!
//!     cargo bench --bench foundation
//!
//! Targets on the 2-core reference machine: folder load < 2 s, project save < 0.5 s,
//! project load with the anchoring check < 1 s.

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::corpus::{Corpus, LoadOptions};
use dossier::project::{file, reconcile};

fn foundation(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    let spec = support::corpus_gen::Spec {
        documents: 10_000,
        average_bytes: 5_000,
        seed: 7,
    };
    let summary = support::corpus_gen::generate(&corpus_dir, spec).expect("generate corpus");
    eprintln!("corpus: {summary:?}");

    let mut group = c.benchmark_group("foundation");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("load folder of 10,000 documents", |b| {
        b.iter(|| {
            let corpus = Corpus::load(&corpus_dir, &LoadOptions::default()).expect("load");
            assert_eq!(corpus.documents.len(), 10_000);
            corpus
        })
    });

    let corpus = Corpus::load(&corpus_dir, &LoadOptions::default()).expect("load");
    let project = support::synthetic::project(&corpus, 10, 11);
    assert_eq!(project.annotations.len(), 100_000);
    let path = dir.path().join("bench.dossier.ron");
    group.bench_function("save project of 100,000 annotations", |b| {
        b.iter(|| file::save(&project, &path).expect("save"))
    });
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("project file: {:.1} MB", size as f64 / 1e6);
    group.bench_function(
        "load project of 100,000 annotations and check anchors",
        |b| {
            b.iter(|| {
                let mut loaded = file::load(&path).expect("load");
                let report = reconcile(&mut loaded, &corpus);
                assert_eq!(report.totals.anchored, 100_000);
                loaded
            })
        },
    );
    group.finish();
}

criterion_group!(benches, foundation);
criterion_main!(benches);

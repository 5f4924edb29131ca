//! Inter-coder agreement (issue 24) on the 100,000-annotation project of
//! `benches/foundation.rs` (10,000 documents of ~5 KB, ten annotations each), its
//! annotations shared out between three coders (Ana, Ben and Cleo in turn): the whole
//! measure as `dossier agreement` and the window's view make it (gathering the units from
//! the project, then sweeping every tag), for three coders and for two, and the
//! disagreements of one tag (what the view lists when a tag is chosen).
//!
//!     cargo bench --bench agreement
//!
//! Target on the 2-core reference machine: agreement under 2 s.

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::analysis::agreement::{Selection, Units, document_lengths, measure};

const CODERS: [&str; 3] = ["Ana", "Ben", "Cleo"];

fn agreement(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (corpus, mut project) = support::synthetic::foundation_project(dir.path());
    // Here only (the other benches keep annotations without a coder): coders in turn.
    for (i, annotation) in project.annotations.values_mut().enumerate() {
        annotation.coder = Some(CODERS[i % CODERS.len()].to_owned());
    }
    let lengths = document_lengths(&corpus);
    let three = Selection::default();
    let two = Selection {
        coders: Some(vec!["Ana".into(), "Ben".into()]),
        tags: None,
    };
    let result = measure(&project, &lengths, &three);
    eprintln!(
        "{} coders, {} documents in common, {} chars, {} tags",
        result.coders.len(),
        result.documents.len(),
        result.characters,
        result.tags.len()
    );
    let first_tag = result.tags[0].tag;
    let units = Units::gather(&project, &lengths, &three);
    eprintln!(
        "disagreements on {}: {}",
        result.tags[0].name,
        units.disagreements(first_tag).len()
    );

    let mut group = c.benchmark_group("agreement");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("three coders, 100,000 annotations, every tag", |b| {
        b.iter(|| measure(&project, &lengths, &three))
    });
    group.bench_function("two coders, 100,000 annotations, every tag", |b| {
        b.iter(|| measure(&project, &lengths, &two))
    });
    group.bench_function("disagreements of one tag, three coders", |b| {
        b.iter(|| units.disagreements(first_tag))
    });
    group.finish();
}

criterion_group!(benches, agreement);
criterion_main!(benches);

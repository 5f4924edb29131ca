//! Merging two edited copies of a project of 100,000 annotations (issue 24): the three-way
//! merge `dossier merge` and git's merge driver run, and the two-way merge of a colleague's
//! copy (File > Merge Project…), with the step that applies it to the open project.
//!
//!     cargo bench --bench merge
//!
//! Target on the 2-core reference machine: a merge under 2 s.

mod support;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::project::merge;
use dossier::project::{AnnotationId, Project};

/// `base` as one coder edited it: every `step`-th annotation from `offset` gets a new note,
/// `added` new annotations (copies of existing passages) by `coder`, and every 997th from
/// `offset` is deleted.
fn edited(base: &Project, coder: &str, offset: usize, step: usize, added: usize) -> Project {
    let mut copy = base.clone();
    let ids: Vec<AnnotationId> = copy.annotations.keys().copied().collect();
    let at: jiff::Timestamp = "2026-12-07T10:00:00Z".parse().expect("time");
    for id in ids.iter().skip(offset).step_by(step) {
        if let Some(a) = copy.annotations.get_mut(id) {
            a.note = format!("{coder} rewrote this note");
            a.modified = at;
        }
    }
    for id in ids.iter().skip(offset + 1).step_by(997) {
        copy.annotations.remove(id);
    }
    for source in ids
        .iter()
        .skip(offset + 2)
        .step_by(ids.len() / added.max(1))
        .take(added)
    {
        let Some(mut a) = base.annotations.get(source).cloned() else {
            continue;
        };
        a.id = copy.new_annotation_id();
        a.coder = Some(coder.to_owned());
        a.created = at;
        a.modified = at;
        copy.annotations.insert(a.id, a);
    }
    copy
}

fn merging(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_corpus, base) = support::synthetic::foundation_project(dir.path());
    // Ana rewrites 1 note in 50, Bob 1 in 75: every 150th annotation is rewritten on both
    // sides (a conflict). Each adds 1,000 annotations; both delete the same hundred.
    let ours = edited(&base, "Ana", 0, 50, 1_000);
    let theirs = edited(&base, "Bob", 0, 75, 1_000);
    let once = merge::three_way(&base, &ours, &theirs, "Bob");
    eprintln!("three-way: {}", once.summary.describe());

    let mut group = c.benchmark_group("merge");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function(
        "three-way merge of two edited copies of 100,000 annotations",
        |b| b.iter(|| merge::three_way(&base, &ours, &theirs, "Bob")),
    );
    group.bench_function(
        "two-way merge and its undoable step, 100,000 annotations",
        |b| {
            b.iter(|| {
                let merged = merge::two_way(&ours, &theirs, "Bob");
                merged.command(&ours, "Bob")
            })
        },
    );
    group.finish();
}

criterion_group!(benches, merging);
criterion_main!(benches);

//! Deterministic synthetic projects over a generated corpus (documents come from
//! `corpus_gen`), so that benchmarks measure the same input on every machine.

use dossier::corpus::Corpus;
use dossier::project::{Anchor, Annotation, AnnotationId, Project, Rgb, Tag, TagId};

/// The foundation bench's input, generated under `dir`: 10,000 documents of about 5 kB and a
/// project of 100,000 annotations over them (10 per document).
pub fn foundation_project(dir: &std::path::Path) -> (Corpus, Project) {
    let corpus_dir = dir.join("corpus");
    let spec = super::corpus_gen::Spec {
        documents: 10_000,
        average_bytes: 5_000,
        seed: 7,
    };
    super::corpus_gen::generate(&corpus_dir, spec).expect("generate corpus");
    let corpus = Corpus::load(&corpus_dir, &dossier::corpus::LoadOptions::default()).expect("load");
    let project = project(&corpus, 10, 11);
    assert_eq!(project.annotations.len(), 100_000);
    (corpus, project)
}

/// A project over `corpus` with `per_document` annotations in every document, each on a
/// real passage with a note and one or two of 20 tags.
pub fn project(corpus: &Corpus, per_document: usize, seed: u64) -> Project {
    let mut rng = super::corpus_gen::Rng(seed);
    let mut project = Project::new("benchmark");
    project.corpus_root = Some(corpus.root.clone());
    dossier::project::reconcile(&mut project, corpus);
    let mut tags: Vec<TagId> = Vec::with_capacity(20);
    for i in 0..20 {
        let id = project.new_tag_id();
        project.tags.insert(
            id,
            Tag {
                id,
                name: format!("Theme {i}"),
                colour: Rgb::PALETTE[i % Rgb::PALETTE.len()],
                description: format!("What theme {i} covers"),
                parent: (i >= 10).then(|| tags[i % 10]),
            },
        );
        tags.push(id);
    }
    let at: jiff::Timestamp = "2026-11-28T10:00:00Z".parse().expect("time");
    for doc in &corpus.documents {
        let len = doc.text.char_len();
        for _ in 0..per_document {
            let span = 40 + rng.below(80);
            if len <= span {
                continue;
            }
            let start = rng.below(len - span);
            let Some(anchor) = Anchor::from_range(&doc.text, start, start + span) else {
                continue;
            };
            let id: AnnotationId = project.new_annotation_id();
            let mut chosen = vec![tags[rng.below(tags.len())]];
            if rng.below(3) == 0 {
                chosen.push(tags[rng.below(tags.len())]);
                chosen.dedup();
            }
            project.annotations.insert(
                id,
                Annotation {
                    id,
                    document: doc.path.clone(),
                    anchor,
                    note: format!(
                        "Note {} on this passage: compare with the earlier report.",
                        id.0
                    ),
                    tags: chosen,
                    created: at,
                    modified: at,
                    orphaned: false,
                    history: Vec::new(),
                    coder: None,
                },
            );
        }
    }
    project
}

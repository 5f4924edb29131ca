//! Dossier's agreement figures against an independent implementation: the crafted cases
//! of `tests/agreement_reference/cases.json`, whose figures `check.py` computed once with
//! the `krippendorff` Python package and scikit-learn's `cohen_kappa_score` (one value per
//! char) into `expected.json`. Python is not needed to run this test. The hand-computed
//! figures of the first cases are written out in `src/analysis/agreement/tests.rs`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use dossier::analysis::agreement::{Figure, Selection, measure};
use dossier::project::{Anchor, Annotation, DocumentRecord, Project, Rgb, Tag, TagId};
use serde_json::Value;

fn read(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/agreement_reference")
        .join(name);
    let text = std::fs::read_to_string(&path).expect("reference file");
    serde_json::from_str(&text).expect("JSON")
}

/// The project a case describes, and its documents' lengths.
fn project_of(case: &Value) -> (Project, Vec<(String, usize)>) {
    let mut project = Project::new("reference");
    let mut ids: BTreeMap<String, TagId> = BTreeMap::new();
    for tag in case["tags"].as_array().expect("tags") {
        let name = tag["name"].as_str().expect("name").to_owned();
        let id = project.new_tag_id();
        let parent = tag["parent"].as_str().map(|p| ids[p]);
        project.tags.insert(
            id,
            Tag {
                id,
                name: name.clone(),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent,
            },
        );
        ids.insert(name, id);
    }
    let at: jiff::Timestamp = "2026-12-01T10:00:00Z".parse().expect("time");
    for a in case["annotations"].as_array().expect("annotations") {
        let id = project.new_annotation_id();
        let (start, end) = (
            a["start"].as_u64().expect("start") as usize,
            a["end"].as_u64().expect("end") as usize,
        );
        project.annotations.insert(
            id,
            Annotation {
                id,
                document: a["document"].as_str().expect("document").to_owned(),
                anchor: Anchor {
                    start,
                    end,
                    quote: "x".repeat(end - start),
                    prefix: String::new(),
                    suffix: String::new(),
                    current_quote: None,
                    region: None,
                },
                note: String::new(),
                tags: a["tags"]
                    .as_array()
                    .expect("tags")
                    .iter()
                    .map(|t| ids[t.as_str().expect("tag")])
                    .collect(),
                created: at,
                modified: at,
                orphaned: false,
                history: Vec::new(),
                coder: Some(a["coder"].as_str().expect("coder").to_owned()),
            },
        );
    }
    if let Some(coded_by) = case["coded_by"].as_object() {
        for (path, coders) in coded_by {
            project.documents.insert(
                path.clone(),
                DocumentRecord {
                    path: path.clone(),
                    hash: dossier::corpus::ContentHash::of_text(""),
                    title: String::new(),
                    renamed: None,
                    coded_by: coders
                        .as_array()
                        .expect("coders")
                        .iter()
                        .map(|c| c.as_str().expect("coder").to_owned())
                        .collect(),
                },
            );
        }
    }
    let lengths = case["documents"]
        .as_object()
        .expect("documents")
        .iter()
        .map(|(p, n)| (p.clone(), n.as_u64().expect("length") as usize))
        .collect();
    (project, lengths)
}

fn same(what: &str, ours: Figure, theirs: &Value) {
    match (ours, theirs.as_f64()) {
        (Ok(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{what}: Dossier {a}, reference {b}"),
        (Err(_), None) => {}
        (a, _) => panic!("{what}: Dossier {a:?}, reference {theirs}"),
    }
}

#[test]
fn figures_equal_those_of_krippendorff_and_scikit_learn() {
    let cases = read("cases.json");
    let expected = read("expected.json");
    let cases = cases["cases"].as_array().expect("cases");
    assert!(cases.len() >= 6);
    let mut compared = 0;
    for case in cases {
        let name = case["name"].as_str().expect("name");
        let want = &expected["cases"][name];
        let (project, lengths) = project_of(case);
        let lengths: HashMap<&str, usize> = lengths.iter().map(|(p, n)| (p.as_str(), *n)).collect();
        let selection = Selection {
            coders: case["coders"].as_array().map(|c| {
                c.iter()
                    .map(|n| n.as_str().expect("coder").to_owned())
                    .collect()
            }),
            tags: None,
        };
        let result = measure(&project, &lengths, &selection);
        let coders: Vec<&str> = want["coders"]
            .as_array()
            .expect("coders")
            .iter()
            .map(|c| c.as_str().expect("coder"))
            .collect();
        assert_eq!(result.coders, coders, "{name}");
        assert_eq!(
            result.documents.len() as u64,
            want["documents"].as_u64().expect("documents"),
            "{name}"
        );
        let rows = want["tags"].as_array().expect("tags");
        assert_eq!(result.tags.len(), rows.len(), "{name}");
        for row in rows {
            let tag = row["tag"].as_str().expect("tag");
            let ours = result
                .tags
                .iter()
                .find(|t| t.name == tag)
                .unwrap_or_else(|| panic!("{name}: no row for {tag}"));
            let what = format!("{name}, {tag}");
            assert_eq!(
                ours.characters as u64,
                row["characters"].as_u64().expect("characters"),
                "{what}"
            );
            same(&what, ours.percent_agreement, &row["percent_agreement"]);
            same(&what, ours.cohen_kappa, &row["cohen_kappa"]);
            same(&what, ours.krippendorff_alpha, &row["krippendorff_alpha"]);
            compared += 1;
        }
    }
    assert_eq!(compared, 13, "every tag of every case compared");
}

//! `dossier agreement` end to end: a project of two coders saved over a corpus folder,
//! measured by the real binary.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use dossier::project::{Anchor, Annotation, Command, Workspace, file};

fn dossier(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A corpus of one document of 20 chars and a project where Ana coded 0..10 and Ben
/// 5..15 with "Trade" (a sub-tag of "Economy"); "War" is used by nobody.
fn project_on_disk(dir: &Path) -> PathBuf {
    let corpus_dir = dir.join("corpus");
    common::write(&corpus_dir, "a.txt", "abcdefghijklmnopqrst");
    let corpus = common::load(&corpus_dir);
    let doc = corpus.get("a.txt").expect("document");
    assert_eq!(doc.text.char_len(), 20);
    let mut ws = Workspace::unsaved(dossier::project::Project::new("Coders"));
    ws.project.corpus_root = Some(corpus_dir.clone());
    let economy = common::add_tag(&mut ws, "Economy", None);
    let trade = common::add_tag(&mut ws, "Trade", Some(economy));
    common::add_tag(&mut ws, "War", None);
    for (coder, start, end) in [("Ana", 0, 10), ("Ben", 5, 15)] {
        let id = ws.project.new_annotation_id();
        ws.execute(Command::AddAnnotation(Annotation {
            id,
            document: "a.txt".into(),
            anchor: Anchor::from_range(&doc.text, start, end).expect("anchor"),
            note: String::new(),
            tags: vec![trade],
            created: common::at("2026-12-01T10:00:00Z"),
            modified: common::at("2026-12-01T10:00:00Z"),
            orphaned: false,
            history: Vec::new(),
            coder: Some(coder.into()),
        }))
        .expect("annotate");
    }
    let path = dir.join("coders.dossier.ron");
    file::save(&ws.project, &path).expect("save");
    path
}

#[test]
fn agreement_as_json_has_exactly_the_documented_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = project_on_disk(dir.path());
    let run = dossier(&["agreement", project.to_str().expect("utf-8"), "--json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
    // Hand-computed (src/analysis/agreement/tests.rs, first test): 50 %, kappa 0,
    // alpha = 1 - 39 * 10 / (20 * 20) = 0.025; Economy the same through its sub-tag.
    let expected = serde_json::json!({
        "coders": ["Ana", "Ben"],
        "documents": 1,
        "tags": [
            {"tag": "Economy", "characters": 15, "percent_agreement": 50.0,
             "cohen_kappa": 0.0, "krippendorff_alpha": 0.025},
            {"tag": "Trade", "characters": 15, "percent_agreement": 50.0,
             "cohen_kappa": 0.0, "krippendorff_alpha": 0.025},
            {"tag": "War", "characters": 0, "percent_agreement": 100.0,
             "cohen_kappa": null, "krippendorff_alpha": null},
        ]
    });
    let close = |a: &serde_json::Value, b: &serde_json::Value| match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
        _ => a == b,
    };
    assert_eq!(json["coders"], expected["coders"]);
    assert_eq!(json["documents"], expected["documents"]);
    let (rows, want) = (
        json["tags"].as_array().expect("tags"),
        expected["tags"].as_array().expect("tags"),
    );
    assert_eq!(rows.len(), want.len());
    for (row, want) in rows.iter().zip(want) {
        let keys: Vec<&String> = row.as_object().expect("object").keys().collect();
        let wanted: Vec<&String> = want.as_object().expect("object").keys().collect();
        assert_eq!(keys.len(), wanted.len(), "{row}");
        for key in wanted {
            assert!(close(&row[key], &want[key]), "{key}: {row} vs {want}");
        }
    }
}

#[test]
fn agreement_as_a_table_and_its_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = project_on_disk(dir.path());
    let project = project.to_str().expect("utf-8");
    let run = dossier(&["agreement", project, "--tags", "trade,war"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let table = text(&run.stdout);
    assert!(
        table.starts_with("Agreement of Ana, Ben over 1 document (20 characters)"),
        "{table}"
    );
    assert!(
        table.lines().any(|l| l.contains("Trade")
            && l.contains("50.0 %")
            && l.contains("0.000")
            && l.contains("0.025")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("War") && l.contains("too little coding")),
        "{table}"
    );
    assert!(
        !table.contains("Economy"),
        "only the tags asked for: {table}"
    );

    let unknown = dossier(&["agreement", project, "--coders", "Ana,Zoe"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr)
            .contains("no coder named \"Zoe\" in the project (its coders: Ana, Ben)"),
        "{}",
        text(&unknown.stderr)
    );
    let alone = dossier(&["agreement", project, "--coders", "Ana"]);
    assert!(
        text(&alone.stderr).contains("agreement needs at least two coders; --coders names Ana"),
        "{}",
        text(&alone.stderr)
    );
    let no_tag = dossier(&["agreement", project, "--tags", "Peace"]);
    assert!(text(&no_tag.stderr).contains("no tag named \"Peace\""));
}

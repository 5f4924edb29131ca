//! An export saved inside the corpus folder is not read back as a document (issue 21):
//! `dossier export --format html --out CORPUS/report.html`, then `dossier scan CORPUS`
//! lists the report as skipped, "Dossier's own export", and counts the same documents.

use crate::common;

use std::path::Path;
use std::process::{Command as Process, Output};

fn dossier(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

/// The documents and skipped files `dossier scan --json` lists.
fn scan(corpus: &Path) -> (usize, Vec<(String, String)>) {
    let out = dossier(&["scan", &corpus.to_string_lossy(), "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let documents = json["documents"].as_array().expect("documents").len();
    let skipped = json["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or_default().to_owned(),
                s["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (documents, skipped)
}

#[test]
fn an_export_inside_the_corpus_is_written_said_and_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("sample_data");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data"),
        &corpus,
    );
    let (before, _) = scan(&corpus);

    for (format, name) in [("html", "report.html"), ("markdown", "report.md")] {
        let out_path = corpus.join(name);
        let out = dossier(&[
            "export",
            &corpus.join("sample.dossier.ron").to_string_lossy(),
            "--format",
            format,
            "--out",
            &out_path.to_string_lossy(),
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(out_path.is_file(), "the export is written");
        assert!(
            stderr.contains("inside the corpus folder") && stderr.contains("skip"),
            "the user is told it will be skipped: {stderr}"
        );
    }

    let (after, skipped) = scan(&corpus);
    assert_eq!(after, before, "the document count is unchanged");
    for name in ["report.html", "report.md"] {
        assert!(
            skipped
                .iter()
                .any(|(path, reason)| path == name && reason == "Dossier's own export"),
            "{name} listed as skipped: {skipped:?}"
        );
    }
    // And the plain report says so too.
    let out = dossier(&["scan", &corpus.to_string_lossy()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("skipped  report.html: Dossier's own export"),
        "{stdout}"
    );
}

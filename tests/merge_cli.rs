//! `dossier merge` end to end: three-way and two-way, exit codes 0 / 1 / 2, `--json`.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use common::*;
use dossier::project::{Command, Project, Workspace, file};

fn dossier(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn save(ws: &Workspace, path: &Path) -> String {
    file::save(&ws.project, path).expect("save");
    path.to_string_lossy().into_owned()
}

/// BASE with one annotation; OURS and THEIRS each add one and set its note differently;
/// ADDED only adds one.
fn copies(dir: &Path) -> [String; 4] {
    write(dir, "corpus/a.txt", "Putin received al-Sharaa in Moscow.\n");
    let corpus = load(&dir.join("corpus"));
    let mut project = Project::new("study");
    project.corpus_root = Some(dir.join("corpus"));
    let mut ws = Workspace::unsaved(project);
    let tag = add_tag(&mut ws, "Actors", None);
    let first = annotate(&mut ws, &corpus, "a.txt", "Putin", "", vec![tag]);
    let base = save(&ws, &dir.join("base.dossier.ron"));
    let edited = |name: &str, quote: &str, note: Option<&str>| -> String {
        let mut copy = Workspace::unsaved(ws.project.clone());
        annotate(&mut copy, &corpus, "a.txt", quote, "", vec![tag]);
        if let Some(note) = note {
            let at = at("2026-12-07T10:00:00Z");
            let note = note.to_owned();
            let set = Command::SetNote {
                id: first,
                note,
                at,
            };
            copy.execute(set).expect("note");
        }
        save(&copy, &dir.join(name))
    };
    let ours = edited("ours.dossier.ron", "al-Sharaa", Some("ours"));
    let theirs = edited("theirs.dossier.ron", "Moscow", Some("theirs"));
    let added = edited("added.dossier.ron", "Moscow", None);
    [base, ours, theirs, added]
}

#[test]
fn three_way_with_a_conflict_exits_1_and_writes_a_project_that_loads() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [base, ours, theirs, _] = copies(dir.path());
    let out: PathBuf = dir.path().join("merged.dossier.ron");
    let run = dossier(&[
        "merge",
        &base,
        &ours,
        &theirs,
        "-o",
        &out.to_string_lossy(),
        "--json",
    ]);
    assert_eq!(run.status.code(), Some(1), "{run:?}");
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).expect("one JSON object");
    assert_eq!(
        json,
        serde_json::json!({"added": 1, "changed": 0, "conflicts": 1})
    );
    let merged = file::load(&out).expect("loads");
    assert_eq!(merged.annotations.len(), 3);
    assert_eq!(merged.merge_conflicts.len(), 1);
    let conflict = merged.merge_conflicts.values().next().expect("conflict");
    assert_eq!(conflict.theirs_from, "theirs.dossier.ron");
}

#[test]
fn two_way_without_conflicts_exits_0_and_errors_exit_2_writing_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let [base, ours, _, added] = copies(dir.path());
    let out = dir.path().join("merged.dossier.ron");
    let out_arg = out.to_string_lossy().into_owned();
    // Two copies known only by their items: the shared annotation is one, the new one
    // kept.
    let run = dossier(&["merge", &base, &added, "-o", &out_arg]);
    assert_eq!(run.status.code(), Some(0), "{run:?}");
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains("wrote"), "{said}");
    assert_eq!(file::load(&out).expect("loads").annotations.len(), 2);
    std::fs::remove_file(&out).expect("remove");
    let broken = write(dir.path(), "broken.dossier.ron", "(not a project");
    let run = dossier(&["merge", &ours, &broken.to_string_lossy(), "-o", &out_arg]);
    assert_eq!(run.status.code(), Some(2), "{run:?}");
    assert!(!out.exists());
}

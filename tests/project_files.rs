//! Project files on disk: stable bytes, atomic saves, damaged files left alone.

mod common;

use std::fs;

use common::*;
use dossier::project::{ProjectFileError, Workspace, file};

fn sample_workspace(dir: &std::path::Path) -> Workspace {
    let corpus_dir = dir.join("corpus");
    write(
        &corpus_dir,
        "a.txt",
        "Putin met al-Sharaa in Moscow.\nThey discussed Hmeimim and Tartus.\n",
    );
    write(
        &corpus_dir,
        "sub/b.md",
        "---\ntitle: B\n---\nRaqqah was isolated by the SDF.\n",
    );
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::for_folder(&corpus_dir);
    dossier::project::reconcile(&mut ws.project, &corpus);
    let bases = add_tag(&mut ws, "Bases", None);
    let naval = add_tag(&mut ws, "Naval — Ţarţūs", Some(bases));
    annotate(
        &mut ws,
        &corpus,
        "a.txt",
        "Hmeimim and Tartus",
        "Two \"bases\"\nsee report",
        vec![bases, naval],
    );
    annotate(
        &mut ws,
        &corpus,
        "sub/b.md",
        "isolated by the SDF",
        "",
        vec![],
    );
    ws
}

#[test]
fn save_load_save_gives_identical_bytes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = sample_workspace(dir.path());
    let path = dir.path().join("study.dossier.ron");
    ws.save_as(&path).expect("first save");
    let first = fs::read(&path).expect("read");

    let mut reopened = Workspace::open(&path).expect("open");
    assert_eq!(reopened.project, ws.project);
    assert!(!reopened.is_dirty());
    reopened.save().expect("second save");
    assert_eq!(fs::read(&path).expect("read"), first);
    // The first save is kept as the backup of the second.
    assert_eq!(fs::read(file::backup_path(&path)).expect("bak"), first);
}

#[test]
fn a_corrupted_file_is_reported_with_position_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = sample_workspace(dir.path());
    let path = dir.path().join("study.dossier.ron");
    ws.save_as(&path).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    // Truncate the file in the middle of the annotations, as a crash of another tool would.
    let cut = text.find("quote:").expect("an annotation");
    fs::write(&path, &text[..cut + 10]).expect("corrupt");
    let before = fs::read(&path).expect("read");

    match Workspace::open(&path) {
        Err(ProjectFileError::Damaged { line, column, .. }) => {
            assert!(line > 1, "line {line}");
            assert!(column >= 1, "column {column}");
        }
        other => panic!("expected a Damaged error, got {other:?}"),
    }
    assert_eq!(
        fs::read(&path).expect("read"),
        before,
        "the damaged file must not change"
    );
    assert!(!file::backup_path(&path).exists());
}

#[test]
fn a_file_from_a_newer_dossier_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.dossier.ron");
    let mut ws = sample_workspace(dir.path());
    ws.save_as(&path).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    fs::write(&path, text.replacen("version: 1,", "version: 7,", 1)).expect("write");
    let err = Workspace::open(&path).expect_err("refused");
    assert!(
        matches!(err, ProjectFileError::TooNew { found: 7, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("newer Dossier"), "{err}");
}

#[test]
fn undo_back_to_the_saved_state_is_clean_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = sample_workspace(dir.path());
    let path = dir.path().join("study.dossier.ron");
    ws.save_as(&path).expect("save");
    assert!(!ws.is_dirty());
    add_tag(&mut ws, "Later", None);
    assert!(ws.is_dirty());
    ws.undo().expect("undo");
    assert!(!ws.is_dirty());
    ws.redo().expect("redo");
    assert!(ws.is_dirty());
}

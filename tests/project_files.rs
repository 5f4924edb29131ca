//! Project files on disk: stable bytes, atomic saves, damaged files left alone.

use crate::common;

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
        Err(err @ ProjectFileError::Damaged { line, column, .. }) => {
            assert!(line > 1, "line {line}");
            assert!(column >= 1, "column {column}");
            // No backup exists: the message must not send the user to one.
            assert!(!err.to_string().contains(".bak"), "{err}");
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
fn a_damaged_file_with_a_backup_names_it_and_the_backup_opens_as_an_unsaved_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut ws = sample_workspace(dir.path());
    let path = dir.path().join("study.dossier.ron");
    ws.save_as(&path).expect("first save");
    ws.save_as(&path)
        .expect("second save keeps the first as .bak");
    let backup = file::backup_path(&path);
    assert!(backup.is_file());
    fs::write(&path, "(format: \"dossier-project\", version: 3, name: ").expect("corrupt");

    let err = Workspace::open(&path).expect_err("damaged");
    match &err {
        ProjectFileError::Damaged { backup: named, .. } => {
            assert_eq!(named.as_deref(), Some(backup.as_path()))
        }
        other => panic!("expected Damaged, got {other:?}"),
    }
    assert!(
        err.to_string().contains(&backup.display().to_string()),
        "{err}"
    );

    // The backup opens as an unsaved copy: saving it asks for a name, so neither the
    // damaged file nor the backup is written over unasked.
    let copy = Workspace::open_backup(&backup).expect("backup opens");
    assert_eq!(copy.path, None);
    assert!(copy.is_dirty());
    assert_eq!(copy.project.annotations, ws.project.annotations);
    let root = |p: &Option<std::path::PathBuf>| p.as_ref().and_then(|r| r.canonicalize().ok());
    assert_eq!(
        root(&copy.project.corpus_root),
        root(&ws.project.corpus_root)
    );
    assert!(root(&copy.project.corpus_root).is_some());
}

#[test]
fn a_file_from_a_newer_dossier_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("future.dossier.ron");
    let mut ws = sample_workspace(dir.path());
    ws.save_as(&path).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    let current = format!("version: {},", file::CURRENT_VERSION);
    assert!(text.contains(&current));
    fs::write(&path, text.replacen(&current, "version: 99,", 1)).expect("write");
    let err = Workspace::open(&path).expect_err("refused");
    assert!(
        matches!(err, ProjectFileError::TooNew { found: 99, .. }),
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

#[test]
fn a_version_1_file_is_migrated() {
    // Written by Dossier's first project format, before entity corrections existed.
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/project-v1.dossier.ron"
    );
    let original = fs::read_to_string(fixture).expect("fixture");
    assert!(original.contains("version: 1,") && !original.contains("entity_rules"));
    let project = file::load(std::path::Path::new(fixture)).expect("a version 1 file loads");
    assert_eq!(project.annotations.len(), 12);
    assert_eq!(project.tags.len(), 8);
    assert!(project.entity_rules.is_empty());

    // Saved again, it is a current file: same content, the new field, the new version.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("migrated.dossier.ron");
    let mut project = project;
    project.corpus_root = None;
    file::save(&project, &path).expect("save");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(&format!("version: {},", file::CURRENT_VERSION)));
    assert!(text.contains("entity_rules:"));
    let again = file::load(&path).expect("reload");
    assert_eq!(again.annotations, project.annotations);
    assert_eq!(again.tags, project.tags);
    // The fixture itself was only read.
    assert_eq!(fs::read_to_string(fixture).expect("fixture"), original);
}

#[test]
fn the_documented_example_is_a_valid_project_file() {
    let doc = include_str!("../docs/project-format.md");
    let start = doc.find("```ron\n").expect("an example") + "```ron\n".len();
    let end = start + doc[start..].find("```").expect("end of the example");
    let example = &doc[start..end];
    let project = file::from_ron(
        example,
        std::path::Path::new("/projects/kremlin.dossier.ron"),
    )
    .expect("the example in docs/project-format.md parses");
    assert_eq!(project.annotations.len(), 1);
    assert_eq!(project.tags.len(), 2);
    assert_eq!(project.entity_rules.phrases.len(), 1);
    // Written back, it is the same project.
    let written = file::to_ron(&project, std::path::Path::new("/projects")).expect("ron");
    let again = file::from_ron(
        &written,
        std::path::Path::new("/projects/kremlin.dossier.ron"),
    )
    .expect("parse");
    assert_eq!(again, project);
}

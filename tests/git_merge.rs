//! Git as the distributed engine (issue 24, item 4): a real repository set up with
//! `dossier git-setup`, two branches that each add annotations, one of which edits a note
//! the other deletes; `git merge` and `git rebase` run Dossier's merge driver, and the
//! project file afterwards loads, keeps both branches' annotations and records the one
//! conflict (never text markers).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use common::*;
use dossier::project::{AnnotationId, Command, ConflictItem, Project, TagId, Workspace, file};

const PROJECT: &str = "study.dossier.ron";
const ARTICLE: &str = "Kremlin talks\nPutin received al-Sharaa in Moscow; the bases at Tartus \
                       and Hmeimim were discussed. The lease runs for 49 years.\n";

fn dossier(dir: &Path, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run dossier")
}

/// Git in `repo`, alone: no global or system configuration of the machine running tests.
fn git(repo: &Path, args: &[&str]) -> Output {
    Process::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.org")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.org")
        .env("GIT_EDITOR", "true")
        .output()
        .expect("run git")
}

fn ok(output: Output) -> String {
    assert!(
        output.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Opens the project, edits it, writes it back (no `.bak` in the repository) and commits.
fn commit_edit(repo: &Path, message: &str, edit: impl FnOnce(&mut Workspace)) {
    let path = repo.join(PROJECT);
    let mut ws = Workspace::open(&path).expect("open");
    edit(&mut ws);
    let text = file::to_ron(&ws.project, repo).expect("ron");
    std::fs::write(&path, text).expect("write");
    ok(git(repo, &["commit", "-q", "-am", message]));
}

struct Scenario {
    repo: PathBuf,
    original: AnnotationId,
    anas: AnnotationId,
    bobs: AnnotationId,
}

/// main: one annotation with a note. Branch `ana` adds an annotation and edits the note;
/// branch `bob` adds another annotation and deletes the first.
fn scenario(dir: &Path) -> Scenario {
    let repo = dir.join("repo");
    write(&repo, "corpus/kremlin.txt", ARTICLE);
    ok(git(&repo, &["init", "-q", "-b", "main"]));
    let corpus = load(&repo.join("corpus"));
    let mut project = Project::new("study");
    project.corpus_root = Some(repo.join("corpus"));
    let mut ws = Workspace::unsaved(project);
    let bases: TagId = add_tag(&mut ws, "Bases", None);
    let original = annotate(
        &mut ws,
        &corpus,
        "kremlin.txt",
        "bases at Tartus",
        "leased",
        vec![bases],
    );
    std::fs::write(
        repo.join(PROJECT),
        file::to_ron(&ws.project, &repo).expect("ron"),
    )
    .expect("write");

    ok(dossier(&repo, &["git-setup"]));
    ok(git(&repo, &["add", "."]));
    ok(git(&repo, &["commit", "-q", "-m", "project"]));

    let mut anas = None;
    ok(git(&repo, &["checkout", "-q", "-b", "ana"]));
    commit_edit(&repo, "Ana codes", |ws| {
        anas = Some(annotate(
            ws,
            &corpus,
            "kremlin.txt",
            "Putin",
            "Ana's",
            vec![bases],
        ));
        let at = at("2026-12-07T10:00:00Z");
        let note = "leased for 49 years".into();
        ws.execute(Command::SetNote {
            id: original,
            note,
            at,
        })
        .expect("note");
    });
    let mut bobs = None;
    ok(git(&repo, &["checkout", "-q", "-b", "bob", "main"]));
    commit_edit(&repo, "Bob codes", |ws| {
        bobs = Some(annotate(
            ws,
            &corpus,
            "kremlin.txt",
            "Hmeimim",
            "Bob's",
            vec![bases],
        ));
        ws.execute(Command::DeleteAnnotation(original))
            .expect("delete");
    });
    Scenario {
        repo,
        original,
        anas: anas.expect("Ana's annotation"),
        bobs: bobs.expect("Bob's annotation"),
    }
}

/// The file after git ran the driver: a project that loads, with both branches'
/// annotations, the edited note kept, and exactly one conflict: edited against deleted.
fn check_merged(s: &Scenario) -> Project {
    let text = std::fs::read_to_string(s.repo.join(PROJECT)).expect("read");
    assert!(
        !text.contains("<<<<<<<") && !text.contains(">>>>>>>"),
        "{text}"
    );
    let p = file::load(&s.repo.join(PROJECT)).expect("the merged file loads");
    for id in [s.original, s.anas, s.bobs] {
        assert!(p.annotations.contains_key(&id), "{id} kept: {text}");
    }
    assert_eq!(p.annotations[&s.original].note, "leased for 49 years");
    assert_eq!(p.merge_conflicts.len(), 1, "{text}");
    let conflict = p.merge_conflicts.values().next().expect("conflict");
    assert_eq!(conflict.fields, ["deleted"]);
    let ConflictItem::Annotation { ours, theirs } = &conflict.item else {
        panic!("an annotation conflict: {conflict:?}");
    };
    // Exactly one side deleted it; the other kept the edited note.
    let kept = ours
        .as_ref()
        .xor(theirs.as_ref())
        .expect("one side deleted it");
    assert_eq!(kept.note, "leased for 49 years");
    // The corpus folder is still written relative to the project.
    assert!(text.contains("corpus: \"corpus\""), "{text}");
    p
}

#[test]
fn git_setup_writes_attributes_and_config_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = dir.path();
    ok(git(repo, &["init", "-q"]));
    std::fs::write(repo.join(".gitattributes"), "*.pdf binary").expect("write");
    let first = dossier(repo, &["git-setup", "."]);
    ok(first.clone());
    let said = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(said.contains("merge.dossier.driver"), "{said}");
    let again = dossier(repo, &["git-setup"]);
    let said_again = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(said_again.contains("already"), "{said_again}");
    let attributes = std::fs::read_to_string(repo.join(".gitattributes")).expect("read");
    assert_eq!(
        attributes,
        "*.pdf binary\n*.dossier.ron merge=dossier diff=dossier\n"
    );
    let driver = ok(git(repo, &["config", "merge.dossier.driver"]));
    assert!(
        driver.trim_end().ends_with(" merge-driver %O %A %B %P"),
        "{driver}"
    );
    assert!(
        Path::new(driver.split(' ').next().unwrap_or("")).is_absolute(),
        "{driver}"
    );
    let textconv = ok(git(repo, &["config", "diff.dossier.textconv"]));
    assert!(
        textconv.trim_end().ends_with(" diff --textconv"),
        "{textconv}"
    );
    // Outside a repository it says so and fails.
    let outside = tempfile::tempdir().expect("temp dir");
    let refused = dossier(outside.path(), &["git-setup"]);
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn git_merge_keeps_both_branches_and_records_the_one_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = scenario(dir.path());
    ok(git(&s.repo, &["checkout", "-q", "ana"]));
    let merge = git(&s.repo, &["merge", "--no-edit", "bob"]);
    // The conflict recorded in the file stops git, as any conflict does.
    assert!(!merge.status.success());
    let status = ok(git(&s.repo, &["status", "--porcelain"]));
    assert!(status.contains(&format!("UU {PROJECT}")), "{status}");
    let p = check_merged(&s);
    // Ours is Ana's: her edit is ours, Bob's deletion theirs.
    let conflict = p.merge_conflicts.values().next().expect("conflict");
    assert!(matches!(
        &conflict.item,
        ConflictItem::Annotation {
            ours: Some(_),
            theirs: None
        }
    ));
    // The user may commit the file as it is (settling later in Dossier).
    ok(git(&s.repo, &["add", PROJECT]));
    ok(git(&s.repo, &["commit", "-q", "--no-edit"]));
    check_merged(&s);
}

#[test]
fn git_rebase_keeps_both_branches_and_records_the_one_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = scenario(dir.path());
    ok(git(&s.repo, &["checkout", "-q", "ana"]));
    let rebase = git(&s.repo, &["rebase", "bob"]);
    assert!(!rebase.status.success(), "the rebase stops on the conflict");
    check_merged(&s);
    ok(git(&s.repo, &["add", PROJECT]));
    ok(git(&s.repo, &["rebase", "--continue"]));
    let log = ok(git(&s.repo, &["log", "--format=%s"]));
    assert_eq!(
        log.lines().collect::<Vec<_>>(),
        ["Ana codes", "Bob codes", "project"]
    );
    check_merged(&s);
}

#[test]
fn a_clean_merge_commits_with_no_conflict() {
    let dir = tempfile::tempdir().expect("temp dir");
    let s = scenario(dir.path());
    // A third branch from bob that only adds: merging it into bob is clean.
    ok(git(&s.repo, &["checkout", "-q", "-b", "carl", "bob"]));
    let corpus = load(&s.repo.join("corpus"));
    commit_edit(&s.repo, "Carl codes", |ws| {
        annotate(ws, &corpus, "kremlin.txt", "Moscow", "Carl's", Vec::new());
    });
    ok(git(&s.repo, &["checkout", "-q", "bob"]));
    commit_edit(&s.repo, "Bob codes more", |ws| {
        annotate(ws, &corpus, "kremlin.txt", "lease", "Bob's too", Vec::new());
    });
    ok(git(&s.repo, &["merge", "--no-edit", "carl"]));
    let p = file::load(&s.repo.join(PROJECT)).expect("loads");
    assert_eq!(p.annotations.len(), 3);
    assert!(p.merge_conflicts.is_empty());
}

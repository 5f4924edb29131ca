//! The window and the evidence on disk (issue 21): recovery copies that must not outlive
//! discarded work, files added to the corpus while a project is open, exports kept out of
//! the corpus.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::services::DialogKind;
use dossier::app::state::Modal;
use dossier::project::recovery::RecoveryStore;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

/// Adds a tag through the codebook, as a person would.
fn add_tag(h: &mut egui_kittest::Harness<'static, dossier::app::DossierApp>, name: &str) {
    h.get_by_label("Codebook").click();
    h.run();
    let field = field(h, "New tag name");
    field.focus();
    field.type_text(name);
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn discarded_work_from_a_backup_is_not_offered_as_a_crash() {
    let fx = fixture();
    let project = fx.sample.join("sample.dossier.ron");
    let backup = fx.sample.join("sample.dossier.ron.bak");
    std::fs::copy(&project, &backup).expect("make a backup");
    let store = RecoveryStore::new(fx.dir.path().join("app-data").join("recovery"));

    // Open the backup, change something and wait for the recovery copy (it is written on
    // a worker while there are unsaved changes).
    let mut h = opened(&fx, backup);
    add_tag(&mut h, "Discard me");
    wait_until(&mut h, "the recovery copy", |_| {
        store.find(&fx.sample, None).is_some()
    });

    // Quit, and discard the changes.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    h.run();
    assert!(matches!(
        h.state().modal(),
        Some(Modal::UnsavedChanges { .. })
    ));
    h.get_by_label("Discard").click();
    for _ in 0..5 {
        h.step();
    }
    drop(h);

    // The next session opens the folder: nothing ended unexpectedly, nothing to restore.
    let h = opened(&fx, fx.sample.clone());
    assert!(
        !matches!(h.state().modal(), Some(Modal::OfferRecovery { .. })),
        "{:?}",
        h.state().modal()
    );
    assert!(h.query_by_label("Restore unsaved work?").is_none());
    assert!(store.find(&fx.sample, None).is_none());
}

/// The path the last dialog of the window suggested.
fn last_suggestion(fx: &Fixture) -> std::path::PathBuf {
    fx.dialogs
        .asked()
        .last()
        .and_then(|r| r.suggested_path())
        .expect("a dialog with a suggested path")
}

#[test]
fn save_as_from_a_backup_suggests_a_name_every_file_system_takes() {
    let fx = fixture();
    let backup = fx.sample.join("sample.dossier.ron.bak");
    std::fs::copy(fx.sample.join("sample.dossier.ron"), &backup).expect("make a backup");
    let mut h = opened(&fx, backup);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    let suggested = last_suggestion(&fx);
    let name = suggested
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert_eq!(name, "Sample - Syria and Iraq, 2011-2024.dossier.ron");
    assert!(
        !suggested.to_string_lossy().contains("/./"),
        "{}",
        suggested.display()
    );
    assert!(
        h.state().window_title().contains("(from backup)"),
        "the window still says where the copy came from: {}",
        h.state().window_title()
    );
}

#[test]
fn an_export_is_suggested_outside_the_corpus_and_never_read_as_a_document() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let documents = h.state().session().expect("session").corpus.documents.len();

    // The sample's project file is inside its corpus: the export goes to `exports/`.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export as HTML Report…").click();
    wait_until(&mut h, "the dialog", |a| !a.is_busy());
    let suggested = last_suggestion(&fx);
    assert_eq!(
        suggested.parent(),
        Some(fx.sample.join("exports").as_path()),
        "{}",
        suggested.display()
    );

    // Saved inside the corpus all the same: read again, it is skipped, said so.
    let report = fx.sample.join("report.html");
    fx.dialogs
        .answer(DialogKind::SaveExport, Some(report.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export as HTML Report…").click();
    wait_until(&mut h, "the export", |a| !a.is_busy() && report.is_file());
    reload_from_the_menu(&mut h);
    let session = h.state().session().expect("session");
    assert_eq!(session.corpus.documents.len(), documents);
    assert!(
        session
            .corpus
            .report
            .skipped
            .iter()
            .any(|s| s.path == "report.html" && s.reason.to_string() == "Dossier's own export"),
        "{:?}",
        session.corpus.report.skipped
    );
}

/// File > Reload Corpus, then waits for the folder to be read.
fn reload_from_the_menu(h: &mut egui_kittest::Harness<'static, dossier::app::DossierApp>) {
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Reload Corpus").click();
    wait_until(h, "the reload", |a| !a.is_busy());
}

#[test]
fn a_file_added_while_the_project_is_open_appears_after_reload() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    assert!(h.state().modal().is_none(), "{:?}", h.state().modal());
    std::fs::write(
        fx.sample.join("news").join("late-arrival.txt"),
        "Late arrival\n\nA note written while the project was open, about talks in Damascus.\n",
    )
    .expect("write");

    reload_from_the_menu(&mut h);
    // The folder watcher may have read it first: either way the summary says so once.
    wait_until(&mut h, "the summary", |a| {
        matches!(a.modal(), Some(Modal::Changes(_)))
    });
    let Some(Modal::Changes(changes)) = h.state().modal() else {
        unreachable!()
    };
    assert_eq!(changes.added_documents, ["news/late-arrival.txt"]);
    assert!(h.query_by_label_contains("1 document was added").is_some());
    assert!(h.query_by_label("news/late-arrival.txt").is_some());
    h.get_by_label("OK").click();
    h.run();

    let session = h.state().session().expect("session");
    assert!(session.corpus.get("news/late-arrival.txt").is_some());
    // The document list shows it, and it opens in the reader.
    open_document(&mut h, "late", "Late arrival");
}

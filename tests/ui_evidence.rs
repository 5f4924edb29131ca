//! The window and the evidence on disk (issue 21): recovery copies that must not outlive
//! discarded work, files added to the corpus while a project is open, exports kept out of
//! the corpus.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
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


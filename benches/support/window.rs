//! The real app in an `egui_kittest` harness, for the window benches: opened on a folder,
//! stepped until it has loaded it and recognised its entities.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dossier::app::services::{FixedClock, ScriptedDialogs};
use dossier::app::{AppConfig, DossierApp};
use egui_kittest::Harness;

/// The app at 1280x800 with `open` loaded and its entities recognised (at most ten
/// minutes), its settings in `data`; prints how long that took.
pub fn opened(open: &Path, data: &Path) -> Harness<'static, DossierApp> {
    let config = config(open, data);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_max_steps(100_000)
        .with_accessibility_check(false)
        .build_eframe(move |cc| DossierApp::new(cc, config));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(600) {
        h.step();
        if ready(h.state()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(h.state().entity_index().is_some(), "entities recognised");
    h.run_ok();
    eprintln!(
        "window: {} open and recognised in {:.1} s",
        open.display(),
        started.elapsed().as_secs_f64()
    );
    h
}

/// The app's settings for a bench: `open` opened, settings and caches in `data`, a fixed
/// clock, no dialogs.
pub fn config(open: &Path, data: &Path) -> AppConfig {
    AppConfig {
        open: Some(open.to_owned()),
        dialogs: Arc::new(ScriptedDialogs::default()),
        clock: Arc::new(FixedClock("2026-11-28T12:00:00Z".parse().expect("time"))),
        data_dir: Some(data.to_owned()),
        sample_dir: open.to_owned(),
        persist_prefs: false,
        coder: Some("Bench".to_owned()),
        tesseract: None,
    }
}

/// The folder is loaded and its entities recognised.
pub fn ready(app: &DossierApp) -> bool {
    app.session().is_some()
        && !app.is_busy()
        && !app.recognising_entities()
        && app.entity_index().is_some()
}

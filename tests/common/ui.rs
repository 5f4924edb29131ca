//! The window in a test harness (egui_kittest): the sample in a temporary folder, scripted
//! dialogs and clock, and the steps a person takes (wait for work, drag-select, type in a
//! field found by its hint).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use dossier::app::services::{FixedClock, ScriptedDialogs};
use dossier::app::{AppConfig, DossierApp};
use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use super::copy_dir;

pub struct Fixture {
    pub dir: tempfile::TempDir,
    /// A copy of `sample_data/` the tests may change.
    pub sample: PathBuf,
    pub dialogs: ScriptedDialogs,
    /// The `tesseract` the window runs (`None`: the one on `PATH`).
    pub tesseract: Option<PathBuf>,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let sample = dir.path().join("sample_data");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data"),
        &sample,
    );
    Fixture {
        dir,
        sample,
        dialogs: ScriptedDialogs::default(),
        tesseract: None,
    }
}

/// The window of a user who gave their coder name earlier ("Tester"): annotating does not
/// ask it (see [`app_without_coder`]).
pub fn app(fx: &Fixture, open: Option<PathBuf>) -> Harness<'static, DossierApp> {
    app_with_memory(fx, open, None)
}

/// The window of a user who never gave their coder name: the first annotation asks it.
pub fn app_without_coder(fx: &Fixture, open: Option<PathBuf>) -> Harness<'static, DossierApp> {
    app_for(fx, open, None, None)
}

/// The window started with egui's memory of an earlier run (panel widths, scroll
/// positions): what eframe restores when Dossier starts again.
pub fn app_with_memory(
    fx: &Fixture,
    open: Option<PathBuf>,
    memory: Option<egui::Memory>,
) -> Harness<'static, DossierApp> {
    app_for(fx, open, memory, Some("Tester"))
}

fn app_for(
    fx: &Fixture,
    open: Option<PathBuf>,
    memory: Option<egui::Memory>,
    coder: Option<&str>,
) -> Harness<'static, DossierApp> {
    let config = AppConfig {
        open,
        dialogs: Arc::new(fx.dialogs.clone()),
        clock: Arc::new(FixedClock("2026-11-28T12:00:00Z".parse().expect("time"))),
        data_dir: Some(fx.dir.path().join("app-data")),
        sample_dir: fx.sample.clone(),
        persist_prefs: false,
        coder: coder.map(str::to_owned),
        tesseract: fx.tesseract.clone(),
    };
    let mut builder = Harness::builder()
        .with_size(vec2(1280.0, 800.0))
        .with_max_steps(64);
    if let Some(memory) = memory {
        builder = builder.with_context_setup(move |ctx| ctx.memory_mut(|m| *m = memory));
    }
    builder.build_eframe(move |cc| DossierApp::new(cc, config))
}

/// Steps the app until `done` holds (background loading and saving run on threads).
pub fn wait_until(
    h: &mut Harness<'static, DossierApp>,
    what: &str,
    done: impl Fn(&DossierApp) -> bool,
) {
    for _ in 0..1000 {
        h.step();
        if done(h.state()) {
            h.run();
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

/// Steps frames (views on workers keep repainting while they settle) until a node whose
/// label starts with `prefix` is drawn.
pub fn step_until_drawn(h: &mut Harness<'static, DossierApp>, prefix: &str) {
    for _ in 0..500 {
        h.step();
        if h.query_all_by(|n| {
            n.label()
                .or(n.value())
                .is_some_and(|l| l.starts_with(prefix))
        })
        .next()
        .is_some()
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("nothing labelled {prefix}… was drawn");
}

pub fn opened(fx: &Fixture, open: PathBuf) -> Harness<'static, DossierApp> {
    wait_opened(app(fx, Some(open)))
}

/// [`opened`], then stepped until the entities of every document are recognised.
pub fn recognised(fx: &Fixture, open: PathBuf) -> Harness<'static, DossierApp> {
    let mut h = opened(fx, open);
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    h
}

/// Waits for the window's opening job to finish.
pub fn wait_opened(mut h: Harness<'static, DossierApp>) -> Harness<'static, DossierApp> {
    wait_until(&mut h, "the project to open", |a| {
        a.session().is_some() && !a.is_busy()
    });
    h
}

pub fn annotation_count(h: &Harness<'static, DossierApp>) -> usize {
    h.state()
        .session()
        .map_or(0, |s| s.workspace.project.annotations.len())
}

/// Drags the mouse across the first line of the reader's text; returns the selection.
pub fn drag_select_first_line(h: &mut Harness<'static, DossierApp>) -> std::ops::Range<usize> {
    let rect = h.get_by_label("Document text").rect();
    let y = rect.top() + 14.0;
    drag(
        h,
        Pos2::new(rect.left() + 60.0, y),
        Pos2::new(rect.left() + 330.0, y),
    );
    let selection = h.state().selection().expect("dragging selects text");
    assert!(selection.len() > 10, "selection {selection:?} is too short");
    selection
}

/// A drag with the primary button from `from` to `to`, through three points between, a
/// frame at each, as a hand moves.
pub fn drag(h: &mut Harness<'static, DossierApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.step();
    h.drag_at(from);
    h.step();
    for t in [0.25, 0.5, 0.75] {
        h.hover_at(from + (to - from) * t);
        h.step();
    }
    h.hover_at(to);
    h.step();
    h.drop_at(to);
    h.run();
}

/// The text field whose placeholder is `hint`.
pub fn field<'a>(
    h: &'a Harness<'static, DossierApp>,
    hint: &'static str,
) -> egui_kittest::Node<'a> {
    h.get_by(move |n| n.placeholder() == Some(hint))
}

pub fn open_document(h: &mut Harness<'static, DossierApp>, filter: &str, title: &str) {
    let field = field(h, "Filter documents (Ctrl+L)");
    field.focus();
    field.type_text(filter);
    h.run();
    h.get_by_label(title).click();
    h.run();
    let current = h.state().current_document().expect("a document is open");
    assert_eq!(current.title, title);
}

/// Opens the map (Ctrl+5), clicks the place whose name is `place` and waits until its
/// mentions are listed ("Mention in …"), as a person looking for where a place is named.
pub fn list_mentions_of_place(h: &mut Harness<'static, DossierApp>, place: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Num5);
    h.step();
    assert_eq!(h.state().central_view(), dossier::app::CentralView::Map);
    let label = format!("Place: {place}, ");
    step_until_drawn(h, &label);
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with(&label)))
        .click();
    h.step();
    h.step();
    step_until_drawn(h, "Mention in ");
}

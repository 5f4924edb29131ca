//! The window (egui). It reads core state, draws it, and turns what the user does into
//! [`Action`]s, applied once per frame in [`handle`](DossierApp::handle); the research
//! logic stays in the core modules.
//!
//! Frame: drain finished background jobs, answer shortcuts, apply queued actions, draw the
//! panels (which queue more actions), apply those, update the title, write a recovery copy
//! when one is due.

pub mod actions;
mod computed;
mod entity_view;
mod handle;
mod jobs;
pub mod layout;
pub mod panels;
pub mod reader;
mod search_view;
pub mod services;
pub mod state;
pub mod theme;
mod view;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::corpus::Document;
use crate::project::recovery::{Recovery, RecoveryStore};
use crate::session::Session;

pub use actions::{Action, CentralView, LeftTab, SideTab, UiCommand};
use jobs::Jobs;
use services::{Clock, Dialogs, NativeDialogs, SystemClock};
use state::{Derived, Modal, Prefs, UiState};

/// How often a recovery copy is written while there are unsaved changes.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(60);

/// What the app is started with; tests replace the dialogs, the clock and the data folder.
pub struct AppConfig {
    /// A folder or project to open at start.
    pub open: Option<PathBuf>,
    pub dialogs: Arc<dyn Dialogs>,
    pub clock: Arc<dyn Clock>,
    /// Where recovery copies, the entity cache and the text cache go (`None`: nowhere;
    /// the real application's is eframe's data folder for Dossier, which
    /// [`crate::fs::data_dir`] names for the command line too).
    pub data_dir: Option<PathBuf>,
    /// The folder holding the sample project (`sample.dossier.ron`).
    pub sample_dir: PathBuf,
    /// Read and write preferences through eframe storage.
    pub persist_prefs: bool,
    /// The coder's name when the preferences are not read from storage (a test's user who
    /// gave it earlier); `None` asks it at the first annotation.
    pub coder: Option<String>,
    /// The `tesseract` program for OCR (`None`: `$DOSSIER_TESSERACT`, else `PATH`'s).
    pub tesseract: Option<PathBuf>,
}

impl AppConfig {
    /// The configuration of the real application.
    pub fn native(open: Option<PathBuf>) -> Self {
        Self {
            open,
            dialogs: Arc::new(NativeDialogs),
            clock: Arc::new(SystemClock),
            data_dir: eframe::storage_dir(APP_ID),
            sample_dir: sample_dir(),
            persist_prefs: true,
            coder: None,
            tesseract: None,
        }
    }
}

const APP_ID: &str = "Dossier";

/// The sample folder: beside the executable's source tree when run with cargo, else in the
/// working directory.
fn sample_dir() -> PathBuf {
    let built = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    if built.is_dir() {
        built
    } else {
        PathBuf::from("sample_data")
    }
}

/// Opens the native window on `path` (a folder or a project file), or on the welcome
/// screen.
pub fn run_native(path: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Dossier")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([layout::WINDOW_MIN_WIDTH, 520.0])
            .with_app_id("dossier")
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    let config = AppConfig::native(path);
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(DossierApp::new(cc, config)))),
    )
}

/// The application.
pub struct DossierApp {
    session: Option<Session>,
    prefs: Prefs,
    ui: UiState,
    derived: Derived,
    jobs: Jobs,
    config: AppConfig,
    recovery: Option<RecoveryStore>,
    /// A recovery copy offered to the user, waiting for an answer.
    pending_recovery: Option<Recovery>,
    actions: Vec<Action>,
    entities: entity_view::EntityView,
    reader_cache: view::ReaderCache,
    search: search_view::SearchView,
}

impl DossierApp {
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        theme::setup_fonts(&cc.egui_ctx);
        theme::setup_style(&cc.egui_ctx);
        let prefs = if config.persist_prefs {
            cc.storage
                .and_then(|s| eframe::get_value::<Prefs>(s, "prefs"))
                .unwrap_or_default()
                .sanitised()
        } else {
            Prefs {
                coder: config.coder.clone(),
                ..Prefs::default()
            }
        };
        let entity_cache = config.data_dir.as_ref().map(|d| d.join("entity-cache"));
        let mut jobs = Jobs::new(cc.egui_ctx.clone(), config.data_dir.as_deref());
        // OCR results are kept beside the entity cache; pages are read by the OCR job,
        // never while a folder opens.
        jobs.load_options.ocr.cache_dir = config.data_dir.as_ref().map(|d| d.join("ocr-cache"));
        if config.tesseract.is_some() {
            jobs.load_options.ocr.program = config.tesseract.clone();
        }
        let mut app = Self {
            session: None,
            prefs,
            ui: UiState::default(),
            derived: Derived::default(),
            jobs,
            recovery: config
                .data_dir
                .as_ref()
                .map(|d| RecoveryStore::new(d.join("recovery"))),
            config,
            pending_recovery: None,
            actions: Vec::new(),
            entities: entity_view::EntityView::cached_in(entity_cache),
            reader_cache: view::ReaderCache::default(),
            search: search_view::SearchView::default(),
        };
        app.apply_theme(&cc.egui_ctx);
        if let Some(path) = app.config.open.clone() {
            app.actions.push(Action::OpenPath(path));
        }
        app
    }

    // ---- read access for tests and the title ---------------------------------------------

    /// The open session, if any.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// True while scanned pages are being read (OCR).
    pub fn reading_scans(&self) -> bool {
        self.jobs.ocr.is_some()
    }

    /// True while a folder or project is being opened or a save runs.
    pub fn is_busy(&self) -> bool {
        self.jobs.busy()
    }

    /// The document shown in the reader.
    pub fn current_document(&self) -> Option<&Arc<Document>> {
        let session = self.session.as_ref()?;
        session.document(self.ui.current_doc?)
    }

    /// The dialog over the window, if any.
    pub fn modal(&self) -> Option<&Modal> {
        self.ui.modal.as_ref()
    }

    /// The reader's selection (chars of the current document).
    pub fn selection(&self) -> Option<Range<usize>> {
        self.ui.reader.selected_range()
    }

    /// Whether the reader shows the document's pages (the page view) rather than its text.
    pub fn showing_pages(&self) -> bool {
        self.ui.reader.pages.on
    }

    /// How many pages the page view holds drawn (as textures).
    pub fn pages_drawn(&self) -> usize {
        self.ui.reader.pages.drawn()
    }

    /// How many region thumbnails are held drawn (annotation cards, coded passages).
    pub fn region_thumbs(&self) -> usize {
        self.ui.thumbs.len()
    }

    /// The region drawn on a page, waiting to be annotated.
    pub fn pending_region(&self) -> Option<crate::project::PageRegion> {
        self.ui.reader.region
    }

    /// Entity kinds whose highlighting is off.
    pub fn hidden_entity_kinds(&self) -> &std::collections::BTreeSet<crate::entities::EntityKind> {
        &self.prefs.hidden_entity_kinds
    }

    /// The window title as last sent.
    pub fn window_title(&self) -> &str {
        &self.ui.window_title
    }

    /// Entity kinds highlighted in the reader now.
    pub fn highlighted_entity_kinds(
        &self,
    ) -> std::collections::BTreeSet<crate::entities::EntityKind> {
        self.reader_cache.visible.iter().map(|m| m.kind).collect()
    }

    /// How many entity highlights the reader shows now.
    pub fn highlighted_entity_marks(&self) -> usize {
        self.reader_cache.visible.len()
    }

    /// The corpus's entity index, once built.
    pub fn entity_index(&self) -> Option<&Arc<crate::entities::EntityIndex>> {
        self.entities.index.as_ref()
    }

    /// True while entities are being recognised.
    pub fn recognising_entities(&self) -> bool {
        self.entities.pending()
    }

    /// Opens a document of the corpus and shows (and selects) a char range of it, as a
    /// click on a search hit does.
    pub fn reveal(&mut self, document: &str, range: Range<usize>) {
        self.actions.push(Action::Reveal {
            document: document.to_owned(),
            range,
        });
    }

    /// Makes a change to the project as the menus do (for tests and benches: what an edit
    /// costs the next frame).
    pub fn edit_project(&mut self, command: crate::project::Command) {
        self.actions.push(Action::edit(command));
    }

    /// Puts `corpus` in the place of the open session's, as a reload of the folder does
    /// (for tests and benches: a corpus made in memory, such as a mailbox's parts).
    pub fn replace_corpus(&mut self, corpus: crate::corpus::Corpus) {
        let Some(session) = &mut self.session else {
            return;
        };
        session.corpus = corpus;
        self.corpus_replaced(None);
    }

    /// Matches of the last corpus search (`None` before a search has finished).
    pub fn search_hits(&self) -> Option<usize> {
        self.search.results.as_ref().map(|r| r.total_hits)
    }

    /// What the central area shows.
    pub fn central_view(&self) -> CentralView {
        self.ui.central
    }

    /// True while the timeline, the map, the network or the agreement view computes its data
    /// on a worker.
    pub fn views_computing(&self) -> bool {
        self.ui.timeline.computing()
            || self.ui.map.computing()
            || self.ui.network.computing()
            || self.ui.agreement.computing()
    }

    /// The coder's name of the preferences.
    pub fn coder(&self) -> Option<&str> {
        self.prefs.coder.as_deref()
    }

    /// The selected annotation.
    pub fn selected_annotation(&self) -> Option<crate::project::AnnotationId> {
        self.ui.selected_annotation
    }

    /// Widths of the left panel, the central view and the right panel (0 when not shown)
    /// as last drawn.
    pub fn panel_widths(&self) -> (f32, f32, f32) {
        self.ui.panel_widths
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            actions::ThemeChoice::System => egui::ThemePreference::System,
            actions::ThemeChoice::Light => egui::ThemePreference::Light,
            actions::ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    fn now(&self) -> jiff::Timestamp {
        self.config.clock.now()
    }

    /// Writes a recovery copy when changes have been unsaved for a while (on a thread).
    fn recovery_tick(&mut self) {
        let (Some(store), Some(session)) = (&self.recovery, &self.session) else {
            return;
        };
        // Nothing to recover while the only changes are what opening re-anchored, or a
        // backup opened as it is: opening it again does the same.
        let history = &session.workspace.history;
        let edited = history.can_undo()
            || !(session.unsaved_from_opening || session.workspace.is_from_backup());
        // Work the user chose to discard is not recovered (until they change it again).
        let discarded = self.ui.recovery_discarded_at == Some(history.state());
        if !session.workspace.is_dirty() || !edited || discarded {
            return;
        }
        let due = self
            .ui
            .recovery_written_at
            .is_none_or(|t| t.elapsed() >= RECOVERY_INTERVAL);
        if !due {
            return;
        }
        self.ui.recovery_written_at = Some(Instant::now());
        let Some(key) = recovery_key(session) else {
            return;
        };
        let store = store.clone();
        let ticket = store.ticket();
        let project = session.workspace.project.clone();
        std::thread::spawn(move || {
            if let Err(err) = store.write_unless_removed(ticket, &key, &project) {
                eprintln!("dossier: cannot write the recovery copy: {err}");
            }
        });
    }
}

/// The path that identifies a session's recovery copy: its project file, else its corpus.
fn recovery_key(session: &Session) -> Option<PathBuf> {
    session
        .workspace
        .path
        .clone()
        .or_else(|| session.workspace.project.corpus_root.clone())
}

impl eframe::App for DossierApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.poll_jobs();
        self.entities.update(self.session.as_ref(), &ctx);
        self.search
            .update(self.session.as_ref().map(|s| &s.corpus), &ctx);
        self.close_requested(&ctx);
        self.dropped_files(&ctx);
        self.shortcuts(&ctx);
        self.apply_actions(&ctx);
        self.draw(ui);
        self.apply_actions(&ctx);
        self.follow_ocr_languages();
        self.update_title(&ctx);
        self.recovery_tick();
        if self.jobs.busy() || self.entities.pending() || self.search.searching() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.config.persist_prefs {
            eframe::set_value(storage, "prefs", &self.prefs);
        }
    }
}

#[cfg(test)]
mod tests {
    /// The command line finds the caches the window wrote (the text cache, issue 22).
    #[test]
    fn the_command_line_and_the_window_share_the_data_folder() {
        assert_eq!(
            super::AppConfig::native(None).data_dir,
            crate::fs::data_dir()
        );
        assert!(crate::fs::data_dir().is_some(), "a home folder on CI");
    }
}

//! Work that must not freeze the window: opening a folder or project (loading the corpus,
//! re-anchoring), saving, writing recovery copies, and native dialogs. Each runs on its own
//! thread and reports back through a channel that the app drains once per frame.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use crate::corpus::watch::CorpusWatch;
use crate::corpus::{Document, LoadObserver, LoadOptions, LoadStatus, PartsProgress, Skipped};
use crate::project::{Project, ProjectFileError, file};
use crate::session::merge_copy::{MergeCopyError, PreparedMerge};
use crate::session::{OpenError, OpenTarget, Reload, ReloadRequest, Session};

use super::actions::{Action, DialogPurpose};
use super::services::{DialogRequest, Dialogs};

/// A finished job.
pub enum JobDone {
    Opened {
        target: OpenTarget,
        result: Result<Box<Session>, OpenError>,
        cancelled: bool,
    },
    Saved {
        path: PathBuf,
        /// The history state that was saved.
        state: u64,
        result: Result<(), ProjectFileError>,
        /// What to do once saved (quit, open another project...).
        then: Option<Box<Action>>,
    },
    Dialog {
        /// What was asked (to ask again for a typed path when no dialog could be shown).
        request: DialogRequest,
        answer: super::services::DialogAnswer,
        then: DialogPurpose,
    },
    Exported(Result<crate::export::ExportSummary, JobError>),
    /// The timeline written: how many statements, and where.
    TimelineExported(Result<(usize, PathBuf), JobError>),
    Imported(Result<crate::import::qdpx::ImportReport, JobError>),
    /// The corpus folder read again; `asked` when the user asked for it (File > Reload
    /// Corpus), not the folder watcher.
    Reloaded {
        result: Result<Box<Reload>, OpenError>,
        asked: bool,
    },
    /// A colleague's copy read and merged into a snapshot of the project taken at history
    /// state `state`, ready for its summary.
    MergePrepared {
        state: u64,
        result: Result<Box<PreparedMerge>, MergeCopyError>,
    },
    /// An OCR pass over the corpus in `root` ended: `pages` read into the OCR cache.
    OcrDone {
        root: PathBuf,
        pages: usize,
        cancelled: bool,
    },
    /// Tesseract looked for (`tesseract --version`, `--list-langs`): what it can read, or
    /// why there is none.
    TesseractFound(Result<crate::corpus::ocr::Tesseract, String>),
}

/// Progress of an OCR pass, shared with its worker threads.
pub struct OcrProgress {
    pub total: AtomicUsize,
    pub done: AtomicUsize,
    pub cancel: AtomicBool,
    pub started: std::time::Instant,
}

impl OcrProgress {
    /// Pages done, to do, seconds so far.
    pub fn now(&self) -> crate::corpus::ocr::Progress {
        crate::corpus::ocr::Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            elapsed: self.started.elapsed().as_secs_f64(),
        }
    }
}

/// Progress of a corpus load, shared with the loading thread.
#[derive(Default)]
pub struct LoadProgress {
    pub total: AtomicUsize,
    pub loaded: AtomicUsize,
    pub skipped: AtomicUsize,
    pub cancel: AtomicBool,
    /// Documents read so far, for the list to show while the rest loads.
    pub arrived: Mutex<Vec<Arc<Document>>>,
    /// The mailbox being read, if one is: its messages and attachments read so far.
    pub parts: Mutex<Option<PartsProgress>>,
    /// When the load started, for the time left.
    started: Option<std::time::Instant>,
    repaint: Option<egui::Context>,
}

impl LoadObserver for LoadProgress {
    fn found(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.request_repaint();
    }
    fn loaded(&self, doc: &Arc<Document>) {
        self.loaded.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut arrived) = self.arrived.lock() {
            arrived.push(doc.clone());
        }
        self.request_repaint();
    }
    fn skipped(&self, _skipped: &Skipped) {
        self.skipped.fetch_add(1, Ordering::Relaxed);
    }
    fn reading_parts(&self, _file: &str, progress: &PartsProgress) {
        if let Ok(mut parts) = self.parts.lock() {
            *parts = Some(*progress);
        }
        self.request_repaint();
    }
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl LoadProgress {
    fn request_repaint(&self) {
        if let Some(ctx) = &self.repaint {
            ctx.request_repaint();
        }
    }

    /// What the load has done so far: files, a mailbox's messages and attachments, time.
    pub fn status(&self) -> LoadStatus {
        LoadStatus {
            files: self.total.load(Ordering::Relaxed),
            done: self.loaded.load(Ordering::Relaxed) + self.skipped.load(Ordering::Relaxed),
            parts: self.parts.lock().ok().and_then(|p| *p),
            elapsed: self.started.map_or(0.0, |s| s.elapsed().as_secs_f64()),
        }
    }
}

/// The running jobs and the channel their results come back on.
pub struct Jobs {
    tx: Sender<JobDone>,
    rx: Receiver<JobDone>,
    ctx: egui::Context,
    /// The load in progress, if any.
    pub loading: Option<(OpenTarget, Arc<LoadProgress>)>,
    /// A save in progress.
    pub saving: bool,
    /// A dialog is open (only one at a time).
    pub dialog_open: bool,
    /// An export or import runs.
    pub exporting: bool,
    /// The corpus is being read again.
    pub reloading: bool,
    /// A colleague's copy is being read and merged.
    pub merging: bool,
    /// The folder changed again while it was being read: read it once more when done
    /// (`Some(true)` when the user asked for that reload, so that it gets its answer).
    pub reload_again: Option<bool>,
    /// Watches the open corpus folder; sets `corpus_changed` when files come, change or go.
    /// Filled by a worker (registering a watch on every folder of a large corpus takes
    /// time); a watch that arrives after the window moved on is dropped with its slot.
    watch: Arc<Mutex<Option<CorpusWatch>>>,
    corpus_changed: Arc<AtomicBool>,
    /// How the corpus is read: the text cache and the OCR cache of the app's data folder,
    /// when it has one, and the Tesseract to run.
    pub load_options: LoadOptions,
    /// The OCR pass running, if any.
    pub ocr: Option<Arc<OcrProgress>>,
    /// The corpus and count of pages needing OCR the last pass started by itself was for:
    /// not started again for the same (a cache that cannot be written would loop).
    pub ocr_started_for: Option<(PathBuf, usize)>,
    /// The user stopped OCR: it starts again only when asked.
    pub ocr_stopped: bool,
    /// The reload running was asked by an OCR pass's end (its new documents are a toast).
    pub reload_after_ocr: bool,
    /// The OCR languages the open corpus was read in (the project's when it was opened or
    /// its scans last read again): a project that changes them reads its scans again.
    pub ocr_languages: Option<Vec<String>>,
    /// The OCR pass running reads scans again in other languages: the corpus is read
    /// again when it ends even if every page came from the cache.
    pub ocr_rereading: bool,
    /// The OCR pass running was stopped to start another in other languages.
    pub ocr_restart: bool,
    /// The reload running reads the scans read again in the project's new OCR languages:
    /// what it changes joins the language change's undo step.
    pub reload_after_language_change: bool,
    /// Tesseract as found (asked once, on a worker), `None` until then.
    pub tesseract: Option<Result<crate::corpus::ocr::Tesseract, String>>,
    /// Tesseract is being looked for.
    finding_tesseract: bool,
}

impl Jobs {
    pub fn new(ctx: egui::Context, data_dir: Option<&std::path::Path>) -> Self {
        let (tx, rx) = channel();
        Self {
            tx,
            rx,
            ctx,
            load_options: LoadOptions::cached_in(data_dir),
            loading: None,
            saving: false,
            dialog_open: false,
            exporting: false,
            reloading: false,
            merging: false,
            reload_again: None,
            watch: Arc::default(),
            corpus_changed: Arc::default(),
            ocr: None,
            ocr_started_for: None,
            ocr_stopped: false,
            reload_after_ocr: false,
            ocr_languages: None,
            ocr_rereading: false,
            reload_after_language_change: false,
            ocr_restart: false,
            tesseract: None,
            finding_tesseract: false,
        }
    }

    /// Results of finished jobs, in the order they finished.
    pub fn finished(&mut self) -> Vec<JobDone> {
        let done: Vec<JobDone> = self.rx.try_iter().collect();
        for d in &done {
            match d {
                JobDone::Opened { .. } => self.loading = None,
                JobDone::Saved { .. } => self.saving = false,
                JobDone::Dialog { .. } => self.dialog_open = false,
                JobDone::Exported(_) | JobDone::TimelineExported(_) | JobDone::Imported(_) => {
                    self.exporting = false
                }
                JobDone::Reloaded { .. } => self.reloading = false,
                JobDone::MergePrepared { .. } => self.merging = false,
                JobDone::OcrDone { .. } => self.ocr = None,
                JobDone::TesseractFound(found) => {
                    self.finding_tesseract = false;
                    self.tesseract = Some(found.clone());
                }
            }
        }
        done
    }

    /// True while any job runs (the app keeps repainting to show progress). Not an OCR
    /// pass: it runs for minutes beside the user's work and asks for a frame per page.
    pub fn busy(&self) -> bool {
        self.loading.is_some()
            || self.saving
            || self.dialog_open
            || self.exporting
            || self.reloading
            || self.merging
    }

    /// Reads the scanned pages of `files` (relative to the corpus at `root`) not yet in the
    /// OCR cache under `options` (the project's languages), one Tesseract per core, on
    /// worker threads; the window reloads the corpus when it ends. Does nothing while a
    /// pass runs.
    pub fn read_scans(&mut self, root: PathBuf, files: Vec<String>, options: LoadOptions) {
        if self.ocr.is_some() {
            return;
        }
        let progress = Arc::new(OcrProgress {
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            cancel: AtomicBool::new(false),
            started: std::time::Instant::now(),
        });
        self.ocr = Some(progress.clone());
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            use crate::corpus::ocr;
            let pages = survive(|| {
                let jobs = ocr::pages_to_do_in(&root, &files, &options);
                progress.total.store(jobs.len(), Ordering::Relaxed);
                ctx.request_repaint();
                let Ok(tess) = ocr::tesseract(options.ocr.program.as_deref()) else {
                    return 0;
                };
                let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
                let report = |done| {
                    progress.done.store(done, Ordering::Relaxed);
                    ctx.request_repaint();
                };
                let cancelled = || progress.cancel.load(Ordering::Relaxed);
                ocr::run_pages(&jobs, &tess, &options.ocr, threads, &report, &cancelled).len()
            })
            .unwrap_or(0);
            let cancelled = progress.cancel.load(Ordering::Relaxed);
            let _ = tx.send(JobDone::OcrDone {
                root,
                pages,
                cancelled,
            });
            ctx.request_repaint();
        });
    }

    /// Looks for Tesseract and its languages on a worker (once: the answer is kept in
    /// [`Jobs::tesseract`] and comes as [`JobDone::TesseractFound`]).
    pub fn find_tesseract(&mut self) {
        if self.tesseract.is_some() || self.finding_tesseract {
            return;
        }
        self.finding_tesseract = true;
        let program = self.load_options.ocr.program.clone();
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let found =
                survive(|| crate::corpus::ocr::tesseract(program.as_deref())).unwrap_or_else(Err);
            let _ = tx.send(JobDone::TesseractFound(found));
            ctx.request_repaint();
        });
    }

    /// Stops the OCR pass (pages read so far stay in the cache).
    pub fn cancel_ocr(&mut self) {
        if let Some(progress) = &self.ocr {
            progress.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Watches `root` (the open corpus) for files added, changed or removed, replacing the
    /// folder watched before; `None` stops watching. A folder that cannot be watched (some
    /// network file systems) is left to File > Reload Corpus.
    pub fn watch(&mut self, root: Option<&std::path::Path>) {
        self.watch = Arc::default();
        // A flag of the new watch's own: the old watch's thread, still waiting for its
        // folder to be quiet, cannot make the new project read its folder again.
        self.corpus_changed = Arc::default();
        self.reload_again = None;
        let Some(root) = root else {
            return;
        };
        let changed = self.corpus_changed.clone();
        let ctx = self.ctx.clone();
        let slot = self.watch.clone();
        let root = root.to_owned();
        std::thread::spawn(move || {
            match CorpusWatch::start(&root, move || {
                changed.store(true, Ordering::Relaxed);
                ctx.request_repaint();
            }) {
                Ok(watch) => {
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(watch);
                    }
                }
                Err(err) => eprintln!(
                    "dossier: cannot watch {} for changes ({err}); use File > Reload Corpus",
                    root.display()
                ),
            }
        });
    }

    /// True once after the watched folder changed (the watcher waits for it to be quiet).
    pub fn take_corpus_changed(&mut self) -> bool {
        self.corpus_changed.swap(false, Ordering::Relaxed)
    }

    /// Reads the corpus folder again in the background; when a reload already runs, once
    /// more after it.
    pub fn reload(&mut self, request: ReloadRequest, asked: bool) {
        if self.reloading {
            self.reload_again = Some(self.reload_again.unwrap_or(false) || asked);
            return;
        }
        self.reloading = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let options = self.load_options.clone();
        std::thread::spawn(move || {
            let result = survive(|| request.run(&options, &()))
                .unwrap_or_else(|bug| Err(OpenError::Internal(bug)))
                .map(Box::new);
            let _ = tx.send(JobDone::Reloaded { result, asked });
            ctx.request_repaint();
        });
    }

    /// Opens a folder or project in the background, cancelling a load already running.
    pub fn open(&mut self, target: OpenTarget) {
        self.cancel_load();
        let progress = Arc::new(LoadProgress {
            repaint: Some(self.ctx.clone()),
            started: Some(std::time::Instant::now()),
            ..LoadProgress::default()
        });
        self.loading = Some((target.clone(), progress.clone()));
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        let options = self.load_options.clone();
        std::thread::spawn(move || {
            let result = survive(|| Session::open(&target, &options, progress.as_ref()))
                .unwrap_or_else(|bug| Err(OpenError::Internal(bug)))
                .map(Box::new);
            let cancelled = progress.cancel.load(Ordering::Relaxed);
            let _ = tx.send(JobDone::Opened {
                target,
                result,
                cancelled,
            });
            ctx.request_repaint();
        });
    }

    /// Asks the running load to stop.
    pub fn cancel_load(&mut self) {
        if let Some((_, progress)) = self.loading.take() {
            progress.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// Saves a snapshot of the project in the background.
    pub fn save(&mut self, project: Project, path: PathBuf, state: u64, then: Option<Action>) {
        self.saving = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            // The file on disk is replaced only by a complete, synced temporary file, so a
            // failure at any point leaves the previous version whole.
            let result = survive(|| file::save(&project, &path)).unwrap_or_else(|bug| {
                Err(ProjectFileError::Serialize(format!(
                    "internal error ({bug})"
                )))
            });
            let _ = tx.send(JobDone::Saved {
                path,
                state,
                result,
                then: then.map(Box::new),
            });
            ctx.request_repaint();
        });
    }

    /// Exports in the background (the project and corpus are snapshots).
    pub fn export(
        &mut self,
        format: crate::export::ExportFormat,
        project: Project,
        corpus: crate::corpus::Corpus,
        path: PathBuf,
    ) {
        self.exporting = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result =
                survive_job(|| Ok(crate::export::write(format, &project, &corpus, &path)?));
            let _ = tx.send(JobDone::Exported(result));
            ctx.request_repaint();
        });
    }

    /// Writes the timeline in the background: statements from the entity index, the
    /// possible conflicts the project has not dismissed marked.
    pub fn export_timeline(
        &mut self,
        format: crate::analysis::timeline_export::TimelineFormat,
        index: std::sync::Arc<crate::entities::EntityIndex>,
        corpus: crate::corpus::Corpus,
        dismissed: std::collections::BTreeSet<String>,
        path: PathBuf,
    ) {
        self.exporting = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = survive_job(|| {
                let timeline = crate::analysis::dated::Timeline::build(&index, &corpus);
                let conflicts: Vec<_> = timeline.open_conflicts(&dismissed).cloned().collect();
                let all = &timeline.statements;
                let text =
                    crate::analysis::timeline_export::write(format, all, &conflicts, &corpus)?;
                crate::fs::write_atomically(&path, text.as_bytes(), false).map_err(|source| {
                    JobError::Write {
                        path: path.clone(),
                        source,
                    }
                })?;
                Ok((all.len(), path))
            });
            let _ = tx.send(JobDone::TimelineExported(result));
            ctx.request_repaint();
        });
    }

    /// Imports a REFI-QDA project into a folder in the background.
    pub fn import(&mut self, qdpx: PathBuf, into: PathBuf) {
        self.exporting = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result = survive_job(|| {
                Ok(crate::import::qdpx::import(
                    &qdpx,
                    &into,
                    Default::default(),
                )?)
            });
            let _ = tx.send(JobDone::Imported(result));
            ctx.request_repaint();
        });
    }

    /// Reads a colleague's copy at `path` and merges it into `ours` (a snapshot at history
    /// state `state`, saved at `ours_path`) in the background: a large project takes a
    /// moment to read and match.
    pub fn prepare_merge(
        &mut self,
        ours: Project,
        ours_path: Option<PathBuf>,
        state: u64,
        path: PathBuf,
    ) {
        self.merging = true;
        let tx = self.tx.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let result =
                survive(|| crate::session::merge_copy::prepare(&ours, ours_path.as_deref(), &path))
                    .unwrap_or_else(|bug| Err(MergeCopyError::Internal(bug)))
                    .map(Box::new);
            let _ = tx.send(JobDone::MergePrepared { state, result });
            ctx.request_repaint();
        });
    }

    /// Shows a native dialog without blocking the window (scripted dialogs answer at once).
    pub fn dialog(
        &mut self,
        dialogs: &Arc<dyn Dialogs>,
        request: DialogRequest,
        then: DialogPurpose,
    ) {
        if self.dialog_open {
            return;
        }
        self.dialog_open = true;
        let tx = self.tx.clone();
        if dialogs.answers_immediately() {
            let answer = dialogs.ask(&request);
            let _ = tx.send(JobDone::Dialog {
                request,
                answer,
                then,
            });
            return;
        }
        let dialogs = dialogs.clone();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let answer = survive(|| dialogs.ask(&request))
                .unwrap_or(super::services::DialogAnswer::Unavailable);
            let _ = tx.send(JobDone::Dialog {
                request,
                answer,
                then,
            });
            ctx.request_repaint();
        });
    }
}
/// Why an export or import in the background failed (shown to the user).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error(transparent)]
    Export(#[from] crate::export::ExportError),
    #[error(transparent)]
    TimelineExport(#[from] crate::analysis::timeline_export::TimelineExportError),
    #[error(transparent)]
    Import(#[from] crate::import::qdpx::ImportError),
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The work panicked (a bug), with the panic's message.
    #[error("internal error ({0})")]
    Panicked(String),
}

/// [`survive`] for work that fails with a [`JobError`]: a panic is one more.
fn survive_job<T>(work: impl FnOnce() -> Result<T, JobError>) -> Result<T, JobError> {
    survive(work).map_err(JobError::Panicked).and_then(|r| r)
}

/// Runs a job's work on its thread. A panic there is a bug, but it must not leave the
/// window waiting forever for a job that will never report back ("saving..." with Save
/// disabled, and unsaved work at risk): it becomes an error message for the user. The panic
/// itself is still printed by the default hook.
fn survive<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let detail = crate::corpus::formats::guard::panic_message(payload.as_ref());
        crate::text::shorten(&detail, 160)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_job_reports_an_error_instead_of_never_finishing() {
        assert_eq!(survive(|| 7), Ok(7));
        let failed: Result<(), String> = survive(|| panic!("index out of bounds: the len is 3"));
        assert_eq!(failed, Err("index out of bounds: the len is 3".to_owned()));
        let failed: Result<(), JobError> = survive_job(|| panic!("the len is 3"));
        assert_eq!(
            failed.map_err(|e| e.to_string()),
            Err("internal error (the len is 3)".to_owned())
        );
    }

    #[test]
    fn opening_a_mailbox_shows_its_messages_read_in_the_progress() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut mailbox = String::new();
        for i in 0..1500 {
            mailbox.push_str(&format!(
                "From x Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: Report {i}\n\nThe port, part {i}.\n\n"
            ));
        }
        std::fs::write(dir.path().join("inbox.mbox"), mailbox).expect("write");
        let progress = LoadProgress::default();
        crate::corpus::Corpus::load_with(dir.path(), &LoadOptions::default(), &progress)
            .expect("load");
        let status = progress.status();
        assert_eq!(status.parts.map(|p| p.messages), Some(1500));
        assert_eq!(
            status.parts_read().as_deref(),
            Some("1500 messages, 0 attachments read")
        );
        assert!(
            status.describe().starts_with("1 / 1 file"),
            "{}",
            status.describe()
        );
    }
}

//! Opening, saving, recovery copies and file dialogs.

use std::path::PathBuf;

use crate::app::actions::Action;
use crate::app::actions::DialogPurpose;
use crate::app::services::DialogRequest;
use crate::app::{DossierApp, recovery_key};
use crate::session::{OpenError, OpenTarget, Reload, Reloaded};

impl DossierApp {
    pub(super) fn ask(&mut self, request: DialogRequest, purpose: DialogPurpose) {
        let dialogs = self.config.dialogs.clone();
        self.jobs.dialog(&dialogs, request, purpose);
    }

    pub(super) fn open_path(&mut self, path: PathBuf) {
        match OpenTarget::of(&path) {
            Ok(target) => {
                self.flush_note();
                self.jobs.open(target);
            }
            Err(err) => self.ui.error("Cannot open", err.to_string()),
        }
    }

    pub(super) fn reset_view(&mut self) {
        let prefs_tab = self.prefs.side_tab;
        let toasts = std::mem::take(&mut self.ui.toasts);
        let allow_close = self.ui.allow_close;
        self.ui = Default::default();
        self.ui.toasts = toasts;
        self.ui.allow_close = allow_close;
        self.prefs.side_tab = prefs_tab;
        self.derived = Default::default();
        self.entities.reset();
        self.search.forget_results();
        self.reader_cache = Default::default();
    }

    // ---- saving --------------------------------------------------------------------------

    pub(super) fn save(&mut self, then: Option<Action>) {
        self.flush_note();
        let Some(session) = &self.session else {
            return;
        };
        match session.workspace.path.clone() {
            Some(path) => {
                let project = session.workspace.project.clone();
                let state = session.workspace.history.state();
                self.jobs.save(project, path, state, then);
            }
            None => self.save_as(then),
        }
    }

    pub(super) fn save_as(&mut self, then: Option<Action>) {
        self.flush_note();
        let Some(session) = &self.session else {
            return;
        };
        let suggested_name = session.workspace.suggested_file_name();
        let start_in = self.dialog_folder();
        self.ask(
            DialogRequest::SaveProject {
                suggested_name,
                start_in,
            },
            DialogPurpose::SaveAs {
                then: then.map(Box::new),
            },
        );
    }

    pub(super) fn remove_recovery(&mut self) {
        if let (Some(store), Some(session)) = (&self.recovery, &self.session)
            && let Some(key) = recovery_key(session)
        {
            let _ = store.remove(&key);
        }
        self.ui.recovery_written_at = None;
    }

    pub(super) fn remove_recovery_if_clean(&mut self) {
        if self
            .session
            .as_ref()
            .is_some_and(|s| !s.workspace.is_dirty())
        {
            self.remove_recovery();
        }
    }

    pub(super) fn restore_recovery(&mut self) {
        let (Some(store), Some(recovery)) = (&self.recovery, self.pending_recovery.take()) else {
            return;
        };
        let Some(session) = &mut self.session else {
            return;
        };
        match store.load(&recovery) {
            Ok(mut project) => {
                project.corpus_root = session.workspace.project.corpus_root.clone();
                let report = crate::project::reconcile(&mut project, &session.corpus);
                session.workspace.project = project;
                session.workspace.mark_external_change();
                session.unsaved_from_opening = false;
                session.reconcile = report;
                session.apply_titles();
                self.ui.toast("Unsaved work restored: save it to keep it");
            }
            Err(err) => self
                .ui
                .error("Cannot restore the unsaved work", err.to_string()),
        }
    }

    // ---- the corpus read again ------------------------------------------------------------

    /// Reads the corpus folder again (File > Reload Corpus when `asked`, else the folder
    /// watcher saw a change).
    pub(super) fn reload_corpus(&mut self, asked: bool) {
        // A note being typed becomes part of the snapshot the worker re-anchors.
        self.flush_note();
        if let Some(request) = self.session.as_ref().and_then(|s| s.reload_request()) {
            self.jobs.reload(request, asked);
        }
    }

    /// A reload finished: the corpus and the re-anchored annotations take its place, and
    /// what changed is said in the same summary as at open.
    pub(super) fn corpus_reloaded(&mut self, result: Result<Box<Reload>, OpenError>, asked: bool) {
        if let Some(again_asked) = self.jobs.reload_again.take() {
            self.reload_corpus(again_asked);
        }
        let after_language_change = std::mem::take(&mut self.jobs.reload_after_language_change);
        let mut reload = match result {
            Ok(reload) => reload,
            Err(err) => {
                self.ui
                    .error("The corpus folder could not be read again", err.to_string());
                return;
            }
        };

        let Some(session) = &mut self.session else {
            return;
        };
        if reload.root() != session.corpus.root {
            return; // Another project was opened meanwhile.
        }
        let current = self
            .ui
            .current_doc
            .and_then(|i| session.document(i))
            .map(|d| (d.path.clone(), d.hash.clone()));
        if after_language_change {
            reload.after_language_change();
        }
        match session.apply_reload(*reload) {
            Err(err) => self
                .ui
                .error("The annotations could not be re-anchored", err.to_string()),
            Ok(Reloaded::OtherSession) => {}
            Ok(Reloaded::Outdated) => self.reload_corpus(asked),
            Ok(Reloaded::Unchanged) => {
                if asked {
                    self.ui.toast("No document was added, changed or removed");
                }
            }
            Ok(Reloaded::Changed(changes)) => {
                self.corpus_replaced(current);
                let after_ocr = std::mem::take(&mut self.jobs.reload_after_ocr);
                if after_ocr && only_added(&changes) {
                    // Scans read by OCR: new documents, nothing coded touched.
                    self.ui.toast(format!(
                        "{} read from scanned pages",
                        crate::text::counted(
                            changes.added_documents.len(),
                            "document",
                            "documents"
                        )
                    ));
                } else {
                    self.ui.show_changes(*changes);
                }
            }
        }
    }

    /// After the corpus changed under the window: what was computed from the old one goes,
    /// the reader stays on its document (found by path) unless that document changed.
    pub(crate) fn corpus_replaced(
        &mut self,
        current: Option<(String, crate::corpus::ContentHash)>,
    ) {
        self.derived = Default::default();
        self.entities.reset();
        self.search.forget_results();
        self.reader_cache = Default::default();
        self.ui.agreement.reset();
        let list = std::mem::take(&mut self.ui.doc_list);
        self.ui.doc_list.filter = list.filter;
        self.ui.doc_list.sort = list.sort;
        let Some(session) = &self.session else {
            return;
        };
        // A passage being annotated is kept only where the new text still holds it: its
        // range counts chars of the text it was selected in.
        let draft_holds = self.ui.annotations.draft.as_ref().is_none_or(|draft| {
            session
                .corpus
                .index_of(&draft.document)
                .and_then(|i| session.document(i))
                .and_then(|d| d.text.slice(draft.range.clone()))
                == Some(draft.quote.as_str())
        });
        if !draft_holds {
            self.ui.annotations.draft = None;
            self.ui
                .toast("The document being annotated changed on disk: select the passage again");
        }
        let (index, same_text) = match &current {
            Some((path, hash)) => {
                let index = session.corpus.index_of(path);
                let same = index
                    .and_then(|i| session.document(i))
                    .is_some_and(|d| &d.hash == hash);
                (index, same)
            }
            None => (None, false),
        };
        if !same_text {
            self.ui.reader = Default::default();
        }
        self.ui.current_doc = index.or_else(|| (!session.corpus.documents.is_empty()).then_some(0));
        self.ui.doc_list.reveal_current();
    }

    // ---- background jobs -----------------------------------------------------------------

    pub(super) fn dialog_answered(&mut self, path: PathBuf, purpose: DialogPurpose) {
        match purpose {
            DialogPurpose::Open => {
                // Unsaved changes were confirmed before the dialog opened.
                self.open_path(path);
            }
            DialogPurpose::SaveAs { then } => {
                let path = crate::app::services::with_project_extension(path);
                // The folder key of a never-saved project gives way to the file.
                self.remove_recovery();
                if let Some(session) = &self.session {
                    let project = session.workspace.project.clone();
                    let state = session.workspace.history.state();
                    self.jobs.save(project, path, state, then.map(|b| *b));
                }
            }
            DialogPurpose::Export(format) => {
                self.flush_note();
                if let Some(session) = &self.session {
                    let path = with_extension(path, format.extension());
                    self.jobs.export(
                        format,
                        session.workspace.project.clone(),
                        session.corpus.clone(),
                        path,
                    );
                }
            }
            DialogPurpose::ExportTimeline(format) => {
                let index = self.entities.index.clone();
                match (&self.session, index) {
                    (Some(session), Some(index)) => {
                        let path = with_extension(path, format.extension());
                        self.jobs.export_timeline(
                            format,
                            index,
                            session.corpus.clone(),
                            session.workspace.project.dismissed_conflicts.clone(),
                            path,
                        );
                    }
                    (Some(_), None) => self.ui.error(
                        "The timeline cannot be exported yet",
                        "The entities of the documents are still being recognised; try again \
                         when they are."
                            .to_owned(),
                    ),
                    _ => {}
                }
            }
            DialogPurpose::ImportChooseFile => {
                // Asked right after the file: where its texts and project go.
                self.ask(
                    DialogRequest::PickImportFolder,
                    DialogPurpose::ImportInto(path),
                );
            }
            DialogPurpose::ImportInto(qdpx) => self.jobs.import(qdpx, path),
            DialogPurpose::Merge => self.prepare_merge(path),
        }
    }

    /// Asks where to save an export of `what`, named after the project (plus `suffix`),
    /// outside the corpus (`export::suggested_folder`); nothing without an open project.
    pub(super) fn ask_export(
        &mut self,
        what: &'static str,
        extension: &'static str,
        suffix: &str,
        purpose: DialogPurpose,
    ) {
        let Some(session) = &self.session else {
            return;
        };
        let suggested_name = format!("{}{suffix}", session.workspace.suggested_file_name());
        let start_in = crate::export::suggested_folder(
            session.workspace.path.as_deref(),
            session.workspace.project.corpus_root.as_deref(),
        )
        .map(|p| crate::fs::without_dot_steps(&p));
        self.ask(
            DialogRequest::SaveExport {
                what,
                extension,
                suggested_name,
                start_in,
            },
            purpose,
        );
    }

    /// Where save and export dialogs open: the project file's folder, else the corpus
    /// (without `.` steps: `sample2/.` would be suggested as `sample2/./name`).
    pub(super) fn dialog_folder(&self) -> Option<PathBuf> {
        let session = self.session.as_ref()?;
        session
            .workspace
            .path
            .as_ref()
            .and_then(|p| p.parent().map(std::path::Path::to_path_buf))
            .filter(|p| !p.as_os_str().is_empty())
            .or_else(|| session.workspace.project.corpus_root.clone())
            .map(|p| crate::fs::without_dot_steps(&p))
    }
}

/// `path` with the extension `ext` (added when the user typed a name without it).
fn with_extension(path: PathBuf, ext: &str) -> PathBuf {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
    {
        path
    } else {
        let mut s = path.into_os_string();
        s.push(".");
        s.push(ext);
        PathBuf::from(s)
    }
}

/// True when a reload only added documents (what an OCR pass does).
fn only_added(changes: &crate::project::ChangesSinceSave) -> bool {
    changes.moved.is_empty()
        && changes.wording_changed.is_empty()
        && changes.orphaned.is_empty()
        && changes.missing_documents.is_empty()
        && changes.renamed.is_empty()
        && changes.changed_documents.is_empty()
        && changes.removed_documents.is_empty()
}

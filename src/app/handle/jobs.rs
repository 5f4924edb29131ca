//! Background work that finished: opened, saved, exported, imported, dialogs answered.

use std::path::PathBuf;
use std::time::Instant;

use crate::app::actions::Action;
use crate::app::jobs::{JobDone, JobError};
use crate::app::services::DialogAnswer;
use crate::app::state::Modal;
use crate::app::{DossierApp, recovery_key};
use crate::export::ExportSummary;
use crate::import::qdpx::ImportReport;
use crate::session::{OpenError, OpenTarget, Session};
use crate::text::counted;

impl DossierApp {
    pub(in crate::app) fn poll_jobs(&mut self) {
        if self.jobs.take_corpus_changed() {
            self.reload_corpus(false);
        }
        for done in self.jobs.finished() {
            match done {
                JobDone::Opened {
                    target,
                    result,
                    cancelled,
                } => {
                    if cancelled {
                        continue;
                    }
                    match result {
                        Ok(session) => {
                            // The corpus was read in the project's OCR languages.
                            self.jobs.ocr_languages =
                                session.workspace.project.ocr_languages.clone();
                            self.opened(target, *session);
                            self.read_scanned_pages(false);
                        }
                        Err(OpenError::Project(
                            err @ crate::project::ProjectFileError::Damaged { .. },
                        )) => {
                            let backup = match &err {
                                crate::project::ProjectFileError::Damaged { backup, .. } => {
                                    backup.clone()
                                }
                                _ => None,
                            };
                            self.ui.modal = Some(Modal::Damaged {
                                message: err.to_string(),
                                backup,
                            });
                        }
                        Err(err) => self.ui.error("Cannot open", err.to_string()),
                    }
                }
                JobDone::Saved {
                    path,
                    state,
                    result,
                    then,
                } => match result {
                    Ok(()) => {
                        self.remove_recovery();
                        if let Some(session) = &mut self.session {
                            session.workspace.mark_saved_state(path.clone(), state);
                            session.unsaved_from_opening = false;
                        }
                        self.remove_recovery();
                        self.ui.saved_at = Some(Instant::now());
                        self.prefs.remember(path.clone());
                        let name = path
                            .file_name()
                            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                        self.ui.toast(format!("Saved {name}"));
                        if let Some(then) = then {
                            self.actions.push(Action::Discarded(then));
                        }
                    }
                    Err(err) => self.ui.error(
                        "The project could not be saved",
                        format!(
                            "{err}. Your changes are still open; try Save As… to another folder."
                        ),
                    ),
                },
                JobDone::Dialog {
                    request,
                    answer,
                    then,
                } => match answer {
                    DialogAnswer::Chosen(path) => self.dialog_answered(path, then),
                    DialogAnswer::Cancelled => {}
                    DialogAnswer::Unavailable => {
                        let text = request
                            .suggested_path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default();
                        self.ui.modal = Some(Modal::TypePath {
                            title: request.title(),
                            text,
                            then,
                        });
                    }
                },
                JobDone::Exported(result) => self.exported(result),
                JobDone::TimelineExported(result) => self.timeline_exported(result),
                JobDone::Imported(result) => self.imported(result),
                JobDone::Reloaded { result, asked } => {
                    self.corpus_reloaded(result, asked);
                    self.read_scanned_pages(false);
                }
                JobDone::MergePrepared { state, result } => self.merge_prepared(state, result),
                JobDone::OcrDone {
                    root,
                    pages,
                    cancelled,
                } => self.ocr_done(&root, pages, cancelled),
                JobDone::TesseractFound(_) => self.tesseract_found(),
            }
        }
    }

    /// An export finished: a toast, its remarks if any, or what went wrong.
    fn exported(&mut self, result: Result<ExportSummary, JobError>) {
        match result {
            Ok(summary) => {
                let name = summary
                    .path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.ui.toast(format!(
                    "Exported {} to {name}",
                    counted(summary.annotations, "annotation", "annotations")
                ));
                if !summary.warnings.is_empty() {
                    self.ui.modal = Some(Modal::Report {
                        title: format!("Exported to {name}, with remarks"),
                        lines: summary.warnings,
                    });
                }
            }
            Err(err) => self.ui.error("The export failed", err.to_string()),
        }
    }

    /// The timeline written: how many statements and where, or what went wrong.
    fn timeline_exported(&mut self, result: Result<(usize, PathBuf), JobError>) {
        match result {
            Ok((statements, path)) => {
                let name = path
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
                self.ui.toast(format!(
                    "Exported {} to {name}",
                    counted(statements, "dated statement", "dated statements")
                ));
            }
            Err(err) => self.ui.error("The timeline export failed", err.to_string()),
        }
    }

    /// An import finished: what came in with its remarks, then the new project opens.
    fn imported(&mut self, result: Result<ImportReport, JobError>) {
        match result {
            Ok(report) => {
                let mut lines: Vec<String> = report
                    .mismatches
                    .iter()
                    .map(|m| format!("{}: {}", m.source, m.message))
                    .collect();
                lines.extend(report.remarks.iter().cloned());
                self.ui.toast(format!(
                    "Imported {}, {} and {}",
                    counted(report.documents.len(), "document", "documents"),
                    counted(report.tags, "tag", "tags"),
                    counted(report.annotations, "annotation", "annotations")
                ));
                if !lines.is_empty() {
                    self.ui.modal = Some(Modal::Report {
                        title: format!("Imported “{}”, with remarks", report.name),
                        lines,
                    });
                }
                self.actions.push(Action::OpenPath(report.project_file));
            }
            Err(err) => self.ui.error("The import failed", err.to_string()),
        }
    }

    /// A path chosen in a file dialog (or typed when none could be shown).
    pub(super) fn opened(&mut self, target: OpenTarget, session: Session) {
        // A backup opens as an unsaved copy: not a project to offer again.
        if !matches!(target, OpenTarget::Backup(_)) {
            let remembered = target.path().to_owned();
            self.prefs
                .remember(remembered.canonicalize().unwrap_or(remembered));
        }
        let changes = session.reconcile.changes();
        let report = session.corpus.report_counts();
        self.session = Some(session);
        self.sync_coder();
        self.reset_view();
        // A project opened with merge conflicts (after a git merge) lists them at once.
        self.ui.merge.conflicts_open = self
            .session
            .as_ref()
            .is_some_and(|s| !s.workspace.project.merge_conflicts.is_empty());
        self.show_last_read_document();
        // Said once, plainly, in a dialog: what re-anchoring did to the researcher's
        // annotations since they last saved.
        if !changes.is_empty() {
            self.ui.modal = Some(Modal::Changes(changes));
        }
        if report.skipped > 0 {
            self.ui.toast(format!(
                "{} could not be read (File > Show Skipped Files)",
                counted(report.skipped, "file", "files")
            ));
        } else if report.notes > 0 {
            self.ui
                .toast(format!("{} (File > Show Skipped Files)", report.describe()));
        }
        if let OpenTarget::Folder(folder) = &target
            && self
                .session
                .as_ref()
                .is_some_and(|s| s.workspace.project.annotations.is_empty())
        {
            self.ui.folder_projects = crate::session::projects_in(folder);
        }
        self.offer_recovery();
        self.entities.reset();
        let root = self
            .session
            .as_ref()
            .and_then(|s| s.workspace.project.corpus_root.clone());
        self.jobs.watch(root.as_deref());
    }

    pub(super) fn offer_recovery(&mut self) {
        let (Some(store), Some(session)) = (&self.recovery, &self.session) else {
            return;
        };
        let Some(key) = recovery_key(session) else {
            return;
        };
        let saved_at = session
            .workspace
            .path
            .as_ref()
            .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        if let Some(found) = store.find(&key, saved_at) {
            let written = jiff::Timestamp::try_from(found.written)
                .map(crate::app::panels::annotations::short_time)
                .unwrap_or_else(|_| "recently".to_owned());
            self.pending_recovery = Some(found);
            self.ui.modal = Some(Modal::OfferRecovery { written });
        }
    }

    // ---- window events -------------------------------------------------------------------
}

//! Scanned pages read by OCR: the pass starts by itself when a corpus lists files that need
//! it and Tesseract is installed (or from File > Read Scanned Pages (OCR)), runs on worker
//! threads, and the corpus is read again when it ends so that the documents appear. A
//! project whose OCR languages change (Project > OCR Languages…, undo, redo) reads its
//! scans again in them, the documents staying as they were until the pass ends.

use std::path::Path;

use crate::app::DossierApp;
use crate::app::state::Modal;
use crate::corpus::ocr;
use crate::corpus::{SkipReason, Skipped};
use crate::session::load_options_for;
use crate::text::counted;

impl DossierApp {
    /// Starts an OCR pass over the files the open corpus lists as needing OCR; `asked`:
    /// the user asked for it (else it starts by itself, once for the same work).
    pub(super) fn read_scanned_pages(&mut self, asked: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let skipped = &session.corpus.report.skipped;
        let pages: usize = skipped
            .iter()
            .map(|s| match s.reason {
                SkipReason::NeedsOcr { pages } => pages,
                _ => 0,
            })
            .sum();
        let files = ocr::waiting_files(skipped);
        if files.is_empty() {
            if asked {
                self.ui.toast(no_scans_waiting(skipped));
            }
            return;
        }
        let root = session.corpus.root.clone();
        let work = (root.clone(), pages);
        if !asked && (self.jobs.ocr_stopped || self.jobs.ocr_started_for.as_ref() == Some(&work)) {
            return;
        }
        let options = load_options_for(&session.workspace.project, &self.jobs.load_options);
        self.jobs.ocr_stopped = false;
        self.jobs.ocr_started_for = Some(work);
        self.jobs.read_scans(root, files, options);
    }

    /// Reads the scans again when the project's OCR languages are no longer those the
    /// corpus was read in: the files OCR read and those waiting for it, in the new
    /// languages (pages already in the cache in them are not read again), then the corpus.
    pub(in crate::app) fn follow_ocr_languages(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let wanted = &session.workspace.project.ocr_languages;
        if *wanted == self.jobs.ocr_languages {
            return;
        }
        if self.jobs.ocr.is_some() {
            // A pass in the old languages: stopped, and started again when it ends.
            self.jobs.ocr_restart = true;
            self.jobs.cancel_ocr();
            return;
        }
        self.jobs.ocr_languages = wanted.clone();
        let corpus = &session.corpus;
        // An exact copy elsewhere is the same file's bytes as often as not, whose pages the
        // cache then holds; one that is not waits for OCR after the reload.
        let mut files: Vec<String> = corpus
            .documents
            .iter()
            .filter(|d| d.parent.is_none() && ocr::read_by_ocr(&d.encoding))
            .map(|d| d.path.clone())
            .collect();
        files.extend(ocr::waiting_files(&corpus.report.skipped));
        if files.is_empty() {
            return;
        }
        let options = load_options_for(&session.workspace.project, &self.jobs.load_options);
        self.jobs.ocr_stopped = false;
        self.jobs.ocr_rereading = true;
        self.jobs.read_scans(corpus.root.clone(), files, options);
    }

    /// An OCR pass ended: the corpus is read again so that the pages read appear.
    pub(super) fn ocr_done(&mut self, root: &Path, pages: usize, cancelled: bool) {
        let rereading = std::mem::take(&mut self.jobs.ocr_rereading);
        if std::mem::take(&mut self.jobs.ocr_restart) {
            // Stopped for a change of languages: `follow_ocr_languages` starts the pass in
            // them on the next frame (the languages read in are still the old ones).
            return;
        }
        if cancelled {
            self.jobs.ocr_stopped = true;
            self.ui.toast(format!(
                "OCR stopped; {} read so far are kept",
                counted(pages, "page", "pages")
            ));
        }
        let same_corpus = self.session.as_ref().is_some_and(|s| s.corpus.root == root);
        if (pages > 0 || rereading) && same_corpus {
            self.jobs.reload_after_ocr = true;
            self.jobs.reload_after_language_change = rereading;
            self.reload_corpus(false);
        }
    }

    /// Project > OCR Languages…: the dialog, with the installed languages once Tesseract
    /// has been asked (on a worker).
    pub(super) fn ask_ocr_languages(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        self.jobs.find_tesseract();
        self.ui.modal = Some(Modal::OcrLanguages {
            chosen: session.workspace.project.ocr_languages.clone(),
            installed: installed_languages(self.jobs.tesseract.as_ref()),
        });
    }

    /// Tesseract was found (or not): the languages dialog, if open, lists what it has.
    pub(super) fn tesseract_found(&mut self) {
        let found = installed_languages(self.jobs.tesseract.as_ref());
        if let Some(Modal::OcrLanguages { installed, .. }) = &mut self.ui.modal {
            *installed = found;
        }
    }
}

/// The installed languages as the dialog lists them, or why there are none.
fn installed_languages(
    found: Option<&Result<ocr::Tesseract, String>>,
) -> Option<Result<Vec<String>, String>> {
    found.map(|f| {
        f.as_ref()
            .map(|t| t.languages.clone())
            .map_err(Clone::clone)
    })
}

/// Why nothing is read when the user asks: Tesseract missing, or nothing waiting.
fn no_scans_waiting(skipped: &[Skipped]) -> String {
    skipped
        .iter()
        .find_map(|s| match &s.reason {
            SkipReason::OcrUnavailable { why, .. } => Some(format!("To read scans, {why}")),
            _ => None,
        })
        .unwrap_or_else(|| "No scanned page is waiting to be read".to_owned())
}

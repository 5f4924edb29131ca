//! Scanned pages read by OCR: the pass starts by itself when a corpus lists files that need
//! it and Tesseract is installed (or from File > Read Scanned Pages (OCR)), runs on worker
//! threads, and the corpus is read again when it ends so that the documents appear.

use std::path::Path;

use crate::app::DossierApp;
use crate::corpus::{SkipReason, Skipped};
use crate::text::counted;

impl DossierApp {
    /// Starts an OCR pass over the files the open corpus lists as needing OCR; `asked`:
    /// the user asked for it (else it starts by itself, once for the same work).
    pub(super) fn read_scanned_pages(&mut self, asked: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let skipped = &session.corpus.report.skipped;
        let needs: Vec<Skipped> = skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::NeedsOcr { .. }))
            .cloned()
            .collect();
        let pages: usize = needs
            .iter()
            .map(|s| match s.reason {
                SkipReason::NeedsOcr { pages } => pages,
                _ => 0,
            })
            .sum();
        if needs.is_empty() {
            if asked {
                let hint = skipped.iter().find_map(|s| match &s.reason {
                    SkipReason::OcrUnavailable { why, .. } => Some(format!("To read scans, {why}")),
                    _ => None,
                });
                self.ui.toast(
                    hint.unwrap_or_else(|| "No scanned page is waiting to be read".to_owned()),
                );
            }
            return;
        }
        let root = session.corpus.root.clone();
        let work = (root.clone(), pages);
        if !asked && (self.jobs.ocr_stopped || self.jobs.ocr_started_for.as_ref() == Some(&work)) {
            return;
        }
        self.jobs.ocr_stopped = false;
        self.jobs.ocr_started_for = Some(work);
        self.jobs.read_scans(root, needs);
    }

    /// An OCR pass ended: the corpus is read again so that the pages read appear.
    pub(super) fn ocr_done(&mut self, root: &Path, pages: usize, cancelled: bool) {
        if cancelled {
            self.jobs.ocr_stopped = true;
            self.ui.toast(format!(
                "OCR stopped; {} read so far are kept",
                counted(pages, "page", "pages")
            ));
        }
        let same_corpus = self.session.as_ref().is_some_and(|s| s.corpus.root == root);
        if pages > 0 && same_corpus {
            self.jobs.reload_after_ocr = true;
            self.reload_corpus(false);
        }
    }
}

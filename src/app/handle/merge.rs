//! Merging a colleague's copy (File > Merge Project…) and settling merge conflicts: the
//! copy is read and merged on a worker, its summary shown, and the merge applied as one
//! undoable step once the researcher agrees.

use std::path::PathBuf;

use crate::app::DossierApp;
use crate::app::panels::merge::PendingMerge;
use crate::app::state::Modal;
use crate::session::merge_copy::{MergeCopyError, PreparedMerge};

impl DossierApp {
    /// Reads and merges the copy at `path` on a worker (a note being typed is part of
    /// the project merged into).
    pub(super) fn prepare_merge(&mut self, path: PathBuf) {
        self.flush_note();
        let Some(session) = &self.session else {
            return;
        };
        self.ui.merge.pending = None;
        self.jobs.prepare_merge(
            session.workspace.project.clone(),
            session.workspace.path.clone(),
            session.workspace.history.state(),
            path.clone(),
        );
        self.ui.toast(format!(
            "Reading {} to merge it…",
            crate::session::merge_copy::copy_name(&path)
        ));
        self.ui.merge.preparing = Some(path);
    }

    /// The merge is ready: its summary, with Apply and Cancel; or why it cannot be done.
    pub(super) fn merge_prepared(
        &mut self,
        state: u64,
        result: Result<Box<PreparedMerge>, MergeCopyError>,
    ) {
        let Some(path) = self.ui.merge.preparing.take() else {
            return; // The project was closed or another opened meanwhile.
        };
        if self.session.is_none() {
            return;
        }
        match result {
            Ok(prepared) => {
                self.ui.modal = Some(Modal::MergeSummary {
                    from: prepared.from.clone(),
                    headline: prepared.headline.clone(),
                    remarks: prepared.remarks.clone(),
                    conflicts: prepared.conflicts,
                    nothing_new: prepared.nothing_new,
                });
                self.ui.merge.pending = Some(PendingMerge {
                    prepared: *prepared,
                    state,
                    path,
                });
            }
            Err(err) => self.ui.error(
                format!(
                    "Cannot merge {}",
                    crate::session::merge_copy::copy_name(&path)
                ),
                err.to_string(),
            ),
        }
    }

    /// Applies the merge shown in the summary, in one undoable step; the conflicts it
    /// recorded are listed at once. A project changed since the merge was prepared (a
    /// corpus reload) is merged again first.
    pub(super) fn apply_merge(&mut self) {
        let Some(pending) = self.ui.merge.pending.take() else {
            return;
        };
        let Some(session) = &self.session else {
            return;
        };
        if session.workspace.history.state() != pending.state {
            self.ui
                .toast("The project changed while the merge was prepared: merging again");
            self.prepare_merge(pending.path);
            return;
        }
        let prepared = pending.prepared;
        self.edit(prepared.command);
        self.ui
            .toast(format!("Merged {}: {}", prepared.from, prepared.headline));
        if prepared.conflicts > 0 {
            self.ui.merge.conflicts_open = true;
        }
    }
}

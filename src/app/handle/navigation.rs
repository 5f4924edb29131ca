//! What is shown: documents, missing documents, annotations.

use crate::app::DossierApp;
use crate::app::actions::SideTab;

impl DossierApp {
    /// Two versions side by side (their word diff computed once, here).
    pub(super) fn compare_versions(&mut self, left: usize, right: usize) {
        let Some(session) = &self.session else {
            return;
        };
        if let (Some(l), Some(r)) = (session.document(left), session.document(right)) {
            self.ui.compare = Some(crate::app::panels::compare::Comparison::new(
                (left, l),
                (right, r),
            ));
        }
    }

    pub(super) fn select_document(&mut self, index: usize) {
        let Some(session) = &self.session else {
            return;
        };
        if index >= session.corpus.documents.len() {
            return;
        }
        self.ui.current_missing = None;
        // The list follows a document opened from elsewhere (map, search, a link), even
        // the one already open whose row the user has since closed; it does not move
        // when the row clicked is already in view.
        self.ui.doc_list.reveal_current();
        if self.ui.current_doc != Some(index) {
            self.flush_note();
            self.ui.current_doc = Some(index);
            if let Some(session) = &self.session
                && let (Some(key), Some(doc)) = (reading_key(session), session.document(index))
            {
                let path = doc.path.clone();
                self.prefs.remember_reading(key, &path);
            }
            if let Some(id) = self.ui.selected_annotation
                && let Some(s) = &self.session
                && s.workspace
                    .project
                    .annotations
                    .get(&id)
                    .is_none_or(|a| Some(&a.document) != s.document(index).map(|d| &d.path))
            {
                self.ui.selected_annotation = None;
            }
        }
    }

    /// After opening: the document last read in this project, else the first one.
    pub(super) fn show_last_read_document(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        let last = reading_key(session)
            .and_then(|key| self.prefs.last_read(&key))
            .and_then(|path| session.corpus.index_of(path));
        self.ui.current_doc = last.or((!session.corpus.documents.is_empty()).then_some(0));
        self.ui.doc_list.reveal_current();
    }

    /// Shows a document whose file is missing: its annotations in the panel.
    pub(super) fn select_missing(&mut self, path: String) {
        if self.ui.current_missing.as_deref() == Some(path.as_str()) {
            return;
        }
        self.flush_note();
        self.ui.current_doc = None;
        self.ui.central = crate::app::actions::CentralView::Reader;
        if let Some(id) = self.ui.selected_annotation
            && let Some(s) = &self.session
            && s.workspace
                .project
                .annotations
                .get(&id)
                .is_none_or(|a| a.document != path)
        {
            self.ui.selected_annotation = None;
        }
        self.ui.current_missing = Some(path);
        self.prefs.side_tab = SideTab::Annotations;
    }

    pub(super) fn select_annotation(&mut self, id: crate::project::AnnotationId, scroll: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(a) = session.workspace.project.annotations.get(&id) else {
            return;
        };
        let range = a.anchor.start..a.anchor.end;
        let region = a.anchor.region;
        let orphaned = a.orphaned;
        match session.corpus.index_of(&a.document) {
            Some(i) => {
                self.select_document(i);
                if let Some(doc) = self.current_document().cloned() {
                    self.ui.reader.sync(&doc);
                }
                if scroll && !orphaned {
                    self.ui.reader.reveal(range, false);
                    // A region is shown where it is: on its page.
                    if let Some(region) = region
                        && self.current_document().is_some_and(|d| d.layout.is_some())
                    {
                        self.ui.reader.reveal_region(region);
                    }
                }
            }
            None => {
                let path = a.document.clone();
                self.select_missing(path);
            }
        }
        self.flush_note();
        self.ui.selected_annotation = Some(id);
        self.prefs.side_tab = SideTab::Annotations;
    }

    /// Keeps the entity index on the entity just corrected, under its new name or kind
    /// (or on the entity it was merged into), instead of losing it.
    pub(super) fn follow_corrected_entity(
        &mut self,
        id: &crate::entities::EntityId,
        correction: &crate::session::EntityCorrection,
    ) {
        if self.ui.entity_index.selected.as_ref() == Some(id) {
            self.ui.entity_index.selected = correction.corrected_id(id);
            self.ui.entity_index.reveal_selected = true;
        }
    }
}

/// What a project's last document read is remembered by: its file, else its corpus folder
/// (a folder opened without a project).
fn reading_key(session: &crate::session::Session) -> Option<std::path::PathBuf> {
    let path = session
        .workspace
        .path
        .clone()
        .or_else(|| session.workspace.project.corpus_root.clone())?;
    Some(path.canonicalize().unwrap_or(path))
}

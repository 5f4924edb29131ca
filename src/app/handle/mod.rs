//! Applying actions and finished jobs to the application: the one place where the
//! window's state changes. Dispatch is here; each concern has its own file: `edits`
//! (changes to the project, undo), `coders` (the coder's name, marks of documents coded),
//! `navigation` (documents and annotations shown),
//! `files` (open, save, recovery, dialogs), `jobs` (finished background work), `window`
//! (close, drop, shortcuts, title).

mod coders;
mod edits;
mod files;
mod jobs;
mod merge;
mod navigation;
mod ocr;
mod window;

use egui::ViewportCommand;

use crate::app::actions::DialogPurpose;
use crate::app::actions::{Action, SideTab, UiCommand};
use crate::app::services::DialogRequest;
use crate::app::state::Modal;
use crate::app::{DossierApp, theme};

impl DossierApp {
    /// What decides which commands can act now.
    pub(in crate::app) fn command_context(&self) -> super::actions::CommandContext {
        let session = self.session.as_ref();
        super::actions::CommandContext {
            has_session: session.is_some(),
            dirty: session.is_some_and(|s| s.workspace.is_dirty()),
            can_undo: session.is_some_and(|s| s.workspace.history.can_undo()),
            can_redo: session.is_some_and(|s| s.workspace.history.can_redo()),
            has_document: self.current_document().is_some(),
            has_selection: self.current_document().is_some()
                && (self.ui.reader.selected_range().is_some() || self.ui.reader.region.is_some()),
            drafting: self.ui.annotations.draft.is_some(),
            skipped: session.map_or(0, |s| s.corpus.report.skipped.len()),
            merge_conflicts: session.map_or(0, |s| s.workspace.project.merge_conflicts.len()),
            has_pages: self.current_document().is_some_and(|d| d.layout.is_some()),
            showing_pages: self.ui.reader.pages.on,
        }
    }

    /// Applies every queued action (actions may queue more; they run in the same frame).
    pub(in crate::app) fn apply_actions(&mut self, ctx: &egui::Context) {
        let mut rounds = 0;
        while !self.actions.is_empty() && rounds < 8 {
            rounds += 1;
            for action in std::mem::take(&mut self.actions) {
                self.handle(ctx, action);
            }
        }
    }

    /// Actions that would drop unsaved work ask first.
    pub(super) fn needs_confirmation(&self, action: &Action) -> bool {
        let dirty = self
            .session
            .as_ref()
            .is_some_and(|s| s.workspace.is_dirty());
        dirty
            && matches!(
                action,
                Action::OpenPath(_)
                    | Action::Ui(
                        UiCommand::OpenFolder
                            | UiCommand::OpenProject
                            | UiCommand::OpenSample
                            | UiCommand::CloseProject
                            | UiCommand::Quit
                    )
            )
    }

    pub(super) fn handle(&mut self, ctx: &egui::Context, action: Action) {
        if self.needs_confirmation(&action) {
            self.flush_note();
            self.ui.modal = Some(Modal::UnsavedChanges {
                then: Box::new(action),
            });
            return;
        }
        self.perform(ctx, action);
    }

    /// Performs an action, confirmation already given.
    pub(super) fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Ui(command) => self.command(ctx, command),
            Action::Edit(command) => self.edit(*command),
            Action::OpenPath(path) => self.open_path(path),
            Action::SelectDocument(i) => self.select_document(i),
            Action::CompareVersions { left, right } => self.compare_versions(left, right),
            Action::CloseComparison => self.ui.compare = None,
            Action::SelectMissingDocument(path) => self.select_missing(path),
            Action::PathTyped { path, then } => self.dialog_answered(path, then),
            Action::EditTypedPath(typed) => {
                if let Some(Modal::TypePath { text, .. }) = &mut self.ui.modal {
                    *text = typed;
                }
            }
            Action::ShowOrphans => self.ui.modal = Some(Modal::Orphans),
            Action::ShowOpenChanges => {
                if let Some(session) = &self.session {
                    self.ui.modal = Some(Modal::Changes(session.reconcile.changes()));
                }
            }
            Action::SelectAnnotation(id) => self.select_annotation(id, true),
            Action::SelectAnnotationQuietly(id) => self.select_annotation(id, false),
            Action::Reveal { document, range } => {
                if let Some(i) = self
                    .session
                    .as_ref()
                    .and_then(|s| s.corpus.index_of(&document))
                {
                    self.select_document(i);
                    if let Some(doc) = self.current_document().cloned() {
                        self.ui.reader.sync(&doc);
                    }
                    self.ui.reader.reveal(range, true);
                }
            }
            Action::AnnotateSelectionWith { .. }
            | Action::AnnotateHits { .. }
            | Action::MarkCoded { .. }
                if self.prefs.coder.is_none() =>
            {
                self.ask_coder_first(action);
            }
            Action::AnnotateSelectionWith { tags, note } => self.annotate(tags, note),
            Action::CreateTag {
                name,
                parent,
                apply_to,
            } => self.create_tag(&name, parent, apply_to),
            Action::ReattachToSelection(id) => self.reattach(id),
            Action::ConfirmDeleteTag(tag) => {
                let uses = self.derived.tag_usage.get(&tag).copied().unwrap_or(0);
                self.ui.modal = Some(Modal::ConfirmDeleteTag { tag, uses });
            }
            Action::FilterByTag(tag) => {
                self.ui.tag_filter = tag;
                if tag.is_some() {
                    self.prefs.side_tab = SideTab::Annotations;
                }
            }
            Action::ToggleEntityKind(label) => {
                if !self.prefs.hidden_entity_kinds.remove(&label) {
                    self.prefs.hidden_entity_kinds.insert(label);
                }
            }
            Action::MarkEntity { phrase, kind } => self.entity_rule(phrase, Some(kind)),
            Action::NotAnEntity { phrase } => self.entity_rule(phrase, None),
            Action::SaveThen(then) => self.save(Some(*then)),
            Action::Discarded(then) => {
                self.remove_recovery();
                self.ui.recovery_discarded_at =
                    self.session.as_ref().map(|s| s.workspace.history.state());
                self.perform(ctx, *then);
            }
            Action::RestoreRecovery => self.restore_recovery(),
            Action::ApplyMerge => self.apply_merge(),
            Action::CancelMerge => self.ui.merge.pending = None,
            Action::DismissRecovery => {
                self.pending_recovery = None;
                self.remove_recovery();
            }
            Action::CancelDraft => self.ui.annotations.draft = None,
            Action::AnnotateHits { hits, tag, note } => self.annotate_hits(hits, tag, note),
            Action::SelectEntity(id) => self.ui.entity_index.selected = id,
            Action::CorrectEntity { id, correction } => {
                let command = match (&self.session, &self.entities.index) {
                    (Some(session), Some(index)) => {
                        session.entity_correction(index, &id, &correction)
                    }
                    _ => None,
                };
                match command {
                    Some(command) => {
                        self.edit(command);
                        self.follow_corrected_entity(&id, &correction);
                    }
                    None => self.ui.toast("Nothing to change"),
                }
            }
            Action::CancelOcr => self.jobs.cancel_ocr(),
            Action::ChooseOcrLanguages(choice) => {
                if let Some(Modal::OcrLanguages { chosen, .. }) = &mut self.ui.modal {
                    *chosen = choice;
                }
            }
            Action::StopEntities => {
                self.entities.stop();
                self.ui
                    .toast("Entity recognition stopped; documents done so far stay highlighted");
            }
            Action::EditCoderName(_)
            | Action::SetCoderName { .. }
            | Action::MarkCoded { .. }
            | Action::FilterByCoder(_) => self.coder_action(ctx, action),
            Action::CancelLoad => {
                self.jobs.cancel_load();
                self.ui.toast("Opening cancelled");
            }
        }
    }

    pub(super) fn command(&mut self, ctx: &egui::Context, command: UiCommand) {
        // Menus, the palette and shortcuts offer only what can act; anything else that asks
        // (a stale click, a script) is ignored the same way.
        if !command.is_enabled(&self.command_context()) {
            return;
        }
        match command {
            UiCommand::OpenFolder => self.ask(DialogRequest::PickFolder, DialogPurpose::Open),
            UiCommand::OpenProject => self.ask(DialogRequest::OpenProject, DialogPurpose::Open),
            UiCommand::OpenSample => {
                let path = self.config.sample_dir.join("sample.dossier.ron");
                self.open_path(path);
            }
            UiCommand::Save => self.save(None),
            UiCommand::SaveAs => self.save_as(None),
            UiCommand::CloseProject => {
                self.remove_recovery_if_clean();
                self.session = None;
                self.jobs.watch(None);
                self.reset_view();
            }
            UiCommand::Quit => {
                self.ui.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            UiCommand::Undo | UiCommand::Redo => self.undo_redo(command == UiCommand::Undo),
            UiCommand::AnnotateSelection => self.annotate_selection(),
            UiCommand::FindInDocument => {
                if let Some(doc) = self.current_document().cloned() {
                    self.ui.reader.open_find(&doc);
                }
            }
            UiCommand::FindNext => self.ui.reader.find_step(true),
            UiCommand::FindPrevious => self.ui.reader.find_step(false),
            UiCommand::CommandPalette => {
                self.ui.palette = Some(Default::default());
            }
            UiCommand::ZoomIn | UiCommand::ZoomOut | UiCommand::ZoomReset => self.zoom(command),
            UiCommand::Theme(choice) => {
                self.prefs.theme = choice;
                self.apply_theme(ctx);
            }
            UiCommand::NextDocument | UiCommand::PreviousDocument => {
                self.step_document(command == UiCommand::NextDocument);
            }
            UiCommand::FocusDocumentFilter => {
                self.ui.left = super::actions::LeftTab::Documents;
                self.ui.doc_list.focus_filter = true;
            }
            UiCommand::ShowDocuments => self.ui.left = super::actions::LeftTab::Documents,
            UiCommand::ShowAnnotations => self.prefs.side_tab = SideTab::Annotations,
            UiCommand::ShowEntities => self.prefs.side_tab = SideTab::Entities,
            UiCommand::ShowCodebook => self.prefs.side_tab = SideTab::Codebook,
            UiCommand::NewTag => {
                self.prefs.side_tab = SideTab::Codebook;
                self.ui.codebook.focus_new = true;
            }
            UiCommand::ShowLoadReport => self.ui.modal = Some(Modal::LoadReport),
            UiCommand::ReloadCorpus => self.reload_corpus(true),
            UiCommand::ReadScannedPages => self.read_scanned_pages(true),
            UiCommand::OcrLanguages => self.ask_ocr_languages(),
            UiCommand::SearchCorpus => self.search_corpus(),
            UiCommand::ShowReader => self.ui.central = super::actions::CentralView::Reader,
            UiCommand::ShowCodedPassages => self.ui.central = super::actions::CentralView::Coded,
            UiCommand::ShowEntityIndex => self.ui.central = super::actions::CentralView::Entities,
            UiCommand::ShowNetwork => self.ui.central = super::actions::CentralView::Network,
            UiCommand::ShowTimeline => self.ui.central = super::actions::CentralView::Timeline,
            UiCommand::ShowMap => self.ui.central = super::actions::CentralView::Map,
            UiCommand::ShowAgreement => {
                self.ui.central = super::actions::CentralView::Agreement;
            }
            UiCommand::About => self.ui.modal = Some(Modal::About),
            UiCommand::CoderName => self.ask_coder(),
            UiCommand::GroupByConversation => {
                self.prefs.group_by_conversation = !self.prefs.group_by_conversation;
                // The open message's row may now be in a closed conversation or file.
                self.ui.doc_list.reveal_current();
            }
            UiCommand::TogglePageView => {
                let pages = &mut self.ui.reader.pages;
                pages.on = !pages.on;
                // The page view opens where the reader was: at the selection, if any.
                self.ui.reader.scroll_to = self.ui.reader.selected_range().map(|r| r.start);
            }
            UiCommand::RegionTool => {
                let pages = &mut self.ui.reader.pages;
                pages.region_tool = !pages.region_tool;
            }
            UiCommand::Export(format) => self.ask_export(
                format.label(),
                format.extension(),
                "",
                DialogPurpose::Export(format),
            ),
            UiCommand::ExportTimeline(format) => self.ask_export(
                format.label(),
                format.extension(),
                " timeline",
                DialogPurpose::ExportTimeline(format),
            ),
            UiCommand::ImportQdpx => {
                self.ask(DialogRequest::OpenQdpx, DialogPurpose::ImportChooseFile)
            }
            UiCommand::MergeProject => {
                let start_in = self.dialog_folder();
                self.ask(
                    DialogRequest::MergeProject { start_in },
                    DialogPurpose::Merge,
                );
            }
            UiCommand::ShowMergeConflicts => self.ui.merge.conflicts_open = true,
        }
    }

    /// The reading size one point larger or smaller, or back to the default.
    fn zoom(&mut self, command: UiCommand) {
        let size = match command {
            UiCommand::ZoomIn => self.prefs.reading_size + 1.0,
            UiCommand::ZoomOut => self.prefs.reading_size - 1.0,
            _ => theme::READING_SIZE_DEFAULT,
        };
        self.prefs.reading_size = size.clamp(theme::READING_SIZE_MIN, theme::READING_SIZE_MAX);
    }

    /// The next (or previous) document in the list's order, revealed in the list; the first
    /// when none is open.
    fn step_document(&mut self, forward: bool) {
        if let Some(d) = self.ui.doc_list.neighbour(self.ui.current_doc, forward) {
            self.select_document(d);
            self.ui.doc_list.reveal_current();
        }
    }

    /// The Search tab with its field focused, holding the selected words (if short) when
    /// no query was typed yet.
    fn search_corpus(&mut self) {
        self.ui.left = super::actions::LeftTab::Search;
        self.search.focus = true;
        if let Some(doc) = self.current_document().cloned()
            && let Some(r) = self.ui.reader.selected_range().filter(|r| r.len() < 100)
            && let Some(text) = doc.text.slice(r)
            && self.search.query.pattern.is_empty()
        {
            self.search.query.pattern = text.to_owned();
        }
    }
}

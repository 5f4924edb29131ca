//! Applying actions and finished jobs to the application: the one place where the
//! window's state changes.

use std::path::PathBuf;
use std::time::Instant;

use egui::ViewportCommand;

use super::actions::{Action, SideTab, TagTarget, UiCommand};
use super::jobs::{DialogPurpose, JobDone};
use super::services::DialogRequest;
use super::state::{Modal, ThemeChoice};
use super::{DossierApp, recovery_key, theme};
use crate::project::{Anchor, Command};
use crate::session::{OpenTarget, Session};
use crate::text::counted;

impl DossierApp {
    /// Applies every queued action (actions may queue more; they run in the same frame).
    pub(super) fn apply_actions(&mut self, ctx: &egui::Context) {
        let mut rounds = 0;
        while !self.actions.is_empty() && rounds < 8 {
            rounds += 1;
            for action in std::mem::take(&mut self.actions) {
                self.handle(ctx, action);
            }
        }
    }

    /// Actions that would drop unsaved work ask first.
    fn needs_confirmation(&self, action: &Action) -> bool {
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

    fn handle(&mut self, ctx: &egui::Context, action: Action) {
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
    fn perform(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::Ui(command) => self.command(ctx, command),
            Action::Edit(command) => self.edit(command),
            Action::OpenPath(path) => self.open_path(path),
            Action::SelectDocument(i) => self.select_document(i),
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
            Action::ShowTab(tab) => self.prefs.side_tab = tab,
            Action::ToggleEntityKind(label) => {
                if !self.prefs.hidden_entity_kinds.remove(&label) {
                    self.prefs.hidden_entity_kinds.insert(label);
                }
            }
            Action::MarkEntity { phrase, label } => self.entity_rule(phrase, Some(label)),
            Action::NotAnEntity { phrase } => self.entity_rule(phrase, None),
            Action::SaveThen(then) => self.save(Some(*then)),
            Action::Discarded(then) => {
                self.remove_recovery();
                self.perform(ctx, *then);
            }
            Action::RestoreRecovery => self.restore_recovery(),
            Action::DismissRecovery => {
                self.pending_recovery = None;
                self.remove_recovery();
            }
            Action::CancelDraft => self.ui.annotations.draft = None,
            Action::ShowView(view) => self.ui.central = view,
            Action::ShowLeft(tab) => self.ui.left = tab,
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
                    Some(command) => self.edit(command),
                    None => self.ui.toast("Nothing to change"),
                }
            }
            Action::StopEntities => {
                self.entities.stop();
                self.ui
                    .toast("Entity recognition stopped; documents done so far stay highlighted");
            }
            Action::CancelLoad => {
                self.jobs.cancel_load();
                self.ui.toast("Opening cancelled");
            }
            Action::SetTheme(choice) => {
                self.prefs.theme = choice;
                self.apply_theme(ctx);
            }
        }
    }

    fn command(&mut self, ctx: &egui::Context, command: UiCommand) {
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
            UiCommand::ZoomIn | UiCommand::ZoomOut | UiCommand::ZoomReset => {
                let size = match command {
                    UiCommand::ZoomIn => self.prefs.reading_size + 1.0,
                    UiCommand::ZoomOut => self.prefs.reading_size - 1.0,
                    _ => theme::READING_SIZE_DEFAULT,
                };
                self.prefs.reading_size =
                    size.clamp(theme::READING_SIZE_MIN, theme::READING_SIZE_MAX);
            }
            UiCommand::ToggleTheme => {
                self.prefs.theme = if ctx.theme() == egui::Theme::Dark {
                    ThemeChoice::Light
                } else {
                    ThemeChoice::Dark
                };
                self.apply_theme(ctx);
            }
            UiCommand::NextDocument | UiCommand::PreviousDocument => {
                let order = self.ui.doc_list.order();
                let pos = self
                    .ui
                    .current_doc
                    .and_then(|c| order.iter().position(|&d| d == c));
                let next = match (pos, command == UiCommand::NextDocument) {
                    (None, _) => order.first().copied(),
                    (Some(p), true) => order.get(p + 1).copied(),
                    (Some(p), false) => p.checked_sub(1).and_then(|q| order.get(q).copied()),
                };
                if let Some(d) = next {
                    self.select_document(d);
                    self.ui.doc_list.reveal_current();
                }
            }
            UiCommand::FocusDocumentFilter => self.ui.doc_list.focus_filter = true,
            UiCommand::ShowAnnotations => self.prefs.side_tab = SideTab::Annotations,
            UiCommand::ShowEntities => self.prefs.side_tab = SideTab::Entities,
            UiCommand::ShowCodebook => self.prefs.side_tab = SideTab::Codebook,
            UiCommand::NewTag => {
                self.prefs.side_tab = SideTab::Codebook;
                self.ui.codebook.focus_new = true;
            }
            UiCommand::ShowLoadReport => self.ui.modal = Some(Modal::LoadReport),
            UiCommand::SearchCorpus => {
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
            UiCommand::ShowReader => self.ui.central = super::actions::CentralView::Reader,
            UiCommand::ShowCodedPassages => self.ui.central = super::actions::CentralView::Coded,
            UiCommand::ShowEntityIndex => self.ui.central = super::actions::CentralView::Entities,
            UiCommand::About => self.ui.modal = Some(Modal::About),
            UiCommand::Export(format) => {
                if let Some(session) = &self.session {
                    let suggested_name = session.workspace.display_name();
                    self.ask(
                        DialogRequest::SaveExport {
                            format,
                            suggested_name,
                        },
                        DialogPurpose::Export(format),
                    );
                }
            }
            UiCommand::ImportQdpx => {
                self.ask(DialogRequest::OpenQdpx, DialogPurpose::ImportChooseFile)
            }
        }
    }

    fn ask(&mut self, request: DialogRequest, purpose: DialogPurpose) {
        let dialogs = self.config.dialogs.clone();
        self.jobs.dialog(&dialogs, request, purpose);
    }

    fn edit(&mut self, command: Command) {
        let Some(session) = &mut self.session else {
            return;
        };
        let deleted = match &command {
            Command::DeleteAnnotation(id) => Some(*id),
            _ => None,
        };
        if let Err(err) = session.workspace.execute(command) {
            self.ui
                .error("That change could not be made", err.to_string());
            return;
        }
        session.apply_titles();
        if deleted.is_some() && deleted == self.ui.selected_annotation {
            self.ui.selected_annotation = None;
        }
        if let Some(filter) = self.ui.tag_filter
            && !session.workspace.project.tags.contains_key(&filter)
        {
            self.ui.tag_filter = None;
        }
    }

    fn undo_redo(&mut self, undo: bool) {
        self.flush_note();
        let actions = std::mem::take(&mut self.actions);
        for a in actions {
            if let Action::Edit(c) = a {
                self.edit(c);
            }
        }
        let Some(session) = &mut self.session else {
            return;
        };
        let result = if undo {
            session.workspace.undo()
        } else {
            session.workspace.redo()
        };
        session.apply_titles();
        match result {
            Ok(Some(label)) => {
                let verb = if undo { "Undid" } else { "Redid" };
                self.ui.toast(format!("{verb}: {label}"));
                if let Some(id) = self.ui.selected_annotation
                    && !session.workspace.project.annotations.contains_key(&id)
                {
                    self.ui.selected_annotation = None;
                }
            }
            Ok(None) => {}
            Err(err) => self.ui.error("Cannot undo", err.to_string()),
        }
    }

    /// Commits a note being typed (before save, undo, switching documents...).
    fn flush_note(&mut self) {
        if let Some(session) = &self.session {
            let now = self.config.clock.now();
            let mut actions = Vec::new();
            self.ui
                .annotations
                .flush(&session.workspace.project, now, &mut actions);
            for a in actions {
                if let Action::Edit(c) = a {
                    self.edit(c);
                }
            }
        }
    }

    fn select_document(&mut self, index: usize) {
        let Some(session) = &self.session else {
            return;
        };
        if index >= session.corpus.documents.len() {
            return;
        }
        if self.ui.current_doc != Some(index) {
            self.flush_note();
            self.ui.current_doc = Some(index);
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

    fn select_annotation(&mut self, id: crate::project::AnnotationId, scroll: bool) {
        let Some(session) = &self.session else {
            return;
        };
        let Some(a) = session.workspace.project.annotations.get(&id) else {
            return;
        };
        let range = a.anchor.start..a.anchor.end;
        let orphaned = a.orphaned;
        if let Some(i) = session.corpus.index_of(&a.document) {
            self.select_document(i);
            if let Some(doc) = self.current_document().cloned() {
                self.ui.reader.sync(&doc);
            }
            if scroll && !orphaned {
                self.ui.reader.reveal(range, false);
            }
        }
        self.flush_note();
        self.ui.selected_annotation = Some(id);
        self.prefs.side_tab = SideTab::Annotations;
    }

    fn annotate_selection(&mut self) {
        if self.ui.annotations.draft.is_some() {
            // Ctrl+Enter in the draft: add it.
            if let Some(d) = &self.ui.annotations.draft {
                let (tags, note) = (d.tags.clone(), d.note.clone());
                self.annotate(tags, note);
            }
            return;
        }
        let Some(doc) = self.current_document().cloned() else {
            return;
        };
        let Some(range) = self.ui.reader.selected_range() else {
            self.ui.toast("Select a passage in the text first");
            return;
        };
        let Some(quote) = doc.text.slice(range.clone()) else {
            return;
        };
        self.prefs.side_tab = SideTab::Annotations;
        self.ui
            .annotations
            .start_draft(doc.path.clone(), range, quote.to_owned());
    }

    fn annotate(&mut self, tags: Vec<crate::project::TagId>, note: String) {
        let now = self.now();
        let (document, range) = match self.ui.annotations.draft.take() {
            Some(d) => (d.document, d.range),
            None => {
                let (Some(doc), Some(range)) = (
                    self.current_document().cloned(),
                    self.ui.reader.selected_range(),
                ) else {
                    self.ui.toast("Select a passage in the text first");
                    return;
                };
                (doc.path.clone(), range)
            }
        };
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(doc) = session.corpus.index_of(&document) else {
            return;
        };
        let Some(command) = session.annotate_command(doc, range, note.trim().to_owned(), tags, now)
        else {
            self.ui.toast("Select a passage in the text first");
            return;
        };
        let id = match &command {
            Command::AddAnnotation(a) => Some(a.id),
            _ => None,
        };
        self.edit(command);
        self.ui.selected_annotation = id;
        self.ui.reader.clear_selection();
    }

    fn create_tag(
        &mut self,
        name: &str,
        parent: Option<crate::project::TagId>,
        apply_to: TagTarget,
    ) {
        let now = self.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let (id, add) = session.new_tag_command(name, parent);
        let command = match apply_to {
            TagTarget::Annotation(aid) => {
                let Some(a) = session.workspace.project.annotations.get(&aid) else {
                    return;
                };
                let mut tags = a.tags.clone();
                tags.push(id);
                Command::Batch {
                    label: format!("Add new tag “{}”", name.trim()),
                    commands: vec![
                        add,
                        Command::SetTags {
                            id: aid,
                            tags,
                            at: now,
                        },
                    ],
                }
            }
            _ => add,
        };
        if let Err(err) = session.workspace.execute(command) {
            self.ui.error("Cannot create the tag", err.to_string());
            return;
        }
        if apply_to == TagTarget::Draft
            && let Some(d) = &mut self.ui.annotations.draft
        {
            d.tags.push(id);
        }
    }

    /// Annotates search hits with a tag (an existing one, or a new one created in the same
    /// step) and a note: one undoable command however many hits.
    fn annotate_hits(
        &mut self,
        hits: Vec<(String, std::ops::Range<usize>)>,
        tag: super::panels::widgets::Picked,
        note: String,
    ) {
        let now = self.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let (tag_id, add_tag) = match tag {
            super::panels::widgets::Picked::Existing(id) => (id, None),
            super::panels::widgets::Picked::New(name) => {
                let (id, command) = session.new_tag_command(&name, None);
                (id, Some(command))
            }
        };
        // The new tag must exist while the annotations are built; it is applied first and
        // then folded with them into one step below.
        let mut scratch = session.workspace.project.clone();
        if let Some(add) = add_tag.clone()
            && let Err(err) = add.apply(&mut scratch)
        {
            self.ui.error("Cannot create the tag", err.to_string());
            return;
        }
        let documents: Vec<(
            std::sync::Arc<crate::corpus::Document>,
            std::ops::Range<usize>,
        )> = hits
            .into_iter()
            .filter_map(|(path, range)| Some((session.corpus.get(&path)?.clone(), range)))
            .collect();
        let result = crate::search::annotate_all(
            &mut scratch,
            documents.iter().map(|(d, r)| (d.as_ref(), r.clone())),
            tag_id,
            &note,
            now,
        );
        // Ids were allocated on the scratch copy: keep the counter moving in the project.
        session.workspace.project.next_id = scratch.next_id;
        match result {
            Ok(done) => {
                let Some(command) = done.command else {
                    self.ui.toast(format!(
                        "Nothing to add: {} already annotated with this tag",
                        done.already_annotated
                    ));
                    return;
                };
                let command = match add_tag {
                    Some(add) => Command::Batch {
                        label: command.label(&scratch),
                        commands: vec![add, command],
                    },
                    None => command,
                };
                self.edit(command);
                let skipped = done.already_annotated + done.invalid;
                let mut message =
                    format!("{} added", counted(done.added, "annotation", "annotations"));
                if skipped > 0 {
                    message.push_str(&format!(" ({skipped} already annotated)"));
                }
                self.ui.toast(message);
            }
            Err(err) => self
                .ui
                .error("Cannot annotate the matches", err.to_string()),
        }
    }

    fn reattach(&mut self, id: crate::project::AnnotationId) {
        let now = self.now();
        let (Some(doc), Some(range)) = (
            self.current_document().cloned(),
            self.ui.reader.selected_range(),
        ) else {
            self.ui.toast("Select the passage in the text first");
            return;
        };
        let Some(anchor) = Anchor::from_range(&doc.text, range.start, range.end) else {
            return;
        };
        self.edit(Command::SetAnchor {
            id,
            document: doc.path.clone(),
            anchor,
            at: now,
        });
        self.ui.selected_annotation = Some(id);
    }

    /// "Mark as entity" (with a label) or "Not an entity" (without): a rule of the
    /// project's entity dictionary, applied in every document.
    fn entity_rule(&mut self, phrase: String, label: Option<String>) {
        let rule = match label {
            Some(label) => match label.parse::<crate::entities::EntityKind>() {
                Ok(kind) => crate::entities::PhraseRule::Always(kind),
                Err(err) => {
                    self.ui.error("Unknown entity kind", err.to_string());
                    return;
                }
            },
            None => crate::entities::PhraseRule::Never,
        };
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        self.edit(Command::EntityRule {
            phrase,
            rule: Some(rule),
        });
    }

    fn open_path(&mut self, path: PathBuf) {
        match OpenTarget::of(&path) {
            Ok(target) => {
                self.flush_note();
                self.jobs.open(target);
            }
            Err(err) => self.ui.error("Cannot open", err.to_string()),
        }
    }

    fn reset_view(&mut self) {
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

    fn save(&mut self, then: Option<Action>) {
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

    fn save_as(&mut self, then: Option<Action>) {
        self.flush_note();
        let Some(session) = &self.session else {
            return;
        };
        let suggested_name = session.workspace.display_name();
        self.ask(
            DialogRequest::SaveProject { suggested_name },
            DialogPurpose::SaveAs {
                then: then.map(Box::new),
            },
        );
    }

    fn remove_recovery(&mut self) {
        if let (Some(store), Some(session)) = (&self.recovery, &self.session)
            && let Some(key) = recovery_key(session)
        {
            let _ = store.remove(&key);
        }
        self.ui.recovery_written_at = None;
    }

    fn remove_recovery_if_clean(&mut self) {
        if self
            .session
            .as_ref()
            .is_some_and(|s| !s.workspace.is_dirty())
        {
            self.remove_recovery();
        }
    }

    fn restore_recovery(&mut self) {
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
                session.reconcile = report;
                session.apply_titles();
                self.ui.toast("Unsaved work restored: save it to keep it");
            }
            Err(err) => self
                .ui
                .error("Cannot restore the unsaved work", err.to_string()),
        }
    }

    // ---- background jobs -----------------------------------------------------------------

    pub(super) fn poll_jobs(&mut self) {
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
                        Ok(session) => self.opened(target, *session),
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
                JobDone::Dialog { answer, then, .. } => match (answer, then) {
                    (Some(path), DialogPurpose::Open) => {
                        // Unsaved changes were confirmed before the dialog opened.
                        self.open_path(path);
                    }
                    (Some(path), DialogPurpose::SaveAs { then }) => {
                        let path = super::services::with_project_extension(path);
                        // The folder key of a never-saved project gives way to the file.
                        self.remove_recovery();
                        if let Some(session) = &self.session {
                            let project = session.workspace.project.clone();
                            let state = session.workspace.history.state();
                            self.jobs.save(project, path, state, then.map(|b| *b));
                        }
                    }
                    (Some(path), DialogPurpose::Export(format)) => {
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
                    (Some(qdpx), DialogPurpose::ImportChooseFile) => {
                        // Asked right after the file: where its texts and project go.
                        self.ask(
                            DialogRequest::PickImportFolder,
                            DialogPurpose::ImportInto(qdpx),
                        );
                    }
                    (Some(folder), DialogPurpose::ImportInto(qdpx)) => {
                        self.jobs.import(qdpx, folder)
                    }
                    (None, _) => {}
                },
                JobDone::Exported(result) => match result {
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
                    Err(err) => self.ui.error("The export failed", err),
                },
                JobDone::Imported(result) => match result {
                    Ok(report) => {
                        let mut lines: Vec<String> = report
                            .mismatches
                            .iter()
                            .map(|m| format!("{}: {}", m.source, m.message))
                            .collect();
                        lines.extend(report.remarks.iter().cloned());
                        self.ui.toast(format!(
                            "Imported {} documents, {} tags and {} annotations",
                            report.documents.len(),
                            report.tags,
                            report.annotations
                        ));
                        if !lines.is_empty() {
                            self.ui.modal = Some(Modal::Report {
                                title: format!("Imported “{}”, with remarks", report.name),
                                lines,
                            });
                        }
                        self.actions.push(Action::OpenPath(report.project_file));
                    }
                    Err(err) => self.ui.error("The import failed", err),
                },
            }
        }
    }

    fn opened(&mut self, target: OpenTarget, session: Session) {
        let remembered = match &target {
            OpenTarget::Project(p) | OpenTarget::Folder(p) => p.clone(),
        };
        self.prefs
            .remember(remembered.canonicalize().unwrap_or(remembered));
        let report = &session.reconcile;
        let changed = report.totals.moved + report.totals.fuzzy;
        let orphaned = report.totals.orphaned;
        let skipped = session.corpus.report.skipped.len();
        self.session = Some(session);
        self.reset_view();
        self.ui.current_doc = self
            .session
            .as_ref()
            .and_then(|s| (!s.corpus.documents.is_empty()).then_some(0));
        let mut notes = Vec::new();
        if changed > 0 {
            notes.push(format!("{changed} annotations re-anchored to changed text"));
        }
        if orphaned > 0 {
            notes.push(format!("{orphaned} orphaned"));
        }
        if skipped > 0 {
            notes.push(format!("{skipped} files skipped"));
        }
        if !notes.is_empty() {
            self.ui.toast(notes.join(" · "));
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
    }

    fn offer_recovery(&mut self) {
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
                .map(super::panels::annotations::short_time)
                .unwrap_or_else(|_| "recently".to_owned());
            self.pending_recovery = Some(found);
            self.ui.modal = Some(Modal::OfferRecovery { written });
        }
    }

    // ---- window events -------------------------------------------------------------------

    pub(super) fn close_requested(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        let dirty = self
            .session
            .as_ref()
            .is_some_and(|s| s.workspace.is_dirty());
        if dirty && !self.ui.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.flush_note();
            self.ui.modal = Some(Modal::UnsavedChanges {
                then: Box::new(Action::Ui(UiCommand::Quit)),
            });
        } else if !dirty {
            self.remove_recovery();
        }
    }

    pub(super) fn dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.actions.push(Action::OpenPath(path));
        }
    }

    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.ui.modal.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input();
        // Shortcuts with more modifiers first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
        let mut all: Vec<(egui::KeyboardShortcut, UiCommand)> = UiCommand::ALL
            .iter()
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, *c)))
            .collect();
        all.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
        for (shortcut, command) in all {
            if typing && !command.works_while_typing() {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(Action::Ui(command));
            }
        }
    }

    pub(super) fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(s) => {
                let name = match &s.workspace.path {
                    Some(p) => p.file_name().map_or_else(
                        || s.workspace.display_name(),
                        |n| n.to_string_lossy().into_owned(),
                    ),
                    None => format!("{} (new project)", s.workspace.display_name()),
                };
                let marker = if s.workspace.is_dirty() { " *" } else { "" };
                format!("{name}{marker} — Dossier")
            }
            None => "Dossier".to_owned(),
        };
        if title != self.ui.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.ui.window_title = title;
        }
    }
}

fn modifier_count(m: egui::Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.command || m.ctrl)
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

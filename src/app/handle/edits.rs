//! Changes to the project: edits, undo and redo, annotating, tags, entity rules.

use crate::app::DossierApp;
use crate::app::actions::{Action, SideTab, TagTarget};
use crate::entities::EntityKind;
use crate::project::{Anchor, Command};
use crate::session::Session;
use crate::text::counted;

impl DossierApp {
    pub(super) fn edit(&mut self, command: Command) {
        let Some(session) = &mut self.session else {
            return;
        };
        let deleted = match &command {
            Command::DeleteAnnotation(id) => Some(*id),
            _ => None,
        };
        // Setting every document's title again walks the whole corpus: only after an
        // edit that may change one.
        let titles = command.may_change_titles();
        if let Err(err) = session.workspace.execute(command) {
            self.ui
                .error("That change could not be made", err.to_string());
            return;
        }
        if titles {
            session.apply_titles();
        }
        if deleted.is_some() && deleted == self.ui.selected_annotation {
            self.ui.selected_annotation = None;
        }
        if let Some(filter) = self.ui.tag_filter
            && !session.workspace.project.tags.contains_key(&filter)
        {
            self.ui.tag_filter = None;
        }
    }

    pub(super) fn undo_redo(&mut self, undo: bool) {
        self.flush_note();
        let actions = std::mem::take(&mut self.actions);
        for a in actions {
            if let Action::Edit(c) = a {
                let c = *c;
                self.edit(c);
            }
        }
        let Some(session) = &mut self.session else {
            return;
        };
        let history = &session.workspace.history;
        let titles = if undo {
            history.next_undo()
        } else {
            history.next_redo()
        }
        .is_some_and(Command::may_change_titles);
        let result = if undo {
            session.workspace.undo()
        } else {
            session.workspace.redo()
        };
        if titles {
            session.apply_titles();
        }
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
    pub(super) fn flush_note(&mut self) {
        if let Some(session) = &self.session {
            let now = self.config.clock.now();
            let mut actions = Vec::new();
            self.ui
                .annotations
                .flush(&session.workspace.project, now, &mut actions);
            for a in actions {
                if let Action::Edit(c) = a {
                    let c = *c;
                    self.edit(c);
                }
            }
        }
    }

    pub(super) fn annotate_selection(&mut self) {
        if self.ui.annotations.draft.is_some() {
            // With a draft open the command adds it: Ctrl+Enter and the "Add annotation"
            // button are one path, through the action that asks the coder's name first.
            if let Some(d) = &self.ui.annotations.draft {
                let (tags, note) = (d.tags.clone(), d.note.clone());
                self.actions
                    .push(Action::AnnotateSelectionWith { tags, note });
            }
            return;
        }
        let Some(doc) = self.current_document().cloned() else {
            return;
        };
        if let Some(region) = self.ui.reader.region {
            self.start_region_draft(&doc.path, region);
            return;
        }
        let Some(range) = self.ui.reader.selected_range() else {
            self.ui.toast("Select a passage in the text first");
            return;
        };
        // The quote never starts or ends with whitespace.
        let range = doc.text.trim_range(range);
        let Some(quote) = doc.text.slice(range.clone()).filter(|q| !q.is_empty()) else {
            self.ui.toast("Select a passage in the text first");
            return;
        };
        self.prefs.side_tab = SideTab::Annotations;
        self.ui
            .annotations
            .start_draft(doc.path.clone(), range, quote.to_owned());
    }

    /// Opens the draft of an annotation of a region of a page of `document` (its words
    /// quoted, if any).
    fn start_region_draft(&mut self, document: &str, region: crate::project::PageRegion) {
        let anchor = self.session.as_ref().and_then(|s| {
            let doc = s.corpus.index_of(document)?;
            s.region_anchor(doc, region)
        });
        let Some(anchor) = anchor else {
            self.ui
                .toast("That region is not on a page of this document");
            return;
        };
        self.prefs.side_tab = SideTab::Annotations;
        self.ui.annotations.start_region_draft(
            document.to_owned(),
            region,
            anchor.start..anchor.end,
            anchor.quote,
        );
    }

    pub(super) fn annotate(&mut self, tags: Vec<crate::project::TagId>, note: String) {
        let now = self.now();
        let (document, range, region) = match self.ui.annotations.draft.take() {
            Some(d) => (d.document, d.range, d.region),
            None => {
                let region = self.ui.reader.region;
                let range = self.ui.reader.selected_range();
                let Some(doc) = self
                    .current_document()
                    .filter(|_| range.is_some() || region.is_some())
                else {
                    self.ui.toast("Select a passage in the text first");
                    return;
                };
                (doc.path.clone(), range.unwrap_or_default(), region)
            }
        };
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(doc) = session.corpus.index_of(&document) else {
            return;
        };
        let note = note.trim().to_owned();
        let command = match region {
            Some(region) => session.annotate_region_command(doc, region, note, tags, now),
            None => session.annotate_command(doc, range, note, tags, now),
        };
        let Some(command) = command else {
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

    pub(super) fn create_tag(
        &mut self,
        name: &str,
        parent: Option<crate::project::TagId>,
        apply_to: TagTarget,
    ) {
        let now = self.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let annotation = match apply_to {
            TagTarget::Annotation(aid) => Some(aid),
            TagTarget::Nothing | TagTarget::Draft => None,
        };
        let Some((id, command)) = session.create_tag_command(name, parent, annotation, now) else {
            return;
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
    pub(super) fn annotate_hits(
        &mut self,
        hits: Vec<(String, std::ops::Range<usize>)>,
        tag: crate::session::TagPick,
        note: String,
    ) {
        let now = self.now();
        let Some(session) = &mut self.session else {
            return;
        };
        match session.annotate_hits_command(&hits, tag, &note, now) {
            Ok(done) => {
                let skipped = format!(
                    "{} already coded with this tag",
                    counted(done.already_annotated, "match was", "matches were")
                );
                let Some(command) = done.command else {
                    self.ui.toast(format!("Nothing to add: {skipped}"));
                    return;
                };
                self.edit(command);
                let mut message =
                    format!("{} added", counted(done.added, "annotation", "annotations"));
                if done.already_annotated > 0 {
                    message.push_str(&format!("; {skipped} and skipped"));
                }
                if done.invalid > 0 {
                    message.push_str(&format!(
                        "; {} no longer in the text",
                        counted(done.invalid, "match is", "matches are")
                    ));
                }
                self.ui.toast(message);
            }
            Err(err) => self
                .ui
                .error("Cannot annotate the matches", err.to_string()),
        }
    }

    pub(super) fn reattach(&mut self, id: crate::project::AnnotationId) {
        let now = self.now();
        let (Some(doc), Some(range)) = (
            self.current_document().cloned(),
            self.ui.reader.selected_range(),
        ) else {
            self.ui.toast("Select the passage in the text first");
            return;
        };
        let range = doc.text.trim_range(range);
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

    /// "Mark as entity" (with its kind) or "Not an entity" (without): a rule of the
    /// project's entity dictionary, applied in every document.
    pub(super) fn entity_rule(&mut self, phrase: String, kind: Option<EntityKind>) {
        self.edit(Session::entity_rule_command(&phrase, kind));
    }
}

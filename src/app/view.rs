//! Drawing the window: the layout of panels, and the per-frame inputs each panel gets.

use std::collections::HashMap;

use egui::{Panel, RichText};

use super::actions::{Action, CentralView, LeftTab, SideTab};
use super::computed::Same;
use super::entity_view::EntityView;
use super::panels::annotations::AnnotationInput;
use super::panels::doc_list::DocListInput;
use super::panels::entities::EntityRow;
use super::panels::menu_bar::MenuInput;
use super::panels::status_bar::{Progress, StatusInput};
use super::panels::{
    agreement, annotations, codebook, coded, dialogs, doc_list, entities, entity_index, map,
    menu_bar, network, palette, search, status_bar, timeline, welcome,
};
use super::reader::{self, AnnotationMark, EntityMark, ReaderInput, TagChoice};
use super::state::Toast;
use super::{DossierApp, layout, theme};
use crate::entities::EntityKind;
use crate::session::Session;

/// What the reader draws for the current document, rebuilt only when the project, the
/// document, the selected annotation, the entities or the visible kinds change (not every
/// frame: a long document has tens of thousands of marks).
#[derive(Default)]
pub struct ReaderCache {
    key: Option<ReaderCacheKey>,
    pub marks: Vec<AnnotationMark>,
    pub visible: Vec<EntityMark>,
    pub legend: Vec<(EntityKind, String, usize, bool)>,
    pub tags: Vec<TagChoice>,
    /// The entities tab's rows for the document.
    pub rows: Vec<EntityRow>,
    /// The document's annotations in text order, orphans last (the annotation panel's
    /// list: found once, not by a scan of the whole project every frame).
    pub annotations: Vec<crate::project::AnnotationId>,
    /// The previous and next message of the document's conversation, as (position in the
    /// corpus, title): the reader's thread links.
    pub thread: [Option<(usize, String)>; 2],
}

/// What the reader's marks were built from. The document's mentions and the corpus index
/// (its corpus counts) are known by identity rather than by a corpus-wide counter: while
/// the corpus is being recognised, other documents' results arrive nearly every frame.
#[derive(Clone, PartialEq)]
struct ReaderCacheKey {
    history_state: u64,
    document: String,
    selected: Option<crate::project::AnnotationId>,
    mentions: Same<Vec<crate::entities::Mention>>,
    index: Same<crate::entities::EntityIndex>,
    hidden: Vec<EntityKind>,
}

impl ReaderCache {
    fn refresh(
        &mut self,
        session: &Session,
        doc: &str,
        selected: Option<crate::project::AnnotationId>,
        entities: &EntityView,
        hidden: &std::collections::BTreeSet<EntityKind>,
    ) {
        let key = ReaderCacheKey {
            history_state: session.workspace.history.state(),
            document: doc.to_owned(),
            selected,
            mentions: Same(entities.mentions(doc).cloned()),
            index: Same(entities.index.clone()),
            hidden: hidden.iter().copied().collect(),
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let annotations = session.workspace.project.annotations_of(doc);
        self.annotations = annotations.iter().map(|a| a.id).collect();
        self.marks = annotation_marks(session, &annotations, selected);
        let all = entity_marks(entities, doc);
        self.visible = all
            .iter()
            .filter(|m| !hidden.contains(&m.kind))
            .cloned()
            .collect();
        self.legend = legend(&all, hidden);
        self.rows = entity_rows(&all);
        self.tags = tag_choices(session);
        self.thread = self.thread_links(session, doc);
        self.key = Some(key);
    }

    /// The previous and next message of `doc`'s thread, when it is an email.
    fn thread_links(&self, session: &Session, doc: &str) -> [Option<(usize, String)>; 2] {
        let corpus = &session.corpus;
        if corpus
            .get(doc)
            .is_none_or(|d| d.format != crate::corpus::Format::Email)
        {
            return [None, None];
        }
        let (previous, next) = corpus.threads.neighbours(doc);
        [previous, next].map(|id| {
            let i = corpus.index_of(id?)?;
            Some((i, corpus.documents[i].title.clone()))
        })
    }
}

/// What the status bar shows while a folder or project opens: the name being opened (with
/// a mailbox's messages read), the fraction done and the count of files read.
type LoadingProgress = (String, f32, String);

impl DossierApp {
    pub(super) fn draw(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.refresh_caches();
        let dark = ui.visuals().dark_mode;
        let context = self.command_context();
        // The panels queue their actions on a list of their own, handed back before the
        // overlays draw: the same list, in the same order, as if they pushed to it directly.
        let mut actions = std::mem::take(&mut self.actions);
        self.menu_bar(ui, context, &mut actions);
        let progress = self.loading_progress();
        self.status_bar(ui, progress.as_ref(), &mut actions);
        if self.session.is_some() {
            self.workbench(ui, dark, &mut actions);
        } else {
            egui::CentralPanel::default().show(ui, |ui| match &progress {
                Some((what, fraction, detail)) => {
                    welcome::loading(ui, what, *fraction, detail, &mut actions)
                }
                None => welcome::show(ui, &self.prefs.recent, &mut actions),
            });
        }
        self.actions = actions;
        self.ui.thumbs.end_frame(&ctx);
        self.overlays(&ctx);
    }

    /// Decides whether the derived counts and the reader's marks must be rebuilt (each is
    /// rebuilt only when what it depends on changed).
    fn refresh_caches(&mut self) {
        let Some(session) = &self.session else {
            return;
        };
        self.derived.refresh(session);
        let shown = self
            .ui
            .current_doc
            .and_then(|i| session.document(i))
            .map(|d| d.path.as_str())
            .or(self.ui.current_missing.as_deref());
        if let Some(path) = shown {
            self.reader_cache.refresh(
                session,
                path,
                self.ui.selected_annotation,
                &self.entities,
                &self.prefs.hidden_entity_kinds,
            );
        }
    }

    /// Draws the menu bar along the top, with the undo and redo labels of the history.
    fn menu_bar(
        &self,
        ui: &mut egui::Ui,
        context: super::actions::CommandContext,
        actions: &mut Vec<Action>,
    ) {
        Panel::top("menu-bar").show(ui, |ui| {
            let (undo, redo) = match &self.session {
                Some(s) => (
                    s.workspace.history.undo_label(),
                    s.workspace.history.redo_label(),
                ),
                None => (None, None),
            };
            let input = MenuInput {
                context,
                undo,
                redo,
                recent: &self.prefs.recent,
                theme: self.prefs.theme,
                side_tab: self.prefs.side_tab,
            };
            menu_bar::show(ui, &input, actions);
        });
    }

    /// What opening a folder or project has done so far, if one is opening.
    fn loading_progress(&self) -> Option<LoadingProgress> {
        self.jobs.loading.as_ref().map(|(target, p)| {
            let status = p.status();
            // The bar holds the files and the time left; a mailbox's messages read go
            // with the name, which has the room.
            let what = match status.parts_read() {
                Some(parts) => format!("{}: {parts}", target_name(target)),
                None => target_name(target),
            };
            (what, status.fraction(), status.describe())
        })
    }

    /// Draws the status bar along the bottom: the project, the document, the counts, the
    /// save state, and the progress of opening or else of recognising entities.
    fn status_bar(
        &self,
        ui: &mut egui::Ui,
        progress: Option<&LoadingProgress>,
        actions: &mut Vec<Action>,
    ) {
        Panel::bottom("status-bar").show(ui, |ui| {
            let session = self.session.as_ref();
            let doc = self
                .ui
                .current_doc
                .and_then(|i| session.and_then(|s| s.document(i)));
            let name = session.map(|s| s.workspace.display_name());
            let input = StatusInput {
                project: name.as_deref(),
                document: doc.map(|d| d.title.as_str()),
                documents: session.map_or(0, |s| s.corpus.documents.len()),
                annotations: session.map_or(0, |s| s.workspace.project.annotations.len()),
                orphans: self.derived.orphan_count,
                entities: doc.and_then(|d| self.entities.counts.get(&d.path).copied()),
                dirty: session.is_some_and(|s| s.workspace.is_dirty()),
                changed_by_opening: session.is_some_and(|s| s.unsaved_from_opening),
                saving: self.jobs.saving,
                saved_at: self.ui.saved_at,
                progress: progress
                    .map(|(w, f, d)| Progress {
                        what: format!("Opening {w}"),
                        fraction: *f,
                        detail: d.clone(),
                        stop_label: "Cancel opening",
                        stop: Action::CancelLoad,
                    })
                    .or_else(|| self.ocr_progress())
                    .or_else(|| self.entities_progress()),
                report: session.map_or_else(Default::default, |_| self.derived.report),
                merge_conflicts: session.map_or(0, |s| s.workspace.project.merge_conflicts.len()),
            };
            status_bar::show(ui, &input, actions);
        });
    }

    /// The status bar's progress of the OCR pass: pages done of pages to do, pages a
    /// second, time left.
    fn ocr_progress(&self) -> Option<Progress> {
        let now = self.jobs.ocr.as_ref()?.now();
        Some(Progress {
            what: format!(
                "Reading scanned pages, {:.1} pages/s",
                now.pages_per_second()
            ),
            fraction: if now.total == 0 {
                0.0
            } else {
                now.done as f32 / now.total as f32
            },
            // Short enough for the bar; the pace is in the label before it.
            detail: match now.seconds_left() {
                Some(left) => format!("{}/{} pages, {} s left", now.done, now.total, left.ceil()),
                None => format!("{}/{} pages", now.done, now.total),
            },
            stop_label: "Cancel",
            stop: Action::CancelOcr,
        })
    }

    /// The status bar's progress of entity recognition over the corpus, while it runs.
    fn entities_progress(&self) -> Option<Progress> {
        self.entities.progress().map(|(done, total)| Progress {
            what: "Recognising entities".to_owned(),
            fraction: if total == 0 {
                1.0
            } else {
                done as f32 / total as f32
            },
            detail: format!(
                "{done} / {}",
                crate::text::counted(total, "document", "documents")
            ),
            stop_label: "Stop",
            stop: Action::StopEntities,
        })
    }

    /// Draws an open project's panels: the document list or search on the left, the side
    /// panel on the right beside the reader, and the central view; records their widths.
    fn workbench(&mut self, ui: &mut egui::Ui, dark: bool, actions: &mut Vec<Action>) {
        let total = ui.available_width();
        let right_shown = self.ui.central == CentralView::Reader;
        let left_width = self.left_panel(ui, total, right_shown, actions);
        let right_width = if right_shown {
            self.right_panel(ui, total - left_width, actions)
        } else {
            0.0
        };
        let centre = egui::CentralPanel::default()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0))
            .show(ui, |ui| {
                central_tabs(ui, self.ui.central, actions);
                if self.ui.central == CentralView::Reader {
                    self.reader_view(ui, dark, actions);
                } else {
                    self.corpus_view(ui, actions);
                }
            });
        self.ui.panel_widths = (left_width, centre.response.rect.width(), right_width);
    }

    /// Draws the left panel (its tabs, then the document list or the search) and returns
    /// its width.
    fn left_panel(
        &mut self,
        ui: &mut egui::Ui,
        total: f32,
        right_shown: bool,
        actions: &mut Vec<Action>,
    ) -> f32 {
        let left = Panel::left("documents")
            .resizable(true)
            .default_size(layout::LEFT_DEFAULT)
            .size_range(layout::left_range(total, right_shown))
            .show(ui, |ui| {
                ui.add_space(theme::SPACE_M);
                ui.horizontal(|ui| {
                    for (tab, label) in [
                        (LeftTab::Documents, "Documents"),
                        (LeftTab::Search, "Search"),
                    ] {
                        let command = tab.command();
                        let hint = command.with_shortcut(ui.ctx(), command.description());
                        if ui
                            .selectable_label(self.ui.left == tab, label)
                            .on_hover_text(hint)
                            .clicked()
                        {
                            actions.push(Action::Ui(command));
                        }
                    }
                });
                ui.separator();
                self.left_contents(ui, actions);
            });
        left.response.rect.width()
    }

    /// Draws the left panel's current tab: the folder's other projects and the document
    /// list, or the corpus search.
    fn left_contents(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            return;
        };
        match self.ui.left {
            LeftTab::Documents => {
                folder_projects(ui, &self.ui.folder_projects, actions);
                let input = DocListInput {
                    documents: &session.corpus.documents,
                    copies: &session.corpus.copies,
                    near: &session.corpus.near,
                    current: self.ui.current_doc,
                    annotation_counts: &self.derived.annotation_counts,
                    orphan_counts: &self.derived.orphan_counts,
                    entity_counts: &self.entities.counts,
                    counts_key: self.derived.key,
                    titles_revision: session.titles_revision(),
                    project: &session.workspace.project,
                    missing: &self.derived.missing,
                    current_missing: self.ui.current_missing.as_deref(),
                    coder: self.prefs.coder.as_deref(),
                    threads: &session.corpus.threads,
                    by_conversation: self.prefs.group_by_conversation,
                };
                doc_list::show(ui, &mut self.ui.doc_list, &input, actions);
            }
            LeftTab::Search => {
                search::show(
                    ui,
                    &mut self.search,
                    &session.workspace.project,
                    session.workspace.history.state(),
                    actions,
                );
            }
        }
    }

    /// Draws the side panel beside the reader (`max_total` is the width left of the window
    /// once the left panel is drawn) and returns its width.
    fn right_panel(&mut self, ui: &mut egui::Ui, max_total: f32, actions: &mut Vec<Action>) -> f32 {
        let Some(session) = &self.session else {
            return 0.0;
        };
        let right = Panel::right("side")
            .resizable(true)
            .default_size(layout::RIGHT_DEFAULT)
            .size_range(layout::right_range(max_total))
            .show(ui, |ui| {
                side_panel(
                    ui,
                    session,
                    &mut self.ui,
                    &mut self.prefs,
                    &self.derived,
                    &mut self.entities,
                    &self.reader_cache.rows,
                    &self.reader_cache.annotations,
                    self.config.clock.now(),
                    actions,
                )
            });
        right.response.rect.width()
    }

    /// Draws one of the views of the corpus as a whole in the centre: coded passages,
    /// timeline, map, network or entity index.
    fn corpus_view(&mut self, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            return;
        };
        match self.ui.central {
            CentralView::Reader => {}
            CentralView::Coded => {
                coded::show(
                    ui,
                    &mut self.ui.coded,
                    &mut self.ui.thumbs,
                    &session.workspace.project,
                    &session.corpus,
                    session.workspace.history.state(),
                    actions,
                );
            }
            CentralView::Timeline => {
                timeline::show(
                    ui,
                    &mut self.ui.timeline,
                    &timeline::TimelineInput {
                        index: self.entities.index.as_ref(),
                        generation: self.entities.generation,
                        corpus: &session.corpus,
                        project: &session.workspace.project,
                        history_state: session.workspace.history.state(),
                    },
                    actions,
                );
            }
            CentralView::Map => {
                map::show(
                    ui,
                    &mut self.ui.map,
                    &map::MapInput {
                        index: self.entities.index.as_ref(),
                        generation: self.entities.generation,
                        corpus: &session.corpus,
                        project: &session.workspace.project,
                        current: self
                            .ui
                            .current_doc
                            .and_then(|i| session.document(i))
                            .map(|d| d.path.as_str()),
                        history_state: session.workspace.history.state(),
                        search: self
                            .search
                            .searched()
                            .zip(self.search.results.as_ref())
                            .map(|(q, r)| (q.pattern.as_str(), r)),
                    },
                    actions,
                );
            }
            CentralView::Network => {
                network::show(
                    ui,
                    &mut self.ui.network,
                    self.entities.index.as_ref(),
                    self.entities.generation,
                    &session.corpus,
                    actions,
                );
            }
            CentralView::Agreement => {
                agreement::show(
                    ui,
                    &mut self.ui.agreement,
                    &agreement::AgreementInput {
                        project: &session.workspace.project,
                        corpus: &session.corpus,
                        history_state: session.workspace.history.state(),
                    },
                    actions,
                );
            }
            CentralView::Entities => {
                entity_index::show(
                    ui,
                    &mut self.ui.entity_index,
                    self.entities.index.as_ref(),
                    self.entities.generation,
                    &session.corpus,
                    self.entities.pending(),
                    actions,
                );
            }
        }
    }

    /// Draws the reader in the centre: the current document, else the missing document's
    /// notice, else a hint to choose one (or that the folder has none Dossier can read).
    fn reader_view(&mut self, ui: &mut egui::Ui, dark: bool, actions: &mut Vec<Action>) {
        let Some(session) = &self.session else {
            return;
        };
        let doc = self
            .ui
            .current_doc
            .and_then(|i| session.document(i))
            .cloned();
        match doc {
            Some(doc) => {
                let cache = &self.reader_cache;
                let input = ReaderInput {
                    doc: &doc,
                    annotations: &cache.marks,
                    entities: &cache.visible,
                    legend: &cache.legend,
                    tags: &cache.tags,
                    font_size: self.prefs.reading_size,
                    dark,
                    entities_pending: self.entities.pending(),
                    project: &session.workspace.project,
                    coder: self.prefs.coder.as_deref(),
                    corpus_root: &session.corpus.root,
                    copies: &session.corpus.copies,
                    thread: &cache.thread,
                };
                reader::show(ui, &mut self.ui.reader, &input, actions);
            }
            None => match self
                .ui
                .current_missing
                .as_deref()
                .and_then(|p| self.derived.missing.iter().find(|m| m.path == p))
            {
                Some(missing) => missing_document(ui, missing),
                None => {
                    ui.centered_and_justified(|ui| {
                        let text = if session.corpus.documents.is_empty() {
                            "This folder has no documents Dossier can read \
                             (text, Markdown, web pages, PDF, Word or \
                             OpenDocument files)."
                        } else {
                            "Choose a document in the list."
                        };
                        ui.label(RichText::new(text).color(theme::weak_text(ui)));
                    });
                }
            },
        }
    }
}

#[allow(
    clippy::too_many_arguments,
    reason = "the side panel draws from every part of the app state, borrowed apart so that each is mutable on its own"
)]
fn side_panel(
    ui: &mut egui::Ui,
    session: &Session,
    uis: &mut super::state::UiState,
    prefs: &mut super::state::Prefs,
    derived: &super::state::Derived,
    entity_view: &mut EntityView,
    rows: &[EntityRow],
    annotations: &[crate::project::AnnotationId],
    now: jiff::Timestamp,
    actions: &mut Vec<Action>,
) {
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        for (tab, label) in [
            (SideTab::Annotations, "Annotations"),
            (SideTab::Entities, "Entities"),
            (SideTab::Codebook, "Codebook"),
        ] {
            let command = tab.command();
            if ui
                .selectable_label(prefs.side_tab == tab, label)
                .on_hover_text(command.with_shortcut(ui.ctx(), command.description()))
                .clicked()
            {
                actions.push(Action::Ui(command));
            }
        }
    });
    ui.separator();
    let doc = uis.current_doc.and_then(|i| session.document(i)).cloned();
    match prefs.side_tab {
        SideTab::Annotations => {
            let selection = doc.as_ref().and_then(|d| {
                let r = uis.reader.selected_range()?;
                Some((r.clone(), d.text.slice(r)?))
            });
            let input = AnnotationInput {
                project: &session.workspace.project,
                document: doc
                    .as_ref()
                    .map(|d| d.path.as_str())
                    .or(uis.current_missing.as_deref()),
                doc: doc.as_ref(),
                annotations,
                selection,
                region: uis.reader.region,
                corpus_root: &session.corpus.root,
                selected: uis.selected_annotation,
                tag_filter: uis.tag_filter,
                coder_filter: &uis.coder_filter,
                coder_choices: &derived.coder_choices,
                now,
            };
            annotations::show(ui, &mut uis.annotations, &mut uis.thumbs, &input, actions);
        }
        SideTab::Entities => {
            let pending = entity_view.pending();
            entities::show(
                ui,
                &mut entity_view.tab,
                doc.as_ref().map(|d| d.path.as_str()),
                rows,
                pending,
                actions,
            );
        }
        SideTab::Codebook => {
            codebook::show(
                ui,
                &mut uis.codebook,
                &session.workspace.project,
                &derived.tag_usage,
                uis.tag_filter,
                actions,
            );
        }
    }
}

impl DossierApp {
    fn overlays(&mut self, ctx: &egui::Context) {
        if let Some(modal) = self.ui.modal.clone() {
            let project = self.session.as_ref().map(|s| &s.workspace.project);
            let skipped = self
                .session
                .as_ref()
                .map_or(&[][..], |s| &s.corpus.report.skipped[..]);
            if !dialogs::show(ctx, &modal, project, skipped, &mut self.actions) {
                self.ui.close_modal();
            }
        }
        if let Some(comparison) = &self.ui.compare
            && !super::panels::compare::window(ctx, comparison, &mut self.actions)
        {
            self.actions.push(super::actions::Action::CloseComparison);
        }
        if let Some(session) = &self.session {
            super::panels::merge::conflicts_window(
                ctx,
                &mut self.ui.merge,
                session,
                &mut self.actions,
            );
        }
        let context = self.command_context();
        if let Some(state) = &mut self.ui.palette
            && !palette::show(ctx, state, &context, &mut self.actions)
        {
            self.ui.palette = None;
        }
        self.ui
            .toasts
            .retain(|t| t.shown.elapsed() < Toast::LIFETIME);
        if !self.ui.toasts.is_empty() {
            ctx.request_repaint_after(std::time::Duration::from_millis(250));
            egui::Area::new(egui::Id::unique("toasts"))
                .anchor(egui::Align2::RIGHT_BOTTOM, egui::vec2(-16.0, -40.0))
                .interactable(false)
                .show(ctx, |ui| {
                    for toast in &self.ui.toasts {
                        let age =
                            toast.shown.elapsed().as_secs_f32() / Toast::LIFETIME.as_secs_f32();
                        let alpha = if age > 0.8 { (1.0 - age) * 5.0 } else { 1.0 };
                        egui::Frame::popup(ui.style())
                            .multiply_with_opacity(alpha)
                            .show(ui, |ui| {
                                ui.label(&toast.text);
                            });
                    }
                });
        }
    }
}

fn target_name(target: &crate::session::OpenTarget) -> String {
    let p = target.path();
    p.file_name().map_or_else(
        || p.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The annotations of a document as the reader draws them (colour of the first tag).
fn annotation_marks(
    session: &Session,
    annotations: &[&crate::project::Annotation],
    selected: Option<crate::project::AnnotationId>,
) -> Vec<AnnotationMark> {
    let project = &session.workspace.project;
    let mut marks: Vec<AnnotationMark> = annotations
        .iter()
        .filter(|a| !a.orphaned)
        .map(|a| AnnotationMark {
            id: a.id,
            range: a.anchor.start..a.anchor.end,
            colour: a
                .tags
                .first()
                .and_then(|t| project.tags.get(t))
                .map_or(egui::Color32::from_gray(140), |t| theme::rgb(t.colour)),
            selected: selected == Some(a.id),
            wording_changed: a.anchor.wording_changed(),
            region: a.anchor.region.map(|region| reader::RegionMark {
                region,
                hover: region_hover(project, a),
            }),
        })
        .collect();
    marks.sort_by_key(|m| (m.range.start, m.range.end));
    marks
}

/// What hovering a region on its page says: its tags, and its note (or that it has none).
fn region_hover(project: &crate::project::Project, a: &crate::project::Annotation) -> String {
    let tags: Vec<&str> = a
        .tags
        .iter()
        .filter_map(|t| project.tags.get(t))
        .map(|t| t.name.as_str())
        .collect();
    let tags = if tags.is_empty() {
        "Region, no tag".to_owned()
    } else {
        format!("Region: {}", tags.join(", "))
    };
    let note = if a.note.is_empty() {
        "No note".to_owned()
    } else {
        crate::text::shorten(&a.note, 200)
    };
    format!("{tags}\n{note}")
}

fn tag_choices(session: &Session) -> Vec<TagChoice> {
    let project = &session.workspace.project;
    project
        .tag_tree()
        .into_iter()
        .map(|(_, t)| TagChoice {
            id: t.id,
            path: project.tag_path(t.id),
            colour: theme::rgb(t.colour),
        })
        .collect()
}

/// Legend entries: kinds present in the document in the standard order.
fn legend(
    marks: &[EntityMark],
    hidden: &std::collections::BTreeSet<EntityKind>,
) -> Vec<(EntityKind, String, usize, bool)> {
    EntityKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let count = marks.iter().filter(|m| m.kind == kind).count();
            (count > 0).then(|| {
                (
                    kind,
                    kind.display_name().to_owned(),
                    count,
                    !hidden.contains(&kind),
                )
            })
        })
        .collect()
}

/// The reader's place for a document whose file is gone: what happened and what to do.
/// Its annotations are in the panel on the right, kept as orphans.
fn missing_document(ui: &mut egui::Ui, missing: &crate::session::MissingDocument) {
    egui::Frame::new()
        .inner_margin(egui::Margin::same(theme::SPACE_L as i8 * 2))
        .show(ui, |ui| {
            ui.heading(&missing.title);
            ui.add_space(theme::SPACE_S);
            ui.label(
                RichText::new(format!("⚠ File missing: {}", missing.path))
                    .color(theme::warning(ui.visuals().dark_mode)),
            );
            ui.add_space(theme::SPACE_M);
            ui.label(format!(
                "The file is no longer in the corpus folder. Its {} kept with their quotes, \
                 notes and tags (listed on the right).",
                crate::text::counted(missing.annotations, "annotation is", "annotations are")
            ));
            ui.label(
                "Put the file back (or a new version of it) under the same name and open the \
                 project again: its annotations are found again in the text. A file moved or \
                 renamed with the same content is followed automatically.",
            );
        });
}

/// "This folder has a saved project": one click opens it instead of a new project.
fn folder_projects(ui: &mut egui::Ui, projects: &[std::path::PathBuf], actions: &mut Vec<Action>) {
    let Some(first) = projects.first() else {
        return;
    };
    ui.add_space(theme::SPACE_M);
    egui::Frame::group(ui.style())
        .fill(theme::accent(ui.visuals().dark_mode).gamma_multiply(0.12))
        .corner_radius(theme::RADIUS)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let name = first
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            ui.label(RichText::new("This folder has a saved project:").small());
            ui.label(RichText::new(&name).strong());
            if ui
                .button("Open the project")
                .on_hover_text(first.display().to_string())
                .clicked()
            {
                actions.push(Action::OpenPath(first.clone()));
            }
        });
}

/// The reader's entity marks for a document, with corpus counts once the index is built.
fn entity_marks(entities: &EntityView, doc: &str) -> Vec<EntityMark> {
    let Some(mentions) = entities.mentions(doc) else {
        return Vec::new();
    };
    mentions
        .iter()
        .map(|m| EntityMark {
            range: m.start..m.end,
            kind: m.kind,
            kind_name: m.kind.display_name().to_owned(),
            name: m.key.clone(),
            corpus_count: entities
                .index
                .as_ref()
                .and_then(|i| i.summary(m.kind, &m.key))
                .map_or(0, |s| s.mentions),
            detail: m.detail_text(),
            place: m.place().cloned(),
        })
        .collect()
}

/// The entities of a document for the Entities tab: by kind, most mentioned first.
fn entity_rows(marks: &[EntityMark]) -> Vec<EntityRow> {
    let mut rows: Vec<EntityRow> = Vec::new();
    let mut at: HashMap<(EntityKind, String), usize> = HashMap::new();
    for m in marks {
        let key = (m.kind, m.name.clone());
        let i = *at.entry(key).or_insert_with(|| {
            rows.push(EntityRow {
                kind: m.kind,
                kind_name: m.kind_name.clone(),
                name: m.name.clone(),
                mentions: Vec::new(),
                corpus_count: m.corpus_count,
            });
            rows.len() - 1
        });
        rows[i].mentions.push(m.range.clone());
    }
    // Kinds in display order (their declaration order).
    rows.sort_by(|a, b| {
        a.kind
            .cmp(&b.kind)
            .then(b.mentions.len().cmp(&a.mentions.len()))
            .then(a.name.cmp(&b.name))
    });
    rows
}

/// The tabs above the central area, one per view of [`CentralView::ALL`]. They never clip:
/// when the full names do not fit the centre's width the short ones are used, and when
/// even those do not fit the row scrolls sideways.
fn central_tabs(ui: &mut egui::Ui, current: CentralView, actions: &mut Vec<Action>) {
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(
            theme::SPACE_L as i8,
            theme::SPACE_S as i8,
        ))
        .show(ui, |ui| {
            let short = full_tabs_width(ui) > ui.available_width();
            egui::ScrollArea::horizontal()
                .id_salt("central-tabs")
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for view in CentralView::ALL {
                            let (full, brief) = view.tab_labels();
                            let command = view.command();
                            let hover = command.with_shortcut(ui.ctx(), command.description());
                            if ui
                                .selectable_label(current == view, if short { brief } else { full })
                                .on_hover_text(hover)
                                .clicked()
                            {
                                actions.push(Action::Ui(command));
                            }
                        }
                    });
                });
        });
    ui.separator();
}

/// The width the row of tabs takes with their full names: text, button padding and the
/// gaps between (the galleys are cached by egui, so this is cheap every frame).
fn full_tabs_width(ui: &egui::Ui) -> f32 {
    let font = egui::TextStyle::Button.resolve(ui.style());
    let spacing = ui.spacing();
    let per_tab = 2.0 * spacing.button_padding.x + spacing.item_spacing.x;
    CentralView::ALL
        .iter()
        .map(|view| {
            let (full, _) = view.tab_labels();
            let galley = ui.painter().layout_no_wrap(
                full.to_owned(),
                font.clone(),
                egui::Color32::PLACEHOLDER,
            );
            galley.size().x + per_tab
        })
        .sum()
}

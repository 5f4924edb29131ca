//! Modal dialogs: unsaved changes, delete a tag in use, errors, the load report, recovery,
//! about. Each answers with actions; none blocks the frame loop.

use egui::{Id, Key, RichText};

use crate::app::actions::Action;
use crate::app::state::Modal;
use crate::app::theme;
use crate::corpus::Skipped;
use crate::project::{AnnotationId, ChangesSinceSave, Command, Project, TagId};

/// Shows `modal`; returns whether it stays open.
pub fn show(
    ctx: &egui::Context,
    modal: &Modal,
    project: Option<&Project>,
    skipped: &[Skipped],
    actions: &mut Vec<Action>,
) -> bool {
    let mut open = true;
    let response = egui::Modal::new(Id::unique("dossier-modal")).show(ctx, |ui| {
        ui.set_max_width(440.0);
        let escape = ui.input(|i| i.key_pressed(Key::Escape));
        match modal {
            Modal::UnsavedChanges { then } => unsaved_changes(ui, then, escape, actions, &mut open),
            Modal::ConfirmDeleteTag { tag, uses } => confirm_delete_tag(ui, *tag, *uses, project, escape, actions, &mut open),
            Modal::Error { title, message } => error(ui, title, message, escape, &mut open),
            Modal::LoadReport => {
                ui.heading(crate::text::counted(skipped.len(), "file was not loaded", "files were not loaded"));
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    egui::Grid::new("skipped").striped(true).num_columns(2).show(ui, |ui| {
                        for s in skipped {
                            ui.label(RichText::new(&s.path).monospace());
                            ui.label(s.reason.to_string());
                            ui.end_row();
                        }
                    });
                });
                if ui.button("Close").clicked() || escape {
                    open = false;
                }
            }
            Modal::Report { title, lines } => report(ui, title, lines, escape, &mut open),
            Modal::About => about(ui, escape, &mut open),
            Modal::TypePath { title, text, then } => {
                if let Some(path) = type_path(ui, title, text, escape, actions, &mut open) {
                    actions.push(Action::PathTyped {
                        path,
                        then: then.clone(),
                    });
                }
            }
            Modal::Changes(changes) => {
                changes_dialog(ui, changes, project, actions, &mut open);
                if escape {
                    open = false;
                }
            }
            Modal::CoderName { text, then } => coder_name(ui, text, then.as_deref(), escape, actions, &mut open),
            Modal::Orphans => {
                orphans_dialog(ui, project, actions, &mut open);
                if escape {
                    open = false;
                }
            }
            Modal::MergeSummary { from, headline, remarks, conflicts, nothing_new } => {
                let summary = super::merge::Summary { from, headline, remarks, conflicts: *conflicts, nothing_new: *nothing_new };
                super::merge::summary_dialog(ui, &summary, escape, actions, &mut open);
            }
            Modal::OcrLanguages { chosen, installed } => {
                let current = project.and_then(|p| p.ocr_languages.as_ref());
                let dialog = super::ocr_languages::LanguagesDialog { chosen, installed, current };
                super::ocr_languages::show(ui, &dialog, escape, actions, &mut open);
            }
            Modal::Damaged { message, backup } => damaged(ui, message, backup.as_deref(), escape, actions, &mut open),
            Modal::OfferRecovery { written } => {
                ui.heading("Restore unsaved work?");
                ui.label(format!(
                    "Dossier found changes to this project that were never saved (last written {written}). \
                     The previous session probably ended unexpectedly."
                ));
                ui.add_space(theme::SPACE_M);
                ui.horizontal(|ui| {
                    if ui.button(RichText::new("Restore").strong()).clicked() {
                        actions.push(Action::RestoreRecovery);
                        open = false;
                    }
                    if ui.button("Discard").on_hover_text("Delete the recovered changes").clicked() {
                        actions.push(Action::DismissRecovery);
                        open = false;
                    }
                });
            }
        }
    });
    if response.should_close()
        && !matches!(
            modal,
            Modal::OfferRecovery { .. } | Modal::UnsavedChanges { .. }
        )
    {
        open = false;
    }
    open
}

/// Save, Discard or Cancel before going on to `then`.
fn unsaved_changes(
    ui: &mut egui::Ui,
    then: &Action,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    ui.heading("Save changes?");
    ui.label("This project has unsaved changes. Save them before continuing?");
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("Save").strong()).clicked() {
            actions.push(Action::SaveThen(Box::new(then.clone())));
            *open = false;
        }
        if ui
            .button("Discard")
            .on_hover_text("Lose the unsaved changes")
            .clicked()
        {
            actions.push(Action::Discarded(Box::new(then.clone())));
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            *open = false;
        }
    });
}

/// Deleting a tag in use: what happens to its annotations and sub-tags.
fn confirm_delete_tag(
    ui: &mut egui::Ui,
    tag: TagId,
    uses: usize,
    project: Option<&Project>,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    let dark = ui.visuals().dark_mode;
    let name = project
        .and_then(|p| p.tags.get(&tag))
        .map_or("this tag", |t| t.name.as_str());
    ui.heading(format!("Delete “{name}”?"));
    let children = project.map_or(0, |p| {
        p.tags.values().filter(|t| t.parent == Some(tag)).count()
    });
    let mut text = match uses {
        0 => "No annotation uses it.".to_owned(),
        1 => "1 annotation uses it; the annotation stays, without this tag.".to_owned(),
        n => format!("{n} annotations use it; they stay, without this tag."),
    };
    if children > 0 {
        text.push_str(&format!(
            " Its {} up one level.",
            crate::text::counted(children, "sub-tag moves", "sub-tags move")
        ));
    }
    ui.label(text);
    ui.label(
        RichText::new(super::widgets::undo_hint(
            ui.ctx(),
            "Nothing is lost for good",
        ))
        .small()
        .color(theme::weak_text(ui)),
    );
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        let delete = egui::Button::new(
            RichText::new("Delete tag")
                .color(theme::error(dark))
                .strong(),
        );
        if ui.add(delete).clicked() {
            actions.push(Action::edit(Command::DeleteTag(tag)));
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            *open = false;
        }
    });
}

/// The project file cannot be read: what is wrong, and its backup when there is one.
fn damaged(
    ui: &mut egui::Ui,
    message: &str,
    backup: Option<&std::path::Path>,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    let dark = ui.visuals().dark_mode;
    ui.heading(RichText::new("The project file is damaged").color(theme::error(dark)));
    ui.add(egui::Label::new(message).wrap());
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        if let Some(backup) = backup
            && ui
                .button(RichText::new("Open the backup").strong())
                .on_hover_text(format!(
                    "Open {} as an unsaved copy; the damaged file stays as it is",
                    backup.display()
                ))
                .clicked()
        {
            actions.push(Action::OpenPath(backup.to_owned()));
            *open = false;
        }
        if ui.button("Close").clicked() || escape {
            *open = false;
        }
    });
}

/// An error to acknowledge (OK, Escape or Enter).
fn error(ui: &mut egui::Ui, title: &str, message: &str, escape: bool, open: &mut bool) {
    let dark = ui.visuals().dark_mode;
    ui.heading(RichText::new(title).color(theme::error(dark)));
    ui.add(egui::Label::new(message).wrap());
    ui.add_space(theme::SPACE_M);
    if ui.button("OK").clicked() || escape || ui.input(|i| i.key_pressed(Key::Enter)) {
        *open = false;
    }
}

/// What an export or import has to say, a line each.
fn report(ui: &mut egui::Ui, title: &str, lines: &[String], escape: bool, open: &mut bool) {
    ui.heading(title);
    egui::ScrollArea::vertical()
        .max_height(320.0)
        .show(ui, |ui| {
            for line in lines {
                ui.add(egui::Label::new(format!("• {line}")).wrap());
            }
        });
    if ui.button("Close").clicked() || escape {
        *open = false;
    }
}

/// The version, what Dossier is, and the licences of what it ships.
fn about(ui: &mut egui::Ui, escape: bool, open: &mut bool) {
    ui.heading("Dossier");
    ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
    ui.label("A research workbench: read, annotate and code a folder of documents.");
    ui.label(
        RichText::new(
            "Fonts: Inter and Noto (SIL Open Font License). Place names: GeoNames (CC BY 4.0).",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    if ui.button("Close").clicked() || escape {
        *open = false;
    }
}

/// No file dialog could be shown: a field for the path; the path once OK (or Enter).
fn type_path(
    ui: &mut egui::Ui,
    title: &str,
    text: &str,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) -> Option<std::path::PathBuf> {
    ui.heading(title);
    ui.label(
        "No file dialog could be shown on this system (on Linux Dossier uses the \
         desktop portal, or zenity when there is none). Type the path instead:",
    );
    let mut typed = text.to_owned();
    let field = ui.add(
        egui::TextEdit::singleline(&mut typed)
            .hint_text("Path")
            .desired_width(f32::INFINITY),
    );
    super::widgets::focus_once(ui, &field, Id::unique("type-path-focus"));
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if typed != text {
        actions.push(Action::EditTypedPath(typed.clone()));
    }
    ui.add_space(theme::SPACE_M);
    let mut path = None;
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(
            !typed.trim().is_empty(),
            egui::Button::new(RichText::new("OK").strong()),
        );
        if (ok.clicked() || enter) && !typed.trim().is_empty() {
            path = Some(expand_home(typed.trim()));
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            *open = false;
        }
    });
    path
}

/// The coder's name: asked the first time the user annotates (the annotation is made once
/// it is given), or changed from the Edit menu.
fn coder_name(
    ui: &mut egui::Ui,
    text: &str,
    then: Option<&Action>,
    escape: bool,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    ui.heading("Your name as coder");
    ui.label(
        "Dossier records who coded each passage, so that several people can code one project          and compare their work. It is kept on this computer; change it in Edit > Coder Name….",
    );
    let mut typed = text.to_owned();
    let field = ui.add(
        egui::TextEdit::singleline(&mut typed)
            .hint_text("Coder name")
            .desired_width(f32::INFINITY),
    );
    super::widgets::focus_once(ui, &field, Id::unique("coder-name-focus"));
    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    if typed != text {
        actions.push(Action::EditCoderName(typed.clone()));
    }
    ui.add_space(theme::SPACE_M);
    let named = crate::app::state::coder_name(&typed).is_some();
    ui.horizontal(|ui| {
        let ok = ui.add_enabled(named, egui::Button::new(RichText::new("OK").strong()));
        if (ok.clicked() || enter) && named {
            actions.push(Action::SetCoderName {
                name: typed.clone(),
                then: then.map(|t| Box::new(t.clone())),
            });
            *open = false;
        }
        if ui.button("Cancel").clicked() || escape {
            *open = false;
        }
    });
}

/// `~/…` as the user's home folder (people type it; file APIs do not expand it).
fn expand_home(typed: &str) -> std::path::PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(typed),
    }
}

/// One clickable line per annotation: its document, paragraph-free quote and note.
fn annotation_line(
    ui: &mut egui::Ui,
    project: &Project,
    id: AnnotationId,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    let Some(a) = project.annotations.get(&id) else {
        return;
    };
    let title = project
        .document_title(&a.document, None)
        .unwrap_or(a.document.as_str());
    let quote = crate::text::shorten(&a.anchor.quote, 70);
    let response = ui
        .add(
            egui::Label::new(format!("{title}: “{quote}”"))
                .sense(egui::Sense::click())
                .truncate(),
        )
        .on_hover_text("Go to this annotation");
    if response.clicked() {
        actions.push(Action::SelectAnnotation(id));
        *open = false;
    }
}

/// "Changes since the last save", said once when a project opens: plain sentences, then
/// the annotations and documents concerned, each a link.
/// A collapsible list of document paths ("Added (2)"), open when short.
fn document_paths(ui: &mut egui::Ui, title: &str, paths: &[String]) {
    if paths.is_empty() {
        return;
    }
    egui::CollapsingHeader::new(format!("{title} ({})", paths.len()))
        .default_open(paths.len() <= 5)
        .show(ui, |ui| {
            for path in paths {
                ui.label(path);
            }
        });
}

fn changes_dialog(
    ui: &mut egui::Ui,
    changes: &ChangesSinceSave,
    project: Option<&Project>,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    ui.heading("Documents changed since the last save");
    for sentence in changes.sentences() {
        ui.add(egui::Label::new(format!("• {sentence}")).wrap());
    }
    ui.add_space(theme::SPACE_S);
    if let Some(project) = project {
        egui::ScrollArea::vertical()
            .max_height(280.0)
            .show(ui, |ui| {
                for (title, ids) in [
                    ("Wording changed", &changes.wording_changed),
                    ("Orphaned", &changes.orphaned),
                    ("Moved", &changes.moved),
                ] {
                    if ids.is_empty() {
                        continue;
                    }
                    egui::CollapsingHeader::new(format!("{title} ({})", ids.len()))
                        .default_open(title != "Moved")
                        .show(ui, |ui| {
                            for id in ids {
                                annotation_line(ui, project, *id, actions, open);
                            }
                        });
                }
                if !changes.missing_documents.is_empty() {
                    egui::CollapsingHeader::new(format!(
                        "Missing files ({})",
                        changes.missing_documents.len()
                    ))
                    .default_open(true)
                    .show(ui, |ui| {
                        for path in &changes.missing_documents {
                            if ui
                                .link(path)
                                .on_hover_text("Show this document's annotations")
                                .clicked()
                            {
                                actions.push(Action::SelectMissingDocument(path.clone()));
                                *open = false;
                            }
                        }
                    });
                }
                if !changes.renamed.is_empty() {
                    egui::CollapsingHeader::new(format!(
                        "Renamed or moved ({})",
                        changes.renamed.len()
                    ))
                    .show(ui, |ui| {
                        for (old, new) in &changes.renamed {
                            ui.label(format!("{old} → {new}"));
                        }
                    });
                }
                if !changes.joined_copies.is_empty() {
                    egui::CollapsingHeader::new(format!(
                        "Exact copies, one document ({})",
                        changes.joined_copies.len()
                    ))
                    .show(ui, |ui| {
                        for (old, new) in &changes.joined_copies {
                            ui.label(format!("{old} → {new}"));
                        }
                    });
                }
                document_paths(ui, "Added", &changes.added_documents);
                document_paths(ui, "Changed on disk", &changes.changed_documents);
                document_paths(ui, "Removed", &changes.removed_documents);
            });
    }
    ui.label(
        RichText::new(
            "Nothing you coded was changed: quotes, notes and tags are kept as they were. \
             Saving records where the annotations are now.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
    ui.add_space(theme::SPACE_M);
    ui.horizontal(|ui| {
        if ui.button(RichText::new("OK").strong()).clicked() {
            *open = false;
        }
        if project.is_some_and(|p| p.orphans().next().is_some())
            && ui.button("List every orphan…").clicked()
        {
            actions.push(Action::ShowOrphans);
        }
    });
}

/// Every orphaned annotation by document; a click goes to it.
fn orphans_dialog(
    ui: &mut egui::Ui,
    project: Option<&Project>,
    actions: &mut Vec<Action>,
    open: &mut bool,
) {
    let orphans: Vec<AnnotationId> = project
        .map(|p| p.orphans().map(|a| a.id).collect())
        .unwrap_or_default();
    ui.heading(format!(
        "{} without a passage",
        crate::text::counted(orphans.len(), "annotation", "annotations")
    ));
    ui.label(
        "Their text changed or their document is missing. Each keeps its quote, note and tags; \
         open one to re-attach it to a passage or delete it.",
    );
    if let Some(project) = project {
        egui::ScrollArea::vertical()
            .max_height(320.0)
            .show(ui, |ui| {
                for id in &orphans {
                    annotation_line(ui, project, *id, actions, open);
                }
            });
    }
    ui.add_space(theme::SPACE_M);
    if ui.button("Close").clicked() {
        *open = false;
    }
}

//! Modal dialogs: unsaved changes, delete a tag in use, errors, the load report, recovery,
//! about. Each answers with actions; none blocks the frame loop.

use egui::{Id, Key, RichText};

use crate::app::actions::Action;
use crate::app::state::Modal;
use crate::app::theme;
use crate::corpus::Skipped;
use crate::project::{Command, Project};

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
        let dark = ui.visuals().dark_mode;
        let escape = ui.input(|i| i.key_pressed(Key::Escape));
        match modal {
            Modal::UnsavedChanges { then } => {
                ui.heading("Save changes?");
                ui.label("This project has unsaved changes. Save them before continuing?");
                ui.add_space(theme::SPACE_M);
                ui.horizontal(|ui| {
                    if ui.button(RichText::new("Save").strong()).clicked() {
                        actions.push(Action::SaveThen(then.clone()));
                        open = false;
                    }
                    if ui.button("Discard").on_hover_text("Lose the unsaved changes").clicked() {
                        actions.push(Action::Discarded(then.clone()));
                        open = false;
                    }
                    if ui.button("Cancel").clicked() || escape {
                        open = false;
                    }
                });
            }
            Modal::ConfirmDeleteTag { tag, uses } => {
                let name = project.and_then(|p| p.tags.get(tag)).map_or("this tag", |t| t.name.as_str());
                ui.heading(format!("Delete “{name}”?"));
                let children = project.map_or(0, |p| p.tags.values().filter(|t| t.parent == Some(*tag)).count());
                let mut text = match uses {
                    0 => "No annotation uses it.".to_owned(),
                    1 => "1 annotation uses it; the annotation stays, without this tag.".to_owned(),
                    n => format!("{n} annotations use it; they stay, without this tag."),
                };
                if children > 0 {
                    text.push_str(&format!(" Its {children} sub-tag(s) move up one level."));
                }
                ui.label(text);
                ui.label(RichText::new("You can undo this with Ctrl+Z.").small().color(theme::weak_text(ui)));
                ui.add_space(theme::SPACE_M);
                ui.horizontal(|ui| {
                    let delete = egui::Button::new(RichText::new("Delete tag").color(theme::error(dark)).strong());
                    if ui.add(delete).clicked() {
                        actions.push(Action::Edit(Command::DeleteTag(*tag)));
                        open = false;
                    }
                    if ui.button("Cancel").clicked() || escape {
                        open = false;
                    }
                });
            }
            Modal::Error { title, message } => {
                ui.heading(RichText::new(title).color(theme::error(dark)));
                ui.add(egui::Label::new(message.as_str()).wrap());
                ui.add_space(theme::SPACE_M);
                if ui.button("OK").clicked() || escape || ui.input(|i| i.key_pressed(Key::Enter)) {
                    open = false;
                }
            }
            Modal::LoadReport => {
                ui.heading(format!("{} files were not loaded", skipped.len()));
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
            Modal::Report { title, lines } => {
                ui.heading(title.as_str());
                egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                    for line in lines {
                        ui.add(egui::Label::new(format!("• {line}")).wrap());
                    }
                });
                if ui.button("Close").clicked() || escape {
                    open = false;
                }
            }
            Modal::About => {
                ui.heading("Dossier");
                ui.label(format!("Version {}", env!("CARGO_PKG_VERSION")));
                ui.label("A research workbench: read, annotate and code a folder of documents.");
                ui.label(RichText::new("Fonts: Inter and Noto (SIL Open Font License). Place names: GeoNames (CC BY 4.0).").small().color(theme::weak_text(ui)));
                if ui.button("Close").clicked() || escape {
                    open = false;
                }
            }
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

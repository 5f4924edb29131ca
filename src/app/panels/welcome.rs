//! The welcome screen: what Dossier is for, how to start, recent projects, and the three
//! shortcuts worth knowing.

use std::path::PathBuf;

use egui::{RichText, Ui, vec2};

use crate::app::actions::{Action, UiCommand};
use crate::app::theme;

pub fn show(ui: &mut Ui, recent: &[PathBuf], actions: &mut Vec<Action>) {
    let width = ui.available_width().min(520.0);
    ui.add_space((ui.available_height() * 0.12).max(theme::SPACE_L));
    ui.vertical_centered(|ui| {
        ui.set_max_width(width);
        ui.label(
            RichText::new("Dossier")
                .size(34.0)
                .family(egui::FontFamily::Name(theme::READING_BOLD.into())),
        );
        ui.label(
            RichText::new("Read, annotate and code a folder of documents.")
                .size(15.0)
                .color(theme::weak_text(ui)),
        );
        ui.add_space(theme::SPACE_L * 1.5);
        let big = |label: &str| {
            egui::Button::new(RichText::new(label).size(15.0)).min_size(vec2(240.0, 34.0))
        };
        if ui
            .add(big("Open Folder…"))
            .on_hover_text(UiCommand::OpenFolder.description())
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::OpenFolder));
        }
        if ui
            .add(big("Open Project…"))
            .on_hover_text(UiCommand::OpenProject.description())
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::OpenProject));
        }
        if ui
            .add(big("Open the Sample"))
            .on_hover_text(UiCommand::OpenSample.description())
            .clicked()
        {
            actions.push(Action::Ui(UiCommand::OpenSample));
        }
        ui.add_space(theme::SPACE_L * 1.5);
        if !recent.is_empty() {
            ui.label(RichText::new("Recent").strong());
            let shown = &recent[..recent.len().min(6)];
            let labels = crate::session::recent_labels(shown);
            for (path, name) in shown.iter().zip(labels) {
                let link = ui
                    .add(egui::Link::new(name))
                    .on_hover_text(path.display().to_string());
                if link.clicked() {
                    actions.push(Action::OpenPath(path.clone()));
                }
            }
            ui.add_space(theme::SPACE_L);
        }
        ui.label(RichText::new("Worth knowing").strong());
        egui::Grid::new("welcome-shortcuts")
            .num_columns(2)
            .spacing(vec2(theme::SPACE_L, 4.0))
            .show(ui, |ui| {
                for command in [
                    UiCommand::AnnotateSelection,
                    UiCommand::FindInDocument,
                    UiCommand::CommandPalette,
                ] {
                    let shortcut = command.shortcut_text(ui.ctx()).unwrap_or_default();
                    ui.label(RichText::new(shortcut).monospace());
                    ui.label(command.description());
                    ui.end_row();
                }
            });
        ui.add_space(theme::SPACE_M);
        ui.label(
            RichText::new("You can also drop a folder or a project file on this window.")
                .small()
                .color(theme::weak_text(ui)),
        );
    });
}

/// The loading card shown when nothing else is open yet.
pub fn loading(ui: &mut Ui, what: &str, fraction: f32, detail: &str, actions: &mut Vec<Action>) {
    ui.add_space(ui.available_height() * 0.3);
    ui.vertical_centered(|ui| {
        ui.set_max_width(360.0);
        ui.label(RichText::new(format!("Opening {what}…")).size(16.0));
        ui.add_space(theme::SPACE_M);
        ui.add(egui::ProgressBar::new(fraction).text(detail));
        ui.add_space(theme::SPACE_M);
        if ui.button("Cancel opening").clicked() {
            actions.push(Action::CancelLoad);
        }
    });
}

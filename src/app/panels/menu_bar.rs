//! The menu bar: File, Edit, View, Go, Help. Items come from [`UiCommand`], so a menu
//! entry, its shortcut and its palette entry are always the same thing.

use egui::{RichText, Ui};

use crate::app::actions::{Action, SideTab, UiCommand};
use crate::app::state::ThemeChoice;

/// What the menus need to know to label and enable their items.
pub struct MenuInput<'a> {
    pub has_session: bool,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub has_selection: bool,
    pub recent: &'a [std::path::PathBuf],
    pub theme: ThemeChoice,
    pub side_tab: SideTab,
    pub skipped: usize,
}

/// A menu item for `command`, with its shortcut, enabled or not.
pub fn item(ui: &mut Ui, command: UiCommand, enabled: bool, actions: &mut Vec<Action>) {
    item_labelled(ui, command, command.label(), enabled, actions);
}

fn item_labelled(
    ui: &mut Ui,
    command: UiCommand,
    label: &str,
    enabled: bool,
    actions: &mut Vec<Action>,
) {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = command.shortcuts().first() {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    let response = ui
        .add_enabled(enabled, button)
        .on_hover_text(command.description());
    if response.clicked() {
        actions.push(Action::Ui(command));
        ui.close();
    }
}

pub fn show(ui: &mut Ui, input: &MenuInput, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            item(ui, UiCommand::OpenFolder, true, actions);
            item(ui, UiCommand::OpenProject, true, actions);
            item(ui, UiCommand::OpenSample, true, actions);
            ui.menu_button("Open Recent", |ui| {
                if input.recent.is_empty() {
                    ui.label(RichText::new("Nothing yet").weak());
                }
                for path in input.recent {
                    let name = path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    if ui
                        .button(name)
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        actions.push(Action::OpenPath(path.clone()));
                        ui.close();
                    }
                }
            });
            ui.separator();
            item(ui, UiCommand::Save, input.has_session, actions);
            item(ui, UiCommand::SaveAs, input.has_session, actions);
            ui.separator();
            ui.menu_button("Export", |ui| {
                for format in crate::export::ExportFormat::ALL {
                    item(ui, UiCommand::Export(format), input.has_session, actions);
                }
            });
            item(ui, UiCommand::ImportQdpx, true, actions);
            ui.separator();
            item(
                ui,
                UiCommand::ShowLoadReport,
                input.has_session && input.skipped > 0,
                actions,
            );
            item(ui, UiCommand::CloseProject, input.has_session, actions);
            item(ui, UiCommand::Quit, true, actions);
        });
        ui.menu_button("Edit", |ui| {
            let undo = input
                .undo
                .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
            let redo = input
                .redo
                .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
            item_labelled(ui, UiCommand::Undo, &undo, input.undo.is_some(), actions);
            item_labelled(ui, UiCommand::Redo, &redo, input.redo.is_some(), actions);
            ui.separator();
            item(
                ui,
                UiCommand::AnnotateSelection,
                input.has_selection,
                actions,
            );
            item(ui, UiCommand::NewTag, input.has_session, actions);
            ui.separator();
            item(ui, UiCommand::FindInDocument, input.has_session, actions);
            item(ui, UiCommand::FindNext, input.has_session, actions);
            item(ui, UiCommand::FindPrevious, input.has_session, actions);
            item(ui, UiCommand::SearchCorpus, input.has_session, actions);
            ui.separator();
            item(ui, UiCommand::CommandPalette, true, actions);
        });
        ui.menu_button("View", |ui| {
            item(ui, UiCommand::ShowReader, input.has_session, actions);
            item(ui, UiCommand::ShowCodedPassages, input.has_session, actions);
            item(ui, UiCommand::ShowEntityIndex, input.has_session, actions);
            ui.separator();
            for (tab, command) in [
                (SideTab::Annotations, UiCommand::ShowAnnotations),
                (SideTab::Entities, UiCommand::ShowEntities),
                (SideTab::Codebook, UiCommand::ShowCodebook),
            ] {
                let label = if input.side_tab == tab {
                    format!("✓ {}", command.label())
                } else {
                    command.label().to_owned()
                };
                item_labelled(ui, command, &label, true, actions);
            }
            ui.separator();
            item(ui, UiCommand::ZoomIn, true, actions);
            item(ui, UiCommand::ZoomOut, true, actions);
            item(ui, UiCommand::ZoomReset, true, actions);
            ui.separator();
            ui.menu_button("Theme", |ui| {
                for (choice, label) in [
                    (ThemeChoice::System, "Follow the System"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui.radio(input.theme == choice, label).clicked() {
                        actions.push(Action::SetTheme(choice));
                        ui.close();
                    }
                }
            });
        });
        ui.menu_button("Go", |ui| {
            item(ui, UiCommand::NextDocument, input.has_session, actions);
            item(ui, UiCommand::PreviousDocument, input.has_session, actions);
            item(
                ui,
                UiCommand::FocusDocumentFilter,
                input.has_session,
                actions,
            );
        });
        ui.menu_button("Help", |ui| {
            item(ui, UiCommand::CommandPalette, true, actions);
            item(ui, UiCommand::About, true, actions);
        });
    });
}

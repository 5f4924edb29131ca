//! The menu bar: File, Edit, View, Go, Help. Items come from [`UiCommand`], so a menu
//! entry, its shortcut, whether it can act now and its palette entry are always the same
//! thing.

use egui::{RichText, Ui};

use crate::app::actions::{Action, CentralView, CommandContext, SideTab, ThemeChoice, UiCommand};

/// What the menus need to know to label and enable their items.
pub struct MenuInput<'a> {
    pub context: CommandContext,
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    pub recent: &'a [std::path::PathBuf],
    pub theme: ThemeChoice,
    pub side_tab: SideTab,
}

/// A menu item for `command`, with its shortcut, enabled when it can act.
fn item(ui: &mut Ui, command: UiCommand, input: &MenuInput, actions: &mut Vec<Action>) {
    item_labelled(ui, command, command.label(), input, actions);
}

fn item_labelled(
    ui: &mut Ui,
    command: UiCommand,
    label: &str,
    input: &MenuInput,
    actions: &mut Vec<Action>,
) {
    let mut button = egui::Button::new(label);
    if let Some(shortcut) = command.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(shortcut);
    }
    let response = ui
        .add_enabled(command.is_enabled(&input.context), button)
        .on_hover_text(command.description());
    if response.clicked() {
        actions.push(Action::Ui(command));
        ui.close();
    }
}

/// Draws the menu bar: File, Edit, View, Project, Go and Help.
pub fn show(ui: &mut Ui, input: &MenuInput, actions: &mut Vec<Action>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| file_menu(ui, input, actions));
        ui.menu_button("Edit", |ui| edit_menu(ui, input, actions));
        ui.menu_button("View", |ui| view_menu(ui, input, actions));
        ui.menu_button("Project", |ui| {
            item(ui, UiCommand::OcrLanguages, input, actions);
        });
        ui.menu_button("Go", |ui| {
            item(ui, UiCommand::NextDocument, input, actions);
            item(ui, UiCommand::PreviousDocument, input, actions);
            item(ui, UiCommand::FocusDocumentFilter, input, actions);
        });
        ui.menu_button("Help", |ui| {
            item(ui, UiCommand::CommandPalette, input, actions);
            item(ui, UiCommand::About, input, actions);
        });
    });
}

/// Draws the File menu: open, recent projects, save, export, import, reload, close, quit.
fn file_menu(ui: &mut Ui, input: &MenuInput, actions: &mut Vec<Action>) {
    item(ui, UiCommand::OpenFolder, input, actions);
    item(ui, UiCommand::OpenProject, input, actions);
    item(ui, UiCommand::OpenSample, input, actions);
    ui.menu_button("Open Recent", |ui| {
        if input.recent.is_empty() {
            ui.label(RichText::new("Nothing yet").weak());
        }
        let labels = crate::session::recent_labels(input.recent);
        for (path, name) in input.recent.iter().zip(labels) {
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
    item(ui, UiCommand::Save, input, actions);
    item(ui, UiCommand::SaveAs, input, actions);
    ui.separator();
    ui.menu_button("Export", |ui| {
        for format in crate::export::ExportFormat::ALL {
            item(ui, UiCommand::Export(format), input, actions);
        }
        ui.separator();
        for format in crate::analysis::timeline_export::TimelineFormat::ALL {
            item(ui, UiCommand::ExportTimeline(format), input, actions);
        }
    });
    item(ui, UiCommand::ImportQdpx, input, actions);
    item(ui, UiCommand::MergeProject, input, actions);
    item(ui, UiCommand::ShowMergeConflicts, input, actions);
    ui.separator();
    item(ui, UiCommand::ReloadCorpus, input, actions);
    item(ui, UiCommand::ReadScannedPages, input, actions);
    item(ui, UiCommand::ShowLoadReport, input, actions);
    item(ui, UiCommand::CloseProject, input, actions);
    item(ui, UiCommand::Quit, input, actions);
}

/// Draws the Edit menu: undo and redo (named after the step), annotate, tags, find, search.
fn edit_menu(ui: &mut Ui, input: &MenuInput, actions: &mut Vec<Action>) {
    let undo = input
        .undo
        .map_or_else(|| "Undo".to_owned(), |l| format!("Undo {l}"));
    let redo = input
        .redo
        .map_or_else(|| "Redo".to_owned(), |l| format!("Redo {l}"));
    item_labelled(ui, UiCommand::Undo, &undo, input, actions);
    item_labelled(ui, UiCommand::Redo, &redo, input, actions);
    ui.separator();
    item(ui, UiCommand::AnnotateSelection, input, actions);
    item(ui, UiCommand::NewTag, input, actions);
    item(ui, UiCommand::CoderName, input, actions);
    ui.separator();
    item(ui, UiCommand::FindInDocument, input, actions);
    item(ui, UiCommand::FindNext, input, actions);
    item(ui, UiCommand::FindPrevious, input, actions);
    item(ui, UiCommand::SearchCorpus, input, actions);
    ui.separator();
    item(ui, UiCommand::CommandPalette, input, actions);
}

/// Draws the View menu: the central views, the side tabs (the shown one ticked), zoom and theme.
fn view_menu(ui: &mut Ui, input: &MenuInput, actions: &mut Vec<Action>) {
    // The views, from the list the central tabs are drawn from.
    for view in CentralView::ALL {
        item(ui, view.command(), input, actions);
    }
    ui.separator();
    for tab in [SideTab::Annotations, SideTab::Entities, SideTab::Codebook] {
        let command = tab.command();
        let label = if input.side_tab == tab {
            format!("✓ {}", command.label())
        } else {
            command.label().to_owned()
        };
        item_labelled(ui, command, &label, input, actions);
    }
    ui.separator();
    item(ui, UiCommand::TogglePageView, input, actions);
    item(ui, UiCommand::GroupByConversation, input, actions);
    item(ui, UiCommand::RegionTool, input, actions);
    item(ui, UiCommand::ZoomIn, input, actions);
    item(ui, UiCommand::ZoomOut, input, actions);
    item(ui, UiCommand::ZoomReset, input, actions);
    ui.separator();
    ui.menu_button("Theme", |ui| {
        for choice in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
            let command = UiCommand::Theme(choice);
            let label = command.label().trim_start_matches("Theme: ");
            if ui.radio(input.theme == choice, label).clicked() {
                actions.push(Action::Ui(command));
                ui.close();
            }
        }
    });
}

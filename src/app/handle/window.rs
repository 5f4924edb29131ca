//! Window events: close requests, dropped files, keyboard shortcuts, the title.

use std::path::PathBuf;

use egui::ViewportCommand;

use crate::app::DossierApp;
use crate::app::actions::{Action, UiCommand};
use crate::app::state::Modal;

impl DossierApp {
    pub(in crate::app) fn close_requested(&mut self, ctx: &egui::Context) {
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

    pub(in crate::app) fn dropped_files(&mut self, ctx: &egui::Context) {
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

    pub(in crate::app) fn shortcuts(&mut self, ctx: &egui::Context) {
        if self.ui.modal.is_some() {
            return;
        }
        // Only a text field keeps Ctrl+Z and its like for itself: any focused widget (the
        // reader's text after a click, a list row) makes egui "want" the keyboard, and
        // asking that instead would let a click in the reader swallow Undo.
        let typing = ctx.text_edit_focused();
        // Shortcuts with more modifiers first: Ctrl+Shift+Z must not be taken as Ctrl+Z.
        let mut all: Vec<(egui::KeyboardShortcut, UiCommand)> = UiCommand::ALL
            .iter()
            .flat_map(|c| c.shortcuts().into_iter().map(move |s| (s, *c)))
            .collect();
        all.sort_by_key(|(s, _)| std::cmp::Reverse(modifier_count(s.modifiers)));
        let context = self.command_context();
        for (shortcut, command) in all {
            if (typing && !command.works_while_typing()) || !command.is_enabled(&context) {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.actions.push(Action::Ui(command));
            }
        }
    }

    pub(in crate::app) fn update_title(&mut self, ctx: &egui::Context) {
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

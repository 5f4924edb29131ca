//! The command palette (Ctrl+Shift+P): every command by name, with its shortcut.

use egui::{Key, RichText, Ui};

use crate::app::actions::{Action, CommandContext, UiCommand};
use crate::app::theme;

#[derive(Default)]
pub struct PaletteState {
    pub query: String,
    pub selected: usize,
    focused: bool,
}

/// Commands that can act now and match the query: all its words must occur in the label
/// or description.
pub fn matches(query: &str, context: &CommandContext) -> Vec<UiCommand> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    UiCommand::ALL
        .iter()
        .copied()
        .filter(|c| c.is_enabled(context))
        .filter(|c| {
            let hay = format!("{} {}", c.label(), c.description()).to_lowercase();
            words.iter().all(|w| hay.contains(w))
        })
        .collect()
}

/// Shows the palette; returns false when it should close.
pub fn show(
    ctx: &egui::Context,
    state: &mut PaletteState,
    context: &CommandContext,
    actions: &mut Vec<Action>,
) -> bool {
    let mut keep_open = true;
    let found = matches(&state.query, context);
    state.selected = state.selected.min(found.len().saturating_sub(1));
    egui::Window::new("Command palette")
        .title_bar(false)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .fixed_size(egui::vec2(460.0, 0.0))
        .show(ctx, |ui: &mut Ui| {
            let edit = egui::TextEdit::singleline(&mut state.query)
                .hint_text("Type a command")
                .desired_width(f32::INFINITY);
            let response = ui.add(edit);
            if !state.focused {
                response.request_focus();
                state.focused = true;
            }
            let (up, down, enter, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::ArrowUp),
                    i.key_pressed(Key::ArrowDown),
                    i.key_pressed(Key::Enter),
                    i.key_pressed(Key::Escape),
                )
            });
            if down {
                state.selected = (state.selected + 1).min(found.len().saturating_sub(1));
            }
            if up {
                state.selected = state.selected.saturating_sub(1);
            }
            if escape {
                keep_open = false;
            }
            if enter && let Some(c) = found.get(state.selected) {
                actions.push(Action::Ui(*c));
                keep_open = false;
            }
            ui.separator();
            for (i, command) in found.iter().enumerate().take(12) {
                let shortcut = command.shortcut_text(ui.ctx()).unwrap_or_default();
                let button = egui::Button::selectable(i == state.selected, command.label())
                    .right_text(RichText::new(shortcut).color(theme::weak_text(ui)))
                    .min_size(egui::vec2(ui.available_width(), 0.0));
                if ui
                    .add(button)
                    .on_hover_text(command.description())
                    .clicked()
                {
                    actions.push(Action::Ui(*command));
                    keep_open = false;
                }
            }
            if found.is_empty() {
                ui.label(RichText::new("No command matches").color(theme::weak_text(ui)));
            }
        });
    keep_open
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match() {
        let all = CommandContext {
            has_session: true,
            dirty: true,
            can_undo: true,
            can_redo: true,
            has_document: true,
            has_selection: true,
            drafting: false,
            skipped: 1,
            merge_conflicts: 1,
            has_pages: true,
            showing_pages: true,
        };
        assert_eq!(matches("save as", &all), vec![UiCommand::SaveAs]);
        assert_eq!(
            matches("merge project", &all),
            vec![UiCommand::MergeProject]
        );
        assert!(matches("undo", &all).contains(&UiCommand::Undo));
        assert!(matches("zzz", &all).is_empty());
        assert_eq!(matches("", &all).len(), UiCommand::ALL.len());
        // With nothing open, the palette offers no Save, no Undo, no Export.
        let nothing = CommandContext::default();
        let offered = matches("", &nothing);
        assert!(!offered.contains(&UiCommand::Save), "{offered:?}");
        assert!(!offered.contains(&UiCommand::Undo));
        assert!(offered.contains(&UiCommand::OpenFolder));
        // "save" still finds "Open a saved project", but neither Save nor Save As.
        let saving = matches("save", &nothing);
        assert!(!saving.contains(&UiCommand::Save), "{saving:?}");
        assert!(!saving.contains(&UiCommand::SaveAs), "{saving:?}");
        assert!(saving.contains(&UiCommand::OpenProject), "{saving:?}");
    }
}

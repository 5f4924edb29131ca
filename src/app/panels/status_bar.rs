//! The status bar: project, document, counts, save state, and progress of long work.

use std::time::Instant;

use egui::{RichText, Ui};

use crate::app::actions::Action;
use crate::app::theme;
use crate::text::counted;

/// Work in progress: what, how far, details, and how to stop it.
pub struct Progress {
    pub what: String,
    pub fraction: f32,
    pub detail: String,
    pub stop_label: &'static str,
    pub stop: Action,
}

pub struct StatusInput<'a> {
    pub project: Option<&'a str>,
    pub document: Option<&'a str>,
    pub documents: usize,
    pub annotations: usize,
    pub orphans: usize,
    pub entities: Option<usize>,
    pub dirty: bool,
    /// The project shows unsaved changes because opening re-anchored annotations.
    pub changed_by_opening: bool,
    pub saving: bool,
    pub saved_at: Option<Instant>,
    /// (what, fraction, detail) of work in progress.
    pub progress: Option<Progress>,
    pub report: crate::corpus::ReportCounts,
    /// Merge conflicts not yet settled.
    pub merge_conflicts: usize,
}

pub fn show(ui: &mut Ui, input: &StatusInput, actions: &mut Vec<Action>) {
    // The right side (progress, save state and the links that lead somewhere) is laid out
    // first; the left text takes what is left and is cut short with "…". Laid out the other
    // way, a long title pushed the right side over the links and took their clicks.
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let weak = theme::weak_text(ui);
        let dark = ui.visuals().dark_mode;
        if let Some(p) = &input.progress {
            if ui.small_button(p.stop_label).clicked() {
                actions.push(p.stop.clone());
            }
            ui.add(
                egui::ProgressBar::new(p.fraction)
                    .desired_width(160.0)
                    .text(RichText::new(&p.detail).small()),
            );
            ui.label(RichText::new(&p.what).small());
            ui.separator();
        }
        save_state(ui, input, actions);
        let report = input.report.describe();
        if !report.is_empty() {
            ui.separator();
            let text = report;
            if link(ui, &text, theme::warning(dark))
                .on_hover_text("Show which files and why")
                .clicked()
            {
                actions.push(Action::Ui(crate::app::actions::UiCommand::ShowLoadReport));
            }
        }
        if input.merge_conflicts > 0 {
            ui.separator();
            let text = counted(input.merge_conflicts, "merge conflict", "merge conflicts");
            if link(ui, &text, theme::warning(dark))
                .on_hover_text("Items changed differently in the two copies: click to settle them")
                .clicked()
            {
                actions.push(Action::Ui(
                    crate::app::actions::UiCommand::ShowMergeConflicts,
                ));
            }
        }
        if input.orphans > 0 {
            ui.separator();
            let text = format!("{} orphaned", input.orphans);
            if link(ui, &text, theme::warning(dark))
                .on_hover_text(
                    "Annotations whose passage could not be found in the current text: \
                         click to list them",
                )
                .clicked()
            {
                actions.push(Action::ShowOrphans);
            }
        }
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            let mut parts: Vec<String> = Vec::new();
            if let Some(p) = input.project {
                parts.push(p.to_owned());
            }
            if let Some(d) = input.document {
                parts.push(d.to_owned());
            }
            if input.project.is_some() {
                parts.push(counted(input.documents, "document", "documents"));
                parts.push(counted(input.annotations, "annotation", "annotations"));
                if let Some(n) = input.entities {
                    parts.push(counted(n, "entity", "entities"));
                }
            }
            ui.add(
                egui::Label::new(RichText::new(parts.join("  ·  ")).small().color(weak)).truncate(),
            );
        });
    });
}

/// A small underlined label that can be clicked.
fn link(ui: &mut Ui, text: &str, colour: egui::Color32) -> egui::Response {
    ui.add(
        egui::Label::new(RichText::new(text).small().color(colour).underline())
            .sense(egui::Sense::click()),
    )
}

/// "Saved 2 min ago", "Unsaved changes", or why opening left changes unsaved (a link to
/// them: nobody edited, yet the project changed).
fn save_state(ui: &mut Ui, input: &StatusInput, actions: &mut Vec<Action>) {
    let dark = ui.visuals().dark_mode;
    let colour = if input.dirty {
        theme::warning(dark)
    } else {
        theme::weak_text(ui)
    };
    if input.dirty && input.changed_by_opening && !input.saving {
        if link(
            ui,
            "Unsaved changes: annotations re-anchored on opening",
            colour,
        )
        .on_hover_text(
            "Documents changed since the last save; Dossier found the annotations again. \
                 Click to see what changed; save to keep it.",
        )
        .clicked()
        {
            actions.push(Action::ShowOpenChanges);
        }
        return;
    }
    let state = if input.saving {
        "Saving…".to_owned()
    } else if input.dirty {
        "Unsaved changes".to_owned()
    } else if let Some(at) = input.saved_at {
        format!("Saved {}", ago(at))
    } else if input.project.is_some() {
        "No changes".to_owned()
    } else {
        String::new()
    };
    ui.label(RichText::new(state).small().color(colour));
}

fn ago(at: Instant) -> String {
    let s = at.elapsed().as_secs();
    match s {
        0..=9 => "just now".to_owned(),
        10..=59 => format!("{s} s ago"),
        60..=3599 => format!("{} min ago", s / 60),
        _ => format!("{} h ago", s / 3600),
    }
}

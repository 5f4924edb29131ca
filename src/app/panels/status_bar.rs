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
    pub saving: bool,
    pub saved_at: Option<Instant>,
    /// (what, fraction, detail) of work in progress.
    pub progress: Option<Progress>,
    pub skipped: usize,
}

pub fn show(ui: &mut Ui, input: &StatusInput, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let weak = theme::weak_text(ui);
        let dark = ui.visuals().dark_mode;
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
        ui.label(RichText::new(parts.join("  ·  ")).small().color(weak));
        if input.orphans > 0 {
            ui.label(
                RichText::new(format!("{} orphaned", input.orphans))
                    .small()
                    .color(theme::warning(dark)),
            )
            .on_hover_text("Annotations whose passage could not be found in the current text");
        }
        if input.skipped > 0 {
            let link = ui.add(
                egui::Label::new(
                    RichText::new(format!("{} files skipped", input.skipped))
                        .small()
                        .color(theme::warning(dark))
                        .underline(),
                )
                .sense(egui::Sense::click()),
            );
            if link.on_hover_text("Show which files and why").clicked() {
                actions.push(Action::Ui(crate::app::actions::UiCommand::ShowLoadReport));
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
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
            let colour = if input.dirty {
                theme::warning(dark)
            } else {
                weak
            };
            ui.label(RichText::new(state).small().color(colour));
        });
    });
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

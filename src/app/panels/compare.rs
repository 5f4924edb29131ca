//! Two versions of a text side by side (near-copies: two versions of a press release, a
//! message and its forward), their differences marked with the word diff re-anchoring
//! uses (`text::diff`): words only in the left struck through in red, words only in the
//! right underlined in green.

use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText};

use crate::app::actions::Action;
use crate::app::theme;
use crate::corpus::Document;
use crate::text::diff::{Change, word_diff};

/// The two versions compared, and their word diff (computed once, when opened).
pub struct Comparison {
    pub left: usize,
    pub right: usize,
    left_title: String,
    right_title: String,
    left_id: String,
    right_id: String,
    similarity: f32,
    pieces: Vec<(Change, String)>,
}

impl Comparison {
    /// The comparison of the documents `left` and `right` (their indices in the corpus).
    pub fn new(left: (usize, &Document), right: (usize, &Document)) -> Self {
        let (l, r) = (left.1, right.1);
        Self {
            left: left.0,
            right: right.0,
            left_title: l.title.clone(),
            right_title: r.title.clone(),
            left_id: l.path.clone(),
            right_id: r.path.clone(),
            similarity: crate::corpus::near::similarity(l.text.as_str(), r.text.as_str()),
            pieces: word_diff(l.text.as_str(), r.text.as_str()),
        }
    }

    /// How many runs of words differ (removed or added).
    pub fn differences(&self) -> usize {
        self.pieces
            .iter()
            .filter(|(c, _)| *c != Change::Same)
            .count()
    }
}

/// The window; false when it was closed.
pub fn window(ctx: &egui::Context, state: &Comparison, actions: &mut Vec<Action>) -> bool {
    let mut open = true;
    egui::Window::new("Compare versions")
        .open(&mut open)
        .default_size([900.0, 600.0])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(format!(
                    "{:.0} % similar · {}",
                    state.similarity * 100.0,
                    crate::text::counted(state.differences(), "difference", "differences")
                ))
                .color(theme::weak_text(ui)),
            );
            ui.separator();
            ui.columns(2, |columns| {
                let sides = [
                    (
                        &state.left_title,
                        &state.left_id,
                        Change::Removed,
                        state.left,
                    ),
                    (
                        &state.right_title,
                        &state.right_id,
                        Change::Added,
                        state.right,
                    ),
                ];
                for (ui, (title, id, keep, index)) in columns.iter_mut().zip(sides) {
                    if ui
                        .link(RichText::new(title).strong())
                        .on_hover_text(format!("{id}\nOpen it in the reader"))
                        .clicked()
                    {
                        actions.push(Action::SelectDocument(index));
                    }
                    egui::ScrollArea::vertical()
                        .id_salt(("compare", keep == Change::Added))
                        .auto_shrink(false)
                        .show(ui, |ui| {
                            ui.add(egui::Label::new(side(ui, &state.pieces, keep)).wrap());
                        });
                }
            });
        });
    open
}

/// One side's text: the words both share, and those only this side has, marked.
fn side(ui: &egui::Ui, pieces: &[(Change, String)], keep: Change) -> LayoutJob {
    let dark = ui.visuals().dark_mode;
    let base = TextFormat {
        font_id: FontId::proportional(13.5),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    let marked = if keep == Change::Removed {
        TextFormat {
            background: theme::error(dark).gamma_multiply(0.22),
            strikethrough: egui::Stroke::new(1.0, theme::error(dark)),
            ..base.clone()
        }
    } else {
        TextFormat {
            background: theme::added(dark).gamma_multiply(0.25),
            underline: egui::Stroke::new(1.5, theme::added(dark)),
            ..base.clone()
        }
    };
    let mut job = LayoutJob::default();
    for (kind, text) in pieces {
        if *kind == Change::Same {
            job.append(text, 0.0, base.clone());
        } else if *kind == keep {
            job.append(text, 0.0, marked.clone());
        }
    }
    job.wrap.max_width = ui.available_width();
    job
}

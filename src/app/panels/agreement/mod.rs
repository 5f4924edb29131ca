//! Inter-coder agreement: choose the coders compared; read a row per tag (characters coded,
//! percent agreement, Cohen's kappa, Krippendorff's alpha, or why a figure cannot be
//! given); choose a tag to read the passages where the coders differ side by side, each
//! a click away from the reader. The figures are measured on a worker
//! (`analysis::agreement`), again after every change to the project.

mod passages;

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::analysis::agreement::{Agreement, Figure, Selection, TagAgreement, Units};
use crate::analysis::agreement::{coders_of, document_lengths};
use crate::app::actions::Action;
use crate::app::computed::Computed;
use crate::app::theme;
use crate::corpus::Corpus;
use crate::project::{Project, TagId};
use crate::text::counted;

/// What the figures were measured for.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    history_state: u64,
    documents: usize,
    coders: Vec<String>,
}

/// The figures with the units they come from (the disagreements of a tag are read from
/// them when it is chosen).
pub struct Measured {
    units: Units,
    agreement: Agreement,
}

#[derive(Default)]
pub struct AgreementState {
    /// Coders unticked (a coder new to the project is compared until unticked).
    left_out: BTreeSet<String>,
    /// The project's coders, and the history state they were read at.
    coders: Option<(u64, Vec<String>)>,
    /// The tag whose disagreements are listed.
    selected: Option<TagId>,
    computed: Computed<Key, Measured>,
    passages: passages::PassagesState,
}

impl AgreementState {
    /// True while the figures are measured on a worker.
    pub fn computing(&self) -> bool {
        self.computed.pending()
    }

    /// Forgets what was measured on another corpus.
    pub fn reset(&mut self) {
        *self = Self::default();
    }
}

/// What the view reads.
pub struct AgreementInput<'a> {
    pub project: &'a Project,
    pub corpus: &'a Corpus,
    pub history_state: u64,
}

pub fn show(
    ui: &mut Ui,
    state: &mut AgreementState,
    input: &AgreementInput<'_>,
    actions: &mut Vec<Action>,
) {
    let all = project_coders(state, input);
    let chosen: Vec<String> = all
        .iter()
        .filter(|c| !state.left_out.contains(*c))
        .cloned()
        .collect();
    egui::Panel::left("agreement-coders")
        .resizable(true)
        .default_size(210.0)
        .show(ui, |ui| coder_choice(ui, state, &all));
    let measured = (chosen.len() >= 2)
        .then(|| measure(ui.ctx(), state, input, chosen.clone()))
        .flatten();
    egui::CentralPanel::default().show(ui, |ui| {
        let Some(measured) = measured else {
            ui.add_space(theme::SPACE_L);
            ui.label(RichText::new(too_few_coders(&all, &chosen)).color(theme::weak_text(ui)));
            return;
        };
        let stale = state.computed.pending();
        egui::Panel::top("agreement-table")
            .resizable(true)
            .default_size(ui.available_height() * 0.45)
            .min_size(120.0)
            .show(ui, |ui| table(ui, state, &measured.agreement, stale));
        egui::CentralPanel::default().show(ui, |ui| {
            passages::show(ui, state, &measured, input, actions);
        });
    });
}

/// The project's coders, read again only when the project changed.
fn project_coders(state: &mut AgreementState, input: &AgreementInput<'_>) -> Vec<String> {
    if state
        .coders
        .as_ref()
        .is_none_or(|(at, _)| *at != input.history_state)
    {
        state.coders = Some((input.history_state, coders_of(input.project)));
    }
    state
        .coders
        .as_ref()
        .map(|(_, c)| c.clone())
        .unwrap_or_default()
}

/// The figures for the coders chosen: the latest measured (possibly for another choice
/// while the new one is measured on a worker).
fn measure(
    ctx: &egui::Context,
    state: &mut AgreementState,
    input: &AgreementInput<'_>,
    coders: Vec<String>,
) -> Option<Arc<Measured>> {
    let key = Key {
        history_state: input.history_state,
        documents: input.corpus.documents.len(),
        coders: coders.clone(),
    };
    state
        .computed
        .get(key, ctx, || {
            // Gathered here (the project is not shared with the worker): one pass over the
            // annotations; the sweep over every tag runs on the worker.
            let lengths = document_lengths(input.corpus);
            let selection = Selection {
                coders: Some(coders),
                tags: None,
            };
            let units = Units::gather(input.project, &lengths, &selection);
            move || {
                let agreement = units.measure();
                Measured { units, agreement }
            }
        })
        .cloned()
}

fn too_few_coders(all: &[String], chosen: &[String]) -> String {
    if all.len() < 2 {
        format!(
            "Inter-coder agreement compares how two or more coders coded the same documents. \
             The annotations of this project come from {}.",
            match all {
                [] => "no named coder".to_owned(),
                [one] => format!("one coder, {one}"),
                _ => all.join(", "),
            }
        )
    } else {
        format!(
            "Choose at least two coders to compare ({} chosen).",
            chosen.len()
        )
    }
}

/// A checkbox per coder of the project.
fn coder_choice(ui: &mut Ui, state: &mut AgreementState, all: &[String]) {
    ui.add_space(theme::SPACE_M);
    ui.label(RichText::new("Coders compared").strong());
    for coder in all {
        let mut on = !state.left_out.contains(coder);
        if ui.checkbox(&mut on, coder).changed() {
            if on {
                state.left_out.remove(coder);
            } else {
                state.left_out.insert(coder.clone());
            }
        }
    }
    ui.add_space(theme::SPACE_M);
    ui.label(
        RichText::new(
            "Units: every character of the documents that each chosen coder coded (made an \
             annotation in, or marked coded). A tag includes its sub-tags.",
        )
        .small()
        .color(theme::weak_text(ui)),
    );
}

/// The row of figures of every tag; a click on a tag lists its disagreements below.
fn table(ui: &mut Ui, state: &mut AgreementState, agreement: &Agreement, stale: bool) {
    ui.add_space(theme::SPACE_S);
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!(
                "{} over {} ({})",
                agreement.coders.join(", "),
                counted(agreement.documents.len(), "document", "documents"),
                counted(agreement.characters, "character", "characters"),
            ))
            .strong(),
        );
        if stale {
            ui.spinner();
        }
    });
    if agreement.documents.is_empty() {
        ui.label(
            RichText::new("No document was coded by every one of them.")
                .color(theme::warning(ui.visuals().dark_mode)),
        );
    }
    egui::ScrollArea::vertical()
        .id_salt("agreement-rows")
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("agreement-grid")
                .striped(true)
                .num_columns(6)
                .spacing([theme::SPACE_L, theme::SPACE_S])
                .show(ui, |ui| {
                    for (heading, about) in HEADINGS {
                        ui.label(RichText::new(heading).strong())
                            .on_hover_text(about);
                    }
                    ui.end_row();
                    for row in &agreement.tags {
                        table_row(ui, state, row, &agreement.coders);
                    }
                });
        });
}

/// The table's columns, with what each means.
const HEADINGS: [(&str, &str); 6] = [
    (
        "Tag",
        "A tag includes its sub-tags; click one to see where the coders differ",
    ),
    (
        "Characters",
        "Characters that at least one coder coded with the tag",
    ),
    (
        "Agreement",
        "Characters on which two coders agree (coded or not), averaged over the pairs of coders",
    ),
    (
        "Kappa",
        "Cohen's kappa: two coders' agreement beyond chance (two coders only)",
    ),
    (
        "Alpha",
        "Krippendorff's alpha (nominal): agreement beyond chance, any number of coders",
    ),
    ("", "Why a figure says little or nothing"),
];

fn table_row(ui: &mut Ui, state: &mut AgreementState, row: &TagAgreement, coders: &[String]) {
    ui.horizontal(|ui| {
        ui.add_space(row.depth as f32 * 14.0);
        let selected = state.selected == Some(row.tag);
        if ui
            .selectable_label(selected, &row.name)
            .on_hover_text("List the passages where the coders differ on this tag")
            .clicked()
        {
            state.selected = Some(row.tag);
        }
    });
    ui.label(row.characters.to_string());
    ui.label(
        row.percent_agreement
            .map_or_else(|_| "—".to_owned(), |p| format!("{p:.1} %")),
    );
    figure(ui, row.cohen_kappa);
    figure(ui, row.krippendorff_alpha);
    match row.remark(coders) {
        Some(remark) => ui.label(RichText::new(remark).small().color(theme::weak_text(ui))),
        None => ui.label(""),
    };
    ui.end_row();
}

fn figure(ui: &mut Ui, value: Figure) {
    match value {
        Ok(v) => ui.label(format!("{v:.3}")),
        Err(why) => ui.label("—").on_hover_text(why.to_string()),
    };
}

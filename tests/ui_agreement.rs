//! The agreement view driven as a person would (egui_kittest): the sample coded by two
//! coders, the view opened, a tag chosen, and one of the passages where the coders differ
//! opened in the reader.
#![cfg(feature = "gui")]

use crate::common;

use std::path::{Path, PathBuf};

use common::ui::*;
use dossier::analysis::agreement::{Selection, Units, document_lengths};
use dossier::app::CentralView;
use dossier::project::{Anchor, Workspace, file};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

/// The sample project as two coders coded it: Ana made its annotations; Ben coded the
/// same passages, every other one starting ten chars later, and left the last one out.
/// Saved beside the sample's own project; returns its path.
fn coded_by_two(sample: &Path) -> PathBuf {
    let mut ws = Workspace::open(&sample.join("sample.dossier.ron")).expect("sample opens");
    let corpus = common::load(sample);
    let annotations: Vec<_> = ws.project.annotations.values().cloned().collect();
    for (i, annotation) in annotations.iter().enumerate() {
        if let Some(a) = ws.project.annotations.get_mut(&annotation.id) {
            a.coder = Some("Ana".into());
        }
        if i + 1 == annotations.len() {
            continue;
        }
        let Some(doc) = corpus.get(&annotation.document) else {
            continue;
        };
        let shift = if i % 2 == 1 { 10 } else { 0 };
        let (start, end) = (annotation.anchor.start + shift, annotation.anchor.end);
        let Some(anchor) = Anchor::from_range(&doc.text, start, end) else {
            continue;
        };
        let mut copy = annotation.clone();
        copy.id = ws.project.new_annotation_id();
        copy.anchor = anchor;
        copy.coder = Some("Ben".into());
        ws.project.annotations.insert(copy.id, copy);
    }
    let path = sample.join("coded-by-two.dossier.ron");
    file::save(&ws.project, &path).expect("save");
    path
}

#[test]
fn the_agreement_view_opens_a_disagreement_in_the_reader() {
    let fx = fixture();
    let project = coded_by_two(&fx.sample);
    let mut h = opened(&fx, project);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num7);
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Agreement);
    wait_until(&mut h, "the figures", |a| !a.views_computing());
    step_until_drawn(&mut h, "Ana, Ben over ");
    // Both coders are compared, and every tag has its row.
    assert!(h.query_by_label("Ana").is_some() && h.query_by_label("Ben").is_some());
    // The first tag of the codebook on which they differ, and its first passage where
    // they do, by the core: what the first card shows.
    let (tag, document, range) = {
        let session = h.state().session().expect("session");
        let project = &session.workspace.project;
        let lengths = document_lengths(&session.corpus);
        let units = Units::gather(project, &lengths, &Selection::default());
        project
            .tag_tree()
            .into_iter()
            .find_map(|(_, tag)| {
                let first = units.disagreements(tag.id).into_iter().next()?;
                Some((tag.name.clone(), first.document, first.range))
            })
            .expect("a tag on which Ana and Ben differ")
    };
    h.get_by_label(&tag).click();
    h.run();
    step_until_drawn(&mut h, "Disagreement in ");
    let card = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Disagreement in ")))
        .next()
        .expect("a disagreement card");
    card.click();
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let current = h.state().current_document().expect("a document is open");
    assert_eq!(current.path, document);
    assert_eq!(h.state().selection(), Some(range));
}

#[test]
fn the_agreement_view_says_when_there_is_nothing_to_compare() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    h.get_by_label("Agreement").click();
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Agreement);
    step_until_drawn(&mut h, "Inter-coder agreement compares");
}

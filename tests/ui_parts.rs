//! The document list's tree of parts, exact copies and near-copies, driven as a person
//! would. No reader on this branch makes parts from a file yet, so the window is given a
//! corpus made in memory (`DossierApp::replace_corpus`), as a folder with a mailbox
//! would load.
#![cfg(feature = "gui")]

use crate::common;

use std::sync::Arc;

use common::ui::*;
use dossier::app::DossierApp;
use dossier::corpus::{Corpus, Document};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

const RELEASE_V1: &str = "PRESS RELEASE. The Ministry of Water today announced a new \
    programme to repair the irrigation canals of the northern districts. The programme will \
    cost 40 million dollars over three years and will employ some 2,000 workers from the \
    region. Work begins in March on the Tigris section, where the canals have been dry since \
    the drought of last summer. For more information contact the press office.";

fn part(id: &str, parent: Option<&str>, title: &str, text: &str) -> Arc<Document> {
    let mut doc = Document::from_plain_text(id, text);
    doc.parent = parent.map(str::to_owned);
    doc.title = title.to_owned();
    Arc::new(doc)
}

/// A mailbox of two messages, each with the same budget attached, and two versions of a
/// press release.
fn mailbox_corpus(root: &std::path::Path) -> Corpus {
    let mut documents = vec![
        // First in path order: the document the window opens at first.
        part("about.txt", None, "About", "A folder with a mailbox."),
        part(
            "in.mbox#1",
            Some("in.mbox"),
            "Budget for March",
            "See the budget.",
        ),
        part(
            "in.mbox#1/budget.txt",
            Some("in.mbox#1"),
            "budget",
            "Budget: 3 million.",
        ),
        part(
            "in.mbox#2",
            Some("in.mbox"),
            "Budget again",
            "The budget, again.",
        ),
        part(
            "in.mbox#2/budget.txt",
            Some("in.mbox#2"),
            "budget",
            "Budget: 3 million.",
        ),
        part("release-v1.txt", None, "Release v1", RELEASE_V1),
        part(
            "release-v2.txt",
            None,
            "Release v2",
            &RELEASE_V1.replace("40 million", "45 million"),
        ),
    ];
    documents.sort_by(|a, b| a.path.cmp(&b.path));
    Corpus::of_documents(root.to_owned(), documents, Default::default())
}

fn with_mailbox() -> (Fixture, Harness<'static, DossierApp>) {
    let fx = fixture();
    let folder = fx.dir.path().join("mail");
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(folder.join("readme.txt"), "A folder with a mailbox.\n").expect("write");
    let mut h = opened(&fx, folder.clone());
    h.state_mut().replace_corpus(mailbox_corpus(&folder));
    h.run();
    (fx, h)
}

#[test]
fn a_files_parts_are_collapsed_under_it_and_open_when_expanded() {
    let (_fx, mut h) = with_mailbox();
    // Collapsed by default, with the count on the file.
    assert!(h.query_by_label("in.mbox, 4 parts").is_some());
    assert!(h.query_by_label("Budget again").is_none());

    h.get_by_label("in.mbox, 4 parts").click();
    h.run();
    assert!(h.query_by_label("Budget again").is_some());
    h.get_by_label("Budget again").click();
    h.run();
    assert_eq!(
        h.state().current_document().map(|d| d.path.as_str()),
        Some("in.mbox#2")
    );
    // The next document is the next in the list: the other message.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
    h.run();
    assert_eq!(
        h.state().current_document().map(|d| d.path.as_str()),
        Some("in.mbox#1")
    );

    // The second message's attachment is the same text as the first's: one document,
    // its entry under the second message pointing at it.
    // The first toggle is the second message's ("Budget again" comes first by name).
    h.get_all_by_label("Show 1 part")
        .next()
        .expect("a toggle")
        .click();
    h.run();
    h.get_by_label("budget (copy of in.mbox#1/budget.txt)")
        .click();
    h.run();
    assert_eq!(
        h.state().current_document().map(|d| d.path.as_str()),
        Some("in.mbox#1/budget.txt")
    );
    // The reader says where else its text is.
    assert!(h.query_by_label("Also in: in.mbox#2/budget.txt").is_some());
}

#[test]
fn near_copies_are_grouped_and_compared_side_by_side() {
    let (_fx, mut h) = with_mailbox();
    h.get_by_label("Show 1 near-copy").click();
    h.run();

    let near = h
        .get_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Release v2 (near-copy, "))
        })
        .accesskit_node()
        .label()
        .unwrap_or_default();
    assert!(near.ends_with("% similar)"), "{near}");
    h.get_by_label("Compare").click();
    h.run();
    assert!(h.query_by_label("Compare versions").is_some());
    // "40 million" became "45 million": one word out, one word in.
    let summary = h.query_all_by(|n| {
        [n.label(), n.value()]
            .into_iter()
            .flatten()
            .any(|l| l.contains("% similar · 2 differences"))
    });
    assert!(
        summary.count() > 0,
        "the similarity and the differences are shown"
    );
}

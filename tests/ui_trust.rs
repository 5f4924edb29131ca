//! The window keeps the researcher's evidence true and its own layout sane, driven as a
//! person would (egui_kittest): a passage whose wording changed on disk, the summary of
//! changes on opening, merging entities through the searchable chooser, panel widths after
//! the search tab and a restart, and a typed path when no file dialog can be shown.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::layout;
use dossier::app::services::{DialogAnswer, DialogKind};
use dossier::app::state::Modal;
use dossier::app::{CentralView, DossierApp};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

const SEED: &str = "news/000_31e3b2518f2d233b.txt";
const CODED: &str = "its military bases in Hmeimim and Tartus";
const EDITED: &str = "its naval bases in Hmeimim and Tartus";

fn coded_annotation(h: &Harness<'static, DossierApp>) -> dossier::project::Annotation {
    h.state()
        .session()
        .and_then(|s| {
            s.workspace
                .project
                .annotations
                .values()
                .find(|a| a.anchor.quote == CODED || a.history.iter().any(|e| e.quote == CODED))
                .cloned()
        })
        .expect("the annotation coded on the bases")
}

#[test]
fn a_changed_wording_is_shown_accepted_and_undone() {
    let fx = fixture();
    let seed = fx.sample.join(SEED);
    let text = std::fs::read_to_string(&seed).expect("seed");
    assert!(text.contains(CODED));
    std::fs::write(&seed, text.replace(CODED, EDITED)).expect("edit the document");

    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    // Opening says once, plainly, what changed.
    match h.state().modal() {
        Some(Modal::Changes(changes)) => assert_eq!(changes.wording_changed.len(), 1),
        other => panic!("expected the summary of changes, got {other:?}"),
    }
    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().modal().is_none());

    // The annotation keeps the quote as coded and records the new wording.
    let a = coded_annotation(&h);
    assert_eq!(a.anchor.quote, CODED);
    assert_eq!(a.anchor.current_quote.as_deref(), Some(EDITED));

    // Its card says so and offers to accept the new wording.
    open_document(
        &mut h,
        "Putin receives",
        "Putin receives Syrian leader al-Sharaa at the Kremlin",
    );
    let card = format!("Annotation: {CODED}");
    h.get_by_label(&card).click();
    h.run();
    assert!(h.query_by_label("⚠ Wording changed").is_some());
    h.get_by_label("Accept new wording").click();
    h.run();
    let a = coded_annotation(&h);
    assert_eq!(a.anchor.quote, EDITED);
    assert_eq!(a.anchor.current_quote, None);
    assert_eq!(a.history.len(), 1);
    assert_eq!(a.history[0].quote, CODED, "the coded wording is kept");
    assert!(h.query_by_label("⚠ Wording changed").is_none());

    // One undo brings the coded quote back, the change still shown.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let a = coded_annotation(&h);
    assert_eq!(a.anchor.quote, CODED);
    assert_eq!(a.anchor.current_quote.as_deref(), Some(EDITED));
    assert!(a.history.is_empty());
    assert!(h.query_by_label("⚠ Wording changed").is_some());
}

#[test]
fn a_missing_document_stays_listed_and_the_orphan_count_leads_to_its_annotations() {
    let fx = fixture();
    let barrels = "syria/foreign-secretary-condemns-further-syrian-barrel-bomb-use.md";
    std::fs::remove_file(fx.sample.join(barrels)).expect("delete a document");
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    match h.state().modal() {
        Some(Modal::Changes(changes)) => {
            assert_eq!(changes.missing_documents, [barrels]);
            assert_eq!(changes.orphaned.len(), 1);
        }
        other => panic!("expected the summary of changes, got {other:?}"),
    }
    h.key_press(Key::Escape);
    h.run();

    // The document is still in the list, marked missing (and found by the filter).
    let title = "Foreign Secretary condemns further Syrian barrel bomb use";
    let filter = field(&h, "Filter documents (Ctrl+L)");
    filter.focus();
    filter.type_text("barrel");
    h.run();
    h.get_by_label(&format!("{title} (file missing)"));
    // The status bar's orphan count lists the orphans; one click goes to it.
    h.get_by_label("1 orphaned").click();
    h.run();
    assert!(
        matches!(h.state().modal(), Some(Modal::Orphans)),
        "{:?}",
        h.state().modal()
    );
    // A clickable label: accesskit gives its text as the value.
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::Label
            && n.value()
                .is_some_and(|l| l.starts_with(title) && l.contains("barrel bombs"))
    })
    .click();
    h.run();
    assert!(h.state().modal().is_none());
    let selected = h
        .state()
        .selected_annotation()
        .expect("the orphan is selected");
    let a = &h
        .state()
        .session()
        .expect("session")
        .workspace
        .project
        .annotations[&selected];
    assert_eq!(a.document, barrels);
    assert!(a.orphaned);
    // The panel lists it under the missing document, with the list's count.
    h.get_by_label("In this document (1)");
    h.get_by_label("Orphaned (1)");
}

#[test]
fn merge_an_entity_into_one_found_by_typing_then_undo() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Entities);

    // The most mentioned entity, merged into one far down the list (beyond any top 12).
    let (source, target) = {
        let index = h.state().entity_index().expect("the index");
        let entities = index.entities();
        assert!(entities.len() > 40, "{}", entities.len());
        let source = entities[0].id.clone();
        let target = entities
            .iter()
            .skip(30)
            .find(|e| e.id.kind != source.kind && e.id.key.len() > 6)
            .expect("an entity of another kind far down")
            .id
            .clone();
        (source, target)
    };
    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with(&format!("{} ({}),", source.key, source.kind.display_name()))
        }) && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    h.get_by_label("Merge into…").click();
    h.run();
    // The search field has the keyboard as soon as the chooser opens: type at once.
    let chooser = h.get_by(|n| n.placeholder() == Some("Find the entity to merge into"));
    assert!(chooser.is_focused(), "the field takes the keyboard");
    chooser.type_text(&target.key);
    h.run();
    let row = format!("{} ({}, ", target.key, target.kind.display_name());
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with(&row)))
        .click();
    // The merge starts recognition again (a spinner): step, then wait for it below.
    h.step();

    let merged = |h: &Harness<'static, DossierApp>| {
        let index = h.state().entity_index().expect("index");
        (
            index.summary(source.kind, &source.key).is_some(),
            index.summary(target.kind, &target.key).map(|s| s.mentions),
        )
    };
    wait_until(&mut h, "the index after the merge", |a| {
        !a.recognising_entities()
            && a.entity_index()
                .is_some_and(|i| i.summary(source.kind, &source.key).is_none())
    });
    let (source_left, target_mentions) = merged(&h);
    assert!(!source_left, "the merged entity is gone from the index");
    assert!(target_mentions.is_some_and(|m| m > 1));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    wait_until(&mut h, "the index after the undo", |a| {
        !a.recognising_entities()
            && a.entity_index()
                .is_some_and(|i| i.summary(source.kind, &source.key).is_some())
    });
}

#[test]
fn merging_isil_the_place_into_isil_the_organisation_keeps_counter_isil_coalition() {
    let fx = fixture();
    // The project has "ISIL" marked as a place (a rule on the bare name, as the reader's
    // "Mark as entity" writes it): "ISIL" (Place) and, from "Daesh" and "ISIS", "ISIL"
    // (Organisation) are two entities of the index.
    let project = fx.sample.join("sample.dossier.ron");
    let text = std::fs::read_to_string(&project).expect("sample project");
    let marked = text.replacen(
        "phrases: [],",
        "phrases: [(phrase: \"ISIL\", rule: Always(LOC))],",
        1,
    );
    assert_ne!(marked, text, "the sample has no entity rule yet");
    std::fs::write(&project, marked).expect("write");
    let mut h = recognised(&fx, project);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    let org = |key: &str| dossier::entities::EntityId {
        kind: dossier::entities::EntityKind::Org,
        key: key.to_owned(),
    };
    let longer = ["Counter ISIL Coalition", "ISIL Terrorists"];
    let has = |h: &Harness<'static, DossierApp>, id: &dossier::entities::EntityId| {
        h.state()
            .entity_index()
            .is_some_and(|i| i.summary(id.kind, &id.key).is_some())
    };
    for name in longer {
        assert!(has(&h, &org(name)), "{name} is in the index");
    }

    // Find "ISIL" (Place) by name, as a person would, and see what a correction changes.
    let filter = h.get_by(|n| n.placeholder() == Some("Filter entities by name"));
    filter.focus();
    filter.type_text("ISIL");
    h.run();
    h.get_by(|n| {
        n.label().is_some_and(|l| l.starts_with("ISIL (Place),"))
            && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    let place = h
        .state()
        .entity_index()
        .expect("index")
        .summary(dossier::entities::EntityKind::Loc, "ISIL");
    let (mentions, documents) = place.map(|s| (s.mentions, s.documents)).expect("a place");
    let preview = format!(
        "A correction changes {mentions} mentions in {documents} documents: “ISIL” as Place."
    );
    assert!(
        h.query_by_label_contains(&preview).is_some(),
        "the correction's reach is shown before it is applied: {preview}"
    );

    h.get_by_label("Merge into…").click();
    h.run();
    // The chooser says it again, over the pane that said it.
    step_until_drawn(
        &mut h,
        &format!("Its mentions ({mentions} mentions in {documents} documents) become"),
    );
    let chooser = h.get_by(|n| n.placeholder() == Some("Find the entity to merge into"));
    chooser.type_text("ISIL");
    h.run();
    h.get_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("ISIL (Organisation, "))
    })
    .click();
    h.step();
    wait_until(&mut h, "the index after the merge", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(dossier::entities::EntityKind::Loc, "ISIL")
                    .is_none()
            })
    });
    for name in longer {
        assert!(
            has(&h, &org(name)),
            "{name} is still in the index after the merge"
        );
    }
    let isil = h
        .state()
        .entity_index()
        .and_then(|i| {
            i.summary(dossier::entities::EntityKind::Org, "ISIL")
                .cloned()
        })
        .expect("ISIL the organisation");
    assert!(isil.mentions >= mentions, "{isil:?}");
}

#[test]
fn the_search_tab_cannot_squeeze_the_reader_even_after_a_restart() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    field(&h, "Search all documents").type_text("the");
    wait_until(&mut h, "the search", |a| a.search_hits().is_some());
    let (left, centre, right) = h.state().panel_widths();
    assert!(left <= layout::LEFT_MAX + 1.0, "left {left}");
    assert!(centre >= layout::CENTRE_MIN, "centre {centre}");
    assert!(right >= layout::RIGHT_MIN - 1.0, "right {right}");

    // Drag the panel's edge as far right as it goes: the reader keeps its width.
    let edge = egui::pos2(left + 1.0, 400.0);
    h.hover_at(edge);
    h.step();
    h.drag_at(edge);
    h.step();
    for x in [600.0, 800.0, 1000.0] {
        h.hover_at(egui::pos2(x, 400.0));
        h.step();
    }
    h.drop_at(egui::pos2(1000.0, 400.0));
    h.run();
    let (left, centre, _) = h.state().panel_widths();
    assert!(left <= layout::LEFT_MAX + 1.0, "dragged left {left}");
    assert!(centre >= layout::CENTRE_MIN, "dragged centre {centre}");

    // Start again with what egui remembered: the widths are still within bounds.
    let memory = h.ctx.memory(|m| m.clone());
    drop(h);
    let mut h = wait_opened(app_with_memory(&fx, Some(fx.sample.clone()), Some(memory)));
    h.run();
    let (left, centre, right) = h.state().panel_widths();
    assert!(left <= layout::LEFT_MAX + 1.0, "restarted left {left}");
    assert!(centre >= layout::CENTRE_MIN, "restarted centre {centre}");
    assert!(right <= layout::RIGHT_MAX + 1.0, "restarted right {right}");
}

#[test]
fn without_a_file_dialog_save_as_takes_a_typed_path() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    fx.dialogs
        .answer_with(DialogKind::SaveProject, DialogAnswer::Unavailable);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    let suggested = match h.state().modal() {
        Some(Modal::TypePath { text, .. }) => text.clone(),
        other => panic!("expected the typed path dialog, got {other:?}"),
    };
    // The suggestion starts in the corpus folder (the project was never saved).
    assert!(
        suggested.starts_with(
            &fx.sample
                .canonicalize()
                .expect("sample")
                .display()
                .to_string()
        ),
        "{suggested}"
    );
    let path = fx.dir.path().join("typed.dossier.ron");
    let field = h.get_by(|n| {
        n.value().as_deref() == Some(suggested.as_str())
            && n.role() == egui::accesskit::Role::TextInput
    });
    assert!(field.is_focused(), "the path field takes the keyboard");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by(|n| {
        n.value().as_deref() == Some(suggested.as_str())
            && n.role() == egui::accesskit::Role::TextInput
    })
    .type_text(&path.display().to_string());
    h.run();
    h.get_by_label("OK").click();
    wait_until(&mut h, "the save", |a| {
        !a.is_busy() && a.session().is_some_and(|s| s.workspace.path.is_some())
    });
    assert!(path.is_file());
}

#[test]
fn the_network_view_leads_from_a_node_to_a_mention_in_the_reader() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num6);
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Network);
    // The network is computed on a worker and its layout keeps moving while it settles:
    // step frames (never run to rest) until the node is drawn.
    let node = "Entity: Damascus (Place), ";
    step_until_drawn(&mut h, node);
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with(node)))
        .click();
    h.step();
    h.step();
    // The side panel names it and lists its mentions; one click opens the reader there.
    h.query_all_by_label_contains("Mention in ")
        .next()
        .expect("a mention of Damascus")
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let doc = h.state().current_document().expect("a document").clone();
    let selected = h.state().selection().expect("the mention is selected");
    assert_eq!(doc.text.slice(selected), Some("Damascus"));
}

#[test]
fn the_timeline_flags_the_seed_against_the_memo_and_opens_each_statement() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Timeline);
    step_until_drawn(&mut h, "Possible conflicts (1)");
    h.get_by_label("Possible conflicts (1)").click();
    h.step();
    h.step();
    // The two statements side by side, with why they were flagged; the seed's (the earlier
    // date) opens in the reader.
    step_until_drawn(&mut h, "⚠ Possible conflict: fall of Bashar al-Assad");
    step_until_drawn(
        &mut h,
        "Why: fall of Bashar al-Assad: dated 2014-12 (news/000_31e3b2518f2d233b.txt) and \
         2024-12-08 (news/analyst-memo-damascus-transition.md)",
    );
    h.query_all_by_label("Open in the reader")
        .next()
        .expect("a statement of the conflict")
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let doc = h.state().current_document().expect("a document").clone();
    assert_eq!(doc.path, SEED);
    let selected = h.state().selection().expect("the date is selected");
    assert_eq!(doc.text.slice(selected), Some("December 2014"));

    // Not a conflict after all: dismissed (saved in the project), and undone.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    step_until_drawn(&mut h, "⚠ Possible conflict: fall");
    h.get_by_label("Dismiss").click();
    h.step();
    h.step();
    let dismissed = |h: &Harness<'static, DossierApp>| {
        h.state()
            .session()
            .map_or(0, |s| s.workspace.project.dismissed_conflicts.len())
    };
    assert_eq!(dismissed(&h), 1);
    step_until_drawn(&mut h, "Possible conflicts (0)");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.step();
    h.step();
    assert_eq!(dismissed(&h), 0);
}

#[test]
fn a_statement_clicked_on_the_time_axis_opens_in_the_reader_at_its_date() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    // The memo's date, flagged against the seed's, is a mark on the memo's lane.
    let mark = "Statement: 8 December 2024 (2024-12-08), possible conflict";
    step_until_drawn(&mut h, mark);
    h.get_by_label(mark).click();
    h.step();
    h.step();
    // Its card shows the sentence (the card's panel takes its height over the next
    // frames); its button opens the reader at the date.
    step_until_drawn(
        &mut h,
        "Opposition forces entered Damascus on 8 December 2024 and the Assad government fell",
    );
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Open in the reader").click();
    h.step();
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let doc = h.state().current_document().expect("a document").clone();
    assert_eq!(doc.path, "news/analyst-memo-damascus-transition.md");
    let selected = h.state().selection().expect("the date is selected");
    assert_eq!(doc.text.slice(selected), Some("8 December 2024"));

    // A screen reader presses the seed's flagged mark: its card replaces the memo's.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num4);
    h.step();
    let seed_mark = "Statement: December 2014 (2014-12), possible conflict";
    step_until_drawn(&mut h, seed_mark);
    let node = h.get_by_label(seed_mark);
    assert!(
        node.accesskit_node()
            .data()
            .supports_action(egui::accesskit::Action::Click),
        "a mark offers the click action to assistive tools"
    );
    node.click_accesskit();
    h.step();
    h.step();
    for _ in 0..3 {
        h.step();
    }
    h.get_by_label("Open in the reader").click();
    h.step();
    h.step();
    let doc = h.state().current_document().expect("a document").clone();
    assert_eq!(doc.path, SEED);
    let selected = h.state().selection().expect("the date is selected");
    assert_eq!(doc.text.slice(selected), Some("December 2014"));
}

#[test]
fn the_map_leads_from_a_place_to_a_mention_in_the_reader() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    list_mentions_of_place(&mut h, "Mosul");
    h.query_all_by_label_contains("Mention in ")
        .next()
        .expect("a mention of Mosul")
        .click();
    h.step();
    h.step();
    assert_eq!(h.state().central_view(), CentralView::Reader);
    let doc = h.state().current_document().expect("a document").clone();
    let selected = h.state().selection().expect("the mention is selected");
    assert_eq!(doc.text.slice(selected), Some("Mosul"));
}

#[test]
fn the_map_shows_the_places_of_a_tags_passages_only() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.step();
    step_until_drawn(&mut h, "Place: Mosul, ");
    h.get_by_label("Show the places of").click();
    step_until_drawn(&mut h, "Passages coded “Diplomacy”");
    h.get_by_label("Passages coded “Diplomacy”").click();
    h.step();
    // The passages coded "Diplomacy" (all in the seed article) name Turkey and Iran;
    // Damascus and Tartus, named elsewhere in the seed, are not among them.
    step_until_drawn(&mut h, "2 places on the map");
    for place in ["Place: Turkey, ", "Place: Iran, "] {
        assert!(
            h.query_by(|n| n.label().is_some_and(|l| l.starts_with(place)))
                .is_some(),
            "{place}… is on the map"
        );
    }
    for place in ["Place: Damascus, ", "Place: Tartus, "] {
        assert!(
            h.query_by(|n| n.label().is_some_and(|l| l.starts_with(place)))
                .is_none(),
            "{place}… is outside the passages"
        );
    }
    // Iran's concordance lists its mentions in those passages, not in the whole corpus.
    let iran = h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Place: Iran, ")));
    let label = iran.accesskit_node().label().unwrap_or_default();
    let in_scope: usize = label
        .trim_start_matches("Place: Iran, ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("the place's label counts its mentions");
    iran.click();
    h.step();
    h.step();
    let listed = h.query_all_by_label_contains("Mention in ").count();
    assert_eq!(listed, in_scope, "{label}");
    assert!(
        listed
            < h.state().entity_index().map_or(0, |i| i
                .summary(dossier::entities::EntityKind::Loc, "Iran")
                .map_or(0, |s| s.mentions)),
        "the corpus mentions Iran more often than the coded passages"
    );
}

#[test]
fn the_map_shows_the_places_of_the_documents_a_search_finds() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    field(&h, "Search all documents").type_text("Tartus");
    wait_until(&mut h, "the search", |a| a.search_hits().is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num5);
    h.step();
    step_until_drawn(&mut h, "Place: Mosul, ");
    h.get_by_label("Show the places of").click();
    step_until_drawn(&mut h, "Documents found by the search");
    h.get_by_label("Documents found by the search").click();
    h.step();
    h.step();
    assert_eq!(
        h.get_by_label("Show the places of").value().as_deref(),
        Some("Documents found by “Tartus”")
    );
    // Tartus is on the map; Australia, which no document naming Tartus mentions, is not.
    for _ in 0..100 {
        h.step();
        if h.query_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Place: Australia, "))
        })
        .is_none()
        {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        h.query_by(|n| n.label().is_some_and(|l| l.starts_with("Place: Tartus, ")))
            .is_some(),
        "Tartus is on the map"
    );
    assert!(
        h.query_by(|n| n
            .label()
            .is_some_and(|l| l.starts_with("Place: Australia, ")))
            .is_none(),
        "Australia is not"
    );
}

#[test]
fn the_timeline_exports_from_the_file_menu() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    let out = fx.dir.path().join("dates");
    fx.dialogs.answer(DialogKind::SaveExport, Some(out.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export the Timeline as CSV…").click();
    wait_until(&mut h, "the timeline export", |a| !a.is_busy());
    let csv = std::fs::read_to_string(out.with_extension("csv")).expect("the extension is added");
    assert!(
        csv.contains("December 2014") && csv.contains("2024-12-08"),
        "the seed's and the memo's dates: {csv}"
    );
}

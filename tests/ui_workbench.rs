//! The window driven as a person would: click, drag, type, press keys (egui_kittest, no
//! display or GPU needed). File dialogs and the clock are scripted.
#![cfg(feature = "gui")]

use crate::common;

use std::sync::Arc;

use common::ui::*;
use dossier::app::DossierApp;
use dossier::app::services::DialogKind;
use dossier::app::state::Modal;
use dossier::entities::EntityKind;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn annotate_a_passage_save_reopen_and_find_it_again() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());

    // Filtering the list leaves only the matching documents.
    let title = "Foreign Secretary condemns further Syrian barrel bomb use";
    assert!(h.query_by_label("UK-France Summit 2016").is_some());
    open_document(&mut h, "barrel", title);
    assert!(
        h.query_by_label("UK-France Summit 2016").is_none(),
        "the filter hides other documents"
    );

    // Drag-select a passage, then annotate it with a note and a brand new tag.
    let selection = drag_select_first_line(&mut h);
    let doc = h.state().current_document().expect("document").clone();
    let quote = doc
        .text
        .slice(selection.clone())
        .expect("in range")
        .to_owned();
    h.get_by_label("+  Annotate selection").click();
    h.run();
    field(&h, "Note").type_text("Barrel bombs again: compare with the UN report.");
    h.run();
    let tag_field = field(&h, "Add tag…");
    tag_field.focus();
    tag_field.type_text("Indiscriminate attacks");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Add annotation").click();
    h.run();
    assert_eq!(annotation_count(&h), 1);

    // Save: the project was never saved, so Save asks where (scripted answer).
    let project = fx.dir.path().join("saved").join("barrels.dossier.ron");
    std::fs::create_dir_all(project.parent().expect("parent")).expect("mkdir");
    fx.dialogs
        .answer(DialogKind::SaveProject, Some(project.clone()));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_until(&mut h, "the save to finish", |a| {
        !a.is_busy() && a.session().is_some_and(|s| !s.workspace.is_dirty())
    });
    assert!(project.exists());
    assert!(
        h.state()
            .window_title()
            .starts_with("barrels.dossier.ron —"),
        "{}",
        h.state().window_title()
    );

    // Reopen in a fresh window: the annotation is there with its note, tag and exact quote.
    drop(h);
    let mut h = opened(&fx, project.clone());
    let session = h.state().session().expect("session");
    let a = session
        .workspace
        .project
        .annotations
        .values()
        .next()
        .expect("the annotation");
    assert_eq!(a.document, doc.path);
    assert_eq!(a.anchor.quote, quote);
    assert_eq!(
        (a.anchor.start, a.anchor.end),
        (selection.start, selection.end)
    );
    assert_eq!(a.note, "Barrel bombs again: compare with the UN report.");
    let tag_names: Vec<&str> = a
        .tags
        .iter()
        .map(|t| session.workspace.project.tags[t].name.as_str())
        .collect();
    assert_eq!(tag_names, ["Indiscriminate attacks"]);
    // And the panel lists it once its document is open.
    open_document(&mut h, "barrel", title);
    let card = format!("Annotation: {}", dossier::text::shorten(&quote, 60));
    assert!(
        h.query_by_label(&card).is_some(),
        "the annotation list shows {card}"
    );
}

#[test]
fn filter_the_document_list_count_matches_and_clear_with_escape() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    let (matching, total) = {
        let corpus = &h.state().session().expect("session").corpus;
        let matching = corpus
            .documents
            .iter()
            .filter(|d| d.title.to_lowercase().contains("isil") || d.path.contains("isil"))
            .count();
        (matching, corpus.documents.len())
    };
    assert!(matching > 1 && matching < total);
    let filter = field(&h, "Filter documents (Ctrl+L)");
    filter.focus();
    filter.type_text("ISIL");
    h.run();
    h.get_by_label(&format!("{matching} of {total}"));
    assert!(h.query_by_label("UK-France Summit 2016").is_none());

    // Collapsing a folder hides its rows, not its matches from the count.
    let folder = h
        .get_all_by_role(egui::accesskit::Role::TreeItem)
        .next()
        .expect("a folder");
    folder.click();
    h.run();
    h.get_by_label(&format!("{matching} of {total}"));

    // The box shows its hint only while empty; now it is found by what it holds.
    h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some("ISIL")
    })
    .focus();
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    h.get_by_label(&format!("{total} documents"));
    // A document the filter had hidden is back (the collapsed folder stays collapsed).
    let hidden_before = {
        let corpus = &h.state().session().expect("session").corpus;
        corpus
            .documents
            .iter()
            .filter(|d| d.folder() == "iraq" && !d.title.to_lowercase().contains("isil"))
            .map(|d| d.title.clone())
            .min_by_key(|t| t.to_lowercase())
            .expect("a document in iraq/")
    };
    assert!(
        h.query_by_label(&hidden_before).is_some(),
        "{hidden_before}"
    );
    assert!(
        h.query_by_label("UK-France Summit 2016").is_none(),
        "diplomacy/ is collapsed"
    );
}

#[test]
fn rename_a_document_from_the_list_then_undo() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.clone());
    let old = "UK-France Summit 2016";
    let new = "Amiens summit: UK and France";
    h.get_by_label(old).click_secondary();
    h.run();
    // The menu's field starts with the current title: select it all and type over it.
    let field_with = |value: &'static str| {
        move |n: &egui_kittest::kittest::AccessKitNode<'_>| {
            n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(value)
        }
    };
    h.get_by(field_with(old)).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by(field_with(old)).type_text(new);
    h.run();
    assert!(
        h.query_by(field_with(new)).is_some(),
        "the field holds the new title"
    );
    h.get_by_label("Rename").click();
    h.run();
    assert!(
        h.query_by_label(new).is_some(),
        "the list shows the new title"
    );
    assert!(h.query_by_label(old).is_none());
    let record = h
        .state()
        .session()
        .and_then(|s| {
            s.workspace
                .project
                .documents
                .get("diplomacy/uk-france-summit-2016.md")
                .cloned()
        })
        .expect("record");
    assert_eq!(record.renamed.as_deref(), Some(new));
    assert_eq!(record.title, old, "the document's own title is kept");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        h.query_by_label(old).is_some(),
        "undo gives the old title back"
    );
    assert!(h.query_by_label(new).is_none());
}

#[test]
fn undo_and_redo_an_annotation_with_the_keyboard() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = annotation_count(&h);
    open_document(
        &mut h,
        "Madaya",
        "Minister for the Middle East Tobias Ellwood comments on delivery of aid to Madaya",
    );
    drag_select_first_line(&mut h);
    // Ctrl+Enter opens the draft, Ctrl+Enter again adds it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();
    assert_eq!(annotation_count(&h), before + 1);
    let label = h
        .state()
        .session()
        .and_then(|s| s.workspace.history.undo_label().map(str::to_owned));
    assert_eq!(label.as_deref(), Some("Add annotation"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), before, "undo removes it");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(annotation_count(&h), before + 1, "Ctrl+Shift+Z redoes");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(annotation_count(&h), before + 1, "Ctrl+Y redoes too");
}

#[test]
fn delete_a_tag_in_use_then_undo() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let uses = |h: &Harness<'static, DossierApp>| {
        let p = &h.state().session().expect("session").workspace.project;
        p.tag_by_name("Airstrikes").map(|t| {
            p.annotations
                .values()
                .filter(|a| a.tags.contains(&t.id))
                .count()
        })
    };
    assert_eq!(uses(&h), Some(3));
    h.get_by_label("Codebook").click();
    h.run();
    h.get_by_label("Tag Airstrikes (3)").click_secondary();
    h.run();
    h.get_by_label("Delete…").click();
    h.run();
    assert!(matches!(
        h.state().modal(),
        Some(Modal::ConfirmDeleteTag { uses: 3, .. })
    ));
    assert!(h.query_by_label_contains("3 annotations use it").is_some());
    h.get_by_label("Delete tag").click();
    h.run();
    assert_eq!(uses(&h), None, "the tag is gone");
    assert!(h.query_by_label("Tag Airstrikes (3)").is_none());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        uses(&h),
        Some(3),
        "undo brings the tag back on all three annotations"
    );
    assert!(h.query_by_label("Tag Airstrikes (3)").is_some());
}

#[test]
fn unsaved_changes_prompt_cancel_keeps_the_project_open() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    h.get_by_label("Codebook").click();
    h.run();
    let name = field(&h, "New tag name");
    name.focus();
    name.type_text("Sanctions");
    h.key_press(Key::Enter);
    h.run();
    let dirty = |h: &Harness<'static, DossierApp>| {
        h.state().session().is_some_and(|s| s.workspace.is_dirty())
    };
    assert!(dirty(&h));
    assert!(
        h.state().window_title().contains(" *"),
        "{}",
        h.state().window_title()
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run();
    assert!(matches!(
        h.state().modal(),
        Some(Modal::UnsavedChanges { .. })
    ));
    assert!(h.query_by_label("Save changes?").is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(
        h.state().session().is_some(),
        "Cancel keeps the project open"
    );
    assert!(dirty(&h), "and its changes");

    // Discard really closes it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::W);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().session().is_none());
    assert!(
        h.query_by_label("Open the Sample").is_some()
            || h.query_by_label_contains("Open the Sample").is_some()
    );
}

#[test]
fn welcome_screen_opens_the_sample() {
    let fx = fixture();
    let mut h = app(&fx, None);
    h.run();
    h.get_by_label_contains("Open the Sample").click();
    wait_until(&mut h, "the sample to open", |a| {
        a.session().is_some() && !a.is_busy()
    });
    let session = h.state().session().expect("session");
    assert!(session.workspace.project.annotations.len() >= 10);
    assert!(session.reconcile.totals.orphaned == 0);
}

#[test]
fn after_a_crash_reopening_offers_the_recovery_copy() {
    let fx = fixture();
    let project_path = fx.sample.join("sample.dossier.ron");
    // A previous session added a tag and crashed before saving: only its recovery copy
    // (written every minute while there are unsaved changes) has the tag.
    let mut crashed = dossier::project::file::load(&project_path).expect("load");
    let id = crashed.new_tag_id();
    crashed.tags.insert(
        id,
        dossier::project::Tag {
            id,
            name: "Recovered tag".into(),
            colour: dossier::project::Rgb::PALETTE[2],
            description: String::new(),
            parent: None,
        },
    );
    let store = dossier::project::recovery::RecoveryStore::new(
        fx.dir.path().join("app-data").join("recovery"),
    );
    // The project file is older than the recovery copy.
    std::thread::sleep(std::time::Duration::from_millis(20));
    store
        .write(&project_path, &crashed)
        .expect("write recovery copy");

    let mut h = opened(&fx, project_path.clone());
    assert!(matches!(
        h.state().modal(),
        Some(Modal::OfferRecovery { .. })
    ));
    assert!(h.query_by_label("Restore unsaved work?").is_some());
    h.get_by_label("Restore").click();
    h.run();
    let session = h.state().session().expect("session");
    assert!(
        session
            .workspace
            .project
            .tag_by_name("Recovered tag")
            .is_some()
    );
    assert!(
        session.workspace.is_dirty(),
        "restored work is unsaved until saved"
    );
    // Saving removes the recovery copy.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    wait_until(&mut h, "the save", |a| {
        !a.is_busy() && a.session().is_some_and(|s| !s.workspace.is_dirty())
    });
    assert!(store.find(&project_path, None).is_none());
    let saved = dossier::project::file::load(&project_path).expect("load");
    assert!(saved.tag_by_name("Recovered tag").is_some());
}

/// The legend button of an entity kind ("Place 12").
fn legend_button<'a>(
    h: &'a Harness<'static, DossierApp>,
    name: &'static str,
) -> egui_kittest::Node<'a> {
    h.get_by(move |n| {
        n.role() == egui::accesskit::Role::Button
            && n.label().is_some_and(|l| {
                l.starts_with(name) && l[name.len()..].trim().parse::<usize>().is_ok()
            })
    })
}

#[test]
fn toggle_an_entity_kind_off_and_on() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    open_document(
        &mut h,
        "Madaya",
        "Minister for the Middle East Tobias Ellwood comments on delivery of aid to Madaya",
    );
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    let kinds = h.state().highlighted_entity_kinds();
    assert!(
        kinds.contains(&EntityKind::Loc) && kinds.contains(&EntityKind::Person),
        "{kinds:?}"
    );

    legend_button(&h, "Place").click();
    h.run();
    assert!(h.state().hidden_entity_kinds().contains(&EntityKind::Loc));
    let kinds = h.state().highlighted_entity_kinds();
    assert!(
        !kinds.contains(&EntityKind::Loc),
        "places are no longer highlighted: {kinds:?}"
    );
    assert!(
        kinds.contains(&EntityKind::Person),
        "the other kinds still are"
    );

    legend_button(&h, "Place").click();
    h.run();
    assert!(
        h.state()
            .highlighted_entity_kinds()
            .contains(&EntityKind::Loc),
        "and back on"
    );
}

#[test]
fn marking_a_phrase_as_an_entity_applies_everywhere_and_undoes() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    open_document(
        &mut h,
        "Madaya",
        "Minister for the Middle East Tobias Ellwood comments on delivery of aid to Madaya",
    );
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    let rules = |h: &Harness<'static, DossierApp>| {
        h.state()
            .session()
            .expect("s")
            .workspace
            .project
            .entity_rules
            .phrases
            .len()
    };
    assert_eq!(rules(&h), 0);
    // Find the word (the match is selected), then right-click the selection.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    field(&h, "Find in document").type_text("starvation");
    h.key_press(Key::Enter);
    h.run();
    let doc = h.state().current_document().expect("doc").clone();
    let selected = h.state().selection().expect("the match is selected");
    assert_eq!(doc.text.slice(selected), Some("starvation"));
    h.get_by_label("Selected text: starvation")
        .click_secondary();
    h.run();
    h.get_by_label("Mark as entity").click();
    h.run();
    h.get_by_label("Organisation (ORG)").click();
    h.run();
    assert_eq!(rules(&h), 1);
    wait_until(&mut h, "recognition with the new rule", |a| {
        !a.recognising_entities()
    });
    assert!(
        h.state()
            .highlighted_entity_kinds()
            .contains(&EntityKind::Org)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rules(&h), 0, "undo removes the rule");
}

#[test]
fn search_the_corpus_click_a_hit_and_read_it_there() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    // Literal queries search as you type.
    field(&h, "Search all documents").type_text("airstrike near Tabqa");
    wait_until(&mut h, "search results", |a| {
        a.search_hits().is_some_and(|n| n > 0)
    });
    assert_eq!(h.state().search_hits(), Some(1));
    assert!(h.query_by_label("1 match").is_some());
    h.get_by_label_contains("Match: ").click();
    h.run();
    let doc = h
        .state()
        .current_document()
        .expect("the hit's document is open")
        .clone();
    assert_eq!(doc.title, "Death of Abu Jandal al-Kuwaiti");
    let selected = h.state().selection().expect("the hit is selected");
    assert_eq!(doc.text.slice(selected), Some("airstrike near Tabqa"));
    assert_eq!(h.state().central_view(), dossier::app::CentralView::Reader);
}

#[test]
fn annotate_every_match_with_a_new_tag_then_undo_all_at_once() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let before = annotation_count(&h);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    h.run();
    field(&h, "Search all documents").type_text("Raqqah");
    wait_until(&mut h, "search results", |a| {
        a.search_hits().is_some_and(|n| n > 0)
    });
    let hits = h.state().search_hits().expect("hits");
    h.get_by_label(&format!("Annotate {hits} matches…")).click();
    h.run();
    let tag = field(&h, "Add tag…");
    tag.focus();
    tag.type_text("Raqqah campaign");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label(&format!("Annotate {hits} matches")).click();
    h.run();
    let session = h.state().session().expect("session");
    assert_eq!(annotation_count(&h), before + hits);
    let tag = session
        .workspace
        .project
        .tag_by_name("Raqqah campaign")
        .expect("the new tag")
        .id;
    assert_eq!(
        session
            .workspace
            .project
            .annotations
            .values()
            .filter(|a| a.tags.contains(&tag))
            .count(),
        hits
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        annotation_count(&h),
        before,
        "one undo removes every annotation"
    );
    assert!(
        h.state()
            .session()
            .expect("s")
            .workspace
            .project
            .tag_by_name("Raqqah campaign")
            .is_none(),
        "and the tag"
    );
}

#[test]
fn entity_index_concordance_opens_the_reader_at_a_mention() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.join("sample.dossier.ron"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(
        h.state().central_view(),
        dossier::app::CentralView::Entities
    );
    let filter = field(&h, "Filter entities by name");
    filter.focus();
    filter.type_text("Hmeimim");
    h.run();
    h.get_by_label_contains("Hmeimim (Place)").click();
    h.run();
    // Hmeimim is in the seed article and in the analyst's memo: open the memo's mention.
    h.get_by_label_contains("Mention in Analyst memo").click();
    h.run();
    assert_eq!(h.state().central_view(), dossier::app::CentralView::Reader);
    let doc = h.state().current_document().expect("document").clone();
    let selected = h.state().selection().expect("the mention is selected");
    assert_eq!(doc.text.slice(selected), Some("Hmeimim"));
    assert!(doc.title.starts_with("Analyst memo"), "{}", doc.title);
}

#[test]
fn export_from_the_file_menu_and_import_the_qdpx_back() {
    let fx = fixture();
    let mut h = opened(&fx, fx.sample.join("sample.dossier.ron"));
    let annotations = annotation_count(&h);
    let out = fx.dir.path().join("exports");
    std::fs::create_dir_all(&out).expect("mkdir");

    // File > Export > CSV: one row per annotation.
    fx.dialogs
        .answer(DialogKind::SaveExport, Some(out.join("coding")));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Export as CSV…").click();
    wait_until(&mut h, "the export", |a| !a.is_busy());
    let csv = std::fs::read_to_string(out.join("coding.csv")).expect("the extension is added");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), annotations);

    // REFI-QDA out and back in, through the palette this time.
    fx.dialogs
        .answer(DialogKind::SaveExport, Some(out.join("sample.qdpx")));
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    field(&h, "Type a command").type_text("refi-qda project export");
    h.key_press(Key::Enter);
    wait_until(&mut h, "the qdpx export", |a| !a.is_busy());
    assert!(out.join("sample.qdpx").exists());
    let into = fx.dir.path().join("imported");
    fx.dialogs
        .answer(DialogKind::OpenQdpx, Some(out.join("sample.qdpx")));
    fx.dialogs
        .answer(DialogKind::PickImportFolder, Some(into.clone()));
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import REFI-QDA Project…").click();
    wait_until(&mut h, "the import and opening the imported project", |a| {
        !a.is_busy()
            && a.session().is_some_and(|s| {
                s.workspace
                    .path
                    .as_ref()
                    .is_some_and(|p| p.starts_with(&into))
            })
    });
    let session = h.state().session().expect("the imported project is open");
    assert_eq!(session.workspace.project.annotations.len(), annotations);
    assert_eq!(session.workspace.project.tags.len(), 8);
}

#[test]
fn reopening_a_project_takes_its_entities_from_the_cache() {
    use dossier::entities::{EntityKind, Mention, Origin, cache};
    let fx = fixture();
    let project = fx.sample.join("sample.dossier.ron");
    let cache_dir = fx.dir.path().join("app-data").join("entity-cache");
    {
        let mut h = opened(&fx, project.clone());
        wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    }
    // The window writes the cache on its worker once the index is shown.
    let mut written = None;
    for _ in 0..1000 {
        let file = std::fs::read_dir(&cache_dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "mentions"));
        if let Some(file) = file
            && let Ok(cached) = cache::load(&file)
        {
            written = Some((file, cached));
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let (file, mut cached) = written.expect("the window wrote the entity cache");
    assert_eq!(
        cached.documents.len(),
        h_documents(&fx),
        "every document is cached"
    );

    // Slip in a mention no recogniser would find: if the next session lists it, its
    // entities came from the cache rather than from recognising everything again.
    let seed = "news/000_31e3b2518f2d233b.txt";
    let found = cached.documents.get_mut(seed).expect("the seed article");
    let mut mentions = found.mentions.as_ref().clone();
    mentions.insert(
        0,
        Mention {
            start: 0,
            end: 2,
            kind: EntityKind::Org,
            key: "Cache Sentinel".into(),
            origin: Origin::User,
            detail: None,
        },
    );
    found.mentions = Arc::new(mentions);
    let rules = found.rules.clone();
    let documents = cached
        .documents
        .iter()
        .map(|(path, f)| (path.as_str(), &f.hash, f.mentions.as_slice()));
    cache::save(&file, &rules, documents).expect("cache rewritten");

    let mut h = opened(&fx, project);
    wait_until(&mut h, "entity recognition", |a| !a.recognising_entities());
    h.get_by_label("Entity index").click();
    h.run();
    let filter = field(&h, "Filter entities by name");
    filter.focus();
    filter.type_text("sentinel");
    h.run();
    assert!(h.query_by_label_contains("Cache Sentinel").is_some());
}

/// The number of documents of the fixture's sample folder.
fn h_documents(fx: &Fixture) -> usize {
    dossier::corpus::Corpus::load(&fx.sample, &dossier::corpus::LoadOptions::default())
        .expect("sample loads")
        .documents
        .len()
}

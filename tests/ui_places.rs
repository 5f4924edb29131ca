//! Places in the window, driven as a person would (egui_kittest): a place re-linked to
//! another gazetteer entry from the entity index applies to every mention, and undoes.
#![cfg(feature = "gui")]

use crate::common;

use common::ui::*;
use dossier::app::CentralView;
use dossier::entities::{EntityId, EntityKind};
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};

#[test]
fn a_place_relinked_in_the_entity_index_applies_everywhere_and_undoes() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Entities);

    // The most mentioned place whose name stands for several gazetteer entries.
    let (place, mentions, other, other_label) = {
        let index = h.state().entity_index().expect("the index");
        index
            .entities()
            .iter()
            .filter(|e| e.id.kind == EntityKind::Loc && e.mentions > 1)
            .find_map(|e| {
                let (_, m) = index.occurrences(&e.id).into_iter().next()?;
                let link = m.place()?;
                let other = *link.alternatives.first()?;
                let label = dossier::entities::place_label(other)?;
                Some((e.id.clone(), e.mentions, other, label))
            })
            .expect("a place with other candidates")
    };
    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with(&format!("{} ({}),", place.key, place.kind.display_name()))
        }) && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    h.get_by_label("Link to…").click();
    h.run();
    h.get_by_label(&other_label).click();
    h.step();
    // Every mention now names the other entry; the place is now keyed by where it is.
    let linked_to_other = |a: &dossier::app::DossierApp| {
        a.entity_index().is_some_and(|i| {
            i.summary(place.kind, &place.key).is_none()
                && i.documents_mentions().any(|(_, ms)| {
                    ms.iter()
                        .any(|m| m.place().is_some_and(|p| p.geonameid == other))
                })
        })
    };
    wait_until(&mut h, "the index after the re-link", |a| {
        !a.recognising_entities() && linked_to_other(a)
    });
    let index = h.state().entity_index().expect("index").clone();
    let relinked: Vec<&EntityId> = index
        .entities()
        .iter()
        .filter(|e| e.mentions == mentions && e.id.key.starts_with(&place.key))
        .map(|e| &e.id)
        .collect();
    assert_eq!(relinked.len(), 1, "{relinked:?}");
    let all_other = index.occurrences(relinked[0]).iter().all(|(_, m)| {
        m.place()
            .is_some_and(|p| p.geonameid == other && p.reason == "linked by you")
    });
    assert!(all_other, "every mention is re-linked");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    wait_until(&mut h, "the index after the undo", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(place.kind, &place.key).map(|s| s.mentions) == Some(mentions)
            })
    });
}

#[test]
fn a_place_relinked_from_the_reader_applies_everywhere_and_undoes() {
    let fx = fixture();
    let mut h = recognised(&fx, fx.sample.clone());

    // A place mention whose name stands for several gazetteer entries, the first place
    // of its document (the find bar's first hit is then that mention).
    let (place, mentions, path, range, other, other_label) = {
        let index = h.state().entity_index().expect("the index");
        index
            .entities()
            .iter()
            .filter(|e| e.id.kind == EntityKind::Loc && e.mentions > 1)
            .find_map(|e| {
                let (path, m) = index.occurrences(&e.id).into_iter().next()?;
                let link = m.place()?;
                let other = *link.alternatives.first()?;
                let label = dossier::entities::place_label(other)?;
                Some((
                    e.id.clone(),
                    e.mentions,
                    path.to_owned(),
                    m.start..m.end,
                    other,
                    label,
                ))
            })
            .expect("a place with other candidates")
    };
    let (title, written) = {
        let doc = h
            .state()
            .session()
            .and_then(|s| s.corpus.get(&path))
            .expect("its document");
        (
            doc.title.clone(),
            doc.text
                .slice(range.clone())
                .expect("the mention")
                .to_owned(),
        )
    };
    open_document(&mut h, &title, &title);

    // Find the mention as a person would, then right-click it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    field(&h, "Find in document").type_text(&written);
    h.run();
    let first_hit = h.state().selection();
    if first_hit.as_ref() != Some(&range) {
        // An earlier occurrence of the name that is not this mention: go to the mention.
        h.key_press(Key::F3);
        h.run();
    }
    h.get_by(|n| {
        n.label()
            .is_some_and(|l| l == format!("Selected text: {written}"))
    })
    .click_secondary();
    h.run();
    let current = dossier::entities::place_label(
        h.state()
            .entity_index()
            .and_then(|i| i.place_of(&place))
            .expect("linked")
            .geonameid,
    )
    .expect("a label");
    h.get_by_label(&format!("Place: {current}")).click();
    h.run();
    h.get_by_label(&other_label).click();
    h.step();

    // Every mention of the place, in every document, names the other entry.
    wait_until(&mut h, "the index after the re-link", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(place.kind, &place.key).is_none()
                    && i.documents_mentions().any(|(_, ms)| {
                        ms.iter()
                            .any(|m| m.place().is_some_and(|p| p.geonameid == other))
                    })
            })
    });
    let index = h.state().entity_index().expect("index").clone();
    let relinked: Vec<&EntityId> = index
        .entities()
        .iter()
        .filter(|e| e.mentions == mentions && e.id.key.starts_with(&place.key))
        .map(|e| &e.id)
        .collect();
    assert_eq!(relinked.len(), 1, "{relinked:?}");
    let all_other = index.occurrences(relinked[0]).iter().all(|(_, m)| {
        m.place()
            .is_some_and(|p| p.geonameid == other && p.reason == "linked by you")
    });
    assert!(all_other, "every mention is re-linked");
    // The map follows: the place is drawn under its new entry.
    list_mentions_of_place(&mut h, &relinked[0].key);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    wait_until(&mut h, "the index after the undo", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(place.kind, &place.key).map(|s| s.mentions) == Some(mentions)
            })
    });
}

/// Paris, France and Paris, Texas are two entities of the index; renaming the first from
/// the index leaves the second as it was, and undoes.
#[test]
fn renaming_one_paris_in_the_entity_index_leaves_the_other() {
    let fx = fixture();
    let docs = fx.dir.path().join("parises");
    std::fs::create_dir(&docs).expect("mkdir");
    std::fs::write(
        docs.join("fr.txt"),
        "Strikes in France\n\nUnions marched in Paris on Tuesday. In Paris, the metro was \
         shut, and Lyon and Marseille also saw protests in France.\n",
    )
    .expect("write");
    std::fs::write(
        docs.join("tx.txt"),
        "Storm in Texas\n\nA tornado hit Paris, Texas, on Monday. Residents of Paris said \
         the courthouse was damaged, and Dallas sent crews.\n",
    )
    .expect("write");
    let mut h = recognised(&fx, docs);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num3);
    h.run();
    assert_eq!(h.state().central_view(), CentralView::Entities);

    // Each Paris: its entity, its entry and how often it is mentioned.
    let paris_in = |a: &dossier::app::DossierApp, country: &str| {
        let index = a.entity_index()?;
        index.entities().iter().find_map(|e| {
            let (_, m) = index.occurrences(&e.id).into_iter().next()?;
            let p = m.place()?;
            (e.id.kind == EntityKind::Loc && e.id.key.starts_with("Paris") && p.country == country)
                .then(|| (e.id.clone(), p.geonameid, e.mentions))
        })
    };
    let france = paris_in(h.state(), "FR").expect("Paris, France");
    let texas = paris_in(h.state(), "US").expect("Paris, Texas");
    assert_ne!(france.0, texas.0, "two entities");

    h.get_by(|n| {
        n.label().is_some_and(|l| {
            l.starts_with(&format!(
                "{} ({}),",
                france.0.key,
                france.0.kind.display_name()
            ))
        }) && n.role() == egui::accesskit::Role::ListBoxOption
    })
    .click();
    h.run();
    // What the rename will change: the mentions of this Paris only.
    let reach = h
        .query_all_by(|n| {
            n.value()
                .is_some_and(|v| v.starts_with("A correction changes "))
        })
        .next()
        .and_then(|n| n.accesskit_node().value())
        .expect("the correction's reach is shown");
    let france_label = dossier::entities::place_label(france.1).expect("a label");
    assert!(
        reach.starts_with(&format!(
            "A correction changes {} mentions in 1 document: “Paris” as Place linked to {france_label}.",
            france.2
        )),
        "{reach}"
    );
    // The name field holds the current name: select it all and type the new one.
    let key = france.0.key.clone();
    let name_field = move |n: &egui_kittest::kittest::AccessKitNode<'_>| {
        n.role() == egui::accesskit::Role::TextInput && n.value().as_deref() == Some(&*key)
    };
    h.get_by(name_field.clone()).focus();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by(name_field).type_text("Paris (capital)");
    h.run();
    h.get_by_label("Rename").click();
    h.step();
    wait_until(&mut h, "the index after the rename", |a| {
        !a.recognising_entities()
            && a.entity_index().is_some_and(|i| {
                i.summary(EntityKind::Loc, "Paris (capital)")
                    .map(|s| s.mentions)
                    == Some(france.2)
            })
    });
    let renamed: EntityId = paris_in(h.state(), "FR").expect("Paris, France").0;
    assert_eq!(renamed.key, "Paris (capital)");
    assert_eq!(
        paris_in(h.state(), "US"),
        Some(texas.clone()),
        "Paris, Texas untouched"
    );
    let index = h.state().entity_index().expect("index");
    assert!(
        !index
            .entities()
            .iter()
            .any(|e| e.id.key.starts_with("Paris (capital),")),
        "{:?}",
        index.entities()
    );

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    wait_until(&mut h, "the index after the undo", |a| {
        !a.recognising_entities() && paris_in(a, "FR").is_some_and(|f| f == france)
    });
    assert_eq!(paris_in(h.state(), "US"), Some(texas));
}

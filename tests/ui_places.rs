//! Places in the window, driven as a person would (egui_kittest): a place re-linked to
//! another gazetteer entry from the entity index applies to every mention, and undoes.
#![cfg(feature = "gui")]

mod common;

use common::ui::*;
use dossier::app::CentralView;
use dossier::entities::{EntityId, EntityKind};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

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

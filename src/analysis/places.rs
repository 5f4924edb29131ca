//! The places of a corpus with their coordinates: every place mention linked to a
//! gazetteer entry (GeoNames), grouped by entry, with its numbers of mentions and
//! documents; and the places no entry was found for. The map view draws the first;
//! `dossier places` prints both.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::entities::{EntityId, EntityIndex, EntityKind};

/// One gazetteer entry the corpus mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// The entity's name (the one most mentioned when several names link to the entry).
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 country code ("SY").
    pub country: String,
    pub geonameid: u32,
    pub mentions: usize,
    pub documents: usize,
}

/// A place name no gazetteer entry was found for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    pub name: String,
    pub mentions: usize,
}

/// The corpus's places: linked ones by mentions (most first), then the unresolved ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Places {
    pub places: Vec<Place>,
    pub unresolved: Vec<Unresolved>,
}

impl Place {
    /// The entity to show when the place is clicked.
    pub fn entity(&self) -> EntityId {
        EntityId {
            kind: EntityKind::Loc,
            key: self.name.clone(),
        }
    }
}

/// The places mentioned in `index`'s documents (all of them, or only `documents`).
pub fn places(index: &EntityIndex, documents: Option<&BTreeSet<String>>) -> Places {
    struct Entry {
        names: HashMap<String, usize>,
        lat_e5: i32,
        lon_e5: i32,
        country: String,
        mentions: usize,
        documents: BTreeSet<String>,
    }
    let mut linked: HashMap<u32, Entry> = HashMap::new();
    let mut unresolved: HashMap<String, usize> = HashMap::new();
    for (path, mentions) in index.documents_mentions() {
        if documents.is_some_and(|d| !d.contains(path)) {
            continue;
        }
        for m in mentions.iter().filter(|m| m.kind == EntityKind::Loc) {
            match m.place() {
                Some(link) => {
                    let e = linked.entry(link.geonameid).or_insert_with(|| Entry {
                        names: HashMap::new(),
                        lat_e5: link.lat_e5,
                        lon_e5: link.lon_e5,
                        country: link.country.clone(),
                        mentions: 0,
                        documents: BTreeSet::new(),
                    });
                    *e.names.entry(m.key.clone()).or_insert(0) += 1;
                    e.mentions += 1;
                    e.documents.insert(path.to_owned());
                }
                None => *unresolved.entry(m.key.clone()).or_insert(0) += 1,
            }
        }
    }
    let mut places: Vec<Place> = linked
        .into_iter()
        .map(|(geonameid, e)| {
            let name = e
                .names
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|(n, _)| n)
                .unwrap_or_default();
            Place {
                name,
                lat: f64::from(e.lat_e5) / 1e5,
                lon: f64::from(e.lon_e5) / 1e5,
                country: e.country,
                geonameid,
                mentions: e.mentions,
                documents: e.documents.len(),
            }
        })
        .collect();
    places.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    let mut unresolved: Vec<Unresolved> = unresolved
        .into_iter()
        .map(|(name, mentions)| Unresolved { name, mentions })
        .collect();
    unresolved.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.name.cmp(&b.name)));
    Places { places, unresolved }
}

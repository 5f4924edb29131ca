//! The places of a corpus with their coordinates: every place mention linked to a
//! gazetteer entry (GeoNames), grouped by entry, with its numbers of mentions and
//! documents; and the places no entry was found for. The map view draws the first;
//! `dossier places` prints both.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use serde::Serialize;

use crate::entities::{EntityId, EntityIndex, EntityKind};

/// One gazetteer entry the corpus mentions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Place {
    /// The entity's name (the one most mentioned when several names link to the entry).
    pub name: String,
    /// Latitude, in degrees.
    pub lat: f64,
    /// Longitude, in degrees.
    pub lon: f64,
    /// ISO 3166 country code ("SY").
    pub country: String,
    /// The entry's GeoNames id.
    pub geonameid: u32,
    /// The entry as people read it: "Madaya, Rif-dimashq, Syria".
    pub label: String,
    /// Why a mention was linked to it ("the document names Syria and Damascus"; the reason
    /// of its first mention when documents give several).
    pub reason: String,
    /// The GeoNames page of the entry (none for Dossier's own entries).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Mentions of the place.
    pub mentions: usize,
    /// Documents that mention it.
    pub documents: usize,
}

/// A place name no gazetteer entry was found for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// The name as mentioned.
    pub name: String,
    /// Its mentions.
    pub mentions: usize,
}

/// The corpus's places: linked ones by mentions (most first), then the unresolved ones.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Places {
    /// The places linked to a gazetteer entry.
    pub places: Vec<Place>,
    /// The place names linked to none.
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

/// Where the mentions that count are, when not the whole corpus.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Within {
    /// Every mention in these documents (by path).
    Documents(BTreeSet<String>),
    /// Mentions inside these passages: char ranges by document path.
    Passages(BTreeMap<String, Vec<Range<usize>>>),
}

impl Within {
    /// The mention at chars `range` of document `path` counts.
    pub fn holds(&self, path: &str, range: &Range<usize>) -> bool {
        match self {
            Within::Documents(documents) => documents.contains(path),
            Within::Passages(passages) => passages.get(path).is_some_and(|ranges| {
                ranges
                    .iter()
                    .any(|r| r.start <= range.start && range.end <= r.end)
            }),
        }
    }
}

/// The places mentioned in `index`'s documents (all of them, or only `within`).
pub fn places(index: &EntityIndex, within: Option<&Within>) -> Places {
    struct Entry {
        names: HashMap<String, usize>,
        lat_e5: i32,
        lon_e5: i32,
        country: String,
        reason: String,
        url: Option<String>,
        mentions: usize,
        documents: BTreeSet<String>,
    }
    let mut linked: HashMap<u32, Entry> = HashMap::new();
    let mut unresolved: HashMap<String, usize> = HashMap::new();
    for (path, mentions) in index.documents_mentions() {
        // A document none of whose mentions can count is skipped whole.
        let skipped = match within {
            None => false,
            Some(Within::Documents(d)) => !d.contains(path),
            Some(Within::Passages(p)) => !p.contains_key(path),
        };
        if skipped {
            continue;
        }
        for m in mentions.iter().filter(|m| {
            m.kind == EntityKind::Loc && within.is_none_or(|w| w.holds(path, &(m.start..m.end)))
        }) {
            match m.place() {
                Some(link) => {
                    let e = linked.entry(link.geonameid).or_insert_with(|| Entry {
                        names: HashMap::new(),
                        lat_e5: link.lat_e5,
                        lon_e5: link.lon_e5,
                        country: link.country.clone(),
                        reason: link.reason.clone(),
                        url: link.geonames_url(),
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
                label: crate::entities::place_label(geonameid).unwrap_or_default(),
                reason: e.reason,
                url: e.url,
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::entities::Recognizer;

    fn index_of(docs: &[(&str, &str)]) -> EntityIndex {
        let r = Recognizer::shared();
        EntityIndex::build(
            docs.iter()
                .map(|(path, text)| ((*path).to_owned(), Arc::new(r.recognize(text)))),
        )
    }

    fn names(p: &Places) -> Vec<(&str, usize, usize)> {
        p.places
            .iter()
            .map(|p| (p.name.as_str(), p.mentions, p.documents))
            .collect()
    }

    #[test]
    fn places_are_counted_in_the_documents_or_passages_asked_for() {
        let first = "Fighting was reported in Mosul. Aid reached Damascus later.";
        let second = "Convoys left Damascus for Tartus.";
        let index = index_of(&[("a.txt", first), ("b.txt", second)]);
        let all = places(&index, None);
        assert_eq!(
            names(&all),
            [("Damascus", 2, 2), ("Mosul", 1, 1), ("Tartus", 1, 1)]
        );
        let mosul = all
            .places
            .iter()
            .find(|p| p.name == "Mosul")
            .expect("Mosul");
        assert!((mosul.lat - 36.34).abs() < 0.1 && (mosul.lon - 43.13).abs() < 0.1);

        let only_b = Within::Documents(["b.txt".to_owned()].into());
        assert_eq!(
            names(&places(&index, Some(&only_b))),
            [("Damascus", 1, 1), ("Tartus", 1, 1)]
        );
        // The first sentence of a.txt only (chars 0..31): Mosul, not Damascus.
        let sentence: Range<usize> = 0..31;
        let first_sentence = Within::Passages([("a.txt".to_owned(), vec![sentence])].into());
        assert_eq!(
            names(&places(&index, Some(&first_sentence))),
            [("Mosul", 1, 1)]
        );
        let nowhere = Within::Passages(BTreeMap::new());
        assert!(places(&index, Some(&nowhere)).places.is_empty());
    }
}

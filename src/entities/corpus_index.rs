//! Entities across a corpus: every document recognised (in parallel, cancellable, each
//! result handed over as soon as it is ready), and the index of distinct entities with
//! their numbers of mentions and documents.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::incremental::{PreviousRecognition, Reuse};
use super::{EntityDictionary, EntityKind, Mention, Recognizer};
use crate::corpus::Corpus;

/// An entity: its kind and canonical name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId {
    /// The entity's kind.
    pub kind: EntityKind,
    /// Its canonical name.
    pub key: String,
}

/// An entity of the corpus and how often it occurs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntitySummary {
    /// The entity.
    pub id: EntityId,
    /// Its mentions in the corpus.
    pub mentions: usize,
    /// The documents that mention it.
    pub documents: usize,
}

/// The entities of a corpus.
#[derive(Clone, Debug, Default)]
pub struct EntityIndex {
    by_doc: HashMap<String, Arc<Vec<Mention>>>,
    /// Most mentioned first, then by kind and name.
    entities: Vec<EntitySummary>,
    lookup: HashMap<EntityId, usize>,
    distinct_per_doc: HashMap<String, usize>,
    /// Each entity's name folded (case, diacritics), in the order of `entities`: the
    /// window filters and sorts by it as the user types.
    folded: Vec<String>,
}

impl EntityIndex {
    /// Builds the index from each document's mentions.
    pub fn build(documents: impl IntoIterator<Item = (String, Arc<Vec<Mention>>)>) -> Self {
        let by_doc: HashMap<String, Arc<Vec<Mention>>> = documents.into_iter().collect();
        // (mentions, documents) per entity; a document counts once per entity.
        let mut counts: HashMap<(EntityKind, &str), (usize, usize)> = HashMap::new();
        let mut distinct_per_doc = HashMap::with_capacity(by_doc.len());
        let mut seen: Vec<(EntityKind, &str)> = Vec::new();
        for (path, mentions) in &by_doc {
            seen.clear();
            // Dates without a calendar value ("yesterday" with no document date, "two
            // weeks") are highlighted in the text but are no entity to list.
            for m in mentions.iter().filter(|m| m.is_listed()) {
                let entry = counts.entry((m.kind, m.key.as_str())).or_insert((0, 0));
                entry.0 += 1;
                seen.push((m.kind, m.key.as_str()));
            }
            seen.sort_unstable();
            seen.dedup();
            for id in &seen {
                if let Some(entry) = counts.get_mut(id) {
                    entry.1 += 1;
                }
            }
            distinct_per_doc.insert(path.clone(), seen.len());
        }
        let mut entities: Vec<EntitySummary> = counts
            .into_iter()
            .map(|((kind, key), (mentions, documents))| EntitySummary {
                id: EntityId {
                    kind,
                    key: key.to_owned(),
                },
                mentions,
                documents,
            })
            .collect();
        entities.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
        let lookup = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let folded = entities
            .iter()
            .map(|e| super::fold::fold(&e.id.key))
            .collect();
        Self {
            by_doc,
            entities,
            lookup,
            distinct_per_doc,
            folded,
        }
    }

    /// The entities whose folded name contains `needle` (already folded; every entity if
    /// it is empty), with their positions in [`EntityIndex::entities`].
    pub fn matching<'a, 'n>(
        &'a self,
        needle: &'n str,
    ) -> impl Iterator<Item = (usize, &'a EntitySummary)> + use<'a, 'n> {
        self.entities
            .iter()
            .zip(&self.folded)
            .enumerate()
            .filter(move |(_, (_, folded))| needle.is_empty() || folded.contains(needle))
            .map(|(i, (e, _))| (i, e))
    }

    /// The folded name of the entity at `i` of [`EntityIndex::entities`].
    pub fn folded_name(&self, i: usize) -> &str {
        self.folded.get(i).map_or("", String::as_str)
    }

    /// The mentions of one document (sorted by position).
    pub fn mentions_of(&self, path: &str) -> Option<&Arc<Vec<Mention>>> {
        self.by_doc.get(path)
    }

    /// Every document's mentions, in no particular order.
    pub fn documents_mentions(&self) -> impl Iterator<Item = (&str, &Arc<Vec<Mention>>)> {
        self.by_doc.iter().map(|(path, m)| (path.as_str(), m))
    }

    /// Every entity, most mentioned first.
    pub fn entities(&self) -> &[EntitySummary] {
        &self.entities
    }

    /// The summary of one entity.
    pub fn summary(&self, kind: EntityKind, key: &str) -> Option<&EntitySummary> {
        let id = EntityId {
            kind,
            key: key.to_owned(),
        };
        self.lookup.get(&id).map(|&i| &self.entities[i])
    }

    /// The number of distinct entities in a document.
    pub fn distinct_in(&self, path: &str) -> Option<usize> {
        self.distinct_per_doc.get(path).copied()
    }

    /// Documents indexed.
    pub fn documents(&self) -> usize {
        self.by_doc.len()
    }

    /// The gazetteer entry a place entity's mentions are linked to (its first linked
    /// mention's); `None` for another kind, or a place without an entry.
    pub fn place_of(&self, id: &EntityId) -> Option<super::PlaceLink> {
        if id.kind != super::EntityKind::Loc {
            return None;
        }
        self.occurrences(id)
            .into_iter()
            .find_map(|(_, m)| m.place().cloned())
    }

    /// Every mention of an entity: (document path, mention), in path then text order.
    pub fn occurrences(&self, id: &EntityId) -> Vec<(&str, &Mention)> {
        let mut out: Vec<(&str, &Mention)> = self
            .by_doc
            .iter()
            .flat_map(|(path, mentions)| {
                mentions
                    .iter()
                    .filter(|m| m.kind == id.kind && m.key == id.key)
                    .map(move |m| (path.as_str(), m))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(b.0).then(a.1.start.cmp(&b.1.start)));
        out
    }

    /// The gazetteer entry every mention of the place entity `id` is linked to, if they all
    /// are to one (`None` for another kind, an unlinked mention, or two entries).
    pub fn linked_entry(&self, id: &EntityId) -> Option<u32> {
        if id.kind != EntityKind::Loc {
            return None;
        }
        let mut entry = None;
        for mentions in self.by_doc.values() {
            for m in mentions
                .iter()
                .filter(|m| m.kind == id.kind && m.key == id.key)
            {
                let linked = m.place()?.geonameid;
                if *entry.get_or_insert(linked) != linked {
                    return None;
                }
            }
        }
        entry
    }
}

/// Entities that appear in the same paragraph as `id`, with the number of paragraphs they
/// share with it, most shared first (ties by name). Paragraphs are counted once per pair.
pub fn cooccurrences(
    index: &EntityIndex,
    corpus: &Corpus,
    id: &EntityId,
) -> Vec<(EntityId, usize)> {
    let mut counts: HashMap<EntityId, usize> = HashMap::new();
    for doc in &corpus.documents {
        let Some(mentions) = index.mentions_of(&doc.path) else {
            continue;
        };
        // Paragraphs where the entity occurs.
        let mut paragraphs: Vec<usize> = mentions
            .iter()
            .filter(|m| m.kind == id.kind && m.key == id.key)
            .filter_map(|m| doc.text.paragraph_at(m.start))
            .collect();
        if paragraphs.is_empty() {
            continue;
        }
        paragraphs.sort_unstable();
        paragraphs.dedup();
        let mut pairs: Vec<(usize, EntityId)> = mentions
            .iter()
            // Only entities the index lists can be named as company.
            .filter(|m| m.is_listed() && !(m.kind == id.kind && m.key == id.key))
            .filter_map(|m| {
                let p = doc.text.paragraph_at(m.start)?;
                paragraphs.binary_search(&p).ok()?;
                Some((
                    p,
                    EntityId {
                        kind: m.kind,
                        key: m.key.clone(),
                    },
                ))
            })
            .collect();
        pairs.sort();
        pairs.dedup();
        for (_, other) in pairs {
            *counts.entry(other).or_insert(0) += 1;
        }
    }
    let mut out: Vec<(EntityId, usize)> = counts.into_iter().collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

/// The distinct texts by which an entity is mentioned in the corpus ("Putin", "President
/// Putin", ...), in first-seen order: corrections to an entity apply to each of them.
pub fn surface_forms(index: &EntityIndex, corpus: &Corpus, id: &EntityId) -> Vec<String> {
    let mut forms: Vec<String> = Vec::new();
    for (path, m) in index.occurrences(id) {
        if let Some(text) = corpus.get(path).and_then(|d| d.text.slice(m.start..m.end)) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !forms.iter().any(|f| f.eq_ignore_ascii_case(&text)) {
                forms.push(text);
            }
        }
    }
    forms
}

/// The texts by which the entity `id` is mentioned, each with the gazetteer entry its
/// mentions so written are linked to, in first-seen order: what a correction's rules are
/// for. A place entity whose every mention is linked gives each name with its entry (one
/// "Paris" linked to France in one document and to Texas in another is two pairs, and a
/// correction reaches neither other Paris); any other entity gives its names alone
/// (`None`), as [`surface_forms`].
pub fn surface_forms_at(
    index: &EntityIndex,
    corpus: &Corpus,
    id: &EntityId,
) -> Vec<(String, Option<u32>)> {
    let occurrences = index.occurrences(id);
    let all_linked = id.kind == EntityKind::Loc
        && !occurrences.is_empty()
        && occurrences.iter().all(|(_, m)| m.place().is_some());
    if !all_linked {
        return surface_forms(index, corpus, id)
            .into_iter()
            .map(|f| (f, None))
            .collect();
    }
    let mut out: Vec<(String, Option<u32>)> = Vec::new();
    for (path, m) in occurrences {
        let Some(text) = corpus.get(path).and_then(|d| d.text.slice(m.start..m.end)) else {
            continue;
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let entry = m.place().map(|p| p.geonameid);
        if !out
            .iter()
            .any(|(f, e)| *e == entry && f.eq_ignore_ascii_case(&text))
        {
            out.push((text, entry));
        }
    }
    out
}

/// Recognises every document of `corpus` in parallel with the user's corrections.
/// `on_document` hears about each document (its index in the corpus and its mentions) as
/// soon as it is done, from a worker thread. Returns `None` when `cancel` was set.
pub fn recognize_corpus(
    recognizer: &Recognizer,
    corpus: &Corpus,
    dictionary: &EntityDictionary,
    on_document: &(dyn Fn(usize, &Arc<Vec<Mention>>) + Sync),
    cancel: &AtomicBool,
) -> Option<EntityIndex> {
    let nothing_before = PreviousRecognition::default();
    recognize_corpus_again(
        recognizer,
        corpus,
        dictionary,
        &nothing_before,
        on_document,
        cancel,
    )
}

/// Like [`recognize_corpus`], reusing what `previous` found for every document whose text
/// is unchanged and which the change of rules cannot touch (see [`super::incremental`]):
/// after a correction only the documents holding its phrase are recognised again.
pub fn recognize_corpus_again(
    recognizer: &Recognizer,
    corpus: &Corpus,
    dictionary: &EntityDictionary,
    previous: &PreviousRecognition,
    on_document: &(dyn Fn(usize, &Arc<Vec<Mention>>) + Sync),
    cancel: &AtomicBool,
) -> Option<EntityIndex> {
    let reuse = Reuse::new(previous, dictionary);
    let mut results: Vec<(String, Arc<Vec<Mention>>)> = corpus
        .documents
        .par_iter()
        .enumerate()
        .filter_map(|(i, doc)| {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            let mentions = reuse
                .reusable(doc)
                .unwrap_or_else(|| Arc::new(recognizer.recognize_document(doc, dictionary)));
            on_document(i, &mentions);
            Some((doc.path.clone(), mentions))
        })
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let texts: Vec<&str> = corpus.documents.iter().map(|d| d.text.as_str()).collect();
    super::geo::corpus_prior::apply(&mut results, &texts, dictionary);
    Some(EntityIndex::build(results))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Origin;

    fn m(start: usize, kind: EntityKind, key: &str) -> Mention {
        Mention::new(start, start + 3, kind, key.into(), Origin::Gazetteer)
    }

    #[test]
    fn cooccurrence_counts_shared_paragraphs() {
        use crate::corpus::Document;
        let text = "Putin met Assad in Moscow.\nAssad flew to Tehran.\nPutin spoke.\n";
        let doc = Document::from_plain_text("a.txt", text);
        let at = |word: &str, kind: EntityKind| {
            text.match_indices(word)
                .map(|(b, _)| Mention::new(b, b + word.len(), kind, word.into(), Origin::Gazetteer))
                .collect::<Vec<_>>()
        };
        let mut mentions = [
            at("Putin", EntityKind::Person),
            at("Assad", EntityKind::Person),
            at("Moscow", EntityKind::Loc),
            at("Tehran", EntityKind::Loc),
        ]
        .concat();
        mentions.sort_by_key(|m| m.start);
        let corpus = Corpus {
            documents: vec![Arc::new(doc)],
            ..Corpus::default()
        };
        let index = EntityIndex::build([("a.txt".to_owned(), Arc::new(mentions))]);
        let putin = EntityId {
            kind: EntityKind::Person,
            key: "Putin".into(),
        };
        let with_putin: Vec<(String, usize)> = cooccurrences(&index, &corpus, &putin)
            .into_iter()
            .map(|(id, n)| (id.key, n))
            .collect();
        assert_eq!(
            with_putin,
            [("Assad".to_owned(), 1), ("Moscow".to_owned(), 1)]
        );
        let assad = EntityId {
            kind: EntityKind::Person,
            key: "Assad".into(),
        };
        let with_assad = cooccurrences(&index, &corpus, &assad);
        assert_eq!(
            with_assad.len(),
            3,
            "Putin, Moscow and Tehran: {with_assad:?}"
        );
        assert_eq!(surface_forms(&index, &corpus, &assad), ["Assad"]);
    }

    #[test]
    fn entities_are_found_by_folded_name() {
        let index = EntityIndex::build([(
            "a.txt".to_owned(),
            Arc::new(vec![
                m(0, EntityKind::Loc, "Ţarţūs"),
                m(10, EntityKind::Loc, "Tartus"),
                m(20, EntityKind::Person, "Vladimir Putin"),
            ]),
        )]);
        let names = |needle: &str| -> Vec<&str> {
            let needle = crate::entities::fold::fold(needle);
            let mut found: Vec<&str> = index
                .matching(&needle)
                .map(|(_, e)| e.id.key.as_str())
                .collect();
            found.sort_unstable();
            found
        };
        assert_eq!(names("TART"), ["Tartus", "Ţarţūs"]);
        assert_eq!(names("putin"), ["Vladimir Putin"]);
        assert_eq!(names("").len(), 3);
        assert!(names("Assad").is_empty());
        let (i, _) = index.matching("").next().expect("an entity");
        assert_eq!(
            index.folded_name(i),
            crate::entities::fold::fold(&index.entities()[i].id.key)
        );
    }

    #[test]
    fn counts_mentions_and_documents() {
        let index = EntityIndex::build([
            (
                "a.txt".to_owned(),
                Arc::new(vec![
                    m(0, EntityKind::Loc, "Syria"),
                    m(10, EntityKind::Loc, "Syria"),
                    m(20, EntityKind::Person, "Vladimir Putin"),
                ]),
            ),
            (
                "b.txt".to_owned(),
                Arc::new(vec![m(5, EntityKind::Loc, "Syria")]),
            ),
        ]);
        let syria = index.summary(EntityKind::Loc, "Syria").expect("Syria");
        assert_eq!((syria.mentions, syria.documents), (3, 2));
        assert_eq!(index.entities()[0].id.key, "Syria");
        assert_eq!(index.distinct_in("a.txt"), Some(2));
        let id = EntityId {
            kind: EntityKind::Loc,
            key: "Syria".into(),
        };
        let occurrences: Vec<(&str, usize)> = index
            .occurrences(&id)
            .into_iter()
            .map(|(p, m)| (p, m.start))
            .collect();
        assert_eq!(occurrences, [("a.txt", 0), ("a.txt", 10), ("b.txt", 5)]);
        assert!(index.summary(EntityKind::Org, "Syria").is_none());
    }
}

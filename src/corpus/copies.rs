//! Exact copies: the same text in several places of the corpus (the same attachment in
//! thirty messages, the same PDF in two folders) is one document.
//!
//! After loading, documents with the same [`ContentHash`] are collapsed into the first of
//! them in path order, the *canonical* document, which alone stays in
//! [`Corpus::documents`](super::Corpus::documents): search, the entity index, the timeline
//! and the network, which all read that list, count it once, and an annotation (keyed by
//! the canonical id) shows in every place. The other places are kept here, each pointing at
//! the canonical id, for the document list's "also in" entries, `dossier scan --json`, and
//! for re-keying annotations a project made on a copy (`project::reconcile`).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use super::document::Document;

/// A place where a document's exact text occurs again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CopyPlace {
    /// The place's own id (a path, or a part's id).
    pub id: String,
    /// The id of what the place is a part of, as [`Document::parent`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// The title the place's file would have had as a document of its own.
    pub title: String,
    /// The id of the canonical document, the one in the corpus.
    pub of: String,
}

/// Every place a document of the corpus occurs again (see the module doc).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copies {
    /// The places, sorted by id.
    places: Vec<CopyPlace>,
    /// Canonical id to the indices in `places` of its copies, in path order.
    also_in: HashMap<String, Vec<usize>>,
}

impl Copies {
    /// Keeps the first of each set of documents with the same text (by path: `documents`
    /// must be sorted by path, as the loader sorts them) and records the others as its
    /// copies. The documents returned are still sorted by path.
    pub fn collapse(documents: Vec<Arc<Document>>) -> (Vec<Arc<Document>>, Self) {
        let mut first_of_hash: HashMap<&str, usize> = HashMap::with_capacity(documents.len());
        let mut canonical_index: Vec<Option<usize>> = Vec::with_capacity(documents.len());
        for (i, doc) in documents.iter().enumerate() {
            match first_of_hash.get(doc.hash.0.as_str()) {
                Some(&first) => canonical_index.push(Some(first)),
                None => {
                    first_of_hash.insert(&doc.hash.0, i);
                    canonical_index.push(None);
                }
            }
        }
        drop(first_of_hash);
        if canonical_index.iter().all(Option::is_none) {
            return (documents, Self::default());
        }
        let mut places = Vec::new();
        for (doc, canonical) in documents.iter().zip(&canonical_index) {
            if let Some(first) = canonical {
                places.push(CopyPlace {
                    id: doc.path.clone(),
                    parent: doc.parent.clone(),
                    title: doc.title.clone(),
                    of: documents[*first].path.clone(),
                });
            }
        }
        let kept = documents
            .into_iter()
            .zip(canonical_index)
            .filter_map(|(doc, canonical)| canonical.is_none().then_some(doc))
            .collect();
        (kept, Self::from_places(places))
    }

    /// The index over `places` (sorted by id, as `collapse` makes them).
    fn from_places(places: Vec<CopyPlace>) -> Self {
        let mut also_in: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, place) in places.iter().enumerate() {
            also_in.entry(place.of.clone()).or_default().push(i);
        }
        Self { places, also_in }
    }

    /// Every copy place, sorted by id.
    pub fn places(&self) -> &[CopyPlace] {
        &self.places
    }

    /// True when the corpus holds no two documents with the same text.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The other places where the canonical document `id` occurs, in path order (empty
    /// when it occurs once).
    pub fn also_in<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a CopyPlace> + 'a {
        self.also_in
            .get(id)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|&i| &self.places[i])
    }

    /// How many other places the canonical document `id` occurs in.
    pub fn count_of(&self, id: &str) -> usize {
        self.also_in.get(id).map_or(0, Vec::len)
    }

    /// The canonical id of the copy at `id`, when `id` is a copy's place.
    pub fn canonical_of(&self, id: &str) -> Option<&str> {
        self.places
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
            .map(|i| self.places[i].of.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(path: &str, parent: Option<&str>, text: &str) -> Arc<Document> {
        let mut doc = Document::from_plain_text(path, text);
        doc.parent = parent.map(str::to_owned);
        Arc::new(doc)
    }

    #[test]
    fn an_identical_attachment_in_two_messages_is_one_document_also_in_the_other() {
        let mut documents = vec![
            part("in.mbox#1", Some("in.mbox"), "Please see the budget."),
            part(
                "in.mbox#1/budget.txt",
                Some("in.mbox#1"),
                "Budget: 3 million.",
            ),
            part(
                "in.mbox#2",
                Some("in.mbox"),
                "The budget again, as promised.",
            ),
            part(
                "in.mbox#2/budget.txt",
                Some("in.mbox#2"),
                "Budget: 3 million.",
            ),
            part("notes.txt", None, "Something else."),
        ];
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        let (kept, copies) = Copies::collapse(documents);
        let ids: Vec<&str> = kept.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(
            ids,
            [
                "in.mbox#1",
                "in.mbox#1/budget.txt",
                "in.mbox#2",
                "notes.txt"
            ]
        );
        let also: Vec<&str> = copies
            .also_in("in.mbox#1/budget.txt")
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(also, ["in.mbox#2/budget.txt"]);
        assert_eq!(
            copies.canonical_of("in.mbox#2/budget.txt"),
            Some("in.mbox#1/budget.txt")
        );
        assert_eq!(copies.places()[0].parent.as_deref(), Some("in.mbox#2"));
        assert_eq!(copies.canonical_of("in.mbox#1/budget.txt"), None);
        assert_eq!(copies.count_of("notes.txt"), 0);
    }

    #[test]
    fn the_canonical_copy_is_the_first_in_path_order_whatever_the_reading_order() {
        let docs = |order: &[&str]| {
            let mut v: Vec<Arc<Document>> =
                order.iter().map(|p| part(p, None, "same text")).collect();
            v.sort_by(|a, b| a.path.cmp(&b.path));
            v
        };
        let (kept, copies) = Copies::collapse(docs(&["b/x.txt", "a/x.txt", "c/x.txt"]));
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].path, "a/x.txt");
        let also: Vec<&str> = copies.also_in("a/x.txt").map(|p| p.id.as_str()).collect();
        assert_eq!(also, ["b/x.txt", "c/x.txt"]);
    }

    #[test]
    fn identical_files_in_two_folders_load_as_one_document_found_in_both() {
        let dir = tempfile::tempdir().expect("temp dir");
        for folder in ["a", "b"] {
            std::fs::create_dir_all(dir.path().join(folder)).expect("mkdir");
            std::fs::write(dir.path().join(folder).join("memo.txt"), "The same memo.\n")
                .expect("write");
        }
        std::fs::write(dir.path().join("other.txt"), "Another text.\n").expect("write");
        let corpus = super::super::Corpus::load(dir.path(), &Default::default()).expect("load");
        let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(ids, ["a/memo.txt", "other.txt"]);
        let also: Vec<&str> = corpus
            .copies
            .also_in("a/memo.txt")
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(also, ["b/memo.txt"]);
        assert_eq!(
            corpus.resolve("b/memo.txt").map(|d| d.path.as_str()),
            Some("a/memo.txt")
        );
    }
}

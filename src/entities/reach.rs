//! What a correction of an entity of the index will change, before it is applied: the
//! mentions its rules act on (those of the entity's kind spelled as one of its names),
//! counted from the entity index without recognising anything again.

use std::collections::{BTreeSet, HashSet};

use super::corpus_index::{EntityId, EntityIndex, surface_forms};
use super::corrections::spelled;
use crate::corpus::Corpus;

/// The mentions a correction of one entity changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Mentions changed.
    pub mentions: usize,
    /// Documents holding them.
    pub documents: usize,
    /// The names the correction's rules are written for (as the entity is mentioned).
    pub forms: Vec<String>,
}

/// The mentions a correction (rename, change of kind, merge, not an entity) of `id`
/// changes: every mention of its kind whose whole text is one of its names, whatever
/// entity it is listed under now; never a longer name that contains one.
pub fn correction_reach(index: &EntityIndex, corpus: &Corpus, id: &EntityId) -> Reach {
    let forms = surface_forms(index, corpus, id);
    let wanted: HashSet<String> = forms.iter().map(|f| spelled(f)).collect();
    let mut mentions = 0;
    let mut documents = BTreeSet::new();
    for (path, found) in index.documents_mentions() {
        let Some(doc) = corpus.get(path) else {
            continue;
        };
        for m in found.iter().filter(|m| m.kind == id.kind) {
            let Some(text) = doc.text.slice(m.start..m.end) else {
                continue;
            };
            if wanted.contains(&spelled(text)) {
                mentions += 1;
                documents.insert(path);
            }
        }
    }
    Reach {
        mentions,
        documents: documents.len(),
        forms,
    }
}

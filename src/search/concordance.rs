//! An entity's concordance: every mention in context, for the entity index, the map of
//! places and the network view (a click on a line opens the reader there).

use std::ops::Range;

use super::{Snippet, snippet};
use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex};

/// One mention in its context.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConcordanceLine {
    /// The document's path relative to the corpus folder, and its title.
    pub document: String,
    /// The document's title.
    pub title: String,
    /// The mention's chars in the document.
    pub range: Range<usize>,
    /// The mention with the words around it.
    pub snippet: Snippet,
}

/// Chars of context kept on each side of a mention.
const CONTEXT: usize = 60;
/// Longer mentions are cut in the middle.
const MAX_MENTION: usize = 80;

/// Every mention of `id` in `corpus`, in document order then position.
pub fn concordance(index: &EntityIndex, corpus: &Corpus, id: &EntityId) -> Vec<ConcordanceLine> {
    index
        .occurrences(id)
        .into_iter()
        .filter_map(|(path, m)| {
            let doc = corpus.get(path)?;
            Some(ConcordanceLine {
                document: path.to_owned(),
                title: doc.title.clone(),
                range: m.start..m.end,
                snippet: snippet(
                    doc.text.as_str(),
                    doc.text.byte_range(m.start..m.end)?,
                    CONTEXT,
                    MAX_MENTION,
                ),
            })
        })
        .collect()
}

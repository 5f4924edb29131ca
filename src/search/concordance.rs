//! An entity's concordance: every mention in its sentence, for the entity index, the map of
//! places and the network view (a click on a line opens the reader there).

use std::ops::Range;

use super::{Snippet, snippet};
use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex};
use crate::text::sentence_around;

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

/// Chars of context kept on each side of a mention, within its sentence.
const CONTEXT: usize = 60;
/// The longest sentence read around a mention (a line with no sentence end is cut).
const MAX_SENTENCE: usize = 600;
/// Longer mentions are cut in the middle.
const MAX_MENTION: usize = 80;

/// Every mention of `id` in `corpus`, in document order then position.
pub fn concordance(index: &EntityIndex, corpus: &Corpus, id: &EntityId) -> Vec<ConcordanceLine> {
    index
        .occurrences(id)
        .into_iter()
        .filter_map(|(path, m)| {
            let doc = corpus.get(path)?;
            // The context is the mention's sentence, across the line breaks inside it, cut
            // to CONTEXT chars each side: a line never runs into the next sentence.
            let sentence = sentence_around(&doc.text, m.start..m.end, MAX_SENTENCE);
            let around = doc.text.byte_range(sentence)?;
            let hit = doc.text.byte_range(m.start..m.end)?;
            Some(ConcordanceLine {
                document: path.to_owned(),
                title: doc.title.clone(),
                range: m.start..m.end,
                snippet: snippet(
                    doc.text.as_str().get(around.clone())?,
                    hit.start - around.start..hit.end - around.start,
                    CONTEXT,
                    MAX_MENTION,
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::entities::{EntityKind, Mention, Origin};
    use crate::search::engine::tests::corpus;

    #[test]
    fn a_line_is_the_mentions_sentence_across_a_line_break_and_no_further() {
        let text = "Raqqa held out. Assad fled to Moscow, ending\nthe Assad family's rule. Then \
                    talks began.";
        let corpus = corpus(&[("memo.txt", text)]);
        let at = text.find("Moscow").expect("Moscow");
        let mention = Mention::new(at, at + 6, EntityKind::Loc, "Moscow".into(), Origin::Rule);
        let index = EntityIndex::build([("memo.txt".to_owned(), Arc::new(vec![mention]))]);
        let id = EntityId {
            kind: EntityKind::Loc,
            key: "Moscow".into(),
        };
        let lines = concordance(&index, &corpus, &id);
        assert_eq!(lines.len(), 1);
        let line = &lines[0].snippet;
        assert_eq!(
            line.text,
            "Assad fled to Moscow, ending the Assad family's rule."
        );
        let hit: String = line
            .text
            .chars()
            .skip(line.hit.start)
            .take(line.hit.len())
            .collect();
        assert_eq!(hit, "Moscow");
    }
}

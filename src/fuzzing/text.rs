//! Readers of arbitrary text: the entity recogniser, re-anchoring an annotation in a text
//! it was not made in, and the search box's query over a document.

use std::sync::atomic::AtomicBool;

use super::{fields, plain_document, points_at_its_quote};
use crate::corpus::Corpus;
use crate::entities::Recognizer;
use crate::project::reanchor::reanchor as reanchor_one;
use crate::project::{Anchor, AnchorStatus};
use crate::search::{Query, SearchOptions, search};
use crate::text::{DocText, ParagraphStyle};

/// The recogniser on any text: mentions are non-empty, in order, inside the text.
pub fn recogniser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let chars = text.chars().count();
    let mentions = Recognizer::shared().recognize(&text);
    for m in &mentions {
        assert!(
            m.start < m.end && m.end <= chars,
            "mention {m:?} outside {chars} chars"
        );
        assert!(!m.key.is_empty(), "mention {m:?} without a key");
    }
    assert!(
        mentions.windows(2).all(|w| w[0].start <= w[1].start),
        "mentions out of order"
    );
}

/// An anchor (positions, quote, context from the input) re-anchored in a text (the rest):
/// unless it is an orphan, the new anchor lies inside the text and slices to its current
/// wording, and its quote as coded is the one it had.
///
/// Layout: two bytes each of start and length (little-endian), then the quote, prefix,
/// suffix and text, separated by 0xFF.
pub fn reanchor(data: &[u8]) {
    let (numbers, rest) = data.split_at(data.len().min(4));
    let number = |i: usize| {
        let b = |k: usize| numbers.get(k).copied().unwrap_or(0);
        usize::from(u16::from_le_bytes([b(i), b(i + 1)]))
    };
    let [quote, prefix, suffix, text] = fields::<4>(rest);
    let lossy = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let start = number(0);
    let anchor = Anchor {
        start,
        end: start + number(2),
        quote: lossy(quote),
        prefix: lossy(prefix),
        suffix: lossy(suffix),
        current_quote: None,
        region: None,
    };
    for style in [ParagraphStyle::Lines, ParagraphStyle::Blocks] {
        let text = DocText::new(lossy(text), style);
        let (status, found) = reanchor_one(&anchor, &text);
        match (status, found) {
            (AnchorStatus::Orphaned, None) => {}
            (AnchorStatus::Orphaned, Some(a)) => panic!("an orphan with an anchor: {a:?}"),
            (status, None) => panic!("{status:?} without an anchor"),
            (status, Some(a)) => {
                assert!(
                    points_at_its_quote(&a, &text),
                    "{status:?}: {a:?} misses its quote"
                );
                // The quote as coded is evidence: no status rewrites it (a changed wording
                // goes to `current_quote`).
                assert_eq!(a.quote, anchor.quote, "{status:?} changed the quote");
            }
        }
    }
}

/// A query as the search box sends it (flags, pattern) over one document: compiling never
/// panics, and every hit is a non-empty char range of the text with a snippet that holds it.
///
/// Layout: one byte of flags (regex, ignore case, whole words), then the pattern and the
/// text separated by 0xFF.
pub fn search_query(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let [pattern, text] = fields::<2>(rest);
    let query = Query {
        pattern: String::from_utf8_lossy(pattern).into_owned(),
        regex: flags & 1 != 0,
        ignore_case: flags & 2 != 0,
        whole_word: flags & 4 != 0,
    };
    let Ok(matcher) = query.compile() else {
        return;
    };
    let corpus = Corpus {
        documents: vec![plain_document(
            "doc.txt",
            String::from_utf8_lossy(text).into_owned(),
        )],
        ..Corpus::default()
    };
    let options = SearchOptions {
        max_hits: (flags & 8 != 0).then_some(usize::from(flags >> 4) + 1),
        ..SearchOptions::default()
    };
    let results = search(&corpus, &matcher, &options, &AtomicBool::new(false));
    let doc_text = &corpus.documents[0].text;
    let mut previous_end = 0;
    for (_, hit) in results.hits() {
        let Some(found) = doc_text.slice(hit.range()) else {
            panic!("hit {:?} outside the text", hit.range());
        };
        assert!(!found.is_empty(), "an empty hit at {:?}", hit.range());
        assert!(
            hit.start >= previous_end,
            "hits overlap or are out of order"
        );
        previous_end = hit.end;
        let (_, shown, _) = hit.snippet.parts();
        assert!(!shown.is_empty(), "a snippet without its hit");
    }
    if let Some(cap) = options.max_hits {
        assert!(results.total_hits <= cap, "more hits than the cap");
    }
}

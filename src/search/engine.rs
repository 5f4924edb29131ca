//! Searching a loaded corpus in memory: every document in parallel, results in corpus order.
//!
//! The texts are already in memory (decoded, newlines normalised, char-indexed), so a
//! search is one pass of the compiled regex over each text plus, per hit, an O(log n) byte
//! to char conversion ([`crate::text::DocText::char_range`]), an incremental line count and
//! a short snippet. Documents are searched in parallel with rayon and reassembled in corpus
//! order, so results never depend on thread scheduling.
//!
//! With a cap on hits, documents are searched in consecutive batches of a few megabytes and
//! the search stops after the batch that reaches the cap: the hits kept are exactly the
//! first `max_hits` in corpus order, and a query with thousands of hits in the first
//! documents does not scan the whole corpus.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::query::Matcher;
use super::snippet::{Snippet, snippet};
use crate::corpus::{Corpus, Document};
use crate::text::DocText;

/// Chars of context on each side of a hit in its snippet, by default.
pub const DEFAULT_CONTEXT_CHARS: usize = 40;
/// Chars of a hit shown in its snippet, by default (longer hits end in "…").
pub const DEFAULT_MAX_HIT_CHARS: usize = 120;
/// Text searched between two checks of the hit cap, when there is a cap.
const BATCH_BYTES: usize = 4 << 20;
/// Hits found in one document between two looks at the cancel flag.
const CANCEL_POLL_HITS: usize = 1024;

/// How to search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchOptions {
    /// Stop after this many hits (the first ones in corpus order); `None`: every hit.
    pub max_hits: Option<usize>,
    /// Chars of context on each side of a hit in its snippet.
    pub context_chars: usize,
    /// Chars of the hit itself shown in its snippet.
    pub max_hit_chars: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            max_hits: None,
            context_chars: DEFAULT_CONTEXT_CHARS,
            max_hit_chars: DEFAULT_MAX_HIT_CHARS,
        }
    }
}

/// One match in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Char (code point) offset of the first char of the match in the document's text.
    pub start: usize,
    /// Char offset just past the match (end-exclusive); always greater than `start`.
    pub end: usize,
    /// 1-based line of the document's text where the match starts.
    pub line: usize,
    /// The match in its context, on one line.
    pub snippet: Snippet,
}

impl Hit {
    /// The match's char range in the document's text.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// The hits of one document, in text order.
#[derive(Clone, Debug)]
pub struct DocumentHits {
    /// The document's position in [`Corpus::documents`].
    pub index: usize,
    /// The document.
    pub document: Arc<Document>,
    /// Never empty in [`SearchResults`].
    pub hits: Vec<Hit>,
}

impl DocumentHits {
    /// Number of hits in this document (within the cap).
    pub fn count(&self) -> usize {
        self.hits.len()
    }
}

/// Everything a search found.
#[derive(Clone, Debug, Default)]
pub struct SearchResults {
    /// Documents with at least one hit, in corpus order.
    pub documents: Vec<DocumentHits>,
    /// Number of hits over all documents.
    pub total_hits: usize,
    /// The cap on hits was reached before the whole corpus was searched: there may be more
    /// hits than listed (exactly the first `max_hits` in corpus order are listed).
    pub truncated: bool,
    /// The search was cancelled: the hits listed are correct but some documents were not
    /// searched (or not to the end).
    pub cancelled: bool,
}

impl SearchResults {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.total_hits == 0
    }

    /// Every hit with its document, in corpus order then text order.
    pub fn hits(&self) -> impl Iterator<Item = (&Arc<Document>, &Hit)> {
        self.documents
            .iter()
            .flat_map(|d| d.hits.iter().map(move |h| (&d.document, h)))
    }
}

/// Why a document's search ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// Every hit was found.
    Done,
    /// There were more hits than the limit.
    Limit,
    Cancelled,
}

/// Searches every document of `corpus` for `matcher`, in parallel.
///
/// `cancel` is polled between documents and every thousand hits within one; once it is
/// set, the search returns soon with what it has and [`SearchResults::cancelled`] set.
/// Never fails: a document is only ever read.
pub fn search(
    corpus: &Corpus,
    matcher: &Matcher,
    options: &SearchOptions,
    cancel: &AtomicBool,
) -> SearchResults {
    let documents = &corpus.documents;
    let cap = options.max_hits.unwrap_or(usize::MAX);
    let mut results = SearchResults::default();
    let mut next = 0;
    while next < documents.len() && !results.truncated && !results.cancelled {
        if cancel.load(Ordering::Relaxed) {
            results.cancelled = true;
            break;
        }
        let end = match options.max_hits {
            None => documents.len(),
            Some(_) => batch_end(documents, next),
        };
        let remaining = cap - results.total_hits;
        let found: Vec<(Vec<Hit>, Stop)> = documents[next..end]
            .par_iter()
            .map(|doc| {
                if cancel.load(Ordering::Relaxed) {
                    return (Vec::new(), Stop::Cancelled);
                }
                search_text(&doc.text, matcher, options, remaining, cancel)
            })
            .collect();
        for (index, (mut hits, stop)) in (next..end).zip(found) {
            let room = cap - results.total_hits;
            if stop == Stop::Limit || hits.len() > room {
                results.truncated = true;
            }
            results.cancelled |= stop == Stop::Cancelled;
            hits.truncate(room);
            if !hits.is_empty() {
                results.total_hits += hits.len();
                results.documents.push(DocumentHits {
                    index,
                    document: Arc::clone(&documents[index]),
                    hits,
                });
            }
        }
        if results.total_hits >= cap && end < documents.len() {
            results.truncated = true;
        }
        next = end;
    }
    results
}

/// The end of the batch starting at `start`: at least one document, about `BATCH_BYTES`.
fn batch_end(documents: &[Arc<Document>], start: usize) -> usize {
    let mut bytes = 0;
    let mut end = start;
    while end < documents.len() && (end == start || bytes < BATCH_BYTES) {
        bytes += documents[end].text.as_str().len();
        end += 1;
    }
    end
}

/// Every match of `matcher` in one document's text, in text order (as [`search`] finds
/// them, without a cap): for a caller that reads documents one at a time and does not keep
/// them (`dossier search`). Char offsets are counted from one hit to the next, as lines
/// are, so the text's char index is never built: one pass over the text up to its last
/// match, and nothing for a text without one.
pub fn search_document(text: &DocText, matcher: &Matcher, options: &SearchOptions) -> Vec<Hit> {
    let s = text.as_str();
    let mut hits = Vec::new();
    let (mut line, mut chars, mut counted_to) = (1usize, 0usize, 0usize);
    for bytes in matcher.find_iter(s) {
        // Matches of a regex over a `&str` are on char boundaries, in order.
        let (Some(between), Some(matched)) = (s.get(counted_to..bytes.start), s.get(bytes.clone()))
        else {
            continue;
        };
        line += memchr::memchr_iter(b'\n', between.as_bytes()).count();
        chars += between.chars().count();
        counted_to = bytes.start;
        let end = chars + matched.chars().count();
        hits.push(Hit {
            start: chars,
            end,
            line,
            snippet: snippet(s, bytes, options.context_chars, options.max_hit_chars),
        });
    }
    hits
}

/// Searches one document's text; at most `limit` hits.
fn search_text(
    text: &DocText,
    matcher: &Matcher,
    options: &SearchOptions,
    limit: usize,
    cancel: &AtomicBool,
) -> (Vec<Hit>, Stop) {
    let s = text.as_str();
    let mut hits = Vec::new();
    // Lines are counted incrementally from the previous hit: one pass over the text in all.
    let (mut line, mut counted_to) = (1usize, 0usize);
    for (i, bytes) in matcher.find_iter(s).enumerate() {
        if hits.len() >= limit {
            return (hits, Stop::Limit);
        }
        if i % CANCEL_POLL_HITS == CANCEL_POLL_HITS - 1 && cancel.load(Ordering::Relaxed) {
            return (hits, Stop::Cancelled);
        }
        if let Some(between) = s.as_bytes().get(counted_to..bytes.start) {
            line += memchr::memchr_iter(b'\n', between).count();
            counted_to = bytes.start;
        }
        // Matches of a regex over a `&str` are always on char boundaries.
        let Some(chars) = text.char_range(bytes.clone()) else {
            continue;
        };
        hits.push(Hit {
            start: chars.start,
            end: chars.end,
            line,
            snippet: snippet(s, bytes, options.context_chars, options.max_hit_chars),
        });
    }
    (hits, Stop::Done)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::search::Query;

    /// A document as the loader would make it from a plain-text file.
    pub(crate) fn document(path: &str, text: &str) -> Arc<Document> {
        Arc::new(Document::from_plain_text(path, text))
    }

    /// A corpus of `(path, text)` documents, sorted by path as the loader sorts them.
    pub(crate) fn corpus(docs: &[(&str, &str)]) -> Corpus {
        let mut documents: Vec<Arc<Document>> = docs.iter().map(|(p, t)| document(p, t)).collect();
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        Corpus {
            documents,
            ..Corpus::default()
        }
    }

    fn run(corpus: &Corpus, query: Query, options: &SearchOptions) -> SearchResults {
        let matcher = query.compile().expect("query compiles");
        search(corpus, &matcher, options, &AtomicBool::new(false))
    }

    /// (path, start, end, line, quote) of every hit, quotes sliced by char offsets.
    fn listed(results: &SearchResults) -> Vec<(String, usize, usize, usize, String)> {
        results
            .hits()
            .map(|(d, h)| {
                let quote = d.text.slice(h.range()).expect("hit in range").to_owned();
                (d.path.clone(), h.start, h.end, h.line, quote)
            })
            .collect()
    }

    fn crafted() -> Corpus {
        corpus(&[
            ("ru.txt", "Порт Тартус.\nВ ТАРТУСЕ база; тартус — порт 🇸🇾."),
            ("ar.txt", "ميناء طرطوس\nقاعدة حميميم قرب طرطوس"),
            (
                "tr.txt",
                "Ţarţūs and ŢARŢŪS.\nThe port of Ţarţūs-based ships.",
            ),
            ("none.txt", "Nothing to see here."),
        ])
    }

    #[test]
    fn literal_hits_have_char_offsets_and_lines_in_corpus_order() {
        let c = crafted();
        let r = run(&c, Query::literal("طرطوس"), &SearchOptions::default());
        assert_eq!(
            listed(&r),
            [
                ("ar.txt".into(), 6, 11, 1, "طرطوس".into()),
                ("ar.txt".into(), 29, 34, 2, "طرطوس".into()),
            ]
        );
        let r = run(&c, Query::literal("Ţarţūs"), &SearchOptions::default());
        let offsets: Vec<(usize, usize, usize)> =
            r.hits().map(|(_, h)| (h.start, h.end, h.line)).collect();
        assert_eq!(offsets, [(0, 6, 1), (31, 37, 2)]);
        assert_eq!(r.documents.len(), 1);
        assert_eq!(r.documents[0].count(), 2);
        assert_eq!(r.total_hits, 2);
    }

    #[test]
    fn case_insensitive_search_folds_every_script() {
        let c = crafted();
        let r = run(
            &c,
            Query::literal("тартус").ignoring_case(),
            &SearchOptions::default(),
        );
        let quotes: Vec<String> = listed(&r).into_iter().map(|h| h.4).collect();
        assert_eq!(quotes, ["Тартус", "ТАРТУС", "тартус"]);
        let r = run(
            &c,
            Query::literal("ţarţūs").ignoring_case(),
            &SearchOptions::default(),
        );
        assert_eq!(r.total_hits, 3);
    }

    #[test]
    fn whole_word_search_skips_inflected_forms() {
        let c = crafted();
        let q = Query::literal("Тартус").ignoring_case().whole_words();
        let r = run(&c, q, &SearchOptions::default());
        let hits: Vec<(usize, usize)> = r.hits().map(|(_, h)| (h.start, h.end)).collect();
        // "ТАРТУСЕ" is another word; "тартус —" is one.
        assert_eq!(hits, [(5, 11), (29, 35)]);
    }

    #[test]
    fn regex_search_reports_char_offsets() {
        let c = crafted();
        let r = run(
            &c,
            Query::regex(r"\p{Arabic}+م\b"),
            &SearchOptions::default(),
        );
        assert_eq!(listed(&r), [("ar.txt".into(), 18, 24, 2, "حميميم".into())]);
        let r = run(&c, Query::regex(r"(?m)^\w+"), &SearchOptions::default());
        assert_eq!(r.total_hits, 7);
    }

    #[test]
    fn snippets_hold_the_hit() {
        let c = crafted();
        let options = SearchOptions {
            context_chars: 5,
            ..SearchOptions::default()
        };
        let r = run(&c, Query::literal("база"), &options);
        let (_, hit) = r.hits().next().expect("one hit");
        assert_eq!(hit.snippet.parts(), ("ТУСЕ ", "база", "; тар"));
    }

    #[test]
    fn zero_width_matches_do_not_flood() {
        let c = crafted();
        let r = run(&c, Query::regex(r"\b|x*"), &SearchOptions::default());
        assert!(r.is_empty());
        assert!(!r.truncated && !r.cancelled);
    }

    #[test]
    fn the_cap_keeps_the_first_hits_in_corpus_order() {
        let text = "aa aa aa\n".repeat(10);
        let c = corpus(&[("1.txt", &text), ("2.txt", &text), ("3.txt", &text)]);
        let all = run(&c, Query::literal("aa"), &SearchOptions::default());
        assert_eq!(all.total_hits, 90);
        assert!(!all.truncated);
        for cap in [0, 1, 29, 30, 31, 89, 90, 100] {
            let options = SearchOptions {
                max_hits: Some(cap),
                ..SearchOptions::default()
            };
            let r = run(&c, Query::literal("aa"), &options);
            assert_eq!(r.total_hits, cap.min(90), "cap {cap}");
            assert_eq!(r.truncated, cap < 90, "cap {cap}");
            let first: Vec<_> = listed(&all).into_iter().take(cap).collect();
            assert_eq!(listed(&r), first, "cap {cap}");
        }
    }

    #[test]
    fn a_cancelled_search_says_so() {
        let c = crafted();
        let matcher = Query::literal("a").compile().expect("compiles");
        let r = search(
            &c,
            &matcher,
            &SearchOptions::default(),
            &AtomicBool::new(true),
        );
        assert!(r.cancelled);
        assert!(r.is_empty());
    }

    #[test]
    fn one_document_searched_alone_gives_the_hits_of_the_corpus_search() {
        // `dossier search` counts chars from hit to hit; the window uses the char index.
        let c = crafted();
        let queries = [
            Query::literal("طرطوس"),
            Query::literal("тартус").ignoring_case(),
            Query::literal("Ţarţūs").whole_words(),
            Query::regex(r"\w+s\b"),
            Query::regex("🇸🇾|порт"),
            Query::literal("absent"),
        ];
        for query in queries {
            let matcher = query.compile().expect("query compiles");
            let options = SearchOptions::default();
            let corpus_hits = run(&c, query.clone(), &options);
            for doc in &c.documents {
                let alone = search_document(&doc.text, &matcher, &options);
                let in_corpus: Vec<Hit> = corpus_hits
                    .documents
                    .iter()
                    .filter(|d| d.document.path == doc.path)
                    .flat_map(|d| d.hits.clone())
                    .collect();
                assert_eq!(alone, in_corpus, "{query:?} in {}", doc.path);
            }
        }
        let doc = document("t.txt", "Ţarţūs\nŢarţūs");
        let matcher = Query::literal("Ţarţūs").compile().expect("compiles");
        let hits = search_document(&doc.text, &matcher, &SearchOptions::default());
        let found: Vec<_> = hits.iter().map(|h| (h.start, h.end, h.line)).collect();
        assert_eq!(found, [(0, 6, 1), (7, 13, 2)]);
    }
}

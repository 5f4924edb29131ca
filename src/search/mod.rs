//! Corpus-wide search and retrieval, headless: the engine behind the search panel, the
//! "annotate all occurrences" action, the coded-segments view and `dossier search`.
//!
//! * [`Query`] is what the search box holds; [`Query::compile`] turns it once into a
//!   [`Matcher`] (or a one-line [`QueryError`] to show under the box).
//! * [`search`] runs a matcher over a loaded [`crate::corpus::Corpus`] in memory, in
//!   parallel, and gives [`SearchResults`]: hits grouped by document in corpus order, each
//!   with char offsets, a line number and a keyword-in-context [`Snippet`].
//! * [`annotate_all`] turns selected hits into one undoable [`crate::project::Command`].
//! * [`coded_segments`] lists the passages coded with some tags ([`TagFilter`]).
//!
//! Positions in and out are char (code point) offsets into a document's text; byte offsets
//! stay inside this module.

mod annotate;
mod coded;
mod concordance;
pub(crate) mod engine;
mod query;
mod snippet;

pub use annotate::{AnnotateAll, CodedSpans, annotate_all};
pub use coded::{CodedSegment, CoderFilter, TagFilter, TagMode, coded_segments};
pub use concordance::{ConcordanceLine, concordance};
pub use engine::{
    DEFAULT_CONTEXT_CHARS, DEFAULT_MAX_HIT_CHARS, DocumentHits, Hit, SearchOptions, SearchResults,
    search, search_document,
};
pub use query::{Matcher, Query, QueryError};
pub use snippet::{Snippet, snippet};

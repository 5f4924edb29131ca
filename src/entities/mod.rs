//! Named-entity recognition: people, organisations, places, groups and dates in a text,
//! offline and fast enough to run over a whole corpus in the background.
//!
//! One [`Recognizer`] is built once (it compiles the embedded name lists) and shared by
//! reference across threads (`Send + Sync`, no interior mutability). It runs a fixed
//! pipeline, each stage in its own module:
//!
//! 1. [`tokens`]: Unicode word boundaries and sentence starts;
//! 2. [`dates`]: date and time patterns;
//! 3. [`gazetteer`]: every name list in one Aho-Corasick automaton, walked from word starts
//!    over the text [`fold`]ed as it goes ("Ţarţūs" == "Tartus");
//! 4. [`rules`]: title cues, capitalised sequences, sentence-initial capitals;
//! 5. [`link`]: aliases within the text ("Putin" -> "Vladimir Putin", acronyms);
//! 6. [`extend`]: span conventions of news text ("the SDF", "northern Syria", "France" as
//!    a government);
//! 7. the user's [`EntityDictionary`] on top ([`Recognizer::recognize_with`]).
//!
//! Internally everything works in byte offsets; mentions come out in char offsets, sorted
//! and non-overlapping. Texts over [`CHUNK_BYTES`] are recognised chunk by chunk (split at
//! line breaks) so memory stays bounded; aliases then link within a chunk only.
//! [`eval`] scores mentions against gold annotations.
//!
//! ```
//! use dossier::entities::{EntityDictionary, EntityKind, Recognizer};
//!
//! let text = "Russian President Vladimir Putin met Syrian leader Ahmed al-Sharaa. Putin spoke.";
//! let mentions = Recognizer::shared().recognize(text);
//! let putin = mentions.iter().filter(|m| m.key == "Vladimir Putin").count();
//! assert_eq!(putin, 2); // the later "Putin" is linked to the full name
//!
//! // A user correction, applied on top:
//! let mut dict = EntityDictionary::default();
//! dict.never("Syrian");
//! let corrected = Recognizer::shared().recognize_with(text, &dict);
//! assert!(corrected.iter().all(|m| m.kind != EntityKind::Norp || m.key != "Syrian"));
//! ```

pub mod cache;
pub mod corpus_index;
mod corrections;
mod dates;
pub mod dictionary;
pub mod eval;
mod extend;
pub mod fold;
mod fold_table;
mod gazetteer;
pub mod incremental;
mod link;
mod model;
mod pipeline;
mod rules;
pub mod tokens;
mod words;

use std::sync::OnceLock;

pub use corpus_index::{
    EntityId, EntityIndex, EntitySummary, cooccurrences, recognize_corpus, recognize_corpus_again,
    surface_forms,
};
pub use dictionary::{AliasEntry, EntityDictionary, PhraseEntry, PhraseRule};
pub use incremental::PreviousRecognition;
pub use model::{EntityKind, Mention, Origin, UnknownLabel};

use dates::DatePatterns;
use gazetteer::Gazetteer;
use pipeline::Pass;

/// Texts longer than this (in bytes) are recognised in chunks of about this size.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The entity recogniser: build once, share everywhere.
pub struct Recognizer {
    gazetteer: Gazetteer,
    dates: DatePatterns,
}

impl Recognizer {
    /// Compiles the embedded gazetteers and patterns (tens of milliseconds; prefer
    /// [`Recognizer::shared`] unless you need an instance of your own).
    pub fn new() -> Self {
        Self {
            gazetteer: Gazetteer::new(),
            dates: DatePatterns::new(),
        }
    }

    /// A process-wide recogniser, built on first use.
    pub fn shared() -> &'static Recognizer {
        static SHARED: OnceLock<Recognizer> = OnceLock::new();
        SHARED.get_or_init(Recognizer::new)
    }

    /// The mentions in `text`: char offsets, sorted, non-overlapping. An empty text gives
    /// none. Never panics, whatever the text.
    pub fn recognize(&self, text: &str) -> Vec<Mention> {
        self.recognize_with(text, &EntityDictionary::default())
    }

    /// Like [`Recognizer::recognize`], with the user's corrections applied: "always"
    /// phrases win over every other stage, "never" phrases are dropped, aliases take the
    /// canonical name as key.
    pub fn recognize_with(&self, text: &str, dict: &EntityDictionary) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut chars_before = 0;
        for chunk in chunks(text, CHUNK_BYTES) {
            let mentions = self.recognize_chunk(chunk, dict);
            out.extend(mentions.into_iter().map(|mut m| {
                m.start += chars_before;
                m.end += chars_before;
                m
            }));
            if chunk.len() < text.len() {
                chars_before += chunk.chars().count();
            }
        }
        out
    }

    fn recognize_chunk(&self, text: &str, dict: &EntityDictionary) -> Vec<Mention> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let mut pass = Pass::new(text, &self.gazetteer);
        corrections::always(&mut pass, dict);
        let mut dates = Vec::new();
        self.dates.find(text, &mut dates);
        rules::strong(&mut pass, &self.gazetteer, &dates);
        rules::titles(&mut pass, &self.gazetteer);
        rules::capitalised(&mut pass, &self.gazetteer);
        link::link(&mut pass);
        extend::extend(&mut pass);
        corrections::finish(&mut pass, dict);
        pass.into_mentions()
    }
}

impl Default for Recognizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Splits `text` into pieces of at most about `max` bytes, at a line break when there is
/// one in the second half of the piece, else at a space, else at any char boundary.
fn chunks(text: &str, max: usize) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() <= max {
            return Some(std::mem::take(&mut rest));
        }
        let mut cut = max;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut half = max / 2;
        while !rest.is_char_boundary(half) {
            half -= 1;
        }
        let window = rest.get(half..cut).unwrap_or("");
        let at = window
            .rfind('\n')
            .or_else(|| window.rfind(' '))
            .map_or(cut, |i| half + i + 1);
        let (head, tail) = rest.split_at(at);
        rest = tail;
        Some(head)
    })
}

#[cfg(test)]
mod tests;

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
//! 5. [`ner`]: the trained sequence model decides the people, organisations and places,
//!    with what the stages above found as features (without a usable model, the rule
//!    stages' spans are brought to the convention instead: [`convention`]);
//! 6. [`link`]: aliases within the text ("Putin" -> "Vladimir Putin", acronyms);
//! 7. the user's [`EntityDictionary`] on top ([`Recognizer::recognize_with`]): phrases
//!    tagged for any kind, then the place stages settle kinds ("Moscow said" is the place),
//!    then the rules on the name, then places are linked ([`geo`]), then the rules for one
//!    gazetteer entry; across a corpus, the prior of the other documents' places
//!    ([`apply_corpus_prior`]) reads again only what no document and no rule decided.
//!
//! Internally everything works in byte offsets; mentions come out in char offsets, sorted
//! and non-overlapping. Texts over [`CHUNK_BYTES`] are recognised chunk by chunk (split at
//! line breaks) so memory stays bounded; aliases then link within a chunk only.
//! `eval` (feature `training`) scores mentions against gold annotations.
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
mod cells;
mod convention;
pub mod corpus_index;
mod corrections;
mod date_anchor;
pub(crate) mod date_value;
mod dates;
pub mod dictionary;
mod east_asian;
#[cfg(feature = "training")]
pub mod eval;
pub mod fold;
mod fold_table;
// Its title words and group names are read by training only; the file is part of the
// model's fingerprint (`ner::feature_fingerprint`), so it is not edited for a cfg gate.
#[cfg_attr(
    not(feature = "training"),
    expect(dead_code, reason = "title words and group names serve training only")
)]
mod gazetteer;
mod geo;
pub mod incremental;
mod link;
mod model;
pub mod ner;
mod noise;
mod noise_groups;
mod pipeline;
mod reach;
mod rules;
pub mod tokens;
mod words;

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

pub use corpus_index::{
    EntityId, EntityIndex, EntitySummary, cooccurrences, recognize_corpus, recognize_corpus_again,
    surface_forms, surface_forms_at,
};
pub use date_value::DateContext;
pub use dictionary::{AliasEntry, EntityDictionary, PhraseEntry, PhraseRule, SlashOrderEntry};
pub use east_asian::family_name_first;
pub use geo::corpus_prior::apply as apply_corpus_prior;
pub use geo::facts::{PlaceFacts, place_facts};
pub use geo::table::Class as PlaceClass;
pub use geo::{class_of as place_class, label_of as place_label};
pub use incremental::PreviousRecognition;
pub use model::{
    DateBasis, DateValue, Detail, EntityKind, Granularity, Mention, NamedPlace, OrderReading,
    Origin, PlaceLink, SlashOrder, UnknownLabel,
};
pub use ner::{NerModel, WeightsError};
pub use reach::{Reach, correction_reach};

use crate::corpus::Document;
use dates::DatePatterns;
use gazetteer::Gazetteer;
use pipeline::Pass;

/// Texts longer than this (in bytes) are recognised in chunks of about this size.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The entity recogniser: build once, share everywhere (a clone shares the lists).
#[derive(Clone)]
pub struct Recognizer {
    gazetteer: Arc<Gazetteer>,
    dates: DatePatterns,
    /// The sequence model, `None` when recognition runs on the rules alone.
    model: Option<Cow<'static, NerModel>>,
    /// Why the shipped model is not used, if it is not.
    model_error: Option<WeightsError>,
}

impl Recognizer {
    /// Compiles the embedded gazetteers and patterns and loads the shipped model (a few
    /// tenths of a second; prefer [`Recognizer::shared`] unless you need an instance of
    /// your own). A model that cannot be used is reported by [`Recognizer::model_error`]
    /// and recognition runs on the rules alone.
    pub fn new() -> Self {
        let mut r = Self::rules_only();
        match NerModel::shipped() {
            Ok(model) => r.model = Some(Cow::Borrowed(model)),
            Err(e) => r.model_error = Some(e.clone()),
        }
        r
    }

    /// A recogniser without the sequence model: gazetteers, patterns and rules only.
    pub fn rules_only() -> Self {
        // The place table is parsed now rather than in the first recognition.
        geo::Places::shared();
        Self {
            gazetteer: Arc::new(Gazetteer::new()),
            dates: DatePatterns::new(),
            model: None,
            model_error: None,
        }
    }

    /// A recogniser with the weights file `bytes` instead of the shipped one; if they
    /// cannot be used it runs on the rules alone and [`Recognizer::model_error`] says why.
    pub fn with_weights(&self, bytes: &[u8]) -> Self {
        match NerModel::from_bytes(bytes) {
            Ok(model) => self.with_model(model),
            Err(e) => Self {
                model: None,
                model_error: Some(e),
                ..self.same_lists()
            },
        }
    }

    /// This recogniser's lists and patterns with `model`.
    pub fn with_model(&self, model: NerModel) -> Self {
        Self {
            model: Some(Cow::Owned(model)),
            ..self.same_lists()
        }
    }

    fn same_lists(&self) -> Self {
        Self {
            gazetteer: Arc::clone(&self.gazetteer),
            dates: self.dates.clone(),
            model: None,
            model_error: None,
        }
    }

    /// The sequence model in use, if any.
    pub fn model(&self) -> Option<&NerModel> {
        self.model.as_deref()
    }

    /// Why the shipped model is not in use (damaged or out-of-date weights), if it is not.
    pub fn model_error(&self) -> Option<&WeightsError> {
        self.model_error.as_ref()
    }

    /// The entity a name stands for in the name lists, when the whole of `name` is one of
    /// their names written as they expect it: "Jabhat al-Nusra" is the organisation
    /// "Al-Nusra Front". For a reader of one sentence that meets a name the recogniser left
    /// out there (the model reads the context, the lists do not).
    pub fn listed_name(&self, name: &str) -> Option<(EntityKind, String)> {
        let mut hits = Vec::new();
        self.gazetteer.find(name, &mut hits);
        let hit = hits
            .first()
            .filter(|h| h.start == 0 && h.end == name.len() && h.capitalised && !h.lower)?;
        let (kind, key, _) = self.gazetteer.pattern(hit.pattern)?.entity?;
        Some((kind, self.gazetteer.key(key).to_owned()))
    }

    /// Is `word` a common English word, never a name on its own even capitalised ("The",
    /// "Will", "Hope")? For a reader of one sentence deciding whether its first word is a
    /// name.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.gazetteer.is_stopword(&fold::fold(word))
    }

    /// A process-wide recogniser, built on first use. If the shipped model cannot be used,
    /// says so once on standard error.
    pub fn shared() -> &'static Recognizer {
        static SHARED: OnceLock<Recognizer> = OnceLock::new();
        SHARED.get_or_init(|| {
            let r = Recognizer::new();
            if let Some(e) = r.model_error() {
                eprintln!("dossier: {e}; entities are recognised by the rules alone");
            }
            r
        })
    }

    /// The mentions in `text`: char offsets, sorted, non-overlapping. An empty text gives
    /// none. Never panics, whatever the text.
    pub fn recognize(&self, text: &str) -> Vec<Mention> {
        self.recognize_with(text, &EntityDictionary::default())
    }

    /// Like [`Recognizer::recognize`], with the user's corrections applied to the mentions
    /// spelled as their phrases: "always" phrases win over every stage but a longer name
    /// containing them, "never" phrases are dropped, aliases take the canonical name as key.
    pub fn recognize_with(&self, text: &str, dict: &EntityDictionary) -> Vec<Mention> {
        self.recognize_dated(text, dict, None)
    }

    /// The mentions of a document: its relative dates resolved against the date it gives
    /// itself, or its file's date ([`DateContext::of_document`]).
    ///
    /// A document's marks ([`crate::corpus::TextMarks`], an email's) count too: mentions
    /// wholly inside quoted lines are left out (a reply quoting a message would count its
    /// entities again as the reply's), and each span the file names a person (the name and
    /// the address of "From: Jane Analyst <jane@example.org>") is that person, in place of
    /// whatever the stages found there.
    pub fn recognize_document(&self, doc: &Document, dict: &EntityDictionary) -> Vec<Mention> {
        let context = DateContext::of_document(doc);
        let orders = date_value::SlashRules::of(dict, Some(&doc.path));
        let found = self.recognize_ordered(doc.text.as_str(), dict, context.as_ref(), orders);
        if doc.marks.is_empty() {
            return found;
        }
        with_marks(found, &doc.marks)
    }

    /// Like [`Recognizer::recognize_with`], with relative dates ("yesterday", "last week")
    /// resolved against `context`; without one they are left unresolved. Slashed dates
    /// follow the dictionary's order for the project only (no document is named).
    pub fn recognize_dated(
        &self,
        text: &str,
        dict: &EntityDictionary,
        context: Option<&DateContext>,
    ) -> Vec<Mention> {
        let orders = date_value::SlashRules::of(dict, None);
        self.recognize_ordered(text, dict, context, orders)
    }

    fn recognize_ordered(
        &self,
        text: &str,
        dict: &EntityDictionary,
        context: Option<&DateContext>,
        orders: date_value::SlashRules,
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut chars_before = 0;
        for chunk in chunks(text, CHUNK_BYTES) {
            let mentions = self.recognize_chunk(chunk, dict, context, orders);
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

    fn recognize_chunk(
        &self,
        text: &str,
        dict: &EntityDictionary,
        context: Option<&DateContext>,
        orders: date_value::SlashRules,
    ) -> Vec<Mention> {
        if text.trim().is_empty() {
            return Vec::new();
        }
        let mut pass = self.prepare(text);
        match &self.model {
            Some(model) => {
                ner::apply(&mut pass, &self.gazetteer, model);
                link::propagate(&mut pass);
            }
            None => convention::apply(&mut pass, &self.gazetteer),
        }
        convention::named_after_places(&mut pass);
        east_asian::mend(&mut pass);
        link::link(&mut pass);
        noise::filter(&mut pass, &self.gazetteer);
        // The user's corrections, in the order that lets each act on what the user pointed
        // at (`corrections`): phrases tagged for any kind; the kinds the place stages
        // settle (a capital acting is the place); the rules on the name; places linked per
        // document, the user's links winning; the rules for one gazetteer entry (a mention
        // such a rule removes is no evidence for the document's other places).
        corrections::tag_always(&mut pass, dict);
        date_value::annotate(&mut pass, context, orders);
        date_anchor::anchor(&mut pass);
        let proposed = geo::settle_kinds(&mut pass, dict, &self.gazetteer);
        corrections::finish(&mut pass, dict);
        geo::link(&mut pass, dict, &self.gazetteer, &proposed);
        corrections::finish_places(&mut pass, dict);
        // No name runs from one cell of a table into the next.
        cells::cut_at_tabs(text, pass.into_mentions(), |cell| {
            self.recognize_chunk(cell, dict, context, orders)
        })
    }

    /// The stages before the model: dates, gazetteer names, title cues and capitalised
    /// sequences (what the model takes as features).
    fn prepare<'t>(&self, text: &'t str) -> Pass<'t> {
        let mut pass = Pass::new(text, &self.gazetteer);
        let mut dates = Vec::new();
        self.dates.find(text, &mut dates);
        rules::strong(&mut pass, &self.gazetteer, &dates);
        rules::titles(&mut pass, &self.gazetteer);
        rules::capitalised(&mut pass, &self.gazetteer);
        pass
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

/// `found` without the mentions inside quoted ranges, with a person for each named span
/// (replacing the mentions it overlaps); sorted by position.
fn with_marks(found: Vec<Mention>, marks: &crate::corpus::TextMarks) -> Vec<Mention> {
    let overlaps_a_name = |m: &Mention| {
        marks
            .people
            .iter()
            .any(|p| p.chars.start < m.end && m.start < p.chars.end)
    };
    let mut out: Vec<Mention> = found
        .into_iter()
        .filter(|m| !marks.is_quoted(m.start..m.end) && !overlaps_a_name(m))
        .collect();
    out.extend(
        marks
            .people
            .iter()
            .filter(|p| !p.chars.is_empty())
            .map(|p| {
                Mention::new(
                    p.chars.start,
                    p.chars.end,
                    EntityKind::Person,
                    p.name.clone(),
                    Origin::Rule,
                )
            }),
    );
    out.sort_by_key(|m| (m.start, m.end));
    out
}

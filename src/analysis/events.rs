//! What a dated sentence says happened: a one-time event (a fall, a death, a founding...)
//! and the entity it happened to, read from the clause around the date. "Mosul fell to
//! ISIL in June 2014" is the fall of Mosul, not of ISIL; "ISIL captured Raqqa" the fall of
//! Raqqa; "Prigozhin's death", "the death of Prigozhin" and "Prigozhin died" one death.
//! A list of names is one event each: "Mosul and Raqqa fell" the fall of Mosul and the
//! fall of Raqqa, "the deaths of X and Y" two deaths.
//!
//! A heuristic over words (no parser): the trigger nearest the date, the entity where the
//! trigger's grammar puts it (subject of "fell", object of "overran", "of X" or "X's"
//! after and before a noun, before a passive "was captured"), and no cue that the sentence
//! says something else: a recurrence ("fell again", "recaptured"), an anniversary, a
//! prediction ("would fall", "expected to"), a condition ("if"), a negation ("did not"),
//! a denial or a question. What the words list is in [`super::event_words`].

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use unicode_segmentation::UnicodeSegmentation;

use super::coref::{self, Wanted};
use super::event_words::{
    ANNIVERSARY, CELEBRATION, CLAUSE_START, CONDITION, DATE_FRAME, DENIAL, NEGATION, OBJECT_STOP,
    OTHER_TIME, OnceKind, PASSIVE_AUX, PREDICTION, RECURRENCE, RELATIVES, REPORTING, Role,
    TRIGGERS, Trigger,
};
use crate::entities::{EntityId, EntityKind, Mention, Recognizer};
use crate::text::DocText;

/// How two names of a list are joined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// ", "
    Comma,
    /// " and ", ", and "
    And,
}

/// The link the text `gap` between two names makes, if it makes them items of one list.
fn list_link(gap: &str) -> Option<Link> {
    let gap = gap.trim();
    match gap {
        "," => Some(Link::Comma),
        "and" | "&" => Some(Link::And),
        _ => {
            let rest = gap.strip_prefix(',')?.trim_start();
            (rest == "and").then_some(Link::And)
        }
    }
}

/// A one-time event a statement dates: its kind and the entity it happened to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Happening {
    /// The kind of event ("fall", "death").
    pub kind: &'static str,
    /// The entity it happened to.
    pub subject: EntityId,
    /// The subject as the sentence writes it ("Mosul", "Prigozhin's", "the city").
    pub written: String,
    /// How the subject was found when the sentence does not name it: "“the city” is
    /// Kabul, named in the sentence before".
    pub found: Option<String>,
}

/// [`TRIGGERS`] by their first word: a sentence's words are each looked up once.
static TRIGGERS_BY_FIRST_WORD: LazyLock<HashMap<&'static str, Vec<&'static Trigger>>> =
    LazyLock::new(|| {
        let mut map: HashMap<&str, Vec<&Trigger>> = HashMap::new();
        for t in TRIGGERS {
            if let Some(first) = t.words.first() {
                map.entry(first).or_default().push(t);
            }
        }
        map
    });

/// Words between "and" and a second verb of the same subject ("and was then liberated").
const ADVERBS: &[&str] = &[
    "had",
    "has",
    "have",
    "then",
    "later",
    "finally",
    "eventually",
    "subsequently",
    "soon",
];

/// Capitalised words that start a sentence or a title, not a name.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "on",
    "in",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "after",
    "before",
    "if",
    "did",
    "does",
    "do",
    "when",
    "while",
    "as",
    "its",
    "his",
    "her",
    "their",
    "our",
    "this",
    "that",
    "these",
    "those",
    "there",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "since",
    "during",
    "until",
    "although",
    "though",
    "but",
    "and",
    "or",
    "some",
    "many",
    "most",
    "president",
    "prime",
    "minister",
    "king",
    "queen",
    "general",
    "sheikh",
    "mr",
    "mrs",
    "ms",
    "dr",
    "reports",
    "officials",
    "analysts",
    "residents",
    "supporters",
    "observers",
    "local",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "what",
    "who",
    "why",
    "how",
    "where",
    "was",
    "were",
    "is",
    "are",
    "has",
    "had",
    "will",
    "would",
];

/// Lower-case words inside a name ("Abu Bakr al-Baghdadi", "Osama bin Laden").
const NAME_PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "du", "van", "von", "der",
];

/// The most words between a verb and its subject or object.
const MAX_GAP_WORDS: usize = 6;
/// The most words between "of" and the entity it introduces ("the fall of the city of
/// Mosul").
const MAX_OF_WORDS: usize = 4;

/// Endings of plural and abstract nouns, rare at the end of a name the recogniser would
/// miss: "Talks collapsed", "Violence ended", "Fighting ended" report no one's fall.
const COMMON_NOUN_ENDINGS: &[&str] = &[
    "tion", "sion", "ment", "ence", "ance", "ness", "ity", "ing", "ism", "ers", "ts", "ks", "ns",
    "es", "ds", "ls", "ps", "rs", "gs",
];

/// True when `word`, first in a sentence, reads as a common noun rather than a name.
fn looks_like_a_common_noun(word: &str) -> bool {
    let lower = word.to_lowercase();
    COMMON_NOUN_ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// One word of a sentence: its chars in the document and its lower-case form.
struct Word {
    start: usize,
    end: usize,
    lower: String,
    /// Written with a capital letter first.
    capital: bool,
}

/// A name of the sentence: a mention the recogniser found (not a date), or a run of
/// capitalised words it did not list ("Yevgeny Prigozhin died": a short document gives the
/// recogniser little to go on, and a subject missed is a conflict missed).
#[derive(Clone, Debug)]
struct Name {
    start: usize,
    end: usize,
    /// The recogniser's kind; `None` for a run of capitalised words.
    kind: Option<EntityKind>,
    key: String,
    /// For a description ("the city") or a pronoun ("he"): what it stands for, found by
    /// [`coref`] when it is an event's subject.
    refers: Option<Wanted>,
}

/// A sentence read into words, with the people, places and organisations it names.
pub struct Reading<'a> {
    sentence: &'a str,
    /// The sentence's first char in the document.
    start: usize,
    /// The byte offset of each char of the sentence, and its length last.
    bytes: Vec<usize>,
    words: Vec<Word>,
    /// The names inside the sentence, by position.
    names: Vec<Name>,
    /// The document's mentions (a short name is looked up among them).
    mentions: &'a [Mention],
    /// The triggers found: word range and what they report.
    triggers: Vec<(Range<usize>, &'static Trigger)>,
    /// The document's text: where "the city" looks for the city named before.
    document: Option<&'a DocText>,
}

impl<'a> Reading<'a> {
    /// Reads `sentence`, whose first char is at `start` in the document; `mentions` are the
    /// document's, sorted by position.
    pub fn new(sentence: &'a str, start: usize, mentions: &'a [Mention]) -> Self {
        let mut bytes: Vec<usize> = sentence.char_indices().map(|(b, _)| b).collect();
        bytes.push(sentence.len());
        let char_of = |b: usize| start + bytes.partition_point(|&x| x < b);
        let words: Vec<Word> = sentence
            .unicode_word_indices()
            .map(|(b, w)| Word {
                start: char_of(b),
                end: char_of(b + w.len()),
                lower: w.to_lowercase(),
                capital: w.chars().next().is_some_and(char::is_uppercase),
            })
            .collect();
        let end = start + bytes.len() - 1;
        let from = mentions.partition_point(|m| m.end <= start);
        let inside: Vec<&Mention> = mentions[from..]
            .iter()
            .take_while(|m| m.start < end)
            .collect();
        let mut names: Vec<Name> = inside
            .iter()
            .filter(|m| m.kind != EntityKind::Date && m.end <= end)
            .map(|m| Name {
                start: m.start,
                end: m.end,
                kind: Some(m.kind),
                key: m.key.clone(),
                refers: None,
            })
            .collect();
        let mut reading = Self {
            sentence,
            start,
            bytes,
            words,
            names: Vec::new(),
            mentions,
            triggers: Vec::new(),
            document: None,
        };
        names.extend(reading.capitalised_runs(&inside));
        names.extend(reading.descriptions(&inside));
        names.sort_by_key(|n| n.start);
        reading.names = names;
        reading.triggers = reading.find_triggers();
        reading
    }

    /// The runs of capitalised words of the sentence that the recogniser did not list
    /// ("Ahmed Ouyahia" in a short text), with their first char.
    pub(super) fn unlisted_names(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        self.names
            .iter()
            .filter(|n| n.kind.is_none())
            .map(|n| (n.start, n.key.as_str()))
    }

    /// The reading of a sentence of `document`: a description ("the city") that is an
    /// event's subject stands for the entity named in the sentences before.
    pub fn in_document(mut self, document: &'a DocText) -> Self {
        self.document = Some(document);
        self
    }

    /// The one-time events the date at chars `date` is the date of, if the sentence
    /// reports one plainly: one per entity it happens to, coordinated subjects and objects
    /// included ("Mosul and Raqqa fell", "the deaths of X and Y", "X, Y and Z were
    /// captured"). Empty when the sentence reports none.
    pub fn happenings(&self, date: Range<usize>) -> Vec<Happening> {
        let Some((kind, subject)) = self.event_subject(&date) else {
            return Vec::new();
        };
        self.coordinated(subject)
            .into_iter()
            .filter_map(|name| self.happening_of(kind, name))
            .collect()
    }

    /// The kind of the one-time event the date at chars `date` is the date of, and the
    /// name the trigger's grammar puts where the entity it happens to stands.
    fn event_subject(&self, date: &Range<usize>) -> Option<(&'static OnceKind, &Name)> {
        if self.sentence.trim_end().ends_with('?') {
            return None;
        }
        let (words, trigger) = self.nearest_trigger(date)?;
        let kind = trigger.kind?;
        let (t_start, t_end) = (self.words[words.start].start, self.words[words.end - 1].end);
        if t_end <= date.start
            && (self.any_word_in(t_end..date.start, OTHER_TIME)
                || self.another_item_dated(t_end, date.start))
        {
            return None;
        }
        if date.end <= t_start && self.in_another_clause(date, words.start) {
            return None;
        }
        // A verb of saying between them: the date is the saying's ("In a report published
        // on 2 May 2020, the UN said Mosul fell"; "Mosul fell, officials said on 4 March").
        let between = if t_end <= date.start {
            t_end..date.start
        } else {
            date.end..t_start
        };
        if self.any_word_in(between, REPORTING) {
            return None;
        }
        if self.says_something_else(&words) {
            return None;
        }
        // "Aleppo fell in December 2016 and Raqqa in October 2017": the second date is
        // Raqqa's, whose verb the sentence leaves out.
        if t_end <= date.start
            && let Some(name) = self.gapped_subject(t_end, date.start)
        {
            return Some((kind, name));
        }
        let subject = match trigger.role {
            Role::Before => self.subject_before(t_start),
            Role::After => self.object_after(t_end, false),
            Role::AfterTo => self.object_after(t_end, true),
            Role::Either => self
                .object_after(t_end, false)
                .or_else(|| self.subject_before(t_start)),
            Role::Voice => {
                if self.is_passive(&words) {
                    self.subject_before(t_start)
                } else {
                    self.object_after(t_end, false)
                }
            }
            Role::Noun => self.of_or_possessive(&words),
            Role::NounOrBefore => self.of_or_possessive(&words).or_else(|| {
                let determiner = words.start > 0
                    && matches!(
                        self.words[words.start - 1].lower.as_str(),
                        "the" | "a" | "an" | "its" | "their" | "his" | "her" | "this" | "that"
                    );
                (!determiner)
                    .then(|| self.subject_before(t_start))
                    .flatten()
            }),
            Role::Again => None,
        }?;
        if self.stands_for_a_relative(subject) {
            return None;
        }
        Some((kind, subject))
    }

    /// True when `name` only names whose relative (or aide) the clause speaks of: "Ahmed
    /// Karimi's daughter", "Soleimani's top deputy", "the eldest son of Hosni Mubarak".
    fn stands_for_a_relative(&self, name: &Name) -> bool {
        let relative = |w: &Word| {
            let bare = w
                .lower
                .strip_suffix("'s")
                .or_else(|| w.lower.strip_suffix("’s"))
                .unwrap_or(&w.lower);
            RELATIVES.contains(&bare)
        };
        let after = self.text(name.end..name.end + 2);
        // "Karimi's", "the Assads'".
        let possessive = after.starts_with(['\'', '’']);
        if possessive
            && self
                .words
                .iter()
                .filter(|w| w.start >= name.end)
                .take(3)
                .any(relative)
        {
            return true;
        }
        let before: Vec<&Word> = self.words.iter().filter(|w| w.end <= name.start).collect();
        match before.split_last() {
            Some((of, rest)) if of.lower == "of" => rest.iter().rev().take(2).any(|w| relative(w)),
            _ => false,
        }
    }

    /// The event of `kind` happening to `name`, unless a name of its kind cannot be its
    /// subject (a place does not die).
    fn happening_of(&self, kind: &'static OnceKind, name: &Name) -> Option<Happening> {
        if name.kind.is_some_and(|k| kind.never.contains(&k)) {
            return None;
        }
        if let Some(wanted) = name.refers {
            return self.happening_of_described(kind, name, wanted);
        }
        let (key, entity_kind) = match name.kind {
            Some(k) => (name.key.clone(), k),
            None => self
                .known_as(&name.key)
                .or_else(|| {
                    let (kind, key) = Recognizer::shared().listed_name(&name.key)?;
                    Some((key, kind))
                })
                .unwrap_or((name.key.clone(), kind.usual)),
        };
        Some(Happening {
            kind: kind.name,
            subject: EntityId {
                kind: entity_kind,
                key,
            },
            written: self.text(name.start..name.end).to_owned(),
            found: None,
        })
    }

    /// The event of `kind` happening to the entity the description or pronoun `name`
    /// stands for: the name it is set off after by a comma ("Kabul, the capital, fell"),
    /// else the one entity of its kind named just before ([`coref::antecedent`]). A
    /// pronoun is a person's only for events of people (a death, not a fall).
    fn happening_of_described(
        &self,
        kind: &'static OnceKind,
        name: &Name,
        wanted: Wanted,
    ) -> Option<Happening> {
        let apposed = self
            .names
            .iter()
            .rev()
            .find(|n| n.end <= name.start)
            .filter(|n| {
                n.refers.is_none()
                    && n.kind == Some(wanted.entity_kind())
                    && self.text(n.end..name.start).trim() == ","
            });
        if let Some(outer) = apposed {
            return self.happening_of(kind, outer);
        }
        let written = self.text(name.start..name.end);
        let pronoun = coref::is_pronoun(&name.key) || coref::is_possessive_pronoun(&name.key);
        if pronoun && kind.usual != EntityKind::Person {
            return None;
        }
        let found =
            coref::antecedent(wanted, name.start, self.start, self.mentions, self.document)?;
        if kind.never.contains(&found.kind) {
            return None;
        }
        Some(Happening {
            kind: kind.name,
            found: Some(format!(
                "“{written}” is {}, {}",
                found.key, found.where_named
            )),
            subject: EntityId {
                kind: found.kind,
                key: found.key,
            },
            written: written.to_owned(),
        })
    }

    /// The definite descriptions ("the city", "the besieged town", "the former
    /// president") and pronouns ("he", "his" before an event of a person) of the sentence
    /// that may stand for an entity named before: a description is a whole noun phrase
    /// (not "the city council", "the town of Dabiq", "the group's leader", "the other
    /// city"), outside the recogniser's names.
    fn descriptions(&self, mentions: &[&Mention]) -> Vec<Name> {
        let covered = |w: &Word| mentions.iter().any(|m| m.start < w.end && w.start < m.end);
        let joined = |k: usize| {
            self.words
                .get(k + 1)
                .is_some_and(|n| self.text(self.words[k].end..n.start) == " ")
        };
        let starts_a_trigger = |k: usize| {
            TRIGGERS_BY_FIRST_WORD
                .get(self.words[k].lower.as_str())
                .is_some_and(|ts| ts.iter().any(|t| self.phrase_at(k, t.words)))
        };
        let of_a_person = |k: usize| {
            TRIGGERS_BY_FIRST_WORD
                .get(self.words[k].lower.as_str())
                .is_some_and(|ts| {
                    ts.iter().any(|t| {
                        self.phrase_at(k, t.words)
                            && t.kind.is_some_and(|kind| kind.usual == EntityKind::Person)
                    })
                })
        };
        let name = |first: usize, last: usize, wanted: Wanted| Name {
            start: self.words[first].start,
            end: self.words[last].end,
            kind: Some(wanted.entity_kind()),
            key: self
                .text(self.words[first].start..self.words[last].end)
                .to_lowercase(),
            refers: Some(wanted),
        };
        let mut out = Vec::new();
        for (i, w) in self.words.iter().enumerate() {
            if covered(w) {
                continue;
            }
            if coref::is_pronoun(&w.lower) {
                out.push(name(i, i, Wanted::Person));
                continue;
            }
            if coref::is_possessive_pronoun(&w.lower) {
                if joined(i) && of_a_person(i + 1) {
                    out.push(name(i, i, Wanted::Person));
                }
                continue;
            }
            if w.lower != "the" {
                continue;
            }
            // "the", up to two words that keep the referent, the noun.
            let mut k = i + 1;
            let found = loop {
                if k > i + 3 || !joined(k - 1) {
                    break None;
                }
                let Some(word) = self.words.get(k) else {
                    break None;
                };
                if word.capital || covered(word) {
                    break None;
                }
                if let Some(wanted) = coref::head(&word.lower) {
                    let whole = match self.words.get(k + 1) {
                        // Punctuation or a line break after it ends the phrase.
                        Some(next) if joined(k) => {
                            !next.capital
                                && coref::ends_the_phrase(&next.lower, |_| starts_a_trigger(k + 1))
                        }
                        _ => !self.text(word.end..word.end + 1).starts_with(['\'', '’']),
                    };
                    // "the capital city": the last noun is the head.
                    let another_head = self
                        .words
                        .get(k + 1)
                        .is_some_and(|n| joined(k) && coref::head(&n.lower).is_some());
                    if !another_head {
                        break whole.then_some((k, wanted));
                    }
                }
                if !coref::keeps_the_referent(&word.lower) {
                    break None;
                }
                k += 1;
            };
            if let Some((last, wanted)) = found {
                out.push(name(i, last, wanted));
            }
        }
        out
    }

    /// `subject` and the names coordinated with it, in the order written: before it when
    /// it ends a list ("Mosul and Raqqa fell", "X, Y and Z were captured"), after it when
    /// it starts one ("the deaths of X and Y", "ISIL overran Mosul, Tikrit and Baiji"). A
    /// list is names joined by commas and closed by "and", with nothing else between them;
    /// a name of another kind than the subject's is not of its list ("captured Mosul and
    /// ISIL declared...").
    fn coordinated<'s>(&'s self, subject: &'s Name) -> Vec<&'s Name> {
        let Some(at) = self.names.iter().position(|n| std::ptr::eq(n, subject)) else {
            return vec![subject];
        };
        let same_kind = |n: &Name| match (n.kind, subject.kind) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let link = |a: &Name, b: &Name| {
            (a.end <= b.start && same_kind(a) && same_kind(b))
                .then(|| list_link(self.text(a.end..b.start)))
                .flatten()
        };
        // Before: the subject closes the list ("and" just before it, commas further back).
        let mut before = Vec::new();
        let mut i = at;
        while i > 0 {
            let wanted = if before.is_empty() {
                Link::And
            } else {
                Link::Comma
            };
            if link(&self.names[i - 1], &self.names[i]) != Some(wanted) {
                break;
            }
            before.push(&self.names[i - 1]);
            i -= 1;
        }
        before.reverse();
        // After, when the subject starts a list: commas, then "and" closing it; a list no
        // "and" closes is none ("captured Mosul, Nineveh, in June": an apposition).
        let mut after = Vec::new();
        let mut closed = false;
        if before.is_empty() {
            for pair in self.names[at..].windows(2) {
                let Some(joined) = link(&pair[0], &pair[1]) else {
                    break;
                };
                after.push(&pair[1]);
                if joined == Link::And {
                    closed = true;
                    break;
                }
            }
        }
        if !closed {
            after.clear();
        }
        before.into_iter().chain([subject]).chain(after).collect()
    }

    /// True when `names` are the items of one list: joined by commas, the last two by
    /// "and", with nothing else between them.
    fn one_list(&self, names: &[&Name]) -> bool {
        let links: Vec<Option<Link>> = names
            .windows(2)
            .map(|p| list_link(self.text(p[0].end..p[1].start)))
            .collect();
        links.last() == Some(&Some(Link::And)) && links.iter().all(Option::is_some)
    }

    /// The name and kind the document's mentions give the one-word name `word` (a
    /// surname the recogniser found in full elsewhere: "Prigozhin" for "Yevgeny
    /// Prigozhin"). Looked up only for an unlisted name at an event.
    fn known_as(&self, word: &str) -> Option<(String, EntityKind)> {
        if word.contains(' ') {
            return None;
        }
        self.mentions
            .iter()
            .filter(|m| m.kind != EntityKind::Date)
            .find(|m| {
                m.key
                    .rsplit([' ', '-'])
                    .next()
                    .is_some_and(|last| last.eq_ignore_ascii_case(word))
            })
            .map(|m| (m.key.clone(), m.kind))
    }

    /// Runs of capitalised words no mention covers ("Yevgeny Prigozhin", "al-" and
    /// "bin" inside), without a leading function word ("The", "On") or a month; one
    /// word alone first in the sentence is a capital of grammar, not a name.
    fn capitalised_runs(&self, mentions: &[&Mention]) -> Vec<Name> {
        let covered = |w: &Word| mentions.iter().any(|m| m.start < w.end && w.start < m.end);
        let usable = |i: usize| {
            let w = &self.words[i];
            w.capital
                && !covered(w)
                && crate::text::calendar::month_number(&w.lower).is_none()
                && crate::text::calendar::weekday_number(&w.lower).is_none()
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            if !usable(i) || NOT_NAMES.contains(&self.words[i].lower.as_str()) {
                i += 1;
                continue;
            }
            let first = i;
            let mut last = i;
            let mut k = i + 1;
            while k < self.words.len() {
                let gap = self.text(self.words[k - 1].end..self.words[k].start);
                if !(gap == " " || gap == "-" || gap == "\n") {
                    break;
                }
                if usable(k) {
                    last = k;
                } else if !NAME_PARTICLES.contains(&self.words[k].lower.as_str()) {
                    break;
                }
                k += 1;
            }
            i = last + 1;
            if first == last && first == 0 && !self.first_word_is_a_subject() {
                continue;
            }
            // "30 Britons", "several Kurds": people counted, not named.
            // ("The assassination of Chokri Belaid": "of" counts no one.)
            let counted = first.checked_sub(1).is_some_and(|p| {
                let w = self.words[p].lower.as_str();
                w.chars().all(|c| c.is_ascii_digit())
                    || matches!(
                        w,
                        "one"
                            | "two"
                            | "three"
                            | "four"
                            | "five"
                            | "six"
                            | "seven"
                            | "eight"
                            | "nine"
                            | "ten"
                            | "some"
                            | "most"
                            | "several"
                            | "dozens"
                            | "hundreds"
                            | "thousands"
                            | "many"
                    )
            });
            if counted {
                continue;
            }
            let end_word = &self.words[last];
            let written = self.text(end_word.start..end_word.end);
            let possessive = ["'s", "’s"].iter().any(|p| written.ends_with(p));
            let end = if possessive {
                end_word.end - 2
            } else {
                end_word.end
            };
            out.push(Name {
                start: self.words[first].start,
                end,
                kind: None,
                key: self.text(self.words[first].start..end).to_owned(),
                refers: None,
            });
        }
        out
    }

    /// True when the sentence's first word, capitalised by grammar, is still a name: not
    /// a common word, and where an event's subject stands, just before its trigger
    /// ("Gaddafi seized power", "Kosovo declared independence", "Hariri had resigned"),
    /// with "'s" ("Prigozhin's death") or before an apposition ("Karimi, born in 1959").
    fn first_word_is_a_subject(&self) -> bool {
        let Some(first) = self.words.first() else {
            return false;
        };
        let written = self.text(first.start..first.end);
        let bare = written
            .strip_suffix("'s")
            .or_else(|| written.strip_suffix("’s"))
            .unwrap_or(written);
        if Recognizer::shared().is_common_word(bare) || looks_like_a_common_noun(bare) {
            return false;
        }
        if bare.len() < written.len() {
            return true;
        }
        let Some(second) = self.words.get(1) else {
            return false;
        };
        if self.text(first.end..second.start).trim() == "," {
            return true;
        }
        let verb = self.words[1..]
            .iter()
            .take(3)
            .position(|w| {
                let w = w.lower.as_str();
                !(PASSIVE_AUX.contains(&w) || ADVERBS.contains(&w))
            })
            .map(|k| k + 1);
        verb.is_some_and(|k| {
            TRIGGERS_BY_FIRST_WORD
                .get(self.words[k].lower.as_str())
                .is_some_and(|ts| ts.iter().any(|t| self.phrase_at(k, t.words)))
        })
    }

    /// Every trigger of the sentence, longest first where phrases overlap, leaving out words
    /// inside a name ("Kurdistan Liberation Army").
    fn find_triggers(&self) -> Vec<(Range<usize>, &'static Trigger)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.words.len() {
            // The longest phrase starting here: "taken back" over "taken".
            let found = TRIGGERS_BY_FIRST_WORD
                .get(self.words[i].lower.as_str())
                .into_iter()
                .flatten()
                .filter(|t| self.phrase_at(i, t.words))
                .max_by_key(|t| t.words.len())
                .copied();
            match found {
                Some(t) if !self.inside_a_name(i) => {
                    out.push((i..i + t.words.len(), t));
                    i += t.words.len();
                }
                _ => i += 1,
            }
        }
        out
    }

    fn phrase_at(&self, i: usize, phrase: &[&str]) -> bool {
        self.words.len() >= i + phrase.len()
            && phrase
                .iter()
                .enumerate()
                .all(|(k, w)| self.words[i + k].lower == *w)
    }

    fn inside_a_name(&self, i: usize) -> bool {
        let w = &self.words[i];
        self.names
            .iter()
            .any(|m| m.kind.is_some() && m.start <= w.start && w.end <= m.end)
    }

    /// The trigger the date at chars `date` dates: the last one before it in its clause
    /// ("the death of X on DATE ended..."), else the nearest, in chars ("On DATE X fled,
    /// ending...").
    fn nearest_trigger(&self, date: &Range<usize>) -> Option<(Range<usize>, &'static Trigger)> {
        let span = |w: &Range<usize>| (self.words[w.start].start, self.words[w.end - 1].end);
        let before = self
            .triggers
            .iter()
            .filter(|(w, _)| {
                let end = span(w).1;
                end <= date.start
                    && !self
                        .text(end..date.start)
                        .contains([',', ';', ':', '(', ')'])
            })
            .max_by_key(|(w, _)| span(w).1);
        if let Some(found) = before {
            return Some(found.clone());
        }
        self.triggers
            .iter()
            .min_by_key(|(w, _)| {
                let (s, e) = span(w);
                if e <= date.start {
                    date.start - e
                } else {
                    s.saturating_sub(date.end)
                }
            })
            .cloned()
    }

    /// True when a cue says the sentence reports no plain one-time event at the trigger
    /// (words `trigger`): an anniversary or a denial anywhere; a recurrence, a
    /// prediction or a negation in its clause; a condition before it.
    fn says_something_else(&self, trigger: &Range<usize>) -> bool {
        let all = 0..self.words.len();
        if self.has_phrase(all.clone(), ANNIVERSARY)
            || self.has_phrase(all, DENIAL)
            || self.has_phrase(0..trigger.start, CELEBRATION)
        {
            return true;
        }
        let clause = self.clause_start(trigger.start);
        let clause_end = self.clause_end(trigger.end).min(trigger.end + 8);
        if self.has_phrase(clause..clause_end, RECURRENCE) {
            return true;
        }
        let just_after = (trigger.end + 1).min(self.words.len());
        if self.has_phrase(clause..just_after, PREDICTION)
            || self.has_phrase(clause..just_after, NEGATION)
            || self.words[clause..just_after].iter().any(|w| {
                w.lower.ends_with("n't")
                    || w.lower.ends_with("n’t")
                    || (w.lower == "may" && !w.capital)
            })
        {
            return true;
        }
        let sentence_clause = self.words[..trigger.start]
            .iter()
            .rposition(|w| self.text(w.end..w.end + 1) == ";")
            .map_or(0, |i| i + 1);
        self.has_phrase(sentence_clause..trigger.start, CONDITION)
    }

    /// True when the date at char `date`, after the trigger ending at char `trigger`, is
    /// another item of a list with its own name ("Aleppo was taken within days, Hama on 5
    /// December and Homs on 7 December": the fall of Hama and of Homs, not of Aleppo).
    fn another_item_dated(&self, trigger: usize, date: usize) -> bool {
        let between = self.text(trigger..date);
        let Some(comma) = between.rfind([',', ';']) else {
            return false;
        };
        let from = trigger + between[..comma].chars().count();
        let inside: Vec<&Name> = self
            .names
            .iter()
            .filter(|n| n.start >= trigger && n.end <= date)
            .collect();
        // "ISIL overran Mosul, Tikrit and Baiji in June 2014": the commas join the objects
        // of one verb, and the date is of all of them.
        let one_list = self.one_list(&inside)
            && inside
                .first()
                .is_some_and(|n| !self.text(trigger..n.start).contains(','))
            && inside
                .last()
                .is_some_and(|n| !self.text(n.end..date).contains(','));
        !one_list && inside.iter().any(|n| n.start >= from)
    }

    /// True when the date at chars `date`, before the trigger at word `trigger`, is in a
    /// clause of its own that dates something else ("Prigozhin, who led the mutiny in June
    /// 2023, died..."; "After talks in May 2014, Mosul fell"; "Speaking on 12 March 2019,
    /// the general recalled that Mosul fell").
    fn in_another_clause(&self, date: &Range<usize>, trigger: usize) -> bool {
        let Some(d) = self.words.iter().position(|w| w.start >= date.start) else {
            return false;
        };
        let clause = self.clause_start(d);
        if self.clause_start(trigger) <= d {
            return false;
        }
        let other_time = self.words.get(clause).is_some_and(|w| {
            OTHER_TIME.contains(&w.lower.as_str())
                || matches!(w.lower.as_str(), "whose" | "where" | "that")
        });
        // The date's clause says more than when ("Speaking on 12 March 2019, the general
        // recalled...", "In his 2018 book, the author..."): the date is of that, unless the
        // trigger's clause goes on from it without a subject of its own ("On 8 December
        // 2024 Assad fled to Moscow, ending the rule...")
        // or a relative pronoun ("...the shift in December 2014, which brought an end to").
        let start = self.clause_start(trigger);
        let continues = start == trigger
            || self
                .words
                .get(start)
                .is_some_and(|w| matches!(w.lower.as_str(), "which" | "who" | "that"));
        let more = !continues
            && self.words[clause..self.clause_end(d).min(self.words.len())]
                .iter()
                .any(|w| {
                    let in_date = w.start >= date.start && w.end <= date.end;
                    !(in_date || DATE_FRAME.contains(&w.lower.as_str()))
                });
        other_time || more
    }

    /// The word just past the clause holding word `i` (before the next comma, semicolon,
    /// colon, dash or bracket), or the number of words.
    fn clause_end(&self, i: usize) -> usize {
        (i..self.words.len().saturating_sub(1))
            .find(|&k| {
                let between = self.text(self.words[k].end..self.words[k + 1].start);
                between.contains([',', ';', ':', '—', '–', '(', ')'])
            })
            .map_or(self.words.len(), |k| k + 1)
    }

    /// The first word of the clause holding word `i`: after the last comma, semicolon,
    /// colon, dash or bracket before it.
    fn clause_start(&self, i: usize) -> usize {
        (0..i)
            .rev()
            .find(|&k| {
                let between = self.text(self.words[k].end..self.words[k + 1].start);
                between.contains([',', ';', ':', '—', '–', '(', ')'])
            })
            .map_or(0, |k| k + 1)
    }

    fn has_phrase(&self, words: Range<usize>, phrases: &[&[&str]]) -> bool {
        words.clone().any(|i| {
            phrases
                .iter()
                .any(|p| i + p.len() <= words.end && self.phrase_at(i, p))
        })
    }

    fn any_word_in(&self, chars: Range<usize>, list: &[&str]) -> bool {
        self.words_in(&chars)
            .any(|w| list.contains(&w.lower.as_str()))
    }

    fn words_in<'s>(&'s self, chars: &Range<usize>) -> impl Iterator<Item = &'s Word> + 's {
        let (a, b) = (chars.start, chars.end);
        self.words
            .iter()
            .filter(move |w| w.start >= a && w.end <= b)
    }

    /// The sentence's text at document chars `chars` (clamped to the sentence).
    fn text(&self, chars: Range<usize>) -> &str {
        let last = self.bytes.len() - 1;
        let a = chars.start.saturating_sub(self.start).min(last);
        let b = chars.end.saturating_sub(self.start).clamp(a, last);
        &self.sentence[self.bytes[a]..self.bytes[b]]
    }

    fn entity_before(&self, at: usize) -> Option<&Name> {
        self.names.iter().rev().find(|m| m.end <= at)
    }

    fn entity_after(&self, at: usize) -> Option<&Name> {
        self.names.iter().find(|m| m.start >= at)
    }

    /// The subject of an intransitive or passive verb starting at char `at`: the nearest
    /// name before it in its clause ("Mosul fell", "Mosul, which fell", "Mosul, Iraq's
    /// second city, fell").
    fn subject_before(&self, at: usize) -> Option<&Name> {
        let e = self.entity_before(at)?;
        let gap = self.text(e.end..at);
        let words: Vec<&Word> = self.words_in(&(e.end..at)).collect();
        if gap.contains([';', ':', '(', ')']) {
            return None;
        }
        let clause_word = words
            .iter()
            .rposition(|w| CLAUSE_START.contains(&w.lower.as_str()));
        if let Some(k) = clause_word {
            // "Mosul fell in June 2014 and was liberated": a second verb of one subject.
            let shared = matches!(words[k].lower.as_str(), "and" | "but" | "then")
                && words[k + 1..].len() <= 2
                && words[k + 1..].iter().all(|w| {
                    PASSIVE_AUX.contains(&w.lower.as_str()) || ADVERBS.contains(&w.lower.as_str())
                })
                && !words[..k]
                    .iter()
                    .any(|w| CLAUSE_START.contains(&w.lower.as_str()));
            let near = words.len() <= 2 * MAX_GAP_WORDS;
            return (shared && near && !gap.contains(',')).then_some(e);
        }
        if words.len() > MAX_GAP_WORDS {
            return None;
        }
        if !gap.contains(',') {
            return Some(e);
        }
        let trimmed = gap.trim();
        // "Mosul, captured by ISIL" and "Mosul, which fell".
        let relative = words
            .first()
            .is_some_and(|w| matches!(w.lower.as_str(), "which" | "who" | "that"));
        if trimmed == "," || (trimmed.starts_with(',') && relative && gap.matches(',').count() == 1)
        {
            return Some(e);
        }
        // "Mosul, Iraq's second city, fell": the name before the apposition.
        if trimmed.ends_with(',') {
            let before = self.text(self.start..e.start);
            let comma = before.rfind(',')?;
            let comma_char = self.start + before[..comma].chars().count();
            let outer = self.entity_before(comma_char)?;
            let between = self.text(outer.end..comma_char);
            return between.trim().is_empty().then_some(outer);
        }
        None
    }

    /// The object of a verb ending at char `at`: the first name after it, before any other
    /// phrase ("ISIL overran Mosul", "captured the city of Mosul"); through "to" when
    /// `through_to` ("brought an end to the rule of the Assad family").
    fn object_after(&self, at: usize, through_to: bool) -> Option<&Name> {
        let e = self.entity_after(at)?;
        let gap = self.text(at..e.start);
        if gap.contains([',', ';', ':', '(', ')', '.']) {
            return None;
        }
        let words: Vec<&Word> = self.words_in(&(at..e.start)).collect();
        let limit = if through_to {
            MAX_GAP_WORDS + 2
        } else {
            MAX_GAP_WORDS
        };
        let stops = words.iter().any(|w| {
            let w = w.lower.as_str();
            OBJECT_STOP.contains(&w) && !(through_to && w == "to")
        });
        (words.len() <= limit && !stops).then_some(e)
    }

    /// The entity of an event noun: "the fall of X" (the name after "of"), "X's fall" (the
    /// name before "'s").
    fn of_or_possessive(&self, trigger: &Range<usize>) -> Option<&Name> {
        let t_start = self.words[trigger.start].start;
        if let Some(of) = self.words.get(trigger.end).filter(|w| w.lower == "of") {
            let e = self.entity_after(of.end)?;
            let gap = self.text(of.end..e.start);
            let words = self.words_in(&(of.end..e.start)).count();
            let stops = self
                .words_in(&(of.end..e.start))
                .any(|w| OBJECT_STOP.contains(&w.lower.as_str()));
            return (!gap.contains([',', ';', ':', '.']) && words <= MAX_OF_WORDS && !stops)
                .then_some(e);
        }
        // "X announced his resignation": the person (or for "its", the place or
        // organisation) named last before the pronoun.
        if let Some(pronoun) = trigger.start.checked_sub(1).map(|i| &self.words[i]) {
            let person = match pronoun.lower.as_str() {
                "his" | "her" => true,
                "its" => false,
                _ => return self.possessive_before(t_start),
            };
            return self
                .names
                .iter()
                .rev()
                .filter(|n| n.end <= pronoun.start)
                .find(|n| match n.kind {
                    Some(k) => (k == EntityKind::Person) == person,
                    None => true,
                })
                // "His resignation": the person of the sentences before.
                .or_else(|| {
                    self.names
                        .iter()
                        .find(|n| n.start == pronoun.start && n.refers.is_some())
                });
        }
        self.possessive_before(t_start)
    }

    /// The name written with "'s" just before char `at`, up to two words before it
    /// ("Prigozhin's death", "Mosul's sudden fall").
    fn possessive_before(&self, at: usize) -> Option<&Name> {
        let t_start = at;
        let e = self.entity_before(t_start)?;
        let gap = self.text(e.end..t_start);
        let rest = ["'s", "’s", "'", "’"]
            .iter()
            .find_map(|p| gap.strip_prefix(p))?;
        let adjectives = rest.unicode_words().count();
        (rest.starts_with(char::is_whitespace)
            && adjectives <= 2
            && !rest.contains([',', ';', ':', '.']))
        .then_some(e)
    }

    /// True when the participle at words `trigger` is passive: an auxiliary just before it
    /// ("was captured", "had been captured") or "by" just after ("captured by ISIL").
    fn is_passive(&self, trigger: &Range<usize>) -> bool {
        let before = trigger.start.saturating_sub(2)..trigger.start;
        // "Hezbollah, founded in 1985, is...": a participle set off after a name by a comma
        // is passive (a reduced relative clause).
        let set_off = trigger.start > 0
            && self
                .text(self.words[trigger.start - 1].end..self.words[trigger.start].start)
                .trim()
                == ",";
        set_off
            || self.words[before]
                .iter()
                .any(|w| PASSIVE_AUX.contains(&w.lower.as_str()))
            || self.words.get(trigger.end).is_some_and(|w| w.lower == "by")
    }

    /// The name of a second clause that leaves its verb out, when the date at char `date`
    /// is in it: "<trigger> in December 2016 and Raqqa in October 2017" gives Raqqa. The
    /// clause is "and", one name, and a preposition just before the date, after a year
    /// that dates the first clause.
    fn gapped_subject(&self, trigger_end: usize, date: usize) -> Option<&Name> {
        let between = self.text(trigger_end..date);
        let and = between.rfind(" and ")?;
        let first = &between[..and];
        let dated = first
            .split(|c: char| !c.is_ascii_digit())
            .any(|n| n.len() == 4);
        if !dated {
            return None;
        }
        let after_and = trigger_end + between[..and + " and ".len()].chars().count();
        let mut inside = self
            .names
            .iter()
            .filter(|n| n.start >= after_and && n.end <= date);
        let name = inside.next()?;
        if inside.next().is_some() {
            return None;
        }
        let lead = self.text(after_and..name.start).trim();
        let tail = self.text(name.end..date).trim();
        (matches!(lead, "" | "the") && matches!(tail, "in" | "on" | "by" | "at")).then_some(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Origin;

    /// The happening the date `date` of `sentence` is the date of, with the names in
    /// `names` (name, kind) as the recogniser's mentions.
    fn read(sentence: &str, names: &[(&str, EntityKind)], date: &str) -> Option<(String, String)> {
        read_all(sentence, names, date).into_iter().next()
    }

    /// Every happening the date `date` of `sentence` is the date of: (kind, subject).
    fn read_all(sentence: &str, names: &[(&str, EntityKind)], date: &str) -> Vec<(String, String)> {
        let char_at = |s: &str| {
            let b = sentence.find(s).expect("in the sentence");
            sentence[..b].chars().count()
        };
        let mut mentions: Vec<Mention> = names
            .iter()
            .map(|(n, k)| {
                let s = char_at(n);
                Mention::new(s, s + n.chars().count(), *k, (*n).into(), Origin::Rule)
            })
            .collect();
        mentions.sort_by_key(|m| m.start);
        let d = char_at(date);
        let reading = Reading::new(sentence, 0, &mentions);
        reading
            .happenings(d..d + date.chars().count())
            .into_iter()
            .map(|h| (h.kind.to_owned(), h.subject.key))
            .collect()
    }

    const LOC: EntityKind = EntityKind::Loc;
    const ORG: EntityKind = EntityKind::Org;
    const PER: EntityKind = EntityKind::Person;

    fn yes(kind: &str, subject: &str) -> Option<(String, String)> {
        Some((kind.to_owned(), subject.to_owned()))
    }

    #[test]
    fn a_date_of_a_saying_or_of_a_clause_of_its_own_is_not_the_events() {
        let mosul = [("Mosul", LOC), ("UN", ORG)];
        for (sentence, date) in [
            (
                "In a report published on 2 May 2020, the UN said Mosul fell in June 2014.",
                "2 May 2020",
            ),
            (
                "Speaking on 12 March 2019, the general recalled that Mosul fell in June 2014.",
                "12 March 2019",
            ),
            (
                "In his 2018 book, the author describes how Mosul fell.",
                "2018",
            ),
            (
                "Mosul fell in June 2014, officials said on 4 March 2016.",
                "4 March 2016",
            ),
        ] {
            let names: Vec<(&str, EntityKind)> = mosul
                .iter()
                .filter(|(n, _)| sentence.contains(n))
                .copied()
                .collect();
            assert_eq!(read(sentence, &names, date), None, "{sentence}");
            if sentence.contains("June 2014") {
                assert_eq!(
                    read(sentence, &names, "June 2014"),
                    yes("fall", "Mosul"),
                    "{sentence}"
                );
            }
        }
        // A clause that is only the date, or a clause going on from the dated one.
        assert_eq!(
            read(
                "Late on 10 June 2014, Mosul fell.",
                &mosul[..1],
                "10 June 2014"
            ),
            yes("fall", "Mosul")
        );
        assert_eq!(
            read(
                "The shift in Mosul in June 2014, which brought an end to the rule of ISIL, came.",
                &[("Mosul", LOC), ("ISIL", ORG)],
                "June 2014"
            ),
            yes("fall", "ISIL")
        );
    }

    #[test]
    fn a_relative_of_the_named_person_is_not_the_person() {
        let karimi = [("Ahmed Karimi", PER)];
        for sentence in [
            "Ahmed Karimi's daughter was born in 1990 in Aleppo.",
            "Ahmed Karimi's eldest son died in 1990.",
            "Ahmed Karimi's deputy was killed in 1990.",
            "The son of Ahmed Karimi died in 1990.",
        ] {
            assert_eq!(read(sentence, &karimi, "1990"), None, "{sentence}");
        }
        assert_eq!(
            read(
                "Ahmed Karimi's death in 1990 shocked Aleppo.",
                &karimi,
                "1990"
            ),
            yes("death", "Ahmed Karimi")
        );
    }

    #[test]
    fn the_assassination_of_a_name_no_table_holds() {
        assert_eq!(
            read(
                "The assassination of Chokri Belaid on 6 February 2013 shook Tunis.",
                &[("Tunis", LOC)],
                "6 February 2013"
            ),
            yes("death", "Chokri Belaid")
        );
    }

    #[test]
    fn the_subject_is_the_entity_the_event_happens_to() {
        let isil_mosul = [("Mosul", LOC), ("ISIL", ORG)];
        assert_eq!(
            read("Mosul fell to ISIL in June 2014.", &isil_mosul, "June 2014"),
            yes("fall", "Mosul")
        );
        let isil_raqqa = [("ISIL", ORG), ("Raqqa", LOC)];
        assert_eq!(
            read(
                "ISIL captured Raqqa in January 2014.",
                &isil_raqqa,
                "January 2014"
            ),
            yes("fall", "Raqqa")
        );
        assert_eq!(
            read(
                "Raqqa was captured by ISIL in January 2014.",
                &isil_raqqa,
                "January 2014"
            ),
            yes("fall", "Raqqa")
        );
        assert_eq!(
            read(
                "The fall of Mosul in June 2014 shocked ISIL's rivals.",
                &isil_mosul,
                "June 2014"
            ),
            yes("fall", "Mosul")
        );
        let p = [("Prigozhin", PER)];
        assert_eq!(
            read(
                "Prigozhin's death on 23 August 2023 was confirmed.",
                &p,
                "23 August 2023"
            ),
            yes("death", "Prigozhin")
        );
        assert_eq!(
            read("Prigozhin died on 23 August 2023.", &p, "23 August 2023"),
            yes("death", "Prigozhin")
        );
        let appositive = [("Mosul", LOC), ("Iraq", LOC)];
        assert_eq!(
            read(
                "Mosul, Iraq's second city, fell in June 2014.",
                &appositive,
                "June 2014"
            ),
            yes("fall", "Mosul")
        );
    }

    #[test]
    fn recurrences_predictions_conditions_negations_and_questions_are_no_event() {
        let m = [("Mosul", LOC)];
        for sentence in [
            "Mosul fell again in June 2016.",
            "Mosul was recaptured in July 2017.",
            "Crowds marked the first anniversary of the fall of Mosul in June 2015.",
            "Analysts said in May 2014 that Mosul would fall within months.",
            "Mosul was expected to fall in June 2014.",
            "If Mosul falls in June 2014, Baghdad is next.",
            "Mosul did not fall in June 2014.",
            "Did Mosul fall in June 2014?",
        ] {
            let date = [
                "June 2016",
                "July 2017",
                "June 2015",
                "May 2014",
                "June 2014",
            ]
            .into_iter()
            .find(|d| sentence.contains(d))
            .expect("a date");
            assert_eq!(read(sentence, &m, date), None, "{sentence}");
        }
    }

    #[test]
    fn the_date_belongs_to_the_nearest_event_of_the_sentence() {
        let m = [("Mosul", LOC)];
        let s = "Mosul fell in June 2014 and was liberated in July 2017.";
        assert_eq!(read(s, &m, "June 2014"), yes("fall", "Mosul"));
        assert_eq!(read(s, &m, "July 2017"), yes("liberation", "Mosul"));
        let s = "Mosul fell two weeks after the elections of 30 April 2014.";
        assert_eq!(read(s, &m, "30 April 2014"), None);
        // Each item of a list dates its own name, not the first one.
        let cities = [("Aleppo", LOC), ("Hama", LOC), ("Homs", LOC)];
        let s =
            "Aleppo was taken within days, Hama on 5 December 2024 and Homs on 7 December 2024.";
        assert_eq!(read(s, &cities, "5 December 2024"), None);
        assert_eq!(read(s, &cities, "7 December 2024"), None);
    }

    #[test]
    fn people_counted_and_ground_taken_back_are_no_one_time_event() {
        let sousse = [("Sousse", LOC)];
        let s =
            "The attacks included those in Sousse on 25 June in which 30 Britons were murdered.";
        assert_eq!(read(s, &sousse, "25 June"), None);
        let isil = [("ISIL", ORG)];
        let s = "In 2015 the coalition has taken back 30% of the territory ISIL once held.";
        assert_eq!(read(s, &isil, "2015"), None);
        // An unlisted name is still a subject: "Yevgeny Prigozhin" found by its capitals.
        assert_eq!(
            read(
                "Yevgeny Prigozhin died on 23 August 2023.",
                &[],
                "23 August 2023"
            ),
            yes("death", "Yevgeny Prigozhin")
        );
        assert_eq!(
            read(
                "Nouri al-Maliki announced his resignation on 14 August 2014.",
                &[],
                "14 August 2014"
            ),
            yes("resignation", "Nouri al-Maliki")
        );
    }

    #[test]
    fn coordinated_subjects_and_objects_are_one_event_each() {
        let pairs = |v: &[(&str, &str)]| -> Vec<(String, String)> {
            v.iter()
                .map(|(k, s)| ((*k).to_owned(), (*s).to_owned()))
                .collect()
        };
        let cities = [("Mosul", LOC), ("Raqqa", LOC), ("ISIL", ORG)];
        assert_eq!(
            read_all(
                "Mosul and Raqqa fell to ISIL in June 2014.",
                &cities,
                "June 2014"
            ),
            pairs(&[("fall", "Mosul"), ("fall", "Raqqa")])
        );
        let people = [("Ali", PER), ("Omar", PER), ("Hasan", PER)];
        assert_eq!(
            read_all(
                "The deaths of Ali and Omar on 3 May 2016 were confirmed.",
                &people[..2],
                "3 May 2016"
            ),
            pairs(&[("death", "Ali"), ("death", "Omar")])
        );
        assert_eq!(
            read_all(
                "Ali, Omar and Hasan were captured on 3 May 2016.",
                &people,
                "3 May 2016"
            ),
            pairs(&[("fall", "Ali"), ("fall", "Omar"), ("fall", "Hasan")])
        );
        let objects = [
            ("ISIL", ORG),
            ("Mosul", LOC),
            ("Tikrit", LOC),
            ("Baiji", LOC),
        ];
        assert_eq!(
            read_all(
                "ISIL overran Mosul, Tikrit, and Baiji in June 2014.",
                &objects,
                "June 2014"
            ),
            pairs(&[("fall", "Mosul"), ("fall", "Tikrit"), ("fall", "Baiji")])
        );
    }

    #[test]
    fn names_that_are_no_list_are_not_coordinated() {
        // A place before a comma is no item of a list the subject closes.
        let s = "In Syria, Aleppo fell in December 2016.";
        let names = [("Syria", LOC), ("Aleppo", LOC)];
        assert_eq!(read_all(s, &names, "December 2016").len(), 1);
        // A list no "and" closes is an apposition.
        let s = "ISIL captured Mosul, Nineveh, in June 2014.";
        let names = [("ISIL", ORG), ("Mosul", LOC), ("Nineveh", LOC)];
        assert_eq!(read_all(s, &names, "June 2014").len(), 1);
        // A name of another kind after "and" starts another clause.
        let s = "ISIL captured Mosul and Assad fled in June 2014.";
        let names = [("ISIL", ORG), ("Mosul", LOC), ("Assad", PER)];
        assert_eq!(
            read_all(s, &names, "June 2014"),
            vec![("fall".to_owned(), "Mosul".to_owned())]
        );
        // A coordinated prediction and a coordinated recurrence are no events.
        let cities = [("Mosul", LOC), ("Raqqa", LOC)];
        for s in [
            "Mosul and Raqqa would fall in June 2014, analysts said.",
            "Mosul and Raqqa fell again in June 2016.",
        ] {
            let date = if s.contains("2016") {
                "June 2016"
            } else {
                "June 2014"
            };
            assert!(read_all(s, &cities, date).is_empty(), "{s}");
        }
    }

    #[test]
    fn a_name_first_in_its_sentence_is_the_subject_next_to_its_trigger() {
        assert_eq!(
            read("Gaddafi seized power in 1970.", &[], "1970"),
            yes("taking power", "Gaddafi")
        );
        assert_eq!(
            read(
                "Prigozhin's death on 25 August 2023 was confirmed.",
                &[],
                "25 August 2023"
            ),
            yes("death", "Prigozhin")
        );
        assert_eq!(
            read(
                "Karimi, born in 1959, studied in Damascus.",
                &[("Damascus", LOC)],
                "1959"
            ),
            yes("birth", "Karimi")
        );
        assert_eq!(
            read(
                "Hezbollah, founded in 1985, is a Shia party.",
                &[("Hezbollah", ORG)],
                "1985"
            ),
            yes("founding", "Hezbollah")
        );
        // A second clause without its verb dates its own name.
        let both = [("Aleppo", LOC), ("Raqqa", LOC)];
        let sentence = "Aleppo fell in December 2016 and Raqqa in October 2017.";
        assert_eq!(read(sentence, &both, "October 2017"), yes("fall", "Raqqa"));
        assert_eq!(
            read(sentence, &both, "December 2016"),
            yes("fall", "Aleppo")
        );
        assert_eq!(
            read(
                "Donald Trump took office for a second term in January 2025.",
                &[("Donald Trump", PER)],
                "January 2025"
            ),
            None,
            "a second term is a recurrence"
        );
        assert_eq!(
            read(
                "Kosovo declared independence in February 2008.",
                &[],
                "February 2008"
            ),
            yes("independence", "Kosovo")
        );
        assert_eq!(
            read(
                "Hariri had resigned in December 2017.",
                &[],
                "December 2017"
            ),
            yes("resignation", "Hariri")
        );
        // A common word or noun first is grammar's capital, not a name.
        for (sentence, date) in [
            ("Talks collapsed in March 2016.", "March 2016"),
            ("Fighting ended in May 2016.", "May 2016"),
            ("Violence ended in 2014.", "2014"),
            ("Yesterday fell on 3 May 2016.", "3 May 2016"),
        ] {
            assert_eq!(read(sentence, &[], date), None, "{sentence}");
        }
    }

    /// The happenings (kind, subject, how found) the date `date` of the last sentence of
    /// `text` is the date of, the names in `names` (name, kind) as the recogniser's
    /// mentions, in order.
    fn read_in_text(
        text: &str,
        names: &[(&str, EntityKind)],
        date: &str,
    ) -> Vec<(String, String, Option<String>)> {
        let mut mentions = Vec::new();
        let mut from = 0;
        for (n, k) in names {
            let b = from + text[from..].find(n).expect("in the text");
            let s = text[..b].chars().count();
            let e = s + n.chars().count();
            mentions.push(Mention::new(s, e, *k, (*n).into(), Origin::Rule));
            from = b + n.len();
        }
        let doc = DocText::new(text.to_owned(), crate::text::ParagraphStyle::Blocks);
        let b = text.rfind(date).expect("the date");
        let d = text[..b].chars().count();
        let sentence = crate::text::sentence_around(&doc, d..d + 1, 600);
        let written = doc.slice(sentence.clone()).expect("the sentence");
        Reading::new(written, sentence.start, &mentions)
            .in_document(&doc)
            .happenings(d..d + date.chars().count())
            .into_iter()
            .map(|h| (h.kind.to_owned(), h.subject.key, h.found))
            .collect()
    }

    #[test]
    fn a_description_or_a_pronoun_stands_for_the_entity_named_before() {
        let found = |kind: &str, key: &str, how: &str| {
            vec![(kind.to_owned(), key.to_owned(), Some(how.to_owned()))]
        };
        assert_eq!(
            read_in_text(
                "Kabul fell on 15 August 2021. The city fell in July 2021.",
                &[("Kabul", LOC)],
                "July 2021"
            ),
            found(
                "fall",
                "Kabul",
                "“The city” is Kabul, named in the sentence before"
            )
        );
        assert_eq!(
            read_in_text(
                "ISIL massed near Tikrit. It captured the besieged town on 3 May 2014.",
                &[("ISIL", ORG), ("Tikrit", LOC)],
                "3 May 2014"
            ),
            found(
                "fall",
                "Tikrit",
                "“the besieged town” is Tikrit, named in the sentence before"
            )
        );
        assert_eq!(
            read_in_text(
                "Omar Haddad led the council. His resignation in May 2016 surprised no one.",
                &[("Omar Haddad", PER)],
                "May 2016"
            ),
            found(
                "resignation",
                "Omar Haddad",
                "“His” is Omar Haddad, named in the sentence before"
            )
        );
        // Set off after a name, a description is that name's apposition.
        assert_eq!(
            read_in_text(
                "Tal Abyad, the border town, fell in June 2015.",
                &[("Tal Abyad", LOC)],
                "June 2015"
            ),
            vec![("fall".to_owned(), "Tal Abyad".to_owned(), None)]
        );
    }

    #[test]
    fn a_noun_that_is_no_whole_description_or_a_pronoun_of_a_place_is_no_subject() {
        for (text, date) in [
            // A modifier, a possessive, a name after "of", another one.
            (
                "Kabul was calm. The city council collapsed in March 2014.",
                "March 2014",
            ),
            (
                "Kabul was calm. The city's mayor died in March 2014.",
                "March 2014",
            ),
            (
                "Kabul was calm. The other city fell in March 2014.",
                "March 2014",
            ),
            // A person's pronoun for a place's event.
            ("Kabul was calm. He fell in March 2014.", "March 2014"),
            // Two cities before it.
            (
                "Kabul and Herat were calm. The city fell in March 2014.",
                "March 2014",
            ),
        ] {
            let names: Vec<(&str, EntityKind)> = ["Kabul", "Herat"]
                .into_iter()
                .filter(|n| text.contains(n))
                .map(|n| (n, LOC))
                .collect();
            assert_eq!(read_in_text(text, &names, date), vec![], "{text}");
        }
        // Without the document, only the sentence itself is looked at.
        assert_eq!(read("The city fell in July 2021.", &[], "July 2021"), None);
        assert_eq!(
            read(
                "The town of Dabiq fell in August 2014.",
                &[("Dabiq", LOC)],
                "August 2014"
            ),
            yes("fall", "Dabiq")
        );
    }

    #[test]
    fn a_name_the_recogniser_left_out_is_known_by_the_name_lists() {
        assert_eq!(
            read(
                "Abu Mohammad al-Julani founded Jabhat al-Nusra in 2011.",
                &[("Abu Mohammad al-Julani", PER)],
                "2011"
            ),
            yes("founding", "Al-Nusra Front")
        );
    }
}

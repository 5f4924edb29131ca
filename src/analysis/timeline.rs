//! Dated statements: every sentence that holds a date mention, with the date's value, the
//! entities the sentence names and the kind of event it reports. The timeline view places
//! them on a time axis; [`super::conflicts`] compares statements about the same event.

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use super::events::{Happening, Reading};
use super::interval::{Interval, interval};
use crate::corpus::{Corpus, Document};
use crate::entities::{DateBasis, EntityId, EntityIndex, EntityKind, Granularity, Mention};
use crate::text::sentence_around;

/// One date mention in its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// The document, relative to the corpus folder.
    pub path: String,
    /// Char offset where the date mention starts.
    pub start: usize,
    /// Char offset just past the date mention.
    pub end: usize,
    /// The date as written ("December 2014", "yesterday").
    pub date_text: String,
    /// ISO 8601 value ("2014-12"), `None` when the date could not be resolved.
    pub value: Option<String>,
    /// How precise the value is (`None` with no value).
    pub granularity: Option<Granularity>,
    /// What the date reads as when it has no value, if not its text: "10 June or 6
    /// October 2014 (day and month order unknown)" for "10/06/2014".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
    /// How a slashed date's value was ordered: "read day first: the document writes
    /// 25/12/2014", "read month first: your rule for this document".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// How a relative or yearless date was read from another date of the text: "two days
    /// after 5 December 2024, named in the sentence before"; "counted from a date the text
    /// does not give before it (...): left undated".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchored: Option<String>,
    /// A slashed date whose parts do not show their order: its two readings, day first
    /// then month first ("10 June 2014", "6 October 2014"), what a user can choose from.
    #[serde(skip)]
    pub readings: Option<[String; 2]>,
    /// The sentence around the date, and its chars in the document.
    pub sentence: String,
    /// The sentence's chars in the document.
    #[serde(skip)]
    pub sentence_range: Range<usize>,
    /// The people, organisations, places and groups the sentence names.
    #[serde(skip)]
    pub entities: Vec<EntityId>,
    /// The kind of event the sentence reports: the one-time event the date is the date
    /// of, else the first of [`EVENTS`] whose words it uses.
    #[serde(skip)]
    pub event: Option<&'static str>,
    /// The one-time events (a fall, a death...) the date is the date of, one per entity
    /// it happened to ("Mosul and Raqqa fell": two): what possible conflicts compare.
    #[serde(skip)]
    pub happenings: Vec<Happening>,
    /// The calendar stretch of `value`.
    #[serde(skip)]
    pub interval: Option<Interval>,
    /// The value rests on the file's modification date (a relative date in a document that
    /// gives no date of its own): when the copy was made, not when the text was written.
    #[serde(skip)]
    pub from_file_date: bool,
}

impl Statement {
    /// True when the statement can be placed on the time axis.
    pub fn is_dated(&self) -> bool {
        self.interval.is_some()
    }

    /// How the date was read, as the window says it beside the statement, for the exports
    /// and the command line: a slashed date's order ("read day first: the document writes
    /// 25/12/2014"), what a date without a value may be ("10 June or 6 October 2014 (day
    /// and month order unknown)"), a value that rests on the file's date only. `None` when
    /// the date reads as written.
    pub fn reading_note(&self) -> Option<String> {
        let file_date = self.from_file_date.then_some(
            "resolved against the file's date only: the document gives no date of its own",
        );
        let notes: Vec<&str> = [self.order.as_deref(), self.reading.as_deref(), file_date]
            .into_iter()
            .flatten()
            .collect();
        (!notes.is_empty()).then(|| notes.join("; "))
    }
}

/// Sentences longer than this (in chars) are cut around the date: a table or a one-line
/// document has no sentence boundaries to speak of.
const MAX_SENTENCE: usize = 600;

/// Kinds of event and the words that report them (lower case, whole words; a phrase is
/// matched word by word): what a statement is about, shown and exported. Which one-time
/// event a date is the date of, and of whom, is read by [`super::events`].
pub struct EventKind {
    /// The kind's name ("fall", "death").
    pub name: &'static str,
    /// The words that report it.
    pub words: &'static [&'static str],
}

/// The kinds of event the timeline recognises.
pub const EVENTS: &[EventKind] = &[
    EventKind {
        name: "fall",
        words: &[
            "fall",
            "fell",
            "fallen",
            "collapse",
            "collapsed",
            "toppled",
            "topple",
            "ousted",
            "ouster",
            "overthrow",
            "overthrown",
            "overthrew",
            "downfall",
            "brought an end",
            "put an end",
        ],
    },
    EventKind {
        name: "took power",
        words: &[
            "took power",
            "seized power",
            "came to power",
            "took office",
            "sworn in",
            "inaugurated",
            "assumed power",
            "took control",
        ],
    },
    EventKind {
        name: "death",
        words: &["died", "killed", "death", "assassinated", "executed"],
    },
    EventKind {
        name: "founded",
        words: &[
            "founded",
            "established",
            "formed",
            "created",
            "declared independence",
        ],
    },
    EventKind {
        name: "liberated",
        words: &["liberated", "liberation", "recaptured", "retook", "freed"],
    },
    EventKind {
        name: "signed",
        words: &["signed", "signing", "agreement", "treaty", "accord"],
    },
    EventKind {
        name: "visited",
        words: &[
            "visited",
            "visit",
            "visiting",
            "travelled",
            "traveled",
            "trip",
        ],
    },
    EventKind {
        name: "met",
        words: &["met", "meeting", "meet", "talks", "received"],
    },
    EventKind {
        name: "attack",
        words: &[
            "attack",
            "attacked",
            "strike",
            "strikes",
            "bombing",
            "bombed",
            "airstrike",
        ],
    },
];

/// The event kind of a sentence: the first kind one of whose words it uses.
pub fn event_of(sentence: &str) -> Option<&'static EventKind> {
    let words: Vec<String> = sentence.unicode_words().map(str::to_lowercase).collect();
    EVENTS.iter().find(|kind| {
        kind.words.iter().any(|phrase| {
            let wanted: Vec<&str> = phrase.split(' ').collect();
            words
                .windows(wanted.len())
                .any(|w| w.iter().zip(&wanted).all(|(a, b)| a == b))
        })
    })
}

/// Every dated statement of the corpus, by document path then position.
pub fn statements(index: &EntityIndex, corpus: &Corpus) -> Vec<Statement> {
    let mut all: Vec<Statement> = corpus
        .documents
        .par_iter()
        .filter_map(|doc| Some(of_document(doc, index.mentions_of(&doc.path)?)))
        .flatten()
        .collect();
    all.sort_by(|a, b| a.path.cmp(&b.path).then(a.start.cmp(&b.start)));
    all
}

/// The char just past an email's header lines (From, To, Date, Subject) at the top of its
/// text, 0 for any other document: the message's `Date:` is its date (metadata, which
/// dates its relative dates), not a statement of what happened then.
fn mail_header_end(doc: &Document) -> usize {
    if !matches!(doc.format, crate::corpus::Format::Email) {
        return 0;
    }
    let text = doc.text.as_str();
    let Some(blank) = text.find("\n\n") else {
        return 0;
    };
    let header = &text[..blank];
    let is_header = header.lines().all(|line| {
        line.split_once(':').is_some_and(|(name, _)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    });
    if is_header { header.chars().count() } else { 0 }
}

/// The dated statements of one document, given its mentions (sorted by position).
pub fn of_document(doc: &Document, mentions: &[Mention]) -> Vec<Statement> {
    let text = &doc.text;
    let mut out = Vec::new();
    // The sentence last read, shared by the dates it holds.
    let mut read: Option<(Range<usize>, Reading<'_>)> = None;
    let header_end = mail_header_end(doc);
    for m in mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Date && m.start >= header_end)
    {
        let sentence_range = sentence_around(text, m.start..m.end, MAX_SENTENCE);
        let Some(written) = text.slice(sentence_range.clone()) else {
            continue;
        };
        let Some(date_text) = text.slice(m.start..m.end) else {
            continue;
        };
        if read.as_ref().is_none_or(|(r, _)| *r != sentence_range) {
            let reading = Reading::new(written, sentence_range.start, mentions).in_document(text);
            read = Some((sentence_range.clone(), reading));
        }
        let happenings = read
            .as_ref()
            .map(|(_, reading)| reading.happenings(m.start..m.end))
            .unwrap_or_default();
        let sentence = written.trim().to_owned();
        let date = m.date();
        let value = date.and_then(|d| d.value.clone());
        let reading = (value.is_none() && m.key.trim() != date_text.trim()).then(|| m.key.clone());
        let interval = date
            .filter(|d| d.is_calendar())
            .and_then(|d| d.value.as_deref())
            .and_then(interval);
        out.push(Statement {
            path: doc.path.clone(),
            start: m.start,
            end: m.end,
            date_text: date_text.to_owned(),
            granularity: date.filter(|d| d.value.is_some()).map(|d| d.granularity),
            value,
            reading,
            order: date.and_then(|d| d.order.as_ref()).map(|o| o.describe()),
            anchored: m.anchor_note().map(str::to_owned),
            readings: crate::entities::date_value::slash_readings(date_text),
            event: happenings
                .first()
                .map(|h| h.kind)
                .or_else(|| event_of(&sentence).map(|k| k.name)),
            happenings,
            entities: named_in(mentions, &sentence_range),
            sentence,
            sentence_range,
            interval,
            from_file_date: date.is_some_and(|d| d.basis == DateBasis::FileDate),
        });
    }
    out
}

/// The people, organisations, places and groups named in chars `range`, once each.
fn named_in(mentions: &[Mention], range: &Range<usize>) -> Vec<EntityId> {
    let from = mentions.partition_point(|m| m.end <= range.start);
    let mut out: Vec<EntityId> = mentions[from..]
        .iter()
        .take_while(|m| m.start < range.end)
        .filter(|m| m.kind != EntityKind::Date)
        .map(|m| EntityId {
            kind: m.kind,
            key: m.key.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EntityKind, Recognizer};
    use crate::search::engine::tests::document;

    #[test]
    fn event_words_are_matched_as_whole_words_and_phrases() {
        let kind = |s: &str| event_of(s).map(|k| k.name);
        assert_eq!(
            kind("The Assad government fell on 8 December 2024."),
            Some("fall")
        );
        assert_eq!(
            kind("the shift in December 2014, which brought an end to the rule of Assad"),
            Some("fall")
        );
        assert_eq!(kind("He took power in 2000."), Some("took power"));
        assert_eq!(kind("The minister visited Baghdad."), Some("visited"));
        assert_eq!(kind("A fallow field in 2014."), None, "no partial words");
        assert_eq!(kind("Nothing happened."), None);
    }

    #[test]
    fn a_statement_is_the_sentence_around_its_date_with_its_entities() {
        let text = "Background.\nThis meeting comes after the shift in Damascus in December \
                    2014, which brought an end to the rule of the Assad family. Russia \
                    intervened in 2015.\n";
        let doc = document("seed.txt", text);
        let mentions = Recognizer::shared().recognize(text);
        let found = of_document(&doc, &mentions);
        let december = found
            .iter()
            .find(|s| s.date_text.contains("December 2014"))
            .expect("the December 2014 statement");
        assert!(
            december.sentence.starts_with("This meeting comes"),
            "{}",
            december.sentence
        );
        assert!(
            december.sentence.ends_with("Assad family."),
            "{}",
            december.sentence
        );
        assert_eq!(december.value.as_deref(), Some("2014-12"));
        assert_eq!(december.granularity, Some(Granularity::Month));
        assert_eq!(december.event, Some("fall"));
        assert!(
            december
                .entities
                .iter()
                .any(|e| e.key == "Damascus" && e.kind == EntityKind::Loc),
            "{:?}",
            december.entities
        );
        let y2015 = found.iter().find(|s| s.date_text == "2015").expect("2015");
        assert_eq!(y2015.sentence, "Russia intervened in 2015.");
        assert!(y2015.entities.iter().all(|e| e.key != "Damascus"));
    }

    #[test]
    fn a_slashed_date_says_how_it_was_read_or_what_it_may_be() {
        use crate::entities::{EntityDictionary, SlashOrder};
        let text = "The convoy left on 10/06/2014. It came back on 25/12/2014.";
        let doc = document("a.txt", text);
        let mut rules = EntityDictionary::default();
        let found = of_document(&doc, &Recognizer::shared().recognize_document(&doc, &rules));
        let june = &found[0];
        assert_eq!(june.value.as_deref(), Some("2014-06-10"));
        assert_eq!(june.reading, None);
        assert_eq!(
            june.order.as_deref(),
            Some("read day first: the document writes 25/12/2014")
        );
        assert_eq!(
            june.readings,
            Some(["10 June 2014".to_owned(), "6 October 2014".to_owned()])
        );
        assert_eq!(found[1].order, None, "25/12/2014 shows its own order");
        assert_eq!(found[1].readings, None);

        let alone = document("b.txt", "The convoy left on 10/06/2014.");
        let found = of_document(
            &alone,
            &Recognizer::shared().recognize_document(&alone, &rules),
        );
        assert_eq!(found[0].value, None);
        assert_eq!(
            found[0].reading.as_deref(),
            Some("10 June or 6 October 2014 (day and month order unknown)")
        );
        rules.set_slash_order(Some("b.txt"), Some(SlashOrder::MonthFirst));
        let found = of_document(
            &alone,
            &Recognizer::shared().recognize_document(&alone, &rules),
        );
        assert_eq!(found[0].value.as_deref(), Some("2014-10-06"));
        assert_eq!(found[0].reading, None);
        assert_eq!(
            found[0].order.as_deref(),
            Some("read month first: your rule for this document")
        );
    }

    #[test]
    fn the_reading_note_says_how_a_date_was_read_or_nothing_when_as_written() {
        let text = "The convoy left on 10/06/2014. It came back on 25/12/2014. \
                    Talks opened on 8 December 2024.";
        let doc = document("a.txt", text);
        let rules = crate::entities::EntityDictionary::default();
        let found = of_document(&doc, &Recognizer::shared().recognize_document(&doc, &rules));
        let note = |date: &str| {
            found
                .iter()
                .find(|s| s.date_text == date)
                .unwrap_or_else(|| panic!("{date}"))
                .reading_note()
        };
        assert_eq!(
            note("10/06/2014").as_deref(),
            Some("read day first: the document writes 25/12/2014")
        );
        assert_eq!(note("25/12/2014"), None, "its own order shows");
        assert_eq!(note("8 December 2024"), None);
        let alone = document("b.txt", "The convoy left on 10/06/2014.");
        let found = of_document(
            &alone,
            &Recognizer::shared().recognize_document(&alone, &rules),
        );
        assert_eq!(
            found[0].reading_note().as_deref(),
            Some("10 June or 6 October 2014 (day and month order unknown)")
        );
        let mut copied = found[0].clone();
        copied.reading = None;
        copied.from_file_date = true;
        assert!(
            copied
                .reading_note()
                .is_some_and(|n| n.starts_with("resolved against the file's date only")),
        );
    }
}

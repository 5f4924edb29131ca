//! Relative and yearless dates read from the dates the text writes around them (issue 20),
//! through the whole pipeline as `dossier timeline --conflicts` runs it: "two days later"
//! after "5 December 2024" is 7 December whatever the article's date, and it is compared
//! with the other sources at that date, right or wrong.

use std::sync::atomic::AtomicBool;

use dossier::analysis::dated::Timeline;
use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, Recognizer, recognize_corpus};

/// The timeline of a folder holding `docs` (name, text).
fn timeline(docs: &[(&str, &str)]) -> Timeline {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in docs {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("corpus");
    let index = recognize_corpus(
        Recognizer::shared(),
        &corpus,
        &EntityDictionary::default(),
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("recognised");
    Timeline::build(&index, &corpus)
}

/// A markdown document dated `date` by its front matter.
fn dated(date: &str, body: &str) -> String {
    format!("---\ntitle: t\ndate: {date}\n---\n{body}\n")
}

#[test]
fn an_offset_after_a_written_date_is_no_false_conflict() {
    let a = dated(
        "2024-12-20",
        "Rebels captured Hama on 5 December 2024. Two days later, Homs fell.",
    );
    let b = dated("2024-12-20", "Homs fell on 7 December 2024.");
    let t = timeline(&[("a.md", &a), ("b.md", &b)]);
    assert!(t.conflicts.is_empty(), "{:?}", t.conflicts);
    let later = t
        .statements
        .iter()
        .find(|s| s.date_text == "Two days later")
        .expect("the statement");
    assert_eq!(later.value.as_deref(), Some("2024-12-07"));
    assert_eq!(
        later.anchored.as_deref(),
        Some("two days after 5 December 2024, named in the sentence before")
    );
}

#[test]
fn an_offset_after_a_written_date_still_meets_a_source_that_disagrees() {
    let a = dated(
        "2024-12-20",
        "Rebels captured Hama on 5 December 2024. Two days later, Homs fell.",
    );
    let b = dated("2024-12-20", "Homs fell on 9 December 2024.");
    let t = timeline(&[("a.md", &a), ("b.md", &b)]);
    let keys: Vec<&str> = t.conflicts.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["fall|LOC:Homs"]);
}

#[test]
fn an_offset_with_nothing_to_count_from_stays_off_the_calendar() {
    // The document's date plus two days would be a guess: no statement to compare.
    let a = dated("2024-12-20", "Homs fell two days later.");
    let b = dated("2024-12-20", "Homs fell on 7 December 2024.");
    let t = timeline(&[("a.md", &a), ("b.md", &b)]);
    assert!(t.conflicts.is_empty(), "{:?}", t.conflicts);
    let later = t
        .statements
        .iter()
        .find(|s| s.date_text == "two days later")
        .expect("the statement");
    assert_eq!((later.value.as_deref(), later.is_dated()), (None, false));
    assert!(
        later
            .anchored
            .as_deref()
            .is_some_and(|n| n.ends_with("left undated")),
        "{:?}",
        later.anchored
    );
}

#[test]
fn a_yearless_date_takes_the_year_the_sentence_gives() {
    // Audit 4, conf/n5: "Oct. 17" read in 2024 clashed with "October 2017".
    let a = dated(
        "2024-12-08",
        "Raqqa fell to the Syrian Democratic Forces in October 2017.",
    );
    let b = dated(
        "2024-12-08",
        "In 2017, the long campaign ended when Raqqa fell on Oct. 17 after four months of \
         street fighting.",
    );
    let t = timeline(&[("a.md", &a), ("b.md", &b)]);
    assert!(t.conflicts.is_empty(), "{:?}", t.conflicts);
    let oct = t
        .statements
        .iter()
        .find(|s| s.date_text == "Oct. 17")
        .expect("the statement");
    assert_eq!(oct.value.as_deref(), Some("2017-10-17"));
    assert_eq!(
        oct.anchored.as_deref(),
        Some("in the year of 2017, named earlier in the same sentence")
    );
}

#[test]
fn a_three_year_offset_from_2003_is_2006_and_a_chain_counts_on() {
    let a = dated(
        "2024-12-20",
        "The strike hit Mosul on 3 March 2017. The following day, rescuers found 40 \
         bodies. Two days later, the city mourned.",
    );
    let c = dated(
        "2024-12-20",
        "Saddam Hussein was captured on 13 December 2003. He was executed three years later.",
    );
    let t = timeline(&[("a.md", &a), ("c.md", &c)]);
    let value = |text: &str| {
        t.statements
            .iter()
            .find(|s| s.date_text == text)
            .and_then(|s| s.value.clone())
    };
    assert_eq!(value("The following day").as_deref(), Some("2017-03-04"));
    assert_eq!(value("Two days later").as_deref(), Some("2017-03-06"));
    assert_eq!(value("three years later").as_deref(), Some("2006"));
}

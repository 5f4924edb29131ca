//! Relative and yearless dates read from the dates the text writes around them, not from
//! the document's date. A journalist writes "Rebels captured Hama on 5 December 2024. Two
//! days later, Homs fell." in an article of 20 December: "two days later" is 7 December,
//! counted from the date before it, not 22 December, counted from the article's.
//!
//! - Anaphoric offsets ("two days later", "three years later", "the following day", "the
//!   next week", "the previous day", "two days earlier") count from the most recent date
//!   of the text before them, in the same sentence or the two before it, in the same
//!   paragraph. When that date names no day (or month, or year) the offset needs, or no
//!   date is there, the offset is left undated: the document's date plus the offset would
//!   be a guess. Deictic ones ("two days ago", "yesterday", "next month") keep counting
//!   from the document's date (`date_value`).
//! - Yearless dates ("Sept. 5", "Oct. 17", "December") take the year written just after
//!   them ("December 2 and 3, 2023", "Oct. 7 last year"), else the year of the most recent
//!   date with a year in that window ("In 2017, ... Raqqa fell on Oct. 17"); else they keep
//!   the document's year as before.
//!
//! Every date read so says how, in words a reader can check ([`Detail::Anchored`]): "two
//! days after 5 December 2024, named in the sentence before".

use jiff::civil::Date;
use unicode_segmentation::UnicodeSegmentation;

use super::date_value::{display, relative_to};
use super::model::{DateBasis, DateValue, Detail, EntityKind, Granularity};
use super::pipeline::{Cand, Pass};
use crate::text::calendar;

/// How many sentences before its own an anchor may be: a reader holds a date that long.
const SENTENCES_BACK: usize = 2;

/// Bytes between an anchor and the date read from it, at most (a sentence without ends,
/// a table, is no narrative).
const MAX_GAP: usize = 800;

/// Bytes between a yearless date and the year written just after it ("December 2 and 3,
/// 2023"), at most.
const MAX_YEAR_GAP: usize = 16;

/// What an offset counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
    Decade,
}

impl Unit {
    fn of(word: &str) -> Option<Self> {
        Some(match word.trim_end_matches('s') {
            "day" | "morning" | "afternoon" | "evening" | "night" => Self::Day,
            "week" => Self::Week,
            "month" => Self::Month,
            "year" => Self::Year,
            "decade" => Self::Decade,
            _ => return None,
        })
    }

    /// How precise the date counted from must be: 0 a day, 1 a month, 2 a year.
    fn needs(self) -> u8 {
        match self {
            Self::Day | Self::Week => 0,
            Self::Month => 1,
            Self::Year | Self::Decade => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Year => "year",
            Self::Decade => "decade",
        }
    }
}

/// An anaphoric offset: `count` units after (`later`) or before the date counted from;
/// `count` is `None` when unsaid ("a few days later").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Offset {
    count: Option<i64>,
    unit: Unit,
    later: bool,
}

const NUMBER_WORDS: [&str; 13] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve",
];

fn count_of(word: &str) -> Option<i64> {
    match word {
        "a" | "an" => Some(1),
        _ => NUMBER_WORDS
            .iter()
            .position(|w| *w == word)
            .map(|n| n as i64)
            .or_else(|| word.parse().ok()),
    }
}

fn lower_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The offset a date's words count from another date of the text ("two days later", "the
/// following day"), `None` for any other date (deictic ones included: "two days ago",
/// "next week", "later this month").
fn anaphoric(words: &[String]) -> Option<Offset> {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    if w.iter()
        .any(|x| matches!(*x, "ago" | "this" | "last" | "past" | "coming" | "recent"))
    {
        return None;
    }
    match w.as_slice() {
        // "two days later", "a year earlier", "a few days later".
        [.., unit, dir @ ("later" | "earlier")] => {
            let unit = Unit::of(unit)?;
            let count = match &w[..w.len() - 2] {
                [n] => count_of(n),
                _ => None,
            };
            Some(Offset {
                count,
                unit,
                later: *dir == "later",
            })
        }
        // "the following day", "the next week", "the previous day".
        [first @ .., rel, unit]
            if matches!(first, ["the"] | [])
                && matches!(*rel, "following" | "previous" | "preceding")
                || (first == ["the"] && *rel == "next") =>
        {
            // "the following days" is a stretch, not a date.
            if unit.ends_with('s') {
                return None;
            }
            Some(Offset {
                count: Some(1),
                unit: Unit::of(unit)?,
                later: matches!(*rel, "following" | "next"),
            })
        }
        _ => None,
    }
}

/// True for a day or a month written without its year: "Sept. 5", "December 2", "the 4th
/// of December", "Monday, Dec. 2", "October".
fn yearless(words: &[String]) -> bool {
    let is_day = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        matches!(suffix, "" | "st" | "nd" | "rd" | "th")
            && digits.len() <= 2
            && digits.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
    };
    words.iter().any(|w| calendar::month_number(w).is_some())
        && words.iter().all(|w| {
            calendar::month_number(w).is_some()
                || calendar::weekday_number(w).is_some()
                || is_day(w)
                || matches!(w.as_str(), "the" | "of" | "and" | "on")
        })
}

/// A date of the pass, by its index in `pass.cands`, with its value.
fn value_at<'p>(pass: &'p Pass<'_>, i: usize) -> Option<&'p DateValue> {
    match pass.cands.get(i)?.detail.as_deref()? {
        Detail::Date(d) | Detail::Anchored(d, _) => Some(d),
        _ => None,
    }
}

fn is_anchored(pass: &Pass, i: usize) -> bool {
    matches!(
        pass.cands.get(i).and_then(|c| c.detail.as_deref()),
        Some(Detail::Anchored(..))
    )
}

/// How many sentences before `to` the date `from` is (0: the same), `None` when it is
/// further than [`SENTENCES_BACK`], in another paragraph or too far.
fn sentences_between(text: &str, from: &Cand, to: &Cand) -> Option<usize> {
    let gap = text.get(from.end..to.start)?;
    if gap.len() > MAX_GAP || blank_line(gap) {
        return None;
    }
    // The boundaries between the two ("2024. Two days later" holds one), each date
    // standing as one word: the full stop of an abbreviation inside one ("ended Sept. 5")
    // ends no sentence.
    let first_word: String = text
        .get(to.start..to.end)?
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let probe = format!("0{gap}{first_word}");
    let back = probe.split_sentence_bounds().count().saturating_sub(1);
    (back <= SENTENCES_BACK).then_some(back)
}

/// A line with nothing on it: the end of a paragraph.
fn blank_line(gap: &str) -> bool {
    let mut lines = gap.split('\n');
    lines.next();
    let mut it = lines.peekable();
    while let Some(line) = it.next() {
        // A line between two breaks, empty or spaces only.
        if it.peek().is_some() && line.trim().is_empty() {
            return true;
        }
    }
    false
}

/// "named earlier in the same sentence", "named in the sentence before".
fn where_named(back: usize) -> &'static str {
    match back {
        0 => "named earlier in the same sentence",
        1 => "named in the sentence before",
        _ => "named two sentences before",
    }
}

/// A date of the text as a note names it: as written when it holds its year ("5 December
/// 2024"), else with its value ("“the following day” (4 March 2017)").
fn as_named(written: &str, value: &DateValue) -> String {
    let written = written.trim();
    let has_year = written
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4);
    match display(value) {
        Some(shown) if !has_year => format!("“{written}” ({shown})"),
        _ => written.to_owned(),
    }
}

/// A value's first day and how precise it is (0 a day, 1 a month, 2 a year or a part of
/// one: a season, a quarter, a week), `None` for a range, a decade or no year.
fn reference(value: &str) -> Option<(Date, u8)> {
    if value.contains('/') {
        return None;
    }
    let day = value.split('T').next().unwrap_or(value);
    if let Ok(d) = day.parse::<Date>() {
        return Some((d, 0));
    }
    let year: i16 = value.get(..4)?.parse().ok()?;
    match value.get(4..) {
        Some("") => Some((Date::new(year, 1, 1).ok()?, 2)),
        Some(rest) => {
            let rest = rest.strip_prefix('-')?;
            if let Ok(m) = rest.parse::<i8>() {
                return Some((Date::new(year, m, 1).ok()?, 1));
            }
            Some((Date::new(year, 1, 1).ok()?, 2))
        }
        None => None,
    }
}

/// "two days after", "the day before", "three years after".
fn offset_words(offset: &Offset, count: i64) -> String {
    let unit = offset.unit.name();
    let side = if offset.later { "after" } else { "before" };
    match count {
        1 => format!("the {unit} {side}"),
        n => {
            let n_words = usize::try_from(n)
                .ok()
                .and_then(|i| NUMBER_WORDS.get(i))
                .map_or_else(|| n.to_string(), |w| (*w).to_owned());
            format!("{n_words} {unit}s {side}")
        }
    }
}

/// The value and basis of a date read from `anchor` (its basis passed on: a date counted
/// from "on Monday" rests on the document's date as "Monday" does).
fn from_anchor(value: Option<String>, granularity: Granularity, anchor: &DateValue) -> DateValue {
    let (basis, date) = match anchor.basis {
        DateBasis::DocumentDate | DateBasis::FileDate => (anchor.basis, anchor.anchor),
        _ => (DateBasis::InText, None),
    };
    DateValue {
        value,
        granularity,
        basis,
        anchor: date,
        order: None,
    }
}

/// Reads an anaphoric offset from the most recent date before it.
fn read_offset(pass: &Pass, before: &[usize], at: &Cand, offset: Offset) -> (DateValue, String) {
    let undated = |note: String| {
        let granularity = match offset.unit {
            Unit::Day => Granularity::Day,
            Unit::Week => Granularity::Week,
            Unit::Month => Granularity::Month,
            Unit::Year => Granularity::Year,
            Unit::Decade => Granularity::Decade,
        };
        let value = DateValue {
            value: None,
            granularity,
            basis: DateBasis::InText,
            anchor: None,
            order: None,
        };
        (value, note)
    };
    for &j in before.iter().rev() {
        let (Some(c), Some(d)) = (pass.cands.get(j), value_at(pass, j)) else {
            continue;
        };
        let Some(back) = sentences_between(pass.text, c, at) else {
            break;
        };
        // Lengths and times of day are no points to count from.
        if matches!(d.granularity, Granularity::Duration | Granularity::Time) {
            continue;
        }
        let written = pass.text.get(c.start..c.end).unwrap_or("");
        let named = as_named(written, d);
        let Some((day, precision)) = d.value.as_deref().and_then(reference) else {
            return undated(format!(
                "counted from {named}, which has no date to count from: left undated"
            ));
        };
        if precision > offset.unit.needs() {
            return undated(format!(
                "counted from {named}, which names no {}: left undated",
                offset.unit.name()
            ));
        }
        let Some(count) = offset.count else {
            return undated(format!(
                "an unsaid number of {}s from {named}: left undated",
                offset.unit.name()
            ));
        };
        let text = pass.text.get(at.start..at.end).unwrap_or("");
        let (value, granularity) = relative_to(text, day);
        let note = format!(
            "{} {named}, {}",
            offset_words(&offset, count),
            where_named(back)
        );
        return (from_anchor(value, granularity, d), note);
    }
    undated(
        "counted from a date the text does not give before it (in this sentence or the two \
         before): left undated"
            .to_owned(),
    )
}

/// `value` (a day, days or a month, "2024-09-05", "2024-12-02/2024-12-03", "XXXX-10")
/// in `year`; `None` when no such day ("29 February" of 2023).
fn in_year(value: &str, year: i16) -> Option<String> {
    let parts: Option<Vec<String>> = value
        .split('/')
        .map(|part| {
            let rest = part.get(4..)?;
            let moved = format!("{year:04}{rest}");
            let ok = match rest.len() {
                6 => moved.parse::<Date>().is_ok(),
                3 => true,
                _ => false,
            };
            ok.then_some(moved)
        })
        .collect();
    Some(parts?.join("/"))
}

/// The year a value names alone ("2023" for "2023" and for "last year").
fn plain_year(d: &DateValue) -> Option<i16> {
    let v = d.value.as_deref()?;
    (v.len() == 4).then(|| v.parse().ok()).flatten()
}

/// Reads a yearless date's year from the text: the year written just after it, else the
/// most recent date with a year before it. `None`: it keeps the document's year.
fn read_year(pass: &Pass, dates: &[usize], n: usize, at: &Cand) -> Option<(DateValue, String)> {
    let own = value_at(pass, *dates.get(n)?)?;
    let value = own.value.as_deref()?;
    // "December 2 and 3, 2023", "Oct. 7 last year".
    if let Some(&j) = dates.get(n + 1)
        && let (Some(next), Some(d)) = (pass.cands.get(j), value_at(pass, j))
        && let Some(year) = plain_year(d)
        && let Some(gap) = pass.text.get(at.end..next.start)
        && gap.len() <= MAX_YEAR_GAP
        && lower_words(gap)
            .iter()
            .all(|w| w == "and" || w.parse::<u8>().is_ok_and(|x| (1..=31).contains(&x)))
    {
        let written = pass.text.get(next.start..next.end).unwrap_or("");
        let note = format!(
            "in the year of {}, written just after it",
            as_named(written, d)
        );
        let value = in_year(value, year)?;
        return Some((from_anchor(Some(value), own.granularity, d), note));
    }
    for &j in dates[..n].iter().rev() {
        let (Some(c), Some(d)) = (pass.cands.get(j), value_at(pass, j)) else {
            continue;
        };
        let back = sentences_between(pass.text, c, at)?;
        let written = pass.text.get(c.start..c.end).unwrap_or("");
        // Another yearless date that kept the document's year names no year of the text.
        if !is_anchored(pass, j) && yearless(&lower_words(written)) {
            continue;
        }
        let Some(v) = d.value.as_deref() else {
            continue;
        };
        if matches!(d.granularity, Granularity::Duration | Granularity::Time) {
            continue;
        }
        let years: Vec<&str> = v.split('/').filter_map(|p| p.get(..4)).collect();
        let Some(year) = years.first().and_then(|y| y.parse::<i16>().ok()) else {
            continue;
        };
        if years.iter().any(|y| *y != years[0]) {
            // A stretch over years ("2011-2024") says no one year.
            return None;
        }
        // A year alone in an earlier sentence is as often background ("The war began in
        // 2011. On Dec. 5, rebels took Hama.") as the time of the story: only a year of
        // the same sentence is taken, a day or a month of the window.
        let names_month = v.len() >= 7 && v.as_bytes().get(5).is_some_and(u8::is_ascii_digit);
        if back > 0 && !names_month {
            return None;
        }
        let note = format!(
            "in the year of {}, {}",
            as_named(written, d),
            where_named(back)
        );
        let value = in_year(value, year)?;
        return Some((from_anchor(Some(value), own.granularity, d), note));
    }
    None
}

/// The word before a weekday alone that makes it any such day ("executed on a Saturday",
/// "every Friday"), not the last one before the document's date.
fn any_weekday<'t>(text: &'t str, at: &Cand, words: &[String]) -> Option<&'t str> {
    let [day] = words else {
        return None;
    };
    calendar::weekday_number(day)?;
    let before = text.get(..at.start)?.trim_end();
    let word = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .filter(|w| !w.is_empty())?;
    ["a", "an", "every", "each", "any"]
        .iter()
        .any(|a| word.eq_ignore_ascii_case(a))
        .then_some(word)
}

/// Reads the relative and yearless dates of `pass` from the dates its text writes around
/// them (after `date_value::annotate` gave every date its value).
pub fn anchor(pass: &mut Pass) {
    let mut dates: Vec<usize> = (0..pass.cands.len())
        .filter(|&i| {
            pass.cands
                .get(i)
                .is_some_and(|c| !c.dead && c.kind == EntityKind::Date)
                && value_at(pass, i).is_some()
        })
        .collect();
    dates.sort_by_key(|&i| pass.cands.get(i).map_or(0, |c| c.start));
    for n in 0..dates.len() {
        let i = dates[n];
        let Some(at) = pass.cands.get(i).cloned() else {
            continue;
        };
        let Some(own) = value_at(pass, i) else {
            continue;
        };
        let text = pass.text.get(at.start..at.end).unwrap_or("");
        let words = lower_words(text);
        let read = if let Some(article) = any_weekday(pass.text, &at, &words) {
            let value = DateValue {
                value: None,
                granularity: Granularity::Day,
                basis: DateBasis::InText,
                anchor: None,
                order: None,
            };
            let note = format!(
                "“{article} {}” names no particular day: left undated",
                text.trim()
            );
            Some((value, note))
        } else if let Some(offset) = anaphoric(&words) {
            Some(read_offset(pass, &dates[..n], &at, offset))
        } else if yearless(&words)
            && own.order.is_none()
            && matches!(own.granularity, Granularity::Day | Granularity::Month)
        {
            read_year(pass, &dates, n, &at)
        } else {
            None
        };
        let Some((value, note)) = read else {
            continue;
        };
        let key = display(&value).unwrap_or_else(|| text.trim().to_owned());
        if let Some(c) = pass.cands.get_mut(i) {
            c.key = key;
            c.detail = Some(Box::new(Detail::Anchored(value, note)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{DateContext, EntityDictionary, Mention, Recognizer};

    /// The dates of `text` in a document dated `doc` (ISO): (as written, value, note).
    fn dates(text: &str, doc: &str) -> Vec<(String, Option<String>, Option<String>)> {
        let context = DateContext::of(Some(doc), None);
        let mentions = Recognizer::shared().recognize_dated(
            text,
            &EntityDictionary::default(),
            context.as_ref(),
        );
        let chars: Vec<char> = text.chars().collect();
        mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Date)
            .map(|m: &Mention| {
                (
                    chars[m.start..m.end].iter().collect(),
                    m.date().and_then(|d| d.value.clone()),
                    m.anchor_note().map(str::to_owned),
                )
            })
            .collect()
    }

    fn value_of(text: &str, doc: &str, written: &str) -> Option<String> {
        dates(text, doc)
            .into_iter()
            .find(|(w, _, _)| w == written)
            .unwrap_or_else(|| panic!("no date {written:?} in {text:?}"))
            .1
    }

    #[test]
    fn an_offset_counts_from_the_date_before_it_not_the_documents() {
        let text = "Rebels captured Hama on 5 December 2024. Two days later, Homs fell.";
        let found = dates(text, "2024-12-20");
        let later = found
            .iter()
            .find(|d| d.0 == "Two days later")
            .expect("found");
        assert_eq!(later.1.as_deref(), Some("2024-12-07"));
        assert_eq!(
            later.2.as_deref(),
            Some("two days after 5 December 2024, named in the sentence before")
        );
        let c = "Saddam Hussein was captured on 13 December 2003. He was executed three \
                 years later.";
        assert_eq!(
            value_of(c, "2024-12-20", "three years later").as_deref(),
            Some("2006")
        );
        let d = "The strike hit Mosul on 3 March 2017. The following day, rescuers came.";
        assert_eq!(
            value_of(d, "2024-12-08", "The following day").as_deref(),
            Some("2017-03-04")
        );
        let e = "Talks began on 10 May 2019 and had collapsed two days earlier in Doha.";
        assert_eq!(
            value_of(e, "2024-12-08", "two days earlier").as_deref(),
            Some("2019-05-08")
        );
    }

    #[test]
    fn an_offset_with_no_date_to_count_from_is_left_undated() {
        // A year names no day; no date at all; a date in another paragraph.
        for (text, written) in [
            (
                "The ceasefire of 2016 collapsed the next day.",
                "the next day",
            ),
            ("Homs fell two days later.", "two days later"),
            (
                "Hama fell on 5 December 2024.\n\nHoms fell two days later.",
                "two days later",
            ),
            (
                "Hama fell on 5 December 2024. Aid came. Talks failed. Homs fell two days later.",
                "two days later",
            ),
        ] {
            let found = dates(text, "2024-12-20");
            let d = found.iter().find(|d| d.0 == written).expect("found");
            assert_eq!(d.1, None, "{text}");
            assert!(
                d.2.as_deref().is_some_and(|n| n.contains("left undated")),
                "{text}: {:?}",
                d.2
            );
        }
    }

    #[test]
    fn deictic_dates_still_count_from_the_documents_date() {
        let text = "Hama fell on 5 December 2024. The crisis peaked two days ago.";
        let found = dates(text, "2024-12-20");
        let ago = found.iter().find(|d| d.0 == "two days ago").expect("found");
        assert_eq!(
            (ago.1.as_deref(), ago.2.as_deref()),
            (Some("2024-12-18"), None)
        );
        assert_eq!(
            value_of(
                "Hama fell on 5 December 2024. Talks resume next month.",
                "2024-12-20",
                "next month"
            )
            .as_deref(),
            Some("2025-01")
        );
    }

    #[test]
    fn a_yearless_date_takes_the_year_written_near_it() {
        let a = "The talks opened on Sept. 3, 2023 and ended Sept. 5.";
        let found = dates(a, "2024-12-08");
        let sept5 = found.iter().find(|d| d.0 == "Sept. 5").expect("found");
        assert_eq!(sept5.1.as_deref(), Some("2023-09-05"));
        assert_eq!(
            sept5.2.as_deref(),
            Some("in the year of Sept. 3, 2023, named earlier in the same sentence")
        );
        let b = "In 2017, the long campaign ended when Raqqa fell on Oct. 17 after four months.";
        assert_eq!(
            value_of(b, "2024-12-08", "Oct. 17").as_deref(),
            Some("2017-10-17")
        );
        let c = "Talks were held on Oct. 7 last year.";
        let found = dates(c, "2024-12-08");
        let oct = found.iter().find(|d| d.0 == "Oct. 7").expect("found");
        assert_eq!(oct.1.as_deref(), Some("2023-10-07"));
        assert_eq!(
            oct.2.as_deref(),
            Some("in the year of “last year” (2023), written just after it")
        );
        // Nothing near it, or a year of an earlier sentence only: the document's year, as
        // before, with no note.
        for d in [
            "Fighting resumed on Sept. 5.",
            "The war began in 2011. Fighting resumed on Sept. 5.",
        ] {
            let found = dates(d, "2024-12-08");
            let sept = found.iter().find(|x| x.0 == "Sept. 5").expect("found");
            assert_eq!(
                (sept.1.as_deref(), sept.2.as_deref()),
                (Some("2024-09-05"), None)
            );
        }
        let e = "The talks opened on 3 September 2023 in Doha. They ended on Sept. 5.";
        assert_eq!(
            value_of(e, "2024-12-08", "Sept. 5").as_deref(),
            Some("2023-09-05")
        );
    }

    #[test]
    fn a_weekday_after_a_or_every_is_no_particular_day() {
        let text = "He was executed three years later, on a Saturday. Markets close every \
                    Friday. They met on Saturday.";
        let found = dates(text, "2024-12-20");
        let values: Vec<(&str, Option<&str>)> = found
            .iter()
            .map(|(w, v, _)| (w.as_str(), v.as_deref()))
            .collect();
        assert_eq!(
            values,
            [
                ("three years later", None),
                ("Saturday", None),
                ("Friday", None),
                ("Saturday", Some("2024-12-14"))
            ]
        );
        assert_eq!(
            found[1].2.as_deref(),
            Some("“a Saturday” names no particular day: left undated")
        );
    }

    #[test]
    fn words_are_classified_as_anaphoric_or_not() {
        let w = |s: &str| anaphoric(&lower_words(s));
        assert!(w("two days later").is_some());
        assert!(w("the following day").is_some());
        assert!(w("The next day").is_some());
        assert!(w("the previous week").is_some());
        assert_eq!(w("a few days later").map(|o| o.count), Some(None));
        for deictic in [
            "two days ago",
            "next week",
            "last year",
            "later this month",
            "the following days",
            "yesterday",
            "this year",
        ] {
            assert_eq!(w(deictic), None, "{deictic}");
        }
        assert!(yearless(&lower_words("Sept. 5")));
        assert!(yearless(&lower_words("Monday, Dec. 2")));
        assert!(!yearless(&lower_words("Sept. 5, 2023")));
        assert!(!yearless(&lower_words("last December")));
        assert!(!yearless(&lower_words("Monday")));
    }

    #[test]
    fn a_value_moves_to_another_year_only_where_that_day_exists() {
        assert_eq!(in_year("2024-09-05", 2023).as_deref(), Some("2023-09-05"));
        assert_eq!(
            in_year("2024-12-02/2024-12-03", 2023).as_deref(),
            Some("2023-12-02/2023-12-03")
        );
        assert_eq!(in_year("XXXX-10", 2017).as_deref(), Some("2017-10"));
        assert_eq!(in_year("2024-02-29", 2023), None);
    }
}

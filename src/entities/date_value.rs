//! A date mention's value: ISO 8601 as TimeML (TIMEX3) writes it, with its granularity,
//! resolved against the document's date when the text is relative ("yesterday", "last
//! week", "on Monday"). See `docs/entities.md` for the conventions.
//!
//! - written in full: "8 December 2024" -> `2024-12-08`, "December 2014" -> `2014-12`,
//!   "2015" -> `2015`, "the 1990s" -> `199X` (a decade), "the summer of 2017" -> `2017-SU`,
//!   "11-13 Dec. 2016" -> `2016-12-11/2016-12-13` (a range);
//! - without a year: the document's year when there is a document date, else `XXXX`
//!   ("8 December" -> `XXXX-12-08`);
//! - relative to the document's date: "yesterday" -> the day before, "last week" -> the
//!   ISO week before (`2024-W48`), "this year", "two weeks ago", "last December"; a weekday
//!   alone ("on Monday") is the last such day up to the document's date, or the next one
//!   after it when the words before it speak of the future ("will meet on Monday") or use
//!   a verb in the present with no past ("the convoy leaves on Tuesday", "we leave on
//!   Thursday", "see you Thursday");
//! - an email's date with its time, "Tue, 3 Dec 2024 10:00:00 +0000" (RFC 5322), is the
//!   day with its time as written, `2024-12-03T10:00` (its zone left out, as the text
//!   shows the time), a day for the timeline and the entity index;
//! - lengths of time are durations (`P2W`, `PT24H`), times of day times (`T10:00`):
//!   neither is a calendar date to list;
//! - relative dates without a document date stay unresolved (no value), never guessed.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};

use super::model::{
    DateBasis, DateValue, Detail, EntityKind, Granularity, OrderReading, SlashOrder,
};
use super::pipeline::Pass;
use super::words::{WordSet, lower_in};
use crate::text::calendar;
use std::sync::LazyLock;

/// Words before a weekday that put it in the future ("will meet on Monday").
static FUTURE_CUES: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "will",
        "shall",
        "ll",
        "going",
        "due",
        "scheduled",
        "expected",
        "plans",
        "planned",
        "planning",
        "upcoming",
        "until",
        "next",
    ])
});

/// Verbs of the past that do not end in "-ed" ("left on Tuesday").
static PAST_CUES: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "was", "were", "had", "did", "left", "met", "went", "came", "took", "said", "told",
        "arrived", "fell", "began", "held", "ago", "last", "saw", "got", "gave", "made", "heard",
        "found", "knew", "thought", "spoke", "wrote", "sent", "spent", "brought", "bought",
        "caught", "ran", "won", "lost", "paid", "sat", "stood", "flew", "drove", "ate", "slept",
        "kept", "felt", "built", "became", "broke", "fought", "led", "meant", "sold", "shot",
        "taught", "threw", "woke", "wore", "could", "would", "been", "done", "gone", "seen",
    ])
});

/// Words after a plural noun that are no verb ("the talks on Tuesday", "the forces and").
const NOT_VERBS: [&str; 22] = [
    "on", "in", "at", "by", "for", "of", "to", "with", "from", "and", "or", "but", "the", "near",
    "into", "over", "after", "before", "during", "that", "which", "who",
];

/// Subjects after which a verb in the present is not in the third person ("We leave on
/// Thursday", "They arrive on Friday").
const PERSONAL_SUBJECTS: [&str; 4] = ["i", "we", "you", "they"];

/// Determiners before a plural noun ("the talks on Tuesday" is no verb in the present).
const DETERMINERS: [&str; 8] = ["the", "a", "an", "its", "their", "his", "her", "these"];

/// True when the words before the date at token `first` speak of the future: a future
/// cue ("will meet on Monday"), or a verb in the present with no past before it, which in
/// a dated message means the coming day ("the convoy leaves Aleppo on Tuesday").
fn speaks_of_the_future(pass: &Pass, first: usize) -> bool {
    let before = first.saturating_sub(6)..first;
    if before.clone().any(|i| lower_in(pass.word(i), &FUTURE_CUES)) {
        return true;
    }
    let past = before.clone().any(|i| {
        let w = pass.word(i);
        lower_in(w, &PAST_CUES) || (w.len() > 3 && w.to_ascii_lowercase().ends_with("ed"))
    });
    if past {
        return false;
    }
    before.clone().any(|i| {
        let w = pass.word(i);
        let lower = w.to_ascii_lowercase();
        let third_person = lower.len() > 3
            && lower.ends_with('s')
            && !lower.ends_with("ss")
            && !lower.ends_with("us")
            && !lower.ends_with("is")
            && w.starts_with(|c: char| c.is_ascii_lowercase());
        let after_subject = i > before.start
            && !DETERMINERS
                .iter()
                .any(|d| pass.word(i - 1).eq_ignore_ascii_case(d))
            && pass.word(i - 1).starts_with(char::is_alphabetic);
        // "We leave", "they arrive": any verb after a personal subject, the past being
        // ruled out above; "see you Thursday" says the coming one too.
        let after_personal = i > before.start
            && PERSONAL_SUBJECTS
                .iter()
                .any(|s| pass.word(i - 1).eq_ignore_ascii_case(s))
            && w.starts_with(|c: char| c.is_ascii_lowercase())
            && w.len() > 1;
        let see_you = lower == "see" && pass.word(i + 1).eq_ignore_ascii_case("you");
        // "The convoys leave": a bare verb after a plural noun its determiner introduces.
        let after_plural = i >= before.start + 2
            && w.len() > 2
            && w.starts_with(|c: char| c.is_ascii_lowercase())
            && !lower.ends_with('s')
            && !NOT_VERBS.contains(&lower.as_str())
            && {
                let noun = pass.word(i - 1).to_ascii_lowercase();
                noun.len() > 3
                    && noun.ends_with('s')
                    && !noun.ends_with("ss")
                    && DETERMINERS
                        .iter()
                        .any(|d| pass.word(i - 2).eq_ignore_ascii_case(d))
            };
        (third_person && after_subject)
            || after_personal
            || after_plural
            || see_you
            || matches!(lower.as_str(), "is" | "are" | "am")
    })
}

/// Gives every date of `pass` its value, and a resolved date its value as key ("8
/// December 2024" for "yesterday" in a document of 9 December 2024), so that the entity
/// index lists dates by value.
///
/// A slashed date whose parts do not show their order ("10/06/2014") is read, in this
/// order of precedence, by the user's rule for the document, by the order the document's
/// other slashed dates show ("25/12/2014"), when they agree, by the user's rule for the
/// project; else it has no value.
pub fn annotate(pass: &mut Pass, context: Option<&DateContext>, rules: SlashRules) {
    let mut shown = pass
        .cands
        .iter()
        .filter(|c| !c.dead && c.kind == EntityKind::Date)
        .filter_map(|c| {
            let text = pass.text.get(c.start..c.end)?;
            Numeric::shows_order(text).map(|o| (o, text))
        });
    let first = shown.next();
    let evidence = first.filter(|(o, _)| shown.all(|(x, _)| x == *o));
    let reading = match (rules.document, evidence) {
        (Some(order), _) => Some(OrderReading::DocumentRule(order)),
        (None, Some((order, example))) => Some(OrderReading::Shown {
            order,
            example: example.trim().to_owned(),
        }),
        (None, None) => rules.project.map(OrderReading::ProjectRule),
    };
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Date {
            continue;
        }
        let first = cand.tokens().start;
        let future = speaks_of_the_future(pass, first);
        let text = pass.text.get(cand.start..cand.end).unwrap_or("");
        let (value, key) = match numeric(text) {
            Some(n) => {
                let value = numeric_value(n, reading.as_ref());
                let key = display(&value).or_else(|| ambiguous_key(n));
                (value, key)
            }
            None => {
                let value = value_of(text, context, future);
                let key = display(&value);
                (value, key)
            }
        };
        if let Some(cand) = pass.cands.get_mut(c) {
            if let Some(key) = key {
                cand.key = key;
            }
            cand.detail = Some(Box::new(Detail::Date(value)));
        }
    }
}

/// What a text's relative dates are resolved against: the document's own date, or the
/// file's modification date when that is all there is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateContext {
    /// The date relative dates count from.
    pub date: Date,
    /// [`DateBasis::DocumentDate`] or [`DateBasis::FileDate`].
    pub basis: DateBasis,
}

impl DateContext {
    /// The date a document gives itself (front matter, HTML or PDF metadata: "2016-05-01",
    /// "2016-05-01T10:00:00Z", "1 May 2016", "May 1, 2016"), else its file's date.
    pub fn of(meta_date: Option<&str>, file_date: Option<Date>) -> Option<Self> {
        if let Some(date) = meta_date.and_then(parse_date) {
            return Some(Self {
                date,
                basis: DateBasis::DocumentDate,
            });
        }
        file_date.map(|date| Self {
            date,
            basis: DateBasis::FileDate,
        })
    }

    /// The context of a document: [`DateContext::of`] its metadata date and file date.
    pub fn of_document(doc: &crate::corpus::Document) -> Option<Self> {
        Self::of(doc.meta.date.as_deref(), doc.file_modified)
    }

    /// Could `mentions`, found with some context, have been found with this one (`None`:
    /// no date known)? Only their dates tell: those resolved against another date, or
    /// left unresolved where this context could resolve them, could not.
    pub fn agrees_with(context: Option<&Self>, mentions: &[super::Mention]) -> bool {
        mentions
            .iter()
            .filter_map(super::Mention::date)
            .all(|d| match (d.basis, context) {
                (DateBasis::DocumentDate | DateBasis::FileDate, Some(c)) => {
                    d.basis == c.basis && d.anchor == Some(c.date)
                }
                (DateBasis::DocumentDate | DateBasis::FileDate, None) => false,
                (DateBasis::Unresolved, Some(_)) => false,
                // Written dates take the document's year when they lack one: they are
                // stored as resolved then, so a written value never depends on the context.
                // A date read from another written date of the text does not either.
                (DateBasis::Written | DateBasis::Unresolved | DateBasis::InText, _) => true,
            })
    }
}

/// A full date written in a metadata field.
fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Some(head) = s.get(..10)
        && let Ok(d) = head.parse::<Date>()
    {
        return Some(d);
    }
    let v = value_of(s, None, false);
    let value = v.value?;
    (v.granularity == Granularity::Day)
        .then(|| value.parse::<Date>().ok())
        .flatten()
}

/// A date written in numbers: "2014-06-10", "2014-06-10T14:30:00Z", "2015/03/12",
/// "12.03.2015" (day first), "10/06/2014" (day or month first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Numeric {
    /// A day whose order the writing shows, with its time of day when it has one.
    Day(Date, Option<(i8, i8)>),
    /// "a/b/year", both parts 12 or less and different: 10 June or 6 October.
    Slashed { first: i8, second: i8, year: i16 },
    /// A numeric form no reading of which is a day ("31/02/2015", "13/14/2015").
    NoDay,
}

/// The user's orders for the slashed dates of a text whose parts do not show it: the
/// document's and the project's ([`crate::entities::EntityDictionary::slash_order`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlashRules {
    /// The rule for this document, before any evidence.
    pub document: Option<SlashOrder>,
    /// The rule for the project, after the document's evidence.
    pub project: Option<SlashOrder>,
}

impl SlashRules {
    /// The rules `dict` holds for the document at `path` (`None`: the project's only).
    pub fn of(dict: &crate::entities::EntityDictionary, path: Option<&str>) -> Self {
        Self {
            document: path.and_then(|p| dict.slash_order(Some(p))),
            project: dict.slash_order(None),
        }
    }
}

impl Numeric {
    /// Some reading of it is a day of the calendar.
    pub fn is_a_day(&self) -> bool {
        !matches!(self, Self::NoDay)
    }

    /// The order its own parts show ("25/12/2014": day first), if any.
    fn shows_order(text: &str) -> Option<SlashOrder> {
        let (date, _) = split_time(text);
        let mut it = date.split('/');
        let (a, b, y) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || a.len() > 2 || y.len() != 4 {
            return None;
        }
        let (a, b): (i8, i8) = (a.parse().ok()?, b.parse().ok()?);
        match (a > 12, b > 12) {
            (true, false) => Some(SlashOrder::DayFirst),
            (false, true) => Some(SlashOrder::MonthFirst),
            _ => None,
        }
    }

    /// The day when `order` (the document's) settles a slashed date.
    fn day(&self, order: Option<SlashOrder>) -> Option<(Date, Option<(i8, i8)>)> {
        match (*self, order) {
            (Self::Day(d, t), _) => Some((d, t)),
            (
                Self::Slashed {
                    first,
                    second,
                    year,
                },
                Some(SlashOrder::DayFirst),
            ) => Date::new(year, second, first).ok().map(|d| (d, None)),
            (
                Self::Slashed {
                    first,
                    second,
                    year,
                },
                Some(SlashOrder::MonthFirst),
            ) => Date::new(year, first, second).ok().map(|d| (d, None)),
            _ => None,
        }
    }
}

/// "2014-06-10T14:30" -> ("2014-06-10", Some("14:30")); the time after a T or a space.
fn split_time(text: &str) -> (&str, Option<&str>) {
    let text = text.trim();
    match text.find(['T', ' ']) {
        Some(i) => (&text[..i], text.get(i + 1..)),
        None => (text, None),
    }
}

/// Reads a date written in numbers; `None` for any other text.
pub fn numeric(text: &str) -> Option<Numeric> {
    let (date, time) = split_time(text);
    let sep = date.chars().find(|c| matches!(c, '-' | '.' | '/'))?;
    let parts: Vec<&str> = date.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let time = match time {
        Some(t) => {
            let h: i8 = t.get(..2)?.parse().ok()?;
            let m: i8 = t.get(3..5)?.parse().ok()?;
            (t.get(2..3) == Some(":") && (0..24).contains(&h) && (0..60).contains(&m))
                .then_some((h, m))
        }
        None => None,
    };
    let n = |p: &str| p.parse::<i16>().ok();
    let day = |y: i16, m: i16, d: i16| {
        let (Ok(m), Ok(d)) = (i8::try_from(m), i8::try_from(d)) else {
            return Numeric::NoDay;
        };
        Date::new(y, m, d).map_or(Numeric::NoDay, |date| Numeric::Day(date, time))
    };
    Some(match (sep, a.len(), c.len()) {
        ('-' | '/', 4, _) => day(n(a)?, n(b)?, n(c)?),
        ('.', _, 4) if a.len() <= 2 => day(n(c)?, n(b)?, n(a)?),
        ('/', _, 4) if a.len() <= 2 && b.len() <= 2 => {
            let (x, y, year) = (n(a)?, n(b)?, n(c)?);
            match (day(year, y, x), day(year, x, y)) {
                (Numeric::NoDay, other) | (other, Numeric::NoDay) => other,
                (same, _) if x == y => same,
                _ => Numeric::Slashed {
                    first: i8::try_from(x).ok()?,
                    second: i8::try_from(y).ok()?,
                    year,
                },
            }
        }
        _ => return None,
    })
}

/// The value of a numeric date: a day, with its time as written (its zone left out, as
/// for an email's date); a slashed date nothing orders has none. `reading` is kept on a
/// slashed date it gave a value to.
fn numeric_value(n: Numeric, reading: Option<&OrderReading>) -> DateValue {
    let value = n
        .day(reading.map(OrderReading::order))
        .map(|(d, t)| match t {
            Some((h, m)) => format!("{d}T{h:02}:{m:02}"),
            None => d.to_string(),
        });
    let order = match n {
        Numeric::Slashed { .. } if value.is_some() => reading.cloned(),
        _ => None,
    };
    DateValue {
        value,
        granularity: Granularity::Day,
        basis: DateBasis::Written,
        anchor: None,
        order,
    }
}

/// The two readings of a slashed date whose parts do not show their order, as people
/// write them: `["10 June 2014", "6 October 2014"]` (day first, month first) for
/// "10/06/2014"; `None` for any other text.
pub fn slash_readings(text: &str) -> Option<[String; 2]> {
    let n @ Numeric::Slashed { .. } = numeric(text)? else {
        return None;
    };
    let read = |order| {
        n.day(Some(order))
            .map(|(d, _)| format!("{} {} {}", d.day(), month_name(d.month()), d.year()))
    };
    Some([read(SlashOrder::DayFirst)?, read(SlashOrder::MonthFirst)?])
}

/// "10 June or 6 October 2014 (day and month order unknown)": what an entity list shows
/// for a slashed date its document cannot order, so that no reader prints one of them.
fn ambiguous_key(n: Numeric) -> Option<String> {
    let Numeric::Slashed {
        first,
        second,
        year,
    } = n
    else {
        return None;
    };
    Some(format!(
        "{first} {} or {second} {} {year} (day and month order unknown)",
        month_name(second),
        month_name(first)
    ))
}

/// The words of a date mention, classified.
#[derive(Default, Debug)]
struct Parts {
    weekday: Option<Weekday>,
    month: Option<i8>,
    days: Vec<i8>,
    year: Option<i16>,
    decade: Option<i16>,
    season: Option<&'static str>,
    relation: Option<Relation>,
    unit: Option<Unit>,
    count: Option<i64>,
    /// -1 for "ago"/"earlier", +1 for "later".
    direction: Option<i8>,
    deictic: Option<i8>,
    tonight: bool,
    part_of_day: Option<&'static str>,
    time: Option<(i8, i8)>,
    holiday: Option<(i8, i8)>,
    thanksgiving: bool,
    moving_holiday: bool,
    /// "the past", "the coming": a stretch of time up to or from now.
    stretch: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Relation {
    Last,
    This,
    Next,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

const NUMBERS: [(&str, i64); 21] = [
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fifteen", 15),
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("hundred", 100),
];

fn month_of(w: &str) -> Option<i8> {
    calendar::month_number(w).map(|m| m as i8)
}

fn unit_of(w: &str) -> Option<Unit> {
    Some(match w.trim_end_matches('s') {
        "second" => Unit::Second,
        "minute" => Unit::Minute,
        "hour" => Unit::Hour,
        "day" | "morning" | "afternoon" | "evening" | "night" => Unit::Day,
        "week" => Unit::Week,
        "weekend" => Unit::Weekend,
        "month" => Unit::Month,
        "quarter" => Unit::Quarter,
        "year" => Unit::Year,
        "decade" => Unit::Decade,
        "century" | "centurie" => Unit::Century,
        _ => return None,
    })
}

/// Splits a date mention into classified words.
fn parts(text: &str) -> Parts {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    // Dashes join ranges ("11-13"); a full stop before a digit ends a word ("Dec.14th").
    let mut spaced = String::with_capacity(lower.len());
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{2013}' | '\u{2014}' => spaced.push(' '),
            '.' if chars.peek().is_some_and(char::is_ascii_digit) => spaced.push_str(". "),
            _ => spaced.push(c),
        }
    }
    // An email date's zone ("+0000", "-0500") is no number of the date.
    let lower = match spaced.trim_end().rsplit_once(char::is_whitespace) {
        Some((head, zone))
            if zone.len() == 5
                && zone.starts_with(['+', '-'])
                && zone[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            head.to_owned()
        }
        _ => spaced,
    };
    let mut p = Parts::default();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let mut i = 0;
    while let Some(&w) = words.get(i) {
        let next = words.get(i + 1).copied().unwrap_or("");
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if let Some(d) =
            calendar::weekday_number(w).and_then(|d| Weekday::from_monday_one_offset(d as i8).ok())
        {
            p.weekday = Some(d);
        } else if let Some(m) = month_of(w) {
            p.month = Some(m);
        } else if w.len() == 5 && w.ends_with('s') && w[..4].bytes().all(|b| b.is_ascii_digit()) {
            p.decade = w[..3].parse().ok();
        } else if let Some(t) = time_of(w, next) {
            p.time = Some(t);
            if matches!(next, "a.m." | "p.m." | "am" | "pm") {
                i += 1;
            }
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let n: i64 = digits.parse().unwrap_or(0);
            let is_unit_next = unit_of(next).is_some();
            if digits.len() == 4 && (1600..2100).contains(&n) && !is_unit_next {
                p.year = Some(n as i16);
            } else if (1..=31).contains(&n) && !is_unit_next && digits.len() <= 2 {
                p.days.push(n as i8);
            } else {
                p.count = Some(n);
            }
        } else if let Some(&(_, n)) = NUMBERS.iter().find(|(name, _)| *name == w) {
            p.count = Some(n);
        } else if let Some(u) = unit_of(w) {
            if let Some(part) = ["morning", "afternoon", "evening", "night"]
                .iter()
                .find(|x| **x == w)
            {
                p.part_of_day = Some(part);
            }
            p.unit = Some(u);
        } else {
            match w {
                "last" | "previous" | "past" | "recent" => {
                    p.relation = Some(Relation::Last);
                    p.stretch |= w == "past" || w == "recent";
                }
                "this" | "current" => p.relation = Some(Relation::This),
                "next" | "coming" | "following" => {
                    p.relation = Some(Relation::Next);
                    p.stretch |= w == "coming";
                }
                "ago" | "earlier" => p.direction = Some(-1),
                "later" => p.direction = Some(1),
                "today" => p.deictic = Some(0),
                "yesterday" => p.deictic = Some(-1),
                "tomorrow" => p.deictic = Some(1),
                "tonight" => p.tonight = true,
                "summer" => p.season = Some("SU"),
                "winter" => p.season = Some("WI"),
                "spring" => p.season = Some("SP"),
                "autumn" | "fall" => p.season = Some("FA"),
                "christmas" => {
                    p.holiday = Some(if next == "eve" { (12, 24) } else { (12, 25) });
                }
                "new" if next == "year's" || next == "year" => {
                    let eve = words.get(i + 2) == Some(&"eve");
                    p.holiday = Some(if eve { (12, 31) } else { (1, 1) });
                    i += 1;
                }
                "thanksgiving" => p.thanksgiving = true,
                "ramadan" | "eid" | "easter" | "nowruz" => p.moving_holiday = true,
                _ => {}
            }
        }
        i += 1;
    }
    p
}

/// "10", "a.m." -> 10:00; "14:30" -> 14:30; "9pm" -> 21:00.
fn time_of(w: &str, next: &str) -> Option<(i8, i8)> {
    let (num, suffix) = match w.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => (&w[..i], &w[i..]),
        None => (w, ""),
    };
    let meridian = [suffix, next]
        .into_iter()
        .find(|s| matches!(*s, "a.m." | "p.m." | "am" | "pm"));
    let (h, m) = match num.split_once(':') {
        // "10:00:00": the seconds are left out of the value.
        Some((h, m)) => (
            h.parse::<i8>().ok()?,
            m.split(':').next()?.parse::<i8>().ok()?,
        ),
        None if meridian.is_some() => (num.parse::<i8>().ok()?, 0),
        None => return None,
    };
    let h = match meridian {
        Some(s) if s.starts_with('p') && h < 12 => h + 12,
        Some(s) if s.starts_with('a') && h == 12 => 0,
        _ => h,
    };
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some((h, m))
}

/// The value of a date mention `text`, resolved against `context` where relative.
/// `future` says the words before it speak of the future (for a weekday alone).
pub fn value_of(text: &str, context: Option<&DateContext>, future: bool) -> DateValue {
    if let Some(n) = numeric(text) {
        return numeric_value(n, None);
    }
    let p = parts(text);
    let written = |value: String, granularity| DateValue {
        value: Some(value),
        granularity,
        basis: DateBasis::Written,
        anchor: None,
        order: None,
    };
    let unresolved = |granularity| DateValue {
        value: None,
        granularity,
        basis: DateBasis::Unresolved,
        anchor: None,
        order: None,
    };
    let resolved = |value: Option<String>, granularity| match (value, context) {
        (Some(value), Some(c)) => DateValue {
            value: Some(value),
            granularity,
            basis: c.basis,
            anchor: Some(c.date),
            order: None,
        },
        _ => unresolved(granularity),
    };
    let reference = context.map(|c| c.date);
    // A day with its time ("Tue, 3 Dec 2024 10:00:00 +0000"): the day, then the time.
    if let (Some((h, m)), Some(month), Some(year), [day]) =
        (p.time, p.month, p.year, p.days.as_slice())
    {
        return match Date::new(year, month, *day) {
            Ok(d) => written(format!("{d}T{h:02}:{m:02}"), Granularity::Day),
            Err(_) => DateValue {
                value: None,
                granularity: Granularity::Day,
                basis: DateBasis::Written,
                anchor: None,
                order: None,
            },
        };
    }
    if let Some((h, m)) = p.time {
        return written(format!("T{h:02}:{m:02}"), Granularity::Time);
    }
    if let Some(offset) = p.deictic {
        let day = reference.and_then(|d| d.checked_add(i64::from(offset).days()).ok());
        return resolved(day.map(|d| d.to_string()), Granularity::Day);
    }
    if p.tonight || (p.part_of_day.is_some() && p.relation == Some(Relation::This)) {
        let part = if p.tonight {
            "NI"
        } else {
            match p.part_of_day {
                Some("morning") => "MO",
                Some("afternoon") => "AF",
                Some("evening") => "EV",
                _ => "NI",
            }
        };
        return resolved(reference.map(|d| format!("{d}T{part}")), Granularity::Time);
    }
    if let Some(decade) = p.decade {
        return written(format!("{decade:03}X"), Granularity::Decade);
    }
    if let Some(month) = p.month
        && !p.days.is_empty()
    {
        return day_value(&p, month, context);
    }
    if let Some(month) = p.month
        && p.relation.is_none()
    {
        return match (p.year, reference) {
            (Some(y), _) => written(format!("{y:04}-{month:02}"), Granularity::Month),
            (None, Some(d)) => resolved(
                Some(format!("{:04}-{month:02}", d.year())),
                Granularity::Month,
            ),
            (None, None) => written(format!("XXXX-{month:02}"), Granularity::Month),
        };
    }
    if let (Some(season), Some(year)) = (p.season, p.year) {
        return written(format!("{year:04}-{season}"), Granularity::Season);
    }
    if let Some(year) = p.year {
        return written(format!("{year:04}"), Granularity::Year);
    }
    if let Some((m, d)) = p.holiday {
        return match reference {
            Some(r) => resolved(
                Some(format!("{:04}-{m:02}-{d:02}", r.year())),
                Granularity::Day,
            ),
            None => written(format!("XXXX-{m:02}-{d:02}"), Granularity::Day),
        };
    }
    if p.thanksgiving {
        let day = reference.and_then(|r| {
            Date::new(r.year(), 11, 1)
                .ok()?
                .nth_weekday_of_month(4, Weekday::Thursday)
                .ok()
        });
        return resolved(day.map(|d| d.to_string()), Granularity::Day);
    }
    if p.moving_holiday {
        // Written in full, but its day moves from year to year (Ramadan, Easter): no value,
        // whatever the document's date.
        return DateValue {
            value: None,
            granularity: Granularity::Day,
            basis: DateBasis::Written,
            anchor: None,
            order: None,
        };
    }
    // Lengths of time: "two weeks", "the past 24 hours", "the coming days".
    let duration = p.unit.is_some()
        && p.direction.is_none()
        && p.weekday.is_none()
        && p.part_of_day.is_none()
        && (p.relation.is_none() || p.stretch || p.count.is_some());
    if duration && let Some(unit) = p.unit {
        return written(duration_value(p.count, unit), Granularity::Duration);
    }

    // Relative to the document's date from here on.
    let Some(r) = reference else {
        let granularity = match (p.weekday, p.month, p.unit) {
            (Some(_), _, _) => Granularity::Day,
            (_, Some(_), _) => Granularity::Month,
            (_, _, Some(u)) => granularity_of(u),
            _ => Granularity::Day,
        };
        return unresolved(granularity);
    };
    let (value, granularity) = relative(&p, r, future);
    resolved(value, granularity)
}

/// A day or a range of days of `month`: "8 December 2024", "11-13 Dec.".
fn day_value(p: &Parts, month: i8, context: Option<&DateContext>) -> DateValue {
    let (year, basis, anchor) = match (p.year, context) {
        (Some(y), _) => (Some(y), DateBasis::Written, None),
        (None, Some(c)) => (Some(c.date.year()), c.basis, Some(c.date)),
        (None, None) => (None, DateBasis::Written, None),
    };
    let day = |d: i8| match year {
        Some(y) => Date::new(y, month, d).ok().map(|x| x.to_string()),
        None => (1..=31)
            .contains(&d)
            .then(|| format!("XXXX-{month:02}-{d:02}")),
    };
    let value = match p.days.as_slice() {
        [d] => day(*d),
        [a, b, ..] => day(*a).zip(day(*b)).map(|(a, b)| format!("{a}/{b}")),
        [] => None,
    };
    match value {
        Some(value) => DateValue {
            value: Some(value),
            granularity: Granularity::Day,
            basis,
            anchor,
            order: None,
        },
        // No such day ("31 February"): no value, whatever the document's date.
        None => DateValue {
            value: None,
            granularity: Granularity::Day,
            basis: DateBasis::Written,
            anchor: None,
            order: None,
        },
    }
}

fn granularity_of(unit: Unit) -> Granularity {
    match unit {
        Unit::Second | Unit::Minute | Unit::Hour => Granularity::Time,
        Unit::Day => Granularity::Day,
        Unit::Week | Unit::Weekend => Granularity::Week,
        Unit::Month => Granularity::Month,
        Unit::Quarter => Granularity::Quarter,
        Unit::Year => Granularity::Year,
        Unit::Decade => Granularity::Decade,
        Unit::Century => Granularity::Century,
    }
}

/// "P2W", "PT24H", "PXD" (days, how many unsaid).
fn duration_value(count: Option<i64>, unit: Unit) -> String {
    let n = count.map_or_else(|| "X".to_owned(), |n| n.to_string());
    match unit {
        Unit::Second => format!("PT{n}S"),
        Unit::Minute => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week | Unit::Weekend => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Quarter => format!("P{n}Q"),
        Unit::Year => format!("P{n}Y"),
        Unit::Decade => format!("P{n}DE"),
        Unit::Century => format!("P{n}CE"),
    }
}

/// The value of the relative date `text` ("two days later", "the following week") counted
/// from the day `r`, with its granularity: what [`super::date_anchor`] reads against a
/// date the text writes.
pub(super) fn relative_to(text: &str, r: Date) -> (Option<String>, Granularity) {
    relative(&parts(text), r, false)
}

/// The value of a date relative to the reference day `r`.
fn relative(p: &Parts, r: Date, future: bool) -> (Option<String>, Granularity) {
    let shift = match (p.relation, p.direction) {
        (Some(Relation::Last), _) => -1,
        (Some(Relation::Next), _) => 1,
        (Some(Relation::This), _) => 0,
        (None, Some(d)) => i64::from(d) * p.count.unwrap_or(1),
        (None, None) => 0,
    };
    if let Some(weekday) = p.weekday {
        let day = match p.relation {
            Some(Relation::Last) => r.nth_weekday(-1, weekday).ok(),
            Some(Relation::Next) => r.nth_weekday(1, weekday).ok(),
            Some(Relation::This) => week_start(r).and_then(|m| {
                m.checked_add(i64::from(weekday.to_monday_zero_offset()).days())
                    .ok()
            }),
            None if future => r.nth_weekday(1, weekday).ok(),
            None => r
                .tomorrow()
                .ok()
                .and_then(|t| t.nth_weekday(-1, weekday).ok()),
        };
        return (day.map(|d| d.to_string()), Granularity::Day);
    }
    if let Some(month) = p.month {
        // "last December": the latest December before this month; "next June" the first
        // after it.
        let year = match p.relation {
            Some(Relation::Last) if month >= r.month() => r.year() - 1,
            Some(Relation::Next) if month <= r.month() => r.year() + 1,
            _ => r.year(),
        };
        return (Some(format!("{year:04}-{month:02}")), Granularity::Month);
    }
    if let Some(season) = p.season {
        let year = i64::from(r.year()) + shift;
        return (Some(format!("{year:04}-{season}")), Granularity::Season);
    }
    let Some(unit) = p.unit else {
        return (None, Granularity::Day);
    };
    let value = match unit {
        Unit::Second | Unit::Minute | Unit::Hour => None,
        Unit::Day => r.checked_add(shift.days()).ok().map(|d| d.to_string()),
        Unit::Week | Unit::Weekend => r.checked_add((7 * shift).days()).ok().map(|d| {
            let w = d.iso_week_date();
            let weekend = if unit == Unit::Weekend { "-WE" } else { "" };
            format!("{:04}-W{:02}{weekend}", w.year(), w.week())
        }),
        Unit::Month => r
            .checked_add(shift.months())
            .ok()
            .map(|d| format!("{:04}-{:02}", d.year(), d.month())),
        Unit::Quarter => r
            .checked_add((3 * shift).months())
            .ok()
            .map(|d| format!("{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1)),
        Unit::Year => Some(format!("{:04}", i64::from(r.year()) + shift)),
        Unit::Decade => Some(format!("{:03}X", (i64::from(r.year()) / 10) + shift)),
        Unit::Century => Some(format!("{:02}XX", (i64::from(r.year()) / 100) + shift)),
    };
    (value, granularity_of(unit))
}

/// The Monday of `d`'s week.
fn week_start(d: Date) -> Option<Date> {
    d.checked_sub(i64::from(d.weekday().to_monday_zero_offset()).days())
        .ok()
}

/// A value as people write it, for lists: "8 December 2024", "December 2014", "2010s",
/// "8-10 December 2024", "week of 2 December 2024", "summer 2017". `None` for what is not
/// a calendar value.
pub fn display(value: &DateValue) -> Option<String> {
    if !value.is_calendar() {
        return None;
    }
    let v = value.value.as_deref()?;
    if let Some((a, b)) = v.split_once('/') {
        let (da, db) = (a.parse::<Date>().ok(), b.parse::<Date>().ok());
        return Some(match (da, db) {
            (Some(x), Some(y)) if x.year() == y.year() && x.month() == y.month() => {
                format!(
                    "{}\u{2013}{} {} {}",
                    x.day(),
                    y.day(),
                    month_name(x.month()),
                    x.year()
                )
            }
            _ => format!("{} \u{2013} {}", show(a), show(b)),
        });
    }
    Some(show(v))
}

fn month_name(m: i8) -> String {
    let name = calendar::MONTHS.get((m - 1).max(0) as usize).copied();
    name.unwrap_or("").to_owned()
}

/// One ISO/TimeML value as words; a day with its time as the day ("2024-12-03T10:00" is
/// "3 December 2024"), so that the entity index lists an email's date with the same day
/// written in prose.
fn show(v: &str) -> String {
    let v = match v.split_once('T') {
        Some((day, _)) if day.parse::<Date>().is_ok() => day,
        _ => v,
    };
    if let Ok(d) = v.parse::<Date>() {
        return format!("{} {} {}", d.day(), month_name(d.month()), d.year());
    }
    let parts: Vec<&str> = v.split('-').collect();
    match parts.as_slice() {
        ["XXXX", m, d] => format!(
            "{} {}",
            d.trim_start_matches('0'),
            month_name(m.parse().unwrap_or(0))
        ),
        ["XXXX", m] => month_name(m.parse().unwrap_or(0)),
        [y, w] if w.starts_with('W') => format!("week {} of {y}", w.trim_start_matches(['W', '0'])),
        [y, w, "WE"] if w.starts_with('W') => {
            format!(
                "weekend of week {} of {y}",
                w.trim_start_matches(['W', '0'])
            )
        }
        [y, q] if q.starts_with('Q') => format!("{q} {y}"),
        [y, s] if matches!(*s, "SU" | "WI" | "SP" | "FA") => {
            let season = match *s {
                "SU" => "summer",
                "WI" => "winter",
                "SP" => "spring",
                _ => "autumn",
            };
            format!("{season} {y}")
        }
        [y, m] => format!("{} {y}", month_name(m.parse().unwrap_or(0))),
        [y] if y.ends_with("XX") => format!("{}00s", y.trim_end_matches('X')),
        [y] if y.ends_with('X') => format!("{}0s", y.trim_end_matches('X')),
        _ => v.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Mention;

    fn doc(y: i16, m: i8, d: i8) -> DateContext {
        DateContext {
            date: Date::new(y, m, d).expect("valid"),
            basis: DateBasis::DocumentDate,
        }
    }

    fn value(text: &str, context: Option<DateContext>) -> Option<String> {
        value_of(text, context.as_ref(), false).value
    }

    #[test]
    fn an_email_date_is_its_day_with_its_time() {
        let cases = [
            ("Tue, 3 Dec 2024 10:00:00 +0000", "2024-12-03T10:00"),
            ("Wed, 04 Dec 2024 09:05 -0500", "2024-12-04T09:05"),
            ("3 Dec 2024 23:59:60 GMT", "2024-12-03T23:59"),
            ("Monday, 2 December 2024 08:00", "2024-12-02T08:00"),
        ];
        for (text, expected) in cases {
            // Written in full: the document's date changes nothing.
            for context in [None, Some(doc(2020, 1, 1))] {
                let v = value_of(text, context.as_ref(), false);
                assert_eq!(v.value.as_deref(), Some(expected), "{text}");
                assert_eq!(v.granularity, Granularity::Day, "{text}");
                assert_eq!(v.basis, DateBasis::Written, "{text}");
                assert!(v.is_calendar(), "{text}");
            }
        }
        let v = value_of("Tue, 3 Dec 2024 10:00:00 +0000", None, false);
        assert_eq!(display(&v).as_deref(), Some("3 December 2024"));
        assert_eq!(
            crate::analysis::interval::interval("2024-12-03T10:00").map(|i| i.start),
            Date::new(2024, 12, 3).ok()
        );
        // No such day: no value rather than a wrong one.
        assert_eq!(value("31 Feb 2024 10:00", None), None);
    }

    #[test]
    fn dates_written_in_full_need_no_document_date() {
        assert_eq!(
            value("8 December 2024", None).as_deref(),
            Some("2024-12-08")
        );
        assert_eq!(
            value("December 25, 2011", None).as_deref(),
            Some("2011-12-25")
        );
        assert_eq!(
            value("Monday, Dec. 26, 2016", None).as_deref(),
            Some("2016-12-26")
        );
        assert_eq!(value("December 2014", None).as_deref(), Some("2014-12"));
        assert_eq!(value("2015", None).as_deref(), Some("2015"));
        assert_eq!(value("early 2015", None).as_deref(), Some("2015"));
        assert_eq!(value("the 1990s", None).as_deref(), Some("199X"));
        assert_eq!(
            value("the summer of 2017", None).as_deref(),
            Some("2017-SU")
        );
        assert_eq!(
            value("5-6 April 2016", None).as_deref(),
            Some("2016-04-05/2016-04-06")
        );
        let v = value_of("8 December 2024", None, false);
        assert_eq!(
            (v.granularity, v.basis),
            (Granularity::Day, DateBasis::Written)
        );
    }

    #[test]
    fn relative_dates_are_resolved_against_the_document_date() {
        // Sunday 8 December 2024.
        let d = Some(doc(2024, 12, 8));
        assert_eq!(value("yesterday", d).as_deref(), Some("2024-12-07"));
        assert_eq!(value("today", d).as_deref(), Some("2024-12-08"));
        assert_eq!(value("tomorrow", d).as_deref(), Some("2024-12-09"));
        assert_eq!(value("last week", d).as_deref(), Some("2024-W48"));
        assert_eq!(value("this year", d).as_deref(), Some("2024"));
        assert_eq!(value("last year", d).as_deref(), Some("2023"));
        assert_eq!(value("next month", d).as_deref(), Some("2025-01"));
        assert_eq!(value("two weeks ago", d).as_deref(), Some("2024-W47"));
        assert_eq!(value("last December", d).as_deref(), Some("2023-12"));
        assert_eq!(value("Monday", d).as_deref(), Some("2024-12-02"));
        assert_eq!(value("Sunday", d).as_deref(), Some("2024-12-08"));
        assert_eq!(
            value_of("Monday", d.as_ref(), true).value.as_deref(),
            Some("2024-12-09")
        );
        assert_eq!(
            value("11-13 Dec.", d).as_deref(),
            Some("2024-12-11/2024-12-13")
        );
        let v = value_of("yesterday", d.as_ref(), false);
        assert_eq!(v.basis, DateBasis::DocumentDate);
        let file = DateContext {
            basis: DateBasis::FileDate,
            ..doc(2024, 12, 8)
        };
        assert_eq!(
            value_of("today", Some(&file), false).basis,
            DateBasis::FileDate
        );
    }

    #[test]
    fn without_a_document_date_relative_dates_stay_unresolved() {
        for text in [
            "yesterday",
            "last week",
            "this year",
            "on Monday",
            "two weeks ago",
        ] {
            let v = value_of(text, None, false);
            assert_eq!((v.value, v.basis), (None, DateBasis::Unresolved), "{text}");
        }
        assert_eq!(value("8 December", None).as_deref(), Some("XXXX-12-08"));
    }

    #[test]
    fn lengths_and_times_are_no_calendar_dates() {
        let d = Some(doc(2024, 12, 8));
        let two_weeks = value_of("two weeks", d.as_ref(), false);
        assert_eq!(two_weeks.value.as_deref(), Some("P2W"));
        assert!(!two_weeks.is_calendar());
        assert_eq!(value("the past 24 hours", d).as_deref(), Some("PT24H"));
        // Seconds are seconds (they were minutes: "a second" was PT1M).
        assert_eq!(value("45 seconds", d).as_deref(), Some("PT45S"));
        assert_eq!(value("a minute", d).as_deref(), Some("PT1M"));
        assert_eq!(value("10 a.m.", d).as_deref(), Some("T10:00"));
        assert_eq!(value("9pm", d).as_deref(), Some("T21:00"));
        assert!(!value_of("10 a.m.", None, false).is_calendar());
    }

    #[test]
    fn values_display_as_people_write_them() {
        let show = |text: &str, context: Option<DateContext>| {
            display(&value_of(text, context.as_ref(), false))
        };
        assert_eq!(
            show("December 8, 2024", None).as_deref(),
            Some("8 December 2024")
        );
        assert_eq!(
            show("yesterday", Some(doc(2024, 12, 9))).as_deref(),
            Some("8 December 2024")
        );
        assert_eq!(show("Dec. 2014", None).as_deref(), Some("December 2014"));
        assert_eq!(show("the 2010s", None).as_deref(), Some("2010s"));
        assert_eq!(
            show("5-6 April 2016", None).as_deref(),
            Some("5\u{2013}6 April 2016")
        );
        assert_eq!(
            show("the summer of 2017", None).as_deref(),
            Some("summer 2017")
        );
        assert_eq!(show("yesterday", None), None);
        assert_eq!(show("two weeks", None), None);
    }

    #[test]
    fn a_slashed_date_is_ordered_by_the_documents_rule_its_evidence_the_projects_rule() {
        use crate::entities::{EntityDictionary, Recognizer};
        let read = |path: &str, text: &str, dict: &EntityDictionary| {
            let doc = crate::corpus::Document::from_plain_text(path, text);
            let mentions = Recognizer::shared().recognize_document(&doc, dict);
            let m = mentions
                .iter()
                .find(|m| doc.text.slice(m.start..m.end) == Some("10/06/2014"))
                .expect("the date")
                .clone();
            let d = m.date().expect("a date").clone();
            (d.value, d.order, m.key)
        };
        let alone = "Seen on 10/06/2014.";
        let shown = "Seen on 10/06/2014, again on 25/12/2014.";
        let mixed = "Seen on 10/06/2014, on 25/12/2014 and on 12/25/2014.";
        let mut dict = EntityDictionary::default();
        // Nothing settles it: no value, and a key that says so.
        let (value, order, key) = read("a.txt", alone, &dict);
        assert_eq!((value, order), (None, None));
        assert_eq!(
            key,
            "10 June or 6 October 2014 (day and month order unknown)"
        );
        assert_eq!(
            slash_readings("10/06/2014"),
            Some(["10 June 2014".to_owned(), "6 October 2014".to_owned()])
        );
        assert_eq!(slash_readings("25/12/2014"), None);
        // The document's own evidence.
        let (value, order, _) = read("a.txt", shown, &dict);
        assert_eq!(value.as_deref(), Some("2014-06-10"));
        assert_eq!(
            order,
            Some(OrderReading::Shown {
                order: SlashOrder::DayFirst,
                example: "25/12/2014".into()
            })
        );
        // The project's rule: after the evidence, and where the evidence disagrees.
        dict.set_slash_order(None, Some(SlashOrder::MonthFirst));
        let (value, order, key) = read("a.txt", alone, &dict);
        assert_eq!(value.as_deref(), Some("2014-10-06"));
        assert_eq!(
            order,
            Some(OrderReading::ProjectRule(SlashOrder::MonthFirst))
        );
        assert_eq!(key, "6 October 2014");
        assert_eq!(read("a.txt", shown, &dict).0.as_deref(), Some("2014-06-10"));
        assert_eq!(read("a.txt", mixed, &dict).0.as_deref(), Some("2014-10-06"));
        // The document's rule: before everything, for that document only.
        dict.set_slash_order(Some("a.txt"), Some(SlashOrder::MonthFirst));
        let (value, order, _) = read("a.txt", shown, &dict);
        assert_eq!(value.as_deref(), Some("2014-10-06"));
        assert_eq!(
            order,
            Some(OrderReading::DocumentRule(SlashOrder::MonthFirst))
        );
        assert_eq!(read("b.txt", shown, &dict).0.as_deref(), Some("2014-06-10"));
        // Without a path (recognize_with), only the project's rule.
        let mentions = Recognizer::shared().recognize_with(shown, &dict);
        let first = mentions.iter().find_map(Mention::date).expect("a date");
        assert_eq!(first.value.as_deref(), Some("2014-06-10"));
    }

    #[test]
    fn metadata_dates_are_read_in_the_usual_forms() {
        let d = Date::new(2016, 5, 1).expect("valid");
        for s in [
            "2016-05-01",
            "2016-05-01T10:00:00Z",
            "1 May 2016",
            "May 1, 2016",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        assert_eq!(parse_date("sometime"), None);
        let c = DateContext::of(None, Some(d)).expect("file date");
        assert_eq!(c.basis, DateBasis::FileDate);
        let c = DateContext::of(Some("2016-05-01"), None).expect("document date");
        assert_eq!(c.basis, DateBasis::DocumentDate);
    }
}

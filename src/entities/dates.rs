//! Date and time patterns: "8 December 2024", "Dec. 26", "December 2014", "2015",
//! "on Wednesday", "last year", "the past 24 hours", "10 a.m.", and an email's date with
//! its time, "Tue, 3 Dec 2024 10:00:00 +0000" (RFC 5322), as one date.
//!
//! One regular expression, run once over the whole text (the `regex` crate runs it as a
//! lazy DFA: linear time, no backtracking), with alternatives ordered longest first. Word
//! boundaries are checked afterwards on chars, so a year inside a longer number ("201512",
//! "1,2015") or a word ("A2015") is not a date. Month names must be capitalised ("may" and
//! "march" are verbs); "May" alone is not a date, only with a day or a year.

use regex::Regex;

/// Builds the date expression. Kept as a function so the parts stay readable.
fn pattern() -> String {
    let month_full =
        "January|February|March|April|May|June|July|August|September|October|November|December";
    let month_abbr = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.";
    let month = format!("(?:{month_full}|{month_abbr})");
    let month_alone =
        "(?:January|February|April|June|July|August|September|October|November|December)";
    let weekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
    let year = "(?:1[6-9][0-9]{2}|20[0-9]{2})";
    let day = "(?:[0-3]?[0-9](?:st|nd|rd|th)?)";
    let days = format!(r"{day}(?:\s?[-–]\s?{day})?");
    let number = "(?:[0-9]+(?:[.,][0-9]+)?|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|several|few|many|a few|two-plus|[0-9]+-plus)";
    let unit =
        "(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)";
    let rel = "(?i:last|next|this|past|coming|previous|following|recent|early|late|earlier|later)";
    let period = format!(
        "(?:(?i:week|weekend|month|year|decade|century|morning|afternoon|evening|night|summer|winter|spring|autumn|fall|quarter)|{weekday}|{month_alone})"
    );
    let season = "(?i:summer|winter|spring|autumn|fall)";
    let holiday = "(?:Thanksgiving(?: Day)?|Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)?|Ramadan|Eid al-Fitr|Eid al-Adha|Easter|Nowruz)";
    // RFC 5322's (and 2822's) three-letter names, without the full stop prose puts after
    // an abbreviation: only inside a date-time, where they cannot be words.
    let weekday_abbr = "(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
    let month_abbr_bare = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
    // A zone is taken only as a whole word ("UTC", not the "UT" of it).
    let zone = r"(?:[+-][0-9]{4}|UTC|UT|GMT|[ECMP][SD]T)(?-u:\b)";
    // Numeric dates: ISO 8601 (with its time, as spreadsheets and logs write it), the
    // year first with slashes, day.month.year, and a slashed date whose order is read later
    // (`date_value`). Only with a four-digit year: "3/4" is a score or a fraction.
    let mm = "(?:1[0-2]|0?[1-9])";
    let dd = "(?:[12][0-9]|3[01]|0?[1-9])";
    let iso_time = r"(?:[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?(?:Z|[+-][0-2][0-9]:?[0-5][0-9])?)?";
    let alternatives = [
        format!("{year}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]){iso_time}"),
        format!("{year}/{mm}/{dd}"),
        format!(r"{dd}\.{mm}\.{year}"),
        format!("{dd}/{dd}/{year}"),
        // Tue, 3 Dec 2024 10:00:00 +0000 (an email's Date header, RFC 5322 / RFC 2822):
        // the day, the time and the zone as one date, not "2024" and "10:00" apart.
        format!(
            r"(?:(?:{weekday_abbr}|{weekday}),[ \t]*)?[0-3]?[0-9][ \t]+(?:{month_abbr_bare}|{month_full})[ \t]+{year}[ \t]+[0-2][0-9]:[0-5][0-9](?::[0-6][0-9])?(?:[ \t]+{zone})?"
        ),
        // 8 December 2024, 11-13 Dec., Monday 19 December, 5-6 April 2016
        format!(r"(?:{weekday},?\s)?{days}\s{month}(?:,?\s{year})?"),
        // December 2014, May 2016 (before "month day": "December 20" is not a day)
        format!(r"{month},?\s{year}"),
        // December 25, 2011, Thursday, Dec. 15, November 16 - 17, Dec.14th
        format!(r"(?:{weekday},?\s)?{month}\s?{days}(?:,?\s{year})?"),
        // the summer of 2017, early 2015
        format!(r"(?i:the\s)?(?:(?i:early|late|mid)[-\s])?{season}\sof\s{year}"),
        format!(r"(?i:early|late|mid)[-\s]{year}"),
        // the past 24 hours, the last year, the coming days and weeks, the past 20-plus months
        format!(
            r"(?i:the\s)?(?i:last|past|next|coming|previous|following|recent)\s(?:{number}\s)?{unit}(?:\sand\s{unit})?"
        ),
        // early next year, last year, this week, last December, on Wednesday
        format!(r"(?:(?i:early|late)\s)?{rel}\s{period}"),
        // two weeks ago, a year ago, 45 minutes, 12 months, 2 years
        format!(r"(?i:{number})\s{unit}(?:\s(?i:ago|earlier|later))?"),
        // 10 a.m., 14:30, 9pm
        r"[0-2]?[0-9](?::[0-5][0-9])?\s?(?i:a\.m\.|p\.m\.|am|pm)|[0-2]?[0-9]:[0-5][0-9]".to_owned(),
        // today, yesterday, tomorrow, tonight
        "(?i:today|yesterday|tomorrow|tonight)".to_owned(),
        format!(r"(?:this\s)?{holiday}"),
        // the 1990s
        r"(?:the\s)?(?:1[6-9]|20)[0-9]0s".to_owned(),
        format!("{weekday}|{month_alone}|{year}"),
    ];
    alternatives.join("|")
}

/// The compiled date patterns.
#[derive(Clone)]
pub struct DatePatterns {
    /// `None` only if the constant expression failed to compile, which a test rules out;
    /// dates are then simply not found rather than the recogniser panicking.
    re: Option<Regex>,
}

impl DatePatterns {
    pub fn new() -> Self {
        Self {
            re: Regex::new(&pattern()).ok(),
        }
    }

    /// Appends the byte ranges of dates in `text` to `out`, in text order.
    pub fn find(&self, text: &str, out: &mut Vec<(usize, usize)>) {
        let Some(re) = &self.re else {
            return;
        };
        for m in re.find_iter(text) {
            let (start, end) = (m.start(), m.end());
            let is_date = text
                .get(start..end)
                .and_then(super::date_value::numeric)
                .is_none_or(|n| n.is_a_day());
            if is_date && on_boundaries(text, start, end) {
                out.push((start, end));
            }
        }
    }
}

impl Default for DatePatterns {
    fn default() -> Self {
        Self::new()
    }
}

/// No letter or digit touches the match, and a number is not part of a longer one
/// ("1,2015", "2015.5").
fn on_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).map(|s| {
        let mut it = s.chars().rev();
        (it.next(), it.next())
    });
    let after = text.get(end..).map(|s| {
        let mut it = s.chars();
        (it.next(), it.next())
    });
    let (Some((b1, b2)), Some((a1, a2))) = (before, after) else {
        return false;
    };
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let joiner = |c: Option<char>| matches!(c, Some('.' | ',' | '/' | '-' | '$' | '£' | '€'));
    let starts_with_digit = text
        .get(start..)
        .and_then(|s| s.chars().next())
        .is_some_and(|c| c.is_ascii_digit());
    let ends_with_digit = text
        .get(..end)
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| c.is_ascii_digit());
    !(word(b1)
        || word(a1)
        || (starts_with_digit && joiner(b1) && (digit(b2) || matches!(b1, Some('$' | '£' | '€'))))
        || (ends_with_digit && matches!(a1, Some('.' | ',' | '/' | '-' | '%')) && digit(a2))
        || (ends_with_digit && matches!(a1, Some('%'))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dates(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        DatePatterns::new().find(text, &mut out);
        out.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn the_expression_compiles() {
        assert!(Regex::new(&pattern()).is_ok());
    }

    #[test]
    fn dates_of_the_brief() {
        assert_eq!(dates("in December 2014, which"), ["December 2014"]);
        assert_eq!(dates("on 8 December 2024."), ["8 December 2024"]);
        assert_eq!(dates("intervention in 2015, Russia"), ["2015"]);
        assert_eq!(dates("they met on Wednesday"), ["Wednesday"]);
        assert_eq!(dates("Last year and last year"), ["Last year", "last year"]);
    }

    #[test]
    fn news_wire_dates() {
        assert_eq!(
            dates("Monday, Dec. 26 and Dec.14th"),
            ["Monday, Dec. 26", "Dec.14th"]
        );
        assert_eq!(dates("on December 25, 2011."), ["December 25, 2011"]);
        assert_eq!(dates("in the past 24 hours"), ["the past 24 hours"]);
        assert_eq!(dates("at 10 a.m. on 11-13 Dec."), ["10 a.m.", "11-13 Dec."]);
        assert_eq!(dates("for two weeks"), ["two weeks"]);
        assert_eq!(dates("in the summer of 2017"), ["the summer of 2017"]);
    }

    #[test]
    fn an_email_date_with_its_time_is_one_date() {
        assert_eq!(
            dates("Date: Tue, 3 Dec 2024 10:00:00 +0000\nSubject: Lease"),
            ["Tue, 3 Dec 2024 10:00:00 +0000"]
        );
        assert_eq!(
            dates("Date: Wed, 04 Dec 2024 09:05 -0500 (EST)"),
            ["Wed, 04 Dec 2024 09:05 -0500"]
        );
        assert_eq!(
            dates("sent 3 Dec 2024 23:59:60 GMT."),
            ["3 Dec 2024 23:59:60 GMT"]
        );
        assert_eq!(
            dates("Monday, 2 December 2024 08:00"),
            ["Monday, 2 December 2024 08:00"]
        );
        // Without the time it is prose's rules: "Dec" needs its full stop there.
        assert_eq!(dates("3 Dec 2024"), ["2024"]);
    }

    #[test]
    fn years_inside_longer_numbers_are_not_dates() {
        assert!(dates("code 201512 and 1,2015 and 2015.5 and A2015 and $2015").is_empty());
        assert!(dates("some 2015% rise").is_empty());
    }

    #[test]
    fn numeric_dates_are_dates() {
        assert_eq!(
            dates("On 2014-06-10 Mosul fell; at 2014-06-10T14:30:00Z, 2014-06-10 09:05."),
            ["2014-06-10", "2014-06-10T14:30:00Z", "2014-06-10 09:05"]
        );
        assert_eq!(
            dates("the report of 10/06/2014 and entry 12.03.2015: quiet"),
            ["10/06/2014", "12.03.2015"]
        );
        assert_eq!(dates("filed 2015/03/12."), ["2015/03/12"]);
    }

    #[test]
    fn numbers_that_are_no_days_are_not_dates() {
        // Versions, phone numbers, ids, scores, no such day.
        assert!(dates("version 1.10.2014.3 and v2.03.2015").is_empty());
        assert!(dates("call 030-12.03.2015 or 555-2014-06-10").is_empty());
        assert!(dates("case 2014-06-10-443, ref 31/02/2015, 13/14/2015").is_empty());
        assert!(dates("won 3/4 and 10/06, 2014-13-01").is_empty());
    }

    #[test]
    fn may_and_march_as_words_are_not_dates() {
        assert!(dates("They may march on. May we?").is_empty());
        assert_eq!(dates("on 3 March and May 2016"), ["3 March", "May 2016"]);
    }
}

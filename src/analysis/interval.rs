//! The stretch of the calendar an ISO 8601 date value covers, as TimeML writes values
//! ("2024-12-08", "2014-12", "2014", "2024-W49", "2014-Q4", "2014-SU", "201X", "19XX",
//! "2016-04-05/2016-04-06"): what the timeline places on its axis and what the conflict
//! check compares. Durations ("P2W") and times of day ("T10:00") are not on the calendar.

use jiff::civil::Date;
use jiff::{ToSpan, Unit};

/// Days `start..end` (end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Interval {
    /// The first day.
    pub start: Date,
    /// The day after the last.
    pub end: Date,
}

impl Interval {
    /// True when the two stretches share a day: statements dating one event to them can
    /// both hold.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The middle day (where the timeline draws a point).
    pub fn middle(&self) -> Date {
        let days = self.days();
        self.start
            .checked_add((days / 2).days())
            .unwrap_or(self.start)
    }

    /// Length in days.
    pub fn days(&self) -> i64 {
        self.start
            .until((Unit::Day, self.end))
            .map_or(0, |span| i64::from(span.get_days()))
    }
}

/// The interval of an ISO 8601 / TimeML value; `None` for durations, times of day and
/// anything unreadable.
pub fn interval(value: &str) -> Option<Interval> {
    let value = value.trim();
    if let Some((a, b)) = value.split_once('/') {
        let (a, b) = (interval(a)?, interval(b)?);
        return (a.start < b.end).then_some(Interval {
            start: a.start,
            end: b.end,
        });
    }
    if value.starts_with('P') || value.starts_with('T') {
        return None;
    }
    let parts: Vec<&str> = value.split('-').collect();
    let year_text = *parts.first()?;
    // "201X" a decade, "19XX" a century.
    if year_text.len() == 4 && year_text.ends_with('X') {
        let digits = year_text.trim_end_matches('X');
        let width = 10i16.pow(u32::try_from(4 - digits.len()).ok()?);
        let first: i16 = digits.parse::<i16>().ok()? * width;
        return years(first, first.checked_add(width)?);
    }
    let year: i16 = year_text.parse().ok()?;
    match parts.get(1) {
        None => years(year, year.checked_add(1)?),
        // "WI" is winter, not a week.
        Some(second) if second.starts_with('W') && *second != "WI" => {
            let week: i8 = second[1..].parse().ok()?;
            let monday = jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
                .ok()?
                .date();
            Some(Interval {
                start: monday,
                end: monday.checked_add(7.days()).ok()?,
            })
        }
        Some(second) if second.starts_with('Q') => {
            let quarter: i8 = second[1..].parse().ok()?;
            if !(1..=4).contains(&quarter) {
                return None;
            }
            months(year, (quarter - 1) * 3 + 1, 3)
        }
        Some(&"SP") => months(year, 3, 3),
        Some(&"SU") => months(year, 6, 3),
        Some(&"FA") => months(year, 9, 3),
        Some(&"WI") => months(year, 12, 3),
        Some(month_text) => {
            let month: i8 = month_text.parse().ok()?;
            match parts.get(2) {
                None => months(year, month, 1),
                Some(day_text) => {
                    let day: i8 = day_text.get(..2)?.parse().ok()?;
                    let start = Date::new(year, month, day).ok()?;
                    Some(Interval {
                        start,
                        end: start.checked_add(1.day()).ok()?,
                    })
                }
            }
        }
    }
}

fn years(first: i16, end: i16) -> Option<Interval> {
    Some(Interval {
        start: Date::new(first, 1, 1).ok()?,
        end: Date::new(end, 1, 1).ok()?,
    })
}

fn months(year: i16, first: i8, count: i8) -> Option<Interval> {
    let start = Date::new(year, first, 1).ok()?;
    Some(Interval {
        start,
        end: start.checked_add(i64::from(count).months()).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(value: &str) -> Option<(String, String)> {
        interval(value).map(|i| (i.start.to_string(), i.end.to_string()))
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_owned(), b.to_owned()))
    }

    #[test]
    fn values_cover_their_stretch_of_the_calendar() {
        assert_eq!(days("2024-12-08"), pair("2024-12-08", "2024-12-09"));
        assert_eq!(days("2014-12"), pair("2014-12-01", "2015-01-01"));
        assert_eq!(days("2014"), pair("2014-01-01", "2015-01-01"));
        assert_eq!(days("201X"), pair("2010-01-01", "2020-01-01"));
        assert_eq!(days("19XX"), pair("1900-01-01", "2000-01-01"));
        assert_eq!(days("2024-W49"), pair("2024-12-02", "2024-12-09"));
        assert_eq!(days("2014-Q4"), pair("2014-10-01", "2015-01-01"));
        assert_eq!(days("2014-WI"), pair("2014-12-01", "2015-03-01"));
        assert_eq!(
            days("2016-04-05/2016-04-06"),
            pair("2016-04-05", "2016-04-07")
        );
        assert_eq!(days("2024-12-08T10:00"), pair("2024-12-08", "2024-12-09"));
        for nothing in [
            "P2W",
            "T10:00",
            "",
            "soon",
            "2014-13",
            "2014-02-30",
            "2016/2015",
        ] {
            assert_eq!(days(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn december_2014_and_8_december_2024_cannot_both_hold() {
        let seed = interval("2014-12").expect("value");
        let memo = interval("2024-12-08").expect("value");
        assert!(!seed.overlaps(&memo));
        assert!(interval("2024").expect("v").overlaps(&memo));
        assert!(interval("2024-12").expect("v").overlaps(&memo));
        assert_eq!(memo.days(), 1);
        assert_eq!(seed.middle().to_string(), "2014-12-16");
    }
}

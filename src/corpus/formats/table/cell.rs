//! A workbook cell's value as a person reads it: numbers without the binary noise of
//! floating point (0.1 + 0.2 is "0.3", as the spreadsheet shows it), whole numbers without
//! ".0", dates as ISO 8601 days (with the time when there is one), TRUE and FALSE, and
//! errors as the spreadsheet writes them ("#DIV/0!").

use std::borrow::Cow;

use calamine::{Data, DataRef, ExcelDateTime};

/// The text of a cell read from a sheet's range (`.xls`, `.ods`).
pub fn data(value: &Data) -> Cow<'_, str> {
    match value {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(iso(s)),
        Data::Int(i) => Cow::Owned(i.to_string()),
        Data::Float(f) => Cow::Owned(number(*f)),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => Cow::Owned(date_time(d)),
        Data::Error(e) => Cow::Owned(e.to_string()),
    }
}

/// The text of a cell streamed from an `.xlsx` sheet.
pub fn data_ref<'a>(value: &'a DataRef<'_>) -> Cow<'a, str> {
    match value {
        DataRef::Empty => Cow::Borrowed(""),
        DataRef::SharedString(s) => Cow::Borrowed(s),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            Cow::Borrowed(iso(s))
        }
        DataRef::Int(i) => Cow::Owned(i.to_string()),
        DataRef::Float(f) => Cow::Owned(number(*f)),
        DataRef::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => Cow::Owned(date_time(d)),
        DataRef::Error(e) => Cow::Owned(e.to_string()),
    }
}

/// "2024-03-05T00:00:00" as "2024-03-05": a midnight that only says "this is a day".
fn iso(s: &str) -> &str {
    s.strip_suffix("T00:00:00").unwrap_or(s)
}

/// A number with at most 15 significant digits, as spreadsheets show it.
pub fn number(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let magnitude = f.abs().log10().floor() as i32;
    let decimals = (14 - magnitude).clamp(0, 30) as usize;
    let text = format!("{f:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// A date as "2024-03-05", a date and time as "2024-03-05 14:30" (seconds when there are
/// any), a time of day alone as "14:30", a duration as hours, minutes and seconds.
fn date_time(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let seconds = (d.as_f64() * 86_400.0).round() as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let s = seconds.unsigned_abs();
        return format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
    let time = match (hour, minute, second) {
        (0, 0, 0) => String::new(),
        (h, m, 0) => format!("{h:02}:{m:02}"),
        (h, m, s) => format!("{h:02}:{m:02}:{s:02}"),
    };
    // A serial below 1 is a time of day with no date.
    if d.as_f64() < 1.0 && !time.is_empty() {
        return time;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    if time.is_empty() {
        date
    } else {
        format!("{date} {time}")
    }
}

#[cfg(test)]
mod tests {
    use calamine::ExcelDateTimeType;

    use super::*;

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number(3.0), "3");
        assert_eq!(number(-1200.0), "-1200");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(1.0 / 3.0), "0.333333333333333");
        assert_eq!(number(12345.678), "12345.678");
        assert_eq!(number(1e20), "100000000000000000000");
    }

    fn excel(value: f64, kind: ExcelDateTimeType) -> String {
        date_time(&ExcelDateTime::new(value, kind, false))
    }

    #[test]
    fn dates_are_iso_days_with_the_time_when_there_is_one() {
        assert_eq!(excel(45_356.0, ExcelDateTimeType::DateTime), "2024-03-05");
        assert_eq!(
            excel(45_356.604_166_666_7, ExcelDateTimeType::DateTime),
            "2024-03-05 14:30"
        );
        assert_eq!(excel(0.5, ExcelDateTimeType::DateTime), "12:00");
        assert_eq!(excel(1.5, ExcelDateTimeType::TimeDelta), "36:00:00");
        assert_eq!(iso("2024-03-05T00:00:00"), "2024-03-05");
    }
}

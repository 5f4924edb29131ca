//! How a document's metadata reads to a person: the web page it came from, and one line of
//! who published it and when ("UK Government · Boris Johnson · 8 December 2024").
//!
//! Shared by everything that shows a document's metadata (the reports, and the window's
//! title block), so that they agree: a name given both as source and as author is shown
//! once ("BBC News", not "BBC News · BBC News"), a source that is a web address is the
//! link rather than a name, and dates read as dates ("8 December 2024", not
//! "2024-12-08T00:00:00Z").

use super::Metadata;
use crate::text::calendar::MONTHS;

impl Metadata {
    /// The web address the document came from: its `url`, else its `source` when that is a
    /// web address. Only `http` and `https` addresses count (never `javascript:` and the
    /// like, which a report must not turn into a link).
    pub fn link(&self) -> Option<&str> {
        [self.url.as_deref(), self.source.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .find(|s| is_web_address(s))
    }

    /// Who published the document and when, in that order, without repeats: the source
    /// (unless it is a web address), the author (unless it is the source again), and the
    /// date as people write it.
    pub fn byline(&self) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        let names = [self.source.as_deref(), self.author.as_deref()];
        for name in names.into_iter().flatten().map(str::trim) {
            let repeat = parts.iter().any(|p| same_name(p, name));
            if !name.is_empty() && !is_web_address(name) && !repeat {
                parts.push(name.to_owned());
            }
        }
        if let Some(date) = self
            .date
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            parts.push(human_date(date));
        }
        parts
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
}

/// An absolute `http` or `https` address without spaces or control characters.
pub fn is_web_address(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty()) && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// "2024-12-08T00:00:00Z" and "2024-12-08" give "8 December 2024", "2024-12" gives
/// "December 2024"; anything else (a year, "Winter 2016", a date already in words) is
/// given back as it is. The date is the one written: a time and its offset do not move it
/// to another day.
pub fn human_date(raw: &str) -> String {
    let raw = raw.trim();
    let (date, rest) = raw.split_at(raw.find(['T', ' ']).unwrap_or(raw.len()));
    let time_like = rest.is_empty() || rest[1..].chars().next().is_some_and(|c| c.is_ascii_digit());
    let fields: Vec<&str> = date.split('-').collect();
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let parsed = match fields.as_slice() {
        [y, m, d] => number(y, 4)
            .zip(number(m, 2))
            .zip(number(d, 2))
            .and_then(|((y, m), d)| jiff::civil::Date::new(y, m as i8, d as i8).ok())
            .map(|date| {
                format!(
                    "{} {} {}",
                    date.day(),
                    MONTHS[date.month() as usize - 1],
                    date.year()
                )
            }),
        [y, m] if rest.is_empty() => number(y, 4)
            .zip(number(m, 2))
            .filter(|&(_, m)| (1..=12).contains(&m))
            .map(|(y, m)| format!("{} {y}", MONTHS[m as usize - 1])),
        _ => None,
    };
    match parsed {
        Some(text) if time_like => text,
        _ => raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> Metadata {
        let mut m = Metadata::default();
        for (k, v) in pairs {
            m.set(k, (*v).to_owned());
        }
        m
    }

    #[test]
    fn dates_read_as_dates() {
        assert_eq!(human_date("2024-12-08T00:00:00Z"), "8 December 2024");
        assert_eq!(human_date("2024-12-08"), "8 December 2024");
        assert_eq!(human_date("2016-05-01 12:30"), "1 May 2016");
        assert_eq!(human_date("2024-12-31T23:30:00-05:00"), "31 December 2024");
        assert_eq!(human_date("2024-12"), "December 2024");
        for kept in [
            "2024",
            "Winter 2016",
            "8 December 2024",
            "2024-13-01",
            "2024-02-30",
        ] {
            assert_eq!(human_date(kept), kept);
        }
    }

    #[test]
    fn a_name_given_as_source_and_author_shows_once() {
        let m = meta(&[
            ("source", "BBC News"),
            ("author", "bbc  news"),
            ("date", "2024-12-08T00:00:00Z"),
        ]);
        assert_eq!(m.byline(), ["BBC News", "8 December 2024"]);
        let m = meta(&[("publisher", "UK Government"), ("author", "Boris Johnson")]);
        assert_eq!(m.byline(), ["UK Government", "Boris Johnson"]);
        assert!(Metadata::default().byline().is_empty());
    }

    #[test]
    fn the_link_is_the_url_or_a_source_that_is_one() {
        let m = meta(&[
            ("source", "US State Department"),
            (
                "url",
                "https://www.state.gov/r/pa/prs/ps/2016/11/264294.htm",
            ),
        ]);
        assert_eq!(
            m.link(),
            Some("https://www.state.gov/r/pa/prs/ps/2016/11/264294.htm")
        );
        let m = meta(&[("source", "https://www.bbc.co.uk/news/world-1")]);
        assert_eq!(m.link(), Some("https://www.bbc.co.uk/news/world-1"));
        assert!(m.byline().is_empty(), "the address is the link, not a name");
        for not_a_link in [
            "javascript:alert(1)",
            "www.bbc.co.uk",
            "https://",
            "https://a b",
        ] {
            assert_eq!(meta(&[("url", not_a_link)]).link(), None, "{not_a_link}");
        }
    }
}

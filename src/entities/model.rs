//! The entity model: what a recognised mention is.
//!
//! Positions are char (code point) offsets, end-exclusive, like every persisted position in
//! Dossier. A mention also names the entity it refers to (`key`), so that "Putin" later in a
//! text and "Vladimir Putin" earlier count as one entity in lists and counts.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What kind of thing a mention names.
///
/// The set is closed for matching but open for growth: new kinds (EVENT, MONEY, ...) are
/// added as variants; serialised names are the short labels of [`EntityKind::label`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityKind {
    /// People, by their name alone ("Vladimir Putin"); a title written before the name
    /// ("Russian President") is the mention's [`Detail::Title`].
    #[serde(rename = "PER")]
    Person,
    /// Organisations, agencies, armed groups, companies (also one named after a place).
    #[serde(rename = "ORG")]
    Org,
    /// Countries, cities, regions, geographic features, bases and sites: a country is a
    /// place whatever it does in the sentence.
    #[serde(rename = "LOC")]
    Loc,
    /// Nationalities, religious and political groups ("Syrian", "Kurdish", "Sunni").
    #[serde(rename = "NORP")]
    Norp,
    /// Dates, periods and times.
    #[serde(rename = "DATE")]
    Date,
}

impl EntityKind {
    /// Every kind, in display order.
    pub const ALL: [EntityKind; 5] = [
        EntityKind::Person,
        EntityKind::Org,
        EntityKind::Loc,
        EntityKind::Norp,
        EntityKind::Date,
    ];

    /// The short label used in JSON and on the command line: `PER`, `ORG`, `LOC`, `NORP`,
    /// `DATE`.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Org => "ORG",
            EntityKind::Loc => "LOC",
            EntityKind::Norp => "NORP",
            EntityKind::Date => "DATE",
        }
    }

    /// A name for people ("Person", "Organisation", ...).
    pub fn display_name(self) -> &'static str {
        match self {
            EntityKind::Person => "Person",
            EntityKind::Org => "Organisation",
            EntityKind::Loc => "Place",
            EntityKind::Norp => "Group or nationality",
            EntityKind::Date => "Date",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A label that is not one of the known kinds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity label {0:?} (expected PER, ORG, LOC, NORP or DATE)")]
pub struct UnknownLabel(pub String);

impl FromStr for EntityKind {
    type Err = UnknownLabel;

    /// Parses a label, case-insensitively; `PERSON`, `GPE` and `TIME` are accepted as the
    /// common synonyms of `PER`, `LOC` and `DATE`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PER" | "PERSON" => Ok(EntityKind::Person),
            "ORG" | "ORGANISATION" | "ORGANIZATION" => Ok(EntityKind::Org),
            "LOC" | "LOCATION" | "GPE" | "PLACE" => Ok(EntityKind::Loc),
            "NORP" => Ok(EntityKind::Norp),
            "DATE" | "TIME" => Ok(EntityKind::Date),
            _ => Err(UnknownLabel(s.to_owned())),
        }
    }
}

/// Which stage of the recogniser produced a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Origin {
    /// A name list shipped in `assets/gazetteers/`.
    Gazetteer,
    /// A date or time pattern.
    Pattern,
    /// A context rule (title cue, capitalised sequence, alias of an earlier mention).
    Rule,
    /// A statistical model.
    Model,
    /// The user's entity dictionary.
    User,
}

/// One recognised mention in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Mention {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The entity's kind.
    pub kind: EntityKind,
    /// Canonical name of the entity: "Vladimir Putin" for a later "Putin", "United States"
    /// for "U.S.", a date's value as people write it ("8 December 2024") for "yesterday"
    /// in a document dated 9 December 2024.
    pub key: String,
    /// The stage that found it.
    pub origin: Origin,
    /// What else is known: a person's title, a date's value, a place's coordinates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Box<Detail>>,
}

impl Mention {
    /// A mention with no detail.
    pub fn new(start: usize, end: usize, kind: EntityKind, key: String, origin: Origin) -> Self {
        Self {
            start,
            end,
            kind,
            key,
            origin,
            detail: None,
        }
    }

    /// Length in chars.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span (never produced by the recogniser).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The date's value, for a date.
    pub fn date(&self) -> Option<&DateValue> {
        match self.detail.as_deref() {
            Some(Detail::Date(d) | Detail::Anchored(d, _)) => Some(d),
            _ => None,
        }
    }

    /// How a relative or yearless date was read from the dates the text writes around it
    /// ("two days after 5 December 2024, named in the sentence before"), for such a date.
    pub fn anchor_note(&self) -> Option<&str> {
        match self.detail.as_deref() {
            Some(Detail::Anchored(_, note)) => Some(note),
            _ => None,
        }
    }

    /// The gazetteer entry (coordinates, GeoNames id), for a place that was linked to one.
    pub fn place(&self) -> Option<&PlaceLink> {
        match self.detail.as_deref() {
            Some(Detail::Place(p)) => Some(p),
            _ => None,
        }
    }

    /// The places named inside the mention ("Pakistan" in "Pakistan Army"), as char
    /// ranges of the text with their links.
    pub fn named_places(&self) -> impl Iterator<Item = (usize, usize, &PlaceLink)> {
        let list = match self.detail.as_deref() {
            Some(Detail::Names(list)) => list.as_slice(),
            _ => &[],
        };
        list.iter().map(|n| {
            // Saturating: a damaged cache may hold any numbers.
            let start = self.start.saturating_add(n.offset).min(self.end);
            (start, start.saturating_add(n.len).min(self.end), &n.place)
        })
    }

    /// The title written before a person's name ("Russian President").
    pub fn title(&self) -> Option<&str> {
        match self.detail.as_deref() {
            Some(Detail::Title(t)) => Some(t),
            _ => None,
        }
    }

    /// The detail as one line for people: "Title: Russian President", "2024-12-08 (day,
    /// resolved against the document's date, 2024-12-09)", "Madaya, Rif-dimashq, Syria
    /// (33.69° N, 36.10° E): the document names Damascus". `None` without a detail.
    pub fn detail_text(&self) -> Option<String> {
        Some(match self.detail.as_deref()? {
            Detail::Title(t) => format!("Title: {t}"),
            Detail::Anchored(d, note) => match &d.value {
                Some(v) => format!("{v} ({}, {note})", d.granularity.name()),
                None => format!("No value ({note})"),
            },
            Detail::Date(d) => {
                let granularity = d.granularity.name();
                let basis = match (d.basis, d.anchor) {
                    (DateBasis::Written, _) => "as written".to_owned(),
                    (DateBasis::DocumentDate, Some(a)) => {
                        format!("resolved against the document's date, {a}")
                    }
                    (DateBasis::FileDate, Some(a)) => {
                        format!("resolved against the file's modification date, {a}")
                    }
                    (DateBasis::DocumentDate | DateBasis::FileDate, None) => "resolved".to_owned(),
                    (DateBasis::Unresolved, _) => {
                        "relative, and the document has no date to resolve it against".to_owned()
                    }
                    (DateBasis::InText, _) => "read from another date of the text".to_owned(),
                };
                let basis = match &d.order {
                    Some(o) => o.describe(),
                    None => basis,
                };
                match &d.value {
                    Some(v) => format!("{v} ({granularity}, {basis})"),
                    None => format!("No value ({basis})"),
                }
            }
            Detail::Place(p) => {
                let others = p.alternative_labels();
                match others.as_slice() {
                    [] => p.summary(),
                    _ => format!(
                        "{}\nOther candidates: {}",
                        p.summary(),
                        others
                            .iter()
                            .take(3)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                }
            }
            Detail::Names(places) => {
                let named: Vec<String> = places.iter().map(|n| n.place.summary()).collect();
                format!("Names a place: {}", named.join("; "))
            }
        })
    }

    /// Whether the mention belongs in a list of entities: everything but dates without a
    /// calendar value ("yesterday" in a document of unknown date, "two weeks", "10 a.m.") and
    /// relative dates resolved against a file's modification date. That date says when a
    /// copy was made, not when the text was written: listed, "today" in every undated file of
    /// a folder copied yesterday became one of the corpus's most frequent entities. They stay
    /// highlighted, with their value and its basis on hover.
    pub fn is_listed(&self) -> bool {
        self.kind != EntityKind::Date
            || self
                .date()
                .is_none_or(|d| d.is_calendar() && d.basis != DateBasis::FileDate)
    }
}

/// What a mention says beyond its kind and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// A person's title as written before the name ("Russian President", "Lt. Gen.").
    Title(String),
    /// A date's normalised value.
    Date(DateValue),
    /// A relative or yearless date's value read from another date of the text, and how
    /// ("two days after 5 December 2024, named in the sentence before"; "counted from a
    /// date the text does not give near it: left undated"). See `entities::date_anchor`.
    Anchored(DateValue, String),
    /// A place's gazetteer entry.
    Place(PlaceLink),
    /// The places named inside a longer name: "Pakistan" in "Pakistan Army", "Canadian" in
    /// "Canadian Press" (see `entities::geo::embedded`). The mention stays what it is.
    Names(Vec<NamedPlace>),
}

/// A place named inside a mention, by its chars within the mention.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NamedPlace {
    /// Chars from the mention's start to the place name's.
    pub offset: usize,
    /// The place name's length in chars.
    pub len: usize,
    /// The place it names.
    pub place: PlaceLink,
}

/// A date's normalised value (see `docs/entities.md`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateValue {
    /// ISO 8601 as TimeML writes it: "2024-12-08", "2014-12", "2014", "2024-W49", "201X"
    /// (a decade), "19XX" (a century), "2016-04-05/2016-04-06" (a range), "P2W" (a
    /// duration), "T10:00" (a time of day). `None` when the date is relative and there was
    /// no date to resolve it against.
    pub value: Option<String>,
    /// How precise the value is.
    pub granularity: Granularity,
    /// What the value rests on.
    pub basis: DateBasis,
    /// The date a relative value was resolved against (the document's or the file's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<jiff::civil::Date>,
    /// How a slashed date whose parts do not show their order ("10/06/2014") was read:
    /// `None` for every other date, and for one left without a value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderReading>,
}

/// The order of a slashed date's parts ("10/06/2014": 10 June day first, 6 October month
/// first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlashOrder {
    /// Day, month, year (most of the world).
    DayFirst,
    /// Month, day, year (the United States).
    MonthFirst,
}

impl SlashOrder {
    /// "day first", "month first".
    pub fn name(self) -> &'static str {
        match self {
            Self::DayFirst => "day first",
            Self::MonthFirst => "month first",
        }
    }
}

/// Why a slashed date was read in an order its own parts do not show.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderReading {
    /// The document's other slashed dates show it: `example` is the first as written
    /// ("25/12/2014").
    Shown {
        /// The order.
        order: SlashOrder,
        /// A date of the document that shows it.
        example: String,
    },
    /// The user's rule for this document.
    DocumentRule(SlashOrder),
    /// The user's rule for the project's documents whose dates do not show the order.
    ProjectRule(SlashOrder),
}

impl OrderReading {
    /// The order read.
    pub fn order(&self) -> SlashOrder {
        match self {
            Self::Shown { order, .. } | Self::DocumentRule(order) | Self::ProjectRule(order) => {
                *order
            }
        }
    }

    /// "read day first: the document writes 25/12/2014", "read month first: your rule for
    /// this document".
    pub fn describe(&self) -> String {
        let why = match self {
            Self::Shown { example, .. } => format!("the document writes {example}"),
            Self::DocumentRule(_) => "your rule for this document".to_owned(),
            Self::ProjectRule(_) => "your rule for every document".to_owned(),
        };
        format!("read {}: {why}", self.order().name())
    }
}

impl DateValue {
    /// A point or stretch of the calendar ("2024-12-08", "2014", "2010s"), as opposed to a
    /// duration, a time of day or an unresolved relative date.
    pub fn is_calendar(&self) -> bool {
        self.value.is_some()
            && !matches!(self.granularity, Granularity::Duration | Granularity::Time)
    }
}

/// How precise a date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// A time of day.
    Time,
    /// A day.
    Day,
    /// A week.
    Week,
    /// A month.
    Month,
    /// A season.
    Season,
    /// A quarter of a year.
    Quarter,
    /// A year.
    Year,
    /// A decade.
    Decade,
    /// A century.
    Century,
    /// A length of time ("two weeks").
    Duration,
}

impl Granularity {
    /// Its name in lower case, as JSON and the exports write it ("day", "month").
    pub fn name(self) -> &'static str {
        match self {
            Self::Time => "time",
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
            Self::Season => "season",
            Self::Quarter => "quarter",
            Self::Year => "year",
            Self::Decade => "decade",
            Self::Century => "century",
            Self::Duration => "duration",
        }
    }

    /// True when a date this precise names its month ("December 2014", not "2014").
    pub fn names_month(self) -> bool {
        !matches!(self, Self::Year | Self::Decade | Self::Century)
    }

    /// True when a date this precise names its day ("8 December 2024", a week, a time).
    pub fn names_day(self) -> bool {
        matches!(self, Self::Day | Self::Time | Self::Week)
    }
}

/// What a date's value rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// The text says it in full ("8 December 2024", "2015").
    Written,
    /// Resolved against the date the document gives itself (front matter, HTML or PDF
    /// metadata).
    DocumentDate,
    /// Resolved against the file's modification date, the only date known.
    FileDate,
    /// Relative, and no date to resolve it against: left unresolved, never guessed.
    Unresolved,
    /// Read from another date the text writes near it ("two days later" after "5 December
    /// 2024", "Sept. 5" after "Sept. 3, 2023"), or, when the text gives none, left undated:
    /// [`Detail::Anchored`] says which.
    InText,
}

/// A place's gazetteer entry: GeoNames id, coordinates, country.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PlaceLink {
    /// The GeoNames id (https://www.geonames.org/ID).
    pub geonameid: u32,
    /// Latitude in hundred-thousandths of a degree (about a metre): exact and hashable.
    pub lat_e5: i32,
    /// Longitude in hundred-thousandths of a degree.
    pub lon_e5: i32,
    /// ISO 3166 country code ("SY"), empty when unknown.
    pub country: String,
    /// Why this entry: "the document names Syria and Damascus", "the text says “Woodbridge,
    /// Virginia”", "the country of that name".
    #[serde(default)]
    pub reason: String,
    /// The other entries the name may stand for, most likely first (GeoNames ids; ids from
    /// 4,000,000,000 on are Dossier's own, see `assets/gazetteers/README.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<u32>,
}

impl PlaceLink {
    /// Latitude in degrees.
    pub fn lat(&self) -> f64 {
        f64::from(self.lat_e5) / 1e5
    }

    /// Longitude in degrees.
    pub fn lon(&self) -> f64 {
        f64::from(self.lon_e5) / 1e5
    }

    /// The entry's page on geonames.org (none for Dossier's own entries: regions the sources
    /// give no GeoNames id, curated sites).
    pub fn geonames_url(&self) -> Option<String> {
        (self.geonameid < super::geo::table::OWN_IDS)
            .then(|| format!("https://www.geonames.org/{}", self.geonameid))
    }

    /// "Madaya, Rif-dimashq, Syria (33.69° N, 36.10° E): the document names Damascus".
    pub fn summary(&self) -> String {
        let place = super::geo::describe(self);
        if self.reason.is_empty() {
            place
        } else {
            format!("{place}: {}", self.reason)
        }
    }

    /// The other candidates, as people read them ("Madaya, Mandalay, Myanmar").
    pub fn alternative_labels(&self) -> Vec<String> {
        self.alternatives
            .iter()
            .filter_map(|&id| super::geo::label_of(id))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_granularity_is_named_as_json_writes_it_and_says_what_it_names() {
        use Granularity as G;
        let all = [
            G::Time,
            G::Day,
            G::Week,
            G::Month,
            G::Season,
            G::Quarter,
            G::Year,
            G::Decade,
            G::Century,
            G::Duration,
        ];
        for g in all {
            let json = serde_json::to_string(&g).expect("serialises");
            assert_eq!(json, format!("\"{}\"", g.name()));
        }
        assert!(G::Month.names_month() && !G::Month.names_day());
        assert!(G::Day.names_month() && G::Day.names_day());
        assert!(!G::Year.names_month() && !G::Century.names_day());
    }
}

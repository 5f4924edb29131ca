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
    /// People, with their titles when written before the name ("President Putin").
    #[serde(rename = "PER")]
    Person,
    /// Organisations, governments, armed groups, agencies.
    #[serde(rename = "ORG")]
    Org,
    /// Countries, cities, regions, geographic features, bases and sites.
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
    pub kind: EntityKind,
    /// Canonical name of the entity: "Vladimir Putin" for a later "Putin".
    pub key: String,
    pub origin: Origin,
}

impl Mention {
    /// Length in chars.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True for an empty span (never produced by the recogniser).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

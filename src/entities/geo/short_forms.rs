//! Places written in short, which the recogniser does not read as names: a state or
//! province abbreviated after a town as news agencies write it ("Bethesda, Md.", "OAKLAND,
//! Calif.", "Nelson, B.C."), and a continent's adjective ("European", "African"), which
//! names the continent as a nationality names its country.

use std::sync::OnceLock;

use regex::Regex;

use super::super::model::{Detail, EntityKind, Origin, PlaceLink};
use super::super::pipeline::{Cand, Pass};
use super::table::{Entry, Table};

/// An abbreviation as written, its country and its region's GeoNames code.
type Abbreviation = (&'static str, [u8; 2], &'static str);

/// The Associated Press's abbreviations of the US states (the eight short names are written
/// whole) and the Canadian Press's of the provinces, with the region's GeoNames code.
const ABBREVIATIONS: &[Abbreviation] = &[
    ("Ala.", *b"US", "AL"),
    ("Ariz.", *b"US", "AZ"),
    ("Ark.", *b"US", "AR"),
    ("Calif.", *b"US", "CA"),
    ("Colo.", *b"US", "CO"),
    ("Conn.", *b"US", "CT"),
    ("Del.", *b"US", "DE"),
    ("Fla.", *b"US", "FL"),
    ("Ga.", *b"US", "GA"),
    ("Ill.", *b"US", "IL"),
    ("Ind.", *b"US", "IN"),
    ("Kan.", *b"US", "KS"),
    ("Kans.", *b"US", "KS"),
    ("Ky.", *b"US", "KY"),
    ("La.", *b"US", "LA"),
    ("Md.", *b"US", "MD"),
    ("Mass.", *b"US", "MA"),
    ("Mich.", *b"US", "MI"),
    ("Minn.", *b"US", "MN"),
    ("Miss.", *b"US", "MS"),
    ("Mo.", *b"US", "MO"),
    ("Mont.", *b"US", "MT"),
    ("Neb.", *b"US", "NE"),
    ("Nev.", *b"US", "NV"),
    ("N.H.", *b"US", "NH"),
    ("N.J.", *b"US", "NJ"),
    ("N.M.", *b"US", "NM"),
    ("N.Y.", *b"US", "NY"),
    ("N.C.", *b"US", "NC"),
    ("N.D.", *b"US", "ND"),
    ("Okla.", *b"US", "OK"),
    ("Ore.", *b"US", "OR"),
    ("Pa.", *b"US", "PA"),
    ("R.I.", *b"US", "RI"),
    ("S.C.", *b"US", "SC"),
    ("S.D.", *b"US", "SD"),
    ("Tenn.", *b"US", "TN"),
    ("Vt.", *b"US", "VT"),
    ("Va.", *b"US", "VA"),
    ("Wash.", *b"US", "WA"),
    ("W.Va.", *b"US", "WV"),
    ("Wis.", *b"US", "WI"),
    ("Wyo.", *b"US", "WY"),
    ("Alta.", *b"CA", "01"),
    ("B.C.", *b"CA", "02"),
    ("Man.", *b"CA", "03"),
    ("N.B.", *b"CA", "04"),
    ("Nfld.", *b"CA", "05"),
    ("N.S.", *b"CA", "07"),
    ("Ont.", *b"CA", "08"),
    ("P.E.I.", *b"CA", "09"),
    ("Que.", *b"CA", "10"),
    ("Sask.", *b"CA", "11"),
];

/// A continent's adjective and the continent's name.
const CONTINENTAL: &[(&str, &str)] = &[
    ("European", "Europe"),
    ("Europeans", "Europe"),
    ("African", "Africa"),
    ("Africans", "Africa"),
    ("Asian", "Asia"),
    ("Asians", "Asia"),
];

/// "Town, Abbr." with the town's last word capitalised.
fn pattern() -> String {
    let alternatives: Vec<String> = ABBREVIATIONS
        .iter()
        .map(|(a, ..)| regex::escape(a))
        .collect();
    format!(r"\p{{Lu}}[\p{{L}}.'-]*, ({})", alternatives.join("|"))
}

/// The pattern, compiled once (`None` cannot happen: a test compiles it).
fn abbreviated() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(&pattern()).ok()).as_ref()
}

/// Adds the abbreviated regions and the continents' adjectives of the text as places
/// linked to their entries. Each is one regex or token pass over the text.
pub(super) fn add(pass: &mut Pass) {
    let mut found: Vec<(usize, usize, &Abbreviation)> = Vec::new();
    let matches = abbreviated()
        .into_iter()
        .flat_map(|re| re.captures_iter(pass.text));
    for m in matches {
        let Some(g) = m.get(1) else { continue };
        // "Pa." ends a word: not "Pa.m" nor "Ore.gon".
        let after = pass.text.get(g.end()..).and_then(|r| r.chars().next());
        if after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if let Some(abbr) = ABBREVIATIONS.iter().find(|(a, ..)| *a == g.as_str()) {
            found.push((g.start(), g.end(), abbr));
        }
    }
    let adjectives: Vec<(usize, &str)> = (0..pass.tokens.len())
        .filter_map(|i| {
            let word = pass.word(i);
            let (_, continent) = CONTINENTAL.iter().find(|(a, _)| *a == word)?;
            Some((i, *continent))
        })
        .filter(|&(i, _)| !super::after_a_qualifier(pass, i))
        .collect();
    if found.is_empty() && adjectives.is_empty() {
        return;
    }
    let table = Table::shared();
    for (start, end, (written, cc, code)) in found {
        let Some(region) = table.region(*cc, code) else {
            continue;
        };
        let reason = format!("“{written}” is the abbreviation of {}", region.name);
        let mut cand = Cand::new(
            start,
            end,
            EntityKind::Loc,
            region.name.to_string(),
            Origin::Rule,
        );
        cand.detail = Some(link(region, reason));
        pass.try_add(cand);
    }
    for (i, continent) in adjectives {
        let Some(entry) = table.continent(&super::fold(continent)) else {
            continue;
        };
        let reason = format!("the adjective of {}", entry.name);
        match pass.owner_index(i) {
            None => {
                let Some(t) = pass.tokens.get(i) else {
                    continue;
                };
                let word = pass.word(i).to_owned();
                let mut cand = Cand::new(t.start, t.end, EntityKind::Norp, word, Origin::Rule);
                cand.detail = Some(link(entry, reason));
                pass.try_add(cand);
            }
            // The recogniser's nationality or place of that one word, not yet linked.
            Some(c) => {
                let (text, word) = (pass.text, pass.word(i));
                if let Some(cand) = pass.cands.get_mut(c)
                    && matches!(cand.kind, EntityKind::Norp | EntityKind::Loc)
                    && cand.detail.is_none()
                    && text.get(cand.start..cand.end) == Some(word)
                {
                    cand.detail = Some(link(entry, reason));
                }
            }
        }
    }
}

fn link(e: &Entry, reason: String) -> Box<Detail> {
    Box::new(Detail::Place(PlaceLink {
        geonameid: e.geonameid,
        lat_e5: e.lat_e5,
        lon_e5: e.lon_e5,
        country: e.country_code().to_owned(),
        reason,
        alternatives: Vec::new(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_compiles() {
        assert!(Regex::new(&pattern()).is_ok());
    }
}

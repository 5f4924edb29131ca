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
    ("D.C.", *b"US", "DC"),
    // Older forms news still writes (the Government Printing Office's): "Portland, Me.".
    ("Me.", *b"US", "ME"),
    ("Tex.", *b"US", "TX"),
    ("Wisc.", *b"US", "WI"),
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

/// "Town, Abbr." with the town's last word capitalised; the abbreviation's last period may
/// be left out ("Jackson, Miss, said").
fn pattern() -> String {
    let alternatives: Vec<String> = ABBREVIATIONS
        .iter()
        .map(|(a, ..)| regex::escape(a.strip_suffix('.').unwrap_or(a)))
        .collect();
    format!(r"\p{{Lu}}[\p{{L}}.'-]*, ({})(\.)?", alternatives.join("|"))
}

/// The abbreviation written `stem` (without its last period) and what follows it.
fn abbreviation(stem: &str, period: bool, after: Option<char>) -> Option<&'static Abbreviation> {
    // "Pa." ends a word: not "Pa.m" nor "Ore.gon"; without its period it ends a clause
    // ("Jackson, Miss, said"), so that "Miss" before a name is no state.
    let ends = match after {
        None => true,
        Some(c) if period => !c.is_alphanumeric(),
        Some(c) => matches!(c, ',' | ';' | ':' | ')' | '\n'),
    };
    if !ends {
        return None;
    }
    ABBREVIATIONS
        .iter()
        .find(|(a, ..)| a.strip_suffix('.').unwrap_or(a) == stem)
}

/// `word` (a token, without its period) is the abbreviation of a state or a province.
pub(super) fn is_abbreviation(word: &str) -> bool {
    ABBREVIATIONS
        .iter()
        .any(|(a, ..)| a.strip_suffix('.').unwrap_or(a) == word)
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
        let end = m.get(2).map_or(g.end(), |p| p.end());
        let after = pass.text.get(end..).and_then(|r| r.chars().next());
        if let Some(abbr) = abbreviation(g.as_str(), m.get(2).is_some(), after) {
            found.push((g.start(), end, abbr));
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
        // The abbreviation is the state, whatever the model read there ("Miss" a place,
        // "Del" a person), and the town before it a place ("Gary, Ind.").
        let range = pass.token_range(start, end);
        let owners: Vec<usize> = range.clone().filter_map(|t| pass.owner_index(t)).collect();
        if owners.iter().any(|&o| {
            pass.cands.get(o).is_some_and(|c| {
                !c.dead && (c.origin == Origin::User || c.start < start || c.end > end)
            })
        }) {
            continue;
        }
        for o in owners {
            pass.remove(o);
        }
        town_before(pass, range.start);
        let written = pass.text.get(start..end).unwrap_or(written);
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

/// The town before "Abbr." at token `abbr` (after its comma) is a place: a person or an
/// organisation the model read over exactly its capitalised words becomes one, and free
/// capitalised words are added as one.
fn town_before(pass: &mut Pass, abbr: usize) {
    use super::super::tokens::CAP;
    let Some(last) = abbr.checked_sub(2) else {
        return;
    };
    if pass.word(last + 1) != "," || !pass.is(last, CAP) {
        return;
    }
    match pass.owner_index(last) {
        Some(o) => {
            if let Some(c) = pass.cands.get_mut(o)
                && !c.dead
                && c.origin != Origin::User
                && matches!(c.kind, EntityKind::Person | EntityKind::Org)
                && c.detail.is_none()
            {
                c.kind = EntityKind::Loc;
            }
        }
        None => {
            // The run of capitalised words joined by single spaces ("Baton Rouge").
            let mut first = last;
            while first > 0 && first + 4 > last {
                let (Some(a), Some(b)) = (pass.tokens.get(first - 1), pass.tokens.get(first))
                else {
                    break;
                };
                if pass.text.get(a.end..b.start) != Some(" ")
                    || !pass.is(first - 1, CAP)
                    || !pass.is_free(first - 1)
                {
                    break;
                }
                first -= 1;
            }
            let (Some(a), Some(b)) = (pass.tokens.get(first), pass.tokens.get(last)) else {
                return;
            };
            let (start, end) = (a.start, b.end);
            let name = pass.text.get(start..end).unwrap_or("").to_owned();
            let cand = Cand::new(start, end, EntityKind::Loc, name, Origin::Rule);
            pass.try_add_over(first..last + 1, cand);
        }
    }
}

pub(super) fn link(e: &Entry, reason: String) -> Box<Detail> {
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

    #[test]
    fn every_state_and_dc_has_an_abbreviation_or_is_written_whole() {
        // AP writes eight states whole: Alaska, Hawaii, Idaho, Iowa, Maine, Ohio, Texas, Utah.
        let whole = ["AK", "HI", "ID", "IA", "OH", "UT"];
        let codes: Vec<&str> = ABBREVIATIONS
            .iter()
            .filter(|(_, cc, _)| cc == b"US")
            .map(|(_, _, code)| *code)
            .chain(whole)
            .collect();
        let table = Table::shared();
        let states = [
            "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL",
            "IN", "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE",
            "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD",
            "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        ];
        for s in states {
            assert!(codes.contains(&s), "{s}");
            // The District of Columbia is a curated region (the generated table lacks it).
            assert!(table.region(*b"US", s).is_some(), "{s} in the table");
        }
    }

    #[test]
    fn an_abbreviation_without_its_period_ends_a_clause() {
        assert!(abbreviation("Miss", false, Some(',')).is_some());
        assert!(abbreviation("Miss", false, Some(' ')).is_none());
        assert!(abbreviation("Miss", true, Some(' ')).is_some());
        assert!(abbreviation("Pa", true, Some('m')).is_none());
        assert!(abbreviation("W.Va", true, None).is_some());
    }
}

//! Places linked to GeoNames: each place mention gets the entry it most likely names, with
//! its coordinates and GeoNames id.
//!
//! The table (`assets/gazetteers/geonames.tsv`, built by `tools/gazetteers/build.py` from
//! GeoNames data, CC BY 4.0) holds every country and every city above 15,000 people under
//! all their names, Arabic-script ones included. A name can stand for several places
//! ("Damascus" in Syria and in Maryland, "Tripoli" in Libya and Lebanon): the one chosen is
//! in a country the document mentions (by name, or as the country of a place that has only
//! one entry), else the most populous. A place the table does not know (a region, a
//! village, a base) stays a place without coordinates.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use super::fold::fold;
use super::model::{Detail, EntityKind, PlaceLink};
use super::pipeline::Pass;
use super::words::FastHash;

pub(super) const GEONAMES: &str = include_str!("../../assets/gazetteers/geonames.tsv");

/// One GeoNames entry.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Place {
    geonameid: u32,
    country: [u8; 2],
    lat_e5: i32,
    lon_e5: i32,
    population: u64,
}

/// The places and their names.
pub struct Places {
    places: Vec<Place>,
    /// Folded name -> indices into `places`, most populous first.
    by_name: HashMap<Box<str>, Vec<u32>, FastHash>,
    /// Indices of the countries themselves, by country code.
    countries: HashMap<[u8; 2], u32, FastHash>,
}

impl Places {
    /// The embedded table, parsed on first use (tens of milliseconds).
    pub fn shared() -> &'static Places {
        static PLACES: OnceLock<Places> = OnceLock::new();
        PLACES.get_or_init(|| Places::parse(GEONAMES))
    }

    /// Parses a table; malformed lines are skipped.
    fn parse(table: &str) -> Self {
        let mut places = Vec::new();
        let mut by_name: HashMap<Box<str>, Vec<u32>, FastHash> = HashMap::default();
        let mut countries = HashMap::default();
        let lines = table
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        for line in lines {
            let mut cols = line.split('\t');
            let (Some(id), Some(cc), Some(lat), Some(lon), Some(pop)) = (
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
            ) else {
                continue;
            };
            let (Ok(geonameid), Ok(lat), Ok(lon)) =
                (id.parse(), lat.parse::<f64>(), lon.parse::<f64>())
            else {
                continue;
            };
            let country = match cc.as_bytes() {
                [a, b] => [*a, *b],
                _ => [b' ', b' '],
            };
            let index = u32::try_from(places.len()).unwrap_or(u32::MAX);
            let names: Vec<&str> = cols.collect();
            places.push(Place {
                geonameid,
                country,
                lat_e5: (lat * 1e5).round() as i32,
                lon_e5: (lon * 1e5).round() as i32,
                population: pop.parse().unwrap_or(0),
            });
            // Countries come first in the table: the first entry of a code is the country.
            if places.len() <= COUNTRY_ROWS_AT_MOST && !countries.contains_key(&country) {
                countries.insert(country, index);
            }
            let mut seen: HashSet<String, FastHash> = HashSet::default();
            for name in names {
                let f = fold(name.trim());
                if f.is_empty() || !seen.insert(f.clone()) {
                    continue;
                }
                by_name.entry(f.into_boxed_str()).or_default().push(index);
            }
        }
        for list in by_name.values_mut() {
            list.sort_by_key(|&i| {
                std::cmp::Reverse(places.get(i as usize).map_or(0, |p: &Place| p.population))
            });
        }
        Self {
            places,
            by_name,
            countries,
        }
    }

    /// The entries a folded name may stand for, most populous first.
    fn candidates(&self, folded: &str) -> &[u32] {
        self.by_name.get(folded).map_or(&[], Vec::as_slice)
    }

    /// The population of the largest place a folded name may stand for (0 if none).
    pub fn largest_population(&self, folded: &str) -> u64 {
        self.candidates(folded)
            .first()
            .and_then(|&i| self.places.get(i as usize))
            .map_or(0, |p| p.population)
    }

    fn is_country(&self, i: u32) -> bool {
        self.places
            .get(i as usize)
            .is_some_and(|p| self.countries.get(&p.country) == Some(&i))
    }

    fn link(&self, i: u32) -> Option<PlaceLink> {
        let p = self.places.get(i as usize)?;
        Some(PlaceLink {
            geonameid: p.geonameid,
            lat_e5: p.lat_e5,
            lon_e5: p.lon_e5,
            country: String::from_utf8_lossy(&p.country).trim().to_owned(),
        })
    }
}

/// The table lists the countries (about 250) before the cities.
const COUNTRY_ROWS_AT_MOST: usize = 260;

/// Links the places of `pass` to their GeoNames entries.
pub fn link(pass: &mut Pass, places: &Places) {
    // Each place mention's candidates, by its key and by its text.
    let mut found: Vec<(usize, Vec<u32>)> = Vec::new();
    for (c, cand) in pass.cands.iter().enumerate() {
        if cand.dead || cand.kind != EntityKind::Loc || cand.detail.is_some() {
            continue;
        }
        let mut list: Vec<u32> = places.candidates(&fold(&cand.key)).to_vec();
        let text = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
        for &i in places.candidates(&text) {
            if !list.contains(&i) {
                list.push(i);
            }
        }
        if !list.is_empty() {
            found.push((c, list));
        }
    }
    // The document's countries: those it names, and those of places with one entry.
    let mut named: HashSet<[u8; 2], FastHash> = HashSet::default();
    let mut implied: HashSet<[u8; 2], FastHash> = HashSet::default();
    for (_, list) in &found {
        let countries: Vec<[u8; 2]> = list
            .iter()
            .filter_map(|&i| places.places.get(i as usize).map(|p| p.country))
            .collect();
        if let Some(&first) = list.first()
            && places.is_country(first)
            && let Some(&cc) = countries.first()
        {
            named.insert(cc);
        } else if let [cc] = countries.as_slice() {
            implied.insert(*cc);
        }
    }
    for (c, list) in found {
        let best = list.iter().copied().max_by_key(|&i| {
            let Some(p) = places.places.get(i as usize) else {
                return (0, 0, 0);
            };
            let context = if named.contains(&p.country) {
                2
            } else {
                u8::from(implied.contains(&p.country))
            };
            // A country's own name names the country ("Jordan", "Georgia").
            (u8::from(places.is_country(i)), context, p.population)
        });
        if let (Some(best), Some(cand)) = (best, pass.cands.get_mut(c))
            && let Some(link) = places.link(best)
        {
            cand.detail = Some(Box::new(Detail::Place(link)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_of(name: &str, context: &str) -> Option<PlaceLink> {
        let places = Places::shared();
        let list = places.candidates(&fold(name));
        let _ = context;
        list.first().and_then(|&i| places.link(i))
    }

    #[test]
    fn the_table_knows_countries_and_cities_under_all_their_names() {
        let damascus = place_of("Damascus", "").expect("Damascus");
        assert_eq!(damascus.geonameid, 170654);
        assert_eq!(damascus.country, "SY");
        assert!((damascus.lat() - 33.51).abs() < 0.01 && (damascus.lon() - 36.29).abs() < 0.01);
        assert_eq!(place_of("دمشق", "").map(|p| p.geonameid), Some(170654));
        assert_eq!(place_of("Tartus", "").map(|p| p.geonameid), Some(163345));
        assert_eq!(place_of("Mosul", "").map(|p| p.geonameid), Some(99072));
        let syria = place_of("Syria", "").expect("Syria");
        assert_eq!(syria.country, "SY");
        assert!(Places::shared().is_country(Places::shared().candidates("syria")[0]));
    }
}

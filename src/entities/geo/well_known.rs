//! The recogniser's table of well-known cities: every country and every city above 15,000
//! people (`assets/gazetteers/geonames.tsv`, GeoNames, CC BY 4.0), read by the gazetteer stage
//! to tell a well-known place ("Mosul", written in lower case too) from a small one. It is
//! part of the model's features (`gazetteer::DATA`), so it stays as the model was trained on;
//! place mentions are linked to the larger table of [`super::table`].

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::fold::fold;
use super::super::words::FastHash;

pub(in crate::entities) const GEONAMES: &str =
    include_str!("../../../assets/gazetteers/geonames.tsv");

/// The population of the largest place of each name.
pub struct Places {
    /// Folded name -> the largest population of the places it names.
    largest: HashMap<Box<str>, u64, FastHash>,
}

impl Places {
    /// The embedded table, parsed on first use (tens of milliseconds).
    pub fn shared() -> &'static Places {
        static PLACES: OnceLock<Places> = OnceLock::new();
        PLACES.get_or_init(|| Places::parse(GEONAMES))
    }

    /// Parses `ID, COUNTRY, LAT, LON, POPULATION, NAME, ALIAS...` lines; malformed lines are
    /// skipped.
    fn parse(table: &str) -> Self {
        let mut largest: HashMap<Box<str>, u64, FastHash> = HashMap::default();
        let lines = table
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'));
        for line in lines {
            let mut cols = line.split('\t');
            let (Some(id), Some(_), Some(_), Some(_), Some(pop)) = (
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
                cols.next(),
            ) else {
                continue;
            };
            if id.parse::<u32>().is_err() {
                continue;
            }
            let population = pop.parse().unwrap_or(0);
            for name in cols {
                let f = fold(name.trim());
                if f.is_empty() {
                    continue;
                }
                let entry = largest.entry(f.into_boxed_str()).or_insert(0);
                *entry = (*entry).max(population);
            }
        }
        Self { largest }
    }

    /// The population of the largest place a folded name may stand for (0 if none).
    pub fn largest_population(&self, folded: &str) -> u64 {
        self.largest.get(folded).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_well_known_table_gives_the_largest_population_of_a_name() {
        let places = Places::shared();
        assert!(places.largest_population("damascus") > 1_000_000);
        assert!(places.largest_population("mosul") > 500_000);
        assert_eq!(places.largest_population("no such place"), 0);
    }
}

//! The places mentions are linked to: continents, countries, first-level administrative
//! regions and every GeoNames place of at least 1,000 people (`assets/gazetteers/places.tsv`,
//! built by `tools/gazetteers/build.py`), and the curated bases, dams, camps and crossings of
//! `assets/gazetteers/curated_places.tsv`. Parsed on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::fold::fold;
use super::super::words::FastHash;

const PLACES: &str = include_str!("../../../assets/gazetteers/places.tsv");
const CURATED: &str = include_str!("../../../assets/gazetteers/curated_places.tsv");

/// The data the linking rests on (for the recogniser's cache fingerprint).
pub(in crate::entities) const DATA: [&str; 2] = [PLACES, CURATED];

/// Ids from here on are Dossier's own (regions the sources give no GeoNames id, curated
/// places): they have no page on geonames.org.
pub const OWN_IDS: u32 = 4_000_000_000;

/// What kind of place an entry is (GeoNames feature class and code, simplified).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// A continent (GeoNames L.CONT), an ocean or a region of the world (curated).
    Continent,
    /// A country (A.PCLI).
    Country,
    /// A first-level administrative region: state, province, governorate (A.ADM1).
    Region,
    /// A second-level region named "... County" (A.ADM2).
    County,
    /// A country's capital (P.PPLC).
    Capital,
    /// A populated place (P.PPL*).
    Town,
    /// A base, dam, camp or crossing of the curated list.
    Site,
}

impl Class {
    fn parse(code: &str) -> Class {
        match code {
            "CONT" | "AREA" => Class::Continent,
            "PCLI" => Class::Country,
            "ADM1" => Class::Region,
            "ADM2" => Class::County,
            "PPLC" => Class::Capital,
            "SITE" => Class::Site,
            _ => Class::Town,
        }
    }
}

/// One place of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub geonameid: u32,
    /// ISO 3166 country code, `[b' ', b' ']` for none (a continent).
    pub country: [u8; 2],
    /// The GeoNames code of its first-level region within the country ("VA", "13"), if known.
    pub admin1: Box<str>,
    pub class: Class,
    pub lat_e5: i32,
    pub lon_e5: i32,
    /// People living there; 0 when GeoNames does not say.
    pub population: u64,
    /// Its name in GeoNames ("Madaya" for Maḑāyā: the first Latin-script name listed).
    pub name: Box<str>,
}

impl Entry {
    /// The country code as text ("SY"; empty for none).
    pub fn country_code(&self) -> &str {
        std::str::from_utf8(&self.country).unwrap_or("").trim()
    }
}

/// The table and its names.
pub struct Table {
    entries: Vec<Entry>,
    /// Folded name -> indices into `entries`.
    by_name: HashMap<Box<str>, Vec<u32>, FastHash>,
    by_id: HashMap<u32, u32, FastHash>,
    /// Country code -> the country's entry.
    countries: HashMap<[u8; 2], u32, FastHash>,
    /// (country, admin1 code) -> the region's entry.
    regions: HashMap<([u8; 2], Box<str>), u32, FastHash>,
    /// Consonant skeleton of the names of the larger places ("drzr" for "Deir ez-Zor")
    /// -> indices: transliterations of one Arabic name differ in their vowels and articles.
    by_skeleton: HashMap<Box<str>, Vec<u32>, FastHash>,
    /// Folded nationality ("syrian") -> the country's entry.
    demonyms: HashMap<Box<str>, u32, FastHash>,
}

impl Table {
    /// The embedded table, parsed on first use.
    pub fn shared() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| Table::parse(PLACES, CURATED))
    }

    /// Parses the generated table and the curated list; malformed lines are skipped.
    pub fn parse(places: &str, curated: &str) -> Self {
        let mut table = Table {
            entries: Vec::with_capacity(180_000),
            by_name: HashMap::default(),
            by_skeleton: HashMap::default(),
            by_id: HashMap::default(),
            countries: HashMap::default(),
            regions: HashMap::default(),
            demonyms: HashMap::default(),
        };
        for line in data_lines(places) {
            let mut cols = line.split('\t');
            let mut next = || cols.next().unwrap_or("");
            let (id, cc, admin1, class, lat, lon, pop) =
                (next(), next(), next(), next(), next(), next(), next());
            let names: Vec<&str> = cols.collect();
            if class == "DEMONYM" {
                table.add_demonyms(id, &names);
            } else {
                table.add(&[id, cc, admin1, class, lat, lon, pop], &names);
            }
        }
        for line in data_lines(curated) {
            let cols: Vec<&str> = line
                .split('\t')
                .take_while(|c| !c.starts_with('#'))
                .collect();
            let [id, cc, class, lat, lon, names @ ..] = cols.as_slice() else {
                continue;
            };
            match id.parse::<u32>().ok().and_then(|id| table.index_of(id)) {
                // A GeoNames entry: the curated names are more of its names.
                Some(i) => table.add_names(i, names),
                None => table.add(&[id, cc, "", class, lat, lon, "0"], names),
            }
        }
        table
    }

    fn add(&mut self, cols: &[&str; 7], names: &[&str]) {
        let [id, cc, admin1, class, lat, lon, pop] = *cols;
        let (Ok(geonameid), Ok(lat), Ok(lon)) =
            (id.parse::<u32>(), lat.parse::<f64>(), lon.parse::<f64>())
        else {
            return;
        };
        let Some(name) = names.first().map(|n| n.trim()).filter(|n| !n.is_empty()) else {
            return;
        };
        let country = match cc.as_bytes() {
            [a, b] => [*a, *b],
            _ => [b' ', b' '],
        };
        let class = Class::parse(class);
        let Ok(index) = u32::try_from(self.entries.len()) else {
            return;
        };
        self.entries.push(Entry {
            geonameid,
            country,
            admin1: admin1.into(),
            class,
            lat_e5: (lat * 1e5).round() as i32,
            lon_e5: (lon * 1e5).round() as i32,
            population: pop.parse().unwrap_or(0),
            name: name.into(),
        });
        self.by_id.entry(geonameid).or_insert(index);
        match class {
            Class::Country => {
                self.countries.entry(country).or_insert(index);
            }
            Class::Region => {
                self.regions
                    .entry((country, admin1.into()))
                    .or_insert(index);
            }
            _ => {}
        }
        self.add_names(index, names);
    }

    fn add_names(&mut self, index: u32, names: &[&str]) {
        // GeoNames gives no population for some towns of its 1,000-people list ("Tall
        // Abyad"): unknown, not small.
        let spelled_many_ways = self.entry(index).is_some_and(|e| {
            e.population >= SKELETON_MIN_POPULATION
                || e.population == 0
                || !matches!(e.class, Class::Town)
        });
        for name in names {
            let f = fold(name.trim());
            if f.is_empty() {
                continue;
            }
            if spelled_many_ways && let Some(k) = skeleton(&f) {
                let list = self.by_skeleton.entry(k.into_boxed_str()).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            }
            // "Tal-Abyad" is also written "Tal Abyad".
            let spaced = f.contains('-').then(|| f.replace('-', " "));
            for f in [Some(f), spaced].into_iter().flatten() {
                let list = self.by_name.entry(f.into_boxed_str()).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            }
        }
    }

    fn add_demonyms(&mut self, id: &str, names: &[&str]) {
        let Some(country) = id.parse().ok().and_then(|id| self.index_of(id)) else {
            return;
        };
        let population = self.entry(country).map_or(0, |e| e.population);
        for name in names {
            let name = fold(name.trim()).into_boxed_str();
            // A nationality several countries give ("Chinese": China, Macao) is the largest's.
            let taken = self.demonyms.get(&name).and_then(|&i| self.entry(i));
            if taken.is_none_or(|e| e.population < population) {
                self.demonyms.insert(name, country);
            }
        }
    }

    /// The country of a folded nationality ("syrian" -> Syria).
    pub fn demonym(&self, folded: &str) -> Option<u32> {
        self.demonyms.get(folded).copied()
    }

    /// The index of the entry of a GeoNames (or Dossier) id.
    pub fn index_of(&self, geonameid: u32) -> Option<u32> {
        self.by_id.get(&geonameid).copied()
    }

    /// The entries whose name is spelled like a folded name but for its vowels and articles
    /// ("dayr az zayr" for Deir ez-Zor), as indices.
    pub fn spelled_like(&self, folded: &str) -> &[u32] {
        skeleton(folded)
            .and_then(|k| self.by_skeleton.get(k.as_str()))
            .map_or(&[], Vec::as_slice)
    }

    /// The entries a folded name may stand for, as indices.
    pub fn named(&self, folded: &str) -> &[u32] {
        self.by_name.get(folded).map_or(&[], Vec::as_slice)
    }

    /// Every folded name with the entries it stands for (for indexes built on the table).
    pub fn names(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.by_name.iter().map(|(k, v)| (&**k, v.as_slice()))
    }

    /// The entry at `index`.
    pub fn entry(&self, index: u32) -> Option<&Entry> {
        self.entries.get(index as usize)
    }

    /// The entry of a GeoNames (or Dossier) id.
    pub fn by_id(&self, geonameid: u32) -> Option<&Entry> {
        self.index_of(geonameid).and_then(|i| self.entry(i))
    }

    /// The country an entry is in, as its own entry.
    pub fn country_of(&self, e: &Entry) -> Option<&Entry> {
        self.countries.get(&e.country).and_then(|&i| self.entry(i))
    }

    /// The first-level region an entry is in, as its own entry.
    /// The first-level region of a country by its GeoNames code ("US", "MD").
    pub fn region(&self, country: [u8; 2], admin1: &str) -> Option<&Entry> {
        self.regions
            .get(&(country, Box::from(admin1)))
            .and_then(|&i| self.entry(i))
    }

    /// The continent (or region of the world) of a folded name.
    pub fn continent(&self, folded: &str) -> Option<&Entry> {
        self.named(folded)
            .iter()
            .filter_map(|&i| self.entry(i))
            .find(|e| e.class == Class::Continent)
    }

    pub fn region_of(&self, e: &Entry) -> Option<&Entry> {
        if e.admin1.is_empty() || e.class <= Class::Region {
            return None;
        }
        self.regions
            .get(&(e.country, e.admin1.clone()))
            .and_then(|&i| self.entry(i))
    }

    /// "Madaya, Syria", "Woodbridge, Virginia, United States", "Syria": the entry's name
    /// with the region and country it is in.
    pub fn label(&self, e: &Entry) -> String {
        let mut out = e.name.to_string();
        if let Some(r) = self.region_of(e).filter(|r| r.name != e.name) {
            out.push_str(", ");
            out.push_str(&r.name);
        }
        if e.class != Class::Country
            && let Some(c) = self.country_of(e)
        {
            out.push_str(", ");
            out.push_str(&c.name);
        }
        out
    }
}

/// Towns this large (and every region, country and site) are also found by the skeleton of
/// their names.
const SKELETON_MIN_POPULATION: u64 = 15_000;

/// The consonants of a folded Latin-script name without its Arabic articles ("al-", "ez-"),
/// doubled letters once: "deir ez-zor", "dayr az zawr" and "dayr az zayr" are all "drzr".
/// `None` for other scripts or fewer than three consonants.
/// The Arabic articles of transliterated names ("al-", "ez-").
const ARTICLES: &[&str] = &[
    "al", "el", "ad", "ed", "ar", "er", "as", "es", "at", "et", "az", "ez", "an", "en", "ash",
    "esh", "ath", "adh", "ul",
];

fn skeleton(folded: &str) -> Option<String> {
    let mut out = String::new();
    for word in folded.split([' ', '-', '\'', '’']) {
        if word.is_empty() || ARTICLES.contains(&word) {
            continue;
        }
        for c in word.chars() {
            if !c.is_ascii_alphabetic() {
                if c.is_alphabetic() {
                    return None;
                }
                continue;
            }
            if "aeiouyw".contains(c) || out.ends_with(c) {
                continue;
            }
            out.push(c);
        }
    }
    (out.len() >= 3).then_some(out)
}

fn data_lines(table: &str) -> impl Iterator<Item = &str> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(name: &str) -> Vec<(&'static str, &'static str, Class)> {
        let t = Table::shared();
        t.named(&fold(name))
            .iter()
            .filter_map(|&i| t.entry(i))
            .map(|e| (e.country_code(), &*e.name, e.class))
            .collect()
    }

    #[test]
    fn transliterations_share_a_skeleton() {
        assert_eq!(skeleton("deir ez-zor").as_deref(), Some("drzr"));
        assert_eq!(skeleton("dayr az zayr").as_deref(), Some("drzr"));
        assert_eq!(skeleton("dayr az-zawr").as_deref(), Some("drzr"));
        assert_eq!(skeleton("دمشق"), None);
        let t = Table::shared();
        assert!(
            t.spelled_like("dayr az zayr")
                .iter()
                .filter_map(|&i| t.entry(i))
                .any(|e| e.geonameid == 170794)
        );
    }

    #[test]
    fn the_table_holds_countries_regions_towns_and_curated_sites_under_their_names() {
        let t = Table::shared();
        assert!(first("Syria").contains(&("SY", "Syria", Class::Country)));
        assert!(first("Virginia").contains(&("US", "Virginia", Class::Region)));
        assert!(first("Madaya").iter().any(|(cc, _, _)| *cc == "SY"));
        assert!(first("مضايا").iter().any(|(cc, _, _)| *cc == "SY"));
        assert!(first("Palmyra").iter().any(|(cc, _, _)| *cc == "SY"));
        assert!(first("Hmeimim").contains(&("SY", "Hmeimim", Class::Site)));
        // A curated name added to a GeoNames entry.
        let kobani = t.named("kobani").iter().filter_map(|&i| t.entry(i));
        assert!(kobani.clone().any(|e| e.geonameid == 172256));
        let woodbridge = t
            .named("woodbridge")
            .iter()
            .filter_map(|&i| t.entry(i))
            .find(|e| e.admin1.as_ref() == "VA")
            .expect("Woodbridge, Virginia");
        assert_eq!(t.label(woodbridge), "Woodbridge, Virginia, United States");
    }
}

//! The places mentions are linked to: continents, countries, first-level administrative
//! regions and every GeoNames place of at least 1,000 people (`assets/gazetteers/places.tsv`,
//! built by `tools/gazetteers/build.py`), and the curated bases, dams, camps and crossings of
//! `assets/gazetteers/curated_places.tsv`. Parsed on first use.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::super::fold::{fold, fold_into};
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
    by_name: NameIndex,
    by_id: HashMap<u32, u32, FastHash>,
    /// Country code -> the country's entry.
    countries: HashMap<[u8; 2], u32, FastHash>,
    /// (country, admin1 code) -> the region's entry.
    regions: HashMap<([u8; 2], Box<str>), u32, FastHash>,
    /// Consonant skeleton of the names of the larger places ("drzr" for "Deir ez-Zor")
    /// -> indices: transliterations of one Arabic name differ in their vowels and articles.
    by_skeleton: NameIndex,
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
    ///
    /// One pass with no allocation per name (each is folded into a reused buffer and
    /// appended to its index's pairs), then one sort of each index's pairs (see
    /// [`NameIndex`]). The table's first use is timed by `cargo bench --bench entities`.
    pub fn parse(places: &str, curated: &str) -> Self {
        // About 70 bytes and 2.4 names a row, and a skeleton for a quarter of the names.
        let rows = places.len() / 68;
        let mut table = Table {
            entries: Vec::with_capacity(rows + 64),
            by_name: NameIndex::default(),
            by_skeleton: NameIndex::default(),
            by_id: HashMap::with_capacity_and_hasher(rows + 64, FastHash::default()),
            countries: HashMap::default(),
            regions: HashMap::default(),
            demonyms: HashMap::default(),
        };
        let mut buffers = Buffers {
            names: IndexBuilder::with_capacity(rows * 5 / 2, places.len() / 2),
            skeletons: IndexBuilder::with_capacity(rows * 2 / 3, places.len() / 16),
            ..Buffers::default()
        };
        let mut names: Vec<&str> = Vec::new();
        for line in data_lines(places) {
            let mut cols = line.split('\t');
            let mut next = || cols.next().unwrap_or("");
            let (id, cc, admin1, class, lat, lon, pop) =
                (next(), next(), next(), next(), next(), next(), next());
            names.clear();
            names.extend(cols);
            if class == "DEMONYM" {
                table.add_demonyms(id, &names);
            } else {
                table.add(
                    &[id, cc, admin1, class, lat, lon, pop],
                    &names,
                    &mut buffers,
                );
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
            // A region is written with its GeoNames admin1 code, "ADM1.DC", so that its
            // towns are found in it.
            let (class, admin1) = class.split_once('.').unwrap_or((class, ""));
            match id.parse::<u32>().ok().and_then(|id| table.index_of(id)) {
                // A GeoNames entry: the curated names are more of its names.
                Some(i) => table.add_names(i, names, &mut buffers),
                None => table.add(&[id, cc, admin1, class, lat, lon, "0"], names, &mut buffers),
            }
        }
        table.by_name = buffers.names.finish();
        table.by_skeleton = buffers.skeletons.finish();
        table
    }

    fn add(&mut self, cols: &[&str; 7], names: &[&str], buffers: &mut Buffers) {
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
        self.add_names(index, names, buffers);
    }

    fn add_names(&mut self, index: u32, names: &[&str], buffers: &mut Buffers) {
        // GeoNames gives no population for some towns of its 1,000-people list ("Tall
        // Abyad"): unknown, not small.
        let spelled_many_ways = self.entry(index).is_some_and(|e| {
            e.population >= SKELETON_MIN_POPULATION
                || e.population == 0
                || !matches!(e.class, Class::Town)
        });
        let transliterated = self
            .entry(index)
            .is_some_and(|e| super::resolve::TRANSLITERATED.contains(&e.country_code()));
        let Buffers {
            folded,
            other,
            names: by_name,
            skeletons,
        } = buffers;
        for &name in names {
            let name = name.trim();
            if name.is_ascii() {
                // What `fold` gives an ASCII name, without a lookup per char.
                folded.clear();
                folded.push_str(name);
                folded.make_ascii_lowercase();
            } else {
                fold_into(name, folded);
            }
            if folded.is_empty() {
                continue;
            }
            if spelled_many_ways && skeleton_into(folded, other) {
                skeletons.add(other, index);
            }
            by_name.add(folded, index);
            // "Tal-Abyad" is also written "Tal Abyad".
            if folded.contains('-') {
                other.clear();
                other.extend(folded.chars().map(|c| if c == '-' { ' ' } else { c }));
                by_name.add(other, index);
            }
            // GeoNames writes the ayn and the hamza of Arabic names ("‘Anah", "Sana'a"), the
            // news mostly not ("Anah", "Sanaa"): the name without them is the name too.
            if transliterated && folded.contains('\'') {
                other.clear();
                other.extend(folded.chars().filter(|&c| c != '\''));
                if !other.is_empty() {
                    by_name.add(other, index);
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
        skeleton(folded).map_or(&[], |k| self.by_skeleton.get(&k))
    }

    /// The entries a folded name may stand for, as indices.
    pub fn named(&self, folded: &str) -> &[u32] {
        self.by_name.get(folded)
    }

    /// Every folded name with the entries it stands for (for indexes built on the table).
    pub fn names(&self) -> impl Iterator<Item = (&str, &[u32])> {
        self.by_name.iter()
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
    skeleton_into(folded, &mut out).then_some(out)
}

/// [`skeleton`] into `out` (cleared first), without allocating once `out` has grown;
/// false where `skeleton` gives `None`.
fn skeleton_into(folded: &str, out: &mut String) -> bool {
    out.clear();
    for word in folded.split([' ', '-', '\'', '’']) {
        if word.is_empty() || ARTICLES.contains(&word) {
            continue;
        }
        for c in word.chars() {
            if !c.is_ascii_alphabetic() {
                if c.is_alphabetic() {
                    return false;
                }
                continue;
            }
            if "aeiouyw".contains(c) || out.ends_with(c) {
                continue;
            }
            out.push(c);
        }
    }
    out.len() >= 3
}

/// Keys (folded names, skeletons) -> entries. Built in one sort of every (key, entry)
/// pair rather than by inserting each pair into a hash map (a cache miss or two per name
/// for half a million names): the pairs are sorted by the first bits of their key's hash
/// (a counting sort, so the order they were added in holds within a key), which puts each
/// key's entries side by side; `starts` gives where each value of those first bits begins.
#[derive(Default)]
struct NameIndex {
    /// The keys, one after the other (each pair's key, before the sort).
    keys: String,
    /// How many first bits of a hash pick its bucket.
    bits: u32,
    /// Bucket `b`'s pairs are `pairs[starts[b]..starts[b + 1]]`.
    starts: Vec<u32>,
    /// Each pair's key: its hash and its bytes in `keys`, sorted by bucket, then hash, then
    /// the order the pairs were added in; each key's entries once.
    pairs: Vec<(u64, u32, u32)>,
    /// The entry of each pair.
    entries: Vec<u32>,
    /// Keys whose hash an earlier key has (none in the shipped table; kept so that such a
    /// key is still found, and found alone).
    collided: HashMap<Box<str>, Vec<u32>, FastHash>,
}

/// The (key, entry) pairs of an index, in the order they are added.
#[derive(Default)]
struct IndexBuilder {
    keys: String,
    /// (hash, key start, key length, entry)
    pairs: Vec<(u64, u32, u32, u32)>,
}

impl IndexBuilder {
    fn with_capacity(pairs: usize, bytes: usize) -> Self {
        Self {
            keys: String::with_capacity(bytes),
            pairs: Vec::with_capacity(pairs),
        }
    }

    fn add(&mut self, key: &str, entry: u32) {
        let (Ok(start), Ok(len)) = (u32::try_from(self.keys.len()), u32::try_from(key.len()))
        else {
            return;
        };
        self.keys.push_str(key);
        self.pairs.push((key_hash(key), start, len, entry));
    }

    fn finish(self) -> NameIndex {
        let IndexBuilder { keys, pairs } = self;
        // About two pairs a bucket.
        let bits = (pairs.len().max(2).next_power_of_two().trailing_zeros()).saturating_sub(1);
        let bucket_of = |h: u64| {
            if bits == 0 {
                0
            } else {
                (h >> (64 - bits)) as usize
            }
        };
        // Counting sort by bucket: stable, in two passes over the pairs.
        let mut starts = vec![0u32; (1 << bits) + 1];
        for p in &pairs {
            if let Some(n) = starts.get_mut(bucket_of(p.0) + 1) {
                *n += 1;
            }
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        let mut next = starts.clone();
        let mut sorted = vec![(0u64, 0u32, 0u32, 0u32); pairs.len()];
        for p in &pairs {
            if let Some(at) = next.get_mut(bucket_of(p.0))
                && let Some(slot) = sorted.get_mut(*at as usize)
            {
                *slot = *p;
                *at += 1;
            }
        }
        drop(pairs);
        let key_of = |start: u32, len: u32| {
            keys.get(start as usize..(start as usize + len as usize))
                .unwrap_or("")
        };
        let mut index = NameIndex {
            bits,
            starts: vec![0; starts.len()],
            pairs: Vec::with_capacity(sorted.len()),
            entries: Vec::with_capacity(sorted.len()),
            collided: HashMap::default(),
            keys: String::new(),
        };
        for b in 0..starts.len().saturating_sub(1) {
            let (from, to) = (starts[b] as usize, starts[b + 1] as usize);
            let Some(bucket) = sorted.get_mut(from..to) else {
                continue;
            };
            // Stable: a key's entries stay in the order they were added.
            bucket.sort_by_key(|p| p.0);
            // The run of pairs of one hash: its first pair's key, and where its kept
            // pairs begin.
            let (mut run, mut kept) = ((0, 0, 0), index.pairs.len());
            for (i, &(hash, start, len, entry)) in bucket.iter().enumerate() {
                if i == 0 || run.0 != hash {
                    run = (hash, start, len);
                    kept = index.pairs.len();
                }
                let (_, first_start, first_len) = run;
                let key = key_of(start, len);
                if key != key_of(first_start, first_len) {
                    let list = index.collided.entry(key.into()).or_default();
                    if !list.contains(&entry) {
                        list.push(entry);
                    }
                    continue;
                }
                if index
                    .entries
                    .get(kept..)
                    .is_some_and(|l| l.contains(&entry))
                {
                    continue;
                }
                index.pairs.push((hash, first_start, first_len));
                index.entries.push(entry);
            }
            if let Some(end) = index.starts.get_mut(b + 1) {
                *end = u32::try_from(index.pairs.len()).unwrap_or(u32::MAX);
            }
        }
        index.keys = keys;
        index
    }
}

impl NameIndex {
    /// Every key with its entries, in no particular order: a run of pairs of one hash is
    /// one key (a colliding key is in `collided`).
    fn iter(&self) -> impl Iterator<Item = (&str, &[u32])> {
        let mut at = 0;
        let runs = self
            .pairs
            .chunk_by(|a, b| a.0 == b.0)
            .filter_map(move |run| {
                let from = at;
                at += run.len();
                let &(_, start, len) = run.first()?;
                let key = self
                    .keys
                    .get(start as usize..(start as usize + len as usize))?;
                Some((key, self.entries.get(from..at)?))
            });
        runs.chain(self.collided.iter().map(|(k, v)| (&**k, v.as_slice())))
    }

    /// The entries of `key`, in the order they were added.
    fn get(&self, key: &str) -> &[u32] {
        let hash = key_hash(key);
        let b = if self.bits == 0 {
            0
        } else {
            (hash >> (64 - self.bits)) as usize
        };
        let (Some(&from), Some(&to)) = (self.starts.get(b), self.starts.get(b + 1)) else {
            return &[];
        };
        let Some(bucket) = self.pairs.get(from as usize..to as usize) else {
            return &[];
        };
        let Some(first) = bucket.iter().position(|p| p.0 == hash) else {
            return &[];
        };
        let len = bucket[first..].iter().take_while(|p| p.0 == hash).count();
        let (_, start, klen) = bucket[first];
        let stored = self
            .keys
            .get(start as usize..(start as usize + klen as usize))
            .unwrap_or("");
        if stored == key {
            let at = from as usize + first;
            self.entries.get(at..at + len).unwrap_or(&[])
        } else {
            self.collided.get(key).map_or(&[], Vec::as_slice)
        }
    }

    /// How many keys it holds.
    #[cfg(test)]
    fn len(&self) -> usize {
        let mut n = self.collided.len();
        for (i, p) in self.pairs.iter().enumerate() {
            if i == 0 || self.pairs[i - 1].0 != p.0 {
                n += 1;
            }
        }
        n
    }
}

/// A key's 64-bit hash: FNV-1a, its bits then mixed (MurmurHash3's finaliser), as its
/// first bits pick the key's bucket.
fn key_hash(key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in key.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// What the table's parse builds up: the buffers a name is folded into, reused from name
/// to name, and the pairs of the two indexes.
#[derive(Default)]
struct Buffers {
    folded: String,
    /// Its skeleton, then its spaced form.
    other: String,
    names: IndexBuilder,
    skeletons: IndexBuilder,
}

fn data_lines(table: &str) -> impl Iterator<Item = &str> {
    table
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table as it was parsed before its indexes were made faster to build (7 December
    /// 2026): plain maps from each folded name and skeleton to the entries in the order
    /// they were added, each once; the table's lookups must give the same.
    #[derive(Default)]
    struct Reference {
        entries: Vec<Entry>,
        by_name: HashMap<String, Vec<u32>>,
        by_skeleton: HashMap<String, Vec<u32>>,
        by_id: HashMap<u32, u32>,
        demonyms: HashMap<String, u32>,
    }

    impl Reference {
        fn parse(places: &str, curated: &str) -> Self {
            let mut r = Reference::default();
            for line in data_lines(places) {
                let cols: Vec<&str> = line.split('\t').collect();
                let col = |i: usize| cols.get(i).copied().unwrap_or("");
                let names = cols.get(7..).unwrap_or_default();
                if col(3) == "DEMONYM" {
                    let Some(&country) = col(0).parse().ok().and_then(|id| r.by_id.get(&id)) else {
                        continue;
                    };
                    let population = r.entries[country as usize].population;
                    for name in names {
                        let name = fold(name.trim());
                        let taken = r.demonyms.get(&name).map(|&i| &r.entries[i as usize]);
                        if taken.is_none_or(|e| e.population < population) {
                            r.demonyms.insert(name, country);
                        }
                    }
                } else {
                    r.add(
                        [col(0), col(1), col(2), col(3), col(4), col(5), col(6)],
                        names,
                    );
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
                let (class, admin1) = class.split_once('.').unwrap_or((class, ""));
                match id.parse::<u32>().ok().and_then(|id| r.by_id.get(&id)) {
                    Some(&i) => r.add_names(i, names),
                    None => r.add([id, cc, admin1, class, lat, lon, "0"], names),
                }
            }
            r
        }

        fn add(&mut self, [id, cc, admin1, class, lat, lon, pop]: [&str; 7], names: &[&str]) {
            let (Ok(geonameid), Ok(lat), Ok(lon)) =
                (id.parse::<u32>(), lat.parse::<f64>(), lon.parse::<f64>())
            else {
                return;
            };
            let Some(name) = names.first().map(|n| n.trim()).filter(|n| !n.is_empty()) else {
                return;
            };
            let index = self.entries.len() as u32;
            self.entries.push(Entry {
                geonameid,
                country: match cc.as_bytes() {
                    [a, b] => [*a, *b],
                    _ => [b' ', b' '],
                },
                admin1: admin1.into(),
                class: Class::parse(class),
                lat_e5: (lat * 1e5).round() as i32,
                lon_e5: (lon * 1e5).round() as i32,
                population: pop.parse().unwrap_or(0),
                name: name.into(),
            });
            self.by_id.entry(geonameid).or_insert(index);
            self.add_names(index, names);
        }

        fn add_names(&mut self, index: u32, names: &[&str]) {
            let e = &self.entries[index as usize];
            let spelled_many_ways = e.population >= SKELETON_MIN_POPULATION
                || e.population == 0
                || e.class != Class::Town;
            let transliterated = super::super::resolve::TRANSLITERATED.contains(&e.country_code());
            let add = |map: &mut HashMap<String, Vec<u32>>, key: String| {
                let list = map.entry(key).or_default();
                if !list.contains(&index) {
                    list.push(index);
                }
            };
            for name in names {
                let f = fold(name.trim());
                if f.is_empty() {
                    continue;
                }
                if spelled_many_ways && let Some(k) = skeleton(&f) {
                    add(&mut self.by_skeleton, k);
                }
                let spaced = f.contains('-').then(|| f.replace('-', " "));
                let bare = (transliterated && f.contains('\'')).then(|| f.replace('\'', ""));
                add(&mut self.by_name, f);
                if let Some(spaced) = spaced {
                    add(&mut self.by_name, spaced);
                }
                if let Some(bare) = bare.filter(|b| !b.is_empty()) {
                    add(&mut self.by_name, bare);
                }
            }
        }
    }

    #[test]
    fn the_indexes_give_what_plain_maps_of_every_name_give() {
        let t = Table::shared();
        let r = Reference::parse(PLACES, CURATED);
        assert!(
            r.entries.len() > 170_000 && r.by_name.len() > 300_000,
            "{} {}",
            r.entries.len(),
            r.by_name.len()
        );
        assert_eq!(t.entries, r.entries);
        for (name, list) in &r.by_name {
            assert_eq!(t.named(name), list.as_slice(), "named {name:?}");
        }
        assert_eq!(t.by_name.len(), r.by_name.len());
        // Every name listed once, with its entries (the spelling-variant index reads them).
        let listed: HashMap<&str, &[u32]> = t.names().collect();
        assert_eq!(listed.len(), r.by_name.len());
        for (name, list) in &r.by_name {
            assert_eq!(
                listed.get(&**name).copied(),
                Some(list.as_slice()),
                "{name:?}"
            );
        }
        assert_eq!(t.by_skeleton.len(), r.by_skeleton.len());
        for (key, list) in &r.by_skeleton {
            assert_eq!(t.by_skeleton.get(key), list.as_slice(), "skeleton {key:?}");
        }
        // A respelling is looked up through its skeleton ("dayr az zayr": "drzr").
        for name in r.by_name.keys().step_by(97) {
            let expected = skeleton(name)
                .and_then(|k| r.by_skeleton.get(&k))
                .map_or(&[][..], Vec::as_slice);
            assert_eq!(t.spelled_like(name), expected, "spelled like {name:?}");
        }
        for (i, e) in r.entries.iter().enumerate() {
            assert_eq!(t.index_of(e.geonameid), r.by_id.get(&e.geonameid).copied());
            assert_eq!(t.entry(i as u32), Some(e));
        }
        assert_eq!(t.demonyms.len(), r.demonyms.len());
        for (name, &country) in &r.demonyms {
            assert_eq!(t.demonym(name), Some(country), "demonym {name:?}");
        }
    }

    fn first(name: &str) -> Vec<(&'static str, &'static str, Class)> {
        let t = Table::shared();
        t.named(&fold(name))
            .iter()
            .filter_map(|&i| t.entry(i))
            .map(|e| (e.country_code(), &*e.name, e.class))
            .collect()
    }

    /// The last column of a curated line: its source ("# GeoNames 172256 (...)").
    fn source_of(line: &str) -> Option<&str> {
        line.split('\t')
            .find(|c| c.starts_with('#'))
            .map(|c| c.trim_start_matches('#').trim())
    }

    #[test]
    fn every_curated_line_names_where_its_point_comes_from() {
        // A journalist may print these points: each says its source, and a point taken from
        // the table is the table's.
        let t = Table::shared();
        let mut lines = 0;
        for line in data_lines(CURATED) {
            lines += 1;
            let source = source_of(line).unwrap_or("");
            let cols: Vec<&str> = line.split('\t').collect();
            let class = cols.get(2).copied().unwrap_or("");
            let sourced = ["GeoNames ", "airportsdata "]
                .iter()
                .any(|s| source.contains(s))
                || (class == "AREA" && source.starts_with("An area"));
            assert!(
                sourced && source.contains("Wikipedia: "),
                "no source: {line}"
            );
            let (Some(id), Some(lat), Some(lon)) = (
                cols.first().and_then(|c| c.parse::<u32>().ok()),
                cols.get(3).and_then(|c| c.parse::<f64>().ok()),
                cols.get(4).and_then(|c| c.parse::<f64>().ok()),
            ) else {
                panic!("malformed: {line}");
            };
            // "the point of GeoNames 172374": that entry's point, to the metre.
            let named = source
                .split("GeoNames ")
                .nth(1)
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse::<u32>().ok());
            if let Some(e) = named.and_then(|g| t.index_of(g)).and_then(|i| t.entry(i)) {
                assert_eq!(
                    (t.index_of(id).is_some(), id == e.geonameid || id >= OWN_IDS),
                    (true, true),
                    "{line}"
                );
                let (dlat, dlon) = (
                    lat - f64::from(e.lat_e5) / 1e5,
                    lon - f64::from(e.lon_e5) / 1e5,
                );
                assert!(
                    dlat.abs() < 1e-4 && dlon.abs() < 1e-4,
                    "not GeoNames' point: {line}"
                );
            }
        }
        assert!(lines > 50, "{lines} curated lines");
        // The test itself: a line without a source fails it.
        assert_eq!(
            source_of("4100000002\tSY\tSITE\t35.8376\t38.5483\tTabqa Dam"),
            None
        );
    }

    #[test]
    fn english_and_former_names_name_their_city_and_no_other() {
        let t = Table::shared();
        let ids = |name: &str| -> Vec<u32> {
            t.named(&fold(name))
                .iter()
                .filter_map(|&i| t.entry(i))
                .map(|e| e.geonameid)
                .collect()
        };
        // Former names (time zones, an older GeoNames) and English ones (Webster's); not
        // "Chittagong", which names the division of Chattogram too.
        for (name, id) in [
            ("Bombay", 1275339),
            ("Calcutta", 1275004),
            ("Bangalore", 1277333),
            ("Saigon", 1566083),
            ("Peking", 1816670),
            ("Gurgaon", 1270642),
        ] {
            assert!(ids(name).contains(&id), "{name}: {:?}", ids(name));
        }
        // A name a larger town bears, or that names a battle, is not given to a small town
        // or to a city that once bore it among others: Alum Creek (West Virginia) lists
        // "Rome", Austin "Waterloo".
        assert!(!ids("Rome").contains(&4797174), "{:?}", ids("Rome"));
        assert!(!ids("Waterloo").contains(&4671654), "{:?}", ids("Waterloo"));
        // No town takes a country's name: Asuncion lists "Paraguay".
        assert!(!ids("Paraguay").contains(&3439389), "{:?}", ids("Paraguay"));
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

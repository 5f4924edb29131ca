//! Recognised mentions kept between sessions, so that reopening a project shows its entity
//! index in a fraction of the time recognition takes.
//!
//! One file per corpus (named by its folder, in the application's data folder) holds every
//! document's mentions with the hash of the text they were found in and the entity rules
//! they were found with. Loaded, it is a [`PreviousRecognition`]: the usual incremental
//! pass then reuses what still holds (same text, rules whose change cannot touch it) and
//! recognises the rest, so a stale entry costs time, never a wrong mention.
//!
//! The file is a cache, not a record: it is binary (1.8 million mentions load in tenths of a
//! second), written atomically, ends with a BLAKE3 checksum, and names the recogniser that
//! wrote it ([`recognizer_fingerprint`]: the crate version, the name lists and the source of
//! the recogniser). A damaged file, or one another recogniser wrote, is set aside with a
//! reason and recognition runs as on a first open.
//!
//! Layout (integers are LEB128 varints unless said otherwise):
//!
//! ```text
//! "DOSSIER-MENTIONS\n"  u32 LE format version
//! fingerprint           (string)
//! rules                 (string: the entity dictionary as JSON)
//! keys                  count, then each (string)
//! documents             count, then each: path (string), hash (string), byte length of
//!                       its mentions, then per mention: start - previous start, length,
//!                       kind (byte), origin (byte), key index, detail
//! detail                0 (none) | 1, title's key index | 2, value's key index + 1 (0:
//!                       none), granularity (byte), basis (byte), anchor's key index + 1,
//!                       slashed order (0 | 1 shown, order byte, example's key index | 2
//!                       the document's rule, order byte | 3 the project's, order byte) |
//!                       3, GeoNames id, latitude and longitude (zigzag, 1e-5 degrees),
//!                       country's key index
//! checksum              32 bytes: BLAKE3 of everything before it
//! ```
//! A string is its byte length then its UTF-8 bytes. The key table also holds the strings
//! of the details (titles, date values, country codes).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use super::corpus_index::EntityIndex;
use super::dictionary::EntityDictionary;
use super::incremental::{Found, PreviousRecognition};
use super::model::{
    DateBasis, DateValue, Detail, EntityKind, Granularity, Mention, NamedPlace, OrderReading,
    Origin, PlaceLink, SlashOrder,
};
use crate::corpus::{ContentHash, Corpus};

const MAGIC: &[u8] = b"DOSSIER-MENTIONS\n";
const FORMAT_VERSION: u32 = 6;
/// More other candidates than a place link lists: a damaged file.
const MAX_ALTERNATIVES: usize = 64;
const CHECKSUM_LEN: usize = 32;

/// Why a cache file was not used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// There is no cache file yet.
    #[error("no cached entities yet")]
    Missing,
    /// The cache file could not be read.
    #[error("cannot read the entity cache: {0}")]
    Io(#[from] std::io::Error),
    /// The cache file is damaged (what is wrong).
    #[error("the entity cache is damaged ({0}); entities will be recognised again")]
    Damaged(&'static str),
    /// The cache was written by a recogniser with another fingerprint.
    #[error("the entity cache was written by another version of the recogniser")]
    Stale,
}

/// The file caching the mentions of the corpus in `corpus_root`, inside `dir`.
pub fn cache_file(dir: &Path, corpus_root: &Path) -> PathBuf {
    let root = corpus_root.to_string_lossy();
    let hash = blake3::hash(root.as_bytes()).to_hex();
    dir.join(format!("{}.mentions", &hash.as_str()[..24]))
}

/// What identifies the recogniser's behaviour: its version, its name lists, its source, its
/// dependencies and the Unicode version.
/// A change to any of them makes older caches stale.
pub fn recognizer_fingerprint() -> &'static str {
    static FINGERPRINT: OnceLock<String> = OnceLock::new();
    FINGERPRINT.get_or_init(|| {
        let mut hasher = blake3::Hasher::new();
        hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
        // Recognition also rests on std's Unicode tables and on dependencies (regex,
        // unicode-segmentation, aho-corasick): a new toolchain or lock file is a new
        // recogniser too.
        hasher.update(char::UNICODE_VERSION.0.to_string().as_bytes());
        hasher.update(char::UNICODE_VERSION.1.to_string().as_bytes());
        hasher.update(include_str!("../../Cargo.lock").as_bytes());
        let data = super::gazetteer::DATA.iter().chain(&super::geo::DATA);
        for part in data.chain(SOURCES) {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        // The model's weights decide names as much as the rules do.
        let weights = super::NerModel::shipped_bytes();
        hasher.update(&(weights.len() as u64).to_le_bytes());
        hasher.update(weights);
        format!(
            "dossier {} {}",
            env!("CARGO_PKG_VERSION"),
            &hasher.finalize().to_hex()[..32]
        )
    })
}

/// The recogniser's source files: a change to any rule changes the fingerprint without
/// anyone having to remember to bump a number.
const SOURCES: &[&str] = &[
    include_str!("mod.rs"),
    include_str!("pipeline.rs"),
    include_str!("tokens.rs"),
    include_str!("fold.rs"),
    include_str!("fold_table.rs"),
    include_str!("dates.rs"),
    include_str!("gazetteer.rs"),
    include_str!("words.rs"),
    include_str!("rules.rs"),
    include_str!("link.rs"),
    include_str!("east_asian.rs"),
    include_str!("convention.rs"),
    include_str!("date_value.rs"),
    include_str!("date_anchor.rs"),
    include_str!("geo/mod.rs"),
    include_str!("geo/actors.rs"),
    include_str!("geo/corpus_prior.rs"),
    include_str!("geo/not_places.rs"),
    include_str!("geo/resolve.rs"),
    include_str!("geo/table.rs"),
    include_str!("geo/uncued.rs"),
    include_str!("geo/well_known.rs"),
    include_str!("noise.rs"),
    include_str!("noise_groups.rs"),
    include_str!("ner/mod.rs"),
    include_str!("ner/features.rs"),
    include_str!("ner/observe.rs"),
    include_str!("ner/model.rs"),
    include_str!("ner/tags.rs"),
    include_str!("ner/weights.rs"),
    include_str!("corrections.rs"),
    include_str!("dictionary.rs"),
    include_str!("model.rs"),
];

/// Writes the mentions of `documents` (path, hash of the text, mentions), found with
/// `rules`, to `path`, atomically.
pub fn save<'a>(
    path: &Path,
    rules: &EntityDictionary,
    documents: impl IntoIterator<Item = (&'a str, &'a ContentHash, &'a [Mention])>,
) -> std::io::Result<()> {
    let bytes = encode(recognizer_fingerprint(), rules, documents)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    // The temporary file is named by the process: two recognitions of this process that
    // finish together must not write it at the same time.
    static WRITING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = WRITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    crate::fs::write_atomically(path, &bytes, false)?;
    if let Some(dir) = path.parent() {
        forget_unused(dir, UNUSED_FOR);
    }
    Ok(())
}

/// How long a corpus's cache is kept without being written or read (its project not
/// reopened): half a year.
const UNUSED_FOR: std::time::Duration = std::time::Duration::from_secs(183 * 24 * 3600);

/// Deletes the cache files in `dir` not written or read for `unused_for`: one file per corpus ever
/// opened would otherwise pile up. A file that cannot be examined is left alone.
fn forget_unused(dir: &Path, unused_for: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > unused_for);
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Cache files, and temporary ones a crash left behind (".X.mentions.tmp-PID").
        let ours = name.ends_with(".mentions") || name.contains(".mentions.tmp-");
        if old && ours {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Writes the mentions `index` holds for the documents of `corpus`, found with `rules`.
pub fn save_index(
    path: &Path,
    rules: &EntityDictionary,
    corpus: &Corpus,
    index: &EntityIndex,
) -> std::io::Result<()> {
    let documents = corpus.documents.iter().filter_map(|doc| {
        let mentions = index.mentions_of(&doc.path)?;
        Some((doc.path.as_str(), &doc.hash, mentions.as_slice()))
    });
    save(path, rules, documents)
}

/// Whether `cached` (what the cache held, or what the session knew when recognition
/// started) lacks something the finished `index` has: a document recognised anew (its
/// mentions are not the very ones reused), one more or fewer, or other rules. Only then
/// is the cache worth writing again.
pub fn is_behind(
    cached: &PreviousRecognition,
    rules: &EntityDictionary,
    corpus: &Corpus,
    index: &EntityIndex,
) -> bool {
    cached.documents.len() != corpus.documents.len()
        || corpus.documents.iter().any(|doc| {
            let (Some(before), Some(now)) = (
                cached.documents.get(&doc.path),
                index.mentions_of(&doc.path),
            ) else {
                return true;
            };
            !Arc::ptr_eq(&before.mentions, now) || *before.rules != *rules
        })
}

/// Reads the mentions cached in `path`.
pub fn load(path: &Path) -> Result<PreviousRecognition, CacheError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(CacheError::Missing),
        Err(e) => return Err(e.into()),
    };
    let cached = decode(&bytes, recognizer_fingerprint())?;
    // A cache read counts as use: it is not forgotten while its project is opened.
    if let Ok(file) = std::fs::File::options().write(true).open(path) {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
    Ok(cached)
}

pub(crate) fn encode<'a>(
    fingerprint: &str,
    rules: &EntityDictionary,
    documents: impl IntoIterator<Item = (&'a str, &'a ContentHash, &'a [Mention])>,
) -> std::io::Result<Vec<u8>> {
    let documents: Vec<_> = documents.into_iter().collect();
    let mut keys: HashMap<&str, u64> = HashMap::new();
    let mut key_list: Vec<&str> = Vec::new();
    for (_, _, mentions) in &documents {
        for m in mentions.iter() {
            for s in std::iter::once(m.key.as_str()).chain(detail_strings(m)) {
                keys.entry(s).or_insert_with(|| {
                    key_list.push(s);
                    key_list.len() as u64 - 1
                });
            }
        }
    }
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    put_str(&mut out, fingerprint);
    let rules = serde_json::to_string(rules).map_err(std::io::Error::other)?;
    put_str(&mut out, &rules);
    put_varint(&mut out, key_list.len() as u64);
    for key in &key_list {
        put_str(&mut out, key);
    }
    put_varint(&mut out, documents.len() as u64);
    let mut block = Vec::new();
    for (path, hash, mentions) in &documents {
        put_str(&mut out, path);
        put_str(&mut out, &hash.0);
        block.clear();
        let mut previous_start = 0;
        for m in mentions.iter() {
            // Mentions are sorted; a start before the previous one (never produced) is
            // stored as a jump back from zero so that nothing is lost.
            let delta = m.start.checked_sub(previous_start).unwrap_or(m.start);
            let back = u8::from(m.start < previous_start);
            put_varint(&mut block, delta as u64);
            put_varint(&mut block, m.end.saturating_sub(m.start) as u64);
            block.push(kind_byte(m.kind) | back << 7);
            block.push(origin_byte(m.origin));
            put_varint(&mut block, keys.get(m.key.as_str()).copied().unwrap_or(0));
            put_detail(&mut block, m.detail.as_deref(), &keys);
            previous_start = m.start;
        }
        put_varint(&mut out, mentions.len() as u64);
        put_varint(&mut out, block.len() as u64);
        out.extend_from_slice(&block);
    }
    let checksum = blake3::hash(&out);
    out.extend_from_slice(checksum.as_bytes());
    Ok(out)
}

/// The strings a mention's detail holds, which go to the key table.
fn detail_strings(m: &Mention) -> Vec<&str> {
    match m.detail.as_deref() {
        None => Vec::new(),
        Some(Detail::Title(t)) => vec![t.as_str()],
        Some(Detail::Date(d)) => date_strings(d).collect(),
        Some(Detail::Anchored(d, note)) => date_strings(d).chain([note.as_str()]).collect(),
        Some(Detail::Place(p)) => vec![p.country.as_str(), p.reason.as_str()],
        Some(Detail::Names(list)) => list
            .iter()
            .flat_map(|n| [n.place.country.as_str(), n.place.reason.as_str()])
            .collect(),
    }
}

/// The strings of a date's value: the value, and the example its order was read from.
fn date_strings(d: &DateValue) -> impl Iterator<Item = &str> {
    let example = match &d.order {
        Some(OrderReading::Shown { example, .. }) => Some(example.as_str()),
        _ => None,
    };
    d.value.as_deref().into_iter().chain(example)
}

const GRANULARITIES: [Granularity; 10] = [
    Granularity::Time,
    Granularity::Day,
    Granularity::Week,
    Granularity::Month,
    Granularity::Season,
    Granularity::Quarter,
    Granularity::Year,
    Granularity::Decade,
    Granularity::Century,
    Granularity::Duration,
];
const BASES: [DateBasis; 5] = [
    DateBasis::Written,
    DateBasis::DocumentDate,
    DateBasis::FileDate,
    DateBasis::Unresolved,
    DateBasis::InText,
];

fn put_detail(out: &mut Vec<u8>, detail: Option<&Detail>, keys: &HashMap<&str, u64>) {
    let key = |s: &str| keys.get(s).copied().unwrap_or(0);
    match detail {
        None => out.push(0),
        Some(Detail::Title(t)) => {
            out.push(1);
            put_varint(out, key(t));
        }
        Some(Detail::Date(d)) => {
            out.push(2);
            put_date(out, d, keys);
        }
        Some(Detail::Anchored(d, note)) => {
            out.push(5);
            put_date(out, d, keys);
            put_varint(out, key(note));
        }
        Some(Detail::Place(p)) => {
            out.push(3);
            put_place(out, p, keys);
        }
        Some(Detail::Names(list)) => {
            out.push(4);
            put_varint(out, list.len() as u64);
            for n in list {
                put_varint(out, n.offset as u64);
                put_varint(out, n.len as u64);
                put_place(out, &n.place, keys);
            }
        }
    }
}

/// A date's value, after its tag (2, or 5 with a note after it).
fn put_date(out: &mut Vec<u8>, d: &DateValue, keys: &HashMap<&str, u64>) {
    let key = |s: &str| keys.get(s).copied().unwrap_or(0);
    put_varint(out, d.value.as_deref().map_or(0, |v| key(v) + 1));
    out.push(
        GRANULARITIES
            .iter()
            .position(|g| *g == d.granularity)
            .unwrap_or(0) as u8,
    );
    out.push(BASES.iter().position(|b| *b == d.basis).unwrap_or(0) as u8);
    match d.anchor {
        Some(a) => {
            out.push(1);
            put_varint(out, zigzag(i64::from(a.year())));
            out.push(a.month() as u8);
            out.push(a.day() as u8);
        }
        None => out.push(0),
    }
    let order = |o: SlashOrder| match o {
        SlashOrder::DayFirst => 0,
        SlashOrder::MonthFirst => 1,
    };
    match &d.order {
        None => out.push(0),
        Some(OrderReading::Shown { order: o, example }) => {
            out.push(1);
            out.push(order(*o));
            put_varint(out, key(example));
        }
        Some(OrderReading::DocumentRule(o)) => {
            out.push(2);
            out.push(order(*o));
        }
        Some(OrderReading::ProjectRule(o)) => {
            out.push(3);
            out.push(order(*o));
        }
    }
}

fn put_place(out: &mut Vec<u8>, p: &PlaceLink, keys: &HashMap<&str, u64>) {
    let key = |s: &str| keys.get(s).copied().unwrap_or(0);
    put_varint(out, u64::from(p.geonameid));
    put_varint(out, zigzag(i64::from(p.lat_e5)));
    put_varint(out, zigzag(i64::from(p.lon_e5)));
    put_varint(out, key(&p.country));
    put_varint(out, key(&p.reason));
    put_varint(out, p.alternatives.len() as u64);
    for &id in &p.alternatives {
        put_varint(out, u64::from(id));
    }
}

fn read_place(r: &mut Reader, keys: &[&str]) -> Result<PlaceLink, CacheError> {
    let key = |i: usize| -> Result<String, CacheError> {
        keys.get(i)
            .map(|k| (*k).to_owned())
            .ok_or(CacheError::Damaged("detail"))
    };
    let geonameid = u32::try_from(r.varint()?).map_err(|_| CacheError::Damaged("place"))?;
    let lat_e5 = i32::try_from(unzigzag(r.varint()?)).map_err(|_| CacheError::Damaged("place"))?;
    let lon_e5 = i32::try_from(unzigzag(r.varint()?)).map_err(|_| CacheError::Damaged("place"))?;
    let country = key(r.usize()?)?;
    let reason = key(r.usize()?)?;
    let count = r.usize()?;
    if count > MAX_ALTERNATIVES {
        return Err(CacheError::Damaged("place"));
    }
    let mut alternatives = Vec::with_capacity(count);
    for _ in 0..count {
        alternatives.push(u32::try_from(r.varint()?).map_err(|_| CacheError::Damaged("place"))?);
    }
    Ok(PlaceLink {
        geonameid,
        lat_e5,
        lon_e5,
        country,
        reason,
        alternatives,
    })
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A date's value, after its tag ([`put_date`]).
fn read_date(r: &mut Reader, keys: &[&str]) -> Result<DateValue, CacheError> {
    let key = |i: usize| -> Result<String, CacheError> {
        keys.get(i)
            .map(|k| (*k).to_owned())
            .ok_or(CacheError::Damaged("detail"))
    };
    let value = match r.usize()? {
        0 => None,
        i => Some(key(i - 1)?),
    };
    let granularity = *GRANULARITIES
        .get(usize::from(r.byte()?))
        .ok_or(CacheError::Damaged("granularity"))?;
    let basis = *BASES
        .get(usize::from(r.byte()?))
        .ok_or(CacheError::Damaged("date basis"))?;
    let anchor = match r.byte()? {
        0 => None,
        _ => {
            let year =
                i16::try_from(unzigzag(r.varint()?)).map_err(|_| CacheError::Damaged("date"))?;
            let (month, day) = (r.byte()? as i8, r.byte()? as i8);
            Some(
                jiff::civil::Date::new(year, month, day)
                    .map_err(|_| CacheError::Damaged("date"))?,
            )
        }
    };
    let kind = r.byte()?;
    let order = match kind {
        0 => None,
        _ => Some(match r.byte()? {
            0 => SlashOrder::DayFirst,
            1 => SlashOrder::MonthFirst,
            _ => return Err(CacheError::Damaged("date order")),
        }),
    };
    let order = match (kind, order) {
        (0, _) | (_, None) => None,
        (1, Some(order)) => Some(OrderReading::Shown {
            order,
            example: key(r.usize()?)?,
        }),
        (2, Some(o)) => Some(OrderReading::DocumentRule(o)),
        (3, Some(o)) => Some(OrderReading::ProjectRule(o)),
        _ => return Err(CacheError::Damaged("date order")),
    };
    Ok(DateValue {
        value,
        granularity,
        basis,
        anchor,
        order,
    })
}

fn read_detail(r: &mut Reader, keys: &[&str]) -> Result<Option<Box<Detail>>, CacheError> {
    let key = |i: usize| -> Result<String, CacheError> {
        keys.get(i)
            .map(|k| (*k).to_owned())
            .ok_or(CacheError::Damaged("detail"))
    };
    let detail = match r.byte()? {
        0 => return Ok(None),
        1 => Detail::Title(key(r.usize()?)?),
        2 => Detail::Date(read_date(r, keys)?),
        5 => {
            let date = read_date(r, keys)?;
            Detail::Anchored(date, key(r.usize()?)?)
        }
        3 => Detail::Place(read_place(r, keys)?),
        4 => {
            let count = r.usize()?;
            if count > MAX_ALTERNATIVES {
                return Err(CacheError::Damaged("named places"));
            }
            let mut list = Vec::with_capacity(count);
            for _ in 0..count {
                let (offset, len) = (r.usize()?, r.usize()?);
                let place = read_place(r, keys)?;
                list.push(NamedPlace { offset, len, place });
            }
            Detail::Names(list)
        }
        _ => return Err(CacheError::Damaged("detail")),
    };
    Ok(Some(Box::new(detail)))
}

pub(crate) fn decode(bytes: &[u8], fingerprint: &str) -> Result<PreviousRecognition, CacheError> {
    let body_len = bytes
        .len()
        .checked_sub(CHECKSUM_LEN)
        .ok_or(CacheError::Damaged("too short"))?;
    let (body, checksum) = bytes.split_at(body_len);
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(CacheError::Damaged("not a mention cache"));
    }
    if blake3::hash(body).as_bytes() != checksum {
        return Err(CacheError::Damaged("checksum mismatch"));
    }
    let version = r.take(4)?;
    if version != FORMAT_VERSION.to_le_bytes() {
        return Err(CacheError::Stale);
    }
    if r.string()? != fingerprint {
        return Err(CacheError::Stale);
    }
    let rules: EntityDictionary =
        serde_json::from_str(r.string()?).map_err(|_| CacheError::Damaged("rules"))?;
    let rules = Arc::new(rules);
    let key_count = r.count()?;
    // Counts are only known not to exceed the bytes left: reserve modestly, grow as read.
    let mut keys = Vec::with_capacity(key_count.min(1 << 16));
    for _ in 0..key_count {
        keys.push(r.string()?);
    }
    let doc_count = r.count()?;
    let mut blocks = Vec::with_capacity(doc_count.min(1 << 16));
    for _ in 0..doc_count {
        let path = r.string()?;
        let hash = r.string()?;
        let mentions = r.count()?;
        let len = r.count()?;
        blocks.push((path, hash, mentions, r.take(len)?));
    }
    if r.at != body.len() {
        return Err(CacheError::Damaged("trailing bytes"));
    }
    // The mentions are most of the file: decoded document by document, in parallel. Each
    // mention copies its key: a file of one huge key named a million times would ask for
    // terabytes, so the keys copied may not exceed a generous multiple of the file.
    let key_budget = AtomicUsize::new(KEY_BYTES_PER_FILE_BYTE.saturating_mul(bytes.len()));
    let documents = blocks
        .into_par_iter()
        .map(|(path, hash, count, block)| {
            let mentions = decode_mentions(block, count, &keys, &key_budget)?;
            let found = Found {
                hash: ContentHash(hash.to_owned()),
                rules: rules.clone(),
                mentions: Arc::new(mentions),
            };
            Ok((path.to_owned(), found))
        })
        .collect::<Result<HashMap<String, Found>, CacheError>>()?;
    Ok(PreviousRecognition { documents })
}

/// Key bytes the decoded mentions may hold per byte of the file (real files: about 2).
const KEY_BYTES_PER_FILE_BYTE: usize = 64;

fn decode_mentions(
    block: &[u8],
    count: usize,
    keys: &[&str],
    key_budget: &AtomicUsize,
) -> Result<Vec<Mention>, CacheError> {
    let mut r = Reader {
        bytes: block,
        at: 0,
    };
    // Each mention takes at least six bytes: a count larger than that is a lie.
    let mut out = Vec::with_capacity(count.min(block.len() / 6));
    let mut previous_start = 0usize;
    for _ in 0..count {
        let delta = r.usize()?;
        let len = r.usize()?;
        let kind_and_flag = r.byte()?;
        let origin = origin_from(r.byte()?)?;
        let key = keys
            .get(r.usize()?)
            .ok_or(CacheError::Damaged("key index"))?;
        key_budget
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(key.len())
            })
            .map_err(|_| CacheError::Damaged("keys"))?;
        let start = if kind_and_flag & 0x80 != 0 {
            delta
        } else {
            previous_start
                .checked_add(delta)
                .ok_or(CacheError::Damaged("offset"))?
        };
        let end = start
            .checked_add(len)
            .ok_or(CacheError::Damaged("offset"))?;
        let detail = read_detail(&mut r, keys)?;
        out.push(Mention {
            start,
            end,
            kind: kind_from(kind_and_flag & 0x7F)?,
            key: (*key).to_owned(),
            origin,
            detail,
        });
        previous_start = start;
    }
    if r.at != block.len() {
        return Err(CacheError::Damaged("mention block length"));
    }
    Ok(out)
}

fn kind_byte(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Org => 1,
        EntityKind::Loc => 2,
        EntityKind::Norp => 3,
        EntityKind::Date => 4,
    }
}

fn kind_from(byte: u8) -> Result<EntityKind, CacheError> {
    EntityKind::ALL
        .into_iter()
        .find(|k| kind_byte(*k) == byte)
        .ok_or(CacheError::Damaged("entity kind"))
}

const ORIGINS: [Origin; 5] = [
    Origin::Gazetteer,
    Origin::Pattern,
    Origin::Rule,
    Origin::Model,
    Origin::User,
];

fn origin_byte(origin: Origin) -> u8 {
    ORIGINS.iter().position(|o| *o == origin).unwrap_or(0) as u8
}

fn origin_from(byte: u8) -> Result<Origin, CacheError> {
    ORIGINS
        .get(usize::from(byte))
        .copied()
        .ok_or(CacheError::Damaged("origin"))
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Bounds-checked reading: every error is "damaged", never a panic.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], CacheError> {
        let end = self
            .at
            .checked_add(n)
            .ok_or(CacheError::Damaged("length"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(CacheError::Damaged("truncated"))?;
        self.at = end;
        Ok(slice)
    }

    fn byte(&mut self) -> Result<u8, CacheError> {
        Ok(self.take(1)?.first().copied().unwrap_or(0))
    }

    fn varint(&mut self) -> Result<u64, CacheError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(CacheError::Damaged("number"))
    }

    fn usize(&mut self) -> Result<usize, CacheError> {
        usize::try_from(self.varint()?).map_err(|_| CacheError::Damaged("number"))
    }

    /// A count or length, which cannot exceed the bytes left.
    fn count(&mut self) -> Result<usize, CacheError> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.at {
            return Err(CacheError::Damaged("count"));
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<&'a str, CacheError> {
        let len = self.count()?;
        std::str::from_utf8(self.take(len)?).map_err(|_| CacheError::Damaged("text"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::Recognizer;

    fn sample() -> Vec<(String, ContentHash, Vec<Mention>)> {
        let texts = [
            "Russian President Vladimir Putin met Syrian leader Ahmed al-Sharaa in Moscow on 15 October 2025. Putin spoke yesterday.",
            "Ţarţūs, Дамаск and the SDF — 👍 «Москва» — Hmeimim air base.",
            "",
        ];
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                (
                    format!("dir/doc {i}.txt"),
                    ContentHash::of_text(t),
                    Recognizer::shared().recognize(t),
                )
            })
            .collect()
    }

    fn encoded(docs: &[(String, ContentHash, Vec<Mention>)], rules: &EntityDictionary) -> Vec<u8> {
        let iter = docs.iter().map(|(p, h, m)| (p.as_str(), h, m.as_slice()));
        encode("test recogniser", rules, iter).expect("encodes")
    }

    /// `body` with its checksum, as a file.
    fn sealed(mut body: Vec<u8>) -> Vec<u8> {
        let checksum = *blake3::hash(&body).as_bytes();
        body.extend_from_slice(&checksum);
        body
    }

    /// A file written by hand (fingerprint "fp", no rules): `keys`, then one document
    /// claiming `mentions` mentions held in `block`.
    fn hand_written(keys: &[&str], mentions: u64, block: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        body.extend_from_slice(MAGIC);
        body.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_str(&mut body, "fp");
        put_str(&mut body, "{}");
        put_varint(&mut body, keys.len() as u64);
        for key in keys {
            put_str(&mut body, key);
        }
        put_varint(&mut body, 1);
        put_str(&mut body, "a");
        put_str(&mut body, "h");
        put_varint(&mut body, mentions);
        put_varint(&mut body, block.len() as u64);
        body.extend_from_slice(block);
        sealed(body)
    }

    #[test]
    fn mentions_rules_and_hashes_come_back_as_written() {
        let docs = sample();
        assert!(docs[0].2.len() >= 4 && !docs[1].2.is_empty());
        let mut rules = EntityDictionary::default();
        rules.never("Syrian");
        let bytes = encoded(&docs, &rules);
        let back = decode(&bytes, "test recogniser").expect("decodes");
        assert_eq!(back.documents.len(), docs.len());
        for (path, hash, mentions) in &docs {
            let found = &back.documents[path];
            assert_eq!(&found.hash, hash);
            assert_eq!(found.mentions.as_slice(), mentions.as_slice());
            assert_eq!(*found.rules, rules);
        }
    }

    #[test]
    fn places_named_inside_a_mention_come_back_as_written() {
        let text = "The Pakistan Army and the Washington Post spoke.";
        let mentions = Recognizer::shared().recognize(text);
        assert!(
            mentions.iter().any(|m| m.named_places().count() > 0),
            "{mentions:?}"
        );
        let docs = vec![("a".to_owned(), ContentHash::of_text(text), mentions)];
        let back = decode(
            &encoded(&docs, &EntityDictionary::default()),
            "test recogniser",
        )
        .expect("decodes");
        assert_eq!(
            back.documents["a"].mentions.as_slice(),
            docs[0].2.as_slice()
        );
    }

    #[test]
    fn how_a_slashed_date_was_ordered_comes_back_as_written() {
        use crate::entities::SlashOrder;
        let mut rules = EntityDictionary::default();
        rules.set_slash_order(None, Some(SlashOrder::MonthFirst));
        rules.set_slash_order(Some("b"), Some(SlashOrder::DayFirst));
        let texts = [
            ("a", "Seen on 10/06/2014 and on 25/12/2014."),
            ("b", "Seen on 10/06/2014."),
            ("c", "Seen on 03/04/2015."),
        ];
        let docs: Vec<_> = texts
            .iter()
            .map(|(path, text)| {
                let doc = crate::corpus::Document::from_plain_text(path, *text);
                let mentions = Recognizer::shared().recognize_document(&doc, &rules);
                ((*path).to_owned(), doc.hash.clone(), mentions)
            })
            .collect();
        let orders: Vec<_> = docs
            .iter()
            .flat_map(|(_, _, m)| m.iter().filter_map(|m| m.date()?.order.clone()))
            .collect();
        assert_eq!(orders.len(), 3, "{orders:?}");
        let back = decode(&encoded(&docs, &rules), "test recogniser").expect("decodes");
        for (path, _, mentions) in &docs {
            assert_eq!(
                back.documents[path].mentions.as_slice(),
                mentions.as_slice()
            );
            assert_eq!(*back.documents[path].rules, rules);
        }
    }

    #[test]
    fn a_date_read_from_another_date_of_the_text_comes_back_with_its_note() {
        let text = "Hama fell on 5 December 2024. Two days later, Homs fell. Aleppo fell \
                    on Sept. 5 the day after.\n\nHoms fell the following day.";
        let doc = crate::corpus::Document::from_plain_text("a", text);
        let rules = EntityDictionary::default();
        let mentions = Recognizer::shared().recognize_document(&doc, &rules);
        let notes: Vec<&str> = mentions.iter().filter_map(Mention::anchor_note).collect();
        assert!(notes.len() >= 2, "{notes:?}");
        let bases: Vec<DateBasis> = mentions
            .iter()
            .filter_map(|m| Some(m.date()?.basis))
            .collect();
        assert!(bases.contains(&DateBasis::InText), "{bases:?}");
        let docs = vec![("a".to_owned(), doc.hash.clone(), mentions)];
        let back = decode(&encoded(&docs, &rules), "test recogniser").expect("decodes");
        assert_eq!(
            back.documents["a"].mentions.as_slice(),
            docs[0].2.as_slice()
        );
    }

    #[test]
    fn unsorted_and_huge_offsets_survive() {
        let m = |start: usize, end: usize| {
            Mention::new(start, end, EntityKind::Date, "k".into(), Origin::User)
        };
        let mentions = vec![m(50, 60), m(10, 12), m(usize::MAX - 5, usize::MAX)];
        let docs = vec![("a".to_owned(), ContentHash::of_text("a"), mentions)];
        let back = decode(
            &encoded(&docs, &EntityDictionary::default()),
            "test recogniser",
        )
        .expect("decodes");
        assert_eq!(
            back.documents["a"].mentions.as_slice(),
            docs[0].2.as_slice()
        );
    }

    #[test]
    fn another_recogniser_or_format_makes_it_stale() {
        let bytes = encoded(&sample(), &EntityDictionary::default());
        assert!(matches!(
            decode(&bytes, "other recogniser"),
            Err(CacheError::Stale)
        ));
        let mut newer = bytes[..bytes.len() - CHECKSUM_LEN].to_vec();
        newer[MAGIC.len()] = 9;
        let newer = sealed(newer);
        assert!(matches!(
            decode(&newer, "test recogniser"),
            Err(CacheError::Stale)
        ));
    }

    #[test]
    fn every_damage_is_reported_never_a_panic() {
        let bytes = encoded(&sample(), &EntityDictionary::default());
        for cut in [0, 5, MAGIC.len() + 2, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                matches!(
                    decode(&bytes[..cut], "test recogniser"),
                    Err(CacheError::Damaged(_))
                ),
                "cut at {cut}"
            );
        }
        for i in (0..bytes.len()).step_by(7) {
            let mut flipped = bytes.clone();
            flipped[i] ^= 0x41;
            assert!(decode(&flipped, "test recogniser").is_err(), "byte {i}");
        }
        assert!(matches!(
            decode(
                b"not a cache at all, just some text that is long enough",
                "x"
            ),
            Err(CacheError::Damaged(_))
        ));
    }

    #[test]
    fn damaged_blocks_are_refused_even_with_a_valid_checksum() {
        // A writer bug, not a disk error: the checksum holds but a count lies (a million
        // mentions claimed, no keys).
        let body = hand_written(&[], 1_000_000, &[0, 3, 0, 0, 0, 0]);
        assert!(matches!(decode(&body, "fp"), Err(CacheError::Damaged(_))));
    }

    #[test]
    fn caches_unused_for_half_a_year_are_deleted_on_the_next_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let old = dir.path().join("old.mentions");
        let recent = dir.path().join("recent.mentions");
        let other = dir.path().join("notes.txt");
        for path in [&old, &recent, &other] {
            std::fs::write(path, b"x").expect("written");
        }
        let year_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(365 * 86400);
        for path in [&old, &other] {
            let file = std::fs::File::options()
                .write(true)
                .open(path)
                .expect("open");
            file.set_modified(year_ago).expect("mtime set");
        }
        let file = cache_file(dir.path(), Path::new("/corpus"));
        save(&file, &EntityDictionary::default(), std::iter::empty()).expect("saved");
        assert!(!old.exists(), "a cache unused for a year goes");
        assert!(recent.exists() && file.exists(), "recent caches stay");
        assert!(other.exists(), "only cache files are touched");
    }

    #[test]
    fn a_huge_key_named_a_million_times_is_refused_not_allocated() {
        let mentions = 1_000_000;
        let block = vec![0u8; 6 * mentions];
        let body = hand_written(&[&"k".repeat(1 << 20)], mentions as u64, &block);
        assert!(matches!(
            decode(&body, "fp"),
            Err(CacheError::Damaged("keys"))
        ));
    }

    #[test]
    fn files_are_saved_atomically_and_named_by_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let a = cache_file(dir.path(), Path::new("/home/me/corpus"));
        let b = cache_file(dir.path(), Path::new("/home/me/other"));
        assert_ne!(a, b);
        assert!(matches!(load(&a), Err(CacheError::Missing)));
        let docs = sample();
        let iter = docs.iter().map(|(p, h, m)| (p.as_str(), h, m.as_slice()));
        save(&a, &EntityDictionary::default(), iter).expect("saved");
        let back = load(&a).expect("loads");
        assert_eq!(back.documents.len(), 3);
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("listed")
            .filter_map(Result::ok)
            .filter(|e| e.path() != a)
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

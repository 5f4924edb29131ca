//! What the loader read from each file, kept between sessions so that a file is parsed once:
//! a reopened folder, a reload after a change, `dossier search` and `dossier scan` take a
//! file's documents from here instead of reading its PDF, its Word document or its mailbox
//! again (and, once Dossier reads scans, instead of running OCR again).
//!
//! **Key.** An entry is found by the BLAKE3 hash of the file's bytes and a fingerprint
//! of how they were read ([`TextCache::fingerprint`]): the readers' version (the crate's
//! version and a hash of the source of `src/corpus/` and `src/text/` and of `Cargo.lock`,
//! made by `build.rs`, so that any change to a reader or to a parser's version invalidates
//! every entry) and the options that change what is read ([`options_fingerprint`]). A file
//! renamed or moved is still found; a file changed is read again. **Whoever adds an option
//! that changes what a file reads as (OCR: the engine's version, the languages, the
//! confidence threshold, whether OCR is available at all) adds it to
//! [`options_fingerprint`]**: a scan read without OCR must be read again once OCR is there.
//! What the installed Tesseract is (its version, the languages the setting resolves to
//! among those installed: `ocr::engine_stamp`) is not in the key, since a text PDF must not
//! be read again because Tesseract changed: the entry of a file OCR read (or refused for
//! OCR's failure) holds the stamp after its fingerprint, and is stale once the installed
//! Tesseract's stamp differs. Without Tesseract it is used as it is: the text read before
//! is the best there is.
//!
//! **What is not cached.** The read budget is not part of the key: a file that took too
//! long ([`SkipReason::TooSlow`], itself or one of its parts) is never stored, so it is
//! tried again next time; nor is a file the system could not read. What is checked before a
//! file is parsed (its format, its size, being empty or one of Dossier's own exports) is
//! checked again every time, before the cache is looked at. A document's modification date
//! comes from the file system, never from the cache.
//!
//! **On disk.** One file per entry, `text-cache/ab/abcdef….text` in the data folder (the
//! window's, [`crate::fs::data_dir`]), written without a sync and renamed into place (a
//! crash loses an entry, never leaves half of one), checksummed (a damaged entry is read as
//! missing and rewritten), its layout in [`entry`]. The folder is safe to delete at any time.
//!
//! **Size.** The entries may take [`DEFAULT_MAX_BYTES`] together. After a load that wrote
//! entries the folder is measured, and when it is over the bound the least recently used
//! entries are deleted until it is under nine tenths of it. An entry's modification time is
//! its last use: set when it is written, and again when it is read more than a day after
//! (so that a hit costs no write).

mod binary;
mod entry;
mod folder_index;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

pub use entry::Outcome;
use entry::{FileRead, Fingerprint, Unusable};
pub use folder_index::{FileState, FolderIndex, Known};

use super::ocr::{self, OcrOptions};
use super::{LoadOptions, SkipReason};

/// The most the entries may take together by default: 2 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// The name of the cache's folder inside the data folder.
pub const FOLDER: &str = "text-cache";

/// An entry read again after this long is marked as used (its modification time set).
const TOUCH_AFTER: Duration = Duration::from_secs(24 * 3600);

/// Eviction takes the folder down to this share of the bound, so that it does not run
/// after every load that adds a file.
const EVICT_TO_PERCENT: u64 = 90;

/// A temporary file older than this was left by a process that stopped while writing.
const ABANDONED_AFTER: Duration = Duration::from_secs(3600);

/// The cache in one folder (see the module doc). Shared by the loader's threads.
#[derive(Debug)]
pub struct TextCache {
    dir: PathBuf,
    max_bytes: u64,
    stats: Counters,
    /// Set when an entry was written since the folder was last measured.
    grown: AtomicBool,
    /// How long before a load a file must have last changed for its folder index to
    /// record it ([`folder_index::SETTLE`]).
    settle: Duration,
}

#[derive(Debug, Default)]
struct Counters {
    hits: AtomicUsize,
    parsed: AtomicUsize,
    written: AtomicUsize,
    unusable: AtomicUsize,
    evicted: AtomicUsize,
    unchanged: AtomicUsize,
    written_bytes: AtomicU64,
}

/// What a cache did, counted since it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Files whose documents came from the cache.
    pub hits: usize,
    /// Files and parts handed to a format reader (on a miss).
    pub parsed: usize,
    /// Entries written.
    pub written: usize,
    /// Entries found damaged (set aside and written again).
    pub unusable: usize,
    /// Entries deleted to keep the folder within its bound.
    pub evicted: usize,
    /// Files found unchanged by their folder's index: not hashed again.
    pub unchanged: usize,
}

impl TextCache {
    /// The cache in `dir` (created when the first entry is written), bounded by
    /// [`DEFAULT_MAX_BYTES`].
    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            max_bytes: DEFAULT_MAX_BYTES,
            stats: Counters::default(),
            grown: AtomicBool::new(false),
            settle: folder_index::SETTLE,
        }
    }

    /// The cache in the data folder `data_dir` (its [`FOLDER`]).
    pub fn in_data_dir(data_dir: &Path) -> Self {
        Self::at(data_dir.join(FOLDER))
    }

    /// The same cache with another bound on its size, in bytes.
    pub fn with_max_bytes(mut self, max_bytes: u64) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The same cache, recording in folder indexes the files that last changed `settle`
    /// before a load (tests: a file they have just written).
    pub fn with_settle_time(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// The index of the folder `root` for a load starting now with `options` (see
    /// [`FolderIndex`]).
    pub fn folder_index(&self, root: &Path, options: &LoadOptions) -> FolderIndex {
        FolderIndex::open(&self.dir, root, self.settle, &Self::fingerprint(options))
    }

    /// The folder holding the entries.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What this cache did so far.
    pub fn stats(&self) -> CacheStats {
        let s = &self.stats;
        CacheStats {
            hits: s.hits.load(Ordering::Relaxed),
            parsed: s.parsed.load(Ordering::Relaxed),
            written: s.written.load(Ordering::Relaxed),
            unusable: s.unusable.load(Ordering::Relaxed),
            evicted: s.evicted.load(Ordering::Relaxed),
            unchanged: s.unchanged.load(Ordering::Relaxed),
        }
    }

    /// What the entries are written with and must have been written with to be used:
    /// the readers' fingerprint and [`options_fingerprint`].
    pub fn fingerprint(options: &LoadOptions) -> String {
        format!(
            "dossier {} readers {}; {}",
            env!("CARGO_PKG_VERSION"),
            env!("DOSSIER_READERS_SOURCE_HASH"),
            options_fingerprint(options)
        )
    }

    /// The file holding the entry of a file whose bytes hash to `file_hash`, read with
    /// `fingerprint`.
    fn entry_path(&self, file_hash: &blake3::Hash, fingerprint: &str) -> PathBuf {
        let mut hasher = blake3::Hasher::new();
        hasher.update(file_hash.as_bytes());
        hasher.update(fingerprint.as_bytes());
        let name = hasher.finalize().to_hex();
        let (fan, rest) = name.as_str().split_at(2);
        self.dir.join(fan).join(format!("{rest}.text"))
    }

    /// The cached outcome of the file `relative` holding `bytes`, from `inline` (its entry's
    /// body as a folder index keeps it, [`Self::index_form`]) or else from the entry's
    /// file, or the bytes back when there is none (or it is damaged: it is then
    /// overwritten by the next [`Self::put`]).
    pub fn get(
        &self,
        key: &EntryKey,
        relative: &str,
        bytes: Vec<u8>,
        modified: Option<jiff::civil::Date>,
        inline: Option<&[u8]>,
    ) -> Result<Found, Vec<u8>> {
        let mut bytes = bytes;
        if let Some(body) = inline {
            let file = FileRead {
                relative: relative.to_owned(),
                bytes,
                modified,
            };
            match self.counted(entry::decode_body(body, file)) {
                Ok(outcome) => {
                    return Ok(Found {
                        outcome,
                        entry: None,
                    });
                }
                Err(back) => bytes = back,
            }
        }
        let path = self.entry_path(&key.file_hash, &key.fingerprint);
        let Some((stored, entry, used)) = read_entry(&path) else {
            return Err(bytes);
        };
        let outcome = self.decode(&stored, key, relative, bytes, modified)?;
        touch_if_old(&path, &entry, used);
        Ok(Found {
            outcome,
            entry: Some(stored),
        })
    }

    /// The form in which a folder index keeps the entry `stored` (made by [`Self::put`] or
    /// found by [`Self::get`]): its body, without the header and checksum that the index
    /// holds once ([`entry::body`]).
    pub fn index_form(stored: &[u8]) -> Option<&[u8]> {
        // An OCR'd file's entry is checked against the installed engine whenever it is
        // used, by the stamp in its fingerprint, which the index does not keep: not kept.
        if entry::fingerprint(stored)?.contains(OCR_STAMP) {
            return None;
        }
        entry::body(stored)
    }

    /// The hash of the text of the one document the entry body `body` (as a folder index
    /// keeps it) holds when that text is its file's bytes as they are and nothing else
    /// was read of the file (a plain UTF-8 text file): the file's bytes are then the text,
    /// and whoever has no use for it need not check them
    /// ([`crate::corpus::LoadObserver::passes_over`]).
    pub fn own_text_hash(body: &[u8]) -> Option<&str> {
        entry::own_text_hash(body)
    }

    /// The outcome the entry `stored` holds (see [`Self::get`]).
    fn decode(
        &self,
        stored: &[u8],
        key: &EntryKey,
        relative: &str,
        bytes: Vec<u8>,
        modified: Option<jiff::civil::Date>,
    ) -> Result<Outcome, Vec<u8>> {
        let file = FileRead {
            relative: relative.to_owned(),
            bytes,
            modified,
        };
        self.counted(entry::decode(stored, &key.file_hash, key, file))
    }

    /// `decoded`, counted as a hit or a damaged entry.
    fn counted(&self, decoded: Result<Outcome, (Unusable, Vec<u8>)>) -> Result<Outcome, Vec<u8>> {
        match decoded {
            Ok(outcome) => {
                self.stats.hits.fetch_add(1, Ordering::Relaxed);
                Ok(outcome)
            }
            Err((unusable, bytes)) => {
                if let Unusable::Damaged(_) = unusable {
                    self.stats.unusable.fetch_add(1, Ordering::Relaxed);
                }
                Err(bytes)
            }
        }
    }

    /// Counts one file found unchanged by its folder's index (the loader calls it).
    pub fn note_unchanged(&self) {
        self.stats.unchanged.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one file or part handed to a reader (the loader calls it on every parse).
    pub fn note_parsed(&self) {
        self.stats.parsed.fetch_add(1, Ordering::Relaxed);
    }

    /// Keeps `outcome`, the reading of the file `relative`, unless it must be read again
    /// next time (see the module doc), and gives the entry written. A failure to write is
    /// not an error: the file is read again next time.
    pub fn put(&self, key: &EntryKey, relative: &str, outcome: &Outcome) -> Option<Vec<u8>> {
        if !is_cacheable(outcome) {
            return None;
        }
        let stamped;
        let fingerprint = if depends_on_ocr(outcome) {
            // Without a stamp it could not be told stale later: not kept.
            let stamp = ocr::current_engine_stamp(&key.ocr)?;
            stamped = format!("{}{OCR_STAMP}{stamp}", key.fingerprint);
            &stamped
        } else {
            &key.fingerprint
        };
        let bytes = entry::encode(outcome, relative, &key.file_hash, fingerprint)?;
        let path = self.entry_path(&key.file_hash, &key.fingerprint);
        crate::fs::write_replacing(&path, &bytes).ok()?;
        self.stats.written.fetch_add(1, Ordering::Relaxed);
        self.stats
            .written_bytes
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        self.grown.store(true, Ordering::Relaxed);
        Some(bytes)
    }

    /// After a load: when entries were written, deletes the least recently used ones
    /// until the folder is within its bound (see the module doc).
    pub fn keep_within_bound(&self) {
        if !self.grown.swap(false, Ordering::Relaxed) {
            return;
        }
        let mut entries = self.entries();
        let total: u64 = entries.iter().map(|e| e.size).sum();
        if total <= self.max_bytes {
            return;
        }
        let target = self.max_bytes / 100 * EVICT_TO_PERCENT;
        entries.sort_by_key(|e| e.used);
        let mut left = total;
        for e in entries {
            if left <= target {
                break;
            }
            if std::fs::remove_file(&e.path).is_ok() {
                left -= e.size;
                self.stats.evicted.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Every entry in the folder, with its size and last use; temporary files abandoned
    /// by a stopped process are deleted on the way.
    fn entries(&self) -> Vec<StoredEntry> {
        let mut out = Vec::new();
        let Ok(fans) = std::fs::read_dir(&self.dir) else {
            return out;
        };
        let now = SystemTime::now();
        for fan in fans.flatten() {
            let Ok(files) = std::fs::read_dir(fan.path()) else {
                continue;
            };
            for file in files.flatten() {
                let Ok(meta) = file.metadata() else { continue };
                let used = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                let name = file.file_name();
                let name = name.to_string_lossy();
                if name.ends_with(".text") {
                    out.push(StoredEntry {
                        path: file.path(),
                        size: meta.len(),
                        used,
                    });
                } else if name.contains(".tmp-")
                    && now
                        .duration_since(used)
                        .is_ok_and(|age| age > ABANDONED_AFTER)
                {
                    let _ = std::fs::remove_file(file.path());
                }
            }
        }
        out
    }
}

/// What follows the fingerprint in the entry of a file OCR read, before the engine's stamp.
const OCR_STAMP: &str = "; ocr ";

/// How an entry is found: the hash of the file's bytes and the fingerprint of how they
/// were read; and, for an entry of a file OCR read, the OCR options whose engine's stamp
/// it must have been written with (see the module doc).
#[derive(Clone, Debug)]
pub struct EntryKey {
    file_hash: blake3::Hash,
    fingerprint: String,
    ocr: OcrOptions,
}

impl Fingerprint for EntryKey {
    fn accepts(&self, stored: &str) -> bool {
        let Some(rest) = stored.strip_prefix(self.fingerprint.as_str()) else {
            return false;
        };
        if rest.is_empty() {
            return true;
        }
        // Tesseract is asked only for an OCR'd file's entry, and once per process.
        rest.strip_prefix(OCR_STAMP).is_some_and(|stamp| {
            ocr::current_engine_stamp(&self.ocr).is_none_or(|now| now == stamp)
        })
    }
}

impl EntryKey {
    /// The key of a file holding `bytes`, read with `options`.
    pub fn new(bytes: &[u8], options: &LoadOptions) -> Self {
        Self::of_hash(blake3::hash(bytes), options)
    }

    /// The key of a file whose bytes hash to `file_hash`, read with `options`.
    pub fn of_hash(file_hash: blake3::Hash, options: &LoadOptions) -> Self {
        Self {
            file_hash,
            fingerprint: TextCache::fingerprint(options),
            ocr: options.ocr.clone(),
        }
    }

    /// The BLAKE3 hash of the file's bytes.
    pub fn file_hash(&self) -> blake3::Hash {
        self.file_hash
    }
}

/// A file's outcome found in the cache.
#[derive(Debug)]
pub struct Found {
    /// What the file was read as.
    pub outcome: Outcome,
    /// The entry, when it was read from its own file (not from a folder index).
    pub entry: Option<Vec<u8>>,
}

/// The options of a load that change what a file reads as (see the module doc: whoever
/// adds such an option adds it here). The read budget is not one: what it changes, a file
/// read in time or not, is never cached.
pub fn options_fingerprint(options: &LoadOptions) -> String {
    let parts = options.parts;
    format!(
        "parts depth {} count {} bytes {} {}",
        parts.max_depth,
        parts.max_parts,
        parts.max_bytes,
        options.ocr.fingerprint()
    )
}

/// Whether OCR read some of an outcome (or refused it for OCR's failure on every page):
/// another Tesseract, or other languages installed, may read it otherwise.
fn depends_on_ocr(outcome: &Outcome) -> bool {
    match outcome {
        Err(reason) => ocr::refused_by_ocr(reason),
        Ok(loaded) => loaded
            .documents
            .iter()
            .any(|d| ocr::read_by_ocr(&d.encoding)),
    }
}

/// Whether an outcome may be kept: not when the system failed to read the file, nor when
/// it or any of its parts ran out of time (both are worth trying again), nor when scanned
/// pages wait for OCR (once they are read, the same bytes give a document).
fn is_cacheable(outcome: &Outcome) -> bool {
    let transient = |reason: &SkipReason| {
        matches!(
            reason,
            SkipReason::TooSlow { .. }
                | SkipReason::Unreadable(_)
                | SkipReason::NeedsOcr { .. }
                | SkipReason::OcrUnavailable { .. }
        )
    };
    match outcome {
        Err(reason) => !transient(reason),
        Ok(loaded) => !loaded.skipped.iter().any(|s| transient(&s.reason)),
    }
}

/// The bytes of the entry at `path`, and the entry's file still open with its last use (to
/// mark it used).
fn read_entry(path: &Path) -> Option<(Vec<u8>, std::fs::File, Option<SystemTime>)> {
    let file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    let bytes = super::read_whole(&file, meta.len(), meta.len()).ok()?;
    Some((bytes, file, meta.modified().ok()))
}

/// Marks the entry `file` at `path`, last used at `used`, as used when that is more than
/// [`TOUCH_AFTER`] ago.
fn touch_if_old(path: &Path, file: &std::fs::File, used: Option<SystemTime>) {
    let now = SystemTime::now();
    let old = used
        .and_then(|m| now.duration_since(m).ok())
        .is_some_and(|age| age > TOUCH_AFTER);
    // The owner may set the time through a file opened for reading (Unix); elsewhere the
    // file is opened for writing.
    if old
        && file.set_modified(now).is_err()
        && let Ok(file) = std::fs::File::options().write(true).open(path)
    {
        let _ = file.set_modified(now);
    }
}

struct StoredEntry {
    path: PathBuf,
    size: u64,
    used: SystemTime,
}

#[cfg(test)]
mod tests;

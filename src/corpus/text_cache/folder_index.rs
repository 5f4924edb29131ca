//! What the cache knew of each file of one folder when it last read it, as git's index
//! does: the file's state on disk (device, inode, size, modification and change times),
//! the BLAKE3 hash of its bytes then, and, when it is small, the file's cache entry itself
//! (its body: the readers' fingerprint, the same for every entry, is held once).
//! A file whose state is the one recorded is not hashed again, and a small entry (a plain
//! UTF-8 file's: its text is the file, so the entry is a few hundred bytes) is read from
//! here instead of a file of its own: one file read per folder instead of one per file.
//!
//! **Never a stale text.** A record is trusted only as far as the state proves the bytes
//! unchanged. The change time (`ctime`) is set by the system on every write and cannot be
//! set back by a program, unlike the modification time; and a file is recorded only when
//! its last change is at least [`SETTLE`] older than the start of the load that read it,
//! so that a write after the read, even within the same tick of a coarse clock (a second
//! on some file systems, two on FAT), always gives a later time than the one recorded
//! (git calls the file it cannot trust "racily clean"); the modification time alone
//! would not do: a program may set it back, and a rewrite of the same size within a
//! second keeps it on a file system that counts whole seconds. A file changed within the last
//! seconds is hashed every time until it settles. Elsewhere than Unix (no change time in
//! the standard library) nothing is recorded and every file is hashed.
//!
//! **On disk.** `folders/<hash of the folder's path>.index` in the cache's folder, written
//! after a load that changed it (without a sync, renamed into place), checksummed: a
//! damaged index is read as empty. Safe to delete with the rest of the cache.
//!
//! ```text
//! "DOSSIER-INDEX\n"  u32 LE format version
//! fingerprint        (string: the readers' and the options' fingerprints the entries
//!                    below were read with; under another, the entries are not used and
//!                    the file hashes are)
//! records            count, then each: path (string, relative to the folder), device,
//!                    inode, size, modified (seconds, nanoseconds), changed (seconds,
//!                    nanoseconds), file hash (32 bytes), entry body (bytes, empty: none;
//!                    the entry without its header and checksum, [`super::entry::body`])
//! checksum           32 bytes: BLAKE3 of everything before it
//! ```
//!
//! Version 1 repeated the fingerprint, about 170 bytes, in every record's whole entry
//! (4.1 MB for 10,000 plain files, 1.6 MB now); an index of another version is read as
//! empty and written again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use super::binary::{Damaged, Reader, put_bytes, put_str, put_varint};

/// How much older than the start of a load a file's last change must be for its state to
/// be recorded (see the module doc).
pub const SETTLE: Duration = Duration::from_secs(2);

/// Entries up to this size are kept in the index; larger ones stay in their own file.
pub const MAX_INLINE_ENTRY: usize = 1024;

/// The folder of the indexes inside the cache's folder.
const FOLDER: &str = "folders";
const MAGIC: &[u8] = b"DOSSIER-INDEX\n";
const FORMAT_VERSION: u32 = 2;
const CHECKSUM_LEN: usize = 32;

/// What the file system says of a file that changes whenever its bytes do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileState {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FileState {
    /// The state of the file `meta` describes; `None` where the system does not say when
    /// a file last changed (see the module doc).
    #[cfg(unix)]
    pub fn of(meta: &std::fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// The state of the file `meta` describes; `None` where the system does not say when
    /// a file last changed (see the module doc).
    #[cfg(not(unix))]
    pub fn of(_meta: &std::fs::Metadata) -> Option<Self> {
        None
    }

    /// True when the file last changed before `time`. The change time alone says it: every
    /// write sets it, and so does setting the modification time (to now, whatever time is
    /// set). A change time the system cannot represent is never settled.
    pub fn settled_before(&self, time: SystemTime) -> bool {
        let (Ok(secs), Ok(nanos)) = (u64::try_from(self.changed.0), u32::try_from(self.changed.1))
        else {
            return false;
        };
        SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(secs, nanos))
            .is_some_and(|changed| changed < time)
    }
}

/// What was known of one file when it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    state: FileState,
    /// The BLAKE3 hash of the file's bytes.
    pub file_hash: blake3::Hash,
    /// The body of the file's cache entry ([`super::entry::body`]), when small
    /// ([`MAX_INLINE_ENTRY`]), read with the index's fingerprint.
    pub entry: Option<Vec<u8>>,
}

/// A file as the last load recorded it, and whether this one found it so.
#[derive(Debug)]
struct Recorded {
    known: Known,
    confirmed: AtomicBool,
}

/// The index of one folder during one load: what the last load recorded, and what this
/// one sees (see the module doc). Shared by the loader's threads.
#[derive(Debug)]
pub struct FolderIndex {
    path: PathBuf,
    /// The fingerprint of this load's readers and options ([`super::TextCache::fingerprint`]).
    fingerprint: String,
    known: HashMap<String, Recorded>,
    /// The files seen in another state than the one recorded, or not recorded.
    seen: Mutex<HashMap<String, Known>>,
    /// Files whose last change is before this are recorded.
    trusted_before: SystemTime,
    /// A file was seen in another state than the one recorded.
    changed: AtomicBool,
}

impl FolderIndex {
    /// The index of the folder `root` in the cache folder `cache_dir`, as the last load
    /// left it (empty when there is none or it is damaged), for a load starting now that
    /// records the files that last changed `settle` before it, reading with the readers
    /// and options of `fingerprint`: entries kept under another are dropped.
    pub fn open(cache_dir: &Path, root: &Path, settle: Duration, fingerprint: &str) -> Self {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_owned());
        let name = blake3::hash(root.as_os_str().as_encoded_bytes()).to_hex();
        let path = cache_dir
            .join(FOLDER)
            .join(format!("{}.index", &name.as_str()[..32]));
        let known = std::fs::read(&path)
            .ok()
            .and_then(|bytes| {
                let (kept_with, records) = decode(&bytes).ok()?;
                // Under other readers or options, the hashes of the files' bytes still hold.
                let same_readers = kept_with == fingerprint;
                let recorded = records.into_iter().map(|(path, mut known)| {
                    if !same_readers {
                        known.entry = None;
                    }
                    let confirmed = AtomicBool::new(false);
                    (path, Recorded { known, confirmed })
                });
                Some(recorded.collect())
            })
            .unwrap_or_default();
        let now = SystemTime::now();
        Self {
            path,
            fingerprint: fingerprint.to_owned(),
            seen: Mutex::new(HashMap::new()),
            known,
            trusted_before: now.checked_sub(settle).unwrap_or(SystemTime::UNIX_EPOCH),
            changed: AtomicBool::new(false),
        }
    }

    /// What is known of the file `relative` if it is still in `state`.
    pub fn lookup(&self, relative: &str, state: &FileState) -> Option<&Known> {
        self.known
            .get(relative)
            .map(|r| &r.known)
            .filter(|k| k.state == *state)
    }

    /// Records that the file `relative`, in `state`, holds bytes hashing to `file_hash`,
    /// read as the cache entry whose body ([`super::entry::body`]) is `entry`: kept only
    /// when the file has settled (see the module doc), the entry only when it is small.
    pub fn note(
        &self,
        relative: &str,
        state: FileState,
        file_hash: blake3::Hash,
        entry: Option<&[u8]>,
    ) {
        let entry = entry.filter(|e| e.len() <= MAX_INLINE_ENTRY);
        let settled = state.settled_before(self.trusted_before);
        let recorded = self.known.get(relative);
        if let Some(r) = recorded.filter(|_| settled)
            && r.known.state == state
            && r.known.file_hash == file_hash
            && r.known.entry.as_deref() == entry
        {
            // The usual case: as recorded, nothing copied.
            r.confirmed.store(true, Ordering::Relaxed);
            return;
        }
        if settled || recorded.is_some() {
            self.changed.store(true, Ordering::Relaxed);
        }
        if settled {
            let known = Known {
                state,
                file_hash,
                entry: entry.map(<[u8]>::to_vec),
            };
            self.seen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .insert(relative.to_owned(), known);
        }
    }

    /// After the load: writes what it saw when that differs from what was recorded (the
    /// files gone are dropped). A load that did not read every file (`complete` false)
    /// keeps the records of the files it did not see. A failure to write is not an error:
    /// the files are hashed again next time.
    pub fn save(self, complete: bool) {
        let confirmed = |r: &Recorded| r.confirmed.load(Ordering::Relaxed);
        let every_file_as_recorded = self.known.values().all(confirmed);
        if !self.changed.load(Ordering::Relaxed) && every_file_as_recorded {
            return;
        }
        let mut records = self
            .seen
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for (path, r) in self.known {
            if !complete || confirmed(&r) {
                records.entry(path).or_insert(r.known);
            }
        }
        let _ = crate::fs::write_replacing(&self.path, &encode(&self.fingerprint, &records));
    }
}

fn encode(fingerprint: &str, records: &HashMap<String, Known>) -> Vec<u8> {
    let mut out = Vec::with_capacity(256 + records.len() * 160);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    put_str(&mut out, fingerprint);
    put_varint(&mut out, records.len() as u64);
    for (path, known) in records {
        let s = &known.state;
        put_str(&mut out, path);
        for v in [s.device, s.inode, s.size] {
            put_varint(&mut out, v);
        }
        for (secs, nanos) in [s.modified, s.changed] {
            // Two's complement: a time before 1970 takes ten bytes, and comes back.
            put_varint(&mut out, secs as u64);
            put_varint(&mut out, nanos as u64);
        }
        out.extend_from_slice(known.file_hash.as_bytes());
        put_bytes(&mut out, known.entry.as_deref().unwrap_or_default());
    }
    let checksum = blake3::hash(&out);
    out.extend_from_slice(checksum.as_bytes());
    out
}

/// The fingerprint the index was written with, and its records.
fn decode(stored: &[u8]) -> Result<(&str, HashMap<String, Known>), Damaged> {
    let body_len = stored
        .len()
        .checked_sub(CHECKSUM_LEN)
        .ok_or(Damaged("too short"))?;
    let (body, checksum) = stored.split_at(body_len);
    if blake3::hash(body).as_bytes() != checksum {
        return Err(Damaged("checksum mismatch"));
    }
    let mut r = Reader::new(body);
    if r.take(MAGIC.len())? != MAGIC || r.take(4)? != FORMAT_VERSION.to_le_bytes() {
        return Err(Damaged("not an index of this version"));
    }
    let fingerprint = r.string()?;
    let count = r.count()?;
    let mut records = HashMap::with_capacity(count);
    for _ in 0..count {
        let path = r.string()?.to_owned();
        let (device, inode, size) = (r.varint()?, r.varint()?, r.varint()?);
        let mut time =
            || -> Result<(i64, i64), Damaged> { Ok((r.varint()? as i64, r.varint()? as i64)) };
        let (modified, changed) = (time()?, time()?);
        let hash: [u8; 32] = r.take(32)?.try_into().map_err(|_| Damaged("hash"))?;
        let entry = r.bytes()?;
        let known = Known {
            state: FileState {
                device,
                inode,
                size,
                modified,
                changed,
            },
            file_hash: blake3::Hash::from_bytes(hash),
            entry: (!entry.is_empty()).then(|| entry.to_vec()),
        };
        records.insert(path, known);
    }
    if !r.is_done() {
        return Err(Damaged("trailing bytes"));
    }
    Ok((fingerprint, records))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(modified: (i64, i64), changed: (i64, i64)) -> FileState {
        FileState {
            device: 2049,
            inode: 77,
            size: 10,
            modified,
            changed,
        }
    }

    fn at(secs: u64, nanos: u32) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::new(secs, nanos)
    }

    #[test]
    fn a_file_is_settled_only_when_it_last_changed_before_the_time() {
        let s = state((1_000, 5), (1_000, 7));
        assert!(s.settled_before(at(1_000, 8)));
        assert!(!s.settled_before(at(1_000, 7)), "changed at that very time");
        assert!(!s.settled_before(at(999, 0)));
        // A modification time set back by a program does not hide the change.
        assert!(!state((5, 0), (1_000, 0)).settled_before(at(1_000, 0)));
        assert!(state((-5, 0), (1_000, 0)).settled_before(at(2_000, 0)));
        assert!(!state((1, 0), (-6, 0)).settled_before(at(2_000, 0)));
    }

    #[test]
    fn under_other_readers_the_hashes_are_kept_and_the_entries_are_not() {
        let cache = tempfile::tempdir().expect("temp dir");
        let root = cache.path().join("corpus");
        let s = state((1, 0), (1_000, 0));
        let hash = blake3::hash(b"bytes");
        let index = FolderIndex::open(cache.path(), &root, Duration::ZERO, "readers 1");
        index.note("a.txt", s, hash, Some(b"body"));
        index.save(true);
        let same = FolderIndex::open(cache.path(), &root, Duration::ZERO, "readers 1");
        let known = same.lookup("a.txt", &s).expect("recorded");
        assert_eq!(
            (known.file_hash, known.entry.as_deref()),
            (hash, Some(&b"body"[..]))
        );
        let other = FolderIndex::open(cache.path(), &root, Duration::ZERO, "readers 2");
        let known = other.lookup("a.txt", &s).expect("still recorded");
        assert_eq!((known.file_hash, known.entry.as_deref()), (hash, None));
        // Noted again under the new readers, it is written with its new entry.
        other.note("a.txt", s, hash, Some(b"new body"));
        other.save(true);
        let again = FolderIndex::open(cache.path(), &root, Duration::ZERO, "readers 2");
        let known = again.lookup("a.txt", &s).expect("recorded");
        assert_eq!(known.entry.as_deref(), Some(&b"new body"[..]));
    }

    #[test]
    fn an_index_is_read_back_and_any_damage_reads_as_empty() {
        let mut records = HashMap::new();
        records.insert(
            "a/Ţarţūs.txt".to_owned(),
            Known {
                state: state((-3, 999_999_999), (1_700_000_000, 12)),
                file_hash: blake3::hash(b"one"),
                entry: Some(b"entry".to_vec()),
            },
        );
        records.insert(
            "b.pdf".to_owned(),
            Known {
                state: state((1, 2), (3, 4)),
                file_hash: blake3::hash(b"two"),
                entry: None,
            },
        );
        let bytes = encode("readers 1", &records);
        assert_eq!(decode(&bytes), Ok(("readers 1", records)));
        for at in 0..bytes.len() {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            assert!(decode(&damaged).is_err(), "byte {at} changed");
        }
        for len in 0..bytes.len() {
            assert!(decode(&bytes[..len]).is_err(), "cut at {len}");
        }
    }
}

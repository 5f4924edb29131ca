//! OCR results kept between sessions, so that a page is read once: one small file per page
//! in the data folder (`ocr-cache/`), named by the hash of its key: the file's content hash,
//! the page, the languages (the setting resolved against those installed) and Tesseract's
//! version (another version, or other languages, read a page differently, so they are
//! other entries).
//!
//! A cache, not a record (the conventions of the entity cache, `entities::cache`): each
//! entry starts with a magic line and a format version, holds its own key (a hash
//! collision, or a renamed file, is a miss) and ends with a BLAKE3 checksum of what comes
//! before; a damaged, foreign or older entry is a miss and the page is read again. Entries
//! are written atomically; deleting the folder is safe. [`OcrCache::prune`] keeps it under
//! a size bound by removing the entries read least recently (their modification time).
//!
//! ```text
//! "DOSSIER-OCR\n"  u32 LE format version   JSON of CachedPage   32 bytes: BLAKE3 of all before
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::tsv::OcrWord;
use crate::corpus::layout::{PageRect, PageSize};

const MAGIC: &[u8] = b"DOSSIER-OCR\n";
/// 2: pages read poorly are turned as Tesseract's orientation detection says, and noted.
const FORMAT_VERSION: u32 = 2;
const CHECKSUM_LEN: usize = 32;
/// The default bound on the cache folder: a dense page is ~60 KB, so ~8,000 pages.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// What identifies one OCR'd page.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PageKey {
    /// BLAKE3 of the file's bytes (hex).
    pub file: String,
    /// The page, from 0.
    pub page: u32,
    /// The languages resolved against those installed (`resolved_languages`: "eng+ara",
    /// or "auto:eng+ara" when chosen per page).
    pub languages: String,
    /// Tesseract's version.
    pub version: String,
}

impl PageKey {
    fn file_name(&self) -> String {
        let text = format!(
            "{}\n{}\n{}\n{}",
            self.file, self.page, self.languages, self.version
        );
        format!(
            "{}.ocr",
            &blake3::hash(text.as_bytes()).to_hex().as_str()[..32]
        )
    }
}

/// One page as OCR read it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CachedPage {
    /// The page's key (checked on reading).
    pub key: PageKey,
    /// The page's size in points (an image: its pixels).
    pub size: PageSize,
    /// The image Tesseract read, in pixels (its boxes are in these).
    pub pixel_width: u32,
    /// Height of that image, pixels.
    pub pixel_height: u32,
    /// Where that image lies on the page, in points, when not over the whole page (a PDF
    /// page's own scan handed as it is); `None`: the whole page.
    #[serde(default)]
    pub frame: Option<PageRect>,
    /// The languages used ("eng+ara").
    pub used_languages: String,
    /// The words read, or why the page could not be read (a crash, a hang, garbage):
    /// kept, so that a page that cannot be read is not tried on every open.
    pub result: Result<Vec<OcrWord>, String>,
    /// What the skip report says of a page read but perhaps wrongly (read poorly and
    /// possibly turned, without the orientation data to tell).
    #[serde(default)]
    pub note: Option<String>,
}

/// The OCR cache in one folder.
#[derive(Clone, Debug)]
pub struct OcrCache {
    dir: PathBuf,
}

impl OcrCache {
    /// The cache in `dir` (created on the first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The page of `key`, when an intact entry for it is there.
    pub fn get(&self, key: &PageKey) -> Option<CachedPage> {
        let bytes = std::fs::read(self.dir.join(key.file_name())).ok()?;
        let page = decode(&bytes)?;
        (page.key == *key).then_some(page)
    }

    /// True when the page of `key` is there (read and checked).
    pub fn has(&self, key: &PageKey) -> bool {
        self.get(key).is_some()
    }

    /// Keeps `page` (atomically); an error is returned, not fatal: the page is read again
    /// next time.
    pub fn put(&self, page: &CachedPage) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        crate::fs::write_atomically(&self.dir.join(page.key.file_name()), &encode(page)?, false)
    }

    /// Removes the oldest entries until the folder holds at most `max_bytes`.
    pub fn prune(&self, max_bytes: u64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "ocr"))
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((meta.modified().ok()?, meta.len(), e.path()))
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

fn encode(page: &CachedPage) -> std::io::Result<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    serde_json::to_writer(&mut out, page)?;
    let sum = blake3::hash(&out);
    out.extend_from_slice(sum.as_bytes());
    Ok(out)
}

fn decode(bytes: &[u8]) -> Option<CachedPage> {
    let body_len = bytes.len().checked_sub(CHECKSUM_LEN)?;
    let (body, sum) = bytes.split_at(body_len);
    if blake3::hash(body).as_bytes() != sum {
        return None;
    }
    let rest = body.strip_prefix(MAGIC)?;
    let (version, json) = rest.split_at_checked(4)?;
    if u32::from_le_bytes(version.try_into().ok()?) != FORMAT_VERSION {
        return None;
    }
    serde_json::from_slice(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: u32) -> CachedPage {
        CachedPage {
            key: PageKey {
                file: "abc".to_owned(),
                page: n,
                languages: "auto".to_owned(),
                version: "5.3.0".to_owned(),
            },
            size: PageSize {
                width: 612.0,
                height: 792.0,
            },
            pixel_width: 2550,
            pixel_height: 3300,
            frame: None,
            used_languages: "eng".to_owned(),
            result: Ok(vec![OcrWord {
                block: 1,
                par: 1,
                line: 1,
                left: 1,
                top: 2,
                width: 3,
                height: 4,
                conf: 91.5,
                text: "word".to_owned(),
            }]),
            note: None,
        }
    }

    #[test]
    fn a_page_kept_is_found_again_and_another_key_is_a_miss() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OcrCache::new(dir.path().join("ocr"));
        assert!(cache.get(&page(0).key).is_none());
        cache.put(&page(0)).expect("written");
        assert_eq!(cache.get(&page(0).key), Some(page(0)));
        assert!(cache.get(&page(1).key).is_none());
        let mut other_version = page(0).key;
        other_version.version = "5.4.0".to_owned();
        assert!(cache.get(&other_version).is_none());
    }

    #[test]
    fn a_damaged_entry_is_a_miss_not_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OcrCache::new(dir.path());
        cache.put(&page(0)).expect("written");
        let path = dir.path().join(page(0).key.file_name());
        let mut bytes = std::fs::read(&path).expect("read");
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0x20;
        std::fs::write(&path, &bytes).expect("write");
        assert!(cache.get(&page(0).key).is_none());
        std::fs::write(&path, b"DOSSIER-OCR\n").expect("write");
        assert!(cache.get(&page(0).key).is_none());
    }

    #[test]
    fn pruning_keeps_the_folder_under_its_bound() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = OcrCache::new(dir.path());
        for n in 0..10 {
            cache.put(&page(n)).expect("written");
        }
        let one = std::fs::metadata(dir.path().join(page(0).key.file_name()))
            .expect("entry")
            .len();
        cache.prune(one * 3);
        let left = std::fs::read_dir(dir.path()).expect("dir").count();
        assert!(left <= 3, "{left} entries left");
    }
}

//! One loaded document: its text, where it came from, and what it says about itself.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use super::layout::PageLayout;
use super::marks::TextMarks;
use crate::text::{DocText, ParagraphStyle};

/// The file formats Dossier reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`).
    Text,
    /// Markdown (`.md`), with optional front matter.
    Markdown,
    /// A web page (`.html`).
    Html,
    /// PDF, by its text layer.
    Pdf,
    /// A Word document (`.docx`).
    Docx,
    /// An OpenDocument text (`.odt`).
    Odt,
    /// A zip archive (`.zip`): its members are documents of their own.
    Zip,
    /// A tar archive (`.tar`, `.tar.gz`, `.tgz`): its members are documents of their own.
    Tar,
    /// Comma-separated values (`.csv`): one row per line, tabs between cells.
    Csv,
    /// Tab-separated values (`.tsv`).
    Tsv,
    /// An Excel workbook (`.xlsx`): each sheet a document when it has several.
    Xlsx,
    /// An old binary Excel workbook (`.xls`).
    Xls,
    /// An OpenDocument spreadsheet (`.ods`).
    Ods,
    /// An email message (`.eml`, or Outlook's `.msg`).
    Email,
    /// A mailbox of messages (`.mbox`): no text of its own, its messages are its parts.
    Mailbox,
    /// An image (PNG, JPEG, TIFF with its pages, WebP, BMP), read by OCR.
    Image,
}

impl Format {
    /// The format of a file name by its extension (case-insensitive); `None` if unsupported.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Self::Text,
            "md" | "markdown" => Self::Markdown,
            "html" | "htm" | "xhtml" => Self::Html,
            "pdf" => Self::Pdf,
            "docx" => Self::Docx,
            "odt" => Self::Odt,
            "zip" => Self::Zip,
            "tar" | "tgz" => Self::Tar,
            "gz" if is_tar_gz(path) => Self::Tar,
            "csv" => Self::Csv,
            "tsv" | "tab" => Self::Tsv,
            "xlsx" | "xlsm" => Self::Xlsx,
            "xls" => Self::Xls,
            "ods" => Self::Ods,
            // An Outlook `.msg` is told from a mislabelled `.eml` by its first bytes.
            "eml" | "msg" => Self::Email,
            "mbox" | "mbx" => Self::Mailbox,
            "png" | "jpg" | "jpeg" | "tif" | "tiff" | "webp" | "bmp" | "gif" => Self::Image,
            _ => return None,
        })
    }

    /// The format's name as people say it ("Word document").
    pub fn label(self) -> &'static str {
        match self {
            Self::Text => "Plain text",
            Self::Markdown => "Markdown",
            Self::Html => "HTML",
            Self::Pdf => "PDF",
            Self::Docx => "Word document",
            Self::Odt => "OpenDocument text",
            Self::Zip => "Zip archive",
            Self::Tar => "Tar archive",
            Self::Csv => "CSV table",
            Self::Tsv => "TSV table",
            Self::Xlsx => "Excel workbook",
            Self::Xls => "Excel 97-2003 workbook",
            Self::Ods => "OpenDocument spreadsheet",
            Self::Email => "Email message",
            Self::Mailbox => "Mailbox",
            Self::Image => "Image",
        }
    }

    /// True for a table (a CSV file, a sheet of a workbook): its text is one row per line
    /// with tabs between cells, which the reader can show as a grid.
    pub fn is_table(self) -> bool {
        matches!(
            self,
            Self::Csv | Self::Tsv | Self::Xlsx | Self::Xls | Self::Ods
        )
    }
}

/// "logs.tar.gz" (any case): a gzipped tar, not any gzipped file.
fn is_tar_gz(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.to_ascii_lowercase().ends_with(".tar.gz"))
}

/// What a document says about itself (front matter, HTML meta tags, document properties).
/// Every field is optional; unknown front-matter keys are kept in `extra`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Metadata {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The date of publication, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The publisher or site.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The author or byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The licence or rights statement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// The web address the document came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Other front-matter keys, with their values.
    #[serde(skip_serializing_if = "Extra::is_empty")]
    pub extra: Extra,
}

/// The other fields of a document's metadata by name (a message's `from`, `to`,
/// `message_id`...), in name order, each name once, read and written as a map. Held as a
/// sorted list: a document has a handful at most, and a `BTreeMap` would allocate a node
/// of room for eleven (about 540 bytes) for the first of them, in every message of a
/// mailbox.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Extra(Vec<(String, String)>);

impl Extra {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets `key` to `value`, giving back the value it replaced.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`, giving back its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.position(key).ok().map(|i| self.0.remove(i).1)
    }

    /// Whether there is no field.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The fields in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Gives back the room no field uses (a document kept for the whole session).
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

impl std::ops::Index<&str> for Extra {
    type Output = String;

    /// The value of `key`; panics when it has none, as a map's index does (for tests).
    fn index(&self, key: &str) -> &String {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no metadata field {key:?}"),
        }
    }
}

impl FromIterator<(String, String)> for Extra {
    /// The fields of `iter`, the last value of a name repeated kept, as a map would.
    fn from_iter<I: IntoIterator<Item = (String, String)>>(iter: I) -> Self {
        let mut extra = Self::default();
        for (key, value) in iter {
            extra.insert(key, value);
        }
        extra
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, String>::deserialize(deserializer)?;
        Ok(Self(map.into_iter().collect()))
    }
}

impl Metadata {
    /// Sets a field by its front-matter key (common synonyms accepted); other keys go to
    /// `extra`.
    pub fn set(&mut self, key: &str, value: String) {
        let value = value.trim().to_owned();
        if value.is_empty() {
            return;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" | "headline" => self.title = Some(value),
            "date" | "published" | "publication_date" | "created" => self.date = Some(value),
            "source" | "publisher" | "site" => self.source = Some(value),
            "author" | "authors" | "byline" | "creator" => self.author = Some(value),
            "licence" | "license" | "rights" => self.licence = Some(value),
            "url" | "link" | "original_url" => self.url = Some(value),
            other => {
                self.extra.insert(other.to_owned(), value);
            }
        }
    }
}

/// A stable fingerprint of a document's decoded text (BLAKE3, 128 bits, hex), so that a
/// change of encoding alone does not count as a change of text.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ContentHash(pub String);

impl ContentHash {
    /// The hash of `text`.
    pub fn of_text(text: &str) -> Self {
        let hash = blake3::hash(text.as_bytes());
        let hex = hash.to_hex();
        Self(format!("b3:{}", &hex.as_str()[..32]))
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A document of the corpus, immutable once loaded (shared between threads as
/// `Arc<Document>`).
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The document's identity: its path relative to the corpus folder, `/`-separated, and
    /// for a part of a file the part after it (`inbox.mbox#<Message-ID>`,
    /// `letters.zip/scans/p1.pdf`, `figures.xlsx#Sheet2`).
    pub path: String,
    /// The title shown (the document's own, else its file name).
    pub title: String,
    /// What the document says about itself.
    pub meta: Metadata,
    /// The format it was read as.
    pub format: Format,
    /// The encoding the file was decoded from ("UTF-8", "UTF-16LE", "windows-1252", ...).
    pub encoding: String,
    /// The hash of its decoded text as the file writes it (before Markdown's soft line
    /// breaks are read as spaces: see [`formats::as_read`](super::formats::as_read)).
    pub hash: ContentHash,
    /// The text, with its char index and paragraphs.
    pub text: DocText,
    /// Char offsets where pages start, for paged formats (PDF); empty otherwise.
    pub pages: Vec<usize>,
    /// Where the words are on the pages (PDF text positions, OCR word boxes), for the page
    /// view; `None` when the reader could not place them or the format has no pages.
    pub layout: Option<Arc<PageLayout>>,
    /// The id of what this document is a part of (a message's mailbox or the message an
    /// attachment came with, an archive, a workbook), `None` for a file of its own. The
    /// parent need not be a document itself: a mailbox or a zip file has no text of its own.
    pub parent: Option<String>,
    /// Quoted lines and the people the file's structure names (an email's replies and
    /// addresses); empty for other formats.
    pub marks: TextMarks,
    /// Size of the file on disk, in bytes.
    pub file_size: u64,
    /// The day the file was last modified (local time), when the file system says: what
    /// a document's relative dates ("yesterday") are resolved against when the document
    /// gives no date of its own.
    pub file_modified: Option<jiff::civil::Date>,
    /// The number of words, counted the first time it is asked for (the reader's title
    /// block shows it; counting Unicode words costs ~20 ms a megabyte, too much to repeat
    /// every frame or to add to every load).
    pub word_count: OnceLock<usize>,
}

impl Document {
    /// A document as the loader makes one from a UTF-8 plain-text file at `path` (for
    /// fixtures and fuzzing: the title is the path).
    pub fn from_plain_text(path: &str, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            path: path.to_owned(),
            title: path.to_owned(),
            meta: Metadata::default(),
            format: Format::Text,
            encoding: "UTF-8".to_owned(),
            hash: ContentHash::of_text(&text),
            file_size: text.len() as u64,
            file_modified: None,
            text: DocText::new(text, ParagraphStyle::Lines),
            pages: Vec::new(),
            layout: None,
            parent: None,
            marks: TextMarks::default(),
            word_count: Default::default(),
        }
    }

    /// The file name (last path component).
    pub fn file_name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The folder part of the path ("" at the top level).
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    /// Number of words (Unicode word boundaries), for the title block.
    pub fn word_count(&self) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        *self
            .word_count
            .get_or_init(|| self.text.as_str().unicode_words().count())
    }

    /// The 1-based page holding char `pos`, for paged formats.
    pub fn page_at(&self, pos: usize) -> Option<usize> {
        if self.pages.is_empty() {
            return None;
        }
        Some(self.pages.partition_point(|&start| start <= pos).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extra_fields_are_kept_in_name_order_each_name_once() {
        let mut extra = Extra::default();
        assert!(extra.is_empty());
        assert_eq!(extra.insert("to".into(), "b".into()), None);
        assert_eq!(extra.insert("from".into(), "a".into()), None);
        assert_eq!(extra.insert("message_id".into(), "m".into()), None);
        assert_eq!(extra.insert("to".into(), "c".into()), Some("b".to_owned()));
        let names: Vec<&str> = extra.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["from", "message_id", "to"]);
        assert_eq!(extra.get("to").map(String::as_str), Some("c"));
        assert_eq!(extra["from"], "a");
        assert!(extra.contains_key("message_id") && !extra.contains_key("cc"));
        assert_eq!(extra.remove("message_id"), Some("m".to_owned()));
        assert_eq!((extra.len(), extra.get("message_id")), (2, None));
    }

    #[test]
    fn extra_fields_read_and_write_as_the_map_they_were() {
        let map: BTreeMap<String, String> = [("to", "b"), ("from", "a"), ("cc", "")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let extra: Extra = map.clone().into_iter().rev().collect();
        let json = serde_json::to_string(&extra).expect("json");
        assert_eq!(json, serde_json::to_string(&map).expect("json"));
        let back: Extra =
            serde_json::from_str(r#"{"to":"b","from":"x","from":"a","cc":""}"#).expect("read");
        assert_eq!(back, extra);
        assert_eq!(format!("{extra:?}"), format!("{map:?}"));
    }
}

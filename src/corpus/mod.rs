//! The corpus: a folder of documents, loaded in parallel, with a report of what was skipped
//! and why.
//!
//! Loading never aborts on a bad file: binary, undecodable, oversized, unreadable files and
//! symbolic-link loops are skipped with a [`SkipReason`] in the [`LoadReport`]. Only a root
//! that cannot be read at all is an error.

mod byline;
mod decode;
mod document;
pub mod formats;
pub mod layout;
mod load;
pub mod ocr;
pub mod own_export;
pub mod raster;
mod walk;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::Serialize;

pub use byline::{human_date, is_web_address};
pub use decode::{Decoded, decode};
pub use document::{ContentHash, Document, Format, Metadata};
pub use formats::{Extracted, Part, PartContent, SkippedPart};
pub use layout::{PageLayout, PageRect, PageSize, WordBox};
pub use load::{LoadedFile, PartLimits, load_document, load_file};

/// Files larger than this are skipped by default (64 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not loaded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    /// The file holds binary data, not text.
    #[error("binary file (not text)")]
    Binary,
    /// The file says it is UTF-8 but is not.
    #[error("invalid UTF-8 (damaged at byte {byte})")]
    InvalidUtf8 {
        /// Where the damage is, in bytes from the start of the file.
        byte: usize,
    },
    /// The file is not valid in the encoding it was read in.
    #[error("not valid {encoding}")]
    Undecodable {
        /// The encoding's name.
        encoding: &'static str,
    },
    /// No encoding could be told for the text.
    #[error("text in an unknown encoding")]
    UnknownEncoding,
    /// The file holds no text.
    #[error("empty file")]
    Empty,
    /// The file is over the size limit.
    #[error("too large ({} MB; the limit is {} MB)", size / 1_000_000, limit / 1_000_000)]
    TooLarge {
        /// The file's size, in bytes.
        size: u64,
        /// The limit, in bytes ([`LoadOptions::max_file_bytes`]).
        limit: u64,
    },
    /// The file system refused to read the file (what it said).
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// A symbolic link that leads back to a folder above it.
    #[error("symbolic link loop")]
    SymlinkLoop,
    /// A file type Dossier does not read.
    #[error("unsupported file type ({what})")]
    Unsupported {
        /// The type, as people name it.
        what: String,
    },
    /// The format's reader found the file damaged (what is wrong).
    #[error("{0}")]
    Damaged(String),
    /// A password-protected document whose text cannot be read without the password.
    #[error("password-protected (encrypted): remove the password and add the file again")]
    Encrypted,
    /// A paged document whose pages hold no text (scanned pages, images only).
    #[error("no text layer ({pages} page(s) of images only, e.g. a scan): run OCR on it first")]
    NoTextLayer {
        /// The document's pages.
        pages: usize,
    },
    /// An archive-based document (DOCX, ODT) that unpacks to more than the limit.
    #[error("unpacks to more than the limit of {} MB (possibly a zip bomb)", limit / 1_000_000)]
    TooLargeUnpacked {
        /// The limit, in bytes.
        limit: u64,
    },
    /// Reading it took longer than the time budget of one document
    /// ([`LoadOptions::read_budget`]).
    #[error(
        "took longer than {} s to read; likely a damaged or hostile file",
        seconds(*limit)
    )]
    TooSlow {
        /// The time budget.
        limit: std::time::Duration,
    },
    /// A report Dossier wrote (File > Export, `dossier export`), recognised by its marker:
    /// read back as a document, its quotes would count twice.
    #[error("Dossier's own export")]
    OwnExport,
    /// A part nested deeper than [`PartLimits::max_depth`] (an archive in an archive in ...).
    #[error("nested more than {limit} levels deep (possibly a hostile archive)")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// A file with more parts than [`PartLimits::max_parts`]; the parts beyond are skipped.
    #[error("beyond the limit of {limit} parts in one file")]
    TooManyParts {
        /// The limit.
        limit: usize,
    },
    /// The parts of one file add up to more bytes than [`PartLimits::max_bytes`].
    #[error("the parts of this file add up to more than {} MB", limit / 1_000_000)]
    PartsTooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// In the corpus's `exports/` folder, where Dossier suggests saving exports.
    #[error("in the exports folder, which Dossier never reads as documents")]
    ExportsFolder,
    /// Scanned pages (an image, a PDF without a usable text layer) not yet read by OCR:
    /// Read Scanned Pages (OCR) in the window, or `dossier ocr`, reads them.
    #[error("needs OCR: {pages} page(s) not read yet (Read Scanned Pages (OCR), or `dossier ocr`)")]
    NeedsOcr {
        /// The pages not yet read.
        pages: usize,
    },
    /// Scanned pages, and no Tesseract to read them (`why`: install it).
    #[error("needs OCR: {why}")]
    OcrUnavailable {
        /// The pages to read.
        pages: usize,
        /// Why Tesseract cannot be used (the install hint when it is missing).
        why: String,
    },
}

/// "10", "2.5", "0.25": a duration in seconds as people write it.
fn seconds(d: std::time::Duration) -> String {
    let secs = d.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0}")
    } else {
        format!("{secs}")
    }
}

/// A file that was not loaded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Path relative to the corpus folder, `/`-separated.
    pub path: String,
    /// Why it was not loaded.
    #[serde(serialize_with = "serialize_display")]
    pub reason: SkipReason,
}

fn serialize_display<S: serde::Serializer>(r: &SkipReason, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(r)
}

/// What a load skipped, in path order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadReport {
    /// The files not loaded, with the reason.
    pub skipped: Vec<Skipped>,
    /// True when the load was cancelled before every file was read.
    pub cancelled: bool,
}

/// Errors that stop a load altogether.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The path is not a folder.
    #[error("{path} is not a folder")]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// The folder could not be opened.
    #[error("cannot open {path}: {source}")]
    Io {
        /// The folder.
        path: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
}

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Files larger than this, in bytes, are skipped unread.
    pub max_file_bytes: u64,
    /// The most time one file may take to read; a file that takes longer is skipped with
    /// [`SkipReason::TooSlow`] and the load goes on. Default: 10 s
    /// ([`formats::DEFAULT_READ_BUDGET`]), or what the `DOSSIER_READ_BUDGET_SECS`
    /// environment variable says.
    pub read_budget: std::time::Duration,
    /// What the parts of one file (messages, attachments, archive members, sheets) may
    /// add up to.
    pub parts: PartLimits,
    /// Pages that need OCR: read from the OCR cache only, or read now.
    pub ocr: ocr::OcrOptions,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            read_budget: formats::budget::read_budget_from_env()
                .unwrap_or(formats::DEFAULT_READ_BUDGET),
            parts: PartLimits::default(),
            ocr: ocr::OcrOptions::default(),
        }
    }
}

/// Hears about a load as it happens (from worker threads), and may cancel it.
pub trait LoadObserver: Sync {
    /// The folder walk is done: `total` files will be read.
    fn found(&self, _total: usize) {}
    /// One document was read (in no particular order).
    fn loaded(&self, _doc: &Arc<Document>) {}
    /// One file was skipped.
    fn skipped(&self, _skipped: &Skipped) {}
    /// Polled between files; returning true stops the load early.
    fn cancelled(&self) -> bool {
        false
    }
}

/// An observer that hears nothing and never cancels.
impl LoadObserver for () {}

/// A cancel flag is the simplest observer.
impl LoadObserver for AtomicBool {
    fn cancelled(&self) -> bool {
        self.load(Ordering::Relaxed)
    }
}

/// A loaded folder: its documents in path order, and the load report.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    /// The folder loaded.
    pub root: PathBuf,
    /// The documents read, in path order.
    pub documents: Vec<Arc<Document>>,
    /// What was skipped.
    pub report: LoadReport,
}

impl Corpus {
    /// Loads every supported document below `root` (see the module doc).
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Self, CorpusError> {
        Self::load_with(root, options, &())
    }

    /// [`Corpus::load`], reporting progress to `observer`.
    pub fn load_with(
        root: &Path,
        options: &LoadOptions,
        observer: &dyn LoadObserver,
    ) -> Result<Self, CorpusError> {
        let meta = std::fs::metadata(root).map_err(|source| CorpusError::Io {
            path: root.to_owned(),
            source,
        })?;
        if !meta.is_dir() {
            return Err(CorpusError::NotAFolder {
                path: root.to_owned(),
            });
        }
        let walked = walk::walk(root);
        observer.found(walked.files.len());
        for s in &walked.skipped {
            observer.skipped(s);
        }
        let results: Vec<LoadedFile> = walked
            .files
            .par_iter()
            .filter_map(|file| {
                if observer.cancelled() {
                    return None;
                }
                let loaded =
                    load_file(&file.absolute, &file.relative, options).unwrap_or_else(|reason| {
                        LoadedFile {
                            documents: Vec::new(),
                            skipped: vec![Skipped {
                                path: file.relative.clone(),
                                reason,
                            }],
                        }
                    });
                for doc in &loaded.documents {
                    observer.loaded(doc);
                }
                for s in &loaded.skipped {
                    observer.skipped(s);
                }
                Some(loaded)
            })
            .collect();
        let cancelled = results.len() < walked.files.len();
        let mut documents = Vec::with_capacity(results.len());
        let mut skipped = walked.skipped;
        for loaded in results {
            documents.extend(loaded.documents);
            skipped.extend(loaded.skipped);
        }
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self {
            root: root.to_owned(),
            documents,
            report: LoadReport { skipped, cancelled },
        })
    }

    /// The document at `path` (relative, `/`-separated).
    pub fn get(&self, path: &str) -> Option<&Arc<Document>> {
        self.index_of(path).map(|i| &self.documents[i])
    }

    /// The position of the document at `path` in [`Corpus::documents`].
    pub fn index_of(&self, path: &str) -> Option<usize> {
        self.documents
            .binary_search_by(|d| d.path.as_str().cmp(path))
            .ok()
    }

    /// Total size of the documents' texts in chars.
    pub fn total_chars(&self) -> usize {
        self.documents.iter().map(|d| d.text.char_len()).sum()
    }
}

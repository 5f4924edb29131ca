//! The corpus: a folder of documents, loaded in parallel, with a report of what was skipped
//! and why.
//!
//! Loading never aborts on a bad file: binary, undecodable, oversized, unreadable files and
//! symbolic-link loops are skipped with a [`SkipReason`] in the [`LoadReport`]. Only a root
//! that cannot be read at all is an error.

mod byline;
mod copies;
mod decode;
mod document;
pub mod formats;
pub mod grid;
pub mod layout;
mod load;
pub mod marks;
pub mod near;
pub mod ocr;
pub mod own_export;
mod part_bytes;
mod progress;
pub mod raster;
mod reading;
pub mod text_cache;
pub mod thread;
mod walk;
pub mod watch;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use byline::{human_date, is_web_address};
pub use copies::{Copies, CopyPlace};
pub use decode::{Decoded, decode};
pub use document::{ContentHash, Document, Extra, Format, Metadata};
pub use formats::{Extracted, Part, PartContent, SkippedPart};
pub use layout::{PageLayout, PageRect, PageSize, WordBox};
pub use load::{LoadedFile, PartLimits, load_document, load_file};
pub use marks::{NamedSpan, RowsLeftOut, TextMarks};
pub use near::{NearCopies, NearGroup};
pub use part_bytes::document_bytes;
pub use progress::LoadStatus;
pub use text_cache::{CacheStats, TextCache};

/// Files larger than this are skipped by default (64 MiB).
pub const DEFAULT_MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not loaded. Serialisable: the text cache ([`text_cache`]) keeps why a
/// file or one of its parts could not be read, so that it is not read again to learn it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
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
        #[serde(deserialize_with = "encoding_name")]
        encoding: EncodingName,
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
    /// An archive member that inflates more than `limit` times its compressed size.
    #[error("compressed more than {limit} to 1 (possibly a zip bomb)")]
    CompressionRatio {
        /// The most an archive member may inflate, as a multiple of its compressed size.
        limit: u64,
    },
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

/// An encoding's name (`encoding_rs`'s). An alias, so that serde does not take the field
/// for text borrowed from what it reads.
pub type EncodingName = &'static str;

/// An encoding's name read back as the `'static` name `encoding_rs` gives it.
fn encoding_name<'de, D: serde::Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
    let name = String::deserialize(d)?;
    Ok(encoding_rs::Encoding::for_label(name.as_bytes())
        .map_or("an unknown encoding", |e| e.name()))
}

/// The documents below `root` (in no particular order) and the report of what was
/// skipped (in path order): the whole folder walked first, its files then read in parallel.
fn read_folder(
    root: &Path,
    options: &LoadOptions,
    observer: &dyn LoadObserver,
) -> Result<(Vec<Arc<Document>>, LoadReport), CorpusError> {
    let index = reading::open_folder(root, options)?;
    let walked = walk::walk(root);
    observer.found(walked.files.len());
    for s in &walked.skipped {
        observer.skipped(s);
    }
    let results: Vec<LoadedFile> = walked
        .files
        .par_iter()
        .filter_map(|file| {
            let loaded = reading::read_one(file, options, observer, index.as_ref())?;
            // Here on the loading threads, not when the window first draws it; the many
            // documents of one file (a mailbox's messages) on every thread.
            match loaded.documents.as_slice() {
                [doc] => doc.text.prepare(),
                docs => docs.par_iter().for_each(|doc| doc.text.prepare()),
            }
            Some(loaded)
        })
        .collect();
    let cancelled = results.len() < walked.files.len();
    reading::close_folder(options, index, cancelled);
    let mut documents = Vec::with_capacity(results.len());
    let mut skipped = walked.skipped;
    for loaded in results {
        documents.extend(loaded.documents);
        skipped.extend(loaded.skipped);
    }
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((documents, LoadReport { skipped, cancelled }))
}

/// The bytes of the open `file`, whose size was `len` when it was opened, reading at most
/// one byte past `limit` (a file that grew beyond it shows as larger than `limit`).
fn read_whole(file: &std::fs::File, len: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(limit)).unwrap_or(0) + 1);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok(bytes)
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

/// [`Corpus::report_counts`]: files or parts not read, and notes on documents that were.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportCounts {
    /// Files or parts not read.
    pub skipped: usize,
    /// Lines about a document that was read.
    pub notes: usize,
}

impl ReportCounts {
    /// "2 skipped", "1 note on a document read", both, or "" when the report is empty.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.skipped > 0 {
            parts.push(format!(
                "{} skipped",
                crate::text::counted(self.skipped, "file", "files")
            ));
        }
        if self.notes > 0 {
            parts.push(crate::text::counted(
                self.notes,
                "note on a document read",
                "notes on documents read",
            ));
        }
        parts.join(", ")
    }
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
    /// Where what was read is kept between loads, so that a file is parsed once (see
    /// [`text_cache`]); `None` reads every file every time.
    pub text_cache: Option<Arc<TextCache>>,
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
            text_cache: None,
            ocr: ocr::OcrOptions::default(),
        }
    }
}

impl LoadOptions {
    /// The default options with the text cache of Dossier's data folder
    /// ([`crate::fs::data_dir`], the window's): what the command line and the window load
    /// with. Without a data folder (no home directory), nothing is cached.
    pub fn cached() -> Self {
        Self::cached_in(crate::fs::data_dir().as_deref())
    }

    /// The default options with the text cache of the data folder `data_dir`, if any.
    pub fn cached_in(data_dir: Option<&Path>) -> Self {
        Self {
            text_cache: data_dir.map(|dir| Arc::new(TextCache::in_data_dir(dir))),
            ..Self::default()
        }
    }
}

/// Hears about a load as it happens (from worker threads), and may cancel it.
pub trait LoadObserver: Sync {
    /// The folder walk is done: `total` files will be read.
    fn found(&self, _total: usize) {}
    /// One document was read (in no particular order).
    fn loaded(&self, _doc: &Arc<Document>) {}
    /// Before a document whose text is exactly `text`, its file's bytes not yet checked to
    /// be UTF-8, is built (a plain text file found unchanged by its folder's index): true
    /// when the observer has no use for it but to know it was read (`dossier search`: no
    /// match in it). It is then neither checked nor built, and the observer hears of it
    /// through [`Self::passed`] instead of [`Self::loaded`].
    fn passes_over(&self, _text: &[u8]) -> bool {
        false
    }
    /// A document passed over (see [`Self::passes_over`]): its id and the hash of its text.
    fn passed(&self, _path: &str, _hash: &ContentHash) {}
    /// One file was skipped.
    fn skipped(&self, _skipped: &Skipped) {}
    /// A file of many parts (a mailbox) is being read: how far it has got. Called from
    /// the thread reading `file` (its id), after each batch of its messages.
    fn reading_parts(&self, _file: &str, _progress: &PartsProgress) {}
    /// Polled between files, and between the batches of a mailbox's messages; returning
    /// true stops the load early.
    fn cancelled(&self) -> bool {
        false
    }
}

/// How far the reading of one file of many parts (a mailbox) has got.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartsProgress {
    /// Messages read so far (skipped ones too).
    pub messages: usize,
    /// Documents read from the messages' attachments so far (at every depth).
    pub attachments: usize,
    /// Bytes of the file read so far.
    pub bytes_read: u64,
    /// The file's size, in bytes.
    pub bytes_total: u64,
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
    /// The documents read, in path order; of documents with the same text, only the first
    /// (see [`Copies`]).
    pub documents: Vec<Arc<Document>>,
    /// What was skipped.
    pub report: LoadReport,
    /// The other places where documents' exact texts occur.
    pub copies: Copies,
    /// The groups of documents that are near-copies of each other.
    pub near: NearCopies,
    /// The email conversations (`thread`), built with the corpus on the loading worker.
    pub threads: thread::Threads,
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
        let (mut documents, report) = read_folder(root, options, observer)?;
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self::of_documents(root.to_owned(), documents, report))
    }

    /// The corpus of `documents` (sorted by path), its exact copies collapsed into one
    /// document each, its near-copies grouped and its email conversations found.
    pub fn of_documents(root: PathBuf, documents: Vec<Arc<Document>>, report: LoadReport) -> Self {
        let (documents, copies) = Copies::collapse(documents);
        // The threads (one thread's work) are found while the near-copies are (every core's).
        let (near, threads) = rayon::join(
            || NearCopies::find(&documents),
            || thread::Threads::of(&documents),
        );
        Self {
            root,
            documents,
            report,
            copies,
            near,
            threads,
        }
    }

    /// Reads every document below `root` as [`Corpus::load_with`] does, handing each to
    /// `observer` as it is read and keeping none: for a caller that needs only something
    /// of each (`dossier search` keeps the matches), whose memory then stays that of the
    /// documents being read, not of the whole corpus. A document's char index and
    /// paragraphs are not built unless the observer uses them. Files are read as the
    /// folder walk finds them, on the walk's threads, as ripgrep does: the observer's
    /// [`LoadObserver::found`] is not called (the total is known only at the end).
    pub fn read_each(
        root: &Path,
        options: &LoadOptions,
        observer: &dyn LoadObserver,
    ) -> Result<LoadReport, CorpusError> {
        reading::read_each(root, options, observer)
    }

    /// The document at `path` (relative, `/`-separated).
    pub fn get(&self, path: &str) -> Option<&Arc<Document>> {
        self.index_of(path).map(|i| &self.documents[i])
    }

    /// The load report's lines split in two: what was not read, and notes on a document that
    /// was read all the same (a broken body read as far as it goes, a run of empty rows left
    /// out, a charset guessed): a note's path is the document's id and `#` what it is about.
    /// Summaries count the first as skipped and say the second apart.
    pub fn report_counts(&self) -> ReportCounts {
        let is_note = |path: &str| {
            path.rsplit_once('#')
                .is_some_and(|(document, _)| self.resolve(document).is_some())
        };
        let notes = self
            .report
            .skipped
            .iter()
            .filter(|s| is_note(&s.path))
            .count();
        ReportCounts {
            skipped: self.report.skipped.len() - notes,
            notes,
        }
    }

    /// The document at `id`, or the one it is an exact copy of.
    pub fn resolve(&self, id: &str) -> Option<&Arc<Document>> {
        self.get(id)
            .or_else(|| self.get(self.copies.canonical_of(id)?))
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

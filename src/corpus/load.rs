//! Reading one file into documents: the file's own text, and the parts inside it (the
//! messages of a mailbox, a message's attachments, an archive's members, a workbook's
//! sheets), each a document of its own with an id built from the file's path and the part.
//!
//! The limits a hostile file cannot get round are applied here, once for every container
//! format: how deep parts nest, how many one file holds, how many bytes they add up to.
//! A part over a limit is skipped with the reason; the parts before it are kept.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::document::{ContentHash, Document, Format};
use super::formats::{self, Extracted, Part, PartContent};
use super::text_cache::{EntryKey, FileState, FolderIndex, Found, TextCache};
use super::{LoadObserver, LoadOptions, SkipReason, Skipped, own_export};
use crate::text::DocText;

mod mailbox;

/// What the parts of one file may add up to (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartLimits {
    /// The deepest a part may be nested (a message is 1, its attachment 2, a member of a zip
    /// attached to it 3).
    pub max_depth: usize,
    /// The most parts one file may hold, at every depth together.
    pub max_parts: usize,
    /// The most bytes the parts read from bytes (attachments, archive members) may add up
    /// to, at every depth together.
    pub max_bytes: u64,
    /// How many messages of a mailbox streamed from its file are cut at once: at most
    /// three such batches are held (`docs/memory-bounds.md`). The batch
    /// changes what is held while reading, never what is read.
    pub mailbox_batch_messages: usize,
    /// How many bytes of messages (plus one message) a batch of a mailbox holds at most.
    pub mailbox_batch_bytes: u64,
}

impl Default for PartLimits {
    fn default() -> Self {
        Self {
            max_depth: 10,
            max_parts: 250_000,
            max_bytes: 2 * 1024 * 1024 * 1024,
            mailbox_batch_messages: formats::mail::mbox::BATCH_MESSAGES,
            mailbox_batch_bytes: formats::mail::mbox::BATCH_BYTES,
        }
    }
}

/// The documents read from one file, and the parts of it that were skipped.
#[derive(Clone, Debug, Default)]
pub struct LoadedFile {
    /// The file's own document (when it has text of its own) and its parts', in no
    /// particular order.
    pub documents: Vec<Arc<Document>>,
    /// The parts skipped, with their ids and reasons.
    pub skipped: Vec<Skipped>,
}

/// Reads one file as a document: size check, read, format extraction, indexing. The file's
/// parts are not read (see [`load_file`]). `relative` is the identity the document gets (its
/// path relative to the corpus). A file with no text of its own (a mailbox, a zip) is
/// [`SkipReason::Empty`] here.
pub fn load_document(
    path: &Path,
    relative: &str,
    options: &LoadOptions,
) -> Result<Document, SkipReason> {
    if Format::from_path(path) == Some(Format::Mailbox) {
        // A mailbox has no text of its own: only messages (see `load_file`).
        return Err(SkipReason::Empty);
    }
    let (format, mut file) = read_file(path, options)?;
    if let Some(cache) = &options.text_cache {
        // A file read before gives its own document from the cache; a file that was not
        // read (for a reason that may concern its parts only) is read here as before.
        let key = EntryKey::new(&file.bytes, options);
        match cache
            .get(&key, relative, file.bytes, file.modified, None)
            .map(|found| found.outcome)
        {
            Ok(Ok(loaded)) => {
                return loaded
                    .documents
                    .into_iter()
                    .find(|d| d.path == relative)
                    .map(Arc::unwrap_or_clone)
                    .inspect(|doc| doc.text.prepare())
                    .ok_or(SkipReason::Empty);
            }
            Ok(Err(_)) => {
                file.bytes =
                    std::fs::read(path).map_err(|e| SkipReason::Unreadable(e.to_string()))?
            }
            Err(bytes) => file.bytes = bytes,
        }
    }
    let mut extracted = extract_with_ocr(format, file.bytes, options)?;
    if let Some(note) = file.read_as {
        extracted.meta.set("read_as", note);
    }
    if holds_nothing(&extracted) {
        return Err(SkipReason::Empty);
    }
    let doc = document(
        relative.to_owned(),
        None,
        format,
        extracted,
        file.size,
        file.modified,
    );
    doc.text.prepare();
    Ok(doc)
}

/// Reads one file and every part inside it (see the module doc). `Err` when the file
/// itself cannot be read or holds nothing; a part that cannot be read is in
/// [`LoadedFile::skipped`].
pub fn load_file(
    path: &Path,
    relative: &str,
    options: &LoadOptions,
) -> Result<LoadedFile, SkipReason> {
    load_file_observed(path, relative, options, &(), None)
}

/// [`load_file`], telling `observer` how far a mailbox has got and stopping one between
/// batches of its messages when the observer cancels (what was read is then returned, and
/// not kept in the text cache), with the index of the folder being loaded: a file in the
/// state it records is not hashed, and its entry may be there (see [`FolderIndex`]); what
/// is read is recorded in it. A mailbox is streamed from its file whatever its size (see
/// [`mailbox`]); every other file is read whole, within [`LoadOptions::max_file_bytes`].
pub(super) fn load_file_observed(
    path: &Path,
    relative: &str,
    options: &LoadOptions,
    observer: &dyn LoadObserver,
    index: Option<&FolderIndex>,
) -> Result<LoadedFile, SkipReason> {
    if Format::from_path(path) == Some(Format::Mailbox) {
        return mailbox::load(path, relative, options, observer);
    }
    let (format, file) = read_file(path, options)?;
    let Some(cache) = &options.text_cache else {
        return read_with_parts(format, file, relative, options);
    };
    let known = index
        .zip(file.state.as_ref())
        .and_then(|(index, state)| index.lookup(relative, state));
    // What was read of these very bytes before, with these readers and options: no parsing.
    let key = match known {
        Some(known) => {
            cache.note_unchanged();
            EntryKey::of_hash(known.file_hash, options)
        }
        None => EntryKey::new(&file.bytes, options),
    };
    let inline = known.and_then(|k| k.entry.as_deref());
    if let (Some(body), Some(index), Some(state)) = (inline, index, file.state)
        && let Some(hash) = TextCache::own_text_hash(body)
        && observer.passes_over(&file.bytes)
    {
        // A plain text file the observer has no use for: not checked, not built.
        observer.passed(relative, &ContentHash(hash.to_owned()));
        index.note(relative, state, key.file_hash(), inline);
        return Ok(LoadedFile::default());
    }
    let (outcome, entry) = match cache.get(&key, relative, file.bytes, file.modified, inline) {
        Ok(Found { outcome, entry }) => (outcome, entry),
        Err(bytes) => {
            let file = FileBytes { bytes, ..file };
            let outcome = read_with_parts(format, file, relative, options);
            let entry = cache.put(&key, relative, &outcome);
            (outcome, entry)
        }
    };
    if let (Some(index), Some(state)) = (index, file.state) {
        // No entry file read: the index's own body served.
        let body = entry.as_deref().map_or(inline, TextCache::index_form);
        index.note(relative, state, key.file_hash(), body);
    }
    outcome
}

/// [`load_file`] without the cache: the file and its parts read by their readers.
fn read_with_parts(
    format: Format,
    file: FileBytes,
    relative: &str,
    options: &LoadOptions,
) -> Result<LoadedFile, SkipReason> {
    let mut extracted = extract_with_ocr(format, file.bytes, options)?;
    if let Some(note) = file.read_as {
        extracted.meta.set("read_as", note);
    }
    if holds_nothing(&extracted) && extracted.parts.is_empty() {
        return Err(if extracted.skipped_parts.is_empty() {
            SkipReason::Empty
        } else {
            // Nothing was readable: say why the first part was not.
            extracted.skipped_parts[0].reason.clone()
        });
    }
    let tally = Tally::default();
    let reading = Reading {
        options,
        modified: file.modified,
        tally: &tally,
    };
    Ok(reading.add(relative.to_owned(), None, format, extracted, file.size, 0))
}

/// A file's bytes and what the file system says of it.
struct FileBytes {
    bytes: Vec<u8>,
    size: u64,
    modified: Option<jiff::civil::Date>,
    /// What changes when the bytes do, as the file was opened.
    state: Option<FileState>,
    /// Why it is read by another reader than its name calls for ("named .xls, read as
    /// HTML"), if it is.
    read_as: Option<String>,
}

/// The checks before a file is parsed: a format Dossier reads, not too large, readable,
/// not empty, not one of Dossier's own exports.
fn read_file(path: &Path, options: &LoadOptions) -> Result<(Format, FileBytes), SkipReason> {
    let format = Format::from_path(path).ok_or_else(|| SkipReason::Unsupported {
        what: path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_else(|| "no extension".to_owned()),
    })?;
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    let too_large = |size| SkipReason::TooLarge {
        size,
        limit: options.max_file_bytes,
    };
    if meta.len() > options.max_file_bytes {
        return Err(too_large(meta.len()));
    }
    // One open file, its size known: no second look-up of the path, no reads to find the
    // size (a tenth of the system calls of a load of many small files).
    let bytes = super::read_whole(&file, meta.len(), options.max_file_bytes).map_err(unreadable)?;
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(SkipReason::Empty);
    }
    // Read for what it is when the name's reader would fail on it.
    let (format, read_as) =
        formats::sniff::by_name_and_bytes(path, &bytes).unwrap_or((format, None));
    if own_export::is_own_export(format, &bytes) {
        return Err(SkipReason::OwnExport);
    }
    Ok((
        format,
        FileBytes {
            size: bytes.len() as u64,
            bytes,
            modified: modified_day(&meta),
            state: FileState::of(&meta),
            read_as,
        },
    ))
}

/// The day the file system says a file was last modified.
fn modified_day(meta: &std::fs::Metadata) -> Option<jiff::civil::Date> {
    meta.modified()
        .ok()
        .and_then(|t| jiff::ZonedDateTime::try_from(t).ok())
        .map(|z| z.date())
}

/// The text of `bytes` read as `format`, within the time budget.
fn extract(format: Format, bytes: Vec<u8>, options: &LoadOptions) -> Result<Extracted, SkipReason> {
    if let Some(cache) = &options.text_cache {
        cache.note_parsed();
    }
    match format {
        // Decoding plain text is linear in its size, which is capped: a thread of its own
        // per file would cost more (tens of microseconds, for corpora of many small files)
        // than it guards against.
        Format::Text => formats::extract(format, &bytes),
        // A mailbox holds many documents: one budget for all of them would refuse a large
        // mailbox as too slow. Splitting it is linear, each message's parser is too.
        Format::Mailbox => formats::extract(format, &bytes),
        _ => formats::extract_within(format, bytes, options.read_budget),
    }
}

/// [`extract`], then the pages the reader left to OCR read from the OCR cache (or by
/// Tesseract when the options say so): see [`super::ocr::complete`].
fn extract_with_ocr(
    format: Format,
    bytes: Vec<u8>,
    options: &LoadOptions,
) -> Result<Extracted, SkipReason> {
    let kept = super::ocr::may_need(format).then(|| Arc::new(bytes.clone()));
    let extracted = extract(format, bytes, options)?;
    let mut extracted = super::ocr::complete(
        format,
        extracted,
        kept.as_ref(),
        &options.ocr,
        options.read_budget,
    )?;
    if let Some(bytes) = &kept
        && known_by_its_look(&extracted)
    {
        extracted.look = Some(blake3::hash(bytes).to_hex().to_string());
    }
    Ok(extracted)
}

/// Whether what a reader sees of the document is its pages rather than a text layer: some
/// of its words were read by OCR (they carry a confidence), or it has pages and no words.
fn known_by_its_look(extracted: &Extracted) -> bool {
    extracted.layout.as_ref().is_some_and(|layout| {
        !layout.pages.is_empty()
            && (extracted.text.trim().is_empty()
                || layout.words.iter().any(|w| w.confidence.is_some()))
    })
}

/// The parts and bytes a file's reading has taken so far, shared by the threads reading
/// its parts.
#[derive(Default)]
struct Tally {
    parts: AtomicUsize,
    bytes: AtomicU64,
}

/// One file's reading, with what its parts share.
struct Reading<'a> {
    options: &'a LoadOptions,
    modified: Option<jiff::civil::Date>,
    tally: &'a Tally,
}

impl Reading<'_> {
    /// `extracted` as the document `id` (when it has text) and its parts as documents below
    /// it, in parallel.
    fn add(
        &self,
        id: String,
        parent: Option<String>,
        format: Format,
        mut extracted: Extracted,
        size: u64,
        depth: usize,
    ) -> LoadedFile {
        let parts = std::mem::take(&mut extracted.parts);
        let mut out = LoadedFile {
            documents: Vec::new(),
            skipped: std::mem::take(&mut extracted.skipped_parts)
                .into_iter()
                .map(|s| Skipped {
                    path: format!("{id}{}", s.suffix),
                    reason: s.reason,
                })
                .collect(),
        };
        if !holds_nothing(&extracted) {
            out.documents.push(Arc::new(document(
                id.clone(),
                parent,
                format,
                extracted,
                size,
                self.modified,
            )));
        }
        let (accepted, refused) = self.admit(&id, parts, depth + 1);
        out.skipped.extend(refused);
        let children: Vec<LoadedFile> = accepted
            .into_par_iter()
            .map(|part| self.part(&id, part, depth + 1))
            .collect();
        for child in children {
            out.documents.extend(child.documents);
            out.skipped.extend(child.skipped);
        }
        out
    }

    /// The parts within the limits, in order, and the others skipped with the reason.
    fn admit(&self, id: &str, parts: Vec<Part>, depth: usize) -> (Vec<Part>, Vec<Skipped>) {
        let limits = self.options.parts;
        let mut accepted = Vec::with_capacity(parts.len());
        let mut refused = Vec::new();
        for part in parts {
            let bytes = match &part.content {
                PartContent::Bytes { bytes, .. } => bytes.len() as u64,
                PartContent::Read { .. } => 0,
            };
            let reason = if depth > limits.max_depth {
                Some(SkipReason::TooDeep {
                    limit: limits.max_depth,
                })
            } else if self.tally.parts.fetch_add(1, Ordering::Relaxed) >= limits.max_parts {
                Some(SkipReason::TooManyParts {
                    limit: limits.max_parts,
                })
            } else if self.tally.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes
                > limits.max_bytes
            {
                Some(SkipReason::PartsTooLarge {
                    limit: limits.max_bytes,
                })
            } else {
                None
            };
            match reason {
                Some(reason) => refused.push(Skipped {
                    path: format!("{id}{}", part.suffix),
                    reason,
                }),
                None => accepted.push(part),
            }
        }
        (accepted, refused)
    }

    /// One part, read and added with its own parts.
    fn part(&self, parent: &str, part: Part, depth: usize) -> LoadedFile {
        let id = format!("{parent}{}", part.suffix);
        let skip = |reason| LoadedFile {
            documents: Vec::new(),
            skipped: vec![Skipped {
                path: id.clone(),
                reason,
            }],
        };
        // A part read from bytes is titled by its file name as written ("memo scan.pdf",
        // "spaces and #hash?.txt"), as a loose file of that name would be, never by its id.
        let mut named = None;
        let (format, mut extracted, size) = match part.content {
            PartContent::Read { format, extracted } => {
                let size = extracted.text.len() as u64;
                (format, *extracted, size)
            }
            PartContent::Bytes { name, bytes } => {
                named = Some(title_from_name(&name));
                let Some(format) = Format::from_path(Path::new(&name)) else {
                    let what = Path::new(&name)
                        .extension()
                        .map(|e| format!(".{}", e.to_string_lossy()))
                        .unwrap_or_else(|| "no extension".to_owned());
                    return skip(SkipReason::Unsupported { what });
                };
                if bytes.is_empty() {
                    return skip(SkipReason::Empty);
                }
                // Read for what it is when the name's reader would fail on it.
                let (format, read_as) = formats::sniff::by_name_and_bytes(Path::new(&name), &bytes)
                    .unwrap_or((format, None));
                if own_export::is_own_export(format, &bytes) {
                    return skip(SkipReason::OwnExport);
                }
                let size = bytes.len() as u64;
                match extract_with_ocr(format, bytes, self.options) {
                    Ok(mut extracted) => {
                        if let Some(note) = read_as {
                            extracted.meta.set("read_as", note);
                        }
                        (format, extracted, size)
                    }
                    Err(reason) => return skip(reason),
                }
            }
        };
        if holds_nothing(&extracted)
            && extracted.parts.is_empty()
            && extracted.skipped_parts.is_empty()
        {
            return skip(SkipReason::Empty);
        }
        if extracted.title.as_ref().is_none_or(|t| t.trim().is_empty()) {
            extracted.title = named.filter(|t| !t.trim().is_empty());
        }
        self.add(id, Some(parent.to_owned()), format, extracted, size, depth)
    }
}

/// Whether a read file gives nothing to read or to look at: no text and no page. A
/// photograph, a stamp or a blank scan has pages but no words, and is still a document:
/// its pages are seen and coded by region.
fn holds_nothing(extracted: &Extracted) -> bool {
    extracted.text.trim().is_empty()
        && extracted
            .layout
            .as_ref()
            .is_none_or(|layout| layout.pages.is_empty())
}

/// The document `id` made of what its reader extracted.
fn document(
    id: String,
    parent: Option<String>,
    format: Format,
    extracted: Extracted,
    file_size: u64,
    file_modified: Option<jiff::civil::Date>,
) -> Document {
    let title = extracted
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| title_from_file_name(&id));
    let hash = match &extracted.look {
        // Copies by the file's bytes as well as by its words (see `Extracted::look`).
        Some(look) => ContentHash::of_text(&format!("{}\u{0}{look}", extracted.text)),
        None => ContentHash::of_text(&extracted.text),
    };
    let text = formats::as_read(format, extracted.text);
    Document {
        path: id,
        title,
        meta: extracted.meta,
        format,
        encoding: extracted.encoding,
        hash,
        text: DocText::new(text, extracted.style),
        pages: extracted.pages,
        layout: extracted.layout.map(Arc::new),
        parent,
        marks: extracted.marks,
        file_size,
        file_modified,
        word_count: Default::default(),
    }
}

/// "syria/jordan_armed-forces.txt" gives "jordan_armed-forces": the file's name without
/// its folder and extension, exactly as the user named it (a name made of codes, such as
/// "000_31e3b2518f2d233b", must stay recognisable to be found in a file manager). A part
/// is named by its last step: "inbox.mbox#12" gives "12", "a.zip/b/c.pdf" gives "c".
pub(crate) fn title_from_file_name(relative: &str) -> String {
    title_from_name(relative.rsplit(['/', '#']).next().unwrap_or(relative))
}

/// A file's name without its extension: "memo scan.pdf" gives "memo scan".
pub(crate) fn title_from_name(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_owned(),
        _ => name.to_owned(),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_falls_back_to_the_file_stem() {
        assert_eq!(
            title_from_file_name("a/b/jordan_armed-forces.txt"),
            "jordan_armed-forces"
        );
        assert_eq!(
            title_from_file_name("news/000_31e3b2518f2d233b.txt"),
            "000_31e3b2518f2d233b"
        );
        assert_eq!(title_from_file_name("README"), "README");
        assert_eq!(title_from_file_name(".notes"), ".notes");
    }

    #[test]
    fn a_markdown_soft_break_reads_as_a_space_and_the_hash_is_of_the_file_as_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let written = "Assad fled to Moscow, ending\nthe Assad family's rule.\n";
        let path = dir.path().join("memo.md");
        std::fs::write(&path, written).expect("write");
        let doc = load_document(&path, "memo.md", &LoadOptions::default()).expect("read");
        assert_eq!(
            doc.text.as_str(),
            "Assad fled to Moscow, ending the Assad family's rule.\n"
        );
        // A project saved before soft breaks were read as spaces finds it unchanged.
        assert_eq!(doc.hash, ContentHash::of_text(written));
    }

    fn text_part(suffix: &str, name: &str, text: &str) -> Part {
        Part {
            suffix: suffix.to_owned(),
            content: PartContent::Bytes {
                name: name.to_owned(),
                bytes: text.as_bytes().to_vec(),
            },
        }
    }

    /// A container with the text `own` and the given parts, as a reader would give it.
    fn container(own: &str, parts: Vec<Part>) -> Extracted {
        Extracted {
            text: own.to_owned(),
            parts,
            ..Default::default()
        }
    }

    fn read(extracted: Extracted, options: &LoadOptions) -> LoadedFile {
        let tally = Tally::default();
        let reading = Reading {
            options,
            modified: None,
            tally: &tally,
        };
        reading.add("in.mbox".to_owned(), None, Format::Text, extracted, 0, 0)
    }

    fn ids(loaded: &LoadedFile) -> Vec<(String, Option<String>)> {
        let mut ids: Vec<_> = loaded
            .documents
            .iter()
            .map(|d| (d.path.clone(), d.parent.clone()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn parts_are_documents_named_after_their_parent() {
        let message = container(
            "Hello, see the budget.",
            vec![text_part("/budget.txt", "budget.txt", "Budget: 3 million.")],
        );
        let mailbox = container(
            "",
            vec![Part {
                suffix: "#<m1@example.org>".to_owned(),
                content: PartContent::Read {
                    format: Format::Text,
                    extracted: Box::new(message),
                },
            }],
        );
        let loaded = read(mailbox, &LoadOptions::default());
        assert_eq!(
            ids(&loaded),
            vec![
                (
                    "in.mbox#<m1@example.org>".to_owned(),
                    Some("in.mbox".to_owned())
                ),
                (
                    "in.mbox#<m1@example.org>/budget.txt".to_owned(),
                    Some("in.mbox#<m1@example.org>".to_owned())
                ),
            ]
        );
        assert!(loaded.skipped.is_empty(), "{:?}", loaded.skipped);
        let attachment = loaded
            .documents
            .iter()
            .find(|d| d.path.ends_with("budget.txt"))
            .expect("the attachment is a document");
        assert_eq!(attachment.title, "budget");
        assert_eq!(attachment.text.as_str(), "Budget: 3 million.");
    }

    #[test]
    fn parts_beyond_the_limits_are_skipped_with_the_reason() {
        let options = LoadOptions {
            parts: PartLimits {
                max_depth: 1,
                max_parts: 2,
                max_bytes: 10,
                ..PartLimits::default()
            },
            ..LoadOptions::default()
        };
        let nested = container("outer", vec![text_part("/deep.txt", "deep.txt", "deep")]);
        let parts = vec![
            Part {
                suffix: "/a.zip".to_owned(),
                content: PartContent::Read {
                    format: Format::Text,
                    extracted: Box::new(nested),
                },
            },
            text_part("/big.txt", "big.txt", "more than ten bytes"),
            text_part("/c.txt", "c.txt", "c"),
            text_part("/photo.xyz", "photo.xyz", "?"),
        ];
        let loaded = read(container("", parts), &options);
        let reasons: Vec<(String, SkipReason)> = loaded
            .skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect();
        assert!(reasons.contains(&(
            "in.mbox/a.zip/deep.txt".to_owned(),
            SkipReason::TooDeep { limit: 1 }
        )));
        assert!(reasons.contains(&(
            "in.mbox/big.txt".to_owned(),
            SkipReason::PartsTooLarge { limit: 10 }
        )));
        assert!(reasons.contains(&(
            "in.mbox/c.txt".to_owned(),
            SkipReason::TooManyParts { limit: 2 }
        )));
        assert_eq!(
            ids(&loaded),
            vec![("in.mbox/a.zip".to_owned(), Some("in.mbox".to_owned()))]
        );
    }
}

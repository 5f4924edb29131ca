//! One cache entry: what the loader made of one file, as bytes and back.
//!
//! Layout (integers are LEB128 varints, strings their byte length then UTF-8, `json` a
//! string holding serde JSON):
//!
//! ```text
//! "DOSSIER-TEXT\n"  u32 LE format version
//! file hash         32 bytes: BLAKE3 of the file's bytes
//! fingerprint       (string: the readers' and the options' fingerprints; for a file OCR
//!                   read, then "; ocr " and the engine's stamp: its version, languages)
//! outcome           0, then the documents and the skipped parts | 1, the reason (json)
//! documents         count, then each: suffix (string: how its id continues the file's),
//!                   parent (0: none | 1, its suffix), format (json), title, encoding, hash,
//!                   metadata (json, "" when empty), paragraph style (byte), text (0: the
//!                   file's own bytes | 1, string), size, pages (count, then deltas),
//!                   layout (0: none | 1, pages (count, width and height as f32 LE), words
//!                   (count, then start delta, length, page, x, y, w, h, confidence
//!                   (0: none | 1, f32))), marks (json, "" when empty: an email's quoted
//!                   lines and named people)
//! skipped parts     count, then each: suffix (string), reason (json)
//! checksum          32 bytes: BLAKE3 of everything before it
//! ```
//!
//! A document's text that is exactly the file's bytes (plain UTF-8 text, the usual case) is
//! not stored twice: the entry says so and the text is taken from the file just read.

use std::sync::Arc;

use super::binary::{Damaged, Reader, put_bytes, put_str, put_varint};
use crate::corpus::document::{ContentHash, Document, Format, Metadata};
use crate::corpus::layout::{PageLayout, PageRect, PageSize, WordBox};
use crate::corpus::load::title_from_file_name;
use crate::corpus::{LoadedFile, SkipReason, Skipped, TextMarks};
use crate::text::{DocText, ParagraphStyle};

const MAGIC: &[u8] = b"DOSSIER-TEXT\n";
/// The entry layout's version: bump it when the layout above changes.
const FORMAT_VERSION: u32 = 3;
const CHECKSUM_LEN: usize = 32;

/// Why an entry was not used.
#[derive(Debug, PartialEq, Eq)]
pub enum Unusable {
    /// Damaged bytes (what is wrong).
    Damaged(&'static str),
    /// Written for another file, by other readers or with other options.
    Other,
}

impl From<Damaged> for Unusable {
    fn from(d: Damaged) -> Self {
        Self::Damaged(d.0)
    }
}

/// What one file came to: its documents and skipped parts, or why it was not read.
pub type Outcome = Result<LoadedFile, SkipReason>;

/// What decides whether an entry written with a fingerprint may be used.
pub trait Fingerprint {
    /// True when an entry written with the fingerprint `stored` may be used.
    fn accepts(&self, stored: &str) -> bool;
}

/// A fingerprint as a string: the same string only.
impl Fingerprint for str {
    fn accepts(&self, stored: &str) -> bool {
        self == stored
    }
}

/// The entry for `outcome`, the reading of the file `relative` whose bytes hash to
/// `file_hash`. `None` when the outcome cannot be cached: an id that does not continue the
/// file's (never made by the loader).
pub fn encode(
    outcome: &Outcome,
    relative: &str,
    file_hash: &blake3::Hash,
    fingerprint: &str,
) -> Option<Vec<u8>> {
    // Room for the texts of the parts (a mailbox's messages: one entry of every message),
    // so that the entry is not copied again and again as it grows; a file's own text may
    // be its bytes, not stored.
    let parts_text: usize = outcome.as_ref().map_or(0, |loaded| {
        loaded
            .documents
            .iter()
            .filter(|d| d.parent.is_some())
            .map(|d| d.text.as_str().len() + d.path.len() + 256)
            .sum()
    });
    let mut out = Vec::with_capacity(4096 + parts_text);
    // What `put_json` writes each value into before it is put: one buffer for the entry.
    let scratch = &mut Vec::new();
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(file_hash.as_bytes());
    put_str(&mut out, fingerprint);
    match outcome {
        Err(reason) => {
            out.push(1);
            put_json(&mut out, scratch, reason)?;
        }
        Ok(loaded) => {
            out.push(0);
            put_varint(&mut out, loaded.documents.len() as u64);
            for doc in &loaded.documents {
                put_document(&mut out, scratch, doc, relative, file_hash)?;
            }
            put_varint(&mut out, loaded.skipped.len() as u64);
            for skipped in &loaded.skipped {
                put_str(&mut out, skipped.path.strip_prefix(relative)?);
                put_json(&mut out, scratch, &skipped.reason)?;
            }
        }
    }
    let checksum = blake3::hash(&out);
    out.extend_from_slice(checksum.as_bytes());
    Some(out)
}

/// `value` as JSON, written through `scratch` (the same bytes as `put_str` of its string).
fn put_json<T: serde::Serialize>(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    value: &T,
) -> Option<()> {
    scratch.clear();
    serde_json::to_writer(&mut *scratch, value).ok()?;
    put_bytes(out, scratch);
    Some(())
}

fn put_document(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    doc: &Document,
    relative: &str,
    file_hash: &blake3::Hash,
) -> Option<()> {
    put_str(out, doc.path.strip_prefix(relative)?);
    match &doc.parent {
        None => out.push(0),
        Some(parent) => {
            out.push(1);
            put_str(out, parent.strip_prefix(relative)?);
        }
    }
    put_json(out, scratch, &doc.format)?;
    // A title taken from the file's name is not the content's: a copy of these bytes under
    // another name must get its own name, so it is stored empty and made again on reading.
    if doc.title == title_from_file_name(&doc.path) {
        put_str(out, "");
    } else {
        put_str(out, &doc.title);
    }
    put_str(out, &doc.encoding);
    put_str(out, &doc.hash.0);
    if doc.meta == Metadata::default() {
        put_str(out, "");
    } else {
        put_json(out, scratch, &doc.meta)?;
    }
    out.push(match doc.text.style() {
        ParagraphStyle::Lines => 0,
        ParagraphStyle::Blocks => 1,
    });
    let text = doc.text.as_str();
    if text.len() as u64 == doc.file_size && blake3::hash(text.as_bytes()) == *file_hash {
        out.push(0);
    } else {
        out.push(1);
        put_str(out, text);
    }
    put_varint(out, doc.file_size);
    put_varint(out, doc.pages.len() as u64);
    let mut previous = 0;
    for &page in &doc.pages {
        // Page starts ascend; one that does not (never made) is stored from zero.
        let back = page < previous;
        put_varint(out, if back { page } else { page - previous } as u64);
        out.push(u8::from(back));
        previous = page;
    }
    match &doc.layout {
        None => out.push(0),
        Some(layout) => {
            out.push(1);
            put_layout(out, layout);
        }
    }
    if doc.marks.is_empty() {
        put_str(out, "");
    } else {
        put_json(out, scratch, &doc.marks)?;
    }
    Some(())
}

fn put_layout(out: &mut Vec<u8>, layout: &PageLayout) {
    put_varint(out, layout.pages.len() as u64);
    for page in &layout.pages {
        out.extend_from_slice(&page.width.to_le_bytes());
        out.extend_from_slice(&page.height.to_le_bytes());
    }
    put_varint(out, layout.words.len() as u64);
    for word in &layout.words {
        put_varint(out, u64::from(word.start));
        put_varint(out, u64::from(word.end));
        put_varint(out, u64::from(word.page));
        for v in [word.rect.x, word.rect.y, word.rect.w, word.rect.h] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        match word.confidence {
            None => out.push(0),
            Some(c) => {
                out.push(1);
                out.extend_from_slice(&c.to_le_bytes());
            }
        }
    }
}

/// What reading a file gives that an entry does not hold: its id, its bytes (the text of
/// a document that is the file as it is), and what the file system says of it.
pub struct FileRead {
    /// The file's id in the corpus (its relative path).
    pub relative: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The day it was last modified.
    pub modified: Option<jiff::civil::Date>,
}

/// The outcome `stored` holds, for the file `file` whose bytes hash to `file_hash`, read
/// with the readers and options `fingerprint` accepts; or why not, with the file's bytes
/// back.
pub fn decode(
    stored: &[u8],
    file_hash: &blake3::Hash,
    fingerprint: &(impl Fingerprint + ?Sized),
    file: FileRead,
) -> Result<Outcome, (Unusable, Vec<u8>)> {
    // Everything is checked before anything is built: only then are the file's bytes
    // taken (for a text that is the file as it is), and nothing can fail after.
    match parse(stored, file_hash, fingerprint) {
        Ok(parsed) => built(parsed, file),
        Err(unusable) => Err((unusable, file.bytes)),
    }
}

/// The fingerprint an entry was written with (`None` for bytes that do not start as an
/// entry does).
pub fn fingerprint(stored: &[u8]) -> Option<&str> {
    let mut r = Reader::new(stored);
    (r.take(MAGIC.len()).ok()? == MAGIC).then_some(())?;
    r.take(4 + 32).ok()?;
    r.string().ok()
}

/// The body of an entry this process wrote or checked: what follows its header (the
/// file's hash and the fingerprint) up to its checksum. A folder index keeps entries so,
/// under its own header and checksum ([`super::folder_index`]). `None` for bytes that do
/// not start as an entry does.
pub fn body(stored: &[u8]) -> Option<&[u8]> {
    let body_len = stored.len().checked_sub(CHECKSUM_LEN)?;
    let mut r = Reader::new(&stored[..body_len]);
    (r.take(MAGIC.len()).ok()? == MAGIC).then_some(())?;
    r.take(4 + 32).ok()?;
    r.string().ok()?;
    Some(r.rest())
}

/// The outcome the entry body `body` ([`body`]) holds, for the file `file`: the caller
/// vouches that it was written for these bytes, readers and options (a folder index that
/// recorded it with the file's state and under the fingerprint of this load).
pub fn decode_body(body: &[u8], file: FileRead) -> Result<Outcome, (Unusable, Vec<u8>)> {
    let mut r = Reader::new(body);
    match parse_outcome(&mut r) {
        Ok(parsed) => built(parsed, file),
        Err(unusable) => Err((unusable, file.bytes)),
    }
}

/// The hash of the one document of the entry body `body` when its text is the file's
/// bytes and the file holds nothing else (no parts, none skipped, no marks).
pub fn own_text_hash(body: &[u8]) -> Option<&str> {
    let Ok(Parsed::Read { documents, skipped }) = parse_outcome(&mut Reader::new(body)) else {
        return None;
    };
    match documents.as_slice() {
        [doc]
            if skipped.is_empty()
                && doc.suffix.is_empty()
                && doc.text.is_none()
                && doc.marks.is_empty() =>
        {
            Some(doc.hash)
        }
        _ => None,
    }
}

/// The outcome of a parsed entry, built with the file's bytes.
fn built(parsed: Parsed, file: FileRead) -> Result<Outcome, (Unusable, Vec<u8>)> {
    match parsed {
        Parsed::Refused(reason) => Ok(Err(reason)),
        Parsed::Read { documents, skipped } => build(documents, skipped, file)
            .map(Ok)
            .map_err(|bytes| (Unusable::Damaged("file text"), bytes)),
    }
}

/// An entry checked and parsed, its texts still in the entry's bytes.
enum Parsed<'a> {
    Read {
        documents: Vec<StoredDocument<'a>>,
        skipped: Vec<(&'a str, SkipReason)>,
    },
    Refused(SkipReason),
}

struct StoredDocument<'a> {
    suffix: &'a str,
    parent: Option<&'a str>,
    format: Format,
    title: &'a str,
    encoding: &'a str,
    hash: &'a str,
    meta: Metadata,
    style: ParagraphStyle,
    /// `None`: the file's own bytes.
    text: Option<&'a str>,
    file_size: u64,
    pages: Vec<usize>,
    layout: Option<PageLayout>,
    marks: TextMarks,
}

fn parse<'a>(
    stored: &'a [u8],
    file_hash: &blake3::Hash,
    fingerprint: &(impl Fingerprint + ?Sized),
) -> Result<Parsed<'a>, Unusable> {
    let body_len = stored
        .len()
        .checked_sub(CHECKSUM_LEN)
        .ok_or(Unusable::Damaged("too short"))?;
    let (body, checksum) = stored.split_at(body_len);
    let mut r = Reader::new(body);
    if r.take(MAGIC.len())? != MAGIC {
        return Err(Unusable::Damaged("not a text cache entry"));
    }
    if blake3::hash(body).as_bytes() != checksum {
        return Err(Unusable::Damaged("checksum mismatch"));
    }
    if r.take(4)? != FORMAT_VERSION.to_le_bytes()
        || r.take(32)? != file_hash.as_bytes()
        || !fingerprint.accepts(r.string()?)
    {
        return Err(Unusable::Other);
    }
    parse_outcome(&mut r)
}

/// The outcome part of an entry, to its end.
fn parse_outcome<'a>(r: &mut Reader<'a>) -> Result<Parsed<'a>, Unusable> {
    let parsed = match r.byte()? {
        0 => {
            let count = r.count()?;
            let mut documents = Vec::with_capacity(count.min(1 << 12));
            for _ in 0..count {
                documents.push(parse_document(r)?);
            }
            let count = r.count()?;
            let mut skipped = Vec::with_capacity(count.min(1 << 12));
            for _ in 0..count {
                let suffix = r.string()?;
                skipped.push((suffix, json(r.string()?, "reason")?));
            }
            Parsed::Read { documents, skipped }
        }
        1 => Parsed::Refused(json(r.string()?, "reason")?),
        _ => return Err(Unusable::Damaged("outcome")),
    };
    if !r.is_done() {
        return Err(Unusable::Damaged("trailing bytes"));
    }
    Ok(parsed)
}

fn json<T: serde::de::DeserializeOwned>(s: &str, what: &'static str) -> Result<T, Damaged> {
    serde_json::from_str(s).map_err(|_| Damaged(what))
}

fn parse_document<'a>(r: &mut Reader<'a>) -> Result<StoredDocument<'a>, Damaged> {
    let suffix = r.string()?;
    let parent = match r.byte()? {
        0 => None,
        1 => Some(r.string()?),
        _ => return Err(Damaged("parent")),
    };
    let format = json(r.string()?, "format")?;
    let title = r.string()?;
    let encoding = r.string()?;
    let hash = r.string()?;
    let meta = match r.string()? {
        "" => Metadata::default(),
        s => json(s, "metadata")?,
    };
    let style = match r.byte()? {
        0 => ParagraphStyle::Lines,
        1 => ParagraphStyle::Blocks,
        _ => return Err(Damaged("paragraph style")),
    };
    let text = match r.byte()? {
        0 => None,
        1 => Some(r.string()?),
        _ => return Err(Damaged("text")),
    };
    let file_size = r.varint()?;
    let pages = read_pages(r)?;
    let layout = match r.byte()? {
        0 => None,
        1 => Some(read_layout(r)?),
        _ => return Err(Damaged("layout")),
    };
    let marks = match r.string()? {
        "" => TextMarks::default(),
        s => json(s, "marks")?,
    };
    Ok(StoredDocument {
        suffix,
        parent,
        format,
        title,
        encoding,
        hash,
        meta,
        style,
        text,
        file_size,
        pages,
        layout,
        marks,
    })
}

/// The documents of a parsed entry. Fails only when the file's bytes, which hash as they
/// did when the entry was written, are not the UTF-8 they were then: they are given back.
fn build(
    documents: Vec<StoredDocument>,
    skipped: Vec<(&str, SkipReason)>,
    file: FileRead,
) -> Result<LoadedFile, Vec<u8>> {
    let FileRead {
        relative,
        bytes,
        modified,
    } = file;
    let mut own_bytes = Some(bytes);
    let mut own_text: Option<usize> = None;
    let mut out = Vec::with_capacity(documents.len());
    for stored in documents {
        let text = match (stored.text, own_bytes.take(), own_text) {
            (Some(text), bytes, _) => {
                own_bytes = bytes;
                text.to_owned()
            }
            (None, Some(bytes), _) => {
                own_text = Some(out.len());
                String::from_utf8(bytes).map_err(|e| e.into_bytes())?
            }
            // A second document that is the whole file (never written): the same text.
            (None, None, Some(i)) => {
                let first: &Arc<Document> = &out[i];
                first.text.as_str().to_owned()
            }
            (None, None, None) => return Err(Vec::new()),
        };
        let path = format!("{relative}{}", stored.suffix);
        let title = match stored.title {
            "" => title_from_file_name(&path),
            title => title.to_owned(),
        };
        out.push(Arc::new(Document {
            path,
            title,
            meta: stored.meta,
            format: stored.format,
            encoding: stored.encoding.to_owned(),
            hash: ContentHash(stored.hash.to_owned()),
            text: DocText::new(text, stored.style),
            pages: stored.pages,
            layout: stored.layout.map(Arc::new),
            parent: stored.parent.map(|p| format!("{relative}{p}")),
            marks: stored.marks,
            file_size: stored.file_size,
            file_modified: modified,
            word_count: Default::default(),
        }));
    }
    let skipped = skipped
        .into_iter()
        .map(|(suffix, reason)| Skipped {
            path: format!("{relative}{suffix}"),
            reason,
        })
        .collect();
    Ok(LoadedFile {
        documents: out,
        skipped,
    })
}

fn read_pages(r: &mut Reader) -> Result<Vec<usize>, Damaged> {
    let count = r.count()?;
    let mut pages = Vec::with_capacity(count);
    let mut previous = 0usize;
    for _ in 0..count {
        let delta = r.usize()?;
        let page = match r.byte()? {
            0 => previous.checked_add(delta).ok_or(Damaged("page"))?,
            1 => delta,
            _ => return Err(Damaged("page")),
        };
        pages.push(page);
        previous = page;
    }
    Ok(pages)
}

fn read_layout(r: &mut Reader) -> Result<PageLayout, Damaged> {
    let count = r.count()?;
    let mut pages = Vec::with_capacity(count);
    for _ in 0..count {
        pages.push(PageSize {
            width: r.f32()?,
            height: r.f32()?,
        });
    }
    let count = r.count()?;
    let mut words = Vec::with_capacity(count);
    for _ in 0..count {
        let start = r.u32()?;
        let end = r.u32()?;
        let page = r.u32()?;
        let rect = PageRect {
            x: r.f32()?,
            y: r.f32()?,
            w: r.f32()?,
            h: r.f32()?,
        };
        let confidence = match r.byte()? {
            0 => None,
            1 => Some(r.f32()?),
            _ => return Err(Damaged("confidence")),
        };
        words.push(WordBox {
            start,
            end,
            page,
            rect,
            confidence,
        });
    }
    Ok(PageLayout { pages, words })
}

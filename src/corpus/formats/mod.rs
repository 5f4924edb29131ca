//! Format readers: from a file's bytes to a document's text, title and metadata.
//!
//! Each format is one module with one `extract` function. The loader picks the module by
//! file extension ([`Format::from_path`]); adding a format means adding a module here and an
//! extension there.
//!
//! Converted formats (HTML, PDF, DOCX, ODT) produce text in [`ParagraphStyle::Blocks`]:
//! paragraphs separated by one blank line, a single `\n` for a line break inside a paragraph
//! (`<br>`, a soft line break in Word). That keeps hard line breaks (addresses, verse, list
//! items) without splitting the paragraph, and the text reads as it would in a plain-text
//! export. Readers of third-party parsers run inside [`guard::shielded`], so that a bug in a
//! parser is a skipped file, never a crashed load.

pub mod archive;
mod blocks;
pub mod budget;
mod docx;
pub(crate) mod guard;
mod html;
mod html_flat;
mod image;
pub mod mail;
mod markdown;
mod odt;
pub(crate) mod pdf;
mod plain;
pub mod sniff;
pub mod table;
mod xmlpart;
mod zipread;

use super::SkipReason;
use super::document::{Format, Metadata};
use super::layout::PageLayout;
use super::marks::TextMarks;
use crate::text::ParagraphStyle;
pub use budget::{Budget, DEFAULT_READ_BUDGET, extract_within};

/// What a format reader gives back.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extracted {
    /// The document's text.
    pub text: String,
    /// The title the document states (front matter, first heading, HTML title...), if any.
    pub title: Option<String>,
    /// What the document says about itself.
    pub meta: Metadata,
    /// The encoding the file was decoded from.
    pub encoding: String,
    /// How the text splits into paragraphs.
    pub style: ParagraphStyle,
    /// Char offsets where pages start (paged formats only).
    pub pages: Vec<usize>,
    /// Where the words are on the pages, when the reader can place them.
    pub layout: Option<PageLayout>,
    /// Pages (from 0) with no usable text layer, left for OCR (see `corpus::ocr`): their
    /// text is not in `text`, and `pages` has an entry for every page.
    pub ocr_pages: Vec<usize>,
    /// The documents inside this one (messages of a mailbox, attachments, archive members,
    /// sheets of a workbook), read by the loader as documents of their own. A file whose
    /// only content is its parts (a mailbox, a zip) has an empty `text`.
    pub parts: Vec<Part>,
    /// Parts that could not be read, with the reason (an encrypted archive member).
    pub skipped_parts: Vec<SkippedPart>,
    /// Quoted lines and named spans of the text (email only).
    pub marks: TextMarks,
    /// BLAKE3 of the file's bytes, for a document known by how its pages look rather than
    /// by its words (pages read by OCR, or pages without words: a photograph, a stamp): two
    /// such documents are copies only when they are the same file, not when their words
    /// (or their lack of words) happen to be the same. Set by the loader.
    pub look: Option<String>,
}

/// A document inside another (see [`Extracted::parts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// How the part's id continues its parent's: `#<Message-ID>` or `#3` for a message of a
    /// mailbox, `#Sheet2` for a sheet, `/scans/p1.pdf` for an archive member,
    /// `/2-budget.xlsx` for an attachment. Never empty; starts with `#` or `/`.
    pub suffix: String,
    /// The part's content.
    pub content: PartContent,
}

/// What a part holds: bytes still to be read by the reader its name calls for, or a
/// document its parent's reader already read (a sheet, a message of a mailbox).
#[derive(Debug, Clone, PartialEq)]
pub enum PartContent {
    /// Bytes of a file named `name` (its extension picks the reader, as for a file on disk).
    Bytes {
        /// The part's file name ("budget.xlsx").
        name: String,
        /// Its bytes.
        bytes: Vec<u8>,
    },
    /// A document already read, of the given format.
    Read {
        /// The format it was read as.
        format: Format,
        /// What was read.
        extracted: Box<Extracted>,
    },
}

/// A part that could not be read (see [`Extracted::skipped_parts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SkippedPart {
    /// The part's suffix, as in [`Part::suffix`].
    pub suffix: String,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// Reads `bytes` as a document of `format`, within the default time budget as far as the
/// reader can check it (see [`extract_within`] for a budget that holds whatever the
/// reader does).
///
/// Never panics: the readers built on third-party parsers (Markdown's YAML front matter,
/// HTML, PDF, DOCX, ODT) are run
/// behind [`guard::shielded`], and a panic inside them is reported as
/// [`SkipReason::Damaged`].
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, SkipReason> {
    extract_with(format, bytes, &Budget::starting_now(DEFAULT_READ_BUDGET))
}

/// The text of a document of `format` as a reader shows it: a Markdown soft line break (a
/// line break inside a paragraph) is a space, as CommonMark renders it, one byte for one
/// byte so that offsets do not move. The document's hash is taken before, of the text as
/// the file writes it: a project saved before this reading still finds its documents
/// unchanged (and the quotes coded across a soft break re-anchor in place).
pub fn as_read(format: Format, text: String) -> String {
    match format {
        Format::Markdown => markdown::soft_breaks_as_spaces(text),
        _ => text,
    }
}

/// [`extract`] with the readers that can look at the clock stopping when `budget` is spent
/// ([`SkipReason::TooSlow`]).
pub fn extract_with(
    format: Format,
    bytes: &[u8],
    budget: &Budget,
) -> Result<Extracted, SkipReason> {
    match format {
        Format::Text => plain::extract(bytes),
        // Front matter goes through a YAML parser: shielded like the other parsers.
        Format::Markdown => guard::shielded("Markdown", || markdown::extract(bytes)),
        Format::Html => guard::shielded("HTML", || html::extract(bytes)),
        Format::Pdf => guard::shielded("PDF", || pdf::extract(bytes, budget)),
        Format::Docx => guard::shielded("Word document", || docx::extract(bytes)),
        Format::Odt => guard::shielded("OpenDocument text", || odt::extract(bytes)),
        Format::Zip => guard::shielded("Zip archive", || {
            archive::extract_zip(bytes, archive::ArchiveLimits::default(), budget)
        }),
        Format::Tar => guard::shielded("Tar archive", || {
            archive::extract_tar(bytes, archive::ArchiveLimits::default(), budget)
        }),
        Format::Csv => guard::shielded("CSV table", || {
            table::extract_delimited(bytes, table::Delimiter::Comma)
        }),
        Format::Tsv => guard::shielded("TSV table", || {
            table::extract_delimited(bytes, table::Delimiter::Tab)
        }),
        Format::Xlsx | Format::Xls | Format::Ods => {
            guard::shielded(format.label(), || table::extract_workbook(bytes, format))
        }
        Format::Email => guard::shielded("email message", || mail::extract_eml(bytes)),
        Format::Mailbox => guard::shielded("mailbox", || mail::mbox::extract(bytes)),
        Format::Image => image::extract(bytes),
    }
}

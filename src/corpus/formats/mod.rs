//! Format readers: from a file's bytes to a document's text, title and metadata.
//!
//! Each format is one module with one `extract` function. The loader picks the module by
//! file extension ([`Format::from_path`]); adding a format means adding a module here and an
//! extension there.

mod markdown;
mod plain;

use super::SkipReason;
use super::document::{Format, Metadata};
use crate::text::ParagraphStyle;

/// What a format reader gives back.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub text: String,
    /// The title the document states (front matter, first heading, HTML title...), if any.
    pub title: Option<String>,
    pub meta: Metadata,
    pub encoding: String,
    pub style: ParagraphStyle,
    /// Char offsets where pages start (paged formats only).
    pub pages: Vec<usize>,
}

/// Reads `bytes` as a document of `format`.
pub fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, SkipReason> {
    match format {
        Format::Text => plain::extract(bytes),
        Format::Markdown => markdown::extract(bytes),
        other => Err(SkipReason::Unsupported {
            what: other.label().to_owned(),
        }),
    }
}

//! The mail readers: bytes read as a message (`.eml`), as a mailbox (`.mbox`) and as an
//! Outlook message (`.msg`), as the loader reads them (behind the formats' panic guard),
//! with what a reader of parts promises checked on every message and attachment it gives.

use std::borrow::Cow;
use std::collections::HashSet;

use crate::corpus::Format;
use crate::corpus::formats::table::OLE_MAGIC;
use crate::corpus::formats::{self, Extracted, PartContent};

pub fn mail(data: &[u8]) {
    for format in [Format::Email, Format::Mailbox] {
        if let Ok(extracted) = formats::extract(format, data) {
            check(&extracted);
        }
    }
}

/// An Outlook message: the bytes as an OLE compound file, which is what sends a message's
/// bytes to the `.msg` reader (the fuzzer's inputs are given the signature when they lack
/// it, so that every mutation reaches the reader).
pub fn msg(data: &[u8]) {
    let bytes: Cow<'_, [u8]> = if data.starts_with(&OLE_MAGIC) {
        Cow::Borrowed(data)
    } else {
        Cow::Owned([&OLE_MAGIC[..], data].concat())
    };
    if let Ok(extracted) = formats::extract(Format::Email, &bytes) {
        check(&extracted);
    }
}

/// Marks inside the text, sorted and disjoint; part suffixes that continue an id (start
/// with `#` or `/`, never repeat); the same of every message read.
fn check(extracted: &Extracted) {
    let chars = extracted.text.chars().count();
    let marks = &extracted.marks;
    let people = marks.people.iter().map(|p| &p.chars);
    for ranges in [marks.quoted.iter().collect::<Vec<_>>(), people.collect()] {
        assert!(
            ranges.windows(2).all(|w| w[0].end <= w[1].start),
            "marks out of order or overlapping: {ranges:?}"
        );
        assert!(
            ranges.iter().all(|r| r.start < r.end && r.end <= chars),
            "a mark outside the text ({chars} chars): {ranges:?}"
        );
    }
    let mut suffixes = HashSet::new();
    for part in &extracted.parts {
        assert!(
            part.suffix.len() > 1 && part.suffix.starts_with(['#', '/']),
            "a part's suffix must continue an id: {:?}",
            part.suffix
        );
        assert!(
            !part.suffix[1..].contains(['#', '/']),
            "a part's suffix must be one step: {:?}",
            part.suffix
        );
        assert!(suffixes.insert(&part.suffix), "two parts {:?}", part.suffix);
        if let PartContent::Read { extracted, .. } = &part.content {
            check(extracted);
        }
    }
}

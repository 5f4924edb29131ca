//! The document readers: bytes of a file of each format, read as the corpus loader reads
//! them (through the formats' panic guard: a parser's panic is a skipped file, by design,
//! so what a fuzzer can find here is what that guard cannot catch: a crash, a hang, a
//! runaway allocation, or a result that breaks the invariants below).

use crate::corpus::formats::archive::ArchiveLimits;
use crate::corpus::formats::table::MAX_EMPTY_RUN;
use crate::corpus::formats::{self, Extracted, PartContent};
use crate::corpus::grid::TableGrid;
use crate::corpus::{Format, decode};

pub fn pdf(data: &[u8]) {
    read_as(Format::Pdf, data);
}

pub fn docx(data: &[u8]) {
    read_as(Format::Docx, data);
}

pub fn odt(data: &[u8]) {
    read_as(Format::Odt, data);
}

pub fn html(data: &[u8]) {
    read_as(Format::Html, data);
}

pub fn markdown(data: &[u8]) {
    read_as(Format::Markdown, data);
}

/// Plain text in any encoding: the decoder's guesses, and the plain-text reader over them.
pub fn legacy_encoding(data: &[u8]) {
    if let Ok(decoded) = decode(data) {
        // Text without a byte-order mark that is valid UTF-8 is taken exactly as it is.
        if decoded.encoding == "UTF-8"
            && !data.starts_with(b"\xEF\xBB\xBF")
            && let Ok(text) = std::str::from_utf8(data)
        {
            assert_eq!(decoded.text, text, "valid UTF-8 must not be changed");
        }
    }
    read_as(Format::Text, data);
}

fn read_as(format: Format, data: &[u8]) {
    if let Ok(extracted) = formats::extract(format, data) {
        check(&extracted);
    }
}

/// What every reader promises of a document it read: page starts in order, inside the text;
/// word boxes (the page view's) in text order, each a non-empty char range inside the text
/// on a page the layout has, with finite coordinates.
fn check(extracted: &Extracted) {
    let chars = extracted.text.chars().count();
    assert!(
        extracted.pages.windows(2).all(|w| w[0] <= w[1]),
        "page starts out of order: {:?}",
        extracted.pages
    );
    assert!(
        extracted.pages.iter().all(|&p| p <= chars),
        "a page starts past the end of the text ({chars} chars): {:?}",
        extracted.pages
    );
    if let Some(layout) = &extracted.layout {
        assert!(
            layout.words.windows(2).all(|w| w[0].end <= w[1].start),
            "word boxes out of text order"
        );
        for w in &layout.words {
            assert!(
                w.start < w.end && w.end as usize <= chars,
                "word {w:?} outside the text"
            );
            assert!(
                (w.page as usize) < layout.pages.len(),
                "word {w:?} on no page"
            );
            let r = w.rect;
            assert!(
                [r.x, r.y, r.w, r.h].iter().all(|v| v.is_finite()) && r.w >= 0.0 && r.h >= 0.0,
                "word {w:?} has no proper box"
            );
        }
    }
}

/// An archive, read as a zip and as a tar (gzipped or not): every member's id is canonical
/// (no empty, `.` or `..` step, no backslash), ids are unique, and what the members hold
/// together is within the archive's limit.
pub fn archive(data: &[u8]) {
    for format in [Format::Zip, Format::Tar] {
        let Ok(extracted) = formats::extract(format, data) else {
            continue;
        };
        assert!(
            extracted.text.is_empty(),
            "an archive has no text of its own"
        );
        let mut ids = std::collections::HashSet::new();
        let mut unpacked = 0u64;
        for part in &extracted.parts {
            check_member_suffix(&part.suffix);
            assert!(ids.insert(part.suffix.as_str()), "{} twice", part.suffix);
            if let PartContent::Bytes { bytes, name } = &part.content {
                assert!(
                    !name.contains('/') && !name.is_empty(),
                    "{name} in {}",
                    part.suffix
                );
                unpacked += bytes.len() as u64;
            }
        }
        for skipped in &extracted.skipped_parts {
            assert!(skipped.suffix.starts_with('/'), "{}", skipped.suffix);
        }
        assert!(unpacked <= ArchiveLimits::default().max_unpacked);
    }
}

fn check_member_suffix(suffix: &str) {
    assert!(suffix.starts_with('/'), "{suffix}");
    assert!(!suffix.contains('\\'), "{suffix}");
    for step in suffix[1..].split('/') {
        assert!(!matches!(step, "" | "." | ".."), "{suffix}");
    }
}

/// A table, read as CSV, as TSV and as a workbook: one row per line, no line ending in an
/// empty cell, no empty line at the end, no control character but tabs and line breaks; a
/// sheet's id step is one step; the grid of the text has a row per line.
pub fn table(data: &[u8]) {
    for format in [Format::Csv, Format::Tsv, Format::Xlsx] {
        let Ok(extracted) = formats::extract(format, data) else {
            continue;
        };
        check_table(&extracted);
        for part in &extracted.parts {
            assert!(part.suffix.starts_with('#'), "{}", part.suffix);
            assert!(!part.suffix[1..].contains(['/', '#']), "{}", part.suffix);
            if let PartContent::Read { extracted, .. } = &part.content {
                check_table(extracted);
            }
        }
    }
}

fn check_table(extracted: &Extracted) {
    let text = extracted.text.as_str();
    assert!(
        !text.contains(|c: char| c.is_control() && c != '\t' && c != '\n'),
        "a control character in a table's text"
    );
    assert!(!text.ends_with("\n\n"), "an empty row at the end");
    for line in text.lines() {
        assert!(
            !line.ends_with('\t'),
            "an empty cell at the end of {line:?}"
        );
    }
    let rows = text.lines().count();
    assert_eq!(TableGrid::of(text).rows(), rows);
    // No run of empty lines past the bound; each run left out is longer than it, before a
    // line of the text, in order.
    let mut run = 0;
    for line in text.lines() {
        run = if line.is_empty() { run + 1 } else { 0 };
        assert!(
            run <= MAX_EMPTY_RUN,
            "more than {MAX_EMPTY_RUN} empty lines kept"
        );
    }
    let mut before = (None, 0);
    for left in &extracted.marks.rows_left_out {
        assert!(
            left.line < rows,
            "rows left out after the last line: {left:?}"
        );
        assert!(
            before.0.is_none_or(|line| line < left.line),
            "{left:?} out of order"
        );
        assert!(
            left.rows_before > before.1 + MAX_EMPTY_RUN,
            "{left:?} too short a run"
        );
        before = (Some(left.line), left.rows_before);
    }
}

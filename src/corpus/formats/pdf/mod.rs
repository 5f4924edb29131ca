//! PDF: the text layer, laid out as paragraphs, with the char offset of every page start
//! so that a passage can be cited by page.
//!
//! Parsing is `lopdf` (objects, streams, encryption) and text interpretation is
//! `pdf-extract` (fonts, encodings, ToUnicode maps), chosen by measurement (see
//! BENCHMARKS.md, "Import formats"): `lopdf`'s own `extract_text` is faster but returns bare
//! lines, while `pdf-extract` reports each glyph's position, which the layout step
//! ([`layout`]) needs to drop running headers and join paragraphs, and is fast enough.
//!
//! Before extraction, Symbol fonts are given a Unicode map ([`symbol`]); after it, the
//! title is taken from the metadata or the largest text on page 1 ([`title`]).
//!
//! Defensive shape, because PDFs come from anywhere:
//! - a password-protected file is [`SkipReason::Encrypted`] (files encrypted with an empty
//!   user password, common for "no copying" PDFs, are decrypted and read);
//! - pages that carry no usable text (a scan) are listed in [`Extracted::ocr_pages`] for
//!   OCR (`corpus::ocr`), in their place among the pages read from the text layer;
//! - a truncated or damaged file is [`SkipReason::Damaged`] with what was wrong;
//! - before `pdf-extract` runs, the page tree and the graph of form XObjects are checked for
//!   loops, which would make it recurse without end (a stack overflow aborts the process
//!   and cannot be caught), and the number of drawings they make it interpret is counted
//!   ([`expansion`]: forms that each draw the next twice expand exponentially); a glyph
//!   budget and the time budget ([`Budget`], checked as glyphs arrive) stop runaway
//!   content streams; and the whole reader runs inside the formats' panic guard.

mod collect;
mod expansion;
mod layout;
mod running;
pub(crate) mod shown;
mod standard;
mod symbol;
mod title;
mod xref;

use std::collections::{HashMap, HashSet};

use lopdf::{Dictionary, Document as PdfDocument, Object, ObjectId};

use super::Extracted;
use super::budget::Budget;
use crate::corpus::SkipReason;
use crate::corpus::document::Metadata;
use crate::text::ParagraphStyle;
use collect::{Collector, Stop};

/// Documents with more pages are refused (the largest real reports have a few thousand).
pub const MAX_PAGES: usize = 20_000;
/// At most this many glyphs are read from one document (about 40 million chars).
pub const MAX_GLYPHS: usize = 40_000_000;
/// Form XObjects nested deeper than this are refused (real files nest a handful).
pub(super) const MAX_FORM_DEPTH: usize = 32;

pub fn extract(bytes: &[u8], budget: &Budget) -> Result<Extracted, SkipReason> {
    let head = &bytes[..bytes.len().min(1024)];
    if memchr::memmem::find(head, b"%PDF-").is_none() {
        return Err(SkipReason::Damaged(
            "not a PDF file (no %PDF header)".to_owned(),
        ));
    }
    xref::check_streams(bytes).map_err(|why| damaged(bytes, &why))?;
    let mut doc = PdfDocument::load_mem(bytes).map_err(|e| damaged(bytes, &e.to_string()))?;
    if doc.is_encrypted() {
        return Err(SkipReason::Encrypted);
    }
    let page_count = check_page_tree(&doc).map_err(|why| damaged(bytes, &why))?;
    if page_count == 0 {
        return Err(damaged(bytes, "it has no pages"));
    }
    if page_count > MAX_PAGES {
        return Err(SkipReason::Damaged(format!(
            "too many pages ({page_count}; the limit is {MAX_PAGES})"
        )));
    }
    neutralize_images(&mut doc);
    symbol::map_symbol_fonts(&mut doc);
    standard::spell_out_standard_encoding(&mut doc);
    standard::spell_out_quote_operators(&mut doc);
    check_forms(&doc).map_err(|why| damaged(bytes, &why))?;
    expansion::check(&doc).map_err(|why| damaged(bytes, &why))?;

    let mut collector = Collector::new(MAX_GLYPHS, budget.clone());
    let result = pdf_extract::output_doc(&doc, &mut collector);
    match (collector.stopped, result) {
        (Some(Stop::TooMuchText), _) => {
            return Err(SkipReason::Damaged(format!(
                "too much text (more than {MAX_GLYPHS} characters)"
            )));
        }
        (Some(Stop::TooSlow), _) => return Err(budget.too_slow()),
        (None, Err(e)) => return Err(damaged(bytes, &format!("{e:?}"))),
        (None, Ok(())) => {}
    }
    let mut pages = collector.pages;
    // Pages without a usable text layer are left for OCR, in their place among the others.
    pages.resize_with(page_count.max(pages.len()), Vec::new);
    // A page without text counts as scanned when it draws an image, or when no page has
    // text (a blank page in a text PDF is not a scan).
    let any_text = pages.iter().any(|p| has_usable_text(p));
    let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let ocr_pages: Vec<usize> = (0..pages.len())
        .filter(|&i| !has_usable_text(&pages[i]))
        .filter(|&i| !any_text || page_ids.get(i).is_some_and(|&id| draws_images(&doc, id)))
        .collect();
    for &i in &ocr_pages {
        pages[i].clear();
    }
    let mut laid = layout::lay_out(pages, &collector.frames);
    // Words where the page view shows them: the crop box, turned by `/Rotate`.
    shown::turn(&mut laid.layout, &shown::pages_shown(&doc, &page_ids));
    let meta = info(&doc);
    let title = meta.title.clone().or(laid.title);
    Ok(Extracted {
        text: laid.text,
        title,
        meta,
        encoding: "PDF".to_owned(),
        style: ParagraphStyle::Blocks,
        pages: laid.pages,
        layout: Some(laid.layout),
        ocr_pages,
        ..Default::default()
    })
}

/// A page's text layer is usable when it has some letters or digits and most of its
/// visible chars are not unmapped glyphs (U+FFFD, private-use or control chars, which
/// `pdf-extract` gives for glyphs without a Unicode mapping: a scan's invisible OCR layer
/// from a broken tool, or a font subset without its map).
fn has_usable_text(lines: &[collect::Line]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for c in lines.iter().flat_map(|l| l.text.chars()) {
        if c.is_whitespace() {
            continue;
        }
        if c == '\u{FFFD}' || c.is_control() || ('\u{E000}'..='\u{F8FF}').contains(&c) {
            bad += 1;
        } else if c.is_alphanumeric() {
            good += 1;
        }
    }
    good > 0 && bad <= good
}

/// Replaces every image XObject by an empty form. Images carry no text, and `pdf-extract`
/// would otherwise hand their pixel data to the content-stream parser when a page draws
/// them (`Do`), which is slow at best and panics at worst, turning every scanned page into
/// a "damaged" file.
fn neutralize_images(doc: &mut PdfDocument) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Image".as_slice()) {
            continue;
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Form".to_vec()));
        dict.set(
            "BBox",
            Object::Array(vec![0.into(), 0.into(), 1.into(), 1.into()]),
        );
        *object = Object::Stream(lopdf::Stream::new(dict, Vec::new()));
    }
}

/// True when the page's content draws an XObject or an inline image (a scan's page does;
/// a blank page does not). Images were made empty forms before extraction, so any `Do`
/// counts.
fn draws_images(doc: &PdfDocument, page: ObjectId) -> bool {
    let Ok(content) = doc.get_page_content(page) else {
        return false;
    };
    if memchr::memmem::find(&content, b"Do").is_none()
        && memchr::memmem::find(&content, b"BI").is_none()
    {
        return false;
    }
    lopdf::content::Content::decode(&content).is_ok_and(|c| {
        c.operations
            .iter()
            .any(|op| op.operator == "Do" || op.operator == "BI")
    })
}

/// A damage report that says "truncated" when the file has lost its end.
fn damaged(bytes: &[u8], why: &str) -> SkipReason {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    let why = crate::text::shorten(why, 160);
    if memchr::memmem::find(tail, b"%%EOF").is_none() {
        SkipReason::Damaged(format!(
            "truncated PDF (the end of the file is missing): {why}"
        ))
    } else {
        SkipReason::Damaged(format!("damaged PDF: {why}"))
    }
}

/// Counts the pages, checking that the page tree is a tree: no node reached twice, every
/// page's `Parent` chain finite. `lopdf` and `pdf-extract` walk both without such checks.
fn check_page_tree(doc: &PdfDocument) -> Result<usize, String> {
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|_| "it has no page tree".to_owned())?;
    let mut seen: HashSet<ObjectId> = HashSet::new();
    let mut stack = vec![root];
    let mut pages = 0usize;
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            return Err("its page tree loops".to_owned());
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue; // lopdf skips a missing node too
        };
        match node.get(b"Kids").and_then(Object::as_array) {
            Ok(kids) => {
                for kid in kids {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push(kid);
                    }
                }
            }
            Err(_) => {
                pages += 1;
                check_parents(doc, node)?;
            }
        }
        if seen.len() > MAX_PAGES * 2 {
            break; // counted enough to refuse it
        }
    }
    Ok(pages)
}

fn check_parents(doc: &PdfDocument, page: &Dictionary) -> Result<(), String> {
    let mut seen = HashSet::new();
    let mut node = page;
    while let Ok(parent) = node.get(b"Parent").and_then(Object::as_reference) {
        if !seen.insert(parent) || seen.len() > 256 {
            return Err("its page tree loops".to_owned());
        }
        match doc.get_dictionary(parent) {
            Ok(dict) => node = dict,
            Err(_) => break,
        }
    }
    Ok(())
}

/// Checks that no form XObject can invoke itself, directly or through other forms.
///
/// A form with its own `/Resources` can invoke what those list; one without inherits the
/// resources of whatever invoked it, and then what it can invoke is read from its content
/// (`Do` operators). `pdf-extract` follows `Do` recursively with no limit, so a loop here
/// would be endless recursion.
fn check_forms(doc: &PdfDocument) -> Result<(), String> {
    let mut done: HashMap<(ObjectId, Option<ObjectId>), usize> = HashMap::new();
    for (_, page_id) in doc.get_pages() {
        let Ok((own, inherited)) = doc.get_page_resources(page_id) else {
            continue;
        };
        let mut dicts: Vec<&Dictionary> = own.into_iter().collect();
        dicts.extend(
            inherited
                .iter()
                .filter_map(|id| doc.get_dictionary(*id).ok()),
        );
        for resources in dicts {
            let mut path = Vec::new();
            visit_forms(doc, resources, &mut path, &mut done)?;
        }
    }
    Ok(())
}

const TOO_DEEP: &str = "its drawings (form XObjects) are nested too deeply";
const LOOPING: &str = "its drawings (form XObjects) invoke themselves";

/// A form already walked, of `height` levels (itself included), reached again at a path
/// of `depth` forms: it is not walked again, but it still counts for the depth limit (the
/// order in which a file lists its forms must not let a long chain through).
fn reuse_height(depth: usize, height: usize) -> Result<usize, String> {
    if depth + height > MAX_FORM_DEPTH {
        return Err(TOO_DEEP.to_owned());
    }
    Ok(height)
}

/// Walks the forms listed in `resources`; returns the height of the tallest (0 if none).
fn visit_forms(
    doc: &PdfDocument,
    resources: &Dictionary,
    path: &mut Vec<ObjectId>,
    done: &mut HashMap<(ObjectId, Option<ObjectId>), usize>,
) -> Result<usize, String> {
    if path.len() > MAX_FORM_DEPTH {
        return Err(TOO_DEEP.to_owned());
    }
    let Some(xobjects) = resources
        .get(b"XObject")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return Ok(0);
    };
    // Inheriting forms already followed from this dictionary, with their heights.
    let mut checked = HashMap::new();
    let mut tallest = 0;
    for (_, value) in xobjects.iter() {
        let Ok(id) = value.as_reference() else {
            continue;
        };
        if path.contains(&id) {
            return Err(LOOPING.to_owned());
        }
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            continue;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            continue;
        }
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(rid, o)| o.as_dict().ok().map(|d| (rid, d)));
        let key = (id, own.and_then(|(rid, _)| rid));
        if own.is_some()
            && let Some(&height) = done.get(&key)
        {
            tallest = tallest.max(reuse_height(path.len(), height)?);
            continue;
        }
        path.push(id);
        let below = match own {
            Some((_, dict)) => visit_forms(doc, dict, path, done)?,
            // Inherits `resources`: follow only what its content actually invokes.
            None => visit_inherited(doc, stream, xobjects, path, &mut checked)?,
        };
        path.pop();
        if own.is_some() {
            done.insert(key, below + 1);
        }
        tallest = tallest.max(below + 1);
    }
    Ok(tallest)
}

/// Follows the forms an inheriting form invokes by name from `xobjects`; returns the
/// height of the tallest (0 if none). A form whose invocations were followed once without
/// finding a loop is not followed again (a file whose forms each invoke the next two would
/// otherwise be walked 2^depth times), but its height still counts against the limit.
fn visit_inherited(
    doc: &PdfDocument,
    stream: &lopdf::Stream,
    xobjects: &Dictionary,
    path: &mut Vec<ObjectId>,
    checked: &mut HashMap<ObjectId, usize>,
) -> Result<usize, String> {
    if path.len() > MAX_FORM_DEPTH {
        return Err(TOO_DEEP.to_owned());
    }
    let mut tallest = 0;
    for name in invoked_names(stream) {
        let Ok(target) = xobjects.get(&name).and_then(Object::as_reference) else {
            continue;
        };
        if path.contains(&target) {
            return Err(LOOPING.to_owned());
        }
        if let Some(&height) = checked.get(&target) {
            tallest = tallest.max(reuse_height(path.len(), height)?);
            continue;
        }
        let Ok(Object::Stream(inner)) = doc.get_object(target) else {
            continue;
        };
        if inner.dict.get(b"Resources").is_ok() {
            continue; // has its own resources: checked from the page's resources
        }
        path.push(target);
        let below = visit_inherited(doc, inner, xobjects, path, checked)?;
        path.pop();
        checked.insert(target, below + 1);
        tallest = tallest.max(below + 1);
    }
    Ok(tallest)
}

/// The XObject names a form's content invokes with `Do`.
fn invoked_names(stream: &lopdf::Stream) -> Vec<Vec<u8>> {
    let content = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    if memchr::memmem::find(&content, b"Do").is_none() {
        return Vec::new();
    }
    let Ok(ops) = lopdf::content::Content::decode(&content) else {
        return Vec::new();
    };
    let mut names: Vec<Vec<u8>> = ops
        .operations
        .iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| {
            op.operands
                .first()
                .and_then(|o| o.as_name().ok())
                .map(<[u8]>::to_vec)
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The metadata title (see [`title`]), then author, subject, keywords and dates from the
/// document information dictionary.
fn info(doc: &PdfDocument) -> Metadata {
    let mut meta = Metadata::default();
    if let Some(title) = title::from_metadata(doc) {
        meta.set("title", title);
    }
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())
    else {
        return meta;
    };
    let text = |key: &[u8]| {
        dict.get(key)
            .ok()
            .and_then(|o| lopdf::decode_text_string(o).ok())
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    for (key, field) in [
        (b"Author".as_slice(), "author"),
        (b"Subject", "subject"),
        (b"Keywords", "keywords"),
    ] {
        if let Some(value) = text(key) {
            meta.set(field, value);
        }
    }
    if let Some(date) = text(b"CreationDate").and_then(|d| pdf_date(&d)) {
        meta.set("date", date);
    }
    if let Some(date) = text(b"ModDate").and_then(|d| pdf_date(&d)) {
        meta.set("modified", date);
    }
    meta
}

/// "D:20160501123000+02'00'" gives "2016-05-01" (`None` if it is not a PDF date).
fn pdf_date(raw: &str) -> Option<String> {
    let digits = raw.trim().strip_prefix("D:").unwrap_or(raw.trim());
    let ymd = digits.get(..8)?;
    if !ymd.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (y, m, d) = (&ymd[..4], &ymd[4..6], &ymd[6..8]);
    let valid =
        (1..=12).contains(&m.parse::<u8>().ok()?) && (1..=31).contains(&d.parse::<u8>().ok()?);
    valid.then(|| format!("{y}-{m}-{d}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_become_iso_dates() {
        assert_eq!(
            pdf_date("D:20160501123000+02'00'").as_deref(),
            Some("2016-05-01")
        );
        assert_eq!(pdf_date("20240229").as_deref(), Some("2024-02-29"));
        assert_eq!(pdf_date("D:2016"), None);
        assert_eq!(pdf_date("D:20161301"), None);
    }

    #[test]
    fn not_a_pdf_is_said_so() {
        let budget = Budget::starting_now(std::time::Duration::from_secs(10));
        assert_eq!(
            extract(b"hello", &budget),
            Err(SkipReason::Damaged(
                "not a PDF file (no %PDF header)".to_owned()
            ))
        );
    }
}

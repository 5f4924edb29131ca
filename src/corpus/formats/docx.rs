//! Word documents (`.docx`, Office Open XML): the body's paragraphs, headings, lists and
//! tables as text, then the footnotes and endnotes; core properties as metadata.
//!
//! A table is one paragraph with a line per row and a tab between cells (see
//! [`BlockText::push_table`]); a cell merged across columns (`gridSpan`) is followed by
//! empty cells for the columns it covers, so that the next cells stay in their columns.
//!
//! Notes are placed after the body, each as its own paragraph starting with its marker
//! ("[1] The note."), and the reference in the body becomes the same marker ("...text.[1]").
//! That keeps the body's sentences whole (a note inlined mid-sentence breaks up the very
//! passages analysts quote) while every note is still findable from its reference.
//! Footnotes and endnotes share one numbering, in order of first reference.
//!
//! Deleted text of tracked changes (`w:delText`) and field codes (`w:instrText`) are not
//! text a reader sees and are skipped; of `mc:AlternateContent` only the first choice is
//! read, so text boxes are not doubled. A text box inside a paragraph closes the paragraph
//! it interrupts and comes out as paragraphs of its own.
//!
//! The archive is read through [`CappedZip`], which refuses zip bombs.

use std::collections::HashMap;

use roxmltree::Node;

use super::Extracted;
use super::blocks::BlockText;
use super::xmlpart::{MAX_DEPTH, attr, child_text, parse, part_text, parts_of};
use super::zipread::{CappedZip, MAX_UNPACKED_BYTES};
use crate::corpus::SkipReason;
use crate::corpus::document::Metadata;
use crate::text::ParagraphStyle;

const KIND: &str = "Word document (.docx)";

/// A cell is taken to span at most this many columns (a hostile `gridSpan` stays small).
const MAX_SPAN: usize = 64;

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    extract_with_limit(bytes, MAX_UNPACKED_BYTES)
}

/// [`extract`] with another cap on the unpacked size (tests).
pub fn extract_with_limit(bytes: &[u8], limit: u64) -> Result<Extracted, SkipReason> {
    let mut zip = CappedZip::open(bytes, KIND, limit)?;
    let main = main_part(&mut zip)?;
    let body_xml = match zip.read(&main)? {
        Some(b) => part_text(b, &main)?,
        None => {
            return Err(SkipReason::Damaged(format!(
                "not a {KIND}: the archive has no {main} (is it another kind of zip file?)"
            )));
        }
    };
    let notes = read_notes(&mut zip)?;
    let meta = match zip.read("docProps/core.xml")? {
        Some(b) => core_properties(&part_text(b, "docProps/core.xml")?),
        None => Metadata::default(),
    };

    let doc = parse(&body_xml, &main)?;
    let mut walker = Walker::new(&notes);
    let body = doc
        .root_element()
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "body")
        .unwrap_or(doc.root_element());
    walker.walk(body, 0);
    let Walker {
        mut out,
        cited,
        heading,
        ..
    } = walker;
    out.push_notes(cited.iter().map(|id| notes.get(id).map(String::as_str)));
    let title = meta.title.clone().or(heading);
    Ok(Extracted {
        text: out.finish(),
        title,
        meta,
        encoding: "UTF-8".to_owned(),
        style: ParagraphStyle::Blocks,
        pages: Vec::new(),
        ..Default::default()
    })
}

/// A note's identity: footnotes and endnotes have separate id spaces.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum NoteId {
    Foot(String),
    End(String),
}

/// The path of the main document part, from the package relationships
/// (`word/document.xml` in every file Word writes).
fn main_part(zip: &mut CappedZip) -> Result<String, SkipReason> {
    let fallback = "word/document.xml".to_owned();
    let Some(rels) = zip.read("_rels/.rels")? else {
        return Ok(fallback);
    };
    let Ok(text) = part_text(rels, "_rels/.rels") else {
        return Ok(fallback);
    };
    let Ok(doc) = parse(&text, "_rels/.rels") else {
        return Ok(fallback);
    };
    let target = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .find(|n| attr(*n, "Type").is_some_and(|t| t.ends_with("/officeDocument")))
        .and_then(|n| attr(n, "Target"))
        .map(|t| t.trim_start_matches('/').to_owned());
    Ok(target.unwrap_or(fallback))
}

/// Footnote and endnote texts by id (one paragraph each; a note's own paragraphs are joined
/// by line breaks).
fn read_notes(zip: &mut CappedZip) -> Result<HashMap<NoteId, String>, SkipReason> {
    let mut notes = HashMap::new();
    for (part, element) in [
        ("word/footnotes.xml", "footnote"),
        ("word/endnotes.xml", "endnote"),
    ] {
        let Some(bytes) = zip.read(part)? else {
            continue;
        };
        let text = part_text(bytes, part)?;
        let doc = parse(&text, part)?;
        let none = HashMap::new();
        for note in doc
            .root_element()
            .children()
            .filter(|n| n.is_element() && n.tag_name().name() == element)
        {
            // Separators are the lines Word draws above the notes, not notes.
            if attr(note, "type").is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = attr(note, "id") else { continue };
            let mut walker = Walker::new(&none);
            walker.walk(note, 0);
            let body = walker.out.finish().trim().replace("\n\n", "\n");
            if body.is_empty() {
                continue;
            }
            let key = if element == "footnote" {
                NoteId::Foot(id.to_owned())
            } else {
                NoteId::End(id.to_owned())
            };
            notes.insert(key, body);
        }
    }
    Ok(notes)
}

/// Title, creator, dates and keywords from `docProps/core.xml`.
fn core_properties(xml: &str) -> Metadata {
    let mut meta = Metadata::default();
    let Ok(doc) = parse(xml, "docProps/core.xml") else {
        return meta; // damaged properties do not cost the text
    };
    let root = doc.root_element();
    for (element, key) in [
        ("title", "title"),
        ("creator", "author"),
        ("created", "date"),
        ("modified", "modified"),
        ("subject", "subject"),
        ("keywords", "keywords"),
        ("description", "description"),
        ("lastModifiedBy", "last_modified_by"),
    ] {
        if let Some(value) = child_text(root, element) {
            meta.set(key, value);
        }
    }
    meta
}

struct Walker<'n> {
    out: BlockText,
    notes: &'n HashMap<NoteId, String>,
    /// Notes in order of first reference; their marker is their position + 1.
    cited: Vec<NoteId>,
    /// The first paragraph styled as a title or top-level heading.
    heading: Option<String>,
    style: Option<String>,
}

impl<'n> Walker<'n> {
    fn new(notes: &'n HashMap<NoteId, String>) -> Self {
        Self {
            out: BlockText::new(),
            notes,
            cited: Vec::new(),
            heading: None,
            style: None,
        }
    }

    fn walk(&mut self, node: Node, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children().filter(Node::is_element) {
            match child.tag_name().name() {
                "p" => {
                    self.out.end_paragraph(); // a text box interrupts its paragraph
                    self.style = None;
                    self.walk(child, depth + 1);
                    self.end_paragraph();
                }
                "tbl" => self.table(child, depth + 1),
                "t" => self.out.push_str(child.text().unwrap_or("")),
                "tab" | "ptab" => self.out.push_char(' '),
                "br" | "cr" => self.out.line_break(),
                "noBreakHyphen" => self.out.push_char('-'),
                "footnoteReference" | "endnoteReference" => self.reference(child),
                "AlternateContent" => {
                    if let Some(choice) = child.children().find(Node::is_element) {
                        self.walk(choice, depth + 1);
                    }
                }
                // Not visible text: deleted revisions, field codes, the note's own marker,
                // run properties.
                "delText" | "instrText" | "footnoteRef" | "endnoteRef" | "rPr" => {}
                "pPr" => {
                    if let Some(style) = child
                        .children()
                        .find(|n| n.is_element() && n.tag_name().name() == "pStyle")
                    {
                        self.style = attr(style, "val").map(str::to_owned);
                    }
                }
                _ => self.walk(child, depth + 1),
            }
        }
    }

    /// Reads a table's cells with this walker (notes cited in a cell keep their numbers)
    /// into text of their own, then writes the table as one block.
    fn table(&mut self, table: Node, depth: usize) {
        self.out.end_paragraph();
        let body = std::mem::take(&mut self.out);
        let mut rows = Vec::new();
        for row in parts_of(table, "tr", "tbl", depth) {
            let mut cells = Vec::new();
            for cell in parts_of(row, "tc", "tbl", depth + 1) {
                self.walk(cell, depth + 2);
                cells.push(std::mem::take(&mut self.out).finish());
                cells.extend(std::iter::repeat_n(String::new(), grid_span(cell) - 1));
            }
            rows.push(cells);
        }
        self.out = body;
        self.out.push_table(&rows);
    }

    fn reference(&mut self, node: Node) {
        let Some(id) = attr(node, "id") else { return };
        let key = if node.tag_name().name() == "footnoteReference" {
            NoteId::Foot(id.to_owned())
        } else {
            NoteId::End(id.to_owned())
        };
        if !self.notes.contains_key(&key) {
            return;
        }
        let n = match self.cited.iter().position(|k| *k == key) {
            Some(i) => i + 1,
            None => {
                self.cited.push(key);
                self.cited.len()
            }
        };
        self.out.push_str(&format!("[{n}]"));
    }

    fn end_paragraph(&mut self) {
        if self.heading.is_none()
            && self.style.as_deref().is_some_and(|s| {
                s.eq_ignore_ascii_case("title") || s.eq_ignore_ascii_case("heading1")
            })
        {
            let text = self
                .out
                .open_paragraph()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if !text.is_empty() {
                self.heading = Some(text);
            }
        }
        self.out.end_paragraph();
    }
}

/// How many grid columns a cell covers (`w:tcPr/w:gridSpan`), from 1 to [`MAX_SPAN`].
fn grid_span(cell: Node) -> usize {
    cell.children()
        .filter(|n| n.is_element() && n.tag_name().name() == "tcPr")
        .flat_map(|p| p.children())
        .find(|n| n.is_element() && n.tag_name().name() == "gridSpan")
        .and_then(|n| attr(n, "val"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> String {
        let doc_xml = format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{xml}</w:body></w:document>"#
        );
        let doc = parse(&doc_xml, "test").expect("xml");
        let notes = HashMap::new();
        let mut w = Walker::new(&notes);
        w.walk(doc.root_element(), 0);
        w.out.finish()
    }

    #[test]
    fn runs_breaks_and_tabs() {
        let text = body(
            r#"<w:p><w:r><w:t xml:space="preserve">Hello </w:t></w:r><w:r><w:t>world</w:t><w:tab/><w:t>x</w:t><w:br/><w:t>next&amp;line</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Two</w:t></w:r></w:p>"#,
        );
        assert_eq!(text, "Hello world x\nnext&line\n\nTwo\n");
    }

    #[test]
    fn deleted_text_and_field_codes_are_not_text() {
        let text = body(
            r#"<w:p><w:r><w:t>kept</w:t></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>"#,
        );
        assert_eq!(text, "kept\n");
    }

    #[test]
    fn a_table_is_a_row_per_line_with_tabs_between_cells() {
        let cell = |text: &str| format!("<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>");
        let wide = "<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>Both</w:t></w:r></w:p></w:tc>";
        let two_paragraphs = "<w:tc><w:p><w:r><w:t>Hmeimim</w:t></w:r></w:p><w:p><w:r><w:t>air base</w:t></w:r></w:p></w:tc>";
        let text = body(&format!(
            "<w:p><w:r><w:t>Before</w:t></w:r></w:p>\
             <w:tbl><w:tblPr/><w:tblGrid/>\
               <w:tr>{}{}{}</w:tr>\
               <w:tr>{two_paragraphs}{}{}</w:tr>\
               <w:sdt><w:sdtContent><w:tr>{wide}{}</w:tr></w:sdtContent></w:sdt>\
               <w:tr>{}{}{}</w:tr>\
             </w:tbl>\
             <w:p><w:r><w:t>After</w:t></w:r></w:p>",
            cell("Base"),
            cell("Since"),
            cell("Operator"),
            cell("2015"),
            cell("Russia"),
            cell("x"),
            cell(""),
            cell("2017"),
            cell(""),
        ));
        assert_eq!(
            text,
            "Before\n\nBase\tSince\tOperator\nHmeimim air base\t2015\tRussia\n\
             Both\t\tx\n\t2017\n\nAfter\n"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{}{}", "<w:sdt>".repeat(5000), "</w:sdt>".repeat(5000));
        assert_eq!(
            body(&format!("<w:p><w:r><w:t>top</w:t></w:r></w:p>{deep}")),
            "top\n"
        );
    }
}

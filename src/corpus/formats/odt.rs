//! OpenDocument text (`.odt`, LibreOffice's own format): paragraphs, headings, lists and
//! table cells from `content.xml`, notes after the body, metadata from `meta.xml`.
//!
//! The shape of the result is the DOCX reader's (see `docx`): notes become "[n]" markers in
//! the body and "[n] note text" paragraphs after it. ODF collapses runs of whitespace in
//! text like HTML does; explicit spaces (`text:s`), tabs and line breaks are elements.
//! Comments (`office:annotation`) and the record of tracked changes are not text.
//!
//! Tables read as the DOCX reader reads them: one paragraph, a line per row, a tab between
//! cells (a cell covered by a merged one is an empty cell, which keeps the columns).

use roxmltree::Node;

use super::Extracted;
use super::blocks::BlockText;
use super::xmlpart::{MAX_DEPTH, attr, child_text, parse, part_text, parts_of};
use super::zipread::{CappedZip, MAX_UNPACKED_BYTES};
use crate::corpus::SkipReason;
use crate::corpus::document::Metadata;
use crate::text::ParagraphStyle;

const KIND: &str = "OpenDocument text (.odt)";

/// Most `text:s` spaces honoured in one go (a hostile `text:c="4000000000"` stays small).
const MAX_SPACES: usize = 64;
/// Most repeats honoured for a table row or cell (`number-rows-repeated`,
/// `number-columns-repeated`; spreadsheets-turned-documents repeat empty cells by the
/// thousand).
const MAX_REPEATS: usize = 64;

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut zip = CappedZip::open(bytes, KIND, MAX_UNPACKED_BYTES)?;
    let Some(content) = zip.read("content.xml")? else {
        return Err(SkipReason::Damaged(format!(
            "not an {KIND}: the archive has no content.xml"
        )));
    };
    let content = part_text(content, "content.xml")?;
    let meta = match zip.read("meta.xml")? {
        Some(b) => meta_properties(&part_text(b, "meta.xml")?),
        None => Metadata::default(),
    };
    let doc = parse(&content, "content.xml")?;
    let text_root = doc
        .descendants()
        .find(|n| {
            n.is_element()
                && n.tag_name().name() == "text"
                && n.parent_element()
                    .is_some_and(|p| p.tag_name().name() == "body")
        })
        .unwrap_or(doc.root_element());
    let mut walker = Walker::default();
    walker.walk(text_root, 0);
    let Walker {
        mut out,
        notes,
        heading,
    } = walker;
    out.push_notes(notes.iter().map(|note| Some(note.as_str())));
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

fn meta_properties(xml: &str) -> Metadata {
    let mut meta = Metadata::default();
    let Ok(doc) = parse(xml, "meta.xml") else {
        return meta;
    };
    let root = doc.root_element();
    for (element, key) in [
        ("title", "title"),
        ("creator", "author"),
        ("initial-creator", "author"), // the original author wins over the last editor
        ("creation-date", "date"),
        ("date", "modified"),
        ("subject", "subject"),
        ("keyword", "keywords"),
        ("description", "description"),
    ] {
        if let Some(value) = child_text(root, element) {
            meta.set(key, value);
        }
    }
    meta
}

#[derive(Default)]
struct Walker {
    out: BlockText,
    /// Note bodies in order of citation; the marker is the position + 1.
    notes: Vec<String>,
    heading: Option<String>,
}

impl Walker {
    fn walk(&mut self, node: Node, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in node.children() {
            if child.is_text() {
                self.push_collapsed(child.text().unwrap_or(""));
                continue;
            }
            if !child.is_element() {
                continue;
            }
            match child.tag_name().name() {
                "p" | "h" => {
                    self.out.end_paragraph(); // a frame inside a paragraph interrupts it
                    self.walk(child, depth + 1);
                    if child.tag_name().name() == "h"
                        && self.heading.is_none()
                        && attr(child, "outline-level").is_none_or(|l| l == "1")
                        && !self.out.paragraph_is_empty()
                    {
                        self.heading = Some(self.out.open_paragraph().trim().to_owned());
                    }
                    self.out.end_paragraph();
                }
                "s" => {
                    let n = attr(child, "c")
                        .and_then(|c| c.parse().ok())
                        .unwrap_or(1usize);
                    self.out.push_str(&" ".repeat(n.clamp(1, MAX_SPACES)));
                }
                "tab" => self.out.push_char(' '),
                "line-break" => self.out.line_break(),
                "note" => self.note(child, depth),
                "table" => self.table(child, depth + 1),
                "annotation" | "annotation-end" | "tracked-changes" | "note-citation"
                | "sequence-decls" | "variable-decls" | "user-field-decls" => {}
                _ => self.walk(child, depth + 1),
            }
        }
    }

    /// Text nodes: whitespace runs become one space (ODF 1.2, 6.1.2).
    fn push_collapsed(&mut self, text: &str) {
        let mut last_space = self.out.open_paragraph().ends_with([' ', '\n']);
        for c in text.chars() {
            if c.is_whitespace() {
                if !last_space {
                    self.out.push_char(' ');
                    last_space = true;
                }
            } else {
                self.out.push_char(c);
                last_space = false;
            }
        }
    }

    /// Reads a table's cells into text of their own (notes cited in a cell keep their
    /// numbers), then writes the table as one block.
    fn table(&mut self, table: Node, depth: usize) {
        self.out.end_paragraph();
        let body = std::mem::take(&mut self.out);
        let mut rows = Vec::new();
        for row in parts_of(table, "table-row", "table", depth) {
            let mut cells = Vec::new();
            for cell in row.children().filter(Node::is_element) {
                let name = cell.tag_name().name();
                if name != "table-cell" && name != "covered-table-cell" {
                    continue;
                }
                self.walk(cell, depth + 2);
                let text = std::mem::take(&mut self.out).finish();
                cells.extend(std::iter::repeat_n(
                    text,
                    repeats(cell, "number-columns-repeated"),
                ));
            }
            rows.extend(std::iter::repeat_n(
                cells,
                repeats(row, "number-rows-repeated"),
            ));
        }
        self.out = body;
        self.out.push_table(&rows);
    }

    fn note(&mut self, node: Node, depth: usize) {
        let Some(body) = node
            .children()
            .find(|n| n.is_element() && n.tag_name().name() == "note-body")
        else {
            return;
        };
        let mut inner = Walker::default();
        inner.walk(body, depth + 1);
        let text = inner.out.finish().trim().replace("\n\n", "\n");
        if text.is_empty() {
            return;
        }
        self.notes.push(text);
        self.out.push_str(&format!("[{}]", self.notes.len()));
    }
}

/// A row's or cell's repeat count, from 1 to [`MAX_REPEATS`].
fn repeats(node: Node, attribute: &str) -> usize {
    attr(node, attribute)
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_REPEATS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(xml: &str) -> (String, Vec<String>) {
        let doc_xml = format!(
            r#"<office:text xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">{xml}</office:text>"#
        );
        let doc = parse(&doc_xml, "test").expect("xml");
        let mut w = Walker::default();
        w.walk(doc.root_element(), 0);
        (w.out.finish(), w.notes)
    }

    #[test]
    fn whitespace_spaces_and_breaks() {
        let (text, _) = body(
            "<text:h text:outline-level=\"1\">Title</text:h><text:p>a  \n b<text:s text:c=\"3\"/>c<text:tab/>d<text:line-break/>e</text:p>",
        );
        assert_eq!(text, "Title\n\na b   c d\ne\n");
    }

    #[test]
    fn a_table_is_a_row_per_line_with_tabs_between_cells() {
        let (text, _) = body(
            "<text:p>Before</text:p>\
             <table:table xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\">\
               <table:table-column table:number-columns-repeated=\"3\"/>\
               <table:table-header-rows><table:table-row>\
                 <table:table-cell><text:p>Base</text:p></table:table-cell>\
                 <table:table-cell><text:p>Since</text:p></table:table-cell>\
                 <table:table-cell><text:p>Operator</text:p></table:table-cell>\
               </table:table-row></table:table-header-rows>\
               <table:table-row>\
                 <table:table-cell table:number-columns-spanned=\"2\"><text:p>Hmeimim</text:p><text:p>air base</text:p></table:table-cell>\
                 <table:covered-table-cell/>\
                 <table:table-cell><text:p>Russia</text:p></table:table-cell>\
               </table:table-row>\
               <table:table-row>\
                 <table:table-cell/><table:table-cell><text:p>2017</text:p></table:table-cell>\
                 <table:table-cell table:number-columns-repeated=\"1000\"/>\
               </table:table-row>\
             </table:table>\
             <text:p>After</text:p>",
        );
        assert_eq!(
            text,
            "Before\n\nBase\tSince\tOperator\nHmeimim air base\t\tRussia\n\t2017\n\nAfter\n"
        );
    }

    #[test]
    fn notes_become_markers() {
        let (text, notes) = body(
            "<text:p>Claim.<text:note text:note-class=\"footnote\"><text:note-citation>1</text:note-citation><text:note-body><text:p>Source.</text:p></text:note-body></text:note> More.</text:p>",
        );
        assert_eq!(text, "Claim.[1] More.\n");
        assert_eq!(notes, vec!["Source.".to_owned()]);
    }
}

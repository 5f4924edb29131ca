//! DOCX and ODT files written with the `zip` crate, and zip bombs.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A block of a Word body.
pub enum Block<'a> {
    Heading(&'a str),
    /// Text with `{N}` where footnote N is referenced.
    Para(&'a str),
    /// Rows of cells, each cell one paragraph (text with `{N}` as in `Para`).
    Table(&'a [&'a [&'a str]]),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn runs(text: &str) -> String {
    // "{2}" marks a reference to footnote 2.
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let id = &rest[open + 1..open + close];
        out.push_str(&format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
            escape(&rest[..open])
        ));
        out.push_str(&format!(r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="{id}"/></w:r>"#));
        rest = &rest[open + close + 1..];
    }
    out.push_str(&format!(
        r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(rest)
    ));
    out
}

/// A Word document with `blocks`, `footnotes` (id, text) and core properties.
pub fn docx(title: &str, creator: &str, blocks: &[Block], footnotes: &[(u32, &str)]) -> Vec<u8> {
    let body: String = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(t) => format!(
                r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>{}</w:p>"#,
                runs(t)
            ),
            Block::Para(t) => format!("<w:p>{}</w:p>", runs(t)),
            Block::Table(rows) => {
                let rows: String = rows
                    .iter()
                    .map(|cells| {
                        let cells: String = cells
                            .iter()
                            .map(|c| format!("<w:tc><w:tcPr/><w:p>{}</w:p></w:tc>", runs(c)))
                            .collect();
                        format!("<w:tr>{cells}</w:tr>")
                    })
                    .collect();
                format!("<w:tbl><w:tblPr/><w:tblGrid/>{rows}</w:tbl>")
            }
        })
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let notes: String = footnotes
        .iter()
        .map(|(id, text)| {
            format!(
                r#"<w:footnote w:id="{id}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {}</w:t></w:r></w:p></w:footnote>"#,
                escape(text)
            )
        })
        .collect();
    let footnotes_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:footnotes xmlns:w="{W}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"#
    );
    let core = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dcterms:created>2025-01-28T09:30:00Z</dcterms:created></cp:coreProperties>"#,
        escape(title),
        escape(creator)
    );
    zip_of(&[
        ("[Content_Types].xml", r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.as_bytes()),
        ("_rels/.rels", r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/footnotes.xml", footnotes_xml.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ])
}

/// An ODT with a heading, paragraphs (with `{N}`: an inline footnote with `notes[N-1]`).
pub fn odt(title: &str, heading: &str, paragraphs: &[&str], notes: &[&str]) -> Vec<u8> {
    let mut body = format!(
        r#"<text:h text:outline-level="1">{}</text:h>"#,
        escape(heading)
    );
    for p in paragraphs {
        let mut xml = String::new();
        let mut rest = *p;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let n: usize = rest[open + 1..open + close].parse().expect("note number");
            xml.push_str(&escape(&rest[..open]));
            xml.push_str(&format!(
                r#"<text:note text:note-class="footnote"><text:note-citation>{n}</text:note-citation><text:note-body><text:p>{}</text:p></text:note-body></text:note>"#,
                escape(notes[n - 1])
            ));
            rest = &rest[open + close + 1..];
        }
        xml.push_str(&escape(rest));
        body.push_str(&format!("<text:p>{xml}</text:p>"));
    }
    odt_package(title, &body)
}

/// An ODT with a heading, then a table of `rows` (one paragraph a cell), then `after`.
pub fn odt_table(title: &str, rows: &[&[&str]], after: &str) -> Vec<u8> {
    let rows: String = rows
        .iter()
        .map(|cells| {
            let cells: String = cells
                .iter()
                .map(|c| {
                    format!(
                        "<table:table-cell><text:p>{}</text:p></table:table-cell>",
                        escape(c)
                    )
                })
                .collect();
            format!("<table:table-row>{cells}</table:table-row>")
        })
        .collect();
    let body = format!(
        r#"<text:h text:outline-level="1">{}</text:h><table:table table:name="T1"><table:table-column/>{rows}</table:table><text:p>{}</text:p>"#,
        escape(title),
        escape(after)
    );
    odt_package(title, &body)
}

fn odt_package(title: &str, body: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><office:meta><dc:title>{}</dc:title><meta:initial-creator>Monitoring Unit</meta:initial-creator><meta:creation-date>2025-01-28T09:30:00</meta:creation-date></office:meta></office:document-meta>"#,
        escape(title)
    );
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", content.as_bytes()),
        ("meta.xml", meta.as_bytes()),
    ])
}

pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, options).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

/// A `.docx` whose `word/document.xml` inflates to `unpacked` bytes (mostly spaces inside
/// one paragraph), though the file itself is small.
pub fn zip_bomb_docx(unpacked: u64) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(unpacked >= u64::from(u32::MAX));
    w.start_file("word/document.xml", options)
        .expect("zip entry");
    let head = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#);
    let tail = "</w:t></w:r></w:p></w:body></w:document>";
    w.write_all(head.as_bytes()).expect("zip write");
    let chunk = vec![b' '; 1 << 20];
    let mut left = unpacked.saturating_sub((head.len() + tail.len()) as u64);
    while left > 0 {
        let n = left.min(chunk.len() as u64) as usize;
        w.write_all(&chunk[..n]).expect("zip write");
        left -= n as u64;
    }
    w.write_all(tail.as_bytes()).expect("zip write");
    w.finish().expect("zip finish").into_inner()
}

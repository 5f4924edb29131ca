//! Workbooks (`.xlsx`, `.xls`, `.ods`) through calamine. A workbook of one sheet is one
//! document, the file itself; a workbook of several has no text of its own and each sheet
//! is a part (`figures.xlsx#Sheet2`), titled by its name.
//!
//! Cells keep their place: a sheet's first line is its row 1 and its first column A, so
//! that the grid's row numbers and column letters are the spreadsheet's.
//!
//! What a hostile workbook could make calamine do is bounded first: a zip-based workbook
//! (`.xlsx`, `.ods`) is inflated once into nothing, counting, and refused beyond
//! [`zipread::MAX_UNPACKED_BYTES`]; an `.xlsx` sheet is streamed cell by cell (its range
//! would be a dense rectangle, so one cell at A1 and one at XFD1048576 would ask for
//! 17 billion cells); the text a sheet makes is capped ([`super::MAX_TABLE_TEXT`]).

use std::io::Cursor;

use calamine::{Reader, SheetType, Sheets, open_workbook_auto_from_rs, open_workbook_from_rs};

use super::{Table, TableText, cell, ods_cells, xls_cells};
use crate::corpus::SkipReason;
use crate::corpus::document::Format;
use crate::corpus::formats::zipread::{self, CappedZip};
use crate::corpus::formats::{Extracted, Part, PartContent, SkippedPart};
use crate::text::ParagraphStyle;

type Workbook<'a> = Sheets<Cursor<&'a [u8]>>;

/// Reads a workbook of `format` (the extension's; the content decides which reader runs,
/// so a mislabelled `.xls` that is really an `.xlsx` still reads).
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, SkipReason> {
    if bytes.starts_with(b"PK") {
        let open = || CappedZip::open(bytes, format.label(), zipread::MAX_UNPACKED_BYTES);
        open()?.inflate_all()?;
        if let Some(content) = open()?.read("content.xml")? {
            ods_cells::check(&content)?;
        }
    }
    // Whatever the extension says: calamine reads an OLE file as `.xls` when it is one.
    if bytes.starts_with(&xls_cells::OLE_MAGIC) {
        xls_cells::check(bytes)?;
    }
    let mut workbook = open(bytes, format)?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if let [only] = names.as_slice() {
        let sheet = sheet_text(&mut workbook, only)?;
        return Ok(table(sheet, None));
    }
    let mut parts = Vec::new();
    let mut skipped_parts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, name) in names.iter().enumerate() {
        let suffix = unique(&mut seen, format!("#{}", safe_sheet_name(name, index)));
        match sheet_text(&mut workbook, name) {
            Ok(sheet) => parts.push(Part {
                suffix,
                content: PartContent::Read {
                    format,
                    extracted: Box::new(table(sheet, Some(name.clone()))),
                },
            }),
            Err(reason) => skipped_parts.push(SkippedPart { suffix, reason }),
        }
    }
    if parts.is_empty() && skipped_parts.is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(Extracted {
        encoding: "UTF-8".to_owned(),
        style: ParagraphStyle::Lines,
        parts,
        skipped_parts,
        ..Default::default()
    })
}

/// The workbook, opened by the reader its extension names (whose error says what is
/// wrong), else by whichever reader its content suits (a mislabelled file).
fn open(bytes: &[u8], format: Format) -> Result<Workbook<'_>, SkipReason> {
    let cursor = Cursor::new(bytes);
    let named = match format {
        Format::Xls => open_workbook_from_rs(cursor.clone())
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        Format::Ods => open_workbook_from_rs(cursor.clone())
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        _ => open_workbook_from_rs(cursor.clone())
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
    };
    let message = match named {
        Ok(workbook) => return Ok(workbook),
        Err(message) => message,
    };
    if let Ok(workbook) = open_workbook_auto_from_rs(cursor) {
        return Ok(workbook);
    }
    let lower = message.to_ascii_lowercase();
    Err(if lower.contains("encrypt") || lower.contains("password") {
        SkipReason::Encrypted
    } else {
        SkipReason::Damaged(format!("damaged {}: {message}", format.label()))
    })
}

fn table(sheet: Table, title: Option<String>) -> Extracted {
    Extracted {
        text: sheet.text,
        title,
        encoding: "UTF-8".to_owned(),
        style: ParagraphStyle::Lines,
        skipped_parts: sheet.skipped_parts,
        marks: sheet.marks,
        ..Default::default()
    }
}

/// The text of the sheet `name`, with the runs of empty rows it left out.
fn sheet_text(workbook: &mut Workbook<'_>, name: &str) -> Result<Table, SkipReason> {
    let damaged = |e: &dyn std::fmt::Display| SkipReason::Damaged(format!("damaged sheet: {e}"));
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    let mut bytes = 0usize;
    let mut keep = |row: u32, column: u32, text: &str| -> Result<(), SkipReason> {
        if text.trim().is_empty() {
            return Ok(());
        }
        // A cell costs its text and its place: the cap holds before the text is made.
        bytes = bytes.saturating_add(text.len() + 16);
        if bytes > super::MAX_TABLE_TEXT {
            return Err(SkipReason::TooLargeUnpacked {
                limit: super::MAX_TABLE_TEXT as u64,
            });
        }
        cells.push((row, column, text.to_owned()));
        Ok(())
    };
    if let Sheets::Xlsx(xlsx) = workbook {
        let mut reader = xlsx.worksheet_cells_reader(name).map_err(|e| damaged(&e))?;
        while let Some(c) = reader.next_cell().map_err(|e| damaged(&e))? {
            let (row, column) = c.get_position();
            keep(row, column, &cell::data_ref(c.get_value()))?;
        }
    } else {
        let range = workbook.worksheet_range(name).map_err(|e| damaged(&e))?;
        let (top, left) = range.start().unwrap_or((0, 0));
        for (row, column, value) in range.used_cells() {
            let (row, column) = (row as u32 + top, column as u32 + left);
            keep(row, column, &cell::data(value))?;
        }
    }
    // Cells come in row order as files write them, but nothing makes a file do so.
    cells.sort_by_key(|&(row, column, _)| (row, column));
    let mut table = TableText::default();
    let mut current = 0u32;
    for (row, column, text) in cells {
        if row != current {
            table.end_row()?;
            table.skip_rows((row - current - 1) as usize);
            current = row;
        }
        table.cell(column as usize, &text)?;
    }
    table.finish()
}

/// A sheet's name as an id step: its own name, with `/`, `#`, `\` and control characters
/// (which would read as steps of the id) as `_`; "Sheet3" for a sheet with no name.
pub fn safe_sheet_name(name: &str, index: usize) -> String {
    let safe: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '#' | '\\') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if safe.is_empty() {
        format!("Sheet{}", index + 1)
    } else {
        safe
    }
}

/// `suffix`, or with " (2)", " (3)"... when two sheets make the same safe name.
fn unique(seen: &mut std::collections::HashSet<String>, suffix: String) -> String {
    let mut candidate = suffix.clone();
    let mut n = 1;
    while !seen.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{suffix} ({n})");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An `.ods` of the given sheets, each its name and the XML of its rows.
    fn ods(sheets: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let tables: String = sheets
            .iter()
            .map(|(name, rows)| format!(r#"<table:table table:name="{name}">{rows}</table:table>"#))
            .collect();
        let content = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
        );
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        for (name, data) in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("META-INF/manifest.xml", manifest),
            ("content.xml", content.as_str()),
        ] {
            w.start_file(name, options).expect("entry");
            w.write_all(data.as_bytes()).expect("write");
        }
        w.finish().expect("zip").into_inner()
    }

    fn cell(v: &str) -> String {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>"#
        )
    }

    #[test]
    fn an_ods_of_two_sheets_is_a_part_per_sheet() {
        let budget = format!(
            "<table:table-row>{}{}</table:table-row><table:table-row>{}<table:table-cell office:value-type=\"float\" office:value=\"1200.5\"/></table:table-row>",
            cell("Item"),
            cell("Amount"),
            cell("Fuel")
        );
        let people = format!("<table:table-row>{}</table:table-row>", cell("Jane"));
        let e = extract(
            &ods(&[("Budget", &budget), ("People", &people)]),
            Format::Ods,
        )
        .expect("a workbook");
        let sheets: Vec<(&str, &str)> = e
            .parts
            .iter()
            .map(|p| match &p.content {
                PartContent::Read { extracted, .. } => (p.suffix.as_str(), extracted.text.as_str()),
                PartContent::Bytes { .. } => (p.suffix.as_str(), "bytes?"),
            })
            .collect();
        assert_eq!(
            sheets,
            [
                ("#Budget", "Item\tAmount\nFuel\t1200.5\n"),
                ("#People", "Jane\n")
            ]
        );
    }

    #[test]
    fn an_ods_sheet_spanning_millions_of_cells_is_refused_before_calamine_reads_it() {
        let far = format!(
            r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="3000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/>{}</table:table-row>"#,
            cell("A1"),
            cell("far")
        );
        let Err(SkipReason::Damaged(why)) = extract(&ods(&[("Wide", &far)]), Format::Ods) else {
            panic!("refused");
        };
        assert!(why.contains("more than 8388608 cells"), "{why}");
    }

    #[test]
    fn an_ods_sheet_leaves_a_long_run_of_empty_rows_out_and_numbers_the_rows_after_it() {
        let rows = format!(
            r#"<table:table-row>{}</table:table-row><table:table-row table:number-rows-repeated="5000"><table:table-cell/></table:table-row><table:table-row>{}</table:table-row>"#,
            cell("Head"),
            cell("after")
        );
        let e = extract(&ods(&[("Log", &rows)]), Format::Ods).expect("a workbook");
        assert_eq!(e.text, "Head\nafter\n");
        assert_eq!(e.marks.row_number(1), 5002);
        let said: Vec<String> = e
            .skipped_parts
            .iter()
            .map(|s| s.reason.to_string())
            .collect();
        assert_eq!(said, ["5000 empty rows skipped at rows 2\u{2013}5001"]);
    }

    #[test]
    fn sheet_names_are_safe_id_steps() {
        assert_eq!(safe_sheet_name("Budget 2024", 0), "Budget 2024");
        assert_eq!(safe_sheet_name("a/b#c\\d\te", 0), "a_b_c_d_e");
        assert_eq!(safe_sheet_name("  ", 2), "Sheet3");
    }
}

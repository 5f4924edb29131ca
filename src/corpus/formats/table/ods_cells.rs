//! The check before calamine reads an `.ods`: calamine builds each sheet as a dense
//! rectangle from its first to its last non-empty cell, expanding repeated rows and
//! columns, so an 800-byte file with one cell at A1 and one at the 16,000th column of the
//! 3,000th row made it allocate 1.5 GB and work past the time budget (measured). The
//! sheets' rectangles are measured here first from `content.xml`, streamed, and a sheet of
//! more than [`MAX_SHEET_CELLS`] is refused before calamine runs.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::corpus::SkipReason;

/// The most cells a sheet's rectangle may span (8 million: 256 MiB as calamine holds
/// them). A real sheet of 100,000 rows and 40 columns is half of it.
pub const MAX_SHEET_CELLS: u64 = 8 * 1024 * 1024;

/// Where a sheet's reading is.
#[derive(Default)]
struct Sheet {
    /// Rows before the current one.
    row: u64,
    /// Columns before the current cell in the current row.
    column: u64,
    /// Repeats of the current row.
    row_repeats: u64,
    /// Whether the current row holds a cell with content.
    row_has_content: bool,
    /// The rectangle of the cells with content so far: rows and columns from the first.
    rows: u64,
    columns: u64,
}

impl Sheet {
    /// A cell (repeated as it says) of the current row.
    fn cell(&mut self, e: &BytesStart, content: bool) {
        self.column = self
            .column
            .saturating_add(repeats(e, b"number-columns-repeated"));
        if content {
            self.row_has_content = true;
            self.columns = self.columns.max(self.column);
        }
    }
}

/// `Err` when a sheet of `content` (an `.ods`'s `content.xml`) spans more than
/// [`MAX_SHEET_CELLS`]; XML calamine would refuse is left for it to say so.
pub fn check(content: &[u8]) -> Result<(), SkipReason> {
    let mut reader = Reader::from_reader(content);
    let mut buf = Vec::new();
    let mut sheet = Sheet::default();
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"table" => {
                sheet = Sheet::default();
            }
            Event::Start(e) if e.local_name().as_ref() == b"table-row" => {
                sheet.row_repeats = repeats(&e, b"number-rows-repeated");
                sheet.column = 0;
                sheet.row_has_content = false;
            }
            Event::Empty(e) if e.local_name().as_ref() == b"table-row" => {
                sheet.row = sheet
                    .row
                    .saturating_add(repeats(&e, b"number-rows-repeated"));
            }
            Event::End(e) if e.local_name().as_ref() == b"table-row" => {
                sheet.row = sheet.row.saturating_add(sheet.row_repeats);
                if sheet.row_has_content {
                    sheet.rows = sheet.row;
                }
            }
            // A cell with children (its text) or a value type may have content, as far
            // as calamine goes: counted as one.
            Event::Start(e) if is_cell(&e) => sheet.cell(&e, true),
            Event::Empty(e) if is_cell(&e) => {
                let typed = e
                    .attributes()
                    .flatten()
                    .any(|a| a.key.local_name().as_ref() == b"value-type");
                sheet.cell(&e, typed);
            }
            _ => {}
        }
        if sheet.rows.saturating_mul(sheet.columns) > MAX_SHEET_CELLS {
            return Err(SkipReason::Damaged(format!(
                "a sheet spans more than {MAX_SHEET_CELLS} cells (possibly a hostile file)"
            )));
        }
        buf.clear();
    }
}

fn is_cell(e: &BytesStart) -> bool {
    matches!(
        e.local_name().as_ref(),
        b"table-cell" | b"covered-table-cell"
    )
}

/// The repeat count an element gives in `attribute` (1 when it gives none or nonsense).
fn repeats(e: &BytesStart, attribute: &[u8]) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == attribute)
        .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
        .unwrap_or(1)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(body: &str) -> String {
        format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        )
    }

    const CELL: &str =
        r#"<table:table-cell office:value-type="string"><text:p>v</text:p></table:table-cell>"#;

    #[test]
    fn a_sheet_with_far_corners_is_refused_and_empty_repeats_are_not() {
        let far = content(&format!(
            r#"<table:table table:name="W"><table:table-row>{CELL}</table:table-row><table:table-row table:number-rows-repeated="3000"><table:table-cell table:number-columns-repeated="16000"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/>{CELL}</table:table-row></table:table>"#
        ));
        assert!(matches!(check(far.as_bytes()), Err(SkipReason::Damaged(_))));
        let trailing = content(&format!(
            r#"<table:table table:name="L"><table:table-row>{CELL}{CELL}</table:table-row><table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row></table:table>"#
        ));
        assert_eq!(check(trailing.as_bytes()), Ok(()));
    }
}

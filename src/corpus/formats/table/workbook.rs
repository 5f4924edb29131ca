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

use calamine::{Reader, SheetType, Sheets, open_workbook_auto_from_rs};

use super::{TableText, cell};
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
        CappedZip::open(bytes, format.label(), zipread::MAX_UNPACKED_BYTES)?.inflate_all()?;
    }
    let mut workbook = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        let encrypted = e.to_string().to_ascii_lowercase().contains("encrypt")
            || e.to_string().to_ascii_lowercase().contains("password");
        if encrypted {
            SkipReason::Encrypted
        } else {
            SkipReason::Damaged(format!("damaged {}: {e}", format.label()))
        }
    })?;
    let names: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    if let [only] = names.as_slice() {
        let text = sheet_text(&mut workbook, only)?;
        return Ok(table(text, None));
    }
    let mut parts = Vec::new();
    let mut skipped_parts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, name) in names.iter().enumerate() {
        let suffix = unique(&mut seen, format!("#{}", safe_sheet_name(name, index)));
        match sheet_text(&mut workbook, name) {
            Ok(text) => parts.push(Part {
                suffix,
                content: PartContent::Read {
                    format,
                    extracted: Box::new(table(text, Some(name.clone()))),
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

fn table(text: String, title: Option<String>) -> Extracted {
    Extracted {
        text,
        title,
        encoding: "UTF-8".to_owned(),
        style: ParagraphStyle::Lines,
        ..Default::default()
    }
}

/// The text of the sheet `name`.
fn sheet_text(workbook: &mut Workbook<'_>, name: &str) -> Result<String, SkipReason> {
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

    #[test]
    fn sheet_names_are_safe_id_steps() {
        assert_eq!(safe_sheet_name("Budget 2024", 0), "Budget 2024");
        assert_eq!(safe_sheet_name("a/b#c\\d\te", 0), "a_b_c_d_e");
        assert_eq!(safe_sheet_name("  ", 2), "Sheet3");
    }
}

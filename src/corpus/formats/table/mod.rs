//! Tables (`.csv`, `.tsv`, and the sheets of `.xlsx`, `.xls`, `.ods` workbooks) as text:
//! one row per line, a tab between cells, the header row kept, so that search, entities
//! and annotations work on a table as on any text, and the reader can lay the same text
//! out as a grid (`corpus::grid`).
//!
//! A cell's own tabs and line breaks become spaces (a cell is never cut in two), its
//! surrounding whitespace is trimmed, and empty cells at the end of a row and empty rows
//! at the end of a table are dropped: a sheet formatted down to its millionth row reads
//! as the rows it holds. Empty rows between rows are kept as empty lines, so a line's
//! number is still its row's.

mod cell;
mod ods_cells;
mod workbook;
mod xls_cells;

pub(crate) use xls_cells::OLE_MAGIC;

use super::{Extracted, SkippedPart};
use crate::corpus::SkipReason;
use crate::corpus::decode;
use crate::text::ParagraphStyle;

pub use workbook::extract as extract_workbook;

/// The most text one table may make (128 MiB): a workbook's shared strings let a small
/// file repeat a long string in every cell.
pub const MAX_TABLE_TEXT: usize = 128 * 1024 * 1024;

/// A table's text as its rows arrive.
#[derive(Debug, Default)]
struct TableText {
    text: String,
    /// Empty rows seen since the last row with a cell: written only if a row follows.
    pending_empty: usize,
    /// The cells of the row being read, by column.
    row: Vec<String>,
}

impl TableText {
    /// Sets the cell at `column` of the current row.
    fn cell(&mut self, column: usize, value: &str) -> Result<(), SkipReason> {
        let value = clean(value);
        if value.is_empty() {
            return Ok(());
        }
        if column >= self.row.len() {
            // Every column up to this one: the budget of text bounds them.
            self.reserve_check(column - self.row.len())?;
            self.row.resize(column + 1, String::new());
        }
        self.row[column] = value;
        Ok(())
    }

    /// Ends the current row.
    fn end_row(&mut self) -> Result<(), SkipReason> {
        let used = self.row.iter().rposition(|c| !c.is_empty());
        let Some(last) = used else {
            self.pending_empty += 1;
            return Ok(());
        };
        let width: usize = self.row[..=last].iter().map(|c| c.len() + 1).sum();
        self.reserve_check(self.pending_empty + width)?;
        for _ in 0..std::mem::take(&mut self.pending_empty) {
            self.text.push('\n');
        }
        for (i, cell) in self.row[..=last].iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.text.push_str(cell);
        }
        self.text.push('\n');
        self.row.clear();
        Ok(())
    }

    /// Empty rows before the next one (a gap in a workbook's row numbers).
    fn skip_rows(&mut self, rows: usize) {
        self.pending_empty = self.pending_empty.saturating_add(rows);
    }

    /// Refuses a table whose text would pass [`MAX_TABLE_TEXT`].
    fn reserve_check(&self, more: usize) -> Result<(), SkipReason> {
        if self.text.len().saturating_add(more) > MAX_TABLE_TEXT {
            return Err(SkipReason::TooLargeUnpacked {
                limit: MAX_TABLE_TEXT as u64,
            });
        }
        Ok(())
    }

    fn finish(mut self) -> Result<String, SkipReason> {
        if !self.row.is_empty() {
            self.end_row()?;
        }
        Ok(self.text)
    }
}

/// A cell's text on one line, trimmed: tabs, line breaks and other control characters
/// are spaces.
fn clean(value: &str) -> String {
    let trimmed = value.trim();
    if !trimmed.contains(|c: char| c.is_control()) {
        return trimmed.to_owned();
    }
    trimmed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The separator of a delimited file: `,` for CSV, a tab for TSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    /// Comma-separated (`.csv`); a file whose first line has more semicolons than commas
    /// (as spreadsheets write CSV where the comma is the decimal mark) is read with `;`.
    Comma,
    /// Tab-separated (`.tsv`).
    Tab,
}

/// A delimited file (CSV, TSV) in any encoding as one table: the file itself is the
/// document.
pub fn extract_delimited(bytes: &[u8], delimiter: Delimiter) -> Result<Extracted, SkipReason> {
    let decoded = decode(bytes)?;
    let separator = match delimiter {
        Delimiter::Tab => b'\t',
        Delimiter::Comma => sniff_comma(&decoded.text),
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let mut table = TableText::default();
    let mut record = csv::StringRecord::new();
    let mut skipped_parts = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                for (column, value) in record.iter().enumerate() {
                    table.cell(column, value)?;
                }
                table.end_row()?;
            }
            // The text is valid UTF-8 already; what is left is a malformed record,
            // which the flexible reader does not report: stop, keeping the rows read.
            Err(e) => {
                skipped_parts.push(SkippedPart {
                    suffix: "#rest".to_owned(),
                    reason: SkipReason::Damaged(format!("damaged table: {e}")),
                });
                break;
            }
        }
    }
    let text = table.finish()?;
    Ok(Extracted {
        text,
        encoding: decoded.encoding.to_owned(),
        style: ParagraphStyle::Lines,
        skipped_parts,
        ..Default::default()
    })
}

/// `;` when the first line has more semicolons than commas, else `,`.
fn sniff_comma(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c| first.bytes().filter(|&b| b == c).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(text: &str) -> String {
        extract_delimited(text.as_bytes(), Delimiter::Comma)
            .expect("a table")
            .text
    }

    #[test]
    fn a_csv_is_a_row_per_line_with_tabs_between_cells() {
        assert_eq!(
            csv("name,city\n\"Smith, Jane\",\"Leeds\nUK\"\nBob,,\n,,\n\n"),
            "name\tcity\nSmith, Jane\tLeeds UK\nBob\n"
        );
    }

    #[test]
    fn empty_rows_inside_are_kept_and_trailing_ones_dropped() {
        assert_eq!(csv("a,b\n,\n,\nc\n,,,\n,\n"), "a\tb\n\n\nc\n");
    }

    #[test]
    fn semicolons_are_read_as_the_separator_when_they_are_one() {
        assert_eq!(
            csv("amount;date\n3,5;2024-01-02\n"),
            "amount\tdate\n3,5\t2024-01-02\n"
        );
    }

    #[test]
    fn a_tsv_keeps_commas_inside_cells() {
        let e = extract_delimited(b"a,b\tc\n", Delimiter::Tab).expect("tsv");
        assert_eq!(e.text, "a,b\tc\n");
    }

    #[test]
    fn a_million_empty_rows_make_no_text() {
        let mut text = String::from("head,er\nvalue,1\n");
        text.push_str(&",,,\n".repeat(1_000_000));
        assert_eq!(csv(&text), "head\ter\nvalue\t1\n");
    }
}

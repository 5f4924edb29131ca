//! Tables (`.csv`, `.tsv`, and the sheets of `.xlsx`, `.xls`, `.ods` workbooks) as text:
//! one row per line, a tab between cells, the header row kept, so that search, entities
//! and annotations work on a table as on any text, and the reader can lay the same text
//! out as a grid (`corpus::grid`).
//!
//! A cell's own tabs and line breaks become spaces (a cell is never cut in two), its
//! surrounding whitespace is trimmed, and empty cells at the end of a row and empty rows
//! at the end of a table are dropped: a sheet formatted down to its millionth row reads
//! as the rows it holds. A few empty rows between rows are kept as empty lines, so a
//! line's number is still its row's; a longer run ([`MAX_EMPTY_RUN`]) is left out, said
//! in the skip report, and kept in the marks so that the grid numbers the rows after it
//! as the sheet does.

mod cell;
mod ods_cells;
mod workbook;
mod xls_cells;

pub(crate) use xls_cells::OLE_MAGIC;

use super::{Extracted, SkippedPart};
use crate::corpus::decode;
use crate::corpus::{RowsLeftOut, SkipReason, TextMarks};
use crate::text::{ParagraphStyle, counted};

pub use workbook::extract as extract_workbook;

/// The most text one table may make (128 MiB): a workbook's shared strings let a small
/// file repeat a long string in every cell.
pub const MAX_TABLE_TEXT: usize = 128 * 1024 * 1024;

/// The longest run of empty rows kept as empty lines (100). A few empty rows set a sheet's
/// blocks apart and are kept, so that in nearly every real table a line's number is its
/// row's; a longer run (a sheet formatted far down, an export padded with separators) is
/// nothing to read, and kept it would be a hundred thousand blank rows to scroll past.
/// Such a run is left out of the text, said in the skip report, and kept in the text's
/// marks ([`RowsLeftOut`]) so that the grid still numbers the rows after it as the sheet.
pub const MAX_EMPTY_RUN: usize = 100;

/// The runs of empty rows left out said one by one in the skip report, the rest in one
/// line: a sheet of ten thousand runs is not ten thousand lines of report.
const RUNS_REPORTED: usize = 20;

/// The suffix of what the skip report says about a table's rows.
pub const ROWS_SUFFIX: &str = "#rows";

/// A table's text as its rows arrive.
#[derive(Debug, Default)]
struct TableText {
    text: String,
    /// Empty rows seen since the last row with a cell: written only if a row follows.
    pending_empty: usize,
    /// The cells of the row being read, by column.
    row: Vec<String>,
    /// The rows ended or skipped so far: the index (from 0) of the row being read.
    rows: usize,
    /// The lines written so far.
    lines: usize,
    /// The runs of empty rows left out (see [`MAX_EMPTY_RUN`]).
    left_out: Vec<RowsLeftOut>,
    /// The skip report's lines about them, one a run up to [`RUNS_REPORTED`] runs...
    reported: Vec<SkippedPart>,
    /// ... and the runs past that and their rows, said in one line.
    unreported: (usize, usize),
}

/// A table read: its text, the runs of empty rows left out, and what the skip report says
/// about them.
struct Table {
    text: String,
    marks: TextMarks,
    skipped_parts: Vec<SkippedPart>,
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
            self.skip_rows(1);
            return Ok(());
        };
        let width: usize = self.row[..=last].iter().map(|c| c.len() + 1).sum();
        let empty = std::mem::take(&mut self.pending_empty);
        let kept = if empty > MAX_EMPTY_RUN {
            self.leave_out(empty);
            0
        } else {
            empty
        };
        self.reserve_check(kept + width)?;
        for _ in 0..kept {
            self.text.push('\n');
        }
        self.lines += kept;
        for (i, cell) in self.row[..=last].iter().enumerate() {
            if i > 0 {
                self.text.push('\t');
            }
            self.text.push_str(cell);
        }
        self.text.push('\n');
        self.lines += 1;
        self.rows = self.rows.saturating_add(1);
        self.row.clear();
        Ok(())
    }

    /// Empty rows before the next one (a gap in a workbook's row numbers, blank lines of a
    /// CSV).
    fn skip_rows(&mut self, rows: usize) {
        self.pending_empty = self.pending_empty.saturating_add(rows);
        self.rows = self.rows.saturating_add(rows);
    }

    /// Leaves the `empty` rows before the row being ended out of the text, recording them
    /// for the grid and the skip report.
    fn leave_out(&mut self, empty: usize) {
        let before = self.left_out.last().map_or(0, |r| r.rows_before);
        self.left_out.push(RowsLeftOut {
            line: self.lines,
            rows_before: before.saturating_add(empty),
        });
        if self.reported.len() < RUNS_REPORTED {
            // Rows from 1: the run ends on the row before the one being ended.
            let last = self.rows;
            let first = last + 1 - empty;
            self.reported.push(SkippedPart {
                suffix: ROWS_SUFFIX.to_owned(),
                reason: SkipReason::Damaged(format!(
                    "{} skipped at rows {first}\u{2013}{last}",
                    counted(empty, "empty row", "empty rows")
                )),
            });
        } else {
            self.unreported.0 += 1;
            self.unreported.1 = self.unreported.1.saturating_add(empty);
        }
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

    fn finish(mut self) -> Result<Table, SkipReason> {
        if !self.row.is_empty() {
            self.end_row()?;
        }
        let (runs, rows) = self.unreported;
        if runs > 0 {
            self.reported.push(SkippedPart {
                suffix: ROWS_SUFFIX.to_owned(),
                reason: SkipReason::Damaged(format!(
                    "and {} of more than {MAX_EMPTY_RUN} empty rows ({} in all) skipped",
                    counted(runs, "more run", "more runs"),
                    counted(rows, "row", "rows")
                )),
            });
        }
        Ok(Table {
            text: self.text,
            marks: TextMarks {
                rows_left_out: self.left_out,
                ..Default::default()
            },
            skipped_parts: self.reported,
        })
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
/// document. A blank line is an empty row, as a spreadsheet opening the file shows it.
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
    let bytes = decoded.text.as_bytes();
    loop {
        let start = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // Blank lines are rows a spreadsheet shows, which the reader skips.
                table.skip_rows(blank_lines(bytes, start));
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
    let mut table = table.finish()?;
    table.skipped_parts.append(&mut skipped_parts);
    Ok(Extracted {
        text: table.text,
        encoding: decoded.encoding.to_owned(),
        style: ParagraphStyle::Lines,
        skipped_parts: table.skipped_parts,
        marks: table.marks,
        ..Default::default()
    })
}

/// The blank lines at `start` of a delimited text, where the reader took up again (it
/// skips them: a spreadsheet shows each as an empty row): its line breaks, "\r\n" one,
/// without the end of the record before when a "\r\n" was split between two reads.
fn blank_lines(text: &[u8], start: usize) -> usize {
    let mut i = start;
    if i > 0 && text.get(i - 1) == Some(&b'\r') && text.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut lines = 0;
    while let Some(&b) = text.get(i) {
        match b {
            b'\n' => i += 1,
            b'\r' if text.get(i + 1) == Some(&b'\n') => i += 2,
            b'\r' => i += 1,
            _ => break,
        }
        lines += 1;
    }
    lines
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
    fn blank_lines_are_empty_rows_as_a_spreadsheet_shows_them() {
        assert_eq!(csv("a,b\n\n\nc\n\n"), "a\tb\n\n\nc\n");
        assert_eq!(csv("a,b\r\n\r\nc\r\n"), "a\tb\n\nc\n");
        assert_eq!(csv("\"x\ny\"\n\nz\n"), "x y\n\nz\n");
        let mut text = String::from("a\n");
        text.push_str(&"\n".repeat(1_000_000));
        text.push_str("b\n");
        let e = extract_delimited(text.as_bytes(), Delimiter::Comma).expect("a table");
        assert_eq!(e.text, "a\nb\n");
        assert_eq!(e.marks.row_number(1), 1_000_002);
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
    fn a_long_run_of_empty_rows_is_left_out_and_said() {
        let mut text = String::from("head,er\nvalue,1\n");
        text.push_str(&",,\n".repeat(MAX_EMPTY_RUN + 1));
        text.push_str("after,2\n");
        text.push_str(&",\n".repeat(MAX_EMPTY_RUN));
        text.push_str("kept,3\n");
        let e = extract_delimited(text.as_bytes(), Delimiter::Comma).expect("a table");
        let mut expected = String::from("head\ter\nvalue\t1\nafter\t2\n");
        expected.push_str(&"\n".repeat(MAX_EMPTY_RUN));
        expected.push_str("kept\t3\n");
        assert_eq!(e.text, expected);
        assert_eq!(
            e.marks.rows_left_out,
            [RowsLeftOut {
                line: 2,
                rows_before: 101
            }]
        );
        let numbers: Vec<usize> = [0, 1, 2, 3, 103].map(|l| e.marks.row_number(l)).to_vec();
        assert_eq!(numbers, [1, 2, 104, 105, 205]);
        let said: Vec<String> = e
            .skipped_parts
            .iter()
            .map(|s| format!("{}: {}", s.suffix, s.reason))
            .collect();
        assert_eq!(said, ["#rows: 101 empty rows skipped at rows 3\u{2013}103"]);
    }

    #[test]
    fn runs_past_the_twentieth_are_said_in_one_line() {
        let mut text = String::from("a\n");
        for _ in 0..25 {
            text.push_str(&",\n".repeat(200));
            text.push_str("b\n");
        }
        let e = extract_delimited(text.as_bytes(), Delimiter::Comma).expect("a table");
        assert_eq!(e.text, format!("a\n{}", "b\n".repeat(25)));
        assert_eq!(e.marks.rows_left_out.len(), 25);
        assert_eq!(e.marks.row_number(25), 26 + 25 * 200);
        assert_eq!(e.skipped_parts.len(), RUNS_REPORTED + 1);
        assert_eq!(
            e.skipped_parts[RUNS_REPORTED].reason.to_string(),
            "and 5 more runs of more than 100 empty rows (1000 rows in all) skipped"
        );
    }

    #[test]
    fn a_million_empty_rows_make_no_text() {
        let mut text = String::from("head,er\nvalue,1\n");
        text.push_str(&",,,\n".repeat(1_000_000));
        assert_eq!(csv(&text), "head\ter\nvalue\t1\n");
    }
}

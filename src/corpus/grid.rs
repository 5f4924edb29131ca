//! A table's text seen as a grid: the readers of tables (`formats::table`) write one row
//! per line and a tab between cells, and no cell holds a tab or a line break, so the text
//! alone gives back the rows and cells, each cell a char range of the document. A
//! selection in the grid is such a range, like any selection in the text.
//!
//! A long run of empty rows the reader left out of the text is in the document's marks
//! ([`RowsLeftOut`]): the grid numbers the rows after it as the sheet does.

use std::ops::Range;

use crate::corpus::marks::{RowsLeftOut, TextMarks};
use crate::text::DocText;

/// Where the rows of a table's text start (built once per document: a scan for line
/// breaks and tabs), so that any row's cells are found without reading the rows above.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableGrid {
    /// The byte where each row starts.
    starts: Vec<usize>,
    /// The text's length in bytes.
    len: usize,
    /// The most cells a row has.
    columns: usize,
    /// The runs of empty rows left out of the text, for the rows' numbers.
    numbers: TextMarks,
}

/// A cell by its row and column, both from 0.
pub type CellAt = (usize, usize);

impl TableGrid {
    /// The grid of `text` (a final line break ends the last row; it starts none).
    pub fn of(text: &str) -> Self {
        let mut starts = vec![0];
        let mut columns = 0;
        let mut cells_in_row = 1;
        for (i, b) in text.bytes().enumerate() {
            match b {
                b'\n' => {
                    columns = columns.max(cells_in_row);
                    cells_in_row = 1;
                    starts.push(i + 1);
                }
                b'\t' => cells_in_row += 1,
                _ => {}
            }
        }
        if starts.last() == Some(&text.len()) && starts.len() > 1 {
            starts.pop();
        } else {
            columns = columns.max(cells_in_row);
        }
        if text.is_empty() {
            columns = 0;
        }
        Self {
            starts,
            len: text.len(),
            columns,
            numbers: TextMarks::default(),
        }
    }

    /// The grid of `text`, whose reader left the runs of empty rows `left_out` out of it
    /// (a document's `marks.rows_left_out`): its rows numbered as the sheet numbers them.
    pub fn numbered(text: &str, left_out: &[RowsLeftOut]) -> Self {
        let mut grid = Self::of(text);
        grid.numbers.rows_left_out = left_out.to_vec();
        grid
    }

    /// The number (from 1) the sheet gives row `row` (from 0) of the grid: its place, after
    /// the rows left out before it.
    pub fn row_number(&self, row: usize) -> usize {
        self.numbers.row_number(row)
    }

    /// How many rows the table has.
    pub fn rows(&self) -> usize {
        if self.len == 0 { 0 } else { self.starts.len() }
    }

    /// The most cells a row has.
    pub fn columns(&self) -> usize {
        self.columns
    }

    /// The bytes of row `row`, without its line break.
    pub fn row_bytes(&self, text: &str, row: usize) -> Range<usize> {
        let Some(&start) = self.starts.get(row) else {
            return self.len..self.len;
        };
        let mut end = self.starts.get(row + 1).map_or(self.len, |&next| next - 1);
        // The last row's line break, and a carriage return before any.
        for ending in [b'\n', b'\r'] {
            if end > start && text.as_bytes().get(end - 1) == Some(&ending) {
                end -= 1;
            }
        }
        start..end
    }

    /// The bytes of each cell of row `row`, in order.
    pub fn cells(&self, text: &str, row: usize) -> Vec<Range<usize>> {
        let bytes = self.row_bytes(text, row);
        let mut out = Vec::new();
        let mut start = bytes.start;
        for (i, b) in text.as_bytes()[bytes.clone()].iter().enumerate() {
            if *b == b'\t' {
                out.push(start..bytes.start + i);
                start = bytes.start + i + 1;
            }
        }
        out.push(start..bytes.end);
        out
    }

    /// The chars of cell `at`; for a cell beyond the row's last, the empty range at the
    /// row's end.
    pub fn cell_chars(&self, text: &DocText, at: CellAt) -> Range<usize> {
        let (row, column) = at;
        let cells = self.cells(text.as_str(), row);
        let bytes = cells.get(column).cloned().unwrap_or_else(|| {
            let end = self.row_bytes(text.as_str(), row).end;
            end..end
        });
        text.char_range(bytes).unwrap_or(0..0)
    }

    /// The chars from cell `a` to cell `b` (either order) in reading order: the range a
    /// selection from one cell to the other covers.
    pub fn span(&self, text: &DocText, a: CellAt, b: CellAt) -> Range<usize> {
        let (first, last) = if a <= b { (a, b) } else { (b, a) };
        let start = self.cell_chars(text, first).start;
        let end = self.cell_chars(text, last).end;
        start..end.max(start)
    }

    /// The row holding char `pos`.
    pub fn row_at(&self, text: &DocText, pos: usize) -> usize {
        let byte = text.byte_of_char(pos).unwrap_or(self.len);
        self.starts
            .partition_point(|&s| s <= byte)
            .saturating_sub(1)
    }
}

/// A spreadsheet's name for a column: "A" to "Z", then "AA", "AB"...
pub fn column_name(mut column: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ParagraphStyle;

    fn doc(text: &str) -> DocText {
        DocText::new(text.to_owned(), ParagraphStyle::Lines)
    }

    #[test]
    fn rows_and_cells_come_from_lines_and_tabs() {
        let text = "Name\tCity\nZoë\tKöln\textra\n\nlast\n";
        let grid = TableGrid::of(text);
        assert_eq!((grid.rows(), grid.columns()), (4, 3));
        let cell = |r, c| -> String {
            let d = doc(text);
            let range = grid.cell_chars(&d, (r, c));
            d.slice(range).unwrap_or("?").to_owned()
        };
        assert_eq!(cell(0, 1), "City");
        assert_eq!(cell(1, 0), "Zoë");
        assert_eq!(cell(1, 2), "extra");
        assert_eq!(cell(2, 0), "");
        assert_eq!(cell(3, 0), "last");
        assert_eq!(cell(3, 5), "");
        assert_eq!(grid.row_at(&doc(text), 11), 1);
    }

    #[test]
    fn a_span_of_cells_is_the_text_between_them() {
        let text = "a\tb\tc\nd\te\tf\n";
        let grid = TableGrid::of(text);
        let d = doc(text);
        let span = grid.span(&d, (1, 1), (0, 1));
        assert_eq!(d.slice(span), Some("b\tc\nd\te"));
    }

    #[test]
    fn no_final_line_break_and_empty_text() {
        assert_eq!(TableGrid::of("a\tb").rows(), 1);
        assert_eq!(TableGrid::of("a\tb").columns(), 2);
        assert_eq!(TableGrid::of("").rows(), 0);
    }

    #[test]
    fn rows_after_rows_left_out_keep_their_numbers() {
        let text = "head\nafter\nlast\n";
        let left_out = [RowsLeftOut {
            line: 1,
            rows_before: 1_000_000,
        }];
        let grid = TableGrid::numbered(text, &left_out);
        assert_eq!(grid.rows(), 3);
        let numbers: Vec<usize> = (0..3).map(|r| grid.row_number(r)).collect();
        assert_eq!(numbers, [1, 1_000_002, 1_000_003]);
        assert_eq!(TableGrid::of(text).row_number(2), 3);
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .iter()
            .map(|&c| column_name(c))
            .collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }
}

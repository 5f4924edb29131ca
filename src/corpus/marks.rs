//! What a reader knows about stretches of a document's text beyond the words: the lines
//! that quote an earlier message (an email's "> ..." lines and "On ... wrote:" blocks),
//! the names the file's structure gives (the people of an email's From, To and Cc), and
//! the runs of empty rows a table left out of its text.
//!
//! The first two are char ranges of the text, end-exclusive, sorted and disjoint. The
//! window dims the quoted ranges; entity recognition leaves out the mentions inside them (a
//! reply quoting a message would otherwise count its people again) and adds a person for
//! each named span (see `entities::Recognizer::recognize_document`). The rows left out let
//! the grid number a table's rows as the sheet does (see `corpus::grid`). Empty for every
//! format but email and tables.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// See the module doc.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextMarks {
    /// Char ranges that quote another text (sorted, disjoint).
    pub quoted: Vec<Range<usize>>,
    /// Spans of the text the file's structure says name a person (sorted, disjoint).
    pub people: Vec<NamedSpan>,
    /// The runs of empty rows a table's reader left out, in order (see [`RowsLeftOut`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows_left_out: Vec<RowsLeftOut>,
}

/// A run of empty rows a table's reader left out of the text (`formats::table`): the text's
/// line (from 0) that came after it, and how many rows were left out before that line in
/// all, this run and every earlier one, so that a line's row number is found without
/// adding the runs up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsLeftOut {
    /// The line of the text (a row of the grid, from 0) the run came before.
    pub line: usize,
    /// The rows left out before that line, this run's and the earlier runs' together.
    pub rows_before: usize,
}

/// A span of the text that names a person: "Jane Analyst" or "jane@example.org" in
/// "From: Jane Analyst <jane@example.org>", both named "Jane Analyst".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedSpan {
    /// The span, in chars.
    pub chars: Range<usize>,
    /// The person's name, as the header gives it (the address when it gives no name).
    pub name: String,
}

impl TextMarks {
    /// True when there is nothing marked.
    pub fn is_empty(&self) -> bool {
        self.quoted.is_empty() && self.people.is_empty() && self.rows_left_out.is_empty()
    }

    /// The row number (from 1, as the sheet numbers it) of the text's line `line` (from
    /// 0): the line's own number plus the rows left out before it.
    pub fn row_number(&self, line: usize) -> usize {
        let i = self.rows_left_out.partition_point(|r| r.line <= line);
        let before = i
            .checked_sub(1)
            .and_then(|i| self.rows_left_out.get(i))
            .map_or(0, |r| r.rows_before);
        line.saturating_add(before).saturating_add(1)
    }

    /// Whether the char range `span` lies wholly inside a quoted range.
    pub fn is_quoted(&self, span: Range<usize>) -> bool {
        let i = self.quoted.partition_point(|q| q.end < span.end);
        self.quoted
            .get(i)
            .is_some_and(|q| q.start <= span.start && span.end <= q.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_quoted_only_when_a_quoted_range_holds_all_of_it() {
        let marks = TextMarks {
            quoted: vec![5..10, 20..30],
            ..Default::default()
        };
        assert!(marks.is_quoted(5..10));
        assert!(marks.is_quoted(21..29));
        assert!(!marks.is_quoted(8..12));
        assert!(!marks.is_quoted(0..3));
        assert!(!marks.is_quoted(30..31));
        assert!(!TextMarks::default().is_quoted(0..1));
    }

    #[test]
    fn a_line_after_rows_left_out_keeps_the_sheet_row_number() {
        // Lines 0-1 are rows 1-2; 500 rows left out; line 2 is row 503; 1,000 more left
        // out before line 4, row 1,505.
        let marks = TextMarks {
            rows_left_out: vec![
                RowsLeftOut {
                    line: 2,
                    rows_before: 500,
                },
                RowsLeftOut {
                    line: 4,
                    rows_before: 1_500,
                },
            ],
            ..Default::default()
        };
        let numbers: Vec<usize> = (0..6).map(|l| marks.row_number(l)).collect();
        assert_eq!(numbers, [1, 2, 503, 504, 1_505, 1_506]);
        assert_eq!(TextMarks::default().row_number(7), 8);
    }
}

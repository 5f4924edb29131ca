//! A passage coded in a table (a CSV, a sheet of a workbook) as the reports show it: its
//! rows as rows of cells, under the table's own header row, rather than a quote of raw
//! tabs. The header row is the table's first line (what the readers of tables keep); a
//! passage that starts inside a row keeps its cells under their columns.

use crate::corpus::Document;
use crate::project::Anchor;

/// The cells of a coded passage, ready to be written as a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CodedCells {
    /// The table's header row, when the passage does not start on it.
    pub header: Option<Vec<String>>,
    /// The passage's rows, each as wide as the widest (and as the header).
    pub rows: Vec<Vec<String>>,
}

/// The cells of `anchor`'s quote in `document`, or `None` for a passage that is not in a
/// table or holds no more than one cell (a quote reads well as it is).
pub(crate) fn coded_cells(document: &Document, anchor: &Anchor) -> Option<CodedCells> {
    let quote = anchor.quote.trim_end_matches('\n');
    if !document.format.is_table() || !quote.contains(['\t', '\n']) {
        return None;
    }
    let text = document.text.as_str();
    let start = document.text.byte_of_char(anchor.start)?;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..start].matches('\t').count();
    let mut rows: Vec<Vec<String>> = quote
        .split('\n')
        .map(|line| line.split('\t').map(str::to_owned).collect())
        .collect();
    if let Some(first) = rows.first_mut() {
        first.splice(0..0, std::iter::repeat_n(String::new(), column));
    }
    let header = (line_start > 0)
        .then(|| text.lines().next())
        .flatten()
        .map(|line| line.split('\t').map(str::to_owned).collect::<Vec<_>>());
    let width = rows
        .iter()
        .chain(header.iter())
        .map(Vec::len)
        .max()
        .unwrap_or(0);
    for row in rows.iter_mut() {
        row.resize(width, String::new());
    }
    let header = header.map(|mut h| {
        h.resize(width, String::new());
        h
    });
    Some(CodedCells { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Format;

    fn sheet(text: &str) -> Document {
        let mut doc = Document::from_plain_text("figures.xlsx#Budget", text);
        doc.format = Format::Xlsx;
        doc
    }

    fn anchor(doc: &Document, quote: &str) -> Anchor {
        let start_byte = doc.text.as_str().find(quote).expect("quote in text");
        let start = doc.text.char_of_byte(start_byte).expect("char");
        Anchor::from_range(&doc.text, start, start + quote.chars().count()).expect("anchor")
    }

    #[test]
    fn coded_rows_read_as_cells_under_the_header_row() {
        let doc = sheet("Item\tAmount\tNote\nFuel\t1200.5\tdiesel\nFood\t300\n");
        let coded = coded_cells(&doc, &anchor(&doc, "1200.5\tdiesel\nFood\t300")).expect("cells");
        assert_eq!(
            coded.header,
            Some(vec!["Item".into(), "Amount".into(), "Note".into()])
        );
        let rows: Vec<Vec<&str>> = coded
            .rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            rows,
            [vec!["", "1200.5", "diesel"], vec!["Food", "300", ""]]
        );
    }

    #[test]
    fn one_cell_or_running_text_stays_a_quote() {
        let doc = sheet("Item\tAmount\nFuel\t1200.5\n");
        assert_eq!(coded_cells(&doc, &anchor(&doc, "Fuel")), None);
        let text = Document::from_plain_text("a.txt", "one\ttwo\n");
        assert_eq!(coded_cells(&text, &anchor(&text, "one\ttwo")), None);
    }
}

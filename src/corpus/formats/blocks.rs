//! Building text in [`ParagraphStyle::Blocks`](crate::text::ParagraphStyle::Blocks) form:
//! paragraphs separated by exactly one blank line, line breaks inside a paragraph as a single
//! `\n`, no blank or whitespace-only line inside a paragraph (which would split it), and no
//! leading or trailing whitespace on any line.
//!
//! Every converted format writes through this one builder, so the shape of the text (and
//! so the paragraphs the reader shows) does not depend on which format it came from.
//!
//! Tables ([`BlockText::push_table`]) are a paragraph of their own with one line per row
//! and a tab between cells, as a word processor copies a table as text. That is the one
//! place a line may start with whitespace: a row whose first cell is empty keeps its tab,
//! so that its cells stay in their columns.

/// Accumulates paragraphs; see the module doc for the shape of the result.
#[derive(Debug, Default)]
pub struct BlockText {
    text: String,
    /// Chars in `text`, kept up to date so that page starts cost nothing.
    chars: usize,
    para: String,
}

impl BlockText {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends inline text to the open paragraph. Newlines in `s` become line breaks; tabs
    /// and other whitespace are kept as they are, except at line ends, which are trimmed when
    /// the paragraph is closed.
    pub fn push_str(&mut self, s: &str) {
        self.para.push_str(s);
    }

    pub fn push_char(&mut self, c: char) {
        self.para.push(c);
    }

    /// A line break inside the open paragraph (ignored at its start).
    pub fn line_break(&mut self) {
        self.para.push('\n');
    }

    /// True when the open paragraph has no visible text yet.
    pub fn paragraph_is_empty(&self) -> bool {
        self.para.trim().is_empty()
    }

    /// The open paragraph's text so far (not yet cleaned).
    pub fn open_paragraph(&self) -> &str {
        &self.para
    }

    /// Closes the open paragraph: lines trimmed, empty lines dropped; an empty paragraph
    /// leaves no trace.
    pub fn end_paragraph(&mut self) {
        if self.para.trim().is_empty() {
            self.para.clear();
            return;
        }
        let para = std::mem::take(&mut self.para);
        let mut first_line = true;
        for line in para.split('\n') {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if first_line {
                if !self.text.is_empty() {
                    self.push_raw("\n\n");
                }
                first_line = false;
            } else {
                self.push_raw("\n");
            }
            self.push_raw(line);
        }
    }

    /// Closes the open paragraph and returns the text (ending in one `\n` unless empty).
    /// Appends notes (footnotes, endnotes) after the body, each as its own paragraph led by
    /// its marker: "[1] ...", "[2] ...", numbered in the order given. A note whose body is
    /// missing (`None`) keeps its number and is left out.
    pub fn push_notes<'a>(&mut self, notes: impl IntoIterator<Item = Option<&'a str>>) {
        for (n, note) in notes.into_iter().enumerate() {
            let Some(note) = note else {
                continue;
            };
            self.end_paragraph();
            self.push_str(&format!("[{}] ", n + 1));
            self.push_str(note);
        }
    }

    /// Writes a table as a paragraph of its own (see the module doc): each cell's text on
    /// one line (line breaks and runs of whitespace inside it become one space), cells
    /// joined by a tab, trailing empty cells dropped; a row without text leaves no line.
    pub fn push_table(&mut self, rows: &[Vec<String>]) {
        self.end_paragraph();
        let lines: Vec<String> = rows.iter().filter_map(|row| table_row(row)).collect();
        if lines.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.push_raw("\n\n");
        }
        self.push_raw(&lines.join("\n"));
    }

    pub fn finish(mut self) -> String {
        self.end_paragraph();
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text
    }

    fn push_raw(&mut self, s: &str) {
        self.chars += s.chars().count();
        self.text.push_str(s);
    }
}

/// One table row as a line: cells made single-line and joined by tabs; `None` when no cell
/// has text.
fn table_row(cells: &[String]) -> Option<String> {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let used = cells.iter().rposition(|c| !c.is_empty())? + 1;
    Some(cells[..used].join("\t"))
}

/// Re-shapes text that already uses blank lines between paragraphs (such as an HTML
/// formatter's output) into the exact block shape: lines trimmed, runs of blank lines
/// collapsed to one.
pub fn normalize_blocks(text: &str) -> String {
    let mut out = BlockText::new();
    for line in text.split('\n') {
        if line.trim().is_empty() {
            out.end_paragraph();
        } else {
            if !out.paragraph_is_empty() {
                out.line_break();
            }
            out.push_str(line);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        let mut b = BlockText::new();
        b.push_str("  First  ");
        b.end_paragraph();
        b.end_paragraph();
        b.push_str("   ");
        b.end_paragraph();
        b.push_str("Second");
        b.line_break();
        b.line_break();
        b.push_str(" line two ");
        assert_eq!(b.finish(), "First\n\nSecond\nline two\n");
    }

    #[test]
    fn tables_are_a_paragraph_with_a_line_per_row_and_tabs_between_cells() {
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        let mut b = BlockText::new();
        b.push_str("Before");
        b.push_table(&[
            row(&["Base", "Since"]),
            row(&["", "2015", ""]),
            row(&["  ", "\n"]),
            row(&["Hmeimim\nair base", "2015"]),
        ]);
        b.push_str("After");
        assert_eq!(
            b.finish(),
            "Before\n\nBase\tSince\n\t2015\nHmeimim air base\t2015\n\nAfter\n"
        );
        let mut empty = BlockText::new();
        empty.push_table(&[row(&["", " "])]);
        assert_eq!(empty.finish(), "");
    }

    #[test]
    fn normalize_collapses_blank_runs() {
        assert_eq!(
            normalize_blocks("\n\n a \n b\n\n\n\n  \nc  "),
            "a\nb\n\nc\n"
        );
        assert_eq!(normalize_blocks("  \n "), "");
    }
}

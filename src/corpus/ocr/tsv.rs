//! Tesseract's TSV output read into words with their boxes and confidences, and the words
//! of a page put together as text: paragraphs from Tesseract's block and paragraph numbers,
//! the lines of a paragraph joined by spaces (a scan's line ends are the printer's, not the
//! author's), each word's char range kept for the page view.
//!
//! Right-to-left text: Tesseract gives the words of an Arabic line in reading order
//! (logical order, the first word read is the rightmost), and the letters of each word in
//! logical order too (checked on the Arabic fixtures, `tests/ocr.rs`), so words are joined
//! in the order given, as for English.

use serde::{Deserialize, Serialize};

/// One word Tesseract read, in the pixels of the image it was given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OcrWord {
    /// Tesseract's block number on the page.
    pub block: u32,
    /// Paragraph number within the block.
    pub par: u32,
    /// Line number within the paragraph.
    pub line: u32,
    /// Left edge, pixels.
    pub left: u32,
    /// Top edge, pixels.
    pub top: u32,
    /// Width, pixels.
    pub width: u32,
    /// Height, pixels.
    pub height: u32,
    /// Tesseract's confidence, 0 to 100.
    pub conf: f32,
    /// The word.
    pub text: String,
}

/// The words of Tesseract's TSV output (`level` 5 rows with text), in the order given;
/// `Err` when the output is not Tesseract's TSV (a crashed or foreign program).
pub fn parse(tsv: &str) -> Result<Vec<OcrWord>, String> {
    let mut lines = tsv.lines();
    let header = lines.next().unwrap_or_default();
    if !header.starts_with("level\tpage_num\tblock_num") {
        return Err("tesseract gave no TSV output".to_owned());
    }
    let mut words = Vec::new();
    for row in lines {
        let cols: Vec<&str> = row.splitn(12, '\t').collect();
        if cols.len() < 12 || cols[0] != "5" {
            continue;
        }
        let text = cols[11].trim();
        if text.is_empty() {
            continue;
        }
        let num = |i: usize| cols[i].trim().parse::<u32>().unwrap_or(0);
        let conf = cols[10]
            .trim()
            .parse::<f32>()
            .unwrap_or(0.0)
            .clamp(0.0, 100.0);
        words.push(OcrWord {
            block: num(2),
            par: num(3),
            line: num(4),
            left: num(6),
            top: num(7),
            width: num(8),
            height: num(9),
            conf,
            text: text.to_owned(),
        });
    }
    Ok(words)
}

/// A page's words as text: `text` without a trailing newline, and for each word of
/// `words` its char range in it, in the same order.
pub fn page_text(words: &[OcrWord]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut chars = 0usize;
    let mut ranges = Vec::with_capacity(words.len());
    let mut previous: Option<&OcrWord> = None;
    for word in words {
        if let Some(p) = previous {
            let sep = if (p.block, p.par) != (word.block, word.par) {
                "\n\n"
            } else {
                " "
            };
            text.push_str(sep);
            chars += sep.len();
        }
        let len = word.text.chars().count();
        text.push_str(&word.text);
        ranges.push((chars, chars + len));
        chars += len;
        previous = Some(word);
    }
    (text, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t
2\t1\t1\t0\t0\t0\t300\t300\t900\t80\t-1\t
5\t1\t1\t1\t1\t1\t300\t300\t200\t40\t96.5\tThe
5\t1\t1\t1\t1\t2\t520\t300\t300\t40\t91.0\tminister
5\t1\t1\t1\t2\t1\t300\t350\t200\t40\t88.25\tresigned.
5\t1\t2\t1\t1\t1\t300\t500\t220\t40\t40\tنص
5\t1\t2\t1\t1\t2\t300\t500\t220\t40\t95\t 
";

    #[test]
    fn words_come_with_their_boxes_and_confidences() {
        let words = parse(TSV).expect("tsv");
        assert_eq!(words.len(), 4, "the blank word is dropped");
        assert_eq!(words[1].text, "minister");
        assert_eq!(
            (words[1].left, words[1].top, words[1].width, words[1].height),
            (520, 300, 300, 40)
        );
        assert!((words[2].conf - 88.25).abs() < 1e-4);
        assert_eq!(words[3].text, "نص");
    }

    #[test]
    fn output_that_is_not_tsv_is_refused() {
        assert!(parse("Segmentation fault\n").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn lines_of_a_paragraph_join_with_spaces_and_blocks_are_paragraphs() {
        let words = parse(TSV).expect("tsv");
        let (text, ranges) = page_text(&words);
        assert_eq!(text, "The minister resigned.\n\nنص");
        let slice = |(s, e): (usize, usize)| text.chars().skip(s).take(e - s).collect::<String>();
        assert_eq!(slice(ranges[1]), "minister");
        assert_eq!(slice(ranges[3]), "نص");
    }
}

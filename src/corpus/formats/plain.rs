//! Plain text: decoded as it is; each line is a paragraph.

use super::Extracted;
use crate::corpus::SkipReason;
use crate::corpus::decode::decode;
use crate::corpus::document::Metadata;
use crate::text::{ParagraphStyle, normalize_newlines};

/// A first line no longer than this, followed by more text, is taken as the headline.
const MAX_TITLE_CHARS: usize = 120;

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let decoded = decode(bytes)?;
    let text = normalize_newlines(decoded.text);
    let title = headline(&text);
    Ok(Extracted {
        text,
        title,
        meta: Metadata::default(),
        encoding: decoded.encoding.to_owned(),
        style: ParagraphStyle::Lines,
        pages: Vec::new(),
    })
}

/// News exports and reports usually start with their headline on a line of its own: a
/// short first line without a closing full stop, followed by more text.
fn headline(text: &str) -> Option<String> {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    lines.next()?;
    let short = first.chars().count() <= MAX_TITLE_CHARS;
    (short && !first.ends_with('.')).then(|| first.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_line_is_the_headline() {
        let e = extract(b"Kremlin talks\r\nPutin received al-Sharaa.\r\n").expect("text");
        assert_eq!(e.title.as_deref(), Some("Kremlin talks"));
        assert_eq!(e.text, "Kremlin talks\nPutin received al-Sharaa.\n");
    }

    #[test]
    fn a_sentence_is_not_a_headline() {
        let long = format!("{}.\nMore.", "word ".repeat(40));
        assert_eq!(extract(long.as_bytes()).expect("text").title, None);
        assert_eq!(extract(b"Only one line").expect("text").title, None);
    }
}

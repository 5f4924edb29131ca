//! Plain text: decoded as it is; each line is a paragraph.

use super::Extracted;
use crate::corpus::SkipReason;
use crate::corpus::decode::decode;
use crate::corpus::document::Metadata;
use crate::text::{ParagraphStyle, normalize_newlines};

/// A title line is no longer than this.
const MAX_TITLE_CHARS: usize = 120;

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let decoded = decode(bytes)?;
    let text = normalize_newlines(decoded.text);
    let title = title_line(&text);
    Ok(Extracted {
        text,
        title,
        meta: Metadata::default(),
        encoding: decoded.encoding.to_owned(),
        style: ParagraphStyle::Lines,
        pages: Vec::new(),
        ..Default::default()
    })
}

/// The file's title line, if it has one: its first non-blank line when that line reads as
/// a headline (short, with words, not ending like a sentence or a clause: `.`, `,`, `;`,
/// `:`, `…`; not a speaker's label such as "Interviewer: so tell me") and stands apart
/// from the text below it: a blank line follows it, or the next line is a paragraph of
/// body text (longer, and ending a sentence), as news exports put a headline above the
/// article. A file that opens straight into its first paragraph has no title line: its
/// first sentence is not a title, and the file name is a better one.
fn title_line(text: &str) -> Option<String> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?.trim();
    let next = lines.next()?.trim();
    let apart = if next.is_empty() {
        lines.any(|l| !l.trim().is_empty())
    } else {
        next.chars().count() > first.chars().count() && ends_sentence(next)
    };
    (apart && reads_as_headline(first)).then(|| first.to_owned())
}

fn reads_as_headline(line: &str) -> bool {
    let short = line.chars().count() <= MAX_TITLE_CHARS;
    let has_words = line.chars().filter(|c| c.is_alphabetic()).count() >= 2;
    let ends_like_a_clause = trim_closing(line).ends_with(['.', ',', ';', ':', '…']);
    short && has_words && !ends_like_a_clause && !is_speaker_label(line)
}

/// "Interviewer: so tell me", "Q: And then?": a transcript's turn, not a headline.
fn is_speaker_label(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(label, _)| !label.is_empty() && label.split_whitespace().count() <= 3)
}

fn ends_sentence(line: &str) -> bool {
    trim_closing(line).ends_with(['.', '!', '?', '…'])
}

fn trim_closing(line: &str) -> &str {
    line.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(text: &str) -> Option<String> {
        extract(text.as_bytes()).expect("text").title
    }

    #[test]
    fn a_headline_above_the_text_is_the_title() {
        let e = extract(b"Kremlin talks\r\n\r\nPutin received al-Sharaa.\r\n").expect("text");
        assert_eq!(e.title.as_deref(), Some("Kremlin talks"));
        assert_eq!(e.text, "Kremlin talks\n\nPutin received al-Sharaa.\n");
        assert_eq!(
            title("\n\nIs Assad finished?\n\nAnalysts disagree.\n").as_deref(),
            Some("Is Assad finished?")
        );
        // No blank line, but the article's first paragraph right below.
        assert_eq!(
            title("Kremlin talks\nPutin received al-Sharaa in Moscow.\n").as_deref(),
            Some("Kremlin talks")
        );
    }

    #[test]
    fn text_without_a_title_line_has_no_title() {
        // The first paragraph runs straight on (the seed article's shape).
        assert_eq!(
            title("Putin received al-Sharaa at the Kremlin.\nHistorical background\n"),
            None
        );
        // Two short lines: nothing says the first is a headline.
        assert_eq!(
            title("Putin received al-Sharaa\nHistorical background\n"),
            None
        );
        // A sentence, a clause, a label or a speaker's turn is not a title.
        assert_eq!(title("Putin received al-Sharaa.\n\nMore.\n"), None);
        assert_eq!(title("Dear colleagues,\n\nThe meeting moved.\n"), None);
        assert_eq!(title("Interviewer:\n\nSo tell me.\n"), None);
        assert_eq!(
            title("Interviewer: so tell me\nRespondent: it was a long time ago, in 2015.\n"),
            None
        );
        // Too long, alone, or no words.
        let long = format!("{}\n\nMore.", "word ".repeat(40));
        assert_eq!(title(&long), None);
        assert_eq!(title("Only one line"), None);
        assert_eq!(title("Only one line\n\n"), None);
        assert_eq!(title("----\n\nText.\n"), None);
    }
}

//! The lines of a message's text that quote an earlier message: "> ..." lines, the
//! "On <date>, <name> wrote:" line that introduces them (also wrapped over two lines), and
//! everything below an Outlook "-----Original Message-----" line.

use std::ops::Range;

/// The char ranges of `text` that quote another message, sorted and disjoint; each covers
/// whole lines (without the final line break).
pub fn quoted_ranges(text: &str) -> Vec<Range<usize>> {
    let lines = lines_with_chars(text);
    let mut quoted = vec![false; lines.len()];
    for (i, (line, _)) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('>') {
            quoted[i] = true;
        } else if is_original_message_line(trimmed) {
            quoted[i..].iter_mut().for_each(|q| *q = true);
            break;
        } else if introduces_quote(&lines, i) {
            quoted[i] = true;
            // "On Mon, 4 Mar 2024 at 10:00, Jane Analyst\n<jane@example.org> wrote:"
            if !line.trim_start().starts_with("On ")
                && let Some(prev) = i.checked_sub(1)
                && lines[prev].0.trim_start().starts_with("On ")
            {
                quoted[prev] = true;
            }
        }
    }
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for ((line, start), q) in lines.iter().zip(&quoted) {
        if !q {
            continue;
        }
        let range = *start..start + line.chars().count();
        match ranges.last_mut() {
            // Consecutive quoted lines are one range, the line breaks between them too.
            Some(last) if last.end + 1 == range.start => last.end = range.end,
            _ => ranges.push(range),
        }
    }
    ranges
}

/// Each line of `text` with the char offset it starts at.
fn lines_with_chars(text: &str) -> Vec<(&str, usize)> {
    let mut out = Vec::new();
    let mut chars = 0;
    for line in text.split('\n') {
        out.push((line, chars));
        chars += line.chars().count() + 1;
    }
    out
}

/// "On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:" followed by quoted lines
/// (or nothing but blank lines before them).
fn introduces_quote(lines: &[(&str, usize)], i: usize) -> bool {
    let line = lines[i].0.trim();
    let wrote = line.ends_with("wrote:") || line.ends_with("writes:");
    let starts = line.starts_with("On ")
        || i.checked_sub(1)
            .is_some_and(|p| lines[p].0.trim_start().starts_with("On "));
    wrote
        && starts
        && lines[i + 1..]
            .iter()
            .find(|(l, _)| !l.trim().is_empty())
            .is_some_and(|(l, _)| l.trim_start().starts_with('>'))
}

fn is_original_message_line(line: &str) -> bool {
    let line = line.trim_end();
    line.starts_with("-----Original Message-----")
        || line.starts_with("-----Ursprüngliche Nachricht-----")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted_text(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        quoted_ranges(text)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn quoted_lines_and_their_introduction_are_marked() {
        let text = "Thanks, see below.\n\nOn Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> The budget is 3 million.\n>> Older.\n\nBest,\nBob";
        assert_eq!(
            quoted_text(text),
            [
                "On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> The budget is 3 million.\n>> Older."
            ]
        );
    }

    #[test]
    fn a_wrapped_introduction_and_an_outlook_original_are_marked() {
        let text =
            "Yes.\nOn Mon, 4 Mar 2024 at 10:00, Jane Analyst\n<jane@example.org> wrote:\n> No.\n";
        assert_eq!(
            quoted_text(text),
            ["On Mon, 4 Mar 2024 at 10:00, Jane Analyst\n<jane@example.org> wrote:\n> No."]
        );
        let text = "Fine.\n-----Original Message-----\nFrom: Jane\nHello";
        assert_eq!(
            quoted_text(text),
            ["-----Original Message-----\nFrom: Jane\nHello"]
        );
    }

    #[test]
    fn a_line_saying_wrote_without_a_quote_is_not_marked() {
        assert!(quoted_ranges("On Monday she wrote:\nthe plan is ready.").is_empty());
        assert!(quoted_ranges("No quotes here.\n").is_empty());
    }
}

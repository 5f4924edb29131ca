//! The lines of a message's text that quote an earlier message: "> ..." lines, the
//! "On <date>, <name> wrote:" line that introduces them (also wrapped over two lines, and in
//! the languages mail programs write it in), everything below such a line that names the
//! writer's address or the time when no "> " follows, and everything below an Outlook
//! "-----Original Message-----" line.

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
        } else if let Some(quote) = introduces_quote(&lines, i) {
            quoted[i] = true;
            // "On Mon, 4 Mar 2024 at 10:00, Jane Analyst\n<jane@example.org> wrote:"
            if !starts_attribution(line)
                && let Some(prev) = i.checked_sub(1)
                && starts_attribution(lines[prev].0)
            {
                quoted[prev] = true;
            }
            if quote == Quote::Below {
                quoted[i..].iter_mut().for_each(|q| *q = true);
                break;
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

/// What an attribution line introduces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Quote {
    /// The "> " lines that follow it.
    Lines,
    /// Everything below it: a client that quotes without "> " (as Outlook's "Original
    /// Message" does).
    Below,
}

/// The words mail programs end an attribution line with, in the languages they are set
/// to ("On ..., Jane wrote:", "Le ..., Jane a écrit :"; German below).
const WROTE: [&str; 8] = [
    "wrote:",
    "writes:",
    "a écrit :",
    "a écrit:",
    "escribió:",
    "ha scritto:",
    "написал:",
    "написала:",
];

/// How attribution lines start in those languages.
const ON: [&str; 5] = ["On ", "Le ", "Am ", "El ", "Il "];

fn starts_attribution(line: &str) -> bool {
    let line = line.trim_start();
    ON.iter().any(|on| line.starts_with(on))
}

/// "On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:" (its start may be on the
/// line before) followed by quoted lines (or nothing but blank lines before them); or, when
/// the line names the writer's address or the time as a mail program writes it, followed
/// by lines without "> ": the original message, quoted to the end. A sentence of the
/// message's own ("On Monday she wrote:") is neither.
fn introduces_quote(lines: &[(&str, usize)], i: usize) -> Option<Quote> {
    let line = lines[i].0.trim();
    // German names the writer after the verb: "Am ... schrieb Jane <jane@example.org>:".
    let wrote = WROTE.iter().any(|w| line.ends_with(w))
        || (line.contains(" schrieb ") && line.ends_with(':'));
    let prev = i
        .checked_sub(1)
        .map(|p| lines[p].0)
        .filter(|l| starts_attribution(l));
    if !wrote || !(starts_attribution(line) || prev.is_some()) {
        return None;
    }
    let next = lines[i + 1..].iter().find(|(l, _)| !l.trim().is_empty())?;
    if next.0.trim_start().starts_with('>') {
        return Some(Quote::Lines);
    }
    let attribution = format!("{} {line}", prev.unwrap_or(""));
    names_a_message(&attribution).then_some(Quote::Below)
}

/// The attribution names a message as a mail program does: the writer's address in angle
/// brackets, or a time of day (`9:00`) with a year.
fn names_a_message(attribution: &str) -> bool {
    let address = attribution
        .split('<')
        .skip(1)
        .any(|rest| rest.split('>').next().is_some_and(|a| a.contains('@')));
    let bytes = attribution.as_bytes();
    let time = bytes.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    });
    let year = attribution
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    address || (time && year)
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
    fn an_original_quoted_without_marks_below_a_mail_programs_attribution_is_marked() {
        let text = "Agreed, let us meet in Ankara.\n\nOn Mon, Mar 6, 2023 at 9:00 AM Omar Haddad <omar@example.net>\nwrote:\nPutin met Erdogan in Sochi.\nThe convoy reached Kilis.";
        assert_eq!(
            quoted_text(text),
            [
                "On Mon, Mar 6, 2023 at 9:00 AM Omar Haddad <omar@example.net>\nwrote:\nPutin met Erdogan in Sochi.\nThe convoy reached Kilis."
            ]
        );
        let text = "D'accord.\nLe lun. 6 mars 2023 à 09:00, Omar Haddad <omar@example.net> a écrit :\n> Macron a appelé.";
        assert_eq!(
            quoted_text(text),
            [
                "Le lun. 6 mars 2023 à 09:00, Omar Haddad <omar@example.net> a écrit :\n> Macron a appelé."
            ]
        );
        let text = "Ja.\nAm 06.03.2023 um 09:00 schrieb Omar Haddad <omar@example.net>:\nDer Konvoi ist da.";
        assert_eq!(
            quoted_text(text),
            ["Am 06.03.2023 um 09:00 schrieb Omar Haddad <omar@example.net>:\nDer Konvoi ist da."]
        );
    }

    #[test]
    fn a_line_saying_wrote_without_a_quote_is_not_marked() {
        assert!(quoted_ranges("On Monday she wrote:\nthe plan is ready in 2023.").is_empty());
        assert!(quoted_ranges("On Monday she wrote:\nthe plan is ready.").is_empty());
        assert!(quoted_ranges("No quotes here.\n").is_empty());
    }
}

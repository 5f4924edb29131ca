//! The sentence around a position: Unicode sentence boundaries (UAX #29) over the lines
//! that a single line break joins. UAX #29 ends a sentence at every line break; in
//! hard-wrapped prose ("...fled to Moscow, ending⏎the Assad family's rule...") a single
//! line break is only a space, so lines are joined first, the break read as a space (one
//! char for one char: offsets do not move).

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::{DocText, abbreviations};

/// At most this many lines (or paragraphs) are joined around a position: a document of
/// single lines with no blank line between them stays cheap to cut.
const MAX_JOINED: usize = 16;

/// A line at least this long, not ending a sentence, was most likely wrapped by its writer;
/// a shorter one before a capitalised line is a heading, a list item or an address line.
const WRAPPED_LINE_CHARS: usize = 40;

/// The chars of the sentence holding chars `span`, cut to `max_chars` around the span when
/// longer (a table or a one-line document has no sentence boundaries to speak of). The
/// span itself when it lies in no paragraph.
pub fn sentence_around(text: &DocText, span: Range<usize>, max_chars: usize) -> Range<usize> {
    let Some(here) = text.paragraph_at(span.start) else {
        return span;
    };
    let paragraphs = text.paragraphs();
    let joined = |a: usize, b: usize| {
        let (pa, pb) = (&paragraphs[a], &paragraphs[b]);
        let gap = pb.char_start.saturating_sub(pa.char_start + pa.char_len);
        // A paragraph cut for length continues without a gap; lines with one line break.
        let between = &text.as_str()[pa.bytes.end..pb.bytes.start];
        gap == 0
            || (between == "\n"
                && line_joins(last_line(&text.as_str()[pa.bytes.clone()]), {
                    first_line(&text.as_str()[pb.bytes.clone()])
                }))
    };
    let mut first = here;
    while first > 0 && here - first < MAX_JOINED && joined(first - 1, first) {
        first -= 1;
    }
    let mut last = here;
    while last + 1 < paragraphs.len() && last - here < MAX_JOINED && joined(last, last + 1) {
        last += 1;
    }
    let stretch = paragraphs[first].char_start..paragraphs[last].chars().end;
    let Some(body) = text.slice(stretch.clone()) else {
        return span;
    };
    let flat = joined_lines(body);
    let mut start = stretch.start;
    let mut found = stretch.clone();
    for sentence in sentences(&flat) {
        let len = sentence.chars().count();
        if span.start < start + len {
            found = start..(start + len).max(span.end.min(stretch.end));
            break;
        }
        start += len;
    }
    // The sentence without the whitespace (a joined line break) around it.
    if let Some(s) = text.slice(found.clone()) {
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        let trail = s.chars().rev().take_while(|c| c.is_whitespace()).count();
        if lead + trail < found.len() {
            found = (found.start + lead).min(span.start)..(found.end - trail).max(span.end);
        }
    }
    if found.len() > max_chars {
        let half = max_chars / 2;
        let from = span.start.saturating_sub(half).max(found.start);
        found = from..(from + max_chars).min(found.end).max(span.end);
    }
    found
}

/// The sentences of `flat`: Unicode's sentence boundaries, less those after an
/// abbreviation or an initial ("Lt. Gen. Stephen Townsend", "approx. 40", "(p. 14)"),
/// which UAX #29 cuts at before a capital or a digit.
fn sentences(flat: &str) -> impl Iterator<Item = &str> {
    let mut bounds = flat.split_sentence_bound_indices();
    std::iter::from_fn(move || {
        let (start, first) = bounds.next()?;
        let mut end = start + first.len();
        while abbreviations::ends_with_abbreviation(&flat[start..end]) {
            let Some((_, next)) = bounds.next() else {
                break;
            };
            end += next.len();
        }
        Some(&flat[start..end])
    })
}

/// `body` with every line break that joins its lines (see [`line_joins`]) read as a space.
fn joined_lines(body: &str) -> String {
    let lines: Vec<&str> = body.split('\n').collect();
    let mut out = String::with_capacity(body.len());
    for (i, line) in lines.iter().enumerate() {
        out.push_str(line);
        if let Some(next) = lines.get(i + 1) {
            out.push(if line_joins(line, next) { ' ' } else { '\n' });
        }
    }
    out
}

/// True when a single line break between `before` and `after` is a space inside a
/// sentence: the next line goes on in lower case, or the line before is long (wrapped by
/// its writer) and not much shorter than the next; never before a heading, a list item, a
/// quote or a table row (Markdown's, or a row of cells between tabs), nor after a heading,
/// a table row or a colon.
fn line_joins(before: &str, after: &str) -> bool {
    // A table's text is a row per line, its cells between tabs: each row stands alone.
    if before.contains('\t') || after.contains('\t') {
        return false;
    }
    let (before, after) = (before.trim(), after.trim());
    if before.is_empty() || after.is_empty() || before.ends_with(':') {
        return false;
    }
    if before.starts_with(['#', '|']) || starts_block(after) {
        return false;
    }
    let lower = after
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit());
    // A wrapped line is about as long as the line after it (or longer: the last line of a
    // paragraph); a heading is much shorter than the paragraph it heads. A line of any
    // length that stops mid-clause (after a comma or a word no sentence or heading ends
    // with: "Kabul fell to the Taliban in") goes on below: a narrow column's lines do.
    let (len, next) = (before.chars().count(), after.chars().count());
    lower || stops_mid_clause(before) || (len >= WRAPPED_LINE_CHARS && len * 10 >= next * 6)
}

/// Words a sentence or a heading does not end with: articles, prepositions, conjunctions,
/// possessives and auxiliaries (lower case).
const MID_CLAUSE_WORDS: [&str; 46] = [
    "a", "an", "the", "of", "in", "on", "at", "to", "by", "for", "from", "with", "into", "onto",
    "than", "as", "and", "or", "but", "nor", "that", "which", "who", "whose", "whom", "its",
    "their", "his", "her", "our", "my", "your", "this", "these", "those", "between", "after",
    "before", "since", "until", "while", "is", "are", "was", "were", "been",
];

/// The line stops where no sentence or heading does: after a comma or a semicolon, or on
/// one of [`MID_CLAUSE_WORDS`] written in lower case.
fn stops_mid_clause(line: &str) -> bool {
    if line.ends_with([',', ';']) {
        return true;
    }
    let last = line.rsplit(char::is_whitespace).next().unwrap_or("");
    // "The Case Against" may head a section; "the case against" continues.
    line.contains(char::is_whitespace) && MID_CLAUSE_WORDS.contains(&last)
}

/// A line that starts a block of its own: a heading, a quote, a table row, a fence, a list
/// item or a horizontal rule.
fn starts_block(line: &str) -> bool {
    if line.starts_with(['#', '>', '|', '<']) || line.starts_with("```") || line.starts_with("~~~")
    {
        return true;
    }
    let mut chars = line.chars();
    let first = chars.next();
    if matches!(first, Some('-' | '*' | '+' | '•' | '–')) && chars.next().is_none_or(|c| c == ' ')
    {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && {
        let rest = &line[digits..];
        (rest.starts_with(". ") || rest.starts_with(") ")) && digits <= 3
    }
}

fn last_line(s: &str) -> &str {
    s.rsplit('\n').next().unwrap_or(s)
}

fn first_line(s: &str) -> &str {
    s.split('\n').next().unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ParagraphStyle;

    fn sentence(text: &str, style: ParagraphStyle, word: &str) -> String {
        let doc = DocText::new(text.to_owned(), style);
        let at = text.find(word).expect("word in text");
        let start = text[..at].chars().count();
        let end = start + word.chars().count();
        let range = sentence_around(&doc, start..end, 600);
        doc.slice(range).expect("in the text").to_owned()
    }

    #[test]
    fn a_full_stop_after_a_title_a_short_form_or_an_initial_is_not_a_sentence_end() {
        let text = "Summary.\n\nLt. Gen. Stephen J. Townsend said the embassy closed on \
                    15 August 2021. The attack on St. Catherine's church on 2 April 2018 killed \
                    Rev. John Smith. According to the report (p. 14), Aleppo fell in December \
                    2016. The strike killed approx. 40 people on 3 March 2017.\n";
        let s = |word| sentence(text, ParagraphStyle::Blocks, word);
        assert_eq!(
            s("15 August"),
            "Lt. Gen. Stephen J. Townsend said the embassy closed on 15 August 2021."
        );
        assert_eq!(
            s("2 April"),
            "The attack on St. Catherine's church on 2 April 2018 killed Rev. John Smith."
        );
        assert_eq!(
            s("December"),
            "According to the report (p. 14), Aleppo fell in December 2016."
        );
        assert_eq!(
            s("3 March"),
            "The strike killed approx. 40 people on 3 March 2017."
        );
        // A sentence that ends on a word is still cut there.
        assert_eq!(s("Summary"), "Summary.");
    }

    #[test]
    fn a_single_line_break_inside_a_sentence_is_not_its_end() {
        let memo = "Summary.\n\nOn 8 December 2024 Bashar al-Assad fled to Moscow, ending\n\
                    the Assad family's rule over Syria. Russia granted him asylum.\n";
        for style in [ParagraphStyle::Blocks, ParagraphStyle::Lines] {
            assert_eq!(
                sentence(memo, style, "December 2024"),
                "On 8 December 2024 Bashar al-Assad fled to Moscow, ending\n\
                 the Assad family's rule over Syria.",
                "{style:?}"
            );
            assert_eq!(
                sentence(memo, style, "family"),
                "On 8 December 2024 Bashar al-Assad fled to Moscow, ending\n\
                 the Assad family's rule over Syria.",
                "{style:?}"
            );
        }
    }

    #[test]
    fn a_narrow_columns_lines_are_one_sentence() {
        let column = "Column\n\nKabul fell to the Taliban\non 15 August 2021, after\n\
                      the president fled to the\nUnited Arab Emirates on\nthe same day, \
                      officials said.\n";
        assert_eq!(
            sentence(column, ParagraphStyle::Lines, "15 August"),
            "Kabul fell to the Taliban\non 15 August 2021, after\nthe president fled to the\n\
             United Arab Emirates on\nthe same day, officials said."
        );
    }

    #[test]
    fn headings_list_items_and_blank_lines_still_end_a_sentence() {
        let text = "Background\nThe city fell in 2014.\n- Mosul in June\n- Raqqa later\n\n\
                    Aleppo held out\nuntil 2016.";
        let lines = ParagraphStyle::Lines;
        assert_eq!(
            sentence(text, lines, "city"),
            "The city fell in 2014.",
            "a short capitalised line before is a heading"
        );
        assert_eq!(sentence(text, lines, "Mosul"), "- Mosul in June");
        assert_eq!(
            sentence(text, lines, "2016"),
            "Aleppo held out\nuntil 2016.",
            "a line going on in lower case joins"
        );
        assert_eq!(
            sentence(text, ParagraphStyle::Blocks, "Raqqa"),
            "- Raqqa later"
        );
    }

    #[test]
    fn every_row_of_a_table_is_a_sentence_of_its_own() {
        let table = "date\tevent\n2014-06-10\tMosul fell to ISIL in the offensive of the north\n\
                     10 June 2015\tramadi fell\nsummary row without cells, going on in lower\n\
                     12 June 2015\tPalmyra quiet";
        for style in [ParagraphStyle::Blocks, ParagraphStyle::Lines] {
            assert_eq!(
                sentence(table, style, "Mosul"),
                "2014-06-10\tMosul fell to ISIL in the offensive of the north",
                "{style:?}"
            );
            assert_eq!(
                sentence(table, style, "10 June 2015"),
                "10 June 2015\tramadi fell",
                "{style:?}"
            );
            assert_eq!(
                sentence(table, style, "12 June"),
                "12 June 2015\tPalmyra quiet",
                "{style:?}"
            );
        }
        // Hard-wrapped prose still joins.
        assert!(line_joins("the fall of the city was", "10 days later"));
    }

    #[test]
    fn line_breaks_join_by_the_shape_of_the_lines() {
        assert!(line_joins(
            "fled to Moscow, ending",
            "the Assad family's rule"
        ));
        assert!(line_joins(
            "Opposition forces entered the capital of Syria on",
            "Sunday and the government fell."
        ));
        assert!(!line_joins("Background", "The city fell."));
        assert!(
            !line_joins(
                "Historical background and context of the meeting",
                &format!(
                    "This meeting comes in the wake of a shift in Damascus. {}",
                    "More. ".repeat(20)
                )
            ),
            "a heading over a paragraph written as one line"
        );
        assert!(!line_joins("Sequence:", "the offensive began."));
        // A short line that stops mid-clause goes on: a narrow column, a hard wrap.
        assert!(line_joins(
            "Kabul fell to the Taliban in",
            "August 2020, the post claims."
        ));
        assert!(line_joins(
            "the president fled to the",
            "United Arab Emirates on"
        ));
        assert!(line_joins(
            "Talks ended without a deal,",
            "Reuters reported."
        ));
        assert!(!line_joins("Report B", "Kabul fell to the Taliban in"));
        assert!(!line_joins(
            "The Case Against",
            "Nobody disputes the figures."
        ));
        assert!(!line_joins(
            "A long line of prose that goes on and on",
            "- an item"
        ));
        assert!(!line_joins(
            "# A heading that is rather long, with words",
            "text"
        ));
        assert!(!line_joins(
            "A long line of prose that goes on and on",
            "12. twelve"
        ));
    }
}

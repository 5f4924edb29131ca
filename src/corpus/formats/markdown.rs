//! Markdown: optional YAML front matter (title, date, source, author, licence, url), then
//! the body, which is the document's text. Blank lines separate paragraphs.
//!
//! The body is kept as written (no rendering), so that offsets into it are offsets into the
//! file after the front matter, and survive edits to the front matter.

use saphyr::{LoadableYamlNode, Scalar, Yaml};

use super::Extracted;
use crate::corpus::SkipReason;
use crate::corpus::decode::decode;
use crate::corpus::document::Metadata;
use crate::text::{ParagraphStyle, normalize_newlines};

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let decoded = decode(bytes)?;
    let text = normalize_newlines(decoded.text);
    let front = split_front_matter(&text);
    let (meta, body) = match front {
        Some((yaml, body)) => match parse_front_matter(yaml) {
            Some(meta) => (meta, body.to_owned()),
            // Unparseable front matter stays in the text: nothing the author wrote is hidden.
            None => (Metadata::default(), text.clone()),
        },
        None => (Metadata::default(), text.clone()),
    };
    // The heading is looked for after the front matter block even when that block could
    // not be parsed (its closing `---` would otherwise read as a Setext underline).
    let after_front = front.map_or(body.as_str(), |(_, rest)| rest);
    let title = meta.title.clone().or_else(|| first_heading(after_front));
    Ok(Extracted {
        text: body,
        title,
        meta,
        encoding: decoded.encoding.to_owned(),
        style: ParagraphStyle::Blocks,
        pages: Vec::new(),
        ..Default::default()
    })
}

/// `body` with its soft line breaks (CommonMark: a line break inside a paragraph, shown
/// as a space) made spaces, one char for one char so that offsets do not move. Line breaks
/// that CommonMark keeps stay: around headings, fences and code, lists, quotes, tables,
/// rules and HTML, and hard breaks (two spaces or a backslash at the end of the line).
pub fn soft_breaks_as_spaces(body: String) -> String {
    let mut soft: Vec<usize> = Vec::new();
    let mut in_fence = false;
    let mut offset = 0;
    let mut lines = body.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let here = offset;
        offset += line.len();
        let text = line.strip_suffix('\n').unwrap_or(line);
        if is_fence(text) {
            in_fence = !in_fence;
            continue;
        }
        let Some(next) = lines.peek() else { break };
        if in_fence || !line.ends_with('\n') {
            continue;
        }
        let next = next.strip_suffix('\n').unwrap_or(next);
        let hard = text.ends_with("  ") || text.ends_with('\\');
        if !hard && is_paragraph_line(text) && continues_paragraph(next) {
            soft.push(here + text.len());
        }
    }
    if soft.is_empty() {
        return body;
    }
    // Each position holds a one-byte '\n', made a one-byte ' ': offsets stay.
    let mut out = String::with_capacity(body.len());
    let mut from = 0;
    for at in soft {
        out.push_str(&body[from..at]);
        out.push(' ');
        from = at + 1;
    }
    out.push_str(&body[from..]);
    out
}

/// A line opening or closing a fenced code block.
fn is_fence(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"))
}

/// A line of a paragraph (or of a list item or quote, which a paragraph line may continue
/// lazily): not blank, not a heading, table row, HTML block, rule or indented code.
fn is_paragraph_line(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    !t.trim().is_empty()
        && line.len() - t.len() <= 3
        && !t.starts_with(['#', '|', '<'])
        && !is_rule_or_underline(t)
}

/// A line that continues the paragraph before it: not blank and not the start of another
/// block.
fn continues_paragraph(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    if t.trim().is_empty() || t.starts_with(['#', '>', '|', '<']) || is_fence(line) {
        return false;
    }
    if is_rule_or_underline(t) {
        return false;
    }
    let mut chars = t.chars();
    let bullet = matches!(chars.next(), Some('-' | '*' | '+')) && chars.next() == Some(' ');
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let numbered = (1..=9).contains(&digits)
        && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "));
    !bullet && !numbered
}

/// `---`, `***`, `___` (spaces allowed) or a Setext underline (`===`, `---`).
fn is_rule_or_underline(t: &str) -> bool {
    let t = t.trim();
    let marks: Vec<char> = t.chars().filter(|c| *c != ' ').collect();
    !marks.is_empty()
        && (marks.iter().all(|&c| c == '=')
            || (marks.iter().all(|&c| c == marks[0])
                && matches!(marks[0], '-' | '*' | '_')
                && (marks.len() >= 3 || !t.contains(' '))))
}

/// Splits `---\n<yaml>\n---\n<body>` (the closing line may also be `...`).
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix("---\n")?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Some((yaml, body.strip_prefix('\n').unwrap_or(body)));
        }
        offset += line.len();
    }
    None
}

/// Real front matter is a few flat lines of `key: value`.
const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
const MAX_FRONT_MATTER_NESTING: usize = 128;

fn parse_front_matter(yaml: &str) -> Option<Metadata> {
    // The YAML parser nests block values without limit, and dropping a value nested tens
    // of thousands deep ("- - - - ...") overflows the stack, which no guard can catch:
    // such front matter is not read.
    let nesting = |line: &str| {
        line.len()
            - line
                .trim_start_matches([' ', '\t', '-', '?', ':', '[', '{'])
                .len()
    };
    if yaml.len() > MAX_FRONT_MATTER_BYTES
        || yaml.lines().any(|l| nesting(l) > MAX_FRONT_MATTER_NESTING)
    {
        return None;
    }
    let docs = Yaml::load_from_str(yaml).ok()?;
    let mut meta = Metadata::default();
    let Some(doc) = docs.first() else {
        return Some(meta); // empty front matter
    };
    let Yaml::Mapping(map) = doc else {
        return None;
    };
    for (key, value) in map {
        if let (Some(key), Some(value)) = (scalar_text(key), value_text(value)) {
            meta.set(&key, value);
        }
    }
    Some(meta)
}

fn scalar_text(node: &Yaml) -> Option<String> {
    match node {
        Yaml::Value(scalar) => Some(match scalar {
            Scalar::Null => return None,
            Scalar::Boolean(b) => b.to_string(),
            Scalar::Integer(i) => i.to_string(),
            Scalar::FloatingPoint(f) => f.to_string(),
            Scalar::String(s) => s.to_string(),
        }),
        Yaml::Representation(raw, _, _) => Some(raw.to_string()),
        Yaml::Tagged(_, inner) => scalar_text(inner),
        _ => None,
    }
}

/// Scalars as text; a list of scalars (several authors) joined by ", ".
fn value_text(node: &Yaml) -> Option<String> {
    match node {
        Yaml::Sequence(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        other => scalar_text(other),
    }
}

/// The first ATX heading (`# Title`) or Setext heading (`Title` over `===`).
fn first_heading(body: &str) -> Option<String> {
    let mut previous: Option<&str> = None;
    for line in body.lines() {
        let trimmed = line.trim();
        if let Some(rest) = trimmed.strip_prefix('#') {
            let title = rest
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            if !title.is_empty() && (rest.starts_with([' ', '#']) || rest.is_empty()) {
                return Some(title.to_owned());
            }
        }
        if let Some(prev) = previous
            && !prev.is_empty()
            && trimmed.len() >= 2
            && (trimmed.chars().all(|c| c == '=') || trimmed.chars().all(|c| c == '-'))
        {
            return Some(prev.to_owned());
        }
        previous = Some(trimmed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_metadata_and_is_not_text() {
        let md = "---\ntitle: \"Jordan: CENTCOM\"\ndate: 2016-05-01\nsource: CENTCOM\nauthor: [A. One, B. Two]\nlicence: Public domain\nurl: https://example.org/a\nregion: Levant\n---\n\nBody text.\n";
        let e = extract(md.as_bytes()).expect("markdown");
        assert_eq!(e.text, "Body text.\n");
        assert_eq!(e.title.as_deref(), Some("Jordan: CENTCOM"));
        assert_eq!(e.meta.date.as_deref(), Some("2016-05-01"));
        assert_eq!(e.meta.author.as_deref(), Some("A. One, B. Two"));
        assert_eq!(e.meta.licence.as_deref(), Some("Public domain"));
        assert_eq!(e.meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            e.meta.extra.get("region").map(String::as_str),
            Some("Levant")
        );
    }

    #[test]
    fn absurdly_nested_front_matter_is_left_in_the_text() {
        let md = format!("---\n{}x\n---\n# Title\n\nBody.\n", "- ".repeat(50_000));
        let e = extract(md.as_bytes()).expect("markdown");
        assert!(e.text.starts_with("---\n- - "), "kept as text");
        assert_eq!(e.title.as_deref(), Some("Title"));
    }

    #[test]
    fn heading_is_the_title_without_front_matter() {
        let e = extract(b"Intro line\n\n## Raqqa offensive ##\n\ntext").expect("markdown");
        assert_eq!(e.title.as_deref(), Some("Raqqa offensive"));
        let e = extract(b"Setext title\n============\n\ntext").expect("markdown");
        assert_eq!(e.title.as_deref(), Some("Setext title"));
        let e = extract(b"#hashtag is not a heading\n").expect("markdown");
        assert_eq!(e.title, None);
    }

    #[test]
    fn broken_front_matter_stays_in_the_text() {
        let md = "---\ntitle: [unclosed\n---\nBody";
        let e = extract(md.as_bytes()).expect("markdown");
        assert_eq!(e.text, md);
        assert_eq!(e.title, None);
    }

    #[test]
    fn soft_line_breaks_read_as_spaces_and_offsets_stay() {
        let md = "# Memo\nSummary. Bashar al-Assad fled to Moscow, ending\nthe Assad family's \
                  rule.\nHard break  \nkept.\n\n- one\n- two\nlazy\n\n```\ncode\nlines\n```\n\n\
                  Title\n=====\n| a |\n| b |\n";
        let read = soft_breaks_as_spaces(md.to_owned());
        assert_eq!(read.len(), md.len(), "one byte for one byte");
        assert_eq!(
            read,
            "# Memo\nSummary. Bashar al-Assad fled to Moscow, ending the Assad family's \
             rule. Hard break  \nkept.\n\n- one\n- two lazy\n\n```\ncode\nlines\n```\n\n\
             Title\n=====\n| a |\n| b |\n"
        );
    }
}

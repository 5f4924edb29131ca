//! A PDF's title: from its metadata when that is a real title, else the largest text on
//! its first page.
//!
//! Metadata titles are often junk: left empty or "Untitled", set to the file name by the
//! program that made the PDF ("Microsoft Word - report.docx"), or to whatever the first
//! line of the source document was (a date line such as "Date:25-09-2019"). [`clean`]
//! turns those away (stripping the "Microsoft Word - " prefix first, so that a real title
//! behind it survives). The document information dictionary's `/Title` is read first,
//! then the XMP packet's `dc:title` (PDF 2.0 keeps the title there only).
//!
//! The largest text on page 1 is found before running headers are dropped, so that a title
//! which the following pages repeat in small type as their header stays on page 1.

use lopdf::{Document as PdfDocument, Object};

use super::collect::Line;
use super::layout::SIZE_CHANGE;

/// Titles longer than this (in chars) are not titles but paragraphs.
const MAX_TITLE_CHARS: usize = 200;
/// XMP packets larger than this (as stored, and once decompressed) are not read.
const MAX_XMP_BYTES: usize = 1024 * 1024;
/// A compressed XMP packet is decompressed only if it is stored in at most this many bytes
/// (deflate expands a thousandfold at most: a hostile packet stays far from exhausting
/// memory; real ones take a few kilobytes).
const MAX_COMPRESSED_XMP_BYTES: usize = 64 * 1024;
/// The namespace of Dublin Core elements (`dc:title`).
const DUBLIN_CORE: &str = "http://purl.org/dc/elements/1.1/";

/// The title of the document's metadata, if it has a real one.
pub fn from_metadata(doc: &PdfDocument) -> Option<String> {
    info_title(doc)
        .and_then(|t| clean(&t))
        .or_else(|| xmp_title(doc).and_then(|t| clean(&t)))
}

/// The title on page 1 and the indices of the lines it is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTitle {
    pub text: String,
    pub lines: Vec<usize>,
}

/// The largest text on the first page, if it is clearly larger than the body text
/// (`body_size`) and reads as a title: the topmost line in the largest size and the lines
/// right below it in the same size (a title set on two or three lines).
pub fn largest_on_first_page(pages: &[Vec<Line>], body_size: f64) -> Option<PageTitle> {
    let lines = pages.first()?;
    let candidate = |line: &Line| {
        line.size > body_size * SIZE_CHANGE
            && line.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && clean(&line.text).is_some()
    };
    let largest = lines
        .iter()
        .filter(|l| candidate(l))
        .map(|l| l.size)
        .fold(f64::NEG_INFINITY, f64::max);
    if !largest.is_finite() {
        return None;
    }
    let in_title_size = |line: &Line| candidate(line) && line.size >= largest / 1.05;
    let mut by_height: Vec<usize> = (0..lines.len()).collect();
    by_height.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    let first = by_height.iter().position(|&i| in_title_size(&lines[i]))?;
    let mut picked = vec![by_height[first]];
    let mut last_y = lines[by_height[first]].y;
    for &next in &by_height[first + 1..] {
        if !in_title_size(&lines[next]) || lines[next].y - last_y > 2.0 * largest {
            break;
        }
        picked.push(next);
        last_y = lines[next].y;
    }
    let text = picked
        .iter()
        .flat_map(|&i| lines[i].text.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() > MAX_TITLE_CHARS {
        return None;
    }
    let text = clean(&text)?;
    picked.sort_unstable();
    Some(PageTitle {
        text,
        lines: picked,
    })
}

/// `raw` as a title, or `None` when it is not one (see the module doc): whitespace
/// collapsed, an "application - " prefix stripped; empty, placeholder, file-name, date
/// and number-only titles refused.
pub fn clean(raw: &str) -> Option<String> {
    let flat = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = strip_application_prefix(&flat).trim();
    let letters = title.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2
        || title.chars().count() > MAX_TITLE_CHARS
        || is_placeholder(title)
        || looks_like_file_name(title)
        || is_date_line(title)
    {
        return None;
    }
    Some(title.to_owned())
}

/// "Microsoft Word - Annual report" gives "Annual report".
fn strip_application_prefix(title: &str) -> &str {
    for prefix in [
        "microsoft word - ",
        "microsoft powerpoint - ",
        "microsoft excel - ",
    ] {
        if title.len() > prefix.len()
            && title.is_char_boundary(prefix.len())
            && title[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return &title[prefix.len()..];
        }
    }
    title
}

/// "Untitled", "Document1", "Title", "Presentation 2"...: what programs put there by
/// default.
fn is_placeholder(title: &str) -> bool {
    let word: String = title
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
    [
        "untitled",
        "untitleddocument",
        "title",
        "notitle",
        "document",
        "newdocument",
        "presentation",
        "slide",
        "book",
        "blank",
        "none",
        "unknown",
    ]
    .contains(&word)
}

/// A file name or path: "report.docx", "draft_v2.indd", "C:\Reports\q3".
fn looks_like_file_name(title: &str) -> bool {
    let lower = title.to_ascii_lowercase();
    if [
        ".doc", ".docx", ".pdf", ".odt", ".rtf", ".txt", ".indd", ".tex", ".dvi", ".ps", ".html",
        ".htm", ".pptx", ".ppt", ".xlsx", ".md",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
    {
        return true;
    }
    let one_word = !title.contains(' ');
    let extension = title.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (2..=4).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && ext.chars().any(|c| c.is_ascii_alphabetic())
    });
    (one_word && (extension || title.contains(['/', '\\']))) || title.contains(":\\")
}

/// A date, or a date under a label: "Date:25-09-2019", "25 September 2019", "Updated:
/// 2019/09/25", "September 2019".
fn is_date_line(title: &str) -> bool {
    let value = match title.split_once(':') {
        Some((label, value))
            if label.split_whitespace().count() <= 3
                && label.chars().all(|c| c.is_alphabetic() || c == ' ') =>
        {
            value
        }
        _ => title,
    };
    let mut digits = false;
    for word in value.split(|c: char| c.is_whitespace() || "-./,".contains(c)) {
        if word.is_empty() {
            continue;
        }
        let number = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &word[number.len()..];
        if !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str())
        {
            digits = true;
        } else if !is_month(word) {
            return false;
        }
    }
    digits
}

fn is_month(word: &str) -> bool {
    crate::text::calendar::month_by_prefix(&word.to_lowercase()).is_some()
}

/// `/Title` of the document information dictionary, as text.
fn info_title(doc: &PdfDocument) -> Option<String> {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok())?;
    info.get(b"Title")
        .ok()
        .and_then(|o| lopdf::decode_text_string(o).ok())
}

/// `dc:title` of the XMP packet the catalog points to (its default language, else the
/// first it gives).
fn xmp_title(doc: &PdfDocument) -> Option<String> {
    let id = doc
        .catalog()
        .ok()?
        .get(b"Metadata")
        .ok()?
        .as_reference()
        .ok()?;
    let Ok(Object::Stream(stream)) = doc.get_object(id) else {
        return None;
    };
    let compressed = stream.dict.has(b"Filter");
    let stored_limit = if compressed {
        MAX_COMPRESSED_XMP_BYTES
    } else {
        MAX_XMP_BYTES
    };
    if stream.content.len() > stored_limit {
        return None;
    }
    let bytes = stream.decompressed_content().ok()?;
    if bytes.len() > MAX_XMP_BYTES {
        return None;
    }
    title_in_xmp(std::str::from_utf8(&bytes).ok()?)
}

fn title_in_xmp(xml: &str) -> Option<String> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options).ok()?;
    let title = doc
        .descendants()
        .find(|n| n.has_tag_name((DUBLIN_CORE, "title")))?;
    let items: Vec<roxmltree::Node> = title
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "li")
        .collect();
    let text_of = |node: roxmltree::Node| -> String {
        node.descendants()
            .filter(|d| d.is_text())
            .filter_map(|d| d.text())
            .collect()
    };
    let chosen = items
        .iter()
        .find(|li| {
            li.attribute(("http://www.w3.org/XML/1998/namespace", "lang")) == Some("x-default")
        })
        .or(items.first())
        .map(|li| text_of(*li))
        .unwrap_or_else(|| text_of(title));
    let chosen = chosen.trim();
    (!chosen.is_empty()).then(|| chosen.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64, size: f64) -> Line {
        Line {
            text: text.to_owned(),
            x0: 72.0,
            x1: 500.0,
            y,
            size,
            words: Vec::new(),
            chars: text.chars().count(),
        }
    }

    #[test]
    fn junk_titles_are_refused_and_real_ones_cleaned() {
        for junk in [
            "",
            "   ",
            "Untitled",
            "untitled-1",
            "Document1",
            "Microsoft Word - REFI-QDA-1.5.docx",
            "draft3.docx",
            "report_final.indd",
            "C:\\Reports\\q3",
            "Date:25-09-2019",
            "Date: 25 September 2019",
            "25.09.2019",
            "September 2019",
            "2019",
            "1984",
            "- 3 -",
        ] {
            assert_eq!(clean(junk), None, "{junk:?}");
        }
        assert_eq!(
            clean("Microsoft Word - Annual   report 2019").as_deref(),
            Some("Annual report 2019")
        );
        for real in [
            "Syria: the road to Raqqa",
            "Shared MIME-info Database",
            "REFI-QDA Project Exchange Standard",
            "Version 2.0 of the plan",
            "March on Damascus",
            "The 3rd report",
        ] {
            assert_eq!(clean(real).as_deref(), Some(real));
        }
    }

    #[test]
    fn the_largest_text_on_page_one_is_the_title_even_when_set_on_two_lines() {
        let page = vec![
            line("Date:25-09-2019", 40.0, 8.0),
            line("REFI-QDA", 80.0, 20.0),
            line("Project Exchange Standard", 104.0, 20.0),
            line("Version 1.5", 130.0, 12.0),
            line(
                "The standard describes how projects move between tools.",
                160.0,
                10.0,
            ),
            line(
                "It defines a zip of an XML document and its sources.",
                172.0,
                10.0,
            ),
        ];
        let title = largest_on_first_page(&[page], 10.0).expect("title");
        assert_eq!(title.text, "REFI-QDA Project Exchange Standard");
        assert_eq!(title.lines, vec![1, 2]);
        // Nothing clearly larger than the body: no title.
        let flat = vec![
            line("Minutes", 40.0, 10.5),
            line("The meeting opened.", 60.0, 10.0),
        ];
        assert_eq!(largest_on_first_page(&[flat], 10.0), None);
    }

    #[test]
    fn xmp_titles_are_read_in_their_default_language() {
        let xmp = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt>
<rdf:li xml:lang="de">Gemeinsame MIME-Datenbank</rdf:li>
<rdf:li xml:lang="x-default">Shared MIME-info Database</rdf:li>
</rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#;
        assert_eq!(
            title_in_xmp(xmp).as_deref(),
            Some("Shared MIME-info Database")
        );
        assert_eq!(title_in_xmp("<x/>"), None);
        assert_eq!(title_in_xmp("not xml"), None);
    }
}

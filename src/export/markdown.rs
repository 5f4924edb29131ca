//! The Markdown report (see [`super::report`] for its sections).
//!
//! Everything that comes from the user or the documents is escaped, so that a quote
//! containing `*`, `<b>` or a line starting with `#` or `=` prints as written instead of
//! turning into emphasis, HTML or a heading. Quotes are block quotes; notes keep their
//! line breaks. A document's title links to the web page it came from (only `http` and
//! `https` addresses, written as `<...>` link destinations with `<`, `>`, `\` and spaces
//! percent-encoded).

use std::fmt::Write;

use super::Context;
use super::report::{self, SectionKind};
use super::table_quote::{CodedCells, coded_cells};

pub(super) fn render(context: &Context) -> String {
    let mut out = String::new();
    // Says who wrote the file, so that the corpus loader never reads it as a document.
    let _ = writeln!(out, "{}", crate::corpus::own_export::MARKDOWN_MARKER);
    let _ = writeln!(out, "# {}\n", inline(&context.project.name));
    let _ = writeln!(out, "{}\n", report::summary(context));
    for section in report::sections(context) {
        let level = "#".repeat((section.depth() + 2).min(6));
        let _ = writeln!(out, "{level} {}\n", inline(&section.title()));
        match &section.kind {
            SectionKind::Tag { tag, depth, path } => {
                if *depth > 0 {
                    let _ = writeln!(out, "*{}*\n", inline(path));
                }
                if !tag.description.trim().is_empty() {
                    let _ = writeln!(out, "{}\n", lines(&tag.description));
                }
            }
            SectionKind::Untagged => {}
            SectionKind::Orphaned => {
                out.push_str(
                    "These passages were not found in the current text of their documents; \
                     they keep their quote, tags and note.\n\n",
                );
            }
        }
        if section.items.is_empty() {
            out.push_str("No annotations.\n\n");
        }
        for item in &section.items {
            let cells = item
                .place
                .and_then(|p| coded_cells(p.document, &item.annotation.anchor));
            match cells {
                Some(cells) => cell_table(&mut out, &cells),
                None => quote_lines(&mut out, &item.annotation.anchor.quote),
            }
            if let Some(region) = super::report::region_words(item) {
                if item.annotation.anchor.quote.trim().is_empty() {
                    let _ = writeln!(out, "> *Region of the page, no words:* {}", inline(&region));
                } else {
                    let _ = writeln!(out, ">\n> *Region of the page:* {}", inline(&region));
                }
            }
            out.push('\n');
            if let Some(current) = item.current_quote() {
                let _ = writeln!(
                    out,
                    "*Wording changed since coding; the document now reads:* “{}”\n",
                    inline(&current.split_whitespace().collect::<Vec<_>>().join(" "))
                );
            }
            let link = item.place.and_then(|p| p.document.meta.link());
            let _ = write!(
                out,
                "**{}** — {}",
                linked(item.title, link),
                inline(&report::location(item))
            );
            if !item.tags.is_empty() {
                let tags: Vec<String> = item
                    .tags
                    .iter()
                    .map(|&t| inline(&context.tag_path(t)))
                    .collect();
                let _ = write!(out, "  \nTags: {}", tags.join("; "));
            }
            if !item.annotation.note.trim().is_empty() {
                let _ = write!(out, "  \nNote: {}", lines(&item.annotation.note));
            }
            out.push_str("\n\n");
        }
    }
    let sources = report::sources(context);
    if !sources.is_empty() {
        out.push_str("## Sources\n\n");
    }
    for source in sources {
        let _ = write!(out, "**{}**", linked(source.title, source.link));
        if !source.byline.is_empty() {
            let _ = write!(out, "  \n{}", inline(&source.byline));
        }
        let _ = writeln!(out, "  \n{}\n", inline(source.path));
    }
    out
}

/// A title, escaped, as a link to `link` when there is one.
fn linked(title: &str, link: Option<&str>) -> String {
    match link {
        Some(url) => format!("[{}](<{}>)", inline(title), link_destination(url)),
        None => inline(title),
    }
}

/// A web address made safe inside `<...>` (CommonMark's pointy-bracket link destination).
fn link_destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A quote as a block quote, line by line.
fn quote_lines(out: &mut String, quote: &str) {
    for line in quote.lines() {
        let line = inline(line.trim_start());
        if line.is_empty() {
            out.push_str(">\n");
        } else {
            let _ = writeln!(out, "> {line}");
        }
    }
}

/// A passage coded in a table as a table in the block quote: the table's header row (or
/// the passage's first row), then the passage's rows.
fn cell_table(out: &mut String, cells: &CodedCells) {
    let row = |cells: &[String]| -> String {
        let inner: Vec<String> = cells.iter().map(|c| inline(c)).collect();
        format!("> | {} |", inner.join(" | "))
    };
    let mut rows = cells.rows.iter();
    let header = match &cells.header {
        Some(header) => header,
        None => match rows.next() {
            Some(first) => first,
            None => return,
        },
    };
    let _ = writeln!(out, "{}", row(header));
    let _ = writeln!(out, "> |{}", " --- |".repeat(header.len()));
    for r in rows {
        let _ = writeln!(out, "{}", row(r));
    }
}

/// Text made safe for one line of Markdown: every character that could start markup is
/// backslash-escaped (CommonMark allows escaping any ASCII punctuation), and so is a
/// character that would open a block at the start of a line (`-`, `+`, `=`, `1.`).
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // True while every char so far is a digit: "12." would open an ordered list.
    let mut leading_digits = true;
    for (i, c) in text.chars().enumerate() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' => true,
            '-' | '+' | '=' => i == 0,
            '.' | ')' => i > 0 && leading_digits,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        leading_digits = leading_digits && c.is_ascii_digit();
    }
    out
}

/// Multi-line text as Markdown lines joined by hard breaks, each line escaped.
fn lines(text: &str) -> String {
    text.trim()
        .lines()
        .map(|l| inline(l.trim_start()))
        .collect::<Vec<_>>()
        .join("  \n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;
    use crate::export::{ExportFormat, render as render_export};

    fn report() -> String {
        let f = fixture::fixture();
        let bytes = render_export(ExportFormat::Markdown, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn escaping_neutralises_markup() {
        assert_eq!(inline("a *b* <i>"), r"a \*b\* \<i\>");
        assert_eq!(inline("# not a heading"), r"\# not a heading");
        assert_eq!(inline("= 1+1"), r"\= 1+1");
        assert_eq!(inline("- item"), r"\- item");
        assert_eq!(inline("12. item"), r"12\. item");
        assert_eq!(inline("a - b 3. c"), "a - b 3. c");
        assert_eq!(inline("[x](http://y)"), r"\[x\](http://y)");
    }

    #[test]
    fn the_report_is_grouped_by_tag_in_codebook_order() {
        let md = report();
        let heading = |h: &str| {
            md.find(h)
                .unwrap_or_else(|| panic!("{h:?} missing in\n{md}"))
        };
        let order = [
            "# Syria bases\n",
            "## Actors\n",
            "## Odd \\<b\\>\"tag\"\\</b\\> \\& co\n",
            "## Russia\n",
            "### Bases\n",
            "#### Air\n",
            "### Diplomacy\n",
            "## Untagged\n",
            "## Orphaned\n",
        ];
        let positions: Vec<usize> = order.iter().map(|h| heading(h)).collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{positions:?}\n{md}"
        );
    }

    #[test]
    fn items_carry_quote_reference_tags_and_note() {
        let md = report();
        assert!(
            md.contains(
                "> military bases in Hmeimim and Tartus\n\n\
             **Ţarţūs harbour** — syria/bases.txt, ¶ 2  \n\
             Tags: Russia / Bases  \n\
             Note: Key claim; \"since 2015\" per the source.  \n\
             Check against the 2017 treaty.\n"
            ),
            "{md}"
        );
        // The quote's markup is escaped; the note's HTML too.
        assert!(
            md.contains(r#"> \<script\>alert("x")\</script\> \& then"#),
            "{md}"
        );
        assert!(
            md.contains(r"Note: Follow up, \<b\>not\</b\> bold."),
            "{md}"
        );
        assert!(md.contains("> \\= 1+1 starts"), "{md}");
        assert!(
            md.contains("gone.txt (passage not found in the current text)"),
            "{md}"
        );
        assert!(!md.contains("chars "), "no char offsets for people: {md}");
    }

    #[test]
    fn documents_link_to_their_source_and_say_once_who_published_them_and_when() {
        let md = report();
        let link = "[Escapes \\& co](<https://www.bbc.co.uk/news/articles/c4g0000(1)>)";
        assert!(
            md.contains(&format!("**{link}** — tricky \\<one\\>.md, ¶ 2")),
            "{md}"
        );
        let sources = &md[md.find("## Sources\n").expect("sources section")..];
        assert!(
            sources.contains(&format!(
                "**{link}**  \nBBC News · 8 December 2024  \ntricky \\<one\\>.md\n"
            )),
            "{sources}"
        );
        // A document without metadata: its title and path; a document gone from the
        // corpus is not a source.
        assert!(
            sources.contains("**Ţarţūs harbour**  \nsyria/bases.txt\n"),
            "{sources}"
        );
        assert!(!sources.contains("gone.txt"), "{sources}");
        assert_eq!(
            link_destination("https://x.org/a b<c>\\"),
            "https://x.org/a%20b%3Cc%3E%5C"
        );
    }

    #[test]
    fn a_passage_coded_in_a_table_is_a_table_under_the_header_row() {
        let cells = CodedCells {
            header: Some(vec!["Item".into(), "Amount|€".into()]),
            rows: vec![vec!["Fuel".into(), "-1200.5".into()]],
        };
        let mut out = String::new();
        cell_table(&mut out, &cells);
        assert_eq!(
            out,
            "> | Item | Amount\\|€ |\n> | --- | --- |\n> | Fuel | \\-1200.5 |\n"
        );
    }

    #[test]
    fn a_region_says_its_page_and_box() {
        let f = crate::export::fixture::with_regions();
        let text = render_export(ExportFormat::Markdown, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let text = String::from_utf8(text).expect("UTF-8");
        assert!(
            text.contains("> *Region of the page, no words:* page 1, 120×90 at 20,30\n"),
            "{text}"
        );
        assert!(
            text.contains("scans/photo.png, p. 1, region on page 1, 120×90 at 20,30"),
            "{text}"
        );
    }
}

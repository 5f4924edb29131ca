//! The HTML report (see [`super::report`] for its sections).
//!
//! One self-contained file: inline CSS, no script, no external resource (fonts, images,
//! style sheets), so that it opens the same offline, in an archive, or attached to an
//! email. The only way out is a document's title, which links to the web page the
//! document came from (an `http` or `https` address from its front matter; printed after
//! the title on paper). Printable: a print style sheet drops the contents list's page,
//! keeps each annotation on one page and prints the tag colours. A passage is cited by
//! paragraph ("¶ 12"), its char offsets in the tooltip. Everything that comes from the
//! user or the documents is escaped ([`escape`]); the only values put in attributes
//! unescaped are colours, which are `#rrggbb` by construction.

use std::fmt::Write;

use super::Context;
use super::report::{self, SectionKind};
use super::table_quote::{CodedCells, coded_cells};

const STYLE: &str = r#"
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9de; --paper: #ffffff; }
* { box-sizing: border-box; }
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: var(--ink);
  background: var(--paper); max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4, h5, h6, nav, .ref, .tags, .summary, .path
  { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
h1 { font-size: 1.9rem; margin-bottom: 0.2rem; }
.summary, .path, .description, .empty, .explain { color: var(--muted); }
nav ul { list-style: none; padding-left: 0; }
nav li { margin: 0.15rem 0; }
nav a { color: inherit; text-decoration: none; }
nav a:hover { text-decoration: underline; }
.count { color: var(--muted); font-weight: normal; font-size: 0.85em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 0.2em;
  margin-right: 0.45em; vertical-align: baseline; }
section { margin-top: 2rem; }
article { border-top: 1px solid var(--rule); padding: 0.8rem 0; }
img.region { display: block; max-width: 100%; height: auto; border: 1px solid #bdbdbd; }
blockquote { margin: 0 0 0.5rem 0; padding: 0.1rem 0 0.1rem 0.9rem; border-left: 4px solid #9e9e9e;
  white-space: pre-wrap; }
table.cells { border-collapse: collapse; white-space: normal; font-size: 0.92rem; }
table.cells th, table.cells td { border: 1px solid var(--rule); padding: 0.15rem 0.45rem;
  text-align: left; vertical-align: top; }
table.cells th { font-weight: 600; }
.ref, .tags { font-size: 0.88rem; margin: 0.2rem 0; }
.ref cite { font-style: normal; font-weight: 600; }
cite a { color: inherit; }
.sources p { margin: 0.6rem 0; }
.byline { color: var(--muted); }
.tag { display: inline-block; border: 1px solid var(--rule); border-radius: 0.6em;
  padding: 0 0.5em; margin: 0 0.25em 0.2em 0; }
.note { white-space: pre-wrap; background: #f6f6f8; border-radius: 0.3rem; padding: 0.4rem 0.7rem;
  margin-top: 0.4rem; }
@page { margin: 2cm; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  nav { break-after: page; }
  h2, h3, h4, h5, h6 { break-after: avoid; }
  article { break-inside: avoid; }
  .note { background: none; border-left: 2px solid #bbb; border-radius: 0; }
  .swatch, blockquote { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  cite a[href]::after { content: " <" attr(href) ">"; font-weight: normal; font-size: 0.85em; }
}
"#;

pub(super) fn render(context: &Context) -> String {
    let sections = report::sections(context);
    let name = escape(&context.project.name);
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         {}{}\">\n\
         <title>{name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        // Says who wrote the file, so that the corpus loader never reads it as a document.
        crate::corpus::own_export::HTML_GENERATOR,
        env!("CARGO_PKG_VERSION")
    );
    let _ = write!(
        out,
        "<header>\n<h1>{name}</h1>\n<p class=\"summary\">{}</p>\n</header>\n",
        escape(&report::summary(context))
    );

    out.push_str("<nav>\n<h2>Contents</h2>\n<ul>\n");
    for section in &sections {
        let _ = writeln!(
            out,
            "<li style=\"margin-left: {}em\"><a href=\"#{}\">{}{}</a> \
             <span class=\"count\">({})</span></li>",
            section.depth() * 2,
            section.anchor(),
            swatch(section),
            escape(&section.title()),
            section.items.len()
        );
    }
    out.push_str("</ul>\n</nav>\n<main>\n");

    for section in &sections {
        let level = (section.depth() + 2).min(6);
        let _ = write!(
            out,
            "<section id=\"{}\">\n<h{level}>{}{} <span class=\"count\">({})</span></h{level}>\n",
            section.anchor(),
            swatch(section),
            escape(&section.title()),
            section.items.len()
        );
        let border = match &section.kind {
            SectionKind::Tag {
                tag, depth, path, ..
            } => {
                if *depth > 0 {
                    let _ = writeln!(out, "<p class=\"path\">{}</p>", escape(path));
                }
                if !tag.description.trim().is_empty() {
                    let _ = writeln!(
                        out,
                        "<p class=\"description\">{}</p>",
                        escape(tag.description.trim())
                    );
                }
                tag.colour.to_string()
            }
            SectionKind::Untagged => "#9e9e9e".to_owned(),
            SectionKind::Orphaned => {
                out.push_str(
                    "<p class=\"explain\">These passages were not found in the current text of \
                     their documents; they keep their quote, tags and note.</p>\n",
                );
                "#9e9e9e".to_owned()
            }
        };
        if section.items.is_empty() {
            out.push_str("<p class=\"empty\">No annotations.</p>\n");
        }
        for item in &section.items {
            let a = item.annotation;
            let link = item.place.and_then(|p| p.document.meta.link());
            let tooltip = report::offsets(item)
                .map(|o| format!(" title=\"{}\"", escape(&o)))
                .unwrap_or_default();
            let mut quote = match item.place.and_then(|p| coded_cells(p.document, &a.anchor)) {
                Some(cells) => cell_table(&cells),
                None => escape(&a.anchor.quote),
            };
            quote.push_str(&region_picture(context, item));
            let _ = write!(
                out,
                "<article id=\"{}-{}\">\n<blockquote style=\"border-left-color: {border}\">{}</blockquote>\n\
                 <p class=\"ref\"><cite>{}</cite> · <span class=\"where\"{tooltip}>{}</span></p>\n",
                section.anchor(),
                a.id,
                quote,
                linked(item.title, link),
                escape(&report::location(item)),
            );
            if let Some(current) = item.current_quote() {
                let _ = writeln!(
                    out,
                    "<p class=\"changed\">Wording changed since coding; the document now reads: \
                     <q>{}</q></p>",
                    escape(current)
                );
            }
            if !item.tags.is_empty() {
                out.push_str("<p class=\"tags\">");
                for &t in &item.tags {
                    let colour = context
                        .project
                        .tags
                        .get(&t)
                        .map(|tag| tag.colour.to_string())
                        .unwrap_or_default();
                    let _ = write!(
                        out,
                        "<span class=\"tag\"><span class=\"swatch\" style=\"background: {colour}\"></span>{}</span>",
                        escape(&context.tag_path(t))
                    );
                }
                out.push_str("</p>\n");
            }
            if !a.note.trim().is_empty() {
                let _ = writeln!(out, "<div class=\"note\">{}</div>", escape(a.note.trim()));
            }
            out.push_str("</article>\n");
        }
        out.push_str("</section>\n");
    }
    let sources = report::sources(context);
    if !sources.is_empty() {
        out.push_str("<section id=\"sources\" class=\"sources\">\n<h2>Sources</h2>\n");
        for source in &sources {
            let _ = write!(out, "<p><cite>{}</cite>", linked(source.title, source.link));
            if !source.byline.is_empty() {
                let _ = write!(
                    out,
                    "<br><span class=\"byline\">{}</span>",
                    escape(&source.byline)
                );
            }
            let _ = writeln!(
                out,
                "<br><span class=\"path\">{}</span></p>",
                escape(source.path)
            );
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// A title, escaped, as a link to `link` when there is one (an `http` or `https`
/// address, escaped as an attribute value).
fn linked(title: &str, link: Option<&str>) -> String {
    match link {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(title)),
        None => escape(title),
    }
}

/// A region of a page as its picture (see `region_image`), with the region in words as its
/// text alternative; nothing for a passage of text or a region whose file is not there.
fn region_picture(context: &Context, item: &super::Item) -> String {
    let (Some(region), Some(place)) = (item.annotation.anchor.region, item.place) else {
        return String::new();
    };
    let Some(uri) = super::region_image::data_uri(&context.corpus.root, place.document, region)
    else {
        return String::new();
    };
    let gap = if item.annotation.anchor.quote.trim().is_empty() {
        ""
    } else {
        "<br>"
    };
    format!(
        "{gap}<img class=\"region\" src=\"{uri}\" alt=\"Region, {}\">",
        escape(&region.describe())
    )
}

fn swatch(section: &report::Section) -> String {
    match &section.kind {
        SectionKind::Tag { tag, .. } => {
            format!(
                "<span class=\"swatch\" style=\"background: {}\"></span>",
                tag.colour
            )
        }
        _ => String::new(),
    }
}

/// A passage coded in a table as an HTML table: the table's header row (when the passage
/// does not start on it) in `<thead>`, the passage's rows below.
fn cell_table(cells: &CodedCells) -> String {
    let row = |cells: &[String], tag: &str| -> String {
        let inner: String = cells
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
            .collect();
        format!("<tr>{inner}</tr>")
    };
    let head = cells
        .header
        .as_ref()
        .map(|h| format!("<thead>{}</thead>", row(h, "th")))
        .unwrap_or_default();
    let body: String = cells.rows.iter().map(|r| row(r, "td")).collect();
    format!("<table class=\"cells\">{head}<tbody>{body}</tbody></table>")
}

/// Text made safe for HTML content and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;
    use crate::export::{ExportFormat, render as render_export};

    fn page() -> String {
        let f = fixture::fixture();
        let bytes = render_export(ExportFormat::Html, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn escape_covers_content_and_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn user_text_is_escaped_everywhere() {
        let html = page();
        // The only elements are the report's own: no script, no injected markup.
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; then"));
        assert!(html.contains("Odd &lt;b&gt;&quot;tag&quot;&lt;/b&gt; &amp; co"));
        assert!(html.contains("Follow up, &lt;b&gt;not&lt;/b&gt; bold."));
        assert!(html.contains("a,b;c &quot;and&quot; &#39;quotes&#39;"));
        assert!(html.contains(
            "<cite><a href=\"https://www.bbc.co.uk/news/articles/c4g0000(1)\">Escapes &amp; co</a></cite> · \
             <span class=\"where\" title=\"chars 30–64\">tricky &lt;one&gt;.md, ¶ 2</span>"
        ), "{html}");
    }

    #[test]
    fn the_page_is_self_contained_and_printable() {
        let f = fixture::fixture();
        let bytes = render_export(ExportFormat::Html, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let html = String::from_utf8(bytes).expect("utf-8");
        let section = |name: &str, heading: &str| {
            let id = f.project.tag_by_name(name).expect("tag").id;
            html.find(&format!("<section id=\"tag-{id}\">\n<{heading}>"))
        };
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<meta charset=\"utf-8\">"));
        assert!(html.contains("@media print"));
        for external in [
            "<link", "<img", "src=", "@import", "url(", "<script", "<iframe",
        ] {
            assert!(!html.contains(external), "{external} in the report");
        }
        // The web is reached only by following a document's link.
        let addresses = html.matches("https://").count() + html.matches("http://").count();
        let links = html.matches("<a href=\"https://").count();
        assert_eq!(addresses, links, "{html}");
        assert!(links > 0);
        // Tags are nested sections in codebook order, with their colour.
        let bases = section("Bases", "h3").expect("Bases section");
        let air = section("Air", "h4").expect("Air section");
        let russia = section("Russia", "h2").expect("Russia section");
        assert!(russia < bases && bases < air);
        assert!(html.contains("style=\"background: #1e88e5\""));
        // Notes keep their line breaks (pre-wrap); references give the paragraph, and the
        // char offsets only in their tooltip.
        assert!(html.contains(
            "<div class=\"note\">Key claim; &quot;since 2015&quot; per the source.\nCheck against"
        ));
        assert!(
            html.contains(
                "<span class=\"where\" title=\"chars 35–71\">syria/bases.txt, ¶ 2</span>"
            )
        );
    }

    #[test]
    fn sources_are_listed_once_with_their_link_and_byline() {
        let html = page();
        let sources = &html[html.find("<section id=\"sources\"").expect("sources")..];
        assert!(sources.contains(
            "<p><cite><a href=\"https://www.bbc.co.uk/news/articles/c4g0000(1)\">Escapes &amp; co</a></cite>\
             <br><span class=\"byline\">BBC News · 8 December 2024</span>\
             <br><span class=\"path\">tricky &lt;one&gt;.md</span></p>"
        ), "{sources}");
        assert_eq!(sources.matches("<p><cite>").count(), 2, "{sources}");
        assert!(!sources.contains("gone.txt"));
    }

    #[test]
    fn a_passage_coded_in_a_table_is_a_table_with_its_header_row() {
        let cells = CodedCells {
            header: Some(vec!["Item".into(), "<Amount>".into()]),
            rows: vec![vec!["Fuel".into(), "1200.5".into()]],
        };
        assert_eq!(
            cell_table(&cells),
            "<table class=\"cells\"><thead><tr><th>Item</th><th>&lt;Amount&gt;</th></tr></thead>\
             <tbody><tr><td>Fuel</td><td>1200.5</td></tr></tbody></table>"
        );
    }

    #[test]
    fn a_region_is_shown_as_its_picture() {
        let f = crate::export::fixture::with_regions();
        let html = render_export(ExportFormat::Html, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let html = String::from_utf8(html).expect("UTF-8");
        let pictures: Vec<&str> = html
            .match_indices("<img class=\"region\" src=\"data:image/png;base64,")
            .map(|(at, _)| &html[at..])
            .collect();
        assert_eq!(pictures.len(), 2, "the PDF's region and the photograph's");
        assert!(html.contains("alt=\"Region, page 1, 120×90 at 20,30\""));
    }
}

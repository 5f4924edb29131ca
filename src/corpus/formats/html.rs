//! HTML: a saved web page becomes the text a reader came for.
//!
//! For an article (a news page, a blog post) that is the article alone, as browsers' reader
//! modes show it: [`dom_smoothie`] (a port of Mozilla's Readability) finds the main content
//! and drops navigation, adverts, comments and footers; title, byline, publication date and
//! site name go into [`Metadata`]. A page that is not an article (Readability's own
//! "probably readable" test says no, or extraction finds nothing) gives its whole visible
//! text instead, so nothing a user loaded silently disappears.
//!
//! Nothing runs and nothing is fetched: the page is parsed as data. Before parsing, the
//! contents of `<script>` and `<style>` elements are cut out by a linear byte scan
//! ([`strip_raw_text`]), so a page with a 50 MB inline script costs one pass over its bytes
//! instead of a 50 MB DOM text node copied through every Readability pass. JSON-LD blocks
//! (`<script type="application/ld+json">`, up to [`MAX_JSON_LD_BYTES`]) are kept, since
//! they are where many news sites state the author and date.
//!
//! A page nested deeper than [`html_flat::MAX_NESTING`] elements (only hostile or broken
//! files are) is read without a DOM by [`html_flat::flat_text`], since building the tree
//! would take quadratic time.
//!
//! Encoding: byte-order mark, then valid UTF-8, then the page's `<meta charset>` (or
//! `http-equiv` content type), then detection. Valid UTF-8 wins over a declared legacy
//! charset because saved pages are often re-encoded by the browser without the declaration
//! being updated, while a legacy page that happens to be valid UTF-8 is vanishingly rare.

use std::borrow::Cow;

use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8};

use super::Extracted;
use super::blocks::normalize_blocks;
use super::html_flat;
use crate::corpus::SkipReason;
use crate::corpus::decode::decode;
use crate::corpus::document::Metadata;
use crate::text::{ParagraphStyle, normalize_newlines};

/// JSON-LD blocks larger than this are cut like any other script: metadata is small, and a
/// huge block is data, not a description of the page.
pub const MAX_JSON_LD_BYTES: usize = 256 * 1024;

/// Readability's scoring is not linear in the number of elements; past this many the page
/// is read as whole visible text instead.
const MAX_ELEMENTS_FOR_READABILITY: usize = 60_000;

/// How far into the file a `<meta charset>` is looked for (browsers look at 1024 bytes;
/// saved pages often have a long `<head>` before it).
const CHARSET_SNIFF_BYTES: usize = 8 * 1024;

/// Block elements that `dom_query`'s text formatter does not know as blocks (it knows
/// `p`, `div`, headings, lists, tables...); they are renamed to `div` before formatting so
/// that their text does not run into the next block's.
const UNKNOWN_BLOCKS: &str = "nav, header, footer, aside, main, figure, figcaption, address, details, summary, form, fieldset, legend, dd, dt, center, caption, hgroup, search";

/// Elements whose content is never visible text.
const INVISIBLE: &str = "script, style, noscript, template, iframe, object, embed, svg, canvas, head, [hidden], [aria-hidden=true]";

pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let (html, encoding) = decode_html(bytes)?;
    let html = normalize_newlines(html);
    let cleaned = strip_raw_text(&html);
    let (text, meta) = if html_flat::estimated_nesting(&cleaned) > html_flat::MAX_NESTING {
        (html_flat::flat_text(&cleaned), Metadata::default())
    } else {
        match article(&cleaned) {
            Some(found) => found,
            None => visible_text(&cleaned),
        }
    };
    let title = meta.title.clone();
    Ok(Extracted {
        text,
        title,
        meta,
        encoding: encoding.to_owned(),
        style: ParagraphStyle::Blocks,
        pages: Vec::new(),
        ..Default::default()
    })
}

fn config() -> Config {
    Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS_FOR_READABILITY,
        ..Config::default()
    }
}

/// The main content, when the page reads as an article.
fn article(html: &str) -> Option<(String, Metadata)> {
    let mut reader = Readability::new(html, None, Some(config())).ok()?;
    if !reader.is_probably_readable() {
        return None;
    }
    let article = reader.parse().ok()?;
    // Re-format from the cleaned article HTML, so that both paths share one formatter.
    let content = dom_query::Document::fragment(article.content.clone());
    let text = formatted_text(&content);
    if text.trim().is_empty() {
        return None;
    }
    let mut meta = Metadata::default();
    set(&mut meta, "title", Some(article.title));
    set(&mut meta, "author", article.byline);
    set(&mut meta, "date", article.published_time);
    set(&mut meta, "source", article.site_name);
    set(&mut meta, "url", article.url);
    set(&mut meta, "modified", article.modified_time);
    set(&mut meta, "lang", article.lang);
    Some((text, meta))
}

/// The whole visible text of the page, with what metadata the page states.
fn visible_text(html: &str) -> (String, Metadata) {
    let mut meta = Metadata::default();
    let doc = match Readability::new(html, None, Some(config())) {
        Ok(reader) => {
            let m = reader.get_article_metadata(reader.parse_json_ld());
            set(&mut meta, "title", Some(m.title));
            set(&mut meta, "author", m.byline);
            set(&mut meta, "date", m.published_time);
            set(&mut meta, "source", m.site_name);
            set(&mut meta, "url", m.url);
            set(&mut meta, "modified", m.modified_time);
            set(&mut meta, "lang", m.lang);
            reader.doc
        }
        Err(_) => dom_query::Document::from(html),
    };
    doc.select(INVISIBLE).remove();
    (formatted_text(&doc), meta)
}

/// The text of a document's body (or of the whole document), in block shape.
fn formatted_text(doc: &dom_query::Document) -> String {
    doc.select(UNKNOWN_BLOCKS).rename("div");
    mark_list_items(doc);
    let body = doc.select("body");
    let raw = if body.exists() {
        body.formatted_text()
    } else {
        doc.formatted_text()
    };
    normalize_blocks(&raw)
}

/// Gives every list item the marker a browser draws before it, as text: "• " in an
/// unordered list (or outside any list), "1. ", "2. "... in an ordered one (from its
/// `start`, counting down when `reversed`, and following an item's `value`). The text
/// formatter puts each item on a line of its own but drops the marker, which is often
/// what says that the lines are a list (or a ranking, or steps in order).
///
/// Returns how many nodes were looked at to place the markers: each node belongs to the
/// subtree of at most one closest item, so this stays within the size of the page (tests
/// hold it to that on hostile nesting).
fn mark_list_items(doc: &dom_query::Document) -> usize {
    let mut visited = 0;
    for list in doc.select("ol").nodes() {
        let items: Vec<_> = list
            .element_children()
            .into_iter()
            .filter(|child| child.has_name("li"))
            .collect();
        let reversed = list.has_attr("reversed");
        let count = i64::try_from(items.len()).unwrap_or(i64::MAX);
        let mut number = list
            .attr("start")
            .and_then(|start| start.trim().parse::<i64>().ok())
            .unwrap_or(if reversed { count } else { 1 });
        for item in &items {
            if let Some(value) = item.attr("value").and_then(|v| v.trim().parse().ok()) {
                number = value;
            }
            visited += prepend_marker(item, &format!("{number}. "));
            number = if reversed {
                number.saturating_sub(1)
            } else {
                number.saturating_add(1)
            };
        }
    }
    for item in doc.select("li").nodes() {
        let numbered = item.parent().is_some_and(|parent| parent.has_name("ol"));
        if !numbered {
            visited += prepend_marker(item, "• ");
        }
    }
    visited
}

/// Puts `marker` before the first text of `item` that is its own (not in a list item
/// nested in it), so that the marker starts the item's line even when its text is in a
/// paragraph. Returns how many nodes it looked at.
fn prepend_marker(item: &dom_query::NodeRef, marker: &str) -> usize {
    let (own_text, visited) = first_own_text(item);
    if let Some(text) = own_text {
        let marker = item.tree.new_text(marker);
        text.insert_before(&marker);
    }
    visited
}

/// The first non-empty text under `item` in document order that is not inside a list
/// item nested in it, and how many nodes were looked at to find it. One pre-order walk
/// with an explicit stack (no recursion on deep pages) that never enters a nested `li`.
fn first_own_text<'a>(item: &dom_query::NodeRef<'a>) -> (Option<dom_query::NodeRef<'a>>, usize) {
    let mut visited = 0;
    let mut stack: Vec<dom_query::NodeRef<'a>> = item.children_it(true).collect();
    while let Some(node) = stack.pop() {
        visited += 1;
        if node.is_nonempty_text() {
            return (Some(node), visited);
        }
        if !node.has_name("li") {
            stack.extend(node.children_it(true));
        }
    }
    (None, visited)
}
fn set(meta: &mut Metadata, key: &str, value: Option<String>) {
    if let Some(value) = value {
        let flat = value.split_whitespace().collect::<Vec<_>>().join(" ");
        meta.set(key, flat);
    }
}

/// Decodes a page (see the module doc for the order of decisions).
fn decode_html(bytes: &[u8]) -> Result<(String, &'static str), SkipReason> {
    // NUL bytes: BOM-less UTF-16 or not text at all; the shared decoder tells which.
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if Encoding::for_bom(bytes).is_some() || memchr::memchr(0, head).is_some() {
        return decode(bytes).map(|d| (d.text, d.encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), UTF_8.name()));
    }
    if let Some(encoding) = declared_charset(bytes) {
        // A page is displayed even with a few bad bytes; so is it read here.
        let (text, _, _) = encoding.decode(bytes);
        return Ok((text.into_owned(), encoding.name()));
    }
    decode(bytes).map(|d| (d.text, d.encoding))
}

/// The charset a page declares in its head (`<meta charset=..>` or
/// `<meta http-equiv=content-type content="..; charset=..">`), if any and if known.
/// A declared UTF-16 is read as UTF-8, as browsers do for a page without a BOM.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(CHARSET_SNIFF_BYTES)];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + found;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(at) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[at + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'\t' | b'\n'))
                    .unwrap_or(rest.len());
                if let Some(encoding) = Encoding::for_label(&rest[..label_end]) {
                    return Some(if encoding.name().starts_with("UTF-16") {
                        UTF_8
                    } else {
                        encoding
                    });
                }
            }
        }
        from = end.max(start + 1);
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Cuts the contents of `<script>` and `<style>` elements out of `html` (the tags stay),
/// in one linear pass; comments are copied as they are, so a commented-out `<script>` does
/// not swallow the page. JSON-LD scripts up to [`MAX_JSON_LD_BYTES`] are kept. Returns the
/// input unchanged (no copy) when there is nothing to cut.
pub fn strip_raw_text(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_to = 0; // bytes of `html` already accounted for in `out`
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + lt;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            pos = memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |e| at + 4 + e + 3);
            continue;
        }
        let Some(name) = raw_text_element(rest) else {
            pos = at + 1;
            continue;
        };
        let open_end = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| at + e + 1);
        let close = find_closing_tag(bytes, open_end, name);
        let content = &bytes[open_end..close];
        let keep = name == "script"
            && content.len() <= MAX_JSON_LD_BYTES
            && contains_ignore_case(&bytes[at..open_end], b"ld+json");
        if !keep && !content.is_empty() {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len().min(1 << 20)));
            buf.push_str(&html[copied_to..open_end]);
            copied_to = close;
        }
        pos = close.max(at + 1);
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied_to..]);
            Cow::Owned(buf)
        }
    }
}

/// "script" or "style" if `rest` starts with such an opening tag.
fn raw_text_element(rest: &[u8]) -> Option<&'static str> {
    for name in ["script", "style"] {
        let n = name.len();
        if rest.len() > n + 1
            && rest[1..=n].eq_ignore_ascii_case(name.as_bytes())
            && matches!(rest[n + 1], b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\x0C')
        {
            return Some(name);
        }
    }
    None
}

/// Byte offset of the `</name` that ends a raw-text element whose content starts at `from`
/// (the end of the text if it is never closed, as in a browser).
fn find_closing_tag(bytes: &[u8], from: usize, name: &str) -> usize {
    let mut pos = from;
    while let Some(found) = memchr::memmem::find(&bytes[pos..], b"</") {
        let at = pos + found;
        let after = &bytes[at + 2..];
        if after.len() >= name.len() && after[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            return at;
        }
        pos = at + 2;
    }
    bytes.len()
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_emptied_in_one_pass() {
        let html = "<p>a</p><SCRIPT type=x>if (a<b) {}</SCRIPT><style>p{}</style><p>b</p>";
        assert_eq!(
            strip_raw_text(html),
            "<p>a</p><SCRIPT type=x></SCRIPT><style></style><p>b</p>"
        );
        let plain = "<p>no scripts</p>";
        assert!(matches!(strip_raw_text(plain), Cow::Borrowed(_)));
    }

    #[test]
    fn json_ld_and_comments_are_kept() {
        let html = r#"<script type="application/ld+json">{"author":"A"}</script><!-- <script> --><p>x</p>"#;
        assert_eq!(strip_raw_text(html), html);
    }

    #[test]
    fn an_unclosed_script_runs_to_the_end() {
        assert_eq!(
            strip_raw_text("<p>a</p><script>var x = '</p>"),
            "<p>a</p><script>"
        );
        assert_eq!(
            strip_raw_text("<scripts>kept</scripts>"),
            "<scripts>kept</scripts>"
        );
    }

    #[test]
    fn declared_charset_is_found() {
        let page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>";
        assert_eq!(
            declared_charset(page).map(|e| e.name()),
            Some("windows-1252")
        );
        assert_eq!(
            declared_charset(b"<meta charset='utf-16'>").map(|e| e.name()),
            Some("UTF-8")
        );
        assert_eq!(declared_charset(b"<meta name=x>"), None);
    }

    #[test]
    fn a_legacy_page_is_decoded_by_its_declaration() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<html><head><meta charset=\"windows-1252\"><title>Café</title></head><body><p>Déjà vu à Noël.</p></body></html>");
        let e = extract(&bytes).expect("html");
        assert_eq!(e.encoding, "windows-1252");
        assert!(e.text.contains("Déjà vu à Noël."), "{}", e.text);
        assert_eq!(e.title.as_deref(), Some("Café"));
    }

    #[test]
    fn a_pathologically_nested_page_is_read_flat_and_quickly() {
        let page = format!(
            "<html><body>{}<p>deep text</p>{}</body></html>",
            "<div>".repeat(200_000),
            "</div>".repeat(200_000)
        );
        let started = std::time::Instant::now();
        let e = extract(page.as_bytes()).expect("deep page");
        assert_eq!(e.text, "deep text\n");
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn deeply_nested_list_items_are_marked_in_one_walk() {
        // Each item's own text comes after its child list, so a search from every item
        // through all its descendants would look at depth² nodes.
        const DEPTH: usize = 1000;
        let mut page = "<html><body>".to_owned() + &"<ul><li>".repeat(DEPTH);
        page += &format!("item {}", DEPTH - 1);
        for level in (0..DEPTH - 1).rev() {
            page += &format!("</li></ul>item {level}");
        }
        page += "</li></ul></body></html>";
        let doc = dom_query::Document::from(page.as_str());
        let nodes = doc.select("*").length() + DEPTH; // elements and texts
        let visited = mark_list_items(&doc);
        assert!(visited <= nodes, "{visited} visits for {nodes} nodes");
        let expected: String = (0..DEPTH).rev().map(|l| format!("• item {l}")).collect();
        assert_eq!(doc.select("body").text().as_ref(), expected);
    }

    #[test]
    fn a_page_that_is_not_an_article_gives_its_visible_text() {
        let html = "<html><head><title>Links</title><style>b{}</style></head><body><nav>Home</nav><ul><li>One</li><li>Two</li></ul><script>hidden()</script><div hidden>secret</div><p>Short.</p></body></html>";
        let e = extract(html.as_bytes()).expect("html");
        assert_eq!(e.text, "Home\n\n• One\n• Two\n\nShort.\n");
        assert_eq!(e.title.as_deref(), Some("Links"));
    }
}

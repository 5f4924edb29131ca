//! A last-resort HTML reader without a DOM, for pages nested so deeply that building the
//! tree would take quadratic time (html5ever checks the stack of open elements for every
//! tag: 200,000 nested `<div>`s take minutes). Real pages nest a few dozen levels, so this
//! only ever reads hostile or broken files; it keeps their visible text, with a paragraph
//! break at every block-level tag, so they still load.

use super::blocks::normalize_blocks;

/// Nesting beyond this many open elements sends a page to [`flat_text`].
pub const MAX_NESTING: usize = 1024;

/// Elements that never hold content, and elements whose end tag is usually implied (so that
/// counting them would overstate the nesting of ordinary pages).
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "!doctype",
];

/// Tags that end a paragraph of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "dt",
    "dd",
    "address",
    "form",
    "title",
];

/// Tags whose content is not visible text (their content is usually cut already).
const HIDDEN: &[&str] = &["script", "style", "head", "template", "noscript", "svg"];

/// The tag name at `rest` (after `<` or `</`), lower-cased.
fn tag_name(rest: &[u8]) -> String {
    rest.iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!' || **b == b'-')
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

/// The deepest nesting of elements, estimated from the tags alone (one linear pass).
///
/// A closing tag closes the nearest open element of its name, as an HTML parser does; one
/// that matches none of the innermost elements (`</>`, `</x>`, a stray `</p>`) closes
/// nothing, so that it cannot hide deep nesting from this estimate.
pub fn estimated_nesting(html: &str) -> usize {
    /// How far down the open elements a closing tag's match is looked for (bounded, so the
    /// pass stays linear on hostile input).
    const LOOKBACK: usize = 64;
    let bytes = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    // How many of the open elements are <svg> or <math>.
    let mut foreign = 0usize;
    let is_foreign = |name: &str| name == "svg" || name == "math";
    let mut max = 0usize;
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &bytes[pos..]) {
        let at = pos + lt;
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            pos = memchr::memmem::find(rest, b"-->").map_or(bytes.len(), |e| at + 1 + e + 3);
            continue;
        }
        let end = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| at + 1 + e + 1);
        if let Some(closing) = rest.strip_prefix(b"/") {
            let name = tag_name(closing);
            let found = open
                .iter()
                .rev()
                .take(LOOKBACK)
                .position(|n| *n == name)
                .filter(|_| name.starts_with(|c: char| c.is_ascii_alphabetic()));
            if let Some(i) = found {
                let keep = open.len() - i - 1;
                foreign -= open[keep..].iter().filter(|n| is_foreign(n)).count();
                open.truncate(keep);
            }
        } else {
            let name = tag_name(rest);
            // HTML ignores the "/>" of an ordinary element (`<div/>` opens a div); only
            // SVG and MathML honour it.
            let self_closing = foreign > 0 && bytes[at..end].ends_with(b"/>");
            let starts_alpha = name.starts_with(|c: char| c.is_ascii_alphabetic());
            if starts_alpha && !self_closing && !NOT_NESTING.contains(&name.as_str()) {
                foreign += usize::from(is_foreign(&name));
                open.push(name);
                max = max.max(open.len());
            }
        }
        pos = end.max(at + 1);
    }
    max
}

/// The visible text of `html` with tags removed, entities decoded, whitespace collapsed
/// and a paragraph break at block-level tags.
pub fn flat_text(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut raw = String::with_capacity(html.len().min(1 << 20));
    let mut hidden: Option<String> = None;
    let mut pos = 0;
    loop {
        let Some(lt) = memchr::memchr(b'<', &bytes[pos..]) else {
            if hidden.is_none() {
                push_text(&mut raw, &html[pos..]);
            }
            break;
        };
        let at = pos + lt;
        if hidden.is_none() {
            push_text(&mut raw, &html[pos..at]);
        }
        let rest = &bytes[at + 1..];
        if rest.starts_with(b"!--") {
            pos = memchr::memmem::find(rest, b"-->").map_or(bytes.len(), |e| at + 1 + e + 3);
            continue;
        }
        let end = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| at + 1 + e + 1);
        let (closing, name) = match rest.strip_prefix(b"/") {
            Some(r) => (true, tag_name(r)),
            None => (false, tag_name(rest)),
        };
        match &hidden {
            Some(open) if closing && *open == name => hidden = None,
            Some(_) => {}
            None if !closing && HIDDEN.contains(&name.as_str()) => hidden = Some(name),
            None if BLOCKS.contains(&name.as_str()) => raw.push_str("\n\n"),
            None => {}
        }
        pos = end.max(at + 1);
    }
    normalize_blocks(&raw)
}

fn push_text(out: &mut String, text: &str) {
    let decoded = html_escape::decode_html_entities(text);
    let mut last_space = out.ends_with([' ', '\n']) || out.is_empty();
    for c in decoded.chars() {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
        } else {
            out.push(c);
            last_space = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_estimated_from_tags() {
        assert_eq!(
            estimated_nesting("<html><body><div><p>a<p>b<br></div></body></html>"),
            3
        );
        let deep = format!("{}x{}", "<div>".repeat(5000), "</div>".repeat(5000));
        assert_eq!(estimated_nesting(&deep), 5000);
        assert_eq!(estimated_nesting("<!-- <div><div> --><img src=x/>"), 0);
        // Closing tags that close nothing cannot hide the nesting.
        assert_eq!(
            estimated_nesting(&"<div></><span></1></x>".repeat(3000)),
            6000
        );
        assert_eq!(estimated_nesting(&"<div><b>x</b></div>".repeat(3000)), 2);
        // `<div/>` opens a div in HTML; `<path/>` in SVG is closed.
        assert_eq!(estimated_nesting(&"<div/>".repeat(2000)), 2000);
        let svg = format!("<svg>{}</svg><p>after", "<path d=\"M0\"/>".repeat(2000));
        assert_eq!(estimated_nesting(&svg), 1);
    }

    #[test]
    fn flat_text_keeps_visible_text_in_blocks() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><div>Caf&eacute; &amp; <b>bar</b>\n  here</div><script>x()</script><p>Two</p></body></html>";
        assert_eq!(flat_text(html), "Café & bar here\n\nTwo\n");
    }
}

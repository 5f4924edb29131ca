//! Helpers shared by the zip-and-XML document formats (DOCX, ODT): decoding a part to text,
//! parsing it safely, and walking it without unbounded recursion.

use roxmltree::{Document, Node, ParsingOptions};

use crate::corpus::SkipReason;

/// Elements nested deeper than this are not walked (a real document nests a few dozen
/// levels; a hostile one could nest millions and overflow the stack).
pub const MAX_DEPTH: usize = 256;

/// A part's bytes as text: UTF-8 (BOM stripped), or UTF-16 with a BOM.
pub fn part_text(bytes: Vec<u8>, part: &str) -> Result<String, SkipReason> {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|t| t.into_owned())
            .ok_or_else(|| SkipReason::Damaged(format!("damaged document part {part}: bad text")));
    }
    String::from_utf8(bytes)
        .map_err(|_| SkipReason::Damaged(format!("damaged document part {part}: not UTF-8")))
}

/// Parses a part (no DTD, so no entity expansion attacks).
pub fn parse<'a>(text: &'a str, part: &str) -> Result<Document<'a>, SkipReason> {
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .map_err(|e| SkipReason::Damaged(format!("damaged document part {part}: {e}")))
}

/// The text of the first descendant element called `local` (any namespace), trimmed and
/// with whitespace runs collapsed; `None` if absent or empty.
pub fn child_text(root: Node, local: &str) -> Option<String> {
    let node = root
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == local)?;
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!flat.is_empty()).then_some(flat)
}

/// An attribute by local name, whatever its namespace (`w:val`, `text:c`...).
pub fn attr<'a>(node: Node<'a, '_>, local: &str) -> Option<&'a str> {
    node.attributes()
        .find(|a| a.name() == local)
        .map(|a| a.value())
}

/// The elements called `wanted` below `node`, in document order, looking through wrapper
/// elements (content controls, custom XML) but not into a `wanted` element nor into an
/// element called `nested` (a table inside a cell has its own rows). `depth` is `node`'s
/// depth: nothing deeper than [`MAX_DEPTH`] is looked at.
pub fn parts_of<'a, 'i>(
    node: Node<'a, 'i>,
    wanted: &str,
    nested: &str,
    depth: usize,
) -> Vec<Node<'a, 'i>> {
    let mut found = Vec::new();
    collect_parts(node, wanted, nested, depth, &mut found);
    found
}

fn collect_parts<'a, 'i>(
    node: Node<'a, 'i>,
    wanted: &str,
    nested: &str,
    depth: usize,
    found: &mut Vec<Node<'a, 'i>>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in node.children().filter(Node::is_element) {
        let name = child.tag_name().name();
        if name == wanted {
            found.push(child);
        } else if name != nested {
            collect_parts(child, wanted, nested, depth + 1, found);
        }
    }
}

//! Counting the drawings (form XObjects) a PDF makes the text extractor interpret.
//!
//! `pdf-extract` interprets a form's content every time a `Do` invokes it, with no memory
//! of having done so. Forms that each invoke the next one twice are a tree of 2^depth
//! invocations in a file of a few hundred bytes: within the depth limit of the form check,
//! 2^32 of them, hours of work. Counting them takes one look at each form (per resource
//! dictionary it is drawn with), so a file whose drawings expand beyond
//! [`MAX_FORM_INVOCATIONS`] is refused before extraction starts. This matters beyond the
//! time budget: the budget abandons a slow reader, but only a reader that gets to check it
//! stops, and forms that draw nothing but other forms never give it the chance.

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::MAX_FORM_DEPTH;

/// Most form invocations one document may make the extractor interpret. Each costs at
/// least a parse of the form's content (microseconds): this many take seconds, more than
/// the time budget allows any way. Real documents make a few per page.
pub const MAX_FORM_INVOCATIONS: u64 = 4_000_000;

/// Refuses a document whose pages, drawn, invoke forms more than [`MAX_FORM_INVOCATIONS`]
/// times in all.
pub fn check(doc: &Document) -> Result<(), String> {
    let mut counter = Counter {
        doc,
        memo: HashMap::new(),
    };
    let mut total: u64 = 0;
    for page_id in doc.get_pages().into_values() {
        let Some(resources) = page_resources(doc, page_id) else {
            continue;
        };
        let Ok(content) = doc.get_page_content(page_id) else {
            continue;
        };
        total = total.saturating_add(counter.invocations_in(&content, resources, 0)?);
        if total > MAX_FORM_INVOCATIONS {
            return Err(too_many());
        }
    }
    Ok(())
}

fn too_many() -> String {
    format!(
        "its drawings (form XObjects) draw each other more than {MAX_FORM_INVOCATIONS} times \
         (they expand exponentially)"
    )
}

struct Counter<'a> {
    doc: &'a Document,
    /// Invocations made by drawing a form once, by (form, resource dictionary it is drawn
    /// with: its own, or the one it inherits).
    memo: HashMap<(ObjectId, *const Dictionary), u64>,
}

impl<'a> Counter<'a> {
    /// The form invocations `content` makes when drawn with `resources`, those of the
    /// forms it invokes included.
    fn invocations_in(
        &mut self,
        content: &[u8],
        resources: &'a Dictionary,
        depth: usize,
    ) -> Result<u64, String> {
        if memchr::memmem::find(content, b"Do").is_none() {
            return Ok(0);
        }
        let Ok(ops) = Content::decode(content) else {
            return Ok(0); // the extractor refuses it too
        };
        let Some(xobjects) = dictionary(self.doc, resources, b"XObject") else {
            return Ok(0);
        };
        let mut total: u64 = 0;
        for op in ops.operations.iter().filter(|op| op.operator == "Do") {
            let Some(Ok(name)) = op.operands.first().map(Object::as_name) else {
                continue;
            };
            let Ok(id) = xobjects.get(name).and_then(Object::as_reference) else {
                continue;
            };
            let below = self.form(id, resources, depth + 1)?;
            total = total.saturating_add(1).saturating_add(below);
            if total > MAX_FORM_INVOCATIONS {
                return Err(too_many());
            }
        }
        Ok(total)
    }

    /// The invocations drawing form `id` once makes, inside a drawing with `inherited`.
    fn form(
        &mut self,
        id: ObjectId,
        inherited: &'a Dictionary,
        depth: usize,
    ) -> Result<u64, String> {
        // Loops and deep nesting were refused by the form check; this bound only makes
        // sure the count cannot recurse without end whatever that check missed.
        if depth > MAX_FORM_DEPTH + 1 {
            return Err("its drawings (form XObjects) are nested too deeply".to_owned());
        }
        let Ok(Object::Stream(stream)) = self.doc.get_object(id) else {
            return Ok(0);
        };
        // As the extractor does: the form's own resources, else those it is drawn with.
        let resources = dictionary(self.doc, &stream.dict, b"Resources").unwrap_or(inherited);
        let key = (id, std::ptr::from_ref(resources));
        if let Some(&n) = self.memo.get(&key) {
            return Ok(n);
        }
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let n = self.invocations_in(&content, resources, depth)?;
        self.memo.insert(key, n);
        Ok(n)
    }
}

/// The dictionary under `key` of `dict`, following a reference.
fn dictionary<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let value = dict.get(key).ok()?;
    let (_, object) = doc.dereference(value).ok()?;
    object.as_dict().ok()
}

/// The resources a page is drawn with: its own or the nearest ancestor's (as the
/// extractor finds them).
fn page_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    // Parent chains were checked to be finite; the bound is only a second safety.
    for _ in 0..256 {
        if let Some(resources) = dictionary(doc, node, b"Resources") {
            return Some(resources);
        }
        let parent = node.get(b"Parent").and_then(Object::as_reference).ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

//! W3C Web Annotation Data Model, as JSON-LD (<https://www.w3.org/TR/annotation-model/>).
//!
//! One `AnnotationCollection` whose first (and only) `AnnotationPage` embeds every
//! annotation. Each annotation:
//! * `id`: `urn:uuid:` with a UUID v5 of the project and the annotation id (stable across
//!   exports);
//! * `body`: a `TextualBody` with purpose `tagging` per tag (its full path, "Russia /
//!   Bases") and one with purpose `commenting` for the note; no body at all for a bare
//!   highlight (motivation `highlighting`);
//! * `target`: the document (a `file:` IRI of the corpus file, `type` `Text`, `format` its
//!   media type) with a `TextQuoteSelector` (exact, prefix, suffix) and, unless the
//!   annotation is an orphan, a `TextPositionSelector` (start and end in code points,
//!   end-exclusive, as the model defines them) of the document's text as Dossier reads it;
//! * `created`, `modified` (UTC, RFC 3339).

use serde_json::{Value, json};

use super::{Context, ExportError, ExportFormat, Guids, Item, timestamp};
use crate::corpus::Format;

/// The JSON-LD context of the model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

pub(super) fn render(context: &Context) -> Result<Vec<u8>, ExportError> {
    let guids = Guids::new(context.project);
    let base = iri_base(context);
    let items: Vec<Value> = context
        .items
        .iter()
        .map(|item| annotation(context, &guids, &base, item))
        .collect();
    let collection = json!({
        "@context": CONTEXT,
        "id": format!("urn:uuid:{}", guids.of("collection", "annotations")),
        "type": "AnnotationCollection",
        "label": context.project.name,
        "total": items.len(),
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    });
    let mut bytes = serde_json::to_vec_pretty(&collection)
        .map_err(|e| ExportError::build(ExportFormat::W3c, e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn annotation(context: &Context, guids: &Guids, base: &str, item: &Item) -> Value {
    let a = item.annotation;
    let mut bodies: Vec<Value> = item
        .tags
        .iter()
        .map(|&t| {
            json!({
                "type": "TextualBody",
                "purpose": "tagging",
                "value": context.tag_path(t),
            })
        })
        .collect();
    let has_note = !a.note.trim().is_empty();
    if has_note {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "value": a.note,
            "format": "text/plain",
        }));
    }
    let motivation = if has_note {
        "commenting"
    } else if !bodies.is_empty() {
        "tagging"
    } else {
        "highlighting"
    };
    let mut selectors = vec![json!({
        "type": "TextQuoteSelector",
        "exact": a.anchor.quote,
        "prefix": a.anchor.prefix,
        "suffix": a.anchor.suffix,
    })];
    if item.place.is_some() {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": a.anchor.start,
            "end": a.anchor.end,
        }));
    }
    let format = item.place.map(|p| media_type(p.document.format));
    let mut source = json!({
        "id": document_iri(base, &a.document),
        "type": "Text",
    });
    if let (Some(format), Some(object)) = (format, source.as_object_mut()) {
        object.insert("format".to_owned(), json!(format));
    }
    let mut value = json!({
        "id": format!("urn:uuid:{}", guids.of("annotation", a.id.0)),
        "type": "Annotation",
        "motivation": motivation,
        "created": timestamp(a.created),
        "modified": timestamp(a.modified),
        "target": {
            "source": source,
            "selector": selectors,
        },
    });
    if !bodies.is_empty()
        && let Some(object) = value.as_object_mut()
    {
        object.insert("body".to_owned(), Value::Array(bodies));
    }
    value
}

fn media_type(format: Format) -> &'static str {
    match format {
        Format::Text => "text/plain",
        Format::Markdown => "text/markdown",
        Format::Html => "text/html",
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Odt => "application/vnd.oasis.opendocument.text",
    }
}

/// The prefix of document IRIs: `file:///` and the corpus folder's absolute path,
/// percent-encoded, ending in `/`; empty when the folder is not known as an absolute path
/// (the IRIs are then relative: the document's path in the corpus).
fn iri_base(context: &Context) -> String {
    let root = context.corpus.root.canonicalize().ok().or_else(|| {
        context
            .project
            .corpus_root
            .clone()
            .filter(|p| p.is_absolute())
    });
    match root {
        Some(root) if root.is_absolute() => {
            let segments: Vec<String> = root
                .components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(s) => Some(percent_encode(&s.to_string_lossy())),
                    _ => None,
                })
                .collect();
            format!("file:///{}/", segments.join("/"))
        }
        _ => String::new(),
    }
}

/// The IRI of the document at `path` (relative to the corpus, `/`-separated).
fn document_iri(base: &str, path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(percent_encode).collect();
    format!("{base}{}", encoded.join("/"))
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;
    use crate::export::render as render_export;

    fn collection() -> (fixture::Fixture, Value) {
        let f = fixture::fixture();
        let bytes = render_export(ExportFormat::W3c, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        (f, value)
    }

    fn items(value: &Value) -> &Vec<Value> {
        value["first"]["items"].as_array().expect("items")
    }

    fn selector<'v>(annotation: &'v Value, kind: &str) -> Option<&'v Value> {
        annotation["target"]["selector"]
            .as_array()
            .expect("selectors")
            .iter()
            .find(|s| s["type"] == kind)
    }

    #[test]
    fn a_collection_of_every_annotation() {
        let (f, value) = collection();
        assert_eq!(value["@context"], CONTEXT);
        assert_eq!(value["type"], "AnnotationCollection");
        assert_eq!(value["total"], f.project.annotations.len());
        assert_eq!(items(&value).len(), f.project.annotations.len());
        for item in items(&value) {
            assert_eq!(item["type"], "Annotation");
            assert!(item["id"].as_str().expect("id").starts_with("urn:uuid:"));
        }
    }

    #[test]
    fn selectors_find_the_quote_by_position_and_by_text() {
        let (f, value) = collection();
        let mut checked = 0;
        for item in items(&value) {
            let quote = selector(item, "TextQuoteSelector").expect("quote selector");
            let exact = quote["exact"].as_str().expect("exact");
            let Some(position) = selector(item, "TextPositionSelector") else {
                assert_eq!(exact, "lost passage", "only the orphan lacks a position");
                continue;
            };
            let iri = item["target"]["source"]["id"].as_str().expect("source");
            let path = f
                .corpus
                .documents
                .iter()
                .find(|d| {
                    iri.ends_with(
                        &d.path
                            .split('/')
                            .map(percent_encode)
                            .collect::<Vec<_>>()
                            .join("/"),
                    )
                })
                .expect("document of the IRI");
            let start = position["start"].as_u64().expect("start") as usize;
            let end = position["end"].as_u64().expect("end") as usize;
            assert_eq!(path.text.slice(start..end), Some(exact));
            let prefix = quote["prefix"].as_str().expect("prefix");
            assert!(
                path.text.as_str()[..path.text.byte_of_char(start).expect("byte")]
                    .ends_with(prefix)
            );
            checked += 1;
        }
        assert_eq!(checked, 5);
    }

    #[test]
    fn tags_and_notes_are_bodies_with_purposes() {
        let (_, value) = collection();
        let by_quote = |q: &str| {
            items(&value)
                .iter()
                .find(|i| selector(i, "TextQuoteSelector").expect("quote")["exact"] == q)
                .expect("annotation")
                .clone()
        };
        let bases = by_quote("military bases in Hmeimim and Tartus");
        assert_eq!(bases["motivation"], "commenting");
        let bodies = bases["body"].as_array().expect("bodies");
        assert_eq!(bodies[0]["purpose"], "tagging");
        assert_eq!(bodies[0]["value"], "Russia / Bases");
        assert_eq!(bodies[1]["purpose"], "commenting");
        assert_eq!(
            bodies[1]["value"],
            "Key claim; \"since 2015\" per the source.\nCheck against the 2017 treaty."
        );
        assert_eq!(bases["target"]["source"]["format"], "text/plain");
        assert!(
            bases["target"]["source"]["id"]
                .as_str()
                .expect("iri")
                .starts_with("file:///")
        );
        let tagged = by_quote("Ţarţūs");
        assert_eq!(tagged["motivation"], "tagging");
        let plain = by_quote("= 1+1 starts");
        assert_eq!(plain["motivation"], "highlighting");
        assert!(plain.get("body").is_none());
        assert_eq!(plain["created"], "2025-12-06T05:57:40Z");
    }

    #[test]
    fn iris_are_percent_encoded() {
        assert_eq!(
            document_iri("file:///home/a%20b/", "syria/tricky <one>.md"),
            "file:///home/a%20b/syria/tricky%20%3Cone%3E.md"
        );
        assert_eq!(document_iri("", "x y.txt"), "x%20y.txt");
        assert_eq!(percent_encode("tricky <one>.md"), "tricky%20%3Cone%3E.md");
        assert_eq!(percent_encode("Ţ"), "%C5%A2");
    }
}

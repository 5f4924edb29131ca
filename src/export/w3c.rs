//! W3C Web Annotation Data Model, as JSON-LD (<https://www.w3.org/TR/annotation-model/>).
//!
//! One `AnnotationCollection` (`id`, `label`, `total`) whose first (and only)
//! `AnnotationPage` (`id`, `partOf`, `startIndex`) embeds every annotation. A page must list
//! at least one annotation (model, section 5.2), so a project without annotations gives a
//! collection with `total` 0 and no page at all (section 5.1: `first` only when there are
//! annotations). Each annotation:
//! * `id`: `urn:uuid:` with a UUID v5 of the project and the annotation id (stable across
//!   exports);
//! * `body`: a `TextualBody` with purpose `tagging` per tag (its full path, "Russia /
//!   Bases") and one with purpose `commenting` for the note; no body at all for a bare
//!   highlight (motivation `highlighting`);
//! * `target`: the document, with a `TextQuoteSelector` (exact, prefix, suffix) and, unless
//!   the annotation is an orphan, a `TextPositionSelector` (start and end in code points,
//!   end-exclusive, as the model defines them) of the document's text as Dossier reads it.
//!   The document's `id` is a relative IRI reference: its path in the corpus folder,
//!   percent-encoded segment by segment ("syria/tricky%20%3Cone%3E.md"). JSON-LD resolves
//!   it against the location of the export, so an export kept at the top of the corpus
//!   folder points at the very files, and one moved elsewhere names them relative to the
//!   corpus; nothing of the exporting machine (user name, folder layout) is written. Its
//!   `type` is `Text`, its `format` the file's media type;
//! * a region of a page (a photograph, a stamp) adds a `FragmentSelector` conforming to
//!   Media Fragments (`xywh=x,y,w,h`, the box in the layout's units: points from the
//!   page's top-left for a PDF, which is pixels of the page drawn at 72 dpi, and pixels for
//!   an image); on a PDF, and on a multi-page image (a TIFF: its pages numbered as a
//!   PDF's), it refines a `FragmentSelector` of the page (`page=N`, RFC 3778 / RFC 8118),
//!   see [`region_selector`]. The text selectors are kept when the box holds
//!   words; a box without words has only the fragment;
//! * `creator`: the coder, when the annotation records one, as an agent of `type` `Person`
//!   with their `name` (model, section 3.3.1);
//! * `created`, `modified` (UTC, RFC 3339).

use serde_json::{Value, json};

use super::{Context, ExportError, ExportFormat, Guids, Item, timestamp};
use crate::corpus::Format;

/// The JSON-LD context of the model.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

pub(super) fn render(context: &Context) -> Result<Vec<u8>, ExportError> {
    let guids = Guids::new(context.project);
    let items: Vec<Value> = context
        .items
        .iter()
        .map(|item| annotation(context, &guids, item))
        .collect();
    let collection_id = format!("urn:uuid:{}", guids.of("collection", "annotations"));
    let mut collection = json!({
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": context.project.name,
        "total": items.len(),
    });
    if !items.is_empty()
        && let Some(object) = collection.as_object_mut()
    {
        let page = json!({
            "id": format!("urn:uuid:{}", guids.of("collection-page", 0)),
            "type": "AnnotationPage",
            "partOf": collection_id,
            "startIndex": 0,
            "items": items,
        });
        object.insert("first".to_owned(), page);
    }
    let mut bytes = serde_json::to_vec_pretty(&collection)
        .map_err(|e| ExportError::build(ExportFormat::W3c, e))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn annotation(context: &Context, guids: &Guids, item: &Item) -> Value {
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
    if let Some(current) = item.current_quote() {
        // The selectors point at the text as it is now; the quote as coded is kept here.
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "describing",
            "value": format!(
                "Wording changed since coding. Coded as: “{}”; the document now reads: “{}”",
                a.anchor.quote, current
            ),
            "format": "text/plain",
        }));
    }
    let mut selectors = Vec::new();
    let is_pdf = item.place.is_some_and(|p| p.document.format == Format::Pdf)
        || a.document.to_ascii_lowercase().ends_with(".pdf");
    // A page of a multi-page image (a TIFF) is chosen as a PDF's is: the box alone would
    // put a region of page 2 on page 1.
    let paged = is_pdf
        || item.place.is_some_and(|p| {
            p.document
                .layout
                .as_deref()
                .is_some_and(|l| l.pages.len() > 1)
        })
        || a.anchor.region.is_some_and(|r| r.page > 0);
    if let Some(region) = a.anchor.region {
        selectors.push(region_selector(region, paged));
    }
    let has_words = a.anchor.region.is_none() || !a.anchor.quote.trim().is_empty();
    if has_words {
        selectors.push(json!({
            "type": "TextQuoteSelector",
            "exact": item.current_quote().unwrap_or(&a.anchor.quote),
            "prefix": a.anchor.prefix,
            "suffix": a.anchor.suffix,
        }));
    }
    if item.place.is_some() && has_words {
        selectors.push(json!({
            "type": "TextPositionSelector",
            "start": a.anchor.start,
            "end": a.anchor.end,
        }));
    }
    let format = item.place.map(|p| media_type(p.document.format));
    let kind = match item.place.map(|p| p.document.format) {
        Some(Format::Image) => "Image",
        _ => "Text",
    };
    let mut source = json!({
        "id": document_iri(&a.document),
        "type": kind,
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
    if let Some(object) = value.as_object_mut() {
        if let Some(coder) = a.coder.as_deref() {
            object.insert(
                "creator".to_owned(),
                json!({ "type": "Person", "name": coder }),
            );
        }
        if !bodies.is_empty() {
            object.insert("body".to_owned(), Value::Array(bodies));
        }
    }
    value
}

/// The Media Fragments IRI the model names for `xywh=` fragments.
const MEDIA_FRAGMENTS: &str = "http://www.w3.org/TR/media-frags/";
/// The IRI the model's table of fragment specifications names for PDF (`page=N`); RFC
/// 8118, which replaced RFC 3778, keeps the same `page` parameter.
const PDF_FRAGMENTS: &str = "http://tools.ietf.org/rfc/rfc3778";

/// A region as selectors: the box as a Media Fragments `xywh=` (numbers rounded to a
/// hundredth). Media Fragments have no page, so on a PDF the box refines the page chosen
/// by a PDF fragment (`page=N`, from 1): the model's `refinedBy` (section 4.2.9) is its
/// way to apply one selector within what another selected, and keeps each fragment to
/// the specification it conforms to. `viewrect` of RFC 8118 was not used: it sets a view,
/// it does not select.
fn region_selector(region: crate::project::PageRegion, pdf: bool) -> Value {
    let number = |v: f32| {
        let rounded = (f64::from(v) * 100.0).round() / 100.0;
        format!("{rounded}")
    };
    let xywh = json!({
        "type": "FragmentSelector",
        "conformsTo": MEDIA_FRAGMENTS,
        "value": format!(
            "xywh={},{},{},{}",
            number(region.x),
            number(region.y),
            number(region.w),
            number(region.h)
        ),
    });
    if !pdf {
        return xywh;
    }
    json!({
        "type": "FragmentSelector",
        "conformsTo": PDF_FRAGMENTS,
        "value": format!("page={}", region.page_number()),
        "refinedBy": xywh,
    })
}

fn media_type(format: Format) -> &'static str {
    match format {
        Format::Text => "text/plain",
        Format::Markdown => "text/markdown",
        Format::Html => "text/html",
        Format::Pdf => "application/pdf",
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Odt => "application/vnd.oasis.opendocument.text",
        Format::Zip => "application/zip",
        Format::Tar => "application/x-tar",
        Format::Csv => "text/csv",
        Format::Tsv => "text/tab-separated-values",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Xls => "application/vnd.ms-excel",
        Format::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        Format::Email => "message/rfc822",
        Format::Mailbox => "application/mbox",
        // The file's own type (image/png, image/tiff...) is in its name; the text is OCR's.
        Format::Image => "image/*",
    }
}

/// The relative IRI reference of the document at `path` (relative to the corpus,
/// `/`-separated): each segment percent-encoded.
fn document_iri(path: &str) -> String {
    let encoded: Vec<String> = path.split('/').map(percent_encode).collect();
    encoded.join("/")
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
        assert_eq!(bases["target"]["source"]["id"], "syria/bases.txt");
        assert_eq!(
            bases["creator"],
            serde_json::json!({"type": "Person", "name": "Ana"})
        );
        let tagged = by_quote("Ţarţūs");
        assert_eq!(tagged["motivation"], "tagging");
        assert_eq!(tagged["creator"]["name"], "Bob \"B.\" <Lee>");
        let plain = by_quote("= 1+1 starts");
        assert_eq!(plain["motivation"], "highlighting");
        assert!(plain.get("body").is_none());
        assert!(
            plain.get("creator").is_none(),
            "no coder recorded, no creator"
        );
        assert_eq!(plain["created"], "2025-12-06T05:57:40Z");
    }

    #[test]
    fn the_page_has_an_id_and_an_empty_project_no_page() {
        let (f, value) = collection();
        let page = &value["first"];
        assert_eq!(page["type"], "AnnotationPage");
        let id = page["id"].as_str().expect("page id");
        assert!(id.starts_with("urn:uuid:") && id != value["id"], "{id}");
        assert_eq!(page["partOf"], value["id"]);

        let empty = crate::project::Project::new("Nothing yet");
        let bytes = render_export(ExportFormat::W3c, &empty, &f.corpus)
            .expect("export")
            .bytes;
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        assert_eq!(value["type"], "AnnotationCollection");
        assert_eq!(value["total"], 0);
        assert!(value.get("first").is_none(), "{value}");
        assert!(!String::from_utf8_lossy(&bytes).contains("items"));
    }

    #[test]
    fn documents_are_named_relative_to_the_corpus_never_by_a_path_of_this_machine() {
        let (f, value) = collection();
        let root = f.corpus.root.to_string_lossy().into_owned();
        let text = value.to_string();
        assert!(!text.contains(&root), "{text}");
        assert!(!text.contains("file:"), "{text}");
        let ids: Vec<&str> = items(&value)
            .iter()
            .map(|i| i["target"]["source"]["id"].as_str().expect("id"))
            .collect();
        assert!(ids.contains(&"tricky%20%3Cone%3E.md"), "{ids:?}");
    }

    #[test]
    fn iris_are_percent_encoded() {
        assert_eq!(
            document_iri("syria/tricky <one>.md"),
            "syria/tricky%20%3Cone%3E.md"
        );
        assert_eq!(document_iri("x y.txt"), "x%20y.txt");
        assert_eq!(percent_encode("tricky <one>.md"), "tricky%20%3Cone%3E.md");
        assert_eq!(percent_encode("Ţ"), "%C5%A2");
    }

    #[test]
    fn a_region_is_a_media_fragment_within_its_pdf_page_and_keeps_its_words() {
        let f = fixture::with_regions();
        let bytes = render_export(ExportFormat::W3c, &f.project, &f.corpus)
            .expect("export")
            .bytes;
        let value: Value = serde_json::from_slice(&bytes).expect("valid JSON");
        let on = |path: &str| {
            items(&value)
                .iter()
                .find(|i| i["target"]["source"]["id"] == document_iri(path))
                .expect("the region's annotation")
                .clone()
        };
        let pdf = on(fixture::REPORT_PDF);
        let page = selector(&pdf, "FragmentSelector").expect("a fragment");
        assert_eq!(page["conformsTo"], PDF_FRAGMENTS);
        assert_eq!(page["value"], "page=1");
        let region = f
            .project
            .annotations
            .values()
            .find_map(|a| {
                a.anchor
                    .region
                    .filter(|_| a.document == fixture::REPORT_PDF)
            })
            .expect("region");
        let inner = &page["refinedBy"];
        assert_eq!(inner["type"], "FragmentSelector");
        assert_eq!(inner["conformsTo"], MEDIA_FRAGMENTS);
        let numbers: Vec<f32> = inner["value"]
            .as_str()
            .and_then(|v| v.strip_prefix("xywh="))
            .expect("xywh=")
            .split(',')
            .map(|n| n.parse().expect("a number"))
            .collect();
        let expected = [region.x, region.y, region.w, region.h];
        assert!(
            numbers
                .iter()
                .zip(expected)
                .all(|(n, e)| (n - e).abs() < 0.01),
            "{numbers:?} {expected:?}"
        );
        assert!(selector(&pdf, "TextQuoteSelector").is_some(), "its words");
        assert!(selector(&pdf, "TextPositionSelector").is_some());

        let photo = on(fixture::PHOTO);
        assert_eq!(photo["target"]["source"]["type"], "Image");
        let selectors = photo["target"]["selector"].as_array().expect("selectors");
        assert_eq!(selectors.len(), 1, "no words: the box alone");
        assert_eq!(selectors[0]["conformsTo"], MEDIA_FRAGMENTS);
        assert_eq!(selectors[0]["value"], "xywh=20,30,120,90");
    }
}

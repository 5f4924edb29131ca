//! `project.qde` read into plain values: the parts of the REFI-QDA Project schema that
//! Dossier can hold (codebook, text sources, selections, codings, notes, the variables
//! Dossier's own export writes, links between notes and selections), and a list of what it
//! cannot (pictures, audio, cases...), for the import report.
//!
//! Notes are read with the selections they hold: QualCoder writes an annotation as a
//! `Note` whose `PlainTextSelection` children give the passage (positions in the text of
//! the source that refers to the note with a `NoteRef`).
//!
//! Parsing is `roxmltree`'s, with document type declarations refused (no entity expansion,
//! so no "billion laughs") and a cap on the number of nodes.

use std::collections::HashMap;

use crate::interchange::qdpx::{INTERNAL, NAMESPACE};

type Node<'a, 'i> = roxmltree::Node<'a, 'i>;

/// A code of the codebook; `parent` is an index into [`Qde::codes`], always smaller than
/// the code's own (parents come first).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Code {
    pub guid: String,
    pub name: String,
    pub colour: Option<String>,
    pub description: String,
    pub notes: Vec<String>,
    pub parent: Option<usize>,
}

/// Where a source's text is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum SourceText {
    Inline(String),
    /// The name after `internal://`.
    Internal(String),
    /// A path outside the archive (`relative://`, `absolute://`, or none at all).
    Elsewhere(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Selection {
    pub guid: String,
    pub name: String,
    /// As written; parsed by the builder, which reports what does not parse.
    pub start: String,
    pub end: String,
    pub codes: Vec<String>,
    pub description: String,
    pub notes: Vec<String>,
    pub created: Option<String>,
    pub modified: Option<String>,
    /// The GUID of the user who coded it: its first coding's `creatingUser`, else its own.
    pub user: Option<String>,
    /// For a `PDFSelection` or `PictureSelection`: the page and box it codes (no positions).
    pub region: Option<crate::project::PageRegion>,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Source {
    pub guid: String,
    pub name: String,
    pub text: SourceText,
    pub selections: Vec<Selection>,
    /// Codings of the whole source.
    pub codes: Vec<String>,
    pub description: String,
    pub notes: Vec<String>,
    pub created: Option<String>,
    /// A `PDFSource`'s PDF in the archive (the name after `internal://`): its regions'
    /// boxes are in PDF user space, from the page's bottom-left corner, until the builder
    /// turns them with the pages' heights.
    pub pdf_original: Option<String>,
    /// A `PictureSource`'s picture in the archive (the name after `internal://`), written
    /// into the corpus for its regions when its text cannot be (see `build`).
    pub picture_original: Option<String>,
    /// Variable GUID and text value, in document order.
    pub variables: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Qde {
    pub name: String,
    pub codes: Vec<Code>,
    pub sources: Vec<Source>,
    /// Note GUID -> text (`PlainTextContent`, or the internal file of `plainTextPath`).
    pub notes: HashMap<String, SourceText>,
    /// Note GUID -> the passages the note is about (QualCoder's annotations).
    pub note_selections: HashMap<String, Vec<Selection>>,
    /// User GUID -> name (`Users/User`): the coders.
    pub users: HashMap<String, String>,
    /// Variable GUID -> name.
    pub variables: HashMap<String, String>,
    /// `Link`s: origin and target GUIDs (NVivo links a selection and its annotation note).
    pub links: Vec<(String, String)>,
    /// Parts of the project Dossier has no place for, in words.
    pub not_imported: Vec<String>,
}

/// Why `project.qde` cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum QdeError {
    Xml(String),
    NotAProject(String),
}

pub(super) fn parse(xml: &str, max_nodes: u32) -> Result<Qde, QdeError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: max_nodes,
        entity_resolver: None,
    };
    let doc = roxmltree::Document::parse_with_options(xml, options)
        .map_err(|e| QdeError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name((NAMESPACE, "Project")) {
        let found = match root.tag_name().namespace() {
            Some(ns) => format!("{} in {ns}", root.tag_name().name()),
            None => format!("{} without a namespace", root.tag_name().name()),
        };
        return Err(QdeError::NotAProject(found));
    }
    let mut qde = Qde {
        name: root.attribute("name").unwrap_or("").trim().to_owned(),
        ..Qde::default()
    };
    for child in elements(root) {
        match child.tag_name().name() {
            "CodeBook" => {
                for codes in children(child, "Codes") {
                    for code in children(codes, "Code") {
                        read_code(&mut qde.codes, code, None);
                    }
                }
            }
            "Sources" => read_sources(&mut qde, child),
            "Notes" => {
                for note in children(child, "Note") {
                    if let Some(guid) = guid(note) {
                        let created = note
                            .attribute("creationDateTime")
                            .or_else(|| note.attribute("modifiedDateTime"));
                        let selections: Vec<Selection> = children(note, "PlainTextSelection")
                            .map(|sel| read_selection(sel, created))
                            .collect();
                        if !selections.is_empty() {
                            qde.note_selections.insert(guid.clone(), selections);
                        }
                        qde.notes.insert(guid, text_of(note));
                    }
                }
            }
            "Variables" => {
                for variable in children(child, "Variable") {
                    if let (Some(guid), Some(name)) = (guid(variable), variable.attribute("name")) {
                        qde.variables.insert(guid, name.trim().to_owned());
                    }
                }
            }
            "Links" => {
                for link in children(child, "Link") {
                    if let (Some(origin), Some(target)) =
                        (link.attribute("originGUID"), link.attribute("targetGUID"))
                    {
                        qde.links
                            .push((normalize_guid(origin), normalize_guid(target)));
                    }
                }
            }
            "Users" => {
                for user in children(child, "User") {
                    let name = user.attribute("name").unwrap_or("").trim();
                    if let Some(guid) = guid(user)
                        && !name.is_empty()
                    {
                        qde.users.insert(guid, name.to_owned());
                    }
                }
            }
            "Description" | "NoteRef" => {}
            other => qde.not_imported.push(format!(
                "{other}: Dossier has nothing like it ({} item{})",
                elements(child).count(),
                if elements(child).count() == 1 {
                    ""
                } else {
                    "s"
                }
            )),
        }
    }
    Ok(qde)
}

/// Element children in the REFI-QDA namespace.
fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().namespace() == Some(NAMESPACE))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |n| n.tag_name().name() == name)
}

fn guid(node: Node) -> Option<String> {
    node.attribute("guid").map(normalize_guid)
}

/// GUIDs compare without braces and case (the schema allows `{...}` and either case).
pub(super) fn normalize_guid(guid: &str) -> String {
    guid.trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase()
}

/// The text of the first child element `name` (all its text nodes), or "".
fn child_text(node: Node, name: &'static str) -> String {
    children(node, name)
        .next()
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect::<String>()
        })
        .unwrap_or_default()
}

fn refs(node: Node, name: &'static str) -> Vec<String> {
    children(node, name)
        .filter_map(|r| r.attribute("targetGUID").map(normalize_guid))
        .collect()
}

/// A TextSourceType's text: `PlainTextContent`, else `plainTextPath`.
fn text_of(node: Node) -> SourceText {
    if children(node, "PlainTextContent").next().is_some() {
        return SourceText::Inline(child_text(node, "PlainTextContent"));
    }
    match node.attribute("plainTextPath") {
        Some(path) => match path.strip_prefix(INTERNAL) {
            Some(name) => SourceText::Internal(name.to_owned()),
            None => SourceText::Elsewhere(path.to_owned()),
        },
        None => SourceText::Elsewhere(String::new()),
    }
}

/// Reads a code and the codes nested in it, parents first, in document order. An explicit
/// stack, not recursion: a hostile file can nest codes deeper than a thread's stack.
fn read_code(codes: &mut Vec<Code>, node: Node, parent: Option<usize>) {
    let mut stack = vec![(node, parent)];
    while let Some((node, parent)) = stack.pop() {
        let Some(guid) = guid(node) else {
            continue;
        };
        let index = codes.len();
        codes.push(Code {
            guid,
            name: node.attribute("name").unwrap_or("").trim().to_owned(),
            colour: node.attribute("color").map(str::to_owned),
            description: child_text(node, "Description"),
            notes: refs(node, "NoteRef"),
            parent,
        });
        let nested: Vec<Node> = children(node, "Code").collect();
        stack.extend(nested.into_iter().rev().map(|child| (child, Some(index))));
    }
}

fn read_sources(qde: &mut Qde, sources: Node) {
    for source in elements(sources) {
        let kind = source.tag_name().name();
        let name = source.attribute("name").unwrap_or("").to_owned();
        match kind {
            "TextSource" => {
                if let Some(s) = read_text_source(source, &name) {
                    qde.sources.push(s);
                }
            }
            // A PDF's text representation is a text source Dossier can hold, and its
            // selections on the pages are region annotations of that text's document.
            "PDFSource" => {
                let pdf_original = source
                    .attribute("path")
                    .and_then(|p| p.strip_prefix("internal://"))
                    .map(str::to_owned);
                let text = children(source, "Representation")
                    .next()
                    .and_then(|r| read_text_source(r, &name))
                    .map(|text| Source {
                        pdf_original,
                        picture_original: None,
                        ..text
                    });
                push_with_regions(qde, text, source, "PDFSelection", &name);
            }
            // A picture's text (OCR's, when the other tool kept it) is its `TextSource`; the
            // regions of a picture without one are kept as orphans (see `build`), and a
            // picture without either is not imported.
            "PictureSource" => {
                let text = children(source, "TextSource")
                    .next()
                    .and_then(|r| read_text_source(r, &name))
                    .or_else(|| {
                        children(source, "PictureSelection").next()?;
                        Some(Source {
                            guid: guid(source)?,
                            name: name.clone(),
                            text: SourceText::Inline(String::new()),
                            selections: Vec::new(),
                            codes: Vec::new(),
                            description: child_text(source, "Description"),
                            notes: refs(source, "NoteRef"),
                            created: source.attribute("creationDateTime").map(str::to_owned),
                            pdf_original: None,
                            picture_original: None,
                            variables: variables_of(source),
                        })
                    });
                // Its picture, written if the text cannot be (see `build`).
                let picture_original = source
                    .attribute("path")
                    .and_then(|p| p.strip_prefix(INTERNAL))
                    .map(str::to_owned);
                let text = text.map(|text| Source {
                    picture_original,
                    ..text
                });
                push_with_regions(qde, text, source, "PictureSelection", &name);
            }
            other => qde
                .not_imported
                .push(format!("{other} “{name}”: not a text")),
        }
    }
}

/// `text`, the text of a PDF or picture `source`, added with its `kind` selections as
/// regions; without a text the regions are listed as not imported.
fn push_with_regions(
    qde: &mut Qde,
    text: Option<Source>,
    source: Node,
    kind: &'static str,
    name: &str,
) {
    let regions: Vec<Selection> = children(source, kind).map(read_region).collect();
    match text {
        Some(mut text) => {
            // The text's variables, and the source's own that the text lacks (Dossier
            // gives a page of a multi-page image its page there).
            for (variable, value) in variables_of(source) {
                if !text.variables.iter().any(|(v, _)| *v == variable) {
                    text.variables.push((variable, value));
                }
            }
            text.selections.extend(regions);
            qde.sources.push(text);
        }
        None if !regions.is_empty() => qde.not_imported.push(format!(
            "{} area selection(s) of “{name}”, which has no text to hold them",
            regions.len()
        )),
        None => qde
            .not_imported
            .push(format!("{} “{name}”: not a text", source.tag_name().name())),
    }
}

/// A `PDFSelection` or `PictureSelection`: two opposite corners (`firstX`, `firstY`,
/// `secondX`, `secondY`), a picture's in pixels from its top-left corner, a PDF's in PDF
/// user space (from the bottom-left corner: turned by the builder, which knows the page's
/// height), a PDF's `page` from 0 (see `export::qdpx`). Corners given in the other order are put right; a
/// box without an area has no region (the builder imports it as an orphan).
fn read_region(sel: Node) -> Selection {
    let number = |name: &str| {
        sel.attribute(name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| v.is_finite())
            .map(|v| v as f32)
    };
    let page = sel
        .attribute("page")
        .and_then(|p| p.trim().parse::<u32>().ok())
        .unwrap_or(0);
    let corners = [
        number("firstX"),
        number("firstY"),
        number("secondX"),
        number("secondY"),
    ];
    let region = match corners {
        [Some(x1), Some(y1), Some(x2), Some(y2)] => crate::project::PageRegion::new(
            page,
            crate::corpus::layout::PageRect {
                x: x1.min(x2),
                y: y1.min(y2),
                w: (x2 - x1).abs(),
                h: (y2 - y1).abs(),
            },
        ),
        _ => None,
    };
    Selection {
        region,
        ..read_selection(sel, None)
    }
}

fn variables_of(node: Node) -> Vec<(String, String)> {
    children(node, "VariableValue")
        .filter_map(|value| {
            let variable = refs(value, "VariableRef").into_iter().next()?;
            children(value, "TextValue").next()?;
            Some((variable, child_text(value, "TextValue").trim().to_owned()))
        })
        .collect()
}

/// A `PlainTextSelection`; `created` is the time to give it when it has none of its own
/// (a selection inside a note takes the note's).
fn read_selection(sel: Node, created: Option<&str>) -> Selection {
    let codings: Vec<Node> = children(sel, "Coding").collect();
    let mut notes = refs(sel, "NoteRef");
    for coding in &codings {
        notes.extend(refs(*coding, "NoteRef"));
    }
    Selection {
        guid: guid_or_position(sel),
        name: sel.attribute("name").unwrap_or("").to_owned(),
        start: sel.attribute("startPosition").unwrap_or("").to_owned(),
        end: sel.attribute("endPosition").unwrap_or("").to_owned(),
        codes: codings.iter().flat_map(|c| refs(*c, "CodeRef")).collect(),
        description: child_text(sel, "Description"),
        notes,
        created: sel
            .attribute("creationDateTime")
            .or_else(|| {
                codings
                    .first()
                    .and_then(|c| c.attribute("creationDateTime"))
            })
            .or(created)
            .map(str::to_owned),
        modified: sel.attribute("modifiedDateTime").map(str::to_owned),
        user: codings
            .iter()
            .find_map(|c| c.attribute("creatingUser"))
            .or_else(|| sel.attribute("creatingUser"))
            .map(normalize_guid),
        region: None,
    }
}

fn read_text_source(node: Node, name: &str) -> Option<Source> {
    let guid = guid(node)?;
    let selections = children(node, "PlainTextSelection")
        .map(|sel| read_selection(sel, None))
        .collect();
    let variables = variables_of(node);
    let codes = children(node, "Coding")
        .flat_map(|c| refs(c, "CodeRef"))
        .collect();
    Some(Source {
        guid,
        name: name.to_owned(),
        text: text_of(node),
        selections,
        codes,
        description: child_text(node, "Description"),
        notes: refs(node, "NoteRef"),
        created: node.attribute("creationDateTime").map(str::to_owned),
        pdf_original: None,
        picture_original: None,
        variables,
    })
}

/// A selection's GUID; one without (invalid, but seen) is named by its position so that
/// the report can still point at it.
fn guid_or_position(sel: Node) -> String {
    guid(sel).unwrap_or_else(|| {
        format!(
            "(no guid, {}..{})",
            sel.attribute("startPosition").unwrap_or("?"),
            sel.attribute("endPosition").unwrap_or("?")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const QDE: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name=" Interviews ">
  <CodeBook><Codes>
    <Code guid="{AAAAAAAA-0000-0000-0000-000000000001}" name="Place" isCodable="true" color="#f00">
      <Description>Where</Description>
      <Code guid="aaaaaaaa-0000-0000-0000-000000000002" name="City" isCodable="true"/>
    </Code>
  </Codes></CodeBook>
  <Cases><Case guid="cccccccc-0000-0000-0000-000000000001"/></Cases>
  <Sources>
    <TextSource guid="bbbbbbbb-0000-0000-0000-000000000001" name="One" plainTextPath="internal://b1.txt">
      <PlainTextSelection guid="dddddddd-0000-0000-0000-000000000001" name="Oslo" startPosition="5" endPosition="9">
        <Description>memo</Description>
        <Coding guid="eeeeeeee-0000-0000-0000-000000000001"><CodeRef targetGUID="AAAAAAAA-0000-0000-0000-000000000002"/><NoteRef targetGUID="ffffffff-0000-0000-0000-000000000002"/></Coding>
        <NoteRef targetGUID="ffffffff-0000-0000-0000-000000000001"/>
      </PlainTextSelection>
      <Coding guid="eeeeeeee-0000-0000-0000-000000000002"><CodeRef targetGUID="aaaaaaaa-0000-0000-0000-000000000001"/></Coding>
    </TextSource>
    <PictureSource guid="bbbbbbbb-0000-0000-0000-000000000002" name="Photo" path="internal://p.png"/>
    <PDFSource guid="bbbbbbbb-0000-0000-0000-000000000003" name="Report">
      <Representation guid="bbbbbbbb-0000-0000-0000-000000000004"><PlainTextContent>Inline &amp; text</PlainTextContent></Representation>
    </PDFSource>
  </Sources>
  <Notes>
    <Note guid="ffffffff-0000-0000-0000-000000000001"><PlainTextContent>a note</PlainTextContent></Note>
  </Notes>
</Project>"##;

    #[test]
    fn the_parts_dossier_holds_are_read() {
        let qde = parse(QDE, 1_000_000).expect("parse");
        assert_eq!(qde.name, "Interviews");
        assert_eq!(qde.codes.len(), 2);
        assert_eq!(qde.codes[0].guid, "aaaaaaaa-0000-0000-0000-000000000001");
        assert_eq!(qde.codes[0].colour.as_deref(), Some("#f00"));
        assert_eq!(qde.codes[0].description, "Where");
        assert_eq!(
            (qde.codes[1].name.as_str(), qde.codes[1].parent),
            ("City", Some(0))
        );
        assert_eq!(qde.sources.len(), 2);
        let one = &qde.sources[0];
        assert_eq!(one.text, SourceText::Internal("b1.txt".into()));
        assert_eq!(one.codes, ["aaaaaaaa-0000-0000-0000-000000000001"]);
        let sel = &one.selections[0];
        assert_eq!((sel.start.as_str(), sel.end.as_str()), ("5", "9"));
        assert_eq!(sel.codes, ["aaaaaaaa-0000-0000-0000-000000000002"]);
        assert_eq!(sel.description, "memo");
        assert_eq!(
            sel.notes,
            [
                "ffffffff-0000-0000-0000-000000000001",
                "ffffffff-0000-0000-0000-000000000002"
            ]
        );
        assert_eq!(qde.sources[1].name, "Report");
        assert_eq!(
            qde.sources[1].text,
            SourceText::Inline("Inline & text".into())
        );
        assert_eq!(
            qde.notes.get("ffffffff-0000-0000-0000-000000000001"),
            Some(&SourceText::Inline("a note".into()))
        );
        assert_eq!(qde.not_imported.len(), 2, "{:?}", qde.not_imported);
    }

    #[test]
    fn other_documents_are_refused_clearly() {
        assert!(matches!(
            parse("<Project name='x'/>", 100),
            Err(QdeError::NotAProject(_))
        ));
        assert!(matches!(parse("<Project", 100), Err(QdeError::Xml(_))));
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>"#;
        assert!(matches!(parse(laughs, 100), Err(QdeError::Xml(_))));
        let many = format!(
            "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"x\">{}</Project>",
            "<Users/>".repeat(200)
        );
        assert!(matches!(parse(&many, 100), Err(QdeError::Xml(_))));
    }
}

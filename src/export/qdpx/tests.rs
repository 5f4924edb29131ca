//! Tests of the REFI-QDA export: schema order, positions, codes, notes, names.

use std::collections::HashMap;
use std::io::Read;

use super::*;
use crate::export::fixture::{self, BASES, UNANNOTATED};
use crate::export::render as render_export;

struct Unzipped {
    qde: String,
    files: HashMap<String, String>,
}

fn unzip(bytes: &[u8]) -> Unzipped {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let mut text = String::new();
        entry.read_to_string(&mut text).expect("utf-8 entry");
        files.insert(entry.name().expect("name").into_owned(), text);
    }
    let qde = files.remove(QDE_NAME).expect("project.qde");
    Unzipped { qde, files }
}

fn export() -> (fixture::Fixture, Vec<u8>, super::super::ExportSummary) {
    let f = fixture::fixture();
    let rendered = render_export(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");
    (f, rendered.bytes, rendered.summary)
}

fn el<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().name() == name)
        .collect()
}

/// The value a source gives the variable called `variable`.
fn variable_of<'a>(source: roxmltree::Node<'a, '_>, variable: &str) -> Option<&'a str> {
    let doc = source.document();
    let guid = doc
        .descendants()
        .find(|n| n.has_tag_name((NAMESPACE, "Variable")) && n.attribute("name") == Some(variable))?
        .attribute("guid")?;
    el(source, "VariableValue")
        .into_iter()
        .find(|v| el(*v, "VariableRef")[0].attribute("targetGUID") == Some(guid))
        .and_then(|v| el(v, "TextValue")[0].text())
}

/// The source of the document at `path`.
fn source_of<'a, 'i>(doc: &'a roxmltree::Document<'i>, path: &str) -> roxmltree::Node<'a, 'i> {
    doc.descendants()
        .find(|n| {
            n.has_tag_name((NAMESPACE, "TextSource"))
                && variable_of(*n, PATH_VARIABLE) == Some(path)
        })
        .expect("source")
}

#[test]
fn the_qde_follows_the_schema_and_positions_hold_in_the_sources() {
    let (f, bytes, summary) = export();
    let zip = unzip(&bytes);
    let doc = roxmltree::Document::parse(&zip.qde).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NAMESPACE));
    assert_eq!(root.tag_name().name(), "Project");
    assert_eq!(root.attribute("name"), Some("Syria bases"));
    // Children in the schema's sequence order.
    let order: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(
        order,
        ["Users", "CodeBook", "Variables", "Sources", "Notes"]
    );

    let sources = el(el(root, "Sources")[0], "TextSource");
    assert_eq!(sources.len(), f.corpus.documents.len());
    let mut selections = 0;
    for source in &sources {
        for attr in ["guid", "plainTextPath"] {
            assert!(
                source.attribute(attr).is_some(),
                "TextSource without {attr}"
            );
        }
        let path = source.attribute("plainTextPath").expect("path");
        let file = path.strip_prefix(INTERNAL).expect("internal path");
        let text = &zip.files[&format!("{SOURCES_DIR}/{file}")];
        let name = variable_of(*source, PATH_VARIABLE).expect("the document's path");
        assert_eq!(text, f.corpus.get(name).expect("document").text.as_str());
        assert!(!text.contains('\r') && !text.starts_with('\u{FEFF}'));
        for sel in el(*source, "PlainTextSelection") {
            let start: usize = sel
                .attribute("startPosition")
                .expect("start")
                .parse()
                .expect("int");
            let end: usize = sel
                .attribute("endPosition")
                .expect("end")
                .parse()
                .expect("int");
            let quote: String = text.chars().skip(start).take(end - start).collect();
            let annotation = f
                .project
                .annotations
                .values()
                .find(|a| a.anchor.quote == quote && a.document == name)
                .expect("the selection's text is an annotation's quote");
            assert_eq!(
                sel.attribute("name"),
                Some(crate::text::shorten(&annotation.anchor.quote, 80).as_str())
            );
            assert!(sel.attribute("guid").is_some());
            selections += 1;
        }
    }
    assert_eq!(selections, 5);
    assert_eq!((summary.annotations, summary.orphaned), (5, 0));
    assert_eq!(summary.documents, 3);
    assert_eq!(summary.warnings.len(), 1, "{:?}", summary.warnings);
    assert!(summary.warnings[0].contains("orphaned"));
    let unannotated = source_of(&doc, UNANNOTATED);
    assert!(el(unannotated, "PlainTextSelection").is_empty());
}

#[test]
fn codes_nest_with_colours_and_codings_and_notes_resolve() {
    let (_, bytes, _) = export();
    let zip = unzip(&bytes);
    let doc = roxmltree::Document::parse(&zip.qde).expect("well-formed XML");
    let root = doc.root_element();
    let codes = el(el(root, "CodeBook")[0], "Codes")[0];
    let top: Vec<&str> = el(codes, "Code")
        .iter()
        .map(|c| c.attribute("name").expect("name"))
        .collect();
    assert_eq!(top, ["Actors", "Odd <b>\"tag\"</b> & co", "Russia"]);
    let russia = el(codes, "Code")[2];
    let kids: Vec<&str> = el(russia, "Code")
        .iter()
        .map(|c| c.attribute("name").expect("name"))
        .collect();
    assert_eq!(kids, ["Bases", "Diplomacy"]);
    let bases = el(russia, "Code")[0];
    assert_eq!(bases.attribute("color"), Some("#1e88e5"));
    assert_eq!(bases.attribute("isCodable"), Some("true"));
    assert_eq!(el(bases, "Description")[0].text(), Some("About Bases."));
    assert_eq!(el(bases, "Code")[0].attribute("name"), Some("Air"));

    let guid_of = |name: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name((NAMESPACE, "Code")) && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("guid"))
            .expect("code")
            .to_owned()
    };
    let source = source_of(&doc, BASES);
    let sel = el(source, "PlainTextSelection")
        .into_iter()
        .find(|s| s.attribute("name") == Some("Ţarţūs"))
        .expect("selection");
    let coded: Vec<&str> = el(sel, "Coding")
        .iter()
        .map(|c| {
            el(*c, "CodeRef")[0]
                .attribute("targetGUID")
                .expect("target")
        })
        .collect();
    assert_eq!(
        coded,
        [guid_of("Actors").as_str(), guid_of("Russia").as_str()]
    );

    let with_note = el(source, "PlainTextSelection")
        .into_iter()
        .find(|s| s.attribute("startPosition") == Some("35"))
        .expect("selection with a note");
    let target = el(with_note, "NoteRef")[0]
        .attribute("targetGUID")
        .expect("note ref");
    let note = doc
        .descendants()
        .find(|n| n.has_tag_name((NAMESPACE, "Note")) && n.attribute("guid") == Some(target))
        .expect("the note referred to");
    let note_text = "Key claim; \"since 2015\" per the source.\nCheck against the 2017 treaty.";
    assert_eq!(el(note, "PlainTextContent")[0].text(), Some(note_text));
    // The same note as the selection's description (QualCoder reads it there), written
    // before the codings as the schema orders them.
    assert_eq!(el(with_note, "Description")[0].text(), Some(note_text));
    let order: Vec<&str> = with_note
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(order, ["Description", "Coding", "NoteRef"]);
    // Every note reaches a reader of either form: as many descriptions as notes.
    let described = doc
        .descendants()
        .filter(|n| n.has_tag_name((NAMESPACE, "PlainTextSelection")))
        .filter(|n| !el(*n, "Description").is_empty())
        .count();
    let notes = doc
        .descendants()
        .filter(|n| n.has_tag_name((NAMESPACE, "Note")))
        .count();
    assert_eq!((described, notes), (3, 3));
}

#[test]
fn sources_are_named_by_plain_unique_titles_and_carry_their_path() {
    let (f, bytes, _) = export();
    let zip = unzip(&bytes);
    let doc = roxmltree::Document::parse(&zip.qde).expect("well-formed XML");
    let names: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NAMESPACE, "TextSource")))
        .map(|n| {
            (
                n.attribute("name").expect("name"),
                variable_of(n, PATH_VARIABLE).expect("path"),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("empty-handed", UNANNOTATED),
            ("Ţarţūs harbour", BASES),
            ("Escapes & co", crate::export::fixture::TRICKY),
        ]
    );
    for (name, _) in &names {
        assert!(!name.contains(['/', '\\', ':']), "{name}");
    }
    // No name needed changing, so no title variable.
    assert!(!zip.qde.contains(TITLE_VARIABLE));
    // A title with a folder separator in it is made plain, and kept as a variable.
    let mut project = f.project.clone();
    project
        .documents
        .entry(BASES.to_owned())
        .or_insert_with(|| crate::project::DocumentRecord {
            path: BASES.to_owned(),
            hash: f.corpus.get(BASES).expect("doc").hash.clone(),
            title: String::new(),
            renamed: None,
            coded_by: Default::default(),
        })
        .renamed = Some("Russia/Syria: bases".to_owned());
    let rendered = render_export(ExportFormat::Qdpx, &project, &f.corpus).expect("export");
    let zip = unzip(&rendered.bytes);
    let doc = roxmltree::Document::parse(&zip.qde).expect("well-formed XML");
    let source = source_of(&doc, BASES);
    assert_eq!(source.attribute("name"), Some("Russia - Syria - bases"));
    assert_eq!(
        variable_of(source, TITLE_VARIABLE),
        Some("Russia/Syria: bases")
    );
}

#[test]
fn re_exports_are_identical() {
    let f = fixture::fixture();
    let first = render_export(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");
    let second = render_export(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");
    assert_eq!(first.bytes, second.bytes);
}

#[test]
fn escaping_reads_back_exactly() {
    let nasty = "a&b <c> \"d\" 'e'\r\nline\ttab\u{1}end";
    let xml = format!(
        "<r a=\"{}\">{}</r>",
        escape(nasty, true),
        escape(nasty, false)
    );
    let doc = roxmltree::Document::parse(&xml).expect("well-formed");
    let expected = nasty.replace('\u{1}', "\u{FFFD}");
    assert_eq!(doc.root_element().attribute("a"), Some(expected.as_str()));
    assert_eq!(doc.root_element().text(), Some(expected.as_str()));
}

#[test]
fn every_coder_is_a_user_and_creates_their_selections_and_codings() {
    let (_, bytes, _) = export();
    let zip = unzip(&bytes);
    let doc = roxmltree::Document::parse(&zip.qde).expect("well-formed XML");
    let root = doc.root_element();
    let users: Vec<(&str, &str)> = el(el(root, "Users")[0], "User")
        .iter()
        .map(|u| {
            (
                u.attribute("name").expect("name"),
                u.attribute("guid").expect("guid"),
            )
        })
        .collect();
    let names: Vec<&str> = users.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["Dossier", "Ana", "Bob \"B.\" <Lee>"]);
    let guid = |name: &str| users.iter().find(|(n, _)| *n == name).expect("user").1;
    let source = source_of(&doc, BASES);
    let creator = |quote: &str| {
        let sel = el(source, "PlainTextSelection")
            .into_iter()
            .find(|s| s.attribute("name") == Some(quote))
            .expect("selection");
        for coding in el(sel, "Coding") {
            assert_eq!(
                coding.attribute("creatingUser"),
                sel.attribute("creatingUser")
            );
        }
        sel.attribute("creatingUser").expect("creating user")
    };
    assert_eq!(creator("military bases in Hmeimim and Tartus"), guid("Ana"));
    assert_eq!(creator("Ţarţūs"), guid("Bob \"B.\" <Lee>"));
    // Annotations made before coders were recorded stay Dossier's.
    assert_eq!(creator("Talks in Damascus"), guid("Dossier"));
}

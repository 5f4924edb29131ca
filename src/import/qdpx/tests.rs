//! Import tests: Dossier's own export brought back, a project as other tools write it
//! (CRLF texts, braces in GUIDs, positions that do not fit), and bad files.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Write};
use std::path::Path;

use super::*;
use crate::corpus::{Corpus, LoadOptions};
use crate::export::fixture;
use crate::export::{ExportFormat, render};
use crate::project::{Project, file, reconcile};

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("start entry");
        writer.write_all(bytes).expect("write entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

fn import_bytes(bytes: Vec<u8>, into: &Path) -> Result<ImportReport, ImportError> {
    import_from(
        Cursor::new(bytes),
        Path::new("test.qdpx"),
        into,
        ImportLimits::default(),
    )
}

/// Annotations by quote: (tag paths, note).
fn by_quote(project: &Project) -> BTreeMap<String, (Vec<String>, String)> {
    project
        .annotations
        .values()
        .map(|a| {
            let mut tags: Vec<String> = a.tags.iter().map(|&t| project.tag_path(t)).collect();
            tags.sort();
            (a.anchor.quote.clone(), (tags, a.note.clone()))
        })
        .collect()
}

#[test]
fn an_export_imports_back_with_every_quote_tag_and_note() {
    let f = fixture::fixture();
    let exported = render(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");
    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(exported.bytes, into.path()).expect("import");

    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
    assert_eq!(
        report.project_file,
        into.path().join("Syria bases.dossier.ron")
    );
    let imported = file::load(&report.project_file).expect("the saved project loads");
    assert_eq!(imported.name, "Syria bases");

    // Every annotation that had a place comes back with its quote, tags and note; the
    // orphan could not be exported (the export said so) and is the only one missing.
    let mut expected = by_quote(&f.project);
    expected.remove("lost passage");
    assert_eq!(by_quote(&imported), expected);
    assert_eq!(report.annotations, expected.len());
    // And with its coder (none for the annotations made before coders were recorded).
    let coders = |p: &Project| -> BTreeMap<String, Option<String>> {
        p.annotations
            .values()
            .filter(|a| !a.orphaned)
            .map(|a| (a.anchor.quote.clone(), a.coder.clone()))
            .collect()
    };
    assert_eq!(coders(&imported), coders(&f.project));
    assert_eq!(
        coders(&imported)["military bases in Hmeimim and Tartus"].as_deref(),
        Some("Ana")
    );

    // The codebook: same paths, colours and descriptions, unused tags included.
    let codebook = |p: &Project| -> Vec<(String, String, String)> {
        let mut list: Vec<_> = p
            .tags
            .values()
            .map(|t| {
                (
                    p.tag_path(t.id),
                    t.colour.to_string(),
                    t.description.clone(),
                )
            })
            .collect();
        list.sort();
        list
    };
    assert_eq!(codebook(&imported), codebook(&f.project));

    // The folder is the corpus: every document is there, and every annotation is at its
    // position (nothing to re-anchor).
    let corpus = Corpus::load(into.path(), &LoadOptions::default()).expect("corpus");
    assert_eq!(corpus.documents.len(), f.corpus.documents.len());
    assert!(corpus.get("syria/bases.txt").is_some());
    assert!(
        corpus.get("tricky _one_.md").is_some(),
        "the Markdown file stays Markdown: {:?}",
        corpus.documents
    );
    let mut project = imported;
    let check = reconcile(&mut project, &corpus);
    assert_eq!(check.totals.anchored, expected.len(), "{}", check.summary());
    assert!(!check.changed_annotations);
}

#[test]
fn an_export_imports_back_with_its_titles_and_file_extensions() {
    let f = fixture::fixture();
    // A title of the user's own, with characters a plain source name cannot carry.
    let mut project = f.project.clone();
    let mut corpus_project = project.clone();
    reconcile(&mut corpus_project, &f.corpus);
    project.documents = corpus_project.documents;
    project
        .documents
        .get_mut(fixture::UNANNOTATED)
        .expect("record")
        .renamed = Some("Notes: nothing/coded".to_owned());
    let exported = render(ExportFormat::Qdpx, &project, &f.corpus).expect("export");
    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(exported.bytes, into.path()).expect("import");
    let imported = file::load(&report.project_file).expect("project");
    let corpus = Corpus::load(into.path(), &LoadOptions::default()).expect("corpus");

    let paths: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        paths,
        ["empty-handed.txt", "syria/bases.txt", "tricky _one_.md"]
    );
    let titles = |p: &Project, c: &Corpus, paths: &[(&str, &str)]| -> Vec<String> {
        paths
            .iter()
            .map(|(path, _)| {
                let own = c.get(path).map(|d| d.title.as_str());
                p.document_title(path, own).expect("title").to_owned()
            })
            .collect()
    };
    let pairs = [
        (fixture::UNANNOTATED, "empty-handed.txt"),
        (fixture::BASES, "syria/bases.txt"),
        (fixture::TRICKY, "tricky _one_.md"),
    ];
    let before = titles(&project, &f.corpus, &pairs);
    let after: Vec<String> = pairs
        .iter()
        .map(|(_, new)| {
            let own = corpus.get(new).map(|d| d.title.as_str());
            imported.document_title(new, own).expect("title").to_owned()
        })
        .collect();
    assert_eq!(
        before,
        ["Notes: nothing/coded", "Ţarţūs harbour", "Escapes & co"]
    );
    assert_eq!(after, before);
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
}

/// A project as QualCoder exports it: a coded selection with its memo as `Description`,
/// and an annotation as a `Note` holding its passage, referred to by the source.
const QUALCODER_QDE: &str = r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="interviews.qda" origin="QualCoder 3.6" creatingUserGUID="0f0f0f0f-0000-0000-0000-000000000001" creationDateTime="2025-01-02T03:04:05Z" xmlns="urn:QDA-XML:project:1.0">
<Users>
<User guid="0f0f0f0f-0000-0000-0000-000000000002" name="ana" />
</Users>
<CodeBook><Codes>
<Code guid="c1c1c1c1-0000-0000-0000-000000000001" name="Ports" isCodable="true" color="#F781F3">
</Code>
</Codes></CodeBook>
<Sources>
<TextSource plainTextPath="internal://5e5e5e5e-0000-0000-0000-000000000001.txt" creatingUser="0f0f0f0f-0000-0000-0000-000000000002" creationDateTime="2025-01-02T03:04:05Z" guid="5e5e5e5e-0000-0000-0000-000000000001" name="Interview Ana">
<PlainTextSelection guid="a1a1a1a1-0000-0000-0000-000000000001" startPosition="10" endPosition="29" name="The base at Ţarţūs." creatingUser="0f0f0f0f-0000-0000-0000-000000000002" creationDateTime="2025-01-02T03:04:05Z">
<Description>The port matters.</Description>
<Coding guid="e1e1e1e1-0000-0000-0000-000000000001" creatingUser="0f0f0f0f-0000-0000-0000-000000000002" >
<CodeRef targetGUID="c1c1c1c1-0000-0000-0000-000000000001" />
</Coding>
</PlainTextSelection>
<NoteRef targetGUID="f1f1f1f1-0000-0000-0000-000000000001" />
</TextSource>
</Sources>
<Notes>
<Note guid="f1f1f1f1-0000-0000-0000-000000000001" creatingUser="0f0f0f0f-0000-0000-0000-000000000002" creationDateTime="2025-01-03T04:05:06Z" >
<PlainTextContent>Ana hesitates here.</PlainTextContent>
<PlainTextSelection guid="a1a1a1a1-0000-0000-0000-000000000002" startPosition="30" endPosition="38" />
</Note>
<Note guid="f1f1f1f1-0000-0000-0000-000000000002" creatingUser="0f0f0f0f-0000-0000-0000-000000000002" creationDateTime="2025-01-03T04:05:06Z" >
<PlainTextContent>A second annotation no source refers to.</PlainTextContent>
<PlainTextSelection guid="a1a1a1a1-0000-0000-0000-000000000003" startPosition="0" endPosition="4" />
</Note>
</Notes>
<Description>Interviews on the ports.</Description>
</Project>"##;

#[test]
fn qualcoder_notes_become_annotations_over_their_own_passages() {
    let text = "Line one.\nThe base at Ţarţūs.\nThe end.\n";
    let bytes = zip_of(&[
        ("project.qde", QUALCODER_QDE.as_bytes()),
        (
            "sources/5e5e5e5e-0000-0000-0000-000000000001.txt",
            text.as_bytes(),
        ),
    ]);
    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(bytes, into.path()).expect("import");
    let project = file::load(&report.project_file).expect("project");
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);

    // The coded selection: its description is its note.
    let coded = project
        .annotations
        .values()
        .find(|a| a.anchor.quote == "The base at Ţarţūs.")
        .expect("coded selection");
    assert_eq!(coded.note, "The port matters.");
    assert_eq!(project.tag_path(coded.tags[0]), "Ports");

    // The note with its own passage: an annotation over that passage, not the document.
    let annotated = project
        .annotations
        .values()
        .find(|a| a.note == "Ana hesitates here.")
        .expect("the note's annotation");
    assert_eq!(annotated.anchor.quote, "The end.");
    assert_eq!((annotated.anchor.start, annotated.anchor.end), (30, 38));
    assert!(annotated.tags.is_empty());
    assert_eq!(annotated.created.to_string(), "2025-01-03T04:05:06Z");
    assert!(
        !project
            .annotations
            .values()
            .any(|a| a.anchor.start == 0 && a.anchor.end == text.chars().count()),
        "no annotation over the whole document"
    );
    assert_eq!(project.annotations.len(), 2);
    // The note whose source is not named cannot be placed, and the report says so.
    let remarks = report.remarks.join("\n");
    assert!(
        remarks.contains("1 note(s) on a passage were not imported"),
        "{remarks}"
    );
    assert!(!remarks.contains("not attached"), "{remarks}");
    // QualCoder names the source; that name is the document's title.
    assert_eq!(report.documents[0].path, "Interview Ana.txt");
}

const CRLF_TEXT: &str = "Line one.\r\nThe base at Ţarţūs.\r\nThe end.\r\n";

fn foreign_qde(selections: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Field study" origin="Another tool">
  <Users><User guid="00000000-0000-0000-0000-00000000000a" name="Ana"/></Users>
  <CodeBook><Codes>
    <Code guid="{{C0000000-0000-0000-0000-000000000001}}" name="Places" isCodable="false" color="#0F0">
      <Code guid="c0000000-0000-0000-0000-000000000002" name="Ports" isCodable="true"/>
    </Code>
    <Code guid="c0000000-0000-0000-0000-000000000003" name="ports" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="50000000-0000-0000-0000-000000000001" name="Interview 1.docx" plainTextPath="internal://50000000-0000-0000-0000-000000000001.txt">
      {selections}
      <Coding guid="e0000000-0000-0000-0000-000000000009"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000001"/></Coding>
    </TextSource>
    <AudioSource guid="50000000-0000-0000-0000-000000000002" name="Tape" path="internal://tape.mp3"/>
    <TextSource guid="50000000-0000-0000-0000-000000000003" name="Elsewhere" plainTextPath="absolute:///home/ana/x.txt">
      <PlainTextSelection guid="a0000000-0000-0000-0000-000000000009" name="lost" startPosition="0" endPosition="4"/>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="f0000000-0000-0000-0000-000000000001" name="memo"><PlainTextContent>A memo on the port.</PlainTextContent></Note>
    <Note guid="f0000000-0000-0000-0000-000000000002" name="journal"><PlainTextContent>Project journal.</PlainTextContent></Note>
  </Notes>
</Project>"##
    )
}

/// "The base at Ţarţūs." starts at 11 in the CRLF text (10 after "Line one.\r\n" as LF).
const GOOD_SELECTIONS: &str = r#"
      <PlainTextSelection guid="A0000000-0000-0000-0000-000000000001" name="The base at Ţarţūs." startPosition="11" endPosition="30" creationDateTime="2020-01-02T03:04:05Z">
        <Description>Seen in the port.</Description>
        <Coding guid="e0000000-0000-0000-0000-000000000001" creatingUser="{00000000-0000-0000-0000-00000000000A}" creationDateTime="2020-01-02T03:04:05Z"><CodeRef targetGUID="C0000000-0000-0000-0000-000000000002"/></Coding>
        <NoteRef targetGUID="f0000000-0000-0000-0000-000000000001"/>
      </PlainTextSelection>
      <PlainTextSelection guid="a0000000-0000-0000-0000-000000000002" name="Line one" startPosition="0" endPosition="9">
        <Coding guid="e0000000-0000-0000-0000-000000000002"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000003"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="a0000000-0000-0000-0000-000000000003" name="Not what is there" startPosition="32" endPosition="35"/>
      <PlainTextSelection guid="a0000000-0000-0000-0000-000000000004" name="beyond the end" startPosition="30" endPosition="999">
        <Coding guid="e0000000-0000-0000-0000-000000000004"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000002"/></Coding>
      </PlainTextSelection>
      <PlainTextSelection guid="a0000000-0000-0000-0000-000000000005" name="reversed" startPosition="9" endPosition="2"/>"#;

fn foreign_qdpx() -> Vec<u8> {
    let qde = foreign_qde(GOOD_SELECTIONS);
    zip_of(&[
        ("project.qde", qde.as_bytes()),
        (
            "Sources/50000000-0000-0000-0000-000000000001.txt",
            CRLF_TEXT.as_bytes(),
        ),
    ])
}

#[test]
fn a_foreign_project_imports_with_its_mismatches_reported() {
    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(foreign_qdpx(), into.path()).expect("import");
    let project = file::load(&report.project_file).expect("project");

    // The CRLF text is written as Dossier reads it, and positions follow the characters.
    assert_eq!(report.documents.len(), 1);
    assert_eq!(report.documents[0].path, "Interview 1.txt");
    let written = std::fs::read_to_string(into.path().join("Interview 1.txt")).expect("text");
    assert_eq!(written, CRLF_TEXT.replace("\r\n", "\n"));
    let port = project
        .annotations
        .values()
        .find(|a| a.anchor.quote == "The base at Ţarţūs.")
        .expect("mapped through the line ends");
    assert_eq!((port.anchor.start, port.anchor.end), (10, 29));
    assert_eq!(port.note, "Seen in the port.\n\nA memo on the port.");
    assert_eq!(project.tag_path(port.tags[0]), "Places / Ports");
    assert_eq!(port.created.to_string(), "2020-01-02T03:04:05Z");
    // The coding's creating user, whatever the case and braces of its GUID, is its coder.
    assert_eq!(port.coder.as_deref(), Some("Ana"));

    // Codes: hierarchy kept, "#0F0" read, the clashing name renamed and said so.
    let places = project.tag_by_name("Places").expect("Places");
    assert_eq!(places.colour.to_string(), "#00ff00");
    let line = project
        .annotations
        .values()
        .find(|a| a.anchor.quote == "Line one.")
        .expect("line one");
    assert_eq!(project.tag_path(line.tags[0]), "ports 2");
    assert_eq!(line.coder, None, "no creating user, no coder");
    assert!(
        report
            .remarks
            .iter()
            .any(|r| r.contains("renamed “ports 2”"))
    );

    // Mismatches: a name that differs (kept where the positions say), out of range and
    // reversed (orphans with their tags), and the source whose text is elsewhere.
    let kinds: Vec<(&str, MismatchKind)> = report
        .mismatches
        .iter()
        .map(|m| (m.selection.as_str(), m.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "a0000000-0000-0000-0000-000000000003",
                MismatchKind::TextDiffers
            ),
            (
                "a0000000-0000-0000-0000-000000000004",
                MismatchKind::OutOfRange
            ),
            (
                "a0000000-0000-0000-0000-000000000005",
                MismatchKind::OutOfRange
            ),
            ("a0000000-0000-0000-0000-000000000009", MismatchKind::NoText),
        ]
    );
    let differs = project
        .annotations
        .values()
        .find(|a| a.anchor.start == 30 && !a.orphaned)
        .expect("kept at its position");
    assert_eq!(differs.anchor.quote, "The");
    let beyond = project
        .annotations
        .values()
        .find(|a| a.anchor.quote == "beyond the end")
        .expect("orphan");
    assert!(beyond.orphaned);
    assert_eq!(project.tag_path(beyond.tags[0]), "Places / Ports");
    assert_eq!(report.orphaned, 3);

    // The whole-source coding became an annotation over the whole text.
    assert!(
        project.annotations.values().any(|a| {
            a.anchor.start == 0 && a.anchor.end == 29 + 10 && a.tags == vec![places.id]
        })
    );
    // What has no place in Dossier is said, not dropped silently.
    let remarks = report.remarks.join("\n");
    assert!(remarks.contains("AudioSource “Tape”"), "{remarks}");
    assert!(remarks.contains("line ends converted"), "{remarks}");
    assert!(remarks.contains("1 note(s) not attached"), "{remarks}");
}

#[test]
fn an_existing_project_file_is_never_overwritten() {
    let into = tempfile::tempdir().expect("temp dir");
    let existing = into.path().join("Field study.dossier.ron");
    std::fs::write(&existing, "keep me").expect("write");
    let err = import_bytes(foreign_qdpx(), into.path()).expect_err("refused");
    assert!(matches!(err, ImportError::Exists { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), "keep me");
    assert!(
        !into.path().join("Interview 1.txt").exists(),
        "nothing written"
    );
    // Texts never overwrite documents already in the folder either.
    std::fs::remove_file(&existing).expect("remove");
    std::fs::write(into.path().join("Interview 1.txt"), "mine").expect("write");
    let report = import_bytes(foreign_qdpx(), into.path()).expect("import");
    assert_eq!(report.documents[0].path, "Interview 1 (2).txt");
    assert_eq!(
        std::fs::read_to_string(into.path().join("Interview 1.txt")).expect("read"),
        "mine"
    );
}

#[test]
fn bad_files_are_refused_with_clear_errors() {
    let into = tempfile::tempdir().expect("temp dir");
    let check = |bytes: Vec<u8>, expected: &str| {
        let err = import_bytes(bytes, into.path()).expect_err("refused");
        let message = err.to_string();
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
    };
    check(b"%PDF-1.7 not a zip".to_vec(), "not a zip archive");
    check(Vec::new(), "not a zip archive");
    let mut truncated = foreign_qdpx();
    truncated.truncate(truncated.len() / 2);
    check(truncated, "not a zip archive");
    check(zip_of(&[("sources/a.txt", b"text")]), "no project.qde");
    check(
        zip_of(&[(
            "project.qde",
            b"<Project xmlns=\"urn:QDA-XML:project:1.0\"><Sources>",
        )]),
        "not well-formed XML",
    );
    check(
        zip_of(&[("project.qde", b"<html><body>hello</body></html>")]),
        "root is html without a namespace",
    );
    check(
        zip_of(&[("project.qde", &[0xFF, 0xFE, 0x00, 0xD8, 0x41])]),
        "project.qde",
    );
    // Nothing was written by any of them.
    assert_eq!(std::fs::read_dir(into.path()).expect("list").count(), 0);
}

#[test]
fn zip_bombs_are_refused_after_reading_at_most_the_cap() {
    let into = tempfile::tempdir().expect("temp dir");
    let limits = ImportLimits {
        max_entry_bytes: 1 << 20,
        max_total_bytes: 3 << 19,
        ..ImportLimits::default()
    };
    // 8 MiB of zeros deflate to a few kilobytes.
    let zeros = vec![0u8; 8 << 20];
    let bomb = zip_of(&[("project.qde", &zeros)]);
    assert!(bomb.len() < 64 << 10);
    let err = import_from(
        Cursor::new(bomb),
        Path::new("bomb.qdpx"),
        into.path(),
        limits,
    )
    .expect_err("refused");
    assert!(matches!(err, ImportError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("zip bomb"));

    // Entries each under the cap that add up to more than the total.
    let qde = foreign_qde("").replace(
        "<AudioSource guid=\"50000000-0000-0000-0000-000000000002\" name=\"Tape\" path=\"internal://tape.mp3\"/>",
        "<TextSource guid=\"50000000-0000-0000-0000-000000000002\" name=\"Tape\" plainTextPath=\"internal://tape.txt\"/>",
    );
    let big = "x".repeat(3 << 18);
    let many = zip_of(&[
        ("project.qde", qde.as_bytes()),
        (
            "Sources/50000000-0000-0000-0000-000000000001.txt",
            big.as_bytes(),
        ),
        ("Sources/tape.txt", big.as_bytes()),
    ]);
    let err = import_from(
        Cursor::new(many),
        Path::new("many.qdpx"),
        into.path(),
        limits,
    )
    .expect_err("refused");
    assert!(matches!(err, ImportError::TotalTooLarge { .. }), "{err}");
    assert_eq!(std::fs::read_dir(into.path()).expect("list").count(), 0);
}

#[test]
fn deeply_nested_and_many_same_named_codes_import_without_overflow() {
    let nested = 3_000;
    let same = 1_000;
    let mut codes = String::new();
    for i in 0..nested {
        codes.push_str(&format!(
            "<Code guid=\"d0000000-0000-0000-0000-{i:012}\" name=\"Level {i}\" isCodable=\"true\">"
        ));
    }
    codes.push_str(&"</Code>".repeat(nested));
    for i in 0..same {
        codes.push_str(&format!(
            "<Code guid=\"b0000000-0000-0000-0000-{i:012}\" name=\"Theme\" isCodable=\"true\"/>"
        ));
    }
    let qde = foreign_qde("").replace(r#"<CodeBook><Codes>"#, &format!("<CodeBook><Codes>{codes}"));
    let bytes = zip_of(&[("project.qde", qde.as_bytes())]);
    let into = tempfile::tempdir().expect("tempdir");
    let target = into.path().to_owned();
    // A small stack: recursion over the nesting would overflow it.
    let report = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || import_bytes(bytes, &target))
        .expect("thread")
        .join()
        .expect("no overflow")
        .expect("imported");
    // The three codes of the fixture, the nested chain, the same-named ones.
    assert_eq!(report.tags, 3 + nested + same);
    let project = crate::project::file::load(&report.project_file).expect("loads");
    let names: HashSet<String> = project
        .tags
        .values()
        .map(|t| t.name.to_lowercase())
        .collect();
    assert_eq!(names.len(), project.tags.len(), "names are unique");
    assert!(project.tag_by_name("Theme").is_some() && project.tag_by_name("Theme 1000").is_some());
}

#[test]
fn regions_on_a_pdf_and_an_image_import_back_with_their_boxes_codes_and_notes() {
    let f = fixture::with_regions();
    let exported = render(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");
    // The other tool gets the originals, and selections on them.
    let xml = {
        let mut zip = zip::ZipArchive::new(Cursor::new(exported.bytes.clone())).expect("zip");
        let names: Vec<String> = (0..zip.len())
            .filter_map(|i| zip.by_index(i).ok()?.name().ok().map(|n| n.into_owned()))
            .collect();
        assert!(names.iter().any(|n| n.ends_with(".pdf")), "{names:?}");
        assert!(names.iter().any(|n| n.ends_with(".png")), "{names:?}");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("qde"), &mut xml)
            .expect("read");
        xml
    };
    for element in [
        "<PDFSource ",
        "<Representation ",
        "<PDFSelection ",
        "<PictureSource ",
    ] {
        assert!(xml.contains(element), "{element} in {xml}");
    }
    assert!(xml.contains("<PictureSelection "));
    // A PDF's box is in PDF user space, y upwards from the page's bottom: the upper-left
    // corner (first) has the larger y. A picture's is in pixels from its top-left corner.
    let corner_ys = |element: &str| -> (i64, i64) {
        let at = xml.find(element).expect("selection");
        let tag = &xml[at..at + xml[at..].find('>').expect("end of tag")];
        let attr = |name: &str| -> i64 {
            let from = tag.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
            tag[from..from + tag[from..].find('"').expect("quote")]
                .parse()
                .expect("a whole number")
        };
        (attr("firstY"), attr("secondY"))
    };
    let (first, second) = corner_ys("<PDFSelection ");
    assert!(first > second, "PDF corners {first}, {second}");
    let (first, second) = corner_ys("<PictureSelection ");
    assert!(first < second, "picture corners {first}, {second}");

    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(exported.bytes, into.path()).expect("import");
    // The photograph has no text to write as a document: its region is kept, as an orphan
    // of the photograph's path, and said so.
    let [photo] = &report.mismatches[..] else {
        panic!("{:?}", report.mismatches)
    };
    assert_eq!(photo.kind, MismatchKind::NoText);
    let imported = file::load(&report.project_file).expect("the saved project loads");
    assert!(
        imported
            .annotations
            .values()
            .any(|a| a.orphaned && a.document == fixture::PHOTO && a.anchor.region.is_some())
    );
    // The photograph itself is in the corpus, for Dossier to read and place them on.
    assert_eq!(
        std::fs::read(into.path().join(fixture::PHOTO)).ok(),
        std::fs::read(f.corpus.root.join(fixture::PHOTO)).ok(),
        "the picture written as it was"
    );
    type Region = (String, u32, [i64; 4], Vec<String>, String, Option<String>);
    let regions = |p: &Project| -> Vec<Region> {
        let mut list: Vec<Region> = p
            .annotations
            .values()
            .filter_map(|a| {
                let r = a.anchor.region?;
                let corners = [r.x, r.y, r.x + r.w, r.y + r.h].map(|v| v.round() as i64);
                let tags = a.tags.iter().map(|&t| p.tag_path(t)).collect();
                let file = a.document.rsplit('/').next().unwrap_or("").to_owned();
                let stem = file.split('.').next().unwrap_or("").to_owned();
                Some((stem, r.page, corners, tags, a.note.clone(), a.coder.clone()))
            })
            .collect();
        list.sort();
        list
    };
    let expected = regions(&f.project);
    assert_eq!(expected.len(), 2);
    assert_eq!(regions(&imported), expected);
    // The passages of text come back as before.
    let text = |p: &Project| {
        let mut quotes: Vec<String> = p
            .annotations
            .values()
            .filter(|a| a.anchor.region.is_none() && !a.orphaned)
            .map(|a| a.anchor.quote.clone())
            .collect();
        quotes.sort();
        quotes
    };
    assert_eq!(text(&imported), text(&f.project));
}

/// The project as opened: its corpus read from the folder it was imported into, its
/// annotations re-anchored; every one that was not an orphan is where it was saved.
fn open_imported(report: &ImportReport) -> (Project, Corpus) {
    let mut project = file::load(&report.project_file).expect("the saved project loads");
    let root = project.corpus_root.clone().expect("a corpus folder");
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("corpus");
    let check = reconcile(&mut project, &corpus);
    for a in check.annotations.iter().filter(|a| !a.was_orphaned) {
        assert_eq!(
            a.status,
            crate::project::AnchorStatus::Anchored,
            "{a:?} as imported"
        );
    }
    (project, corpus)
}

#[test]
fn a_pdf_imports_as_itself_with_its_regions_words_and_passages_on_the_same_words() {
    let mut f = fixture::with_regions();
    let pdf = f.corpus.get(fixture::REPORT_PDF).expect("the PDF").clone();
    let wanted = "negotiations over Tartus";
    let byte = pdf.text.as_str().find(wanted).expect("in the PDF's text");
    let start = pdf.text.char_of_byte(byte).expect("a char");
    let anchor = crate::project::Anchor::from_range(&pdf.text, start, start + wanted.len())
        .expect("a passage");
    let id = f.project.new_annotation_id();
    crate::project::Command::AddAnnotation(crate::project::Annotation {
        id,
        document: fixture::REPORT_PDF.to_owned(),
        anchor,
        note: "Talks".to_owned(),
        tags: Vec::new(),
        created: jiff::Timestamp::UNIX_EPOCH,
        modified: jiff::Timestamp::UNIX_EPOCH,
        orphaned: false,
        history: Vec::new(),
        coder: None,
    })
    .apply(&mut f.project)
    .expect("a passage on the PDF");
    let exported = render(ExportFormat::Qdpx, &f.project, &f.corpus).expect("export");

    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(exported.bytes, into.path()).expect("import");
    assert!(
        report
            .documents
            .iter()
            .any(|d| d.path == fixture::REPORT_PDF),
        "the PDF is written as itself: {:?}",
        report.documents
    );
    assert!(into.path().join(fixture::REPORT_PDF).is_file());
    let (project, corpus) = open_imported(&report);
    let doc = corpus
        .get(fixture::REPORT_PDF)
        .expect("read with its pages");
    assert!(doc.layout.is_some(), "its words are placed on its pages");
    let on_pdf: Vec<&crate::project::Annotation> = project
        .annotations
        .values()
        .filter(|a| a.document == fixture::REPORT_PDF)
        .collect();
    assert_eq!(on_pdf.len(), 2, "{on_pdf:?}");
    let original_region = f
        .project
        .annotations
        .values()
        .find(|a| a.document == fixture::REPORT_PDF && a.anchor.region.is_some())
        .expect("the fixture's region");
    for a in on_pdf {
        assert!(!a.orphaned, "{a:?}");
        let quoted = doc.text.slice(a.anchor.start..a.anchor.end);
        match a.anchor.region {
            // The region on its page, with its box and the words inside it quoted.
            Some(region) => {
                let before = original_region.anchor.region.expect("a region");
                assert_eq!(region.page, before.page);
                let corners = |r: crate::project::PageRegion| {
                    [r.x, r.y, r.x + r.w, r.y + r.h].map(|v| v.round() as i64)
                };
                assert_eq!(corners(region), corners(before));
                assert!(!a.anchor.quote.is_empty(), "words quoted");
                assert_eq!(a.anchor.quote, original_region.anchor.quote);
                assert_eq!(quoted, Some(a.anchor.quote.as_str()));
            }
            // The passage on the same words.
            None => {
                assert_eq!(a.anchor.quote, wanted);
                assert_eq!(quoted, Some(wanted));
                assert_eq!(a.note, "Talks");
            }
        }
    }
}

/// A PDF source as another tool writes it: the text representation's line ends and spaces
/// are not those of the text Dossier reads from the PDF.
fn pdf_qde(start: usize, end: usize, name: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Reports">
  <CodeBook><Codes>
    <Code guid="c0000000-0000-0000-0000-000000000001" name="Visits" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <PDFSource guid="50000000-0000-0000-0000-000000000001" name="Situation report" path="internal://r.pdf">
      <Representation guid="50000000-0000-0000-0000-000000000002" name="Situation report" plainTextPath="internal://r.txt">
        <PlainTextSelection guid="a0000000-0000-0000-0000-000000000001" name="{name}" startPosition="{start}" endPosition="{end}">
          <Coding guid="e0000000-0000-0000-0000-000000000001"><CodeRef targetGUID="c0000000-0000-0000-0000-000000000001"/></Coding>
        </PlainTextSelection>
      </Representation>
    </PDFSource>
  </Sources>
</Project>"##
    )
}

#[test]
fn a_passage_of_another_tools_pdf_text_lands_on_the_same_words_of_the_pdf() {
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/pdf/report.pdf"
    ))
    .expect("the PDF");
    // Hard-wrapped, CRLF, spaces doubled: not the text Dossier reads from the PDF.
    let representation = "Situation  Report\r\n\r\nThe delegation from Damascus arrived at the\r\n\
                          Kremlin  on Tuesday.\r\n\r\nOfficials described the negotiations over \
                          Tartus as constructive.\r\n";
    let wanted = "Kremlin  on Tuesday";
    let byte = representation.find(wanted).expect("there");
    let start = representation[..byte].chars().count();
    let end = start + wanted.chars().count();
    let qde = pdf_qde(start, end, wanted);
    let bytes = zip_of(&[
        ("project.qde", qde.as_bytes()),
        ("sources/r.pdf", &pdf),
        ("sources/r.txt", representation.as_bytes()),
    ]);
    let into = tempfile::tempdir().expect("temp dir");
    let report = import_bytes(bytes, into.path()).expect("import");
    assert!(report.mismatches.is_empty(), "{:?}", report.mismatches);
    let [document] = &report.documents[..] else {
        panic!("{:?}", report.documents)
    };
    assert!(document.path.ends_with(".pdf"), "{document:?}");

    let mut project = file::load(&report.project_file).expect("project");
    let root = project.corpus_root.clone().expect("root");
    let corpus = Corpus::load(&root, &LoadOptions::default()).expect("corpus");
    reconcile(&mut project, &corpus);
    let doc = corpus.get(&document.path).expect("the PDF is a document");
    let [a] = &project.annotations.values().collect::<Vec<_>>()[..] else {
        panic!("{:?}", project.annotations)
    };
    assert!(!a.orphaned, "{a:?}");
    assert_eq!(
        doc.text.slice(a.anchor.start..a.anchor.end),
        Some("Kremlin on Tuesday"),
        "on the same words of the PDF's text: {a:?}"
    );
    assert_eq!(a.tags.len(), 1);
}

#[test]
fn without_its_pdf_a_pdf_source_imports_as_its_text_and_the_report_says_so() {
    let representation = "The delegation arrived on Tuesday.\n";
    let qde = pdf_qde(4, 14, "delegation");
    for (entries, said) in [
        (vec![], "its PDF r.pdf is missing from the archive"),
        (
            vec![("sources/r.pdf", b"%PDF-1.7 broken".as_slice())],
            "its PDF cannot be read",
        ),
    ] {
        let mut all = vec![
            ("project.qde", qde.as_bytes()),
            ("sources/r.txt", representation.as_bytes()),
        ];
        all.extend(entries);
        let into = tempfile::tempdir().expect("temp dir");
        let report = import_bytes(zip_of(&all), into.path()).expect("import");
        let [document] = &report.documents[..] else {
            panic!("{:?}", report.documents)
        };
        assert!(document.path.ends_with(".txt"), "{document:?}");
        assert!(
            report.remarks.iter().any(|r| r.contains(said)),
            "{said}: {:?}",
            report.remarks
        );
        let pdfs = std::fs::read_dir(into.path())
            .expect("folder")
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count();
        assert_eq!(pdfs, 0, "an unreadable PDF is not left in the corpus");
        let project = file::load(&report.project_file).expect("project");
        let quotes: Vec<&str> = project
            .annotations
            .values()
            .map(|a| a.anchor.quote.as_str())
            .collect();
        assert_eq!(quotes, ["delegation"]);
    }
}

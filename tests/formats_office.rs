//! DOCX and ODT import: paragraphs, headings and notes; core properties; zip bombs and
//! files that are not zips.

use crate::support;

use std::time::Instant;

use dossier::corpus::formats::extract;
use dossier::corpus::{Corpus, Format, LoadOptions, SkipReason};
use support::office::{Block, docx, odt, odt_table, zip_bomb_docx, zip_of};

fn sample_docx() -> Vec<u8> {
    docx(
        "Kremlin meeting note",
        "Rana Haddad",
        &[
            Block::Heading("Kremlin talks"),
            Block::Para("Putin received al-Sharaa in Moscow.{1} The bases were discussed."),
            Block::Para("Tartus & Hmeimim remain open.{2}"),
            Block::Heading("Outlook"),
            Block::Para("A further round is planned.{1}"),
        ],
        &[
            (1, "Kremlin press release, 28 January."),
            (2, "Interview with a Russian official."),
        ],
    )
}

#[test]
fn docx_gives_paragraphs_headings_and_footnotes_after_the_body() {
    let e = extract(Format::Docx, &sample_docx()).expect("docx");
    assert_eq!(
        e.text,
        "Kremlin talks\n\n\
         Putin received al-Sharaa in Moscow.[1] The bases were discussed.\n\n\
         Tartus & Hmeimim remain open.[2]\n\n\
         Outlook\n\n\
         A further round is planned.[1]\n\n\
         [1] Kremlin press release, 28 January.\n\n\
         [2] Interview with a Russian official.\n"
    );
    assert_eq!(e.title.as_deref(), Some("Kremlin meeting note"));
    assert_eq!(e.meta.author.as_deref(), Some("Rana Haddad"));
    assert_eq!(e.meta.date.as_deref(), Some("2025-01-28T09:30:00Z"));
}

#[test]
fn docx_without_a_title_property_takes_its_first_heading() {
    let bytes = docx(
        "",
        "",
        &[
            Block::Para("Intro."),
            Block::Heading("Real title"),
            Block::Para("Body."),
        ],
        &[],
    );
    let e = extract(Format::Docx, &bytes).expect("docx");
    assert_eq!(e.title.as_deref(), Some("Real title"));
}

#[test]
fn odt_gives_paragraphs_and_notes() {
    let bytes = odt(
        "Field report",
        "Field report",
        &[
            "Convoys reached Idlib.{1} More followed.",
            "Second  paragraph.",
        ],
        &["UN OCHA figures."],
    );
    let e = extract(Format::Odt, &bytes).expect("odt");
    assert_eq!(
        e.text,
        "Field report\n\nConvoys reached Idlib.[1] More followed.\n\nSecond paragraph.\n\n[1] UN OCHA figures.\n"
    );
    assert_eq!(e.title.as_deref(), Some("Field report"));
    assert_eq!(e.meta.author.as_deref(), Some("Monitoring Unit"));
}

/// The table both office formats are tested with, and the text it must give.
const BASES_TABLE: &[&[&str]] = &[
    &["Base", "Since", "Operator"],
    &["Hmeimim", "2015", "Russian Aerospace Forces"],
    &["Tartus", "", "Russian Navy"],
];
const BASES_TABLE_TEXT: &str =
    "Base\tSince\tOperator\nHmeimim\t2015\tRussian Aerospace Forces\nTartus\t\tRussian Navy";

#[test]
fn docx_tables_read_a_row_per_line_with_tabs_between_cells() {
    let bytes = docx(
        "Bases",
        "",
        &[
            Block::Para("The bases:{1}"),
            Block::Table(BASES_TABLE),
            Block::Para("Both stay open."),
        ],
        &[(1, "Ministry of Defence list.")],
    );
    let e = extract(Format::Docx, &bytes).expect("docx");
    assert_eq!(
        e.text,
        format!(
            "The bases:[1]\n\n{BASES_TABLE_TEXT}\n\nBoth stay open.\n\n[1] Ministry of Defence list.\n"
        )
    );
    // The table is one paragraph of the document, its rows lines inside it.
    let doc = dossier::text::DocText::new(e.text.clone(), e.style);
    let char_at = |needle: &str| e.text[..e.text.find(needle).expect(needle)].chars().count();
    assert_eq!(doc.paragraph_at(char_at("Base\t")), Some(1));
    assert_eq!(doc.paragraph_at(char_at("Tartus")), Some(1));
    assert_eq!(doc.paragraph_at(char_at("Both stay")), Some(2));
}

#[test]
fn odt_tables_read_as_docx_tables_do() {
    let bytes = odt_table("Bases", BASES_TABLE, "Both stay open.");
    let e = extract(Format::Odt, &bytes).expect("odt");
    assert_eq!(
        e.text,
        format!("Bases\n\n{BASES_TABLE_TEXT}\n\nBoth stay open.\n")
    );
}

#[test]
fn a_docx_that_is_not_a_zip_is_reported_clearly() {
    let r = extract(
        Format::Docx,
        b"This is just text saved with the wrong extension.",
    );
    let Err(SkipReason::Damaged(msg)) = r else {
        panic!("expected Damaged, got {r:?}")
    };
    assert!(msg.contains("not a zip archive"), "{msg}");
    assert!(msg.contains("Word document"), "{msg}");
    // An old binary .doc renamed to .docx says what it is.
    let r = extract(
        Format::Docx,
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    );
    let Err(SkipReason::Damaged(msg)) = r else {
        panic!("expected Damaged, got {r:?}")
    };
    assert!(msg.contains(".doc"), "{msg}");
}

#[test]
fn a_zip_that_is_not_a_word_document_is_reported_clearly() {
    let r = extract(Format::Docx, &zip_of(&[("photo.jpg", b"\xFF\xD8\xFF")]));
    let Err(SkipReason::Damaged(msg)) = r else {
        panic!("expected Damaged, got {r:?}")
    };
    assert!(msg.contains("word/document.xml"), "{msg}");
}

#[test]
fn a_zip_bomb_is_refused_quickly() {
    let bomb = zip_bomb_docx(512 * 1024 * 1024); // 512 MiB of XML
    assert!(
        bomb.len() < 2 * 1024 * 1024,
        "the bomb itself is small: {} bytes",
        bomb.len()
    );
    let started = Instant::now();
    let r = extract(Format::Docx, &bomb);
    assert!(
        matches!(r, Err(SkipReason::TooLargeUnpacked { .. })),
        "{r:?}"
    );
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
    let message = r.expect_err("refused").to_string();
    assert!(message.contains("zip bomb"), "{message}");
}

#[test]
fn office_files_load_in_a_corpus() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("note.docx"), sample_docx()).expect("write");
    std::fs::write(dir.path().join("field.odt"), odt("T", "H", &["P."], &[])).expect("write");
    // Text named .docx is read as what it is, and said so; binary bytes that are no zip
    // are refused by the name's reader.
    std::fs::write(dir.path().join("fake.docx"), b"plain text").expect("write");
    std::fs::write(dir.path().join("broken.docx"), b"\0\x01 not a zip").expect("write");
    let corpus = Corpus::load(dir.path(), &LoadOptions::default()).expect("load");
    assert_eq!(corpus.documents.len(), 3);
    assert_eq!(corpus.get("note.docx").expect("docx").format, Format::Docx);
    assert_eq!(corpus.get("field.odt").expect("odt").format, Format::Odt);
    let fake = corpus.get("fake.docx").expect("read as text");
    assert_eq!(fake.format, Format::Text);
    assert_eq!(
        fake.meta.extra.get("read_as").map(String::as_str),
        Some("named .docx, read as Plain text")
    );
    assert_eq!(corpus.report.skipped.len(), 1);
    assert_eq!(corpus.report.skipped[0].path, "broken.docx");
}

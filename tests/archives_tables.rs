//! Archives and tables read as documents (issue 23): the members of a zip, a nested zip
//! and a tar.gz, each sheet of a workbook, a CSV; the limits a hostile archive cannot get
//! round; `dossier scan` listing every part by its id and every skipped part with its
//! reason.

use crate::common;
use crate::support;

use std::fs;
use std::io::Write;
use std::process::Command;

use dossier::corpus::{Format, LoadOptions, SkipReason, load_file};
use support::office::zip_of;
use support::tables::{
    empty_formatted_rows, sheet_data, xls, xls_number, xlsx, xlsx_with_sheet_data,
};

fn letters_zip() -> Vec<u8> {
    let inner = zip_of(&[("deep/reply.txt", b"A reply from Damascus.")]);
    zip_of(&[
        ("scans/p1.txt", b"Page one of the letter, from Aleppo."),
        ("notes/memo.md", b"# Memo\n\nMeet in Beirut."),
        ("inner.zip", &inner),
        ("tool.exe", b"MZ\x90"),
    ])
}

fn parent_of<'a>(corpus: &'a dossier::corpus::Corpus, id: &str) -> Option<&'a str> {
    corpus
        .get(id)
        .unwrap_or_else(|| panic!("{id} is a document"))
        .parent
        .as_deref()
}

#[test]
fn a_zip_with_folders_and_a_nested_zip_is_a_tree_of_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("letters.zip"), letters_zip()).expect("write");
    let corpus = common::load(dir.path());
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        ids,
        [
            "letters.zip/inner.zip/deep/reply.txt",
            "letters.zip/notes/memo.md",
            "letters.zip/scans/p1.txt",
        ]
    );
    assert_eq!(
        parent_of(&corpus, "letters.zip/scans/p1.txt"),
        Some("letters.zip")
    );
    assert_eq!(
        parent_of(&corpus, "letters.zip/inner.zip/deep/reply.txt"),
        Some("letters.zip/inner.zip")
    );
    let memo = corpus.get("letters.zip/notes/memo.md").expect("memo");
    assert_eq!(memo.format, Format::Markdown);
    assert_eq!(memo.title, "Memo");
    let skipped = common::skip_report(&corpus);
    assert_eq!(
        skipped,
        [(
            "letters.zip/tool.exe",
            "unsupported file type (.exe)".to_owned()
        )]
    );
}

/// A zip holding `note.txt` and the zip of the level below, `levels` deep.
fn nested(levels: usize) -> Vec<u8> {
    let mut bytes = zip_of(&[("note.txt", b"the innermost note")]);
    for level in (1..levels).rev() {
        let note = format!("note at level {level}");
        bytes = zip_of(&[
            ("note.txt", note.as_bytes()),
            (&format!("level{}.zip", level + 1), &bytes),
        ]);
    }
    bytes
}

#[test]
fn a_50_level_nested_archive_stops_at_the_depth_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("level1.zip");
    fs::write(&path, nested(50)).expect("write");
    let options = LoadOptions::default();
    let loaded = load_file(&path, "level1.zip", &options).expect("read");
    let limit = options.parts.max_depth;
    // A note at every level the limit lets in, and one skipped part where it stops.
    assert_eq!(loaded.documents.len(), limit);
    let deepest = loaded
        .documents
        .iter()
        .map(|d| d.path.matches(".zip").count())
        .max();
    assert_eq!(deepest, Some(limit));
    // The archive at the limit is opened, and what it holds is skipped with the reason.
    let at_limit = format!("level{}.zip/", limit + 1);
    assert_eq!(loaded.skipped.len(), 2, "{:?}", loaded.skipped);
    for skipped in &loaded.skipped {
        assert_eq!(skipped.reason, SkipReason::TooDeep { limit });
        assert!(skipped.path.contains(&at_limit), "{}", skipped.path);
    }
}

/// A zip whose entry `name` is flagged encrypted, as a password-protected zip has it.
fn with_encrypted(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for (signature, flags_at, name_at) in [(b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)] {
        let starts: Vec<usize> = out
            .windows(4)
            .enumerate()
            .filter(|(_, w)| w == signature)
            .map(|(i, _)| i)
            .collect();
        for i in starts {
            if out[i + name_at..].starts_with(name.as_bytes()) {
                out[i + flags_at] |= 1;
            }
        }
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, name, *data)
            .expect("append");
    }
    builder.into_inner().expect("tar")
}

/// A folder with a zip (a bomb, an encrypted member, folders, a nested zip), a tar.gz, a
/// workbook of two sheets and a CSV.
fn mixed_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::write(root.join("letters.zip"), letters_zip()).expect("write");
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let hostile = zip_of(&[
        ("bomb.txt", &zeros),
        ("secret.txt", b"the password is swordfish"),
        ("open.txt", b"An open letter."),
    ]);
    fs::write(
        root.join("hostile.zip"),
        with_encrypted(&hostile, "secret.txt"),
    )
    .expect("write");
    let tar = tar_of(&[("logs/day1.txt", b"Convoy left Homs at dawn.")]);
    fs::write(root.join("logs.tar.gz"), gzip(&tar)).expect("write");
    let budget: &[&[&str]] = &[&["Item", "Amount"], &["Fuel", "1200.5"], &["Food", "300"]];
    let people: &[&[&str]] = &[&["Name", "City"], &["Jane Analyst", "Leeds"]];
    fs::write(
        root.join("figures.xlsx"),
        xlsx(&[("Budget", budget), ("People", people)]),
    )
    .expect("write");
    fs::write(root.join("table.csv"), "name,city\nJane,Leeds\n").expect("write");
    dir
}

#[test]
fn a_workbook_of_two_sheets_is_two_documents_and_a_csv_is_one() {
    let dir = mixed_folder();
    let corpus = common::load(dir.path());
    let budget = corpus.get("figures.xlsx#Budget").expect("sheet Budget");
    assert_eq!(budget.title, "Budget");
    assert_eq!(budget.format, Format::Xlsx);
    assert_eq!(budget.parent.as_deref(), Some("figures.xlsx"));
    assert_eq!(
        budget.text.as_str(),
        "Item\tAmount\nFuel\t1200.5\nFood\t300\n"
    );
    let people = corpus.get("figures.xlsx#People").expect("sheet People");
    assert_eq!(people.text.as_str(), "Name\tCity\nJane Analyst\tLeeds\n");
    assert!(corpus.get("figures.xlsx").is_none(), "no text of its own");
    let csv = corpus.get("table.csv").expect("the CSV itself");
    assert_eq!(csv.format, Format::Csv);
    assert_eq!(csv.parent, None);
    assert_eq!(csv.text.as_str(), "name\tcity\nJane\tLeeds\n");
    let day1 = corpus.get("logs.tar.gz/logs/day1.txt").expect("tar member");
    assert_eq!(day1.parent.as_deref(), Some("logs.tar.gz"));
}

#[test]
fn a_sheet_formatted_down_a_million_rows_reads_as_its_rows() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut data = sheet_data(&[&["Date", "Event"], &["2024-03-05", "Talks in Geneva"]]);
    data.push_str(&empty_formatted_rows(3, 1_000_000));
    fs::write(
        dir.path().join("log.xlsx"),
        xlsx_with_sheet_data(&[("Log", data)]),
    )
    .expect("write");
    // What is read is under test, not how fast: the default budget of 10 s (a debug build
    // beside the other tests on 2 cores can come near it) would skip the file instead.
    let options = LoadOptions {
        read_budget: std::time::Duration::from_secs(120),
        ..LoadOptions::default()
    };
    let corpus = dossier::corpus::Corpus::load(dir.path(), &options).expect("loads");
    let log = corpus.get("log.xlsx").expect("one sheet: the file itself");
    assert_eq!(
        log.text.as_str(),
        "Date\tEvent\n2024-03-05\tTalks in Geneva\n"
    );
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
}

/// A million empty rows *between* two rows, in a CSV and an `.xlsx`, and 59,998 in an
/// `.xls`: the run is left out of the text, the skip report says which rows, and the row
/// after it keeps its number for the grid.
#[test]
fn a_million_empty_rows_between_rows_are_left_out_said_and_numbered_past() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut csv = String::from("Date,Event\n2024-03-05,Talks in Geneva\n");
    csv.push_str(&",\n".repeat(1_000_000));
    csv.push_str("2024-03-06,Talks end\n");
    fs::write(dir.path().join("log.csv"), csv).expect("write");
    // Formatted empty rows first, then a gap in the row numbers: both are empty rows.
    let mut data = sheet_data(&[&["Date", "Event"], &["2024-03-05", "Talks in Vienna"]]);
    data.push_str(&empty_formatted_rows(3, 1_000));
    data.push_str(concat!(
        r#"<row r="1000003"><c r="A1000003" t="inlineStr"><is><t>2024-03-06</t></is></c>"#,
        r#"<c r="B1000003" t="inlineStr"><is><t>Talks end</t></is></c></row>"#
    ));
    fs::write(
        dir.path().join("log.xlsx"),
        xlsx_with_sheet_data(&[("Log", data)]),
    )
    .expect("write");
    fs::write(
        dir.path().join("old.xls"),
        xls(&[xls_number(0, 0, 1.0), xls_number(59_999, 0, 2.0)]),
    )
    .expect("write");
    // A budget for a debug build on a busy machine: what is tested is the text, not the time.
    let options = LoadOptions {
        read_budget: std::time::Duration::from_secs(600),
        ..LoadOptions::default()
    };
    let corpus = dossier::corpus::Corpus::load(dir.path(), &options).expect("loads");
    for (id, city) in [("log.csv", "Geneva"), ("log.xlsx", "Vienna")] {
        let doc = corpus.get(id).unwrap_or_else(|| panic!("{id} is read"));
        assert_eq!(
            doc.text.as_str(),
            format!("Date\tEvent\n2024-03-05\tTalks in {city}\n2024-03-06\tTalks end\n"),
            "{id}"
        );
        let numbers: Vec<usize> = (0..3).map(|l| doc.marks.row_number(l)).collect();
        assert_eq!(numbers, [1, 2, 1_000_003], "{id}");
    }
    let old = corpus.get("old.xls").expect("the xls is read");
    assert_eq!(old.text.as_str(), "1\n2\n");
    assert_eq!(old.marks.row_number(1), 60_000);
    let said = common::skip_report(&corpus);
    assert_eq!(
        said,
        [
            (
                "log.csv#rows",
                "1000000 empty rows skipped at rows 3\u{2013}1000002".to_owned()
            ),
            (
                "log.xlsx#rows",
                "1000000 empty rows skipped at rows 3\u{2013}1000002".to_owned()
            ),
            (
                "old.xls#rows",
                "59998 empty rows skipped at rows 2\u{2013}59999".to_owned()
            ),
        ]
    );
}

#[test]
fn scan_lists_every_part_by_its_id_and_every_skipped_part_with_its_reason() {
    let dir = mixed_folder();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(dir.path())
        .output()
        .expect("run dossier scan");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    for id in [
        "letters.zip/scans/p1.txt",
        "letters.zip/notes/memo.md",
        "letters.zip/inner.zip/deep/reply.txt",
        "hostile.zip/open.txt",
        "logs.tar.gz/logs/day1.txt",
        "figures.xlsx#Budget",
        "figures.xlsx#People",
        "table.csv",
    ] {
        assert!(
            stdout.lines().any(|l| l.contains(&format!(" {id}  ("))),
            "{id} is not listed:\n{stdout}"
        );
    }
    for (id, reason) in [
        ("letters.zip/tool.exe", "unsupported file type (.exe)"),
        ("hostile.zip/bomb.txt", "compressed more than 200 to 1"),
        ("hostile.zip/secret.txt", "password-protected"),
    ] {
        assert!(
            stdout
                .lines()
                .any(|l| l.contains(&format!("skipped  {id}: {reason}"))),
            "{id} is not listed as skipped ({reason}):\n{stdout}"
        );
    }
}

#[test]
fn two_zip_members_of_one_name_are_both_documents_as_in_a_tar() {
    // The zip writer refuses a repeated name: two names of one length, then one renamed.
    let mut bytes = zip_of(&[
        ("report.txt", b"Version one of the report on Falluja."),
        (
            "repXrt.txt",
            b"Version two of the report on Ramadi, quite different.",
        ),
    ]);
    for i in 0..bytes.len().saturating_sub(10) {
        if &bytes[i..i + 10] == b"repXrt.txt" {
            bytes[i + 3] = b'o';
        }
    }
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("dupnames.zip"), &bytes).expect("write");
    let corpus = common::load(dir.path());
    let found: Vec<(&str, &str)> = corpus
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.text.as_str().trim()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "dupnames.zip/report (2).txt",
                "Version two of the report on Ramadi, quite different."
            ),
            (
                "dupnames.zip/report.txt",
                "Version one of the report on Falluja."
            ),
        ]
    );
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
}

/// Members without an extension (`scans/page1`, `README`) are read by their first bytes,
/// in a zip and in a tar; one whose bytes are no format Dossier reads is skipped saying so
/// (issue 23, item 7).
#[test]
fn archive_members_without_an_extension_are_read_by_their_first_bytes() {
    let pdf = support::pdf::Report {
        paragraphs: vec!["The scanned letter names the port of Tartus.".into()],
        ..Default::default()
    }
    .to_pdf();
    let members: &[(&str, &[u8])] = &[
        ("scans/page1", &pdf),
        (
            "README",
            b"Letters from the harbour office, sorted by date.",
        ),
        ("bin/tool", b"\x7fELF\x02\x01\x01\0\0\0\0\0"),
    ];
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("letters.zip"), zip_of(members)).expect("write");
    fs::write(dir.path().join("letters.tar"), tar_of(members)).expect("write");
    let corpus = common::load(dir.path());
    for archive in ["letters.tar", "letters.zip"] {
        let page = corpus
            .resolve(&format!("{archive}/scans/page1"))
            .unwrap_or_else(|| panic!("{archive}/scans/page1 is read"));
        assert_eq!(page.format, Format::Pdf);
        assert!(page.text.as_str().contains("port of Tartus"));
        let readme = corpus
            .resolve(&format!("{archive}/README"))
            .unwrap_or_else(|| panic!("{archive}/README is read"));
        assert_eq!(readme.format, Format::Text);
        let skipped = corpus
            .report
            .skipped
            .iter()
            .find(|s| s.path == format!("{archive}/bin/tool"))
            .unwrap_or_else(|| panic!("{:?}", corpus.report.skipped));
        assert!(
            skipped.reason.to_string().contains("no extension"),
            "{}",
            skipped.reason
        );
    }
}

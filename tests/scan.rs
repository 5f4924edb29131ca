//! `dossier scan` on a folder of good and bad files: every valid document loads, every bad
//! file is reported with its reason, nothing panics, exit code 0.

use crate::common;

use std::fs;
use std::process::Command;

use common::write;

fn utf16le_with_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in s.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

#[test]
fn scan_reports_every_bad_file_and_loads_every_good_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::write(
        root.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0",
    )
    .expect("write");
    let mut invalid = "Хмеймим и Тартус — базы. ".as_bytes().to_vec();
    invalid.extend_from_slice(b"\xC3\x28 broken \xE2\x82");
    fs::write(root.join("invalid-utf8.txt"), invalid).expect("write");
    let utf16_text = "Raqqa — الرقة — Ракка\nSecond line.\n";
    fs::write(root.join("utf16.txt"), utf16le_with_bom(utf16_text)).expect("write");
    let latin_text = "Le café de l’Élysée: déjà vu à Noël, «naïve» façade.\n";
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(latin_text);
    fs::write(root.join("windows-1252.txt"), &latin).expect("write");
    fs::write(root.join("empty.txt"), b"").expect("write");
    // 100 MB: a sparse file, so the test does not write 100 MB to disk.
    let big = fs::File::create(root.join("huge.txt")).expect("create");
    big.set_len(100 * 1024 * 1024).expect("grow");
    #[cfg(unix)]
    {
        fs::create_dir(root.join("loop")).expect("mkdir");
        std::os::unix::fs::symlink("..", root.join("loop/back")).expect("symlink");
    }
    for i in 0..1000 {
        write(
            root,
            &format!("many/doc{i:04}.txt"),
            &format!("Document {i} mentions Mosul and Raqqa.\n"),
        );
    }
    fs::write(root.join("picture.png"), b"\x89PNG\r\n\x1a\n").expect("write");
    fs::write(root.join("drawing.svg"), b"<svg/>").expect("write");
    write(
        root,
        ".hidden/secret.txt",
        "hidden documents are not loaded",
    );

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["scan", "--json"])
        .arg(root)
        .output()
        .expect("run dossier scan");
    assert!(
        out.status.success(),
        "exit status {:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let documents = json["documents"].as_array().expect("documents");
    let skipped = json["skipped"].as_array().expect("skipped");

    let doc = |path: &str| documents.iter().find(|d| d["path"] == path);
    let many = documents
        .iter()
        .filter(|d| d["path"].as_str().is_some_and(|p| p.starts_with("many/")))
        .count();
    assert_eq!(many, 1000);
    let utf16 = doc("utf16.txt").expect("utf-16 loaded");
    assert_eq!(utf16["encoding"], "UTF-16LE");
    assert_eq!(utf16["chars"], utf16_text.chars().count());
    let latin = doc("windows-1252.txt").expect("windows-1252 loaded");
    assert_eq!(latin["encoding"], "windows-1252");
    assert_eq!(latin["chars"], latin_text.chars().count());
    assert_eq!(documents.len(), 1002, "only the valid documents");
    assert!(doc(".hidden/secret.txt").is_none());

    let reason = |path: &str| -> String {
        skipped
            .iter()
            .find(|s| s["path"] == path)
            .and_then(|s| s["reason"].as_str())
            .unwrap_or_else(|| panic!("{path} is not reported as skipped: {skipped:?}"))
            .to_owned()
    };
    assert!(reason("binary.txt").contains("binary"));
    assert!(reason("invalid-utf8.txt").contains("invalid UTF-8"));
    assert!(reason("empty.txt").contains("empty"));
    assert!(reason("huge.txt").contains("too large"));
    // Images are read by OCR: a PNG cut after its signature is a damaged image.
    assert!(reason("picture.png").contains("damaged image"));
    assert!(reason("drawing.svg").contains("unsupported"));
    #[cfg(unix)]
    assert!(reason("loop/back").contains("loop"));
}

#[test]
fn scan_decodes_the_texts_themselves_correctly() {
    // The JSON gives counts; check the decoded text through the library as well.
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "Ţarţūs — Тартус — طرطوس\r\nline two\r\n";
    fs::write(dir.path().join("a.txt"), utf16le_with_bom(text)).expect("write");
    let corpus = common::load(dir.path());
    let doc = corpus.get("a.txt").expect("loaded");
    assert_eq!(doc.text.as_str(), "Ţarţūs — Тартус — طرطوس\nline two\n");
    assert_eq!(doc.text.paragraphs().len(), 2);
}

#[test]
fn scan_of_a_missing_folder_fails_clearly() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["scan", "/nonexistent/folder"])
        .output()
        .expect("run dossier scan");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/folder"));
}

#[test]
fn sample_project_is_fully_anchored() {
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sample_data/sample.dossier.ron"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--json", sample])
        .output()
        .expect("run dossier check");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let annotations = json["annotations"].as_array().expect("annotations");
    assert!(annotations.len() >= 10);
    assert!(
        annotations.iter().all(|a| a["status"] == "anchored"),
        "{json}"
    );
    assert_eq!(json["totals"]["anchored"], annotations.len());
}

#[test]
fn scan_json_gives_each_document_its_id_parent_and_copies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    let memo = "The shipment left Aqaba on Tuesday.\n";
    write(root, "a/memo.txt", memo);
    write(root, "b/memo.txt", memo);
    write(root, "other.txt", "Something else entirely.\n");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["scan", "--json"])
        .arg(root)
        .output()
        .expect("run dossier scan");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let documents = json["documents"].as_array().expect("documents");
    let ids: Vec<&str> = documents.iter().filter_map(|d| d["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["a/memo.txt", "other.txt"],
        "one document for the copies"
    );
    assert_eq!(documents[0]["parent"], serde_json::Value::Null);
    assert_eq!(documents[0]["copies"], serde_json::json!(["b/memo.txt"]));
    assert_eq!(documents[1]["copies"], serde_json::json!([]));

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(root)
        .output()
        .expect("run dossier scan");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .any(|l| l.contains("also in") && l.ends_with("b/memo.txt")),
        "{text}"
    );
}

/// Issue 22: the second scan of a folder takes what the first read from the text cache in
/// the data folder (the window's), and finds the same documents; a damaged cache is read
/// as missing.
#[test]
fn a_second_scan_reads_the_text_cache_and_a_damaged_one_is_ignored() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = tempfile::tempdir().expect("tempdir");
    for i in 0..20 {
        write(
            dir.path(),
            &format!("doc{i:02}.md"),
            &format!("---\ntitle: Report {i}\n---\n\nForces left Hmeimim on day {i}.\n"),
        );
    }
    let scan = || {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("scan")
            .arg(dir.path())
            .env("XDG_DATA_HOME", data.path())
            .output()
            .expect("runs");
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (first, first_summary) = scan();
    assert!(!first_summary.contains("text cache"), "{first_summary}");
    let (second, summary) = scan();
    assert_eq!(second, first);
    assert!(
        summary.contains("(20 files read before, from the text cache)"),
        "{summary}"
    );
    let cache = data.path().join("dossier").join("text-cache");
    let mut damaged = 0;
    for fan in fs::read_dir(&cache).expect("the cache is in the data folder") {
        for entry in fs::read_dir(fan.expect("fan").path()).expect("entries") {
            fs::write(entry.expect("entry").path(), b"damaged").expect("damaged");
            damaged += 1;
        }
    }
    assert_eq!(damaged, 20);
    let (third, summary) = scan();
    assert_eq!(third, first);
    assert!(!summary.contains("text cache"), "{summary}");
}

#[test]
fn a_note_on_a_document_read_is_counted_apart_from_the_files_skipped() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A run of empty rows is left out and said (a note on log.csv, which is read); the
    // binary file is not read at all.
    let csv = format!(
        "date,event\n2024-03-05,Talks\n{}2024-03-09,Vote\n",
        ",\n".repeat(500)
    );
    write(dir.path(), "log.csv", &csv);
    fs::write(dir.path().join("blob.bin"), [0u8, 159, 146, 150, 0, 1, 2]).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(dir.path())
        .output()
        .expect("run dossier scan");
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("skipped  log.csv#"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 document loaded, 1 file skipped, 1 note on a document read"),
        "{stderr}"
    );
}

/// Files and attachments read for what they are: a mis-named file by its first bytes,
/// with a note saying so; an attachment without a usable name by its Content-Type.
#[test]
fn misnamed_files_and_attachments_without_extensions_are_read_for_what_they_are() {
    use crate::support::mail::{Attachment, message};
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "export.xls",
        "<html><body><table><tr><td>Payee</td><td>City</td></tr>\
         <tr><td>Acme</td><td>Mosul</td></tr></table></body></html>",
    );
    write(root, "tabbed.xls", "name\tcity\nAli\tErbil\nLina\tDuhok\n");
    write(root, "data.xlsx", "name,city\nOmar,Kirkuk\nSara,Basra\n");
    let pdf = crate::support::pdf::long_report(1).to_pdf();
    let eml = message(
        "From: a@example.org\nSubject: Names\nMessage-ID: <n1@example.org>",
        "Attachments with names lacking known extensions.",
        &[
            Attachment {
                name: "README",
                content_type: "text/plain",
                bytes: b"README text names Aleppo\n".to_vec(),
            },
            Attachment {
                name: "report.v2",
                content_type: "text/plain",
                bytes: b"Report v2 names Homs\n".to_vec(),
            },
            Attachment {
                name: "scan0001",
                content_type: "application/pdf",
                bytes: pdf,
            },
            Attachment {
                name: "../../../etc/passwd",
                content_type: "text/plain",
                bytes: b"root:x:0:0\n".to_vec(),
            },
        ],
    );
    write(root, "names.eml", &eml);
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(root)
        .output()
        .expect("run dossier scan");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for (id, note) in [
        ("export.xls", "named .xls, read as HTML"),
        ("tabbed.xls", "named .xls, read as TSV table"),
        ("data.xlsx", "named .xlsx, read as CSV table"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.contains(&format!(" {id} ")))
            .unwrap_or_else(|| panic!("{id} not listed:\n{stdout}\n{stderr}"));
        assert!(line.ends_with(note), "{line}");
    }
    // A sender's folders are not part of an attachment's name.
    assert!(!stdout.contains("%2F"), "{stdout}");
    for id in [
        "names.eml/1-README",
        "names.eml/2-report.v2",
        "names.eml/3-scan0001",
        "names.eml/4-passwd",
    ] {
        assert!(
            stdout.lines().any(|l| l.contains(&format!(" {id} "))),
            "{id} not read:\n{stdout}\n{stderr}"
        );
    }
    assert!(
        !stdout.contains("  skipped  ") && !stderr.contains("  skipped  "),
        "{stdout}\n{stderr}"
    );
}

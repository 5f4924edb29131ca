//! `dossier text FILE`: the extracted text on stdout, errors on stderr with exit code 1.

use crate::support;

use std::process::Command;

fn dossier(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("dossier runs")
}

#[test]
fn text_prints_the_extracted_text_of_each_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("page.html");
    std::fs::write(&html, support::html::news_page(4)).expect("write");
    let pdf = dir.path().join("report.pdf");
    std::fs::write(&pdf, support::pdf::long_report(4).to_pdf()).expect("write");
    let docx = dir.path().join("note.docx");
    std::fs::write(
        &docx,
        support::office::docx(
            "T",
            "A",
            &[support::office::Block::Para("Body text.{1}")],
            &[(1, "A note.")],
        ),
    )
    .expect("write");

    let out = dossier(&["text".as_ref(), html.as_os_str()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("Hmeimim and Tartus"), "{text}");
    assert!(!text.contains("Subscribe now"));

    let out = dossier(&["text".as_ref(), pdf.as_os_str()]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Paragraph 1. "));

    let out = dossier(&["text".as_ref(), "--json".as_ref(), pdf.as_os_str()]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["format"], "pdf");
    assert!(json["pages"].as_array().expect("pages").len() >= 2);

    let out = dossier(&["text".as_ref(), docx.as_os_str()]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Body text.[1]\n\n[1] A note.\n"
    );
}

#[test]
fn text_reports_errors_on_stderr_with_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("fake.docx");
    // Binary, neither a zip nor text (text named .docx is read as text).
    std::fs::write(&fake, b"not a zip\0\x01\x02").expect("write");
    let out = dossier(&["text".as_ref(), fake.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fake.docx") && err.contains("not a zip archive"),
        "{err}"
    );

    let locked = dir.path().join("locked.pdf");
    std::fs::write(&locked, support::pdf::password_protected("pw")).expect("write");
    let out = dossier(&["text".as_ref(), locked.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("password-protected"));

    let missing = dir.path().join("missing.pdf");
    let out = dossier(&["text".as_ref(), missing.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
}

//! Writes the generated inputs of the import-format benchmarks to a folder, so that the
//! release command line can be timed on them (see BENCHMARKS.md, "Import formats"):
//!
//! ```text
//! cargo run --example format_inputs -- target/bench-inputs
//! ```
//!
//! It writes `report-100.pdf` (a 100-page report with running headers, page numbers and
//! hyphenation), `html-1000/` (1,000 saved news pages), `script-50mb.html`, and `bad/`: the
//! bad inputs of issue 6 (truncated, password-protected and image-only PDFs, a zip bomb, a
//! `.docx` that is not a zip, a pathologically nested page) and two PDFs whose forms expand
//! exponentially (issue 14), for `dossier scan` to report.

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: format_inputs FOLDER");
        return ExitCode::FAILURE;
    };
    match write_all(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("format_inputs: {err}");
            ExitCode::FAILURE
        }
    }
}

fn write_all(out: &std::path::Path) -> std::io::Result<()> {
    let html_dir = out.join("html-1000");
    std::fs::create_dir_all(&html_dir)?;
    let report = support::pdf::long_report(100);
    let pages = report.pages().len();
    std::fs::write(out.join("report-100.pdf"), report.to_pdf())?;
    for n in 0..1000 {
        std::fs::write(
            html_dir.join(format!("page-{n:04}.html")),
            support::html::news_page(n),
        )?;
    }
    std::fs::write(
        out.join("script-50mb.html"),
        support::html::page_with_huge_script(50 * 1024 * 1024),
    )?;
    let bad = out.join("bad");
    std::fs::create_dir_all(&bad)?;
    let pdf = support::pdf::long_report(3).to_pdf();
    std::fs::write(bad.join("truncated.pdf"), &pdf[..pdf.len() / 2])?;
    std::fs::write(
        bad.join("locked.pdf"),
        support::pdf::password_protected("secret"),
    )?;
    std::fs::write(bad.join("scan.pdf"), support::pdf::image_only(2))?;
    std::fs::write(
        bad.join("bomb.docx"),
        support::office::zip_bomb_docx(512 * 1024 * 1024),
    )?;
    std::fs::write(bad.join("not-a-zip.docx"), b"Plain text saved as .docx")?;
    let deep = format!(
        "<html><body>{}<p>deep</p>{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    std::fs::write(bad.join("deep.html"), deep)?;
    // Issue 14: forms that draw each other exponentially, 2^29 times (refused before
    // extraction) and 2^14 times with 300 chars each (within the reader's static limits:
    // the time budget stops it).
    std::fs::write(
        bad.join("forms-deep.pdf"),
        support::pdf::exponential_forms(30, "Drawn again and again."),
    )?;
    std::fs::write(
        bad.join("forms-slow.pdf"),
        support::pdf::exponential_forms(15, &"Hostile text drawn many times. ".repeat(10)),
    )?;
    println!(
        "wrote {} ({pages} pages), 1000 pages in {}, and the 50 MB script page",
        out.join("report-100.pdf").display(),
        html_dir.display()
    );
    Ok(())
}

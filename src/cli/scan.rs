//! `dossier scan FOLDER [--json]`

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::{Corpus, LoadOptions, Skipped};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to load.
    pub folder: PathBuf,
    /// Print one JSON object: {"documents": [...], "skipped": [...]}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ScanOutput<'a> {
    documents: Vec<DocumentLine<'a>>,
    skipped: &'a [Skipped],
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    path: &'a str,
    title: &'a str,
    chars: usize,
    encoding: &'a str,
}

pub fn run(args: Args) -> ExitCode {
    let options = LoadOptions::default();
    // Scanned pages are read first (the command line may wait), so they are documents.
    if let Err(why) = super::ocr::read_scans(&args.folder, &options) {
        eprintln!("dossier scan: OCR not run: {why}");
    }
    let corpus = match Corpus::load(&args.folder, &options) {
        Ok(corpus) => corpus,
        Err(err) => {
            eprintln!("dossier scan: {err}");
            return ExitCode::FAILURE;
        }
    };
    let documents: Vec<DocumentLine> = corpus
        .documents
        .iter()
        .map(|d| DocumentLine {
            path: &d.path,
            title: &d.title,
            chars: d.text.char_len(),
            encoding: &d.encoding,
        })
        .collect();
    if args.json {
        return super::print_json(&ScanOutput {
            documents,
            skipped: &corpus.report.skipped,
        });
    }
    for (d, doc) in documents.iter().zip(&corpus.documents) {
        let pages = doc.layout.as_ref().map_or(0, |l| l.pages.len());
        let ocr = if d.encoding.contains("OCR") {
            format!(
                ", read (OCR), {}",
                crate::text::counted(pages, "page", "pages")
            )
        } else {
            String::new()
        };
        outln!(
            "{:>9} chars  {:<13} {}  ({}){ocr}",
            d.chars,
            d.encoding,
            d.path,
            d.title
        );
    }
    for s in &corpus.report.skipped {
        outln!("  skipped  {}: {}", s.path, s.reason);
    }
    eprintln!(
        "{} loaded, {} skipped, {} chars in all",
        crate::text::counted(documents.len(), "document", "documents"),
        crate::text::counted(corpus.report.skipped.len(), "file", "files"),
        corpus.total_chars()
    );
    ExitCode::SUCCESS
}

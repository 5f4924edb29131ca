//! `dossier text FILE [--json]`: print the text Dossier extracts from one document, exactly
//! as the loader reads it (same format readers, same size limit), to check an import or
//! to feed the text to other tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::{Document, LoadOptions, Metadata, load_document};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document (.txt, .md, .html, .pdf, .docx, .odt).
    pub file: PathBuf,
    /// Print one JSON object: {"title", "format", "encoding", "meta", "pages", "text"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct TextOutput<'a> {
    title: &'a str,
    format: crate::corpus::Format,
    encoding: &'a str,
    meta: &'a Metadata,
    /// Char offsets where pages start (PDF only).
    pages: &'a [usize],
    text: &'a str,
}

pub fn run(args: Args) -> ExitCode {
    let name = args
        .file
        .file_name()
        .map_or_else(|| args.file.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned();
    // One file: the command may wait for OCR of its scanned pages.
    let mut options = LoadOptions::default();
    options.ocr.run = true;
    let doc: Document = match load_document(&args.file, &name, &options) {
        Ok(doc) => doc,
        Err(reason) => {
            eprintln!("dossier text: {}: {reason}", args.file.display());
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        return super::print_json(&TextOutput {
            title: &doc.title,
            format: doc.format,
            encoding: &doc.encoding,
            meta: &doc.meta,
            pages: &doc.pages,
            text: doc.text.as_str(),
        });
    }
    let text = doc.text.as_str();
    let mut out = std::io::stdout().lock();
    let newline = if text.ends_with('\n') { "" } else { "\n" };
    // A closed pipe (`dossier text f.pdf | head`) is not an error worth a panic.
    match out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(newline.as_bytes()))
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dossier text: cannot write the text: {err}");
            ExitCode::FAILURE
        }
    }
}

//! `dossier text FILE [--json]`: print the text Dossier extracts from one document, exactly
//! as the loader reads it (same format readers, same size limit), to check an import or
//! to feed the text to other tools. A part of a file is named by its id after the file's
//! path: `dossier text "inbox.mbox#<Message-ID>"`, `dossier text "report.eml/2-budget.pdf"`.
//! Scanned pages are read in the OCR languages of the project whose corpus holds the file
//! (found in its folder or above), unless `--lang` says.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::{Document, LoadOptions, Metadata, SkipReason, load_document, load_file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The document (.txt, .md, .html, .pdf, .docx, .odt, .eml), or a part of a file by
    /// its id ("inbox.mbox#<Message-ID>", "report.eml/2-budget.pdf").
    pub file: PathBuf,
    /// Print one JSON object: {"title", "format", "encoding", "meta", "pages", "text"}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub lang: super::ocr_languages::LangArg,
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
    let (file, part) = file_and_part(&args.file);
    let name = file
        .file_name()
        .map_or_else(|| file.to_string_lossy(), |n| n.to_string_lossy())
        .into_owned();
    let doc = super::ocr_languages::cached_options(&file, &args.lang)
        .and_then(|options| read(&file, &name, part.as_deref(), options));
    let doc: Document = match doc {
        Ok(doc) => doc,
        Err(message) => {
            eprintln!("dossier text: {}: {message}", args.file.display());
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

/// The file named by `arg` and the part of it after its path, if any: `arg` itself when it
/// is a file, else its longest start that is a file and is followed by `#` or `/`.
pub(super) fn file_and_part(arg: &Path) -> (PathBuf, Option<String>) {
    if arg.is_file() {
        return (arg.to_owned(), None);
    }
    let whole = arg.to_string_lossy();
    let cut = whole
        .char_indices()
        .filter(|&(i, c)| (c == '#' || c == '/') && i > 0)
        .map(|(i, _)| i)
        .rev()
        .find(|&i| Path::new(&whole[..i]).is_file());
    match cut {
        Some(i) => (PathBuf::from(&whole[..i]), Some(whole[i..].to_owned())),
        None => (arg.to_owned(), None),
    }
}

/// The document `name` + `part` of `file` (the file's own when `part` is `None`), read
/// with `options` (the OCR languages of its project or `--lang`).
fn read(
    file: &Path,
    name: &str,
    part: Option<&str>,
    mut options: LoadOptions,
) -> Result<Document, String> {
    // One file: the command may wait for OCR of its scanned pages.
    options.ocr.run = true;
    let Some(part) = part else {
        return match load_document(file, name, &options) {
            Err(SkipReason::Empty) => Err(match load_file(file, name, &options) {
                Ok(loaded) if !loaded.documents.is_empty() => {
                    format!(
                        "no text of its own; name one of its parts: {}",
                        ids(&loaded.documents)
                    )
                }
                _ => SkipReason::Empty.to_string(),
            }),
            other => other.map_err(|reason| reason.to_string()),
        };
    };
    let loaded = load_file(file, name, &options).map_err(|reason| reason.to_string())?;
    // The id as the header writes it ("#<id@host>") is the part it names.
    let id = format!(
        "{name}{}",
        crate::corpus::formats::mail::part_as_written(part)
    );
    if let Some(doc) = loaded.documents.iter().find(|d| d.path == id) {
        return Ok(Document::clone(doc));
    }
    if let Some(skipped) = loaded.skipped.iter().find(|s| s.path == id) {
        return Err(format!("skipped: {}", skipped.reason));
    }
    Err(format!(
        "no part {part:?}; its parts are: {}",
        ids(&loaded.documents)
    ))
}

/// The first ids of `documents`, sorted, for a message naming them.
pub(super) fn ids(documents: &[std::sync::Arc<Document>]) -> String {
    const SHOWN: usize = 20;
    let mut ids: Vec<&str> = documents.iter().map(|d| d.path.as_str()).collect();
    ids.sort_unstable();
    let more = ids.len().saturating_sub(SHOWN);
    ids.truncate(SHOWN);
    let mut listed = ids.join(", ");
    if more > 0 {
        listed.push_str(&format!(" and {more} more"));
    }
    listed
}

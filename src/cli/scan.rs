//! `dossier scan FOLDER [--json] [--lang eng+ara]`: scanned pages are read (and looked
//! up in the caches) in the OCR languages of the folder's project, unless `--lang` says.

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use crate::corpus::{Corpus, Skipped};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to load.
    pub folder: PathBuf,
    /// Print one JSON object: {"documents": [...], "skipped": [...]}; each document with its
    /// id, parent, and the ids of its exact copies and near-copies (the first of a group
    /// lists the others, the others the first).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub lang: super::ocr_languages::LangArg,
}

#[derive(Serialize)]
struct ScanOutput<'a> {
    documents: Vec<DocumentLine<'a>>,
    skipped: &'a [Skipped],
}

#[derive(Serialize)]
struct DocumentLine<'a> {
    /// The document's id: its path, and for a part the part after it.
    id: &'a str,
    /// The same as `id` (the name earlier versions gave it).
    path: &'a str,
    /// The id of what it is a part of (`null` for a file of its own).
    parent: Option<&'a str>,
    title: &'a str,
    chars: usize,
    encoding: &'a str,
    /// The other places its exact text occurs (one document: counted once).
    copies: Vec<&'a str>,
    /// Its near-copies: for the first document of a group (in path order) every other
    /// member, for another member the first only. Listing every member under every member
    /// would grow with the square of a group's size (a mailbox of form letters).
    near_copies: Vec<NearCopyLine<'a>>,
}

#[derive(Serialize)]
struct NearCopyLine<'a> {
    id: &'a str,
    /// The estimated similarity of the group's first document and this one (0 to 1).
    similarity: f32,
}

/// The near-copies listed under `id`, a member of `group` (see `DocumentLine`).
fn near_copies_of<'a>(id: &str, group: &'a crate::corpus::NearGroup) -> Vec<NearCopyLine<'a>> {
    let line = |(id, similarity): &'a (String, f32)| NearCopyLine {
        id,
        similarity: *similarity,
    };
    match group.members.split_first() {
        Some((first, rest)) if first.0 == id => rest.iter().map(line).collect(),
        // A member names the first with its own similarity to it (not the first's 100 %).
        Some((first, rest)) => rest
            .iter()
            .find(|(member, _)| member == id)
            .map(|(_, similarity)| NearCopyLine {
                id: &first.0,
                similarity: *similarity,
            })
            .into_iter()
            .collect(),
        None => Vec::new(),
    }
}

pub fn run(args: Args) -> ExitCode {
    let options = match super::ocr_languages::cached_options(&args.folder, &args.lang) {
        Ok(options) => options,
        Err(why) => {
            eprintln!("dossier scan: {why}");
            return ExitCode::FAILURE;
        }
    };
    let load = || {
        Corpus::load(&args.folder, &options).map_err(|err| {
            eprintln!("dossier scan: {err}");
            ExitCode::FAILURE
        })
    };
    let mut corpus = match load() {
        Ok(corpus) => corpus,
        Err(code) => return code,
    };
    // The files the cache held before this command ran (a reload below hits it again).
    let read_before = options.text_cache.as_ref().map_or(0, |c| c.stats().hits);
    // Scanned pages waiting for OCR are read now (the command line may wait), and the
    // folder again, so that they are documents: every other file from the cache.
    match super::ocr::read_waiting_scans(&args.folder, &corpus.report.skipped, &options) {
        Ok(0) => {}
        Ok(_) => match load() {
            Ok(again) => corpus = again,
            Err(code) => return code,
        },
        Err(why) => eprintln!("dossier scan: OCR not run: {why}"),
    }
    let documents: Vec<DocumentLine> = corpus
        .documents
        .iter()
        .map(|d| DocumentLine {
            id: &d.path,
            path: &d.path,
            parent: d.parent.as_deref(),
            title: &d.title,
            chars: d.text.char_len(),
            encoding: &d.encoding,
            copies: corpus
                .copies
                .also_in(&d.path)
                .map(|p| p.id.as_str())
                .collect(),
            near_copies: corpus
                .near
                .group_of(&d.path)
                .map(|g| near_copies_of(&d.path, g))
                .unwrap_or_default(),
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
        // Read by another reader than its name calls for: "named .xls, read as HTML".
        let read_as = doc
            .meta
            .extra
            .get("read_as")
            .map(|note| format!(", {note}"))
            .unwrap_or_default();
        outln!(
            "{:>9} chars  {:<13} {}  ({}){ocr}{read_as}",
            d.chars,
            d.encoding,
            d.id,
            d.title
        );
        for copy in &d.copies {
            outln!("{:>31}  {copy}", "also in");
        }
        for near in &d.near_copies {
            outln!(
                "{:>31}  {} ({:.0} % similar)",
                "near-copy",
                near.id,
                near.similarity * 100.0
            );
        }
    }
    for s in &corpus.report.skipped {
        outln!("  skipped  {}: {}", s.path, s.reason);
    }
    let copies = match corpus.copies.places().len() {
        0 => String::new(),
        n => format!(
            " (and {} of them)",
            crate::text::counted(n, "exact copy", "exact copies")
        ),
    };
    let from_cache = Some(read_before)
        .filter(|&hits| hits > 0)
        .map(|hits| {
            format!(
                " ({} read before, from the text cache)",
                crate::text::counted(hits, "file", "files")
            )
        })
        .unwrap_or_default();
    // A note on a document read (a body read as far as its encoding goes) is not a skip.
    let report = match corpus.report_counts().describe() {
        none if none.is_empty() => "0 files skipped".to_owned(),
        report => report,
    };
    eprintln!(
        "{} loaded{copies}, {report}, {} chars in all{from_cache}",
        crate::text::counted(documents.len(), "document", "documents"),
        corpus.total_chars()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_is_listed_under_its_first_and_each_other_member_names_the_first_only() {
        let group = crate::corpus::NearGroup {
            members: vec![
                ("a.txt".to_owned(), 1.0),
                ("b.txt".to_owned(), 0.9),
                ("c.txt".to_owned(), 0.8),
            ],
        };
        let ids = |id: &str| -> Vec<(String, f32)> {
            near_copies_of(id, &group)
                .iter()
                .map(|l| (l.id.to_owned(), l.similarity))
                .collect()
        };
        assert_eq!(
            ids("a.txt"),
            [("b.txt".to_owned(), 0.9), ("c.txt".to_owned(), 0.8)]
        );
        assert_eq!(
            ids("c.txt"),
            [("a.txt".to_owned(), 0.8)],
            "its own similarity"
        );
        // Linear in the group: 2 (n - 1) lines in all, not n (n - 1).
        let total: usize = ["a.txt", "b.txt", "c.txt"]
            .map(|id| ids(id).len())
            .iter()
            .sum();
        assert_eq!(total, 4);
    }
}

//! `dossier search PATH PATTERN [--regex] [--ignore-case] [--word] [--json]`
//!
//! Loads the folder (or a project's corpus folder) exactly as the window does and searches
//! the documents' texts, so offsets printed here are the ones the reader and the project
//! file use: code points into the decoded, newline-normalised text. Exit codes follow grep:
//! 0 when something matched, 1 when nothing did, 2 on an error.
//!
//! Each document is searched as it is read (through the text cache) and only its matches
//! are kept: the memory is that of the documents being read, not of the corpus, which
//! halved the time of a search over 10,000 documents (most of it went to the kernel
//! zeroing fresh memory for texts that were never needed again). A plain text file found
//! unchanged is searched as bytes first: one without a match is never decoded
//! (`LoadObserver::passes_over`).

use std::collections::HashSet;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::corpus::{ContentHash, Corpus, Document, LoadObserver};
use crate::project::file::{self, EXTENSION};
use crate::search::{Hit, Matcher, Query, SearchOptions, search_document};
use crate::text::counted;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder of documents, or a project file (`*.dossier.ron`) whose corpus is searched.
    pub path: PathBuf,
    /// The text to find (a regular expression with --regex).
    pub pattern: String,
    /// Read PATTERN as a regular expression (Rust regex syntax).
    #[arg(long, short = 'e')]
    pub regex: bool,
    /// Ignore case (Unicode simple case folding).
    #[arg(long, short = 'i')]
    pub ignore_case: bool,
    /// Match whole words only.
    #[arg(long, short = 'w')]
    pub word: bool,
    /// One JSON object per match per line: {"path", "start", "end", "line", "snippet"}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub lang: super::ocr_languages::LangArg,
}

/// One line of `--json` output.
#[derive(Serialize)]
struct JsonHit<'a> {
    path: &'a str,
    start: usize,
    end: usize,
    line: usize,
    snippet: &'a str,
}

const ERROR: u8 = 2;
const NO_MATCH: u8 = 1;

pub fn run(args: Args) -> ExitCode {
    let query = Query {
        pattern: args.pattern.clone(),
        regex: args.regex,
        ignore_case: args.ignore_case,
        whole_word: args.word,
    };
    let matcher = match query.compile() {
        Ok(m) => m,
        Err(err) => {
            let what = if args.regex {
                "invalid regular expression"
            } else {
                "invalid pattern"
            };
            eprintln!("dossier search: {what}: {err}");
            return ExitCode::from(ERROR);
        }
    };
    let root = match corpus_root(&args.path) {
        Ok(root) => root,
        Err(message) => {
            eprintln!("dossier search: {message}");
            return ExitCode::from(ERROR);
        }
    };
    let options = match super::ocr_languages::cached_options(&args.path, &args.lang) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("dossier search: {message}");
            return ExitCode::from(ERROR);
        }
    };
    let searching = Searching {
        matcher: &matcher,
        options: SearchOptions::default(),
        texts: Mutex::new(HashSet::new()),
        found: Mutex::new(Vec::new()),
    };
    if let Err(err) = Corpus::read_each(&root, &options, &searching) {
        eprintln!("dossier search: {err}");
        return ExitCode::from(ERROR);
    }
    let mut found = searching
        .found
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    found.sort_by(|a, b| a.path.cmp(&b.path));
    // An exact copy's matches are its first place's, in path order, as the window lists them.
    let mut shown = HashSet::new();
    found.retain(|f| shown.insert(f.hash.clone()));
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        write_json(&mut out, &found)
    } else {
        write_listing(&mut out, &found, io::stdout().is_terminal())
    }
    .and_then(|()| out.flush());
    // A closed pipe (`| head`) is the reader's choice, not an error.
    if let Err(err) = written
        && err.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("dossier search: cannot write the results: {err}");
        return ExitCode::from(ERROR);
    }
    if !args.json {
        let total: usize = found.iter().map(|f| f.hits.len()).sum();
        eprintln!(
            "{} in {} of {}",
            counted(total, "match", "matches"),
            found.len(),
            counted(
                searching
                    .texts
                    .lock()
                    .map_or_else(|poisoned| poisoned.into_inner().len(), |texts| texts.len()),
                "document",
                "documents"
            )
        );
    }
    if found.is_empty() {
        ExitCode::from(NO_MATCH)
    } else {
        ExitCode::SUCCESS
    }
}

/// The matches of one document.
struct Found {
    path: String,
    hash: ContentHash,
    hits: Vec<Hit>,
}

/// Searches each document as the loader reads it, keeping its matches only.
struct Searching<'a> {
    matcher: &'a Matcher,
    options: SearchOptions,
    /// The texts read: exact copies (the same text in several places) count once, as in
    /// the window (`corpus::copies`).
    texts: Mutex<HashSet<ContentHash>>,
    found: Mutex<Vec<Found>>,
}

impl Searching<'_> {
    fn count(&self, hash: &ContentHash) {
        self.texts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(hash.clone());
    }
}

impl LoadObserver for Searching<'_> {
    /// A plain text file without a match is searched as bytes and never decoded.
    fn passes_over(&self, text: &[u8]) -> bool {
        !self.matcher.may_match_bytes(text)
    }

    fn passed(&self, _path: &str, hash: &ContentHash) {
        self.count(hash);
    }

    fn loaded(&self, doc: &Arc<Document>) {
        self.count(&doc.hash);
        let hits = search_document(&doc.text, self.matcher, &self.options);
        if hits.is_empty() {
            return;
        }
        let found = Found {
            path: doc.path.clone(),
            hash: doc.hash.clone(),
            hits,
        };
        self.found
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(found);
    }
}

/// The folder to load: `path` itself, or the corpus folder of the project file at `path`.
fn corpus_root(path: &Path) -> Result<PathBuf, String> {
    let is_project = path.is_file()
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(EXTENSION));
    if !is_project {
        if path.is_file() {
            return Err(format!(
                "{} is neither a folder nor a project file (*{EXTENSION})",
                path.display()
            ));
        }
        return Ok(path.to_owned());
    }
    let project = file::load(path).map_err(|e| e.to_string())?;
    project
        .corpus_root
        .ok_or_else(|| format!("the project {} names no corpus folder", path.display()))
}

fn write_json(out: &mut impl Write, found: &[Found]) -> io::Result<()> {
    for doc in found {
        for hit in &doc.hits {
            let line = JsonHit {
                path: &doc.path,
                start: hit.start,
                end: hit.end,
                line: hit.line,
                snippet: &hit.snippet.text,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Documents with their match counts, then one line per match: "line: snippet", the match
/// in bold red on a terminal and between brackets otherwise.
fn write_listing(out: &mut impl Write, found: &[Found], colour: bool) -> io::Result<()> {
    let (open, close) = if colour {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for (i, doc) in found.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(
            out,
            "{} ({})",
            doc.path,
            counted(doc.hits.len(), "match", "matches")
        )?;
        for hit in &doc.hits {
            let (before, matched, after) = hit.snippet.parts();
            writeln!(
                out,
                "{:>6}: {before}{open}{matched}{close}{after}",
                hit.line
            )?;
        }
    }
    Ok(())
}

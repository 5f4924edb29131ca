//! `dossier ocr PATH [--lang eng+ara]`: read the scanned pages of a folder, a project's
//! corpus or a file, in the project's OCR languages (`ocr_languages`), with Tesseract (every core, a progress
//! bar on stderr) into the OCR cache, where the window, `scan`, `search` and `text` find
//! them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use crate::corpus::ocr::{self, PageJob, Progress};
use crate::corpus::{Corpus, LoadOptions};
use crate::project::file;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder (its files that need OCR), a project file (`*.dossier.ron`: its corpus, in
    /// its OCR languages) or one image or PDF.
    pub path: PathBuf,
    /// The languages to read with, Tesseract's codes joined by '+' ("eng+ara"); default:
    /// the project's (the project file given, or one found whose corpus holds the path),
    /// else English plus the installed languages of the script each page shows.
    #[arg(long = "lang", alias = "languages", value_name = "CODES")]
    pub languages: Option<String>,
    /// The tesseract program to run (default: `tesseract` on PATH, or $DOSSIER_TESSERACT).
    #[arg(long)]
    pub tesseract: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    match options_and_path(&args).and_then(|(path, options)| read_scans(&path, &options)) {
        Ok(_) => ExitCode::SUCCESS,
        Err(why) => {
            eprintln!("dossier ocr: {why}");
            ExitCode::FAILURE
        }
    }
}

/// What to read (a project's corpus folder for a project file) and how: the languages of
/// `--lang`, else the project's, checked against those installed.
fn options_and_path(args: &Args) -> Result<(PathBuf, LoadOptions), String> {
    let mut options = LoadOptions::default();
    if args.tesseract.is_some() {
        options.ocr.program = args.tesseract.clone();
    }
    let mut path = args.path.clone();
    if super::ocr_languages::is_project_file(&path) {
        let project = file::load(&path).map_err(|e| e.to_string())?;
        path = project
            .corpus_root
            .ok_or_else(|| format!("the project {} names no corpus folder", path.display()))?;
    }
    options.ocr.languages =
        super::ocr_languages::languages_for(&args.path, args.languages.as_deref())?;
    if let Some(codes) = &options.ocr.languages
        && let Ok(tess) = ocr::tesseract(options.ocr.program.as_deref())
    {
        // Without Tesseract at all, the files say so with the install hint (read_scans).
        tess.check_languages(codes)?;
    }
    Ok((path, options))
}

/// Reads the pages of `path` (folder or file) not yet in the OCR cache, with a progress
/// line on stderr; returns the pages read.
pub fn read_scans(path: &Path, options: &LoadOptions) -> Result<usize, String> {
    if path.is_dir() {
        let corpus = Corpus::load(path, options).map_err(|e| e.to_string())?;
        read_waiting_scans(path, &corpus.report.skipped, options)
    } else {
        read_pages(ocr::pages_to_do(path, options), options)
    }
}

/// Reads the pages of the files a load of the folder `root` left waiting for OCR
/// (`skipped`), with a progress line on stderr; returns the pages read. Shared with
/// `dossier scan`, which has loaded the folder already.
pub fn read_waiting_scans(
    root: &Path,
    skipped: &[crate::corpus::Skipped],
    options: &LoadOptions,
) -> Result<usize, String> {
    if let Some(s) = skipped
        .iter()
        .find(|s| matches!(s.reason, crate::corpus::SkipReason::OcrUnavailable { .. }))
    {
        return Err(format!("{}: {}", s.path, s.reason));
    }
    let files = ocr::waiting_files(skipped);
    read_pages(ocr::pages_to_do_in(root, &files, options), options)
}

/// Runs Tesseract over `jobs` on every core, with a progress line on stderr.
fn read_pages(jobs: Vec<PageJob>, options: &LoadOptions) -> Result<usize, String> {
    if jobs.is_empty() {
        return Ok(0);
    }
    let tess = ocr::tesseract(options.ocr.program.as_deref())?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    let total = jobs.len();
    let progress = |done| {
        let line = Progress {
            done,
            total,
            elapsed: start.elapsed().as_secs_f64(),
        }
        .describe();
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}{line}", bar(done, total));
        let _ = err.flush();
    };
    progress(0);
    let read = ocr::run_pages(&jobs, &tess, &options.ocr, threads, &progress, &|| false);
    eprintln!();
    for page in &read {
        if let Err(why) = &page.result {
            eprintln!("  page {} not read: {why}", page.key.page + 1);
        }
    }
    eprintln!(
        "OCR: {} read in {:.1} s ({} tesseract at a time)",
        crate::text::counted(read.len(), "page", "pages"),
        start.elapsed().as_secs_f64(),
        threads
    );
    Ok(read.len())
}

/// "[#####.....] " for `done` of `total`.
fn bar(done: usize, total: usize) -> String {
    let filled = (done * 20).checked_div(total).unwrap_or(0).min(20);
    format!("[{}{}] ", "#".repeat(filled), ".".repeat(20 - filled))
}

//! `dossier export PROJECT --format FORMAT -o OUT [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::{Corpus, LoadOptions};
use crate::export::{self, ExportFormat};
use crate::project::{file, reconcile};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (`*.dossier.ron`).
    pub project: PathBuf,
    /// csv, markdown, html, w3c (Web Annotation JSON-LD) or qdpx (REFI-QDA project).
    #[arg(long, short = 'f', value_enum, ignore_case = true)]
    pub format: ExportFormat,
    /// The file to write (replaced atomically if it exists).
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Print one JSON object describing what was written.
    #[arg(long)]
    pub json: bool,
}

/// Loads the project and its corpus, re-anchors (in memory: the project file is not
/// changed), and exports.
pub fn run(args: Args) -> ExitCode {
    let mut project = match file::load(&args.project) {
        Ok(p) => p,
        Err(err) => {
            eprintln!("dossier export: {err}");
            return ExitCode::FAILURE;
        }
    };
    let Some(root) = project.corpus_root.clone() else {
        eprintln!("dossier export: the project names no corpus folder");
        return ExitCode::FAILURE;
    };
    let corpus = match Corpus::load(
        &root,
        &crate::session::load_options_for(&project, &LoadOptions::cached()),
    ) {
        Ok(c) => c,
        Err(err) => {
            eprintln!("dossier export: the corpus folder cannot be read: {err}");
            return ExitCode::FAILURE;
        }
    };
    let check = reconcile(&mut project, &corpus);
    let summary = match export::write(args.format, &project, &corpus, &args.out) {
        Ok(s) => s,
        Err(err) => {
            eprintln!("dossier export: {err}");
            return ExitCode::FAILURE;
        }
    };
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    if export::is_within(&args.out, &root) {
        eprintln!(
            "note: {} is inside the corpus folder {}; Dossier recognises its own exports and \
             will skip it when it loads the corpus (it is not read as a document)",
            args.out.display(),
            // "sample/." reads as "sample".
            crate::fs::without_dot_steps(&root).display()
        );
    }
    if args.json {
        return super::print_json(&summary);
    }
    eprintln!(
        "wrote {} ({}, {} bytes): {} ({} orphaned), {}, {}; re-anchoring: {}",
        summary.path.display(),
        summary.format.label(),
        summary.bytes,
        crate::text::counted(summary.annotations, "annotation", "annotations"),
        summary.orphaned,
        crate::text::counted(summary.documents, "document", "documents"),
        crate::text::counted(summary.tags, "tag", "tags"),
        check.summary()
    );
    ExitCode::SUCCESS
}

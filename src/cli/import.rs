//! `dossier import QDPX --into FOLDER [--json]`

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::import::qdpx::{self, ImportLimits};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The REFI-QDA project file (`*.qdpx`).
    pub qdpx: PathBuf,
    /// The folder to write the texts and the project file into (created if needed; it
    /// becomes the project's corpus).
    #[arg(long)]
    pub into: PathBuf,
    /// Print the import report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Imports; positions that do not fit their text are listed (on stdout) but do not make
/// the command fail: the annotations are kept, as orphans or at their stated position.
pub fn run(args: Args) -> ExitCode {
    let report = match qdpx::import(&args.qdpx, &args.into, ImportLimits::default()) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("dossier import: {err}");
            return ExitCode::FAILURE;
        }
    };
    if args.json {
        return super::print_json(&report);
    }
    for d in &report.documents {
        outln!(
            "{:>9} chars  {:>4} annotations  {}  (from “{}”)",
            d.chars,
            d.annotations,
            d.path,
            d.source
        );
    }
    for m in &report.mismatches {
        outln!(
            "mismatch  {}  selection {} ({}..{}): {}",
            m.source,
            m.selection,
            m.start,
            m.end,
            m.message
        );
    }
    for remark in &report.remarks {
        outln!("note      {remark}");
    }
    eprintln!(
        "wrote {}: {}, {}, {} ({} orphaned), {}",
        report.project_file.display(),
        crate::text::counted(report.documents.len(), "document", "documents"),
        crate::text::counted(report.tags, "tag", "tags"),
        crate::text::counted(report.annotations, "annotation", "annotations"),
        report.orphaned,
        crate::text::counted(report.mismatches.len(), "mismatch", "mismatches")
    );
    ExitCode::SUCCESS
}

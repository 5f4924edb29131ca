//! `dossier check PROJECT [--json] [--fix]`

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::{Corpus, LoadOptions};
use crate::project::{AnchorStatus, Workspace, reconcile};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (`*.dossier.ron`).
    pub project: PathBuf,
    /// Print one JSON object: {"annotations": [...], "totals": {...}}.
    #[arg(long)]
    pub json: bool,
    /// Save the re-anchored project (atomically; the previous file is kept as .bak).
    #[arg(long)]
    pub fix: bool,
}

pub fn run(args: Args) -> ExitCode {
    let mut workspace = match Workspace::open(&args.project) {
        Ok(w) => w,
        Err(err) => {
            eprintln!("dossier check: {err}");
            return ExitCode::FAILURE;
        }
    };
    let Some(root) = workspace.project.corpus_root.clone() else {
        eprintln!("dossier check: the project names no corpus folder");
        return ExitCode::FAILURE;
    };
    let corpus = match Corpus::load(
        &root,
        &crate::session::load_options_for(&workspace.project, &LoadOptions::cached()),
    ) {
        Ok(c) => c,
        Err(err) => {
            eprintln!("dossier check: the corpus folder cannot be read: {err}");
            return ExitCode::FAILURE;
        }
    };
    let report = reconcile(&mut workspace.project, &corpus);
    let code = if args.json {
        super::print_json(&report)
    } else {
        for a in &report.annotations {
            if a.status != AnchorStatus::Anchored {
                outln!(
                    "{:<9} {}  {}  {}..{}  “{}”",
                    a.status.label(),
                    a.id,
                    a.document,
                    a.start,
                    a.end,
                    crate::text::shorten(&a.quote, 60)
                );
            }
        }
        for (old, new) in &report.renamed {
            outln!("renamed   {old} -> {new}");
        }
        eprintln!(
            "{}: {}",
            crate::text::counted(report.annotations.len(), "annotation", "annotations"),
            report.summary()
        );
        ExitCode::SUCCESS
    };
    if args.fix {
        if let Err(err) = workspace.save() {
            eprintln!("dossier check: {err}");
            return ExitCode::FAILURE;
        }
        eprintln!("saved {}", args.project.display());
    }
    code
}

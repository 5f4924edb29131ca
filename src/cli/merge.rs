//! `dossier merge BASE OURS THEIRS -o OUT [--json]` and `dossier merge OURS THEIRS -o OUT`
//!
//! Exit 0: merged cleanly; 1: merged, with conflicts recorded in OUT (a valid project that
//! opens with its "Merge conflicts" list); 2: an error (nothing written).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use crate::project::merge::{self, Merged};
use crate::project::{Project, file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// BASE OURS THEIRS (BASE: the copies' common ancestor), or OURS THEIRS for copies
    /// with no shared history (items made apart are matched: tags by name, annotations by
    /// document, span and coder).
    #[arg(value_name = "PROJECT", num_args = 2..=3, required = true)]
    pub projects: Vec<PathBuf>,
    /// The merged project to write (atomically; OUT may be OURS).
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Print one JSON object: {"added": N, "changed": N, "conflicts": N}.
    #[arg(long)]
    pub json: bool,
    /// Where theirs came from, recorded in each conflict (default: THEIRS's file name).
    #[arg(long, value_name = "NAME")]
    pub theirs_name: Option<String>,
}

/// What `--json` prints.
#[derive(Serialize)]
struct Counts {
    added: usize,
    changed: usize,
    conflicts: usize,
}

/// The exit code of a merge that recorded `conflicts`.
pub(super) fn exit_code(conflicts: usize) -> ExitCode {
    if conflicts == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// An error's exit code.
pub(super) fn error() -> ExitCode {
    ExitCode::from(2)
}

/// A file's name, to say where theirs came from.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

pub fn run(args: Args) -> ExitCode {
    let load =
        |path: &PathBuf| -> Result<Project, String> { file::load(path).map_err(|e| e.to_string()) };
    let loaded: Result<Vec<Project>, String> = args.projects.iter().map(load).collect();
    let projects = match loaded {
        Ok(p) => p,
        Err(err) => {
            eprintln!("dossier merge: {err}");
            return error();
        }
    };
    let theirs_path = &args.projects[args.projects.len() - 1];
    let from = args
        .theirs_name
        .clone()
        .unwrap_or_else(|| file_name(theirs_path));
    let merged: Merged = match &projects[..] {
        [base, ours, theirs] => merge::three_way(base, ours, theirs, &from),
        [ours, theirs] => merge::two_way(ours, theirs, &from),
        _ => {
            eprintln!("dossier merge: give BASE OURS THEIRS, or OURS THEIRS");
            return error();
        }
    };
    if let Err(err) = file::save(&merged.project, &args.out) {
        eprintln!("dossier merge: {err}");
        return error();
    }
    let summary = &merged.summary;
    if args.json {
        let counts = Counts {
            added: summary.added,
            changed: summary.changed,
            conflicts: summary.conflicts,
        };
        match serde_json::to_string(&counts) {
            Ok(line) => super::output::outln!("{line}"),
            Err(err) => {
                eprintln!("dossier merge: cannot write JSON: {err}");
                return error();
            }
        }
    } else {
        eprintln!("wrote {}: {}", args.out.display(), summary.describe());
        if summary.conflicts > 0 {
            eprintln!(
                "open it in Dossier to settle the conflicts (Merge conflicts: keep ours, \
                 keep theirs, keep both or edit)"
            );
        }
    }
    exit_code(summary.conflicts)
}

//! `dossier diff OLD NEW [--json]` and `dossier diff --textconv FILE`
//!
//! The first lists what changed between two versions of a project as a person reviewing
//! it cares about it (annotations added, removed or changed with their quote, document and
//! coder; tags renamed, merged, moved; entity corrections; documents marked coded). The
//! second prints one project as a stable, line-oriented summary: `dossier git-setup`
//! configures it as git's `diff.dossier.textconv`, so that `git diff` and `git log -p`
//! show project files in those words. Exit 0, or 2 on an error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::output::outln;
use crate::project::diff::{ProjectDiff, textconv};
use crate::project::{Project, file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file as it was.
    #[arg(required_unless_present = "textconv", conflicts_with = "textconv")]
    pub old: Option<PathBuf>,
    /// The project file as it is now.
    #[arg(required_unless_present = "textconv", conflicts_with = "textconv")]
    pub new: Option<PathBuf>,
    /// Print one JSON object: {"annotations_added": [...], "tags_renamed": [...], ...}.
    #[arg(long, conflicts_with = "textconv")]
    pub json: bool,
    /// Print FILE as a readable summary, one item a line (git's textconv).
    #[arg(long, value_name = "FILE")]
    pub textconv: Option<PathBuf>,
}

const ERROR: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    if let Some(path) = &args.textconv {
        return print_textconv(path);
    }
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        eprintln!("dossier diff: give two project files, or --textconv FILE");
        return ExitCode::from(ERROR);
    };
    let (old, new) = match (load(old), load(new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(err), _) | (_, Err(err)) => {
            eprintln!("dossier diff: {err}");
            return ExitCode::from(ERROR);
        }
    };
    let diff = ProjectDiff::between(&old, &new);
    if args.json {
        return super::print_json(&diff);
    }
    outln!("{}", diff.to_text().trim_end());
    ExitCode::SUCCESS
}

fn load(path: &Path) -> Result<Project, String> {
    file::load(path).map_err(|e| e.to_string())
}

/// The summary of one project. A file that is not a readable project (a version with
/// conflict markers a person left, a file of another program) is printed as it is, so
/// that `git diff` still shows something, and said on stderr.
fn print_textconv(path: &Path) -> ExitCode {
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(err) => {
            eprintln!("dossier diff: {}: {err}", path.display());
            return ExitCode::from(ERROR);
        }
    };
    match file::from_ron(&text, path) {
        Ok(project) => outln!("{}", textconv(&project).trim_end()),
        Err(err) => {
            eprintln!("dossier diff: {err}; shown as it is");
            outln!("{}", text.trim_end());
        }
    }
    ExitCode::SUCCESS
}

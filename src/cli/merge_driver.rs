//! `dossier merge-driver %O %A %B %P`: git's merge driver for project files (see
//! gitattributes(5), "Defining a custom merge driver"; `dossier git-setup` installs it).
//!
//! Git gives the common ancestor (%O), ours (%A) and theirs (%B) as temporary files and the
//! project's path in the repository (%P); the driver writes the merged project into %A.
//! Exit 0 when the merge is clean. When it recorded conflicts, the file in %A is still a
//! valid project (the conflicts are values inside it, never text markers), but the driver
//! exits 1 so that git reports the file as conflicted and stops before committing: the
//! user opens the project in Dossier, settles the conflicts (or decides to keep them for
//! later), then `git add`s it, as with any conflict. Exiting 0 would let git commit the
//! merge at once with the conflicts unseen. On an error (a side that is not a project)
//! the driver exits 2 and leaves %A as it was: git then reports a conflict on our version.

use std::path::PathBuf;
use std::process::ExitCode;

use super::merge::{error, exit_code};
use crate::fs::{parent_dir, write_atomically};
use crate::project::merge::{self, Merged};
use crate::project::{Project, file};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// %O: the common ancestor (an empty file when there is none).
    pub base: PathBuf,
    /// %A: ours, replaced by the merged project.
    pub ours: PathBuf,
    /// %B: theirs.
    pub theirs: PathBuf,
    /// %P: the project file's path in the repository (its corpus folder is found from it).
    pub path: PathBuf,
}

/// Where theirs came from, in each conflict: git does not name the branch to a driver.
const THEIRS_FROM: &str = "the other branch";

pub fn run(args: Args) -> ExitCode {
    match merge_files(&args) {
        Ok(merged) => {
            let summary = &merged.summary;
            eprintln!(
                "dossier: merged {}: {}",
                args.path.display(),
                summary.describe()
            );
            if summary.conflicts > 0 {
                eprintln!(
                    "dossier: the conflicts are recorded in the project: open it in Dossier to \
                     settle them, then `git add {}`",
                    args.path.display()
                );
            }
            exit_code(summary.conflicts)
        }
        Err(err) => {
            eprintln!("dossier merge-driver: {err}");
            error()
        }
    }
}

fn merge_files(args: &Args) -> Result<Merged, String> {
    // Git runs the driver at the top of the working tree, where %P is relative to; the
    // temporary files are elsewhere, so each is read as if it were at %P (its corpus
    // folder, stored relative to the project file, resolves as in the checkout).
    let at = std::env::current_dir()
        .map(|d| d.join(&args.path))
        .map_err(|e| format!("cannot tell the current folder: {e}"))?;
    let read = |path: &PathBuf| -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let parse = |text: &str| -> Result<Project, String> {
        file::from_ron(text, &at).map_err(|e| e.to_string())
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let (ours, theirs) = (parse(&ours)?, parse(&theirs)?);
    let merged = if base.trim().is_empty() {
        // Both branches added the file: no shared history.
        merge::two_way(&ours, &theirs, THEIRS_FROM)
    } else {
        merge::three_way(&parse(&base)?, &ours, &theirs, THEIRS_FROM)
    };
    let text = file::to_ron(&merged.project, &parent_dir(&at)).map_err(|e| e.to_string())?;
    write_atomically(&args.ours, text.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", args.ours.display()))?;
    Ok(merged)
}

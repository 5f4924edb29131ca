//! Finding the files of a corpus folder: recursive, hidden files and folders skipped,
//! `.dossierignore` (gitignore syntax) honoured, symbolic links followed with loop detection.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use super::{SkipReason, Skipped};

/// A file to read.
#[derive(Debug, Clone)]
pub struct FoundFile {
    pub absolute: PathBuf,
    /// Relative to the corpus root, `/`-separated.
    pub relative: String,
}

#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<FoundFile>,
    pub skipped: Vec<Skipped>,
}

/// The name of the per-folder ignore file (gitignore syntax).
pub const IGNORE_FILE: &str = ".dossierignore";

/// Dossier's own files (projects, backups, recovery copies, temporary saves) are never
/// documents, and are not worth a line in the report either.
pub fn is_dossier_file(name: &str) -> bool {
    name.contains(".dossier.ron")
}

/// What the walk makes of one entry: a file to read, or one skipped with the reason.
pub enum Seen {
    File(FoundFile),
    Skipped(Skipped),
}

/// The walk of `root`'s files (see the module doc), to build in one order or the other.
fn walker(root: &Path) -> WalkBuilder {
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(true)
        .follow_links(true)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .add_custom_ignore_filename(IGNORE_FILE);
    builder
}

/// Every file below `root`, in path order.
pub fn walk(root: &Path) -> Walked {
    let mut out = Walked::default();
    for entry in walker(root).build() {
        match seen(root, entry) {
            Some(Seen::File(file)) => out.files.push(file),
            Some(Seen::Skipped(skipped)) => out.skipped.push(skipped),
            None => {}
        }
    }
    out.files.sort_by(|a, b| a.relative.cmp(&b.relative));
    out
}

/// Walks `root` on a thread per core, handing each file to `visit` on the walking thread
/// as soon as it is found, in no particular order: the first file is read while the
/// folders are still being listed, as ripgrep does. `visit` returning false stops the walk.
pub fn walk_each(root: &Path, visit: &(dyn Fn(Seen) -> bool + Sync)) {
    walker(root).build_parallel().run(|| {
        Box::new(move |entry| match seen(root, entry).map(visit) {
            Some(false) => ignore::WalkState::Quit,
            _ => ignore::WalkState::Continue,
        })
    });
}

/// What one entry of the walk is: `None` for a folder, a link to one, or one of Dossier's
/// own files.
fn seen(root: &Path, entry: Result<ignore::DirEntry, ignore::Error>) -> Option<Seen> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => return Some(Seen::Skipped(skipped_from_error(root, &err))),
    };
    if !entry.file_type().is_some_and(|t| t.is_file()) {
        return None;
    }
    let path = entry.into_path();
    let name = path.file_name().map(|n| n.to_string_lossy());
    if name.is_some_and(|n| is_dossier_file(&n)) {
        return None;
    }
    let relative = relative_path(root, &path);
    if super::own_export::in_exports_folder(&relative) {
        return Some(Seen::Skipped(Skipped {
            path: relative,
            reason: SkipReason::ExportsFolder,
        }));
    }
    Some(Seen::File(FoundFile {
        absolute: path,
        relative,
    }))
}

/// `root/a/b.txt` gives `a/b.txt` on every platform.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn skipped_from_error(root: &Path, err: &ignore::Error) -> Skipped {
    let mut path: Option<&Path> = None;
    let mut current = err;
    loop {
        match current {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p);
                current = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                current = err;
            }
            ignore::Error::Partial(errs) if !errs.is_empty() => current = &errs[0],
            _ => break,
        }
    }
    let (path, reason) = match current {
        ignore::Error::Loop { child, .. } => (Some(child.as_path()), SkipReason::SymlinkLoop),
        ignore::Error::Io(io) => (path, SkipReason::Unreadable(io.to_string())),
        other => (path, SkipReason::Unreadable(other.to_string())),
    };
    Skipped {
        path: path.map_or_else(|| "?".to_owned(), |p| relative_path(root, p)),
        reason,
    }
}

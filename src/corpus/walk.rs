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

pub fn walk(root: &Path) -> Walked {
    let mut out = Walked::default();
    let walker = WalkBuilder::new(root)
        .hidden(true)
        .follow_links(true)
        .parents(false)
        .git_global(false)
        .git_exclude(false)
        .add_custom_ignore_filename(IGNORE_FILE)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if !is_file {
                    continue;
                }
                let path = entry.into_path();
                let name = path.file_name().map(|n| n.to_string_lossy());
                if name.is_some_and(|n| is_dossier_file(&n)) {
                    continue;
                }
                let relative = relative_path(root, &path);
                if super::own_export::in_exports_folder(&relative) {
                    out.skipped.push(Skipped {
                        path: relative,
                        reason: SkipReason::ExportsFolder,
                    });
                    continue;
                }
                out.files.push(FoundFile {
                    absolute: path,
                    relative,
                });
            }
            Err(err) => out.skipped.push(skipped_from_error(root, &err)),
        }
    }
    out.files.sort_by(|a, b| a.relative.cmp(&b.relative));
    out
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

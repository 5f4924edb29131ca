//! Recovery copies: while a project has unsaved changes, the window writes a copy of it
//! every minute, so that a crash loses at most a minute of work. The copy is removed when
//! the project is saved or its changes are discarded; one found when a project is opened
//! means the last session ended without either, and the user is offered to restore it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::file::{self, ProjectFileError};
use super::model::Project;

/// Where recovery copies live (the app's data folder).
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
}

/// A recovery copy found on disk.
#[derive(Clone, Debug)]
pub struct Recovery {
    /// The copy's file.
    pub path: PathBuf,
    /// When it was written.
    pub written: SystemTime,
}

impl RecoveryStore {
    /// The recovery copies kept in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The recovery file of the project identified by `key`: its project file, or for a
    /// project never saved, its corpus folder.
    pub fn path_for(&self, key: &Path) -> PathBuf {
        let canonical = key.canonicalize().unwrap_or_else(|_| key.to_owned());
        let hash = blake3::hash(canonical.to_string_lossy().as_bytes());
        let stem = canonical
            .file_name()
            .map(|n| n.to_string_lossy().replace(file::EXTENSION, ""))
            .unwrap_or_default();
        let safe: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .take(40)
            .collect();
        self.dir.join(format!(
            "{safe}-{}.dossier.ron.recovery",
            &hash.to_hex()[..12]
        ))
    }

    /// Writes the recovery copy of `project` (atomically, no backup).
    pub fn write(&self, key: &Path, project: &Project) -> Result<PathBuf, ProjectFileError> {
        let path = self.path_for(key);
        let io_err = |source| ProjectFileError::Io {
            path: path.clone(),
            source,
        };
        fs::create_dir_all(&self.dir).map_err(io_err)?;
        // The corpus path is stored relative to the recovery folder and read back from it.
        let text = file::to_ron(project, &self.dir)?;
        crate::fs::write_atomically(&path, text.as_bytes(), false).map_err(io_err)?;
        Ok(path)
    }

    /// The recovery copy for `key`, if one exists and is newer than `saved_at` (the project
    /// file's modification time; `None` for a project never saved).
    pub fn find(&self, key: &Path, saved_at: Option<SystemTime>) -> Option<Recovery> {
        let path = self.path_for(key);
        let written = fs::metadata(&path).and_then(|m| m.modified()).ok()?;
        match saved_at {
            Some(saved) if saved >= written => None,
            _ => Some(Recovery { path, written }),
        }
    }

    /// Reads a recovery copy back as a project.
    pub fn load(&self, recovery: &Recovery) -> Result<Project, ProjectFileError> {
        file::load(&recovery.path)
    }

    /// Removes the recovery copy of `key` (none is fine).
    pub fn remove(&self, key: &Path) -> io::Result<()> {
        match fs::remove_file(self.path_for(key)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Rgb, Tag, TagId};

    #[test]
    fn a_written_copy_is_found_loaded_and_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).expect("mkdir");
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let mut project = Project::new("p");
        project.corpus_root = Some(corpus.clone());
        project.tags.insert(
            TagId(1),
            Tag {
                id: TagId(1),
                name: "Unsaved".into(),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent: None,
            },
        );
        project.next_id = 2;
        assert!(store.find(&corpus, None).is_none());
        store.write(&corpus, &project).expect("write");
        let found = store.find(&corpus, None).expect("found");
        let back = store.load(&found).expect("load");
        assert_eq!(back.tags, project.tags);
        assert_eq!(
            back.corpus_root.and_then(|p| p.canonicalize().ok()),
            corpus.canonicalize().ok()
        );
        // A project saved after the copy was written does not need it.
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        assert!(store.find(&corpus, Some(later)).is_none());
        store.remove(&corpus).expect("remove");
        assert!(store.find(&corpus, None).is_none());
        store.remove(&corpus).expect("removing twice is fine");
    }
}

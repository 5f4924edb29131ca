//! Recovery copies: while a project has unsaved changes, the window writes a copy of it
//! every minute, so that a crash loses at most a minute of work. The copy is removed when
//! the project is saved or its changes are discarded; one found when a project is opened
//! means the last session ended without either, and the user is offered to restore it.
//!
//! Copies are written on worker threads while the user works: a copy being written when
//! the user discards the work must not reappear after the removal (the next session would
//! offer discarded work as if the last one had crashed). A write therefore carries a
//! [`WriteTicket`] taken when it was started, and is dropped if the copy was removed since.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use super::file::{self, ProjectFileError};
use super::model::Project;

/// Where recovery copies live (the app's data folder).
#[derive(Clone, Debug)]
pub struct RecoveryStore {
    dir: PathBuf,
    /// How many removals there have been (shared by the store's clones): held while a copy
    /// is written or removed, so that the two never interleave.
    removals: Arc<Mutex<u64>>,
}

/// When a write was started: see [`RecoveryStore::write_unless_removed`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteTicket(u64);

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
        Self {
            dir: dir.into(),
            removals: Arc::default(),
        }
    }

    /// Taken on the thread that decides to write a copy, before handing the work to a
    /// worker.
    pub fn ticket(&self) -> WriteTicket {
        WriteTicket(*self.removals.lock().unwrap_or_else(PoisonError::into_inner))
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
        let _held = self.removals.lock().unwrap_or_else(PoisonError::into_inner);
        self.write_now(key, project)
    }

    /// [`Self::write`], unless a copy was removed since `ticket` was taken (the user saved
    /// or discarded the work meanwhile): then nothing is written and `None` returned.
    pub fn write_unless_removed(
        &self,
        ticket: WriteTicket,
        key: &Path,
        project: &Project,
    ) -> Result<Option<PathBuf>, ProjectFileError> {
        let removals = self.removals.lock().unwrap_or_else(PoisonError::into_inner);
        if *removals != ticket.0 {
            return Ok(None);
        }
        self.write_now(key, project).map(Some)
    }

    fn write_now(&self, key: &Path, project: &Project) -> Result<PathBuf, ProjectFileError> {
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

    /// Removes the recovery copy of `key` (none is fine); writes started before this are
    /// dropped ([`Self::write_unless_removed`]).
    pub fn remove(&self, key: &Path) -> io::Result<()> {
        let mut removals = self.removals.lock().unwrap_or_else(PoisonError::into_inner);
        *removals += 1;
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
            TagId(uuid::Uuid::from_u128(1)),
            Tag {
                id: TagId(uuid::Uuid::from_u128(1)),
                name: "Unsaved".into(),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent: None,
            },
        );
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

    #[test]
    fn a_copy_started_before_the_work_was_discarded_does_not_come_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(&corpus).expect("mkdir");
        let store = RecoveryStore::new(dir.path().join("recovery"));
        let mut project = Project::new("p");
        project.corpus_root = Some(corpus.clone());

        // A write is handed to a worker (ticket taken), the user discards the work before
        // the worker runs: the worker must not write the copy back.
        let ticket = store.ticket();
        let worker = store.clone();
        store.remove(&corpus).expect("discard");
        let written = worker
            .write_unless_removed(ticket, &corpus, &project)
            .expect("no error");
        assert_eq!(written, None);
        assert!(store.find(&corpus, None).is_none(), "nothing to offer");

        // A write started after the removal goes through.
        let ticket = store.ticket();
        assert!(
            worker
                .write_unless_removed(ticket, &corpus, &project)
                .expect("write")
                .is_some()
        );
        assert!(store.find(&corpus, None).is_some());
    }
}

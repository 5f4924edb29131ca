//! A project being worked on: the project, its undo history, where it is saved, and
//! whether it has changed since.

use std::path::{Path, PathBuf};

use super::command::{Command, CommandError};
use super::file::{self, ProjectFileError};
use super::history::History;
use super::model::Project;

/// A project being edited: the project, its undo history and its file.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The project as it is now.
    pub project: Project,
    /// The steps to undo and redo.
    pub history: History,
    /// The project file, once saved or opened.
    pub path: Option<PathBuf>,
    /// The history state last saved (`None`: never saved).
    saved_state: Option<u64>,
}

impl Workspace {
    /// A new, unsaved project over the folder `root`, named after it.
    pub fn for_folder(root: &Path) -> Self {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_owned());
        let name = root.file_name().map_or_else(
            || "Untitled".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut project = Project::new(name);
        project.corpus_root = Some(root);
        Self::unsaved(project)
    }

    /// A project that has never been saved.
    pub fn unsaved(project: Project) -> Self {
        Self {
            project,
            history: History::default(),
            path: None,
            saved_state: None,
        }
    }

    /// Opens a project file (the corpus is not loaded here).
    pub fn open(path: &Path) -> Result<Self, ProjectFileError> {
        let project = file::load(path)?;
        let history = History::default();
        let saved_state = Some(history.state());
        Ok(Self {
            project,
            history,
            path: Some(path.to_owned()),
            saved_state,
        })
    }

    /// Opens the backup of a project file (`NAME.dossier.ron.bak`, the version before the
    /// last save) as an unsaved copy: saving it asks where, so the damaged file and the
    /// backup both stay as they are until the user decides.
    pub fn open_backup(path: &Path) -> Result<Self, ProjectFileError> {
        let mut project = file::load(path)?;
        project.name = format!("{} (from backup)", project.name);
        Ok(Self::unsaved(project))
    }

    /// Applies a user's change as an undoable step.
    pub fn execute(&mut self, command: Command) -> Result<(), CommandError> {
        self.history.execute(&mut self.project, command)
    }

    /// Undoes the last step; its label, or `None` when there was nothing to undo.
    pub fn undo(&mut self) -> Result<Option<String>, CommandError> {
        self.history.undo(&mut self.project)
    }

    /// Redoes the last undone step; its label, or `None` when there was nothing to redo.
    pub fn redo(&mut self) -> Result<Option<String>, CommandError> {
        self.history.redo(&mut self.project)
    }

    /// True when the project differs from what was last saved (or was never saved and has
    /// content worth saving).
    pub fn is_dirty(&self) -> bool {
        match self.saved_state {
            Some(saved) => saved != self.history.state(),
            None => {
                self.history.state() != 0
                    || !self.project.annotations.is_empty()
                    || !self.project.tags.is_empty()
            }
        }
    }

    /// Records a change made outside the history (re-anchoring on open): the project is
    /// dirty and earlier steps can no longer be undone.
    pub fn mark_external_change(&mut self) {
        self.history.mark_external_change();
    }

    /// Saves to the current path (an error if there is none yet: use [`Self::save_as`]).
    pub fn save(&mut self) -> Result<(), ProjectFileError> {
        let path = self.path.clone().ok_or_else(|| ProjectFileError::Io {
            path: PathBuf::new(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the project has no file yet",
            ),
        })?;
        self.save_as(&path)
    }

    /// Saves to `path` and makes it the project's file.
    pub fn save_as(&mut self, path: &Path) -> Result<(), ProjectFileError> {
        file::save(&self.project, path)?;
        self.path = Some(path.to_owned());
        self.saved_state = Some(self.history.state());
        Ok(())
    }

    /// Marks the current state as saved (after a save done elsewhere, e.g. on a worker).
    pub fn mark_saved_state(&mut self, path: PathBuf, state: u64) {
        self.path = Some(path);
        self.saved_state = Some(state);
    }

    /// The display name: the project file's name without `.dossier.ron`, else the
    /// project's name.
    pub fn display_name(&self) -> String {
        self.path
            .as_deref()
            .and_then(|p| p.file_name())
            .map(|n| {
                let n = n.to_string_lossy();
                n.strip_suffix(file::EXTENSION).unwrap_or(&n).to_owned()
            })
            .unwrap_or_else(|| self.project.name.clone())
    }
}

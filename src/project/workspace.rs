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
    /// Opened from a project file's backup (`NAME.dossier.ron.bak`): shown as such until
    /// it is saved under a name of its own.
    from_backup: bool,
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
            from_backup: false,
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
            from_backup: false,
        })
    }

    /// Opens the backup of a project file (`NAME.dossier.ron.bak`, the version before the
    /// last save) as an unsaved copy: saving it asks where, so the damaged file and the
    /// backup both stay as they are until the user decides.
    /// The project keeps its name (saving the copy must not write "(from backup)" into
    /// it); [`Self::display_name`] says where it came from.
    pub fn open_backup(path: &Path) -> Result<Self, ProjectFileError> {
        let project = file::load(path)?;
        Ok(Self {
            from_backup: true,
            ..Self::unsaved(project)
        })
    }

    /// True for a copy opened from a backup and not saved yet.
    pub fn is_from_backup(&self) -> bool {
        self.from_backup && self.path.is_none()
    }

    /// Applies a user's change as an undoable step.
    pub fn execute(&mut self, command: Command) -> Result<(), CommandError> {
        self.history.execute(&mut self.project, command)
    }

    /// Applies a change that follows from the last step as part of it (see
    /// [`History::execute_joined`]).
    pub fn execute_joined(&mut self, command: Command) -> Result<(), CommandError> {
        self.history.execute_joined(&mut self.project, command)
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
    /// project's name ("(from backup)" added for a copy opened from a backup).
    pub fn display_name(&self) -> String {
        self.file_stem().unwrap_or_else(|| {
            if self.from_backup {
                format!("{} (from backup)", self.project.name)
            } else {
                self.project.name.clone()
            }
        })
    }

    /// The project file's name without `.dossier.ron`, once it has one.
    fn file_stem(&self) -> Option<String> {
        self.path.as_deref().and_then(|p| p.file_name()).map(|n| {
            let n = n.to_string_lossy();
            n.strip_suffix(file::EXTENSION).unwrap_or(&n).to_owned()
        })
    }

    /// The file name (without `.dossier.ron`) a Save As dialog suggests: the project
    /// file's, else the project's name made safe for every file system.
    pub fn suggested_file_name(&self) -> String {
        self.file_stem()
            .unwrap_or_else(|| safe_file_name(&self.project.name))
    }
}

/// `name` as a file name that every common file system accepts (see
/// [`crate::fs::plain_file_name`]; double quotes go rather than become `'`, as a project
/// name in quotes is a title, not a quotation). "Untitled" when nothing is left.
pub fn safe_file_name(name: &str) -> String {
    let plain = crate::fs::plain_file_name(&name.replace('"', " "));
    if plain.is_empty() {
        "Untitled".to_owned()
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backup_suggests_a_safe_name_without_from_backup() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("sample2");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        let mut project = Project::new("Sample: Syria and Iraq, 2011-2024");
        project.corpus_root = Some(corpus.join("."));
        let saved = corpus.join("sample.dossier.ron");
        file::save(&project, &saved).expect("save");
        let backup = corpus.join("sample.dossier.ron.bak");
        std::fs::copy(&saved, &backup).expect("copy");

        let workspace = Workspace::open_backup(&backup).expect("open backup");
        assert_eq!(
            workspace.suggested_file_name(),
            "Sample - Syria and Iraq, 2011-2024"
        );
        // The window still says where the copy came from, and the project keeps its name.
        assert_eq!(
            workspace.display_name(),
            "Sample: Syria and Iraq, 2011-2024 (from backup)"
        );
        assert_eq!(workspace.project.name, "Sample: Syria and Iraq, 2011-2024");
    }

    #[test]
    fn safe_file_names_hold_no_character_a_file_system_refuses() {
        for (name, safe) in [
            ("Sample: Syria", "Sample - Syria"),
            ("a/b\\c", "a - b - c"),
            ("why? <not> \"this\"|that*", "why not this - that"),
            ("::", "Untitled"),
            (" .hidden. ", "hidden"),
            ("plain name", "plain name"),
        ] {
            assert_eq!(safe_file_name(name), safe, "{name:?}");
        }
        for c in [':', '/', '\\', '*', '?', '"', '<', '>', '|'] {
            assert!(!safe_file_name(&format!("x{c}y")).contains(c));
        }
    }
}

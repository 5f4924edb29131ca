//! Undo and redo: a step per committed command, holding the command that reverses it.

use super::command::{Command, CommandError};
use super::model::Project;

/// Steps kept before the oldest are forgotten.
pub const DEFAULT_LIMIT: usize = 1000;

#[derive(Clone, Debug)]
struct Step {
    label: String,
    /// The command that moves the project to the other side of this step.
    command: Command,
    before: u64,
    after: u64,
}

/// The undo and redo stacks of one project, and an id for every state the project has
/// been in, so that "unsaved changes" is exact even after undoing back to the saved state.
#[derive(Clone, Debug)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    state: u64,
    next_state: u64,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::with_limit(DEFAULT_LIMIT)
    }
}

impl History {
    /// An empty history that keeps at most `limit` undo steps.
    pub fn with_limit(limit: usize) -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            state: 0,
            next_state: 1,
            limit: limit.max(1),
        }
    }

    /// Applies `command` to `project` as a new undoable step (clearing the redo stack).
    pub fn execute(&mut self, project: &mut Project, command: Command) -> Result<(), CommandError> {
        let label = command.label(project);
        let inverse = command.apply(project)?;
        let before = self.state;
        self.state = self.fresh_state();
        self.undo.push(Step {
            label,
            command: inverse,
            before,
            after: self.state,
        });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
        self.redo.clear();
        Ok(())
    }

    /// Applies `command` as part of the last step when the project is still as that step
    /// left it (one Undo then takes both back, and one Redo does both again); otherwise as
    /// a step of its own, as [`Self::execute`]. For what follows from an edit by itself:
    /// the scans read again after a change of OCR languages.
    pub fn execute_joined(
        &mut self,
        project: &mut Project,
        command: Command,
    ) -> Result<(), CommandError> {
        let state = self.state;
        if self.undo.last().is_none_or(|last| last.after != state) {
            return self.execute(project, command);
        }
        let inverse = command.apply(project)?;
        let after = self.fresh_state();
        self.state = after;
        if let Some(last) = self.undo.last_mut() {
            let earlier = std::mem::replace(&mut last.command, Command::SetOcrLanguages(None));
            // Undone in reverse: what joined first, then the step as it was.
            last.command = Command::Batch {
                label: last.label.clone(),
                commands: vec![inverse, earlier],
            };
            last.after = after;
        }
        self.redo.clear();
        Ok(())
    }

    /// The command that undoes the last step, if any.
    pub fn undo_command(&self) -> Option<&Command> {
        self.undo.last().map(|s| &s.command)
    }

    /// Undoes the last step; returns its label, or `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<Option<String>, CommandError> {
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        match step.command.clone().apply(project) {
            Ok(forward) => {
                self.state = step.before;
                let label = step.label.clone();
                self.redo.push(Step {
                    command: forward,
                    ..step
                });
                Ok(Some(label))
            }
            Err(err) => {
                self.undo.push(step);
                Err(err)
            }
        }
    }

    /// Redoes the last undone step; returns its label, or `None` when there is none.
    pub fn redo(&mut self, project: &mut Project) -> Result<Option<String>, CommandError> {
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        match step.command.clone().apply(project) {
            Ok(inverse) => {
                self.state = step.after;
                let label = step.label.clone();
                self.undo.push(Step {
                    command: inverse,
                    ..step
                });
                Ok(Some(label))
            }
            Err(err) => {
                self.redo.push(step);
                Err(err)
            }
        }
    }

    /// The command Undo would apply (the inverse of the last step), if any.
    pub fn next_undo(&self) -> Option<&Command> {
        self.undo.last().map(|s| &s.command)
    }

    /// The command Redo would apply, if any.
    pub fn next_redo(&self) -> Option<&Command> {
        self.redo.last().map(|s| &s.command)
    }

    /// What Undo would undo ("Add annotation"), if anything.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What Redo would redo, if anything.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// An id of the project's current state: equal ids mean equal projects.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Marks a change made outside the history (re-anchoring on open): a new state that
    /// cannot be undone, after which the old steps no longer apply.
    pub fn mark_external_change(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.state = self.fresh_state();
    }

    fn fresh_state(&mut self) -> u64 {
        let s = self.next_state;
        self.next_state += 1;
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::model::DocumentRecord;

    fn record(hash: &str) -> std::collections::BTreeMap<String, DocumentRecord> {
        let mut records = std::collections::BTreeMap::new();
        records.insert(
            "scan.png".to_owned(),
            DocumentRecord {
                path: "scan.png".to_owned(),
                hash: crate::corpus::ContentHash(hash.to_owned()),
                title: "scan".to_owned(),
                renamed: None,
                coded_by: Default::default(),
            },
        );
        records
    }

    #[test]
    fn a_joined_command_is_undone_and_redone_with_the_step_before_it() {
        let mut project = Project::new("p");
        project.documents = record("old");
        let mut history = History::default();
        let arabic = Some(vec!["ara".to_owned()]);
        history
            .execute(&mut project, Command::SetOcrLanguages(arabic.clone()))
            .expect("languages");
        let changed = history.state();
        // The scans read again in Arabic: their records follow, in the same step.
        history
            .execute_joined(&mut project, Command::ReplaceDocumentRecords(record("new")))
            .expect("joined");
        assert_ne!(history.state(), changed, "a new state");
        assert_eq!(history.undo_label(), Some("Read scans in ara"));

        history.undo(&mut project).expect("undo");
        assert_eq!(project.ocr_languages, None);
        assert_eq!(project.documents, record("old"));
        assert!(!history.can_undo(), "one step undid both");
        history.redo(&mut project).expect("redo");
        assert_eq!(project.ocr_languages, arabic);
        assert_eq!(project.documents, record("new"));
    }

    #[test]
    fn with_no_step_before_it_a_joined_command_is_a_step_of_its_own() {
        let mut project = Project::new("p");
        let mut history = History::default();
        history
            .execute_joined(&mut project, Command::ReplaceDocumentRecords(record("x")))
            .expect("its own step");
        assert_eq!(
            history.undo_label(),
            Some("Take in the documents changed on disk")
        );
        history.undo(&mut project).expect("undo");
        assert!(project.documents.is_empty());
    }
}

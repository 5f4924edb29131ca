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

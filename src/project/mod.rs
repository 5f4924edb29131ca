//! The research project: model, commands with undo and redo, project files, re-anchoring.
//!
//! No egui here: the window and the command line both drive projects through this API.

mod command;
pub mod diff;
pub mod file;
mod history;
pub mod ids;
mod model;
pub mod reanchor;
mod reconcile;
pub mod recovery;
mod workspace;

pub use command::{Command, CommandError};
pub use file::ProjectFileError;
pub use history::History;
pub use model::{
    Anchor, Annotation, AnnotationId, CONTEXT_CHARS, DocumentRecord, EarlierQuote, Project, Rgb,
    Tag, TagId,
};
pub use reanchor::AnchorStatus;
pub use reconcile::{AnnotationCheck, ChangesSinceSave, ReconcileReport, Totals, reconcile};
pub use workspace::Workspace;

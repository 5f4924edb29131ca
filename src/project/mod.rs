//! The research project: model, commands with undo and redo, project files, re-anchoring.
//!
//! No egui here: the window and the command line both drive projects through this API.

mod command;
pub mod conflict;
mod conflict_file;
pub mod diff;
pub mod file;
mod history;
pub mod ids;
pub mod merge;
mod model;
mod patch;
pub mod reanchor;
mod reconcile;
pub mod recovery;
mod workspace;

pub use command::{Command, CommandError};
pub use conflict::{ConflictItem, EditedItem, MergeConflict, Settlement};
pub use file::ProjectFileError;
pub use history::History;
pub use ids::ConflictId;
pub use model::{
    Anchor, Annotation, AnnotationId, CONTEXT_CHARS, DocumentRecord, EarlierQuote, PageRegion,
    Project, Rgb, Tag, TagId,
};
pub use patch::ProjectPatch;
pub use reanchor::AnchorStatus;
pub use reconcile::{AnnotationCheck, ChangesSinceSave, ReconcileReport, Totals, reconcile};
pub use workspace::Workspace;

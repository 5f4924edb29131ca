//! Dossier: a desktop research workbench for reading, annotating and coding a folder of
//! documents.
//!
//! The core modules (`text`, `corpus`, `project`, ...) never import egui; the window lives
//! in `app` (feature `gui`). See `ARCHITECTURE.md` for the map.

pub mod analysis;
#[cfg(feature = "gui")]
pub mod app;
pub mod cli;
pub mod corpus;
pub mod entities;
pub mod export;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod interchange;
pub mod project;
pub mod search;
pub mod session;
pub mod text;

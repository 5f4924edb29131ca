//! Dossier: a desktop research workbench for reading, annotating and coding a folder of
//! documents.
//!
//! The core modules (`text`, `corpus`, `project`, ...) never import egui; the window lives
//! in `app` (feature `gui`). See `ARCHITECTURE.md` for the map.

// Every public item of the core says what it is for. The window and the command line are
// no API (allowed below, with the reason).
#![warn(missing_docs)]

pub mod analysis;
#[cfg(feature = "gui")]
#[allow(
    missing_docs,
    reason = "the window is no API: nothing outside it uses its items"
)]
pub mod app;
#[allow(
    missing_docs,
    reason = "clap's `--help` text is the command line's documentation"
)]
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

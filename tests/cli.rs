//! The command line's tests (the `dossier` binary run as a user runs it), one test binary
//! for all of them so that the tests link once (`cargo test --test cli scan::` runs one
//! file's tests).

mod common;
mod support;

mod agreement_cli;
mod cli_pipes;
mod entities_cli;
mod export_import_cli;
mod export_skip_cli;
mod formats_cli;
mod git_merge;
mod merge_cli;
mod scan;
mod scripting_cli;
mod search_cli;

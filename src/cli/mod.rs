//! The command line: `dossier [PATH]` opens the window; subcommands work headless.
//!
//! Each subcommand is one module with an `Args` struct (clap) and a `run` function that
//! returns the process exit code. Machine-readable output (`--json`) goes to stdout;
//! messages for people go to stderr.

mod agreement;
mod annotate;
mod check;
mod corpus_entities;
mod diff;
mod entities;
#[cfg(feature = "training")]
mod eval;
mod export;
mod git_setup;
mod import;
mod init;
mod merge;
mod merge_driver;
mod network;
mod ocr;
mod ocr_languages;
mod output;
mod places;
mod scan;
mod search;
mod text;
mod timeline;
#[cfg(feature = "training")]
mod train_ner;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use output::outln;

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "A research workbench: read, annotate and code a folder of documents.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A folder of documents or a `*.dossier.ron` project to open in the window.
    pub path: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load a folder exactly as the window does and report what was read and skipped.
    Scan(scan::Args),
    /// Re-anchor a project's annotations against the current documents and report.
    Check(check::Args),
    /// Recognise named entities in a document or folder, or in a JSONL batch.
    Entities(entities::Args),
    /// Score the entity recogniser against gold annotations (JSONL).
    #[cfg(feature = "training")]
    Eval(eval::Args),
    /// Export a project's annotations: CSV, Markdown or HTML report, W3C Web Annotations,
    /// or a REFI-QDA project (.qdpx) for other qualitative-analysis tools.
    Export(export::Args),
    /// Import a REFI-QDA project (.qdpx): its texts and a Dossier project, into a folder.
    Import(import::Args),
    /// Merge two copies of a project item by item: BASE OURS THEIRS (with their common
    /// ancestor) or OURS THEIRS (without); conflicts are recorded in the merged project
    /// (exit 0: clean, 1: conflicts recorded, 2: error).
    Merge(merge::Args),
    /// Git's merge driver for project files (`dossier git-setup` installs it): merges
    /// %O %A %B into %A; exit 1 when conflicts were recorded, so git stops for them.
    MergeDriver(merge_driver::Args),
    /// Set up a git repository to merge and show project files item by item
    /// (.gitattributes and the repository's git config).
    GitSetup(git_setup::Args),
    /// Inter-coder agreement per tag (percent, Cohen's kappa, Krippendorff's alpha), with
    /// the character as the unit, over the documents every compared coder coded.
    Agreement(agreement::Args),
    /// The entity network (entities in the same paragraph) as GEXF, GraphML or JSON.
    Network(network::Args),
    /// Dated statements (sentences around a date with a value), or with `--conflicts` the
    /// statements that date one event differently.
    Timeline(timeline::Args),
    /// The places of a folder or project with their coordinates (GeoNames).
    Places(places::Args),
    /// Search every document of a folder or a project's corpus (exit 0: found, 1: not, 2: error).
    Search(search::Args),
    /// Print the text Dossier extracts from one document (any supported format).
    Text(text::Args),
    /// Create a project for a folder of documents.
    Init(init::Args),
    /// Add an annotation to a project: a passage found by its exact text, coded with a tag.
    Annotate(annotate::Args),
    /// What changed between two versions of a project, or (--textconv) one project as a
    /// readable summary for git.
    Diff(diff::Args),
    /// Read the scanned pages (images, PDFs without a text layer) of a folder or file with
    /// Tesseract into the OCR cache, on every core, with a progress bar.
    Ocr(ocr::Args),
    /// Train the entity model's weights from annotated data (writes assets/ner/model.bin).
    #[cfg(feature = "training")]
    TrainNer(train_ner::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Scan(args)) => scan::run(args),
        Some(Command::Check(args)) => check::run(args),
        Some(Command::Entities(args)) => entities::run(args),
        #[cfg(feature = "training")]
        Some(Command::Eval(args)) => eval::run(args),
        Some(Command::Export(args)) => export::run(args),
        Some(Command::Import(args)) => import::run(args),
        Some(Command::Merge(args)) => merge::run(args),
        Some(Command::MergeDriver(args)) => merge_driver::run(args),
        Some(Command::GitSetup(args)) => git_setup::run(args),
        Some(Command::Agreement(args)) => agreement::run(args),
        Some(Command::Network(args)) => network::run(args),
        Some(Command::Timeline(args)) => timeline::run(args),
        Some(Command::Places(args)) => places::run(args),
        Some(Command::Search(args)) => search::run(args),
        Some(Command::Text(args)) => text::run(args),
        Some(Command::Init(args)) => init::run(args),
        Some(Command::Annotate(args)) => annotate::run(args),
        Some(Command::Diff(args)) => diff::run(args),
        Some(Command::Ocr(args)) => ocr::run(args),
        #[cfg(feature = "training")]
        Some(Command::TrainNer(args)) => train_ner::run(args),
        None => open_window(cli.path),
    }
}

/// The recogniser a command asked for: the shared one, one with the weights in `weights`,
/// or one without the model. A weights file that cannot be used is an error here (the
/// user asked for it), not a silent fall-back.
fn recognizer(
    weights: Option<&std::path::Path>,
    rules_only: bool,
) -> Result<std::borrow::Cow<'static, crate::entities::Recognizer>, String> {
    use crate::entities::Recognizer;
    use std::borrow::Cow;
    if rules_only {
        return Ok(Cow::Owned(Recognizer::rules_only()));
    }
    let Some(path) = weights else {
        return Ok(Cow::Borrowed(Recognizer::shared()));
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let r = Recognizer::shared().with_weights(&bytes);
    match r.model_error() {
        Some(e) => Err(format!("{}: {e}", path.display())),
        None => Ok(Cow::Owned(r)),
    }
}

#[cfg(feature = "gui")]
fn open_window(path: Option<PathBuf>) -> ExitCode {
    match crate::app::run_native(path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("dossier: cannot open the window: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_window(_path: Option<PathBuf>) -> ExitCode {
    eprintln!("dossier: this build has no window (built without the `gui` feature)");
    ExitCode::FAILURE
}

/// Prints `value` as one line of JSON on stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> ExitCode {
    match serde_json::to_string(value) {
        Ok(line) => {
            outln!("{line}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier: cannot write JSON: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use crate::analysis::timeline_export::TimelineFormat;
    use crate::export::ExportFormat;

    #[test]
    fn export_formats_are_taken_by_name_or_extension_in_any_case() {
        for format in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_str(format.name(), false), Ok(format));
            let extension = format.extension().to_uppercase();
            assert_eq!(ExportFormat::from_str(&extension, true), Ok(format));
        }
        assert!(ExportFormat::from_str("docx", true).is_err());
    }

    #[test]
    fn timeline_formats_keep_their_command_line_names() {
        assert_eq!(
            TimelineFormat::from_str("csv", false),
            Ok(TimelineFormat::Csv)
        );
        assert_eq!(
            TimelineFormat::from_str("timelinejs", false),
            Ok(TimelineFormat::TimelineJs)
        );
        let names: Vec<String> = TimelineFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        assert_eq!(names, ["csv", "timelinejs"]);
    }
}

//! `dossier init CORPUS -o PROJECT [--force]`
//!
//! Creates a project for a folder of documents, as opening the folder in the window and
//! saving does: the documents read, their records in the project, no annotations. The file
//! is written atomically; an existing file is refused unless `--force`. Exit 0, or 2 on an
//! error.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::LoadOptions;
use crate::session::{OpenTarget, Session};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of documents.
    pub corpus: PathBuf,
    /// The project file to write (`NAME.dossier.ron`).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Replace the project file if it exists (the previous one is kept as .bak).
    #[arg(long)]
    pub force: bool,
}

const ERROR: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    match init(&args) {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier init: {err}");
            ExitCode::from(ERROR)
        }
    }
}

fn init(args: &Args) -> Result<String, String> {
    if !args.corpus.is_dir() {
        return Err(format!("{} is not a folder", args.corpus.display()));
    }
    if args.output.exists() && !args.force {
        return Err(format!(
            "{} exists; give --force to replace it",
            args.output.display()
        ));
    }
    let target = OpenTarget::Folder(args.corpus.clone());
    let mut session =
        Session::open(&target, &LoadOptions::cached(), &()).map_err(|e| e.to_string())?;
    session
        .workspace
        .save_as(&args.output)
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "wrote {} ({})",
        args.output.display(),
        crate::text::counted(session.corpus.documents.len(), "document", "documents")
    ))
}

//! `dossier annotate PROJECT DOC --find TEXT [--nth N] --tag TAG [--note TEXT] [--coder NAME]`
//!
//! Adds one annotation to a project from a script: the passage is found by its exact text
//! in the document (as Dossier reads it), coded with the tag (created when the codebook has
//! no tag of that name), and the project is saved atomically (the previous file kept as
//! `.bak`). A text not found, or found more than once without `--nth`, is an error: exit 2,
//! and the file is not touched.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::corpus::LoadOptions;
use crate::project::Command;
use crate::session::{OpenTarget, Session};
use crate::text::{counted, find_literal, shorten};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (`*.dossier.ron`).
    pub project: PathBuf,
    /// The document, by its path relative to the corpus folder.
    pub document: String,
    /// The exact text of the passage (case and accents as in the document).
    #[arg(long)]
    pub find: String,
    /// Which occurrence to code when the text occurs more than once (from 1).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub nth: Option<u32>,
    /// The tag (its name; created when the codebook has none of that name).
    #[arg(long)]
    pub tag: String,
    /// A note on the passage.
    #[arg(long, default_value = "")]
    pub note: String,
    /// Who coded it (recorded on the annotation).
    #[arg(long)]
    pub coder: Option<String>,
}

const ERROR: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    match annotate(args) {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier annotate: {err}");
            ExitCode::from(ERROR)
        }
    }
}

fn annotate(args: Args) -> Result<String, String> {
    if args.tag.trim().is_empty() {
        return Err("--tag needs a name".into());
    }
    let target = OpenTarget::Project(args.project.clone());
    let mut session =
        Session::open(&target, &LoadOptions::cached(), &()).map_err(|e| e.to_string())?;
    session.coder = args
        .coder
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned);
    let index = session
        .corpus
        .documents
        .iter()
        .position(|d| d.path == args.document)
        .ok_or_else(|| {
            format!(
                "the corpus has no document {:?} (give its path relative to the corpus folder)",
                args.document
            )
        })?;
    let found = find_literal(&session.corpus.documents[index].text, &args.find, true);
    let range = match (found.len(), args.nth) {
        (0, _) => return Err(format!("{:?} is not in {}", args.find, args.document)),
        (1, None) => found[0].clone(),
        (n, None) => {
            return Err(format!(
                "{:?} is in {} {}: say which with --nth 1..{n}",
                args.find,
                args.document,
                counted(n, "time", "times")
            ));
        }
        (n, Some(nth)) => found.get(nth as usize - 1).cloned().ok_or_else(|| {
            format!(
                "--nth {nth}: {:?} is in {} only {n} times",
                args.find, args.document
            )
        })?,
    };
    let now = jiff::Timestamp::now();
    let existing = session
        .workspace
        .project
        .tag_by_name(&args.tag)
        .map(|t| t.id);
    let (tag, add_tag) = match existing {
        Some(id) => (id, None),
        None => {
            let (id, command) = session.new_tag_command(&args.tag, None);
            (id, Some(command))
        }
    };
    let annotation = session
        .annotate_command(index, range, args.note.clone(), vec![tag], now)
        .ok_or_else(|| format!("{:?} holds nothing to code but spaces", args.find))?;
    let command = match add_tag {
        Some(add) => Command::Batch {
            label: "Add annotation".into(),
            commands: vec![add, annotation],
        },
        None => annotation,
    };
    session
        .workspace
        .execute(command)
        .map_err(|e| e.to_string())?;
    session.workspace.save().map_err(|e| e.to_string())?;
    if session.reconcile.changed_annotations {
        // As the window does on opening: said, not hidden (the .bak keeps the file before).
        eprintln!(
            "dossier annotate: documents changed since the project was saved; its annotations              were re-anchored and saved with the new one ({})",
            session.reconcile.summary()
        );
    }
    let created = if existing.is_none() { " (new tag)" } else { "" };
    Ok(format!(
        "annotated “{}” in {} with {}{created}",
        shorten(&args.find, 60),
        args.document,
        args.tag.trim()
    ))
}

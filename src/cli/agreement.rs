//! `dossier agreement PROJECT [--coders A,B,...] [--tags T,...] [--json]`: inter-coder
//! agreement per tag, with the character as the unit, over the documents every compared
//! coder coded (see `analysis::agreement`).

use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;

use super::output::outln;
use crate::analysis::agreement::{self, Agreement, Figure, Selection, TagAgreement};
use crate::corpus::{Corpus, LoadOptions};
use crate::project::{Project, file, reconcile};
use crate::text::counted;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The project file (`*.dossier.ron`).
    pub project: PathBuf,
    /// The coders to compare, by name (default: every coder of the project).
    #[arg(long, value_delimiter = ',')]
    pub coders: Option<Vec<String>>,
    /// The tags to measure, by name (default: every tag; a tag includes its sub-tags).
    #[arg(long, value_delimiter = ',')]
    pub tags: Option<Vec<String>>,
    /// Print one JSON object: coders, documents and a row per tag.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    match agreement(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("dossier agreement: {message}");
            ExitCode::FAILURE
        }
    }
}

fn agreement(args: &Args) -> Result<ExitCode, String> {
    let mut project = file::load(&args.project).map_err(|e| e.to_string())?;
    let root = project
        .corpus_root
        .clone()
        .ok_or("the project names no corpus folder")?;
    let corpus = Corpus::load(&root, &LoadOptions::cached())
        .map_err(|e| format!("the corpus folder cannot be read: {e}"))?;
    // The spans as they sit in the current texts (in memory: the file is not changed).
    reconcile(&mut project, &corpus);
    let selection = selection(&project, args)?;
    let lengths = agreement::document_lengths(&corpus);
    let result = agreement::measure(&project, &lengths, &selection);
    if result.coders.len() < 2 {
        return Err(match &args.coders {
            Some(_) => format!(
                "agreement needs at least two coders; --coders names {}",
                names_or_none(&result.coders)
            ),
            None => format!(
                "agreement needs at least two coders; the project has {}",
                names_or_none(&result.coders)
            ),
        });
    }
    if args.json {
        return Ok(super::print_json(&Json::of(&result)));
    }
    print_table(&result);
    Ok(ExitCode::SUCCESS)
}

/// The coders and tags asked for, checked against the project.
fn selection(project: &Project, args: &Args) -> Result<Selection, String> {
    let known = agreement::coders_of(project);
    if let Some(coders) = &args.coders {
        for name in coders {
            if !known.contains(name) {
                return Err(format!(
                    "no coder named {name:?} in the project (its coders: {})",
                    names_or_none(&known)
                ));
            }
        }
    }
    let tags = match &args.tags {
        None => None,
        Some(names) => Some(
            names
                .iter()
                .map(|name| {
                    project
                        .tag_by_name(name)
                        .map(|t| t.id)
                        .ok_or_else(|| format!("no tag named {name:?} in the codebook"))
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
    };
    Ok(Selection {
        coders: args.coders.clone(),
        tags,
    })
}

fn names_or_none(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// What `--json` prints.
#[derive(Serialize)]
struct Json<'a> {
    coders: &'a [String],
    documents: usize,
    tags: Vec<JsonTag<'a>>,
}

#[derive(Serialize)]
struct JsonTag<'a> {
    tag: &'a str,
    characters: usize,
    percent_agreement: Option<f64>,
    cohen_kappa: Option<f64>,
    krippendorff_alpha: Option<f64>,
}

impl<'a> Json<'a> {
    fn of(result: &'a Agreement) -> Self {
        Self {
            coders: &result.coders,
            documents: result.documents.len(),
            tags: result
                .tags
                .iter()
                .map(|t| JsonTag {
                    tag: &t.name,
                    characters: t.characters,
                    percent_agreement: t.percent_agreement.ok(),
                    cohen_kappa: t.cohen_kappa.ok(),
                    krippendorff_alpha: t.krippendorff_alpha.ok(),
                })
                .collect(),
        }
    }
}

/// The figures as a table for people, with a remark where a tag says little.
fn print_table(result: &Agreement) {
    outln!(
        "Agreement of {} over {} ({}), the character as the unit",
        result.coders.join(", "),
        counted(result.documents.len(), "document", "documents"),
        counted(result.characters, "character", "characters"),
    );
    if result.documents.is_empty() {
        outln!(
            "No document was coded by every one of them (made an annotation in, or marked coded)."
        );
        return;
    }
    let name_width = result
        .tags
        .iter()
        .map(|t| 2 * t.depth + t.name.chars().count())
        .chain(["tag".len()])
        .max()
        .unwrap_or(3);
    outln!();
    outln!(
        "{:<name_width$}  {:>10}  {:>9}  {:>6}  {:>6}",
        "tag",
        "characters",
        "agreement",
        "kappa",
        "alpha"
    );
    for row in &result.tags {
        let name = format!("{}{}", "  ".repeat(row.depth), row.name);
        let remark = row
            .remark(&result.coders)
            .map(|r| format!("  {r}"))
            .unwrap_or_default();
        outln!(
            "{name:<name_width$}  {:>10}  {:>9}  {:>6}  {:>6}{remark}",
            row.characters,
            percent(row),
            figure(row.cohen_kappa),
            figure(row.krippendorff_alpha),
        );
    }
    if result.coders.len() != 2 {
        outln!();
        outln!("Cohen's kappa compares two coders: choose two with --coders A,B.");
    }
}

fn percent(row: &TagAgreement) -> String {
    row.percent_agreement
        .map_or_else(|_| "—".to_owned(), |p| format!("{p:.1} %"))
}

fn figure(value: Figure) -> String {
    value.map_or_else(|_| "—".to_owned(), |v| format!("{v:.3}"))
}

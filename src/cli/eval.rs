//! `dossier eval GOLD.jsonl [--labels PER,ORG,...] [--json]`

use super::output::outln;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::entities::EntityKind;
use crate::entities::eval::{Score, read_gold};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold annotations: one {"id", "text", "entities": [{"start","end","label"}]} a line.
    pub gold: PathBuf,
    /// Only score these labels (comma-separated), e.g. PER,ORG,LOC,NORP,DATE.
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// Print the scores as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Use this weights file (from `dossier train-ner`) instead of the shipped model.
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    /// Recognise without the trained model (gazetteers, patterns and rules only).
    #[arg(long, conflicts_with = "weights")]
    pub rules_only: bool,
}

pub fn run(args: Args) -> ExitCode {
    let docs = match File::open(&args.gold)
        .map_err(|e| e.to_string())
        .and_then(|f| read_gold(BufReader::new(f)).map_err(|e| e.to_string()))
    {
        Ok(docs) => docs,
        Err(err) => {
            eprintln!("dossier eval: {}: {err}", args.gold.display());
            return ExitCode::FAILURE;
        }
    };
    let labels: Option<Vec<String>> = args.labels.map(|l| {
        l.iter()
            .map(|s| {
                s.trim()
                    .parse::<EntityKind>()
                    .map_or_else(|_| s.trim().to_owned(), |k| k.label().to_owned())
            })
            .collect()
    });
    let recognizer = match super::recognizer(args.weights.as_deref(), args.rules_only) {
        Ok(r) => r,
        Err(err) => {
            eprintln!("dossier eval: {err}");
            return ExitCode::FAILURE;
        }
    };
    let eval = crate::entities::eval::evaluate(&docs, &recognizer, labels.as_deref());
    if args.json {
        return super::print_json(&eval);
    }
    outln!("{} documents", eval.documents);
    print_score("strict (same span and label)", &eval.strict);
    print_score(
        "overlap (same label, shared char, one to one)",
        &eval.overlap,
    );
    ExitCode::SUCCESS
}

fn print_score(title: &str, score: &Score) {
    outln!("\n{title}");
    outln!(
        "  {:<8} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
        "label",
        "P",
        "R",
        "F1",
        "tp",
        "fp",
        "fn"
    );
    let rows = score
        .labels
        .iter()
        .map(|(l, c)| (l.as_str(), c))
        .chain([("overall", &score.overall)]);
    for (label, c) in rows {
        outln!(
            "  {:<8} {:>6.1} {:>6.1} {:>6.1} {:>6} {:>6} {:>6}",
            label,
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
}

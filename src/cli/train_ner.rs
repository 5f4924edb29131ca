//! `dossier train-ner [--data DIR] [--out FILE]`: trains the entity model's weights from the
//! annotated files in DIR (`../shared/ner/` by default; see its README) and writes them
//! where the build embeds them (`assets/ner/model.bin`).
//!
//! First it trains without every fifth document of each source and scores those (the
//! held-out score recorded in the weights file), then on everything for the weights it
//! writes. Deterministic: the same data and code give the same bytes.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use crate::entities::Recognizer;
use crate::entities::ner::sources;
use crate::entities::ner::train::{TrainConfig, TrainReport, train};
use crate::entities::ner::weights;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder of training data (gum/, uner/uner-ewt-dev.jsonl, re3d-open.jsonl).
    #[arg(long, default_value = "../shared/ner")]
    pub data: PathBuf,
    /// Where to write the weights.
    #[arg(long, default_value = "assets/ner/model.bin")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = TrainConfig::default().epochs)]
    pub epochs: u32,
    /// log2 of the rows of the hashed weight table.
    #[arg(long, default_value_t = TrainConfig::default().bits)]
    pub bits: u32,
    /// Seed of the order in which training visits the examples.
    #[arg(long, default_value_t = TrainConfig::default().seed)]
    pub seed: u64,
    /// Hold out every N-th document of each source for the held-out score (0: none).
    #[arg(long, default_value_t = 5)]
    pub hold_out_every: usize,
    /// Only train with the documents held out and print their score; write nothing.
    #[arg(long)]
    pub hold_out_only: bool,
    /// Score by cross-validation (each of the N folds held out in turn) and write nothing.
    #[arg(long)]
    pub cross_validate: bool,
    /// Also write the weights of the held-out run (trained without the held-out documents)
    /// to this file, to study its errors.
    #[arg(long, value_name = "FILE")]
    pub write_held_out: Option<PathBuf>,
    /// Also write the training documents, brought to the project's convention, as JSONL
    /// files in this folder (one a source; `dossier eval` reads them).
    #[arg(long, value_name = "DIR")]
    pub export_gold: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let started = Instant::now();
    let recognizer = Recognizer::rules_only();
    let data = match sources::load(&args.data, &recognizer) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("dossier train-ner: {e}");
            return ExitCode::FAILURE;
        }
    };
    for s in &data.sources {
        eprintln!(
            "  {:<28} {:>5} documents {:>6} names  blake3 {}",
            s.name,
            s.documents,
            s.names,
            &s.blake3[..16]
        );
    }
    if let Some(dir) = &args.export_gold
        && let Err(e) = export_gold(&data, dir, args.hold_out_every)
    {
        eprintln!("dossier train-ner: {e}");
        return ExitCode::FAILURE;
    }
    let command = format!(
        "dossier train-ner --epochs {} --bits {} --seed {} --hold-out-every {}",
        args.epochs, args.bits, args.seed, args.hold_out_every
    );
    let mut config = TrainConfig {
        bits: args.bits,
        epochs: args.epochs,
        seed: args.seed,
        ..TrainConfig::default()
    };
    let mut held_out = None;
    if args.cross_validate && args.hold_out_every > 1 {
        let mut sums: Vec<(String, f64, f64)> = Vec::new();
        let n = args.hold_out_every;
        for fold in 0..n {
            config.hold_out_every = Some(n);
            config.hold_out_fold = Some(fold);
            let (_, info, _) = train(&data, &recognizer, &config, &command);
            let Some(h) = info.held_out else { continue };
            let rows =
                std::iter::once(("all".to_owned(), h.strict_f1, h.overlap_f1)).chain(h.by_source);
            for (k, (name, strict, overlap)) in rows.enumerate() {
                match sums.get_mut(k) {
                    Some(s) => {
                        s.1 += strict;
                        s.2 += overlap;
                    }
                    None => sums.push((name, strict, overlap)),
                }
            }
        }
        for (name, strict, overlap) in sums {
            println!(
                "cross-validated {name:<28} strict F1 {:.1}, overlap F1 {:.1}",
                strict / n as f64,
                overlap / n as f64
            );
        }
        return ExitCode::SUCCESS;
    }
    if args.hold_out_every > 0 {
        config.hold_out_every = Some(args.hold_out_every);
        let (w, info, report) = train(&data, &recognizer, &config, &command);
        if let Some(path) = &args.write_held_out {
            let _ = std::fs::write(path, weights::encode(&w, &info));
        }
        print_report("held-out run", &report);
        if let Some(h) = &info.held_out {
            println!(
                "held out (every {}th document, {} documents): strict F1 {:.1}, overlap F1 {:.1} (PER, ORG, LOC)",
                args.hold_out_every, h.documents, h.strict_f1, h.overlap_f1
            );
            for (name, strict, overlap) in &h.by_source {
                println!("  {name:<28} strict F1 {strict:.1}, overlap F1 {overlap:.1}");
            }
        }
        held_out = info.held_out;
        config.hold_out_every = None;
    }
    if args.hold_out_only {
        eprintln!("{:.1} s", started.elapsed().as_secs_f64());
        return ExitCode::SUCCESS;
    }
    let (w, mut info, report) = train(&data, &recognizer, &config, &command);
    print_report("full run", &report);
    info.held_out = held_out;
    let bytes = weights::encode(&w, &info);
    if let Some(dir) = args.out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    if let Err(e) = std::fs::write(&args.out, &bytes) {
        eprintln!(
            "dossier train-ner: cannot write {}: {e}",
            args.out.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "wrote {} ({} bytes, blake3 {}) in {:.1} s",
        args.out.display(),
        bytes.len(),
        &blake3::hash(&bytes).to_hex()[..16],
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn print_report(what: &str, r: &TrainReport) {
    eprintln!(
        "  {what}: {} documents, {} tokens, {} looked at by the model in {} segments, {} names ({} all lower case, out of the model's reach)",
        r.documents, r.tokens, r.candidates, r.segments, r.names, r.unreachable
    );
}

/// Writes each source's documents as gold JSONL in `dir`, and those a held-out run leaves
/// out as `held-out-SOURCE.jsonl`.
fn export_gold(
    data: &sources::TrainingData,
    dir: &std::path::Path,
    every: usize,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (i, source) in data.sources.iter().enumerate() {
        let name = source
            .name
            .replace("/*.conllu", "")
            .replace(".jsonl", "")
            .replace('/', "-");
        let (mut all, mut held) = (String::new(), String::new());
        for (k, doc) in data.docs.iter().filter(|d| d.source == i).enumerate() {
            let line = serde_json::json!({
                "id": doc.gold.id,
                "text": doc.gold.text,
                "entities": doc.gold.entities,
            });
            all.push_str(&line.to_string());
            all.push('\n');
            if every > 0 && k % every == every - 1 {
                held.push_str(&line.to_string());
                held.push('\n');
            }
        }
        for (file, text) in [
            (format!("{name}.jsonl"), all),
            (format!("held-out-{name}.jsonl"), held),
        ] {
            let path = dir.join(file);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}

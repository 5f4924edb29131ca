//! Writes the deterministic benchmark corpus (news-like text files) to a folder, to try the
//! window or the command line on a large corpus:
//!
//! `cargo run --release --example dossier-gen -- OUT_DIR [DOCUMENTS] [AVERAGE_BYTES]`
//!
//! Defaults: 10,000 documents of about 10,000 bytes (about 100 MB), the corpus that
//! `benches/search.rs` measures.

#[path = "../benches/support/corpus_gen.rs"]
mod corpus_gen;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: dossier-gen OUT_DIR [DOCUMENTS] [AVERAGE_BYTES]");
        return ExitCode::from(2);
    };
    let mut spec = corpus_gen::Spec::BENCH;
    let number = |i: usize, default: usize| match args.get(i) {
        None => Some(default),
        Some(s) => s.replace('_', "").parse().ok(),
    };
    let (Some(documents), Some(average_bytes)) =
        (number(1, spec.documents), number(2, spec.average_bytes))
    else {
        eprintln!("dossier-gen: DOCUMENTS and AVERAGE_BYTES must be whole numbers");
        return ExitCode::from(2);
    };
    spec.documents = documents;
    spec.average_bytes = average_bytes;
    match corpus_gen::generate(std::path::Path::new(out), spec) {
        Ok(summary) => {
            eprintln!(
                "{}: {} documents, {:.1} MB",
                spec.describe(),
                summary.documents,
                summary.bytes as f64 / 1e6
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier-gen: cannot write {out}: {err}");
            ExitCode::FAILURE
        }
    }
}

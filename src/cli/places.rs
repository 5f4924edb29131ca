//! `dossier places PATH [--json]`: the places of a folder or a project with their
//! coordinates (GeoNames), and the place names no entry was found for.

use std::process::ExitCode;

use super::output::outln;
use crate::analysis::places::places;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder of documents or a `*.dossier.ron` project.
    pub path: std::path::PathBuf,
    /// One JSON object: {"places": [{"name", "lat", "lon", "country", "geonameid", "label",
    /// "reason", "url", "mentions", "documents"}], "unresolved": [{"name", "mentions"}]}.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> ExitCode {
    let found = match super::corpus_entities::recognise(&args.path) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("dossier places: {message}");
            return ExitCode::FAILURE;
        }
    };
    let all = places(&found.index, None);
    if args.json {
        return super::print_json(&all);
    }
    for p in &all.places {
        outln!(
            "{:>5}  {:<28} {:>9.4} {:>10.4}  {}  geonames:{}  {}: {}",
            p.mentions,
            p.name,
            p.lat,
            p.lon,
            p.country,
            p.geonameid,
            p.label,
            p.reason
        );
    }
    for u in &all.unresolved {
        outln!("{:>5}  {:<28} (no coordinates)", u.mentions, u.name);
    }
    ExitCode::SUCCESS
}

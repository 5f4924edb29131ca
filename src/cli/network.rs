//! `dossier network PATH --format gexf|graphml|json -o OUT`: the entity network (entities
//! that appear in the same paragraph) for Gephi, Cytoscape or scripts.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analysis::network::{NetworkFilter, build};
use crate::analysis::network_export::{NetworkFormat, write};
use crate::entities::EntityKind;
use crate::text::counted;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder of documents or a `*.dossier.ron` project (its entity corrections apply).
    pub path: PathBuf,
    /// The file format.
    #[arg(long, value_enum)]
    pub format: NetworkFormat,
    /// Where to write (`-` for standard output).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Entity kinds to include, e.g. PER,ORG (default: PER,ORG,LOC,NORP).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Option<Vec<String>>,
    /// Leave out edges of fewer paragraphs than this.
    #[arg(long, default_value_t = 1)]
    pub min_weight: usize,
    /// At most this many entities, the most mentioned.
    #[arg(long, default_value_t = 500)]
    pub max_nodes: usize,
}

pub fn run(args: Args) -> ExitCode {
    match network(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("dossier network: {message}");
            ExitCode::FAILURE
        }
    }
}

fn network(args: &Args) -> Result<(), String> {
    let mut filter = NetworkFilter {
        min_weight: args.min_weight,
        max_nodes: args.max_nodes,
        ..NetworkFilter::default()
    };
    if let Some(kinds) = &args.kinds {
        filter.kinds = kinds
            .iter()
            .map(|k| k.parse::<EntityKind>().map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
    }
    let found = super::corpus_entities::recognise(&args.path)?;
    let network = build(&found.index, &found.corpus, &filter);
    let text = write(&network, args.format);
    if args.output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .unwrap_or_else(|e| super::output::failed(e));
    } else {
        crate::fs::write_atomically(&args.output, text.as_bytes(), false)
            .map_err(|e| format!("cannot write {}: {e}", args.output.display()))?;
    }
    eprintln!(
        "{}, {} written to {}",
        counted(network.nodes.len(), "entity", "entities"),
        counted(network.edges.len(), "link", "links"),
        args.output.display()
    );
    Ok(())
}

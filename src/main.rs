//! The `dossier` binary: the window, or a command-line tool when given a subcommand.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    dossier::cli::run(cli)
}

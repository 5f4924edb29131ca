//! The `dossier` binary: the window, or a command-line tool when given a subcommand.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of the system allocator: recognition makes many small, short-lived
/// strings (candidate keys, mentions) on every core, and glibc's malloc took about a tenth
/// of its time (`BENCHMARKS.md`, entity recognition).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = dossier::cli::Cli::parse();
    dossier::cli::run(cli)
}

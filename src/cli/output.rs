//! Standard output for the subcommands.
//!
//! A reader that stops early (`dossier entities sample_data --json | head`) closes the pipe.
//! That is its choice, not an error: every subcommand then stops at once, quietly and with
//! success, as Unix tools do, instead of panicking in `println!` with a backtrace.

use std::fmt;
use std::io::{self, Write};

/// Writes one line to stdout (what `outln!` expands to).
pub(crate) fn line(args: fmt::Arguments<'_>) {
    let mut out = io::stdout().lock();
    if let Err(err) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        failed(err);
    }
}

/// Ends the process after a failed write to stdout: quietly on a closed pipe, with a
/// message otherwise (a full disk behind a redirection).
pub(crate) fn failed(err: io::Error) -> ! {
    if err.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("dossier: cannot write to standard output: {err}");
    std::process::exit(1)
}

/// `println!` for the subcommands: see the module.
macro_rules! outln {
    () => {
        $crate::cli::output::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::cli::output::line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

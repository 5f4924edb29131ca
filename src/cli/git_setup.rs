//! `dossier git-setup [DIR]`: lets git merge and show project files item by item.
//!
//! Adds `*.dossier.ron merge=dossier diff=dossier` to the repository's `.gitattributes`
//! and sets, in the repository's own config (`.git/config`, not shared by a push, so each
//! clone runs this once), `merge.dossier.driver` (this binary's `merge-driver`) and
//! `diff.dossier.textconv` (this binary's `diff --textconv`, which `git diff` and
//! `git log -p` run to show a project's changes readably). Running it again changes
//! nothing; it says what it wrote.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::fs::write_atomically;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A folder inside the git repository (default: the current folder).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// The line `.gitattributes` gets.
pub const ATTRIBUTES: &str = "*.dossier.ron merge=dossier diff=dossier";

pub fn run(args: Args) -> ExitCode {
    match setup(&args.dir) {
        Ok(lines) => {
            for line in lines {
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dossier git-setup: {err}");
            ExitCode::from(2)
        }
    }
}

/// Does the setup; returns what it did, a line each.
fn setup(dir: &Path) -> Result<Vec<String>, String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("{} is not in a git repository ({e})", dir.display()))?;
    let top = PathBuf::from(top.trim());
    let exe = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| format!("cannot find the dossier binary: {e}"))?;
    let exe = shell_quoted(&exe.to_string_lossy());
    let mut done = vec![attributes(&top)?];
    let settings = [
        (
            "merge.dossier.name",
            "Dossier project merge, item by item".to_owned(),
        ),
        (
            "merge.dossier.driver",
            format!("{exe} merge-driver %O %A %B %P"),
        ),
        ("diff.dossier.textconv", format!("{exe} diff --textconv")),
    ];
    for (key, value) in settings {
        let current = git(&top, &["config", "--local", "--get", key]).ok();
        if current.as_deref().map(str::trim_end) == Some(value.as_str()) {
            done.push(format!("git config {key} already set"));
        } else {
            git(&top, &["config", "--local", key, &value])?;
            done.push(format!("git config {key} = {value}"));
        }
    }
    Ok(done)
}

/// Adds [`ATTRIBUTES`] to `.gitattributes` at the top of the working tree unless a line
/// says it already.
fn attributes(top: &Path) -> Result<String, String> {
    let path = top.join(".gitattributes");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    if text.lines().any(|l| l.trim() == ATTRIBUTES) {
        return Ok(format!("{} already says {ATTRIBUTES}", path.display()));
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(ATTRIBUTES);
    new.push('\n');
    write_atomically(&path, new.as_bytes(), false)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!("added to {}: {ATTRIBUTES}", path.display()))
}

/// Runs git in `dir`; its standard output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(if said.is_empty() {
            format!("git {} failed", args.join(" "))
        } else {
            said
        })
    }
}

/// `text` as one word for the shell git runs drivers with: as it is when plain, else in
/// single quotes.
fn shell_quoted(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@,=".contains(c));
    if plain {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_or_quotes_are_one_shell_word() {
        assert_eq!(shell_quoted("/usr/bin/dossier"), "/usr/bin/dossier");
        assert_eq!(shell_quoted("/home/a b/dossier"), "'/home/a b/dossier'");
        assert_eq!(shell_quoted("/it's/dossier"), r"'/it'\''s/dossier'");
    }
}

//! `dossier … | head`: a reader that closes the pipe early ends every subcommand quietly
//! and successfully, never with a panic and a backtrace.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

fn sample() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data"))
}

/// Runs `dossier args` with its standard output a pipe that is closed before the program
/// writes: every write then fails with a broken pipe, as under `| head -0`.
fn run_into_a_closed_pipe(args: &[&str]) -> (std::process::ExitStatus, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dossier");
    drop(child.stdout.take());
    let mut stderr = String::new();
    if let Some(mut err) = child.stderr.take() {
        err.read_to_string(&mut stderr).expect("stderr");
    }
    let status = child.wait().expect("dossier ends");
    (status, stderr)
}

#[test]
fn every_subcommand_stops_quietly_when_the_reader_goes_away() {
    let dir = tempfile::tempdir().expect("tempdir");
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        r#"{"id": "a", "text": "Putin met Erdogan in Moscow.", "entities": [{"start": 0, "end": 5, "label": "PER"}]}"#,
    )
    .expect("gold");
    let project = sample().join("sample.dossier.ron");
    let seed = sample().join("news/000_31e3b2518f2d233b.txt");
    let (sample, project, seed, gold) = (
        sample().to_string_lossy().into_owned(),
        project.to_string_lossy().into_owned(),
        seed.to_string_lossy().into_owned(),
        gold.to_string_lossy().into_owned(),
    );
    let cases: Vec<Vec<&str>> = vec![
        vec!["entities", &sample, "--json"],
        vec!["entities", &sample],
        vec!["entities", "--jsonl", &gold],
        vec!["scan", &sample, "--json"],
        vec!["scan", &sample],
        vec!["search", &sample, "Syria"],
        vec!["search", &sample, "Syria", "--json"],
        vec!["text", &seed],
        vec!["text", &seed, "--json"],
        vec!["check", &project],
        vec!["check", &project, "--json"],
        vec!["eval", &gold],
        vec!["eval", &gold, "--json"],
    ];
    for args in cases {
        let (status, stderr) = run_into_a_closed_pipe(&args);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
            "dossier {args:?} panicked: {stderr}"
        );
        assert!(
            status.success(),
            "dossier {args:?} failed ({status}): {stderr}"
        );
    }
}

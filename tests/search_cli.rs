//! `dossier search` end to end: the real binary over a folder and over a project file.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("folder created");
    }
    std::fs::write(path, text).expect("file written");
}

/// A small corpus in several scripts; one file with Windows line ends.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "en.txt",
        "Russian jets left Hmeimim.\r\nHmeimim air base, near Jableh.\r\n",
    );
    write(
        root,
        "sub/ru.txt",
        "Авиабаза Хмеймим.\nВ ХМЕЙМИМЕ тихо; хмеймим — база.\n",
    );
    write(root, "sub/ar.txt", "قاعدة حميميم الجوية\nحميميم");
    write(
        root,
        "fr.txt",
        "L'été à Lattaquié; «Lattaquié» est un port.",
    );
    dir
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited normally")
}

fn json_lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("utf-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// (path, start, end, line) of each JSON line.
fn positions(lines: &[Value]) -> Vec<(String, u64, u64, u64)> {
    lines
        .iter()
        .map(|v| {
            (
                v["path"].as_str().expect("path").to_owned(),
                v["start"].as_u64().expect("start"),
                v["end"].as_u64().expect("end"),
                v["line"].as_u64().expect("line"),
            )
        })
        .collect()
}

#[test]
fn json_lines_carry_code_point_offsets_relative_paths_and_lines() {
    let dir = corpus();
    let root = dir.path().to_str().expect("utf-8 path");
    let out = dossier(&["search", root, "Hmeimim", "--json"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out);
    // Offsets are into the text with CRLF normalised to LF.
    assert_eq!(
        positions(&lines),
        [("en.txt".into(), 18, 25, 1), ("en.txt".into(), 27, 34, 2)]
    );
    let snippet = lines[1]["snippet"].as_str().expect("snippet");
    assert!(
        snippet.contains("left Hmeimim. Hmeimim air base"),
        "{snippet}"
    );
    assert_eq!(lines[0].as_object().expect("object").len(), 5);

    let out = dossier(&[
        "search",
        root,
        "хмеймим",
        "--json",
        "--ignore-case",
        "--word",
    ]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        positions(&json_lines(&out)),
        [
            ("sub/ru.txt".into(), 9, 16, 1),
            ("sub/ru.txt".into(), 35, 42, 2)
        ]
    );

    let out = dossier(&["search", root, r"حميميم\b", "--regex", "--json"]);
    assert_eq!(
        positions(&json_lines(&out)),
        [
            ("sub/ar.txt".into(), 6, 12, 1),
            ("sub/ar.txt".into(), 20, 26, 2)
        ]
    );

    let out = dossier(&["search", root, "lattaquié", "-i", "--json"]);
    assert_eq!(
        positions(&json_lines(&out)),
        [("fr.txt".into(), 8, 17, 1), ("fr.txt".into(), 20, 29, 1)]
    );
}

#[test]
fn exit_codes_follow_grep() {
    let dir = corpus();
    let root = dir.path().to_str().expect("utf-8 path");
    let none = dossier(&["search", root, "Tartus"]);
    assert_eq!(code(&none), 1);
    assert!(none.stdout.is_empty());

    let bad = dossier(&["search", root, "(Hmeimim", "--regex"]);
    assert_eq!(code(&bad), 2);
    let message = String::from_utf8_lossy(&bad.stderr);
    assert!(
        message.contains("unclosed group (at character 1)"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");

    // The same text as a literal is fine (and not found).
    assert_eq!(code(&dossier(&["search", root, "(Hmeimim"])), 1);

    let missing = dir.path().join("no-such-folder");
    let out = dossier(&["search", missing.to_str().expect("utf-8"), "x"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn the_listing_groups_matches_by_document() {
    let dir = corpus();
    let root = dir.path().to_str().expect("utf-8 path");
    let out = dossier(&["search", root, "Hmeimim"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "en.txt (2 matches)");
    assert_eq!(
        lines[1],
        "     1: Russian jets left [Hmeimim]. Hmeimim air base, near Jableh. "
    );
    assert!(lines[2].starts_with("     2: "), "{}", lines[2]);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("2 matches in 1 of 4 documents"),
        "{summary}"
    );
}

#[test]
fn a_project_file_searches_its_corpus() {
    let dir = corpus();
    let project = dir.path().join("study.dossier.ron");
    // The corpus folder is stored relative to the project file: "." is its own folder.
    let ron = r#"(format: "dossier-project", version: 1, name: "study", corpus: ".", next_id: 1)"#;
    std::fs::write(&project, ron).expect("project written");
    let out = dossier(&[
        "search",
        project.to_str().expect("utf-8"),
        "Jableh",
        "--json",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(positions(&json_lines(&out)), [("en.txt".into(), 50, 56, 2)]);

    let other = dir.path().join("notes.ron");
    std::fs::write(&other, "()").expect("written");
    let out = dossier(&["search", other.to_str().expect("utf-8"), "x"]);
    assert_eq!(code(&out), 2);
}

/// The same text in two places is one document, as in the window: its matches are listed
/// once, under its first place in path order, and it counts once.
#[test]
fn an_exact_copy_is_searched_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let memo = "The convoy reached Homs at dawn.\n";
    write(root, "a/memo.txt", memo);
    write(root, "b/memo.txt", memo);
    write(root, "other.txt", "Homs again, in another text.\n");
    let root_arg = root.to_str().expect("a UTF-8 temp path");
    let out = dossier(&["search", root_arg, "Homs", "--json"]);
    assert_eq!(code(&out), 0, "{out:?}");
    let paths: Vec<String> = json_lines(&out)
        .iter()
        .filter_map(|l| l["path"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(paths, ["a/memo.txt", "other.txt"]);
    let out = dossier(&["search", root_arg, "Homs"]);
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(summary.contains("in 2 of 2 documents"), "{summary}");
}

/// Texts that are not their file's bytes (UTF-16, Windows-1252, Windows line ends) are
/// found as the window finds them, on a first run and on a second through the warm text
/// cache, which searches plain files as bytes before decoding them.
#[test]
fn every_encoding_is_found_as_the_window_finds_it_cold_and_warm() {
    use dossier::corpus::{Corpus, LoadOptions};
    use dossier::search::{Query, SearchOptions, search};

    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    // Each file its own text: exact copies would be listed once.
    let text = |what: &str| format!("Le {what} de Lattaquié.\r\nLATTAQUIÉ, encore: lattaquié!\r\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text("port").encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    std::fs::write(root.join("utf16.txt"), utf16).expect("written");
    let phare = text("phare");
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(&phare);
    std::fs::write(root.join("latin.txt"), &latin).expect("written");
    write(root, "crlf.txt", &text("quai"));
    write(root, "plain.txt", &text("fort").replace("\r\n", "\n"));
    write(root, "none.txt", "Rien ici.\n");
    let data = tempfile::tempdir().expect("temp dir");
    let root_arg = root.to_str().expect("a UTF-8 temp path");
    let window = |query: &Query| {
        let corpus = Corpus::load(root, &LoadOptions::default()).expect("loads");
        let matcher = query.compile().expect("compiles");
        let results = search(
            &corpus,
            &matcher,
            &SearchOptions::default(),
            &std::sync::atomic::AtomicBool::new(false),
        );
        results
            .hits()
            .map(|(doc, hit)| {
                (
                    doc.path.clone(),
                    hit.start as u64,
                    hit.end as u64,
                    hit.line as u64,
                )
            })
            .collect::<Vec<_>>()
    };
    for (args, query) in [
        (vec!["Lattaquié"], Query::literal("Lattaquié")),
        (
            vec!["lattaquié", "-i", "-w"],
            Query::literal("lattaquié").ignoring_case().whole_words(),
        ),
        (vec![r"L\w+é", "--regex"], Query::regex(r"L\w+é")),
    ] {
        let expected = window(&query);
        assert!(expected.len() >= 4, "{expected:?}");
        for run in ["cold", "warm"] {
            let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["search", root_arg, "--json"])
                .args(&args)
                .env("XDG_DATA_HOME", data.path())
                .output()
                .expect("runs");
            assert_eq!(code(&out), 0, "{run}: {out:?}");
            assert_eq!(positions(&json_lines(&out)), expected, "{run} {args:?}");
        }
    }
}

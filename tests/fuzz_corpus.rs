//! Replays every committed fuzz input on stable Rust: the minimised corpus of each target
//! (`fuzz/corpus/<target>/`) and every input that once crashed or hung a target
//! (`tests/fuzz_regressions/<target>/`), through the very function the fuzz target calls
//! ([`dossier::fuzzing`]). A panic here is a bug a fuzzer found (again).

use std::path::{Path, PathBuf};

use dossier::fuzzing::{TARGETS, Target};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Feeds every committed input of `name` to its target; returns how many were fed.
fn replay(name: &str) -> usize {
    let target: &Target = TARGETS
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target {name}"));
    let corpus = inputs(&root().join("fuzz/corpus").join(name));
    assert!(!corpus.is_empty(), "fuzz/corpus/{name} is empty");
    let regressions = inputs(&root().join("tests/fuzz_regressions").join(name));
    for file in corpus.iter().chain(&regressions) {
        let bytes = std::fs::read(file).expect("a committed input reads");
        let outcome = std::panic::catch_unwind(|| (target.run)(&bytes));
        if let Err(payload) = outcome {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            panic!("{name}: {} fails: {message}", file.display());
        }
    }
    corpus.len() + regressions.len()
}

macro_rules! replay_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                assert!(replay(stringify!($name)) > 0);
            }
        )*

        /// Every target has a test above, and every corpus folder a target.
        #[test]
        fn every_target_is_replayed() {
            let tested = [$(stringify!($name)),*];
            let targets: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            assert_eq!(tested.as_slice(), targets.as_slice());
            for dir in ["fuzz/corpus", "tests/fuzz_regressions"] {
                let Ok(entries) = std::fs::read_dir(root().join(dir)) else { continue };
                for entry in entries.filter_map(Result::ok) {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    assert!(targets.contains(&name.as_str()), "{dir}/{name} is no target's");
                }
            }
        }
    };
}

replay_tests!(
    project_file,
    mention_cache,
    recovery_copy,
    qdpx_import,
    pdf,
    docx,
    odt,
    html,
    markdown,
    legacy_encoding,
    recogniser,
    reanchor,
    search_query,
    archive,
    table,
    mail,
    msg,
    image,
    pdf_pages,
);

//! Every file of `tests/` runs: the integration tests are a few binaries declared in
//! `Cargo.toml` (`autotests = false`), each file a module of one of them, so a new file
//! that no binary declares would never be compiled. This test finds such a file.

use std::collections::BTreeSet;
use std::fs;

/// The paths of the `[[test]]` targets of `Cargo.toml`.
fn declared_targets(manifest: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_test = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_test = line == "[[test]]";
        } else if in_test && let Some(value) = line.strip_prefix("path = ") {
            targets.push(value.trim_matches('"').to_owned());
        }
    }
    targets
}

/// The modules a suite file declares with `mod NAME;` (its files are `tests/NAME.rs`).
fn declared_modules(suite: &str) -> Vec<String> {
    suite
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod "))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_owned)
        .collect()
}

/// The `.rs` files directly in `tests/` that nothing declares.
fn undeclared(files: &BTreeSet<String>, manifest: &str) -> Vec<String> {
    let mut covered = BTreeSet::new();
    for target in declared_targets(manifest) {
        let Some(name) = target.strip_prefix("tests/") else {
            continue;
        };
        covered.insert(name.to_owned());
        let suite = fs::read_to_string(&target).unwrap_or_default();
        for module in declared_modules(&suite) {
            covered.insert(format!("{module}.rs"));
        }
    }
    files.difference(&covered).cloned().collect()
}

#[test]
fn every_file_of_the_tests_folder_is_a_test_binary_or_a_module_of_one() {
    let manifest = fs::read_to_string("Cargo.toml").expect("Cargo.toml is readable");
    let files: BTreeSet<String> = fs::read_dir("tests")
        .expect("the tests folder is readable")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs"))
        .collect();
    assert!(files.contains("suites.rs"), "{files:?}");
    let left_out = undeclared(&files, &manifest);
    assert!(
        left_out.is_empty(),
        "never compiled: {left_out:?}; add each as `mod NAME;` to tests/headless.rs, cli.rs \
         or ui.rs, or as a [[test]] of Cargo.toml"
    );
}

#[test]
fn a_file_no_suite_declares_is_found() {
    let files: BTreeSet<String> = ["headless.rs", "suites.rs", "stray.rs"]
        .map(str::to_owned)
        .into();
    let manifest = "[package]\npath = \"tests/stray.rs\"\n[[test]]\nname = \"headless\"\npath = \"tests/headless.rs\"\n";
    // `tests/headless.rs` is read from disk: it declares `suites`, not `stray`.
    assert_eq!(undeclared(&files, manifest), ["stray.rs"]);
}

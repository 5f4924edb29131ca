//! The layers of `ARCHITECTURE.md` hold: a module of the crate imports only from the
//! layers below its own (never from above, nor from another module of its own layer), and
//! `app/actions.rs` imports nothing from the rest of the window.
//!
//! The order is read from `ARCHITECTURE.md` (the line starting `Layers, lowest first:`), so
//! the document and this test cannot disagree. The check reads the source as text: every
//! `crate::X` path outside comments, in code that is not a unit test (tests may build their
//! fixtures with any module, e.g. an import test exports first).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

const ORDER_LINE: &str = "Layers, lowest first:";

/// Each top-level module of `src/` with the index of its layer, lowest 0.
fn layers() -> BTreeMap<String, usize> {
    let doc = fs::read_to_string("ARCHITECTURE.md").expect("ARCHITECTURE.md is readable");
    let line = doc
        .lines()
        .find_map(|l| l.strip_prefix(ORDER_LINE))
        .unwrap_or_else(|| panic!("ARCHITECTURE.md has no line starting {ORDER_LINE:?}"));
    let mut layers = BTreeMap::new();
    for (index, layer) in line.split('<').enumerate() {
        for module in layer.split(',') {
            let module = module.trim().trim_matches('`').trim_end_matches('.');
            assert!(!module.is_empty(), "an empty name in {line:?}");
            let earlier = layers.insert(module.to_owned(), index);
            assert!(earlier.is_none(), "{module} is named twice in {line:?}");
        }
    }
    layers
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("the source folder is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/corpus/formats/pdf.rs` → `corpus`), or
/// `None` for the crate roots.
fn top_module(file: &Path) -> Option<String> {
    let relative = file.strip_prefix("src").ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// Whether the file is a module declared under `#[cfg(test)]` in its parent (or a
/// descendant of one): `mod tests;` after `#[cfg(test)]`.
fn is_test_module(file: &Path) -> bool {
    let mut file = file.to_path_buf();
    while file.parent() != Some(Path::new("src")) {
        let (Some(stem), Some(dir)) = (file.file_stem().and_then(|s| s.to_str()), file.parent())
        else {
            return false;
        };
        // The folder of the declaring module, and the name it declares.
        let (folder, name) = if stem == "mod" {
            let Some(name) = dir.file_name().and_then(|s| s.to_str()) else {
                return false;
            };
            (dir.parent().unwrap_or(dir), name.to_owned())
        } else {
            (dir, stem.to_owned())
        };
        let parent = if folder.join("mod.rs").exists() {
            folder.join("mod.rs")
        } else {
            folder.with_extension("rs")
        };
        let Ok(text) = fs::read_to_string(&parent) else {
            return false;
        };
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let declared_for_tests = lines.windows(2).any(|w| {
            w[0] == "#[cfg(test)]"
                && [format!("mod {name};"), format!("pub(crate) mod {name};")]
                    .iter()
                    .any(|d| w[1] == d.as_str())
        });
        if declared_for_tests {
            return true;
        }
        file = parent;
    }
    false
}

/// The lines of code of a file that are not comments and not unit tests, numbered from 1.
fn code_lines(file: &Path) -> Vec<(usize, String)> {
    if is_test_module(file) {
        return Vec::new();
    }
    let text = fs::read_to_string(file).expect("a source file is readable");
    let lines: Vec<&str> = text.lines().collect();
    let mut code = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "#[cfg(test)]" {
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            if next.contains("mod ") && next.ends_with('{') {
                // The unit tests, at the end of the file by the project's convention.
                break;
            }
            // One item for tests only (`mod fixture;`, a helper): skip it.
            i += 2;
            continue;
        }
        if !line.trim_start().starts_with("//") {
            let mut statement = without_comment(line).to_owned();
            let number = i + 1;
            // A `use` that rustfmt spread over lines (`use crate::{` .. `};`) is read as
            // one line, so that its group is seen whole.
            if is_use(line) {
                while !statement.contains(';') && i + 1 < lines.len() {
                    i += 1;
                    statement.push(' ');
                    statement.push_str(without_comment(lines[i]).trim());
                }
            }
            code.push((number, statement));
        }
        i += 1;
    }
    code
}

fn without_comment(line: &str) -> &str {
    line.split(" //").next().unwrap_or(line)
}

fn is_use(line: &str) -> bool {
    let line = line.trim_start();
    let line = line
        .strip_prefix("pub(crate) ")
        .or_else(|| line.strip_prefix("pub "))
        .unwrap_or(line);
    line.starts_with("use ")
}

/// The names that follow `prefix` in `line` as a path segment (`crate::corpus::X` →
/// `corpus`), where `prefix` does not continue an identifier (`$crate::` counts).
fn segments_after<'a>(line: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = line;
    let mut offset = 0;
    while let Some(at) = rest.find(prefix) {
        let start = offset + at;
        let before = line[..start].chars().next_back();
        let after = &line[start + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            if let Some(group) = after.strip_prefix('{') {
                found.extend(group_heads(group));
            } else if end > 0 {
                found.push(&after[..end]);
            }
        }
        offset = start + prefix.len();
        rest = &line[offset..];
    }
    found
}

/// The first path segment of each item of a `{..}` group, `group` starting after its
/// `{` (`a::X, b::{C, D}, e}` → `a`, `b`, `e`), up to the matching `}` (or the end).
/// `self` names the module before the group, which the caller has already judged.
fn group_heads(group: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut end = group.len();
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                end = at;
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    items.push(&group[start..end]);
    items
        .into_iter()
        .map(|item| {
            let item = item.trim_start();
            let head = item
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(item.len());
            &item[..head]
        })
        .filter(|head| !head.is_empty() && *head != "self")
        .collect()
}

#[test]
fn no_module_imports_from_its_own_layer_or_above() {
    let layers = layers();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let Some(module) = top_module(file) else {
            continue;
        };
        let Some(&own) = layers.get(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no layer in ARCHITECTURE.md",
                file.display()
            ));
            continue;
        };
        for (number, line) in code_lines(file) {
            for used in segments_after(&line, "crate::") {
                if used == module {
                    continue;
                }
                match layers.get(used) {
                    Some(&layer) if layer < own => {}
                    Some(&layer) => wrong.push(format!(
                        "{}:{number}: `{module}` (layer {own}) uses `{used}` (layer {layer}): {}",
                        file.display(),
                        line.trim()
                    )),
                    None => wrong.push(format!(
                        "{}:{number}: `{used}` has no layer in ARCHITECTURE.md",
                        file.display()
                    )),
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers ({ORDER_LINE} in ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn actions_import_nothing_else_from_the_window() {
    let actions = Path::new("src/app/actions.rs");
    let mut siblings = Vec::new();
    for entry in fs::read_dir("src/app").expect("src/app is readable") {
        let path = entry.expect("a directory entry").path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if !matches!(name, "actions" | "mod") {
            siblings.push(name.to_owned());
        }
    }
    assert!(siblings.iter().any(|s| s == "jobs"), "{siblings:?}");
    let mut wrong = Vec::new();
    for (number, line) in code_lines(actions) {
        let from_app = segments_after(&line, "crate::app::");
        let from_parent = segments_after(&line, "super::");
        for used in from_app.into_iter().chain(from_parent) {
            if siblings.iter().any(|s| s == used) {
                wrong.push(format!("{}:{number}: {}", actions.display(), line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "app/actions.rs is the bottom of the window and imports from no other app module:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_finds_paths_and_skips_comments_and_unit_tests() {
    assert_eq!(
        segments_after(
            "use crate::corpus::X; $crate::cli::y(); my_crate::z",
            "crate::"
        ),
        ["corpus", "cli"]
    );
    assert_eq!(
        segments_after("use super::jobs::DialogPurpose;", "super::"),
        ["jobs"]
    );
    assert!(segments_after("use super::*;", "super::").is_empty());
    assert_eq!(
        segments_after(
            "use crate::{session::Session, app::{X, y::Z}, self}; crate::{cli}",
            "crate::"
        ),
        ["session", "app", "cli"]
    );
    assert_eq!(
        segments_after("use super::{jobs::{A, B},theme };", "super::"),
        ["jobs", "theme"]
    );
    let spread = std::env::temp_dir().join(format!("layers-{}.rs", std::process::id()));
    fs::write(
        &spread,
        "use crate::{\n    corpus::X, // why\n    app::Y,\n};\nfn f() {}\n",
    )
    .expect("a temporary file is writable");
    let spread_lines = code_lines(&spread);
    let _ = fs::remove_file(&spread);
    assert_eq!(spread_lines[0].0, 1);
    assert_eq!(
        segments_after(&spread_lines[0].1, "crate::"),
        ["corpus", "app"]
    );
    assert!(is_test_module(Path::new("src/import/qdpx/tests.rs")));
    assert!(!is_test_module(Path::new("src/import/qdpx/qde.rs")));
    let lines = code_lines(Path::new("src/analysis/timeline.rs"));
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|(_, l)| !l.contains("#[cfg(test)]")));
}

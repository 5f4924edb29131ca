//! The names sources carry in a REFI-QDA project.
//!
//! Other tools use a source's `name` as the document's name, and QualCoder also as the
//! name of the file it copies the text to (`documents/NAME.txt`): a name with folders in
//! it ("syria/bases.md") points into folders that do not exist there, and the copy fails.
//! So a source is named by its document's title, made a plain file name: no folder
//! separators, none of the characters Windows refuses in file names, no control
//! characters, at most [`MAX_NAME_CHARS`] chars, and unique in the project (ignoring
//! case). The document's place in the corpus travels in a variable (see the parent
//! module), for Dossier's own import to put it back.

use std::collections::HashSet;

use crate::fs::plain_file_name;

/// Longest source name written, in chars.
pub const MAX_NAME_CHARS: usize = 100;

/// Unique plain names, in the order of `titles` (each a document's title, or its file
/// name when the title leaves nothing usable).
pub fn plain_names<'a>(titles: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<String> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (title, path) in titles {
        let mut base = plain_name(title);
        if base.is_empty() {
            base = plain_name(file_stem(path));
        }
        if base.is_empty() {
            base = "Document".to_owned();
        }
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.to_lowercase()) {
            name = format!("{base} ({n})");
            n += 1;
        }
        out.push(name);
    }
    out
}

/// `title` as a plain file name (see [`plain_file_name`]), at most [`MAX_NAME_CHARS`] chars.
fn plain_name(title: &str) -> String {
    let plain = plain_file_name(title);
    let cut: String = plain.chars().take(MAX_NAME_CHARS).collect();
    cut.trim_end_matches(['-', ' ', '.']).to_owned()
}

/// "syria/bases.txt" gives "bases".
fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_unique_file_names() {
        let names = plain_names([
            ("Syria: the road / Raqqa?", "a/one.md"),
            ("Tartus", "b/tartus.txt"),
            ("tartus", "c/tartus.txt"),
            ("TARTUS", "d/tartus.txt"),
            ("  ", "syria/jordan_armed-forces.txt"),
            ("\"Quoted\" <b>bold</b> * \u{7}", "e.md"),
            ("...", ".hidden"),
        ]);
        assert_eq!(
            names,
            [
                "Syria - the road - Raqqa",
                "Tartus",
                "tartus (2)",
                "TARTUS (3)",
                "jordan_armed-forces",
                "'Quoted' b bold - b",
                "hidden",
            ]
        );
        let long = plain_names([("word ".repeat(40).as_str(), "x.txt")]);
        assert!(long[0].chars().count() <= MAX_NAME_CHARS);
        assert!(!long[0].ends_with(' '));
    }
}

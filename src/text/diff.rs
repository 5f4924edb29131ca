//! Word-level differences between two wordings of a passage: the quote as coded and the
//! text the annotation points at now. The annotation card, coded passages and the reports
//! show them so that a reader sees at a glance what the document changed.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

/// What happened to a piece of text between the old and the new wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// In both wordings.
    Same,
    /// In the old wording only.
    Removed,
    /// In the new wording only.
    Added,
}

/// The two wordings as pieces in reading order (runs of words with their spaces), each
/// tagged with what happened to it. Concatenating the `Same` and `Removed` pieces gives
/// `old`; the `Same` and `Added` pieces give `new`.
pub fn word_diff(old: &str, new: &str) -> Vec<(Change, String)> {
    // Quotes can be long (a whole page coded at once): Myers' algorithm is bounded in time,
    // and past the deadline falls back to a coarser (still correct) diff.
    let diff = TextDiff::configure()
        .timeout(Duration::from_millis(50))
        .diff_words(old, new);
    let mut out: Vec<(Change, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => Change::Same,
            ChangeTag::Delete => Change::Removed,
            ChangeTag::Insert => Change::Added,
        };
        match out.last_mut() {
            Some((last, text)) if *last == kind => text.push_str(change.value()),
            _ => out.push((kind, change.value().to_owned())),
        }
    }
    out
}

/// The diff as one line of plain text: removed words in `[-…-]`, added ones in `{+…+}`
/// (the notation of `git diff --word-diff`), for reports and exports.
pub fn word_diff_inline(old: &str, new: &str) -> String {
    let mut out = String::new();
    for (kind, text) in word_diff(old, new) {
        match kind {
            Change::Same => out.push_str(&text),
            Change::Removed => {
                out.push_str("[-");
                out.push_str(&text);
                out.push_str("-]");
            }
            Change::Added => {
                out.push_str("{+");
                out.push_str(&text);
                out.push_str("+}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(parts: &[(Change, String)], keep: Change) -> String {
        parts
            .iter()
            .filter(|(k, _)| *k == Change::Same || *k == keep)
            .map(|(_, t)| t.as_str())
            .collect()
    }

    #[test]
    fn a_changed_word_is_marked_and_both_wordings_rebuild() {
        let old = "its military bases in Hmeimim and Tartus";
        let new = "its naval bases in Hmeimim and Ţarţūs";
        let parts = word_diff(old, new);
        assert_eq!(side(&parts, Change::Removed), old);
        assert_eq!(side(&parts, Change::Added), new);
        let removed: Vec<&str> = parts
            .iter()
            .filter(|(k, _)| *k == Change::Removed)
            .map(|(_, t)| t.trim())
            .collect();
        assert_eq!(removed, ["military", "Tartus"]);
        assert_eq!(
            word_diff_inline(old, new),
            "its [-military-]{+naval+} bases in Hmeimim and [-Tartus-]{+Ţarţūs+}"
        );
    }

    #[test]
    fn equal_and_empty_wordings() {
        assert_eq!(
            word_diff("same words", "same words"),
            [(Change::Same, "same words".to_owned())]
        );
        assert!(word_diff("", "").is_empty());
        assert_eq!(word_diff("", "new"), [(Change::Added, "new".to_owned())]);
    }
}

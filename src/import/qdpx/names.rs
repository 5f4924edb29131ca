//! Small pure helpers of the import: file names for the sources, line-end normalisation
//! with its position map, and the check of a selection's name against the text.

use std::collections::HashSet;
use std::path::Path;

/// Extensions of document formats a source's name may carry; the text is written as
/// `.txt` in their place ("Interview 1.docx" -> "Interview 1.txt").
const DOCUMENT_EXTENSIONS: [&str; 10] = [
    "txt", "text", "md", "markdown", "html", "htm", "pdf", "docx", "doc", "odt",
];

/// Names Windows refuses for files, whatever the extension.
const RESERVED: [&str; 22] = [
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Longest file or folder name written, in chars.
const MAX_COMPONENT_CHARS: usize = 100;

/// A relative path (`/`-separated) ending in `.EXTENSION` for a source called `name` (a
/// document extension it ends in is replaced), unique among `taken` (compared ignoring
/// case, which it is updated with) and not an existing file below `root`. Folders in the
/// name ("syria/bases.txt") are kept, made safe: no `..`, no absolute path, no character
/// that a common file system refuses, no hidden name (the corpus loader skips those).
pub(super) fn file_name(
    name: &str,
    extension: &str,
    taken: &mut HashSet<String>,
    root: &Path,
) -> String {
    let mut parts: Vec<String> = name
        .split(['/', '\\'])
        .map(safe_component)
        .filter(|p| !p.is_empty())
        .collect();
    let stem = parts
        .pop()
        .map_or_else(|| "source".to_owned(), |last| strip_extension(&last));
    let folder: String = parts.iter().map(|p| format!("{p}/")).collect();
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            format!("{folder}{stem}.{extension}")
        } else {
            format!("{folder}{stem} ({n}).{extension}")
        };
        if !taken.contains(&candidate.to_lowercase()) && !root.join(&candidate).exists() {
            taken.insert(candidate.to_lowercase());
            return candidate;
        }
        n += 1;
    }
}

/// Files whose parts are documents of their own in Dossier (an email's attachments, an
/// archive's members): a path through one of them names a part.
const CONTAINER_EXTENSIONS: [&str; 7] = ["eml", "msg", "mbox", "zip", "tar", "gz", "tgz"];

/// For the corpus path of a part of another file (`mail.eml/1-memo%20scan.pdf`,
/// `inbox.mbox#<id>/2-scan.pdf`, `letters.zip/scans/p1.pdf`), the path to write it at as a
/// file of its own: in the folder of the file it is a part of, named as the part was
/// ("memo scan.pdf": an attachment's id is its position and its file name made safe,
/// which is undone here), not by its id. `None` for the path of a file (or of a part with
/// nothing after its container, such as a mailbox's message).
pub(super) fn part_path(path: &str) -> Option<String> {
    let steps: Vec<&str> = path.split('/').collect();
    let is_mail = |step: &str| {
        let file = step.split('#').next().unwrap_or(step);
        step.contains('#') || ["eml", "msg", "mbox"].contains(&extension_of(file).as_str())
    };
    let container = steps.iter().position(|step| {
        is_mail(step) || CONTAINER_EXTENSIONS.contains(&extension_of(step).as_str())
    })?;
    let last = *steps.last()?;
    if container + 1 >= steps.len() {
        return None;
    }
    // An attachment's id: "N-" and its name with `%XX` for what an id cannot hold.
    let name = match last.split_once('-') {
        Some((n, name))
            if steps[..steps.len() - 1].iter().any(|s| is_mail(s))
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            percent_decoded(name).unwrap_or_else(|| name.to_owned())
        }
        _ => last.to_owned(),
    };
    let name = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim()
        .to_owned();
    let name = if name.is_empty() {
        last.to_owned()
    } else {
        name
    };
    let folder: String = steps[..container].iter().map(|s| format!("{s}/")).collect();
    Some(format!("{folder}{name}"))
}

/// `%XX` escapes undone; `None` when one is broken or the bytes are not UTF-8.
fn percent_decoded(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The title a source's name gives a document: its last part, without a document
/// extension ("Interview 1.docx" gives "Interview 1").
pub(super) fn title_of_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    strip_extension(last)
}

/// The extension of a path's file name, lowercased ("" when it has none).
pub(super) fn extension_of(path: &str) -> String {
    let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match last.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// A name for the project file of a project called `name`: one safe file name, without a
/// document extension ("Imported" if nothing is left).
pub(super) fn project_stem(name: &str) -> String {
    let safe = safe_component(&name.replace(['/', '\\'], "_"));
    if safe.is_empty() {
        "Imported".to_owned()
    } else {
        strip_extension(&safe)
    }
}

fn strip_extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty() && DOCUMENT_EXTENSIONS.contains(&ext.to_lowercase().as_str()) =>
        {
            stem.to_owned()
        }
        _ => name.to_owned(),
    }
}

fn safe_component(part: &str) -> String {
    let cleaned: String = part
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') {
                '_'
            } else {
                c
            }
        })
        .take(MAX_COMPONENT_CHARS)
        .collect();
    let trimmed = cleaned.trim().trim_end_matches('.').trim();
    if trimmed.is_empty() || trimmed == "." || trimmed == ".." {
        return String::new();
    }
    let mut out = trimmed.to_owned();
    if out.starts_with('.') {
        out.replace_range(0..1, "_");
    }
    let stem = out.split('.').next().unwrap_or("").to_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        out.insert(0, '_');
    }
    out
}

/// A text with `\r\n` and lone `\r` made `\n` and a leading U+FEFF dropped, as the corpus
/// loader reads it, and what that did to positions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Normalized {
    pub text: String,
    /// Code-point positions of the original text that were dropped, ascending.
    dropped: Vec<usize>,
    changed: bool,
}

impl Normalized {
    pub fn new(original: &str) -> Self {
        if !original.contains('\r') && !original.starts_with('\u{FEFF}') {
            return Self {
                text: original.to_owned(),
                dropped: Vec::new(),
                changed: false,
            };
        }
        let mut text = String::with_capacity(original.len());
        let mut dropped = Vec::new();
        let mut chars = original.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '\u{FEFF}' if i == 0 => dropped.push(i),
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => dropped.push(i),
                '\r' => text.push('\n'),
                c => text.push(c),
            }
        }
        let changed = text != original;
        Self {
            text,
            dropped,
            changed,
        }
    }

    /// True when the text changed.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// The position in the normalised text of position `pos` of the original: the same
    /// character (a position on a dropped `\r` becomes its `\n`'s).
    pub fn map(&self, pos: usize) -> usize {
        pos - self.dropped.partition_point(|&d| d < pos)
    }
}

/// Does a selection's `name` say the same as the text found at its position? Tools name
/// selections by their text, often shortened ("the first words…", or Dossier's
/// "head…tail"); whitespace may differ. Names that are not text (empty, or positions such
/// as "12,40") are not evidence either way and count as a match.
pub(super) fn name_matches(name: &str, found: &str) -> bool {
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = squash(name);
    let found = squash(found);
    let is_label = name
        .split([',', '-', ' ', '.'])
        .all(|p| p.chars().all(|c| c.is_ascii_digit()));
    if name.is_empty() || is_label {
        return true;
    }
    let trimmed = name
        .trim_end_matches("...")
        .trim_end_matches('…')
        .trim_end();
    match trimmed.split_once('…') {
        Some((head, tail)) => found.starts_with(head.trim()) && found.ends_with(tail.trim()),
        None => found.starts_with(trimmed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_goes_beside_its_file_under_the_name_it_was_given() {
        let part = |p: &str| part_path(p);
        assert_eq!(
            part("mail.eml/1-memo%20scan.pdf").as_deref(),
            Some("memo scan.pdf")
        );
        assert_eq!(
            part("inbox/x.mbox#a@b/2-scan%25%231.pdf").as_deref(),
            Some("inbox/scan%#1.pdf")
        );
        // An archive's member keeps its name (a dash in it is no position).
        assert_eq!(
            part("2024/letters.zip/scans/1-p%201.pdf").as_deref(),
            Some("2024/1-p%201.pdf")
        );
        // A broken escape is kept as written; an escaped slash is no folder.
        assert_eq!(part("a.eml/3-x%2.png").as_deref(), Some("x%2.png"));
        assert_eq!(part("a.eml/3-..%2Fx.png").as_deref(), Some("x.png"));
        // A file, and a mailbox's message (nothing after its container): not parts.
        assert_eq!(part("syria/bases.pdf"), None);
        assert_eq!(part("mail.eml"), None);
        assert_eq!(part("inbox.mbox#a@b"), None);
        // Made safe and unique as any name.
        let dir = tempfile::tempdir().expect("temp dir");
        let mut taken = HashSet::new();
        let wanted = part("mail.eml/1-memo%3A%20scan%3F.pdf").expect("part");
        assert_eq!(
            file_name(&wanted, "pdf", &mut taken, dir.path()),
            "memo_ scan_.pdf"
        );
        assert_eq!(
            file_name(&wanted, "pdf", &mut taken, dir.path()),
            "memo_ scan_ (2).pdf"
        );
    }

    #[test]
    fn file_names_are_safe_unique_and_keep_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("Exists.txt"), "x").expect("write");
        let mut taken = HashSet::new();
        let mut name = |n: &str| file_name(n, "txt", &mut taken, dir.path());
        assert_eq!(name("syria/bases.txt"), "syria/bases.txt");
        assert_eq!(name("Syria/Bases.TXT"), "Syria/Bases (2).txt");
        assert_eq!(name("Interview 1.docx"), "Interview 1.txt");
        assert_eq!(name("../../etc/passwd"), "etc/passwd.txt");
        assert_eq!(name("/abs\\win:name?.md"), "abs/win_name_.txt");
        assert_eq!(name(".hidden"), "_hidden.txt");
        assert_eq!(name("con"), "_con.txt");
        assert_eq!(name(""), "source.txt");
        assert_eq!(name("Exists"), "Exists (2).txt");
        assert_eq!(name("v1.2 notes"), "v1.2 notes.txt");
        assert_eq!(
            file_name("syria/tricky <one>.md", "md", &mut taken, dir.path()),
            "syria/tricky _one_.md"
        );
        assert_eq!(title_of_name("syria/Interview 1.docx"), "Interview 1");
        assert_eq!(extension_of("syria/Bases.MD"), "md");
        assert_eq!(extension_of("syria.d/README"), "");
    }

    #[test]
    fn project_file_names_are_one_safe_name() {
        assert_eq!(project_stem("Interviews 2024"), "Interviews 2024");
        assert_eq!(project_stem("a/b: c?"), "a_b_ c_");
        assert_eq!(project_stem("Study.qdpx"), "Study.qdpx");
        assert_eq!(project_stem(".."), "Imported");
    }

    #[test]
    fn normalisation_maps_positions_to_the_same_characters() {
        let original = "\u{FEFF}ab\r\ncd\ref\r\n";
        let n = Normalized::new(original);
        assert_eq!(n.text, "ab\ncd\nef\n");
        assert!(n.changed());
        let chars: Vec<char> = original.chars().collect();
        let norm: Vec<char> = n.text.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if *c != '\u{FEFF}' && *c != '\r' {
                assert_eq!(norm[n.map(i)], *c, "position {i}");
            }
        }
        assert_eq!(n.map(chars.len()), norm.len());
        let same = Normalized::new("plain\ntext");
        assert!(!same.changed());
        assert_eq!(same.map(3), 3);
    }

    #[test]
    fn names_are_checked_as_text_when_they_are_text() {
        assert!(name_matches("military bases", "military  bases"));
        assert!(name_matches(
            "the first words…",
            "the first words of a long quote"
        ));
        assert!(name_matches(
            "the first words...",
            "the first words of a long quote"
        ));
        assert!(name_matches("head…tail", "head and so on to the tail"));
        assert!(name_matches("12,40", "anything"));
        assert!(name_matches("", "anything"));
        assert!(!name_matches("Hmeimim", "Tartus"));
        assert!(!name_matches("head…tail", "head and so on"));
    }
}

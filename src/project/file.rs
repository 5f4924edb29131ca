//! Project files: `NAME.dossier.ron`, pretty-printed RON in a stable order.
//!
//! * Saving the same project twice gives the same bytes; a change gives a small diff
//!   (one annotation, one tag per block, ids in order).
//! * Saving is atomic: a temporary file in the same folder, fsync, rename over the old
//!   file, whose previous version is kept as `NAME.dossier.ron.bak`.
//! * A damaged file is reported with its line and column and never written over by a load.
//! * A file from a newer Dossier is refused; an older one is migrated in memory (the file
//!   on disk changes only when the user saves).
//!
//! The format is documented in `docs/project-format.md`.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::model::{Anchor, Annotation, AnnotationId, DocumentRecord, Project, Rgb, Tag, TagId};
use crate::corpus::ContentHash;

/// The format version this build writes.
pub const CURRENT_VERSION: u32 = 1;
/// The value of the `format` field, which tells a Dossier project from other RON files.
pub const FORMAT_NAME: &str = "dossier-project";
/// Project files end with this.
pub const EXTENSION: &str = ".dossier.ron";

/// What can go wrong reading or writing a project file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("cannot read or write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "{path} is damaged at line {line}, column {column}: {message}. The file was left untouched; \
         its previous version may be in {path}.bak"
    )]
    Damaged {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path} is not a Dossier project file")]
    NotAProject { path: PathBuf },
    #[error(
        "{path} was written by a newer Dossier (project format {found}; this version reads up to \
         {supported}). Update Dossier to open it; the file was left untouched"
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("{path} is inconsistent: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("cannot write the project: {0}")]
    Serialize(String),
}

// ---- the on-disk shape (version 1) -------------------------------------------------------

/// Only the fields needed to decide how to read the rest.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    /// 0 when missing.
    #[serde(default)]
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct FileV1 {
    format: String,
    version: u32,
    name: String,
    /// The corpus folder, relative to the project file's folder where possible ("" if
    /// none).
    #[serde(default)]
    corpus: String,
    next_id: u64,
    #[serde(default)]
    documents: Vec<DocumentEntry>,
    #[serde(default)]
    tags: Vec<TagEntry>,
    #[serde(default)]
    annotations: Vec<AnnotationEntry>,
}

#[derive(Serialize, Deserialize)]
struct DocumentEntry {
    path: String,
    hash: ContentHash,
    title: String,
}

#[derive(Serialize, Deserialize)]
struct TagEntry {
    id: TagId,
    name: String,
    colour: Rgb,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<TagId>,
}

#[derive(Serialize, Deserialize)]
struct AnnotationEntry {
    id: AnnotationId,
    document: String,
    start: usize,
    end: usize,
    quote: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    tags: Vec<TagId>,
    created: jiff::Timestamp,
    modified: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "is_false")]
    orphaned: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

// ---- writing ------------------------------------------------------------------------------

/// The project as RON text, for a project file in `project_dir`.
pub fn to_ron(project: &Project, project_dir: &Path) -> Result<String, ProjectFileError> {
    let file = FileV1 {
        format: FORMAT_NAME.to_owned(),
        version: CURRENT_VERSION,
        name: project.name.clone(),
        corpus: project
            .corpus_root
            .as_deref()
            .map(|root| portable_path(&relative_to(root, project_dir)))
            .unwrap_or_default(),
        next_id: project.next_id,
        documents: project
            .documents
            .values()
            .map(|d| DocumentEntry {
                path: d.path.clone(),
                hash: d.hash.clone(),
                title: d.title.clone(),
            })
            .collect(),
        tags: project
            .tags
            .values()
            .map(|t| TagEntry {
                id: t.id,
                name: t.name.clone(),
                colour: t.colour,
                description: t.description.clone(),
                parent: t.parent,
            })
            .collect(),
        annotations: project
            .annotations
            .values()
            .map(|a| AnnotationEntry {
                id: a.id,
                document: a.document.clone(),
                start: a.anchor.start,
                end: a.anchor.end,
                quote: a.anchor.quote.clone(),
                prefix: a.anchor.prefix.clone(),
                suffix: a.anchor.suffix.clone(),
                note: a.note.clone(),
                tags: a.tags.clone(),
                created: a.created,
                modified: a.modified,
                orphaned: a.orphaned,
            })
            .collect(),
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .new_line("\n")
        .struct_names(false)
        .compact_arrays(true);
    let mut text = ron::ser::to_string_pretty(&file, config)
        .map_err(|e| ProjectFileError::Serialize(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Saves `project` to `path` atomically, keeping the previous file as `path.bak`.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    let dir = parent_dir(path);
    let text = to_ron(project, &dir)?;
    write_atomically(path, text.as_bytes(), true).map_err(|source| ProjectFileError::Io {
        path: path.to_owned(),
        source,
    })
}

/// The backup kept beside a project file.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// Writes `bytes` to `path` so that the file is, at every moment, either entirely old or
/// entirely new: temporary file in the same folder, fsync, rename, fsync of the folder.
/// With `keep_backup`, the previous file (if any) is kept as `path.bak`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomically_with(path, bytes, keep_backup, |_| Ok(()))
}

/// [`write_atomically`] with a hook run after the temporary file is durable and before it
/// replaces the target (tests use it to fail at that exact point).
pub(crate) fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        if keep_backup && path.exists() {
            keep_previous_version(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Keeps the current file as `.bak`: a hard link when the file system has them (no copy of
/// a large file), else a copy; either way through a temporary name and a rename.
fn keep_previous_version(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let tmp = with_suffix(&backup, ".tmp");
    let _ = fs::remove_file(&tmp);
    if fs::hard_link(path, &tmp).is_err() {
        fs::copy(path, &tmp)?;
    }
    fs::rename(&tmp, &backup)
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable on Unix; directories cannot be opened this way on Windows,
    // where the rename is durable once it returns.
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

// ---- reading ------------------------------------------------------------------------------

/// Loads a project file. The file is only read, never written.
pub fn load(path: &Path) -> Result<Project, ProjectFileError> {
    let text = fs::read_to_string(path).map_err(|source| match source.kind() {
        io::ErrorKind::InvalidData => ProjectFileError::NotAProject {
            path: path.to_owned(),
        },
        _ => ProjectFileError::Io {
            path: path.to_owned(),
            source,
        },
    })?;
    from_ron(&text, path)
}

/// Parses project text read from `path` (used for messages and to resolve the corpus
/// folder).
pub fn from_ron(text: &str, path: &Path) -> Result<Project, ProjectFileError> {
    let header: Header = ron::from_str(text).map_err(|e| damaged(path, &e))?;
    if header.format != FORMAT_NAME || header.version == 0 {
        return Err(ProjectFileError::NotAProject {
            path: path.to_owned(),
        });
    }
    let version = header.version;
    if version > CURRENT_VERSION {
        return Err(ProjectFileError::TooNew {
            path: path.to_owned(),
            found: version,
            supported: CURRENT_VERSION,
        });
    }
    // Version 1 is the first and current format; older versions would be read by their own
    // struct here and migrated step by step.
    let file: FileV1 = ron::from_str(text).map_err(|e| damaged(path, &e))?;
    into_project(file, path)
}

fn damaged(path: &Path, e: &ron::error::SpannedError) -> ProjectFileError {
    ProjectFileError::Damaged {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    }
}

fn into_project(file: FileV1, path: &Path) -> Result<Project, ProjectFileError> {
    let invalid = |message: String| ProjectFileError::Invalid {
        path: path.to_owned(),
        message,
    };
    let dir = parent_dir(path);
    let mut project = Project::new(file.name);
    project.next_id = file.next_id;
    project.corpus_root = (!file.corpus.is_empty()).then(|| {
        let p = PathBuf::from(&file.corpus);
        if p.is_absolute() { p } else { dir.join(p) }
    });
    for d in file.documents {
        project.documents.insert(
            d.path.clone(),
            DocumentRecord {
                path: d.path,
                hash: d.hash,
                title: d.title,
            },
        );
    }
    for t in file.tags {
        let tag = Tag {
            id: t.id,
            name: t.name,
            colour: t.colour,
            description: t.description,
            parent: t.parent,
        };
        if project.tags.insert(tag.id, tag).is_some() {
            return Err(invalid(format!("tag id {} appears twice", t.id)));
        }
    }
    break_parent_cycles(&mut project);
    for a in file.annotations {
        // An annotation whose stored span is impossible is kept as an orphan (its quote,
        // note and tags are what matter), never dropped.
        let orphaned = a.orphaned || a.end <= a.start;
        let annotation = Annotation {
            id: a.id,
            document: a.document,
            anchor: Anchor {
                start: a.start,
                end: a.end.max(a.start),
                quote: a.quote,
                prefix: a.prefix,
                suffix: a.suffix,
            },
            note: a.note,
            // A tag id the codebook lacks (a hand edit gone wrong) is dropped from the list.
            tags: a
                .tags
                .into_iter()
                .filter(|t| project.tags.contains_key(t))
                .collect(),
            created: a.created,
            modified: a.modified,
            orphaned,
        };
        if project
            .annotations
            .insert(annotation.id, annotation)
            .is_some()
        {
            return Err(invalid(format!("annotation id {} appears twice", a.id)));
        }
    }
    Ok(project)
}

/// A hand-edited file could make a tag its own ancestor; such a tag becomes a root.
fn break_parent_cycles(project: &mut Project) {
    let ids: Vec<TagId> = project.tags.keys().copied().collect();
    for id in ids {
        let mut seen = vec![id];
        let mut current = project.tags.get(&id).and_then(|t| t.parent);
        while let Some(p) = current {
            if seen.contains(&p) {
                if let Some(t) = project.tags.get_mut(&id) {
                    t.parent = None;
                }
                break;
            }
            seen.push(p);
            current = project.tags.get(&p).and_then(|t| t.parent);
        }
    }
}

// ---- paths --------------------------------------------------------------------------------

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `target` relative to `base` when both can be resolved (e.g. `../corpus`), else
/// `target` as given (absolute).
pub fn relative_to(target: &Path, base: &Path) -> PathBuf {
    let (Ok(target_abs), Ok(base_abs)) = (target.canonicalize(), base.canonicalize()) else {
        return target.to_owned();
    };
    let t: Vec<Component> = target_abs.components().collect();
    let b: Vec<Component> = base_abs.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return target_abs;
    }
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &t[common..] {
        rel.push(c.as_os_str());
    }
    if rel.as_os_str().is_empty() {
        rel.push(".");
    }
    rel
}

/// A relative path with `/` separators, so that project files move between systems.
fn portable_path(path: &Path) -> String {
    if path.is_absolute() {
        return path.to_string_lossy().into_owned();
    }
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Project {
        let mut p = Project::new("Kremlin talks");
        let t = p.new_tag_id();
        p.tags.insert(
            t,
            Tag {
                id: t,
                name: "Russian bases".into(),
                colour: Rgb::PALETTE[1],
                description: "Hmeimim, Tartus".into(),
                parent: None,
            },
        );
        let a = p.new_annotation_id();
        let at: jiff::Timestamp = "2026-11-28T01:00:00Z".parse().expect("time");
        p.annotations.insert(
            a,
            Annotation {
                id: a,
                document: "news/kremlin.txt".into(),
                anchor: Anchor {
                    start: 10,
                    end: 16,
                    quote: "Ţarţūs".into(),
                    prefix: "port of \"".into(),
                    suffix: "\"\nnext line".into(),
                },
                note: "line one\nline two".into(),
                tags: vec![t],
                created: at,
                modified: at,
                orphaned: false,
            },
        );
        p
    }

    #[test]
    fn text_round_trips_and_is_stable() {
        let dir = Path::new("/nonexistent");
        let p = sample();
        let text = to_ron(&p, dir).expect("ron");
        let back = from_ron(&text, &dir.join("x.dossier.ron")).expect("parse");
        assert_eq!(back, p);
        assert_eq!(to_ron(&back, dir).expect("ron"), text);
        assert!(text.contains("quote: \"Ţarţūs\""), "{text}");
    }

    #[test]
    fn damaged_text_reports_line_and_column() {
        let p = sample();
        let text = to_ron(&p, Path::new(".")).expect("ron");
        let broken = text.replacen("next_id:", "next_id", 1);
        match from_ron(&broken, Path::new("p.dossier.ron")) {
            Err(ProjectFileError::Damaged { line, column, .. }) => {
                let expected_line = broken
                    .lines()
                    .position(|l| l.contains("next_id"))
                    .expect("line")
                    + 1;
                assert_eq!(line, expected_line);
                assert!(column > 0);
            }
            other => panic!("expected Damaged, got {other:?}"),
        }
    }

    #[test]
    fn newer_and_foreign_files_are_refused() {
        let newer = format!("(format: \"{FORMAT_NAME}\", version: 99, name: \"x\", next_id: 1)");
        assert!(matches!(
            from_ron(&newer, Path::new("p.dossier.ron")),
            Err(ProjectFileError::TooNew { found: 99, .. })
        ));
        assert!(matches!(
            from_ron("(width: 3)", Path::new("p.dossier.ron")),
            Err(ProjectFileError::NotAProject { .. })
        ));
    }

    #[test]
    fn a_failed_save_before_rename_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        fs::write(&path, b"old contents").expect("write");
        let err = write_atomically_with(&path, b"new contents", true, |tmp| {
            assert_eq!(fs::read(tmp).expect("temp file"), b"new contents");
            Err(io::Error::other("power cut"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).expect("read"), b"old contents");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("p.dossier.ron")]);
    }

    #[test]
    fn saving_keeps_the_previous_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        write_atomically(&path, b"first", true).expect("first save");
        assert!(!backup_path(&path).exists());
        write_atomically(&path, b"second", true).expect("second save");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        assert_eq!(fs::read(backup_path(&path)).expect("bak"), b"first");
    }

    #[test]
    fn corpus_path_is_stored_relative() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        let projects = dir.path().join("projects");
        fs::create_dir_all(&corpus).expect("mkdir");
        fs::create_dir_all(&projects).expect("mkdir");
        assert_eq!(relative_to(&corpus, &projects), PathBuf::from("../corpus"));
        assert_eq!(relative_to(&corpus, &corpus), PathBuf::from("."));
        let mut p = sample();
        p.corpus_root = Some(corpus.clone());
        let path = projects.join("p.dossier.ron");
        save(&p, &path).expect("save");
        let text = fs::read_to_string(&path).expect("read");
        assert!(text.contains("corpus: \"../corpus\""), "{text}");
        let back = load(&path).expect("load");
        let root = back.corpus_root.expect("root");
        assert_eq!(root.canonicalize().ok(), corpus.canonicalize().ok());
    }
}

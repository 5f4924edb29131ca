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

use std::borrow::Cow;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::conflict_file::{ConflictEntry, conflict_entry, conflict_from_entry};
use super::model::{
    Anchor, Annotation, AnnotationId, DocumentRecord, EarlierQuote, PageRegion, Project, Rgb, Tag,
    TagId,
};
use crate::corpus::ContentHash;
use crate::entities::EntityDictionary;
use crate::fs::{parent_dir, write_atomically};

/// The format version this build writes.
///
/// History: 1, the first format; 2 added `entity_rules` (the user's corrections to entity
/// recognition); 3 added an annotation's `current_quote` (the document's wording at the
/// anchor when it differs from the quote as coded) and `history` (earlier quotes), and the
/// project's `dismissed_conflicts`. A
/// version 2 Dossier would drop those when saving, losing evidence, so the version was
/// bumped: it refuses version 3 files instead. 4 replaced numbered ids (and `next_id`) by
/// UUIDs that are unique across copies of a project (`project::ids`), added an
/// annotation's `coder` and a document's `coded_by`, gave an entity rule or alias the
/// kind of mention it is for (`of`, from a correction in the entity index), rules acting on
/// whole mentions only (a version 3 Dossier would apply "Jordan (Person) is not an entity"
/// to the country too), and added the entity dictionary's `places` (the user's links of a
/// place name to a gazetteer entry, or to none), which a version 3 Dossier would drop.
/// 5 added an annotation's `region` (a box on a page, coded as a region: a version 4
/// Dossier would keep the words inside and drop the box) and the project's
/// `ocr_languages`. Older versions are migrated in [`migrate`].
pub const CURRENT_VERSION: u32 = 5;
/// The value of the `format` field, which tells a Dossier project from other RON files.
pub const FORMAT_NAME: &str = "dossier-project";
/// Project files end with this.
pub const EXTENSION: &str = ".dossier.ron";

/// What can go wrong reading or writing a project file.
#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    /// The file could not be read or written.
    #[error("cannot read or write {path}: {source}")]
    Io {
        /// The project file.
        path: PathBuf,
        /// What the file system said.
        #[source]
        source: io::Error,
    },
    /// The file is not valid RON for a project.
    #[error(
        "{path} is damaged at line {line}, column {column}: {message}. The file was left \
         untouched.{}",
        backup_note(backup.as_deref())
    )]
    Damaged {
        /// The project file.
        path: PathBuf,
        /// Where the damage is: the line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// What the parser said.
        message: String,
        /// The previous version kept beside it (`NAME.dossier.ron.bak`), if there is one.
        backup: Option<PathBuf>,
    },
    /// The file is not a Dossier project.
    #[error("{path} is not a Dossier project file")]
    NotAProject {
        /// The project file.
        path: PathBuf,
    },
    /// The file was written by a newer Dossier.
    #[error(
        "{path} was written by a newer Dossier (project format {found}; this version reads up to \
         {supported}). Update Dossier to open it; the file was left untouched"
    )]
    TooNew {
        /// The project file.
        path: PathBuf,
        /// The file's format version.
        found: u32,
        /// The newest version this Dossier reads.
        supported: u32,
    },
    /// The file parses but contradicts itself.
    #[error("{path} is inconsistent: {message}")]
    Invalid {
        /// The project file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The project could not be turned into RON.
    #[error("cannot write the project: {0}")]
    Serialize(String),
}

/// " Its previous version is in X." when a backup exists.
fn backup_note(backup: Option<&Path>) -> String {
    backup.map_or_else(String::new, |b| {
        format!(" Its previous version is in {}.", b.display())
    })
}

// ---- the on-disk shape (version 3) -------------------------------------------------------

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
struct ProjectFile<'a> {
    format: String,
    version: u32,
    name: String,
    /// The corpus folder, relative to the project file's folder where possible ("" if
    /// none).
    #[serde(default)]
    corpus: String,
    #[serde(default)]
    documents: Vec<DocumentEntry>,
    #[serde(default)]
    tags: Vec<TagEntry>,
    #[serde(default)]
    annotations: Vec<AnnotationEntry<'a>>,
    /// Since version 2.
    #[serde(default)]
    entity_rules: EntityDictionary,
    /// Since version 3: keys of the possible date conflicts the user dismissed.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    dismissed_conflicts: std::collections::BTreeSet<String>,
    /// New in version 4: conflicts a merge recorded and the user has not settled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    merge_conflicts: Vec<ConflictEntry<'a>>,
    /// New in version 5: the languages OCR reads the project's scans in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ocr_languages: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize)]
struct DocumentEntry {
    path: String,
    hash: ContentHash,
    title: String,
    /// The user's own title for the document (an optional field: files without it read as
    /// before, so the format version did not change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    renamed: Option<String>,
    /// Since version 4: the coders who marked the document coded.
    #[serde(default, skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    coded_by: std::collections::BTreeSet<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct TagEntry {
    id: TagId,
    name: String,
    colour: Rgb,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    parent: Option<TagId>,
}

/// Borrowed when written (no copy of 100,000 quotes and notes), owned when read.
#[derive(Serialize, Deserialize)]
pub(super) struct AnnotationEntry<'a> {
    id: AnnotationId,
    document: Cow<'a, str>,
    start: usize,
    end: usize,
    quote: Cow<'a, str>,
    /// Since version 3: the wording at the anchor now, while it differs from `quote`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    current_quote: Option<Cow<'a, str>>,
    #[serde(default)]
    prefix: Cow<'a, str>,
    #[serde(default)]
    suffix: Cow<'a, str>,
    #[serde(default)]
    note: Cow<'a, str>,
    #[serde(default)]
    tags: Vec<TagId>,
    created: jiff::Timestamp,
    modified: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "is_false")]
    orphaned: bool,
    /// Since version 3: earlier quotes, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<EarlierQuoteEntry<'a>>,
    /// Since version 4: who coded it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    coder: Option<Cow<'a, str>>,
    /// Since version 5: the box on a page, for an annotation of a region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<PageRegion>,
}

#[derive(Serialize, Deserialize)]
struct EarlierQuoteEntry<'a> {
    quote: Cow<'a, str>,
    until: jiff::Timestamp,
}

fn is_false(b: &bool) -> bool {
    !*b
}

// ---- writing ------------------------------------------------------------------------------

/// The project as RON text, for a project file in `project_dir`.
///
/// The annotations, which are nearly all of a large file, are written in parallel by
/// [`write_annotation`], several times faster than `ron`'s writer (which escapes strings
/// one char at a time), giving byte for byte what `ron` gives (a test holds it to that).
pub fn to_ron(project: &Project, project_dir: &Path) -> Result<String, ProjectFileError> {
    let mut file = file_without_annotations(project, project_dir);
    let head = pretty(&file, FILE_DEPTH)?;
    let annotations: Vec<&Annotation> = project.annotations.values().collect();
    if let Some(at) = head
        .find(EMPTY_ANNOTATIONS)
        .filter(|_| !annotations.is_empty())
    {
        let chunks = annotations
            .par_chunks(ANNOTATIONS_PER_CHUNK)
            .map(|chunk| {
                let mut out = String::with_capacity(chunk.len() * 512);
                chunk.iter().for_each(|a| write_annotation(&mut out, a));
                out
            })
            .collect::<Vec<String>>();
        let body: usize = chunks.iter().map(String::len).sum();
        let mut text = String::with_capacity(head.len() + body + 16);
        text.push_str(&head[..at]);
        text.push_str(ANNOTATIONS_OPEN);
        chunks.iter().for_each(|c| text.push_str(c));
        text.push_str(ANNOTATIONS_CLOSE);
        text.push_str(&head[at + EMPTY_ANNOTATIONS.len()..]);
        return Ok(text);
    }
    // No annotations (or an unexpected layout): one pass over everything.
    file.annotations = annotations.into_iter().map(annotation_entry).collect();
    pretty(&file, FILE_DEPTH)
}

/// The file's shape of everything but the annotations.
fn file_without_annotations<'a>(project: &'a Project, project_dir: &Path) -> ProjectFile<'a> {
    ProjectFile {
        format: FORMAT_NAME.to_owned(),
        version: CURRENT_VERSION,
        name: project.name.clone(),
        corpus: project
            .corpus_root
            .as_deref()
            .map(|root| portable_path(&relative_to(root, project_dir)))
            .unwrap_or_default(),
        documents: project
            .documents
            .values()
            .map(|d| DocumentEntry {
                path: d.path.clone(),
                hash: d.hash.clone(),
                title: d.title.clone(),
                renamed: d.renamed.clone(),
                coded_by: d.coded_by.clone(),
            })
            .collect(),
        tags: project.tags.values().map(tag_entry).collect(),
        annotations: Vec::new(),
        entity_rules: project.entity_rules.clone(),
        dismissed_conflicts: project.dismissed_conflicts.clone(),
        merge_conflicts: project
            .merge_conflicts
            .values()
            .map(conflict_entry)
            .collect(),
        ocr_languages: project.ocr_languages.clone(),
    }
}

/// The file's structure is pretty-printed to this depth: the file, its lists, their
/// entries; what is deeper (an annotation's tag ids, a colour) stays on one line.
const FILE_DEPTH: usize = 3;
/// How the annotation list looks in the file, empty and full. Strings are written with
/// their line breaks escaped, so these lines can only be the file's own structure.
const EMPTY_ANNOTATIONS: &str = "\n  annotations: [],\n";
const ANNOTATIONS_OPEN: &str = "\n  annotations: [\n";
const ANNOTATIONS_CLOSE: &str = "  ],\n";
const ANNOTATION_START: &str = "\n    (\n";
/// Enough work per task to keep the threads' overhead small.
const ANNOTATIONS_PER_CHUNK: usize = 2048;

/// One annotation entry exactly as `ron`'s pretty-printer writes it at [`FILE_DEPTH`].
fn write_annotation(out: &mut String, a: &Annotation) {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    out.push_str("    (\n");
    let _ = writeln!(out, "      id: \"{}\",", a.id);
    write_str_field(out, "document", &a.document);
    let _ = writeln!(out, "      start: {},", a.anchor.start);
    let _ = writeln!(out, "      end: {},", a.anchor.end);
    write_str_field(out, "quote", &a.anchor.quote);
    if let Some(current) = &a.anchor.current_quote {
        out.push_str("      current_quote: Some(");
        write_str(out, current);
        out.push_str("),\n");
    }
    write_str_field(out, "prefix", &a.anchor.prefix);
    write_str_field(out, "suffix", &a.anchor.suffix);
    write_str_field(out, "note", &a.note);
    out.push_str("      tags: [");
    for (i, tag) in a.tags.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "\"{tag}\"");
    }
    out.push_str("],\n");
    let _ = writeln!(out, "      created: \"{}\",", a.created);
    let _ = writeln!(out, "      modified: \"{}\",", a.modified);
    if a.orphaned {
        out.push_str("      orphaned: true,\n");
    }
    if !a.history.is_empty() {
        // Below the pretty-printing depth: one line, as `ron` writes it.
        out.push_str("      history: [");
        for (i, earlier) in a.history.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str("(quote: ");
            write_str(out, &earlier.quote);
            let _ = write!(out, ", until: \"{}\")", earlier.until);
        }
        out.push_str("],\n");
    }
    if let Some(coder) = &a.coder {
        out.push_str("      coder: Some(");
        write_str(out, coder);
        out.push_str("),\n");
    }
    if let Some(r) = &a.anchor.region {
        // Below the pretty-printing depth: one line, numbers as `ron` writes them.
        let _ = writeln!(
            out,
            "      region: Some((page: {}, x: {}, y: {}, w: {}, h: {})),",
            r.page,
            ron_f32(r.x),
            ron_f32(r.y),
            ron_f32(r.w),
            ron_f32(r.h)
        );
    }
    out.push_str("    ),\n");
}

/// An `f32` as `ron` writes it: Rust's shortest round-trip form, with `.0` on whole numbers.
fn ron_f32(v: f32) -> String {
    format!("{v:?}")
}

/// A string field escaped as `ron` escapes it (`char::escape_debug`, char by char), with a
/// shortcut for the common case of plain printable ASCII, which it leaves as it is.
fn write_str_field(out: &mut String, name: &str, value: &str) {
    out.push_str("      ");
    out.push_str(name);
    out.push_str(": ");
    write_str(out, value);
    out.push_str(",\n");
}

/// A quoted string as `ron` writes it.
fn write_str(out: &mut String, value: &str) {
    out.push('"');
    let plain = value
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && !matches!(b, b'"' | b'\'' | b'\\'));
    if plain {
        out.push_str(value);
    } else {
        out.extend(value.chars().flat_map(char::escape_debug));
    }
    out.push('"');
}

pub(super) fn tag_entry(t: &Tag) -> TagEntry {
    TagEntry {
        id: t.id,
        name: t.name.clone(),
        colour: t.colour,
        description: t.description.clone(),
        parent: t.parent,
    }
}

pub(super) fn annotation_entry(a: &Annotation) -> AnnotationEntry<'_> {
    AnnotationEntry {
        id: a.id,
        document: Cow::Borrowed(&a.document),
        start: a.anchor.start,
        end: a.anchor.end,
        quote: Cow::Borrowed(&a.anchor.quote),
        current_quote: a.anchor.current_quote.as_deref().map(Cow::Borrowed),
        prefix: Cow::Borrowed(&a.anchor.prefix),
        suffix: Cow::Borrowed(&a.anchor.suffix),
        note: Cow::Borrowed(&a.note),
        tags: a.tags.clone(),
        created: a.created,
        modified: a.modified,
        orphaned: a.orphaned,
        history: a
            .history
            .iter()
            .map(|h| EarlierQuoteEntry {
                quote: Cow::Borrowed(&h.quote),
                until: h.until,
            })
            .collect(),
        coder: a.coder.as_deref().map(Cow::Borrowed),
        region: a.anchor.region,
    }
}

/// Dossier's pretty-printing: two-space indents, `\n`, no struct names, a final newline.
fn pretty<T: Serialize>(value: &T, depth: usize) -> Result<String, ProjectFileError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("  ")
        .new_line("\n")
        .struct_names(false)
        .depth_limit(depth);
    let mut text = ron::ser::to_string_pretty(value, config)
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

pub use crate::fs::backup_path;

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
    let file = match parse_in_parallel(text, PARALLEL_PARSE_BYTES) {
        Some(file) => file,
        None => match ron::from_str::<ProjectFile>(text) {
            Ok(file) => file,
            // Say why in the most useful terms: not a project, too new, or where it broke.
            Err(error) => {
                return Err(match ron::from_str::<Header>(text) {
                    Ok(header) => refuse(&header, path).unwrap_or_else(|| damaged(path, &error)),
                    Err(_) => damaged(path, &error),
                });
            }
        },
    };
    let header = Header {
        format: file.format.clone(),
        version: file.version,
    };
    if let Some(refusal) = refuse(&header, path) {
        return Err(refusal);
    }
    into_project(migrate(file, header.version), path)
}

/// Why a file with this header cannot be read, if it cannot.
fn refuse(header: &Header, path: &Path) -> Option<ProjectFileError> {
    if header.format != FORMAT_NAME || header.version == 0 {
        return Some(ProjectFileError::NotAProject {
            path: path.to_owned(),
        });
    }
    (header.version > CURRENT_VERSION).then(|| ProjectFileError::TooNew {
        path: path.to_owned(),
        found: header.version,
        supported: CURRENT_VERSION,
    })
}

/// Files smaller than this are parsed in one pass.
const PARALLEL_PARSE_BYTES: usize = 1 << 20;

/// Parses a file laid out as [`to_ron`] writes it with its annotation list cut into pieces
/// of about `chunk_bytes`, parsed in parallel. `None` when the layout is not found or any
/// piece does not parse: the caller then parses the whole text in one pass, which also
/// gives the line and column of an error. A cut that fell inside a string or a comment (a
/// hand-edited file) leaves it unterminated in its piece, so it fails and falls back too;
/// so does a file whose text around the list is not exactly as Dossier writes it.
fn parse_in_parallel(text: &str, chunk_bytes: usize) -> Option<ProjectFile<'static>> {
    if text.len() < chunk_bytes {
        return None;
    }
    let open = text.find(ANNOTATIONS_OPEN)?;
    let body_start = open + ANNOTATIONS_OPEN.len();
    let close = format!("\n{ANNOTATIONS_CLOSE}");
    let body_end = body_start + text[body_start..].find(&close)? + 1;
    let body = &text[body_start..body_end];
    let rest = [
        &text[..open],
        EMPTY_ANNOTATIONS,
        &text[body_end + ANNOTATIONS_CLOSE.len()..],
    ]
    .concat();
    let mut pieces = Vec::new();
    let mut from = 0;
    while from < body.len() {
        let mut to = (from + chunk_bytes).min(body.len());
        if to < body.len() {
            // Cut just before the next entry's opening line (searched in bytes: `to` may
            // fall inside a character; what is found starts with '\n', a boundary).
            match memchr::memmem::find(&body.as_bytes()[to..], ANNOTATION_START.as_bytes()) {
                Some(i) => to += i + 1,
                None => to = body.len(),
            }
        }
        pieces.push(&body[from..to]);
        from = to;
    }
    // Each cut must fall between two entries of the list, after the comma that a one-pass
    // parse would require there.
    let (last, cut) = pieces.split_last()?;
    if last.is_empty() || !cut.iter().all(|p| p.trim_end().ends_with(',')) {
        return None;
    }
    let (file, entries) = rayon::join(
        || {
            // The rest must be exactly what Dossier writes: then the list found above is the
            // file's own (not one inside a comment or another field of a hand-edited file).
            let file = ron::from_str::<ProjectFile>(&rest).ok()?;
            (pretty(&file, FILE_DEPTH).ok()? == rest).then_some(file)
        },
        || {
            pieces
                .par_iter()
                .map(|piece| {
                    ron::from_str::<Vec<AnnotationEntry>>(&["[", piece, "]"].concat()).ok()
                })
                .collect::<Option<Vec<_>>>()
        },
    );
    let mut file = file?;
    file.annotations = entries?.into_iter().flatten().collect();
    Some(file)
}

/// Brings a file read as version `from` up to [`CURRENT_VERSION`], one step at a time.
/// Every version so far only added fields with defaults, so each step reads the old file
/// with today's struct and fills in what the old version could not say.
fn migrate(mut file: ProjectFile<'_>, from: u32) -> ProjectFile<'_> {
    if from < 2 {
        // Version 1 had no entity dictionary: start with an empty one.
        file.entity_rules = EntityDictionary::default();
    }
    if from < 3 {
        // Versions 1 and 2 rewrote a quote whose wording changed (the coded wording was
        // lost then, except in the `.bak`); each quote they stored is taken as coded, with
        // no current wording and no history. Re-anchoring on open records any difference.
        for a in &mut file.annotations {
            a.current_quote = None;
            a.history.clear();
        }
    }
    if from < 4 {
        migrate_numbered_ids(&mut file);
        // Rules of versions 2 and 3 name no kind: they stay rules for mentions of any kind
        // (what they were written for), now acting on whole mentions only, so a rule on
        // "ISIL" no longer breaks "Counter ISIL Coalition".
        for e in &mut file.entity_rules.phrases {
            e.of = None;
        }
        for e in &mut file.entity_rules.aliases {
            e.of = None;
        }
    }
    // Version 4 added the dictionary's place entries; older files have none (the default).
    file.version = CURRENT_VERSION;
    file
}

/// Gives the numbered ids of a file before version 4 their UUIDs (`project::ids`): the same
/// in every copy of the file, different in another project. A tag's id is salted with the
/// project's name (tags have nothing else that never changes), an annotation's with its
/// document and creation time; the tags an annotation or a tag refers to are renamed alike.
fn migrate_numbered_ids(file: &mut ProjectFile<'_>) {
    use super::ids::{legacy_number, migrated};
    let name = file.name.clone();
    let tag = |id: TagId| match legacy_number(id.0) {
        Some(n) => TagId(migrated(n, &format!("tag {n} of {name}"))),
        None => id,
    };
    for t in &mut file.tags {
        t.id = tag(t.id);
        t.parent = t.parent.map(tag);
    }
    for a in &mut file.annotations {
        if let Some(n) = legacy_number(a.id.0) {
            let salt = format!("annotation {n} of {} made {}", a.document, a.created);
            a.id = AnnotationId(migrated(n, &salt));
        }
        for t in &mut a.tags {
            *t = tag(*t);
        }
    }
}

fn damaged(path: &Path, e: &ron::error::SpannedError) -> ProjectFileError {
    let backup = backup_path(path);
    ProjectFileError::Damaged {
        path: path.to_owned(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
        backup: backup.is_file().then_some(backup),
    }
}

fn into_project(file: ProjectFile<'_>, path: &Path) -> Result<Project, ProjectFileError> {
    let invalid = |message: String| ProjectFileError::Invalid {
        path: path.to_owned(),
        message,
    };
    let dir = parent_dir(path);
    let mut project = Project::new(file.name);
    project.entity_rules = file.entity_rules;
    project.dismissed_conflicts = file.dismissed_conflicts;
    // Language codes are passed to Tesseract as arguments: keep only plain ones.
    project.ocr_languages = file.ocr_languages.map(|codes| {
        codes
            .into_iter()
            .filter(|c| super::model::is_language_code(c))
            .collect()
    });
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
                renamed: d.renamed,
                coded_by: d.coded_by,
            },
        );
    }
    for t in file.tags {
        let tag = tag_from_entry(t);
        if let Some(old) = project.tags.insert(tag.id, tag) {
            return Err(invalid(format!("tag id {} appears twice", old.id)));
        }
    }
    break_parent_cycles(&mut project);
    for a in file.annotations {
        let annotation = annotation_from_entry(a, &project);
        if let Some(old) = project.annotations.insert(annotation.id, annotation) {
            return Err(invalid(format!("annotation id {} appears twice", old.id)));
        }
    }
    for entry in file.merge_conflicts {
        let conflict = conflict_from_entry(entry, &project);
        if let Some(old) = project.merge_conflicts.insert(conflict.id, conflict) {
            return Err(invalid(format!(
                "merge conflict id {} appears twice",
                old.id
            )));
        }
    }
    Ok(project)
}

pub(super) fn tag_from_entry(t: TagEntry) -> Tag {
    Tag {
        id: t.id,
        name: t.name,
        colour: t.colour,
        description: t.description,
        parent: t.parent,
    }
}

/// The annotation an entry describes, in `project` (whose codebook is read already).
pub(super) fn annotation_from_entry(a: AnnotationEntry<'_>, project: &Project) -> Annotation {
    // An annotation whose stored span is impossible is kept as an orphan (its quote, note
    // and tags are what matter), never dropped.
    // A region's box must be finite and not empty, else the region is dropped; a region
    // may hold no words (an empty span at its page's first char).
    let region = a.region.and_then(|r| PageRegion::new(r.page, r.rect()));
    let orphaned = a.orphaned || a.end < a.start || (a.end == a.start && region.is_none());
    Annotation {
        id: a.id,
        document: a.document.into_owned(),
        anchor: Anchor {
            start: a.start,
            end: a.end.max(a.start),
            // A current wording equal to the quote says nothing (a hand edit).
            current_quote: a
                .current_quote
                .map(Cow::into_owned)
                .filter(|c| *c != a.quote),
            quote: a.quote.into_owned(),
            prefix: a.prefix.into_owned(),
            suffix: a.suffix.into_owned(),
            region,
        },
        note: a.note.into_owned(),
        // A tag id the codebook lacks (a hand edit gone wrong) is dropped from the list.
        tags: a
            .tags
            .into_iter()
            .filter(|t| project.tags.contains_key(t))
            .collect(),
        created: a.created,
        modified: a.modified,
        orphaned,
        history: a
            .history
            .into_iter()
            .map(|h| EarlierQuote {
                quote: h.quote.into_owned(),
                until: h.until,
            })
            .collect(),
        coder: a
            .coder
            .map(Cow::into_owned)
            .filter(|c| !c.trim().is_empty()),
    }
}

/// A hand-edited file could make a tag its own ancestor, or nest tags absurdly deep (the
/// codebook tree, exports and the window walk the hierarchy recursively): a tag whose chain
/// of parents loops or runs deeper than [`MAX_TAG_DEPTH`] becomes a root. Walks are
/// bounded, so this is linear in the number of tags.
pub(super) fn break_parent_cycles(project: &mut Project) {
    let ids: Vec<TagId> = project.tags.keys().copied().collect();
    for id in ids {
        let mut current = project.tags.get(&id).and_then(|t| t.parent);
        let mut depth = 0;
        while let Some(p) = current {
            depth += 1;
            if p == id || depth > MAX_TAG_DEPTH {
                if let Some(t) = project.tags.get_mut(&id) {
                    t.parent = None;
                }
                break;
            }
            current = project.tags.get(&p).and_then(|t| t.parent);
        }
    }
}

/// Far deeper than any real codebook (they have two to four levels).
pub const MAX_TAG_DEPTH: usize = 64;

// ---- paths --------------------------------------------------------------------------------

/// `target` relative to `base` when both can be resolved (e.g. `../corpus`), else
/// `target` as given (absolute).
pub fn relative_to(target: &Path, base: &Path) -> PathBuf {
    let (Ok(target_abs), Ok(base_abs)) = (target.canonicalize(), base.canonicalize()) else {
        // A folder missing on this machine (a project merged where its corpus is not
        // checked out): a path read relative to the project's folder stays relative, as it
        // was written, instead of becoming this machine's absolute path.
        return match target.strip_prefix(base) {
            Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
            Ok(rest) => rest.to_owned(),
            Err(_) => target.to_owned(),
        };
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
                    current_quote: Some("Tartus".into()),
                    region: None,
                },
                note: "line one\nline two".into(),
                tags: vec![t],
                created: at,
                modified: at,
                orphaned: false,
                history: vec![EarlierQuote {
                    quote: "the port \"Tartous\"".into(),
                    until: at,
                }],
                coder: Some("Ana \"Lu\" Pérez".into()),
            },
        );
        p.dismissed_conflicts
            .insert("fall: Damascus, \"Assad\"".to_owned());
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
        assert!(text.contains("current_quote: Some(\"Tartus\")"), "{text}");
    }

    /// A project file as a Dossier of `version` wrote it (numbered ids, `next_id`), with
    /// what that version could say: a tag under another, an annotation with both tags.
    fn earlier_file(version: u32) -> String {
        let rules = if version >= 2 {
            "  entity_rules: (),\n"
        } else {
            ""
        };
        let current = if version >= 3 {
            "      current_quote: Some(\"Tartus\"),\n"
        } else {
            ""
        };
        format!(
            "(\n  format: \"dossier-project\",\n  version: {version},\n  name: \"study\",\n  \
             corpus: \"\",\n  next_id: 4,\n  documents: [],\n  tags: [\n    (\n      id: 1,\n      \
             name: \"Russia\",\n      colour: \"#e64a19\",\n    ),\n    (\n      id: 2,\n      \
             name: \"Bases\",\n      colour: \"#1e88e5\",\n      parent: Some(1),\n    ),\n  ],\n  \
             annotations: [\n    (\n      id: 3,\n      document: \"news/kremlin.txt\",\n      \
             start: 10,\n      end: 16,\n      quote: \"Ţarţūs\",\n{current}      prefix: \"\",\n      \
             suffix: \"\",\n      note: \"n\",\n      tags: [1, 2],\n      \
             created: \"2026-11-28T01:00:00Z\",\n      modified: \"2026-11-28T01:00:00Z\",\n    \
             ),\n  ],\n{rules})\n"
        )
    }

    #[test]
    fn every_earlier_version_reads_with_ids_that_survive_copies() {
        let dir = Path::new("/nonexistent");
        let path = dir.join("x.dossier.ron");
        // The versions with numbered ids (4 brought UUIDs).
        for version in 1..4 {
            let text = earlier_file(version);
            let p = from_ron(&text, &path).unwrap_or_else(|e| panic!("version {version}: {e}"));
            // The same file read twice (two copies of it) gives the same ids.
            assert_eq!(
                from_ron(&text, &path).expect("again"),
                p,
                "version {version}"
            );
            let russia = p.tag_by_name("Russia").expect("tag").id;
            let bases = p.tag_by_name("Bases").expect("tag");
            assert_eq!(bases.parent, Some(russia), "version {version}");
            assert_eq!(russia.0.get_version_num(), 7);
            let a = p.annotations.values().next().expect("annotation");
            assert_eq!(a.tags, [russia, bases.id], "version {version}");
            assert_eq!(
                (a.anchor.quote.as_str(), a.coder.as_deref()),
                ("Ţarţūs", None)
            );
            // Versions before 3 rewrote quotes: what they stored is taken as coded.
            assert_eq!(a.anchor.current_quote.is_some(), version >= 3);
            // Saved again, it is a file of today's version with UUIDs and no counter.
            let saved = to_ron(&p, dir).expect("ron");
            assert!(saved.contains(&format!("version: {CURRENT_VERSION},")));
            assert!(saved.contains(&format!("id: \"{}\",", a.id)), "{saved}");
            assert!(!saved.contains("next_id"), "{saved}");
            assert_eq!(from_ron(&saved, &path).expect("reads back"), p);
            // Another project's tag 1 is another tag.
            let other = from_ron(&text.replace("\"study\"", "\"other\""), &path).expect("p");
            assert!(!other.tags.contains_key(&russia));
        }
    }

    #[test]
    fn a_version_3_file_keeps_its_entity_rules_for_every_kind() {
        use crate::entities::{EntityKind, PhraseRule};
        let dir = Path::new("/nonexistent");
        let text = "(format: \"dossier-project\", version: 3, name: \"x\", next_id: 1, \
                    entity_rules: (phrases: [(phrase: \"ISIL\", rule: Always(ORG))], \
                    aliases: [(alias: \"Daesh\", canonical: \"ISIL\")]))";
        let back = from_ron(text, &dir.join("x.dossier.ron")).expect("version 3 reads");
        let rules = &back.entity_rules;
        assert_eq!(rules.phrases.len(), 1);
        assert_eq!(rules.phrases[0].of, None);
        assert_eq!(
            rules.rule("isil"),
            Some(PhraseRule::Always(EntityKind::Org))
        );
        assert_eq!(rules.canonical_of("Daesh", EntityKind::Loc), Some("ISIL"));
        // Saved again it is a file of today's version, and a rule made for a kind says so.
        let mut p = back.clone();
        p.entity_rules
            .set_rule_of("ISIL", Some(EntityKind::Loc), PhraseRule::Never);
        let saved = to_ron(&p, dir).expect("ron");
        assert!(
            saved.contains(&format!("version: {CURRENT_VERSION},")),
            "{saved}"
        );
        assert!(saved.contains("of: Some(LOC)"), "{saved}");
        let again = from_ron(&saved, &dir.join("x.dossier.ron")).expect("parse");
        assert_eq!(again.entity_rules, p.entity_rules);
    }

    #[test]
    fn damaged_text_reports_line_and_column() {
        let p = sample();
        let text = to_ron(&p, Path::new(".")).expect("ron");
        let broken = text.replacen("corpus:", "corpus", 1);
        match from_ron(&broken, Path::new("p.dossier.ron")) {
            Err(ProjectFileError::Damaged { line, column, .. }) => {
                let expected_line = broken
                    .lines()
                    .position(|l| l.contains("corpus"))
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
    fn corpus_path_is_stored_relative() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        let projects = dir.path().join("projects");
        fs::create_dir_all(&corpus).expect("mkdir");
        fs::create_dir_all(&projects).expect("mkdir");
        assert_eq!(relative_to(&corpus, &projects), PathBuf::from("../corpus"));
        assert_eq!(relative_to(&corpus, &corpus), PathBuf::from("."));
        // A corpus that is not there (not checked out): still relative, as it was read.
        let missing = projects.join("../elsewhere");
        assert_eq!(
            relative_to(&missing, &projects),
            PathBuf::from("../elsewhere")
        );
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

    /// Many annotations whose strings hold everything `ron` escapes: quotes, backslashes,
    /// line breaks, control and format characters, combining marks, other scripts.
    fn tricky() -> Project {
        let mut p = sample();
        let tag = *p.tags.keys().next().expect("tag");
        let pieces = [
            "plain words",
            "it's",
            "\"quoted\"",
            "back\\slash",
            "line\nbreak",
            "tab\there",
            "cr\r",
            "nul\0",
            "e\u{301}",
            "Ţarţūs",
            "دمشق",
            "Москва",
            "\u{200f}rtl",
            "\u{feff}",
            "\u{1f600}",
            "\u{e000}",
            "#",
            "r#\"raw\"#",
            "",
        ];
        for i in 0..300usize {
            let id = p.new_annotation_id();
            let pick = |k: usize| pieces[(i * 7 + k * 3) % pieces.len()];
            let at =
                jiff::Timestamp::from_nanosecond(1_790_000_000_000_000_000 + i as i128 * 1_234_567)
                    .expect("time");
            p.annotations.insert(
                id,
                Annotation {
                    id,
                    document: format!("folder {}/{}.txt", i % 5, pick(0)),
                    anchor: Anchor {
                        start: i,
                        end: i + 5,
                        quote: [pick(1), pick(2)].concat(),
                        prefix: pick(3).into(),
                        suffix: pick(4).into(),
                        current_quote: (i % 3 == 1).then(|| [pick(2), pick(1), "x"].concat()),
                        // Boxes with whole, fractional, tiny and large numbers.
                        region: (i % 5 == 2).then(|| PageRegion {
                            page: i as u32 % 7,
                            x: i as f32 * 0.37,
                            y: 612.0 - i as f32,
                            w: 1.0 / (1.0 + i as f32),
                            h: 1.0e7 + i as f32 * 3.25,
                        }),
                    },
                    note: [pick(5), " ", pick(6)].concat(),
                    tags: (0..i % 3).map(|_| tag).collect(),
                    created: at,
                    modified: at,
                    orphaned: i % 4 == 0,
                    history: (0..i % 3)
                        .map(|k| EarlierQuote {
                            quote: [pick(k + 7), pick(k + 8)].concat(),
                            until: at,
                        })
                        .collect(),
                    coder: (i % 2 == 0).then(|| [pick(9), "\"coder"].concat()),
                },
            );
        }
        p
    }

    #[test]
    fn a_region_and_the_ocr_languages_survive_saving() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        let mut p = tricky();
        p.ocr_languages = Some(vec!["eng".into(), "ara".into()]);
        save(&p, &path).expect("save");
        let back = load(&path).expect("load");
        assert_eq!(back.ocr_languages, p.ocr_languages);
        let regions = |p: &Project| {
            p.annotations
                .values()
                .filter_map(|a| a.anchor.region.map(|r| (a.id, r)))
                .collect::<Vec<_>>()
        };
        assert_eq!(regions(&back), regions(&p));
        assert_eq!(regions(&p).len(), 60);
    }

    #[test]
    fn a_region_without_words_is_kept_and_a_broken_box_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        let mut p = sample();
        let id = p.new_annotation_id();
        let at = jiff::Timestamp::UNIX_EPOCH;
        let photo = Anchor {
            start: 40,
            end: 40,
            quote: String::new(),
            prefix: String::new(),
            suffix: String::new(),
            current_quote: None,
            region: PageRegion::new(
                1,
                crate::corpus::layout::PageRect {
                    x: 10.0,
                    y: 20.0,
                    w: 300.5,
                    h: 200.25,
                },
            ),
        };
        let a = Annotation {
            id,
            document: "scan.pdf".into(),
            anchor: photo,
            note: "a photograph".into(),
            tags: Vec::new(),
            created: at,
            modified: at,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        };
        p.annotations.insert(id, a.clone());
        save(&p, &path).expect("save");
        let text = fs::read_to_string(&path).expect("read");
        assert!(
            text.contains("region: Some((page: 1, x: 10.0, y: 20.0, w: 300.5, h: 200.25)),"),
            "{text}"
        );
        let back = load(&path).expect("load");
        assert_eq!(back.annotations.get(&id), Some(&a));
        // A box of no width (a hand edit) leaves an empty span: kept, as an orphan.
        let broken = text.replace("w: 300.5", "w: 0.0");
        let back = from_ron(&broken, &path).expect("read");
        let got = back.annotations.get(&id).expect("kept");
        assert!(got.orphaned && got.anchor.region.is_none());
        assert_eq!(got.note, "a photograph");
    }

    #[test]
    fn annotations_are_written_exactly_as_ron_writes_them() {
        let dir = Path::new("/nonexistent");
        let p = tricky();
        let mut file = file_without_annotations(&p, dir);
        file.annotations = p.annotations.values().map(annotation_entry).collect();
        let reference = pretty(&file, FILE_DEPTH).expect("ron");
        assert_eq!(to_ron(&p, dir).expect("ron"), reference);
        let back = from_ron(&reference, &dir.join("x.dossier.ron")).expect("parse");
        assert_eq!(back, p);
    }

    #[test]
    fn a_large_file_parses_in_pieces_as_in_one_pass() {
        let dir = Path::new("/nonexistent");
        let p = tricky();
        let text = to_ron(&p, dir).expect("ron");
        let path = dir.join("x.dossier.ron");
        let pieces = parse_in_parallel(&text, 500).expect("canonical layout");
        let one_pass: ProjectFile = ron::from_str(&text).expect("one pass");
        assert_eq!(pieces.annotations.len(), one_pass.annotations.len());
        let pieces = into_project(migrate(pieces, CURRENT_VERSION), &path).expect("project");
        let one_pass = into_project(migrate(one_pass, CURRENT_VERSION), &path).expect("project");
        assert_eq!(pieces, p);
        assert_eq!(one_pass, p);
    }

    #[test]
    fn a_commented_out_list_or_a_missing_comma_is_read_as_one_pass_reads_it() {
        let dir = Path::new("/nonexistent");
        let path = dir.join("x.dossier.ron");
        let text = to_ron(&tricky(), dir).expect("ron");
        // The whole list commented out: a one-pass parse sees no annotations.
        let open = text.find(ANNOTATIONS_OPEN).expect("list") + 1;
        let close = open + text[open..].find("\n  ],\n").expect("end") + "\n  ],\n".len();
        let commented = [
            &text[..open],
            "  /*\n",
            &text[open..close],
            "  */\n",
            &text[close..],
        ]
        .concat();
        assert!(parse_in_parallel(&commented, 500).is_none());
        assert!(
            from_ron(&commented, &path)
                .expect("one pass")
                .annotations
                .is_empty()
        );
        // A comma missing between two entries is an error, wherever the pieces are cut.
        let broken = text.replacen("),\n    (\n", ")\n    (\n", 1);
        assert!(parse_in_parallel(&broken, 1).is_none());
        assert!(matches!(
            from_ron(&broken, &path),
            Err(ProjectFileError::Damaged { .. })
        ));
    }

    #[test]
    fn a_cut_inside_a_hand_edited_string_falls_back_to_one_pass() {
        let dir = Path::new("/nonexistent");
        let p = tricky();
        let text = to_ron(&p, dir).expect("ron");
        // A note typed by hand over several lines, one of which looks like an entry's start.
        let edited = text.replacen("note: \"", "note: \"by hand\n    (\n    ),\n  ],\n", 1);
        assert!(parse_in_parallel(&edited, 1).is_none());
        let back = from_ron(&edited, &dir.join("x.dossier.ron")).expect("one pass");
        assert_eq!(back.annotations.len(), p.annotations.len());
        assert!(
            back.annotations
                .values()
                .any(|a| a.note.starts_with("by hand\n    (\n"))
        );
    }

    #[test]
    fn ids_that_are_not_uuids_or_too_large_are_reported_as_damage() {
        let dir = Path::new("/nonexistent");
        let path = dir.join("x.dossier.ron");
        let old = earlier_file(3);
        assert!(from_ron(&old, &path).is_ok());
        let project = sample();
        let text = to_ron(&project, dir).expect("ron");
        let tag_id = project
            .tags
            .keys()
            .next()
            .map(ToString::to_string)
            .expect("tag");
        for (text, from, to) in [
            (&old, "id: 2,", "id: 18446744073709551615,"),
            (&old, "id: 2,", "id: -2,"),
            (&text, tag_id.as_str(), "not-a-uuid"),
        ] {
            assert!(text.contains(from), "{text}");
            let edited = text.replacen(from, to, 1);
            let error = from_ron(&edited, &path).expect_err("refused");
            assert!(matches!(error, ProjectFileError::Damaged { .. }), "{error}");
        }
    }

    #[test]
    fn looping_or_absurdly_deep_tag_parents_are_cut() {
        let mut p = Project::new("codebook");
        let ids: Vec<TagId> = (0..200).map(|_| p.new_tag_id()).collect();
        for (i, id) in ids.iter().enumerate() {
            // 0..=99: a chain, each the child of the next; 100 and 101 each other's parent.
            let parent = match i {
                0..=98 => Some(ids[i + 1]),
                100 => Some(ids[101]),
                101 => Some(ids[100]),
                _ => None,
            };
            let tag = Tag {
                id: *id,
                name: format!("t{i}"),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent,
            };
            p.tags.insert(*id, tag);
        }
        break_parent_cycles(&mut p);
        for id in &ids {
            let mut depth = 0;
            let mut current = p.tags[id].parent;
            while let Some(parent) = current {
                depth += 1;
                assert!(
                    depth <= MAX_TAG_DEPTH,
                    "tag {id:?} is still too deep or in a loop"
                );
                current = p.tags[&parent].parent;
            }
        }
        // Reasonable nesting is kept.
        assert_eq!(p.tags[&ids[98]].parent, Some(ids[99]));
        assert_eq!(p.tags.len(), 200);
    }
}

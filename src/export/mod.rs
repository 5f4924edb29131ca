//! Exports: a project's annotations in the formats other people and programs read.
//!
//! One module per format, all behind one entry point, [`write`] (File > Export in the
//! window and `dossier export` both call it), or [`render`] for the bytes alone:
//!
//! * [`ExportFormat::Csv`]: one row per annotation, for spreadsheets;
//! * [`ExportFormat::Markdown`] and [`ExportFormat::Html`]: a report grouped by tag in
//!   codebook order, with quotes, document references and notes;
//! * [`ExportFormat::W3c`]: W3C Web Annotation JSON-LD;
//! * [`ExportFormat::Qdpx`]: a REFI-QDA project, which NVivo, ATLAS.ti, MAXQDA and
//!   QualCoder import (the way back is [`crate::import::qdpx`]).
//!
//! Every format is built from the same [`Context`]: each annotation paired with its
//! document, page and tag paths, and *checked*: an annotation is exported at its position
//! only when its quote is really there in the current text. One that is not (an orphan,
//! or a project that was not re-anchored against this corpus) is exported as an orphan,
//! by its quote alone, and says so in [`ExportSummary::warnings`]; positions in an export
//! are never wrong. Exports are deterministic: the same project and corpus give the same
//! bytes, so that re-exports diff cleanly.

pub(crate) mod csv;
mod html;
mod markdown;
pub mod qdpx;
mod region_image;
mod report;
mod table_quote;
mod w3c;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::{Corpus, Document};
use crate::project::{Annotation, Project, TagId};

/// The export formats (on the command line by [`ExportFormat::name`] or extension).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// One row per annotation, for spreadsheets.
    Csv,
    /// The Markdown report.
    #[value(alias = "md")]
    Markdown,
    /// The HTML report, one self-contained file.
    Html,
    /// W3C Web Annotations, as JSON-LD.
    #[value(alias = "jsonld")]
    W3c,
    /// A REFI-QDA project, for other qualitative-analysis software.
    Qdpx,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [Self; 5] = [Self::Csv, Self::Markdown, Self::Html, Self::W3c, Self::Qdpx];

    /// The short name used on the command line (`csv`, `markdown`, `html`, `w3c`, `qdpx`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Markdown => "markdown",
            Self::Html => "html",
            Self::W3c => "w3c",
            Self::Qdpx => "qdpx",
        }
    }

    /// A menu label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Csv => "CSV spreadsheet",
            Self::Markdown => "Markdown report",
            Self::Html => "HTML report",
            Self::W3c => "W3C Web Annotations (JSON-LD)",
            Self::Qdpx => "REFI-QDA project (QDPX)",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Markdown => "md",
            Self::Html => "html",
            Self::W3c => "jsonld",
            Self::Qdpx => "qdpx",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an export failed. Nothing is written at `out` when this is returned (the previous
/// file there, if any, is untouched).
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    /// The file could not be written.
    Io {
        /// Where the export was to go.
        path: PathBuf,
        #[source]
        /// What the file system said.
        source: std::io::Error,
    },
    #[error("cannot build the {format} export: {message}")]
    /// The export could not be put together in memory.
    Build {
        /// The format being built.
        format: ExportFormat,
        /// What went wrong.
        message: String,
    },
}

impl ExportError {
    pub(crate) fn build(format: ExportFormat, message: impl fmt::Display) -> Self {
        Self::Build {
            format,
            message: message.to_string(),
        }
    }
}

/// An export in memory.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// What the export holds.
    pub summary: ExportSummary,
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// The format written.
    pub format: ExportFormat,
    /// The file written (empty for [`render`]).
    pub path: PathBuf,
    /// Size of the file, in bytes.
    pub bytes: u64,
    /// Annotations exported (orphans included, where the format has room for them).
    pub annotations: usize,
    /// Of those, how many are orphans (exported by their quote, without a position).
    pub orphaned: usize,
    /// Documents in the export (for `qdpx`: text sources written).
    pub documents: usize,
    /// Tags in the export.
    pub tags: usize,
    /// Things the reader should know: annotations exported as orphans because their
    /// passage is not at its stored position, annotations a format had to leave out.
    pub warnings: Vec<String>,
}

/// Exports `project`'s annotations over `corpus` as `format` to `out`, atomically (a
/// temporary file renamed over `out`; no backup is kept of a previous export).
///
/// The project should have been re-anchored against `corpus` (`project::reconcile`);
/// annotations whose passage is not where they say are exported as orphans and listed in
/// the summary's warnings.
pub fn write(
    format: ExportFormat,
    project: &Project,
    corpus: &Corpus,
    out: &Path,
) -> Result<ExportSummary, ExportError> {
    let rendered = render(format, project, corpus)?;
    crate::fs::write_atomically(out, &rendered.bytes, false).map_err(|source| ExportError::Io {
        path: out.to_owned(),
        source,
    })?;
    Ok(ExportSummary {
        path: out.to_owned(),
        ..rendered.summary
    })
}

/// The folder to suggest for an export: beside the project file when that is outside the
/// corpus, else the corpus's `exports/` folder, which the loader never reads (so that a
/// report does not come back as a document on the next open). `None` without either.
pub fn suggested_folder(
    project_file: Option<&Path>,
    corpus_root: Option<&Path>,
) -> Option<PathBuf> {
    let project_folder = project_file
        .and_then(Path::parent)
        .filter(|p| !p.as_os_str().is_empty());
    let exports = || corpus_root.map(|root| root.join(crate::corpus::own_export::EXPORTS_FOLDER));
    match (project_folder, corpus_root) {
        (Some(folder), Some(root)) if is_within(folder, root) => exports(),
        (Some(folder), _) => Some(folder.to_owned()),
        (None, _) => exports(),
    }
}

/// True when `path` is `folder` or inside it (compared as canonical paths when they exist).
pub fn is_within(path: &Path, folder: &Path) -> bool {
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_owned());
    let folder = canonical(folder);
    // A file not written yet: its folder is what exists.
    let path = match path.canonicalize() {
        Ok(p) => p,
        Err(_) => match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                canonical(parent).join(name)
            }
            _ => canonical(path),
        },
    };
    path.starts_with(&folder)
}

/// Builds the export in memory (see [`write`]).
pub fn render(
    format: ExportFormat,
    project: &Project,
    corpus: &Corpus,
) -> Result<Rendered, ExportError> {
    let mut context = Context::new(project, corpus);
    let bytes = match format {
        ExportFormat::Csv => csv::render(&context)?,
        ExportFormat::Markdown => markdown::render(&context).into_bytes(),
        ExportFormat::Html => html::render(&context).into_bytes(),
        ExportFormat::W3c => w3c::render(&context)?,
        ExportFormat::Qdpx => qdpx::render(&mut context)?,
    };
    let summary = ExportSummary {
        format,
        path: PathBuf::new(),
        bytes: bytes.len() as u64,
        annotations: context.exported.unwrap_or(context.items.len()),
        orphaned: if context.orphans_left_out {
            0
        } else {
            context.items.iter().filter(|i| i.is_orphan()).count()
        },
        documents: context.documents_exported.unwrap_or_else(|| {
            let mut docs: Vec<&str> = context.items.iter().map(|i| i.document()).collect();
            docs.dedup();
            docs.len()
        }),
        tags: project.tags.len(),
        warnings: context.warnings,
    };
    Ok(Rendered { bytes, summary })
}

/// Where an annotation's passage is in the current text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Place<'a> {
    pub document: &'a Document,
    /// 1-based, for paged documents.
    pub page: Option<usize>,
    /// The paragraph the passage starts in, 1-based ("¶ 12" in the reports).
    pub paragraph: Option<usize>,
}

/// One annotation as the exports show it.
#[derive(Clone, Debug)]
pub(crate) struct Item<'a> {
    pub annotation: &'a Annotation,
    /// The document's title (from the corpus, else as the project remembers it, else its
    /// path).
    pub title: &'a str,
    /// `None` for an orphan: the passage is not in the current text.
    pub place: Option<Place<'a>>,
    /// The tags, in codebook order.
    pub tags: Vec<TagId>,
}

impl Item<'_> {
    pub fn document(&self) -> &str {
        &self.annotation.document
    }

    pub fn is_orphan(&self) -> bool {
        self.place.is_none()
    }

    /// The passage's words in the document now, when they differ from the quote as coded
    /// (the exports show both; the quote as coded stays the quote).
    pub fn current_quote(&self) -> Option<&str> {
        self.place?;
        self.annotation.anchor.current_quote.as_deref()
    }
}

/// What every format is built from (see the module doc).
pub(crate) struct Context<'a> {
    pub project: &'a Project,
    pub corpus: &'a Corpus,
    /// Every annotation, by document path, then position (orphans last), then id.
    pub items: Vec<Item<'a>>,
    /// Tags in codebook order with their depth.
    pub tree: Vec<(usize, &'a crate::project::Tag)>,
    pub warnings: Vec<String>,
    /// Set by formats that cannot hold every item (qdpx leaves orphans out).
    pub exported: Option<usize>,
    pub orphans_left_out: bool,
    pub documents_exported: Option<usize>,
}

impl<'a> Context<'a> {
    pub fn new(project: &'a Project, corpus: &'a Corpus) -> Self {
        let tree = project.tag_tree();
        let rank: HashMap<TagId, usize> = tree
            .iter()
            .enumerate()
            .map(|(i, (_, t))| (t.id, i))
            .collect();
        let mut warnings = Vec::new();
        let mut items: Vec<Item<'a>> = project
            .annotations
            .values()
            .map(|a| {
                let document = corpus.get(&a.document).map(|d| &**d);
                let found = document.filter(|d| {
                    !a.orphaned
                        && d.text.slice(a.anchor.start..a.anchor.end)
                            == Some(a.anchor.current_text())
                });
                if !a.orphaned && found.is_none() {
                    warnings.push(format!(
                        "{} in {}: the passage is not at {}..{} in the current text (re-anchor the \
                         project); exported as an orphan",
                        a.id, a.document, a.anchor.start, a.anchor.end
                    ));
                }
                let title = project
                    .document_title(&a.document, document.map(|d| d.title.as_str()))
                    .unwrap_or(a.document.as_str());
                let mut tags: Vec<TagId> = a
                    .tags
                    .iter()
                    .copied()
                    .filter(|t| rank.contains_key(t))
                    .collect();
                tags.sort_by_key(|t| rank.get(t).copied());
                Item {
                    annotation: a,
                    title,
                    place: found.map(|d| Place {
                        document: d,
                        page: d.page_at(a.anchor.start),
                        paragraph: d.text.paragraph_at(a.anchor.start).map(|i| i + 1),
                    }),
                    tags,
                }
            })
            .collect();
        items.sort_by(|x, y| {
            let key = |i: &Item| {
                (
                    i.is_orphan(),
                    i.annotation.anchor.start,
                    i.annotation.anchor.end,
                )
            };
            x.document()
                .cmp(y.document())
                .then_with(|| key(x).cmp(&key(y)))
                .then(x.annotation.id.cmp(&y.annotation.id))
        });
        Self {
            project,
            corpus,
            items,
            tree,
            warnings,
            exported: None,
            orphans_left_out: false,
            documents_exported: None,
        }
    }

    /// The tag's full path, "Parent / Child".
    pub fn tag_path(&self, id: TagId) -> String {
        self.project.tag_path(id)
    }
}

/// A timestamp as RFC 3339 in UTC with whole seconds ("2025-12-08T10:00:00Z"): what
/// xsd:dateTime readers and spreadsheets all accept.
pub(crate) fn timestamp(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Stable GUIDs for the objects of one project: UUID v5 from a namespace of the project's
/// name, so that exporting the same project twice gives the same ids (and files that diff
/// cleanly), while two projects rarely share one.
pub(crate) struct Guids {
    namespace: uuid::Uuid,
}

/// Dossier's own UUID namespace (random, fixed forever).
const DOSSIER_NAMESPACE: uuid::Uuid = uuid::uuid!("f9becb85-74d3-4589-8d0a-12c69744a2da");

impl Guids {
    pub fn new(project: &Project) -> Self {
        Self {
            namespace: uuid::Uuid::new_v5(&DOSSIER_NAMESPACE, project.name.as_bytes()),
        }
    }

    /// The GUID of the object `kind` (e.g. "tag") with `key` (e.g. "12").
    pub fn of(&self, kind: &str, key: impl fmt::Display) -> String {
        let name = format!("{kind}/{key}");
        uuid::Uuid::new_v5(&self.namespace, name.as_bytes())
            .hyphenated()
            .to_string()
    }
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{LoadOptions, SkipReason};

    #[test]
    fn reports_written_into_the_corpus_are_not_read_back_as_documents() {
        let f = fixture::fixture();
        let before = f.corpus.documents.len();
        for (format, name) in [
            (ExportFormat::Markdown, "report.md"),
            (ExportFormat::Html, "report.html"),
        ] {
            write(format, &f.project, &f.corpus, &f.corpus.root.join(name)).expect("export");
        }
        let again = Corpus::load(&f.corpus.root, &LoadOptions::default()).expect("load");
        assert_eq!(again.documents.len(), before);
        for name in ["report.md", "report.html"] {
            let skipped = again.report.skipped.iter().find(|s| s.path == name);
            assert_eq!(
                skipped.map(|s| &s.reason),
                Some(&SkipReason::OwnExport),
                "{name}: {:?}",
                again.report.skipped
            );
        }
    }

    #[test]
    fn exports_are_suggested_outside_the_corpus() {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("mkdir");
        let outside = dir.path().join("p.dossier.ron");
        let inside = corpus.join("p.dossier.ron");
        assert_eq!(
            suggested_folder(Some(&outside), Some(&corpus)),
            Some(dir.path().to_owned())
        );
        assert_eq!(
            suggested_folder(Some(&inside), Some(&corpus)),
            Some(corpus.join("exports"))
        );
        assert_eq!(
            suggested_folder(None, Some(&corpus)),
            Some(corpus.join("exports"))
        );
        assert!(is_within(&corpus.join("report.html"), &corpus));
        assert!(!is_within(&dir.path().join("report.html"), &corpus));
    }
}

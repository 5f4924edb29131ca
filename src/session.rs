//! An open research session: a project with its history, and the corpus it reads, brought
//! up to date with each other. This is what the window works on; it is headless, so the
//! command line and the tests open projects exactly as the window does.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::corpus::{Corpus, CorpusError, Document, LoadObserver, LoadOptions};
use crate::entities::{EntityId, EntityIndex, EntityKind, PhraseRule, surface_forms};
use crate::project::{
    Anchor, Annotation, Command, ProjectFileError, ReconcileReport, Rgb, Tag, TagId, Workspace,
    reconcile,
};

/// Why a folder or project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Project(#[from] ProjectFileError),
    #[error("{0}")]
    Corpus(#[from] CorpusError),
    #[error("the project {0} names no corpus folder")]
    NoCorpus(PathBuf),
    #[error("{0} is neither a folder nor a Dossier project (*.dossier.ron)")]
    NotOpenable(PathBuf),
    #[error(
        "Dossier failed while opening ({0}); nothing was changed on disk. Please report this problem"
    )]
    Internal(String),
}

/// What a path given by the user (command line, drop, recent list) points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenTarget {
    Folder(PathBuf),
    Project(PathBuf),
}

impl OpenTarget {
    /// Classifies `path`: a folder, or a project file by its extension.
    pub fn of(path: &Path) -> Result<Self, OpenError> {
        if path.is_dir() {
            Ok(Self::Folder(path.to_owned()))
        } else if path
            .to_string_lossy()
            .ends_with(crate::project::file::EXTENSION)
        {
            Ok(Self::Project(path.to_owned()))
        } else {
            Err(OpenError::NotOpenable(path.to_owned()))
        }
    }
}

/// Project files directly inside `folder` (not in sub-folders), in name order: when a user
/// opens a folder that already has a project, the window offers to open that instead.
pub fn projects_in(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name().is_some_and(|n| {
                    n.to_string_lossy()
                        .ends_with(crate::project::file::EXTENSION)
                })
        })
        .collect();
    found.sort();
    found
}

/// A correction to one entity of the corpus, made through the project's entity
/// dictionary so that it applies in every document (now and as documents are added).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EntityCorrection {
    /// Call the entity by another canonical name.
    Rename(String),
    /// Tag every mention as another kind.
    ChangeKind(EntityKind),
    /// The entity is the same as another one (its mentions become aliases of it).
    MergeInto(EntityId),
    /// None of its mentions is an entity.
    NotAnEntity,
}

/// A project and its corpus.
#[derive(Debug)]
pub struct Session {
    pub workspace: Workspace,
    pub corpus: Corpus,
    /// What re-anchoring found when the session was opened.
    pub reconcile: ReconcileReport,
    /// The title each document gives itself, by path: what a title of the user's own
    /// replaces in the corpus, and comes back when it is removed.
    own_titles: std::collections::HashMap<String, String>,
}

impl Session {
    /// Opens a folder as a new, unsaved project, or a project file with its corpus. Runs
    /// on a worker thread in the window; `observer` hears about the corpus load.
    pub fn open(
        target: &OpenTarget,
        options: &LoadOptions,
        observer: &dyn LoadObserver,
    ) -> Result<Self, OpenError> {
        let mut workspace = match target {
            OpenTarget::Folder(root) => Workspace::for_folder(root),
            OpenTarget::Project(path) => Workspace::open(path)?,
        };
        let root = match (&workspace.project.corpus_root, target) {
            (Some(root), _) => root.clone(),
            (None, OpenTarget::Project(path)) => return Err(OpenError::NoCorpus(path.clone())),
            (None, OpenTarget::Folder(root)) => root.clone(),
        };
        let corpus = Corpus::load_with(&root, options, observer)?;
        let reconcile = reconcile(&mut workspace.project, &corpus);
        if reconcile.changed_annotations {
            workspace.mark_external_change();
        }
        let own_titles = corpus
            .documents
            .iter()
            .map(|d| (d.path.clone(), d.title.clone()))
            .collect();
        let mut session = Self {
            workspace,
            corpus,
            reconcile,
            own_titles,
        };
        session.apply_titles();
        Ok(session)
    }

    /// Shows each document under the title the user gave it in the project, or its own:
    /// after opening and after every change (rename, its undo, a restored recovery copy).
    /// Everything that shows a title reads the corpus, so this is the one place to do it.
    pub fn apply_titles(&mut self) {
        for doc in &mut self.corpus.documents {
            let own = self
                .own_titles
                .get(&doc.path)
                .cloned()
                .unwrap_or_else(|| doc.title.clone());
            let record = self.workspace.project.documents.get_mut(&doc.path);
            let wanted = record
                .as_ref()
                .and_then(|r| r.renamed.clone())
                .unwrap_or_else(|| own.clone());
            // The record keeps the document's own title (the file says what it was).
            if let Some(record) = record {
                record.title = own;
            }
            if doc.title != wanted {
                Arc::make_mut(doc).title = wanted;
            }
        }
    }

    /// The document at `index` of the corpus.
    pub fn document(&self, index: usize) -> Option<&Arc<Document>> {
        self.corpus.documents.get(index)
    }

    /// The command that annotates chars `range` of document `doc` (clamped to the text;
    /// `None` if the range is empty).
    pub fn annotate_command(
        &mut self,
        doc: usize,
        range: Range<usize>,
        note: String,
        tags: Vec<TagId>,
        now: jiff::Timestamp,
    ) -> Option<Command> {
        let document = self.corpus.documents.get(doc)?.clone();
        let end = range.end.min(document.text.char_len());
        let anchor = Anchor::from_range(&document.text, range.start, end)?;
        let id = self.workspace.project.new_annotation_id();
        Some(Command::AddAnnotation(Annotation {
            id,
            document: document.path.clone(),
            anchor,
            note,
            tags,
            created: now,
            modified: now,
            orphaned: false,
        }))
    }

    /// The one undoable command that applies `correction` to the entity `id`: a batch of
    /// dictionary rules, one per text by which the entity is mentioned. `None` when the
    /// entity has no mention (or the correction would change nothing).
    pub fn entity_correction(
        &self,
        index: &EntityIndex,
        id: &EntityId,
        correction: &EntityCorrection,
    ) -> Option<Command> {
        let forms = surface_forms(index, &self.corpus, id);
        if forms.is_empty() {
            return None;
        }
        let (label, commands): (String, Vec<Command>) = match correction {
            EntityCorrection::Rename(name) => {
                let name = name.trim();
                if name.is_empty() || name == id.key {
                    return None;
                }
                (
                    format!("Rename entity “{}” to “{name}”", id.key),
                    forms
                        .into_iter()
                        .map(|alias| Command::EntityAlias {
                            alias,
                            canonical: Some(name.to_owned()),
                        })
                        .collect(),
                )
            }
            EntityCorrection::MergeInto(other) => {
                if other == id {
                    return None;
                }
                (
                    format!("Merge entity “{}” into “{}”", id.key, other.key),
                    forms
                        .into_iter()
                        .map(|alias| Command::EntityAlias {
                            alias,
                            canonical: Some(other.key.clone()),
                        })
                        .collect(),
                )
            }
            EntityCorrection::ChangeKind(kind) => {
                if *kind == id.kind {
                    return None;
                }
                (
                    format!("Mark entity “{}” as {}", id.key, kind.display_name()),
                    forms
                        .into_iter()
                        .map(|phrase| Command::EntityRule {
                            phrase,
                            rule: Some(PhraseRule::Always(*kind)),
                        })
                        .collect(),
                )
            }
            EntityCorrection::NotAnEntity => (
                format!("Never tag “{}”", id.key),
                forms
                    .into_iter()
                    .map(|phrase| Command::EntityRule {
                        phrase,
                        rule: Some(PhraseRule::Never),
                    })
                    .collect(),
            ),
        };
        Some(Command::Batch { label, commands })
    }

    /// The command that creates a tag named `name` (trimmed) with the next palette colour.
    pub fn new_tag_command(&mut self, name: &str, parent: Option<TagId>) -> (TagId, Command) {
        let project = &mut self.workspace.project;
        let id = project.new_tag_id();
        let colour: Rgb = project.next_tag_colour();
        let tag = Tag {
            id,
            name: name.trim().to_owned(),
            colour,
            description: String::new(),
            parent,
        };
        (id, Command::AddTag(tag))
    }
}

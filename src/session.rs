//! An open research session: a project with its history, and the corpus it reads, brought
//! up to date with each other. This is what the window works on; it is headless, so the
//! command line and the tests open projects exactly as the window does.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::corpus::{Corpus, CorpusError, Document, LoadObserver, LoadOptions};
use crate::entities::{EntityId, EntityIndex, EntityKind, PhraseRule, surface_forms_at};
use crate::project::{
    Anchor, Annotation, ChangesSinceSave, Command, Project, ProjectFileError, ReconcileReport, Rgb,
    Tag, TagId, Workspace, reconcile,
};
use crate::search::AnnotateAll;

pub mod merge_copy;
mod region;

/// Why a folder or project could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    /// The project file could not be read.
    Project(#[from] ProjectFileError),
    #[error("{0}")]
    /// The corpus folder could not be read.
    Corpus(#[from] CorpusError),
    #[error("the project {0} names no corpus folder")]
    /// The project names no corpus folder.
    NoCorpus(PathBuf),
    #[error("{0} is neither a folder nor a Dossier project (*.dossier.ron)")]
    /// The path is neither a folder nor a project file.
    NotOpenable(PathBuf),
    #[error(
        "Dossier failed while opening ({0}); nothing was changed on disk. Please report this problem"
    )]
    /// Opening panicked (a bug); the message, and nothing changed on disk.
    Internal(String),
}

/// What a path given by the user (command line, drop, recent list) points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpenTarget {
    /// A folder of documents, opened as a new project.
    Folder(PathBuf),
    /// A project file (`*.dossier.ron`).
    Project(PathBuf),
    /// A project file's backup (`NAME.dossier.ron.bak`), opened as an unsaved copy.
    Backup(PathBuf),
}

impl OpenTarget {
    /// Classifies `path`: a folder, or a project file or its backup by the extension.
    pub fn of(path: &Path) -> Result<Self, OpenError> {
        let name = path.to_string_lossy();
        if path.is_dir() {
            Ok(Self::Folder(path.to_owned()))
        } else if name.ends_with(crate::project::file::EXTENSION) {
            Ok(Self::Project(path.to_owned()))
        } else if name.ends_with(&format!("{}.bak", crate::project::file::EXTENSION)) {
            Ok(Self::Backup(path.to_owned()))
        } else {
            Err(OpenError::NotOpenable(path.to_owned()))
        }
    }

    /// The path opened.
    pub fn path(&self) -> &Path {
        match self {
            Self::Folder(p) | Self::Project(p) | Self::Backup(p) => p,
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

/// How the recent list names each of `paths`: its file name, with its folder when
/// another entry has the same name ("sample.dossier.ron — sample_data"); the whole folder
/// when even the folders' names are the same.
pub fn recent_labels(paths: &[PathBuf]) -> Vec<String> {
    fn name(p: &Path) -> String {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
    fn folder_name(p: &Path) -> Option<String> {
        p.parent()
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
    }
    let same_name = |p: &Path| paths.iter().filter(|q| name(q) == name(p)).count() > 1;
    let same_folder_name = |p: &Path| {
        paths
            .iter()
            .filter(|q| name(q) == name(p) && folder_name(q) == folder_name(p))
            .count()
            > 1
    };
    paths
        .iter()
        .map(|p| {
            if !same_name(p) {
                return name(p);
            }
            let folder = match folder_name(p) {
                Some(folder) if !same_folder_name(p) => folder,
                _ => p
                    .parent()
                    .map_or_else(String::new, |f| f.display().to_string()),
            };
            format!("{} — {folder}", name(p))
        })
        .collect()
}

/// A tag chosen in a tag picker: one of the codebook, or a new one by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagPick {
    /// A tag of the codebook.
    Existing(TagId),
    /// A name no tag has yet: create it.
    New(String),
}

#[cfg(test)]
mod reload_tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        std::fs::write(root.join(name), text).expect("write");
    }

    /// A document that one annotation codes "Damascus" (chars 9..17) in.
    const A_TXT: (&str, &str) = ("a.txt", "Talks in Damascus continue.\n");

    /// A temporary corpus folder with `files`, opened as a new project.
    fn folder_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf, Session) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).expect("mkdir");
        for (name, text) in files {
            write(&root, name, text);
        }
        let session = Session::open(
            &OpenTarget::Folder(root.clone()),
            &LoadOptions::default(),
            &(),
        )
        .expect("open");
        (dir, root, session)
    }

    fn reload(session: &mut Session) -> Reloaded {
        let request = session.reload_request().expect("a corpus folder");
        let reload = request.run(&LoadOptions::default(), &()).expect("reload");
        session.apply_reload(reload).expect("apply")
    }

    /// Codes "Damascus" (chars 9..17) in `a.txt`.
    fn annotate_damascus_in_a_txt(session: &mut Session) {
        let doc = session.corpus.index_of("a.txt").expect("a.txt");
        let now = jiff::Timestamp::UNIX_EPOCH;
        let command = session
            .annotate_command(doc, 9..17, String::new(), Vec::new(), now)
            .expect("annotation");
        session.workspace.execute(command).expect("annotate");
    }

    #[test]
    fn reloading_lists_added_changed_and_removed_documents_and_undoes_the_reanchoring() {
        let (_dir, root, mut session) = folder_with(&[A_TXT, ("b.txt", "Nothing coded here.\n")]);
        annotate_damascus_in_a_txt(&mut session);
        let id = *session
            .workspace
            .project
            .annotations
            .keys()
            .next()
            .expect("id");
        assert_eq!(
            reload(&mut session),
            Reloaded::Unchanged,
            "nothing changed yet"
        );

        write(
            &root,
            "a.txt",
            "A new first line.\nTalks in Damascus continue.\n",
        );
        std::fs::remove_file(root.join("b.txt")).expect("rm");
        write(&root, "c.txt", "Added while the project was open.\n");
        let Reloaded::Changed(changes) = reload(&mut session) else {
            panic!("the folder changed");
        };
        assert_eq!(changes.added_documents, ["c.txt"]);
        assert_eq!(changes.changed_documents, ["a.txt"]);
        assert_eq!(changes.removed_documents, ["b.txt"]);
        assert_eq!(changes.moved, [id]);
        assert!(session.corpus.get("c.txt").is_some());
        assert!(session.corpus.get("b.txt").is_none());
        let anchor = &session.workspace.project.annotations[&id].anchor;
        assert_eq!(
            (anchor.start, anchor.end),
            (27, 35),
            "re-anchored to the new text"
        );

        // The re-anchoring is one undoable step.
        session.workspace.undo().expect("undo");
        let anchor = &session.workspace.project.annotations[&id].anchor;
        assert_eq!((anchor.start, anchor.end), (9, 17));
    }

    #[test]
    fn a_file_added_between_sessions_is_listed_when_the_project_opens() {
        let (dir, root, mut session) = folder_with(&[A_TXT]);
        assert!(
            session.reconcile.changes().is_empty(),
            "a folder opened for the first time has nothing new"
        );
        let project = dir.path().join("p.dossier.ron");
        session.workspace.save_as(&project).expect("save");

        write(&root, "later.txt", "Written after the project was saved.\n");
        let reopened = Session::open(&OpenTarget::Project(project), &LoadOptions::default(), &())
            .expect("reopen");
        assert_eq!(reopened.reconcile.changes().added_documents, ["later.txt"]);
    }

    #[test]
    fn a_file_added_while_open_is_saved_with_the_project_and_not_reported_again() {
        let (dir, root, mut session) = folder_with(&[A_TXT]);
        let project = dir.path().join("p.dossier.ron");
        session.workspace.save_as(&project).expect("save");
        assert!(!session.workspace.is_dirty());

        write(&root, "later.txt", "Written while the project was open.\n");
        assert!(matches!(reload(&mut session), Reloaded::Changed(_)));
        assert!(
            session.workspace.is_dirty(),
            "the new document's record is a change to save"
        );
        assert!(
            session
                .workspace
                .project
                .documents
                .contains_key("later.txt")
        );
        session.workspace.undo().expect("undo");
        assert!(
            !session
                .workspace
                .project
                .documents
                .contains_key("later.txt"),
            "undo puts the records back with the anchors"
        );
        session.workspace.redo().expect("redo");
        session.workspace.save().expect("save");
        let reopened = Session::open(&OpenTarget::Project(project), &LoadOptions::default(), &())
            .expect("reopen");
        assert!(
            reopened.reconcile.changes().added_documents.is_empty(),
            "saved once, the added file is not news at the next open"
        );
    }

    #[test]
    fn the_documents_read_again_in_new_ocr_languages_are_undone_with_the_change() {
        let (_dir, root, mut session) = folder_with(&[A_TXT]);
        annotate_damascus_in_a_txt(&mut session);
        let before = session.workspace.project.clone();
        let arabic = Some(vec!["ara".to_owned()]);
        session
            .workspace
            .execute(Command::SetOcrLanguages(arabic.clone()))
            .expect("languages");
        // What the new languages read (a file whose text changed, for the test).
        write(&root, "a.txt", "Now talks in Damascus continue.\n");
        let request = session.reload_request().expect("a corpus folder");
        let mut read = request.run(&LoadOptions::default(), &()).expect("reload");
        read.after_language_change();
        assert!(matches!(
            session.apply_reload(read),
            Ok(Reloaded::Changed(_))
        ));
        assert_eq!(session.workspace.project.ocr_languages, arabic);
        let moved = session.workspace.project.annotations.values().next();
        assert_eq!(moved.map(|a| a.anchor.start), Some(13), "re-anchored");

        // One undo: the languages, the records and the anchor as they were.
        session.workspace.undo().expect("undo");
        assert_eq!(session.workspace.project.ocr_languages, None);
        assert_eq!(session.workspace.project.annotations, before.annotations);
        assert_eq!(session.workspace.project.documents, before.documents);
        assert_eq!(
            session.workspace.history.undo_label(),
            Some("Add annotation"),
            "the annotation is the step before"
        );
    }

    #[test]
    fn a_reload_read_while_the_project_changed_is_asked_for_again() {
        let (_dir, root, mut session) = folder_with(&[A_TXT]);
        write(&root, "later.txt", "Written meanwhile.\n");
        let request = session.reload_request().expect("a corpus folder");
        let read = request.run(&LoadOptions::default(), &()).expect("reload");
        // The user annotates while the worker reads the folder.
        annotate_damascus_in_a_txt(&mut session);
        assert_eq!(
            session.apply_reload(read).expect("apply"),
            Reloaded::Outdated
        );
        assert!(session.corpus.get("later.txt").is_none(), "nothing applied");
        assert_eq!(
            session.workspace.project.annotations.len(),
            1,
            "the annotation stays"
        );
        assert!(matches!(reload(&mut session), Reloaded::Changed(_)));
        assert!(session.corpus.get("later.txt").is_some());
        assert_eq!(session.workspace.project.annotations.len(), 1);
    }

    #[test]
    fn a_reload_made_for_another_session_on_the_same_folder_is_not_applied() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("corpus");
        std::fs::create_dir_all(&root).expect("mkdir");
        write(&root, "a.txt", "Talks in Damascus continue.\n");
        let open = || {
            Session::open(
                &OpenTarget::Folder(root.clone()),
                &LoadOptions::default(),
                &(),
            )
            .expect("open")
        };
        let first = open();
        let mut second = open();
        write(&root, "later.txt", "Written meanwhile.\n");
        let request = first.reload_request().expect("a corpus folder");
        let reload = request.run(&LoadOptions::default(), &()).expect("reload");
        assert_eq!(
            second.apply_reload(reload).expect("apply"),
            Reloaded::OtherSession
        );
        assert!(second.corpus.get("later.txt").is_none());
        assert!(!second.workspace.is_dirty());
    }
}

#[cfg(test)]
mod recent_tests {
    use super::*;

    #[test]
    fn recent_projects_of_the_same_name_show_their_folder() {
        let paths: Vec<PathBuf> = [
            "/home/r/syria/project.dossier.ron",
            "/home/r/iraq/project.dossier.ron",
            "/home/r/notes.dossier.ron",
            "/a/same/x.dossier.ron",
            "/b/same/x.dossier.ron",
        ]
        .into_iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            recent_labels(&paths),
            [
                "project.dossier.ron — syria",
                "project.dossier.ron — iraq",
                "notes.dossier.ron",
                "x.dossier.ron — /a/same",
                "x.dossier.ron — /b/same",
            ]
        );
    }
}

/// A document of the project whose file is gone (see [`Session::missing_documents`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingDocument {
    /// Path relative to the corpus folder.
    pub path: String,
    /// The title the project knows it by.
    pub title: String,
    /// Its annotations (all orphans).
    pub annotations: usize,
}

impl MissingDocument {
    /// The folder part of the path ("" at the top level), as `Document::folder`.
    pub fn folder(&self) -> &str {
        self.path.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// The file name of a relative path without its extension.
fn file_stem(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_owned()
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

/// The corpus folder read again while its project is open (File > Reload Corpus, or the
/// folder watcher): [`ReloadRequest::run`] reads and re-anchors on a worker, from a
/// snapshot of the project; [`Session::apply_reload`] applies the result.
#[derive(Clone, Debug)]
pub struct ReloadRequest {
    /// The session the snapshot was taken from ([`Session::id`]): a reload finishing after
    /// another project was opened is not applied to it, even on the same folder.
    pub session: u64,
    /// A snapshot of the open project, re-anchored against the folder as it is now.
    pub project: Project,
    /// The corpus folder to read again.
    pub root: PathBuf,
    /// The history state the snapshot was taken at.
    pub state: u64,
}

/// A reload read and re-anchored, ready to apply.
#[derive(Debug)]
pub struct Reload {
    session: u64,
    corpus: Corpus,
    project: Project,
    report: ReconcileReport,
    based_on: u64,
    /// Read after a change of the project's OCR languages (see
    /// [`Reload::after_language_change`]).
    after_language_change: bool,
}

impl Reload {
    /// The folder that was read.
    pub fn root(&self) -> &Path {
        &self.corpus.root
    }

    /// Marks the reload as the scans read again after a change of the project's OCR
    /// languages: what it changes (records, re-anchored annotations) is then part of that
    /// change, so that one Undo takes back the languages and what they read.
    pub fn after_language_change(&mut self) {
        self.after_language_change = true;
    }
}

impl ReloadRequest {
    /// Reads the folder and re-anchors the snapshot against it (the slow part).
    pub fn run(
        self,
        options: &LoadOptions,
        observer: &dyn LoadObserver,
    ) -> Result<Reload, OpenError> {
        let options = load_options_for(&self.project, options);
        let corpus = Corpus::load_with(&self.root, &options, observer)?;
        let mut project = self.project;
        let report = reconcile(&mut project, &corpus);
        Ok(Reload {
            session: self.session,
            corpus,
            project,
            report,
            based_on: self.state,
            after_language_change: false,
        })
    }
}

/// `options` as `project` reads its corpus: with its OCR languages (so that the text and
/// OCR caches are looked up under them, and OCR passes read in them).
pub fn load_options_for(project: &Project, options: &LoadOptions) -> LoadOptions {
    let mut options = options.clone();
    options.ocr.languages = project.ocr_languages.clone();
    options
}

/// What applying a reload did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reloaded {
    /// The same documents with the same texts (only the list of skipped files may differ).
    Unchanged,
    /// Documents were added, changed or removed: what the "Documents changed" summary shows.
    Changed(Box<ChangesSinceSave>),
    /// The reload was made for another session (a project opened since): nothing applied.
    OtherSession,
    /// The project changed while the folder was read: nothing applied; read it again
    /// from the project as it is now.
    Outdated,
}

impl EntityCorrection {
    /// The entity that `id` becomes once this correction applies (what the window keeps
    /// selected): `None` when it stops being an entity.
    pub fn corrected_id(&self, id: &EntityId) -> Option<EntityId> {
        match self {
            Self::Rename(name) => Some(EntityId {
                kind: id.kind,
                key: name.trim().to_owned(),
            }),
            Self::ChangeKind(kind) => Some(EntityId {
                kind: *kind,
                key: id.key.clone(),
            }),
            Self::MergeInto(other) => Some(other.clone()),
            Self::NotAnEntity => None,
        }
    }
}

/// A project and its corpus.
#[derive(Debug)]
pub struct Session {
    /// The project with its undo history and file path.
    pub workspace: Workspace,
    /// The documents of the corpus folder.
    pub corpus: Corpus,
    /// What re-anchoring found when the session was opened.
    pub reconcile: ReconcileReport,
    /// Opening changed the project (annotations re-anchored to changed documents), and
    /// that is not saved yet: the reason the project shows unsaved changes at once.
    pub unsaved_from_opening: bool,
    /// The title each document gives itself, by path: what a title of the user's own
    /// replaces in the corpus, and comes back when it is removed.
    own_titles: std::collections::HashMap<String, String>,
    /// This session among those opened by the process (see [`Session::id`]).
    id: u64,
    /// Bumped whenever `apply_titles` changes a document's title (see
    /// [`Session::titles_revision`]).
    titles_revision: u64,
    /// Who is coding (the name in the preferences): recorded on every annotation made.
    pub coder: Option<String>,
}

/// The id the next session opened gets.
static NEXT_SESSION_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl Session {
    /// Which session this is: unique in the process, so that work started for one open
    /// project is never applied to another (two projects on one folder have the same
    /// corpus root and both number their history from 0).
    pub fn id(&self) -> u64 {
        self.id
    }

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
            OpenTarget::Backup(path) => Workspace::open_backup(path)?,
        };
        let root = match (&workspace.project.corpus_root, target) {
            (Some(root), _) => root.clone(),
            (None, OpenTarget::Project(path) | OpenTarget::Backup(path)) => {
                return Err(OpenError::NoCorpus(path.clone()));
            }
            (None, OpenTarget::Folder(root)) => root.clone(),
        };
        let options = load_options_for(&workspace.project, options);
        let corpus = Corpus::load_with(&root, &options, observer)?;
        let reconcile = reconcile(&mut workspace.project, &corpus);
        if reconcile.changed_annotations {
            workspace.mark_external_change();
        }
        let own_titles = corpus
            .documents
            .iter()
            .map(|d| (d.path.clone(), d.title.clone()))
            .collect();
        let unsaved_from_opening = reconcile.changed_annotations;
        let mut session = Self {
            workspace,
            corpus,
            reconcile,
            unsaved_from_opening,
            own_titles,
            id: NEXT_SESSION_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            titles_revision: 0,
            coder: None,
        };
        session.apply_titles();
        Ok(session)
    }

    /// What a reload of the corpus starts from (see [`ReloadRequest`]).
    pub fn reload_request(&self) -> Option<ReloadRequest> {
        Some(ReloadRequest {
            session: self.id,
            project: self.workspace.project.clone(),
            root: self.workspace.project.corpus_root.clone()?,
            state: self.workspace.history.state(),
        })
    }

    /// Takes in a reloaded corpus. Annotations re-anchored to changed documents change in
    /// one undoable step, as the user's own edits do (the summary lists them, Undo puts
    /// them back); the document records follow the folder.
    pub fn apply_reload(
        &mut self,
        reload: Reload,
    ) -> Result<Reloaded, crate::project::CommandError> {
        let Reload {
            session,
            corpus,
            project,
            report,
            based_on,
            after_language_change,
        } = reload;
        if session != self.id {
            return Ok(Reloaded::OtherSession);
        }
        let same_documents = corpus.documents.len() == self.corpus.documents.len()
            && corpus
                .documents
                .iter()
                .zip(&self.corpus.documents)
                .all(|(new, old)| new.path == old.path && new.hash == old.hash);
        if same_documents {
            self.corpus.report = corpus.report;
            return Ok(Reloaded::Unchanged);
        }
        if self.workspace.history.state() != based_on {
            // The project changed while the folder was read: re-anchoring it as it is now
            // is the worker's job (a large project takes seconds), so ask for it again.
            return Ok(Reloaded::Outdated);
        }
        let mut commands: Vec<Command> = project
            .annotations
            .values()
            .filter(|a| self.workspace.project.annotations.get(&a.id) != Some(*a))
            .map(|a| Command::ReplaceAnnotation(a.clone()))
            .collect();
        let label = if commands.is_empty() {
            "Take in the documents changed on disk"
        } else {
            "Re-anchor annotations to the changed documents"
        };
        // The records (hashes, the user's titles) change in the same step: saving follows
        // (a file added or removed alone is still saved, and not reported again at the
        // next open), and Undo puts back records and anchors together.
        if project.documents != self.workspace.project.documents {
            commands.push(Command::ReplaceDocumentRecords(project.documents));
        }
        if !commands.is_empty() {
            let batch = Command::Batch {
                label: label.to_owned(),
                commands,
            };
            // Joined only to the language change itself, never to an edit made since.
            let joins = after_language_change
                && matches!(
                    self.workspace.history.undo_command(),
                    Some(Command::SetOcrLanguages(_))
                );
            if joins {
                self.workspace.execute_joined(batch)?;
            } else {
                self.workspace.execute(batch)?;
            }
        }
        self.own_titles = corpus
            .documents
            .iter()
            .map(|d| (d.path.clone(), d.title.clone()))
            .collect();
        self.corpus = corpus;
        let changes = report.changes();
        self.reconcile = report;
        self.apply_titles();
        Ok(Reloaded::Changed(Box::new(changes)))
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
                self.titles_revision += 1;
            }
        }
    }

    /// Changes whenever a document's title shown changes (a rename, its undo, a reload):
    /// what the document list keys its order and filter on, rather than every edit.
    pub fn titles_revision(&self) -> u64 {
        self.titles_revision
    }

    /// The document at `index` of the corpus.
    pub fn document(&self, index: usize) -> Option<&Arc<Document>> {
        self.corpus.documents.get(index)
    }

    /// Documents the project has annotations on whose file is no longer in the corpus
    /// folder, in path order: they stay in the document list (greyed, "file missing") with
    /// their annotations, which are kept as orphans.
    pub fn missing_documents(&self) -> Vec<MissingDocument> {
        let counts = self.workspace.project.annotation_counts();
        counts
            .into_iter()
            .filter(|(path, _)| self.corpus.get(path).is_none())
            .map(|(path, annotations)| {
                let title = self
                    .workspace
                    .project
                    .document_title(path, None)
                    .map_or_else(|| file_stem(path), str::to_owned);
                MissingDocument {
                    path: path.to_owned(),
                    title,
                    annotations,
                }
            })
            .collect()
    }

    /// The command that annotates chars `range` of document `doc` (clamped to the text,
    /// without leading or trailing whitespace; `None` if nothing is left).
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
        let range = document.text.trim_range(range.start.min(end)..end);
        let anchor = Anchor::from_range(&document.text, range.start, range.end)?;
        Some(self.add_annotation_command(document.path.clone(), anchor, note, tags, now))
    }

    /// The command that adds an annotation of `document` at `anchor`, by the session's
    /// coder, made `now`.
    fn add_annotation_command(
        &mut self,
        document: String,
        anchor: Anchor,
        note: String,
        tags: Vec<TagId>,
        now: jiff::Timestamp,
    ) -> Command {
        let id = self.workspace.project.new_annotation_id();
        Command::AddAnnotation(Annotation {
            id,
            document,
            anchor,
            note,
            tags,
            created: now,
            modified: now,
            orphaned: false,
            history: Vec::new(),
            coder: self.coder.clone(),
        })
    }

    /// The one undoable command that applies `correction` to the entity `id`: a batch of
    /// dictionary rules, one per text by which the entity is mentioned, each for mentions
    /// of the entity's kind spelled exactly so (never a longer name that contains it) and,
    /// for a place linked to a gazetteer entry, linked to that entry (a rename of Paris,
    /// France leaves Paris, Texas alone; a place whose mentions are linked to several
    /// entries gets a rule per name and entry, never one for the bare name).
    /// `None` when the entity has no mention (or the correction would change nothing).
    pub fn entity_correction(
        &self,
        index: &EntityIndex,
        id: &EntityId,
        correction: &EntityCorrection,
    ) -> Option<Command> {
        let forms = surface_forms_at(index, &self.corpus, id);
        if forms.is_empty() {
            return None;
        }
        let of = Some(id.kind);
        let rule = |(phrase, place): (String, Option<u32>), rule: PhraseRule| Command::EntityRule {
            phrase,
            of,
            place,
            rule: Some(rule),
        };
        let (label, mut commands): (String, Vec<Command>) = match correction {
            EntityCorrection::Rename(name) => {
                let name = name.trim();
                if name.is_empty() || name == id.key {
                    return None;
                }
                (
                    format!("Rename entity “{}” to “{name}”", id.key),
                    forms
                        .into_iter()
                        .map(|(alias, place)| Command::EntityAlias {
                            alias,
                            of,
                            place,
                            canonical: Some(name.to_owned()),
                        })
                        .collect(),
                )
            }
            EntityCorrection::MergeInto(other) => {
                if other == id {
                    return None;
                }
                // Each form becomes an alias of the other entity's name (unless it is that
                // name already) and, when the kinds differ, is tagged as the other's kind:
                // "United States" (Place) into "United States" (Organisation) is a change of
                // kind alone.
                let fold = crate::entities::fold::fold;
                let target = fold(&other.key);
                let commands: Vec<Command> = forms
                    .into_iter()
                    .flat_map(|form| {
                        let alias = (fold(&form.0) != target).then(|| Command::EntityAlias {
                            alias: form.0.clone(),
                            of,
                            place: form.1,
                            canonical: Some(other.key.clone()),
                        });
                        let kind = (other.kind != id.kind)
                            .then(|| rule(form, PhraseRule::Always(other.kind)));
                        alias.into_iter().chain(kind)
                    })
                    .collect();
                if commands.is_empty() {
                    return None;
                }
                let label = if other.key == id.key {
                    format!(
                        "Merge “{}” ({}) into “{}” ({})",
                        id.key,
                        id.kind.display_name(),
                        other.key,
                        other.kind.display_name()
                    )
                } else {
                    format!("Merge entity “{}” into “{}”", id.key, other.key)
                };
                (label, commands)
            }
            EntityCorrection::ChangeKind(kind) => {
                if *kind == id.kind {
                    return None;
                }
                (
                    format!("Mark entity “{}” as {}", id.key, kind.display_name()),
                    forms
                        .into_iter()
                        .map(|phrase| rule(phrase, PhraseRule::Always(*kind)))
                        .collect(),
                )
            }
            EntityCorrection::NotAnEntity => (
                format!("Never tag “{}” as {}", id.key, id.kind.display_name()),
                forms
                    .into_iter()
                    .map(|phrase| rule(phrase, PhraseRule::Never))
                    .collect(),
            ),
        };
        commands.extend(self.dismissals_carried_over(id, correction));
        Some(Command::Batch { label, commands })
    }

    /// The possible conflicts dismissed for the entity `id`, their dismissals moved to the
    /// id `correction` gives it (a rename or a change of kind), so that the correction does
    /// not bring them back. A merge leaves them: the entity merged into has conflicts of
    /// its own the user has not seen.
    fn dismissals_carried_over(
        &self,
        id: &EntityId,
        correction: &EntityCorrection,
    ) -> Vec<Command> {
        if !matches!(
            correction,
            EntityCorrection::Rename(_) | EntityCorrection::ChangeKind(_)
        ) {
            return Vec::new();
        }
        let Some(to) = correction.corrected_id(id) else {
            return Vec::new();
        };
        let dismissed = &self.workspace.project.dismissed_conflicts;
        crate::analysis::conflicts::keys_carried_over(dismissed, id, &to)
            .into_iter()
            .flat_map(|(old, new)| {
                [
                    Command::DismissConflict {
                        key: old,
                        dismissed: false,
                    },
                    Command::DismissConflict {
                        key: new,
                        dismissed: true,
                    },
                ]
            })
            .collect()
    }

    /// "Annotate all": one undoable command coding `hits` (document path, char range) with
    /// `tag` (an existing one, or a new one created in the same step) and `note`. Hits
    /// inside a passage already coded with the tag are skipped and counted.
    pub fn annotate_hits_command(
        &mut self,
        hits: &[(String, Range<usize>)],
        tag: TagPick,
        note: &str,
        now: jiff::Timestamp,
    ) -> Result<AnnotateAll, crate::project::CommandError> {
        let (tag_id, add_tag) = match tag {
            TagPick::Existing(id) => (id, None),
            TagPick::New(name) => {
                let (id, command) = self.new_tag_command(&name, None);
                (id, Some(command))
            }
        };
        // The new tag must exist while the annotations are built: they are prepared on a
        // copy with the tag added, then folded with it into one step.
        let mut scratch = self.workspace.project.clone();
        if let Some(add) = add_tag.clone() {
            add.apply(&mut scratch)?;
        }
        let documents: Vec<(Arc<Document>, Range<usize>)> = hits
            .iter()
            .filter_map(|(path, range)| Some((self.corpus.get(path)?.clone(), range.clone())))
            .collect();
        let mut done = crate::search::annotate_all(
            &mut scratch,
            documents.iter().map(|(d, r)| (d.as_ref(), r.clone())),
            tag_id,
            note,
            self.coder.as_deref(),
            now,
        );
        if let (Ok(done), Some(add)) = (&mut done, add_tag)
            && let Some(command) = done.command.take()
        {
            done.command = Some(Command::Batch {
                label: command.label(&scratch),
                commands: vec![add, command],
            });
        }
        done
    }

    /// A new tag named `name` under `parent`, added to annotation `apply_to` in the same
    /// step when given: the tag's id and the one undoable command. `None` when the
    /// annotation does not exist.
    pub fn create_tag_command(
        &mut self,
        name: &str,
        parent: Option<TagId>,
        apply_to: Option<crate::project::AnnotationId>,
        now: jiff::Timestamp,
    ) -> Option<(TagId, Command)> {
        let tags = match apply_to {
            Some(aid) => Some(self.workspace.project.annotations.get(&aid)?.tags.clone()),
            None => None,
        };
        let (id, add) = self.new_tag_command(name, parent);
        let command = match (apply_to, tags) {
            (Some(aid), Some(mut tags)) => {
                tags.push(id);
                Command::Batch {
                    label: format!("Add new tag “{}”", name.trim()),
                    commands: vec![
                        add,
                        Command::SetTags {
                            id: aid,
                            tags,
                            at: now,
                        },
                    ],
                }
            }
            _ => add,
        };
        Some((id, command))
    }

    /// "Mark as entity" (with its kind) or "Not an entity" (without): the rule of the
    /// project's entity dictionary for the selected words, spaces normalised.
    pub fn entity_rule_command(phrase: &str, kind: Option<EntityKind>) -> Command {
        let rule = match kind {
            Some(kind) => PhraseRule::Always(kind),
            None => PhraseRule::Never,
        };
        Command::EntityRule {
            phrase: phrase.split_whitespace().collect::<Vec<_>>().join(" "),
            of: None,
            place: None,
            rule: Some(rule),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrected_entity_is_found_under_its_new_name_or_kind() {
        let id = EntityId {
            kind: EntityKind::Loc,
            key: "Tartous".to_owned(),
        };
        let renamed = EntityCorrection::Rename(" Tartus ".to_owned()).corrected_id(&id);
        assert_eq!(
            renamed,
            Some(EntityId {
                kind: EntityKind::Loc,
                key: "Tartus".to_owned()
            })
        );
        let moved = EntityCorrection::ChangeKind(EntityKind::Org).corrected_id(&id);
        assert_eq!(
            moved.map(|m| (m.kind, m.key)),
            Some((EntityKind::Org, id.key.clone()))
        );
        let other = EntityId {
            kind: EntityKind::Norp,
            key: "Syria".to_owned(),
        };
        let merged = EntityCorrection::MergeInto(other.clone()).corrected_id(&id);
        assert_eq!(merged, Some(other));
        assert_eq!(EntityCorrection::NotAnEntity.corrected_id(&id), None);
    }
}

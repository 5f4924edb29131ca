//! The window's state: the open session (research data, owned by the core), the user's
//! preferences (persisted by eframe: UI only, never research data), and transient UI state.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::entities::EntityKind;
use crate::project::{AnnotationId, TagId};
use crate::session::Session;

use super::actions::{Action, SideTab, ThemeChoice};
use super::panels::{
    annotations::AnnotationPanelState, codebook::CodebookState, doc_list::DocListState,
};
use super::reader::ReaderState;

/// Preferences remembered between runs (eframe storage).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    pub reading_size: f32,
    /// Recently opened projects and folders, most recent first.
    pub recent: Vec<PathBuf>,
    pub side_tab: SideTab,
    /// Entity kinds whose highlighting is switched off (stored by label; a label no kind
    /// has, from another version, is dropped rather than losing the other preferences).
    #[serde(serialize_with = "kind_labels", deserialize_with = "known_kinds")]
    pub hidden_entity_kinds: BTreeSet<EntityKind>,
    /// The document last read in each project (or folder), most recent first: reopening
    /// it shows that document again.
    pub last_read: Vec<(PathBuf, String)>,
    /// The coder's name, recorded on every annotation made (asked the first time the user
    /// annotates; Edit > Coder Name… changes it).
    pub coder: Option<String>,
    /// The document list groups a mailbox's messages by conversation.
    pub group_by_conversation: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            reading_size: super::theme::READING_SIZE_DEFAULT,
            recent: Vec::new(),
            side_tab: SideTab::Annotations,
            hidden_entity_kinds: BTreeSet::new(),
            last_read: Vec::new(),
            coder: None,
            group_by_conversation: false,
        }
    }
}

/// Entity kinds stored as their labels, as text ("PER"), as earlier versions wrote them.
fn kind_labels<S: serde::Serializer>(
    kinds: &BTreeSet<EntityKind>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(kinds.iter().map(|k| k.label()))
}

/// The entity kinds among stored labels; unknown labels are left out.
fn known_kinds<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeSet<EntityKind>, D::Error> {
    let labels = Vec::<String>::deserialize(deserializer)?;
    Ok(labels.iter().filter_map(|l| l.parse().ok()).collect())
}

/// A coder's name as typed, trimmed; `None` when nothing is left.
pub fn coder_name(typed: &str) -> Option<String> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

/// How many recent paths are remembered.
const MAX_RECENT: usize = 10;
/// How many projects' last documents read are remembered.
const MAX_LAST_READ: usize = 50;

impl Prefs {
    /// Preferences read back from storage, made sane: the file is outside Dossier's
    /// control (hand edits, another version), and a NaN or huge font size would break the
    /// reader's layout.
    pub fn sanitised(mut self) -> Self {
        let size = self.reading_size;
        self.reading_size = if size.is_finite() {
            size.clamp(
                super::theme::READING_SIZE_MIN,
                super::theme::READING_SIZE_MAX,
            )
        } else {
            super::theme::READING_SIZE_DEFAULT
        };
        self.recent.truncate(MAX_RECENT);
        self.last_read.truncate(MAX_LAST_READ);
        self.coder = self.coder.as_deref().and_then(coder_name);
        self
    }

    /// Remembers `document` as the one last read in `project`.
    pub fn remember_reading(&mut self, project: PathBuf, document: &str) {
        self.last_read.retain(|(p, _)| p != &project);
        self.last_read.insert(0, (project, document.to_owned()));
        self.last_read.truncate(MAX_LAST_READ);
    }

    /// The document last read in `project`.
    pub fn last_read(&self, project: &std::path::Path) -> Option<&str> {
        self.last_read
            .iter()
            .find(|(p, _)| p == project)
            .map(|(_, d)| d.as_str())
    }

    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }
}

/// A dialog over the window that needs an answer.
#[derive(Clone, Debug)]
pub enum Modal {
    /// Unsaved changes: Save / Discard / Cancel, then `then`.
    UnsavedChanges {
        then: Box<Action>,
    },
    ConfirmDeleteTag {
        tag: TagId,
        uses: usize,
    },
    Error {
        title: String,
        message: String,
    },
    LoadReport,
    About,
    /// A recovery copy newer than the project was found.
    OfferRecovery {
        written: String,
    },
    /// Remarks after an export or import.
    Report {
        title: String,
        lines: Vec<String>,
    },
    /// No file dialog could be shown: a path typed in instead.
    TypePath {
        title: String,
        text: String,
        then: super::actions::DialogPurpose,
    },
    /// What changed since the project was last saved (said once when it opens).
    Changes(crate::project::ChangesSinceSave),
    /// Every orphaned annotation, to go to one.
    Orphans,
    /// The coder's name, asked the first time the user annotates (then `then`, the
    /// annotation that waited for it) or changed from the Edit menu.
    CoderName {
        text: String,
        then: Option<Box<Action>>,
    },
    /// Project > OCR Languages…: the languages chosen (`None`: the default) and those
    /// Tesseract has installed (`None` while it is asked; `Err`: why there is none).
    OcrLanguages {
        chosen: Option<Vec<String>>,
        installed: Option<Result<Vec<String>, String>>,
    },
    /// A project file that cannot be read; its backup, if there is one, can be opened.
    Damaged {
        message: String,
        backup: Option<std::path::PathBuf>,
    },
    /// What merging a colleague's copy will do, before it is applied.
    MergeSummary {
        /// The copy's file name.
        from: String,
        headline: String,
        remarks: Vec<String>,
        conflicts: usize,
        nothing_new: bool,
    },
}

/// A short message in the corner that fades away.
#[derive(Clone, Debug)]
pub struct Toast {
    pub text: String,
    pub shown: Instant,
}

impl Toast {
    pub const LIFETIME: Duration = Duration::from_secs(4);
}

/// What the derived counts were computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DerivedKey {
    /// The state of the project's history.
    pub history_state: u64,
    /// The number of documents in the corpus.
    pub documents: usize,
}

/// Counts derived from the project, recomputed only when the project changes.
#[derive(Debug, Default)]
pub struct Derived {
    /// What they were computed for.
    pub key: Option<DerivedKey>,
    pub annotation_counts: HashMap<String, usize>,
    pub orphan_counts: HashMap<String, usize>,
    pub tag_usage: HashMap<TagId, usize>,
    pub orphan_count: usize,
    /// Documents with annotations whose file is gone.
    pub missing: Vec<crate::session::MissingDocument>,
    /// Whose annotations the panels can show (see `CoderFilter::choices`).
    pub coder_choices: Vec<crate::search::CoderFilter>,
    /// The load report: files not read, notes on documents read.
    pub report: crate::corpus::ReportCounts,
}

impl Derived {
    pub fn refresh(&mut self, session: &Session) {
        let key = DerivedKey {
            history_state: session.workspace.history.state(),
            documents: session.corpus.documents.len(),
        };
        if self.key == Some(key) {
            return;
        }
        let project = &session.workspace.project;
        self.annotation_counts = project
            .annotation_counts()
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
        self.tag_usage = project.tag_usage().into_iter().collect();
        self.orphan_counts.clear();
        for a in project.orphans() {
            *self.orphan_counts.entry(a.document.clone()).or_insert(0) += 1;
        }
        self.orphan_count = self.orphan_counts.values().sum();
        self.missing = session.missing_documents();
        self.coder_choices = crate::search::CoderFilter::choices(project);
        self.report = session.corpus.report_counts();
        self.key = Some(key);
    }
}

/// Transient UI state (not persisted).
#[derive(Default)]
pub struct UiState {
    /// The document shown in the reader (index into the corpus).
    pub current_doc: Option<usize>,
    /// A document whose file is missing, shown instead (its path); never set together
    /// with `current_doc`.
    pub current_missing: Option<String>,
    pub doc_list: DocListState,
    pub reader: ReaderState,
    pub annotations: AnnotationPanelState,
    pub codebook: CodebookState,
    pub central: super::actions::CentralView,
    pub left: super::actions::LeftTab,
    pub coded: super::panels::coded::CodedState,
    /// Thumbnails of coded regions (annotation cards, coded passages).
    pub thumbs: super::reader::RegionThumbs,
    pub entity_index: super::panels::entity_index::EntityIndexState,
    pub network: super::panels::network::NetworkViewState,
    pub timeline: super::panels::timeline::TimelineState,
    pub map: super::panels::map::MapState,
    pub agreement: super::panels::agreement::AgreementState,
    pub selected_annotation: Option<AnnotationId>,
    pub tag_filter: Option<TagId>,
    /// Whose annotations the annotation panel shows.
    pub coder_filter: crate::search::CoderFilter,
    pub palette: Option<super::panels::palette::PaletteState>,
    pub modal: Option<Modal>,
    /// Two versions shown side by side (near-copies).
    pub compare: Option<super::panels::compare::Comparison>,
    /// A "Documents changed" summary that came while another dialog was open: shown
    /// when it closes.
    pending_changes: Option<crate::project::ChangesSinceSave>,
    pub toasts: Vec<Toast>,
    /// When the project was last saved (for "saved 2 min ago").
    pub saved_at: Option<Instant>,
    /// When the last recovery copy was written.
    pub recovery_written_at: Option<Instant>,
    /// The history state the user discarded (Discard in "Save changes?"): no recovery copy
    /// of it is written while the session lasts unchanged.
    pub recovery_discarded_at: Option<u64>,
    /// Closing was confirmed (or nothing was unsaved): let the window close.
    pub allow_close: bool,
    /// The title last sent to the window (to send it only on change).
    pub window_title: String,
    /// Projects found in a folder opened as a new project (offered in the document list).
    pub folder_projects: Vec<PathBuf>,
    /// Widths of the left panel, central view and right panel as last drawn.
    pub panel_widths: (f32, f32, f32),
    /// A colleague's copy being merged, and the list of merge conflicts.
    pub merge: super::panels::merge::MergeState,
}

impl UiState {
    /// Says what changed in the corpus: added to the summary on screen if there is one,
    /// else shown now, or once the dialog on screen closes. No summary is lost.
    pub fn show_changes(&mut self, changes: crate::project::ChangesSinceSave) {
        match &mut self.modal {
            Some(Modal::Changes(shown)) => shown.merge(changes),
            None => self.modal = Some(Modal::Changes(changes)),
            Some(_) => match &mut self.pending_changes {
                Some(pending) => pending.merge(changes),
                None => self.pending_changes = Some(changes),
            },
        }
    }

    /// Closes the dialog on screen; a summary that waited for it takes its place.
    pub fn close_modal(&mut self) {
        self.modal = self.pending_changes.take().map(Modal::Changes);
    }

    pub fn toast(&mut self, text: impl Into<String>) {
        self.toasts.push(Toast {
            text: text.into(),
            shown: Instant::now(),
        });
    }

    pub fn error(&mut self, title: impl Into<String>, message: impl Into<String>) {
        self.modal = Some(Modal::Error {
            title: title.into(),
            message: message.into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coder_name_is_kept_with_the_preferences_spaces_normalised() {
        let prefs: Prefs = ron::from_str(r#"(coder: Some("  Ana   Lu "))"#).expect("read");
        assert_eq!(prefs.sanitised().coder.as_deref(), Some("Ana Lu"));
        let blank: Prefs = ron::from_str(r#"(coder: Some("   "))"#).expect("read");
        assert_eq!(blank.sanitised().coder, None);
        let older: Prefs = ron::from_str("(reading_size: 18.0)").expect("read");
        assert_eq!(
            older.coder, None,
            "preferences of an earlier version have no coder"
        );
        let written = ron::to_string(&Prefs {
            coder: Some("Bob".into()),
            ..Prefs::default()
        })
        .expect("written");
        let again: Prefs = ron::from_str(&written).expect("read back");
        assert_eq!(again.coder.as_deref(), Some("Bob"));
    }

    #[test]
    fn hidden_entity_kinds_are_stored_by_label_and_unknown_labels_dropped() {
        // An older version stored any label; one no kind has must not lose the rest.
        let stored = r#"(reading_size: 20.0, hidden_entity_kinds: ["LOC", "EVENT", "PER"])"#;
        let prefs: Prefs = ron::from_str(stored).expect("prefs read");
        let kinds = BTreeSet::from([EntityKind::Person, EntityKind::Loc]);
        assert_eq!(prefs.hidden_entity_kinds, kinds);
        assert_eq!(prefs.reading_size, 20.0);
        let written = ron::to_string(&prefs).expect("prefs written");
        assert!(written.contains(r#"["PER","LOC"]"#), "{written}");
        let again: Prefs = ron::from_str(&written).expect("read back");
        assert_eq!(again.hidden_entity_kinds, kinds);
    }
}

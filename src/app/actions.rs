//! Everything the user can do, as values.
//!
//! Panels never change application state while drawing: they push an [`Action`] into the
//! queue, and the app applies the queue once per frame (`app::handle`). [`UiCommand`] is the
//! subset with no arguments: one enum gives each its label, shortcut and availability, and
//! drives the menus, the keyboard shortcuts and the command palette alike.

use std::ops::Range;
use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::export::ExportFormat;
use crate::project::{AnnotationId, Command, TagId};

/// A user command without arguments (menus, shortcuts, palette).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    OpenFolder,
    OpenProject,
    OpenSample,
    Save,
    SaveAs,
    CloseProject,
    Quit,
    Undo,
    Redo,
    AnnotateSelection,
    FindInDocument,
    FindNext,
    FindPrevious,
    CommandPalette,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    ToggleTheme,
    NextDocument,
    PreviousDocument,
    FocusDocumentFilter,
    ShowAnnotations,
    ShowEntities,
    ShowCodebook,
    NewTag,
    ShowLoadReport,
    SearchCorpus,
    ShowReader,
    ShowCodedPassages,
    ShowEntityIndex,
    Export(ExportFormat),
    ImportQdpx,
    About,
}

impl UiCommand {
    /// Every command, in the order the palette lists them.
    pub const ALL: &[UiCommand] = &[
        Self::OpenFolder,
        Self::OpenProject,
        Self::OpenSample,
        Self::Save,
        Self::SaveAs,
        Self::CloseProject,
        Self::Quit,
        Self::Undo,
        Self::Redo,
        Self::AnnotateSelection,
        Self::FindInDocument,
        Self::FindNext,
        Self::FindPrevious,
        Self::CommandPalette,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::ToggleTheme,
        Self::NextDocument,
        Self::PreviousDocument,
        Self::FocusDocumentFilter,
        Self::ShowAnnotations,
        Self::ShowEntities,
        Self::ShowCodebook,
        Self::NewTag,
        Self::ShowLoadReport,
        Self::SearchCorpus,
        Self::ShowReader,
        Self::ShowCodedPassages,
        Self::ShowEntityIndex,
        Self::Export(ExportFormat::Csv),
        Self::Export(ExportFormat::Markdown),
        Self::Export(ExportFormat::Html),
        Self::Export(ExportFormat::W3c),
        Self::Export(ExportFormat::Qdpx),
        Self::ImportQdpx,
        Self::About,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open Folder…",
            Self::OpenProject => "Open Project…",
            Self::OpenSample => "Open the Sample",
            Self::Save => "Save",
            Self::SaveAs => "Save As…",
            Self::CloseProject => "Close Project",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::AnnotateSelection => "Annotate Selection",
            Self::FindInDocument => "Find in Document…",
            Self::FindNext => "Find Next",
            Self::FindPrevious => "Find Previous",
            Self::CommandPalette => "Command Palette…",
            Self::ZoomIn => "Larger Text",
            Self::ZoomOut => "Smaller Text",
            Self::ZoomReset => "Default Text Size",
            Self::ToggleTheme => "Switch Light/Dark Theme",
            Self::NextDocument => "Next Document",
            Self::PreviousDocument => "Previous Document",
            Self::FocusDocumentFilter => "Filter Documents…",
            Self::ShowAnnotations => "Show Annotations",
            Self::ShowEntities => "Show Entities",
            Self::ShowCodebook => "Show Codebook",
            Self::NewTag => "New Tag…",
            Self::ShowLoadReport => "Show Skipped Files…",
            Self::SearchCorpus => "Search All Documents…",
            Self::ShowReader => "Show the Reader",
            Self::ShowCodedPassages => "Show Coded Passages",
            Self::ShowEntityIndex => "Show the Entity Index",
            Self::Export(ExportFormat::Csv) => "Export as CSV…",
            Self::Export(ExportFormat::Markdown) => "Export as Markdown Report…",
            Self::Export(ExportFormat::Html) => "Export as HTML Report…",
            Self::Export(ExportFormat::W3c) => "Export as W3C Web Annotations…",
            Self::Export(ExportFormat::Qdpx) => "Export as REFI-QDA Project…",
            Self::ImportQdpx => "Import REFI-QDA Project…",
            Self::About => "About Dossier",
        }
    }

    /// What the command does, for tooltips and the palette.
    pub fn description(self) -> &'static str {
        match self {
            Self::OpenFolder => "Open a folder of documents as a new project",
            Self::OpenProject => "Open a saved project (*.dossier.ron)",
            Self::OpenSample => "Open the sample project that comes with Dossier",
            Self::Save => "Save the project",
            Self::SaveAs => "Save the project under a new name",
            Self::CloseProject => "Close the project and return to the welcome screen",
            Self::Quit => "Quit Dossier",
            Self::Undo => "Undo the last change",
            Self::Redo => "Redo the last undone change",
            Self::AnnotateSelection => "Annotate the selected passage",
            Self::FindInDocument => "Find text in the current document",
            Self::FindNext => "Go to the next match in the document",
            Self::FindPrevious => "Go to the previous match in the document",
            Self::CommandPalette => "Search all commands",
            Self::ZoomIn => "Make the reading text larger",
            Self::ZoomOut => "Make the reading text smaller",
            Self::ZoomReset => "Reset the reading text size",
            Self::ToggleTheme => "Switch between the light and the dark theme",
            Self::NextDocument => "Open the next document of the list",
            Self::PreviousDocument => "Open the previous document of the list",
            Self::FocusDocumentFilter => "Type to filter the document list",
            Self::ShowAnnotations => "Show the annotations of the document",
            Self::ShowEntities => "Show the entities of the document",
            Self::ShowCodebook => "Show the codebook (tags)",
            Self::NewTag => "Add a tag to the codebook",
            Self::ShowLoadReport => "List the files that could not be loaded, and why",
            Self::SearchCorpus => "Search every document for words or a regular expression",
            Self::ShowReader => "Read the current document",
            Self::ShowCodedPassages => "Every passage coded with chosen tags, across documents",
            Self::ShowEntityIndex => "Every entity of the corpus, its mentions and companions",
            Self::Export(ExportFormat::Csv) => "One row per annotation, for spreadsheets",
            Self::Export(ExportFormat::Markdown) => "A report grouped by tag, in Markdown",
            Self::Export(ExportFormat::Html) => "A printable report grouped by tag",
            Self::Export(ExportFormat::W3c) => "W3C Web Annotation JSON-LD",
            Self::Export(ExportFormat::Qdpx) => {
                "A REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder"
            }
            Self::ImportQdpx => "Continue work from another qualitative-analysis tool",
            Self::About => "Version and credits",
        }
    }

    /// The keyboard shortcuts (the first one is shown in menus).
    pub fn shortcuts(self) -> Vec<KeyboardShortcut> {
        const CMD: Modifiers = Modifiers::COMMAND;
        const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        const fn k(m: Modifiers, key: Key) -> KeyboardShortcut {
            KeyboardShortcut::new(m, key)
        }
        match self {
            Self::OpenFolder => vec![k(CMD, Key::O)],
            Self::OpenProject => vec![k(CMD_SHIFT, Key::O)],
            Self::Save => vec![k(CMD, Key::S)],
            Self::SaveAs => vec![k(CMD_SHIFT, Key::S)],
            Self::CloseProject => vec![k(CMD, Key::W)],
            Self::Quit => vec![k(CMD, Key::Q)],
            Self::Undo => vec![k(CMD, Key::Z)],
            Self::Redo => vec![k(CMD_SHIFT, Key::Z), k(CMD, Key::Y)],
            Self::AnnotateSelection => vec![k(CMD, Key::Enter)],
            Self::FindInDocument => vec![k(CMD, Key::F)],
            Self::FindNext => vec![k(Modifiers::NONE, Key::F3)],
            Self::FindPrevious => vec![k(Modifiers::SHIFT, Key::F3)],
            Self::CommandPalette => vec![k(CMD_SHIFT, Key::P)],
            Self::ZoomIn => vec![k(CMD, Key::Plus), k(CMD, Key::Equals)],
            Self::ZoomOut => vec![k(CMD, Key::Minus)],
            Self::ZoomReset => vec![k(CMD, Key::Num0)],
            Self::NextDocument => vec![k(CMD, Key::PageDown)],
            Self::PreviousDocument => vec![k(CMD, Key::PageUp)],
            Self::FocusDocumentFilter => vec![k(CMD, Key::L)],
            Self::ShowAnnotations => vec![k(Modifiers::ALT, Key::Num1)],
            Self::ShowEntities => vec![k(Modifiers::ALT, Key::Num2)],
            Self::ShowCodebook => vec![k(Modifiers::ALT, Key::Num3)],
            Self::SearchCorpus => vec![k(CMD_SHIFT, Key::F)],
            Self::ShowReader => vec![k(CMD, Key::Num1)],
            Self::ShowCodedPassages => vec![k(CMD, Key::Num2)],
            Self::ShowEntityIndex => vec![k(CMD, Key::Num3)],
            Self::OpenSample
            | Self::Export(_)
            | Self::ImportQdpx
            | Self::ToggleTheme
            | Self::NewTag
            | Self::ShowLoadReport
            | Self::About => Vec::new(),
        }
    }

    /// Whether the shortcut still acts while a text field has the keyboard (Ctrl+Z in a
    /// note field undoes typing, not the last project change).
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::Save
                | Self::SaveAs
                | Self::Quit
                | Self::OpenFolder
                | Self::OpenProject
                | Self::CommandPalette
                | Self::FindInDocument
                | Self::FindNext
                | Self::FindPrevious
                | Self::ZoomIn
                | Self::ZoomOut
                | Self::ZoomReset
                | Self::AnnotateSelection
                | Self::NextDocument
                | Self::PreviousDocument
                | Self::FocusDocumentFilter
                | Self::SearchCorpus
                | Self::ShowReader
                | Self::ShowCodedPassages
                | Self::ShowEntityIndex
        )
    }
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CentralView {
    #[default]
    Reader,
    Coded,
    Entities,
}

/// Which tab the left panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LeftTab {
    #[default]
    Documents,
    Search,
}

/// Which tab the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SideTab {
    #[default]
    Annotations,
    Entities,
    Codebook,
}

/// Everything the user can ask for, with its arguments.
#[derive(Clone, Debug)]
pub enum Action {
    Ui(UiCommand),
    /// A change to the project (undoable).
    Edit(Command),
    /// Open a folder or a project (recent list, drop, command line).
    OpenPath(PathBuf),
    SelectDocument(usize),
    /// Select an annotation, open its document and scroll to it.
    SelectAnnotation(AnnotationId),
    /// Select an annotation in the panel without moving the reader (a click on it there).
    SelectAnnotationQuietly(AnnotationId),
    /// Open a document and show (and select) a char range of it.
    Reveal {
        document: String,
        range: Range<usize>,
    },
    /// Create an annotation from the reader's selection, with these tags and note.
    AnnotateSelectionWith {
        tags: Vec<TagId>,
        note: String,
    },
    /// Create a tag by name, and apply it where asked.
    CreateTag {
        name: String,
        parent: Option<TagId>,
        apply_to: TagTarget,
    },
    /// Drop the annotation being drafted.
    CancelDraft,
    ShowView(CentralView),
    ShowLeft(LeftTab),
    /// Annotate search hits (document path, char range) with a tag and a note, in one step.
    AnnotateHits {
        hits: Vec<(String, Range<usize>)>,
        tag: super::panels::widgets::Picked,
        note: String,
    },
    /// Select an entity in the entity index (or none).
    SelectEntity(Option<crate::entities::EntityId>),
    /// Correct an entity through the project's entity dictionary.
    CorrectEntity {
        id: crate::entities::EntityId,
        correction: crate::session::EntityCorrection,
    },
    /// Stop loading a folder.
    CancelLoad,
    /// Stop recognising entities (what is done stays highlighted).
    StopEntities,
    SetTheme(super::state::ThemeChoice),
    /// Re-attach an orphaned annotation to the reader's current selection.
    ReattachToSelection(AnnotationId),
    /// Ask before deleting a tag (the dialog says how many annotations use it).
    ConfirmDeleteTag(TagId),
    /// Filter the annotation list by a tag (or clear the filter).
    FilterByTag(Option<TagId>),
    ShowTab(SideTab),
    /// Toggle an entity kind's highlighting (by label).
    ToggleEntityKind(String),
    /// Save, then do the pending action (from the unsaved-changes prompt).
    SaveThen(Box<Action>),
    /// Do an action without asking about unsaved changes (after "Discard").
    Discarded(Box<Action>),
    /// "Always tag this phrase as this kind" (entity dictionary, undoable).
    MarkEntity {
        phrase: String,
        label: String,
    },
    /// "Never tag this phrase" (entity dictionary, undoable).
    NotAnEntity {
        phrase: String,
    },
    /// Restore the recovery copy found when the project was opened.
    RestoreRecovery,
    DismissRecovery,
}

/// Where a newly created tag is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagTarget {
    Nothing,
    Annotation(AnnotationId),
    /// The annotation being drafted in the panel.
    Draft,
}

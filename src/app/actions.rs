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
    Theme(ThemeChoice),
    NextDocument,
    PreviousDocument,
    FocusDocumentFilter,
    ShowDocuments,
    ShowAnnotations,
    ShowEntities,
    ShowCodebook,
    NewTag,
    ShowLoadReport,
    ReloadCorpus,
    SearchCorpus,
    ShowReader,
    ShowCodedPassages,
    ShowEntityIndex,
    ShowNetwork,
    ShowTimeline,
    ShowMap,
    ShowAgreement,
    ExportTimeline(crate::analysis::timeline_export::TimelineFormat),
    Export(ExportFormat),
    ImportQdpx,
    MergeProject,
    ShowMergeConflicts,
    About,
    CoderName,
    TogglePageView,
    /// Group a mailbox's messages by conversation in the document list, or list them by
    /// file again.
    GroupByConversation,
    /// Draw a region on a page (the page view's region tool, on or off).
    RegionTool,
    /// Read the scanned pages the corpus has not had read (OCR).
    ReadScannedPages,
    /// Choose the languages OCR reads the project's scans in.
    OcrLanguages,
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
        Self::Theme(ThemeChoice::System),
        Self::Theme(ThemeChoice::Light),
        Self::Theme(ThemeChoice::Dark),
        Self::NextDocument,
        Self::PreviousDocument,
        Self::FocusDocumentFilter,
        Self::ShowDocuments,
        Self::ShowAnnotations,
        Self::ShowEntities,
        Self::ShowCodebook,
        Self::NewTag,
        Self::ShowLoadReport,
        Self::ReloadCorpus,
        Self::ReadScannedPages,
        Self::OcrLanguages,
        Self::SearchCorpus,
        Self::ShowReader,
        Self::ShowCodedPassages,
        Self::ShowEntityIndex,
        Self::ShowTimeline,
        Self::ShowMap,
        Self::ExportTimeline(crate::analysis::timeline_export::TimelineFormat::Csv),
        Self::ExportTimeline(crate::analysis::timeline_export::TimelineFormat::TimelineJs),
        Self::ShowNetwork,
        Self::ShowAgreement,
        Self::Export(ExportFormat::Csv),
        Self::Export(ExportFormat::Markdown),
        Self::Export(ExportFormat::Html),
        Self::Export(ExportFormat::W3c),
        Self::Export(ExportFormat::Qdpx),
        Self::ImportQdpx,
        Self::MergeProject,
        Self::ShowMergeConflicts,
        Self::About,
        Self::CoderName,
        Self::TogglePageView,
        Self::GroupByConversation,
        Self::RegionTool,
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
            Self::Theme(ThemeChoice::System) => "Theme: Follow the System",
            Self::Theme(ThemeChoice::Light) => "Theme: Light",
            Self::Theme(ThemeChoice::Dark) => "Theme: Dark",
            Self::NextDocument => "Next Document",
            Self::PreviousDocument => "Previous Document",
            Self::FocusDocumentFilter => "Filter Documents…",
            Self::ShowDocuments => "Show the Document List",
            Self::ShowAnnotations => "Show Annotations",
            Self::ShowEntities => "Show Entities",
            Self::ShowCodebook => "Show Codebook",
            Self::NewTag => "New Tag…",
            Self::ShowLoadReport => "Show Skipped Files…",
            Self::ReloadCorpus => "Reload Corpus",
            Self::ReadScannedPages => "Read Scanned Pages (OCR)",
            Self::OcrLanguages => "OCR Languages…",
            Self::SearchCorpus => "Search All Documents…",
            Self::ShowReader => "Show the Reader",
            Self::ShowCodedPassages => "Show Coded Passages",
            Self::ShowEntityIndex => "Show the Entity Index",
            Self::ShowNetwork => "Show the Entity Network",
            Self::ShowTimeline => "Show the Timeline",
            Self::ShowMap => "Show the Map of Places",
            Self::ShowAgreement => "Show Inter-coder Agreement",
            Self::ExportTimeline(crate::analysis::timeline_export::TimelineFormat::Csv) => {
                "Export the Timeline as CSV…"
            }
            Self::ExportTimeline(crate::analysis::timeline_export::TimelineFormat::TimelineJs) => {
                "Export the Timeline for TimelineJS…"
            }
            Self::Export(ExportFormat::Csv) => "Export as CSV…",
            Self::Export(ExportFormat::Markdown) => "Export as Markdown Report…",
            Self::Export(ExportFormat::Html) => "Export as HTML Report…",
            Self::Export(ExportFormat::W3c) => "Export as W3C Web Annotations…",
            Self::Export(ExportFormat::Qdpx) => "Export as REFI-QDA Project…",
            Self::ImportQdpx => "Import REFI-QDA Project…",
            Self::MergeProject => "Merge Project…",
            Self::ShowMergeConflicts => "Show Merge Conflicts…",
            Self::About => "About Dossier",
            Self::CoderName => "Coder Name…",
            Self::TogglePageView => "Show Pages / Text",
            Self::GroupByConversation => "Group Mail by Conversation / by File",
            Self::RegionTool => "Draw a Region on the Page",
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
            Self::Theme(ThemeChoice::System) => "Light or dark as the system is",
            Self::Theme(ThemeChoice::Light) => "Dark text on a light background",
            Self::Theme(ThemeChoice::Dark) => "Light text on a dark background",
            Self::NextDocument => "Open the next document of the list",
            Self::PreviousDocument => "Open the previous document of the list",
            Self::FocusDocumentFilter => "Type to filter the document list",
            Self::ShowDocuments => "Show the documents in the left panel",
            Self::ShowAnnotations => "Show the annotations of the document",
            Self::ShowEntities => "Show the entities of the document",
            Self::ShowCodebook => "Show the codebook (tags)",
            Self::NewTag => "Add a tag to the codebook",
            Self::ShowLoadReport => "List the files that could not be loaded, and why",
            Self::ReloadCorpus => {
                "Read the corpus folder again: files added, changed or removed since it was opened"
            }
            Self::ReadScannedPages => {
                "Read the scanned pages (images, PDFs without text) with Tesseract, on every core"
            }
            Self::OcrLanguages => {
                "The languages Tesseract reads this project's scans in (undoable; scans are read again)"
            }
            Self::SearchCorpus => "Search every document for words or a regular expression",
            Self::ShowReader => "Read the current document",
            Self::ShowCodedPassages => "Every passage coded with chosen tags, across documents",
            Self::ShowEntityIndex => "Every entity of the corpus, its mentions and companions",
            Self::ShowNetwork => "Who appears with whom: entities linked by shared paragraphs",
            Self::ShowTimeline => "Every dated statement on a time axis, with possible conflicts",
            Self::ShowMap => "The places of the corpus on a world map",
            Self::ShowAgreement => {
                "How far coders agree, tag by tag, and the passages where they differ"
            }
            Self::ExportTimeline(_) => "Every dated statement, possible conflicts marked",
            Self::Export(ExportFormat::Csv) => "One row per annotation, for spreadsheets",
            Self::Export(ExportFormat::Markdown) => "A report grouped by tag, in Markdown",
            Self::Export(ExportFormat::Html) => "A printable report grouped by tag",
            Self::Export(ExportFormat::W3c) => "W3C Web Annotation JSON-LD",
            Self::Export(ExportFormat::Qdpx) => {
                "A REFI-QDA project for NVivo, ATLAS.ti, MAXQDA, QualCoder"
            }
            Self::ImportQdpx => "Continue work from another qualitative-analysis tool",
            Self::MergeProject => {
                "Bring a colleague's copy of this project into yours, in one undoable step"
            }
            Self::ShowMergeConflicts => {
                "The items a merge changed differently on both sides: settle each one"
            }
            Self::About => "Version and credits",
            Self::CoderName => "The name recorded on every annotation you make",
            Self::TogglePageView => {
                "Read a PDF or a scan as its pages, or as text (documents with pages only)"
            }
            Self::GroupByConversation => {
                "List a mailbox's messages under their conversations, oldest first, or by file"
            }
            Self::RegionTool => {
                "Drag a box on a page (a photograph, a stamp, a signature) to code it; \
                 Shift and a drag does it too"
            }
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
            Self::ShowNetwork => vec![k(CMD, Key::Num6)],
            Self::ShowTimeline => vec![k(CMD, Key::Num4)],
            Self::ShowMap => vec![k(CMD, Key::Num5)],
            Self::ShowAgreement => vec![k(CMD, Key::Num7)],
            Self::TogglePageView => vec![k(Modifiers::ALT, Key::P)],
            Self::RegionTool => vec![k(Modifiers::NONE, Key::R)],
            Self::OpenSample
            | Self::Export(_)
            | Self::ExportTimeline(_)
            | Self::ImportQdpx
            | Self::MergeProject
            | Self::ShowMergeConflicts
            | Self::Theme(_)
            | Self::ShowDocuments
            | Self::NewTag
            | Self::ShowLoadReport
            | Self::ReloadCorpus
            | Self::ReadScannedPages
            | Self::OcrLanguages
            | Self::CoderName
            | Self::GroupByConversation
            | Self::About => Vec::new(),
        }
    }

    /// The first shortcut as people read it ("Ctrl+Shift+F", "⌘⇧F" on a Mac): the one
    /// formatter of every hint (menus, palette, tooltips, buttons).
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        self.shortcuts().first().map(|s| ctx.format_shortcut(s))
    }

    /// `text` followed by the shortcut in parentheses, for tooltips and hints.
    pub fn with_shortcut(self, ctx: &egui::Context, text: &str) -> String {
        match self.shortcut_text(ctx) {
            Some(s) => format!("{text} ({s})"),
            None => text.to_owned(),
        }
    }

    /// Whether the command can act now: the menus grey it out, the palette leaves it
    /// out, and its shortcut does nothing.
    pub fn is_enabled(self, ctx: &CommandContext) -> bool {
        match self {
            Self::OpenFolder
            | Self::OpenProject
            | Self::OpenSample
            | Self::Quit
            | Self::CommandPalette
            | Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::Theme(_)
            | Self::ImportQdpx
            | Self::CoderName
            | Self::About => true,
            Self::Save => ctx.has_session && ctx.dirty,
            Self::SaveAs
            | Self::CloseProject
            | Self::NewTag
            | Self::SearchCorpus
            | Self::ShowReader
            | Self::ShowCodedPassages
            | Self::ShowEntityIndex
            | Self::ShowNetwork
            | Self::ShowTimeline
            | Self::ShowMap
            | Self::ShowAgreement
            | Self::ExportTimeline(_)
            | Self::ShowAnnotations
            | Self::ShowEntities
            | Self::ShowCodebook
            | Self::ShowDocuments
            | Self::FocusDocumentFilter
            | Self::NextDocument
            | Self::PreviousDocument
            | Self::ReloadCorpus
            | Self::MergeProject
            | Self::GroupByConversation
            | Self::OcrLanguages
            | Self::Export(_) => ctx.has_session,
            Self::Undo => ctx.can_undo,
            Self::Redo => ctx.can_redo,
            Self::AnnotateSelection => ctx.has_selection || ctx.drafting,
            Self::FindInDocument | Self::FindNext | Self::FindPrevious => ctx.has_document,
            Self::TogglePageView => ctx.has_pages,
            Self::RegionTool => ctx.has_pages && ctx.showing_pages,
            Self::ShowLoadReport => ctx.has_session && ctx.skipped > 0,
            Self::ReadScannedPages => ctx.has_session && ctx.skipped > 0,
            Self::ShowMergeConflicts => ctx.has_session && ctx.merge_conflicts > 0,
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
                | Self::ShowNetwork
                | Self::ShowTimeline
                | Self::ShowMap
                | Self::ShowAgreement
        )
    }
}

/// What decides whether a command can act now (see [`UiCommand::is_enabled`]), gathered
/// once per frame.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommandContext {
    pub has_session: bool,
    /// The project has unsaved changes.
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    /// A document of the corpus is shown in the reader.
    pub has_document: bool,
    /// The reader has a selection to annotate.
    pub has_selection: bool,
    /// An annotation is being drafted (Ctrl+Enter adds it).
    pub drafting: bool,
    /// Files the last load skipped.
    pub skipped: usize,
    /// Merge conflicts the project records, not yet settled.
    pub merge_conflicts: usize,
    /// The document shown has pages (a page layout) the reader can show.
    pub has_pages: bool,
    /// The reader shows the document's pages.
    pub showing_pages: bool,
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CentralView {
    #[default]
    Reader,
    Coded,
    Entities,
    Timeline,
    Map,
    Network,
    Agreement,
}

impl CentralView {
    /// Every view, in the order of the tabs and of the View menu (both are drawn from
    /// this list, so a view cannot have a tab without its menu entry).
    pub const ALL: [CentralView; 7] = [
        Self::Reader,
        Self::Coded,
        Self::Entities,
        Self::Timeline,
        Self::Map,
        Self::Network,
        Self::Agreement,
    ];

    /// The name on its tab, and a shorter one for when the tabs do not fit.
    pub fn tab_labels(self) -> (&'static str, &'static str) {
        match self {
            Self::Reader => ("Reader", "Reader"),
            Self::Coded => ("Coded passages", "Coded"),
            Self::Entities => ("Entity index", "Index"),
            Self::Timeline => ("Timeline", "Timeline"),
            Self::Map => ("Map", "Map"),
            Self::Network => ("Network", "Network"),
            Self::Agreement => ("Agreement", "Agreement"),
        }
    }

    /// The command that shows this view (tabs, menus and shortcuts share it).
    pub fn command(self) -> UiCommand {
        match self {
            Self::Reader => UiCommand::ShowReader,
            Self::Coded => UiCommand::ShowCodedPassages,
            Self::Entities => UiCommand::ShowEntityIndex,
            Self::Network => UiCommand::ShowNetwork,
            Self::Timeline => UiCommand::ShowTimeline,
            Self::Map => UiCommand::ShowMap,
            Self::Agreement => UiCommand::ShowAgreement,
        }
    }
}

/// Which tab the left panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum LeftTab {
    #[default]
    Documents,
    Search,
}

impl LeftTab {
    /// The command that shows this tab.
    pub fn command(self) -> UiCommand {
        match self {
            Self::Documents => UiCommand::ShowDocuments,
            Self::Search => UiCommand::SearchCorpus,
        }
    }
}

/// Which tab the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum SideTab {
    #[default]
    Annotations,
    Entities,
    Codebook,
}

impl SideTab {
    /// The command that shows this tab.
    pub fn command(self) -> UiCommand {
        match self {
            Self::Annotations => UiCommand::ShowAnnotations,
            Self::Entities => UiCommand::ShowEntities,
            Self::Codebook => UiCommand::ShowCodebook,
        }
    }
}

/// Everything the user can ask for, with its arguments.
#[derive(Clone, Debug)]
pub enum Action {
    Ui(UiCommand),
    /// A change to the project (undoable); boxed, as a command can hold a whole annotation
    /// while most actions are a few words.
    Edit(Box<Command>),
    /// Open a folder or a project (recent list, drop, command line).
    OpenPath(PathBuf),
    SelectDocument(usize),
    /// Show two versions of a text (near-copies: indices of documents) side by side, with
    /// their differences marked.
    CompareVersions {
        left: usize,
        right: usize,
    },
    /// Close the side-by-side view of two versions.
    CloseComparison,
    /// Show a document whose file is missing (its path): its annotations, kept as orphans.
    SelectMissingDocument(String),
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
    /// Annotate search hits (document path, char range) with a tag and a note, in one step.
    AnnotateHits {
        hits: Vec<(String, Range<usize>)>,
        tag: crate::session::TagPick,
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
    /// Stop reading scanned pages (the pages read so far are kept).
    CancelOcr,
    /// Re-attach an orphaned annotation to the reader's current selection.
    ReattachToSelection(AnnotationId),
    /// Ask before deleting a tag (the dialog says how many annotations use it).
    ConfirmDeleteTag(TagId),
    /// Filter the annotation list by a tag (or clear the filter).
    FilterByTag(Option<TagId>),
    /// Toggle an entity kind's highlighting.
    ToggleEntityKind(crate::entities::EntityKind),
    /// Save, then do the pending action (from the unsaved-changes prompt).
    SaveThen(Box<Action>),
    /// Do an action without asking about unsaved changes (after "Discard").
    Discarded(Box<Action>),
    /// "Always tag this phrase as this kind" (entity dictionary, undoable).
    MarkEntity {
        phrase: String,
        kind: crate::entities::EntityKind,
    },
    /// "Never tag this phrase" (entity dictionary, undoable).
    NotAnEntity {
        phrase: String,
    },
    /// The text of the typed-path dialog changed.
    EditTypedPath(String),
    /// List every orphaned annotation.
    ShowOrphans,
    /// Show again what changed since the last save when the project was opened.
    ShowOpenChanges,
    /// A path typed in because no file dialog could be shown, and what it was asked for.
    PathTyped {
        path: PathBuf,
        then: DialogPurpose,
    },
    /// The text of the coder-name dialog changed.
    EditCoderName(String),
    /// The OCR languages dialog's choice changed (`None`: the default); OK sends it as
    /// `Command::SetOcrLanguages`.
    ChooseOcrLanguages(Option<Vec<String>>),
    /// The coder's name given (then the action that waited for it).
    SetCoderName {
        name: String,
        then: Option<Box<Action>>,
    },
    /// Mark a document coded by the coder (`coded`), or take the mark back.
    MarkCoded {
        path: String,
        coded: bool,
    },
    /// Show the annotations of one coder (or everyone's) in the annotation panel.
    FilterByCoder(crate::search::CoderFilter),
    /// Restore the recovery copy found when the project was opened.
    RestoreRecovery,
    DismissRecovery,
    /// Apply the merge prepared from a colleague's copy (File > Merge Project…), shown in
    /// its summary, as one undoable step.
    ApplyMerge,
    /// Drop the merge prepared from a colleague's copy.
    CancelMerge,
}

impl Action {
    /// The action that applies `command`.
    pub fn edit(command: Command) -> Self {
        Self::Edit(Box::new(command))
    }
}

/// Where a newly created tag is applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagTarget {
    Nothing,
    Annotation(AnnotationId),
    /// The annotation being drafted in the panel.
    Draft,
}

/// Why a dialog was opened: what to do with its answer.
#[derive(Clone, Debug)]
pub enum DialogPurpose {
    Open,
    SaveAs {
        then: Option<Box<Action>>,
    },
    Export(crate::export::ExportFormat),
    ExportTimeline(crate::analysis::timeline_export::TimelineFormat),
    /// A `.qdpx` was asked for; the target folder comes next.
    ImportChooseFile,
    ImportInto(PathBuf),
    /// A colleague's copy of the project, to merge into the open one.
    Merge,
}

/// Light, dark, or whatever the system uses.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every variant's place in the list below. The match is exhaustive: a new command
    /// does not compile until it is given a number here, and the test then fails until it
    /// is in `UiCommand::ALL` (the menus' and palette's list).
    fn kind(c: UiCommand) -> usize {
        match c {
            UiCommand::OpenFolder => 0,
            UiCommand::OpenProject => 1,
            UiCommand::OpenSample => 2,
            UiCommand::Save => 3,
            UiCommand::SaveAs => 4,
            UiCommand::CloseProject => 5,
            UiCommand::Quit => 6,
            UiCommand::Undo => 7,
            UiCommand::Redo => 8,
            UiCommand::AnnotateSelection => 9,
            UiCommand::FindInDocument => 10,
            UiCommand::FindNext => 11,
            UiCommand::FindPrevious => 12,
            UiCommand::CommandPalette => 13,
            UiCommand::ZoomIn => 14,
            UiCommand::ZoomOut => 15,
            UiCommand::ZoomReset => 16,
            UiCommand::Theme(_) => 17,
            UiCommand::NextDocument => 18,
            UiCommand::PreviousDocument => 19,
            UiCommand::FocusDocumentFilter => 20,
            UiCommand::ShowDocuments => 21,
            UiCommand::ShowAnnotations => 22,
            UiCommand::ShowEntities => 23,
            UiCommand::ShowCodebook => 24,
            UiCommand::NewTag => 25,
            UiCommand::ShowLoadReport => 26,
            UiCommand::SearchCorpus => 27,
            UiCommand::ShowReader => 28,
            UiCommand::ShowCodedPassages => 29,
            UiCommand::ShowEntityIndex => 30,
            UiCommand::Export(_) => 31,
            UiCommand::ImportQdpx => 32,
            UiCommand::About => 33,
            UiCommand::ShowNetwork => 34,
            UiCommand::ShowTimeline => 35,
            UiCommand::ShowMap => 36,
            UiCommand::ExportTimeline(_) => 37,
            UiCommand::ReloadCorpus => 38,
            UiCommand::ShowAgreement => 39,
            UiCommand::MergeProject => 40,
            UiCommand::ShowMergeConflicts => 41,
            UiCommand::CoderName => 42,
            UiCommand::TogglePageView => 43,
            UiCommand::ReadScannedPages => 44,
            UiCommand::GroupByConversation => 45,
            UiCommand::OcrLanguages => 46,
            UiCommand::RegionTool => 47,
        }
    }
    const KINDS: usize = 48;

    #[test]
    fn all_lists_every_command_once() {
        let kinds: HashSet<usize> = UiCommand::ALL.iter().map(|c| kind(*c)).collect();
        assert_eq!(
            kinds.len(),
            KINDS,
            "a command is missing from UiCommand::ALL"
        );
        let unique: HashSet<UiCommand> = UiCommand::ALL.iter().copied().collect();
        assert_eq!(
            unique.len(),
            UiCommand::ALL.len(),
            "a command is listed twice"
        );
        for format in ExportFormat::ALL {
            assert!(
                UiCommand::ALL.contains(&UiCommand::Export(format)),
                "{format:?}"
            );
        }
        for theme in [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark] {
            assert!(
                UiCommand::ALL.contains(&UiCommand::Theme(theme)),
                "{theme:?}"
            );
        }
        let labels: HashSet<&str> = UiCommand::ALL.iter().map(|c| c.label()).collect();
        assert_eq!(
            labels.len(),
            UiCommand::ALL.len(),
            "two commands share a label"
        );
    }

    #[test]
    fn no_two_commands_share_a_shortcut() {
        let mut seen = std::collections::HashMap::new();
        for c in UiCommand::ALL {
            for s in c.shortcuts() {
                let key = (
                    s.logical_key,
                    s.modifiers.alt,
                    s.modifiers.shift,
                    s.modifiers.command,
                );
                if let Some(other) = seen.insert(key, *c) {
                    panic!("{c:?} and {other:?} share a shortcut");
                }
            }
        }
    }

    #[test]
    fn every_view_is_listed_once_with_its_own_command() {
        // Exhaustive: a new view does not compile until it is numbered here, and the test
        // fails until it is in `CentralView::ALL` (its tab and its View menu entry).
        let number = |v: CentralView| match v {
            CentralView::Reader => 0,
            CentralView::Coded => 1,
            CentralView::Entities => 2,
            CentralView::Timeline => 3,
            CentralView::Map => 4,
            CentralView::Network => 5,
            CentralView::Agreement => 6,
        };
        let listed: HashSet<usize> = CentralView::ALL.iter().map(|v| number(*v)).collect();
        assert_eq!(
            listed.len(),
            CentralView::ALL.len(),
            "a view is listed twice"
        );
        assert_eq!(listed.len(), 7, "a view is missing from CentralView::ALL");
        let commands: HashSet<UiCommand> = CentralView::ALL.iter().map(|v| v.command()).collect();
        assert_eq!(
            commands.len(),
            CentralView::ALL.len(),
            "two views share a command"
        );
        for view in CentralView::ALL {
            assert!(UiCommand::ALL.contains(&view.command()), "{view:?}");
            assert!(
                !view.command().shortcuts().is_empty(),
                "{view:?} has no shortcut"
            );
        }
    }

    #[test]
    fn availability_follows_the_context() {
        let nothing = CommandContext::default();
        assert!(!UiCommand::Save.is_enabled(&nothing), "nothing to save");
        assert!(!UiCommand::Export(ExportFormat::Csv).is_enabled(&nothing));
        assert!(UiCommand::OpenFolder.is_enabled(&nothing));
        let clean = CommandContext {
            has_session: true,
            ..CommandContext::default()
        };
        assert!(!UiCommand::Save.is_enabled(&clean), "no unsaved changes");
        assert!(UiCommand::SaveAs.is_enabled(&clean));
        assert!(!UiCommand::Undo.is_enabled(&clean));
        assert!(!UiCommand::AnnotateSelection.is_enabled(&clean));
        let dirty = CommandContext {
            dirty: true,
            has_selection: true,
            ..clean
        };
        assert!(UiCommand::Save.is_enabled(&dirty));
        assert!(UiCommand::AnnotateSelection.is_enabled(&dirty));
        assert!(UiCommand::MergeProject.is_enabled(&clean));
        assert!(!UiCommand::MergeProject.is_enabled(&nothing));
        assert!(
            !UiCommand::ShowMergeConflicts.is_enabled(&clean),
            "no conflict to show"
        );
        let conflicted = CommandContext {
            merge_conflicts: 2,
            ..clean
        };
        assert!(UiCommand::ShowMergeConflicts.is_enabled(&conflicted));
    }
}

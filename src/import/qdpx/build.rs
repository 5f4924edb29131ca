//! From a parsed `project.qde` to a Dossier project on disk: source texts written and
//! read back as the corpus loader reads them, tags and annotations added as commands,
//! every position checked (see the parent module's doc for the rules).
//!
//! A source exported by Dossier carries its document's path in the corpus (and, when its
//! name had to differ from it, its title) as variables: the text goes back to that path,
//! with its extension when the text reads back the same as that format (`.md`, `.txt`),
//! and the document keeps its title (given as the project's title for it when the file
//! alone would read otherwise).

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use super::archive::Archive;
use super::names::{self, Normalized};
use super::qde::{Code, Qde, Selection, Source, SourceText, normalize_guid};
use super::{ImportError, ImportReport, ImportedDocument, Mismatch, MismatchKind};
use crate::corpus::{Document, Format, LoadOptions, SkipReason, load_document};
use crate::interchange::qdpx::{PAGE_VARIABLE, PATH_VARIABLE, TITLE_VARIABLE};
use crate::project::reanchor::Reanchorer;
use crate::project::{
    Anchor, Annotation, Command, CommandError, DocumentRecord, PageRegion, Project, Rgb, Tag,
    TagId, file,
};

pub(super) fn build<R: Read + Seek>(
    mut qde: Qde,
    archive: &mut Archive<R>,
    qdpx: &Path,
    into: &Path,
) -> Result<ImportReport, ImportError> {
    let name = if qde.name.is_empty() {
        qdpx.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Imported".to_owned())
    } else {
        qde.name.clone()
    };
    std::fs::create_dir_all(into).map_err(|source| ImportError::Write {
        path: into.to_owned(),
        source,
    })?;
    let project_path = into.join(format!("{}{}", names::project_stem(&name), file::EXTENSION));
    if project_path.exists() {
        return Err(ImportError::Exists { path: project_path });
    }

    // Everything is read from the archive before anything is written, so that a zip bomb
    // or a damaged entry stops the import with the folder untouched.
    let texts: Vec<Result<String, NotImported>> = qde
        .sources
        .iter()
        .map(|s| read_text(&s.text, archive))
        .collect::<Result<_, _>>()?;
    for source in &mut qde.sources {
        turn_pdf_regions(source, archive, &mut qde.not_imported)?;
        // A picture written later is read (and the archive's caps checked) now.
        if let Some(index) = source
            .picture_original
            .as_deref()
            .and_then(|name| archive.find_internal(name))
        {
            archive.read(index)?;
        }
    }
    let mut notes: HashMap<String, String> = HashMap::new();
    for (guid, text) in &qde.notes {
        if let Ok(t) = read_text(text, archive)? {
            notes.insert(guid.clone(), t);
        }
    }

    let unplaced = attach_note_passages(&mut qde);
    let root = into.canonicalize().unwrap_or_else(|_| into.to_owned());
    let mut builder = Builder {
        project: Project::new(name.clone()),
        report: ImportReport {
            project_file: project_path.clone(),
            name,
            remarks: qde.not_imported.clone(),
            ..ImportReport::default()
        },
        notes,
        used_notes: HashSet::new(),
        taken_names: HashSet::new(),
        next_suffix: HashMap::new(),
        tags: HashMap::new(),
        now: jiff::Timestamp::now(),
        users: std::mem::take(&mut qde.users),
        paged: HashMap::new(),
        ocr_languages_chosen: false,
    };
    builder.project.corpus_root = Some(root.clone());
    builder.add_codes(&qde.codes);
    if !unplaced.is_empty() {
        builder.report.remarks.push(format!(
            "{} note(s) on a passage were not imported: no source refers to them, so their \
             passage cannot be placed",
            unplaced.len()
        ));
        builder.used_notes.extend(unplaced);
    }
    let foreign_variables = qde
        .variables
        .values()
        .filter(|name| ![PATH_VARIABLE, TITLE_VARIABLE, PAGE_VARIABLE].contains(&name.as_str()))
        .count();
    if foreign_variables > 0 {
        builder.report.remarks.push(format!(
            "Variables: {foreign_variables} document or case variable(s) have no place in \
             Dossier"
        ));
    }

    let mut taken = HashSet::new();
    for (source, text) in qde.sources.iter().zip(texts) {
        let origin = Origin {
            path: variable(&qde, source, PATH_VARIABLE),
            title: variable(&qde, source, TITLE_VARIABLE),
            page: variable(&qde, source, PAGE_VARIABLE)
                .and_then(|p| p.trim().parse::<u32>().ok())
                .and_then(|p| p.checked_sub(1)),
        };
        let document = match text {
            Ok(text) => {
                let place = Place {
                    origin: &origin,
                    root: &root,
                };
                let written = match builder.write_pdf(source, &place, &text, archive, &mut taken)? {
                    Some(written) => Some(written),
                    None => {
                        builder.write_picture_source(source, &place, &text, archive, &mut taken)?
                    }
                };
                match written {
                    Some(written) => Ok(written),
                    None => {
                        // Written as its text (no OCR here): a region of a page of a
                        // multi-page image still keeps its page.
                        let page = builder.page_of(source, &origin, archive)?;
                        builder
                            .write_source(source, &origin, &text, &root, &mut taken)?
                            .map(|written| WrittenSource { page, ..written })
                    }
                }
            }
            Err(reason) => Err(reason),
        };
        match document {
            Ok(written) => builder.add_selections(source, &written),
            Err(reason) => {
                builder
                    .report
                    .remarks
                    .push(format!("source “{}” not imported: {reason}", source.name));
                let place = Place {
                    origin: &origin,
                    root: &root,
                };
                let picture = builder.write_picture(source, &place, archive, &mut taken)?;
                let path = picture.as_deref().or(origin.path.as_deref());
                builder.add_orphans(source, &reason, path);
            }
        }
    }

    let unused = builder
        .notes
        .keys()
        .filter(|g| !builder.used_notes.contains(*g))
        .count();
    if unused > 0 {
        builder.report.remarks.push(format!(
            "{unused} note(s) not attached to a passage or code were not imported (Dossier keeps \
             notes on passages)"
        ));
    }
    let Builder {
        project,
        mut report,
        ..
    } = builder;
    file::save(&project, &project_path)?;
    report.tags = project.tags.len();
    report.annotations = project.annotations.len();
    report.orphaned = project.orphans().count();
    Ok(report)
}

/// Where a document exported by Dossier came from (its variables, see the module doc).
struct Origin {
    /// Its path in the corpus.
    path: Option<String>,
    /// Its title, where the source's name differs from it.
    title: Option<String>,
    /// The page (from 0) of a multi-page image that the source's picture is.
    page: Option<u32>,
}

/// The value `source` gives the variable called `name`, if any and not empty.
fn variable(qde: &Qde, source: &Source, name: &str) -> Option<String> {
    source
        .variables
        .iter()
        .find(|(guid, _)| qde.variables.get(guid).is_some_and(|n| n == name))
        .map(|(_, value)| value.clone())
        .filter(|value| !value.trim().is_empty())
}

/// Notes about a passage become notes of selections: a note that holds its passage
/// (QualCoder's annotations: `PlainTextSelection`s inside the `Note`, positions in the
/// source that refers to the note) becomes a selection of that source, and a `Link`
/// between a note and a selection (NVivo's) attaches the note to the selection. Returns
/// the notes holding a passage that no source refers to (they cannot be placed).
fn attach_note_passages(qde: &mut Qde) -> Vec<String> {
    let mut placed: HashSet<String> = HashSet::new();
    for source in &mut qde.sources {
        let mut whole_source_notes = Vec::new();
        for note in std::mem::take(&mut source.notes) {
            match qde.note_selections.get(&note) {
                Some(passages) => {
                    for passage in passages {
                        let mut selection = passage.clone();
                        selection.notes.insert(0, note.clone());
                        source.selections.push(selection);
                    }
                    placed.insert(note);
                }
                None => whole_source_notes.push(note),
            }
        }
        source.notes = whole_source_notes;
    }
    for (origin, target) in &qde.links {
        let (note, selection) = if qde.notes.contains_key(origin) {
            (origin, target)
        } else if qde.notes.contains_key(target) {
            (target, origin)
        } else {
            continue;
        };
        for sel in qde.sources.iter_mut().flat_map(|s| s.selections.iter_mut()) {
            if sel.guid == *selection && !sel.notes.contains(note) {
                sel.notes.push(note.clone());
            }
        }
    }
    let mut unplaced: Vec<String> = qde
        .note_selections
        .keys()
        .filter(|guid| !placed.contains(*guid))
        .cloned()
        .collect();
    unplaced.sort();
    unplaced
}

/// True when `text`, written as a file with `extension`, reads back as exactly `text`
/// (a Markdown body that starts with `---` would not: it would read as front matter).
fn reads_back_as(extension: &str, text: &str) -> bool {
    let format = Format::from_path(Path::new(&format!("file.{extension}")));
    matches!(format, Some(Format::Text | Format::Markdown))
        && format
            .and_then(|f| crate::corpus::formats::extract(f, text.as_bytes()).ok())
            .is_some_and(|e| e.text == text)
}

/// Why one source of the project is not imported (said in the report; the import goes on
/// and its selections become orphans).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(super) enum NotImported {
    #[error("its text file {name} cannot be read: {reason}")]
    Undecodable { name: String, reason: SkipReason },
    #[error("its text file {name} is missing from the archive")]
    Missing { name: String },
    #[error("it has no text")]
    NoText,
    #[error(
        "its text is outside the project file ({path}); export the project with its sources \
         embedded"
    )]
    Elsewhere { path: String },
    #[error("its text is empty")]
    Empty,
    #[error("{relative} was written but Dossier cannot read it as a document: {reason}")]
    Unreadable {
        relative: String,
        reason: SkipReason,
    },
    #[error("{relative} was written but reads back as a different text")]
    ReadsBackDifferently { relative: String },
}

/// A source's or note's text; `Err` (the reason, for the report) when it cannot be had.
/// Archive errors (caps exceeded, damage) stop the import.
fn read_text<R: Read + Seek>(
    text: &SourceText,
    archive: &mut Archive<R>,
) -> Result<Result<String, NotImported>, ImportError> {
    Ok(match text {
        SourceText::Inline(t) => Ok(t.clone()),
        SourceText::Internal(name) => match archive.find_internal(name) {
            Some(index) => {
                let bytes = archive.read(index)?;
                crate::corpus::decode(&bytes)
                    .map(|d| d.text)
                    .map_err(|reason| NotImported::Undecodable {
                        name: name.clone(),
                        reason,
                    })
            }
            None => Err(NotImported::Missing { name: name.clone() }),
        },
        SourceText::Elsewhere(path) if path.is_empty() => Err(NotImported::NoText),
        SourceText::Elsewhere(path) => Err(NotImported::Elsewhere { path: path.clone() }),
    })
}

/// A PDF source's PDF read from the archive, and its regions turned from PDF user space (y up from the page's bottom-left
/// corner, as `PDFSelection` has them) to Dossier's boxes (y down from the top-left), with
/// the heights of the pages of the PDF the archive holds. Without that PDF, or a page of
/// it, the boxes are kept as written and the report says so.
fn turn_pdf_regions<R: Read + Seek>(
    source: &mut Source,
    archive: &mut Archive<R>,
    report: &mut Vec<String>,
) -> Result<(), ImportError> {
    let Some(name) = source.pdf_original.as_deref() else {
        return Ok(());
    };
    // Read even without regions: the PDF is written as the source's file later, and what
    // the archive holds is all read (and its caps checked) before anything is written.
    let bytes = match archive.find_internal(name) {
        Some(index) => Some(archive.read(index)?),
        None => None,
    };
    if source.selections.iter().all(|s| s.region.is_none()) {
        return Ok(());
    }
    let heights: Vec<f32> = match bytes {
        Some(bytes) => crate::corpus::raster::PdfPages::open(std::sync::Arc::new(bytes))
            .map(|pages| {
                (0..pages.count())
                    .filter_map(|i| pages.size(i).map(|s| s.height))
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut kept = 0;
    for region in source
        .selections
        .iter_mut()
        .filter_map(|s| s.region.as_mut())
    {
        match heights.get(region.page as usize) {
            // The file's corners are whole points (the schema's integers) and Dossier's
            // export rounded the box before turning it: turned back and rounded, a box
            // comes back to the whole points it had, whatever the page's height.
            Some(height) => {
                let top = (height - (region.y + region.h)).round();
                let bottom = (height - region.y).round();
                region.y = top;
                region.h = bottom - top;
            }
            None => kept += 1,
        }
    }
    if kept > 0 {
        report.push(format!(
            "{kept} area selection(s) of “{}” kept as written: the pages of its PDF could \
             not be read for their heights, so the boxes may be upside down",
            source.name
        ));
    }
    Ok(())
}

/// The pixels of the picture `png` per point of the page of `size` it shows (1 when
/// either cannot be read).
fn picture_scale(png: &[u8], size: Option<crate::corpus::layout::PageSize>) -> f32 {
    match (crate::corpus::raster::image_dimensions(png), size) {
        (Ok((width, _)), Some(size)) if size.width > 0.0 => width as f32 / size.width,
        _ => 1.0,
    }
}

/// A source written and read back: the document, and the text its selections' positions
/// count in (with its line ends as written, see [`Normalized`]): the document's own, or,
/// for a PDF written as itself, its text representation in the archive, whose passages are
/// found again in the PDF's text by their words.
struct WrittenSource {
    doc: Document,
    normalized: Normalized,
    /// The text representation, when it is not the document's text.
    representation: Option<crate::text::DocText>,
    /// For a page of a multi-page image exported as a picture of its own: the page (from
    /// 0) its regions go on, and the picture's pixels per point of the page.
    page: Option<(u32, f32)>,
}

/// A source written and read back, or why Dossier cannot read it (for the report).
type Written = Result<WrittenSource, NotImported>;

/// Where a source goes: the corpus folder, and where Dossier's export says it was.
struct Place<'a> {
    origin: &'a Origin,
    root: &'a Path,
}

struct Builder {
    project: Project,
    report: ImportReport,
    notes: HashMap<String, String>,
    used_notes: HashSet<String>,
    tags: HashMap<String, TagId>,
    now: jiff::Timestamp,
    /// Tag names in use, lowercased (as `Project::tag_by_name` compares them), so that
    /// thousands of codes of the same name do not cost a scan of the codebook each.
    taken_names: HashSet<String>,
    /// For each name, the number to try next ("Name 2", "Name 3", ...).
    next_suffix: HashMap<String, usize>,
    /// User GUID -> name: the coders.
    users: HashMap<String, String>,
    /// Multi-page images written back, by their path in Dossier's corpus: the further
    /// pages' picture sources put their regions on the same document.
    paged: HashMap<String, Document>,
    /// The imported project's OCR languages are settled (by the first original read that
    /// has pages OCR reads: see [`Builder::ocr_options`]).
    ocr_languages_chosen: bool,
}

impl Builder {
    fn add_codes(&mut self, codes: &[Code]) {
        let mut ids: Vec<TagId> = Vec::with_capacity(codes.len());
        for code in codes {
            let parent = code.parent.and_then(|i| ids.get(i).copied());
            let parent_name = parent
                .and_then(|p| self.project.tags.get(&p))
                .map(|t| t.name.clone());
            let name = self.unique_tag_name(&code.name, parent_name.as_deref());
            if name != code.name.trim() {
                self.report.remarks.push(format!(
                    "code “{}” renamed “{name}” (tag names are unique in Dossier)",
                    code.name
                ));
            }
            let mut description = code.description.trim().to_owned();
            for note in self.take_notes(&code.notes) {
                if !description.is_empty() {
                    description.push_str("\n\n");
                }
                description.push_str(&note);
            }
            let colour = code
                .colour
                .as_deref()
                .and_then(parse_colour)
                .unwrap_or_else(|| self.project.next_tag_colour());
            let id = self.project.new_tag_id();
            let tag = Tag {
                id,
                name,
                colour,
                description,
                parent,
            };
            // Cannot fail: the name is unique and non-empty, the parent exists.
            let taken = tag.name.trim().to_lowercase();
            match Command::AddTag(tag).apply(&mut self.project) {
                Ok(_) => {
                    self.taken_names.insert(taken);
                }
                Err(e) => self
                    .report
                    .remarks
                    .push(format!("code “{}” not imported: {e}", code.name)),
            }
            self.tags.insert(code.guid.clone(), id);
            ids.push(id);
        }
    }

    fn unique_tag_name(&mut self, wanted: &str, parent: Option<&str>) -> String {
        let base = match wanted.trim() {
            "" => "Unnamed code",
            name => name,
        };
        let free = |taken: &HashSet<String>, n: &str| !taken.contains(&n.trim().to_lowercase());
        if free(&self.taken_names, base) {
            return base.to_owned();
        }
        if let Some(parent) = parent {
            let candidate = format!("{base} ({parent})");
            if free(&self.taken_names, &candidate) {
                return candidate;
            }
        }
        let next = self.next_suffix.entry(base.to_lowercase()).or_insert(2);
        loop {
            let candidate = format!("{base} {next}");
            *next += 1;
            if free(&self.taken_names, &candidate) {
                return candidate;
            }
        }
    }

    /// The texts of the notes `guids` (in order), marking them used.
    fn take_notes(&mut self, guids: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for guid in guids {
            match self.notes.get(guid) {
                Some(text) => {
                    self.used_notes.insert(guid.clone());
                    if !text.trim().is_empty() {
                        out.push(text.trim().to_owned());
                    }
                }
                None => self
                    .report
                    .remarks
                    .push(format!("note {guid} is referred to but missing")),
            }
        }
        out
    }

    /// The tags of code GUIDs, in order, without repeats; unknown codes are remarked.
    fn tag_ids(&mut self, codes: &[String], selection: &str) -> Vec<TagId> {
        let mut out = Vec::new();
        for guid in codes {
            match self.tags.get(&normalize_guid(guid)) {
                Some(id) if !out.contains(id) => out.push(*id),
                Some(_) => {}
                None => self.report.remarks.push(format!(
                    "{selection}: coded with code {guid}, which the codebook lacks"
                )),
            }
        }
        out
    }

    /// Writes the source's text as a new file (where `origin` says it was, else a `.txt`
    /// named after the source) and reads it back as the corpus loader does. `Err` (for the
    /// report) when Dossier cannot read it as a document.
    fn write_source(
        &mut self,
        source: &Source,
        origin: &Origin,
        text: &str,
        root: &Path,
        taken: &mut HashSet<String>,
    ) -> Result<Written, ImportError> {
        let normalized = Normalized::new(text);
        if normalized.text.trim().is_empty() {
            return Ok(Err(NotImported::Empty));
        }
        let relative = match &origin.path {
            Some(path) => {
                let wanted = names::extension_of(path);
                let extension = if reads_back_as(&wanted, &normalized.text) {
                    wanted.as_str()
                } else {
                    "txt"
                };
                let at = wanted_path(source, origin);
                let relative = names::file_name(&at, extension, taken, root);
                if extension != wanted {
                    self.report.remarks.push(format!(
                        "{path}: its text is written as {relative} (Dossier reads the text, \
                         not the original file)"
                    ));
                }
                relative
            }
            None => names::file_name(&source.name, "txt", taken, root),
        };
        let path = write_source(root, &relative, normalized.text.as_bytes())?;
        let options = LoadOptions {
            max_file_bytes: u64::MAX,
            ..LoadOptions::default()
        };
        let doc = match load_document(&path, &relative, &options) {
            Ok(doc) => doc,
            Err(reason) => return Ok(Err(NotImported::Unreadable { relative, reason })),
        };
        if doc.text.as_str() != normalized.text {
            return Ok(Err(NotImported::ReadsBackDifferently { relative }));
        }
        if normalized.changed() {
            self.report.remarks.push(format!(
                "{relative}: line ends converted to LF as Dossier reads them; selections mapped \
                 to the same characters"
            ));
        }
        self.add_record(source, origin, &doc, &relative);
        Ok(Ok(WrittenSource {
            doc,
            normalized,
            representation: None,
            page: None,
        }))
    }

    /// The project's record of a document written for `source`, with its title as the
    /// other project gave it: Dossier's own (kept in a variable, or as the source's name),
    /// else the source's name without extension.
    fn add_record(&mut self, source: &Source, origin: &Origin, doc: &Document, relative: &str) {
        let title = match (&origin.title, &origin.path) {
            (Some(title), _) => title.trim().to_owned(),
            (None, Some(_)) => source.name.trim().to_owned(),
            (None, None) => names::title_of_name(&source.name),
        };
        let renamed = (!title.is_empty() && title != doc.title).then_some(title);
        self.project.documents.insert(
            relative.to_owned(),
            DocumentRecord {
                path: relative.to_owned(),
                hash: doc.hash.clone(),
                title: doc.title.clone(),
                renamed,
                coded_by: Default::default(),
            },
        );
    }

    /// The picture of a picture source without text, written into the corpus so that its
    /// regions, kept as orphans of it, are placed on it once Dossier has read it (by OCR;
    /// re-anchoring re-attaches them); its path, or `None` when the archive lacks it or it
    /// is not an image Dossier reads.
    fn write_picture<R: Read + Seek>(
        &mut self,
        source: &Source,
        place: &Place<'_>,
        archive: &mut Archive<R>,
        taken: &mut HashSet<String>,
    ) -> Result<Option<String>, ImportError> {
        let Some((relative, _)) = self.write_picture_file(source, place, archive, taken)? else {
            return Ok(None);
        };
        self.report.remarks.push(format!(
            "“{}”: its picture is written as {relative}; its regions are kept as orphans of it \
             until Dossier has read it (OCR), then placed on it",
            source.name
        ));
        Ok(Some(relative))
    }

    /// A picture source written as its picture, from the archive, and read (by OCR when
    /// Tesseract is there, once, as `dossier text` does): the document then has its pages,
    /// so that its regions keep their page and box and get their words, and its passages
    /// are found again in the OCR'd text by their words. `None` when the archive lacks the
    /// picture, Dossier cannot read it, or it gave no text while the source has passages
    /// of text (they need the text): the source is then written as its text, as before,
    /// its regions keeping their boxes.
    fn write_picture_source<R: Read + Seek>(
        &mut self,
        source: &Source,
        place: &Place<'_>,
        representation: &str,
        archive: &mut Archive<R>,
        taken: &mut HashSet<String>,
    ) -> Result<Option<WrittenSource>, ImportError> {
        // A picture without text (a photograph) is written as before: its picture, its
        // regions kept as orphans until Dossier has read it.
        // A further page of a multi-page image has no text of its own: it goes on.
        if representation.trim().is_empty() && place.origin.page.is_none() {
            return Ok(None);
        }
        // A further page of a multi-page image already written: its regions go on it.
        if let (Some(page), Some(path)) = (place.origin.page, place.origin.path.as_deref())
            && let Some(doc) = self.paged.get(path)
        {
            let normalized = Normalized::new(representation);
            let text = crate::text::DocText::new(normalized.text.clone(), Default::default());
            let png = match source
                .picture_original
                .as_deref()
                .and_then(|name| archive.find_internal(name))
            {
                Some(index) => archive.read(index)?,
                None => Vec::new(),
            };
            let size = doc
                .layout
                .as_deref()
                .and_then(|l| l.pages.get(page as usize).copied());
            return Ok(Some(WrittenSource {
                doc: doc.clone(),
                normalized,
                representation: Some(text),
                page: Some((page, picture_scale(&png, size))),
            }));
        }
        let paged = self.page_of(source, place.origin, archive)?;
        let Some((relative, path)) = self.write_picture_file(source, place, archive, taken)? else {
            return Ok(None);
        };
        let mut options = self.ocr_options(&path);
        options.ocr.run = true;
        let has_passages = source.selections.iter().any(|s| s.region.is_none());
        let usable = |doc: &Document| {
            doc.layout.as_ref().is_some_and(|l| !l.pages.is_empty())
                && (!has_passages || !doc.text.as_str().trim().is_empty())
        };
        let Ok(doc) = read_written(&path, &relative, &options, usable) else {
            taken.remove(&relative.to_lowercase());
            return Ok(None);
        };
        if let (Some(_), Some(path)) = (paged, place.origin.path.as_deref()) {
            self.paged.insert(path.to_owned(), doc.clone());
        }
        Ok(Some(self.written_original(
            source,
            place.origin,
            doc,
            &relative,
            representation,
            paged,
        )))
    }

    /// A source written as its original (its PDF or picture, read back as `doc` at
    /// `relative`) with its text representation: recorded in the project.
    fn written_original(
        &mut self,
        source: &Source,
        origin: &Origin,
        doc: Document,
        relative: &str,
        representation: &str,
        page: Option<(u32, f32)>,
    ) -> WrittenSource {
        let normalized = Normalized::new(representation);
        let text = crate::text::DocText::new(normalized.text.clone(), Default::default());
        self.add_record(source, origin, &doc, relative);
        WrittenSource {
            doc,
            normalized,
            representation: Some(text),
            page,
        }
    }

    /// How the original written at `path` is read back: any pages it has that OCR has
    /// read already are taken from the OCR cache, in the languages they were read in
    /// (`corpus::ocr::languages_already_read`: those of the project the archive was
    /// exported from, say), rather than read again; those become the imported project's
    /// OCR languages, so that opening it reads nothing again either. Without such pages,
    /// the project's languages so far (the default at first).
    fn ocr_options(&mut self, path: &Path) -> LoadOptions {
        let mut options = LoadOptions {
            max_file_bytes: u64::MAX,
            ..LoadOptions::default()
        };
        options.ocr.languages = self.project.ocr_languages.clone();
        let Some(found) = crate::corpus::ocr::languages_already_read(path, &options) else {
            return options;
        };
        if found != options.ocr.languages {
            if self.project.ocr_languages.is_none() && !self.ocr_languages_chosen {
                self.project.ocr_languages = found.clone();
                if let Some(codes) = &found {
                    self.report.remarks.push(format!(
                        "OCR languages: {} (the pictures and scans were read in them \
                         before; the project reads its scans in them)",
                        codes.join("+")
                    ));
                }
            }
            options.ocr.languages = found;
        }
        self.ocr_languages_chosen = true;
        options
    }

    /// For a picture that is a page of a multi-page image (Dossier's [`PAGE_VARIABLE`],
    /// with the original image beside it in the archive): the page, from 0, and the
    /// picture's pixels per point of the page.
    fn page_of<R: Read + Seek>(
        &self,
        source: &Source,
        origin: &Origin,
        archive: &mut Archive<R>,
    ) -> Result<Option<(u32, f32)>, ImportError> {
        let (Some(page), Some(picture)) = (origin.page, source.picture_original.as_deref()) else {
            return Ok(None);
        };
        let Some(index) = archive.find_internal(picture) else {
            return Ok(None);
        };
        let Some(original) = self.original_of(source, origin, archive) else {
            return Ok(None);
        };
        let png = archive.read(index)?;
        let original = archive.read(original)?;
        let sizes = crate::corpus::ocr::pages::image_page_sizes(&original).unwrap_or_default();
        Ok(Some((
            page,
            picture_scale(&png, sizes.get(page as usize).copied()),
        )))
    }

    /// The archive's index of the original multi-page image of a page's picture: the
    /// picture's name with the extension of the document's path ("GUID.tif").
    fn original_of<R: Read + Seek>(
        &self,
        source: &Source,
        origin: &Origin,
        archive: &Archive<R>,
    ) -> Option<usize> {
        origin.page?;
        let picture = source.picture_original.as_deref()?;
        let stem = picture.rsplit_once('.').map_or(picture, |(stem, _)| stem);
        let extension = names::extension_of(origin.path.as_deref()?);
        archive.find_internal(&format!("{stem}.{extension}"))
    }

    /// The picture of a picture source written into the corpus where Dossier's export
    /// says it was (with its own extension): its path relative to the corpus and on disk;
    /// `None` when the archive lacks it or it is not an image Dossier reads.
    fn write_picture_file<R: Read + Seek>(
        &mut self,
        source: &Source,
        place: &Place<'_>,
        archive: &mut Archive<R>,
        taken: &mut HashSet<String>,
    ) -> Result<Option<(String, PathBuf)>, ImportError> {
        let Some(mut name) = source.picture_original.clone() else {
            return Ok(None);
        };
        // A page of a multi-page image: the image itself is written.
        if self.original_of(source, place.origin, archive).is_some()
            && let Some(path) = place.origin.path.as_deref()
        {
            let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
            name = format!("{stem}.{}", names::extension_of(path));
        }
        let extension = names::extension_of(&name);
        let is_image =
            Format::from_path(Path::new(&format!("picture.{extension}"))) == Some(Format::Image);
        let index = archive.find_internal(&name);
        let (true, Some(index)) = (is_image, index) else {
            return Ok(None);
        };
        let bytes = archive.read(index)?;
        let wanted = wanted_path(source, place.origin);
        let wanted = wanted.as_str();
        // `file_name` strips document extensions only: "photo.png" would be "photo.png.png".
        let suffix = format!(".{extension}");
        let wanted = match wanted.len().checked_sub(suffix.len()) {
            Some(cut)
                if wanted.is_char_boundary(cut) && wanted[cut..].eq_ignore_ascii_case(&suffix) =>
            {
                &wanted[..cut]
            }
            _ => wanted,
        };
        let relative = names::file_name(wanted, &extension, taken, place.root);
        let path = write_source(place.root, &relative, &bytes)?;
        Ok(Some((relative, path)))
    }

    /// A PDF source written as its PDF, from the archive, when Dossier can read its text:
    /// the document then has its pages, so that its regions show on them with their words
    /// and its passages are found again in its text. `None` (and a remark) when the archive
    /// lacks the PDF or Dossier cannot read it: the source is then written as its text.
    fn write_pdf<R: Read + Seek>(
        &mut self,
        source: &Source,
        place: &Place<'_>,
        representation: &str,
        archive: &mut Archive<R>,
        taken: &mut HashSet<String>,
    ) -> Result<Option<WrittenSource>, ImportError> {
        let Some(name) = source.pdf_original.as_deref() else {
            return Ok(None);
        };
        let without = |why: String| {
            format!(
                "“{}”: {why}; imported as its text, without its pages (its regions keep their \
                 boxes, without their words)",
                source.name
            )
        };
        let Some(index) = archive.find_internal(name) else {
            let remark = without(format!("its PDF {name} is missing from the archive"));
            self.report.remarks.push(remark);
            return Ok(None);
        };
        let bytes = archive.read(index)?;
        let wanted = wanted_path(source, place.origin);
        let relative = names::file_name(&wanted, "pdf", taken, place.root);
        let path = write_source(place.root, &relative, &bytes)?;
        let options = self.ocr_options(&path);
        let usable = |doc: &Document| !doc.text.as_str().trim().is_empty();
        let doc = match read_written(&path, &relative, &options, usable) {
            Ok(doc) => doc,
            Err(unread) => {
                let why = match unread {
                    Some(reason) => format!("its PDF cannot be read ({reason})"),
                    None => "its PDF has no text Dossier can read without OCR".to_owned(),
                };
                self.report.remarks.push(without(why));
                return Ok(None);
            }
        };
        Ok(Some(self.written_original(
            source,
            place.origin,
            doc,
            &relative,
            representation,
            None,
        )))
    }

    fn add_selections(&mut self, source: &Source, written: &WrittenSource) {
        let doc = &written.doc;
        let before = self.project.annotations.len();
        for sel in &source.selections {
            match sel.region {
                Some(region) => {
                    let region = match written.page {
                        Some((page, scale)) => PageRegion {
                            page,
                            x: region.x / scale,
                            y: region.y / scale,
                            w: region.w / scale,
                            h: region.h / scale,
                        },
                        None => region,
                    };
                    self.add_region(sel, doc, region)
                }
                None => self.add_passage(source, sel, written),
            }
        }
        self.add_whole_source(source, doc);
        let count = self.project.annotations.len() - before;
        self.report.documents.push(ImportedDocument {
            source: source.name.clone(),
            path: doc.path.clone(),
            chars: doc.text.char_len(),
            annotations: count,
        });
    }

    /// A box on a page: on a document with its pages (a PDF written as itself), with the
    /// words inside it; else kept by its page and box, an empty span at the text's start,
    /// found again when the document is opened with its pages (`project::reanchor`).
    fn add_region(&mut self, sel: &Selection, doc: &Document, region: PageRegion) {
        let on_page = doc
            .layout
            .as_deref()
            .and_then(|layout| Anchor::for_region(&doc.text, layout, region));
        let anchor = on_page.unwrap_or_else(|| Anchor {
            start: 0,
            end: 0,
            quote: String::new(),
            prefix: String::new(),
            suffix: doc.text.after(0, crate::project::CONTEXT_CHARS).to_owned(),
            current_quote: None,
            region: Some(region),
        });
        self.add_annotation(sel, &doc.path, anchor, false);
    }

    /// A passage of text, where its positions say in the text they count in; on a PDF
    /// written as itself, found again in the PDF's text by its words (the text
    /// representation of another tool may differ from Dossier's in spaces and line ends).
    fn add_passage(&mut self, source: &Source, sel: &Selection, written: &WrittenSource) {
        let doc = &written.doc;
        let text = written.representation.as_ref().unwrap_or(&doc.text);
        let len = text.char_len();
        let positions = parse_position(&sel.start).zip(parse_position(&sel.end));
        let range = positions
            .map(|(s, e)| (written.normalized.map(s), written.normalized.map(e)))
            .filter(|&(s, e)| s < e && e <= len);
        let Some(anchor) = range.and_then(|(s, e)| Anchor::from_range(text, s, e)) else {
            let message = match positions {
                None => "its positions are not numbers".to_owned(),
                Some((s, e)) if s >= e => "it is empty or reversed".to_owned(),
                Some(_) => format!("it goes beyond the end of the text ({len} chars)"),
            };
            self.mismatch(
                source,
                sel,
                MismatchKind::OutOfRange,
                format!("{message}; imported as an orphan"),
            );
            self.add_orphan(sel, &doc.path, positions);
            return;
        };
        if !names::name_matches(&sel.name, &anchor.quote) {
            self.mismatch(
                source,
                sel,
                MismatchKind::TextDiffers,
                format!(
                    "its name is “{}” but the text at its position is “{}”; imported at the \
                     position, please check",
                    crate::text::shorten(&sel.name, 60),
                    crate::text::shorten(&anchor.quote, 60)
                ),
            );
        }
        if written.representation.is_none() {
            self.add_annotation(sel, &doc.path, anchor, false);
            return;
        }
        let reanchorer = Reanchorer::with_layout(&doc.text, doc.layout.as_deref());
        match reanchorer.reanchor(&anchor) {
            (_, Some(found)) => self.add_annotation(sel, &doc.path, found, false),
            (_, None) => {
                self.mismatch(
                    source,
                    sel,
                    MismatchKind::NotInPdf,
                    format!(
                        "“{}” is in its text but not in its PDF's; imported as an orphan",
                        crate::text::shorten(&anchor.quote, 60)
                    ),
                );
                self.add_annotation(sel, &doc.path, anchor, true);
            }
        }
    }

    /// Codes and memos of a whole source become one annotation over its whole text.
    fn add_whole_source(&mut self, source: &Source, doc: &Document) {
        let mut parts: Vec<String> = Vec::new();
        if !source.description.trim().is_empty() {
            parts.push(source.description.trim().to_owned());
        }
        add_once(&mut parts, self.take_notes(&source.notes));
        let tags = self.tag_ids(&source.codes, &format!("source “{}”", source.name));
        if parts.is_empty() && tags.is_empty() {
            return;
        }
        let Some(anchor) = Anchor::from_range(&doc.text, 0, doc.text.char_len()) else {
            return;
        };
        let created = source
            .created
            .as_deref()
            .and_then(parse_time)
            .unwrap_or(self.now);
        let id = self.project.new_annotation_id();
        let annotation = Annotation {
            id,
            document: doc.path.clone(),
            anchor,
            note: parts.join("\n\n"),
            tags,
            created,
            modified: created,
            orphaned: false,
            history: Vec::new(),
            // The source's own codes and memo: no coding user to credit.
            coder: None,
        };
        if Command::AddAnnotation(annotation)
            .apply(&mut self.project)
            .is_ok()
        {
            self.report.remarks.push(format!(
                "source “{}”: its own codes and memo became an annotation over its whole text",
                source.name
            ));
        }
    }

    /// The selections of a source whose text could not be had, kept as orphans of the
    /// document at `path` (where Dossier's export says it was) or named after the source;
    /// a region keeps its page and box (a photograph has no text, yet its regions are
    /// evidence).
    fn add_orphans(&mut self, source: &Source, reason: &NotImported, path: Option<&str>) {
        let document = path.unwrap_or(&source.name).to_owned();
        for sel in &source.selections {
            self.mismatch(
                source,
                sel,
                MismatchKind::NoText,
                format!("the source's text is not available ({reason}); imported as an orphan"),
            );
            let positions = parse_position(&sel.start).zip(parse_position(&sel.end));
            self.add_orphan(sel, &document, positions);
        }
    }

    fn mismatch(&mut self, source: &Source, sel: &Selection, kind: MismatchKind, message: String) {
        self.report.mismatches.push(Mismatch {
            source: source.name.clone(),
            selection: sel.guid.clone(),
            start: sel.start.clone(),
            end: sel.end.clone(),
            kind,
            message,
        });
    }

    /// An orphan keeps the selection's tags and notes, and its name as quote.
    fn add_orphan(&mut self, sel: &Selection, document: &str, positions: Option<(usize, usize)>) {
        let (start, end) = positions.filter(|(s, e)| s < e).unwrap_or((0, 0));
        let anchor = Anchor {
            start,
            end,
            quote: sel.name.trim().to_owned(),
            prefix: String::new(),
            suffix: String::new(),
            current_quote: None,
            region: sel.region,
        };
        self.add_annotation(sel, document, anchor, true);
    }

    /// The coder of a selection: the name of the user who coded it, unless that is the
    /// user Dossier's export credits annotations without a coder to.
    fn coder(&self, sel: &Selection) -> Option<String> {
        let name = self.users.get(sel.user.as_deref()?)?;
        (name != crate::interchange::qdpx::DOSSIER_USER).then(|| name.clone())
    }

    fn add_annotation(&mut self, sel: &Selection, document: &str, anchor: Anchor, orphaned: bool) {
        let mut parts = Vec::new();
        if !sel.description.trim().is_empty() {
            parts.push(sel.description.trim().to_owned());
        }
        add_once(&mut parts, self.take_notes(&sel.notes));
        let tags = self.tag_ids(&sel.codes, &format!("selection {}", sel.guid));
        let created = sel
            .created
            .as_deref()
            .and_then(parse_time)
            .unwrap_or(self.now);
        let modified = sel
            .modified
            .as_deref()
            .and_then(parse_time)
            .unwrap_or(created);
        let annotation = Annotation {
            id: self.project.new_annotation_id(),
            document: document.to_owned(),
            anchor,
            note: parts.join("\n\n"),
            tags,
            created,
            modified,
            orphaned,
            history: Vec::new(),
            coder: self.coder(sel),
        };
        match Command::AddAnnotation(annotation.clone()).apply(&mut self.project) {
            Ok(_) => {}
            // An orphan without a usable span is still kept, as a project file keeps one
            // (see `project::file`): its tags and note are what matter.
            Err(CommandError::EmptyAnchor) if orphaned => {
                self.project.annotations.insert(annotation.id, annotation);
            }
            Err(e) => self
                .report
                .remarks
                .push(format!("selection {} not imported: {e}", sel.guid)),
        }
    }
}

/// Adds the notes that are not there yet: a note written both as a selection's description
/// and as a note it refers to (Dossier's export writes both) is taken once.
fn add_once(parts: &mut Vec<String>, notes: Vec<String>) {
    for note in notes {
        if !parts.contains(&note) {
            parts.push(note);
        }
    }
}

/// Where a source exported by Dossier goes back: its path in the corpus, but a part of
/// another file (an email's attachment `mail.eml/1-memo%20scan.pdf`) goes beside that
/// file under the name it was given ("memo scan.pdf"), which a user finds;
/// `file_name` then makes it safe and unique. Else the source's name.
fn wanted_path(source: &Source, origin: &Origin) -> String {
    let Some(path) = origin.path.as_deref() else {
        return source.name.clone();
    };
    names::part_path(path).unwrap_or_else(|| path.to_owned())
}

/// Reads back the original just written at `path` (`relative` in the corpus) with
/// `options`: the document, when `usable`; else the file is removed (this import made it
/// a moment ago: nothing of the user's) and `Err` says why (`None`: read, but not usable).
fn read_written(
    path: &Path,
    relative: &str,
    options: &LoadOptions,
    usable: impl Fn(&Document) -> bool,
) -> Result<Document, Option<SkipReason>> {
    let unread = match load_document(path, relative, options) {
        Ok(doc) if usable(&doc) => return Ok(doc),
        Ok(_) => None,
        Err(reason) => Some(reason),
    };
    let _ = std::fs::remove_file(path);
    Err(unread)
}

/// Writes a source's file at `relative` under `root` (its folders made first) with
/// [`write_new`], giving its path.
fn write_source(root: &Path, relative: &str, bytes: &[u8]) -> Result<PathBuf, ImportError> {
    let path = root.join(relative);
    let write_error = |source| ImportError::Write {
        path: path.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write_error)?;
    }
    write_new(&path, bytes).map_err(write_error)?;
    Ok(path)
}

/// Writes a file that must not exist yet (`create_new`: never replaces one, even if it
/// appeared since its name was chosen). Not synced one by one: the project file, saved
/// last and synced, is what makes the import complete, and one fsync per text made large
/// imports crawl.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

fn parse_position(s: &str) -> Option<usize> {
    s.trim().parse().ok()
}

/// `xsd:dateTime`: with an offset, or without one (taken as UTC).
fn parse_time(s: &str) -> Option<jiff::Timestamp> {
    let s = s.trim();
    s.parse::<jiff::Timestamp>().ok().or_else(|| {
        let civil: jiff::civil::DateTime = s.parse().ok()?;
        jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
    })
}

/// `#rrggbb` or `#rgb`.
fn parse_colour(s: &str) -> Option<Rgb> {
    let hex = s.trim().trim_start_matches('#');
    if hex.len() == 3 && hex.is_ascii() {
        let expanded: String = hex.chars().flat_map(|c| [c, c]).collect();
        return Rgb::parse(&expanded);
    }
    Rgb::parse(hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_times_in_their_schema_forms() {
        assert_eq!(parse_colour("#f00"), Some(Rgb(0xff, 0, 0)));
        assert_eq!(parse_colour("#1E88E5"), Some(Rgb(0x1e, 0x88, 0xe5)));
        assert_eq!(parse_colour("red"), None);
        let utc = parse_time("2019-06-04T05:25:16Z").expect("with offset");
        assert_eq!(parse_time("2019-06-04T05:25:16"), Some(utc));
        assert_eq!(
            parse_time("2019-06-04T07:25:16+02:00"),
            Some(utc),
            "offsets are honoured"
        );
        assert_eq!(parse_time("yesterday"), None);
    }

    #[test]
    fn a_text_that_cannot_be_had_is_a_typed_reason_with_the_reports_wording() {
        use std::io::{Cursor, Write};
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("sources/a.txt", zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all("Damascus, 8 December 2024.".as_bytes())
            .expect("write");
        w.start_file("sources/bin.txt", zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&[0, 159, 146, 150, 0, 0, 255, 1, 2, 3])
            .expect("write");
        let bytes = w.finish().expect("finish").into_inner();
        let mut archive = Archive::new(
            Cursor::new(bytes),
            Path::new("p.qdpx"),
            super::super::ImportLimits::default(),
        )
        .expect("a zip");
        let mut read = |text: SourceText| read_text(&text, &mut archive).expect("no archive error");
        assert_eq!(
            read(SourceText::Internal("a.txt".into())),
            Ok("Damascus, 8 December 2024.".to_owned())
        );
        let missing = read(SourceText::Internal("gone.txt".into()));
        assert_eq!(
            missing,
            Err(NotImported::Missing {
                name: "gone.txt".into()
            })
        );
        let reasons = [
            missing,
            read(SourceText::Elsewhere(String::new())),
            read(SourceText::Elsewhere("C:/data/a.docx".into())),
        ]
        .map(|r| r.map_err(|e| e.to_string()));
        assert_eq!(
            reasons,
            [
                Err("its text file gone.txt is missing from the archive".to_owned()),
                Err("it has no text".to_owned()),
                Err(
                    "its text is outside the project file (C:/data/a.docx); export the project \
                     with its sources embedded"
                        .to_owned()
                ),
            ]
        );
        assert!(matches!(
            read(SourceText::Internal("bin.txt".into())),
            Err(NotImported::Undecodable { name, .. }) if name == "bin.txt"
        ));
    }
}

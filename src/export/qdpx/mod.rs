//! REFI-QDA project export (`.qdpx`): the exchange format of qualitative-analysis software
//! (NVivo, ATLAS.ti, MAXQDA, QualCoder...), defined by the REFI-QDA Project schema
//! (`Project-mrt2019.xsd`, namespace `urn:QDA-XML:project:1.0`).
//!
//! The file is a zip of `project.qde` (the XML) and `sources/`, one `GUID.txt` per document
//! of the corpus: the document's text exactly as Dossier reads it (UTF-8, no byte-order
//! mark, LF line ends), so that the selections' positions, which count code points from 0
//! with the end exclusive (as Dossier does), point at the same characters.
//!
//! What goes where, following the schema's element order and required attributes:
//! * `Users/User` (`guid`, `name`): each coder of the exported annotations, and "Dossier"
//!   for the project itself and the annotations made before coders were recorded (other
//!   tools expect a creating user); a selection and its codings name their annotation's
//!   coder as `creatingUser`, so that coders survive a round trip through other tools;
//! * `CodeBook/Codes/Code` (`guid`, `name`, `isCodable`, `color`): the tags, nested as in
//!   the codebook; a tag's description is the code's `Description`;
//! * `Variables/Variable` (`guid`, `name`, `typeOfVariable` "Text"): [`PATH_VARIABLE`],
//!   the document's path in the corpus ("syria/bases.md"), and, for documents whose title
//!   had to be changed to make a plain name, [`TITLE_VARIABLE`], the title as it was. Other
//!   tools show them as document variables or attributes; Dossier's import puts the file
//!   back where it was, with its extension, and the title back as it was;
//! * `Sources/TextSource` (`guid`, `name` = the document's title as a plain, unique file
//!   name (see [`names`]), `plainTextPath` = `internal://GUID.txt`) with one
//!   `PlainTextSelection` (`guid`, `name` = the quote, shortened, `startPosition`,
//!   `endPosition`, creation and modification times) per annotation, holding the note as
//!   its `Description`, a `Coding` (`guid`, `CodeRef targetGUID`) per tag and a `NoteRef`
//!   to the note, then the source's `VariableValue`s;
//! * a PDF or an image with coded regions is a `PDFSource` / `PictureSource` (`path` =
//!   `internal://GUID.pdf`, the original file in `sources/`) whose text, passages and
//!   variables are its `Representation` (PDF) or `TextSource` (picture), and whose regions
//!   are `PDFSelection`s / `PictureSelection`s: `firstX`, `firstY` the box's upper-left
//!   corner and `secondX`, `secondY` its lower-right, for a PDF whole points in PDF user
//!   space, y up from the page's bottom (`page` from 0; see [`region_selection`] and
//!   `docs/export-formats.md` for what the schema leaves open), pixels from the top-left
//!   for an image. Other documents stay text;
//! * `Notes/Note` (`guid`, `name`, `PlainTextContent`): the annotations' notes.
//!
//! A note is written twice on purpose: tools differ in where they read it. QualCoder reads
//! a selection's note from its `Description` only (a coded selection's as the coding's
//! memo, an uncoded one's as an annotation); NVivo, ATLAS.ti and MAXQDA follow `NoteRef`s
//! to `Notes`. Dossier's import takes a note found in both places once.
//!
//! GUIDs are UUID v5 of the project's name and Dossier's ids ([`super::Guids`]), so a
//! re-export gives the same file, byte for byte (zip entries carry a fixed date).
//! Orphans cannot be exported (a selection needs a position); each is listed in the
//! warnings. Characters XML 1.0 cannot carry (control characters in a note) become U+FFFD.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use zip::write::SimpleFileOptions;

use super::{Context, ExportError, ExportFormat, Guids, Item, timestamp};
use crate::interchange::qdpx::{
    DOSSIER_USER, INTERNAL, NAMESPACE, PAGE_VARIABLE, PATH_VARIABLE, QDE_NAME, SOURCES_DIR,
    TITLE_VARIABLE,
};
use crate::project::{Tag, TagId};

mod names;

type XmlWriter = Writer<Vec<u8>>;
/// Source files of the zip: name in `sources/`, bytes (a text, or a PDF or image file).
type SourceFiles<'a> = Vec<(String, Cow<'a, [u8]>)>;

pub(super) fn render(context: &mut Context) -> Result<Vec<u8>, ExportError> {
    let guids = Guids::new(context.project);
    let (xml, sources) =
        qde(context, &guids).map_err(|e| ExportError::build(ExportFormat::Qdpx, e))?;
    let left_out: Vec<String> = context
        .items
        .iter()
        .filter(|i| i.is_orphan())
        .map(|i| {
            format!(
                "{} in {} left out: it is orphaned, and a REFI-QDA selection needs a position",
                i.annotation.id, i.annotation.document
            )
        })
        .collect();
    context.exported = Some(context.items.len() - left_out.len());
    context.orphans_left_out = true;
    // Each document is one text file; a document with coded regions adds its original.
    let texts = sources.iter().filter(|(name, _)| name.ends_with(".txt"));
    context.documents_exported = Some(texts.count());
    context.warnings.extend(left_out);
    zip(&xml, &sources).map_err(|e| ExportError::build(ExportFormat::Qdpx, e))
}

/// The zip: `project.qde` first, then the sources in path order, deflated, with a fixed
/// date and permissions so that the same export gives the same bytes.
fn zip(xml: &[u8], sources: &[(String, Cow<[u8]>)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    writer.start_file(QDE_NAME, options)?;
    writer.write_all(xml)?;
    for (name, bytes) in sources {
        writer.start_file(format!("{SOURCES_DIR}/{name}"), options)?;
        writer.write_all(bytes)?;
    }
    Ok(writer.finish()?.into_inner())
}

/// The XML of `project.qde` and the source files (name in `sources/`, text).
fn qde<'a>(context: &Context<'a>, guids: &Guids) -> std::io::Result<(Vec<u8>, SourceFiles<'a>)> {
    let project = context.project;
    let user = guids.of("user", "dossier");
    let coders = Coders::of(
        guids,
        &user,
        context.items.iter().filter(|i| !i.is_orphan()),
    );
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;

    let located: Vec<&Item> = context.items.iter().filter(|i| !i.is_orphan()).collect();
    let created = located.iter().map(|i| i.annotation.created).min();
    let modified = located.iter().map(|i| i.annotation.modified).max();
    let version = format!("Dossier {}", env!("CARGO_PKG_VERSION"));
    let mut attrs = vec![
        ("xmlns", NAMESPACE.to_owned()),
        ("name", project.name.clone()),
        ("origin", version),
        ("creatingUserGUID", user.clone()),
    ];
    if let Some(t) = created {
        attrs.push(("creationDateTime", timestamp(t)));
    }
    attrs.push(("modifyingUserGUID", user.clone()));
    if let Some(t) = modified {
        attrs.push(("modifiedDateTime", timestamp(t)));
    }
    open(&mut w, "Project", &attrs)?;

    open(&mut w, "Users", &[])?;
    empty(
        &mut w,
        "User",
        &[("guid", user.clone()), ("name", DOSSIER_USER.to_owned())],
    )?;
    for (name, guid) in &coders.guids {
        empty(
            &mut w,
            "User",
            &[("guid", guid.clone()), ("name", name.clone())],
        )?;
    }
    close(&mut w, "Users")?;

    // The schema requires at least one Code in Codes: no CodeBook for an empty codebook.
    if !context.tree.is_empty() {
        let mut children: BTreeMap<Option<TagId>, Vec<&Tag>> = BTreeMap::new();
        for &(depth, tag) in &context.tree {
            let parent = if depth == 0 { None } else { tag.parent };
            children.entry(parent).or_default().push(tag);
        }
        open(&mut w, "CodeBook", &[])?;
        open(&mut w, "Codes", &[])?;
        for tag in children.get(&None).into_iter().flatten() {
            code(&mut w, guids, &children, tag)?;
        }
        close(&mut w, "Codes")?;
        close(&mut w, "CodeBook")?;
    }

    // Every document of the corpus is a source, annotated or not: the other tool gets the
    // whole corpus to go on coding.
    let documents = &context.corpus.documents;
    let titles: Vec<&str> = documents
        .iter()
        .map(|d| {
            project
                .document_title(&d.path, Some(d.title.as_str()))
                .unwrap_or(d.title.as_str())
        })
        .collect();
    let names = names::plain_names(
        titles
            .iter()
            .zip(documents)
            .map(|(title, d)| (*title, d.path.as_str())),
    );
    let renamed = titles.iter().zip(&names).any(|(t, n)| t != n);
    if !documents.is_empty() {
        open(&mut w, "Variables", &[])?;
        variable(
            &mut w,
            guids,
            PATH_VARIABLE,
            "The document's file in the Dossier corpus, relative to the corpus folder.",
        )?;
        let paged = located.iter().any(|i| {
            i.annotation.anchor.region.is_some()
                && i.place.is_some_and(|p| is_paged_image(p.document))
        });
        if paged {
            variable(
                &mut w,
                guids,
                PAGE_VARIABLE,
                "The page, from 1, of the multi-page image in Dossier that this picture is.",
            )?;
        }
        if renamed {
            variable(
                &mut w,
                guids,
                TITLE_VARIABLE,
                "The document's title in Dossier, where its name here had to differ from it.",
            )?;
        }
        close(&mut w, "Variables")?;
    }

    let mut by_document: BTreeMap<&str, Vec<&Item>> = BTreeMap::new();
    for item in &located {
        by_document.entry(item.document()).or_default().push(item);
    }
    let mut sources = Vec::with_capacity(documents.len());
    if !documents.is_empty() {
        open(&mut w, "Sources", &[])?;
        for ((doc, title), name) in documents.iter().zip(&titles).zip(&names) {
            let guid = guids.of("source", &doc.path);
            let file = format!("{guid}.txt");
            let items = by_document
                .get(doc.path.as_str())
                .map_or(&[][..], Vec::as_slice);
            let mut attrs = vec![
                ("guid", guid.clone()),
                ("name", name.clone()),
                ("plainTextPath", format!("{INTERNAL}{file}")),
                ("creatingUser", user.clone()),
            ];
            if let Some(t) = items.iter().map(|i| i.annotation.created).min() {
                attrs.push(("creationDateTime", timestamp(t)));
            }
            let (regions, passages): (Vec<&Item>, Vec<&Item>) = items
                .iter()
                .copied()
                .partition(|i| i.annotation.anchor.region.is_some());
            let original = (!regions.is_empty())
                .then(|| original_file(context, doc))
                .flatten();
            let Some((kind, extension, bytes)) = original else {
                open(&mut w, "TextSource", &attrs)?;
                for item in items {
                    selection(&mut w, guids, coders.of_item(item), item)?;
                }
                variable_values(&mut w, guids, &doc.path, title, name)?;
                close(&mut w, "TextSource")?;
                sources.push((file, Cow::Borrowed(doc.text.as_str().as_bytes())));
                continue;
            };
            if kind == Original::Picture && is_paged_image(doc) {
                let pictured = PagedPicture {
                    guid: &guid,
                    name,
                    title,
                    attrs: &attrs,
                    original: (&extension, bytes),
                    coders: &coders,
                    passages: &passages,
                    regions: &regions,
                };
                pictured.write(&mut w, guids, doc, &mut sources)?;
                continue;
            }
            // A document with coded regions is its original file (a PDF, an image), so
            // that the regions' boxes mean something in the other tool; its text, the
            // passages of text and the variables are its text representation.
            let original_name = format!("{guid}.{extension}");
            let mut outer = vec![
                ("guid", guid.clone()),
                ("name", name.clone()),
                ("path", format!("{INTERNAL}{original_name}")),
            ];
            outer.extend(attrs.iter().skip(3).cloned());
            open(&mut w, kind.source(), &outer)?;
            let mut representation = attrs.clone();
            representation[0].1 = guids.of("representation", &doc.path);
            open(&mut w, kind.representation(), &representation)?;
            for item in passages {
                selection(&mut w, guids, coders.of_item(item), item)?;
            }
            variable_values(&mut w, guids, &doc.path, title, name)?;
            close(&mut w, kind.representation())?;
            for item in regions {
                let height = item.annotation.anchor.region.and_then(|r| {
                    let layout = doc.layout.as_deref()?;
                    Some(layout.pages.get(r.page as usize)?.height)
                });
                region_selection(&mut w, guids, coders.of_item(item), item, kind, height, 1.0)?;
            }
            variable_values(&mut w, guids, &doc.path, title, name)?;
            close(&mut w, kind.source())?;
            sources.push((file, Cow::Borrowed(doc.text.as_str().as_bytes())));
            sources.push((original_name, Cow::Owned(bytes)));
        }
        close(&mut w, "Sources")?;
    }

    let noted: Vec<&&Item> = located
        .iter()
        .filter(|i| !i.annotation.note.trim().is_empty())
        .collect();
    let changed: Vec<&&Item> = located
        .iter()
        .filter(|i| i.current_quote().is_some())
        .collect();
    if !noted.is_empty() || !changed.is_empty() {
        open(&mut w, "Notes", &[])?;
        for item in changed {
            // The user's note is left as written; the change of wording is a note of its own.
            let a = item.annotation;
            open(
                &mut w,
                "Note",
                &[
                    ("guid", guids.of("wording", a.id.0)),
                    ("name", "Wording changed since coding".to_owned()),
                    ("creatingUser", coders.of_item(item).to_owned()),
                    ("creationDateTime", timestamp(a.modified)),
                ],
            )?;
            text_element(
                &mut w,
                "PlainTextContent",
                &format!(
                    "Coded as: “{}”\nThe document now reads: “{}”",
                    a.anchor.quote,
                    item.current_quote().unwrap_or_default()
                ),
            )?;
            close(&mut w, "Note")?;
        }
        for item in noted {
            let a = item.annotation;
            open(
                &mut w,
                "Note",
                &[
                    ("guid", guids.of("note", a.id.0)),
                    (
                        "name",
                        format!("Note on “{}”", crate::text::shorten(&a.anchor.quote, 40)),
                    ),
                    ("creatingUser", coders.of_item(item).to_owned()),
                    ("creationDateTime", timestamp(a.created)),
                    ("modifyingUser", coders.of_item(item).to_owned()),
                    ("modifiedDateTime", timestamp(a.modified)),
                ],
            )?;
            text_element(&mut w, "PlainTextContent", &a.note)?;
            close(&mut w, "Note")?;
        }
        close(&mut w, "Notes")?;
    }
    close(&mut w, "Project")?;
    let mut xml = w.into_inner();
    xml.push(b'\n');
    Ok((xml, sources))
}

/// The users of the export: each coder's GUID, by name.
struct Coders<'a> {
    guids: BTreeMap<String, String>,
    /// The GUID of the [`DOSSIER_USER`].
    dossier: &'a str,
}

impl<'a> Coders<'a> {
    fn of<'i>(guids: &Guids, dossier: &'a str, items: impl Iterator<Item = &'i Item<'i>>) -> Self {
        let guids = items
            .filter_map(|i| coder_of(i))
            .map(|name| (name.to_owned(), guids.of("coder", name)))
            .collect();
        Self { guids, dossier }
    }

    /// The GUID of the user who made `item`.
    fn of_item(&self, item: &Item) -> &str {
        coder_of(item)
            .and_then(|name| self.guids.get(name))
            .map_or(self.dossier, String::as_str)
    }
}

/// An annotation's coder, when it has one worth a user of its own.
fn coder_of<'i>(item: &Item<'i>) -> Option<&'i str> {
    let name = item.annotation.coder.as_deref()?.trim();
    (!name.is_empty() && name != DOSSIER_USER).then_some(name)
}

fn code(
    w: &mut XmlWriter,
    guids: &Guids,
    children: &BTreeMap<Option<TagId>, Vec<&Tag>>,
    tag: &Tag,
) -> std::io::Result<()> {
    let attrs = [
        ("guid", guids.of("tag", tag.id.0)),
        ("name", tag.name.clone()),
        ("isCodable", "true".to_owned()),
        ("color", tag.colour.to_string()),
    ];
    let kids = children.get(&Some(tag.id));
    let description = tag.description.trim();
    if kids.is_none() && description.is_empty() {
        return empty(w, "Code", &attrs);
    }
    open(w, "Code", &attrs)?;
    if !description.is_empty() {
        text_element(w, "Description", description)?;
    }
    for kid in kids.into_iter().flatten() {
        code(w, guids, children, kid)?;
    }
    close(w, "Code")
}

fn variable(
    w: &mut XmlWriter,
    guids: &Guids,
    name: &str,
    description: &str,
) -> std::io::Result<()> {
    open(
        w,
        "Variable",
        &[
            ("guid", guids.of("variable", name)),
            ("name", name.to_owned()),
            ("typeOfVariable", "Text".to_owned()),
        ],
    )?;
    text_element(w, "Description", description)?;
    close(w, "Variable")
}

fn variable_value(
    w: &mut XmlWriter,
    guids: &Guids,
    variable: &str,
    value: &str,
) -> std::io::Result<()> {
    open(w, "VariableValue", &[])?;
    empty(
        w,
        "VariableRef",
        &[("targetGUID", guids.of("variable", variable))],
    )?;
    text_element(w, "TextValue", value)?;
    close(w, "VariableValue")
}

fn variable_values(
    w: &mut XmlWriter,
    guids: &Guids,
    path: &str,
    title: &str,
    name: &str,
) -> std::io::Result<()> {
    variable_value(w, guids, PATH_VARIABLE, path)?;
    if title != name {
        variable_value(w, guids, TITLE_VARIABLE, title)?;
    }
    Ok(())
}

/// Whether `doc` is an image of several pages (a multi-page TIFF): its regions are then
/// exported page by page, each page a picture (see [`PagedPicture`]).
fn is_paged_image(doc: &crate::corpus::Document) -> bool {
    doc.format == crate::corpus::Format::Image
        && doc.layout.as_deref().is_some_and(|l| l.pages.len() > 1)
}

/// A multi-page image with coded regions. REFI-QDA's `PictureSelection` has no page, so
/// each page holding regions is a `PictureSource` of its own whose picture is that page
/// (grey, as a PNG; its regions in that PNG's pixels), named "title (page N)" after the
/// first, with the page (from 1) in [`PAGE_VARIABLE`]: another tool shows the very page
/// the regions are on. The first holds the document's text and passages. The original
/// file is in `sources/` too, as `GUID.ext` of the first source, for Dossier's import,
/// which writes it back and puts each region on its page.
struct PagedPicture<'s> {
    guid: &'s str,
    name: &'s str,
    title: &'s str,
    attrs: &'s [(&'static str, String)],
    /// The original file's extension and bytes.
    original: (&'s str, Vec<u8>),
    coders: &'s Coders<'s>,
    /// The document's passages of text, and its regions.
    passages: &'s [&'s Item<'s>],
    regions: &'s [&'s Item<'s>],
}

impl PagedPicture<'_> {
    fn write<'a>(
        self,
        w: &mut XmlWriter,
        guids: &Guids,
        doc: &'a crate::corpus::Document,
        sources: &mut SourceFiles<'a>,
    ) -> std::io::Result<()> {
        let (coders, passages, regions) = (self.coders, self.passages, self.regions);
        let mut by_page: BTreeMap<u32, Vec<&Item>> = BTreeMap::new();
        for item in regions {
            if let Some(r) = item.annotation.anchor.region {
                by_page.entry(r.page).or_default().push(item);
            }
        }
        let (extension, bytes) = self.original;
        let bytes = std::sync::Arc::new(bytes);
        let file = format!("{}.txt", self.guid);
        for (n, (page, items)) in by_page.iter().enumerate() {
            let (guid, name) = if n == 0 {
                (self.guid.to_owned(), self.name.to_owned())
            } else {
                (
                    guids.of("source", format!("{}#page={}", doc.path, page + 1)),
                    format!("{} (page {})", self.name, page + 1),
                )
            };
            // The page as the picture, and how many of its pixels make a point of the
            // layout (1, unless the page was larger than the drawing bound).
            let drawn = crate::corpus::ocr::pages::draw(
                crate::corpus::Format::Image,
                &bytes,
                *page as usize,
            )
            .ok()
            .and_then(|p| {
                let scale = p.width as f32 / p.size.width.max(1.0);
                let grey = image::GrayImage::from_raw(p.width, p.height, p.luma)?;
                let mut png = std::io::Cursor::new(Vec::new());
                grey.write_to(&mut png, image::ImageFormat::Png).ok()?;
                Some((png.into_inner(), scale))
            });
            let picture = format!("{guid}.png");
            let mut outer = vec![
                ("guid", guid.clone()),
                ("name", name.clone()),
                ("path", format!("{INTERNAL}{picture}")),
            ];
            outer.extend(self.attrs.iter().skip(3).cloned());
            open(w, "PictureSource", &outer)?;
            if n == 0 {
                let mut representation = self.attrs.to_vec();
                representation[0].1 = guids.of("representation", &doc.path);
                open(w, "TextSource", &representation)?;
                for item in passages {
                    selection(w, guids, coders.of_item(item), item)?;
                }
                variable_values(w, guids, &doc.path, self.title, self.name)?;
                close(w, "TextSource")?;
            }
            let scale = drawn.as_ref().map_or(1.0, |(_, s)| *s);
            for item in items {
                let user = coders.of_item(item);
                region_selection(w, guids, user, item, Original::Picture, None, scale)?;
            }
            variable_values(w, guids, &doc.path, self.title, &name)?;
            variable_value(w, guids, PAGE_VARIABLE, &(page + 1).to_string())?;
            close(w, "PictureSource")?;
            if let Some((png, _)) = drawn {
                sources.push((picture, Cow::Owned(png)));
            }
        }
        sources.push((file, Cow::Borrowed(doc.text.as_str().as_bytes())));
        let original = std::sync::Arc::try_unwrap(bytes).unwrap_or_else(|b| (*b).clone());
        sources.push((format!("{}.{extension}", self.guid), Cow::Owned(original)));
        Ok(())
    }
}

/// What kind of original file a document with coded regions is exported as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Original {
    Pdf,
    Picture,
}

impl Original {
    fn source(self) -> &'static str {
        match self {
            Self::Pdf => "PDFSource",
            Self::Picture => "PictureSource",
        }
    }

    /// The element holding the text: a PDF's `Representation`, a picture's `TextSource`.
    fn representation(self) -> &'static str {
        match self {
            Self::Pdf => "Representation",
            Self::Picture => "TextSource",
        }
    }

    fn selection(self) -> &'static str {
        match self {
            Self::Pdf => "PDFSelection",
            Self::Picture => "PictureSelection",
        }
    }
}

/// The original file of a PDF or image document, for a source whose regions are coded:
/// its kind, extension and bytes; `None` for another format, a part of a file, or a file
/// that cannot be read now (its regions are then exported as passages of its text).
fn original_file(
    context: &Context,
    doc: &crate::corpus::Document,
) -> Option<(Original, String, Vec<u8>)> {
    let kind = match doc.format {
        crate::corpus::Format::Pdf => Original::Pdf,
        crate::corpus::Format::Image => Original::Picture,
        _ => return None,
    };
    let extension = doc.path.rsplit_once('.')?.1.to_ascii_lowercase();
    let extension: String = extension
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    // A part (a PDF attached to a message, a scan in a zip) is read out of its file again.
    let options = crate::corpus::LoadOptions::default();
    let bytes = crate::corpus::document_bytes(&context.corpus.root, &doc.path, &options).ok()?;
    Some((kind, extension, bytes))
}

/// A region as a `PDFSelection` or `PictureSelection`: the box's upper-left corner
/// (`firstX`, `firstY`) and lower-right corner (`secondX`, `secondY`) as whole numbers (the
/// schema's integers). A picture's are pixels from its top-left corner, as Dossier keeps
/// them. A PDF's are points in PDF user space, from the page's bottom-left corner with y
/// upwards (REFI-QDA takes a PDF's coordinates as the PDF has them; other tools, e.g. the
/// qualitative coders that read QDPX into pdf.js, flip y by the page height), so Dossier's
/// y from the top is turned with the page's height (`page_height`, from the layout; a page
/// whose crop box does not start at the origin, or is turned, is placed as it is shown);
/// the page counts from 0.
fn region_selection(
    w: &mut XmlWriter,
    guids: &Guids,
    user: &str,
    item: &Item,
    kind: Original,
    page_height: Option<f32>,
    scale: f32,
) -> std::io::Result<()> {
    let a = item.annotation;
    let Some(region) = a.anchor.region else {
        return Ok(());
    };
    let mut attrs = vec![
        ("guid", guids.of("annotation", a.id.0)),
        ("name", crate::text::shorten(&a.anchor.passage_label(), 80)),
    ];
    if kind == Original::Pdf {
        attrs.push(("page", region.page.to_string()));
    }
    // `scale`: pixels of the exported picture per point of the layout (1 but for a page
    // of a multi-page image drawn smaller than it is).
    let corner = |v: f32| ((v * scale).round() as i64).to_string();
    // Rounded before turning, so that a box read back with the same page height comes back
    // to the same whole points.
    let (top, bottom) = (region.y.round(), (region.y + region.h).round());
    let (top, bottom) = if scale == 1.0 {
        (top, bottom)
    } else {
        (region.y, region.y + region.h)
    };
    let (first_y, second_y) = match (kind, page_height) {
        (Original::Pdf, Some(height)) => (height - top, height - bottom),
        _ => (top, bottom),
    };
    attrs.extend([
        ("firstX", corner(region.x)),
        ("firstY", corner(first_y)),
        ("secondX", corner(region.x + region.w)),
        ("secondY", corner(second_y)),
        ("creatingUser", user.to_owned()),
        ("creationDateTime", timestamp(a.created)),
        ("modifyingUser", user.to_owned()),
        ("modifiedDateTime", timestamp(a.modified)),
    ]);
    open(w, kind.selection(), &attrs)?;
    selection_content(w, guids, user, item)?;
    close(w, kind.selection())
}

fn selection(w: &mut XmlWriter, guids: &Guids, user: &str, item: &Item) -> std::io::Result<()> {
    let a = item.annotation;
    open(
        w,
        "PlainTextSelection",
        &[
            ("guid", guids.of("annotation", a.id.0)),
            // The source text holds the words as they are now; the wording as coded is a note.
            (
                "name",
                crate::text::shorten(item.current_quote().unwrap_or(&a.anchor.quote), 80),
            ),
            ("startPosition", a.anchor.start.to_string()),
            ("endPosition", a.anchor.end.to_string()),
            ("creatingUser", user.to_owned()),
            ("creationDateTime", timestamp(a.created)),
            ("modifyingUser", user.to_owned()),
            ("modifiedDateTime", timestamp(a.modified)),
        ],
    )?;
    selection_content(w, guids, user, item)?;
    close(w, "PlainTextSelection")
}

/// What a selection holds: the note as its `Description`, a `Coding` per tag, `NoteRef`s.
fn selection_content(
    w: &mut XmlWriter,
    guids: &Guids,
    user: &str,
    item: &Item,
) -> std::io::Result<()> {
    let a = item.annotation;
    let note = a.note.trim();
    if !note.is_empty() {
        text_element(w, "Description", &a.note)?;
    }
    for tag in &item.tags {
        open(
            w,
            "Coding",
            &[
                ("guid", guids.of("coding", format!("{}/{}", a.id.0, tag.0))),
                ("creatingUser", user.to_owned()),
                ("creationDateTime", timestamp(a.created)),
            ],
        )?;
        empty(w, "CodeRef", &[("targetGUID", guids.of("tag", tag.0))])?;
        close(w, "Coding")?;
    }
    if !note.is_empty() {
        empty(w, "NoteRef", &[("targetGUID", guids.of("note", a.id.0))])?;
    }
    if item.current_quote().is_some() {
        empty(w, "NoteRef", &[("targetGUID", guids.of("wording", a.id.0))])?;
    }
    Ok(())
}

// ---- XML writing with escaping that XML 1.0 parsers read back exactly ---------------------

fn start<'a>(name: &'a str, attrs: &[(&'a str, String)]) -> BytesStart<'a> {
    let mut element = BytesStart::new(name);
    for (key, value) in attrs {
        element.push_attribute(Attribute {
            key: QName(key.as_bytes()),
            value: Cow::Owned(escape(value, true).into_bytes()),
        });
    }
    element
}

fn open(w: &mut XmlWriter, name: &str, attrs: &[(&str, String)]) -> std::io::Result<()> {
    w.write_event(Event::Start(start(name, attrs)))
}

fn empty(w: &mut XmlWriter, name: &str, attrs: &[(&str, String)]) -> std::io::Result<()> {
    w.write_event(Event::Empty(start(name, attrs)))
}

fn close(w: &mut XmlWriter, name: &str) -> std::io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn text_element(w: &mut XmlWriter, name: &str, text: &str) -> std::io::Result<()> {
    open(w, name, &[])?;
    w.write_event(Event::Text(BytesText::from_escaped(escape(text, false))))?;
    close(w, name)
}

/// Escapes text for XML content (or, with `attribute`, a double-quoted attribute value) so
/// that a parser gives back exactly `text`: `\r` (which parsers turn into `\n`) and, in
/// attributes, `\n` and `\t` (which become spaces) are written as character references;
/// characters XML 1.0 cannot carry at all become U+FFFD.
pub(crate) fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
        || matches!(c, '\t' | '\n' | '\r')
}

#[cfg(test)]
mod tests;

//! The research project in memory: documents seen, codebook, annotations.
//!
//! Fields are public for reading; every change goes through [`super::Command`] so that it
//! can be undone. Ids are never reused, so that an id in an export or a note keeps meaning
//! one thing.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::corpus::ContentHash;

pub use super::ids::{AnnotationId, TagId};

/// An sRGB colour, written `#rrggbb` in project files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rrggbb` (the `#` optional).
    pub fn parse(s: &str) -> Option<Self> {
        let hex = s.trim().trim_start_matches('#');
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Self(byte(0)?, byte(2)?, byte(4)?))
    }

    /// The codebook palette: distinct hues readable on light and dark backgrounds.
    pub const PALETTE: [Rgb; 12] = [
        Rgb(0xe6, 0x4a, 0x19), // vermilion
        Rgb(0x1e, 0x88, 0xe5), // blue
        Rgb(0x43, 0xa0, 0x47), // green
        Rgb(0x8e, 0x24, 0xaa), // purple
        Rgb(0xf9, 0xa8, 0x25), // amber
        Rgb(0x00, 0x89, 0x7b), // teal
        Rgb(0xd8, 0x1b, 0x60), // pink
        Rgb(0x6d, 0x4c, 0x41), // brown
        Rgb(0x39, 0x49, 0xab), // indigo
        Rgb(0x7c, 0xb3, 0x42), // lime
        Rgb(0x00, 0xac, 0xc1), // cyan
        Rgb(0x75, 0x75, 0x75), // grey
    ];
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rgb::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("not a colour: {s:?}")))
    }
}

/// A tag (a code) of the codebook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag's id.
    pub id: TagId,
    /// Its name, unique in the codebook.
    pub name: String,
    /// Its highlight colour.
    pub colour: Rgb,
    /// What it is for (may be empty).
    pub description: String,
    /// The tag it sits under (`None`: the top level).
    pub parent: Option<TagId>,
}

/// Where an annotation sits in its document's text: char offsets (end-exclusive), the exact
/// quote, and some context on each side, so that it can be found again after the text
/// changes (the W3C TextQuoteSelector and TextPositionSelector together).
///
/// `quote` is the passage **as it was coded**: evidence, never rewritten behind the user's
/// back. When the document's wording changed and re-anchoring found the passage only
/// approximately, the text the offsets now cover is kept beside it in `current_quote`
/// until the user accepts the new wording (or re-attaches the annotation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The passage as coded.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] chars before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] chars after the passage.
    pub suffix: String,
    /// The text at `start..end` now, while it differs from `quote`; `None` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_quote: Option<String>,
    /// For an annotation of a region of a page (a photograph, a stamp, a signature): the
    /// page and the box. The char range then covers the words inside the box (its quote is
    /// their text, empty when the box holds none, its start then the page's first char).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<PageRegion>,
}

/// A rectangle on one page of a document: what a region annotation codes.
///
/// In the units of the document's `corpus::layout::PageLayout`: PDF points for a PDF (from
/// the page's top-left corner, y downwards), pixels for an image. REFI-QDA's
/// `PDFSelection` and `PictureSelection` use the same units; W3C's `FragmentSelector`
/// (`xywh=`) takes them as they are.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PageRegion {
    /// The page, counted from 0.
    pub page: u32,
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

// The box's numbers are finite (the file reader refuses others), so equality is total.
impl Eq for PageRegion {}

impl PageRegion {
    /// The region as a page rectangle.
    pub fn rect(&self) -> crate::corpus::layout::PageRect {
        crate::corpus::layout::PageRect {
            x: self.x,
            y: self.y,
            w: self.w,
            h: self.h,
        }
    }

    /// A region of `page` from a rectangle: `None` unless its numbers are finite, its
    /// width and height positive.
    pub fn new(page: u32, rect: crate::corpus::layout::PageRect) -> Option<Self> {
        let finite = [rect.x, rect.y, rect.w, rect.h]
            .iter()
            .all(|v| v.is_finite());
        (finite && rect.w > 0.0 && rect.h > 0.0).then_some(Self {
            page,
            x: rect.x,
            y: rect.y,
            w: rect.w,
            h: rect.h,
        })
    }

    /// The page as a reader counts it, from 1.
    pub fn page_number(&self) -> u32 {
        self.page.saturating_add(1)
    }

    /// The region in words, for lists, diffs and reports: "page 3, 120×90 at 10,40" (the
    /// box's size, then its top-left corner, in the layout's units, rounded).
    pub fn describe(&self) -> String {
        format!(
            "page {}, {}×{} at {},{}",
            self.page_number(),
            self.w.round(),
            self.h.round(),
            self.x.round(),
            self.y.round()
        )
    }
}

/// Chars of context kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

impl Anchor {
    /// The anchor of a char range of `text`; `None` if the range is empty or out of range.
    pub fn from_range(text: &crate::text::DocText, start: usize, end: usize) -> Option<Self> {
        if start >= end {
            return None;
        }
        let quote = text.slice(start..end)?.to_owned();
        Some(Self {
            start,
            end,
            quote,
            prefix: text.before(start, CONTEXT_CHARS).to_owned(),
            suffix: text.after(end, CONTEXT_CHARS).to_owned(),
            current_quote: None,
            region: None,
        })
    }

    /// The anchor of a region of a page: its char range covers the words of `layout` whose
    /// centre is inside the box (the quote is their text), or, when it holds none, is the
    /// empty range at the first char of the page's first word (0 without one). `None`
    /// when the page is not in the layout.
    pub fn for_region(
        text: &crate::text::DocText,
        layout: &crate::corpus::layout::PageLayout,
        region: PageRegion,
    ) -> Option<Self> {
        let page = region.page as usize;
        if page >= layout.pages.len() {
            return None;
        }
        let rect = region.rect();
        let on_page = &layout.words[layout.words_on(page)];
        let inside = on_page
            .iter()
            .filter(|w| rect.contains(w.rect.x + w.rect.w / 2.0, w.rect.y + w.rect.h / 2.0));
        let (start, end) = inside
            .fold(None, |span: Option<(usize, usize)>, w| {
                let (s, e) = (w.start as usize, w.end as usize);
                Some(span.map_or((s, e), |(a, b)| (a.min(s), b.max(e))))
            })
            .unwrap_or_else(|| {
                let at = on_page
                    .first()
                    .map_or(0, |w| (w.start as usize).min(text.char_len()));
                (at, at)
            });
        let end = end.min(text.char_len());
        let start = start.min(end);
        Some(Self {
            start,
            end,
            quote: text.slice(start..end)?.to_owned(),
            prefix: text.before(start, CONTEXT_CHARS).to_owned(),
            suffix: text.after(end, CONTEXT_CHARS).to_owned(),
            current_quote: None,
            region: Some(region),
        })
    }

    /// The text the anchor points at now: the current wording if it changed, else the
    /// quote as coded.
    pub fn current_text(&self) -> &str {
        self.current_quote.as_deref().unwrap_or(&self.quote)
    }

    /// The passage as a list of coded passages shows it: its current words, or for a region
    /// of a page that holds none (a photograph, a stamp) "Region, page 3".
    pub fn passage_label(&self) -> String {
        match self.region {
            Some(region) if self.current_text().trim().is_empty() => {
                format!("Region, page {}", region.page_number())
            }
            _ => self.current_text().to_owned(),
        }
    }

    /// True when the document's wording at the anchor differs from the quote as coded.
    pub fn wording_changed(&self) -> bool {
        self.current_quote.is_some()
    }

    /// Length in chars.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span holds no char.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A coded passage: a span of a document, a note, and tags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// The annotation's id.
    pub id: AnnotationId,
    /// The document's path relative to the corpus folder.
    pub document: String,
    /// Where it sits in the document's text.
    pub anchor: Anchor,
    /// The researcher's note (may be empty).
    pub note: String,
    /// Its tags, in the order given.
    pub tags: Vec<TagId>,
    /// When it was made.
    pub created: jiff::Timestamp,
    /// When it last changed.
    pub modified: jiff::Timestamp,
    /// True when the passage could not be found in the current text (or the document is
    /// gone). An orphan keeps its quote, note and tags; it is never deleted automatically.
    pub orphaned: bool,
    /// Earlier wordings of the quote, oldest first: what the passage said when it was
    /// coded, kept when the user accepted a document's new wording or re-attached the
    /// annotation to another passage.
    pub history: Vec<EarlierQuote>,
    /// Who coded it (the coder's name, as set in the preferences); `None` for annotations
    /// made before Dossier recorded coders, or imported without one.
    pub coder: Option<String>,
}

/// A quote an annotation had before the user replaced it (by accepting the document's new
/// wording, or re-attaching the annotation), and when it was replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarlierQuote {
    /// The quote.
    pub quote: String,
    /// When it was replaced.
    pub until: jiff::Timestamp,
}

/// What the project remembers of a document it has seen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentRecord {
    /// The document's path relative to the corpus folder.
    pub path: String,
    /// The hash of its text when last seen.
    pub hash: ContentHash,
    /// The title the document gives itself (front matter, heading, metadata, file name).
    pub title: String,
    /// A title the user gave it in this project, shown instead.
    pub renamed: Option<String>,
    /// The coders who marked the document as coded (finished): the documents inter-coder
    /// agreement is computed over, with those where the coders made annotations.
    pub coded_by: std::collections::BTreeSet<String>,
}

/// A research project.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// The corpus folder, absolute in memory (stored relative to the project file).
    pub corpus_root: Option<PathBuf>,
    /// The documents seen, by path.
    pub documents: BTreeMap<String, DocumentRecord>,
    /// The codebook, by id.
    pub tags: BTreeMap<TagId, Tag>,
    /// The coded passages, by id.
    pub annotations: BTreeMap<AnnotationId, Annotation>,
    /// The user's corrections to entity recognition, applied in every document.
    pub entity_rules: crate::entities::EntityDictionary,
    /// Possible date conflicts the user looked at and dismissed (their keys, see
    /// `analysis::conflicts`): not flagged again.
    pub dismissed_conflicts: std::collections::BTreeSet<String>,
    /// Conflicts a merge recorded and the user has not settled yet, by id (see
    /// `project::conflict`).
    pub merge_conflicts: BTreeMap<super::ids::ConflictId, super::conflict::MergeConflict>,
    /// The languages OCR reads this project's scans in (Tesseract's codes, e.g. `eng`,
    /// `ara`), in order; `None` for the default: English plus every installed language
    /// whose script a page shows.
    pub ocr_languages: Option<Vec<String>>,
}

/// Whether `code` can be a Tesseract language code (`eng`, `chi_sim`): letters, digits and
/// `_` only, since the codes a project holds are passed to Tesseract as an argument.
pub fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl Project {
    /// An empty project.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// A fresh id, above every id the project holds: unique across copies of the project
    /// and never reused, even after undo (see `project::ids`).
    fn fresh_id(&self) -> uuid::Uuid {
        // The maps are ordered: their last keys are the largest ids (O(log n), so that
        // adding thousands of annotations in a row, as an import does, stays linear).
        let floor = self
            .tags
            .keys()
            .next_back()
            .map(|t| t.0)
            .max(self.annotations.keys().next_back().map(|a| a.0));
        super::ids::fresh(floor)
    }

    /// A fresh tag id.
    pub fn new_tag_id(&mut self) -> TagId {
        TagId(self.fresh_id())
    }

    /// A fresh annotation id.
    pub fn new_annotation_id(&mut self) -> AnnotationId {
        AnnotationId(self.fresh_id())
    }

    /// The title to show for the document at `path`: the user's own title for it if the
    /// project has one, else `own` (the loaded document's title), else the one on record.
    pub fn document_title<'a>(&'a self, path: &str, own: Option<&'a str>) -> Option<&'a str> {
        let record = self.documents.get(path);
        record
            .and_then(|r| r.renamed.as_deref())
            .or(own)
            .or_else(|| record.map(|r| r.title.as_str()))
            .filter(|t| !t.is_empty())
    }

    /// Annotations of one document, in text order (start, then end, then id).
    pub fn annotations_of<'a>(&'a self, document: &str) -> Vec<&'a Annotation> {
        let mut list: Vec<&Annotation> = self
            .annotations
            .values()
            .filter(|a| a.document == document)
            .collect();
        list.sort_by_key(|a| (a.orphaned, a.anchor.start, a.anchor.end, a.id));
        list
    }

    /// Number of annotations per document path.
    pub fn annotation_counts(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for a in self.annotations.values() {
            *counts.entry(a.document.as_str()).or_insert(0) += 1;
        }
        counts
    }

    /// Orphaned annotations, in id order.
    pub fn orphans(&self) -> impl Iterator<Item = &Annotation> {
        self.annotations.values().filter(|a| a.orphaned)
    }

    /// Tags in codebook order: a depth-first walk of the hierarchy, siblings by name.
    /// Each item is (depth, tag).
    pub fn tag_tree(&self) -> Vec<(usize, &Tag)> {
        let mut children: BTreeMap<Option<TagId>, Vec<&Tag>> = BTreeMap::new();
        for tag in self.tags.values() {
            // A parent that no longer exists makes the tag a root (never lost from view).
            let parent = tag.parent.filter(|p| self.tags.contains_key(p));
            children.entry(parent).or_default().push(tag);
        }
        for list in children.values_mut() {
            list.sort_by_key(|t| (t.name.to_lowercase(), t.id));
        }
        let mut out = Vec::with_capacity(self.tags.len());
        let mut stack: Vec<(usize, &Tag)> = children
            .get(&None)
            .map(|roots| roots.iter().rev().map(|t| (0, *t)).collect())
            .unwrap_or_default();
        while let Some((depth, tag)) = stack.pop() {
            out.push((depth, tag));
            if let Some(kids) = children.get(&Some(tag.id)) {
                stack.extend(kids.iter().rev().map(|t| (depth + 1, *t)));
            }
        }
        out
    }

    /// The tag and all its descendants, each once: a loop of parents (a hand-edited file)
    /// ends the walk instead of running forever.
    pub fn tag_and_descendants(&self, id: TagId) -> Vec<TagId> {
        let mut out = vec![id];
        let mut seen = std::collections::BTreeSet::from([id]);
        let mut i = 0;
        while i < out.len() {
            let current = out[i];
            out.extend(
                self.tags
                    .values()
                    .filter(|t| t.parent == Some(current) && seen.insert(t.id))
                    .map(|t| t.id),
            );
            i += 1;
        }
        out
    }

    /// The passages coded with `tag` or one of its sub-tags, as char ranges by document
    /// path (orphaned annotations left out: their passage is not in the text).
    pub fn coded_passages(&self, tag: TagId) -> BTreeMap<String, Vec<std::ops::Range<usize>>> {
        let tags = self.tag_and_descendants(tag);
        let mut passages: BTreeMap<String, Vec<std::ops::Range<usize>>> = BTreeMap::new();
        for a in self.annotations.values() {
            if !a.orphaned && a.tags.iter().any(|t| tags.contains(t)) {
                passages
                    .entry(a.document.clone())
                    .or_default()
                    .push(a.anchor.start..a.anchor.end);
            }
        }
        passages
    }

    /// The tag's full path in the hierarchy, "Parent / Child".
    pub fn tag_path(&self, id: TagId) -> String {
        let mut names = Vec::new();
        let mut current = Some(id);
        while let Some(tid) = current {
            let Some(tag) = self.tags.get(&tid) else {
                break;
            };
            names.push(tag.name.as_str());
            current = tag.parent;
            if names.len() > self.tags.len() {
                break; // a cycle cannot be built through commands; never loop on a bad file
            }
        }
        names.reverse();
        names.join(" / ")
    }

    /// How many annotations use each tag.
    pub fn tag_usage(&self) -> BTreeMap<TagId, usize> {
        let mut usage: BTreeMap<TagId, usize> = self.tags.keys().map(|&t| (t, 0)).collect();
        for a in self.annotations.values() {
            for t in &a.tags {
                *usage.entry(*t).or_insert(0) += 1;
            }
        }
        usage
    }

    /// Finds a tag by name, ignoring case.
    pub fn tag_by_name(&self, name: &str) -> Option<&Tag> {
        let wanted = name.trim().to_lowercase();
        self.tags.values().find(|t| t.name.to_lowercase() == wanted)
    }

    /// A palette colour not yet used by a tag (or the least used one).
    pub fn next_tag_colour(&self) -> Rgb {
        let mut uses = [0usize; Rgb::PALETTE.len()];
        for tag in self.tags.values() {
            if let Some(i) = Rgb::PALETTE.iter().position(|c| *c == tag.colour) {
                uses[i] += 1;
            }
        }
        let min = uses.iter().copied().min().unwrap_or(0);
        let i = uses.iter().position(|&u| u == min).unwrap_or(0);
        Rgb::PALETTE[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Signed by the minister" on page 0 and "Stamp" on page 1, with their boxes.
    fn two_pages() -> (crate::text::DocText, crate::corpus::layout::PageLayout) {
        use crate::corpus::layout::{PageLayout, PageRect, PageSize, WordBox};
        let text = crate::text::DocText::new(
            "Signed by the minister\n\nStamp".to_owned(),
            crate::text::ParagraphStyle::Lines,
        );
        let word = |start: u32, end: u32, page: u32, x: f32| WordBox {
            start,
            end,
            page,
            rect: PageRect {
                x,
                y: 100.0,
                w: 40.0,
                h: 12.0,
            },
            confidence: None,
        };
        let size = PageSize {
            width: 612.0,
            height: 792.0,
        };
        let layout = PageLayout {
            pages: vec![size, size],
            words: vec![
                word(0, 6, 0, 50.0),
                word(7, 9, 0, 100.0),
                word(10, 13, 0, 150.0),
                word(14, 22, 0, 200.0),
                word(24, 29, 1, 50.0),
            ],
        };
        (text, layout)
    }

    fn region(page: u32, x: f32, w: f32) -> PageRegion {
        let rect = crate::corpus::layout::PageRect {
            x,
            y: 90.0,
            w,
            h: 40.0,
        };
        PageRegion::new(page, rect).expect("a box")
    }

    #[test]
    fn a_region_quotes_the_words_whose_centre_is_inside_it() {
        let (text, layout) = two_pages();
        // From the middle of "by" (centre 120) to past "minister".
        let anchor = Anchor::for_region(&text, &layout, region(0, 95.0, 200.0)).expect("anchor");
        assert_eq!((anchor.start, anchor.end), (7, 22));
        assert_eq!(anchor.quote, "by the minister");
        assert_eq!(anchor.prefix, "Signed ");
        assert_eq!(anchor.region, Some(region(0, 95.0, 200.0)));
    }

    #[test]
    fn a_region_without_words_is_an_empty_span_at_its_page() {
        let (text, layout) = two_pages();
        let anchor = Anchor::for_region(&text, &layout, region(1, 300.0, 100.0)).expect("anchor");
        assert_eq!(
            (anchor.start, anchor.end, anchor.quote.as_str()),
            (24, 24, "")
        );
        assert!(Anchor::for_region(&text, &layout, region(2, 0.0, 10.0)).is_none());
    }

    #[test]
    fn a_region_is_labelled_by_its_words_or_its_page() {
        let (text, layout) = two_pages();
        let words = Anchor::for_region(&text, &layout, region(0, 95.0, 200.0)).expect("anchor");
        assert_eq!(words.passage_label(), "by the minister");
        let photo = Anchor::for_region(&text, &layout, region(1, 300.0, 100.0)).expect("anchor");
        assert_eq!(photo.passage_label(), "Region, page 2");
        assert_eq!(
            region(1, 300.4, 100.0).describe(),
            "page 2, 100×40 at 300,90"
        );
    }

    #[test]
    fn a_region_needs_a_finite_box_with_an_area() {
        let rect = |w: f32| crate::corpus::layout::PageRect {
            x: 0.0,
            y: 0.0,
            w,
            h: 5.0,
        };
        assert!(PageRegion::new(0, rect(0.0)).is_none());
        assert!(PageRegion::new(0, rect(f32::NAN)).is_none());
        assert!(PageRegion::new(0, rect(-3.0)).is_none());
        assert!(PageRegion::new(0, rect(3.0)).is_some());
    }

    fn tid(n: u64) -> TagId {
        TagId(uuid::Uuid::from_u128(n.into()))
    }

    fn tag(id: u64, name: &str, parent: Option<u64>) -> Tag {
        Tag {
            id: tid(id),
            name: name.into(),
            colour: Rgb::PALETTE[0],
            description: String::new(),
            parent: parent.map(tid),
        }
    }

    #[test]
    fn colours_round_trip_as_hex() {
        let c = Rgb::parse("#aa9cfc").expect("colour");
        assert_eq!(c, Rgb(0xaa, 0x9c, 0xfc));
        assert_eq!(c.to_string(), "#aa9cfc");
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#12345é"), None);
    }

    #[test]
    fn tag_tree_is_depth_first_with_siblings_by_name() {
        let mut p = Project::new("t");
        for t in [
            tag(1, "Russia", None),
            tag(2, "Bases", Some(1)),
            tag(3, "Actors", None),
            tag(4, "Air", Some(2)),
            tag(5, "Diplomacy", Some(1)),
        ] {
            p.tags.insert(t.id, t);
        }
        let order: Vec<(usize, &str)> = p
            .tag_tree()
            .into_iter()
            .map(|(d, t)| (d, t.name.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                (0, "Actors"),
                (0, "Russia"),
                (1, "Bases"),
                (2, "Air"),
                (1, "Diplomacy")
            ]
        );
        assert_eq!(p.tag_path(tid(4)), "Russia / Bases / Air");
        let mut desc = p.tag_and_descendants(tid(1));
        desc.sort();
        assert_eq!(desc, [tid(1), tid(2), tid(4), tid(5)]);
    }

    #[test]
    fn coded_passages_take_sub_tags_and_leave_orphans_out() {
        let mut p = Project::new("t");
        p.tags.insert(tid(1), tag(1, "Russia", None));
        p.tags.insert(tid(2), tag(2, "Bases", Some(1)));
        p.tags.insert(tid(3), tag(3, "Other", None));
        let at: jiff::Timestamp = "2026-12-02T10:00:00Z".parse().expect("time");
        let coded = |id: u64, doc: &str, range: std::ops::Range<usize>, tag: u64| Annotation {
            id: AnnotationId(uuid::Uuid::from_u128(id.into())),
            document: doc.into(),
            anchor: Anchor {
                start: range.start,
                end: range.end,
                quote: String::new(),
                prefix: String::new(),
                suffix: String::new(),
                current_quote: None,
                region: None,
            },
            note: String::new(),
            tags: vec![tid(tag)],
            created: at,
            modified: at,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        };
        let mut orphan = coded(13, "a.txt", 50..60, 1);
        orphan.orphaned = true;
        for a in [
            coded(10, "a.txt", 0..5, 1),
            coded(11, "b.txt", 7..9, 2),
            coded(12, "a.txt", 20..30, 3),
            orphan,
        ] {
            p.annotations.insert(a.id, a);
        }
        let passages = p.coded_passages(tid(1));
        assert_eq!(passages.len(), 2);
        let spans = |doc: &str| -> Vec<(usize, usize)> {
            passages[doc].iter().map(|r| (r.start, r.end)).collect()
        };
        assert_eq!(spans("a.txt"), [(0, 5)]);
        assert_eq!(spans("b.txt"), [(7, 9)]);
        assert_eq!(
            p.coded_passages(tid(2)).keys().collect::<Vec<_>>(),
            ["b.txt"]
        );
    }

    #[test]
    fn ids_are_never_reused_and_come_after_the_projects_own() {
        let mut p = Project::new("t");
        let a = p.new_tag_id();
        let mut first = tag(1, "x", None);
        first.id = a;
        p.tags.insert(a, first);
        p.tags.clear();
        // Removed (as by undo): its id still never comes back.
        assert!(p.new_tag_id() > a);
        // An id from a copy made on a machine whose clock is ahead.
        let ahead = TagId(uuid::Uuid::from_u128(u128::MAX >> 1));
        let mut later = tag(2, "y", None);
        later.id = ahead;
        p.tags.insert(ahead, later);
        assert!(p.new_annotation_id().0 > ahead.0);
    }
}

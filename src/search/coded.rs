//! Retrieval by tag: every passage coded with some tags, across documents (the "coded
//! segments" view of qualitative-analysis tools).
//!
//! Context comes from the document's current text when the annotation is anchored there;
//! otherwise (an orphan, a document not loaded, a text that changed under a stale anchor)
//! from the prefix and suffix stored with the anchor, so that every coded passage can be
//! listed with some context whatever the state of the corpus.

use std::collections::HashSet;

use crate::corpus::Corpus;
use crate::project::{Annotation, AnnotationId, PageRegion, Project, TagId};

/// How several tags combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TagMode {
    /// Passages coded with at least one of the tags.
    #[default]
    Any,
    /// Passages coded with every one of the tags.
    All,
}

/// Whose annotations to show: everyone's, one coder's, or those made before Dossier
/// recorded coders (or imported without one).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum CoderFilter {
    /// Every annotation.
    #[default]
    Everyone,
    /// The annotations of the coder of this name.
    Coder(String),
    /// The annotations that record no coder.
    Unrecorded,
}

impl CoderFilter {
    /// True when an annotation coded by `coder` is shown.
    pub fn accepts(&self, coder: Option<&str>) -> bool {
        match self {
            Self::Everyone => true,
            Self::Coder(name) => coder == Some(name.as_str()),
            Self::Unrecorded => coder.is_none(),
        }
    }

    /// What the filter shows, in words for a menu ("Everyone", "Ana", "No coder recorded").
    pub fn label(&self) -> &str {
        match self {
            Self::Everyone => "Everyone",
            Self::Coder(name) => name,
            Self::Unrecorded => "No coder recorded",
        }
    }

    /// The choices a project offers: everyone, each of its coders by name, and "no coder
    /// recorded" when some annotation records none. Only "everyone" when no annotation
    /// records a coder (there is nothing to filter by).
    pub fn choices(project: &Project) -> Vec<CoderFilter> {
        let mut coders = std::collections::BTreeSet::new();
        let mut unrecorded = false;
        for a in project.annotations.values() {
            match &a.coder {
                Some(c) => {
                    coders.insert(c.as_str());
                }
                None => unrecorded = true,
            }
        }
        let mut out = vec![Self::Everyone];
        if coders.is_empty() {
            return out;
        }
        out.extend(coders.into_iter().map(|c| Self::Coder(c.to_owned())));
        if unrecorded {
            out.push(Self::Unrecorded);
        }
        out
    }
}

/// Which coded passages to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TagFilter {
    /// The tags asked for.
    pub tags: Vec<TagId>,
    /// Whether a passage needs one of the tags or all of them.
    pub mode: TagMode,
    /// A tag also stands for its sub-tags (at any depth): with "Russia" selected, a passage
    /// coded "Russia / Bases" counts as coded "Russia".
    pub include_subtags: bool,
    /// Whose passages.
    pub coder: CoderFilter,
}

/// One coded passage, with what a list row needs to show it and jump to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedSegment {
    /// The annotation that codes the passage.
    pub annotation: AnnotationId,
    /// The document's path relative to the corpus folder.
    pub document: String,
    /// The document's title (from the loaded document, else the project's record, else the
    /// path).
    pub title: String,
    /// Char offsets in the document's text (for an orphan: the last known ones).
    pub start: usize,
    /// Char offset just past the passage.
    pub end: usize,
    /// The quote as coded.
    pub quote: String,
    /// The text the annotation points at now, when the document's wording changed.
    pub current_quote: Option<String>,
    /// For a region of a page (a photograph, a stamp): its page and box, for a thumbnail.
    pub region: Option<PageRegion>,
    /// What a row shows for the passage: its current words, or "Region, page 3" for a
    /// region that holds none (`Anchor::passage_label`).
    pub label: String,
    /// The paragraph the passage starts in, 1-based ("¶ 12"), when the document is there.
    pub paragraph: Option<usize>,
    /// Up to the requested number of chars before the passage.
    pub before: String,
    /// Up to the requested number of chars after the passage.
    pub after: String,
    /// The annotation's note.
    pub note: String,
    /// The annotation's tags.
    pub tags: Vec<TagId>,
    /// Who coded it, when recorded.
    pub coder: Option<String>,
    /// True when the passage was not found in the current text (an orphan).
    pub orphaned: bool,
    /// True when `before`/`after` come from the current text, false when from the stored
    /// anchor context (at most [`crate::project::CONTEXT_CHARS`] chars).
    pub live_context: bool,
}

/// Every annotation matching `filter`, ordered by document path, then position (start,
/// end), then id. An empty tag list matches nothing, in either mode.
pub fn coded_segments(
    project: &Project,
    corpus: &Corpus,
    filter: &TagFilter,
    context_chars: usize,
) -> Vec<CodedSegment> {
    if filter.tags.is_empty() {
        return Vec::new();
    }
    // One set of accepted tags per requested tag.
    let wanted: Vec<HashSet<TagId>> = filter
        .tags
        .iter()
        .map(|&t| {
            if filter.include_subtags {
                project.tag_and_descendants(t).into_iter().collect()
            } else {
                HashSet::from([t])
            }
        })
        .collect();
    let matches = |a: &Annotation| {
        let has = |set: &HashSet<TagId>| a.tags.iter().any(|t| set.contains(t));
        filter.coder.accepts(a.coder.as_deref())
            && match filter.mode {
                TagMode::Any => wanted.iter().any(has),
                TagMode::All => wanted.iter().all(has),
            }
    };
    let mut out: Vec<CodedSegment> = project
        .annotations
        .values()
        .filter(|a| matches(a))
        .map(|a| segment(project, corpus, a, context_chars))
        .collect();
    out.sort_by(|x, y| {
        (&x.document, x.start, x.end, x.annotation).cmp(&(
            &y.document,
            y.start,
            y.end,
            y.annotation,
        ))
    });
    out
}

fn segment(project: &Project, corpus: &Corpus, a: &Annotation, context: usize) -> CodedSegment {
    let doc = corpus.get(&a.document);
    let title = project
        .document_title(&a.document, doc.map(|d| d.title.as_str()))
        .unwrap_or(&a.document)
        .to_owned();
    let anchor = &a.anchor;
    let live = doc
        .filter(|_| !a.orphaned)
        .map(|d| &d.text)
        .filter(|t| t.slice(anchor.start..anchor.end) == Some(anchor.current_text()));
    let (before, after, live_context) = match live {
        Some(text) => (
            text.before(anchor.start, context).to_owned(),
            text.after(anchor.end, context).to_owned(),
            true,
        ),
        None => (
            last_chars(&anchor.prefix, context),
            first_chars(&anchor.suffix, context),
            false,
        ),
    };
    CodedSegment {
        annotation: a.id,
        document: a.document.clone(),
        title,
        start: anchor.start,
        end: anchor.end,
        quote: anchor.quote.clone(),
        current_quote: anchor.current_quote.clone(),
        region: anchor.region,
        label: anchor.passage_label(),
        paragraph: live.map(|text| text.paragraph_number(anchor.start)),
        before,
        after,
        note: a.note.clone(),
        tags: a.tags.clone(),
        coder: a.coder.clone(),
        orphaned: a.orphaned,
        live_context,
    }
}

fn last_chars(s: &str, n: usize) -> String {
    let skip = s.chars().count().saturating_sub(n);
    s.chars().skip(skip).collect()
}

fn first_chars(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, Command, Rgb, Tag};
    use crate::search::engine::tests::corpus;

    const TEXT_A: &str = "Russia keeps Hmeimim air base and the naval base at Tartus.";
    const TEXT_B: &str = "Турция и Россия: база в Тартусе. Новая база?";

    struct Fixture {
        project: Project,
        corpus: Corpus,
        russia: TagId,
        bases: TagId,
        air: TagId,
        turkey: TagId,
    }

    fn add_tag(p: &mut Project, name: &str, parent: Option<TagId>) -> TagId {
        let id = p.new_tag_id();
        Command::AddTag(Tag {
            id,
            name: name.into(),
            colour: Rgb::PALETTE[1],
            description: String::new(),
            parent,
        })
        .apply(p)
        .expect("tag added");
        id
    }

    fn annotate(
        f: &mut Fixture,
        doc: &str,
        range: std::ops::Range<usize>,
        tags: &[TagId],
        note: &str,
    ) {
        let d = f.corpus.get(doc).expect("document");
        let anchor = Anchor::from_range(&d.text, range.start, range.end).expect("range");
        let at = jiff::Timestamp::UNIX_EPOCH;
        Command::AddAnnotation(Annotation {
            id: f.project.new_annotation_id(),
            document: doc.into(),
            anchor,
            note: note.into(),
            tags: tags.to_vec(),
            created: at,
            modified: at,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        })
        .apply(&mut f.project)
        .expect("annotation added");
    }

    fn fixture() -> Fixture {
        let mut project = Project::new("t");
        let russia = add_tag(&mut project, "Russia", None);
        let bases = add_tag(&mut project, "Bases", Some(russia));
        let air = add_tag(&mut project, "Air", Some(bases));
        let turkey = add_tag(&mut project, "Turkey", None);
        let mut f = Fixture {
            project,
            corpus: corpus(&[("a.txt", TEXT_A), ("b.txt", TEXT_B)]),
            russia,
            bases,
            air,
            turkey,
        };
        annotate(&mut f, "a.txt", 38..48, &[bases], "naval"); // "naval base"
        annotate(&mut f, "a.txt", 13..29, &[air, russia], ""); // "Hmeimim air base"
        annotate(&mut f, "b.txt", 0..6, &[turkey], ""); // "Турция"
        annotate(&mut f, "b.txt", 17..31, &[bases, turkey], "both"); // "база в Тартусе"
        annotate(&mut f, "a.txt", 0..6, &[russia], ""); // "Russia"
        f
    }

    fn quotes(segments: &[CodedSegment]) -> Vec<&str> {
        segments.iter().map(|s| s.quote.as_str()).collect()
    }

    fn filter(tags: &[TagId], mode: TagMode, include_subtags: bool) -> TagFilter {
        TagFilter {
            tags: tags.to_vec(),
            mode,
            include_subtags,
            coder: CoderFilter::Everyone,
        }
    }

    #[test]
    fn any_of_several_tags_in_document_then_text_order() {
        let f = fixture();
        let s = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.bases, f.turkey], TagMode::Any, false),
            8,
        );
        assert_eq!(quotes(&s), ["naval base", "Турция", "база в Тартусе"]);
        assert_eq!(s[0].document, "a.txt");
        assert_eq!((s[0].start, s[0].end), (38, 48));
        assert_eq!(
            (s[0].before.as_str(), s[0].after.as_str()),
            ("and the ", " at Tart")
        );
        assert_eq!(s[0].note, "naval");
        assert!(s[0].live_context);
    }

    #[test]
    fn passages_of_one_coder_or_of_none_recorded() {
        let mut f = fixture();
        let ids: Vec<AnnotationId> = f.project.annotations.keys().copied().collect();
        for (id, coder) in ids.iter().zip([Some("Ana"), Some("Bob"), Some("Ana")]) {
            if let Some(a) = f.project.annotations.get_mut(id) {
                a.coder = coder.map(str::to_owned);
            }
        }
        let by = |coder: CoderFilter| {
            let mut wanted = filter(&[f.russia, f.turkey], TagMode::Any, true);
            wanted.coder = coder;
            let found = coded_segments(&f.project, &f.corpus, &wanted, 8);
            found.iter().map(|s| s.quote.clone()).collect::<Vec<_>>()
        };
        assert_eq!(
            by(CoderFilter::Coder("Ana".into())),
            ["naval base", "Турция"]
        );
        assert_eq!(by(CoderFilter::Coder("Bob".into())), ["Hmeimim air base"]);
        assert_eq!(by(CoderFilter::Unrecorded), ["Russia", "база в Тартусе"]);
        assert_eq!(by(CoderFilter::Everyone).len(), 5);
        assert_eq!(
            CoderFilter::choices(&f.project),
            [
                CoderFilter::Everyone,
                CoderFilter::Coder("Ana".into()),
                CoderFilter::Coder("Bob".into()),
                CoderFilter::Unrecorded
            ]
        );
        let segment = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.bases], TagMode::Any, false),
            8,
        );
        assert_eq!(segment[0].coder.as_deref(), Some("Ana"));
    }

    #[test]
    fn all_of_several_tags() {
        let f = fixture();
        let s = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.bases, f.turkey], TagMode::All, false),
            8,
        );
        assert_eq!(quotes(&s), ["база в Тартусе"]);
        assert_eq!(s[0].tags, [f.bases, f.turkey]);
        assert_eq!(
            (s[0].before.as_str(), s[0].after.as_str()),
            ("Россия: ", ". Новая ")
        );
    }

    #[test]
    fn sub_tags_count_when_asked() {
        let f = fixture();
        let without = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.bases], TagMode::Any, false),
            8,
        );
        assert_eq!(quotes(&without), ["naval base", "база в Тартусе"]);
        let with = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.bases], TagMode::Any, true),
            8,
        );
        assert_eq!(
            quotes(&with),
            ["Hmeimim air base", "naval base", "база в Тартусе"]
        );
        // "Russia" with its sub-tags, and "Turkey": both hold only for the Tartus passage.
        let all = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.russia, f.turkey], TagMode::All, true),
            8,
        );
        assert_eq!(quotes(&all), ["база в Тартусе"]);
        let all = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.russia, f.turkey], TagMode::All, false),
            8,
        );
        assert!(all.is_empty());
        let air_only = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.air], TagMode::Any, true),
            8,
        );
        assert_eq!(quotes(&air_only), ["Hmeimim air base"]);
    }

    #[test]
    fn no_tags_match_nothing() {
        let f = fixture();
        for mode in [TagMode::Any, TagMode::All] {
            assert!(coded_segments(&f.project, &f.corpus, &filter(&[], mode, true), 8).is_empty());
        }
    }

    #[test]
    fn orphans_and_missing_documents_fall_back_to_the_stored_context() {
        let mut f = fixture();
        for a in f.project.annotations.values_mut() {
            if a.document == "b.txt" {
                a.orphaned = true;
            }
        }
        let empty = Corpus::default();
        let s = coded_segments(
            &f.project,
            &empty,
            &filter(&[f.turkey], TagMode::Any, false),
            5,
        );
        assert_eq!(quotes(&s), ["Турция", "база в Тартусе"]);
        assert!(s.iter().all(|s| !s.live_context && s.orphaned));
        assert_eq!(
            (s[1].before.as_str(), s[1].after.as_str()),
            ("сия: ", ". Нов")
        );
        assert_eq!(s[1].title, "b.txt");
    }

    #[test]
    fn a_region_is_listed_with_its_box_and_labelled_by_its_page_when_it_has_no_words() {
        let mut f = fixture();
        let rect = crate::corpus::layout::PageRect {
            x: 10.0,
            y: 10.0,
            w: 200.0,
            h: 150.0,
        };
        let photo = PageRegion::new(1, rect);
        for a in f.project.annotations.values_mut() {
            if a.anchor.quote == "Russia" {
                a.anchor = Anchor {
                    start: 0,
                    end: 0,
                    quote: String::new(),
                    region: photo,
                    ..a.anchor.clone()
                };
            }
        }
        let s = coded_segments(
            &f.project,
            &f.corpus,
            &filter(&[f.russia], TagMode::Any, false),
            5,
        );
        let labels: Vec<&str> = s.iter().map(|s| s.label.as_str()).collect();
        assert_eq!(labels, ["Region, page 2", "Hmeimim air base"]);
        assert_eq!((s[0].region, s[1].region), (photo, None));
        assert!(s[0].live_context, "an empty region is not a broken anchor");
    }
}

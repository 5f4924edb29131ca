//! The shape of a report, shared by the Markdown and HTML exports: what goes in which
//! section, in which order. The two formats differ only in how they print it.
//!
//! * One section per tag, in codebook order ([`crate::project::Project::tag_tree`]), with
//!   the annotations that carry the tag (an annotation with two tags appears under both:
//!   a report is read tag by tag). Tags without annotations keep their heading, so that
//!   the report shows the whole codebook.
//! * "Untagged": annotations without tags.
//! * "Orphaned": annotations whose passage is not in the current text, with whatever tags
//!   they have; they appear only here, since their quote cannot be cited in place.
//! * "Sources": every document cited, once, with its link (the web page it came from) and
//!   its byline (who published it, when: see [`crate::corpus::Metadata::byline`]).
//!
//! A passage is cited by its document's path, paragraph ("¶ 12") and page: what a reader
//! can find it by. Its char offsets, which only programs use, are given separately
//! ([`offsets`]) for the formats to put where a reader is not bothered by them (the HTML
//! report's tooltips).

use super::{Context, Item};
use crate::corpus::Document;
use crate::project::Tag;
use crate::text::counted;

pub(super) enum SectionKind<'a> {
    Tag {
        tag: &'a Tag,
        depth: usize,
        path: String,
    },
    Untagged,
    Orphaned,
}

pub(super) struct Section<'c, 'a> {
    pub kind: SectionKind<'a>,
    pub items: Vec<&'c Item<'a>>,
}

impl Section<'_, '_> {
    /// A stable anchor for links within the report.
    pub fn anchor(&self) -> String {
        match &self.kind {
            SectionKind::Tag { tag, .. } => format!("tag-{}", tag.id.0),
            SectionKind::Untagged => "untagged".to_owned(),
            SectionKind::Orphaned => "orphaned".to_owned(),
        }
    }

    pub fn title(&self) -> String {
        match &self.kind {
            SectionKind::Tag { tag, .. } => tag.name.clone(),
            SectionKind::Untagged => "Untagged".to_owned(),
            SectionKind::Orphaned => "Orphaned".to_owned(),
        }
    }

    /// Nesting depth in the codebook (0 for the extra sections).
    pub fn depth(&self) -> usize {
        match &self.kind {
            SectionKind::Tag { depth, .. } => *depth,
            _ => 0,
        }
    }
}

/// The sections of the report, in order. The extra sections are present only when they
/// have annotations.
pub(super) fn sections<'c, 'a>(context: &'c Context<'a>) -> Vec<Section<'c, 'a>> {
    let mut out: Vec<Section> = context
        .tree
        .iter()
        .map(|&(depth, tag)| Section {
            kind: SectionKind::Tag {
                tag,
                depth,
                path: context.tag_path(tag.id),
            },
            items: context
                .items
                .iter()
                .filter(|i| !i.is_orphan() && i.tags.contains(&tag.id))
                .collect(),
        })
        .collect();
    let untagged: Vec<&Item> = context
        .items
        .iter()
        .filter(|i| !i.is_orphan() && i.tags.is_empty())
        .collect();
    if !untagged.is_empty() {
        out.push(Section {
            kind: SectionKind::Untagged,
            items: untagged,
        });
    }
    let orphans: Vec<&Item> = context.items.iter().filter(|i| i.is_orphan()).collect();
    if !orphans.is_empty() {
        out.push(Section {
            kind: SectionKind::Orphaned,
            items: orphans,
        });
    }
    out
}

/// "syria/bases.txt, ¶ 2, p. 3": where a passage is, for a reader to find it.
pub(super) fn location(item: &Item) -> String {
    let a = item.annotation;
    match &item.place {
        Some(place) => {
            let paragraph = place
                .paragraph
                .map(|n| format!(", ¶ {n}"))
                .unwrap_or_default();
            let page = place.page.map(|p| format!(", p. {p}")).unwrap_or_default();
            let region = region_words(item)
                .map(|r| format!(", region on {r}"))
                .unwrap_or_default();
            format!("{}{paragraph}{page}{region}", a.document)
        }
        None => format!("{} (passage not found in the current text)", a.document),
    }
}

/// "page 3, 120×90 at 10,40": where a region annotation's box is, in words.
pub(super) fn region_words(item: &Item) -> Option<String> {
    item.annotation.anchor.region.map(|r| r.describe())
}

/// "chars 35–71": the passage's char offsets, for tooltips (`None` for an orphan).
pub(super) fn offsets(item: &Item) -> Option<String> {
    let a = item.annotation;
    item.place
        .map(|_| format!("chars {}–{}", a.anchor.start, a.anchor.end))
}

/// A document the report cites, for its "Sources" section.
pub(super) struct Source<'a> {
    /// Its title as the report shows it (the project's own title for it, if any).
    pub title: &'a str,
    pub path: &'a str,
    /// The web page it came from (an `http` or `https` address).
    pub link: Option<&'a str>,
    /// "UK Government · 8 December 2024"; empty when the document says nothing.
    pub byline: String,
}

/// The documents of the corpus that the report cites, once each, in path order.
pub(super) fn sources<'a>(context: &Context<'a>) -> Vec<Source<'a>> {
    let mut out: Vec<Source<'a>> = Vec::new();
    for item in &context.items {
        if out.last().is_some_and(|s| s.path == item.document()) {
            continue;
        }
        let Some(document) = context.corpus.get(item.document()) else {
            continue; // gone from the corpus: nothing to say about it but its path
        };
        let document: &'a Document = document;
        out.push(Source {
            title: item.title,
            path: &document.path,
            link: document.meta.link(),
            byline: document.meta.byline().join(" · "),
        });
    }
    out
}

/// A one-line summary under the report's title.
pub(super) fn summary(context: &Context) -> String {
    let annotations = context.items.len();
    let mut documents: Vec<&str> = context.items.iter().map(|i| i.document()).collect();
    documents.dedup();
    let orphans = context.items.iter().filter(|i| i.is_orphan()).count();
    let mut line = format!(
        "{} in {}, {}",
        counted(annotations, "annotation", "annotations"),
        counted(documents.len(), "document", "documents"),
        counted(context.tree.len(), "tag", "tags"),
    );
    if orphans > 0 {
        line.push_str(&format!(", {orphans} orphaned"));
    }
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::fixture;

    #[test]
    fn sections_follow_the_codebook_then_untagged_then_orphans() {
        let f = fixture::fixture();
        let context = Context::new(&f.project, &f.corpus);
        let sections = sections(&context);
        let outline: Vec<(String, usize, usize)> = sections
            .iter()
            .map(|s| (s.title(), s.depth(), s.items.len()))
            .collect();
        let expected = [
            ("Actors", 0, 1),
            ("Odd <b>\"tag\"</b> & co", 0, 1),
            ("Russia", 0, 1),
            ("Bases", 1, 1),
            ("Air", 2, 0),
            // The orphan carries Diplomacy but appears only among the orphans.
            ("Diplomacy", 1, 0),
            ("Untagged", 0, 2),
            ("Orphaned", 0, 1),
        ];
        let expected: Vec<(String, usize, usize)> = expected
            .iter()
            .map(|(t, d, n)| ((*t).to_owned(), *d, *n))
            .collect();
        assert_eq!(outline, expected);
        assert_eq!(
            summary(&context),
            "6 annotations in 3 documents, 6 tags, 1 orphaned."
        );
    }
}

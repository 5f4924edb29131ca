//! "Annotate all occurrences": search hits turned into annotations, as one undoable step.
//!
//! The result is a single [`Command::Batch`] of [`Command::AddAnnotation`]s, so one undo
//! removes every annotation it added and one redo brings them all back. Nothing is changed
//! here: the caller executes the command through its [`crate::project::History`].

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use jiff::Timestamp;

use crate::corpus::Document;
use crate::project::{Anchor, Annotation, AnnotationId, Command, CommandError, Project, TagId};

/// The coded passages of a project by document: what answers "is this match already
/// annotated?" for "annotate all" and for the search results' marks.
#[derive(Clone, Debug, Default)]
pub struct CodedSpans {
    /// Per document, (range, annotation) sorted by start.
    by_document: HashMap<String, Vec<(Range<usize>, AnnotationId)>>,
}

impl CodedSpans {
    /// The passages of every annotation that is not an orphan (with `tag`: only those
    /// carrying it).
    pub fn of(project: &Project, tag: Option<TagId>) -> Self {
        let mut by_document: HashMap<String, Vec<(Range<usize>, AnnotationId)>> = HashMap::new();
        for a in project.annotations.values() {
            if a.orphaned || tag.is_some_and(|t| !a.tags.contains(&t)) {
                continue;
            }
            by_document
                .entry(a.document.clone())
                .or_default()
                .push((a.anchor.start..a.anchor.end, a.id));
        }
        for spans in by_document.values_mut() {
            spans.sort_by_key(|(r, id)| (r.start, r.end, *id));
        }
        Self { by_document }
    }

    /// The annotations of `document` whose passage contains all of `range`.
    pub fn covering<'a>(
        &'a self,
        document: &str,
        range: &Range<usize>,
    ) -> impl Iterator<Item = AnnotationId> + 'a {
        let spans = self
            .by_document
            .get(document)
            .map_or(&[][..], Vec::as_slice);
        let upto = spans.partition_point(|(r, _)| r.start <= range.start);
        let end = range.end;
        spans[..upto]
            .iter()
            .filter(move |(r, _)| r.end >= end)
            .map(|(_, id)| *id)
    }

    /// True when an annotation of `document` contains all of `range`.
    pub fn covers(&self, document: &str, range: &Range<usize>) -> bool {
        self.covering(document, range).next().is_some()
    }
}

/// What [`annotate_all`] prepared.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotateAll {
    /// The batch to execute; `None` when there is nothing to add.
    pub command: Option<Command>,
    /// Annotations in the batch.
    pub added: usize,
    /// Hits skipped because they lie inside a passage already annotated with the tag (or
    /// the same hit was selected twice).
    pub already_annotated: usize,
    /// Hits skipped because their range is empty or not in the document's text.
    pub invalid: usize,
}

/// Prepares one annotation per hit with `tag` and `note`, created and modified `at`.
///
/// `hits` are char ranges of documents' texts (for search results: `(document, hit.range())`).
/// A hit is skipped when it lies inside the passage of a non-orphaned annotation of the
/// same document that already carries `tag` (a passage is never coded twice with one
/// tag), so running the same "annotate all" twice adds nothing the second time. Ids come from [`Project::new_annotation_id`], which is why the project is borrowed
/// mutably; ids handed out are never reused, even if the command is not executed.
///
/// Errors: [`CommandError::NoSuchTag`] when `tag` is not in the codebook.
pub fn annotate_all<'a>(
    project: &mut Project,
    hits: impl IntoIterator<Item = (&'a Document, Range<usize>)>,
    tag: TagId,
    note: &str,
    coder: Option<&str>,
    at: Timestamp,
) -> Result<AnnotateAll, CommandError> {
    let tag_name = project
        .tags
        .get(&tag)
        .map(|t| t.name.clone())
        .ok_or(CommandError::NoSuchTag(tag))?;
    let coded = CodedSpans::of(project, Some(tag));
    let mut taken: HashSet<(String, usize, usize)> = HashSet::new();
    let mut commands = Vec::new();
    let (mut already_annotated, mut invalid) = (0, 0);
    for (document, range) in hits {
        let Some(anchor) = Anchor::from_range(&document.text, range.start, range.end) else {
            invalid += 1;
            continue;
        };
        if coded.covers(&document.path, &(anchor.start..anchor.end))
            || !taken.insert((document.path.clone(), anchor.start, anchor.end))
        {
            already_annotated += 1;
            continue;
        }
        commands.push(Command::AddAnnotation(Annotation {
            id: project.new_annotation_id(),
            document: document.path.clone(),
            anchor,
            note: note.to_owned(),
            tags: vec![tag],
            created: at,
            modified: at,
            orphaned: false,
            coder: coder.map(str::to_owned),
            history: Vec::new(),
        }));
    }
    let added = commands.len();
    let command = (added > 0).then(|| Command::Batch {
        label: format!(
            "Annotate {} with “{tag_name}”",
            crate::text::counted(added, "occurrence", "occurrences")
        ),
        commands,
    });
    Ok(AnnotateAll {
        command,
        added,
        already_annotated,
        invalid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Rgb, Tag, Workspace};
    use crate::search::engine::tests::corpus;
    use crate::search::{Query, SearchOptions, search};
    use std::sync::atomic::AtomicBool;

    fn workspace_with_tag(name: &str) -> (Workspace, TagId) {
        let mut ws = Workspace::unsaved(Project::new("t"));
        let id = ws.project.new_tag_id();
        ws.execute(Command::AddTag(Tag {
            id,
            name: name.into(),
            colour: Rgb::PALETTE[0],
            description: String::new(),
            parent: None,
        }))
        .expect("tag added");
        (ws, id)
    }

    fn at() -> Timestamp {
        Timestamp::from_second(1_750_000_000).expect("valid time")
    }

    #[test]
    fn annotate_all_is_one_step_that_one_undo_removes() {
        let c = corpus(&[
            ("a.txt", "SDF units near Raqqa; the SDF said."),
            ("b.txt", "Кобани: SDF. Ещё раз SDF."),
        ]);
        let matcher = Query::literal("SDF")
            .whole_words()
            .compile()
            .expect("compiles");
        let found = search(
            &c,
            &matcher,
            &SearchOptions::default(),
            &AtomicBool::new(false),
        );
        assert_eq!(found.total_hits, 4);

        let (mut ws, tag) = workspace_with_tag("Kurdish forces");
        let prepared = annotate_all(
            &mut ws.project,
            found.hits().map(|(d, h)| (&**d, h.range())),
            tag,
            "checked",
            None,
            at(),
        )
        .expect("tag exists");
        assert_eq!((prepared.added, prepared.already_annotated), (4, 0));
        let command = prepared.command.expect("something to add");
        assert_eq!(
            command.label(&ws.project),
            "Annotate 4 occurrences with “Kurdish forces”"
        );
        ws.execute(command).expect("batch applies");

        assert_eq!(ws.project.annotations.len(), 4);
        let b = ws.project.annotations_of("b.txt");
        assert_eq!((b[0].anchor.start, b[0].anchor.end), (8, 11));
        assert_eq!((b[1].anchor.start, b[1].anchor.end), (21, 24));
        assert!(ws.project.annotations.values().all(|a| {
            a.anchor.quote == "SDF" && a.note == "checked" && a.tags == [tag] && a.created == at()
        }));

        assert_eq!(
            ws.undo().expect("undo works").as_deref(),
            Some("Annotate 4 occurrences with “Kurdish forces”")
        );
        assert!(ws.project.annotations.is_empty());
        assert!(
            ws.project.tags.contains_key(&tag),
            "only the batch was undone"
        );
        ws.redo().expect("redo works");
        assert_eq!(ws.project.annotations.len(), 4);
    }

    #[test]
    fn passages_already_coded_with_the_tag_are_skipped() {
        let c = corpus(&[("a.txt", "Hmeimim, Hmeimim and Hmeimim.")]);
        let doc = &c.documents[0];
        let (mut ws, tag) = workspace_with_tag("Bases");
        let first =
            annotate_all(&mut ws.project, [(&**doc, 0..7)], tag, "", None, at()).expect("ok");
        ws.execute(first.command.expect("one")).expect("applies");

        let ranges = [0..7, 9..16, 9..16, 21..28, 28..28, 40..45];
        let second = annotate_all(
            &mut ws.project,
            ranges.iter().map(|r| (&**doc, r.clone())),
            tag,
            "",
            None,
            at(),
        )
        .expect("ok");
        assert_eq!(
            (second.added, second.already_annotated, second.invalid),
            (2, 2, 2)
        );
        ws.execute(second.command.expect("two")).expect("applies");
        assert_eq!(ws.project.annotations.len(), 3);

        let again =
            annotate_all(&mut ws.project, [(&**doc, 9..16)], tag, "", None, at()).expect("ok");
        assert!(again.command.is_none());
    }

    #[test]
    fn matches_inside_a_passage_coded_with_the_tag_are_skipped() {
        let text = "Russia keeps its bases in Hmeimim and Tartus. Hmeimim is an air base.";
        let c = corpus(&[("a.txt", text)]);
        let doc = &c.documents[0];
        let (mut ws, bases) = workspace_with_tag("Bases");
        let other = ws.project.new_tag_id();
        ws.execute(Command::AddTag(crate::project::Tag {
            id: other,
            name: "Russia".into(),
            colour: Rgb::PALETTE[1],
            description: String::new(),
            parent: None,
        }))
        .expect("tag");
        // The whole first sentence is coded "Bases"; the second "Russia".
        let sentence = 0..45;
        let coded =
            annotate_all(&mut ws.project, [(&**doc, sentence)], bases, "", None, at()).expect("ok");
        ws.execute(coded.command.expect("one")).expect("applies");
        let second = 46..69;
        let coded =
            annotate_all(&mut ws.project, [(&**doc, second)], other, "", None, at()).expect("ok");
        ws.execute(coded.command.expect("one")).expect("applies");

        let hmeimim: Vec<Range<usize>> = crate::text::find_literal(&doc.text, "Hmeimim", true);
        assert_eq!(hmeimim, [26..33, 46..53]);
        let all = annotate_all(
            &mut ws.project,
            hmeimim.iter().map(|r| (&**doc, r.clone())),
            bases,
            "",
            None,
            at(),
        )
        .expect("ok");
        // The first is inside the passage coded "Bases"; the second is coded, but not
        // with this tag.
        assert_eq!((all.added, all.already_annotated), (1, 1));

        let spans = CodedSpans::of(&ws.project, None);
        assert!(spans.covers("a.txt", &(26..33)));
        assert!(spans.covers("a.txt", &(46..53)));
        assert!(!spans.covers("a.txt", &(40..50)), "straddles two passages");
        assert!(!spans.covers("b.txt", &(26..33)));
        assert_eq!(
            CodedSpans::of(&ws.project, Some(other))
                .covering("a.txt", &(46..53))
                .count(),
            1
        );
    }

    #[test]
    fn an_unknown_tag_is_an_error() {
        let c = corpus(&[("a.txt", "text")]);
        let mut p = Project::new("t");
        let err = annotate_all(
            &mut p,
            [(&*c.documents[0], 0..4)],
            TagId(uuid::Uuid::from_u128(99)),
            "",
            None,
            at(),
        );
        assert_eq!(
            err,
            Err(CommandError::NoSuchTag(TagId(uuid::Uuid::from_u128(99))))
        );
    }
}

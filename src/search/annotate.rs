//! "Annotate all occurrences": search hits turned into annotations, as one undoable step.
//!
//! The result is a single [`Command::Batch`] of [`Command::AddAnnotation`]s, so one undo
//! removes every annotation it added and one redo brings them all back. Nothing is changed
//! here: the caller executes the command through its [`crate::project::History`].

use std::collections::HashSet;
use std::ops::Range;

use jiff::Timestamp;

use crate::corpus::Document;
use crate::project::{Anchor, Annotation, Command, CommandError, Project, TagId};

/// What [`annotate_all`] prepared.
#[derive(Clone, Debug, PartialEq)]
pub struct AnnotateAll {
    /// The batch to execute; `None` when there is nothing to add.
    pub command: Option<Command>,
    /// Annotations in the batch.
    pub added: usize,
    /// Hits skipped because an annotation of the same passage with the tag already exists
    /// (or the same hit was selected twice).
    pub already_annotated: usize,
    /// Hits skipped because their range is empty or not in the document's text.
    pub invalid: usize,
}

/// Prepares one annotation per hit with `tag` and `note`, created and modified `at`.
///
/// `hits` are char ranges of documents' texts (for search results: `(document, hit.range())`).
/// A hit is skipped when a non-orphaned annotation of the same document and exact range
/// already carries `tag`, so running the same "annotate all" twice adds nothing the second
/// time. Ids come from [`Project::new_annotation_id`], which is why the project is borrowed
/// mutably; ids handed out are never reused, even if the command is not executed.
///
/// Errors: [`CommandError::NoSuchTag`] when `tag` is not in the codebook.
pub fn annotate_all<'a>(
    project: &mut Project,
    hits: impl IntoIterator<Item = (&'a Document, Range<usize>)>,
    tag: TagId,
    note: &str,
    at: Timestamp,
) -> Result<AnnotateAll, CommandError> {
    let tag_name = project
        .tags
        .get(&tag)
        .map(|t| t.name.clone())
        .ok_or(CommandError::NoSuchTag(tag))?;
    let mut taken: HashSet<(String, usize, usize)> = project
        .annotations
        .values()
        .filter(|a| !a.orphaned && a.tags.contains(&tag))
        .map(|a| (a.document.clone(), a.anchor.start, a.anchor.end))
        .collect();
    let mut commands = Vec::new();
    let (mut already_annotated, mut invalid) = (0, 0);
    for (document, range) in hits {
        let Some(anchor) = Anchor::from_range(&document.text, range.start, range.end) else {
            invalid += 1;
            continue;
        };
        if !taken.insert((document.path.clone(), anchor.start, anchor.end)) {
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
        }));
    }
    let added = commands.len();
    let command = (added > 0).then(|| Command::Batch {
        label: format!(
            "Annotate {added} {} with “{tag_name}”",
            if added == 1 {
                "occurrence"
            } else {
                "occurrences"
            }
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
        let first = annotate_all(&mut ws.project, [(&**doc, 0..7)], tag, "", at()).expect("ok");
        ws.execute(first.command.expect("one")).expect("applies");

        let ranges = [0..7, 9..16, 9..16, 21..28, 28..28, 40..45];
        let second = annotate_all(
            &mut ws.project,
            ranges.iter().map(|r| (&**doc, r.clone())),
            tag,
            "",
            at(),
        )
        .expect("ok");
        assert_eq!(
            (second.added, second.already_annotated, second.invalid),
            (2, 2, 2)
        );
        ws.execute(second.command.expect("two")).expect("applies");
        assert_eq!(ws.project.annotations.len(), 3);

        let again = annotate_all(&mut ws.project, [(&**doc, 9..16)], tag, "", at()).expect("ok");
        assert!(again.command.is_none());
    }

    #[test]
    fn an_unknown_tag_is_an_error() {
        let c = corpus(&[("a.txt", "text")]);
        let mut p = Project::new("t");
        let err = annotate_all(&mut p, [(&*c.documents[0], 0..4)], TagId(99), "", at());
        assert_eq!(err, Err(CommandError::NoSuchTag(TagId(99))));
    }
}

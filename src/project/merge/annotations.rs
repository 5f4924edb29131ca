//! Annotations merged by id, field by field: the passage (document, span, quote and its
//! history), the note and the coder conflict when both sides changed them differently;
//! tags are a set (a tag added on either side is kept, one removed on either side goes).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::items::{Conflicts, Outcome, decide, field, keys, list};
use crate::project::conflict::ConflictItem;
use crate::project::model::{Anchor, Annotation, AnnotationId, EarlierQuote, Project};

/// The merged annotations; conflicts are recorded in `conflicts`, with the version that
/// loses nothing kept in the map.
pub(super) fn merge(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Conflicts,
) -> BTreeMap<AnnotationId, Annotation> {
    let mut out = BTreeMap::new();
    let maps = [&base.annotations, &ours.annotations, &theirs.annotations];
    for id in keys(maps) {
        let [b, o, t] = maps.map(|m| m.get(&id));
        match decide(b, o, t) {
            Outcome::Take(kept) => {
                if let Some(a) = kept {
                    out.insert(id, a.clone());
                }
            }
            Outcome::BothChanged(o, t) => {
                let (merged_ours, merged_theirs, fields) = fields(b, o, t);
                out.insert(id, merged_ours.clone());
                if !fields.is_empty() {
                    let item = ConflictItem::Annotation {
                        ours: Some(merged_ours),
                        theirs: Some(merged_theirs),
                    };
                    conflicts.record(item, fields);
                }
            }
            Outcome::ChangedAndDeleted { ours, theirs } => {
                if let Some(kept) = ours.or(theirs) {
                    out.insert(id, kept.clone());
                }
                let item = ConflictItem::Annotation {
                    ours: ours.cloned(),
                    theirs: theirs.cloned(),
                };
                conflicts.record(item, vec!["deleted".into()]);
            }
        }
    }
    out
}

/// Where an annotation sits: moved together (a re-attached passage changes all of them).
type Passage = (String, Anchor, bool, Vec<EarlierQuote>);

fn passage(a: &Annotation) -> Passage {
    (
        a.document.clone(),
        a.anchor.clone(),
        a.orphaned,
        a.history.clone(),
    )
}

/// Our and their versions of an annotation both sides changed, with every field only one
/// side changed taken into both, and the names of the fields that conflict.
fn fields(
    base: Option<&Annotation>,
    ours: &Annotation,
    theirs: &Annotation,
) -> (Annotation, Annotation, Vec<String>) {
    let mut names = Vec::new();
    let (po, pt) = field(
        "passage",
        base.map(passage).as_ref(),
        &passage(ours),
        &passage(theirs),
        &mut names,
    );
    let (no, nt) = field(
        "note",
        base.map(|b| &b.note),
        &ours.note,
        &theirs.note,
        &mut names,
    );
    let (co, ct) = field(
        "coder",
        base.map(|b| &b.coder),
        &ours.coder,
        &theirs.coder,
        &mut names,
    );
    let tags = list(base.map_or(&[][..], |b| &b.tags), &ours.tags, &theirs.tags);
    let modified = ours.modified.max(theirs.modified);
    let build = |(document, anchor, orphaned, history): Passage, note, coder| Annotation {
        id: ours.id,
        document,
        anchor,
        note,
        tags: tags.clone(),
        created: ours.created,
        modified,
        orphaned,
        history,
        coder,
    };
    // A version that is one side's unchanged keeps that side's modified time (a conflict
    // alone changes nothing in ours); a version that took changes from both, the later.
    let dated = |mut a: Annotation| {
        for side in [ours, theirs] {
            let same = Annotation {
                modified: side.modified,
                ..a.clone()
            } == *side;
            if same {
                a.modified = side.modified;
            }
        }
        a
    };
    (dated(build(po, no, co)), dated(build(pt, nt, ct)), names)
}

/// Without a shared history, an annotation of theirs that is not ours by id but codes the
/// same passage (document, span, region) by the same coder as one of ours is the same annotation:
/// theirs is given our id, so that the merge keeps one.
pub(super) fn match_by_passage<'a>(ours: &Project, theirs: &'a Project) -> Cow<'a, Project> {
    // A region's box is part of its passage: two photographs on one page have the same
    // (empty) span.
    type Key<'k> = (&'k str, usize, usize, Option<[u32; 5]>, Option<&'k str>);
    fn key(a: &Annotation) -> Key<'_> {
        let region = a.anchor.region.map(|r| {
            [
                r.page,
                r.x.to_bits(),
                r.y.to_bits(),
                r.w.to_bits(),
                r.h.to_bits(),
            ]
        });
        (
            a.document.as_str(),
            a.anchor.start,
            a.anchor.end,
            region,
            a.coder.as_deref(),
        )
    }
    // Only ours that theirs does not have by id can be matched, each once.
    let mut free: HashMap<Key<'_>, AnnotationId> = HashMap::new();
    for a in ours.annotations.values() {
        if !theirs.annotations.contains_key(&a.id) {
            free.entry(key(a)).or_insert(a.id);
        }
    }
    let mut renamed: Vec<(AnnotationId, AnnotationId)> = Vec::new();
    for a in theirs.annotations.values() {
        if ours.annotations.contains_key(&a.id) {
            continue;
        }
        if let Some(our_id) = free.remove(&key(a)) {
            renamed.push((a.id, our_id));
        }
    }
    if renamed.is_empty() {
        return Cow::Borrowed(theirs);
    }
    let mut copy = theirs.clone();
    for (from, to) in renamed {
        if let Some(mut a) = copy.annotations.remove(&from) {
            a.id = to;
            copy.annotations.insert(to, a);
        }
    }
    Cow::Owned(copy)
}

//! The codebook merged by id, field by field (name, colour, description, parent), with the
//! rules that keep it one codebook: a tag both sides created under the same name is one tag,
//! a tag one side deleted while the other coded with it comes back (as a conflict), and no
//! two tags end with the same name or in a loop of parents.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::items::{Conflicts, Outcome, decide, field, keys};
use crate::project::conflict::{ConflictItem, MergeConflict};
use crate::project::file::break_parent_cycles;
use crate::project::ids::{is_migrated, migrated_apart};
use crate::project::model::{Project, Tag, TagId};

/// The merged codebook; conflicts are recorded in `conflicts`, with the version that loses
/// nothing kept in the map.
pub(super) fn merge(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Conflicts,
) -> BTreeMap<TagId, Tag> {
    let mut out = BTreeMap::new();
    let maps = [&base.tags, &ours.tags, &theirs.tags];
    for id in keys(maps) {
        let [b, o, t] = maps.map(|m| m.get(&id));
        match decide(b, o, t) {
            Outcome::Take(kept) => {
                if let Some(tag) = kept {
                    out.insert(id, tag.clone());
                }
            }
            Outcome::BothChanged(o, t) => {
                let mut names = Vec::new();
                let (no, nt) = field("name", b.map(|b| &b.name), &o.name, &t.name, &mut names);
                let (co, ct) = field(
                    "colour",
                    b.map(|b| &b.colour),
                    &o.colour,
                    &t.colour,
                    &mut names,
                );
                let (d_o, d_t) = field(
                    "description",
                    b.map(|b| &b.description),
                    &o.description,
                    &t.description,
                    &mut names,
                );
                let (po, pt) = field(
                    "parent",
                    b.map(|b| &b.parent),
                    &o.parent,
                    &t.parent,
                    &mut names,
                );
                let build = |name, colour, description, parent| Tag {
                    id,
                    name,
                    colour,
                    description,
                    parent,
                };
                let merged_ours = build(no, co, d_o, po);
                out.insert(id, merged_ours.clone());
                if !names.is_empty() {
                    let item = ConflictItem::Tag {
                        ours: Some(merged_ours),
                        theirs: Some(build(nt, ct, d_t, pt)),
                    };
                    conflicts.record(item, names);
                }
            }
            Outcome::ChangedAndDeleted { ours, theirs } => {
                if let Some(kept) = ours.or(theirs) {
                    out.insert(id, kept.clone());
                }
                let item = ConflictItem::Tag {
                    ours: ours.cloned(),
                    theirs: theirs.cloned(),
                };
                conflicts.record(item, vec!["deleted".into()]);
            }
        }
    }
    out
}

/// Theirs with every tag they created (one neither the base nor ours has by id) under the
/// name of one of ours (ignoring case) given our tag's id, in their annotations too: both
/// sides creating "Diplomacy" made one code, not two.
pub(super) fn match_by_name<'a>(
    base: &Project,
    ours: &Project,
    theirs: &'a Project,
) -> Cow<'a, Project> {
    // Only our tags they do not have by id: one they have, they may have renamed on
    // purpose before creating a new tag under its old name.
    let our_names: BTreeMap<String, TagId> = ours
        .tags
        .values()
        .filter(|t| !theirs.tags.contains_key(&t.id))
        .map(|t| (t.name.to_lowercase(), t.id))
        .collect();
    let map: BTreeMap<TagId, TagId> = theirs
        .tags
        .values()
        .filter(|t| !ours.tags.contains_key(&t.id) && !base.tags.contains_key(&t.id))
        .filter_map(|t| Some((t.id, *our_names.get(&t.name.to_lowercase())?)))
        .collect();
    if map.is_empty() {
        return Cow::Borrowed(theirs);
    }
    let mut copy = theirs.clone();
    for (from, to) in &map {
        // Their version of the tag goes: ours stands for both (it is in `ours`).
        copy.tags.remove(from);
        if let Some(ours) = ours.tags.get(to) {
            copy.tags.entry(*to).or_insert_with(|| ours.clone());
        }
    }
    remap(&mut copy, &map);
    Cow::Owned(copy)
}

/// Without a shared history, a tag of theirs with an id migrated from an old file (format
/// before 4) under a name ours does not give it is another tag: two projects started apart
/// on folders of one name numbered their tags alike ("tag 1" is Ana's "Diplomacy" and
/// Bob's "Economy"). Theirs gets another id (in their annotations too), and is then matched
/// by name like every tag made apart. Copies of one old file merged with their base keep
/// the shared ids (three-way does not call this).
pub(super) fn apart_migrated<'a>(ours: &Project, theirs: &'a Project) -> Cow<'a, Project> {
    let map: BTreeMap<TagId, TagId> = theirs
        .tags
        .values()
        .filter(|t| is_migrated(t.id.0))
        .filter(|t| {
            ours.tags
                .get(&t.id)
                .is_some_and(|o| o.name.to_lowercase() != t.name.to_lowercase())
        })
        .map(|t| (t.id, TagId(migrated_apart(t.id.0, &t.name))))
        .collect();
    if map.is_empty() {
        return Cow::Borrowed(theirs);
    }
    let mut copy = theirs.clone();
    for (from, to) in &map {
        if let Some(mut tag) = copy.tags.remove(from) {
            tag.id = *to;
            copy.tags.insert(*to, tag);
        }
    }
    remap(&mut copy, &map);
    Cow::Owned(copy)
}

/// Every reference to a key of `map` (an annotation's tags, a tag's parent, the versions in
/// the project's conflicts) made to its value.
fn remap(project: &mut Project, map: &BTreeMap<TagId, TagId>) {
    for a in project.annotations.values_mut() {
        remap_list(&mut a.tags, map);
    }
    for t in project.tags.values_mut() {
        remap_parent(t, map);
    }
    for c in project.merge_conflicts.values_mut() {
        remap_conflict(c, map);
    }
}

fn remap_list(tags: &mut Vec<TagId>, map: &BTreeMap<TagId, TagId>) {
    if tags.iter().any(|t| map.contains_key(t)) {
        let mut seen = BTreeSet::new();
        *tags = tags
            .iter()
            .map(|t| *map.get(t).unwrap_or(t))
            .filter(|t| seen.insert(*t))
            .collect();
    }
}

fn remap_parent(tag: &mut Tag, map: &BTreeMap<TagId, TagId>) {
    if let Some(p) = tag.parent.and_then(|p| map.get(&p)) {
        tag.parent = Some(*p);
    }
}

fn remap_conflict(c: &mut MergeConflict, map: &BTreeMap<TagId, TagId>) {
    match &mut c.item {
        ConflictItem::Annotation { ours, theirs } => {
            for a in [ours, theirs].into_iter().flatten() {
                remap_list(&mut a.tags, map);
            }
        }
        ConflictItem::Tag { ours, theirs } => {
            for t in [ours, theirs].into_iter().flatten() {
                remap_parent(t, map);
            }
        }
        _ => {}
    }
}

/// Tags the merged annotations (or the versions in new conflicts) code with that one side
/// deleted: brought back, with a conflict asking whether the deletion stands. A deletion
/// never silently strips a code from the other side's annotations.
pub(super) fn restore_used(out: &mut Project, sides: [&Project; 3], conflicts: &mut Conflicts) {
    let mut used: BTreeSet<TagId> = out
        .annotations
        .values()
        .flat_map(|a| a.tags.iter().copied())
        .collect();
    for c in &conflicts.list {
        if let ConflictItem::Annotation { ours, theirs } = &c.item {
            used.extend(
                [ours, theirs]
                    .into_iter()
                    .flatten()
                    .flat_map(|a| a.tags.clone()),
            );
        }
    }
    let [base, ours, theirs] = sides;
    for id in used {
        if out.tags.contains_key(&id) {
            continue;
        }
        let version = theirs
            .tags
            .get(&id)
            .or_else(|| ours.tags.get(&id))
            .or_else(|| base.tags.get(&id));
        let Some(tag) = version else {
            continue; // never happens: every tag an annotation names exists on its side
        };
        out.tags.insert(id, tag.clone());
        let item = ConflictItem::Tag {
            ours: ours.tags.get(&id).cloned(),
            theirs: theirs.tags.get(&id).cloned(),
        };
        conflicts.record(item, vec!["deleted".into()]);
    }
}

/// A codebook that is one: a parent that is gone makes a tag a root, a loop of parents
/// (each side moved one tag under the other) is cut, and two tags that ended with the same
/// name are one tag (the earlier id) when one side renamed a tag to the name the other
/// gave a new one. Two codes that already existed, or a new one and one whose name
/// conflicts, stay two: the one named by theirs gets back our name for it (or a name of
/// its own) and a conflict on its name, which the user settles.
pub(super) fn tidy(out: &mut Project, sides: [&Project; 3], conflicts: &mut Conflicts) {
    join_same_names(out, sides, conflicts);
    // After the tags joined, whose children now name the tag they went into: a tag moved
    // under a new tag that was then joined into it would be its own parent.
    let ids: BTreeSet<TagId> = out.tags.keys().copied().collect();
    for t in out.tags.values_mut() {
        t.parent = t.parent.filter(|p| ids.contains(p) && *p != t.id);
    }
    break_parent_cycles(out);
}

fn join_same_names(out: &mut Project, sides: [&Project; 3], conflicts: &mut Conflicts) {
    let mut by_name: BTreeMap<String, TagId> = BTreeMap::new();
    let mut map = BTreeMap::new();
    let mut apart = Vec::new();
    for t in out.tags.values() {
        match by_name.get(&t.name.to_lowercase()) {
            Some(&first) if one_code(first, t.id, sides, conflicts) => {
                map.insert(t.id, first);
            }
            Some(&first) => apart.push((first, t.id)),
            None => {
                by_name.insert(t.name.to_lowercase(), t.id);
            }
        }
    }
    for (first, second) in apart {
        keep_apart(out, first, second, sides[1], conflicts);
    }
    if map.is_empty() {
        return;
    }
    for from in map.keys() {
        out.tags.remove(from);
    }
    remap(out, &map);
    // Conflicts about a tag that went into another are moot.
    conflicts.list.retain(|c| match &c.item {
        ConflictItem::Tag { ours, theirs } => ours
            .as_ref()
            .or(theirs.as_ref())
            .is_none_or(|t| !map.contains_key(&t.id)),
        _ => true,
    });
    for c in &mut conflicts.list {
        remap_conflict(c, &map);
    }
}

/// Two tags that ended with one name are one code when one of them was made on one side
/// only, and the other's name is not in dispute (had the side that made the new tag named
/// the other otherwise, it meant two codes).
fn one_code(a: TagId, b: TagId, sides: [&Project; 3], conflicts: &Conflicts) -> bool {
    let [base, ours, theirs] = sides;
    let new = |t: TagId| {
        !base.tags.contains_key(&t) && ours.tags.contains_key(&t) != theirs.tags.contains_key(&t)
    };
    (new(a) && !name_disputed(b, conflicts)) || (new(b) && !name_disputed(a, conflicts))
}

fn name_disputed(tag: TagId, conflicts: &Conflicts) -> bool {
    conflicts
        .list
        .iter()
        .any(|c| conflict_tag(c) == Some(tag) && c.fields.iter().any(|f| f == "name"))
}

fn conflict_tag(c: &MergeConflict) -> Option<TagId> {
    match &c.item {
        ConflictItem::Tag { ours, theirs } => ours.as_ref().or(theirs.as_ref()).map(|t| t.id),
        _ => None,
    }
}

/// Two codes that ended with one name stay two: the one whose name is not ours (theirs
/// renamed or made it) takes our name for it, or the name with where theirs came from, and
/// a conflict on its name keeps the name theirs gave it.
fn keep_apart(
    out: &mut Project,
    first: TagId,
    second: TagId,
    ours: &Project,
    conflicts: &mut Conflicts,
) {
    let ours_named = |t: TagId| {
        let merged = out.tags.get(&t).map(|t| t.name.as_str());
        ours.tags.get(&t).map(|o| o.name.as_str()) == merged
    };
    let renamed = if ours_named(second) && !ours_named(first) {
        first
    } else {
        second
    };
    let Some(clashing) = out.tags.get(&renamed).cloned() else {
        return;
    };
    let taken: BTreeSet<String> = out.tags.values().map(|t| t.name.to_lowercase()).collect();
    let free = |name: &str| !taken.contains(&name.to_lowercase());
    let our_name = ours
        .tags
        .get(&renamed)
        .map(|t| t.name.clone())
        .filter(|n| free(n));
    let name = our_name.unwrap_or_else(|| {
        let from = conflicts.from();
        std::iter::once(format!("{} ({from})", clashing.name))
            .chain((2..).map(|n| format!("{} ({from} {n})", clashing.name)))
            .find(|n| free(n))
            .unwrap_or_default() // (an endless list: a free name is always found)
    });
    let mut kept = clashing.clone();
    kept.name = name;
    out.tags.insert(renamed, kept.clone());
    let earlier = conflicts.list.iter_mut().find(|c| {
        conflict_tag(c) == Some(renamed)
            && matches!(
                c.item,
                ConflictItem::Tag {
                    ours: Some(_),
                    theirs: Some(_)
                }
            )
    });
    match earlier {
        Some(c) => {
            if let ConflictItem::Tag {
                ours: Some(o),
                theirs: Some(t),
            } = &mut c.item
            {
                o.name = kept.name;
                t.name = clashing.name;
            }
            if !c.fields.iter().any(|f| f == "name") {
                c.fields.push("name".into());
            }
        }
        None => {
            let item = ConflictItem::Tag {
                ours: Some(kept),
                theirs: Some(clashing),
            };
            conflicts.record(item, vec!["name".into()]);
        }
    }
}

/// The versions saved in conflicts (this merge's and earlier ones) refer only to tags the
/// merged codebook has: a parent that is gone is none, a tag that is gone is left out of an
/// annotation's. Settling then never fails on a tag the merge removed.
pub(super) fn clean_saved_copies(out: &mut Project, conflicts: &mut Conflicts) {
    let ids: BTreeSet<TagId> = out.tags.keys().copied().collect();
    let clean = |c: &mut MergeConflict| match &mut c.item {
        ConflictItem::Annotation { ours, theirs } => {
            for a in [ours, theirs].into_iter().flatten() {
                a.tags.retain(|t| ids.contains(t));
            }
        }
        ConflictItem::Tag { ours, theirs } => {
            for t in [ours, theirs].into_iter().flatten() {
                t.parent = t.parent.filter(|p| *p != t.id && ids.contains(p));
            }
        }
        _ => {}
    };
    out.merge_conflicts.values_mut().for_each(clean);
    conflicts.list.iter_mut().for_each(clean);
}

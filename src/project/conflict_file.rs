//! Merge conflicts in the project file (`merge_conflicts: [...]`, omitted when there is
//! none; new in format version 4): each conflict's two versions written with the same
//! entries as the project's own tags and annotations.

use serde::{Deserialize, Serialize};

use super::conflict::{ConflictItem, MergeConflict};
use super::file::{
    AnnotationEntry, TagEntry, annotation_entry, annotation_from_entry, tag_entry, tag_from_entry,
};
use super::ids::ConflictId;
use super::model::{Project, Tag};
use crate::entities::{PhraseRule, SlashOrder};

#[derive(Serialize, Deserialize)]
pub(super) struct ConflictEntry<'a> {
    id: ConflictId,
    item: ItemEntry<'a>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    fields: Vec<String>,
    #[serde(default)]
    theirs_from: String,
}

#[allow(
    clippy::large_enum_variant,
    reason = "a project holds few conflicts; unboxed versions keep matching on them plain"
)]
#[derive(Serialize, Deserialize)]
enum ItemEntry<'a> {
    Annotation {
        #[serde(default)]
        ours: Option<AnnotationEntry<'a>>,
        #[serde(default)]
        theirs: Option<AnnotationEntry<'a>>,
    },
    Tag {
        #[serde(default)]
        ours: Option<TagEntry>,
        #[serde(default)]
        theirs: Option<TagEntry>,
    },
    DocumentTitle {
        path: String,
        #[serde(default)]
        ours: Option<String>,
        #[serde(default)]
        theirs: Option<String>,
    },
    EntityRule {
        phrase: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<crate::entities::EntityKind>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<u32>,
        #[serde(default)]
        ours: Option<PhraseRule>,
        #[serde(default)]
        theirs: Option<PhraseRule>,
    },
    EntityAlias {
        alias: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        of: Option<crate::entities::EntityKind>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        place: Option<u32>,
        #[serde(default)]
        ours: Option<String>,
        #[serde(default)]
        theirs: Option<String>,
    },
    PlaceLink {
        name: String,
        #[serde(default)]
        ours: Option<Option<u32>>,
        #[serde(default)]
        theirs: Option<Option<u32>>,
    },
    SlashOrder {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        document: Option<String>,
        #[serde(default)]
        ours: Option<SlashOrder>,
        #[serde(default)]
        theirs: Option<SlashOrder>,
    },
}

pub(super) fn conflict_entry(c: &MergeConflict) -> ConflictEntry<'_> {
    let item = match &c.item {
        ConflictItem::Annotation { ours, theirs } => ItemEntry::Annotation {
            ours: ours.as_ref().map(annotation_entry),
            theirs: theirs.as_ref().map(annotation_entry),
        },
        ConflictItem::Tag { ours, theirs } => ItemEntry::Tag {
            ours: ours.as_ref().map(tag_entry),
            theirs: theirs.as_ref().map(tag_entry),
        },
        ConflictItem::DocumentTitle { path, ours, theirs } => ItemEntry::DocumentTitle {
            path: path.clone(),
            ours: ours.clone(),
            theirs: theirs.clone(),
        },
        ConflictItem::EntityRule {
            phrase,
            of,
            place,
            ours,
            theirs,
        } => ItemEntry::EntityRule {
            phrase: phrase.clone(),
            of: *of,
            place: *place,
            ours: *ours,
            theirs: *theirs,
        },
        ConflictItem::EntityAlias {
            alias,
            of,
            place,
            ours,
            theirs,
        } => ItemEntry::EntityAlias {
            alias: alias.clone(),
            of: *of,
            place: *place,
            ours: ours.clone(),
            theirs: theirs.clone(),
        },
        ConflictItem::PlaceLink { name, ours, theirs } => ItemEntry::PlaceLink {
            name: name.clone(),
            ours: *ours,
            theirs: *theirs,
        },
        ConflictItem::SlashOrder {
            document,
            ours,
            theirs,
        } => ItemEntry::SlashOrder {
            document: document.clone(),
            ours: *ours,
            theirs: *theirs,
        },
    };
    ConflictEntry {
        id: c.id,
        item,
        fields: c.fields.clone(),
        theirs_from: c.theirs_from.clone(),
    }
}

/// The conflict an entry describes, in `project` (codebook and annotations read already).
/// Tags the codebook lacks (a hand edit) are dropped from its versions, as from the
/// project's own annotations, so that settling it never refers to a missing tag.
pub(super) fn conflict_from_entry(entry: ConflictEntry<'_>, project: &Project) -> MergeConflict {
    let tag = |t: TagEntry| -> Tag {
        let mut tag = tag_from_entry(t);
        tag.parent = tag
            .parent
            .filter(|p| *p != tag.id && project.tags.contains_key(p));
        tag
    };
    let item = match entry.item {
        ItemEntry::Annotation { ours, theirs } => ConflictItem::Annotation {
            ours: ours.map(|a| annotation_from_entry(a, project)),
            theirs: theirs.map(|a| annotation_from_entry(a, project)),
        },
        ItemEntry::Tag { ours, theirs } => ConflictItem::Tag {
            ours: ours.map(tag),
            theirs: theirs.map(tag),
        },
        ItemEntry::DocumentTitle { path, ours, theirs } => {
            ConflictItem::DocumentTitle { path, ours, theirs }
        }
        ItemEntry::EntityRule {
            phrase,
            of,
            place,
            ours,
            theirs,
        } => ConflictItem::EntityRule {
            phrase,
            of,
            place,
            ours,
            theirs,
        },
        ItemEntry::EntityAlias {
            alias,
            of,
            place,
            ours,
            theirs,
        } => ConflictItem::EntityAlias {
            alias,
            of,
            place,
            ours,
            theirs,
        },
        ItemEntry::PlaceLink { name, ours, theirs } => {
            ConflictItem::PlaceLink { name, ours, theirs }
        }
        ItemEntry::SlashOrder {
            document,
            ours,
            theirs,
        } => ConflictItem::SlashOrder {
            document,
            ours,
            theirs,
        },
    };
    MergeConflict {
        id: entry.id,
        item,
        fields: entry.fields,
        theirs_from: entry.theirs_from,
    }
}

//! Merge conflicts recorded inside a project: an item (or one of its fields) changed
//! differently on the two sides of a merge, or changed on one side and deleted on the other.
//!
//! Both versions are kept as values, never as text markers in the file, so that a merged
//! project always opens. Until the user settles a conflict, the project's own map holds the
//! version that loses nothing: ours, or the changed one when the other side deleted it.
//! Settling ([`super::Command::SettleConflict`]) applies the user's choice with ordinary
//! commands and removes the conflict in one undoable step.

use super::command::{Command, CommandError};
use super::ids::ConflictId;
use super::model::{Annotation, Project, Tag};
use crate::entities::{PhraseRule, SlashOrder};

/// A field (or the item's existence) changed differently on the two sides of a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct MergeConflict {
    /// The conflict's id (stable: saved in the project file).
    pub id: ConflictId,
    /// The two versions of the item.
    pub item: ConflictItem,
    /// What differs: "note", "tags", "passage", "name", "colour", "parent", "description",
    /// "title", "rule", "deleted", ...
    pub fields: Vec<String>,
    /// Where theirs came from: a coder's name or a file name.
    pub theirs_from: String,
}

/// The two versions of a conflicting item; `None` is "deleted on that side" (for a title,
/// "no title of the user's own"; for an entity rule or alias, "no rule").
#[allow(
    clippy::large_enum_variant,
    reason = "a project holds few conflicts; unboxed versions keep matching on them plain"
)]
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictItem {
    /// An annotation (both versions have the same id).
    Annotation {
        /// Our version.
        ours: Option<Annotation>,
        /// Their version.
        theirs: Option<Annotation>,
    },
    /// A tag of the codebook (both versions have the same id).
    Tag {
        /// Our version.
        ours: Option<Tag>,
        /// Their version.
        theirs: Option<Tag>,
    },
    /// The title a user gave a document in the project.
    DocumentTitle {
        /// The document, relative to the corpus folder.
        path: String,
        /// Our title.
        ours: Option<String>,
        /// Their title.
        theirs: Option<String>,
    },
    /// An entity rule ("always tag as", "never tag") for a phrase.
    EntityRule {
        /// The phrase.
        phrase: String,
        /// The kind of mention the rule is for (`None`: any).
        of: Option<crate::entities::EntityKind>,
        /// The gazetteer entry the rule is for (`None`: linked or not).
        place: Option<u32>,
        /// Our rule.
        ours: Option<PhraseRule>,
        /// Their rule.
        theirs: Option<PhraseRule>,
    },
    /// An entity alias ("ALIAS is CANONICAL").
    EntityAlias {
        /// The other name.
        alias: String,
        /// The kind of mention the alias is for (`None`: any).
        of: Option<crate::entities::EntityKind>,
        /// The gazetteer entry the alias is for (`None`: linked or not).
        place: Option<u32>,
        /// Our canonical name.
        ours: Option<String>,
        /// Their canonical name.
        theirs: Option<String>,
    },
    /// A place name linked to a gazetteer entry (`Some(Some(id))`), to no entry
    /// (`Some(None)`), or left to recognition (`None`: no link on that side).
    PlaceLink {
        /// The place's name as the entity index shows it.
        name: String,
        /// Our link.
        ours: Option<Option<u32>>,
        /// Their link.
        theirs: Option<Option<u32>>,
    },
    /// The order of slashed dates in a document (`Some(path)`) or in every document
    /// (`None`), set differently (`None` on a side: no rule there).
    SlashOrder {
        /// The document, relative to the corpus folder; `None`: the project's rule.
        document: Option<String>,
        /// Our order.
        ours: Option<SlashOrder>,
        /// Their order.
        theirs: Option<SlashOrder>,
    },
}

/// How the user settles a conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum Settlement {
    /// Our version (a deletion if we deleted the item).
    KeepOurs,
    /// Their version (a deletion if they deleted the item).
    KeepTheirs,
    /// Annotations only: ours stays, and theirs becomes a new annotation with a fresh id.
    KeepBoth,
    /// The item as the user edited it (of the conflict's kind).
    Edited(EditedItem),
}

/// An item as the user edited it to settle a conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum EditedItem {
    /// The annotation (its id is the conflict's annotation's).
    Annotation(Box<Annotation>),
    /// The tag (its id is the conflict's tag's).
    Tag(Tag),
    /// The document's title (`None`: the document's own).
    DocumentTitle(Option<String>),
    /// The entity rule (`None`: no rule).
    EntityRule(Option<PhraseRule>),
    /// The alias's canonical name (`None`: no alias).
    EntityAlias(Option<String>),
}

impl Settlement {
    fn verb(&self) -> &'static str {
        match self {
            Self::KeepOurs => "Keep ours",
            Self::KeepTheirs => "Keep theirs",
            Self::KeepBoth => "Keep both",
            Self::Edited(_) => "Settle by hand",
        }
    }
}

/// Quotes and names in labels are cut to this many chars.
const LABEL_CHARS: usize = 30;

fn shortened(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(LABEL_CHARS).collect();
    if chars.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

impl MergeConflict {
    /// The item in words: "note of “Tartus was leased…”", "tag “Diplomacy”".
    pub fn subject(&self) -> String {
        let fields = if self.fields.iter().any(|f| f == "deleted") {
            "deletion".to_owned()
        } else {
            self.fields.join(", ")
        };
        let fields = if fields.is_empty() {
            "change".to_owned()
        } else {
            fields
        };
        match &self.item {
            ConflictItem::Annotation { ours, theirs } => {
                // A region without words is named by its page ("Region, page 3").
                let quote = ours
                    .as_ref()
                    .or(theirs.as_ref())
                    .map_or(String::new(), |a| match a.anchor.region {
                        Some(_) if a.anchor.quote.trim().is_empty() => a.anchor.passage_label(),
                        _ => a.anchor.quote.clone(),
                    });
                format!("{fields} of “{}”", shortened(&quote))
            }
            ConflictItem::Tag { ours, theirs } => {
                let name = ours.as_ref().or(theirs.as_ref()).map_or("", |t| &t.name);
                format!("{fields} of tag “{}”", shortened(name))
            }
            ConflictItem::DocumentTitle { path, .. } => format!("title of {path}"),
            ConflictItem::EntityRule { phrase, .. } => {
                format!("entity rule for “{}”", shortened(phrase))
            }
            ConflictItem::EntityAlias { alias, .. } => {
                format!("alias “{}”", shortened(alias))
            }
            ConflictItem::PlaceLink { name, .. } => {
                format!("place link of “{}”", shortened(name))
            }
            ConflictItem::SlashOrder { document, .. } => match document {
                Some(path) => format!("order of slashed dates in {path}"),
                None => "order of slashed dates in every document".to_owned(),
            },
        }
    }

    /// What settling it with `choice` is called in Edit > Undo: "Keep theirs: note of
    /// “quote…”".
    pub fn settle_label(&self, choice: &Settlement) -> String {
        format!("{}: {}", choice.verb(), self.subject())
    }

    /// True when the user can keep both versions (two versions of an annotation).
    pub fn can_keep_both(&self) -> bool {
        matches!(
            &self.item,
            ConflictItem::Annotation {
                ours: Some(_),
                theirs: Some(_)
            }
        )
    }
}

/// The commands that give the project the version `choice` picks (the conflict itself is
/// removed by the caller, in the same step).
pub(super) fn settle_steps(
    project: &mut Project,
    conflict: &MergeConflict,
    choice: Settlement,
) -> Result<Vec<Command>, CommandError> {
    let wrong_kind = || CommandError::WrongSettlement(conflict.id);
    match (&conflict.item, choice) {
        (ConflictItem::Annotation { ours, theirs }, choice) => {
            let Some(id) = ours.as_ref().or(theirs.as_ref()).map(|a| a.id) else {
                return Ok(Vec::new());
            };
            let current = project.annotations.get(&id);
            let fields = &conflict.fields;
            let (target, extra) = match choice {
                Settlement::KeepOurs => (chosen_annotation(current, ours.as_ref(), fields), None),
                Settlement::KeepTheirs => {
                    (chosen_annotation(current, theirs.as_ref(), fields), None)
                }
                Settlement::KeepBoth => match (ours, theirs) {
                    (Some(o), Some(t)) => {
                        let kept = chosen_annotation(current, Some(o), fields);
                        let mut copy = t.clone();
                        copy.id = project.new_annotation_id();
                        (kept, Some(copy))
                    }
                    _ => return Err(wrong_kind()),
                },
                Settlement::Edited(EditedItem::Annotation(mut a)) => {
                    a.id = id;
                    (Some(*a), None)
                }
                Settlement::Edited(_) => return Err(wrong_kind()),
            };
            // A tag settled away (or deleted) since the merge is left out of the version.
            let target = target.map(|a| with_existing_tags(project, a));
            let extra = extra.map(|a| with_existing_tags(project, a));
            let current = project.annotations.get(&id);
            let mut steps: Vec<Command> = match (current, target) {
                (None, None) => Vec::new(),
                (Some(_), None) => vec![Command::DeleteAnnotation(id)],
                (None, Some(a)) => vec![Command::AddAnnotation(a)],
                (Some(now), Some(a)) if *now == a => Vec::new(),
                (Some(_), Some(a)) => vec![Command::ReplaceAnnotation(a)],
            };
            steps.extend(extra.map(Command::AddAnnotation));
            Ok(steps)
        }
        (ConflictItem::Tag { ours, theirs }, choice) => {
            let Some(id) = ours.as_ref().or(theirs.as_ref()).map(|t| t.id) else {
                return Ok(Vec::new());
            };
            let current = project.tags.get(&id);
            let fields = &conflict.fields;
            let target = match choice {
                Settlement::KeepOurs => chosen_tag(current, ours.as_ref(), fields),
                Settlement::KeepTheirs => chosen_tag(current, theirs.as_ref(), fields),
                Settlement::Edited(EditedItem::Tag(mut t)) => {
                    t.id = id;
                    Some(t)
                }
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            // A parent that is gone makes the tag a root.
            let target = target.map(|mut t| {
                t.parent = t
                    .parent
                    .filter(|p| *p != t.id && project.tags.contains_key(p));
                t
            });
            Ok(match (current, target) {
                (None, None) => Vec::new(),
                (Some(_), None) => vec![Command::DeleteTag(id)],
                (None, Some(t)) => vec![Command::AddTag(t)],
                (Some(now), Some(t)) if *now == t => Vec::new(),
                (Some(_), Some(t)) => vec![Command::ReplaceTag(t)],
            })
        }
        (ConflictItem::DocumentTitle { path, ours, theirs }, choice) => {
            let title = match choice {
                Settlement::KeepOurs => ours.clone(),
                Settlement::KeepTheirs => theirs.clone(),
                Settlement::Edited(EditedItem::DocumentTitle(t)) => t,
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            Ok(vec![Command::RenameDocument {
                path: path.clone(),
                title,
            }])
        }
        (
            ConflictItem::EntityRule {
                phrase,
                of,
                place,
                ours,
                theirs,
            },
            choice,
        ) => {
            let rule = match choice {
                Settlement::KeepOurs => *ours,
                Settlement::KeepTheirs => *theirs,
                Settlement::Edited(EditedItem::EntityRule(r)) => r,
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            Ok(vec![Command::EntityRule {
                phrase: phrase.clone(),
                of: *of,
                place: *place,
                rule,
            }])
        }
        (
            ConflictItem::EntityAlias {
                alias,
                of,
                place,
                ours,
                theirs,
            },
            choice,
        ) => {
            let canonical = match choice {
                Settlement::KeepOurs => ours.clone(),
                Settlement::KeepTheirs => theirs.clone(),
                Settlement::Edited(EditedItem::EntityAlias(c)) => c,
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            Ok(vec![Command::EntityAlias {
                alias: alias.clone(),
                of: *of,
                place: *place,
                canonical,
            }])
        }
        (ConflictItem::PlaceLink { name, ours, theirs }, choice) => {
            let place = match choice {
                Settlement::KeepOurs => *ours,
                Settlement::KeepTheirs => *theirs,
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            Ok(vec![Command::LinkPlace {
                name: name.clone(),
                place,
            }])
        }
        (
            ConflictItem::SlashOrder {
                document,
                ours,
                theirs,
            },
            choice,
        ) => {
            let order = match choice {
                Settlement::KeepOurs => *ours,
                Settlement::KeepTheirs => *theirs,
                Settlement::KeepBoth | Settlement::Edited(_) => return Err(wrong_kind()),
            };
            Ok(vec![Command::SlashOrder {
                document: document.clone(),
                order,
            }])
        }
    }
}

/// The annotation as `chosen` has it in the fields that conflict, and otherwise as it is
/// now: what the user changed since the merge (a tag added, a note written) stays. A
/// deletion conflict is about the whole item: the chosen side's absence deletes it, its
/// presence keeps the current version (or brings the chosen one back).
fn chosen_annotation(
    current: Option<&Annotation>,
    chosen: Option<&Annotation>,
    fields: &[String],
) -> Option<Annotation> {
    let chosen = chosen?;
    let Some(current) = current else {
        return Some(chosen.clone());
    };
    let mut out = current.clone();
    for field in fields {
        match field.as_str() {
            "passage" => {
                out.document = chosen.document.clone();
                out.anchor = chosen.anchor.clone();
                out.orphaned = chosen.orphaned;
                out.history = chosen.history.clone();
            }
            "note" => out.note = chosen.note.clone(),
            "coder" => out.coder = chosen.coder.clone(),
            _ => {}
        }
    }
    Some(out)
}

/// `a` without the tags the project no longer has.
fn with_existing_tags(project: &Project, mut a: Annotation) -> Annotation {
    a.tags.retain(|t| project.tags.contains_key(t));
    a
}

/// The tag as `chosen` has it in the fields that conflict, and otherwise as it is now
/// (see [`chosen_annotation`]).
fn chosen_tag(current: Option<&Tag>, chosen: Option<&Tag>, fields: &[String]) -> Option<Tag> {
    let chosen = chosen?;
    let Some(current) = current else {
        return Some(chosen.clone());
    };
    let mut out = current.clone();
    for field in fields {
        match field.as_str() {
            "name" => out.name = chosen.name.clone(),
            "colour" => out.colour = chosen.colour,
            "description" => out.description = chosen.description.clone(),
            "parent" => out.parent = chosen.parent,
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::model::{Anchor, AnnotationId, DocumentRecord, Rgb, TagId};
    use crate::project::{ConflictId, History, file};

    fn at() -> jiff::Timestamp {
        "2026-12-07T10:00:00Z".parse().expect("time")
    }

    fn tag(p: &mut Project, name: &str) -> Tag {
        let tag = Tag {
            id: p.new_tag_id(),
            name: name.into(),
            colour: Rgb::PALETTE[0],
            description: String::new(),
            parent: None,
        };
        p.tags.insert(tag.id, tag.clone());
        tag
    }

    fn annotation(id: AnnotationId, note: &str, tags: Vec<TagId>) -> Annotation {
        Annotation {
            id,
            document: "a.txt".into(),
            anchor: Anchor {
                start: 0,
                end: 6,
                quote: "Tartus was leased to Russia".into(),
                prefix: String::new(),
                suffix: String::new(),
                current_quote: None,
                region: None,
            },
            note: note.into(),
            tags,
            created: at(),
            modified: at(),
            orphaned: false,
            history: Vec::new(),
            coder: Some("Ana".into()),
        }
    }

    /// A project holding our version of an annotation whose note they changed otherwise,
    /// and a tag they deleted while we renamed it.
    fn conflicted() -> (Project, ConflictId, ConflictId) {
        let mut p = Project::new("merged");
        let bases = tag(&mut p, "Bases");
        let id = p.new_annotation_id();
        let ours = annotation(id, "ours", vec![bases.id]);
        let theirs = annotation(id, "theirs", vec![bases.id]);
        p.annotations.insert(id, ours.clone());
        let note = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::Annotation {
                ours: Some(ours),
                theirs: Some(theirs),
            },
            fields: vec!["note".into()],
            theirs_from: "Bob".into(),
        };
        let deleted = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::Tag {
                ours: Some(bases),
                theirs: None,
            },
            fields: vec!["deleted".into()],
            theirs_from: "Bob".into(),
        };
        let ids = (note.id, deleted.id);
        p.merge_conflicts.insert(note.id, note);
        p.merge_conflicts.insert(deleted.id, deleted);
        (p, ids.0, ids.1)
    }

    fn settle(p: &mut Project, h: &mut History, id: ConflictId, choice: Settlement) {
        h.execute(p, Command::SettleConflict { id, choice })
            .expect("settled");
    }

    /// Settling, undoing and redoing: undo gives back the project exactly, redo the settled
    /// one exactly (the fresh id of "keep both" included).
    fn round_trip(choice: Settlement, check: impl Fn(&Project)) {
        let (mut p, note, _) = conflicted();
        let before = p.clone();
        let mut h = History::default();
        settle(&mut p, &mut h, note, choice);
        assert!(!p.merge_conflicts.contains_key(&note));
        check(&p);
        let settled = p.clone();
        h.undo(&mut p).expect("undo");
        assert_eq!(p, before);
        h.redo(&mut p).expect("redo");
        assert_eq!(p, settled);
    }

    #[test]
    fn keep_ours_theirs_both_or_an_edit_then_undo_restores_item_and_conflict() {
        let note_of = |p: &Project| -> Vec<String> {
            p.annotations.values().map(|a| a.note.clone()).collect()
        };
        round_trip(Settlement::KeepOurs, |p| assert_eq!(note_of(p), ["ours"]));
        round_trip(Settlement::KeepTheirs, |p| {
            assert_eq!(note_of(p), ["theirs"])
        });
        round_trip(Settlement::KeepBoth, |p| {
            assert_eq!(note_of(p), ["ours", "theirs"]);
            let ids: Vec<_> = p.annotations.keys().collect();
            assert_ne!(ids[0], ids[1]);
        });
        let (p, _, _) = conflicted();
        let mut edited = p.annotations.values().next().expect("a").clone();
        edited.note = "ours and theirs".into();
        edited.tags.clear(); // (the tag ids of another call of `conflicted`)
        // An edit cannot move the settlement to another id.
        edited.id = AnnotationId(uuid::Uuid::nil());
        let edited = Settlement::Edited(EditedItem::Annotation(Box::new(edited)));
        round_trip(edited, |p| assert_eq!(note_of(p), ["ours and theirs"]));
    }

    #[test]
    fn keeping_one_side_sets_only_the_conflicting_fields_and_keeps_later_edits() {
        for choice in [
            Settlement::KeepOurs,
            Settlement::KeepTheirs,
            Settlement::KeepBoth,
        ] {
            let (mut p, note, deleted) = conflicted();
            // After the merge, the researcher codes the conflicted passage with one more
            // tag and recolours the tag whose deletion conflicts.
            let ports = tag(&mut p, "Ports");
            let id = *p.annotations.keys().next().expect("annotation");
            p.annotations.get_mut(&id).expect("a").tags.push(ports.id);
            let bases = p.annotations[&id].tags[0];
            p.tags.get_mut(&bases).expect("tag").colour = Rgb::PALETTE[4];
            let before = p.clone();
            let mut h = History::default();
            let expected = if choice == Settlement::KeepTheirs {
                "theirs"
            } else {
                "ours"
            };
            settle(&mut p, &mut h, note, choice);
            let kept = &p.annotations[&id];
            assert_eq!(kept.note, expected);
            assert_eq!(kept.tags, [bases, ports.id], "the tag added later stays");
            settle(&mut p, &mut h, deleted, Settlement::KeepOurs);
            assert_eq!(p.tags[&bases].colour, Rgb::PALETTE[4], "the colour stays");
            h.undo(&mut p).expect("undo");
            h.undo(&mut p).expect("undo");
            assert_eq!(p, before);
        }
    }

    #[test]
    fn a_version_naming_a_tag_settled_away_is_settled_without_it() {
        let (mut p, note, deleted) = conflicted();
        let before = p.clone();
        let mut h = History::default();
        // Their deletion of the tag is kept first; their version of the annotation still
        // names the tag.
        settle(&mut p, &mut h, deleted, Settlement::KeepTheirs);
        settle(&mut p, &mut h, note, Settlement::KeepBoth);
        assert_eq!(p.annotations.len(), 2);
        assert!(p.annotations.values().all(|a| a.tags.is_empty()));
        h.undo(&mut p).expect("undo");
        h.undo(&mut p).expect("undo");
        assert_eq!(p, before);
    }

    #[test]
    fn keeping_a_deletion_removes_the_tag_from_its_annotations_and_undo_puts_it_back() {
        let (mut p, _, deleted) = conflicted();
        let before = p.clone();
        let mut h = History::default();
        let choice = Settlement::KeepTheirs;
        let label = p.merge_conflicts[&deleted].settle_label(&choice);
        assert_eq!(label, "Keep theirs: deletion of tag “Bases”");
        settle(&mut p, &mut h, deleted, choice);
        assert!(p.tags.is_empty());
        assert!(p.annotations.values().all(|a| a.tags.is_empty()));
        assert_eq!(h.undo_label(), Some(label.as_str()));
        h.undo(&mut p).expect("undo");
        assert_eq!(p, before);
    }

    #[test]
    fn a_settlement_of_the_wrong_kind_or_an_unknown_conflict_changes_nothing() {
        let (mut p, note, deleted) = conflicted();
        let before = p.clone();
        let wrong = [
            (deleted, Settlement::KeepBoth),
            (note, Settlement::Edited(EditedItem::DocumentTitle(None))),
        ];
        for (id, choice) in wrong {
            let error = Command::SettleConflict { id, choice }.apply(&mut p);
            assert_eq!(error, Err(CommandError::WrongSettlement(id)));
            assert_eq!(p, before);
        }
        let unknown = ConflictId(uuid::Uuid::nil());
        let error = Command::SettleConflict {
            id: unknown,
            choice: Settlement::KeepOurs,
        }
        .apply(&mut p);
        assert_eq!(error, Err(CommandError::NoSuchConflict(unknown)));
    }

    #[test]
    fn labels_name_the_choice_and_the_item() {
        let (p, note, _) = conflicted();
        assert_eq!(
            p.merge_conflicts[&note].settle_label(&Settlement::KeepTheirs),
            "Keep theirs: note of “Tartus was leased to Russia”"
        );
        let mut long = p.merge_conflicts[&note].clone();
        if let ConflictItem::Annotation { ours: Some(a), .. } = &mut long.item {
            a.anchor.quote = "a quote far longer than thirty chars, cut".into();
        }
        assert_eq!(long.subject(), "note of “a quote far longer than thirty…”");
        assert!(p.merge_conflicts[&note].can_keep_both());
        // A photograph coded as a region has no words: its page names it.
        if let ConflictItem::Annotation { ours: Some(a), .. } = &mut long.item {
            a.anchor.quote.clear();
            let rect = crate::corpus::layout::PageRect {
                x: 1.0,
                y: 1.0,
                w: 50.0,
                h: 50.0,
            };
            a.anchor.region = crate::project::PageRegion::new(4, rect);
        }
        assert_eq!(long.subject(), "note of “Region, page 5”");
    }

    #[test]
    fn titles_and_entity_rules_are_settled_with_the_commands_that_set_them() {
        let mut p = Project::new("merged");
        p.documents.insert(
            "a.txt".into(),
            DocumentRecord {
                path: "a.txt".into(),
                hash: crate::corpus::ContentHash::of_text(""),
                title: "A".into(),
                renamed: Some("Ours".into()),
                coded_by: Default::default(),
            },
        );
        let title = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::DocumentTitle {
                path: "a.txt".into(),
                ours: Some("Ours".into()),
                theirs: Some("Theirs".into()),
            },
            fields: vec!["title".into()],
            theirs_from: "Bob".into(),
        };
        let rule = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::EntityRule {
                phrase: "Tartus".into(),
                of: None,
                place: None,
                ours: None,
                theirs: Some(PhraseRule::Never),
            },
            fields: vec!["rule".into()],
            theirs_from: "Bob".into(),
        };
        let ids = (title.id, rule.id);
        p.merge_conflicts.insert(title.id, title);
        p.merge_conflicts.insert(rule.id, rule);
        let before = p.clone();
        let mut h = History::default();
        settle(&mut p, &mut h, ids.0, Settlement::KeepTheirs);
        settle(&mut p, &mut h, ids.1, Settlement::KeepTheirs);
        assert_eq!(p.documents["a.txt"].renamed.as_deref(), Some("Theirs"));
        assert_eq!(p.entity_rules.rule("tartus"), Some(PhraseRule::Never));
        assert!(p.merge_conflicts.is_empty());
        h.undo(&mut p).expect("undo");
        h.undo(&mut p).expect("undo");
        assert_eq!(p, before);
    }

    #[test]
    fn conflicts_are_saved_in_the_project_file_and_read_back() {
        let (mut p, _, _) = conflicted();
        let rule = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::EntityAlias {
                alias: "Hmeimim".into(),
                of: Some(crate::entities::EntityKind::Loc),
                place: Some(4_000_000_123),
                ours: Some("Khmeimim".into()),
                theirs: None,
            },
            fields: vec!["deleted".into()],
            theirs_from: "theirs \"copy\".dossier.ron".into(),
        };
        p.merge_conflicts.insert(rule.id, rule);
        let dir = std::path::Path::new("/nonexistent");
        let text = file::to_ron(&p, dir).expect("ron");
        assert!(text.contains("merge_conflicts: ["), "{text}");
        let back = file::from_ron(&text, &dir.join("x.dossier.ron")).expect("parse");
        assert_eq!(back, p);
        assert_eq!(file::to_ron(&back, dir).expect("ron"), text);
        // Without conflicts, the field is not written at all.
        p.merge_conflicts.clear();
        let text = file::to_ron(&p, dir).expect("ron");
        assert!(!text.contains("merge_conflicts"), "{text}");
    }
}

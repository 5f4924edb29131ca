//! Every change a user makes to a project is a [`Command`] value.
//!
//! Applying a command returns its inverse, another command; the history keeps those to undo
//! and redo. Compound edits (delete a tag in use, merge two tags) expand into primitive
//! commands applied as a batch, so that their inverse is assembled from the primitives'
//! inverses and restores everything they touched, exactly.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::conflict::{MergeConflict, Settlement, settle_steps};
use super::ids::ConflictId;
use super::model::{
    Anchor, Annotation, AnnotationId, DocumentRecord, EarlierQuote, Project, Rgb, Tag, TagId,
};
use super::patch::ProjectPatch;
use crate::entities::{EntityDictionary, EntityKind, PhraseRule, SlashOrder};

/// A change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Adds an annotation (with its id already allocated by [`Project::new_annotation_id`]).
    AddAnnotation(Annotation),
    /// Removes an annotation.
    DeleteAnnotation(AnnotationId),
    /// Replaces the note; `at` becomes the annotation's modified time.
    SetNote {
        /// The annotation.
        id: AnnotationId,
        /// The new note.
        note: String,
        /// The time of the change.
        at: Timestamp,
    },
    /// Replaces the tag list; `at` becomes the annotation's modified time.
    SetTags {
        /// The annotation.
        id: AnnotationId,
        /// The new tags.
        tags: Vec<TagId>,
        /// The time of the change.
        at: Timestamp,
    },
    /// Moves an annotation to a new span (re-attaching an orphan, or adjusting bounds). A
    /// quote that changes is kept in the annotation's history.
    SetAnchor {
        /// The annotation.
        id: AnnotationId,
        /// The document, relative to the corpus folder.
        document: String,
        /// The new span.
        anchor: Anchor,
        /// The time of the change.
        at: Timestamp,
    },
    /// Makes the document's current wording the annotation's quote (after the text changed
    /// under it); the quote as coded is kept in the annotation's history.
    AcceptWording {
        /// The annotation.
        id: AnnotationId,
        /// The time of the change.
        at: Timestamp,
    },
    /// Replaces a whole annotation by its id (the inverse of the edits above).
    ReplaceAnnotation(Annotation),
    /// Adds a tag (with its id already allocated by [`Project::new_tag_id`]).
    AddTag(Tag),
    /// Renames a tag.
    RenameTag {
        /// The tag.
        id: TagId,
        /// The new name.
        name: String,
    },
    /// Gives a tag another colour.
    RecolourTag {
        /// The tag.
        id: TagId,
        /// The new colour.
        colour: Rgb,
    },
    /// Replaces a tag's description.
    DescribeTag {
        /// The tag.
        id: TagId,
        /// The new description.
        description: String,
    },
    /// Moves a tag under another (or to the top level with `None`).
    ReparentTag {
        /// The tag.
        id: TagId,
        /// The new parent (`None`: the top level).
        parent: Option<TagId>,
    },
    /// Recodes every use of `from` as `into`, moves `from`'s children under `into`, and
    /// removes `from`.
    MergeTags {
        /// The tag that goes.
        from: TagId,
        /// The tag that stays.
        into: TagId,
    },
    /// Removes a tag from every annotation, moves its children to its parent, removes it.
    DeleteTag(TagId),
    /// Replaces a whole tag by its id (the inverse of the edits above).
    ReplaceTag(Tag),
    /// Removes a tag that nothing refers to (a primitive of `DeleteTag` and `MergeTags`).
    RemoveUnusedTag(TagId),
    /// "Always tag `phrase` as this kind" or "never tag `phrase`" (`Some`), or forget the
    /// rule for `phrase` (`None`).
    EntityRule {
        /// The phrase as the user wrote it.
        phrase: String,
        /// Only for mentions of this kind (the entity corrected); `None`: of any kind.
        of: Option<EntityKind>,
        /// Only for mentions linked to this gazetteer entry (the place entity corrected);
        /// `None`: linked or not.
        place: Option<u32>,
        /// The rule (`None`: forget it).
        rule: Option<PhraseRule>,
    },
    /// "`alias` is the entity `canonical`" (`Some`), or forget the alias (`None`).
    EntityAlias {
        /// The other name.
        alias: String,
        /// Only for mentions of this kind (the entity corrected); `None`: of any kind.
        of: Option<EntityKind>,
        /// Only for mentions linked to this gazetteer entry; `None`: linked or not.
        place: Option<u32>,
        /// The entity's canonical name (`None`: forget the alias).
        canonical: Option<String>,
    },
    /// "The place `name` is this gazetteer entry" (`Some(Some(id))`), "... is no entry"
    /// (`Some(None)`: a place without coordinates), or forget the entry (`None`).
    LinkPlace {
        /// The place's name as the entity index shows it ("Madaya", "Paris, Texas").
        name: String,
        /// The entry.
        place: Option<Option<u32>>,
    },
    /// "Read slashed dates ("10/06/2014") in this order" in one document (`document`, its
    /// path) or in every document whose own dates do not show it (`None`); `order` `None`
    /// forgets the rule.
    SlashOrder {
        /// The document, relative to the corpus folder; `None`: the project.
        document: Option<String>,
        /// The order (`None`: forget the rule).
        order: Option<SlashOrder>,
    },
    /// Replaces the whole entity dictionary (the inverse of the ones above).
    ReplaceEntityRules(EntityDictionary),
    /// Gives a document a title of the user's own in this project (`Some`), or goes back to
    /// the title the document gives itself (`None`). The file is not touched.
    RenameDocument {
        /// The document, relative to the corpus folder.
        path: String,
        /// The user's title (`None`: the document's own).
        title: Option<String>,
    },
    /// Dismisses a possible date conflict of the timeline (`dismissed`), or flags it
    /// again.
    DismissConflict {
        /// The conflict's key.
        key: String,
        /// Dismissed (`true`) or flagged again (`false`).
        dismissed: bool,
    },
    /// Marks a document as coded by `coder` (`coded`), or takes the mark back: the documents
    /// inter-coder agreement is computed over.
    MarkCoded {
        /// The document, relative to the corpus folder.
        path: String,
        /// The coder's name.
        coder: String,
        /// Marked (`true`) or unmarked (`false`).
        coded: bool,
    },
    /// Replaces the records of the corpus's documents (their hashes and the user's titles),
    /// as a reload of the corpus folder does: in the same step as the annotations it
    /// re-anchors, so that undo and saving see both.
    ReplaceDocumentRecords(BTreeMap<String, DocumentRecord>),
    /// Settles a merge conflict recorded in the project: gives the item the version the
    /// user chose and removes the conflict, in one step (undo restores both exactly).
    SettleConflict {
        /// The conflict.
        id: ConflictId,
        /// What the user chose.
        choice: Settlement,
    },
    /// Records a merge conflict (a primitive of merging and of undoing a settlement).
    AddConflict(Box<MergeConflict>),
    /// Forgets a merge conflict (a primitive of settling and of undoing a merge).
    RemoveConflict(ConflictId),
    /// Sets many items at once to given versions (a merge applied to the open project).
    Patch(Box<ProjectPatch>),
    /// The languages OCR reads the project's scans in (Tesseract's codes, in order), or
    /// `None` for the default (see [`Project::ocr_languages`]). The window reads the scans
    /// again when it changes.
    SetOcrLanguages(Option<Vec<String>>),
    /// Several commands applied as one step, all or nothing.
    Batch {
        /// What the step is called in Edit > Undo.
        label: String,
        /// The commands, in order.
        commands: Vec<Command>,
    },
}

/// Why a command could not be applied. The project is unchanged when this is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// No annotation has the id.
    #[error("there is no annotation {0}")]
    NoSuchAnnotation(AnnotationId),
    /// An annotation already has the id.
    #[error("annotation {0} already exists")]
    DuplicateAnnotation(AnnotationId),
    /// No tag has the id.
    #[error("there is no tag {0}")]
    NoSuchTag(TagId),
    /// A tag already has the id.
    #[error("tag {0} already exists")]
    DuplicateTagId(TagId),
    /// A tag already has the name.
    #[error("a tag named “{0}” already exists")]
    DuplicateTagName(String),
    /// A tag's name is empty.
    #[error("a tag needs a name")]
    EmptyTagName,
    /// The move would put a tag inside itself.
    #[error("a tag cannot be placed inside itself or its own sub-tags")]
    TagCycle,
    /// A merge of a tag into itself.
    #[error("a tag cannot be merged into itself")]
    MergeIntoSelf,
    /// The tag to remove is still used.
    #[error("tag {0} is still in use")]
    TagInUse(TagId),
    /// An annotation's span is empty.
    #[error("an annotation needs a non-empty passage")]
    EmptyAnchor,
    /// An entity rule's phrase is empty.
    #[error("an entity rule needs a phrase")]
    EmptyPhrase,
    /// The project has no such document.
    #[error("the project has no document {0}")]
    NoSuchDocument(String),
    /// A document is marked coded by nobody (no coder name is set).
    #[error("a document is marked coded by a coder: set your name first")]
    NoCoder,
    /// The document's wording at the annotation is still the quote.
    #[error("the wording of annotation {0} has not changed")]
    WordingUnchanged(AnnotationId),
    /// No merge conflict has the id.
    #[error("there is no merge conflict {0}")]
    NoSuchConflict(ConflictId),
    /// A merge conflict already has the id.
    #[error("merge conflict {0} already exists")]
    DuplicateConflict(ConflictId),
    /// The settlement does not fit the conflict's kind of item (keeping both versions of a
    /// tag, an edited tag for an annotation).
    #[error("merge conflict {0} cannot be settled that way")]
    WrongSettlement(ConflictId),
    /// An OCR language code that is not one (Tesseract's codes are letters, digits and
    /// `_`: they are passed to it as an argument).
    #[error("“{0}” is not a Tesseract language code")]
    BadLanguageCode(String),
}

impl Command {
    /// True when applying the command may change the title a document is shown under (a
    /// rename, the records replaced, a merge's patch or a settled conflict, which may be
    /// about a title): only then are the titles of the corpus's documents set again, a
    /// walk over every document that an edit of 100,000 parts should not pay for.
    pub fn may_change_titles(&self) -> bool {
        match self {
            Self::RenameDocument { .. }
            | Self::ReplaceDocumentRecords(_)
            | Self::Patch(_)
            | Self::SettleConflict { .. } => true,
            Self::Batch { commands, .. } => commands.iter().any(Self::may_change_titles),
            _ => false,
        }
    }

    /// What the command does, in words for an Undo menu item ("Delete tag “Bases”").
    pub fn label(&self, project: &Project) -> String {
        let tag = |id: &TagId| {
            project
                .tags
                .get(id)
                .map_or_else(|| id.to_string(), |t| format!("“{}”", t.name))
        };
        match self {
            Self::AddAnnotation(_) => "Add annotation".into(),
            Self::DeleteAnnotation(_) => "Delete annotation".into(),
            Self::SetNote { .. } => "Edit note".into(),
            Self::SetTags { .. } => "Change tags".into(),
            Self::SetAnchor { .. } => "Move annotation".into(),
            Self::AcceptWording { .. } => "Accept new wording".into(),
            Self::ReplaceAnnotation(_) => "Edit annotation".into(),
            Self::AddTag(t) => format!("Add tag “{}”", t.name),
            Self::RenameTag { id, name } => format!("Rename tag {} to “{name}”", tag(id)),
            Self::RecolourTag { id, .. } => format!("Recolour tag {}", tag(id)),
            Self::DescribeTag { id, .. } => format!("Describe tag {}", tag(id)),
            Self::ReparentTag { id, .. } => format!("Move tag {}", tag(id)),
            Self::MergeTags { from, into } => format!("Merge tag {} into {}", tag(from), tag(into)),
            Self::DeleteTag(id) => format!("Delete tag {}", tag(id)),
            Self::ReplaceTag(t) => format!("Edit tag “{}”", t.name),
            Self::RemoveUnusedTag(id) => format!("Remove tag {}", tag(id)),
            Self::EntityRule { phrase, rule, .. } => match rule {
                Some(PhraseRule::Always(kind)) => {
                    format!("Mark “{phrase}” as {}", kind.display_name())
                }
                Some(PhraseRule::Never) => format!("Never tag “{phrase}”"),
                None => format!("Forget the rule for “{phrase}”"),
            },
            Self::EntityAlias {
                alias, canonical, ..
            } => match canonical {
                Some(c) => format!("Treat “{alias}” as “{c}”"),
                None => format!("Forget the alias “{alias}”"),
            },
            Self::ReplaceEntityRules(_) => "Change entity rules".into(),
            Self::LinkPlace { name, place } => match place {
                Some(Some(id)) => format!(
                    "Link “{name}” to {}",
                    crate::entities::place_label(*id).unwrap_or_else(|| format!("place {id}"))
                ),
                Some(None) => format!("Link “{name}” to no place"),
                None => format!("Link “{name}” automatically"),
            },
            Self::SlashOrder { document, order } => {
                let place = match document {
                    Some(path) => format!(
                        "in “{}”",
                        project.document_title(path, None).unwrap_or(path.as_str())
                    ),
                    None => "in every document".to_owned(),
                };
                match order {
                    Some(o) => format!("Read slashed dates {} {place}", o.name()),
                    None => format!("Forget the order of slashed dates {place}"),
                }
            }
            Self::ReplaceDocumentRecords(_) => "Take in the documents changed on disk".into(),
            Self::RenameDocument { title, .. } => match title {
                Some(t) => format!("Rename document to “{}”", t.trim()),
                None => "Give a document back its own title".into(),
            },
            Self::MarkCoded { coded, .. } => {
                if *coded {
                    "Mark document coded".into()
                } else {
                    "Unmark document coded".into()
                }
            }
            Self::DismissConflict { key, dismissed } => {
                if *dismissed {
                    format!("Dismiss the possible conflict “{key}”")
                } else {
                    format!("Flag the possible conflict “{key}” again")
                }
            }
            Self::SettleConflict { id, choice } => project.merge_conflicts.get(id).map_or_else(
                || "Settle a merge conflict".into(),
                |c| c.settle_label(choice),
            ),
            Self::AddConflict(c) => format!("Record the conflict: {}", c.subject()),
            Self::RemoveConflict(_) => "Forget a merge conflict".into(),
            Self::Patch(patch) => patch.label.clone(),
            Self::SetOcrLanguages(Some(codes)) if !codes.is_empty() => {
                format!("Read scans in {}", codes.join("+"))
            }
            Self::SetOcrLanguages(_) => "Read scans in the default languages".into(),
            Self::Batch { label, .. } => label.clone(),
        }
    }

    /// Applies the command to `project`; returns the command that undoes it. On error the
    /// project is left as it was.
    pub fn apply(self, project: &mut Project) -> Result<Command, CommandError> {
        match self {
            Self::AddAnnotation(a) => {
                if project.annotations.contains_key(&a.id) {
                    return Err(CommandError::DuplicateAnnotation(a.id));
                }
                // A region of a page may hold no words (a photograph, a stamp).
                if a.anchor.is_empty() && a.anchor.region.is_none() {
                    return Err(CommandError::EmptyAnchor);
                }
                check_tags_exist(project, &a.tags)?;
                let id = a.id;
                project.annotations.insert(id, a);
                Ok(Self::DeleteAnnotation(id))
            }
            Self::DeleteAnnotation(id) => {
                let old = project
                    .annotations
                    .remove(&id)
                    .ok_or(CommandError::NoSuchAnnotation(id))?;
                Ok(Self::AddAnnotation(old))
            }
            Self::SetNote { id, note, at } => edit_annotation(project, id, |a| {
                a.note = note;
                a.modified = at;
                Ok(())
            }),
            Self::SetTags { id, tags, at } => {
                check_tags_exist(project, &tags)?;
                edit_annotation(project, id, |a| {
                    a.tags = dedup(tags);
                    a.modified = at;
                    Ok(())
                })
            }
            Self::SetAnchor {
                id,
                document,
                anchor,
                at,
            } => edit_annotation(project, id, |a| {
                if anchor.is_empty() && anchor.region.is_none() {
                    return Err(CommandError::EmptyAnchor);
                }
                if anchor.quote != a.anchor.quote {
                    a.history.push(EarlierQuote {
                        quote: std::mem::take(&mut a.anchor.quote),
                        until: at,
                    });
                }
                a.document = document;
                a.anchor = anchor;
                a.orphaned = false;
                a.modified = at;
                Ok(())
            }),
            Self::AcceptWording { id, at } => edit_annotation(project, id, |a| {
                let Some(current) = a.anchor.current_quote.take() else {
                    return Err(CommandError::WordingUnchanged(id));
                };
                let coded = std::mem::replace(&mut a.anchor.quote, current);
                a.history.push(EarlierQuote {
                    quote: coded,
                    until: at,
                });
                a.modified = at;
                Ok(())
            }),
            Self::ReplaceAnnotation(new) => {
                check_tags_exist(project, &new.tags)?;
                let slot = project
                    .annotations
                    .get_mut(&new.id)
                    .ok_or(CommandError::NoSuchAnnotation(new.id))?;
                let old = std::mem::replace(slot, new);
                Ok(Self::ReplaceAnnotation(old))
            }
            Self::AddTag(tag) => {
                if project.tags.contains_key(&tag.id) {
                    return Err(CommandError::DuplicateTagId(tag.id));
                }
                check_tag_name(project, tag.id, &tag.name)?;
                if let Some(parent) = tag.parent {
                    check_tags_exist(project, &[parent])?;
                }
                let id = tag.id;
                project.tags.insert(id, tag);
                Ok(Self::RemoveUnusedTag(id))
            }
            Self::RenameTag { id, name } => {
                let name = name.trim().to_owned();
                check_tag_name(project, id, &name)?;
                edit_tag(project, id, |t| t.name = name)
            }
            Self::RecolourTag { id, colour } => edit_tag(project, id, |t| t.colour = colour),
            Self::DescribeTag { id, description } => {
                edit_tag(project, id, |t| t.description = description)
            }
            Self::ReparentTag { id, parent } => {
                if let Some(p) = parent {
                    check_tags_exist(project, &[id, p])?;
                    if project.tag_and_descendants(id).contains(&p) {
                        return Err(CommandError::TagCycle);
                    }
                }
                edit_tag(project, id, |t| t.parent = parent)
            }
            Self::ReplaceTag(new) => {
                check_tag_name(project, new.id, &new.name)?;
                if let Some(p) = new.parent
                    && (p == new.id || !project.tags.contains_key(&p))
                {
                    return Err(CommandError::NoSuchTag(p));
                }
                let slot = project
                    .tags
                    .get_mut(&new.id)
                    .ok_or(CommandError::NoSuchTag(new.id))?;
                let old = std::mem::replace(slot, new);
                Ok(Self::ReplaceTag(old))
            }
            Self::RemoveUnusedTag(id) => {
                let in_use = project.annotations.values().any(|a| a.tags.contains(&id))
                    || project.tags.values().any(|t| t.parent == Some(id));
                if in_use {
                    return Err(CommandError::TagInUse(id));
                }
                let old = project
                    .tags
                    .remove(&id)
                    .ok_or(CommandError::NoSuchTag(id))?;
                Ok(Self::AddTag(old))
            }
            Self::MergeTags { from, into } => {
                if from == into {
                    return Err(CommandError::MergeIntoSelf);
                }
                check_tags_exist(project, &[from, into])?;
                let label = Self::MergeTags { from, into }.label(project);
                let mut steps = retag(project, from, Some(into));
                // Merging a tag into one of its own sub-tags: the sub-tag first takes its
                // place, or moving `from`'s children under it would make it its own
                // ancestor (a loop that the codebook tree would walk for ever).
                if project.tag_and_descendants(from).contains(&into)
                    && let Some(sub) = project.tags.get(&into)
                {
                    let parent = project.tags.get(&from).and_then(|t| t.parent);
                    steps.push(Self::ReplaceTag(Tag {
                        parent,
                        ..sub.clone()
                    }));
                }
                steps.extend(
                    move_children(project, from, Some(into))
                        .into_iter()
                        .filter(|step| !matches!(step, Self::ReplaceTag(t) if t.id == into)),
                );
                steps.push(Self::RemoveUnusedTag(from));
                apply_batch(project, label, steps)
            }
            Self::DeleteTag(id) => {
                let tag = project.tags.get(&id).ok_or(CommandError::NoSuchTag(id))?;
                let (parent, label) = (tag.parent, Self::DeleteTag(id).label(project));
                let mut steps = retag(project, id, None);
                steps.extend(move_children(project, id, parent));
                steps.push(Self::RemoveUnusedTag(id));
                apply_batch(project, label, steps)
            }
            Self::EntityRule {
                phrase,
                of,
                place,
                rule,
            } => {
                if phrase.trim().is_empty() {
                    return Err(CommandError::EmptyPhrase);
                }
                let old = project.entity_rules.clone();
                match rule {
                    Some(rule) => {
                        project.entity_rules.set_rule_at(&phrase, of, place, rule);
                    }
                    None => {
                        project.entity_rules.remove_rule_at(&phrase, of, place);
                    }
                }
                Ok(Self::ReplaceEntityRules(old))
            }
            Self::DismissConflict { key, dismissed } => {
                let was = project.dismissed_conflicts.contains(&key);
                if dismissed {
                    project.dismissed_conflicts.insert(key.clone());
                } else {
                    project.dismissed_conflicts.remove(&key);
                }
                Ok(Self::DismissConflict {
                    key,
                    dismissed: was,
                })
            }
            Self::RenameDocument { path, title } => {
                let title = title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty());
                let record = project
                    .documents
                    .get_mut(&path)
                    .ok_or_else(|| CommandError::NoSuchDocument(path.clone()))?;
                let previous = std::mem::replace(&mut record.renamed, title);
                Ok(Self::RenameDocument {
                    path,
                    title: previous,
                })
            }
            Self::MarkCoded { path, coder, coded } => {
                let coder = coder.trim().to_owned();
                if coder.is_empty() {
                    return Err(CommandError::NoCoder);
                }
                let record = project
                    .documents
                    .get_mut(&path)
                    .ok_or_else(|| CommandError::NoSuchDocument(path.clone()))?;
                let was = if coded {
                    !record.coded_by.insert(coder.clone())
                } else {
                    record.coded_by.remove(&coder)
                };
                Ok(Self::MarkCoded {
                    path,
                    coder,
                    coded: was,
                })
            }
            Self::EntityAlias {
                alias,
                of,
                place,
                canonical,
            } => {
                if alias.trim().is_empty()
                    || canonical.as_ref().is_some_and(|c| c.trim().is_empty())
                {
                    return Err(CommandError::EmptyPhrase);
                }
                let old = project.entity_rules.clone();
                match canonical {
                    Some(c) => {
                        project.entity_rules.set_alias_at(&alias, of, place, &c);
                    }
                    None => {
                        project.entity_rules.remove_alias_at(&alias, of, place);
                    }
                }
                Ok(Self::ReplaceEntityRules(old))
            }
            Self::LinkPlace { name, place } => {
                if name.trim().is_empty() {
                    return Err(CommandError::EmptyPhrase);
                }
                let old = project.entity_rules.clone();
                match place {
                    Some(place) => {
                        project.entity_rules.set_place(&name, place);
                    }
                    None => {
                        project.entity_rules.remove_place(&name);
                    }
                }
                Ok(Self::ReplaceEntityRules(old))
            }
            Self::SlashOrder { document, order } => {
                if document.as_ref().is_some_and(|d| d.trim().is_empty()) {
                    return Err(CommandError::EmptyPhrase);
                }
                let old = project.entity_rules.clone();
                project
                    .entity_rules
                    .set_slash_order(document.as_deref(), order);
                Ok(Self::ReplaceEntityRules(old))
            }
            Self::ReplaceEntityRules(rules) => {
                let old = std::mem::replace(&mut project.entity_rules, rules);
                Ok(Self::ReplaceEntityRules(old))
            }
            Self::ReplaceDocumentRecords(records) => {
                let old = std::mem::replace(&mut project.documents, records);
                Ok(Self::ReplaceDocumentRecords(old))
            }
            Self::SettleConflict { id, choice } => {
                let conflict = project
                    .merge_conflicts
                    .get(&id)
                    .cloned()
                    .ok_or(CommandError::NoSuchConflict(id))?;
                let label = conflict.settle_label(&choice);
                let mut steps = settle_steps(project, &conflict, choice)?;
                steps.push(Self::RemoveConflict(id));
                apply_batch(project, label, steps)
            }
            Self::AddConflict(conflict) => {
                let id = conflict.id;
                if project.merge_conflicts.contains_key(&id) {
                    return Err(CommandError::DuplicateConflict(id));
                }
                project.merge_conflicts.insert(id, *conflict);
                Ok(Self::RemoveConflict(id))
            }
            Self::RemoveConflict(id) => {
                let old = project
                    .merge_conflicts
                    .remove(&id)
                    .ok_or(CommandError::NoSuchConflict(id))?;
                Ok(Self::AddConflict(Box::new(old)))
            }
            Self::Patch(patch) => Ok(Self::Patch(Box::new(patch.apply(project)))),
            Self::SetOcrLanguages(codes) => {
                if let Some(bad) = codes
                    .iter()
                    .flatten()
                    .find(|c| !super::model::is_language_code(c))
                {
                    return Err(CommandError::BadLanguageCode(bad.clone()));
                }
                // An empty choice is the default; a code twice is read once.
                let codes = codes.filter(|c| !c.is_empty()).map(|codes| {
                    let mut seen = std::collections::HashSet::new();
                    codes
                        .into_iter()
                        .filter(|c| seen.insert(c.clone()))
                        .collect()
                });
                let old = std::mem::replace(&mut project.ocr_languages, codes);
                Ok(Self::SetOcrLanguages(old))
            }
            Self::Batch { label, commands } => apply_batch(project, label, commands),
        }
    }
}

/// Applies `commands` in order as one step. If one fails, the ones already applied are
/// undone and the error is returned. The inverse undoes them in reverse order.
fn apply_batch(
    project: &mut Project,
    label: String,
    commands: Vec<Command>,
) -> Result<Command, CommandError> {
    let mut inverses = Vec::with_capacity(commands.len());
    for command in commands {
        match command.apply(project) {
            Ok(inverse) => inverses.push(inverse),
            Err(err) => {
                for inverse in inverses.into_iter().rev() {
                    // Inverses of commands that just succeeded cannot fail.
                    let _ = inverse.apply(project);
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(Command::Batch {
        label,
        commands: inverses,
    })
}

/// Replacements for every annotation using `tag`: the tag swapped for `replacement` (or
/// dropped). Modified times are kept: the annotations were not edited by hand.
fn retag(project: &Project, tag: TagId, replacement: Option<TagId>) -> Vec<Command> {
    project
        .annotations
        .values()
        .filter(|a| a.tags.contains(&tag))
        .map(|a| {
            let mut a = a.clone();
            a.tags = dedup(
                a.tags
                    .iter()
                    .filter_map(|&t| if t == tag { replacement } else { Some(t) })
                    .collect(),
            );
            Command::ReplaceAnnotation(a)
        })
        .collect()
}

fn move_children(project: &Project, tag: TagId, new_parent: Option<TagId>) -> Vec<Command> {
    project
        .tags
        .values()
        .filter(|t| t.parent == Some(tag))
        .map(|t| {
            let mut t = t.clone();
            t.parent = new_parent;
            Command::ReplaceTag(t)
        })
        .collect()
}

fn edit_annotation(
    project: &mut Project,
    id: AnnotationId,
    edit: impl FnOnce(&mut Annotation) -> Result<(), CommandError>,
) -> Result<Command, CommandError> {
    let slot = project
        .annotations
        .get_mut(&id)
        .ok_or(CommandError::NoSuchAnnotation(id))?;
    let old = slot.clone();
    edit(slot)?;
    Ok(Command::ReplaceAnnotation(old))
}

fn edit_tag(
    project: &mut Project,
    id: TagId,
    edit: impl FnOnce(&mut Tag),
) -> Result<Command, CommandError> {
    let slot = project
        .tags
        .get_mut(&id)
        .ok_or(CommandError::NoSuchTag(id))?;
    let old = slot.clone();
    edit(slot);
    Ok(Command::ReplaceTag(old))
}

fn check_tags_exist(project: &Project, tags: &[TagId]) -> Result<(), CommandError> {
    match tags.iter().find(|t| !project.tags.contains_key(t)) {
        Some(missing) => Err(CommandError::NoSuchTag(*missing)),
        None => Ok(()),
    }
}

/// Tag names are non-empty and unique in the codebook, ignoring case.
fn check_tag_name(project: &Project, id: TagId, name: &str) -> Result<(), CommandError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(CommandError::EmptyTagName);
    }
    let lower = name.to_lowercase();
    match project
        .tags
        .values()
        .find(|t| t.id != id && t.name.to_lowercase() == lower)
    {
        Some(t) => Err(CommandError::DuplicateTagName(t.name.clone())),
        None => Ok(()),
    }
}

/// Removes repeated tags, keeping the first occurrence's position.
fn dedup(tags: Vec<TagId>) -> Vec<TagId> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter().filter(|t| seen.insert(*t)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_edits_that_may_change_a_title_ask_for_the_titles_again() {
        let rename = Command::RenameDocument {
            path: "a.txt".into(),
            title: Some("A".into()),
        };
        let coded = Command::MarkCoded {
            path: "a.txt".into(),
            coder: "Ana".into(),
            coded: true,
        };
        assert!(rename.may_change_titles());
        assert!(Command::ReplaceDocumentRecords(Default::default()).may_change_titles());
        assert!(!coded.may_change_titles());
        assert!(
            !Command::DismissConflict {
                key: "k".into(),
                dismissed: true
            }
            .may_change_titles()
        );
        let batch = |commands| Command::Batch {
            label: "Both".into(),
            commands,
        };
        assert!(batch(vec![coded.clone(), rename]).may_change_titles());
        assert!(!batch(vec![coded]).may_change_titles());
    }

    fn codes(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|c| (*c).to_owned()).collect())
    }

    #[test]
    fn setting_ocr_languages_is_undone_by_its_inverse() {
        let mut project = Project::new("p");
        let command = Command::SetOcrLanguages(codes(&["ara"]));
        assert_eq!(command.label(&project), "Read scans in ara");
        let inverse = command.apply(&mut project).expect("applies");
        assert_eq!(project.ocr_languages, codes(&["ara"]));
        assert_eq!(inverse, Command::SetOcrLanguages(None));
        assert_eq!(
            inverse.label(&project),
            "Read scans in the default languages"
        );
        let redo = inverse.apply(&mut project).expect("undoes");
        assert_eq!(project.ocr_languages, None);
        assert_eq!(redo, Command::SetOcrLanguages(codes(&["ara"])));
    }

    #[test]
    fn ocr_languages_keep_their_order_once_each_and_none_is_the_default() {
        let mut project = Project::new("p");
        Command::SetOcrLanguages(codes(&["eng", "ara", "eng"]))
            .apply(&mut project)
            .expect("applies");
        assert_eq!(project.ocr_languages, codes(&["eng", "ara"]));
        let inverse = Command::SetOcrLanguages(codes(&[]))
            .apply(&mut project)
            .expect("applies");
        assert_eq!(project.ocr_languages, None);
        assert_eq!(inverse, Command::SetOcrLanguages(codes(&["eng", "ara"])));
    }

    #[test]
    fn a_code_that_is_not_one_is_refused_and_changes_nothing() {
        let mut project = Project::new("p");
        project.ocr_languages = codes(&["eng"]);
        let got = Command::SetOcrLanguages(codes(&["ara", "--psm 0"])).apply(&mut project);
        assert_eq!(got, Err(CommandError::BadLanguageCode("--psm 0".into())));
        assert_eq!(project.ocr_languages, codes(&["eng"]));
    }
}

//! A part of a project replaced at once: how a merge is applied to the open project in one
//! undoable step ([`super::Command::Patch`]).
//!
//! Only the items that differ are listed, so the step and its inverse hold what the merge
//! changed, not two copies of the project. Applying a patch sets each listed item to the
//! given version (`None`: removes it) without the checks of the editing commands: a patch
//! is made from a whole project that is consistent by construction (a merge's output), and
//! the checks of single edits (a tag's parent must exist) would refuse the intermediate
//! states of a consistent whole. Its inverse holds the versions it replaced.

use std::collections::{BTreeMap, BTreeSet};

use super::conflict::MergeConflict;
use super::ids::ConflictId;
use super::model::{Annotation, AnnotationId, DocumentRecord, Project, Tag, TagId};
use crate::entities::EntityDictionary;

/// The versions some items of a project take.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProjectPatch {
    /// What the step is called in Edit > Undo.
    pub label: String,
    /// Tags to set (`None`: remove).
    pub tags: BTreeMap<TagId, Option<Tag>>,
    /// Annotations to set (`None`: remove).
    pub annotations: BTreeMap<AnnotationId, Option<Annotation>>,
    /// Document records to set, by path (`None`: remove).
    pub documents: BTreeMap<String, Option<DocumentRecord>>,
    /// Merge conflicts to set (`None`: remove).
    pub merge_conflicts: BTreeMap<ConflictId, Option<MergeConflict>>,
    /// The entity dictionary, when it changes.
    pub entity_rules: Option<EntityDictionary>,
    /// The dismissed date conflicts, when they change.
    pub dismissed_conflicts: Option<BTreeSet<String>>,
    /// The OCR languages, when they change (`Some(None)`: back to the default).
    pub ocr_languages: Option<Option<Vec<String>>>,
}

/// Sets every listed key of `map` and returns the versions it replaced.
fn swap<K: Ord + Clone, V>(
    map: &mut BTreeMap<K, V>,
    changes: BTreeMap<K, Option<V>>,
) -> BTreeMap<K, Option<V>> {
    changes
        .into_iter()
        .map(|(key, value)| {
            let old = match value {
                Some(v) => map.insert(key.clone(), v),
                None => map.remove(&key),
            };
            (key, old)
        })
        .collect()
}

impl ProjectPatch {
    /// The patch that turns `current` into `target` (their name and corpus folder aside).
    pub fn between(current: &Project, target: &Project, label: String) -> Self {
        Self {
            label,
            tags: differences(&current.tags, &target.tags),
            annotations: differences(&current.annotations, &target.annotations),
            documents: differences(&current.documents, &target.documents),
            merge_conflicts: differences(&current.merge_conflicts, &target.merge_conflicts),
            entity_rules: (current.entity_rules != target.entity_rules)
                .then(|| target.entity_rules.clone()),
            dismissed_conflicts: (current.dismissed_conflicts != target.dismissed_conflicts)
                .then(|| target.dismissed_conflicts.clone()),
            ocr_languages: (current.ocr_languages != target.ocr_languages)
                .then(|| target.ocr_languages.clone()),
        }
    }

    /// True when the patch changes nothing.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
            && self.annotations.is_empty()
            && self.documents.is_empty()
            && self.merge_conflicts.is_empty()
            && self.entity_rules.is_none()
            && self.dismissed_conflicts.is_none()
            && self.ocr_languages.is_none()
    }

    /// Applies the patch; returns the patch that undoes it.
    pub(super) fn apply(self, project: &mut Project) -> Self {
        Self {
            tags: swap(&mut project.tags, self.tags),
            annotations: swap(&mut project.annotations, self.annotations),
            documents: swap(&mut project.documents, self.documents),
            merge_conflicts: swap(&mut project.merge_conflicts, self.merge_conflicts),
            entity_rules: self
                .entity_rules
                .map(|rules| std::mem::replace(&mut project.entity_rules, rules)),
            dismissed_conflicts: self
                .dismissed_conflicts
                .map(|set| std::mem::replace(&mut project.dismissed_conflicts, set)),
            ocr_languages: self
                .ocr_languages
                .map(|codes| std::mem::replace(&mut project.ocr_languages, codes)),
            label: self.label,
        }
    }
}

/// The keys whose value differs between `current` and `target`, with `target`'s value.
fn differences<K: Ord + Clone, V: PartialEq + Clone>(
    current: &BTreeMap<K, V>,
    target: &BTreeMap<K, V>,
) -> BTreeMap<K, Option<V>> {
    let mut out: BTreeMap<K, Option<V>> = current
        .keys()
        .filter(|k| !target.contains_key(k))
        .map(|k| (k.clone(), None))
        .collect();
    for (k, v) in target {
        if current.get(k) != Some(v) {
            out.insert(k.clone(), Some(v.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A colleague's choice of OCR languages comes in with a merge, and undo takes it out.
    #[test]
    fn a_merge_carries_the_ocr_languages_and_its_inverse_puts_them_back() {
        let ours = Project::new("p");
        let mut theirs = ours.clone();
        theirs.ocr_languages = Some(vec!["ara".to_owned()]);
        let patch = ProjectPatch::between(&ours, &theirs, "Merge".to_owned());
        assert!(!patch.is_empty());
        let mut merged = ours.clone();
        let inverse = patch.apply(&mut merged);
        assert_eq!(merged.ocr_languages, theirs.ocr_languages);
        inverse.apply(&mut merged);
        assert_eq!(merged, ours);
    }
}

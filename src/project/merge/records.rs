//! What else a project holds, merged: document records (the user's title for a document
//! conflicts, who marked it coded is a set, what was read from the file follows the side
//! that changed it), entity rules and aliases (by folded phrase), and the merge conflicts
//! either side had not settled yet.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::items::{Conflicts, Outcome, decide, field, keys, set};
use crate::entities::dictionary::{AliasEntry, PhraseEntry};
use crate::entities::fold::fold;
use crate::entities::{EntityDictionary, PhraseRule};
use crate::project::conflict::{ConflictItem, MergeConflict};
use crate::project::ids::ConflictId;
use crate::project::model::{DocumentRecord, Project};

/// The merged document records.
pub(super) fn documents(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Conflicts,
) -> BTreeMap<String, DocumentRecord> {
    let mut out = BTreeMap::new();
    let maps = [&base.documents, &ours.documents, &theirs.documents];
    for path in keys(maps) {
        let [b, o, t] = maps.map(|m| m.get(&path));
        let kept = match decide(b, o, t) {
            Outcome::Take(kept) => kept.cloned(),
            // A record is what Dossier read of a file; one side no longer having it is not
            // the user's evidence: the changed record stays.
            Outcome::ChangedAndDeleted { ours, theirs } => ours.or(theirs).cloned(),
            Outcome::BothChanged(o, t) => Some(both_changed(b, o, t, conflicts)),
        };
        if let Some(record) = kept {
            out.insert(path, record);
        }
    }
    out
}

fn both_changed(
    base: Option<&DocumentRecord>,
    ours: &DocumentRecord,
    theirs: &DocumentRecord,
    conflicts: &mut Conflicts,
) -> DocumentRecord {
    // The hash and the document's own title come from the file: the side that read it
    // again is right; both did, ours (opening the project reads it again anyway).
    let read = |r: &DocumentRecord| (r.hash.clone(), r.title.clone());
    let mut ignored = Vec::new();
    let ((hash, title), _) = field(
        "read",
        base.map(read).as_ref(),
        &read(ours),
        &read(theirs),
        &mut ignored,
    );
    let mut names = Vec::new();
    let (renamed, theirs_title) = field(
        "title",
        base.map(|b| &b.renamed),
        &ours.renamed,
        &theirs.renamed,
        &mut names,
    );
    if !names.is_empty() {
        let item = ConflictItem::DocumentTitle {
            path: ours.path.clone(),
            ours: renamed.clone(),
            theirs: theirs_title,
        };
        conflicts.record(item, names);
    }
    let empty = Default::default();
    DocumentRecord {
        path: ours.path.clone(),
        hash,
        title,
        renamed,
        coded_by: set(
            base.map_or(&empty, |b| &b.coded_by),
            &ours.coded_by,
            &theirs.coded_by,
        ),
    }
}

/// The merged entity dictionary: our rules in our order, then the ones they added.
pub(super) fn entity_rules(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Conflicts,
) -> EntityDictionary {
    let phrases = |p: &Project| -> BTreeMap<String, PhraseRule> {
        let d = &p.entity_rules;
        d.phrases
            .iter()
            .map(|e| (fold(&e.phrase), e.rule))
            .collect()
    };
    let aliases = |p: &Project| -> BTreeMap<String, String> {
        let d = &p.entity_rules;
        d.aliases
            .iter()
            .map(|e| (fold(&e.alias), e.canonical.clone()))
            .collect()
    };
    let [bp, op, tp] = [base, ours, theirs].map(phrases);
    let phrase_spellings = spellings(ours, theirs, |d| &d.phrases, |e| &e.phrase);
    let rules = by_key(&bp, &op, &tp, |key, o, t, fields| {
        let phrase = spelling(key, &phrase_spellings);
        let item = ConflictItem::EntityRule {
            phrase,
            ours: o.copied(),
            theirs: t.copied(),
        };
        conflicts.record(item, fields);
    });
    let [ba, oa, ta] = [base, ours, theirs].map(aliases);
    let alias_spellings = spellings(ours, theirs, |d| &d.aliases, |e| &e.alias);
    let canonicals = by_key(&ba, &oa, &ta, |key, o, t, fields| {
        let alias = spelling(key, &alias_spellings);
        let item = ConflictItem::EntityAlias {
            alias,
            ours: o.cloned(),
            theirs: t.cloned(),
        };
        conflicts.record(item, fields);
    });
    let mut out = EntityDictionary::default();
    // The folded phrases and aliases already placed: a set, not a scan of `out` per rule
    // (a dictionary of thousands of rules would merge in quadratic time).
    let mut placed_phrases = HashSet::new();
    let mut placed_aliases = HashSet::new();
    for d in [&ours.entity_rules, &theirs.entity_rules] {
        for e in &d.phrases {
            let key = fold(&e.phrase);
            if let Some(rule) = rules.get(&key)
                && placed_phrases.insert(key)
            {
                out.phrases.push(PhraseEntry {
                    phrase: e.phrase.clone(),
                    rule: *rule,
                });
            }
        }
        for e in &d.aliases {
            let key = fold(&e.alias);
            if let Some(canonical) = canonicals.get(&key)
                && placed_aliases.insert(key)
            {
                out.aliases.push(AliasEntry {
                    alias: e.alias.clone(),
                    canonical: canonical.clone(),
                });
            }
        }
    }
    out
}

/// Values by key merged three ways; `conflict(key, ours, theirs, fields)` is called for a
/// key both sides set differently (ours is kept) or one side changed and the other removed
/// (the one set is kept).
fn by_key<V: PartialEq + Clone>(
    base: &BTreeMap<String, V>,
    ours: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
    mut conflict: impl FnMut(&str, Option<&V>, Option<&V>, Vec<String>),
) -> BTreeMap<String, V> {
    let mut out = BTreeMap::new();
    for key in keys([base, ours, theirs]) {
        let (b, o, t) = (base.get(&key), ours.get(&key), theirs.get(&key));
        let kept = match decide(b, o, t) {
            Outcome::Take(kept) => kept,
            Outcome::BothChanged(o, t) => {
                conflict(&key, Some(o), Some(t), vec!["rule".into()]);
                Some(o)
            }
            Outcome::ChangedAndDeleted { ours: o, theirs: t } => {
                conflict(&key, o, t, vec!["deleted".into()]);
                o.or(t)
            }
        };
        if let Some(v) = kept {
            out.insert(key, v.clone());
        }
    }
    out
}

/// The phrase as a user wrote it (ours, else theirs) by folded key, made once (not a
/// scan of both dictionaries per conflict).
fn spellings<E>(
    ours: &Project,
    theirs: &Project,
    list: impl Fn(&EntityDictionary) -> &Vec<E>,
    text: impl Fn(&E) -> &String,
) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in [ours, theirs]
        .iter()
        .flat_map(|p| list(&p.entity_rules).iter())
    {
        out.entry(fold(text(e))).or_insert_with(|| text(e).clone());
    }
    out
}

/// The spelling of `key` in `spellings`, or the key itself.
fn spelling(key: &str, spellings: &HashMap<String, String>) -> String {
    spellings
        .get(key)
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// The conflicts earlier merges recorded that either side still has: one settled on one
/// side (gone there) and untouched on the other is settled.
pub(super) fn earlier_conflicts(
    base: &Project,
    ours: &Project,
    theirs: &Project,
) -> BTreeMap<ConflictId, MergeConflict> {
    let maps = [
        &base.merge_conflicts,
        &ours.merge_conflicts,
        &theirs.merge_conflicts,
    ];
    let mut out = BTreeMap::new();
    for id in keys(maps) {
        let [b, o, t] = maps.map(|m| m.get(&id));
        let kept = match decide(b, o, t) {
            Outcome::Take(kept) => kept,
            Outcome::BothChanged(o, _) => Some(o),
            Outcome::ChangedAndDeleted { ours, theirs } => ours.or(theirs),
        };
        if let Some(c) = kept {
            out.insert(id, c.clone());
        }
    }
    out
}

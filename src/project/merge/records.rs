//! What else a project holds, merged: document records (the user's title for a document
//! conflicts, who marked it coded is a set, what was read from the file follows the side
//! that changed it), entity rules and aliases (by folded phrase), and the merge conflicts
//! either side had not settled yet.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::items::{Conflicts, Outcome, decide, field, keys, set};
use crate::entities::dictionary::{AliasEntry, PhraseEntry, PlaceEntry, SlashOrderEntry};
use crate::entities::fold::fold;
use crate::entities::{EntityDictionary, EntityKind, PhraseRule};
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

/// The merged entity dictionary: our rules in our order, then the ones they added. A rule
/// is one item per phrase (folded), kind of mention and gazetteer entry it is for: "Jordan"
/// never (for persons) and "Jordan" always a place are two rules, and so are "Paris" never
/// for Paris, France and for Paris, Texas.
pub(super) fn entity_rules(
    base: &Project,
    ours: &Project,
    theirs: &Project,
    conflicts: &mut Conflicts,
) -> EntityDictionary {
    let phrases = |p: &Project| -> BTreeMap<RuleKey, PhraseRule> {
        let d = &p.entity_rules;
        d.phrases
            .iter()
            .map(|e| (rule_key(&e.phrase, e.of, e.place), e.rule))
            .collect()
    };
    let aliases = |p: &Project| -> BTreeMap<RuleKey, String> {
        let d = &p.entity_rules;
        d.aliases
            .iter()
            .map(|e| (rule_key(&e.alias, e.of, e.place), e.canonical.clone()))
            .collect()
    };
    let [bp, op, tp] = [base, ours, theirs].map(phrases);
    let phrase_spellings = spellings(ours, theirs, |d| &d.phrases, |e| (&e.phrase, e.of, e.place));
    let rules = by_key(&bp, &op, &tp, |key, o, t, fields| {
        let item = ConflictItem::EntityRule {
            phrase: spelling(key, &phrase_spellings),
            of: key.1,
            place: key.2,
            ours: o.copied(),
            theirs: t.copied(),
        };
        conflicts.record(item, fields);
    });
    let [ba, oa, ta] = [base, ours, theirs].map(aliases);
    let alias_spellings = spellings(ours, theirs, |d| &d.aliases, |e| (&e.alias, e.of, e.place));
    let canonicals = by_key(&ba, &oa, &ta, |key, o, t, fields| {
        let item = ConflictItem::EntityAlias {
            alias: spelling(key, &alias_spellings),
            of: key.1,
            place: key.2,
            ours: o.cloned(),
            theirs: t.cloned(),
        };
        conflicts.record(item, fields);
    });
    // The user's place links ("Paris, Texas" is this entry): merged by name like the rules;
    // a link the two sides set differently is a conflict (ours kept until settled).
    let places = |p: &Project| -> BTreeMap<RuleKey, Option<u32>> {
        let d = &p.entity_rules;
        d.places
            .iter()
            .map(|e| (rule_key(&e.name, None, None), e.place))
            .collect()
    };
    let [bl, ol, tl] = [base, ours, theirs].map(places);
    let link_spellings = spellings(ours, theirs, |d| &d.places, |e| (&e.name, None, None));
    let links = by_key(&bl, &ol, &tl, |key, o, t, fields| {
        let item = ConflictItem::PlaceLink {
            name: spelling(key, &link_spellings),
            ours: o.copied(),
            theirs: t.copied(),
        };
        conflicts.record(item, fields);
    });
    // The orders of slashed dates, by document (`None`: the project's): the same document
    // set differently is a conflict, as a place link is.
    let orders = |p: &Project| -> BTreeMap<Option<String>, crate::entities::SlashOrder> {
        p.entity_rules
            .slash_orders
            .iter()
            .map(|e| (e.document.clone(), e.order))
            .collect()
    };
    let [bo, oo, to] = [base, ours, theirs].map(orders);
    let merged_orders = by_key(&bo, &oo, &to, |document, o, t, fields| {
        let item = ConflictItem::SlashOrder {
            document: document.clone(),
            ours: o.copied(),
            theirs: t.copied(),
        };
        conflicts.record(item, fields);
    });
    let mut out = EntityDictionary::default();
    let mut placed_orders = HashSet::new();
    for e in ours
        .entity_rules
        .slash_orders
        .iter()
        .chain(&theirs.entity_rules.slash_orders)
    {
        if let Some(order) = merged_orders.get(&e.document)
            && placed_orders.insert(e.document.clone())
        {
            out.slash_orders.push(SlashOrderEntry {
                document: e.document.clone(),
                order: *order,
            });
        }
    }
    let mut placed_links = HashSet::new();
    for e in ours
        .entity_rules
        .places
        .iter()
        .chain(&theirs.entity_rules.places)
    {
        let key = rule_key(&e.name, None, None);
        if let Some(place) = links.get(&key)
            && placed_links.insert(key)
        {
            out.places.push(PlaceEntry {
                name: e.name.clone(),
                place: *place,
            });
        }
    }
    // Keys already placed (a set, so that large dictionaries merge in linear time).
    let (mut placed_rules, mut placed_aliases) = (HashSet::new(), HashSet::new());
    for d in [&ours.entity_rules, &theirs.entity_rules] {
        for e in &d.phrases {
            let key = rule_key(&e.phrase, e.of, e.place);
            if let Some(rule) = rules.get(&key)
                && placed_rules.insert(key)
            {
                out.phrases.push(PhraseEntry {
                    phrase: e.phrase.clone(),
                    rule: *rule,
                    of: e.of,
                    place: e.place,
                });
            }
        }
        for e in &d.aliases {
            let key = rule_key(&e.alias, e.of, e.place);
            if let Some(canonical) = canonicals.get(&key)
                && placed_aliases.insert(key)
            {
                out.aliases.push(AliasEntry {
                    alias: e.alias.clone(),
                    canonical: canonical.clone(),
                    of: e.of,
                    place: e.place,
                });
            }
        }
    }
    out
}

/// A rule, alias or place link is one item per folded phrase and kind it is for.
/// A rule's folded phrase, the kind and the gazetteer entry it is made for.
type RuleKey = (String, Option<EntityKind>, Option<u32>);

fn rule_key(phrase: &str, of: Option<EntityKind>, place: Option<u32>) -> RuleKey {
    (fold(phrase), of, place)
}

/// Values by key merged three ways; `conflict(key, ours, theirs, fields)` is called for a
/// key both sides set differently (ours is kept) or one side changed and the other removed
/// (the one set is kept).
fn by_key<K: Ord + Clone, V: PartialEq + Clone>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
    mut conflict: impl FnMut(&K, Option<&V>, Option<&V>, Vec<String>),
) -> BTreeMap<K, V> {
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

/// The phrase as a user wrote it (ours, else theirs), by rule key, made once (not a scan of
/// both dictionaries per conflict).
fn spellings<E>(
    ours: &Project,
    theirs: &Project,
    list: impl Fn(&EntityDictionary) -> &Vec<E>,
    text: impl Fn(&E) -> (&String, Option<EntityKind>, Option<u32>),
) -> HashMap<RuleKey, String> {
    let mut out = HashMap::new();
    for e in [ours, theirs]
        .iter()
        .flat_map(|p| list(&p.entity_rules).iter())
    {
        let (phrase, of, place) = text(e);
        out.entry(rule_key(phrase, of, place))
            .or_insert_with(|| phrase.clone());
    }
    out
}

/// The spelling of the rule `key` (from `spellings`), or its folded phrase.
fn spelling(key: &RuleKey, spellings: &HashMap<RuleKey, String>) -> String {
    spellings.get(key).cloned().unwrap_or_else(|| key.0.clone())
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

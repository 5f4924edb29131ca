//! Which reading each mention of a place name gets: a mention's own qualifier decides that
//! mention ("Lebanon, Pennsylvania" is the town however else the document writes
//! "Lebanon"), a place written as another's qualifier is the region or country that holds
//! it ("Lebanon" in "Beirut, Lebanon" is the country), and a mention without either takes
//! the reading of the nearest such mention of its name before it (news qualifies a town once,
//! then writes it bare), or the one reading they all agree on, or else is read on its own.
//!
//! Mentions of one name that get one reading form one group: one toponym of
//! [`super::resolve`] each.

use std::collections::HashMap;

use super::super::fold::fold;
use super::super::model::EntityKind;
use super::super::pipeline::Pass;
use super::resolve::candidates;
use super::table::{Entry, Table};

/// How mention `cand` is read: the group it belongs to and what decides that group.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Reading {
    /// Index of the mention in the pass's candidates.
    pub cand: usize,
    /// The group's key among the groups of the name: "" read on its own, "q virginia" read
    /// with its qualifier, "in beirut" the place another is qualified by.
    pub group: String,
    /// The qualifier that decides the group: its folded name and the text as written
    /// ("Woodbridge, Virginia").
    pub qualifier: Option<(String, String)>,
    /// The group is the place another is qualified by: that place's folded names and the
    /// text as written ("Beirut, Lebanon").
    pub within: Option<(Vec<String>, String)>,
}

/// The place mentions of the pass to link (live, without a link yet), in text order, each
/// with its reading. `qualifier` gives a mention's qualifier as the text writes it: the index
/// of the qualifier's mention when it is one (a place after a comma), its folded name and the
/// text as written.
pub(super) fn readings(
    pass: &Pass,
    table: &Table,
    qualifier: impl Fn(usize) -> Option<(Option<usize>, (String, String))>,
) -> Vec<Reading> {
    let mut order: Vec<usize> = (0..pass.cands.len())
        .filter(|&c| {
            pass.cands
                .get(c)
                .is_some_and(|x| !x.dead && x.kind == EntityKind::Loc && x.detail.is_none())
        })
        .collect();
    order.sort_by_key(|&c| pass.cands.get(c).map_or(0, |x| x.start));
    let names = |c: usize| -> Vec<String> {
        pass.cands.get(c).map_or_else(Vec::new, |x| {
            let mut v = vec![fold(&x.key)];
            let text = fold(pass.text.get(x.start..x.end).unwrap_or(""));
            if !v.contains(&text) {
                v.push(text);
            }
            v
        })
    };
    let mut out: Vec<Reading> = order
        .iter()
        .map(|&c| Reading {
            cand: c,
            group: String::new(),
            qualifier: None,
            within: None,
        })
        .collect();
    for k in 0..out.len() {
        let Some(c) = out.get(k).map(|r| r.cand) else {
            continue;
        };
        let Some((of, q)) = qualifier(c) else {
            continue;
        };
        let own = names(c);
        // Only a qualifier that holds a place of the name qualifies it: "Paris, London and
        // Berlin" is a list.
        if !qualifies(table, &own, &q.0) {
            continue;
        }
        let written = q.1.clone();
        if let Some(r) = out.get_mut(k)
            && r.within.is_none()
        {
            r.group = format!("q {}", q.0);
            r.qualifier = Some(q);
        }
        if let Some(r) = of.and_then(|o| out.iter_mut().find(|r| r.cand == o)) {
            r.group = format!("in {}", own.first().map_or("", String::as_str));
            r.qualifier = None;
            r.within = Some((own, written));
        }
    }
    // The mentions without a qualifier of their own.
    let keys: Vec<String> = out
        .iter()
        .map(|r| {
            pass.cands
                .get(r.cand)
                .map_or_else(String::new, |x| fold(&x.key))
        })
        .collect();
    // The mentions of each name already read with a qualifier, in text order, and how many
    // of them each group has: a mention looks up its name's instead of scanning every
    // mention (quadratic: a 1 MB text spent a third of its time here).
    let mut decided: HashMap<&str, (Vec<usize>, HashMap<String, usize>)> = HashMap::new();
    for (j, r) in out.iter().enumerate() {
        if !r.group.is_empty() {
            let e = decided
                .entry(keys.get(j).map_or("", String::as_str))
                .or_default();
            e.0.push(j);
            *e.1.entry(r.group.clone()).or_default() += 1;
        }
    }
    for k in 0..out.len() {
        if out.get(k).is_none_or(|r| !r.group.is_empty()) {
            continue;
        }
        let key = keys.get(k).map_or("", String::as_str);
        let Some((list, groups)) = decided.get(key) else {
            continue;
        };
        let before = list
            .partition_point(|&j| j < k)
            .checked_sub(1)
            .and_then(|i| list.get(i))
            .copied();
        let agreed = if groups.len() == 1 {
            list.first().copied()
        } else {
            None
        };
        if let Some(from) = before.or(agreed).and_then(|j| out.get(j).cloned())
            && let Some(r) = out.get_mut(k)
        {
            r.group = from.group;
            r.qualifier = from.qualifier;
            r.within = from.within;
            // Read now, it is a reading for the mentions after it.
            if !r.group.is_empty() {
                let group = r.group.clone();
                let e = decided.entry(key).or_default();
                let at = e.0.partition_point(|&j| j < k);
                e.0.insert(at, k);
                *e.1.entry(group).or_default() += 1;
            }
        }
    }
    out
}

/// Whether the region or country folded `q` holds a place any of `names` may stand for.
fn qualifies(table: &Table, names: &[String], q: &str) -> bool {
    candidates(table, names)
        .into_iter()
        .filter_map(|i| table.entry(i))
        .any(|e| within_named(table, e, q))
}

/// Whether `e`'s region or country is named folded `q`.
pub(super) fn within_named(table: &Table, e: &Entry, q: &str) -> bool {
    let names = |x: Option<&Entry>| {
        x.is_some_and(|x| table.named(q).iter().any(|&i| table.entry(i) == Some(x)))
    };
    names(table.region_of(e)) || names(table.country_of(e))
}

/// Keeps, of a qualifier's candidates `list`, the regions and countries that hold a place
/// the qualified name may stand for ("Georgia" after "Athens, " is the state, not the
/// country). Returns whether any was left out; none is left out when none would be kept.
pub(super) fn keep_holders(table: &Table, within: &[String], list: &mut Vec<u32>) -> bool {
    let held: Vec<u32> = candidates(table, within)
        .into_iter()
        .filter_map(|i| table.entry(i))
        .flat_map(|e| [table.region_of(e), table.country_of(e)])
        .flatten()
        .map(|x| x.geonameid)
        .collect();
    let holds = |i: &u32| table.entry(*i).is_some_and(|e| held.contains(&e.geonameid));
    if !list.iter().any(holds) || list.iter().all(holds) {
        return false;
    }
    list.retain(holds);
    true
}

//! The rules every kind of item is merged by: a version per side, a field per side, a set.

use std::collections::{BTreeMap, BTreeSet};

use crate::project::conflict::{ConflictItem, MergeConflict};
use crate::project::ids::ConflictId;

/// What the three versions of one item (`None`: absent on that side) decide.
pub(super) enum Outcome<'a, V> {
    /// The item is this version (`None`: gone): both sides agree, or only one changed it.
    Take(Option<&'a V>),
    /// Both sides changed it, differently: merge its fields.
    BothChanged(&'a V, &'a V),
    /// One side changed it and the other deleted it: a conflict.
    ChangedAndDeleted {
        /// Our version.
        ours: Option<&'a V>,
        /// Their version.
        theirs: Option<&'a V>,
    },
}

/// The three-way rule for one item.
pub(super) fn decide<'a, V: PartialEq>(
    base: Option<&'a V>,
    ours: Option<&'a V>,
    theirs: Option<&'a V>,
) -> Outcome<'a, V> {
    if ours == theirs || base == theirs {
        return Outcome::Take(ours);
    }
    if base == ours {
        return Outcome::Take(theirs);
    }
    match (ours, theirs) {
        (Some(o), Some(t)) => Outcome::BothChanged(o, t),
        _ => Outcome::ChangedAndDeleted { ours, theirs },
    }
}

/// Every key of the three maps, in order.
pub(super) fn keys<K: Ord + Clone, V>(maps: [&BTreeMap<K, V>; 3]) -> BTreeSet<K> {
    maps.iter().flat_map(|m| m.keys().cloned()).collect()
}

/// One field of an item both sides changed: `(ours, theirs)` versions of the field after
/// the merge. They are equal unless both sides changed the field differently (or there is
/// no base and they differ), in which case `name` is added to `conflicting`.
pub(super) fn field<T: PartialEq + Clone>(
    name: &str,
    base: Option<&T>,
    ours: &T,
    theirs: &T,
    conflicting: &mut Vec<String>,
) -> (T, T) {
    if ours == theirs || base == Some(theirs) {
        return (ours.clone(), ours.clone());
    }
    if base == Some(ours) {
        return (theirs.clone(), theirs.clone());
    }
    conflicting.push(name.to_owned());
    (ours.clone(), theirs.clone())
}

/// A set merged three ways: what either side added is in, what either side removed is out.
/// With an empty base (no shared history) it is the union.
pub(super) fn set<T: Ord + Clone>(
    base: &BTreeSet<T>,
    ours: &BTreeSet<T>,
    theirs: &BTreeSet<T>,
) -> BTreeSet<T> {
    ours.iter()
        .filter(|x| theirs.contains(x) || !base.contains(x))
        .chain(theirs.iter().filter(|x| !base.contains(x)))
        .cloned()
        .collect()
}

/// A list used as a set (an annotation's tags) merged like [`set`], in our order, then
/// what they added in theirs.
pub(super) fn list<T: PartialEq + Clone>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| theirs.contains(x) || !base.contains(x))
        .cloned()
        .collect();
    for x in theirs {
        if !base.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// The conflicts a merge records, with where theirs came from.
pub(super) struct Conflicts {
    from: String,
    pub(super) list: Vec<MergeConflict>,
}

/// The namespace of conflict ids (a fixed random UUID): a conflict's id is derived from what
/// conflicts, so that merging the same files twice gives the same file.
const CONFLICT_NAMESPACE: uuid::Uuid =
    uuid::Uuid::from_u128(0x5f0e_9c1c_4f5b_4d0e_9a59_2a43_b1f0_6c7d);

impl Conflicts {
    pub(super) fn new(from: &str) -> Self {
        Self {
            from: from.to_owned(),
            list: Vec::new(),
        }
    }

    /// Where theirs came from.
    pub(super) fn from(&self) -> &str {
        &self.from
    }

    /// Records that `item` conflicts on `fields`.
    pub(super) fn record(&mut self, item: ConflictItem, fields: Vec<String>) {
        let what = format!("{fields:?} {item:?}");
        let id = ConflictId(uuid::Uuid::new_v5(&CONFLICT_NAMESPACE, what.as_bytes()));
        self.list.push(MergeConflict {
            id,
            item,
            fields,
            theirs_from: self.from.clone(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_sided_changes_win_and_two_sided_ones_are_reported() {
        let take = |o: Outcome<'_, i32>| match o {
            Outcome::Take(v) => v.copied(),
            _ => Some(-1),
        };
        assert_eq!(take(decide(Some(&1), Some(&1), Some(&2))), Some(2));
        assert_eq!(take(decide(Some(&1), Some(&3), Some(&1))), Some(3));
        assert_eq!(take(decide(Some(&1), None, Some(&1))), None);
        assert_eq!(take(decide(None, None, Some(&4))), Some(4));
        assert_eq!(take(decide(None, Some(&5), Some(&5))), Some(5));
        assert!(matches!(
            decide(Some(&1), Some(&2), Some(&3)),
            Outcome::BothChanged(2, 3)
        ));
        assert!(matches!(
            decide(Some(&1), None, Some(&3)),
            Outcome::ChangedAndDeleted {
                ours: None,
                theirs: Some(3)
            }
        ));
        // No shared history: the same id with two versions is both changed.
        assert!(matches!(
            decide(None, Some(&2), Some(&3)),
            Outcome::BothChanged(2, 3)
        ));
    }

    #[test]
    fn sets_keep_additions_and_removals_of_either_side() {
        let s = |v: &[&str]| {
            v.iter()
                .map(|x| (*x).to_owned())
                .collect::<BTreeSet<String>>()
        };
        let merged = set(&s(&["a", "b"]), &s(&["a", "c"]), &s(&["a", "b", "d"]));
        assert_eq!(merged, s(&["a", "c", "d"]));
        assert_eq!(set(&s(&[]), &s(&["x"]), &s(&["y"])), s(&["x", "y"]));
        assert_eq!(list(&[1, 2], &[2, 3], &[1, 2, 4]), [2, 3, 4]);
    }

    #[test]
    fn fields_take_the_one_sided_change_or_report_their_name() {
        let mut names = Vec::new();
        assert_eq!(field("note", Some(&1), &1, &2, &mut names), (2, 2));
        assert_eq!(field("note", Some(&1), &3, &1, &mut names), (3, 3));
        assert!(names.is_empty());
        assert_eq!(field("note", Some(&1), &3, &2, &mut names), (3, 2));
        assert_eq!(field("tags", None, &3, &2, &mut names), (3, 2));
        assert_eq!(names, ["note", "tags"]);
    }
}

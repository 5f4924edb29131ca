//! A place name inside the name of a larger feature is not the town: "Victoria" in "Lake
//! Victoria", "Jordan" in "the Jordan River", "Mexico" in "Gulf of Mexico". When the
//! recogniser reads only the town's word, the mention is widened to the feature's whole
//! name, which is then looked up as such (a feature the table does not know stays a place
//! without coordinates; "Lake Placid", "Mount Vernon" are towns of the table and are read
//! as those towns).

use super::super::model::EntityKind;
use super::super::pipeline::{Cand, Pass};
use super::super::tokens::CAP;

/// Words written before a feature's name: "Lake Victoria", "Mount Hermon".
const BEFORE: &[&str] = &["Lake", "Mount", "Lac", "Loch"];
/// Words written before a feature's name with "of": "Gulf of Mexico", "Bay of Bengal".
const BEFORE_OF: &[&str] = &["Gulf", "Bay", "Sea", "Strait", "Straits", "Isle", "Lake"];
/// Words written after a feature's name: "Jordan River", "Atlas Mountains".
const AFTER: &[&str] = &["River", "Lake", "Mountains", "Mountain", "Canal", "Falls"];

/// Widens each place mention of one name written inside a feature's name to the whole name.
pub(super) fn widen(pass: &mut Pass) {
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || cand.kind != EntityKind::Loc || cand.detail.is_some() {
            continue;
        }
        let range = cand.tokens();
        let (origin, tags) = (cand.origin, cand.tags);
        let first = feature_start(pass, range.start);
        let last = feature_end(pass, range.end);
        if first == range.start && last == range.end {
            continue;
        }
        let (Some(a), Some(b)) = (
            pass.tokens.get(first),
            last.checked_sub(1).and_then(|l| pass.tokens.get(l)),
        ) else {
            continue;
        };
        let (start, end) = (a.start, b.end);
        let name = pass.text.get(start..end).unwrap_or("").to_owned();
        let old = pass.cands.get(c).cloned();
        pass.remove(c);
        let mut wide = Cand::new(start, end, EntityKind::Loc, name, origin);
        wide.tags = tags;
        if !pass.try_add_over(first..last, wide) {
            // Put the mention back as it was.
            if let Some(old) = old {
                pass.try_add_over(range, old);
            }
        }
    }
}

/// The first token of the feature whose name starts at token `i` ("Lake" before
/// "Victoria"), or `i`.
fn feature_start(pass: &Pass, i: usize) -> usize {
    let joined = |a: usize, b: usize| {
        let (Some(x), Some(y)) = (pass.tokens.get(a), pass.tokens.get(b)) else {
            return false;
        };
        pass.text.get(x.end..y.start) == Some(" ") && pass.is_free(a)
    };
    let Some(prev) = i.checked_sub(1) else {
        return i;
    };
    if BEFORE.contains(&pass.word(prev)) && joined(prev, i) {
        return prev;
    }
    if pass.word(prev) == "of"
        && let Some(noun) = prev.checked_sub(1)
        && BEFORE_OF.contains(&pass.word(noun))
        && joined(prev, i)
        && joined(noun, prev)
    {
        return noun;
    }
    i
}

/// The token after the feature whose name ends before token `end` ("River" after
/// "Jordan"), or `end`.
fn feature_end(pass: &Pass, end: usize) -> usize {
    let (Some(x), Some(y)) = (
        end.checked_sub(1).and_then(|l| pass.tokens.get(l)),
        pass.tokens.get(end),
    ) else {
        return end;
    };
    if pass.text.get(x.end..y.start) == Some(" ")
        && pass.is_free(end)
        && pass.is(end, CAP)
        && AFTER.contains(&pass.word(end))
    {
        end + 1
    } else {
        end
    }
}

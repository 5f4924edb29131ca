//! US states written by their two-letter postal code after a town, as addresses and much
//! local news write them: "Paris, TN", "Albany, GA", "Jackson, MS". The codes are the US
//! Postal Service's (Publication 28, appendix B), which GeoNames uses as the states' admin1
//! codes, so the table is the list.
//!
//! Two capitals are many things ("MD" after a doctor's name, "CO" a company), so a code is a
//! state only in the shape "Town, XX" followed by a boundary, where the table has a town of
//! that name in that state. Codes that are English words ("IN", "ME", "OR", "OK", "HI",
//! "OH", "ID") need more: another state or the United States named in the document.

use std::sync::OnceLock;

use regex::Regex;

use super::super::fold::fold;
use super::super::model::{EntityKind, Origin};
use super::super::pipeline::{Cand, Pass};
use super::super::tokens::CAP;
use super::resolve::candidates;
use super::table::{Class, Table};

/// Codes that are also English words (or an interjection): a state only beside other US
/// evidence.
const WORDS: &[&str] = &["IN", "ME", "OR", "OK", "HI", "OH", "ID"];

/// The longest town name tried before the comma, in words ("Salt Lake City").
const MAX_WORDS: usize = 4;

/// ", XX": a comma, one space and two capitals.
fn codes() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r", ([A-Z]{2})").ok()).as_ref()
}

/// A code found: its bytes, the state's entry index and the town's token range.
struct Found {
    start: usize,
    end: usize,
    state: u32,
    town: std::ops::Range<usize>,
    word: bool,
}

/// Adds the postal codes of the text after towns of their state as places linked to the
/// state, and the towns before them as places.
pub(super) fn add(pass: &mut Pass) {
    let Some(re) = codes() else {
        return;
    };
    let hits: Vec<(usize, usize)> = re
        .captures_iter(pass.text)
        .filter_map(|m| m.get(1))
        .filter(|g| {
            // A boundary after the code: "TN," "TN." "TN store", not "TNT" nor "TN-3".
            pass.text[g.end()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() && c != '-')
        })
        .map(|g| (g.start(), g.end()))
        .collect();
    if hits.is_empty() {
        return;
    }
    let table = Table::shared();
    let mut found: Vec<Found> = hits
        .into_iter()
        .filter_map(|(start, end)| {
            let code = pass.text.get(start..end)?;
            let state = table.region(*b"US", code)?;
            let state_index = *table.named(&fold(&state.name)).iter().find(|&&i| {
                table
                    .entry(i)
                    .is_some_and(|e| e.geonameid == state.geonameid)
            })?;
            let comma = pass
                .token_range(start.saturating_sub(2), start.saturating_sub(1))
                .start;
            let town = town_of(pass, table, comma, code)?;
            Some(Found {
                start,
                end,
                state: state_index,
                town,
                word: WORDS.contains(&code),
            })
        })
        .collect();
    let sure = found.iter().filter(|f| !f.word).count();
    let us_named = pass.cands.iter().any(|c| {
        !c.dead
            && c.kind == EntityKind::Loc
            && table.named(&fold(&c.key)).iter().any(|&i| {
                table.entry(i).is_some_and(|e| {
                    e.country == *b"US" && matches!(e.class, Class::Country | Class::Region)
                })
            })
    });
    found.retain(|f| !f.word || sure > 0 || us_named);
    for f in found {
        let Some(state) = table.entry(f.state) else {
            continue;
        };
        let range = pass.token_range(f.start, f.end);
        // The code is the state, unless a longer name holds it.
        let owners: Vec<usize> = range.clone().filter_map(|t| pass.owner_index(t)).collect();
        if owners.iter().any(|&o| {
            pass.cands.get(o).is_some_and(|c| {
                !c.dead && (c.origin == Origin::User || c.start < f.start || c.end > f.end)
            })
        }) {
            continue;
        }
        // The town is a place, unless a longer name holds it ("Mayor Tom Jackson, MS").
        let town_start = pass.tokens.get(f.town.start).map_or(0, |t| t.start);
        let held = f.town.clone().filter_map(|t| pass.owner(t)).any(|c| {
            c.origin == Origin::User || (c.kind != EntityKind::Loc && c.start < town_start)
        });
        if held {
            continue;
        }
        for o in owners {
            pass.remove(o);
        }
        town(pass, f.town.clone());
        let written = pass.text.get(f.start..f.end).unwrap_or("");
        let reason = format!("“{written}” is the postal code of {}", state.name);
        let mut cand = Cand::new(
            f.start,
            f.end,
            EntityKind::Loc,
            state.name.to_string(),
            Origin::Rule,
        );
        cand.detail = Some(super::short_forms::link(state, reason));
        pass.try_add(cand);
    }
}

/// The town's words `range` are a place: a person or an organisation the model read over
/// exactly them becomes one, and free words are added as one.
fn town(pass: &mut Pass, range: std::ops::Range<usize>) {
    let (Some(a), Some(b)) = (
        pass.tokens.get(range.start),
        range.end.checked_sub(1).and_then(|l| pass.tokens.get(l)),
    ) else {
        return;
    };
    let (start, end) = (a.start, b.end);
    match pass.owner_index(range.start) {
        Some(o) => {
            if let Some(c) = pass.cands.get_mut(o)
                && !c.dead
                && c.start == start
                && c.end == end
                && matches!(c.kind, EntityKind::Person | EntityKind::Org)
                && c.detail.is_none()
            {
                c.kind = EntityKind::Loc;
            }
        }
        None => {
            let name = pass.text.get(start..end).unwrap_or("").to_owned();
            let cand = Cand::new(start, end, EntityKind::Loc, name, Origin::Rule);
            pass.try_add_over(range, cand);
        }
    }
}

/// The capitalised words right before token `comma` that name a town of the table in the
/// state of postal `code`, longest first, as a token range.
fn town_of(pass: &Pass, table: &Table, comma: usize, code: &str) -> Option<std::ops::Range<usize>> {
    if pass.word(comma) != "," {
        return None;
    }
    let last = comma.checked_sub(1)?;
    if !pass.is(last, CAP) {
        return None;
    }
    let mut first = last;
    while first > 0 && last - first + 1 < MAX_WORDS {
        let (Some(a), Some(b)) = (pass.tokens.get(first - 1), pass.tokens.get(first)) else {
            break;
        };
        if pass.text.get(a.end..b.start) != Some(" ") || !pass.is(first - 1, CAP) {
            break;
        }
        first -= 1;
    }
    (first..=last).find_map(|from| {
        let (a, b) = (pass.tokens.get(from)?, pass.tokens.get(last)?);
        let name = fold(pass.text.get(a.start..b.end)?);
        candidates(table, &[name])
            .into_iter()
            .filter_map(|i| table.entry(i))
            .any(|e| {
                e.country == *b"US"
                    && &*e.admin1 == code
                    && matches!(e.class, Class::Town | Class::Capital | Class::County)
            })
            .then_some(from..last + 1)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_pattern_compiles() {
        assert!(super::codes().is_some());
    }
}

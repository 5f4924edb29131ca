//! What the model is shown of a text: for each token, what the gazetteers, the date
//! patterns and the rule stages found there, the word lists it is in, and whether the model
//! looks at it at all.
//!
//! The model only looks at candidate tokens: words with a capital letter, words inside a
//! gazetteer name, name particles ("al-"), and short words between such tokens ("Bank
//! of America", "Bosnia and Herzegovina"). Every other token is outside any name. Names
//! written all in lower case are left to the user's dictionary: they are rare in edited
//! text, and looking at every token would cost most of the time the model takes.

use std::ops::Range;

use super::features::{
    GazList, LEX_DATE, LEX_FIRST_NAME, LEX_STOPWORD, TextFeatures, TokenInfo, gaz_code, has_upper,
    names_something, rule_code,
};
use crate::entities::EntityKind;
use crate::entities::fold::fold_into;
use crate::entities::gazetteer::{Gazetteer, Source};
use crate::entities::model::Origin;
use crate::entities::pipeline::Pass;
use crate::entities::tokens::{LOWER, WORD};

/// A text as the model sees it.
pub struct Observation {
    pub info: Vec<TokenInfo>,
    pub candidate: Vec<bool>,
    pub features: TextFeatures,
}

/// Name particles that start a name in lower case ("al-Sharaa", "bin Salman").
const PARTICLES: [&str; 10] = [
    "al", "el", "ad", "as", "ar", "an", "bin", "ibn", "abu", "abd",
];

/// Observes the tokens of `pass` after the gazetteer, date and rule stages ran.
pub fn observe(pass: &Pass, gaz: &Gazetteer) -> Observation {
    let n = pass.tokens.len();
    let mut info = vec![TokenInfo::default(); n];
    // Gazetteer matches: the list and each token's place in the match.
    let ranges = pass.token_ranges(pass.hits.iter().map(|h| (h.start, h.end)));
    for (hit, range) in pass.hits.iter().zip(ranges) {
        let Some(p) = gaz.pattern(hit.pattern) else {
            continue;
        };
        let list = match p.entity {
            Some((kind, _, source)) => match (source, kind) {
                (Source::Curated, EntityKind::Person) => GazList::CuratedPerson,
                (Source::Curated, EntityKind::Org) => GazList::CuratedOrg,
                (Source::Curated, EntityKind::Norp) => GazList::CuratedGroup,
                (Source::Curated, _) => GazList::CuratedPlace,
                (Source::Country, _) => GazList::Country,
                (Source::Demonym, _) => GazList::Nationality,
                (Source::City, _) => GazList::City,
                (Source::Region, _) => GazList::Region,
            },
            None if hit.capitalised => GazList::Title,
            None => GazList::Cue,
        };
        let len = range.len();
        for (k, i) in range.enumerate() {
            if let Some(slot) = info.get_mut(i) {
                slot.gaz = gaz_code(list, hit.lower, k, len);
            }
        }
    }
    // The date patterns and the rule stages.
    for c in pass.cands.iter().filter(|c| !c.dead) {
        let range = c.tokens();
        let len = range.len();
        let kind = match (c.origin, c.kind) {
            (Origin::Pattern, _) | (_, EntityKind::Date) => 5,
            (_, EntityKind::Person) => 1,
            (_, EntityKind::Org) => 2,
            (_, EntityKind::Loc) => 3,
            (_, EntityKind::Norp) => 4,
        };
        for (k, i) in range.enumerate() {
            if let Some(slot) = info.get_mut(i) {
                slot.rule = rule_code(kind, k, len);
                if kind == 5 {
                    slot.lex |= LEX_DATE;
                }
            }
        }
    }
    let candidate = candidates(pass, &info);
    // Word lists, for the candidates and their neighbours.
    let mut folded = String::new();
    for (i, slot) in info.iter_mut().enumerate() {
        let near = (i.saturating_sub(1)..(i + 2).min(n)).any(|j| candidate[j]);
        if !near || !pass.is(i, WORD) {
            continue;
        }
        fold_into(pass.word(i), &mut folded);
        if gaz.is_first_name(&folded) {
            slot.lex |= LEX_FIRST_NAME;
        }
        if gaz.is_stopword(&folded) {
            slot.lex |= LEX_STOPWORD;
        }
    }
    let features = TextFeatures::new(pass.text, &pass.tokens, &mut info, &candidate);
    Observation {
        info,
        candidate,
        features,
    }
}

/// Which tokens the model looks at (see the module's comment).
fn candidates(pass: &Pass, info: &[TokenInfo]) -> Vec<bool> {
    let n = pass.tokens.len();
    let upper: Vec<bool> = (0..n)
        .map(|i| {
            let t = &pass.tokens[i];
            t.is(WORD) && has_upper(t.text(pass.text), t)
        })
        .collect();
    let mut out: Vec<bool> = (0..n)
        .map(|i| {
            let gazetteer_name = names_something(info[i].gaz);
            let particle = pass.is(i, LOWER)
                && PARTICLES.contains(&pass.word(i))
                && (pass.word(i + 1) == "-" || upper.get(i + 1).copied().unwrap_or(false));
            upper[i] || gazetteer_name || particle
        })
        .collect();
    // Short words between candidates: "of", "and", "de", "-", "&".
    for i in 1..n.saturating_sub(1) {
        if !out[i] && out[i - 1] && upper[i + 1] && pass.word(i).len() <= 4 {
            out[i] = true;
        }
    }
    out
}

/// Runs of consecutive candidate tokens.
pub fn segments(candidate: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &c) in candidate.iter().enumerate() {
        match (c, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..candidate.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_runs_of_candidates() {
        assert_eq!(segments(&[false, true, true, false, true]), [1..3, 4..5]);
        assert!(segments(&[]).is_empty());
    }
}

//! Applying an [`EntityDictionary`] during a recognition pass.
//!
//! "Always" phrases are found first (one small Aho-Corasick automaton over the folded text,
//! built per call: a dictionary has tens of phrases, not thousands) and claim their tokens
//! before any other stage. "Never" phrases and aliases are applied to the final candidates.

use aho_corasick::{AhoCorasickBuilder, MatchKind};

use super::dictionary::{EntityDictionary, PhraseRule};
use super::fold::fold;
use super::model::{EntityKind, Origin};
use super::pipeline::{Cand, Pass};

/// Occurrences (original byte ranges, on word boundaries) of `phrases` in the pass's text,
/// with the index of the phrase.
fn occurrences(pass: &Pass, phrases: &[String]) -> Vec<(usize, usize, usize)> {
    let Ok(ac) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let folded = pass.folded();
    for m in ac.find_iter(folded.as_str()) {
        let (s, e) = (folded.original(m.start()), folded.original(m.end()));
        let before = pass.text.get(..s).and_then(|t| t.chars().next_back());
        let after = pass.text.get(e..).and_then(|t| t.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push((s, e, m.pattern().as_usize()));
        }
    }
    out
}

/// Stage 0: "always" phrases claim their tokens.
pub fn always(pass: &mut Pass, dict: &EntityDictionary) {
    let rules: Vec<(String, EntityKind, &str)> = dict
        .phrases
        .iter()
        .filter_map(|e| match e.rule {
            PhraseRule::Always(kind) => Some((fold(&e.phrase), kind, e.phrase.as_str())),
            PhraseRule::Never => None,
        })
        .collect();
    if rules.is_empty() {
        return;
    }
    let folded: Vec<String> = rules.iter().map(|r| r.0.clone()).collect();
    for (start, end, i) in occurrences(pass, &folded) {
        let Some((_, kind, phrase)) = rules.get(i) else {
            continue;
        };
        let key = dict.canonical(phrase).unwrap_or(phrase).to_owned();
        pass.try_add(Cand::new(start, end, *kind, key, Origin::User));
    }
}

/// Last stage: drop "never" phrases, apply aliases (rekey, and tag free occurrences when
/// the canonical entity's kind is known from this text or from an "always" rule).
pub fn finish(pass: &mut Pass, dict: &EntityDictionary) {
    let never: Vec<String> = dict
        .phrases
        .iter()
        .filter(|e| e.rule == PhraseRule::Never)
        .map(|e| fold(&e.phrase))
        .collect();
    if !never.is_empty() {
        for c in 0..pass.cands.len() {
            let Some(cand) = pass.cands.get(c) else {
                continue;
            };
            let text = fold(pass.text.get(cand.start..cand.end).unwrap_or(""));
            if !cand.dead && never.contains(&text) {
                pass.remove(c);
            }
        }
    }
    if dict.aliases.is_empty() {
        return;
    }
    for cand in pass.cands.iter_mut().filter(|c| !c.dead) {
        if let Some(canonical) = dict.canonical(pass.text.get(cand.start..cand.end).unwrap_or("")) {
            cand.key = canonical.to_owned();
        }
    }
    let aliases: Vec<String> = dict.aliases.iter().map(|a| fold(&a.alias)).collect();
    for (start, end, i) in occurrences(pass, &aliases) {
        let Some(entry) = dict.aliases.get(i) else {
            continue;
        };
        let canonical = fold(&entry.canonical);
        let kind = pass
            .cands
            .iter()
            .find(|c| !c.dead && fold(&c.key) == canonical)
            .map(|c| c.kind)
            .or_else(|| match dict.rule(&entry.canonical) {
                Some(PhraseRule::Always(kind)) => Some(kind),
                _ => None,
            });
        if let Some(kind) = kind {
            pass.try_add(Cand::new(
                start,
                end,
                kind,
                entry.canonical.clone(),
                Origin::User,
            ));
        }
    }
}

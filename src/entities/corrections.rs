//! Applying an [`EntityDictionary`] at the end of a recognition pass.
//!
//! Every rule acts on mentions whose whole span is its phrase (and, for a rule made from an
//! entity of the index, whose kind is that entity's): never on a longer name containing
//! it, so a correction of "ISIL" leaves "Counter ISIL Coalition" alone. "Always" phrases
//! also tag their occurrences that no name covers, or that only shorter or overlapping
//! names cover ("Tartus naval base" over "Tartus"): one small Aho-Corasick automaton over
//! the folded text, built per call (a dictionary has tens of phrases, not thousands).
//!
//! The order, in [`super::Recognizer`]: "always" phrases for any kind first ([`tag_always`]),
//! so that the place stages see them as the user's; then the rules on the name
//! ([`finish`]), once the place stages have settled each mention's kind (an organisation
//! rule acts on what the index shows as the organisation, not on the model's first reading
//! of a name the place stages make a place); then places are linked; then the rules made
//! from a place entity linked to a gazetteer entry (`place`), which act only on the
//! mentions linked to that entry ([`finish_places`], "Paris" renamed as Paris, France leaves
//! Paris, Texas alone). The corpus's prior reads a place again after that and applies the
//! same rules to what it reads ([`place_rules_for`]).

use std::collections::HashMap;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

use super::dictionary::{AliasEntry, EntityDictionary, PhraseEntry, PhraseRule};
use super::fold::{Folded, fold};
use super::model::{Detail, EntityKind, Origin};
use super::pipeline::{Cand, Pass};

/// Occurrences (original byte ranges, on word boundaries) of `phrases` in the pass's text,
/// with the index of the phrase.
fn occurrences(pass: &Pass, phrases: &[String]) -> Vec<(usize, usize, usize)> {
    occurrences_in(pass.text, pass.folded(), phrases)
}

/// Occurrences (byte ranges of `text`, on word boundaries) of the folded `phrases` in
/// `text`, whose folded form is `folded`, with the index of the phrase: where an alias or
/// an "always" rule tags a name.
pub(super) fn occurrences_in(
    text: &str,
    folded: &Folded,
    phrases: &[String],
) -> Vec<(usize, usize, usize)> {
    let Ok(ac) = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(phrases)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in ac.find_iter(folded.as_str()) {
        let (s, e) = (folded.original(m.start()), folded.original(m.end()));
        let before = text.get(..s).and_then(|t| t.chars().next_back());
        let after = text.get(e..).and_then(|t| t.chars().next());
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            out.push((s, e, m.pattern().as_usize()));
        }
    }
    out
}

/// Tags the "always" phrases made for any kind (before the place stages, which leave the
/// user's mentions alone).
pub fn tag_always(pass: &mut Pass, dict: &EntityDictionary) {
    if dict.phrases.is_empty() {
        return;
    }
    always(pass, dict);
}

/// Once the place stages have settled the kinds: corrects each mention spelled as a rule's
/// phrase (see [`correct`]), then tags free occurrences of aliases whose entity's kind is
/// known.
pub fn finish(pass: &mut Pass, dict: &EntityDictionary) {
    if dict.is_empty() {
        return;
    }
    // Folded once: every candidate is compared with every rule.
    let mut by_span: HashMap<String, Rules> = HashMap::new();
    for e in dict.phrases.iter().filter(|e| e.place.is_none()) {
        by_span
            .entry(spelled(e.phrase.trim()))
            .or_default()
            .0
            .push(e);
    }
    for e in dict.aliases.iter().filter(|e| e.place.is_none()) {
        by_span
            .entry(spelled(e.alias.trim()))
            .or_default()
            .1
            .push(e);
    }
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c).filter(|c| !c.dead) else {
            continue;
        };
        let Some(rules) = by_span.get(&spelled(pass.text.get(cand.start..cand.end).unwrap_or("")))
        else {
            continue;
        };
        let corrected = correct(rules, cand.kind);
        apply_correction(pass, c, corrected);
    }
    free_aliases(pass, dict);
}

/// After places are linked: corrects each mention linked to a gazetteer entry that a rule
/// or an alias for that entry is spelled as (as [`finish`] does for rules on the name). A
/// dictionary without such rules costs one scan of its entries.
pub fn finish_places(pass: &mut Pass, dict: &EntityDictionary) {
    if !dict.has_place_scoped() {
        return;
    }
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c).filter(|c| !c.dead) else {
            continue;
        };
        let Some(Detail::Place(link)) = cand.detail.as_deref() else {
            continue;
        };
        let text = pass.text.get(cand.start..cand.end).unwrap_or("");
        let Some(corrected) = place_rules_for(dict, text, cand.kind, link.geonameid) else {
            continue;
        };
        apply_correction(pass, c, corrected);
    }
}

/// What the rules made for the gazetteer entry `geonameid` make of a mention written `text`
/// of kind `was` linked to it: `None` when no such rule is spelled so, else as
/// [`correct`] (`Some(None)`: no entity). A place made another kind meets the rules for the
/// name of that kind, as the user made them after ("not an entity" on the organisation it
/// became).
pub(super) fn place_rules_for<'d>(
    dict: &'d EntityDictionary,
    text: &str,
    was: EntityKind,
    geonameid: u32,
) -> Option<Option<(EntityKind, Option<&'d str>)>> {
    let spelled_as = spelled(text);
    let at = |phrase: &str, place: Option<u32>| {
        place == Some(geonameid) && spelled(phrase.trim()) == spelled_as
    };
    let rules: Rules = (
        dict.phrases
            .iter()
            .filter(|e| at(&e.phrase, e.place))
            .collect(),
        dict.aliases
            .iter()
            .filter(|e| at(&e.alias, e.place))
            .collect(),
    );
    if rules.0.is_empty() && rules.1.is_empty() {
        return None;
    }
    Some(correct(&rules, was).and_then(|(kind, key)| {
        if kind == was {
            return Some((kind, key));
        }
        let named: Rules = (
            named(&dict.phrases, text, |e| (&e.phrase, e.place)),
            named(&dict.aliases, text, |e| (&e.alias, e.place)),
        );
        let (kind, then) = correct(&named, kind)?;
        Some((kind, then.or(key)))
    }))
}

/// The entries of `list` for the name alone (no gazetteer entry) spelled as `text`.
fn named<'d, E>(
    list: &'d [E],
    text: &str,
    phrase: impl Fn(&E) -> (&String, Option<u32>),
) -> Vec<&'d E> {
    let text = spelled(text);
    list.iter()
        .filter(|e| {
            let (p, place) = phrase(e);
            place.is_none() && spelled(p.trim()) == text
        })
        .collect()
}

/// A mention's text as rules compare it: folded, its runs of whitespace one space (a name
/// broken across lines is the name).
pub(super) fn spelled(text: &str) -> String {
    if text.chars().any(|c| c.is_whitespace() && c != ' ') || text.contains("  ") {
        fold(&text.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        fold(text)
    }
}

/// The phrase rules and aliases spelled as one mention.
type Rules<'d> = (Vec<&'d PhraseEntry>, Vec<&'d AliasEntry>);

/// A correction applied to candidate `c`: removed (`None`), or given the rule's key and
/// kind; a change of kind drops what the old kind knew (a place's link goes with it).
fn apply_correction(pass: &mut Pass, c: usize, corrected: Option<(EntityKind, Option<&str>)>) {
    let Some((kind, key)) = corrected else {
        pass.remove(c);
        return;
    };
    let Some(cand) = pass.cands.get_mut(c) else {
        return;
    };
    if let Some(key) = key {
        cand.key = key.to_owned();
    }
    if kind != cand.kind {
        cand.kind = kind;
        cand.origin = Origin::User;
        cand.detail = None;
    }
}

/// What the rules spelled as a mention of `kind` make of it: `None` when it is no
/// entity, else its kind and its new key, if any. Corrections follow each other as the
/// user made them, each on the entity the earlier ones left: a place changed into an
/// organisation, then renamed as that organisation, takes both (a rule made for the
/// mention's very kind wins over one for any kind; a change back to a kind already taken
/// ends the chain).
fn correct<'d>(rules: &Rules<'d>, mut kind: EntityKind) -> Option<(EntityKind, Option<&'d str>)> {
    let (phrases, aliases) = rules;
    let applies = |of: Option<EntityKind>, kind: EntityKind| of.is_none_or(|k| k == kind);
    let mut key = None;
    let mut seen = vec![kind];
    loop {
        if let Some(alias) = aliases
            .iter()
            .filter(|e| applies(e.of, kind))
            .max_by_key(|e| e.of.is_some())
        {
            key = Some(alias.canonical.as_str());
        }
        let rule = phrases
            .iter()
            .filter(|e| applies(e.of, kind))
            .max_by_key(|e| e.of.is_some())
            .map(|e| (e.rule, e.of));
        match rule {
            Some((PhraseRule::Never, _)) => return None,
            // "Always" rules for any kind were applied before, by `always`.
            Some((PhraseRule::Always(next), Some(_))) if next != kind => {
                kind = next;
                if seen.contains(&next) {
                    return Some((kind, key));
                }
                seen.push(next);
            }
            _ => return Some((kind, key)),
        }
    }
}

/// "Always" phrases made for any kind: a mention spelled so takes the kind; an occurrence
/// no name covers, or only shorter or overlapping ones, becomes a mention; one inside a
/// longer name is left to that name.
fn always(pass: &mut Pass, dict: &EntityDictionary) {
    let rules: Vec<(String, EntityKind, &str)> = dict
        .phrases
        .iter()
        .filter(|e| e.place.is_none())
        .filter_map(|e| match (e.rule, e.of) {
            (PhraseRule::Always(kind), None) => Some((fold(&e.phrase), kind, e.phrase.as_str())),
            _ => None,
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
        let range = pass.token_range(start, end);
        let covering = range
            .clone()
            .filter_map(|t| pass.owner_index(t))
            .filter(|&c| pass.cands.get(c).is_some_and(|c| !c.dead))
            .collect::<Vec<_>>();
        let longer = covering.iter().any(|&c| {
            pass.cands.get(c).is_some_and(|c| {
                c.start <= start && c.end >= end && (c.start, c.end) != (start, end)
            })
        });
        if longer {
            continue;
        }
        let key = dict
            .canonical_of(phrase, *kind)
            .unwrap_or(phrase)
            .to_owned();
        pass.force_add(range, *kind, key, Origin::User);
    }
}

/// Tags occurrences of aliases that no mention covers, when the canonical entity's kind is
/// known from this text or from an "always" rule on its name.
fn free_aliases(pass: &mut Pass, dict: &EntityDictionary) {
    if dict.aliases.is_empty() {
        return;
    }
    // An alias for one gazetteer entry tags only mentions linked to it.
    let free: Vec<&AliasEntry> = dict.aliases.iter().filter(|a| a.place.is_none()).collect();
    if free.is_empty() {
        return;
    }
    let aliases: Vec<String> = free.iter().map(|a| fold(&a.alias)).collect();
    for (start, end, i) in occurrences(pass, &aliases) {
        let Some(entry) = free.get(i) else {
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
            })
            .filter(|&kind| entry.of.is_none_or(|of| of == kind));
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

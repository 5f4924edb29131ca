//! What a correction of an entity of the index will change, before it is applied: the
//! mentions its rules act on (those of the entity's kind spelled as one of its names), and
//! the occurrences of its names no mention covers that a rename tags as well (its aliases
//! tag them in the documents that name the entity), counted from the entity index and the
//! texts without recognising anything again.

use std::collections::{BTreeSet, HashSet};

use super::corpus_index::{EntityId, EntityIndex, surface_forms_at};
use super::corrections::{occurrences_in, spelled};
use super::fold::{Folded, fold};
use super::model::Mention;
use crate::corpus::Corpus;

/// The mentions a correction of one entity changes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Mentions changed.
    pub mentions: usize,
    /// Documents holding them.
    pub documents: usize,
    /// The names the correction's rules are written for (as the entity is mentioned).
    pub forms: Vec<String>,
    /// Occurrences of those names that no mention covers, in the documents holding the
    /// mentions changed: a rename tags them too.
    pub untagged: usize,
    /// The gazetteer entry the correction's rules are for (a place linked to one), if any; a
    /// place linked to several has a rule per name and entry, and none here.
    pub entry: Option<u32>,
}

/// The mentions a correction (rename, change of kind, merge, not an entity) of `id`
/// changes: every mention of its kind whose whole text is one of its names, whatever
/// entity it is listed under now; never a longer name that contains one. For a place
/// linked to one gazetteer entry, only the mentions linked to it (its rules are for that
/// entry, and tag no occurrence no mention covers).
pub fn correction_reach(index: &EntityIndex, corpus: &Corpus, id: &EntityId) -> Reach {
    // Each name with the entry its rule is for (`None`: the name, linked or not).
    let at = surface_forms_at(index, corpus, id);
    let entry = index.linked_entry(id);
    let by_entry = at.iter().any(|(_, e)| e.is_some());
    let wanted: HashSet<(String, Option<u32>)> = at.iter().map(|(f, e)| (spelled(f), *e)).collect();
    let mut forms: Vec<String> = Vec::new();
    for (f, _) in &at {
        if !forms.iter().any(|g| g.eq_ignore_ascii_case(f)) {
            forms.push(f.clone());
        }
    }
    let mut mentions = 0;
    let mut documents = BTreeSet::new();
    for (path, found) in index.documents_mentions() {
        let Some(doc) = corpus.get(path) else {
            continue;
        };
        for m in found.iter().filter(|m| m.kind == id.kind) {
            let Some(text) = doc.text.slice(m.start..m.end) else {
                continue;
            };
            let linked = if by_entry {
                m.place().map(|p| p.geonameid)
            } else {
                None
            };
            if wanted.contains(&(spelled(text), linked)) {
                mentions += 1;
                documents.insert(path);
            }
        }
    }
    let phrases: Vec<String> = forms.iter().map(|f| fold(f.trim())).collect();
    let untagged = documents
        .iter()
        .filter(|_| !by_entry)
        .filter_map(|path| Some((corpus.get(path)?, index.mentions_of(path)?)))
        .map(|(doc, found)| untagged_in(&doc.text, found, &phrases))
        .sum();
    Reach {
        mentions,
        documents: documents.len(),
        forms,
        untagged,
        entry,
    }
}

/// The occurrences of `phrases` (folded) in `text` that none of its mentions `found`
/// (sorted by position) overlaps.
fn untagged_in(text: &crate::text::DocText, found: &[Mention], phrases: &[String]) -> usize {
    let folded = Folded::new(text.as_str());
    occurrences_in(text.as_str(), &folded, phrases)
        .into_iter()
        .filter_map(|(s, e, _)| text.char_range(s..e))
        .filter(|r| {
            let from = found.partition_point(|m| m.end <= r.start);
            found.get(from).is_none_or(|m| m.start >= r.end)
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EntityKind, Origin};
    use crate::text::{DocText, ParagraphStyle};

    #[test]
    fn occurrences_no_mention_covers_are_counted_apart() {
        let text = DocText::new(
            "ISIL attacked. The Counter ISIL Coalition met; isil again; ISILS no.".into(),
            ParagraphStyle::Lines,
        );
        let found = [
            Mention::new(0, 4, EntityKind::Org, "ISIL".into(), Origin::Rule),
            Mention::new(
                19,
                41,
                EntityKind::Org,
                "Counter ISIL Coalition".into(),
                Origin::Rule,
            ),
        ];
        // "isil" after the semicolon is the only one no mention covers.
        assert_eq!(untagged_in(&text, &found, &["isil".into()]), 1);
    }
}

//! Recognising a corpus again after a change of the entity dictionary, or after more
//! documents arrived, without redoing the documents the change cannot touch.
//!
//! Every rule acts only where its phrase (or alias) occurs in the text: "always" phrases
//! retype mentions spelling them and tag their free occurrences, "never" phrases drop
//! mentions spelling them, aliases rekey and tag their occurrences (with a kind that may come from a rule on their canonical name);
//! a rule or alias for one gazetteer entry is known by its phrase, kind and entry; an order
//! for slashed dates reads the dates written with a "/".
//! So a document whose folded text contains none of the phrases of the rules that changed
//! is recognised exactly as before, and its earlier mentions are reused. The check is
//! conservative (a plain substring search, no word boundaries): it may redo a document that
//! did not need it, never the reverse. A test holds the result to a full recognition.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use aho_corasick::AhoCorasick;

use super::date_value::DateContext;
use super::dictionary::{EntityDictionary, PhraseRule};
use super::fold::{fold, fold_into};
use super::model::{EntityKind, Mention};
use crate::corpus::{ContentHash, Document};

/// What earlier recognitions of the corpus found, document by document.
#[derive(Clone, Debug, Default)]
pub struct PreviousRecognition {
    /// By document path.
    pub documents: HashMap<String, Found>,
}

/// A document's mentions and what they were found with: a cancelled run leaves some
/// documents done with newer rules than others.
#[derive(Clone, Debug)]
pub struct Found {
    /// The hash of the text.
    pub hash: ContentHash,
    /// The rules.
    pub rules: Arc<EntityDictionary>,
    /// The mentions found.
    pub mentions: Arc<Vec<Mention>>,
}

/// Decides, document by document, whether earlier mentions still hold under new rules.
pub(super) struct Reuse<'a> {
    previous: &'a PreviousRecognition,
    /// What changed since each set of earlier rules (by the `Arc`'s address; usually one
    /// or two sets), with the folded names of the place entries that changed.
    changed: Vec<(Arc<EntityDictionary>, Changed, Vec<String>)>,
}

enum Changed {
    Nothing,
    /// The folded phrases of the rules that changed.
    Phrases(AhoCorasick),
    /// Too many phrases for an automaton (never seen in practice): redo every document.
    Everything,
}

impl<'a> Reuse<'a> {
    pub(super) fn new(previous: &'a PreviousRecognition, rules: &EntityDictionary) -> Self {
        let mut changed: Vec<(Arc<EntityDictionary>, Changed, Vec<String>)> = Vec::new();
        for found in previous.documents.values() {
            if changed.iter().any(|(r, _, _)| Arc::ptr_eq(r, &found.rules)) {
                continue;
            }
            let phrases = changed_phrases(&found.rules, rules);
            let what = if phrases.is_empty() {
                Changed::Nothing
            } else {
                AhoCorasick::new(&phrases).map_or(Changed::Everything, Changed::Phrases)
            };
            changed.push((
                found.rules.clone(),
                what,
                changed_places(&found.rules, rules),
            ));
        }
        Self { previous, changed }
    }

    /// The earlier mentions of `doc`, if they are what recognising it now would give.
    pub(super) fn reusable(&self, doc: &Document) -> Option<Arc<Vec<Mention>>> {
        let found = self.previous.documents.get(&doc.path)?;
        if found.hash != doc.hash || !fits(&found.mentions, doc.text.char_len()) {
            return None;
        }
        // Relative dates were resolved against the document's date of then.
        let context = DateContext::of_document(doc);
        if !DateContext::agrees_with(context.as_ref(), &found.mentions) {
            return None;
        }
        let (_, changed, places) = self
            .changed
            .iter()
            .find(|(r, _, _)| Arc::ptr_eq(r, &found.rules))?;
        // A place entry acts on the place entity of its name, whatever the text calls it
        // ("UK" for "United Kingdom").
        if !places.is_empty()
            && found.mentions.iter().any(|m| {
                let key = fold(m.key.trim());
                let base = key.split(',').next().unwrap_or(&key).trim();
                m.kind == super::EntityKind::Loc && places.iter().any(|p| *p == key || p == base)
            })
        {
            return None;
        }
        match changed {
            Changed::Nothing => {}
            Changed::Everything => return None,
            Changed::Phrases(changed) => {
                let mut folded = String::new();
                fold_into(doc.text.as_str(), &mut folded);
                if changed.is_match(&folded) {
                    return None;
                }
            }
        }
        Some(found.mentions.clone())
    }
}

/// The folded names of the place entries that differ between `old` and `new`, with the
/// names they qualify ("paris, texas" and "paris").
fn changed_places(old: &EntityDictionary, new: &EntityDictionary) -> Vec<String> {
    let mut out = Vec::new();
    for (a, b) in [(old, new), (new, old)] {
        for e in &a.places {
            if b.place(&e.name) != Some(e.place) {
                let name = fold(e.name.trim());
                let base = name.split(',').next().unwrap_or(&name).trim().to_owned();
                out.push(name);
                out.push(base);
            }
        }
    }
    out
}

/// True when every mention is a non-empty span of a text of `chars` chars. Mentions
/// recognised in the text always are; earlier mentions come from the cache file, whose
/// checksum tells damage, not forgery: a file made to hold spans past the end of a text
/// with a known hash must not reach the views that slice the text with them.
fn fits(mentions: &[Mention], chars: usize) -> bool {
    mentions.iter().all(|m| m.start < m.end && m.end <= chars)
}

/// The folded phrases and aliases whose occurrences a change of rules from `old` to `new`
/// can affect (sorted, without duplicates or blanks).
pub fn changed_phrases(old: &EntityDictionary, new: &EntityDictionary) -> Vec<String> {
    // Rules are matched folded, but their spelling is what mentions are keyed by ("always"
    // phrases key their mentions as written, aliases key theirs by the canonical name as
    // written): a rule counts as changed when any of that differs.
    // A rule is known by its folded phrase, the kind it is made for and the gazetteer
    // entry it is made for (Paris, France or Paris, Texas).
    type Key = (String, Option<EntityKind>, Option<u32>);
    let phrase_rules = |d: &EntityDictionary| -> HashMap<Key, (String, PhraseRule)> {
        d.phrases
            .iter()
            .map(|e| {
                let key = (fold(e.phrase.trim()), e.of, e.place);
                (key, (e.phrase.trim().to_owned(), e.rule))
            })
            .collect()
    };
    let alias_rules = |d: &EntityDictionary| -> HashMap<Key, (String, String)> {
        d.aliases
            .iter()
            .map(|e| {
                let written = (e.alias.trim().to_owned(), e.canonical.trim().to_owned());
                ((fold(e.alias.trim()), e.of, e.place), written)
            })
            .collect()
    };
    let (old_phrases, new_phrases) = (phrase_rules(old), phrase_rules(new));
    let (old_aliases, new_aliases) = (alias_rules(old), alias_rules(new));
    let mut changed: HashSet<String> = HashSet::new();
    for (a, b) in [(&old_phrases, &new_phrases), (&new_phrases, &old_phrases)] {
        changed.extend(
            a.iter()
                .filter(|(phrase, rule)| b.get(*phrase) != Some(rule))
                .map(|((phrase, _, _), _)| phrase.clone()),
        );
    }
    for (a, b) in [(&old_aliases, &new_aliases), (&new_aliases, &old_aliases)] {
        changed.extend(
            a.iter()
                .filter(|(alias, written)| b.get(*alias) != Some(written))
                .map(|((alias, _, _), _)| alias.clone()),
        );
    }
    // A place entry acts on the mentions of its name, written before any qualifier the
    // linking added ("Paris" for "Paris, Texas").
    let place_rules = |d: &EntityDictionary| -> HashMap<String, (String, Option<u32>)> {
        d.places
            .iter()
            .map(|e| (fold(e.name.trim()), (e.name.trim().to_owned(), e.place)))
            .collect()
    };
    let (old_places, new_places) = (place_rules(old), place_rules(new));
    for (a, b) in [(&old_places, &new_places), (&new_places, &old_places)] {
        changed.extend(
            a.iter()
                .filter(|(name, rule)| b.get(*name) != Some(rule))
                .map(|(name, _)| name.split(',').next().unwrap_or(name).trim().to_owned()),
        );
    }
    // An alias takes its kind from a rule on its canonical name: when that rule changed,
    // the alias's occurrences are affected too.
    for aliases in [&old_aliases, &new_aliases] {
        let affected: Vec<String> = aliases
            .iter()
            .filter(|(_, (_, canonical))| changed.contains(&fold(canonical)))
            .map(|((alias, _, _), _)| alias.clone())
            .collect();
        changed.extend(affected);
    }
    // An order for slashed dates acts on the dates written with a slash ("10/06/2014"): a
    // document without one is recognised as before (conservative: any "/" counts).
    let orders = |d: &EntityDictionary| -> HashMap<Option<String>, super::SlashOrder> {
        d.slash_orders
            .iter()
            .map(|e| (e.document.clone(), e.order))
            .collect()
    };
    if orders(old) != orders(new) {
        changed.insert("/".to_owned());
    }
    let mut out: Vec<String> = changed
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{EntityKind, Origin, Recognizer, recognize_corpus_again};

    #[test]
    fn earlier_mentions_outside_the_text_are_not_reused() {
        let text = "Putin met Assad in Moscow.";
        let doc = Arc::new(Document::from_plain_text("a.txt", text));
        let corpus = crate::corpus::Corpus {
            documents: vec![doc.clone()],
            ..Default::default()
        };
        let forged = |start, end| {
            Mention::new(
                start,
                end,
                EntityKind::Loc,
                "Moscow".to_owned(),
                Origin::Gazetteer,
            )
        };
        let rules = EntityDictionary::default();
        for bad in [forged(19, 1_000), forged(5, 5), forged(30, 31)] {
            let previous = PreviousRecognition {
                documents: HashMap::from([(
                    "a.txt".to_owned(),
                    Found {
                        hash: doc.hash.clone(),
                        rules: Arc::new(rules.clone()),
                        mentions: Arc::new(vec![bad.clone()]),
                    },
                )]),
            };
            let recognizer = Recognizer::shared();
            let index = recognize_corpus_again(
                recognizer,
                &corpus,
                &rules,
                &previous,
                &|_, _| {},
                &std::sync::atomic::AtomicBool::new(false),
            )
            .expect("not cancelled");
            let mentions = index.mentions_of("a.txt").expect("recognised");
            assert!(!mentions.contains(&bad), "{bad:?} was reused");
            assert_eq!(
                **mentions,
                recognizer.recognize_with(doc.text.as_str(), &rules)
            );
        }
    }

    #[test]
    fn only_the_phrases_of_changed_rules_count() {
        let mut old = EntityDictionary::default();
        old.always("Hmeimim", EntityKind::Loc);
        old.never("Coalition");
        old.set_alias("Jolani", "Ahmed al-Sharaa");
        assert!(changed_phrases(&old, &old.clone()).is_empty());

        let mut new = old.clone();
        new.always("Ţarţūs naval base", EntityKind::Loc);
        assert_eq!(changed_phrases(&old, &new), vec![fold("Tartus naval base")]);

        let mut new = old.clone();
        new.remove_rule("coalition");
        new.set_alias("JOLANI", "Abu Mohammed al-Jolani");
        assert_eq!(
            changed_phrases(&old, &new),
            vec![fold("coalition"), fold("jolani")]
        );

        // A change of spelling alone changes how mentions are keyed.
        let mut new = old.clone();
        new.always("HMEIMIM", EntityKind::Loc);
        assert_eq!(changed_phrases(&old, &new), vec![fold("hmeimim")]);
        let mut new = old.clone();
        new.set_alias("Jolani", "Ahmed Al-Sharaa");
        assert_eq!(changed_phrases(&old, &new), vec![fold("jolani")]);

        // A place entry reaches the mentions of the name it qualifies.
        let mut linked = new.clone();
        linked.set_place("Paris, Texas", None);
        assert_eq!(changed_phrases(&new, &linked), vec![fold("paris")]);
        // A rule on a canonical name reaches its aliases.
        let mut new = old.clone();
        new.always("Ahmed al-Sharaa", EntityKind::Person);
        assert_eq!(
            changed_phrases(&old, &new),
            vec![fold("ahmed al-sharaa"), fold("jolani")]
        );
        // A rule made for one kind is a rule of its own beside the one for any kind.
        let mut new = old.clone();
        new.set_rule_of("Hmeimim", Some(EntityKind::Loc), PhraseRule::Never);
        new.set_alias_of("Coalition", Some(EntityKind::Org), "Global Coalition");
        assert_eq!(
            changed_phrases(&old, &new),
            vec![fold("coalition"), fold("hmeimim")]
        );
        assert!(changed_phrases(&new, &new.clone()).is_empty());
        // An order for slashed dates reaches the texts holding a slash.
        let mut ordered = new.clone();
        ordered.set_slash_order(Some("a.txt"), Some(crate::entities::SlashOrder::DayFirst));
        assert_eq!(changed_phrases(&new, &ordered), vec!["/".to_owned()]);
        assert!(changed_phrases(&ordered, &ordered.clone()).is_empty());
        // A rule for one place entry is a rule of its own beside the one for the name,
        // and a rule moved to another entry is a change.
        let loc = Some(EntityKind::Loc);
        let mut paris = old.clone();
        paris.set_rule_of("Paris", loc, PhraseRule::Never);
        let mut france = paris.clone();
        france.set_rule_at("Paris", loc, Some(2_988_507), PhraseRule::Never);
        assert_eq!(changed_phrases(&paris, &france), vec![fold("paris")]);
        let mut texas = france.clone();
        texas.remove_rule_at("Paris", loc, Some(2_988_507));
        texas.set_rule_at("Paris", loc, Some(4_717_560), PhraseRule::Never);
        assert_eq!(changed_phrases(&france, &texas), vec![fold("paris")]);
        let mut renamed = paris.clone();
        renamed.set_alias_at("Paris", loc, Some(2_988_507), "Paris (capital)");
        assert_eq!(changed_phrases(&paris, &renamed), vec![fold("paris")]);
        assert!(changed_phrases(&renamed, &renamed.clone()).is_empty());
    }
}

//! The user's entity dictionary: corrections that apply in every document of a project.
//!
//! Five kinds of rule: "always tag PHRASE as KIND", "never tag PHRASE", "ALIAS is the
//! entity CANONICAL", "the place NAME is this gazetteer entry (or none)", and "read
//! slashed dates day first / month first" in one document or in every document. Phrases are
//! compared case- and diacritic-folded ("ţarţūs" == "Tartus") and matched on word
//! boundaries. A rule acts on mentions whose whole span is its phrase, never on a longer
//! name that contains it ("ISIL" is not "Counter ISIL Coalition"); a rule made from an
//! entity of the index also names that entity's kind (`of`), and acts only on mentions of
//! that kind ("Jordan" the person, not the country); one made from a place entity linked to
//! a gazetteer entry also names that entry (`place`), and acts only on mentions linked to
//! it (Paris, France, not Paris, Texas). The dictionary is plain data (saved in the
//! project file by the caller); every change returns what it replaced, so an undoable
//! command can put it back. [`super::Recognizer::recognize_with`] applies it on top of
//! the recogniser.

use serde::{Deserialize, Serialize};

use super::fold::fold;
use super::model::{EntityKind, SlashOrder};

/// What to do with a phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhraseRule {
    /// Tag every occurrence as this kind, whatever the recogniser says.
    Always(EntityKind),
    /// Never tag a mention whose text is exactly this phrase.
    Never,
}

/// One phrase rule, with the phrase as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhraseEntry {
    /// The phrase as the user wrote it.
    pub phrase: String,
    /// What to do with it.
    pub rule: PhraseRule,
    /// Only mentions of this kind (the entity the user corrected); `None`: any mention
    /// spelled so, and for "always", occurrences that no longer name covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<EntityKind>,
    /// Only mentions linked to this gazetteer entry (the place entity the user corrected);
    /// `None`: linked or not. Applied once places are linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<u32>,
}

/// "`alias` refers to the entity `canonical`".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AliasEntry {
    /// The other name.
    pub alias: String,
    /// The entity's canonical name.
    pub canonical: String,
    /// Only mentions of this kind (`None`: of any kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<EntityKind>,
    /// Only mentions linked to this gazetteer entry (`None`: linked or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<u32>,
}

/// "The place `name` is the gazetteer entry `place`" (`None`: no entry, a place without
/// coordinates). `name` is the entity's name as the index shows it: "Paris" for every Paris
/// not otherwise qualified, "Paris, Texas" for the ones read as that.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceEntry {
    /// The place's name.
    pub name: String,
    /// Its GeoNames id (or Dossier's own id), `None` for no entry.
    pub place: Option<u32>,
}

/// "Read slashed dates ("10/06/2014") in this order" in the document at `document` (its
/// path), or in every document whose own dates do not show the order (`None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlashOrderEntry {
    /// The document's path, relative to the corpus folder; `None`: the project's rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The order.
    pub order: SlashOrder,
}

/// A project's entity corrections.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EntityDictionary {
    /// At most one rule per folded phrase and kind, in the order they were added.
    #[serde(default)]
    pub phrases: Vec<PhraseEntry>,
    /// At most one canonical name per folded alias and kind.
    #[serde(default)]
    pub aliases: Vec<AliasEntry>,
    /// At most one entry per folded place name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceEntry>,
    /// At most one order per document, and one for the project.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slash_orders: Vec<SlashOrderEntry>,
}

impl EntityDictionary {
    /// True when the dictionary has no rule at all.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
            && self.aliases.is_empty()
            && self.places.is_empty()
            && self.slash_orders.is_empty()
    }

    /// "Read slashed dates in `order`" in the document `document` (`None`: in every
    /// document whose dates do not show it), or forget that rule (`order` `None`); returns
    /// the entry it replaced or removed.
    pub fn set_slash_order(
        &mut self,
        document: Option<&str>,
        order: Option<SlashOrder>,
    ) -> Option<SlashOrderEntry> {
        let at = self
            .slash_orders
            .iter()
            .position(|e| e.document.as_deref() == document);
        match (at, order) {
            (Some(at), Some(order)) => {
                let entry = SlashOrderEntry {
                    document: document.map(str::to_owned),
                    order,
                };
                self.slash_orders
                    .get_mut(at)
                    .map(|old| std::mem::replace(old, entry))
            }
            (Some(at), None) => Some(self.slash_orders.remove(at)),
            (None, Some(order)) => {
                self.slash_orders.push(SlashOrderEntry {
                    document: document.map(str::to_owned),
                    order,
                });
                None
            }
            (None, None) => None,
        }
    }

    /// The user's order for the document `document` (`None`: the project's rule), without
    /// falling back from one to the other.
    pub fn slash_order(&self, document: Option<&str>) -> Option<SlashOrder> {
        self.slash_orders
            .iter()
            .find(|e| e.document.as_deref() == document)
            .map(|e| e.order)
    }

    /// "The place `name` is `place`"; returns the entry it replaced. A blank name is ignored.
    pub fn set_place(&mut self, name: &str, place: Option<u32>) -> Option<PlaceEntry> {
        let name = name.trim();
        let key = fold(name);
        if key.trim().is_empty() {
            return None;
        }
        let entry = PlaceEntry {
            name: name.to_owned(),
            place,
        };
        match self.places.iter_mut().find(|e| fold(&e.name) == key) {
            Some(old) => Some(std::mem::replace(old, entry)),
            None => {
                self.places.push(entry);
                None
            }
        }
    }

    /// Forgets the place entry for `name` (compared folded) and returns it.
    pub fn remove_place(&mut self, name: &str) -> Option<PlaceEntry> {
        let key = fold(name.trim());
        let at = self.places.iter().position(|e| fold(&e.name) == key)?;
        Some(self.places.remove(at))
    }

    /// The entry the user linked the place `name` to (compared folded): `Some(None)` for
    /// none, `None` when there is no rule.
    pub fn place(&self, name: &str) -> Option<Option<u32>> {
        let key = fold(name.trim());
        self.places
            .iter()
            .find(|e| fold(&e.name) == key)
            .map(|e| e.place)
    }

    /// Sets the rule for `phrase` (mentions of any kind) and returns the rule it replaced
    /// (with the phrase as it was written then), if any. A phrase that folds to nothing
    /// (blank) is ignored and returns `None`.
    pub fn set_rule(&mut self, phrase: &str, rule: PhraseRule) -> Option<PhraseEntry> {
        self.set_rule_of(phrase, None, rule)
    }

    /// Sets the rule for `phrase` spelling a mention of kind `of` (any kind: `None`);
    /// returns the rule it replaced.
    pub fn set_rule_of(
        &mut self,
        phrase: &str,
        of: Option<EntityKind>,
        rule: PhraseRule,
    ) -> Option<PhraseEntry> {
        self.set_rule_at(phrase, of, None, rule)
    }

    /// Sets the rule for `phrase` spelling a mention of kind `of` linked to the gazetteer
    /// entry `place` (`None`: linked or not); returns the rule it replaced. A rule for one
    /// entry stands beside the rule for the name and the rules for other entries.
    pub fn set_rule_at(
        &mut self,
        phrase: &str,
        of: Option<EntityKind>,
        place: Option<u32>,
        rule: PhraseRule,
    ) -> Option<PhraseEntry> {
        let phrase = phrase.trim();
        let key = fold(phrase);
        if key.trim().is_empty() {
            return None;
        }
        let entry = PhraseEntry {
            phrase: phrase.to_owned(),
            rule,
            of,
            place,
        };
        match self
            .phrases
            .iter_mut()
            .find(|e| e.of == of && e.place == place && fold(&e.phrase) == key)
        {
            Some(old) => Some(std::mem::replace(old, entry)),
            None => {
                self.phrases.push(entry);
                None
            }
        }
    }

    /// "Always tag `phrase` as `kind`"; returns the replaced rule.
    pub fn always(&mut self, phrase: &str, kind: EntityKind) -> Option<PhraseEntry> {
        self.set_rule(phrase, PhraseRule::Always(kind))
    }

    /// "Never tag `phrase`"; returns the replaced rule.
    pub fn never(&mut self, phrase: &str) -> Option<PhraseEntry> {
        self.set_rule(phrase, PhraseRule::Never)
    }

    /// Removes the rule for `phrase` (compared folded, of any kind) and returns it.
    pub fn remove_rule(&mut self, phrase: &str) -> Option<PhraseEntry> {
        self.remove_rule_of(phrase, None)
    }

    /// Removes the rule for `phrase` spelling a mention of kind `of` and returns it.
    pub fn remove_rule_of(&mut self, phrase: &str, of: Option<EntityKind>) -> Option<PhraseEntry> {
        self.remove_rule_at(phrase, of, None)
    }

    /// Removes the rule for `phrase` spelling a mention of kind `of` linked to `place` and
    /// returns it.
    pub fn remove_rule_at(
        &mut self,
        phrase: &str,
        of: Option<EntityKind>,
        place: Option<u32>,
    ) -> Option<PhraseEntry> {
        let key = fold(phrase.trim());
        let at = self
            .phrases
            .iter()
            .position(|e| e.of == of && e.place == place && fold(&e.phrase) == key)?;
        Some(self.phrases.remove(at))
    }

    /// The rule for `phrase` (compared folded) made for mentions of any kind.
    pub fn rule(&self, phrase: &str) -> Option<PhraseRule> {
        let key = fold(phrase.trim());
        self.phrases
            .iter()
            .find(|e| e.of.is_none() && e.place.is_none() && fold(&e.phrase) == key)
            .map(|e| e.rule)
    }

    /// "`alias` is the entity `canonical`" (mentions of any kind); returns the entry it
    /// replaced. Blank aliases or canonical names are ignored (`None`).
    pub fn set_alias(&mut self, alias: &str, canonical: &str) -> Option<AliasEntry> {
        self.set_alias_of(alias, None, canonical)
    }

    /// "`alias`, a mention of kind `of`, is the entity `canonical`"; returns the entry it
    /// replaced.
    pub fn set_alias_of(
        &mut self,
        alias: &str,
        of: Option<EntityKind>,
        canonical: &str,
    ) -> Option<AliasEntry> {
        self.set_alias_at(alias, of, None, canonical)
    }

    /// "`alias`, a mention of kind `of` linked to the gazetteer entry `place`, is the entity
    /// `canonical`" (`place` `None`: linked or not); returns the entry it replaced.
    pub fn set_alias_at(
        &mut self,
        alias: &str,
        of: Option<EntityKind>,
        place: Option<u32>,
        canonical: &str,
    ) -> Option<AliasEntry> {
        let (alias, canonical) = (alias.trim(), canonical.trim());
        let key = fold(alias);
        if key.trim().is_empty() || canonical.is_empty() {
            return None;
        }
        let entry = AliasEntry {
            alias: alias.to_owned(),
            canonical: canonical.to_owned(),
            of,
            place,
        };
        match self
            .aliases
            .iter_mut()
            .find(|e| e.of == of && e.place == place && fold(&e.alias) == key)
        {
            Some(old) => Some(std::mem::replace(old, entry)),
            None => {
                self.aliases.push(entry);
                None
            }
        }
    }

    /// Removes the alias entry for `alias` (compared folded, of any kind) and returns it.
    pub fn remove_alias(&mut self, alias: &str) -> Option<AliasEntry> {
        self.remove_alias_of(alias, None)
    }

    /// Removes the alias entry for `alias` as a mention of kind `of` and returns it.
    pub fn remove_alias_of(&mut self, alias: &str, of: Option<EntityKind>) -> Option<AliasEntry> {
        self.remove_alias_at(alias, of, None)
    }

    /// Removes the alias entry for `alias` as a mention of kind `of` linked to `place` and
    /// returns it.
    pub fn remove_alias_at(
        &mut self,
        alias: &str,
        of: Option<EntityKind>,
        place: Option<u32>,
    ) -> Option<AliasEntry> {
        let key = fold(alias.trim());
        let at = self
            .aliases
            .iter()
            .position(|e| e.of == of && e.place == place && fold(&e.alias) == key)?;
        Some(self.aliases.remove(at))
    }

    /// True when a rule or an alias acts only on mentions linked to one gazetteer entry.
    pub fn has_place_scoped(&self) -> bool {
        self.phrases.iter().any(|e| e.place.is_some())
            || self.aliases.iter().any(|e| e.place.is_some())
    }

    /// The canonical name `alias` refers to (compared folded), whatever its kind.
    pub fn canonical(&self, alias: &str) -> Option<&str> {
        let key = fold(alias.trim());
        self.aliases
            .iter()
            .find(|e| e.of.is_none() && e.place.is_none() && fold(&e.alias) == key)
            .map(|e| e.canonical.as_str())
    }

    /// The canonical name of a mention spelled `alias` (folded) of kind `kind`: an alias
    /// made for that kind first, else one for any kind (an alias for one place entry
    /// aside: it waits for the mention's link).
    pub fn canonical_of(&self, alias: &str, kind: EntityKind) -> Option<&str> {
        let key = fold(alias.trim());
        let of_kind = |of: Option<EntityKind>| {
            self.aliases
                .iter()
                .find(|e| e.of == of && e.place.is_none() && fold(&e.alias) == key)
        };
        of_kind(Some(kind))
            .or_else(|| of_kind(None))
            .map(|e| e.canonical.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_replace_and_return_what_they_replaced() {
        let mut d = EntityDictionary::default();
        assert_eq!(d.always("Hmeimim", EntityKind::Loc), None);
        let old = d.never("HMEIMIM").expect("replaced");
        assert_eq!(old.phrase, "Hmeimim");
        assert_eq!(old.rule, PhraseRule::Always(EntityKind::Loc));
        assert_eq!(d.rule("hmeimim"), Some(PhraseRule::Never));
        assert_eq!(d.phrases.len(), 1);
        // Undo = put the old entry back.
        d.set_rule(&old.phrase, old.rule);
        assert_eq!(d.rule("Hmeimim"), Some(PhraseRule::Always(EntityKind::Loc)));
        assert!(d.remove_rule("hmeimim").is_some());
        assert!(d.is_empty());
    }

    #[test]
    fn aliases_fold_case_and_diacritics() {
        let mut d = EntityDictionary::default();
        assert_eq!(d.set_alias("Jolani", "Ahmed al-Sharaa"), None);
        assert_eq!(d.canonical("JOLANI"), Some("Ahmed al-Sharaa"));
        let old = d
            .set_alias("jolani", "Abu Mohammed al-Jolani")
            .expect("replaced");
        assert_eq!(old.canonical, "Ahmed al-Sharaa");
        assert_eq!(
            d.remove_alias("Jolani").map(|e| e.canonical),
            Some("Abu Mohammed al-Jolani".into())
        );
        assert!(d.set_alias("  ", "x").is_none() && d.is_empty());
    }

    #[test]
    fn a_rule_for_a_kind_stands_beside_the_rule_for_any_kind() {
        let mut d = EntityDictionary::default();
        d.always("Jordan", EntityKind::Loc);
        assert_eq!(
            d.set_rule_of("JORDAN", Some(EntityKind::Person), PhraseRule::Never),
            None
        );
        assert_eq!(d.phrases.len(), 2);
        assert_eq!(d.rule("jordan"), Some(PhraseRule::Always(EntityKind::Loc)));
        d.set_alias("Jordan", "Hashemite Kingdom of Jordan");
        d.set_alias_of("Jordan", Some(EntityKind::Person), "Michael Jordan");
        assert_eq!(
            d.canonical_of("jordan", EntityKind::Person),
            Some("Michael Jordan")
        );
        assert_eq!(
            d.canonical_of("jordan", EntityKind::Loc),
            Some("Hashemite Kingdom of Jordan")
        );
        assert!(
            d.remove_rule_of("Jordan", Some(EntityKind::Person))
                .is_some()
        );
        assert!(
            d.remove_alias_of("Jordan", Some(EntityKind::Person))
                .is_some()
        );
        assert_eq!((d.phrases.len(), d.aliases.len()), (1, 1));
    }

    #[test]
    fn a_rule_for_a_place_entry_stands_beside_the_rule_for_the_name() {
        let (loc, texas, france) = (Some(EntityKind::Loc), Some(4_717_560), Some(2_988_507));
        let mut d = EntityDictionary::default();
        assert!(!d.has_place_scoped());
        assert_eq!(d.set_rule_at("Paris", loc, france, PhraseRule::Never), None);
        assert_eq!(d.set_rule_at("PARIS", loc, texas, PhraseRule::Never), None);
        assert_eq!(d.set_rule_of("Paris", loc, PhraseRule::Never), None);
        assert_eq!(d.phrases.len(), 3);
        assert!(d.has_place_scoped());
        // Only the rule for the name, whatever its link, is the name's rule.
        assert_eq!(d.rule("paris"), None);
        let old = d
            .set_rule_at("paris", loc, france, PhraseRule::Always(EntityKind::Org))
            .expect("replaced");
        assert_eq!((old.rule, old.place), (PhraseRule::Never, france));
        assert_eq!(
            d.remove_rule_at("Paris", loc, texas).map(|e| e.place),
            Some(texas)
        );
        assert!(d.remove_rule_at("Paris", loc, texas).is_none());
        assert!(d.remove_rule_of("Paris", loc).is_some());
        assert_eq!(d.phrases.len(), 1);

        assert_eq!(
            d.set_alias_at("Paris", loc, france, "Paris (capital)"),
            None
        );
        // An alias for one entry is not the name's canonical name.
        assert_eq!(d.canonical_of("Paris", EntityKind::Loc), None);
        assert_eq!(d.canonical("Paris"), None);
        d.set_alias_of("Paris", loc, "City of Light");
        assert_eq!(
            d.canonical_of("Paris", EntityKind::Loc),
            Some("City of Light")
        );
        assert!(d.remove_alias_at("paris", loc, france).is_some());
        assert_eq!(d.aliases.len(), 1);
    }

    #[test]
    fn place_entries_replace_and_forget() {
        let mut d = EntityDictionary::default();
        assert_eq!(d.place("Madaya"), None);
        assert_eq!(d.set_place("Madaya", Some(167_558)), None);
        assert_eq!(d.place("MADAYA"), Some(Some(167_558)));
        let old = d.set_place("madaya", None).expect("replaced");
        assert_eq!(old.place, Some(167_558));
        assert_eq!(d.place("Madaya"), Some(None));
        assert!(d.remove_place("Madaya").is_some() && d.is_empty());
    }

    #[test]
    fn slash_orders_are_one_per_document_and_one_for_the_project() {
        let mut d = EntityDictionary::default();
        assert_eq!(d.slash_order(None), None);
        assert_eq!(d.set_slash_order(None, Some(SlashOrder::MonthFirst)), None);
        assert_eq!(
            d.set_slash_order(Some("a.txt"), Some(SlashOrder::DayFirst)),
            None
        );
        assert_eq!(d.slash_order(None), Some(SlashOrder::MonthFirst));
        assert_eq!(d.slash_order(Some("a.txt")), Some(SlashOrder::DayFirst));
        assert_eq!(d.slash_order(Some("b.txt")), None, "no fallback here");
        let old = d
            .set_slash_order(Some("a.txt"), Some(SlashOrder::MonthFirst))
            .expect("replaced");
        assert_eq!(old.order, SlashOrder::DayFirst);
        assert_eq!(d.slash_orders.len(), 2);
        let removed = d.set_slash_order(None, None).expect("removed");
        assert_eq!(removed.document, None);
        assert_eq!(d.set_slash_order(None, None), None);
        assert!(d.set_slash_order(Some("a.txt"), None).is_some() && d.is_empty());
    }

    #[test]
    fn round_trips_through_ron() {
        let mut d = EntityDictionary::default();
        d.always("Tartus naval base", EntityKind::Loc);
        d.never("Coalition");
        d.set_alias("Ţarţūs", "Tartus");
        d.set_place("Paris, Texas", Some(2_988_507));
        d.set_place("Madaya", None);
        d.set_slash_order(None, Some(SlashOrder::DayFirst));
        d.set_slash_order(Some("memo.txt"), Some(SlashOrder::MonthFirst));
        d.set_rule_at(
            "Paris",
            Some(EntityKind::Loc),
            Some(2_988_507),
            PhraseRule::Never,
        );
        d.set_alias_at("Paris", Some(EntityKind::Loc), Some(4_717_560), "Paris, TX");
        let text = ron::to_string(&d).expect("serialise");
        let back: EntityDictionary = ron::from_str(&text).expect("parse");
        assert_eq!(back, d);
        let empty: EntityDictionary = ron::from_str("()").expect("defaults");
        assert!(empty.is_empty());
        // A project written before rules named places reads as rules for the name.
        let old: EntityDictionary = ron::from_str(
            r#"(phrases: [(phrase: "Paris", rule: Never, of: Some(LOC))], aliases: [])"#,
        )
        .expect("old project");
        assert_eq!(old.phrases.first().map(|e| e.place), Some(None));
        assert!(!ron::to_string(&old).expect("serialise").contains("place"));
    }
}

//! A bare surname linked to the one person of the corpus with that surname: "Prigozhin's
//! death" in one document and "Yevgeny Prigozhin died" in another are one death, and
//! "Karimi, born in 1959" the birth of the "Ahmed Karimi" another document names. The
//! recogniser links a surname to its full name within a document; possible conflicts are
//! between documents, so the statements' names are linked across the corpus here.

use std::collections::HashMap;

use super::timeline::Statement;
use crate::entities::{EntityId, EntityKind};

/// The full names of the persons the statements name, by their surname (lower case); a
/// surname two persons share links to neither ("Assad": Bashar or Hafez).
pub struct SurnameLinks {
    by_surname: HashMap<String, Option<EntityId>>,
}

/// The last word of a name, "al-" and hyphens cut ("Baghdadi" for "Abu Bakr
/// al-Baghdadi"), or the first of a name written family name first ("Kim" for "Kim
/// Il-sung"), lower case; `None` for a name of one word.
fn surname(name: &str) -> Option<String> {
    let name = name.trim();
    if !name.contains(' ') {
        return None;
    }
    // "Kim Il-sung" is a Kim: the family name comes first.
    if crate::entities::family_name_first(name) {
        return name.split_whitespace().next().map(str::to_lowercase);
    }
    let last = name.rsplit([' ', '-']).next()?;
    (last.chars().count() > 1).then(|| last.to_lowercase())
}

impl SurnameLinks {
    /// The persons every statement names, as an entity of the sentence or as the subject
    /// of an event.
    pub fn from_statements(statements: &[Statement]) -> Self {
        let mut by_surname: HashMap<String, Option<EntityId>> = HashMap::new();
        let persons = statements.iter().flat_map(|s| {
            s.entities
                .iter()
                .chain(s.happenings.iter().map(|h| &h.subject))
        });
        for id in persons.filter(|id| id.kind == EntityKind::Person) {
            let Some(last) = surname(&id.key) else {
                continue;
            };
            by_surname
                .entry(last)
                .and_modify(|known| {
                    if known
                        .as_ref()
                        .is_some_and(|k| !k.key.eq_ignore_ascii_case(&id.key))
                    {
                        *known = None;
                    }
                })
                .or_insert_with(|| Some(id.clone()));
        }
        Self { by_surname }
    }

    /// Is `id` a bare name (one word, a person's as [`SurnameLinks::resolve`] takes it)
    /// that two persons of the statements bear ("Kim": Kim Il-sung and Kim Jong-il)?
    pub fn is_shared(&self, id: &EntityId, of_a_person: bool) -> bool {
        let person = id.kind == EntityKind::Person || (of_a_person && id.kind == EntityKind::Org);
        person
            && !id.key.trim().contains(' ')
            && matches!(
                self.by_surname.get(&id.key.trim().to_lowercase()),
                Some(None)
            )
    }

    /// The person `id` stands for: the one full name of the corpus whose surname it is,
    /// when `id` is named by one word and is a person, or the subject of an event that
    /// happens to persons (`of_a_person`: a short document sways the recogniser, which
    /// may call "Hariri" in "Hariri's resignation" an organisation); else `id` itself.
    pub fn resolve<'a>(&'a self, id: &'a EntityId, of_a_person: bool) -> &'a EntityId {
        let person = id.kind == EntityKind::Person || (of_a_person && id.kind == EntityKind::Org);
        if !person || id.key.trim().contains(' ') {
            return id;
        }
        self.by_surname
            .get(&id.key.trim().to_lowercase())
            .and_then(Option::as_ref)
            .unwrap_or(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::conflicts::tests::statement;

    fn person(key: &str) -> EntityId {
        EntityId {
            kind: EntityKind::Person,
            key: key.into(),
        }
    }

    #[test]
    fn a_surname_is_the_one_person_of_the_corpus_who_bears_it() {
        let mut a = statement("a.md", "2023-08-23", None, &[]);
        a.entities = vec![
            person("Yevgeny Prigozhin"),
            person("Abu Bakr al-Baghdadi"),
            person("Bashar al-Assad"),
            person("Hafez al-Assad"),
        ];
        let links = SurnameLinks::from_statements(&[a]);
        assert_eq!(
            links.resolve(&person("Prigozhin"), false).key,
            "Yevgeny Prigozhin"
        );
        assert_eq!(
            links.resolve(&person("Baghdadi"), false).key,
            "Abu Bakr al-Baghdadi"
        );
        // Two persons share the surname: neither.
        assert_eq!(links.resolve(&person("Assad"), true).key, "Assad");
        assert!(links.is_shared(&person("Assad"), true));
        assert!(!links.is_shared(&person("Prigozhin"), true));
        // A Korean name's surname is its first word.
        let mut b = statement("b.md", "1994-07", None, &[]);
        b.entities = vec![person("Kim Il-sung")];
        let korean = SurnameLinks::from_statements(&[b]);
        assert_eq!(korean.resolve(&person("Kim"), false).key, "Kim Il-sung");
        assert_eq!(korean.resolve(&person("Sung"), false).key, "Sung");
        // A place is not a surname; an organisation is only when a person's event says so.
        let as_kind = |kind| EntityId {
            kind,
            key: "Prigozhin".into(),
        };
        assert_eq!(
            links.resolve(&as_kind(EntityKind::Loc), true).key,
            "Prigozhin"
        );
        assert_eq!(
            links.resolve(&as_kind(EntityKind::Org), false).key,
            "Prigozhin"
        );
        assert_eq!(
            links.resolve(&as_kind(EntityKind::Org), true).key,
            "Yevgeny Prigozhin"
        );
    }
}

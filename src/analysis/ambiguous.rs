//! A bare name two persons of the corpus share ("Kim": Kim Il-sung and Kim Jong-il; "Assad":
//! Hafez and Bashar) does not say which of them a statement means. As the subject of an
//! event it groups only with the statements of its own document: "Kim died in July 1994" in
//! one document and "Kim died in December 2011" in another are two deaths, not one death
//! dated twice.

use super::surnames::SurnameLinks;
use crate::entities::EntityId;

/// The name the statements about `subject` (as [`SurnameLinks::resolve`] gave it) are
/// grouped under: its key in lower case, with the document's `path` when it is a bare name
/// that two persons of the corpus bear.
pub fn group_name(
    links: &SurnameLinks,
    subject: &EntityId,
    of_a_person: bool,
    path: &str,
) -> String {
    let name = subject.key.to_lowercase();
    if links.is_shared(subject, of_a_person) {
        format!("{name}\u{1f}{path}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::conflicts::tests::statement;
    use crate::entities::EntityKind;

    fn person(key: &str) -> EntityId {
        EntityId {
            kind: EntityKind::Person,
            key: key.into(),
        }
    }

    #[test]
    fn a_shared_bare_name_groups_within_its_document_only() {
        let mut a = statement("a.md", "1994-07", None, &[]);
        a.entities = vec![person("Kim Il-sung"), person("Kim Jong-il")];
        let links = SurnameLinks::from_statements(&[a]);
        let kim = person("Kim");
        assert_ne!(
            group_name(&links, &kim, true, "c.md"),
            group_name(&links, &kim, true, "d.md")
        );
        assert_eq!(
            group_name(&links, &kim, true, "c.md"),
            group_name(&links, &kim, true, "c.md")
        );
        // A full name, or a surname only one person bears, groups across documents.
        let full = person("Kim Jong-il");
        assert_eq!(
            group_name(&links, &full, true, "c.md"),
            group_name(&links, &full, true, "d.md")
        );
        let moon = person("Moon");
        assert_eq!(
            group_name(&links, &moon, true, "c.md"),
            group_name(&links, &moon, true, "d.md")
        );
    }
}

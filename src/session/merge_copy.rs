//! Merging a colleague's copy of the open project (File > Merge Project…), as the window
//! needs it: the copy read and checked to be of the same corpus, the merge prepared as one
//! command with the summary to show before it is applied. Headless: the window only draws
//! what this computes, and sends the command.

use std::collections::BTreeSet;
use std::path::Path;

use crate::project::{
    Annotation, Command, ConflictId, ConflictItem, EditedItem, MergeConflict, Project,
    ProjectFileError, Settlement, Tag, TagId, file,
};
use crate::text::counted;

/// Why a colleague's copy cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeCopyError {
    /// The file cannot be read: missing, damaged, not a project, from a newer Dossier.
    #[error(transparent)]
    Read(#[from] ProjectFileError),
    /// The copy codes documents of which none is in this project.
    #[error(
        "{name} is a project over another corpus: none of its {documents} is in this \
         project. Only copies of the same project (over the same folder of documents) can \
         be merged."
    )]
    OtherCorpus {
        /// The copy's file name.
        name: String,
        /// How many documents the copy knows ("12 documents").
        documents: String,
    },
    /// The copy is the open project's own file.
    #[error("{0} is this project's own file: choose the copy a colleague sent")]
    SameFile(String),
    /// Merging failed (a bug), with its message; nothing was changed.
    #[error("Dossier failed while merging ({0}); nothing was changed. Please report this problem")]
    Internal(String),
}

/// A merge ready to apply: what the summary says, and the one command that applies it.
#[derive(Clone, Debug)]
pub struct PreparedMerge {
    /// The copy's file name, where theirs came from.
    pub from: String,
    /// The summary in one line ("34 annotations by Bob, 2 new tags, 3 conflicts").
    pub headline: String,
    /// What else the researcher should know before applying.
    pub remarks: Vec<String>,
    /// How many conflicts the merge records (to settle afterwards).
    pub conflicts: usize,
    /// True when the copy brings nothing this project lacks.
    pub nothing_new: bool,
    /// Turns the open project into the merged one, in one undoable step.
    pub command: Command,
}

/// The file name of `path`, as the summary and the errors name the copy.
pub fn copy_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads the copy at `path`, made to merge into `ours` (whose file is `ours_path`, if
/// saved), and checks that it is a copy of the same corpus.
pub fn read_copy(
    ours: &Project,
    ours_path: Option<&Path>,
    path: &Path,
) -> Result<(Project, Vec<String>), MergeCopyError> {
    let name = copy_name(path);
    let same_file = ours_path.is_some_and(|p| {
        p == path
            || p.canonicalize()
                .ok()
                .is_some_and(|p| path.canonicalize().is_ok_and(|q| p == q))
    });
    if same_file {
        return Err(MergeCopyError::SameFile(name));
    }
    let theirs = file::load(path)?;
    let remarks = same_corpus(ours, &theirs, &name)?;
    Ok((theirs, remarks))
}

/// The documents a project knows: those on record and those its annotations are on.
fn documents_of(project: &Project) -> BTreeSet<&str> {
    project
        .documents
        .keys()
        .map(String::as_str)
        .chain(project.annotations.values().map(|a| a.document.as_str()))
        .collect()
}

/// Checks that `theirs` is over the same corpus as `ours` (they share documents), and says
/// what the researcher should know: annotations on documents this corpus lacks.
pub fn same_corpus(
    ours: &Project,
    theirs: &Project,
    name: &str,
) -> Result<Vec<String>, MergeCopyError> {
    let known = documents_of(ours);
    let theirs_documents = documents_of(theirs);
    if !theirs_documents.is_empty() && theirs_documents.is_disjoint(&known) {
        return Err(MergeCopyError::OtherCorpus {
            name: name.to_owned(),
            documents: counted(theirs_documents.len(), "document", "documents"),
        });
    }
    let elsewhere: Vec<_> = theirs
        .annotations
        .values()
        .filter(|a| !known.contains(a.document.as_str()))
        .collect();
    let mut remarks = Vec::new();
    if !elsewhere.is_empty() {
        let documents: BTreeSet<&str> = elsewhere.iter().map(|a| a.document.as_str()).collect();
        remarks.push(format!(
            "{} on {} this project does not have: kept with their quotes, notes and tags, \
             listed as missing until the files are added to the corpus folder",
            counted(elsewhere.len(), "annotation is", "annotations are"),
            counted(documents.len(), "document", "documents"),
        ));
    }
    Ok(remarks)
}

// ---- the merge conflicts, as the window lists them ---------------------------------------

/// One merge conflict as the "Merge conflicts" list shows it.
#[derive(Clone, Debug)]
pub struct ConflictView {
    /// The conflict.
    pub id: ConflictId,
    /// "Annotation" or "Tag".
    pub kind: &'static str,
    /// The quote (annotations) or the name (tags), shortened.
    pub heading: String,
    /// The title of the annotation's document.
    pub document_title: Option<String>,
    /// Who coded the annotation.
    pub coder: Option<String>,
    /// What differs, as the merge recorded it ("note", "tags", "deleted"...).
    pub differs: Vec<String>,
    /// Where theirs came from (a coder or a file name).
    pub theirs_from: String,
    /// This project's version.
    pub ours: Side,
    /// The other copy's version.
    pub theirs: Side,
    /// Both versions can be kept (two annotations present on both sides).
    pub keep_both: bool,
    /// The text "Edit…" starts from (the note, or the tag's name), when the item can be
    /// settled by hand.
    pub editable: Option<String>,
    /// What "Edit…" edits ("note", "name").
    pub edit_what: &'static str,
    /// The version kept in the project until settled, which "Edit…" changes.
    base: Option<EditBase>,
}

/// One version of a conflicting item, field by field.
#[derive(Clone, Debug, Default)]
pub struct Side {
    /// The item was deleted in this copy.
    pub deleted: bool,
    /// Its fields, in the same order on both sides.
    pub fields: Vec<FieldView>,
}

/// A field of one version.
#[derive(Clone, Debug)]
pub struct FieldView {
    /// The field's name as shown ("Note").
    pub name: &'static str,
    /// Its value as shown.
    pub value: String,
    /// The other version has another value.
    pub differs: bool,
    /// For a passage: its document and char range, to show it in the reader.
    pub passage: Option<(String, std::ops::Range<usize>)>,
}

impl FieldView {
    fn new(name: &'static str, value: String, differs: bool) -> Self {
        Self {
            name,
            value,
            differs,
            passage: None,
        }
    }
}

impl Side {
    /// The version of a side that deleted the item.
    fn deleted() -> Self {
        Self {
            deleted: true,
            fields: Vec::new(),
        }
    }

    /// The version of a side that has the item, with these fields.
    fn of(fields: Vec<FieldView>) -> Self {
        Self {
            deleted: false,
            fields,
        }
    }
}

/// What settling by hand starts from: the item as the project holds it until settled.
#[derive(Clone, Debug)]
enum EditBase {
    Annotation(Box<Annotation>),
    Tag(Tag),
    DocumentTitle,
    EntityAlias,
}

/// How a conflict is settled from the list's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// This project's version stays.
    Ours,
    /// The other copy's version replaces it.
    Theirs,
    /// Annotations: theirs becomes a second annotation.
    Both,
}

/// Every merge conflict the project records, in id order.
pub fn conflict_views(project: &Project) -> Vec<ConflictView> {
    project
        .merge_conflicts
        .values()
        .map(|c| view_of(project, c))
        .collect()
}

fn view_of(project: &Project, c: &MergeConflict) -> ConflictView {
    let view = ConflictView {
        id: c.id,
        kind: "",
        heading: String::new(),
        document_title: None,
        coder: None,
        differs: c.fields.clone(),
        theirs_from: c.theirs_from.clone(),
        ours: Side::default(),
        theirs: Side::default(),
        keep_both: c.can_keep_both(),
        editable: None,
        edit_what: "",
        base: None,
    };
    match &c.item {
        ConflictItem::Annotation { ours, theirs } => {
            let (ours, theirs) = (ours.as_ref(), theirs.as_ref());
            let any = ours.or(theirs);
            // What the project holds until settled: "Edit…" starts from it.
            let base = any
                .and_then(|a| project.annotations.get(&a.id))
                .or(any)
                .cloned();
            ConflictView {
                kind: "Annotation",
                heading: any.map_or_else(String::new, |a| {
                    format!("“{}”", crate::text::shorten(&a.anchor.quote, 80))
                }),
                document_title: any.map(|a| {
                    project
                        .document_title(&a.document, None)
                        .unwrap_or(&a.document)
                        .to_owned()
                }),
                coder: any.and_then(|a| a.coder.clone()),
                ours: annotation_side(project, ours, theirs),
                theirs: annotation_side(project, theirs, ours),
                editable: base.as_ref().map(|a| a.note.clone()),
                edit_what: "note",
                base: base.map(|a| EditBase::Annotation(Box::new(a))),
                ..view
            }
        }
        ConflictItem::Tag { ours, theirs } => {
            let (ours, theirs) = (ours.as_ref(), theirs.as_ref());
            let any = ours.or(theirs);
            let base = any.and_then(|t| project.tags.get(&t.id)).or(any).cloned();
            ConflictView {
                kind: "Tag",
                heading: any.map_or_else(String::new, |t| format!("“{}”", t.name)),
                ours: tag_side(project, ours, theirs),
                theirs: tag_side(project, theirs, ours),
                editable: base.as_ref().map(|t| t.name.clone()),
                edit_what: "name",
                base: base.map(EditBase::Tag),
                ..view
            }
        }
        ConflictItem::DocumentTitle { path, ours, theirs } => ConflictView {
            kind: "Document title",
            heading: path.clone(),
            ours: text_side("Title", ours.as_deref(), theirs.as_deref()),
            theirs: text_side("Title", theirs.as_deref(), ours.as_deref()),
            editable: Some(ours.clone().or_else(|| theirs.clone()).unwrap_or_default()),
            edit_what: "title",
            base: Some(EditBase::DocumentTitle),
            ..view
        },
        ConflictItem::EntityRule {
            phrase,
            ours,
            theirs,
            ..
        } => {
            let rule = |r: &Option<crate::entities::PhraseRule>| {
                r.as_ref().map(|r| match r {
                    crate::entities::PhraseRule::Always(kind) => {
                        format!("always {}", kind.display_name())
                    }
                    crate::entities::PhraseRule::Never => "never an entity".to_owned(),
                })
            };
            let (ours, theirs) = (rule(ours), rule(theirs));
            ConflictView {
                kind: "Entity rule",
                heading: format!("“{phrase}”"),
                ours: text_side("Rule", ours.as_deref(), theirs.as_deref()),
                theirs: text_side("Rule", theirs.as_deref(), ours.as_deref()),
                ..view
            }
        }
        ConflictItem::EntityAlias {
            alias,
            ours,
            theirs,
            ..
        } => ConflictView {
            kind: "Entity alias",
            heading: format!("“{alias}”"),
            ours: text_side("Same as", ours.as_deref(), theirs.as_deref()),
            theirs: text_side("Same as", theirs.as_deref(), ours.as_deref()),
            editable: Some(ours.clone().or_else(|| theirs.clone()).unwrap_or_default()),
            edit_what: "name it stands for",
            base: Some(EditBase::EntityAlias),
            ..view
        },
        ConflictItem::PlaceLink { name, ours, theirs } => {
            let (ours, theirs) = (place_fields(*ours), place_fields(*theirs));
            ConflictView {
                kind: "Place link",
                heading: format!("“{name}”"),
                differs: renamed(&c.fields, "rule", "linked place"),
                ours: fields_side(&ours, &theirs),
                theirs: fields_side(&theirs, &ours),
                ..view
            }
        }
        ConflictItem::SlashOrder {
            document,
            ours,
            theirs,
        } => {
            // No rule on a side is not a deletion of the document: its own dates decide.
            let read = |o: &Option<crate::entities::SlashOrder>| {
                let order = o.map_or_else(
                    || "no rule: as the document's own dates show".to_owned(),
                    |o| o.name().to_owned(),
                );
                let mut fields = Vec::new();
                if let Some(path) = document {
                    fields.push(("Document", path.clone()));
                }
                fields.push(("Read", order));
                fields
            };
            let (ours, theirs) = (read(ours), read(theirs));
            ConflictView {
                kind: "Order of slashed dates",
                differs: renamed(&c.fields, "rule", "order"),
                heading: document.as_deref().map_or_else(
                    || "in every document".to_owned(),
                    |d| format!("in “{}”", project.document_title(d, None).unwrap_or(d)),
                ),
                ours: fields_side(&ours, &theirs),
                theirs: fields_side(&theirs, &ours),
                ..view
            }
        }
    }
}

/// The fields that differ as the merge names them, `from` said as `to` (the merge calls a
/// place link or an order "rule", as it does an entity rule).
fn renamed(fields: &[String], from: &str, to: &str) -> Vec<String> {
    fields
        .iter()
        .map(|f| if f == from { to.to_owned() } else { f.clone() })
        .collect()
}

/// A place link's side as fields, the same on both sides so that they line up: the
/// gazetteer entry's name, region, country, coordinates and GeoNames id, so that two
/// places of one name (Paris, France and Paris, Texas) are told apart at a glance.
fn place_fields(link: Option<Option<u32>>) -> Vec<(&'static str, String)> {
    let (place, rest): (String, [String; 4]) = match link {
        None => ("no link: as recognised".to_owned(), Default::default()),
        Some(None) => ("not a place on the map".to_owned(), Default::default()),
        Some(Some(id)) => match crate::entities::place_facts(id) {
            Some(f) => (
                f.name,
                [
                    f.region.unwrap_or_default(),
                    f.country.unwrap_or_default(),
                    coordinates(f.lat, f.lon),
                    geonames_id(id),
                ],
            ),
            // An entry this version's gazetteer lacks: its id is all there is to show.
            None => (
                "an entry this gazetteer lacks".to_owned(),
                [String::new(), String::new(), String::new(), geonames_id(id)],
            ),
        },
    };
    let [region, country, at, id] = rest;
    vec![
        ("Place", place),
        ("Region", region),
        ("Country", country),
        ("Coordinates", at),
        ("GeoNames", id),
    ]
}

/// "48.85° N, 2.35° E".
fn coordinates(lat: f64, lon: f64) -> String {
    format!(
        "{:.2}° {}, {:.2}° {}",
        lat.abs(),
        if lat >= 0.0 { 'N' } else { 'S' },
        lon.abs(),
        if lon >= 0.0 { 'E' } else { 'W' },
    )
}

/// "2988507", or what Dossier's own ids are ("Dossier's own 4000000012", see
/// `assets/gazetteers/README.md`).
fn geonames_id(id: u32) -> String {
    if id >= 4_000_000_000 {
        format!("Dossier's own {id}")
    } else {
        id.to_string()
    }
}

/// A version given as fields (never deleted), each marked where `other` differs.
fn fields_side(fields: &[(&'static str, String)], other: &[(&'static str, String)]) -> Side {
    Side::of(
        fields
            .iter()
            .enumerate()
            .map(|(i, (name, value))| {
                let differs = other.get(i).is_none_or(|(_, o)| o != value);
                FieldView::new(name, value.clone(), differs)
            })
            .collect(),
    )
}

/// A one-field version (a title, a rule): `None` is shown as deleted.
fn text_side(name: &'static str, value: Option<&str>, other: Option<&str>) -> Side {
    match value {
        None => Side::deleted(),
        Some(value) => Side::of(vec![FieldView::new(
            name,
            value.to_owned(),
            other != Some(value),
        )]),
    }
}

/// An annotation's version field by field, each marked where `other` differs.
fn annotation_side(project: &Project, a: Option<&Annotation>, other: Option<&Annotation>) -> Side {
    let Some(a) = a else {
        return Side::deleted();
    };
    let differs = |same: &dyn Fn(&Annotation) -> bool| other.is_some_and(|o| !same(o));
    let tags = |tags: &[TagId]| {
        tags.iter()
            .map(|t| {
                project
                    .tags
                    .get(t)
                    .map_or_else(|| t.to_string(), |t| t.name.clone())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let field = FieldView::new;
    Side::of(vec![
        FieldView {
            passage: Some((a.document.clone(), a.anchor.start..a.anchor.end)),
            ..field(
                "Passage",
                format!("“{}”", crate::text::shorten(&a.anchor.quote, 160)),
                differs(&|o| o.document == a.document && o.anchor == a.anchor),
            )
        },
        field("Note", a.note.clone(), differs(&|o| o.note == a.note)),
        field("Tags", tags(&a.tags), differs(&|o| o.tags == a.tags)),
        field(
            "Coder",
            a.coder.clone().unwrap_or_default(),
            differs(&|o| o.coder == a.coder),
        ),
    ])
}

/// A tag's version field by field, each marked where `other` differs.
fn tag_side(project: &Project, t: Option<&Tag>, other: Option<&Tag>) -> Side {
    let Some(t) = t else {
        return Side::deleted();
    };
    let differs = |same: &dyn Fn(&Tag) -> bool| other.is_some_and(|o| !same(o));
    let parent = |p: Option<TagId>| p.map_or_else(String::new, |p| project.tag_path(p));
    let field = FieldView::new;
    Side::of(vec![
        field("Name", t.name.clone(), differs(&|o| o.name == t.name)),
        field(
            "Colour",
            t.colour.to_string(),
            differs(&|o| o.colour == t.colour),
        ),
        field(
            "Parent",
            parent(t.parent),
            differs(&|o| o.parent == t.parent),
        ),
        field(
            "Description",
            t.description.clone(),
            differs(&|o| o.description == t.description),
        ),
    ])
}

/// The command that settles conflict `id` as chosen (undoable).
pub fn settle(id: ConflictId, choice: Choice) -> Command {
    let choice = match choice {
        Choice::Ours => Settlement::KeepOurs,
        Choice::Theirs => Settlement::KeepTheirs,
        Choice::Both => Settlement::KeepBoth,
    };
    Command::SettleConflict { id, choice }
}

/// The command that settles a conflict with the note (annotations) or name (tags) typed
/// by hand, the rest as kept in the project; `None` when there is nothing to edit.
pub fn settle_edited(view: &ConflictView, text: &str) -> Option<Command> {
    let trimmed = text.trim();
    let edited = match view.base.clone()? {
        EditBase::Annotation(mut a) => {
            a.note = text.to_owned();
            EditedItem::Annotation(a)
        }
        EditBase::Tag(_) | EditBase::EntityAlias if trimmed.is_empty() => return None,
        EditBase::Tag(mut t) => {
            t.name = trimmed.to_owned();
            EditedItem::Tag(t)
        }
        EditBase::DocumentTitle => {
            EditedItem::DocumentTitle((!trimmed.is_empty()).then(|| trimmed.to_owned()))
        }
        EditBase::EntityAlias => EditedItem::EntityAlias(Some(trimmed.to_owned())),
    };
    Some(Command::SettleConflict {
        id: view.id,
        choice: Settlement::Edited(edited),
    })
}

/// Reads the copy at `path` and merges it into `ours` (saved at `ours_path`): the summary
/// to show and the command that applies it. Nothing changes until the command runs.
pub fn prepare(
    ours: &Project,
    ours_path: Option<&Path>,
    path: &Path,
) -> Result<PreparedMerge, MergeCopyError> {
    let (theirs, remarks) = read_copy(ours, ours_path, path)?;
    let from = copy_name(path);
    let merged = crate::project::merge::two_way(ours, &theirs, &from);
    let summary = &merged.summary;
    Ok(PreparedMerge {
        headline: summary.describe(),
        remarks,
        conflicts: summary.conflicts,
        nothing_new: summary.added + summary.changed + summary.removed + summary.conflicts == 0,
        command: merged.command(ours, &from),
        from,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{Anchor, AnnotationId, History, Rgb};

    fn at() -> jiff::Timestamp {
        "2026-12-07T10:00:00Z".parse().expect("time")
    }

    fn annotation(id: AnnotationId, document: &str, note: &str, tags: Vec<TagId>) -> Annotation {
        Annotation {
            id,
            document: document.into(),
            anchor: Anchor {
                start: 4,
                end: 10,
                quote: "Tartus".into(),
                prefix: String::new(),
                suffix: String::new(),
                current_quote: None,
                region: None,
            },
            note: note.into(),
            tags,
            created: at(),
            modified: at(),
            orphaned: false,
            history: Vec::new(),
            coder: Some("Ana".into()),
        }
    }

    /// Ours with a tag and an annotation on `a.txt`, whose note Bob changed otherwise.
    fn conflicted() -> (Project, ConflictId, AnnotationId) {
        let mut p = Project::new("ours");
        let tag = Tag {
            id: p.new_tag_id(),
            name: "Bases".into(),
            colour: Rgb::PALETTE[0],
            description: String::new(),
            parent: None,
        };
        p.tags.insert(tag.id, tag.clone());
        let id = p.new_annotation_id();
        let ours = annotation(id, "a.txt", "ours", vec![tag.id]);
        let theirs = annotation(id, "a.txt", "theirs", vec![tag.id]);
        p.annotations.insert(id, ours.clone());
        let conflict = MergeConflict {
            id: ConflictId(crate::project::ids::fresh(None)),
            item: ConflictItem::Annotation {
                ours: Some(ours),
                theirs: Some(theirs),
            },
            fields: vec!["note".into()],
            theirs_from: "Bob".into(),
        };
        let cid = conflict.id;
        p.merge_conflicts.insert(cid, conflict);
        (p, cid, id)
    }

    #[test]
    fn a_conflict_shows_both_versions_with_only_the_differing_fields_marked() {
        let (p, cid, _) = conflicted();
        let views = conflict_views(&p);
        assert_eq!(views.len(), 1);
        let v = &views[0];
        assert_eq!(
            (v.id, v.kind, v.heading.as_str()),
            (cid, "Annotation", "“Tartus”")
        );
        assert_eq!(
            v.document_title.as_deref(),
            Some("a.txt"),
            "the path when untitled"
        );
        assert_eq!(v.coder.as_deref(), Some("Ana"));
        assert!(v.keep_both);
        fn marked(side: &Side) -> Vec<(&str, &str, bool)> {
            side.fields
                .iter()
                .map(|f| (f.name, f.value.as_str(), f.differs))
                .collect()
        }
        let passage = ("Passage", "“Tartus”", false);
        let coder = ("Coder", "Ana", false);
        assert_eq!(
            marked(&v.ours),
            [
                passage,
                ("Note", "ours", true),
                ("Tags", "Bases", false),
                coder
            ]
        );
        assert_eq!(
            marked(&v.theirs),
            [
                passage,
                ("Note", "theirs", true),
                ("Tags", "Bases", false),
                coder
            ]
        );
        assert_eq!(v.ours.fields[0].passage, Some(("a.txt".into(), 4..10)));
    }

    #[test]
    fn a_place_link_conflict_says_which_place_each_side_means_and_an_order_which_order() {
        let mut ours = Project::new("ours");
        ours.entity_rules.set_place("Paris", Some(2_988_507));
        ours.entity_rules.set_slash_order(
            Some("cable.txt"),
            Some(crate::entities::SlashOrder::DayFirst),
        );
        let mut theirs = ours.clone();
        theirs.entity_rules.set_place("Paris", Some(4_717_560));
        theirs.entity_rules.set_slash_order(
            Some("cable.txt"),
            Some(crate::entities::SlashOrder::MonthFirst),
        );
        let merged = crate::project::merge::two_way(&ours, &theirs, "bob.dossier.ron");
        let views = conflict_views(&merged.project);
        let fields = |side: &Side| -> Vec<(&str, String, bool)> {
            side.fields
                .iter()
                .map(|f| (f.name, f.value.clone(), f.differs))
                .collect()
        };
        let place = views
            .iter()
            .find(|v| v.kind == "Place link")
            .expect("the place link conflict");
        assert_eq!(place.heading, "“Paris”");
        assert_eq!(place.differs, ["linked place"]);
        let ours_side = fields(&place.ours);
        let theirs_side = fields(&place.theirs);
        let value = |side: &[(&str, String, bool)], name: &str| {
            side.iter()
                .find(|f| f.0 == name)
                .map(|f| (f.1.clone(), f.2))
                .unwrap_or_else(|| panic!("no {name}"))
        };
        assert_eq!(value(&ours_side, "Place"), ("Paris".to_owned(), false));
        assert_eq!(value(&theirs_side, "Place"), ("Paris".to_owned(), false));
        assert_eq!(value(&ours_side, "Country"), ("France".to_owned(), true));
        assert_eq!(
            value(&theirs_side, "Country"),
            ("United States".to_owned(), true)
        );
        assert_eq!(value(&theirs_side, "Region"), ("Texas".to_owned(), true));
        assert_eq!(
            value(&ours_side, "Coordinates"),
            ("48.85° N, 2.35° E".to_owned(), true)
        );
        assert_eq!(
            value(&theirs_side, "Coordinates"),
            ("33.66° N, 95.56° W".to_owned(), true)
        );
        assert_eq!(value(&ours_side, "GeoNames"), ("2988507".to_owned(), true));
        assert_eq!(
            value(&theirs_side, "GeoNames"),
            ("4717560".to_owned(), true)
        );
        assert!(!place.ours.deleted && !place.theirs.deleted);

        let order = views
            .iter()
            .find(|v| v.kind == "Order of slashed dates")
            .expect("the order conflict");
        assert_eq!(order.heading, "in “cable.txt”");
        let document = ("Document", "cable.txt".to_owned(), false);
        assert_eq!(
            fields(&order.ours),
            [document.clone(), ("Read", "day first".to_owned(), true)]
        );
        assert_eq!(
            fields(&order.theirs),
            [document, ("Read", "month first".to_owned(), true)]
        );

        // A side with no link, one linked to none: said, not shown as deleted.
        assert_eq!(place_fields(None)[0].1, "no link: as recognised");
        assert_eq!(place_fields(Some(None))[0].1, "not a place on the map");
        assert_eq!(place_fields(Some(Some(1)))[4].1, "1");
    }

    #[test]
    fn a_deleted_side_is_said_and_cannot_be_kept_twice() {
        let (mut p, cid, _) = conflicted();
        if let Some(ConflictItem::Annotation { theirs, .. }) =
            p.merge_conflicts.get_mut(&cid).map(|c| &mut c.item)
        {
            *theirs = None;
        }
        let v = &conflict_views(&p)[0];
        assert!(v.theirs.deleted && v.theirs.fields.is_empty());
        assert!(!v.ours.deleted);
        assert!(
            v.ours.fields.iter().all(|f| !f.differs),
            "nothing to compare with"
        );
        assert!(!v.keep_both);
    }

    #[test]
    fn settling_from_the_list_is_one_undoable_command() {
        let (mut p, cid, id) = conflicted();
        let before = p.clone();
        let mut history = History::default();
        history
            .execute(&mut p, settle(cid, Choice::Theirs))
            .expect("settled");
        assert_eq!(p.annotations[&id].note, "theirs");
        assert!(p.merge_conflicts.is_empty());
        history.undo(&mut p).expect("undone");
        assert_eq!(p, before);

        // By hand: the note typed, the rest as the project holds it.
        let view = &conflict_views(&p)[0];
        assert_eq!(view.editable.as_deref(), Some("ours"));
        let command = settle_edited(view, "both readings").expect("an annotation is editable");
        history.execute(&mut p, command).expect("settled by hand");
        assert_eq!(p.annotations[&id].note, "both readings");
        assert_eq!(p.annotations[&id].tags, before.annotations[&id].tags);
        assert!(p.merge_conflicts.is_empty());
    }

    #[test]
    fn only_a_copy_over_the_same_corpus_is_merged() {
        let (ours, _, id) = conflicted();
        let mut theirs = Project::new("theirs");
        theirs
            .annotations
            .insert(id, annotation(id, "elsewhere/b.txt", "", Vec::new()));
        let err = same_corpus(&ours, &theirs, "bob.dossier.ron").expect_err("another corpus");
        assert!(
            err.to_string().starts_with(
                "bob.dossier.ron is a project over another corpus: none of its 1 document is"
            ),
            "{err}"
        );

        // One document in common: merged, with a word about the annotations elsewhere.
        let other = AnnotationId(crate::project::ids::fresh(None));
        theirs
            .annotations
            .insert(other, annotation(other, "a.txt", "", Vec::new()));
        let remarks = same_corpus(&ours, &theirs, "bob.dossier.ron").expect("same corpus");
        assert_eq!(remarks.len(), 1);
        assert!(
            remarks[0].starts_with("1 annotation is on 1 document this project does not have"),
            "{remarks:?}"
        );
        assert_eq!(
            same_corpus(&ours, &ours, "self").expect("same").len(),
            0,
            "nothing to say"
        );
    }

    #[test]
    fn the_projects_own_file_is_not_a_copy_to_merge() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("ours.dossier.ron");
        let (ours, _, _) = conflicted();
        file::save(&ours, &path).expect("saved");
        let err = read_copy(&ours, Some(&path), &path).expect_err("the same file");
        assert!(matches!(err, MergeCopyError::SameFile(_)), "{err}");
        let copy = dir.path().join("copy.dossier.ron");
        std::fs::copy(&path, &copy).expect("copied");
        let (read, remarks) = read_copy(&ours, Some(&path), &copy).expect("a copy");
        assert_eq!(read.annotations, ours.annotations);
        assert!(remarks.is_empty());
    }
}

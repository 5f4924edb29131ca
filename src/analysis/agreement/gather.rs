//! From a project to the units of agreement: the coders, the documents they all coded,
//! and for each tag the ranges each coder coded with it (or a sub-tag), as compact owned
//! data that a worker thread can measure.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::Selection;
use crate::corpus::Corpus;
use crate::project::{Project, TagId};

/// What agreement is measured over: owned, so that it can be measured on another thread.
#[derive(Clone, Debug, Default)]
pub struct Units {
    /// The coders compared.
    pub coders: Vec<String>,
    /// The documents every coder coded, by path.
    pub documents: Vec<UnitDocument>,
    pub(super) tags: Vec<TagRow>,
}

/// A document compared, and its length in chars (its units).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitDocument {
    /// Its path in the corpus.
    pub path: String,
    /// Its length in chars.
    pub chars: usize,
}

/// One tag's coded ranges.
#[derive(Clone, Debug)]
pub(super) struct TagRow {
    pub tag: TagId,
    pub name: String,
    pub depth: usize,
    /// Sorted by document, then coder, then start.
    pub spans: Vec<Span>,
}

/// A range one coder coded in one document (indices into `Units`), within its length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Span {
    pub document: usize,
    pub coder: usize,
    pub start: usize,
    pub end: usize,
}

/// Every coder of the project, by name: those who made an annotation or marked a
/// document coded.
pub fn coders_of(project: &Project) -> Vec<String> {
    let mut names: BTreeSet<&str> = project
        .annotations
        .values()
        .filter_map(|a| a.coder.as_deref())
        .collect();
    for record in project.documents.values() {
        names.extend(record.coded_by.iter().map(String::as_str));
    }
    names.into_iter().map(str::to_owned).collect()
}

/// The length in chars of every document of the corpus, by path.
pub fn document_lengths(corpus: &Corpus) -> HashMap<&str, usize> {
    corpus
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.text.char_len()))
        .collect()
}

impl Units {
    /// The units of `project` for the coders and tags selected.
    pub fn gather(
        project: &Project,
        lengths: &HashMap<&str, usize>,
        selection: &Selection,
    ) -> Self {
        let mut coders: Vec<String> = Vec::new();
        for name in selection
            .coders
            .clone()
            .unwrap_or_else(|| coders_of(project))
        {
            if !coders.contains(&name) {
                coders.push(name);
            }
        }
        let coder_index: HashMap<&str, usize> = coders
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let documents = documents_all_coded(project, lengths, &coder_index);
        let document_index: HashMap<&str, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.as_str(), i))
            .collect();
        let mut tags = tag_rows(project, selection.tags.as_deref());
        let closure = RowsOfTag::new(project, &tags);
        let mut hit = Vec::new();
        for a in project.annotations.values() {
            if a.orphaned {
                continue;
            }
            let (Some(&coder), Some(&document)) = (
                a.coder.as_deref().and_then(|c| coder_index.get(c)),
                document_index.get(a.document.as_str()),
            ) else {
                continue;
            };
            let chars = documents[document].chars;
            let (start, end) = (a.anchor.start.min(chars), a.anchor.end.min(chars));
            if start >= end {
                continue;
            }
            hit.clear();
            for tag in &a.tags {
                hit.extend_from_slice(closure.rows(*tag));
            }
            hit.sort_unstable();
            hit.dedup();
            for &row in &hit {
                tags[row].spans.push(Span {
                    document,
                    coder,
                    start,
                    end,
                });
            }
        }
        for row in &mut tags {
            row.spans.sort_unstable();
        }
        Self {
            coders,
            documents,
            tags,
        }
    }

    /// The number of units: chars of the documents compared.
    pub fn characters(&self) -> usize {
        self.documents.iter().map(|d| d.chars).sum()
    }
}

/// The documents of the corpus that every coder coded, in path order (none without a
/// coder).
fn documents_all_coded(
    project: &Project,
    lengths: &HashMap<&str, usize>,
    coder_index: &HashMap<&str, usize>,
) -> Vec<UnitDocument> {
    if coder_index.is_empty() {
        return Vec::new();
    }
    let mut coded: BTreeMap<&str, Vec<bool>> = BTreeMap::new();
    let mut mark = |document: &'_ str, coder: &str| {
        let (Some(&i), Some((&path, _))) =
            (coder_index.get(coder), lengths.get_key_value(document))
        else {
            return;
        };
        coded
            .entry(path)
            .or_insert_with(|| vec![false; coder_index.len()])[i] = true;
    };
    for a in project.annotations.values().filter(|a| !a.orphaned) {
        if let Some(coder) = &a.coder {
            mark(&a.document, coder);
        }
    }
    for (path, record) in &project.documents {
        for coder in &record.coded_by {
            mark(path, coder);
        }
    }
    coded
        .into_iter()
        .filter(|(_, by)| by.iter().all(|b| *b))
        .map(|(path, _)| UnitDocument {
            path: path.to_owned(),
            chars: lengths.get(path).copied().unwrap_or(0),
        })
        .collect()
}

/// The rows measured: the tags selected (all when `None`), in codebook order.
fn tag_rows(project: &Project, selected: Option<&[TagId]>) -> Vec<TagRow> {
    project
        .tag_tree()
        .into_iter()
        .filter(|(_, tag)| selected.is_none_or(|s| s.contains(&tag.id)))
        .map(|(depth, tag)| TagRow {
            tag: tag.id,
            name: tag.name.clone(),
            depth,
            spans: Vec::new(),
        })
        .collect()
}

/// For each tag of the codebook, the rows it counts for: its own and its ancestors' (a
/// passage coded with a sub-tag is coded with its parent too).
struct RowsOfTag {
    rows: HashMap<TagId, Vec<usize>>,
}

impl RowsOfTag {
    fn new(project: &Project, rows: &[TagRow]) -> Self {
        let row_of: HashMap<TagId, usize> =
            rows.iter().enumerate().map(|(i, r)| (r.tag, i)).collect();
        let mut out = HashMap::with_capacity(project.tags.len());
        for &id in project.tags.keys() {
            let mut list = Vec::new();
            let mut current = Some(id);
            // A cycle cannot be built through commands; a bad file never loops here.
            for _ in 0..=project.tags.len() {
                let Some(tag) = current.and_then(|t| project.tags.get(&t)) else {
                    break;
                };
                if let Some(&row) = row_of.get(&tag.id)
                    && !list.contains(&row)
                {
                    list.push(row);
                }
                current = tag.parent;
            }
            out.insert(id, list);
        }
        Self { rows: out }
    }

    fn rows(&self, tag: TagId) -> &[usize] {
        self.rows.get(&tag).map_or(&[], Vec::as_slice)
    }
}

//! The entity network: entities as nodes, co-occurrence in the same paragraph as weighted
//! edges (how many paragraphs mention both), for the window's network view and for Gephi,
//! Cytoscape or scripts (`dossier network`).

use std::collections::{BTreeSet, HashMap};

use rayon::prelude::*;

use crate::corpus::Corpus;
use crate::entities::{EntityId, EntityIndex, EntityKind};

/// A node: one entity with its numbers of mentions and documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The entity.
    pub id: EntityId,
    /// Its mentions in the corpus.
    pub mentions: usize,
    /// The documents that mention it.
    pub documents: usize,
}

/// An edge between nodes `a` < `b` (indices into [`Network::nodes`]): `weight` paragraphs
/// mention both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// The first node (the lower index).
    pub a: usize,
    /// The second node.
    pub b: usize,
    /// Paragraphs that mention both.
    pub weight: usize,
}

/// Nodes by mentions (most first, then name), edges by weight (heaviest first).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Network {
    /// The entities.
    pub nodes: Vec<Node>,
    /// Who appears with whom.
    pub edges: Vec<Edge>,
}

impl Network {
    /// The node a name typed in a search box means: the name itself, else one starting
    /// with it (or with it at a word), else one holding it, ignoring case; among equals the
    /// most mentioned (nodes are in that order). `None` for an empty or unknown name.
    pub fn find(&self, typed: &str) -> Option<usize> {
        let typed = typed.trim().to_lowercase();
        if typed.is_empty() {
            return None;
        }
        let names: Vec<String> = self.nodes.iter().map(|n| n.id.key.to_lowercase()).collect();
        let at_word = |name: &str| {
            name.match_indices(&typed).any(|(i, _)| {
                name[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
        };
        names
            .iter()
            .position(|n| *n == typed)
            .or_else(|| names.iter().position(|n| n.starts_with(&typed)))
            .or_else(|| names.iter().position(|n| at_word(n)))
            .or_else(|| names.iter().position(|n| n.contains(&typed)))
    }
}

/// Which part of the corpus the network shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkFilter {
    /// Entity kinds included (dates are left out by default: they say when, not who).
    pub kinds: BTreeSet<EntityKind>,
    /// Edges lighter than this are left out (and nodes left with none, unless isolated
    /// nodes are kept).
    pub min_weight: usize,
    /// Only these documents (paths), or all.
    pub documents: Option<BTreeSet<String>>,
    /// At most this many nodes, the most mentioned (a readable graph, a bounded layout).
    pub max_nodes: usize,
    /// Keep nodes that have no edge above `min_weight`.
    pub keep_isolated: bool,
}

impl Default for NetworkFilter {
    fn default() -> Self {
        Self {
            kinds: [
                EntityKind::Person,
                EntityKind::Org,
                EntityKind::Loc,
                EntityKind::Norp,
            ]
            .into_iter()
            .collect(),
            min_weight: 1,
            documents: None,
            max_nodes: 500,
            keep_isolated: false,
        }
    }
}

/// The co-occurrence network of `corpus`'s entities under `filter`.
pub fn build(index: &EntityIndex, corpus: &Corpus, filter: &NetworkFilter) -> Network {
    let wanted = |path: &str| {
        filter
            .documents
            .as_ref()
            .is_none_or(|docs| docs.contains(path))
    };
    // Per document: the distinct entities of each paragraph, counted once per paragraph.
    type Counts = (
        HashMap<EntityId, (usize, usize)>,
        HashMap<(EntityId, EntityId), usize>,
    );
    let (node_counts, pair_counts): Counts = corpus
        .documents
        .par_iter()
        .filter(|d| wanted(&d.path))
        .filter_map(|doc| {
            let mentions = index.mentions_of(&doc.path)?;
            let mut nodes: HashMap<EntityId, (usize, usize)> = HashMap::new();
            let mut by_paragraph: HashMap<usize, BTreeSet<EntityId>> = HashMap::new();
            // The entities the index lists (no "yesterday" of an undated file as a node).
            for m in mentions
                .iter()
                .filter(|m| m.is_listed() && filter.kinds.contains(&m.kind))
            {
                let id = EntityId {
                    kind: m.kind,
                    key: m.key.clone(),
                };
                nodes.entry(id.clone()).or_insert((0, 1)).0 += 1;
                if let Some(p) = doc.text.paragraph_at(m.start) {
                    by_paragraph.entry(p).or_default().insert(id);
                }
            }
            let mut pairs: HashMap<(EntityId, EntityId), usize> = HashMap::new();
            for ids in by_paragraph.values() {
                let ids: Vec<&EntityId> = ids.iter().collect();
                for (i, a) in ids.iter().enumerate() {
                    for b in &ids[i + 1..] {
                        *pairs.entry(((*a).clone(), (*b).clone())).or_insert(0) += 1;
                    }
                }
            }
            Some((nodes, pairs))
        })
        .reduce(
            || (HashMap::new(), HashMap::new()),
            |(mut na, mut pa), (nb, pb)| {
                for (id, (m, d)) in nb {
                    let e = na.entry(id).or_insert((0, 0));
                    e.0 += m;
                    e.1 += d;
                }
                for (pair, w) in pb {
                    *pa.entry(pair).or_insert(0) += w;
                }
                (na, pa)
            },
        );
    let mut nodes: Vec<Node> = node_counts
        .into_iter()
        .map(|(id, (mentions, documents))| Node {
            id,
            mentions,
            documents,
        })
        .collect();
    nodes.sort_by(|a, b| b.mentions.cmp(&a.mentions).then_with(|| a.id.cmp(&b.id)));
    nodes.truncate(filter.max_nodes);
    let position: HashMap<&EntityId, usize> =
        nodes.iter().enumerate().map(|(i, n)| (&n.id, i)).collect();
    let mut edges: Vec<Edge> = pair_counts
        .iter()
        .filter(|(_, w)| **w >= filter.min_weight.max(1))
        .filter_map(|((a, b), w)| {
            let (a, b) = (*position.get(a)?, *position.get(b)?);
            Some(Edge {
                a: a.min(b),
                b: a.max(b),
                weight: *w,
            })
        })
        .collect();
    edges.sort_by(|x, y| y.weight.cmp(&x.weight).then((x.a, x.b).cmp(&(y.a, y.b))));
    if filter.keep_isolated {
        return Network { nodes, edges };
    }
    // Drop nodes without an edge, renumbering the edges' ends.
    let mut linked = vec![false; nodes.len()];
    for e in &edges {
        linked[e.a] = true;
        linked[e.b] = true;
    }
    let mut renumber = vec![usize::MAX; nodes.len()];
    let mut kept = Vec::new();
    for (i, node) in nodes.into_iter().enumerate() {
        if linked[i] {
            renumber[i] = kept.len();
            kept.push(node);
        }
    }
    for e in &mut edges {
        e.a = renumber[e.a];
        e.b = renumber[e.b];
    }
    Network { nodes: kept, edges }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::{Mention, Origin};
    use crate::search::engine::tests::corpus;
    use std::sync::Arc;

    fn mention(text: &str, word: &str, kind: EntityKind, nth: usize) -> Mention {
        let byte = text.match_indices(word).nth(nth).expect("word").0;
        let start = text[..byte].chars().count();
        Mention::new(
            start,
            start + word.chars().count(),
            kind,
            word.to_owned(),
            Origin::Rule,
        )
    }

    #[test]
    fn a_typed_name_finds_the_node_it_means() {
        let node = |key: &str, mentions| Node {
            id: EntityId {
                kind: EntityKind::Person,
                key: key.to_owned(),
            },
            mentions,
            documents: 1,
        };
        let net = Network {
            nodes: vec![
                node("Bashar al-Assad", 9),
                node("Assad", 5),
                node("Hafez al-Assad", 3),
                node("Damascus", 2),
                node("Mascara", 1),
            ],
            edges: Vec::new(),
        };
        // The name itself first, even when a more mentioned node holds it.
        assert_eq!(net.find("assad"), Some(1));
        // Then a name starting with it, then one with a word starting with it.
        assert_eq!(net.find("  Hafez "), Some(2));
        assert_eq!(net.find("al-"), Some(0));
        assert_eq!(net.find("masc"), Some(4));
        // Then anywhere inside; nothing for an unknown or empty name.
        assert_eq!(net.find("ascu"), Some(3));
        assert_eq!(net.find("Homs"), None);
        assert_eq!(net.find(" "), None);
    }

    #[test]
    fn weights_count_paragraphs_that_mention_both() {
        let a = "Putin met Sharaa in Moscow.\nPutin and Sharaa spoke again.\nErdogan waited.";
        let b = "Sharaa returned to Damascus.\nPutin called Sharaa.";
        let c = corpus(&[("a.txt", a), ("b.txt", b)]);
        let per = EntityKind::Person;
        let index = EntityIndex::build([
            (
                "a.txt".to_owned(),
                Arc::new(vec![
                    mention(a, "Putin", per, 0),
                    mention(a, "Sharaa", per, 0),
                    mention(a, "Moscow", EntityKind::Loc, 0),
                    mention(a, "Putin", per, 1),
                    mention(a, "Sharaa", per, 1),
                    mention(a, "Erdogan", per, 0),
                ]),
            ),
            (
                "b.txt".to_owned(),
                Arc::new(vec![
                    mention(b, "Sharaa", per, 0),
                    mention(b, "Damascus", EntityKind::Loc, 0),
                    mention(b, "Putin", per, 0),
                    mention(b, "Sharaa", per, 1),
                ]),
            ),
        ]);
        let net = build(&index, &c, &NetworkFilter::default());
        let name = |i: usize| net.nodes[i].id.key.as_str();
        let weight = |x: &str, y: &str| {
            net.edges
                .iter()
                .find(|e| (name(e.a) == x && name(e.b) == y) || (name(e.a) == y && name(e.b) == x))
                .map(|e| e.weight)
        };
        // Two paragraphs of a.txt and one of b.txt mention Putin and Sharaa.
        assert_eq!(weight("Putin", "Sharaa"), Some(3));
        assert_eq!(weight("Sharaa", "Moscow"), Some(1));
        assert_eq!(weight("Sharaa", "Damascus"), Some(1));
        assert_eq!(weight("Putin", "Damascus"), None, "different paragraphs");
        // Erdogan shares no paragraph: left out unless isolated nodes are kept.
        assert!(net.nodes.iter().all(|n| n.id.key != "Erdogan"));
        let sharaa = net
            .nodes
            .iter()
            .find(|n| n.id.key == "Sharaa")
            .expect("node");
        assert_eq!((sharaa.mentions, sharaa.documents), (4, 2));
        assert_eq!(net.edges[0].weight, 3, "heaviest edge first");

        let heavy = build(
            &index,
            &c,
            &NetworkFilter {
                min_weight: 2,
                ..NetworkFilter::default()
            },
        );
        assert_eq!(heavy.edges.len(), 1);
        assert_eq!(heavy.nodes.len(), 2);

        let one_doc = build(
            &index,
            &c,
            &NetworkFilter {
                documents: Some(["b.txt".to_owned()].into_iter().collect()),
                keep_isolated: true,
                ..NetworkFilter::default()
            },
        );
        assert_eq!(one_doc.nodes.len(), 3);
        let only_places = build(
            &index,
            &c,
            &NetworkFilter {
                kinds: [EntityKind::Loc].into_iter().collect(),
                keep_isolated: true,
                ..NetworkFilter::default()
            },
        );
        assert_eq!(only_places.nodes.len(), 2);
        assert!(only_places.edges.is_empty());
    }
}

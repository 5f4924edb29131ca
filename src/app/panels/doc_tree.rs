//! The document list as a tree: a file's parts (the messages of a mailbox, a message's
//! attachments, an archive's members) under it, the places of an exact copy pointing at
//! the one document, and a near-copy group's other versions under its first. The tree is
//! built when the documents, the filter or the order change; the rows (what is expanded)
//! are flattened from it, which is linear in the rows shown and cheap enough for 100,000
//! parts. Grouped by conversation, a mailbox's messages of one thread sit under a node of
//! their own (the thread's subject), oldest first. Nothing here draws.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::corpus::thread::{Threads, conversation_subject};
use crate::corpus::{CopyPlace, Document, NearCopies};
use crate::session::MissingDocument;

/// What a node of the tree stands for.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeKind {
    /// A document of the corpus (index into the documents).
    Doc(usize),
    /// Another place of an exact copy (index into the copy places), opening `of`, the
    /// document's index.
    Copy { place: usize, of: usize },
    /// Another version of the document above it (a near-copy), with its similarity.
    Near { doc: usize, similarity: f32 },
    /// A file with no text of its own that holds parts (a mailbox, a zip).
    Container,
    /// The messages of one conversation (thread number) under their mailbox, oldest
    /// first: only while the list is grouped by conversation.
    Conversation { thread: usize },
    /// A document whose file is gone (index into the missing documents).
    Missing(usize),
}

/// A node: what it stands for, its id and title, and its children in list order.
#[derive(Clone, Debug)]
pub struct Node {
    pub kind: NodeKind,
    pub id: String,
    pub title: String,
    /// The folder it is listed under (roots only).
    pub folder: String,
    pub children: Vec<usize>,
    /// The parts below it, at every depth, that match the filter.
    pub parts: usize,
    /// Its near-copies listed below it.
    pub near: usize,
    /// The node or a node below it matches the filter.
    pub shown: bool,
}

/// The nodes as they are added, with their parents' ids.
struct Builder {
    nodes: Vec<Node>,
    parents: Vec<Option<String>>,
    by_id: HashMap<String, usize>,
}

impl Builder {
    fn push(&mut self, kind: NodeKind, id: &str, title: &str, parent: Option<String>) {
        self.by_id.insert(id.to_owned(), self.nodes.len());
        self.nodes.push(Node {
            kind,
            id: id.to_owned(),
            title: title.to_owned(),
            folder: String::new(),
            children: Vec::new(),
            parts: 0,
            near: 0,
            shown: false,
        });
        self.parents.push(parent);
    }
}

/// How siblings are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Name,
    Date,
    Annotations,
}

/// What the tree is built from.
pub struct TreeInput<'a> {
    pub documents: &'a [Arc<Document>],
    pub copies: &'a [CopyPlace],
    pub near: &'a NearCopies,
    pub missing: &'a [MissingDocument],
    /// Lower-cased; empty for no filter.
    pub needle: &'a str,
    pub order: Order,
    pub annotation_counts: &'a HashMap<String, usize>,
    /// The corpus's conversations when the list is grouped by them; `None` groups by file.
    pub threads: Option<&'a Threads>,
}

/// The tree: nodes and the roots, each root with its folder, in list order.
#[derive(Clone, Debug, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    pub roots: Vec<usize>,
    /// The documents that match the filter (parts included, copies' places not).
    pub matching: usize,
}

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
pub enum Row {
    Folder {
        name: String,
        count: usize,
        collapsed: bool,
    },
    Node {
        node: usize,
        depth: usize,
        expanded: bool,
    },
}

impl Tree {
    /// The tree of `input` (see the module doc).
    pub fn build(input: &TreeInput) -> Self {
        let capacity = input.documents.len() + input.copies.len();
        let mut b = Builder {
            nodes: Vec::with_capacity(capacity),
            parents: Vec::with_capacity(capacity),
            by_id: HashMap::with_capacity(capacity),
        };
        for (i, d) in input.documents.iter().enumerate() {
            b.push(NodeKind::Doc(i), &d.path, &d.title, d.parent.clone());
        }
        let index_of = |id: &str| {
            input
                .documents
                .binary_search_by(|d| d.path.as_str().cmp(id))
                .ok()
        };
        for (p, place) in input.copies.iter().enumerate() {
            if let Some(of) = index_of(&place.of) {
                let kind = NodeKind::Copy { place: p, of };
                b.push(kind, &place.id, &place.title, place.parent.clone());
            }
        }
        for (m, missing) in input.missing.iter().enumerate() {
            b.push(NodeKind::Missing(m), &missing.path, &missing.title, None);
        }
        // Parents that are not documents (a mailbox, a zip): containers, placed under the
        // longest id they continue, if any.
        let mut containers: Vec<String> = b
            .parents
            .iter()
            .flatten()
            .filter(|p| !b.by_id.contains_key(p.as_str()))
            .cloned()
            .collect();
        containers.sort();
        containers.dedup();
        for id in &containers {
            let title = id.rsplit(['/', '#']).next().unwrap_or(id);
            b.push(NodeKind::Container, id, title, None);
        }
        let Builder {
            mut nodes,
            mut parents,
            mut by_id,
        } = b;
        let start = nodes.len() - containers.len();
        for (offset, id) in containers.iter().enumerate() {
            parents[start + offset] = id
                .char_indices()
                .rev()
                .filter(|&(_, c)| c == '/' || c == '#')
                .map(|(at, _)| &id[..at])
                .find(|prefix| by_id.contains_key(*prefix))
                .map(str::to_owned);
        }
        if let Some(threads) = input.threads {
            group_conversations(&mut nodes, &mut parents, &mut by_id, input, threads);
        }
        // Near-copies: the group's other versions under its first document.
        let mut near_children: Vec<(usize, usize, f32)> = Vec::new();
        for group in input.near.groups() {
            let Some(first) = index_of(&group.members[0].0) else {
                continue;
            };
            for (id, similarity) in &group.members[1..] {
                if let Some(doc) = index_of(id) {
                    near_children.push((first, doc, *similarity));
                }
            }
        }
        let mut roots = Vec::new();
        for (node, parent) in parents.iter().enumerate() {
            match parent.as_deref().and_then(|p| by_id.get(p)) {
                Some(&p) if p != node => nodes[p].children.push(node),
                _ => roots.push(node),
            }
        }
        for (first, doc, similarity) in near_children {
            let d = &input.documents[doc];
            let id = d.path.clone();
            nodes.push(Node {
                kind: NodeKind::Near { doc, similarity },
                title: d.title.clone(),
                id,
                folder: String::new(),
                children: Vec::new(),
                parts: 0,
                near: 0,
                shown: false,
            });
            let node = nodes.len() - 1;
            nodes[first].children.push(node);
        }
        let mut tree = Self {
            nodes,
            roots,
            matching: 0,
        };
        tree.filter_and_count(input);
        tree.order(input);
        tree
    }

    /// Marks the nodes shown under the filter and counts each node's matching parts.
    fn filter_and_count(&mut self, input: &TreeInput) {
        // Children before parents: an iterative post-order from the roots.
        let mut order = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.clone();
        while let Some(n) = stack.pop() {
            order.push(n);
            stack.extend(self.nodes[n].children.iter().copied());
        }
        let mut matching = 0;
        for &n in order.iter().rev() {
            let node = &self.nodes[n];
            let matches = input.needle.is_empty()
                || node.title.to_lowercase().contains(input.needle)
                || node.id.to_lowercase().contains(input.needle);
            let (mut parts, mut near) = (0, 0);
            let mut below = false;
            for &c in &node.children {
                let child = &self.nodes[c];
                below |= child.shown;
                if !child.shown {
                    continue;
                }
                match child.kind {
                    NodeKind::Near { .. } => near += 1,
                    // Not a part itself: its messages are.
                    NodeKind::Conversation { .. } => parts += child.parts,
                    _ => parts += 1 + child.parts,
                }
            }
            // Documents, each once: a copy's places and a near-copy's entry under its
            // group are the same documents again.
            if matches && matches!(node.kind, NodeKind::Doc(_) | NodeKind::Missing(_)) {
                matching += 1;
            }
            let node = &mut self.nodes[n];
            node.shown = matches || below;
            node.parts = parts;
            node.near = near;
        }
        self.matching = matching;
        for &r in &self.roots {
            let id = &self.nodes[r].id;
            let folder = id.rsplit_once('/').map_or("", |(dir, _)| dir).to_owned();
            self.nodes[r].folder = folder;
        }
    }

    /// Sorts the roots by folder, then every sibling list by the order asked for.
    fn order(&mut self, input: &TreeInput) {
        let date = |kind: NodeKind| -> Option<&str> {
            input.documents[document_of(kind)?].meta.date.as_deref()
        };
        let nodes = &self.nodes;
        // A conversation is as recent as its newest message.
        let dates: Vec<Option<&str>> = if input.order == Order::Date {
            nodes
                .iter()
                .map(|n| match n.kind {
                    NodeKind::Conversation { .. } => {
                        n.children.iter().filter_map(|&c| date(nodes[c].kind)).max()
                    }
                    kind => date(kind),
                })
                .collect()
        } else {
            Vec::new()
        };
        // A message's place in its thread: a conversation's messages oldest first, whatever
        // the list's order.
        let in_thread = |node: usize| -> Option<usize> {
            let doc = document_of(nodes[node].kind)?;
            input.threads?.position(&input.documents[doc].path)
        };
        let count = |node: &Node| -> usize {
            let id = match node.kind {
                NodeKind::Copy { of, .. } => input.documents[of].path.as_str(),
                _ => node.id.as_str(),
            };
            input.annotation_counts.get(id).copied().unwrap_or(0)
        };
        let key = |&a: &usize, &b: &usize| {
            let (na, nb) = (&nodes[a], &nodes[b]);
            match input.order {
                Order::Name => std::cmp::Ordering::Equal,
                Order::Date => dates.get(b).cmp(&dates.get(a)),
                Order::Annotations => count(nb).cmp(&count(na)),
            }
            .then_with(|| na.id.cmp(&nb.id))
        };
        let folder_then = |a: &usize, b: &usize| {
            let folder = nodes[*a].folder.cmp(&nodes[*b].folder);
            match input.order {
                // By title within a folder, lower-cased once per node below.
                Order::Name => folder,
                _ => folder.then_with(|| key(a, b)),
            }
        };
        let mut roots = std::mem::take(&mut self.roots);
        roots.retain(|&r| nodes[r].shown);
        // Titles lower-cased once per node, not once per comparison.
        let lower: Vec<String> = if input.order == Order::Name {
            nodes
                .iter()
                .map(|n| {
                    if n.shown {
                        n.title.to_lowercase()
                    } else {
                        String::new()
                    }
                })
                .collect()
        } else {
            Vec::new()
        };
        let by_name =
            |a: &usize, b: &usize| lower.get(*a).cmp(&lower.get(*b)).then_with(|| key(a, b));
        roots.sort_by(|a, b| folder_then(a, b).then_with(|| by_name(a, b)));
        let mut children: Vec<Vec<usize>> = Vec::with_capacity(nodes.len());
        for node in nodes {
            let mut c: Vec<usize> = node
                .children
                .iter()
                .copied()
                .filter(|&c| nodes[c].shown)
                .collect();
            if matches!(node.kind, NodeKind::Conversation { .. }) {
                c.sort_by(|a, b| in_thread(*a).cmp(&in_thread(*b)).then_with(|| key(a, b)));
            } else if input.order == Order::Name {
                c.sort_by(&by_name);
            } else {
                c.sort_by(&key);
            }
            children.push(c);
        }
        for (node, c) in self.nodes.iter_mut().zip(children) {
            node.children = c;
        }
        self.roots = roots;
    }

    /// The rows: folders as headings (collapsed ones without their documents), each node
    /// with the nodes below it when it is expanded (every node is while a filter is on,
    /// so that matches show under their file).
    pub fn rows(
        &self,
        collapsed_folders: &HashSet<String>,
        expanded: &HashSet<String>,
        filtering: bool,
    ) -> Vec<Row> {
        let mut rows = Vec::with_capacity(self.roots.len() + 16);
        let mut i = 0;
        while i < self.roots.len() {
            let folder = &self.nodes[self.roots[i]].folder;
            let end = self.roots[i..]
                .iter()
                .position(|&r| self.nodes[r].folder != *folder)
                .map_or(self.roots.len(), |n| i + n);
            let collapsed = collapsed_folders.contains(folder);
            if !folder.is_empty() {
                rows.push(Row::Folder {
                    name: folder.clone(),
                    count: self.roots[i..end]
                        .iter()
                        .map(|&r| {
                            let node = &self.nodes[r];
                            usize::from(node.kind != NodeKind::Container) + node.parts
                        })
                        .sum(),
                    collapsed,
                });
            }
            if !collapsed || folder.is_empty() {
                for &root in &self.roots[i..end] {
                    self.push_rows(&mut rows, root, 0, expanded, filtering);
                }
            }
            i = end;
        }
        rows
    }

    fn push_rows(
        &self,
        rows: &mut Vec<Row>,
        root: usize,
        depth: usize,
        expanded: &HashSet<String>,
        filtering: bool,
    ) {
        let mut stack = vec![(root, depth)];
        while let Some((node, depth)) = stack.pop() {
            let n = &self.nodes[node];
            let open = !n.children.is_empty() && (filtering || expanded.contains(&n.id));
            rows.push(Row::Node {
                node,
                depth,
                expanded: open,
            });
            if open {
                stack.extend(n.children.iter().rev().map(|&c| (c, depth + 1)));
            }
        }
    }

    /// The dates of a conversation's oldest and newest messages shown (RFC 3339, as the
    /// mail reader writes them), when they have one.
    pub fn conversation_dates<'a>(
        &self,
        node: usize,
        documents: &'a [Arc<Document>],
    ) -> Option<(&'a str, &'a str)> {
        let date = |c: &usize| {
            let doc = document_of(self.nodes.get(*c)?.kind)?;
            documents.get(doc)?.meta.date.as_deref()
        };
        let children = &self.nodes.get(node)?.children;
        let first = children.iter().find_map(date)?;
        let last = children.iter().rev().find_map(date)?;
        Some((first, last))
    }

    /// What is above the document `doc` (to open it to show it): the folder its root is
    /// listed under (`None` for the top level, or when `doc` is not in the tree) and the
    /// ids of the nodes above it.
    pub fn ancestors_of(&self, doc: usize) -> (Option<String>, Vec<String>) {
        let mut parent: HashMap<usize, usize> = HashMap::new();
        for (p, node) in self.nodes.iter().enumerate() {
            for &c in &node.children {
                parent.insert(c, p);
            }
        }
        let Some(mut at) = self.nodes.iter().position(|n| n.kind == NodeKind::Doc(doc)) else {
            return (None, Vec::new());
        };
        let mut out = Vec::new();
        while let Some(&p) = parent.get(&at) {
            out.push(self.nodes[p].id.clone());
            at = p;
        }
        let folder = &self.nodes[at].folder;
        (Some(folder.clone()).filter(|f| !f.is_empty()), out)
    }
}

/// The document a node opens, if any.
fn document_of(kind: NodeKind) -> Option<usize> {
    match kind {
        NodeKind::Doc(i) | NodeKind::Copy { of: i, .. } | NodeKind::Near { doc: i, .. } => Some(i),
        NodeKind::Container | NodeKind::Conversation { .. } | NodeKind::Missing(_) => None,
    }
}

/// Moves the messages (and copies' places of messages) of one thread under one parent
/// into a conversation node of their own under that parent, when there are two or more:
/// a message alone in its thread stays where it is, so a mailbox of unrelated messages
/// reads as before.
fn group_conversations(
    nodes: &mut Vec<Node>,
    parents: &mut Vec<Option<String>>,
    by_id: &mut HashMap<String, usize>,
    input: &TreeInput,
    threads: &Threads,
) {
    let mut groups: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
    for (node, parent) in parents.iter().enumerate() {
        let (Some(doc), Some(parent)) = (document_of(nodes[node].kind), parent) else {
            continue;
        };
        if let Some(thread) = threads.thread_number(&input.documents[doc].path) {
            groups.entry((parent, thread)).or_default().push(node);
        }
    }
    let mut groups: Vec<((String, usize), Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, members)| members.len() > 1)
        .map(|((parent, thread), members)| ((parent.to_owned(), thread), members))
        .collect();
    groups.sort_unstable();
    for ((parent, thread), members) in groups {
        // Named by its oldest message's subject.
        let oldest = members
            .iter()
            .filter_map(|&m| {
                let doc = &input.documents[document_of(nodes[m].kind)?];
                Some((threads.position(&doc.path)?, doc))
            })
            .min_by_key(|(position, _)| *position);
        let title = oldest.map_or("", |(_, doc)| conversation_subject(&doc.title));
        let title = if title.is_empty() {
            "(no subject)"
        } else {
            title
        };
        // A control character no document id holds: never mistaken for a part.
        let id = format!("{parent}\u{1f}conversation {thread}");
        by_id.insert(id.clone(), nodes.len());
        nodes.push(Node {
            kind: NodeKind::Conversation { thread },
            id: id.clone(),
            title: title.to_owned(),
            folder: String::new(),
            children: Vec::new(),
            parts: 0,
            near: 0,
            shown: false,
        });
        parents.push(Some(parent));
        for m in members {
            parents[m] = Some(id.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, parent: Option<&str>, text: &str) -> Arc<Document> {
        let mut d = Document::from_plain_text(path, text);
        d.parent = parent.map(str::to_owned);
        Arc::new(d)
    }

    fn corpus() -> crate::corpus::Corpus {
        let documents = vec![
            doc("mail/in.mbox#1", Some("mail/in.mbox"), "First message."),
            doc(
                "mail/in.mbox#1/budget.txt",
                Some("mail/in.mbox#1"),
                "Budget: 3 million.",
            ),
            doc("mail/in.mbox#2", Some("mail/in.mbox"), "Second message."),
            doc(
                "mail/in.mbox#2/budget.txt",
                Some("mail/in.mbox#2"),
                "Budget: 3 million.",
            ),
            doc("notes.txt", None, "Notes."),
        ];
        crate::corpus::Corpus::of_documents(Default::default(), documents, Default::default())
    }

    fn titles(tree: &Tree, rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                Row::Folder { name, count, .. } => format!("{name}/ {count}"),
                Row::Node { node, depth, .. } => {
                    let n = &tree.nodes[*node];
                    format!("{}{} {}", "  ".repeat(*depth), n.id, n.parts)
                }
            })
            .collect()
    }

    fn build(corpus: &crate::corpus::Corpus, needle: &str) -> Tree {
        Tree::build(&TreeInput {
            documents: &corpus.documents,
            copies: corpus.copies.places(),
            near: &corpus.near,
            missing: &[],
            needle,
            order: Order::Name,
            annotation_counts: &HashMap::new(),
            threads: None,
        })
    }

    /// A message of `inbox.mbox` replying to `replies_to`, sent on `day` of March 2024.
    fn message(id: &str, replies_to: &str, day: u8, subject: &str) -> Arc<Document> {
        let mut d = Document::from_plain_text(&format!("inbox.mbox#{id}"), subject);
        d.parent = Some("inbox.mbox".to_owned());
        d.title = subject.to_owned();
        d.meta.date = Some(format!("2024-03-{day:02}T10:00:00Z"));
        d.meta.set("message_id", id.to_owned());
        if !replies_to.is_empty() {
            d.meta.set("in_reply_to", replies_to.to_owned());
        }
        Arc::new(d)
    }

    #[test]
    fn grouped_by_conversation_a_threads_messages_sit_under_its_subject_oldest_first() {
        let mut documents = vec![
            // Path order is not date order: "a" answers "z", which came first.
            message("a", "z", 6, "Re: Re: Lease"),
            message("b", "", 5, "Unrelated"),
            message("m", "z", 5, "Re: Lease"),
            message("z", "", 4, "Lease"),
            doc("inbox.mbox#a/terms.txt", Some("inbox.mbox#a"), "The terms."),
        ];
        documents.sort_by(|x, y| x.path.cmp(&y.path));
        let corpus =
            crate::corpus::Corpus::of_documents(Default::default(), documents, Default::default());
        for order in [Order::Name, Order::Date, Order::Annotations] {
            let tree = Tree::build(&TreeInput {
                documents: &corpus.documents,
                copies: corpus.copies.places(),
                near: &corpus.near,
                missing: &[],
                needle: "",
                order,
                annotation_counts: &HashMap::new(),
                threads: Some(&corpus.threads),
            });
            let conversation = tree
                .nodes
                .iter()
                .position(|n| matches!(n.kind, NodeKind::Conversation { .. }))
                .expect("a conversation");
            let id = tree.nodes[conversation].id.clone();
            let expanded: HashSet<String> =
                ["inbox.mbox".to_owned(), id, "inbox.mbox#a".to_owned()].into();
            let rows = tree.rows(&HashSet::new(), &expanded, false);
            let shown: Vec<String> = rows
                .iter()
                .map(|r| match r {
                    Row::Node { node, depth, .. } => {
                        let n = &tree.nodes[*node];
                        format!("{}{} {}", "  ".repeat(*depth), n.title, n.parts)
                    }
                    Row::Folder { .. } => "folder".to_owned(),
                })
                .collect();
            // The file counts its messages and the attachment, not the conversation.
            let (lease, unrelated) = (
                [
                    "  Lease 4",
                    "    Lease 0",
                    "    Re: Lease 0",
                    "    Re: Re: Lease 1",
                    "      inbox.mbox#a/terms.txt 0",
                ],
                "  Unrelated 0",
            );
            // Under every order: the conversation is as recent as its newest message (the
            // 6th), and "lease" comes before "unrelated".
            let mut expected = vec!["inbox.mbox 5"];
            expected.extend(lease);
            expected.push(unrelated);
            assert_eq!(shown, expected, "{order:?}");
            assert_eq!(
                tree.conversation_dates(conversation, &corpus.documents),
                Some(("2024-03-04T10:00:00Z", "2024-03-06T10:00:00Z"))
            );
            let a = corpus.index_of("inbox.mbox#a").expect("a");
            let (folder, above) = tree.ancestors_of(a);
            assert_eq!(folder, None, "the mailbox is at the top level");
            assert_eq!(above[1..], ["inbox.mbox".to_owned()]);
        }
    }

    #[test]
    fn parts_are_under_their_file_collapsed_with_their_count_and_a_copy_points_at_the_document() {
        let corpus = corpus();
        let tree = build(&corpus, "");
        let none = HashSet::new();
        assert_eq!(
            titles(&tree, &tree.rows(&none, &none, false)),
            ["notes.txt 0", "mail/ 4", "mail/in.mbox 4"]
        );
        let expanded: HashSet<String> =
            ["mail/in.mbox", "mail/in.mbox#2"].map(str::to_owned).into();
        let rows = tree.rows(&none, &expanded, false);
        assert_eq!(
            titles(&tree, &rows),
            [
                "notes.txt 0",
                "mail/ 4",
                "mail/in.mbox 4",
                "  mail/in.mbox#1 1",
                "  mail/in.mbox#2 1",
                "    mail/in.mbox#2/budget.txt 0",
            ]
        );
        let Row::Node { node, .. } = rows[5] else {
            panic!("a node");
        };
        let of = corpus
            .index_of("mail/in.mbox#1/budget.txt")
            .expect("the one document");
        assert!(matches!(tree.nodes[node].kind, NodeKind::Copy { of: o, .. } if o == of));
        assert_eq!(
            tree.ancestors_of(of),
            (
                Some("mail".to_owned()),
                vec!["mail/in.mbox#1".to_owned(), "mail/in.mbox".to_owned()]
            )
        );
    }

    #[test]
    fn a_filter_shows_the_parts_it_matches_under_their_file() {
        let corpus = corpus();
        let tree = build(&corpus, "#2");
        let none = HashSet::new();
        assert_eq!(
            titles(&tree, &tree.rows(&none, &none, true)),
            [
                "mail/ 2",
                "mail/in.mbox 2",
                "  mail/in.mbox#2 1",
                "    mail/in.mbox#2/budget.txt 0",
            ]
        );
        // The message; the attachment is a place of a copy of the first message's.
        assert_eq!(tree.matching, 1);
    }
}

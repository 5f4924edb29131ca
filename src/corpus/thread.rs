//! Conversations: the messages of the corpus linked by their In-Reply-To and References
//! headers into threads, each in date order, so that the reader can go to the previous
//! and next message of a thread and the document list can group a mailbox by
//! conversation.
//!
//! Messages are joined when one names the other (or both name a third, even one missing
//! from the corpus), across files: a reply in `sent.mbox` joins its message in
//! `inbox.mbox`. Built in one pass over the documents (union-find on the message ids);
//! documents that are not email are in no thread. An id that unrelated messages share
//! (claimed by messages of different subjects) joins only the messages whose subject,
//! without "Re:"/"Fwd:", or whose References chain agrees.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::Document;

/// The threads of a corpus (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct Threads {
    /// The documents (ids) of every thread, thread after thread, each oldest first.
    ids: Vec<String>,
    /// Where each thread starts in `ids`, and after the last, the end of `ids`.
    starts: Vec<usize>,
    /// The positions in `ids`, in the order of their ids: a document's place is found
    /// by binary search (a map of every id would hold every id a second time).
    by_id: Vec<usize>,
}

impl Threads {
    /// The threads of `documents` (see the module doc).
    pub fn of<'a>(documents: &'a [Arc<Document>]) -> Self {
        // Each message: its document, its own id, its subject and the ids it names (a
        // range of `named`, one list for all).
        let mut found: Vec<Message> = Vec::new();
        let mut named: Vec<&str> = Vec::new();
        for (i, doc) in documents.iter().enumerate() {
            let extra = &doc.meta.extra;
            let Some(own) = extra.get("message_id").map(String::as_str).or_else(|| {
                (extra.contains_key("in_reply_to") || extra.contains_key("references"))
                    .then_some(doc.path.as_str())
            }) else {
                continue;
            };
            let first = named.len();
            named.extend(
                ["in_reply_to", "references"]
                    .into_iter()
                    .filter_map(|key| extra.get(key))
                    .flat_map(|ids| ids.split_whitespace())
                    .filter(|&other| other != own),
            );
            found.push(Message {
                doc: i,
                own,
                subject: conversation_subject(&doc.title),
                named: first..named.len(),
            });
        }
        let named_by = |m: &Message| &named[m.named.clone()];
        // Messages claiming one id: more than one subject among them means the id was
        // reused by unrelated messages (a broken generator, a test tool), which must not
        // make one conversation of them. Almost every id has one claim: the list of claims
        // is kept only for the others.
        let mut owners: HashMap<&str, Claims> = HashMap::with_capacity(found.len());
        for (m, message) in found.iter().enumerate() {
            owners
                .entry(message.own)
                .and_modify(|claims| {
                    let first = &found[claims.first];
                    claims.reused |= !same_subject(first.subject, message.subject);
                    claims.more.push(m);
                })
                .or_insert(Claims {
                    first: m,
                    more: Vec::new(),
                    reused: false,
                });
        }
        let reused = |id: &str| owners.get(id).is_some_and(|claims| claims.reused);
        let mut sets = UnionFind::with_capacity(found.len() + named.len());
        // A message's own node: for a reused id, the id with its subject.
        let node_of = |sets: &mut UnionFind<'a>, message: &Message<'a>| {
            if reused(message.own) {
                let subject = message.subject.to_lowercase();
                sets.node(Cow::Owned(format!("{}\u{0}{subject}", message.own)))
            } else {
                sets.node(Cow::Borrowed(message.own))
            }
        };
        let mut messages: Vec<(usize, usize)> = Vec::with_capacity(found.len());
        for message in &found {
            let node = node_of(&mut sets, message);
            for &other in named_by(message) {
                let Some(claims) = owners.get(other).filter(|c| c.reused) else {
                    let other = sets.node(Cow::Borrowed(other));
                    sets.join(node, other);
                    continue;
                };
                // A reused id: joined to the messages claiming it that this one's subject
                // or References chain agrees with, and to no other.
                for claim in std::iter::once(claims.first).chain(claims.more.iter().copied()) {
                    let claimed = &found[claim];
                    let claimed_named = named_by(claimed);
                    let chain_agrees = !claimed_named.is_empty()
                        && claimed_named
                            .iter()
                            .all(|id| named_by(message).contains(id));
                    if same_subject(claimed.subject, message.subject) || chain_agrees {
                        let other = node_of(&mut sets, claimed);
                        sets.join(node, other);
                    }
                }
            }
            messages.push((sets.root(node), message.doc));
        }
        // The roots found above may have been joined since: each message's final root.
        for (root, _) in &mut messages {
            *root = sets.root(*root);
        }
        // Each thread's documents together, oldest first (undated last, then by id); the
        // dates read only for threads of more than one message.
        messages.sort_unstable();
        let mut threads: Vec<Range<usize>> = Vec::new();
        for (i, &(root, _)) in messages.iter().enumerate() {
            match threads.last_mut() {
                Some(last) if messages[last.start].0 == root => last.end = i + 1,
                _ => threads.push(i..i + 1),
            }
        }
        for thread in threads.iter().filter(|t| t.len() > 1) {
            let members = &mut messages[thread.clone()];
            let mut dated: Vec<(bool, Option<jiff::Timestamp>, usize)> = members
                .iter()
                .map(|&(_, d)| {
                    let sent = sent_at(&documents[d]);
                    (sent.is_none(), sent, d)
                })
                .collect();
            dated.sort_by(|a, b| {
                (a.0, a.1)
                    .cmp(&(b.0, b.1))
                    .then_with(|| documents[a.2].path.cmp(&documents[b.2].path))
            });
            for (member, (_, _, d)) in members.iter_mut().zip(dated) {
                member.1 = d;
            }
        }
        // Threads in the order of their lists of ids.
        let path = |i: usize| documents[messages[i].1].path.as_str();
        threads.sort_unstable_by(|a, b| a.clone().map(path).cmp(b.clone().map(path)));
        let mut ids = Vec::with_capacity(messages.len());
        let mut starts = Vec::with_capacity(threads.len() + 1);
        for thread in threads {
            starts.push(ids.len());
            ids.extend(thread.map(|i| path(i).to_owned()));
        }
        starts.push(ids.len());
        let mut by_id: Vec<usize> = (0..ids.len()).collect();
        by_id.sort_unstable_by(|&a, &b| ids[a].cmp(&ids[b]));
        Self { ids, starts, by_id }
    }

    /// The thread of `id` and its position in it, if it is a message.
    fn place(&self, id: &str) -> Option<(usize, usize)> {
        let found = self
            .by_id
            .binary_search_by(|&i| self.ids[i].as_str().cmp(id))
            .ok()?;
        let at = self.by_id[found];
        let thread = self.starts.partition_point(|&start| start <= at) - 1;
        Some((thread, at - self.starts[thread]))
    }

    /// The members of thread `t`.
    fn members(&self, t: usize) -> &[String] {
        &self.ids[self.starts[t]..self.starts[t + 1]]
    }

    /// The thread of the document `id` (its messages oldest first), if it is a message.
    pub fn thread_of(&self, id: &str) -> Option<&[String]> {
        let (t, _) = self.place(id)?;
        Some(self.members(t))
    }

    /// The thread's number of the document `id`, the same for every message of a thread
    /// (for grouping a document list by conversation).
    pub fn thread_number(&self, id: &str) -> Option<usize> {
        self.place(id).map(|(t, _)| t)
    }

    /// Where the document `id` is in its thread (0 for the oldest message).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.place(id).map(|(_, p)| p)
    }

    /// The messages before and after the document `id` in its thread.
    pub fn neighbours(&self, id: &str) -> (Option<&str>, Option<&str>) {
        let Some((t, p)) = self.place(id) else {
            return (None, None);
        };
        let members = self.members(t);
        let previous = p.checked_sub(1).map(|p| members[p].as_str());
        let next = members.get(p + 1).map(String::as_str);
        (previous, next)
    }

    /// Every thread of more than one message, each oldest first.
    pub fn conversations(&self) -> impl Iterator<Item = &[String]> {
        self.starts
            .windows(2)
            .filter(|w| w[1] - w[0] > 1)
            .map(|w| &self.ids[w[0]..w[1]])
    }
}

/// The messages claiming one id: the first, the others, and whether their subjects differ.
struct Claims {
    first: usize,
    more: Vec<usize>,
    reused: bool,
}

/// Whether two conversations' subjects are the same, case aside.
fn same_subject(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

/// A conversation's subject from one of its messages' subjects: without the "Re:",
/// "Fwd:" and the like that replies and forwards put in front (in English, German and
/// French mail programs' spellings), so that a thread reads as what it is about.
pub fn conversation_subject(subject: &str) -> &str {
    const PREFIXES: [&str; 9] = ["re", "fwd", "fw", "aw", "wg", "tr", "sv", "vs", "antw"];
    let mut rest = subject.trim();
    loop {
        let Some((head, tail)) = rest.split_once(':') else {
            return rest;
        };
        // "Re[2]:" and "RE :" too.
        let word = head.trim_end();
        let word = word.split_once('[').map_or(word, |(w, _)| w);
        if !PREFIXES.iter().any(|p| word.eq_ignore_ascii_case(p)) || tail.trim().is_empty() {
            return rest;
        }
        rest = tail.trim_start();
    }
}

/// A message as threading sees it.
struct Message<'a> {
    doc: usize,
    own: &'a str,
    /// Its conversation's subject ([`conversation_subject`]).
    subject: &'a str,
    /// The ids its In-Reply-To and References name: a range of one list for all.
    named: Range<usize>,
}

/// When a message was sent, from its date (RFC 3339, as the mail reader writes it).
fn sent_at(doc: &Document) -> Option<jiff::Timestamp> {
    doc.meta.date.as_deref()?.parse().ok()
}

/// Sets of message ids, joined; the ids borrowed from the documents.
struct UnionFind<'a> {
    ids: HashMap<Cow<'a, str>, usize>,
    parent: Vec<usize>,
}

impl<'a> UnionFind<'a> {
    fn with_capacity(n: usize) -> Self {
        Self {
            ids: HashMap::with_capacity(n),
            parent: Vec::with_capacity(n),
        }
    }

    fn node(&mut self, id: Cow<'a, str>) -> usize {
        if let Some(&n) = self.ids.get(id.as_ref()) {
            return n;
        }
        let n = self.parent.len();
        self.parent.push(n);
        self.ids.insert(id, n);
        n
    }

    fn root(&mut self, mut n: usize) -> usize {
        while self.parent[n] != n {
            self.parent[n] = self.parent[self.parent[n]];
            n = self.parent[n];
        }
        n
    }

    fn join(&mut self, a: usize, b: usize) {
        let (a, b) = (self.root(a), self.root(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(path: &str, id: &str, replies_to: &str, date: &str) -> Arc<Document> {
        let mut doc = Document::from_plain_text(path, "text");
        doc.meta.date = Some(date.to_owned());
        doc.meta.set("message_id", id.to_owned());
        doc.meta.set("in_reply_to", replies_to.to_owned());
        Arc::new(doc)
    }

    #[test]
    fn replies_join_their_messages_in_date_order_across_files() {
        let docs = vec![
            message("inbox.mbox#a", "a", "", "2024-03-04T10:00:00Z"),
            message("inbox.mbox#c", "c", "b", "2024-03-06T10:00:00Z"),
            message("inbox.mbox#x", "x", "", "2024-03-05T10:00:00Z"),
            message("sent.mbox#b", "b", "a", "2024-03-05T09:00:00Z"),
            Arc::new(Document::from_plain_text("notes.txt", "not a message")),
        ];
        let threads = Threads::of(&docs);
        assert_eq!(
            threads.thread_of("inbox.mbox#c").expect("a thread"),
            ["inbox.mbox#a", "sent.mbox#b", "inbox.mbox#c"]
        );
        assert_eq!(
            threads.neighbours("sent.mbox#b"),
            (Some("inbox.mbox#a"), Some("inbox.mbox#c"))
        );
        assert_eq!(
            threads.neighbours("inbox.mbox#a"),
            (None, Some("sent.mbox#b"))
        );
        assert_eq!(threads.neighbours("inbox.mbox#x"), (None, None));
        assert_eq!(threads.neighbours("notes.txt"), (None, None));
        assert_eq!(
            threads.thread_number("inbox.mbox#a"),
            threads.thread_number("inbox.mbox#c")
        );
        assert_ne!(
            threads.thread_number("inbox.mbox#a"),
            threads.thread_number("inbox.mbox#x")
        );
        assert_eq!(threads.conversations().count(), 1);
        assert_eq!(threads.position("inbox.mbox#a"), Some(0));
        assert_eq!(threads.position("inbox.mbox#c"), Some(2));
        assert_eq!(threads.position("notes.txt"), None);
    }

    fn titled(path: &str, id: &str, replies_to: &str, subject: &str) -> Arc<Document> {
        let mut doc = Arc::unwrap_or_clone(message(path, id, replies_to, "2024-03-04T10:00:00Z"));
        doc.title = subject.to_owned();
        Arc::new(doc)
    }

    #[test]
    fn unrelated_messages_sharing_an_id_are_two_conversations() {
        let docs = vec![
            titled("a.mbox#1", "<1@tool>", "", "Budget for March"),
            titled("b.mbox#1", "<1@tool>", "", "Lunch on Friday"),
            titled("a.mbox#2", "<2@tool>", "<1@tool>", "Re: Budget for March"),
            titled("b.mbox#2", "<3@tool>", "<1@tool>", "RE: lunch on friday"),
        ];
        let threads = Threads::of(&docs);
        assert_eq!(
            threads.thread_of("a.mbox#1").expect("a thread"),
            ["a.mbox#1", "a.mbox#2"]
        );
        assert_eq!(
            threads.thread_of("b.mbox#1").expect("a thread"),
            ["b.mbox#1", "b.mbox#2"]
        );
        assert_eq!(threads.conversations().count(), 2);

        // The same message in two mailboxes (one subject) is still one conversation, and a
        // reply under a new subject whose References chain agrees joins it.
        let docs = vec![
            titled("a.mbox#1", "<1@x>", "<0@x>", "Budget"),
            titled("b.mbox#1", "<1@x>", "<0@x>", "Budget"),
            titled("c.mbox#1", "<1@x>", "", "Lunch"),
            titled("a.mbox#2", "<2@x>", "<0@x> <1@x>", "New subject"),
        ];
        let threads = Threads::of(&docs);
        assert_eq!(
            threads.thread_of("a.mbox#2").expect("a thread"),
            ["a.mbox#1", "a.mbox#2", "b.mbox#1"]
        );
        assert_eq!(threads.thread_of("c.mbox#1").expect("alone"), ["c.mbox#1"]);
    }

    #[test]
    fn a_conversation_is_named_by_its_subject_without_reply_and_forward_marks() {
        assert_eq!(conversation_subject("Re: Re: Audit"), "Audit");
        assert_eq!(conversation_subject("RE[2]: Fwd:Audit"), "Audit");
        assert_eq!(conversation_subject("AW: WG: Prüfung"), "Prüfung");
        assert_eq!(conversation_subject("  Audit  "), "Audit");
        // Not a prefix: kept as written.
        assert_eq!(conversation_subject("Note: the lease"), "Note: the lease");
        assert_eq!(conversation_subject("Re:"), "Re:");
        assert_eq!(conversation_subject(""), "");
    }
}

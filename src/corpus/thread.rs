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

use std::collections::HashMap;
use std::sync::Arc;

use super::Document;

/// The threads of a corpus (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct Threads {
    /// Each thread's documents (ids), oldest first.
    threads: Vec<Vec<String>>,
    /// For each document in a thread: its thread and its position there.
    place: HashMap<String, (usize, usize)>,
}

impl Threads {
    /// The threads of `documents` (see the module doc).
    pub fn of(documents: &[Arc<Document>]) -> Self {
        // Each message: its document, its own id, its subject and the ids it names.
        let mut found: Vec<Message> = Vec::new();
        for (i, doc) in documents.iter().enumerate() {
            let extra = &doc.meta.extra;
            let Some(own) = extra.get("message_id").map(String::as_str).or_else(|| {
                (extra.contains_key("in_reply_to") || extra.contains_key("references"))
                    .then_some(doc.path.as_str())
            }) else {
                continue;
            };
            let named: Vec<&str> = ["in_reply_to", "references"]
                .into_iter()
                .filter_map(|key| extra.get(key))
                .flat_map(|ids| ids.split_whitespace())
                .filter(|&other| other != own)
                .collect();
            found.push(Message {
                doc: i,
                own,
                subject: conversation_subject(&doc.title).to_lowercase(),
                named,
            });
        }
        // Messages claiming one id: more than one subject among them means the id was
        // reused by unrelated messages (a broken generator, a test tool), which must not
        // make one conversation of them.
        let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
        for (m, message) in found.iter().enumerate() {
            owners.entry(message.own).or_default().push(m);
        }
        let reused = |id: &str| {
            owners.get(id).is_some_and(|claims| {
                claims
                    .iter()
                    .any(|&m| found[m].subject != found[claims[0]].subject)
            })
        };
        let mut sets = UnionFind::default();
        let node_of = |sets: &mut UnionFind, message: &Message| {
            if reused(message.own) {
                sets.node(&format!("{}\u{0}{}", message.own, message.subject))
            } else {
                sets.node(message.own)
            }
        };
        let mut messages: Vec<(usize, usize)> = Vec::new();
        for message in &found {
            let node = node_of(&mut sets, message);
            for &other in &message.named {
                if !reused(other) {
                    let other = sets.node(other);
                    sets.join(node, other);
                    continue;
                }
                // A reused id: joined to the messages claiming it that this one's subject
                // or References chain agrees with, and to no other.
                for &claim in owners.get(other).into_iter().flatten() {
                    let claimed = &found[claim];
                    let chain_agrees = !claimed.named.is_empty()
                        && claimed.named.iter().all(|id| message.named.contains(id));
                    if claimed.subject == message.subject || chain_agrees {
                        let other = node_of(&mut sets, claimed);
                        sets.join(node, other);
                    }
                }
            }
            messages.push((message.doc, node));
        }
        let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
        for &(doc, node) in &messages {
            by_root.entry(sets.root(node)).or_default().push(doc);
        }
        let mut threads: Vec<Vec<String>> = by_root
            .into_values()
            .map(|mut members| {
                members.sort_by_cached_key(|&d| {
                    let doc = &documents[d];
                    (sent_at(doc).is_none(), sent_at(doc), doc.path.clone())
                });
                members
                    .into_iter()
                    .map(|d| documents[d].path.clone())
                    .collect()
            })
            .collect();
        threads.sort();
        let place = threads
            .iter()
            .enumerate()
            .flat_map(|(t, members)| {
                members
                    .iter()
                    .enumerate()
                    .map(move |(p, id)| (id.clone(), (t, p)))
            })
            .collect();
        Self { threads, place }
    }

    /// The thread of the document `id` (its messages oldest first), if it is a message.
    pub fn thread_of(&self, id: &str) -> Option<&[String]> {
        let &(t, _) = self.place.get(id)?;
        Some(&self.threads[t])
    }

    /// The thread's number of the document `id`, the same for every message of a thread
    /// (for grouping a document list by conversation).
    pub fn thread_number(&self, id: &str) -> Option<usize> {
        self.place.get(id).map(|&(t, _)| t)
    }

    /// Where the document `id` is in its thread (0 for the oldest message).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.place.get(id).map(|&(_, p)| p)
    }

    /// The messages before and after the document `id` in its thread.
    pub fn neighbours(&self, id: &str) -> (Option<&str>, Option<&str>) {
        let Some(&(t, p)) = self.place.get(id) else {
            return (None, None);
        };
        let members = &self.threads[t];
        let previous = p.checked_sub(1).map(|p| members[p].as_str());
        let next = members.get(p + 1).map(String::as_str);
        (previous, next)
    }

    /// Every thread of more than one message, each oldest first.
    pub fn conversations(&self) -> impl Iterator<Item = &[String]> {
        self.threads
            .iter()
            .filter(|t| t.len() > 1)
            .map(Vec::as_slice)
    }
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
    /// Its conversation's subject, lower-cased.
    subject: String,
    /// The ids its In-Reply-To and References name.
    named: Vec<&'a str>,
}

/// When a message was sent, from its date (RFC 3339, as the mail reader writes it).
fn sent_at(doc: &Document) -> Option<jiff::Timestamp> {
    doc.meta.date.as_deref()?.parse().ok()
}

/// Sets of message ids, joined.
#[derive(Default)]
struct UnionFind {
    ids: HashMap<String, usize>,
    parent: Vec<usize>,
}

impl UnionFind {
    fn node(&mut self, id: &str) -> usize {
        if let Some(&n) = self.ids.get(id) {
            return n;
        }
        let n = self.parent.len();
        self.parent.push(n);
        self.ids.insert(id.to_owned(), n);
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

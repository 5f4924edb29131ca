//! Big mailboxes (issue 23, item 6): a mailbox is streamed from its file, whatever its
//! size, with the same ids as when it is read whole; its reading reports messages and
//! attachments read as it goes, and a cancel stops it between batches of messages.

use crate::support;

use std::fs;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use dossier::corpus::{
    Corpus, LoadObserver, LoadOptions, LoadStatus, PartsProgress, SkipReason, load_file,
};
use support::mail::{Attachment, message};

/// A mailbox of `n` messages: most with a Message-ID, every seventh without one (named by
/// its position), two sharing one, every tenth with a text attachment, one quoting a
/// `From ` line, one that is not a message at all.
fn mailbox(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let id = match i {
            _ if i % 7 == 3 => String::new(),
            5 | 6 => "\nMessage-ID: <same@example.org>".to_owned(),
            _ => format!("\nMessage-ID: <m{i}@example.org>"),
        };
        let headers = format!(
            "From: Writer {i} <w{i}@example.org>\nTo: desk@example.org\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Report {i}{id}"
        );
        let body = if i == 8 {
            "Quoted below.\n>From the archive: a line that began with From.".to_owned()
        } else {
            format!("The ministry spent {i} million on the port, the audit says.")
        };
        let attachments = if i % 10 == 9 {
            vec![Attachment {
                name: "notes.txt",
                content_type: "text/plain",
                bytes: format!("Notes on report {i}: the cranes are unsafe.").into_bytes(),
            }]
        } else {
            Vec::new()
        };
        if i == 11 {
            out.push_str("From nobody Mon Mar  4 10:00:00 2024\nnot a header line at all\n\n");
            continue;
        }
        out.push_str(&message(&headers, &body, &attachments));
    }
    out
}

fn write(dir: &Path, name: &str, text: &str) {
    fs::write(dir.join(name), text).expect("write");
}

/// Ids with a text or a reason.
type Listed = Vec<(String, String)>;

/// Every document's id and text, and every skipped part's id and reason, sorted.
fn listing(corpus: &Corpus) -> (Listed, Listed) {
    let mut documents: Vec<(String, String)> = corpus
        .documents
        .iter()
        .map(|d| (d.path.clone(), d.text.as_str().to_owned()))
        .collect();
    documents.sort();
    let skipped = corpus
        .report
        .skipped
        .iter()
        .map(|s| (s.path.clone(), s.reason.to_string()))
        .collect();
    (documents, skipped)
}

#[test]
fn a_mailbox_over_the_file_size_limit_is_streamed_with_the_ids_it_has_when_read_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("corpus");
    fs::create_dir_all(&folder).expect("mkdir");
    write(&folder, "inbox.mbox", &mailbox(60));
    write(&folder, "long.txt", &"A long loose file. ".repeat(200));
    let whole = listing(&Corpus::load(&folder, &LoadOptions::default()).expect("load"));
    let ids: Vec<&str> = whole.0.iter().map(|(id, _)| id.as_str()).collect();
    for expected in [
        "inbox.mbox#m0@example.org",
        "inbox.mbox#4",
        "inbox.mbox#same@example.org",
        "inbox.mbox#same@example.org~2",
        "inbox.mbox#m9@example.org/1-notes.txt",
        "long.txt",
    ] {
        assert!(ids.contains(&expected), "{expected} in {ids:?}");
    }
    let quoted = whole
        .0
        .iter()
        .find(|(id, _)| id == "inbox.mbox#m8@example.org")
        .expect("the quoting message");
    assert!(quoted.1.contains("\nFrom the archive"), "{}", quoted.1);
    assert!(
        whole.1.iter().any(|(id, _)| id == "inbox.mbox#12"),
        "{:?}",
        whole.1
    );

    // A limit below the mailbox's size: other files keep it, the mailbox is streamed.
    let small_limit = LoadOptions {
        max_file_bytes: 1024,
        ..LoadOptions::default()
    };
    let streamed = Corpus::load(&folder, &small_limit).expect("load");
    assert!(
        streamed
            .report
            .skipped
            .iter()
            .any(|s| s.path == "long.txt" && matches!(s.reason, SkipReason::TooLarge { .. }))
    );
    let (documents, skipped) = listing(&streamed);
    let without_long: Listed = whole
        .0
        .iter()
        .filter(|(id, _)| id != "long.txt")
        .cloned()
        .collect();
    assert_eq!(documents, without_long);
    let mailbox_skips = |s: &[(String, String)]| -> Listed {
        s.iter()
            .filter(|(id, _)| id.starts_with("inbox.mbox"))
            .cloned()
            .collect()
    };
    assert_eq!(mailbox_skips(&skipped), mailbox_skips(&whole.1));

    // Through the text cache, read and then found again: the same.
    let cached = LoadOptions::cached_in(Some(&dir.path().join("data")));
    for _ in 0..2 {
        assert_eq!(
            listing(&Corpus::load(&folder, &cached).expect("load")),
            whole
        );
    }
    let stats = cached.text_cache.as_ref().expect("a cache").stats();
    assert!(stats.hits >= 1, "{stats:?}");
}

/// Records every report of a mailbox's reading; cancels after `cancel_after` of them.
struct Recorder {
    reports: Mutex<Vec<PartsProgress>>,
    cancel_after: Option<usize>,
    cancelled: AtomicBool,
}

impl Recorder {
    fn new(cancel_after: Option<usize>) -> Self {
        Self {
            reports: Mutex::default(),
            cancel_after,
            cancelled: AtomicBool::new(false),
        }
    }

    fn reports(&self) -> Vec<PartsProgress> {
        self.reports.lock().expect("lock").clone()
    }
}

impl LoadObserver for Recorder {
    fn reading_parts(&self, file: &str, progress: &PartsProgress) {
        assert_eq!(file, "inbox.mbox");
        let mut reports = self.reports.lock().expect("lock");
        reports.push(*progress);
        if self.cancel_after == Some(reports.len()) {
            self.cancelled.store(true, Ordering::Relaxed);
        }
    }
    fn cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

#[test]
fn reading_a_mailbox_reports_messages_and_attachments_as_it_goes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = mailbox(2500);
    write(dir.path(), "inbox.mbox", &text);
    let recorder = Recorder::new(None);
    let corpus = Corpus::load_with(dir.path(), &LoadOptions::default(), &recorder).expect("load");
    let reports = recorder.reports();
    // Batches of 1,024 messages: three reports, each further on.
    assert_eq!(reports.len(), 3, "{reports:?}");
    assert!(
        reports
            .windows(2)
            .all(|w| w[0].messages < w[1].messages && w[0].bytes_read < w[1].bytes_read)
    );
    let last = reports[2];
    assert_eq!(last.messages, 2500);
    assert_eq!(last.attachments, 250);
    assert_eq!(last.bytes_read, text.len() as u64);
    assert_eq!(last.bytes_total, text.len() as u64);
    // 2,499 messages (one is not mail) and 250 attachments.
    assert_eq!(corpus.documents.len(), 2499 + 250);
    let status = LoadStatus {
        files: 1,
        done: 0,
        parts: Some(last),
        elapsed: 3.0,
    };
    assert_eq!(
        status.parts_read().as_deref(),
        Some("2500 messages, 250 attachments read")
    );
}

#[test]
fn cancelling_stops_a_mailbox_between_two_batches_and_keeps_nothing_of_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "inbox.mbox", &mailbox(2500));
    let recorder = Recorder::new(Some(1));
    let corpus = Corpus::load_with(dir.path(), &LoadOptions::default(), &recorder).expect("load");
    assert_eq!(recorder.reports().len(), 1);
    assert!(corpus.report.cancelled);
    assert!(corpus.documents.is_empty());
    // Read without an observer, the whole mailbox is there.
    let loaded = load_file(
        &dir.path().join("inbox.mbox"),
        "inbox.mbox",
        &LoadOptions::default(),
    )
    .expect("read");
    assert_eq!(loaded.documents.len(), 2499 + 250);
}

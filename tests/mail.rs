//! Email: a mailbox of messages with attachments (PDF, DOCX, a forwarded message), threads
//! and quoted replies, read as documents of their own; annotations on a message and on an
//! attachment kept through the mailbox changing; the command line naming a message.
//! Every fixture is written by the test.

use crate::common;
use crate::support;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{add_tag, annotate, load};
use dossier::corpus::thread::Threads;
use dossier::entities::{EntityDictionary, EntityKind, Recognizer};
use dossier::project::{Workspace, reconcile};
use support::mail::{Attachment, message};
use support::office::{Block, docx};
use support::pdf::Report;

fn pdf() -> Vec<u8> {
    Report {
        paragraphs: vec![
            "The audit found that the ministry spent 3 million on the new port.".into(),
        ],
        ..Default::default()
    }
    .to_pdf()
}

fn word() -> Vec<u8> {
    docx(
        "Lease terms",
        "Jane Analyst",
        &[Block::Para(
            "The lease of the naval base runs for forty-nine years.",
        )],
        &[],
    )
}

const FIRST_ID: &str = "first@example.org";

/// The first message: from Jane, with a PDF and a DOCX.
fn first() -> String {
    message(
        "From: Jane Analyst <jane@example.org>\nTo: Bob Editor <bob@example.org>\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Audit and lease\nMessage-ID: <first@example.org>",
        "Bob,\n\nBarack Obama wrote to the ministry about the port.\nThe audit and the lease are attached.\n\nJane",
        &[
            Attachment {
                name: "audit.pdf",
                content_type: "application/pdf",
                bytes: pdf(),
            },
            Attachment {
                name: "lease.docx",
                content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                bytes: word(),
            },
        ],
    )
}

/// Bob's reply, quoting Jane, with her earlier message forwarded as an attachment.
fn reply() -> String {
    let forwarded = "From: Jane Analyst <jane@example.org>\nSubject: Earlier note\nDate: Sun, 3 Mar 2024 08:00:00 +0000\n\nThe harbour master resigned on Friday.\n";
    message(
        "From: Bob Editor <bob@example.org>\nTo: Jane Analyst <jane@example.org>\nDate: Tue, 5 Mar 2024 09:30:00 +0000\nSubject: Re: Audit and lease\nMessage-ID: <reply@example.org>\nIn-Reply-To: <first@example.org>\nReferences: <first@example.org>",
        "Jane,\n\nThanks. We publish on Friday.\n\nOn Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> Barack Obama wrote to the ministry about the port.\n> The audit and the lease are attached.\n\nBob",
        &[Attachment {
            name: "earlier.eml",
            content_type: "message/rfc822",
            bytes: forwarded.as_bytes().to_vec(),
        }],
    )
}

/// A message with no Message-ID, not part of the thread.
fn loose() -> String {
    message(
        "From: desk@example.org\nTo: bob@example.org\nDate: Wed, 6 Mar 2024 12:00:00 +0000\nSubject: Schedule",
        "The printer is booked for Thursday.",
        &[],
    )
}

fn late() -> String {
    message(
        "From: Jane Analyst <jane@example.org>\nDate: Thu, 7 Mar 2024 12:00:00 +0000\nSubject: Later\nMessage-ID: <late@example.org>",
        "One more thing about the port.",
        &[],
    )
}

fn write_mailbox(dir: &Path, messages: &[String]) {
    fs::create_dir_all(dir).expect("mkdir");
    fs::write(dir.join("inbox.mbox"), messages.concat()).expect("write mailbox");
}

fn text_of(corpus: &dossier::corpus::Corpus, id: &str) -> String {
    corpus
        .get(id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
            panic!("no document {id}; there are {ids:?}")
        })
        .text
        .as_str()
        .to_owned()
}

#[test]
fn a_mailbox_gives_messages_and_attachments_as_documents_with_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_mailbox(dir.path(), &[first(), reply(), loose()]);
    let corpus = load(dir.path());
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(
        ids,
        [
            "inbox.mbox#3",
            "inbox.mbox#first@example.org",
            "inbox.mbox#first@example.org/1-audit.pdf",
            "inbox.mbox#first@example.org/2-lease.docx",
            "inbox.mbox#reply@example.org",
            "inbox.mbox#reply@example.org/1-earlier.eml",
        ]
    );
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );

    let first = corpus.get("inbox.mbox#first@example.org").expect("first");
    assert_eq!(first.title, "Audit and lease");
    assert_eq!(first.parent.as_deref(), Some("inbox.mbox"));
    assert_eq!(first.meta.author.as_deref(), Some("Jane Analyst"));
    assert_eq!(first.meta.date.as_deref(), Some("2024-03-04T10:00:00Z"));
    assert_eq!(first.meta.extra["to"], "Bob Editor <bob@example.org>");
    assert!(
        text_of(&corpus, "inbox.mbox#first@example.org/1-audit.pdf").contains("spent 3 million")
    );
    assert!(
        text_of(&corpus, "inbox.mbox#first@example.org/2-lease.docx").contains("forty-nine years")
    );
    let attachment = corpus
        .get("inbox.mbox#first@example.org/2-lease.docx")
        .expect("docx");
    assert_eq!(
        attachment.parent.as_deref(),
        Some("inbox.mbox#first@example.org")
    );
    assert!(
        text_of(&corpus, "inbox.mbox#reply@example.org/1-earlier.eml")
            .contains("harbour master resigned")
    );
    assert_eq!(corpus.get("inbox.mbox#3").expect("loose").title, "Schedule");

    let threads = Threads::of(&corpus.documents);
    assert_eq!(
        threads.neighbours("inbox.mbox#first@example.org"),
        (None, Some("inbox.mbox#reply@example.org"))
    );
    assert_eq!(
        threads.neighbours("inbox.mbox#reply@example.org"),
        (Some("inbox.mbox#first@example.org"), None)
    );
    assert_eq!(threads.neighbours("inbox.mbox#3"), (None, None));
}

#[test]
fn a_quoted_reply_is_marked_and_its_entities_are_not_the_replys_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    write_mailbox(dir.path(), &[first(), reply()]);
    let corpus = load(dir.path());
    let recognizer = Recognizer::shared();
    let dict = EntityDictionary::default();
    let mentions_of = |id: &str| {
        let doc = corpus.get(id).expect("message");
        recognizer
            .recognize_document(doc, &dict)
            .into_iter()
            .map(|m| (m.kind, m.key))
            .collect::<Vec<_>>()
    };
    let obama = (EntityKind::Person, "Barack Obama".to_owned());
    let jane = (EntityKind::Person, "Jane Analyst".to_owned());
    let bob = (EntityKind::Person, "Bob Editor".to_owned());
    let first = mentions_of("inbox.mbox#first@example.org");
    assert!(first.contains(&obama), "{first:?}");
    let reply = mentions_of("inbox.mbox#reply@example.org");
    assert!(
        !reply.contains(&obama),
        "quoted, not the reply's: {reply:?}"
    );
    // The people of the headers, each by name and by address.
    assert_eq!(reply.iter().filter(|m| **m == jane).count(), 2, "{reply:?}");
    assert_eq!(reply.iter().filter(|m| **m == bob).count(), 2, "{reply:?}");

    let doc = corpus.get("inbox.mbox#reply@example.org").expect("reply");
    let quoted: Vec<String> = doc
        .marks
        .quoted
        .iter()
        .map(|r| doc.text.slice(r.clone()).expect("in the text").to_owned())
        .collect();
    assert_eq!(
        quoted,
        [
            "On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> Barack Obama wrote to the ministry about the port.\n> The audit and the lease are attached."
        ]
    );
    // The message's date is what its relative dates count from.
    let context = dossier::entities::DateContext::of_document(doc).expect("dated");
    assert_eq!(context.date, jiff::civil::date(2024, 3, 5));
}

#[test]
fn annotations_on_a_message_and_an_attachment_follow_the_mailbox_and_orphans_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    write_mailbox(&corpus_dir, &[first(), reply()]);
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::for_folder(&corpus_dir);
    reconcile(&mut ws.project, &corpus);
    let tag = add_tag(&mut ws, "Publication", None);
    let reply_id = "inbox.mbox#reply@example.org";
    let pdf_id = "inbox.mbox#first@example.org/1-audit.pdf";
    annotate(
        &mut ws,
        &corpus,
        reply_id,
        "We publish on Friday",
        "date set",
        vec![tag],
    );
    annotate(
        &mut ws,
        &corpus,
        pdf_id,
        "spent 3 million",
        "the figure",
        vec![tag],
    );
    let project_path = dir.path().join("p.dossier.ron");
    ws.save_as(&project_path).expect("save");

    // The mailbox gains messages before and after: every id stays, every anchor holds.
    write_mailbox(&corpus_dir, &[late(), first(), reply(), loose()]);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &load(&corpus_dir));
    assert_eq!(report.totals.anchored, 2, "{report:?}");
    assert_eq!(report.totals.orphaned, 0);
    ws.save().expect("save");

    // The reply disappears: its annotation is an orphan, kept with its note; the
    // attachment's is untouched.
    write_mailbox(&corpus_dir, &[late(), first(), loose()]);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &load(&corpus_dir));
    assert_eq!(report.totals.orphaned, 1, "{report:?}");
    assert_eq!(report.totals.anchored, 1, "{report:?}");
    ws.save().expect("save");
    let again = Workspace::open(&project_path).expect("open");
    let orphan = again
        .project
        .annotations
        .values()
        .find(|a| a.document == reply_id)
        .expect("kept");
    assert!(orphan.orphaned);
    assert_eq!(orphan.note, "date set");
    assert_eq!(orphan.anchor.quote, "We publish on Friday");
    let on_pdf = again
        .project
        .annotations
        .values()
        .find(|a| a.document == pdf_id)
        .expect("kept");
    assert!(!on_pdf.orphaned);
}

/// A message without a Message-ID, named by its position in the mailbox.
fn unnamed(from: &str, subject: &str, body: &str) -> String {
    message(
        &format!(
            "From: {from}\nTo: desk@example.org\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: {subject}"
        ),
        body,
        &[],
    )
}

#[test]
fn annotations_on_messages_named_by_position_stay_with_their_message_when_others_come_and_go() {
    let idlib = || {
        unnamed(
            "ana@example.org",
            "Idlib",
            "Shelling reported in Idlib overnight.",
        )
    };
    let kobani = || unnamed("bo@example.org", "Kobani", "Aid reached Kobani on Sunday.");
    // Another message that also names Idlib: re-anchoring must not take it for the first.
    let other = || {
        unnamed(
            "cy@example.org",
            "Roads",
            "The road from Idlib to Aleppo is shut.",
        )
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    write_mailbox(&corpus_dir, &[idlib(), kobani()]);
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::for_folder(&corpus_dir);
    reconcile(&mut ws.project, &corpus);
    let tag = add_tag(&mut ws, "Place", None);
    assert!(text_of(&corpus, "inbox.mbox#1").contains("Shelling"));
    let on_idlib = annotate(
        &mut ws,
        &corpus,
        "inbox.mbox#1",
        "Idlib",
        "shelling",
        vec![tag],
    );
    let on_kobani = annotate(&mut ws, &corpus, "inbox.mbox#2", "Kobani", "aid", vec![tag]);
    let project_path = dir.path().join("p.dossier.ron");
    ws.save_as(&project_path).expect("save");
    let document_of = |ws: &Workspace, id| {
        let a = &ws.project.annotations[&id];
        (a.document.clone(), a.orphaned)
    };

    // A message arrives before both: each annotation follows its message (#2, #3).
    write_mailbox(&corpus_dir, &[other(), idlib(), kobani()]);
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &corpus);
    assert_eq!(report.totals.anchored, 2, "{report:?}");
    assert_eq!(document_of(&ws, on_idlib), ("inbox.mbox#2".into(), false));
    assert_eq!(document_of(&ws, on_kobani), ("inbox.mbox#3".into(), false));
    assert!(text_of(&corpus, "inbox.mbox#2").contains("Shelling"));
    assert_eq!(report.added, ["inbox.mbox#1"], "{report:?}");
    ws.save().expect("save");

    // The Idlib message is deleted: the Kobani note follows its message to #2; the Idlib
    // note is an orphan, kept, never re-anchored in the message about roads (now #1).
    write_mailbox(&corpus_dir, &[other(), kobani()]);
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &corpus);
    assert_eq!(
        document_of(&ws, on_kobani),
        ("inbox.mbox#2".into(), false),
        "{report:?}"
    );
    let (_, orphaned) = document_of(&ws, on_idlib);
    assert!(orphaned, "{report:?}");
    assert_eq!(ws.project.annotations[&on_idlib].note, "shelling");
    ws.save().expect("save");

    // A different message takes the first place: the orphan stays an orphan, and the
    // Kobani note stays with its message.
    write_mailbox(
        &corpus_dir,
        &[
            other(),
            unnamed("dee@example.org", "Idlib again", "Idlib is calm."),
            kobani(),
        ],
    );
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &corpus);
    assert_eq!(
        document_of(&ws, on_kobani),
        ("inbox.mbox#3".into(), false),
        "{report:?}"
    );
    assert!(ws.project.annotations[&on_idlib].orphaned, "{report:?}");
}

#[test]
fn the_command_line_prints_a_message_and_scan_lists_parts_and_skipped_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let broken = "From x Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: Broken\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\nBody.\n--q\nContent-Type: application/pdf; name=\"x.pdf\"\nContent-Disposition: attachment; filename=\"x.pdf\"\nContent-Transfer-Encoding: base64\n\n@@@ not base64 @@@\n--q--\n\n";
    write_mailbox(dir.path(), &[first(), broken.to_owned()]);
    let mailbox = dir.path().join("inbox.mbox");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("text")
        .arg(format!("{}#{FIRST_ID}", mailbox.display()))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("From: Jane Analyst <jane@example.org>\n"),
        "{text}"
    );
    assert!(text.contains("Barack Obama wrote to the ministry"));

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("text")
        .arg(format!("{}#{FIRST_ID}/1-audit.pdf", mailbox.display()))
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("spent 3 million"));

    // The id as the message's header writes it, angle brackets and all.
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("text")
        .arg(format!("{}#<{FIRST_ID}>/1-audit.pdf", mailbox.display()))
        .output()
        .expect("run");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("spent 3 million"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // `timeline` and `places` take the mailbox and one message, as `entities` does.
    let run = |command: &str, target: String| {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg(command)
            .arg(target)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let whole = run("timeline", mailbox.display().to_string());
    assert!(whole.contains("inbox.mbox#first@example.org"), "{whole}");
    let one = run("timeline", format!("{}#<{FIRST_ID}>", mailbox.display()));
    assert!(
        one.lines()
            .all(|l| l.contains("inbox.mbox#first@example.org")),
        "{one}"
    );
    run("places", mailbox.display().to_string());

    // The mailbox itself has no text: the message says which parts to name.
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("text")
        .arg(&mailbox)
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("inbox.mbox#first@example.org/1-audit.pdf"),
        "{err}"
    );

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(dir.path())
        .output()
        .expect("run");
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        listing.contains("inbox.mbox#first@example.org/2-lease.docx"),
        "{listing}"
    );
    assert!(listing.contains("inbox.mbox#2  (Broken)"), "{listing}");
    assert!(
        listing.contains("skipped  inbox.mbox#2/1-x.pdf: the attachment's encoding is broken"),
        "{listing}"
    );
}

/// Bad input in a message, said clearly and nothing readable lost (issue 23, item 7): a
/// body whose base64 breaks shows what decodes before the break, quoted-printable's bad
/// escapes are kept as written and said, even where the parser gave up on the part; a
/// Subject and a From name in a charset no decoder knows, and a Subject of 8-bit bytes in
/// no declared charset, are read in a best guess that the skip report names.
#[test]
fn broken_encodings_and_unknown_charsets_are_read_as_far_as_they_go_and_said() {
    let dir = tempfile::tempdir().expect("tempdir");
    let write = |name: &str, bytes: &[u8]| fs::write(dir.path().join(name), bytes).expect("write");
    write(
        "base64.eml",
        b"From: a@example.org\nSubject: Broken base64\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: base64\n\nVGhlIGNvbnZveSByZWFjaGVkIEFsZXBwbyBvbiBN\n\
b25kYXkuIFRhbGtzIHJlc3VtZSBpbiBHZW5ldmEu\n!!! damaged in transit !!!\nVGhlIHJlc3Qu\n",
    );
    write(
        "escapes.eml",
        b"From: a@example.org\nSubject: Bad escapes\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\nCaf=C3=A9 =ZZ stays, soft=\n break.\n",
    );
    // "==" makes the parser give up on the whole part: it is decoded here all the same.
    write(
        "gave-up.eml",
        b"From: a@example.org\nSubject: Given up\nContent-Type: text/plain; charset=utf-8\n\
Content-Transfer-Encoding: quoted-printable\n\nPrice ==3D 5 =E2=82=AC in Z=C3=BCrich.\n",
    );
    // Cyrillic in windows-1251 under an unknown label; the body declares windows-1251.
    write(
        "cyrillic.eml",
        b"From: =?x-unheard-of?B?yOLg7SDP5fLw7uI=?= <ivan@example.org>\n\
Subject: =?x-unheard-of?B?z/Do4uXyIOjnIMzu8eri+w==?=\n\
Content-Type: text/plain; charset=windows-1251\nContent-Transfer-Encoding: quoted-printable\n\n\
=C2=F1=F2=F0=E5=F7=E0.\n",
    );
    write(
        "latin.eml",
        b"From: a@example.org\nSubject: R\xe9union \xe0 Gen\xe8ve\n\
Content-Type: text/plain; charset=iso-8859-1\n\nOrdre du jour.\n",
    );
    let corpus = load(dir.path());
    let text = |id: &str| {
        corpus
            .get(id)
            .unwrap_or_else(|| panic!("{id} is read"))
            .text
            .as_str()
            .to_owned()
    };
    let base64 = text("base64.eml");
    assert!(
        base64.ends_with("\nThe convoy reached Aleppo on Monday. Talks resume in Geneva."),
        "{base64:?}"
    );
    assert!(
        !base64.contains("VGhl"),
        "no encoded text shown: {base64:?}"
    );
    assert!(text("escapes.eml").ends_with("\nCafé =ZZ stays, soft break.\n"));
    assert!(text("gave-up.eml").ends_with("\nPrice == 5 € in Zürich.\n"));
    let cyrillic = corpus.get("cyrillic.eml").expect("read");
    assert_eq!(cyrillic.title, "Привет из Москвы");
    assert!(
        cyrillic
            .text
            .as_str()
            .starts_with("From: Иван Петров <ivan@example.org>\n"),
        "{}",
        cyrillic.text.as_str()
    );
    assert!(cyrillic.text.as_str().ends_with("\nВстреча.\n"));
    assert_eq!(
        corpus.get("latin.eml").expect("read").title,
        "Réunion à Genève"
    );

    let said = common::skip_report(&corpus);
    assert_eq!(
        said,
        [
            (
                "base64.eml#body",
                "the base64 text breaks at line 8 of the message, after 82 bytes of the body: \
the text before it is shown, the 40 bytes after it cannot be decoded"
                    .to_owned()
            ),
            (
                "cyrillic.eml#headers",
                "the From is in a charset no decoder knows (\"x-unheard-of\"): read as \
windows-1251, a guess; the Subject is in a charset no decoder knows (\"x-unheard-of\"): \
read as windows-1251, a guess"
                    .to_owned()
            ),
            (
                "escapes.eml#body",
                "1 bad quoted-printable escape kept as written (the first at line 6 of the message)"
                    .to_owned()
            ),
            (
                "gave-up.eml#body",
                "1 bad quoted-printable escape kept as written (the first at line 6 of the message)"
                    .to_owned()
            ),
            (
                "latin.eml#headers",
                "the Subject has 8-bit text and no charset declared: read as windows-1252, a guess"
                    .to_owned()
            ),
        ]
    );
}

/// An mboxo mailbox whose writer left a body line "From here on ..." unquoted, and a
/// message without a Date: the line stays in its message, nothing is renumbered, and the
/// undated message is dated by its `From ` line, whether the mailbox is streamed from its
/// file or read in memory from a zip (issue 23, items 2, 3, 7).
#[test]
fn an_unquoted_from_line_keeps_its_message_whole_and_the_envelope_dates_an_undated_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = message(
        "From: Jane Analyst <jane@example.org>\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Plan",
        "The plan:\n\nFrom here on, the port is closed to tankers.\nSigned, the harbour master.",
        &[],
    );
    let undated = "From desk@example.org Sat Mar  2 08:15:00 2024\nFrom: desk@example.org\nSubject: Undated\n\nThe minister resigned yesterday.\n\n".to_owned();
    let mailbox = [plan, undated, loose()].concat();
    write_mailbox(dir.path(), std::slice::from_ref(&mailbox));
    fs::write(
        dir.path().join("letters.zip"),
        support::office::zip_of(&[("old/inbox.mbox", mailbox.as_bytes())]),
    )
    .expect("write zip");
    let corpus = load(dir.path());
    let plan = text_of(&corpus, "inbox.mbox#1");
    assert!(
        plan.contains("From here on, the port is closed to tankers.\nSigned, the harbour master."),
        "{plan}"
    );
    assert!(text_of(&corpus, "inbox.mbox#3").contains("printer is booked"));
    // Read in memory from the zip, the mailbox is cut alike: its messages are copies of
    // the loose mailbox's, message for message.
    for n in 1..=3 {
        let in_zip = corpus
            .resolve(&format!("letters.zip/old/inbox.mbox#{n}"))
            .expect("read");
        assert_eq!(in_zip.path, format!("inbox.mbox#{n}"));
    }
    for base in ["inbox.mbox", "letters.zip/old/inbox.mbox"] {
        assert!(corpus.resolve(&format!("{base}#4")).is_none());
    }
    let undated = corpus.get("inbox.mbox#2").expect("read");
    assert_eq!(undated.meta.date.as_deref(), Some("2024-03-02T08:15:00Z"));
    assert_eq!(
        undated.meta.extra.get("date_source").map(String::as_str),
        Some("the mbox envelope (the message has no Date)")
    );
    let context = dossier::entities::DateContext::of_document(undated).expect("dated");
    assert_eq!(context.date, jiff::civil::date(2024, 3, 2));
}

/// An attachment named with folders ("reports/audit.pdf") had the id `1-reports%2Faudit.pdf`
/// until its folders were dropped from ids (`1-audit.pdf`): a project saved before follows
/// the attachment to its new id as a renamed document, its annotation anchored; had its
/// text changed too, the annotation is kept as an orphan and the old id said missing
/// (issue 23).
#[test]
fn a_project_saved_with_an_attachment_s_old_id_follows_it_to_its_new_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    let with_pdf = |figure: &str| {
        let pdf = Report {
            paragraphs: vec![format!(
                "The audit found that the ministry spent {figure} on the port."
            )],
            ..Default::default()
        }
        .to_pdf();
        message(
            "From: Jane Analyst <jane@example.org>\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Audit\nMessage-ID: <audit@example.org>",
            "The audit is attached.",
            &[Attachment {
                name: "reports/audit.pdf",
                content_type: "application/pdf",
                bytes: pdf,
            }],
        )
    };
    write_mailbox(&corpus_dir, &[with_pdf("3 million")]);
    let corpus = load(&corpus_dir);
    let new_id = "inbox.mbox#audit@example.org/1-audit.pdf";
    let old_id = "inbox.mbox#audit@example.org/1-reports%2Faudit.pdf";
    assert!(corpus.get(new_id).is_some());
    let mut ws = Workspace::for_folder(&corpus_dir);
    reconcile(&mut ws.project, &corpus);
    let tag = add_tag(&mut ws, "Money", None);
    annotate(
        &mut ws,
        &corpus,
        new_id,
        "spent 3 million",
        "the figure",
        vec![tag],
    );
    let project_path = dir.path().join("p.dossier.ron");
    ws.save_as(&project_path).expect("save");
    // The project as it was saved with the old form of the id.
    let saved = fs::read_to_string(&project_path).expect("read project");
    assert!(saved.contains(new_id));
    fs::write(&project_path, saved.replace(new_id, old_id)).expect("write project");
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &load(&corpus_dir));
    assert_eq!(
        report.renamed,
        [(old_id.to_owned(), new_id.to_owned())],
        "{report:?}"
    );
    assert_eq!(report.totals.anchored, 1, "{report:?}");
    assert_eq!(report.totals.orphaned, 0, "{report:?}");
    let moved = ws.project.annotations.values().next().expect("kept");
    assert_eq!(moved.document, new_id);
    assert!(!moved.orphaned);

    // The old id and a changed attachment: nothing to follow, the annotation kept as an
    // orphan and the old id said missing.
    fs::write(&project_path, saved.replace(new_id, old_id)).expect("write project");
    write_mailbox(&corpus_dir, &[with_pdf("4 million")]);
    let mut ws = Workspace::open(&project_path).expect("open");
    let report = reconcile(&mut ws.project, &load(&corpus_dir));
    assert_eq!(report.totals.orphaned, 1, "{report:?}");
    assert_eq!(report.missing, [old_id.to_owned()], "{report:?}");
    assert!(
        report
            .changes()
            .sentences()
            .iter()
            .any(|s| s.contains("orphan")),
        "{:?}",
        report.changes().sentences()
    );
    let orphan = ws.project.annotations.values().next().expect("kept");
    assert!(orphan.orphaned);
    assert_eq!(orphan.note, "the figure");
    assert_eq!(orphan.anchor.quote, "spent 3 million");
}

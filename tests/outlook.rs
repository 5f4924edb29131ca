//! Outlook messages (`.msg`) read as email: the same document as an `.eml` (envelope lines,
//! metadata, body, quoted replies), attachments as parts read by their own readers, an
//! attached message as a message, threads with `.eml` messages, damaged files skipped with
//! their reason. The messages are made in code (`support::outlook`).

use crate::common;
use crate::support;

use std::fs;
use std::process::Command;

use common::load;
use dossier::corpus::Format;
use dossier::corpus::formats::{self, PartContent};
use dossier::corpus::thread::Threads;
use support::outlook::{Attached, Msg, fuzz_seeds, report, stored_rtf};

fn chars(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

#[test]
fn a_message_reads_as_its_envelope_and_body_like_an_eml() {
    let read = formats::extract(Format::Email, &report().to_bytes()).expect("reads");
    assert_eq!(read.title.as_deref(), Some("Budget report"));
    assert_eq!(
        read.text,
        "From: Jane Analyst <jane@example.org>\n\
         To: Bob Editor <bob@example.org>\n\
         Cc: Sam Lee <sam@example.org>\n\
         Date: Tue, 5 Mar 2024 09:30:00 +0000\n\
         Subject: Budget report\n\
         \n\
         The budget is attached.\n\
         \n\
         On Mon, 4 Mar 2024, Bob Editor wrote:\n\
         > Send the budget.\n"
    );
    assert_eq!(read.meta.author.as_deref(), Some("Jane Analyst"));
    assert_eq!(read.meta.date.as_deref(), Some("2024-03-05T09:30:00Z"));
    assert_eq!(read.meta.extra["from"], "Jane Analyst <jane@example.org>");
    assert_eq!(read.meta.extra["to"], "Bob Editor <bob@example.org>");
    assert_eq!(read.meta.extra["cc"], "Sam Lee <sam@example.org>");
    assert_eq!(read.meta.extra["message_id"], "report@example.org");
    assert_eq!(read.meta.extra["in_reply_to"], "ask@example.org");
    let people: Vec<String> = read
        .marks
        .people
        .iter()
        .map(|p| chars(&read.text, p.chars.clone()))
        .collect();
    assert_eq!(
        people,
        [
            "Jane Analyst",
            "jane@example.org",
            "Bob Editor",
            "bob@example.org",
            "Sam Lee",
            "sam@example.org"
        ]
    );
    let quoted: Vec<String> = read
        .marks
        .quoted
        .iter()
        .map(|r| chars(&read.text, r.clone()))
        .collect();
    assert_eq!(
        quoted,
        ["On Mon, 4 Mar 2024, Bob Editor wrote:\n> Send the budget."]
    );
    let suffixes: Vec<&str> = read.parts.iter().map(|p| p.suffix.as_str()).collect();
    assert_eq!(
        suffixes,
        [
            "/1-notes.txt",
            "/2-budget.csv",
            "/3-Fwd:%20the%20first%20draft.msg"
        ]
    );
    let PartContent::Read { format, extracted } = &read.parts[2].content else {
        panic!("the attached message is read as a message");
    };
    assert_eq!(*format, Format::Email);
    assert_eq!(extracted.title.as_deref(), Some("The first draft"));
    assert!(extracted.text.ends_with("\nHere is the first draft."));
}

#[test]
fn attachments_and_an_attached_message_are_documents_below_the_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("report.msg"), report().to_bytes()).expect("write");
    let corpus = load(dir.path());
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
    let draft = "report.msg/3-Fwd:%20the%20first%20draft.msg";
    assert_eq!(
        ids,
        [
            "report.msg",
            "report.msg/1-notes.txt",
            "report.msg/2-budget.csv",
            draft
        ]
    );
    let notes = corpus.get("report.msg/1-notes.txt").expect("notes");
    assert_eq!(notes.parent.as_deref(), Some("report.msg"));
    assert_eq!(notes.text.as_str(), "Notes from the meeting in Damascus.");
    let table = corpus.get("report.msg/2-budget.csv").expect("table");
    assert_eq!(table.format, Format::Csv);
    assert_eq!(table.text.as_str(), "item\tamount\nrent\t1200\n");
    let message = corpus.get(draft).expect("attached message");
    assert_eq!(message.format, Format::Email);
    assert_eq!(message.title, "The first draft");
    assert_eq!(message.meta.author.as_deref(), Some("Bob Editor"));
    let report = corpus.get("report.msg").expect("report");
    assert_eq!(report.format, Format::Email);
    assert_eq!(report.meta.date.as_deref(), Some("2024-03-05T09:30:00Z"));
}

#[test]
fn an_html_only_message_with_an_arabic_subject_takes_its_date_ids_and_sender_address_from_its_headers()
 {
    let message = Msg {
        subject: Some("تقرير الميزانية".to_owned()),
        // No internet address in the properties (an Exchange sender): the headers' is taken.
        sender: Some(("Jane Analyst", "")),
        html: Some("<html><body><p>The figures are final.</p><p>Jane</p></body></html>".to_owned()),
        headers: Some(
            "Received: from mx.example.org\r\nFrom: Jane <jane@example.org>\r\n\
             Date: Tue, 5 Mar 2024 09:30:00 +0100\r\n\
             Message-ID: <h@example.org>\r\nReferences: <a@example.org> <b@example.org>\r\n"
                .to_owned(),
        ),
        // The submit time is the same moment: the headers' Date, as written, wins.
        sent: Some(1_709_627_400),
        ..Msg::default()
    };
    let read = formats::extract(Format::Email, &message.to_bytes()).expect("reads");
    assert_eq!(read.title.as_deref(), Some("تقرير الميزانية"));
    assert_eq!(read.meta.date.as_deref(), Some("2024-03-05T09:30:00+01:00"));
    assert_eq!(read.meta.extra["message_id"], "h@example.org");
    assert_eq!(read.meta.extra["references"], "a@example.org b@example.org");
    assert_eq!(
        read.text,
        "From: Jane Analyst <jane@example.org>\n\
         Date: Tue, 5 Mar 2024 09:30:00 +0100\n\
         Subject: تقرير الميزانية\n\
         \n\
         The figures are final.\n\nJane\n"
    );
    assert_eq!(read.style, dossier::text::ParagraphStyle::Blocks);
}

#[test]
fn an_8bit_body_is_read_in_the_messages_code_page_and_an_rtf_only_body_decompressed() {
    // "السلام" in Windows-1256, the message's code page.
    let ansi = Msg {
        subject: Some("Greeting".to_owned()),
        body_8bit: Some((1256, vec![0xC7, 0xE1, 0xD3, 0xE1, 0xC7, 0xE3])),
        ..Msg::default()
    };
    let read = formats::extract(Format::Email, &ansi.to_bytes()).expect("reads");
    assert!(read.text.ends_with("\n\nالسلام"), "{}", read.text);
    assert_eq!(read.encoding, "windows-1256");

    // A body only in RTF: compressed (the example of MS-OXRTFCP), encapsulating HTML, and
    // one whose stream is cut inside its header, which is said.
    let compressed = vec![
        0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5, 0xc7,
        0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0a,
        0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0, 0x6c, 0x64, 0x7d,
        0x0a, 0x80, 0x0f, 0xa0,
    ];
    let html = stored_rtf(
        br"{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag34 <p>}\htmlrtf {\htmlrtf0 Caf\'e9 in Z\u252?rich\htmlrtf\par\htmlrtf0}{\*\htmltag36 </p>}{\*\htmltag34 <p>}\htmlrtf0 Second.{\*\htmltag36 </p>}{\*\htmltag27 </html>}}",
    );
    let read_rtf = |stream: Vec<u8>| {
        let msg = Msg {
            subject: Some("Rich text".to_owned()),
            rtf: Some(stream),
            ..Msg::default()
        };
        formats::extract(Format::Email, &msg.to_bytes()).expect("reads")
    };
    let read = read_rtf(compressed);
    assert_eq!(read.text, "Subject: Rich text\n\nhello world");
    assert!(read.skipped_parts.is_empty(), "{:?}", read.skipped_parts);
    let read = read_rtf(html);
    assert_eq!(
        read.text,
        "Subject: Rich text\n\nCafé in Zürich\n\nSecond.\n"
    );
    assert_eq!(read.style, dossier::text::ParagraphStyle::Blocks);
    let read = read_rtf(vec![0x2D, 0, 0, 0]);
    assert_eq!(read.text, "Subject: Rich text\n\n");
    assert_eq!(read.skipped_parts.len(), 1);
    assert_eq!(read.skipped_parts[0].suffix, "#body");
    assert_eq!(
        read.skipped_parts[0].reason.to_string(),
        "the body, kept only as compressed RTF, could not be read: shorter than its header"
    );
}

#[test]
fn a_reply_in_a_msg_joins_the_thread_of_an_eml() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(
        dir.path().join("ask.eml"),
        "From: Bob Editor <bob@example.org>\nTo: jane@example.org\nSubject: Budget\n\
         Date: Mon, 4 Mar 2024 10:00:00 +0000\nMessage-ID: <ask@example.org>\n\nSend the budget.\n",
    )
    .expect("write");
    fs::write(dir.path().join("report.msg"), report().to_bytes()).expect("write");
    let corpus = load(dir.path());
    let threads = Threads::of(&corpus.documents);
    assert_eq!(threads.neighbours("ask.eml"), (None, Some("report.msg")));
    assert_eq!(threads.neighbours("report.msg"), (Some("ask.eml"), None));
}

#[test]
fn a_damaged_or_foreign_msg_is_skipped_with_its_reason_and_nothing_else_is_lost() {
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = report().to_bytes();
    fs::write(dir.path().join("cut.msg"), &whole[..whole.len() / 2]).expect("write");
    // An OLE file's signature alone.
    fs::write(
        dir.path().join("memo.msg"),
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .expect("write");
    // A compound file without a message's properties (a Word file renamed, say).
    let mut other = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).expect("create");
    std::io::Write::write_all(&mut other.create_stream("/WordDocument").expect("s"), b"x")
        .expect("write");
    other.flush().expect("flush");
    fs::write(dir.path().join("word.msg"), other.into_inner().into_inner()).expect("write");
    fs::write(dir.path().join("notes.txt"), "Notes.").expect("write");
    let corpus = load(dir.path());
    let ids: Vec<&str> = corpus.documents.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(ids, ["notes.txt"]);
    let reasons: Vec<(String, String)> = corpus
        .report
        .skipped
        .iter()
        .map(|s| (s.path.to_string(), s.reason.to_string()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    for (path, reason) in &reasons {
        let expected = if path.ends_with("word.msg") {
            "an OLE file but no Outlook message"
        } else {
            "a damaged Outlook message"
        };
        assert!(reason.starts_with(expected), "{path}: {reason}");
    }
}

#[test]
fn messages_attached_inside_each_other_stop_at_the_depth_limit() {
    let mut message = Msg {
        subject: Some("Innermost".to_owned()),
        body: Some("Deep.".to_owned()),
        ..Msg::default()
    };
    for level in 0..12 {
        message = Msg {
            subject: Some(format!("Level {level}")),
            attachments: vec![Attached::Message("inner".to_owned(), Box::new(message))],
            ..Msg::default()
        };
    }
    let mut read = formats::extract(Format::Email, &message.to_bytes()).expect("reads");
    let mut depth = 0;
    while let Some(PartContent::Read { extracted, .. }) = read.parts.first().map(|p| &p.content) {
        read = (**extracted).clone();
        depth += 1;
    }
    assert_eq!(depth, 10);
    assert!(
        read.skipped_parts[0]
            .reason
            .to_string()
            .starts_with("nested more than 10 levels deep"),
        "{:?}",
        read.skipped_parts
    );
}

#[test]
fn the_command_line_prints_a_message_and_scan_lists_its_parts() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("report.msg"), report().to_bytes()).expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("text")
        .arg(dir.path().join("report.msg"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Subject: Budget report"), "{text}");
    assert!(text.contains("The budget is attached."), "{text}");

    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("scan")
        .arg(dir.path())
        .output()
        .expect("run");
    let listing = String::from_utf8_lossy(&out.stdout);
    for id in [
        "report.msg",
        "report.msg/2-budget.csv",
        "report.msg/3-Fwd:%20the%20first%20draft.msg",
    ] {
        assert!(listing.contains(id), "{id} in {listing}");
    }
}

#[test]
fn the_fuzz_seeds_read_or_are_refused_with_a_reason() {
    for (name, bytes) in fuzz_seeds() {
        let read = formats::extract(Format::Email, &bytes);
        assert_eq!(read.is_ok(), name != "cut.msg", "{name}: {read:?}");
    }
}

#[test]
fn cuts_and_changed_bytes_are_read_or_refused_without_a_panic() {
    let whole = report().to_bytes();
    let mut inputs: Vec<Vec<u8>> = (8..whole.len())
        .step_by(97)
        .map(|cut| whole[..cut].to_vec())
        .collect();
    for at in (8..whole.len()).step_by(19) {
        let mut changed = whole.clone();
        changed[at] ^= 0xA5;
        inputs.push(changed);
    }
    let mut refused = 0;
    for bytes in &inputs {
        if let Err(reason) = formats::extract(Format::Email, bytes) {
            refused += 1;
            // The reader's own reasons, never the panic guard's.
            let reason = reason.to_string();
            assert!(!reason.contains("the reader failed"), "{reason}");
        }
    }
    assert!(
        refused > 0 && refused < inputs.len(),
        "{refused} of {}",
        inputs.len()
    );
}

#[test]
fn attachments_made_of_one_attachments_sectors_are_refused_not_read_again_and_again() {
    // Ten attachments; the first holds 8 KiB, the others one byte each. Their directory
    // entries are then pointed at the first one's sectors with its size, as a hostile file
    // would to make a small file read as many times its size.
    let big = vec![b'x'; 8192];
    let message = Msg {
        subject: Some("Copies".to_owned()),
        attachments: (0..10)
            .map(|i| {
                let bytes = if i == 0 { big.clone() } else { vec![b'y'] };
                Attached::File(format!("{i}.txt"), bytes)
            })
            .collect(),
        ..Msg::default()
    };
    let mut bytes = message.to_bytes();
    let name: Vec<u8> = "__substg1.0_37010102"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    // A directory entry: the name at 0, the start sector at 116, the size at 120.
    let entries: Vec<usize> = bytes
        .windows(name.len())
        .enumerate()
        .filter(|(at, w)| *w == name.as_slice() && at % 128 == 0)
        .map(|(at, _)| at)
        .collect();
    assert_eq!(entries.len(), 10);
    let size_of =
        |b: &[u8], at: usize| u64::from_le_bytes(b[at + 120..at + 128].try_into().unwrap());
    let first = *entries
        .iter()
        .find(|at| size_of(&bytes, **at) == 8192)
        .expect("the big one");
    let start: [u8; 4] = bytes[first + 116..first + 120].try_into().unwrap();
    for &at in &entries {
        bytes[at + 116..at + 120].copy_from_slice(&start);
        bytes[at + 120..at + 128].copy_from_slice(&8192u64.to_le_bytes());
    }
    assert!(bytes.len() < 10 * 8192, "{} bytes", bytes.len());
    let Err(reason) = formats::extract(Format::Email, &bytes) else {
        panic!("ten attachments read from the sectors of one");
    };
    assert!(
        reason.to_string().contains("its streams overlap"),
        "{reason}"
    );
}

/// Bcc (the recipients of type 3 and PidTagDisplayBcc) is read like Cc, in the text and
/// the metadata; an attachment whose name has no usable extension is read by its MIME tag
/// (PidTagAttachMimeTag), as an `.eml` attachment is by its Content-Type, its id unchanged
/// (issue 23).
#[test]
fn bcc_is_read_like_cc_and_an_attachment_without_an_extension_is_typed_by_its_mime_tag() {
    let message = Msg {
        subject: Some("Sources".to_owned()),
        sender: Some(("Jane Analyst", "jane@example.org")),
        to: vec![("Bob Editor", "bob@example.org")],
        bcc: vec![("Lawyer", "counsel@example.org")],
        body: Some("Numbers attached.".to_owned()),
        attachments: vec![
            Attached::Typed(
                "figures".to_owned(),
                "text/csv".to_owned(),
                b"item,amount\nfuel,300\n".to_vec(),
            ),
            Attached::Typed(
                "memo.v2".to_owned(),
                "text/plain".to_owned(),
                b"The memo on the port of Tartus.".to_vec(),
            ),
        ],
        ..Msg::default()
    };
    let read = formats::extract(Format::Email, &message.to_bytes()).expect("reads");
    assert!(
        read.text
            .starts_with("From: Jane Analyst <jane@example.org>\nTo: Bob Editor <bob@example.org>\nBcc: Lawyer <counsel@example.org>\n"),
        "{}",
        read.text
    );
    assert_eq!(read.meta.extra["bcc"], "Lawyer <counsel@example.org>");
    let people: Vec<String> = read
        .marks
        .people
        .iter()
        .map(|p| chars(&read.text, p.chars.clone()))
        .collect();
    assert!(
        people.contains(&"counsel@example.org".to_owned()),
        "{people:?}"
    );

    let dir = tempfile::tempdir().expect("tempdir");
    fs::write(dir.path().join("sources.msg"), message.to_bytes()).expect("write");
    let corpus = load(dir.path());
    assert!(
        corpus.report.skipped.is_empty(),
        "{:?}",
        corpus.report.skipped
    );
    let table = corpus.get("sources.msg/1-figures").expect("figures read");
    assert_eq!(table.format, Format::Csv);
    assert_eq!(table.text.as_str(), "item\tamount\nfuel\t300\n");
    let memo = corpus.get("sources.msg/2-memo.v2").expect("memo read");
    assert_eq!(memo.format, Format::Text);
    assert!(memo.text.as_str().contains("port of Tartus"));
}

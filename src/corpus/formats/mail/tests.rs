use super::*;

const REPLY: &str = "From: Bob Editor <bob@example.org>\r\n\
To: Jane Analyst <jane@example.org>, desk@example.org\r\n\
Cc: \"Lee, Sam\" <sam@example.org>\r\n\
Date: Tue, 5 Mar 2024 09:30:00 +0100\r\n\
Subject: Re: Budget\r\n\
Message-ID: <b@example.org>\r\n\
In-Reply-To: <a@example.org>\r\n\
References: <a@example.org>\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Agreed, Vladimir Putin will not like it.\r\n\
\r\n\
On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\r\n\
> Barack Obama said the budget is 3 million.\r\n";

fn chars(text: &str, range: std::ops::Range<usize>) -> String {
    text.chars().skip(range.start).take(range.len()).collect()
}

#[test]
fn a_message_reads_as_its_headers_and_body_with_people_and_quotes_marked() {
    let read = extract_eml(REPLY.as_bytes()).expect("read");
    assert_eq!(read.title.as_deref(), Some("Re: Budget"));
    assert!(
        read.text.starts_with(
            "From: Bob Editor <bob@example.org>\nTo: Jane Analyst <jane@example.org>, desk@example.org\nCc: Lee, Sam <sam@example.org>\nDate: Tue, 5 Mar 2024 09:30:00 +0100\nSubject: Re: Budget\n\nAgreed,"
        ),
        "{}",
        read.text
    );
    assert_eq!(read.meta.author.as_deref(), Some("Bob Editor"));
    assert_eq!(read.meta.date.as_deref(), Some("2024-03-05T09:30:00+01:00"));
    assert_eq!(read.meta.extra["message_id"], "b@example.org");
    assert_eq!(read.meta.extra["in_reply_to"], "a@example.org");
    assert_eq!(
        read.meta.extra["to"],
        "Jane Analyst <jane@example.org>, desk@example.org"
    );
    let people: Vec<(String, String)> = read
        .marks
        .people
        .iter()
        .map(|p| (chars(&read.text, p.chars.clone()), p.name.clone()))
        .collect();
    let named = |span: &str, name: &str| (span.to_owned(), name.to_owned());
    assert_eq!(
        people,
        [
            named("Bob Editor", "Bob Editor"),
            named("bob@example.org", "Bob Editor"),
            named("Jane Analyst", "Jane Analyst"),
            named("jane@example.org", "Jane Analyst"),
            named("desk@example.org", "desk@example.org"),
            named("Lee, Sam", "Lee, Sam"),
            named("sam@example.org", "Lee, Sam"),
        ]
    );
    let quoted: Vec<String> = read
        .marks
        .quoted
        .iter()
        .map(|q| chars(&read.text, q.clone()))
        .collect();
    assert_eq!(
        quoted,
        [
            "On Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> Barack Obama said the budget is 3 million."
        ]
    );
    assert!(read.skipped_parts.is_empty(), "{:?}", read.skipped_parts);
}

#[test]
fn an_html_only_message_is_read_by_the_html_reader() {
    let eml = "From: a@example.org\nSubject: Page\nContent-Type: text/html\n\n<html><body><p>First paragraph.</p><p>Second one.</p></body></html>\n";
    let read = extract_eml(eml.as_bytes()).expect("read");
    assert!(
        read.text.contains("First paragraph.\n\nSecond one."),
        "{}",
        read.text
    );
    assert!(!read.text.contains("<p>"));
}

fn multipart(parts: &str) -> String {
    format!(
        "From: a@example.org\nSubject: Files\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\nContent-Type: text/plain\n\nSee attached.\n{parts}--XX--\n"
    )
}

#[test]
fn attachments_are_parts_and_a_broken_one_is_skipped_with_the_reason() {
    let eml = multipart(
        "--XX\nContent-Type: text/plain; name=\"notes 1.txt\"\nContent-Disposition: attachment; filename=\"notes 1.txt\"\nContent-Transfer-Encoding: base64\n\nSGVsbG8gd29ybGQ=\n\
--XX\nContent-Type: application/pdf; name=\"bad.pdf\"\nContent-Disposition: attachment; filename=\"bad.pdf\"\nContent-Transfer-Encoding: base64\n\n!!!! not base64 ****\n\
--XX\nContent-Type: message/rfc822\n\nFrom: c@example.org\nSubject: Inner\n\nForwarded text.\n",
    );
    let read = extract_eml(eml.as_bytes()).expect("read");
    let parts: Vec<(&str, &str)> = read
        .parts
        .iter()
        .map(|p| match &p.content {
            PartContent::Bytes { name, .. } => (p.suffix.as_str(), name.as_str()),
            PartContent::Read { .. } => (p.suffix.as_str(), "?"),
        })
        .collect();
    assert_eq!(parts[0], ("/1-notes%201.txt", "notes 1.txt"));
    assert!(parts.iter().any(|(s, _)| s.ends_with(".eml")), "{parts:?}");
    match &read.parts[0].content {
        PartContent::Bytes { bytes, .. } => assert_eq!(bytes, b"Hello world"),
        PartContent::Read { .. } => panic!("bytes expected"),
    }
    assert_eq!(read.skipped_parts.len(), 1, "{:?}", read.skipped_parts);
    assert_eq!(read.skipped_parts[0].suffix, "/2-bad.pdf");
    assert!(read.text.contains("See attached."));
}

#[test]
fn an_unknown_charset_and_a_cut_message_are_said_in_the_skip_report() {
    let eml = "From: a@example.org\nSubject: Odd\nContent-Type: text/plain; charset=x-unheard-of\n\nHello there.\n";
    let read = extract_eml(eml.as_bytes()).expect("read");
    assert!(read.text.contains("Hello there."));
    assert_eq!(read.skipped_parts[0].suffix, BODY_SUFFIX);
    assert!(
        read.skipped_parts[0]
            .reason
            .to_string()
            .contains("x-unheard-of"),
        "{}",
        read.skipped_parts[0].reason
    );
    let full = multipart("");
    let cut = &full[..full.len() - "--XX--\n".len()];
    let read = extract_eml(cut.as_bytes()).expect("read");
    assert!(
        read.text.contains("See attached."),
        "{:?} {:?}",
        read.text,
        read.skipped_parts
    );
    assert!(
        read.skipped_parts
            .iter()
            .any(|s| s.reason.to_string().contains("cut short")),
        "{:?}",
        read.skipped_parts
    );
    assert!(extract_eml(b"\x00\x01 not mail").is_err());
}

#[test]
fn a_mailbox_gives_each_message_a_stable_unique_id() {
    let mbox = "From a@example.org Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: One\nMessage-ID: <a@example.org>\n\nFirst.\n>From the start.\n\n\
From b@example.org Mon Mar  4 11:00:00 2024\nFrom: b@example.org\nSubject: Two\n\nSecond.\n\n\
From a@example.org Mon Mar  4 12:00:00 2024\nFrom: a@example.org\nSubject: One again\nMessage-ID: <a@example.org>\n\nCopy.\n";
    let read = mbox::extract(mbox.as_bytes()).expect("read");
    assert!(read.text.is_empty());
    let suffixes: Vec<&str> = read.parts.iter().map(|p| p.suffix.as_str()).collect();
    assert_eq!(suffixes, ["#a@example.org", "#2", "#a@example.org~2"]);
    match &read.parts[0].content {
        PartContent::Read { format, extracted } => {
            assert_eq!(*format, crate::corpus::Format::Email);
            assert!(
                extracted.text.contains("First.\nFrom the start."),
                "{}",
                extracted.text
            );
        }
        PartContent::Bytes { .. } => panic!("a message is read by the mailbox"),
    }
    assert!(read.skipped_parts.is_empty(), "{:?}", read.skipped_parts);
    assert!(mbox::extract(b"no mailbox here\n").is_err());
}

#[test]
fn a_mailbox_cut_in_the_middle_keeps_every_message_and_says_so() {
    let mbox = format!(
        "From a Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: One\n\nFirst.\n\nFrom b Mon Mar  4 11:00:00 2024\n{}",
        multipart("--XX\nContent-Type: text/plain; name=a.txt\n\nAttached te")
            .trim_end_matches("--XX--\n")
    );
    let read = mbox::extract(mbox.as_bytes()).expect("read");
    assert_eq!(read.parts.len(), 2);
    assert_eq!(read.skipped_parts.len(), 1, "{:?}", read.skipped_parts);
    assert_eq!(read.skipped_parts[0].suffix, "#2");
    assert!(
        read.skipped_parts[0]
            .reason
            .to_string()
            .contains("cut short")
    );
}

#[test]
fn quoted_printable_in_a_legacy_charset_is_decoded_and_a_broken_escape_kept() {
    let eml = "From: a@example.org\nSubject: QP\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 cr=E8me, soft=\n break, =ZZ stays.\n";
    let read = extract_eml(eml.as_bytes()).expect("read");
    assert!(
        read.text.contains("Café crème, soft break, =ZZ stays."),
        "{}",
        read.text
    );
    assert_eq!(read.encoding, "iso-8859-1");
}

fn read_part(part: &Part) -> &Extracted {
    match &part.content {
        PartContent::Read { extracted, .. } => extracted,
        PartContent::Bytes { .. } => panic!("a message is read by the mailbox"),
    }
}

#[test]
fn an_unquoted_body_line_starting_from_neither_cuts_its_message_nor_renumbers_the_rest() {
    let mbox = "From a@example.org Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: Plan\nMessage-ID: <a@example.org>\n\nThe plan:\n\nFrom here on, the port is closed.\nSigned, the harbour master.\n\n\
From b@example.org Mon Mar  4 11:00:00 2024\nFrom: b@example.org\nSubject: Two\n\nSecond.\n\n\
From c@example.org Mon Mar  4 12:00:00 2024\nFrom: c@example.org\nSubject: Three\n\nThird.\n";
    let read = mbox::extract(mbox.as_bytes()).expect("read");
    let suffixes: Vec<&str> = read.parts.iter().map(|p| p.suffix.as_str()).collect();
    assert_eq!(suffixes, ["#a@example.org", "#2", "#3"]);
    let plan = &read_part(&read.parts[0]).text;
    assert!(
        plan.ends_with(
            "The plan:\n\nFrom here on, the port is closed.\nSigned, the harbour master.\n\n"
        ),
        "{plan:?}"
    );
    assert!(read.skipped_parts.is_empty(), "{:?}", read.skipped_parts);
}

#[test]
fn a_message_without_a_date_is_dated_by_its_mbox_envelope_and_says_so() {
    let mbox = "From a@example.org Sat Mar  2 08:15:00 2024\nFrom: a@example.org\nSubject: Undated\n\nNo Date header.\n\n\
From b@example.org Sat Mar  2 09:00:00 2024\nFrom: b@example.org\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Dated\n\nIts own.\n";
    let read = mbox::extract(mbox.as_bytes()).expect("read");
    let undated = read_part(&read.parts[0]);
    assert_eq!(undated.meta.date.as_deref(), Some("2024-03-02T08:15:00Z"));
    assert_eq!(
        undated.meta.extra.get("date_source").map(String::as_str),
        Some(DATE_FROM_ENVELOPE)
    );
    // No "Date:" line is made up in the text.
    assert!(!undated.text.contains("Date:"), "{}", undated.text);
    let dated = read_part(&read.parts[1]);
    assert_eq!(dated.meta.date.as_deref(), Some("2024-03-04T10:00:00Z"));
    assert!(!dated.meta.extra.contains_key("date_source"));
    // A loose message has no envelope: no date.
    let eml =
        extract_eml(b"From: a@example.org\nSubject: Undated\n\nNo Date header.\n").expect("read");
    assert_eq!(eml.meta.date, None);
}

#[test]
fn a_broken_base64_attachment_is_read_up_to_the_break_or_skipped_saying_where() {
    // "The convoy reached Aleppo on Monday." then a damaged line.
    let eml = multipart(
        "--XX\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\nContent-Transfer-Encoding: base64\n\nVGhlIGNvbnZveSByZWFjaGVkIEFsZXBwbyBvbiBNb25kYXku\n!!! damaged !!!\nVGhlIHJlc3Qu\n\
--XX\nContent-Type: application/pdf; name=\"scan.pdf\"\nContent-Disposition: attachment; filename=\"scan.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IK\n*** cut ***\n",
    );
    let read = extract_eml(eml.as_bytes()).expect("read");
    assert_eq!(read.parts.len(), 1, "{:?}", read.parts);
    assert_eq!(read.parts[0].suffix, "/1-notes.txt");
    match &read.parts[0].content {
        PartContent::Bytes { bytes, name } => {
            assert_eq!(name, "notes.txt");
            assert_eq!(bytes, b"The convoy reached Aleppo on Monday.");
        }
        PartContent::Read { .. } => panic!("bytes expected"),
    }
    let said: Vec<(String, String)> = read
        .skipped_parts
        .iter()
        .map(|s| (s.suffix.clone(), s.reason.to_string()))
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert_eq!(said[0].0, "/1-notes.txt#body");
    assert!(
        said[0].1.contains("breaks at line 16 of the message"),
        "{said:?}"
    );
    assert!(said[0].1.contains("read up to the break"), "{said:?}");
    assert_eq!(said[1].0, "/2-scan.pdf");
    assert!(
        said[1].1.contains("breaks at line 24 of the message"),
        "{said:?}"
    );
    assert!(
        said[1]
            .1
            .contains("a PDF cannot be read from its start alone"),
        "{said:?}"
    );
}

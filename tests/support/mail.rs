//! Email written in code: messages in mbox form with a plain body and attachments
//! (base64, or a forwarded message), for the mail tests, the mail bench and the fuzz seeds.

/// Base64 with line breaks every 76 chars, as MIME writes attachments.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    let mut wrapped = String::new();
    for (i, c) in out.chars().enumerate() {
        if i > 0 && i % 76 == 0 {
            wrapped.push('\n');
        }
        wrapped.push(c);
    }
    wrapped
}

/// An attachment of a multipart message.
pub struct Attachment {
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// One message in mbox form (`From ` line first), with a plain body and attachments.
pub fn message(headers: &str, body: &str, attachments: &[Attachment]) -> String {
    let mut out =
        format!("From sender@example.org Mon Mar  4 10:00:00 2024\n{headers}\nMIME-Version: 1.0\n");
    if attachments.is_empty() {
        out.push_str(&format!(
            "Content-Type: text/plain; charset=utf-8\n\n{body}\n\n"
        ));
        return out;
    }
    out.push_str("Content-Type: multipart/mixed; boundary=\"b0undary\"\n\n");
    out.push_str(&format!(
        "--b0undary\nContent-Type: text/plain; charset=utf-8\n\n{body}\n"
    ));
    for a in attachments {
        if a.content_type == "message/rfc822" {
            let inner = String::from_utf8_lossy(&a.bytes);
            out.push_str(&format!(
                "--b0undary\nContent-Type: message/rfc822\nContent-Disposition: attachment; filename=\"{}\"\n\n{inner}\n",
                a.name
            ));
        } else {
            out.push_str(&format!(
                "--b0undary\nContent-Type: {}; name=\"{}\"\nContent-Disposition: attachment; filename=\"{}\"\nContent-Transfer-Encoding: base64\n\n{}\n",
                a.content_type,
                a.name,
                a.name,
                base64(&a.bytes)
            ));
        }
    }
    out.push_str("--b0undary--\n\n");
    out
}

/// Small mail inputs of every kind the reader meets, good and bad: the fuzz seeds (and
/// its committed corpus), named by what they are.
pub fn fuzz_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let reply = "From: Bob Editor <bob@example.org>\nTo: Jane Analyst <jane@example.org>, desk@example.org\nDate: Tue, 5 Mar 2024 09:30:00 +0000\nSubject: =?utf-8?q?R=C3=A9sum=C3=A9?=\nMessage-ID: <b@example.org>\nIn-Reply-To: <a@example.org>\n\nAgreed.\n\nOn Mon, 4 Mar 2024, Jane Analyst <jane@example.org> wrote:\n> The budget is 3 million.\n";
    let attachments = message(
        "From: a@example.org\nSubject: Files\nMessage-ID: <f@example.org>",
        "See attached.",
        &[
            Attachment {
                name: "notes.txt",
                content_type: "text/plain",
                bytes: b"Notes from the meeting.".to_vec(),
            },
            Attachment {
                name: "fwd.eml",
                content_type: "message/rfc822",
                bytes: reply.as_bytes().to_vec(),
            },
        ],
    );
    let eml = |s: &str| {
        s.lines()
            .skip(1)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes()
    };
    let broken_base64 = "From: a@example.org\nSubject: Bad\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\nBody.\n--q\nContent-Type: application/pdf; name=\"x.pdf\"\nContent-Transfer-Encoding: base64\n\n@@@ not base64 @@@\n--q--\n";
    let quoted_printable = "From: a@example.org\nSubject: QP\nContent-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 =3D caf=\n=C3=A9 =ZZ broken=\n";
    let unknown_charset = "From: a@example.org\nSubject: Odd\nContent-Type: text/plain; charset=x-unheard-of\n\nHello.\n";
    let html = "From: a@example.org\nSubject: Page\nContent-Type: text/html; charset=utf-8\n\n<html><body><p>One.</p><blockquote>Two.</blockquote></body></html>\n";
    let mbox = [
        message(
            "From: a@example.org\nSubject: One\nMessage-ID: <a@example.org>",
            "First.\n>From the start.",
            &[],
        ),
        message("From: b@example.org\nSubject: Two", "Second.", &[]),
        message(
            "From: a@example.org\nSubject: Again\nMessage-ID: <a@example.org>",
            "Copy.",
            &[],
        ),
    ]
    .concat();
    let cut = attachments[..attachments.len() / 2].to_owned();
    let mboxo = MBOXO_SEED;
    let broken_text = BROKEN_TEXT_ATTACHMENT_SEED;
    vec![
        ("reply.eml", reply.as_bytes().to_vec()),
        ("attachments.eml", eml(&attachments)),
        ("broken-base64.eml", broken_base64.as_bytes().to_vec()),
        ("quoted-printable.eml", quoted_printable.as_bytes().to_vec()),
        ("unknown-charset.eml", unknown_charset.as_bytes().to_vec()),
        ("html.eml", html.as_bytes().to_vec()),
        ("three.mbox", mbox.into_bytes()),
        ("cut.mbox", cut.into_bytes()),
        ("mboxo-from-lines.mbox", mboxo.as_bytes().to_vec()),
        ("broken-base64-text.eml", broken_text.as_bytes().to_vec()),
    ]
}

/// An mboxo mailbox: a body line "From here on" and an envelope-like body line left
/// unquoted, a message without a Date dated by its envelope (with a zone), and one after
/// a line that is not blank.
const MBOXO_SEED: &str = "From a@example.org Mon Mar  4 10:00:00 2024\nFrom: a@example.org\nSubject: Plan\n\nThe plan:\n\nFrom here on, the port is closed.\nFrom jane@example.org Mon Mar  4 09:00:00 2024\nnot an envelope: no header follows.\n\nFrom b@example.org Sat Mar  2 08:15:00 +0100 2024\nFrom: b@example.org\nSubject: Undated\n\nNo Date.\nFrom c@example.org Mon Mar  4 11:00:00 2024\nSubject: Packed, no blank line before\n\nThird.\n";

/// A text attachment whose base64 breaks: read up to the break.
const BROKEN_TEXT_ATTACHMENT_SEED: &str = "From: a@example.org\nSubject: Notes\nContent-Type: multipart/mixed; boundary=\"q\"\n\n--q\nContent-Type: text/plain\n\nBody.\n--q\nContent-Type: text/plain; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\nContent-Transfer-Encoding: base64\n\nVGhlIGNvbnZveSByZWFjaGVkIEFsZXBwbyBvbiBNb25kYXku\n!!! damaged !!!\nVGhlIHJlc3Qu\n--q--\n";

/// A mailbox of `text`'s paragraphs, a message each, every tenth with the paragraph
/// attached again as a text file.
pub fn large_mailbox(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, paragraph)| {
            let headers = format!(
                "From: Writer {i} <w{i}@example.org>\nTo: desk@example.org\nDate: Mon, 4 Mar 2024 10:00:00 +0000\nSubject: Paragraph {i}\nMessage-ID: <p{i}@example.org>"
            );
            let attachments = if i % 10 == 0 {
                vec![Attachment {
                    name: "paragraph.txt",
                    content_type: "text/plain",
                    bytes: paragraph.as_bytes().to_vec(),
                }]
            } else {
                Vec::new()
            };
            message(&headers, paragraph, &attachments)
        })
        .collect()
}

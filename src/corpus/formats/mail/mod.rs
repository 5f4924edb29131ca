//! Email: a message (`.eml`) and a mailbox of messages (`.mbox`, mboxo and mboxrd), parsed
//! by [`mail_parser`], which decodes every MIME encoding and charset and recovers what it
//! can of a broken message.
//!
//! A message's text is a short header (From, To, Cc, Date, Subject, one line each, so
//! that they can be searched, quoted and annotated like the body) followed by its body:
//! the plain-text body when there is one, else the HTML body through the HTML reader. The
//! Subject is the title; From is the author, Date the date (RFC 3339; in a mailbox, a
//! message without a Date is dated by its `From ` line, `date_source` saying so), and the other
//! headers are in `extra` (`from`, `to`, `cc`, `message_id`, `in_reply_to`,
//! `references`: what [`crate::corpus::thread`] builds threads from). The people of From,
//! To and Cc are named spans of the text ([`TextMarks::people`]) and the quoted lines of
//! replies are marked ([`TextMarks::quoted`], see [`quoted`]).
//!
//! Attachments are parts `/N-name` (N counting from 1, in the order of the message), read
//! by the reader their name's extension picks: a forwarded message as `.eml`. An
//! attachment whose base64 breaks is decoded up to the break and read from there when its
//! reader can read a start alone (text, HTML, a table, a message), the break said in the
//! skip report (`/N-name#body`), else skipped saying where it broke; a body in a charset
//! no decoder knows, or whose encoding is broken, is read as well as it can be and said
//! so in the skip report (`#body` after the message's id; see [`encoding`]), as are
//! headers in a charset no decoder knows (`#headers`, see [`headers`]).
//!
//! A mailbox has no text of its own: its parts are its messages (see [`mbox`]).

mod encoding;
mod envelope;
mod headers;
pub mod mbox;
mod names;

pub use names::part_as_written;
mod outlook;
pub mod quoted;
pub mod split;

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use super::table::OLE_MAGIC;
use super::{Extracted, Part, PartContent, SkippedPart};
use crate::corpus::SkipReason;
use crate::corpus::document::Metadata;
use crate::corpus::marks::TextMarks;
use crate::text::{ParagraphStyle, normalize_newlines};
use envelope::{Envelope, TextWriter};

/// The suffix after a message's id of what is said about its body in the skip report.
pub const BODY_SUFFIX: &str = "#body";

/// Reads one message (`.eml`).
pub fn extract_eml(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    if bytes.starts_with(&OLE_MAGIC) {
        return outlook::extract(bytes);
    }
    let mut extracted = read_message(bytes)?;
    if let Some(reason) = mbox::cut_short(bytes) {
        extracted.skipped_parts.push(SkippedPart {
            suffix: BODY_SUFFIX.to_owned(),
            reason,
        });
    }
    Ok(extracted)
}

/// A message's bytes read as a document with its attachments as parts.
pub fn read_message(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    read_delivered_message(bytes, None)
}

/// Where a message's date comes from when it has no Date of its own but its mailbox's
/// `From ` line gives one (`date_source` in its metadata).
pub const DATE_FROM_ENVELOPE: &str = "the mbox envelope (the message has no Date)";

/// A message of a mailbox read as a document: as [`read_message`], dated by `delivered`
/// (the date of its `From ` line) when it has no valid Date of its own.
pub fn read_delivered_message(
    bytes: &[u8],
    delivered: Option<&mail_parser::DateTime>,
) -> Result<Extracted, SkipReason> {
    let message = MessageParser::default()
        .parse(bytes)
        .filter(looks_like_mail)
        .ok_or_else(|| {
            SkipReason::Damaged(
                "not an email message: none of From, To, Subject, Date, Message-ID or Content-Type"
                    .to_owned(),
            )
        })?;
    let mut skipped_parts = Vec::new();
    let mut envelope = Envelope::of_message(&message);
    if envelope.date.is_none()
        && let Some(delivered) = delivered
    {
        envelope.date = Some(delivered.to_rfc3339());
        envelope.date_source = Some(DATE_FROM_ENVELOPE);
    }
    let mut said = Vec::new();
    headers::repair(&message, &mut envelope, &mut said);
    if !said.is_empty() {
        skipped_parts.push(SkippedPart {
            suffix: headers::HEADERS_SUFFIX.to_owned(),
            reason: SkipReason::Damaged(said.join("; ")),
        });
    }
    let body = body_text(&message, &mut skipped_parts);
    let parts = attachments(&message, &mut skipped_parts);
    Ok(compose(&envelope, body, parts, skipped_parts))
}

/// A message's document: its envelope's lines, a blank line and its body, the quoted
/// lines of the body marked; its attachments as parts.
fn compose(
    envelope: &Envelope,
    body: Body,
    parts: Vec<Part>,
    skipped_parts: Vec<SkippedPart>,
) -> Extracted {
    let mut text = TextWriter::default();
    let mut meta = Metadata::default();
    envelope.write(&mut text, &mut meta);
    text.push("\n");
    let body_start = text.chars;
    text.push(&body.text);
    let quoted = quoted::quoted_ranges(&body.text)
        .into_iter()
        .map(|r| r.start + body_start..r.end + body_start)
        .collect();
    Extracted {
        text: text.text,
        title: envelope.subject.clone(),
        meta,
        encoding: body.encoding,
        style: body.style,
        parts,
        skipped_parts,
        marks: TextMarks {
            quoted,
            people: text.people,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// A message with at least one of the headers every message has (a file that is not
/// mail parses as a message whose "headers" are its first lines).
fn looks_like_mail(message: &Message<'_>) -> bool {
    message.from().is_some()
        || message.to().is_some()
        || message.subject().is_some()
        || message.date().is_some()
        || message.message_id().is_some()
        || message.content_type().is_some()
}

/// A message's body as text.
struct Body {
    text: String,
    encoding: String,
    style: ParagraphStyle,
}

/// The plain-text body parts, else the HTML ones read by the HTML reader; what went wrong
/// decoding them is added to `skipped`.
fn body_text(message: &Message<'_>, skipped: &mut Vec<SkippedPart>) -> Body {
    let mut pieces: Vec<String> = Vec::new();
    let mut style = ParagraphStyle::Lines;
    let mut encoding: Option<String> = None;
    let mut problems: Vec<String> = Vec::new();
    for id in &message.text_body {
        let Some(part) = message.parts.get(*id as usize) else {
            continue;
        };
        let charset = part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(str::to_owned);
        encoding.get_or_insert_with(|| charset.clone().unwrap_or_else(|| "UTF-8".to_owned()));
        let html = matches!(part.body, PartType::Html(_));
        let text = match &part.body {
            PartType::Text(t) | PartType::Html(t) => {
                read_again(message, part, &mut problems).unwrap_or_else(|| t.to_string())
            }
            _ => continue,
        };
        if html {
            style = ParagraphStyle::Blocks;
            match super::html::extract(text.as_bytes()) {
                Ok(html) => pieces.push(html.text),
                Err(reason) => problems.push(format!("the HTML text could not be read: {reason}")),
            }
        } else {
            pieces.push(normalize_newlines(text));
        }
    }
    for part in recovered_text(message) {
        if let PartType::Text(t) = &part.body {
            if !encoding::gave_up(part) {
                problems.push(
                    "the message's MIME structure is broken (a part never closed): its text is read as it stands"
                        .to_owned(),
                );
            }
            let text = read_again(message, part, &mut problems).unwrap_or_else(|| t.to_string());
            let is_html = part.content_type().is_some_and(|ct| {
                ct.c_subtype
                    .as_deref()
                    .is_some_and(|s| s.eq_ignore_ascii_case("html"))
            });
            match is_html.then(|| super::html::extract(text.as_bytes())) {
                Some(Ok(html)) => pieces.push(html.text),
                _ => pieces.push(normalize_newlines(text)),
            }
        }
    }
    problems.dedup();
    if !problems.is_empty() {
        skipped.push(SkippedPart {
            suffix: BODY_SUFFIX.to_owned(),
            reason: SkipReason::Damaged(problems.join("; ")),
        });
    }
    let separator = if style == ParagraphStyle::Blocks {
        "\n\n"
    } else {
        "\n"
    };
    Body {
        text: pieces.join(separator),
        encoding: encoding.unwrap_or_else(|| "UTF-8".to_owned()),
        style,
    }
}

/// A text part's text read here rather than as mail-parser gave it, when it gave up on
/// the part's transfer encoding (its text is then still encoded) or read a charset it
/// does not know as UTF-8; `None` when its text stands. What was wrong goes to `problems`,
/// as do bad quoted-printable escapes mail-parser kept silently.
fn read_again(
    message: &Message<'_>,
    part: &mail_parser::MessagePart<'_>,
    problems: &mut Vec<String>,
) -> Option<String> {
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    let unknown = charset.is_some_and(|c| !encoding::known_charset(c));
    if !encoding::gave_up(part) && !unknown {
        problems.extend(encoding::bad_escapes(message, part));
        return None;
    }
    let decoded = encoding::decode_part(message, part)?;
    problems.extend(decoded.problems);
    Some(encoding::text_in(
        &decoded.bytes,
        charset,
        message,
        "the text",
        problems,
    ))
}

/// The parts the parser could not fit into the message's structure and kept as text (a
/// multipart never closed, a part whose encoding is broken) without a name of their own:
/// the body's text, not an attachment.
fn recovered_text<'a>(
    message: &'a Message<'_>,
) -> impl Iterator<Item = &'a mail_parser::MessagePart<'a>> {
    message.attachments().filter(|p| is_recovered_text(p))
}

fn is_recovered_text(part: &mail_parser::MessagePart<'_>) -> bool {
    part.is_encoding_problem
        && matches!(part.body, PartType::Text(_))
        && part.attachment_name().is_none()
}

/// The message's attachments as parts `/N-name`. One whose encoding is broken is decoded
/// as far as it goes ([`encoding::decode_part`]) and read from there with the break said
/// in the skip report (`/N-name#body`) when its reader can read a start alone (text, HTML,
/// a table, a message); else, or when nothing can be decoded, it is skipped with where it
/// broke.
fn attachments(message: &Message<'_>, skipped: &mut Vec<SkippedPart>) -> Vec<Part> {
    let mut parts = Vec::new();
    for (i, part) in message.attachments().enumerate() {
        if is_recovered_text(part) {
            continue;
        }
        let (id_name, name) = attachment_name(part, i + 1);
        let suffix = format!("/{id_name}");
        let name = super::sniff::attachment_reader_name(name, content_type(part).as_deref());
        if part.is_encoding_problem {
            if let Some(bytes) = broken_attachment(message, part, &name, &suffix, skipped) {
                parts.push(Part {
                    suffix,
                    content: PartContent::Bytes { name, bytes },
                });
            }
            continue;
        }
        let bytes = part.contents().to_vec();
        parts.push(Part {
            suffix,
            content: PartContent::Bytes { name, bytes },
        });
    }
    parts
}

/// The bytes of an attachment whose encoding is broken, as far as they decode, when its
/// reader (named by `name`) can read them; what is said of it goes to `skipped`.
fn broken_attachment(
    message: &Message<'_>,
    part: &mail_parser::MessagePart<'_>,
    name: &str,
    suffix: &str,
    skipped: &mut Vec<SkippedPart>,
) -> Option<Vec<u8>> {
    let unreadable = || {
        SkipReason::Damaged(
            "the attachment's encoding is broken (base64, quoted-printable or a nested message that cannot be read)".to_owned(),
        )
    };
    let decoded = encoding::gave_up(part)
        .then(|| encoding::decode_part(message, part))
        .flatten();
    let Some(decoded) = decoded else {
        skipped.push(SkippedPart {
            suffix: suffix.to_owned(),
            reason: unreadable(),
        });
        return None;
    };
    let format = crate::corpus::Format::from_path(std::path::Path::new(name));
    let Some(broke) = decoded.broke else {
        // Quoted-printable with bad escapes: every byte is there, the escapes as written.
        if !decoded.problems.is_empty() {
            skipped.push(SkippedPart {
                suffix: format!("{suffix}{BODY_SUFFIX}"),
                reason: SkipReason::Damaged(decoded.problems.join("; ")),
            });
        }
        return Some(decoded.bytes);
    };
    let where_ = format!(
        "the attachment's encoding is broken: its base64 breaks at line {} of the message, after {} of it ({} decoded, {} left undecoded)",
        broke.line,
        crate::text::counted(broke.before, "byte", "bytes"),
        crate::text::counted(decoded.bytes.len(), "byte", "bytes"),
        crate::text::counted(broke.after, "byte", "bytes"),
    );
    let reads_a_start = format.is_some_and(|f| {
        use crate::corpus::Format as F;
        matches!(
            f,
            F::Text | F::Markdown | F::Html | F::Csv | F::Tsv | F::Email | F::Mailbox
        )
    });
    if decoded.bytes.is_empty() || !reads_a_start {
        let why = match format {
            _ if decoded.bytes.is_empty() => "nothing before it could be decoded".to_owned(),
            Some(f) => format!("{} cannot be read from its start alone", a_label(f)),
            None => "its start alone cannot be read".to_owned(),
        };
        skipped.push(SkippedPart {
            suffix: suffix.to_owned(),
            reason: SkipReason::Damaged(format!("{where_}: {why}")),
        });
        return None;
    }
    skipped.push(SkippedPart {
        suffix: format!("{suffix}{BODY_SUFFIX}"),
        reason: SkipReason::Damaged(format!("{where_}: the attachment is read up to the break")),
    });
    Some(decoded.bytes)
}

/// "a PDF", "an Excel workbook".
fn a_label(format: crate::corpus::Format) -> String {
    let label = format.label();
    let article = if label.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {label}")
}

/// An attachment's MIME type ("application/pdf"), for a name that does not say it.
fn content_type(part: &mail_parser::MessagePart<'_>) -> Option<String> {
    let ct = part.content_type()?;
    Some(format!(
        "{}/{}",
        ct.ctype(),
        ct.subtype().unwrap_or_default()
    ))
}

/// The attachment's name in its id, "2-memo%20scan.pdf" (its position and its file name
/// made safe for an id: no `/` or `#`, no space or control character), and its file name
/// as written, "memo scan.pdf", which picks its reader and gives its title as a loose
/// file's name would. An attachment without a name gets one from its type.
fn attachment_name(part: &mail_parser::MessagePart<'_>, position: usize) -> (String, String) {
    let given = part
        .attachment_name()
        // Folders a sender put in the name are no part of it ("../../etc/passwd").
        .map(|n| names::file_name_only(n.trim()).trim().to_owned())
        .filter(|n| !n.is_empty());
    let name = given.unwrap_or_else(|| {
        let ext = match &part.body {
            PartType::Message(_) => "eml",
            PartType::Html(_) => "html",
            PartType::Text(_) => "txt",
            _ => part
                .content_type()
                .map(|ct| extension_of_type(&ct.c_type, ct.c_subtype.as_deref()))
                .unwrap_or("bin"),
        };
        format!("attachment.{ext}")
    });
    // A forwarded message is read as one whatever its name says.
    let name = if matches!(part.body, PartType::Message(_))
        && !name.to_ascii_lowercase().ends_with(".eml")
    {
        format!("{name}.eml")
    } else {
        name
    };
    let id_name = names::safe_name(&name);
    let file_name = file_name_as_written(&name, &id_name);
    (format!("{position}-{id_name}"), file_name)
}

/// An attachment's file name as its sender wrote it, for its reader and its title: a name
/// given with a path is a file of its last step, and control characters are no part of a
/// name that reads; `id_name` when nothing is left.
fn file_name_as_written(name: &str, id_name: &str) -> String {
    let file_name: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    if file_name.trim().is_empty() {
        id_name.to_owned()
    } else {
        file_name
    }
}

/// The usual extension of a MIME type, for an attachment without a file name.
fn extension_of_type(ctype: &str, subtype: Option<&str>) -> &'static str {
    let ctype = ctype.to_ascii_lowercase();
    let subtype = subtype.unwrap_or_default().to_ascii_lowercase();
    match (ctype.as_str(), subtype.as_str()) {
        ("application", "pdf") => "pdf",
        ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document") => "docx",
        ("application", "vnd.oasis.opendocument.text") => "odt",
        ("message", "rfc822") => "eml",
        ("text", "html") => "html",
        ("text", _) => "txt",
        ("image", "png") => "png",
        ("image", "jpeg") => "jpg",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests;

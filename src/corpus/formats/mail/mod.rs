//! Email: a message (`.eml`) and a mailbox of messages (`.mbox`, mboxo and mboxrd), parsed
//! by [`mail_parser`], which decodes every MIME encoding and charset and recovers what it
//! can of a broken message.
//!
//! A message's text is a short header (From, To, Cc, Date, Subject, one line each, so
//! that they can be searched, quoted and annotated like the body) followed by its body:
//! the plain-text body when there is one, else the HTML body through the HTML reader. The
//! Subject is the title; From is the author, Date the date (RFC 3339), and the other
//! headers are in `extra` (`from`, `to`, `cc`, `message_id`, `in_reply_to`,
//! `references`: what [`crate::corpus::thread`] builds threads from). The people of From,
//! To and Cc are named spans of the text ([`TextMarks::people`]) and the quoted lines of
//! replies are marked ([`TextMarks::quoted`], see [`quoted`]).
//!
//! Attachments are parts `/N-name` (N counting from 1, in the order of the message), read
//! by the reader their name's extension picks: a forwarded message as `.eml`. An
//! attachment whose encoding is broken is skipped with the reason; a body in a charset
//! no decoder knows, or whose encoding is broken, is read as well as it can be and said
//! so in the skip report (`#body` after the message's id).
//!
//! A mailbox has no text of its own: its parts are its messages (see [`mbox`]).

mod envelope;
pub mod mbox;
mod names;
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
    let body = body_text(&message, &mut skipped_parts);
    let parts = attachments(&message, &mut skipped_parts);
    Ok(compose(
        &Envelope::of_message(&message),
        body,
        parts,
        skipped_parts,
    ))
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
        if let Some(charset) = &charset
            && !known_charset(charset)
        {
            problems.push(format!(
                "the text is in a charset no decoder knows ({charset:?}): read as UTF-8, unknown characters replaced"
            ));
        }
        if part.is_encoding_problem {
            problems.push("the text's transfer encoding is broken (base64 or quoted-printable): read as it stands".to_owned());
        }
        encoding.get_or_insert_with(|| charset.unwrap_or_else(|| "UTF-8".to_owned()));
        match &part.body {
            PartType::Text(t) => pieces.push(normalize_newlines(t.to_string())),
            PartType::Html(h) => {
                style = ParagraphStyle::Blocks;
                match super::html::extract(h.as_bytes()) {
                    Ok(html) => pieces.push(html.text),
                    Err(reason) => {
                        problems.push(format!("the HTML text could not be read: {reason}"))
                    }
                }
            }
            _ => {}
        }
    }
    for part in recovered_text(message) {
        if let PartType::Text(t) = &part.body {
            pieces.push(normalize_newlines(t.to_string()));
            problems.push(
                "the message's MIME structure is broken (a part never closed): its text is read as it stands"
                    .to_owned(),
            );
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

/// A charset the parser can decode (it reads an unknown one as UTF-8, replacing what is
/// not).
fn known_charset(charset: &str) -> bool {
    let c = charset.trim().to_ascii_lowercase();
    matches!(c.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii")
        || mail_parser::decoders::charsets::map::charset_decoder(c.as_bytes()).is_some()
}

/// The message's attachments as parts `/N-name`; those whose encoding is broken are
/// skipped with the reason.
fn attachments(message: &Message<'_>, skipped: &mut Vec<SkippedPart>) -> Vec<Part> {
    let mut parts = Vec::new();
    for (i, part) in message.attachments().enumerate() {
        if is_recovered_text(part) {
            continue;
        }
        let name = attachment_name(part, i + 1);
        let suffix = format!("/{name}");
        if part.is_encoding_problem {
            skipped.push(SkippedPart {
                suffix,
                reason: SkipReason::Damaged(
                    "the attachment's encoding is broken (base64, quoted-printable or a nested message that cannot be read)".to_owned(),
                ),
            });
            continue;
        }
        let bytes = part.contents().to_vec();
        parts.push(Part {
            suffix,
            content: PartContent::Bytes {
                name: super::sniff::attachment_reader_name(name, content_type(part).as_deref()),
                bytes,
            },
        });
    }
    parts
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

/// "2-budget.pdf": the attachment's position and its file name made safe for an id (no
/// `/` or `#`, no control characters), or a name from its type when it has none.
fn attachment_name(part: &mail_parser::MessagePart<'_>, position: usize) -> String {
    let given = part
        .attachment_name()
        .map(|n| names::safe_name(names::file_name_only(n)))
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
    format!("{position}-{name}")
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

//! Outlook messages (`.msg`, MS-OXMSG): an OLE compound file of MAPI properties, read
//! with `cfb` (see [`props`]) into the same document as an `.eml`: the envelope's lines
//! (From, To, Cc, Date, Subject) then the body, plain text else HTML through the HTML
//! reader, quoted replies marked, attachments as parts `/N-name` read by their own readers
//! (the one its MIME tag names when the name has no usable extension) and an attached
//! Outlook message read here as a message of its own.
//!
//! The envelope comes from the properties: the sender, the recipients table (else the
//! display lists of To, Cc and Bcc), the subject, the submit (else delivery) time, the
//! Message-ID, In-Reply-To and References. A message that was sent keeps its transport
//! headers, read with `mail-parser`: they fill what the properties lack, and their Date
//! is written as the sender wrote it. A body kept only as compressed RTF is decompressed
//! and read (see [`rtf`]): the HTML it encapsulates through the HTML reader, else its text.

mod props;
mod rtf;

use std::path::PathBuf;

use mail_parser::{DateTime, MessageParser};

use super::envelope::{Envelope, Person, one_line};
use super::{BODY_SUFFIX, Body, compose, names};
use crate::corpus::SkipReason;
use crate::corpus::document::Format;
use crate::corpus::formats::{Extracted, Part, PartContent, SkippedPart};
use crate::text::{ParagraphStyle, normalize_newlines};
use props::{Kind, OleFile, Props};

/// How deep attached messages are read, each inside the one before: the loader's depth
/// limit for parts, checked here before the loader sees them because a hostile file can
/// nest storages without end.
const MAX_NESTED_MESSAGES: usize = 10;

// The MAPI property ids read (MS-OXPROPS).
const SUBJECT: u16 = 0x0037;
const CLIENT_SUBMIT_TIME: u16 = 0x0039;
const SENT_REPRESENTING_NAME: u16 = 0x0042;
const SENT_REPRESENTING_EMAIL: u16 = 0x0065;
const TRANSPORT_HEADERS: u16 = 0x007D;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_EMAIL: u16 = 0x0C1F;
const RECIPIENT_TYPE: u16 = 0x0C15;
const DISPLAY_BCC: u16 = 0x0E02;
const DISPLAY_CC: u16 = 0x0E03;
const DISPLAY_TO: u16 = 0x0E04;
const DELIVERY_TIME: u16 = 0x0E06;
const BODY: u16 = 0x1000;
const RTF_COMPRESSED: u16 = 0x1009;
const HTML: u16 = 0x1013;
const MESSAGE_ID: u16 = 0x1035;
const REFERENCES: u16 = 0x1039;
const IN_REPLY_TO: u16 = 0x1042;
const DISPLAY_NAME: u16 = 0x3001;
const EMAIL_ADDRESS: u16 = 0x3003;
const ATTACH_DATA: u16 = 0x3701;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_METHOD: u16 = 0x3705;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const ATTACH_MIME_TAG: u16 = 0x370E;
const SMTP_ADDRESS: u16 = 0x39FE;
const SENDER_SMTP_ADDRESS: u16 = 0x5D01;
const SENT_REPRESENTING_SMTP_ADDRESS: u16 = 0x5D02;

/// PR_ATTACH_METHOD: attached by reference (a path or a link), the data elsewhere.
const BY_REFERENCE: [u32; 3] = [2, 3, 4];
/// PR_ATTACH_METHOD: an attached message.
const EMBEDDED_MESSAGE: u32 = 5;
/// PR_ATTACH_METHOD: an OLE object drawn in a rich-text body.
const OLE_OBJECT: u32 = 6;
/// PR_RECIPIENT_TYPE: To, Cc, Bcc (known to the sender's copy).
const RECIPIENT_TO: u32 = 1;
const RECIPIENT_CC: u32 = 2;
const RECIPIENT_BCC: u32 = 3;

/// Reads an Outlook message (`bytes` starts as an OLE compound file does).
pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut file = OleFile::open(bytes)?;
    let message = Props::read(&mut file, PathBuf::from("/"), Kind::TopMessage, None)?;
    if !message.any(&file) {
        return Err(SkipReason::Damaged(
            "an OLE file but no Outlook message: it holds no message properties (a Word or Excel file named .msg?)".to_owned(),
        ));
    }
    read_message(&mut file, &message, 0)
}

/// The message whose properties are `message`, `depth` attached messages down.
fn read_message(
    file: &mut OleFile<'_>,
    message: &Props,
    depth: usize,
) -> Result<Extracted, SkipReason> {
    let envelope = envelope(file, message)?;
    let mut skipped = Vec::new();
    let body = body(file, message, &mut skipped)?;
    let parts = attachments(file, message, depth, &mut skipped)?;
    Ok(compose(&envelope, body, parts, skipped))
}

/// The envelope from the properties, what they lack from the transport headers.
fn envelope(file: &mut OleFile<'_>, message: &Props) -> Result<Envelope, SkipReason> {
    let headers = message.text(file, TRANSPORT_HEADERS)?;
    let mut envelope = headers
        .as_deref()
        .and_then(|h| MessageParser::default().parse_headers(h.as_bytes()))
        .map(|m| Envelope::of_message(&m))
        .unwrap_or_default();
    let sender_name = first_text(file, message, &[SENDER_NAME, SENT_REPRESENTING_NAME])?;
    let sender_email = sender_address(file, message)?;
    if let Some(mut sender) = Person::new(sender_name.as_deref(), sender_email.as_deref()) {
        // Sent within an Exchange organisation, the sender's internet address may be only
        // in the headers' From.
        if sender.email.is_none() {
            sender.email = envelope.from.first().and_then(|p| p.email.clone());
        }
        envelope.from = vec![sender];
    }
    let (to, cc, bcc) = recipients(file, message)?;
    if !to.is_empty() || !cc.is_empty() || !bcc.is_empty() {
        (envelope.to, envelope.cc, envelope.bcc) = (to, cc, bcc);
    } else {
        for (id, people) in [
            (DISPLAY_TO, &mut envelope.to),
            (DISPLAY_CC, &mut envelope.cc),
            (DISPLAY_BCC, &mut envelope.bcc),
        ] {
            if let Some(list) = message.text(file, id)? {
                *people = list
                    .split(';')
                    .filter_map(|name| Person::new(Some(name), None))
                    .collect();
            }
        }
    }
    if let Some(subject) = message.text(file, SUBJECT)? {
        envelope.subject = Some(one_line(&subject)).filter(|s| !s.is_empty());
    }
    if envelope.date.is_none()
        && let Some(seconds) = message
            .time(CLIENT_SUBMIT_TIME)
            .or_else(|| message.time(DELIVERY_TIME))
    {
        let date = DateTime::from_timestamp(seconds);
        envelope.date = Some(date.to_rfc3339());
        envelope.date_written = Some(date.to_rfc822());
    }
    if let Some(id) = message.text(file, MESSAGE_ID)? {
        envelope.message_id = bare_ids(&id).into_iter().next();
    }
    for (id, ids) in [
        (IN_REPLY_TO, &mut envelope.in_reply_to),
        (REFERENCES, &mut envelope.references),
    ] {
        if let Some(listed) = message.text(file, id)? {
            *ids = bare_ids(&listed);
        }
    }
    Ok(envelope)
}

/// The sender's internet address: an Exchange address ("/O=ORG/OU=..."), which is no
/// address a reader can use, is passed over.
fn sender_address(file: &mut OleFile<'_>, message: &Props) -> Result<Option<String>, SkipReason> {
    for id in [
        SENDER_SMTP_ADDRESS,
        SENT_REPRESENTING_SMTP_ADDRESS,
        SENDER_EMAIL,
        SENT_REPRESENTING_EMAIL,
    ] {
        if let Some(address) = message.text(file, id)?.filter(|a| a.contains('@')) {
            return Ok(Some(address));
        }
    }
    Ok(None)
}

/// The first of the text properties `ids` the object has.
fn first_text(
    file: &mut OleFile<'_>,
    object: &Props,
    ids: &[u16],
) -> Result<Option<String>, SkipReason> {
    for id in ids {
        if let Some(text) = object.text(file, *id)? {
            return Ok(Some(text));
        }
    }
    Ok(None)
}

/// To, Cc and Bcc.
type Recipients = (Vec<Person>, Vec<Person>, Vec<Person>);

/// The To, Cc and Bcc people of the recipients table, in its order.
fn recipients(file: &mut OleFile<'_>, message: &Props) -> Result<Recipients, SkipReason> {
    let (mut to, mut cc, mut bcc) = (Vec::new(), Vec::new(), Vec::new());
    for storage in file.storages(message.storage(), "__recip_version1.0_#") {
        let recipient = Props::read(file, storage, Kind::Item, Some(message.codepage()))?;
        let list = match recipient.long(RECIPIENT_TYPE).unwrap_or(RECIPIENT_TO) {
            RECIPIENT_TO => &mut to,
            RECIPIENT_CC => &mut cc,
            RECIPIENT_BCC => &mut bcc,
            _ => continue,
        };
        let name = recipient.text(file, DISPLAY_NAME)?;
        let mut email = recipient.text(file, SMTP_ADDRESS)?;
        if email.is_none() {
            email = recipient
                .text(file, EMAIL_ADDRESS)?
                .filter(|a| a.contains('@'));
        }
        list.extend(Person::new(name.as_deref(), email.as_deref()));
    }
    Ok((to, cc, bcc))
}

/// "<a@x> <b@y>" as ["a@x", "b@y"].
fn bare_ids(listed: &str) -> Vec<String> {
    listed
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|id| id.trim_start_matches('<').trim_end_matches('>'))
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The plain-text body, else the HTML one through the HTML reader, else the compressed
/// RTF one decompressed (its encapsulated HTML through the HTML reader, else its text);
/// what could not be read is said in `skipped`.
fn body(
    file: &mut OleFile<'_>,
    message: &Props,
    skipped: &mut Vec<SkippedPart>,
) -> Result<Body, SkipReason> {
    if let Some(text) = message.text(file, BODY)? {
        let encoding = if message.is_unicode(file, BODY) {
            "UTF-16LE"
        } else {
            message.codepage().name()
        };
        return Ok(Body {
            text: normalize_newlines(text),
            encoding: encoding.to_owned(),
            style: ParagraphStyle::Lines,
        });
    }
    let html = match message.binary(file, HTML)? {
        // Outlook's HTML is in the message's code page; as UTF-8 it is read as it is.
        Some(bytes) if std::str::from_utf8(&bytes).is_err() => {
            Some(message.codepage().decode(&bytes).0.into_owned())
        }
        Some(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
        None => message.text(file, HTML)?,
    };
    if let Some(html) = html {
        match crate::corpus::formats::html::extract(html.as_bytes()) {
            Ok(read) => {
                return Ok(Body {
                    text: read.text,
                    encoding: read.encoding,
                    style: ParagraphStyle::Blocks,
                });
            }
            Err(reason) => skipped.push(SkippedPart {
                suffix: BODY_SUFFIX.to_owned(),
                reason: SkipReason::Damaged(format!("the HTML text could not be read: {reason}")),
            }),
        }
    } else if let Some(compressed) = message.binary(file, RTF_COMPRESSED)? {
        match rtf::decompress(&compressed) {
            Ok(bytes) => match rtf::read(&bytes, message.codepage()) {
                rtf::RtfBody::Text(text) => {
                    return Ok(Body {
                        text: normalize_newlines(text),
                        encoding: message.codepage().name().to_owned(),
                        style: ParagraphStyle::Lines,
                    });
                }
                rtf::RtfBody::Html(html) => {
                    match crate::corpus::formats::html::extract(html.as_bytes()) {
                        Ok(read) => {
                            return Ok(Body {
                                text: read.text,
                                encoding: message.codepage().name().to_owned(),
                                style: ParagraphStyle::Blocks,
                            });
                        }
                        Err(reason) => skipped.push(SkippedPart {
                            suffix: BODY_SUFFIX.to_owned(),
                            reason: SkipReason::Damaged(format!(
                                "the HTML the RTF body holds could not be read: {reason}"
                            )),
                        }),
                    }
                }
            },
            Err(why) => skipped.push(SkippedPart {
                suffix: BODY_SUFFIX.to_owned(),
                reason: SkipReason::Damaged(format!(
                    "the body, kept only as compressed RTF, could not be read: {why}"
                )),
            }),
        }
    }
    Ok(Body {
        text: String::new(),
        encoding: "UTF-16LE".to_owned(),
        style: ParagraphStyle::Lines,
    })
}

/// The message's attachments as parts `/N-name`, in the order of the file: files as
/// bytes for their own readers, attached messages read here; those without data (attached
/// by reference, OLE objects) and messages nested too deep are skipped with the reason.
fn attachments(
    file: &mut OleFile<'_>,
    message: &Props,
    depth: usize,
    skipped: &mut Vec<SkippedPart>,
) -> Result<Vec<Part>, SkipReason> {
    let mut parts = Vec::new();
    let storages = file.storages(message.storage(), "__attach_version1.0_#");
    for (i, storage) in storages.into_iter().enumerate() {
        let attachment = Props::read(file, storage, Kind::Item, Some(message.codepage()))?;
        let method = attachment.long(ATTACH_METHOD);
        let embedded = attachment.object(file, ATTACH_DATA);
        let (id_name, name) = attachment_name(file, &attachment, i + 1, embedded.is_some())?;
        let suffix = format!("/{id_name}");
        let skip = |reason: &str| SkippedPart {
            suffix: suffix.clone(),
            reason: SkipReason::Damaged(reason.to_owned()),
        };
        if method.is_some_and(|m| BY_REFERENCE.contains(&m)) {
            skipped.push(skip(
                "attached by reference (a link to a file elsewhere): not in the message",
            ));
        } else if method == Some(OLE_OBJECT) {
            skipped.push(skip("an OLE object drawn in the message's body: not read"));
        } else if let Some(storage) =
            embedded.filter(|_| method.is_none_or(|m| m == EMBEDDED_MESSAGE))
        {
            match attached_message(file, storage, depth) {
                Ok(extracted) => parts.push(Part {
                    suffix,
                    content: PartContent::Read {
                        format: Format::Email,
                        extracted: Box::new(extracted),
                    },
                }),
                Err(reason) => skipped.push(SkippedPart { suffix, reason }),
            }
        } else if let Some(bytes) = attachment.binary(file, ATTACH_DATA)? {
            // A name without a usable extension is read by the MIME tag, as an `.eml`
            // attachment is by its Content-Type.
            let mime = attachment.text(file, ATTACH_MIME_TAG)?;
            let name = crate::corpus::formats::sniff::attachment_reader_name(
                name.clone(),
                mime.as_deref(),
            );
            parts.push(Part {
                suffix,
                content: PartContent::Bytes { name, bytes },
            });
        } else {
            skipped.push(skip("the attachment holds no data"));
        }
    }
    Ok(parts)
}

/// The message attached at `storage` below a message `depth` levels down.
fn attached_message(
    file: &mut OleFile<'_>,
    storage: PathBuf,
    depth: usize,
) -> Result<Extracted, SkipReason> {
    if depth + 1 > MAX_NESTED_MESSAGES {
        return Err(SkipReason::TooDeep {
            limit: MAX_NESTED_MESSAGES,
        });
    }
    let message = Props::read(file, storage, Kind::AttachedMessage, None)?;
    read_message(file, &message, depth + 1)
}

/// "2-budget.xlsx": the attachment's position and its file name made safe, else a name
/// from its MIME type; an attached message's name ends in `.msg`. With it, the file name
/// as written ("budget.xlsx"), which picks the reader and gives the title.
fn attachment_name(
    file: &mut OleFile<'_>,
    attachment: &Props,
    position: usize,
    is_message: bool,
) -> Result<(String, String), SkipReason> {
    let given = first_text(
        file,
        attachment,
        &[ATTACH_LONG_FILENAME, ATTACH_FILENAME, DISPLAY_NAME],
    )?
    .map(|n| n.trim().to_owned())
    .filter(|n| !n.is_empty());
    let name = match given {
        Some(name) => name,
        None if is_message => "message.msg".to_owned(),
        None => {
            let mime = attachment.text(file, ATTACH_MIME_TAG)?.unwrap_or_default();
            let (ctype, subtype) = mime.split_once('/').unwrap_or((&mime, ""));
            format!(
                "attachment.{}",
                super::extension_of_type(ctype.trim(), Some(subtype.trim()))
            )
        }
    };
    let lower = name.to_ascii_lowercase();
    let name = if is_message && !lower.ends_with(".msg") && !lower.ends_with(".eml") {
        format!("{name}.msg")
    } else {
        name
    };
    let id_name = names::safe_name(&name);
    let file_name = super::file_name_as_written(&name, &id_name);
    Ok((format!("{position}-{id_name}"), file_name))
}

//! A mailbox (`.mbox`): messages one after another, each starting with a line
//! `From <sender> <date>`, a `From ` at the start of a line of a message quoted as
//! `>From ` (mboxo) or with one more `>` (mboxrd), both unquoted by
//! [`mail_parser::mailbox::mbox::MessageIterator`]. Each message is a part (see
//! [`names::MessageIds`] for its id); a message that cannot be read is skipped with the
//! reason and the others are kept. A mailbox cut in the middle keeps what was read of its
//! last message and says so in the skip report.
//!
//! The messages are read in parallel, and the loader reads a mailbox on its own thread
//! without the time budget of one document (`corpus::load`): splitting is linear, and a
//! mailbox of 100,000 messages must not be refused as too slow to read.

use rayon::prelude::*;

use super::super::{Extracted, Part, PartContent, SkippedPart};
use super::names::MessageIds;
use crate::corpus::SkipReason;
use crate::corpus::document::Format;

/// Reads a mailbox: no text of its own, its messages as parts.
pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut out = Extracted {
        encoding: "UTF-8".to_owned(),
        ..Default::default()
    };
    // Split first (linear, in order), then read the messages on every core, then name
    // them in order: a message's id depends on the ones before it.
    let mut raw: Vec<std::io::Result<Vec<u8>>> = Vec::new();
    let messages = mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(bytes));
    for message in messages {
        raw.push(message.map(|m| m.unwrap_contents()));
    }
    let count = raw.len();
    let read: Vec<Result<Extracted, SkipReason>> = raw
        .par_iter()
        .map(|message| match message {
            Ok(bytes) => super::read_message(bytes),
            // Reading from memory does not fail; were it to, the message is skipped.
            Err(e) => Err(SkipReason::Damaged(e.to_string())),
        })
        .collect();
    let mut ids = MessageIds::default();
    let mut last = None;
    for (i, message) in read.into_iter().enumerate() {
        let position = i + 1;
        match message {
            Ok(extracted) => {
                let id = extracted.meta.extra.get("message_id").cloned();
                let suffix = ids.suffix(id.as_deref(), position);
                last = Some(suffix.clone());
                out.parts.push(Part {
                    suffix,
                    content: PartContent::Read {
                        format: Format::Email,
                        extracted: Box::new(extracted),
                    },
                });
            }
            Err(reason) => {
                let suffix = ids.suffix(None, position);
                out.skipped_parts.push(SkippedPart { suffix, reason });
            }
        }
    }
    if count == 0 {
        return Err(SkipReason::Damaged(
            "no message found: a mailbox starts each message with a line \"From ...\"".to_owned(),
        ));
    }
    let last_raw = raw.last().and_then(|r| r.as_ref().ok());
    if let Some(suffix) = last
        && let Some(reason) = last_raw.and_then(|r| cut_short(r))
    {
        out.skipped_parts.push(SkippedPart { suffix, reason });
    }
    Ok(out)
}

/// Why a message's bytes look cut short, if they do: the last line is unfinished, or a
/// multipart message lacks its closing boundary.
pub fn cut_short(raw: &[u8]) -> Option<SkipReason> {
    let unfinished_line = !raw.ends_with(b"\n");
    let open_multipart = top_boundary(raw).is_some_and(|boundary| {
        let mut closing = b"--".to_vec();
        closing.extend_from_slice(boundary.as_bytes());
        closing.extend_from_slice(b"--");
        memchr::memmem::find(raw, &closing).is_none()
    });
    (unfinished_line || open_multipart).then(|| {
        SkipReason::Damaged(
            "the message ends in the middle (the file was cut short): the part before the cut is kept"
                .to_owned(),
        )
    })
}

/// The boundary of a multipart message, from its top-level Content-Type.
fn top_boundary(raw: &[u8]) -> Option<String> {
    let message = mail_parser::MessageParser::default().parse_headers(raw)?;
    let ct = mail_parser::MimeHeaders::content_type(&message)?;
    if !ct.c_type.eq_ignore_ascii_case("multipart") {
        return None;
    }
    ct.attribute("boundary").map(str::to_owned)
}

//! A mailbox (`.mbox`): messages one after another, each starting with a line
//! `From <sender> <date>`, a `From ` at the start of a line of a message quoted as
//! `>From ` (mboxrd, mboxo) or, by an mboxo writer, not at all, cut and unquoted by
//! [`split`] as it is read (only an envelope line cuts). A message without a Date is
//! dated by its `From ` line. Each message is a part (see [`names::MessageIds`] for its id); a message that
//! cannot be read, or is larger than [`split::MAX_MESSAGE_BYTES`], is skipped with the
//! reason and the others are kept. A mailbox cut in the middle keeps what was read of its
//! last message and says so in the skip report.
//!
//! The messages are read in batches ([`Batch`]), each batch's messages in parallel and
//! then named in order ([`Messages`]): the loader (`corpus::load`) streams a mailbox from
//! its file this way, without the time budget of one document and without holding the
//! file; [`extract`] does the same over bytes in memory (a mailbox inside an archive).

use std::io::BufRead;

use rayon::prelude::*;

use super::super::{Extracted, Part, PartContent, SkippedPart};
use super::names::MessageIds;
use super::split::{self, RawMessage, Splitter};
use crate::corpus::SkipReason;
use crate::corpus::document::Format;

/// A batch of messages read in parallel: at most this many messages...
pub const BATCH_MESSAGES: usize = 1024;
/// ...and at most this many of their bytes, plus one message (a message is never cut).
pub const BATCH_BYTES: u64 = 16 * 1024 * 1024;

/// What may be in one batch (see [`BATCH_MESSAGES`] and [`BATCH_BYTES`]).
#[derive(Clone, Copy, Debug)]
pub struct Batch {
    /// The most messages.
    pub messages: usize,
    /// The most bytes, plus one message.
    pub bytes: u64,
}

impl Default for Batch {
    fn default() -> Self {
        Self {
            messages: BATCH_MESSAGES,
            bytes: BATCH_BYTES,
        }
    }
}

impl Batch {
    /// The next batch of `splitter`'s messages (empty at the end).
    pub fn next<R: BufRead>(&self, splitter: &mut Splitter<R>) -> Vec<std::io::Result<RawMessage>> {
        let mut batch = Vec::new();
        let mut bytes = 0u64;
        while batch.len() < self.messages && bytes < self.bytes {
            let Some(message) = splitter.next() else {
                break;
            };
            if let Ok(m) = &message {
                bytes += m.bytes.len() as u64;
            }
            batch.push(message);
        }
        batch
    }
}

/// Reads a mailbox held in memory: no text of its own, its messages as parts.
pub fn extract(bytes: &[u8]) -> Result<Extracted, SkipReason> {
    let mut out = Extracted {
        encoding: "UTF-8".to_owned(),
        ..Default::default()
    };
    let mut splitter = Splitter::new(std::io::Cursor::new(bytes));
    let mut messages = Messages::default();
    loop {
        let batch = Batch::default().next(&mut splitter);
        if batch.is_empty() {
            break;
        }
        let (parts, skipped) = messages.read(&batch);
        out.parts.extend(parts);
        out.skipped_parts.extend(skipped);
    }
    out.skipped_parts.extend(messages.finish()?);
    Ok(out)
}

/// Names the messages of one mailbox, batch after batch, in the mailbox's order: a
/// message's id depends on the ones before it.
#[derive(Default)]
pub struct Messages {
    ids: MessageIds,
    /// Messages seen so far (the 1-based position of the last).
    count: usize,
    /// The suffix of the last message read.
    last: Option<String>,
    /// Why the last message seen looks cut short, if it was read and does.
    last_cut: Option<SkipReason>,
    /// Whether the last message seen was read (not skipped).
    last_seen_read: bool,
}

impl Messages {
    /// The messages of `batch` read (in parallel) and named: the parts read and the
    /// messages skipped with the reason.
    pub fn read(&mut self, batch: &[std::io::Result<RawMessage>]) -> (Vec<Part>, Vec<SkippedPart>) {
        let read: Vec<Result<Extracted, (Option<String>, SkipReason)>> = batch
            .par_iter()
            .map(|message| match message {
                Ok(m) if m.too_large => Err((
                    message_id(&m.bytes),
                    SkipReason::TooLarge {
                        size: m.size,
                        limit: split::MAX_MESSAGE_BYTES as u64,
                    },
                )),
                Ok(m) => {
                    let delivered = split::envelope_date(&m.envelope);
                    super::read_delivered_message(&m.bytes, delivered.as_ref())
                        .map_err(|reason| (None, reason))
                }
                Err(e) => Err((None, SkipReason::Unreadable(e.to_string()))),
            })
            .collect();
        let mut parts = Vec::with_capacity(read.len());
        let mut skipped = Vec::new();
        for message in read {
            self.count += 1;
            match message {
                Ok(extracted) => {
                    let id = extracted.meta.extra.get("message_id").cloned();
                    let suffix = self.ids.suffix(id.as_deref(), self.count);
                    self.last = Some(suffix.clone());
                    self.last_seen_read = true;
                    parts.push(Part {
                        suffix,
                        content: PartContent::Read {
                            format: Format::Email,
                            extracted: Box::new(extracted),
                        },
                    });
                }
                Err((id, reason)) => {
                    let suffix = self.ids.suffix(id.as_deref(), self.count);
                    self.last_seen_read = false;
                    skipped.push(SkippedPart { suffix, reason });
                }
            }
        }
        // Only the mailbox's last message can be cut short by the end of the file: the
        // check (a second parse of the headers) is made on each batch's last.
        self.last_cut = match batch.last() {
            Some(Ok(m)) if self.last_seen_read => cut_short(&m.bytes),
            _ => None,
        };
        (parts, skipped)
    }

    /// Messages seen so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// After the last batch: `Err` when the mailbox held no message at all, else what is
    /// said of a last message cut short.
    pub fn finish(&self) -> Result<Option<SkippedPart>, SkipReason> {
        if self.count == 0 {
            return Err(SkipReason::Damaged(
                "no message found: a mailbox starts each message with a line \"From ...\""
                    .to_owned(),
            ));
        }
        Ok(match (&self.last, &self.last_cut) {
            (Some(suffix), Some(reason)) => Some(SkippedPart {
                suffix: suffix.clone(),
                reason: reason.clone(),
            }),
            _ => None,
        })
    }
}

/// The Message-ID in the headers at the start of `bytes`, if any.
fn message_id(bytes: &[u8]) -> Option<String> {
    let message = mail_parser::MessageParser::default().parse_headers(bytes)?;
    message.message_id().map(str::to_owned)
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

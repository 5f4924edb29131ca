//! A mailbox read from its file as a stream: a thread cuts it into messages through a
//! buffered reader ([`split`]) and hands them over in batches ([`Batch`]) while the
//! loader's thread reads the batch before on every core, names its messages in order
//! ([`Messages`]) and reads their attachments. At most three batches' raw messages are
//! held at once (the one being cut, one waiting, the one being read), never the file:
//! a mailbox of gigabytes loads within the bound written in `docs/memory-bounds.md`. The
//! limits on parts ([`super::PartLimits`]) apply to the whole mailbox.
//!
//! A mailbox within [`LoadOptions::max_file_bytes`] is kept in the text cache like any
//! file (its key is the hash of its bytes, read whole for it, as today); a larger one is
//! read again at every load, its entry being too large for the cache.

use std::io::BufRead;
use std::path::Path;
use std::sync::mpsc::sync_channel;

use rayon::prelude::*;

use super::{LoadedFile, Reading, Tally};
use crate::corpus::formats::mail::mbox::{Batch, Messages};
use crate::corpus::formats::mail::split::{RawMessage, Splitter};
use crate::corpus::text_cache::EntryKey;
use crate::corpus::{LoadObserver, LoadOptions, PartsProgress, SkipReason, Skipped};

/// The buffer of the reader a mailbox is cut from.
const READ_BUFFER: usize = 1024 * 1024;

/// Reads the mailbox at `path` (see the module doc).
pub(super) fn load(
    path: &Path,
    relative: &str,
    options: &LoadOptions,
    observer: &dyn LoadObserver,
) -> Result<LoadedFile, SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() == 0 {
        return Err(SkipReason::Empty);
    }
    let stream = Stream {
        relative,
        options,
        modified: super::modified_day(&meta),
        observer,
        // At least one message a batch: an empty batch is the end of the mailbox.
        batch: Batch {
            messages: options.parts.mailbox_batch_messages.max(1),
            bytes: options.parts.mailbox_batch_bytes.max(1),
        },
    };
    if let Some(cache) = &options.text_cache
        && meta.len() <= options.max_file_bytes
    {
        let bytes = crate::corpus::read_whole(&file, meta.len(), options.max_file_bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 <= options.max_file_bytes {
            let key = EntryKey::new(&bytes, options);
            // A mailbox is not recorded in the folder index: its entry is read from its
            // own file.
            let bytes = match cache.get(&key, relative, bytes, stream.modified, None) {
                Ok(found) => return found.outcome,
                Err(bytes) => bytes,
            };
            cache.note_parsed();
            let outcome = stream.read(std::io::Cursor::new(&bytes), bytes.len() as u64);
            if !observer.cancelled() {
                cache.put(&key, relative, &outcome);
            }
            return outcome;
        }
        // The file grew past the limit since it was measured: read as a large one.
    }
    if let Some(cache) = &options.text_cache {
        cache.note_parsed();
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    stream.read(std::io::BufReader::with_capacity(READ_BUFFER, file), size)
}

/// One mailbox's reading.
struct Stream<'a> {
    relative: &'a str,
    options: &'a LoadOptions,
    modified: Option<jiff::civil::Date>,
    observer: &'a dyn LoadObserver,
    batch: Batch,
}

impl Stream<'_> {
    /// The messages of `reader` (of `size` bytes) and their attachments as documents.
    fn read<R: BufRead + Send>(&self, reader: R, size: u64) -> Result<LoadedFile, SkipReason> {
        let tally = Tally::default();
        let reading = Reading {
            options: self.options,
            modified: self.modified,
            tally: &tally,
        };
        let mut messages = Messages::default();
        let mut out = LoadedFile::default();
        let mut progress = PartsProgress {
            bytes_total: size,
            ..Default::default()
        };
        // The first reason a message was skipped, for a mailbox none of whose messages
        // could be read.
        let mut first_skip: Option<SkipReason> = None;
        let mut any_read = false;
        let batch = self.batch;
        std::thread::scope(|scope| {
            // One batch waits while the one before is read: cutting overlaps reading.
            let (tx, rx) = sync_channel::<(Vec<std::io::Result<RawMessage>>, u64)>(1);
            scope.spawn(move || {
                let mut splitter = Splitter::new(reader);
                loop {
                    let next = batch.next(&mut splitter);
                    // Nothing more, or the reading stopped (cancelled): the thread ends.
                    if next.is_empty() || tx.send((next, splitter.consumed())).is_err() {
                        break;
                    }
                }
            });
            for (raw, consumed) in rx {
                let (parts, skipped) = messages.read(&raw);
                drop(raw);
                any_read |= !parts.is_empty();
                if first_skip.is_none() {
                    first_skip = skipped.first().map(|s| s.reason.clone());
                }
                out.skipped.extend(skipped.into_iter().map(|s| Skipped {
                    path: format!("{}{}", self.relative, s.suffix),
                    reason: s.reason,
                }));
                let (accepted, refused) = reading.admit(self.relative, parts, 1);
                out.skipped.extend(refused);
                let children: Vec<LoadedFile> = accepted
                    .into_par_iter()
                    .map(|part| reading.part(self.relative, part, 1))
                    .collect();
                for child in children {
                    progress.attachments += child
                        .documents
                        .iter()
                        .filter(|d| d.parent.as_deref() != Some(self.relative))
                        .count();
                    out.documents.extend(child.documents);
                    out.skipped.extend(child.skipped);
                }
                progress.messages = messages.count();
                progress.bytes_read = consumed;
                self.observer.reading_parts(self.relative, &progress);
                if self.observer.cancelled() {
                    break;
                }
            }
        });
        if let Some(cut) = messages.finish()? {
            out.skipped.push(Skipped {
                path: format!("{}{}", self.relative, cut.suffix),
                reason: cut.reason,
            });
        }
        match first_skip {
            // Nothing was readable: say why the first message was not.
            Some(reason) if !any_read => Err(reason),
            _ => Ok(out),
        }
    }
}

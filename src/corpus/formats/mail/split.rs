//! A mailbox cut into its messages as it is read, through a buffered reader: a mailbox of
//! gigabytes is never held whole, only the message being cut, each capped at
//! [`MAX_MESSAGE_BYTES`].
//!
//! The cut is exactly the one of [`mail_parser::mailbox::mbox::MessageIterator`] (the ids
//! of messages without a Message-ID are their positions, so the same mailbox must give
//! the same messages whichever way it is read; a test compares the two): a message starts
//! at a line beginning `From `, lines before the first are not part of any message, and a
//! line of `>`s followed by `From ` loses its first `>` (mboxo and mboxrd quoting). Unlike
//! that iterator, a line or a message may not grow without bound: the bytes of a message
//! beyond the cap are counted, not kept.

use std::io::BufRead;

/// The largest message kept whole, in bytes (as large as the largest file of another
/// format Dossier reads); a larger one is skipped with its size.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// What is kept of a message over the cap: its start, enough for its headers (its
/// Message-ID names it in the skip report).
const KEPT_OF_TOO_LARGE: usize = 256 * 1024;

/// One message as cut from the mailbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawMessage {
    /// The message's bytes, unquoted; only its start when it is over the cap.
    pub bytes: Vec<u8>,
    /// The message's size in the mailbox, in bytes (its `From ` line not counted).
    pub size: u64,
    /// True when the message is over the cap and `bytes` is only its start.
    pub too_large: bool,
}

/// The messages of a mailbox read from `reader`, one at a time (see the module doc).
pub struct Splitter<R> {
    reader: R,
    cap: usize,
    current: Option<RawMessage>,
    line: Vec<u8>,
    consumed: u64,
    failed: bool,
}

impl<R: BufRead> Splitter<R> {
    /// The messages of `reader`, each kept up to [`MAX_MESSAGE_BYTES`].
    pub fn new(reader: R) -> Self {
        Self::with_cap(reader, MAX_MESSAGE_BYTES)
    }

    /// The messages of `reader`, each kept up to `cap` bytes.
    pub fn with_cap(reader: R, cap: usize) -> Self {
        Self {
            reader,
            cap,
            current: None,
            line: Vec::with_capacity(256),
            consumed: 0,
            failed: false,
        }
    }

    /// The bytes of the mailbox read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

/// Adds `line` (the first bytes of a line of `len` bytes in the mailbox, all of them when
/// `line.len() == len`) to the message being cut, if any, keeping at most `cap` bytes of it.
fn append_line(current: &mut Option<RawMessage>, cap: usize, line: &[u8], len: usize) {
    let Some(message) = current else {
        return;
    };
    let mut line = line;
    let mut len = len;
    if line.first() == Some(&b'>') {
        let arrows = line.iter().position(|&b| b != b'>').unwrap_or(line.len());
        if line[arrows..].starts_with(b"From ") {
            line = &line[1..];
            len -= 1;
        }
    }
    message.size += len as u64;
    if message.too_large {
        return;
    }
    let whole = line.len() == len;
    if whole && message.bytes.len() + line.len() <= cap {
        message.bytes.extend_from_slice(line);
    } else {
        message.too_large = true;
        let room = KEPT_OF_TOO_LARGE.saturating_sub(message.bytes.len());
        message
            .bytes
            .extend_from_slice(&line[..line.len().min(room)]);
        message.bytes.truncate(KEPT_OF_TOO_LARGE);
        message.bytes.shrink_to_fit();
    }
}

/// A new message, the one being cut before it returned.
fn start_message(current: &mut Option<RawMessage>) -> Option<RawMessage> {
    current.replace(RawMessage {
        bytes: Vec::with_capacity(1024),
        size: 0,
        too_large: false,
    })
}

/// Reads one line (up to and with its `\n`) into `line`, keeping at most `cap` bytes of
/// it; returns the line's whole length (0 at the end).
fn read_line_capped<R: BufRead>(
    reader: &mut R,
    line: &mut Vec<u8>,
    cap: usize,
) -> std::io::Result<usize> {
    line.clear();
    let mut len = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(len);
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = cap.saturating_sub(line.len());
        line.extend_from_slice(&available[..take.min(room)]);
        reader.consume(take);
        len += take;
        if done {
            return Ok(len);
        }
    }
}

impl<R: BufRead> Iterator for Splitter<R> {
    type Item = std::io::Result<RawMessage>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        // One byte over the cap tells a line too long to keep from one that fits.
        let cap = self.cap.saturating_add(1);
        loop {
            // A line whole in the reader's buffer (almost every line) is taken from there,
            // not copied into `self.line` first.
            let available = match self.reader.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            };
            if available.is_empty() {
                return self.current.take().map(Ok);
            }
            if let Some(end) = memchr::memchr(b'\n', available) {
                let len = end + 1;
                let line = &available[..len.min(cap)];
                let done = if line.starts_with(b"From ") {
                    start_message(&mut self.current)
                } else {
                    append_line(&mut self.current, self.cap, line, len);
                    None
                };
                self.reader.consume(len);
                self.consumed += len as u64;
                match done {
                    Some(done) => return Some(Ok(done)),
                    None => continue,
                }
            }
            // A line across the buffer's end, or the last line without its `\n`.
            let len = match read_line_capped(&mut self.reader, &mut self.line, cap) {
                Ok(len) => len,
                Err(e) => {
                    self.failed = true;
                    return Some(Err(e));
                }
            };
            self.consumed += len as u64;
            if len == 0 {
                return self.current.take().map(Ok);
            }
            if self.line.starts_with(b"From ") {
                if let Some(done) = start_message(&mut self.current) {
                    return Some(Ok(done));
                }
                continue;
            }
            append_line(&mut self.current, self.cap, &self.line, len);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(mailbox: &[u8]) -> Vec<Vec<u8>> {
        Splitter::new(std::io::Cursor::new(mailbox))
            .map(|m| m.expect("in memory").bytes)
            .collect()
    }

    /// `mailbox` cut through a reader whose buffer holds only `buffer` bytes: most lines
    /// cross its end.
    fn cut_through(mailbox: &[u8], buffer: usize) -> Vec<Vec<u8>> {
        let reader = std::io::BufReader::with_capacity(buffer, std::io::Cursor::new(mailbox));
        Splitter::new(reader)
            .map(|m| m.expect("in memory").bytes)
            .collect()
    }

    fn cut_by_mail_parser(mailbox: &[u8]) -> Vec<Vec<u8>> {
        mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(mailbox))
            .map(|m| m.expect("in memory").unwrap_contents())
            .collect()
    }

    #[test]
    fn messages_are_cut_as_mail_parser_cuts_them() {
        let cases: &[&[u8]] = &[
            b"",
            b"no separator at all\n",
            b"preamble\nFrom a@b Mon Mar  4 10:00:00 2024\nSubject: one\n\nbody\n",
            b"From a\nSubject: one\n\n>From the start\n>>From twice\n>not from\nFrom b\n\nsecond",
            b"From a\r\nSubject: crlf\r\n\r\nbody\r\nFrom b\r\n\r\nx\r\n",
            b"From a\n>\n>>\nFromage\n From indented\nFrom \nlast",
            b"From a\nSubject: cut\n\nthe line is not fin",
        ];
        for case in cases {
            assert_eq!(
                cut(case),
                cut_by_mail_parser(case),
                "{:?}",
                String::from_utf8_lossy(case)
            );
        }
    }

    #[test]
    fn random_mailboxes_are_cut_as_mail_parser_cuts_them() {
        let lines: &[&[u8]] = &[
            b"From x@y Mon Mar  4 10:00:00 2024\n",
            b"From \n",
            b">From quoted\n",
            b">>>From deep\n",
            b">> not from\n",
            b"Subject: s\n",
            b"\n",
            b"\r\n",
            b"body text",
            b"From",
            b">",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..300 {
            let mut mailbox = Vec::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                mailbox.extend_from_slice(lines[(state % lines.len() as u64) as usize]);
            }
            let expected = cut_by_mail_parser(&mailbox);
            assert_eq!(cut(&mailbox), expected);
            for buffer in [1, 3, 8, 64] {
                assert_eq!(cut_through(&mailbox, buffer), expected, "buffer {buffer}");
            }
        }
    }

    #[test]
    fn a_message_over_the_cap_keeps_its_start_and_its_size_and_the_next_is_read() {
        let big_line = vec![b'x'; 100];
        let mut mailbox = b"From a\nSubject: big\n\n".to_vec();
        for _ in 0..10 {
            mailbox.extend_from_slice(&big_line);
            mailbox.push(b'\n');
        }
        mailbox.extend_from_slice(b"From b\nSubject: small\n\nok\n");
        let messages: Vec<RawMessage> = Splitter::with_cap(std::io::Cursor::new(&mailbox), 500)
            .map(|m| m.expect("in memory"))
            .collect();
        assert_eq!(messages.len(), 2);
        assert!(messages[0].too_large);
        assert_eq!(messages[0].size, 14 + 10 * 101);
        assert!(messages[0].bytes.starts_with(b"Subject: big\n"));
        assert!(!messages[1].too_large);
        assert_eq!(messages[1].bytes, b"Subject: small\n\nok\n");
        // The same whether a line is whole in the reader's buffer or crosses its end.
        for buffer in [5, 64, 1000] {
            let reader = std::io::BufReader::with_capacity(buffer, std::io::Cursor::new(&mailbox));
            let through: Vec<RawMessage> = Splitter::with_cap(reader, 500)
                .map(|m| m.expect("in memory"))
                .collect();
            assert_eq!(through, messages, "buffer {buffer}");
        }
    }

    #[test]
    fn a_line_longer_than_the_cap_makes_its_message_too_large_without_being_held() {
        let mut mailbox = b"From a\nSubject: one line\n\n".to_vec();
        mailbox.extend(std::iter::repeat_n(b'y', 10_000));
        let mut splitter = Splitter::with_cap(std::io::Cursor::new(&mailbox), 1000);
        let message = splitter.next().expect("one").expect("in memory");
        assert!(message.too_large);
        assert!(
            splitter.line.capacity() < 2000,
            "{}",
            splitter.line.capacity()
        );
        assert_eq!(splitter.consumed(), mailbox.len() as u64);
    }
}

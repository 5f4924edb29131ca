//! A mailbox cut into its messages as it is read, through a buffered reader: a mailbox of
//! gigabytes is never held whole, only the message being cut, each capped at
//! [`MAX_MESSAGE_BYTES`]. This is the one cut of a mailbox, whether it is streamed from
//! its file (`load/mailbox.rs`) or read in memory ([`super::mbox::extract`]): the ids of
//! messages without a Message-ID are their positions, so the two must cut alike.
//!
//! A message starts at an envelope line, `From <sender> <date>`, as mbox readers such as
//! mutt tell it: the first line starting `From ` starts the first message
//! (lines before it are not part of any message); after that, a line starting `From `
//! starts a message only when it looks like an envelope line ([`is_envelope_line`]: its
//! date written as mbox writers write it, asctime-like) and follows a blank line, or, when
//! it does not, is followed by a header line (a mailbox written without blank lines
//! between its messages). Any other line starting `From ` is a line of the message: an
//! mboxo writer left "From here on..." unquoted. A line of `>`s followed by `From ` loses
//! its first `>` (mboxo and mboxrd quoting). On a mailbox whose every `From ` line of a
//! body is quoted, the cut is exactly the one of `mail_parser`'s `MessageIterator` (a
//! test compares the two). A line or a message may not grow without bound: the bytes of
//! a message beyond the cap are counted, not kept.

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
    /// Its `From ` line, without the line end (at most [`MAX_ENVELOPE_BYTES`] of it):
    /// the date it gives is when the message was delivered.
    pub envelope: Vec<u8>,
}

/// What is kept of a `From ` line (a real one is under 100 bytes).
const MAX_ENVELOPE_BYTES: usize = 1024;

/// The messages of a mailbox read from `reader`, one at a time (see the module doc).
pub struct Splitter<R> {
    reader: R,
    cut: Cut,
    line: Vec<u8>,
    consumed: u64,
    failed: bool,
}

/// Where the cut stands: the message being cut and what the last lines were.
struct Cut {
    cap: usize,
    current: Option<RawMessage>,
    /// Whether the last line was blank (or the message's `From ` line): an envelope line
    /// after it starts a message.
    after_blank: bool,
    /// An envelope line after a line that is not blank, and its length in the mailbox:
    /// it starts a message only if a header line follows.
    pending: Option<(Vec<u8>, usize)>,
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
            cut: Cut {
                cap,
                current: None,
                after_blank: true,
                pending: None,
            },
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

impl Cut {
    /// Takes one line of the mailbox (`line` its first bytes, all of them when
    /// `line.len() == len`); returns the message it ends, if it starts one.
    fn line(&mut self, line: &[u8], len: usize) -> Option<RawMessage> {
        if let Some((envelope, envelope_len)) = self.pending.take() {
            if is_header_line(line) {
                let done = start_message(&mut self.current, &envelope);
                self.after_blank = is_blank(line);
                append_line(&mut self.current, self.cap, line, len);
                return done;
            }
            // A line of the message that happens to look like an envelope line.
            append_line(&mut self.current, self.cap, &envelope, envelope_len);
            self.after_blank = false;
        }
        if line.starts_with(b"From ") {
            if self.current.is_none() || (self.after_blank && is_envelope_line(line)) {
                self.after_blank = true;
                return start_message(&mut self.current, line);
            }
            if is_envelope_line(line) {
                self.pending = Some((line.to_vec(), len));
                return None;
            }
        }
        self.after_blank = is_blank(line);
        append_line(&mut self.current, self.cap, line, len);
        None
    }

    /// At the end of the mailbox: the last message, with an envelope line left pending.
    fn end(&mut self) -> Option<RawMessage> {
        if let Some((envelope, len)) = self.pending.take() {
            append_line(&mut self.current, self.cap, &envelope, len);
        }
        self.current.take()
    }
}

/// A blank line (`\n` or `\r\n`).
fn is_blank(line: &[u8]) -> bool {
    matches!(line, b"\n" | b"\r\n")
}

/// A header line, `Name: value`: a field name of printable ASCII then a colon.
fn is_header_line(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    (1..=76).contains(&colon) && line[..colon].iter().all(|&b| b.is_ascii_graphic())
}

/// Whether `line` (starting `From `) is an envelope line, `From <sender> <date>` with a
/// date mbox writers write: see [`envelope_date`].
pub fn is_envelope_line(line: &[u8]) -> bool {
    envelope_date(line).is_some()
}

/// The date of an envelope line `From <sender> <date>`, read as mutt reads it: the line
/// ends with a date of a month name, a day, a time and a year, in any order asctime and
/// its variants write them ("Mon Mar  4 10:00:00 2024", Thunderbird's "Mon Mar 04
/// 10:00:00 2024", Gmail's "Sat Mar 02 10:15:00 +0000 2024", "Mon, 4 Mar 2024 10:00
/// +0100"), a weekday and a time zone optional and nothing else after it. A zone not
/// written is UTC. `None` for a line that is not one ("From here on, the plan...").
pub fn envelope_date(line: &[u8]) -> Option<mail_parser::DateTime> {
    let rest = line.strip_prefix(b"From ")?;
    let rest = std::str::from_utf8(rest).ok()?;
    let tokens: Vec<&str> = rest.split_ascii_whitespace().collect();
    // The date starts at its first weekday or month name; the sender is before it.
    let start = tokens
        .iter()
        .position(|t| weekday(t) || month(t).is_some())?;
    let mut date = mail_parser::DateTime::default();
    let (mut has_month, mut has_day, mut has_time, mut has_year) = (false, false, false, false);
    for token in &tokens[start..] {
        let t = token.trim_end_matches(',');
        if weekday(t) {
            continue;
        }
        if let Some(m) = month(t) {
            (date.month, has_month) = (m, true);
        } else if let Some((h, m, s)) = time(t) {
            (date.hour, date.minute, date.second, has_time) = (h, m, s, true);
        } else if let Some(y) = number(t, 4).filter(|y| (1970..=2200).contains(y)) {
            (date.year, has_year) = (y, true);
        } else if let Some(d) = number(t, 2).filter(|d| (1..=31).contains(d)) {
            (date.day, has_day) = (u8::try_from(d).ok()?, true);
        } else if let Some((before, h, m)) = zone(t) {
            (date.tz_before_gmt, date.tz_hour, date.tz_minute) = (before, h, m);
        } else if !named_zone(t) {
            return None;
        }
    }
    let in_month = date.day <= days_in_month(date.year, date.month);
    (has_month && has_day && has_time && has_year && in_month && date.is_valid()).then_some(date)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn weekday(t: &str) -> bool {
    let t = t.trim_end_matches(',');
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|d| t.eq_ignore_ascii_case(d))
}

fn month(t: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let i = MONTHS.iter().position(|m| t.eq_ignore_ascii_case(m))?;
    u8::try_from(i + 1).ok()
}

/// A number of 1 to `digits` digits.
fn number(t: &str, digits: usize) -> Option<u16> {
    let ok = (1..=digits).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| t.parse().ok()).flatten()
}

/// "10:00:00" or "10:00".
fn time(t: &str) -> Option<(u8, u8, u8)> {
    let mut fields = t.split(':');
    let mut field = |max: u16| {
        fields
            .next()
            .and_then(|f| number(f, 2).filter(|n| *n <= max))
            .and_then(|n| u8::try_from(n).ok())
    };
    let h = field(23)?;
    let m = field(59)?;
    let s = match t.matches(':').count() {
        1 => 0,
        2 => field(59)?,
        _ => return None,
    };
    Some((h, m, s))
}

/// "+0100" or "-0500": whether it is before GMT, its hours and minutes.
fn zone(t: &str) -> Option<(bool, u8, u8)> {
    let before = match t.as_bytes().first()? {
        b'+' => false,
        b'-' => true,
        _ => return None,
    };
    let digits = &t[1..];
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h = u8::try_from(number(&digits[..2], 2)?).ok()?;
    let m = u8::try_from(number(&digits[2..], 2)?).ok()?;
    Some((before, h, m))
}

/// "UTC", "GMT", "EST", "CEST": a zone by its name (taken as UTC).
fn named_zone(t: &str) -> bool {
    (1..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase())
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

/// A new message starting with the `From ` line `envelope`, the one being cut before it
/// returned.
fn start_message(current: &mut Option<RawMessage>, envelope: &[u8]) -> Option<RawMessage> {
    let envelope = &envelope[..envelope.len().min(MAX_ENVELOPE_BYTES)];
    let envelope = envelope
        .strip_suffix(b"\n")
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .unwrap_or(envelope);
    current.replace(RawMessage {
        bytes: Vec::with_capacity(1024),
        size: 0,
        too_large: false,
        envelope: envelope.to_vec(),
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
        let cap = self.cut.cap.saturating_add(1);
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
                return self.cut.end().map(Ok);
            }
            if let Some(end) = memchr::memchr(b'\n', available) {
                let len = end + 1;
                let done = self.cut.line(&available[..len.min(cap)], len);
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
                return self.cut.end().map(Ok);
            }
            if let Some(done) = self.cut.line(&self.line, len) {
                return Some(Ok(done));
            }
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
            b"From a\nSubject: one\n\n>From the start\n>>From twice\n>not from\n\nFrom b Mon Mar  4 10:00:00 2024\n\nsecond",
            b"From a\r\nSubject: crlf\r\n\r\nbody\r\n\r\nFrom b Mon Mar  4 10:00:00 2024\r\n\r\nx\r\n",
            b"From a\n>\n>>\nFromage\n From indented\nlast",
            b"From a\nSubject: cut\n\nthe line is not fin",
            // A mailbox written without a blank line between its messages.
            b"From a Mon Mar  4 10:00:00 2024\nSubject: one\n\nbody\nFrom b Mon Mar  4 11:00:00 2024\nSubject: two\n\nx\n",
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

    /// A mailbox of random `lines`, the same for a given `state`.
    fn random_mailbox(state: &mut u64, lines: &[&[u8]]) -> Vec<u8> {
        let mut mailbox = Vec::new();
        for _ in 0..(*state % 40) {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            mailbox.extend_from_slice(lines[(*state % lines.len() as u64) as usize]);
        }
        mailbox
    }

    #[test]
    fn random_mailboxes_are_cut_as_mail_parser_cuts_them() {
        // Every `From ` line of a body quoted, every envelope line after a blank line.
        let lines: &[&[u8]] = &[
            b"\n\nFrom x@y Mon Mar  4 10:00:00 2024\n",
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
            let mailbox = random_mailbox(&mut state, lines);
            let expected = cut_by_mail_parser(&mailbox);
            assert_eq!(cut(&mailbox), expected);
            for buffer in [1, 3, 8, 64] {
                assert_eq!(cut_through(&mailbox, buffer), expected, "buffer {buffer}");
            }
        }
    }

    #[test]
    fn random_mailboxes_are_cut_alike_whatever_the_reader_s_buffer() {
        let lines: &[&[u8]] = &[
            b"From x@y Mon Mar  4 10:00:00 2024\n",
            b"From here on, the plan changes.\n",
            b"From \n",
            b">From quoted\n",
            b">>>From deep\n",
            b"Subject: s\n",
            b"\n",
            b"\r\n",
            b"body text",
            b"From",
            b">",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..300 {
            let mailbox = random_mailbox(&mut state, lines);
            let whole: Vec<RawMessage> = Splitter::new(std::io::Cursor::new(&mailbox))
                .map(|m| m.expect("in memory"))
                .collect();
            for buffer in [1, 3, 8, 64] {
                let reader =
                    std::io::BufReader::with_capacity(buffer, std::io::Cursor::new(&mailbox));
                let through: Vec<RawMessage> = Splitter::new(reader)
                    .map(|m| m.expect("in memory"))
                    .collect();
                assert_eq!(through, whole, "buffer {buffer}");
            }
            // No byte is lost: every line is in a message, an envelope or before the first.
            let kept: usize = whole.iter().map(|m| m.bytes.len() + m.envelope.len()).sum();
            assert!(kept <= mailbox.len());
        }
    }

    #[test]
    fn a_body_line_starting_from_is_no_envelope_and_does_not_cut_its_message() {
        let mailbox = b"From a@example.org Mon Mar  4 10:00:00 2024\nSubject: one\n\nThe plan:\n\nFrom here on, the port is closed.\nFrom 10:00 on Mon 4 Mar 2024 the office moves.\nThe end.\n\nFrom b@example.org Mon Mar  4 11:00:00 2024\nSubject: two\n\nSecond.\n";
        let messages = cut(mailbox);
        assert_eq!(messages.len(), 2, "{messages:?}");
        let first = String::from_utf8_lossy(&messages[0]);
        assert!(first.contains("\nFrom here on, the port is closed.\nFrom 10:00 on Mon 4 Mar 2024 the office moves.\nThe end.\n"), "{first}");
        assert_eq!(messages[1], b"Subject: two\n\nSecond.\n");
    }

    #[test]
    fn an_envelope_line_not_after_a_blank_line_cuts_only_before_a_header() {
        let quoted = b"From a Mon Mar  4 10:00:00 2024\nSubject: one\n\nAs the archive shows:\nFrom jane@example.org Mon Mar  4 09:00:00 2024\nwas the first line.\n";
        let messages = cut(quoted);
        assert_eq!(messages.len(), 1);
        assert!(messages[0].ends_with(
            b"shows:\nFrom jane@example.org Mon Mar  4 09:00:00 2024\nwas the first line.\n"
        ));
        let packed = b"From a Mon Mar  4 10:00:00 2024\nSubject: one\n\nbody\nFrom b Mon Mar  4 11:00:00 2024\nSubject: two\n\nx\n";
        assert_eq!(
            cut(packed),
            [&b"Subject: one\n\nbody\n"[..], b"Subject: two\n\nx\n"]
        );
        // At the end of the mailbox, a pending line is the message's last.
        let last = b"From a Mon Mar  4 10:00:00 2024\nSubject: one\n\nbody\nFrom b Mon Mar  4 11:00:00 2024\n";
        assert_eq!(cut(last).len(), 1);
        assert!(cut(last)[0].ends_with(b"body\nFrom b Mon Mar  4 11:00:00 2024\n"));
    }

    #[test]
    fn envelope_dates_are_read_as_mbox_writers_write_them() {
        let date = |line: &[u8]| envelope_date(line).map(|d| d.to_rfc3339());
        assert_eq!(
            date(b"From jane@example.org Mon Mar  4 10:00:00 2024\n").as_deref(),
            Some("2024-03-04T10:00:00Z")
        );
        assert_eq!(
            date(b"From - Mon Mar 04 10:00:00 2024\r\n").as_deref(),
            Some("2024-03-04T10:00:00Z")
        );
        assert_eq!(
            date(b"From 1234@xxx Sat Mar 02 10:15:00 +0100 2024").as_deref(),
            Some("2024-03-02T10:15:00+01:00")
        );
        assert_eq!(
            date(b"From a@b Mon, 4 Mar 2024 10:00 -0500").as_deref(),
            Some("2024-03-04T10:00:00-05:00")
        );
        assert_eq!(
            date(b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970 UTC").as_deref(),
            Some("1970-01-01T00:00:00Z")
        );
        for prose in [
            &b"From here on, the plan changes.\n"[..],
            b"From a\n",
            b"From \n",
            b"From Mon to Fri, 10:00 to 18:00\n",
            b"From 10:00 on Mon 4 Mar 2024 the office moves.\n",
            b"From x Mon Feb 30 10:00:00 2024\n",
            b"From x Mon Mar  4 25:00:00 2024\n",
        ] {
            assert_eq!(date(prose), None, "{}", String::from_utf8_lossy(prose));
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
        mailbox.extend_from_slice(b"From b Mon Mar  4 11:00:00 2024\nSubject: small\n\nok\n");
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

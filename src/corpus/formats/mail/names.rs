//! Ids for the parts of a mail file that are safe in a document's id and stay the same
//! when the file is read again.

use std::collections::{HashMap, HashSet};

/// The longest a message's id part may be, in bytes; a longer Message-ID is cut and a
/// hash of the whole added, so that two long ids sharing a start stay apart.
const MAX_ID_BYTES: usize = 200;

/// `name` with what would break an id replaced: `/` and `#` (which continue a part's id),
/// `%` and whitespace and control characters are percent-encoded, so that the id reads
/// as the header wrote it and two different names never give one id.
pub fn safe_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        if c == '/' || c == '#' || c == '%' || c == '\\' || c.is_whitespace() || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A file name as a mail program saves it: without the folders a sender put before it
/// (RFC 6266, 4.3), so that "../../../etc/passwd" is "passwd", never "..%2F..%2Fetc%2Fpasswd"
/// in an id or a message; empty when nothing is left ("../").
pub fn file_name_only(name: &str) -> &str {
    name.split(['/', '\\'])
        .rev()
        .map(str::trim)
        .find(|step| !step.is_empty())
        .filter(|step| *step != "." && *step != "..")
        .unwrap_or("")
}

/// The suffix a message with the Message-ID `id` (with or without its angle brackets) is
/// named by, before any `~2` that tells apart two messages of one id; `None` for a blank id.
pub fn message_suffix(id: &str) -> Option<String> {
    let id = safe_name(id.trim().trim_start_matches('<').trim_end_matches('>'));
    if id.is_empty() {
        return None;
    }
    Some(if id.len() > MAX_ID_BYTES {
        let cut = (0..=MAX_ID_BYTES)
            .rev()
            .find(|&i| id.is_char_boundary(i))
            .unwrap_or(0);
        let hash = blake3::hash(id.as_bytes()).to_hex();
        format!("#{}~{}", &id[..cut], &hash.as_str()[..12])
    } else {
        format!("#{id}")
    })
}

/// A part's id as a user may write it after a mailbox's name, copied from the message's
/// header: `#<a1/x#1@example.org>` (angle brackets, characters the id escapes) is the part
/// `#a1%2Fx%231@example.org`, and what follows the `>` (an attachment, `/1-audit.pdf`)
/// is kept. Any other part is returned as it is.
pub fn part_as_written(part: &str) -> std::borrow::Cow<'_, str> {
    let Some((inner, tail)) = part
        .strip_prefix("#<")
        .and_then(|rest| rest.split_once('>'))
    else {
        return part.into();
    };
    match message_suffix(inner) {
        Some(suffix) => format!("{suffix}{tail}").into(),
        None => part.into(),
    }
}

/// Gives each message of a mailbox its suffix: `#<Message-ID>` (made safe, without its
/// angle brackets) or `#N`, its 1-based position, when it has none. A suffix already
/// given (two copies of one message, a Message-ID that is a number) gets `~2`, `~3`...
/// in the order of the mailbox, so adding messages at the end moves no earlier id.
#[derive(Default)]
pub struct MessageIds {
    taken: HashSet<String>,
    /// The last `~N` given after each base: the next copy starts there, not at `~2`, so
    /// that a mailbox of many copies of one message is not read in quadratic time.
    last: HashMap<String, usize>,
}

impl MessageIds {
    /// The suffix of the message at 1-based `position` with the Message-ID `id`.
    pub fn suffix(&mut self, id: Option<&str>, position: usize) -> String {
        let base = id
            .and_then(message_suffix)
            .unwrap_or_else(|| format!("#{position}"));
        // Suffixes below the last one given after `base` were taken then and still are.
        let mut n = self.last.get(&base).copied().unwrap_or(1);
        let mut suffix = if n == 1 {
            base.clone()
        } else {
            format!("{base}~{n}")
        };
        while !self.taken.insert(suffix.clone()) {
            n += 1;
            suffix = format!("{base}~{n}");
        }
        self.last.insert(base, n);
        suffix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_what_would_break_an_id() {
        assert_eq!(safe_name("budget 2024.pdf"), "budget%202024.pdf");
        assert_eq!(safe_name("a/b#c%.txt"), "a%2Fb%23c%25.txt");
        assert_eq!(file_name_only("../../../etc/passwd"), "passwd");
        assert_eq!(file_name_only("C:\\Users\\ana\\budget.xlsx"), "budget.xlsx");
        assert_eq!(file_name_only("notes.txt"), "notes.txt");
        assert_eq!(file_name_only("../.."), "");
        assert_eq!(safe_name("Übersicht.docx"), "Übersicht.docx");
    }

    #[test]
    fn a_part_written_as_its_header_has_it_is_the_part_named_so() {
        assert_eq!(
            part_as_written("#<a1/x#1@example.org>"),
            "#a1%2Fx%231@example.org"
        );
        assert_eq!(
            part_as_written("#<b2@example.net>/1-audit.pdf"),
            "#b2@example.net/1-audit.pdf"
        );
        assert_eq!(part_as_written("#b2@example.net"), "#b2@example.net");
        assert_eq!(part_as_written("#<>"), "#<>");
        assert_eq!(part_as_written("/scans/p1.pdf"), "/scans/p1.pdf");
        let mut ids = MessageIds::default();
        assert_eq!(
            part_as_written("#<a1/x#1@example.org>"),
            ids.suffix(Some("<a1/x#1@example.org>"), 1)
        );
    }

    #[test]
    fn message_ids_are_unique_and_stable() {
        let mut ids = MessageIds::default();
        assert_eq!(ids.suffix(Some("<m1@example.org>"), 1), "#m1@example.org");
        assert_eq!(ids.suffix(None, 2), "#2");
        assert_eq!(ids.suffix(Some("m1@example.org"), 3), "#m1@example.org~2");
        assert_eq!(ids.suffix(Some("2"), 4), "#2~2");
        assert_eq!(ids.suffix(Some("a/b#c"), 5), "#a%2Fb%23c");
        let long = "x".repeat(300);
        let suffix = ids.suffix(Some(&long), 6);
        assert!(suffix.len() < 230, "{suffix}");
        assert_ne!(suffix, ids.suffix(Some(&format!("{long}y")), 7));
    }

    #[test]
    fn many_copies_of_one_message_number_on() {
        let mut ids = MessageIds::default();
        assert_eq!(ids.suffix(Some("m@x"), 1), "#m@x");
        assert_eq!(ids.suffix(Some("m@x~3"), 2), "#m@x~3");
        assert_eq!(ids.suffix(Some("m@x"), 3), "#m@x~2");
        // ~3 is a Message-ID's own: the next copy skips it.
        assert_eq!(ids.suffix(Some("m@x"), 4), "#m@x~4");
        for n in 5..=20_000 {
            ids.suffix(Some("m@x"), n);
        }
        assert_eq!(ids.suffix(Some("m@x"), 20_001), "#m@x~20001");
        assert_eq!(ids.suffix(Some("m@x~20002"), 20_002), "#m@x~20002");
    }
}

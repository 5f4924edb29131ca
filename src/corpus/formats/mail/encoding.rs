//! What `mail-parser` leaves as it found it, read again so that nothing readable is lost
//! and what could not be read is said:
//!
//! - a text part whose base64 breaks (mail-parser then gives the encoded text itself as
//!   the part's text) is decoded up to the break, and the break is said by its line;
//! - quoted-printable with bad escapes ("=ZZ", a lone "="): the escapes kept as written,
//!   counted and said by the line of the first, also where mail-parser gave up on the
//!   part (an "==");
//! - text in a charset no decoder knows, and 8-bit header bytes in no declared charset:
//!   decoded in a best guess (a charset the message declares elsewhere that reads the
//!   bytes, else `chardetng`'s guess, as `corpus::decode` reads files), the charset named.

use encoding_rs::{Encoding, UTF_8};
use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::{Message, MessagePart, MimeHeaders};

use crate::text::counted;

/// A part's transfer encoding, as far as decoding it again goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Transfer {
    Base64,
    QuotedPrintable,
    None,
}

fn transfer(part: &MessagePart<'_>) -> Transfer {
    match part.content_transfer_encoding().map(str::trim) {
        Some(e) if e.eq_ignore_ascii_case("base64") => Transfer::Base64,
        Some(e) if e.eq_ignore_ascii_case("quoted-printable") => Transfer::QuotedPrintable,
        _ => Transfer::None,
    }
}

/// A part's bytes decoded here, and what went wrong doing so.
pub struct Decoded {
    pub bytes: Vec<u8>,
    pub problems: Vec<String>,
    /// Where its base64 broke, if it did.
    pub broke: Option<Break>,
}

/// Where a part's base64 breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Break {
    /// The line of the message (from 1).
    pub line: usize,
    /// The bytes of the encoded body before it.
    pub before: usize,
    /// The bytes of the encoded body from it on, not decoded.
    pub after: usize,
}

/// Whether mail-parser gave up on `part`'s transfer encoding (its text is then the
/// encoded text as it stands) and [`decode_part`] reads it better.
pub fn gave_up(part: &MessagePart<'_>) -> bool {
    part.is_encoding_problem && transfer(part) != Transfer::None
}

/// The bytes of `part` (a part of `message`) with its transfer encoding decoded as far as
/// it can be: base64 up to where it breaks, quoted-printable with bad escapes kept as
/// written; each problem said with its line in the message. `None` when the part's bytes
/// are not where its offsets say.
pub fn decode_part(message: &Message<'_>, part: &MessagePart<'_>) -> Option<Decoded> {
    let start = part.offset_body as usize;
    let raw = message.raw_message.get(start..part.offset_end as usize)?;
    let line = |at: usize| line_at(&message.raw_message, start + at);
    let mut problems = Vec::new();
    let mut broken = None;
    let bytes = match transfer(part) {
        Transfer::Base64 => {
            let (bytes, broke) = base64_prefix(raw);
            if let Some(at) = broke {
                broken = Some(Break {
                    line: line(at),
                    before: at,
                    after: raw.len() - at,
                });
                problems.push(format!(
                    "the base64 text breaks at line {} of the message, after {} of the body: the text before it is shown, the {} after it cannot be decoded",
                    line(at),
                    counted(at, "byte", "bytes"),
                    counted(raw.len() - at, "byte", "bytes"),
                ));
            }
            bytes
        }
        Transfer::QuotedPrintable => {
            let (bytes, bad) = quoted_printable(raw);
            if let Some(said) = bad_escapes_said(bad, line) {
                problems.push(said);
            }
            bytes
        }
        Transfer::None => raw.to_vec(),
    };
    Some(Decoded {
        bytes,
        problems,
        broke: broken,
    })
}

/// What the skip report says of the bad quoted-printable escapes of a part mail-parser
/// decoded (it keeps them as written, silently), `None` when there are none.
pub fn bad_escapes(message: &Message<'_>, part: &MessagePart<'_>) -> Option<String> {
    if transfer(part) != Transfer::QuotedPrintable || part.is_encoding_problem {
        return None;
    }
    let start = part.offset_body as usize;
    let raw = message.raw_message.get(start..part.offset_end as usize)?;
    let (_, bad) = quoted_printable(raw);
    bad_escapes_said(bad, |at| line_at(&message.raw_message, start + at))
}

fn bad_escapes_said(bad: BadEscapes, line: impl Fn(usize) -> usize) -> Option<String> {
    let first = bad.first?;
    Some(format!(
        "{} kept as written (the first at line {} of the message)",
        counted(
            bad.count,
            "bad quoted-printable escape",
            "bad quoted-printable escapes"
        ),
        line(first)
    ))
}

/// The line (from 1) of byte `at` of `raw`.
fn line_at(raw: &[u8], at: usize) -> usize {
    let at = at.min(raw.len());
    memchr::memchr_iter(b'\n', &raw[..at]).count() + 1
}

/// The bytes base64 text decodes to up to the first byte that is neither base64, padding
/// nor whitespace, and where that byte is (`None` when there is none).
fn base64_prefix(raw: &[u8]) -> (Vec<u8>, Option<usize>) {
    let broke = raw.iter().position(|&b| {
        !(b.is_ascii_alphanumeric()
            || matches!(b, b'+' | b'/' | b'=' | b' ' | b'\t' | b'\r' | b'\n'))
    });
    let valid = &raw[..broke.unwrap_or(raw.len())];
    (base64_decode(valid).unwrap_or_default(), broke)
}

/// Bad quoted-printable escapes: how many, and where the first is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct BadEscapes {
    count: usize,
    first: Option<usize>,
}

/// Quoted-printable decoded leniently: "=XX" a byte, "=" at a line's end (after optional
/// blanks) a soft break, and any other "=" kept as written and counted.
fn quoted_printable(raw: &[u8]) -> (Vec<u8>, BadEscapes) {
    let mut out = Vec::with_capacity(raw.len());
    let mut bad = BadEscapes::default();
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        let rest = &raw[i + 1..];
        let blanks = rest
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t'))
            .count();
        let soft = match rest.get(blanks) {
            None => Some(blanks),
            Some(b'\n') => Some(blanks + 1),
            Some(b'\r') if rest.get(blanks + 1) == Some(&b'\n') => Some(blanks + 2),
            _ => None,
        };
        if let Some(skip) = soft {
            i += 1 + skip;
            continue;
        }
        match (rest.first().and_then(hex), rest.get(1).and_then(hex)) {
            (Some(high), Some(low)) => {
                out.push((high << 4) | low);
                i += 3;
            }
            _ => {
                bad.count += 1;
                bad.first.get_or_insert(i);
                out.push(b'=');
                i += 1;
            }
        }
    }
    (out, bad)
}

/// The bytes quoted-printable text stands for, bad escapes kept as written.
pub fn quoted_printable_bytes(raw: &[u8]) -> Vec<u8> {
    quoted_printable(raw).0
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// Whether a decoder knows `charset` (mail-parser's, which reads an unknown one as UTF-8,
/// replacing what is not).
pub fn known_charset(charset: &str) -> bool {
    let c = charset.trim().to_ascii_lowercase();
    matches!(c.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii")
        || charset_decoder(c.as_bytes()).is_some()
}

/// `bytes` as text in `charset` (UTF-8 when none is declared), an incomplete character at
/// the end (a cut body) left out. A charset no decoder knows is guessed (see [`guess`]),
/// and the guess said in `problems` with `what` ("the text", "the Subject").
pub fn text_in(
    bytes: &[u8],
    charset: Option<&str>,
    message: &Message<'_>,
    what: &str,
    problems: &mut Vec<String>,
) -> String {
    let label = charset.map(str::trim).unwrap_or("utf-8");
    let lower = label.to_ascii_lowercase();
    if matches!(lower.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
        return utf8_lossy_whole(bytes);
    }
    if let Some(decoder) = charset_decoder(lower.as_bytes()) {
        return decoder(bytes);
    }
    let encoding = guess(bytes, message);
    problems.push(format!(
        "{what} is in a charset no decoder knows ({label:?}): read as {}, a guess",
        encoding.name()
    ));
    decode_with(encoding, bytes)
}

/// UTF-8, replacing what is not, but without a replacement character for a character cut
/// at the end.
fn utf8_lossy_whole(bytes: &[u8]) -> String {
    let end = match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        _ => bytes.len(),
    };
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    if encoding == UTF_8 {
        return utf8_lossy_whole(bytes);
    }
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The best guess at the charset of `bytes` in `message`: UTF-8 when they are; else a
/// charset the message declares for a part (the sender's mail program's) that reads them
/// without error; else `chardetng`'s guess.
pub fn guess(bytes: &[u8], message: &Message<'_>) -> &'static Encoding {
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    let declared = message
        .parts
        .iter()
        .filter_map(|p| p.content_type()?.attribute("charset"))
        .filter_map(|c| Encoding::for_label(c.trim().as_bytes()))
        .find(|e| {
            *e != UTF_8
                && e.decode_without_bom_handling_and_without_replacement(bytes)
                    .is_some()
        });
    if let Some(encoding) = declared {
        return encoding;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_is_decoded_up_to_where_it_breaks() {
        let (bytes, broke) = base64_prefix(b"SGVsbG8g\nd29y*bGQ=");
        assert_eq!(bytes, b"Hello wor");
        assert_eq!(broke, Some(13));
        assert_eq!(base64_prefix(b"SGk=\n"), (b"Hi".to_vec(), None));
    }

    #[test]
    fn bad_quoted_printable_escapes_are_kept_as_written_and_counted() {
        let (bytes, bad) = quoted_printable(b"Caf=E9 =ZZ soft=\n break ==41 end=");
        assert_eq!(bytes, b"Caf\xe9 =ZZ soft break =A end");
        assert_eq!(
            bad,
            BadEscapes {
                count: 2,
                first: Some(7)
            }
        );
    }

    #[test]
    fn a_line_is_counted_from_one() {
        assert_eq!(line_at(b"a\nb\nc", 0), 1);
        assert_eq!(line_at(b"a\nb\nc", 4), 3);
        assert_eq!(line_at(b"a", 99), 1);
    }

    #[test]
    fn a_character_cut_at_the_end_is_left_out() {
        assert_eq!(utf8_lossy_whole("café".as_bytes()), "café");
        assert_eq!(utf8_lossy_whole(&"café".as_bytes()[..4]), "caf");
        assert_eq!(utf8_lossy_whole(b"a\xffb"), "a\u{fffd}b");
    }
}

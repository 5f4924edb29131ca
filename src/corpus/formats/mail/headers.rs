//! The headers a message's envelope shows (Subject, From, To, Cc) when `mail-parser`
//! could not read their charset: an encoded word ("=?x-unheard-of?B?...?=") in a charset
//! no decoder knows, or 8-bit bytes in no declared charset. It reads those as UTF-8 and
//! shows replacement characters; here the header's raw bytes are decoded in a best guess
//! ([`encoding::guess`]: a charset the message declares elsewhere, else `chardetng`'s)
//! and parsed again, and the skip report names the unknown charset and the guess.

use mail_parser::{HeaderName, Message, MessageParser};

use super::encoding::{self, known_charset};
use super::envelope::Envelope;
use mail_parser::decoders::base64::base64_decode;

/// The suffix after a message's id of what is said about its headers in the skip report.
pub const HEADERS_SUFFIX: &str = "#headers";

/// The headers read again, by the name the report gives them.
static SHOWN: [(HeaderName<'static>, &str); 4] = [
    (HeaderName::Subject, "Subject"),
    (HeaderName::From, "From"),
    (HeaderName::To, "To"),
    (HeaderName::Cc, "Cc"),
];

/// Reads again the headers of `envelope` (made from `message`) whose charset
/// mail-parser could not read, and says each in `problems`.
pub fn repair(message: &Message<'_>, envelope: &mut Envelope, problems: &mut Vec<String>) {
    let Some(top) = message.parts.first() else {
        return;
    };
    let mut blob: Vec<u8> = Vec::new();
    let mut repaired: Vec<&str> = Vec::new();
    for header in &top.headers {
        let Some(&(_, label)) = SHOWN.iter().find(|(name, _)| *name == header.name) else {
            continue;
        };
        if repaired.contains(&label) {
            continue;
        }
        let raw = message
            .raw_message
            .get(header.offset_start as usize..header.offset_end as usize)
            .unwrap_or_default();
        let Some((value, said)) = read_again(raw, message) else {
            continue;
        };
        blob.extend_from_slice(label.as_bytes());
        blob.extend_from_slice(b": ");
        blob.extend_from_slice(value.trim_ascii_end());
        blob.push(b'\n');
        problems.push(format!("the {label} {said}"));
        repaired.push(label);
    }
    if repaired.is_empty() {
        return;
    }
    blob.push(b'\n');
    let Some(parsed) = MessageParser::default().parse_headers(&blob) else {
        return;
    };
    let fresh = Envelope::of_message(&parsed);
    for label in repaired {
        match label {
            "Subject" => envelope.subject = fresh.subject.clone(),
            "From" => envelope.from = fresh.from.clone(),
            "To" => envelope.to = fresh.to.clone(),
            "Cc" => envelope.cc = fresh.cc.clone(),
            _ => {}
        }
    }
}

/// An encoded word of a header: where its charset and its text are, and its encoding.
struct Word {
    /// The charset's label, without a language ("*en").
    charset: std::ops::Range<usize>,
    /// `b'B'` or `b'Q'` (upper case).
    encoding: u8,
    text: std::ops::Range<usize>,
}

/// The encoded words of a header's raw value.
fn encoded_words(raw: &[u8]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&raw[from..], b"=?") {
        let start = from + at + 2;
        from = start;
        let Some(len) = raw[start..].iter().position(|&b| {
            !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'*'))
        }) else {
            break;
        };
        let charset_end = start + len;
        let (Some(b'?'), Some(enc), Some(b'?')) = (
            raw.get(charset_end),
            raw.get(charset_end + 1),
            raw.get(charset_end + 2),
        ) else {
            continue;
        };
        let encoding = enc.to_ascii_uppercase();
        if len == 0 || !matches!(encoding, b'B' | b'Q') {
            continue;
        }
        let text_start = charset_end + 3;
        let Some(text_len) = memchr::memmem::find(&raw[text_start..], b"?=") else {
            break;
        };
        let text = text_start..text_start + text_len;
        if raw[text.clone()].iter().any(u8::is_ascii_whitespace) {
            continue;
        }
        let label_end = raw[start..charset_end]
            .iter()
            .position(|&b| b == b'*')
            .map_or(charset_end, |star| start + star);
        words.push(Word {
            charset: start..label_end,
            encoding,
            text: text.clone(),
        });
        from = text.end + 2;
    }
    words
}

/// The bytes an encoded word's text stands for.
fn word_bytes(raw: &[u8], word: &Word) -> Vec<u8> {
    let text = &raw[word.text.clone()];
    if word.encoding == b'B' {
        return base64_decode(text).unwrap_or_default();
    }
    let spaced: Vec<u8> = text
        .iter()
        .map(|&b| if b == b'_' { b' ' } else { b })
        .collect();
    encoding::quoted_printable_bytes(&spaced)
}

/// A header's raw value with its unreadable charset read in a guess, as UTF-8 text
/// mail-parser reads, and what to say about it; `None` when mail-parser reads it.
fn read_again(raw: &[u8], message: &Message<'_>) -> Option<(Vec<u8>, String)> {
    let words = encoded_words(raw);
    let unknown: Vec<&Word> = words
        .iter()
        .filter(|w| !label_known(&raw[w.charset.clone()]))
        .collect();
    let eight_bit = std::str::from_utf8(raw).is_err();
    if unknown.is_empty() && !eight_bit {
        return None;
    }
    let mut sample = Vec::new();
    if eight_bit {
        sample.extend(raw.iter().filter(|b| !b.is_ascii()));
        sample.push(b' ');
    }
    for word in &unknown {
        sample.extend(word_bytes(raw, word));
        sample.push(b' ');
    }
    let guess = encoding::guess(&sample, message);
    let name = guess.name();
    // Each unknown word labelled with the guess when mail-parser knows its name, else
    // written out decoded.
    let relabel = label_known(name.as_bytes());
    let mut value = Vec::with_capacity(raw.len());
    let mut copied = 0;
    for word in &unknown {
        if relabel {
            value.extend_from_slice(&raw[copied..word.charset.start]);
            value.extend_from_slice(name.as_bytes());
            copied = word.charset.end;
        } else {
            value.extend_from_slice(&raw[copied..word.charset.start - 2]);
            let bytes = word_bytes(raw, word);
            let (text, _) = guess.decode_without_bom_handling(&bytes);
            value.extend_from_slice(text.as_bytes());
            copied = word.text.end + 2;
        }
    }
    value.extend_from_slice(&raw[copied..]);
    if eight_bit {
        value = guess
            .decode_without_bom_handling(&value)
            .0
            .into_owned()
            .into_bytes();
    }
    let said = match unknown.first() {
        Some(word) => format!(
            "is in a charset no decoder knows ({:?}): read as {name}, a guess",
            String::from_utf8_lossy(&raw[word.charset.clone()])
        ),
        None => format!("has 8-bit text and no charset declared: read as {name}, a guess"),
    };
    Some((value, said))
}

/// Whether mail-parser decodes a charset of this label.
fn label_known(label: &[u8]) -> bool {
    known_charset(&String::from_utf8_lossy(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_words_are_found_with_their_charset_and_text() {
        let raw = b" =?x-unheard-of?B?8PDw?= and =?utf-8*en?q?caf=C3=A9?= =?bad";
        let words = encoded_words(raw);
        let found: Vec<(&[u8], u8, &[u8])> = words
            .iter()
            .map(|w| (&raw[w.charset.clone()], w.encoding, &raw[w.text.clone()]))
            .collect();
        assert_eq!(
            found,
            [
                (&b"x-unheard-of"[..], b'B', &b"8PDw"[..]),
                (&b"utf-8"[..], b'Q', &b"caf=C3=A9"[..]),
            ]
        );
        assert_eq!(word_bytes(raw, &words[1]), "café".as_bytes());
    }
}

//! Turning a file's bytes into text: byte-order marks, UTF-8, UTF-16 and legacy 8-bit
//! encodings, and telling all of those apart from binary data and damaged UTF-8.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::SkipReason;

/// Decoded text and the name of the encoding it was read in ("UTF-8", "windows-1252", ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding's name.
    pub encoding: &'static str,
}

/// How many leading bytes are inspected for NUL bytes (the binary-file test).
const SNIFF_BYTES: usize = 64 * 1024;

/// Decodes `bytes` as text.
///
/// Order of decisions: a byte-order mark wins; then NUL bytes mean binary (or BOM-less
/// UTF-16 when they fall on every other byte); then valid UTF-8; then a file that is mostly
/// valid UTF-8 with a few broken sequences is reported as damaged UTF-8 rather than
/// misread in a legacy encoding; anything else is guessed with `chardetng` and accepted only
/// if the result reads as text (no control characters, mostly letters beyond ASCII).
pub fn decode(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return decode_strict(encoding, &bytes[bom_len..]);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if memchr::memchr(0, head).is_some() {
        return match utf16_without_bom(head) {
            Some(encoding) => decode_strict(encoding, bytes),
            None => Err(SkipReason::Binary),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => check_plausible(text, "UTF-8"),
        Err(err) => {
            if looks_like_damaged_utf8(bytes) {
                Err(SkipReason::InvalidUtf8 {
                    byte: err.valid_up_to(),
                })
            } else {
                decode_legacy(bytes)
            }
        }
    }
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<Decoded, SkipReason> {
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => check_plausible(&text, encoding.name()),
        None if encoding == UTF_8 => Err(SkipReason::InvalidUtf8 {
            byte: std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to()),
        }),
        None => Err(SkipReason::Undecodable {
            encoding: encoding.name(),
        }),
    }
}

/// ASCII text in UTF-16 has a NUL in every other byte; binary data does not keep to that.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 2 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    let mostly = |n: usize| n * 10 >= pairs * 7;
    let rarely = |n: usize| n * 10 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(UTF_16LE)
    } else if mostly(even) && rarely(odd) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// A legacy 8-bit file rarely contains a valid multi-byte UTF-8 sequence; a damaged UTF-8
/// file is mostly made of them. Count both.
fn looks_like_damaged_utf8(bytes: &[u8]) -> bool {
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    for chunk in bytes.utf8_chunks() {
        valid_multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        if !chunk.invalid().is_empty() {
            invalid += 1;
        }
    }
    valid_multibyte > 0 && valid_multibyte >= invalid
}

fn decode_legacy(bytes: &[u8]) -> Result<Decoded, SkipReason> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(SkipReason::UnknownEncoding);
    }
    check_plausible(&text, encoding.name()).map_err(|reason| match reason {
        SkipReason::Binary => SkipReason::UnknownEncoding,
        other => other,
    })
}

/// Rejects decoded text that is not prose: control characters (other than tab, newline,
/// carriage return and form feed) or replacement characters in more than a trace, or a
/// non-ASCII part that is mostly symbols (the sign of a wrong legacy guess).
fn check_plausible(text: &str, encoding: &'static str) -> Result<Decoded, SkipReason> {
    let control = unwanted_chars(text);
    // A trace of control characters happens in real files (a stray ^Z or ^L); more is not text.
    if control > 0 && control * 1000 > text.chars().count().max(1) {
        return Err(SkipReason::Binary);
    }
    if encoding != "UTF-8" && !encoding.starts_with("UTF-16") {
        let (non_ascii, non_ascii_letters) = text
            .chars()
            .filter(|c| !c.is_ascii())
            .fold((0usize, 0usize), |(all, letters), c| {
                (all + 1, letters + usize::from(c.is_alphabetic()))
            });
        // Windows-1252 read as something else, or binary read as text, yields symbol soup.
        if non_ascii > 8 && non_ascii_letters * 10 < non_ascii * 4 {
            return Err(SkipReason::UnknownEncoding);
        }
    }
    Ok(Decoded {
        text: text.to_owned(),
        encoding,
    })
}

/// The control characters (`char::is_control`: U+0000 to U+001F and U+007F to U+009F)
/// other than tab, newline, carriage return and form feed, and the replacement characters
/// (U+FFFD), counted on the UTF-8 bytes: a pass over every char, with the Unicode tables,
/// cost most of the time it takes to open a folder of plain text.
fn unwanted_chars(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, &b) in bytes.iter().enumerate() {
        count += usize::from(match b {
            0..=8 | 0x0B | 0x0E..=0x1F | 0x7F => true,
            // U+0080 to U+009F.
            0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
            // U+FFFD.
            0xEF => bytes.get(i + 1..i + 3) == Some(&[0xBF, 0xBD]),
            _ => false,
        });
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_with_bom(s: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        for unit in s.encode_utf16() {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf8_with_and_without_bom() {
        let d = decode("Ţarţūs".as_bytes()).expect("utf-8");
        assert_eq!((d.text.as_str(), d.encoding), ("Ţarţūs", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("Хмеймим".as_bytes());
        let d = decode(&bom).expect("utf-8 bom");
        assert_eq!(d.text, "Хмеймим");
    }

    #[test]
    fn utf16_with_bom_and_without() {
        let text = "Damascus and Tartus — دمشق\n";
        let bytes = utf16le_with_bom(text);
        let d = decode(&bytes).expect("utf-16");
        assert_eq!((d.text.as_str(), d.encoding), (text, "UTF-16LE"));
        let d = decode(&bytes[2..]).expect("utf-16 without bom");
        assert_eq!(d.text, text);
    }

    #[test]
    fn windows_1252_is_detected() {
        // "Le café de l'Élysée coûte cher, déjà." in Windows-1252.
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1252.encode("Le café de l’Élysée coûte déjà très cher à Noël.");
        let d = decode(&bytes).expect("legacy");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "Le café de l’Élysée coûte déjà très cher à Noël.");
    }

    #[test]
    fn damaged_utf8_is_reported_not_misread() {
        let mut bytes = "Ţarţūs and Латакия are ports. ".as_bytes().to_vec();
        let damaged_at = bytes.len();
        bytes.extend_from_slice(&[0xC3, 0x28, b' ', 0xFF]);
        assert_eq!(
            decode(&bytes),
            Err(SkipReason::InvalidUtf8 { byte: damaged_at })
        );
    }

    #[test]
    fn unwanted_chars_are_the_controls_and_replacement_chars_of_unicode() {
        let all: String = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| (*c as u32) < 0x3000 || *c == '\u{FFFD}' || *c == '\u{FFFE}')
            .collect();
        let expected = all
            .chars()
            .filter(|&c| {
                (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}')) || c == '\u{FFFD}'
            })
            .count();
        assert_eq!(unwanted_chars(&all), expected);
        assert_eq!(
            unwanted_chars("tab\tline\nfeed\u{0C}ok \u{85}\u{FFFD}\u{1}"),
            3
        );
    }

    #[test]
    fn binary_is_refused() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        assert_eq!(decode(png), Err(SkipReason::Binary));
        let noise: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8 | 1).collect();
        assert!(decode(&noise).is_err());
    }
}

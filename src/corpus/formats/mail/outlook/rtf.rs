//! An Outlook body kept only as compressed RTF (`PR_RTF_COMPRESSED`): decompressed as
//! MS-OXRTFCP says (a 16-byte header, then LZ77 over a 4 KiB dictionary preloaded with
//! common RTF, or the RTF as it is), then read: RTF that encapsulates HTML (`\fromhtml1`,
//! MS-OXRTFEX) gives its HTML back for the HTML reader; any other (`\fromtext`, or RTF
//! Outlook wrote itself) is read as text, its paragraphs as lines.

use encoding_rs::Encoding;

/// The dictionary's first 207 bytes, as the specification preloads them.
const PRELOAD: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

/// "LZFu": compressed.
const COMPRESSED: u32 = 0x7546_5A4C;
/// "MELA": stored as it is.
const STORED: u32 = 0x414C_454D;

/// The RTF that `bytes` (a `PR_RTF_COMPRESSED` stream) hold. What a reference can repeat
/// is bounded (17 bytes from 2), so the output is at most 9 times the input whatever
/// the header claims.
pub fn decompress(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let word = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_le_bytes)
    };
    let (Some(size), Some(raw_size), Some(kind)) = (word(0), word(4), word(8)) else {
        return Err("shorter than its header".to_owned());
    };
    let end = (size as usize).saturating_add(4).min(bytes.len());
    let data = bytes.get(16..end).unwrap_or_default();
    let wanted = raw_size as usize;
    match kind {
        STORED => return Ok(data[..wanted.min(data.len())].to_vec()),
        COMPRESSED => {}
        other => return Err(format!("an unknown kind of compression ({other:#010x})")),
    }
    let cap = wanted.min(data.len().saturating_mul(9));
    let mut dictionary = [0u8; 4096];
    dictionary[..PRELOAD.len()].copy_from_slice(PRELOAD);
    let mut write = PRELOAD.len();
    let mut out = Vec::with_capacity(cap);
    fn put(b: u8, out: &mut Vec<u8>, dictionary: &mut [u8; 4096], write: &mut usize) {
        out.push(b);
        dictionary[*write] = b;
        *write = (*write + 1) % 4096;
    }
    let mut i = 0;
    'read: while let Some(&control) = data.get(i) {
        i += 1;
        for bit in 0..8 {
            if out.len() >= cap {
                break 'read;
            }
            if control & (1 << bit) == 0 {
                let Some(&b) = data.get(i) else {
                    break 'read;
                };
                i += 1;
                put(b, &mut out, &mut dictionary, &mut write);
                continue;
            }
            let Some(&[high, low]) = data.get(i..i + 2) else {
                break 'read;
            };
            i += 2;
            let reference = u16::from_be_bytes([high, low]);
            let offset = usize::from(reference >> 4);
            if offset == write {
                break 'read;
            }
            for k in 0..usize::from(reference & 0xF) + 2 {
                let b = dictionary[(offset + k) % 4096];
                put(b, &mut out, &mut dictionary, &mut write);
            }
        }
    }
    out.truncate(cap);
    Ok(out)
}

/// What an RTF body reads as.
#[derive(Debug, PartialEq, Eq)]
pub enum RtfBody {
    /// The HTML it encapsulates.
    Html(String),
    /// Its text.
    Text(String),
}

/// Destinations whose text is not the body's.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "header",
    "footer",
    "headerl",
    "headerr",
    "footerl",
    "footerr",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "fldinst",
    "mmathPr",
    "filetbl",
    "revtbl",
];

/// The deepest nesting of groups kept; deeper groups share the state of the last kept.
const MAX_DEPTH: usize = 256;

/// A group's state.
#[derive(Clone, Copy)]
struct Group {
    /// Its text is not the body's.
    skip: bool,
    /// `\htmlrtf`: its text is the RTF rendering only, not the encapsulated HTML's.
    rtf_only: bool,
    /// Chars after a `\u` to skip (`\uc`).
    uc: usize,
}

/// The body `rtf` holds, its 8-bit text in `codepage` unless it names its own
/// (`\ansicpg`).
pub fn read(rtf: &[u8], codepage: &'static Encoding) -> RtfBody {
    let mut reader = Reader {
        rtf,
        at: 0,
        out: String::new(),
        bytes: Vec::new(),
        codepage,
        html: false,
        skip_chars: 0,
    };
    reader.run();
    if reader.html {
        RtfBody::Html(reader.out)
    } else {
        RtfBody::Text(reader.out)
    }
}

struct Reader<'a> {
    rtf: &'a [u8],
    at: usize,
    out: String,
    /// 8-bit text not yet decoded (`\'hh` bytes of one character may come in a row).
    bytes: Vec<u8>,
    codepage: &'static Encoding,
    /// `\fromhtml1`: the text is HTML.
    html: bool,
    /// Chars still to skip after a `\u`.
    skip_chars: usize,
}

impl Reader<'_> {
    fn run(&mut self) {
        let mut stack: Vec<Group> = Vec::new();
        let mut group = Group {
            skip: false,
            rtf_only: false,
            uc: 1,
        };
        let mut star = false;
        let mut deeper = 0usize;
        while let Some(&b) = self.rtf.get(self.at) {
            self.at += 1;
            match b {
                b'{' => {
                    // Groups past the bound are counted, not kept: memory stays bounded
                    // whatever the nesting.
                    if stack.len() < MAX_DEPTH {
                        stack.push(group);
                    } else {
                        deeper += 1;
                    }
                    self.skip_chars = 0;
                }
                b'}' => {
                    self.flush();
                    if deeper > 0 {
                        deeper -= 1;
                    } else {
                        group = stack.pop().unwrap_or(group);
                    }
                    self.skip_chars = 0;
                }
                b'\\' => self.control(&mut group, &mut star),
                b'\r' | b'\n' => {}
                _ => self.byte(&group, b),
            }
        }
        self.flush();
    }

    /// A backslash read: a control word or symbol.
    fn control(&mut self, group: &mut Group, star: &mut bool) {
        let Some(&next) = self.rtf.get(self.at) else {
            return;
        };
        if !next.is_ascii_alphabetic() {
            self.at += 1;
            match next {
                b'\'' => {
                    let hex = self.rtf.get(self.at..self.at + 2).unwrap_or_default();
                    self.at += hex.len();
                    let value = std::str::from_utf8(hex)
                        .ok()
                        .and_then(|h| u8::from_str_radix(h, 16).ok());
                    if let Some(value) = value
                        && !self.skipping_char(group)
                    {
                        self.bytes.push(value);
                    }
                }
                b'*' => *star = true,
                b'~' => self.text(group, "\u{a0}"),
                b'_' => self.text(group, "-"),
                b'\r' | b'\n' => self.text(group, "\n"),
                b'\\' | b'{' | b'}' => {
                    let s = [next];
                    self.text(group, std::str::from_utf8(&s).unwrap_or_default());
                }
                _ => {}
            }
            return;
        }
        let start = self.at;
        while self.rtf.get(self.at).is_some_and(u8::is_ascii_alphabetic) {
            self.at += 1;
        }
        let word = std::str::from_utf8(&self.rtf[start..self.at]).unwrap_or_default();
        let number_start = self.at;
        if self.rtf.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        while self.rtf.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        let param = std::str::from_utf8(&self.rtf[number_start..self.at])
            .ok()
            .and_then(|n| n.parse::<i32>().ok());
        if self.rtf.get(self.at) == Some(&b' ') {
            self.at += 1;
        }
        let starred = std::mem::take(star);
        if starred && self.html && word == "htmltag" {
            // An HTML tag: always the encapsulated HTML's, whatever `\htmlrtf` says.
            group.rtf_only = false;
        } else if starred {
            group.skip = true;
        }
        match word {
            "fromhtml" => self.html = true,
            "htmlrtf" => group.rtf_only = param != Some(0),
            "ansicpg" => {
                let code = param.and_then(|p| u16::try_from(p).ok());
                if let Some(encoding) = code.and_then(codepage::to_encoding) {
                    self.flush();
                    self.codepage = encoding;
                }
            }
            "uc" => group.uc = param.and_then(|p| usize::try_from(p).ok()).unwrap_or(1),
            "u" => {
                if let Some(p) = param {
                    // A negative parameter is the UTF-16 unit above 32767.
                    let unit = p as i16 as u16;
                    let c = char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}');
                    self.text(group, c.encode_utf8(&mut [0; 4]));
                    self.skip_chars = group.uc;
                }
            }
            "par" | "line" if !self.html => self.text(group, "\n"),
            "par" | "line" => self.text(group, "\r\n"),
            "tab" => self.text(group, "\t"),
            "emdash" => self.text(group, "\u{2014}"),
            "endash" => self.text(group, "\u{2013}"),
            "bullet" => self.text(group, "\u{2022}"),
            "lquote" => self.text(group, "\u{2018}"),
            "rquote" => self.text(group, "\u{2019}"),
            "ldblquote" => self.text(group, "\u{201c}"),
            "rdblquote" => self.text(group, "\u{201d}"),
            w if SKIPPED.contains(&w) => group.skip = true,
            _ => {}
        }
    }

    /// Whether the group's text is left out.
    fn hidden(&self, group: &Group) -> bool {
        group.skip || group.rtf_only
    }

    /// Counts a char off the ones a `\u` asks to skip; true when this one is skipped.
    fn skipping_char(&mut self, group: &Group) -> bool {
        if self.skip_chars > 0 {
            self.skip_chars -= 1;
            return true;
        }
        self.hidden(group)
    }

    fn byte(&mut self, group: &Group, b: u8) {
        if self.skipping_char(group) {
            return;
        }
        self.bytes.push(b);
    }

    fn text(&mut self, group: &Group, s: &str) {
        self.flush();
        if !self.hidden(group) {
            self.out.push_str(s);
        }
    }

    /// Decodes the 8-bit text read so far.
    fn flush(&mut self) {
        if self.bytes.is_empty() {
            return;
        }
        let (text, _) = self.codepage.decode_without_bom_handling(&self.bytes);
        self.out.push_str(&text);
        self.bytes.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_read_within_a_bounded_stack() {
        let mut rtf = b"{\\rtf1 a".to_vec();
        rtf.extend(std::iter::repeat_n(b'{', 100_000));
        rtf.extend(b"b");
        rtf.extend(std::iter::repeat_n(b'}', 100_000));
        rtf.extend(b"c}");
        assert_eq!(
            read(&rtf, encoding_rs::WINDOWS_1252),
            RtfBody::Text("abc".to_owned())
        );
    }

    #[test]
    fn the_preloaded_dictionary_is_the_specifications() {
        assert_eq!(PRELOAD.len(), 207);
    }

    #[test]
    fn the_specifications_example_decompresses() {
        // MS-OXRTFCP, the example of compressing "{\rtf1\ansi\ansicpg1252\pard hello world}\r\n".
        let compressed = [
            0x2d, 0x00, 0x00, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x4c, 0x5a, 0x46, 0x75, 0xf1, 0xc5,
            0xc7, 0xa7, 0x03, 0x00, 0x0a, 0x00, 0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42,
            0x32, 0x0a, 0xf3, 0x20, 0x68, 0x65, 0x6c, 0x09, 0x00, 0x20, 0x62, 0x77, 0x05, 0xb0,
            0x6c, 0x64, 0x7d, 0x0a, 0x80, 0x0f, 0xa0,
        ];
        let rtf = decompress(&compressed).expect("decompresses");
        assert_eq!(rtf, b"{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
        assert_eq!(
            read(&rtf, encoding_rs::WINDOWS_1252),
            RtfBody::Text("hello world".to_owned())
        );
        assert!(decompress(&[0x2d, 0, 0, 0]).is_err());
    }

    #[test]
    fn encapsulated_html_is_given_back() {
        let rtf = br"{\rtf1\ansi\ansicpg1252\fromhtml1 {\*\htmltag19 <html>}{\*\htmltag34 <p>}\htmlrtf {\htmlrtf0 Caf\'e9 & co\htmlrtf\par\htmlrtf0}{\*\htmltag36 </p>}{\*\htmltag27 </html>}}";
        assert_eq!(
            read(rtf, encoding_rs::WINDOWS_1252),
            RtfBody::Html("<html><p>Café & co</p></html>".to_owned())
        );
    }

    #[test]
    fn rtf_is_read_as_text_without_its_tables_and_with_unicode() {
        let rtf = br"{\rtf1\ansi{\fonttbl{\f0 Arial;}}{\colortbl;\red0\green0\blue0;}{\*\generator Word;}Hello\par Caf\'e9 \u1055?\u1088?\uc0\u1080 .\line end\tab x}";
        assert_eq!(
            read(rtf, encoding_rs::WINDOWS_1252),
            RtfBody::Text("Hello\nCafé При.\nend\tx".to_owned())
        );
    }
}

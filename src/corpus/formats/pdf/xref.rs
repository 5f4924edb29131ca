//! A look at a PDF's cross-reference streams before the PDF library parses them.
//!
//! lopdf trusts two numbers of an xref stream's dictionary: the field widths `/W` (it
//! allocates a buffer of each width: `/W [99999999999 1 1]` aborts the process, which no
//! guard can catch) and the entry counts of `/Index` (with zero widths it "reads" that many
//! entries without consuming a byte, filling memory). Real files use widths of 1 to 4 bytes
//! and at most millions of objects.

use std::sync::LazyLock;

use regex::bytes::Regex;

/// Widest field of a cross-reference entry that is accepted, in bytes (a u64).
const MAX_FIELD_WIDTH: u64 = 8;
/// Most entries one cross-reference section may claim.
const MAX_ENTRIES: u64 = 10_000_000;
/// How far from `/Type /XRef` the rest of its dictionary is looked for.
const DICTIONARY_REACH: usize = 2048;

static XREF_TYPE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"/Type\s*/XRef\b").ok());
static WIDTHS: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"/W\s*\[([0-9\s]*)\]").ok());
static INDEX: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"/Index\s*\[([0-9\s]*)\]").ok());

/// Refuses a file whose cross-reference stream dictionaries hold absurd widths or counts.
pub fn check_streams(bytes: &[u8]) -> Result<(), String> {
    let (Some(xref), Some(widths), Some(index)) =
        (XREF_TYPE.as_ref(), WIDTHS.as_ref(), INDEX.as_ref())
    else {
        return Ok(());
    };
    for m in xref.find_iter(bytes) {
        // The dictionary around the match: from its object header to its stream data.
        let before = &bytes[m.start().saturating_sub(DICTIONARY_REACH)..m.start()];
        let from = memchr::memmem::rfind(before, b"obj")
            .map_or(m.start() - before.len(), |i| m.start() - before.len() + i);
        let after = &bytes[m.end()..(m.end() + DICTIONARY_REACH).min(bytes.len())];
        let to =
            memchr::memmem::find(after, b"stream").map_or(m.end() + after.len(), |i| m.end() + i);
        let dictionary = &bytes[from..to];
        for caps in widths.captures_iter(dictionary) {
            if numbers(&caps[1]).any(|w| w.is_none_or(|w| w > MAX_FIELD_WIDTH)) {
                return Err("its cross-reference stream has impossible field widths".to_owned());
            }
        }
        for caps in index.captures_iter(dictionary) {
            let values: Vec<Option<u64>> = numbers(&caps[1]).collect();
            let absurd = values.chunks(2).any(|pair| match pair {
                [Some(start), Some(count)] => {
                    *count > MAX_ENTRIES || start.saturating_add(*count) > u64::from(u32::MAX)
                }
                [_, _] => true,
                _ => false,
            });
            if absurd {
                return Err(
                    "its cross-reference stream claims an impossible number of objects".to_owned(),
                );
            }
        }
    }
    Ok(())
}

/// The whitespace-separated numbers of an array's contents; `None` for one too large.
fn numbers(contents: &[u8]) -> impl Iterator<Item = Option<u64>> + '_ {
    contents
        .split(|b| b.is_ascii_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| std::str::from_utf8(t).ok().and_then(|t| t.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xref_object(dict: &str) -> Vec<u8> {
        format!("%PDF-1.5\n1 0 obj\n<< /Type /XRef {dict} /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
            .into_bytes()
    }

    #[test]
    fn ordinary_xref_streams_pass() {
        assert!(check_streams(&xref_object("/Size 5 /W [1 2 1]")).is_ok());
        assert!(check_streams(&xref_object("/Size 5 /W [1 4 2] /Index [0 5 10 3]")).is_ok());
        // Widths of a CID font elsewhere in the file are not an xref stream's business.
        let font = b"%PDF-1.5\n2 0 obj\n<< /Type /Font /W [1 100 500] >>\nendobj\n";
        assert!(check_streams(font).is_ok());
    }

    #[test]
    fn absurd_widths_and_counts_are_refused() {
        for dict in [
            "/Size 5 /W [99999999999 1 1]",
            "/Size 5 /W [1 99999999999999999999999 1]",
            "/Size 5 /W [0 0 0] /Index [0 9223372036854775807]",
            "/Size 5 /W [1 2 1] /Index [4294967290 100]",
        ] {
            assert!(check_streams(&xref_object(dict)).is_err(), "{dict}");
        }
    }
}

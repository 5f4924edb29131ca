//! Entry points for coverage-guided fuzzing, one per reader of outside bytes.
//!
//! Each function takes the raw bytes a fuzzer (or a file on disk) gives it, runs them
//! through the same code the application runs on a file it did not write, and panics only
//! when an invariant of the result is broken (a bug). The libFuzzer targets in `fuzz/` call
//! these functions and nothing else, and `tests/fuzz_corpus.rs` replays every committed
//! corpus file and crash input through them on stable Rust, so the fuzzers and the tests
//! cannot drift apart. See `docs/fuzzing.md`.
//!
//! Hidden from the documentation: this is test machinery, not API.

mod formats;
mod mail;
mod pages;
mod project;
mod text;

use std::sync::Arc;

use crate::corpus::Document;
use crate::project::Anchor;
use crate::text::DocText;

pub use formats::{archive, docx, html, legacy_encoding, markdown, odt, pdf, table};
pub use mail::{mail, msg};
pub use pages::{FUZZ_MAX_PIXELS, image, pdf_pages};
pub use project::{
    FUZZ_FINGERPRINT, mention_cache, mention_cache_input, project_file, qdpx_import, recovery_copy,
    recovery_corpus,
};
pub use text::{reanchor, recogniser, search_query};

/// A fuzz target: the name of its folder under `fuzz/corpus/` and the function it runs.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, named as its `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`.
pub const TARGETS: &[Target] = &[
    Target {
        name: "project_file",
        run: project_file,
    },
    Target {
        name: "mention_cache",
        run: mention_cache,
    },
    Target {
        name: "recovery_copy",
        run: recovery_copy,
    },
    Target {
        name: "qdpx_import",
        run: qdpx_import,
    },
    Target {
        name: "pdf",
        run: pdf,
    },
    Target {
        name: "docx",
        run: docx,
    },
    Target {
        name: "odt",
        run: odt,
    },
    Target {
        name: "html",
        run: html,
    },
    Target {
        name: "markdown",
        run: markdown,
    },
    Target {
        name: "legacy_encoding",
        run: legacy_encoding,
    },
    Target {
        name: "recogniser",
        run: recogniser,
    },
    Target {
        name: "reanchor",
        run: reanchor,
    },
    Target {
        name: "search_query",
        run: search_query,
    },
    Target {
        name: "archive",
        run: archive,
    },
    Target {
        name: "table",
        run: table,
    },
    Target {
        name: "mail",
        run: mail,
    },
    Target {
        name: "msg",
        run: msg,
    },
    Target {
        name: "image",
        run: image,
    },
    Target {
        name: "pdf_pages",
        run: pdf_pages,
    },
];

/// True when `anchor`'s char offsets lie inside `text` and slice to its current wording (the
/// quote as coded, or `current_quote` when the words there changed): what every
/// annotation that is not an orphan must satisfy. The one place this invariant is written
/// (the fuzz targets and the edit-model soak test share it), so that a change to what an
/// anchor records (e.g. the text it points at now, beside its coded quote) changes it once.
pub fn points_at_its_quote(anchor: &Anchor, text: &DocText) -> bool {
    anchor.start < anchor.end
        && anchor.end <= text.char_len()
        && text.slice(anchor.start..anchor.end) == Some(anchor.current_text())
}

/// Splits fuzz input into fields at 0xFF bytes (a byte that never occurs in UTF-8, so each
/// field can still be any text); missing fields are empty.
fn fields<const N: usize>(data: &[u8]) -> [&[u8]; N] {
    let mut out = [&[][..]; N];
    let mut rest = data;
    for (i, slot) in out.iter_mut().enumerate() {
        if i + 1 == N {
            *slot = rest;
            break;
        }
        match rest.iter().position(|&b| b == 0xFF) {
            Some(at) => {
                *slot = &rest[..at];
                rest = &rest[at + 1..];
            }
            None => {
                *slot = rest;
                rest = &[];
            }
        }
    }
    out
}

/// A document as the loader makes one from a plain-text file.
fn plain_document(path: &str, text: String) -> Arc<Document> {
    Arc::new(Document::from_plain_text(path, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_split_at_0xff_and_pad_with_empty_ones() {
        let [a, b, c] = fields::<3>(b"one\xFFtwo\xFFthree\xFFfour");
        assert_eq!((a, b, c), (&b"one"[..], &b"two"[..], &b"three\xFFfour"[..]));
        let [a, b, c] = fields::<3>(b"only");
        assert_eq!((a, b, c), (&b"only"[..], &b""[..], &b""[..]));
    }

    #[test]
    fn an_anchor_points_at_its_quote_only_inside_the_text() {
        let text = DocText::new(
            "Damascus and Aleppo".to_owned(),
            crate::text::ParagraphStyle::Lines,
        );
        let anchor = Anchor::from_range(&text, 13, 19).expect("anchor");
        assert!(points_at_its_quote(&anchor, &text));
        let moved = Anchor {
            start: 0,
            end: 6,
            ..anchor.clone()
        };
        assert!(!points_at_its_quote(&moved, &text));
        let outside = Anchor {
            start: 13,
            end: 40,
            ..anchor
        };
        assert!(!points_at_its_quote(&outside, &text));
    }
}

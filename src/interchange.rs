//! What Dossier's writers and readers of other programs' formats share, kept below both:
//! the fixed names of a REFI-QDA project (written by `export::qdpx`, read by
//! `import::qdpx`) and the guard that keeps a spreadsheet from running a cell (the CSV of
//! the annotations, `export::csv`, and of the timeline, `analysis::timeline_export`).

use std::borrow::Cow;

/// `text` as a spreadsheet will show it rather than run it: an apostrophe before a leading
/// `=`, `+`, `-`, `@`, tab or carriage return (OWASP's advice on CSV injection; a document
/// under study can hold a formula on purpose, see `export::csv`).
pub fn inert(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The fixed names of a REFI-QDA project (`.qdpx`: a zip of `project.qde` and the sources).
pub mod qdpx {
    /// The namespace of REFI-QDA project files.
    pub const NAMESPACE: &str = "urn:QDA-XML:project:1.0";
    /// The XML document inside the zip.
    pub const QDE_NAME: &str = "project.qde";
    /// The folder of the source texts inside the zip.
    pub const SOURCES_DIR: &str = "sources";
    /// Prefix of a path inside the zip's sources folder.
    pub const INTERNAL: &str = "internal://";
    /// The variable holding a document's path in the corpus (Dossier's import reads it back).
    pub const PATH_VARIABLE: &str = "Dossier file";
    /// The variable holding a document's title where its source name had to differ from it.
    pub const TITLE_VARIABLE: &str = "Dossier title";
    /// The variable holding the page (from 1) of a multi-page image that a picture source
    /// is: REFI-QDA's `PictureSelection` has no page, so such a page is its own picture.
    pub const PAGE_VARIABLE: &str = "Dossier page";
    /// The user the project itself, and annotations without a coder, are credited to;
    /// Dossier's import reads a user of this name as no coder.
    pub const DOSSIER_USER: &str = "Dossier";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_made_inert() {
        for formula in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(inert(formula), format!("'{formula}"));
        }
        for text in [
            "Damascus",
            "",
            " =1",
            "'quoted'",
            "a=b",
            "−5 (a minus sign)",
        ] {
            assert_eq!(inert(text), text);
        }
    }
}

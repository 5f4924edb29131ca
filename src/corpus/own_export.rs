//! Dossier's own exports found in a corpus folder. A report saved inside the corpus would
//! otherwise be read back as a document on the next open, and every quote it holds counted
//! twice (in search, entities, the timeline). The exports carry a marker that says who
//! wrote them; the loader skips a file that has one, and everything in the corpus's
//! `exports/` folder, where the window suggests saving exports when the project file is
//! itself inside the corpus.

use super::Format;

/// The folder at the top of a corpus that the loader never reads (listed as skipped).
pub const EXPORTS_FOLDER: &str = "exports";

/// The first line of a Markdown export: an HTML comment, which Markdown renderers hide.
pub const MARKDOWN_MARKER: &str =
    "<!-- Dossier export: Dossier does not load this file as a document -->";

/// The start of the generator meta tag of an HTML export (the version follows).
pub const HTML_GENERATOR: &str = "<meta name=\"generator\" content=\"Dossier ";

/// The start of the header row of Dossier's CSV exports (the annotations; the timeline's
/// dated statements): both quote the documents, so read back as a table they would count
/// every quote twice. (`export::csv` and `analysis::timeline_export` check that they
/// still begin so.)
pub const CSV_HEADERS: [&str; 2] = [
    "id,document,title,start,end,page,quote,note,tags,",
    "document,title,start,end,date_text,value,granularity,event,",
];

/// How far into an HTML file the generator tag is looked for (it is in the `<head>`).
const HTML_HEAD_BYTES: usize = 4096;

/// True when `bytes`, read as `format`, are a report Dossier wrote.
pub fn is_own_export(format: Format, bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match format {
        Format::Markdown => bytes.starts_with(MARKDOWN_MARKER.as_bytes()),
        Format::Html => {
            let head = &bytes[..bytes.len().min(HTML_HEAD_BYTES)];
            memchr::memmem::find(head, HTML_GENERATOR.as_bytes()).is_some()
        }
        Format::Csv => CSV_HEADERS.iter().any(|h| bytes.starts_with(h.as_bytes())),
        _ => false,
    }
}

/// True when `relative` (`/`-separated, from the corpus root) is inside the exports folder.
pub fn in_exports_folder(relative: &str) -> bool {
    relative
        .split_once('/')
        .is_some_and(|(top, _)| top == EXPORTS_FOLDER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_recognised_by_their_marker() {
        let md = format!("{MARKDOWN_MARKER}\n# Project\n");
        assert!(is_own_export(Format::Markdown, md.as_bytes()));
        assert!(is_own_export(
            Format::Markdown,
            format!("\u{feff}{md}").as_bytes()
        ));
        assert!(!is_own_export(
            Format::Markdown,
            b"# Notes\n\nDossier export"
        ));
        let html = "<!DOCTYPE html>\n<html><head><meta name=\"generator\" \
                    content=\"Dossier 0.1.0\"></head><body></body></html>";
        assert!(is_own_export(Format::Html, html.as_bytes()));
        assert!(!is_own_export(
            Format::Html,
            b"<html><head><meta name=\"generator\" content=\"WordPress 6\"></head></html>"
        ));
        assert!(!is_own_export(Format::Text, md.as_bytes()));
        let csv = "\u{feff}id,document,title,start,end,page,quote,note,tags,created\r\n";
        assert!(is_own_export(Format::Csv, csv.as_bytes()));
        assert!(!is_own_export(Format::Csv, b"id,document,title\nx,y,z\n"));
    }

    #[test]
    fn only_the_top_exports_folder_is_skipped() {
        assert!(in_exports_folder("exports/report.html"));
        assert!(in_exports_folder("exports/2024/report.md"));
        assert!(!in_exports_folder("exports.md"));
        assert!(!in_exports_folder("news/exports/trade.txt"));
    }
}

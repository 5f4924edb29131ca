//! A file read for what it is, not only for what it is called: the first bytes of a file
//! whose extension's reader would fail (an HTML table saved as `.xls`, a CSV as `.xlsx`)
//! decide its reader, and an attachment without a usable name is read by its MIME
//! Content-Type.
//!
//! Signatures: PDF `%PDF`, zip `PK\3\4` (a workbook, a Word or OpenDocument file by the
//! name of its first member, else an archive), OLE `D0 CF 11 E0` (an old Excel
//! workbook), PNG, JPEG, TIFF, WebP; else text by decoding (NUL-free), as HTML when it
//! starts with a tag, a table when its first lines split alike on tabs or commas.

use std::path::Path;

use super::super::document::Format;

/// The first bytes looked at for a text file's kind.
const TEXT_HEAD: usize = 8 * 1024;

/// The format `bytes` are, from their first bytes (see the module doc); `None` when they
/// are neither a known signature nor text (NUL bytes outside UTF-16).
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if let Some(format) = signature(bytes) {
        return Some(format);
    }
    let head = &bytes[..bytes.len().min(TEXT_HEAD)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    if !utf16 && memchr::memchr(0, head).is_some() {
        return None;
    }
    Some(text_kind(head))
}

/// The format a binary signature at the start of `bytes` says, if any.
fn signature(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(1024)];
    if bytes.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        let has = |needle: &[u8]| memchr::memmem::find(head, needle).is_some();
        return Some(if has(b"xl/") {
            Format::Xlsx
        } else if has(b"word/") {
            Format::Docx
        } else if has(b"application/vnd.oasis.opendocument.text") {
            Format::Odt
        } else if has(b"application/vnd.oasis.opendocument.spreadsheet") {
            Format::Ods
        } else if has(b"[Content_Types].xml") {
            // An Office file whose main part comes later: the workbook is the common case.
            Format::Xlsx
        } else {
            Format::Zip
        });
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Xls);
    }
    let image = bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()))
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a");
    image.then_some(Format::Image)
}

/// Text's kind: HTML, a table of tabs or of commas, or plain text.
fn text_kind(head: &[u8]) -> Format {
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    let lower: String = text
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    if lower.starts_with('<')
        && ["<html", "<!doctype html", "<table", "<body", "<head"]
            .iter()
            .any(|tag| lower.contains(tag))
    {
        return Format::Html;
    }
    // The first lines (the last may be cut): a table when they all have the same number
    // of separators, at least one.
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let complete = if lines.len() > 2 {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    let table_of = |sep: char| {
        let counts: Vec<usize> = complete.iter().map(|l| l.matches(sep).count()).collect();
        counts.len() >= 2 && counts[0] > 0 && counts.iter().all(|&c| c == counts[0])
    };
    if table_of('\t') {
        Format::Tsv
    } else if table_of(',') {
        Format::Csv
    } else {
        Format::Text
    }
}

/// True when `bytes` cannot be what `format` reads: a format with a signature whose
/// bytes lack it, or a text format whose bytes carry another format's signature.
pub fn contradicts(format: Format, bytes: &[u8]) -> bool {
    let found = signature(bytes);
    match format {
        Format::Pdf => found != Some(Format::Pdf),
        Format::Xlsx | Format::Docx | Format::Odt | Format::Ods | Format::Zip => {
            !bytes.starts_with(b"PK\x03\x04")
        }
        Format::Xls => found != Some(Format::Xls),
        Format::Image => found != Some(Format::Image),
        Format::Text | Format::Markdown | Format::Html | Format::Csv | Format::Tsv => {
            found.is_some()
        }
        // Told apart by their own readers (`.eml` from Outlook's `.msg`), or without a
        // signature at the start (tar).
        Format::Email | Format::Mailbox | Format::Tar => false,
    }
}

/// The format to read `bytes` named `name` as, and the note saying so when it is not the
/// one the name gives ("named .xls, read as HTML"); `None` when the name gives none
/// (the file is then unsupported, as before).
pub fn by_name_and_bytes(name: &Path, bytes: &[u8]) -> Option<(Format, Option<String>)> {
    let named = Format::from_path(name)?;
    if !contradicts(named, bytes) {
        return Some((named, None));
    }
    // Neither a signature nor text: the name's reader says what is wrong.
    let Some(actual) = sniff(bytes) else {
        return Some((named, None));
    };
    // An OLE file is an old workbook only where a table was expected (an old `.doc`
    // renamed `.docx` is not one): else the name's reader says what is wrong.
    if actual == named || (actual == Format::Xls && !named.is_table()) {
        return Some((named, None));
    }
    let ext = name
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Some((
        actual,
        Some(format!("named .{ext}, read as {}", actual.label())),
    ))
}

/// The format a MIME Content-Type ("application/pdf") names, if Dossier reads it.
pub fn from_content_type(content_type: &str) -> Option<Format> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    Some(match essence.as_str() {
        "text/plain" => Format::Text,
        "text/markdown" | "text/x-markdown" => Format::Markdown,
        "text/html" | "application/xhtml+xml" => Format::Html,
        "text/csv" => Format::Csv,
        "text/tab-separated-values" => Format::Tsv,
        "application/pdf" | "application/x-pdf" => Format::Pdf,
        "application/zip" | "application/x-zip-compressed" => Format::Zip,
        "application/x-tar" => Format::Tar,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => Format::Xlsx,
        "application/vnd.ms-excel" => Format::Xls,
        "application/vnd.oasis.opendocument.spreadsheet" => Format::Ods,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => Format::Docx,
        "application/vnd.oasis.opendocument.text" => Format::Odt,
        "message/rfc822" | "application/vnd.ms-outlook" => Format::Email,
        "application/mbox" => Format::Mailbox,
        "image/png" | "image/jpeg" | "image/tiff" | "image/webp" | "image/bmp" | "image/gif" => {
            Format::Image
        }
        _ => return None,
    })
}

/// The extension that calls for `format`'s reader.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Pdf => "pdf",
        Format::Docx => "docx",
        Format::Odt => "odt",
        Format::Zip => "zip",
        Format::Tar => "tar",
        Format::Csv => "csv",
        Format::Tsv => "tsv",
        Format::Xlsx => "xlsx",
        Format::Xls => "xls",
        Format::Ods => "ods",
        Format::Email => "eml",
        Format::Mailbox => "mbox",
        Format::Image => "png",
    }
}

/// An attachment's name for choosing its reader: its own when its extension names a
/// format Dossier reads, else that name with the extension its Content-Type calls for
/// ("scan0001" sent as `application/pdf` is read as "scan0001.pdf"); its id is unchanged.
pub fn attachment_reader_name(name: String, content_type: Option<&str>) -> String {
    if Format::from_path(Path::new(&name)).is_some() {
        return name;
    }
    match content_type.and_then(from_content_type) {
        Some(format) => format!("{name}.{}", extension(format)),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_bytes_say_what_a_file_is() {
        assert_eq!(sniff(b"%PDF-1.4\n"), Some(Format::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some(Format::Image));
        assert_eq!(sniff(b"GIF89a\x01\x00\x01\x00"), Some(Format::Image));
        assert_eq!(
            sniff(b"<html><table><tr><td>1</td></tr></table>"),
            Some(Format::Html)
        );
        assert_eq!(
            sniff(b"name\tcity\nAli\tMosul\nLina\tErbil\n"),
            Some(Format::Tsv)
        );
        assert_eq!(
            sniff(b"name,city\nAli,Mosul\nLina,Erbil\n"),
            Some(Format::Csv)
        );
        assert_eq!(
            sniff(b"Just a note, about Mosul.\nAnd more.\n"),
            Some(Format::Text)
        );
        assert_eq!(sniff(b"PK\x03\x04....xl/workbook.xml"), Some(Format::Xlsx));
    }

    #[test]
    fn binary_bytes_without_a_signature_are_left_to_the_name_s_reader() {
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0\0\0"), None);
        assert_eq!(
            by_name_and_bytes(Path::new("fake.docx"), b"not a zip\0\x01"),
            Some((Format::Docx, None))
        );
        assert_eq!(sniff(b"\xFF\xFEa\0b\0"), Some(Format::Text));
    }

    #[test]
    fn a_name_decides_unless_the_bytes_contradict_it() {
        let html = b"<html><table><tr><td>Mosul</td></tr></table></html>";
        assert_eq!(
            by_name_and_bytes(Path::new("export.xls"), html),
            Some((Format::Html, Some("named .xls, read as HTML".to_owned())))
        );
        assert_eq!(
            by_name_and_bytes(Path::new("a.csv"), b"a,b\n1,2\n"),
            Some((Format::Csv, None))
        );
        // A CSV read as text is no contradiction: no signature says otherwise.
        assert_eq!(
            by_name_and_bytes(Path::new("a.txt"), b"a,b\n1,2\n"),
            Some((Format::Text, None))
        );
        assert_eq!(by_name_and_bytes(Path::new("a.py"), b"print(1)"), None);
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(
            by_name_and_bytes(Path::new("old.docx"), &ole),
            Some((Format::Docx, None))
        );
        assert_eq!(
            by_name_and_bytes(Path::new("old.xlsx"), &ole),
            Some((
                Format::Xls,
                Some("named .xlsx, read as Excel 97-2003 workbook".to_owned())
            ))
        );
    }

    #[test]
    fn a_content_type_names_the_reader_of_an_attachment_without_a_usable_name() {
        assert_eq!(
            attachment_reader_name("scan0001".into(), Some("application/pdf")),
            "scan0001.pdf"
        );
        assert_eq!(
            attachment_reader_name("report.v2".into(), Some("text/plain; charset=utf-8")),
            "report.v2.txt"
        );
        assert_eq!(
            attachment_reader_name("budget.xlsx".into(), Some("application/octet-stream")),
            "budget.xlsx"
        );
        assert_eq!(attachment_reader_name("blob".into(), None), "blob");
    }
}

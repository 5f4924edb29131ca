//! The bytes of a document as a file: its own file on disk, or, for a part of another file
//! (`letters.zip/scans/p1.pdf`, `inbox.mbox#<id>/2-scan.pdf`), the part read again out of
//! its container by the same readers and limits the loader used. The loader keeps only a
//! part's text, so whatever needs the part's bytes later (the page view drawing a PDF
//! member of a zip, an export embedding the original) asks here.

use std::path::Path;

use super::document::Format;
use super::formats::{self, Budget, Part, PartContent};
use super::{LoadOptions, SkipReason};

/// The bytes of document `id` of the corpus in `root`: the file `id` names, or the part of
/// a file it names. Reading a part reads its container again (within the loader's file
/// size, time budget, archive limits and nesting depth); `Err` says why there are none.
pub fn document_bytes(root: &Path, id: &str, options: &LoadOptions) -> Result<Vec<u8>, SkipReason> {
    if id.is_empty() || id.starts_with('/') || id.split('/').any(|step| step == "..") {
        return Err(not_found(id));
    }
    let (file, rest) = split_file(root, id).ok_or_else(|| not_found(id))?;
    let bytes = read_file(&root.join(file), options)?;
    if rest.is_empty() {
        return Ok(bytes);
    }
    let format = Format::from_path(Path::new(file)).ok_or_else(|| not_found(id))?;
    part_of(format, bytes, rest, options, 1).map_err(|e| match e {
        Lookup::Missing => not_found(id),
        Lookup::Unreadable(why) => why,
    })
}

/// Why a part's bytes were not found.
enum Lookup {
    /// No part has that id (or it is a part with no bytes of its own: a mailbox's message).
    Missing,
    /// Its container could not be read.
    Unreadable(SkipReason),
}

/// The shortest prefix of `id` ending at a step (`/`) or part (`#`) boundary that is a
/// file under `root`, and the rest of the id (empty when `id` is that file).
fn split_file<'a>(root: &Path, id: &'a str) -> Option<(&'a str, &'a str)> {
    id.char_indices()
        .filter(|&(_, c)| c == '/' || c == '#')
        .map(|(i, _)| i)
        .chain(std::iter::once(id.len()))
        .map(|end| id.split_at(end))
        .find(|(file, _)| !file.is_empty() && root.join(file).is_file())
}

fn read_file(path: &Path, options: &LoadOptions) -> Result<Vec<u8>, SkipReason> {
    let unreadable = |e: std::io::Error| SkipReason::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let len = file.metadata().map_err(unreadable)?.len();
    let bytes = super::read_whole(&file, len, options.max_file_bytes).map_err(unreadable)?;
    if bytes.len() as u64 > options.max_file_bytes {
        return Err(SkipReason::TooLarge {
            size: bytes.len() as u64,
            limit: options.max_file_bytes,
        });
    }
    Ok(bytes)
}

/// The part `rest` (a suffix such as `/scans/p1.pdf` or `#3/1-scan.pdf`) of a file of
/// `format` holding `bytes`, `depth` levels down.
fn part_of(
    format: Format,
    bytes: Vec<u8>,
    rest: &str,
    options: &LoadOptions,
    depth: usize,
) -> Result<Vec<u8>, Lookup> {
    if depth > options.parts.max_depth {
        return Err(Lookup::Missing);
    }
    let budget = Budget::starting_now(options.read_budget);
    let extracted = formats::extract_with(format, &bytes, &budget).map_err(Lookup::Unreadable)?;
    drop(bytes);
    find(extracted.parts, rest, options, depth)
}

/// The part whose suffix is `rest`, or that holds it, among `parts`.
fn find(
    parts: Vec<Part>,
    rest: &str,
    options: &LoadOptions,
    depth: usize,
) -> Result<Vec<u8>, Lookup> {
    // The exact part first; else the longest suffix that the id continues (an archive
    // member's suffix holds `/`, so `/a.zip` and `/a.zip/b.pdf` may both be members).
    let mut holder: Option<(usize, Part)> = None;
    for part in parts {
        if part.suffix == rest {
            return match part.content {
                PartContent::Bytes { bytes, .. } => Ok(bytes),
                PartContent::Read { .. } => Err(Lookup::Missing),
            };
        }
        let continues = rest
            .strip_prefix(part.suffix.as_str())
            .is_some_and(|more| more.starts_with(['/', '#']));
        if continues && holder.as_ref().is_none_or(|(n, _)| part.suffix.len() > *n) {
            holder = Some((part.suffix.len(), part));
        }
    }
    let Some((n, part)) = holder else {
        return Err(Lookup::Missing);
    };
    let more = &rest[n..];
    match part.content {
        PartContent::Bytes { name, bytes } => {
            let format = Format::from_path(Path::new(&name)).ok_or(Lookup::Missing)?;
            part_of(format, bytes, more, options, depth + 1)
        }
        PartContent::Read { extracted, .. } => find(extracted.parts, more, options, depth + 1),
    }
}

fn not_found(id: &str) -> SkipReason {
    SkipReason::Unreadable(format!("{id} is not in the folder any more"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of `members` (name, bytes), stored.
    fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in members {
            writer.start_file(*name, options).expect("member");
            writer.write_all(bytes).expect("write");
        }
        writer.finish().expect("finish");
        out.into_inner()
    }

    #[test]
    fn a_part_is_read_again_out_of_its_archive_and_a_file_is_read_as_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let inner = zip(&[("deep/page.png", b"PNG bytes of the inner page")]);
        let outer = zip(&[
            ("scans/p1.pdf", b"%PDF-1.4 the member's bytes"),
            ("scans/inner.zip", &inner),
        ]);
        std::fs::create_dir_all(dir.path().join("box")).expect("mkdir");
        std::fs::write(dir.path().join("box/letters.zip"), &outer).expect("write");
        std::fs::write(dir.path().join("box/plain.txt"), "text").expect("write");
        let options = LoadOptions::default();
        let read = |id: &str| document_bytes(dir.path(), id, &options);
        assert_eq!(
            read("box/letters.zip/scans/p1.pdf").expect("the member"),
            b"%PDF-1.4 the member's bytes"
        );
        assert_eq!(
            read("box/letters.zip/scans/inner.zip/deep/page.png").expect("nested"),
            b"PNG bytes of the inner page"
        );
        assert_eq!(read("box/plain.txt").expect("a file"), b"text");
        assert_eq!(read("box/letters.zip").expect("the archive itself"), outer);
        for missing in [
            "box/letters.zip/scans/p2.pdf",
            "box/letters.zip/scans",
            "box/gone.pdf",
            "../box/plain.txt",
            "/etc/hostname",
            "",
        ] {
            assert!(read(missing).is_err(), "{missing}");
        }
    }

    #[test]
    fn an_attachment_is_read_again_out_of_its_message_in_a_mailbox() {
        let dir = tempfile::tempdir().expect("temp dir");
        let message = "From: a@example.org\r\nTo: b@example.org\r\nSubject: Scan\r\n\
            Message-ID: <m1@example.org>\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
            --b\r\nContent-Type: text/plain\r\n\r\nThe scan is attached.\r\n\
            --b\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\n\
            Content-Disposition: attachment; filename=\"scan.pdf\"\r\n\
            Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQgc2Nhbg==\r\n--b--\r\n";
        let mbox = format!("From a@example.org Mon Jan  1 00:00:00 2024\r\n{message}");
        std::fs::write(dir.path().join("inbox.mbox"), mbox).expect("write");
        let loaded = crate::corpus::load_file(
            &dir.path().join("inbox.mbox"),
            "inbox.mbox",
            &LoadOptions::default(),
        )
        .expect("the mailbox loads");
        // The id the loader gave the attachment (it failed to read as a PDF: skipped).
        let id = loaded
            .skipped
            .iter()
            .map(|s| s.path.as_str())
            .chain(loaded.documents.iter().map(|d| d.path.as_str()))
            .find(|p| p.ends_with("scan.pdf"))
            .expect("the attachment has an id")
            .to_owned();
        assert_eq!(
            document_bytes(dir.path(), &id, &LoadOptions::default()).expect("its bytes"),
            b"%PDF-1.4 scan"
        );
    }
}

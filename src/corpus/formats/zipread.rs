//! Reading the parts of a zip-based document (DOCX, ODT) with a cap on how much is
//! unpacked, so that a zip bomb (a small file that inflates to gigabytes) is refused
//! instead of exhausting memory.
//!
//! The cap is checked twice: against the size each entry declares (refused before a byte
//! is inflated), and while inflating (an entry that lies about its size is cut off at the
//! cap). It counts every part read from one document together.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::corpus::SkipReason;

/// The most a document may unpack to, all parts read counted together (128 MiB). The
/// largest real documents (books with many tables) unpack to a few tens of MB of XML.
pub const MAX_UNPACKED_BYTES: u64 = 128 * 1024 * 1024;

/// An open zip archive with a budget of bytes still allowed to be unpacked.
pub struct CappedZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
    limit: u64,
}

impl<'a> CappedZip<'a> {
    /// Opens `bytes` as a zip archive. A file that is not a zip gives `Damaged` with a
    /// message naming the `kind` of document expected ("Word document (.docx)").
    pub fn open(bytes: &'a [u8], kind: &str, limit: u64) -> Result<Self, SkipReason> {
        if !bytes.starts_with(b"PK") {
            return Err(SkipReason::Damaged(format!(
                "not a {kind}: the file is not a zip archive{}",
                sniff(bytes)
            )));
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            SkipReason::Damaged(format!("damaged {kind}: cannot read the zip archive ({e})"))
        })?;
        Ok(Self {
            archive,
            budget: limit,
            limit,
        })
    }

    /// The bytes of the entry `name`, or `None` if the archive has no such entry.
    /// Errors: the budget is exceeded (`TooLargeUnpacked`), or the entry is encrypted or
    /// damaged (`Encrypted`, `Damaged`).
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, SkipReason> {
        let limit = self.limit;
        let mut file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(ZipError::UnsupportedArchive(msg))
                if msg.contains("ncrypt") || msg.contains("assword") =>
            {
                return Err(SkipReason::Encrypted);
            }
            Err(ZipError::InvalidPassword) => return Err(SkipReason::Encrypted),
            Err(e) => {
                return Err(SkipReason::Damaged(format!(
                    "damaged archive entry {name}: {e}"
                )));
            }
        };
        if file.encrypted() {
            return Err(SkipReason::Encrypted);
        }
        if file.size() > self.budget {
            return Err(SkipReason::TooLargeUnpacked { limit });
        }
        let mut out = Vec::with_capacity(room_for(file.size()));
        // One byte over the budget tells a lying size header from an exact fit.
        let read = (&mut file)
            .take(self.budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| SkipReason::Damaged(format!("damaged archive entry {name}: {e}")))?;
        if read as u64 > self.budget {
            return Err(SkipReason::TooLargeUnpacked { limit });
        }
        self.budget -= read as u64;
        Ok(Some(out))
    }
}

impl CappedZip<'_> {
    /// Inflates every entry into nothing, counting against the budget: the check before a
    /// zip-based file is handed whole to a parser that inflates without a cap (calamine for
    /// workbooks). Errors as [`CappedZip::read`].
    pub fn inflate_all(&mut self) -> Result<(), SkipReason> {
        let limit = self.limit;
        for index in 0..self.archive.len() {
            let mut file = match self.archive.by_index(index) {
                Ok(file) => file,
                Err(ZipError::UnsupportedArchive(msg))
                    if msg.contains("ncrypt") || msg.contains("assword") =>
                {
                    return Err(SkipReason::Encrypted);
                }
                Err(ZipError::InvalidPassword) => return Err(SkipReason::Encrypted),
                Err(e) => return Err(SkipReason::Damaged(format!("damaged archive entry: {e}"))),
            };
            let read = std::io::copy(&mut (&mut file).take(self.budget + 1), &mut std::io::sink())
                .map_err(|e| SkipReason::Damaged(format!("damaged archive entry: {e}")))?;
            if read > self.budget {
                return Err(SkipReason::TooLargeUnpacked { limit });
            }
            self.budget -= read;
        }
        Ok(())
    }
}

/// The most room reserved for an entry before a byte of it is inflated (1 MiB).
const MAX_RESERVED: u64 = 1 << 20;

/// The room to reserve for an entry that declares `size` bytes: the declared size, which
/// any file may make up, only up to [`MAX_RESERVED`]; a larger entry grows its buffer as
/// its bytes actually arrive. (Found by tests/memory_bounds.rs: a fuzzed 1.5 KB `.docx`
/// declaring a 15 MB part made the reader reserve 15 MB, up to 16 MiB a part.)
fn room_for(size: u64) -> usize {
    usize::try_from(size.min(MAX_RESERVED)).unwrap_or(0)
}

/// A hint at what the file is instead, for the error message.
fn sniff(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        " (it is an old binary Word .doc file: save it as .docx)"
    } else if bytes.starts_with(b"%PDF") {
        " (it is a PDF)"
    } else if bytes.starts_with(b"{\\rtf") {
        " (it is an RTF file)"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default())
                .expect("start");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    #[test]
    fn parts_are_read_within_the_budget() {
        let bytes = zip_of(&[("a.xml", b"12345"), ("b.xml", b"67890")]);
        let mut z = CappedZip::open(&bytes, "test", 10).expect("zip");
        assert_eq!(z.read("a.xml").expect("a"), Some(b"12345".to_vec()));
        assert_eq!(z.read("missing.xml").expect("missing"), None);
        assert_eq!(z.read("b.xml").expect("b"), Some(b"67890".to_vec()));
    }

    /// `zip_of` with the uncompressed size of every entry (local header and central
    /// directory) replaced by `size`.
    fn declaring(bytes: &[u8], size: u32) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for (signature, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let starts: Vec<usize> = out
                .windows(4)
                .enumerate()
                .filter(|(_, w)| w == signature)
                .map(|(i, _)| i)
                .collect();
            for i in starts {
                out[i + at..i + at + 4].copy_from_slice(&size.to_le_bytes());
            }
        }
        out
    }

    #[test]
    fn a_declared_size_reserves_at_most_a_mebibyte() {
        assert_eq!(room_for(5), 5);
        assert_eq!(room_for(15_073_543), 1 << 20);
        assert_eq!(room_for(u64::MAX), 1 << 20);
        // A part that claims 15 MB and holds 5 bytes.
        let bytes = declaring(&zip_of(&[("a.xml", b"12345")]), 15_073_543);
        let mut z = CappedZip::open(&bytes, "test", MAX_UNPACKED_BYTES).expect("zip");
        assert_eq!(
            z.archive.by_name("a.xml").expect("entry").size(),
            15_073_543
        );
        let part = z.read("a.xml").expect("reads").expect("is there");
        assert_eq!(part, b"12345");
        assert!(part.capacity() <= 1 << 20, "{}", part.capacity());
    }

    #[test]
    fn the_budget_counts_all_parts_together() {
        let bytes = zip_of(&[("a.xml", b"123456"), ("b.xml", b"789012")]);
        let mut z = CappedZip::open(&bytes, "test", 10).expect("zip");
        z.read("a.xml").expect("a");
        assert_eq!(
            z.read("b.xml"),
            Err(SkipReason::TooLargeUnpacked { limit: 10 })
        );
    }

    #[test]
    fn not_a_zip_is_named() {
        let Err(SkipReason::Damaged(msg)) =
            CappedZip::open(b"%PDF-1.4", "Word document (.docx)", 10)
        else {
            panic!("expected Damaged");
        };
        assert_eq!(
            msg,
            "not a Word document (.docx): the file is not a zip archive (it is a PDF)"
        );
        assert!(matches!(
            CappedZip::open(b"PK\x03\x04garbage", "x", 10),
            Err(SkipReason::Damaged(_))
        ));
    }
}

//! Reading a `.qdpx` zip without trusting it: an entry's declared size, the sizes actually
//! read, the total and the number of entries are all capped, so that a zip bomb (a few
//! kilobytes that inflate to gigabytes) is refused after reading at most the cap.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use super::{ImportError, ImportLimits};

/// The most room reserved for an entry before a byte of it is inflated (1 MiB).
const MAX_RESERVED: u64 = 1 << 20;

pub(super) struct Archive<R: Read + Seek> {
    zip: zip::ZipArchive<R>,
    /// Lower-cased entry name -> index (tools disagree on `sources/` or `Sources/`).
    index: HashMap<String, usize>,
    limits: ImportLimits,
    total: u64,
    /// Entries read (and counted in `total`) already: read again, they count once.
    counted: HashSet<usize>,
    path: PathBuf,
}

impl<R: Read + Seek> Archive<R> {
    pub fn new(reader: R, path: &Path, limits: ImportLimits) -> Result<Self, ImportError> {
        let zip = zip::ZipArchive::new(reader).map_err(|e| ImportError::NotZip {
            path: path.to_owned(),
            message: e.to_string(),
        })?;
        if zip.len() > limits.max_entries {
            return Err(ImportError::TooManyEntries {
                path: path.to_owned(),
                count: zip.len(),
                limit: limits.max_entries,
            });
        }
        let mut index = HashMap::with_capacity(zip.len());
        for (i, name) in zip.file_names().enumerate() {
            if let Ok(name) = name {
                index.entry(name.to_lowercase()).or_insert(i);
            }
        }
        // `file_names` follows the central directory's order, which is the index order.
        Ok(Self {
            zip,
            index,
            limits,
            total: 0,
            counted: HashSet::new(),
            path: path.to_owned(),
        })
    }

    /// The index of the entry named `name` (ignoring case), if any.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.index.get(&name.to_lowercase()).copied()
    }

    /// The entry a source's `internal://NAME` path refers to: `sources/NAME` (any case),
    /// else the only entry whose file name is `NAME`.
    pub fn find_internal(&self, name: &str) -> Option<usize> {
        let name = name.trim_start_matches('/');
        if let Some(i) = self
            .find(&format!("sources/{name}"))
            .or_else(|| self.find(name))
        {
            return Some(i);
        }
        let wanted = format!("/{}", name.to_lowercase());
        let mut found = self.index.iter().filter(|(n, _)| n.ends_with(&wanted));
        match (found.next(), found.next()) {
            (Some((_, &i)), None) => Some(i),
            _ => None,
        }
    }

    /// Reads one entry, refusing to inflate more than the limits allow (an entry read
    /// again, a PDF checked before the texts are written then written, counts once).
    pub fn read(&mut self, index: usize) -> Result<Vec<u8>, ImportError> {
        let mut entry = self.zip.by_index(index).map_err(|e| ImportError::Damaged {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        let limit = self.limits.max_entry_bytes;
        let too_large = || ImportError::TooLarge {
            path: self.path.clone(),
            entry: name.clone(),
            limit,
        };
        if entry.size() > limit {
            return Err(too_large());
        }
        let again = self.counted.contains(&index);
        let remaining = if again {
            limit
        } else {
            self.limits.max_total_bytes.saturating_sub(self.total)
        };
        let cap = limit.min(remaining);
        // The declared size is the file's word: reserve at most 1 MiB on it (a few bytes
        // claiming 64 MiB would reserve 64 MiB), and grow as bytes actually arrive.
        let reserve = entry.size().min(cap).min(MAX_RESERVED);
        let mut bytes = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
        // The declared size may lie: read one byte past the cap to notice.
        (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| ImportError::Damaged {
                path: self.path.clone(),
                message: format!("{name}: {e}"),
            })?;
        if bytes.len() as u64 > cap {
            return Err(if cap < limit {
                ImportError::TotalTooLarge {
                    path: self.path.clone(),
                    limit: self.limits.max_total_bytes,
                }
            } else {
                too_large()
            });
        }
        if !again {
            self.total += bytes.len() as u64;
            self.counted.insert(index);
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use zip::write::SimpleFileOptions;

    use super::*;

    #[test]
    fn a_declared_size_reserves_at_most_a_mebibyte() {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("project.qde", SimpleFileOptions::default())
            .expect("start");
        w.write_all(b"<Project/>").expect("write");
        let mut bytes = w.finish().expect("finish").into_inner();
        // The entry claims 60 MB (local header and central directory) and holds 10 bytes.
        let claim = 60_000_000u32.to_le_bytes();
        for (signature, at) in [(b"PK\x03\x04", 22), (b"PK\x01\x02", 24)] {
            let starts: Vec<usize> = (0..bytes.len().saturating_sub(3))
                .filter(|&i| &bytes[i..i + 4] == signature)
                .collect();
            for i in starts {
                bytes[i + at..i + at + 4].copy_from_slice(&claim);
            }
        }
        let mut archive = Archive::new(
            Cursor::new(bytes),
            Path::new("claims.qdpx"),
            ImportLimits::default(),
        )
        .expect("a zip");
        let read = archive.read(0).expect("reads");
        assert_eq!(read, b"<Project/>");
        assert!(read.capacity() <= 1 << 20, "{}", read.capacity());
    }
}

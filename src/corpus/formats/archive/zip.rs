//! `.zip` archives: each member inflated on its own, its ratio checked against its own
//! compressed size.

use std::io::Cursor;

use ::zip::ZipArchive;
use ::zip::result::ZipError;

use super::{Admit, ArchiveLimits, Members, ratio_cap};
use crate::corpus::SkipReason;
use crate::corpus::formats::{Budget, Extracted};

/// Reads a zip archive's members as parts, within `limits`.
pub fn extract(
    bytes: &[u8],
    limits: ArchiveLimits,
    budget: &Budget,
) -> Result<Extracted, SkipReason> {
    if !bytes.starts_with(b"PK") {
        return Err(SkipReason::Damaged(
            "not a zip archive (it does not start as one)".to_owned(),
        ));
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        SkipReason::Damaged(format!(
            "damaged zip archive: cannot read its directory ({e})"
        ))
    })?;
    let mut members = Members::new(limits, budget);
    for index in 0..archive.len() {
        if members.stopped {
            break;
        }
        let Some((raw_name, encrypted, compressed)) = entry_facts(&mut archive, index) else {
            members.skip(
                format!("/{}", index + 1),
                SkipReason::Damaged("damaged zip archive: unreadable entry".to_owned()),
            );
            continue;
        };
        let Admit::Read { suffix, name } = members.admit(&raw_name) else {
            continue;
        };
        if encrypted {
            members.skip(suffix, SkipReason::Encrypted);
            continue;
        }
        match archive.by_index(index) {
            Ok(mut file) => {
                let cap = ratio_cap(compressed, &limits);
                members.read_member(suffix, name, &mut file, Some(cap));
            }
            Err(ZipError::UnsupportedArchive(msg))
                if msg.contains("ncrypt") || msg.contains("assword") =>
            {
                members.skip(suffix, SkipReason::Encrypted);
            }
            Err(ZipError::InvalidPassword) => members.skip(suffix, SkipReason::Encrypted),
            Err(e) => members.skip(
                suffix,
                SkipReason::Damaged(format!("damaged archive member: {e}")),
            ),
        }
    }
    members.finish()
}

/// An entry's name, whether it is encrypted and its compressed size, read from the
/// archive's directory without inflating it; `None` when the entry cannot be read.
/// A folder gets a name ending in `/`, which [`Members::admit`] ignores.
fn entry_facts(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
) -> Option<(String, bool, u64)> {
    let file = archive.by_index_raw(index).ok()?;
    let mut name = file.name().ok()?.into_owned();
    if file.is_dir() && !name.ends_with('/') {
        name.push('/');
    }
    Some((name, file.encrypted(), file.compressed_size()))
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Duration;

    use ::zip::write::SimpleFileOptions;

    use super::*;
    use crate::corpus::formats::PartContent;

    fn budget() -> Budget {
        Budget::starting_now(Duration::from_secs(60))
    }

    pub(crate) fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ::zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            if name.ends_with('/') {
                w.add_directory(*name, SimpleFileOptions::default())
                    .expect("folder");
                continue;
            }
            w.start_file(*name, SimpleFileOptions::default())
                .expect("start");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    fn read(bytes: &[u8], limits: ArchiveLimits) -> Extracted {
        extract(bytes, limits, &budget()).expect("an archive")
    }

    fn suffixes(e: &Extracted) -> Vec<&str> {
        e.parts.iter().map(|p| p.suffix.as_str()).collect()
    }

    fn reasons(e: &Extracted) -> Vec<(&str, &SkipReason)> {
        e.skipped_parts
            .iter()
            .map(|s| (s.suffix.as_str(), &s.reason))
            .collect()
    }

    #[test]
    fn members_are_parts_named_by_their_path() {
        let bytes = zip_of(&[
            ("scans/", b""),
            ("scans/p1.txt", b"page one"),
            ("..\\..\\memo.txt", b"memo"),
            ("tool.exe", b"MZ"),
            ("__MACOSX/._p1.txt", b"fork"),
        ]);
        let e = read(&bytes, ArchiveLimits::default());
        assert!(e.text.is_empty());
        assert_eq!(suffixes(&e), ["/scans/p1.txt", "/memo.txt"]);
        let PartContent::Bytes { name, bytes } = &e.parts[0].content else {
            panic!("bytes");
        };
        assert_eq!(
            (name.as_str(), bytes.as_slice()),
            ("p1.txt", &b"page one"[..])
        );
        assert_eq!(
            reasons(&e),
            [(
                "/tool.exe",
                &SkipReason::Unsupported {
                    what: ".exe".to_owned()
                }
            )]
        );
    }

    #[test]
    fn a_zip_bomb_member_is_skipped_by_its_ratio() {
        let zeros = vec![0u8; 5 * 1024 * 1024];
        let bytes = zip_of(&[("bomb.txt", &zeros), ("note.txt", b"kept")]);
        let e = read(&bytes, ArchiveLimits::default());
        assert_eq!(suffixes(&e), ["/note.txt"]);
        assert_eq!(
            reasons(&e),
            [("/bomb.txt", &SkipReason::CompressionRatio { limit: 200 })]
        );
    }

    #[test]
    fn the_total_unpacked_counts_what_is_inflated() {
        let bytes = zip_of(&[("a.txt", b"123456"), ("b.txt", b"789012"), ("c.txt", b"3")]);
        let limits = ArchiveLimits {
            max_unpacked: 10,
            ..Default::default()
        };
        let e = read(&bytes, limits);
        assert_eq!(suffixes(&e), ["/a.txt"]);
        assert_eq!(
            reasons(&e),
            [("/b.txt", &SkipReason::TooLargeUnpacked { limit: 10 })]
        );
    }

    #[test]
    fn members_beyond_the_count_are_skipped_once() {
        let bytes = zip_of(&[("a.txt", b"a"), ("b.txt", b"b"), ("c.txt", b"c")]);
        let limits = ArchiveLimits {
            max_members: 2,
            ..Default::default()
        };
        let e = read(&bytes, limits);
        assert_eq!(suffixes(&e), ["/a.txt", "/b.txt"]);
        assert_eq!(
            reasons(&e),
            [("/c.txt", &SkipReason::TooManyParts { limit: 2 })]
        );
    }

    /// `bytes` with the "encrypted" flag set on every entry, in its local header and in the
    /// central directory, as a password-protected zip has it.
    fn flagged_encrypted(bytes: &[u8], entry: &str) -> Vec<u8> {
        let mut out = bytes.to_vec();
        for (signature, flags_at, name_at) in [(b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)] {
            let starts: Vec<usize> = out
                .windows(4)
                .enumerate()
                .filter(|(_, w)| w == signature)
                .map(|(i, _)| i)
                .collect();
            for i in starts {
                if out[i + name_at..].starts_with(entry.as_bytes()) {
                    out[i + flags_at] |= 1;
                }
            }
        }
        out
    }

    #[test]
    fn an_encrypted_member_is_skipped_with_the_reason() {
        let bytes = zip_of(&[("secret.txt", b"hidden"), ("open.txt", b"open")]);
        let e = read(
            &flagged_encrypted(&bytes, "secret.txt"),
            ArchiveLimits::default(),
        );
        assert_eq!(suffixes(&e), ["/open.txt"]);
        assert_eq!(reasons(&e), [("/secret.txt", &SkipReason::Encrypted)]);
    }

    #[test]
    fn not_a_zip_is_damaged() {
        assert!(matches!(
            extract(b"%PDF-1.4", ArchiveLimits::default(), &budget()),
            Err(SkipReason::Damaged(_))
        ));
        assert!(matches!(
            extract(b"PK\x03\x04cut", ArchiveLimits::default(), &budget()),
            Err(SkipReason::Damaged(_))
        ));
    }
}

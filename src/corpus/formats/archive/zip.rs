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
    if archive.has_duplicate_names() {
        // The zip crate keeps one entry per name: read the directory itself.
        read_with_repeated_names(bytes, &mut archive, &limits, &mut members);
        return members.finish();
    }
    for index in 0..archive.len() {
        if members.stopped {
            break;
        }
        read_entry(&mut archive, index, &limits, &mut members);
    }
    members.finish()
}

/// One record of a zip's central directory, as far as reading a shadowed entry needs it.
struct DirectoryRecord {
    /// Where the record itself starts in the archive.
    at: u64,
    name_raw: Vec<u8>,
    encrypted: bool,
    compressed: u64,
    /// Where the entry's local header starts, as the record gives it (before the offset
    /// of any bytes prepended to the archive).
    local_header: u64,
}

/// The central directory's records from `start`, in the archive's order; stops at the
/// first that cannot be read (what was read before it is kept).
fn directory_records(bytes: &[u8], start: u64) -> Vec<DirectoryRecord> {
    let u16_at = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at + 2)?;
        Some(u64::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at + 4)?;
        Some(u64::from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    };
    let u64_at = |at: usize| -> Option<u64> {
        let b = bytes.get(at..at + 8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Some(u64::from_le_bytes(a))
    };
    let mut records = Vec::new();
    let Ok(mut at) = usize::try_from(start) else {
        return records;
    };
    let record = |at: usize| -> Option<(DirectoryRecord, usize)> {
        if bytes.get(at..at + 4)? != b"PK\x01\x02" {
            return None;
        }
        let flags = u16_at(at + 8)?;
        let mut compressed = u32_at(at + 20)?;
        let uncompressed = u32_at(at + 24)?;
        let name_len = usize::try_from(u16_at(at + 28)?).ok()?;
        let extra_len = usize::try_from(u16_at(at + 30)?).ok()?;
        let comment_len = usize::try_from(u16_at(at + 32)?).ok()?;
        let mut local_header = u32_at(at + 42)?;
        let name_raw = bytes.get(at + 46..at + 46 + name_len)?.to_vec();
        // ZIP64: the sizes and offset that do not fit are in the extra field 0x0001, in
        // this order, each present only when its 32-bit field is all ones.
        let extra_start = at + 46 + name_len;
        let extra = bytes.get(extra_start..extra_start + extra_len)?;
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = u16_at(extra_start + e)?;
            let len = usize::try_from(u16_at(extra_start + e + 2)?).ok()?;
            if id == 1 {
                let mut f = extra_start + e + 4;
                if uncompressed == 0xFFFF_FFFF {
                    f += 8;
                }
                if compressed == 0xFFFF_FFFF {
                    compressed = u64_at(f)?;
                    f += 8;
                }
                if local_header == 0xFFFF_FFFF {
                    local_header = u64_at(f)?;
                }
                break;
            }
            e += 4 + len;
        }
        let next = extra_start + extra_len + comment_len;
        Some((
            DirectoryRecord {
                at: at as u64,
                name_raw,
                encrypted: flags & 1 == 1,
                compressed,
                local_header,
            },
            next,
        ))
    };
    while let Some((r, next)) = record(at) {
        records.push(r);
        at = next;
    }
    records
}

/// Reads every entry of an archive in which two entries share a name, in the order of its
/// directory: an entry the zip crate kept is read through it, one it shadowed (an earlier
/// entry of a repeated name) from its local header. The second of a name is
/// "report (2).txt", as in a tar.
fn read_with_repeated_names(
    bytes: &[u8],
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    limits: &ArchiveLimits,
    members: &mut Members<'_>,
) {
    let records = directory_records(bytes, archive.central_directory_start());
    let offset = archive.offset();
    for (n, record) in records.iter().enumerate() {
        if members.stopped {
            break;
        }
        let kept = archive.index_for_name_raw(&record.name_raw).filter(|&i| {
            archive
                .by_index_raw(i)
                .is_ok_and(|f| f.central_header_start() == record.at)
        });
        if let Some(index) = kept {
            read_entry(archive, index, limits, members);
            continue;
        }
        let start = record.local_header.saturating_add(offset);
        let mut cursor = Cursor::new(bytes);
        cursor.set_position(start);
        let suffix_of_unreadable = format!("/{}", n + 1);
        let file = match ::zip::read::read_zipfile_from_stream_with_compressed_size(
            &mut cursor,
            record.compressed,
        ) {
            Ok(Some(file)) => file,
            _ => {
                members.skip(
                    suffix_of_unreadable,
                    SkipReason::Damaged("damaged zip archive: unreadable entry".to_owned()),
                );
                continue;
            }
        };
        let Ok(raw_name) = file.name().map(|n| n.into_owned()) else {
            members.skip(
                suffix_of_unreadable,
                SkipReason::Damaged("damaged zip archive: unreadable entry".to_owned()),
            );
            continue;
        };
        let raw_name = if file.is_dir() && !raw_name.ends_with('/') {
            format!("{raw_name}/")
        } else {
            raw_name
        };
        let Admit::Read { suffix, name } = members.admit(&raw_name) else {
            continue;
        };
        if record.encrypted || file.encrypted() {
            members.skip(suffix, SkipReason::Encrypted);
            continue;
        }
        let cap = ratio_cap(record.compressed, limits);
        let mut file = file;
        members.read_member(suffix, name, &mut file, Some(cap));
    }
}

/// Reads the entry at `index` through the zip crate, as a member.
fn read_entry(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    index: usize,
    limits: &ArchiveLimits,
    members: &mut Members<'_>,
) {
    let Some((raw_name, encrypted, compressed)) = entry_facts(archive, index) else {
        members.skip(
            format!("/{}", index + 1),
            SkipReason::Damaged("damaged zip archive: unreadable entry".to_owned()),
        );
        return;
    };
    let Admit::Read { suffix, name } = members.admit(&raw_name) else {
        return;
    };
    if encrypted {
        members.skip(suffix, SkipReason::Encrypted);
        return;
    }
    match archive.by_index(index) {
        Ok(mut file) => {
            let cap = ratio_cap(compressed, limits);
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
    fn two_members_of_one_name_are_both_read() {
        // The zip writer refuses a repeated name: write two, then rename the second.
        let bytes = zip_of(&[
            ("report.txt", b"Version one, Falluja."),
            ("other.txt", b"middle"),
            ("repXrt.txt", b"Version two, Ramadi."),
        ]);
        let mut bytes = bytes;
        for i in 0..bytes.len() - 10 {
            if &bytes[i..i + 10] == b"repXrt.txt" {
                bytes[i + 3] = b'o';
            }
        }
        let e = read(&bytes, ArchiveLimits::default());
        assert_eq!(
            suffixes(&e),
            ["/report.txt", "/other.txt", "/report (2).txt"]
        );
        let texts: Vec<&[u8]> = e
            .parts
            .iter()
            .map(|p| match &p.content {
                PartContent::Bytes { bytes, .. } => bytes.as_slice(),
                PartContent::Read { .. } => &[],
            })
            .collect();
        assert_eq!(
            texts,
            [
                &b"Version one, Falluja."[..],
                &b"middle"[..],
                &b"Version two, Ramadi."[..]
            ]
        );
        assert!(e.skipped_parts.is_empty());
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

//! `.tar`, `.tar.gz` and `.tgz` archives. A gzipped tar is compressed as one stream, so its
//! ratio is checked on the whole stream: everything inflated, headers included, is counted
//! as it arrives and the stream ends at the cap.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::{Admit, ArchiveLimits, Members, ratio_cap, room_for};
use crate::corpus::SkipReason;
use crate::corpus::formats::{Budget, Extracted};

/// gzip's magic number.
const GZIP: &[u8] = &[0x1F, 0x8B];

/// Reads a tar archive's members (gzipped or not, told by its first bytes) as parts,
/// within `limits`.
pub fn extract(
    bytes: &[u8],
    limits: ArchiveLimits,
    budget: &Budget,
) -> Result<Extracted, SkipReason> {
    let gzipped = bytes.starts_with(GZIP);
    let stream: Box<dyn Read + '_> = if gzipped {
        Box::new(MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    // Headers and padding count too: a tar of a million empty members is no smaller.
    let ratio = gzipped.then(|| ratio_cap(bytes.len() as u64, &limits));
    let cap = ratio.map_or(limits.max_unpacked, |r| r.min(limits.max_unpacked));
    let mut archive = ::tar::Archive::new(Capped {
        inner: stream,
        left: cap,
        hit: false,
    });
    let mut members = Members::new(limits, budget);
    let entries = archive.entries().map_err(|e| damaged(&e))?;
    let mut failure = None;
    for entry in entries {
        if members.stopped {
            break;
        }
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                failure = Some((None, e));
                break;
            }
        };
        let kind = entry.header().entry_type();
        if !kind.is_file() {
            // Folders: nothing to read. Links, FIFOs and devices: listed as skipped, a
            // link's target being read as itself when it is a member.
            if let Some(what) = special_member(&entry) {
                let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
                members.skip_unread(&raw, what);
            }
            continue;
        }
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let Admit::Read { suffix, name } = members.admit(&raw) else {
            continue;
        };
        let declared = entry.header().size().unwrap_or(0);
        let mut bytes = Vec::with_capacity(room_for(declared));
        match entry.read_to_end(&mut bytes) {
            // The tar crate ends a member where the file ends: a cut archive.
            Ok(n) if (n as u64) < declared => {
                let cut = io::Error::other(format!(
                    "the archive is cut: it ends {n} bytes into a member of {declared}"
                ));
                failure = Some((Some(suffix), cut));
                break;
            }
            Ok(_) => members.read_member(suffix, name, &mut bytes.as_slice(), None),
            Err(e) => {
                failure = Some((Some(suffix), e));
                break;
            }
        }
    }
    let hit = archive.into_inner().hit;
    if let Some((suffix, e)) = failure {
        let reason = match (hit, ratio) {
            (true, Some(r)) if r < limits.max_unpacked => SkipReason::CompressionRatio {
                limit: limits.max_ratio,
            },
            (true, _) => SkipReason::TooLargeUnpacked {
                limit: limits.max_unpacked,
            },
            (false, _) => damaged(&e),
        };
        if members.parts.is_empty() && members.skipped.is_empty() {
            return Err(reason);
        }
        // The members before the damage are kept; the member it is in, or the rest of the
        // archive when it is between members, is one skipped part.
        let suffix = suffix.unwrap_or_else(|| "/(rest of the archive)".to_owned());
        members.skip(suffix, reason);
    }
    members.finish()
}

/// What a member that is not a file nor a folder is, said in the skip report; `None` for
/// a folder and the tar format's own records (long names, extended headers).
fn special_member<R: Read>(entry: &::tar::Entry<'_, R>) -> Option<String> {
    use ::tar::EntryType;
    let target = || {
        entry
            .link_name_bytes()
            .map(|t| String::from_utf8_lossy(&t).into_owned())
            .unwrap_or_default()
    };
    Some(match entry.header().entry_type() {
        EntryType::Symlink => format!("a symbolic link to `{}`, not followed", target()),
        EntryType::Link => format!("a hard link to `{}`: that member is read itself", target()),
        EntryType::Fifo => "a FIFO (named pipe)".to_owned(),
        EntryType::Char => "a character device".to_owned(),
        EntryType::Block => "a block device".to_owned(),
        _ => return None,
    })
}

fn damaged(e: &io::Error) -> SkipReason {
    SkipReason::Damaged(format!("damaged tar archive: {e}"))
}

/// A reader that gives at most `left` bytes, then fails (and remembers it did), so that a
/// stream inflating without end is cut where the limit is, whatever the headers declare.
struct Capped<R> {
    inner: R,
    left: u64,
    hit: bool,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if self.left == 0 {
            // One more byte tells a stream that ends exactly at the cap from one that goes on.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.hit = true;
            return Err(io::Error::other(
                "the archive unpacks to more than its limit",
            ));
        }
        let room = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..room])?;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::time::Duration;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn budget() -> Budget {
        Budget::starting_now(Duration::from_secs(60))
    }

    fn tar_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = ::tar::Builder::new(Vec::new());
        for (name, data) in entries {
            let mut header = ::tar::Header::new_gnu();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder
                .append_data(&mut header, name, *data)
                .expect("append");
        }
        builder.into_inner().expect("tar")
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).expect("gzip");
        encoder.finish().expect("gzip")
    }

    fn suffixes(e: &Extracted) -> Vec<&str> {
        e.parts.iter().map(|p| p.suffix.as_str()).collect()
    }

    #[test]
    fn tar_and_tar_gz_members_are_parts() {
        let tar = tar_of(&[("notes/a.txt", b"alpha"), ("b.md", b"# beta")]);
        for bytes in [tar.clone(), gzip(&tar)] {
            let e = extract(&bytes, ArchiveLimits::default(), &budget()).expect("tar");
            assert_eq!(suffixes(&e), ["/notes/a.txt", "/b.md"]);
            assert!(e.skipped_parts.is_empty(), "{:?}", e.skipped_parts);
        }
    }

    #[test]
    fn links_fifos_and_devices_are_listed_as_skipped_with_what_they_are() {
        let mut builder = ::tar::Builder::new(Vec::new());
        let mut file = ::tar::Header::new_gnu();
        file.set_size(5);
        file.set_mode(0o644);
        file.set_cksum();
        builder
            .append_data(&mut file, "a.txt", &b"alpha"[..])
            .expect("append");
        for (kind, name) in [
            (::tar::EntryType::Symlink, "sym.txt"),
            (::tar::EntryType::Link, "hard.txt"),
            (::tar::EntryType::Fifo, "pipe"),
            (::tar::EntryType::Char, "tty"),
        ] {
            let mut header = ::tar::Header::new_gnu();
            header.set_entry_type(kind);
            header.set_size(0);
            header.set_mode(0o644);
            builder
                .append_link(&mut header, name, "a.txt")
                .expect("link");
        }
        let tar = builder.into_inner().expect("tar");
        let e = extract(&gzip(&tar), ArchiveLimits::default(), &budget()).expect("tar");
        assert_eq!(suffixes(&e), ["/a.txt"]);
        let skipped: Vec<(String, String)> = e
            .skipped_parts
            .iter()
            .map(|s| (s.suffix.clone(), s.reason.to_string()))
            .collect();
        assert_eq!(skipped.len(), 4, "{skipped:?}");
        assert_eq!(skipped[0].0, "/sym.txt");
        assert!(
            skipped[0].1.contains("symbolic link to `a.txt`"),
            "{skipped:?}"
        );
        assert!(skipped[1].1.contains("hard link to `a.txt`"), "{skipped:?}");
        assert!(skipped[2].1.contains("FIFO"), "{skipped:?}");
        assert!(skipped[3].1.contains("character device"), "{skipped:?}");
    }

    #[test]
    fn a_gzip_bomb_is_cut_at_the_ratio() {
        let tar = tar_of(&[
            ("a.txt", b"kept"),
            ("zeros.txt", &vec![0u8; 4 * 1024 * 1024]),
        ]);
        let e = extract(&gzip(&tar), ArchiveLimits::default(), &budget()).expect("tar");
        assert_eq!(suffixes(&e), ["/a.txt"]);
        let reasons: Vec<_> = e.skipped_parts.iter().map(|s| &s.reason).collect();
        assert!(
            reasons.contains(&&SkipReason::CompressionRatio { limit: 200 }),
            "{reasons:?}"
        );
    }

    #[test]
    fn a_cut_tar_keeps_the_members_before_the_cut() {
        let tar = tar_of(&[("a.txt", b"alpha"), ("b.txt", &vec![b'b'; 4000])]);
        let e = extract(&tar[..1536], ArchiveLimits::default(), &budget()).expect("tar");
        assert_eq!(suffixes(&e), ["/a.txt"]);
        assert!(
            matches!(e.skipped_parts[0].reason, SkipReason::Damaged(_)),
            "{:?}",
            e.skipped_parts
        );
    }
}

//! Archives (`.zip`, `.tar`, `.tar.gz`): every member a part of its own
//! (`letters.zip/scans/p1.pdf`), read in memory by the reader its name calls for (a nested
//! archive through the loader again, whose depth limit holds), or, when its name has no
//! extension (`scans/page1`, `README`), by its first bytes (`sniff.rs`).
//!
//! Nothing is written to disk, so no member name can escape anywhere; names are still
//! made canonical (`\` read as `/`, `.` and empty steps dropped, `..` never above the
//! archive's root) so that a member has one id however the archive spells it.
//!
//! The limits a hostile archive cannot get round ([`ArchiveLimits`]) count what is actually
//! inflated, never the sizes an archive declares: the bytes all members unpack to, how many
//! times a member inflates its compressed bytes, the number of members. A member over a
//! limit is a skipped part with the reason, and the members before it are kept.

mod tar;
mod zip;

use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::{Budget, Extracted, Part, PartContent, SkippedPart};
use crate::corpus::SkipReason;
use crate::corpus::document::Format;
use crate::text::ParagraphStyle;

pub use self::tar::extract as extract_tar;
pub use self::zip::extract as extract_zip;

/// What one archive may unpack to (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArchiveLimits {
    /// The most members read (files; folders are not counted); the rest are skipped.
    pub max_members: usize,
    /// The most bytes all members together may unpack to: they are held in memory until
    /// the loader has read them.
    pub max_unpacked: u64,
    /// The most a member may inflate, as a multiple of its compressed size, beyond the
    /// first [`RATIO_ALLOWANCE`] bytes (text compresses 3 to 10 times; a zip bomb 1,000).
    pub max_ratio: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            max_members: 50_000,
            max_unpacked: 256 * 1024 * 1024,
            max_ratio: 200,
        }
    }
}

/// Bytes a member may inflate to whatever its ratio: a small file of one repeated byte
/// compresses far more than 200 times and is no bomb.
pub const RATIO_ALLOWANCE: u64 = 1024 * 1024;

/// The most room reserved for a member before its bytes arrive: declared sizes are not
/// trusted (see `zipread::room_for`).
const MAX_RESERVED: u64 = 1024 * 1024;

/// The members of one archive as they are read, within its limits.
struct Members<'a> {
    limits: ArchiveLimits,
    budget: &'a Budget,
    parts: Vec<Part>,
    skipped: Vec<SkippedPart>,
    /// Suffixes given so far: two members of one name get two ids.
    seen: HashSet<String>,
    /// For a name given more than once, the last number given after it: the next copy
    /// carries on from there instead of trying " (2)", " (3)"... again (50,000 members of
    /// one name would otherwise take a quadratic walk).
    last: HashMap<String, usize>,
    /// Members counted against [`ArchiveLimits::max_members`].
    counted: usize,
    /// Bytes inflated so far.
    unpacked: u64,
    /// Set once a limit that ends the reading was hit.
    stopped: bool,
}

/// What to do with the member an archive names.
enum Admit {
    /// Read it, as the part with this suffix and file name.
    Read { suffix: String, name: String },
    /// Leave it unread (a folder, a hidden file, a member after the archive's limits).
    Ignore,
}

impl<'a> Members<'a> {
    fn new(limits: ArchiveLimits, budget: &'a Budget) -> Self {
        Self {
            limits,
            budget,
            parts: Vec::new(),
            skipped: Vec::new(),
            seen: HashSet::new(),
            last: HashMap::new(),
            counted: 0,
            unpacked: 0,
            stopped: false,
        }
    }

    /// Whether to read the member named `raw`: a file of a format Dossier reads, within the
    /// member count. A member of a format Dossier does not read is skipped here, unread.
    fn admit(&mut self, raw: &str) -> Admit {
        if self.stopped {
            return Admit::Ignore;
        }
        let Some(path) = member_path(raw) else {
            return Admit::Ignore;
        };
        let suffix = self.unique(format!("/{path}"));
        self.counted += 1;
        if self.counted > self.limits.max_members {
            self.skip(
                suffix,
                SkipReason::TooManyParts {
                    limit: self.limits.max_members,
                },
            );
            self.stopped = true;
            return Admit::Ignore;
        }
        if self.budget.is_spent() {
            self.skip(suffix, self.budget.too_slow());
            self.stopped = true;
            return Admit::Ignore;
        }
        let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
        // A member without an extension ("scans/page1", "README") is read by its first
        // bytes once inflated ([`Members::read_member`]).
        let unnamed = std::path::Path::new(&name).extension().is_none();
        if !unnamed && Format::from_path(std::path::Path::new(&name)).is_none() {
            let what = name
                .rsplit_once('.')
                .map(|(_, ext)| format!(".{ext}"))
                .unwrap_or_else(|| "no extension".to_owned());
            self.skip(suffix, SkipReason::Unsupported { what });
            return Admit::Ignore;
        }
        Admit::Read { suffix, name }
    }

    /// `suffix`, or with " (2)", " (3)"... before its extension when an earlier member had
    /// it (a zip may hold two entries of one name).
    fn unique(&mut self, suffix: String) -> String {
        let numbered = |n: usize| match suffix.rsplit_once('.') {
            Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => {
                format!("{stem} ({n}).{ext}")
            }
            _ => format!("{suffix} ({n})"),
        };
        let mut n = self.last.get(&suffix).copied().unwrap_or(1);
        let mut candidate = if n == 1 { suffix.clone() } else { numbered(n) };
        while self.seen.contains(&candidate) {
            n += 1;
            candidate = numbered(n);
        }
        self.seen.insert(candidate.clone());
        self.last.insert(suffix, n);
        candidate
    }

    /// A member that is not read (a link, a FIFO, a device: `what`) listed as skipped.
    fn skip_unread(&mut self, raw: &str, what: String) {
        if self.stopped {
            return;
        }
        if let Some(path) = member_path(raw) {
            let suffix = self.unique(format!("/{path}"));
            self.skip(suffix, SkipReason::Unsupported { what });
        }
    }

    fn skip(&mut self, suffix: String, reason: SkipReason) {
        self.skipped.push(SkippedPart { suffix, reason });
    }

    /// Reads a member's bytes from `reader`, at most `ratio_cap` of them (the member's
    /// compressed size times the ratio, when the archive compresses member by member) and
    /// at most what the archive may still unpack. Counts what actually arrives.
    fn read_member(
        &mut self,
        suffix: String,
        name: String,
        reader: &mut dyn Read,
        ratio_cap: Option<u64>,
    ) {
        let left = self.limits.max_unpacked.saturating_sub(self.unpacked);
        let cap = ratio_cap.map_or(left, |r| r.min(left));
        let mut bytes = Vec::new();
        // One byte over the cap tells a member that is too large from an exact fit.
        let read = reader.take(cap.saturating_add(1)).read_to_end(&mut bytes);
        self.unpacked = self.unpacked.saturating_add(bytes.len() as u64);
        match read {
            Err(e) => self.skip(
                suffix,
                SkipReason::Damaged(format!("damaged archive member: {e}")),
            ),
            Ok(n) if n as u64 > cap => {
                let reason = if ratio_cap.is_some_and(|r| r < left) {
                    SkipReason::CompressionRatio {
                        limit: self.limits.max_ratio,
                    }
                } else {
                    self.stopped = true;
                    SkipReason::TooLargeUnpacked {
                        limit: self.limits.max_unpacked,
                    }
                };
                self.skip(suffix, reason);
            }
            Ok(_) => {
                // A member without an extension: its reader named by its first bytes, as
                // an attachment without a usable name is by its Content-Type.
                let name = if Format::from_path(std::path::Path::new(&name)).is_some() {
                    name
                } else if let Some(format) = super::sniff::sniff(&bytes) {
                    format!("{name}.{}", super::sniff::extension(format))
                } else {
                    self.skip(
                        suffix,
                        SkipReason::Unsupported {
                            what: "no extension, and its first bytes are no format Dossier reads"
                                .to_owned(),
                        },
                    );
                    return;
                };
                bytes.shrink_to_fit();
                self.parts.push(Part {
                    suffix,
                    content: PartContent::Bytes { name, bytes },
                });
            }
        }
    }

    /// The archive as a document with no text of its own: its members are its parts.
    fn finish(self) -> Result<Extracted, SkipReason> {
        if self.parts.is_empty() && self.skipped.is_empty() {
            return Err(SkipReason::Empty);
        }
        Ok(Extracted {
            encoding: "binary".to_owned(),
            style: ParagraphStyle::Lines,
            parts: self.parts,
            skipped_parts: self.skipped,
            ..Default::default()
        })
    }
}

/// The most a member of `compressed` bytes may inflate to under `limits`.
fn ratio_cap(compressed: u64, limits: &ArchiveLimits) -> u64 {
    compressed
        .saturating_mul(limits.max_ratio)
        .saturating_add(RATIO_ALLOWANCE)
}

/// The room to reserve for a member that declares `size` bytes.
fn room_for(size: u64) -> usize {
    usize::try_from(size.min(MAX_RESERVED)).unwrap_or(0)
}

/// A member's path inside its archive, canonical: `\` read as `/`, empty and `.` steps
/// dropped, `..` going up but never above the root, control characters replaced. `None`
/// for a folder, an empty name, and hidden files (a step starting with `.`, and macOS's
/// `__MACOSX` resource forks), which the folder walk skips on disk too.
pub fn member_path(raw: &str) -> Option<String> {
    if raw.ends_with('/') || raw.ends_with('\\') {
        return None;
    }
    let mut steps: Vec<String> = Vec::new();
    for step in raw.split(['/', '\\']) {
        match step {
            "" | "." => {}
            ".." => {
                steps.pop();
            }
            _ if step.starts_with('.') || step == "__MACOSX" => return None,
            _ => steps.push(
                step.chars()
                    .map(|c| if c.is_control() { '_' } else { c })
                    .collect(),
            ),
        }
    }
    if steps.is_empty() {
        None
    } else {
        Some(steps.join("/"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_paths_are_canonical_and_stay_inside() {
        assert_eq!(member_path("scans/p1.pdf").as_deref(), Some("scans/p1.pdf"));
        assert_eq!(
            member_path("/etc/passwd.txt").as_deref(),
            Some("etc/passwd.txt")
        );
        assert_eq!(
            member_path("../../../home/x.txt").as_deref(),
            Some("home/x.txt")
        );
        assert_eq!(member_path("a/../../b.txt").as_deref(), Some("b.txt"));
        assert_eq!(
            member_path("C:\\Users\\me\\.\\memo.txt").as_deref(),
            Some("C:/Users/me/memo.txt")
        );
        assert_eq!(member_path("a//b\u{0}c.txt").as_deref(), Some("a/b_c.txt"));
        assert_eq!(member_path("scans/"), None);
        assert_eq!(member_path(".."), None);
        assert_eq!(member_path("__MACOSX/._p1.pdf"), None);
        assert_eq!(member_path("a/.DS_Store"), None);
    }

    #[test]
    fn two_members_of_one_name_get_two_ids() {
        let budget = Budget::starting_now(std::time::Duration::from_secs(60));
        let mut members = Members::new(ArchiveLimits::default(), &budget);
        assert_eq!(members.unique("/a/b.txt".to_owned()), "/a/b.txt");
        assert_eq!(members.unique("/a/b.txt".to_owned()), "/a/b (2).txt");
        assert_eq!(members.unique("/a/b.txt".to_owned()), "/a/b (3).txt");
        assert_eq!(members.unique("/a.d/README".to_owned()), "/a.d/README");
        assert_eq!(members.unique("/a.d/README".to_owned()), "/a.d/README (2)");
        // A member really named like a numbered copy is passed over, then numbering goes on.
        assert_eq!(members.unique("/c (2).txt".to_owned()), "/c (2).txt");
        assert_eq!(members.unique("/c.txt".to_owned()), "/c.txt");
        assert_eq!(members.unique("/c.txt".to_owned()), "/c (3).txt");
        assert_eq!(members.unique("/c.txt".to_owned()), "/c (4).txt");
        // Thousands of copies are numbered in order, each id once.
        let ids: Vec<String> = (0..5_000)
            .map(|_| members.unique("/d.txt".to_owned()))
            .collect();
        assert_eq!(ids[0], "/d.txt");
        assert_eq!(ids[4_999], "/d (5000).txt");
        let distinct: HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }
}

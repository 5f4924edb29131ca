//! The MAPI properties of an Outlook message as MS-OXMSG stores them in an OLE compound
//! file (read through `cfb`): each object (the message, a recipient, an attachment, an
//! attached message) is a storage holding its variable-size properties as streams named
//! `__substg1.0_IIIITTTT` (the property's id and type in hex) and its fixed-size ones (a
//! number, a time) as 16-byte entries of its `__properties_version1.0` stream.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use encoding_rs::Encoding;

use crate::corpus::SkipReason;

/// A 32-bit integer.
const PT_LONG: u16 = 0x0003;
/// A time: a FILETIME, 100-nanosecond steps since 1601-01-01 UTC.
const PT_SYSTIME: u16 = 0x0040;
/// Text in UTF-16LE.
const PT_UNICODE: u16 = 0x001F;
/// Text in the message's code page.
const PT_STRING8: u16 = 0x001E;
/// Bytes.
const PT_BINARY: u16 = 0x0102;
/// An object: for an attachment's data, the storage of an attached message.
const PT_OBJECT: u16 = 0x000D;

/// PR_INTERNET_CPID and PR_MESSAGE_CODEPAGE: the code page of the message's 8-bit text.
const CODEPAGE_IDS: [u16; 2] = [0x3FDE, 0x3FFD];

/// Where an object's fixed-size properties start in its `__properties_version1.0` stream:
/// after a header of 32 bytes for the message of the file, 24 for an attached message and
/// 8 for a recipient or an attachment.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The file's message.
    TopMessage,
    /// A message attached to another.
    AttachedMessage,
    /// A recipient or an attachment.
    Item,
}

impl Kind {
    fn header_bytes(self) -> usize {
        match self {
            Self::TopMessage => 32,
            Self::AttachedMessage => 24,
            Self::Item => 8,
        }
    }
}

/// The file being read and how many bytes its streams may still give: a stream is made of
/// the file's sectors, so all the streams of a well-formed file add up to less than the
/// file; more means streams share sectors (a hostile file making one attachment a
/// thousand), and the reading stops.
pub struct OleFile<'b> {
    file: cfb::CompoundFile<Cursor<&'b [u8]>>,
    left: u64,
}

impl<'b> OleFile<'b> {
    /// The compound file in `bytes`.
    pub fn open(bytes: &'b [u8]) -> Result<Self, SkipReason> {
        let file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
            SkipReason::Damaged(format!(
                "a damaged Outlook message: its OLE structure cannot be read ({e})"
            ))
        })?;
        Ok(Self {
            file,
            left: bytes.len() as u64,
        })
    }

    /// The names of the storages directly inside `storage` that start with `prefix`, sorted.
    pub fn storages(&self, storage: &Path, prefix: &str) -> Vec<PathBuf> {
        let Ok(entries) = self.file.read_storage(storage) else {
            return Vec::new();
        };
        let mut found: Vec<PathBuf> = entries
            .filter(|e| e.is_storage() && e.name().starts_with(prefix))
            .map(|e| e.path().to_path_buf())
            .collect();
        found.sort();
        found
    }

    /// True when `path` is a storage of the file.
    pub fn is_storage(&self, path: &Path) -> bool {
        self.file.is_storage(path)
    }

    /// The bytes of the stream at `path`; `None` when there is none.
    fn stream(&mut self, path: &Path) -> Result<Option<Vec<u8>>, SkipReason> {
        if !self.file.is_stream(path) {
            return Ok(None);
        }
        let damaged = |e: std::io::Error| {
            SkipReason::Damaged(format!(
                "a damaged Outlook message: {} cannot be read ({e})",
                path.display()
            ))
        };
        let stream = self.file.open_stream(path).map_err(damaged)?;
        let mut bytes = Vec::new();
        // One byte more than is left, to tell a stream that overruns from one that fits.
        stream
            .take(self.left.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(damaged)?;
        if bytes.len() as u64 > self.left {
            return Err(SkipReason::Damaged(
                "a damaged Outlook message: its streams overlap, adding up to more than the file (possibly a hostile file)".to_owned(),
            ));
        }
        self.left -= bytes.len() as u64;
        Ok(Some(bytes))
    }
}

/// One object's properties: its storage in the file, its fixed-size properties and the
/// code page its 8-bit text is in.
pub struct Props {
    storage: PathBuf,
    fixed: Vec<(u32, u64)>,
    codepage: &'static Encoding,
}

impl Props {
    /// The properties of the object stored at `storage`, of `kind`; 8-bit text in the
    /// code page it names, else `inherited`'s (an attachment's text in its message's).
    pub fn read(
        file: &mut OleFile<'_>,
        storage: PathBuf,
        kind: Kind,
        inherited: Option<&'static Encoding>,
    ) -> Result<Self, SkipReason> {
        let fixed = file
            .stream(&storage.join("__properties_version1.0"))?
            .map(|bytes| fixed_entries(&bytes, kind.header_bytes()))
            .unwrap_or_default();
        let mut props = Self {
            storage,
            fixed,
            codepage: inherited.unwrap_or(encoding_rs::WINDOWS_1252),
        };
        if let Some(encoding) = CODEPAGE_IDS
            .iter()
            .filter_map(|id| props.long(*id))
            .find_map(|cp| u16::try_from(cp).ok().and_then(codepage::to_encoding))
        {
            props.codepage = encoding;
        }
        Ok(props)
    }

    /// Where the object is in the file.
    pub fn storage(&self) -> &Path {
        &self.storage
    }

    /// The code page of the object's 8-bit text.
    pub fn codepage(&self) -> &'static Encoding {
        self.codepage
    }

    /// True when the object has any property at all (an OLE file that is no Outlook
    /// message has none).
    pub fn any(&self, file: &OleFile<'_>) -> bool {
        !self.fixed.is_empty()
            || file
                .file
                .read_storage(&self.storage)
                .is_ok_and(|mut e| e.any(|e| e.name().starts_with("__substg1.0_")))
    }

    /// The 32-bit integer property `id`.
    pub fn long(&self, id: u16) -> Option<u32> {
        self.fixed_value(id, PT_LONG).map(|v| v as u32)
    }

    /// The time property `id`, in seconds since 1970 (UTC).
    pub fn time(&self, id: u16) -> Option<i64> {
        // FILETIME counts 100 ns steps from 1601; 11,644,473,600 s lie between the two.
        let filetime = self.fixed_value(id, PT_SYSTIME)?;
        let seconds = i64::try_from(filetime / 10_000_000).ok()? - 11_644_473_600;
        // A time that is not set is written as 0 (1601) or all ones (30828).
        (0..253_402_300_800).contains(&seconds).then_some(seconds)
    }

    fn fixed_value(&self, id: u16, kind: u16) -> Option<u64> {
        let tag = (u32::from(id) << 16) | u32::from(kind);
        self.fixed.iter().find(|(t, _)| *t == tag).map(|(_, v)| *v)
    }

    /// The text property `id` (UTF-16 or 8-bit), on its own: NULs at its end dropped.
    /// `None` when absent or empty.
    pub fn text(&self, file: &mut OleFile<'_>, id: u16) -> Result<Option<String>, SkipReason> {
        let text = if let Some(bytes) = self.stream(file, id, PT_UNICODE)? {
            let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes);
            text.into_owned()
        } else if let Some(bytes) = self.stream(file, id, PT_STRING8)? {
            let (text, _, _) = self.codepage.decode(&bytes);
            text.into_owned()
        } else {
            return Ok(None);
        };
        let text = text.trim_end_matches('\0');
        Ok((!text.trim().is_empty()).then(|| text.to_owned()))
    }

    /// True when the text property `id` is stored in UTF-16 (else in the code page).
    pub fn is_unicode(&self, file: &OleFile<'_>, id: u16) -> bool {
        file.file.is_stream(self.stream_path(id, PT_UNICODE))
    }

    /// The bytes of the binary property `id`.
    pub fn binary(&self, file: &mut OleFile<'_>, id: u16) -> Result<Option<Vec<u8>>, SkipReason> {
        self.stream(file, id, PT_BINARY)
    }

    /// The storage of the object property `id` (an attached message), if there is one.
    pub fn object(&self, file: &OleFile<'_>, id: u16) -> Option<PathBuf> {
        let path = self.stream_path(id, PT_OBJECT);
        file.is_storage(&path).then_some(path)
    }

    fn stream(
        &self,
        file: &mut OleFile<'_>,
        id: u16,
        kind: u16,
    ) -> Result<Option<Vec<u8>>, SkipReason> {
        file.stream(&self.stream_path(id, kind))
    }

    fn stream_path(&self, id: u16, kind: u16) -> PathBuf {
        self.storage.join(format!("__substg1.0_{id:04X}{kind:04X}"))
    }
}

/// The (tag, value) of each 16-byte entry after the header: a tag (type in the low 16
/// bits, id in the high), 4 bytes of flags, 8 of value. A cut last entry is left out.
fn fixed_entries(bytes: &[u8], header: usize) -> Vec<(u32, u64)> {
    bytes
        .get(header..)
        .unwrap_or_default()
        .chunks_exact(16)
        .filter_map(|entry| {
            let tag = u32::from_le_bytes(entry.get(0..4)?.try_into().ok()?);
            let value = u64::from_le_bytes(entry.get(8..16)?.try_into().ok()?);
            Some((tag, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u16, kind: u16, value: u64) -> Vec<u8> {
        let tag = (u32::from(id) << 16) | u32::from(kind);
        [&tag.to_le_bytes()[..], &[0; 4], &value.to_le_bytes()].concat()
    }

    #[test]
    fn fixed_entries_follow_the_header_and_a_cut_last_entry_is_left_out() {
        let stream = [
            vec![0xEE; 8],
            entry(0x3705, PT_LONG, 5),
            entry(0x0039, PT_SYSTIME, 7),
            vec![1, 2, 3],
        ]
        .concat();
        let fixed = fixed_entries(&stream, Kind::Item.header_bytes());
        assert_eq!(fixed, [(0x3705_0003, 5), (0x0039_0040, 7)]);
        assert!(fixed_entries(&stream[..20], Kind::TopMessage.header_bytes()).is_empty());
    }

    #[test]
    fn a_time_is_read_from_a_filetime_and_an_unset_one_is_none() {
        let props = |filetime: u64| Props {
            storage: PathBuf::from("/"),
            fixed: vec![((0x0039 << 16) | u32::from(PT_SYSTIME), filetime)],
            codepage: encoding_rs::WINDOWS_1252,
        };
        // 2024-03-05 09:30:00 UTC.
        let filetime = (1_709_631_000 + 11_644_473_600) * 10_000_000;
        assert_eq!(props(filetime).time(0x0039), Some(1_709_631_000));
        assert_eq!(props(0).time(0x0039), None);
        assert_eq!(props(u64::MAX).time(0x0039), None);
        assert_eq!(props(filetime).time(0x0E06), None);
    }
}

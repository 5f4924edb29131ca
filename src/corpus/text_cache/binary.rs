//! The small binary codec of Dossier's cache files: LEB128 varints, length-prefixed UTF-8
//! strings, and a bounds-checked reader for which every error is "damaged", never a panic.

/// What is wrong with bytes that do not decode (a short description for the message).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Damaged(pub &'static str);

/// Appends `v` as a LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends `s` as its byte length, then its UTF-8 bytes.
pub fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

/// Appends `bytes` as their length, then the bytes.
pub fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Reads what the `put_` functions wrote, checking every length against the bytes left.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// True when every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Damaged> {
        let end = self.at.checked_add(n).ok_or(Damaged("length"))?;
        let slice = self.bytes.get(self.at..end).ok_or(Damaged("truncated"))?;
        self.at = end;
        Ok(slice)
    }

    /// The next byte.
    pub fn byte(&mut self) -> Result<u8, Damaged> {
        Ok(self.take(1)?.first().copied().unwrap_or(0))
    }

    /// The next LEB128 varint.
    pub fn varint(&mut self) -> Result<u64, Damaged> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Damaged("number"))
    }

    /// The next varint as a `usize`.
    pub fn usize(&mut self) -> Result<usize, Damaged> {
        usize::try_from(self.varint()?).map_err(|_| Damaged("number"))
    }

    /// The next varint as a `u32`.
    pub fn u32(&mut self) -> Result<u32, Damaged> {
        u32::try_from(self.varint()?).map_err(|_| Damaged("number"))
    }

    /// A count or length, which cannot exceed the bytes left (so that nothing is ever
    /// reserved on a number a damaged file makes up).
    pub fn count(&mut self) -> Result<usize, Damaged> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.at {
            return Err(Damaged("count"));
        }
        Ok(n)
    }

    /// The next length-prefixed bytes.
    pub fn bytes(&mut self) -> Result<&'a [u8], Damaged> {
        let len = self.count()?;
        self.take(len)
    }

    /// The next length-prefixed UTF-8 string.
    pub fn string(&mut self) -> Result<&'a str, Damaged> {
        std::str::from_utf8(self.bytes()?).map_err(|_| Damaged("text"))
    }

    /// Every byte not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = self.bytes.get(self.at..).unwrap_or_default();
        self.at = self.bytes.len();
        rest
    }

    /// The next four bytes as a little-endian `f32`.
    pub fn f32(&mut self) -> Result<f32, Damaged> {
        let b = self.take(4)?;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_put_is_read_back_and_lies_are_refused() {
        let mut out = Vec::new();
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            put_varint(&mut out, v);
        }
        put_str(&mut out, "Ţarţūs");
        out.extend_from_slice(&1.5f32.to_le_bytes());
        let mut r = Reader::new(&out);
        for v in [0, 1, 127, 128, 300, u64::MAX] {
            assert_eq!(r.varint(), Ok(v));
        }
        assert_eq!(r.string(), Ok("Ţarţūs"));
        assert_eq!(r.f32(), Ok(1.5));
        assert!(r.is_done());
        assert_eq!(r.byte(), Err(Damaged("truncated")));
        // A length longer than what is left is refused before anything is reserved.
        let mut lie = Vec::new();
        put_varint(&mut lie, 1 << 40);
        assert_eq!(Reader::new(&lie).string(), Err(Damaged("count")));
        assert_eq!(Reader::new(&[0xFF; 11]).varint(), Err(Damaged("number")));
    }
}

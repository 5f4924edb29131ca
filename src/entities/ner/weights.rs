//! The weights file (`assets/ner/model.bin`): what was trained, on what, and the weights,
//! compact and checked.
//!
//! Layout (integers are LEB128 varints unless said otherwise):
//!
//! ```text
//! "DOSSIER-NER\n"   u32 LE format version
//! info              (string: JSON of ModelInfo: the features it was trained for, the
//!                   training data's hashes, the configuration, the held-out scores)
//! bits              table size, log2
//! transitions       TAGS x TAGS, then start TAGS, end TAGS (zigzag)
//! rows              count of non-zero rows, then each: row - previous row, TAGS weights
//!                   (zigzag)
//! checksum          32 bytes: BLAKE3 of everything before it
//! ```
//!
//! Most rows of the hashed table are zero (features never seen in training), so only the
//! others are stored; loading expands them into the table.

use serde::{Deserialize, Serialize};

use super::model::{ROW, Weights};
use super::tags::TAGS;

const MAGIC: &[u8] = b"DOSSIER-NER\n";
const FORMAT_VERSION: u32 = 1;
const CHECKSUM_LEN: usize = 32;
/// Tables larger than this are refused (a damaged file must not make us allocate gigabytes).
const MAX_BITS: u32 = 24;

/// What a weights file says about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// The fingerprint of the code and data that make the features
    /// ([`super::feature_fingerprint`]): weights trained for other features are refused.
    pub features: String,
    /// Passes over the training data.
    pub epochs: u32,
    /// Seed of the order in which examples are visited.
    pub seed: u64,
    /// Each training file: its name, BLAKE3 hash, documents and names used.
    pub sources: Vec<SourceInfo>,
    /// Scores on documents held out of training (when trained with `--holdout`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_out: Option<HeldOut>,
    /// The command that trained it.
    pub command: String,
}

/// One training file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The file's name (a pattern for a folder of files).
    pub name: String,
    /// BLAKE3 hash of its contents, hex.
    pub blake3: String,
    /// Documents read from it.
    pub documents: usize,
    /// Names (PER, ORG, LOC) in them.
    pub names: usize,
}

/// Strict and overlap F1 (PER, ORG, LOC) on the held-out documents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HeldOut {
    /// Documents held out.
    pub documents: usize,
    /// F1 when a name counts only with exact bounds and label, in percent.
    pub strict_f1: f64,
    /// F1 when an overlapping name of the same label counts, in percent.
    pub overlap_f1: f64,
    /// Each source's held-out documents alone: name, strict F1, overlap F1.
    #[serde(default)]
    pub by_source: Vec<(String, f64, f64)>,
}

/// Why a weights file was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeightsError {
    /// The file is damaged (what is wrong).
    #[error("the entity model's weights are damaged ({0})")]
    Damaged(&'static str),
    /// The file is of another format version.
    #[error("the entity model's weights are of format {0}, this version reads {FORMAT_VERSION}")]
    Version(u32),
    /// The weights were trained for another feature fingerprint.
    #[error(
        "the entity model's weights were trained for other features (run `dossier train-ner` again)"
    )]
    Features,
}

/// Writes `weights` and `info` as a weights file.
pub fn encode(weights: &Weights, info: &ModelInfo) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 << 20);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let json = serde_json::to_string(info).unwrap_or_default();
    put_varint(&mut out, json.len() as u64);
    out.extend_from_slice(json.as_bytes());
    put_varint(&mut out, u64::from(weights.bits));
    for row in &weights.transitions {
        for &w in row {
            put_varint(&mut out, zigzag(i64::from(w)));
        }
    }
    for &w in weights.start.iter().chain(&weights.end) {
        put_varint(&mut out, zigzag(i64::from(w)));
    }
    let used: Vec<(usize, &[i8; ROW])> = weights
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.iter().any(|&w| w != 0))
        .collect();
    put_varint(&mut out, used.len() as u64);
    let mut previous = 0;
    for (i, row) in used {
        put_varint(&mut out, (i - previous) as u64);
        previous = i;
        for &w in &row[..TAGS] {
            put_varint(&mut out, zigzag(i64::from(w)));
        }
    }
    let checksum = blake3::hash(&out);
    out.extend_from_slice(checksum.as_bytes());
    out
}

/// Reads a weights file, checking its checksum, version and features against `features`.
pub fn decode(bytes: &[u8], features: &str) -> Result<(Weights, ModelInfo), WeightsError> {
    let body_len = bytes
        .len()
        .checked_sub(CHECKSUM_LEN)
        .ok_or(WeightsError::Damaged("too short"))?;
    let (body, checksum) = bytes.split_at(body_len);
    let mut r = Reader { bytes: body, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err(WeightsError::Damaged("not a weights file"));
    }
    if blake3::hash(body).as_bytes() != checksum {
        return Err(WeightsError::Damaged("checksum mismatch"));
    }
    let version = r.take(4)?;
    let version = u32::from_le_bytes([version[0], version[1], version[2], version[3]]);
    if version != FORMAT_VERSION {
        return Err(WeightsError::Version(version));
    }
    let json_len = r.count()?;
    let info: ModelInfo = serde_json::from_slice(r.take(json_len)?)
        .map_err(|_| WeightsError::Damaged("description"))?;
    if info.features != features {
        return Err(WeightsError::Features);
    }
    let bits = u32::try_from(r.varint()?).map_err(|_| WeightsError::Damaged("table size"))?;
    if !(1..=MAX_BITS).contains(&bits) {
        return Err(WeightsError::Damaged("table size"));
    }
    let mut weights = Weights::zero(bits);
    for row in weights.transitions.iter_mut() {
        for w in row.iter_mut() {
            *w = r.i32()?;
        }
    }
    for w in weights.start.iter_mut() {
        *w = r.i32()?;
    }
    for w in weights.end.iter_mut() {
        *w = r.i32()?;
    }
    let count = r.count()?;
    let mut at = 0usize;
    for n in 0..count {
        let delta = r.count()?;
        if n > 0 && delta == 0 {
            return Err(WeightsError::Damaged("rows out of order"));
        }
        at = at
            .checked_add(delta)
            .ok_or(WeightsError::Damaged("row number"))?;
        let row = weights
            .rows
            .get_mut(at)
            .ok_or(WeightsError::Damaged("row number"))?;
        for w in row.iter_mut().take(TAGS) {
            *w =
                i8::try_from(unzigzag(r.varint()?)).map_err(|_| WeightsError::Damaged("weight"))?;
        }
    }
    if r.at != body.len() {
        return Err(WeightsError::Damaged("trailing bytes"));
    }
    Ok((weights, info))
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WeightsError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(WeightsError::Damaged("truncated"))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self) -> Result<u64, WeightsError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.take(1)?.first().unwrap_or(&0);
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(WeightsError::Damaged("number too long"))
    }

    /// A count or offset, which cannot exceed the bytes of the file.
    fn count(&mut self) -> Result<usize, WeightsError> {
        usize::try_from(self.varint()?)
            .ok()
            .filter(|&n| n <= self.bytes.len().saturating_mul(8).max(1 << 24))
            .ok_or(WeightsError::Damaged("count"))
    }

    fn i32(&mut self) -> Result<i32, WeightsError> {
        i32::try_from(unzigzag(self.varint()?)).map_err(|_| WeightsError::Damaged("weight"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Weights, ModelInfo) {
        let mut w = Weights::zero(8);
        w.rows[3][0] = -7;
        w.rows[3][12] = 100;
        w.rows[200][5] = i8::MIN;
        w.transitions[1][2] = -40_000;
        w.start[4] = 9;
        w.end[7] = -9;
        let info = ModelInfo {
            features: "f1".into(),
            epochs: 3,
            ..ModelInfo::default()
        };
        (w, info)
    }

    #[test]
    fn weights_round_trip() {
        let (w, info) = sample();
        let bytes = encode(&w, &info);
        let (w2, info2) = decode(&bytes, "f1").expect("decodes");
        assert_eq!(w2, w);
        assert_eq!(info2, info);
    }

    #[test]
    fn damaged_or_foreign_files_are_refused_not_trusted() {
        let (w, info) = sample();
        let bytes = encode(&w, &info);
        assert_eq!(decode(&bytes, "f2").err(), Some(WeightsError::Features));
        assert!(decode(&bytes[..bytes.len() - 1], "f1").is_err());
        assert!(decode(b"", "f1").is_err());
        assert!(decode(&[0u8; 100], "f1").is_err());
        for i in (0..bytes.len()).step_by(7) {
            let mut bad = bytes.clone();
            bad[i] ^= 0x10;
            assert!(decode(&bad, "f1").is_err(), "flip at {i}");
        }
    }
}

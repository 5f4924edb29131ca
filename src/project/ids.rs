//! Ids of the things a user creates (tags, annotations): unique across every copy of a
//! project, so that two copies edited apart can be merged item by item.
//!
//! A new id is a UUID version 7: a millisecond timestamp then random bits. Ids made later
//! sort later (within a process strictly: [`fresh`] never hands out an id at or below one it
//! gave before), so a project file lists items in the order they were made and a merged
//! file is deterministic. Two people never make the same id.
//!
//! Project files before version 4 numbered items from one counter (`1`, `2`, ...), so every
//! copy numbered its new items alike. Such a number is read as a *legacy* id (the number in
//! the timestamp field, zero random bits) and [`migrated`] turns it into a real id once the
//! file is read: the same old number in the same item gives the same id in every copy of
//! the file (so copies made before the upgrade still merge), and different projects'
//! numbers give different ids. Migrated ids keep the old order and sort before every new id.

use std::fmt;
use std::sync::Mutex;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// Stable id of a tag (code) of the codebook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TagId(pub Uuid);

/// Stable id of an annotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AnnotationId(pub Uuid);

/// Stable id of a merge conflict recorded in a project (`project::conflict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConflictId(pub Uuid);

/// The last id handed out by this process, so that ids made within one millisecond still
/// come out in order.
static LAST: Mutex<u128> = Mutex::new(0);

/// A fresh id, above `floor` (the largest id a project holds) and above every id this
/// process made before.
pub fn fresh(floor: Option<Uuid>) -> Uuid {
    let now = Uuid::now_v7().as_u128();
    // A poisoned lock only means another thread panicked while holding a number: the
    // number is still right.
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    let floor = floor.map_or(0, |f| f.as_u128()).max(*last);
    let id = if now > floor {
        now
    } else {
        // The clock is behind an id already made (a copy from a machine whose clock runs
        // ahead, or many ids in one millisecond): step above it by a random amount, so
        // that two people stepping above the same id still make different ones.
        above(floor, now)
    };
    *last = id;
    Uuid::from_u128(id)
}

/// An id above `floor` with random low bits (taken from `random`, a fresh version 7 id):
/// floor's timestamp, its random bits plus a random step of up to 2^32.
fn above(floor: u128, random: u128) -> u128 {
    // Random bits: 12 after the version nibble, 62 after the variant bits; the step is
    // added to the low 62.
    const LOW: u128 = (1 << 62) - 1;
    const TIMESTAMP_MAX: u128 = (1 << 48) - 1;
    let step = (random & 0xffff_ffff) + 1;
    if (floor & LOW) + step <= LOW {
        return with_v7_bits(floor + step);
    }
    let timestamp = floor >> 80;
    if timestamp < TIMESTAMP_MAX {
        // The next millisecond, with random bits.
        return with_v7_bits(((timestamp + 1) << 80) | (random & !(u128::MAX << 80)));
    }
    // Nothing is above the last millisecond UUIDs can say (a hand-made file): order cannot
    // be kept, uniqueness still comes from the random bits.
    with_v7_bits((TIMESTAMP_MAX << 80) | (random & !(u128::MAX << 80)))
}

/// `bits` with the version (7) and variant (RFC 9562) bits set.
fn with_v7_bits(bits: u128) -> u128 {
    const VERSION_MASK: u128 = 0xf << 76;
    const VARIANT_MASK: u128 = 0b11 << 62;
    (bits & !VERSION_MASK & !VARIANT_MASK) | (0x7 << 76) | (0b10 << 62)
}

/// Legacy numbers are below this: they fill a UUID's 48-bit timestamp field.
const LEGACY_LIMIT: u64 = 1 << 48;

/// The id a legacy number is read as, until [`migrated`] gives it its real value.
pub(crate) fn legacy(number: u64) -> Uuid {
    Uuid::from_u128(with_v7_bits(u128::from(number) << 80))
}

/// The number of a legacy id (`None` for a real one).
pub(crate) fn legacy_number(id: Uuid) -> Option<u64> {
    let number = u64::try_from(id.as_u128() >> 80).ok()?;
    (legacy(number) == id).then_some(number)
}

/// The real id of a legacy number: the number in the timestamp field (old order kept,
/// before every new id, as numbers were never near today's milliseconds), the random bits
/// from a hash of what identifies the item across copies (`salt`).
pub(crate) fn migrated(number: u64, salt: &str) -> Uuid {
    let hash = blake3::hash(salt.as_bytes());
    let mut random = [0u8; 16];
    random.copy_from_slice(&hash.as_bytes()[..16]);
    // Numbers are below `LEGACY_LIMIT` (larger ones are refused when read); one that is not
    // keeps only its hash, still unique.
    let number = if number < LEGACY_LIMIT { number } else { 0 };
    let bits = (u128::from(number) << 80) | (u128::from_be_bytes(random) & !(u128::MAX << 80));
    Uuid::from_u128(with_v7_bits(bits))
}

/// Ids whose timestamp field is below this (July 2017 in milliseconds, years before the
/// first id Dossier made) hold an old number: legacy or [`migrated`] ids.
const MIGRATED_BELOW: u128 = 1_500_000_000_000;

/// True for an id that came from an old number (legacy or [`migrated`]): two projects
/// started apart can share it (a project is named after its corpus folder), so it does not
/// prove two items are one.
pub(crate) fn is_migrated(id: Uuid) -> bool {
    (id.as_u128() >> 80) < MIGRATED_BELOW
}

/// Another migrated id for the item with migrated id `id`, told apart by `salt`: the same
/// old number (order kept), other random bits.
pub(crate) fn migrated_apart(id: Uuid, salt: &str) -> Uuid {
    let number = u64::try_from(id.as_u128() >> 80).unwrap_or(0);
    migrated(number, &format!("{id} {salt}"))
}

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.0.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_any(IdVisitor($what)).map(Self)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s.trim()).map(Self)
            }
        }
    };
}

id_type!(TagId, "a tag id");
id_type!(AnnotationId, "an annotation id");
id_type!(ConflictId, "a conflict id");

/// Reads an id written as a UUID string, or as a number by project files before version 4.
struct IdVisitor(&'static str);

impl Visitor<'_> for IdVisitor {
    type Value = Uuid;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (a UUID)", self.0)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Uuid, E> {
        // Dossier numbered from 1 and refused files with ids above 2^62; a number that does
        // not fit the timestamp field (2^48) was never written by it.
        if v >= LEGACY_LIMIT {
            return Err(E::custom(format!("{} {v} is too large", self.0)));
        }
        Ok(legacy(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Uuid, E> {
        u64::try_from(v)
            .map_err(|_| E::custom(format!("{} cannot be negative", self.0)))
            .and_then(|v| self.visit_u64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Uuid, E> {
        Uuid::parse_str(v).map_err(|e| E::custom(format!("{} {v:?} is not a UUID: {e}", self.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_ids_are_version_7_and_strictly_increasing() {
        let mut previous = fresh(None);
        assert_eq!(previous.get_version_num(), 7);
        for _ in 0..10_000 {
            let id = fresh(None);
            assert!(id > previous, "{id} after {previous}");
            assert_eq!(id.get_version_num(), 7);
            assert_eq!(id.get_variant(), uuid::Variant::RFC4122);
            previous = id;
        }
    }

    #[test]
    fn a_fresh_id_is_above_the_floor_even_from_the_future() {
        // A year ahead of now, as a copy from a machine whose clock is wrong would hold.
        let ahead = (Uuid::now_v7().as_u128() >> 80) + 365 * 24 * 3_600_000;
        let future = Uuid::from_u128(with_v7_bits(ahead << 80));
        let id = fresh(Some(future));
        assert!(id > future);
        assert_eq!(id.get_version_num(), 7);
        // Two people stepping above the same id make different ids.
        assert_ne!(above(future.as_u128(), 1), above(future.as_u128(), 2));
        assert_ne!(fresh(Some(future)), fresh(Some(future)));
    }

    #[test]
    fn ids_above_the_last_representable_ones_stay_valid_and_unique() {
        let top = Uuid::max().as_u128();
        let (a, b) = (above(top, 7 << 20), above(top, 9 << 20));
        assert_ne!(a, b);
        assert_eq!(Uuid::from_u128(a).get_version_num(), 7);
        // Random bits full: the next millisecond.
        let full = with_v7_bits((5 << 80) | ((1 << 62) - 1));
        let next = above(full, 3);
        assert!(next > full && next >> 80 == 6);
    }

    #[test]
    fn legacy_numbers_round_trip_and_real_ids_are_not_legacy() {
        for n in [0, 1, 2, 17, 1 << 40] {
            assert_eq!(legacy_number(legacy(n)), Some(n));
        }
        assert_eq!(legacy_number(fresh(None)), None);
        assert_eq!(legacy_number(migrated(3, "x")), None);
    }

    #[test]
    fn migrated_ids_are_told_from_new_ones_and_set_apart_in_order() {
        let old = migrated(5, "tag 5 of interviews");
        assert!(is_migrated(old) && is_migrated(legacy(5)));
        assert!(!is_migrated(fresh(None)));
        let apart = migrated_apart(old, "Economy");
        assert!(is_migrated(apart) && apart != old);
        assert_eq!(apart, migrated_apart(old, "Economy"));
        assert!(migrated(4, "z") < apart && apart < migrated(6, "a"));
    }

    #[test]
    fn migration_is_the_same_in_every_copy_and_differs_between_projects() {
        assert_eq!(migrated(5, "project A"), migrated(5, "project A"));
        assert_ne!(migrated(5, "project A"), migrated(5, "project B"));
        assert_ne!(migrated(5, "project A"), migrated(6, "project A"));
        // Old order kept, and before any new id.
        assert!(migrated(5, "z") < migrated(6, "a"));
        assert!(migrated(1 << 40, "a") < fresh(None));
        assert_eq!(migrated(5, "a").get_version_num(), 7);
    }

    #[test]
    fn ids_read_from_strings_and_old_numbers() {
        let id = fresh(None);
        let text = ron::to_string(&TagId(id)).unwrap();
        assert_eq!(text, format!("\"{id}\""));
        assert_eq!(ron::from_str::<TagId>(&text).unwrap(), TagId(id));
        assert_eq!(ron::from_str::<AnnotationId>("12").unwrap().0, legacy(12));
        assert!(ron::from_str::<TagId>("\"not a uuid\"").is_err());
        assert!(ron::from_str::<TagId>("-3").is_err());
        let too_large = ron::from_str::<TagId>("281474976710656").expect_err("2^48");
        assert!(too_large.to_string().contains("too large"), "{too_large}");
    }
}

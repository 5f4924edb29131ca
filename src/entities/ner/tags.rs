//! The model's tag set: BILOU (Begin, Inside, Last, Unit, Outside) over the three kinds a
//! sequence model learns well from the training data (people, organisations, places).
//! Nationalities and dates stay with the gazetteer and the date patterns.
//!
//! BILOU rather than BIO: a tag for the last and for a one-token name lets the model learn
//! where names end ("Bank of America" vs "America"), which strict scores reward.

use crate::entities::EntityKind;

/// Number of tags: O, then B, I, L, U for each kind.
pub const TAGS: usize = 13;

/// The kinds the model tags, in tag order.
pub const KINDS: [EntityKind; 3] = [EntityKind::Person, EntityKind::Org, EntityKind::Loc];

/// A tag's position in its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The first token of a name of several.
    Begin,
    /// A token inside a name, neither first nor last.
    Inside,
    /// The last token of a name of several.
    Last,
    /// A name of one token.
    Unit,
}

const PARTS: [Part; 4] = [Part::Begin, Part::Inside, Part::Last, Part::Unit];

/// Tag 0 is O (outside any name).
pub const OUTSIDE: u8 = 0;

/// The tag of `part` of a name of `kind` (O for a kind the model does not tag).
pub fn tag(kind: EntityKind, part: Part) -> u8 {
    let Some(k) = KINDS.iter().position(|&x| x == kind) else {
        return OUTSIDE;
    };
    let p = PARTS.iter().position(|&x| x == part).unwrap_or(0);
    (1 + k * 4 + p) as u8
}

/// The kind and part of a tag (`None` for O).
pub fn split(tag: u8) -> Option<(EntityKind, Part)> {
    let t = usize::from(tag).checked_sub(1)?;
    Some((*KINDS.get(t / 4)?, *PARTS.get(t % 4)?))
}

/// May tag `next` follow tag `prev`? `None` stands for the edge of a segment.
pub fn allowed(prev: Option<u8>, next: Option<u8>) -> bool {
    let open = |t: Option<u8>| {
        t.and_then(split)
            .filter(|(_, p)| matches!(p, Part::Begin | Part::Inside))
            .map(|(k, _)| k)
    };
    let continues = |t: Option<u8>| {
        t.and_then(split)
            .filter(|(_, p)| matches!(p, Part::Inside | Part::Last))
            .map(|(k, _)| k)
    };
    match (open(prev), continues(next)) {
        // An open name must go on with the same kind.
        (Some(k), Some(n)) => k == n,
        (Some(_), None) => false,
        // Inside or Last only after an open name.
        (None, Some(_)) => false,
        (None, None) => true,
    }
}

/// The BILOU tags of a segment of `len` tokens holding the names `spans` (token ranges
/// relative to the segment, sorted, not overlapping, each with its kind).
pub fn encode(len: usize, spans: &[(std::ops::Range<usize>, EntityKind)], out: &mut Vec<u8>) {
    out.clear();
    out.resize(len, OUTSIDE);
    for (range, kind) in spans {
        let (start, end) = (range.start.min(len), range.end.min(len));
        if start >= end {
            continue;
        }
        if end - start == 1 {
            out[start] = tag(*kind, Part::Unit);
            continue;
        }
        out[start] = tag(*kind, Part::Begin);
        for t in &mut out[start + 1..end - 1] {
            *t = tag(*kind, Part::Inside);
        }
        out[end - 1] = tag(*kind, Part::Last);
    }
}

/// The names (token ranges and kinds) of a well-formed tag sequence; a malformed one (an
/// Inside without a Begin) is read leniently, never lost.
pub fn decode(tags: &[u8]) -> Vec<(std::ops::Range<usize>, EntityKind)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityKind)> = None;
    for (i, &t) in tags.iter().enumerate() {
        let here = split(t);
        if let Some((start, kind)) = open
            && !matches!(here, Some((k, Part::Inside | Part::Last)) if k == kind)
        {
            out.push((start..i, kind));
            open = None;
        }
        match here {
            None => {}
            Some((kind, Part::Unit)) => out.push((i..i + 1, kind)),
            Some((kind, Part::Begin)) => open = Some((i, kind)),
            Some((kind, Part::Inside)) if open.is_none() => open = Some((i, kind)),
            Some((_, Part::Inside)) => {}
            Some((kind, Part::Last)) => {
                let start = open.map_or(i, |(s, _)| s);
                out.push((start..i + 1, kind));
                open = None;
            }
        }
    }
    if let Some((start, kind)) = open {
        out.push((start..tags.len(), kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for t in 0..TAGS as u8 {
            match split(t) {
                None => assert_eq!(t, OUTSIDE),
                Some((k, p)) => assert_eq!(tag(k, p), t),
            }
        }
        assert_eq!(tag(EntityKind::Date, Part::Unit), OUTSIDE);
    }

    #[test]
    fn encoding_then_decoding_gives_the_names_back() {
        let spans = vec![
            (0..1, EntityKind::Person),
            (2..5, EntityKind::Org),
            (5..7, EntityKind::Loc),
        ];
        let mut tags = Vec::new();
        encode(8, &spans, &mut tags);
        assert_eq!(decode(&tags), spans);
        // Every tag sequence from encode is allowed.
        let mut prev = None;
        for &t in &tags {
            assert!(allowed(prev, Some(t)), "{prev:?} {t}");
            prev = Some(t);
        }
        assert!(allowed(prev, None));
    }

    #[test]
    fn transitions_keep_names_well_formed() {
        let b_per = tag(EntityKind::Person, Part::Begin);
        let l_per = tag(EntityKind::Person, Part::Last);
        let l_org = tag(EntityKind::Org, Part::Last);
        assert!(allowed(Some(b_per), Some(l_per)));
        assert!(!allowed(Some(b_per), Some(l_org)));
        assert!(!allowed(Some(OUTSIDE), Some(l_per)));
        assert!(!allowed(None, Some(l_per)));
        assert!(!allowed(Some(b_per), None));
        assert!(!allowed(Some(b_per), Some(OUTSIDE)));
    }

    #[test]
    fn malformed_sequences_are_read_leniently() {
        let i_loc = tag(EntityKind::Loc, Part::Inside);
        assert_eq!(decode(&[OUTSIDE, i_loc, i_loc]), [(1..3, EntityKind::Loc)]);
    }
}

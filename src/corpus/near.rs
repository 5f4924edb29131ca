//! Near-copies: documents whose texts are mostly the same (two versions of a press release,
//! a forwarded message with a line added), grouped so that a reader sees the versions
//! together.
//!
//! Similarity is the Jaccard similarity of the documents' sets of word 3-shingles (three
//! consecutive words, lower-cased, punctuation ignored), estimated with MinHash. The sketch
//! is one-permutation MinHash (Li, Owen & Zhang 2012): each shingle is hashed once and
//! kept in one of [`BINS`] bins by its top bits, the smallest value of each bin kept; bins
//! a short text leaves empty are filled by optimal densification (Shrivastava 2017), so
//! that two sketches agree in a bin with probability equal to the Jaccard similarity. That
//! costs one hash per shingle, not one per shingle and bin.
//!
//! Candidates are found by LSH banding, not by comparing all pairs: the bins are cut into
//! [`BANDS`] bands of [`ROWS`] rows, and documents whose sketches agree on a whole band
//! are compared (a pair with similarity `s` is a candidate with probability
//! `1 - (1 - s^3)^21`: 94 % at 0.5, 99 % at 0.6, 16 % at 0.2). A candidate pair is a
//! near-copy when its estimated similarity is at least [`THRESHOLD`] (0.5); two articles
//! on the same topic share far fewer shingles (under 0.1), versions of one text far more.
//! Groups are the connected components of the near-copy pairs. Texts with fewer than
//! [`MIN_SHINGLES`] shingles (a one-line "Thanks!") are too short to call near-copies.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::document::{Document, Format};

/// The bins of a sketch.
pub const BINS: usize = 64;
/// Rows (bins) per LSH band.
pub const ROWS: usize = 3;
/// LSH bands (the last `BINS % ROWS` bins are compared but never banded).
pub const BANDS: usize = BINS / ROWS;
/// The least estimated similarity of two near-copies.
pub const THRESHOLD: f32 = 0.5;
/// The fewest shingles a text needs to be compared at all.
pub const MIN_SHINGLES: usize = 8;
/// In a band's bucket, each document is compared with at most this many before it: a
/// bucket of boilerplate shared by thousands of documents stays linear.
const BUCKET_COMPARISONS: usize = 8;

/// A set of documents that are near-copies of each other.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NearGroup {
    /// The documents' ids in path order, each with its estimated similarity to the first
    /// (1.0 for the first itself).
    pub members: Vec<(String, f32)>,
}

/// The near-copy groups of a corpus (see the module doc).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NearCopies {
    /// The groups, by their first member's id.
    groups: Vec<NearGroup>,
    /// A document's id to its group.
    group_of: HashMap<String, usize>,
}

impl NearCopies {
    /// The groups among `documents` (in parallel).
    pub fn find(documents: &[Arc<Document>]) -> Self {
        let sketches: Vec<Option<Sketch>> = documents
            .par_iter()
            .map(|d| Sketch::of_text(&compared_text(d)))
            .collect();
        let pairs = candidate_pairs(&sketches);
        let mut sets = DisjointSets::new(documents.len());
        for (a, b) in pairs {
            sets.join(a, b);
        }
        let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, sketch) in sketches.iter().enumerate() {
            if sketch.is_some() {
                members.entry(sets.root(i)).or_default().push(i);
            }
        }
        let mut groups: Vec<NearGroup> = members
            .into_values()
            .filter(|m| m.len() > 1)
            .map(|mut m| {
                m.sort_by(|&a, &b| documents[a].path.cmp(&documents[b].path));
                let first = sketches[m[0]].as_ref();
                NearGroup {
                    members: m
                        .iter()
                        .map(|&i| {
                            let s = match (first, sketches[i].as_ref()) {
                                (Some(f), Some(s)) => f.similarity(s),
                                _ => 0.0,
                            };
                            (documents[i].path.clone(), s)
                        })
                        .collect(),
                }
            })
            .collect();
        groups.sort_by(|a, b| a.members[0].0.cmp(&b.members[0].0));
        let group_of = groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| group.members.iter().map(move |(id, _)| (id.clone(), g)))
            .collect();
        Self { groups, group_of }
    }

    /// Every group, by its first member's id.
    pub fn groups(&self) -> &[NearGroup] {
        &self.groups
    }

    /// The group of the document `id`, if it has near-copies.
    pub fn group_of(&self, id: &str) -> Option<&NearGroup> {
        self.group_of.get(id).map(|&g| &self.groups[g])
    }
}

/// The header lines the mail reader writes before a message's body.
const MAIL_HEADERS: [&str; 5] = ["From: ", "To: ", "Cc: ", "Date: ", "Subject: "];

/// What two documents are compared on: the text, but a message's body only, without the
/// lines it quotes (its `TextMarks` quoted ranges). Its header lines (the same sender,
/// recipients and a date of one format in every message of a mailbox) would make two short
/// messages with different bodies near-copies, and a reply quoting its parent in full would
/// be a near-copy of it.
fn compared_text(doc: &Document) -> Cow<'_, str> {
    let text = doc.text.as_str();
    if doc.marks.quoted.is_empty() {
        return Cow::Borrowed(body_of(doc, text));
    }
    // The text without its quoted lines, a line break in place of each (offsets are chars).
    let mut kept = String::with_capacity(text.len());
    let mut quoted = doc.marks.quoted.iter().peekable();
    for (i, c) in text.chars().enumerate() {
        while quoted.next_if(|q| q.end <= i).is_some() {}
        if quoted.peek().is_some_and(|q| q.contains(&i)) {
            continue;
        }
        kept.push(c);
    }
    Cow::Owned(body_of(doc, &kept).to_owned())
}

/// A message's body without its header lines; any other text whole.
fn body_of<'t>(doc: &Document, text: &'t str) -> &'t str {
    if doc.format != Format::Email {
        return text;
    }
    match text.split_once("\n\n") {
        Some((head, body))
            if head
                .lines()
                .all(|line| MAIL_HEADERS.iter().any(|h| line.starts_with(h))) =>
        {
            body
        }
        _ => text,
    }
}

/// The estimated similarity of two texts' shingle sets (0 when either is too short).
pub fn similarity(a: &str, b: &str) -> f32 {
    match (Sketch::of_text(a), Sketch::of_text(b)) {
        (Some(a), Some(b)) => a.similarity(&b),
        _ => 0.0,
    }
}

/// A one-permutation MinHash sketch (see the module doc).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sketch([u32; BINS]);

impl Sketch {
    /// The sketch of `text`'s word 3-shingles; `None` when it has too few.
    fn of_text(text: &str) -> Option<Self> {
        const EMPTY: u32 = u32::MAX;
        let mut bins = [EMPTY; BINS];
        let mut filled = [false; BINS];
        let mut window = [0u64; 3];
        let mut words = 0usize;
        for word in words_of(text) {
            window = [window[1], window[2], word];
            words += 1;
            if words >= 3 {
                let h = mix(window[0]
                    .wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    .rotate_left(21)
                    ^ window[1].wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
                    ^ window[2]);
                let bin = (h >> 58) as usize;
                let value = h as u32;
                if value <= bins[bin] {
                    bins[bin] = value;
                    filled[bin] = true;
                }
            }
        }
        if words.saturating_sub(2) < MIN_SHINGLES {
            return None;
        }
        // Optimal densification: an empty bin takes the value of the first filled bin on
        // its own fixed probe sequence, the same for every document.
        let original = bins;
        for bin in 0..BINS {
            if filled[bin] {
                continue;
            }
            let mut attempt = 1u64;
            bins[bin] = loop {
                let probe = (mix(((bin as u64) << 32) | attempt) % BINS as u64) as usize;
                if filled[probe] {
                    break original[probe];
                }
                attempt += 1;
                if attempt > 4 * BINS as u64 {
                    // Vanishingly rare: fall back to the next filled bin.
                    let next = (1..BINS).map(|d| (bin + d) % BINS).find(|&p| filled[p]);
                    break next.map_or(EMPTY, |p| original[p]);
                }
            };
        }
        Some(Self(bins))
    }

    /// The share of bins in which both sketches agree: the estimated Jaccard similarity.
    fn similarity(&self, other: &Self) -> f32 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f32 / BINS as f32
    }

    /// The hash of band `band` (its rows, and the band's number).
    fn band(&self, band: usize) -> u64 {
        let rows = &self.0[band * ROWS..(band + 1) * ROWS];
        rows.iter()
            .fold(mix(band as u64 + 1), |h, &v| mix(h ^ u64::from(v)))
    }
}

/// The near-copy pairs among the sketches, by LSH banding (see the module doc): for each
/// band (in parallel), one map sized for every sketch from the band's hash to the last
/// [`BUCKET_COMPARISONS`] documents put in that bucket, which the next one is compared
/// with.
fn candidate_pairs(sketches: &[Option<Sketch>]) -> Vec<(usize, usize)> {
    let banded = sketches.iter().filter(|s| s.is_some()).count();
    (0..BANDS)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut buckets: HashMap<u64, Recent, BuildHasherDefault<Premixed>> =
                HashMap::with_capacity_and_hasher(banded, Default::default());
            let mut pairs = Vec::new();
            for (i, sketch) in sketches.iter().enumerate() {
                let Some(sketch) = sketch else { continue };
                let recent = buckets.entry(sketch.band(band)).or_default();
                for k in recent.iter() {
                    if let Some(other) = &sketches[k]
                        && other.similarity(sketch) >= THRESHOLD
                    {
                        pairs.push((k, i));
                    }
                }
                recent.push(i);
            }
            pairs
        })
        .collect()
}

/// The last [`BUCKET_COMPARISONS`] documents put in a band's bucket.
#[derive(Default)]
struct Recent {
    ids: [u32; BUCKET_COMPARISONS],
    len: usize,
    next: usize,
}

impl Recent {
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.ids[..self.len].iter().map(|&i| i as usize)
    }

    fn push(&mut self, id: usize) {
        // A corpus of more than 4 billion documents does not fit in memory first.
        self.ids[self.next] = u32::try_from(id).unwrap_or(u32::MAX);
        self.next = (self.next + 1) % BUCKET_COMPARISONS;
        self.len = (self.len + 1).min(BUCKET_COMPARISONS);
    }
}

/// A hasher for keys that are already well-mixed hashes (band hashes): the key itself.
#[derive(Default)]
struct Premixed(u64);

impl Hasher for Premixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

/// The words of `text` (runs of letters and digits), each hashed lower-cased (FNV-1a over
/// the UTF-8 of its lower-case chars). ASCII is read byte by byte, the rest char by char:
/// the same hashes, several times faster on the mostly ASCII text of mail.
fn words_of(text: &str) -> impl Iterator<Item = u64> + '_ {
    const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
    let bytes = text.as_bytes();
    let mut i = 0;
    // The char at byte `i` (always a char boundary) when it is not ASCII.
    let wide = move |i: usize| text.get(i..).and_then(|rest| rest.chars().next());
    std::iter::from_fn(move || {
        loop {
            let &b = bytes.get(i)?;
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = wide(i)?;
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        let mut h = FNV_OFFSET;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
                i += 1;
            } else {
                let Some(c) = wide(i).filter(|c| c.is_alphanumeric()) else {
                    break;
                };
                for lower in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in lower.encode_utf8(&mut buf).as_bytes() {
                        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                    }
                }
                i += c.len_utf8();
            }
        }
        Some(h)
    })
}

/// SplitMix64's finaliser: every input bit moves every output bit.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Union-find over document indices, for the groups.
struct DisjointSets(Vec<usize>);

impl DisjointSets {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn root(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE_V1: &str = "PRESS RELEASE. The Ministry of Water today announced a \
        new programme to repair the irrigation canals of the northern districts. The \
        programme will cost 40 million dollars over three years and will employ some \
        2,000 workers from the region. Work begins in March on the Tigris section, where \
        the canals have been dry since the drought of last summer. Farmers' unions welcomed \
        the announcement and asked for the work to be finished before the planting season. \
        For more information contact the press office of the ministry.";

    const RELEASE_V2: &str = "PRESS RELEASE (updated). The Ministry of Water today announced \
        a new programme to repair the irrigation canals of the northern districts. The \
        programme will cost 45 million dollars over three years and will employ some \
        2,500 workers from the region. Work begins in April on the Tigris section, where \
        the canals have been dry since the drought of last summer. Farmers' unions welcomed \
        the announcement and asked for the work to be finished before the planting season. \
        For more information contact the press office of the ministry.";

    const MESSAGE: &str = "Hi Sam,\n\nThe shipment left the port of Aqaba on Tuesday \
        night and should reach the warehouse in Zarqa by Friday. The driver has the \
        customs papers; the invoice is attached. Please confirm when it arrives and tell \
        me if any crate is damaged.\n\nBest,\nLina";

    const ARTICLE_A: &str = "Drought has left the canals of northern Iraq dry for a second \
        summer. Farmers near Mosul say their wheat fields failed and many families have \
        moved to the city in search of work. Officials blame upstream dams and a winter \
        with little rain, while engineers warn that the old canals lose half their water \
        to leaks before it reaches the fields.";

    const ARTICLE_B: &str = "Iraq's water crisis deepened this year as rainfall dropped to \
        its lowest level in decades. In the north, irrigation channels built in the 1950s \
        stand empty and agricultural output has fallen sharply. The government has \
        promised money for repairs, but aid groups say displaced rural families need help \
        now, not in three years.";

    fn docs(texts: &[(&str, &str)]) -> Vec<Arc<Document>> {
        texts
            .iter()
            .map(|(p, t)| Arc::new(Document::from_plain_text(p, *t)))
            .collect()
    }

    #[test]
    fn two_versions_of_a_press_release_are_near_copies_and_two_articles_on_its_topic_are_not() {
        let near = NearCopies::find(&docs(&[
            ("a-article.txt", ARTICLE_A),
            ("b-article.txt", ARTICLE_B),
            ("release-v1.txt", RELEASE_V1),
            ("release-v2.txt", RELEASE_V2),
        ]));
        assert_eq!(near.groups().len(), 1, "{:?}", near.groups());
        let group = near.group_of("release-v2.txt").expect("grouped");
        assert_eq!(group.members[0].0, "release-v1.txt");
        assert_eq!(group.members[1].0, "release-v2.txt");
        let s = group.members[1].1;
        assert!((THRESHOLD..1.0).contains(&s), "similarity {s}");
        assert!(near.group_of("a-article.txt").is_none());
        assert!(similarity(ARTICLE_A, ARTICLE_B) < 0.2);
    }

    #[test]
    fn a_forwarded_message_with_a_line_added_is_a_near_copy() {
        let forwarded = format!(
            "FYI, see below: this is the one I told you about.\n\n\
             ---------- Forwarded message ---------\n{MESSAGE}"
        );
        let near = NearCopies::find(&docs(&[
            ("inbox.mbox#1", MESSAGE),
            ("inbox.mbox#2", &forwarded),
            ("notes.txt", ARTICLE_A),
        ]));
        let group = near.group_of("inbox.mbox#2").expect("grouped");
        assert_eq!(group.members.len(), 2);
        assert!(group.members[1].1 >= THRESHOLD);
        assert!(near.group_of("notes.txt").is_none());
    }

    fn message(id: &str, from: &str, subject: &str, body: &str) -> Arc<Document> {
        let mut doc = Document::from_plain_text(
            id,
            format!(
                "From: {from}\nTo: desk@example.org, editor@example.org\n\
                 Date: Mon, 02 Mar 2015 09:00:00 +0000\nSubject: {subject}\n\n{body}\n"
            ),
        );
        doc.format = Format::Email;
        Arc::new(doc)
    }

    #[test]
    fn messages_are_compared_on_their_bodies_not_on_their_headers() {
        let near = NearCopies::find(&[
            message(
                "box.mbox#1",
                "Field Office <field@example.org>",
                "Homs",
                "Convoy left.",
            ),
            message(
                "box.mbox#2",
                "Field Office <field@example.org>",
                "Idlib",
                "All quiet.",
            ),
            message(
                "box.mbox#3",
                "Field Office <field@example.org>",
                "Update",
                MESSAGE,
            ),
            message(
                "box.mbox#4",
                "Someone Else <else@example.org>",
                "Fwd",
                MESSAGE,
            ),
        ]);
        // The two short messages share every header line but no word of their bodies.
        assert!(near.group_of("box.mbox#1").is_none(), "{:?}", near.groups());
        let group = near
            .group_of("box.mbox#4")
            .expect("the same body is a near-copy");
        assert_eq!(group.members.len(), 2);
        assert!(group.members[1].1 > 0.9, "{:?}", group.members);
    }

    #[test]
    fn a_reply_quoting_its_parent_in_full_is_not_a_near_copy_of_it() {
        let parent = message(
            "box.mbox#1",
            "Lina <lina@example.org>",
            "Convoy route",
            MESSAGE,
        );
        let quoted: String = MESSAGE.lines().map(|l| format!("> {l}\n")).collect();
        let body = format!(
            "Thanks, noted. The warehouse is ready.\n\n\
             On Mon, 2 Mar 2015 at 09:00, Lina <lina@example.org> wrote:\n{quoted}"
        );
        let mut reply = message(
            "box.mbox#2",
            "Sam <sam@example.org>",
            "Re: Convoy route",
            &body,
        )
        .as_ref()
        .clone();
        reply.marks.quoted =
            crate::corpus::formats::mail::quoted::quoted_ranges(reply.text.as_str());
        assert!(!reply.marks.quoted.is_empty());
        // Without its marks the reply is a near-copy: the test tells the two apart.
        let unmarked = message(
            "box.mbox#3",
            "Sam <sam@example.org>",
            "Re: Convoy route",
            &body,
        );
        let near = NearCopies::find(&[parent.clone(), unmarked]);
        assert!(near.group_of("box.mbox#3").is_some(), "{:?}", near.groups());
        let near = NearCopies::find(&[parent, Arc::new(reply)]);
        assert!(near.group_of("box.mbox#2").is_none(), "{:?}", near.groups());
    }

    /// The words as first hashed, char by char: the byte-wise reading must give the same.
    fn words_char_by_char(text: &str) -> Vec<u64> {
        const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;
        let mut chars = text.chars().peekable();
        std::iter::from_fn(move || {
            while chars.peek().is_some_and(|c| !c.is_alphanumeric()) {
                chars.next();
            }
            chars.peek()?;
            let mut h = FNV_OFFSET;
            while let Some(c) = chars.next_if(|c| c.is_alphanumeric()) {
                for lower in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in lower.encode_utf8(&mut buf).as_bytes() {
                        h = (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                    }
                }
            }
            Some(h)
        })
        .collect()
    }

    #[test]
    fn words_read_byte_by_byte_hash_as_read_char_by_char() {
        for text in [
            RELEASE_V1,
            "",
            "  ...  ",
            "Übersicht der ÄNDERUNGEN, İstanbul'da 3½ km² — naïve café.",
            "دمشق، ٢٠٢٤: Assad fled; ΣΊΣΥΦΟΣ x1 İI",
            "end with a non-ASCII letterß",
            "ﬁ ligature and ǅ title case",
        ] {
            assert_eq!(
                words_of(text).collect::<Vec<_>>(),
                words_char_by_char(text),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bucket_compares_each_document_with_the_last_ones_put_in_it() {
        let mut recent = Recent::default();
        for i in 0..20 {
            recent.push(i);
        }
        let mut kept: Vec<usize> = recent.iter().collect();
        kept.sort_unstable();
        assert_eq!(kept, (20 - BUCKET_COMPARISONS..20).collect::<Vec<_>>());
    }

    #[test]
    fn words_are_compared_lower_cased_without_punctuation_and_short_texts_are_not_compared() {
        assert_eq!(
            Sketch::of_text(RELEASE_V1),
            Sketch::of_text(&RELEASE_V1.to_uppercase().replace('.', " ;"))
        );
        assert!(Sketch::of_text("Thanks, see you on Friday!").is_none());
        let near = NearCopies::find(&docs(&[("a.txt", "Thanks!"), ("b.txt", "Thanks.")]));
        assert!(near.groups().is_empty());
    }
}

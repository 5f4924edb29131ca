//! Re-anchoring: finding an annotation's passage again after its document's text changed.
//!
//! The passage is looked for as the text the annotation pointed at when last checked (its
//! current wording if that had changed, else the quote as coded), and as the quote as
//! coded. In order of preference:
//! 1. the old position, if that text is still there (**anchored**);
//! 2. the exact text elsewhere (**moved**); among several occurrences, the one whose
//!    surrounding text best matches the stored context, then the nearest to the old
//!    position (context first: a quote that occurs twice is told apart by what is around
//!    it, which is why the context is stored);
//! 3. an approximate match (**fuzzy**: the wording changed), scored on similarity, then
//!    context similarity, then distance from the old position;
//! 4. otherwise the annotation is an **orphan**: it keeps its quote, note and tags.
//!
//! The quote as coded is never rewritten here: when the text found differs from it, the
//! new anchor records it as `current_quote` (the user decides whether to accept it).
//!
//! A region of a page (`Anchor::region`) is not looked for by its words: it stays on its
//! page and box, its char range taken again from the words the new layout puts inside the
//! box (`Anchor::for_region`). It is an orphan only when its page is gone; a region that
//! holds no word (a photograph) has an empty quote and is anchored all the same.

use serde::Serialize;

use std::cell::OnceCell;

use super::model::{Anchor, PageRegion};
use crate::corpus::layout::PageLayout;
use crate::text::DocText;
use crate::text::fuzzy::{find_approximate, similarity};

/// How an annotation was found in the current text, compared with when it was last
/// checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorStatus {
    /// Where it was, with the same wording.
    Anchored,
    /// The same wording, elsewhere in the text.
    Moved,
    /// The wording it points at changed (see `Anchor::current_quote`).
    Fuzzy,
    /// Not found: the annotation keeps its last position, quote, note and tags.
    Orphaned,
}

impl AnchorStatus {
    /// The status in one lower-case word ("moved").
    pub fn label(self) -> &'static str {
        match self {
            Self::Anchored => "anchored",
            Self::Moved => "moved",
            Self::Fuzzy => "fuzzy",
            Self::Orphaned => "orphaned",
        }
    }
}

/// Quotes shorter than this are not matched approximately: too many false friends.
const MIN_FUZZY_QUOTE: usize = 6;
/// At most this share of the quote's chars may differ for an approximate match.
const MAX_FUZZY_EDIT_RATIO: f64 = 0.3;
/// Candidate occurrences compared for one quote.
const MAX_CANDIDATES: usize = 64;

/// Where `anchor` is in `text` now: the status and, unless orphaned, the new anchor (the
/// quote as coded, context taken from the current text, and the current wording when it
/// differs from the quote).
pub fn reanchor(anchor: &Anchor, text: &DocText) -> (AnchorStatus, Option<Anchor>) {
    Reanchorer::new(text).reanchor(anchor)
}

/// Re-anchors many annotations of one text, sharing the work of decoding it to chars.
pub struct Reanchorer<'a> {
    text: &'a DocText,
    /// Where the text's words are on its pages, for region annotations.
    layout: Option<&'a PageLayout>,
    chars: OnceCell<Vec<char>>,
}

impl<'a> Reanchorer<'a> {
    /// A re-anchorer for `text`, without pages (a region keeps its box and its words are
    /// looked for as a passage's).
    pub fn new(text: &'a DocText) -> Self {
        Self::with_layout(text, None)
    }

    /// A re-anchorer for `text` whose words are placed on pages by `layout`.
    pub fn with_layout(text: &'a DocText, layout: Option<&'a PageLayout>) -> Self {
        Self {
            text,
            layout,
            chars: OnceCell::new(),
        }
    }

    /// See [`reanchor`].
    pub fn reanchor(&self, anchor: &Anchor) -> (AnchorStatus, Option<Anchor>) {
        if let Some(region) = anchor.region {
            return self.reanchor_region(anchor, region);
        }
        self.reanchor_text(anchor)
    }

    /// A region of a page: the same page and box, the words inside them now.
    fn reanchor_region(
        &self,
        anchor: &Anchor,
        region: PageRegion,
    ) -> (AnchorStatus, Option<Anchor>) {
        let Some(layout) = self.layout else {
            return self.region_without_layout(anchor, region);
        };
        let Some(mut fresh) = Anchor::for_region(self.text, layout, region) else {
            return (AnchorStatus::Orphaned, None);
        };
        let now = std::mem::replace(&mut fresh.quote, anchor.quote.clone());
        let changed = !same_but_line_breaks(&now, &anchor.quote);
        let status = if changed && now != anchor.current_text() {
            AnchorStatus::Fuzzy
        } else if changed && fresh.start == anchor.start {
            // The wording had already changed and is still what it was last time.
            AnchorStatus::Anchored
        } else if changed {
            AnchorStatus::Moved
        } else if fresh.start == anchor.start && !anchor.wording_changed() {
            AnchorStatus::Anchored
        } else if anchor.wording_changed() {
            // Back to the wording as coded.
            AnchorStatus::Fuzzy
        } else {
            AnchorStatus::Moved
        };
        fresh.current_quote = changed.then_some(now);
        (status, Some(fresh))
    }

    /// A region of a document that has no layout now (its pages could not be placed): the
    /// box is kept as it is, its words looked for as a passage's; a region without words
    /// keeps its place, within the text.
    fn region_without_layout(
        &self,
        anchor: &Anchor,
        region: PageRegion,
    ) -> (AnchorStatus, Option<Anchor>) {
        if anchor.quote.is_empty() {
            let at = anchor.start.min(self.text.char_len());
            let kept = Anchor {
                start: at,
                end: at,
                prefix: self.text.before(at, super::model::CONTEXT_CHARS).to_owned(),
                suffix: self.text.after(at, super::model::CONTEXT_CHARS).to_owned(),
                ..anchor.clone()
            };
            return (AnchorStatus::Anchored, Some(kept));
        }
        let (status, found) = self.reanchor_text(anchor);
        let found = found.map(|a| Anchor {
            region: Some(region),
            ..a
        });
        (status, found)
    }

    /// A passage of text: by its wording (see the module's comment).
    fn reanchor_text(&self, anchor: &Anchor) -> (AnchorStatus, Option<Anchor>) {
        let text = self.text;
        if anchor.quote.is_empty() {
            return (AnchorStatus::Orphaned, None);
        }
        // What it pointed at last (most likely still there), then the quote as coded (the
        // text may have changed back).
        let last = anchor.current_text();
        let wordings: &[&str] = if last == anchor.quote {
            &[last][..]
        } else {
            &[last, anchor.quote.as_str()][..]
        };
        let found = |start: usize, wording: &str| {
            let end = start + wording.chars().count();
            self.anchor_at(anchor, start, end)
        };
        for (i, wording) in wordings.iter().enumerate() {
            // A line break read as a space (a Markdown soft break) is the same wording; but
            // a passage of nothing but spaces and line breaks would then be "found" at any
            // space: it must be there exactly.
            let has_words = wording.chars().any(|c| !c.is_whitespace());
            if text.slice(anchor.start..anchor.end).is_some_and(|now| {
                now == *wording || (has_words && same_but_line_breaks(now, wording))
            }) {
                let status = if i == 0 {
                    AnchorStatus::Anchored
                } else {
                    AnchorStatus::Fuzzy
                };
                return (status, found(anchor.start, wording));
            }
        }
        for (i, wording) in wordings.iter().enumerate() {
            if let Some(start) = best_exact(anchor, wording, text) {
                let status = if i == 0 {
                    AnchorStatus::Moved
                } else {
                    AnchorStatus::Fuzzy
                };
                return (status, found(start, wording));
            }
        }
        let chars = self.chars.get_or_init(|| text.as_str().chars().collect());
        for wording in wordings {
            if let Some((start, end)) = best_fuzzy(anchor, wording, text, chars) {
                return (AnchorStatus::Fuzzy, self.anchor_at(anchor, start, end));
            }
        }
        (AnchorStatus::Orphaned, None)
    }

    /// `anchor` moved to chars `start..end`: the coded quote kept, the context and the
    /// current wording taken from the text.
    fn anchor_at(&self, anchor: &Anchor, start: usize, end: usize) -> Option<Anchor> {
        let mut fresh = Anchor::from_range(self.text, start, end)?;
        let now = std::mem::replace(&mut fresh.quote, anchor.quote.clone());
        fresh.current_quote = (!same_but_line_breaks(&now, &anchor.quote)).then_some(now);
        Some(fresh)
    }
}

/// True when `a` and `b` differ at most by line breaks read as spaces (a Markdown soft
/// break is shown and read as a space since Dossier follows CommonMark; a passage coded
/// before reads the same).
fn same_but_line_breaks(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || matches!((x, y), ('\n', ' ') | (' ', '\n')))
}

/// The best exact occurrence of `wording`: highest context score, then nearest.
fn best_exact(anchor: &Anchor, wording: &str, text: &DocText) -> Option<usize> {
    let haystack = text.as_str();
    let finder = memchr::memmem::Finder::new(wording.as_bytes());
    let quote_chars = wording.chars().count();
    finder
        .find_iter(haystack.as_bytes())
        .take(MAX_CANDIDATES * 16)
        .filter_map(|byte| text.char_of_byte(byte))
        .map(|start| {
            let score = context_score(anchor, text, start, start + quote_chars);
            (start, score)
        })
        .max_by(|(a, sa), (b, sb)| {
            sa.total_cmp(sb)
                .then_with(|| b.abs_diff(anchor.start).cmp(&a.abs_diff(anchor.start)))
        })
        .map(|(start, _)| start)
}

/// How well the text around `start..end` matches the stored prefix and suffix, in [0, 1].
fn context_score(anchor: &Anchor, text: &DocText, start: usize, end: usize) -> f64 {
    // Only the context next to the quote counts: a hand-edited file could hold megabytes
    // of "context", and edit distance over it, per candidate, would never finish.
    let stored_prefix = tail(&anchor.prefix, CONTEXT_LIMIT);
    let stored_suffix = head(&anchor.suffix, CONTEXT_LIMIT);
    let prefix = text.before(start, stored_prefix.chars().count().max(1));
    let suffix = text.after(end, stored_suffix.chars().count().max(1));
    let p = if stored_prefix.is_empty() {
        if start == 0 { 1.0 } else { 0.5 }
    } else {
        similarity(stored_prefix, prefix)
    };
    let s = if stored_suffix.is_empty() {
        if end == text.char_len() { 1.0 } else { 0.5 }
    } else {
        similarity(stored_suffix, suffix)
    };
    (p + s) / 2.0
}

/// Context compared when scoring a candidate: twice what Dossier stores.
const CONTEXT_LIMIT: usize = 2 * crate::project::CONTEXT_CHARS;

/// The last `n` chars of `s`.
fn tail(s: &str, n: usize) -> &str {
    s.char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(s, |(i, _)| &s[i..])
}

/// The first `n` chars of `s`.
fn head(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

fn best_fuzzy(
    anchor: &Anchor,
    wording: &str,
    text: &DocText,
    chars: &[char],
) -> Option<(usize, usize)> {
    let pattern: Vec<char> = wording.chars().collect();
    if pattern.len() < MIN_FUZZY_QUOTE {
        return None;
    }
    let max_edits = (pattern.len() as f64 * MAX_FUZZY_EDIT_RATIO).floor() as usize;
    let candidates = find_approximate(&pattern, chars, max_edits, MAX_CANDIDATES);
    candidates
        .into_iter()
        .map(|m| {
            let found: String = chars[m.start..m.end].iter().collect();
            let quote_sim = similarity(wording, &found);
            let context = context_score(anchor, text, m.start, m.end);
            (m.start, m.end, quote_sim, context)
        })
        .max_by(|a, b| {
            // Quote similarity is compared in steps of 1% so that context can decide
            // between candidates that differ by a char or two.
            let qa = (a.2 * 100.0).round();
            let qb = (b.2 * 100.0).round();
            qa.total_cmp(&qb)
                .then(a.3.total_cmp(&b.3))
                .then_with(|| b.0.abs_diff(anchor.start).cmp(&a.0.abs_diff(anchor.start)))
        })
        .map(|(start, end, _, _)| (start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::ParagraphStyle;

    fn doc(s: &str) -> DocText {
        DocText::new(s.to_owned(), ParagraphStyle::Lines)
    }

    fn anchor_of(text: &DocText, quote: &str) -> Anchor {
        let byte = text.as_str().find(quote).expect("quote in text");
        let start = text.char_of_byte(byte).expect("boundary");
        Anchor::from_range(text, start, start + quote.chars().count()).expect("anchor")
    }

    const ORIGINAL: &str = "Russia has kept its military bases in Hmeimim and Tartus since 2015, \
         and Moscow wants to keep them. Talks in Damascus continue.";

    #[test]
    fn unchanged_text_is_anchored() {
        let t = doc(ORIGINAL);
        let a = anchor_of(&t, "military bases in Hmeimim and Tartus");
        assert_eq!(reanchor(&a, &t), (AnchorStatus::Anchored, Some(a)));
    }

    #[test]
    fn inserted_text_before_moves_the_anchor() {
        let a = anchor_of(&doc(ORIGINAL), "military bases in Hmeimim and Tartus");
        let edited = doc(&format!("Ţarţūs, 8 December: {ORIGINAL}"));
        let (status, new) = reanchor(&a, &edited);
        assert_eq!(status, AnchorStatus::Moved);
        let new = new.expect("moved anchor");
        assert_eq!(new.start, a.start + "Ţarţūs, 8 December: ".chars().count());
        assert_eq!(edited.slice(new.start..new.end), Some(a.quote.as_str()));
    }

    #[test]
    fn a_changed_word_is_found_fuzzily() {
        let a = anchor_of(&doc(ORIGINAL), "military bases in Hmeimim and Tartus");
        let edited = doc(&ORIGINAL.replace("bases in Hmeimim", "bases at Hmeimim"));
        let (status, new) = reanchor(&a, &edited);
        assert_eq!(status, AnchorStatus::Fuzzy);
        let new = new.expect("fuzzy anchor");
        // The quote as coded stays; the new wording is recorded beside it.
        assert_eq!(new.quote, "military bases in Hmeimim and Tartus");
        assert_eq!(
            new.current_quote.as_deref(),
            Some("military bases at Hmeimim and Tartus")
        );
        assert_eq!(
            edited.slice(new.start..new.end),
            new.current_quote.as_deref()
        );
    }

    #[test]
    fn a_changed_wording_found_again_is_anchored_and_kept() {
        let a = anchor_of(&doc(ORIGINAL), "military bases in Hmeimim and Tartus");
        let edited = doc(&ORIGINAL.replace("bases in Hmeimim", "bases at Hmeimim"));
        let (_, first) = reanchor(&a, &edited);
        let first = first.expect("fuzzy anchor");
        // Opened again with the same text: nothing new happened.
        assert_eq!(
            reanchor(&first, &edited),
            (AnchorStatus::Anchored, Some(first.clone()))
        );
        // The text moves: the current wording is found elsewhere, still not the coded one.
        let moved = doc(&format!("Breaking. {}", edited.as_str()));
        let (status, again) = reanchor(&first, &moved);
        assert_eq!(status, AnchorStatus::Moved);
        let again = again.expect("moved anchor");
        assert_eq!(again.quote, a.quote);
        assert_eq!(again.current_quote, first.current_quote);
    }

    #[test]
    fn wording_changed_back_clears_the_current_quote() {
        let original = doc(ORIGINAL);
        let a = anchor_of(&original, "military bases in Hmeimim and Tartus");
        let edited = doc(&ORIGINAL.replace("bases in Hmeimim", "bases at Hmeimim"));
        let (_, changed) = reanchor(&a, &edited);
        let changed = changed.expect("fuzzy anchor");
        let (status, back) = reanchor(&changed, &original);
        assert_eq!(status, AnchorStatus::Fuzzy);
        assert_eq!(back, Some(a));
    }

    #[test]
    fn a_duplicated_quote_is_told_apart_by_context() {
        let original = doc("Intro. Later the army said: the talks failed. End of story.");
        let a = anchor_of(&original, "the talks failed");
        // The same words now also open the text, before the original passage.
        let edited = doc(
            "Preface: the talks failed, some claim. Intro. Later the army said: the talks failed. End of story.",
        );
        let (status, new) = reanchor(&a, &edited);
        assert_eq!(status, AnchorStatus::Moved);
        let new = new.expect("anchor");
        let second = edited
            .as_str()
            .rfind("the talks failed")
            .expect("second occurrence");
        assert_eq!(new.start, second);
        assert!(new.prefix.ends_with(&a.prefix), "{:?}", new.prefix);
    }

    #[test]
    fn a_deleted_passage_orphans_the_annotation() {
        let a = anchor_of(&doc(ORIGINAL), "military bases in Hmeimim and Tartus");
        let edited = doc("A completely rewritten article about the weather in Oslo.");
        assert_eq!(reanchor(&a, &edited), (AnchorStatus::Orphaned, None));
    }

    #[test]
    fn context_is_cut_to_the_chars_next_to_the_quote() {
        assert_eq!(tail("abcŢarţūs", 6), "Ţarţūs");
        assert_eq!(head("Ţarţūsabc", 6), "Ţarţūs");
        assert_eq!(tail("ab", 6), "ab");
        assert_eq!(head("ab", 6), "ab");
        assert_eq!(head("", 6), "");
    }

    #[test]
    fn a_passage_coded_across_a_soft_line_break_is_anchored_where_it_reads_as_a_space() {
        let before = doc("Assad fled to Moscow, ending\nthe Assad family's rule.");
        let anchor = anchor_of(&before, "ending\nthe Assad");
        let after = doc("Assad fled to Moscow, ending the Assad family's rule.");
        let (status, moved) = reanchor(&anchor, &after);
        assert_eq!(status, AnchorStatus::Anchored);
        let moved = moved.expect("anchored");
        assert_eq!(
            moved.quote, "ending\nthe Assad",
            "the quote as coded is kept"
        );
        assert_eq!(moved.current_quote, None, "no change of wording to show");
        assert_eq!((moved.start, moved.end), (anchor.start, anchor.end));
    }

    /// `words` placed left to right on page 0 at y 100 (each 40 points wide, 10 apart),
    /// then a second page holding only the words after `"\n\n"` when there is one.
    fn laid_out(body: &str) -> (DocText, PageLayout) {
        use crate::corpus::layout::{PageRect, PageSize, WordBox};
        let text = doc(body);
        let mut words = Vec::new();
        let (mut page, mut x, mut at) = (0u32, 50.0f32, 0u32);
        for piece in body.split(' ') {
            for (i, line) in piece.split("\n\n").enumerate() {
                if i > 0 {
                    page += 1;
                    x = 50.0;
                    at += 2;
                }
                let len = line.chars().count() as u32;
                let rect = PageRect {
                    x,
                    y: 100.0,
                    w: 40.0,
                    h: 12.0,
                };
                words.push(WordBox {
                    start: at,
                    end: at + len,
                    page,
                    rect,
                    confidence: None,
                });
                x += 50.0;
                at += len;
            }
            at += 1;
        }
        let size = PageSize {
            width: 612.0,
            height: 792.0,
        };
        let layout = PageLayout {
            pages: vec![size; page as usize + 1],
            words,
        };
        (text, layout)
    }

    /// The box over the second and third words of page 0.
    fn middle_box(page: u32) -> PageRegion {
        let rect = crate::corpus::layout::PageRect {
            x: 95.0,
            y: 90.0,
            w: 100.0,
            h: 40.0,
        };
        PageRegion::new(page, rect).expect("a box")
    }

    #[test]
    fn a_region_stays_on_its_box_when_text_is_added_before_it() {
        let (text, layout) = laid_out("Signed by the minister\n\nStamp of the office");
        let a = Anchor::for_region(&text, &layout, middle_box(1)).expect("region");
        assert_eq!(a.quote, "of the");
        let r = Reanchorer::with_layout(&text, Some(&layout));
        assert_eq!(r.reanchor(&a), (AnchorStatus::Anchored, Some(a.clone())));

        // The first page was read again with words more: the box on the second page holds
        // the same words, later in the text.
        let (text, layout) = laid_out("Signed at last by the minister\n\nStamp of the office");
        let (status, new) = Reanchorer::with_layout(&text, Some(&layout)).reanchor(&a);
        let new = new.expect("still on its page");
        assert_eq!(status, AnchorStatus::Moved);
        assert_eq!((new.start, new.end), (a.start + 8, a.end + 8));
        assert_eq!(new.region, a.region);
        assert_eq!((new.quote.as_str(), new.current_quote), ("of the", None));

        // Read again so that another word falls in the box: the quote as coded is kept and
        // what the box holds now is beside it.
        let (text, layout) = laid_out("Signed by the minister\n\nStamp on the office");
        let (status, new) = Reanchorer::with_layout(&text, Some(&layout)).reanchor(&a);
        let new = new.expect("still on its page");
        assert_eq!(status, AnchorStatus::Fuzzy);
        assert_eq!(
            (new.quote.as_str(), new.current_text()),
            ("of the", "on the")
        );
    }

    #[test]
    fn a_region_whose_words_changed_keeps_its_quote_and_records_the_new_words() {
        let (text, layout) = laid_out("Signed by the minister");
        let a = Anchor::for_region(&text, &layout, middle_box(0)).expect("region");
        let (text, layout) = laid_out("Signed bv tbe minister");
        let (status, new) = Reanchorer::with_layout(&text, Some(&layout)).reanchor(&a);
        let new = new.expect("anchored");
        assert_eq!(status, AnchorStatus::Fuzzy);
        assert_eq!(
            (new.quote.as_str(), new.current_text()),
            ("by the", "bv tbe")
        );
        assert_eq!(new.region, a.region);
    }

    #[test]
    fn a_region_without_words_is_anchored_not_orphaned() {
        let (text, layout) = laid_out("Signed by the minister\n\nStamp");
        let photo = PageRegion::new(
            1,
            crate::corpus::layout::PageRect {
                x: 300.0,
                y: 400.0,
                w: 100.0,
                h: 100.0,
            },
        )
        .expect("a box");
        let a = Anchor::for_region(&text, &layout, photo).expect("region");
        assert!(a.quote.is_empty());
        let (text, layout) = laid_out("Signed by the late minister\n\nStamp");
        let (status, new) = Reanchorer::with_layout(&text, Some(&layout)).reanchor(&a);
        assert_eq!(status, AnchorStatus::Moved);
        let new = new.expect("kept");
        assert_eq!((new.start, new.end, new.region), (29, 29, Some(photo)));
        // Without a layout the text alone cannot say where the page is: it stays put.
        let (status, kept) = Reanchorer::new(&text).reanchor(&a);
        assert_eq!(status, AnchorStatus::Anchored);
        assert_eq!(kept.and_then(|k| k.region), Some(photo));
    }

    #[test]
    fn a_region_whose_page_is_gone_is_an_orphan() {
        let (text, layout) = laid_out("Signed by the minister\n\nStamp");
        let a = Anchor::for_region(&text, &layout, middle_box(1)).expect("region");
        let (text, layout) = laid_out("Signed by the minister");
        let r = Reanchorer::with_layout(&text, Some(&layout));
        assert_eq!(r.reanchor(&a), (AnchorStatus::Orphaned, None));
    }
}

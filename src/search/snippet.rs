//! Keyword-in-context snippets: a hit with some text either side, on one line.
//!
//! A snippet is cut on char boundaries (never inside a code point, whatever the script) and
//! flattened: newlines, tabs and other control chars become spaces, one char for one char,
//! so the hit's position in the snippet is simple to keep and a result list stays one line
//! per hit.

use std::ops::Range;

/// A hit in its context, ready to draw: `text[hit]` (in chars) is the hit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The context before, the hit, and the context after, flattened to one line.
    pub text: String,
    /// Char range of the hit within `text`.
    pub hit: Range<usize>,
}

impl Snippet {
    /// The snippet as (before, hit, after), for drawing the hit highlighted. Never panics:
    /// a `hit` range that does not fit `text` gives the whole text as `before`.
    pub fn parts(&self) -> (&str, &str, &str) {
        let byte = |chars: usize| {
            self.text
                .char_indices()
                .nth(chars)
                .map_or(self.text.len(), |(b, _)| b)
        };
        let (start, end) = (byte(self.hit.start), byte(self.hit.end));
        match (
            self.text.get(..start),
            self.text.get(start..end),
            self.text.get(end..),
        ) {
            (Some(before), Some(hit), Some(after)) => (before, hit, after),
            _ => (self.text.as_str(), "", ""),
        }
    }
}

/// The snippet of the hit at byte range `hit` of `text`: up to `context` chars each side,
/// and at most `max_hit_chars` chars of the hit itself (a longer hit is cut, ending in "…").
/// A range that is not on char boundaries of `text` gives an empty snippet.
pub fn snippet(text: &str, hit: Range<usize>, context: usize, max_hit_chars: usize) -> Snippet {
    let (Some(before), Some(matched), Some(after)) = (
        text.get(..hit.start),
        text.get(hit.clone()),
        text.get(hit.end..),
    ) else {
        return Snippet {
            text: String::new(),
            hit: 0..0,
        };
    };
    let before_start = before
        .char_indices()
        .rev()
        .take(context)
        .last()
        .map_or(before.len(), |(b, _)| b);
    let after_end = after
        .char_indices()
        .nth(context)
        .map_or(after.len(), |(b, _)| b);

    let mut out = String::with_capacity(before.len() - before_start + matched.len() + after_end);
    let mut chars = push_flat(&mut out, &before[before_start..], usize::MAX);
    let hit_start = chars;
    let max_hit_chars = max_hit_chars.max(1);
    let shown = push_flat(&mut out, matched, max_hit_chars);
    chars += shown;
    if shown == max_hit_chars && matched.chars().nth(max_hit_chars).is_some() {
        // Replace the last shown char by an ellipsis so that the hit stays within bounds.
        out.pop();
        out.push('…');
    }
    let hit_end = chars;
    push_flat(&mut out, &after[..after_end], usize::MAX);
    Snippet {
        text: out,
        hit: hit_start..hit_end,
    }
}

/// Appends up to `max` chars of `s` with control chars replaced by spaces; returns how many
/// chars were appended.
fn push_flat(out: &mut String, s: &str, max: usize) -> usize {
    let mut n = 0;
    for c in s.chars().take(max) {
        out.push(if c.is_control() { ' ' } else { c });
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).expect("needle in text");
        start..start + needle.len()
    }

    #[test]
    fn context_is_counted_in_chars_and_flattened() {
        let text = "Первая строка.\nБаза в Тартусе\tи порт.";
        let s = snippet(text, at(text, "Тартусе"), 8, 100);
        assert_eq!(s.text, " База в Тартусе и порт.");
        assert_eq!(s.parts(), (" База в ", "Тартусе", " и порт."));
        assert_eq!(s.hit, 8..15);
    }

    #[test]
    fn context_stops_at_the_text_ends() {
        let text = "طرطوس 🇸🇾";
        let s = snippet(text, at(text, "طرطوس"), 50, 100);
        assert_eq!(s.parts(), ("", "طرطوس", " 🇸🇾"));
        let s = snippet(text, at(text, "🇸🇾"), 2, 100);
        assert_eq!(s.parts(), ("س ", "🇸🇾", ""));
    }

    #[test]
    fn long_hits_are_cut_with_an_ellipsis() {
        let text = "x ".to_owned() + &"é".repeat(50) + " y";
        let s = snippet(&text, at(&text, &"é".repeat(50)), 2, 10);
        let (before, hit, after) = s.parts();
        assert_eq!(before, "x ");
        assert_eq!(hit, "ééééééééé…");
        assert_eq!(after, " y");
    }

    #[test]
    fn a_range_inside_a_char_gives_an_empty_snippet() {
        let s = snippet("é", 1..2, 5, 5);
        assert_eq!(s.parts(), ("", "", ""));
    }
}

//! What is capitalised but names nothing, removed once the names are found:
//!
//! - a single letter ("Worker A", "Annex B");
//! - a table header or a form label: a cell or a line holding one common word ("Date",
//!   "Location");
//! - a common noun written with a capital after an article ("the Government", "the
//!   Committee"): a description, not a name;
//! - a title followed by an organisation word is no person ("the General Company");
//! - an acronym repeated many times and never named as an actor: in a technical text
//!   "MIME" is a format, not an organisation, while "NATO said", "NATO's" make NATO one.
//!
//! What the rules and the model still get wrong the user corrects once, in the dictionary.

use std::collections::HashMap;

use super::fold::fold_into;
use super::gazetteer::Gazetteer;
use super::model::{EntityKind, Origin};
use super::pipeline::Pass;
use super::rules::{LOC_WORDS, ORG_WORDS};
use super::tokens::{ALL_CAPS, LOWER, NEWLINE_BEFORE};
use super::words::{FastHash, WordSet, lower_in};
use std::sync::LazyLock;

/// An acronym mentioned this often and never as an actor is a term, not a name.
const TERM_MENTIONS: usize = 20;

/// Words before a common noun that make it a description ("the Government").
static DETERMINERS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "the", "a", "an", "this", "that", "its", "their", "our", "his", "her",
    ])
});

/// Words after a name that make it an actor ("NATO said", "NATO has").
static ACTOR_WORDS: LazyLock<WordSet> = LazyLock::new(|| {
    WordSet::new(&[
        "said",
        "says",
        "announced",
        "reported",
        "stated",
        "told",
        "agreed",
        "called",
        "urged",
        "has",
        "have",
        "had",
        "is",
        "was",
        "will",
        "would",
        "added",
        "warned",
        "confirmed",
        "denied",
        "claimed",
        "launched",
        "signed",
    ])
});

/// Removes the mentions described in the module's comment. The user's phrases and the
/// date patterns are left alone.
pub fn filter(pass: &mut Pass, gaz: &Gazetteer) {
    let terms = technical_terms(pass);
    // Tokens a name list knows as a name ("the Coalition" is one in the lists).
    let mut listed = vec![false; pass.tokens.len()];
    let ranges = pass.token_ranges(pass.hits.iter().map(|h| (h.start, h.end)));
    for (hit, range) in pass.hits.iter().zip(ranges) {
        let names = gaz.pattern(hit.pattern).is_some_and(|p| p.entity.is_some());
        if names && !hit.lower {
            for i in range {
                if let Some(l) = listed.get_mut(i) {
                    *l = true;
                }
            }
        }
    }
    super::noise_groups::filter(pass, gaz, &listed);
    let mut buf = String::new();
    for c in 0..pass.cands.len() {
        let Some(cand) = pass.cands.get(c) else {
            continue;
        };
        if cand.dead || matches!(cand.origin, Origin::User | Origin::Pattern) {
            continue;
        }
        let range = cand.tokens();
        let text = pass.text.get(cand.start..cand.end).unwrap_or("");
        let letters = text.chars().filter(|ch| ch.is_alphabetic()).count();
        let one_word = range.len() == 1;
        fold_into(text, &mut buf);
        let common = is_common_word(gaz, text);
        let known = listed.get(range.start).copied().unwrap_or(false);
        let description = one_word
            && common
            && (alone_in_cell(pass, range.clone()) || (!known && after_article(pass, range.start)));
        let noise = letters <= 1
            || description
            || (cand.kind == EntityKind::Org && terms.contains_key(buf.as_str()));
        if noise {
            pass.remove(c);
            continue;
        }
        // "the General Company": a title before an organisation word.
        if cand.kind == EntityKind::Person
            && range.clone().any(|i| lower_in(pass.word(i), &ORG_WORDS))
            && let Some(cand) = pass.cands.get_mut(c)
        {
            cand.kind = EntityKind::Org;
            cand.detail = None;
        }
    }
}

/// Is `word` a common English word or a noun that heads names ("Government", "Province")?
pub(super) fn is_common_word(gaz: &Gazetteer, word: &str) -> bool {
    let mut folded = String::new();
    fold_into(word, &mut folded);
    gaz.is_stopword(&folded) || lower_in(word, &ORG_WORDS) || lower_in(word, &LOC_WORDS)
}

/// Is token `i` right after an article or possessive ("the Committee")?
fn after_article(pass: &Pass, i: usize) -> bool {
    i > 0 && pass.is(i - 1, LOWER) && lower_in(pass.word(i - 1), &DETERMINERS)
}

/// Do tokens `range` fill a line or a table cell: nothing but separators (a line break,
/// a tab, a bar, two spaces, a colon) before and after?
fn alone_in_cell(pass: &Pass, range: std::ops::Range<usize>) -> bool {
    let (Some(first), Some(last)) = (
        pass.tokens.get(range.start),
        range.end.checked_sub(1).and_then(|l| pass.tokens.get(l)),
    ) else {
        return false;
    };
    let before = pass.text.get(..first.start).unwrap_or("");
    let after = pass.text.get(last.end..).unwrap_or("");
    let edge = |s: &str, at_end: bool| {
        let trimmed = if at_end {
            s.trim_end_matches(' ')
        } else {
            s.trim_start_matches(' ')
        };
        let spaces = s.len() - trimmed.len();
        let next = if at_end {
            trimmed.chars().next_back()
        } else {
            trimmed.chars().next()
        };
        trimmed.is_empty() || spaces >= 2 || matches!(next, Some('\n' | '\r' | '\t' | '|' | ':'))
    };
    (first.is(NEWLINE_BEFORE) || range.start == 0 || edge(before, true)) && edge(after, false)
}

/// Folded acronyms the text mentions at least [`TERM_MENTIONS`] times, never as an actor
/// (followed by "said", "has", "'s"...), with their counts.
fn technical_terms(pass: &Pass) -> HashMap<String, usize, FastHash> {
    let mut counts: HashMap<&str, (usize, bool), FastHash> = HashMap::default();
    for (i, t) in pass.tokens.iter().enumerate() {
        if !t.is(ALL_CAPS) {
            continue;
        }
        let next = pass.word(i + 1);
        let actor = lower_in(next, &ACTOR_WORDS) || next == "'s" || next == "\u{2019}s";
        let entry = counts.entry(t.text(pass.text)).or_insert((0, false));
        entry.0 += 1;
        entry.1 |= actor;
    }
    counts
        .into_iter()
        .filter(|(_, (n, actor))| *n >= TERM_MENTIONS && !actor)
        .map(|(w, (n, _))| (w.to_lowercase(), n))
        .collect()
}

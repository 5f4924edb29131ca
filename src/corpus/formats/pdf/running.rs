//! Running headers and footers: lines at the top or bottom of pages that repeat from page
//! to page (see the parent module's doc, step 1, for the rule).

use std::collections::{HashMap, HashSet};

use super::collect::Line;
use super::layout::similar;

/// The fewest pages a line must repeat on to count as a running header or footer.
pub const MIN_REPEATS: usize = 3;
/// How many lines at the top and at the bottom of a page can be a header or footer.
const ZONE_LINES: usize = 2;

/// Digits masked, case and spacing ignored: "Page 3 of 12" and "Page 4 of 12" are alike.
fn running_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    let mut last_digit = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !last_digit {
                key.push('#');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        if c.is_whitespace() {
            continue;
        }
        key.extend(c.to_lowercase());
    }
    key
}

/// Indices of a page's lines in its top and bottom zones.
fn zone(lines: &[Line]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by(|&a, &b| lines[a].y.total_cmp(&lines[b].y));
    let mut picked: Vec<usize> = order.iter().take(ZONE_LINES).copied().collect();
    picked.extend(order.iter().rev().take(ZONE_LINES));
    picked.sort_unstable();
    picked.dedup();
    picked
}

/// Drops the running headers and footers of every page (see the module doc). The lines of
/// page 1 listed in `keep` (its title) stay whatever they look like.
pub fn drop_running_lines(pages: &mut [Vec<Line>], keep: &[usize]) {
    let with_text = pages.iter().filter(|p| !p.is_empty()).count();
    if with_text < MIN_REPEATS {
        drop_page_numbered_lines(pages, keep);
        return;
    }
    // For each key: the pages it is in the zone of, and its sizes there.
    let mut seen_on: HashMap<String, (usize, Vec<f64>)> = HashMap::new();
    for lines in pages.iter() {
        let mut keys: Vec<(String, f64)> = zone(lines)
            .into_iter()
            .map(|i| (running_key(&lines[i].text), lines[i].size))
            .collect();
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        keys.dedup_by(|a, b| a.0 == b.0);
        for (key, size) in keys {
            let entry = seen_on.entry(key).or_default();
            entry.0 += 1;
            entry.1.push(size);
        }
    }
    let typical_size: HashMap<String, (usize, f64)> = seen_on
        .into_iter()
        .map(|(key, (pages, mut sizes))| {
            sizes.sort_by(f64::total_cmp);
            (key, (pages, sizes[sizes.len() / 2]))
        })
        .collect();
    let needed = MIN_REPEATS.max((with_text * 2).div_ceil(5));
    let folio_offset = folio_offset(pages, needed);
    for (index, lines) in pages.iter_mut().enumerate() {
        let drop: Vec<usize> = zone(lines)
            .into_iter()
            .filter(|&i| !(index == 0 && keep.contains(&i)))
            .filter(|&i| {
                let line = &lines[i];
                // A running line looks the same wherever it runs: the same words at the
                // same size. A title that its pages repeat as a small header is not one.
                typical_size
                    .get(&running_key(&line.text))
                    .is_some_and(|&(n, size)| n >= needed && similar(line.size, size))
                    || folio_offset.is_some_and(|offset| carries_folio(&line.text, index, offset))
            })
            .collect();
        for i in drop.into_iter().rev() {
            lines.remove(i);
        }
    }
}

/// In a document too short for repetition alone to be evidence (two pages with text), a
/// zone line still runs when every page has it, the same but for a number that counts the
/// pages: "Field report - page 1" and "Field report - page 2", "Page 1 of 2", "- 1 -". A
/// line that merely repeats ("Confidential") is kept, as the module doc says.
fn drop_page_numbered_lines(pages: &mut [Vec<Line>], keep: &[usize]) {
    let with_text: Vec<usize> = (0..pages.len()).filter(|&i| !pages[i].is_empty()).collect();
    if with_text.len() < 2 {
        return;
    }
    // For each key with a number: where it is, in page order.
    let mut found: HashMap<String, Vec<Sighting>> = HashMap::new();
    for &index in &with_text {
        let lines = &pages[index];
        for i in zone(lines) {
            let key = running_key(&lines[i].text);
            if key.contains('#') {
                let numbers = numbers_in(&lines[i].text);
                found.entry(key).or_default().push(Sighting {
                    page: index,
                    numbers,
                    size: lines[i].size,
                });
            }
        }
    }
    let running: HashSet<String> = found
        .into_iter()
        .filter(|(_, seen)| counts_the_pages(seen, &with_text))
        .map(|(key, _)| key)
        .collect();
    if running.is_empty() {
        return;
    }
    for (index, lines) in pages.iter_mut().enumerate() {
        let drop: Vec<usize> = zone(lines)
            .into_iter()
            .filter(|&i| !(index == 0 && keep.contains(&i)))
            .filter(|&i| running.contains(&running_key(&lines[i].text)))
            .collect();
        for i in drop.into_iter().rev() {
            lines.remove(i);
        }
    }
}

/// A zone line with a number, on one page.
struct Sighting {
    page: usize,
    /// Its runs of digits ([`numbers_in`]).
    numbers: Vec<Option<i64>>,
    size: f64,
}

impl Sighting {
    /// The `k`th number of the line less the page index.
    fn offset(&self, k: usize) -> Option<i64> {
        let page = i64::try_from(self.page).ok()?;
        self.numbers.get(k).copied().flatten().map(|n| n - page)
    }
}

/// True when a line (seen as one key) is on each page with text once, at about one size,
/// with a number that is the page index plus one fixed offset on every page.
fn counts_the_pages(seen: &[Sighting], with_text: &[usize]) -> bool {
    let on: Vec<usize> = seen.iter().map(|s| s.page).collect();
    let Some(first) = seen.first() else {
        return false;
    };
    on == with_text
        && seen
            .iter()
            .all(|s| similar(s.size, first.size) && s.numbers.len() == first.numbers.len())
        && (0..first.numbers.len()).any(|k| {
            let expected = first.offset(k);
            expected.is_some() && seen.iter().all(|s| s.offset(k) == expected)
        })
}

/// Every run of digits in `text` as a number (None when it is too long to be one).
fn numbers_in(text: &str) -> Vec<Option<i64>> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| !run.is_empty())
        .map(|run| (run.len() <= 9).then(|| run.parse().ok()).flatten())
        .collect()
}

/// The numbers in a line that can be page numbers: a number (up to 5 digits) at its very
/// start or end, punctuation aside ("7", "- 7 -", "Chapter 3: Utilities 7", "12 | Report").
fn folio_candidates(text: &str) -> impl Iterator<Item = i64> {
    let core = text.trim_matches(|c: char| !c.is_alphanumeric());
    let leading: String = core.chars().take_while(char::is_ascii_digit).collect();
    let trailing: String = {
        let rev: String = core
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        rev.chars().rev().collect()
    };
    let parse = |t: String| {
        (!t.is_empty() && t.len() <= 5)
            .then(|| t.parse().ok())
            .flatten()
    };
    let first = parse(leading);
    let last = if core.len() > trailing.len() {
        parse(trailing)
    } else {
        None
    };
    first.into_iter().chain(last)
}

/// Running heads whose text changes from chapter to chapter ("Chapter 3: Utilities 7")
/// still carry the page number: a number that goes up with the page index. If one offset
/// between page index and a number in the top or bottom zone holds on `needed` pages, that
/// offset identifies the printed page numbers.
fn folio_offset(pages: &[Vec<Line>], needed: usize) -> Option<i64> {
    let mut pages_by_offset: HashMap<i64, usize> = HashMap::new();
    for (index, lines) in pages.iter().enumerate() {
        let mut offsets: Vec<i64> = zone(lines)
            .into_iter()
            .flat_map(|i| folio_candidates(&lines[i].text))
            .map(|n| index as i64 - n)
            .collect();
        offsets.sort_unstable();
        offsets.dedup();
        for offset in offsets {
            *pages_by_offset.entry(offset).or_default() += 1;
        }
    }
    pages_by_offset
        .into_iter()
        .filter(|&(_, n)| n >= needed)
        .max_by_key(|&(offset, n)| (n, -offset.abs()))
        .map(|(offset, _)| offset)
}

/// True when a zone line shows the page number that `offset` predicts for page `index`.
fn carries_folio(text: &str, index: usize, offset: i64) -> bool {
    folio_candidates(text).any(|n| index as i64 - n == offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, y: f64) -> Line {
        Line {
            text: text.to_owned(),
            x0: 72.0,
            x1: 300.0,
            y,
            size: 10.0,
            words: Vec::new(),
            chars: text.chars().count(),
        }
    }

    /// Two pages, each with `head` (its `{}` the page number) above two lines of body text.
    fn two_pages(head: &str) -> Vec<Vec<Line>> {
        (1..=2)
            .map(|n| {
                vec![
                    line(&head.replace("{}", &n.to_string()), 40.0),
                    line("Body text begins here", 60.0),
                    line("and goes on.", 72.0),
                ]
            })
            .collect()
    }

    #[test]
    fn on_two_pages_a_line_that_differs_only_by_its_page_number_runs() {
        for head in [
            "Field report - page {}",
            "Page {} of 2",
            "- {} -",
            "{}",
            "Report 2016 | {}",
        ] {
            let mut pages = two_pages(head);
            drop_running_lines(&mut pages, &[]);
            for lines in &pages {
                let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
                assert_eq!(texts, ["Body text begins here", "and goes on."], "{head}");
            }
        }
    }

    #[test]
    fn on_two_pages_other_repeats_and_the_title_stay() {
        // The same line on both pages without a page count: no evidence on two pages.
        for head in ["Confidential", "Annex 2", "Meeting of 12 May"] {
            let mut pages = two_pages(head);
            drop_running_lines(&mut pages, &[]);
            assert!(pages.iter().all(|p| p.len() == 3), "{head}: {pages:?}");
        }
        // Numbers that do not follow the pages.
        let mut pages = two_pages("Field report - page 1");
        drop_running_lines(&mut pages, &[]);
        assert!(pages.iter().all(|p| p.len() == 3), "{pages:?}");
        // Page 1's title stays whatever it looks like.
        let mut pages = two_pages("Field report - page {}");
        drop_running_lines(&mut pages, &[0]);
        assert_eq!(pages[0][0].text, "Field report - page 1");
        assert_eq!(pages[1].len(), 2);
        // One page: nothing to compare.
        let mut one = vec![two_pages("- {} -").swap_remove(0)];
        drop_running_lines(&mut one, &[]);
        assert_eq!(one[0].len(), 3);
    }

    #[test]
    fn keys_mask_numbers_and_case() {
        assert_eq!(running_key("Page 3 of 12"), running_key("PAGE 14 of 12"));
        assert_ne!(running_key("Annual report"), running_key("Annual review"));
    }
}

//! A tab is a hard boundary for every stage: a sheet is read as a row per line, tabs
//! between cells, and no name runs from one cell into the next ("Ahmed Karimi<TAB>Damascus"
//! is a person and a place, not the person "Ahmed Karimi Damascus"). The stages read a
//! hard-wrapped name across a line break, so a tab is not made one: a mention the stages
//! ran across cells is cut after the pass, its first cell kept as what they found, the
//! cells after it read again on their own.

use super::model::Mention;

/// `mentions` (char offsets into `text`, sorted) with every mention that crosses a tab cut
/// to its first cell; the text of the cells after it is given to `read_alone` (which
/// returns mentions in chars of the text it is given) and what it finds there is kept.
pub fn cut_at_tabs(
    text: &str,
    mentions: Vec<Mention>,
    read_alone: impl Fn(&str) -> Vec<Mention>,
) -> Vec<Mention> {
    if !text.contains('\t') {
        return mentions;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(mentions.len());
    // The names that ran across cells, as cut: (key before, key after).
    let mut cut: Vec<(String, String)> = Vec::new();
    for mut m in mentions {
        let span = chars.get(m.start..m.end).unwrap_or_default();
        let Some(tab) = span.iter().position(|&c| c == '\t') else {
            out.push(m);
            continue;
        };
        let rest_start = m.start + tab + 1;
        let rest_end = m.end;
        // The first cell, without the spaces before the tab.
        let first: String = span[..tab].iter().collect();
        let trimmed = first.trim_end();
        if !trimmed.is_empty() {
            let whole: String = span.iter().collect();
            if m.key == whole.split_whitespace().collect::<Vec<_>>().join(" ") {
                let key = trimmed.split_whitespace().collect::<Vec<_>>().join(" ");
                cut.push((std::mem::replace(&mut m.key, key.clone()), key));
            }
            m.end = m.start + trimmed.chars().count();
            m.detail = None;
            out.push(m);
        }
        let rest: String = chars[rest_start..rest_end].iter().collect();
        out.extend(read_alone(&rest).into_iter().map(|mut r| {
            r.start += rest_start;
            r.end += rest_start;
            r
        }));
    }
    // Elsewhere the text's other mentions of such a name (linked as its alias: "Driver"
    // for "Omar Haddad<TAB>Driver") are the name as cut, or none when they are a part of
    // it that the cut left out.
    if !cut.is_empty() {
        out.retain_mut(|m| {
            let Some((_, key)) = cut.iter().find(|(before, _)| *before == m.key) else {
                return true;
            };
            let written: String = chars
                .get(m.start..m.end)
                .unwrap_or_default()
                .iter()
                .collect();
            let keep = key.contains(written.trim());
            if keep {
                m.key.clone_from(key);
            }
            keep
        });
    }
    out.sort_by_key(|m| (m.start, m.end));
    out
}

//! Words after which a full stop ends no sentence ("Lt. Gen. Townsend", "approx. 40",
//! "(p. 14)"): the sentences that statements, concordance lines and annotate-sentence
//! quote. The recogniser's sentence starts keep their own list in `entities::tokens`: that
//! file is part of the model's feature fingerprint, and a list shared from here would
//! change the features it was trained with.

/// Titles, ranks, months and short forms written with a full stop inside a sentence, in
/// lower case, without the stop.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "maj", "sgt", "spc", "adm", "brig",
    "gov", "sen", "rep", "prof", "jr", "sr", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "cpl", "pfc", "cmdr", "cdr",
    "ft", "mt", "fr", "rev", "hon", "e.g", "i.e", "etc",
];

/// Short forms of reference and measure ("approx. 40 people", "(p. 14)", "et al.") and
/// plural titles.
const REFERENCES: &[&str] = &[
    "approx", "incl", "p", "pp", "fig", "figs", "vol", "para", "cf", "al", "nos", "ch", "sec",
    "art", "lieut", "supt", "insp", "messrs", "gens", "sens", "reps", "ave", "blvd",
];

/// True when `segment` ends with an abbreviation and its full stop ("...said Lt. Gen. "),
/// or with an initial ("Stephen J. "), so that the sentence goes on after it. A segment
/// ending at a line break ends there.
pub fn ends_with_abbreviation(segment: &str) -> bool {
    let trimmed = segment.trim_end_matches([' ', '\u{a0}', '\t']);
    let Some(before_stop) = trimmed.strip_suffix('.') else {
        return false;
    };
    let word = before_stop
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '\''))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    let initial = chars.next().is_some_and(char::is_uppercase) && chars.next().is_none();
    initial
        || ABBREVIATIONS
            .iter()
            .chain(REFERENCES)
            .any(|a| a.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_short_forms_and_initials_go_on_and_words_do_not() {
        for going_on in [
            "said Lt. Gen. ",
            "killed approx. ",
            "the report (p. ",
            "Forces, i.e. ",
            "Stephen J. ",
            "at St. ",
        ] {
            assert!(ends_with_abbreviation(going_on), "{going_on:?}");
        }
        for ended in [
            "Mosul fell. ",
            "It was 2014. ",
            "He left.\n",
            "the stop. ",
            "a.",
            ". ",
        ] {
            assert!(!ends_with_abbreviation(ended), "{ended:?}");
        }
    }
}

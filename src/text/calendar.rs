//! English calendar words, one list for everything that reads or writes them: the date
//! values of the recogniser (`entities::date_value`), the PDF title heuristics, bylines
//! ("8 December 2024") and the reader of the GUM training data.

/// Month names as written, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Weekday names as written, Monday first.
pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The month (1 for January) that `word` names in full or by its usual abbreviation (the
/// first three letters, or "Sept"), in any case, with or without a final full stop.
pub fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    let abbreviated = word.len() == 3 || word.eq_ignore_ascii_case("sept");
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word) || (abbreviated && starts_with_folded(m, word)))
        .map(|i| i as u8 + 1)
}

/// The month (1 for January) whose name begins with `word` ("Janu", "DEC"), in any case;
/// `None` for fewer than three letters.
pub fn month_by_prefix(word: &str) -> Option<u8> {
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| starts_with_folded(m, word))
        .map(|i| i as u8 + 1)
}

/// The weekday (1 for Monday) that `word` names in full, in any case.
pub fn weekday_number(word: &str) -> Option<u8> {
    WEEKDAYS
        .iter()
        .position(|d| d.eq_ignore_ascii_case(word))
        .map(|i| i as u8 + 1)
}

/// Whether `name` begins with `prefix`, ignoring ASCII case.
fn starts_with_folded(name: &str, prefix: &str) -> bool {
    name.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_read_in_full_or_abbreviated_in_any_case() {
        assert_eq!(month_number("january"), Some(1));
        assert_eq!(month_number("Dec."), Some(12));
        assert_eq!(month_number("SEPT"), Some(9));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("ju"), None);
        assert_eq!(month_number("janu"), None);
        assert_eq!(month_number("marched"), None);
        assert_eq!(month_by_prefix("Janu"), Some(1));
        assert_eq!(month_by_prefix("no"), None);
        assert_eq!(month_by_prefix("décembre"), None);
        assert_eq!(weekday_number("sunday"), Some(7));
        assert_eq!(weekday_number("sun"), None);
    }
}

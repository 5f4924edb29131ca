//! What the analyst typed, and the compiled matcher it becomes.
//!
//! Every query, literal or not, is compiled into one [`regex::Regex`]: a literal is escaped,
//! so the regex crate's literal optimisations (memchr, Teddy, case-folded literals) do the
//! work and there is a single code path to get right. A regular expression is first parsed
//! with `regex-syntax` on its own, so that a mistake is reported as one short line with the
//! position in the pattern, not the multi-line caret picture of `regex::Error`.

use std::ops::Range;

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// A search query as the search box holds it.
///
/// The default is an empty, case-sensitive literal query (which matches nothing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Query {
    /// The text or expression to look for.
    pub pattern: String,
    /// `pattern` is a regular expression (regex crate syntax) rather than literal text.
    pub regex: bool,
    /// Case-insensitive matching by Unicode simple case folding ("Ş" finds "ş", "Д" finds
    /// "д"; the full foldings that change length, such as "ß" against "SS", do not apply).
    pub ignore_case: bool,
    /// Matches must not be preceded or followed by a word character (Unicode `\w`: letters,
    /// marks, digits, connectors, in every script). A pattern that starts or ends with a
    /// non-word character ("-ish", "U.S.") is still found.
    pub whole_word: bool,
}

impl Query {
    /// A case-sensitive literal query.
    pub fn literal(pattern: impl Into<String>) -> Self {
        Self {
            pattern: pattern.into(),
            ..Self::default()
        }
    }

    /// A case-sensitive regular expression query.
    pub fn regex(pattern: impl Into<String>) -> Self {
        Self {
            pattern: pattern.into(),
            regex: true,
            ..Self::default()
        }
    }

    /// The same query, ignoring case.
    pub fn ignoring_case(mut self) -> Self {
        self.ignore_case = true;
        self
    }

    /// The same query, matching whole words only.
    pub fn whole_words(mut self) -> Self {
        self.whole_word = true;
        self
    }

    /// Compiles the query once, for use over many documents.
    ///
    /// Regular expressions run in multi-line mode (`^` and `$` match at line ends) and `.`
    /// does not match a newline, as in grep. An empty pattern compiles and matches nothing.
    /// Errors: an invalid regular expression ([`QueryError::Syntax`]) or one that compiles
    /// too large ([`QueryError::TooBig`]); a literal never fails short of the size limit.
    pub fn compile(&self) -> Result<Matcher, QueryError> {
        let body = if self.regex {
            self.check_syntax()?;
            self.pattern.clone()
        } else {
            regex::escape(&self.pattern)
        };
        let full = if self.whole_word {
            // The half boundaries look at one side each, so a pattern that begins or ends
            // with punctuation still matches (plain `\b` would demand a word char there).
            format!(r"\b{{start-half}}(?:{body})\b{{end-half}}")
        } else {
            body
        };
        let regex = RegexBuilder::new(&full)
            .case_insensitive(self.ignore_case)
            .multi_line(true)
            .build()
            .map_err(QueryError::from_regex)?;
        Ok(Matcher {
            regex,
            query: self.clone(),
            over_bytes: OnceLock::new(),
        })
    }

    fn check_syntax(&self) -> Result<(), QueryError> {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(self.ignore_case)
            .multi_line(true)
            .build()
            .parse(&self.pattern)
            .map(drop)
            .map_err(|err| QueryError::from_syntax(&self.pattern, &err))
    }
}

/// Why a query cannot be compiled: one line, fit to show under a search box.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The regular expression is malformed. `at` is the char range of the pattern the
    /// problem is at (so a UI can underline it); `message` says what is wrong.
    #[error("{message} (at character {})", at.start + 1)]
    Syntax {
        /// What is wrong, in one line.
        message: String,
        /// The chars of the pattern where the problem is.
        at: Range<usize>,
    },
    /// The expression compiles to more than the regex crate's size limit (large repetition
    /// counts such as `\w{5000}` do that).
    #[error("the expression is too large (over {limit_mb} MB compiled); simplify it")]
    TooBig {
        /// The size limit, in MB.
        limit_mb: usize,
    },
    /// Anything else the regex crate reports, condensed to its last line.
    #[error("{0}")]
    Other(String),
}

impl QueryError {
    fn from_syntax(pattern: &str, err: &regex_syntax::Error) -> Self {
        let (message, span) = match err {
            regex_syntax::Error::Parse(e) => (e.kind().to_string(), *e.span()),
            regex_syntax::Error::Translate(e) => (e.kind().to_string(), *e.span()),
            other => return Self::Other(last_line(&other.to_string())),
        };
        let char_at = |byte: usize| pattern.get(..byte).map_or(0, |s| s.chars().count());
        let start = char_at(span.start.offset);
        let end = char_at(span.end.offset).max(start);
        Self::Syntax {
            message,
            at: start..end,
        }
    }

    fn from_regex(err: regex::Error) -> Self {
        match err {
            regex::Error::CompiledTooBig(limit) => Self::TooBig {
                limit_mb: limit.div_ceil(1_000_000),
            },
            other => Self::Other(last_line(&other.to_string())),
        }
    }
}

/// The line of a multi-line regex error that says what is wrong ("error: ..." last).
fn last_line(message: &str) -> String {
    let line = message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or(message);
    line.trim().trim_start_matches("error:").trim().to_owned()
}

/// A compiled query. Cheap to share between threads (`&Matcher` is `Sync`).
#[derive(Clone, Debug)]
pub struct Matcher {
    regex: Regex,
    query: Query,
    /// The same expression over bytes, built on first use ([`Matcher::may_match_bytes`]);
    /// `None` if it would not build.
    over_bytes: OnceLock<Option<regex::bytes::Regex>>,
}

impl Matcher {
    /// The query this matcher was compiled from.
    pub fn query(&self) -> &Query {
        &self.query
    }

    /// False only when `text`, taken as UTF-8 (not checked), holds no match: what
    /// [`Matcher::find_iter`] would find in it as a `&str` is nothing. For a text not yet
    /// known to be UTF-8 (a file's bytes), so that one without a match is never checked
    /// nor decoded. The expression over bytes matches as over text on valid UTF-8 (Unicode
    /// classes and case folding alike); on other bytes it may say true, never false
    /// wrongly for the text they would decode to when that is the bytes themselves.
    pub fn may_match_bytes(&self, text: &[u8]) -> bool {
        let over_bytes = self.over_bytes.get_or_init(|| {
            regex::bytes::RegexBuilder::new(self.regex.as_str())
                .case_insensitive(self.query.ignore_case)
                .multi_line(true)
                .build()
                .ok()
        });
        // An expression that matches only the empty string has no match worth listing,
        // but saying so is left to the search: true here is always safe.
        over_bytes.as_ref().is_none_or(|r| r.is_match(text))
    }

    /// Byte ranges of the non-overlapping, non-empty matches in `haystack`, left to right.
    ///
    /// Empty matches (from patterns such as `a*` or `\b`) are skipped: they cannot be
    /// shown or annotated, and would otherwise flood the results with one hit per char.
    pub fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = Range<usize>> + 'h {
        self.regex
            .find_iter(haystack)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &Query, text: &str) -> Vec<String> {
        let matcher = query.compile().expect("query compiles");
        matcher
            .find_iter(text)
            .map(|r| text[r].to_owned())
            .collect()
    }

    /// The check over bytes agrees with the search over text, in every mode and script.
    #[test]
    fn a_text_without_a_match_is_known_from_its_bytes() {
        let texts = [
            "Russian jets left Hmeimim.",
            "Авиабаза Хмеймим. В ХМЕЙМИМЕ тихо",
            "قاعدة حميميم الجوية",
            "L'été à Lattaquié",
            "",
        ];
        let queries = [
            Query::literal("Hmeimim"),
            Query::literal("хмеймим").ignoring_case().whole_words(),
            Query::literal("хмеймим").whole_words(),
            Query::regex(r"حميميم\b"),
            Query::literal("LATTAQUIÉ").ignoring_case(),
            Query::regex(r"^L'\w+"),
            Query::regex(r"\d+"),
        ];
        for query in &queries {
            let matcher = query.compile().expect("compiles");
            for text in texts {
                let found = matcher.find_iter(text).next().is_some();
                let may = matcher.may_match_bytes(text.as_bytes());
                assert!(may || !found, "{query:?} in {text:?}");
                assert_eq!(may, found, "{query:?} in {text:?}");
            }
        }
        // Bytes that are not UTF-8 never hide a match.
        let latin1 = b"L'\xe9t\xe9 \xe0 Lattaqui\xe9";
        assert!(
            Query::literal("Lattaqui")
                .compile()
                .expect("compiles")
                .may_match_bytes(latin1)
        );
    }

    #[test]
    fn literals_are_not_expressions() {
        assert_eq!(found(&Query::literal("a.b"), "axb a.b"), ["a.b"]);
        assert_eq!(found(&Query::literal("(x"), "f(x)"), ["(x"]);
    }

    #[test]
    fn case_folding_is_unicode_aware() {
        let q = Query::literal("şam").ignoring_case();
        assert_eq!(found(&q, "ŞAM, Şam, şam"), ["ŞAM", "Şam", "şam"]);
        let q = Query::literal("москва").ignoring_case();
        assert_eq!(found(&q, "МОСКВА и Москва"), ["МОСКВА", "Москва"]);
        assert!(found(&Query::literal("москва"), "МОСКВА").is_empty());
    }

    #[test]
    fn whole_words_respect_letters_of_every_script() {
        let q = Query::literal("base").whole_words();
        assert_eq!(found(&q, "base bases airbase base."), ["base", "base"]);
        let q = Query::literal("Тартус").whole_words();
        assert_eq!(found(&q, "Тартусе Тартус"), ["Тартус"]);
        // A word char of another script next to the pattern still blocks it.
        let q = Query::literal("abc").whole_words();
        assert!(found(&q, "abcé éabc").is_empty());
        // A pattern starting with punctuation is still found after a space.
        let q = Query::literal("-ish").whole_words();
        assert_eq!(found(&q, "red -ish reddish"), ["-ish"]);
    }

    #[test]
    fn empty_matches_are_skipped() {
        assert_eq!(found(&Query::regex("x*"), "axxbx"), ["xx", "x"]);
        assert!(found(&Query::regex(r"\b"), "two words").is_empty());
        assert!(found(&Query::literal(""), "anything").is_empty());
    }

    #[test]
    fn anchors_work_per_line() {
        assert_eq!(
            found(&Query::regex("^[A-Z]\\w+"), "Alpha one\nBeta two"),
            ["Alpha", "Beta"]
        );
        assert!(found(&Query::regex("a.b"), "a\nb").is_empty());
    }

    #[test]
    fn a_bad_expression_is_one_line_with_its_position() {
        let err = Query::regex("Hmeimim (air")
            .compile()
            .expect_err("unclosed");
        let QueryError::Syntax { message, at } = &err else {
            panic!("expected a syntax error, got {err:?}");
        };
        assert_eq!(message, "unclosed group");
        assert_eq!(at.start, 8);
        let shown = err.to_string();
        assert_eq!(shown, "unclosed group (at character 9)");
        assert!(!shown.contains('\n'));
    }

    #[test]
    fn error_positions_count_chars_not_bytes() {
        let err = Query::regex(r"Тартус\q").compile().expect_err("bad escape");
        let QueryError::Syntax { at, .. } = &err else {
            panic!("expected a syntax error, got {err:?}");
        };
        assert_eq!(*at, 6..8);
        assert_eq!(
            err.to_string(),
            "unrecognized escape sequence (at character 7)"
        );
    }

    #[test]
    fn oversized_expressions_are_refused_cleanly() {
        let err = Query::regex(r"\w{1000}\w{1000}\w{1000}")
            .compile()
            .expect_err("too big");
        assert!(matches!(err, QueryError::TooBig { .. }), "{err:?}");
        assert!(!err.to_string().contains('\n'));
    }
}

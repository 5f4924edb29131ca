//! What a reader knows about stretches of a document's text beyond the words: the lines
//! that quote an earlier message (an email's "> ..." lines and "On ... wrote:" blocks),
//! and the names the file's structure gives (the people of an email's From, To and Cc).
//!
//! Both are char ranges of the text, end-exclusive, sorted and disjoint. The window dims
//! the quoted ranges; entity recognition leaves out the mentions inside them (a reply
//! quoting a message would otherwise count its people again) and adds a person for each
//! named span (see `entities::Recognizer::recognize_document`). Empty for every format but
//! email.

use std::ops::Range;

use serde::{Deserialize, Serialize};

/// See the module doc.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextMarks {
    /// Char ranges that quote another text (sorted, disjoint).
    pub quoted: Vec<Range<usize>>,
    /// Spans of the text the file's structure says name a person (sorted, disjoint).
    pub people: Vec<NamedSpan>,
}

/// A span of the text that names a person: "Jane Analyst" or "jane@example.org" in
/// "From: Jane Analyst <jane@example.org>", both named "Jane Analyst".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedSpan {
    /// The span, in chars.
    pub chars: Range<usize>,
    /// The person's name, as the header gives it (the address when it gives no name).
    pub name: String,
}

impl TextMarks {
    /// True when there is nothing marked.
    pub fn is_empty(&self) -> bool {
        self.quoted.is_empty() && self.people.is_empty()
    }

    /// Whether the char range `span` lies wholly inside a quoted range.
    pub fn is_quoted(&self, span: Range<usize>) -> bool {
        let i = self.quoted.partition_point(|q| q.end < span.end);
        self.quoted
            .get(i)
            .is_some_and(|q| q.start <= span.start && span.end <= q.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_quoted_only_when_a_quoted_range_holds_all_of_it() {
        let marks = TextMarks {
            quoted: vec![5..10, 20..30],
            people: Vec::new(),
        };
        assert!(marks.is_quoted(5..10));
        assert!(marks.is_quoted(21..29));
        assert!(!marks.is_quoted(8..12));
        assert!(!marks.is_quoted(0..3));
        assert!(!marks.is_quoted(30..31));
        assert!(!TextMarks::default().is_quoted(0..1));
    }
}

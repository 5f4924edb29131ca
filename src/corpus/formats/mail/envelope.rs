//! A message's envelope: From, To, Cc, Date, Subject and the ids threads are built from,
//! whatever file the message came from (an `.eml` through `mail-parser`, an Outlook
//! `.msg` through its properties), and the one way it is written: as the first lines of
//! the message's text (each person a named span) and as its metadata.

use mail_parser::{Address, HeaderValue, Message};

use crate::corpus::document::Metadata;
use crate::corpus::marks::NamedSpan;

/// A person of an address header, by name, address or both (never neither).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// "Jane Analyst".
    pub name: Option<String>,
    /// "jane@example.org".
    pub email: Option<String>,
}

impl Person {
    /// The person named `name` at `email`, each on one line and kept only when not empty;
    /// a name that is the address again is left out. `None` when neither is left.
    pub fn new(name: Option<&str>, email: Option<&str>) -> Option<Self> {
        let clean = |s: Option<&str>| s.map(one_line).filter(|s| !s.is_empty());
        let email = clean(email);
        let name = clean(name).filter(|n| Some(n) != email.as_ref());
        (name.is_some() || email.is_some()).then_some(Self { name, email })
    }

    /// "Jane Analyst <jane@example.org>", or the one of them it has.
    fn listed(&self) -> String {
        match (&self.name, &self.email) {
            (Some(n), Some(e)) => format!("{n} <{e}>"),
            (Some(one), None) | (None, Some(one)) => one.clone(),
            (None, None) => String::new(),
        }
    }
}

/// What a message's header says about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Envelope {
    /// From.
    pub from: Vec<Person>,
    /// To.
    pub to: Vec<Person>,
    /// Cc.
    pub cc: Vec<Person>,
    /// Bcc: an Outlook message's blind copies, known to its sender's copy (an `.eml`'s
    /// Bcc header is not read).
    pub bcc: Vec<Person>,
    /// The Date as written, on one line (the text's "Date:" line).
    pub date_written: Option<String>,
    /// The date in RFC 3339 (the document's date).
    pub date: Option<String>,
    /// Where the date came from when not from the message's own Date (said in the
    /// metadata as `date_source`): "the mbox envelope".
    pub date_source: Option<&'static str>,
    /// The Subject, on one line.
    pub subject: Option<String>,
    /// The Message-ID, without angle brackets.
    pub message_id: Option<String>,
    /// The ids of In-Reply-To.
    pub in_reply_to: Vec<String>,
    /// The ids of References.
    pub references: Vec<String>,
}

impl Envelope {
    /// The envelope of a message `mail-parser` read.
    pub fn of_message(message: &Message<'_>) -> Self {
        let people = |a: Option<&Address<'_>>| a.map(people).unwrap_or_default();
        Self {
            from: people(message.from()),
            to: people(message.to()),
            cc: people(message.cc()),
            bcc: Vec::new(),
            date_written: message
                .header_raw("Date")
                .map(one_line)
                .filter(|s| !s.is_empty()),
            date: message
                .date()
                .filter(|d| d.is_valid())
                .map(|d| d.to_rfc3339()),
            date_source: None,
            subject: message.subject().map(one_line).filter(|s| !s.is_empty()),
            message_id: message.message_id().map(one_line).filter(|s| !s.is_empty()),
            in_reply_to: ids(message.in_reply_to()),
            references: ids(message.references()),
        }
    }

    /// "From: ...", "To: ...", "Cc: ...", "Bcc: ...", "Date: ...", "Subject: ..." lines, and the same
    /// in the metadata (From's first person the author, Subject the title).
    pub fn write(&self, text: &mut TextWriter, meta: &mut Metadata) {
        for (label, key, people) in [
            ("From", "from", &self.from),
            ("To", "to", &self.to),
            ("Cc", "cc", &self.cc),
            ("Bcc", "bcc", &self.bcc),
        ] {
            if people.is_empty() {
                continue;
            }
            text.push(label);
            text.push(": ");
            for (i, person) in people.iter().enumerate() {
                if i > 0 {
                    text.push(", ");
                }
                write_person(text, person);
            }
            text.push("\n");
            let listed: Vec<String> = people.iter().map(Person::listed).collect();
            meta.extra.insert(key.to_owned(), listed.join(", "));
        }
        if let Some(first) = self.from.first() {
            meta.author = first.name.clone().or_else(|| first.email.clone());
        }
        meta.date.clone_from(&self.date);
        if let (Some(_), Some(source)) = (&self.date, self.date_source) {
            meta.set("date_source", source.to_owned());
        }
        if let Some(date) = &self.date_written {
            text.push("Date: ");
            text.push(date);
            text.push("\n");
        }
        if let Some(subject) = &self.subject {
            text.push("Subject: ");
            text.push(subject);
            text.push("\n");
            meta.title = Some(subject.clone());
        }
        if let Some(id) = &self.message_id {
            meta.set("message_id", id.clone());
        }
        meta.set("in_reply_to", self.in_reply_to.join(" "));
        meta.set("references", self.references.join(" "));
    }
}

/// The text being written, its length in chars and the people named in it.
#[derive(Default)]
pub struct TextWriter {
    pub text: String,
    pub chars: usize,
    pub people: Vec<NamedSpan>,
}

impl TextWriter {
    pub fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    /// Writes `s` as a span naming the person `name`.
    fn push_person(&mut self, s: &str, name: &str) {
        let start = self.chars;
        self.push(s);
        self.people.push(NamedSpan {
            chars: start..self.chars,
            name: name.to_owned(),
        });
    }
}

/// "Jane Analyst <jane@example.org>", with the name and the address each a span naming
/// Jane Analyst; a bare address names the person by the address.
fn write_person(text: &mut TextWriter, person: &Person) {
    match (person.name.as_deref(), person.email.as_deref()) {
        (Some(name), Some(email)) => {
            text.push_person(name, name);
            text.push(" <");
            text.push_person(email, name);
            text.push(">");
        }
        (Some(one), None) | (None, Some(one)) => text.push_person(one, one),
        (None, None) => {}
    }
}

/// The people of an address header, groups flattened.
fn people(address: &Address<'_>) -> Vec<Person> {
    address
        .iter()
        .filter_map(|a| Person::new(a.name.as_deref(), a.address.as_deref()))
        .collect()
}

/// The message ids of In-Reply-To or References, without angle brackets.
pub fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    let listed: Vec<&str> = match value {
        HeaderValue::Text(t) => vec![t.as_ref()],
        HeaderValue::TextList(list) => list.iter().map(AsRef::as_ref).collect(),
        _ => Vec::new(),
    };
    listed
        .into_iter()
        .map(one_line)
        .filter(|id| !id.is_empty())
        .collect()
}

/// `s` on one line, whitespace runs as one space (a folded header, a name with a tab).
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

//! Outlook messages (`.msg`) made in code with `cfb`'s writer: the MS-OXMSG layout of a
//! message's properties (strings as `__substg1.0_` streams, numbers and times in the
//! `__properties_version1.0` stream), its recipients, its attachments and attached
//! messages, for the `.msg` tests, the memory bound and the fuzz seeds.

use std::io::{Cursor, Write};

/// A person: a display name and an address.
pub type Person = (&'static str, &'static str);

/// One attachment: a file, or a message attached whole.
pub enum Attached {
    /// A file's name and bytes.
    File(String, Vec<u8>),
    /// A file's name, MIME tag (PidTagAttachMimeTag) and bytes.
    Typed(String, String, Vec<u8>),
    /// A message, under the display name given.
    Message(String, Box<Msg>),
}

/// A message's properties; what is `None` or empty is not written.
#[derive(Default)]
pub struct Msg {
    pub subject: Option<String>,
    pub sender: Option<Person>,
    pub to: Vec<Person>,
    pub cc: Vec<Person>,
    /// Bcc: in the recipients table (type 3) and PidTagDisplayBcc.
    pub bcc: Vec<Person>,
    /// The plain-text body (UTF-16).
    pub body: Option<String>,
    /// The plain-text body in an 8-bit code page, with the code page's number.
    pub body_8bit: Option<(u32, Vec<u8>)>,
    /// The HTML body (bytes, as Outlook keeps it).
    pub html: Option<String>,
    /// A compressed RTF body: the bytes of its stream (`PR_RTF_COMPRESSED`).
    pub rtf: Option<Vec<u8>>,
    /// PR_CLIENT_SUBMIT_TIME, in seconds since 1970.
    pub sent: Option<i64>,
    /// The transport headers of a message that was sent.
    pub headers: Option<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub attachments: Vec<Attached>,
}

const PT_LONG: u16 = 0x0003;
const PT_SYSTIME: u16 = 0x0040;

impl Msg {
    /// The message as a `.msg` file.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("create");
        self.write(&mut file, "", 32);
        // The same bytes every time: cfb stamps storages with the time they are made.
        let storages: Vec<_> = file
            .walk()
            .filter(|e| !e.is_stream())
            .map(|e| e.path().to_path_buf())
            .collect();
        let made = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_709_631_000);
        for storage in storages {
            file.set_created_time(&storage, made).expect("time");
            file.set_modified_time(&storage, made).expect("time");
        }
        file.flush().expect("flush");
        file.into_inner().into_inner()
    }

    /// Writes the message into the storage `at` ("" for the root), its properties stream
    /// with a header of `header` bytes (32 for the file's message, 24 for an attached one).
    fn write(&self, file: &mut Ole, at: &str, header: usize) {
        let mut fixed = Vec::new();
        let mut text = |id: u16, value: &Option<String>| {
            if let Some(value) = value {
                unicode(file, at, id, value);
            }
        };
        text(0x0037, &self.subject);
        text(0x1000, &self.body);
        text(0x007D, &self.headers);
        text(0x1035, &self.message_id);
        text(0x1042, &self.in_reply_to);
        if let Some((name, address)) = self.sender {
            unicode(file, at, 0x0C1A, name);
            unicode(file, at, 0x5D01, address);
            // An Exchange address, which a reader must pass over.
            unicode(
                file,
                at,
                0x0C1F,
                "/O=EXAMPLE/OU=EXCHANGE/CN=RECIPIENTS/CN=SENDER",
            );
        }
        if let Some((codepage, bytes)) = &self.body_8bit {
            stream(file, &format!("{at}/__substg1.0_1000001E"), bytes);
            fixed.push(entry(0x3FFD, PT_LONG, u64::from(*codepage)));
        }
        if let Some(html) = &self.html {
            stream(file, &format!("{at}/__substg1.0_10130102"), html.as_bytes());
        }
        if let Some(rtf) = &self.rtf {
            stream(file, &format!("{at}/__substg1.0_10090102"), rtf);
        }
        if let Some(seconds) = self.sent {
            let filetime = (seconds + 11_644_473_600) as u64 * 10_000_000;
            fixed.push(entry(0x0039, PT_SYSTIME, filetime));
        }
        let display = |people: &[Person]| {
            let names: Vec<&str> = people.iter().map(|p| p.0).collect();
            names.join("; ")
        };
        unicode(file, at, 0x0E04, &display(&self.to));
        unicode(file, at, 0x0E03, &display(&self.cc));
        unicode(file, at, 0x0E02, &display(&self.bcc));
        let recipients = self
            .to
            .iter()
            .map(|p| (p, 1))
            .chain(self.cc.iter().map(|p| (p, 2)))
            .chain(self.bcc.iter().map(|p| (p, 3)));
        for (i, ((name, address), kind)) in recipients.enumerate() {
            let storage = format!("{at}/__recip_version1.0_#{i:08X}");
            file.create_storage(&storage).expect("storage");
            unicode(file, &storage, 0x3001, name);
            unicode(file, &storage, 0x39FE, address);
            properties(file, &storage, 8, &[entry(0x0C15, PT_LONG, kind)]);
        }
        for (i, attached) in self.attachments.iter().enumerate() {
            let storage = format!("{at}/__attach_version1.0_#{i:08X}");
            file.create_storage(&storage).expect("storage");
            match attached {
                Attached::File(name, bytes) => {
                    unicode(file, &storage, 0x3707, name);
                    stream(file, &format!("{storage}/__substg1.0_37010102"), bytes);
                    properties(file, &storage, 8, &[entry(0x3705, PT_LONG, 1)]);
                }
                Attached::Typed(name, mime, bytes) => {
                    unicode(file, &storage, 0x3707, name);
                    unicode(file, &storage, 0x370E, mime);
                    stream(file, &format!("{storage}/__substg1.0_37010102"), bytes);
                    properties(file, &storage, 8, &[entry(0x3705, PT_LONG, 1)]);
                }
                Attached::Message(name, message) => {
                    unicode(file, &storage, 0x3001, name);
                    let inner = format!("{storage}/__substg1.0_3701000D");
                    file.create_storage(&inner).expect("storage");
                    message.write(file, &inner, 24);
                    properties(file, &storage, 8, &[entry(0x3705, PT_LONG, 5)]);
                }
            }
        }
        properties(file, at, header, &fixed);
    }
}

type Ole = cfb::CompoundFile<Cursor<Vec<u8>>>;

/// A fixed-size property entry: tag, flags, value.
fn entry(id: u16, kind: u16, value: u64) -> Vec<u8> {
    let tag = (u32::from(id) << 16) | u32::from(kind);
    [
        &tag.to_le_bytes()[..],
        &6u32.to_le_bytes(),
        &value.to_le_bytes(),
    ]
    .concat()
}

fn properties(file: &mut Ole, at: &str, header: usize, entries: &[Vec<u8>]) {
    let bytes = [vec![0u8; header], entries.concat()].concat();
    stream(file, &format!("{at}/__properties_version1.0"), &bytes);
}

fn unicode(file: &mut Ole, at: &str, id: u16, value: &str) {
    if value.is_empty() {
        return;
    }
    let bytes: Vec<u8> = value.encode_utf16().flat_map(u16::to_le_bytes).collect();
    stream(file, &format!("{at}/__substg1.0_{id:04X}001F"), &bytes);
}

fn stream(file: &mut Ole, path: &str, bytes: &[u8]) {
    let mut s = file.create_stream(path).expect("stream");
    s.write_all(bytes).expect("write");
}

/// A message with a plain body, To and Cc, a time and the ids of a reply, a text file and
/// a CSV table attached, and a message attached whole.
pub fn report() -> Msg {
    Msg {
        subject: Some("Budget report".to_owned()),
        sender: Some(("Jane Analyst", "jane@example.org")),
        to: vec![("Bob Editor", "bob@example.org")],
        cc: vec![("Sam Lee", "sam@example.org")],
        body: Some("The budget is attached.\r\n\r\nOn Mon, 4 Mar 2024, Bob Editor wrote:\r\n> Send the budget.\r\n".to_owned()),
        // 2024-03-05 09:30:00 UTC.
        sent: Some(1_709_631_000),
        message_id: Some("<report@example.org>".to_owned()),
        in_reply_to: Some("<ask@example.org>".to_owned()),
        attachments: vec![
            Attached::File(
                "notes.txt".to_owned(),
                b"Notes from the meeting in Damascus.".to_vec(),
            ),
            Attached::File("budget.csv".to_owned(), b"item,amount\nrent,1200\n".to_vec()),
            Attached::Message(
                "Fwd: the first draft".to_owned(),
                Box::new(Msg {
                    subject: Some("The first draft".to_owned()),
                    sender: Some(("Bob Editor", "bob@example.org")),
                    body: Some("Here is the first draft.".to_owned()),
                    ..Msg::default()
                }),
            ),
        ],
        ..Msg::default()
    }
}

/// Small `.msg` inputs of the kinds the reader meets, good and bad: the fuzz seeds (and
/// the committed corpus), named by what they are.
/// RTF as a `PR_RTF_COMPRESSED` stream that stores it uncompressed ("MELA", MS-OXRTFCP).
pub fn stored_rtf(rtf: &[u8]) -> Vec<u8> {
    let mut stream = Vec::new();
    stream.extend((rtf.len() as u32 + 12).to_le_bytes());
    stream.extend((rtf.len() as u32).to_le_bytes());
    stream.extend(b"MELA");
    stream.extend(0u32.to_le_bytes());
    stream.extend(rtf);
    stream
}

pub fn fuzz_seeds() -> Vec<(&'static str, Vec<u8>)> {
    let report = report().to_bytes();
    let html = Msg {
        subject: Some("تقرير الميزانية".to_owned()),
        html: Some("<html><body><p>One.</p><blockquote>Two.</blockquote></body></html>".to_owned()),
        headers: Some("Date: Tue, 5 Mar 2024 09:30:00 +0100\r\nMessage-ID: <h@example.org>\r\nReferences: <a@example.org> <b@example.org>\r\n".to_owned()),
        ..Msg::default()
    };
    let ansi = Msg {
        subject: Some("Code page".to_owned()),
        body_8bit: Some((1256, vec![0xC7, 0xE1, 0xD3, 0xE1, 0xC7, 0xE3])),
        rtf: Some(stored_rtf(br"{\rtf1\ansi Rich \b text\b0 .\par}")),
        ..Msg::default()
    };
    let cut = report[..report.len() / 2].to_vec();
    vec![
        ("report.msg", report),
        ("html.msg", html.to_bytes()),
        ("ansi.msg", ansi.to_bytes()),
        ("cut.msg", cut),
    ]
}

/// A message of `text`'s paragraphs as its body, with every tenth attached again as a text
/// file: the larger input of the memory bound.
pub fn large(text: &str) -> Vec<u8> {
    let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    Msg {
        subject: Some("Paragraphs".to_owned()),
        sender: Some(("Writer", "w@example.org")),
        to: vec![("Desk", "desk@example.org")],
        body: Some(paragraphs.join("\r\n")),
        attachments: paragraphs
            .iter()
            .step_by(10)
            .enumerate()
            .map(|(i, p)| Attached::File(format!("p{i}.txt"), p.as_bytes().to_vec()))
            .collect(),
        ..Msg::default()
    }
    .to_bytes()
}

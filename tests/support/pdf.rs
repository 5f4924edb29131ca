//! PDFs made with `lopdf`: text in the standard Helvetica font, laid out like a report
//! (running header, page number footer, justified paragraphs with words hyphenated at line
//! ends), plus image-only, password-protected and truncated variants.

use lopdf::content::{Content, Operation};
use lopdf::{
    Dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions, Stream,
    StringFormat, dictionary,
};

pub const PAGE_WIDTH: f64 = 595.0;
pub const PAGE_HEIGHT: f64 = 842.0;
const LEFT: f64 = 72.0;
const TOP: f64 = 770.0;
const BOTTOM: f64 = 80.0;
const SIZE: f64 = 10.0;
const LEADING: f64 = 13.0;
/// Characters per line of body text (Helvetica at 10 pt averages about 5 pt a char).
const LINE_CHARS: usize = 88;

/// One line of text at a position (y from the bottom, as PDF has it).
#[derive(Clone, Debug)]
pub struct Placed {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// A report-like document.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub title: Option<String>,
    pub author: Option<String>,
    /// Printed at the top of every page, with `{page}` replaced by the page number.
    pub running_header: Option<String>,
    /// "Page N" at the bottom of every page.
    pub page_numbers: bool,
    /// Paragraphs of body text, flowed over as many pages as they need.
    pub paragraphs: Vec<String>,
    /// Break long words at line ends with a hyphen.
    pub hyphenate: bool,
}

impl Report {
    /// The pages as placed lines: header, flowed body, footer.
    pub fn pages(&self) -> Vec<Vec<Placed>> {
        let mut pages: Vec<Vec<Placed>> = Vec::new();
        let mut page: Vec<Placed> = Vec::new();
        let mut y = TOP;
        for paragraph in &self.paragraphs {
            let lines = wrap(paragraph, LINE_CHARS, self.hyphenate);
            for (i, line) in lines.iter().enumerate() {
                if y < BOTTOM {
                    pages.push(std::mem::take(&mut page));
                    y = TOP;
                }
                // First-line indent and a half-line gap between paragraphs, as reports do.
                let x = if i == 0 { LEFT + 18.0 } else { LEFT };
                page.push(Placed {
                    text: line.clone(),
                    x,
                    y,
                    size: SIZE,
                });
                y -= LEADING;
            }
            y -= LEADING * 0.6;
        }
        if !page.is_empty() {
            pages.push(page);
        }
        let total = pages.len();
        for (n, page) in pages.iter_mut().enumerate() {
            if let Some(header) = &self.running_header {
                page.insert(
                    0,
                    Placed {
                        text: header.replace("{page}", &(n + 1).to_string()),
                        x: LEFT,
                        y: 805.0,
                        size: 8.0,
                    },
                );
            }
            if self.page_numbers {
                page.push(Placed {
                    text: format!("Page {} of {total}", n + 1),
                    x: 270.0,
                    y: 40.0,
                    size: 8.0,
                });
            }
        }
        pages
    }

    pub fn to_pdf(&self) -> Vec<u8> {
        let mut doc = build(&self.pages(), &[]);
        set_info(&mut doc, self.title.as_deref(), self.author.as_deref());
        save(&mut doc)
    }
}

/// Greedy word wrap to `width` chars; with `hyphenate`, a long word that does not fit is
/// split with a hyphen so the line is filled.
pub fn wrap(text: &str, width: usize, hyphenate: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.len()
        } else {
            line.len() + 1 + word.len()
        };
        if needed <= width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            continue;
        }
        let room = width.saturating_sub(line.len() + usize::from(!line.is_empty()) + 1);
        let alphabetic = word.chars().all(|c| c.is_ascii_alphabetic());
        if hyphenate && alphabetic && word.len() >= 8 && room >= 3 && word.len() - room >= 3 {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(&word[..room]);
            line.push('-');
            lines.push(std::mem::take(&mut line));
            line.push_str(&word[room..]);
        } else {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A document of `pages`, each drawing its lines in Helvetica and then the named images.
pub fn build(pages: &[Vec<Placed>], images_per_page: &[usize]) -> Document {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
    });
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 2,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        vec![0x00, 0xFF, 0x7F, 0x10],
    ));
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "Im1" => image_id },
    });
    let mut kids = Vec::new();
    for (n, lines) in pages.iter().enumerate() {
        let mut ops = Vec::new();
        for line in lines {
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&line.text);
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), line.size.into()]));
            ops.push(Operation::new("Td", vec![line.x.into(), line.y.into()]));
            ops.push(Operation::new(
                "Tj",
                vec![Object::String(bytes.into_owned(), StringFormat::Literal)],
            ));
            ops.push(Operation::new("ET", vec![]));
        }
        for _ in 0..images_per_page.get(n).copied().unwrap_or(0) {
            ops.push(Operation::new("q", vec![]));
            ops.push(Operation::new(
                "cm",
                vec![
                    PAGE_WIDTH.into(),
                    0.into(),
                    0.into(),
                    PAGE_HEIGHT.into(),
                    0.into(),
                    0.into(),
                ],
            ));
            ops.push(Operation::new("Do", vec!["Im1".into()]));
            ops.push(Operation::new("Q", vec![]));
        }
        let content = Content { operations: ops }
            .encode()
            .expect("content encodes");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal),
            Object::String(b"0123456789abcdef".to_vec(), StringFormat::Hexadecimal),
        ]),
    );
    doc
}

pub fn set_info(doc: &mut Document, title: Option<&str>, author: Option<&str>) {
    let mut info = Dictionary::new();
    if let Some(title) = title {
        info.set("Title", lopdf::text_string(title));
    }
    if let Some(author) = author {
        info.set("Author", lopdf::text_string(author));
    }
    info.set("CreationDate", Object::string_literal("D:20250128093000Z"));
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", info_id);
}

pub fn save(doc: &mut Document) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf saves");
    out
}

/// `pages` pages that only draw an image (a scan without OCR).
pub fn image_only(pages: usize) -> Vec<u8> {
    let empty: Vec<Vec<Placed>> = vec![Vec::new(); pages];
    save(&mut build(&empty, &vec![1; pages]))
}

/// A text PDF that needs `password` to be opened.
pub fn password_protected(password: &str) -> Vec<u8> {
    let report = Report {
        paragraphs: vec!["Secret minutes of the meeting.".to_owned()],
        ..Report::default()
    };
    let mut doc = build(&report.pages(), &[]);
    let state = EncryptionState::try_from(EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password: password,
        key_length: 128,
        permissions: Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    save(&mut doc)
}

/// A multi-page report about the seed topic: `pages` pages or a little more.
pub fn long_report(pages: usize) -> Report {
    let sentences = [
        "The delegation from Damascus arrived at the Kremlin on Tuesday for talks on the future of the Russian military presence in Syria.",
        "Officials described the negotiations as constructive, although several questions about the naval facility at Tartus remain unresolved.",
        "Independent observers noted that the humanitarian situation in the northeastern governorates continued to deteriorate throughout the reporting period.",
        "Representatives of international organisations called for unimpeded access to the affected populations and for the protection of civilian infrastructure.",
    ];
    let paragraph = |i: usize| {
        let mut p = format!("Paragraph {}. ", i + 1);
        for k in 0..4 {
            p.push_str(sentences[(i + k) % sentences.len()]);
            p.push(' ');
        }
        p
    };
    let mut report = Report {
        title: Some("Quarterly situation report".to_owned()),
        author: Some("Monitoring Unit".to_owned()),
        running_header: Some("Quarterly Situation Report — Syria".to_owned()),
        page_numbers: true,
        paragraphs: (0..pages * 7).map(paragraph).collect(),
        hyphenate: true,
    };
    // About 7.5 paragraphs fill a page; add paragraphs until the pages are there.
    while report.pages().len() < pages {
        let next = report.paragraphs.len();
        report.paragraphs.push(paragraph(next));
    }
    report
}

/// A line of `text` at (`x`, `y`) (PDF coordinates: y from the bottom) in `size` points.
pub fn placed(text: &str, x: f64, y: f64, size: f64) -> Placed {
    Placed {
        text: text.to_owned(),
        x,
        y,
        size,
    }
}

/// Body text in 10-point lines, wrapped to the report's width, from `top` down.
pub fn body_lines(text: &str, top: f64) -> Vec<Placed> {
    wrap(text, LINE_CHARS, false)
        .into_iter()
        .enumerate()
        .map(|(i, line)| placed(&line, LEFT, top - LEADING * i as f64, SIZE))
        .collect()
}

/// An XMP metadata packet in the catalog with `title` as its `dc:title`.
pub fn set_xmp_title(doc: &mut Document, title: &str) {
    let xmp = format!(
        r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"#
    );
    let stream = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp.into_bytes(),
    );
    let id = doc.add_object(stream);
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .expect("catalog");
    doc.get_dictionary_mut(root)
        .expect("catalog")
        .set("Metadata", id);
}

/// Adds `font` to the resources the generated pages share, under `name` (beside `F1`,
/// Helvetica).
pub fn add_font(doc: &mut Document, name: &str, font: Dictionary) {
    let id = doc.add_object(font);
    let fonts = doc
        .objects
        .values_mut()
        .filter_map(|o| o.as_dict_mut().ok())
        .find(|d| d.has(b"Font") && d.has(b"XObject"))
        .expect("shared resources")
        .get_mut(b"Font")
        .and_then(Object::as_dict_mut)
        .expect("fonts");
    fonts.set(name, id);
}

/// Appends raw content-stream operations to the first page.
pub fn add_content(doc: &mut Document, content: &[u8]) {
    let page = *doc.get_pages().values().next().expect("a page");
    doc.add_page_contents(page, content.to_vec())
        .expect("content");
}

/// A one-page document whose page draws form X1, which draws X2 twice, which draws X3
/// twice, ... down to X`depth`, which writes `leaf_text`: the text is drawn 2^(depth-1)
/// times from a file of a few kilobytes. The forms inherit the page's resources (the
/// font), as forms may.
pub fn exponential_forms(depth: usize, leaf_text: &str) -> Vec<u8> {
    let report = Report {
        paragraphs: vec!["Visible text.".to_owned()],
        ..Report::default()
    };
    let mut doc = build(&report.pages(), &[]);
    let ids: Vec<_> = (0..depth).map(|_| doc.new_object_id()).collect();
    for (k, id) in ids.iter().enumerate() {
        let content = if k + 1 < depth {
            format!("/X{n} Do /X{n} Do", n = k + 2).into_bytes()
        } else {
            let (text, _, _) = encoding_rs::WINDOWS_1252.encode(leaf_text);
            let mut c = b"BT /F1 10 Tf 72 400 Td (".to_vec();
            c.extend_from_slice(&text);
            c.extend_from_slice(b") Tj ET");
            c
        };
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), PAGE_WIDTH.into(), PAGE_HEIGHT.into()],
        };
        doc.objects
            .insert(*id, Object::Stream(Stream::new(dict, content)));
    }
    let xobjects = doc
        .objects
        .values_mut()
        .filter_map(|o| o.as_dict_mut().ok())
        .find(|d| d.has(b"Font") && d.has(b"XObject"))
        .expect("shared resources")
        .get_mut(b"XObject")
        .and_then(Object::as_dict_mut)
        .expect("xobjects");
    for (k, id) in ids.iter().enumerate() {
        xobjects.set(format!("X{}", k + 1), *id);
    }
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.add_page_contents(page_id, b"/X1 Do".to_vec())
        .expect("content");
    save(&mut doc)
}

//! PDF import: paragraphs joined, hyphenation undone, running headers dropped, pages kept;
//! encrypted, image-only and truncated files reported.

use crate::support;

use std::time::{Duration, Instant};

use dossier::corpus::formats::extract;
use dossier::corpus::{Format, SkipReason};
use support::pdf::{Report, image_only, long_report, password_protected, wrap};

fn report(pages: usize) -> Report {
    long_report(pages)
}

#[test]
fn running_headers_and_page_numbers_are_dropped_and_pages_kept() {
    let r = report(4);
    let placed = r.pages();
    assert!(placed.len() >= 4, "generator made {} pages", placed.len());
    let e = extract(Format::Pdf, &r.to_pdf()).expect("report");
    assert!(
        !e.text.contains("Quarterly Situation Report"),
        "header kept:\n{}",
        &e.text[..2000.min(e.text.len())]
    );
    assert!(!e.text.contains("Page 2 of"), "footer kept");
    assert_eq!(e.pages.len(), placed.len());
    assert_eq!(e.pages[0], 0);
    assert!(e.pages.windows(2).all(|w| w[0] < w[1]), "{:?}", e.pages);
    // Each page starts where its first body line's text is.
    let chars: Vec<char> = e.text.chars().collect();
    for (n, start) in e.pages.iter().enumerate() {
        let first_body = &placed[n][1].text; // [0] is the running header
        let first_word: String = first_body
            .split_whitespace()
            .next()
            .expect("word")
            .trim_end_matches('-')
            .to_owned();
        let at: String = chars[*start..]
            .iter()
            .take(first_word.chars().count())
            .collect();
        assert_eq!(at, first_word, "page {} starts at {start}", n + 1);
    }
    assert_eq!(e.title.as_deref(), Some("Quarterly situation report"));
    assert_eq!(e.meta.author.as_deref(), Some("Monitoring Unit"));
    assert_eq!(e.meta.date.as_deref(), Some("2025-01-28"));
}

#[test]
fn a_two_page_report_drops_a_running_header_that_differs_only_by_its_page_number() {
    let paragraphs: Vec<String> = (1..=22)
        .map(|n| {
            format!(
                "Observation {n}. The team visited the camp near Raqqa and spoke with residents \
                 about water, food and the security of the roads leading north towards the \
                 border, which several families had tried to cross during the winter months."
            )
        })
        .collect();
    let r = Report {
        running_header: Some("Field report - page {page}".to_owned()),
        page_numbers: true,
        paragraphs,
        ..Report::default()
    };
    let placed = r.pages();
    assert_eq!(placed.len(), 2, "the generator made {} pages", placed.len());
    assert_eq!(placed[1][0].text, "Field report - page 2");
    let e = extract(Format::Pdf, &r.to_pdf()).expect("report");
    assert!(
        !e.text.contains("Field report") && !e.text.contains("Page 1 of 2"),
        "running lines kept:\n{}",
        e.text
    );
    assert!(e.text.starts_with("Observation 1. The team"), "{}", e.text);
    assert_eq!(e.pages.len(), 2);
}

#[test]
fn hyphenated_words_are_rejoined_and_paragraphs_kept() {
    let r = report(3);
    // The generator really hyphenated some words.
    let hyphenated = r
        .paragraphs
        .iter()
        .flat_map(|p| wrap(p, 88, true))
        .filter(|l| l.ends_with('-'))
        .count();
    assert!(hyphenated > 5, "only {hyphenated} hyphenated lines");
    let e = extract(Format::Pdf, &r.to_pdf()).expect("report");
    let paragraphs: Vec<&str> = e.text.trim_end().split("\n\n").collect();
    // Every paragraph comes back whole, words re-joined, in order.
    let expected: Vec<String> = r
        .paragraphs
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(paragraphs.len(), expected.len(), "text:\n{}", e.text);
    for (got, want) in paragraphs.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
fn an_image_only_pdf_leaves_every_page_to_ocr() {
    let read = extract(Format::Pdf, &image_only(3)).expect("read");
    assert_eq!(read.text, "");
    assert_eq!(read.ocr_pages, vec![0, 1, 2]);
    assert_eq!(
        read.pages.len(),
        3,
        "a start for every page, to put OCR's text in"
    );
}

#[test]
fn only_the_scanned_pages_of_a_pdf_with_text_are_left_to_ocr() {
    let text_page = vec![support::pdf::placed(
        "Minutes of the board meeting.",
        72.0,
        700.0,
        12.0,
    )];
    // Page 2 is a scan (an image, no text); page 3 is blank: not a scan.
    let mut doc = support::pdf::build(&[text_page, Vec::new(), Vec::new()], &[0, 1, 0]);
    let read = extract(Format::Pdf, &support::pdf::save(&mut doc)).expect("read");
    assert!(
        read.text.contains("Minutes of the board meeting."),
        "{}",
        read.text
    );
    assert_eq!(read.ocr_pages, vec![1]);
}

#[test]
fn a_password_protected_pdf_is_reported_as_such() {
    let bytes = password_protected("letmein");
    assert_eq!(extract(Format::Pdf, &bytes), Err(SkipReason::Encrypted));
    assert!(SkipReason::Encrypted.to_string().contains("password"));
}

#[test]
fn a_pdf_encrypted_with_an_empty_password_is_read() {
    let bytes = password_protected("");
    let e = extract(Format::Pdf, &bytes).expect("readable without a password");
    assert_eq!(e.text, "Secret minutes of the meeting.\n");
}

#[test]
fn truncated_pdfs_are_reported_never_a_panic_or_hang() {
    let bytes = report(3).to_pdf();
    for keep in [
        bytes.len() * 9 / 10,
        bytes.len() / 2,
        bytes.len() / 5,
        200,
        9,
    ] {
        let started = Instant::now();
        let result = extract(Format::Pdf, &bytes[..keep]);
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "cut at {keep}: slow"
        );
        match result {
            Err(SkipReason::Damaged(msg)) => {
                assert!(
                    msg.contains("truncated") || msg.contains("damaged"),
                    "cut at {keep}: {msg}"
                );
            }
            // Losing only the end (xref, trailer) may still leave every page readable;
            // then the text must be the real text.
            Ok(e) => assert!(
                e.text.contains("Paragraph 1."),
                "cut at {keep}: {:?}",
                e.text
            ),
            Err(other) => panic!("cut at {keep}: unexpected {other:?}"),
        }
    }
}

/// The XObject dictionary of the resources the generated pages share (with the font and
/// the image).
fn page_xobjects(doc: &mut lopdf::Document) -> &mut lopdf::Dictionary {
    doc.objects
        .values_mut()
        .filter_map(|o| o.as_dict_mut().ok())
        .find(|d| d.has(b"Font") && d.has(b"XObject"))
        .expect("shared resources")
        .get_mut(b"XObject")
        .and_then(lopdf::Object::as_dict_mut)
        .expect("xobjects")
}

/// A page that draws form `Fm`, which draws itself: with its own resources (listing
/// itself) or inheriting the page's. `pdf-extract` would recurse until the stack overflows,
/// which aborts the process; the reader must refuse the file first.
fn self_drawing_form(own_resources: bool) -> Vec<u8> {
    use lopdf::{Object, Stream, dictionary};
    let report = Report {
        paragraphs: vec!["Visible text.".to_owned()],
        ..Report::default()
    };
    let mut doc = support::pdf::build(&report.pages(), &[]);
    let form_id = doc.new_object_id();
    let mut form_dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Form",
        "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
    };
    if own_resources {
        form_dict.set(
            "Resources",
            dictionary! { "XObject" => dictionary! { "Fm" => form_id } },
        );
    }
    doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(form_dict, b"/Fm Do".to_vec())),
    );
    // List the form in the page's (inherited) resources, next to the font and the image.
    let xobjects = page_xobjects(&mut doc);
    xobjects.set("Fm", form_id);
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.add_page_contents(page_id, b"/Fm Do".to_vec())
        .expect("content");
    support::pdf::save(&mut doc)
}

#[test]
fn a_form_that_draws_itself_is_refused_not_a_stack_overflow() {
    for own in [true, false] {
        let r = extract(Format::Pdf, &self_drawing_form(own));
        let Err(SkipReason::Damaged(msg)) = r else {
            panic!("own resources {own}: {r:?}")
        };
        assert!(msg.contains("invoke themselves"), "{msg}");
    }
}

/// A page drawing form X1, which draws X2, ... up to X`n`, all inheriting the page's
/// resources, which list them last to first: the order must not let the chain past the
/// depth limit (pdf-extract would follow it until the stack overflows).
fn chain_of_forms(n: usize) -> Vec<u8> {
    use lopdf::{Object, Stream, dictionary};
    let report = Report {
        paragraphs: vec!["Visible text.".to_owned()],
        ..Report::default()
    };
    let mut doc = support::pdf::build(&report.pages(), &[]);
    let ids: Vec<_> = (0..n).map(|_| doc.new_object_id()).collect();
    for (k, id) in ids.iter().enumerate() {
        let content = if k + 1 < n {
            format!("/X{} Do", k + 2).into_bytes()
        } else {
            Vec::new()
        };
        let dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 10.into(), 10.into()],
        };
        doc.objects
            .insert(*id, Object::Stream(Stream::new(dict, content)));
    }
    let xobjects = page_xobjects(&mut doc);
    for (k, id) in ids.iter().enumerate().rev() {
        xobjects.set(format!("X{}", k + 1), *id);
    }
    let page_id = *doc.get_pages().values().next().expect("a page");
    doc.add_page_contents(page_id, b"/X1 Do".to_vec())
        .expect("content");
    support::pdf::save(&mut doc)
}

#[test]
fn a_long_chain_of_forms_is_refused_whatever_their_order() {
    let r = extract(Format::Pdf, &chain_of_forms(500));
    let Err(SkipReason::Damaged(msg)) = r else {
        panic!("{r:?}")
    };
    assert!(msg.contains("nested too deeply"), "{msg}");
    // A short chain is an ordinary file.
    let e = extract(Format::Pdf, &chain_of_forms(5)).expect("a short chain reads");
    assert!(e.text.contains("Visible text."), "{}", e.text);
}

#[test]
fn absurd_cross_reference_streams_are_refused_before_the_pdf_library_sees_them() {
    // lopdf would allocate a buffer this wide (aborting the process) or loop over this
    // many entries.
    for dict in [
        "/W [99999999999 1 1]",
        "/W [0 0 0] /Index [0 9223372036854775807]",
    ] {
        let pdf = format!(
            "%PDF-1.5\n1 0 obj\n<< /Type /XRef /Size 5 {dict} /Length 0 >>\nstream\n\nendstream\nendobj\nstartxref\n9\n%%EOF\n"
        );
        let r = extract(Format::Pdf, pdf.as_bytes());
        let Err(SkipReason::Damaged(msg)) = r else {
            panic!("{dict}: {r:?}")
        };
        assert!(msg.contains("cross-reference stream"), "{msg}");
    }
}

const BODY: &str = "The database lets applications find the type of a file from its name and \
    its contents. Each package lists the types it knows in an XML file, and a tool merges them \
    into a cache that every application reads.";

/// Three pages like the freedesktop.org specifications: page 1 opens with the title in
/// large type and the publisher below it, and pages 2 and 3 repeat the title in small type
/// as their running header.
fn spec_with_title_as_running_header() -> Vec<u8> {
    use support::pdf::{body_lines, placed};
    let title = "Shared MIME-info Database";
    let mut first = vec![
        placed(title, 72.0, 760.0, 24.0),
        placed("X Desktop Group (freedesktop.org)", 72.0, 730.0, 14.0),
    ];
    first.extend(body_lines(BODY, 690.0));
    let mut pages = vec![first];
    for n in 2..=3 {
        let mut page = vec![placed(title, 72.0, 805.0, 8.0)];
        page.extend(body_lines(&format!("Section {n}. {BODY}"), 770.0));
        pages.push(page);
    }
    let mut doc = support::pdf::build(&pages, &[]);
    support::pdf::set_info(&mut doc, None, Some("X Desktop Group"));
    support::pdf::save(&mut doc)
}

#[test]
fn a_title_repeated_as_a_small_running_header_stays_on_page_one_and_titles_the_pdf() {
    let e = extract(Format::Pdf, &spec_with_title_as_running_header()).expect("pdf");
    assert_eq!(e.title.as_deref(), Some("Shared MIME-info Database"));
    assert!(
        e.text
            .starts_with("Shared MIME-info Database\n\nX Desktop Group"),
        "{}",
        e.text
    );
    // The small copies on pages 2 and 3 are running headers, and go.
    assert_eq!(
        e.text.matches("Shared MIME-info Database").count(),
        1,
        "{}",
        e.text
    );
    let page2: String = e.text.chars().skip(e.pages[1]).take(10).collect();
    assert_eq!(page2, "Section 2.");
}

/// A standard's first page: a date line in small type above the title in large type on
/// two lines, and `info_title` as the document information dictionary's title.
fn standard_with_date_line(info_title: Option<&str>) -> Vec<u8> {
    use support::pdf::{body_lines, placed};
    let mut page = vec![
        placed("Date:25-09-2019", 72.0, 800.0, 8.0),
        placed("REFI-QDA Project Exchange", 72.0, 740.0, 22.0),
        placed("Standard", 72.0, 714.0, 22.0),
    ];
    page.extend(body_lines(BODY, 670.0));
    let mut doc = support::pdf::build(&[page], &[]);
    support::pdf::set_info(&mut doc, info_title, None);
    support::pdf::save(&mut doc)
}

#[test]
fn junk_metadata_titles_give_way_to_the_largest_text_on_page_one() {
    for junk in [
        Some("Date:25-09-2019"),
        Some("Microsoft Word - REFI-QDA-1.5.docx"),
        Some("Untitled"),
        Some("   "),
        None,
    ] {
        let e = extract(Format::Pdf, &standard_with_date_line(junk)).expect("pdf");
        assert_eq!(
            e.title.as_deref(),
            Some("REFI-QDA Project Exchange Standard"),
            "metadata title {junk:?}"
        );
        assert_eq!(e.meta.title, None, "metadata title {junk:?}");
        // Nothing is dropped from a one-page file; the title's two lines are one paragraph.
        assert!(
            e.text.starts_with(
                "Date:25-09-2019\n\nREFI-QDA Project Exchange Standard\n\nThe database"
            ),
            "{}",
            e.text
        );
    }
    // A real metadata title wins; a Word prefix is stripped from it.
    let e = extract(
        Format::Pdf,
        &standard_with_date_line(Some("Microsoft Word - REFI-QDA Standard 1.5")),
    )
    .expect("pdf");
    assert_eq!(e.title.as_deref(), Some("REFI-QDA Standard 1.5"));
}

#[test]
fn the_xmp_title_is_read_when_the_information_dictionary_has_none() {
    use support::pdf::{body_lines, placed};
    let mut page = vec![placed("Working copy", 72.0, 760.0, 20.0)];
    page.extend(body_lines(BODY, 700.0));
    for info_title in [None, Some("Document1")] {
        let mut doc = support::pdf::build(std::slice::from_ref(&page), &[]);
        support::pdf::set_info(&mut doc, info_title, None);
        support::pdf::set_xmp_title(&mut doc, "Shared MIME-info Database");
        let e = extract(Format::Pdf, &support::pdf::save(&mut doc)).expect("pdf");
        assert_eq!(e.title.as_deref(), Some("Shared MIME-info Database"));
    }
}

#[test]
fn symbol_fonts_give_copyright_signs_and_greek_letters() {
    use lopdf::dictionary;
    let page = vec![support::pdf::placed("Notices", 72.0, 760.0, 10.0)];
    let mut doc = support::pdf::build(&[page], &[]);
    // The standard Symbol font, as the PDF's 14 base fonts have it.
    support::pdf::add_font(
        &mut doc,
        "F2",
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Symbol" },
    );
    // A TrueType clone as word processors embed it: no /ToUnicode, no encoding.
    let widths: Vec<lopdf::Object> = (32..=255).map(|_| 600.into()).collect();
    support::pdf::add_font(
        &mut doc,
        "F3",
        dictionary! {
            "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "ABCDEF+SymbolMT",
            "FirstChar" => 32, "LastChar" => 255, "Widths" => widths,
        },
    );
    // Glyph names of its own: the serif copyright sign by name.
    support::pdf::add_font(
        &mut doc,
        "F4",
        dictionary! {
            "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Symbol",
            "Encoding" => dictionary! {
                "Type" => "Encoding",
                "Differences" => vec![211.into(), lopdf::Object::Name(b"copyrightserif".to_vec())],
            },
        },
    );
    support::pdf::add_content(
        &mut doc,
        b"BT /F1 10 Tf 72 700 Td (Copyright ) Tj /F2 10 Tf (\\323) Tj /F1 10 Tf ( 2019 Example Ltd.) Tj ET\n\
          BT /F1 10 Tf 72 680 Td (Sans ) Tj /F3 10 Tf (\\343) Tj /F1 10 Tf ( and angle ) Tj /F3 10 Tf (a) Tj ET\n\
          BT /F1 10 Tf 72 660 Td (Named ) Tj /F4 10 Tf (\\323) Tj /F1 10 Tf ( sign) Tj ET\n",
    );
    let e = extract(Format::Pdf, &support::pdf::save(&mut doc)).expect("pdf");
    assert!(
        e.text.contains("Copyright © 2019 Example Ltd."),
        "{}",
        e.text
    );
    assert!(e.text.contains("Sans © and angle α"), "{}", e.text);
    assert!(e.text.contains("Named © sign"), "{}", e.text);
    assert!(
        !e.text
            .chars()
            .any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c) || "Óã".contains(c)),
        "{:?}",
        e.text
    );
}

/// A one-page PDF drawing `content` with the font `font` as `/F1`, written byte by byte as
/// simple generators write them.
fn one_font_pdf(content: &str, font: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        font.to_owned(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}

const HELVETICA: &str = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

#[test]
fn text_drawn_with_the_quote_operators_is_a_text_layer_not_a_scan() {
    for content in [
        "BT /F1 12 Tf 72 720 Td 14 TL (The council in Raqqa met on 1 January 2014.) ' ET",
        "BT /F1 12 Tf 72 720 Td 14 TL 0 0 (The council in Raqqa met on 1 January 2014.) \" ET",
        "BT /F1 12 Tf 72 720 Td 14 TL (The council in Raqqa) ' (met on 1 January 2014.) ' ET",
    ] {
        let e = extract(Format::Pdf, &one_font_pdf(content, HELVETICA))
            .unwrap_or_else(|why| panic!("{content}: {why:?}"));
        assert!(e.ocr_pages.is_empty(), "{content}: left to OCR");
        let words: Vec<&str> = e.text.split_whitespace().collect();
        assert_eq!(
            words.join(" "),
            "The council in Raqqa met on 1 January 2014.",
            "{content}"
        );
    }
}

#[test]
fn a_font_in_the_standard_encoding_is_read() {
    let font = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /StandardEncoding >>";
    let content = "BT /F1 12 Tf 72 720 Td (Raqqa's council met on 1 January 2014.) Tj ET";
    let e = extract(Format::Pdf, &one_font_pdf(content, font)).expect("read");
    // Code 39 is a right single quote in the standard encoding.
    assert_eq!(
        e.text.trim(),
        "Raqqa\u{2019}s council met on 1 January 2014."
    );
    assert!(e.ocr_pages.is_empty());

    let based = "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding \
                 << /BaseEncoding /StandardEncoding /Differences [39 /quotesingle] >> >>";
    let e = extract(Format::Pdf, &one_font_pdf(content, based)).expect("read");
    assert_eq!(e.text.trim(), "Raqqa's council met on 1 January 2014.");
}

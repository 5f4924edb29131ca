//! Writes the seed inputs of the fuzz targets (see docs/fuzzing.md) to
//! `fuzz/seeds/<target>/`: small real inputs of each reader, made with Dossier's own API and
//! the generators of the format tests.
//!
//! ```text
//! cargo run --example fuzz_seeds [-- FOLDER]
//! ```
//!
//! Deterministic: running it again gives the same files.

#[path = "../tests/support/mod.rs"]
mod support;

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier::corpus::{Corpus, LoadOptions};
use dossier::entities::{EntityDictionary, EntityKind, Recognizer};
use dossier::export::{ExportFormat, render};
use dossier::fuzzing;
use dossier::project::{Anchor, Annotation, AnnotationId, Project, Rgb, Tag, TagId, file};

fn main() -> ExitCode {
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("fuzz/seeds"), PathBuf::from);
    match write_all(&out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fuzz_seeds: {err}");
            ExitCode::FAILURE
        }
    }
}

fn put(out: &Path, target: &str, name: &str, bytes: &[u8]) -> io::Result<()> {
    let dir = out.join(target);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(name), bytes)
}

pub fn write_all(out: &Path) -> io::Result<()> {
    let sample = Path::new("sample_data");
    let corpus = Corpus::load(sample, &LoadOptions::default()).map_err(io::Error::other)?;
    documents(out, sample)?;
    archives_and_tables(out)?;
    pages(out)?;
    for (name, bytes) in support::mail::fuzz_seeds() {
        put(out, "mail", name, &bytes)?;
    }
    for (name, bytes) in support::outlook::fuzz_seeds() {
        put(out, "msg", name, &bytes)?;
    }
    texts(out, &corpus)?;
    projects(out, sample, &corpus)?;
    Ok(())
}

/// The document readers: sample files and generated PDF, DOCX and ODT.
fn documents(out: &Path, sample: &Path) -> io::Result<()> {
    let report = support::pdf::Report {
        title: Some("Situation report".to_owned()),
        running_header: Some("Situation Report".to_owned()),
        page_numbers: true,
        paragraphs: vec![
            "The delegation from Damascus arrived at the Kremlin on Tuesday.".to_owned(),
            "Officials described the negotiations over Tartus as constructive.".to_owned(),
        ],
        hyphenate: true,
        ..Default::default()
    };
    put(out, "pdf", "report.pdf", &report.to_pdf())?;
    put(out, "pdf", "image-only.pdf", &support::pdf::image_only(1))?;
    put(
        out,
        "pdf",
        "encrypted.pdf",
        &support::pdf::password_protected("secret"),
    )?;
    put(
        out,
        "pdf",
        "forms.pdf",
        &support::pdf::exponential_forms(4, "Drawn eight times."),
    )?;
    use support::office::Block;
    let docx = support::office::docx(
        "Minutes",
        "Monitoring Unit",
        &[
            Block::Heading("Talks in Moscow"),
            Block::Para("The delegation arrived on Tuesday.{1} Officials spoke."),
        ],
        &[(1, "According to two officials.")],
    );
    put(out, "docx", "minutes.docx", &docx)?;
    put(
        out,
        "docx",
        "bomb.docx",
        &support::office::zip_bomb_docx(1 << 20),
    )?;
    let odt = support::office::odt(
        "Minutes",
        "Talks in Moscow",
        &["The delegation arrived on Tuesday.{1}", "Officials spoke."],
        &["According to two officials."],
    );
    put(out, "odt", "minutes.odt", &odt)?;
    let page = support::html::news_page(1);
    put(out, "html", "news-page.html", page.as_bytes())?;
    put(
        out,
        "html",
        "small.html",
        b"<html><head><title>T</title><meta name=\"author\" content=\"A\"></head><body><article><h1>Head</h1><p>One<br>two</p><table><tr><td>x</td></tr></table></article></body></html>",
    )?;
    for (i, name) in [
        "news/arabic-sample-note.md",
        "diplomacy/after-his-meeting-with-russian-foreign-minister-sergey-lavrov.md",
    ]
    .iter()
    .enumerate()
    {
        put(
            out,
            "markdown",
            &format!("sample-{i}.md"),
            &fs::read(sample.join(name))?,
        )?;
    }
    put(
        out,
        "markdown",
        "front-matter.md",
        b"---\ntitle: \"A title\"\ndate: 2016-05-01\ntags: [a, b]\nauthor: &a Someone\nsource: *a\n---\n# Heading\n\nBody text.\n",
    )?;
    // Text in legacy encodings and UTF-16, with and without byte-order marks.
    let text = "Damascus — Дамаск — Ţarţūs — «Москва» — 東京 — café";
    for (name, encoding) in [
        ("windows-1252", encoding_rs::WINDOWS_1252),
        ("windows-1251", encoding_rs::WINDOWS_1251),
        ("koi8-r", encoding_rs::KOI8_R),
        ("shift_jis", encoding_rs::SHIFT_JIS),
        ("iso-8859-2", encoding_rs::ISO_8859_2),
    ] {
        let (bytes, _, _) = encoding.encode(text);
        put(out, "legacy_encoding", &format!("{name}.txt"), &bytes)?;
    }
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    put(out, "legacy_encoding", "utf-16le.txt", &utf16le)?;
    put(
        out,
        "legacy_encoding",
        "utf-16be-bom.txt",
        &[&[0xFE, 0xFF][..], &utf16be].concat(),
    )?;
    put(
        out,
        "legacy_encoding",
        "utf-8-bom.txt",
        &[b"\xEF\xBB\xBF", text.as_bytes()].concat(),
    )?;
    put(
        out,
        "legacy_encoding",
        "damaged-utf-8.txt",
        b"caf\xC3 au lait, na\xEFve",
    )?;
    Ok(())
}

/// The text readers: the recogniser, re-anchoring and the search query.
fn texts(out: &Path, corpus: &Corpus) -> io::Result<()> {
    for (i, doc) in corpus.documents.iter().take(3).enumerate() {
        let text: String = doc.text.as_str().chars().take(1500).collect();
        put(
            out,
            "recogniser",
            &format!("sample-{i}.txt"),
            text.as_bytes(),
        )?;
    }
    put(
        out,
        "recogniser",
        "names.txt",
        "Russian President Vladimir Putin met Ahmed al-Sharaa in Moscow on 15 October 2025. \
         The SDF and the U.S.-led coalition; Hmeimim, Ţarţūs, Дамаск. Putin spoke."
            .as_bytes(),
    )?;
    let text = "The delegation from Damascus arrived at the Kremlin on Tuesday for talks.";
    let anchor = |start: u16, len: u16, quote: &str, prefix: &str, suffix: &str, text: &str| {
        let mut v = Vec::new();
        v.extend_from_slice(&start.to_le_bytes());
        v.extend_from_slice(&len.to_le_bytes());
        for (i, part) in [quote, prefix, suffix, text].iter().enumerate() {
            if i > 0 {
                v.push(0xFF);
            }
            v.extend_from_slice(part.as_bytes());
        }
        v
    };
    put(
        out,
        "reanchor",
        "anchored",
        &anchor(20, 8, "Damascus", "The delegation from ", " arrived", text),
    )?;
    put(
        out,
        "reanchor",
        "moved",
        &anchor(0, 8, "Damascus", "from ", " arrived", text),
    )?;
    let edited = "The delegation from Damaskus arrived in the Kremlin on Tuesday for talks.";
    put(
        out,
        "reanchor",
        "fuzzy",
        &anchor(
            20,
            24,
            "Damascus arrived at the",
            "from ",
            " Kremlin",
            edited,
        ),
    )?;
    put(
        out,
        "reanchor",
        "orphan",
        &anchor(5, 3, "Aleppo", "", "", text),
    )?;
    let query = |flags: u8, pattern: &str, text: &str| {
        [&[flags][..], pattern.as_bytes(), &[0xFF], text.as_bytes()].concat()
    };
    let haystack =
        "Damascus and DAMASCUS; damascene.\nŞam, şam — Дамаск дамаск. U.S. forces, -ish.";
    put(
        out,
        "search_query",
        "literal",
        &query(0, "Damascus", haystack),
    )?;
    put(
        out,
        "search_query",
        "ignore-case-words",
        &query(6, "damascus", haystack),
    )?;
    put(
        out,
        "search_query",
        "regex",
        &query(1, r"^\w+\s(and|şam)\b", haystack),
    )?;
    put(
        out,
        "search_query",
        "regex-capped",
        &query(1 | 8 | 0x10, r"[a-zа-я]+", haystack),
    )?;
    put(
        out,
        "search_query",
        "bad-regex",
        &query(1, r"(\w{5000}", haystack),
    )?;
    Ok(())
}

/// Dossier's own files: a project, a recovery copy, a mention cache, a REFI-QDA archive.
fn projects(out: &Path, sample: &Path, corpus: &Corpus) -> io::Result<()> {
    let dir = Path::new("/nonexistent-dossier-fuzz");
    // The sample project, cut down to a few annotations so the seed stays small.
    let mut project = file::load(&sample.join("sample.dossier.ron")).map_err(io::Error::other)?;
    let keep: Vec<AnnotationId> = project.annotations.keys().take(4).copied().collect();
    project.annotations.retain(|id, _| keep.contains(id));
    let used: Vec<String> = project
        .annotations
        .values()
        .map(|a| a.document.clone())
        .collect();
    project.documents.retain(|path, _| used.contains(path));
    project
        .entity_rules
        .always("Hmeimim air base", EntityKind::Loc);
    project.entity_rules.set_alias("Jolani", "Ahmed al-Sharaa");
    // A path that means the same on every machine.
    project.corpus_root = Some(dir.join("corpus"));
    let text = file::to_ron(&project, dir).map_err(io::Error::other)?;
    put(out, "project_file", "sample.dossier.ron", text.as_bytes())?;
    put(
        out,
        "project_file",
        "version-1.dossier.ron",
        b"(format: \"dossier-project\", version: 1, name: \"old\", corpus: \"corpus\", next_id: 3, tags: [(id: 1, name: \"A\", colour: \"#e64a19\", parent: Some(2)), (id: 2, name: \"B\", colour: \"#1e88e5\", parent: Some(1))])\n",
    )?;
    // The sample's QDPX export: the same few annotations over the documents they are in.
    let annotated = Corpus {
        documents: corpus
            .documents
            .iter()
            .filter(|d| used.contains(&d.path))
            .cloned()
            .collect(),
        ..corpus.clone()
    };
    let qdpx = render(ExportFormat::Qdpx, &project, &annotated).map_err(io::Error::other)?;
    put(out, "qdpx_import", "sample.qdpx", &qdpx.bytes)?;
    // A recovery copy annotating the fuzzing corpus of the recovery target.
    let small = fuzzing::recovery_corpus();
    let recovery = recovery_project(small);
    let text = file::to_ron(&recovery, dir).map_err(io::Error::other)?;
    put(
        out,
        "recovery_copy",
        "copy.dossier.ron.recovery",
        text.as_bytes(),
    )?;
    // A mention cache of the same documents.
    let mut rules = EntityDictionary::default();
    rules.never("Officials");
    let found: Vec<_> = small
        .documents
        .iter()
        .map(|d| {
            (
                d,
                Recognizer::shared().recognize_with(d.text.as_str(), &rules),
            )
        })
        .collect();
    let bytes = fuzzing::mention_cache_input(
        &rules,
        found
            .iter()
            .map(|(d, m)| (d.path.as_str(), &d.hash, m.as_slice())),
    )?;
    put(out, "mention_cache", "cache.mentions", &bytes)?;
    Ok(())
}

/// Two tags and one annotation per document of `corpus`, one of them an orphan.
fn recovery_project(corpus: &Corpus) -> Project {
    let mut project = Project::new("recovered");
    // Fixed ids, so that the seed files are the same at every run.
    let id = |n: u128| uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | n);
    let (places, bases) = (TagId(id(1)), TagId(id(2)));
    for (tag, name, parent) in [(places, "Places", None), (bases, "Bases", Some(places))] {
        project.tags.insert(
            tag,
            Tag {
                id: tag,
                name: name.to_owned(),
                colour: Rgb::PALETTE[0],
                description: String::new(),
                parent,
            },
        );
    }
    let at: jiff::Timestamp = "2026-11-28T10:00:00Z".parse().expect("timestamp");
    for (n, doc) in corpus.documents.iter().enumerate() {
        let id = AnnotationId(id(10 + n as u128));
        let anchor = Anchor::from_range(&doc.text, 4, 12).expect("range in text");
        project.annotations.insert(
            id,
            Annotation {
                id,
                document: doc.path.clone(),
                anchor,
                note: "note".to_owned(),
                tags: vec![bases],
                created: at,
                modified: at,
                orphaned: n == 1,
                history: Vec::new(),
                coder: Some("Alice".to_owned()),
            },
        );
        project.documents.insert(
            doc.path.clone(),
            dossier::project::DocumentRecord {
                path: doc.path.clone(),
                hash: doc.hash.clone(),
                title: doc.title.clone(),
                renamed: None,
                coded_by: ["Alice".to_owned()].into(),
            },
        );
    }
    project
}

/// Archives (a zip with folders, a nested zip, an encrypted member and a small bomb; a tar
/// and a tar.gz) and tables (CSV, TSV, a workbook of two sheets).
fn archives_and_tables(out: &Path) -> io::Result<()> {
    use std::io::Write;
    use support::office::zip_of;
    let inner = zip_of(&[("deep/reply.txt", b"A reply from Damascus.")]);
    let letters = zip_of(&[
        ("scans/p1.txt", b"Page one, from Aleppo."),
        ("..\\notes\\memo.md", b"# Memo\n\nMeet in Beirut."),
        ("inner.zip", &inner),
        ("photo.jpg", b"\xFF\xD8\xFF"),
    ]);
    put(out, "archive", "letters.zip", &letters)?;
    let mut encrypted = zip_of(&[("secret.txt", b"swordfish")]);
    // The "encrypted" flag of the local header and of the directory entry.
    for (signature, flags_at) in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)] {
        if let Some(i) = encrypted.windows(4).position(|w| w == signature) {
            encrypted[i + flags_at] |= 1;
        }
    }
    put(out, "archive", "encrypted.zip", &encrypted)?;
    put(
        out,
        "archive",
        "bomb.zip",
        &zip_of(&[("bomb.txt", &vec![0u8; 2 << 20]), ("a.txt", b"kept")]),
    )?;
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in [
        ("logs/day1.txt", &b"Convoy left Homs."[..]),
        ("b.csv", b"a,b\n1,2\n"),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, data)?;
    }
    let tar = builder.into_inner()?;
    put(out, "archive", "logs.tar", &tar)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar)?;
    put(out, "archive", "logs.tar.gz", &gz.finish()?)?;

    put(
        out,
        "table",
        "people.csv",
        "name,city,note\n\"Smith, Jane\",Leeds,\"two\nlines\"\nBob,,\n,,\n".as_bytes(),
    )?;
    put(
        out,
        "table",
        "semicolons.csv",
        "amount;date\n3,5;2024-01-02\n".as_bytes(),
    )?;
    put(
        out,
        "table",
        "people.tsv",
        "name\tcity\nJane\tLeeds\n".as_bytes(),
    )?;
    let budget: &[&[&str]] = &[&["Item", "Amount"], &["Fuel", "1200.5"], &["Food", "300"]];
    let people: &[&[&str]] = &[&["Name", "City"], &["Jane Analyst", "Leeds"]];
    put(
        out,
        "table",
        "figures.xlsx",
        &support::tables::xlsx(&[("Budget", budget), ("People/#2", people)]),
    )?;
    Ok(())
}

/// Pages as pixels: images of each format the image reader takes (one turned by its EXIF
/// orientation, one with a broken EXIF block, one over the targets' pixel bound) and PDFs
/// for drawing (text, a scan, forms, encrypted, a page turned and cropped).
fn pages(out: &Path) -> io::Result<()> {
    use image::{DynamicImage, ImageFormat};
    let encode = |image: DynamicImage, format: ImageFormat| -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        image
            .write_to(&mut io::Cursor::new(&mut bytes), format)
            .map_err(io::Error::other)?;
        Ok(bytes)
    };
    let grey = DynamicImage::ImageLuma8(image::GrayImage::from_fn(24, 16, |x, y| {
        image::Luma([(x * 10 + y * 3) as u8])
    }));
    let colour = DynamicImage::ImageRgba8(image::RgbaImage::from_fn(8, 8, |x, y| {
        image::Rgba([(x * 30) as u8, (y * 30) as u8, 90, (x * y * 4) as u8])
    }));
    let photo = DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 20, |x, _| {
        if x < 10 {
            image::Rgb([0, 0, 0])
        } else {
            image::Rgb([250, 240, 230])
        }
    }));
    put(
        out,
        "image",
        "grey.png",
        &encode(grey.clone(), ImageFormat::Png)?,
    )?;
    put(
        out,
        "image",
        "alpha.png",
        &encode(colour.clone(), ImageFormat::Png)?,
    )?;
    put(
        out,
        "image",
        "scan.tiff",
        &encode(grey.clone(), ImageFormat::Tiff)?,
    )?;
    put(
        out,
        "image",
        "page.bmp",
        &encode(colour.clone(), ImageFormat::Bmp)?,
    )?;
    put(
        out,
        "image",
        "lossless.webp",
        &encode(colour, ImageFormat::WebP)?,
    )?;
    let jpeg = encode(photo, ImageFormat::Jpeg)?;
    put(out, "image", "photo.jpg", &jpeg)?;
    // An EXIF block (APP1) after the start-of-image marker: a big-endian TIFF header and
    // one entry, Orientation = 6 (turned a quarter clockwise to be upright).
    let with_app1 = |exif: &[u8]| {
        let mut app1 = vec![0xFF, 0xE1];
        app1.extend_from_slice(&(exif.len() as u16 + 2).to_be_bytes());
        app1.extend_from_slice(exif);
        let mut bytes = jpeg.clone();
        bytes.splice(2..2, app1);
        bytes
    };
    let turned = b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0";
    put(out, "image", "turned.jpg", &with_app1(turned))?;
    put(
        out,
        "image",
        "bad-exif.jpg",
        &with_app1(b"Exif\0\0MM\0*\xFF\xFF\xFF\xFF\0\x01"),
    )?;
    let large =
        DynamicImage::ImageLuma8(image::GrayImage::from_pixel(2048, 1024, image::Luma([255])));
    put(
        out,
        "image",
        "too-large.png",
        &encode(large, ImageFormat::Png)?,
    )?;

    let report = support::pdf::long_report(1).to_pdf();
    put(out, "pdf_pages", "report.pdf", &report)?;
    put(
        out,
        "pdf_pages",
        "image-only.pdf",
        &support::pdf::image_only(2),
    )?;
    put(
        out,
        "pdf_pages",
        "encrypted.pdf",
        &support::pdf::password_protected("secret"),
    )?;
    put(
        out,
        "pdf_pages",
        "forms.pdf",
        &support::pdf::exponential_forms(4, "Drawn eight times."),
    )?;
    let lines = support::pdf::body_lines("The delegation from Damascus arrived on Tuesday.", 700.0);
    let mut doc = support::pdf::build(&[lines], &[1]);
    if let Some(page) = doc.get_pages().into_values().next()
        && let Ok(dict) = doc.get_dictionary_mut(page)
    {
        dict.set("Rotate", 90);
        dict.set(
            "CropBox",
            vec![40.into(), 300.into(), 560.into(), 760.into()],
        );
    }
    put(
        out,
        "pdf_pages",
        "turned.pdf",
        &support::pdf::save(&mut doc),
    )?;
    Ok(())
}

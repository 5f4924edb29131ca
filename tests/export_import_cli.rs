//! `dossier export` and `dossier import` end to end: a project saved on disk over a corpus
//! folder, exported in every format by the real binary, and the REFI-QDA export imported
//! back by the real binary into a new folder.

use std::path::Path;
use std::process::{Command as Process, Output};

use dossier::corpus::{Corpus, LoadOptions};
use dossier::project::{Anchor, Annotation, Command, Project, Rgb, Tag, file};

fn dossier(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const ARTICLE: &str = "Kremlin talks\nPutin received al-Sharaa in Moscow; the bases at Ţarţūs \
                       and Hmeimim were discussed.\n";

/// A corpus folder with one article and a project with two tags and one annotation,
/// saved beside it. Returns the project file.
fn project_on_disk(dir: &Path) -> std::path::PathBuf {
    let corpus_dir = dir.join("corpus");
    std::fs::create_dir_all(&corpus_dir).expect("mkdir");
    std::fs::write(corpus_dir.join("kremlin.txt"), ARTICLE).expect("write");
    let corpus = Corpus::load(&corpus_dir, &LoadOptions::default()).expect("corpus");
    let doc = corpus.get("kremlin.txt").expect("document");

    let mut project = Project::new("Kremlin");
    project.corpus_root = Some(corpus_dir.clone());
    let russia = project.new_tag_id();
    let bases = project.new_tag_id();
    for tag in [
        Tag {
            id: russia,
            name: "Russia".into(),
            colour: Rgb(0xe6, 0x4a, 0x19),
            description: String::new(),
            parent: None,
        },
        Tag {
            id: bases,
            name: "Bases".into(),
            colour: Rgb(0x1e, 0x88, 0xe5),
            description: "Military bases.".into(),
            parent: Some(russia),
        },
    ] {
        Command::AddTag(tag).apply(&mut project).expect("tag");
    }
    let quote = "the bases at Ţarţūs and Hmeimim";
    let start = doc.text.as_str()[..doc.text.as_str().find(quote).expect("quote")]
        .chars()
        .count();
    let anchor =
        Anchor::from_range(&doc.text, start, start + quote.chars().count()).expect("anchor");
    let at = jiff::Timestamp::from_second(1_765_000_000).expect("time");
    let id = project.new_annotation_id();
    Command::AddAnnotation(Annotation {
        id,
        document: "kremlin.txt".into(),
        anchor,
        note: "Both bases, \"discussed\".".into(),
        tags: vec![bases],
        created: at,
        modified: at,
        orphaned: false,
        history: Vec::new(),
        coder: None,
    })
    .apply(&mut project)
    .expect("annotation");
    let path = dir.join("Kremlin.dossier.ron");
    file::save(&project, &path).expect("save");
    path
}

#[test]
fn every_format_is_exported_by_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = project_on_disk(dir.path());
    let project = project.to_str().expect("utf-8 path");
    for (format, name) in [
        ("csv", "out.csv"),
        ("markdown", "out.md"),
        ("html", "out.html"),
        ("w3c", "out.jsonld"),
        ("qdpx", "out.qdpx"),
    ] {
        let out = dir.path().join(name);
        let run = dossier(&[
            "export",
            project,
            "--format",
            format,
            "-o",
            out.to_str().expect("utf-8 path"),
            "--json",
        ]);
        assert!(run.status.success(), "{format}: {}", text(&run.stderr));
        let summary: serde_json::Value = serde_json::from_slice(&run.stdout).expect("summary");
        assert_eq!(summary["format"], format);
        assert_eq!(summary["annotations"], 1);
        assert_eq!(
            summary["bytes"],
            std::fs::metadata(&out).expect("written").len()
        );
    }

    let csv = std::fs::read_to_string(dir.path().join("out.csv")).expect("csv");
    assert!(csv.contains("\"Both bases, \"\"discussed\"\".\""), "{csv}");
    assert!(csv.contains("Russia / Bases"));
    let md = std::fs::read_to_string(dir.path().join("out.md")).expect("md");
    assert!(md.contains("> the bases at Ţarţūs and Hmeimim"), "{md}");
    let html = std::fs::read_to_string(dir.path().join("out.html")).expect("html");
    assert!(html.contains("Both bases, &quot;discussed&quot;."));
    let jsonld: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out.jsonld")).expect("read"))
            .expect("json");
    assert_eq!(
        jsonld["first"]["items"][0]["body"][0]["value"],
        "Russia / Bases"
    );
}

#[test]
fn a_qdpx_export_imports_back_through_the_command_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = project_on_disk(dir.path());
    let qdpx = dir.path().join("kremlin.qdpx");
    let run = dossier(&[
        "export",
        project.to_str().expect("path"),
        "-f",
        "qdpx",
        "-o",
        qdpx.to_str().expect("path"),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));

    let into = dir.path().join("imported");
    let run = dossier(&[
        "import",
        qdpx.to_str().expect("path"),
        "--into",
        into.to_str().expect("path"),
        "--json",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("report");
    assert_eq!(report["annotations"], 1);
    assert_eq!(report["mismatches"].as_array().map(Vec::len), Some(0));

    let imported = file::load(&into.join("Kremlin.dossier.ron")).expect("project");
    let a = imported.annotations.values().next().expect("annotation");
    assert_eq!(a.anchor.quote, "the bases at Ţarţūs and Hmeimim");
    assert_eq!(a.note, "Both bases, \"discussed\".");
    assert_eq!(imported.tag_path(a.tags[0]), "Russia / Bases");
    assert_eq!(
        std::fs::read_to_string(into.join("kremlin.txt")).expect("text"),
        ARTICLE
    );

    // The imported project checks clean against its new corpus.
    let run = dossier(&[
        "check",
        into.join("Kremlin.dossier.ron").to_str().expect("path"),
        "--json",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let check: serde_json::Value = serde_json::from_slice(&run.stdout).expect("check");
    assert_eq!(check["totals"]["anchored"], 1, "{check}");

    // Importing again into the same folder refuses, and says why.
    let run = dossier(&[
        "import",
        qdpx.to_str().expect("path"),
        "--into",
        into.to_str().expect("path"),
    ]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("already exists"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn bad_input_fails_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fake = dir.path().join("fake.qdpx");
    std::fs::write(&fake, "this is not a zip").expect("write");
    let run = dossier(&[
        "import",
        fake.to_str().expect("path"),
        "--into",
        dir.path().to_str().expect("path"),
    ]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).contains("not a zip archive"),
        "{}",
        text(&run.stderr)
    );

    let missing = dir.path().join("missing.dossier.ron");
    let run = dossier(&[
        "export",
        missing.to_str().expect("path"),
        "-f",
        "csv",
        "-o",
        "x.csv",
    ]);
    assert!(!run.status.success());
    assert!(
        text(&run.stderr).starts_with("dossier export:"),
        "{}",
        text(&run.stderr)
    );

    let run = dossier(&[
        "export",
        missing.to_str().expect("path"),
        "-f",
        "docx",
        "-o",
        "x.docx",
    ]);
    assert!(!run.status.success());
    // clap names the formats it takes.
    assert!(
        text(&run.stderr).contains("invalid value 'docx'")
            && text(&run.stderr).contains("csv, markdown, html, w3c, qdpx"),
        "{}",
        text(&run.stderr)
    );
}

/// `dossier` with its OCR cache in `cache` (never the user's).
fn dossier_with_cache(cache: &Path, args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .env("DOSSIER_OCR_CACHE", cache)
        .args(args)
        .output()
        .expect("run dossier")
}

#[test]
fn regions_on_pictures_come_back_from_qdpx_with_their_page_box_and_words() {
    use crate::support::scans::{self, Script};
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("ocr-cache");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let first = scans::page(scans::REGISTER_TEXT, Script::Latin, 150.0, 0.0);
    let second = scans::page(scans::MINUTES_TEXT, Script::Latin, 150.0, 0.0);
    let tiff = scans::tiff(&[first.clone(), second]);
    std::fs::write(corpus.join("two_pages.tif"), &tiff).expect("tif");
    std::fs::write(corpus.join("memo.png"), scans::png(&first)).expect("png");
    // An image-only PDF at 150 dpi: its page is 163.2 points high, not a whole number.
    std::fs::write(corpus.join("scan.pdf"), scans::image_pdf(&[first], 150.0)).expect("pdf");
    // A picture is a document once read (OCR), as `dossier scan` says.
    if !scans::tesseract_with(&["eng"]) {
        return;
    }
    let project = dir.path().join("p.dossier.ron");
    let p = |path: &Path| path.to_str().expect("path").to_owned();
    let run = dossier_with_cache(&cache, &["ocr", &p(&corpus)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = dossier_with_cache(&cache, &["init", &p(&corpus), "-o", &p(&project)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    for (doc, region, note) in [
        ("two_pages.tif", "2:100,100,1100,150", "p2"),
        ("two_pages.tif", "1:100,100,1100,150", "p1"),
        ("memo.png", "1:100,100,1100,150", "memo"),
        ("scan.pdf", "1:20,50,100,40", "pdf"),
    ] {
        let run = dossier_with_cache(
            &cache,
            &[
                "annotate",
                &p(&project),
                doc,
                "--region",
                region,
                "--tag",
                "Stamp",
                "--note",
                note,
            ],
        );
        let scan = dossier_with_cache(&cache, &["scan", &p(&corpus)]);
        assert!(
            run.status.success(),
            "{doc}: {}\n{}{}",
            text(&run.stderr),
            text(&scan.stdout),
            text(&scan.stderr)
        );
    }
    let qdpx = dir.path().join("p.qdpx");
    let run = dossier_with_cache(
        &cache,
        &["export", "-f", "qdpx", "-o", &p(&qdpx), &p(&project)],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let w3c = dir.path().join("p.json");
    let run = dossier_with_cache(
        &cache,
        &["export", "-f", "w3c", "-o", &p(&w3c), &p(&project)],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let w3c: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&w3c).expect("w3c")).expect("json");
    let on_tiff = w3c.to_string();
    assert!(
        on_tiff.contains("page=2") && on_tiff.contains("xywh=100,100,1100,150"),
        "the TIFF's page 2 is lost in W3C: {on_tiff}"
    );

    let into = dir.path().join("imp");
    let run = dossier_with_cache(&cache, &["import", &p(&qdpx), "--into", &p(&into)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    // The pictures themselves are written back where they were.
    assert_eq!(std::fs::read(into.join("two_pages.tif")).ok(), Some(tiff));
    assert!(into.join("memo.png").exists(), "{}", text(&run.stdout));
    let project_file = std::fs::read_dir(&into)
        .expect("imp")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".dossier.ron"))
        .expect("project file");
    let imported = file::load(&project_file).expect("project");
    let region_of = |doc: &str| {
        imported
            .annotations
            .values()
            .find(|a| a.document == doc)
            .unwrap_or_else(|| panic!("no annotation on {doc}: {:?}", imported.annotations))
    };
    // Both pages' regions on the one TIFF written back, each on its page.
    let mut on_tiff: Vec<_> = imported
        .annotations
        .values()
        .filter(|a| a.document == "two_pages.tif")
        .collect();
    on_tiff.sort_by_key(|a| a.anchor.region.map(|r| r.page));
    let [on_page_1, on_page_2] = on_tiff[..] else {
        panic!("two regions on the TIFF: {on_tiff:?}")
    };
    assert_eq!(on_page_1.anchor.region.map(|r| r.page), Some(0));
    assert!(
        on_page_1.anchor.quote.contains("harbour"),
        "{:?}",
        on_page_1.anchor
    );
    let region = on_page_2.anchor.region.expect("a region");
    assert_eq!(
        (region.page, region.x, region.y, region.w, region.h),
        (1, 100.0, 100.0, 1100.0, 150.0)
    );
    assert_eq!(on_page_2.note, "p2");
    let memo = region_of("memo.png").anchor.region.expect("a region");
    assert_eq!((memo.page, memo.x, memo.y), (0, 100.0, 100.0));
    // A PDF page of a fractional height: the box comes back to the same whole points.
    let pdf = region_of("scan.pdf").anchor.region.expect("a region");
    assert_eq!(
        (pdf.page, pdf.x, pdf.y, pdf.w, pdf.h),
        (0, 20.0, 50.0, 100.0, 40.0)
    );
    // Read on import: the region quotes the words of page 2, not page 1's.
    assert!(
        on_page_2.anchor.quote.contains("council"),
        "{:?}",
        on_page_2.anchor
    );
    assert!(
        region_of("memo.png").anchor.quote.contains("harbour"),
        "{:?}",
        region_of("memo.png").anchor
    );
}

/// The project file an import wrote in `into`.
fn project_in(into: &Path) -> std::path::PathBuf {
    std::fs::read_dir(into)
        .expect("the import's folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.to_string_lossy().ends_with(".dossier.ron"))
        .expect("project file")
}

/// A picture read by OCR in its project's own languages (not the default) is taken from
/// the OCR cache on import, not read again, and the imported project reads in those
/// languages. The Tesseract given to the import answers what it is but reads nothing: a
/// page read again would be a picture not read, written back as its text.
#[cfg(unix)]
#[test]
fn a_picture_read_in_the_projects_languages_is_not_read_again_on_import() {
    use crate::support::scans::{self, Script};
    if !scans::tesseract_with(&["eng"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cache = dir.path().join("ocr-cache");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let page = scans::page(scans::REGISTER_TEXT, Script::Latin, 150.0, 0.0);
    std::fs::write(corpus.join("memo.png"), scans::png(&page)).expect("png");
    let project = dir.path().join("p.dossier.ron");
    let p = |path: &Path| path.to_str().expect("path").to_owned();
    let run = dossier_with_cache(&cache, &["init", &p(&corpus), "-o", &p(&project)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let mut saved = file::load(&project).expect("project");
    saved.ocr_languages = Some(vec!["eng".to_owned()]);
    file::save(&saved, &project).expect("saved");
    let run = dossier_with_cache(&cache, &["ocr", &p(&project)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = dossier_with_cache(
        &cache,
        &[
            "annotate",
            &p(&project),
            "memo.png",
            "--region",
            "1:100,100,1100,150",
            "--tag",
            "Stamp",
        ],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let qdpx = dir.path().join("p.qdpx");
    let run = dossier_with_cache(
        &cache,
        &["export", "-f", "qdpx", "-o", &p(&qdpx), &p(&project)],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));

    let reads_nothing = dir.path().join("tesseract-that-reads-nothing");
    std::fs::write(
        &reads_nothing,
        "#!/bin/sh\ncase \"$1\" in --version|--list-langs) exec tesseract \"$@\";; esac\n\
         echo read \"$@\" >> \"$0.log\"\nexit 1\n",
    )
    .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&reads_nothing, std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    let into = dir.path().join("imp");
    let run = Process::new(env!("CARGO_BIN_EXE_dossier"))
        .env("DOSSIER_OCR_CACHE", &cache)
        .env("DOSSIER_TESSERACT", &reads_nothing)
        .args(["import", &p(&qdpx), "--into", &p(&into)])
        .output()
        .expect("run dossier");
    assert!(run.status.success(), "{}", text(&run.stderr));
    let log = dir.path().join("tesseract-that-reads-nothing.log");
    assert!(
        !log.exists(),
        "read again: {:?}",
        std::fs::read_to_string(&log)
    );
    assert!(into.join("memo.png").exists(), "{}", text(&run.stdout));
    let imported = file::load(&project_in(&into)).expect("imported project");
    assert_eq!(imported.ocr_languages, Some(vec!["eng".to_owned()]));
    let region = imported
        .annotations
        .values()
        .find(|a| a.document == "memo.png")
        .expect("the region on the picture");
    assert!(
        region.anchor.quote.contains("harbour"),
        "{:?}",
        region.anchor
    );
}

/// A PDF attached to an email, coded on its page, comes back from qdpx as a file of its
/// own named as it was attached ("memo scan.pdf"), beside the mailbox, not by its id.
#[test]
fn an_attachment_comes_back_named_as_it_was_attached() {
    use crate::support::mail::{Attachment, message};
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("inbox")).expect("mkdir");
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/pdf/report.pdf"
    ))
    .expect("the seed PDF");
    let mail = message(
        "From: a@example.org\nTo: b@example.org\nSubject: the memo\nMessage-ID: <m1@example.org>",
        "The memo is attached.",
        &[Attachment {
            name: "memo scan.pdf",
            content_type: "application/pdf",
            bytes: pdf,
        }],
    );
    std::fs::write(corpus.join("inbox/mail.eml"), mail).expect("eml");
    let loaded = Corpus::load(&corpus, &LoadOptions::default()).expect("loads");
    let part = loaded
        .documents
        .iter()
        .find(|d| d.path.ends_with("/1-memo%20scan.pdf"))
        .unwrap_or_else(|| panic!("the attachment: {:?}", loaded.report))
        .path
        .clone();
    assert!(part.contains("%20"), "{part}");
    let project = dir.path().join("p.dossier.ron");
    let p = |path: &Path| path.to_str().expect("path").to_owned();
    let run = dossier(&["init", &p(&corpus), "-o", &p(&project)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let run = dossier(&[
        "annotate",
        &p(&project),
        &part,
        "--region",
        "1:20,50,100,40",
        "--tag",
        "Stamp",
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let qdpx = dir.path().join("p.qdpx");
    let run = dossier(&["export", "-f", "qdpx", "-o", &p(&qdpx), &p(&project)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let into = dir.path().join("imp");
    let run = dossier(&["import", &p(&qdpx), "--into", &p(&into)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        into.join("inbox/memo scan.pdf").is_file(),
        "{}\n{:?}",
        text(&run.stdout),
        std::fs::read_dir(into.join("inbox")).map(|d| d.count())
    );
    let imported = file::load(&project_in(&into)).expect("imported project");
    assert!(
        imported
            .annotations
            .values()
            .any(|a| a.document == "inbox/memo scan.pdf" && a.anchor.region.is_some()),
        "{:?}",
        imported.annotations
    );
}

//! `dossier init`, `dossier annotate` and `dossier diff` end to end, with the real binary:
//! a project created for a folder, annotated from a script, compared with its earlier
//! version, and printed for git's textconv.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use dossier::project::file;

fn dossier(args: &[&str]) -> Output {
    Process::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("run dossier")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn arg(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

const ARTICLE: &str = "Kremlin talks\nThe bases at Ţarţūs and Hmeimim were discussed. \
                       Ţarţūs again.\n";

/// A corpus folder with one article, and where its project goes.
fn corpus(dir: &Path) -> (PathBuf, PathBuf) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    std::fs::write(corpus.join("kremlin.txt"), ARTICLE).expect("write");
    (corpus, dir.join("study.dossier.ron"))
}

/// A project created by `dossier init`.
fn initialised(dir: &Path) -> PathBuf {
    let (corpus, project) = corpus(dir);
    let out = dossier(&["init", arg(&corpus), "-o", arg(&project)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    project
}

#[test]
fn init_creates_a_project_for_a_folder_and_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let loaded = file::load(&project).expect("the project loads");
    assert_eq!(loaded.name, "corpus");
    assert!(loaded.documents.contains_key("kremlin.txt"));
    assert!(loaded.annotations.is_empty());

    let (corpus, _) = corpus(dir.path());
    let before = std::fs::read(&project).expect("read");
    let again = dossier(&["init", arg(&corpus), "-o", arg(&project)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read(&project).expect("read"), before);

    let forced = dossier(&["init", arg(&corpus), "-o", arg(&project), "--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));

    let missing = dossier(&[
        "init",
        arg(&dir.path().join("nowhere")),
        "-o",
        "x.dossier.ron",
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn annotate_adds_a_coded_passage_and_creates_the_tag_when_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let out = dossier(&[
        "annotate",
        arg(&project),
        "kremlin.txt",
        "--find",
        "Hmeimim",
        "--tag",
        "Bases",
        "--note",
        "the air base",
        "--coder",
        "Ana",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // The second occurrence of an ambiguous text, with a tag that exists (any case).
    let out = dossier(&[
        "annotate",
        arg(&project),
        "kremlin.txt",
        "--find",
        "Ţarţūs",
        "--nth",
        "2",
        "--tag",
        "bases",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let loaded = file::load(&project).expect("loads");
    assert_eq!(loaded.tags.len(), 1, "the tag was created once");
    let bases = loaded.tag_by_name("Bases").expect("tag").id;
    let mut annotations: Vec<_> = loaded.annotations.values().collect();
    annotations.sort_by_key(|a| a.anchor.start);
    let hmeimim = annotations[0];
    assert_eq!(hmeimim.anchor.quote, "Hmeimim");
    assert_eq!(hmeimim.tags, [bases]);
    assert_eq!(hmeimim.note, "the air base");
    assert_eq!(hmeimim.coder.as_deref(), Some("Ana"));
    let second = annotations[1];
    assert_eq!(second.anchor.quote, "Ţarţūs");
    let first_tartus = ARTICLE.find("Ţarţūs").expect("in text");
    assert!(second.anchor.start > ARTICLE[..first_tartus].chars().count());
    assert_eq!(second.coder, None);
}

#[test]
fn annotate_codes_an_exact_copy_on_the_document_it_is_a_copy_of() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (corpus, project) = corpus(dir.path());
    // The same text under a name that sorts first: it is the document, kremlin.txt a copy.
    std::fs::write(corpus.join("a-copy.txt"), ARTICLE).expect("write");
    let out = dossier(&["init", arg(&corpus), "-o", arg(&project)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = dossier(&[
        "annotate",
        arg(&project),
        "kremlin.txt",
        "--find",
        "Hmeimim",
        "--tag",
        "Bases",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("an exact copy of a-copy.txt"),
        "{}",
        text(&out.stderr)
    );
    let loaded = file::load(&project).expect("loads");
    let annotation = loaded.annotations.values().next().expect("annotated");
    assert_eq!(annotation.document, "a-copy.txt");
    assert_eq!(annotation.anchor.quote, "Hmeimim");
}

#[test]
fn annotate_refuses_a_text_not_found_or_ambiguous_and_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let before = std::fs::read(&project).expect("read");
    let cases: [(&[&str], &str); 4] = [
        (&["--find", "Latakia"], "is not in"),
        (&["--find", "Ţarţūs"], "--nth"),
        (&["--find", "Ţarţūs", "--nth", "3"], "only 2 times"),
        (&["--find", "hmeimim"], "is not in"),
    ];
    for (extra, message) in cases {
        let mut args = vec!["annotate", arg(&project), "kremlin.txt", "--tag", "Places"];
        args.extend_from_slice(extra);
        let out = dossier(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{extra:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(std::fs::read(&project).expect("read"), before, "{extra:?}");
    }
    let unknown = dossier(&[
        "annotate",
        arg(&project),
        "other.txt",
        "--find",
        "x",
        "--tag",
        "T",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(std::fs::read(&project).expect("read"), before);
    assert!(!file::backup_path(&project).exists(), "nothing was saved");
}

#[test]
fn diff_lists_what_changed_and_textconv_summarises_one_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let annotate = |find: &str, tag: &str, coder: &str| {
        let out = dossier(&[
            "annotate",
            arg(&project),
            "kremlin.txt",
            "--find",
            find,
            "--nth",
            "1",
            "--tag",
            tag,
            "--coder",
            coder,
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    };
    annotate("Hmeimim", "Bases", "Ana");
    let old = dir.path().join("old.dossier.ron");
    std::fs::copy(&project, &old).expect("copy");
    annotate("Kremlin talks", "Diplomacy", "Bob");

    let out = dossier(&["diff", arg(&old), arg(&project)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout);
    assert!(said.contains("Annotations added (1)"), "{said}");
    assert!(
        said.contains("+ kremlin.txt  “Kremlin talks”  by Bob  [Diplomacy]"),
        "{said}"
    );
    assert!(said.contains("Tags added (1)\n  + Diplomacy"), "{said}");

    let out = dossier(&["diff", arg(&old), arg(&project), "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["annotations_added"][0]["quote"], "Kremlin talks");
    assert_eq!(json["annotations_added"][0]["coder"], "Bob");
    assert_eq!(
        json["annotations_removed"].as_array().map(Vec::len),
        Some(0)
    );

    let out = dossier(&["diff", "--textconv", arg(&project)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(summary.contains("\ntags:\n  Bases  #"), "{summary}");
    assert!(
        summary.contains(
            "  kremlin.txt\n    “Kremlin talks”  0..13\n      tags: Diplomacy\n      coder: Bob\n"
        ),
        "{summary}"
    );
    assert_eq!(
        text(&dossier(&["diff", "--textconv", arg(&project)]).stdout),
        summary,
        "stable"
    );
    // Without a second file, or with a file that is not a project: exit 2.
    assert_eq!(dossier(&["diff", arg(&old)]).status.code(), Some(2));
    let bad = dir.path().join("bad.dossier.ron");
    std::fs::write(&bad, "not ron").expect("write");
    assert_eq!(
        dossier(&["diff", arg(&old), arg(&bad)]).status.code(),
        Some(2)
    );
}

#[test]
fn annotate_codes_a_region_of_a_pdf_page_and_export_carries_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let pdf = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/seeds/pdf/report.pdf");
    std::fs::copy(pdf, dir.path().join("corpus/report.pdf")).expect("copy the PDF");
    let region = |spec: &str| {
        dossier(&[
            "annotate",
            arg(&project),
            "report.pdf",
            "--region",
            spec,
            "--tag",
            "Letterhead",
            "--note",
            "the top of the page",
        ])
    };
    let out = region("1:0,0,595,400");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // A page the PDF does not have, a box without an area, text and a region at once.
    assert_eq!(region("99:0,0,10,10").status.code(), Some(2));
    assert_eq!(region("1:0,0,0,10").status.code(), Some(2));
    // A box reaching past the page's edge is refused, the page's size said.
    let outside = region("1:200,200,600,400");
    assert_eq!(outside.status.code(), Some(2));
    let said = text(&outside.stderr);
    assert!(
        said.contains("not inside the page") && said.contains("595"),
        "{said}"
    );
    let both = dossier(&[
        "annotate",
        arg(&project),
        "report.pdf",
        "--region",
        "1:0,0,10,10",
        "--find",
        "x",
        "--tag",
        "T",
    ]);
    assert_eq!(both.status.code(), Some(2));

    let loaded = file::load(&project).expect("loads");
    let [coded] = &loaded.annotations.values().collect::<Vec<_>>()[..] else {
        panic!("one annotation: {:?}", loaded.annotations)
    };
    let box_ = coded.anchor.region.expect("a region");
    assert_eq!((box_.page, box_.w, box_.h), (0, 595.0, 400.0));
    assert!(
        !coded.anchor.quote.is_empty(),
        "the words at the top of the page"
    );

    let csv = dir.path().join("out.csv");
    let out = dossier(&["export", arg(&project), "--format", "csv", "-o", arg(&csv)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&csv).expect("the export");
    assert!(written.contains("page 1, 595×400 at 0,0"), "{written}");
}

#[test]
fn a_region_on_a_pdf_inside_a_zip_exports_to_refi_qda_as_a_pdf_selection_with_its_pdf() {
    use std::io::{Read, Write};
    let dir = tempfile::tempdir().expect("temp dir");
    let project = initialised(dir.path());
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fuzz/seeds/pdf/report.pdf"
    ))
    .expect("the PDF");
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("scans/report.pdf", zip::write::SimpleFileOptions::default())
        .expect("a member");
    zip.write_all(&pdf).expect("written");
    let bytes = zip.finish().expect("zipped").into_inner();
    std::fs::write(dir.path().join("corpus/letters.zip"), bytes).expect("the zip");
    let out = dossier(&[
        "annotate",
        arg(&project),
        "letters.zip/scans/report.pdf",
        "--region",
        "1:0,0,595,400",
        "--tag",
        "Letterhead",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let qdpx = dir.path().join("out.qdpx");
    let out = dossier(&[
        "export",
        arg(&project),
        "--format",
        "qdpx",
        "-o",
        arg(&qdpx),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&qdpx).expect("the export")).expect("a zip");
    let mut qde = String::new();
    archive
        .by_name("project.qde")
        .expect("the project")
        .read_to_string(&mut qde)
        .expect("read");
    // The part's PDF travels in the archive and the region is a box on its page, not a
    // passage of its text.
    assert!(qde.contains("<PDFSource "), "{qde}");
    assert!(qde.contains("<PDFSelection "), "{qde}");
    let pdfs = archive
        .file_names()
        .filter(|name| {
            name.as_ref()
                .is_ok_and(|n| n.starts_with("sources/") && n.ends_with(".pdf"))
        })
        .count();
    assert_eq!(pdfs, 1);
}

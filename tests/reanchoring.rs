//! Re-anchoring when documents change on disk between sessions.

use crate::common;

use std::fs;

use common::*;
use dossier::project::{AnchorStatus, Workspace, reconcile};

const TEXT: &str = "In Damascus, officials met on Monday.\n\
Russia wants to keep its military bases in Hmeimim and Tartus for decades.\n\
The talks ended without a statement.\n";

struct Setup {
    _dir: tempfile::TempDir,
    corpus_dir: std::path::PathBuf,
    project_path: std::path::PathBuf,
    note: &'static str,
}

/// A saved project with one annotation on "military bases in Hmeimim and Tartus".
fn setup() -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    write(&corpus_dir, "talks.txt", TEXT);
    write(&corpus_dir, "other.txt", "Unrelated text about Mosul.\n");
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::for_folder(&corpus_dir);
    reconcile(&mut ws.project, &corpus);
    let tag = add_tag(&mut ws, "Bases", None);
    let note = "Compare with the 2017 lease.";
    annotate(
        &mut ws,
        &corpus,
        "talks.txt",
        "military bases in Hmeimim and Tartus",
        note,
        vec![tag],
    );
    let project_path = dir.path().join("p.dossier.ron");
    ws.save_as(&project_path).expect("save");
    Setup {
        corpus_dir,
        project_path,
        note,
        _dir: dir,
    }
}

/// Reopens the project against the corpus as it is now.
fn reopen(s: &Setup) -> (Workspace, dossier::project::ReconcileReport) {
    let mut ws = Workspace::open(&s.project_path).expect("open");
    let corpus = load(&s.corpus_dir);
    let report = reconcile(&mut ws.project, &corpus);
    (ws, report)
}

fn only_annotation(ws: &Workspace) -> dossier::project::Annotation {
    ws.project
        .annotations
        .values()
        .next()
        .expect("annotation")
        .clone()
}

#[test]
fn unchanged_documents_stay_anchored() {
    let s = setup();
    let (_, report) = reopen(&s);
    assert_eq!(report.totals.anchored, 1);
    assert!(!report.changed_annotations);
}

#[test]
fn text_inserted_before_moves_the_annotation() {
    let s = setup();
    let inserted = "UPDATE (8 December): Ţarţūs port reopened.\n";
    fs::write(s.corpus_dir.join("talks.txt"), format!("{inserted}{TEXT}")).expect("edit");
    let (ws, report) = reopen(&s);
    assert_eq!(report.totals.moved, 1, "{report:?}");
    let a = only_annotation(&ws);
    let doc = load(&s.corpus_dir);
    let text = &doc.get("talks.txt").expect("doc").text;
    assert_eq!(
        text.slice(a.anchor.start..a.anchor.end),
        Some("military bases in Hmeimim and Tartus")
    );
    assert!(report.changed_annotations);
}

#[test]
fn a_changed_wording_keeps_the_quote_as_coded_through_save_and_reopen() {
    let s = setup();
    let coded = "military bases in Hmeimim and Tartus";
    let now = "military bases at Hmeimim and Tartus";
    fs::write(
        s.corpus_dir.join("talks.txt"),
        TEXT.replace("bases in Hmeimim", "bases at Hmeimim"),
    )
    .expect("edit");
    let (mut ws, report) = reopen(&s);
    assert_eq!(report.totals.fuzzy, 1, "{report:?}");
    let a = only_annotation(&ws);
    assert_eq!(
        a.anchor.quote, coded,
        "the quote as coded is evidence: kept"
    );
    assert_eq!(a.anchor.current_quote.as_deref(), Some(now));
    assert_eq!(report.annotations[0].quote, coded);
    assert_eq!(report.annotations[0].current_quote.as_deref(), Some(now));
    assert!(!a.orphaned);
    let modified = a.modified;

    // Saved and opened again: both wordings survive, nothing else changed.
    ws.save().expect("save");
    let text = fs::read_to_string(&s.project_path).expect("read");
    assert!(text.contains(&format!("quote: \"{coded}\"")), "{text}");
    assert!(
        text.contains(&format!("current_quote: Some(\"{now}\")")),
        "{text}"
    );
    let (ws, report) = reopen(&s);
    assert_eq!(report.totals.anchored, 1, "nothing new: {report:?}");
    assert!(report.changes().is_empty());
    let a = only_annotation(&ws);
    assert_eq!(a.anchor.quote, coded);
    assert_eq!(a.anchor.current_quote.as_deref(), Some(now));
    assert_eq!(a.modified, modified, "re-anchoring is not an edit");
}

#[test]
fn a_duplicated_quote_keeps_the_right_occurrence() {
    let s = setup();
    // The same phrase now also appears earlier, in another context, and the text shifted.
    let edited = format!(
        "Analysts doubt Russia needs military bases in Hmeimim and Tartus at all.\n\n{TEXT}"
    );
    fs::write(s.corpus_dir.join("talks.txt"), &edited).expect("edit");
    let (ws, report) = reopen(&s);
    assert_eq!(report.totals.moved, 1, "{report:?}");
    let a = only_annotation(&ws);
    let second = edited.rfind("military bases in Hmeimim").expect("second");
    assert_eq!(a.anchor.start, edited[..second].chars().count());
}

#[test]
fn a_deleted_passage_orphans_the_annotation_and_keeps_its_note() {
    let s = setup();
    fs::write(
        s.corpus_dir.join("talks.txt"),
        "In Damascus, officials met on Monday.\nNothing else.\n",
    )
    .expect("edit");
    let (mut ws, report) = reopen(&s);
    assert_eq!(report.totals.orphaned, 1);
    let a = only_annotation(&ws);
    assert!(a.orphaned);
    assert_eq!(a.note, s.note);
    assert_eq!(a.anchor.quote, "military bases in Hmeimim and Tartus");
    assert_eq!(a.tags.len(), 1);
    // Saved and reopened, the orphan is still there with everything it had.
    ws.save().expect("save");
    let again = Workspace::open(&s.project_path).expect("open");
    assert_eq!(only_annotation(&again), a);
}

#[test]
fn a_deleted_document_orphans_its_annotations() {
    let s = setup();
    fs::remove_file(s.corpus_dir.join("talks.txt")).expect("delete");
    let (ws, report) = reopen(&s);
    assert_eq!(report.totals.orphaned, 1);
    let a = only_annotation(&ws);
    assert!(a.orphaned);
    assert_eq!(a.note, s.note);
    // The record of the missing document is kept while an annotation refers to it.
    assert!(ws.project.documents.contains_key("talks.txt"));
}

#[test]
fn a_renamed_document_keeps_its_annotations() {
    let s = setup();
    fs::rename(
        s.corpus_dir.join("talks.txt"),
        s.corpus_dir.join("talks-renamed.txt"),
    )
    .expect("rename");
    let (ws, report) = reopen(&s);
    assert_eq!(
        report.renamed,
        [("talks.txt".to_owned(), "talks-renamed.txt".to_owned())]
    );
    let a = only_annotation(&ws);
    assert_eq!(a.document, "talks-renamed.txt");
    assert_eq!(report.annotations[0].status, AnchorStatus::Anchored);
}

#[test]
fn an_orphan_whose_passage_returns_is_reattached() {
    let s = setup();
    let path = s.corpus_dir.join("talks.txt");
    fs::write(&path, "Gone.\n").expect("edit");
    let (mut ws, report) = reopen(&s);
    assert_eq!(report.totals.orphaned, 1);
    ws.save().expect("save");
    fs::write(&path, TEXT).expect("restore");
    let (ws, report) = reopen(&s);
    assert_eq!(report.totals.anchored, 1, "{report:?}");
    assert!(!only_annotation(&ws).orphaned);
}

#[test]
fn check_command_reports_json_and_fix_saves() {
    let s = setup();
    let edited = format!("New first line.\n{TEXT}");
    fs::write(s.corpus_dir.join("talks.txt"), &edited).expect("edit");
    let expected_start = edited.find("military bases").expect("quote");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--json", "--fix"])
        .arg(&s.project_path)
        .output()
        .expect("run dossier");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["totals"]["moved"], 1);
    assert_eq!(json["annotations"][0]["status"], "moved");
    assert_eq!(json["annotations"][0]["document"], "talks.txt");
    assert_eq!(json["annotations"][0]["start"], expected_start); // ASCII: bytes == chars
    // --fix saved the new position: a second check finds it anchored.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--json"])
        .arg(&s.project_path)
        .output()
        .expect("run dossier");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["totals"]["anchored"], 1, "{json}");
}

#[test]
fn check_json_gives_the_current_wording_of_a_changed_passage() {
    let s = setup();
    fs::write(
        s.corpus_dir.join("talks.txt"),
        TEXT.replace("bases in Hmeimim", "bases at Hmeimim"),
    )
    .expect("edit");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--json"])
        .arg(&s.project_path)
        .output()
        .expect("run dossier");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let a = &json["annotations"][0];
    assert_eq!(a["status"], "fuzzy");
    assert_eq!(a["quote"], "military bases in Hmeimim and Tartus");
    assert_eq!(a["current_quote"], "military bases at Hmeimim and Tartus");
}

#[test]
fn opening_a_session_summarises_what_changed_since_the_last_save() {
    use dossier::session::{OpenTarget, Session};
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    write(
        &corpus_dir,
        "moved.txt",
        "The convoy reached Aleppo at dawn.\n",
    );
    write(
        &corpus_dir,
        "changed.txt",
        "Russia keeps its military bases in Tartus.\n",
    );
    write(
        &corpus_dir,
        "cut.txt",
        "A paragraph that will be cut entirely.\nKept line.\n",
    );
    write(&corpus_dir, "gone.txt", "This file will be deleted.\n");
    write(&corpus_dir, "same.txt", "Nothing changes here.\n");
    let corpus = load(&corpus_dir);
    let mut ws = Workspace::for_folder(&corpus_dir);
    reconcile(&mut ws.project, &corpus);
    let tag = add_tag(&mut ws, "t", None);
    for (doc, quote) in [
        ("moved.txt", "reached Aleppo"),
        ("changed.txt", "military bases in Tartus"),
        ("cut.txt", "will be cut entirely"),
        ("gone.txt", "will be deleted"),
        ("gone.txt", "This file"),
        ("same.txt", "Nothing changes"),
    ] {
        annotate(&mut ws, &corpus, doc, quote, "", vec![tag]);
    }
    let project = dir.path().join("p.dossier.ron");
    ws.save_as(&project).expect("save");

    write(
        &corpus_dir,
        "moved.txt",
        "Update: The convoy reached Aleppo at dawn.\n",
    );
    write(
        &corpus_dir,
        "changed.txt",
        "Russia keeps its military bases at Tartus.\n",
    );
    write(&corpus_dir, "cut.txt", "Kept line.\n");
    fs::remove_file(corpus_dir.join("gone.txt")).expect("delete");

    let session = Session::open(
        &OpenTarget::Project(project.clone()),
        &Default::default(),
        &(),
    )
    .expect("opens");
    let changes = session.reconcile.changes();
    assert_eq!(changes.moved.len(), 1, "{changes:?}");
    assert_eq!(changes.wording_changed.len(), 1);
    assert_eq!(
        changes.orphaned.len(),
        3,
        "the cut passage and both of the gone file"
    );
    assert_eq!(changes.missing_documents, ["gone.txt"]);
    assert!(
        session.unsaved_from_opening,
        "the reason the project shows unsaved changes"
    );
    assert_eq!(
        changes.sentences(),
        [
            "1 annotation moved with its passage to another place in the text.",
            "1 annotation now points at changed wording; its quote as coded is kept.",
            "3 annotations lost their passage and are kept as orphans (quote, note and tags).",
            "1 document is missing on disk; its annotations are kept.",
            "3 documents changed on disk; annotations on them were checked against the new text.",
        ]
    );
    assert_eq!(
        changes.changed_documents,
        ["changed.txt", "cut.txt", "moved.txt"]
    );
    // The missing document stays known, with its two annotations.
    let missing = session.missing_documents();
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].path.as_str(), missing[0].annotations),
        ("gone.txt", 2)
    );
    assert!(!missing[0].title.is_empty());
    // Nothing the user coded changed.
    let quotes: Vec<&str> = session
        .workspace
        .project
        .annotations
        .values()
        .map(|a| a.anchor.quote.as_str())
        .collect();
    assert!(quotes.contains(&"military bases in Tartus"));
    assert!(quotes.contains(&"will be deleted"));
}

#[test]
fn exports_show_a_changed_wording_beside_the_quote_as_coded() {
    use dossier::export::{ExportFormat, render};
    let s = setup();
    let coded = "military bases in Hmeimim and Tartus";
    let now = "military bases at Hmeimim and Tartus";
    fs::write(
        s.corpus_dir.join("talks.txt"),
        TEXT.replace("bases in Hmeimim", "bases at Hmeimim"),
    )
    .expect("edit");
    let (ws, _) = reopen(&s);
    let corpus = load(&s.corpus_dir);
    let export = |format| {
        let rendered = render(format, &ws.project, &corpus).expect("export");
        // The passage is where it says (its current words), so it is placed, not orphaned.
        assert!(
            rendered.summary.warnings.is_empty(),
            "{format:?}: {:?}",
            rendered.summary.warnings
        );
        rendered.bytes
    };

    let csv = String::from_utf8(export(ExportFormat::Csv)).expect("utf-8");
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header = rows.headers().expect("header").clone();
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = rows.records().next().expect("row").expect("record");
    assert_eq!(&row[column("quote")], coded);
    assert_eq!(&row[column("current_quote")], now);
    assert_eq!(&row[column("status")], "wording changed");
    assert!(!row[column("start")].is_empty(), "placed");

    for format in [ExportFormat::Markdown, ExportFormat::Html] {
        let report = String::from_utf8(export(format)).expect("utf-8");
        assert!(report.contains(coded), "{format:?}: {report}");
        assert!(report.contains("Wording changed since coding"), "{report}");
        assert!(report.contains(now), "{format:?}: {report}");
    }

    let w3c: serde_json::Value = serde_json::from_slice(&export(ExportFormat::W3c)).expect("json");
    let item = &w3c["first"]["items"][0];
    let selectors = item["target"]["selector"].as_array().expect("selectors");
    assert!(
        selectors
            .iter()
            .any(|s| s["type"] == "TextQuoteSelector" && s["exact"] == now),
        "the selectors point at the text as it is now: {selectors:?}"
    );
    let bodies = item["body"].as_array().expect("bodies");
    assert!(
        bodies.iter().any(|b| b["purpose"] == "describing"
            && b["value"].as_str().is_some_and(|v| v.contains(coded))),
        "{bodies:?}"
    );

    let qdpx = export(ExportFormat::Qdpx);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(qdpx)).expect("zip");
    let mut qde = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("project.qde").expect("qde"), &mut qde)
        .expect("read");
    assert!(qde.contains("Wording changed since coding"), "{qde}");
    assert!(qde.contains(&format!("Coded as: “{coded}”")), "{qde}");
    assert!(
        qde.contains(s.note),
        "the user's note is exported unchanged"
    );
}

#[test]
fn an_annotation_made_before_a_copy_appeared_belongs_to_the_one_document_all_copies_are() {
    let s = setup();
    // "a/talks.txt" comes first in path order: the copies are one document under its id.
    write(&s.corpus_dir, "a/talks.txt", TEXT);
    let (ws, report) = reopen(&s);
    assert_eq!(
        report.joined_copies,
        [("talks.txt".to_owned(), "a/talks.txt".to_owned())]
    );
    let a = only_annotation(&ws);
    assert_eq!(a.document, "a/talks.txt");
    assert_eq!(a.note, s.note);
    assert_eq!(report.annotations[0].status, AnchorStatus::Anchored);
    assert!(report.missing.is_empty() && report.removed.is_empty());
    assert!(!ws.project.documents.contains_key("talks.txt"));
    assert!(
        report
            .changes()
            .sentences()
            .iter()
            .any(|l| l.contains("exact copy"))
    );
}

#[test]
fn deleting_the_file_annotated_keeps_its_annotations_on_a_copy_that_remains() {
    let s = setup();
    // Two more copies, after "talks.txt" in path order: the annotation was on the first.
    write(&s.corpus_dir, "z/talks.txt", TEXT);
    write(&s.corpus_dir, "zz/talks.txt", TEXT);
    let (mut ws, report) = reopen(&s);
    assert!(report.joined_copies.is_empty(), "{report:?}");
    assert_eq!(only_annotation(&ws).document, "talks.txt");
    ws.save().expect("save");

    fs::remove_file(s.corpus_dir.join("talks.txt")).expect("delete");
    let (mut ws, report) = reopen(&s);
    let a = only_annotation(&ws);
    assert_eq!(a.document, "z/talks.txt", "{report:?}");
    assert!(!a.orphaned);
    assert_eq!(report.annotations[0].status, AnchorStatus::Anchored);
    assert!(report.missing.is_empty());
    ws.save().expect("save");

    // With no copy left, the annotation is kept as an orphan of a missing document.
    fs::remove_file(s.corpus_dir.join("z/talks.txt")).expect("delete");
    fs::remove_file(s.corpus_dir.join("zz/talks.txt")).expect("delete");
    let (ws, report) = reopen(&s);
    assert!(only_annotation(&ws).orphaned);
    assert_eq!(report.missing, ["z/talks.txt"]);
}

#[test]
fn a_project_that_knew_two_copies_apart_keeps_the_annotations_when_the_first_is_deleted() {
    // A project saved before copies were one document knew both files, each with its own
    // record; the annotation is on the first.
    let s = setup();
    write(&s.corpus_dir, "z/talks.txt", TEXT);
    let mut ws = Workspace::open(&s.project_path).expect("open");
    let mut record = ws.project.documents["talks.txt"].clone();
    record.path = "z/talks.txt".to_owned();
    record.coded_by.insert("Ana".to_owned());
    ws.project.documents.insert(record.path.clone(), record);
    ws.save().expect("save");

    fs::remove_file(s.corpus_dir.join("talks.txt")).expect("delete");
    let (ws, report) = reopen(&s);
    let a = only_annotation(&ws);
    assert_eq!(a.document, "z/talks.txt", "{report:?}");
    assert!(!a.orphaned);
    assert_eq!(
        report.joined_copies,
        [("talks.txt".to_owned(), "z/talks.txt".to_owned())]
    );
    assert!(ws.project.documents["z/talks.txt"].coded_by.contains("Ana"));
}

/// A scan of two pages read by OCR: "Signed by the minister" on the first, nothing
/// readable on the second; or, re-scanned, the first page alone.
fn scan(pages: usize) -> dossier::corpus::Corpus {
    use dossier::corpus::layout::{PageLayout, PageRect, PageSize, WordBox};
    use std::sync::Arc;
    let mut doc = dossier::corpus::Document::from_plain_text("scan.png", "Signed by the minister");
    let words = [(0, 6), (7, 9), (10, 13), (14, 22)]
        .iter()
        .enumerate()
        .map(|(i, &(start, end))| WordBox {
            start,
            end,
            page: 0,
            rect: PageRect {
                x: 50.0 + 60.0 * i as f32,
                y: 100.0,
                w: 50.0,
                h: 12.0,
            },
            confidence: Some(95.0),
        })
        .collect();
    let size = PageSize {
        width: 600.0,
        height: 800.0,
    };
    doc.layout = Some(Arc::new(PageLayout {
        pages: vec![size; pages],
        words,
    }));
    dossier::corpus::Corpus::of_documents(
        std::path::PathBuf::from("/nonexistent"),
        vec![Arc::new(doc)],
        Default::default(),
    )
}

#[test]
fn reconciling_keeps_a_photograph_region_and_orphans_it_only_when_its_page_is_gone() {
    use dossier::project::{Anchor, Annotation, PageRegion, Project};
    let mut project = Project::new("scans");
    let corpus = scan(2);
    let doc = corpus.get("scan.png").expect("the scan");
    let layout = doc.layout.as_deref().expect("pages");
    let photo = PageRegion::new(
        1,
        dossier::corpus::layout::PageRect {
            x: 100.0,
            y: 100.0,
            w: 300.0,
            h: 200.0,
        },
    )
    .expect("a box");
    let anchor = Anchor::for_region(&doc.text, layout, photo).expect("on page 2");
    assert!(anchor.quote.is_empty());
    let id = project.new_annotation_id();
    let at = jiff::Timestamp::UNIX_EPOCH;
    project.annotations.insert(
        id,
        Annotation {
            id,
            document: "scan.png".into(),
            anchor,
            note: "the delegation".into(),
            tags: Vec::new(),
            created: at,
            modified: at,
            orphaned: false,
            history: Vec::new(),
            coder: None,
        },
    );
    let report = reconcile(&mut project, &corpus);
    assert_eq!(report.totals.anchored, 1, "{}", report.summary());
    assert!(!project.annotations[&id].orphaned);

    let report = reconcile(&mut project, &scan(1));
    assert_eq!(report.totals.orphaned, 1, "{}", report.summary());
    let kept = &project.annotations[&id];
    assert!(kept.orphaned);
    assert_eq!(
        (kept.anchor.region, kept.note.as_str()),
        (Some(photo), "the delegation")
    );
}

//! A document can carry a title of the user's own in the project: shown everywhere the
//! document is, saved in the project file, undoable; the file itself is not touched.

use crate::common;

use common::{annotate, load, write};
use dossier::export::{ExportFormat, render};
use dossier::project::{Command, file, reconcile};
use dossier::session::{OpenTarget, Session};

fn title_of(session: &Session, path: &str) -> String {
    session.corpus.get(path).expect("document").title.clone()
}

#[test]
fn renaming_a_document_shows_saves_reopens_and_undoes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "000_31e3b2518f2d233b.txt",
        "Putin received al-Sharaa at the Kremlin.\n",
    );
    write(&corpus, "b.md", "# Aleppo\n\nText.\n");
    let mut session = Session::open(
        &OpenTarget::Folder(corpus.clone()),
        &Default::default(),
        &(),
    )
    .expect("open");
    let path = "000_31e3b2518f2d233b.txt";
    assert_eq!(title_of(&session, path), "000_31e3b2518f2d233b");

    session
        .workspace
        .execute(Command::RenameDocument {
            path: path.into(),
            title: Some("Putin receives al-Sharaa".into()),
        })
        .expect("rename");
    session.apply_titles();
    assert_eq!(title_of(&session, path), "Putin receives al-Sharaa");
    assert_eq!(title_of(&session, "b.md"), "Aleppo");

    // Saved in the project, with the document's own title beside it; reopened as given.
    let project_file = dir.path().join("study.dossier.ron");
    session.workspace.save_as(&project_file).expect("save");
    let text = std::fs::read_to_string(&project_file).expect("read");
    assert!(text.contains("title: \"000_31e3b2518f2d233b\""), "{text}");
    assert!(
        text.contains("renamed: Some(\"Putin receives al-Sharaa\")"),
        "{text}"
    );
    let reopened = Session::open(
        &OpenTarget::Project(project_file.clone()),
        &Default::default(),
        &(),
    )
    .expect("reopen");
    assert_eq!(title_of(&reopened, path), "Putin receives al-Sharaa");
    assert_eq!(
        std::fs::read_to_string(corpus.join(path)).expect("file"),
        "Putin received al-Sharaa at the Kremlin.\n",
        "the file is not touched"
    );

    // Undo gives the document its own title back.
    session.workspace.undo().expect("undo");
    session.apply_titles();
    assert_eq!(title_of(&session, path), "000_31e3b2518f2d233b");
}

#[test]
fn exports_use_the_title_given_in_the_project() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus_dir = dir.path().join("corpus");
    write(
        &corpus_dir,
        "000_31e3b2518f2d233b.txt",
        "Putin received al-Sharaa at the Kremlin.\n",
    );
    let mut session = Session::open(
        &OpenTarget::Folder(corpus_dir.clone()),
        &Default::default(),
        &(),
    )
    .expect("open");
    let path = "000_31e3b2518f2d233b.txt";
    annotate(
        &mut session.workspace,
        &session.corpus,
        path,
        "al-Sharaa",
        "",
        Vec::new(),
    );
    session
        .workspace
        .execute(Command::RenameDocument {
            path: path.into(),
            title: Some("Kremlin meeting".into()),
        })
        .expect("rename");
    let project_file = dir.path().join("study.dossier.ron");
    session.workspace.save_as(&project_file).expect("save");

    // As `dossier export` does: the project and a freshly loaded corpus.
    let mut project = file::load(&project_file).expect("load");
    let corpus = load(&corpus_dir);
    reconcile(&mut project, &corpus);
    let csv = render(ExportFormat::Csv, &project, &corpus).expect("csv");
    let csv = String::from_utf8(csv.bytes).expect("utf-8");
    assert!(csv.contains("Kremlin meeting"), "{csv}");
    // The document's own title (its file name) is not the title column's.
    assert!(!csv.contains(",000_31e3b2518f2d233b,"), "{csv}");
}

#[test]
fn a_text_file_is_titled_by_its_title_line_or_else_its_file_name_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        "news/000_31e3b2518f2d233b.txt",
        "In a highly significant diplomatic move, Putin received al-Sharaa at the Kremlin.\n\
         Historical background and context of the meeting\n",
    );
    write(
        dir.path(),
        "notes/field_notes-2024.txt",
        "Visit to Tartus\n\nThe harbour was quiet.\n",
    );
    let corpus = load(dir.path());
    let title = |path: &str| corpus.get(path).expect("document").title.clone();
    assert_eq!(
        title("news/000_31e3b2518f2d233b.txt"),
        "000_31e3b2518f2d233b"
    );
    assert_eq!(title("notes/field_notes-2024.txt"), "Visit to Tartus");
}

#[test]
fn an_attachment_and_an_archive_member_are_titled_by_their_file_names_as_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let eml = "From: a@example.org\nTo: b@example.org\nSubject: Scans\nMIME-Version: 1.0\n\
Content-Type: multipart/mixed; boundary=\"XX\"\n\n--XX\nContent-Type: text/plain\n\nSee attached.\n\
--XX\nContent-Type: text/plain; name=\"memo scan.txt\"\nContent-Disposition: attachment; filename=\"memo scan.txt\"\n\n\
the memo was scanned in Erbil\n--XX--\n";
    write(dir.path(), "with_scan.eml", eml);
    let zip = crate::support::office::zip_of(&[(
        "spaces and #hash?.txt",
        b"a member whose name has a hash".as_slice(),
    )]);
    std::fs::write(dir.path().join("names.zip"), zip).expect("zip");
    let corpus = load(dir.path());
    let titles: Vec<(&str, &str)> = corpus
        .documents
        .iter()
        .map(|d| (d.path.as_str(), d.title.as_str()))
        .collect();
    let title = |id: &str| {
        titles
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| panic!("no {id} in {titles:?}"))
    };
    // The id stays safe for a path; the title is the name the sender gave.
    assert_eq!(title("with_scan.eml/1-memo%20scan.txt"), "memo scan");
    assert_eq!(
        title("names.zip/spaces and #hash?.txt"),
        "spaces and #hash?"
    );
}

//! Readers of Dossier's own files, which a user, a sync tool or a crash may have changed:
//! the project file, a recovery copy, the mention cache, and a REFI-QDA archive to import.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{plain_document, points_at_its_quote};
use crate::corpus::{Corpus, LoadOptions};
use crate::entities::cache;
use crate::import::qdpx::{ImportLimits, import_from};
use crate::project::recovery::{Recovery, RecoveryStore};
use crate::project::{Project, file, reconcile};

/// Where a fuzzed project file pretends to live (never touched: no such folder).
const PROJECT_PATH: &str = "/nonexistent-dossier-fuzz/project.dossier.ron";

/// A project file as text: it parses or is refused with a reason; one that parses is used
/// as the window uses it (codebook tree, counts), and saving it then reading that back
/// gives the same project.
pub fn project_file(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return; // `file::load` refuses a file that is not UTF-8 before parsing
    };
    let path = Path::new(PROJECT_PATH);
    let Ok(project) = file::from_ron(text, path) else {
        return;
    };
    use_codebook(&project);
    let saved = file::to_ron(&project, &parent(path)).expect("a loaded project can be saved");
    let reread = file::from_ron(&saved, path).expect("a saved project reads back");
    assert_eq!(reread, project, "save then load changed the project");
}

/// A recovery copy (a project file in the data folder, maybe half written by a crash),
/// restored as the window restores it: read, then reconciled with the open corpus. No
/// annotation is lost, and each that is not an orphan points at its quote.
pub fn recovery_copy(data: &[u8]) {
    let dir = scratch_dir("recovery");
    let path = dir.join("copy.dossier.ron.recovery");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let store = RecoveryStore::new(&dir);
    let recovery = Recovery {
        path,
        written: std::time::SystemTime::now(),
    };
    let restored = store.load(&recovery);
    let _ = std::fs::remove_dir_all(&dir);
    let Ok(mut project) = restored else {
        return;
    };
    let corpus = small_corpus();
    let before = project.annotations.len();
    project.corpus_root = Some(corpus.root.clone());
    reconcile(&mut project, corpus);
    assert_eq!(
        project.annotations.len(),
        before,
        "reconciling lost annotations"
    );
    check_anchors(&project, corpus);
    use_codebook(&project);
}

/// The mention cache's decoder, past its checksum (the input is the file without its last
/// 32 bytes, which are computed here: otherwise nearly every input would stop there). What
/// decodes encodes again to the same mentions.
pub fn mention_cache(data: &[u8]) {
    let mut sealed = data.to_vec();
    sealed.extend_from_slice(blake3::hash(data).as_bytes());
    let Ok(decoded) = cache::decode(&sealed, FUZZ_FINGERPRINT) else {
        return;
    };
    let Some(rules) = decoded.documents.values().next().map(|f| f.rules.clone()) else {
        return;
    };
    let documents: Vec<_> = decoded
        .documents
        .iter()
        .map(|(path, f)| (path.as_str(), &f.hash, f.mentions.as_slice()))
        .collect();
    let encoded = cache::encode(FUZZ_FINGERPRINT, &rules, documents).expect("encodes");
    let again = cache::decode(&encoded, FUZZ_FINGERPRINT).expect("what was written reads back");
    assert_eq!(again.documents.len(), decoded.documents.len());
    for (path, found) in &decoded.documents {
        let other = &again.documents[path];
        assert_eq!(other.mentions, found.mentions, "{path}: mentions changed");
        assert_eq!(other.hash, found.hash);
        assert_eq!(*other.rules, *rules);
    }
}

/// The recogniser fingerprint fuzz inputs are written with (seeds use it too).
pub const FUZZ_FINGERPRINT: &str = "fuzz";

/// A `.qdpx` archive imported into a fresh folder. When the import succeeds, the project it
/// saved opens with every annotation, and each that is not an orphan points at its quote
/// in the documents as the corpus loader reads them.
pub fn qdpx_import(data: &[u8]) {
    let into = scratch_dir("qdpx");
    let imported = import_from(
        Cursor::new(data),
        Path::new("fuzz.qdpx"),
        &into,
        ImportLimits::default(),
    );
    if let Ok(report) = imported {
        let project = file::load(&report.project_file).expect("the imported project opens");
        assert_eq!(
            project.annotations.len(),
            report.annotations,
            "annotations lost"
        );
        let corpus = Corpus::load(&into, &LoadOptions::default()).expect("the corpus opens");
        check_anchors(&project, &corpus);
        use_codebook(&project);
    }
    let _ = std::fs::remove_dir_all(&into);
}

/// Every annotation that is not an orphan, of a document the corpus holds, points at its
/// quote there.
fn check_anchors(project: &Project, corpus: &Corpus) {
    for a in project.annotations.values().filter(|a| !a.orphaned) {
        if let Some(doc) = corpus.get(&a.document) {
            assert!(
                points_at_its_quote(&a.anchor, &doc.text),
                "annotation {} does not point at its quote in {}: {:?}",
                a.id,
                a.document,
                a.anchor
            );
        }
    }
}

/// What the window does with a project's codebook every time it draws it.
fn use_codebook(project: &Project) {
    let tree = project.tag_tree();
    assert!(
        tree.len() <= project.tags.len(),
        "the tree shows a tag twice"
    );
    for id in project.tags.keys() {
        let _ = project.tag_path(*id);
        let _ = project.tag_and_descendants(*id);
    }
    let _ = project.annotation_counts();
    let _ = project.tag_usage();
}

/// Two small documents, in memory, that seeds of the recovery target annotate.
fn small_corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| Corpus {
        root: PathBuf::from("/nonexistent-dossier-fuzz/corpus"),
        documents: vec![
            plain_document(
                "news/talks.txt",
                "Talks in Moscow\nThe delegation from Damascus arrived at the Kremlin on \
                 Tuesday.\nOfficials described the talks as constructive."
                    .to_owned(),
            ),
            plain_document(
                "syria/bases.txt",
                "Hmeimim air base and the naval facility at Tartus remain in use. Ţarţūs, \
                 Дамаск — «Москва»."
                    .to_owned(),
            ),
        ],
        ..Corpus::default()
    })
}

/// A fresh, empty folder of this process for one input (removed by the caller).
fn scratch_dir(what: &str) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("dossier-fuzz-{}-{what}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn parent(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_owned)
}

/// The small corpus's documents, for the seed generator.
#[doc(hidden)]
pub fn recovery_corpus() -> &'static Corpus {
    small_corpus()
}

/// The input the `mention_cache` target takes for `documents` (path, text hash, mentions):
/// the cache file as Dossier writes it, without its checksum. For the seed generator.
pub fn mention_cache_input<'a>(
    rules: &crate::entities::EntityDictionary,
    documents: impl IntoIterator<
        Item = (
            &'a str,
            &'a crate::corpus::ContentHash,
            &'a [crate::entities::Mention],
        ),
    >,
) -> std::io::Result<Vec<u8>> {
    let mut bytes = cache::encode(FUZZ_FINGERPRINT, rules, documents)?;
    bytes.truncate(bytes.len().saturating_sub(blake3::OUT_LEN));
    Ok(bytes)
}

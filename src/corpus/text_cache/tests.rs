use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::entry::{self, FileRead, Unusable};
use super::*;
use crate::corpus::document::{ContentHash, Document, Format, Metadata};
use crate::corpus::layout::{PageLayout, PageRect, PageSize, WordBox};
use crate::corpus::{Corpus, LoadedFile, Skipped};
use crate::text::{DocText, ParagraphStyle};

/// A folder of every kind the loader reads or refuses: plain UTF-8 text (its text is the
/// file), text with Windows line ends and in Windows-1252 (its text is not), Markdown with
/// front matter, a web page, a Word document, a PDF with text, a scanned PDF, an encrypted
/// one, and a file of another type.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let put = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, bytes).expect("written");
    };
    put(
        "plain.txt",
        "Ţarţūs\n\nRussian forces left Hmeimim air base.\n".as_bytes(),
    );
    put("crlf.txt", b"Damascus\r\nAleppo and Homs.\r\n");
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode("Le café de l’Élysée, déjà très cher.");
    put("legacy/latin.txt", &latin);
    put(
        "memo.md",
        b"---\ntitle: A memo\nauthor: Someone\n---\n\nAssad fled to Moscow, ending\nthe family's rule.\n",
    );
    put(
        "page.html",
        include_bytes!("../../../fuzz/seeds/html/news-page.html"),
    );
    put(
        "minutes.docx",
        include_bytes!("../../../fuzz/seeds/docx/minutes.docx"),
    );
    put(
        "report.pdf",
        include_bytes!("../../../fuzz/seeds/pdf/report.pdf"),
    );
    put(
        "scan.pdf",
        include_bytes!("../../../fuzz/seeds/pdf/image-only.pdf"),
    );
    put(
        "locked.pdf",
        include_bytes!("../../../fuzz/seeds/pdf/encrypted.pdf"),
    );
    put("photo.xyz", b"not read");
    dir
}

fn options_with(cache: &Arc<TextCache>) -> LoadOptions {
    LoadOptions {
        text_cache: Some(cache.clone()),
        ..LoadOptions::default()
    }
}

fn load(root: &Path, cache: &Arc<TextCache>) -> Corpus {
    Corpus::load(root, &options_with(cache)).expect("loads")
}

/// Files whose outcome a load keeps: read (documents) or refused by their reader.
fn entries_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for fan in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(fan.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if file.file_name().to_string_lossy().ends_with(".text") {
                out.push(file.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_second_load_of_a_folder_parses_nothing_and_gives_the_same_corpus() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let without = Corpus::load(corpus_dir.path(), &LoadOptions::default()).expect("loads");
    let first_cache = Arc::new(TextCache::at(cache_dir.path()));
    let first = load(corpus_dir.path(), &first_cache);
    // What the cache changes nothing of: the first load is the load without it.
    assert_eq!(first.documents, without.documents);
    assert_eq!(first.report, without.report);
    assert!(first.documents.len() >= 6, "{:?}", first.report);
    // Every file but the one of another type (refused before it is read) was parsed once
    // and kept, the refused PDF with its reason; but not the scanned PDF, whose pages wait
    // for OCR (once read, the same bytes give a document).
    let kept = 8;
    let stats = first_cache.stats();
    assert_eq!((stats.hits, stats.written), (0, kept));
    assert!(stats.parsed > kept, "{stats:?}");
    assert_eq!(entries_in(cache_dir.path()).len(), kept);

    let second_cache = Arc::new(TextCache::at(cache_dir.path()));
    let second = load(corpus_dir.path(), &second_cache);
    let stats = second_cache.stats();
    assert_eq!(
        stats.parsed, 1,
        "only the scan waiting for OCR was read: {stats:?}"
    );
    assert_eq!((stats.hits, stats.written), (kept, 0));
    assert_eq!(second.documents, without.documents);
    assert_eq!(second.report, without.report);
    let skipped = |c: &Corpus| -> Vec<String> {
        c.report
            .skipped
            .iter()
            .map(|s| format!("{}: {}", s.path, s.reason))
            .collect()
    };
    assert_eq!(skipped(&second), skipped(&without));
}

#[test]
fn a_changed_file_is_read_again_and_a_moved_one_is_not() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    load(
        corpus_dir.path(),
        &Arc::new(TextCache::at(cache_dir.path())),
    );
    std::fs::write(
        corpus_dir.path().join("plain.txt"),
        "Ţarţūs\n\nRussian forces returned to Hmeimim.\n",
    )
    .expect("changed");
    std::fs::rename(
        corpus_dir.path().join("memo.md"),
        corpus_dir.path().join("legacy/memo moved.md"),
    )
    .expect("moved");
    let cache = Arc::new(TextCache::at(cache_dir.path()));
    let corpus = load(corpus_dir.path(), &cache);
    let stats = cache.stats();
    // The changed file, and the scan still waiting for OCR (never kept).
    assert_eq!((stats.parsed, stats.written, stats.hits), (2, 1, 7));
    let plain = corpus.get("plain.txt").expect("still there");
    assert!(plain.text.as_str().contains("returned to Hmeimim"));
    let moved = corpus
        .get("legacy/memo moved.md")
        .expect("found at its new path");
    assert_eq!(moved.title, "A memo");
    assert!(corpus.get("memo.md").is_none());
}

#[test]
fn a_damaged_entry_is_ignored_and_written_again() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let before = load(
        corpus_dir.path(),
        &Arc::new(TextCache::at(cache_dir.path())),
    );
    let entries = entries_in(cache_dir.path());
    // Cut short, one byte changed, replaced by garbage, emptied: every kind of damage.
    for (i, path) in entries.iter().enumerate() {
        let mut bytes = std::fs::read(path).expect("entry");
        match i % 4 {
            0 => bytes.truncate(bytes.len() / 2),
            1 => {
                let at = bytes.len() / 3;
                bytes[at] ^= 0x41;
            }
            2 => bytes = b"not an entry at all, but long enough to have a checksum".to_vec(),
            _ => bytes.clear(),
        }
        std::fs::write(path, bytes).expect("damaged");
    }
    let cache = Arc::new(TextCache::at(cache_dir.path()));
    let after = load(corpus_dir.path(), &cache);
    assert_eq!(after.documents, before.documents);
    assert_eq!(after.report, before.report);
    let stats = cache.stats();
    assert_eq!((stats.hits, stats.unusable), (0, entries.len()));
    assert_eq!(
        stats.written,
        entries.len(),
        "every damaged entry is rewritten"
    );
    let cache = Arc::new(TextCache::at(cache_dir.path()));
    load(corpus_dir.path(), &cache);
    // Only the scan waiting for OCR, never kept, is read again.
    assert_eq!(
        (cache.stats().hits, cache.stats().parsed),
        (entries.len(), 1)
    );
}

#[test]
fn other_readers_options_or_parts_limits_do_not_use_an_entry() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    load(
        corpus_dir.path(),
        &Arc::new(TextCache::at(cache_dir.path())),
    );
    let cache = Arc::new(TextCache::at(cache_dir.path()));
    let mut options = options_with(&cache);
    options.parts.max_parts = 7;
    assert_ne!(
        TextCache::fingerprint(&options),
        TextCache::fingerprint(&LoadOptions::default())
    );
    Corpus::load(corpus_dir.path(), &options).expect("loads");
    assert_eq!(cache.stats().hits, 0, "other limits read every file again");
    // An entry written with another fingerprint (other readers) is not used either.
    let file = std::fs::read(corpus_dir.path().join("plain.txt")).expect("file");
    let key = EntryKey::new(&file, &LoadOptions::default());
    let stored =
        std::fs::read(cache.entry_path(&key.file_hash, &key.fingerprint).as_path()).expect("entry");
    let read = |bytes: Vec<u8>| FileRead {
        relative: "plain.txt".to_owned(),
        bytes,
        modified: None,
    };
    assert!(
        entry::decode(
            &stored,
            &key.file_hash,
            key.fingerprint.as_str(),
            read(file.clone())
        )
        .is_ok()
    );
    let other = entry::decode(&stored, &key.file_hash, "other readers", read(file.clone()));
    let (why, back) = other.expect_err("another fingerprint");
    assert_eq!(why, Unusable::Other);
    assert_eq!(back, file, "the file's bytes come back for reading");
}

#[test]
fn the_size_bound_evicts_the_least_recently_used_entries() {
    let old_dir = folder();
    let new_dir = tempfile::tempdir().expect("temp dir");
    for i in 0..4 {
        std::fs::write(
            new_dir.path().join(format!("{i}.txt")),
            format!("Document {i}: {}\n", "words ".repeat(200)),
        )
        .expect("written");
    }
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let unbounded = Arc::new(TextCache::at(cache_dir.path()));
    load(old_dir.path(), &unbounded);
    let old_entries = entries_in(cache_dir.path());
    let old_bytes: u64 = old_entries
        .iter()
        .map(|p| std::fs::metadata(p).expect("entry").len())
        .sum();
    let long_ago = SystemTime::now() - Duration::from_secs(30 * 24 * 3600);
    for path in &old_entries {
        let file = std::fs::File::options()
            .write(true)
            .open(path)
            .expect("entry");
        file.set_modified(long_ago).expect("set");
    }
    // Room for a little more than the old folder: the new entries push the old out.
    let bound = old_bytes + 100;
    let cache = Arc::new(TextCache::at(cache_dir.path()).with_max_bytes(bound));
    load(new_dir.path(), &cache);
    let left = entries_in(cache_dir.path());
    let total: u64 = left
        .iter()
        .map(|p| std::fs::metadata(p).expect("entry").len())
        .sum();
    assert!(
        total <= bound / 100 * 90,
        "{total} bytes left, bound {bound}"
    );
    assert!(cache.stats().evicted > 0);
    let new_cache = Arc::new(TextCache::at(cache_dir.path()));
    load(new_dir.path(), &new_cache);
    assert_eq!(new_cache.stats().hits, 4, "the recent entries stay");
    assert!(
        left.iter().filter(|p| old_entries.contains(p)).count() < old_entries.len(),
        "old entries went first"
    );
}

#[test]
fn a_file_too_slow_unreadable_or_waiting_for_ocr_is_not_kept() {
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = TextCache::at(cache_dir.path());
    let key = EntryKey::new(b"bytes", &LoadOptions::default());
    let slow = SkipReason::TooSlow {
        limit: Duration::from_secs(10),
    };
    cache.put(&key, "a.pdf", &Err(slow.clone()));
    let with_a_slow_part = LoadedFile {
        documents: Vec::new(),
        skipped: vec![Skipped {
            path: "a.zip/b.pdf".to_owned(),
            reason: slow,
        }],
    };
    cache.put(&key, "a.zip", &Ok(with_a_slow_part));
    cache.put(&key, "a.pdf", &Err(SkipReason::Unreadable("busy".into())));
    // Scanned pages not read yet: once OCR reads them, the same bytes give a document.
    cache.put(&key, "scan.pdf", &Err(SkipReason::NeedsOcr { pages: 2 }));
    let why = "install tesseract-ocr".to_owned();
    cache.put(
        &key,
        "photo.png",
        &Err(SkipReason::OcrUnavailable { pages: 1, why }),
    );
    assert_eq!(cache.stats().written, 0);
    cache.put(&key, "a.pdf", &Err(SkipReason::Encrypted));
    assert_eq!(cache.stats().written, 1, "a reader's verdict is kept");
    assert!(matches!(
        cache.get(&key, "a.pdf", b"bytes".to_vec(), None, None),
        Ok(Found {
            outcome: Err(SkipReason::Encrypted),
            ..
        })
    ));
}

/// A file with parts, pages, a layout, metadata and skipped parts, as the loader makes it.
fn rich_file() -> LoadedFile {
    let mut message = Document::from_plain_text("in.mbox#<m1@x>", "Hello,\n\nsee the budget.");
    message.parent = Some("in.mbox".to_owned());
    message.format = Format::Html;
    message.meta = Metadata {
        author: Some("Someone".into()),
        ..Metadata::default()
    };
    message.text = DocText::new("Hello,\n\nsee the budget.".into(), ParagraphStyle::Blocks);
    // An email's quoted lines and the people its headers name come back too.
    message.marks = crate::corpus::TextMarks {
        quoted: vec![8..14, 16..22],
        people: vec![crate::corpus::NamedSpan {
            chars: 0..5,
            name: "Hello Person".to_owned(),
        }],
        // A table's rows left out are kept with the marks, for the grid's row numbers.
        rows_left_out: vec![crate::corpus::RowsLeftOut {
            line: 1,
            rows_before: 200,
        }],
    };
    let mut scan = Document::from_plain_text("in.mbox#<m1@x>/scan.pdf", "Page one.\u{0C}Page two.");
    scan.parent = Some("in.mbox#<m1@x>".to_owned());
    scan.format = Format::Pdf;
    scan.pages = vec![0, 10];
    scan.hash = ContentHash::of_text("as written");
    scan.file_size = 12_345;
    scan.layout = Some(Arc::new(PageLayout {
        pages: vec![
            PageSize {
                width: 612.0,
                height: 792.0,
            };
            2
        ],
        words: vec![
            WordBox {
                start: 0,
                end: 4,
                page: 0,
                rect: PageRect {
                    x: 72.0,
                    y: 72.5,
                    w: 30.25,
                    h: 12.0,
                },
                confidence: Some(91.5),
            },
            WordBox {
                start: 10,
                end: 14,
                page: 1,
                rect: PageRect::default(),
                confidence: None,
            },
        ],
    }));
    LoadedFile {
        documents: vec![Arc::new(message), Arc::new(scan)],
        skipped: vec![Skipped {
            path: "in.mbox#<m2@x>/a.zip".to_owned(),
            reason: SkipReason::Undecodable {
                encoding: "windows-1252",
            },
        }],
    }
}

#[test]
fn an_entry_gives_back_documents_parts_layouts_and_skipped_parts() {
    let loaded = rich_file();
    let hash = blake3::hash(b"the mailbox");
    let bytes = entry::encode(&Ok(loaded.clone()), "in.mbox", &hash, "fp").expect("encodes");
    let read = FileRead {
        relative: "in.mbox".to_owned(),
        bytes: b"the mailbox".to_vec(),
        modified: None,
    };
    let back = match entry::decode(&bytes, &hash, "fp", read) {
        Ok(outcome) => outcome.expect("read"),
        Err((why, _)) => panic!("{why:?}"),
    };
    assert_eq!(back.documents, loaded.documents);
    assert_eq!(back.skipped, loaded.skipped);
    // The same file elsewhere: every id follows it.
    let moved = FileRead {
        relative: "old/in.mbox".to_owned(),
        bytes: Vec::new(),
        modified: None,
    };
    let Ok(Ok(back)) = entry::decode(&bytes, &hash, "fp", moved) else {
        panic!("an entry moved with its file decodes");
    };
    assert_eq!(back.documents[1].path, "old/in.mbox#<m1@x>/scan.pdf");
    assert_eq!(
        back.documents[1].parent.as_deref(),
        Some("old/in.mbox#<m1@x>")
    );
    assert_eq!(back.skipped[0].path, "old/in.mbox#<m2@x>/a.zip");
    // Its body, as a folder index keeps it (without the fingerprint), gives the same.
    let body = entry::body(&bytes).expect("an entry's body");
    assert!(body.len() + 32 + "fp".len() < bytes.len());
    let read = FileRead {
        relative: "in.mbox".to_owned(),
        bytes: b"the mailbox".to_vec(),
        modified: None,
    };
    let Ok(Ok(back)) = entry::decode_body(body, read) else {
        panic!("the body decodes");
    };
    assert_eq!(back.documents, loaded.documents);
    assert_eq!(back.skipped, loaded.skipped);
    assert_eq!(
        entry::body(b"not an entry, and long enough for a checksum"),
        None
    );
}

#[test]
fn every_damage_is_reported_never_a_panic() {
    let hash = blake3::hash(b"the mailbox");
    let bytes = entry::encode(&Ok(rich_file()), "in.mbox", &hash, "fp").expect("encodes");
    let read = || FileRead {
        relative: "in.mbox".to_owned(),
        bytes: b"the mailbox".to_vec(),
        modified: None,
    };
    for cut in [0, 5, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(entry::decode(&bytes[..cut], &hash, "fp", read()).is_err());
    }
    for i in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[i] ^= 0x41;
        let (_, back) = entry::decode(&flipped, &hash, "fp", read()).expect_err("damaged");
        assert_eq!(back, b"the mailbox", "byte {i}: the file's bytes come back");
    }
}

#[test]
fn an_entry_read_again_counts_as_used() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    load(
        corpus_dir.path(),
        &Arc::new(TextCache::at(cache_dir.path())),
    );
    let long_ago = SystemTime::now() - Duration::from_secs(30 * 24 * 3600);
    let entries = entries_in(cache_dir.path());
    for path in &entries {
        let file = std::fs::File::options()
            .write(true)
            .open(path)
            .expect("entry");
        file.set_modified(long_ago).expect("set");
    }
    load(
        corpus_dir.path(),
        &Arc::new(TextCache::at(cache_dir.path())),
    );
    for path in &entries {
        let used = std::fs::metadata(path)
            .and_then(|m| m.modified())
            .expect("mtime");
        assert!(used > long_ago + Duration::from_secs(24 * 3600), "{path:?}");
    }
}

/// A cache that trusts a file's state as soon as it is written (the tests' files are
/// seconds old at most), for the tests of the folder index.
fn trusting(cache_dir: &Path) -> Arc<TextCache> {
    Arc::new(TextCache::at(cache_dir).with_settle_time(Duration::ZERO))
}

/// The change time of the file at `path`, as the folder index records it.
#[cfg(unix)]
fn changed_at(path: &Path) -> (i64, i64) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).expect("metadata");
    (meta.ctime(), meta.ctime_nsec())
}

/// Writes `text` over the file at `path` in place (same inode), then sets its modification
/// time back to what it was: what a rewrite within one tick of a coarse clock looks like.
fn rewrite_keeping_the_time(path: &Path, text: &str) {
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("modified");
    let mut file = std::fs::File::options()
        .write(true)
        .truncate(true)
        .open(path)
        .expect("opened");
    std::io::Write::write_all(&mut file, text.as_bytes()).expect("written");
    file.set_modified(modified).expect("time set back");
}

#[cfg(unix)]
#[test]
fn an_unchanged_file_is_not_hashed_and_a_small_entry_comes_from_the_index() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let first = load(corpus_dir.path(), &trusting(cache_dir.path()));
    // The entries' own files are gone: the plain files' entries are in the folder index.
    for entry in entries_in(cache_dir.path()) {
        std::fs::remove_file(entry).expect("removed");
    }
    let cache = trusting(cache_dir.path());
    let second = load(corpus_dir.path(), &cache);
    assert_eq!(second.documents, first.documents);
    assert_eq!(second.report, first.report);
    let stats = cache.stats();
    // Every file read but the other type's was known; the two plain UTF-8 files' and the
    // Markdown memo's small entries came from the index, the others were read again.
    assert_eq!(stats.unchanged, 9, "{stats:?}");
    assert!(stats.hits >= 2, "{stats:?}");
    let plain = second.get("plain.txt").expect("plain.txt");
    assert!(plain.text.as_str().contains("Hmeimim air base"));

    // A third load finds everything again, from the index and the entries just rewritten.
    let cache = trusting(cache_dir.path());
    let third = load(corpus_dir.path(), &cache);
    assert_eq!(third.documents, first.documents);
    assert_eq!(cache.stats().parsed, 1, "only the scan waiting for OCR");
}

#[cfg(unix)]
#[test]
fn a_file_rewritten_in_place_with_the_same_size_and_time_is_read_again() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let path = corpus_dir.path().join("plain.txt");
    let before = changed_at(&path);
    load(corpus_dir.path(), &trusting(cache_dir.path()));
    // Rewritten after the load, in place, same size, its modification time set back, as
    // many times as it takes the system's clock to tick (a write after the one recorded
    // has a later change time: what the index's settling time ensures outside tests).
    let mut text = "Ţarţūs\n\nRussian forces left Hmeimim air base.\n".to_owned();
    let mut n = 0u32;
    while changed_at(&path) == before {
        n += 1;
        text = format!("Ţarţūs\n\nRussian forces left Khmeimim airbase{}\n", n % 10);
        rewrite_keeping_the_time(&path, &text);
        std::thread::sleep(Duration::from_millis(1));
    }
    let cache = trusting(cache_dir.path());
    let corpus = load(corpus_dir.path(), &cache);
    let plain = corpus.get("plain.txt").expect("plain.txt");
    assert_eq!(plain.text.as_str(), text);
    assert_eq!(plain.hash, ContentHash::of_text(&text));
    assert_eq!(cache.stats().unchanged, 8, "every other file was known");
}

#[test]
fn a_file_rewritten_within_the_same_second_with_the_same_size_is_read_again() {
    // As a user's editor does it: read, and saved again at once with a change of the same
    // size, its time the same second (a file system that counts whole seconds).
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = || Arc::new(TextCache::at(cache_dir.path()));
    let first = load(corpus_dir.path(), &cache());
    let plain = first.get("plain.txt").expect("plain.txt");
    assert!(plain.text.as_str().contains("left Hmeimim"));
    let path = corpus_dir.path().join("plain.txt");
    let changed = "Ţarţūs\n\nRussian forces kept Hmeimim air base.\n";
    rewrite_keeping_the_time(&path, changed);
    let corpus = load(corpus_dir.path(), &cache());
    let plain = corpus.get("plain.txt").expect("plain.txt");
    assert_eq!(plain.text.as_str(), changed);
    // Not only the text (a plain file's is its bytes as read now): the whole entry is new.
    assert_eq!(plain.hash, ContentHash::of_text(changed));
    // A file replaced by another of the same size (a new inode, the old time) too.
    let moved_in = corpus_dir.path().join("moved-in.tmp");
    let replaced = "Ţarţūs\n\nRussian forces quit Hmeimim air base.\n";
    std::fs::write(&moved_in, replaced).expect("written");
    let time = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("time");
    std::fs::File::options()
        .write(true)
        .open(&moved_in)
        .and_then(|f| f.set_modified(time))
        .expect("time set");
    std::fs::rename(&moved_in, &path).expect("replaced");
    let corpus = load(corpus_dir.path(), &cache());
    let plain = corpus.get("plain.txt").expect("plain.txt");
    assert_eq!(plain.text.as_str(), replaced);
    assert_eq!(plain.hash, ContentHash::of_text(replaced));
}

#[test]
fn a_damaged_folder_index_is_read_as_empty() {
    let corpus_dir = folder();
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let first = load(corpus_dir.path(), &trusting(cache_dir.path()));
    let indexes: Vec<_> = std::fs::read_dir(cache_dir.path().join("folders"))
        .expect("the index's folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(indexes.len(), 1);
    let mut bytes = std::fs::read(&indexes[0]).expect("index");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x41;
    std::fs::write(&indexes[0], bytes).expect("damaged");
    let cache = trusting(cache_dir.path());
    let second = load(corpus_dir.path(), &cache);
    assert_eq!(second.documents, first.documents);
    let stats = cache.stats();
    assert_eq!((stats.unchanged, stats.parsed), (0, 1), "{stats:?}");
}

/// Hears which documents were passed over (with their hashes) and which were built.
#[derive(Default)]
struct PassingOver {
    passed: std::sync::Mutex<Vec<(String, ContentHash)>>,
    loaded: std::sync::Mutex<Vec<String>>,
}

impl crate::corpus::LoadObserver for PassingOver {
    fn passes_over(&self, _text: &[u8]) -> bool {
        true
    }
    fn passed(&self, path: &str, hash: &ContentHash) {
        let mut passed = self.passed.lock().expect("not poisoned");
        passed.push((path.to_owned(), hash.clone()));
        passed.sort();
    }
    fn loaded(&self, doc: &Arc<Document>) {
        let mut loaded = self.loaded.lock().expect("not poisoned");
        loaded.push(doc.path.clone());
        loaded.sort();
    }
}

#[cfg(unix)]
#[test]
fn only_a_file_whose_text_is_its_bytes_is_passed_over_and_only_while_unchanged() {
    let corpus_dir = folder();
    let root = corpus_dir.path();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(
            "Hmeimim, in UTF-16.\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        )
        .collect();
    std::fs::write(root.join("utf16.txt"), utf16).expect("written");
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let first = load(root, &trusting(cache_dir.path()));
    let observer = PassingOver::default();
    let options = options_with(&trusting(cache_dir.path()));
    Corpus::read_each(root, &options, &observer).expect("reads");
    let plain = first.get("plain.txt").expect("plain.txt");
    assert_eq!(
        *observer.passed.lock().expect("not poisoned"),
        [("plain.txt".to_owned(), plain.hash.clone())]
    );
    // Texts that are not their file's bytes are built whatever the observer would skip:
    // Windows line ends, Windows-1252, UTF-16, front matter, other formats.
    let loaded = observer.loaded.lock().expect("not poisoned").clone();
    for path in [
        "crlf.txt",
        "legacy/latin.txt",
        "utf16.txt",
        "memo.md",
        "report.pdf",
    ] {
        assert!(loaded.iter().any(|p| p == path), "{path}: {loaded:?}");
    }
    assert_eq!(loaded.len() + 1, first.documents.len());

    // Rewritten in place with the same size and time: built from its new bytes, never
    // passed over with its old hash.
    let path = root.join("plain.txt");
    let before = changed_at(&path);
    let mut n = 0u32;
    while changed_at(&path) == before {
        n += 1;
        let text = format!("Ţarţūs\n\nRussian forces left Khmeimim airbase{}\n", n % 10);
        rewrite_keeping_the_time(&path, &text);
        std::thread::sleep(Duration::from_millis(1));
    }
    let observer = PassingOver::default();
    Corpus::read_each(root, &options_with(&trusting(cache_dir.path())), &observer).expect("reads");
    assert!(observer.passed.lock().expect("not poisoned").is_empty());
    assert!(
        observer
            .loaded
            .lock()
            .expect("not poisoned")
            .contains(&"plain.txt".to_owned())
    );
}

#[test]
fn a_copy_under_another_name_gets_its_own_name_as_title_not_the_first_files() {
    // The entry is found by the bytes' hash, so a copy in another folder under another
    // name reads the first file's entry: a title made from a file name must not come with it.
    let first_dir = tempfile::tempdir().expect("temp dir");
    let copy_dir = tempfile::tempdir().expect("temp dir");
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let cache = Arc::new(TextCache::at(cache_dir.path()));
    let docx = include_bytes!("../../../fuzz/seeds/docx/minutes.docx");
    std::fs::write(first_dir.path().join("alpha.txt"), "No title inside.\n").expect("written");
    std::fs::write(first_dir.path().join("minutes.docx"), docx).expect("written");
    std::fs::write(copy_dir.path().join("beta.txt"), "No title inside.\n").expect("written");
    std::fs::write(copy_dir.path().join("renamed.docx"), docx).expect("written");
    let without = Corpus::load(copy_dir.path(), &LoadOptions::default()).expect("loads");
    load(first_dir.path(), &cache);
    let copy = load(copy_dir.path(), &cache);
    assert_eq!(
        cache.stats().hits,
        2,
        "both copies came from the first entries"
    );
    let titles = |c: &Corpus| -> Vec<(String, String)> {
        c.documents
            .iter()
            .map(|d| (d.path.clone(), d.title.clone()))
            .collect()
    };
    assert_eq!(titles(&copy), titles(&without));
    assert!(
        titles(&copy).contains(&("beta.txt".to_owned(), "beta".to_owned())),
        "{:?}",
        titles(&copy)
    );
}

/// A stand-in for `tesseract` at `dir/name`: version `version`, languages `languages`,
/// reading every page as the one word `word`.
#[cfg(unix)]
fn fake_tesseract(
    dir: &Path,
    name: &str,
    version: &str,
    languages: &[&str],
    word: &str,
) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let script = format!(
        "#!/bin/sh\ncase \"$1\" in\n--version) echo 'tesseract {version}';;\n\
         --list-langs) echo 'List of available languages in \"/x\" ({}):'; printf '{}\\n';;\n\
         *) cat >/dev/null; printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n\
         5\\t1\\t1\\t1\\t1\\t1\\t10\\t10\\t50\\t20\\t95\\t{word}\\n';;\nesac\n",
        languages.len(),
        languages.join("\\n"),
    );
    std::fs::write(&path, script).expect("script written");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("made runnable");
    // Another test's child may briefly hold the script open for writing ("text file busy"):
    // wait until it runs, so that the process's first look at it finds it.
    for _ in 0..100 {
        if std::process::Command::new(&path)
            .arg("--version")
            .output()
            .is_ok()
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    path
}

#[cfg(unix)]
#[test]
fn an_ocr_entry_is_stale_under_another_tesseract_or_languages_and_a_text_pdf_is_not() {
    let root = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        root.path().join("report.pdf"),
        include_bytes!("../../../fuzz/seeds/pdf/report.pdf"),
    )
    .expect("written");
    std::fs::write(
        root.path().join("scan.pdf"),
        include_bytes!("../../../fuzz/seeds/pdf/image-only.pdf"),
    )
    .expect("written");
    let tools = tempfile::tempdir().expect("temp dir");
    let cache_dir = tempfile::tempdir().expect("temp dir");
    let ocr_dir = tempfile::tempdir().expect("temp dir");
    // Loads with a fresh cache on the same folder (fresh counts): what was parsed, and
    // the scan's text.
    let load_with = |program: std::path::PathBuf| {
        // Files trusted at once: the folder index serves small entries (the scan's is one
        // word), which must be as stale as the entry files.
        let cache = trusting(cache_dir.path());
        let options = LoadOptions {
            text_cache: Some(cache.clone()),
            ocr: crate::corpus::ocr::OcrOptions {
                program: Some(program),
                languages: None,
                cache_dir: Some(ocr_dir.path().to_owned()),
                run: true,
                ..Default::default()
            },
            ..LoadOptions::default()
        };
        let corpus = Corpus::load(root.path(), &options).expect("loads");
        let scan = corpus
            .documents
            .iter()
            .find(|d| d.path == "scan.pdf")
            .map(|d| d.text.as_str().trim().to_owned());
        (cache.stats().parsed, scan)
    };
    let a = fake_tesseract(tools.path(), "a", "5.3.0", &["eng"], "alpha");
    assert_eq!(load_with(a.clone()), (2, Some("alpha".to_owned())));
    assert_eq!(
        load_with(a),
        (0, Some("alpha".to_owned())),
        "all from the cache"
    );
    // Tesseract upgraded: the scan is read again, the text PDF is not.
    let b = fake_tesseract(tools.path(), "b", "5.4.0", &["eng"], "beta");
    assert_eq!(load_with(b.clone()), (1, Some("beta".to_owned())));
    assert_eq!(load_with(b), (0, Some("beta".to_owned())));
    // Arabic installed, languages chosen per page: the scan is read again with it.
    let c = fake_tesseract(tools.path(), "c", "5.4.0", &["ara", "eng"], "gamma");
    assert_eq!(load_with(c), (1, Some("gamma".to_owned())));
}

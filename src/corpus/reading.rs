//! Reading the files of a folder through the text cache and its folder index: what
//! [`super::Corpus::load_with`] (the folder walked first, then read in parallel) and
//! [`super::Corpus::read_each`] (read as the walk finds the files) share.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::text_cache::FolderIndex;
use super::walk::{self, FoundFile, Seen};
use super::{CorpusError, LoadObserver, LoadOptions, LoadReport, LoadedFile, Skipped, load};

/// Checks that `root` is a folder, and opens its index when the options have a text cache.
pub(super) fn open_folder(
    root: &Path,
    options: &LoadOptions,
) -> Result<Option<FolderIndex>, CorpusError> {
    let meta = std::fs::metadata(root).map_err(|source| CorpusError::Io {
        path: root.to_owned(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(CorpusError::NotAFolder {
            path: root.to_owned(),
        });
    }
    // Taken before the walk: a file that changes during the load is not trusted.
    Ok(options
        .text_cache
        .as_ref()
        .map(|c| c.folder_index(root, options)))
}

/// After a load: the cache kept within its bound, the folder's index saved (keeping the
/// records of files not read when the load was `cancelled`).
pub(super) fn close_folder(options: &LoadOptions, index: Option<FolderIndex>, cancelled: bool) {
    if let Some(cache) = &options.text_cache {
        cache.keep_within_bound();
    }
    if let Some(index) = index {
        index.save(!cancelled);
    }
}

/// One file read, its documents and skipped parts told to `observer`; `None` when the
/// observer cancelled the load.
pub(super) fn read_one(
    file: &FoundFile,
    options: &LoadOptions,
    observer: &dyn LoadObserver,
    index: Option<&FolderIndex>,
) -> Option<LoadedFile> {
    if observer.cancelled() {
        return None;
    }
    let loaded = load::load_file_observed(&file.absolute, &file.relative, options, observer, index)
        .unwrap_or_else(|reason| LoadedFile {
            documents: Vec::new(),
            skipped: vec![Skipped {
                path: file.relative.clone(),
                reason,
            }],
        });
    // A mailbox stops between batches when the load is cancelled: what was read of it is
    // not the file.
    if observer.cancelled() {
        return None;
    }
    for doc in &loaded.documents {
        observer.loaded(doc);
    }
    for s in &loaded.skipped {
        observer.skipped(s);
    }
    Some(loaded)
}

/// [`super::Corpus::read_each`]: each file read as the walk finds it, its documents
/// dropped once the observer has seen them.
pub(super) fn read_each(
    root: &Path,
    options: &LoadOptions,
    observer: &dyn LoadObserver,
) -> Result<LoadReport, CorpusError> {
    let index = open_folder(root, options)?;
    let skipped = Mutex::new(Vec::new());
    let cancelled = AtomicBool::new(false);
    let keep_skipped = |more: Vec<Skipped>| {
        if !more.is_empty() {
            skipped
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .extend(more);
        }
    };
    walk::walk_each(root, &|seen| match seen {
        Seen::File(file) => match read_one(&file, options, observer, index.as_ref()) {
            Some(loaded) => {
                keep_skipped(loaded.skipped);
                true
            }
            None => {
                cancelled.store(true, Ordering::Relaxed);
                false
            }
        },
        Seen::Skipped(s) => {
            observer.skipped(&s);
            keep_skipped(vec![s]);
            true
        }
    });
    let cancelled = cancelled.into_inner();
    close_folder(options, index, cancelled);
    let mut skipped = skipped
        .into_inner()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(LoadReport { skipped, cancelled })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    use super::*;
    use crate::corpus::{Corpus, Document, LoadOptions};

    /// Collects the documents' paths; cancels after `cancel_after` documents.
    #[derive(Default)]
    struct Paths {
        seen: Mutex<BTreeSet<String>>,
        cancel_after: Option<usize>,
        count: AtomicUsize,
    }

    impl LoadObserver for Paths {
        fn loaded(&self, doc: &Arc<Document>) {
            self.count.fetch_add(1, Ordering::Relaxed);
            self.seen
                .lock()
                .expect("not poisoned")
                .insert(doc.path.clone());
        }
        fn cancelled(&self) -> bool {
            self.cancel_after
                .is_some_and(|n| self.count.load(Ordering::Relaxed) >= n)
        }
    }

    fn folder() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let put = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
            std::fs::write(path, text).expect("written");
        };
        for i in 0..40 {
            put(
                &format!("d{}/doc-{i}.txt", i % 4),
                &format!("Document {i}.\n"),
            );
        }
        put("memo.md", "# Memo\n\nHoms.\n");
        put(".hidden.txt", "never read");
        put("left-out.txt", "never read");
        put(".dossierignore", "left-out.txt\n");
        put("exports/report.txt", "an export");
        put("photo.xyz", "not a document");
        put("empty.txt", "");
        put("study.dossier.ron", "()");
        dir
    }

    #[test]
    fn reading_as_the_walk_goes_finds_what_a_load_finds() {
        let dir = folder();
        for cache in [None, Some(tempfile::tempdir().expect("temp dir"))] {
            let options = LoadOptions::cached_in(cache.as_ref().map(|c| c.path()));
            let corpus = Corpus::load(dir.path(), &options).expect("loads");
            let paths = Paths::default();
            let report = Corpus::read_each(dir.path(), &options, &paths).expect("reads");
            let loaded: BTreeSet<String> =
                corpus.documents.iter().map(|d| d.path.clone()).collect();
            assert_eq!(paths.seen.into_inner().expect("not poisoned"), loaded);
            assert_eq!(loaded.len(), 41);
            assert_eq!(report, corpus.report);
            let skipped: Vec<&str> = report.skipped.iter().map(|s| s.path.as_str()).collect();
            assert_eq!(skipped, ["empty.txt", "exports/report.txt", "photo.xyz"]);
        }
    }

    #[test]
    fn a_cancelled_reading_stops_and_says_so() {
        let dir = folder();
        let paths = Paths {
            cancel_after: Some(3),
            ..Paths::default()
        };
        let report = Corpus::read_each(dir.path(), &LoadOptions::default(), &paths).expect("reads");
        assert!(report.cancelled);
        let read = paths.seen.into_inner().expect("not poisoned").len();
        assert!((3..41).contains(&read), "{read} documents read");
    }
}

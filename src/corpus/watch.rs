//! Watching a corpus folder while its project is open: files added, changed or removed are
//! reported once the folder has been quiet for a moment (copying fifty files is one
//! change, not fifty), on a thread of the watcher's own. What the change means for the
//! project is decided elsewhere (`session::ReloadRequest`); this only says "look again".

use std::path::{Component, Path};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::own_export;
use super::walk::is_dossier_file;

/// How long the folder must be quiet before a change is reported.
const QUIET: Duration = Duration::from_millis(400);
/// The longest a burst of changes delays its report.
const LONGEST_WAIT: Duration = Duration::from_secs(5);

/// A watch on one folder; dropping it stops the watch and its thread.
pub struct CorpusWatch {
    _watcher: RecommendedWatcher,
}

impl std::fmt::Debug for CorpusWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CorpusWatch")
    }
}

impl CorpusWatch {
    /// Watches `root` and everything below it; `on_change` runs (on the watch's thread)
    /// after files that may be documents changed and the folder has been quiet for a
    /// moment. An error when the platform cannot watch the folder.
    pub fn start(root: &Path, on_change: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (tx, rx) = mpsc::channel::<()>();
        let watched = root.to_owned();
        let mut watcher =
            notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
                if is_relevant(&watched, event.as_ref()) {
                    let _ = tx.send(());
                }
            })?;
        watcher.watch(root, RecursiveMode::Recursive)?;
        std::thread::Builder::new()
            .name("corpus-watch".to_owned())
            .spawn(move || report_when_quiet(&rx, &on_change))
            .map_err(notify::Error::io)?;
        Ok(Self { _watcher: watcher })
    }
}

/// Whether an event from the watcher may change the corpus. What the watcher cannot say
/// precisely counts: an error, or an event with no path or asking for a rescan (the
/// kernel's queue overflowed: many files changed at once, exactly the case not to miss).
fn is_relevant(root: &Path, event: Result<&notify::Event, &notify::Error>) -> bool {
    let Ok(event) = event else {
        return true;
    };
    if event.need_rescan() || event.paths.is_empty() {
        return !matches!(event.kind, EventKind::Access(_));
    }
    !matches!(event.kind, EventKind::Access(_))
        && event.paths.iter().any(|p| may_be_a_document(root, p))
}

/// Calls `on_change` once per burst of events, when the folder has been quiet for
/// [`QUIET`] or at the latest [`LONGEST_WAIT`] after the burst began (a file written for
/// minutes is still reported); returns when the watcher is dropped.
fn report_when_quiet(rx: &mpsc::Receiver<()>, on_change: &dyn Fn()) {
    while rx.recv().is_ok() {
        let began = std::time::Instant::now();
        while began.elapsed() < LONGEST_WAIT {
            match rx.recv_timeout(QUIET) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        on_change();
    }
}

/// Whether a change at `path` can change the corpus: not Dossier's own files (the project
/// saved beside the documents, its backups and temporary files), not hidden files or
/// folders, not the exports folder: the files the loader never reads.
pub fn may_be_a_document(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let mut parts = Vec::new();
    for component in relative.components() {
        if let Component::Normal(part) = component {
            let part = part.to_string_lossy();
            if part.starts_with('.') {
                return false;
            }
            parts.push(part.into_owned());
        }
    }
    let Some(name) = parts.last() else {
        return true;
    };
    !is_dossier_file(name) && !own_export::in_exports_folder(&parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_watcher_cannot_place_counts_as_a_change() {
        use notify::event::{Flag, ModifyKind};
        let root = Path::new("/data/corpus");
        let overflow = notify::Event::new(EventKind::Other).set_flag(Flag::Rescan);
        assert!(is_relevant(root, Ok(&overflow)));
        let no_path = notify::Event::new(EventKind::Modify(ModifyKind::Any));
        assert!(is_relevant(root, Ok(&no_path)));
        assert!(is_relevant(root, Err(&notify::Error::generic("lost"))));
        let own_file = notify::Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(root.join("sample.dossier.ron"));
        assert!(!is_relevant(root, Ok(&own_file)));
        let document = notify::Event::new(EventKind::Modify(ModifyKind::Any))
            .add_path(root.join("news/a.txt"));
        assert!(is_relevant(root, Ok(&document)));
    }

    #[test]
    fn a_burst_that_never_quiets_is_still_reported() {
        let (tx, rx) = mpsc::channel::<()>();
        let reported = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let seen = reported.clone();
        let watcher = std::thread::spawn(move || {
            report_when_quiet(&rx, &|| {
                seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            });
        });
        // Events every 100 ms, never quiet for 400 ms, for longer than LONGEST_WAIT.
        let until = std::time::Instant::now() + LONGEST_WAIT + Duration::from_secs(1);
        while std::time::Instant::now() < until {
            let _ = tx.send(());
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            reported.load(std::sync::atomic::Ordering::SeqCst) >= 1,
            "a change kept being written was never reported"
        );
        drop(tx);
        let _ = watcher.join();
    }

    #[test]
    fn only_changes_the_loader_would_see_count() {
        let root = Path::new("/data/corpus");
        for path in ["news/a.txt", "b.pdf", "new-folder"] {
            assert!(may_be_a_document(root, &root.join(path)), "{path}");
        }
        for path in [
            "sample.dossier.ron",
            "sample.dossier.ron.bak",
            "sample.dossier.ron.tmp123",
            ".hidden.txt",
            ".git/index",
            "exports/report.html",
        ] {
            assert!(!may_be_a_document(root, &root.join(path)), "{path}");
        }
    }
}

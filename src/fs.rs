//! Writing files so that a crash never leaves half of one: the project file, exports,
//! recovery copies and the mention cache all go through [`write_atomically`].

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The backup [`write_atomically`] keeps beside a file (a project's `.bak`).
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// Writes `bytes` to `path` so that the file is, at every moment, either entirely old or
/// entirely new: temporary file in the same folder, fsync, rename, fsync of the folder.
/// With `keep_backup`, the previous file (if any) is kept as `path.bak`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    write_atomically_with(path, bytes, keep_backup, |_| Ok(()))
}

/// [`write_atomically`] with a hook run after the temporary file is durable and before it
/// replaces the target (tests use it to fail at that exact point).
fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    keep_backup: bool,
    before_rename: impl FnOnce(&Path) -> io::Result<()>,
) -> io::Result<()> {
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        before_rename(&tmp)?;
        if keep_backup && path.exists() {
            keep_previous_version(path)?;
        }
        fs::rename(&tmp, path)?;
        sync_dir(&dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Writes `bytes` to `path` (creating its folder) through a temporary file renamed into
/// place, without syncing: the file is whole or absent, but a crash of the machine may lose
/// it. For caches, whose entries are cheap to make again and checksummed, where a sync per
/// entry would cost more than the reading it saves.
pub fn write_replacing(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    // Threads of one process may write the same path at once (two copies of a file).
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = parent_dir(path);
    fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy()
        .into_owned();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
    let result = fs::write(&tmp, bytes).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Dossier's data folder, where the window keeps its preferences, recovery copies and
/// caches (the folder `eframe::storage_dir("Dossier")` names, found here without the
/// window so that the command line shares the caches): `$XDG_DATA_HOME/dossier` or
/// `~/.local/share/dossier` on Linux and the BSDs, `~/Library/Application Support/Dossier`
/// on macOS, `%APPDATA%\Dossier\data` on Windows. `None` without a home folder.
pub fn data_dir() -> Option<PathBuf> {
    use std::env::var_os;
    if cfg!(target_os = "macos") {
        return std::env::home_dir().map(|home| {
            home.join("Library")
                .join("Application Support")
                .join("Dossier")
        });
    }
    if cfg!(windows) {
        return var_os("APPDATA")
            .map(PathBuf::from)
            .map(|p| p.join("Dossier").join("data"));
    }
    var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|home| home.join(".local").join("share")))
        .map(|p| p.join("dossier"))
}

/// Keeps the current file as `.bak`: a hard link when the file system has them (no copy of
/// a large file), else a copy; either way through a temporary name and a rename.
fn keep_previous_version(path: &Path) -> io::Result<()> {
    let backup = backup_path(path);
    let tmp = with_suffix(&backup, ".tmp");
    let _ = fs::remove_file(&tmp);
    if fs::hard_link(path, &tmp).is_err() {
        fs::copy(path, &tmp)?;
    }
    fs::rename(&tmp, &backup)
}

fn sync_dir(dir: &Path) {
    // Makes the rename durable on Unix; directories cannot be opened this way on Windows,
    // where the rename is durable once it returns.
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The folder `path` is in (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// `path` with `suffix` added to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `name` as a plain file name that every common file system accepts: folder separators
/// and `:` become " - ", `"` becomes `'`, the other characters some refuse (`* ? < >`) and
/// control characters become spaces; runs of spaces and lone dashes are folded, and dashes,
/// dots and spaces at either end (which Windows drops or refuses) are trimmed. "Syria: the
/// road / Raqqa?" gives "Syria - the road - Raqqa". Empty when nothing usable is left:
/// each caller has its own fallback.
pub fn plain_file_name(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            '/' | '\\' | '|' | ':' => spaced.push_str(" - "),
            '"' => spaced.push('\''),
            '<' | '>' | '?' | '*' => spaced.push(' '),
            c if c.is_control() => spaced.push(' '),
            c => spaced.push(c),
        }
    }
    let mut plain = String::with_capacity(spaced.len());
    for word in spaced.split_whitespace() {
        // "Syria : the road" and "a / b" leave a lone dash between spaces; one is enough.
        if word == "-" && (plain.is_empty() || plain.ends_with(" -")) {
            continue;
        }
        if !plain.is_empty() {
            plain.push(' ');
        }
        plain.push_str(word);
    }
    plain.trim_matches(['-', ' ', '.']).to_owned()
}

/// `path` without its `.` components (`a/./b` is `a/b`, `sample/.` is `sample`); `..` is
/// kept (it may cross a symbolic link). A path of nothing but `.` stays as it is.
pub fn without_dot_steps(path: &Path) -> PathBuf {
    let cleaned: PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    if cleaned.as_os_str().is_empty() {
        path.to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_before_rename_leaves_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        fs::write(&path, b"old contents").expect("write");
        let err = write_atomically_with(&path, b"new contents", true, |tmp| {
            assert_eq!(fs::read(tmp).expect("temp file"), b"new contents");
            Err(io::Error::other("power cut"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&path).expect("read"), b"old contents");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("p.dossier.ron")]);
    }

    #[test]
    fn saving_keeps_the_previous_version() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("p.dossier.ron");
        write_atomically(&path, b"first", true).expect("first save");
        assert!(!backup_path(&path).exists());
        write_atomically(&path, b"second", true).expect("second save");
        assert_eq!(fs::read(&path).expect("read"), b"second");
        assert_eq!(fs::read(backup_path(&path)).expect("bak"), b"first");
    }

    #[test]
    fn plain_file_names_hold_no_character_a_file_system_refuses() {
        for (name, plain) in [
            ("Syria: the road / Raqqa?", "Syria - the road - Raqqa"),
            ("a/b\\c", "a - b - c"),
            ("\"Quoted\" <b>bold</b> * \u{7}", "'Quoted' b bold - b"),
            ("::", ""),
            (" .hidden. ", "hidden"),
            ("-x-", "x"),
        ] {
            assert_eq!(plain_file_name(name), plain, "{name:?}");
        }
        for c in [':', '/', '\\', '*', '?', '"', '<', '>', '|', '\n'] {
            assert!(!plain_file_name(&format!("x{c}y")).contains(c));
        }
    }

    #[test]
    fn dot_steps_are_left_out_of_a_path() {
        assert_eq!(
            without_dot_steps(Path::new("sample2/.")),
            PathBuf::from("sample2")
        );
        assert_eq!(
            without_dot_steps(Path::new("./sample2/.")),
            PathBuf::from("sample2")
        );
        assert_eq!(
            without_dot_steps(Path::new("a/./b/../c")),
            PathBuf::from("a/b/../c")
        );
        assert_eq!(without_dot_steps(Path::new(".")), PathBuf::from("."));
    }
}

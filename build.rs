//! Fingerprints the source of the readers (`src/corpus/`, with every format reader, and
//! `src/text/`) and the lock file, for the text cache (`src/corpus/text_cache/`): an entry
//! written by other readers is not used. Hashing the folders, rather than a list of files,
//! means that a reader added or changed invalidates the cache without anyone having to
//! remember a version number.

use std::path::{Path, PathBuf};

fn main() {
    let watched = ["src/corpus", "src/text", "Cargo.lock"];
    let mut files = Vec::new();
    for path in watched {
        // Cargo scans a folder named here for any change inside it.
        println!("cargo:rerun-if-changed={path}");
        collect(Path::new(path), &mut files);
    }
    files.sort();
    // FNV-1a, twice with different offsets for 128 bits: no dependency to build first,
    // and collisions between two versions of the source are not a concern.
    let mut hashes = [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142u64];
    for file in &files {
        let bytes = std::fs::read(file).unwrap_or_default();
        let name = file.to_string_lossy();
        for h in &mut hashes {
            for &b in name.as_bytes().iter().chain(&[0]).chain(&bytes) {
                *h ^= u64::from(b);
                *h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    println!(
        "cargo:rustc-env=DOSSIER_READERS_SOURCE_HASH={:016x}{:016x}",
        hashes[0], hashes[1]
    );
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        out.push(path.to_owned());
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    for entry in entries.flatten() {
        collect(&entry.path(), out);
    }
}

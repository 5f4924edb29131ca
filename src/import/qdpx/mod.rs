//! Import of a REFI-QDA project (`.qdpx`), so that work begun in NVivo, ATLAS.ti, MAXQDA
//! or QualCoder (or exported by Dossier, [`crate::export::qdpx`]) goes on here.
//!
//! [`import`] writes each text source as a `.txt` file into a folder, which becomes the
//! project's corpus, builds the project through the library's own API (tags and
//! annotations added as [`crate::project::Command`]s, anchors made by
//! [`crate::project::Anchor::from_range`] on the text exactly as the corpus loader reads
//! the written file back), and saves it there as `NAME.dossier.ron`.
//!
//! Positions are never silently shifted. A selection's positions (code points from 0,
//! end-exclusive, per the schema) are taken as they are, with one exception that keeps
//! them on the same characters: where a source has `\r\n` line ends (which Dossier reads
//! as `\n`), each position is mapped through that change, and the report says so. Then:
//! * a selection outside the text, empty or unreadable becomes an **orphan** (its tags and
//!   note kept, its name as its quote) and is listed in [`ImportReport::mismatches`];
//! * a selection whose `name` reads as text that differs from the text at its position is
//!   imported where the positions say, and listed as a mismatch too, for the user to
//!   check.
//!
//! Bad input gives an [`ImportError`] and writes nothing: not a zip, no `project.qde`,
//! malformed XML, a root that is not a REFI-QDA `Project`, and archives that inflate
//! beyond [`ImportLimits`] (zip bombs).

mod archive;
mod build;
mod names;
mod qde;

use std::io::{BufReader, Read, Seek};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::corpus::DEFAULT_MAX_FILE_BYTES;
use crate::project::ProjectFileError;

/// Caps on what an archive may make us read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportLimits {
    /// Largest entry, uncompressed (the corpus loader's file-size limit).
    pub max_entry_bytes: u64,
    /// All entries read, uncompressed.
    pub max_total_bytes: u64,
    /// Entries in the archive.
    pub max_entries: usize,
    /// XML nodes in `project.qde`.
    pub max_xml_nodes: u32,
}

impl Default for ImportLimits {
    fn default() -> Self {
        Self {
            max_entry_bytes: DEFAULT_MAX_FILE_BYTES,
            max_total_bytes: 1024 * 1024 * 1024,
            max_entries: 100_000,
            max_xml_nodes: 50_000_000,
        }
    }
}

/// Why an import failed. Files already written are left in place only for
/// [`ImportError::Write`] and [`ImportError::Save`] (the texts are then in the folder, the
/// project file is not).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The `.qdpx` file.
        path: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a zip archive.
    #[error("{path} is not a REFI-QDA project file (.qdpx): it is not a zip archive ({message})")]
    NotZip {
        /// The `.qdpx` file.
        path: PathBuf,
        /// What the zip reader said.
        message: String,
    },
    /// The archive is damaged.
    #[error("{path} is damaged: {message}")]
    Damaged {
        /// The `.qdpx` file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The archive has no `project.qde`.
    #[error("{path} has no project.qde inside: it is not a REFI-QDA project file")]
    MissingQde {
        /// The `.qdpx` file.
        path: PathBuf,
    },
    /// One entry would unpack to more than the limit.
    #[error(
        "{path}: {entry} would be larger than {limit} bytes once unpacked; not unpacking it \
         (a damaged file or a zip bomb)"
    )]
    TooLarge {
        /// The `.qdpx` file.
        path: PathBuf,
        /// The entry's name in the archive.
        entry: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// All entries together would unpack to more than the limit.
    #[error(
        "{path} would unpack to more than {limit} bytes in all; not unpacking it (a damaged \
         file or a zip bomb)"
    )]
    TotalTooLarge {
        /// The `.qdpx` file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
    /// The archive holds more files than are read.
    #[error("{path} holds {count} files; at most {limit} are read")]
    TooManyEntries {
        /// The `.qdpx` file.
        path: PathBuf,
        /// The files in the archive.
        count: usize,
        /// The most that are read.
        limit: usize,
    },
    /// `project.qde` is not well-formed XML.
    #[error("{path}: project.qde is not well-formed XML: {message}")]
    Xml {
        /// The `.qdpx` file.
        path: PathBuf,
        /// What the XML parser said.
        message: String,
    },
    /// `project.qde`'s root is not a REFI-QDA `Project`.
    #[error(
        "{path}: project.qde is not a REFI-QDA project (its root is {found}; expected Project in \
         urn:QDA-XML:project:1.0)"
    )]
    NotAProject {
        /// The `.qdpx` file.
        path: PathBuf,
        /// The root element found instead.
        found: String,
    },
    /// A file the import would write is already there.
    #[error("{path} already exists; import into another folder, or move that file away")]
    Exists {
        /// The file already there.
        path: PathBuf,
    },
    /// A text or folder of the corpus could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file or folder.
        path: PathBuf,
        /// What the file system said.
        #[source]
        source: std::io::Error,
    },
    /// The project file could not be saved.
    #[error(transparent)]
    Save(#[from] ProjectFileError),
}

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The project file written.
    pub project_file: PathBuf,
    /// The project's name.
    pub name: String,
    /// The text sources written as documents.
    pub documents: Vec<ImportedDocument>,
    /// Codes imported as tags.
    pub tags: usize,
    /// Coded selections imported as annotations.
    pub annotations: usize,
    /// Of the annotations, how many are orphans (see [`Mismatch`]).
    pub orphaned: usize,
    /// The selections whose position did not fit their text.
    pub mismatches: Vec<Mismatch>,
    /// Everything else worth knowing: renamed codes, converted line ends, parts of the
    /// project Dossier has no place for.
    pub remarks: Vec<String>,
}

/// One text source, now a document of the corpus.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportedDocument {
    /// The source's name in the REFI-QDA project.
    pub source: String,
    /// The file written, relative to the corpus folder.
    pub path: String,
    /// Length of its text, in chars.
    pub chars: usize,
    /// Annotations on it.
    pub annotations: usize,
}

/// A selection whose position does not fit its source's text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The source's name in the REFI-QDA project.
    pub source: String,
    /// The selection's GUID.
    pub selection: String,
    /// The start position as written in the file.
    pub start: String,
    /// The end position as written in the file.
    pub end: String,
    /// What does not fit.
    pub kind: MismatchKind,
    /// In words, for people.
    pub message: String,
}

/// How a selection's position does not fit its source's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MismatchKind {
    /// Not numbers, reversed, empty, or beyond the end of the text: imported as an orphan.
    OutOfRange,
    /// The source's text could not be read: imported as an orphan.
    NoText,
    /// The selection's name differs from the text at its position: imported at the
    /// position, to be checked.
    TextDiffers,
    /// A passage of a PDF's text representation whose words are not in the text Dossier
    /// reads from the PDF: imported as an orphan.
    NotInPdf,
}

/// Imports the REFI-QDA project `qdpx` into the folder `into` (created if needed): its
/// text sources become `.txt` files there and the project `NAME.dossier.ron` is saved
/// there with `into` as its corpus. Existing files are never overwritten: texts get a
/// free name, and an existing project file of the same name is an error (nothing is
/// written then).
pub fn import(qdpx: &Path, into: &Path, limits: ImportLimits) -> Result<ImportReport, ImportError> {
    let file = std::fs::File::open(qdpx).map_err(|source| ImportError::Io {
        path: qdpx.to_owned(),
        source,
    })?;
    import_from(BufReader::new(file), qdpx, into, limits)
}

/// [`import`] from any seekable reader; `qdpx` names it in messages.
pub fn import_from<R: Read + Seek>(
    reader: R,
    qdpx: &Path,
    into: &Path,
    limits: ImportLimits,
) -> Result<ImportReport, ImportError> {
    let mut archive = archive::Archive::new(reader, qdpx, limits)?;
    let index = archive
        .find(crate::interchange::qdpx::QDE_NAME)
        .ok_or_else(|| ImportError::MissingQde {
            path: qdpx.to_owned(),
        })?;
    let bytes = archive.read(index)?;
    let xml = crate::corpus::decode(&bytes)
        .map_err(|e| ImportError::Xml {
            path: qdpx.to_owned(),
            message: format!("not readable text ({e})"),
        })?
        .text;
    let parsed = qde::parse(&xml, limits.max_xml_nodes).map_err(|e| match e {
        qde::QdeError::Xml(message) => ImportError::Xml {
            path: qdpx.to_owned(),
            message,
        },
        qde::QdeError::NotAProject(found) => ImportError::NotAProject {
            path: qdpx.to_owned(),
            found,
        },
    })?;
    build::build(parsed, &mut archive, qdpx, into)
}

#[cfg(test)]
mod tests;

//! The OCR languages a command reads scanned pages in, and looks them up under in the OCR
//! and text caches: `--lang` when given, else the project's (the project file named, or
//! one found whose corpus holds the path: in the folder read, or in the folder of the file
//! read or a folder above it), else the default (English plus the installed languages of
//! the script each page shows). So the command line reads a project's scans as the
//! window does, and finds the pages the window read.

use std::path::{Path, PathBuf};

use crate::corpus::LoadOptions;
use crate::project::file::{self, EXTENSION};
use crate::session::projects_in;

/// `--lang`, shared by the commands that may read scans.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LangArg {
    /// The languages to read scanned pages with, Tesseract's codes joined by '+'
    /// ("eng+ara"); default: the project's (the project file given, or one found whose
    /// corpus holds the path), else English plus the installed languages of the script
    /// each page shows.
    #[arg(long = "lang", alias = "languages", value_name = "CODES")]
    pub languages: Option<String>,
}

/// `LoadOptions::cached()` in the languages to read `path` in (see the module doc).
pub fn cached_options(path: &Path, lang: &LangArg) -> Result<LoadOptions, String> {
    let mut options = LoadOptions::cached();
    options.ocr.languages = languages_for(path, lang.languages.as_deref())?;
    Ok(options)
}

/// The languages to read `path` in: `codes` ("eng+ara") when given, else the project's
/// (`None`: the default). A project file named by `path` that cannot be read is an error;
/// one found that cannot be read is passed over.
pub fn languages_for(path: &Path, codes: Option<&str>) -> Result<Option<Vec<String>>, String> {
    if let Some(codes) = codes {
        return parse(codes);
    }
    if is_project_file(path) {
        let project = file::load(path).map_err(|e| e.to_string())?;
        return Ok(project.ocr_languages);
    }
    Ok(project_holding(path).and_then(|(_, languages)| languages))
}

/// Tesseract's codes joined by '+' ("eng+ara"), each checked to be a code; none at all
/// is the default.
pub fn parse(codes: &str) -> Result<Option<Vec<String>>, String> {
    let codes: Vec<String> = codes
        .split('+')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(bad) = codes.iter().find(|c| !crate::project::is_language_code(c)) {
        return Err(format!(
            "“{bad}” is not a Tesseract language code (such as eng, ara, chi_sim)"
        ));
    }
    Ok((!codes.is_empty()).then_some(codes))
}

/// True when `path` is a project file (`*.dossier.ron`).
pub fn is_project_file(path: &Path) -> bool {
    path.is_file()
        && path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with(EXTENSION))
}

/// The nearest project whose corpus holds `path` (a folder or a file): looked for in the
/// folder itself (or the file's folder), then in each folder above it; its file and OCR
/// languages. Project files that cannot be read are passed over.
fn project_holding(path: &Path) -> Option<(PathBuf, Option<Vec<String>>)> {
    let path = std::path::absolute(path).ok()?;
    let path = path.canonicalize().unwrap_or(path);
    let start = if path.is_dir() { &path } else { path.parent()? };
    start.ancestors().find_map(|folder| {
        projects_in(folder).into_iter().find_map(|project_file| {
            let project = file::load(&project_file).ok()?;
            let root = project.corpus_root?;
            let root = root.canonicalize().unwrap_or(root);
            path.starts_with(&root)
                .then_some((project_file, project.ocr_languages))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::Project;

    /// A folder `corpus` with a scan's stand-in and, in `project_in`, a project of it
    /// reading in `languages`.
    fn project(dir: &Path, project_in: &str, languages: &[&str]) -> PathBuf {
        let corpus = dir.join("corpus");
        std::fs::create_dir_all(corpus.join("scans")).expect("mkdir");
        std::fs::write(corpus.join("scans/letter.png"), b"not read here").expect("write");
        let mut project = Project::new("letters");
        project.corpus_root = Some(corpus);
        project.ocr_languages = Some(languages.iter().map(|c| (*c).to_owned()).collect());
        let folder = dir.join(project_in);
        std::fs::create_dir_all(&folder).expect("mkdir");
        let path = folder.join(format!("letters{EXTENSION}"));
        file::save(&project, &path).expect("save");
        path
    }

    fn codes(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|c| (*c).to_owned()).collect())
    }

    #[test]
    fn a_project_file_given_reads_in_its_languages_unless_lang_says_otherwise() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = project(dir.path(), ".", &["ara"]);
        assert_eq!(languages_for(&file, None), Ok(codes(&["ara"])));
        assert_eq!(
            languages_for(&file, Some("eng+fra")),
            Ok(codes(&["eng", "fra"]))
        );
        let options = cached_options(
            &file,
            &LangArg {
                languages: Some("deu".into()),
            },
        )
        .expect("options");
        assert_eq!(options.ocr.languages, codes(&["deu"]));
        assert!(!options.ocr.run, "cached: no OCR while loading");
    }

    #[test]
    fn a_project_in_the_folder_or_above_a_file_is_found() {
        let dir = tempfile::tempdir().expect("temp dir");
        project(dir.path(), "corpus", &["ara", "eng"]);
        let corpus = dir.path().join("corpus");
        // `dossier scan corpus`, `dossier search corpus/scans`, `dossier text a file`.
        for path in [
            corpus.clone(),
            corpus.join("scans"),
            corpus.join("scans/letter.png"),
        ] {
            assert_eq!(
                languages_for(&path, None),
                Ok(codes(&["ara", "eng"])),
                "{}",
                path.display()
            );
        }
        // A project beside the corpus folder (its corpus is not the folder it is in).
        let beside = tempfile::tempdir().expect("temp dir");
        project(beside.path(), "projects", &["fra"]);
        assert_eq!(
            languages_for(&beside.path().join("corpus/scans/letter.png"), None),
            Ok(None),
            "not found from the corpus: the default"
        );
    }

    #[test]
    fn without_a_project_the_default_and_bad_codes_are_refused() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(languages_for(dir.path(), None), Ok(None));
        // A project elsewhere, whose corpus is another folder, is not this folder's.
        let other = project(dir.path(), "elsewhere", &["ara"]);
        let unrelated = dir.path().join("unrelated");
        std::fs::create_dir_all(&unrelated).expect("mkdir");
        std::fs::copy(&other, unrelated.join(format!("copy{EXTENSION}"))).expect("copy");
        assert_eq!(languages_for(&unrelated, None), Ok(None));
        // A broken project file found is passed over; one given is an error.
        std::fs::write(unrelated.join(format!("broken{EXTENSION}")), "not ron").expect("write");
        assert_eq!(languages_for(&unrelated, None), Ok(None));
        assert!(languages_for(&unrelated.join(format!("broken{EXTENSION}")), None).is_err());
        let bad = languages_for(dir.path(), Some("eng+-l")).expect_err("refused");
        assert!(
            bad.contains("“-l” is not a Tesseract language code"),
            "{bad}"
        );
        assert_eq!(languages_for(dir.path(), Some("+")), Ok(None));
    }
}

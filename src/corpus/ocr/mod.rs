//! OCR: the text of scanned pages (images, PDF pages without a usable text layer) read by
//! Tesseract, the engine ICIJ's Datashare and OCCRP's Aleph use, run as a child process
//! per page ([`engine`]), its TSV read into words with boxes and confidences ([`tsv`]).
//!
//! OCR takes seconds a page, so loading a folder never waits for it: the loader reads OCR
//! results from the [`cache`] only ([`OcrOptions::run`] false, the window and the default
//! of the command line) and lists a file with pages not yet read as
//! [`SkipReason::NeedsOcr`]; an OCR pass ([`pages_to_do`], [`run_pages`]: the window's job,
//! `dossier ocr`) reads those pages on every core and fills the cache, and the next load
//! finds them. With `run` true (`dossier text`, `dossier scan`) the loader reads missing
//! pages itself.
//!
//! Languages: those the project sets, else English plus the languages installed for the
//! script Tesseract's script detection (`osd`) sees on the page ([`choose_languages`]).

pub mod cache;
mod embedded;
pub mod engine;
pub mod languages;
pub mod pages;
pub mod tsv;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};
use std::time::Duration;

use rayon::prelude::*;

pub use cache::{CachedPage, OcrCache, PageKey};
pub use engine::{INSTALL_HINT, Tesseract};

use super::SkipReason;
use super::document::Format;
use super::formats::{Extracted, SkippedPart};
use super::layout::{PageLayout, PageRect, PageSize, WordBox};

/// The environment variable naming the `tesseract` program to run (else `PATH`'s).
pub const PROGRAM_VARIABLE: &str = "DOSSIER_TESSERACT";
/// The environment variable naming the OCR cache folder (else the data folder's).
pub const CACHE_VARIABLE: &str = "DOSSIER_OCR_CACHE";
/// With at most this many languages installed besides English, every page is read with
/// all of them (see [`choose_languages`]).
pub const RUN_ALL_UP_TO: usize = 2;
/// What a document's `encoding` says when OCR read it (every page, or some pages of a
/// PDF with a text layer, or an image): [`read_by_ocr`].
const OCR_ENCODINGS: [&str; 3] = ["PDF (OCR)", "PDF + OCR", "OCR"];

/// Whether OCR read some of a document whose `encoding` is this (the files a change of
/// OCR languages reads again).
pub fn read_by_ocr(encoding: &str) -> bool {
    OCR_ENCODINGS.contains(&encoding)
}

/// How the reason a file whose every page OCR failed on starts.
const NOT_READ: &str = "OCR could not read it";

/// Whether a file was refused because OCR failed on every page (another Tesseract may read
/// it: the text cache keeps such a refusal with the engine's stamp, as OCR'd text).
pub fn refused_by_ocr(reason: &SkipReason) -> bool {
    matches!(reason, SkipReason::Damaged(why) if why.starts_with(NOT_READ))
}

/// Words OCR is less sure of than this (0-100) are marked in the reader for checking.
pub const LOW_CONFIDENCE: f32 = 60.0;

/// How the loader treats pages that need OCR.
#[derive(Clone, Debug, PartialEq)]
pub struct OcrOptions {
    /// The `tesseract` program; `None`: [`PROGRAM_VARIABLE`], else `tesseract` on `PATH`.
    pub program: Option<PathBuf>,
    /// The languages to read with (Tesseract's codes: `eng`, `ara`); `None`: chosen per
    /// page ([`choose_languages`]).
    pub languages: Option<Vec<String>>,
    /// Where OCR results are kept; `None`: not kept (every page is read again).
    pub cache_dir: Option<PathBuf>,
    /// Read pages missing from the cache while loading (the command line may wait); false:
    /// such files are [`SkipReason::NeedsOcr`].
    pub run: bool,
    /// The most time one page may take; the child is killed after it.
    pub page_timeout: Duration,
}

impl Default for OcrOptions {
    fn default() -> Self {
        Self {
            program: std::env::var_os(PROGRAM_VARIABLE).map(PathBuf::from),
            languages: None,
            cache_dir: default_cache_dir(),
            run: false,
            page_timeout: Duration::from_secs(120),
        }
    }
}

impl OcrOptions {
    /// The language setting as the cache key names it: "auto" or "eng+ara".
    pub fn language_setting(&self) -> String {
        match &self.languages {
            Some(list) if !list.is_empty() => list.join("+"),
            _ => "auto".to_owned(),
        }
    }

    /// What changes the text the loader gives for a file that needs OCR (a cache of
    /// extracted text must not serve an entry made under other OCR options).
    pub fn fingerprint(&self) -> String {
        format!(
            "ocr:{}:{}:{}",
            self.language_setting(),
            self.run,
            self.cache_dir
                .as_deref()
                .map_or_else(String::new, |d| d.display().to_string())
        )
    }

    /// The cache, if results are kept.
    pub fn cache(&self) -> Option<OcrCache> {
        self.cache_dir.as_ref().map(OcrCache::new)
    }
}

/// The OCR cache's folder in the application's data folder (`$XDG_DATA_HOME/dossier` or
/// `~/.local/share/dossier`, where the window keeps its data), or [`CACHE_VARIABLE`].
pub fn default_cache_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_VARIABLE) {
        return Some(PathBuf::from(dir));
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|h| h.join(".local").join("share")))
        .map(|d| d.join("dossier").join("ocr-cache"))
}

/// What was found for each program asked about.
type Found = Mutex<HashMap<Option<PathBuf>, Result<Tesseract, String>>>;

/// The Tesseract of `program` (see [`OcrOptions::program`]), asked once per process.
pub fn tesseract(program: Option<&Path>) -> Result<Tesseract, String> {
    static FOUND: OnceLock<Found> = OnceLock::new();
    let key = program.map(Path::to_path_buf);
    let found = FOUND.get_or_init(Default::default);
    if let Ok(known) = found.lock()
        && let Some(result) = known.get(&key)
    {
        return result.clone();
    }
    let result = Tesseract::find(program);
    if let Ok(mut known) = found.lock() {
        known.insert(key, result.clone());
    }
    result
}

/// The installed languages of a script Tesseract's script detection names.
fn languages_of_script(script: &str) -> &'static [&'static str] {
    match script {
        "Arabic" => &["ara", "fas", "urd", "pus", "uig", "snd"],
        "Cyrillic" => &["rus", "ukr", "bul", "srp", "mkd", "bel", "kaz"],
        "Greek" => &["ell"],
        "Hebrew" => &["heb", "yid"],
        "Han" => &["chi_sim", "chi_tra"],
        "Japanese" | "Katakana" | "Hiragana" => &["jpn"],
        "Hangul" => &["kor"],
        "Devanagari" => &["hin", "mar", "nep", "san"],
        "Thai" => &["tha"],
        "Armenian" => &["hye"],
        "Georgian" => &["kat"],
        _ => &[],
    }
}

/// The languages to read `page` with: the project's (those installed), else English plus
/// the other installed languages when they are few (at most [`RUN_ALL_UP_TO`]), else
/// English plus the installed languages of the script Tesseract's script detection sees on
/// the page (every installed one when it cannot tell: a language too many costs time, a
/// missing one loses the text).
///
/// Measured on 8 pages, 2 at a time (`BENCHMARKS.md`): `eng+ara` on every page 8.8 s;
/// script detection first, then `eng+ara`, 22.8 s: detection costs more than the second
/// language it would save, so it runs only when many languages are installed.
pub fn choose_languages(
    tess: &Tesseract,
    options: &OcrOptions,
    orientation: &engine::Orientation<'_>,
) -> String {
    let installed = |l: &str| tess.languages.iter().any(|i| i == l);
    let base = base_language(tess);
    if options.languages.as_ref().is_some_and(|l| !l.is_empty()) {
        return resolved_languages(tess, options);
    }
    if tess.languages.len() <= 1 {
        return base;
    }
    if tess.languages.len() <= RUN_ALL_UP_TO + 1 {
        let mut all = vec![base.clone()];
        all.extend(tess.languages.iter().filter(|l| **l != base).cloned());
        return all.join("+");
    }
    let mut chosen = vec![base.clone()];
    match orientation.script() {
        Some(script) => chosen.extend(
            languages_of_script(&script)
                .iter()
                .filter(|l| installed(l))
                .map(|l| (*l).to_owned()),
        ),
        None => chosen.extend(tess.languages.iter().filter(|l| **l != base).cloned()),
    }
    chosen.join("+")
}

/// The language every page is read with: English when installed, else the first installed.
fn base_language(tess: &Tesseract) -> String {
    if tess.languages.iter().any(|l| l == "eng") {
        "eng".to_owned()
    } else {
        tess.languages
            .first()
            .cloned()
            .unwrap_or_else(|| "eng".to_owned())
    }
}

/// The languages the setting of `options` comes to with what `tess` has installed: the
/// project's languages that are installed ("eng+ara"; English alone when none is), or,
/// chosen per page, "auto:" and every installed language (any of them may be chosen).
/// Installing a language pack changes it, so the pages it concerns are read again.
pub fn resolved_languages(tess: &Tesseract, options: &OcrOptions) -> String {
    match &options.languages {
        Some(list) if !list.is_empty() => {
            let usable: Vec<&str> = list
                .iter()
                .map(String::as_str)
                .filter(|l| tess.languages.iter().any(|i| i == l))
                .collect();
            if usable.is_empty() {
                base_language(tess)
            } else {
                usable.join("+")
            }
        }
        _ => format!("auto:{}", tess.languages.join("+")),
    }
}

/// What OCR'd text depends on besides the file and Dossier's readers: Tesseract's version
/// and the languages it reads with ([`resolved_languages`]). The text cache keeps it with
/// an OCR'd file's entry, which is stale once it changes (`text_cache`).
pub fn engine_stamp(tess: &Tesseract, options: &OcrOptions) -> String {
    format!(
        "tesseract {} languages {}",
        tess.version,
        resolved_languages(tess, options)
    )
}

/// [`engine_stamp`] of the Tesseract `options` name (asked once per process), `None`
/// without one.
pub fn current_engine_stamp(options: &OcrOptions) -> Option<String> {
    let tess = tesseract(options.program.as_deref()).ok()?;
    Some(engine_stamp(&tess, options))
}

/// The key of page `page` of a file of content hash `file`: the languages resolved against
/// those installed, so that installing a language pack reads the page again.
fn key(file: &str, page: usize, tess: &Tesseract, options: &OcrOptions) -> PageKey {
    PageKey {
        file: file.to_owned(),
        page: page as u32,
        languages: resolved_languages(tess, options),
        version: tess.version.clone(),
    }
}

/// The content hash the OCR cache keys a file by.
pub fn file_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().as_str()[..32].to_owned()
}

/// One page to read.
#[derive(Clone, Debug)]
pub struct PageJob {
    /// The file's format.
    pub format: Format,
    /// Its bytes (shared by its pages).
    pub bytes: Arc<Vec<u8>>,
    /// The page, from 0.
    pub page: usize,
    /// Where the result goes in the cache.
    pub key: PageKey,
    /// The most time drawing the page may take (the load's read budget): a page over it
    /// is a page skipped with the reason.
    pub draw_budget: Duration,
}

/// Reads one page (prepared for Tesseract, languages chosen, Tesseract) into what the
/// cache keeps. A page that cannot be drawn or read is kept with the reason.
pub fn read_page(
    job: &PageJob,
    tess: &Tesseract,
    options: &OcrOptions,
    cancelled: &dyn Fn() -> bool,
) -> CachedPage {
    let image = pages::for_ocr_within(job.format, &job.bytes, job.page, Some(job.draw_budget));
    read_drawn(job, image, tess, options, cancelled)
}

/// Reads a page already prepared (or the reason it could not be) into what the cache
/// keeps. A scan handed to Tesseract as it is that Tesseract cannot read (a JPEG variant
/// its image library lacks) is drawn here and read again.
fn read_drawn(
    job: &PageJob,
    image: Result<pages::OcrImage, SkipReason>,
    tess: &Tesseract,
    options: &OcrOptions,
    cancelled: &dyn Fn() -> bool,
) -> CachedPage {
    let as_is = image.as_ref().is_ok_and(|i| i.as_is);
    let read = read_prepared(job, image, tess, options, cancelled);
    let failed = read
        .result
        .as_ref()
        .is_err_and(|why| why.starts_with(engine::FAILED));
    if as_is && failed && !cancelled() {
        let drawn = pages::drawn_for_ocr(job.format, &job.bytes, job.page, Some(job.draw_budget));
        return read_prepared(job, drawn, tess, options, cancelled);
    }
    read
}

/// [`read_drawn`] without the second try.
fn read_prepared(
    job: &PageJob,
    image: Result<pages::OcrImage, SkipReason>,
    tess: &Tesseract,
    options: &OcrOptions,
    cancelled: &dyn Fn() -> bool,
) -> CachedPage {
    let mut cached = CachedPage {
        key: job.key.clone(),
        size: PageSize::default(),
        pixel_width: 0,
        pixel_height: 0,
        frame: None,
        used_languages: String::new(),
        result: Err(String::new()),
        note: None,
    };
    let image = match image {
        Ok(image) => image,
        Err(why) => {
            cached.result = Err(why.to_string());
            return cached;
        }
    };
    let file = engine::PageFile {
        image: &image.file,
        dpi: image.dpi,
    };
    let orientation = engine::Orientation::new(tess, &file, options.page_timeout);
    let langs = choose_languages(tess, options, &orientation);
    cached.size = image.size;
    cached.pixel_width = image.width;
    cached.pixel_height = image.height;
    cached.frame = image.frame;
    cached.result = tess.read_page(&file, &langs, options.page_timeout, cancelled);
    if let Ok(words) = &cached.result
        && reads_poorly(words)
        && !cancelled()
    {
        if !tess.has_osd {
            cached.note = Some(MAY_BE_TURNED.to_owned());
        } else if let Some(turn) = orientation.rotation()
            && let Some(turned) = read_turned(job, &image, turn, tess, &langs, options, cancelled)
            && mean_confidence(&turned) > mean_confidence(words)
        {
            cached.result = Ok(turned);
        }
    }
    cached.used_languages = langs;
    cached
}

/// The least mean word confidence of a page read well: under it, or with no word, the
/// page may be turned (an upside-down page of English reads as garbage at about 43 in
/// English, 68 in English and Arabic, whose letters the garbage then takes; a clean page
/// at 90 to 96), and Tesseract's orientation detection is asked.
pub const POOR_MEAN_CONFIDENCE: f32 = 80.0;

/// The note on a page read poorly when Tesseract's orientation data is not installed.
pub const MAY_BE_TURNED: &str = "read poorly: the page may be turned (sideways or upside down); \
     install Tesseract's orientation data (`sudo apt install tesseract-ocr-osd`) to have it turned";

/// Whether a page's words look like a poor reading (no word, or a mean confidence under
/// [`POOR_MEAN_CONFIDENCE`]).
fn reads_poorly(words: &[tsv::OcrWord]) -> bool {
    mean_confidence(words) < POOR_MEAN_CONFIDENCE
}

/// The mean confidence of the words read (0 for none): which of two readings of a page
/// is kept.
fn mean_confidence(words: &[tsv::OcrWord]) -> f32 {
    let confs: Vec<f32> = words
        .iter()
        .filter(|w| !w.text.trim().is_empty())
        .map(|w| w.conf.max(0.0))
        .collect();
    if confs.is_empty() {
        0.0
    } else {
        confs.iter().sum::<f32>() / confs.len() as f32
    }
}

/// The page drawn again, turned `turn` degrees clockwise and read, its word boxes put back
/// in the page's pixels as it is shown (unturned); `None` when it cannot be drawn or read.
fn read_turned(
    job: &PageJob,
    image: &pages::OcrImage,
    turn: u32,
    tess: &Tesseract,
    langs: &str,
    options: &OcrOptions,
    cancelled: &dyn Fn() -> bool,
) -> Option<Vec<tsv::OcrWord>> {
    let page = pages::draw_within(job.format, &job.bytes, job.page, Some(job.draw_budget)).ok()?;
    if (page.width, page.height) != (image.width, image.height) {
        return None;
    }
    let grey = image::GrayImage::from_raw(page.width, page.height, page.luma)?;
    let turned = match turn {
        90 => image::imageops::rotate90(&grey),
        180 => image::imageops::rotate180(&grey),
        270 => image::imageops::rotate270(&grey),
        _ => return None,
    };
    let file = pages::grey_png(turned.as_raw(), turned.width(), turned.height()).ok()?;
    let file = engine::PageFile {
        image: &file,
        dpi: image.dpi,
    };
    let words = tess
        .read_page(&file, langs, options.page_timeout, cancelled)
        .ok()?;
    Some(
        words
            .into_iter()
            .map(|w| unturn(w, turn, image.width, image.height))
            .collect(),
    )
}

/// A word's box read on the page turned `turn` degrees clockwise, put back in the pixels
/// of the page as it is (`width` x `height`).
fn unturn(mut w: tsv::OcrWord, turn: u32, width: u32, height: u32) -> tsv::OcrWord {
    let (l, t, bw, bh) = (w.left, w.top, w.width, w.height);
    let (left, top, new_w, new_h) = match turn {
        90 => (t, height.saturating_sub(l.saturating_add(bw)), bh, bw),
        180 => (
            width.saturating_sub(l.saturating_add(bw)),
            height.saturating_sub(t.saturating_add(bh)),
            bw,
            bh,
        ),
        270 => (width.saturating_sub(t.saturating_add(bh)), l, bh, bw),
        _ => (l, t, bw, bh),
    };
    w.left = left;
    w.top = top;
    w.width = new_w;
    w.height = new_h;
    w
}

/// Pages drawn ahead of the Tesseract children, per child: enough that a child never
/// waits for a page to be drawn (drawing one takes about a tenth of reading it).
pub const PAGES_AHEAD_PER_THREAD: usize = 2;

/// Pages one drawing thread keeps ahead of (Tesseract reads a page in about ten times the
/// time hayro draws it).
const THREADS_PER_DRAWER: usize = 8;

/// Reads `jobs` with `threads` Tesseract children at a time, keeping each page in the
/// cache as it is read; `progress` hears the pages done so far. Stops early when
/// `cancelled`. Returns the pages read.
///
/// A pipeline: drawing threads (one per [`THREADS_PER_DRAWER`] children) draw the pages in
/// order into a bounded queue of [`PAGES_AHEAD_PER_THREAD`] pages per child, while the
/// `threads` workers each take the next page drawn and wait for its Tesseract child: the
/// children never wait for hayro. Pages held at once: the queue, one per worker and one
/// per drawing thread (docs/memory-bounds.md).
pub fn run_pages(
    jobs: &[PageJob],
    tess: &Tesseract,
    options: &OcrOptions,
    threads: usize,
    progress: &(dyn Fn(usize) + Sync),
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Vec<CachedPage> {
    let threads = threads.max(1);
    let done = AtomicUsize::new(0);
    let next_job = AtomicUsize::new(0);
    let cache = options.cache();
    let (drawn, to_read) = mpsc::sync_channel(PAGES_AHEAD_PER_THREAD * threads);
    let to_read = Mutex::new(to_read);
    let pages = Mutex::new(Vec::with_capacity(jobs.len()));
    std::thread::scope(|scope| {
        for _ in 0..threads.div_ceil(THREADS_PER_DRAWER) {
            let drawn = drawn.clone();
            let next_job = &next_job;
            scope.spawn(move || {
                while let Some(job) = jobs.get(next_job.fetch_add(1, Ordering::Relaxed)) {
                    if cancelled() {
                        break;
                    }
                    let image = pages::for_ocr_within(
                        job.format,
                        &job.bytes,
                        job.page,
                        Some(job.draw_budget),
                    );
                    if drawn.send((job, image)).is_err() {
                        break;
                    }
                }
            });
        }
        // The queue ends when the last drawing thread does.
        drop(drawn);
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let next = to_read.lock().ok().and_then(|queue| queue.recv().ok());
                    let Some((job, image)) = next else { break };
                    if cancelled() {
                        continue; // emptied, so that no drawing thread waits on a full queue
                    }
                    let page = read_drawn(job, image, tess, options, cancelled);
                    if cancelled() && page.result.is_err() {
                        continue; // killed by the cancel: not a result to keep
                    }
                    if let Some(cache) = &cache {
                        // A page not kept is read again next time: nothing is lost.
                        let _ = cache.put(&page);
                    }
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                    if let Ok(mut pages) = pages.lock() {
                        pages.push(page);
                    }
                }
            });
        }
    });
    if let Some(cache) = &cache {
        cache.prune(cache::DEFAULT_MAX_BYTES);
    }
    pages.into_inner().unwrap_or_default()
}

/// The pages of the file at `path` that need OCR and are not in the cache. A file that
/// needs none, or cannot be read, gives none.
pub fn pages_to_do(path: &Path, options: &super::LoadOptions) -> Vec<PageJob> {
    let Some(file) = needing_ocr(path, options) else {
        return Vec::new();
    };
    let cache = options.ocr.cache();
    file.pages
        .iter()
        .map(|&page| PageJob {
            format: file.format,
            bytes: Arc::clone(&file.bytes),
            page,
            key: key(&file.hash, page, &file.tess, &options.ocr),
            draw_budget: options.read_budget,
        })
        .filter(|job| !cache.as_ref().is_some_and(|c| c.has(&job.key)))
        .collect()
}

/// A file with pages for OCR, read as the loader reads it.
struct NeedingOcr {
    tess: Tesseract,
    format: Format,
    bytes: Arc<Vec<u8>>,
    hash: String,
    /// The pages a reader left to OCR, from 0.
    pages: Vec<usize>,
}

/// The file at `path` with the pages its reader leaves to OCR; `None` for a file that is
/// not a PDF or an image, cannot be read, or without Tesseract.
fn needing_ocr(path: &Path, options: &super::LoadOptions) -> Option<NeedingOcr> {
    let format = Format::from_path(path)?;
    if !matches!(format, Format::Pdf | Format::Image) {
        return None;
    }
    let tess = tesseract(options.ocr.program.as_deref()).ok()?;
    let bytes = std::fs::read(path).ok()?;
    if bytes.len() as u64 > options.max_file_bytes {
        return None;
    }
    // As the loader reads it: by its first bytes when its name's reader would fail.
    let format = super::formats::sniff::by_name_and_bytes(path, &bytes).map_or(format, |(f, _)| f);
    if !matches!(format, Format::Pdf | Format::Image) {
        return None;
    }
    let extracted =
        super::formats::extract_within(format, bytes.clone(), options.read_budget).ok()?;
    Some(NeedingOcr {
        tess,
        format,
        hash: file_hash(&bytes),
        bytes: Arc::new(bytes),
        pages: extracted.ocr_pages,
    })
}

/// The OCR languages (as a project sets them: `None`, the default) in which every page of
/// the file at `path` that needs OCR is in the cache already: those of `options` first,
/// then the default, then the installed languages alone and together, in every order (a
/// project's list is read in its order: "ara+eng" is not "eng+ara"; with more than four
/// installed, each alone and all together only). `None` when the file has no such page,
/// or they are in no such set (OCR must read them). An import uses it to take pages read
/// before in a project's own languages from the cache instead of reading them again.
pub fn languages_already_read(
    path: &Path,
    options: &super::LoadOptions,
) -> Option<Option<Vec<String>>> {
    let file = needing_ocr(path, options)?;
    let cache = options.ocr.cache()?;
    if file.pages.is_empty() {
        return None;
    }
    let all_read = |languages: &Option<Vec<String>>| {
        let ocr = OcrOptions {
            languages: languages.clone(),
            ..options.ocr.clone()
        };
        file.pages
            .iter()
            .all(|&page| cache.has(&key(&file.hash, page, &file.tess, &ocr)))
    };
    let installed = &file.tess.languages;
    let mut candidates = vec![options.ocr.languages.clone(), None];
    if installed.len() <= 4 {
        candidates.extend(arrangements(installed).into_iter().map(Some));
    } else {
        candidates.extend(installed.iter().map(|l| Some(vec![l.clone()])));
        candidates.push(Some(installed.clone()));
    }
    candidates.into_iter().find(all_read)
}

/// Every ordered choice of one or more of `items`, shortest first.
fn arrangements(items: &[String]) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = vec![Vec::new()];
    let mut all = Vec::new();
    for _ in 0..items.len() {
        out = out
            .iter()
            .flat_map(|prefix| {
                items
                    .iter()
                    .filter(|item| !prefix.contains(item))
                    .map(move |item| {
                        let mut next = prefix.clone();
                        next.push(item.clone());
                        next
                    })
            })
            .collect();
        all.extend(out.iter().cloned());
    }
    all
}

/// The loader's step after a reader: the pages a reader left to OCR
/// ([`Extracted::ocr_pages`]) filled from the cache, or read now when
/// [`OcrOptions::run`]; `Err(NeedsOcr)` when some are neither. `bytes`: the file's;
/// `read_budget`: the most time drawing one page may take.
pub fn complete(
    format: Format,
    mut extracted: Extracted,
    bytes: Option<&Arc<Vec<u8>>>,
    options: &OcrOptions,
    read_budget: Duration,
) -> Result<Extracted, SkipReason> {
    if extracted.ocr_pages.is_empty() {
        return Ok(extracted);
    }
    let Some(bytes) = bytes else {
        return Ok(extracted);
    };
    let count = extracted.ocr_pages.len();
    let tess = tesseract(options.program.as_deref())
        .map_err(|why| SkipReason::OcrUnavailable { pages: count, why })?;
    let hash = file_hash(bytes);
    let cache = options.cache();
    let mut found: HashMap<usize, CachedPage> = HashMap::new();
    let mut missing = Vec::new();
    for &page in &extracted.ocr_pages {
        let key = key(&hash, page, &tess, options);
        match cache.as_ref().and_then(|c| c.get(&key)) {
            Some(cached) => {
                found.insert(page, cached);
            }
            None => missing.push(PageJob {
                format,
                bytes: Arc::clone(bytes),
                page,
                key,
                draw_budget: read_budget,
            }),
        }
    }
    if !missing.is_empty() {
        if !options.run {
            return Err(SkipReason::NeedsOcr {
                pages: missing.len(),
            });
        }
        let read: Vec<CachedPage> = missing
            .par_iter()
            .with_max_len(1)
            .map(|job| {
                let page = read_page(job, &tess, options, &|| false);
                if let Some(cache) = &cache {
                    let _ = cache.put(&page);
                }
                page
            })
            .collect();
        for page in read {
            found.insert(page.key.page as usize, page);
        }
    }
    splice(format, &mut extracted, bytes, &found)?;
    Ok(extracted)
}

/// Puts the OCR'd pages' text in page order among the pages read from a text layer, with
/// the page starts and the word boxes.
fn splice(
    format: Format,
    extracted: &mut Extracted,
    bytes: &Arc<Vec<u8>>,
    ocr: &HashMap<usize, CachedPage>,
) -> Result<(), SkipReason> {
    let native: Vec<char> = extracted.text.chars().collect();
    let page_count = extracted
        .pages
        .len()
        .max(ocr.keys().max().map_or(0, |m| m + 1));
    let native_layout = extracted.layout.take().unwrap_or_default();
    let pdf_sizes = (format == Format::Pdf)
        .then(|| super::raster::PdfPages::open(Arc::clone(bytes)).ok())
        .flatten();
    let mut text = String::new();
    let mut chars = 0usize;
    let mut starts = Vec::with_capacity(page_count);
    let mut layout = PageLayout::default();
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for page in 0..page_count {
        let separator = if chars > 0 { "\n\n" } else { "" };
        let (segment, words): (String, Vec<WordBox>) = match ocr.get(&page) {
            Some(cached) => match &cached.result {
                Ok(words) => {
                    if let Some(note) = &cached.note {
                        notes.push((page, note.clone()));
                    }
                    ocr_segment(page, cached, words)
                }
                Err(why) => {
                    failures.push((page, why.clone()));
                    (String::new(), Vec::new())
                }
            },
            None => {
                let from = extracted.pages.get(page).copied().unwrap_or(native.len());
                let to = extracted
                    .pages
                    .get(page + 1)
                    .copied()
                    .unwrap_or(native.len())
                    .max(from)
                    .min(native.len());
                let segment: String = native[from.min(to)..to].iter().collect();
                let words = native_layout
                    .words
                    .iter()
                    .filter(|w| w.page as usize == page)
                    .map(|w| WordBox {
                        start: w.start.saturating_sub(from as u32),
                        end: w.end.saturating_sub(from as u32),
                        ..*w
                    })
                    .collect();
                (segment, words)
            }
        };
        let segment = segment.trim_end();
        let size = ocr
            .get(&page)
            .filter(|c| c.size != PageSize::default())
            .map(|c| c.size)
            .or_else(|| native_layout.pages.get(page).copied())
            .or_else(|| pdf_sizes.as_ref().and_then(|p| p.size(page)))
            .unwrap_or_default();
        layout.pages.push(size);
        if !segment.is_empty() {
            text.push_str(separator);
            chars += separator.len();
        }
        starts.push(chars);
        layout.words.extend(words.into_iter().map(|w| WordBox {
            start: w.start + chars as u32,
            end: w.end + chars as u32,
            ..w
        }));
        text.push_str(segment);
        chars += segment.chars().count();
    }
    if text.trim().is_empty()
        && let Some((_, why)) = failures.first()
    {
        return Err(SkipReason::Damaged(format!("{NOT_READ}: {why}")));
    }
    if !text.is_empty() {
        text.push('\n');
    }
    for (page, why) in failures {
        extracted.skipped_parts.push(SkippedPart {
            suffix: format!("#page={}", page + 1),
            reason: SkipReason::Damaged(format!("page {} not read by OCR: {why}", page + 1)),
        });
    }
    for (page, note) in notes {
        extracted.skipped_parts.push(SkippedPart {
            suffix: format!("#page={}", page + 1),
            reason: SkipReason::Damaged(format!("page {} {note}", page + 1)),
        });
    }
    let ocr_only = extracted.text.trim().is_empty();
    let [whole_pdf, some_pages, image] = OCR_ENCODINGS;
    extracted.encoding = match (format, ocr_only) {
        (Format::Pdf, true) => whole_pdf.to_owned(),
        (Format::Pdf, false) => some_pages.to_owned(),
        _ => image.to_owned(),
    };
    extracted.text = text;
    extracted.pages = starts;
    extracted.style = crate::text::ParagraphStyle::Blocks;
    extracted.layout = Some(layout);
    Ok(())
}

/// One OCR'd page's text and word boxes (char ranges from the page's start, boxes in
/// points).
fn ocr_segment(page: usize, cached: &CachedPage, words: &[tsv::OcrWord]) -> (String, Vec<WordBox>) {
    let (text, ranges) = tsv::page_text(words);
    // The image's pixels cover its frame on the page (a PDF page's own scan), else the
    // whole page drawn.
    let frame = cached.frame.unwrap_or(PageRect {
        x: 0.0,
        y: 0.0,
        w: cached.size.width,
        h: cached.size.height,
    });
    let sx = frame.w / cached.pixel_width.max(1) as f32;
    let sy = frame.h / cached.pixel_height.max(1) as f32;
    let boxes = words
        .iter()
        .zip(ranges)
        .map(|(w, (start, end))| WordBox {
            start: start as u32,
            end: end as u32,
            page: page as u32,
            rect: PageRect {
                x: frame.x + w.left as f32 * sx,
                y: frame.y + w.top as f32 * sy,
                w: w.width as f32 * sx,
                h: w.height as f32 * sy,
            },
            confidence: Some(w.conf),
        })
        .collect();
    (text, boxes)
}

/// Whether [`complete`] will have anything to do for a file of `format` (its bytes are
/// kept for it).
pub fn may_need(format: Format) -> bool {
    matches!(format, Format::Pdf | Format::Image)
}

/// The files a load listed as [`SkipReason::NeedsOcr`], relative to the corpus folder.
pub fn waiting_files(skipped: &[super::Skipped]) -> Vec<String> {
    skipped
        .iter()
        .filter(|s| matches!(s.reason, SkipReason::NeedsOcr { .. }))
        .map(|s| s.path.clone())
        .collect()
}

/// The pages still to read in `files` (paths relative to `root`, as [`waiting_files`]
/// gives; parts inside other files are not read by the OCR pass yet).
pub fn pages_to_do_in(root: &Path, files: &[String], options: &super::LoadOptions) -> Vec<PageJob> {
    files
        .par_iter()
        .flat_map_iter(|path| pages_to_do(&root.join(path), options))
        .collect()
}

/// How an OCR pass is going: pages done of pages to do, pages a second, time left.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Pages read so far.
    pub done: usize,
    /// Pages to read.
    pub total: usize,
    /// Seconds since the pass started.
    pub elapsed: f64,
}

impl Progress {
    /// Pages read a second so far (0 before the first).
    pub fn pages_per_second(&self) -> f64 {
        if self.elapsed > 0.0 {
            self.done as f64 / self.elapsed
        } else {
            0.0
        }
    }

    /// Seconds left at the pace so far, once a page is done.
    pub fn seconds_left(&self) -> Option<f64> {
        let rate = self.pages_per_second();
        (self.done > 0 && rate > 0.0)
            .then(|| (self.total - self.done.min(self.total)) as f64 / rate)
    }

    /// "OCR 3 of 12 pages, 0.8 pages/s, 11 s left".
    pub fn describe(&self) -> String {
        let mut line = format!(
            "OCR {} of {} pages, {:.1} pages/s",
            self.done,
            self.total,
            self.pages_per_second()
        );
        if let Some(left) = self.seconds_left() {
            line.push_str(&format!(", {} s left", left.ceil() as u64));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ordered_choice_of_the_installed_languages_is_tried() {
        let langs = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let all = arrangements(&langs(&["ara", "eng", "fra"]));
        assert_eq!(all.len(), 3 + 6 + 6);
        assert_eq!(all[0], langs(&["ara"]));
        assert!(all.contains(&langs(&["eng", "ara"])) && all.contains(&langs(&["ara", "eng"])));
        assert!(all.contains(&langs(&["fra", "eng", "ara"])));
        assert!(arrangements(&[]).is_empty());
    }

    #[test]
    fn boxes_read_on_a_turned_page_are_put_back_on_the_page_as_it_is() {
        let word = |left, top, width, height| tsv::OcrWord {
            block: 1,
            par: 1,
            line: 1,
            left,
            top,
            width,
            height,
            conf: 90.0,
            text: "word".to_owned(),
        };
        // A 100 x 50 page with a word at (10, 5), 20 x 8: where it lies on the page turned
        // 90, 180 and 270 degrees clockwise.
        let on_page = word(10, 5, 20, 8);
        for (turn, turned) in [
            (90, word(37, 10, 8, 20)),
            (180, word(70, 37, 20, 8)),
            (270, word(5, 70, 8, 20)),
        ] {
            assert_eq!(unturn(turned, turn, 100, 50), on_page, "turned {turn}");
        }
    }

    #[test]
    fn a_page_of_garbage_or_no_words_reads_poorly() {
        let word = |conf: f32| tsv::OcrWord {
            block: 1,
            par: 1,
            line: 1,
            left: 0,
            top: 0,
            width: 1,
            height: 1,
            conf,
            text: "w".to_owned(),
        };
        assert!(reads_poorly(&[]));
        assert!(reads_poorly(&[word(30.0), word(40.0), word(95.0)]));
        assert!(!reads_poorly(&[word(90.0), word(96.0), word(85.0)]));
        assert_eq!(mean_confidence(&[word(30.0), word(90.0)]), 60.0);
    }

    /// A stand-in for `tesseract` in `dir` whose image library reads PNG only: one word for
    /// a PNG piped in, a failure for anything else.
    #[cfg(unix)]
    fn png_only_tesseract(dir: &Path) -> Tesseract {
        use std::os::unix::fs::PermissionsExt;
        let program = dir.join("tesseract");
        let script = "#!/bin/sh\n\
            if head -c 4 | grep -q PNG; then\n\
            printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'\n\
            printf '5\\t1\\t1\\t1\\t1\\t1\\t2\\t3\\t4\\t5\\t96\\tpng\\n'\n\
            else exit 1; fi\n";
        std::fs::write(&program, script).expect("script");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("mode");
        Tesseract {
            program,
            version: "5.3.0".to_owned(),
            languages: vec!["eng".to_owned()],
            has_osd: false,
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_scan_tesseract_cannot_read_as_it_is_is_drawn_and_read_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let tess = png_only_tesseract(dir.path());
        let jpeg = crate::corpus::raster::tests::jpeg_with_orientation(1);
        let job = |bytes: Vec<u8>| PageJob {
            format: Format::Image,
            bytes: Arc::new(bytes),
            page: 0,
            key: PageKey {
                file: "scan".to_owned(),
                page: 0,
                languages: "eng".to_owned(),
                version: "5.3.0".to_owned(),
            },
            draw_budget: Duration::from_secs(60),
        };
        let options = OcrOptions {
            cache_dir: None,
            ..OcrOptions::default()
        };
        // Handed as it is (a JPEG): refused; drawn and written as a PNG: read.
        let read = read_page(&job(jpeg), &tess, &options, &|| false);
        let words = read.result.expect("read the second time");
        assert_eq!(words.len(), 1);
        assert_eq!(words[0].text, "png");
        assert_eq!((read.pixel_width, read.pixel_height), (40, 20));
        // Bytes no reader reads: the reason, once.
        let read = read_page(
            &job(b"\xff\xd8 not a JPEG".to_vec()),
            &tess,
            &options,
            &|| false,
        );
        assert!(read.result.is_err_and(|why| why.contains("image")));
    }

    /// A poorly read page among many installed languages needs both the page's script (to
    /// choose its languages) and its turn: one orientation run gives both.
    #[cfg(unix)]
    #[test]
    fn a_poor_page_asks_orientation_once_for_its_script_and_its_turn() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let program = dir.path().join("tesseract");
        let log = dir.path().join("osd-runs");
        let script = format!(
            "#!/bin/sh\n\
            cat > /dev/null\n\
            case \"$*\" in *--psm*)\n\
            echo osd >> '{}'\n\
            printf 'Rotate: 180\\nOrientation confidence: 15.0\\nScript: Latin\\nScript confidence: 18.0\\n'\n\
            exit 0;; esac\n\
            printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'\n\
            printf '5\\t1\\t1\\t1\\t1\\t1\\t2\\t3\\t4\\t5\\t30\\tpoor\\n'\n",
            log.display()
        );
        std::fs::write(&program, script).expect("script");
        std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).expect("mode");
        // More languages than are all run at once: the script chooses them.
        let tess = Tesseract {
            program,
            version: "5.3.0".to_owned(),
            languages: ["ara", "deu", "eng", "fra"].map(str::to_owned).to_vec(),
            has_osd: true,
        };
        let job = PageJob {
            format: Format::Image,
            bytes: Arc::new(crate::corpus::raster::tests::jpeg_with_orientation(1)),
            page: 0,
            key: PageKey {
                file: "scan".to_owned(),
                page: 0,
                languages: "auto".to_owned(),
                version: "5.3.0".to_owned(),
            },
            draw_budget: Duration::from_secs(60),
        };
        let options = OcrOptions {
            cache_dir: None,
            ..OcrOptions::default()
        };
        let read = read_page(&job, &tess, &options, &|| false);
        assert!(read.result.is_ok());
        // Latin script: English and the Latin-script languages, not Arabic.
        assert!(
            read.used_languages.starts_with("eng"),
            "{}",
            read.used_languages
        );
        assert!(
            !read.used_languages.contains("ara"),
            "{}",
            read.used_languages
        );
        let runs = std::fs::read_to_string(&log).expect("orientation was asked");
        assert_eq!(runs.lines().count(), 1, "orientation asked {runs:?}");
    }

    #[test]
    fn a_page_too_slow_to_draw_is_a_page_skipped_with_the_reason() {
        // 4^5 = 1,024 fills of a page at 300 dpi: far more than 50 ms of work.
        let bytes = crate::corpus::raster::tests::slow_to_draw(5, 4);
        let job = PageJob {
            format: Format::Pdf,
            bytes: Arc::new(bytes),
            page: 0,
            key: PageKey {
                file: "hostile".to_owned(),
                page: 0,
                languages: "eng".to_owned(),
                version: "5.3.0".to_owned(),
            },
            draw_budget: Duration::from_millis(50),
        };
        // Never run: the page is given up on before Tesseract is asked.
        let tess = Tesseract {
            program: PathBuf::from("/nonexistent/tesseract"),
            version: "5.3.0".to_owned(),
            languages: vec!["eng".to_owned()],
            has_osd: false,
        };
        let read = read_page(&job, &tess, &OcrOptions::default(), &|| false);
        let Err(why) = &read.result else {
            panic!("{:?}", read.result)
        };
        assert!(why.contains("drawing it took longer than 0.05 s"), "{why}");
    }
}

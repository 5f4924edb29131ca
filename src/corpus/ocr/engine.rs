//! The `tesseract` program: found on `PATH` or at a path the user set, asked its version and
//! languages once, and run as a child process per page with the page piped in as an image
//! file (PNG or JPEG: see `pages::for_ocr_within`). A child that crashes, hangs past the page's time limit (it is killed) or prints
//! something that is not TSV is a page skipped with the reason, never a failed load.
//!
//! `OMP_THREAD_LIMIT=1` for every child: Tesseract's OpenMP threads made one dense page
//! take 19.6 s instead of 2.7 s on a 2-core machine (`/work/shared/notes/ocr.md`); pages
//! run in parallel instead, one child per core.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::tsv::{self, OcrWord};

/// What to tell a user who has no Tesseract.
pub const INSTALL_HINT: &str = "install tesseract-ocr (`sudo apt install tesseract-ocr`)";

/// A Tesseract found and asked what it can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tesseract {
    /// The program run.
    pub program: PathBuf,
    /// Its version line ("5.3.0"): part of the cache key, since another version reads
    /// differently.
    pub version: String,
    /// The installed languages (`eng`, `ara`, ...), without `osd`, sorted.
    pub languages: Vec<String>,
    /// True when the orientation and script data (`osd`) is installed.
    pub has_osd: bool,
}

impl Tesseract {
    /// The Tesseract at `program`, or `tesseract` on `PATH` when `None`; `Err` says why none
    /// can be used.
    pub fn find(program: Option<&Path>) -> Result<Self, String> {
        let program = program.map_or_else(|| PathBuf::from("tesseract"), Path::to_path_buf);
        let version = quick_output(&program, &["--version"])?;
        let version = version
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("unknown")
            .to_owned();
        let listed = quick_output(&program, &["--list-langs"])?;
        let mut languages: Vec<String> = listed
            .lines()
            .skip_while(|l| !l.starts_with("List of available languages"))
            .skip(1)
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
        let has_osd = languages.iter().any(|l| l == "osd");
        languages.retain(|l| l != "osd" && l != "equ");
        languages.sort();
        if languages.is_empty() {
            return Err(
                "tesseract has no language installed (`sudo apt install tesseract-ocr-eng`)"
                    .to_owned(),
            );
        }
        Ok(Self {
            program,
            version,
            languages,
            has_osd,
        })
    }

    /// Reads one page image with the languages `langs` ("eng+ara"), giving up after
    /// `timeout` or when `cancelled` says so. `dpi`: the image's resolution when known (a
    /// rendered PDF page), else Tesseract takes the file's or estimates it.
    pub fn read_page(
        &self,
        page: &PageFile<'_>,
        langs: &str,
        timeout: Duration,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Vec<OcrWord>, String> {
        let mut args = vec!["stdin".to_owned(), "stdout".to_owned()];
        args.extend(["-l".to_owned(), langs.to_owned()]);
        if let Some(dpi) = page.dpi {
            args.extend(["--dpi".to_owned(), format!("{}", dpi.round() as u32)]);
        }
        args.push("tsv".to_owned());
        let out = self.run(&args, page, timeout, cancelled)?;
        tsv::parse(&String::from_utf8_lossy(&out))
    }

    /// What Tesseract's orientation and script detection (`--psm 0`) prints for `page`:
    /// the page's turn and script with their confidences; `None` without `osd` or when it
    /// fails. Asked through [`Orientation`], which asks it once a page.
    fn orientation_report(&self, page: &PageFile<'_>, timeout: Duration) -> Option<String> {
        if !self.has_osd {
            return None;
        }
        let args: Vec<String> = ["stdin", "stdout", "--psm", "0", "-l", "osd"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let out = self.run(&args, page, timeout, &|| false).ok()?;
        Some(String::from_utf8_lossy(&out).into_owned())
    }

    /// Runs the program with `page`'s image file piped in, returns what it printed on
    /// stdout. A program that ends unsuccessfully is an error starting with [`FAILED`].
    fn run(
        &self,
        args: &[String],
        page: &PageFile<'_>,
        timeout: Duration,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<Vec<u8>, String> {
        let mut child = Command::new(&self.program)
            .args(args)
            .env("OMP_THREAD_LIMIT", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run tesseract: {e}"))?;
        std::thread::scope(|scope| {
            let mut input = child.stdin.take();
            scope.spawn(move || {
                if let Some(input) = input.as_mut() {
                    // A child that dies early closes the pipe: its exit status says why.
                    let _ = input.write_all(page.image);
                }
            });
            let mut output = child.stdout.take();
            let reader = scope.spawn(move || {
                let mut out = Vec::new();
                if let Some(output) = output.as_mut() {
                    let _ = output.read_to_end(&mut out);
                }
                out
            });
            let status = wait_or_kill(&mut child, timeout, cancelled);
            let out = reader.join().unwrap_or_default();
            match status {
                Ok(status) if status.success() => Ok(out),
                Ok(status) => Err(format!("{FAILED} ({status})")),
                Err(why) => Err(why),
            }
        })
    }
}

/// One page's orientation and script report, asked of Tesseract at most once: the
/// languages of a page are chosen by its script and a page read poorly is turned by its
/// orientation, and both come from the same `--psm 0` run (about a second a page).
pub struct Orientation<'a> {
    tess: &'a Tesseract,
    page: &'a PageFile<'a>,
    timeout: Duration,
    report: std::cell::OnceCell<Option<String>>,
}

impl<'a> Orientation<'a> {
    /// Nothing is run until [`Self::script`] or [`Self::rotation`] is asked.
    pub fn new(tess: &'a Tesseract, page: &'a PageFile<'a>, timeout: Duration) -> Self {
        Self {
            tess,
            page,
            timeout,
            report: std::cell::OnceCell::new(),
        }
    }

    fn report(&self) -> Option<&str> {
        self.report
            .get_or_init(|| self.tess.orientation_report(self.page, self.timeout))
            .as_deref()
    }

    /// The script Tesseract sees on the page ("Latin", "Arabic", ...), when `osd` is
    /// installed and it is sure enough.
    pub fn script(&self) -> Option<String> {
        parse_script(self.report()?)
    }

    /// The turn the page needs to read the right way up, in degrees clockwise (90, 180 or
    /// 270), when `osd` is installed, it is sure enough and the page is turned at all.
    pub fn rotation(&self) -> Option<u32> {
        parse_rotation(self.report()?)
    }

    /// Whether Tesseract was run for this page (tests: it must be run once at most).
    pub fn was_asked(&self) -> bool {
        self.report.get().is_some()
    }
}

/// The script ("Script: Latin") in Tesseract's orientation report, when its confidence is
/// at least 1.
fn parse_script(report: &str) -> Option<String> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
    };
    let confidence: f32 = field("Script confidence:")?.parse().ok()?;
    (confidence >= 1.0).then(|| field("Script:")).flatten()
}

/// The clockwise turn ("Rotate: N") in Tesseract's orientation report, when it is 90, 180
/// or 270 and its confidence at least [`MIN_ORIENTATION_CONFIDENCE`].
fn parse_rotation(report: &str) -> Option<u32> {
    let field = |name: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
    };
    let confidence: f32 = field("Orientation confidence:")?.parse().ok()?;
    let rotate: u32 = field("Rotate:")?.parse().ok()?;
    (confidence >= MIN_ORIENTATION_CONFIDENCE && matches!(rotate, 90 | 180 | 270)).then_some(rotate)
}

/// The least orientation confidence acted on: Tesseract reports about 15 for a clearly
/// turned page of text, under 1 for a page it cannot tell.
pub const MIN_ORIENTATION_CONFIDENCE: f32 = 2.0;

/// How the error of a Tesseract that ended unsuccessfully (could not read the image, or
/// crashed) starts.
pub const FAILED: &str = "tesseract failed";

/// One page as Tesseract is given it: an image file in a format it reads (PNG, JPEG,
/// PGM, ...), piped to its standard input.
pub struct PageFile<'a> {
    /// The file's bytes.
    pub image: &'a [u8],
    /// The resolution, when known.
    pub dpi: Option<f32>,
}

/// Waits for `child` at most `timeout`, killing it after that or when `cancelled`.
fn wait_or_kill(
    child: &mut Child,
    timeout: Duration,
    cancelled: &dyn Fn() -> bool,
) -> Result<std::process::ExitStatus, String> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => return Err(format!("lost the tesseract process: {e}")),
        }
        let why = if cancelled() {
            Some("cancelled".to_owned())
        } else if start.elapsed() >= timeout {
            Some(format!(
                "tesseract took longer than {} s on this page",
                timeout.as_secs()
            ))
        } else {
            None
        };
        if let Some(why) = why {
            let _ = child.kill();
            let _ = child.wait();
            return Err(why);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// What a quick query (`--version`, `--list-langs`) prints, on stdout or stderr (older
/// versions print the version on stderr), within 20 s.
fn quick_output(program: &Path, args: &[&str]) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => INSTALL_HINT.to_owned(),
            _ => format!("cannot run {}: {e}", program.display()),
        })?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(o) = stdout.as_mut() {
            let _ = o.read_to_string(&mut s);
        }
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.read_to_string(&mut s);
        }
        s
    });
    let status = wait_or_kill(&mut child, Duration::from_secs(20), &|| false)?;
    let text = format!(
        "{}{}",
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default()
    );
    if !status.success() {
        return Err(format!("{} does not work ({status})", program.display()));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_is_the_install_hint() {
        let missing = Tesseract::find(Some(Path::new("/nonexistent/tesseract")));
        assert_eq!(missing, Err(INSTALL_HINT.to_owned()));
    }

    #[cfg(unix)]
    #[test]
    fn a_program_that_hangs_is_killed_at_the_time_limit() {
        let sleeper = Tesseract {
            program: PathBuf::from("sleep"),
            version: String::new(),
            languages: vec!["eng".to_owned()],
            has_osd: false,
        };
        let start = Instant::now();
        let page = PageFile {
            image: b"P5\n1 1\n255\n\xff",
            dpi: None,
        };
        let got = sleeper.run(
            &["30".to_owned()],
            &page,
            Duration::from_millis(200),
            &|| false,
        );
        assert!(got.is_err_and(|e| e.contains("longer than")));
        assert!(start.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn the_turn_is_read_from_the_orientation_report_when_sure() {
        let report = "Page number: 0\nOrientation in degrees: 270\nRotate: 90\n\
                      Orientation confidence: 15.81\nScript: Latin\nScript confidence: 18.21\n";
        assert_eq!(parse_rotation(report), Some(90));
        let unsure = report.replace("15.81", "0.40");
        assert_eq!(parse_rotation(&unsure), None);
        let upright = report.replace("Rotate: 90", "Rotate: 0");
        assert_eq!(parse_rotation(&upright), None);
        assert_eq!(parse_rotation("garbage"), None);
        assert_eq!(parse_script(report).as_deref(), Some("Latin"));
        assert_eq!(parse_script(&report.replace("18.21", "0.50")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_program_printing_garbage_is_a_reason() {
        let echo = Tesseract {
            program: PathBuf::from("echo"),
            version: String::new(),
            languages: vec!["eng".to_owned()],
            has_osd: false,
        };
        let page = PageFile {
            image: b"P5\n1 1\n255\n\xff",
            dpi: None,
        };
        let got = echo.read_page(&page, "eng", Duration::from_secs(10), &|| false);
        assert!(got.is_err_and(|e| e.contains("no TSV")));
    }
}

//! Pages drawn on a worker thread: the reader asks for the pages it shows, the worker
//! draws the most recently asked first (pages scrolled past are dropped from the queue)
//! and hands the pixels back through a channel, waking the window. A PDF page is drawn on
//! a thread of its own (hayro cannot be stopped): one slow to draw is set aside after
//! [`PATIENCE`] when other pages are wanted, and handed back when done, or with the reason
//! once it has taken the time one file may take to read.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crate::corpus::LoadOptions;
use crate::corpus::formats::budget::{DEFAULT_READ_BUDGET, read_budget_from_env};
use crate::corpus::raster::{Drawing, PdfPages, Pixels, decode_image, too_slow_to_draw};

/// The most pixels one page is drawn with for the screen (a Letter page at 4x is 7.8
/// million); a larger page is drawn at a lower scale.
pub const SCREEN_MAX_PIXELS: u64 = 8_000_000;

/// What a page is drawn from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Source {
    Pdf,
    Image,
}

/// Whose pages: the corpus folder and the document's id, a file of it or a part of one
/// (a PDF in a zip, a scan attached to an email), whose bytes
/// [`crate::corpus::document_bytes`] reads again from its container.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PagesOf {
    pub root: PathBuf,
    pub id: String,
}

/// One page to draw: which, at what scale (pixels per point).
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub of: PagesOf,
    pub source: Source,
    pub page: usize,
    pub scale: f32,
}

/// A page drawn (or why it could not be).
pub struct Drawn {
    pub of: PagesOf,
    pub page: usize,
    pub scale: f32,
    pub pixels: Result<Pixels, String>,
}

#[derive(Default)]
struct Queue {
    wanted: Vec<Request>,
    closed: bool,
}

/// The worker and its queue; dropping it ends the worker.
pub struct Renderer {
    queue: Arc<(Mutex<Queue>, Condvar)>,
    results: Receiver<Drawn>,
    /// Pages asked for and not yet back: (page, scale bits).
    in_flight: HashSet<(usize, u32)>,
}

impl Renderer {
    /// Starts the worker; `wake` is called when a page is ready (the window repaints).
    pub fn start(wake: impl Fn() + Send + 'static) -> Self {
        let queue: Arc<(Mutex<Queue>, Condvar)> = Arc::default();
        let (send, results) = channel();
        let worker_queue = queue.clone();
        std::thread::spawn(move || work(&worker_queue, &send, &wake));
        Self {
            queue,
            results,
            in_flight: HashSet::new(),
        }
    }

    /// Replaces what is wanted by `requests` (the pages on screen, most wanted last), less
    /// those already being drawn.
    pub fn want(&mut self, requests: Vec<Request>) {
        let fresh: Vec<Request> = requests
            .into_iter()
            .filter(|r| !self.in_flight.contains(&(r.page, r.scale.to_bits())))
            .collect();
        let (lock, wake) = &*self.queue;
        if let Ok(mut q) = lock.lock() {
            // Pages scrolled past and not started are no longer wanted.
            for old in q.wanted.drain(..) {
                self.in_flight.remove(&(old.page, old.scale.to_bits()));
            }
            for r in &fresh {
                self.in_flight.insert((r.page, r.scale.to_bits()));
            }
            q.wanted = fresh;
            wake.notify_one();
        }
    }

    /// Whether a page at this scale is asked for and not back yet.
    pub fn is_pending(&self, page: usize, scale: f32) -> bool {
        self.in_flight.contains(&(page, scale.to_bits()))
    }

    /// The pages drawn since the last call.
    pub fn drain(&mut self) -> Vec<Drawn> {
        let drawn: Vec<Drawn> = self.results.try_iter().collect();
        for d in &drawn {
            self.in_flight.remove(&(d.page, d.scale.to_bits()));
        }
        drawn
    }
}

impl Drop for Renderer {
    fn drop(&mut self) {
        let (lock, wake) = &*self.queue;
        if let Ok(mut q) = lock.lock() {
            q.closed = true;
            wake.notify_one();
        }
    }
}

/// The document the worker has open (reopened only when another is asked for).
enum Open {
    None,
    Pdf(PagesOf, PdfPages),
    /// An image's first page decoded, and its bytes for the other pages of a multi-page
    /// TIFF.
    Image(PagesOf, Arc<Pixels>, Arc<Vec<u8>>),
}

/// How long a page being drawn holds the worker while newer pages are wanted; after that
/// it is set aside, drawing on, and the next page starts.
const PATIENCE: Duration = Duration::from_millis(300);
/// The most pages set aside at once: beyond, the worker waits for the page it draws.
const MAX_ASIDE: usize = 2;
/// How often the worker looks at the queue and the pages set aside while a page draws.
const POLL: Duration = Duration::from_millis(20);

/// A PDF page being drawn, and what was asked.
struct Pending {
    request: Request,
    drawing: Drawing,
}

/// The worker's side: where drawn pages go, and how long one may take.
struct Outbox<'a> {
    send: &'a Sender<Drawn>,
    wake: &'a dyn Fn(),
    /// The time one file may take to read: a page drawing for longer is given up on.
    budget: Duration,
}

impl Outbox<'_> {
    /// Hands a page back; false once the window is gone.
    fn deliver(&self, request: Request, pixels: Result<Pixels, String>) -> bool {
        let drawn = Drawn {
            of: request.of,
            page: request.page,
            scale: request.scale,
            pixels,
        };
        let sent = self.send.send(drawn).is_ok();
        (self.wake)();
        sent
    }

    /// The page, when it is drawn or over the budget (then the reason); `None` meanwhile.
    fn outcome(&self, pending: &Pending, wait: Duration) -> Option<Result<Pixels, String>> {
        match pending.drawing.wait(wait) {
            Some(pixels) => Some(pixels.map_err(|e| e.to_string())),
            None if pending.drawing.elapsed() >= self.budget => {
                Some(Err(too_slow_to_draw(self.budget).to_string()))
            }
            None => None,
        }
    }

    /// Hands back the pages set aside that are done (or over the budget).
    fn settle(&self, aside: &mut Vec<Pending>) -> bool {
        let mut open = true;
        let mut kept = Vec::with_capacity(aside.len());
        for pending in aside.drain(..) {
            match self.outcome(&pending, Duration::ZERO) {
                Some(pixels) => open &= self.deliver(pending.request, pixels),
                None => kept.push(pending),
            }
        }
        *aside = kept;
        open
    }
}

fn work(queue: &(Mutex<Queue>, Condvar), send: &Sender<Drawn>, wake: &dyn Fn()) {
    let outbox = Outbox {
        send,
        wake,
        budget: read_budget_from_env().unwrap_or(DEFAULT_READ_BUDGET),
    };
    let mut open = Open::None;
    // Pages slow to draw set aside while newer ones are drawn: hayro cannot be stopped.
    let mut aside: Vec<Pending> = Vec::new();
    loop {
        if !outbox.settle(&mut aside) {
            return;
        }
        let wait = (!aside.is_empty()).then_some(POLL);
        let Some(next) = next_request(queue, wait) else {
            return;
        };
        let Some(request) = next else { continue };
        let pending = match start(&mut open, &request) {
            Started::Done(pixels) => {
                if !outbox.deliver(request, pixels) {
                    return;
                }
                continue;
            }
            Started::Drawing(drawing) => Pending { request, drawing },
        };
        loop {
            if let Some(pixels) = outbox.outcome(&pending, POLL) {
                if !outbox.deliver(pending.request, pixels) {
                    return;
                }
                break;
            }
            if !outbox.settle(&mut aside) {
                return;
            }
            if pending.drawing.elapsed() >= PATIENCE && aside.len() < MAX_ASIDE && is_wanted(queue)
            {
                aside.push(pending);
                break;
            }
        }
    }
}

/// The newest page wanted, waiting for one at most `wait` (`None`: until there is one);
/// `Some(None)` when none came in time, `None` once the renderer is dropped.
fn next_request(
    queue: &(Mutex<Queue>, Condvar),
    wait: Option<Duration>,
) -> Option<Option<Request>> {
    let (lock, cond) = queue;
    let mut q = lock.lock().ok()?;
    loop {
        if q.closed {
            return None;
        }
        if let Some(r) = q.wanted.pop() {
            return Some(Some(r));
        }
        q = match wait {
            None => cond.wait(q).ok()?,
            Some(wait) => {
                let (q, timeout) = cond.wait_timeout(q, wait).ok()?;
                if timeout.timed_out() && !q.closed && q.wanted.is_empty() {
                    return Some(None);
                }
                q
            }
        };
    }
}

/// Whether a page is waiting to be drawn.
fn is_wanted(queue: &(Mutex<Queue>, Condvar)) -> bool {
    queue.0.lock().is_ok_and(|q| !q.wanted.is_empty())
}

/// A page drawn at once (an image, or why it cannot be), or a PDF page being drawn.
enum Started {
    Done(Result<Pixels, String>),
    Drawing(Drawing),
}

/// The page `r` asks for, drawn (an image) or started (a PDF page, on a thread of its
/// own), the document opened first if it is not.
fn start(open: &mut Open, r: &Request) -> Started {
    let same = match open {
        Open::Pdf(of, _) | Open::Image(of, ..) => *of == r.of,
        Open::None => false,
    };
    if !same {
        *open = Open::None;
        match reopen(r) {
            Ok(opened) => *open = opened,
            Err(why) => return Started::Done(Err(why)),
        }
    }
    Started::Done(match open {
        Open::Pdf(_, pages) => {
            return Started::Drawing(pages.start_drawing(
                r.page,
                72.0 * r.scale,
                SCREEN_MAX_PIXELS,
            ));
        }
        Open::Image(_, image, _) if r.page == 0 => Ok(scaled(image, r.scale)),
        Open::Image(_, _, bytes) => later_page(bytes, r.page).map(|p| scaled(&p, r.scale)),
        Open::None => Err("nothing to draw".to_owned()),
    })
}

/// The document of `r` opened: a PDF, or an image's first page decoded.
fn reopen(r: &Request) -> Result<Open, String> {
    let bytes = crate::corpus::document_bytes(&r.of.root, &r.of.id, &LoadOptions::default())
        .map_err(|e| format!("cannot read the file: {e}"))?;
    Ok(match r.source {
        Source::Pdf => Open::Pdf(
            r.of.clone(),
            PdfPages::open(Arc::new(bytes)).map_err(|e| e.to_string())?,
        ),
        Source::Image => Open::Image(
            r.of.clone(),
            Arc::new(
                decode_image(&bytes, crate::corpus::raster::OCR_MAX_PIXELS)
                    .map_err(|e| e.to_string())?,
            ),
            Arc::new(bytes),
        ),
    })
}

/// Page `page` (from 1) of a multi-page TIFF, in grey as OCR reads it (the pages after
/// the first, which `image` does not read, are decoded by the reader OCR uses).
fn later_page(bytes: &Arc<Vec<u8>>, page: usize) -> Result<Pixels, String> {
    let grey = crate::corpus::ocr::pages::draw(crate::corpus::Format::Image, bytes, page)
        .map_err(|e| e.to_string())?;
    Ok(Pixels {
        width: grey.width,
        height: grey.height,
        rgba: grey.luma.iter().flat_map(|&l| [l, l, l, 255]).collect(),
    })
}

/// An image at `scale` (1 px = 1 pt), never larger than itself nor the pixel bound.
fn scaled(image: &Pixels, scale: f32) -> Pixels {
    let size = crate::corpus::PageSize {
        width: image.width as f32,
        height: image.height as f32,
    };
    let scale =
        crate::corpus::raster::bounded_scale(size, 72.0 * scale, SCREEN_MAX_PIXELS).min(1.0);
    let width = ((image.width as f32 * scale).round() as u32).max(1);
    let height = ((image.height as f32 * scale).round() as u32).max(1);
    if width == image.width && height == image.height {
        return image.clone();
    }
    match image::RgbaImage::from_raw(image.width, image.height, image.rgba.clone()) {
        Some(full) => {
            let small = image::imageops::resize(
                &full,
                width,
                height,
                image::imageops::FilterType::Triangle,
            );
            Pixels {
                width,
                height,
                rgba: small.into_raw(),
            }
        }
        None => image.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_of_a_multi_page_tiff_is_its_own() {
        // Three frames, each of one grey: black, mid-grey, white.
        let mut tiff = Vec::new();
        let mut encoder =
            tiff::encoder::TiffEncoder::new(std::io::Cursor::new(&mut tiff)).expect("encoder");
        for grey in [0u8, 128, 255] {
            encoder
                .write_image::<tiff::encoder::colortype::Gray8>(4, 3, &[grey; 12])
                .expect("frame");
        }
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("fax.tiff"), &tiff).expect("write");
        let of = PagesOf {
            root: dir.path().to_path_buf(),
            id: "fax.tiff".to_owned(),
        };
        let mut open = Open::None;
        for (page, grey) in [(1, 128), (0, 0), (2, 255)] {
            let request = Request {
                of: of.clone(),
                source: Source::Image,
                page,
                scale: 1.0,
            };
            let Started::Done(drawn) = start(&mut open, &request) else {
                panic!("an image is drawn at once")
            };
            let drawn = drawn.expect("drawn");
            assert_eq!((drawn.width, drawn.height), (4, 3));
            assert_eq!(&drawn.rgba[..4], &[grey, grey, grey, 255], "page {page}");
        }
    }
}

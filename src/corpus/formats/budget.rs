//! The time one document may take to read, so that no file can stall a folder load.
//!
//! Two mechanisms, because neither is enough alone:
//! - **its own thread** ([`extract_within`]): the loader waits for a reader at most the
//!   budget, then reports the file as [`SkipReason::TooSlow`] and moves on, abandoning the
//!   thread. Whatever a third-party parser does (a quadratic loop in an HTML cleaner, a
//!   PDF whose drawings expand exponentially), the load goes on.
//! - **cooperative checks** ([`Budget::is_spent`]): readers that can look at the clock
//!   while they work (the PDF reader does for every glyph it collects) stop by themselves
//!   once the budget is spent or the waiting side has given up, so that an abandoned
//!   thread does not go on using a core for minutes. What a reader cannot check is bounded
//!   before it runs (the PDF reader refuses drawings that expand beyond a fixed count).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::Extracted;
use crate::corpus::SkipReason;
use crate::corpus::document::Format;

/// How long one document may take to read by default.
pub const DEFAULT_READ_BUDGET: Duration = Duration::from_secs(10);

/// The environment variable that sets the budget in seconds (e.g. `30` or `2.5`) for the
/// window and the command line; unset or unreadable: [`DEFAULT_READ_BUDGET`].
pub const READ_BUDGET_VARIABLE: &str = "DOSSIER_READ_BUDGET_SECS";

/// The budget the environment asks for, if it asks for a usable one.
pub fn read_budget_from_env() -> Option<Duration> {
    parse_seconds(&std::env::var(READ_BUDGET_VARIABLE).ok()?)
}

/// "30" or "2.5" as a duration; `None` for anything else, zero and negatives included.
fn parse_seconds(value: &str) -> Option<Duration> {
    let secs: f64 = value.trim().parse().ok()?;
    if secs > 0.0 {
        Duration::try_from_secs_f64(secs).ok()
    } else {
        None
    }
}

/// A reader's allowance of time: a deadline, and a flag the waiting side sets when it gives
/// up. Cheap to clone (the flag is shared).
#[derive(Clone, Debug)]
pub struct Budget {
    limit: Duration,
    /// `None` when the limit is too far away to be a point in time.
    deadline: Option<Instant>,
    abandoned: Arc<AtomicBool>,
}

impl Budget {
    /// A budget of `limit` from now.
    pub fn starting_now(limit: Duration) -> Self {
        Self {
            limit,
            deadline: Instant::now().checked_add(limit),
            abandoned: Arc::new(AtomicBool::new(false)),
        }
    }

    /// True once the deadline has passed or the result is no longer wanted. Reads the
    /// clock: call it every few thousand steps, and [`Budget::is_abandoned`] in between.
    pub fn is_spent(&self) -> bool {
        self.is_abandoned() || self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// True once the waiting side has given up on the result (one atomic load).
    pub fn is_abandoned(&self) -> bool {
        self.abandoned.load(Ordering::Relaxed)
    }

    /// Why a reader that ran out of this budget gives up.
    pub fn too_slow(&self) -> SkipReason {
        SkipReason::TooSlow { limit: self.limit }
    }

    fn abandon(&self) {
        self.abandoned.store(true, Ordering::Relaxed);
    }
}

/// Reads `bytes` as `format` on a thread of its own and waits at most `limit` for it: a
/// reader still busy then is abandoned (told to stop, and its result dropped when it does)
/// and the file is reported as [`SkipReason::TooSlow`].
///
/// If no thread can be started (the system is out of them), the file is read on the
/// calling thread, with only the cooperative checks.
pub fn extract_within(
    format: Format,
    bytes: Vec<u8>,
    limit: Duration,
) -> Result<Extracted, SkipReason> {
    let budget = Budget::starting_now(limit);
    let (sender, receiver) = mpsc::sync_channel(1);
    let reader_budget = budget.clone();
    // Shared with the thread: kept here too, for the fallback when it cannot start.
    let bytes = Arc::new(bytes);
    let reader_bytes = Arc::clone(&bytes);
    let spawned = std::thread::Builder::new()
        .name(format!("dossier-read-{}", format.label()))
        .spawn(move || {
            let result = super::extract_with(format, &reader_bytes, &reader_budget);
            // The loader may have stopped waiting: then nobody hears this, which is fine.
            let _ = sender.send(result);
        });
    if spawned.is_err() {
        return super::extract_with(format, &bytes, &budget);
    }
    match receiver.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            budget.abandon();
            Err(budget.too_slow())
        }
        // Readers never panic past the formats' guard; if one did, the file is damaged.
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(SkipReason::Damaged(format!(
            "damaged {}: the reader stopped unexpectedly",
            format.label()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_variable_takes_seconds_and_ignores_nonsense() {
        assert_eq!(parse_seconds("30"), Some(Duration::from_secs(30)));
        assert_eq!(parse_seconds(" 2.5 "), Some(Duration::from_millis(2500)));
        for bad in ["", "0", "-1", "ten", "NaN", "inf", "1e400"] {
            assert_eq!(parse_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_budget_too_long_to_be_a_deadline_never_runs_out() {
        let budget = Budget::starting_now(Duration::MAX);
        assert!(!budget.is_spent());
        budget.abandon();
        assert!(budget.is_spent() && budget.is_abandoned());
    }

    #[test]
    fn a_quick_reader_returns_its_result_through_its_thread() {
        let page = b"<p>Hello</p>".to_vec();
        let direct = super::super::extract(Format::Html, &page);
        let r = extract_within(Format::Html, page, Duration::from_secs(60));
        assert_eq!(r, direct);
        assert_eq!(r.map(|e| e.text.trim().to_owned()), Ok("Hello".to_owned()));
    }
}

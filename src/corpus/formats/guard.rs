//! The last line of defence around third-party parsers: a panic inside a reader becomes a
//! [`SkipReason::Damaged`] for that one file instead of tearing down a parallel load.
//!
//! Parsers of hostile formats (PDF above all) are written with `unwrap()` in places; we
//! cannot fix them all, so we catch the unwind. The default panic hook would still print a
//! message and a backtrace hint to stderr for every damaged file; a wrapping hook stays
//! quiet on threads that are inside [`shielded`] and defers to the previous hook
//! everywhere else, so real bugs elsewhere are still reported as before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use crate::corpus::SkipReason;

thread_local! {
    static SHIELDED: Cell<u32> = const { Cell::new(0) };
}

static INSTALL_HOOK: Once = Once::new();

fn install_quiet_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if SHIELDED.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}

/// Runs `read` and turns a panic inside it into `SkipReason::Damaged` ("damaged
/// {what}: the reader failed (...)"). Results, including errors, pass through unchanged.
pub fn shielded<T>(
    what: &str,
    read: impl FnOnce() -> Result<T, SkipReason>,
) -> Result<T, SkipReason> {
    install_quiet_hook();
    SHIELDED.with(|s| s.set(s.get() + 1));
    let outcome = panic::catch_unwind(AssertUnwindSafe(read));
    SHIELDED.with(|s| s.set(s.get().saturating_sub(1)));
    outcome.unwrap_or_else(|payload| {
        Err(SkipReason::Damaged(format!(
            "damaged {what}: the reader failed ({})",
            crate::text::shorten(&panic_message(payload.as_ref()), 120)
        )))
    })
}

/// The message a panic was raised with ("unknown error" if it carried no text).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_damaged_file() {
        let r: Result<(), SkipReason> = shielded("PDF", || panic!("index out of bounds"));
        match r {
            Err(SkipReason::Damaged(msg)) => {
                assert!(msg.starts_with("damaged PDF"), "{msg}");
                assert!(msg.contains("index out of bounds"), "{msg}");
            }
            other => panic!("expected Damaged, got {other:?}"),
        }
    }

    #[test]
    fn results_pass_through() {
        assert_eq!(shielded("PDF", || Ok::<_, SkipReason>(3)), Ok(3));
        assert_eq!(
            shielded::<()>("PDF", || Err(SkipReason::Encrypted)),
            Err(SkipReason::Encrypted)
        );
    }
}

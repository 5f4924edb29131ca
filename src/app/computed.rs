//! A value the window computes on a worker thread (a network, a timeline) from inputs that
//! change now and then (a new entity index, another filter): asked for every frame, it is
//! computed once per key, never on the UI thread, and the last value stays on screen while
//! the next one is computed.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// A shared value as part of a cache key: equal only to the same allocation (a new index
/// or new mentions are another value even when equal), and held, so that what it points to
/// cannot be freed and replaced at the same address while the key stands.
#[derive(Debug)]
pub struct Same<T>(pub Option<Arc<T>>);

impl<T> Clone for Same<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

pub struct Computed<K, V> {
    /// The key of the value shown.
    key: Option<K>,
    value: Option<Arc<V>>,
    /// A computation under way, for its key.
    job: Option<(K, Receiver<V>)>,
}

impl<K, V> Default for Computed<K, V> {
    fn default() -> Self {
        Self {
            key: None,
            value: None,
            job: None,
        }
    }
}

impl<K: Clone + PartialEq + Send + 'static, V: Send + 'static> Computed<K, V> {
    /// The value for `key`: the latest finished one (possibly for an older key while the
    /// new one is computed). Only when `key` is new, `prepare` runs (on this thread: it
    /// gathers what the work needs) and the work it returns runs on a worker thread.
    pub fn get<W: FnOnce() -> V + Send + 'static>(
        &mut self,
        key: K,
        ctx: &egui::Context,
        prepare: impl FnOnce() -> W,
    ) -> Option<&Arc<V>> {
        if let Some((job_key, rx)) = &self.job
            && let Ok(value) = rx.try_recv()
        {
            self.key = Some(job_key.clone());
            self.value = Some(Arc::new(value));
            self.job = None;
        }
        let current = self.key.as_ref() == Some(&key);
        let running = self.job.as_ref().is_some_and(|(k, _)| *k == key);
        if !current && !running {
            let compute = prepare();
            let (tx, rx) = channel();
            let ctx = ctx.clone();
            std::thread::spawn(move || {
                // The receiver is gone when the view was dropped meanwhile: nothing to show.
                // (A panic here is a bug; the view then keeps its last value.)
                if tx.send(compute()).is_ok() {
                    ctx.request_repaint();
                }
            });
            self.job = Some((key, rx));
        }
        self.value.as_ref()
    }

    /// The key of the value [`Computed::get`] last returned, if any.
    pub fn key(&self) -> Option<&K> {
        self.key.as_ref()
    }

    /// True while a value is being computed.
    pub fn pending(&self) -> bool {
        self.job.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_value_in_a_key_is_the_same_only_as_itself() {
        let a = Arc::new(vec![1, 2]);
        let equal = Arc::new(vec![1, 2]);
        assert_eq!(Same(Some(a.clone())), Same(Some(a.clone())));
        assert_ne!(Same(Some(a.clone())), Same(Some(equal)));
        assert_ne!(Same(Some(a)), Same(None));
        assert_eq!(Same::<Vec<i32>>(None), Same(None));
    }
}

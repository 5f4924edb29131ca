//! A value the window computes on a worker thread (a network, a timeline) from inputs that
//! change now and then (a new entity index, another filter): asked for every frame, it is
//! computed once per key, never on the UI thread, and the last value stays on screen while
//! the next one is computed.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

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

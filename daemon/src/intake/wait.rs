//! Waiting for a decision (`Prefer: wait=N` on `analyse`): the worker that
//! records a decision wakes the requests waiting for that item in this
//! process. A decision recorded by another replica cannot wake us, so a
//! waiter also re-reads the store with a growing backoff (50 ms doubling to
//! 1 s). Nothing spins. When the process shuts down, waits end early and
//! the request answers with the pending item.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::store::{Store, StoreResult, StoredItem};
use modd_common::ItemStatus;

/// Requests waiting for items of this process, by item id.
#[derive(Default)]
pub struct Waiters {
    waiting: Mutex<HashMap<i64, Vec<oneshot::Sender<()>>>>,
    /// Cancelled when the listener closes (`crate::serve::drain`).
    cutoff: CancellationToken,
}

impl Waiters {
    /// Waiters whose waits end when `cutoff` is cancelled.
    pub fn with_cutoff(cutoff: CancellationToken) -> Self {
        Self {
            waiting: Mutex::default(),
            cutoff,
        }
    }

    /// Wakes everyone waiting for `item_id` (called after the decision is stored).
    pub fn notify(&self, item_id: i64) {
        let senders = match self.waiting.lock() {
            Ok(mut w) => w.remove(&item_id),
            Err(_) => None,
        };
        for s in senders.into_iter().flatten() {
            let _ = s.send(());
        }
    }

    fn register(&self, item_id: i64) -> oneshot::Receiver<()> {
        let (tx, rx) = oneshot::channel();
        if let Ok(mut w) = self.waiting.lock() {
            w.entry(item_id).or_default().push(tx);
        }
        rx
    }

    /// Drops senders whose waiter gave up, so the map does not grow.
    fn forget(&self, item_id: i64) {
        if let Ok(mut w) = self.waiting.lock()
            && let Some(v) = w.get_mut(&item_id)
        {
            v.retain(|s| !s.is_closed());
            if v.is_empty() {
                w.remove(&item_id);
            }
        }
    }

    /// Number of items someone waits for (for tests and metrics).
    pub fn len(&self) -> usize {
        self.waiting.lock().map_or(0, |w| w.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The item once it is no longer pending, or `None` after `timeout`.
    pub async fn wait(
        &self,
        store: &dyn Store,
        item_id: i64,
        timeout: Duration,
    ) -> StoreResult<Option<StoredItem>> {
        let deadline = Instant::now() + timeout;
        let mut backoff = Duration::from_millis(50);
        let result = loop {
            // Register before reading, so a decision stored in between still wakes us.
            let mut woken = self.register(item_id);
            match store.get_item(item_id).await? {
                Some(item) if item.status != ItemStatus::Pending => break Some(item),
                None => break None,
                Some(_) => {}
            }
            let now = Instant::now();
            if now >= deadline || self.cutoff.is_cancelled() {
                break None;
            }
            let sleep = backoff.min(deadline - now);
            tokio::select! {
                _ = &mut woken => {}
                _ = tokio::time::sleep(sleep) => {}
                _ = self.cutoff.cancelled() => {}
            }
            backoff = (backoff * 2).min(Duration::from_secs(1));
        };
        self.forget(item_id);
        Ok(result)
    }
}

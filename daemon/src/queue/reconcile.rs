//! The reconciler: re-enqueues pending rows that have no live job, so work
//! lost by a queue (restart, flush, outage) is always finished. It offers
//! every pending id; the queue skips ids it already holds (queued, delayed or
//! in flight), so a live job is never doubled. Several processes may run it.

use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;

use super::JobQueue;
use crate::store::Store;

/// How many pending ids one pass reads.
const PAGE: i64 = 1000;
/// Do not feed more while the queue already holds this much.
const HIGH_WATER: u64 = 2000;

/// Runs until `shutdown`: one pass immediately (this is what recovers work
/// after a restart), then one every `every`.
pub fn spawn_reconciler(
    store: Arc<dyn Store>,
    queue: Arc<dyn JobQueue>,
    every: Duration,
    shutdown: CancellationToken,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut cursor = 0i64;
        loop {
            match pass(&*store, &*queue, cursor).await {
                Ok(next) => cursor = next,
                Err(e) => tracing::warn!(error = %e, "reconciler pass failed"),
            }
            // A full page means more may be waiting: go again soon.
            let pause = if cursor > 0 {
                Duration::from_millis(50)
            } else {
                every
            };
            tokio::select! {
                _ = shutdown.cancelled() => return,
                _ = tokio::time::sleep(pause) => {}
            }
        }
    })
}

/// One page of pending ids after `cursor`; returns the next cursor (0 = wrapped).
async fn pass(store: &dyn Store, queue: &dyn JobQueue, cursor: i64) -> anyhow::Result<i64> {
    if queue.stats().await?.depth >= HIGH_WATER {
        return Ok(cursor);
    }
    let ids = store.pending_item_ids(cursor, PAGE).await?;
    if !ids.is_empty() {
        queue.enqueue(&ids).await?;
    }
    Ok(match ids.last() {
        Some(&last) if ids.len() as i64 == PAGE => last,
        _ => 0,
    })
}

/// Offers every pending id to the queue once (ignoring the high-water mark);
/// returns how many pending ids it saw. For tests and tools.
pub async fn reconcile_once(store: &dyn Store, queue: &dyn JobQueue) -> anyhow::Result<usize> {
    let mut cursor = 0;
    let mut seen = 0;
    loop {
        let ids = store.pending_item_ids(cursor, PAGE).await?;
        seen += ids.len();
        if !ids.is_empty() {
            queue.enqueue(&ids).await?;
        }
        match ids.last() {
            Some(&last) if ids.len() as i64 == PAGE => cursor = last,
            _ => return Ok(seen),
        }
    }
}

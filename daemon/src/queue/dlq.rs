//! Operator actions on the dead-letter queue, shared by the admin API: retry
//! one or all (the item goes back to `pending` and into the queue) and purge.
//!
//! Order matters for durability: the item is made pending and offered to the
//! queue *before* its dead letter is deleted, so a crash in between leaves a
//! stale dead letter (harmless: retrying it again finds the item no longer
//! in `error`), never an item stuck in `error` with no record of why.

use super::{DeadLetter, JobQueue, QueueError};
use crate::store::{Store, StoreError};

/// Dead letters handled per page by [`retry_all`].
const PAGE: usize = 500;

#[derive(Debug, thiserror::Error)]
pub enum DlqError {
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What retrying one dead letter did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Retried {
    /// The item was in `error`; it is pending again and queued.
    Requeued(DeadLetter),
    /// The item is no longer in `error` (decided, erased or already
    /// retried): the dead letter was only removed.
    Dropped(DeadLetter),
}

/// Retries the dead letter `id`; `None` when there is no such dead letter.
pub async fn retry(
    store: &dyn Store,
    queue: &dyn JobQueue,
    id: &str,
) -> Result<Option<Retried>, DlqError> {
    let Some(dead) = queue.dlq_get(id).await? else {
        return Ok(None);
    };
    retry_one(store, queue, dead).await.map(Some)
}

async fn retry_one(
    store: &dyn Store,
    queue: &dyn JobQueue,
    dead: DeadLetter,
) -> Result<Retried, DlqError> {
    let requeued = store.requeue_errored(dead.item_id).await?;
    if requeued {
        // A failed enqueue is not an error here: the item is pending, so the
        // reconciler offers it again within seconds.
        if let Err(e) = queue.enqueue(&[dead.item_id]).await {
            tracing::warn!(item_id = dead.item_id, error = %e, "requeued item not enqueued yet; the reconciler will");
        }
    }
    queue.dlq_delete(&dead.id).await?;
    Ok(if requeued {
        Retried::Requeued(dead)
    } else {
        Retried::Dropped(dead)
    })
}

/// Retries every dead letter present when it starts; returns (requeued, dropped).
pub async fn retry_all(store: &dyn Store, queue: &dyn JobQueue) -> Result<(u64, u64), DlqError> {
    // Jobs that fail again while this runs land behind the cursor; the
    // cut-off keeps them for the next run instead of looping forever.
    let started = chrono::Utc::now();
    let (mut requeued, mut dropped) = (0, 0);
    let mut after: Option<String> = None;
    loop {
        let page = queue.dlq_list(after.as_deref(), PAGE).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.clone());
        for dead in page {
            if dead.failed_at > started {
                return Ok((requeued, dropped));
            }
            match retry_one(store, queue, dead).await? {
                Retried::Requeued(_) => requeued += 1,
                Retried::Dropped(_) => dropped += 1,
            }
        }
    }
    Ok((requeued, dropped))
}

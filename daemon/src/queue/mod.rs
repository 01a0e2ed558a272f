//! The work queue between intake and workers.
//!
//! The queue only carries work; the database row is the record of truth.
//! Anything the queue loses (a crash, a flush) is found again by the
//! reconciler, which re-enqueues pending rows, and processing is idempotent.

mod local;
mod reconcile;

pub use local::LocalQueue;
pub use reconcile::spawn_reconciler;

use async_trait::async_trait;
use std::time::Duration;

/// One unit of work: moderate this item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub item_id: i64,
    /// 1 on the first delivery.
    pub attempt: u32,
}

/// Queue occupancy, for `/metrics` and `/ready`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Waiting to be picked up (including delayed retries).
    pub depth: u64,
    /// Picked up, not yet acknowledged.
    pub in_flight: u64,
}

/// A queue failure.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("queue unavailable: {0}")]
    Unavailable(String),
}

/// Carries item ids from intake to workers.
#[async_trait]
pub trait JobQueue: Send + Sync + 'static {
    /// `local` or `redis`.
    fn kind(&self) -> &'static str;

    /// Adds work. Ids already queued or in flight are not added twice.
    async fn enqueue(&self, item_ids: &[i64]) -> Result<(), QueueError>;

    /// The next job, waiting at most `wait`; `None` when there was none.
    async fn next(&self, wait: Duration) -> Result<Option<Job>, QueueError>;

    /// The job is done (whatever its outcome): forget it.
    async fn ack(&self, job: &Job) -> Result<(), QueueError>;

    /// Gives the job back to be delivered again after `delay`, attempt + 1.
    async fn retry(&self, job: &Job, delay: Duration) -> Result<(), QueueError>;

    async fn stats(&self) -> Result<QueueStats, QueueError>;

    /// Whether the queue can take work now, for `/ready`.
    async fn ping(&self) -> Result<(), QueueError>;
}

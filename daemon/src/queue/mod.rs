//! The work queue between intake and workers.
//!
//! The queue only carries work; the database row is the record of truth.
//! Anything the queue loses (a crash, a flush, an outage) is found again by
//! the reconciler, which re-enqueues pending rows, and processing is
//! idempotent. Two implementations pass one conformance suite
//! (`daemon/tests/queue_conformance/`): [`LocalQueue`] in process memory and
//! [`RedisStreamQueue`] on a Redis stream with a consumer group.

pub mod dlq;
mod local;
mod reconcile;
mod stream;

pub use local::LocalQueue;
pub use reconcile::{reconcile_once, spawn_reconciler};
pub use stream::RedisStreamQueue;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use std::time::Duration;

use crate::observe::traces::TraceParent;

/// One delivery of one unit of work: moderate this item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub item_id: i64,
    /// 1 on the first delivery; every retry and every reclaim after a
    /// worker died or stalled adds one.
    pub attempt: u32,
    /// Which delivery this is, for `ack`/`retry`/`dead_letter`: the stream
    /// entry id on Redis. Opaque to callers.
    pub token: String,
    /// The trace the item was accepted in, when traces are exported: the
    /// worker's span joins it.
    pub trace: Option<TraceParent>,
}

/// Queue occupancy and counters, for `/metrics`, `/ready` and the admin API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    /// Waiting to be picked up now.
    pub depth: u64,
    /// Retries waiting for their backoff to pass.
    pub delayed: u64,
    /// Picked up, not yet acknowledged.
    pub in_flight: u64,
    /// Entries in the dead-letter queue.
    pub dead_letters: u64,
    /// Retries scheduled since the queue was created (queue-wide on Redis).
    pub retries_total: u64,
    /// Jobs dead-lettered since the queue was created.
    pub dead_lettered_total: u64,
    /// Jobs taken over from a worker that held them past the visibility timeout.
    pub reclaimed_total: u64,
}

/// A job that ran out of attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLetter {
    /// `<millis>-<seq>`, like a Redis stream id; ascending in time.
    pub id: String,
    pub item_id: i64,
    pub attempts: u32,
    pub reason: String,
    pub failed_at: DateTime<Utc>,
}

impl From<DeadLetter> for modd_common::DeadLetterView {
    fn from(d: DeadLetter) -> Self {
        Self {
            id: d.id,
            item_id: d.item_id,
            attempts: d.attempts,
            reason: d.reason,
            failed_at: d.failed_at,
        }
    }
}

/// How a queue behaves; the same for both implementations.
#[derive(Debug, Clone, Copy)]
pub struct QueueOptions {
    /// A job held this long without `ack`/`retry` is given to another worker.
    pub visibility_timeout: Duration,
    /// Dead letters kept; the oldest go first beyond this.
    pub dlq_max: u64,
}

impl Default for QueueOptions {
    fn default() -> Self {
        Self {
            visibility_timeout: Duration::from_secs(30),
            dlq_max: 100_000,
        }
    }
}

/// A queue failure.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("queue unavailable: {0}")]
    Unavailable(String),
}

/// Whether `id` looks like a dead-letter id (`<digits>-<digits>`). Checked
/// before it reaches Redis, so a bad id is a 404, never a command error.
pub fn valid_dead_letter_id(id: &str) -> bool {
    let mut parts = id.split('-');
    let digits = |p: Option<&str>| {
        p.is_some_and(|s| !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit()))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// Carries item ids from intake to workers.
#[async_trait]
pub trait JobQueue: Send + Sync + 'static {
    /// `local` or `redis`.
    fn kind(&self) -> &'static str;

    /// Adds work. Ids already queued, delayed or in flight are not added
    /// twice, so the reconciler may offer every pending id.
    async fn enqueue(&self, item_ids: &[i64]) -> Result<(), QueueError> {
        self.enqueue_traced(item_ids, None).await
    }

    /// [`JobQueue::enqueue`], the jobs carrying `trace` (the context they
    /// were accepted in) to the worker.
    async fn enqueue_traced(
        &self,
        item_ids: &[i64],
        trace: Option<&TraceParent>,
    ) -> Result<(), QueueError>;

    /// Up to `max` jobs for `consumer` (one name per worker), waiting at
    /// most `wait` for the first; empty when there was none. Returns as
    /// soon as any job is there, never waiting to fill the batch, so a lone
    /// job is not delayed. Jobs another consumer held past the visibility
    /// timeout come back here with `attempt + 1`.
    async fn next_batch(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Job>, QueueError>;

    /// One job: [`JobQueue::next_batch`] with `max` 1.
    async fn next(&self, consumer: &str, wait: Duration) -> Result<Option<Job>, QueueError> {
        Ok(self.next_batch(consumer, 1, wait).await?.into_iter().next())
    }

    /// The jobs are done (whatever their outcome): forget them, in one call.
    async fn ack_batch(&self, jobs: &[Job]) -> Result<(), QueueError>;

    /// One job done: [`JobQueue::ack_batch`] of one.
    async fn ack(&self, job: &Job) -> Result<(), QueueError> {
        self.ack_batch(std::slice::from_ref(job)).await
    }

    /// Gives the job back to be delivered again after `delay`, attempt + 1.
    async fn retry(&self, job: &Job, delay: Duration) -> Result<(), QueueError>;

    /// Moves the job to the dead-letter queue with `reason`.
    async fn dead_letter(&self, job: &Job, reason: &str) -> Result<(), QueueError>;

    /// Dead letters with an id after `after`, oldest first, at most `limit`.
    async fn dlq_list(
        &self,
        after: Option<&str>,
        limit: usize,
    ) -> Result<Vec<DeadLetter>, QueueError>;

    async fn dlq_get(&self, id: &str) -> Result<Option<DeadLetter>, QueueError>;

    /// Removes one dead letter; `false` when there was none with that id.
    async fn dlq_delete(&self, id: &str) -> Result<bool, QueueError>;

    /// Removes every dead letter; returns how many.
    async fn dlq_purge(&self) -> Result<u64, QueueError>;

    async fn stats(&self) -> Result<QueueStats, QueueError>;

    /// Whether the queue can take work now, for `/ready`.
    async fn ping(&self) -> Result<(), QueueError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dead_letter_ids_are_checked() {
        assert!(valid_dead_letter_id("1732000000000-0"));
        for bad in ["", "1", "1-", "-1", "1-2-3", "a-1", "1-1 ", "+", "$"] {
            assert!(!valid_dead_letter_id(bad), "{bad:?}");
        }
    }
}

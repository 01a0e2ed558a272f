//! Bodies of the queue and worker admin API (`/api/v1/admin/queue…`,
//! `/api/v1/admin/workers`), shared by the daemon and `modctl queue`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// `GET /api/v1/admin/queue`: occupancy and counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QueueStatsView {
    /// `local` (in-process) or `redis`.
    pub kind: String,
    /// Jobs waiting to be picked up now.
    pub depth: u64,
    /// Retries waiting for their backoff.
    pub delayed: u64,
    /// Jobs a worker holds right now.
    pub in_flight: u64,
    /// Entries in the dead-letter queue.
    pub dead_letters: u64,
    /// Retries scheduled (queue-wide on Redis, since this process started otherwise).
    pub retries_total: u64,
    pub dead_lettered_total: u64,
    /// Jobs taken over from a worker that held them past the visibility timeout.
    pub reclaimed_total: u64,
    /// Items in the database still `pending` (the record of truth).
    pub pending_items: i64,
    /// Age of the oldest pending item in seconds (0 when none).
    pub oldest_pending_seconds: f64,
    /// Workers with a fresh heartbeat.
    pub workers_alive: u64,
}

/// One dead letter: a job that ran out of attempts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeadLetterView {
    /// `<millis>-<seq>`; use it with `show`, `retry`.
    pub id: String,
    pub item_id: i64,
    pub attempts: u32,
    pub reason: String,
    pub failed_at: DateTime<Utc>,
}

/// `POST /api/v1/admin/queue/dlq/{id}/retry`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DlqRetryView {
    pub dead_letter: DeadLetterView,
    /// `true`: the item is pending and queued again. `false`: it was no
    /// longer in `error` (decided or erased), so the dead letter was only removed.
    pub requeued: bool,
}

/// `POST /api/v1/admin/queue/dlq/retry-all`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DlqRetryAllView {
    pub requeued: u64,
    /// Dead letters removed because their item was no longer in `error`.
    pub dropped: u64,
}

/// `DELETE /api/v1/admin/queue/dlq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DlqPurgeView {
    pub purged: u64,
}

/// `GET /api/v1/admin/workers`: one live worker, from its last heartbeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WorkerInfo {
    /// `<host>-<pid>-<n>`; also its consumer name on the Redis stream.
    pub id: String,
    pub host: String,
    pub pid: u32,
    pub started_at: DateTime<Utc>,
    pub jobs_done: u64,
    /// The item it is working on, if any.
    pub current_item: Option<i64>,
    /// Since when it works on `current_item`.
    pub current_since: Option<DateTime<Utc>>,
    /// When this heartbeat was published.
    pub seen_at: DateTime<Utc>,
}

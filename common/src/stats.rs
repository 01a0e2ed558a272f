//! `GET /api/v1/admin/stats`: the snapshot `modctl top` draws. Counters are
//! cumulative since each replica started, so a client computes rates and
//! percentiles from the difference of two snapshots, and any number of
//! clients can poll without the daemon keeping per-client state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{DeadLetterView, QueueStatsView, WorkerInfo};

/// Upper bounds (seconds) of the latency histogram buckets; one more bucket
/// counts everything above the last bound.
pub const LATENCY_BOUNDS: [f64; 18] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    60.0, 300.0, 3600.0,
];

/// A cumulative latency histogram over [`LATENCY_BOUNDS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Histogram {
    /// Per bucket (not cumulative): `counts[i]` is the number of values at
    /// most `LATENCY_BOUNDS[i]` and above the previous bound; the last entry
    /// counts values above the last bound.
    pub counts: Vec<u64>,
    pub sum_seconds: f64,
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: vec![0; LATENCY_BOUNDS.len() + 1],
            sum_seconds: 0.0,
        }
    }
}

impl Histogram {
    pub fn record(&mut self, seconds: f64) {
        let seconds = if seconds.is_finite() {
            seconds.max(0.0)
        } else {
            0.0
        };
        let i = LATENCY_BOUNDS
            .iter()
            .position(|b| seconds <= *b)
            .unwrap_or(LATENCY_BOUNDS.len());
        if let Some(c) = self.counts.get_mut(i) {
            *c += 1;
        }
        self.sum_seconds += seconds;
    }

    pub fn count(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Adds `other` bucket by bucket (replicas, or routes, into one).
    pub fn merge(&mut self, other: &Histogram) {
        if self.counts.len() < other.counts.len() {
            self.counts.resize(other.counts.len(), 0);
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        self.sum_seconds += other.sum_seconds;
    }

    /// What was recorded since `earlier` (a counter reset counts as zero).
    pub fn since(&self, earlier: &Histogram) -> Histogram {
        let counts = self
            .counts
            .iter()
            .enumerate()
            .map(|(i, c)| c.saturating_sub(earlier.counts.get(i).copied().unwrap_or(0)))
            .collect();
        Histogram {
            counts,
            sum_seconds: (self.sum_seconds - earlier.sum_seconds).max(0.0),
        }
    }

    /// The `q` quantile (0..=1), interpolated inside its bucket; `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let total = self.count();
        if total == 0 {
            return None;
        }
        let rank = (q.clamp(0.0, 1.0) * total as f64).max(1.0);
        let mut seen = 0u64;
        for (i, c) in self.counts.iter().enumerate() {
            if *c == 0 {
                continue;
            }
            if (seen + c) as f64 >= rank {
                let lower = if i == 0 { 0.0 } else { LATENCY_BOUNDS[i - 1] };
                let Some(upper) = LATENCY_BOUNDS.get(i) else {
                    return Some(lower); // above the last bound: at least that
                };
                let within = (rank - seen as f64) / *c as f64;
                return Some(lower + (upper - lower) * within);
            }
            seen += c;
        }
        LATENCY_BOUNDS.last().copied()
    }
}

/// Requests to one route (matched path and method) of one replica.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RouteStats {
    /// The matched route, e.g. `/api/v1/moderation/{id}`; `unmatched` for 404s.
    pub route: String,
    pub method: String,
    pub requests: u64,
    /// Answers with a 5xx status.
    pub errors: u64,
    /// Answers with 429.
    pub rate_limited: u64,
    pub latency: Histogram,
}

/// Decisions of one `source_app` made by one replica's workers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionStats {
    pub source_app: String,
    pub approved: u64,
    pub flagged: u64,
    pub blocked: u64,
}

/// Webhook delivery attempts of one app made by one replica.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookStats {
    pub source_app: String,
    pub delivered: u64,
    pub failed: u64,
    /// Events given up on after the last attempt.
    pub dead: u64,
    /// HTTP status of the last failed attempt (none: no answer).
    pub last_failure_status: Option<u16>,
    pub last_failure_at: Option<DateTime<Utc>>,
}

/// Database connection pool of one replica.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DbPoolStats {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
}

/// One replica (`modd serve` or `modd worker` process), cumulative since it started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReplicaStats {
    /// `<host>-<pid>-<tag>`; its workers' ids start with it.
    pub id: String,
    pub host: String,
    pub pid: u32,
    pub version: String,
    /// `serve` or `worker`.
    pub mode: String,
    /// The newest migration this replica's binary knows: replicas that
    /// disagree expect different schemas (`modctl verify`'s
    /// `deployment.schema`). `None` from a replica older than this field.
    #[serde(default)]
    pub schema: Option<i64>,
    pub started_at: DateTime<Utc>,
    pub uptime_seconds: f64,
    /// When this snapshot was taken.
    pub taken_at: DateTime<Utc>,
    pub workers_configured: u64,
    pub workers_alive: u64,
    pub db_pool: DbPoolStats,
    pub routes: Vec<RouteStats>,
    pub decisions: Vec<DecisionStats>,
    /// Time from accept to decision of the items this replica decided.
    pub decision_latency: Histogram,
    /// Job retries this replica's workers scheduled.
    pub job_retries: u64,
    pub webhooks: Vec<WebhookStats>,
    /// CPU and memory of the process (none off Linux, or from a replica
    /// older than this field).
    #[serde(default)]
    pub process: Option<ProcessStats>,
    /// Requests this replica refused with 429, by key (empty from a
    /// replica older than this field).
    #[serde(default)]
    pub rate_limited: Vec<RateLimitedStats>,
    /// Remote providers as this replica's cascade sees them (empty: none
    /// configured, or a replica older than this field).
    #[serde(default)]
    pub providers: Vec<ProviderStats>,
    /// The local image lane (none: no image classifier, or a replica older
    /// than this field).
    #[serde(default)]
    pub images: Option<ImageLaneStats>,
}

/// One remote provider of one replica: its circuit breaker now, and its
/// calls since the replica started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProviderStats {
    /// `openai` or `generic`.
    pub name: String,
    /// `closed`, `half_open` or `open`.
    pub breaker: String,
    /// Calls made or refused (breaker open, every slot busy).
    pub calls: u64,
    /// Calls that failed, refused ones included.
    pub errors: u64,
    /// Latency of the calls that went out.
    pub latency: Histogram,
}

/// The local image model's lane on one replica: its threads, what waits
/// for them now, and the images scored since the replica started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ImageLaneStats {
    /// Whether the model is loaded (without it images go elsewhere).
    pub loaded: bool,
    pub workers: u64,
    /// Images being scored now (at most `workers`).
    pub running: u64,
    /// Images waiting for a thread.
    pub queued: u64,
    pub scored: u64,
    /// Images that could not be decoded or scored.
    pub errors: u64,
    /// Decode and score time of each image.
    pub latency: Histogram,
}

/// Requests of one key (or without a valid key) refused with 429 by one replica.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RateLimitedStats {
    /// `key:<id>`; `anonymous` for requests without a valid key (limited
    /// per client address); `other` for keys past the first 100 seen.
    pub subject: String,
    /// The key's name (none for `anonymous` and `other`).
    pub name: Option<String>,
    /// The app the key is bound to; `*` for a key of several or all apps.
    pub source_app: String,
    pub refused: u64,
}

/// CPU and memory of one replica's process, read from `/proc`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProcessStats {
    /// User plus system CPU seconds since the process started; `modctl top`
    /// shows the rate between two snapshots.
    pub cpu_seconds: f64,
    pub resident_memory_bytes: u64,
}

/// A dependency's state as the serving replica sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProbeStats {
    /// `ok` or `down`.
    pub status: String,
    pub latency_ms: Option<f64>,
    pub detail: Option<String>,
}

/// Redis as the serving replica sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RedisStats {
    pub probe: ProbeStats,
    pub used_memory_bytes: Option<u64>,
    /// 0: no limit.
    pub maxmemory_bytes: Option<u64>,
}

/// The human review queue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewStats {
    /// Items waiting for a human (`flagged`).
    pub backlog: i64,
    /// Age of the oldest of them in seconds (0 when none).
    pub oldest_flagged_seconds: f64,
}

/// `GET /api/v1/admin/stats`: the whole deployment (or one replica with
/// `?replica=ID`). Shared state (queue, database, Redis, review, workers)
/// is read live; per-replica counters come from each replica's last
/// published snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct StatsView {
    pub service: String,
    pub version: String,
    /// `development` or `production`.
    pub environment: String,
    pub generated_at: DateTime<Utc>,
    /// The replica this answer is narrowed to, if any.
    pub replica: Option<String>,
    /// The replica that answered.
    pub answered_by: String,
    pub replicas: Vec<ReplicaStats>,
    pub database: ProbeStats,
    /// `None` without `REDIS_URL`.
    pub redis: Option<RedisStats>,
    /// `None` when the queue cannot be read (e.g. Redis down).
    pub queue: Option<QueueStatsView>,
    pub workers: Vec<WorkerInfo>,
    pub review: Option<ReviewStats>,
    /// The oldest dead letters (at most 50).
    pub dead_letters: Vec<DeadLetterView>,
    /// Working keys past their maximum age (their own, else
    /// `MODD_KEY_MAX_AGE`), as `name (id N)`: due for rotation.
    #[serde(default)]
    pub keys_due: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_within_buckets() {
        let mut h = Histogram::default();
        for _ in 0..100 {
            h.record(0.003); // bucket (0.0025, 0.005]
        }
        let p50 = h.quantile(0.5).unwrap_or_default();
        assert!(p50 > 0.0025 && p50 <= 0.005, "{p50}");
        assert_eq!(Histogram::default().quantile(0.5), None);
        h.record(1e9);
        assert_eq!(h.quantile(1.0), Some(3600.0));
    }

    #[test]
    fn since_and_merge_are_inverse_and_never_negative() {
        let mut a = Histogram::default();
        a.record(0.01);
        let mut b = a.clone();
        b.record(0.2);
        b.record(0.2);
        let d = b.since(&a);
        assert_eq!(d.count(), 2);
        let mut back = a.clone();
        back.merge(&d);
        assert_eq!(back.counts, b.counts);
        assert_eq!(a.since(&b).count(), 0, "a reset counts as zero");
        a.record(f64::NAN);
        assert_eq!(a.count(), 2);
    }
}

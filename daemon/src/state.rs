//! `AppState`: what every handler can reach. One `Arc`, so the clone that
//! axum makes for every extractor and middleware on every request is one
//! atomic increment, not one per field (that was 2-4 % of intake's CPU).

use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;
use std::time::Instant;

use crate::auth::KeyVerifier;
use crate::classify::Engine;
use crate::intake::Intake;
use crate::intake::wait::Waiters;
use crate::outbox::Outbox;
use crate::policy::Policies;
use crate::queue::JobQueue;
use crate::ratelimit::RateLimiter;
use crate::redis::RedisHandle;
use crate::settings::Settings;
use crate::store::Store;
use crate::worker::WorkerContext;
use crate::worker::heartbeat::Registry;

/// The shared state behind one pointer; fields are read through `Deref`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(shared: Shared) -> Self {
        Self(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Everything [`AppState`] reaches.
pub struct Shared {
    pub settings: Arc<Settings>,
    pub store: Arc<dyn Store>,
    pub queue: Arc<dyn JobQueue>,
    pub intake: Intake,
    pub keys: Arc<KeyVerifier>,
    /// Per-key and per-address limits of the API routes.
    pub limiter: Arc<dyn RateLimiter>,
    pub metrics: PrometheusHandle,
    /// `None` when this process runs no workers.
    pub workers: Option<Arc<WorkerContext>>,
    /// Configured worker count (for `/ready`).
    pub worker_count: usize,
    pub redis: Option<Arc<RedisHandle>>,
    /// The classification engine (workers and the synchronous endpoints share it).
    pub engine: Arc<Engine>,
    /// Every app's current policy, cached.
    pub policies: Arc<Policies>,
    /// Requests waiting for decisions (`Prefer: wait=N`).
    pub waiters: Arc<Waiters>,
    /// Worker heartbeats: this process's, and with Redis every process's.
    pub heartbeats: Arc<Registry>,
    pub started_at: Instant,
    /// `serve` or `worker`.
    pub mode: crate::settings::Mode,
    /// This replica's dashboard counters (`GET /api/v1/admin/stats`).
    pub stats: Arc<crate::observe::Recorder>,
    /// Items per status for `/metrics`, the settled ones cached.
    pub item_counts: Arc<crate::observe::item_counts::ItemCounts>,
    /// Review feed, webhook secrets and sender.
    pub outbox: Arc<Outbox>,
    /// Whether a shutdown has begun (`/ready` fails while draining).
    pub drain: Arc<crate::serve::drain::Drain>,
    /// The database schema against this binary (newer during a rolling deploy).
    pub schema: crate::serve::schema_skew::Skew,
}

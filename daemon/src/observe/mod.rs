//! What the daemon tells its operators about itself: Prometheus metrics
//! ([`metrics`], rendered by `GET /metrics`), logs ([`telemetry`]) and the
//! per-replica dashboard counters behind `GET /api/v1/admin/stats` and
//! `modctl top` ([`stats`]).

pub mod metrics;
pub mod stats;
pub mod telemetry;

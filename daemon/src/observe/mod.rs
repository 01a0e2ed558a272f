//! What the daemon tells its operators about itself. Events (a request, a
//! decision, a retry, a webhook attempt) are recorded once, by the
//! [`Recorder`], which feeds both Prometheus ([`metrics`], rendered by
//! `GET /metrics`) and the per-replica dashboard counters behind
//! `GET /api/v1/admin/stats` and `modctl top` ([`stats`]). Logging setup is
//! [`telemetry`], OpenTelemetry traces [`traces`]; the process's own CPU, memory and descriptors are
//! [`process`]; readiness as series for the alerts is [`readiness`]; items per
//! status, without a full scan per scrape, [`item_counts`]. The outgoing
//! lanes (remote providers, images) count their calls in a [`tally`] each.

pub mod item_counts;
pub mod metrics;
pub mod process;
pub mod readiness;
pub mod recorder;
pub mod stats;
pub mod tally;
pub mod telemetry;
pub mod traces;

pub use recorder::Recorder;

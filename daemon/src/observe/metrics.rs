//! Prometheus metrics: one process-wide recorder, rendered by `GET /metrics`.
//! Gauges that mirror state (items by status, queue depth, pool) are set at
//! scrape time, so they are never stale and cost nothing between scrapes.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Latency buckets in seconds: sub-millisecond to tens of seconds.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// Installs the recorder once per process (tests start several daemons) and
/// returns the handle that renders it.
pub fn handle() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
                .unwrap_or_else(|_| PrometheusBuilder::new());
            match builder.install_recorder() {
                Ok(h) => h,
                // Another recorder is installed (only possible in tests that
                // install their own): render an empty, private one.
                Err(_) => PrometheusBuilder::new().build_recorder().handle(),
            }
        })
        .clone()
}

/// Most distinct `source_app` label values; the rest share `other`, so a
/// client inventing app names cannot blow up the series count.
const MAX_APPS: usize = 200;
static APPS: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// The label value to use for a `source_app`.
pub fn app_label(app: &str) -> String {
    let Ok(mut guard) = APPS.lock() else {
        return "other".into();
    };
    let apps = guard.get_or_insert_with(HashSet::new);
    if apps.contains(app) {
        return app.to_owned();
    }
    if apps.len() < MAX_APPS {
        apps.insert(app.to_owned());
        return app.to_owned();
    }
    "other".into()
}

/// Sets the queue gauges at scrape time. On Redis the counters are
/// queue-wide (every process's retries and dead letters), so any process's
/// `/metrics` shows the whole picture; `modd_job_retries_total` and
/// `modd_worker_jobs_total{worker}` stay per process.
pub async fn record_queue(state: &crate::state::AppState) {
    let Ok(q) = state.queue.stats().await else {
        return;
    };
    metrics::gauge!("modd_queue_depth").set(q.depth as f64);
    metrics::gauge!("modd_queue_delayed").set(q.delayed as f64);
    metrics::gauge!("modd_queue_in_flight").set(q.in_flight as f64);
    metrics::gauge!("modd_queue_dead_letters").set(q.dead_letters as f64);
    metrics::counter!("modd_queue_retries_total").absolute(q.retries_total);
    metrics::counter!("modd_queue_dead_lettered_total").absolute(q.dead_lettered_total);
    metrics::counter!("modd_queue_reclaimed_total").absolute(q.reclaimed_total);
}

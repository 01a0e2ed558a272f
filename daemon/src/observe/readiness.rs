//! Series the alert rules need that nothing else exports, set at scrape
//! time: readiness (`modd_ready`, `modd_dependency_state`) from the same
//! report `/ready` answers with, and event counters registered at zero so
//! `rate()` and `increase()` have a series before the first event.

use crate::http::routes::ready::readiness;
use crate::state::AppState;

/// Every state a dependency can be in (`/ready`'s vocabulary).
const STATES: [&str; 4] = ["ok", "degraded", "down", "off"];

/// Counters that stay absent until their first event otherwise; an alert
/// on `increase(x[10m]) > 0` needs the zero to see the first one.
fn register_event_counters() {
    for result in ["ok", "failed"] {
        metrics::counter!("modd_webhook_attempts_total", "result" => result).increment(0);
    }
    for policy in ["per-key", "per-ip"] {
        metrics::counter!("modd_rate_limited_total", "policy" => policy).increment(0);
    }
    metrics::counter!("modd_webhook_dead_total").increment(0);
    metrics::counter!("modd_rate_limiter_errors_total").increment(0);
    metrics::counter!("modd_queue_enqueue_errors_total").increment(0);
    metrics::counter!("modd_jobs_failed_total").increment(0);
}

/// `modd_ready` (1 when `/ready` answers 200) and, per dependency, one
/// `modd_dependency_state{dependency,state}` series per state, 1 for the
/// current one: `== 1` on the state an alert cares about, whatever it was.
pub async fn record(state: &AppState) {
    register_event_counters();
    let report = readiness(state).await;
    metrics::gauge!("modd_ready").set(f64::from(u8::from(report.status != "unavailable")));
    for (dependency, check) in report.checks {
        for s in STATES {
            metrics::gauge!("modd_dependency_state", "dependency" => dependency.clone(), "state" => s)
                .set(f64::from(u8::from(check.status == s)));
        }
    }
}

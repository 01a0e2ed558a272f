//! Readiness: every dependency checked at once, under one deadline, so a
//! hung dependency makes its own check fail instead of making the answer
//! late (a load balancer's probe gives up after a few seconds). `GET /ready`
//! answers with the report; at scrape time it also becomes the series the
//! alert rules need (`modd_ready`, `modd_dependency_state`), beside event
//! counters registered at zero so `rate()` and `increase()` have a series
//! before the first event.

use modd_common::{DependencyStatus, ReadyReport};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::time::Instant;

use crate::ratelimit::LimiterStatus;
use crate::state::AppState;

/// The longest `/ready` takes to answer, whatever hangs. Above the 2 s the
/// Redis client and the queue give a probe themselves, so a slow Redis
/// reports what it is (degraded) rather than a timeout.
pub const DEADLINE: Duration = Duration::from_secs(3);

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

/// The per-dependency report `/ready` answers with; `/metrics` exports it
/// as `modd_ready` and `modd_dependency_state` for the alerts.
pub async fn readiness(state: &AppState) -> ReadyReport {
    // Draining: say so at once, before any dependency is asked, so load
    // balancers take this replica out while it still serves.
    if state.drain.is_draining() {
        return ReadyReport {
            status: "draining".into(),
            checks: BTreeMap::from([(
                "shutdown".to_owned(),
                down("draining: shutting down, still serving until the drain ends".into()),
            )]),
        };
    }
    let deadline = Instant::now() + DEADLINE;
    let late = format!("no answer within {} s", DEADLINE.as_secs());
    let (database, queue, redis, limiter) = tokio::join!(
        check(deadline, down(late.clone()), async {
            match state.store.ping().await {
                Ok(()) => None,
                Err(e) => Some(down(e.to_string())),
            }
        }),
        check(deadline, degraded(late.clone()), async {
            match state.queue.ping().await {
                Ok(()) => None,
                Err(e) => Some(degraded(format!(
                    "{e}; work is accepted and queued once it is back"
                ))),
            }
        }),
        async {
            let redis = state.redis.as_ref()?;
            Some(
                check(deadline, degraded(late.clone()), async {
                    match redis.ping().await {
                        Ok(_) => None,
                        Err(e) => Some(degraded(format!(
                            "unreachable: {}",
                            crate::redis::describe(&e)
                        ))),
                    }
                })
                .await,
            )
        },
        limiter_check(state, deadline, down(late.clone())),
    );
    let mut checks = BTreeMap::new();
    checks.insert("database".to_owned(), database);
    checks.insert(format!("queue_{}", state.queue.kind()), queue);
    if let Some(redis) = redis {
        checks.insert("redis".to_owned(), redis);
    }
    checks.insert("rate_limiter".to_owned(), limiter);
    if let Some(workers) = workers(state) {
        checks.insert("workers".to_owned(), workers);
    }
    if let Some(images) = image_model(state) {
        checks.insert("image_model".to_owned(), images);
    }
    if let Some(encoder) = encoder_model(state) {
        checks.insert("encoder_model".to_owned(), encoder);
    }
    // A rolling deploy: the schema is ahead by compatible migrations only
    // (anything else stopped the start). Ready, and saying so.
    if let Some(detail) = state.schema.describe() {
        checks.insert(
            "schema".to_owned(),
            DependencyStatus {
                status: "ok".into(),
                latency_ms: None,
                detail: Some(detail),
            },
        );
    }
    let all_up = checks.values().all(|c| c.status != "down");
    let all_ok = checks
        .values()
        .all(|c| matches!(c.status.as_str(), "ok" | "off"));
    ReadyReport {
        status: match (all_up, all_ok) {
            (true, true) => "ok",
            (true, false) => "degraded",
            (false, _) => "unavailable",
        }
        .into(),
        checks,
    }
}

/// Runs one probe until `deadline`: `ok` with its latency when it finds
/// nothing wrong (`None`), what it found, or `late` when it did not finish.
async fn check(
    deadline: Instant,
    late: DependencyStatus,
    probe: impl Future<Output = Option<DependencyStatus>>,
) -> DependencyStatus {
    let start = Instant::now();
    match tokio::time::timeout_at(deadline, probe).await {
        Ok(None) => DependencyStatus {
            status: "ok".into(),
            latency_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
            detail: None,
        },
        Ok(Some(problem)) => problem,
        Err(_) => late,
    }
}

async fn limiter_check(
    state: &AppState,
    deadline: Instant,
    late: DependencyStatus,
) -> DependencyStatus {
    let start = Instant::now();
    match tokio::time::timeout_at(deadline, state.limiter.status()).await {
        Ok(LimiterStatus::Ok(detail)) => DependencyStatus {
            status: "ok".into(),
            latency_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
            detail: Some(detail),
        },
        Ok(LimiterStatus::Degraded(detail)) => degraded(detail),
        Ok(LimiterStatus::Down(detail)) => down(detail),
        Err(_) => late,
    }
}

/// In-process facts: nothing to wait for.
fn workers(state: &AppState) -> Option<DependencyStatus> {
    if state.worker_count == 0 {
        return None;
    }
    let alive = state
        .workers
        .as_ref()
        .map_or(0, |w| w.alive.load(Ordering::Relaxed));
    Some(if alive as usize == state.worker_count {
        DependencyStatus {
            status: "ok".into(),
            latency_ms: None,
            detail: Some(format!("{alive} running")),
        }
    } else if alive > 0 {
        degraded(format!("{alive} of {} running", state.worker_count))
    } else {
        down(format!("0 of {} running", state.worker_count))
    })
}

/// `off`, never degraded or down: the model is optional (without it images
/// go to review), so its absence does not make the service degraded;
/// `modctl verify` warns about it (`images.model`).
fn image_model(state: &AppState) -> Option<DependencyStatus> {
    let s = state.engine.images()?.status();
    // The reason (it names a path) is in the log and the admin facts only.
    Some(if s.loaded {
        DependencyStatus {
            status: "ok".into(),
            latency_ms: None,
            detail: Some(format!(
                "open_nsfw {} loaded, {} worker(s)",
                s.version.unwrap_or_default(),
                s.workers
            )),
        }
    } else {
        DependencyStatus {
            status: "off".into(),
            latency_ms: None,
            detail: Some(
                "not loaded: images go to review or a remote provider (see modctl verify)".into(),
            ),
        }
    })
}

fn degraded(detail: String) -> DependencyStatus {
    DependencyStatus {
        status: "degraded".into(),
        latency_ms: None,
        detail: Some(detail),
    }
}

fn down(detail: String) -> DependencyStatus {
    DependencyStatus {
        status: "down".into(),
        latency_ms: None,
        detail: Some(detail),
    }
}

/// `off`, never degraded or down, like the image model: the encoder is
/// optional (without it its categories are left to the other classifiers
/// and the remote stage).
fn encoder_model(state: &AppState) -> Option<DependencyStatus> {
    let s = state.engine.encoder()?.status();
    let detail = if s.loaded {
        format!(
            "{} loaded, {} worker(s), batches of up to {}",
            crate::classify::encoder::MODEL_VERSION,
            s.workers,
            s.max_batch
        )
    } else {
        "not loaded: its categories are not scored locally (tools/export-models/encoder.py install)"
            .into()
    };
    Some(DependencyStatus {
        status: if s.loaded { "ok" } else { "off" }.into(),
        latency_ms: None,
        detail: Some(detail),
    })
}

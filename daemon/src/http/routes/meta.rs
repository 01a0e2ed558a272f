//! Service endpoints: `/`, `/health`, `/ready`, `/metrics`, `/openapi.json`.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use modd_common::{DependencyStatus, ReadyReport, ServiceInfo};
use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::http::openapi;
use crate::ratelimit::LimiterStatus;
use crate::state::AppState;

/// Service name and version.
#[utoipa::path(get, path = "/", tag = "service", responses((status = 200, body = ServiceInfo)))]
pub async fn info() -> axum::Json<ServiceInfo> {
    axum::Json(ServiceInfo {
        service: "modd".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Liveness: answers while the process runs; touches no dependency.
#[utoipa::path(get, path = "/health", tag = "service", responses((status = 200, description = "alive")))]
pub async fn health() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({"status": "ok"}))
}

/// Readiness: database, queue, Redis (when configured), the rate limiter
/// (and what it does while Redis is down) and workers. 503 with the
/// per-dependency report when one is down. An unreachable queue (Redis) is
/// `degraded`, not down: `analyse` still accepts (the row is the record) and
/// the reconciler queues the backlog once Redis is back.
#[utoipa::path(get, path = "/ready", tag = "service", responses(
    (status = 200, body = ReadyReport), (status = 503, body = ReadyReport)))]
pub async fn ready(State(state): State<AppState>) -> Response {
    let report = readiness(&state).await;
    let status = if report.status == "unavailable" {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    };
    (status, axum::Json(report)).into_response()
}

/// The per-dependency report `/ready` answers with; `/metrics` exports it
/// as `modd_ready` and `modd_dependency_state` for the alerts.
pub async fn readiness(state: &AppState) -> ReadyReport {
    let mut checks = BTreeMap::new();
    let start = Instant::now();
    let db = tokio::time::timeout(Duration::from_secs(2), state.store.ping()).await;
    checks.insert(
        "database".to_owned(),
        match db {
            Ok(Ok(())) => ok(start),
            Ok(Err(e)) => down(e.to_string()),
            Err(_) => down("no answer within 2 s".into()),
        },
    );
    let start = Instant::now();
    checks.insert(
        format!("queue_{}", state.queue.kind()),
        match state.queue.ping().await {
            Ok(()) => ok(start),
            Err(e) => degraded(format!("{e}; work is accepted and queued once it is back")),
        },
    );
    if let Some(redis) = &state.redis {
        let start = Instant::now();
        let ping = tokio::time::timeout(Duration::from_secs(3), redis.ping()).await;
        checks.insert(
            "redis".to_owned(),
            match ping {
                Ok(Ok(_)) => ok(start),
                Ok(Err(e)) => degraded(format!("unreachable: {}", crate::redis::describe(&e))),
                Err(_) => degraded("no answer within 3 s".into()),
            },
        );
    }
    let start = Instant::now();
    let limiter = tokio::time::timeout(Duration::from_secs(3), state.limiter.status()).await;
    checks.insert(
        "rate_limiter".to_owned(),
        match limiter {
            Ok(LimiterStatus::Ok(detail)) => DependencyStatus {
                detail: Some(detail),
                ..ok(start)
            },
            Ok(LimiterStatus::Degraded(detail)) => DependencyStatus {
                status: "degraded".into(),
                latency_ms: None,
                detail: Some(detail),
            },
            Ok(LimiterStatus::Down(detail)) => down(detail),
            Err(_) => down("no answer within 3 s".into()),
        },
    );
    if state.worker_count > 0 {
        let alive = state
            .workers
            .as_ref()
            .map_or(0, |w| w.alive.load(Ordering::Relaxed));
        checks.insert(
            "workers".to_owned(),
            if alive as usize == state.worker_count {
                DependencyStatus {
                    status: "ok".into(),
                    latency_ms: None,
                    detail: Some(format!("{alive} running")),
                }
            } else if alive > 0 {
                DependencyStatus {
                    status: "degraded".into(),
                    latency_ms: None,
                    detail: Some(format!("{alive} of {} running", state.worker_count)),
                }
            } else {
                down(format!("0 of {} running", state.worker_count))
            },
        );
    }
    // `off`, never degraded or down: the model is optional (without it
    // images go to review), so its absence does not make the service
    // degraded; `modctl verify` warns about it (`images.model`).
    if let Some(images) = state.engine.images() {
        let s = images.status();
        checks.insert(
            "image_model".to_owned(),
            // The reason (it names a path) is in the log and the admin facts only.
            match s.loaded {
                true => DependencyStatus {
                    status: "ok".into(),
                    latency_ms: None,
                    detail: Some(format!(
                        "open_nsfw {} loaded, {} worker(s)",
                        s.version.unwrap_or_default(),
                        s.workers
                    )),
                },
                false => DependencyStatus {
                    status: "off".into(),
                    latency_ms: None,
                    detail: Some(
                        "not loaded: images go to review or a remote provider (see modctl verify)"
                            .into(),
                    ),
                },
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

fn ok(start: Instant) -> DependencyStatus {
    DependencyStatus {
        status: "ok".into(),
        latency_ms: Some(start.elapsed().as_secs_f64() * 1000.0),
        detail: None,
    }
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

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "service", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    if let Ok(counts) = state.store.count_by_status().await {
        for (status, n) in counts {
            metrics::gauge!("modd_items", "status" => status.as_str()).set(n as f64);
        }
    }
    if let Ok(Some(oldest)) = state.store.oldest_pending().await {
        let age = (chrono::Utc::now() - oldest).num_milliseconds().max(0) as f64 / 1000.0;
        metrics::gauge!("modd_queue_oldest_pending_seconds").set(age);
    } else {
        metrics::gauge!("modd_queue_oldest_pending_seconds").set(0.0);
    }
    crate::metrics::record_queue(&state).await;
    let pool = state.store.pool_stats();
    metrics::gauge!("modd_db_pool_connections", "state" => "in_use")
        .set(pool.size.saturating_sub(pool.idle) as f64);
    metrics::gauge!("modd_db_pool_connections", "state" => "idle").set(pool.idle as f64);
    metrics::gauge!("modd_db_pool_max_connections").set(pool.max as f64);
    if let Some(w) = &state.workers {
        metrics::gauge!("modd_workers_alive").set(w.alive.load(Ordering::Relaxed) as f64);
        metrics::gauge!("modd_worker_jobs_done").set(w.jobs_done.load(Ordering::Relaxed) as f64);
    }
    if let Ok(live) = state.heartbeats.list().await {
        metrics::gauge!("modd_workers_live").set(live.len() as f64);
    }
    metrics::gauge!("modd_uptime_seconds").set(state.started_at.elapsed().as_secs_f64());
    crate::alert_series::record(&state).await;
    let mut text = state.metrics.render();
    text.push_str(&crate::process_metrics::exposition(state.mode.as_str()));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "service", responses((status = 200, description = "OpenAPI 3.1 document")))]
pub async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(openapi::document())
}

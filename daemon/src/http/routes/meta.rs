//! Service endpoints: `/`, `/health`, `/metrics` (`/ready` is
//! [`super::ready`], `/openapi.json` [`crate::http::openapi`]).

use crate::observe::item_counts::SETTLED_MAX_AGE;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use modd_common::ServiceInfo;
use std::sync::atomic::Ordering;

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

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "service", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let counts = state
        .item_counts
        .current(state.store.as_ref(), SETTLED_MAX_AGE);
    if let Ok(counts) = counts.await {
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
    crate::observe::metrics::record_queue(&state).await;
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
    crate::observe::readiness::record(&state).await;
    let mut text = state.metrics.render();
    text.push_str(&crate::observe::process::exposition(state.mode.as_str()));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

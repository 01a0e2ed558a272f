//! `GET /ready`: the readiness report (`observe::readiness`) as an answer,
//! 503 when the replica should get no traffic.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use modd_common::ReadyReport;

use crate::observe::readiness::readiness;
use crate::state::AppState;

/// Readiness: database, queue, Redis (when configured), the rate limiter
/// (and what it does while Redis is down) and workers. 503 with the
/// per-dependency report when one is down. An unreachable queue (Redis) is
/// `degraded`, not down: `analyse` still accepts (the row is the record) and
/// the reconciler queues the backlog once Redis is back. The checks run
/// concurrently and share one 3 s deadline.
#[utoipa::path(get, path = "/ready", tag = "service", responses(
    (status = 200, body = ReadyReport), (status = 503, body = ReadyReport)))]
pub async fn ready(State(state): State<AppState>) -> Response {
    let report = readiness(&state).await;
    let status = match report.status.as_str() {
        "unavailable" | "draining" => StatusCode::SERVICE_UNAVAILABLE,
        _ => StatusCode::OK,
    };
    (status, axum::Json(report)).into_response()
}

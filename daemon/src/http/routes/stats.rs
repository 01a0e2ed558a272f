//! `GET /api/v1/admin/stats`: the snapshot behind `modctl top`. Admin and
//! viewer keys, which are not rate limited here (see `http::router` and
//! `ratelimit::apply_except_observers`): a dashboard polls every second and
//! must not be throttled into looking like an outage.

use axum::extract::State;
use modd_common::{ErrorBody, StatsView};
use serde::Deserialize;

use crate::http::auth::Observer;
use crate::http::error::ApiError;
use crate::http::extract::Query;
use crate::observe::stats::collect::{CollectError, collect};
use crate::state::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatsParams {
    /// Only this replica (an id from `replicas[].id`).
    replica: Option<String>,
}

/// Longest replica id accepted (`<host>-<pid>-<tag>`; host names are at most 253).
const MAX_REPLICA_ID: usize = 300;

/// Traffic, queue, workers, decisions, webhooks and resources of the whole
/// deployment (every replica that published within the last 5 s), or of
/// one replica. Counters are cumulative: rates come from two snapshots.
#[utoipa::path(get, path = "/api/v1/admin/stats", tag = "admin", params(StatsParams),
    security(("api_key" = [])),
    responses((status = 200, body = StatsView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    _observer: Observer,
    Query(params): Query<StatsParams>,
) -> Result<axum::Json<StatsView>, ApiError> {
    if let Some(id) = &params.replica
        && (id.is_empty() || id.len() > MAX_REPLICA_ID)
    {
        return Err(ApiError::Unprocessable(format!(
            "replica must be 1 to {MAX_REPLICA_ID} characters"
        )));
    }
    match collect(&state, params.replica.as_deref()).await {
        Ok(view) => Ok(axum::Json(view)),
        Err(CollectError::NoSuchReplica(_)) => Err(ApiError::NotFound(
            "no such replica (or it has not published stats within the last 5 s)".into(),
        )),
    }
}

//! The queue and worker admin API: queue stats, the dead-letter queue (list,
//! show, retry one or all, purge) and live workers. Admin and viewer keys
//! read; only admin keys retry and purge, which are audit-logged.

use axum::extract::State;
use chrono::Utc;
use modd_common::{
    DeadLetterView, DlqPurgeView, DlqRetryAllView, DlqRetryView, ErrorBody, ItemStatus,
    QueueStatsView, WorkerInfo,
};
use serde::Deserialize;

use crate::http::auth::{Admin, Observer};
use crate::http::error::ApiError;
use crate::http::extract::{Path, Query};
use crate::queue::QueueError;
use crate::queue::dlq::{self, DlqError, Retried};
use crate::state::AppState;
use crate::store::NewAuditEntry;

/// Most dead letters one list call returns.
const MAX_LIST: usize = 1000;

impl From<QueueError> for ApiError {
    fn from(e: QueueError) -> Self {
        tracing::warn!(error = %e, "queue unavailable");
        ApiError::Unavailable("the queue is unavailable; retry later".into())
    }
}

impl From<DlqError> for ApiError {
    fn from(e: DlqError) -> Self {
        match e {
            DlqError::Queue(e) => e.into(),
            DlqError::Store(e) => e.into(),
        }
    }
}

async fn audit(
    state: &AppState,
    admin: &Admin,
    action: &str,
    target: String,
    detail: serde_json::Value,
) {
    let entry = NewAuditEntry {
        at: Utc::now(),
        actor: admin.0.actor(),
        action: action.into(),
        target,
        detail,
    };
    if let Err(e) = state.store.append_audit(&entry).await {
        tracing::error!(error = %e, action, "could not write the audit log");
    }
}

/// Queue occupancy and counters, pending items in the database, live workers.
#[utoipa::path(get, path = "/api/v1/admin/queue", tag = "queue", security(("api_key" = [])),
    responses((status = 200, body = QueueStatsView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn stats(
    State(state): State<AppState>,
    _observer: Observer,
) -> Result<axum::Json<QueueStatsView>, ApiError> {
    let q = state.queue.stats().await?;
    let pending_items = state.store.count_status(ItemStatus::Pending).await?;
    let oldest_pending_seconds = state.store.oldest_pending().await?.map_or(0.0, |t| {
        (Utc::now() - t).num_milliseconds().max(0) as f64 / 1000.0
    });
    let workers_alive = state.heartbeats.list().await.map_or(0, |w| w.len() as u64);
    Ok(axum::Json(QueueStatsView {
        kind: state.queue.kind().into(),
        depth: q.depth,
        delayed: q.delayed,
        in_flight: q.in_flight,
        dead_letters: q.dead_letters,
        retries_total: q.retries_total,
        dead_lettered_total: q.dead_lettered_total,
        reclaimed_total: q.reclaimed_total,
        pending_items,
        oldest_pending_seconds,
        workers_alive,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Only dead letters after this id (for paging).
    after: Option<String>,
    /// At most this many (default 100, at most 1000).
    limit: Option<usize>,
}

/// Dead letters, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/queue/dlq", tag = "queue", params(ListParams),
    security(("api_key" = [])),
    responses((status = 200, body = Vec<DeadLetterView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn dlq_list(
    State(state): State<AppState>,
    _observer: Observer,
    Query(params): Query<ListParams>,
) -> Result<axum::Json<Vec<DeadLetterView>>, ApiError> {
    let limit = params.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_LIST {
        return Err(ApiError::Unprocessable(format!(
            "limit must be between 1 and {MAX_LIST}"
        )));
    }
    if let Some(after) = &params.after
        && !crate::queue::valid_dead_letter_id(after)
    {
        return Err(ApiError::Unprocessable(
            "after must be a dead-letter id like 1732000000000-0".into(),
        ));
    }
    let list = state.queue.dlq_list(params.after.as_deref(), limit).await?;
    Ok(axum::Json(
        list.into_iter().map(DeadLetterView::from).collect(),
    ))
}

fn no_such(id: &str) -> ApiError {
    if crate::queue::valid_dead_letter_id(id) {
        ApiError::NotFound(format!("no dead letter {id}"))
    } else {
        ApiError::NotFound("no such dead letter (ids look like 1732000000000-0)".into())
    }
}

/// One dead letter.
#[utoipa::path(get, path = "/api/v1/admin/queue/dlq/{id}", tag = "queue",
    params(("id" = String, Path, description = "dead-letter id")), security(("api_key" = [])),
    responses((status = 200, body = DeadLetterView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn dlq_show(
    State(state): State<AppState>,
    _observer: Observer,
    Path(id): Path<String>,
) -> Result<axum::Json<DeadLetterView>, ApiError> {
    let dead = state
        .queue
        .dlq_get(&id)
        .await?
        .ok_or_else(|| no_such(&id))?;
    Ok(axum::Json(DeadLetterView::from(dead)))
}

/// Retries one dead letter: its item goes back to `pending` and into the queue.
#[utoipa::path(post, path = "/api/v1/admin/queue/dlq/{id}/retry", tag = "queue",
    params(("id" = String, Path, description = "dead-letter id")), security(("api_key" = [])),
    responses((status = 200, body = DlqRetryView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn dlq_retry(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<axum::Json<DlqRetryView>, ApiError> {
    let retried = dlq::retry(&*state.store, &*state.queue, &id)
        .await?
        .ok_or_else(|| no_such(&id))?;
    let (dead, requeued) = match retried {
        Retried::Requeued(d) => (d, true),
        Retried::Dropped(d) => (d, false),
    };
    let detail = serde_json::json!({"dead_letter": dead.id, "requeued": requeued});
    audit(
        &state,
        &admin,
        "queue.dlq.retry",
        format!("item:{}", dead.item_id),
        detail,
    )
    .await;
    Ok(axum::Json(DlqRetryView {
        dead_letter: DeadLetterView::from(dead),
        requeued,
    }))
}

/// Retries every dead letter.
#[utoipa::path(post, path = "/api/v1/admin/queue/dlq/retry-all", tag = "queue", security(("api_key" = [])),
    responses((status = 200, body = DlqRetryAllView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn dlq_retry_all(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<axum::Json<DlqRetryAllView>, ApiError> {
    let (requeued, dropped) = dlq::retry_all(&*state.store, &*state.queue).await?;
    let detail = serde_json::json!({"requeued": requeued, "dropped": dropped});
    audit(
        &state,
        &admin,
        "queue.dlq.retry_all",
        "queue:dlq".into(),
        detail,
    )
    .await;
    Ok(axum::Json(DlqRetryAllView { requeued, dropped }))
}

/// Deletes every dead letter (their items stay in `error`).
#[utoipa::path(delete, path = "/api/v1/admin/queue/dlq", tag = "queue", security(("api_key" = [])),
    responses((status = 200, body = DlqPurgeView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn dlq_purge(
    State(state): State<AppState>,
    admin: Admin,
) -> Result<axum::Json<DlqPurgeView>, ApiError> {
    let purged = state.queue.dlq_purge().await?;
    audit(
        &state,
        &admin,
        "queue.dlq.purge",
        "queue:dlq".into(),
        serde_json::json!({"purged": purged}),
    )
    .await;
    Ok(axum::Json(DlqPurgeView { purged }))
}

/// Workers with a fresh heartbeat (every process's with Redis).
#[utoipa::path(get, path = "/api/v1/admin/workers", tag = "queue", security(("api_key" = [])),
    responses((status = 200, body = Vec<WorkerInfo>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn workers(
    State(state): State<AppState>,
    _observer: Observer,
) -> Result<axum::Json<Vec<WorkerInfo>>, ApiError> {
    let mut list = state.heartbeats.list().await.map_err(|e| {
        tracing::warn!(error = %e, "cannot read worker heartbeats");
        ApiError::Unavailable("worker heartbeats are unavailable; retry later".into())
    })?;
    list.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(axum::Json(list))
}

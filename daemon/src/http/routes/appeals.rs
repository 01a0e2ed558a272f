//! Appeals: an app's key submits one for a decided item of its app
//! (`POST /api/v1/moderation/{id}/appeal`); reviewer and admin keys list
//! the appeal queue and decide an appeal (approve = overturn the decision,
//! reject = uphold it). The rules live in `crate::appeals`.

use axum::extract::State;
use axum::http::StatusCode;
use modd_common::{AppealOutcome, AppealPage, AppealRequest, AppealView, ErrorBody, ReviewNote};
use serde::Deserialize;

use super::review::optional_json;
use crate::appeals;
use crate::http::auth::{Reviewer, Submitter};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::AppealFilter;

const MAX_PAGE: i64 = 500;

/// Appeal a decided item: the user's statement goes to the appeal queue,
/// where a reviewer other than the one who decided the item upholds or
/// overturns the decision; the outcome is sent as a
/// `moderation.appeal_decided` webhook event.
#[utoipa::path(post, path = "/api/v1/moderation/{id}/appeal", tag = "moderation",
    params(("id" = i64, Path, description = "item id")), request_body = AppealRequest,
    security(("api_key" = [])),
    responses((status = 201, body = AppealView, description = "the appeal, open"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "no such item of the key's apps"),
        (status = 409, body = ErrorBody, description = "not decided yet, or already appealed"),
        (status = 422, body = ErrorBody, description = "empty or oversized statement")))]
pub async fn submit(
    State(state): State<AppState>,
    caller: Submitter,
    Path(id): Path<i64>,
    Json(req): Json<AppealRequest>,
) -> Result<(StatusCode, axum::Json<AppealView>), ApiError> {
    let appeal = appeals::submit(&state, &caller, id, req.statement).await?;
    Ok((StatusCode::CREATED, axum::Json(appeal)))
}

/// Query of `GET /api/v1/admin/appeals`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AppealQuery {
    /// `false` (default): open appeals, the queue; `true`: decided ones.
    pub decided: Option<bool>,
    pub source_app: Option<String>,
    /// Appeals of items with an id above this (the previous page's `next_after_id`).
    pub after_id: Option<i64>,
    /// 1..=500, default 50.
    pub limit: Option<i64>,
}

/// The appeal queue (or decided appeals), oldest item first.
#[utoipa::path(get, path = "/api/v1/admin/appeals", tag = "review", params(AppealQuery),
    security(("api_key" = [])),
    responses((status = 200, body = AppealPage), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Query(q): Query<AppealQuery>,
) -> Result<axum::Json<AppealPage>, ApiError> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::Unprocessable(format!(
            "limit: between 1 and {MAX_PAGE}"
        )));
    }
    let filter = AppealFilter {
        decided: q.decided.unwrap_or(false),
        source_app: q.source_app,
        after_id: q.after_id.unwrap_or(0),
        limit,
    };
    let found = appeals::list(&state, &filter).await?;
    let next_after_id = (found.len() as i64 == limit)
        .then(|| found.last().map(|a| a.item_id))
        .flatten();
    Ok(axum::Json(AppealPage {
        appeals: found,
        next_after_id,
    }))
}

/// The appeal of an item, with the statement and the decision appealed against.
#[utoipa::path(get, path = "/api/v1/admin/appeals/{id}", tag = "review",
    params(("id" = i64, Path, description = "item id")), security(("api_key" = [])),
    responses((status = 200, body = AppealView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<i64>,
) -> Result<axum::Json<AppealView>, ApiError> {
    Ok(axum::Json(appeals::show(&state, id).await?))
}

async fn decide(
    state: AppState,
    reviewer: Reviewer,
    id: i64,
    outcome: AppealOutcome,
    body: &[u8],
) -> Result<axum::Json<AppealView>, ApiError> {
    let body: ReviewNote = optional_json(body)?.unwrap_or_default();
    let appeal =
        appeals::decide(&state, &reviewer, id, outcome, body.note, body.reason_code).await?;
    Ok(axum::Json(appeal))
}

/// Approve an appeal: the item's decision is overturned (approved becomes
/// blocked and blocked approved). Not by the person who made that decision.
#[utoipa::path(post, path = "/api/v1/admin/appeals/{id}/approve", tag = "review",
    params(("id" = i64, Path, description = "item id")), request_body = Option<ReviewNote>,
    security(("api_key" = [])),
    responses((status = 200, body = AppealView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`same_reviewer`: the caller made the decision appealed against"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already decided"),
        (status = 422, body = ErrorBody, description = "unknown reason code, note too long")))]
pub async fn approve(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<axum::Json<AppealView>, ApiError> {
    decide(state, reviewer, id, AppealOutcome::Overturned, &body).await
}

/// Reject an appeal: the item's decision is upheld. Not by the person who
/// made that decision.
#[utoipa::path(post, path = "/api/v1/admin/appeals/{id}/reject", tag = "review",
    params(("id" = i64, Path, description = "item id")), request_body = Option<ReviewNote>,
    security(("api_key" = [])),
    responses((status = 200, body = AppealView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "`same_reviewer`: the caller made the decision appealed against"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already decided"),
        (status = 422, body = ErrorBody, description = "unknown reason code, note too long")))]
pub async fn reject(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<axum::Json<AppealView>, ApiError> {
    decide(state, reviewer, id, AppealOutcome::Upheld, &body).await
}

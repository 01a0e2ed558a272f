//! The human review API (admin and reviewer keys): list the queue, show an
//! item, decide one, decide a batch by filter. A reviewer's decision is final: only a
//! flagged item can be reviewed, so a second decision answers 409, and so
//! does an item another reviewer has claimed. The rules live in `crate::review`.

use axum::extract::State;
use modd_common::{
    ErrorBody, ReviewBatchRequest, ReviewBatchResult, ReviewItem, ReviewNote, ReviewPage,
    ReviewVerdict,
};
use serde::Deserialize;

use crate::http::auth::Reviewer;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::review;
use crate::state::AppState;

const MAX_PAGE: i64 = 500;

/// Query of `GET /api/v1/admin/review`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    pub source_app: Option<String>,
    /// Match on this category's score (with min/max_score).
    pub category: Option<String>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
    /// Items with an id above this (the previous page's `next_after_id`).
    pub after_id: Option<i64>,
    /// 1..=500, default 50.
    pub limit: Option<i64>,
}

/// The review queue: flagged items, oldest first, with text and scores.
#[utoipa::path(get, path = "/api/v1/admin/review", tag = "review", params(ReviewQuery),
    security(("api_key" = [])),
    responses((status = 200, body = ReviewPage), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Query(q): Query<ReviewQuery>,
) -> Result<axum::Json<ReviewPage>, ApiError> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::Unprocessable(format!(
            "limit: between 1 and {MAX_PAGE}"
        )));
    }
    let mut f = review::filter(q.source_app, q.category, q.min_score, q.max_score)?;
    f.after_id = q.after_id.unwrap_or(0);
    f.limit = limit;
    let found = review::flagged(&state, &f).await?;
    let next_after_id = (found.len() as i64 == limit)
        .then(|| found.last().map(|i| i.id))
        .flatten();
    let mut items = Vec::with_capacity(found.len());
    for item in found {
        items.push(review::review_item(&state, item).await?);
    }
    Ok(axum::Json(ReviewPage {
        items,
        next_after_id,
    }))
}

/// One item with its text, scores and decision (flagged or already reviewed).
#[utoipa::path(get, path = "/api/v1/admin/review/{id}", tag = "review",
    params(("id" = i64, Path, description = "item id")), security(("api_key" = [])),
    responses((status = 200, body = ReviewItem), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(id): Path<i64>,
) -> Result<axum::Json<ReviewItem>, ApiError> {
    Ok(axum::Json(review::show(&state, id).await?))
}

/// An optional JSON body: empty means none.
pub(crate) fn optional_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<Option<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(body).map(Some).map_err(|e| {
        if e.is_data() {
            ApiError::Unprocessable("the body does not match the expected fields".into())
        } else {
            ApiError::InvalidJson("the body is not valid JSON".into())
        }
    })
}

async fn decide_one(
    state: AppState,
    reviewer: Reviewer,
    id: i64,
    verdict: ReviewVerdict,
    body: Option<ReviewNote>,
) -> Result<axum::Json<ReviewItem>, ApiError> {
    let body = body.unwrap_or_default();
    let decision = review::checked(
        &state,
        reviewer.actor(),
        id,
        verdict,
        body.note,
        body.reason_code,
    )
    .await?;
    review::decide_or_refuse(&state, &decision).await?;
    Ok(axum::Json(review::show(&state, id).await?))
}

/// Approve a flagged item (final).
#[utoipa::path(post, path = "/api/v1/admin/review/{id}/approve", tag = "review",
    params(("id" = i64, Path, description = "item id")), request_body = Option<ReviewNote>,
    security(("api_key" = [])),
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not flagged: already reviewed"),
        (status = 422, body = ErrorBody, description = "a note too long, a reason code not in the app's list")))]
pub async fn approve(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<axum::Json<ReviewItem>, ApiError> {
    decide_one(
        state,
        reviewer,
        id,
        ReviewVerdict::Approved,
        optional_json(&body)?,
    )
    .await
}

/// Reject (block) a flagged item (final).
#[utoipa::path(post, path = "/api/v1/admin/review/{id}/reject", tag = "review",
    params(("id" = i64, Path, description = "item id")), request_body = Option<ReviewNote>,
    security(("api_key" = [])),
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not flagged: already reviewed"),
        (status = 422, body = ErrorBody, description = "a note too long, a reason code not in the app's list")))]
pub async fn reject(
    State(state): State<AppState>,
    reviewer: Reviewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<axum::Json<ReviewItem>, ApiError> {
    decide_one(
        state,
        reviewer,
        id,
        ReviewVerdict::Blocked,
        optional_json(&body)?,
    )
    .await
}

/// Decide every flagged item matching a filter, or count them (`dry_run`).
/// Items are decided one by one (each with its event and audit entry);
/// an item another reviewer decides meanwhile is skipped.
#[utoipa::path(post, path = "/api/v1/admin/review/batch", tag = "review",
    request_body = ReviewBatchRequest, security(("api_key" = [])),
    responses((status = 200, body = ReviewBatchResult), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn batch(
    State(state): State<AppState>,
    Reviewer(caller): Reviewer,
    Json(req): Json<ReviewBatchRequest>,
) -> Result<axum::Json<ReviewBatchResult>, ApiError> {
    let mut f = review::filter(req.source_app, req.category, req.min_score, req.max_score)?;
    f.up_to_id = req.up_to_id;
    let result = review::batch(
        &state,
        caller.actor(),
        f,
        req.verdict,
        (req.note, req.reason_code),
        req.dry_run,
    )
    .await?;
    Ok(axum::Json(result))
}

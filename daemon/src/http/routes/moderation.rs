//! The moderation API: submit content, read decisions.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use modd_common::{AnalyseOutcome, AnalyseRequest, AnalyseResponse, ErrorBody, ItemView};
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::http::auth::{Caller, ItemReader, Submitter};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::store::StoredItem;

/// Query of `POST /api/v1/moderation/analyse`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AnalyseQuery {
    /// Seconds to wait for the decision (like `Prefer: wait=N`), capped by `MODD_MAX_WAIT_SECS`.
    pub wait: Option<u64>,
}

/// Submit content for moderation. The item is stored before the answer; a
/// repeat of the same (`source_app`, `external_id`) returns the existing item.
/// With `Prefer: wait=N` (or `?wait=N`) the answer waits up to N seconds
/// for the decision and returns the decided item (as `GET` would) when it
/// is ready in time, otherwise the pending item; `Preference-Applied: wait=N`
/// says the wait was honoured.
#[utoipa::path(post, path = "/api/v1/moderation/analyse", tag = "moderation",
    request_body = AnalyseRequest,
    params(AnalyseQuery, ("Prefer" = Option<String>, Header, description = "wait=N")),
    security(("api_key" = [])),
    responses(
        (status = 200, body = AnalyseOutcome, description = "stored (or already known); decided when waited for"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn analyse(
    State(state): State<AppState>,
    caller: Submitter,
    headers: HeaderMap,
    Query(q): Query<AnalyseQuery>,
    Json(req): Json<AnalyseRequest>,
) -> Result<Response, ApiError> {
    let inserted = state
        .intake
        .take_one(req, |app| caller.may_use_app(app))
        .await??;
    let item = inserted.item;
    let pending = receipt(&item);
    let asked = q.wait.or_else(|| crate::http::prefer::wait_secs(&headers));
    let wait = asked.map(|n| n.min(state.settings.max_wait.as_secs()));
    let Some(wait) = wait.filter(|&n| n > 0) else {
        return Ok(axum::Json(AnalyseOutcome::Pending(pending)).into_response());
    };
    let decided = if item.status == modd_common::ItemStatus::Pending {
        state
            .waiters
            .wait(
                state.store.as_ref(),
                item.id,
                std::time::Duration::from_secs(wait),
            )
            .await?
    } else {
        Some(item)
    };
    let body = match decided {
        Some(item) => AnalyseOutcome::Decided(Box::new(view(&state, &caller, item).await?.0)),
        None => AnalyseOutcome::Pending(pending),
    };
    let mut response = axum::Json(body).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("wait={wait}")) {
        response.headers_mut().insert("preference-applied", v);
    }
    Ok(response)
}

/// An item with its status, decision and category scores.
#[utoipa::path(get, path = "/api/v1/moderation/{id}", tag = "moderation",
    params(("id" = i64, Path, description = "item id")),
    security(("api_key" = [])),
    responses((status = 200, body = ItemView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_item(
    State(state): State<AppState>,
    caller: ItemReader,
    Path(id): Path<i64>,
) -> Result<axum::Json<ItemView>, ApiError> {
    let item = state
        .store
        .get_item(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no item {id}")))?;
    view(&state, &caller, item).await
}

/// Query of `GET /api/v1/moderation`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FindQuery {
    pub source_app: String,
    pub external_id: String,
}

/// Looks an item up by the app's own id.
#[utoipa::path(get, path = "/api/v1/moderation", tag = "moderation",
    params(FindQuery),
    security(("api_key" = [])),
    responses((status = 200, body = ItemView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn find_item(
    State(state): State<AppState>,
    caller: ItemReader,
    Query(q): Query<FindQuery>,
) -> Result<axum::Json<ItemView>, ApiError> {
    caller.require_app(&q.source_app)?;
    let item = state
        .store
        .find_item(&q.source_app, &q.external_id)
        .await?
        .ok_or_else(|| ApiError::NotFound("no such item".into()))?;
    view(&state, &caller, item).await
}

/// The answer to a submission: the item as stored, before its decision.
pub(crate) fn receipt(item: &StoredItem) -> AnalyseResponse {
    AnalyseResponse {
        id: item.id,
        status: item.status,
        external_id: item.external_id.clone(),
        source_app: item.source_app.clone(),
        created_at: item.created_at,
    }
}

pub(crate) async fn view(
    state: &AppState,
    caller: &Caller,
    item: StoredItem,
) -> Result<axum::Json<ItemView>, ApiError> {
    caller.require_app(&item.source_app)?;
    let mut scores = state.store.item_scores(item.id).await?;
    modd_common::coverage::annotate(&mut scores);
    let model_versions: BTreeMap<String, String> = scores
        .iter()
        .map(|s| (s.classifier.clone(), s.model_version.clone()))
        .collect();
    Ok(axum::Json(ItemView {
        id: item.id,
        external_id: item.external_id,
        source_app: item.source_app,
        content_type: item.content_type,
        status: item.status,
        image: item.image_url.as_deref().map(modd_common::image_label),
        decision: item.decision,
        scores,
        model_versions,
        error: item.error,
        created_at: item.created_at,
        updated_at: item.updated_at,
    }))
}

//! `POST /api/v1/moderation/batch`: many `analyse` requests in one, stored
//! in one transaction (`Store::insert_items`), with an outcome per item:
//! `accepted`, `duplicate` (the app already sent that `external_id`; the
//! existing item is returned) or `invalid` with the reason. Invalid items
//! do not stop the others.

use axum::extract::State;
use chrono::Utc;
use modd_common::{
    AnalyseRequest, AnalyseResponse, BatchItemResult, BatchOutcome, BatchRequest, BatchResponse,
    ErrorBody,
};
use serde::Deserialize;

use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::state::AppState;
use crate::store::NewItem;
use crate::validate;

/// The body as received: items stay raw JSON so one malformed item is
/// reported as `invalid` instead of failing the whole request.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBatch {
    items: Vec<serde_json::Value>,
}

/// Submits up to `MODD_BATCH_MAX_ITEMS` items in one transaction.
#[utoipa::path(post, path = "/api/v1/moderation/batch", tag = "moderation",
    request_body = BatchRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, body = BatchResponse, description = "per-item outcomes"),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn batch(
    State(state): State<AppState>,
    caller: Caller,
    Json(raw): Json<RawBatch>,
) -> Result<axum::Json<BatchResponse>, ApiError> {
    let max = state.settings.batch_max_items;
    if raw.items.is_empty() || raw.items.len() > max {
        return Err(ApiError::Unprocessable(format!(
            "items: between 1 and {max} items per batch"
        )));
    }
    let mut results: Vec<BatchItemResult> = Vec::with_capacity(raw.items.len());
    let mut valid: Vec<(usize, NewItem)> = Vec::new();
    let now = Utc::now();
    for (index, value) in raw.items.into_iter().enumerate() {
        match check(&state, &caller, value) {
            Ok(req) => valid.push((
                index,
                NewItem {
                    source_app: req.source_app,
                    external_id: req.external_id,
                    content_type: req.content_type,
                    text: req.text.filter(|t| !t.is_empty()),
                    image_url: req.image_url.filter(|u| !u.is_empty()),
                    created_at: now,
                },
            )),
            Err(reason) => results.push(BatchItemResult {
                index,
                outcome: BatchOutcome::Invalid,
                item: None,
                error: Some(reason),
            }),
        }
    }
    let items: Vec<NewItem> = valid.iter().map(|(_, i)| i.clone()).collect();
    let inserted = if items.is_empty() {
        Vec::new()
    } else {
        state.store.insert_items(&items).await?
    };
    let mut new_ids = Vec::new();
    for ((index, _), ins) in valid.iter().zip(inserted) {
        if ins.created {
            new_ids.push(ins.item.id);
        }
        let item = ins.item;
        results.push(BatchItemResult {
            index: *index,
            outcome: if ins.created {
                BatchOutcome::Accepted
            } else {
                BatchOutcome::Duplicate
            },
            item: Some(AnalyseResponse {
                id: item.id,
                status: item.status,
                external_id: item.external_id,
                source_app: item.source_app,
                created_at: item.created_at,
            }),
            error: None,
        });
    }
    if !new_ids.is_empty() {
        metrics::counter!("modd_items_accepted_total").increment(new_ids.len() as u64);
        // Committed: a failed enqueue only delays items until the reconciler runs.
        if let Err(e) = state.queue.enqueue(&new_ids).await {
            tracing::warn!(items = new_ids.len(), error = %e, "enqueue failed; the reconciler will pick the items up");
        }
    }
    results.sort_by_key(|r| r.index);
    let count = |o: BatchOutcome| results.iter().filter(|r| r.outcome == o).count();
    Ok(axum::Json(BatchResponse {
        accepted: count(BatchOutcome::Accepted),
        duplicates: count(BatchOutcome::Duplicate),
        invalid: count(BatchOutcome::Invalid),
        results,
    }))
}

/// One item's checks: shape, limits, and the key's right to its app.
fn check(
    state: &AppState,
    caller: &Caller,
    value: serde_json::Value,
) -> Result<AnalyseRequest, String> {
    let req: AnalyseRequest = serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        msg.chars().take(300).collect::<String>()
    })?;
    validate::analyse(&req, state.settings.max_text_chars).map_err(|e| e.to_string())?;
    if !caller.may_use_app(&req.source_app) {
        return Err("this API key is not allowed for that source_app".into());
    }
    Ok(req)
}

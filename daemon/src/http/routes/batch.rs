//! `POST /api/v1/moderation/batch`: many `analyse` requests in one, stored
//! in one transaction (`Store::insert_items`), with an outcome per item:
//! `accepted`, `duplicate` (the app already sent that `external_id`; the
//! existing item is returned) or `invalid` with the reason. Invalid items
//! do not stop the others.
//!
//! The body is JSON, or `multipart/form-data` with images uploaded as
//! files: a part named `items` holds the same JSON, and an item names its
//! image's part with `"image_file": "<part name>"` (see [`super::batch_upload`]).

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
    request: axum::extract::Request,
) -> Result<axum::Json<BatchResponse>, ApiError> {
    use axum::extract::FromRequest;
    let (items, files) = if super::batch_upload::is_multipart(request.headers()) {
        super::batch_upload::read(&state, request).await?
    } else {
        let Json(raw) = Json::<RawBatch>::from_request(request, &state).await?;
        (raw.items, Files::new())
    };
    let raw = RawBatch { items };
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
        match check(&state, &caller, value, &files) {
            Ok((req, image_url)) => valid.push((
                index,
                NewItem {
                    source_app: req.source_app,
                    external_id: req.external_id,
                    content_type: req.content_type,
                    text: req.text.filter(|t| !t.is_empty()),
                    image_url,
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
        crate::intake::insert_retrying(state.store.as_ref(), &items).await?
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

/// Uploaded files of a multipart batch, by part name.
pub type Files = std::collections::HashMap<String, Vec<u8>>;

/// One item's checks: shape, limits, the image (URL, inline or uploaded
/// part) and the key's right to its app. Returns the image as stored.
fn check(
    state: &AppState,
    caller: &Caller,
    mut value: serde_json::Value,
    files: &Files,
) -> Result<(AnalyseRequest, Option<String>), String> {
    let image_file = match value.as_object_mut().and_then(|o| o.remove("image_file")) {
        None => None,
        Some(serde_json::Value::String(name)) => Some(name),
        Some(_) => return Err("image_file: must be the name of a file part".into()),
    };
    let mut req: AnalyseRequest = serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        msg.chars().take(300).collect::<String>()
    })?;
    let max_bytes = state.settings.images.max_bytes;
    if let Some(name) = image_file {
        if req.image_url.as_deref().is_some_and(|u| !u.is_empty())
            || req.image_base64.as_deref().is_some_and(|b| !b.is_empty())
        {
            return Err("image_file: give one of image_url, image_base64 and image_file".into());
        }
        let bytes = files.get(&name).ok_or_else(|| {
            let name: String = name.chars().take(100).collect();
            format!("image_file: no file part named {name:?}")
        })?;
        if bytes.len() > max_bytes {
            return Err(format!(
                "image_file: the image is larger than {max_bytes} bytes"
            ));
        }
        // From here on an upload is an inline image like any other.
        let url = validate::image_data_url("image_file", bytes).map_err(|e| e.to_string())?;
        req.image_base64 = Some(url);
    }
    validate::analyse(&req, state.settings.max_text_chars).map_err(|e| e.to_string())?;
    let image_url = validate::image_of(&req, max_bytes).map_err(|e| e.to_string())?;
    if !caller.may_use_app(&req.source_app) {
        return Err("this API key is not allowed for that source_app".into());
    }
    Ok((req, image_url))
}

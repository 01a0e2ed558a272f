//! `POST /api/v1/moderation/batch`: many `analyse` requests in one, taken in
//! by the same intake path ([`crate::intake::Intake::take`]) and stored in
//! one transaction, with an outcome per item:
//! `accepted`, `duplicate` (the app already sent that `external_id`; the
//! existing item is returned) or `invalid` with the reason. Invalid items
//! do not stop the others.
//!
//! The body is JSON, or `multipart/form-data` with images uploaded as
//! files: a part named `items` holds the same JSON, and an item names its
//! image's part with `"image_file": "<part name>"` (see [`super::batch_upload`]).

use axum::extract::State;
use modd_common::{
    AnalyseRequest, BatchItemResult, BatchOutcome, BatchRequest, BatchResponse, ErrorBody,
};
use serde::Deserialize;

use super::batch_upload::{self, Files};
use crate::http::auth::Submitter;
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::state::AppState;
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
    caller: Submitter,
    request: axum::extract::Request,
) -> Result<axum::Json<BatchResponse>, ApiError> {
    use axum::extract::FromRequest;
    let (items, files) = if batch_upload::is_multipart(request.headers()) {
        batch_upload::read(&state, request).await?
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
    let mut parsed: Vec<(usize, AnalyseRequest)> = Vec::new();
    for (index, value) in raw.items.into_iter().enumerate() {
        match parse(value, &files, state.settings.images.max_bytes) {
            Ok(req) => parsed.push((index, req)),
            Err(reason) => results.push(invalid(index, reason)),
        }
    }
    let (indices, requests): (Vec<usize>, Vec<AnalyseRequest>) = parsed.into_iter().unzip();
    let taken = state
        .intake
        .take(requests, |app| caller.may_use_app(app))
        .await?;
    for (index, outcome) in indices.into_iter().zip(taken) {
        results.push(match outcome {
            Ok(ins) => BatchItemResult {
                index,
                outcome: if ins.created {
                    BatchOutcome::Accepted
                } else {
                    BatchOutcome::Duplicate
                },
                item: Some(super::moderation::receipt(&ins.item)),
                error: None,
            },
            Err(rejected) => invalid(index, rejected.to_string()),
        });
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

fn invalid(index: usize, reason: String) -> BatchItemResult {
    BatchItemResult {
        index,
        outcome: BatchOutcome::Invalid,
        item: None,
        error: Some(reason),
    }
}

/// One item as a request: its shape, and an uploaded part it names
/// (`image_file`) turned into an inline image like any other. The intake
/// checks the rest.
fn parse(
    mut value: serde_json::Value,
    files: &Files,
    max_bytes: usize,
) -> Result<AnalyseRequest, String> {
    let image_file = match value.as_object_mut().and_then(|o| o.remove("image_file")) {
        None => None,
        Some(serde_json::Value::String(name)) => Some(name),
        Some(_) => return Err("image_file: must be the name of a file part".into()),
    };
    let mut req: AnalyseRequest = serde_json::from_value(value).map_err(|e| {
        let msg = e.to_string();
        msg.chars().take(300).collect::<String>()
    })?;
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
        let url = validate::image_data_url("image_file", bytes).map_err(|e| e.to_string())?;
        req.image_base64 = Some(url);
    }
    Ok(req)
}

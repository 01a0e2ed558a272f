//! `DELETE /api/v1/moderation?source_app=..&external_id=..`: an erasure
//! request. The item, its scores, decision and webhook events are deleted
//! now; the audit log records who erased which id, never the content.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use modd_common::ErrorBody;

use super::moderation::FindQuery;
use crate::http::auth::Submitter;
use crate::http::error::ApiError;
use crate::http::extract::Query;
use crate::state::AppState;

/// Erase an item and its results now. A client key may erase items of its
/// own apps; an admin key any item.
#[utoipa::path(delete, path = "/api/v1/moderation", tag = "moderation", params(FindQuery),
    security(("api_key" = [])),
    responses((status = 204, description = "erased"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn erase(
    State(state): State<AppState>,
    caller: Submitter,
    Query(q): Query<FindQuery>,
) -> Result<StatusCode, ApiError> {
    caller.require_app(&q.source_app)?;
    let erased = state
        .store
        .erase_item(&q.source_app, &q.external_id, &caller.actor(), Utc::now())
        .await?;
    match erased {
        Some(id) => {
            metrics::counter!("modd_items_erased_total").increment(1);
            tracing::info!(item_id = id, "item erased on request");
            Ok(StatusCode::NO_CONTENT)
        }
        None => Err(ApiError::NotFound("no such item".into())),
    }
}

//! `GET /api/v1/admin/audit`: the audit log, newest first, for admins and
//! reviewers (who acted, under the person's name when the key carries one).

use axum::extract::State;
use modd_common::{AuditEntryView, ErrorBody};
use serde::Deserialize;

use crate::http::auth::Reviewer;
use crate::http::error::ApiError;
use crate::http::extract::Query;
use crate::state::AppState;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1000;

/// Query of `GET /api/v1/admin/audit`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Most entries to return, 1 to 1000 (default 100).
    pub limit: Option<i64>,
}

/// The newest audit entries first.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "review", params(AuditQuery),
    security(("api_key" = [])),
    responses((status = 200, body = [AuditEntryView]), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<Vec<AuditEntryView>>, ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit: between 1 and {MAX_LIMIT}"
        )));
    }
    let entries = state.store.list_audit(limit).await?;
    Ok(axum::Json(
        entries
            .into_iter()
            .map(|e| AuditEntryView {
                id: e.id,
                at: e.at,
                actor: e.actor,
                action: e.action,
                target: e.target,
                detail: e.detail,
            })
            .collect(),
    ))
}

//! The admin API for a key's lifecycle after it is made: extend a
//! rotation's grace, set the key's own maximum age. Both audited with the
//! acting key in the same transaction, and pushed to every replica's key
//! cache (the grace decides whether the key works, and both what its
//! answers' `Deprecation`/`Sunset` headers say).

use axum::extract::State;
use chrono::Utc;
use modd_common::{ErrorBody, ExtendGraceRequest, KeyInfo, SetMaxAgeRequest, parse_duration};

use super::admin_keys::{info, invalidate, not_found_as};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::state::AppState;

/// Lets a key in its rotation grace work longer (`{"by":"12h"}`): for an app
/// that could not switch in time. A key that already stopped is not reopened.
#[utoipa::path(post, path = "/api/v1/admin/keys/{id}/extend-grace", tag = "admin",
    params(("id" = i64, Path, description = "key id")),
    request_body = ExtendGraceRequest, security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "not in a grace period"),
        (status = 422, body = ErrorBody)))]
pub async fn extend_grace(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    Json(req): Json<ExtendGraceRequest>,
) -> Result<axum::Json<KeyInfo>, ApiError> {
    let by = parse_duration(&req.by).map_err(|e| ApiError::Unprocessable(format!("by: {e}")))?;
    let key = state
        .store
        .extend_key_grace(
            id,
            by,
            Utc::now(),
            &admin.actor(),
            &state.settings.keys.notice_rules(),
        )
        .await
        .map_err(|e| not_found_as(e, id))?;
    tracing::info!(key_id = id, by = %admin.actor(), "key grace extended");
    invalidate(&state, id).await;
    Ok(axum::Json(info(&state, &key)))
}

/// Sets the key's own maximum age (`{"max_age":"30d"}`), or with `null`
/// lets `MODD_KEY_MAX_AGE` apply again. Past it, `modctl verify` and
/// `modctl top` report the key as due for rotation, and with
/// `MODD_KEY_EXPIRE_AFTER_MAX_AGE` it stops after that warning period.
#[utoipa::path(put, path = "/api/v1/admin/keys/{id}/max-age", tag = "admin",
    params(("id" = i64, Path, description = "key id")),
    request_body = SetMaxAgeRequest, security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_max_age(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    Json(req): Json<SetMaxAgeRequest>,
) -> Result<axum::Json<KeyInfo>, ApiError> {
    let secs = req
        .max_age
        .as_deref()
        .map(parse_duration)
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("max_age: {e}")))?
        .map(|d| d.num_seconds());
    let key = state
        .store
        .set_key_max_age(id, secs, Utc::now(), &admin.actor())
        .await
        .map_err(|e| not_found_as(e, id))?;
    tracing::info!(key_id = id, by = %admin.actor(), "key max age set");
    invalidate(&state, id).await;
    Ok(axum::Json(info(&state, &key)))
}

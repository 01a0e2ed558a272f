//! The admin API for keys: list (with a stale filter), create, show, revoke,
//! rotate (`key_lifecycle.rs` has the grace and the maximum age). Every change is audited with the acting key in the same
//! transaction, and revocations and rotations are pushed to every replica's
//! key cache.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use modd_common::{
    ApiKey, CreateKeyRequest, CreatedKey, ErrorBody, KeyEnvironment, KeyInfo, RateLimit, Role,
    RotateKeyRequest, RotatedKey, parse_duration, parse_duration_or_zero,
};
use serde::Deserialize;

use crate::http::auth::{Admin, Observer};
use crate::http::error::ApiError;
use crate::http::extract::{Json, OptionalJson, Path, Query};
use crate::state::AppState;
use crate::store::{KeyRecord, KeyRotation, NewKey};

/// Grace period of a rotation when the request names none.
const DEFAULT_GRACE: TimeDelta = TimeDelta::hours(24);
/// Longest name and source app accepted, and most apps per key.
const MAX_NAME_CHARS: usize = 100;
const MAX_APPS: usize = 100;

/// Query of `GET /api/v1/admin/keys`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only working keys at least this old (e.g. `90d`): keys due for rotation.
    pub stale: Option<String>,
}

/// Every key (never a secret), oldest first; `?stale=90d` lists only working
/// keys created at least that long ago.
#[utoipa::path(get, path = "/api/v1/admin/keys", tag = "admin", params(ListQuery),
    security(("api_key" = [])),
    responses((status = 200, body = [KeyInfo]), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _observer: Observer,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<KeyInfo>>, ApiError> {
    let stale = q
        .stale
        .as_deref()
        .map(parse_duration)
        .transpose()
        .map_err(|e| ApiError::BadRequest(format!("stale: {e}")))?;
    let now = Utc::now();
    let keys = state
        .store
        .list_keys()
        .await?
        .into_iter()
        .filter(|k| stale.is_none_or(|age| k.is_active(now) && k.created_at <= now - age))
        .map(|k| info(&state, &k))
        .collect();
    Ok(axum::Json(keys))
}

/// Creates a key; the answer holds its secret, which is never shown again.
#[utoipa::path(post, path = "/api/v1/admin/keys", tag = "admin", request_body = CreateKeyRequest,
    security(("api_key" = [])),
    responses((status = 201, body = CreatedKey), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Json(req): Json<CreateKeyRequest>,
) -> Result<(StatusCode, axum::Json<CreatedKey>), ApiError> {
    let name = checked_text("name", &req.name)?;
    if req.source_apps.len() > MAX_APPS {
        return Err(ApiError::Unprocessable(format!(
            "source_apps: at most {MAX_APPS} apps"
        )));
    }
    let source_apps = req
        .source_apps
        .iter()
        .map(|a| checked_text("source_apps", a))
        .collect::<Result<Vec<_>, _>>()?;
    let rate_limit = req
        .rate_limit
        .as_deref()
        .map(|r| r.parse::<RateLimit>())
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("rate_limit: {e}")))?;
    let expires_in = req
        .expires_in
        .as_deref()
        .map(parse_duration)
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("expires_in: {e}")))?;
    let max_age = req
        .max_age
        .as_deref()
        .map(parse_duration)
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("max_age: {e}")))?;
    let environment = req
        .environment
        .unwrap_or(if state.settings.is_production() {
            KeyEnvironment::Live
        } else {
            KeyEnvironment::Test
        });
    let person = checked_person(req.role, req.person.as_deref())?;
    let key = ApiKey::generate(environment);
    let now = Utc::now();
    let new = NewKey {
        name,
        role: req.role,
        key_hash: key.hash().to_vec(),
        prefix: key.display_prefix().to_owned(),
        source_apps,
        rate_limit: rate_limit.map(|r| r.to_string()),
        created_by: Some(admin.actor()),
        created_at: now,
        expires_at: expires_in.map(|d| now + d),
        person,
        max_age_secs: max_age.map(|d| d.num_seconds()),
    };
    let record = state.store.create_key(&new, &admin.actor()).await?;
    tracing::info!(key_id = record.id, by = %admin.actor(), "key created");
    let created = CreatedKey {
        info: info(&state, &record),
        key: key.expose_secret().to_owned(),
    };
    Ok((StatusCode::CREATED, axum::Json(created)))
}

/// One key (never its secret).
#[utoipa::path(get, path = "/api/v1/admin/keys/{id}", tag = "admin",
    params(("id" = i64, Path, description = "key id")), security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _observer: Observer,
    Path(id): Path<i64>,
) -> Result<axum::Json<KeyInfo>, ApiError> {
    let key = state
        .store
        .get_key(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no key {id}")))?;
    Ok(axum::Json(info(&state, &key)))
}

/// Revokes a key now (also ends a rotation's grace period early). Every
/// replica refuses it within 2 seconds.
#[utoipa::path(post, path = "/api/v1/admin/keys/{id}/revoke", tag = "admin",
    params(("id" = i64, Path, description = "key id")), security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "already revoked")))]
pub async fn revoke(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
) -> Result<axum::Json<KeyInfo>, ApiError> {
    let revoked = state
        .store
        .revoke_key_audited(id, Utc::now(), &admin.actor())
        .await
        .map_err(|e| not_found_as(e, id))?;
    tracing::info!(key_id = id, by = %admin.actor(), "key revoked");
    invalidate(&state, id).await;
    Ok(axum::Json(info(&state, &revoked)))
}

/// Issues a new secret with the same settings; the old one keeps working for
/// the grace period (`{"grace":"24h"}` by default, `"0"` to stop it now).
#[utoipa::path(post, path = "/api/v1/admin/keys/{id}/rotate", tag = "admin",
    params(("id" = i64, Path, description = "key id")),
    request_body(content = RotateKeyRequest, description = "optional; an empty body means the defaults"),
    security(("api_key" = [])),
    responses((status = 200, body = RotatedKey), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "revoked, expired or already rotated"),
        (status = 422, body = ErrorBody)))]
pub async fn rotate(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    OptionalJson(req): OptionalJson<RotateKeyRequest>,
) -> Result<axum::Json<RotatedKey>, ApiError> {
    let grace = req
        .grace
        .as_deref()
        .map(parse_duration_or_zero)
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("grace: {e}")))?
        .unwrap_or(DEFAULT_GRACE);
    let old = state
        .store
        .get_key(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no key {id}")))?;
    let environment = if old.prefix.starts_with(KeyEnvironment::Live.tag()) {
        KeyEnvironment::Live
    } else {
        KeyEnvironment::Test
    };
    let key = ApiKey::generate(environment);
    let at = Utc::now();
    let rotated = state
        .store
        .rotate_key(&KeyRotation {
            old_id: id,
            key_hash: key.hash().to_vec(),
            prefix: key.display_prefix().to_owned(),
            at,
            old_stops_at: at + grace,
            actor: admin.actor(),
            notices: state.settings.keys.notice_rules(),
        })
        .await
        .map_err(|e| not_found_as(e, id))?;
    tracing::info!(key_id = id, new_key_id = rotated.new.id, by = %admin.actor(), "key rotated");
    invalidate(&state, id).await;
    Ok(axum::Json(RotatedKey {
        old: info(&state, &rotated.old),
        new: CreatedKey {
            info: info(&state, &rotated.new),
            key: key.expose_secret().to_owned(),
        },
    }))
}

/// A key as the API shows it: `rotate_by` under `MODD_KEY_MAX_AGE` unless
/// the key has its own maximum.
pub(crate) fn info(state: &AppState, key: &KeyRecord) -> KeyInfo {
    key.info_under(state.settings.keys.max_age)
}

/// Drops the key from this replica's cache and tells the others.
pub(crate) async fn invalidate(state: &AppState, id: i64) {
    state.keys.invalidate_key(id);
    if let Some(redis) = &state.redis {
        crate::auth::publish_invalidation(redis, id).await;
    }
}

pub(crate) fn not_found_as(e: crate::store::StoreError, id: i64) -> ApiError {
    match e {
        crate::store::StoreError::NotFound => ApiError::NotFound(format!("no key {id}")),
        other => other.into(),
    }
}

/// Trimmed, non-empty, short, no control characters.
/// A reviewer key must name its person: their decisions are recorded under
/// that name. Other roles may name one.
fn checked_person(role: Role, person: Option<&str>) -> Result<Option<String>, ApiError> {
    match person {
        Some(p) => checked_text("person", p).map(Some),
        None if role.needs_person() => Err(ApiError::Unprocessable(
            "person: a reviewer key must name the person it belongs to".into(),
        )),
        None => Ok(None),
    }
}

fn checked_text(field: &str, value: &str) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::Unprocessable(format!(
            "{field}: must not be empty"
        )));
    }
    if v.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::Unprocessable(format!(
            "{field}: at most {MAX_NAME_CHARS} characters"
        )));
    }
    if v.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(format!(
            "{field}: must not contain control characters"
        )));
    }
    Ok(v.to_owned())
}

//! Attestations of `modctl verify`'s manual items: an admin records that a
//! person confirmed one (audited, with an expiry); admin and viewer keys read
//! the ones in force, so a CI run with a viewer key can report them.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::{TimeDelta, Utc};
use modd_common::{AttestRequest, AttestationView, ErrorBody, parse_duration};

use crate::http::auth::{Admin, Observer};
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::state::AppState;
use crate::store::{Attestation, NewAttestation};

/// How long an attestation holds when the request names no expiry.
const DEFAULT_VALIDITY: TimeDelta = TimeDelta::days(30);
const MAX_VALIDITY: TimeDelta = TimeDelta::days(366);
const MAX_NAME_CHARS: usize = 100;
const MAX_NOTE_CHARS: usize = 1000;

fn view(a: Attestation) -> AttestationView {
    AttestationView {
        id: a.id,
        check_id: a.check_id,
        attested_by: a.attested_by,
        note: a.note,
        at: a.at,
        expires_at: a.expires_at,
        actor: a.actor,
    }
}

/// Non-empty after trimming, at most `max` characters, no control characters.
fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() || v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(ApiError::Unprocessable(format!(
            "{field}: 1 to {max} characters, no control characters"
        )));
    }
    Ok(v.to_owned())
}

/// Records that a person confirmed a manual verify item.
#[utoipa::path(post, path = "/api/v1/admin/attestations", tag = "admin",
    request_body = AttestRequest, security(("api_key" = [])),
    responses((status = 201, body = AttestationView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn attest(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Json(req): Json<AttestRequest>,
) -> Result<(StatusCode, axum::Json<AttestationView>), ApiError> {
    let check_id = text("check_id", &req.check_id, MAX_NAME_CHARS)?;
    if !check_id.starts_with("manual.") {
        return Err(ApiError::Unprocessable(
            "check_id: only manual items (manual.*) are attested".into(),
        ));
    }
    let validity = match req.expires_in.as_deref() {
        None => DEFAULT_VALIDITY,
        Some(d) => {
            parse_duration(d).map_err(|e| ApiError::Unprocessable(format!("expires_in: {e}")))?
        }
    };
    if validity <= TimeDelta::zero() || validity > MAX_VALIDITY {
        return Err(ApiError::Unprocessable(
            "expires_in: more than 0 and at most 366d".into(),
        ));
    }
    let at = Utc::now();
    let recorded = state
        .store
        .attest(&NewAttestation {
            check_id,
            attested_by: text("by", &req.by, MAX_NAME_CHARS)?,
            note: text("note", &req.note, MAX_NOTE_CHARS)?,
            at,
            expires_at: at + validity,
            actor: admin.actor(),
        })
        .await?;
    Ok((StatusCode::CREATED, axum::Json(view(recorded))))
}

/// The attestations in force, newest first.
#[utoipa::path(get, path = "/api/v1/admin/attestations", tag = "admin",
    security(("api_key" = [])),
    responses((status = 200, body = [AttestationView]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _observer: Observer,
) -> Result<axum::Json<Vec<AttestationView>>, ApiError> {
    let current = state.store.current_attestations(Utc::now()).await?;
    Ok(axum::Json(current.into_iter().map(view).collect()))
}

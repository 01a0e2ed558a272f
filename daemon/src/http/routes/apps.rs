//! Per-app settings (admin only): webhook URL and signing secret,
//! retention, storage mode. The secret is shown once, when created or
//! rotated, and stored sealed; the URL is checked against the SSRF guard
//! when set (and again at every delivery, on the resolved address).

use axum::extract::State;
use chrono::{TimeDelta, Utc};
use modd_common::{
    AppSaved, AppUpdate, AppView, ErrorBody, RotateSecretRequest, parse_duration_or_zero,
};

use crate::http::auth::{Admin, Observer};
use crate::http::error::ApiError;
use crate::http::extract::{Json, OptionalJson, Path};
use crate::outbox::webhooks::generate_secret;
use crate::state::AppState;
use crate::store::{AppChange, AppRecord, NewAuditEntry};

const MAX_URL_CHARS: usize = 2048;
/// How long the previous secret still signs after a rotation that names no grace.
pub const ROTATION_GRACE: TimeDelta = TimeDelta::hours(24);

pub(crate) fn check_app_name(app: &str) -> Result<(), ApiError> {
    crate::validate::source_app(app).map_err(|e| ApiError::Unprocessable(e.to_string()))
}

/// The settings in force for `app`: its row, or the defaults.
pub(crate) fn view(state: &AppState, app: &str, record: Option<&AppRecord>) -> AppView {
    let default_days = state.settings.retention.default_days;
    match record {
        Some(r) => AppView {
            source_app: r.source_app.clone(),
            webhook_url: r.webhook_url.clone(),
            has_webhook_secret: r.webhook_secret.is_some(),
            retention_days: r.retention_days,
            effective_retention_days: r.retention_days.unwrap_or(default_days),
            storage_mode: r.storage_mode,
            created_at: Some(r.created_at),
            updated_at: Some(r.updated_at),
            previous_secret_until: r
                .previous_secret
                .as_ref()
                .and(r.previous_until)
                .filter(|t| *t > Utc::now()),
        },
        None => AppView {
            source_app: app.to_owned(),
            webhook_url: None,
            has_webhook_secret: false,
            retention_days: None,
            effective_retention_days: default_days,
            storage_mode: Default::default(),
            created_at: None,
            updated_at: None,
            previous_secret_until: None,
        },
    }
}

/// Every app with stored settings.
#[utoipa::path(get, path = "/api/v1/admin/apps", tag = "apps", security(("api_key" = [])),
    responses((status = 200, body = Vec<AppView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    _observer: Observer,
) -> Result<axum::Json<Vec<AppView>>, ApiError> {
    let apps = state.store.list_apps().await?;
    Ok(axum::Json(
        apps.iter()
            .map(|a| view(&state, &a.source_app, Some(a)))
            .collect(),
    ))
}

/// One app's settings (the defaults when it has none stored).
#[utoipa::path(get, path = "/api/v1/admin/apps/{app}", tag = "apps",
    params(("app" = String, Path, description = "source_app")), security(("api_key" = [])),
    responses((status = 200, body = AppView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _observer: Observer,
    Path(app): Path<String>,
) -> Result<axum::Json<AppView>, ApiError> {
    check_app_name(&app)?;
    let record = state.store.get_app(&app).await?;
    Ok(axum::Json(view(&state, &app, record.as_ref())))
}

/// Checks a webhook URL now: shape, and where its host resolves.
async fn check_url(state: &AppState, url: &str) -> Result<(), ApiError> {
    if url.chars().nth(MAX_URL_CHARS).is_some() {
        return Err(ApiError::Unprocessable(format!(
            "webhook_url: at most {MAX_URL_CHARS} characters"
        )));
    }
    let parsed = url::Url::parse(url)
        .map_err(|_| ApiError::Unprocessable("webhook_url: not a valid URL".into()))?;
    let guard = state.outbox.sender.guard();
    guard
        .check_url(&parsed)
        .map_err(|e| ApiError::Unprocessable(format!("webhook_url: {e}")))?;
    if let Some(url::Host::Domain(host)) = parsed.host() {
        let port = parsed.port_or_known_default().unwrap_or(443);
        guard
            .resolve(host, port)
            .await
            .map_err(|e| ApiError::Unprocessable(format!("webhook_url: {e}")))?;
    }
    Ok(())
}

/// Creates or changes an app's settings. Absent fields keep their value,
/// `null` clears one. Setting a webhook URL on an app without a secret
/// creates one and returns it, once, as `webhook_secret`.
#[utoipa::path(put, path = "/api/v1/admin/apps/{app}", tag = "apps",
    params(("app" = String, Path, description = "source_app")), request_body = AppUpdate,
    security(("api_key" = [])),
    responses((status = 200, body = AppSaved), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Path(app): Path<String>,
    Json(update): Json<AppUpdate>,
) -> Result<axum::Json<AppSaved>, ApiError> {
    check_app_name(&app)?;
    if let Some(Some(url)) = &update.webhook_url {
        check_url(&state, url).await?;
    }
    let current = state.store.get_app(&app).await?;
    let mut change = AppChange {
        webhook_url: update.webhook_url.clone(),
        retention_days: update.retention_days,
        storage_mode: update.storage_mode,
        ..AppChange::default()
    };
    let needs_secret = matches!(&update.webhook_url, Some(Some(_)))
        && current.as_ref().is_none_or(|a| a.webhook_secret.is_none());
    let new_secret = needs_secret.then(generate_secret);
    if let Some(secret) = &new_secret {
        let sealed = state
            .outbox
            .secrets
            .seal(&app, secret)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        change.webhook_secret = Some(Some(sealed));
    }
    let saved = state.store.put_app(&app, &change, Utc::now()).await?;
    audit(
        &state,
        &caller.actor(),
        "app.update",
        &app,
        serde_json::json!({
            // The URL itself may carry a token: record only what changed.
            "webhook_url": update.webhook_url.as_ref().map(|u| if u.is_some() { "set" } else { "cleared" }),
            "secret_created": new_secret.is_some(),
            "retention_days": update.retention_days,
            "storage_mode": update.storage_mode.map(|m| m.as_str()),
        }),
    )
    .await?;
    Ok(axum::Json(AppSaved {
        app: view(&state, &app, Some(&saved)),
        webhook_secret: new_secret,
    }))
}

/// Replaces the signing secret. The previous one keeps signing (a second
/// signature in `webhook-signature`) for the grace (`{"grace":"2h"}`, 24
/// hours by default, `"0"` for none) so receivers can switch.
#[utoipa::path(post, path = "/api/v1/admin/apps/{app}/rotate-secret", tag = "apps",
    params(("app" = String, Path, description = "source_app")), security(("api_key" = [])),
    request_body(content = RotateSecretRequest, description = "optional; an empty body means the defaults"),
    responses((status = 200, body = AppSaved), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Path(app): Path<String>,
    OptionalJson(req): OptionalJson<RotateSecretRequest>,
) -> Result<axum::Json<AppSaved>, ApiError> {
    check_app_name(&app)?;
    let grace = req
        .grace
        .as_deref()
        .map(parse_duration_or_zero)
        .transpose()
        .map_err(|e| ApiError::Unprocessable(format!("grace: {e}")))?
        .unwrap_or(ROTATION_GRACE);
    let current = state.store.get_app(&app).await?;
    if current.as_ref().is_none_or(|a| a.webhook_url.is_none()) {
        return Err(ApiError::NotFound(format!(
            "{app} has no webhook; set one with `modctl webhooks set {app} URL`"
        )));
    }
    let secret = generate_secret();
    let sealed = state
        .outbox
        .secrets
        .seal(&app, &secret)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = Utc::now();
    // A secret that no longer opens (SECRET_KEY changed) is not kept as "previous".
    let previous_opens = current
        .as_ref()
        .and_then(|a| a.webhook_secret.as_deref())
        .is_some_and(|s| state.outbox.secrets.open(&app, s).is_ok());
    let change = AppChange {
        webhook_secret: Some(Some(sealed)),
        previous_until: (previous_opens && grace > TimeDelta::zero()).then_some(now + grace),
        ..AppChange::default()
    };
    let saved = state.store.put_app(&app, &change, now).await?;
    audit(
        &state,
        &caller.actor(),
        "app.rotate_secret",
        &app,
        serde_json::json!({"previous_valid_until": saved.previous_until}),
    )
    .await?;
    Ok(axum::Json(AppSaved {
        app: view(&state, &app, Some(&saved)),
        webhook_secret: Some(secret),
    }))
}

pub(crate) async fn audit(
    state: &AppState,
    actor: &str,
    action: &str,
    app: &str,
    detail: serde_json::Value,
) -> Result<(), ApiError> {
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: format!("app:{app}"),
            detail,
        })
        .await?;
    Ok(())
}

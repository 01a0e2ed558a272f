//! Webhook operations (admin only): a signed test delivery, the delivery
//! log, the outbox, and replaying dead-lettered events.

use axum::extract::State;
use chrono::Utc;
use modd_common::{
    DeliveryView, ErrorBody, ReplayRequest, ReplayResult, WebhookEventView, WebhookTestResult,
};
use serde::Deserialize;

use super::apps::{audit, check_app_name};
use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::outbox::webhooks::deliver::Delivery;
use crate::state::AppState;
use crate::store::DeliveryAttempt;

/// `?limit=` of the listings, and the status filter of the outbox.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// 1..=500, default 50.
    pub limit: Option<i64>,
    /// Outbox only: `pending`, `delivered` or `dead`.
    pub status: Option<String>,
}

fn limit(q: &ListQuery) -> Result<i64, ApiError> {
    let l = q.limit.unwrap_or(50);
    if (1..=500).contains(&l) {
        Ok(l)
    } else {
        Err(ApiError::Unprocessable("limit: between 1 and 500".into()))
    }
}

/// Sends a signed `webhook.test` event now and reports what came back.
#[utoipa::path(post, path = "/api/v1/admin/apps/{app}/test", tag = "apps",
    params(("app" = String, Path, description = "source_app")), security(("api_key" = [])),
    responses((status = 200, body = WebhookTestResult), (status = 404, body = ErrorBody)))]
pub async fn test(
    State(state): State<AppState>,
    _admin: Admin,
    Path(app): Path<String>,
) -> Result<axum::Json<WebhookTestResult>, ApiError> {
    check_app_name(&app)?;
    let record = state
        .store
        .get_app(&app)
        .await?
        .filter(|a| a.webhook_url.is_some())
        .ok_or_else(|| ApiError::NotFound(format!("{app} has no webhook")))?;
    let now = Utc::now();
    let secrets = Delivery::signing_secrets(&state.outbox.secrets, &record, now)
        .map_err(ApiError::Unprocessable)?;
    let webhook_id = crate::outbox::events::new_webhook_id();
    let body = crate::outbox::events::test_body(&app, now);
    let url = record.webhook_url.clone().unwrap_or_default();
    let result = state
        .outbox
        .sender
        .send(&url, &webhook_id, &body, &secrets)
        .await;
    let latency_ms = i64::try_from(result.latency.as_millis()).unwrap_or(i64::MAX);
    state
        .store
        .log_delivery(&DeliveryAttempt {
            event_id: None,
            webhook_id: webhook_id.clone(),
            source_app: app,
            attempt: 1,
            attempted_at: now,
            status_code: result.status_code.map(i64::from),
            latency_ms,
            error: result.error.clone(),
        })
        .await?;
    Ok(axum::Json(WebhookTestResult {
        webhook_id,
        ok: result.ok(),
        status_code: result.status_code.map(i64::from),
        latency_ms,
        error: result.error,
    }))
}

/// The app's latest delivery attempts, newest first.
#[utoipa::path(get, path = "/api/v1/admin/apps/{app}/deliveries", tag = "apps",
    params(("app" = String, Path, description = "source_app"), ListQuery),
    security(("api_key" = [])),
    responses((status = 200, body = Vec<DeliveryView>), (status = 422, body = ErrorBody)))]
pub async fn deliveries(
    State(state): State<AppState>,
    _admin: Admin,
    Path(app): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<DeliveryView>>, ApiError> {
    check_app_name(&app)?;
    let rows = state.store.list_deliveries(&app, limit(&q)?).await?;
    Ok(axum::Json(
        rows.into_iter()
            .map(|r| DeliveryView {
                id: r.id,
                webhook_id: r.attempt.webhook_id,
                attempt: r.attempt.attempt,
                attempted_at: r.attempt.attempted_at,
                status_code: r.attempt.status_code,
                latency_ms: r.attempt.latency_ms,
                error: r.attempt.error,
            })
            .collect(),
    ))
}

/// The app's outbox events, newest first.
#[utoipa::path(get, path = "/api/v1/admin/apps/{app}/events", tag = "apps",
    params(("app" = String, Path, description = "source_app"), ListQuery),
    security(("api_key" = [])),
    responses((status = 200, body = Vec<WebhookEventView>), (status = 422, body = ErrorBody)))]
pub async fn events(
    State(state): State<AppState>,
    _admin: Admin,
    Path(app): Path<String>,
    Query(q): Query<ListQuery>,
) -> Result<axum::Json<Vec<WebhookEventView>>, ApiError> {
    check_app_name(&app)?;
    if let Some(s) = q.status.as_deref()
        && !matches!(s, "pending" | "delivered" | "dead")
    {
        return Err(ApiError::Unprocessable(
            "status: pending, delivered or dead".into(),
        ));
    }
    let rows = state
        .store
        .list_webhook_events(&app, q.status.as_deref(), limit(&q)?)
        .await?;
    Ok(axum::Json(rows))
}

/// Puts dead events (one, or all of the app's) back in the outbox, due now.
/// They keep their `webhook-id`, so a receiver that did get one drops it.
#[utoipa::path(post, path = "/api/v1/admin/apps/{app}/replay", tag = "apps",
    params(("app" = String, Path, description = "source_app")), request_body = ReplayRequest,
    security(("api_key" = [])),
    responses((status = 200, body = ReplayResult), (status = 422, body = ErrorBody)))]
pub async fn replay(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Path(app): Path<String>,
    Json(req): Json<ReplayRequest>,
) -> Result<axum::Json<ReplayResult>, ApiError> {
    check_app_name(&app)?;
    let replayed = state
        .store
        .replay_webhook_events(&app, req.event_id, Utc::now())
        .await?;
    audit(
        &state,
        &caller.actor(),
        "webhook.replay",
        &app,
        serde_json::json!({"event_id": req.event_id, "replayed": replayed}),
    )
    .await?;
    Ok(axum::Json(ReplayResult { replayed }))
}

//! `/api/v1/admin/policies/{app}`: show, set (a new version), history and
//! dry-run test of an app's moderation policy. Admin keys only; every
//! change is audited and invalidates this replica's cached copy at once.

use axum::extract::State;
use chrono::Utc;
use modd_common::{ErrorBody, PolicyRequest, PolicyTestReport, PolicyView};
use serde::Deserialize;

use crate::http::auth::{Admin, Observer};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path, Query};
use crate::policy::{Policy, dry_run};
use crate::state::AppState;
use crate::store::{NewAuditEntry, NewPolicy};
use crate::validate;

/// Most decisions one dry run re-decides.
pub const MAX_TEST_LAST: u32 = 100_000;
const DEFAULT_TEST_LAST: u32 = 10_000;

fn check_app(app: &str) -> Result<(), ApiError> {
    validate::source_app(app).map_err(|e| ApiError::Unprocessable(e.to_string()))
}

fn check_document(req: &PolicyRequest) -> Result<(), ApiError> {
    req.document
        .validate()
        .map_err(|e| ApiError::Unprocessable(format!("document: {e}")))
}

/// The app's current policy (the built-in one, version 0, when it has none).
#[utoipa::path(get, path = "/api/v1/admin/policies/{app}", tag = "admin",
    params(("app" = String, Path, description = "source_app")),
    security(("api_key" = [])),
    responses((status = 200, body = PolicyView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    _observer: Observer,
    Path(app): Path<String>,
) -> Result<axum::Json<PolicyView>, ApiError> {
    check_app(&app)?;
    state.policies.invalidate(&app); // an operator asking wants the stored truth
    Ok(axum::Json(state.policies.get(&app).await?.view()))
}

/// Stores a new version of the app's policy; decisions from now on use it.
#[utoipa::path(put, path = "/api/v1/admin/policies/{app}", tag = "admin",
    params(("app" = String, Path, description = "source_app")),
    request_body = PolicyRequest,
    security(("api_key" = [])),
    responses((status = 200, body = PolicyView), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Path(app): Path<String>,
    Json(req): Json<PolicyRequest>,
) -> Result<axum::Json<PolicyView>, ApiError> {
    check_app(&app)?;
    check_document(&req)?;
    if req.last.is_some() {
        return Err(ApiError::Unprocessable(
            "last: only for a dry run (…/test)".into(),
        ));
    }
    let document =
        serde_json::to_value(&req.document).map_err(|e| ApiError::Internal(e.to_string()))?;
    let now = Utc::now();
    let record = state
        .store
        .insert_policy(&NewPolicy {
            source_app: app.clone(),
            document,
            created_by: Some(caller.actor()),
            created_at: now,
        })
        .await?;
    state.policies.invalidate(&app);
    state
        .store
        .append_audit(&NewAuditEntry {
            at: now,
            actor: caller.actor(),
            action: "policy.set".into(),
            target: format!("policy:{app}"),
            detail: serde_json::json!({ "version": record.version }),
        })
        .await?;
    let policy = Policy::from_record(record).map_err(|e| ApiError::Internal(e.to_string()))?;
    tracing::info!(source_app = %app, version = policy.version, "policy set");
    Ok(axum::Json(policy.view()))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HistoryQuery {
    /// Most versions to list (default 50).
    pub limit: Option<i64>,
}

/// The app's stored policy versions, newest first.
#[utoipa::path(get, path = "/api/v1/admin/policies/{app}/history", tag = "admin",
    params(("app" = String, Path, description = "source_app"), HistoryQuery),
    security(("api_key" = [])),
    responses((status = 200, body = Vec<PolicyView>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    _observer: Observer,
    Path(app): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> Result<axum::Json<Vec<PolicyView>>, ApiError> {
    check_app(&app)?;
    let limit = q.limit.unwrap_or(50).clamp(1, 1000);
    let records = state.store.policy_history(&app, limit).await?;
    let views = records
        .into_iter()
        .map(|r| Policy::from_record(r).map(|p| p.view()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(axum::Json(views))
}

/// Dry run: re-decides the newest automatic decisions under the proposed
/// document from their stored scores. Classifies nothing, changes nothing.
#[utoipa::path(post, path = "/api/v1/admin/policies/{app}/test", tag = "admin",
    params(("app" = String, Path, description = "source_app")),
    request_body = PolicyRequest,
    security(("api_key" = [])),
    responses((status = 200, body = PolicyTestReport), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn test(
    State(state): State<AppState>,
    _admin: Admin,
    Path(app): Path<String>,
    Json(req): Json<PolicyRequest>,
) -> Result<axum::Json<PolicyTestReport>, ApiError> {
    check_app(&app)?;
    check_document(&req)?;
    let last = req.last.unwrap_or(DEFAULT_TEST_LAST);
    if !(1..=MAX_TEST_LAST).contains(&last) {
        return Err(ApiError::Unprocessable(format!(
            "last: must be between 1 and {MAX_TEST_LAST}"
        )));
    }
    let current = state.policies.get(&app).await?;
    let items = state.store.recent_decisions(&app, i64::from(last)).await?;
    let mut proposed = Policy::builtin(&app);
    proposed.document = req.document;
    let bound: Vec<String> = state
        .engine
        .classifiers()
        .filter(|c| c.language_bound())
        .map(|c| c.name().to_owned())
        .collect();
    // Up to 100k decisions: off the async runtime.
    let label = current.label.clone();
    let report = tokio::task::spawn_blocking(move || {
        dry_run::run(&proposed, &label, &items, |c| bound.iter().any(|b| b == c))
    })
    .await
    .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(axum::Json(report))
}

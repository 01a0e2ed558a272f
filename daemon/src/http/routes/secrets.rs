//! `SECRET_KEY` rotation (admin only): reseals one page of stored webhook
//! secrets under the current key. `modctl secrets rotate` walks the pages;
//! a page is one transaction with its audit entry, so an interrupted run
//! keeps what it did and a rerun skips what is already current.

use axum::extract::State;
use chrono::Utc;
use modd_common::{ErrorBody, RESEAL_DEFAULT_LIMIT, RESEAL_MAX_LIMIT, ResealPage, ResealRequest};

use crate::http::auth::Admin;
use crate::http::error::ApiError;
use crate::http::extract::Json;
use crate::http::routes::apps::check_app_name;
use crate::outbox::webhooks::reseal;
use crate::state::AppState;
use crate::store::ResealAudit;

/// Reseals (or, with `dry_run`, reports) one page of apps' webhook secrets.
#[utoipa::path(post, path = "/api/v1/admin/secrets/reseal", tag = "apps",
    request_body = ResealRequest, security(("api_key" = [])),
    responses((status = 200, body = ResealPage), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reseal(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Json(req): Json<ResealRequest>,
) -> Result<axum::Json<ResealPage>, ApiError> {
    let limit = req.limit.unwrap_or(RESEAL_DEFAULT_LIMIT);
    if !(1..=RESEAL_MAX_LIMIT).contains(&limit) {
        return Err(ApiError::Unprocessable(format!(
            "limit: 1 to {RESEAL_MAX_LIMIT}"
        )));
    }
    if !req.after.is_empty() {
        check_app_name(&req.after).map_err(|_| {
            ApiError::Unprocessable("after: empty or an app name (the previous page's next)".into())
        })?;
    }
    let apps = state
        .store
        .apps_with_secrets(&req.after, i64::from(limit))
        .await?;
    let secrets = &state.outbox.secrets;
    let plan = reseal::plan(secrets, &apps, Utc::now());
    let planned: Vec<String> = plan.reseals.iter().map(|r| r.source_app.clone()).collect();
    let resealed = if req.dry_run || plan.reseals.is_empty() {
        planned.clone()
    } else {
        let audit = ResealAudit {
            at: Utc::now(),
            actor: caller.actor(),
            key_id: secrets.key_id().to_owned(),
        };
        state
            .store
            .reseal_app_secrets(&plan.reseals, &audit)
            .await?
    };
    let changed = planned
        .into_iter()
        .filter(|a| !resealed.contains(a))
        .collect();
    let full = usize::try_from(limit).is_ok_and(|l| apps.len() == l);
    Ok(axum::Json(ResealPage {
        key_id: secrets.key_id().to_owned(),
        previous_key_ids: secrets.previous_key_ids(),
        dry_run: req.dry_run,
        scanned: apps.len() as u64,
        current: plan.current,
        resealed,
        undecryptable: plan.undecryptable,
        changed,
        next: apps.last().filter(|_| full).map(|a| a.source_app.clone()),
    }))
}

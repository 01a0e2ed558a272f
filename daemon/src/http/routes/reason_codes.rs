//! Each app's reason codes: read by reviewers (the codes they may give),
//! changed by admins. The rules are `crate::review::reasons`.

use axum::extract::State;
use modd_common::{ErrorBody, ReasonCodes, SetReasonCodes};

use super::apps::check_app_name;
use crate::http::auth::{Admin, Reviewer};
use crate::http::error::ApiError;
use crate::http::extract::{Json, Path};
use crate::review::reasons;
use crate::state::AppState;

/// The reason codes a reviewer can give for the app's items, in the
/// console's order (the built-in list when the app has none of its own).
#[utoipa::path(get, path = "/api/v1/admin/apps/{app}/reason-codes", tag = "review",
    params(("app" = String, Path, description = "source_app")), security(("api_key" = [])),
    responses((status = 200, body = ReasonCodes), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    _reviewer: Reviewer,
    Path(app): Path<String>,
) -> Result<axum::Json<ReasonCodes>, ApiError> {
    check_app_name(&app)?;
    Ok(axum::Json(reasons::codes_for(&state, &app).await?))
}

/// Replaces the app's reason codes: 1 to 9, unique, each code 1 to 32 of
/// `a-z0-9_` starting with a letter, each label 1 to 80 characters;
/// `{"codes": null}` goes back to the built-in list. Decisions already
/// recorded keep their code.
#[utoipa::path(put, path = "/api/v1/admin/apps/{app}/reason-codes", tag = "review",
    params(("app" = String, Path, description = "source_app")), request_body = SetReasonCodes,
    security(("api_key" = [])),
    responses((status = 200, body = ReasonCodes), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put(
    State(state): State<AppState>,
    Admin(caller): Admin,
    Path(app): Path<String>,
    Json(body): Json<SetReasonCodes>,
) -> Result<axum::Json<ReasonCodes>, ApiError> {
    check_app_name(&app)?;
    Ok(axum::Json(
        reasons::set(&state, &app, body.codes, caller.actor()).await?,
    ))
}

//! The appeal queue page and the appeal decision post of an item page;
//! both call `crate::appeals`, as the JSON API does.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use modd_common::AppealOutcome;

use super::item::DecideForm;
use super::session::Moderator;
use super::{csrf, view};
use crate::appeals;
use crate::http::error::ApiError;
use crate::http::extract::{Form, Path};
use crate::state::AppState;
use crate::store::AppealFilter;

/// Open appeals listed at most.
const SHOWN: i64 = 200;

/// `GET /console/appeals`: open appeals, oldest item first.
pub async fn page(
    State(state): State<AppState>,
    moderator: Moderator,
) -> Result<Response, ApiError> {
    let filter = AppealFilter {
        limit: SHOWN,
        ..AppealFilter::default()
    };
    let open = appeals::list(&state, &filter).await?;
    Ok(view::appeals::page(&moderator, &open, Utc::now()).into_response())
}

/// `POST /console/items/{id}/appeal`: the same decision as
/// `POST /api/v1/admin/appeals/{id}/approve|reject`, then the appeal queue.
pub async fn decide(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Redirect, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    let outcome = if form.approves()? {
        AppealOutcome::Overturned
    } else {
        AppealOutcome::Upheld
    };
    appeals::decide(
        &state,
        &moderator.caller,
        id,
        outcome,
        form.note,
        form.reason_code,
    )
    .await?;
    Ok(Redirect::to("/console/appeals"))
}

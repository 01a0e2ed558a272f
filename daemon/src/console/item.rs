//! The item page (which claims the item, and shows its appeal), the
//! decision post, and "next".

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use modd_common::{ItemStatus, ReviewVerdict};
use serde::Deserialize;

use super::session::Moderator;
use super::{csrf, view};
use crate::http::error::ApiError;
use crate::http::extract::{Form, Path, Query};
use crate::review;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct DecideForm {
    csrf: Option<String>,
    verdict: String,
    #[serde(default)]
    reason_code: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    /// `1`: show the image unblurred.
    reveal: Option<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NextQuery {
    after: Option<i64>,
}

/// `GET /console/items/{id}[?reveal=1]`: opening a flagged item claims it for
/// `review::CLAIM_FOR` (or shows who holds it).
pub async fn page(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let item = review::show(&state, id).await?;
    let claim = if item.status == ItemStatus::Flagged {
        review::claim(&state, &moderator.actor(), id).await?
    } else {
        None
    };
    let reveal = q.reveal == Some(1);
    let appeal = crate::appeals::find(&state, id).await?;
    let own_decision = appeal
        .as_ref()
        .and_then(|a| a.original_reviewed_by.as_deref())
        .is_some_and(|by| moderator.caller.is_actor(by));
    let appeal = appeal.as_ref().map(|a| (a, own_decision));
    Ok(view::item::page(&moderator, &item, claim.as_ref(), reveal, appeal).into_response())
}

/// `POST /console/items/{id}/decide`: the same decision as
/// `POST /api/v1/admin/review/{id}/approve|reject`, then the next item.
pub async fn decide(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Redirect, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    let verdict = match form.verdict.as_str() {
        "approve" => ReviewVerdict::Approved,
        "reject" => ReviewVerdict::Blocked,
        _ => {
            return Err(ApiError::Unprocessable("verdict: approve or reject".into()));
        }
    };
    let (note, reason_code) = review::check_note(form.note, form.reason_code)?;
    review::decide_or_refuse(&state, moderator.actor(), id, verdict, note, reason_code).await?;
    Ok(Redirect::to("/console/next"))
}

/// `GET /console/next[?after=id]`: the oldest flagged item (after `id`,
/// wrapping round) that nobody else holds, or the queue when none is left.
pub async fn next(
    State(state): State<AppState>,
    moderator: Moderator,
    Query(q): Query<NextQuery>,
) -> Result<Redirect, ApiError> {
    let found = review::next_unclaimed(&state, &moderator.actor(), q.after.unwrap_or(0)).await?;
    Ok(match found {
        Some(id) => Redirect::to(&format!("/console/items/{id}")),
        None => Redirect::to("/console"),
    })
}

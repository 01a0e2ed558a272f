//! The item page (which changes nothing, and shows its appeal), the claim,
//! the decision post (held for undo when `MODD_CONSOLE_UNDO` is set), the
//! undo, and "next".

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
    pub(super) csrf: Option<String>,
    verdict: String,
    #[serde(default)]
    pub(super) reason_code: Option<String>,
    #[serde(default)]
    pub(super) note: Option<String>,
}

impl DecideForm {
    /// Which of the form's two buttons was pressed: `approve` or `reject`
    /// (the review and the appeal forms share them, and the keys `a`/`r`).
    pub(super) fn approves(&self) -> Result<bool, ApiError> {
        match self.verdict.as_str() {
            "approve" => Ok(true),
            "reject" => Ok(false),
            _ => Err(ApiError::Unprocessable("verdict: approve or reject".into())),
        }
    }
}

/// A form that only carries its CSRF token (claim, undo).
#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: Option<String>,
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

/// `GET /console/items/{id}[?reveal=1]`: the item, its app's reason codes,
/// its appeal, and who holds it. Read only: a prefetch or a second tab
/// claims nothing (the page's script claims it with a `POST`, as the claim
/// button does).
pub async fn page(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Response, ApiError> {
    let item = review::show(&state, id).await?;
    let claim = if item.status == ItemStatus::Flagged {
        review::claim_of(&state, id).await?
    } else {
        None
    };
    let codes = review::reasons::codes_for(&state, &item.source_app).await?;
    let holds = review::undo::open_holds(&state, &moderator.actor()).await?;
    let appeal = crate::appeals::find(&state, id).await?;
    let own_decision = appeal
        .as_ref()
        .and_then(|a| a.original_reviewed_by.as_deref())
        .is_some_and(|by| moderator.caller.is_actor(by));
    let page = view::item::Page {
        item: &item,
        claim: claim.as_ref(),
        codes: &codes.codes,
        holds: &holds,
        reveal: q.reveal == Some(1),
        appeal: appeal.as_ref().map(|a| (a, own_decision)),
    };
    Ok(view::item::page(&moderator, &page).into_response())
}

/// `POST /console/items/{id}/claim`: keeps the item for this moderator for
/// `review::CLAIM_FOR` (or leaves another's claim alone), then shows it.
pub async fn claim(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Result<Redirect, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    review::claim(&state, &moderator.actor(), id).await?;
    Ok(Redirect::to(&format!("/console/items/{id}")))
}

/// `POST /console/items/{id}/decide`: the same checked decision as
/// `POST /api/v1/admin/review/{id}/approve|reject`, held for the undo
/// window (or recorded at once without one), then the next item.
pub async fn decide(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Form(form): Form<DecideForm>,
) -> Result<Redirect, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    let verdict = if form.approves()? {
        ReviewVerdict::Approved
    } else {
        ReviewVerdict::Blocked
    };
    let decision = review::checked(
        &state,
        moderator.actor(),
        id,
        verdict,
        form.note,
        form.reason_code,
    )
    .await?;
    if state.settings.console.undo_window.is_zero() {
        review::decide_or_refuse(&state, &decision).await?;
    } else {
        review::undo::hold(&state, decision).await?;
    }
    Ok(Redirect::to("/console/next"))
}

/// `POST /console/items/{id}/undo`: drops the moderator's held decision
/// while its window is open and shows the item again, still theirs.
pub async fn undo(
    State(state): State<AppState>,
    moderator: Moderator,
    Path(id): Path<i64>,
    Form(form): Form<TokenForm>,
) -> Result<Redirect, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    review::undo::undo(&state, &moderator.actor(), id).await?;
    Ok(Redirect::to(&format!("/console/items/{id}")))
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

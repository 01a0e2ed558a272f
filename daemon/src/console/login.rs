//! Sign-in and sign-out. Sign-in takes a reviewer or admin key once,
//! checks it with the same verifier as the API, and answers with a session
//! cookie; the key itself is never stored in the browser.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;

use super::session::{self, Moderator};
use super::{csrf, view};
use crate::auth::AuthFailure;
use crate::http::error::ApiError;
use crate::http::extract::Form;
use crate::http::permissions::{self, Access};
use crate::state::AppState;
use crate::store::NewAuditEntry;

#[derive(Debug, Deserialize)]
pub struct SignInForm {
    key: String,
}

#[derive(Debug, Deserialize)]
pub struct SignOutForm {
    csrf: Option<String>,
}

/// `GET /console/login`.
pub async fn form() -> Response {
    view::login::page(None).into_response()
}

/// `POST /console/login`: a refused key gets the form again with the
/// reason (which never repeats the key).
pub async fn sign_in(
    State(state): State<AppState>,
    Form(form): Form<SignInForm>,
) -> Result<Response, ApiError> {
    let key = match state.keys.verify(Some(form.key.trim())).await {
        Ok(key) => key,
        Err(AuthFailure::Store(e)) => return Err(e.into()),
        Err(failure) => {
            let page = view::login::page(Some(&failure.to_string()));
            return Ok((StatusCode::UNAUTHORIZED, page).into_response());
        }
    };
    if !permissions::allows(key.role, Access::Review) {
        let why = format!(
            "a {} key cannot use the console: it needs a reviewer or admin key",
            key.role.as_str()
        );
        return Ok((StatusCode::FORBIDDEN, view::login::page(Some(&why))).into_response());
    }
    let cookie = session::start(&state, &key).await?;
    let actor = crate::http::auth::Caller { key }.actor();
    audit(&state, &actor, "console.sign_in").await?;
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/console")).into_response())
}

/// `POST /console/logout`.
pub async fn sign_out(
    State(state): State<AppState>,
    moderator: Moderator,
    Form(form): Form<SignOutForm>,
) -> Result<Response, ApiError> {
    csrf::check(&moderator, form.csrf.as_deref())?;
    let cookie = session::end(&state, &moderator).await?;
    audit(&state, &moderator.actor(), "console.sign_out").await?;
    Ok((
        [(header::SET_COOKIE, cookie)],
        Redirect::to("/console/login"),
    )
        .into_response())
}

async fn audit(state: &AppState, actor: &str, action: &str) -> Result<(), ApiError> {
    state
        .store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            actor: actor.to_owned(),
            action: action.to_owned(),
            target: "console".into(),
            detail: serde_json::Value::Null,
        })
        .await?;
    Ok(())
}

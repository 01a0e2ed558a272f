//! Console sessions: a reviewer's or admin's key exchanged for a random
//! session id in an `HttpOnly`, `SameSite=Strict` cookie (`Secure` in
//! production), stored server-side as its SHA-256 so it can be ended:
//! by sign-out, after `MODD_CONSOLE_SESSION_IDLE` without a request, after
//! `MODD_CONSOLE_SESSION_MAX` whatever happens, and at once when its key is
//! revoked or expires
//! (every request re-reads the key). Sessions are not API keys: the JSON
//! API never reads this cookie.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use sha2::{Digest, Sha256};
use std::sync::Arc;

use super::csrf::random_token;
use crate::http::auth::Caller;
use crate::http::error::ApiError;
use crate::http::permissions::{self, Access};
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::{KeyRecord, NewSession};

pub const COOKIE: &str = "modd_console";
/// Longer ids are not ours; refused before hashing.
const MAX_ID_LEN: usize = 64;

/// A signed-in moderator: the key behind the session and its CSRF token.
#[derive(Debug, Clone)]
pub struct Moderator {
    pub caller: Caller,
    pub csrf: String,
    id_hash: [u8; 32],
}

impl Moderator {
    /// Who acts, as audit entries and decisions record it.
    pub fn actor(&self) -> String {
        self.caller.actor()
    }

    /// The name shown on pages: the key's person, else its name.
    pub fn display_name(&self) -> &str {
        self.caller
            .key
            .person
            .as_deref()
            .unwrap_or(&self.caller.key.name)
    }
}

/// Why a request has no moderator.
#[derive(Debug)]
pub enum NoSession {
    /// A page load without a live session: go and sign in.
    SignIn,
    Error(ApiError),
}

impl IntoResponse for NoSession {
    fn into_response(self) -> Response {
        match self {
            NoSession::SignIn => Redirect::to("/console/login").into_response(),
            NoSession::Error(e) => e.into_response(),
        }
    }
}

impl From<ApiError> for NoSession {
    fn from(e: ApiError) -> Self {
        NoSession::Error(e)
    }
}

impl FromRequestParts<AppState> for Moderator {
    type Rejection = NoSession;

    #[tracing::instrument(name = "console_session", skip_all)]
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // A page load goes to the sign-in form; a post (or the event
        // stream) gets an error it can show.
        let signed_out = || {
            if parts.method == Method::GET && !parts.uri.path().ends_with("/events") {
                NoSession::SignIn
            } else {
                NoSession::Error(ApiError::Unauthorized(
                    "no console session: sign in at /console/login".into(),
                ))
            }
        };
        let Some(id) = session_id(&parts.headers) else {
            return Err(signed_out());
        };
        let id_hash = hash(id);
        let now = Utc::now();
        let store = &state.store;
        let Some(session) = store
            .touch_session(&id_hash, now, now - state.settings.console.session_idle)
            .await
            .map_err(ApiError::from)?
        else {
            return Err(signed_out());
        };
        let key = store
            .get_key(session.key_id)
            .await
            .map_err(ApiError::from)?;
        let Some(key) = key.filter(|k| usable(k, now)) else {
            store.end_session(&id_hash).await.map_err(ApiError::from)?;
            return Err(signed_out());
        };
        crate::http::access_log::note_key(&parts.extensions, key.id);
        Ok(Moderator {
            caller: Caller { key: Arc::new(key) },
            csrf: session.csrf_token,
            id_hash,
        })
    }
}

/// Whether a key may hold a console session now: working, and allowed to review.
fn usable(key: &KeyRecord, now: chrono::DateTime<Utc>) -> bool {
    !key.revoked_by(now) && !key.expired_by(now) && permissions::allows(key.role, Access::Review)
}

fn hash(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

/// The session id from the `Cookie` header(s), if well-formed.
fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| !v.is_empty() && v.len() <= MAX_ID_LEN)
}

/// Starts a session for a verified key; returns the `Set-Cookie` value.
pub async fn start(state: &AppState, key: &KeyRecord) -> Result<HeaderValue, ApiError> {
    let id = random_token();
    let now = Utc::now();
    let lasts = state.settings.console.session_max;
    state
        .store
        .create_session(&NewSession {
            id_hash: hash(&id).to_vec(),
            key_id: key.id,
            csrf_token: random_token(),
            created_at: now,
            expires_at: now + lasts,
        })
        .await?;
    cookie(&state.settings, &id, lasts.num_seconds())
}

/// Ends the moderator's session; returns the `Set-Cookie` that clears it.
pub async fn end(state: &AppState, moderator: &Moderator) -> Result<HeaderValue, ApiError> {
    state.store.end_session(&moderator.id_hash).await?;
    cookie(&state.settings, "", 0)
}

fn cookie(settings: &Settings, value: &str, max_age: i64) -> Result<HeaderValue, ApiError> {
    let secure = if settings.is_production() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE}={value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .map_err(|_| ApiError::Internal("session cookie is not a header value".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; modd_console=abc"),
        );
        assert_eq!(session_id(&headers), Some("abc"));
        let mut other = HeaderMap::new();
        other.append(header::COOKIE, HeaderValue::from_static("modd_console_x=1"));
        assert_eq!(session_id(&other), None);
        let long = format!("modd_console={}", "a".repeat(65));
        let mut too_long = HeaderMap::new();
        too_long.append(header::COOKIE, HeaderValue::from_str(&long).unwrap());
        assert_eq!(session_id(&too_long), None);
    }
}

//! `GET /api/v1/whoami`: the calling key as the server sees it. Lets a client
//! check its key (and its limit, in the headers) without side effects; the
//! smoke tests use it.

use axum::extract::State;
use modd_common::{ErrorBody, KeyInfo};

use crate::http::auth::Caller;
use crate::state::AppState;

/// The calling key (never its secret).
#[utoipa::path(get, path = "/api/v1/whoami", tag = "keys", security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn whoami(State(state): State<AppState>, caller: Caller) -> axum::Json<KeyInfo> {
    axum::Json(super::admin_keys::info(&state, &caller.key))
}

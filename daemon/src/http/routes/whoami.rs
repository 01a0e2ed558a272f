//! `GET /api/v1/whoami`: the calling key as the server sees it. Lets a client
//! check its key (and its limit, in the headers) without side effects; the
//! smoke tests use it.

use modd_common::{ErrorBody, KeyInfo};

use crate::http::auth::Caller;

/// The calling key (never its secret).
#[utoipa::path(get, path = "/api/v1/whoami", tag = "keys", security(("api_key" = [])),
    responses((status = 200, body = KeyInfo), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn whoami(caller: Caller) -> axum::Json<KeyInfo> {
    axum::Json(caller.key.info())
}

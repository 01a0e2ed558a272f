//! CSRF tokens: one random token per session, stored with it, sent back in
//! a hidden field of every state-changing form and compared in constant
//! time. `SameSite=Strict` already keeps the cookie off cross-site posts;
//! the token also covers same-site pages and old browsers.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use subtle::ConstantTimeEq;

use super::session::Moderator;
use crate::http::error::ApiError;

/// 32 random bytes, URL-safe base64: a session id or a CSRF token.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Refuses a form whose token is missing or not the session's.
pub fn check(moderator: &Moderator, presented: Option<&str>) -> Result<(), ApiError> {
    let expected = moderator.csrf.as_bytes();
    match presented {
        Some(p) if bool::from(p.as_bytes().ct_eq(expected)) => Ok(()),
        _ => Err(ApiError::Forbidden(
            "missing or wrong CSRF token: reload the page and try again".into(),
        )),
    }
}

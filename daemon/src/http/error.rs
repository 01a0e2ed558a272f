//! `ApiError`: every failure a handler can return, its status, and the one
//! JSON body (`{"error":{"code","message"}}`). Internals never leak: a 5xx
//! says only that something failed, and the cause is logged once.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use modd_common::ErrorBody;

use crate::store::StoreError;

/// An error answered to a client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    InvalidJson(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// A reviewer asked to decide the appeal of their own decision.
    #[error("{0}")]
    SameReviewer(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// A console decision asked to be undone after its undo window.
    #[error("{0}")]
    UndoExpired(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request took too long")]
    Timeout,
    #[error("request body exceeds {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("rate limit exceeded; retry in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("{0}")]
    Unavailable(String),
    /// The cause is logged, never sent.
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// The status table, in one place.
    pub fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) | ApiError::InvalidJson(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) | ApiError::SameReviewer(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) | ApiError::UndoExpired(_) => StatusCode::CONFLICT,
            ApiError::Timeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::InvalidJson(_) => "invalid_json",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::SameReviewer(_) => "same_reviewer",
            ApiError::NotFound(_) => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict(_) => "conflict",
            ApiError::UndoExpired(_) => "undo_expired",
            ApiError::Timeout => "timeout",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Unprocessable(_) => "validation_failed",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable(_) => "unavailable",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody::new(self.code(), self.to_string())
    }
}

/// How long a client should wait before retrying a 503: about as long as a
/// PostgreSQL restart or a failover takes to accept connections again.
const UNAVAILABLE_RETRY_AFTER_SECS: u64 = 2;

impl ApiError {
    /// The `Retry-After` of a response: rate limits and outages only.
    fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            ApiError::Unavailable(_) => Some(UNAVAILABLE_RETRY_AFTER_SECS),
            _ => None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if let ApiError::Internal(cause) | ApiError::Unavailable(cause) = &self {
            tracing::error!(code = self.code(), cause = %cause, "request failed");
        }
        let mut response = (status, axum::Json(self.body())).into_response();
        if let Some(secs) = self.retry_after_secs()
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound("not found".into()),
            StoreError::Conflict(message) => {
                ApiError::Conflict(client_message(message, "conflicts with an existing record"))
            }
            StoreError::Invalid(message) => {
                ApiError::Unprocessable(client_message(message, "the data cannot be stored"))
            }
            StoreError::Unavailable(cause) => {
                tracing::error!(cause = %cause, "database unavailable");
                ApiError::Unavailable("the database is unavailable; retry later".into())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// Words of the databases' own messages (SQLite's "UNIQUE constraint failed:
/// t.c", PostgreSQL's "duplicate key value violates unique constraint \"x\"",
/// "invalid byte sequence"): they name tables, columns and constraints.
const DRIVER_WORDS: &[&str] = &[
    "constraint",
    "violates",
    "duplicate key",
    "sqlstate",
    "byte sequence",
    "character with",
];

/// The store's own message (written for the client), or `generic` when it is
/// the database's: schema names never reach a client; the full text is logged.
fn client_message(message: String, generic: &str) -> String {
    let lower = message.to_ascii_lowercase();
    if DRIVER_WORDS.iter().any(|w| lower.contains(w)) {
        tracing::warn!(cause = %message, "database refused the data");
        generic.to_owned()
    } else {
        message
    }
}

impl From<crate::policy::PolicyError> for ApiError {
    fn from(e: crate::policy::PolicyError) -> Self {
        match e {
            crate::policy::PolicyError::Store(e) => e.into(),
            // An operator's data problem, not the client's: never shown to it.
            invalid => ApiError::Internal(invalid.to_string()),
        }
    }
}

impl From<crate::intake::Rejected> for ApiError {
    fn from(r: crate::intake::Rejected) -> Self {
        use crate::intake::Rejected;
        match r {
            Rejected::Invalid(message) => ApiError::Unprocessable(message),
            Rejected::AppNotAllowed => ApiError::Forbidden(r.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_table() {
        let cases = [
            (ApiError::BadRequest(String::new()), 400, "bad_request"),
            (ApiError::InvalidJson(String::new()), 400, "invalid_json"),
            (ApiError::Unauthorized(String::new()), 401, "unauthorized"),
            (ApiError::Forbidden(String::new()), 403, "forbidden"),
            (ApiError::SameReviewer(String::new()), 403, "same_reviewer"),
            (ApiError::NotFound(String::new()), 404, "not_found"),
            (ApiError::MethodNotAllowed, 405, "method_not_allowed"),
            (ApiError::Conflict(String::new()), 409, "conflict"),
            (ApiError::UndoExpired(String::new()), 409, "undo_expired"),
            (ApiError::Timeout, 408, "timeout"),
            (ApiError::PayloadTooLarge(1), 413, "payload_too_large"),
            (
                ApiError::UnsupportedMediaType(String::new()),
                415,
                "unsupported_media_type",
            ),
            (
                ApiError::Unprocessable(String::new()),
                422,
                "validation_failed",
            ),
            (
                ApiError::RateLimited {
                    retry_after_secs: 1,
                },
                429,
                "rate_limited",
            ),
            (ApiError::Unavailable(String::new()), 503, "unavailable"),
            (ApiError::Internal(String::new()), 500, "internal"),
        ];
        for (err, status, code) in cases {
            assert_eq!(err.status_code().as_u16(), status);
            assert_eq!(err.code(), code);
        }
    }

    #[test]
    fn an_unavailable_database_is_a_503_with_retry_after() {
        let e = ApiError::from(StoreError::Unavailable(
            "terminating connection due to administrator command".into(),
        ));
        let response = e.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response
                .headers()
                .get(header::RETRY_AFTER)
                .map(|v| v.as_bytes()),
            Some(b"2".as_slice())
        );
    }

    #[test]
    fn database_messages_and_constraint_names_never_reach_a_client() {
        let driver = [
            StoreError::Conflict("UNIQUE constraint failed: apps.source_app".into()),
            StoreError::Conflict(
                "duplicate key value violates unique constraint \"policies_pkey\"".into(),
            ),
            StoreError::Invalid("CHECK constraint failed: version >= 1".into()),
            StoreError::Invalid("invalid byte sequence for encoding \"UTF8\": 0x00".into()),
            StoreError::Other("relation \"items\" does not exist".into()),
        ];
        for e in driver {
            let shown = ApiError::from(e).body().error.message;
            for leak in ["apps.", "policies_pkey", "version >=", "UTF8", "items"] {
                assert!(!shown.contains(leak), "{shown}");
            }
        }
        // The store's own messages are meant for the client and pass.
        let own = StoreError::Invalid("note contains a NUL character (U+0000)".into());
        assert_eq!(
            ApiError::from(own).body().error.message,
            "note contains a NUL character (U+0000)"
        );
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let e = ApiError::Internal("password=hunter2 at db.internal".into());
        assert_eq!(e.body().error.message, "internal error");
    }
}

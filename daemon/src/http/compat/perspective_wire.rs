//! Perspective's `comments:analyze` on the wire: the shapes live in
//! `modd_common::compat::perspective` (the typed client reads them too);
//! here is how this endpoint answers an error in Google's shape
//! (`{"error":{"code","message","status"}}`), so Perspective clients keep
//! working unchanged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use modd_common::compat::perspective::*;

/// An error answered in Google's shape.
#[derive(Debug, Clone)]
pub struct GoogleError(pub StatusCode, pub &'static str, pub String);

impl GoogleError {
    /// 400 `INVALID_ARGUMENT`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self(StatusCode::BAD_REQUEST, "INVALID_ARGUMENT", message.into())
    }

    /// 403 `PERMISSION_DENIED`.
    pub fn denied(message: impl Into<String>) -> Self {
        Self(StatusCode::FORBIDDEN, "PERMISSION_DENIED", message.into())
    }

    /// 429 `RESOURCE_EXHAUSTED`, Google's status for a spent quota.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self(
            StatusCode::TOO_MANY_REQUESTS,
            "RESOURCE_EXHAUSTED",
            format!("Quota exceeded for this API key; retry in {retry_after_secs}s."),
        )
    }

    /// 503 `UNAVAILABLE`; the cause is logged, never sent.
    pub fn unavailable(cause: &str) -> Self {
        tracing::error!(cause, "comments:analyze unavailable");
        Self(
            StatusCode::SERVICE_UNAVAILABLE,
            "UNAVAILABLE",
            "The service is currently unavailable.".into(),
        )
    }
}

impl IntoResponse for GoogleError {
    fn into_response(self) -> Response {
        let body = GoogleErrorBody {
            error: GoogleErrorDetail {
                code: self.0.as_u16(),
                message: self.2,
                status: self.1.to_owned(),
            },
        };
        (self.0, axum::Json(body)).into_response()
    }
}

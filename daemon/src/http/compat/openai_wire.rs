//! OpenAI's `POST /v1/moderations` on the wire: the shapes live in
//! `modd_common::compat::openai` (the typed client reads them too); here is
//! how this endpoint answers an error in OpenAI's shape, so OpenAI SDKs
//! raise their usual exceptions.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use modd_common::compat::openai::*;

/// An error answered in OpenAI's shape.
#[derive(Debug, Clone)]
pub struct OpenAiError {
    pub status: StatusCode,
    pub body: OpenAiErrorDetail,
}

impl OpenAiError {
    fn new(status: StatusCode, kind: &str, code: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            status,
            body: OpenAiErrorDetail {
                message: message.into(),
                kind: kind.to_owned(),
                param: None,
                code: code.map(str::to_owned),
            },
        }
    }

    /// 400 `invalid_request_error`, naming the offending parameter.
    pub fn invalid(param: &str, message: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            None,
            message,
        );
        e.body.param = Some(param.to_owned());
        e
    }

    /// 401 `invalid_api_key`, as OpenAI answers a missing or wrong key.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_request_error",
            Some("invalid_api_key"),
            message,
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "invalid_request_error",
            Some("forbidden"),
            message,
        )
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request_error",
            Some("payload_too_large"),
            format!("request body exceeds {limit} bytes"),
        )
    }

    /// 429 as OpenAI words it; its SDKs back off on `Retry-After`.
    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "requests",
            Some("rate_limit_exceeded"),
            format!(
                "Rate limit reached for this API key. Please try again in {retry_after_secs}s."
            ),
        )
    }

    /// 503 `server_error`; the cause is logged, never sent.
    pub fn unavailable(cause: &str) -> Self {
        tracing::error!(cause, "moderation endpoint unavailable");
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "server_error",
            Some("unavailable"),
            "the service is temporarily unavailable; retry later",
        )
    }
}

impl IntoResponse for OpenAiError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(OpenAiErrorBody { error: self.body }),
        )
            .into_response()
    }
}

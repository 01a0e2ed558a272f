//! The wire shapes of OpenAI's `POST /v1/moderations`: the request (`input`
//! as a string, an array of strings, or an array of content parts), the
//! response, and OpenAI's error body, which this endpoint answers instead of
//! ours so OpenAI SDKs raise their usual exceptions.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `POST /v1/moderations`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationRequest {
    pub input: ModerationInput,
    /// Accepted and ignored: modd answers with its own models.
    #[serde(default)]
    pub model: Option<String>,
    /// modd extension: whose policy decides `flagged` (default: the key's only app, else the built-in policy).
    #[serde(default)]
    pub source_app: Option<String>,
    /// modd extension: for content-type specific thresholds.
    #[serde(default)]
    pub content_type: Option<String>,
}

/// One text, several texts (one result each), or content parts (one result).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ModerationInput {
    Text(String),
    Texts(Vec<String>),
    Parts(Vec<ContentPart>),
}

/// A multi-modal input part.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ContentPart {
    Text { text: String },
    ImageUrl { image_url: ImageUrl },
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageUrl {
    pub url: String,
}

/// The response: one result per input.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationResponse {
    /// `modr-` and a random id.
    pub id: String,
    /// `modd-<version>`: the models are modd's, whatever was requested.
    pub model: String,
    pub results: Vec<ModerationResult>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModerationResult {
    /// Whether the caller's policy would not approve this input.
    pub flagged: bool,
    /// Per category: at or above the policy's review threshold.
    pub categories: BTreeMap<String, bool>,
    /// Per category: 0..1; 0 where nothing scored the category.
    pub category_scores: BTreeMap<String, f64>,
    /// Per category: which inputs (`text`, `image`) were scored; empty = not scored at all.
    pub category_applied_input_types: BTreeMap<String, Vec<String>>,
}

/// OpenAI's error body: `{"error":{"message","type","param","code"}}`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenAiErrorBody {
    pub error: OpenAiErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OpenAiErrorDetail {
    pub message: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub param: Option<String>,
    pub code: Option<String>,
}

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

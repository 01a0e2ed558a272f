//! The wire shapes of Perspective's `comments:analyze` and Google's error
//! body (`{"error":{"code","message","status"}}`), which this endpoint
//! answers instead of ours so Perspective clients keep working unchanged.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `POST /v1alpha1/comments:analyze`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeRequest {
    pub comment: Comment,
    /// Attribute name → options; at least one.
    #[serde(default)]
    pub requested_attributes: BTreeMap<String, AttributeOptions>,
    /// ISO 639-1 codes the caller vouches for; empty = detect.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Accepted; modd never stores what this endpoint receives.
    #[serde(default)]
    pub do_not_store: bool,
    #[serde(default)]
    pub span_annotations: bool,
    /// Echoed back.
    #[serde(default)]
    pub client_token: Option<String>,
    /// Accepted and ignored.
    #[serde(default)]
    #[schema(value_type = Object)]
    pub context: Option<serde_json::Value>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub community_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Comment {
    #[serde(default)]
    pub text: String,
    /// `PLAIN_TEXT` (the only type accepted).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AttributeOptions {
    /// Only `PROBABILITY`.
    #[serde(default)]
    pub score_type: Option<String>,
    /// Attributes scoring below this are left out of the response.
    #[serde(default)]
    pub score_threshold: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeResponse {
    pub attribute_scores: BTreeMap<String, AttributeScores>,
    pub languages: Vec<String>,
    pub detected_languages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttributeScores {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub span_scores: Vec<SpanScore>,
    pub summary_score: Score,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SpanScore {
    /// Offsets in Unicode code points, `end` exclusive.
    pub begin: usize,
    pub end: usize,
    pub score: Score,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Score {
    pub value: f64,
    /// Always `PROBABILITY`.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

impl Score {
    pub fn probability(value: f64) -> Self {
        Self {
            value,
            kind: "PROBABILITY",
        }
    }
}

/// Google's error body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoogleErrorBody {
    pub error: GoogleErrorDetail,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoogleErrorDetail {
    pub code: u16,
    pub message: String,
    pub status: &'static str,
}

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
                status: self.1,
            },
        };
        (self.0, axum::Json(body)).into_response()
    }
}

//! Perspective's `POST /v1alpha1/comments:analyze` and Google's error body
//! (`{"error":{"code","message","status"}}`), which this endpoint answers
//! instead of ours so Perspective clients keep working unchanged.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `POST /v1alpha1/comments:analyze`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AnalyzeRequest {
    pub comment: Comment,
    /// Attribute name → options; at least one.
    #[serde(default)]
    pub requested_attributes: BTreeMap<String, AttributeOptions>,
    /// ISO 639-1 codes the caller vouches for; empty = detect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Accepted; modd never stores what this endpoint receives.
    #[serde(default)]
    pub do_not_store: bool,
    #[serde(default)]
    pub span_annotations: bool,
    /// Echoed back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    /// Accepted and ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub context: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<String>,
}

impl AnalyzeRequest {
    /// A request to score `text` for `attributes`, with default options.
    pub fn new(text: impl Into<String>, attributes: &[&str]) -> Self {
        Self {
            comment: Comment {
                text: text.into(),
                kind: None,
            },
            requested_attributes: attributes
                .iter()
                .map(|a| ((*a).to_owned(), AttributeOptions::default()))
                .collect(),
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Comment {
    #[serde(default)]
    pub text: String,
    /// `PLAIN_TEXT` (the only type accepted).
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AttributeOptions {
    /// Only `PROBABILITY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_type: Option<String>,
    /// Attributes scoring below this are left out of the response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_threshold: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnalyzeResponse {
    pub attribute_scores: BTreeMap<String, AttributeScores>,
    pub languages: Vec<String>,
    pub detected_languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttributeScores {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub span_scores: Vec<SpanScore>,
    pub summary_score: Score,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct SpanScore {
    /// Offsets in Unicode code points, `end` exclusive.
    pub begin: usize,
    pub end: usize,
    pub score: Score,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Score {
    pub value: f64,
    /// Always `PROBABILITY`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl Score {
    pub fn probability(value: f64) -> Self {
        Self {
            value,
            kind: "PROBABILITY".to_owned(),
        }
    }
}

/// Google's error body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GoogleErrorBody {
    pub error: GoogleErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GoogleErrorDetail {
    /// The HTTP status again, as Google repeats it.
    pub code: u16,
    pub message: String,
    /// Google's status name, e.g. `INVALID_ARGUMENT`.
    pub status: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_request_serializes_as_perspective_expects() {
        let req = AnalyzeRequest::new("hi", &["TOXICITY"]);
        assert_eq!(
            serde_json::to_value(&req).unwrap(),
            serde_json::json!({
                "comment": {"text": "hi"},
                "requestedAttributes": {"TOXICITY": {}},
                "doNotStore": false,
                "spanAnnotations": false
            })
        );
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(serde_json::from_str::<AnalyzeRequest>(&json).unwrap(), req);
    }
}

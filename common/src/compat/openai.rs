//! OpenAI's `POST /v1/moderations`: the request (`input` as a string, an
//! array of strings, or an array of content parts), the response, and
//! OpenAI's error body, which this endpoint answers instead of ours so
//! OpenAI SDKs raise their usual exceptions.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `POST /v1/moderations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModerationRequest {
    pub input: ModerationInput,
    /// Accepted and ignored: modd answers with its own models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// modd extension: whose policy decides `flagged` (default: the key's only app, else the built-in policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_app: Option<String>,
    /// modd extension: for content-type specific thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

impl ModerationRequest {
    /// A request for `input` with no model and no modd extensions.
    pub fn new(input: ModerationInput) -> Self {
        Self {
            input,
            model: None,
            source_app: None,
            content_type: None,
        }
    }
}

/// One text, several texts (one result each), or content parts (one result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ModerationInput {
    Text(String),
    Texts(Vec<String>),
    Parts(Vec<ContentPart>),
}

/// A multi-modal input part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ContentPart {
    Text { text: String },
    ImageUrl { image_url: ImageUrl },
}

impl ContentPart {
    /// A `text` part.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text { text: text.into() }
    }

    /// An `image_url` part (an http(s) or `data:` URL).
    pub fn image_url(url: impl Into<String>) -> Self {
        Self::ImageUrl {
            image_url: ImageUrl { url: url.into() },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImageUrl {
    pub url: String,
}

/// The response: one result per input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ModerationResponse {
    /// `modr-` and a random id.
    pub id: String,
    /// `modd-<version>`: the models are modd's, whatever was requested.
    pub model: String,
    pub results: Vec<ModerationResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ModerationResult {
    /// Whether the caller's policy would not approve this input.
    pub flagged: bool,
    /// Per scored category: at or above the policy's review threshold.
    pub categories: BTreeMap<String, bool>,
    /// Per scored category: 0..1. A category nothing scored (no model for
    /// the input's language, or none installed) is absent, never 0.
    pub category_scores: BTreeMap<String, f64>,
    /// Per OpenAI category (and modd's scored ones): which inputs (`text`,
    /// `image`) were scored; empty = not scored at all.
    pub category_applied_input_types: BTreeMap<String, Vec<String>>,
}

/// OpenAI's error body: `{"error":{"message","type","param","code"}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OpenAiErrorBody {
    pub error: OpenAiErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct OpenAiErrorDetail {
    pub message: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Always present, `null` when no parameter is to blame (OpenAI's SDKs expect the key).
    pub param: Option<String>,
    pub code: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_round_trip_in_each_input_form() {
        for input in [
            ModerationInput::Text("hi".into()),
            ModerationInput::Texts(vec!["a".into(), "b".into()]),
            ModerationInput::Parts(vec![
                ContentPart::text("look"),
                ContentPart::image_url("https://img.example/a.png"),
            ]),
        ] {
            let req = ModerationRequest::new(input);
            let json = serde_json::to_string(&req).unwrap();
            assert_eq!(
                serde_json::from_str::<ModerationRequest>(&json).unwrap(),
                req
            );
        }
        let json = serde_json::to_value(ModerationRequest::new(ModerationInput::Parts(vec![
            ContentPart::image_url("u"),
        ])))
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"input": [{"type": "image_url", "image_url": {"url": "u"}}]})
        );
    }
}

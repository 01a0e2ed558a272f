//! Bodies of the synchronous engine endpoints: `POST /api/v1/classify`
//! (classify without storing) and `POST /api/v1/moderation/batch`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

use crate::{AnalyseRequest, AnalyseResponse, CategoryScore, ItemStatus, ItemView, Verdict};

/// The detected language of a text and whether the local models cover it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LanguageInfo {
    /// ISO 639-3 code (`eng`, `fra`), or `None` when the text has no letters
    /// or the detection was not reliable.
    pub code: Option<String>,
    /// Writing system, e.g. `Latin`, `Cyrillic`; `None` without letters.
    pub script: Option<String>,
    /// 0..1, from the detector.
    pub confidence: f64,
    /// Whether the language-bound local models were trained on this language.
    pub covered: bool,
}

/// Something the engine could not score, which the policy must decide on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Gap {
    /// The text is in a language the local models do not cover.
    LanguageUncovered { language: Option<String> },
    /// A classifier failed; `error` says why (an image that could not be
    /// fetched or decoded, a provider that did not answer), so an item
    /// waiting for review shows its cause.
    ClassifierFailed {
        classifier: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
    /// There is an image and no classifier scored it.
    ImageUnscored,
    /// No classifier scored `category` for this text: none covers its
    /// language (`language`, ISO 639-3, `None` when undetermined), or the
    /// model that would is not installed. Reported instead of a 0 score;
    /// the policy's `uncovered_category(ies)` says what it means.
    CategoryUncovered {
        category: crate::Category,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
    },
}

impl Gap {
    /// The decision reason this gap gives: `language:fra`,
    /// `classifier_failed:openai`, `image_unscored`, `uncovered:harassment_threatening:fra`.
    pub fn reason(&self) -> String {
        match self {
            Gap::LanguageUncovered { language } => {
                format!("language:{}", language.as_deref().unwrap_or("unknown"))
            }
            Gap::ClassifierFailed { classifier, .. } => format!("classifier_failed:{classifier}"),
            Gap::ImageUnscored => "image_unscored".into(),
            Gap::CategoryUncovered { category, language } => format!(
                "uncovered:{category}:{}",
                language.as_deref().unwrap_or("unknown")
            ),
        }
    }

    /// The reason with its cause, for people: `classifier_failed:open_nsfw:
    /// 127.0.0.1 resolves to a loopback address …`.
    pub fn explain(&self) -> String {
        match self {
            Gap::ClassifierFailed {
                error: Some(error), ..
            } => format!("{}: {error}", self.reason()),
            _ => self.reason(),
        }
    }
}

/// `POST /api/v1/classify`: one `text` or a list of `texts`, or one image
/// (with or without one `text`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifyRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub texts: Option<Vec<String>>,
    /// An http(s) or `data:` URL of an image (not with `texts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// The image itself, base64 (not with `texts` or `image_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_base64: Option<String>,
    /// Whose policy decides; defaults to the key's only app, else the built-in policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_app: Option<String>,
    /// For content-type specific thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

/// One classifier's part of a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClassifierRunView {
    pub classifier: String,
    pub model_version: String,
    /// The classifier's own outputs before mapping (for the ported models,
    /// exactly the original packages' probabilities).
    pub raw: BTreeMap<String, f64>,
    /// Set when the classifier did not run, e.g. `language not covered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a policy decided (or would decide).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionPreview {
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
}

/// The classification of one text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClassifyResult {
    pub language: Option<LanguageInfo>,
    pub classifiers: Vec<ClassifierRunView>,
    /// Mapped category scores, each with its classifier and model version.
    pub scores: Vec<CategoryScore>,
    pub gaps: Vec<Gap>,
    pub decision: DecisionPreview,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ClassifyResponse {
    /// In request order (one for `text`).
    pub results: Vec<ClassifyResult>,
}

/// `POST /api/v1/moderation/batch`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    pub items: Vec<AnalyseRequest>,
}

/// One item of a multipart batch (`multipart/form-data`, the JSON in a
/// part named `items`): an `analyse` request whose image may instead be an
/// uploaded file, named by its part in `image_file`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UploadItem {
    #[serde(flatten)]
    pub request: AnalyseRequest,
    /// The name of the file part holding this item's image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_file: Option<String>,
}

/// What happened to one item of a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchOutcome {
    Accepted,
    /// (`source_app`, `external_id`) already existed: nothing changed.
    Duplicate,
    /// Refused; see `error`.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BatchItemResult {
    /// Position in the request.
    pub index: usize,
    pub outcome: BatchOutcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<AnalyseResponse>,
    /// Why the item was refused (`invalid` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BatchResponse {
    pub accepted: usize,
    pub duplicates: usize,
    pub invalid: usize,
    pub results: Vec<BatchItemResult>,
}

/// `analyse` with `Prefer: wait=N`: the decided item, or the pending one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum AnalyseOutcome {
    Decided(Box<ItemView>),
    Pending(AnalyseResponse),
}

impl AnalyseOutcome {
    pub fn status(&self) -> ItemStatus {
        match self {
            AnalyseOutcome::Decided(v) => v.status,
            AnalyseOutcome::Pending(p) => p.status,
        }
    }
}

//! Bodies of the human-review API (`/api/v1/review/…`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{CategoryScore, DecisionView, ItemStatus};

/// What a reviewer can decide for a flagged item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewVerdict {
    Approved,
    Blocked,
}

impl ReviewVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewVerdict::Approved => "approved",
            ReviewVerdict::Blocked => "blocked",
        }
    }
}

/// A flagged item in the review queue (or a reviewed one, when shown by id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewItem {
    pub id: i64,
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub status: ItemStatus,
    /// The stored text: absent when the app keeps no text, masked when it keeps redacted text.
    pub text: Option<String>,
    pub image_url: Option<String>,
    /// Why processing failed, for an item in `error` status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub decision: Option<DecisionView>,
    pub scores: Vec<CategoryScore>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/admin/review`: one page of the queue, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewPage {
    pub items: Vec<ReviewItem>,
    /// Pass as `after_id` for the next page; `None` on the last page.
    pub next_after_id: Option<i64>,
}

/// `POST /api/v1/admin/review/{id}/approve|reject`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewNote {
    /// Why, for the record (at most 2000 characters).
    #[serde(default)]
    pub note: Option<String>,
    /// One of the item's app's reason codes (`GET
    /// /api/v1/admin/apps/{app}/reason-codes`), recorded with the decision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
}

/// The reason codes of an app that has not set its own (code, label), in
/// the order the console numbers them for its 1–9 shortcuts.
pub const REASON_CODES: &[(&str, &str)] = &[
    ("spam", "Spam or advertising"),
    ("harassment", "Harassment or bullying"),
    ("hate", "Hate speech"),
    ("sexual", "Sexual content"),
    ("violence", "Violence or threats"),
    ("self_harm", "Self-harm"),
    ("personal_data", "Personal data"),
    ("acceptable", "Acceptable in context"),
    ("other", "Other (see note)"),
];

/// One reason a reviewer can give: a short code for machines and reports,
/// a label for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonCode {
    /// 1 to 32 of `a-z`, `0-9` and `_`, starting with a letter, e.g. `spam`.
    pub code: String,
    /// 1 to 80 characters, e.g. `Spam or advertising`.
    pub label: String,
}

impl ReasonCode {
    pub fn new(code: &str, label: &str) -> Self {
        Self {
            code: code.to_owned(),
            label: label.to_owned(),
        }
    }
}

/// The built-in list, for apps without their own.
pub fn default_reason_codes() -> Vec<ReasonCode> {
    REASON_CODES
        .iter()
        .map(|(code, label)| ReasonCode::new(code, label))
        .collect()
}

/// `GET|PUT /api/v1/admin/apps/{app}/reason-codes`: the codes in force.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReasonCodes {
    pub source_app: String,
    /// In the console's order: the first is key 1.
    pub codes: Vec<ReasonCode>,
    /// Whether these are the built-in codes (the app has set none).
    pub default: bool,
}

/// `PUT /api/v1/admin/apps/{app}/reason-codes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetReasonCodes {
    /// 1 to 9 codes, unique, in the console's order; `null` goes back to
    /// the built-in list. Required: a body without it changes nothing.
    #[serde(deserialize_with = "present")]
    pub codes: Option<Vec<ReasonCode>>,
}

/// A field that must be given but may be `null` (serde otherwise reads a
/// missing `Option` field as `None`).
fn present<'de, T, D>(de: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(de)
}

/// `POST /api/v1/admin/review/batch`: decide every flagged item matching a filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBatchRequest {
    pub verdict: ReviewVerdict,
    #[serde(default)]
    pub source_app: Option<String>,
    /// Match on this category's score; without it, on any category's score.
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub min_score: Option<f64>,
    #[serde(default)]
    pub max_score: Option<f64>,
    /// Only items with an id up to this one (what a dry run saw).
    #[serde(default)]
    pub up_to_id: Option<i64>,
    #[serde(default)]
    pub note: Option<String>,
    /// One of the app's reason codes, for every item decided; needs
    /// `source_app` (each app has its own list).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    /// Count what would change, change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// The answer to a batch decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReviewBatchResult {
    pub dry_run: bool,
    /// Items that matched (dry run) or were decided.
    pub count: u64,
    /// The highest matching id: pass it as `up_to_id` to decide exactly what a dry run counted.
    pub max_id: Option<i64>,
}

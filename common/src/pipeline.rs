//! Bodies of the human-review, per-app settings, webhook and erasure APIs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

use crate::{CategoryScore, DecisionView, ItemStatus, UnknownVariant};

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

/// How much of an item's text an app keeps once the item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StorageMode {
    /// Keep the text as submitted.
    #[default]
    Text,
    /// Keep the text with e-mail addresses, phone numbers and card numbers masked.
    Redacted,
    /// Keep no text or image URL: only scores and decision.
    None,
}

impl StorageMode {
    pub fn as_str(self) -> &'static str {
        match self {
            StorageMode::Text => "text",
            StorageMode::Redacted => "redacted",
            StorageMode::None => "none",
        }
    }
}

impl fmt::Display for StorageMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for StorageMode {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(StorageMode::Text),
            "redacted" => Ok(StorageMode::Redacted),
            "none" => Ok(StorageMode::None),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

/// An app's settings as shown: never the webhook secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AppView {
    pub source_app: String,
    pub webhook_url: Option<String>,
    /// Whether a signing secret is set.
    pub has_webhook_secret: bool,
    /// Days items are kept; `None` = the server default (`MODD_RETENTION_DAYS`).
    pub retention_days: Option<i64>,
    /// The retention in force (the override or the default).
    pub effective_retention_days: i64,
    pub storage_mode: StorageMode,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PUT /api/v1/admin/apps/{app}`: absent fields keep their value, `null` clears.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppUpdate {
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub webhook_url: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<i64>)]
    pub retention_days: Option<Option<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_mode: Option<StorageMode>,
}

/// `Some(None)` for an explicit `null`, `None` (via `default`) when absent.
fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// The answer to `PUT /api/v1/admin/apps/{app}` and `rotate-secret`: the
/// signing secret appears only when it was just created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AppSaved {
    #[serde(flatten)]
    pub app: AppView,
    /// `whsec_…`: shown once, store it in the receiving app now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_secret: Option<String>,
}

/// One delivery attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DeliveryView {
    pub id: i64,
    pub webhook_id: String,
    pub attempt: i64,
    pub attempted_at: DateTime<Utc>,
    /// HTTP status, `None` when no answer came (refused, timeout, blocked address).
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// An outbox event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookEventView {
    pub id: i64,
    pub webhook_id: String,
    pub item_id: Option<i64>,
    pub source_app: String,
    /// `flagged` or `final`.
    pub kind: String,
    /// `pending`, `delivered` or `dead`.
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/admin/apps/{app}/test`: the outcome of one signed test delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct WebhookTestResult {
    pub webhook_id: String,
    pub ok: bool,
    pub status_code: Option<i64>,
    pub latency_ms: i64,
    pub error: Option<String>,
}

/// `POST /api/v1/admin/apps/{app}/replay`: dead events to send again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayRequest {
    /// One event (its numeric id); without it, every dead event of the app.
    #[serde(default)]
    pub event_id: Option<i64>,
}

/// How many events were put back in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReplayResult {
    pub replayed: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_update_tells_absent_from_null() {
        let u: AppUpdate = serde_json::from_str(r#"{"webhook_url":null}"#).unwrap();
        assert_eq!(u.webhook_url, Some(None));
        assert_eq!(u.retention_days, None);
        let u: AppUpdate = serde_json::from_str(r#"{"retention_days":30}"#).unwrap();
        assert_eq!(u.retention_days, Some(Some(30)));
        assert!(serde_json::from_str::<AppUpdate>(r#"{"bogus":1}"#).is_err());
    }

    #[test]
    fn storage_mode_round_trips() {
        for m in [StorageMode::Text, StorageMode::Redacted, StorageMode::None] {
            assert_eq!(m.as_str().parse::<StorageMode>().unwrap(), m);
        }
        assert!("keep".parse::<StorageMode>().is_err());
    }
}

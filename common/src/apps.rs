//! Bodies of the per-app settings API (`/api/v1/admin/apps/…`): storage
//! mode, webhook URL and secret, retention.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

use crate::UnknownVariant;

/// How much of an item's text an app keeps once the item is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StorageMode {
    /// Keep the text as submitted.
    #[default]
    Text,
    /// Keep the text with the personal data the PII detector finds masked:
    /// e-mail addresses, phone numbers, card numbers, IBANs, IP addresses.
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
    /// Until when the previous signing secret still signs (after a
    /// `rotate-secret` with a grace); absent when it does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_secret_until: Option<DateTime<Utc>>,
}

/// `POST /api/v1/admin/apps/{app}/rotate-secret`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RotateSecretRequest {
    /// How long the previous secret keeps signing next to the new one,
    /// e.g. `2h`, or `0` to stop it at once. Default `24h`.
    #[serde(default)]
    pub grace: Option<String>,
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

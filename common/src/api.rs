//! Request and response bodies of the moderation and admin APIs.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

/// `POST /api/v1/moderation/analyse`: the seed service's contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyseRequest {
    /// The app's own id for this piece of content; unique per `source_app`.
    pub external_id: String,
    /// The text to moderate. At least one of `text`, `image_url` and `image_base64` is required.
    #[serde(default)]
    pub text: Option<String>,
    /// An http(s) URL of an image to moderate.
    #[serde(default)]
    pub image_url: Option<String>,
    /// The image itself, base64 (JPEG, PNG, GIF or WebP), instead of `image_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_base64: Option<String>,
    /// What kind of content this is, e.g. `comment`, `post`, `profile`.
    pub content_type: String,
    /// The app that submitted the content.
    pub source_app: String,
}

impl AnalyseRequest {
    /// A request with no content yet; add a text and/or an image.
    pub fn new(
        source_app: impl Into<String>,
        external_id: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Self {
        Self {
            external_id: external_id.into(),
            text: None,
            image_url: None,
            image_base64: None,
            content_type: content_type.into(),
            source_app: source_app.into(),
        }
    }

    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    #[must_use]
    pub fn with_image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    #[must_use]
    pub fn with_image_base64(mut self, base64: impl Into<String>) -> Self {
        self.image_base64 = Some(base64.into());
        self
    }
}

/// The answer to an accepted `analyse` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnalyseResponse {
    pub id: i64,
    pub status: ItemStatus,
    pub external_id: String,
    pub source_app: String,
    pub created_at: DateTime<Utc>,
}

/// Where an item is in its life.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Accepted and stored, not yet decided.
    Pending,
    Approved,
    /// Waits for a human reviewer.
    Flagged,
    Blocked,
    /// Processing failed permanently; the reason is stored with the item.
    Error,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 5] = [
        ItemStatus::Pending,
        ItemStatus::Approved,
        ItemStatus::Flagged,
        ItemStatus::Blocked,
        ItemStatus::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Pending => "pending",
            ItemStatus::Approved => "approved",
            ItemStatus::Flagged => "flagged",
            ItemStatus::Blocked => "blocked",
            ItemStatus::Error => "error",
        }
    }
}

impl fmt::Display for ItemStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ItemStatus {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| UnknownVariant(s.to_owned()))
    }
}

/// A stored text value did not name a known variant.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown value {0:?}")]
pub struct UnknownVariant(pub String);

/// The outcome a policy reached for an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Approved,
    Flagged,
    Blocked,
}

impl Verdict {
    pub fn as_status(self) -> ItemStatus {
        match self {
            Verdict::Approved => ItemStatus::Approved,
            Verdict::Flagged => ItemStatus::Flagged,
            Verdict::Blocked => ItemStatus::Blocked,
        }
    }
}

/// One category score with the classifier and model version that produced it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CategoryScore {
    /// Taxonomy name, e.g. `profanity`, `hate`, `harassment`, `pii`, `spam`.
    pub category: String,
    /// 0..1.
    pub score: f64,
    /// Which classifier produced the score, e.g. `builtin-lexicon`.
    pub classifier: String,
    /// That classifier's model version (`+platt:SHA8` when its score is
    /// calibrated by the shipped calibration file).
    pub model_version: String,
    /// The languages (ISO 639-3) the classifier is valid for, or `["*"]`
    /// for any language (detectors, remote providers). Filled in from the
    /// engine's coverage table when the score is shown; not stored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// Where in the text a detector found it (PII, spam); empty for models
    /// that cannot say. Stored with the score: offsets are chars of the
    /// item's stored text (the masked text under the `redacted` storage
    /// mode; none under `none`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<crate::Span>,
}

/// The stored decision for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DecisionView {
    pub verdict: Verdict,
    /// The category that drove the verdict, when one did.
    pub reason: Option<String>,
    /// Version of the policy that made the decision.
    pub policy_version: String,
    /// `rule` for an automatic decision, `human` for a reviewer's.
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    /// Detected language (ISO 639-3), when the text had a reliable one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What could not be scored and shaped the verdict (uncovered language, failed classifier).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub gaps: Vec<crate::Gap>,
    /// The reviewer (`key:<id>`) when `decided_by` is `human`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_by: Option<String>,
    /// The reviewer's note, if they left one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_note: Option<String>,
    /// The reviewer's reason code (one of the app's), if they chose one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_reason: Option<String>,
}

/// `GET /api/v1/moderation/{id}`: an item with its decision and scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ItemView {
    pub id: i64,
    pub external_id: String,
    pub source_app: String,
    pub content_type: String,
    pub status: ItemStatus,
    /// The image: its http(s) URL, or `inline image/png, 1234 bytes` for an
    /// inline image (its bytes are not repeated here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    pub decision: Option<DecisionView>,
    pub scores: Vec<CategoryScore>,
    /// Model versions that contributed, by classifier.
    pub model_versions: BTreeMap<String, String>,
    /// Why processing failed, for items in `error`.
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An API key's role. What each may call is one table in the daemon
/// (`http/permissions.rs`) and on the operators' keys page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Submits and reads content.
    Client,
    /// Everything a client can, plus the admin API.
    Admin,
    /// Read-only operations views: stats, queue, workers, facts, apps,
    /// policies, keys (for dashboards, `modctl top`, `modctl verify` in CI).
    Viewer,
    /// A human moderator: reads items, the review queue, the audit log and
    /// the live feed, and decides flagged items; nothing else.
    Reviewer,
}

impl Role {
    /// Every role, for help texts and tests.
    pub const ALL: [Role; 4] = [Role::Client, Role::Admin, Role::Viewer, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Admin => "admin",
            Role::Viewer => "viewer",
            Role::Reviewer => "reviewer",
        }
    }

    /// Whether a key of this role must name its person: a reviewer's
    /// decisions are recorded under that name.
    pub fn needs_person(self) -> bool {
        self == Role::Reviewer
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownVariant;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "client" => Ok(Role::Client),
            "admin" => Ok(Role::Admin),
            "viewer" => Ok(Role::Viewer),
            "reviewer" => Ok(Role::Reviewer),
            other => Err(UnknownVariant(other.to_owned())),
        }
    }
}

/// An API key as listed: never the secret, only its display prefix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct KeyInfo {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The first characters of the key, enough to recognise it.
    pub prefix: String,
    pub source_apps: Vec<String>,
    /// Per-key rate limit such as `30/min`; `None` uses the server default.
    pub rate_limit: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the key stops (or stopped) working. A time in the future means
    /// the key was rotated and still works until then (the grace period).
    pub revoked_at: Option<DateTime<Utc>>,
    /// The key this one replaced, when it was issued by a rotation.
    #[serde(default)]
    pub rotated_from: Option<i64>,
    /// The person the key belongs to; their decisions and audit entries
    /// carry this name.
    #[serde(default)]
    pub person: Option<String>,
    /// This key's own maximum age in seconds, over the daemon's
    /// `MODD_KEY_MAX_AGE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age_secs: Option<i64>,
    /// When the key is due for rotation under the maximum age in force (its
    /// own, else the daemon's); absent when no maximum applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rotate_by: Option<DateTime<Utc>>,
}

/// A newly created key: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CreatedKey {
    #[serde(flatten)]
    pub info: KeyInfo,
    /// The full secret. Store it now: it cannot be shown again.
    pub key: String,
}

/// `GET /`: who is answering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ServiceInfo {
    pub service: String,
    pub version: String,
}

/// One dependency's state in `GET /ready`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DependencyStatus {
    /// `ok`, `degraded` or `down`; `off` for an optional part that is not
    /// installed (the image model), which leaves the service `ok`.
    pub status: String,
    pub latency_ms: Option<f64>,
    pub detail: Option<String>,
}

/// `GET /ready`: every dependency's state; 503 when one is down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReadyReport {
    /// `ok` when every dependency is usable.
    pub status: String,
    pub checks: BTreeMap<String, DependencyStatus>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_round_trips_through_text() {
        for s in ItemStatus::ALL {
            assert_eq!(s.as_str().parse::<ItemStatus>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{s}\""));
        }
        assert!("Pending".parse::<ItemStatus>().is_err());
    }

    #[test]
    fn analyse_request_rejects_unknown_fields() {
        let err = serde_json::from_str::<AnalyseRequest>(
            r#"{"external_id":"a","content_type":"c","source_app":"s","txt":"x"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown field"));
    }
}

/// An item's image as people read it: the http(s) URL as is; an inline
/// (`data:`) image as its media type and decoded size, not its payload.
pub fn image_label(url: &str) -> String {
    let is_data = url
        .get(..5)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:"));
    let Some((meta, payload)) = url
        .get(5..)
        .filter(|_| is_data)
        .and_then(|r| r.split_once(','))
    else {
        return url.to_owned();
    };
    let media = meta.split(';').next().filter(|m| !m.is_empty());
    format!(
        "inline {}, {} bytes",
        media.unwrap_or("image"),
        payload.trim_end_matches('=').len() * 3 / 4
    )
}

#[cfg(test)]
mod image_label_tests {
    use super::image_label;

    #[test]
    fn inline_images_are_summarised_and_urls_kept() {
        assert_eq!(
            image_label("https://img.example/a.png"),
            "https://img.example/a.png"
        );
        assert_eq!(
            image_label("data:image/gif;base64,R0lGODlhAQABAAAAACw="),
            "inline image/gif, 14 bytes"
        );
        assert_eq!(image_label("dataé"), "dataé");
    }
}

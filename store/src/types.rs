//! Rows as the rest of the daemon sees them.

use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, DecisionView, Gap, ItemStatus, KeyInfo, Role, Verdict};
use std::collections::BTreeMap;

/// An item as submitted, before it has an id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewItem {
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub text: Option<String>,
    pub image_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// The result of inserting one item.
#[derive(Debug, Clone, PartialEq)]
pub struct Inserted {
    pub item: StoredItem,
    /// `false` when (`source_app`, `external_id`) already existed.
    pub created: bool,
}

/// A content item with its decision, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredItem {
    pub id: i64,
    pub source_app: String,
    pub external_id: String,
    pub content_type: String,
    pub text: Option<String>,
    pub image_url: Option<String>,
    pub status: ItemStatus,
    pub error: Option<String>,
    pub decision: Option<DecisionView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a worker decided for an item.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub item_id: i64,
    pub scores: Vec<CategoryScore>,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
    /// `rule` or `human`.
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    /// Detected language (ISO 639-3), if any.
    pub language: Option<String>,
    /// What could not be scored (stored so a policy dry run can re-decide).
    pub gaps: Vec<Gap>,
    /// Every classifier that ran → its model version, including those that
    /// produced no score row.
    pub model_versions: BTreeMap<String, String>,
}

/// A policy version to store; the store assigns the next version number.
#[derive(Debug, Clone, PartialEq)]
pub struct NewPolicy {
    pub source_app: String,
    /// The `PolicyDocument` as JSON (validated by the caller).
    pub document: serde_json::Value,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A stored policy version.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyRecord {
    pub source_app: String,
    /// 1, 2, … per app.
    pub version: i64,
    pub document: serde_json::Value,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// An automatic decision with what it was made from, for policy dry runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DecidedItem {
    pub item_id: i64,
    pub external_id: String,
    pub content_type: String,
    pub verdict: Verdict,
    pub reason: Option<String>,
    pub policy_version: String,
    pub gaps: Vec<Gap>,
    /// (category, score, classifier) as stored.
    pub scores: Vec<(String, f64, String)>,
}

/// A key to store: only its hash and display prefix, never the secret.
#[derive(Debug, Clone, PartialEq)]
pub struct NewKey {
    pub name: String,
    pub role: Role,
    pub key_hash: Vec<u8>,
    pub prefix: String,
    pub source_apps: Vec<String>,
    pub rate_limit: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

/// A stored key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub key_hash: Vec<u8>,
    pub prefix: String,
    pub source_apps: Vec<String>,
    pub rate_limit: Option<String>,
    pub created_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    /// In the future while a rotated-out key is in its grace period.
    pub revoked_at: Option<DateTime<Utc>>,
    /// The key this one replaced, for keys issued by a rotation.
    pub rotated_from: Option<i64>,
}

impl KeyRecord {
    /// The listing form: everything but the hash.
    pub fn info(&self) -> KeyInfo {
        KeyInfo {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
            prefix: self.prefix.clone(),
            source_apps: self.source_apps.clone(),
            rate_limit: self.rate_limit.clone(),
            created_by: self.created_by.clone(),
            created_at: self.created_at,
            expires_at: self.expires_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
            rotated_from: self.rotated_from,
        }
    }

    /// Whether the key works at `now`: not revoked (a future `revoked_at` is
    /// a rotation's grace period) and not expired.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none_or(|t| t > now) && self.expires_at.is_none_or(|t| t > now)
    }
}

/// A rotation to perform: the new secret's hash and prefix, and until when
/// the old one keeps working. The new key copies every other setting.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRotation {
    pub old_id: i64,
    pub key_hash: Vec<u8>,
    pub prefix: String,
    pub at: DateTime<Utc>,
    /// When the old key stops working (`at` for no grace).
    pub old_stops_at: DateTime<Utc>,
    /// Who rotated, for `created_by` and the audit log.
    pub actor: String,
}

/// The two keys after a rotation.
#[derive(Debug, Clone, PartialEq)]
pub struct Rotated {
    pub old: KeyRecord,
    pub new: KeyRecord,
}

/// An audit-log line to append. `detail` is JSON and never holds content or secrets.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAuditEntry {
    pub at: DateTime<Utc>,
    /// Who acted: `key:<id>`, `modctl`, or `system`.
    pub actor: String,
    /// What was done, e.g. `key.create`, `key.revoke`.
    pub action: String,
    /// What it was done to, e.g. `key:12`.
    pub target: String,
    pub detail: serde_json::Value,
}

/// A stored audit-log line.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub detail: serde_json::Value,
}

/// Pool occupancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PoolStats {
    pub size: u32,
    pub idle: u32,
    pub max: u32,
}

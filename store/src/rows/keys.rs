//! API keys and the audit log: types, columns and decoders.

use chrono::{DateTime, TimeDelta, Utc};
use modd_common::{KeyInfo, Role};

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
    /// The person the key belongs to, recorded with what they do.
    pub person: Option<String>,
    /// The key's own maximum age in seconds (`None`: the daemon's).
    pub max_age_secs: Option<i64>,
}

/// A stored key.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct KeyRecord {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "super::Text")]
    pub role: Role,
    pub key_hash: Vec<u8>,
    pub prefix: String,
    #[sqlx(json)]
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
    /// The person the key belongs to, recorded with what they do.
    pub person: Option<String>,
    /// When a rotation began this key's grace period.
    pub rotated_at: Option<DateTime<Utc>>,
    /// The key's own maximum age in seconds (`None`: the daemon's).
    pub max_age_secs: Option<i64>,
}

/// Every column of `api_keys`, by name. Not `*`: a SQLite connection whose
/// cached schema predates a migration (another connection, or `modctl
/// migrate` while the daemon runs, added a column) prepares `*` as the old
/// column list, and SQLite's silent re-prepare then returns more columns
/// than sqlx was told: a panic inside sqlx. A named column that the stale
/// schema lacks makes the prepare itself fail, and SQLite retries it on
/// the new schema. Rows decode by name ([`KeyRecord`]
/// derives `FromRow`), so the order does not matter.
macro_rules! key_columns {
    () => {
        "id, name, role, key_hash, prefix, source_apps, rate_limit, created_by, created_at, \
         expires_at, last_used_at, revoked_at, rotated_from, person, rotated_at, max_age_secs"
    };
}
pub(crate) use key_columns;

impl KeyRecord {
    /// Whether the key stopped working by `now`: revoked, or its rotation's
    /// grace period over. The one rule for API requests and console sessions.
    pub fn revoked_by(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_some_and(|t| t <= now)
    }

    /// Whether the key's own expiry has passed by `now`.
    pub fn expired_by(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }

    /// The listing form, with no daemon-wide maximum age known (the
    /// database path of `modctl`): see [`KeyRecord::info_under`].
    pub fn info(&self) -> KeyInfo {
        self.info_under(None)
    }

    /// The listing form (everything but the hash), with `rotate_by` under
    /// this key's maximum age or else `default_max_age`.
    pub fn info_under(&self, default_max_age: Option<TimeDelta>) -> KeyInfo {
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
            person: self.person.clone(),
            max_age_secs: self.max_age_secs,
            rotate_by: self.rotate_by(default_max_age),
        }
    }

    /// When the key is due for rotation: its creation plus its own maximum
    /// age, or else `default_max_age`; `None` when neither is set.
    pub fn rotate_by(&self, default_max_age: Option<TimeDelta>) -> Option<DateTime<Utc>> {
        let own = self.max_age_secs.and_then(TimeDelta::try_seconds);
        own.or(default_max_age)
            .and_then(|age| self.created_at.checked_add_signed(age))
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
    /// How the `key.rotating` events are written.
    pub notices: crate::KeyNoticeRules,
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
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target: String,
    #[sqlx(json)]
    pub detail: serde_json::Value,
}

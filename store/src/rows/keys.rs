//! API keys and the audit log: types, columns and decoders.

use super::bad_value;
use crate::StoreResult;
use chrono::{DateTime, Utc};
use modd_common::{KeyInfo, Role};
use sqlx::types::Json;
use sqlx::{ColumnIndex, Decode, Row, Type};

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
    /// The person the key belongs to, recorded with what they do.
    pub person: Option<String>,
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
            person: self.person.clone(),
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

/// Columns of `api_keys` in the order [`key_from_row`] expects by name.
pub(crate) const KEY_COLUMNS: &str = "id, name, role, key_hash, prefix, source_apps, rate_limit, \
    created_by, created_at, expires_at, last_used_at, revoked_at, rotated_from, person";

pub(crate) fn key_from_row<R>(row: &R) -> StoreResult<KeyRecord>
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Vec<u8>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> Json<Vec<String>>: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> DateTime<Utc>: Decode<'r, R::Database> + Type<R::Database>,
{
    let role: String = row.try_get("role")?;
    let Json(source_apps) = row.try_get::<Json<Vec<String>>, _>("source_apps")?;
    Ok(KeyRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: role
            .parse::<Role>()
            .map_err(|_| bad_value("api_keys.role", &role))?,
        key_hash: row.try_get("key_hash")?,
        prefix: row.try_get("prefix")?,
        source_apps,
        rate_limit: row.try_get("rate_limit")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
        rotated_from: row.try_get("rotated_from")?,
        person: row.try_get("person")?,
    })
}

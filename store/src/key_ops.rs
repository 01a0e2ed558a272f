//! The dialect-free half of the audited key operations (create, revoke,
//! rotate): what may be done to a key, what the new key of a rotation looks
//! like, and the audit entries. Each backend runs these inside one
//! transaction with its own SQL, so a key never exists without its audit line
//! and a rotation never leaves only one of its two rows changed.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::{KeyRecord, KeyRotation, NewAuditEntry, NewKey, Rotated, StoreError, StoreResult};

/// A revocation is refused when the key already stopped working by `at`.
pub(crate) fn check_revocable(key: &KeyRecord, at: DateTime<Utc>) -> StoreResult<()> {
    match key.revoked_at {
        Some(t) if t <= at => Err(StoreError::Conflict(format!(
            "key {} is already revoked",
            key.id
        ))),
        _ => Ok(()),
    }
}

/// Only a working key that is not already being rotated out may be rotated:
/// rotating twice would leave two live successors.
pub(crate) fn check_rotatable(key: &KeyRecord, at: DateTime<Utc>) -> StoreResult<()> {
    check_revocable(key, at)?;
    if key.revoked_at.is_some() {
        return Err(StoreError::Conflict(format!(
            "key {} was already rotated; rotate its successor instead",
            key.id
        )));
    }
    if key.expires_at.is_some_and(|t| t <= at) {
        return Err(StoreError::Conflict(format!(
            "key {} has expired; create a new key instead",
            key.id
        )));
    }
    Ok(())
}

/// The successor's row: the old key's settings, a new secret, and the same
/// lifetime counted from the rotation (a 90-day key gets 90 fresh days).
pub(crate) fn successor(old: &KeyRecord, rotation: &KeyRotation) -> NewKey {
    NewKey {
        name: old.name.clone(),
        role: old.role,
        key_hash: rotation.key_hash.clone(),
        prefix: rotation.prefix.clone(),
        source_apps: old.source_apps.clone(),
        rate_limit: old.rate_limit.clone(),
        created_by: Some(rotation.actor.clone()),
        created_at: rotation.at,
        expires_at: old.expires_at.map(|e| rotation.at + (e - old.created_at)),
        person: old.person.clone(),
    }
}

/// What a key is, for audit details: never its secret or hash.
fn describe(key: &KeyRecord) -> serde_json::Value {
    json!({
        "name": key.name,
        "role": key.role,
        "person": key.person,
        "prefix": key.prefix,
        "source_apps": key.source_apps,
        "rate_limit": key.rate_limit,
        "expires_at": key.expires_at,
    })
}

pub(crate) fn create_entry(key: &KeyRecord, actor: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: key.created_at,
        actor: actor.to_owned(),
        action: "key.create".to_owned(),
        target: format!("key:{}", key.id),
        detail: describe(key),
    }
}

pub(crate) fn revoke_entry(key: &KeyRecord, at: DateTime<Utc>, actor: &str) -> NewAuditEntry {
    NewAuditEntry {
        at,
        actor: actor.to_owned(),
        action: "key.revoke".to_owned(),
        target: format!("key:{}", key.id),
        detail: json!({"name": key.name, "prefix": key.prefix}),
    }
}

pub(crate) fn rotate_entry(rotated: &Rotated, actor: &str) -> NewAuditEntry {
    NewAuditEntry {
        at: rotated.new.created_at,
        actor: actor.to_owned(),
        action: "key.rotate".to_owned(),
        target: format!("key:{}", rotated.old.id),
        detail: json!({
            "new_key": rotated.new.id,
            "new_prefix": rotated.new.prefix,
            "old_prefix": rotated.old.prefix,
            "old_stops_at": rotated.old.revoked_at,
            "name": rotated.new.name,
        }),
    }
}

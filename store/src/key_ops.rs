//! The rules of the audited key operations (revoke, rotate): what may be
//! done to a key, and what the new key of a rotation looks like. `sql/keys.rs`
//! runs them inside one transaction with the writes and the audit entry, so a
//! rotation never leaves only one of its two rows changed.

use chrono::{DateTime, Utc};

use super::{KeyRecord, KeyRotation, NewKey, StoreError, StoreResult};

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

/// Only a key in a rotation's grace period at `at` may have it extended; a
/// key that already stopped is never reopened (that would be a new key).
/// Returns when the grace ends now.
pub(crate) fn check_extendable(key: &KeyRecord, at: DateTime<Utc>) -> StoreResult<DateTime<Utc>> {
    match key.revoked_at {
        Some(t) if t > at => Ok(t),
        Some(_) => Err(StoreError::Conflict(format!(
            "key {} already stopped working; a stopped key is not reopened",
            key.id
        ))),
        None => Err(StoreError::Conflict(format!(
            "key {} is not in a rotation's grace period; rotate it first",
            key.id
        ))),
    }
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
        max_age_secs: old.max_age_secs,
    }
}

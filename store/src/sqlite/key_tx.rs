//! SQLite transactions for the audited key operations (create, revoke,
//! rotate). `BEGIN IMMEDIATE` takes the write lock up front, so the read of
//! the old row and the writes that depend on it cannot interleave with
//! another writer's.

use super::keys::{append_audit, insert_key};
use super::{SqliteStore, ts};
use crate::codec::{KEY_COLUMNS, key_from_row};
use crate::key_ops;
use crate::{KeyRecord, KeyRotation, NewKey, Rotated, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;
use std::sync::LazyLock;

static KEY_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1"));
static SET_REVOKED: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 RETURNING {KEY_COLUMNS}")
});

async fn load(conn: &mut SqliteConnection, id: i64) -> StoreResult<KeyRecord> {
    let row = sqlx::query(&KEY_BY_ID)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    key_from_row(&row)
}

async fn set_revoked(
    conn: &mut SqliteConnection,
    id: i64,
    at: DateTime<Utc>,
) -> StoreResult<KeyRecord> {
    let row = sqlx::query(&SET_REVOKED)
        .bind(ts(&at))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    key_from_row(&row)
}

pub(super) async fn create_key(
    store: &SqliteStore,
    key: &NewKey,
    actor: &str,
) -> StoreResult<KeyRecord> {
    let mut tx = store.begin_write().await?;
    let record = insert_key(&mut *tx, key, None).await?;
    append_audit(&mut *tx, &key_ops::create_entry(&record, actor)).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn revoke_key(
    store: &SqliteStore,
    id: i64,
    at: DateTime<Utc>,
    actor: &str,
) -> StoreResult<KeyRecord> {
    let mut tx = store.begin_write().await?;
    let key = load(&mut tx, id).await?;
    key_ops::check_revocable(&key, at)?;
    let revoked = set_revoked(&mut tx, id, at).await?;
    append_audit(&mut *tx, &key_ops::revoke_entry(&revoked, at, actor)).await?;
    tx.commit().await?;
    Ok(revoked)
}

pub(super) async fn rotate_key(
    store: &SqliteStore,
    rotation: &KeyRotation,
) -> StoreResult<Rotated> {
    let mut tx = store.begin_write().await?;
    let old = load(&mut tx, rotation.old_id).await?;
    key_ops::check_rotatable(&old, rotation.at)?;
    let new = insert_key(&mut *tx, &key_ops::successor(&old, rotation), Some(old.id)).await?;
    let old = set_revoked(&mut tx, old.id, rotation.old_stops_at).await?;
    let rotated = Rotated { old, new };
    append_audit(&mut *tx, &key_ops::rotate_entry(&rotated, &rotation.actor)).await?;
    tx.commit().await?;
    Ok(rotated)
}

//! PostgreSQL transactions for the audited key operations (create, revoke,
//! rotate). The old row is read `FOR UPDATE`, so two admins rotating or
//! revoking the same key at once are serialized and the second one sees the
//! first one's result (and gets a conflict).

use super::keys::{append_audit, insert_key};

use crate::codec::{KEY_COLUMNS, key_from_row};
use crate::key_ops;
use crate::{KeyRecord, KeyRotation, NewKey, Rotated, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use std::sync::LazyLock;

static KEY_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1 FOR UPDATE"));
static SET_REVOKED: LazyLock<String> = LazyLock::new(|| {
    format!("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 RETURNING {KEY_COLUMNS}")
});

async fn load(conn: &mut PgConnection, id: i64) -> StoreResult<KeyRecord> {
    let row = sqlx::query(&KEY_BY_ID)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    key_from_row(&row)
}

async fn set_revoked(
    conn: &mut PgConnection,
    id: i64,
    at: DateTime<Utc>,
) -> StoreResult<KeyRecord> {
    let row = sqlx::query(&SET_REVOKED)
        .bind(at)
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    key_from_row(&row)
}

pub(super) async fn create_key(pool: &PgPool, key: &NewKey, actor: &str) -> StoreResult<KeyRecord> {
    let mut tx = pool.begin().await?;
    let record = insert_key(&mut *tx, key, None).await?;
    append_audit(&mut *tx, &key_ops::create_entry(&record, actor)).await?;
    tx.commit().await?;
    Ok(record)
}

pub(super) async fn revoke_key(
    pool: &PgPool,
    id: i64,
    at: DateTime<Utc>,
    actor: &str,
) -> StoreResult<KeyRecord> {
    let mut tx = pool.begin().await?;
    let key = load(&mut tx, id).await?;
    key_ops::check_revocable(&key, at)?;
    let revoked = set_revoked(&mut tx, id, at).await?;
    append_audit(&mut *tx, &key_ops::revoke_entry(&revoked, at, actor)).await?;
    tx.commit().await?;
    Ok(revoked)
}

pub(super) async fn rotate_key(pool: &PgPool, rotation: &KeyRotation) -> StoreResult<Rotated> {
    let mut tx = pool.begin().await?;
    let old = load(&mut tx, rotation.old_id).await?;
    key_ops::check_rotatable(&old, rotation.at)?;
    let new = insert_key(&mut *tx, &key_ops::successor(&old, rotation), Some(old.id)).await?;
    let old = set_revoked(&mut tx, old.id, rotation.old_stops_at).await?;
    let rotated = Rotated { old, new };
    append_audit(&mut *tx, &key_ops::rotate_entry(&rotated, &rotation.actor)).await?;
    tx.commit().await?;
    Ok(rotated)
}

//! SQLite SQL for API keys and the audit log.

use super::ts;
use crate::codec::{KEY_COLUMNS, audit_from_row, check_audit, check_key, key_from_row};
use crate::{AuditEntry, KeyRecord, NewAuditEntry, NewKey, StoreResult};
use chrono::{DateTime, Utc};
use sqlx::SqlitePool;
use sqlx::types::Json;
use std::sync::LazyLock;

static INSERT_KEY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO api_keys \
         (name, role, key_hash, prefix, source_apps, rate_limit, created_by, created_at, expires_at, \
          rotated_from) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {KEY_COLUMNS}"
    )
});
static KEY_BY_HASH: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE key_hash = $1"));
static KEY_BY_ID: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {KEY_COLUMNS} FROM api_keys WHERE id = $1"));
static ALL_KEYS: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {KEY_COLUMNS} FROM api_keys ORDER BY id"));

/// Inserts a key; `rotated_from` names the key it replaces, if any. Takes any
/// executor so the audited operations can run it inside their transaction.
pub(super) async fn insert_key(
    conn: impl sqlx::SqliteExecutor<'_>,
    key: &NewKey,
    rotated_from: Option<i64>,
) -> StoreResult<KeyRecord> {
    check_key(key)?;
    let row = sqlx::query(&INSERT_KEY)
        .bind(&key.name)
        .bind(key.role.as_str())
        .bind(&key.key_hash)
        .bind(&key.prefix)
        .bind(Json(&key.source_apps))
        .bind(&key.rate_limit)
        .bind(&key.created_by)
        .bind(ts(&key.created_at))
        .bind(key.expires_at.as_ref().map(ts))
        .bind(rotated_from)
        .fetch_one(conn)
        .await?;
    key_from_row(&row)
}

pub(super) async fn key_by_hash(pool: &SqlitePool, hash: &[u8]) -> StoreResult<Option<KeyRecord>> {
    let row = sqlx::query(&KEY_BY_HASH)
        .bind(hash)
        .fetch_optional(pool)
        .await?;
    row.map(|r| key_from_row(&r)).transpose()
}

pub(super) async fn get_key(pool: &SqlitePool, id: i64) -> StoreResult<Option<KeyRecord>> {
    let row = sqlx::query(&KEY_BY_ID)
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|r| key_from_row(&r)).transpose()
}

pub(super) async fn list_keys(pool: &SqlitePool) -> StoreResult<Vec<KeyRecord>> {
    let rows = sqlx::query(&ALL_KEYS).fetch_all(pool).await?;
    rows.iter().map(key_from_row).collect()
}

/// Only moves `last_used_at` forward: replicas touching the same key with
/// slightly different clocks must not make it go back.
pub(super) async fn touch_key(pool: &SqlitePool, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
    let at = ts(&at);
    sqlx::query(
        "UPDATE api_keys SET last_used_at = $1 \
         WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $1)",
    )
    .bind(&at)
    .bind(id)
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn revoke_key(pool: &SqlitePool, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
    let done =
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(ts(&at))
            .bind(id)
            .execute(pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn append_audit(
    conn: impl sqlx::SqliteExecutor<'_>,
    entry: &NewAuditEntry,
) -> StoreResult<()> {
    check_audit(entry)?;
    sqlx::query(
        "INSERT INTO audit_log (at, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ts(&entry.at))
    .bind(&entry.actor)
    .bind(&entry.action)
    .bind(&entry.target)
    .bind(Json(&entry.detail))
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn list_audit(pool: &SqlitePool, limit: i64) -> StoreResult<Vec<AuditEntry>> {
    let rows = sqlx::query(
        "SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    rows.iter().map(audit_from_row).collect()
}

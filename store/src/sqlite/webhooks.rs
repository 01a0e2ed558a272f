//! SQLite SQL for per-app settings, the webhook outbox and the delivery log.
//!
//! Claiming runs in a `BEGIN IMMEDIATE` transaction: SQLite has one writer,
//! so two replicas (or two loops) cannot lease the same event.

use super::{SqliteStore, ts};
use crate::rows::{app_from_row, delivery_from_row, event_from_row};
use crate::sql::{APP_COLUMNS, DELIVERY_COLUMNS, EVENT_COLUMNS};
use crate::{
    AppChange, AppRecord, ClaimedEvent, DeliveryAttempt, DeliveryRecord, EventNext, EventRecord,
    StoreResult,
};
use chrono::{DateTime, Utc};
use sqlx::{Row, Sqlite, SqlitePool, Transaction};

pub(super) async fn get_app(pool: &SqlitePool, app: &str) -> StoreResult<Option<AppRecord>> {
    let row = sqlx::query(&format!(
        "SELECT {APP_COLUMNS} FROM apps WHERE source_app = $1"
    ))
    .bind(app)
    .fetch_optional(pool)
    .await?;
    row.map(|r| app_from_row(&r)).transpose()
}

pub(super) async fn list_apps(pool: &SqlitePool) -> StoreResult<Vec<AppRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {APP_COLUMNS} FROM apps ORDER BY source_app"
    ))
    .fetch_all(pool)
    .await?;
    rows.iter().map(app_from_row).collect()
}

pub(super) async fn put_app(
    store: &SqliteStore,
    app: &str,
    change: &AppChange,
    at: DateTime<Utc>,
) -> StoreResult<AppRecord> {
    crate::outbox::check_app(app, change)?;
    let mut tx = store.begin_write().await?;
    let current = sqlx::query(&format!(
        "SELECT {APP_COLUMNS} FROM apps WHERE source_app = $1"
    ))
    .bind(app)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| app_from_row(&r))
    .transpose()?;
    let next = crate::outbox::merge_app(app, current, change, at);
    write_app(&mut tx, &next).await?;
    tx.commit().await?;
    Ok(next)
}

async fn write_app(tx: &mut Transaction<'static, Sqlite>, a: &AppRecord) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO apps (source_app, webhook_url, webhook_secret, previous_secret, \
           previous_until, retention_days, storage_mode, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (source_app) DO UPDATE SET webhook_url = excluded.webhook_url, \
           webhook_secret = excluded.webhook_secret, previous_secret = excluded.previous_secret, \
           previous_until = excluded.previous_until, retention_days = excluded.retention_days, \
           storage_mode = excluded.storage_mode, updated_at = excluded.updated_at",
    )
    .bind(&a.source_app)
    .bind(&a.webhook_url)
    .bind(&a.webhook_secret)
    .bind(&a.previous_secret)
    .bind(a.previous_until.as_ref().map(ts))
    .bind(a.retention_days)
    .bind(a.storage_mode.as_str())
    .bind(ts(&a.created_at))
    .bind(ts(&a.updated_at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn claim_webhook_events(
    store: &SqliteStore,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<ClaimedEvent>> {
    let now = ts(&now);
    let mut tx = store.begin_write().await?;
    let rows = sqlx::query(
        "UPDATE webhook_events SET lease_until = $1 WHERE id IN ( \
           SELECT id FROM webhook_events WHERE status = 'pending' AND next_attempt_at <= $2 \
             AND (lease_until IS NULL OR lease_until < $2) \
           ORDER BY next_attempt_at, id LIMIT $3) \
         RETURNING id, webhook_id, source_app, body, attempts",
    )
    .bind(ts(&lease_until))
    .bind(&now)
    .bind(limit.max(0))
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    rows.iter()
        .map(|r| {
            Ok(ClaimedEvent {
                id: r.try_get("id")?,
                webhook_id: r.try_get("webhook_id")?,
                source_app: r.try_get("source_app")?,
                body: r.try_get("body")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect()
}

async fn insert_delivery(
    tx: &mut Transaction<'static, Sqlite>,
    a: &DeliveryAttempt,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO webhook_deliveries (event_id, webhook_id, source_app, attempt, \
           attempted_at, status_code, latency_ms, error) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(a.event_id)
    .bind(&a.webhook_id)
    .bind(&a.source_app)
    .bind(a.attempt)
    .bind(ts(&a.attempted_at))
    .bind(a.status_code)
    .bind(a.latency_ms)
    .bind(&a.error)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn finish_webhook_attempt(
    store: &SqliteStore,
    a: &DeliveryAttempt,
    next: EventNext,
) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    insert_delivery(&mut tx, a).await?;
    if let Some(event_id) = a.event_id {
        let at = ts(&a.attempted_at);
        let (status, next_at, delivered_at) = match next {
            EventNext::Delivered => ("delivered", at.clone(), Some(at.clone())),
            EventNext::RetryAt(t) => ("pending", ts(&t), None),
            EventNext::Dead => ("dead", at.clone(), None),
        };
        sqlx::query(
            "UPDATE webhook_events SET status = $1, attempts = $2, next_attempt_at = $3, \
               delivered_at = $4, lease_until = NULL, last_status = $5, last_error = $6 \
             WHERE id = $7 AND status = 'pending'",
        )
        .bind(status)
        .bind(a.attempt)
        .bind(next_at)
        .bind(delivered_at)
        .bind(a.status_code)
        .bind(&a.error)
        .bind(event_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn log_delivery(store: &SqliteStore, a: &DeliveryAttempt) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    insert_delivery(&mut tx, a).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn list_deliveries(
    pool: &SqlitePool,
    app: &str,
    limit: i64,
) -> StoreResult<Vec<DeliveryRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE source_app = $1 \
         ORDER BY id DESC LIMIT $2"
    ))
    .bind(app)
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    rows.iter().map(delivery_from_row).collect()
}

pub(super) async fn list_webhook_events(
    pool: &SqlitePool,
    app: &str,
    status: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<EventRecord>> {
    let rows = sqlx::query(&format!(
        "SELECT {EVENT_COLUMNS} FROM webhook_events WHERE source_app = $1 \
           AND ($2 IS NULL OR status = $2) ORDER BY id DESC LIMIT $3"
    ))
    .bind(app)
    .bind(status)
    .bind(limit.max(0))
    .fetch_all(pool)
    .await?;
    rows.iter().map(event_from_row).collect()
}

pub(super) async fn replay_webhook_events(
    pool: &SqlitePool,
    app: &str,
    event_id: Option<i64>,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let done = sqlx::query(
        "UPDATE webhook_events SET status = 'pending', attempts = 0, next_attempt_at = $1, \
           lease_until = NULL \
         WHERE source_app = $2 AND status = 'dead' AND ($3 IS NULL OR id = $3)",
    )
    .bind(ts(&now))
    .bind(app)
    .bind(event_id)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

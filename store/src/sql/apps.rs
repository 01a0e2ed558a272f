//! Per-app settings, the webhook outbox and the delivery log.
//!
//! Claiming leases due events in one statement: on PostgreSQL the due rows
//! are selected `FOR UPDATE SKIP LOCKED`, so replicas claiming at once get
//! different events and never wait for each other; on SQLite the
//! `BEGIN IMMEDIATE` transaction is the only writer.

use crate::rows::{APP_COLUMNS, DELIVERY_COLUMNS, EVENT_COLUMNS};
use std::sync::LazyLock;

pub(crate) static SELECT_APP: LazyLock<String> =
    LazyLock::new(|| format!("SELECT {APP_COLUMNS} FROM apps"));

pub(crate) const UPSERT_APP: &str = "INSERT INTO apps (source_app, webhook_url, webhook_secret, \
      previous_secret, previous_until, retention_days, storage_mode, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
    ON CONFLICT (source_app) DO UPDATE SET webhook_url = excluded.webhook_url, \
      webhook_secret = excluded.webhook_secret, previous_secret = excluded.previous_secret, \
      previous_until = excluded.previous_until, retention_days = excluded.retention_days, \
      storage_mode = excluded.storage_mode, updated_at = excluded.updated_at";

pub(crate) const INSERT_DELIVERY: &str = "INSERT INTO webhook_deliveries (event_id, webhook_id, \
      source_app, attempt, attempted_at, status_code, latency_ms, error) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

pub(crate) static LIST_DELIVERIES: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE source_app = $1 \
         ORDER BY id DESC LIMIT $2"
    )
});

pub(crate) static LIST_EVENTS: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT {EVENT_COLUMNS} FROM webhook_events WHERE source_app = $1 \
           AND ($2 IS NULL OR status = $2) ORDER BY id DESC LIMIT $3"
    )
});

macro_rules! app_helpers {
    () => {
        async fn put_app_tx(
            &self,
            app: &str,
            change: &AppChange,
            at: DateTime<Utc>,
        ) -> StoreResult<AppRecord> {
            check_app(app, change)?;
            let mut tx = self.begin_write().await?;
            // Serialize concurrent changes of one app (a missing row cannot be
            // locked; two creators then race on the primary key and one retries).
            let current = sqlx::query(&format!("{} WHERE source_app = $1{LOCK_ROW}", *SELECT_APP))
                .bind(app)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| app_from_row(&r))
                .transpose()?;
            let a = outbox::merge_app(app, current, change, at);
            sqlx::query(UPSERT_APP)
                .bind(&a.source_app)
                .bind(&a.webhook_url)
                .bind(&a.webhook_secret)
                .bind(&a.previous_secret)
                .bind(a.previous_until.as_ref().map(ts))
                .bind(a.retention_days)
                .bind(a.storage_mode.as_str())
                .bind(ts(&a.created_at))
                .bind(ts(&a.updated_at))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(a)
        }

        async fn claim_tx(
            &self,
            now: DateTime<Utc>,
            lease_until: DateTime<Utc>,
            limit: i64,
        ) -> StoreResult<Vec<ClaimedEvent>> {
            let mut tx = self.begin_write().await?;
            let claimed = sqlx::query_as(&format!(
                "UPDATE webhook_events SET lease_until = $1 WHERE id IN ( \
                   SELECT id FROM webhook_events WHERE status = 'pending' \
                     AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until < $2) \
                   ORDER BY next_attempt_at, id LIMIT $3{SKIP_LOCKED}) \
                 RETURNING id, webhook_id, source_app, body, attempts, traceparent"
            ))
            .bind(ts(&lease_until))
            .bind(ts(&now))
            .bind(limit.max(0))
            .fetch_all(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(claimed)
        }

        async fn insert_delivery(tx: &mut Conn, a: &DeliveryAttempt) -> StoreResult<()> {
            sqlx::query(INSERT_DELIVERY)
                .bind(a.event_id)
                .bind(&a.webhook_id)
                .bind(&a.source_app)
                .bind(a.attempt)
                .bind(ts(&a.attempted_at))
                .bind(a.status_code)
                .bind(a.latency_ms)
                .bind(&a.error)
                .execute(&mut *tx)
                .await?;
            Ok(())
        }

        async fn finish_attempt_tx(&self, a: &DeliveryAttempt, next: EventNext) -> StoreResult<()> {
            let mut tx = self.begin_write().await?;
            Self::insert_delivery(&mut tx, a).await?;
            if let Some(event_id) = a.event_id {
                let at = a.attempted_at;
                let (status, next_at, delivered_at) = match next {
                    EventNext::Delivered => ("delivered", at, Some(at)),
                    EventNext::RetryAt(t) => ("pending", t, None),
                    EventNext::Dead => ("dead", at, None),
                };
                sqlx::query(
                    "UPDATE webhook_events SET status = $1, attempts = $2, next_attempt_at = $3, \
                       delivered_at = $4, lease_until = NULL, last_status = $5, last_error = $6 \
                     WHERE id = $7 AND status = 'pending'",
                )
                .bind(status)
                .bind(a.attempt)
                .bind(ts(&next_at))
                .bind(delivered_at.as_ref().map(ts))
                .bind(a.status_code)
                .bind(&a.error)
                .bind(event_id)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(())
        }
    };
}
pub(crate) use app_helpers;

macro_rules! app_methods {
    () => {
        fn get_app<'a>(&'a self, app: &'a str) -> StoreFuture<'a, Option<AppRecord>> {
            Box::pin(async move {
                let row = sqlx::query(&format!("{} WHERE source_app = $1", *SELECT_APP))
                    .bind(app)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| app_from_row(&r)).transpose()
            })
        }

        fn list_apps(&self) -> StoreFuture<'_, Vec<AppRecord>> {
            Box::pin(async move {
                let rows = sqlx::query(&format!("{} ORDER BY source_app", *SELECT_APP))
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(app_from_row).collect()
            })
        }

        fn put_app<'a>(
            &'a self,
            app: &'a str,
            change: &'a AppChange,
            at: DateTime<Utc>,
        ) -> StoreFuture<'a, AppRecord> {
            Box::pin(self.put_app_tx(app, change, at))
        }

        fn claim_webhook_events(
            &self,
            now: DateTime<Utc>,
            lease_until: DateTime<Utc>,
            limit: i64,
        ) -> StoreFuture<'_, Vec<ClaimedEvent>> {
            Box::pin(self.claim_tx(now, lease_until, limit))
        }

        fn finish_webhook_attempt<'a>(
            &'a self,
            attempt: &'a DeliveryAttempt,
            next: EventNext,
        ) -> StoreFuture<'a, ()> {
            Box::pin(self.finish_attempt_tx(attempt, next))
        }

        fn log_delivery<'a>(&'a self, attempt: &'a DeliveryAttempt) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                Self::insert_delivery(&mut tx, attempt).await?;
                tx.commit().await?;
                Ok(())
            })
        }

        fn list_deliveries<'a>(
            &'a self,
            app: &'a str,
            limit: i64,
        ) -> StoreFuture<'a, Vec<DeliveryRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&LIST_DELIVERIES)
                    .bind(app)
                    .bind(limit.max(0))
                    .fetch_all(&self.pool)
                    .await?)
            })
        }

        fn list_webhook_events<'a>(
            &'a self,
            app: &'a str,
            status: Option<&'a str>,
            limit: i64,
        ) -> StoreFuture<'a, Vec<EventRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&LIST_EVENTS)
                    .bind(app)
                    .bind(status)
                    .bind(limit.max(0))
                    .fetch_all(&self.pool)
                    .await?)
            })
        }

        fn replay_webhook_events<'a>(
            &'a self,
            app: &'a str,
            event_id: Option<i64>,
            now: DateTime<Utc>,
        ) -> StoreFuture<'a, u64> {
            Box::pin(async move {
                let done = sqlx::query(
                    "UPDATE webhook_events SET status = 'pending', attempts = 0, \
                       next_attempt_at = $1, lease_until = NULL \
                     WHERE source_app = $2 AND status = 'dead' AND ($3 IS NULL OR id = $3)",
                )
                .bind(ts(&now))
                .bind(app)
                .bind(event_id)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected())
            })
        }
    };
}
pub(crate) use app_methods;

//! Per-app settings, the webhook outbox and the delivery log.
//!
//! Claiming leases due events in one statement: on PostgreSQL the due rows
//! are selected `FOR UPDATE SKIP LOCKED`, so replicas claiming at once get
//! different events and never wait for each other; on SQLite the
//! `BEGIN IMMEDIATE` transaction is the only writer.

macro_rules! app_helpers {
    () => {
        async fn insert_delivery(
            conn: impl Executor<'_, Database = Db>,
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
            .execute(conn)
            .await?;
            Ok(())
        }
    };
}
pub(crate) use app_helpers;

macro_rules! app_methods {
    () => {
        fn get_app<'a>(&'a self, app: &'a str) -> StoreFuture<'a, Option<AppRecord>> {
            Box::pin(async move {
                let sql = format!("SELECT {APP_COLUMNS} FROM apps WHERE source_app = $1");
                Ok(sqlx::query_as(&sql).bind(app).fetch_optional(&self.pool).await?)
            })
        }

        fn list_apps(&self) -> StoreFuture<'_, Vec<AppRecord>> {
            Box::pin(async move {
                let sql = format!("SELECT {APP_COLUMNS} FROM apps ORDER BY source_app");
                Ok(sqlx::query_as(&sql).fetch_all(&self.pool).await?)
            })
        }

        fn put_app<'a>(
            &'a self,
            app: &'a str,
            change: &'a AppChange,
            at: DateTime<Utc>,
        ) -> StoreFuture<'a, AppRecord> {
            Box::pin(async move {
                check_app(app, change)?;
                let mut tx = self.begin_write().await?;
                // Serialize concurrent changes of one app (a missing row cannot be
                // locked; two creators then race on the primary key and one retries).
                let current = sqlx::query_as(&format!(
                    "SELECT {APP_COLUMNS} FROM apps WHERE source_app = $1{LOCK_ROW}"
                ))
                    .bind(app)
                    .fetch_optional(&mut *tx)
                    .await?;
                let a = outbox::merge_app(app, current, change, at);
                sqlx::query(
                    "INSERT INTO apps (source_app, webhook_url, webhook_secret, previous_secret, \
                       previous_until, retention_days, storage_mode, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                     ON CONFLICT (source_app) DO UPDATE SET webhook_url = excluded.webhook_url, \
                       webhook_secret = excluded.webhook_secret, \
                       previous_secret = excluded.previous_secret, \
                       previous_until = excluded.previous_until, \
                       retention_days = excluded.retention_days, \
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
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(a)
            })
        }

        fn claim_webhook_events(
            &self,
            now: DateTime<Utc>,
            lease_until: DateTime<Utc>,
            limit: i64,
        ) -> StoreFuture<'_, Vec<ClaimedEvent>> {
            Box::pin(async move {
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
            })
        }

        fn finish_webhook_attempt<'a>(
            &'a self,
            a: &'a DeliveryAttempt,
            next: EventNext,
        ) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let mut tx = self.begin_write().await?;
                Self::insert_delivery(&mut *tx, a).await?;
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
            })
        }

        fn log_delivery<'a>(&'a self, attempt: &'a DeliveryAttempt) -> StoreFuture<'a, ()> {
            Box::pin(Self::insert_delivery(&self.pool, attempt))
        }

        fn list_deliveries<'a>(
            &'a self,
            app: &'a str,
            limit: i64,
        ) -> StoreFuture<'a, Vec<DeliveryRecord>> {
            Box::pin(async move {
                Ok(sqlx::query_as(&format!(
                    "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE source_app = $1 \
                     ORDER BY id DESC LIMIT $2"
                ))
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
                // Not `*`: a listing does not need the bodies.
                Ok(sqlx::query_as(&format!(
                    "SELECT {EVENT_COLUMNS} FROM webhook_events WHERE source_app = $1 \
                       AND ($2 IS NULL OR status = $2) ORDER BY id DESC LIMIT $3"
                ))
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

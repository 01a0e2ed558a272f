//! The PostgreSQL implementation of [`Store`](super::Store): the production
//! backend, shared by any number of `modd` replicas.
//!
//! This module owns opening the pool and the trait impl; the SQL lives in
//! `items.rs` (content, scores, decisions), `keys.rs` (API keys, audit log)
//! and `migrate.rs` (the migration driver, serialized by an advisory lock).
//! Transactions run at READ COMMITTED; the idempotent writes rely on a
//! conditional `UPDATE`, which re-checks its condition after waiting for a
//! concurrent writer's row lock, so racing workers cannot both win.

mod facts;
mod items;
mod key_tx;
mod keys;
mod migrate;
mod policies;
mod retention;
mod review;
mod webhooks;

use super::migrations::{self, MIGRATIONS_POSTGRES, MigrationState};
use super::{
    AppChange, AppRecord, AuditEntry, Backend, ClaimedEvent, ConnectOptions, DeliveryAttempt,
    DeliveryRecord, EventNext, EventRecord, Inserted, KeyRecord, KeyRotation, NewAuditEntry,
    NewItem, NewKey, Outcome, PoolStats, ReviewDecision, ReviewFilter, ReviewOutcome, Rotated,
    Store, StoreError, StoreResult, StoredItem,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// PostgreSQL-backed store.
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
    max_connections: u32,
}

impl PostgresStore {
    /// Connects to the database named by `url` (fails fast if it is unreachable).
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<Self> {
        // The parse error of sqlx can quote the URL, password included: keep
        // only a generic message.
        let connect = PgConnectOptions::from_str(url)
            .map_err(|_| StoreError::Config("invalid PostgreSQL URL".into()))?
            .application_name("modd");
        let max_connections = options.max_connections.max(1);
        // One connection first, outside the pool: the pool retries until its
        // acquire timeout and then reports only "pool timed out", hiding
        // the cause (a wrong port, a refused password, no such database).
        {
            use sqlx::{ConnectOptions as _, Connection as _};
            let probe = connect.connect().await.map_err(|e| {
                super::error::connect_failure(connect.get_host(), connect.get_port(), &e)
            })?;
            let _ = probe.close().await;
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(options.acquire_timeout_secs))
            .connect_with(connect)
            .await?;
        Ok(Self {
            pool,
            max_connections,
        })
    }

    /// The pool, for tests and tools that need raw access.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn catalog_facts(&self) -> StoreResult<super::CatalogFacts> {
        facts::catalog_facts(&self.pool).await
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    fn pool_stats(&self) -> PoolStats {
        PoolStats {
            size: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
            max: self.max_connections,
        }
    }

    async fn migration_status(&self) -> StoreResult<Vec<MigrationState>> {
        migrations::status(&migrate::Driver(self), MIGRATIONS_POSTGRES).await
    }

    async fn migrate_up(&self, steps: Option<usize>) -> StoreResult<Vec<i64>> {
        migrations::up(&migrate::Driver(self), MIGRATIONS_POSTGRES, steps).await
    }

    async fn migrate_down(&self, steps: usize) -> StoreResult<Vec<i64>> {
        migrations::down(&migrate::Driver(self), MIGRATIONS_POSTGRES, steps).await
    }

    async fn insert_items(&self, items: &[NewItem]) -> StoreResult<Vec<Inserted>> {
        items::insert_items(&self.pool, items).await
    }

    async fn get_item(&self, id: i64) -> StoreResult<Option<StoredItem>> {
        items::get_item(&self.pool, id).await
    }

    async fn find_item(
        &self,
        source_app: &str,
        external_id: &str,
    ) -> StoreResult<Option<StoredItem>> {
        items::find_item(&self.pool, source_app, external_id).await
    }

    async fn item_scores(&self, id: i64) -> StoreResult<Vec<CategoryScore>> {
        items::item_scores(&self.pool, id).await
    }

    async fn pending_item_ids(&self, after_id: i64, limit: i64) -> StoreResult<Vec<i64>> {
        items::pending_item_ids(&self.pool, after_id, limit).await
    }

    async fn record_outcome(&self, outcome: &Outcome) -> StoreResult<bool> {
        items::record_outcome(&self.pool, outcome).await
    }

    async fn mark_error(&self, id: i64, reason: &str) -> StoreResult<bool> {
        items::mark_error(&self.pool, id, reason).await
    }

    async fn requeue_errored(&self, id: i64) -> StoreResult<bool> {
        items::requeue_errored(&self.pool, id).await
    }

    async fn count_by_status(&self) -> StoreResult<BTreeMap<ItemStatus, i64>> {
        items::count_by_status(&self.pool).await
    }

    async fn oldest_pending(&self) -> StoreResult<Option<DateTime<Utc>>> {
        items::oldest_pending(&self.pool).await
    }

    async fn recent_decisions(
        &self,
        source_app: &str,
        limit: i64,
    ) -> StoreResult<Vec<crate::store::DecidedItem>> {
        policies::recent_decisions(self, source_app, limit).await
    }

    async fn insert_policy(
        &self,
        policy: &crate::store::NewPolicy,
    ) -> StoreResult<crate::store::PolicyRecord> {
        policies::insert_policy(self, policy).await
    }

    async fn current_policy(
        &self,
        source_app: &str,
    ) -> StoreResult<Option<crate::store::PolicyRecord>> {
        Ok(policies::policy_history(self, source_app, 1).await?.pop())
    }

    async fn policy_history(
        &self,
        source_app: &str,
        limit: i64,
    ) -> StoreResult<Vec<crate::store::PolicyRecord>> {
        policies::policy_history(self, source_app, limit).await
    }

    async fn insert_key(&self, key: &NewKey) -> StoreResult<KeyRecord> {
        keys::insert_key(&self.pool, key, None).await
    }

    async fn key_by_hash(&self, hash: &[u8]) -> StoreResult<Option<KeyRecord>> {
        keys::key_by_hash(&self.pool, hash).await
    }

    async fn get_key(&self, id: i64) -> StoreResult<Option<KeyRecord>> {
        keys::get_key(&self.pool, id).await
    }

    async fn list_keys(&self) -> StoreResult<Vec<KeyRecord>> {
        keys::list_keys(&self.pool).await
    }

    async fn touch_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        keys::touch_key(&self.pool, id, at).await
    }

    async fn revoke_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool> {
        keys::revoke_key(&self.pool, id, at).await
    }

    async fn create_key(&self, key: &NewKey, actor: &str) -> StoreResult<KeyRecord> {
        key_tx::create_key(&self.pool, key, actor).await
    }

    async fn revoke_key_audited(
        &self,
        id: i64,
        at: DateTime<Utc>,
        actor: &str,
    ) -> StoreResult<KeyRecord> {
        key_tx::revoke_key(&self.pool, id, at, actor).await
    }

    async fn rotate_key(&self, rotation: &KeyRotation) -> StoreResult<Rotated> {
        key_tx::rotate_key(&self.pool, rotation).await
    }

    async fn append_audit(&self, entry: &NewAuditEntry) -> StoreResult<()> {
        keys::append_audit(&self.pool, entry).await
    }

    async fn list_audit(&self, limit: i64) -> StoreResult<Vec<AuditEntry>> {
        keys::list_audit(&self.pool, limit).await
    }

    async fn list_flagged(&self, filter: &ReviewFilter) -> StoreResult<Vec<StoredItem>> {
        review::list_flagged(&self.pool, filter).await
    }

    async fn record_review(&self, decision: &ReviewDecision) -> StoreResult<ReviewOutcome> {
        review::record_review(&self.pool, decision).await
    }

    async fn get_app(&self, source_app: &str) -> StoreResult<Option<AppRecord>> {
        webhooks::get_app(&self.pool, source_app).await
    }

    async fn list_apps(&self) -> StoreResult<Vec<AppRecord>> {
        webhooks::list_apps(&self.pool).await
    }

    async fn put_app(
        &self,
        source_app: &str,
        change: &AppChange,
        at: DateTime<Utc>,
    ) -> StoreResult<AppRecord> {
        webhooks::put_app(&self.pool, source_app, change, at).await
    }

    async fn claim_webhook_events(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedEvent>> {
        webhooks::claim_webhook_events(&self.pool, now, lease_until, limit).await
    }

    async fn finish_webhook_attempt(
        &self,
        attempt: &DeliveryAttempt,
        next: EventNext,
    ) -> StoreResult<()> {
        webhooks::finish_webhook_attempt(&self.pool, attempt, next).await
    }

    async fn log_delivery(&self, attempt: &DeliveryAttempt) -> StoreResult<()> {
        webhooks::log_delivery(&self.pool, attempt).await
    }

    async fn list_deliveries(
        &self,
        source_app: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryRecord>> {
        webhooks::list_deliveries(&self.pool, source_app, limit).await
    }

    async fn list_webhook_events(
        &self,
        source_app: &str,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<EventRecord>> {
        webhooks::list_webhook_events(&self.pool, source_app, status, limit).await
    }

    async fn replay_webhook_events(
        &self,
        source_app: &str,
        event_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<u64> {
        webhooks::replay_webhook_events(&self.pool, source_app, event_id, now).await
    }

    async fn delete_items_before(
        &self,
        source_app: Option<&str>,
        cutoff: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<u64> {
        retention::delete_items_before(&self.pool, source_app, cutoff, limit).await
    }

    async fn erase_item(
        &self,
        source_app: &str,
        external_id: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        retention::erase_item(&self.pool, source_app, external_id, actor, at).await
    }
}

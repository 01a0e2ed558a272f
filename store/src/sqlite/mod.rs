//! The SQLite implementation of [`Store`](super::Store): the embedded default,
//! one file under `./data/` (or `sqlite::memory:` for throwaway runs).
//!
//! This module owns opening the pool and the trait impl; the SQL lives in
//! `items.rs` (content, scores, decisions), `keys.rs` (API keys, audit log)
//! and `migrate.rs` (the migration driver).
//!
//! Timestamps are bound as fixed-width RFC 3339 text (see [`ts`]) so text
//! comparison in SQL equals time comparison. Every write transaction starts
//! with `BEGIN IMMEDIATE`: it takes SQLite's single write lock up front, so
//! concurrent writers queue on `busy_timeout` instead of failing with
//! `SQLITE_BUSY` when a read-then-write transaction tries to upgrade.

mod facts;
mod items;
mod key_tx;
mod keys;
mod migrate;
mod policies;
mod retention;
mod review;
mod webhooks;

use super::migrations::{self, MIGRATIONS_SQLITE, MigrationState};
use super::{
    AppChange, AppRecord, AuditEntry, Backend, ClaimedEvent, ConnectOptions, DeliveryAttempt,
    DeliveryRecord, EventNext, EventRecord, Inserted, KeyRecord, KeyRotation, NewAuditEntry,
    NewItem, NewKey, Outcome, PoolStats, ReviewDecision, ReviewFilter, ReviewOutcome, Rotated,
    Store, StoreError, StoreResult, StoredItem,
};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// SQLite-backed store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    max_connections: u32,
}

/// The one text form of a timestamp in SQLite: UTC, microseconds, `Z`.
/// Fixed width keeps text order equal to time order; microseconds match
/// what PostgreSQL keeps, so both backends round-trip the same value.
pub(crate) fn ts(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn is_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

impl SqliteStore {
    /// Opens (creating when missing) the database file named by `url`.
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<Self> {
        let connect = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid SQLite URL: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let memory = is_memory(url);
        let dir = connect
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty());
        if let (false, Some(dir)) = (memory, dir) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .acquire_timeout(Duration::from_secs(options.acquire_timeout_secs));
        // An in-memory database lives exactly as long as its connection, and
        // each connection would get its own: keep one connection forever.
        let (pool, max_connections) = if memory {
            let pool = pool
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
            (pool, 1)
        } else {
            let max = options.max_connections.max(1);
            (pool.max_connections(max), max)
        };
        let pool = pool.connect_with(connect).await?;
        Ok(Self {
            pool,
            max_connections,
        })
    }

    /// The pool, for tests and tools that need raw access.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
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
        migrations::status(&migrate::Driver(self), MIGRATIONS_SQLITE).await
    }

    async fn migrate_up(&self, steps: Option<usize>) -> StoreResult<Vec<i64>> {
        migrations::up(&migrate::Driver(self), MIGRATIONS_SQLITE, steps).await
    }

    async fn migrate_down(&self, steps: usize) -> StoreResult<Vec<i64>> {
        migrations::down(&migrate::Driver(self), MIGRATIONS_SQLITE, steps).await
    }

    async fn insert_items(&self, items: &[NewItem]) -> StoreResult<Vec<Inserted>> {
        items::insert_items(self, items).await
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
        items::record_outcome(self, outcome).await
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
    ) -> StoreResult<Vec<crate::DecidedItem>> {
        policies::recent_decisions(self, source_app, limit).await
    }

    async fn insert_policy(&self, policy: &crate::NewPolicy) -> StoreResult<crate::PolicyRecord> {
        policies::insert_policy(self, policy).await
    }

    async fn current_policy(&self, source_app: &str) -> StoreResult<Option<crate::PolicyRecord>> {
        Ok(policies::policy_history(self, source_app, 1).await?.pop())
    }

    async fn policy_history(
        &self,
        source_app: &str,
        limit: i64,
    ) -> StoreResult<Vec<crate::PolicyRecord>> {
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
        key_tx::create_key(self, key, actor).await
    }

    async fn revoke_key_audited(
        &self,
        id: i64,
        at: DateTime<Utc>,
        actor: &str,
    ) -> StoreResult<KeyRecord> {
        key_tx::revoke_key(self, id, at, actor).await
    }

    async fn rotate_key(&self, rotation: &KeyRotation) -> StoreResult<Rotated> {
        key_tx::rotate_key(self, rotation).await
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
        review::record_review(self, decision).await
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
        webhooks::put_app(self, source_app, change, at).await
    }

    async fn claim_webhook_events(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedEvent>> {
        webhooks::claim_webhook_events(self, now, lease_until, limit).await
    }

    async fn finish_webhook_attempt(
        &self,
        attempt: &DeliveryAttempt,
        next: EventNext,
    ) -> StoreResult<()> {
        webhooks::finish_webhook_attempt(self, attempt, next).await
    }

    async fn log_delivery(&self, attempt: &DeliveryAttempt) -> StoreResult<()> {
        webhooks::log_delivery(self, attempt).await
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
        retention::delete_items_before(self, source_app, cutoff, limit).await
    }

    async fn erase_item(
        &self,
        source_app: &str,
        external_id: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>> {
        retention::erase_item(self, source_app, external_id, actor, at).await
    }
}

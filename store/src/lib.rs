//! `modd-store`: the `Store` trait and its two implementations.
//!
//! The database row is the record of truth (see ARCHITECTURE.md, "Durability
//! rule"). SQLite is the embedded default, PostgreSQL the production backend;
//! `connect` picks one from the URL scheme. Both run the same conformance
//! suite (`daemon/tests/store_conformance/`).

mod codec;
mod error;
pub mod event;
mod facts;
mod key_ops;
pub mod migrations;
mod outbox;
mod pipeline_types;
mod postgres;
pub mod redact;
mod rows;
mod sql;
mod sqlite;
mod types;

pub use error::{StoreError, StoreResult};
pub use facts::CatalogFacts;
pub use migrations::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, MigrationState};
pub use pipeline_types::*;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;
pub use types::*;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// The backend named by a `DATABASE_URL`'s scheme.
    pub fn from_url(url: &str) -> StoreResult<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ))
        }
    }
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Maximum connections in the pool.
    pub max_connections: u32,
    /// Seconds to wait for a free connection before failing.
    pub acquire_timeout_secs: u64,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            max_connections: 16,
            acquire_timeout_secs: 5,
        }
    }
}

/// Opens the store named by `url`. Does not migrate: see [`Store::migrate_up`].
///
/// For SQLite the file's directory is created when missing.
pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    Ok(match Backend::from_url(url)? {
        Backend::Sqlite => Arc::new(SqliteStore::connect(url, options).await?),
        Backend::Postgres => Arc::new(PostgresStore::connect(url, options).await?),
    })
}

/// Fails with [`StoreError::PendingMigrations`] when the schema is behind the
/// code, and with [`StoreError::Migration`] when it is ahead (a version this
/// binary does not know). The daemon calls this at start instead of
/// migrating on its own: schema changes are an operator's decision.
pub async fn check_schema(store: &dyn Store) -> StoreResult<()> {
    let pending = store
        .migration_status()
        .await?
        .iter()
        .filter(|m| m.applied_at.is_none())
        .count();
    if pending == 0 {
        Ok(())
    } else {
        Err(StoreError::PendingMigrations(pending))
    }
}

/// Everything the daemon and `modctl` persist.
///
/// Methods take slices where the hot path benefits from batching (intake goes
/// through group commit), and every write that must be idempotent says so.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// One cheap round trip, for `/ready`.
    async fn ping(&self) -> StoreResult<()>;

    /// Connections in use and idle, for `/metrics`.
    fn pool_stats(&self) -> PoolStats;

    // --- migrations -------------------------------------------------------

    /// Every known migration and whether it is applied, oldest first.
    async fn migration_status(&self) -> StoreResult<Vec<MigrationState>>;

    /// Applies pending migrations (all, or at most `steps`), each in its own
    /// transaction. Returns the versions applied.
    async fn migrate_up(&self, steps: Option<usize>) -> StoreResult<Vec<i64>>;

    /// Reverts the newest `steps` applied migrations. Returns the versions reverted.
    async fn migrate_down(&self, steps: usize) -> StoreResult<Vec<i64>>;

    // --- content items ----------------------------------------------------

    /// Inserts items in one transaction. An item whose (`source_app`,
    /// `external_id`) already exists is not changed: its existing row is
    /// returned with `created = false`. Results are in input order.
    async fn insert_items(&self, items: &[NewItem]) -> StoreResult<Vec<Inserted>>;

    async fn get_item(&self, id: i64) -> StoreResult<Option<StoredItem>>;

    async fn find_item(
        &self,
        source_app: &str,
        external_id: &str,
    ) -> StoreResult<Option<StoredItem>>;

    /// Category scores stored for an item, in category order.
    async fn item_scores(&self, id: i64) -> StoreResult<Vec<CategoryScore>>;

    /// Ids of `pending` items with id > `after_id`, ascending, at most `limit`.
    async fn pending_item_ids(&self, after_id: i64, limit: i64) -> StoreResult<Vec<i64>>;

    /// Stores scores and decision and moves the item out of `pending`, in one
    /// transaction. Idempotent: returns `false` (and writes nothing) when the
    /// item is no longer pending or does not exist.
    async fn record_outcome(&self, outcome: &Outcome) -> StoreResult<bool>;

    /// Moves a pending item to `error` with a reason. `false` if not pending.
    async fn mark_error(&self, id: i64, reason: &str) -> StoreResult<bool>;

    /// Moves an `error` item back to `pending` (clearing its error), for a
    /// retry from the dead-letter queue. `false` if it is not in `error`.
    async fn requeue_errored(&self, id: i64) -> StoreResult<bool>;

    /// Number of items per status (every status present, zeros included).
    async fn count_by_status(&self) -> StoreResult<BTreeMap<ItemStatus, i64>>;

    /// `created_at` of the oldest pending item.
    async fn oldest_pending(&self) -> StoreResult<Option<DateTime<Utc>>>;

    /// The newest `limit` automatic (`rule`) decisions of `source_app`, newest
    /// first, with their stored scores and gaps: what a policy dry run re-decides.
    async fn recent_decisions(&self, source_app: &str, limit: i64)
    -> StoreResult<Vec<DecidedItem>>;

    // --- policies -----------------------------------------------------------

    /// Stores a new version of an app's policy (the current version + 1, or
    /// 1) and returns it. Concurrent inserts for one app get distinct versions.
    async fn insert_policy(&self, policy: &NewPolicy) -> StoreResult<PolicyRecord>;

    /// The newest version of an app's policy.
    async fn current_policy(&self, source_app: &str) -> StoreResult<Option<PolicyRecord>>;

    /// An app's policy versions, newest first, at most `limit`.
    async fn policy_history(&self, source_app: &str, limit: i64) -> StoreResult<Vec<PolicyRecord>>;

    // --- API keys ---------------------------------------------------------

    async fn insert_key(&self, key: &NewKey) -> StoreResult<KeyRecord>;

    /// The key with this SHA-256 hash, revoked or not (the caller decides).
    async fn key_by_hash(&self, hash: &[u8]) -> StoreResult<Option<KeyRecord>>;

    async fn get_key(&self, id: i64) -> StoreResult<Option<KeyRecord>>;

    /// All keys, oldest first.
    async fn list_keys(&self) -> StoreResult<Vec<KeyRecord>>;

    /// Records a use of the key (callers throttle how often).
    async fn touch_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;

    /// Sets `revoked_at` if not already set. `false` if already revoked or missing.
    async fn revoke_key(&self, id: i64, at: DateTime<Utc>) -> StoreResult<bool>;

    /// Inserts a key and its `key.create` audit entry (by `actor`) in one
    /// transaction: a key never exists unaudited.
    async fn create_key(&self, key: &NewKey, actor: &str) -> StoreResult<KeyRecord>;

    /// Revokes a key as of `at` and audits `key.revoke`, in one transaction.
    /// A key in a rotation's grace period is stopped at `at`. `NotFound` when
    /// missing, `Conflict` when it already stopped working.
    async fn revoke_key_audited(
        &self,
        id: i64,
        at: DateTime<Utc>,
        actor: &str,
    ) -> StoreResult<KeyRecord>;

    /// Issues a successor with the old key's settings, sets the old key's
    /// `revoked_at` to the end of the grace period, and audits `key.rotate`,
    /// in one transaction. `NotFound` when missing; `Conflict` when the key is
    /// revoked, expired or already rotated.
    async fn rotate_key(&self, rotation: &KeyRotation) -> StoreResult<Rotated>;

    // --- audit log --------------------------------------------------------

    async fn append_audit(&self, entry: &NewAuditEntry) -> StoreResult<()>;

    /// Newest first.
    async fn list_audit(&self, limit: i64) -> StoreResult<Vec<AuditEntry>>;

    // --- human review -----------------------------------------------------

    /// Flagged items matching `filter`, oldest first, at most `filter.limit`.
    async fn list_flagged(&self, filter: &ReviewFilter) -> StoreResult<Vec<StoredItem>>;

    /// A reviewer's final decision on a flagged item: the decision (now
    /// `decided_by = human`), the item's status, its stored text per the
    /// app's storage mode, the outbox event and the audit entry, in one
    /// transaction. Only a flagged item can be reviewed, so a second review
    /// (or a race of two reviewers) changes nothing and says `NotFlagged`.
    async fn record_review(&self, decision: &ReviewDecision) -> StoreResult<ReviewOutcome>;

    // --- per-app settings -------------------------------------------------

    async fn get_app(&self, source_app: &str) -> StoreResult<Option<AppRecord>>;

    /// Every app with stored settings, by name.
    async fn list_apps(&self) -> StoreResult<Vec<AppRecord>>;

    /// Creates the app's row if missing and applies `change`.
    async fn put_app(
        &self,
        source_app: &str,
        change: &AppChange,
        at: DateTime<Utc>,
    ) -> StoreResult<AppRecord>;

    // --- webhook outbox ---------------------------------------------------

    /// Takes up to `limit` due events (pending, `next_attempt_at <= now`, no
    /// live lease) and leases them until `lease_until`. Several replicas can
    /// call this at once: each event goes to one of them (PostgreSQL skips
    /// rows another transaction holds; SQLite has one writer).
    async fn claim_webhook_events(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedEvent>>;

    /// Logs an attempt and moves its event on (delivered, retry later, dead),
    /// releasing the lease. Only a still-pending event changes.
    async fn finish_webhook_attempt(
        &self,
        attempt: &DeliveryAttempt,
        next: EventNext,
    ) -> StoreResult<()>;

    /// Logs an attempt that belongs to no event (a test delivery).
    async fn log_delivery(&self, attempt: &DeliveryAttempt) -> StoreResult<()>;

    /// The app's latest attempts, newest first.
    async fn list_deliveries(
        &self,
        source_app: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryRecord>>;

    /// The app's outbox events, newest first, optionally of one status.
    async fn list_webhook_events(
        &self,
        source_app: &str,
        status: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<EventRecord>>;

    /// Puts dead events of the app (one, or all) back to pending, due now,
    /// with their attempt count reset. Returns how many.
    async fn replay_webhook_events(
        &self,
        source_app: &str,
        event_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreResult<u64>;

    // --- retention and erasure --------------------------------------------

    /// Deletes up to `limit` items created before `cutoff`, with their
    /// scores, decisions and events: of `source_app`, or with `None` of every
    /// app that has no retention override. Returns how many.
    async fn delete_items_before(
        &self,
        source_app: Option<&str>,
        cutoff: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<u64>;

    /// Deletes one item with its scores, decision and events now, and
    /// appends a `content.erase` audit entry (ids only, no content) in the
    /// same transaction. Returns the erased item's id, `None` if absent.
    async fn erase_item(
        &self,
        source_app: &str,
        external_id: &str,
        actor: &str,
        at: DateTime<Utc>,
    ) -> StoreResult<Option<i64>>;
    // --- catalog facts ----------------------------------------------------

    /// Role privileges, unindexed foreign keys, backup signal (for `modctl verify`).
    async fn catalog_facts(&self) -> StoreResult<CatalogFacts>;
}

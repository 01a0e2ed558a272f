//! `modd-store`: the `Store` trait and its two implementations.
//!
//! The database row is the record of truth (see ARCHITECTURE.md, "Durability
//! rule"). SQLite is the embedded default, PostgreSQL the production backend;
//! `connect` picks one from the URL scheme. Both run the same conformance
//! suite (`daemon/tests/store_conformance/`).
//!
//! Layout: `rows/` holds the row types and their decoders, `sql/` the
//! dialect-neutral SQL and methods (written once, expanded into each
//! store), `sqlite/` and `postgres/` only what truly differs: connecting,
//! timestamp binding, write locking, batch inserts, catalog facts.

mod audit;
pub mod backup;
mod checks;
mod error;
pub mod event;
mod facts;
mod key_notice;
mod key_ops;
pub mod migrations;
mod outbox;
mod postgres;
pub mod redact;
mod rows;
mod sql;
mod sqlite;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

pub use error::{StoreError, StoreResult};
pub use event::{DecisionEvent, KeyNotice, KeyNoticeKind};
pub use facts::CatalogFacts;
pub use key_notice::{Ending, KeyLifetime, KeyNoticeRules};
pub use migrations::{MIGRATIONS_POSTGRES, MIGRATIONS_SQLITE, MigrationState};
pub use postgres::PostgresStore;
pub use rows::*;
pub use sqlite::SqliteStore;

use chrono::{DateTime, Utc};
use modd_common::{CategoryScore, ItemStatus};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What every [`Store`] method returns: a boxed future, so `dyn Store` works
/// and both dialects can write the shared methods once (see `sql/`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = StoreResult<T>> + Send + 'a>>;

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
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// One cheap round trip, for `/ready`.
    fn ping(&self) -> StoreFuture<'_, ()>;

    /// Connections in use and idle, for `/metrics`.
    fn pool_stats(&self) -> PoolStats;

    // --- migrations -------------------------------------------------------

    /// Every known migration and whether it is applied, oldest first.
    fn migration_status(&self) -> StoreFuture<'_, Vec<MigrationState>>;

    /// Applies pending migrations (all, or at most `steps`), each in its own
    /// transaction. Returns the versions applied.
    fn migrate_up(&self, steps: Option<usize>) -> StoreFuture<'_, Vec<i64>>;

    /// Reverts the newest `steps` applied migrations. Returns the versions reverted.
    fn migrate_down(&self, steps: usize) -> StoreFuture<'_, Vec<i64>>;

    // --- content items ----------------------------------------------------

    /// Inserts items in one transaction. An item whose (`source_app`,
    /// `external_id`) already exists is not changed: its existing row is
    /// returned with `created = false`. Results are in input order.
    fn insert_items<'a>(&'a self, items: &'a [NewItem]) -> StoreFuture<'a, Vec<Inserted>>;

    fn get_item(&self, id: i64) -> StoreFuture<'_, Option<StoredItem>>;

    /// The items with these ids, in one query, in no particular order;
    /// ids with no item are left out. What a worker's batch loads.
    fn get_items<'a>(&'a self, ids: &'a [i64]) -> StoreFuture<'a, Vec<StoredItem>>;

    fn find_item<'a>(
        &'a self,
        source_app: &'a str,
        external_id: &'a str,
    ) -> StoreFuture<'a, Option<StoredItem>>;

    /// Category scores stored for an item, in category order.
    fn item_scores(&self, id: i64) -> StoreFuture<'_, Vec<CategoryScore>>;

    /// Ids of `pending` items with id > `after_id`, ascending, at most `limit`.
    fn pending_item_ids(&self, after_id: i64, limit: i64) -> StoreFuture<'_, Vec<i64>>;

    /// Stores scores and decision and moves the item out of `pending`, in one
    /// transaction, and returns the event it wrote to the outbox (built even
    /// when the app has no webhook: the live feed publishes it). Idempotent:
    /// returns `None` (and writes nothing) when the item is no longer pending
    /// or does not exist.
    fn record_outcome<'a>(&'a self, outcome: &'a Outcome)
    -> StoreFuture<'a, Option<DecisionEvent>>;

    /// [`Store::record_outcome`] for many items in one transaction (one
    /// commit): results in input order, `None` where the item was no longer
    /// pending. All or nothing: if any outcome is refused, nothing is
    /// written and the error is returned, so the caller can record the
    /// outcomes one by one to find the item at fault.
    fn record_outcomes<'a>(
        &'a self,
        outcomes: &'a [Outcome],
    ) -> StoreFuture<'a, Vec<Option<DecisionEvent>>>;

    /// [`Store::insert_items`] and [`Store::record_outcomes`] in one
    /// transaction (one commit), with their semantics: what a single
    /// database writer (SQLite) commits per round when intake and decisions
    /// share it. All or nothing, like both halves.
    fn commit_round<'a>(
        &'a self,
        items: &'a [NewItem],
        outcomes: &'a [Outcome],
    ) -> StoreFuture<'a, RoundWritten>;

    /// Moves a pending item to `error` with a reason. `false` if not pending.
    fn mark_error<'a>(&'a self, id: i64, reason: &'a str) -> StoreFuture<'a, bool>;

    /// Moves an `error` item back to `pending` (clearing its error), for a
    /// retry from the dead-letter queue. `false` if it is not in `error`.
    fn requeue_errored(&self, id: i64) -> StoreFuture<'_, bool>;

    /// Number of items per status (every status present, zeros included).
    /// A full scan on a large table: the daemon caches it (observe::item_counts).
    fn count_by_status(&self) -> StoreFuture<'_, BTreeMap<ItemStatus, i64>>;

    /// How many items have `status`, reading only their rows: for the
    /// statuses that wait (their rows are few), not for approved or blocked.
    fn count_status(&self, status: ItemStatus) -> StoreFuture<'_, i64>;

    /// `created_at` of the oldest pending item.
    fn oldest_pending(&self) -> StoreFuture<'_, Option<DateTime<Utc>>>;

    /// The newest `limit` automatic (`rule`) decisions of `source_app`, newest
    /// first, with their stored scores and gaps: what a policy dry run re-decides.
    fn recent_decisions<'a>(
        &'a self,
        source_app: &'a str,
        limit: i64,
    ) -> StoreFuture<'a, Vec<DecidedItem>>;

    // --- policies -----------------------------------------------------------

    /// Stores a new version of an app's policy (the current version + 1, or
    /// 1) and returns it. Concurrent inserts for one app get distinct versions.
    fn insert_policy<'a>(&'a self, policy: &'a NewPolicy) -> StoreFuture<'a, PolicyRecord>;

    /// The newest version of an app's policy.
    fn current_policy<'a>(&'a self, source_app: &'a str) -> StoreFuture<'a, Option<PolicyRecord>>;

    /// An app's policy versions, newest first, at most `limit`.
    fn policy_history<'a>(
        &'a self,
        source_app: &'a str,
        limit: i64,
    ) -> StoreFuture<'a, Vec<PolicyRecord>>;

    // --- API keys ---------------------------------------------------------

    fn insert_key<'a>(&'a self, key: &'a NewKey) -> StoreFuture<'a, KeyRecord>;

    /// The key with this SHA-256 hash, revoked or not (the caller decides).
    fn key_by_hash<'a>(&'a self, hash: &'a [u8]) -> StoreFuture<'a, Option<KeyRecord>>;

    fn get_key(&self, id: i64) -> StoreFuture<'_, Option<KeyRecord>>;

    /// All keys, oldest first.
    fn list_keys(&self) -> StoreFuture<'_, Vec<KeyRecord>>;

    /// Records a use of the key (callers throttle how often).
    fn touch_key(&self, id: i64, at: DateTime<Utc>) -> StoreFuture<'_, ()>;

    /// Sets `revoked_at` if not already set. `false` if already revoked or missing.
    fn revoke_key(&self, id: i64, at: DateTime<Utc>) -> StoreFuture<'_, bool>;

    /// Inserts a key and its `key.create` audit entry (by `actor`) in one
    /// transaction: a key never exists unaudited.
    fn create_key<'a>(&'a self, key: &'a NewKey, actor: &'a str) -> StoreFuture<'a, KeyRecord>;

    /// Revokes a key as of `at` and audits `key.revoke`, in one transaction.
    /// A key in a rotation's grace period is stopped at `at`. `NotFound` when
    /// missing, `Conflict` when it already stopped working.
    fn revoke_key_audited<'a>(
        &'a self,
        id: i64,
        at: DateTime<Utc>,
        actor: &'a str,
    ) -> StoreFuture<'a, KeyRecord>;

    /// Issues a successor with the old key's settings, sets the old key's
    /// `revoked_at` to the end of the grace period, audits `key.rotate` and
    /// (with a grace) writes a `key.rotating` event for each bound app with
    /// a webhook, in one transaction. `NotFound` when missing; `Conflict` when the key is
    /// revoked, expired or already rotated.
    fn rotate_key<'a>(&'a self, rotation: &'a KeyRotation) -> StoreFuture<'a, Rotated>;

    /// Moves the end of a rotation's grace period `by` later, audits
    /// `key.extend_grace` and writes a `key.rotating` event with the new
    /// sunset for each bound app with a webhook, in one transaction.
    /// `NotFound` when missing; `Conflict` unless the key is in its grace
    /// period at `at`.
    fn extend_key_grace<'a>(
        &'a self,
        id: i64,
        by: chrono::TimeDelta,
        at: DateTime<Utc>,
        actor: &'a str,
        rules: &'a KeyNoticeRules,
    ) -> StoreFuture<'a, KeyRecord>;

    /// Writes each notice's events (one per bound app with a webhook) to
    /// the outbox, skipping any already written: an event's `webhook_id` is
    /// derived from its kind, key, app and sunset, so replicas sweeping at
    /// once write each announcement once. Returns how many were written.
    fn record_key_notices<'a>(&'a self, notices: &'a [KeyNotice]) -> StoreFuture<'a, u64>;

    /// Sets (or with `None` clears) a key's own maximum age in seconds and
    /// audits `key.set_max_age`, in one transaction. `NotFound` when missing;
    /// `Invalid` for a maximum that is not positive.
    fn set_key_max_age<'a>(
        &'a self,
        id: i64,
        max_age_secs: Option<i64>,
        at: DateTime<Utc>,
        actor: &'a str,
    ) -> StoreFuture<'a, KeyRecord>;

    // --- audit log --------------------------------------------------------

    fn append_audit<'a>(&'a self, entry: &'a NewAuditEntry) -> StoreFuture<'a, ()>;

    /// Newest first.
    fn list_audit(&self, limit: i64) -> StoreFuture<'_, Vec<AuditEntry>>;

    // --- verify attestations ------------------------------------------------

    /// Records a person's confirmation of a manual verify item, with its
    /// audit entry (`verify.attest`) in the same transaction.
    fn attest<'a>(&'a self, a: &'a NewAttestation) -> StoreFuture<'a, Attestation>;

    /// Attestations not expired at `now`, newest first.
    fn current_attestations(&self, now: DateTime<Utc>) -> StoreFuture<'_, Vec<Attestation>>;

    // --- human review -----------------------------------------------------

    /// Flagged items matching `filter`, oldest first, at most `filter.limit`.
    fn list_flagged<'a>(&'a self, filter: &'a ReviewFilter) -> StoreFuture<'a, Vec<StoredItem>>;

    /// A reviewer's final decision on a flagged item: the decision (now
    /// `decided_by = human`), the item's status, its stored text per the
    /// app's storage mode, the outbox event and the audit entry, in one
    /// transaction. Only a flagged item can be reviewed, so a second review
    /// (or a race of two reviewers) changes nothing and says `NotFlagged`;
    /// an item another reviewer has claimed changes nothing and says `Claimed`.
    /// `Decided` carries the event written, for the live feed.
    fn record_review<'a>(&'a self, decision: &'a ReviewDecision) -> StoreFuture<'a, ReviewOutcome>;

    // --- appeals ------------------------------------------------------------
    /// Records an appeal of a decided (`approved` or `blocked`) item, with
    /// the decision it is against and an `appeal.submit` audit entry, in one
    /// transaction. One appeal per item: a second says `AlreadyAppealed`
    /// and changes nothing.
    fn submit_appeal<'a>(&'a self, appeal: &'a NewAppeal) -> StoreFuture<'a, AppealSubmitted>;
    /// The appeal of an item, open or decided.
    fn get_appeal(&self, item_id: i64) -> StoreFuture<'_, Option<AppealRecord>>;
    /// Open (the queue) or decided appeals matching `filter`, oldest item first.
    fn list_appeals<'a>(&'a self, filter: &'a AppealFilter) -> StoreFuture<'a, Vec<AppealRecord>>;
    /// Decides an open appeal: upheld leaves the item's decision as it is;
    /// overturned reverses it (status and decision, now the decider's).
    /// The statement is then kept per the app's storage mode; the outbox
    /// event (`moderation.appeal_decided`, kind `appeal`) and the
    /// `appeal.decide` audit entry are written in the same transaction.
    /// Whether the decider may decide is the caller's rule.
    fn decide_appeal<'a>(&'a self, decision: &'a AppealDecision) -> StoreFuture<'a, AppealDecided>;
    // --- review console ---------------------------------------------------

    /// Stores a console session (and forgets those past their absolute expiry).
    fn create_session<'a>(&'a self, session: &'a NewSession) -> StoreFuture<'a, ()>;

    /// The session with this id hash, its idle clock reset to `now`; `None`
    /// when unknown, idle since before `idle_since`, or past its absolute
    /// expiry. Whether its key still works is the caller's check.
    fn touch_session<'a>(
        &'a self,
        id_hash: &'a [u8],
        now: DateTime<Utc>,
        idle_since: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<ConsoleSession>>;

    /// Ends a session (sign-out). `false` when it was already gone.
    fn end_session<'a>(&'a self, id_hash: &'a [u8]) -> StoreFuture<'a, bool>;

    /// Claims a flagged item for `holder` until `until`, unless another
    /// holder's claim is live at `now`. Returns the live claim after the
    /// call (the holder's own, or the other one); `None` when the item is
    /// not flagged. [`Store::record_review`] refuses another holder's item.
    fn claim_item<'a>(
        &'a self,
        item_id: i64,
        holder: &'a str,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<Claim>>;

    /// Every claim live at `now`, by item.
    fn live_claims(&self, now: DateTime<Utc>) -> StoreFuture<'_, Vec<Claim>>;

    // --- decisions held for undo (`sql/holds.rs`) --------------------------

    /// Holds a console decision until `hold.commit_at` instead of recording
    /// it: the item stays flagged, the reviewer's claim is taken or renewed
    /// until `claim_until`, and `review.hold` is audited, in one
    /// transaction. Refused (nothing changes) as [`Store::record_review`]
    /// would refuse it, or `NotFlagged` when a decision is already held.
    fn hold_review<'a>(
        &'a self,
        hold: &'a ReviewHold,
        claim_until: DateTime<Utc>,
    ) -> StoreFuture<'a, HoldOutcome>;

    /// Drops `reviewer`'s held decision on the item if its window is still
    /// open at `now`, auditing `review.undo` in the same transaction.
    fn undo_review<'a>(
        &'a self,
        item_id: i64,
        reviewer: &'a str,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, UndoOutcome>;

    /// The reviewer's held decisions, newest first.
    fn review_holds<'a>(&'a self, reviewer: &'a str) -> StoreFuture<'a, Vec<ReviewHold>>;

    /// Items whose held decision is due at `now`, oldest first, at most `limit`.
    fn due_review_holds(&self, now: DateTime<Utc>, limit: i64) -> StoreFuture<'_, Vec<i64>>;

    /// Takes the item's held decision if due at `now` and records it as
    /// [`Store::record_review`] does, in one transaction; `None` when there
    /// is none (undone, not due, or already taken by another replica).
    fn commit_review_hold(
        &self,
        item_id: i64,
        now: DateTime<Utc>,
    ) -> StoreFuture<'_, Option<ReviewOutcome>>;

    // --- reason codes (`sql/holds.rs`) --------------------------------------

    /// The app's own reason codes in order; `None` when it has set none
    /// (it uses the built-in list).
    fn reason_codes<'a>(
        &'a self,
        source_app: &'a str,
    ) -> StoreFuture<'a, Option<Vec<modd_common::ReasonCode>>>;

    /// Replaces the app's reason codes (or drops them: `codes: None`) and
    /// audits `app.reason_codes`, in one transaction.
    fn set_reason_codes<'a>(&'a self, change: &'a ReasonCodesChange) -> StoreFuture<'a, ()>;

    // --- per-app settings -------------------------------------------------

    fn get_app<'a>(&'a self, source_app: &'a str) -> StoreFuture<'a, Option<AppRecord>>;

    /// Every app with stored settings, by name.
    fn list_apps(&self) -> StoreFuture<'_, Vec<AppRecord>>;

    /// Creates the app's row if missing and applies `change`.
    fn put_app<'a>(
        &'a self,
        source_app: &'a str,
        change: &'a AppChange,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, AppRecord>;

    // --- sealed webhook secrets (SECRET_KEY rotation) --------------------

    /// Up to `limit` apps with a stored secret, named after `after`, by name.
    fn apps_with_secrets<'a>(
        &'a self,
        after: &'a str,
        limit: i64,
    ) -> StoreFuture<'a, Vec<AppRecord>>;

    /// Writes each reseal whose row is unchanged since it was read, with one
    /// `secrets.reseal` audit entry, in one transaction; returns the apps
    /// written (the others changed meanwhile and are left as they are).
    fn reseal_app_secrets<'a>(
        &'a self,
        reseals: &'a [Reseal],
        audit: &'a ResealAudit,
    ) -> StoreFuture<'a, Vec<String>>;

    // --- webhook outbox ---------------------------------------------------

    /// Takes up to `limit` due events (pending, `next_attempt_at <= now`, no
    /// live lease) and leases them until `lease_until`. Several replicas can
    /// call this at once: each event goes to one of them (PostgreSQL skips
    /// rows another transaction holds; SQLite has one writer).
    fn claim_webhook_events(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreFuture<'_, Vec<ClaimedEvent>>;

    /// Logs an attempt and moves its event on (delivered, retry later, dead),
    /// releasing the lease. Only a still-pending event changes.
    fn finish_webhook_attempt<'a>(
        &'a self,
        attempt: &'a DeliveryAttempt,
        next: EventNext,
    ) -> StoreFuture<'a, ()>;

    /// Logs an attempt that belongs to no event (a test delivery).
    fn log_delivery<'a>(&'a self, attempt: &'a DeliveryAttempt) -> StoreFuture<'a, ()>;

    /// The app's latest attempts, newest first.
    fn list_deliveries<'a>(
        &'a self,
        source_app: &'a str,
        limit: i64,
    ) -> StoreFuture<'a, Vec<DeliveryRecord>>;

    /// The app's outbox events, newest first, optionally of one status.
    fn list_webhook_events<'a>(
        &'a self,
        source_app: &'a str,
        status: Option<&'a str>,
        limit: i64,
    ) -> StoreFuture<'a, Vec<EventRecord>>;

    /// Puts dead events of the app (one, or all) back to pending, due now,
    /// with their attempt count reset. Returns how many.
    fn replay_webhook_events<'a>(
        &'a self,
        source_app: &'a str,
        event_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> StoreFuture<'a, u64>;

    // --- retention and erasure --------------------------------------------

    /// Deletes up to `limit` items created before `cutoff`, with their
    /// scores, decisions and events: of `source_app`, or with `None` of every
    /// app that has no retention override. Returns how many.
    fn delete_items_before<'a>(
        &'a self,
        source_app: Option<&'a str>,
        cutoff: DateTime<Utc>,
        limit: i64,
    ) -> StoreFuture<'a, u64>;

    /// Deletes up to `limit` key notices (outbox events with no item) that
    /// are delivered or dead and were written before `cutoff`, with their
    /// delivery log: of `source_app`, or with `None` of every app that has
    /// no retention override. A pending one is kept until it is done.
    /// Returns how many.
    fn delete_notices_before<'a>(
        &'a self,
        source_app: Option<&'a str>,
        cutoff: DateTime<Utc>,
        limit: i64,
    ) -> StoreFuture<'a, u64>;

    /// Deletes one item with its scores, decision and events now, and
    /// appends a `content.erase` audit entry (ids only, no content) in the
    /// same transaction. Returns the erased item's id, `None` if absent.
    fn erase_item<'a>(
        &'a self,
        source_app: &'a str,
        external_id: &'a str,
        actor: &'a str,
        at: DateTime<Utc>,
    ) -> StoreFuture<'a, Option<i64>>;

    // --- load tests -------------------------------------------------------

    /// Accept→decision timings of `source_app`'s items with ids from
    /// `first_id` to `last_id`, from the stored timestamps.
    fn decision_timings<'a>(
        &'a self,
        source_app: &'a str,
        first_id: i64,
        last_id: i64,
    ) -> StoreFuture<'a, DecisionTimings>;

    // --- catalog facts ----------------------------------------------------

    /// Role privileges, unindexed foreign keys, backup signal (for `modctl verify`).
    fn catalog_facts(&self) -> StoreFuture<'_, CatalogFacts>;
}

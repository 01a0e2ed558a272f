//! The SQLite store: the embedded default, one file under `./data/` (or
//! `sqlite::memory:` for throwaway runs). The shared methods come from
//! `sql/`; this module holds what is SQLite's own.
//!
//! Timestamps are bound as fixed-width RFC 3339 text (see [`ts`]) so text
//! comparison in SQL equals time comparison. Every write transaction starts
//! with `BEGIN IMMEDIATE`: it takes SQLite's single write lock up front, so
//! concurrent writers queue on `busy_timeout` instead of failing with
//! `SQLITE_BUSY` when a read-then-write transaction tries to upgrade. That
//! lock also serializes what PostgreSQL needs row locks for, so `LOCK_ROW`
//! and `SKIP_LOCKED` are empty here.

mod facts;

use crate::migrations::MIGRATIONS_SQLITE;
use crate::sql::prelude::*;
use crate::{ConnectOptions, Inserted, NewItem, Outcome};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqliteConnection, SqlitePool};
use std::str::FromStr;
use std::sync::LazyLock;
use std::time::Duration;

type Db = Sqlite;
type Conn = SqliteConnection;

const LOCK_ROW: &str = "";
const SKIP_LOCKED: &str = "";
/// `id IN` a JSON array bound as one parameter: SQLite has no array type.
const ANY_ID: &str = "IN (SELECT value FROM json_each($1))";
static MIGRATIONS: &[Migration] = MIGRATIONS_SQLITE;
const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// One item; an existing key is left alone and returns no row.
static INSERT_ITEM: LazyLock<String> = LazyLock::new(|| {
    format!(
        "INSERT INTO content_items \
         (source_app, external_id, content_type, text, image_url, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6) \
         ON CONFLICT (source_app, external_id) DO NOTHING RETURNING {ITEM_COLUMNS}"
    )
});

const INSERT_SCORE: &str = "INSERT INTO moderation_results \
    (item_id, category, score, classifier, model_version, created_at, spans) \
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// The one text form of a timestamp in SQLite: UTC, microseconds, `Z`.
/// Fixed width keeps text order equal to time order; microseconds match
/// what PostgreSQL keeps, so both backends round-trip the same value.
pub(crate) fn ts(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

crate::sql::impl_store!(SqliteStore, SqlitePool, Backend::Sqlite);

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
        let memory = url.contains(":memory:") || url.contains("mode=memory");
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

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Db>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// `BEGIN IMMEDIATE` holds the write lock for the whole migration, so two
    /// processes opening the same file serialize.
    async fn begin_migration(&self) -> StoreResult<Transaction<'static, Db>> {
        self.begin_write().await
    }

    /// Nothing to do: the write transaction already excludes other writers.
    async fn lock_policy_versions(_tx: &mut Conn, _source_app: &str) -> StoreResult<()> {
        Ok(())
    }

    /// One statement per item inside the caller's transaction: SQLite runs
    /// in-process, so a statement costs no round trip and the transaction's
    /// single commit (one fsync of the WAL) is what group commit saves.
    async fn insert_in_tx(tx: &mut Conn, items: &[NewItem]) -> StoreResult<Vec<Inserted>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let new: Option<StoredItem> = sqlx::query_as(&INSERT_ITEM)
                .bind(&item.source_app)
                .bind(&item.external_id)
                .bind(&item.content_type)
                .bind(&item.text)
                .bind(&item.image_url)
                .bind(ts(&item.created_at))
                .fetch_optional(&mut *tx)
                .await?;
            let inserted = match new {
                Some(item) => Inserted {
                    item,
                    created: true,
                },
                // Already there, from an earlier batch or earlier in this one.
                None => {
                    let query = sqlx::query(&FIND_ITEM)
                        .bind(&item.source_app)
                        .bind(&item.external_id);
                    let found = Self::items_where(&mut *tx, query).await?.pop();
                    Inserted {
                        item: found.ok_or(StoreError::NotFound)?,
                        created: false,
                    }
                }
            };
            out.push(inserted);
        }
        Ok(out)
    }

    async fn insert_scores(tx: &mut Conn, outcome: &Outcome) -> StoreResult<()> {
        for s in &outcome.scores {
            sqlx::query(INSERT_SCORE)
                .bind(outcome.item_id)
                .bind(&s.category)
                .bind(s.score)
                .bind(&s.classifier)
                .bind(&s.model_version)
                .bind(ts(&outcome.decided_at))
                .bind(spans_json(&s.spans))
                .execute(&mut *tx)
                .await?;
        }
        Ok(())
    }
}

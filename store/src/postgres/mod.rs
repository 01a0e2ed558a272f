//! The PostgreSQL store: the production backend, shared by any number of
//! `modd` replicas. The shared methods come from `sql/`; this module holds
//! what is PostgreSQL's own.
//!
//! Transactions run at READ COMMITTED; the idempotent writes rely on a
//! conditional `UPDATE`, which re-checks its condition after waiting for a
//! concurrent writer's row lock, so racing workers cannot both win. Rows a
//! read-then-write transaction depends on are read `FOR UPDATE`; work queues
//! (outbox claims, retention sweeps) skip rows another replica holds.

mod batch;
mod decide;
mod facts;

use crate::ConnectOptions;
use crate::migrations::MIGRATIONS_POSTGRES;
use crate::sql::prelude::*;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgConnection, PgPool, Postgres};
use std::str::FromStr;
use std::time::Duration;

type Db = Postgres;
type Conn = PgConnection;

const LOCK_ROW: &str = " FOR UPDATE";
const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
/// `id IN` a JSON array bound as one parameter (the same bind as SQLite's).
const ANY_ID: &str = "IN (SELECT jsonb_array_elements_text($1)::bigint)";
static MIGRATIONS: &[Migration] = MIGRATIONS_POSTGRES;
const MIGRATIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)";

/// "modd_mig" as a number: the key of the migration lock, shared by every
/// replica and `modctl migrate` against the same database.
const MIGRATION_LOCK_KEY: i64 = 0x6d6f_6464_5f6d_6967;

/// A connection idle for less than this is not pinged when it is taken
/// from the pool: sqlx pings every connection when it is returned (to
/// flush what a cancelled query left), so a busy connection was checked a
/// moment ago. The ping on every take was a round trip per transaction and
/// ~4 % of the daemon's CPU under load (BENCHMARKS.md, "Intake").
const PING_IF_IDLE_FOR: Duration = Duration::from_secs(1);

/// PostgreSQL keeps `timestamptz` natively: bind the value as it is.
fn ts(at: &DateTime<Utc>) -> DateTime<Utc> {
    *at
}

crate::sql::impl_store!(PostgresStore, PgPool, Backend::Postgres);

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
                crate::error::connect_failure(connect.get_host(), connect.get_port(), &e)
            })?;
            let _ = probe.close().await;
        }
        let pool = PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(options.acquire_timeout_secs))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    use sqlx::Connection as _;
                    // A broken connection is closed and another one taken.
                    Ok(meta.idle_for < PING_IF_IDLE_FOR || conn.ping().await.is_ok())
                })
            })
            .connect_with(connect)
            .await?;
        Ok(Self {
            pool,
            max_connections,
        })
    }

    async fn begin_write(&self) -> StoreResult<Transaction<'static, Db>> {
        Ok(self.pool.begin().await?)
    }

    /// A transaction holding the advisory migration lock.
    async fn begin_migration(&self) -> StoreResult<Transaction<'static, Db>> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(MIGRATION_LOCK_KEY)
            .execute(&mut *tx)
            .await?;
        // `CREATE TABLE IF NOT EXISTS` on an existing table raises a NOTICE,
        // which sqlx logs on every start: silence notices in this transaction.
        sqlx::query("SET LOCAL client_min_messages TO warning")
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }

    /// A transaction-scoped advisory lock per app: the MAX(version) read
    /// cannot be locked with `FOR UPDATE` (aggregates lock nothing).
    async fn lock_policy_versions(tx: &mut Conn, source_app: &str) -> StoreResult<()> {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended('modd.policies:' || $1, 0))")
            .bind(source_app)
            .execute(tx)
            .await?;
        Ok(())
    }
}

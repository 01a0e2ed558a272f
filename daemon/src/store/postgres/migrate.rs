//! The PostgreSQL [`MigrationDriver`].
//!
//! Every step takes a transaction-scoped advisory lock before looking at
//! `schema_migrations`, so replicas that start together queue up: the first
//! applies, the others wait, then see its row and skip. A transaction lock
//! (not a session lock) is released by COMMIT/ROLLBACK or by the connection
//! dying, so a crashed or cancelled migrator can never leave it held on a
//! pooled connection.

use super::PostgresStore;
use crate::store::StoreResult;
use crate::store::migrations::{AppliedRow, Migration, MigrationDriver};
use async_trait::async_trait;
use sqlx::{Executor, PgConnection, Postgres, Row, Transaction};

pub(super) struct Driver<'a>(pub &'a PostgresStore);

/// "modd_mig" as a number: the key of our advisory lock, shared by every
/// replica and `modctl migrate` against the same database.
const LOCK_KEY: i64 = 0x6d6f_6464_5f6d_6967;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)";

async fn lock(conn: &mut PgConnection) -> StoreResult<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(LOCK_KEY)
        .execute(conn)
        .await?;
    Ok(())
}

impl Driver<'_> {
    async fn locked_tx(&self) -> StoreResult<Transaction<'static, Postgres>> {
        let mut tx = self.0.pool.begin().await?;
        lock(&mut tx).await?;
        Ok(tx)
    }
}

#[async_trait]
impl MigrationDriver for Driver<'_> {
    async fn ensure_table(&self) -> StoreResult<()> {
        // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can
        // still collide on the catalog's unique index.
        let mut tx = self.locked_tx().await?;
        // IF NOT EXISTS on an existing table raises a NOTICE, which sqlx logs
        // on every start; silence notices for this transaction only.
        sqlx::query("SET LOCAL client_min_messages TO warning")
            .execute(&mut *tx)
            .await?;
        sqlx::query(CREATE_TABLE).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn applied(&self) -> StoreResult<Vec<AppliedRow>> {
        let rows = sqlx::query("SELECT version, name, applied_at FROM schema_migrations")
            .fetch_all(&self.0.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AppliedRow {
                    version: r.try_get("version")?,
                    name: r.try_get("name")?,
                    applied_at: r.try_get("applied_at")?,
                })
            })
            .collect()
    }

    async fn apply(&self, migration: &Migration) -> StoreResult<bool> {
        let mut tx = self.locked_tx().await?;
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(migration.version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_some() {
            return Ok(false);
        }
        // A bare &str has no binds, so sqlx sends it with the simple query
        // protocol, which (unlike a prepared statement) runs a whole file.
        tx.execute(migration.up).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())",
        )
        .bind(migration.version)
        .bind(migration.name)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn revert(&self, migration: &Migration) -> StoreResult<bool> {
        let mut tx = self.locked_tx().await?;
        let gone = sqlx::query("DELETE FROM schema_migrations WHERE version = $1")
            .bind(migration.version)
            .execute(&mut *tx)
            .await?;
        if gone.rows_affected() == 0 {
            return Ok(false);
        }
        tx.execute(migration.down).await?;
        tx.commit().await?;
        Ok(true)
    }
}

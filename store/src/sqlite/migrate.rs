//! The SQLite [`MigrationDriver`]: `BEGIN IMMEDIATE` is the lock, since it
//! holds SQLite's single write lock for the whole migration, so two processes
//! opening the same file serialize and the second sees the first's row.

use super::{SqliteStore, ts};
use crate::StoreResult;
use crate::migrations::{AppliedRow, Migration, MigrationDriver};
use async_trait::async_trait;
use chrono::Utc;
use sqlx::{Executor, Row};

pub(super) struct Driver<'a>(pub &'a SqliteStore);

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

#[async_trait]
impl MigrationDriver for Driver<'_> {
    async fn ensure_table(&self) -> StoreResult<()> {
        sqlx::query(CREATE_TABLE).execute(&self.0.pool).await?;
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
        let mut tx = self.0.begin_write().await?;
        let done: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                .bind(migration.version)
                .fetch_optional(&mut *tx)
                .await?;
        if done.is_some() {
            return Ok(false);
        }
        // A bare &str has no binds, so sqlx runs it unprepared: a migration file
        // may hold several statements.
        tx.execute(migration.up).await?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(ts(&Utc::now()))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn revert(&self, migration: &Migration) -> StoreResult<bool> {
        let mut tx = self.0.begin_write().await?;
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

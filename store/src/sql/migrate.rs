//! The migration driver both stores share. Every step runs in the
//! transaction `begin_migration` opens, which holds the dialect's lock:
//! SQLite's write lock (`BEGIN IMMEDIATE`), or a transaction-scoped advisory
//! lock on PostgreSQL (released by COMMIT, ROLLBACK or a dying connection,
//! so a crashed migrator never leaves it held). Replicas that start together
//! queue up: the first applies, the others then see its row and skip.

macro_rules! migration_methods {
    () => {
        fn migration_status(&self) -> StoreFuture<'_, Vec<MigrationState>> {
            Box::pin(migrations::status(self, MIGRATIONS))
        }

        fn migrate_up(&self, steps: Option<usize>) -> StoreFuture<'_, Vec<i64>> {
            Box::pin(migrations::step(
                self,
                MIGRATIONS,
                true,
                steps.unwrap_or(usize::MAX),
            ))
        }

        fn migrate_down(&self, steps: usize) -> StoreFuture<'_, Vec<i64>> {
            Box::pin(migrations::step(self, MIGRATIONS, false, steps))
        }
    };
}
pub(crate) use migration_methods;

macro_rules! migration_driver {
    ($store:ty) => {
        #[async_trait::async_trait]
        impl MigrationDriver for $store {
            async fn applied(&self) -> StoreResult<Vec<AppliedRow>> {
                // Created under the lock: two concurrent CREATE TABLE IF NOT
                // EXISTS can still collide on PostgreSQL's catalog.
                let mut tx = self.begin_migration().await?;
                sqlx::query(MIGRATIONS_TABLE).execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(
                    sqlx::query_as("SELECT version, name, applied_at FROM schema_migrations")
                        .fetch_all(&self.pool)
                        .await?,
                )
            }

            async fn apply(&self, migration: &Migration) -> StoreResult<bool> {
                let mut tx = self.begin_migration().await?;
                let done: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                        .bind(migration.version)
                        .fetch_optional(&mut *tx)
                        .await?;
                if done.is_some() {
                    return Ok(false);
                }
                // A bare &str has no binds, so sqlx runs it unprepared (the
                // simple query protocol): a migration file may hold several
                // statements.
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
                let mut tx = self.begin_migration().await?;
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
    };
}
pub(crate) use migration_driver;

//! The dialect-neutral half of the store: SQL and method bodies written
//! once, expanded into each dialect's store by [`impl_store!`].
//!
//! Why a macro and not a trait generic over `sqlx::Database`: generic sqlx
//! code needs a long `where` clause on every function (`Executor` for
//! `&mut Connection`, `IntoArguments`, `Encode`/`Decode`/`Type` per bound
//! type and per `Json<T>`) and its futures often fail the `Send` check of a
//! `dyn Store`. Expanded into `impl Store for SqliteStore` and
//! `impl Store for PostgresStore`, the same text compiles against concrete
//! types and reads as plain sqlx.
//!
//! Contract with the dialect module that invokes [`impl_store!`]: it defines
//! `Db` and `Conn` (its `sqlx::Database` and connection), `ts` (how a
//! timestamp is bound), `LOCK_ROW` and `SKIP_LOCKED` (row-lock clauses,
//! empty where one writer holds the whole database), `ANY_ID` (membership
//! in a JSON array of ids bound as one parameter), `MIGRATIONS_TABLE` and
//! `MIGRATIONS`, and the hooks `begin_write`, `begin_migration`,
//! `lock_policy_versions`, `insert_in_tx` and `record_all_in_tx` (a batch of
//! items, of outcomes), and a `facts`
//! module with `catalog_facts(&pool)`.

pub(crate) mod appeals;
pub(crate) mod apps;
pub(crate) mod attest;
pub(crate) mod console;
pub(crate) mod holds;
pub(crate) mod inserted;
pub(crate) mod items;
pub(crate) mod keys;
pub(crate) mod migrate;
pub(crate) mod policies;
pub(crate) mod retention;
pub(crate) mod review;
pub(crate) mod secrets;
pub(crate) mod timings;

/// What the expanded methods name without a path.
pub(crate) mod prelude {
    pub(crate) use super::appeals::*;
    pub(crate) use super::holds::*;
    pub(crate) use super::items::*;
    pub(crate) use super::keys::*;
    pub(crate) use super::policies::*;
    pub(crate) use super::retention::*;
    pub(crate) use super::review::*;
    pub(crate) use crate::checks::*;
    pub(crate) use crate::event::{DecisionEvent, new_webhook_id};
    pub(crate) use crate::migrations::{self, AppliedRow, Migration, MigrationDriver};
    pub(crate) use crate::outbox::{self, DecidedRow};
    pub(crate) use crate::rows::*;
    pub(crate) use crate::{
        Backend, CatalogFacts, KeyNotice, KeyNoticeRules, MigrationState, Store, StoreError,
        StoreFuture, StoreResult, audit, key_ops,
    };
    pub(crate) use chrono::{DateTime, Utc};
    pub(crate) use modd_common::{CategoryScore, DecisionView, ItemStatus, ReasonCode, Span};
    pub(crate) use sqlx::types::Json;
    pub(crate) use sqlx::{Executor, Transaction};
    pub(crate) use std::collections::BTreeMap;
}

/// A dialect's store type (`$pool` and its size), its `impl Store` and its
/// migration driver.
macro_rules! impl_store {
    ($store:ident, $pool:ty, $backend:expr) => {
        /// A store on one database: see its dialect module.
        #[derive(Debug, Clone)]
        pub struct $store {
            pool: $pool,
            max_connections: u32,
        }

        impl $store {
            /// Closes every connection, so the database file or database is
            /// free for a restore or a test that replaces it.
            pub async fn close(&self) {
                self.pool.close().await;
            }

            $crate::sql::items::item_helpers!();
            $crate::sql::review::review_helpers!();
            $crate::sql::appeals::appeal_helpers!();
            $crate::sql::keys::key_helpers!();
            $crate::sql::apps::app_helpers!();
            $crate::sql::retention::retention_helpers!();
        }

        impl Store for $store {
            fn backend(&self) -> Backend {
                $backend
            }

            fn pool_stats(&self) -> $crate::PoolStats {
                $crate::PoolStats {
                    size: self.pool.size(),
                    idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
                    max: self.max_connections,
                }
            }

            fn ping(&self) -> StoreFuture<'_, ()> {
                Box::pin(async move {
                    sqlx::query("SELECT 1").execute(&self.pool).await?;
                    Ok(())
                })
            }

            fn catalog_facts(&self) -> StoreFuture<'_, CatalogFacts> {
                Box::pin(facts::catalog_facts(&self.pool))
            }

            $crate::sql::migrate::migration_methods!();
            $crate::sql::items::item_methods!();
            $crate::sql::review::review_methods!();
            $crate::sql::appeals::appeal_methods!();
            $crate::sql::policies::policy_methods!();
            $crate::sql::keys::key_methods!();
            $crate::sql::apps::app_methods!();
            $crate::sql::retention::retention_methods!();
            $crate::sql::timings::timing_methods!();
            $crate::sql::attest::attest_methods!();
            $crate::sql::console::console_methods!();
            $crate::sql::holds::hold_methods!();
            $crate::sql::secrets::secret_methods!();
        }

        $crate::sql::migrate::migration_driver!($store);
    };
}
pub(crate) use impl_store;

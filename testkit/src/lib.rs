//! The test kit: everything the test suites of `modd`, `modctl` and the
//! end-to-end crate share, so each rule (how a test gets a database, a Redis
//! prefix, a running daemon, a key) is written once.
//!
//! - [`services`]: which shared servers a run must use (`TEST_DATABASE_URL`,
//!   `TEST_REDIS_URL`, `MODD_REQUIRE_SERVICES`).
//! - [`db`]: a throwaway SQLite file or PostgreSQL database per test.
//! - [`raw_sql`]: statements and schema inspection below the store.
//! - [`redis`]: a key prefix per test on the shared Redis, or a private server.
//! - [`redis_cluster`]: a real three-master Redis Cluster on loopback, with
//!   or without replicas, whose nodes a test kills, restarts and fails over.
//! - [`daemon`]: a real `modd` in this process on `127.0.0.1:0`.
//! - [`router`]: the daemon's router without a socket (`oneshot`).
//! - [`process`]: the real `modd` binary as a child process, to kill.
//! - [`keys`]: API keys made straight in the store, as `modctl keys create` does,
//!   or built in memory for unit tests ([`key_record`], from the store).
//! - [`poll`]: waiting for a condition, free ports.
//!
//! Helpers panic on failure: they only run inside tests, where a panic with a
//! clear message is the right report.

#![allow(clippy::expect_used, clippy::unwrap_used)]

pub mod daemon;
pub mod db;
pub mod keys;
pub mod log_capture;
pub mod poll;
mod postgres;
pub mod process;
pub mod raw_sql;
pub mod redis;
pub mod redis_cluster;
pub mod router;
pub mod services;

pub use daemon::TestDaemon;
pub use db::{Db, TestDb, databases, sqlite_temp};
pub use keys::{KeySpec, insert_key};
/// A stored key built in memory, for unit tests of the rules that read one.
pub use modd_store::testing::key_record;
pub use poll::{eventually, free_port};
pub use postgres::{PgTestDb, postgres_fresh};
pub use process::{ModdProcess, open_store};
pub use raw_sql::{execute_raw, query_i64, schema_snapshot};
pub use redis::{RedisPrefix, RedisServer};
pub use redis_cluster::RedisCluster;
pub use router::{Answer, TestRouter, request};
pub use services::{redis_url, services_required};

/// Declares `sqlite` and `postgres` variants of each test `fn name(db: Db)`
/// (a module per test, so a failure names the backend).
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::Db::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::Db::Postgres).await
            }
        }
    )*};
}

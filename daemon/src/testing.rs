//! Test support shared by this crate's tests and the end-to-end crate:
//! throwaway databases, the service URLs CI provides, and raw schema
//! inspection. Not part of the daemon's API (hidden from docs), but compiled
//! into the lib so other crates' tests can use it.
//!
//! Services come from the environment: `TEST_DATABASE_URL` (a PostgreSQL
//! server where we may `CREATE DATABASE`) and `TEST_REDIS_URL`. Unset means
//! "skip", except with `MODD_REQUIRE_SERVICES=1` (CI sets it), where a
//! missing service panics: a green run must never hide a skipped backend.
//!
//! Helpers panic on failure: they only run inside tests, where a panic with a
//! clear message is the right report.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use sqlx::postgres::PgConnection;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Executor, SqliteConnection};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::OnceCell;
use uuid::Uuid;

const REQUIRE: &str = "MODD_REQUIRE_SERVICES";

pub fn services_required() -> bool {
    std::env::var(REQUIRE).is_ok_and(|v| v == "1")
}

/// The URL in `var`, or `None` when unset and services are optional.
fn service_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if services_required() => {
            panic!("{REQUIRE}=1 but {var} is not set: this run must test that service")
        }
        _ => None,
    }
}

/// `TEST_REDIS_URL`, or `None` to skip (panics if services are required).
pub fn redis_url() -> Option<String> {
    service_url("TEST_REDIS_URL")
}

/// A fresh SQLite database file in a temporary directory. Keep the guard
/// alive as long as the database is used; dropping it deletes the files.
pub async fn sqlite_temp() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    let url = format!("sqlite://{}/modd.db", dir.path().display());
    (dir, url)
}

/// A database of its own on the `TEST_DATABASE_URL` server, so tests run in
/// parallel without seeing each other's rows. Dropped (with `FORCE`, which
/// closes leftover pool connections) by [`PgTestDb::cleanup`] or on drop.
#[derive(Debug)]
pub struct PgTestDb {
    name: String,
    url: String,
    admin_url: String,
    dropped: bool,
}

impl PgTestDb {
    /// The database's URL, for `connect`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drops the database now, reporting failure (prefer this to relying on `Drop`).
    pub async fn cleanup(mut self) {
        self.dropped = true;
        drop_database(&self.admin_url, &self.name)
            .await
            .expect("drop test database");
    }
}

impl Drop for PgTestDb {
    fn drop(&mut self) {
        if self.dropped {
            return;
        }
        // Drop cannot await, and may run inside a runtime (where block_on
        // panics) or during a panic: do the work on a thread with its own
        // runtime. Failure only leaks a database, which the stale sweep in
        // `postgres_fresh` removes later.
        let (admin, name) = (self.admin_url.clone(), self.name.clone());
        let worker = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .ok()?;
            runtime.block_on(drop_database(&admin, &name)).ok()
        });
        let _ = worker.join();
    }
}

/// Test database names are generated here and contain only `[a-z0-9_]`, so
/// quoting them into DDL (which cannot take binds) is safe. Anything else is refused.
fn checked_name(name: &str) -> Result<&str, sqlx::Error> {
    let ok = name.starts_with("modd_test_")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(name)
    } else {
        Err(sqlx::Error::Protocol(format!(
            "refusing database name {name:?}"
        )))
    }
}

async fn drop_database(admin_url: &str, name: &str) -> Result<(), sqlx::Error> {
    let name = checked_name(name)?;
    let mut conn = PgConnection::connect(admin_url).await?;
    conn.execute(format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#).as_str())
        .await?;
    conn.close().await
}

/// Drops `modd_test_*` databases more than an hour old: leftovers of killed
/// test runs. The name's UUID v7 carries its creation time, so no catalog
/// guesswork is needed.
async fn drop_stale(admin_url: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect(admin_url).await?;
    let names: Vec<String> =
        sqlx::query_scalar(r"SELECT datname FROM pg_database WHERE datname LIKE 'modd\_test\_%'")
            .fetch_all(&mut conn)
            .await?;
    conn.close().await?;
    let cutoff = std::time::SystemTime::now() - Duration::from_secs(3600);
    let cutoff = cutoff
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    for name in names {
        let created = name
            .strip_prefix("modd_test_")
            .and_then(|id| Uuid::parse_str(id).ok())
            .and_then(|id| id.get_timestamp())
            .map(|t| t.to_unix().0);
        if created.is_some_and(|secs| secs < cutoff) {
            // Another test process may be dropping it too: ignore failures.
            let _ = drop_database(admin_url, &name).await;
        }
    }
    Ok(())
}

static STALE_SWEPT: OnceCell<()> = OnceCell::const_new();

/// A fresh, empty database on the `TEST_DATABASE_URL` server, or `None` to
/// skip when the variable is unset (panics if services are required).
pub async fn postgres_fresh() -> Option<PgTestDb> {
    let admin_url = service_url("TEST_DATABASE_URL")?;
    STALE_SWEPT
        .get_or_init(|| async {
            drop_stale(&admin_url)
                .await
                .expect("TEST_DATABASE_URL is set but the server is not usable");
        })
        .await;
    let name = format!("modd_test_{}", Uuid::now_v7().simple());
    let mut conn = PgConnection::connect(&admin_url)
        .await
        .expect("connect to TEST_DATABASE_URL");
    conn.execute(format!(r#"CREATE DATABASE "{}""#, checked_name(&name).unwrap()).as_str())
        .await
        .expect("create test database");
    conn.close().await.expect("close admin connection");
    let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    Some(PgTestDb {
        name,
        url: url.into(),
        admin_url,
        dropped: false,
    })
}

/// The schema as sorted lines: tables, columns, indexes and constraints,
/// enough to tell whether a down/up cycle restored it exactly.
pub async fn schema_snapshot(url: &str) -> Vec<String> {
    let mut lines: Vec<String> = if url.starts_with("sqlite:") {
        let mut conn = sqlite_conn(url).await;
        // sqlite_master keeps each object's CREATE text, which covers
        // columns, types, defaults, checks and index definitions.
        sqlx::query_scalar(
            "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') \
             FROM sqlite_master WHERE name <> 'sqlite_sequence'",
        )
        .fetch_all(&mut conn)
        .await
        .expect("read sqlite_master")
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        let mut lines: Vec<String> = sqlx::query_scalar(
            "SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type \
                 || ' nullable=' || is_nullable || ' identity=' || is_identity \
                 || ' default=' || COALESCE(column_default, '') \
             FROM information_schema.columns WHERE table_schema = current_schema()",
        )
        .fetch_all(&mut conn)
        .await
        .expect("read columns");
        lines.extend(
            sqlx::query_scalar::<_, String>(
                "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()",
            )
            .fetch_all(&mut conn)
            .await
            .expect("read indexes"),
        );
        lines.extend(
            sqlx::query_scalar::<_, String>(
                "SELECT 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' \
                     || pg_get_constraintdef(oid) \
                 FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
            )
            .fetch_all(&mut conn)
            .await
            .expect("read constraints"),
        );
        lines
    };
    lines.sort();
    lines
}

async fn sqlite_conn(url: &str) -> SqliteConnection {
    let options = SqliteConnectOptions::from_str(url)
        .expect("sqlite URL")
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    SqliteConnection::connect_with(&options)
        .await
        .expect("open sqlite database")
}

/// Runs one statement without binds on the database at `url` (either
/// backend), bypassing the store: for tests that must reach under it.
/// Returns the rows affected.
pub async fn execute_raw(url: &str, sql: &str) -> u64 {
    let result = if url.starts_with("sqlite:") {
        sqlite_conn(url)
            .await
            .execute(sql)
            .await
            .map(|r| r.rows_affected())
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        conn.execute(sql).await.map(|r| r.rows_affected())
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Runs a query returning one BIGINT (e.g. a `COUNT(*)`) on either backend.
pub async fn query_i64(url: &str, sql: &str) -> i64 {
    let result = if url.starts_with("sqlite:") {
        sqlx::query_scalar(sql)
            .fetch_one(&mut sqlite_conn(url).await)
            .await
    } else {
        let mut conn = PgConnection::connect(url).await.expect("connect");
        sqlx::query_scalar(sql).fetch_one(&mut conn).await
    };
    result.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A Redis key prefix of its own on the `TEST_REDIS_URL` server, so tests
/// share one server without seeing each other's keys. `None` to skip when
/// the variable is unset (panics if services are required).
#[derive(Debug, Clone)]
pub struct RedisTestPrefix {
    pub url: String,
    pub prefix: String,
}

impl RedisTestPrefix {
    pub fn new() -> Option<Self> {
        let url = redis_url()?;
        Some(Self::on(&url))
    }

    /// A fresh prefix on the server at `url` (e.g. one a test started).
    pub fn on(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            prefix: format!("test:{}:", Uuid::new_v4().simple()),
        }
    }

    /// A handle using this prefix.
    pub fn handle(&self) -> std::sync::Arc<crate::redis::RedisHandle> {
        std::sync::Arc::new(
            crate::redis::RedisHandle::new(&self.url, self.prefix.clone()).expect("redis URL"),
        )
    }

    /// Deletes every key under the prefix.
    pub async fn cleanup(&self) {
        let client = ::redis::Client::open(self.url.as_str()).expect("redis URL");
        let Ok(mut conn) = client.get_multiplexed_async_connection().await else {
            return; // the server is gone (a test stopped it): nothing to clean
        };
        let keys: Vec<String> = ::redis::cmd("KEYS")
            .arg(format!("{}*", self.prefix))
            .query_async(&mut conn)
            .await
            .unwrap_or_default();
        if !keys.is_empty() {
            let _: Result<(), _> = ::redis::cmd("DEL").arg(&keys).query_async(&mut conn).await;
        }
    }
}

//! Fresh PostgreSQL databases on the `TEST_DATABASE_URL` server, one per
//! test, so tests run in parallel without seeing each other's rows; and the
//! sweep that removes what killed runs left behind.

use sqlx::postgres::PgConnection;
use sqlx::{Connection, Executor};
use std::time::Duration;
use tokio::sync::OnceCell;
use uuid::Uuid;

use crate::services::postgres_admin_url;

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
    let admin_url = postgres_admin_url()?;
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

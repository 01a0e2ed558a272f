//! Test harness: the real `modctl` binary against a fresh database.
//!
//! Every test gets a new SQLite file, and a new PostgreSQL database when
//! `TEST_DATABASE_URL` points at a server (`CREATE DATABASE modd_test_<uuid>`,
//! dropped afterwards). With `MODD_REQUIRE_SERVICES=1` a missing
//! `TEST_DATABASE_URL` fails the test instead of skipping PostgreSQL, so CI
//! cannot pass by silently testing less.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use modd::store::{ConnectOptions, Store};
use sqlx::Connection;
use std::process::Output;
use std::sync::Arc;

/// A database for one test; dropped (PostgreSQL) or deleted (SQLite) after.
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        // A subdirectory that does not exist yet: modctl must create it.
        let url = format!("sqlite://{}/data/modd.db", dir.path().display());
        Self {
            url,
            label: "sqlite",
            _dir: Some(dir),
            pg: None,
        }
    }

    pub async fn postgres(server: &str) -> Self {
        let name = format!("modd_test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.ok();
        let mut url = reqwest::Url::parse(server).unwrap();
        url.set_path(&name);
        Self {
            url: url.to_string(),
            label: "postgres",
            _dir: None,
            pg: Some((server.to_owned(), name)),
        }
    }

    /// Opens the same database through the store, to check what modctl wrote.
    pub async fn store(&self) -> Arc<dyn Store> {
        modd::store::connect(&self.url, &ConnectOptions::default())
            .await
            .unwrap()
    }

    /// Runs `modctl` with `DATABASE_URL` set to this database.
    pub async fn modctl(&self, args: &[&str]) -> Run {
        modctl_env(args, &[("DATABASE_URL", &self.url)]).await
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((server, name)) = self.pg.take() else {
            return;
        };
        // Drop runs inside the test's runtime; use a thread with its own.
        let done = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&server).await {
                    let sql = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                    sqlx::query(&sql).execute(&mut conn).await.ok();
                }
            });
        });
        done.join().ok();
    }
}

/// The databases a test runs against: SQLite always, PostgreSQL when configured.
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => dbs.push(TestDb::postgres(&server).await),
        _ if std::env::var("MODD_REQUIRE_SERVICES").is_ok_and(|v| v == "1") => {
            panic!("MODD_REQUIRE_SERVICES=1 but TEST_DATABASE_URL is not set")
        }
        _ => eprintln!("TEST_DATABASE_URL not set: PostgreSQL skipped"),
    }
    dbs
}

/// A finished `modctl` run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(out: Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Panics with both streams unless the exit code is `code`.
    pub fn expect_code(&self, code: i32, what: &str) -> &Self {
        assert_eq!(
            self.code, code,
            "{what}: exit {} (want {code})\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    pub fn ok(&self, what: &str) -> &Self {
        self.expect_code(0, what)
    }

    pub fn json<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not the expected JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs `modctl` with a clean environment for the variables it reads.
pub async fn modctl_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_modctl"));
    cmd.args(args);
    for var in ["DATABASE_URL", "MODCTL_URL", "MODCTL_ADMIN_KEY", "MODD_ENV"] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().await.unwrap())
}

//! Test harness: the real `modctl` binary against a fresh database.
//!
//! Every test gets a new SQLite file, and a new PostgreSQL database when
//! `TEST_DATABASE_URL` points at a server (`modd::testing::postgres_fresh`:
//! `CREATE DATABASE modd_test_<uuid>`, dropped afterwards). With
//! `MODD_REQUIRE_SERVICES=1` a missing `TEST_DATABASE_URL` fails the test
//! instead of skipping PostgreSQL, so CI cannot pass by testing less.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod daemon;

use modd::store::{ConnectOptions, Store};
use modd::testing::PgTestDb;
use std::process::Output;
use std::sync::Arc;

/// A database for one test; dropped (PostgreSQL) or deleted (SQLite) after.
pub struct TestDb {
    pub url: String,
    pub label: &'static str,
    _dir: Option<tempfile::TempDir>,
    _pg: Option<PgTestDb>,
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
            _pg: None,
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

/// The databases a test runs against: SQLite always, and PostgreSQL from the
/// store's test helper (a fresh `modd_test_<uuid>` database on the
/// `TEST_DATABASE_URL` server; it panics under `MODD_REQUIRE_SERVICES=1`
/// when that is unset).
pub async fn databases() -> Vec<TestDb> {
    let mut dbs = vec![TestDb::sqlite()];
    match modd::testing::postgres_fresh().await {
        Some(pg) => dbs.push(TestDb {
            url: pg.url().to_owned(),
            label: "postgres",
            _dir: None,
            _pg: Some(pg),
        }),
        None => eprintln!("TEST_DATABASE_URL not set: PostgreSQL skipped"),
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
    for var in [
        "DATABASE_URL",
        "DATABASE_URL_FILE",
        "MODCTL_URL",
        "MODCTL_ADMIN_KEY",
        "MODD_ENV",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    Run::from(cmd.output().await.unwrap())
}

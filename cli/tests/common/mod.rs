//! Test harness: the real `modctl` binary against a fresh database.
//!
//! Every test gets a new SQLite file, and a new PostgreSQL database when
//! `TEST_DATABASE_URL` points at a server (`modd_testkit::postgres_fresh`:
//! `CREATE DATABASE modd_test_<uuid>`, dropped afterwards). With
//! `MODD_REQUIRE_SERVICES=1` a missing `TEST_DATABASE_URL` fails the test
//! instead of skipping PostgreSQL, so CI cannot pass by testing less.
// Each test binary uses a different part of this module.
#![allow(dead_code, unused_imports, clippy::unwrap_used, clippy::expect_used)]

pub mod daemon;

use modd::store::{ConnectOptions, Store};
use std::process::Output;
use std::sync::Arc;

pub use modd_testkit::{TestDb, databases};

/// `modctl` against a test database.
#[allow(async_fn_in_trait)] // test-only, never needs a `Send` bound
pub trait DbModctl {
    /// Opens the same database through the store, to check what modctl wrote.
    async fn store(&self) -> Arc<dyn Store>;

    /// Runs `modctl` with `DATABASE_URL` set to this database.
    async fn modctl(&self, args: &[&str]) -> Run;
}

impl DbModctl for TestDb {
    async fn store(&self) -> Arc<dyn Store> {
        modd::store::connect(&self.url, &ConnectOptions::default())
            .await
            .unwrap()
    }

    async fn modctl(&self, args: &[&str]) -> Run {
        modctl_env(args, &[("DATABASE_URL", &self.url)]).await
    }
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

//! The test kit's in-process `modd` as these tests want it: no workers and
//! the shipped rate limit (the smoke tests count exactly 30 per minute), and
//! the real `modctl` binary run against it.

use modd_testkit::{TestDaemon, TestDb};

use super::{DbModctl, Run, modctl_env};

/// Starts `modd` on `db`; `extra` settings override the defaults above.
pub async fn start(db: &TestDb, extra: &[(&'static str, &str)]) -> TestDaemon {
    let shipped = modd::settings::defaults();
    let rate_limit = shipped
        .get("MODD_RATE_LIMIT")
        .expect("MODD_RATE_LIMIT has a default")
        .clone();
    let mut settings = vec![
        ("MODD_WORKERS", "0"),
        ("MODD_RATE_LIMIT", rate_limit.as_str()),
    ];
    settings.extend_from_slice(extra);
    TestDaemon::start(db, &settings).await
}

/// `modctl` against a running daemon.
#[allow(async_fn_in_trait)] // test-only, never needs a `Send` bound
pub trait DaemonModctl {
    /// The first admin key, made the bootstrap way: straight in the database.
    async fn bootstrap_admin(&self, db: &TestDb) -> String;

    /// Runs `modctl` against this daemon with `admin` as the admin key (if
    /// any) and no database configured, so nothing can silently use one.
    async fn modctl(&self, admin: Option<&str>, args: &[&str]) -> Run;
}

impl DaemonModctl for TestDaemon {
    async fn bootstrap_admin(&self, db: &TestDb) -> String {
        let run = db
            .modctl(&[
                "--json", "keys", "create", "--name", "root", "--role", "admin",
            ])
            .await;
        run.ok("bootstrap admin key");
        run.json::<modd_common::CreatedKey>().key
    }

    async fn modctl(&self, admin: Option<&str>, args: &[&str]) -> Run {
        let mut env = vec![
            ("MODCTL_URL", self.base.as_str()),
            ("DATABASE_URL", "sqlite://./does/not/exist.db"),
        ];
        if let Some(admin) = admin {
            env.push(("MODCTL_ADMIN_KEY", admin));
        }
        modctl_env(args, &env).await
    }
}

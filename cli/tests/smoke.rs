//! `modctl smoke ratelimit|auth` against a real daemon: they pass when the
//! daemon behaves, fail (exit 1) when it does not, and clean up their keys.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::databases;
use modd_common::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ratelimit_passes_on_exact_limits_and_cleans_up() {
    for db in databases().await {
        // The seed's default: 30/min with a burst of 30.
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "smoke",
                    "ratelimit",
                    "--create-temp-key",
                    "--requests",
                    "36",
                ],
            )
            .await;
        run.ok(db.label);
        assert!(
            run.stdout.contains("30 passed, 6 limited"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("429"), "{}", run.stdout);
        let run = d
            .modctl(
                Some(&admin),
                &["--json", "smoke", "ratelimit", "--create-temp-key"],
            )
            .await;
        run.ok(db.label);
        let report: serde_json::Value = run.json();
        assert_eq!(report["passed"], 30);
        assert_eq!(report["limited"], 5);
        assert_eq!(report["ok"], true);
        // Both temporary keys are revoked.
        let keys = d.store.list_keys().await.unwrap();
        let temps: Vec<_> = keys
            .iter()
            .filter(|k| k.name == "smoke-ratelimit")
            .collect();
        assert_eq!(temps.len(), 2);
        assert!(temps.iter().all(|k| k.revoked_at.is_some()));

        // A key that already spent part of its quota: exit 1 with a hint.
        assert!(keys.iter().any(|k| k.role == Role::Admin));
        let run = d
            .modctl(None, &["smoke", "ratelimit", "--key", &admin])
            .await;
        run.expect_code(1, "admin key used above");
        assert!(run.stderr.contains("expected exactly 30"), "{}", run.stderr);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ratelimit_fails_when_the_daemon_does_not_limit() {
    let db = common::TestDb::sqlite();
    // Redis unreachable and told to fail open: nothing is limited.
    let d = daemon::start(
        &db,
        &[
            ("REDIS_URL", "redis://127.0.0.1:1"),
            ("MODD_RATE_LIMIT_ON_REDIS_ERROR", "open"),
        ],
    )
    .await;
    let admin = d.bootstrap_admin(&db).await;
    let run = d
        .modctl(Some(&admin), &["smoke", "ratelimit", "--create-temp-key"])
        .await;
    run.expect_code(1, "no limit enforced");
    assert!(
        run.stdout.contains("FAIL: 35 passed, expected exactly 30"),
        "{}",
        run.stdout
    );
    // Still cleaned up.
    let keys = d.store.list_keys().await.unwrap();
    assert!(
        keys.iter()
            .filter(|k| k.name == "smoke-ratelimit")
            .all(|k| k.revoked_at.is_some())
    );
    // Neither --key nor --create-temp-key: usage error.
    d.modctl(Some(&admin), &["smoke", "ratelimit"])
        .await
        .expect_code(2, "no key choice");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_checks_every_refusal_and_cleans_up() {
    for db in databases().await {
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let run = d.modctl(Some(&admin), &["smoke", "auth"]).await;
        run.ok(db.label);
        for check in [
            "no key",
            "malformed key",
            "unknown key",
            "expired key",
            "client key on admin route",
        ] {
            assert!(
                run.stdout.contains(check),
                "{check} missing:\n{}",
                run.stdout
            );
        }
        assert!(!run.stdout.contains("FAIL"), "{}", run.stdout);
        let run = d.modctl(Some(&admin), &["--json", "smoke", "auth"]).await;
        run.ok(db.label);
        let checks: Vec<serde_json::Value> = run.json();
        assert_eq!(checks.len(), 6);
        assert!(checks.iter().all(|c| c["ok"] == true), "{checks:?}");
        let keys = d.store.list_keys().await.unwrap();
        let temps: Vec<_> = keys
            .iter()
            .filter(|k| k.name.starts_with("smoke-auth"))
            .collect();
        assert_eq!(temps.len(), 4);
        assert!(
            temps.iter().all(|k| k.revoked_at.is_some()),
            "temporary keys revoked"
        );
        // Without an admin key it cannot create its test keys: usage error.
        d.modctl(None, &["smoke", "auth"])
            .await
            .expect_code(2, "no admin key");
    }
}

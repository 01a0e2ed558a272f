//! `modctl migrate status|up|down|redo` round trip through the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{DbModctl, TestDb, databases, modctl_env};
use serde_json::Value;

fn versions(report: &Value, key: &str) -> Vec<i64> {
    report[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} in {report}"))
        .iter()
        .map(|s| s["version"].as_i64().unwrap())
        .collect()
}

/// (applied, pending) versions from `migrate status --json`.
async fn status(db: &TestDb) -> (Vec<i64>, Vec<i64>) {
    let run = db.modctl(&["--json", "migrate", "status"]).await;
    run.ok("status");
    let s: Value = run.json();
    assert_eq!(s["backend"], db.label);
    let (mut applied, mut pending) = (vec![], vec![]);
    for m in s["migrations"].as_array().unwrap() {
        let v = m["version"].as_i64().unwrap();
        assert!(m["name"].is_string());
        if m["applied_at"].is_null() {
            pending.push(v);
        } else {
            applied.push(v);
        }
    }
    assert_eq!(s["applied"].as_u64().unwrap() as usize, applied.len());
    assert_eq!(s["pending"].as_u64().unwrap() as usize, pending.len());
    (applied, pending)
}

#[tokio::test]
async fn status_up_down_redo_round_trip() {
    for db in databases().await {
        let label = db.label;
        let (applied, all) = status(&db).await;
        assert!(
            applied.is_empty(),
            "{label}: fresh database has applied migrations"
        );
        assert!(!all.is_empty(), "{label}: no migrations known");
        let newest = *all.last().unwrap();

        let table = db.modctl(&["migrate", "status"]).await;
        table.ok(label);
        assert!(table.stdout.contains("pending"), "{}", table.stdout);

        let up: Value = db
            .modctl(&["--json", "migrate", "up"])
            .await
            .ok(label)
            .json();
        assert_eq!(versions(&up, "applied"), all, "{label}");
        assert_eq!(status(&db).await, (all.clone(), vec![]));

        // Again: nothing to do, still exit 0.
        let again = db.modctl(&["migrate", "up"]).await;
        again.ok(label);
        assert!(again.stdout.contains("nothing to do"), "{}", again.stdout);

        // down without --steps reverts exactly the newest one.
        let down: Value = db
            .modctl(&["--json", "migrate", "down"])
            .await
            .ok(label)
            .json();
        assert_eq!(versions(&down, "reverted"), [newest], "{label}");
        assert_eq!(status(&db).await.1, [newest], "{label}");

        let up1: Value = db
            .modctl(&["--json", "migrate", "up", "--steps", "1"])
            .await
            .ok(label)
            .json();
        assert_eq!(versions(&up1, "applied"), [newest], "{label}");

        let schema = modd_testkit::schema_snapshot(&db.url).await;
        let redo = db.modctl(&["migrate", "redo"]).await;
        redo.ok(label);
        assert!(redo.stdout.contains("reverted") && redo.stdout.contains("applied"));
        let redo: Value = db
            .modctl(&["--json", "migrate", "redo"])
            .await
            .ok(label)
            .json();
        assert_eq!(versions(&redo, "reverted"), [newest]);
        assert_eq!(versions(&redo, "applied"), [newest]);
        assert_eq!(
            status(&db).await,
            (all.clone(), vec![]),
            "{label}: redo changed state"
        );
        assert_eq!(
            modd_testkit::schema_snapshot(&db.url).await,
            schema,
            "{label}: redo did not restore the schema exactly"
        );

        // Everything down, then redo has nothing to work on: usage error.
        let steps = all.len().to_string();
        let down_all: Value = db
            .modctl(&["--json", "migrate", "down", "--steps", &steps])
            .await
            .ok(label)
            .json();
        let mut reverted = versions(&down_all, "reverted");
        reverted.reverse();
        assert_eq!(
            reverted, all,
            "{label}: down --steps N reverts newest first"
        );
        let redo_empty = db.modctl(&["migrate", "redo"]).await;
        redo_empty.expect_code(2, "redo with nothing applied");
        assert!(redo_empty.stderr.contains("nothing to redo"));

        // And back up, so the schema still works for keys.
        db.modctl(&["migrate", "up"]).await.ok(label);
        db.modctl(&["keys", "create", "--name", "after", "--role", "client"])
            .await
            .ok(label);
    }
}

#[tokio::test]
async fn reverting_in_production_needs_yes() {
    let db = TestDb::sqlite();
    db.modctl(&["migrate", "up"]).await.ok("up");
    let prod = [
        ("DATABASE_URL", db.url.as_str()),
        ("MODD_ENV", "production"),
    ];
    for cmd in ["down", "redo"] {
        let run = modctl_env(&["migrate", cmd], &prod).await;
        run.expect_code(2, cmd);
        assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    }
    // Nothing was reverted by the refusals.
    let (applied, pending) = status(&db).await;
    assert!(pending.is_empty() && !applied.is_empty());
    modctl_env(&["migrate", "redo", "--yes"], &prod)
        .await
        .ok("redo --yes");
    modctl_env(&["migrate", "down", "--yes"], &prod)
        .await
        .ok("down --yes");
    assert_eq!(status(&db).await.1.len(), 1);
}

#[tokio::test]
async fn steps_must_be_positive() {
    let db = TestDb::sqlite();
    for args in [
        ["migrate", "down", "--steps", "0"],
        ["migrate", "up", "--steps", "0"],
    ] {
        let run = db.modctl(&args).await;
        run.expect_code(2, &format!("{args:?}"));
        assert!(run.stderr.contains("--steps"), "{}", run.stderr);
    }
}

/// A mounted secret (Compose, Kubernetes, systemd credentials) names the
/// database: DATABASE_URL_FILE works like DATABASE_URL, its trailing
/// newline ignored; both at once, or an unreadable file, is a usage error
/// that never shows the URL.
#[tokio::test]
async fn database_url_from_a_file() {
    for db in databases().await {
        let label = db.label;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("database_url");
        std::fs::write(&file, format!("{}\n", db.url)).unwrap();
        let file = file.to_str().unwrap();

        let up: Value = modctl_env(&["--json", "migrate", "up"], &[("DATABASE_URL_FILE", file)])
            .await
            .ok(label)
            .json();
        assert!(!versions(&up, "applied").is_empty(), "{label}: {up}");
        let (_, pending) = status(&db).await;
        assert!(
            pending.is_empty(),
            "{label}: the file named another database"
        );

        let both = modctl_env(
            &["migrate", "status"],
            &[("DATABASE_URL_FILE", file), ("DATABASE_URL", &db.url)],
        )
        .await;
        assert_eq!(both.code, 2, "{label}: {}", both.stderr);
        assert!(
            both.stderr.contains("--database-url-file"),
            "{}",
            both.stderr
        );
    }
    let missing = modctl_env(
        &["migrate", "status"],
        &[("DATABASE_URL_FILE", "/nonexistent/database_url")],
    )
    .await;
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("DATABASE_URL_FILE") && missing.stderr.contains("/nonexistent"),
        "{}",
        missing.stderr
    );
}

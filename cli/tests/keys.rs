//! `modctl keys create|list` through the real binary on a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeDelta, Utc};
use common::{DbModctl, TestDb, databases, modctl_env};
use modd_common::{ApiKey, CreatedKey, KeyEnvironment, KeyInfo, Role};

/// The one `mod_…` token in human output.
fn secret_in(stdout: &str) -> String {
    let found: Vec<&str> = stdout
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.starts_with("mod_live_") || w.starts_with("mod_test_"))
        .filter(|w| ApiKey::parse(w).is_ok())
        .collect();
    assert_eq!(found.len(), 1, "expected one key in:\n{stdout}");
    found[0].to_owned()
}

/// Postgres needs `migrate up` first (SQLite migrates itself).
async fn prepared(db: &TestDb) {
    if db.label == "postgres" {
        db.modctl(&["migrate", "up"]).await.ok("migrate up");
    }
}

#[tokio::test]
async fn create_prints_a_parseable_key_whose_hash_is_stored() {
    for db in databases().await {
        prepared(&db).await;
        let run = db
            .modctl(&["keys", "create", "--name", "forum", "--role", "client"])
            .await;
        run.ok(db.label);
        assert!(run.stdout.contains("Store it now"), "{}", run.stdout);
        let key = ApiKey::parse(&secret_in(&run.stdout)).unwrap();
        // Default environment outside production is test.
        assert_eq!(key.environment(), KeyEnvironment::Test);

        let store = db.store().await;
        let rec = store.key_by_hash(&key.hash()).await.unwrap().unwrap();
        assert_eq!((rec.name.as_str(), rec.role), ("forum", Role::Client));
        assert_eq!(rec.prefix, key.display_prefix());
        assert_eq!(rec.created_by.as_deref(), Some("modctl"));

        let audit = store.list_audit(10).await.unwrap();
        let entry = audit.iter().find(|a| a.action == "key.create").unwrap();
        assert_eq!(entry.actor, "modctl");
        assert_eq!(entry.target, format!("key:{}", rec.id));
        let detail = entry.detail.to_string();
        assert!(
            !detail.contains(key.expose_secret()),
            "{}: secret in audit",
            db.label
        );
        assert!(
            !detail.contains(&hex(&key.hash())),
            "{}: hash in audit",
            db.label
        );
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn create_json_has_the_created_key_shape() {
    for db in databases().await {
        prepared(&db).await;
        let before = Utc::now();
        let run = db
            .modctl(&[
                "--json",
                "keys",
                "create",
                "--name",
                "ops",
                "--role",
                "admin",
                "--source-app",
                "forum",
                "--source-app",
                "shop",
                "--rate-limit",
                "30/minute",
                "--expires-in",
                "90d",
                "--env",
                "live",
            ])
            .await;
        run.ok(db.label);
        let raw: serde_json::Value = run.json();
        for field in [
            "id",
            "name",
            "role",
            "prefix",
            "key",
            "source_apps",
            "rate_limit",
            "expires_at",
        ] {
            assert!(
                raw.get(field).is_some(),
                "{}: no {field} in {raw}",
                db.label
            );
        }
        let created: CreatedKey = run.json();
        let key = ApiKey::parse(&created.key).unwrap();
        assert_eq!(key.environment(), KeyEnvironment::Live);
        assert_eq!(created.info.role, Role::Admin);
        assert_eq!(created.info.source_apps, ["forum", "shop"]);
        assert_eq!(created.info.rate_limit.as_deref(), Some("30/min"));
        assert_eq!(created.info.prefix, key.display_prefix());
        let expires = created.info.expires_at.unwrap();
        assert!(
            expires >= before + TimeDelta::days(90) && expires <= Utc::now() + TimeDelta::days(90)
        );
        // Exactly one JSON document, nothing else on stdout.
        assert_eq!(run.stdout.matches(&created.key).count(), 1);
    }
}

#[tokio::test]
async fn production_defaults_to_live_keys() {
    let db = TestDb::sqlite();
    let run = modctl_env(
        &[
            "--json", "keys", "create", "--name", "p", "--role", "client",
        ],
        &[("DATABASE_URL", &db.url), ("MODD_ENV", "production")],
    )
    .await;
    run.ok("create in production");
    assert!(run.json::<CreatedKey>().key.starts_with("mod_live_"));
}

#[tokio::test]
async fn list_shows_status_and_never_a_secret() {
    for db in databases().await {
        prepared(&db).await;
        let mut secrets = Vec::new();
        for name in ["alpha", "beta"] {
            let run = db
                .modctl(&[
                    "--json", "keys", "create", "--name", name, "--role", "client",
                ])
                .await;
            run.ok(db.label);
            secrets.push(run.json::<CreatedKey>());
        }
        let store = db.store().await;
        assert!(
            store
                .revoke_key(secrets[1].info.id, Utc::now())
                .await
                .unwrap()
        );

        let table = db.modctl(&["keys", "list"]).await;
        table.ok(db.label);
        let json = db.modctl(&["keys", "list", "--json"]).await;
        json.ok(db.label);
        for created in &secrets {
            for out in [&table.stdout, &table.stderr, &json.stdout, &json.stderr] {
                assert!(
                    !out.contains(&created.key),
                    "{}: secret listed:\n{out}",
                    db.label
                );
            }
            assert!(
                table.stdout.contains(&created.info.prefix),
                "{}",
                table.stdout
            );
        }
        for needle in [
            "alpha",
            "beta",
            "active",
            "revoked",
            "never",
            "prefix",
            "last used",
        ] {
            assert!(
                table.stdout.contains(needle),
                "{needle} missing:\n{}",
                table.stdout
            );
        }
        let listed: Vec<KeyInfo> = json.json();
        assert_eq!(listed.len(), 2);
        assert!(listed[1].revoked_at.is_some());
        let raw = json.stdout.to_lowercase();
        assert!(!raw.contains("hash"), "{}: hash listed", db.label);
    }
}

#[tokio::test]
async fn bad_flag_values_exit_2_naming_the_flag() {
    let db = TestDb::sqlite();
    let base = ["keys", "create", "--name", "x", "--role", "client"];
    let cases: [(&[&str], &str); 9] = [
        (&["--rate-limit", "5/week"], "--rate-limit"),
        (&["--rate-limit", "abc"], "--rate-limit"),
        (&["--rate-limit", "0/min"], "--rate-limit"),
        (&["--expires-in", "90"], "--expires-in"),
        (&["--expires-in", "0d"], "--expires-in"),
        (&["--expires-in", "10y"], "--expires-in"),
        (&["--role", "root"], "--role"),
        (&["--env", "prod"], "--env"),
        (&["--name", " "], "--name"),
    ];
    for (extra, flag) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let run = db.modctl(&args).await;
        run.expect_code(2, &format!("{extra:?}"));
        assert!(
            run.stderr.contains(flag),
            "{extra:?}: stderr does not name {flag}:\n{}",
            run.stderr
        );
        assert!(run.stdout.is_empty());
    }
    // Nothing was written by any of them.
    let run = db.modctl(&["--json", "keys", "list"]).await;
    run.ok("list");
    assert!(run.json::<Vec<KeyInfo>>().is_empty());
}

#[tokio::test]
async fn bad_database_url_is_a_usage_error_without_the_password() {
    let run = modctl_env(
        &["keys", "list"],
        &[("DATABASE_URL", "mysql://root:hunter2@localhost/modd")],
    )
    .await;
    run.expect_code(2, "mysql url");
    assert!(run.stderr.contains("DATABASE_URL"), "{}", run.stderr);
    assert!(!run.stderr.contains("hunter2"), "{}", run.stderr);
    assert_eq!(
        run.stderr.trim().lines().count(),
        1,
        "one line:\n{}",
        run.stderr
    );
}

#[tokio::test]
async fn postgres_with_pending_migrations_is_refused() {
    for db in databases()
        .await
        .into_iter()
        .filter(|d| d.label == "postgres")
    {
        let run = db
            .modctl(&["keys", "create", "--name", "x", "--role", "admin"])
            .await;
        run.expect_code(2, "create before migrate");
        assert!(run.stderr.contains("modctl migrate up"), "{}", run.stderr);
        assert!(
            !run.stdout.contains("mod_"),
            "a key was printed:\n{}",
            run.stdout
        );
    }
}

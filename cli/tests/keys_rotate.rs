//! Key rotation at scale through the real `modctl` binary and a real daemon:
//! selecting many keys (`--stale`, `--name`, `--app`, `--all-client`), the
//! dry run, the confirmation, where the new secrets go (a new 0600 file,
//! `--json`, never only a terminal), the `Deprecation`/`Sunset` headers an
//! old key's answers carry during its grace, extending a grace, the maximum
//! key age as `verify` and `top` report it and as it can end a key.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{DateTime, TimeDelta, Utc};
use common::daemon::{self, DaemonModctl};
use common::databases;
use modd_common::{CreatedKey, KeyInfo};
use modd_testkit::TestDaemon;
use serde_json::Value;

async fn create(d: &TestDaemon, admin: &str, args: &[&str]) -> CreatedKey {
    let mut all = vec!["--json", "keys", "create"];
    all.extend_from_slice(args);
    let run = d.modctl(Some(admin), &all).await;
    run.ok("keys create");
    run.json()
}

/// `GET /api/v1/whoami` with `key`: the status and the two notice headers.
async fn whoami(d: &TestDaemon, key: &str) -> (u16, Option<String>, Option<String>) {
    let r = d
        .http
        .get(d.url("/api/v1/whoami"))
        .header("x-api-key", key)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    (r.status().as_u16(), header("deprecation"), header("sunset"))
}

fn rotated_ids(report: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = report["rotated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["old"]["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_rotation_selects_confirms_and_keeps_every_secret() {
    for db in databases().await {
        let label = db.label;
        let docs = "https://docs.example.com/operating/keys.html";
        let d = daemon::start(&db, &[("MODD_KEY_DOCS_URL", docs)]).await;
        let admin = d.bootstrap_admin(&db).await;
        let client = ["--role", "client", "--source-app"];
        let forum_prod = create(
            &d,
            &admin,
            &[&["--name", "forum-prod"][..], &client, &["forum"]].concat(),
        )
        .await;
        let forum_stage = create(
            &d,
            &admin,
            &[&["--name", "forum-staging"][..], &client, &["forum"]].concat(),
        )
        .await;
        let shop = create(
            &d,
            &admin,
            &[&["--name", "shop-prod"][..], &client, &["shop"]].concat(),
        )
        .await;
        let keys_before = d.store.list_keys().await.unwrap();
        let dir = tempfile::tempdir().unwrap();

        // A dry run lists and changes nothing.
        let run = d
            .modctl(
                Some(&admin),
                &["--json", "keys", "rotate", "--app", "forum", "--dry-run"],
            )
            .await;
        run.ok(label);
        let listed: Vec<KeyInfo> = run.json();
        let ids: Vec<i64> = listed.iter().map(|k| k.id).collect();
        assert_eq!(ids, [forum_prod.info.id, forum_stage.info.id], "{label}");
        let human = d
            .modctl(
                Some(&admin),
                &["keys", "rotate", "--name", "*-prod", "--dry-run"],
            )
            .await;
        human.ok(label);
        assert!(human.stdout.contains("forum-prod") && human.stdout.contains("shop-prod"));
        assert!(!human.stdout.contains("forum-staging"), "{}", human.stdout);
        assert!(
            human.stdout.contains("2 key(s) would be rotated"),
            "{}",
            human.stdout
        );

        // No confirmation (no terminal to ask on, no --yes): nothing happens.
        let out = dir.path().join("never.json");
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "keys",
                    "rotate",
                    "--app",
                    "forum",
                    "--out",
                    out.to_str().unwrap(),
                ],
            )
            .await;
        run.expect_code(2, "unconfirmed");
        assert!(run.stderr.contains("--yes"), "{}", run.stderr);
        assert!(!out.exists());
        // No selector at all is a usage error.
        d.modctl(Some(&admin), &["keys", "rotate", "--yes", "--json"])
            .await
            .expect_code(2, "nothing selected");
        assert_eq!(d.store.list_keys().await.unwrap(), keys_before, "{label}");

        // --app forum --yes --out FILE: two rotations, the secrets in a new
        // 0600 file, none on stdout.
        let out = dir.path().join("forum-keys.json");
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "keys",
                    "rotate",
                    "--app",
                    "forum",
                    "--grace",
                    "1h",
                    "--yes",
                    "--out",
                    out.to_str().unwrap(),
                ],
            )
            .await;
        run.ok(label);
        let text = std::fs::read_to_string(&out).unwrap();
        let report: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            rotated_ids(&report),
            [forum_prod.info.id, forum_stage.info.id],
            "{label}"
        );
        assert!(report["failed"].as_array().unwrap().is_empty());
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{label}");
        }
        for r in report["rotated"].as_array().unwrap() {
            let secret = r["new"]["key"].as_str().unwrap();
            assert!(!run.stdout.contains(secret) && !run.stderr.contains(secret));
            assert_eq!(
                whoami(&d, secret).await,
                (200, None, None),
                "{label}: new key, no notice"
            );
        }
        assert!(
            run.stderr.contains("2 new secret(s) written"),
            "{}",
            run.stderr
        );

        // The old key still works for its grace, and says so in every answer.
        let (status, deprecation, sunset) = whoami(&d, &forum_prod.key).await;
        assert_eq!(status, 200, "{label}");
        let old = d.store.get_key(forum_prod.info.id).await.unwrap().unwrap();
        let rotated_at = old.rotated_at.expect("rotation recorded");
        assert_eq!(
            deprecation,
            Some(format!("@{}", rotated_at.timestamp())),
            "{label}"
        );
        let sunset = DateTime::parse_from_rfc2822(&sunset.unwrap()).unwrap();
        assert_eq!(
            sunset.timestamp(),
            old.revoked_at.unwrap().timestamp(),
            "{label}"
        );
        let link = d
            .http
            .get(d.url("/api/v1/whoami"))
            .header("x-api-key", &forum_prod.key)
            .send()
            .await
            .unwrap();
        assert_eq!(
            link.headers()["link"].to_str().unwrap(),
            format!("<{docs}>; rel=\"deprecation\"")
        );

        // An existing --out file is never overwritten, and nothing rotates.
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "keys",
                    "rotate",
                    "--all-client",
                    "--yes",
                    "--out",
                    out.to_str().unwrap(),
                ],
            )
            .await;
        run.expect_code(2, "existing --out");
        assert!(run.stderr.contains("exists"), "{}", run.stderr);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), text, "{label}");

        // --all-client --json: the working client keys only (the two rotated
        // out are in their grace and left alone), secrets on stdout.
        let run = d
            .modctl(
                Some(&admin),
                &["--json", "keys", "rotate", "--all-client", "--yes"],
            )
            .await;
        run.ok(label);
        let report: Value = run.json();
        let successors: Vec<i64> = d
            .store
            .list_keys()
            .await
            .unwrap()
            .iter()
            .filter(|k| {
                k.rotated_from
                    .is_some_and(|f| f == forum_prod.info.id || f == forum_stage.info.id)
            })
            .map(|k| k.id)
            .collect();
        let mut want = successors.clone();
        want.push(shop.info.id);
        want.sort_unstable();
        assert_eq!(rotated_ids(&report), want, "{label}");
        assert!(
            report["rotated"][0]["new"]["key"]
                .as_str()
                .unwrap()
                .starts_with("mod_")
        );

        // Each rotation is audited on its own, by the acting key.
        let rotations = d
            .store
            .list_audit(50)
            .await
            .unwrap()
            .iter()
            .filter(|a| a.action == "key.rotate")
            .count();
        assert_eq!(rotations, 5, "{label}");
    }
}

/// A secret never goes only to a terminal: under a pseudo-terminal (`script`)
/// `keys rotate` without `--out` or `--json` refuses before rotating.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_are_never_printed_only_to_a_terminal() {
    let db = modd_testkit::TestDb::sqlite();
    let d = daemon::start(&db, &[]).await;
    let admin = d.bootstrap_admin(&db).await;
    let key = create(&d, &admin, &["--name", "forum", "--role", "client"]).await;
    let command = format!(
        "{} keys rotate {}",
        env!("CARGO_BIN_EXE_modctl"),
        key.info.id
    );
    let out = tokio::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("MODCTL_URL", &d.base)
        .env("MODCTL_ADMIN_KEY", &admin)
        .env_remove("DATABASE_URL")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("--out FILE"), "{text}");
    let after = d.store.get_key(key.info.id).await.unwrap().unwrap();
    assert_eq!(after.revoked_at, None, "nothing rotated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grace_extends_and_max_age_is_reported() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[("MODD_KEY_MAX_AGE", "30d")]).await;
        let admin = d.bootstrap_admin(&db).await;
        let forum = create(&d, &admin, &["--name", "forum", "--role", "client"]).await;
        let id = forum.info.id.to_string();
        assert_eq!(
            forum.info.rotate_by,
            Some(forum.info.created_at + TimeDelta::days(30)),
            "{label}: MODD_KEY_MAX_AGE applies"
        );

        // extend-grace: only a key in its grace; then 12 h more, audited.
        let run = d
            .modctl(Some(&admin), &["keys", "extend-grace", &id, "12h"])
            .await;
        run.expect_code(1, "not rotated");
        assert!(run.stderr.contains("409"), "{}", run.stderr);
        d.modctl(
            Some(&admin),
            &["keys", "rotate", &id, "--grace", "1h", "--json"],
        )
        .await
        .ok(label);
        let before = d.store.get_key(forum.info.id).await.unwrap().unwrap();
        let run = d
            .modctl(
                Some(&admin),
                &["--json", "keys", "extend-grace", &id, "12h"],
            )
            .await;
        run.ok(label);
        let extended: KeyInfo = run.json();
        assert_eq!(
            extended.revoked_at,
            before.revoked_at.map(|t| t + TimeDelta::hours(12)),
            "{label}"
        );
        let audit = d.store.list_audit(1).await.unwrap();
        assert_eq!(audit[0].action, "key.extend_grace", "{label}");
        d.modctl(Some(&admin), &["keys", "extend-grace", &id, "soon"])
            .await
            .expect_code(2, "bad duration");

        // A key's own maximum age, set at creation and changed later.
        let short = create(
            &d,
            &admin,
            &["--name", "billing", "--role", "client", "--max-age", "1s"],
        )
        .await;
        assert_eq!(short.info.max_age_secs, Some(1), "{label}");
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "--json",
                    "keys",
                    "set-max-age",
                    &forum.info.id.to_string(),
                    "7d",
                ],
            )
            .await;
        run.ok(label);
        assert_eq!(run.json::<KeyInfo>().max_age_secs, Some(7 * 86_400));
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "--json",
                    "keys",
                    "set-max-age",
                    &forum.info.id.to_string(),
                    "default",
                ],
            )
            .await;
        run.ok(label);
        assert_eq!(run.json::<KeyInfo>().max_age_secs, None);
        assert_eq!(
            d.store.list_audit(1).await.unwrap()[0].action,
            "key.set_max_age"
        );

        // verify (a viewer key is enough) reports the key past its maximum.
        let viewer = create(&d, &admin, &["--name", "ci", "--role", "viewer"]).await;
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let run = d
            .modctl(Some(&viewer.key), &["--json", "verify", "--only", "auth"])
            .await;
        let report: Value = run.json();
        let check = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "auth.key-max-age")
            .unwrap_or_else(|| panic!("{label}: no auth.key-max-age: {report}"));
        assert_eq!(check["status"], "fail", "{label}: {check}");
        let reason = check["reason"].as_str().unwrap();
        assert!(
            reason.contains(&format!("billing (id {})", short.info.id)),
            "{reason}"
        );
        assert!(!reason.contains("forum"), "{reason}");
        // So does top, in the stats it polls and on its screen.
        let run = d
            .modctl(Some(&viewer.key), &["--json", "top", "--once"])
            .await;
        run.ok(label);
        let due = run.json::<Value>()["keys_due"].clone();
        assert_eq!(
            due,
            serde_json::json!([format!("billing (id {})", short.info.id)])
        );
        let run = d
            .modctl(Some(&viewer.key), &["top", "--once", "--interval", "100ms"])
            .await;
        run.ok(label);
        assert!(run.stdout.contains("keys due 1"), "{}", run.stdout);

        // --due rotates exactly what verify reported.
        let run = d
            .modctl(
                Some(&admin),
                &["--json", "keys", "rotate", "--due", "--yes"],
            )
            .await;
        run.ok(label);
        assert_eq!(rotated_ids(&run.json()), [short.info.id], "{label}");
    }
}

/// With `MODD_KEY_EXPIRE_AFTER_MAX_AGE`, a key past its maximum age is
/// announced (`Sunset` at its end) and then refused like an expired key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keys_past_their_maximum_age_stop_after_the_warning_period() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[("MODD_KEY_EXPIRE_AFTER_MAX_AGE", "2s")]).await;
        let admin = d.bootstrap_admin(&db).await;
        let key = create(
            &d,
            &admin,
            &["--name", "kiosk", "--role", "client", "--max-age", "1s"],
        )
        .await;
        let end = key.info.created_at + TimeDelta::seconds(3);
        let (status, deprecation, sunset) = whoami(&d, &key.key).await;
        assert_eq!(status, 200, "{label}");
        assert!(deprecation.is_some(), "{label}: announced");
        let sunset = DateTime::parse_from_rfc2822(&sunset.unwrap()).unwrap();
        assert_eq!(sunset.timestamp(), end.timestamp(), "{label}");

        let wait = end - Utc::now() + TimeDelta::milliseconds(200);
        tokio::time::sleep(wait.to_std().unwrap_or_default()).await;
        let r = d
            .http
            .get(d.url("/api/v1/whoami"))
            .header("x-api-key", &key.key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 401, "{label}");
        let body = r.text().await.unwrap();
        assert!(body.contains("maximum age"), "{label}: {body}");
        // The admin key has no maximum age: it never stops for its age.
        assert_eq!(whoami(&d, &admin).await, (200, None, None), "{label}");
    }
}

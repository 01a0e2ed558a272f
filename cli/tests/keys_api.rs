//! `modctl keys …` through the admin API of a real daemon, after the first
//! admin key was made straight in the database (the bootstrap path).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::{DbModctl, databases};
use modd_common::{CreatedKey, KeyInfo, RotatedKey};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_keys_command_works_through_the_admin_api() {
    for db in databases().await {
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let admin_id = d.store.list_keys().await.unwrap()[0].id;
        let actor = format!("key:{admin_id}");
        let label = db.label;

        let run = d
            .modctl(
                Some(&admin),
                &[
                    "--json",
                    "keys",
                    "create",
                    "--name",
                    "forum",
                    "--role",
                    "client",
                    "--source-app",
                    "forum",
                    "--rate-limit",
                    "10/sec",
                    "--expires-in",
                    "30d",
                ],
            )
            .await;
        run.ok(label);
        let created: CreatedKey = run.json();
        assert_eq!(
            created.info.created_by.as_deref(),
            Some(actor.as_str()),
            "{label}: made by the API"
        );
        assert_eq!(created.info.rate_limit.as_deref(), Some("10/sec"));
        let id = created.info.id.to_string();

        let listed: Vec<KeyInfo> = d
            .modctl(Some(&admin), &["--json", "keys", "list"])
            .await
            .json();
        assert_eq!(listed.len(), 2, "{label}");
        let human = d.modctl(Some(&admin), &["keys", "list"]).await;
        human.ok(label);
        assert!(human.stdout.contains("forum") && !human.stdout.contains(&created.key));
        let stale: Vec<KeyInfo> = d
            .modctl(Some(&admin), &["--json", "keys", "list", "--stale", "90d"])
            .await
            .json();
        assert!(stale.is_empty(), "{label}: nothing is 90 days old");

        let shown: KeyInfo = d
            .modctl(Some(&admin), &["--json", "keys", "show", &id])
            .await
            .json();
        assert_eq!(shown, created.info);
        let human = d.modctl(Some(&admin), &["keys", "show", &id]).await;
        human.ok(label);
        assert!(human.stdout.contains("10/sec"), "{}", human.stdout);

        let run = d
            .modctl(
                Some(&admin),
                &["--json", "keys", "rotate", &id, "--grace", "1h"],
            )
            .await;
        run.ok(label);
        let rotated: RotatedKey = run.json();
        assert_eq!(rotated.new.info.rotated_from, Some(created.info.id));
        assert!(rotated.old.revoked_at.is_some());
        let human = d
            .modctl(
                Some(&admin),
                &[
                    "keys",
                    "rotate",
                    &rotated.new.info.id.to_string(),
                    "--grace",
                    "0",
                ],
            )
            .await;
        human.ok(label);
        assert!(human.stdout.contains("no longer works"), "{}", human.stdout);
        assert!(human.stdout.contains("Store it now"));

        let run = d.modctl(Some(&admin), &["keys", "revoke", &id]).await;
        run.ok(label);
        assert!(run.stdout.contains(&format!("Key {id} revoked")));
        let again = d.modctl(Some(&admin), &["keys", "revoke", &id]).await;
        again.expect_code(1, "second revoke");
        assert!(again.stderr.contains("already revoked"), "{}", again.stderr);
        d.modctl(Some(&admin), &["keys", "show", "999999"])
            .await
            .expect_code(1, "unknown id");

        // Audited with the acting key, in order.
        let audit = d.store.list_audit(20).await.unwrap();
        let mine: Vec<&str> = audit
            .iter()
            .filter(|a| a.actor == actor)
            .map(|a| a.action.as_str())
            .collect();
        assert_eq!(
            mine,
            ["key.revoke", "key.rotate", "key.rotate", "key.create"],
            "{label}"
        );

        // Without an admin key the API-only commands are usage errors.
        for args in [
            &["keys", "show", "1"][..],
            &["keys", "revoke", "1"],
            &["keys", "rotate", "1"],
        ] {
            let run = d.modctl(None, args).await;
            run.expect_code(2, "no admin key");
            assert!(run.stderr.contains("MODCTL_ADMIN_KEY"), "{}", run.stderr);
        }
        // A client key is refused by the daemon: 403, exit 1.
        let client: CreatedKey = d
            .modctl(
                Some(&admin),
                &[
                    "--json", "keys", "create", "--name", "c", "--role", "client",
                ],
            )
            .await
            .json();
        let run = d.modctl(Some(&client.key), &["keys", "list"]).await;
        run.expect_code(1, "client key on admin route");
        assert!(run.stderr.contains("403"), "{}", run.stderr);
        assert!(!run.stderr.contains(&client.key));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_stale_works_on_the_database_too() {
    for db in databases().await {
        // The daemon migrates PostgreSQL; the DB path then needs no flag.
        let d = daemon::start(&db, &[]).await;
        d.bootstrap_admin(&db).await;
        let run = db
            .modctl(&["--json", "keys", "list", "--stale", "1s"])
            .await;
        run.ok(db.label);
        assert!(
            run.json::<Vec<KeyInfo>>().is_empty(),
            "nothing is a second old yet"
        );
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let stale: Vec<KeyInfo> = db
            .modctl(&["--json", "keys", "list", "--stale", "1s"])
            .await
            .json();
        assert_eq!(stale.len(), 1, "{}", db.label);
        db.modctl(&["keys", "list", "--stale", "soon"])
            .await
            .expect_code(2, "bad --stale");
    }
}

/// `keys show` names a key whose rotation grace has ended "rotated", as
/// `keys list` and the daemon's 401 do, and a revoked key "revoked".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_tells_a_rotated_key_from_a_revoked_one() {
    for db in databases().await {
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let mut ids = Vec::new();
        for name in ["first", "second"] {
            let args = [
                "--json", "keys", "create", "--name", name, "--role", "client",
            ];
            let created: CreatedKey = d.modctl(Some(&admin), &args).await.json();
            ids.push(created.info.id.to_string());
        }
        let (rotated, revoked) = (&ids[0], &ids[1]);
        d.modctl(Some(&admin), &["keys", "rotate", rotated, "--grace", "0"])
            .await
            .ok(db.label);
        d.modctl(Some(&admin), &["keys", "revoke", revoked])
            .await
            .ok(db.label);

        for (id, word, not) in [
            (rotated, "rotated", "revoked"),
            (revoked, "revoked", "rotated"),
        ] {
            let shown = d.modctl(Some(&admin), &["keys", "show", id]).await;
            shown.ok(db.label);
            let out = &shown.stdout;
            let status = out.lines().find(|l| l.contains("status")).unwrap_or("");
            assert!(status.contains(word), "{}: key {id}:\n{out}", db.label);
            assert!(!out.contains(not), "{}: key {id}:\n{out}", db.label);
        }
    }
}

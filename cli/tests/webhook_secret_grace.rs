//! `modctl webhooks rotate-secret --grace`: how long the old signing secret
//! keeps signing next to the new one (24 h unless told), through the real
//! binary and a real daemon, on both backends.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::{TimeDelta, Utc};
use common::daemon::{self, DaemonModctl};
use common::databases;
use modd_common::AppSaved;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_secret_grace_is_a_flag() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[("MODD_WEBHOOK_ALLOW_PRIVATE", "true")]).await;
        let admin = d.bootstrap_admin(&db).await;
        d.modctl(
            Some(&admin),
            &["webhooks", "set", "forum", "http://127.0.0.1:9/hook"],
        )
        .await
        .ok(label);
        let run = d
            .modctl(
                Some(&admin),
                &[
                    "--json",
                    "webhooks",
                    "rotate-secret",
                    "forum",
                    "--grace",
                    "2h",
                ],
            )
            .await;
        run.ok(label);
        let saved: AppSaved = run.json();
        let until = saved.app.previous_secret_until.expect("old secret signs");
        let left = until - Utc::now();
        assert!(
            left > TimeDelta::minutes(119) && left <= TimeDelta::hours(2),
            "{label}: {left}"
        );
        let app = d.store.get_app("forum").await.unwrap().unwrap();
        assert_eq!(
            app.previous_until.map(|t| t.timestamp()),
            Some(until.timestamp())
        );

        let run = d
            .modctl(
                Some(&admin),
                &["webhooks", "rotate-secret", "forum", "--grace", "0"],
            )
            .await;
        run.ok(label);
        assert!(run.stdout.contains("no longer signs"), "{}", run.stdout);
        let app = d.store.get_app("forum").await.unwrap().unwrap();
        assert_eq!(
            (app.previous_secret, app.previous_until),
            (None, None),
            "{label}"
        );
        d.modctl(
            Some(&admin),
            &["webhooks", "rotate-secret", "forum", "--grace", "x"],
        )
        .await
        .expect_code(2, "bad grace");
        let audit = d.store.list_audit(1).await.unwrap();
        assert_eq!(audit[0].action, "app.rotate_secret", "{label}");
    }
}

//! The sign-off of `modctl verify`'s manual items through the real binary
//! against a real daemon: unattested items fail a `--strict` run; an admin
//! attests them (`verify attest ID --by NAME --note TEXT`), which is
//! audited; a viewer-key run shows who attested what and passes once all
//! are; an attestation that expires counts no more.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::databases;
use modd_common::{AttestationView, CreatedKey};
use serde_json::Value;
use std::time::Duration;

fn manual(report: &Value) -> Vec<(String, String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (s("id"), s("status"), s("reason"))
        })
        .collect()
}

fn as_str(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manual_items_are_attested_audited_and_expire() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;
        let viewer = d
            .modctl(
                Some(&admin),
                &[
                    "--json", "keys", "create", "--name", "ci", "--role", "viewer",
                ],
            )
            .await
            .json::<CreatedKey>()
            .key;
        let strict = ["--json", "verify", "--only", "manual", "--strict"];

        let run = d.modctl(Some(&viewer), &strict).await;
        run.expect_code(1, label);
        let items = manual(&run.json());
        assert!(items.len() >= 5, "{items:?}");
        assert!(
            items
                .iter()
                .all(|(_, s, r)| s == "manual" && r.contains("not attested"))
        );
        let ids: Vec<String> = items.iter().map(|(id, _, _)| id.clone()).collect();
        // Without --strict, manual items leave the run approved.
        d.modctl(Some(&viewer), &["verify", "--only", "manual"])
            .await
            .ok(label);

        // Only admins attest, and only manual items.
        let attest = |id: &str, extra: &'static [&'static str]| {
            let mut args = vec![
                "--json",
                "verify",
                "attest",
                id,
                "--by",
                "Bob Ops",
                "--note",
                "CI run 4711 green",
            ];
            args.extend_from_slice(extra);
            args.into_iter().map(str::to_owned).collect::<Vec<_>>()
        };
        let a = attest(&ids[0], &[]);
        d.modctl(Some(&viewer), &as_str(&a))
            .await
            .expect_code(1, "viewer attests");
        d.modctl(Some(&admin), &as_str(&attest("service.health", &[])))
            .await
            .expect_code(2, "not a manual item");
        let run = d.modctl(Some(&admin), &as_str(&a)).await;
        run.ok(label);
        let recorded: AttestationView = run.json();
        assert_eq!(recorded.attested_by, "Bob Ops");
        let audit = d.store.list_audit(10).await.unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "verify.attest")
            .expect("audited");
        assert_eq!(entry.target, format!("check:{}", ids[0]));
        assert_eq!(entry.actor, recorded.actor);

        let items = manual(&d.modctl(Some(&viewer), &strict).await.json());
        let first = items.iter().find(|(id, _, _)| *id == ids[0]).unwrap();
        assert_eq!(first.1, "pass", "{first:?}");
        assert!(first.2.contains("attested by Bob Ops") && first.2.contains("CI run 4711"));

        // Every item attested: the strict run is approved. One expires soon.
        for id in &ids[1..] {
            let extra: &'static [&'static str] = if *id == ids[1] {
                &["--expires-in", "2s"]
            } else {
                &[]
            };
            d.modctl(Some(&admin), &as_str(&attest(id, extra)))
                .await
                .ok(label);
        }
        let run = d.modctl(Some(&viewer), &strict).await;
        run.ok(&format!("{label}: all attested\n{}", run.stdout));
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let run = d.modctl(Some(&viewer), &strict).await;
        run.expect_code(1, "an expired attestation counts no more");
        let items = manual(&run.json());
        let expired = items.iter().find(|(id, _, _)| *id == ids[1]).unwrap();
        assert_eq!(expired.1, "manual", "{expired:?}");
        d.shutdown().await;
    }
}

//! Key notices as webhooks, end to end: `modctl keys rotate` (one key and a
//! selection) and `modctl keys extend-grace` send a signed `key.rotating`
//! event to the key's app; a key close to its expiry gets one
//! `key.expiring` event, even with two replicas sweeping the same database.
//! The receiver is a real HTTP server on 127.0.0.1 (wiremock), the
//! signatures are checked with the independent verifier of `hooks.rs`.

use crate::hooks::{receiver, set_webhook, signature_ok};
use chrono::{DateTime, TimeDelta, Utc};
use modd_common::{Role, RotatedKey};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually};
use std::process::{Command, Output};
use std::time::Duration;
use wiremock::{MockServer, Request};

modd_testkit::on_both_backends!(
    rotations_through_modctl_send_signed_key_rotating_events,
    an_expiring_key_is_announced_once_by_two_replicas,
);

const DOCS: &str = "https://docs.example.com/keys";

fn settings<'a>(extra: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    let mut s = vec![
        ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
        ("MODD_WEBHOOK_RETRY_BASE_MS", "50"),
        ("MODD_KEY_DOCS_URL", DOCS),
    ];
    s.extend_from_slice(extra);
    s
}

fn header<'a>(r: &'a Request, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The key events received so far, each checked against the app's secret.
async fn key_events(receiver: &MockServer, secret: &str) -> Vec<serde_json::Value> {
    let got = receiver.received_requests().await.unwrap_or_default();
    got.iter()
        .map(|r| {
            let signed = signature_ok(
                secret,
                header(r, "webhook-id"),
                header(r, "webhook-timestamp"),
                &r.body,
                header(r, "webhook-signature"),
            );
            assert!(signed, "signature verifies");
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()
        })
        .filter(|b| b["type"].as_str().is_some_and(|t| t.starts_with("key.")))
        .collect()
}

async fn wait_for(receiver: &MockServer, secret: &str, n: usize) -> Vec<serde_json::Value> {
    eventually(Duration::from_secs(30), || async {
        let events = key_events(receiver, secret).await;
        (events.len() >= n).then_some(events)
    })
    .await
    .unwrap_or_else(|| panic!("{n} key events delivered"))
}

fn modctl(base: &str, admin: &str, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(args)
        .env("MODCTL_URL", base)
        .env("MODCTL_ADMIN_KEY", admin)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run modctl");
    assert!(out.status.success(), "modctl {args:?}: {out:?}");
    out
}

async fn run(base: &str, admin: &str, args: &[&str]) -> Output {
    let (base, admin) = (base.to_owned(), admin.to_owned());
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        modctl(&base, &admin, &args)
    })
    .await
    .unwrap()
}

fn time(v: &serde_json::Value) -> DateTime<Utc> {
    v.as_str().unwrap().parse().unwrap()
}

async fn rotations_through_modctl_send_signed_key_rotating_events(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let d = TestDaemon::start(&db, &settings(&[])).await;
    let admin = d.key(Role::Admin, &[]).await;
    let secret = set_webhook(&d, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    let spec = |apps| KeySpec {
        source_apps: apps,
        ..KeySpec::default()
    };
    let (batch_a, _) = d.key_with(spec(&["forum", "shop"])).await; // shop has no webhook
    let (batch_b, _) = d.key_with(spec(&["forum"])).await;
    d.key_with(spec(&["shop"])).await;

    // A selection (bulk rotation, secrets to a file): one event per key.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secrets.json");
    run(
        &d.base,
        &admin,
        &[
            "keys",
            "rotate",
            "--app",
            "forum",
            "--all-client",
            "--yes",
            "--grace",
            "1h",
            "--out",
            file.to_str().unwrap(),
        ],
    )
    .await;
    let events = wait_for(&receiver, &secret, 2).await;
    let mut ids: Vec<i64> = events
        .iter()
        .map(|e| e["data"]["key_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, [batch_a, batch_b]);

    // One key by id: the event names the key and the end of its grace.
    let (one, one_secret) = d.key_with(spec(&["forum"])).await;
    let out = run(
        &d.base,
        &admin,
        &[
            "--json",
            "keys",
            "rotate",
            &one.to_string(),
            "--grace",
            "2h",
        ],
    )
    .await;
    let rotated: RotatedKey = serde_json::from_slice(&out.stdout).unwrap();
    let events = wait_for(&receiver, &secret, 3).await;
    let e = events
        .iter()
        .find(|e| e["data"]["key_id"] == one)
        .expect("the rotated key's event");
    assert_eq!(e["type"], "key.rotating");
    assert_eq!(e["data"]["source_app"], "forum");
    assert_eq!(e["data"]["name"], rotated.old.name.as_str());
    assert_eq!(e["data"]["prefix"], rotated.old.prefix.as_str());
    assert_eq!(e["data"]["docs_url"], DOCS);
    assert_eq!(Some(time(&e["data"]["sunset"])), rotated.old.revoked_at);
    let raw = e.to_string();
    assert!(!raw.contains(&one_secret), "never the old secret");
    assert!(!raw.contains(&rotated.new.key), "never the new secret");

    // Extending a grace announces the new sunset.
    let out = run(
        &d.base,
        &admin,
        &["--json", "keys", "extend-grace", &one.to_string(), "12h"],
    )
    .await;
    let info: modd_common::KeyInfo = serde_json::from_slice(&out.stdout).unwrap();
    let events = wait_for(&receiver, &secret, 4).await;
    let last = events.last().unwrap();
    assert_eq!(last["data"]["key_id"], one);
    assert_eq!(Some(time(&last["data"]["sunset"])), info.revoked_at);
    assert_eq!(events.len(), 4, "the shop key and the shop app got nothing");
    d.shutdown().await;
}

async fn an_expiring_key_is_announced_once_by_two_replicas(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let extra = settings(&[
        ("MODD_RETENTION_SWEEP_SECS", "1"),
        ("MODD_KEY_EXPIRY_NOTICE", "14d"),
    ]);
    let (a, b) = TestDaemon::pair(&db, &extra).await;
    let admin = a.key(Role::Admin, &[]).await;
    let secret = set_webhook(&a, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    let expires = Utc::now() + TimeDelta::days(3);
    let (expiring, _) = a
        .key_with(KeySpec {
            source_apps: &["forum"],
            expires_at: Some(expires),
            ..KeySpec::default()
        })
        .await;
    // Not yet within the notice: nothing for this one.
    a.key_with(KeySpec {
        source_apps: &["forum"],
        expires_at: Some(Utc::now() + TimeDelta::days(60)),
        ..KeySpec::default()
    })
    .await;

    let events = wait_for(&receiver, &secret, 1).await;
    let e = &events[0];
    assert_eq!(e["type"], "key.expiring");
    assert_eq!(e["data"]["key_id"], expiring);
    assert_eq!(e["data"]["docs_url"], DOCS);
    let sunset = time(&e["data"]["sunset"]);
    assert!((sunset - expires).num_milliseconds().abs() < 1, "{sunset}");
    // Both replicas sweep every second: a few more sweeps add nothing.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(key_events(&receiver, &secret).await.len(), 1);
    let listed = a
        .client(Some(&admin))
        .webhook_events("forum", None, Some(50))
        .await
        .unwrap();
    let kinds: Vec<&str> = listed.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["key_expiring"]);
    a.shutdown().await;
    b.shutdown().await;
}

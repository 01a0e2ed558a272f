//! `SECRET_KEY` rotation end to end: webhook secrets sealed under the old
//! key (one in the format of releases before key ids) keep signing on a
//! daemon with the new key and the old one in `SECRET_KEY_PREVIOUS`;
//! `modctl secrets rotate` (the binary) reseals them while decisions are
//! submitted and delivered to a real receiver, in pages, audited, a dry run
//! first and a rerun that finds nothing to do; after it, a daemon with only
//! the new key delivers to every app, and no event was lost.

use crate::hooks::{receiver, set_webhook, signature_ok, submit};
use modd_common::Role;
use modd_testkit::{Db, TestDaemon, TestDb, eventually, execute_raw};
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

modd_testkit::on_both_backends!(rotation_under_load_loses_no_delivery);

const OLD_KEY: &str = "q7Rk2vXp9LmN4sTz8wYb3cFh6jKd1gHe5aUo0iPr";
const NEW_KEY: &str = "Zt4Mx8Qw2Ne6Rb0Yv3Kc7Lp1Hs5Jd9Gf2Ua6Io8T";
const APPS: [&str; 5] = ["app-a", "app-b", "app-c", "app-d", "app-e"];
const FAST: [(&str, &str); 2] = [
    ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
    ("MODD_WEBHOOK_RETRY_BASE_MS", "50"),
];

async fn daemon(db: &TestDb, keys: &[(&'static str, &str)]) -> TestDaemon {
    let mut settings = FAST.to_vec();
    settings.extend_from_slice(keys);
    TestDaemon::start(db, &settings).await
}

/// `modctl secrets rotate ARGS --json` as a process; its report and exit code.
async fn rotate(d: &TestDaemon, admin: &str, args: &[&str]) -> (serde_json::Value, i32) {
    let mut argv = vec!["--json", "secrets", "rotate"];
    argv.extend_from_slice(args);
    let argv: Vec<String> = argv.into_iter().map(str::to_owned).collect();
    let (base, key) = (d.base.clone(), admin.to_owned());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
            .args(&argv)
            .env("MODCTL_URL", base)
            .env("MODCTL_ADMIN_KEY", key)
            .env_remove("DATABASE_URL")
            .output()
            .expect("run modctl")
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout} {}", String::from_utf8_lossy(&out.stderr)));
    (report, out.status.code().unwrap_or(-1))
}

fn names(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

async fn sealed(d: &TestDaemon) -> BTreeMap<String, (Option<String>, Option<String>)> {
    d.store
        .list_apps()
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.source_app, (a.webhook_secret, a.previous_secret)))
        .collect()
}

/// Submits to every app in turn until `stop` (at most 300 each, within one
/// page of the event listing); returns how many per app.
fn load(
    d: &TestDaemon,
    key: &str,
    tag: &'static str,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<BTreeMap<String, usize>> {
    let client = d.client(Some(key));
    tokio::spawn(async move {
        let mut sent: BTreeMap<String, usize> = BTreeMap::new();
        let mut n = 0usize;
        while !stop.load(Ordering::Relaxed) && n < 300 * APPS.len() {
            let app = APPS[n % APPS.len()];
            let req = modd_common::AnalyseRequest::new(app, format!("{tag}-{n}"), "comment")
                .with_text("a perfectly friendly comment");
            client.analyse(&req).await.expect("accepted under load");
            *sent.entry(app.to_owned()).or_default() += 1;
            n += 1;
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        sent
    })
}

/// Waits until each app has exactly `want[app]` events, all delivered.
async fn all_delivered(
    d: &TestDaemon,
    admin: &str,
    want: &BTreeMap<String, usize>,
) -> BTreeSet<String> {
    let client = d.client(Some(admin));
    eventually(Duration::from_secs(60), || async {
        let mut ids = BTreeSet::new();
        for app in APPS {
            let ev = client.webhook_events(app, None, Some(500)).await.ok()?;
            if ev.len() != want[app] || ev.iter().any(|e| e.status != "delivered") {
                return None;
            }
            ids.extend(ev.into_iter().map(|e| e.webhook_id));
        }
        Some(ids)
    })
    .await
    .expect("every event delivered")
}

async fn rotation_under_load_loses_no_delivery(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;

    // Before: every app's secret sealed under the old key.
    let old = daemon(&db, &[("SECRET_KEY", OLD_KEY)]).await;
    let admin = old.key(Role::Admin, &[]).await;
    let client = old.key(Role::Client, &[]).await;
    let mut secrets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for app in APPS {
        let url = format!("{}/hook/{app}", receiver.uri());
        secrets.insert(app.into(), vec![set_webhook(&old, &admin, app, &url).await]);
    }
    // app-b is inside a signing-secret rotation: two sealed secrets.
    let rotated = old
        .client(Some(&admin))
        .rotate_webhook_secret("app-b", &Default::default())
        .await
        .unwrap();
    secrets
        .get_mut("app-b")
        .unwrap()
        .push(rotated.webhook_secret.unwrap());
    let mut sent: BTreeMap<String, usize> = APPS.iter().map(|a| ((*a).to_owned(), 0)).collect();
    for app in APPS {
        submit(&old, &client, app, &format!("before-{app}"), "hello there").await;
        *sent.get_mut(app).unwrap() += 1;
    }
    old.shutdown().await;
    // app-c as a release before key ids stored it: `v1.` + the same payload.
    let legacy = execute_raw(
        &db.url,
        "UPDATE apps SET webhook_secret = 'v1.' || substr(webhook_secret, 13) \
         WHERE source_app = 'app-c'",
    )
    .await;
    assert_eq!(legacy, 1);

    // Every replica gets the new key, with the old one as previous.
    let d = daemon(
        &db,
        &[("SECRET_KEY", NEW_KEY), ("SECRET_KEY_PREVIOUS", OLD_KEY)],
    )
    .await;
    let stop = Arc::new(AtomicBool::new(false));
    let during = load(&d, &client, "during", stop.clone());

    let before = sealed(&d).await;
    let (dry, code) = rotate(&d, &admin, &["--dry-run"]).await;
    assert_eq!(code, 0, "{dry}");
    assert_eq!(dry["dry_run"], true);
    assert_eq!(names(&dry["resealed"]).len(), APPS.len(), "{dry}");
    assert_eq!(sealed(&d).await, before, "a dry run changes nothing");
    let key_id = dry["key_id"].as_str().unwrap().to_owned();
    assert_eq!(dry["previous_key_ids"].as_array().unwrap().len(), 1);

    let (done, code) = rotate(&d, &admin, &["--batch", "2"]).await;
    assert_eq!(code, 0, "{done}");
    assert_eq!(done["pages"], 3, "5 apps in pages of 2: {done}");
    assert_eq!(names(&done["resealed"]), names(&dry["resealed"]));
    assert_eq!(done["undecryptable"], serde_json::json!([]));
    for (app, (current, previous)) in sealed(&d).await {
        let prefix = format!("v2.{key_id}.");
        assert!(current.unwrap().starts_with(&prefix), "{app}");
        assert_eq!(previous.is_some(), app == "app-b", "{app}");
        assert!(previous.is_none_or(|p| p.starts_with(&prefix)), "{app}");
    }
    // Safe to rerun: nothing left to do.
    let (again, code) = rotate(&d, &admin, &[]).await;
    assert_eq!(code, 0, "{again}");
    assert_eq!(
        (again["resealed"].clone(), again["current"].clone()),
        (serde_json::json!([]), serde_json::json!(5))
    );
    // Audited: one entry per written page, naming the key id, not the key.
    let audit = d.store.list_audit(100).await.unwrap();
    let reseals: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "secrets.reseal")
        .collect();
    assert_eq!(reseals.len(), 3);
    let audited: BTreeSet<String> = reseals
        .iter()
        .flat_map(|e| names(&e.detail["apps"]))
        .collect();
    assert_eq!(audited, names(&done["resealed"]));
    assert!(
        reseals
            .iter()
            .all(|e| e.detail["key_id"] == key_id.as_str() && e.actor.starts_with("key:"))
    );
    assert!(!format!("{audit:?}").contains(NEW_KEY) && !format!("{audit:?}").contains(OLD_KEY));

    stop.store(true, Ordering::Relaxed);
    for (app, n) in during.await.unwrap() {
        *sent.get_mut(&app).unwrap() += n;
    }
    assert!(
        sent.values().all(|n| *n >= 2),
        "load reached every app: {sent:?}"
    );
    all_delivered(&d, &admin, &sent).await;
    d.shutdown().await;

    // The old key is gone: a daemon with only the new one still signs.
    let fresh = daemon(&db, &[("SECRET_KEY", NEW_KEY)]).await;
    for app in APPS {
        submit(&fresh, &client, app, &format!("after-{app}"), "hello again").await;
        *sent.get_mut(app).unwrap() += 1;
    }
    let delivered = all_delivered(&fresh, &admin, &sent).await;
    fresh.shutdown().await;

    // The receiver got every event, each signed with its app's secret.
    let got = receiver.received_requests().await.unwrap();
    let mut arrived = BTreeSet::new();
    for r in &got {
        let app = r.url.path().trim_start_matches("/hook/");
        let h = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
        let signed = secrets[app].iter().any(|s| {
            signature_ok(
                s,
                h("webhook-id"),
                h("webhook-timestamp"),
                &r.body,
                h("webhook-signature"),
            )
        });
        assert!(signed, "{app}: signature verifies");
        arrived.insert(h("webhook-id").to_owned());
    }
    assert_eq!(arrived, delivered, "no event lost");
    assert_eq!(delivered.len(), sent.values().sum::<usize>());
}

//! Cases: resealing webhook secrets under a new `SECRET_KEY` — pages of
//! apps with secrets by name, and a compare-and-swap write with one audit
//! entry that never overwrites a secret changed since it was read.

use super::*;
use modd::store::{AppChange, Reseal, ResealAudit};

async fn with_secret(store: &dyn Store, app: &str, sealed: &str) {
    let change = AppChange {
        webhook_url: Some(Some("https://hooks.example/modd".into())),
        webhook_secret: Some(Some(sealed.into())),
        ..AppChange::default()
    };
    store.put_app(app, &change, now()).await.unwrap();
}

fn reseal(app: &str, seen: &str, new: &str) -> Reseal {
    Reseal {
        source_app: app.into(),
        seen_current: Some(seen.into()),
        seen_previous: None,
        current: Some(new.into()),
        previous: None,
    }
}

pub(crate) async fn reseal_pages_apps_and_never_overwrites_a_newer_secret(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    for app in ["a", "b", "c"] {
        with_secret(store.as_ref(), app, &format!("v1.old-{app}")).await;
    }
    // An app without a secret is not in the pages.
    let plain = AppChange {
        retention_days: Some(Some(7)),
        ..AppChange::default()
    };
    store.put_app("no-hook", &plain, now()).await.unwrap();
    let names = |apps: Vec<store::AppRecord>| -> Vec<String> {
        apps.into_iter().map(|a| a.source_app).collect()
    };
    assert_eq!(
        names(store.apps_with_secrets("", 2).await.unwrap()),
        ["a", "b"]
    );
    assert_eq!(names(store.apps_with_secrets("b", 2).await.unwrap()), ["c"]);
    assert!(store.apps_with_secrets("c", 2).await.unwrap().is_empty());

    // "b" is rotated between the read and the write: left alone.
    with_secret(store.as_ref(), "b", "v2.k2.rotated").await;
    let audit = ResealAudit {
        at: now(),
        actor: "key:1".into(),
        key_id: "k2".into(),
    };
    let written = store
        .reseal_app_secrets(
            &[
                reseal("a", "v1.old-a", "v2.k2.a"),
                reseal("b", "v1.old-b", "v2.k2.b"),
            ],
            &audit,
        )
        .await
        .unwrap();
    assert_eq!(written, ["a"]);
    let secret = |app: &'static str| {
        let store = store.clone();
        async move { store.get_app(app).await.unwrap().unwrap().webhook_secret }
    };
    assert_eq!(secret("a").await.as_deref(), Some("v2.k2.a"));
    assert_eq!(secret("b").await.as_deref(), Some("v2.k2.rotated"));
    let entries = store.list_audit(10).await.unwrap();
    let entry = entries
        .iter()
        .find(|e| e.action == "secrets.reseal")
        .expect("audited");
    assert_eq!(
        (entry.actor.as_str(), entry.target.as_str()),
        ("key:1", "apps")
    );
    assert_eq!(entry.detail["key_id"], "k2");
    assert_eq!(entry.detail["apps"], serde_json::json!(["a"]));

    // Nothing written: no audit entry.
    let stale = store
        .reseal_app_secrets(&[reseal("c", "v1.gone", "v2.k2.c")], &audit)
        .await
        .unwrap();
    assert!(stale.is_empty());
    let reseals = store.list_audit(10).await.unwrap();
    assert_eq!(
        reseals
            .iter()
            .filter(|e| e.action == "secrets.reseal")
            .count(),
        1
    );
    assert_eq!(secret("c").await.as_deref(), Some("v1.old-c"));
}

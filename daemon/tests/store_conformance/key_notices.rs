//! Cases: key notices in the outbox. A rotation (and a grace extension)
//! writes `key.rotating` for each bound app with a webhook in its own
//! transaction; the sweep's `key.expiring` notices are written once however
//! many replicas record them.

use super::*;
use modd::store::event::{KeyEvent, KeyNotice, KeyNoticeKind};
use modd::store::{KeyNoticeRules, KeyRotation};

const DOCS: &str = "https://docs.example.com/keys";

fn rules() -> KeyNoticeRules {
    KeyNoticeRules {
        docs_url: Some(DOCS.into()),
        ..KeyNoticeRules::default()
    }
}

/// Every due event's body, oldest first (claiming leases them).
async fn bodies(store: &dyn Store) -> Vec<(String, KeyEvent)> {
    let at = now() + Duration::seconds(1);
    let claimed = store
        .claim_webhook_events(at, at + Duration::minutes(5), 100)
        .await
        .unwrap();
    claimed
        .into_iter()
        .map(|e| (e.webhook_id, serde_json::from_str(&e.body).unwrap()))
        .collect()
}

pub(crate) async fn rotations_announce_key_rotating_to_apps_with_a_webhook(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await; // "chat", the key's other app, has no webhook
    let old = store.insert_key(&key("forum-app", 1)).await.unwrap();
    let at = now();
    let rotation = KeyRotation {
        old_id: old.id,
        key_hash: vec![2; 32],
        prefix: "mod_test_new02".into(),
        at,
        old_stops_at: at + Duration::hours(2),
        actor: "key:1".into(),
        notices: rules(),
    };
    store.rotate_key(&rotation).await.unwrap();

    let events = store.list_webhook_events("forum", None, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].kind.as_str(), events[0].item_id),
        ("key_rotating", None)
    );
    assert!(
        store
            .list_webhook_events("chat", None, 10)
            .await
            .unwrap()
            .is_empty(),
        "an app without a webhook gets nothing"
    );
    let sent = bodies(store.as_ref()).await;
    assert_eq!(sent.len(), 1);
    let event = &sent[0].1;
    assert_eq!(event.kind, "key.rotating");
    assert_eq!(event.data.key_id, old.id);
    assert_eq!(event.data.name, "forum-app");
    assert_eq!(event.data.prefix, old.prefix);
    assert_eq!(event.data.source_app, "forum");
    assert_eq!(event.data.deprecated_since, at);
    assert_eq!(event.data.sunset, at + Duration::hours(2));
    assert_eq!(event.data.docs_url.as_deref(), Some(DOCS));

    // Extending the grace announces the new sunset.
    let extended = store
        .extend_key_grace(old.id, Duration::hours(10), now(), "key:1", &rules())
        .await
        .unwrap();
    let sent = bodies(store.as_ref()).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(Some(sent[0].1.data.sunset), extended.revoked_at);
    assert_eq!(
        store
            .list_webhook_events("forum", None, 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // A rotation without grace stops the key at once: nothing to announce.
    let third = store.insert_key(&key("forum-now", 3)).await.unwrap();
    let at = now();
    store
        .rotate_key(&KeyRotation {
            old_id: third.id,
            key_hash: vec![4; 32],
            prefix: "mod_test_new04".into(),
            at,
            old_stops_at: at,
            actor: "key:1".into(),
            notices: rules(),
        })
        .await
        .unwrap();
    assert_eq!(
        store
            .list_webhook_events("forum", None, 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // A refused rotation (already rotated) writes no event either.
    assert!(store.rotate_key(&rotation).await.is_err());
    assert_eq!(
        store
            .list_webhook_events("forum", None, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

pub(crate) async fn key_notices_are_written_once_across_sweepers(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    hooked(store.as_ref(), "chat").await;
    let at = now();
    let notice = KeyNotice {
        kind: KeyNoticeKind::Expiring,
        key_id: 7,
        name: "forum-app".into(),
        prefix: "mod_test_07".into(),
        source_apps: vec!["forum".into(), "chat".into(), "shop".into()],
        deprecated_since: at - Duration::days(1),
        sunset: at + Duration::days(13),
        docs_url: None,
        at,
    };
    // Two sweepers at once, then a later sweep with a newer timestamp.
    let (a, b) = tokio::join!(
        store.record_key_notices(std::slice::from_ref(&notice)),
        store.record_key_notices(std::slice::from_ref(&notice)),
    );
    assert_eq!(a.unwrap() + b.unwrap(), 2, "forum and chat, once each");
    let later = KeyNotice {
        at: at + Duration::minutes(5),
        ..notice.clone()
    };
    assert_eq!(store.record_key_notices(&[later]).await.unwrap(), 0);
    for app in ["forum", "chat"] {
        let events = store.list_webhook_events(app, None, 10).await.unwrap();
        assert_eq!(events.len(), 1, "{app}");
        assert_eq!(events[0].kind, "key_expiring");
    }
    let sent = bodies(store.as_ref()).await;
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|(_, e)| e.kind == "key.expiring"));
    assert!(!sent[0].1.to_json().contains("hash"));

    // A new expiry is news.
    let renewed = KeyNotice {
        sunset: at + Duration::days(40),
        ..notice
    };
    assert_eq!(store.record_key_notices(&[renewed]).await.unwrap(), 2);
    assert_eq!(store.record_key_notices(&[]).await.unwrap(), 0);
}

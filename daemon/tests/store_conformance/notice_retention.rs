//! Case: retention of key notices, the outbox events with no item. They are
//! deleted by age like items (per app, else the default), once delivered or
//! dead; a pending one waits for its delivery, and a decision's event goes
//! only with its item.

use super::*;
use modd::store::event::{KeyNotice, KeyNoticeKind};
use modd::store::{AppChange, DeliveryAttempt, EventNext};

/// A `key.expiring` notice written `age` days ago; `sunset` tells notices
/// apart (it is part of each event's `webhook-id`).
fn notice(age: i64, sunset: i64) -> KeyNotice {
    let at = now() - Duration::days(age);
    KeyNotice {
        kind: KeyNoticeKind::Expiring,
        key_id: 7,
        name: "forum-app".into(),
        prefix: "mod_test_07".into(),
        source_apps: vec!["forum".into(), "chat".into()],
        deprecated_since: at,
        sunset: at + Duration::days(sunset),
        docs_url: None,
        at,
    }
}

/// Finishes every due event of `app` as `next`; returns their ids.
async fn finish_all(store: &dyn Store, app: &str, next: EventNext) -> Vec<i64> {
    let at = now();
    let claimed = store
        .claim_webhook_events(at, at + Duration::minutes(5), 100)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for e in claimed {
        let attempt = DeliveryAttempt {
            event_id: Some(e.id),
            webhook_id: e.webhook_id,
            source_app: e.source_app.clone(),
            attempt: 1,
            attempted_at: at,
            status_code: Some(200),
            latency_ms: 5,
            error: None,
        };
        if e.source_app == app {
            store.finish_webhook_attempt(&attempt, next).await.unwrap();
            ids.push(e.id);
        } else {
            // Not this app's: back to pending, and due.
            let retry = EventNext::RetryAt(now() - Duration::days(365));
            store.finish_webhook_attempt(&attempt, retry).await.unwrap();
        }
    }
    ids
}

async fn event_ids(store: &dyn Store, app: &str) -> Vec<i64> {
    let mut ids: Vec<i64> = (store.list_webhook_events(app, None, 100).await.unwrap())
        .into_iter()
        .map(|e| e.id)
        .collect();
    ids.sort_unstable();
    ids
}

pub(crate) async fn retention_deletes_done_key_notices_by_age(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let s = store.as_ref();
    hooked(s, "forum").await;
    hooked(s, "chat").await;
    let week = AppChange {
        retention_days: Some(Some(7)),
        ..AppChange::default()
    };
    s.put_app("chat", &week, now()).await.unwrap();

    // A decision's event, 100 days old and delivered: it goes with its item.
    let mut old = item("forum", "old", "t");
    old.created_at = now() - Duration::days(100);
    let item_id = insert_one(s, old).await;
    let mut decided = outcome(item_id, Verdict::Blocked);
    decided.decided_at = now() - Duration::days(100);
    s.record_outcome(&decided).await.unwrap();
    // Notices to both apps: 100 days old and 10 days old.
    s.record_key_notices(&[notice(100, 1), notice(10, 2)])
        .await
        .unwrap();
    let delivered = finish_all(s, "forum", EventNext::Delivered).await;
    assert_eq!(delivered.len(), 3, "the decision and two notices");
    // A dead notice and a pending one, both old.
    s.record_key_notices(&[notice(100, 3)]).await.unwrap();
    let dead = finish_all(s, "forum", EventNext::Dead).await;
    assert_eq!(dead.len(), 1);
    s.record_key_notices(&[notice(100, 4)]).await.unwrap();
    let forum_before = event_ids(s, "forum").await;
    assert_eq!(forum_before.len(), 5);
    let two_months_ago = now() - Duration::days(60);
    let old_and_done: Vec<i64> = (s.list_webhook_events("forum", None, 100).await.unwrap())
        .into_iter()
        .filter(|e| e.item_id.is_none() && e.created_at < two_months_ago && e.status != "pending")
        .map(|e| e.id)
        .collect();
    assert_eq!(old_and_done.len(), 2, "the delivered and the dead one");

    // The default scope (90 days): forum's old delivered and dead notices
    // go; its pending one, its recent one and the decision's event stay;
    // chat, with a retention of its own, is left to its own scope.
    let chat_before = event_ids(s, "chat").await;
    let cutoff = now() - Duration::days(90);
    assert_eq!(s.delete_notices_before(None, cutoff, 500).await.unwrap(), 2);
    let forum_after = event_ids(s, "forum").await;
    let kept: Vec<i64> = forum_before
        .into_iter()
        .filter(|id| !old_and_done.contains(id))
        .collect();
    assert_eq!(forum_after, kept);
    assert_eq!(event_ids(s, "chat").await, chat_before);
    assert_eq!(chat_before.len(), 4);

    // Chat's own scope (7 days): its notices are all still pending, so
    // stay; once delivered, all four are past it, and go in batches as
    // small as asked.
    let week_ago = now() - Duration::days(7);
    let chat = Some("chat");
    assert_eq!(
        s.delete_notices_before(chat, week_ago, 500).await.unwrap(),
        0
    );
    assert_eq!(finish_all(s, "chat", EventNext::Delivered).await.len(), 4);
    assert_eq!(s.delete_notices_before(chat, week_ago, 1).await.unwrap(), 1);
    assert_eq!(
        s.delete_notices_before(chat, week_ago, 500).await.unwrap(),
        3
    );
    assert!(event_ids(s, "chat").await.is_empty());
    assert_eq!(event_ids(s, "forum").await, forum_after, "chat's only");

    // The decision's event goes with its item.
    assert_eq!(s.delete_items_before(None, cutoff, 500).await.unwrap(), 1);
    assert_eq!(event_ids(s, "forum").await.len(), 2);
}

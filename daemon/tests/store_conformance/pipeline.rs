//! Cases: human review, per-app settings, the webhook outbox, retention
//! and erasure.

use super::*;
use modd::store::{
    AppChange, DeliveryAttempt, EventNext, ReviewDecision, ReviewFilter, ReviewOutcome,
};
use modd_common::{ReviewVerdict, StorageMode};

pub(crate) fn review(item_id: i64, verdict: ReviewVerdict) -> ReviewDecision {
    ReviewDecision {
        item_id,
        verdict,
        reviewer: "key:7".into(),
        note: Some("checked by hand".into()),
        reason_code: Some("hate".into()),
        decided_at: now(),
    }
}

pub(crate) async fn flagged(
    store: &dyn Store,
    app: &str,
    ext: &str,
    scores: &[(&str, f64)],
) -> i64 {
    let id = insert_one(store, item(app, ext, "mail me at a@b.example")).await;
    let mut o = outcome(id, Verdict::Flagged);
    o.scores = scores.iter().map(|(c, s)| score(c, *s)).collect();
    let event = store
        .record_outcome(&o)
        .await
        .unwrap()
        .expect("pending, so decided");
    assert_eq!(
        (event.data.id, event.kind.as_str()),
        (id, "moderation.flagged")
    );
    id
}

pub(crate) async fn review_is_final_once_with_event_and_audit(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let id = flagged(store.as_ref(), "forum", "r1", &[("hate", 0.75)]).await;
    let events = store.list_webhook_events("forum", None, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, "flagged");

    let d = review(id, ReviewVerdict::Blocked);
    let ReviewOutcome::Decided(event) = store.record_review(&d).await.unwrap() else {
        panic!("a flagged item is decided");
    };
    // The event returned is the one written to the outbox.
    assert_eq!(event.kind, "moderation.decided");
    assert_eq!(event.data.id, id);
    assert_eq!(event.data.decided_by, "human");
    assert_eq!(event.data.reviewed_by.as_deref(), Some("key:7"));
    let written = store.list_webhook_events("forum", None, 10);
    assert!(written.await.unwrap().iter().any(|e| e.kind == "final"));
    let item = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Blocked);
    let decision = item.decision.unwrap();
    assert_eq!(decision.decided_by, "human");
    assert_eq!(decision.reviewed_by.as_deref(), Some("key:7"));
    assert_eq!(decision.review_note.as_deref(), Some("checked by hand"));
    assert_eq!(decision.review_reason.as_deref(), Some("hate"));
    assert_eq!(decision.reason.as_deref(), Some("profanity")); // the rule's reason stays
    assert_eq!(decision.decided_at, d.decided_at);

    // Final: a second review, or a review of an unflagged item, changes nothing.
    let again = review(id, ReviewVerdict::Approved);
    assert_eq!(
        store.record_review(&again).await.unwrap(),
        ReviewOutcome::NotFlagged
    );
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().status,
        ItemStatus::Blocked
    );
    assert_eq!(
        store
            .record_review(&review(id + 1000, ReviewVerdict::Approved))
            .await
            .unwrap(),
        ReviewOutcome::NotFound
    );

    let events = store.list_webhook_events("forum", None, 10).await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["final", "flagged"], "newest first, one of each");
    let audit = store.list_audit(10).await.unwrap();
    assert_eq!(audit[0].action, "review.decide");
    assert_eq!(audit[0].actor, "key:7");
    assert_eq!(audit[0].target, format!("item:{id}"));
    assert!(!audit[0].detail.to_string().contains("checked by hand"));
}

pub(crate) async fn concurrent_reviews_decide_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = flagged(store.as_ref(), "forum", "race", &[("hate", 0.8)]).await;
    let tasks: Vec<_> = (0..6)
        .map(|n| {
            let store = store.clone();
            let verdict = if n % 2 == 0 {
                ReviewVerdict::Approved
            } else {
                ReviewVerdict::Blocked
            };
            tokio::spawn(async move { store.record_review(&review(id, verdict)).await.unwrap() })
        })
        .collect();
    let mut decided = 0;
    for t in tasks {
        if matches!(t.await.unwrap(), ReviewOutcome::Decided(_)) {
            decided += 1;
        }
    }
    assert_eq!(decided, 1);
}

pub(crate) async fn list_flagged_filters_by_app_category_and_score(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let a = flagged(
        store.as_ref(),
        "forum",
        "a",
        &[("hate", 0.72), ("spam", 0.1)],
    )
    .await;
    let b = flagged(store.as_ref(), "forum", "b", &[("hate", 0.9)]).await;
    let c = flagged(store.as_ref(), "shop", "c", &[("spam", 0.8)]).await;
    let approved = insert_one(store.as_ref(), item("forum", "d", "t")).await;
    store
        .record_outcome(&outcome(approved, Verdict::Approved))
        .await
        .unwrap();
    let ids = |items: Vec<modd::store::StoredItem>| items.iter().map(|i| i.id).collect::<Vec<_>>();
    let f =
        |app: Option<&str>, cat: Option<&str>, min: Option<f64>, max: Option<f64>| ReviewFilter {
            source_app: app.map(Into::into),
            category: cat.map(Into::into),
            min_score: min,
            max_score: max,
            ..ReviewFilter::default()
        };
    assert_eq!(
        ids(store
            .list_flagged(&f(None, None, None, None))
            .await
            .unwrap()),
        [a, b, c]
    );
    assert_eq!(
        ids(store
            .list_flagged(&f(Some("forum"), None, None, None))
            .await
            .unwrap()),
        [a, b]
    );
    assert_eq!(
        ids(store
            .list_flagged(&f(None, Some("hate"), Some(0.8), None))
            .await
            .unwrap()),
        [b]
    );
    assert_eq!(
        ids(store
            .list_flagged(&f(None, Some("hate"), Some(0.7), Some(0.75)))
            .await
            .unwrap()),
        [a]
    );
    assert_eq!(
        ids(store
            .list_flagged(&f(None, None, Some(0.79), Some(0.81)))
            .await
            .unwrap()),
        [c]
    );
    assert_eq!(
        ids(store
            .list_flagged(&f(None, Some("spam"), Some(0.5), None))
            .await
            .unwrap()),
        [c]
    );
    let mut paged = f(None, None, None, None);
    paged.after_id = a;
    paged.up_to_id = Some(b);
    assert_eq!(ids(store.list_flagged(&paged).await.unwrap()), [b]);
    paged.after_id = 0;
    paged.limit = 1;
    assert_eq!(ids(store.list_flagged(&paged).await.unwrap()), [a]);
}

pub(crate) async fn outbox_gets_one_event_per_decision(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let id = insert_one(store.as_ref(), item("forum", "x", "t")).await;
    assert!(
        store
            .record_outcome(&outcome(id, Verdict::Approved))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .record_outcome(&outcome(id, Verdict::Blocked))
            .await
            .unwrap()
            .is_none()
    );
    let events = store.list_webhook_events("forum", None, 10).await.unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].kind.as_str(), events[0].status.as_str()),
        ("final", "pending")
    );
    assert!(events[0].webhook_id.starts_with("msg_"));
    // An app without a webhook gets no events.
    let other = insert_one(store.as_ref(), item("shop", "y", "t")).await;
    store
        .record_outcome(&outcome(other, Verdict::Blocked))
        .await
        .unwrap();
    assert!(
        store
            .list_webhook_events("shop", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

fn attempt(event_id: i64, webhook_id: &str, n: i64, status: Option<i64>) -> DeliveryAttempt {
    DeliveryAttempt {
        event_id: Some(event_id),
        webhook_id: webhook_id.into(),
        source_app: "forum".into(),
        attempt: n,
        attempted_at: now(),
        status_code: status,
        latency_ms: 3,
        error: status.filter(|s| *s >= 300).map(|s| format!("HTTP {s}")),
    }
}

/// The decision's trace context is stored with its outbox event and comes
/// back with the claim, so a delivery after a restart joins the trace.
pub(crate) async fn claimed_events_keep_the_decisions_trace(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let traced = insert_one(store.as_ref(), item("forum", "traced", "t")).await;
    let untraced = insert_one(store.as_ref(), item("forum", "untraced", "t")).await;
    let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let mut with_trace = outcome(traced, Verdict::Blocked);
    with_trace.trace = Some(parent.into());
    store.record_outcome(&with_trace).await.unwrap();
    store
        .record_outcome(&outcome(untraced, Verdict::Blocked))
        .await
        .unwrap();
    let t0 = now() + Duration::seconds(1);
    let claimed = store
        .claim_webhook_events(t0, t0 + Duration::seconds(60), 10)
        .await
        .unwrap();
    let trace_of = |item: i64| {
        claimed
            .iter()
            .find(|e| {
                serde_json::from_str::<serde_json::Value>(&e.body).unwrap()["data"]["id"] == item
            })
            .map(|e| e.traceparent.clone())
    };
    assert_eq!(trace_of(traced), Some(Some(parent.to_owned())));
    assert_eq!(trace_of(untraced), Some(None));
}

pub(crate) async fn claims_lease_retry_dead_letter_and_replay(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let id = insert_one(store.as_ref(), item("forum", "x", "t")).await;
    store
        .record_outcome(&outcome(id, Verdict::Blocked))
        .await
        .unwrap();
    let t0 = now() + Duration::seconds(1);
    let lease = t0 + Duration::seconds(60);
    let claimed = store.claim_webhook_events(t0, lease, 10).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let ev = &claimed[0];
    assert_eq!(ev.attempts, 0);
    let body: serde_json::Value = serde_json::from_str(&ev.body).unwrap();
    assert_eq!(body["type"], "moderation.decided");
    assert_eq!(body["data"]["id"], id);
    assert!(!ev.body.contains("\"t\""), "no content in events");
    // Leased: nobody else gets it until the lease ends.
    assert!(
        store
            .claim_webhook_events(t0, lease, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let after_lease = lease + Duration::seconds(1);
    let again = store
        .claim_webhook_events(after_lease, after_lease + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(again[0].webhook_id, ev.webhook_id);

    // A failed attempt schedules a retry; not due before then.
    let retry_at = after_lease + Duration::seconds(30);
    store
        .finish_webhook_attempt(
            &attempt(ev.id, &ev.webhook_id, 1, Some(500)),
            EventNext::RetryAt(retry_at),
        )
        .await
        .unwrap();
    assert!(
        store
            .claim_webhook_events(after_lease, retry_at, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let due = store
        .claim_webhook_events(retry_at, retry_at + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(due[0].attempts, 1);
    store
        .finish_webhook_attempt(&attempt(ev.id, &ev.webhook_id, 2, None), EventNext::Dead)
        .await
        .unwrap();
    let far = retry_at + Duration::days(2);
    assert!(
        store
            .claim_webhook_events(far, far, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let dead = store
        .list_webhook_events("forum", Some("dead"), 10)
        .await
        .unwrap();
    assert_eq!((dead.len(), dead[0].attempts), (1, 2));

    // Replay puts it back with a fresh count and the same webhook id.
    assert_eq!(
        store
            .replay_webhook_events("forum", Some(dead[0].id + 99), far)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        store
            .replay_webhook_events("forum", None, far)
            .await
            .unwrap(),
        1
    );
    let back = store
        .claim_webhook_events(far, far + Duration::seconds(60), 10)
        .await
        .unwrap();
    assert_eq!(
        (back[0].webhook_id.as_str(), back[0].attempts),
        (ev.webhook_id.as_str(), 0)
    );
    store
        .finish_webhook_attempt(
            &attempt(ev.id, &ev.webhook_id, 1, Some(204)),
            EventNext::Delivered,
        )
        .await
        .unwrap();
    // Delivered is final: a late failure report from a replica whose lease ran out changes nothing.
    store
        .finish_webhook_attempt(
            &attempt(ev.id, &ev.webhook_id, 2, Some(500)),
            EventNext::Dead,
        )
        .await
        .unwrap();
    let done = store.list_webhook_events("forum", None, 10).await.unwrap();
    assert_eq!(done[0].status, "delivered");
    assert!(done[0].delivered_at.is_some());
    let log = store.list_deliveries("forum", 10).await.unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[0].attempt.status_code, Some(500), "newest first");
}

pub(crate) async fn concurrent_claims_never_share_an_event(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let batch: Vec<NewItem> = (0..40)
        .map(|n| item("forum", &format!("e{n}"), "t"))
        .collect();
    for ins in store.insert_items(&batch).await.unwrap() {
        store
            .record_outcome(&outcome(ins.item.id, Verdict::Approved))
            .await
            .unwrap();
    }
    let t = now() + Duration::seconds(1);
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let got = store
                        .claim_webhook_events(t, t + Duration::seconds(60), 3)
                        .await
                        .unwrap();
                    if got.is_empty() {
                        break mine;
                    }
                    mine.extend(got.into_iter().map(|e| e.id));
                }
            })
        })
        .collect();
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.unwrap());
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!((n, all.len()), (40, 40));
}

pub(crate) async fn storage_modes_apply_at_the_final_decision(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let set = |mode| AppChange {
        storage_mode: Some(mode),
        ..AppChange::default()
    };
    store
        .put_app("none", &set(StorageMode::None), now())
        .await
        .unwrap();
    store
        .put_app("masked", &set(StorageMode::Redacted), now())
        .await
        .unwrap();
    let text = "call +44 20 7946 0958 or mail jo@example.org";
    let mut with_image = item("none", "1", text);
    with_image.image_url = Some("https://img.example/1.png".into());
    let a = insert_one(store.as_ref(), with_image).await;
    let b = insert_one(store.as_ref(), item("masked", "1", text)).await;
    let c = insert_one(store.as_ref(), item("plain", "1", text)).await;
    let d = insert_one(store.as_ref(), item("none", "2", text)).await;
    for id in [a, b, c] {
        store
            .record_outcome(&outcome(id, Verdict::Approved))
            .await
            .unwrap();
    }
    store
        .record_outcome(&outcome(d, Verdict::Flagged))
        .await
        .unwrap();
    let get = |id| {
        let store = store.clone();
        async move { store.get_item(id).await.unwrap().unwrap() }
    };
    let none = get(a).await;
    assert_eq!((none.text, none.image_url), (None, None));
    assert_eq!(
        get(b).await.text.as_deref(),
        Some("call [phone] or mail [email]")
    );
    assert_eq!(get(c).await.text.as_deref(), Some(text));
    // Flagged keeps the text for the reviewer, until the review.
    assert_eq!(get(d).await.text.as_deref(), Some(text));
    store
        .record_review(&review(d, ReviewVerdict::Approved))
        .await
        .unwrap();
    assert_eq!(get(d).await.text, None);
    assert_eq!(store.item_scores(d).await.unwrap().len(), 2, "scores stay");
}

pub(crate) async fn put_app_keeps_unchanged_fields(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert!(store.get_app("forum").await.unwrap().is_none());
    hooked(store.as_ref(), "forum").await;
    let change = AppChange {
        retention_days: Some(Some(7)),
        ..AppChange::default()
    };
    let app = store.put_app("forum", &change, now()).await.unwrap();
    assert_eq!(
        app.webhook_url.as_deref(),
        Some("https://hooks.example/modd")
    );
    assert_eq!(app.retention_days, Some(7));
    let rotate = AppChange {
        webhook_secret: Some(Some("v1.new".into())),
        previous_until: Some(now() + Duration::hours(24)),
        ..AppChange::default()
    };
    let app = store.put_app("forum", &rotate, now()).await.unwrap();
    assert_eq!(app.webhook_secret.as_deref(), Some("v1.new"));
    assert_eq!(app.previous_secret.as_deref(), Some("v1.sealed"));
    let clear = AppChange {
        webhook_url: Some(None),
        retention_days: Some(None),
        ..AppChange::default()
    };
    let app = store.put_app("forum", &clear, now()).await.unwrap();
    assert_eq!((app.webhook_url, app.retention_days), (None, None));
    assert_eq!(
        store
            .get_app("forum")
            .await
            .unwrap()
            .unwrap()
            .webhook_secret
            .as_deref(),
        Some("v1.new")
    );
    let bad = AppChange {
        retention_days: Some(Some(0)),
        ..AppChange::default()
    };
    assert!(matches!(
        store.put_app("forum", &bad, now()).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.list_apps().await.unwrap().len(), 1);
}

pub(crate) async fn retention_deletes_only_expired_items(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let days = |n| now() - Duration::days(n);
    let aged = |app: &str, ext: &str, age: i64| {
        let mut i = item(app, ext, "t");
        i.created_at = days(age);
        i
    };
    store
        .put_app(
            "short",
            &AppChange {
                retention_days: Some(Some(7)),
                ..AppChange::default()
            },
            now(),
        )
        .await
        .unwrap();
    let ids: Vec<i64> = store
        .insert_items(&[
            aged("forum", "old", 100),
            aged("forum", "young", 80),
            aged("short", "old", 8),
            aged("short", "young", 6),
        ])
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.item.id)
        .collect();
    store
        .record_outcome(&outcome(ids[0], Verdict::Approved))
        .await
        .unwrap();
    // Default retention (90 days) covers apps without an override only.
    assert_eq!(
        store
            .delete_items_before(None, days(90), 100)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .delete_items_before(Some("short"), days(7), 100)
            .await
            .unwrap(),
        1
    );
    let left: Vec<String> = {
        let mut v = Vec::new();
        for id in &ids {
            if let Some(i) = store.get_item(*id).await.unwrap() {
                v.push(format!("{}/{}", i.source_app, i.external_id));
            }
        }
        v
    };
    assert_eq!(left, ["forum/young", "short/young"]);
    assert!(
        store.item_scores(ids[0]).await.unwrap().is_empty(),
        "scores cascade"
    );
    // Batches: the limit bounds one statement.
    let many: Vec<NewItem> = (0..5).map(|n| aged("bulk", &format!("{n}"), 200)).collect();
    store.insert_items(&many).await.unwrap();
    assert_eq!(
        store.delete_items_before(None, days(90), 2).await.unwrap(),
        2
    );
    assert_eq!(
        store.delete_items_before(None, days(90), 10).await.unwrap(),
        3
    );
}

pub(crate) async fn erase_removes_the_item_and_audits_without_content(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let id = insert_one(store.as_ref(), item("forum", "gone", "secret words")).await;
    store
        .record_outcome(&outcome(id, Verdict::Blocked))
        .await
        .unwrap();
    let erased = store
        .erase_item("forum", "gone", "key:3", now())
        .await
        .unwrap();
    assert_eq!(erased, Some(id));
    assert!(store.get_item(id).await.unwrap().is_none());
    assert!(store.item_scores(id).await.unwrap().is_empty());
    assert!(
        store
            .list_webhook_events("forum", None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store
            .erase_item("forum", "gone", "key:3", now())
            .await
            .unwrap(),
        None
    );
    let audit = store.list_audit(5).await.unwrap();
    assert_eq!(
        audit.len(),
        1,
        "one entry: only the erasure that found something"
    );
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor.as_str()),
        ("content.erase", "key:3")
    );
    assert!(!audit[0].detail.to_string().contains("secret words"));
}

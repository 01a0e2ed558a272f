//! Cases: appeals of decided items: submitted once and only for a final
//! decision, decided once (upheld or overturned) with the outcome event and
//! the audit entry, the statement kept per the app's storage mode.

use super::*;
use crate::pipeline::{flagged, review};
use modd::store::{
    AppChange, AppealDecided, AppealDecision, AppealFilter, AppealSubmitted, NewAppeal,
    ReviewOutcome,
};
use modd_common::{AppealOutcome, ReviewVerdict, StorageMode};

const STATEMENT: &str = "It was a quote; write to jo@example.org";

fn appeal(item_id: i64) -> NewAppeal {
    NewAppeal {
        item_id,
        statement: STATEMENT.into(),
        submitted_by: "key:3".into(),
        created_at: now(),
    }
}

fn decision(item_id: i64, outcome: AppealOutcome) -> AppealDecision {
    AppealDecision {
        item_id,
        outcome,
        decider: "key:8 (bob)".into(),
        note: Some("read the thread".into()),
        reason_code: Some("acceptable".into()),
        decided_at: now(),
    }
}

/// An item of `app` a rule decided with `verdict`.
async fn decided(store: &dyn Store, app: &str, ext: &str, verdict: Verdict) -> i64 {
    let id = insert_one(store, item(app, ext, STATEMENT)).await;
    store.record_outcome(&outcome(id, verdict)).await.unwrap();
    id
}

/// An item of `app` that `key:7` blocked on review.
async fn reviewed(store: &dyn Store, app: &str, ext: &str) -> i64 {
    let id = flagged(store, app, ext, &[("hate", 0.7)]).await;
    let done = store
        .record_review(&review(id, ReviewVerdict::Blocked))
        .await;
    assert!(matches!(done.unwrap(), ReviewOutcome::Decided(_)));
    id
}

async fn submitted(store: &dyn Store, id: i64) -> modd::store::AppealRecord {
    match store.submit_appeal(&appeal(id)).await.unwrap() {
        AppealSubmitted::Created(record) => *record,
        other => panic!("item {id} can be appealed: {other:?}"),
    }
}

pub(crate) async fn appeals_are_submitted_once_for_final_decisions(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let s = store.as_ref();
    let pending = insert_one(s, item("forum", "p", "t")).await;
    let waiting = flagged(s, "forum", "f", &[("hate", 0.7)]).await;
    assert_eq!(
        s.submit_appeal(&appeal(pending)).await.unwrap(),
        AppealSubmitted::NotDecided(ItemStatus::Pending)
    );
    assert_eq!(
        s.submit_appeal(&appeal(waiting)).await.unwrap(),
        AppealSubmitted::NotDecided(ItemStatus::Flagged)
    );
    assert_eq!(
        s.submit_appeal(&appeal(pending + 1000)).await.unwrap(),
        AppealSubmitted::NotFound
    );

    let by_rule = decided(s, "forum", "a", Verdict::Approved).await;
    let record = submitted(s, by_rule).await;
    assert_eq!(record.item_id, by_rule);
    assert_eq!(
        (record.source_app.as_str(), record.external_id.as_str()),
        ("forum", "a")
    );
    assert_eq!(record.original_status, ItemStatus::Approved);
    assert_eq!(record.item_status, ItemStatus::Approved);
    assert_eq!(record.original_reviewed_by, None, "a rule decided it");
    assert_eq!(record.statement.as_deref(), Some(STATEMENT));
    assert_eq!(record.submitted_by, "key:3");
    assert_eq!(record.outcome, None);
    assert_eq!(s.get_appeal(by_rule).await.unwrap(), Some(record.clone()));
    assert_eq!(
        s.submit_appeal(&appeal(by_rule)).await.unwrap(),
        AppealSubmitted::AlreadyAppealed,
        "one appeal per item"
    );
    let audit = s.list_audit(5).await.unwrap();
    assert_eq!(audit[0].action, "appeal.submit");
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].target.clone()),
        ("key:3", format!("item:{by_rule}"))
    );
    assert!(
        !audit[0].detail.to_string().contains("quote"),
        "no statement in the audit log"
    );

    let by_person = reviewed(s, "shop", "b").await;
    let record = submitted(s, by_person).await;
    assert_eq!(record.original_status, ItemStatus::Blocked);
    assert_eq!(record.original_reviewed_by.as_deref(), Some("key:7"));

    // The queue: open appeals, oldest item first, by app, in pages.
    let list = |f: AppealFilter| async move { s.list_appeals(&f).await.unwrap() };
    let ids = |v: Vec<modd::store::AppealRecord>| v.iter().map(|a| a.item_id).collect::<Vec<_>>();
    assert_eq!(
        ids(list(AppealFilter::default()).await),
        [by_rule, by_person]
    );
    let shop = AppealFilter {
        source_app: Some("shop".into()),
        ..AppealFilter::default()
    };
    assert_eq!(ids(list(shop).await), [by_person]);
    let page = AppealFilter {
        after_id: by_rule,
        limit: 1,
        ..AppealFilter::default()
    };
    assert_eq!(ids(list(page).await), [by_person]);
    let done = AppealFilter {
        decided: true,
        ..AppealFilter::default()
    };
    assert!(list(done).await.is_empty());

    // Deleting the item deletes its appeal.
    let erased = s.erase_item("forum", "a", "modctl", now()).await.unwrap();
    assert_eq!(erased, Some(by_rule));
    assert_eq!(s.get_appeal(by_rule).await.unwrap(), None);
}

pub(crate) async fn appeal_decisions_overturn_or_uphold_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let s = store.as_ref();
    hooked(s, "forum").await;
    let over = reviewed(s, "forum", "o").await;
    let kept = reviewed(s, "forum", "k").await;
    submitted(s, over).await;
    submitted(s, kept).await;

    // Overturned: the item is approved now, by the appeal's reviewer.
    let d = decision(over, AppealOutcome::Overturned);
    let AppealDecided::Decided(event) = s.decide_appeal(&d).await.unwrap() else {
        panic!("an open appeal is decided");
    };
    assert_eq!(event.kind, "moderation.appeal_decided");
    assert_eq!(event.data.id, over);
    assert_eq!(event.data.status, ItemStatus::Approved);
    assert_eq!(event.data.verdict, Verdict::Approved);
    assert_eq!(event.data.reviewed_by.as_deref(), Some("key:8 (bob)"));
    let a = event.data.appeal.as_ref().expect("appeal data");
    assert_eq!(
        (a.outcome, a.previous_status),
        (AppealOutcome::Overturned, ItemStatus::Blocked)
    );
    assert_eq!(
        (a.decided_by.as_str(), a.reason_code.as_deref()),
        ("key:8 (bob)", Some("acceptable"))
    );
    assert!(
        !event.to_json().contains("quote"),
        "no statement in the event"
    );
    let item = s.get_item(over).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Approved);
    let dv = item.decision.unwrap();
    assert_eq!(dv.reviewed_by.as_deref(), Some("key:8 (bob)"));
    assert_eq!(dv.review_reason.as_deref(), Some("acceptable"));
    let record = s.get_appeal(over).await.unwrap().unwrap();
    assert_eq!(record.outcome, Some(AppealOutcome::Overturned));
    assert_eq!(record.item_status, ItemStatus::Approved);
    assert_eq!(
        record.original_status,
        ItemStatus::Blocked,
        "what it was against stays"
    );
    assert_eq!(record.original_reviewed_by.as_deref(), Some("key:7"));
    assert_eq!(
        (record.decided_by.as_deref(), record.decided_at),
        (Some("key:8 (bob)"), Some(d.decided_at))
    );
    assert_eq!(record.note.as_deref(), Some("read the thread"));
    assert_eq!(
        s.decide_appeal(&decision(over, AppealOutcome::Upheld))
            .await
            .unwrap(),
        AppealDecided::AlreadyDecided
    );
    assert_eq!(
        s.get_item(over).await.unwrap().unwrap().status,
        ItemStatus::Approved
    );

    // Upheld: nothing about the item changes; the event says so.
    let AppealDecided::Decided(event) = s
        .decide_appeal(&decision(kept, AppealOutcome::Upheld))
        .await
        .unwrap()
    else {
        panic!("an open appeal is decided");
    };
    assert_eq!(event.data.status, ItemStatus::Blocked);
    assert_eq!(
        event.data.reviewed_by.as_deref(),
        Some("key:7"),
        "the decision that stands"
    );
    assert_eq!(event.data.appeal.unwrap().outcome, AppealOutcome::Upheld);
    let item = s.get_item(kept).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Blocked);
    assert_eq!(item.decision.unwrap().reviewed_by.as_deref(), Some("key:7"));
    assert_eq!(
        s.decide_appeal(&decision(kept + 1000, AppealOutcome::Upheld))
            .await
            .unwrap(),
        AppealDecided::NotFound
    );

    // One outcome event per appeal in the outbox; audited without the note.
    let events = s.list_webhook_events("forum", None, 20).await.unwrap();
    let appeals: Vec<_> = events.iter().filter(|e| e.kind == "appeal").collect();
    assert_eq!(appeals.len(), 2);
    assert!(appeals.iter().all(|e| e.status == "pending"));
    let audit = s.list_audit(5).await.unwrap();
    assert_eq!(audit[0].action, "appeal.decide");
    assert_eq!(audit[0].actor, "key:8 (bob)");
    assert_eq!(audit[0].detail["outcome"], "upheld");
    assert_eq!(audit[1].detail["from"], "blocked");
    assert_eq!(audit[1].detail["to"], "approved");
    assert!(!audit[1].detail.to_string().contains("thread"));
    let done = AppealFilter {
        decided: true,
        ..AppealFilter::default()
    };
    assert_eq!(s.list_appeals(&done).await.unwrap().len(), 2);
    assert!(
        s.list_appeals(&AppealFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}

pub(crate) async fn appeal_statements_follow_the_storage_mode(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let s = store.as_ref();
    for (app, mode) in [
        ("none", StorageMode::None),
        ("masked", StorageMode::Redacted),
    ] {
        let change = AppChange {
            storage_mode: Some(mode),
            ..AppChange::default()
        };
        s.put_app(app, &change, now()).await.unwrap();
    }
    let mut ids = Vec::new();
    for app in ["none", "masked", "plain"] {
        let id = decided(s, app, "1", Verdict::Blocked).await;
        // Kept while open: the reviewer reads it.
        assert_eq!(submitted(s, id).await.statement.as_deref(), Some(STATEMENT));
        s.decide_appeal(&decision(id, AppealOutcome::Overturned))
            .await
            .unwrap();
        ids.push(id);
    }
    let statement = |id| async move { s.get_appeal(id).await.unwrap().unwrap().statement };
    assert_eq!(statement(ids[0]).await, None);
    assert_eq!(
        statement(ids[1]).await.as_deref(),
        Some("It was a quote; write to [email]")
    );
    assert_eq!(statement(ids[2]).await.as_deref(), Some(STATEMENT));
}

pub(crate) async fn concurrent_appeal_decisions_decide_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = decided(store.as_ref(), "forum", "race", Verdict::Blocked).await;
    submitted(store.as_ref(), id).await;
    let tasks: Vec<_> = [AppealOutcome::Overturned, AppealOutcome::Upheld]
        .into_iter()
        .cycle()
        .take(6)
        .map(|o| {
            let store = store.clone();
            tokio::spawn(async move { store.decide_appeal(&decision(id, o)).await.unwrap() })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            AppealDecided::Decided(_) => won += 1,
            AppealDecided::AlreadyDecided => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(won, 1);
    let audit = store.list_audit(20).await.unwrap();
    assert_eq!(
        audit.iter().filter(|e| e.action == "appeal.decide").count(),
        1
    );
}

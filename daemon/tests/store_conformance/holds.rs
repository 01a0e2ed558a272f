//! Cases: each app's reason codes, and console decisions held for an undo
//! window (committed once, or undone without an outbox event).

use super::*;
use crate::pipeline::{flagged, review};
use modd::store::{HoldOutcome, ReasonCodesChange, ReviewHold, ReviewOutcome, UndoOutcome};
use modd_common::{ReasonCode, ReviewVerdict};

const ALICE: &str = "key:1 (alice)";
const BOB: &str = "key:2 (bob)";

fn change(app: &str, codes: Option<&[(&str, &str)]>) -> ReasonCodesChange {
    ReasonCodesChange {
        source_app: app.into(),
        codes: codes.map(|c| c.iter().map(|(c, l)| ReasonCode::new(c, l)).collect()),
        actor: "key:9 (admin)".into(),
        at: now(),
    }
}

pub(crate) async fn reason_codes_are_per_app_replaced_and_reset(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert_eq!(store.reason_codes("forum").await.unwrap(), None);

    let two: &[(&str, &str)] = &[("scam", "Scam or fraud"), ("spam", "Spam — ads")];
    store
        .set_reason_codes(&change("forum", Some(two)))
        .await
        .unwrap();
    let codes = store.reason_codes("forum").await.unwrap().unwrap();
    assert_eq!(
        codes,
        [
            ReasonCode::new("scam", "Scam or fraud"),
            ReasonCode::new("spam", "Spam — ads")
        ]
    );
    assert_eq!(store.reason_codes("shop").await.unwrap(), None);

    // Replaced as a whole, in the new order; then back to the built-in list.
    let one: &[(&str, &str)] = &[("spam", "Spam")];
    store
        .set_reason_codes(&change("forum", Some(one)))
        .await
        .unwrap();
    assert_eq!(
        store.reason_codes("forum").await.unwrap().unwrap(),
        [ReasonCode::new("spam", "Spam")]
    );
    store
        .set_reason_codes(&change("forum", None))
        .await
        .unwrap();
    assert_eq!(store.reason_codes("forum").await.unwrap(), None);

    // Every change is audited with the list it set.
    let audit = store.list_audit(10).await.unwrap();
    let changes: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "app.reason_codes" && e.target == "app:forum")
        .collect();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[0].detail["codes"], serde_json::Value::Null);
    assert_eq!(changes[1].detail["codes"][0]["code"], "spam");

    // What no backend can store is refused and changes nothing.
    let nul: &[(&str, &str)] = &[("spam", "a\0b")];
    let err = store.set_reason_codes(&change("forum", Some(nul))).await;
    assert!(matches!(err, Err(StoreError::Invalid(_))), "{err:?}");
    assert_eq!(store.reason_codes("forum").await.unwrap(), None);
}

fn hold(item_id: i64, reviewer: &str, at: DateTime<Utc>) -> ReviewHold {
    let mut decision = review(item_id, ReviewVerdict::Blocked);
    decision.reviewer = reviewer.into();
    decision.decided_at = at;
    ReviewHold {
        decision,
        commit_at: at + Duration::seconds(10),
    }
}

/// Alice's decision on `id`, held now with her claim for five minutes.
pub(crate) async fn held_now(store: &dyn Store, id: i64) -> ReviewHold {
    let t0 = now();
    let held = hold(id, ALICE, t0);
    let claim_until = t0 + Duration::minutes(5);
    let outcome = store.hold_review(&held, claim_until).await.unwrap();
    assert_eq!(outcome, HoldOutcome::Held);
    held
}

async fn final_events(url: &str, id: i64) -> i64 {
    testing::query_i64(
        url,
        &format!("SELECT COUNT(*) FROM webhook_events WHERE item_id = {id} AND kind = 'final'"),
    )
    .await
}

async fn status(store: &dyn Store, id: i64) -> ItemStatus {
    store.get_item(id).await.unwrap().unwrap().status
}

pub(crate) async fn held_reviews_commit_once_or_undo_without_an_event(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    let (store, url) = (ctx.store.clone(), ctx.url.as_str());
    hooked(store.as_ref(), "forum").await;
    let a = flagged(store.as_ref(), "forum", "a", &[("hate", 0.8)]).await;
    let b = flagged(store.as_ref(), "forum", "b", &[("hate", 0.8)]).await;
    let t0 = now();
    let claim_until = t0 + Duration::minutes(5);

    // Alice's decision on A is held: nothing is recorded, the item stays
    // flagged and hers; Bob can neither hold nor record one on it.
    let held = hold(a, ALICE, t0);
    let outcome = store.hold_review(&held, claim_until).await.unwrap();
    assert_eq!(outcome, HoldOutcome::Held);
    assert_eq!(status(store.as_ref(), a).await, ItemStatus::Flagged);
    assert_eq!(final_events(url, a).await, 0);
    let claims = store.live_claims(t0).await.unwrap();
    assert_eq!((claims[0].item_id, claims[0].holder.as_str()), (a, ALICE));
    assert_eq!(claims[0].claimed_until, claim_until);
    let refused = store
        .hold_review(&hold(a, BOB, t0), claim_until)
        .await
        .unwrap();
    assert!(
        matches!(refused, HoldOutcome::Refused(ReviewOutcome::Claimed(_))),
        "{refused:?}"
    );
    let mut by_bob = review(a, ReviewVerdict::Approved);
    by_bob.reviewer = BOB.into();
    assert!(matches!(
        store.record_review(&by_bob).await.unwrap(),
        ReviewOutcome::Claimed(_)
    ));
    // A second decision by Alice while the first is held is refused.
    let again = store.hold_review(&held, claim_until).await.unwrap();
    assert_eq!(again, HoldOutcome::Refused(ReviewOutcome::NotFlagged));
    assert_eq!(
        store.review_holds(ALICE).await.unwrap(),
        std::slice::from_ref(&held)
    );
    assert!(store.review_holds(BOB).await.unwrap().is_empty());

    // Only Alice can undo it, and only within the window.
    let t5 = t0 + Duration::seconds(5);
    assert_eq!(
        store.undo_review(a, BOB, t5).await.unwrap(),
        UndoOutcome::NotHeld
    );
    assert_eq!(
        store.undo_review(a, ALICE, t5).await.unwrap(),
        UndoOutcome::Undone(held.clone())
    );
    assert_eq!(
        store.undo_review(a, ALICE, t5).await.unwrap(),
        UndoOutcome::NotHeld
    );
    assert_eq!(status(store.as_ref(), a).await, ItemStatus::Flagged);
    let t11 = t0 + Duration::seconds(11);
    assert!(store.due_review_holds(t11, 10).await.unwrap().is_empty());
    assert_eq!(store.commit_review_hold(a, t11).await.unwrap(), None);
    assert_eq!(
        final_events(url, a).await,
        0,
        "an undone decision sends nothing"
    );
    let audit = store.list_audit(20).await.unwrap();
    let on_a: Vec<&str> = audit
        .iter()
        .filter(|e| e.target == format!("item:{a}"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(on_a, ["review.undo", "review.hold"]);

    // B is held, then committed when due: once, as a review, with its event.
    let held = hold(b, ALICE, t0);
    assert_eq!(
        store.hold_review(&held, claim_until).await.unwrap(),
        HoldOutcome::Held
    );
    assert!(store.due_review_holds(t5, 10).await.unwrap().is_empty());
    assert_eq!(
        store.commit_review_hold(b, t5).await.unwrap(),
        None,
        "not due"
    );
    assert_eq!(
        store.undo_review(b, ALICE, t11).await.unwrap(),
        UndoOutcome::TooLate
    );
    assert_eq!(store.due_review_holds(t11, 10).await.unwrap(), [b]);
    let committed = store.commit_review_hold(b, t11).await.unwrap();
    assert!(
        matches!(committed, Some(ReviewOutcome::Decided(_))),
        "{committed:?}"
    );
    assert_eq!(store.commit_review_hold(b, t11).await.unwrap(), None);
    assert_eq!(status(store.as_ref(), b).await, ItemStatus::Blocked);
    assert_eq!(final_events(url, b).await, 1);
    let decision = store.get_item(b).await.unwrap().unwrap().decision.unwrap();
    assert_eq!(decision.reviewed_by.as_deref(), Some(ALICE));
    assert_eq!(decision.review_reason.as_deref(), Some("hate"));
    assert_eq!(
        store.undo_review(b, ALICE, t11).await.unwrap(),
        UndoOutcome::TooLate
    );
    assert!(store.review_holds(ALICE).await.unwrap().is_empty());
    let claims = store.live_claims(t0).await.unwrap();
    assert!(
        claims.iter().all(|c| c.item_id != b),
        "the decision ends the claim"
    );
    // The undone item stays Alice's, to decide again.
    assert!(claims.iter().any(|c| c.item_id == a && c.holder == ALICE));
    let audit = store.list_audit(20).await.unwrap();
    let on_b: Vec<&str> = audit
        .iter()
        .filter(|e| e.target == format!("item:{b}"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(on_b, ["review.decide", "review.hold"]);
}

pub(crate) async fn undo_and_commit_race_to_exactly_one(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    let (store, url) = (ctx.store.clone(), ctx.url.clone());
    hooked(store.as_ref(), "forum").await;
    for round in 0..8 {
        let id = flagged(
            store.as_ref(),
            "forum",
            &format!("race-{round}"),
            &[("hate", 0.8)],
        )
        .await;
        let held = held_now(store.as_ref(), id).await;
        // Both are told it is their moment: the undo just before the
        // window ends, the committer just after.
        let before = held.commit_at - Duration::microseconds(1);
        let (undone, committed) = tokio::join!(
            store.undo_review(id, ALICE, before),
            store.commit_review_hold(id, held.commit_at),
        );
        let undone = matches!(undone.unwrap(), UndoOutcome::Undone(_));
        let committed = matches!(committed.unwrap(), Some(ReviewOutcome::Decided(_)));
        assert!(
            undone != committed,
            "round {round}: undone {undone}, committed {committed}"
        );
        let expected = if committed {
            ItemStatus::Blocked
        } else {
            ItemStatus::Flagged
        };
        assert_eq!(status(store.as_ref(), id).await, expected);
        assert_eq!(final_events(&url, id).await, i64::from(committed));
    }
}

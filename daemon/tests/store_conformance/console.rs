//! Cases: the review console's sessions and claims, and the queue filters
//! it adds (language, age).

use super::*;
use crate::pipeline::{flagged, review};
use modd::store::{NewSession, ReviewFilter, ReviewOutcome};
use modd_common::ReviewVerdict;

async fn a_key(store: &dyn Store) -> i64 {
    store.insert_key(&key("moderator", 0x51)).await.unwrap().id
}

fn session(key_id: i64, id: u8, at: DateTime<Utc>) -> NewSession {
    NewSession {
        id_hash: vec![id; 32],
        key_id,
        csrf_token: format!("csrf-{id}"),
        created_at: at,
        expires_at: at + Duration::hours(12),
    }
}

pub(crate) async fn console_sessions_end_when_idle_expired_or_signed_out(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    let store = ctx.store.clone();
    let key_id = a_key(store.as_ref()).await;
    let t0 = now();
    store.create_session(&session(key_id, 1, t0)).await.unwrap();
    let idle = Duration::minutes(30);

    // Live: found, with its key and token, and its idle clock moves.
    let at = t0 + Duration::minutes(20);
    let s = store
        .touch_session(&[1; 32], at, at - idle)
        .await
        .unwrap()
        .expect("live session");
    assert_eq!((s.key_id, s.csrf_token.as_str()), (key_id, "csrf-1"));
    assert_eq!(s.expires_at, t0 + Duration::hours(12));
    // 20 + 25 minutes after sign-in: idle only 25 minutes, still live.
    let at = t0 + Duration::minutes(45);
    assert!(
        store
            .touch_session(&[1; 32], at, at - idle)
            .await
            .unwrap()
            .is_some()
    );
    // Idle longer than the limit: gone.
    let at = t0 + Duration::minutes(80);
    assert!(
        store
            .touch_session(&[1; 32], at, at - idle)
            .await
            .unwrap()
            .is_none()
    );

    // Absolute expiry, however active.
    store.create_session(&session(key_id, 2, t0)).await.unwrap();
    for minutes in (20..12 * 60).step_by(20) {
        let at = t0 + Duration::minutes(minutes);
        assert!(
            store
                .touch_session(&[2; 32], at, at - idle)
                .await
                .unwrap()
                .is_some()
        );
    }
    let at = t0 + Duration::hours(12);
    assert!(
        store
            .touch_session(&[2; 32], at, at - idle)
            .await
            .unwrap()
            .is_none()
    );

    // Sign-out ends it at once, once; an unknown id is not a session.
    store.create_session(&session(key_id, 3, t0)).await.unwrap();
    assert!(store.end_session(&[3; 32]).await.unwrap());
    assert!(!store.end_session(&[3; 32]).await.unwrap());
    assert!(
        store
            .touch_session(&[3; 32], t0, t0 - idle)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .touch_session(&[9; 32], t0, t0 - idle)
            .await
            .unwrap()
            .is_none()
    );

    // A new sign-in forgets sessions past their absolute expiry.
    let later = t0 + Duration::hours(13);
    store
        .create_session(&session(key_id, 4, later))
        .await
        .unwrap();
    let left = testing::query_i64(&ctx.url, "SELECT COUNT(*) FROM console_sessions").await;
    assert_eq!(
        left, 1,
        "1 and 2 are past their expiry, 3 ended: only 4 is left"
    );
}

pub(crate) async fn claims_block_other_reviewers_until_they_expire(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = flagged(store.as_ref(), "forum", "c1", &[("hate", 0.8)]).await;
    let t0 = now();
    let five = Duration::minutes(5);

    // Alice claims; Bob sees her claim and cannot take it or decide.
    let claim = store
        .claim_item(id, "key:1 (alice)", t0, t0 + five)
        .await
        .unwrap();
    let claim = claim.expect("a flagged item can be claimed");
    assert_eq!(
        (claim.item_id, claim.holder.as_str()),
        (id, "key:1 (alice)")
    );
    let bobs = store
        .claim_item(id, "key:2 (bob)", t0, t0 + five)
        .await
        .unwrap();
    assert_eq!(bobs.unwrap().holder, "key:1 (alice)");
    let mut by_bob = review(id, ReviewVerdict::Approved);
    by_bob.reviewer = "key:2 (bob)".into();
    match store.record_review(&by_bob).await.unwrap() {
        ReviewOutcome::Claimed(c) => assert_eq!(c.holder, "key:1 (alice)"),
        other => panic!("bob decided a claimed item: {other:?}"),
    }
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );
    let live = store.live_claims(t0).await.unwrap();
    assert_eq!(live.len(), 1);

    // Alice renews her own claim; once it lapses, Bob may take the item.
    let renewed = store
        .claim_item(id, "key:1 (alice)", t0, t0 + five * 2)
        .await
        .unwrap();
    assert_eq!(renewed.unwrap().claimed_until, t0 + five * 2);
    let later = t0 + five * 3;
    assert!(store.live_claims(later).await.unwrap().is_empty());
    let taken = store
        .claim_item(id, "key:2 (bob)", later, later + five)
        .await
        .unwrap();
    assert_eq!(taken.unwrap().holder, "key:2 (bob)");

    // Bob's decision goes through (his own claim) and clears the claim.
    by_bob.decided_at = later;
    assert!(matches!(
        store.record_review(&by_bob).await.unwrap(),
        ReviewOutcome::Decided(_)
    ));
    assert!(store.live_claims(later).await.unwrap().is_empty());
    // A decided (or missing) item cannot be claimed.
    assert!(
        store
            .claim_item(id, "key:1 (alice)", later, later + five)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .claim_item(id + 999, "key:1 (alice)", later, later + five)
            .await
            .unwrap()
            .is_none()
    );
}

pub(crate) async fn concurrent_claims_have_one_winner(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = flagged(store.as_ref(), "forum", "c2", &[("hate", 0.8)]).await;
    let t0 = now();
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                let holder = format!("key:{n}");
                let claim = store
                    .claim_item(id, &holder, t0, t0 + Duration::minutes(5))
                    .await
                    .unwrap()
                    .unwrap();
                (holder, claim.holder)
            })
        })
        .collect();
    let mut winners = std::collections::BTreeSet::new();
    for t in tasks {
        let (_, holder) = t.await.unwrap();
        winners.insert(holder);
    }
    assert_eq!(
        winners.len(),
        1,
        "every claimant sees the same holder: {winners:?}"
    );
}

pub(crate) async fn list_flagged_filters_by_language_and_age(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    // `flagged` records language `eng` (the outcome fixture).
    let id = flagged(store.as_ref(), "forum", "l1", &[("hate", 0.8)]).await;
    let ids = |items: Vec<modd::store::StoredItem>| items.iter().map(|i| i.id).collect::<Vec<_>>();
    let f = |language: Option<&str>, before: Option<DateTime<Utc>>| ReviewFilter {
        language: language.map(Into::into),
        created_before: before,
        ..ReviewFilter::default()
    };
    assert_eq!(
        ids(store.list_flagged(&f(Some("eng"), None)).await.unwrap()),
        [id]
    );
    assert!(
        store
            .list_flagged(&f(Some("fra"), None))
            .await
            .unwrap()
            .is_empty()
    );
    let past = now() - Duration::minutes(10);
    assert!(
        store
            .list_flagged(&f(None, Some(past)))
            .await
            .unwrap()
            .is_empty()
    );
    let future = now() + Duration::minutes(1);
    assert_eq!(
        ids(store.list_flagged(&f(None, Some(future))).await.unwrap()),
        [id]
    );
}

//! Cases: the worker side: pending scans, outcomes, errors, counts.

use super::*;
use modd::observe::item_counts::ItemCounts;

pub(crate) async fn pending_ids_page_in_order(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let batch: Vec<NewItem> = (0..25)
        .map(|n| item("forum", &format!("p{n}"), "t"))
        .collect();
    let mut ids: Vec<i64> = store
        .insert_items(&batch)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.item.id)
        .collect();
    ids.sort(); // a batch's ids need not follow its input order
    // Decide two, so paging must skip them.
    assert!(
        store
            .record_outcome(&outcome(ids[3], Verdict::Approved))
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.mark_error(ids[17], "boom").await.unwrap());
    let expected: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| *id != ids[3] && *id != ids[17])
        .collect();

    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store.pending_item_ids(after, 10).await.unwrap();
        assert!(page.len() <= 10);
        let Some(last) = page.last() else { break };
        after = *last;
        seen.extend(page);
    }
    assert_eq!(seen, expected);
    assert!(store.pending_item_ids(0, 0).await.unwrap().is_empty());
    assert_eq!(
        store.pending_item_ids(ids[20], 100).await.unwrap(),
        ids[21..].to_vec()
    );
}

pub(crate) async fn record_outcome_once_under_race(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "race", "t")).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                let mut decided = outcome(id, Verdict::Flagged);
                decided.policy_version = format!("worker-{n}");
                barrier.wait().await;
                store.record_outcome(&decided).await.unwrap().is_some()
            })
        })
        .collect();
    let mut wins = 0;
    for task in tasks {
        wins += usize::from(task.await.unwrap());
    }
    assert_eq!(wins, 1, "exactly one worker records the outcome");
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Flagged);
    assert!(got.decision.unwrap().policy_version.starts_with("worker-"));
    assert_eq!(
        store.item_scores(id).await.unwrap().len(),
        2,
        "scores written once"
    );

    // Later repeats and unknown items write nothing.
    assert!(
        store
            .record_outcome(&outcome(id, Verdict::Blocked))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .record_outcome(&outcome(id + 99, Verdict::Blocked))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // Bad outcomes are refused before anything is written.
    let other = insert_one(store.as_ref(), item("forum", "bad-score", "t")).await;
    for bad in [f64::NAN, -0.1, 1.5] {
        let mut decided = outcome(other, Verdict::Approved);
        decided.scores[0].score = bad;
        assert!(matches!(
            store.record_outcome(&decided).await,
            Err(StoreError::Invalid(_))
        ));
    }
    let mut decided = outcome(other, Verdict::Approved);
    decided.decided_by = "robot".into();
    assert!(matches!(
        store.record_outcome(&decided).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.get_item(other).await.unwrap().unwrap().status,
        ItemStatus::Pending
    );
    // No scores at all is a valid outcome.
    decided.decided_by = "human".into();
    decided.scores.clear();
    assert!(store.record_outcome(&decided).await.unwrap().is_some());
}

pub(crate) async fn requeue_errored_only_from_error(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "q", "t")).await;
    assert!(
        !store.requeue_errored(id).await.unwrap(),
        "pending is not error"
    );
    assert!(store.mark_error(id, "boom").await.unwrap());
    assert!(store.requeue_errored(id).await.unwrap());
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Pending);
    assert_eq!(got.error, None);
    assert_eq!(store.pending_item_ids(0, 10).await.unwrap(), vec![id]);
    assert!(!store.requeue_errored(id).await.unwrap(), "only once");
    assert!(
        store
            .record_outcome(&outcome(id, Verdict::Approved))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        !store.requeue_errored(id).await.unwrap(),
        "decided stays decided"
    );
    assert!(!store.requeue_errored(999_999).await.unwrap());
}

pub(crate) async fn mark_error_only_from_pending(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "e", "t")).await;
    assert!(store.mark_error(id, "classifier timed out").await.unwrap());
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Error);
    assert_eq!(got.error.as_deref(), Some("classifier timed out"));
    assert!(got.updated_at >= got.created_at);
    assert!(!store.mark_error(id, "again").await.unwrap());
    assert!(
        store
            .record_outcome(&outcome(id, Verdict::Approved))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().error.as_deref(),
        Some("classifier timed out")
    );

    let decided = insert_one(store.as_ref(), item("forum", "d", "t")).await;
    assert!(
        store
            .record_outcome(&outcome(decided, Verdict::Approved))
            .await
            .unwrap()
            .is_some()
    );
    assert!(!store.mark_error(decided, "late").await.unwrap());
    assert!(!store.mark_error(decided + 99, "missing").await.unwrap());
}

pub(crate) async fn count_by_status_includes_zeros(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts.len(), ItemStatus::ALL.len());
    assert!(counts.values().all(|n| *n == 0));

    let batch: Vec<NewItem> = (0..6)
        .map(|n| item("forum", &format!("c{n}"), "t"))
        .collect();
    let ids: Vec<i64> = store
        .insert_items(&batch)
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.id)
        .collect();
    store
        .record_outcome(&outcome(ids[0], Verdict::Approved))
        .await
        .unwrap();
    store
        .record_outcome(&outcome(ids[1], Verdict::Approved))
        .await
        .unwrap();
    store
        .record_outcome(&outcome(ids[2], Verdict::Blocked))
        .await
        .unwrap();
    store.mark_error(ids[3], "x").await.unwrap();
    let counts = store.count_by_status().await.unwrap();
    let expected = [
        (ItemStatus::Pending, 2),
        (ItemStatus::Approved, 2),
        (ItemStatus::Flagged, 0),
        (ItemStatus::Blocked, 1),
        (ItemStatus::Error, 1),
    ];
    assert_eq!(counts, expected.into_iter().collect());
    for (status, n) in expected {
        assert_eq!(store.count_status(status).await.unwrap(), n, "{status:?}");
    }

    // The daemon's /metrics counts: the settled statuses from a cached full
    // count, the waiting ones live.
    let cache = ItemCounts::default();
    let hour = std::time::Duration::from_secs(3600);
    assert_eq!(
        cache.current(store.as_ref(), hour).await.unwrap(),
        expected.into_iter().collect()
    );
    store
        .record_outcome(&outcome(ids[4], Verdict::Approved))
        .await
        .unwrap();
    let cached = cache.current(store.as_ref(), hour).await.unwrap();
    assert_eq!(cached[&ItemStatus::Approved], 2, "settled: cached");
    assert_eq!(cached[&ItemStatus::Pending], 1, "waiting: live");
    let fresh = cache
        .current(store.as_ref(), std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(fresh, store.count_by_status().await.unwrap());
    assert_eq!(fresh[&ItemStatus::Approved], 3);
}

pub(crate) async fn oldest_pending_follows_the_queue(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert_eq!(store.oldest_pending().await.unwrap(), None);
    let mut first = item("forum", "o1", "t");
    first.created_at = now() - Duration::minutes(10);
    let mut second = item("forum", "o2", "t");
    second.created_at = now() - Duration::minutes(5);
    let (t1, t2) = (first.created_at, second.created_at);
    let ids: Vec<i64> = store
        .insert_items(&[first, second])
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.id)
        .collect();
    assert_eq!(store.oldest_pending().await.unwrap(), Some(t1));
    store
        .record_outcome(&outcome(ids[0], Verdict::Approved))
        .await
        .unwrap();
    assert_eq!(store.oldest_pending().await.unwrap(), Some(t2));
    store.mark_error(ids[1], "x").await.unwrap();
    assert_eq!(store.oldest_pending().await.unwrap(), None);
}

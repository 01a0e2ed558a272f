//! Cases: the worker's batch methods, `get_items` and `record_outcomes`.

use super::*;

async fn insert_many(store: &dyn Store, app: &str, n: usize) -> Vec<i64> {
    let batch: Vec<NewItem> = (0..n).map(|i| item(app, &format!("b{i}"), "t")).collect();
    let mut ids: Vec<i64> = store
        .insert_items(&batch)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.item.id)
        .collect();
    ids.sort();
    ids
}

pub(crate) async fn get_items_loads_a_batch_in_one_call(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let ids = insert_many(store.as_ref(), "forum", 5).await;
    store
        .record_outcome(&outcome(ids[1], Verdict::Blocked))
        .await
        .unwrap();
    let mut wanted = vec![ids[4], ids[1], 987_654_321, ids[0]];
    let mut got = store.get_items(&wanted).await.unwrap();
    got.sort_by_key(|i| i.id);
    wanted.retain(|id| *id != 987_654_321);
    wanted.sort();
    assert_eq!(got.iter().map(|i| i.id).collect::<Vec<_>>(), wanted);
    // Each row is the same as a single read, decision included.
    for item in &got {
        assert_eq!(Some(item), store.get_item(item.id).await.unwrap().as_ref());
    }
    assert_eq!(got[1].status, ItemStatus::Blocked);
    assert!(store.get_items(&[]).await.unwrap().is_empty());
}

pub(crate) async fn record_outcomes_commits_a_batch_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let ids = insert_many(store.as_ref(), "forum", 6).await;
    // One of them decided before the batch: the batch leaves it alone.
    store
        .record_outcome(&outcome(ids[2], Verdict::Blocked))
        .await
        .unwrap();
    // Input order is not id order; results follow the input.
    let batch: Vec<Outcome> = ids
        .iter()
        .rev()
        .map(|id| outcome(*id, Verdict::Approved))
        .collect();
    let events = store.record_outcomes(&batch).await.unwrap();
    assert_eq!(events.len(), 6);
    for (o, event) in batch.iter().zip(&events) {
        match event {
            Some(e) => assert_eq!((e.data.id, e.data.verdict), (o.item_id, Verdict::Approved)),
            None => assert_eq!(o.item_id, ids[2]),
        }
    }
    assert_eq!(events.iter().filter(|e| e.is_none()).count(), 1);
    for id in &ids {
        let got = store.get_item(*id).await.unwrap().unwrap();
        let want = if *id == ids[2] {
            ItemStatus::Blocked
        } else {
            ItemStatus::Approved
        };
        assert_eq!(got.status, want);
        assert_eq!(store.item_scores(*id).await.unwrap().len(), 2);
    }
    // One outbox event per decision, batch or not.
    assert_eq!(
        store
            .list_webhook_events("forum", None, 100)
            .await
            .unwrap()
            .len(),
        6
    );
    // The batch delivered again (a crash between commit and ack) writes nothing.
    let again = store.record_outcomes(&batch).await.unwrap();
    assert!(again.iter().all(Option::is_none));
    assert_eq!(
        store
            .list_webhook_events("forum", None, 100)
            .await
            .unwrap()
            .len(),
        6
    );
    assert!(store.record_outcomes(&[]).await.unwrap().is_empty());
}

pub(crate) async fn a_refused_outcome_writes_nothing_of_its_batch(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let ids = insert_many(store.as_ref(), "forum", 3).await;
    let mut batch: Vec<Outcome> = ids
        .iter()
        .map(|id| outcome(*id, Verdict::Approved))
        .collect();
    batch[1].policy_version = "bad\0version".into();
    match store.record_outcomes(&batch).await {
        Err(StoreError::Invalid(_)) => {}
        other => panic!("expected Invalid, got {other:?}"),
    }
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Pending], 3, "all or nothing");
    // Its batch-mates are then recorded alone, as the worker does.
    for o in [&batch[0], &batch[2]] {
        assert!(store.record_outcome(o).await.unwrap().is_some());
    }
    assert!(matches!(
        store.record_outcome(&batch[1]).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.count_by_status().await.unwrap()[&ItemStatus::Approved],
        2
    );
}

pub(crate) async fn overlapping_batches_decide_each_item_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let ids = insert_many(store.as_ref(), "forum", 40).await;
    // Eight workers hold overlapping batches in different orders: each item
    // is decided once, and no transaction deadlocks.
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let (store, barrier) = (store.clone(), barrier.clone());
            let mut mine: Vec<i64> = ids.iter().copied().skip(n * 3).take(20).collect();
            if n % 2 == 1 {
                mine.reverse();
            }
            tokio::spawn(async move {
                let batch: Vec<Outcome> = mine
                    .iter()
                    .map(|id| outcome(*id, Verdict::Flagged))
                    .collect();
                barrier.wait().await;
                let events = store.record_outcomes(&batch).await.unwrap();
                events
                    .into_iter()
                    .flatten()
                    .map(|e| e.data.id)
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut decided = Vec::new();
    for task in tasks {
        decided.extend(task.await.unwrap());
    }
    let before = decided.len();
    decided.sort();
    decided.dedup();
    assert_eq!(before, decided.len(), "an item decided twice");
    assert_eq!(decided, ids, "the batches cover every item");
    for id in &decided {
        assert_eq!(
            store.item_scores(*id).await.unwrap().len(),
            2,
            "scores written once"
        );
    }
}

pub(crate) async fn decision_timings_read_every_decided_item(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let ids = insert_many(store.as_ref(), "bench", 4).await;
    let other = insert_many(store.as_ref(), "other", 1).await;
    let mut batch: Vec<Outcome> = ids[..3]
        .iter()
        .map(|id| outcome(*id, Verdict::Approved))
        .collect();
    batch.push(outcome(other[0], Verdict::Approved));
    store.record_outcomes(&batch).await.unwrap();
    let t = store
        .decision_timings("bench", ids[0], ids[3])
        .await
        .unwrap();
    assert_eq!(t.pending, 1);
    assert_eq!(t.latencies_ms.len(), 3, "only the app's decided items");
    assert!(t.latencies_ms.windows(2).all(|w| w[0] <= w[1]), "ascending");
    assert!(t.latencies_ms.iter().all(|ms| *ms >= 0.0));
    assert!(t.first_accept.unwrap() <= t.last_decision.unwrap());
    let narrow = store
        .decision_timings("bench", ids[1], ids[1])
        .await
        .unwrap();
    assert_eq!((narrow.pending, narrow.latencies_ms.len()), (0, 1));
    let none = store.decision_timings("nobody", 0, i64::MAX).await.unwrap();
    assert_eq!(none, Default::default());
    assert_eq!(none.decided_per_sec(), None);
}

/// Batches travel as one statement (arrays on PostgreSQL, a JSON array on
/// SQLite): what comes back must be exactly what went in, to the last bit
/// of a score and the last control character of a text.
pub(crate) async fn batches_store_values_exactly(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let texts = [
        "tab\tnewline\n\u{1}\u{1f}\u{7f}",
        "\"[1, 2]\" \\u0041",
        "",
        "null",
    ];
    let batch: Vec<NewItem> = texts
        .iter()
        .enumerate()
        .map(|(n, t)| item("forum", &format!("exact-{n}"), t))
        .collect();
    let inserted = store.insert_items(&batch).await.unwrap();
    for (got, sent) in inserted.iter().zip(&batch) {
        // An empty text is kept as sent; the intake maps it to no text.
        assert_eq!(got.item.text, sent.text);
        assert_eq!(got.item.created_at, sent.created_at);
    }
    let values = [
        0.0,
        1.0,
        0.1 + 0.2,
        1.0 / 3.0,
        1.0 - f64::EPSILON / 2.0,
        f64::MIN_POSITIVE,
        5e-324,
        0.123_456_789_012_345_68,
        0.999_999_999_999_999_9,
        2.0_f64.powi(-40) * 3.0,
    ];
    let mut decided = outcome(inserted[0].item.id, Verdict::Approved);
    decided.scores = values
        .iter()
        .enumerate()
        .map(|(n, v)| score(&format!("c{n:02}"), *v))
        .collect();
    store.record_outcomes(&[decided]).await.unwrap();
    let stored = store.item_scores(inserted[0].item.id).await.unwrap();
    let got: Vec<u64> = stored.iter().map(|s| s.score.to_bits()).collect();
    let want: Vec<u64> = values.iter().map(|v| v.to_bits()).collect();
    assert_eq!(got, want, "scores round-trip bit for bit");
}

//! Cases: `commit_round` (new items and outcomes in one transaction) and the
//! daemon's `Writer` on each backend: the single writer on SQLite, group
//! commit and per-batch commits on PostgreSQL. Same rules either way.

use super::*;
use modd::writer::{Decided, Writer};

async fn events_of(store: &dyn Store, app: &str) -> usize {
    store
        .list_webhook_events(app, None, 100_000)
        .await
        .unwrap()
        .len()
}

pub(crate) async fn commit_round_stores_items_and_outcomes_at_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let old = store
        .insert_items(&[item("forum", "old1", "t"), item("forum", "old2", "t")])
        .await
        .unwrap();
    let (old1, old2) = (old[0].item.id, old[1].item.id);
    store
        .record_outcome(&outcome(old2, Verdict::Blocked))
        .await
        .unwrap();
    let items = [
        item("forum", "new", "t"),
        item("forum", "old1", "again"),
        item("forum", "new", "dup"),
    ];
    let outcomes = [
        outcome(old2, Verdict::Approved),
        outcome(old1, Verdict::Flagged),
    ];
    let written = store.commit_round(&items, &outcomes).await.unwrap();
    // Items: as `insert_items` answers them, in input order.
    let created: Vec<_> = written.inserted.iter().map(|i| i.created).collect();
    assert_eq!(created, [true, false, false]);
    assert_eq!(written.inserted[1].item.id, old1);
    assert_eq!(written.inserted[0].item.id, written.inserted[2].item.id);
    // Outcomes: as `record_outcomes` answers them; old2 was decided already.
    assert!(written.events[0].is_none());
    assert_eq!(written.events[1].as_ref().unwrap().data.id, old1);
    assert_eq!(
        store.get_item(old1).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );
    assert_eq!(events_of(store.as_ref(), "forum").await, 2);
    // The round again (a retry after a lost commit) changes nothing.
    let again = store.commit_round(&items, &outcomes).await.unwrap();
    assert!(again.inserted.iter().all(|i| !i.created));
    assert!(again.events.iter().all(Option::is_none));
    assert_eq!(events_of(store.as_ref(), "forum").await, 2);
    let empty = store.commit_round(&[], &[]).await.unwrap();
    assert!(empty.inserted.is_empty() && empty.events.is_empty());
}

pub(crate) async fn a_refused_round_writes_nothing(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = store
        .insert_items(&[item("forum", "a", "t")])
        .await
        .unwrap()[0]
        .item
        .id;
    let mut bad = outcome(id, Verdict::Approved);
    bad.reason = Some("nul\0".into());
    let refused = store.commit_round(&[item("forum", "b", "t")], &[bad]).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    let refused = store
        .commit_round(
            &[item("forum", "c\0", "t")],
            &[outcome(id, Verdict::Approved)],
        )
        .await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "{refused:?}"
    );
    assert!(store.find_item("forum", "b").await.unwrap().is_none());
    assert_eq!(
        store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        1
    );
}

/// Producers submit items (one to three per submission) while deciders
/// record outcomes for the items already committed, each batch twice (a
/// redelivery): every item is stored once and decided once, with one
/// outbox event, and on SQLite rounds held both kinds of write.
pub(crate) async fn writer_interleaves_intake_and_decisions(ctx: Ctx) {
    const PRODUCERS: usize = 8;
    const SUBMISSIONS: usize = 40;
    let store = ctx.migrated().await.store;
    hooked(store.as_ref(), "forum").await;
    let writer = Writer::start(store.clone());
    let (ids_tx, ids_rx) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let (writer, ids_tx) = (writer.clone(), ids_tx.clone());
            tokio::spawn(async move {
                let mut stored = 0;
                for s in 0..SUBMISSIONS {
                    let items: Vec<NewItem> = (0..=(s % 3))
                        .map(|i| item("forum", &format!("p{p}-s{s}-{i}"), "t"))
                        .collect();
                    for inserted in writer.insert(items).await.unwrap() {
                        assert!(inserted.created);
                        ids_tx.send(inserted.item.id).unwrap();
                        stored += 1;
                    }
                }
                stored
            })
        })
        .collect();
    drop(ids_tx);
    let ids_rx = Arc::new(tokio::sync::Mutex::new(ids_rx));
    let deciders: Vec<_> = (0..4)
        .map(|_| {
            let (writer, ids_rx) = (writer.clone(), ids_rx.clone());
            tokio::spawn(async move {
                let (mut decided, mut batch) = (0, Vec::new());
                while ids_rx.lock().await.recv_many(&mut batch, 16).await > 0 {
                    let outcomes: Vec<Outcome> = batch
                        .drain(..)
                        .map(|id| outcome(id, Verdict::Approved))
                        .collect();
                    let repeat = outcomes.clone();
                    for result in writer.record(outcomes).await {
                        let Decided { event, .. } = result.unwrap();
                        assert!(event.is_some(), "a pending item is decided");
                        decided += 1;
                    }
                    for result in writer.record(repeat).await {
                        assert!(result.unwrap().event.is_none(), "decided once");
                    }
                }
                decided
            })
        })
        .collect();
    let mut stored = 0;
    for p in producers {
        stored += p.await.unwrap();
    }
    let mut decided = 0;
    for d in deciders {
        decided += d.await.unwrap();
    }
    let expected = PRODUCERS * (SUBMISSIONS / 3 * 6 + [0, 1, 3][SUBMISSIONS % 3]);
    assert_eq!((stored, decided), (expected, expected));
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Pending], 0);
    assert_eq!(counts[&ItemStatus::Approved], expected as i64);
    assert_eq!(events_of(store.as_ref(), "forum").await, expected);
    match (&writer, store.backend()) {
        (Writer::Single(single), store::Backend::Sqlite) => {
            assert!(
                single.mixed_rounds() > 0,
                "intake and decisions shared rounds"
            )
        }
        (Writer::Pooled { .. }, store::Backend::Postgres) => {}
        _ => panic!("the writer does not match the backend"),
    }
}

/// A bad submission and a bad outcome among good ones, all at once (so on
/// SQLite they share rounds): each bad one fails alone.
pub(crate) async fn writer_fails_only_the_bad_item_or_outcome(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let writer = Writer::start(store.clone());
    let ids = insert_three(&writer, "d").await;
    let mut outcomes: Vec<Outcome> = ids
        .iter()
        .map(|id| outcome(*id, Verdict::Blocked))
        .collect();
    outcomes[1].policy_version = "bad\0".into();
    // A large submission first keeps the writer busy, so the rest queue up.
    let big: Vec<NewItem> = (0..500)
        .map(|i| item("forum", &format!("big{i}"), "t"))
        .collect();
    let (big, good, bad, recorded) = tokio::join!(
        writer.insert(big),
        writer.insert(vec![item("forum", "good", "t")]),
        writer.insert(vec![item("forum", "bad\0", "t")]),
        writer.record(outcomes),
    );
    assert_eq!(big.unwrap().len(), 500);
    assert!(good.unwrap()[0].created);
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    assert!(recorded[0].as_ref().unwrap().event.is_some());
    assert!(matches!(recorded[1], Err(StoreError::Invalid(_))));
    assert!(recorded[2].as_ref().unwrap().event.is_some());
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Blocked], 2);
    assert_eq!(counts[&ItemStatus::Pending], 1 + 500 + 1);
    assert!(writer.record(Vec::new()).await.is_empty());
}

/// The database itself refuses one decision in the middle of a round that
/// also inserts items: the round rolls back whole, then the items and the
/// other decisions are committed without it.
pub(crate) async fn writer_survives_a_refusal_inside_a_round(ctx: Ctx) {
    let Ctx { store, url } = ctx.migrated().await;
    let writer = Writer::start(store.clone());
    let ids = insert_three(&writer, "r").await;
    let bad = ids[1];
    if url.starts_with("sqlite:") {
        testing::execute_raw(
            &url,
            &format!(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON decisions WHEN NEW.item_id = {bad} \
                 BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
            ),
        )
        .await;
    } else {
        testing::execute_raw(
            &url,
            &format!(
                "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN \
                 IF NEW.item_id = {bad} THEN RAISE EXCEPTION 'refused by the test'; END IF; \
                 RETURN NEW; END $$ LANGUAGE plpgsql"
            ),
        )
        .await;
        testing::execute_raw(
            &url,
            "CREATE TRIGGER refuse_one BEFORE INSERT ON decisions \
             FOR EACH ROW EXECUTE FUNCTION refuse_one()",
        )
        .await;
    }
    let big: Vec<NewItem> = (0..500)
        .map(|i| item("forum", &format!("big{i}"), "t"))
        .collect();
    let outcomes: Vec<Outcome> = ids
        .iter()
        .map(|id| outcome(*id, Verdict::Approved))
        .collect();
    let (big, fresh, recorded) = tokio::join!(
        writer.insert(big),
        writer.insert(vec![item("forum", "fresh", "t")]),
        writer.record(outcomes),
    );
    assert_eq!(big.unwrap().len(), 500);
    let fresh = fresh.unwrap().pop().unwrap();
    assert!(fresh.created);
    assert_eq!(
        store
            .find_item("forum", "fresh")
            .await
            .unwrap()
            .map(|i| i.id),
        Some(fresh.item.id)
    );
    assert!(recorded[0].as_ref().unwrap().event.is_some());
    assert!(recorded[1].is_err(), "{:?}", recorded[1]);
    assert!(recorded[2].as_ref().unwrap().event.is_some());
    assert_eq!(
        store.get_item(bad).await.unwrap().unwrap().status,
        ItemStatus::Pending
    );
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Approved], 2);
    assert_eq!(counts[&ItemStatus::Pending], 1 + 500 + 1);
    if let Writer::Single(single) = &writer {
        // The new item and the decisions queued behind the big insert.
        assert!(
            single.mixed_rounds() > 0,
            "the refusal was inside a shared round"
        );
    }
}

/// Three fresh items of app `forum` (external ids `{prefix}0`..`{prefix}2`), by id.
async fn insert_three(writer: &Writer, prefix: &str) -> Vec<i64> {
    let items = (0..3)
        .map(|i| item("forum", &format!("{prefix}{i}"), "t"))
        .collect();
    let inserted = writer.insert(items).await.unwrap();
    inserted.iter().map(|i| i.item.id).collect()
}

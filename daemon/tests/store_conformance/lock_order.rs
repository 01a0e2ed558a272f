//! PostgreSQL's row locks between a reviewer's decision and the console's
//! undo committer. Both write the item row and delete the held decision's
//! row; taken in opposite orders, a decision re-posted by its reviewer
//! while the committer records the held one deadlocked, and PostgreSQL
//! aborted one of them (SQLSTATE 40P01) after `deadlock_timeout`. Every
//! transaction now locks the item row first. SQLite has one writer at a
//! time and cannot deadlock here.

use super::*;
use crate::holds::held_now;
use crate::pipeline::flagged;
use modd::store::ReviewOutcome;

/// Sessions of this database waiting for a lock.
async fn lock_waiters(url: &str) -> i64 {
    testing::query_i64(
        url,
        "SELECT COUNT(*) FROM pg_stat_activity \
         WHERE datname = current_database() AND wait_event_type = 'Lock'",
    )
    .await
}

/// Waits until `n` sessions wait for a lock.
async fn until_waiting(url: &str, n: i64) {
    let waiting = testing::eventually(std::time::Duration::from_secs(10), || async {
        (lock_waiters(url).await >= n).then_some(())
    })
    .await;
    assert!(waiting.is_some(), "{n} session(s) never waited for a lock");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reposted_review_and_the_undo_committer_lock_in_one_order() {
    let Some(db) = testing::postgres_fresh().await else {
        return;
    };
    let url = db.url().to_owned();
    let store = open(&url).await;
    store.migrate_up(None).await.unwrap();
    hooked(store.as_ref(), "forum").await;
    let id = flagged(store.as_ref(), "forum", "a", &[("hate", 0.8)]).await;
    let held = held_now(store.as_ref(), id).await;

    // A gate holds the item row, so the two calls queue behind it in a
    // known order: first the reviewer's decision, posted again through the
    // JSON API (her claim lets it through), then the committer, its window
    // over.
    let mut gate = sqlx::PgConnection::connect(&url).await.unwrap();
    let mut tx = gate.begin().await.unwrap();
    sqlx::query("SELECT id FROM content_items WHERE id = $1 FOR UPDATE")
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    let repost = tokio::spawn({
        let (store, decision) = (store.clone(), held.decision.clone());
        async move { store.record_review(&decision).await }
    });
    until_waiting(&url, 1).await;
    let commit = tokio::spawn({
        let store = store.clone();
        async move { store.commit_review_hold(id, held.commit_at).await }
    });
    until_waiting(&url, 2).await;
    tx.commit().await.unwrap();

    // The decision goes first and is recorded; the committer then finds
    // no hold left. Neither fails.
    let repost = repost.await.unwrap();
    let commit = commit.await.unwrap();
    assert!(
        matches!(repost, Ok(ReviewOutcome::Decided(_))),
        "{repost:?}"
    );
    assert!(matches!(commit, Ok(None)), "{commit:?}");
    let item = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Blocked);
    let finals = testing::query_i64(
        &url,
        &format!("SELECT COUNT(*) FROM webhook_events WHERE item_id = {id} AND kind = 'final'"),
    )
    .await;
    assert_eq!(finals, 1, "one decision, one event");
    drop(gate);
    db.cleanup().await;
}

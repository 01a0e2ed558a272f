//! The reconciler against a real (SQLite) store: it offers every pending
//! item, and offering again never doubles a job that is queued or held.

use chrono::Utc;
use modd::queue::{JobQueue, reconcile_once};
use modd::store::{self, ConnectOptions, NewItem};
use std::sync::Arc;
use std::time::Duration;

pub async fn reconciler_offers_pending_items_without_duplicates(q: Arc<dyn JobQueue>) {
    let (_dir, url) = modd_testkit::sqlite_temp().await;
    let store = store::connect(&url, &ConnectOptions::default())
        .await
        .unwrap();
    store.migrate_up(None).await.unwrap();
    let items: Vec<NewItem> = (0..30)
        .map(|i| NewItem {
            source_app: "forum".into(),
            external_id: format!("r-{i}"),
            content_type: "comment".into(),
            text: Some("hello".into()),
            image_url: None,
            created_at: Utc::now(),
        })
        .collect();
    let ids: Vec<i64> = store
        .insert_items(&items)
        .await
        .unwrap()
        .iter()
        .map(|r| r.item.id)
        .collect();
    // The queue lost everything (Redis flushed or down at accept time).
    assert_eq!(reconcile_once(&*store, &*q).await.unwrap(), 30);
    assert_eq!(q.stats().await.unwrap().depth, 30);
    let held = q.next("w", Duration::from_secs(2)).await.unwrap().unwrap();
    assert_eq!(held.item_id, ids[0]);
    // Offering again adds nothing: 29 queued, 1 held.
    reconcile_once(&*store, &*q).await.unwrap();
    let s = q.stats().await.unwrap();
    assert_eq!((s.depth, s.in_flight), (29, 1));
    q.ack(&held).await.unwrap();
}

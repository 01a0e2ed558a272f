//! The moderation API's happy paths and access rules.

use modd_common::{AnalyseResponse, ItemStatus, ItemView, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use serde_json::json;
use std::time::Duration;

modd_testkit::on_both_backends!(
    submitted_items_are_decided,
    duplicates_return_the_existing_item,
    keys_bound_to_apps_are_confined
);

async fn submit(d: &TestDaemon, key: &str, external_id: &str, text: &str) -> AnalyseResponse {
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", key)
        .json(&json!({"external_id": external_id, "text": text, "content_type": "comment", "source_app": "my-app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    res.json().await.unwrap()
}

async fn decided(d: &TestDaemon, key: &str, id: i64) -> ItemView {
    eventually(Duration::from_secs(20), || async {
        let item: ItemView = d
            .http
            .get(d.url(&format!("/api/v1/moderation/{id}")))
            .header("X-API-KEY", key)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        (item.status != ItemStatus::Pending).then_some(item)
    })
    .await
    .expect("item decided in time")
}

async fn submitted_items_are_decided(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    let accepted = submit(&d, &key, "c-1", "hello, have a nice day").await;
    assert_eq!(accepted.status, ItemStatus::Pending);
    assert_eq!(
        (accepted.external_id.as_str(), accepted.source_app.as_str()),
        ("c-1", "my-app")
    );
    let clean = decided(&d, &key, accepted.id).await;
    assert_eq!(clean.status, ItemStatus::Approved);
    let decision = clean.decision.expect("decision stored");
    assert_eq!(decision.decided_by, "rule");
    assert!(!clean.scores.is_empty(), "scores stored with the decision");
    assert!(!clean.model_versions.is_empty());

    let rude = submit(&d, &key, "c-2", "you are a fucking idiot").await;
    let rude = decided(&d, &key, rude.id).await;
    assert_eq!(rude.status, ItemStatus::Blocked);
    assert!(rude.decision.unwrap().reason.is_some());

    // Lookup by the app's own id gives the same item.
    let found: ItemView = d
        .http
        .get(d.url("/api/v1/moderation?source_app=my-app&external_id=c-2"))
        .header("X-API-KEY", &key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found.id, rude.id);
    d.shutdown().await;
}

async fn duplicates_return_the_existing_item(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let key = d.key(Role::Client, &[]).await;
    let first = submit(&d, &key, "dup", "first text").await;
    let again = submit(&d, &key, "dup", "different text").await;
    assert_eq!(first.id, again.id);
    assert_eq!(first.created_at, again.created_at);
    let counts = d.store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Pending], 1);
    // Nothing was enqueued twice: the queue holds exactly one job.
    assert_eq!(
        d.store.pending_item_ids(0, 10).await.unwrap(),
        vec![first.id]
    );
    d.shutdown().await;
}

async fn keys_bound_to_apps_are_confined(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let bound = d.key(Role::Client, &["other-app"]).await;
    let free = d.key(Role::Client, &[]).await;
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &bound)
        .json(&json!({"external_id": "x", "text": "hi", "content_type": "comment", "source_app": "my-app"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let item = submit(&d, &free, "y", "hi").await;
    let res = d
        .http
        .get(d.url(&format!("/api/v1/moderation/{}", item.id)))
        .header("X-API-KEY", &bound)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        1,
        "the refused item was not stored"
    );
    d.shutdown().await;
}

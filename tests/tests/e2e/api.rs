//! The moderation API's happy paths and access rules.

use modctl::client::Client;
use modd_common::{AnalyseRequest, AnalyseResponse, ItemStatus, ItemView, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

modd_testkit::on_both_backends!(
    submitted_items_are_decided,
    duplicates_return_the_existing_item,
    keys_bound_to_apps_are_confined
);

fn comment(external_id: &str, text: &str) -> AnalyseRequest {
    AnalyseRequest::new("my-app", external_id, "comment").with_text(text)
}

async fn submit(client: &Client, external_id: &str, text: &str) -> AnalyseResponse {
    client.analyse(&comment(external_id, text)).await.unwrap()
}

async fn decided(client: &Client, id: i64) -> ItemView {
    eventually(Duration::from_secs(20), || async {
        let item = client.get_item(id).await.ok()?;
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
    let client = d.client_as(Role::Client).await;

    let accepted = submit(&client, "c-1", "hello, have a nice day").await;
    assert_eq!(accepted.status, ItemStatus::Pending);
    assert_eq!(
        (accepted.external_id.as_str(), accepted.source_app.as_str()),
        ("c-1", "my-app")
    );
    let clean = decided(&client, accepted.id).await;
    assert_eq!(clean.status, ItemStatus::Approved);
    let decision = clean.decision.expect("decision stored");
    assert_eq!(decision.decided_by, "rule");
    assert!(!clean.scores.is_empty(), "scores stored with the decision");
    assert!(!clean.model_versions.is_empty());

    let rude = submit(&client, "c-2", "you are a fucking idiot").await;
    let rude = decided(&client, rude.id).await;
    assert_eq!(rude.status, ItemStatus::Blocked);
    assert!(rude.decision.unwrap().reason.is_some());

    // Lookup by the app's own id gives the same item.
    let found = client.find_item("my-app", "c-2").await.unwrap();
    assert_eq!(found.id, rude.id);
    d.shutdown().await;
}

async fn duplicates_return_the_existing_item(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let client = d.client_as(Role::Client).await;
    let first = submit(&client, "dup", "first text").await;
    let again = submit(&client, "dup", "different text").await;
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
    let bound = d.client(Some(&d.key(Role::Client, &["other-app"]).await));
    let free = d.client_as(Role::Client).await;
    let err = bound.analyse(&comment("x", "hi")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    let item = submit(&free, "y", "hi").await;
    let err = bound.get_item(item.id).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        1,
        "the refused item was not stored"
    );
    d.shutdown().await;
}

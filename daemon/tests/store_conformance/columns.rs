//! Case: a column added under a running store (a migration applied by a
//! newer replica or `modctl migrate` while this one runs) changes nothing
//! it reads. Every query names its columns: a prepared `SELECT *` would
//! change its result under the statement cache (PostgreSQL refuses it:
//! "cached plan must not change result type").

use super::*;
use crate::policies::policy;
use modd::store::{AppChange, DeliveryAttempt};

/// Every row type that the store reads from the tables a migration might
/// widen, as Debug text (enough to compare before and after).
async fn read_everything(s: &dyn Store, id: i64) -> Vec<String> {
    vec![
        format!("{:?}", s.get_app("forum").await.unwrap()),
        format!("{:?}", s.list_apps().await.unwrap()),
        format!("{:?}", s.apps_with_secrets("", 10).await.unwrap()),
        format!("{:?}", s.policy_history("forum", 10).await.unwrap()),
        format!("{:?}", s.get_item(id).await.unwrap()),
        format!("{:?}", s.list_deliveries("forum", 10).await.unwrap()),
        format!(
            "{:?}",
            s.list_webhook_events("forum", None, 10).await.unwrap()
        ),
        format!("{:?}", s.list_keys().await.unwrap()),
    ]
}

pub(crate) async fn reads_survive_a_column_added_under_them(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    // One connection: what it prepares before the change, it reuses after.
    let one = ConnectOptions {
        max_connections: 1,
        ..ConnectOptions::default()
    };
    let store = store::connect(&ctx.url, &one).await.unwrap();
    let s = store.as_ref();
    hooked(s, "forum").await;
    s.insert_key(&key("forum-app", 1)).await.unwrap();
    s.insert_policy(&policy("forum", 0.5)).await.unwrap();
    let id = insert_one(s, item("forum", "a", "t")).await;
    s.record_outcome(&outcome(id, Verdict::Blocked))
        .await
        .unwrap();
    let attempt = DeliveryAttempt {
        event_id: None,
        webhook_id: "msg_test".into(),
        source_app: "forum".into(),
        attempt: 1,
        attempted_at: now(),
        status_code: Some(200),
        latency_ms: 3,
        error: None,
    };
    s.log_delivery(&attempt).await.unwrap();
    let before = read_everything(s, id).await;

    for table in [
        "apps",
        "policies",
        "content_items",
        "webhook_deliveries",
        "webhook_events",
        "api_keys",
    ] {
        let widen = format!("ALTER TABLE {table} ADD COLUMN added_later TEXT");
        testing::execute_raw(&ctx.url, &widen).await;
    }
    assert_eq!(read_everything(s, id).await, before);
    // The writes that return their row, too.
    let new = insert_one(s, item("forum", "b", "t")).await;
    assert!(s.get_item(new).await.unwrap().is_some());
    assert_eq!(
        s.insert_policy(&policy("forum", 0.6))
            .await
            .unwrap()
            .version,
        2
    );
    let keep_longer = AppChange {
        retention_days: Some(Some(30)),
        ..AppChange::default()
    };
    let app = s.put_app("forum", &keep_longer, now()).await.unwrap();
    assert_eq!(app.retention_days, Some(30));
}

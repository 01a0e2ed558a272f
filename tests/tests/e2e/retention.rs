//! Retention and erasure end to end: the sweeper removes old items and only
//! those (per-app retention), erasure over HTTP and modctl, storage modes.

use clap::Parser;
use modd::store::NewItem;
use modd_common::{AppUpdate, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

use crate::hooks::submit;

modd_testkit::on_both_backends!(
    the_sweeper_removes_expired_items_only,
    erasure_removes_an_item_now,
    storage_mode_none_keeps_only_scores_and_decision
);

fn aged(app: &str, ext: &str, days: i64) -> NewItem {
    NewItem {
        source_app: app.into(),
        external_id: ext.into(),
        content_type: "comment".into(),
        text: Some("old text".into()),
        image_url: None,
        created_at: chrono::Utc::now() - chrono::TimeDelta::days(days),
    }
}

async fn the_sweeper_removes_expired_items_only(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_RETENTION_SWEEP_SECS", "1"),
            ("MODD_RETENTION_DAYS", "30"),
        ],
    )
    .await;
    let admin = d.key(Role::Admin, &[]).await;
    // "brief" keeps items 3 days.
    let admin_api = d.client(Some(&admin));
    let update = AppUpdate {
        retention_days: Some(Some(3)),
        ..AppUpdate::default()
    };
    admin_api.update_app("brief", &update).await.unwrap();
    let view = admin_api.app("brief").await.unwrap();
    assert_eq!(view.effective_retention_days, 3);
    let ids: Vec<i64> = d
        .store
        .insert_items(&[
            aged("forum", "old", 31),
            aged("forum", "kept", 29),
            aged("brief", "old", 4),
            aged("brief", "kept", 2),
        ])
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.id)
        .collect();
    // The sweep's audit entry is written after its deletes (items, then
    // key notices), so wait for both.
    eventually(Duration::from_secs(20), || async {
        let gone = d.store.get_item(ids[0]).await.unwrap().is_none()
            && d.store.get_item(ids[2]).await.unwrap().is_none();
        let audited = d
            .store
            .list_audit(20)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "retention.sweep" && e.actor == "system");
        (gone && audited).then_some(())
    })
    .await
    .expect("expired items swept and the sweep audited");
    for kept in [ids[1], ids[3]] {
        assert!(
            d.store.get_item(kept).await.unwrap().is_some(),
            "{kept} is within its retention"
        );
    }
    d.shutdown().await;
}

async fn erasure_removes_an_item_now(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let forum = d.key(Role::Client, &["forum"]).await;
    let id = submit(&d, &forum, "forum", "mine", "erase me please").await;
    let shop_item = submit(&d, &admin, "shop", "theirs", "hello").await;
    let forum_api = d.client(Some(&forum));
    let refused = |result: Result<(), modctl::client::ClientError>| {
        result.expect_err("refused").status().map(|s| s.as_u16())
    };
    assert_eq!(
        refused(forum_api.erase_item("shop", "theirs").await),
        Some(403)
    );
    assert_eq!(
        refused(forum_api.erase_item("forum", "nope").await),
        Some(404)
    );
    // Without an external id, and the 204 itself: the router tests
    // (`daemon/tests/router/erase.rs`).
    forum_api.erase_item("forum", "mine").await.unwrap();
    assert!(d.store.get_item(id).await.unwrap().is_none());
    assert!(d.store.item_scores(id).await.unwrap().is_empty());
    let err = forum_api.get_item(id).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    // modctl, with the admin key, for any app.
    let argv = [
        "modctl",
        "--url",
        &d.base,
        "--admin-key",
        &admin,
        "content",
        "erase",
        "--source-app",
        "shop",
        "--external-id",
        "theirs",
    ];
    modctl::run(modctl::Cli::parse_from(argv)).await.unwrap();
    assert!(d.store.get_item(shop_item).await.unwrap().is_none());
    let audit = d.store.list_audit(20).await.unwrap();
    let erasures: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "content.erase")
        .collect();
    assert_eq!(erasures.len(), 2);
    assert!(
        erasures
            .iter()
            .all(|e| !e.detail.to_string().contains("erase me"))
    );
    d.shutdown().await;
}

async fn storage_mode_none_keeps_only_scores_and_decision(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let argv = [
        "modctl",
        "--url",
        &d.base,
        "--admin-key",
        &admin,
        "apps",
        "set",
        "private",
        "--storage-mode",
        "none",
    ];
    modctl::run(modctl::Cli::parse_from(argv)).await.unwrap();
    let argv = [
        "modctl",
        "--url",
        &d.base,
        "--admin-key",
        &admin,
        "apps",
        "set",
        "masked",
        "--storage-mode",
        "redacted",
    ];
    modctl::run(modctl::Cli::parse_from(argv)).await.unwrap();
    let a = submit(
        &d,
        &admin,
        "private",
        "1",
        "you fucking idiot, mail me at x@y.example",
    )
    .await;
    let b = submit(&d, &admin, "masked", "1", "hi, mail me at x@y.example").await;
    let decided = |id: i64| {
        let d = &d;
        async move {
            eventually(Duration::from_secs(20), || async {
                let item = d.store.get_item(id).await.unwrap()?;
                (item.status != ItemStatus::Pending).then_some(item)
            })
            .await
            .expect("decided")
        }
    };
    let private = decided(a).await;
    assert_eq!(
        private.status,
        ItemStatus::Blocked,
        "classified before the text was dropped"
    );
    assert_eq!(private.text, None);
    assert!(!d.store.item_scores(a).await.unwrap().is_empty());
    // An e-mail address is PII, which the built-in policy flags: the text is
    // kept for the reviewer, and redacted once the decision is final.
    let masked = decided(b).await;
    assert_eq!(masked.status, ItemStatus::Flagged);
    assert_eq!(masked.text.as_deref(), Some("hi, mail me at x@y.example"));
    let id = b.to_string();
    let argv = [
        "modctl",
        "--url",
        &d.base,
        "--admin-key",
        &admin,
        "review",
        "approve",
        &id,
    ];
    modctl::run(modctl::Cli::parse_from(argv)).await.unwrap();
    let reviewed = d.store.get_item(b).await.unwrap().unwrap();
    assert_eq!(reviewed.status, ItemStatus::Approved);
    assert_eq!(reviewed.text.as_deref(), Some("hi, mail me at [email]"));
    d.shutdown().await;
}

//! Cases: migrations (status, up, down, redo, unknown versions, concurrent
//! migrators) and the pool.

use super::*;

pub(crate) async fn migrations_down_up_restore_the_schema(ctx: Ctx) {
    let store = &ctx.store;
    let empty = testing::schema_snapshot(&ctx.url).await;
    let known = store.migration_status().await.unwrap().len();
    assert!(known >= 2);
    let applied = store.migrate_up(None).await.unwrap();
    assert_eq!(applied.len(), known);
    assert!(applied.windows(2).all(|w| w[0] < w[1]), "oldest first");
    let full = testing::schema_snapshot(&ctx.url).await;
    for table in [
        "content_items",
        "moderation_results",
        "decisions",
        "api_keys",
        "audit_log",
        "schema_migrations",
    ] {
        assert!(full.iter().any(|l| l.contains(table)), "{table} missing");
    }
    assert!(full.iter().any(|l| l.contains("content_items_status_id")));
    assert!(full.iter().any(|l| l.contains("content_items_created_at")));
    assert!(
        full.iter()
            .any(|l| l.contains("moderation_results_item_id"))
    );
    assert!(
        store.migrate_up(None).await.unwrap().is_empty(),
        "idempotent"
    );

    // Redo each step from the newest: every down undoes exactly its up.
    let newest = applied[known - 1];
    assert_eq!(store.migrate_down(1).await.unwrap(), vec![newest]);
    let partial = testing::schema_snapshot(&ctx.url).await;
    assert_ne!(partial, full);
    assert!(partial.iter().any(|l| l.contains("content_items")));
    assert_eq!(store.migrate_up(None).await.unwrap(), vec![newest]);
    assert_eq!(testing::schema_snapshot(&ctx.url).await, full);

    // All the way down (asking for more than exists), then up again.
    let reverted = store.migrate_down(1000).await.unwrap();
    let mut newest_first = applied.clone();
    newest_first.reverse();
    assert_eq!(reverted, newest_first, "newest first");
    let bare = testing::schema_snapshot(&ctx.url).await;
    assert!(!bare.iter().any(|l| l.contains("content_items")));
    assert!(bare.iter().any(|l| l.contains("schema_migrations")));
    assert_ne!(bare, empty, "only schema_migrations remains");
    assert!(store.migrate_down(1).await.unwrap().is_empty());
    store.migrate_up(None).await.unwrap();
    assert_eq!(testing::schema_snapshot(&ctx.url).await, full);
    store::check_schema(store.as_ref()).await.unwrap();
}

pub(crate) async fn pending_migrations_are_detected(ctx: Ctx) {
    let store = &ctx.store;
    let status = store.migration_status().await.unwrap();
    let known = status.len();
    assert!(known >= 2);
    assert!(status.iter().all(|m| m.applied_at.is_none()));
    assert!(matches!(
        store::check_schema(store.as_ref()).await,
        Err(StoreError::PendingMigrations(n)) if n == known
    ));

    let before = Utc::now() - Duration::seconds(5);
    let first = store.migrate_up(Some(1)).await.unwrap();
    assert_eq!(first, vec![status[0].version]);
    let status = store.migration_status().await.unwrap();
    let applied_at = status[0].applied_at.expect("first applied");
    assert!(applied_at > before && applied_at <= Utc::now() + Duration::seconds(5));
    assert_eq!(status[0].name, "init");
    assert!(status[1].applied_at.is_none());
    assert!(matches!(
        store::check_schema(store.as_ref()).await,
        Err(StoreError::PendingMigrations(n)) if n == known - 1
    ));
    store.migrate_up(None).await.unwrap();
    store::check_schema(store.as_ref()).await.unwrap();
}

pub(crate) async fn unknown_applied_version_is_an_error(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    let known = ctx.store.migration_status().await.unwrap().len() as i64;
    // What a newer modd would leave behind after its own migration.
    testing::execute_raw(
        &ctx.url,
        "INSERT INTO schema_migrations (version, name, applied_at) \
         VALUES (29991231000000, 'from_the_future', '2026-11-25T00:00:00.000000Z')",
    )
    .await;
    let store = &ctx.store;
    for result in [
        store.migration_status().await.map(|_| ()),
        store.migrate_up(None).await.map(|_| ()),
        store.migrate_down(1).await.map(|_| ()),
        store::check_schema(store.as_ref()).await,
    ] {
        match result {
            Err(StoreError::Migration(msg)) => {
                assert!(msg.contains("29991231000000_from_the_future"), "{msg}")
            }
            other => panic!("expected a migration error, got {other:?}"),
        }
    }
    // Nothing was reverted on the way.
    assert_eq!(
        testing::query_i64(&ctx.url, "SELECT COUNT(*) FROM schema_migrations").await,
        known + 1
    );
}

pub(crate) async fn ping_and_pool_stats(ctx: Ctx) {
    assert_eq!(
        ctx.store.backend(),
        store::Backend::from_url(&ctx.url).unwrap()
    );
    let store = ctx.migrated().await.store;
    store.ping().await.unwrap();
    let stats = store.pool_stats();
    assert_eq!(stats.max, ConnectOptions::default().max_connections);
    assert!(stats.size >= 1 && stats.size <= stats.max);
    assert!(stats.idle <= stats.size);
}

/// Two replicas starting together: each step is applied exactly once and
/// neither fails.
pub(crate) async fn concurrent_migrators_apply_once(ctx: Ctx) {
    let other = open(&ctx.url).await;
    let (a, b) = tokio::join!(ctx.store.migrate_up(None), other.migrate_up(None));
    let (mut a, b) = (a.unwrap(), b.unwrap());
    a.extend(b);
    a.sort();
    let all: Vec<i64> = ctx
        .store
        .migration_status()
        .await
        .unwrap()
        .iter()
        .map(|m| m.version)
        .collect();
    assert_eq!(a, all, "every version applied by exactly one of them");
    assert_eq!(
        testing::query_i64(&ctx.url, "SELECT COUNT(*) FROM schema_migrations").await,
        all.len() as i64
    );
    store::check_schema(other.as_ref()).await.unwrap();
}

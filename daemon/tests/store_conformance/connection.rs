//! Backend-specific checks outside the shared suite: SQLite connection
//! handling and the PostgreSQL test-database helper.

use super::*;

#[tokio::test]
async fn sqlite_memory_keeps_one_database() {
    let store = open("sqlite::memory:").await;
    store.migrate_up(None).await.unwrap();
    let id = insert_one(store.as_ref(), item("forum", "m", "t")).await;
    // Several concurrent reads: all must see the same in-memory database.
    let reads = futures::future::join_all((0..4).map(|_| store.get_item(id))).await;
    assert!(reads.into_iter().all(|r| r.unwrap().is_some()));
    assert_eq!(store.pool_stats().max, 1);
}

#[tokio::test]
async fn sqlite_creates_missing_parent_directories() {
    let (dir, _) = testing::sqlite_temp().await;
    let file = dir.path().join("data/nested/modd.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let store = open(&url).await;
    store.migrate_up(None).await.unwrap();
    assert!(file.exists());
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut sqlx::SqliteConnection::connect(&url).await.unwrap())
        .await
        .unwrap();
    assert_eq!(journal, "wal");
}

#[tokio::test]
async fn unknown_scheme_is_a_config_error() {
    match store::connect("mysql://localhost/x", &ConnectOptions::default()).await {
        Err(StoreError::Config(msg)) => assert!(msg.contains("sqlite:")),
        other => panic!("expected Config, got {:?}", other.map(|_| ())),
    }
}

/// A test that panics never reaches `cleanup()`: `Drop` must remove the
/// database anyway, from inside a running runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_test_db_is_dropped_without_cleanup() {
    let Some(db) = testing::postgres_fresh().await else {
        return;
    };
    let name = db.name().to_owned();
    let store = open(db.url()).await;
    store.migrate_up(None).await.unwrap();
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let exists = format!("SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'");
    assert_eq!(testing::query_i64(&admin, &exists).await, 1);
    drop(db); // the store's pool is still open: FORCE must cope
    assert_eq!(testing::query_i64(&admin, &exists).await, 0);
}

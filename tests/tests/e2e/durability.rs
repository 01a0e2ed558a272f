//! Nothing accepted is lost: items pending at shutdown are decided after a
//! restart; a pending schema stops PostgreSQL start-up unless allowed.

use modd_common::{AnalyseRequest, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

modd_testkit::on_both_backends!(
    pending_items_survive_a_restart,
    concurrent_submissions_are_all_stored
);

async fn pending_items_survive_a_restart(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // First life: API only, so everything stays pending.
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let client = d.client_as(Role::Client).await;
    for i in 0..25 {
        let req = AnalyseRequest::new("a", format!("r-{i}"), "comment").with_text("some text");
        client.analyse(&req).await.unwrap();
    }
    d.shutdown().await;

    // Second life, with workers: the reconciler finds all 25.
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "2")]).await;
    let done = eventually(Duration::from_secs(30), || async {
        let c = d.store.count_by_status().await.ok()?;
        (c[&ItemStatus::Approved] == 25).then_some(c)
    })
    .await;
    assert!(
        done.is_some(),
        "all items decided after restart: {:?}",
        d.store.count_by_status().await
    );
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        0
    );
    d.shutdown().await;
}

async fn concurrent_submissions_are_all_stored(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let client = d.client_as(Role::Client).await;
    let mut tasks = Vec::new();
    for i in 0..200 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            // Every 4th request repeats an id: duplicates inside one batch.
            let id = if i % 4 == 0 {
                "same".to_owned()
            } else {
                format!("c-{i}")
            };
            client
                .analyse(&AnalyseRequest::new("a", id, "comment").with_text("t"))
                .await
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let total = eventually(Duration::from_secs(30), || async {
        let c = d.store.count_by_status().await.ok()?;
        (c[&ItemStatus::Approved] == 151).then_some(c)
    })
    .await;
    assert!(
        total.is_some(),
        "150 distinct + 1 shared id: {:?}",
        d.store.count_by_status().await
    );
    d.shutdown().await;
}

/// PostgreSQL refuses to start on a schema behind the code unless
/// `MODD_AUTO_MIGRATE=true`; SQLite always migrates itself.
#[tokio::test]
async fn pending_migrations_stop_postgres_but_not_sqlite() {
    let settings = |url: &str, auto: &str, dir: &std::path::Path| {
        let mut raw = modd::settings::defaults();
        raw.insert("DATABASE_URL", url.to_owned());
        raw.insert("MODD_AUTO_MIGRATE", auto.to_owned());
        raw.insert("MODD_DATA_DIR", dir.display().to_string());
        modd::settings::Settings::from_raw(&raw).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = TestDb::new(Db::Sqlite).await.unwrap();
    assert!(
        modd::server::open_store(&settings(&sqlite.url, "false", dir.path()))
            .await
            .is_ok()
    );

    let Some(pg) = TestDb::new(Db::Postgres).await else {
        return;
    };
    let err = match modd::server::open_store(&settings(&pg.url, "false", dir.path())).await {
        Err(e) => e.to_string(),
        Ok(_) => panic!("started on an unmigrated PostgreSQL"),
    };
    assert!(err.contains("modctl migrate up"), "{err}");
    let store = modd::server::open_store(&settings(&pg.url, "true", dir.path()))
        .await
        .unwrap();
    assert!(
        store
            .migration_status()
            .await
            .unwrap()
            .iter()
            .all(|m| m.applied_at.is_some())
    );
}

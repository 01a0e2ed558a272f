//! `modctl queue …` through the real binary against a real daemon (Redis
//! queue, SQLite store): tables, `--json`, confirmation, exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::Utc;
use common::modctl_env;
use modd::store::{NewItem, Store};
use modd_common::{DeadLetterView, DlqPurgeView, DlqRetryAllView, QueueStatsView, Role};
use modd_testkit::{KeySpec, TestDaemon, TestDb, insert_key};
use std::time::Duration;

async fn admin_key(store: &dyn Store) -> String {
    let spec = KeySpec {
        role: Role::Admin,
        ..KeySpec::default()
    };
    insert_key(store, spec).await.1
}

/// An item in `error` with its job dead-lettered, as a worker leaves it.
async fn dead_letter(r: &TestDaemon, external_id: &str) -> i64 {
    let inserted = r
        .store
        .insert_items(&[NewItem {
            source_app: "forum".into(),
            external_id: external_id.into(),
            content_type: "comment".into(),
            text: Some("t".into()),
            image_url: None,
            created_at: Utc::now(),
        }])
        .await
        .unwrap();
    let id = inserted[0].item.id;
    r.queue.enqueue(&[id]).await.unwrap();
    let job = r
        .queue
        .next("test", Duration::from_secs(2))
        .await
        .unwrap()
        .unwrap();
    assert!(r.store.mark_error(id, "classifier exploded").await.unwrap());
    r.queue
        .dead_letter(&job, "classifier exploded")
        .await
        .unwrap();
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_commands_against_a_daemon() {
    let Some(prefix) = modd_testkit::RedisPrefix::new() else {
        return;
    };
    let db = TestDb::sqlite();
    let r = common::daemon::start(&db, &prefix.settings()).await;
    let key = admin_key(&*r.store).await;
    let env = [
        ("MODCTL_URL", r.base.as_str()),
        ("MODCTL_ADMIN_KEY", key.as_str()),
    ];
    let first = dead_letter(&r, "one").await;
    let second = dead_letter(&r, "two").await;

    let stats: QueueStatsView = modctl_env(&["queue", "stats", "--json"], &env)
        .await
        .ok("stats")
        .json();
    assert_eq!((stats.kind.as_str(), stats.dead_letters), ("redis", 2));
    let table = modctl_env(&["queue", "stats"], &env).await;
    assert!(
        table.ok("stats table").stdout.contains("dead letters"),
        "{}",
        table.stdout
    );

    let run = modctl_env(&["queue", "dlq", "list", "--json"], &env).await;
    let list: Vec<DeadLetterView> = run.ok("list").json();
    assert_eq!(
        list.iter().map(|d| d.item_id).collect::<Vec<_>>(),
        vec![first, second]
    );
    let run = modctl_env(
        &[
            "queue",
            "dlq",
            "list",
            "--limit",
            "1",
            "--after",
            &list[0].id,
            "--json",
        ],
        &env,
    )
    .await;
    assert_eq!(
        run.ok("page").json::<Vec<DeadLetterView>>(),
        vec![list[1].clone()]
    );
    let run = modctl_env(&["queue", "dlq", "show", &list[0].id], &env).await;
    assert!(
        run.ok("show")
            .stdout
            .contains("reason: classifier exploded"),
        "{}",
        run.stdout
    );
    modctl_env(&["queue", "dlq", "show", "1-0"], &env)
        .await
        .expect_code(1, "missing id");

    // Retry one: the item is pending and queued again.
    let run = modctl_env(&["queue", "dlq", "retry", &list[0].id], &env).await;
    assert!(
        run.ok("retry")
            .stdout
            .contains(&format!("Item {first} is pending again")),
        "{}",
        run.stdout
    );
    let item = r.store.get_item(first).await.unwrap().unwrap();
    assert_eq!(item.status, modd_common::ItemStatus::Pending);
    modctl_env(&["queue", "dlq", "retry"], &env)
        .await
        .expect_code(2, "no id, no --all");
    modctl_env(&["queue", "dlq", "retry", "x", "--all"], &env)
        .await
        .expect_code(2, "both");

    // Purge asks first; without a terminal it refuses unless --yes.
    let run = modctl_env(&["queue", "dlq", "purge"], &env).await;
    run.expect_code(2, "purge without --yes");
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);
    assert_eq!(
        r.queue.stats().await.unwrap().dead_letters,
        1,
        "nothing deleted"
    );
    let purged: DlqPurgeView = modctl_env(&["queue", "dlq", "purge", "--yes", "--json"], &env)
        .await
        .ok("purge")
        .json();
    assert_eq!(purged.purged, 1);
    let done: DlqRetryAllView = modctl_env(&["queue", "dlq", "retry", "--all", "--json"], &env)
        .await
        .ok("retry all")
        .json();
    assert_eq!((done.requeued, done.dropped), (0, 0));

    let run = modctl_env(&["queue", "workers"], &env).await;
    assert!(
        run.ok("workers").stdout.contains("No live workers"),
        "{}",
        run.stdout
    );

    // Without an admin key: exit 1 and a hint, never a panic.
    let run = modctl_env(&["queue", "stats"], &[("MODCTL_URL", r.base.as_str())]).await;
    run.expect_code(1, "no key");
    assert!(run.stderr.contains("MODCTL_ADMIN_KEY"), "{}", run.stderr);
    prefix.cleanup().await;
}

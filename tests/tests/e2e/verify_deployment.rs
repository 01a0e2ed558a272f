//! `modctl verify`'s deployment section through the binary with a viewer
//! key, against two real replicas sharing the database and Redis: both are
//! listed, one version, one schema. Then a third replica's snapshot from an
//! older release appears (published into Redis as a replica would): version
//! skew is a warning and the mixed schema a failure (exit 1).

use chrono::Utc;
use modctl::client::Client;
use modd_common::{ReplicaStats, Role, StatsView};
use modd_testkit::{Db, RedisPrefix, TestDaemon, TestDb, eventually};
use serde_json::Value;
use std::process::Command;
use std::time::Duration;

modd_testkit::on_both_backends!(verify_sees_every_replica_and_their_skew);

fn verify(base: &str, key: &str) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(["--json", "verify", "--only", "deployment"])
        .env("MODCTL_URL", base)
        .env("MODCTL_ADMIN_KEY", key)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run modctl");
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap_or(-1), report)
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no {id}: {report}"))
}

async fn verify_sees_every_replica_and_their_skew(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(redis) = RedisPrefix::new() else {
        return;
    };
    let mut settings = redis.settings().to_vec();
    settings.push(("MODD_WORKERS", "1"));
    let (a, b) = TestDaemon::pair(&db, &settings).await;
    let viewer = a.key(Role::Viewer, &[]).await;
    let client = Client::new(&a.base, Some(viewer.clone())).unwrap();
    let both: StatsView = eventually(Duration::from_secs(15), || async {
        let s = client.stats(None).await.ok()?;
        (s.replicas.len() == 2).then_some(s)
    })
    .await
    .expect("A sees both replicas");

    let base = a.base.clone();
    let key = viewer.clone();
    let (code, report) = tokio::task::spawn_blocking(move || verify(&base, &key))
        .await
        .unwrap();
    let replicas = check(&report, "deployment.replicas");
    assert_eq!(replicas["status"], "pass", "{report}");
    let details = replicas["details"]
        .as_array()
        .expect("one line per replica");
    assert_eq!(details.len(), 2, "{details:?}");
    for r in &both.replicas {
        assert!(
            details
                .iter()
                .any(|d| d.as_str().unwrap().starts_with(&r.id)),
            "{details:?}"
        );
    }
    assert_eq!(check(&report, "deployment.versions")["status"], "pass");
    assert_eq!(check(&report, "deployment.schema")["status"], "pass");
    // PostgreSQL or SQLite, but with Redis: not the single-node shape.
    assert_eq!(check(&report, "deployment.single-node")["status"], "pass");
    assert_eq!(code, 0, "{report}");

    // An older release joins: its snapshot, as its publisher writes it.
    let mut old: ReplicaStats = both.replicas[0].clone();
    old.id = "oldhost-1-x".into();
    old.version = "0.0.1".into();
    old.schema = Some(20261125000001);
    old.taken_at = Utc::now();
    let handle = redis.handle();
    let mut conn = redis::Client::open(redis.url.as_str())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let _: () = redis::pipe()
        .cmd("SET")
        .arg(modd::observe::stats::publish::key(&handle, &old.id))
        .arg(serde_json::to_string(&old).unwrap())
        .arg("PX")
        .arg(60_000)
        .ignore()
        .cmd("ZADD")
        .arg(modd::observe::stats::publish::index(&handle))
        .arg(Utc::now().timestamp_millis())
        .arg(&old.id)
        .ignore()
        .query_async(&mut conn)
        .await
        .unwrap();
    let base = a.base.clone();
    let (code, report) = tokio::task::spawn_blocking(move || verify(&base, &viewer))
        .await
        .unwrap();
    assert_eq!(
        check(&report, "deployment.versions")["status"],
        "warn",
        "{report}"
    );
    let schema = check(&report, "deployment.schema");
    assert_eq!(schema["status"], "fail", "{report}");
    assert!(
        schema["reason"]
            .as_str()
            .unwrap()
            .contains("20261125000001")
    );
    assert_eq!(code, 1, "a failed check fails the run");
    b.shutdown().await;
    a.shutdown().await;
}

//! `modctl bench` against a real daemon: it stores what it reports, the
//! open loop keeps its schedule, and the `--fail-*` gates fail the run.

use clap::Parser;
use modd_common::{ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb};

modd_testkit::on_both_backends!(bench_reports_what_it_stored_and_gates_fail);

async fn bench(d: &TestDaemon, key: &str, extra: &[&str]) -> Result<(), modctl::CliError> {
    let mut args = vec![
        "modctl",
        "--url",
        &d.base,
        "bench",
        "--key",
        key,
        "--decision-sample",
        "20",
    ];
    args.extend_from_slice(extra);
    modctl::run(modctl::Cli::try_parse_from(args).expect("valid arguments")).await
}

async fn total(d: &TestDaemon) -> i64 {
    d.store.count_by_status().await.unwrap().values().sum()
}

async fn bench_reports_what_it_stored_and_gates_fail(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    bench(&d, &key, &["--duration", "1s", "--concurrency", "4"])
        .await
        .expect("closed loop runs");
    let after_closed = total(&d).await;
    assert!(after_closed > 0);

    // Open loop at 40/s for 2 s: the schedule is kept, so 80 requests.
    bench(&d, &key, &["--duration", "2s", "--rate", "40"])
        .await
        .expect("open loop runs");
    assert_eq!(total(&d).await - after_closed, 80);
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Error],
        0
    );

    let err = bench(
        &d,
        &key,
        &["--duration", "1s", "--rate", "20", "--fail-p95-ms", "0.001"],
    )
    .await
    .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(err.to_string().contains("p95"), "{err}");

    // Every accepted item's timings from the database instead of a sample.
    let before = total(&d).await;
    bench(
        &d,
        &key,
        &[
            "--duration",
            "1s",
            "--rate",
            "30",
            "--decisions-from-database",
            "--database-url",
            &db.url,
        ],
    )
    .await
    .expect("reads the timings from the database");
    let sent = total(&d).await - before;
    assert!(sent >= 30, "{sent}");
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        0,
        "it waited for every decision"
    );
    // A database it cannot open fails the run before any request is sent.
    let err = bench(
        &d,
        &key,
        &[
            "--duration",
            "1s",
            "--decisions-from-database",
            "--database-url",
            "postgres://postgres@127.0.0.1:1/nowhere",
        ],
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("database"), "{err}");
    assert_eq!(total(&d).await - before, sent);

    // Every request refused (unknown key): the error-rate gate trips.
    let unknown = modd_common::ApiKey::generate(modd_common::KeyEnvironment::Test);
    let err = bench(
        &d,
        unknown.expose_secret(),
        &[
            "--duration",
            "1s",
            "--rate",
            "10",
            "--fail-error-rate",
            "0.5",
        ],
    )
    .await
    .unwrap_err();
    assert!(err.to_string().contains("error rate"), "{err}");
    d.shutdown().await;
}

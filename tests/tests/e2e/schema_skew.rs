//! Version skew in a rolling deploy: a database whose schema is newer than
//! this binary by an *expand* migration (recorded compatible) still serves,
//! and `/ready` says so; one newer by a *contract* migration is refused at
//! start with both schema versions named.

use modd_common::{AnalyseRequest, ReadyReport, Role};
use modd_testkit::{Db, TestDaemon, TestDb};
use reqwest::Method;

modd_testkit::on_both_backends!(
    a_newer_compatible_schema_serves_and_an_incompatible_one_is_refused
);

const EXPAND: i64 = 29990101000001;
const CONTRACT: i64 = 29990101000002;

/// What the next release's migration would leave: its row in
/// `schema_migrations` and its own flag in `schema_compat`.
async fn apply_future_migration(url: &str, version: i64, name: &str, compatible: bool) {
    let sql = [
        format!(
            "INSERT INTO schema_migrations (version, name, applied_at) \
             VALUES ({version}, '{name}', '2999-01-01T00:00:00Z')"
        ),
        format!(
            "INSERT INTO schema_compat (version, compatible) VALUES ({version}, {})",
            i32::from(compatible)
        ),
    ];
    for statement in sql {
        modd_testkit::execute_raw(url, &statement).await;
    }
}

async fn a_newer_compatible_schema_serves_and_an_incompatible_one_is_refused(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let binary = modd::store::MIGRATIONS_SQLITE
        .last()
        .map(|m| m.version)
        .unwrap();
    // This binary's schema first.
    TestDaemon::start(&db, &[("MODD_WORKERS", "0")])
        .await
        .shutdown()
        .await;
    modd_testkit::execute_raw(&db.url, "CREATE TABLE future_expand (id BIGINT)").await;
    apply_future_migration(&db.url, EXPAND, "future_expand", true).await;

    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let probe = d.client(None).probe(Method::GET, &["ready"]).await.unwrap();
    assert_eq!(probe.status, 200);
    let report: ReadyReport = d.client(None).ready().await.unwrap();
    let detail = report.checks["schema"].detail.clone().unwrap_or_default();
    assert!(
        detail.contains(&format!(
            "schema {EXPAND} is newer than this binary's {binary}"
        )),
        "{detail}"
    );
    // The admin facts (what `modctl verify` reads) still answer.
    let admin = d.key(Role::Admin, &[]).await;
    d.client(Some(&admin)).facts().await.unwrap();
    let key = d.key(Role::Client, &[]).await;
    let req = AnalyseRequest::new("forum", "skew", "comment").with_text("hello");
    d.client(Some(&key))
        .analyse(&req)
        .await
        .expect("the old binary still takes work");
    d.shutdown().await;

    apply_future_migration(&db.url, CONTRACT, "future_contract", false).await;
    let dir = tempfile::tempdir().unwrap();
    let mut raw = modd::settings::defaults();
    raw.insert("DATABASE_URL", db.url.clone());
    raw.insert("MODD_DATA_DIR", dir.path().display().to_string());
    raw.insert("MODD_WORKERS", "0".into());
    let settings = modd::settings::Settings::from_raw(&raw).unwrap();
    let Err(e) = modd::Daemon::start(settings).await else {
        panic!("started on a schema with a contract migration it does not know");
    };
    let e = e.to_string();
    assert!(
        e.contains(&format!(
            "schema {CONTRACT} is newer than this binary's {binary}"
        )) && e.contains(&CONTRACT.to_string()),
        "{e}"
    );
}

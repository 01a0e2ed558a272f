//! The dashboard's and the rules' PromQL against a real modd: every
//! expression parses, every metric it names is exported after traffic, and
//! a `modd worker` serves the same process metrics on its own port.

use modd_common::Role;
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use serde_json::json;
use std::collections::BTreeSet;
use std::time::Duration;

use crate::{call, logs, promql, rules};

/// Metric names in a Prometheus text exposition.
pub fn exported(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split(['{', ' ']).next())
        .map(str::to_owned)
        .collect()
}

/// Metrics other exporters provide; each with the reason.
const EXTERNAL: &[(&str, &str)] = &[
    ("up", "Prometheus's own scrape health"),
    (
        "probe_ssl_earliest_cert_expiry",
        "the blackbox exporter probing the HTTPS front",
    ),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_and_alerts_use_only_parsable_promql_over_exported_metrics() {
    logs();
    let db = TestDb::new(Db::Sqlite).await.unwrap();
    // A remote provider (on a closed port) so its breaker gauge exists.
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_WORKERS", "1"),
            ("MODD_OPENAI_BASE_URL", "http://127.0.0.1:9/v1"),
        ],
    )
    .await;
    let admin = d.key(Role::Admin, &[]).await;
    // Everything in `obs` goes to review, so a reviewer's decision is counted too.
    let policy = json!({"document": {"default": {"review_at": 0.0}}});
    let (status, body) = call(
        &d,
        reqwest::Method::PUT,
        "/api/v1/admin/policies/obs",
        &admin,
        Some(policy),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let mut ids = Vec::new();
    for i in 0..5 {
        let item = json!({"external_id": format!("o{i}"), "text": "hello there", "content_type": "comment", "source_app": "obs"});
        let (status, body) = call(
            &d,
            reqwest::Method::POST,
            "/api/v1/moderation/analyse",
            &admin,
            Some(item),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    let first = ids[0];
    let decided = eventually(Duration::from_secs(30), || async {
        let (_, body) = call(
            &d,
            reqwest::Method::GET,
            &format!("/api/v1/moderation/{first}"),
            &admin,
            None,
        )
        .await;
        (body["status"] == "flagged").then_some(())
    })
    .await;
    assert!(decided.is_some(), "the worker flags the item");
    let (status, body) = call(
        &d,
        reqwest::Method::POST,
        &format!("/api/v1/admin/review/{first}/approve"),
        &admin,
        Some(json!({"note": "fine"})),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = call(&d, reqwest::Method::GET, "/no/such/route", &admin, None).await;
    assert_eq!(status, 404);
    let text = d
        .http
        .get(d.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let exported = exported(&text);

    let all_rules = promql::rules();
    let recorded: BTreeSet<String> = all_rules.iter().filter_map(|r| r.record.clone()).collect();
    let mut exprs = promql::dashboard_exprs();
    assert!(
        exprs.len() > 30,
        "the dashboard has its panels: {}",
        exprs.len()
    );
    exprs.extend(all_rules.iter().map(|r| r.expr.clone()));

    // Every expression parses: promtool loads them as recording rules.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("extracted.rules.yml");
    std::fs::write(&file, rules::as_rule_file(&exprs)).unwrap();
    rules::promtool(&["check", "rules", &file.display().to_string()]);

    let mut missing = BTreeSet::new();
    for expr in &exprs {
        for name in promql::metric_names(expr) {
            let external = EXTERNAL.iter().any(|(n, _)| *n == name);
            if !recorded.contains(&name) && !external && !exported.contains(&name) {
                missing.insert(name);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "used by the dashboard or the alerts but not exported by modd: {missing:?}\n{text}"
    );
    for name in [
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_open_fds",
        "process_max_fds",
        "process_start_time_seconds",
        "modd_build_info",
    ] {
        assert!(exported.contains(name), "{name} missing:\n{text}");
    }
    assert!(text.contains(",mode=\"serve\"} 1"), "{text}");
    d.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_process_serves_the_same_process_metrics_on_its_own_port() {
    let db = TestDb::new(Db::Sqlite).await.unwrap();
    // The API first, so the database is migrated before the worker opens it.
    let api = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let data_dir = tempfile::tempdir().unwrap();
    let mut raw = modd::settings::defaults();
    raw.insert("DATABASE_URL", db.url.clone());
    raw.insert("MODD_DATA_DIR", data_dir.path().display().to_string());
    raw.insert("MODD_WORKERS", "1".into());
    let settings = modd::settings::Settings::from_raw(&raw).unwrap();
    let worker = modd::Daemon::start_mode(settings, modd::Mode::Worker)
        .await
        .unwrap();
    // The port `modd worker` binds is MODD_WORKER_BIND; here any free one.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(worker.serve(listener, async move {
        let _ = stopped.await;
    }));
    let text = reqwest::get(format!("http://{addr}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let names = exported(&text);
    for name in [
        "process_cpu_seconds_total",
        "process_resident_memory_bytes",
        "process_open_fds",
        "process_start_time_seconds",
        "modd_build_info",
        "modd_ready",
    ] {
        assert!(names.contains(name), "{name} missing:\n{text}");
    }
    assert!(text.contains(",mode=\"worker\"} 1"), "{text}");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
    api.shutdown().await;
}

//! Observability as code, checked against the daemon it describes: the
//! alert rules (promtool), the Grafana dashboard's and the rules' PromQL
//! (every expression parses, every metric it names is exported by a real
//! modd after traffic), and the access log (one line per request, never a
//! key, never content).
//!
//! A test binary of its own because it installs the process-wide log
//! subscriber (JSON, at info, as production runs) into a buffer.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod promql;
mod rules;

use modd_common::Role;
use modd_tests::log_capture::LogCapture;
use modd_tests::{Db, KeySpec, TestDaemon, TestDb, eventually};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use std::time::Duration;

fn logs() -> &'static LogCapture {
    static CAPTURE: OnceLock<LogCapture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = LogCapture::default();
        let writer = capture.clone();
        tracing_subscriber::fmt()
            .with_env_filter("info")
            .with_ansi(false)
            .json()
            .flatten_event(true)
            .with_writer(move || writer.clone())
            .try_init()
            .expect("the only subscriber in this binary");
        capture
    })
}

/// Metric names in a Prometheus text exposition.
fn exported(text: &str) -> BTreeSet<String> {
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

async fn call(
    d: &TestDaemon,
    method: reqwest::Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = d.http.request(method, d.url(path)).header("X-API-KEY", key);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

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
async fn access_log_has_one_line_per_request_and_no_key_or_content() {
    logs();
    let db = TestDb::new(Db::Sqlite).await.unwrap();
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let (key_id, key) = d.key_with(KeySpec::default()).await;
    // The random body of the key (enough to rebuild it), as logs.rs checks.
    let secret_body = key[9..].to_owned();
    let content = "zebra-marker-content-5521 with words";
    let external_id = "ext-marker-7731";
    let item = json!({"external_id": external_id, "text": content, "content_type": "comment", "source_app": "logs"});
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &key)
        .header("x-request-id", "req-observe-1")
        .json(&item)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Ids and a key in the query string: never logged, only the route template.
    let find = format!("/api/v1/moderation?source_app=logs&external_id={external_id}");
    assert_eq!(
        call(&d, reqwest::Method::GET, &find, &key, None).await.0,
        200
    );
    let res = d
        .http
        .post(d.url(&format!("/v1alpha1/comments:analyze?key={key}")))
        .json(&json!({"comment": {"text": content}, "requestedAttributes": {"TOXICITY": {}}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        call(
            &d,
            reqwest::Method::GET,
            "/api/v1/whoami",
            "mk_live_wrong",
            None
        )
        .await
        .0,
        401
    );
    for _ in 0..3 {
        d.http.get(d.url("/health")).send().await.unwrap();
    }
    d.http.get(d.url("/metrics")).send().await.unwrap();
    d.shutdown().await;

    let text = logs().text();
    let access: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "modd::access")
        .collect();
    let analyse = access
        .iter()
        .find(|v| v["request_id"] == "req-observe-1")
        .unwrap_or_else(|| panic!("no access line for the analyse request:\n{text}"));
    assert_eq!(analyse["level"], "INFO");
    assert_eq!(analyse["method"], "POST");
    assert_eq!(analyse["route"], "/api/v1/moderation/analyse");
    assert_eq!(analyse["status"], 200);
    assert_eq!(analyse["key_id"], key_id);
    assert_eq!(analyse["client"], "127.0.0.1");
    assert!(analyse["latency_ms"].as_f64().unwrap() > 0.0, "{analyse}");
    assert!(analyse["bytes_in"].as_u64().unwrap() > 0, "{analyse}");
    assert!(analyse["bytes_out"].as_u64().unwrap() > 0, "{analyse}");
    let routes: Vec<&str> = access.iter().filter_map(|v| v["route"].as_str()).collect();
    assert!(routes.contains(&"/api/v1/moderation"), "{routes:?}");
    assert!(routes.contains(&"/v1alpha1/comments:analyze"), "{routes:?}");
    let refused = access
        .iter()
        .find(|v| v["route"] == "/api/v1/whoami" && v["status"] == 401)
        .expect("the refused request is logged");
    assert!(refused.get("key_id").is_none(), "{refused}");
    assert!(
        !routes.iter().any(|r| matches!(*r, "/health" | "/metrics")),
        "probes are off by default: {routes:?}"
    );
    // Nothing secret and nothing a client sent, in any line at info.
    for needle in [
        key.as_str(),
        secret_body.as_str(),
        content,
        "zebra-marker",
        external_id,
    ] {
        assert!(
            !text.contains(needle),
            "{needle:?} reached the log:\n{text}"
        );
    }
    assert!(
        !text.contains("?key="),
        "a raw query string reached the log"
    );
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

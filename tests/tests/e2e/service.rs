//! `/`, `/health`, `/ready`, `/metrics`, `/openapi.json`, headers, CORS.

use modd_common::{AnalyseRequest, ReadyReport, Role, ServiceInfo};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::time::Duration;

modd_testkit::on_both_backends!(
    service_endpoints_answer,
    every_response_has_security_headers_and_a_request_id,
    ready_reports_an_unreachable_redis_as_degraded,
    ready_answers_within_its_deadline_when_redis_hangs
);

async fn service_endpoints_answer(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let info: ServiceInfo = d.client(None).info().await.unwrap();
    assert_eq!(info.service, "modd");
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    assert_eq!(
        d.http.get(d.url("/health")).send().await.unwrap().status(),
        200
    );
    // Ready once the workers run and the first probes answer: on a busy
    // machine the first report right after the start may still be
    // `degraded` (a worker task not yet scheduled, a probe past its
    // deadline), so it is asked again for a while, never accepted as ok.
    let ask = || async {
        let ready = d.http.get(d.url("/ready")).send().await.unwrap();
        assert_eq!(ready.status(), 200);
        ready.json::<ReadyReport>().await.unwrap()
    };
    let ok = eventually(Duration::from_secs(15), || async {
        let r = ask().await;
        (r.status == "ok").then_some(r)
    })
    .await;
    let report = match ok {
        Some(report) => report,
        None => ask().await,
    };
    assert_eq!(report.status, "ok", "{report:?}");
    for dep in ["database", "queue_local", "workers"] {
        assert_eq!(
            report.checks[dep].status, "ok",
            "{dep}: {:?}",
            report.checks[dep]
        );
    }

    let key = d.key(Role::Client, &[]).await;
    let req = AnalyseRequest {
        external_id: "m".into(),
        text: Some("t".into()),
        image_url: None,
        image_base64: None,
        content_type: "comment".into(),
        source_app: "a".into(),
    };
    d.client(Some(&key)).analyse(&req).await.unwrap();
    let metrics = d
        .http
        .get(d.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for series in [
        "modd_http_requests_total{",
        "modd_http_request_duration_seconds_bucket{",
        "modd_items{status=\"pending\"}",
        "modd_queue_depth",
        "modd_db_pool_connections",
    ] {
        assert!(metrics.contains(series), "missing {series} in\n{metrics}");
    }
    assert!(metrics.contains("route=\"/api/v1/moderation/analyse\""));

    let doc: serde_json::Value = d
        .http
        .get(d.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/",
        "/health",
        "/ready",
        "/metrics",
        "/openapi.json",
        "/api/v1/moderation/analyse",
        "/api/v1/moderation/{id}",
        "/api/v1/moderation",
    ] {
        assert!(doc["paths"].get(path).is_some(), "openapi lacks {path}");
    }
    d.shutdown().await;
}

async fn every_response_has_security_headers_and_a_request_id(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let strong = "q8ZrT1vW3yXb5nM7kP9sD2fG4hJ6lA0cE8uI1oR3tY5wQ7zV";
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_ENV", "production"),
            ("SECRET_KEY", strong),
            ("MODD_CORS_ORIGINS", "https://app.example.com"),
        ],
    )
    .await;
    for path in ["/", "/nope", "/api/v1/moderation/1"] {
        let res = d.http.get(d.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY");
        assert!(h.contains_key("referrer-policy"));
        assert!(h.contains_key("content-security-policy"));
        assert!(
            h["strict-transport-security"]
                .to_str()
                .unwrap()
                .contains("max-age=")
        );
        assert!(!h["x-request-id"].is_empty());
    }
    let res = d
        .http
        .get(d.url("/"))
        .header("x-request-id", "trace-me-1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-me-1");

    // CORS: the configured origin is allowed, another is not.
    let preflight = |origin: &'static str| {
        d.http
            .request(
                reqwest::Method::OPTIONS,
                d.url("/api/v1/moderation/analyse"),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
    };
    let allowed = preflight("https://app.example.com").await.unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
    d.shutdown().await;

    // Outside production: no HSTS.
    let d = TestDaemon::start(&db, &[]).await;
    let res = d.http.get(d.url("/")).send().await.unwrap();
    assert!(!res.headers().contains_key("strict-transport-security"));
    d.shutdown().await;
}

async fn ready_reports_an_unreachable_redis_as_degraded(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // Nothing listens on port 1: Redis is configured but unreachable. The
    // API still accepts (the row is the record), so this is degraded, not
    // down: a load balancer keeps sending traffic.
    let d = TestDaemon::start(&db, &[("REDIS_URL", "redis://127.0.0.1:1")]).await;
    let res = d.http.get(d.url("/ready")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let report: ReadyReport = res.json().await.unwrap();
    assert_eq!(report.status, "degraded");
    assert_eq!(report.checks["redis"].status, "degraded");
    assert_eq!(report.checks["queue_redis"].status, "degraded");
    assert_eq!(report.checks["database"].status, "ok");
    // Liveness does not depend on it.
    assert_eq!(
        d.http.get(d.url("/health")).send().await.unwrap().status(),
        200
    );
    d.shutdown().await;
}

async fn ready_answers_within_its_deadline_when_redis_hangs(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // A "Redis" that accepts connections and never answers: every probe of
    // it hangs until someone gives up.
    let hung = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("redis://{}", hung.local_addr().unwrap());
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = hung.accept().await {
            held.push(socket);
        }
    });
    let d = TestDaemon::start(&db, &[("REDIS_URL", &url), ("MODD_WORKERS", "0")]).await;
    let start = std::time::Instant::now();
    let res = d.http.get(d.url("/ready")).send().await.unwrap();
    let took = start.elapsed();
    // The checks run together under one deadline: checked one after the
    // other (queue, Redis, limiter), each waiting for its own timeout, the
    // answer took over 6 s.
    let deadline = modd::http::READY_DEADLINE;
    assert!(
        took < deadline + std::time::Duration::from_millis(750),
        "/ready took {took:?}"
    );
    let status = res.status();
    let report: ReadyReport = res.json().await.unwrap();
    assert_eq!(
        status, 200,
        "Redis is not required to accept work: {report:?}"
    );
    assert_eq!(report.checks["redis"].status, "degraded", "{report:?}");
    assert_eq!(report.checks["database"].status, "ok");
    d.shutdown().await;
    holder.abort();
}

//! The access log of a real modd: one JSON line per request with its
//! fields, probes off by default, and never a key or content in any line.

use modd_testkit::{Db, KeySpec, TestDaemon, TestDb};
use serde_json::{Value, json};

use crate::{call, logs};

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

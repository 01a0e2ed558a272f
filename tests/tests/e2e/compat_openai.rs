//! `POST /v1/moderations` over real HTTP: OpenAI's request and response
//! shapes, Bearer auth, OpenAI's error body, and the official `openai`
//! Python SDK pointed at modd.

use modd_common::Role;
use modd_testkit::{Db, TestDaemon, TestDb};
use serde_json::{Value, json};

modd_testkit::on_both_backends!(
    openai_shape_and_bearer_auth,
    openai_errors_use_openai_error_shape,
    openai_python_sdk_talks_to_modd
);

/// OpenAI's categories, every one of which each result must carry.
const OPENAI_CATEGORIES: [&str; 13] = [
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
];

pub async fn moderate(d: &TestDaemon, key: &str, body: Value) -> (u16, Value) {
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .bearer_auth(key)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn openai_shape_and_bearer_auth(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;

    let (status, body) = moderate(
        &d,
        &key,
        json!({"model": "omni-moderation-latest", "input": "you are a fucking idiot"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["id"].as_str().unwrap().starts_with("modr-"));
    assert!(body["model"].as_str().unwrap().starts_with("modd-"));
    let r = &body["results"][0];
    assert_eq!(r["flagged"], true, "{r}");
    for c in OPENAI_CATEGORIES {
        assert!(r["categories"][c].is_boolean(), "{c} in {r}");
        let s = r["category_scores"][c].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&s));
        assert!(r["category_applied_input_types"][c].is_array());
    }
    // Only what a local model scored is applied to the text; the rest is
    // honestly marked as not scored (no remote provider configured).
    assert_eq!(r["category_applied_input_types"]["hate"], json!(["text"]));
    assert_eq!(r["category_applied_input_types"]["violence"], json!([]));
    assert_eq!(r["category_scores"]["violence"], 0.0);
    assert!(
        r["category_scores"]["profanity"].as_f64().unwrap() > 0.9,
        "{r}"
    );
    assert_eq!(r["categories"]["profanity"], true);

    // A list of strings: one result each, in order; content parts: one result.
    let (status, body) = moderate(
        &d,
        &key,
        json!({"input": ["have a lovely day", "you are a fucking idiot"]}),
    )
    .await;
    assert_eq!(status, 200);
    let flagged: Vec<bool> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["flagged"].as_bool().unwrap())
        .collect();
    assert_eq!(flagged, [false, true]);
    let (status, body) = moderate(
        &d,
        &key,
        json!({"input": [{"type": "text", "text": "thanks,"}, {"type": "text", "text": "this helped"}]}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["results"].as_array().unwrap().len(), 1);
    assert_eq!(body["results"][0]["flagged"], false);

    // An image nobody can score is never approved silently.
    let (status, body) = moderate(
        &d,
        &key,
        json!({"input": [{"type": "image_url", "image_url": {"url": "https://img.example/a.png"}}]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["results"][0]["flagged"], true);
    assert_eq!(
        body["results"][0]["category_applied_input_types"]["violence"],
        json!([])
    );
}

async fn openai_errors_use_openai_error_shape(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &["forum"]).await;

    let check = |status: u16, body: &Value, want_status: u16, want_code: Option<&str>| {
        assert_eq!(status, want_status, "{body}");
        let e = &body["error"];
        assert!(
            e["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        assert!(e["type"].is_string() && e.get("param").is_some(), "{body}");
        if let Some(code) = want_code {
            assert_eq!(e["code"], code, "{body}");
        }
    };
    // No key, our X-API-KEY header, a wrong key: 401 invalid_api_key.
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .json(&json!({"input": "hi"}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    check(
        status,
        &res.json().await.unwrap(),
        401,
        Some("invalid_api_key"),
    );
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .header("X-API-KEY", &key)
        .json(&json!({"input": "hi"}))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    check(
        status,
        &res.json().await.unwrap(),
        401,
        Some("invalid_api_key"),
    );
    let (s, b) = moderate(&d, "mod_test_wrong", json!({"input": "hi"})).await;
    check(s, &b, 401, Some("invalid_api_key"));

    for (body, param) in [
        (json!({"input": []}), "input"),
        (json!({"model": "x"}), "input"),
        (json!({"input": "hi", "temperature": 1}), "temperature"),
        (
            json!({"input": ["a", {"type": "text", "text": "b"}]}),
            "input",
        ),
        (
            json!({"input": [{"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}]}),
            "input",
        ),
        (json!({"input": "x".repeat(20_001)}), "input"),
    ] {
        let (s, b) = moderate(&d, &key, body).await;
        check(s, &b, 400, None);
        assert_eq!(b["error"]["type"], "invalid_request_error");
        assert_eq!(b["error"]["param"], param, "{b}");
    }
    let res = d
        .http
        .post(d.url("/v1/moderations"))
        .bearer_auth(&key)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let b: Value = res.json().await.unwrap();
    check(status, &b, 400, None);
    assert!(
        !b.to_string().contains("not json"),
        "the body is not echoed"
    );

    // A key bound to "forum" cannot borrow another app's policy.
    let (s, b) = moderate(&d, &key, json!({"input": "hi", "source_app": "shop"})).await;
    check(s, &b, 403, None);
    let (s, _) = moderate(&d, &key, json!({"input": "hi", "source_app": "forum"})).await;
    assert_eq!(s, 200);
}

/// The interpreter with the `openai` package: `MODD_TEST_OPENAI_PYTHON`
/// (CI prepares a pinned venv). Unset: skipped, unless services are required.
fn sdk_python() -> Option<String> {
    let python = std::env::var("MODD_TEST_OPENAI_PYTHON")
        .ok()
        .filter(|p| !p.is_empty());
    let required = std::env::var("MODD_REQUIRE_SERVICES").is_ok_and(|v| v == "1");
    match python {
        Some(p) => Some(p),
        None if required => panic!(
            "MODD_TEST_OPENAI_PYTHON is unset and MODD_REQUIRE_SERVICES=1: create the venv as .ci/run does"
        ),
        None => None,
    }
}

async fn openai_python_sdk_talks_to_modd(db: Db) {
    let Some(python) = sdk_python() else {
        return;
    };
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[]).await;
    let key = d.key(Role::Client, &[]).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/openai_sdk.py");
    let out = tokio::process::Command::new(&python)
        .arg(script)
        .arg(d.url("/v1"))
        .arg(&key)
        .output()
        .await
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "openai SDK script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(seen["flagged"], true);
    assert_eq!(seen["many"], json!([false, true]));
    assert!(
        seen["scores"]["harassment/threatening"].is_number(),
        "{seen}"
    );
}

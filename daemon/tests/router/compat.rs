//! The compatible endpoints' malformed requests: bodies no typed client
//! can send (broken JSON, unknown fields, a mixed `input`, no `input`) and
//! a key in the wrong place. Each answers in its original's error shape
//! (OpenAI's, Google's) and echoes nothing. Moved from the end-to-end
//! suite, which covers the well-formed errors through the typed client.

use axum::body::Body;
use axum::http::Request;
use modd_common::Role;
use modd_common::compat::openai::OpenAiErrorBody;
use modd_common::compat::perspective::GoogleErrorBody;
use modd_testkit::{Answer, Db, TestDb, TestRouter, request};
use serde_json::{Value, json};

use crate::nothing_stored;

modd_testkit::on_both_backends!(
    openai_malformed_requests_get_openai_errors,
    perspective_malformed_requests_get_google_errors
);

const MODERATIONS: &str = "/v1/moderations";

fn openai(bearer: &str, body: &str) -> Request<Body> {
    Request::post(MODERATIONS)
        .header("authorization", format!("Bearer {bearer}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Asserts OpenAI's error shape with `status`; returns the detail as JSON.
fn openai_error(answer: &Answer, status: u16, what: &str) -> Value {
    let text = String::from_utf8_lossy(&answer.body);
    assert_eq!(answer.status.as_u16(), status, "{what}: {text}");
    let raw: Value = serde_json::from_slice(&answer.body).unwrap();
    assert!(raw["error"].get("param").is_some(), "{what}: {text}");
    let body: OpenAiErrorBody = serde_json::from_slice(&answer.body)
        .unwrap_or_else(|e| panic!("{what}: not OpenAI's shape ({e}): {text}"));
    assert!(!body.error.message.is_empty(), "{what}: {text}");
    assert!(!body.error.kind.is_empty(), "{what}: {text}");
    raw["error"].clone()
}

async fn openai_malformed_requests_get_openai_errors(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let key = app.key(Role::Client).await;

    // Our own header is not where OpenAI clients put the key.
    let ours = request(
        "POST",
        MODERATIONS,
        Some(&key),
        Some(&json!({"input": "hi"}).to_string()),
    );
    let e = openai_error(&app.send(ours).await, 401, "X-API-KEY only");
    assert_eq!(e["code"], "invalid_api_key");

    let cases = [
        ("no input", json!({"model": "x"}), "input"),
        (
            "unknown field",
            json!({"input": "hi", "temperature": 1}),
            "temperature",
        ),
        (
            "strings and parts mixed",
            json!({"input": ["a", {"type": "text", "text": "b"}]}),
            "input",
        ),
    ];
    for (what, body, param) in cases {
        let answer = app.send(openai(&key, &body.to_string())).await;
        let e = openai_error(&answer, 400, what);
        assert_eq!(e["type"], "invalid_request_error", "{what}: {e}");
        assert_eq!(e["param"], param, "{what}: {e}");
    }
    let answer = app.send(openai(&key, "{not json")).await;
    openai_error(&answer, 400, "broken JSON");
    assert!(
        !String::from_utf8_lossy(&answer.body).contains("not json"),
        "the body is not echoed"
    );
    nothing_stored(app.state.store.as_ref(), "after the bad requests").await;
}

async fn perspective_malformed_requests_get_google_errors(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let key = app.key(Role::Client).await;
    let path = format!("/v1alpha1/comments:analyze?key={key}");
    let cases = [
        (
            "unknown field",
            json!({"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}, "bogus": 1}),
        ),
        ("comment not an object", json!({"comment": "hi"})),
    ];
    for (what, body) in cases {
        let answer = app
            .send(request("POST", &path, None, Some(&body.to_string())))
            .await;
        let text = String::from_utf8_lossy(&answer.body);
        assert_eq!(answer.status.as_u16(), 400, "{what}: {text}");
        let e: GoogleErrorBody = serde_json::from_slice(&answer.body)
            .unwrap_or_else(|err| panic!("{what}: not Google's shape ({err}): {text}"));
        assert_eq!(
            (e.error.code, e.error.status.as_str()),
            (400, "INVALID_ARGUMENT")
        );
        assert!(!e.error.message.is_empty(), "{what}");
    }
}

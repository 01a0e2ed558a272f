//! `analyse` and the item routes: malformed and invalid input, limits,
//! unknown routes and ids. Moved from the end-to-end suite: a status code
//! needs no socket.

use axum::body::Body;
use axum::http::Request;
use modd_common::{ItemStatus, Role};
use modd_testkit::{Db, TestDb, TestRouter, request};
use serde_json::{Value, json};

use crate::nothing_stored;

modd_testkit::on_both_backends!(bad_requests_get_json_errors_and_store_nothing);

const ANALYSE: &str = "/api/v1/moderation/analyse";

async fn bad_requests_get_json_errors_and_store_nothing(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // analyse takes inline images, so its body limit is MODD_IMAGE_MAX_BODY_BYTES.
    let app = TestRouter::start(
        &db,
        &[
            ("MODD_MAX_TEXT_CHARS", "100"),
            ("MODD_IMAGE_MAX_BODY_BYTES", "65536"),
        ],
    )
    .await;
    let key = app.key(Role::Client).await;
    let ok = json!({"external_id": "e", "text": "t", "content_type": "comment", "source_app": "a"});
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b.to_string()
    };
    let bodies: [(&str, String, u16, &str); 10] = [
        ("broken JSON", "{not json".into(), 400, "invalid_json"),
        ("empty body", String::new(), 400, "invalid_json"),
        (
            "text not a string",
            with("text", json!(5)),
            422,
            "validation_failed",
        ),
        (
            "fields missing",
            json!({"text": "t"}).to_string(),
            422,
            "validation_failed",
        ),
        (
            "unknown field",
            with("surprise", json!(1)),
            422,
            "validation_failed",
        ),
        (
            "text too long",
            with("text", json!("x".repeat(101))),
            422,
            "validation_failed",
        ),
        (
            "NUL in text",
            with("text", json!("nul\u{0}char")),
            422,
            "validation_failed",
        ),
        (
            "file URL",
            with("image_url", json!("file:///etc/passwd")),
            422,
            "validation_failed",
        ),
        (
            "empty text",
            with("text", json!("")),
            422,
            "validation_failed",
        ),
        (
            "over the body limit",
            "x".repeat(70_000),
            413,
            "payload_too_large",
        ),
    ];
    for (what, body, status, code) in bodies {
        app.send(request("POST", ANALYSE, Some(&key), Some(&body)))
            .await
            .expect_error(status, code, what);
    }
    let no_content_type = Request::post(ANALYSE)
        .header("X-API-KEY", &key)
        .body(Body::from(ok.to_string()))
        .unwrap();
    app.send(no_content_type)
        .await
        .expect_error(415, "unsupported_media_type", "no content-type");

    let routes: [(&str, &str, Option<&str>, u16, &str); 5] = [
        ("GET", "/nope", None, 404, "not_found"),
        ("DELETE", "/health", None, 405, "method_not_allowed"),
        (
            "GET",
            "/api/v1/moderation/abc",
            Some(&key),
            400,
            "bad_request",
        ),
        (
            "GET",
            "/api/v1/moderation/999999",
            Some(&key),
            404,
            "not_found",
        ),
        (
            "GET",
            "/api/v1/moderation?source_app=a",
            Some(&key),
            400,
            "bad_request",
        ),
    ];
    for (method, path, key, status, code) in routes {
        app.send(request(method, path, key, None))
            .await
            .expect_error(status, code, &format!("{method} {path}"));
    }
    nothing_stored(app.state.store.as_ref(), "after the bad requests").await;

    // Invalid bytes in a valid-looking body are refused too.
    let invalid_utf8 = Request::post(ANALYSE)
        .header("X-API-KEY", &key)
        .header("content-type", "application/json")
        .body(Body::from(vec![b'{', 0xff, 0xfe, b'}']))
        .unwrap();
    assert_eq!(app.send(invalid_utf8).await.status, 400);
    assert_eq!(
        app.state.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        0
    );
}

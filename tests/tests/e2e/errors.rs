//! Bad input gets a clear JSON error with the right status and changes nothing.

use modd_common::{ErrorBody, ItemStatus, Role};
use modd_tests::{Db, TestDaemon, TestDb};
use serde_json::json;

crate::on_both_backends!(
    bad_requests_get_json_errors_and_store_nothing,
    authentication_failures_are_401
);

async fn expect_error(res: reqwest::Response, status: u16, code: &str) {
    assert_eq!(res.status(), status, "expected {code}");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    assert!(
        ct.starts_with("application/json"),
        "{code}: content-type {ct}"
    );
    let body: ErrorBody = res
        .json()
        .await
        .expect("error body is {error:{code,message}}");
    assert_eq!(body.error.code, code);
    assert!(!body.error.message.is_empty());
}

async fn bad_requests_get_json_errors_and_store_nothing(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // analyse takes inline images, so its body limit is MODD_IMAGE_MAX_BODY_BYTES.
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_WORKERS", "0"),
            ("MODD_MAX_TEXT_CHARS", "100"),
            ("MODD_IMAGE_MAX_BODY_BYTES", "65536"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let post = |body: String| {
        d.http
            .post(d.url("/api/v1/moderation/analyse"))
            .header("X-API-KEY", &key)
            .header("content-type", "application/json")
            .body(body)
    };
    let ok = json!({"external_id": "e", "text": "t", "content_type": "comment", "source_app": "a"});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = ok.clone();
        b[k] = v;
        b.to_string()
    };
    expect_error(
        post("{not json".into()).send().await.unwrap(),
        400,
        "invalid_json",
    )
    .await;
    expect_error(
        post(String::new()).send().await.unwrap(),
        400,
        "invalid_json",
    )
    .await;
    expect_error(
        post(with("text", json!(5))).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(json!({"text": "t"}).to_string()).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(with("surprise", json!(1))).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(with("text", json!("x".repeat(101))))
            .send()
            .await
            .unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(with("text", json!("nul\u{0}char")))
            .send()
            .await
            .unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(with("image_url", json!("file:///etc/passwd")))
            .send()
            .await
            .unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post(with("text", json!(""))).send().await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    expect_error(
        post("x".repeat(70_000)).send().await.unwrap(),
        413,
        "payload_too_large",
    )
    .await;
    expect_error(
        d.http
            .post(d.url("/api/v1/moderation/analyse"))
            .header("X-API-KEY", &key)
            .body(ok.to_string())
            .send()
            .await
            .unwrap(),
        415,
        "unsupported_media_type",
    )
    .await;
    expect_error(
        d.http.get(d.url("/nope")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_error(
        d.http.delete(d.url("/health")).send().await.unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
    expect_error(
        d.http
            .get(d.url("/api/v1/moderation/abc"))
            .header("X-API-KEY", &key)
            .send()
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;
    expect_error(
        d.http
            .get(d.url("/api/v1/moderation/999999"))
            .header("X-API-KEY", &key)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    expect_error(
        d.http
            .get(d.url("/api/v1/moderation?source_app=a"))
            .header("X-API-KEY", &key)
            .send()
            .await
            .unwrap(),
        400,
        "bad_request",
    )
    .await;

    let counts = d.store.count_by_status().await.unwrap();
    assert!(
        counts.values().all(|&n| n == 0),
        "nothing stored: {counts:?}"
    );
    // Invalid bytes in a valid-looking body are refused too.
    let res = d
        .http
        .post(d.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &key)
        .header("content-type", "application/json")
        .body(vec![b'{', 0xff, 0xfe, b'}'])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        d.store.count_by_status().await.unwrap()[&ItemStatus::Pending],
        0
    );
    d.shutdown().await;
}

async fn authentication_failures_are_401(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // No key cache: a revocation below is seen by the next request, no sleep.
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0"), ("MODD_KEY_CACHE_MS", "0")]).await;
    let body =
        json!({"external_id": "e", "text": "t", "content_type": "comment", "source_app": "a"});
    let url = d.url("/api/v1/moderation/analyse");
    expect_error(
        d.http.post(&url).json(&body).send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect_error(
        d.http
            .post(&url)
            .header("X-API-KEY", "")
            .json(&body)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    expect_error(
        d.http
            .post(&url)
            .header("X-API-KEY", "dev-key-123")
            .json(&body)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    // Well-formed, correct checksum, but never issued.
    let unknown = modd_common::ApiKey::generate(modd_common::KeyEnvironment::Test);
    let res = d
        .http
        .post(&url)
        .header("X-API-KEY", unknown.expose_secret())
        .json(&body)
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    assert!(
        !text.contains(unknown.expose_secret()),
        "the key is never echoed"
    );
    // A key that was revoked stops working.
    let key = d.key(Role::Client, &[]).await;
    let record = d
        .store
        .key_by_hash(&modd_common::ApiKey::parse(&key).unwrap().hash())
        .await
        .unwrap()
        .unwrap();
    d.store
        .revoke_key(record.id, chrono::Utc::now())
        .await
        .unwrap();
    expect_error(
        d.http
            .post(&url)
            .header("X-API-KEY", &key)
            .json(&body)
            .send()
            .await
            .unwrap(),
        401,
        "unauthorized",
    )
    .await;
    assert!(
        d.store
            .count_by_status()
            .await
            .unwrap()
            .values()
            .all(|&n| n == 0)
    );
    d.shutdown().await;
}

//! The engine's routes with bodies no typed client can send: `classify`
//! with a wrong type or an unknown field, policies naming an unknown
//! category or action, and a `wait` that is not a number. Moved from the
//! end-to-end suite, which covers the well-formed refusals.

use modd_common::Role;
use modd_testkit::{Db, TestDb, TestRouter, request};
use serde_json::json;

use crate::nothing_stored;

modd_testkit::on_both_backends!(malformed_engine_requests_are_refused);

async fn malformed_engine_requests_are_refused(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let client = app.key(Role::Client).await;
    let admin = app.key(Role::Admin).await;
    let policy = "/api/v1/admin/policies/forum";
    let analyse =
        json!({"external_id": "w", "text": "t", "content_type": "comment", "source_app": "a"});
    let cases = [
        (
            "POST",
            "/api/v1/classify",
            &client,
            json!({"text": 5}),
            422,
            "validation_failed",
        ),
        (
            "POST",
            "/api/v1/classify",
            &client,
            json!({"text": "a", "extra": 1}),
            422,
            "validation_failed",
        ),
        (
            "PUT",
            policy,
            &admin,
            json!({"document": {"categories": {"nonsense": {"review_at": 0.1}}}}),
            422,
            "validation_failed",
        ),
        (
            "PUT",
            policy,
            &admin,
            json!({"document": {"classifier_failure": "approve"}}),
            422,
            "validation_failed",
        ),
        (
            "POST",
            "/api/v1/moderation/analyse?wait=x",
            &client,
            analyse,
            400,
            "bad_request",
        ),
    ];
    for (method, path, key, body, status, code) in cases {
        let what = format!("{method} {path} {body}");
        app.send(request(method, path, Some(key), Some(&body.to_string())))
            .await
            .expect_error(status, code, &what);
    }
    let history = app
        .send(request(
            "GET",
            &format!("{policy}/history"),
            Some(&admin),
            None,
        ))
        .await;
    assert_eq!(history.status, 200);
    assert_eq!(
        String::from_utf8_lossy(&history.body),
        "[]",
        "no policy saved"
    );
    nothing_stored(app.state.store.as_ref(), "after the bad requests").await;
}

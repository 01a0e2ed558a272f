//! The admin key routes with input no typed client can send (an unknown
//! role, an unknown field, an id that is not a number), and a rotation with
//! no body at all, which takes the defaults. Moved from the end-to-end
//! suite, which covers the well-formed refusals.

use modd_common::{Role, RotatedKey};
use modd_testkit::{Db, KeySpec, TestDb, TestRouter, insert_key, request};
use serde_json::json;

modd_testkit::on_both_backends!(malformed_key_requests_are_refused);

async fn malformed_key_requests_are_refused(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let admin = app.key(Role::Admin).await;
    let keys = "/api/v1/admin/keys";
    for body in [
        json!({"name": "a", "role": "root"}),
        json!({"name": "a", "role": "client", "extra": 1}),
    ] {
        app.send(request("POST", keys, Some(&admin), Some(&body.to_string())))
            .await
            .expect_error(422, "validation_failed", &body.to_string());
    }
    app.send(request("GET", &format!("{keys}/abc"), Some(&admin), None))
        .await
        .expect_error(400, "bad_request", "a non-numeric id");
    assert_eq!(app.state.store.list_keys().await.unwrap().len(), 1);
    assert!(app.state.store.list_audit(10).await.unwrap().is_empty());

    // No body at all: the default grace (24 h).
    let (id, _) = insert_key(app.state.store.as_ref(), KeySpec::default()).await;
    let answer = app
        .send(request(
            "POST",
            &format!("{keys}/{id}/rotate"),
            Some(&admin),
            None,
        ))
        .await;
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let rotated: RotatedKey = serde_json::from_slice(&answer.body).unwrap();
    let grace = rotated.old.revoked_at.unwrap() - chrono::Utc::now();
    assert!(grace > chrono::TimeDelta::hours(23), "{grace}");
}

//! Authentication failures: no key, an empty or malformed one, one never
//! issued, one revoked. Each is a 401 that echoes nothing and stores nothing.

use modd_common::{ApiKey, KeyEnvironment, Role};
use modd_testkit::{Db, TestDb, TestRouter, request};
use serde_json::json;

use crate::nothing_stored;

modd_testkit::on_both_backends!(authentication_failures_are_401);

const ANALYSE: &str = "/api/v1/moderation/analyse";

async fn authentication_failures_are_401(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let body =
        json!({"external_id": "e", "text": "t", "content_type": "comment", "source_app": "a"})
            .to_string();
    // Well-formed, correct checksum, but never issued.
    let unknown = ApiKey::generate(KeyEnvironment::Test);
    let refused = [
        ("no key", None),
        ("empty key", Some("")),
        ("malformed key", Some("dev-key-123")),
        ("unknown key", Some(unknown.expose_secret())),
    ];
    for (what, key) in refused {
        let answer = app.send(request("POST", ANALYSE, key, Some(&body))).await;
        answer.expect_error(401, "unauthorized", what);
        let text = String::from_utf8_lossy(&answer.body);
        assert!(
            !text.contains(unknown.expose_secret()),
            "the key is never echoed"
        );
    }

    // A key that was revoked stops working.
    let key = app.key(Role::Client).await;
    let store = app.state.store.as_ref();
    let record = store
        .key_by_hash(&ApiKey::parse(&key).unwrap().hash())
        .await
        .unwrap()
        .unwrap();
    store
        .revoke_key(record.id, chrono::Utc::now())
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await; // key cache TTL
    app.send(request("POST", ANALYSE, Some(&key), Some(&body)))
        .await
        .expect_error(401, "unauthorized", "revoked key");
    nothing_stored(store, "after the refused requests").await;
}

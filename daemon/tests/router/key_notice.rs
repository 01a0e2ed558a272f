//! `Deprecation`, `Sunset` and `Link: rel="deprecation"` on the answers to an
//! ending key (in its expiry notice, or in a rotation's grace), on our own
//! routes, the compatible ones, and refusals alike; never on a key with no
//! end in sight, and never to a request without a valid key.

use axum::body::Body;
use axum::http::Request;
use chrono::{TimeDelta, Utc};
use modd_common::Role;
use modd_testkit::{Db, KeySpec, TestDb, TestRouter, insert_key, request};
use serde_json::json;

modd_testkit::on_both_backends!(ending_keys_carry_deprecation_and_sunset);

const DOCS: &str = "https://docs.example.com/operating/keys.html";

async fn ending_keys_carry_deprecation_and_sunset(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(
        &db,
        &[
            ("MODD_KEY_EXPIRY_NOTICE", "7d"),
            ("MODD_KEY_DOCS_URL", DOCS),
        ],
    )
    .await;
    let store = app.state.store.as_ref();
    let admin = app.key(Role::Admin).await;
    let (_, lasting) = insert_key(store, KeySpec::default()).await;
    let expires = Utc::now() + TimeDelta::days(3);
    let (_, expiring) = insert_key(
        store,
        KeySpec {
            expires_at: Some(expires),
            ..KeySpec::default()
        },
    )
    .await;
    let (_, later) = insert_key(
        store,
        KeySpec {
            expires_at: Some(Utc::now() + TimeDelta::days(30)),
            ..KeySpec::default()
        },
    )
    .await;

    let whoami = |key: &str| request("GET", "/api/v1/whoami", Some(key), None);
    for key in [&lasting, &later, &admin] {
        let a = app.send(whoami(key)).await;
        assert_eq!(a.status, 200);
        for h in ["deprecation", "sunset", "link"] {
            assert!(a.headers.get(h).is_none(), "{h} on a key with no near end");
        }
    }
    let a = app.send(request("GET", "/api/v1/whoami", None, None)).await;
    assert_eq!(a.status, 401);
    assert!(a.headers.get("deprecation").is_none(), "no key, no notice");

    // Within the expiry notice: deprecated since the notice began.
    let a = app.send(whoami(&expiring)).await;
    assert_eq!(a.status, 200);
    let since = (expires - TimeDelta::days(7)).timestamp();
    assert_eq!(a.headers["deprecation"], format!("@{since}").as_str());
    assert_eq!(
        a.headers["sunset"],
        expires
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
            .as_str()
    );
    assert_eq!(
        a.headers["link"],
        format!("<{DOCS}>; rel=\"deprecation\"").as_str()
    );
    // A refusal to that key carries them too (the app learns either way).
    let refused = app
        .send(request("GET", "/api/v1/admin/keys", Some(&expiring), None))
        .await;
    assert_eq!(refused.status, 403);
    assert!(refused.headers.get("sunset").is_some());

    // In a rotation's grace: deprecated since the rotation, sunset at the
    // grace's end; the compatible API's answers say so as well.
    let (id, rotating) = insert_key(store, KeySpec::default()).await;
    let rotate = request(
        "POST",
        &format!("/api/v1/admin/keys/{id}/rotate"),
        Some(&admin),
        Some(&json!({"grace": "2h"}).to_string()),
    );
    assert_eq!(app.send(rotate).await.status, 200);
    let old = store.get_key(id).await.unwrap().unwrap();
    let moderations = Request::post("/v1/moderations")
        .header("authorization", format!("Bearer {rotating}"))
        .header("content-type", "application/json")
        .body(Body::from(json!({"input": "hello"}).to_string()))
        .unwrap();
    for a in [
        app.send(whoami(&rotating)).await,
        app.send(moderations).await,
    ] {
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        assert_eq!(
            a.headers["deprecation"],
            format!("@{}", old.rotated_at.unwrap().timestamp()).as_str()
        );
        let sunset = old.revoked_at.unwrap();
        assert_eq!(
            a.headers["sunset"],
            sunset
                .format("%a, %d %b %Y %H:%M:%S GMT")
                .to_string()
                .as_str()
        );
    }

    // Extending the grace moves the Sunset at once (the cache is dropped).
    let extend = request(
        "POST",
        &format!("/api/v1/admin/keys/{id}/extend-grace"),
        Some(&admin),
        Some(&json!({"by": "12h"}).to_string()),
    );
    assert_eq!(app.send(extend).await.status, 200);
    let sunset = old.revoked_at.unwrap() + TimeDelta::hours(12);
    assert_eq!(
        app.send(whoami(&rotating)).await.headers["sunset"],
        sunset
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
            .as_str()
    );

    // Malformed lifecycle requests: JSON errors, nothing changed.
    for (path, body, status, code) in [
        (
            format!("/api/v1/admin/keys/{id}/extend-grace"),
            json!({"by": "0"}),
            422,
            "validation_failed",
        ),
        (
            format!("/api/v1/admin/keys/{id}/extend-grace"),
            json!({"by": "1h", "x": 1}),
            422,
            "validation_failed",
        ),
        (
            format!("/api/v1/admin/keys/{id}/extend-grace"),
            json!({}),
            422,
            "validation_failed",
        ),
        (
            "/api/v1/admin/keys/999999/extend-grace".into(),
            json!({"by": "1h"}),
            404,
            "not_found",
        ),
    ] {
        app.send(request(
            "POST",
            &path,
            Some(&admin),
            Some(&body.to_string()),
        ))
        .await
        .expect_error(status, code, &format!("{path} {body}"));
    }
    for (body, status, code) in [
        (json!({"max_age": "-1d"}), 422, "validation_failed"),
        (json!({"max_age": 5}), 422, "validation_failed"),
        (json!({"max_age": "1d", "x": 1}), 422, "validation_failed"),
    ] {
        app.send(request(
            "PUT",
            &format!("/api/v1/admin/keys/{id}/max-age"),
            Some(&admin),
            Some(&body.to_string()),
        ))
        .await
        .expect_error(status, code, &body.to_string());
    }
    assert_eq!(store.get_key(id).await.unwrap().unwrap().max_age_secs, None);
    let actions: Vec<String> = store
        .list_audit(10)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["key.extend_grace", "key.rotate"]);
}

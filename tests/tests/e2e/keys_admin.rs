//! The admin API for keys over real HTTP: create, list (stale filter), show,
//! revoke, rotate with grace, the audit trail with the acting key, expiry,
//! bound keys, checksum rejection, and 403 for client keys on admin routes.

use chrono::{TimeDelta, Utc};
use modd_common::{CreatedKey, ErrorBody, KeyInfo, Role, RotatedKey};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

modd_testkit::on_both_backends!(
    admin_api_manages_keys_and_audits_the_actor,
    client_keys_get_403_on_every_admin_route,
    bad_admin_input_is_refused_and_changes_nothing,
    rotation_keeps_the_old_key_for_the_grace_only,
    expired_keys_fail_with_a_message_that_says_expired,
    keys_made_by_the_admin_api_are_bound_to_their_apps,
    a_mistyped_key_is_refused_by_its_checksum,
);

async fn call(
    d: &TestDaemon,
    method: Method,
    path: &str,
    key: &str,
    body: Option<Value>,
) -> reqwest::Response {
    let mut req = d.http.request(method, d.url(path)).header("X-API-KEY", key);
    if let Some(body) = body {
        req = req.json(&body);
    }
    req.send().await.unwrap()
}

async fn expect<T: serde::de::DeserializeOwned>(res: reqwest::Response, status: StatusCode) -> T {
    let got = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

async fn admin_api_manages_keys_and_audits_the_actor(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let (admin_id, admin) = d
        .key_with(KeySpec {
            role: Role::Admin,
            ..KeySpec::default()
        })
        .await;

    let body = json!({"name": " forum ", "role": "client", "source_apps": ["forum"],
        "rate_limit": "10/sec", "expires_in": "90d"});
    let res = call(&d, Method::POST, "/api/v1/admin/keys", &admin, Some(body)).await;
    let created: CreatedKey = expect(res, StatusCode::CREATED).await;
    assert_eq!(created.info.name, "forum");
    assert_eq!(created.info.rate_limit.as_deref(), Some("10/sec"));
    assert_eq!(created.info.created_by, Some(format!("key:{admin_id}")));
    let days = (created.info.expires_at.unwrap() - Utc::now()).num_days();
    assert!((89..=90).contains(&days), "{days}");
    assert!(
        created.key.starts_with("mod_test_"),
        "development keys are test keys"
    );
    // The new key works.
    let me: KeyInfo = expect(
        call(&d, Method::GET, "/api/v1/whoami", &created.key, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.id, created.info.id);

    let shown: KeyInfo = expect(
        call(
            &d,
            Method::GET,
            &format!("/api/v1/admin/keys/{}", me.id),
            &admin,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(shown.prefix, created.info.prefix);
    let listed: Vec<KeyInfo> = expect(
        call(&d, Method::GET, "/api/v1/admin/keys", &admin, None).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(listed.len(), 2);
    let listed_text = serde_json::to_string(&listed).unwrap();
    assert!(
        !listed_text.contains(&created.key),
        "list never shows secrets"
    );

    // Stale: only working keys older than the threshold.
    let old = d.key_with(KeySpec::default()).await.0;
    modd_testkit::execute_raw(
        &db.url,
        &format!(
            "UPDATE api_keys SET created_at = '{}' WHERE id = {old}",
            (Utc::now() - TimeDelta::days(100)).format("%Y-%m-%dT%H:%M:%S%.6fZ")
        ),
    )
    .await;
    let stale: Vec<KeyInfo> = expect(
        call(
            &d,
            Method::GET,
            "/api/v1/admin/keys?stale=90d",
            &admin,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(stale.iter().map(|k| k.id).collect::<Vec<_>>(), [old]);

    let revoked: KeyInfo = expect(
        call(
            &d,
            Method::POST,
            &format!("/api/v1/admin/keys/{}/revoke", me.id),
            &admin,
            None,
        )
        .await,
        StatusCode::OK,
    )
    .await;
    assert!(revoked.revoked_at.is_some());
    let res = call(&d, Method::GET, "/api/v1/whoami", &created.key, None).await;
    let err: ErrorBody = expect(res, StatusCode::UNAUTHORIZED).await;
    assert!(
        err.error.message.contains("revoked"),
        "{}",
        err.error.message
    );
    let again = call(
        &d,
        Method::POST,
        &format!("/api/v1/admin/keys/{}/revoke", me.id),
        &admin,
        None,
    )
    .await;
    let err: ErrorBody = expect(again, StatusCode::CONFLICT).await;
    assert_eq!(err.error.code, "conflict");

    let audit = d.store.list_audit(10).await.unwrap();
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .map(|a| (a.action.as_str(), a.actor.as_str()))
        .collect();
    let actor = format!("key:{admin_id}");
    assert_eq!(
        actions,
        [
            ("key.revoke", actor.as_str()),
            ("key.create", actor.as_str())
        ]
    );
    for entry in &audit {
        assert!(!entry.detail.to_string().contains(&created.key));
    }
    d.shutdown().await;
}

async fn client_keys_get_403_on_every_admin_route(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let (client_id, client) = d.key_with(KeySpec::default()).await;
    let routes = [
        (Method::GET, "/api/v1/admin/keys".to_owned(), None),
        (
            Method::POST,
            "/api/v1/admin/keys".to_owned(),
            Some(json!({"name": "x", "role": "admin"})),
        ),
        (Method::GET, format!("/api/v1/admin/keys/{client_id}"), None),
        (
            Method::POST,
            format!("/api/v1/admin/keys/{client_id}/revoke"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/admin/keys/{client_id}/rotate"),
            None,
        ),
    ];
    for (method, path, body) in routes {
        let res = call(&d, method.clone(), &path, &client, body).await;
        let err: ErrorBody = expect(res, StatusCode::FORBIDDEN).await;
        assert_eq!(err.error.code, "forbidden", "{method} {path}");
    }
    assert_eq!(
        d.store.list_keys().await.unwrap().len(),
        1,
        "nothing created"
    );
    assert!(d.store.list_audit(10).await.unwrap().is_empty());
    assert!(
        d.store
            .get_key(client_id)
            .await
            .unwrap()
            .unwrap()
            .revoked_at
            .is_none()
    );
    d.shutdown().await;
}

async fn bad_admin_input_is_refused_and_changes_nothing(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let cases = [
        (json!({"name": "  ", "role": "client"}), 422),
        (json!({"name": "a", "role": "root"}), 422),
        (
            json!({"name": "a", "role": "client", "rate_limit": "30/week"}),
            422,
        ),
        (
            json!({"name": "a", "role": "client", "expires_in": "-1d"}),
            422,
        ),
        (
            json!({"name": "a", "role": "client", "source_apps": [""]}),
            422,
        ),
        (json!({"name": "a\u{7}", "role": "client"}), 422),
        (json!({"name": "a", "role": "client", "extra": 1}), 422),
    ];
    for (body, status) in cases {
        let res = call(
            &d,
            Method::POST,
            "/api/v1/admin/keys",
            &admin,
            Some(body.clone()),
        )
        .await;
        assert_eq!(res.status().as_u16(), status, "{body}");
        let err: ErrorBody = res.json().await.unwrap();
        assert_eq!(err.error.code, "validation_failed", "{body}");
    }
    let res = call(
        &d,
        Method::GET,
        "/api/v1/admin/keys?stale=soon",
        &admin,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    for path in [
        "/api/v1/admin/keys/999",
        "/api/v1/admin/keys/999/revoke",
        "/api/v1/admin/keys/999/rotate",
    ] {
        let method = if path.ends_with("999") {
            Method::GET
        } else {
            Method::POST
        };
        let res = call(&d, method, path, &admin, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let res = call(&d, Method::GET, "/api/v1/admin/keys/abc", &admin, None).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = call(
        &d,
        Method::POST,
        "/api/v1/admin/keys/1/rotate",
        &admin,
        Some(json!({"grace": "forever"})),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(d.store.list_keys().await.unwrap().len(), 1);
    assert!(d.store.list_audit(10).await.unwrap().is_empty());
    d.shutdown().await;
}

async fn whoami_status(d: &TestDaemon, key: &str) -> (StatusCode, String) {
    let res = call(d, Method::GET, "/api/v1/whoami", key, None).await;
    let status = res.status();
    (status, res.text().await.unwrap())
}

async fn rotation_keeps_the_old_key_for_the_grace_only(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let (admin_id, admin) = d
        .key_with(KeySpec {
            role: Role::Admin,
            ..KeySpec::default()
        })
        .await;
    let (old_id, old) = d
        .key_with(KeySpec {
            source_apps: &["forum"],
            rate_limit: Some("7/min"),
            ..KeySpec::default()
        })
        .await;

    let res = call(
        &d,
        Method::POST,
        &format!("/api/v1/admin/keys/{old_id}/rotate"),
        &admin,
        Some(json!({"grace": "2s"})),
    )
    .await;
    let rotated: RotatedKey = expect(res, StatusCode::OK).await;
    assert_eq!(rotated.new.info.rotated_from, Some(old_id));
    assert_eq!(rotated.new.info.source_apps, ["forum"]);
    assert_eq!(rotated.new.info.rate_limit.as_deref(), Some("7/min"));
    assert_ne!(rotated.new.key, old);
    // Inside the grace both work.
    assert_eq!(whoami_status(&d, &old).await.0, StatusCode::OK);
    assert_eq!(whoami_status(&d, &rotated.new.key).await.0, StatusCode::OK);
    // After it, the old one fails with 401 and the new one still works.
    let refused = eventually(Duration::from_secs(5), || async {
        let (status, body) = whoami_status(&d, &old).await;
        (status == StatusCode::UNAUTHORIZED).then_some(body)
    })
    .await
    .expect("old key stops after the grace");
    assert!(refused.contains("revoked"), "{refused}");
    assert_eq!(whoami_status(&d, &rotated.new.key).await.0, StatusCode::OK);

    // A second rotation of the old key is refused; the new one rotates with
    // no grace (empty body = defaults, here overridden to 0).
    let res = call(
        &d,
        Method::POST,
        &format!("/api/v1/admin/keys/{old_id}/rotate"),
        &admin,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = call(
        &d,
        Method::POST,
        &format!("/api/v1/admin/keys/{}/rotate", rotated.new.info.id),
        &admin,
        Some(json!({"grace": "0"})),
    )
    .await;
    let third: RotatedKey = expect(res, StatusCode::OK).await;
    assert_eq!(
        whoami_status(&d, &rotated.new.key).await.0,
        StatusCode::UNAUTHORIZED,
        "no grace"
    );
    assert_eq!(whoami_status(&d, &third.new.key).await.0, StatusCode::OK);

    // Default grace is 24 h.
    let (fourth_id, _) = d.key_with(KeySpec::default()).await;
    let res = call(
        &d,
        Method::POST,
        &format!("/api/v1/admin/keys/{fourth_id}/rotate"),
        &admin,
        None,
    )
    .await;
    let r: RotatedKey = expect(res, StatusCode::OK).await;
    let grace = r.old.revoked_at.unwrap() - Utc::now();
    assert!(
        grace > TimeDelta::hours(23) && grace <= TimeDelta::hours(24),
        "{grace}"
    );

    let audit = d.store.list_audit(10).await.unwrap();
    assert!(
        audit
            .iter()
            .filter(|a| a.action == "key.rotate")
            .all(|a| a.actor == format!("key:{admin_id}"))
    );
    assert_eq!(audit.iter().filter(|a| a.action == "key.rotate").count(), 3);
    d.shutdown().await;
}

async fn expired_keys_fail_with_a_message_that_says_expired(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let (_, key) = d
        .key_with(KeySpec {
            expires_at: Some(Utc::now() + TimeDelta::milliseconds(800)),
            ..KeySpec::default()
        })
        .await;
    assert_eq!(whoami_status(&d, &key).await.0, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(900)).await;
    let (status, body) = whoami_status(&d, &key).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let err: ErrorBody = serde_json::from_str(&body).unwrap();
    assert_eq!(err.error.code, "unauthorized");
    assert!(
        err.error.message.contains("expired"),
        "{}",
        err.error.message
    );
    assert!(!body.contains(&key));
    d.shutdown().await;
}

async fn keys_made_by_the_admin_api_are_bound_to_their_apps(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let body = json!({"name": "forum", "role": "client", "source_apps": ["forum", "wiki"]});
    let created: CreatedKey = expect(
        call(&d, Method::POST, "/api/v1/admin/keys", &admin, Some(body)).await,
        StatusCode::CREATED,
    )
    .await;
    let submit = |app: &'static str| {
        let body = json!({"external_id": format!("{app}-1"), "text": "hi", "content_type": "comment", "source_app": app});
        call(
            &d,
            Method::POST,
            "/api/v1/moderation/analyse",
            &created.key,
            Some(body),
        )
    };
    assert_eq!(submit("forum").await.status(), StatusCode::OK);
    assert_eq!(submit("wiki").await.status(), StatusCode::OK);
    let res = submit("chat").await;
    let err: ErrorBody = expect(res, StatusCode::FORBIDDEN).await;
    assert_eq!(err.error.code, "forbidden");
    // Reading another app's item is refused too.
    let admin_item: modd_common::AnalyseResponse = expect(
        call(&d, Method::POST, "/api/v1/moderation/analyse", &admin, Some(json!({"external_id": "c", "text": "x", "content_type": "comment", "source_app": "chat"}))).await,
        StatusCode::OK,
    ).await;
    let res = call(
        &d,
        Method::GET,
        &format!("/api/v1/moderation/{}", admin_item.id),
        &created.key,
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    d.shutdown().await;
}

async fn a_mistyped_key_is_refused_by_its_checksum(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let key = d.key(Role::Client, &[]).await;
    // Swap two adjacent body characters: a classic typo.
    let mut chars: Vec<char> = key.chars().collect();
    let i = chars.iter().skip(12).position(|_| true).unwrap() + 12;
    let j = (i + 1..chars.len())
        .find(|&j| chars[j] != chars[i])
        .unwrap();
    chars.swap(i, j);
    let typo: String = chars.into_iter().collect();
    let (status, body) = whoami_status(&d, &typo).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body.contains("checksum"), "{body}");
    assert!(
        !body.contains(&typo) && !body.contains(&key),
        "no key in the error body"
    );
    // Nothing about the real key changed: it was never looked up.
    let rec = d.store.list_keys().await.unwrap().remove(0);
    assert_eq!(rec.last_used_at, None);
    assert_eq!(whoami_status(&d, &key).await.0, StatusCode::OK);
    d.shutdown().await;
}

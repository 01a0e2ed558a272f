//! The admin API for keys over real HTTP through the typed client: create,
//! list (stale filter), show, revoke, rotate with grace, the audit trail
//! with the acting key, expiry, bound keys, checksum rejection, and 403 for
//! client keys on admin routes. Malformed bodies and ids are in the router
//! tests (`daemon/tests/router/keys.rs`).

use chrono::{TimeDelta, Utc};
use modctl::client::ClientError;
use modd_common::{AnalyseRequest, CreateKeyRequest, Role, RotateKeyRequest};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually};
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

/// Asserts a refusal with `status` and the JSON error `code`; returns the
/// error to check its message.
fn refused<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: u16,
    code: &str,
    what: &str,
) -> ClientError {
    let err = result.expect_err(what);
    assert_eq!(
        err.status().map(|s| s.as_u16()),
        Some(status),
        "{what}: {err}"
    );
    assert_eq!(err.code(), Some(code), "{what}: {err}");
    err
}

/// The status of an answer, 200 for a success.
fn status<T>(result: &Result<T, ClientError>) -> u16 {
    match result {
        Ok(_) => 200,
        Err(e) => e.status().map_or(0, |s| s.as_u16()),
    }
}

fn new_key(name: &str, role: Role) -> CreateKeyRequest {
    CreateKeyRequest {
        name: name.into(),
        role,
        source_apps: vec![],
        rate_limit: None,
        expires_in: None,
        environment: None,
        person: None,
        max_age: None,
    }
}

fn grace(grace: &str) -> RotateKeyRequest {
    RotateKeyRequest {
        grace: Some(grace.into()),
    }
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

    let admin = d.client(Some(&admin));
    let mut req = new_key(" forum ", Role::Client);
    req.source_apps = vec!["forum".into()];
    req.rate_limit = Some("10/sec".into());
    req.expires_in = Some("90d".into());
    let created = admin.create_key(&req).await.unwrap();
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
    let me = d.client(Some(&created.key)).whoami().await.unwrap();
    assert_eq!(me.id, created.info.id);

    let shown = admin.get_key(me.id).await.unwrap();
    assert_eq!(shown.prefix, created.info.prefix);
    let listed = admin.list_keys(None).await.unwrap();
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
    let stale = admin.list_keys(Some("90d")).await.unwrap();
    assert_eq!(stale.iter().map(|k| k.id).collect::<Vec<_>>(), [old]);

    let revoked = admin.revoke_key(me.id).await.unwrap();
    assert!(revoked.revoked_at.is_some());
    let err = refused(
        d.client(Some(&created.key)).whoami().await,
        401,
        "unauthorized",
        "a revoked key",
    );
    assert!(err.to_string().contains("revoked"), "{err}");
    refused(
        admin.revoke_key(me.id).await,
        409,
        "conflict",
        "revoked twice",
    );

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
    let c = d.client(Some(&client));
    let forbidden = |result: Result<(), ClientError>, what: &str| {
        refused(result, 403, "forbidden", what);
    };
    forbidden(c.list_keys(None).await.map(drop), "list");
    forbidden(
        c.create_key(&new_key("x", Role::Admin)).await.map(drop),
        "create",
    );
    forbidden(c.get_key(client_id).await.map(drop), "show");
    forbidden(c.revoke_key(client_id).await.map(drop), "revoke");
    forbidden(
        c.rotate_key(client_id, &RotateKeyRequest::default())
            .await
            .map(drop),
        "rotate",
    );
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
    let admin = d.client_as(Role::Admin).await;
    let with = |change: fn(&mut CreateKeyRequest)| {
        let mut req = new_key("a", Role::Client);
        change(&mut req);
        req
    };
    let cases = [
        with(|r| r.name = "  ".into()),
        with(|r| r.rate_limit = Some("30/week".into())),
        with(|r| r.expires_in = Some("-1d".into())),
        with(|r| r.source_apps = vec![String::new()]),
        with(|r| r.name = "a\u{7}".into()),
    ];
    for req in cases {
        let what = format!("{req:?}");
        refused(
            admin.create_key(&req).await,
            422,
            "validation_failed",
            &what,
        );
    }
    let err = admin.list_keys(Some("soon")).await.expect_err("stale=soon");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    refused(admin.get_key(999).await, 404, "not_found", "show 999");
    refused(admin.revoke_key(999).await, 404, "not_found", "revoke 999");
    refused(
        admin.rotate_key(999, &RotateKeyRequest::default()).await,
        404,
        "not_found",
        "rotate 999",
    );
    refused(
        admin.rotate_key(1, &grace("forever")).await,
        422,
        "validation_failed",
        "grace forever",
    );
    assert_eq!(d.store.list_keys().await.unwrap().len(), 1);
    assert!(d.store.list_audit(10).await.unwrap().is_empty());
    d.shutdown().await;
}

/// `whoami` with `key`: the status (200 on success) and the error text.
async fn whoami_status(d: &TestDaemon, key: &str) -> (u16, String) {
    let result = d.client(Some(key)).whoami().await;
    let text = match &result {
        Ok(_) => String::new(),
        Err(e) => e.api().map(|a| a.body_text()).unwrap_or_default(),
    };
    (status(&result), text)
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

    let admin = d.client(Some(&admin));
    let rotated = admin.rotate_key(old_id, &grace("2s")).await.unwrap();
    assert_eq!(rotated.new.info.rotated_from, Some(old_id));
    assert_eq!(rotated.new.info.source_apps, ["forum"]);
    assert_eq!(rotated.new.info.rate_limit.as_deref(), Some("7/min"));
    assert_ne!(rotated.new.key, old);
    // Inside the grace both work.
    assert_eq!(whoami_status(&d, &old).await.0, 200);
    assert_eq!(whoami_status(&d, &rotated.new.key).await.0, 200);
    // After it, the old one fails with 401 and the new one still works.
    let message = eventually(Duration::from_secs(5), || async {
        let (status, body) = whoami_status(&d, &old).await;
        (status == 401).then_some(body)
    })
    .await
    .expect("old key stops after the grace");
    // Its grace ended: it was rotated, not revoked, and the message says so.
    assert!(
        message.contains("rotated") && !message.contains("revoked"),
        "{message}"
    );
    assert_eq!(whoami_status(&d, &rotated.new.key).await.0, 200);

    // A second rotation of the old key is refused; the new one rotates with
    // no grace (the defaults, here overridden to 0).
    refused(
        admin.rotate_key(old_id, &RotateKeyRequest::default()).await,
        409,
        "conflict",
        "rotated twice",
    );
    let third = admin
        .rotate_key(rotated.new.info.id, &grace("0"))
        .await
        .unwrap();
    assert_eq!(whoami_status(&d, &rotated.new.key).await.0, 401, "no grace");
    assert_eq!(whoami_status(&d, &third.new.key).await.0, 200);

    // Default grace is 24 h.
    let (fourth_id, _) = d.key_with(KeySpec::default()).await;
    let r = admin
        .rotate_key(fourth_id, &RotateKeyRequest::default())
        .await
        .unwrap();
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
    assert_eq!(whoami_status(&d, &key).await.0, 200);
    tokio::time::sleep(Duration::from_millis(900)).await;
    let err = refused(
        d.client(Some(&key)).whoami().await,
        401,
        "unauthorized",
        "an expired key",
    );
    let message = &err.api().unwrap().body.as_ref().unwrap().error.message;
    assert!(message.contains("expired"), "{message}");
    assert!(!err.api().unwrap().body_text().contains(&key));
    assert!(!err.to_string().contains(&key));
    d.shutdown().await;
}

async fn keys_made_by_the_admin_api_are_bound_to_their_apps(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WORKERS", "0")]).await;
    let admin = d.client_as(Role::Admin).await;
    let mut req = new_key("forum", Role::Client);
    req.source_apps = vec!["forum".into(), "wiki".into()];
    let created = admin.create_key(&req).await.unwrap();
    let bound = d.client(Some(&created.key));
    let item = |app: &str| AnalyseRequest::new(app, format!("{app}-1"), "comment").with_text("hi");
    bound.analyse(&item("forum")).await.unwrap();
    bound.analyse(&item("wiki")).await.unwrap();
    refused(
        bound.analyse(&item("chat")).await,
        403,
        "forbidden",
        "another app",
    );
    // Reading another app's item is refused too.
    let admin_item = admin
        .analyse(&AnalyseRequest::new("chat", "c", "comment").with_text("x"))
        .await
        .unwrap();
    refused(
        bound.get_item(admin_item.id).await,
        403,
        "forbidden",
        "another app's item",
    );
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
    assert_eq!(status, 401);
    assert!(body.contains("checksum"), "{body}");
    assert!(
        !body.contains(&typo) && !body.contains(&key),
        "no key in the error body"
    );
    // Nothing about the real key changed: it was never looked up.
    let rec = d.store.list_keys().await.unwrap().remove(0);
    assert_eq!(rec.last_used_at, None);
    assert_eq!(whoami_status(&d, &key).await.0, 200);
    d.shutdown().await;
}

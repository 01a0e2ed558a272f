//! The admin routes for review, apps, webhooks, secrets and stats: a client key is
//! forbidden, bad filters and settings are refused with the field named,
//! unknown items and apps are 404, and none of it changes anything.

use modd_common::Role;
use modd_testkit::{Db, TestDb, TestRouter, request};

use crate::nothing_stored;

/// Method, path, key, JSON body (empty for none), status, error code.
type Case<'a> = (&'a str, String, Option<&'a str>, &'a str, u16, &'a str);

modd_testkit::on_both_backends!(admin_validation_table);

async fn admin_validation_table(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let admin = app.key(Role::Admin).await;
    let client = app.key(Role::Client).await;
    let review = "/api/v1/admin/review";
    let apps = "/api/v1/admin/apps";
    let stats = "/api/v1/admin/stats";
    let long_replica = format!("{stats}?replica={}", "x".repeat(400));
    let reseal = "/api/v1/admin/secrets/reseal".to_owned();
    let cases: [Case; 20] = [
        (
            "POST",
            reseal.clone(),
            Some(&client),
            "{}",
            403,
            "forbidden",
        ),
        (
            "POST",
            reseal.clone(),
            Some(&admin),
            r#"{"limit":0}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            reseal.clone(),
            Some(&admin),
            r#"{"limit":1001}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            reseal.clone(),
            Some(&admin),
            r#"{"after":"bad name\u0000"}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            reseal.clone(),
            Some(&admin),
            r#"{"dry_run":true,"bogus":1}"#,
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{stats}?bogus=1"),
            Some(&admin),
            "",
            400,
            "bad_request",
        ),
        (
            "GET",
            long_replica,
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        ("GET", review.into(), Some(&client), "", 403, "forbidden"),
        ("GET", apps.into(), Some(&client), "", 403, "forbidden"),
        (
            "GET",
            format!("{review}?min_score=2"),
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{review}?min_score=0.8&max_score=0.2"),
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{review}?category="),
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{review}/999999"),
            Some(&admin),
            "",
            404,
            "not_found",
        ),
        (
            "POST",
            format!("{review}/999999/approve"),
            Some(&admin),
            "{}",
            404,
            "not_found",
        ),
        (
            "POST",
            format!("{review}/999999/reject"),
            Some(&admin),
            "{}",
            404,
            "not_found",
        ),
        (
            "PUT",
            format!("{apps}/forum"),
            Some(&admin),
            r#"{"webhook_url":"not a url"}"#,
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{apps}/forum/events?status=bogus"),
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            format!("{apps}/forum/deliveries?limit=0"),
            Some(&admin),
            "",
            422,
            "validation_failed",
        ),
        (
            "POST",
            format!("{apps}/forum/test"),
            Some(&admin),
            "",
            404,
            "not_found",
        ),
        (
            "PUT",
            format!("{apps}/bad%20name"),
            Some(&admin),
            "{}",
            422,
            "validation_failed",
        ),
    ];
    for (method, path, key, body, status, code) in cases {
        let body = (!body.is_empty()).then_some(body);
        app.send(request(method, &path, key, body))
            .await
            .expect_error(status, code, &format!("{method} {path}"));
    }
    // With no app, a page is empty and the last one.
    let answer = app
        .send(request("POST", &reseal, Some(&admin), Some("{}")))
        .await;
    assert_eq!(answer.status, 200);
    let page: modd_common::ResealPage = serde_json::from_slice(&answer.body).unwrap();
    assert_eq!((page.scanned, page.next, page.key_id.len()), (0, None, 8));
    let answer = app.send(request("GET", apps, Some(&admin), None)).await;
    assert_eq!(answer.status, 200);
    let listed: Vec<modd_common::AppView> = serde_json::from_slice(&answer.body).unwrap();
    assert!(listed.is_empty(), "no app was created: {listed:?}");
    nothing_stored(app.state.store.as_ref(), "after the admin requests").await;
}

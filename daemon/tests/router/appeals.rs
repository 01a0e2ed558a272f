//! The appeal routes refuse bad input with the field named, answer 404 for
//! unknown items and appeals, and change nothing.

use modd_common::{AppealPage, Role};
use modd_testkit::{Db, TestDb, TestRouter, request};

use crate::nothing_stored;

modd_testkit::on_both_backends!(appeal_validation_table);

async fn appeal_validation_table(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let client = app.key(Role::Client).await;
    let reviewer = app.key(Role::Reviewer).await;
    let submit = "/api/v1/moderation/999999/appeal";
    let queue = "/api/v1/admin/appeals";
    let too_long = format!(r#"{{"statement":"{}"}}"#, "é".repeat(5001));
    let long_note = format!(r#"{{"note":"{}"}}"#, "n".repeat(2001));
    let cases: Vec<(&str, &str, &str, &str, u16, &str)> = vec![
        ("POST", submit, &client, "{}", 422, "validation_failed"),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":""}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":" \n "}"#,
            422,
            "validation_failed",
        ),
        ("POST", submit, &client, &too_long, 422, "validation_failed"),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":"a\u0000b"}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":"x","bogus":1}"#,
            422,
            "validation_failed",
        ),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":"#,
            400,
            "invalid_json",
        ),
        (
            "POST",
            submit,
            &client,
            r#"{"statement":"please"}"#,
            404,
            "not_found",
        ),
        (
            "POST",
            submit,
            &reviewer,
            r#"{"statement":"please"}"#,
            403,
            "forbidden",
        ),
        (
            "GET",
            "/api/v1/admin/appeals?limit=0",
            &reviewer,
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/v1/admin/appeals?limit=501",
            &reviewer,
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/v1/admin/appeals?source_app=bad%20app",
            &reviewer,
            "",
            422,
            "validation_failed",
        ),
        (
            "GET",
            "/api/v1/admin/appeals?bogus=1",
            &reviewer,
            "",
            400,
            "bad_request",
        ),
        ("GET", queue, &client, "", 403, "forbidden"),
        (
            "GET",
            "/api/v1/admin/appeals/999999",
            &reviewer,
            "",
            404,
            "not_found",
        ),
        (
            "POST",
            "/api/v1/admin/appeals/999999/approve",
            &reviewer,
            "",
            404,
            "not_found",
        ),
        // A reason code is checked against the appealed item's app's list,
        // so without an appeal there is no list: not found comes first.
        (
            "POST",
            "/api/v1/admin/appeals/999999/reject",
            &reviewer,
            r#"{"reason_code":"nope"}"#,
            404,
            "not_found",
        ),
        (
            "POST",
            "/api/v1/admin/appeals/999999/reject",
            &reviewer,
            &long_note,
            422,
            "validation_failed",
        ),
        (
            "POST",
            "/api/v1/admin/appeals/999999/reject",
            &reviewer,
            "{",
            400,
            "invalid_json",
        ),
    ];
    for (method, path, key, body, status, code) in cases {
        let body = (!body.is_empty()).then_some(body);
        app.send(request(method, path, Some(key), body))
            .await
            .expect_error(status, code, &format!("{method} {path} {body:?}"));
    }
    for decided in ["false", "true"] {
        let path = format!("{queue}?decided={decided}");
        let answer = app.send(request("GET", &path, Some(&reviewer), None)).await;
        assert_eq!(answer.status, 200, "{path}");
        let page: AppealPage = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(page.appeals, Vec::new(), "{path}");
        assert_eq!(page.next_after_id, None);
    }
    nothing_stored(app.state.store.as_ref(), "after the appeal requests").await;
}

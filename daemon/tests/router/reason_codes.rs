//! `GET|PUT /api/v1/admin/apps/{app}/reason-codes`: who may read and set
//! them, every malformed list refused with the field named, and a refused
//! change leaves the list as it was.

use modd_common::{ReasonCodes, Role};
use modd_testkit::{Db, TestDb, TestRouter, request};

/// Method, path, key, body (empty for none), status, error code, and what
/// the case is (for a `codes…` case, also what the message must name).
type Case<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    u16,
    &'a str,
    &'a str,
);

modd_testkit::on_both_backends!(reason_code_lists_are_checked);

async fn reason_code_lists_are_checked(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let admin = app.key(Role::Admin).await;
    let reviewer = app.key(Role::Reviewer).await;
    let client = app.key(Role::Client).await;
    let path = "/api/v1/admin/apps/forum/reason-codes";
    let ten: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"code":"c{i}","label":"x"}}"#))
        .collect();
    let ten = format!(r#"{{"codes":[{}]}}"#, ten.join(","));
    let cases: &[Case] = &[
        (
            "GET",
            path,
            Some(&client),
            "",
            403,
            "forbidden",
            "a client key",
        ),
        (
            "PUT",
            path,
            Some(&reviewer),
            r#"{"codes":null}"#,
            403,
            "forbidden",
            "a reviewer sets",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            "{}",
            422,
            "validation_failed",
            "missing field `codes`",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[]}"#,
            422,
            "validation_failed",
            "1 to 9",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            &ten,
            422,
            "validation_failed",
            "1 to 9",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[{"code":"Spam","label":"x"}]}"#,
            422,
            "validation_failed",
            "codes[0].code",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[{"code":"spam","label":""}]}"#,
            422,
            "validation_failed",
            "codes[0].label",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[{"code":"spam","label":"a"},{"code":"spam","label":"b"}]}"#,
            422,
            "validation_failed",
            "codes[1].code",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[{"code":"spam"}]}"#,
            422,
            "validation_failed",
            "no label",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":[{"code":"spam","label":"x","key":1}]}"#,
            422,
            "validation_failed",
            "unknown field",
        ),
        (
            "PUT",
            path,
            Some(&admin),
            r#"{"codes":"#,
            400,
            "invalid_json",
            "broken JSON",
        ),
        (
            "GET",
            "/api/v1/admin/apps/bad%20name/reason-codes",
            Some(&admin),
            "",
            422,
            "validation_failed",
            "app name",
        ),
    ];
    for (method, path, key, body, status, code, what) in cases {
        let body = (!body.is_empty()).then_some(*body);
        let answer = app.send(request(method, path, *key, body)).await;
        answer.expect_error(*status, code, what);
        if *status == 422 && (what.starts_with("codes") || what.starts_with("missing")) {
            let text = String::from_utf8_lossy(&answer.body);
            assert!(text.contains(what), "{what}: {text}");
        }
    }
    // Nothing was set: the forum still has the built-in list, and a
    // reviewer may read it.
    let answer = app.send(request("GET", path, Some(&reviewer), None)).await;
    assert_eq!(answer.status, 200);
    let list: ReasonCodes = serde_json::from_slice(&answer.body).unwrap();
    assert!(list.default && list.codes.len() == 9, "{list:?}");
    assert!(
        app.state
            .store
            .reason_codes("forum")
            .await
            .unwrap()
            .is_none()
    );
}

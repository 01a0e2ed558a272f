//! Who may call what: every route of the OpenAPI document, called with a
//! key of each role. The route's [`Access`] is written here, independently
//! of the handlers; the roles it admits come from the one permissions table.
//! An allowed call gets past authentication (whatever it then answers); a
//! refused one is a 403 `forbidden` naming the roles that would do. The
//! requests are shaped so that allowed ones change nothing (unknown ids,
//! invalid bodies, an invalid app name).

use axum::body::Body;
use axum::http::Request;
use modd::http::permissions::{Access, allows};
use modd_common::Role;
use modd_testkit::{Db, KeySpec, TestDb, TestRouter, insert_key, request};
use std::collections::BTreeSet;

use crate::nothing_stored;

modd_testkit::on_both_backends!(every_route_admits_exactly_its_roles);

/// Where a route takes its key.
#[derive(Clone, Copy)]
enum Place {
    Header,
    Bearer,
    Query,
}

/// Method, path (as in the OpenAPI document), the path called, the JSON body
/// (empty for none), where the key goes, and what the route needs.
type Route = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Place,
    Access,
);

fn routes() -> Vec<Route> {
    use Access::{Content, Manage, Observe, ReadItem, Review};
    use Place::{Bearer, Header, Query};
    vec![
        (
            "POST",
            "/api/v1/moderation/analyse",
            "/api/v1/moderation/analyse",
            "{}",
            Header,
            Content,
        ),
        (
            "POST",
            "/api/v1/moderation/batch",
            "/api/v1/moderation/batch",
            "{}",
            Header,
            Content,
        ),
        (
            "POST",
            "/api/v1/classify",
            "/api/v1/classify",
            "{}",
            Header,
            Content,
        ),
        (
            "DELETE",
            "/api/v1/moderation",
            "/api/v1/moderation?source_app=a&external_id=none",
            "",
            Header,
            Content,
        ),
        (
            "POST",
            "/v1/moderations",
            "/v1/moderations",
            "{}",
            Bearer,
            Content,
        ),
        (
            "POST",
            "/v1alpha1/comments:analyze",
            "/v1alpha1/comments:analyze",
            "{}",
            Query,
            Content,
        ),
        (
            "GET",
            "/api/v1/moderation/{id}",
            "/api/v1/moderation/999999",
            "",
            Header,
            ReadItem,
        ),
        (
            "GET",
            "/api/v1/moderation",
            "/api/v1/moderation?source_app=a&external_id=none",
            "",
            Header,
            ReadItem,
        ),
        (
            "GET",
            "/api/v1/admin/review",
            "/api/v1/admin/review",
            "",
            Header,
            Review,
        ),
        (
            "GET",
            "/api/v1/admin/review/{id}",
            "/api/v1/admin/review/999999",
            "",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/admin/review/{id}/approve",
            "/api/v1/admin/review/999999/approve",
            "",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/admin/review/{id}/reject",
            "/api/v1/admin/review/999999/reject",
            "",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/admin/review/batch",
            "/api/v1/admin/review/batch",
            "{}",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/moderation/{id}/appeal",
            "/api/v1/moderation/999999/appeal",
            "{}",
            Header,
            Content,
        ),
        (
            "GET",
            "/api/v1/admin/appeals",
            "/api/v1/admin/appeals",
            "",
            Header,
            Review,
        ),
        (
            "GET",
            "/api/v1/admin/appeals/{id}",
            "/api/v1/admin/appeals/999999",
            "",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/admin/appeals/{id}/approve",
            "/api/v1/admin/appeals/999999/approve",
            "",
            Header,
            Review,
        ),
        (
            "POST",
            "/api/v1/admin/appeals/{id}/reject",
            "/api/v1/admin/appeals/999999/reject",
            "",
            Header,
            Review,
        ),
        (
            "GET",
            "/api/v1/admin/audit",
            "/api/v1/admin/audit?limit=5",
            "",
            Header,
            Review,
        ),
        (
            "GET",
            "/api/v1/admin/stats",
            "/api/v1/admin/stats",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/facts",
            "/api/v1/admin/facts",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/attestations",
            "/api/v1/admin/attestations",
            "",
            Header,
            Observe,
        ),
        (
            "POST",
            "/api/v1/admin/attestations",
            "/api/v1/admin/attestations",
            "{}",
            Header,
            Manage,
        ),
        (
            "GET",
            "/api/v1/admin/queue",
            "/api/v1/admin/queue",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/queue/dlq",
            "/api/v1/admin/queue/dlq",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/queue/dlq/{id}",
            "/api/v1/admin/queue/dlq/none",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/workers",
            "/api/v1/admin/workers",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/keys",
            "/api/v1/admin/keys",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/keys/{id}",
            "/api/v1/admin/keys/999999",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/apps",
            "/api/v1/admin/apps",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/apps/{app}",
            "/api/v1/admin/apps/bad%20app",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/policies/{app}",
            "/api/v1/admin/policies/bad%20app",
            "",
            Header,
            Observe,
        ),
        (
            "GET",
            "/api/v1/admin/policies/{app}/history",
            "/api/v1/admin/policies/bad%20app/history",
            "",
            Header,
            Observe,
        ),
        (
            "POST",
            "/api/v1/admin/keys",
            "/api/v1/admin/keys",
            "{}",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/keys/{id}/revoke",
            "/api/v1/admin/keys/999999/revoke",
            "",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/keys/{id}/rotate",
            "/api/v1/admin/keys/999999/rotate",
            "",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/keys/{id}/extend-grace",
            "/api/v1/admin/keys/999999/extend-grace",
            "{}",
            Header,
            Manage,
        ),
        (
            "PUT",
            "/api/v1/admin/keys/{id}/max-age",
            "/api/v1/admin/keys/999999/max-age",
            "{}",
            Header,
            Manage,
        ),
        (
            "PUT",
            "/api/v1/admin/apps/{app}",
            "/api/v1/admin/apps/bad%20app",
            "{}",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/apps/{app}/rotate-secret",
            "/api/v1/admin/apps/bad%20app/rotate-secret",
            "",
            Header,
            Manage,
        ),
        (
            "GET",
            "/api/v1/admin/apps/{app}/reason-codes",
            "/api/v1/admin/apps/bad%20app/reason-codes",
            "",
            Header,
            Review,
        ),
        (
            "PUT",
            "/api/v1/admin/apps/{app}/reason-codes",
            "/api/v1/admin/apps/bad%20app/reason-codes",
            r#"{"codes":null}"#,
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/secrets/reseal",
            "/api/v1/admin/secrets/reseal",
            r#"{"limit":0}"#,
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/apps/{app}/test",
            "/api/v1/admin/apps/bad%20app/test",
            "",
            Header,
            Manage,
        ),
        (
            "GET",
            "/api/v1/admin/apps/{app}/deliveries",
            "/api/v1/admin/apps/bad%20app/deliveries",
            "",
            Header,
            Manage,
        ),
        (
            "GET",
            "/api/v1/admin/apps/{app}/events",
            "/api/v1/admin/apps/bad%20app/events",
            "",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/apps/{app}/replay",
            "/api/v1/admin/apps/bad%20app/replay",
            "{}",
            Header,
            Manage,
        ),
        (
            "PUT",
            "/api/v1/admin/policies/{app}",
            "/api/v1/admin/policies/bad%20app",
            "{}",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/policies/{app}/test",
            "/api/v1/admin/policies/bad%20app/test",
            "{}",
            Header,
            Manage,
        ),
        (
            "DELETE",
            "/api/v1/admin/queue/dlq",
            "/api/v1/admin/queue/dlq",
            "",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/queue/dlq/retry-all",
            "/api/v1/admin/queue/dlq/retry-all",
            "",
            Header,
            Manage,
        ),
        (
            "POST",
            "/api/v1/admin/queue/dlq/{id}/retry",
            "/api/v1/admin/queue/dlq/none/retry",
            "",
            Header,
            Manage,
        ),
    ]
}

/// Routes every valid key may call, or that stream forever (the live feed,
/// checked end to end in `tests/e2e/roles.rs`), or need no key at all.
const NOT_IN_THE_TABLE: [&str; 7] = [
    "GET /api/v1/whoami",
    "GET /api/v1/admin/events",
    "GET /",
    "GET /health",
    "GET /ready",
    "GET /metrics",
    "GET /openapi.json",
];

fn call(route: &Route, key: &str) -> Request<Body> {
    let (method, _, path, body, place, _) = *route;
    let body = (!body.is_empty()).then_some(body);
    match place {
        Place::Header => request(method, path, Some(key), body),
        Place::Bearer => {
            let mut req = request(method, path, None, body);
            let value = format!("Bearer {key}").parse().expect("header value");
            req.headers_mut().insert("authorization", value);
            req
        }
        Place::Query => request(method, &format!("{path}?key={key}"), None, body),
    }
}

async fn every_route_admits_exactly_its_roles(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let app = TestRouter::start(&db, &[]).await;
    let table = routes();
    check_the_table_covers_every_route(&app, &table).await;
    for role in Role::ALL {
        let spec = KeySpec {
            role,
            person: role.needs_person().then_some("Test Person"),
            ..KeySpec::default()
        };
        let (_, key) = insert_key(app.state.store.as_ref(), spec).await;
        for route in &table {
            let (method, _, path, _, _, access) = *route;
            let what = format!("{role} {method} {path}");
            let answer = app.send(call(route, &key)).await;
            let status = answer.status.as_u16();
            if allows(role, access) {
                assert!(
                    !matches!(status, 401 | 403),
                    "{what}: allowed, got {status}: {}",
                    String::from_utf8_lossy(&answer.body)
                );
            } else if matches!(route.4, Place::Header) {
                answer.expect_error(403, "forbidden", &what);
                let text = String::from_utf8_lossy(&answer.body);
                assert!(text.contains("needs a key with role"), "{what}: {text}");
            } else {
                // The compatible APIs answer in their own error shapes.
                assert_eq!(status, 403, "{what}");
            }
        }
        // Every role may ask who it is.
        let answer = app
            .send(request("GET", "/api/v1/whoami", Some(&key), None))
            .await;
        assert_eq!(answer.status.as_u16(), 200, "{role} whoami");
    }
    nothing_stored(app.state.store.as_ref(), "after every refused call").await;
}

/// Every operation of the OpenAPI document is in the table above (or named
/// in [`NOT_IN_THE_TABLE`]), so a new route cannot miss its permission.
async fn check_the_table_covers_every_route(app: &TestRouter, table: &[Route]) {
    let answer = app.send(request("GET", "/openapi.json", None, None)).await;
    let doc: serde_json::Value = serde_json::from_slice(&answer.body).expect("openapi json");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            documented.insert(format!("{} {path}", method.to_uppercase()));
        }
    }
    let mut covered: BTreeSet<String> = table.iter().map(|r| format!("{} {}", r.0, r.1)).collect();
    covered.extend(NOT_IN_THE_TABLE.iter().map(|s| (*s).to_owned()));
    let missing: Vec<&String> = documented.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "routes without a permission row: {missing:?}"
    );
}

//! What the console refuses: a claimed item to a second moderator (in the
//! browser and through the JSON API), a post without the CSRF token, a
//! viewer key (at sign-in and on the decide route), a session whose key
//! was revoked. And what it sends: its own CSP, cacheable assets.

use crate::hooks::flagged;
use crate::{daemon, person_key, sign_in};
use chrono::Utc;
use modd_common::{ItemStatus, ReviewVerdict, Role};
use modd_testkit::{Db, TestDb};
use serde_json::json;

/// POSTs a form from inside the page (same origin, with the session
/// cookie) and returns the status.
const POST_FORM: &str = "const done = arguments[arguments.length - 1]; \
    fetch(arguments[0], {method: 'POST', credentials: 'same-origin', \
      headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]}) \
    .then(r => done(r.status)).catch(e => done(String(e)));";

pub async fn claims_csrf_and_roles_are_enforced(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let d = daemon(&db).await;
    let (alice_id, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let (_, bob) = person_key(&d, Role::Reviewer, "bob").await;
    let (_, viewer) = person_key(&d, Role::Viewer, "wall").await;
    let item = flagged(&d, "forum", "contested", &[("hate", 0.8)]).await;

    // A viewer key cannot sign in, and cannot decide through the API.
    let v = driver.browser().await;
    sign_in(&v, &d, &viewer).await;
    v.wait_page("login").await;
    let why = v.wait_for("p.error").await;
    assert!(
        v.text(&why)
            .await
            .contains("viewer key cannot use the console")
    );
    assert!(v.cookie("modd_console").await.is_none());
    v.close().await;
    let err = d
        .client(Some(&viewer))
        .review_decide(item, ReviewVerdict::Approved, None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));

    // Alice opens the item and so claims it (the page's script posts the claim).
    let a = driver.browser().await;
    sign_in(&a, &d, &alice).await;
    a.wait_page("queue").await;
    a.goto(&d.url(&format!("/console/items/{item}"))).await;
    a.wait_page("item").await;
    a.wait_for("#decide").await;
    a.wait_until(
        "the claim",
        "return document.body.dataset.claimed === '1';",
        json!([]),
    )
    .await;

    // Bob sees her claim and no decision form; the JSON API refuses him too.
    let b = driver.browser().await;
    sign_in(&b, &d, &bob).await;
    b.wait_page("queue").await;
    let row = b
        .wait_for(&format!("#queue tr[data-id='{item}'] .claimed"))
        .await;
    assert!(b.text(&row).await.contains("alice"));
    b.goto(&d.url(&format!("/console/items/{item}"))).await;
    b.wait_page("item").await;
    let claimed = b.wait_for("#claimed").await;
    assert!(b.text(&claimed).await.contains("alice"));
    assert!(b.find("#decide").await.is_none());
    let err = d
        .client(Some(&bob))
        .review_decide(item, ReviewVerdict::Blocked, None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));
    assert!(err.to_string().contains("claimed by"), "{err}");
    // Bob's posts from the console are refused as well, token or not.
    let bob_token = b
        .js(
            "return document.querySelector('input[name=csrf]').value;",
            json!([]),
        )
        .await;
    let body = format!("csrf={}&verdict=reject", bob_token.as_str().unwrap());
    let status = b
        .js_async(
            POST_FORM,
            json!([format!("/console/items/{item}/decide"), body]),
        )
        .await;
    assert_eq!(status, json!(409));

    // Alice's post without the CSRF token, or with a wrong one, changes nothing.
    for body in ["verdict=approve", "csrf=forged&verdict=approve"] {
        let status = a
            .js_async(
                POST_FORM,
                json!([format!("/console/items/{item}/decide"), body]),
            )
            .await;
        assert_eq!(status, json!(403), "{body}");
    }
    // Without a session at all: 401, whatever the token.
    let anonymous = d
        .http
        .post(d.url(&format!("/console/items/{item}/decide")))
        .form(&[("csrf", "x"), ("verdict", "approve")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    let body: serde_json::Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    // A session is not an API key: the JSON API ignores the cookie.
    let api = a
        .js_async(
            "const done = arguments[arguments.length - 1]; \
             fetch('/api/v1/admin/review', {credentials: 'same-origin'}).then(r => done(r.status));",
            json!([]),
        )
        .await;
    assert_eq!(api, json!(401));
    assert_eq!(
        d.store.get_item(item).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // Revoking Alice's key ends her session at her next request.
    assert!(d.store.revoke_key(alice_id, Utc::now()).await.unwrap());
    a.goto(&d.url("/console")).await;
    a.wait_page("login").await;

    // The console's own headers: CSP without inline code, no framing;
    // assets versioned and cacheable.
    let login = d.http.get(d.url("/console/login")).send().await.unwrap();
    let csp = login.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let html = login.text().await.unwrap();
    let css = html
        .split('"')
        .find(|s| s.starts_with("/console/assets/") && s.ends_with(".css"))
        .expect("a versioned stylesheet URL")
        .to_owned();
    let asset = d.http.get(d.url(&css)).send().await.unwrap();
    assert_eq!(asset.status().as_u16(), 200);
    assert!(
        asset.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let stale = d
        .http
        .get(d.url("/console/assets/000000000000/console.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status().as_u16(), 404);
    a.close().await;
    b.close().await;
}

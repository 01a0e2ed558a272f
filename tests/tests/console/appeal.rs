//! An appeal in the console: the reviewer who blocked an item sees the
//! appeal but no form, and a forged decision of theirs is refused; a second
//! reviewer overturns it from the item page with the keyboard.

use crate::hooks::flagged;
use crate::{artifact, person_key, sign_in};
use modd_common::{AppealOutcome, ItemStatus, ReviewVerdict, Role};
use modd_testkit::{Db, TestDb};
use serde_json::json;

const STATEMENT: &str = "I was quoting the forum rules, not insulting anyone";

/// Posts a form from the page with the session's cookie; gives the status.
const POST_FORM: &str = "const done = arguments[arguments.length - 1]; \
    fetch(arguments[0], {method: 'POST', credentials: 'same-origin', \
      headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]}) \
    .then(r => done(r.status)).catch(e => done(String(e)));";

pub async fn an_appeal_is_decided_by_a_second_reviewer(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let d = crate::daemon(&db).await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let (_, bob) = person_key(&d, Role::Reviewer, "bob").await;
    let app = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let id = flagged(&d, "forum", "appealed", &[("hate", 0.8)]).await;
    d.client(Some(&alice))
        .review_decide(id, ReviewVerdict::Blocked, None)
        .await
        .unwrap();
    app.appeal(id, STATEMENT).await.unwrap();

    // Alice blocked it: she finds the appeal, but may not decide it.
    let b = driver.browser().await;
    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;
    let nav = b.wait_for("nav a[href='/console/appeals']").await;
    b.click(&nav).await;
    b.wait_page("appeals").await;
    let link = b.wait_for(&format!("#appeals tr[data-id='{id}'] a")).await;
    b.click(&link).await;
    b.wait_item(id).await;
    let statement = b.wait_for("#statement").await;
    assert_eq!(b.text(&statement).await, STATEMENT);
    b.wait_for("#own-decision").await;
    assert_eq!(
        b.js(
            "return document.getElementById('decide') === null;",
            json!([])
        )
        .await,
        json!(true),
        "no decision form for the original reviewer"
    );
    b.press("a").await; // nothing to approve: the key does nothing
    let csrf = b
        .js(
            "return document.querySelector('input[name=csrf]').value;",
            json!([]),
        )
        .await;
    let body = format!("csrf={}&verdict=approve", csrf.as_str().unwrap());
    let status = b
        .js_async(
            POST_FORM,
            json!([format!("/console/items/{id}/appeal"), body]),
        )
        .await;
    assert_eq!(status, json!(403), "a forged decision by alice");
    let open = d.store.get_appeal(id).await.unwrap().unwrap();
    assert_eq!(
        (open.outcome, open.item_status),
        (None, ItemStatus::Blocked)
    );
    let sign_out = b.wait_for("form[action='/console/logout'] button").await;
    b.click(&sign_out).await;
    b.wait_page("login").await;

    // Bob overturns it: reason 8 (acceptable), then `a`.
    sign_in(&b, &d, &bob).await;
    b.wait_page("queue").await;
    b.goto(&d.url(&format!("/console/items/{id}"))).await;
    b.wait_item(id).await;
    b.wait_for("#appeal #decide button.approve").await;
    b.screenshot(&artifact("appeal.png")).await;
    crate::a11y::check(&b, "appeal").await;
    b.press("8").await;
    b.wait_until(
        "reason 8",
        "return document.getElementById('reason_code').value === 'acceptable';",
        json!([]),
    )
    .await;
    b.press("a").await;
    b.wait_page("appeals").await;
    let decided = d.store.get_appeal(id).await.unwrap().unwrap();
    assert_eq!(decided.outcome, Some(AppealOutcome::Overturned));
    assert_eq!(decided.item_status, ItemStatus::Approved);
    assert!(decided.decided_by.unwrap().contains("(bob)"));
    assert_eq!(decided.reason_code.as_deref(), Some("acceptable"));
    let empty = b.wait_for("#appeals tbody td").await;
    assert_eq!(b.text(&empty).await, "No appeal waits for a decision.");
    // The item page now shows the outcome instead of a form.
    b.goto(&d.url(&format!("/console/items/{id}"))).await;
    b.wait_item(id).await;
    let outcome = b.wait_for("#appeal-outcome").await;
    assert!(b.text(&outcome).await.starts_with("Overturned by key:"));
    b.close().await;
}

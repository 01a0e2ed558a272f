//! A moderator's loop: sign in, see a flagged item appear live, approve by
//! click and by keyboard, reject with a reason code, see an item decided
//! elsewhere disappear, find their name in the audit log, sign out.

use crate::hooks::submit;
use crate::{artifact, person_key, sign_in};
use modd_common::{ItemStatus, ReviewVerdict, Role};
use modd_testkit::{Db, TestDb};
use serde_json::json;

/// Waits until the store says item `id` has `status`.
async fn until_status(d: &modd_testkit::TestDaemon, id: i64, status: ItemStatus) {
    let reached = modd_testkit::eventually(crate::webdriver::PATIENCE, || async {
        (d.store.get_item(id).await.unwrap().unwrap().status == status).then_some(())
    })
    .await;
    assert!(reached.is_some(), "item {id} never became {status:?}");
}

/// Submits a comment with an e-mail address, which the built-in policy
/// flags (`pii`), and waits for the workers to flag it: the real path, so
/// the console hears of it through the live feed as in production.
async fn flagged_by_workers(d: &modd_testkit::TestDaemon, key: &str, app: &str, ext: &str) -> i64 {
    let text = format!("{ext}: write to jo@example.com for details");
    let id = submit(d, key, app, ext, &text).await;
    until_status(d, id, ItemStatus::Flagged).await;
    id
}

/// Opens item `id` and waits for its script.
async fn open(b: &crate::Browser, d: &modd_testkit::TestDaemon, id: i64) {
    b.goto(&d.url(&format!("/console/items/{id}"))).await;
    b.wait_item(id).await;
}

pub async fn sign_in_review_live_and_sign_out(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    // A short undo window: decisions are held, then recorded, as by default.
    let d = modd_testkit::TestDaemon::start(&db, &[("MODD_CONSOLE_UNDO", "1s")]).await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let app = d.key(Role::Client, &[]).await;
    let admin = d.client_as(Role::Admin).await;
    let b = driver.browser().await;

    // Signed out, the console sends you to the sign-in form.
    b.goto(&d.url("/console")).await;
    b.wait_page("login").await;
    assert!(b.url().await.ends_with("/console/login"));

    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;
    let who = b.wait_for(".who strong").await;
    assert_eq!(b.text(&who).await, "alice");
    // The session cookie is HttpOnly and SameSite=Strict (not Secure outside production).
    let cookie = b.cookie("modd_console").await.expect("session cookie");
    assert_eq!(cookie["httpOnly"], json!(true));
    assert_eq!(cookie["sameSite"], json!("Strict"));
    assert_eq!(b.js("return document.cookie;", json!([])).await, json!(""));

    // A flagged item appears without a reload (the marker survives).
    b.js("window.noReload = 1; return true;", json!([])).await;
    let first = flagged_by_workers(&d, &app, "forum", "live-1").await;
    b.wait_for(&format!("#queue tr[data-id='{first}']")).await;
    assert_eq!(
        b.js("return window.noReload === 1;", json!([])).await,
        json!(true)
    );
    let second = flagged_by_workers(&d, &app, "forum", "click-2").await;
    let third = flagged_by_workers(&d, &app, "shop", "key-3").await;
    let fourth = flagged_by_workers(&d, &app, "forum", "elsewhere-4").await;
    b.wait_for(&format!("#queue tr[data-id='{fourth}']")).await;
    b.screenshot(&artifact("queue.png")).await;
    crate::a11y::check(&b, "queue").await;

    // Approve by click.
    open(&b, &d, first).await;
    let text = b.wait_for("blockquote.text").await;
    assert_eq!(
        b.text(&text).await,
        "live-1: write to jo@example.com for details"
    );
    b.screenshot(&artifact("item.png")).await;
    crate::a11y::check(&b, "item").await;
    let approve = b.wait_for("#decide button.approve").await;
    b.click(&approve).await;
    until_status(&d, first, ItemStatus::Approved).await;
    let item = d.store.get_item(first).await.unwrap().unwrap();
    let decision = item.decision.unwrap();
    assert_eq!(decision.decided_by, "human");
    assert!(decision.reviewed_by.unwrap().contains("(alice)"));
    // The next item opens by itself: the oldest one left.
    b.wait_item(second).await;

    // Approve by keyboard.
    open(&b, &d, second).await;
    b.press("a").await;
    until_status(&d, second, ItemStatus::Approved).await;

    // Reject with a reason code: 3 picks the third reason (hate).
    open(&b, &d, third).await;
    b.press("3").await;
    b.wait_until(
        "reason 3",
        "return document.getElementById('reason_code').value === 'hate';",
        json!([]),
    )
    .await;
    b.press("r").await;
    until_status(&d, third, ItemStatus::Blocked).await;
    let decision = d
        .store
        .get_item(third)
        .await
        .unwrap()
        .unwrap()
        .decision
        .unwrap();
    assert_eq!(decision.review_reason.as_deref(), Some("hate"));

    // After the reject the console opened the fourth item, so Alice holds
    // it: the queue says so, and nobody else may decide it meanwhile.
    b.wait_item(fourth).await;
    b.wait_until(
        "the claim",
        "return document.body.dataset.claimed === '1';",
        json!([]),
    )
    .await;
    b.goto(&d.url("/console")).await;
    b.wait_page("queue").await;
    let mine = b
        .wait_for(&format!("#queue tr[data-id='{fourth}'] td:last-child"))
        .await;
    assert_eq!(b.text(&mine).await, "by you");
    let refused = admin
        .review_decide(fourth, ReviewVerdict::Approved, None)
        .await
        .unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(409));

    // An item decided elsewhere (the JSON API) leaves the open queue.
    b.js("window.noReload = 1; return true;", json!([])).await;
    let fifth = flagged_by_workers(&d, &app, "forum", "elsewhere-5").await;
    b.wait_for(&format!("#queue tr[data-id='{fifth}']")).await;
    admin
        .review_decide(fifth, ReviewVerdict::Approved, None)
        .await
        .unwrap();
    b.wait_until(
        "the decided item to leave",
        "return document.querySelector(\"#queue tr[data-id='\" + arguments[0] + \"']\") === null;",
        json!([fifth]),
    )
    .await;
    assert_eq!(
        b.js("return window.noReload === 1;", json!([])).await,
        json!(true)
    );

    // The audit log names the person, for the sign-in and each decision.
    let audit = d.store.list_audit(50).await.unwrap();
    let by_alice = |action: &str| {
        audit
            .iter()
            .filter(|e| e.action == action && e.actor.contains("(alice)"))
            .count()
    };
    assert_eq!(by_alice("console.sign_in"), 1);
    assert_eq!(by_alice("review.decide"), 3);

    // The audit page shows her name on her decisions, filtered.
    b.goto(&d.url("/console/audit?action=review.decide&actor=alice&hours=1"))
        .await;
    b.wait_page("audit").await;
    let rows = b
        .js(
            "return Array.from(document.querySelectorAll('#audit tbody tr')).map(r => r.innerText);",
            json!([]),
        )
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert!(rows.iter().all(|r| r.as_str().unwrap().contains("(alice)")));

    // Sign out: the form posts with its token, the session ends.
    let sign_out = b.wait_for("form[action='/console/logout'] button").await;
    b.click(&sign_out).await;
    b.wait_page("login").await;
    b.goto(&d.url("/console")).await;
    b.wait_page("login").await;
    let audit = d.store.list_audit(50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "console.sign_out" && e.actor.contains("(alice)"))
    );
    b.close().await;
}

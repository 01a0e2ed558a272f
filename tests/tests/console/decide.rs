//! Deciding with an app's own reason codes, by keyboard: a `GET` of the
//! item page claims nothing (the page's script claims it by `POST`), the
//! app's codes are keys 1–9, `r` rejects, `u` undoes within the window (the
//! item is flagged again and nothing was recorded), and a decision left
//! alone is recorded when its window ends.

use crate::hooks::flagged;
use crate::{artifact, person_key, sign_in};
use modd_common::{ItemStatus, ReasonCode, Role};
use modd_testkit::{Db, TestDb, eventually};
use serde_json::json;

/// A fetch from inside the page (with the session cookie); the status.
const GET: &str = "const done = arguments[arguments.length - 1]; \
    fetch(arguments[0], {credentials: 'same-origin'}).then(r => done(r.status));";

pub async fn reason_codes_by_keyboard_undo_and_claims(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let d =
        modd_testkit::TestDaemon::start(&db, &[("MODD_WORKERS", "0"), ("MODD_CONSOLE_UNDO", "6s")])
            .await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let admin = d.client_as(Role::Admin).await;
    let codes = vec![
        ReasonCode::new("scam", "Scam or fraud"),
        ReasonCode::new("doxxing", "Shares someone's address"),
        ReasonCode::new("spam", "Spam"),
    ];
    admin.set_reason_codes("forum", Some(codes)).await.unwrap();
    let x = flagged(&d, "forum", "x", &[("hate", 0.8)]).await;
    let y = flagged(&d, "forum", "y", &[("hate", 0.8)]).await;
    let b = driver.browser().await;
    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;

    // A GET of the item page (a prefetch, a second tab) claims nothing.
    let status = b
        .js_async(GET, json!([format!("/console/items/{x}")]))
        .await;
    assert_eq!(status, json!(200));
    assert!(
        d.store
            .live_claims(chrono::Utc::now())
            .await
            .unwrap()
            .is_empty()
    );

    // Opening it in the page claims it, by the script's POST.
    b.goto(&d.url(&format!("/console/items/{x}"))).await;
    b.wait_item(x).await;
    b.wait_until(
        "the claim",
        "return document.body.dataset.claimed === '1';",
        json!([]),
    )
    .await;
    let claims = d.store.live_claims(chrono::Utc::now()).await.unwrap();
    assert_eq!(claims.len(), 1);
    assert!(claims[0].item_id == x && claims[0].holder.contains("(alice)"));

    // The forum's codes, numbered for the keys; 2 picks the second.
    let options = b
        .js(
            "return Array.from(document.querySelectorAll('#reason_code option')).map(o => o.text);",
            json!([]),
        )
        .await;
    assert_eq!(
        options,
        json!([
            "— none —",
            "1. Scam or fraud",
            "2. Shares someone's address",
            "3. Spam"
        ])
    );
    b.press("2").await;
    b.wait_until(
        "reason 2",
        "return document.getElementById('reason_code').value === 'doxxing';",
        json!([]),
    )
    .await;
    b.press("r").await;

    // The next item opens; the decision waits, with its undo offered.
    b.wait_item(y).await;
    let banner = b.wait_for("#undo li").await;
    let said = b.text(&banner).await;
    assert!(
        said.contains(&format!("Rejected item #{x} (doxxing)")),
        "{said}"
    );
    b.screenshot(&artifact("undo.png")).await;
    crate::a11y::check(&b, "item").await;
    assert_eq!(
        d.store.get_item(x).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // u undoes it: the item is back, still Alice's, nothing was recorded.
    b.press("u").await;
    b.wait_item(x).await;
    b.wait_for("#decide").await;
    assert!(b.find("#undo").await.is_none());
    let item = d.store.get_item(x).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Flagged);
    assert!(item.decision.unwrap().reviewed_by.is_none());
    let audit = d.store.list_audit(20).await.unwrap();
    let on_x: Vec<&str> = audit
        .iter()
        .filter(|e| e.target == format!("item:{x}"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(on_x, ["review.undo", "review.hold"]);

    // Decided again and left alone: recorded when the window ends.
    b.wait_until(
        "the claim",
        "return document.body.dataset.claimed === '1';",
        json!([]),
    )
    .await;
    b.press("2").await;
    b.press("r").await;
    b.wait_item(y).await;
    let recorded = eventually(std::time::Duration::from_secs(20), || async {
        let item = d.store.get_item(x).await.unwrap().unwrap();
        (item.status == ItemStatus::Blocked).then_some(item)
    })
    .await
    .expect("recorded after the window");
    let decision = recorded.decision.unwrap();
    assert_eq!(decision.review_reason.as_deref(), Some("doxxing"));
    assert!(decision.reviewed_by.unwrap().contains("(alice)"));
    b.close().await;
}

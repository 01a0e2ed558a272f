//! A batch decision from the console: preview by filter (count and
//! examples, nothing decided), then apply to exactly what was counted.

use crate::hooks::flagged;
use crate::{daemon, person_key, sign_in};
use modd_common::{ItemStatus, Role};
use modd_testkit::{Db, TestDb};
use serde_json::json;

pub async fn batch_preview_then_apply(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let Some(driver) = crate::Driver::start().await else {
        return;
    };
    let d = daemon(&db).await;
    let (_, alice) = person_key(&d, Role::Reviewer, "alice").await;
    let spam: Vec<i64> = flagged_many(&d, "spam", 3).await;
    let hate = flagged(&d, "forum", "hate-1", &[("hate", 0.8)]).await;
    let b = driver.browser().await;
    sign_in(&b, &d, &alice).await;
    b.wait_page("queue").await;

    // Preview: the count and the oldest examples; nothing changes.
    b.goto(&d.url("/console/batch?category=spam&min_score=0.7"))
        .await;
    b.wait_page("batch").await;
    let count = b.wait_for("#batch-count strong").await;
    assert_eq!(b.text(&count).await, "3");
    let examples = b
        .js(
            "return document.querySelectorAll('#batch-examples li').length;",
            json!([]),
        )
        .await;
    assert_eq!(examples, json!(3));
    for id in &spam {
        let item = d.store.get_item(*id).await.unwrap().unwrap();
        assert_eq!(item.status, ItemStatus::Flagged);
    }

    // An item flagged after the preview is not part of the batch.
    let late = flagged(&d, "forum", "spam-late", &[("spam", 0.9)]).await;
    let reject = b.wait_for("#batch button.reject").await;
    b.click(&reject).await;
    let done = b.wait_for("#batch-done strong").await;
    assert_eq!(b.text(&done).await, "3");
    for id in &spam {
        let item = d.store.get_item(*id).await.unwrap().unwrap();
        assert_eq!(item.status, ItemStatus::Blocked, "item {id}");
        assert!(
            item.decision
                .unwrap()
                .reviewed_by
                .unwrap()
                .contains("(alice)")
        );
    }
    for id in [late, hate] {
        let item = d.store.get_item(id).await.unwrap().unwrap();
        assert_eq!(item.status, ItemStatus::Flagged, "item {id}");
    }
    let audit = d.store.list_audit(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "review.batch" && e.actor.contains("(alice)"))
    );
    b.close().await;
}

/// `n` items flagged for `category`.
async fn flagged_many(d: &modd_testkit::TestDaemon, category: &str, n: usize) -> Vec<i64> {
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(flagged(d, "forum", &format!("{category}-{i}"), &[(category, 0.75)]).await);
    }
    ids
}

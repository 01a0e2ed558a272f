//! Human review end to end: the queue, decisions, finality, batches, the
//! rule/human distinction in the item view, audit, modctl, and the feed.

use crate::hooks::{admin_get, flagged, next_decision};
use clap::Parser;
use modd_common::{ItemStatus, ItemView, Role};
use modd_tests::{Db, TestDaemon, TestDb};
use serde_json::json;
use std::time::Duration;

crate::on_both_backends!(
    reviewer_decisions_are_final_audited_and_shown,
    batch_decides_by_score_range,
    modctl_reviews_through_the_admin_api
);

async fn daemon(db: &TestDb) -> TestDaemon {
    TestDaemon::start(db, &[("MODD_WORKERS", "0")]).await
}

async fn reviewer_decisions_are_final_audited_and_shown(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = daemon(&db).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &["forum"]).await;
    let a = flagged(&d, "forum", "a", &[("hate", 0.72)]).await;
    let b = flagged(&d, "forum", "b", &[("spam", 0.9)]).await;
    let _c = flagged(&d, "shop", "c", &[("hate", 0.8)]).await;

    // The queue is admin-only and filters.
    let res = d
        .http
        .get(d.url("/api/v1/admin/review"))
        .header("X-API-KEY", &client)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let page = admin_get(
        &d,
        &admin,
        "/api/v1/admin/review?source_app=forum&category=hate&min_score=0.7",
    )
    .await;
    let ids: Vec<i64> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a]);
    assert_eq!(page["items"][0]["text"], "borderline text a");
    assert_eq!(page["items"][0]["scores"][0]["score"], 0.72);
    let res = d
        .http
        .get(d.url("/api/v1/admin/review?min_score=2"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);

    // The live feed sees the reviewer's decision.
    let mut feed = d
        .http
        .get(d.url("/api/v1/admin/events"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status(), 200);
    assert_eq!(feed.headers()["content-type"], "text/event-stream");

    let res = d
        .http
        .post(d.url(&format!("/api/v1/admin/review/{a}/approve")))
        .header("X-API-KEY", &admin)
        .json(&json!({"note": "satire, fine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let shown: serde_json::Value = res.json().await.unwrap();
    assert_eq!(shown["status"], "approved");
    assert_eq!(shown["decision"]["decided_by"], "human");
    assert_eq!(shown["decision"]["review_note"], "satire, fine");
    let reviewer = shown["decision"]["reviewed_by"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(reviewer.starts_with("key:"));

    let mut buf = String::new();
    let event = next_decision(&mut feed, &mut buf, Duration::from_secs(10), |e| {
        e["data"]["id"] == a
    })
    .await;
    assert_eq!(event["type"], "moderation.decided");
    assert_eq!(event["data"]["decided_by"], "human");

    // Final: a second decision is a conflict, and nothing changes.
    for verb in ["approve", "reject"] {
        let res = d
            .http
            .post(d.url(&format!("/api/v1/admin/review/{a}/{verb}")))
            .header("X-API-KEY", &admin)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 409);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "conflict");
    }
    let res = d
        .http
        .post(d.url("/api/v1/admin/review/999999/reject"))
        .header("X-API-KEY", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = d
        .http
        .post(d.url(&format!("/api/v1/admin/review/{b}/reject")))
        .header("X-API-KEY", &admin)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(
        d.store.get_item(b).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // The app sees who decided: a rule for b (still flagged), a person for a.
    let view = |id: i64| {
        let (d, client) = (&d, &client);
        async move {
            d.http
                .get(d.url(&format!("/api/v1/moderation/{id}")))
                .header("X-API-KEY", client)
                .send()
                .await
                .unwrap()
                .json::<ItemView>()
                .await
                .unwrap()
        }
    };
    assert_eq!(view(a).await.decision.unwrap().decided_by, "human");
    assert_eq!(view(b).await.decision.unwrap().decided_by, "rule");

    let audit = d.store.list_audit(10).await.unwrap();
    let entry = audit
        .iter()
        .find(|e| e.action == "review.decide")
        .expect("audited");
    assert_eq!(
        (entry.actor.as_str(), entry.target.clone()),
        (reviewer.as_str(), format!("item:{a}"))
    );
    d.shutdown().await;
}

async fn batch_decides_by_score_range(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = daemon(&db).await;
    let admin = d.key(Role::Admin, &[]).await;
    let low: Vec<i64> = futures_ids(&d, "low", &[0.71, 0.73, 0.74]).await;
    let high = flagged(&d, "forum", "high", &[("hate", 0.84)]).await;
    let other = flagged(&d, "forum", "other", &[("spam", 0.72)]).await;
    let batch = |dry: bool, up_to: Option<i64>| {
        json!({"verdict": "approved", "category": "hate", "min_score": 0.7, "max_score": 0.75,
               "source_app": "forum", "dry_run": dry, "up_to_id": up_to, "note": "low hate scores"})
    };
    let post = |body: serde_json::Value| {
        let (d, admin) = (&d, &admin);
        async move {
            let res = d
                .http
                .post(d.url("/api/v1/admin/review/batch"))
                .header("X-API-KEY", admin)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            res.json::<serde_json::Value>().await.unwrap()
        }
    };
    let counted = post(batch(true, None)).await;
    assert_eq!(
        (counted["count"].as_u64(), counted["dry_run"].as_bool()),
        (Some(3), Some(true))
    );
    for id in &low {
        assert_eq!(
            d.store.get_item(*id).await.unwrap().unwrap().status,
            ItemStatus::Flagged,
            "dry run changes nothing"
        );
    }
    // Flagged after the dry run, in range: not part of the counted batch.
    let late = flagged(&d, "forum", "late", &[("hate", 0.72)]).await;
    let done = post(batch(false, counted["max_id"].as_i64())).await;
    assert_eq!(done["count"], 3);
    for id in &low {
        let item = d.store.get_item(*id).await.unwrap().unwrap();
        assert_eq!(item.status, ItemStatus::Approved);
        assert_eq!(item.decision.unwrap().decided_by, "human");
    }
    for id in [high, other, late] {
        assert_eq!(
            d.store.get_item(id).await.unwrap().unwrap().status,
            ItemStatus::Flagged
        );
    }
    let again = post(batch(false, None)).await;
    assert_eq!(again["count"], 1, "only the late one is left in range");
    let audit = d.store.list_audit(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "review.batch" && e.detail["decided"] == 3)
    );
    let res = d
        .http
        .post(d.url("/api/v1/admin/review/batch"))
        .header("X-API-KEY", &admin)
        .json(&json!({"verdict": "maybe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    d.shutdown().await;
}

async fn futures_ids(d: &TestDaemon, prefix: &str, scores: &[f64]) -> Vec<i64> {
    let mut ids = Vec::new();
    for (n, s) in scores.iter().enumerate() {
        ids.push(flagged(d, "forum", &format!("{prefix}{n}"), &[("hate", *s)]).await);
    }
    ids
}

async fn modctl(d: &TestDaemon, admin: &str, args: &[&str]) -> Result<(), modctl::CliError> {
    let mut argv = vec!["modctl", "--url", &d.base, "--admin-key", admin];
    argv.extend_from_slice(args);
    modctl::run(modctl::Cli::parse_from(argv)).await
}

async fn modctl_reviews_through_the_admin_api(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = daemon(&db).await;
    let admin = d.key(Role::Admin, &[]).await;
    let a = flagged(&d, "forum", "a", &[("hate", 0.8)]).await;
    let b = flagged(&d, "forum", "b", &[("hate", 0.8)]).await;
    let c = flagged(&d, "shop", "c", &[("hate", 0.8)]).await;
    modctl(
        &d,
        &admin,
        &[
            "review",
            "list",
            "--source-app",
            "forum",
            "--min-score",
            "0.7",
            "--json",
        ],
    )
    .await
    .unwrap();
    modctl(&d, &admin, &["review", "show", &a.to_string()])
        .await
        .unwrap();
    modctl(
        &d,
        &admin,
        &["review", "reject", &a.to_string(), "--note", "abusive"],
    )
    .await
    .unwrap();
    let item = d.store.get_item(a).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Blocked);
    assert_eq!(
        item.decision.unwrap().review_note.as_deref(),
        Some("abusive")
    );
    let again = modctl(&d, &admin, &["review", "approve", &a.to_string()])
        .await
        .unwrap_err();
    assert_eq!(again.exit_code(), 1);
    assert!(again.one_line().contains("409"), "{}", again.one_line());
    // Without a terminal a batch needs --yes, and changes nothing without it.
    let refused = modctl(
        &d,
        &admin,
        &["review", "batch", "approve", "--source-app", "forum"],
    )
    .await
    .unwrap_err();
    assert_eq!(refused.exit_code(), 2);
    assert_eq!(
        d.store.get_item(b).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );
    modctl(
        &d,
        &admin,
        &[
            "review",
            "batch",
            "approve",
            "--source-app",
            "forum",
            "--yes",
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        d.store.get_item(b).await.unwrap().unwrap().status,
        ItemStatus::Approved
    );
    assert_eq!(
        d.store.get_item(c).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );
    d.shutdown().await;
}

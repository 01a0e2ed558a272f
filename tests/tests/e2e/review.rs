//! Human review end to end: the queue, decisions, finality, batches, the
//! rule/human distinction in the item view, audit, modctl, and the feed.

use crate::hooks::{flagged, next_decision};
use clap::Parser;
use modctl::client::{ClientError, ReviewFilter};
use modd_common::{ItemStatus, ReviewBatchRequest, ReviewVerdict, Role};
use modd_testkit::{Db, TestDaemon, TestDb};
use std::time::Duration;

/// The status and error code of a refused call.
fn refused(err: ClientError) -> (u16, String) {
    let status = err.status().map(|s| s.as_u16()).expect("an answer");
    (status, err.code().unwrap_or_default().to_owned())
}

modd_testkit::on_both_backends!(
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
    let (admin_api, client_api) = (d.client(Some(&admin)), d.client(Some(&client)));
    let a = flagged(&d, "forum", "a", &[("hate", 0.72)]).await;
    let b = flagged(&d, "forum", "b", &[("spam", 0.9)]).await;
    let _c = flagged(&d, "shop", "c", &[("hate", 0.8)]).await;

    // The queue is admin-only and filters.
    let err = client_api
        .review_list(&ReviewFilter::default())
        .await
        .unwrap_err();
    assert_eq!(refused(err).0, 403);
    let page = admin_api
        .review_list(&ReviewFilter {
            source_app: Some("forum".into()),
            category: Some("hate".into()),
            min_score: Some(0.7),
            ..ReviewFilter::default()
        })
        .await
        .unwrap();
    let ids: Vec<i64> = page.items.iter().map(|i| i.id).collect();
    assert_eq!(ids, [a]);
    assert_eq!(page.items[0].text.as_deref(), Some("borderline text a"));
    assert_eq!(page.items[0].scores[0].score, 0.72);
    let err = admin_api
        .review_list(&ReviewFilter {
            min_score: Some(2.0),
            ..ReviewFilter::default()
        })
        .await
        .unwrap_err();
    assert_eq!(refused(err).0, 422);

    // The live feed sees the reviewer's decision.
    let mut feed = admin_api.decision_feed().await.unwrap();
    assert_eq!(feed.content_type(), Some("text/event-stream"));

    let shown = admin_api
        .review_decide(a, ReviewVerdict::Approved, Some("satire, fine".into()))
        .await
        .unwrap();
    assert_eq!(shown.status, ItemStatus::Approved);
    let decision = shown.decision.expect("decided");
    assert_eq!(decision.decided_by, "human");
    assert_eq!(decision.review_note.as_deref(), Some("satire, fine"));
    let reviewer = decision.reviewed_by.expect("reviewer recorded");
    assert!(reviewer.starts_with("key:"));

    let (event, _) = next_decision(&mut feed, Duration::from_secs(10), |e| e.data.id == a).await;
    assert_eq!(event.kind, "moderation.decided");
    assert_eq!(event.data.decided_by, "human");

    // Final: a second decision is a conflict, and nothing changes.
    for verdict in [ReviewVerdict::Approved, ReviewVerdict::Blocked] {
        let err = admin_api.review_decide(a, verdict, None).await.unwrap_err();
        assert_eq!(refused(err), (409, "conflict".to_owned()));
    }
    let err = admin_api
        .review_decide(999_999, ReviewVerdict::Blocked, None)
        .await
        .unwrap_err();
    assert_eq!(refused(err).0, 404);
    // A malformed body is raw HTTP's business.
    let path = format!("/api/v1/admin/review/{b}/reject");
    crate::raw::expect_refused(&d, &path, &admin, "{not json", 400, "invalid_json").await;
    assert_eq!(
        d.store.get_item(b).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // The app sees who decided: a rule for b (still flagged), a person for a.
    let view = |id: i64| {
        let client_api = &client_api;
        async move { client_api.get_item(id).await.unwrap() }
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
    let key = d.key(Role::Admin, &[]).await;
    let admin = d.client(Some(&key));
    let low: Vec<i64> = futures_ids(&d, "low", &[0.71, 0.73, 0.74]).await;
    let high = flagged(&d, "forum", "high", &[("hate", 0.84)]).await;
    let other = flagged(&d, "forum", "other", &[("spam", 0.72)]).await;
    let batch = |dry_run: bool, up_to_id: Option<i64>| ReviewBatchRequest {
        verdict: ReviewVerdict::Approved,
        source_app: Some("forum".into()),
        category: Some("hate".into()),
        min_score: Some(0.7),
        max_score: Some(0.75),
        up_to_id,
        note: Some("low hate scores".into()),
        reason_code: None,
        dry_run,
    };
    let post = |req: ReviewBatchRequest| {
        let admin = &admin;
        async move { admin.review_batch(&req).await.unwrap() }
    };
    let counted = post(batch(true, None)).await;
    assert_eq!((counted.count, counted.dry_run), (3, true));
    for id in &low {
        assert_eq!(
            d.store.get_item(*id).await.unwrap().unwrap().status,
            ItemStatus::Flagged,
            "dry run changes nothing"
        );
    }
    // Flagged after the dry run, in range: not part of the counted batch.
    let late = flagged(&d, "forum", "late", &[("hate", 0.72)]).await;
    let done = post(batch(false, counted.max_id)).await;
    assert_eq!(done.count, 3);
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
    assert_eq!(again.count, 1, "only the late one is left in range");
    let audit = d.store.list_audit(20).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "review.batch" && e.detail["decided"] == 3)
    );
    // A verdict the type cannot express is raw HTTP's business.
    let body = r#"{"verdict": "maybe"}"#;
    crate::raw::expect_refused(
        &d,
        "/api/v1/admin/review/batch",
        &key,
        body,
        422,
        "validation_failed",
    )
    .await;
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

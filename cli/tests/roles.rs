//! The `viewer` and `reviewer` roles through the real `modctl` binary and a
//! real daemon: keys made with `modctl keys create --role`, a viewer that
//! reads the operations views and is refused everything else, a reviewer
//! (who must name a person) that decides a flagged item under that name,
//! recorded in the decision and the audit log, and is refused the rest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::daemon::{self, DaemonModctl};
use common::databases;
use modd::store::{NewItem, Outcome};
use modd_common::{
    AuditEntryView, CategoryScore, CreatedKey, ItemStatus, KeyInfo, ReviewItem, Role, Verdict,
};
use modd_testkit::TestDaemon;

/// A flagged item written through the store as a worker would (the
/// built-in classifier never flags); the daemon runs without workers.
async fn flagged(d: &TestDaemon, ext: &str) -> i64 {
    let inserted = d
        .store
        .insert_items(&[NewItem {
            source_app: "forum".into(),
            external_id: ext.into(),
            content_type: "comment".into(),
            text: Some(format!("borderline text {ext}")),
            image_url: None,
            created_at: chrono::Utc::now(),
        }])
        .await
        .unwrap();
    let id = inserted[0].item.id;
    let outcome = Outcome {
        item_id: id,
        scores: vec![CategoryScore {
            category: "hate".into(),
            score: 0.7,
            classifier: "test".into(),
            model_version: "1".into(),
            languages: Vec::new(),
            spans: Vec::new(),
        }],
        verdict: Verdict::Flagged,
        reason: Some("hate".into()),
        policy_version: "test-policy".into(),
        decided_by: "rule".into(),
        decided_at: chrono::Utc::now(),
        language: None,
        gaps: Vec::new(),
        model_versions: Default::default(),
        trace: None,
    };
    assert!(d.store.record_outcome(&outcome).await.unwrap().is_some());
    id
}

async fn create(d: &TestDaemon, admin: &str, args: &[&str]) -> CreatedKey {
    let mut all = vec!["--json", "keys", "create"];
    all.extend_from_slice(args);
    let run = d.modctl(Some(admin), &all).await;
    run.ok("keys create");
    run.json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewer_reads_and_reviewer_decides_under_their_name() {
    for db in databases().await {
        let label = db.label;
        let d = daemon::start(&db, &[]).await;
        let admin = d.bootstrap_admin(&db).await;

        // A reviewer key must name its person, on the command line...
        let run = d
            .modctl(
                Some(&admin),
                &["keys", "create", "--name", "mods", "--role", "reviewer"],
            )
            .await;
        run.expect_code(2, label);
        assert!(run.stderr.contains("--person"), "{label}: {}", run.stderr);
        // ...and at the API, whoever calls it.
        let refused = d
            .http
            .post(d.url("/api/v1/admin/keys"))
            .header("X-API-KEY", &admin)
            .json(&serde_json::json!({"name": "mods", "role": "reviewer"}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422, "{label}");

        let viewer = create(&d, &admin, &["--name", "wall", "--role", "viewer"]).await;
        assert_eq!(viewer.info.role, Role::Viewer);
        let reviewer = create(
            &d,
            &admin,
            &[
                "--name",
                "moderation-team",
                "--role",
                "reviewer",
                "--person",
                "Alice Martin",
            ],
        )
        .await;
        assert_eq!(reviewer.info.person.as_deref(), Some("Alice Martin"));
        let shown = d
            .modctl(
                Some(&admin),
                &["keys", "show", &reviewer.info.id.to_string()],
            )
            .await;
        shown.ok(label);
        assert!(shown.stdout.contains("Alice Martin"), "{}", shown.stdout);

        // The viewer reads the operations views...
        let keys: Vec<KeyInfo> = d
            .modctl(Some(&viewer.key), &["--json", "keys", "list"])
            .await
            .json();
        assert_eq!(keys.len(), 3, "{label}");
        d.modctl(Some(&viewer.key), &["--json", "queue", "stats"])
            .await
            .ok(label);
        d.modctl(Some(&viewer.key), &["top", "--once"])
            .await
            .ok(label);
        // ...and is refused every change and all content.
        let item = flagged(&d, "a").await;
        for args in [
            vec!["keys", "create", "--name", "x", "--role", "admin"],
            vec!["keys", "revoke", "1"],
            vec!["review", "list"],
            vec!["review", "approve", &item.to_string()],
        ] {
            let run = d.modctl(Some(&viewer.key), &args).await;
            run.expect_code(1, &format!("{label}: viewer {args:?}"));
            assert!(
                run.stderr.contains("403") || run.stderr.contains("needs a key with role"),
                "{label}: {args:?}: {}",
                run.stderr
            );
        }

        // The reviewer works the queue and decides under their name...
        let queue = d.modctl(Some(&reviewer.key), &["review", "list"]).await;
        queue.ok(label);
        assert!(queue.stdout.contains(&item.to_string()), "{}", queue.stdout);
        let run = d
            .modctl(
                Some(&reviewer.key),
                &[
                    "--json",
                    "review",
                    "approve",
                    &item.to_string(),
                    "--note",
                    "satire",
                ],
            )
            .await;
        run.ok(label);
        let decided: ReviewItem = run.json();
        assert_eq!(decided.status, ItemStatus::Approved);
        let by = decided.decision.unwrap().reviewed_by.unwrap();
        assert_eq!(by, format!("key:{} (Alice Martin)", reviewer.info.id));
        // ...which the audit log records, readable by the reviewer.
        let audit: Vec<AuditEntryView> = d
            .client(Some(&reviewer.key))
            .get_json(&["api", "v1", "admin", "audit"])
            .await
            .unwrap();
        let entry = audit
            .iter()
            .find(|e| e.action == "review.decide")
            .expect("the decision is audited");
        assert_eq!(entry.actor, by, "{label}");
        // The live feed is theirs too; the viewer's is not.
        for (key, status) in [(&reviewer.key, 200), (&viewer.key, 403)] {
            let feed = d
                .http
                .get(d.url("/api/v1/admin/events"))
                .header("X-API-KEY", key)
                .send()
                .await
                .unwrap();
            assert_eq!(feed.status(), status, "{label}: feed");
        }
        // Nothing else: keys, queue, content submission.
        for args in [
            vec!["keys", "list"],
            vec!["queue", "stats"],
            vec!["keys", "create", "--name", "x", "--role", "client"],
        ] {
            let run = d.modctl(Some(&reviewer.key), &args).await;
            run.expect_code(1, &format!("{label}: reviewer {args:?}"));
        }
        let submit = d
            .http
            .post(d.url("/api/v1/moderation/analyse"))
            .header("X-API-KEY", &reviewer.key)
            .json(&serde_json::json!({"external_id": "r", "text": "hi",
                "content_type": "comment", "source_app": "forum"}))
            .send()
            .await
            .unwrap();
        assert_eq!(submit.status(), 403, "{label}: a reviewer submits nothing");
        d.shutdown().await;
    }
}

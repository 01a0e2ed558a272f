//! Cases: versioned policies, what decisions record (policy and model
//! versions, language, gaps), and the dry-run read of recent decisions.

use super::*;
use modd::store::NewPolicy;
use modd_common::Gap;

pub(crate) fn policy(app: &str, review_at: f64) -> NewPolicy {
    NewPolicy {
        source_app: app.into(),
        document: serde_json::json!({ "default": { "review_at": review_at, "block_at": 0.9 } }),
        created_by: Some("key:1".into()),
        created_at: now(),
    }
}

pub(crate) async fn policies_are_versioned_per_app(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert!(store.current_policy("forum").await.unwrap().is_none());
    assert!(store.policy_history("forum", 10).await.unwrap().is_empty());
    let v1 = store.insert_policy(&policy("forum", 0.5)).await.unwrap();
    let v2 = store.insert_policy(&policy("forum", 0.6)).await.unwrap();
    let other = store.insert_policy(&policy("chat", 0.1)).await.unwrap();
    assert_eq!((v1.version, v2.version, other.version), (1, 2, 1));
    let current = store.current_policy("forum").await.unwrap().unwrap();
    assert_eq!(current, v2);
    assert_eq!(current.document["default"]["review_at"], 0.6);
    assert_eq!(current.created_by.as_deref(), Some("key:1"));
    let history = store.policy_history("forum", 10).await.unwrap();
    assert_eq!(
        history.iter().map(|p| p.version).collect::<Vec<_>>(),
        [2, 1]
    );
    assert_eq!(store.policy_history("forum", 1).await.unwrap().len(), 1);
    // Not an object, or a NUL inside: refused, nothing stored.
    let mut bad = policy("forum", 0.5);
    bad.document = serde_json::json!([1]);
    assert!(matches!(
        store.insert_policy(&bad).await,
        Err(StoreError::Invalid(_))
    ));
    bad.document = serde_json::json!({ "x": "a\u{0}b" });
    assert!(matches!(
        store.insert_policy(&bad).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.policy_history("forum", 10).await.unwrap().len(), 2);
}

pub(crate) async fn concurrent_policy_sets_get_distinct_versions(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .insert_policy(&policy("forum", 0.1 * n as f64))
                    .await
                    .unwrap()
                    .version
            })
        })
        .collect();
    let mut versions: Vec<i64> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=8).collect::<Vec<_>>());
}

pub(crate) async fn decisions_record_versions_language_and_gaps(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let a = insert_one(store.as_ref(), item("forum", "a", "t")).await;
    let b = insert_one(store.as_ref(), item("forum", "b", "t")).await;
    let c = insert_one(store.as_ref(), item("chat", "c", "t")).await;
    let mut first = outcome(a, Verdict::Blocked);
    first.policy_version = "forum@v3".into();
    first
        .model_versions
        .insert("hatesonar".into(), "hatesonar-0.1.0".into());
    assert!(store.record_outcome(&first).await.unwrap().is_some());
    let mut second = outcome(b, Verdict::Flagged);
    second.scores = vec![score("pii", 0.2)];
    second.language = Some("fra".into());
    second.gaps = vec![Gap::LanguageUncovered {
        language: Some("fra".into()),
    }];
    second.decided_at = now() + Duration::seconds(1);
    assert!(store.record_outcome(&second).await.unwrap().is_some());
    assert!(
        store
            .record_outcome(&outcome(c, Verdict::Approved))
            .await
            .unwrap()
            .is_some()
    );

    let got = store.get_item(b).await.unwrap().unwrap().decision.unwrap();
    assert_eq!(got.language.as_deref(), Some("fra"));
    assert_eq!(got.gaps, second.gaps);
    assert_eq!(
        store
            .get_item(a)
            .await
            .unwrap()
            .unwrap()
            .decision
            .unwrap()
            .policy_version,
        "forum@v3"
    );

    let recent = store.recent_decisions("forum", 10).await.unwrap();
    assert_eq!(recent.iter().map(|d| d.item_id).collect::<Vec<_>>(), [b, a]);
    assert_eq!(recent[0].gaps, second.gaps);
    assert_eq!(
        recent[0].scores,
        [("pii".to_owned(), 0.2, "builtin-lexicon".to_owned())]
    );
    assert_eq!(recent[1].scores.len(), 2);
    assert_eq!(recent[1].verdict, Verdict::Blocked);
    assert_eq!(recent[1].policy_version, "forum@v3");
    assert_eq!(store.recent_decisions("forum", 1).await.unwrap().len(), 1);
    assert!(
        store
            .recent_decisions("nobody", 10)
            .await
            .unwrap()
            .is_empty()
    );
    // Human decisions are final: a dry run never re-decides them.
    let d = insert_one(store.as_ref(), item("forum", "d", "t")).await;
    let mut human = outcome(d, Verdict::Approved);
    human.decided_by = "human".into();
    assert!(store.record_outcome(&human).await.unwrap().is_some());
    assert_eq!(store.recent_decisions("forum", 10).await.unwrap().len(), 2);
}

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One conformance suite for every `Store` backend.
//!
//! Each case is a plain `async fn(Ctx)` written against `Arc<dyn Store>`; the
//! `suite!` macro turns every case into a SQLite test (always) and a
//! PostgreSQL test (when `TEST_DATABASE_URL` is set; required when
//! `MODD_REQUIRE_SERVICES=1`). Every test gets a database of its own, so they
//! run in parallel.

use chrono::{DateTime, Duration, Utc};
use modd::store::{
    self, ConnectOptions, NewAuditEntry, NewItem, NewKey, Outcome, Store, StoreError,
};
use modd::testing;
use modd_common::{CategoryScore, ItemStatus, Role, Verdict};
use sqlx::Connection;
use std::sync::Arc;

/// What a case gets: an open, unmigrated store and its URL (for the few
/// checks that must look under the store).
struct Ctx {
    store: Arc<dyn Store>,
    url: String,
}

impl Ctx {
    async fn migrated(self) -> Self {
        self.store.migrate_up(None).await.unwrap();
        self
    }
}

async fn open(url: &str) -> Arc<dyn Store> {
    store::connect(url, &ConnectOptions::default())
        .await
        .unwrap()
}

macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let (_dir, url) = modd::testing::sqlite_temp().await;
                    let store = super::open(&url).await;
                    super::$case(super::Ctx { store, url }).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let Some(db) = modd::testing::postgres_fresh().await else { return };
                    let store = super::open(db.url()).await;
                    super::$case(super::Ctx { store, url: db.url().to_owned() }).await;
                    db.cleanup().await;
                }
            )*
        }
    };
}

suite!(
    migrations_down_up_restore_the_schema,
    pending_migrations_are_detected,
    unknown_applied_version_is_an_error,
    insert_batch_handles_duplicates,
    get_and_find_return_the_decision,
    unicode_round_trips,
    nul_characters_are_refused,
    pending_ids_page_in_order,
    record_outcome_once_under_race,
    mark_error_only_from_pending,
    count_by_status_includes_zeros,
    oldest_pending_follows_the_queue,
    keys_lifecycle,
    duplicate_key_hash_is_a_conflict,
    audit_log_newest_first,
    deleting_an_item_cascades,
    ping_and_pool_stats,
    concurrent_migrators_apply_once,
);

// --- fixtures ----------------------------------------------------------------

/// Now, at the microsecond precision both backends keep.
fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap()
}

fn item(app: &str, external_id: &str, text: &str) -> NewItem {
    NewItem {
        source_app: app.into(),
        external_id: external_id.into(),
        content_type: "comment".into(),
        text: Some(text.into()),
        image_url: None,
        created_at: now(),
    }
}

fn score(category: &str, score: f64) -> CategoryScore {
    CategoryScore {
        category: category.into(),
        score,
        classifier: "builtin-lexicon".into(),
        model_version: "2026.11".into(),
    }
}

fn outcome(item_id: i64, verdict: Verdict) -> Outcome {
    Outcome {
        item_id,
        scores: vec![score("profanity", 0.91), score("hate", 0.02)],
        verdict,
        reason: Some("profanity".into()),
        policy_version: "policy-7".into(),
        decided_by: "rule".into(),
        decided_at: now(),
    }
}

fn key(name: &str, hash_byte: u8) -> NewKey {
    NewKey {
        name: name.into(),
        role: Role::Client,
        key_hash: vec![hash_byte; 32],
        prefix: format!("modd_test_{hash_byte:02x}"),
        source_apps: vec!["forum".into(), "chat".into()],
        rate_limit: Some("30/min".into()),
        created_by: Some("modctl".into()),
        created_at: now(),
        expires_at: Some(now() + Duration::days(30)),
    }
}

async fn insert_one(store: &dyn Store, new: NewItem) -> i64 {
    let inserted = store.insert_items(&[new]).await.unwrap();
    assert!(inserted[0].created);
    inserted[0].item.id
}

// --- migrations --------------------------------------------------------------

async fn migrations_down_up_restore_the_schema(ctx: Ctx) {
    let store = &ctx.store;
    let empty = testing::schema_snapshot(&ctx.url).await;
    let applied = store.migrate_up(None).await.unwrap();
    assert_eq!(applied.len(), 2);
    assert!(applied.windows(2).all(|w| w[0] < w[1]), "oldest first");
    let full = testing::schema_snapshot(&ctx.url).await;
    for table in [
        "content_items",
        "moderation_results",
        "decisions",
        "api_keys",
        "audit_log",
        "schema_migrations",
    ] {
        assert!(full.iter().any(|l| l.contains(table)), "{table} missing");
    }
    assert!(full.iter().any(|l| l.contains("content_items_status_id")));
    assert!(full.iter().any(|l| l.contains("content_items_created_at")));
    assert!(
        full.iter()
            .any(|l| l.contains("moderation_results_item_id"))
    );
    assert!(
        store.migrate_up(None).await.unwrap().is_empty(),
        "idempotent"
    );

    // Redo the newest step.
    assert_eq!(store.migrate_down(1).await.unwrap(), vec![applied[1]]);
    let partial = testing::schema_snapshot(&ctx.url).await;
    assert!(!partial.iter().any(|l| l.contains("api_keys")));
    assert!(partial.iter().any(|l| l.contains("content_items")));
    assert_eq!(store.migrate_up(None).await.unwrap(), vec![applied[1]]);
    assert_eq!(testing::schema_snapshot(&ctx.url).await, full);

    // All the way down (asking for more than exists), then up again.
    let reverted = store.migrate_down(10).await.unwrap();
    assert_eq!(reverted, vec![applied[1], applied[0]], "newest first");
    let bare = testing::schema_snapshot(&ctx.url).await;
    assert!(!bare.iter().any(|l| l.contains("content_items")));
    assert!(bare.iter().any(|l| l.contains("schema_migrations")));
    assert_ne!(bare, empty, "only schema_migrations remains");
    assert!(store.migrate_down(1).await.unwrap().is_empty());
    store.migrate_up(None).await.unwrap();
    assert_eq!(testing::schema_snapshot(&ctx.url).await, full);
    store::check_schema(store.as_ref()).await.unwrap();
}

async fn pending_migrations_are_detected(ctx: Ctx) {
    let store = &ctx.store;
    let status = store.migration_status().await.unwrap();
    assert_eq!(status.len(), 2);
    assert!(status.iter().all(|m| m.applied_at.is_none()));
    assert!(matches!(
        store::check_schema(store.as_ref()).await,
        Err(StoreError::PendingMigrations(2))
    ));

    let before = Utc::now() - Duration::seconds(5);
    let first = store.migrate_up(Some(1)).await.unwrap();
    assert_eq!(first, vec![status[0].version]);
    let status = store.migration_status().await.unwrap();
    let applied_at = status[0].applied_at.expect("first applied");
    assert!(applied_at > before && applied_at <= Utc::now() + Duration::seconds(5));
    assert_eq!(status[0].name, "init");
    assert!(status[1].applied_at.is_none());
    assert!(matches!(
        store::check_schema(store.as_ref()).await,
        Err(StoreError::PendingMigrations(1))
    ));
    store.migrate_up(None).await.unwrap();
    store::check_schema(store.as_ref()).await.unwrap();
}

async fn unknown_applied_version_is_an_error(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    // What a newer modd would leave behind after its own migration.
    testing::execute_raw(
        &ctx.url,
        "INSERT INTO schema_migrations (version, name, applied_at) \
         VALUES (29991231000000, 'from_the_future', '2026-11-25T00:00:00.000000Z')",
    )
    .await;
    let store = &ctx.store;
    for result in [
        store.migration_status().await.map(|_| ()),
        store.migrate_up(None).await.map(|_| ()),
        store.migrate_down(1).await.map(|_| ()),
        store::check_schema(store.as_ref()).await,
    ] {
        match result {
            Err(StoreError::Migration(msg)) => {
                assert!(msg.contains("29991231000000_from_the_future"), "{msg}")
            }
            other => panic!("expected a migration error, got {other:?}"),
        }
    }
    // Nothing was reverted on the way.
    assert_eq!(
        testing::query_i64(&ctx.url, "SELECT COUNT(*) FROM schema_migrations").await,
        3
    );
}

// --- items -------------------------------------------------------------------

async fn insert_batch_handles_duplicates(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let first = store
        .insert_items(&[item("forum", "a", "one"), item("forum", "b", "two")])
        .await
        .unwrap();
    assert!(first.iter().all(|i| i.created));
    assert!(
        first[0].item.id < first[1].item.id,
        "ids follow input order"
    );
    assert_eq!(first[0].item.status, ItemStatus::Pending);
    assert_eq!(first[1].item.text.as_deref(), Some("two"));

    let second = store
        .insert_items(&[
            item("forum", "b", "changed"),  // exists: unchanged, not created
            item("forum", "c", "three"),    // new
            item("chat", "a", "other app"), // same external id, other app: new
            item("forum", "c", "again"),    // duplicate within this batch
            item("forum", "a", "changed"),  // exists
        ])
        .await
        .unwrap();
    let created: Vec<bool> = second.iter().map(|i| i.created).collect();
    assert_eq!(created, [false, true, true, false, false]);
    assert_eq!(
        second[0].item, first[1].item,
        "existing row returned as stored"
    );
    assert_eq!(second[0].item.text.as_deref(), Some("two"));
    assert_eq!(second[3].item.id, second[1].item.id);
    assert_eq!(second[3].item.text.as_deref(), Some("three"));
    assert_eq!(second[4].item.id, first[0].item.id);
    assert_ne!(second[2].item.id, first[0].item.id);
    assert_eq!(second[2].item.source_app, "chat");

    assert!(store.insert_items(&[]).await.unwrap().is_empty());
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts[&ItemStatus::Pending], 4);
}

async fn get_and_find_return_the_decision(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let mut new = item("forum", "post-1", "hello");
    new.image_url = Some("https://img.example/1.png".into());
    new.content_type = "post".into();
    let created_at = new.created_at;
    let id = insert_one(store.as_ref(), new).await;

    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.id, id);
    assert_eq!(got.source_app, "forum");
    assert_eq!(got.external_id, "post-1");
    assert_eq!(got.content_type, "post");
    assert_eq!(got.text.as_deref(), Some("hello"));
    assert_eq!(got.image_url.as_deref(), Some("https://img.example/1.png"));
    assert_eq!(got.status, ItemStatus::Pending);
    assert_eq!(got.created_at, created_at, "timestamps round-trip exactly");
    assert_eq!(got.updated_at, created_at);
    assert_eq!(got.decision, None);
    assert_eq!(got.error, None);
    assert_eq!(store.find_item("forum", "post-1").await.unwrap(), Some(got));
    assert_eq!(store.find_item("chat", "post-1").await.unwrap(), None);
    assert_eq!(store.get_item(id + 1000).await.unwrap(), None);
    assert!(store.item_scores(id).await.unwrap().is_empty());

    let decided = outcome(id, Verdict::Blocked);
    assert!(store.record_outcome(&decided).await.unwrap());
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Blocked);
    assert_eq!(got.updated_at, decided.decided_at);
    let decision = got.decision.clone().expect("decision joined");
    assert_eq!(decision.verdict, Verdict::Blocked);
    assert_eq!(decision.reason.as_deref(), Some("profanity"));
    assert_eq!(decision.policy_version, "policy-7");
    assert_eq!(decision.decided_by, "rule");
    assert_eq!(decision.decided_at, decided.decided_at);
    assert_eq!(store.find_item("forum", "post-1").await.unwrap(), Some(got));
    // In category order.
    assert_eq!(
        store.item_scores(id).await.unwrap(),
        vec![score("hate", 0.02), score("profanity", 0.91)]
    );
    // A duplicate insert now returns the decided row.
    let again = store
        .insert_items(&[item("forum", "post-1", "x")])
        .await
        .unwrap();
    assert!(!again[0].created);
    assert_eq!(again[0].item.decision, Some(decision));
}

async fn unicode_round_trips(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let texts = [
        "emoji 👩‍👩‍👧‍👦 🏳️‍🌈 👍🏽",
        "combining e\u{301} a\u{308} Z\u{335}\u{30C}\u{353}",
        "right-to-left שלום مرحبا",
        "CJK 漢字 かな 한국어, astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈",
        "quotes ' \" ; -- /* and a backslash \\ and tab\tnewline\n",
        "zero-width\u{200B}joiner\u{200D}bom\u{FEFF}",
    ];
    for (n, text) in texts.iter().enumerate() {
        let id = insert_one(store.as_ref(), item("forum", &format!("u{n}-ü"), text)).await;
        let got = store.get_item(id).await.unwrap().unwrap();
        assert_eq!(got.text.as_deref(), Some(*text));
        assert_eq!(got.external_id, format!("u{n}-ü"));
    }
    // No normalisation: precomposed and decomposed ids are different items.
    let nfc = insert_one(store.as_ref(), item("forum", "caf\u{e9}", "nfc")).await;
    let nfd = insert_one(store.as_ref(), item("forum", "cafe\u{301}", "nfd")).await;
    assert_ne!(nfc, nfd);
    let found = store.find_item("forum", "cafe\u{301}").await.unwrap();
    assert_eq!(found.unwrap().text.as_deref(), Some("nfd"));
}

async fn nul_characters_are_refused(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    // PostgreSQL cannot store U+0000; both backends refuse it the same way,
    // and a batch with one bad item writes nothing.
    let batch = [item("forum", "ok", "fine"), item("forum", "bad", "a\0b")];
    match store.insert_items(&batch).await {
        Err(StoreError::Invalid(msg)) => assert!(msg.contains("text"), "{msg}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(store.find_item("forum", "ok").await.unwrap(), None);
    let err = store
        .insert_items(&[item("forum", "x\0", "t")])
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(ref m) if m.contains("external_id")));

    let mut bad_key = key("k\0", 1);
    assert!(matches!(
        store.insert_key(&bad_key).await,
        Err(StoreError::Invalid(_))
    ));
    bad_key.name = "k".into();
    bad_key.source_apps = vec!["app\0".into()];
    assert!(matches!(
        store.insert_key(&bad_key).await,
        Err(StoreError::Invalid(_))
    ));
    let entry = NewAuditEntry {
        at: now(),
        actor: "system".into(),
        action: "test".into(),
        target: "x".into(),
        detail: serde_json::json!({"nested": ["a\u{0}b"]}),
    };
    assert!(matches!(
        store.append_audit(&entry).await,
        Err(StoreError::Invalid(_))
    ));

    // The store is still usable, and an error reason with a NUL is kept
    // (made storable) rather than failing the worker that reports it.
    let id = insert_one(store.as_ref(), item("forum", "ok", "fine")).await;
    assert!(store.mark_error(id, "driver said \0 here").await.unwrap());
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.error.as_deref(), Some("driver said \u{FFFD} here"));
}

async fn pending_ids_page_in_order(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let batch: Vec<NewItem> = (0..25)
        .map(|n| item("forum", &format!("p{n}"), "t"))
        .collect();
    let ids: Vec<i64> = store
        .insert_items(&batch)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.item.id)
        .collect();
    // Decide two, so paging must skip them.
    assert!(
        store
            .record_outcome(&outcome(ids[3], Verdict::Approved))
            .await
            .unwrap()
    );
    assert!(store.mark_error(ids[17], "boom").await.unwrap());
    let expected: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| *id != ids[3] && *id != ids[17])
        .collect();

    let mut seen = Vec::new();
    let mut after = 0;
    loop {
        let page = store.pending_item_ids(after, 10).await.unwrap();
        assert!(page.len() <= 10);
        let Some(last) = page.last() else { break };
        after = *last;
        seen.extend(page);
    }
    assert_eq!(seen, expected);
    assert!(store.pending_item_ids(0, 0).await.unwrap().is_empty());
    assert_eq!(
        store.pending_item_ids(ids[20], 100).await.unwrap(),
        ids[21..].to_vec()
    );
}

async fn record_outcome_once_under_race(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "race", "t")).await;
    let barrier = Arc::new(tokio::sync::Barrier::new(8));
    let tasks: Vec<_> = (0..8)
        .map(|n| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                let mut decided = outcome(id, Verdict::Flagged);
                decided.policy_version = format!("worker-{n}");
                barrier.wait().await;
                store.record_outcome(&decided).await.unwrap()
            })
        })
        .collect();
    let mut wins = 0;
    for task in tasks {
        wins += usize::from(task.await.unwrap());
    }
    assert_eq!(wins, 1, "exactly one worker records the outcome");
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Flagged);
    assert!(got.decision.unwrap().policy_version.starts_with("worker-"));
    assert_eq!(
        store.item_scores(id).await.unwrap().len(),
        2,
        "scores written once"
    );

    // Later repeats and unknown items write nothing.
    assert!(
        !store
            .record_outcome(&outcome(id, Verdict::Blocked))
            .await
            .unwrap()
    );
    assert!(
        !store
            .record_outcome(&outcome(id + 99, Verdict::Blocked))
            .await
            .unwrap()
    );
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().status,
        ItemStatus::Flagged
    );

    // Bad outcomes are refused before anything is written.
    let other = insert_one(store.as_ref(), item("forum", "bad-score", "t")).await;
    for bad in [f64::NAN, -0.1, 1.5] {
        let mut decided = outcome(other, Verdict::Approved);
        decided.scores[0].score = bad;
        assert!(matches!(
            store.record_outcome(&decided).await,
            Err(StoreError::Invalid(_))
        ));
    }
    let mut decided = outcome(other, Verdict::Approved);
    decided.decided_by = "robot".into();
    assert!(matches!(
        store.record_outcome(&decided).await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.get_item(other).await.unwrap().unwrap().status,
        ItemStatus::Pending
    );
    // No scores at all is a valid outcome.
    decided.decided_by = "human".into();
    decided.scores.clear();
    assert!(store.record_outcome(&decided).await.unwrap());
}

async fn mark_error_only_from_pending(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let id = insert_one(store.as_ref(), item("forum", "e", "t")).await;
    assert!(store.mark_error(id, "classifier timed out").await.unwrap());
    let got = store.get_item(id).await.unwrap().unwrap();
    assert_eq!(got.status, ItemStatus::Error);
    assert_eq!(got.error.as_deref(), Some("classifier timed out"));
    assert!(got.updated_at >= got.created_at);
    assert!(!store.mark_error(id, "again").await.unwrap());
    assert!(
        !store
            .record_outcome(&outcome(id, Verdict::Approved))
            .await
            .unwrap()
    );
    assert_eq!(
        store.get_item(id).await.unwrap().unwrap().error.as_deref(),
        Some("classifier timed out")
    );

    let decided = insert_one(store.as_ref(), item("forum", "d", "t")).await;
    assert!(
        store
            .record_outcome(&outcome(decided, Verdict::Approved))
            .await
            .unwrap()
    );
    assert!(!store.mark_error(decided, "late").await.unwrap());
    assert!(!store.mark_error(decided + 99, "missing").await.unwrap());
}

async fn count_by_status_includes_zeros(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let counts = store.count_by_status().await.unwrap();
    assert_eq!(counts.len(), ItemStatus::ALL.len());
    assert!(counts.values().all(|n| *n == 0));

    let batch: Vec<NewItem> = (0..6)
        .map(|n| item("forum", &format!("c{n}"), "t"))
        .collect();
    let ids: Vec<i64> = store
        .insert_items(&batch)
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.id)
        .collect();
    store
        .record_outcome(&outcome(ids[0], Verdict::Approved))
        .await
        .unwrap();
    store
        .record_outcome(&outcome(ids[1], Verdict::Approved))
        .await
        .unwrap();
    store
        .record_outcome(&outcome(ids[2], Verdict::Blocked))
        .await
        .unwrap();
    store.mark_error(ids[3], "x").await.unwrap();
    let counts = store.count_by_status().await.unwrap();
    let expected = [
        (ItemStatus::Pending, 2),
        (ItemStatus::Approved, 2),
        (ItemStatus::Flagged, 0),
        (ItemStatus::Blocked, 1),
        (ItemStatus::Error, 1),
    ];
    assert_eq!(counts, expected.into_iter().collect());
}

async fn oldest_pending_follows_the_queue(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert_eq!(store.oldest_pending().await.unwrap(), None);
    let mut first = item("forum", "o1", "t");
    first.created_at = now() - Duration::minutes(10);
    let mut second = item("forum", "o2", "t");
    second.created_at = now() - Duration::minutes(5);
    let (t1, t2) = (first.created_at, second.created_at);
    let ids: Vec<i64> = store
        .insert_items(&[first, second])
        .await
        .unwrap()
        .iter()
        .map(|i| i.item.id)
        .collect();
    assert_eq!(store.oldest_pending().await.unwrap(), Some(t1));
    store
        .record_outcome(&outcome(ids[0], Verdict::Approved))
        .await
        .unwrap();
    assert_eq!(store.oldest_pending().await.unwrap(), Some(t2));
    store.mark_error(ids[1], "x").await.unwrap();
    assert_eq!(store.oldest_pending().await.unwrap(), None);
}

// --- keys and audit ----------------------------------------------------------

async fn keys_lifecycle(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let new = key("ci", 7);
    let stored = store.insert_key(&new).await.unwrap();
    assert!(stored.id > 0);
    assert_eq!(stored.name, "ci");
    assert_eq!(stored.role, Role::Client);
    assert_eq!(stored.key_hash, new.key_hash);
    assert_eq!(stored.prefix, new.prefix);
    assert_eq!(stored.source_apps, ["forum", "chat"]);
    assert_eq!(stored.rate_limit.as_deref(), Some("30/min"));
    assert_eq!(stored.created_by.as_deref(), Some("modctl"));
    assert_eq!(stored.created_at, new.created_at);
    assert_eq!(stored.expires_at, new.expires_at);
    assert_eq!(stored.last_used_at, None);
    assert_eq!(stored.revoked_at, None);

    let mut admin = key("root", 8);
    admin.role = Role::Admin;
    admin.source_apps = Vec::new();
    admin.rate_limit = None;
    admin.created_by = None;
    admin.expires_at = None;
    let admin = store.insert_key(&admin).await.unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(admin.source_apps.is_empty());

    assert_eq!(
        store.key_by_hash(&[7; 32]).await.unwrap(),
        Some(stored.clone())
    );
    assert_eq!(store.key_by_hash(&[9; 32]).await.unwrap(), None);
    assert_eq!(store.get_key(admin.id).await.unwrap(), Some(admin.clone()));
    assert_eq!(store.get_key(admin.id + 99).await.unwrap(), None);
    assert_eq!(
        store.list_keys().await.unwrap(),
        vec![stored.clone(), admin.clone()]
    );

    let used = now();
    store.touch_key(stored.id, used).await.unwrap();
    // An older touch (another replica's clock) does not move it back.
    store
        .touch_key(stored.id, used - Duration::seconds(30))
        .await
        .unwrap();
    let got = store.get_key(stored.id).await.unwrap().unwrap();
    assert_eq!(got.last_used_at, Some(used));
    store.touch_key(stored.id + 99, used).await.unwrap();

    let revoked_at = now();
    assert!(store.revoke_key(stored.id, revoked_at).await.unwrap());
    assert!(
        !store.revoke_key(stored.id, now()).await.unwrap(),
        "already revoked"
    );
    assert!(!store.revoke_key(stored.id + 99, now()).await.unwrap());
    let got = store.key_by_hash(&[7; 32]).await.unwrap().unwrap();
    assert_eq!(
        got.revoked_at,
        Some(revoked_at),
        "revoked keys are still found"
    );
    assert_eq!(got.info().revoked_at, Some(revoked_at));
    assert_eq!(
        store.get_key(admin.id).await.unwrap().unwrap().revoked_at,
        None
    );
}

async fn duplicate_key_hash_is_a_conflict(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    store.insert_key(&key("one", 3)).await.unwrap();
    match store.insert_key(&key("two", 3)).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(store.list_keys().await.unwrap().len(), 1);
}

async fn audit_log_newest_first(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    assert!(store.list_audit(10).await.unwrap().is_empty());
    for n in 0..3 {
        store
            .append_audit(&NewAuditEntry {
                at: now(),
                actor: "modctl".into(),
                action: "key.create".into(),
                target: format!("key:{n}"),
                detail: serde_json::json!({"n": n, "role": "client", "apps": ["forum"], "note": "é✓"}),
            })
            .await
            .unwrap();
    }
    let listed = store.list_audit(2).await.unwrap();
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].target, "key:2");
    assert_eq!(listed[1].target, "key:1");
    assert!(listed[0].id > listed[1].id);
    assert_eq!(listed[0].actor, "modctl");
    assert_eq!(listed[0].action, "key.create");
    assert_eq!(
        listed[0].detail,
        serde_json::json!({"n": 2, "role": "client", "apps": ["forum"], "note": "é✓"})
    );
    assert_eq!(store.list_audit(100).await.unwrap().len(), 3);
}

// --- schema behaviour --------------------------------------------------------

async fn deleting_an_item_cascades(ctx: Ctx) {
    let ctx = ctx.migrated().await;
    let store = &ctx.store;
    let gone = insert_one(store.as_ref(), item("forum", "gone", "t")).await;
    let kept = insert_one(store.as_ref(), item("forum", "kept", "t")).await;
    for id in [gone, kept] {
        assert!(
            store
                .record_outcome(&outcome(id, Verdict::Blocked))
                .await
                .unwrap()
        );
    }
    let count = |table: &str, id: i64| format!("SELECT COUNT(*) FROM {table} WHERE item_id = {id}");
    assert_eq!(
        testing::query_i64(&ctx.url, &count("moderation_results", gone)).await,
        2
    );
    // What the retention sweeper will do: delete the item row only.
    let deleted = testing::execute_raw(
        &ctx.url,
        &format!("DELETE FROM content_items WHERE id = {gone}"),
    )
    .await;
    assert_eq!(deleted, 1);
    assert_eq!(
        testing::query_i64(&ctx.url, &count("moderation_results", gone)).await,
        0
    );
    assert_eq!(
        testing::query_i64(&ctx.url, &count("decisions", gone)).await,
        0
    );
    assert_eq!(
        testing::query_i64(&ctx.url, &count("moderation_results", kept)).await,
        2
    );
    assert_eq!(
        testing::query_i64(&ctx.url, &count("decisions", kept)).await,
        1
    );
    assert_eq!(store.get_item(gone).await.unwrap(), None);
    assert!(store.item_scores(gone).await.unwrap().is_empty());
}

async fn ping_and_pool_stats(ctx: Ctx) {
    assert_eq!(
        ctx.store.backend(),
        store::Backend::from_url(&ctx.url).unwrap()
    );
    let store = ctx.migrated().await.store;
    store.ping().await.unwrap();
    let stats = store.pool_stats();
    assert_eq!(stats.max, ConnectOptions::default().max_connections);
    assert!(stats.size >= 1 && stats.size <= stats.max);
    assert!(stats.idle <= stats.size);
}

/// Two replicas starting together: each step is applied exactly once and
/// neither fails.
async fn concurrent_migrators_apply_once(ctx: Ctx) {
    let other = open(&ctx.url).await;
    let (a, b) = tokio::join!(ctx.store.migrate_up(None), other.migrate_up(None));
    let (mut a, b) = (a.unwrap(), b.unwrap());
    a.extend(b);
    a.sort();
    let all: Vec<i64> = ctx
        .store
        .migration_status()
        .await
        .unwrap()
        .iter()
        .map(|m| m.version)
        .collect();
    assert_eq!(a, all, "every version applied by exactly one of them");
    assert_eq!(
        testing::query_i64(&ctx.url, "SELECT COUNT(*) FROM schema_migrations").await,
        2
    );
    store::check_schema(other.as_ref()).await.unwrap();
}

// --- SQLite connection handling (no PostgreSQL counterpart) --------------------

#[tokio::test]
async fn sqlite_memory_keeps_one_database() {
    let store = open("sqlite::memory:").await;
    store.migrate_up(None).await.unwrap();
    let id = insert_one(store.as_ref(), item("forum", "m", "t")).await;
    // Several concurrent reads: all must see the same in-memory database.
    let reads = futures::future::join_all((0..4).map(|_| store.get_item(id))).await;
    assert!(reads.into_iter().all(|r| r.unwrap().is_some()));
    assert_eq!(store.pool_stats().max, 1);
}

#[tokio::test]
async fn sqlite_creates_missing_parent_directories() {
    let (dir, _) = testing::sqlite_temp().await;
    let file = dir.path().join("data/nested/modd.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let store = open(&url).await;
    store.migrate_up(None).await.unwrap();
    assert!(file.exists());
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut sqlx::SqliteConnection::connect(&url).await.unwrap())
        .await
        .unwrap();
    assert_eq!(journal, "wal");
}

#[tokio::test]
async fn unknown_scheme_is_a_config_error() {
    match store::connect("mysql://localhost/x", &ConnectOptions::default()).await {
        Err(StoreError::Config(msg)) => assert!(msg.contains("sqlite:")),
        other => panic!("expected Config, got {:?}", other.map(|_| ())),
    }
}

// --- the test helpers themselves ---------------------------------------------

/// A test that panics never reaches `cleanup()`: `Drop` must remove the
/// database anyway, from inside a running runtime.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_test_db_is_dropped_without_cleanup() {
    let Some(db) = testing::postgres_fresh().await else {
        return;
    };
    let name = db.name().to_owned();
    let store = open(db.url()).await;
    store.migrate_up(None).await.unwrap();
    let admin = std::env::var("TEST_DATABASE_URL").unwrap();
    let exists = format!("SELECT COUNT(*) FROM pg_database WHERE datname = '{name}'");
    assert_eq!(testing::query_i64(&admin, &exists).await, 1);
    drop(db); // the store's pool is still open: FORCE must cope
    assert_eq!(testing::query_i64(&admin, &exists).await, 0);
}

//! Cases: inserting and reading items, text handling, FK cascades.

use super::*;

pub(crate) async fn insert_batch_handles_duplicates(ctx: Ctx) {
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

pub(crate) async fn get_and_find_return_the_decision(ctx: Ctx) {
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
    assert!(store.record_outcome(&decided).await.unwrap().is_some());
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

pub(crate) async fn unicode_round_trips(ctx: Ctx) {
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

pub(crate) async fn nul_characters_are_refused(ctx: Ctx) {
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

pub(crate) async fn deleting_an_item_cascades(ctx: Ctx) {
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
                .is_some()
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

//! Cases: API keys and the audit log.

use super::*;

pub(crate) async fn keys_lifecycle(ctx: Ctx) {
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

pub(crate) async fn duplicate_key_hash_is_a_conflict(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    store.insert_key(&key("one", 3)).await.unwrap();
    match store.insert_key(&key("two", 3)).await {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(store.list_keys().await.unwrap().len(), 1);
}

pub(crate) async fn audit_log_newest_first(ctx: Ctx) {
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

//! Cases: the audited key operations (create, revoke, rotate), each one
//! transaction with its audit entry.

use super::*;
use modd::store::{KeyNoticeRules, KeyRotation};

fn rotation(old_id: i64, hash_byte: u8, grace: Duration) -> KeyRotation {
    let at = now();
    KeyRotation {
        old_id,
        key_hash: vec![hash_byte; 32],
        prefix: format!("mod_test_new{hash_byte:02x}"),
        at,
        old_stops_at: at + grace,
        actor: "key:1".into(),
        notices: KeyNoticeRules::default(),
    }
}

pub(crate) async fn create_key_writes_its_audit_entry(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let created = store.create_key(&key("forum", 1), "key:99").await.unwrap();
    assert_eq!(created.rotated_from, None);
    let audit = store.list_audit(10).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "key.create");
    assert_eq!(audit[0].actor, "key:99");
    assert_eq!(audit[0].target, format!("key:{}", created.id));
    assert_eq!(audit[0].detail["name"], "forum");
    assert!(
        !audit[0].detail.to_string().contains("0101010101"),
        "no hash in audit"
    );

    // A failed insert (duplicate hash) leaves no audit entry behind.
    assert!(matches!(
        store.create_key(&key("dup", 1), "key:99").await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(store.list_audit(10).await.unwrap().len(), 1);
    // Nor does a refused one (NUL in the name).
    assert!(matches!(
        store.create_key(&key("a\0b", 2), "key:99").await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.list_keys().await.unwrap().len(), 1);
    assert_eq!(store.list_audit(10).await.unwrap().len(), 1);
}

pub(crate) async fn revoke_audited_stops_a_key_once(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let k = store.insert_key(&key("forum", 1)).await.unwrap();
    let at = now();
    let revoked = store.revoke_key_audited(k.id, at, "key:7").await.unwrap();
    assert_eq!(revoked.revoked_at, Some(at));
    assert!(!revoked.is_active(now()));
    assert!(matches!(
        store.revoke_key_audited(k.id, now(), "key:7").await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store.revoke_key_audited(k.id + 50, now(), "key:7").await,
        Err(StoreError::NotFound)
    ));
    let audit = store.list_audit(10).await.unwrap();
    assert_eq!(audit.len(), 1, "only the successful revocation is audited");
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor.as_str()),
        ("key.revoke", "key:7")
    );
    assert_eq!(audit[0].target, format!("key:{}", k.id));
}

pub(crate) async fn rotate_copies_settings_and_sets_the_grace(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let mut new = key("forum", 1);
    new.created_at = now() - Duration::days(10);
    new.expires_at = Some(new.created_at + Duration::days(90));
    let old = store.insert_key(&new).await.unwrap();

    let r = rotation(old.id, 2, Duration::hours(24));
    let rotated = store.rotate_key(&r).await.unwrap();
    assert_eq!(rotated.old.id, old.id);
    assert_eq!(rotated.old.revoked_at, Some(r.old_stops_at));
    assert!(
        rotated.old.is_active(now()),
        "old key works during the grace"
    );
    assert!(!rotated.old.is_active(r.old_stops_at));
    let n = &rotated.new;
    assert_eq!(n.rotated_from, Some(old.id));
    assert_eq!(n.key_hash, vec![2; 32]);
    assert_eq!(
        (&n.name, n.role, &n.source_apps, &n.rate_limit),
        (&old.name, old.role, &old.source_apps, &old.rate_limit)
    );
    assert_eq!(n.created_by.as_deref(), Some("key:1"));
    assert_eq!(
        n.expires_at,
        Some(r.at + Duration::days(90)),
        "same lifetime, from now"
    );
    assert_eq!(store.get_key(n.id).await.unwrap().as_ref(), Some(n));

    // The old key cannot be rotated again, nor can a revoked one.
    assert!(matches!(
        store
            .rotate_key(&rotation(old.id, 3, Duration::hours(1)))
            .await,
        Err(StoreError::Conflict(_))
    ));
    // Revoking a key in its grace brings the end forward.
    let stopped = store
        .revoke_key_audited(old.id, now(), "key:1")
        .await
        .unwrap();
    assert!(stopped.revoked_at.unwrap() < r.old_stops_at);
    assert!(matches!(
        store
            .rotate_key(&rotation(old.id + 99, 4, Duration::zero()))
            .await,
        Err(StoreError::NotFound)
    ));

    let audit = store.list_audit(10).await.unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["key.revoke", "key.rotate"]);
    assert_eq!(audit[1].detail["new_key"], n.id);
    assert_eq!(
        store.list_keys().await.unwrap().len(),
        2,
        "refused rotations insert nothing"
    );
}

pub(crate) async fn rotation_without_grace_and_of_expired_keys(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let old = store.insert_key(&key("a", 1)).await.unwrap();
    let r = rotation(old.id, 2, Duration::zero());
    let rotated = store.rotate_key(&r).await.unwrap();
    assert!(!rotated.old.is_active(now()), "no grace: stops at once");

    let mut expired = key("b", 3);
    expired.expires_at = Some(now() - Duration::seconds(1));
    let expired = store.insert_key(&expired).await.unwrap();
    assert!(matches!(
        store
            .rotate_key(&rotation(expired.id, 4, Duration::hours(1)))
            .await,
        Err(StoreError::Conflict(_))
    ));
}

pub(crate) async fn extend_grace_moves_only_a_running_grace(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let old = store.insert_key(&key("a", 1)).await.unwrap();
    // Not rotated: there is no grace to extend.
    assert!(matches!(
        store
            .extend_key_grace(
                old.id,
                Duration::hours(1),
                now(),
                "key:1",
                &KeyNoticeRules::default()
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    let r = rotation(old.id, 2, Duration::hours(2));
    store.rotate_key(&r).await.unwrap();
    let extended = store
        .extend_key_grace(
            old.id,
            Duration::hours(12),
            now(),
            "key:9",
            &KeyNoticeRules::default(),
        )
        .await
        .unwrap();
    assert_eq!(
        extended.revoked_at,
        Some(r.old_stops_at + Duration::hours(12))
    );
    assert_eq!(store.get_key(old.id).await.unwrap(), Some(extended));
    let audit = store.list_audit(1).await.unwrap();
    assert_eq!(
        (audit[0].action.as_str(), audit[0].actor.as_str()),
        ("key.extend_grace", "key:9")
    );
    assert_eq!(audit[0].target, format!("key:{}", old.id));

    // A key that stopped working is never reopened, and a missing one is 404.
    store
        .revoke_key_audited(old.id, now(), "key:1")
        .await
        .unwrap();
    assert!(matches!(
        store
            .extend_key_grace(
                old.id,
                Duration::hours(1),
                now(),
                "key:1",
                &KeyNoticeRules::default()
            )
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        store
            .extend_key_grace(
                old.id + 99,
                Duration::hours(1),
                now(),
                "key:1",
                &KeyNoticeRules::default()
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let actions: Vec<String> = store
        .list_audit(10)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        ["key.revoke", "key.extend_grace", "key.rotate"],
        "refusals are not audited"
    );
}

pub(crate) async fn max_age_is_set_cleared_audited_and_kept_by_rotation(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let mut new = key("a", 1);
    new.max_age_secs = Some(86_400);
    let k = store.create_key(&new, "key:1").await.unwrap();
    assert_eq!(k.max_age_secs, Some(86_400));
    assert_eq!(k.rotate_by(None), Some(k.created_at + Duration::days(1)));
    let set = store
        .set_key_max_age(k.id, Some(3_600), now(), "key:2")
        .await
        .unwrap();
    assert_eq!(set.max_age_secs, Some(3_600));
    assert_eq!(
        set.rotate_by(Some(Duration::days(90))),
        Some(k.created_at + Duration::hours(1)),
        "the key's own maximum wins"
    );
    let cleared = store
        .set_key_max_age(k.id, None, now(), "key:2")
        .await
        .unwrap();
    assert_eq!(cleared.max_age_secs, None);
    assert_eq!(
        cleared.rotate_by(Some(Duration::days(90))),
        Some(k.created_at + Duration::days(90))
    );
    assert_eq!(cleared.rotate_by(None), None);
    let audit = store.list_audit(1).await.unwrap();
    assert_eq!(
        (
            audit[0].action.as_str(),
            &audit[0].detail["max_age_secs_before"]
        ),
        ("key.set_max_age", &serde_json::json!(3_600))
    );
    for bad in [Some(0), Some(-5)] {
        assert!(matches!(
            store.set_key_max_age(k.id, bad, now(), "key:2").await,
            Err(StoreError::Invalid(_))
        ));
    }
    assert!(matches!(
        store.set_key_max_age(k.id + 9, None, now(), "key:2").await,
        Err(StoreError::NotFound)
    ));

    // A rotation keeps the maximum and records when it began.
    store
        .set_key_max_age(k.id, Some(600), now(), "key:2")
        .await
        .unwrap();
    let r = rotation(k.id, 2, Duration::hours(1));
    let rotated = store.rotate_key(&r).await.unwrap();
    assert_eq!(rotated.new.max_age_secs, Some(600));
    assert_eq!(rotated.old.rotated_at, Some(r.at));
    assert_eq!(rotated.new.rotated_at, None);
}

pub(crate) async fn concurrent_rotations_issue_one_successor(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let old = store.insert_key(&key("race", 1)).await.unwrap();
    let tasks: Vec<_> = (0..4u8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .rotate_key(&rotation(old.id, 10 + i, Duration::hours(1)))
                    .await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(StoreError::Conflict(_)) => {}
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(store.list_keys().await.unwrap().len(), 2);
}

fn attestation(check_id: &str, note: &str, valid: Duration) -> modd::store::NewAttestation {
    let at = now();
    modd::store::NewAttestation {
        check_id: check_id.into(),
        attested_by: "Bob Ops".into(),
        note: note.into(),
        at,
        expires_at: at + valid,
        actor: "key:3 (Bob Ops)".into(),
    }
}

pub(crate) async fn attestations_are_audited_and_expire(ctx: Ctx) {
    let store = ctx.migrated().await.store;
    let kept = store
        .attest(&attestation(
            "manual.load-test",
            "report 12",
            Duration::days(30),
        ))
        .await
        .unwrap();
    store
        .attest(&attestation(
            "manual.dashboards",
            "old",
            Duration::seconds(1),
        ))
        .await
        .unwrap();
    let audit = store.list_audit(10).await.unwrap();
    assert_eq!(audit.len(), 2);
    assert_eq!(audit[1].action, "verify.attest");
    assert_eq!(audit[1].target, "check:manual.load-test");
    assert_eq!(audit[1].actor, "key:3 (Bob Ops)");
    assert_eq!(audit[1].detail["note"], "report 12");
    // Read back while unexpired only.
    let later = store
        .current_attestations(now() + Duration::seconds(5))
        .await
        .unwrap();
    assert_eq!(later, vec![kept]);
    // A refused one (NUL) leaves nothing behind.
    assert!(matches!(
        store
            .attest(&attestation("manual.x", "a\0b", Duration::days(1)))
            .await,
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(store.list_audit(10).await.unwrap().len(), 2);
}

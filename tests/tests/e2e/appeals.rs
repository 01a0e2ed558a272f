//! Appeals end to end through the typed client and the `modctl` binary: an
//! app appeals a decided item, the person who decided it is refused (by any
//! of their keys), a second reviewer overturns or upholds it, the item
//! changes, and the outcome reaches the live feed and the app's webhook
//! receiver, signed.

use crate::hooks::{flagged, next_decision, receiver, set_webhook, signature_ok};
use modctl::client::{AppealFilter, ClientError};
use modd::store::Outcome;
use modd_common::{AppealOutcome, AppealView, ItemStatus, ReviewVerdict, Role, Verdict};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually};
use std::process::Command;
use std::time::Duration;

modd_testkit::on_both_backends!(
    a_second_reviewer_decides_an_appeal_and_the_app_hears_of_it,
    modctl_lists_shows_and_decides_appeals,
);

const SETTINGS: [(&str, &str); 4] = [
    ("MODD_WORKERS", "0"),
    ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
    ("MODD_WEBHOOK_RETRY_BASE_MS", "50"),
    ("MODD_WEBHOOK_TIMEOUT_SECS", "2"),
];

/// The status and error code of a refused call.
fn refused(err: ClientError) -> (u16, String) {
    let status = err.status().map(|s| s.as_u16()).expect("an answer");
    (status, err.code().unwrap_or_default().to_owned())
}

/// A reviewer key naming `person`.
async fn reviewer(d: &TestDaemon, person: &str) -> String {
    let spec = KeySpec {
        role: Role::Reviewer,
        person: Some(person),
        ..KeySpec::default()
    };
    d.key_with(spec).await.1
}

/// An item a rule blocked, written through the store as a worker would.
async fn blocked_by_rule(d: &TestDaemon, app: &str, ext: &str) -> i64 {
    let inserted = d
        .store
        .insert_items(&[modd::store::NewItem {
            source_app: app.into(),
            external_id: ext.into(),
            content_type: "comment".into(),
            text: Some("rule text".into()),
            image_url: None,
            created_at: chrono::Utc::now(),
        }])
        .await
        .unwrap();
    let id = inserted[0].item.id;
    let outcome = Outcome {
        item_id: id,
        scores: Vec::new(),
        verdict: Verdict::Blocked,
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

async fn a_second_reviewer_decides_an_appeal_and_the_app_hears_of_it(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let d = TestDaemon::start(&db, &SETTINGS).await;
    let admin = d.key(Role::Admin, &[]).await;
    let app = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let other_app = d.client(Some(&d.key(Role::Client, &["shop"]).await));
    let alice = d.client(Some(&reviewer(&d, "alice").await));
    let alice_again = d.client(Some(&reviewer(&d, "alice").await));
    let bob = d.client(Some(&reviewer(&d, "bob").await));
    let secret = set_webhook(&d, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    let id = flagged(&d, "forum", "a", &[("hate", 0.72)]).await;

    // Not decided yet: nothing to appeal.
    let statement = "It was satire, see the thread";
    let err = app.appeal(id, statement).await.unwrap_err();
    assert_eq!(refused(err), (409, "conflict".into()));
    alice
        .review_decide(id, ReviewVerdict::Blocked, None)
        .await
        .unwrap();

    // Another app's key learns nothing; bad statements change nothing.
    let err = other_app.appeal(id, statement).await.unwrap_err();
    assert_eq!(refused(err), (404, "not_found".into()));
    for bad in [" ".to_owned(), "x".repeat(5001)] {
        let err = app.appeal(id, &bad).await.unwrap_err();
        assert_eq!(refused(err), (422, "validation_failed".into()));
    }
    assert_eq!(d.store.get_appeal(id).await.unwrap(), None);

    let opened: AppealView = app.appeal(id, statement).await.unwrap();
    assert_eq!(opened.item_id, id);
    assert_eq!(opened.outcome, None);
    assert_eq!(opened.original_status, ItemStatus::Blocked);
    let by = opened
        .original_reviewed_by
        .clone()
        .expect("a person decided");
    assert!(by.ends_with("(alice)"), "{by}");
    let err = app.appeal(id, "again").await.unwrap_err();
    assert_eq!(
        refused(err),
        (409, "conflict".into()),
        "one appeal per item"
    );

    // The queue shows it to reviewers, not to apps.
    let queue = bob.appeals_list(&AppealFilter::default()).await.unwrap();
    assert_eq!(queue.appeals, std::slice::from_ref(&opened));
    assert_eq!(queue.appeals[0].statement.as_deref(), Some(statement));
    let err = app
        .appeals_list(&AppealFilter::default())
        .await
        .unwrap_err();
    assert_eq!(refused(err).0, 403);

    // Alice decided the item: neither of her keys may decide the appeal.
    for her in [&alice, &alice_again] {
        let err = her
            .appeal_decide(id, AppealOutcome::Overturned, None, None)
            .await
            .unwrap_err();
        assert_eq!(refused(err), (403, "same_reviewer".into()));
    }
    // A code outside the item's app's list is refused, as a review's is.
    let err = bob
        .appeal_decide(id, AppealOutcome::Overturned, None, Some("nope".into()))
        .await
        .unwrap_err();
    assert_eq!(refused(err).0, 422);
    assert_eq!(
        bob.appeal_show(id).await.unwrap(),
        opened,
        "nothing changed"
    );

    // Bob overturns it: the item is approved, the feed and the app hear of it.
    let mut feed = d.client(Some(&admin)).decision_feed().await.unwrap();
    let decided = bob
        .appeal_decide(
            id,
            AppealOutcome::Overturned,
            Some("satire".into()),
            Some("acceptable".into()),
        )
        .await
        .unwrap();
    assert_eq!(decided.outcome, Some(AppealOutcome::Overturned));
    assert_eq!(decided.item_status, ItemStatus::Approved);
    assert!(decided.decided_by.as_deref().unwrap().ends_with("(bob)"));
    assert_eq!(decided.reason_code.as_deref(), Some("acceptable"));
    let err = bob
        .appeal_decide(id, AppealOutcome::Upheld, None, None)
        .await
        .unwrap_err();
    assert_eq!(refused(err), (409, "conflict".into()), "decided once");
    let item = app.get_item(id).await.unwrap();
    assert_eq!(item.status, ItemStatus::Approved);
    assert!(
        item.decision
            .unwrap()
            .reviewed_by
            .unwrap()
            .ends_with("(bob)")
    );

    let (event, frames) = next_decision(&mut feed, Duration::from_secs(10), |e| {
        e.kind == "moderation.appeal_decided"
    })
    .await;
    assert_eq!(
        (event.data.id, event.data.status),
        (id, ItemStatus::Approved)
    );
    let appeal = event.data.appeal.expect("appeal data");
    assert_eq!(appeal.outcome, AppealOutcome::Overturned);
    assert_eq!(appeal.previous_status, ItemStatus::Blocked);
    assert!(
        !frames.contains("satire"),
        "no statement or note on the feed"
    );

    let hook = eventually(Duration::from_secs(20), || async {
        let got = receiver.received_requests().await.unwrap_or_default();
        got.into_iter().find(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body)
                .is_ok_and(|b| b["type"] == "moderation.appeal_decided")
        })
    })
    .await
    .expect("the appeal's outcome delivered");
    let header = |name: &str| {
        hook.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert!(signature_ok(
        &secret,
        &header("webhook-id"),
        &header("webhook-timestamp"),
        &hook.body,
        &header("webhook-signature"),
    ));
    let body: serde_json::Value = serde_json::from_slice(&hook.body).unwrap();
    assert_eq!(body["data"]["id"], id);
    assert_eq!(body["data"]["status"], "approved");
    assert_eq!(body["data"]["appeal"]["outcome"], "overturned");
    assert_eq!(body["data"]["appeal"]["previous_status"], "blocked");
    assert!(!String::from_utf8_lossy(&hook.body).contains("satire"));

    // A rule's decision may be appealed to anyone, alice included; upheld
    // leaves the item as it was.
    let ruled = blocked_by_rule(&d, "forum", "r").await;
    app.appeal(ruled, "not hate").await.unwrap();
    let upheld = alice
        .appeal_decide(ruled, AppealOutcome::Upheld, None, Some("hate".into()))
        .await
        .unwrap();
    assert_eq!(
        (upheld.outcome, upheld.item_status),
        (Some(AppealOutcome::Upheld), ItemStatus::Blocked)
    );
    let done = AppealFilter {
        decided: Some(true),
        ..AppealFilter::default()
    };
    let ids: Vec<i64> = bob
        .appeals_list(&done)
        .await
        .unwrap()
        .appeals
        .iter()
        .map(|a| a.item_id)
        .collect();
    assert_eq!(ids, [id, ruled]);
    assert!(
        bob.appeals_list(&AppealFilter::default())
            .await
            .unwrap()
            .appeals
            .is_empty()
    );
    d.shutdown().await;
}

fn modctl(base: &str, key: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_modctl-under-test"))
        .args(args)
        .env("MODCTL_URL", base)
        .env("MODCTL_ADMIN_KEY", key)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run modctl")
}

async fn modctl_lists_shows_and_decides_appeals(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &SETTINGS).await;
    let app = d.client(Some(&d.key(Role::Client, &["forum"]).await));
    let alice = reviewer(&d, "alice").await;
    let bob = reviewer(&d, "bob").await;
    let id = flagged(&d, "forum", "m", &[("spam", 0.8)]).await;
    d.client(Some(&alice))
        .review_decide(id, ReviewVerdict::Approved, None)
        .await
        .unwrap();
    app.appeal(id, "this is an advert").await.unwrap();
    let base = d.base.clone();
    let id_arg = id.to_string();
    let (list, show, mine, decided, again) = tokio::task::spawn_blocking(move || {
        let list = modctl(&base, &bob, &["review", "appeals", "list", "--json"]);
        let show = modctl(&base, &bob, &["review", "appeals", "show", &id_arg]);
        let mine = modctl(
            &base,
            &alice,
            &["review", "appeals", "decide", &id_arg, "overturn"],
        );
        let decided = modctl(
            &base,
            &bob,
            &[
                "review",
                "appeals",
                "decide",
                &id_arg,
                "overturn",
                "--reason",
                "spam",
                "--note",
                "an advert",
                "--json",
            ],
        );
        let again = modctl(
            &base,
            &bob,
            &["review", "appeals", "decide", &id_arg, "uphold"],
        );
        (list, show, mine, decided, again)
    })
    .await
    .unwrap();
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    let page: modd_common::AppealPage = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(page.appeals.len(), 1);
    assert_eq!(page.appeals[0].item_id, id);
    let shown = String::from_utf8_lossy(&show.stdout);
    assert!(show.status.success());
    assert!(
        shown.contains("this is an advert") && shown.contains("outcome: open"),
        "{shown}"
    );
    // The person who approved it is refused, with the reason.
    assert_eq!(mine.status.code(), Some(1));
    let err = String::from_utf8_lossy(&mine.stderr);
    assert!(
        err.contains("403") && err.contains("another person"),
        "{err}"
    );
    assert!(
        decided.status.success(),
        "{}",
        String::from_utf8_lossy(&decided.stderr)
    );
    let view: AppealView = serde_json::from_slice(&decided.stdout).unwrap();
    assert_eq!(view.outcome, Some(AppealOutcome::Overturned));
    assert_eq!(view.item_status, ItemStatus::Blocked);
    assert_eq!(view.reason_code.as_deref(), Some("spam"));
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("409"));
    // The same result as the JSON API: the item is blocked, by bob.
    let item = d.store.get_item(id).await.unwrap().unwrap();
    assert_eq!(item.status, ItemStatus::Blocked);
    assert!(
        item.decision
            .unwrap()
            .reviewed_by
            .unwrap()
            .ends_with("(bob)")
    );
    d.shutdown().await;
}

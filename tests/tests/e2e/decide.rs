//! One decision three ways: the JSON API, `modctl review` and the console
//! (a form post with a session, held for its undo window) give the same
//! audit entry and the same webhook for the same action with an app's own
//! reason code; a code outside the app's list is refused by all three; a
//! console decision undone within its window sends nothing, and an undo
//! after it is refused with `undo_expired`.

use crate::hooks::{flagged, receiver, set_webhook};
use clap::Parser;
use modd_common::{ReasonCode, ReviewNote, ReviewVerdict, Role};
use modd_testkit::{Db, KeySpec, TestDaemon, TestDb, eventually};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

modd_testkit::on_both_backends!(api_modctl_and_console_decide_alike);

/// A browser's part, over plain HTTP: the session cookie and the form token.
struct Console {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

impl Console {
    async fn sign_in(d: &TestDaemon, key: &str) -> Console {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let answer = http
            .post(d.url("/console/login"))
            .form(&[("key", key)])
            .send()
            .await
            .unwrap();
        let cookie = answer
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned();
        let page = http
            .get(d.url("/console"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a form token")
            .to_owned();
        Console {
            http,
            base: d.base.clone(),
            cookie,
            csrf,
        }
    }

    /// Posts a console form; returns the status and the JSON error code, if any.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Option<String>) {
        let mut form = vec![("csrf", self.csrf.as_str())];
        form.extend_from_slice(fields);
        let answer = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .form(&form)
            .send()
            .await
            .unwrap();
        let status = answer.status();
        let code = answer
            .json::<Value>()
            .await
            .ok()
            .and_then(|b| b["error"]["code"].as_str().map(str::to_owned));
        (status, code)
    }

    async fn get(&self, path: &str) -> StatusCode {
        self.http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap()
            .status()
    }
}

async fn modctl(d: &TestDaemon, key: &str, args: &[&str]) -> Result<(), modctl::CliError> {
    let mut argv = vec!["modctl", "--url", &d.base, "--admin-key", key];
    argv.extend_from_slice(args);
    modctl::run(modctl::Cli::parse_from(argv)).await
}

/// A webhook body without what differs from item to item.
fn same_part(body: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(body).unwrap();
    for field in ["id", "external_id", "decided_at"] {
        v["data"].as_object_mut().unwrap().remove(field);
    }
    v.as_object_mut().unwrap().remove("timestamp");
    v
}

async fn api_modctl_and_console_decide_alike(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = receiver(204).await;
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_WORKERS", "0"),
            ("MODD_CONSOLE_UNDO", "2s"),
            ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
        ],
    )
    .await;
    let admin = d.key(Role::Admin, &[]).await;
    let (_, alice) = d
        .key_with(KeySpec {
            role: Role::Reviewer,
            person: Some("alice"),
            ..KeySpec::default()
        })
        .await;
    set_webhook(&d, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    let api = d.client(Some(&alice));

    // The forum's own codes; a reviewer reads them, only an admin sets them.
    let codes = vec![
        ReasonCode::new("scam", "Scam or fraud"),
        ReasonCode::new("spam", "Spam"),
    ];
    let refused = api
        .set_reason_codes("forum", Some(codes.clone()))
        .await
        .unwrap_err();
    assert_eq!(refused.status().map(|s| s.as_u16()), Some(403));
    let bad = vec![ReasonCode::new("Scam!", "x")];
    let refused = d
        .client(Some(&admin))
        .set_reason_codes("forum", Some(bad))
        .await
        .unwrap_err();
    assert_eq!(
        (refused.status().map(|s| s.as_u16()), refused.code()),
        (Some(422), Some("validation_failed"))
    );
    modctl(
        &d,
        &admin,
        &[
            "apps",
            "reason-codes",
            "forum",
            "--set",
            "scam=Scam or fraud",
            "--set",
            "spam=Spam",
        ],
    )
    .await
    .unwrap();
    let read = api.reason_codes("forum").await.unwrap();
    assert_eq!(read.codes, codes);
    assert!(api.reason_codes("shop").await.unwrap().default);

    let [a, b, c, e] = [
        flagged(&d, "forum", "api", &[("hate", 0.8)]).await,
        flagged(&d, "forum", "modctl", &[("hate", 0.8)]).await,
        flagged(&d, "forum", "console", &[("hate", 0.8)]).await,
        flagged(&d, "forum", "undone", &[("hate", 0.8)]).await,
    ];
    let console = Console::sign_in(&d, &alice).await;

    // A code that is not the forum's (`hate` is only built in) is refused
    // by all three, and nothing changes.
    let hate = ReviewNote {
        note: Some("checked".into()),
        reason_code: Some("hate".into()),
    };
    let err = api
        .review_decide_with(a, ReviewVerdict::Blocked, &hate)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("validation_failed"));
    assert!(err.to_string().contains("scam, spam"), "{err}");
    let err = modctl(
        &d,
        &alice,
        &["review", "reject", &b.to_string(), "--reason", "hate"],
    )
    .await
    .unwrap_err();
    assert_eq!(err.exit_code(), 1);
    let form = [
        ("verdict", "reject"),
        ("reason_code", "hate"),
        ("note", "checked"),
    ];
    let (status, code) = console
        .post(&format!("/console/items/{c}/decide"), &form)
        .await;
    assert_eq!(
        (status.as_u16(), code.as_deref()),
        (422, Some("validation_failed"))
    );
    for id in [a, b, c] {
        assert_eq!(
            d.store.get_item(id).await.unwrap().unwrap().status,
            modd_common::ItemStatus::Flagged
        );
    }

    // The same action three ways: reject with `scam` and a note.
    let scam = ReviewNote {
        note: Some("checked".into()),
        reason_code: Some("scam".into()),
    };
    api.review_decide_with(a, ReviewVerdict::Blocked, &scam)
        .await
        .unwrap();
    let b_id = b.to_string();
    modctl(
        &d,
        &alice,
        &[
            "review", "reject", &b_id, "--reason", "scam", "--note", "checked",
        ],
    )
    .await
    .unwrap();
    let form = [
        ("verdict", "reject"),
        ("reason_code", "scam"),
        ("note", "checked"),
    ];
    let (status, _) = console
        .post(&format!("/console/items/{c}/decide"), &form)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Held for its window: still flagged, nothing sent yet.
    assert_eq!(
        d.store.get_item(c).await.unwrap().unwrap().status,
        modd_common::ItemStatus::Flagged
    );

    // A second console decision, undone within its window: back in the queue.
    let (status, _) = console
        .post(
            &format!("/console/items/{e}/decide"),
            &[("verdict", "approve")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = console.post(&format!("/console/items/{e}/undo"), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, code) = console.post(&format!("/console/items/{e}/undo"), &[]).await;
    assert_eq!((status.as_u16(), code.as_deref()), (404, Some("not_found")));

    // After the window the console decision is recorded, and can no longer be undone.
    let recorded = eventually(Duration::from_secs(15), || async {
        let item = d.store.get_item(c).await.unwrap().unwrap();
        (item.status == modd_common::ItemStatus::Blocked).then_some(item)
    })
    .await
    .expect("the held decision is recorded after its window");
    assert_eq!(
        recorded.decision.unwrap().review_reason.as_deref(),
        Some("scam")
    );
    let (status, code) = console.post(&format!("/console/items/{c}/undo"), &[]).await;
    assert_eq!(
        (status.as_u16(), code.as_deref()),
        (409, Some("undo_expired"))
    );
    // The undone one stays in the queue, its page shows a decision form.
    assert_eq!(
        d.store.get_item(e).await.unwrap().unwrap().status,
        modd_common::ItemStatus::Flagged
    );
    assert_eq!(
        console.get(&format!("/console/items/{e}")).await,
        StatusCode::OK
    );

    // Same audit entry: same actor, action and detail.
    let audit = d.store.list_audit(100).await.unwrap();
    let decided: Vec<_> = [a, b, c]
        .iter()
        .map(|id| {
            let entry = audit
                .iter()
                .find(|x| x.action == "review.decide" && x.target == format!("item:{id}"))
                .unwrap_or_else(|| panic!("item {id} audited"));
            (entry.actor.clone(), entry.detail.clone())
        })
        .collect();
    assert!(decided[0].0.contains("(alice)"));
    assert_eq!(decided[0], decided[1], "API and modctl");
    assert_eq!(decided[0], decided[2], "API and console");
    assert_eq!(decided[0].1["reason_code"], json!("scam"));
    let on_e: Vec<&str> = audit
        .iter()
        .filter(|x| x.target == format!("item:{e}"))
        .map(|x| x.action.as_str())
        .collect();
    assert_eq!(on_e, ["review.undo", "review.hold"]);

    // Same webhook, and none for the undone decision (wait past its window).
    let finals = eventually(Duration::from_secs(30), || async {
        let got = receiver.received_requests().await.unwrap();
        let finals: Vec<_> = got
            .into_iter()
            .filter(|r| same_part(&r.body)["type"] == "moderation.decided")
            .collect();
        (finals.len() >= 3).then_some(finals)
    })
    .await
    .expect("three decisions delivered");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let got = receiver.received_requests().await.unwrap();
    let ids: Vec<i64> = got
        .iter()
        .map(|r| serde_json::from_slice::<Value>(&r.body).unwrap())
        .filter(|v| v["type"] == "moderation.decided")
        .map(|v| v["data"]["id"].as_i64().unwrap())
        .collect();
    assert!(
        !ids.contains(&e),
        "an undone decision sends no webhook: {ids:?}"
    );
    let bodies: Vec<Value> = finals.iter().map(|r| same_part(&r.body)).collect();
    assert_eq!(bodies[0], bodies[1]);
    assert_eq!(bodies[0], bodies[2]);
    assert_eq!(bodies[0]["data"]["status"], "blocked");
    assert_eq!(bodies[0]["data"]["decided_by"], "human");
    d.shutdown().await;
}

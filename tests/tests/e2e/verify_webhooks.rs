//! `modctl verify`'s webhook checks against real receivers (wiremock):
//! `webhooks.delivery` judges each endpoint's logged attempts and
//! `--ping-webhooks` sends a signed test event through the daemon's own
//! signer, reported per endpoint.

use chrono::{TimeDelta, Utc};
use modctl::verify::{Report, Status};
use modd::store::DeliveryAttempt;
use modd_testkit::{Db, TestDaemon, TestDb};

use crate::hooks::{receiver, set_webhook, signature_ok};
use crate::verify::{admin_key, report};

modd_testkit::on_both_backends!(webhook_delivery_and_ping_are_checked_per_endpoint);

fn check<'a>(r: &'a Report, id: &str) -> &'a modctl::verify::CheckResult {
    r.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("{id} missing"))
}

/// `ok` successful attempts, then one failed one, the newest.
async fn seed_attempts(d: &TestDaemon, app: &str, ok: usize) {
    let now = Utc::now();
    for i in 0..=ok {
        let failed = i == ok;
        d.store
            .log_delivery(&DeliveryAttempt {
                event_id: None,
                webhook_id: format!("msg_seed{i}"),
                source_app: app.into(),
                attempt: 1,
                attempted_at: now - TimeDelta::minutes((ok - i) as i64),
                status_code: Some(if failed { 503 } else { 200 }),
                latency_ms: 3,
                error: None,
            })
            .await
            .unwrap();
    }
}

async fn webhook_delivery_and_ping_are_checked_per_endpoint(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let d = TestDaemon::start(&db, &[("MODD_WEBHOOK_ALLOW_PRIVATE", "true")]).await;
    let (_, admin) = admin_key(&d, "ops-admin", Utc::now()).await;
    let only = ["--only", "webhooks"];

    // Nothing configured: nothing to deliver passes; nothing to ping.
    let r = report(&d, &admin, &[&only[..], &["--ping-webhooks"]].concat()).await;
    assert_eq!(check(&r, "webhooks.delivery").status, Status::Pass);
    assert!(
        check(&r, "webhooks.delivery")
            .reason
            .contains("no webhook endpoint")
    );
    assert_eq!(check(&r, "webhooks.ping").status, Status::Skipped);

    let good = receiver(204).await;
    let bad = receiver(500).await;
    let shop_secret = set_webhook(&d, &admin, "shop", &format!("{}/hook", good.uri())).await;
    set_webhook(&d, &admin, "forum", &format!("{}/hook", bad.uri())).await;

    // Ping: one signed event each; the 500 fails the check, by name.
    let r = report(&d, &admin, &[&only[..], &["--ping-webhooks"]].concat()).await;
    let delivery = check(&r, "webhooks.delivery");
    assert_eq!(delivery.status, Status::Pass, "{delivery:?}");
    assert_eq!(delivery.details.len(), 2);
    let ping = check(&r, "webhooks.ping");
    assert_eq!(ping.status, Status::Fail, "{ping:?}");
    assert!(ping.reason.contains("forum") && !ping.reason.contains("shop"));
    let line = |app: &str| {
        ping.details
            .iter()
            .find(|l| l.starts_with(&format!("{app}:")))
            .unwrap_or_else(|| panic!("no line for {app}: {:?}", ping.details))
            .clone()
    };
    assert!(line("shop").contains("HTTP 204"), "{}", line("shop"));
    assert!(line("forum").contains("FAILED") && line("forum").contains("500"));
    let got = good.received_requests().await.unwrap();
    assert_eq!(got.len(), 1);
    let h = |n: &str| got[0].headers.get(n).unwrap().to_str().unwrap().to_owned();
    assert!(signature_ok(
        &shop_secret,
        &h("webhook-id"),
        &h("webhook-timestamp"),
        &got[0].body,
        &h("webhook-signature"),
    ));
    let body: serde_json::Value = serde_json::from_slice(&got[0].body).unwrap();
    assert_eq!(body["type"], "webhook.test", "{body}");
    assert!(!r.approved);

    // The pings were logged as deliveries: forum is at 0%, shop at 100%.
    let r = report(&d, &admin, &only).await;
    let delivery = check(&r, "webhooks.delivery");
    assert_eq!(delivery.status, Status::Fail, "{delivery:?}");
    assert!(delivery.reason.contains("forum") && !delivery.reason.contains("shop"));
    assert!(
        delivery
            .details
            .iter()
            .any(|l| l.starts_with("shop: ok: 100.0% of 1"))
    );
    assert!(delivery.fix.is_some());
    assert_eq!(check(&r, "webhooks.ping").status, Status::Skipped);

    // forum's webhook removed; blog at 39 of 40 with the newest failing:
    // above the target but failing now, a warning.
    let unset = modd_common::AppUpdate {
        webhook_url: Some(None),
        ..modd_common::AppUpdate::default()
    };
    d.client(Some(&admin))
        .update_app("forum", &unset)
        .await
        .unwrap();
    set_webhook(&d, &admin, "blog", &format!("{}/hook", good.uri())).await;
    seed_attempts(&d, "blog", 39).await;
    let r = report(&d, &admin, &only).await;
    let delivery = check(&r, "webhooks.delivery");
    assert_eq!(delivery.status, Status::Warn, "{delivery:?}");
    assert!(delivery.reason.contains("blog"));
    assert!(
        delivery
            .details
            .iter()
            .any(|l| l.contains("97.5% of 40") && l.contains("last attempt failed (HTTP 503)")),
        "{:?}",
        delivery.details
    );
    assert!(r.approved, "a warning alone does not fail the run");

    // A stricter target turns it into a failure.
    let r = report(
        &d,
        &admin,
        &[&only[..], &["--min-delivery-rate", "99"]].concat(),
    )
    .await;
    assert_eq!(check(&r, "webhooks.delivery").status, Status::Fail);
    // --skip wins over --ping-webhooks.
    let r = report(
        &d,
        &admin,
        &[&only[..], &["--ping-webhooks", "--skip", "webhooks.ping"]].concat(),
    )
    .await;
    assert_eq!(check(&r, "webhooks.ping").status, Status::Skipped);
    assert_eq!(good.received_requests().await.unwrap().len(), 1);
    d.shutdown().await;
}

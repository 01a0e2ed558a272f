//! Webhooks end to end against a real HTTP receiver (wiremock): signatures
//! verify with an independent verifier, 500s are retried with the same
//! `webhook-id`, a receiver that is down for a while still gets every event,
//! dead events replay, rotation signs with both secrets, and the SSRF guard
//! refuses loopback without the allow flag.

use crate::hooks::{set_webhook, signature_ok, submit};
use modd_common::{AppUpdate, Role, WebhookEventView};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use std::collections::BTreeSet;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

modd_testkit::on_both_backends!(
    deliveries_are_signed_and_retried_with_one_id,
    a_receiver_down_for_a_while_gets_every_event,
    dead_events_replay_and_rotation_signs_with_both_secrets,
);

const FAST: [(&str, &str); 3] = [
    ("MODD_WEBHOOK_ALLOW_PRIVATE", "true"),
    ("MODD_WEBHOOK_RETRY_BASE_MS", "50"),
    ("MODD_WEBHOOK_TIMEOUT_SECS", "2"),
];

async fn daemon(db: &TestDb, extra: &[(&'static str, &str)]) -> TestDaemon {
    let mut settings = FAST.to_vec();
    settings.extend_from_slice(extra);
    TestDaemon::start(db, &settings).await
}

fn header<'a>(r: &'a Request, name: &str) -> &'a str {
    r.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

fn verify(secret: &str, r: &Request) -> bool {
    signature_ok(
        secret,
        header(r, "webhook-id"),
        header(r, "webhook-timestamp"),
        &r.body,
        header(r, "webhook-signature"),
    )
}

async fn events(d: &TestDaemon, admin: &str, app: &str) -> Vec<WebhookEventView> {
    d.client(Some(admin))
        .webhook_events(app, None, Some(500))
        .await
        .unwrap()
}

async fn all_delivered(d: &TestDaemon, admin: &str, app: &str, n: usize) -> Vec<WebhookEventView> {
    eventually(Duration::from_secs(30), || async {
        let ev = events(d, admin, app).await;
        (ev.len() == n && ev.iter().all(|e| e.status == "delivered")).then_some(ev)
    })
    .await
    .unwrap_or_else(|| panic!("all {n} events delivered"))
}

async fn deliveries_are_signed_and_retried_with_one_id(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .and(path("/hook"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    let d = daemon(&db, &[]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &["forum"]).await;
    let secret = set_webhook(&d, &admin, "forum", &format!("{}/hook", receiver.uri())).await;
    assert!(secret.starts_with("whsec_"));
    let id = submit(&d, &client, "forum", "c-1", "you idiot").await;
    all_delivered(&d, &admin, "forum", 1).await;

    let got = receiver.received_requests().await.unwrap();
    assert_eq!(got.len(), 3, "two 500s, then success");
    let ids: BTreeSet<&str> = got.iter().map(|r| header(r, "webhook-id")).collect();
    assert_eq!(ids.len(), 1, "the same webhook-id on every attempt");
    for r in &got {
        assert!(verify(&secret, r), "signature verifies");
        assert!(!verify("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", r));
        let ts: i64 = header(r, "webhook-timestamp").parse().unwrap();
        assert!((chrono::Utc::now().timestamp() - ts).abs() < 60);
        assert_eq!(header(r, "content-type"), "application/json");
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(body["type"], "moderation.decided");
        assert_eq!(body["data"]["id"], id);
        assert_eq!(body["data"]["status"], "blocked");
        assert_eq!(body["data"]["decided_by"], "rule");
        assert!(
            !String::from_utf8_lossy(&r.body).contains("idiot"),
            "no content in events"
        );
    }
    assert_eq!(got[0].body, got[2].body, "the same body on every attempt");
    // The delivery log: newest first, with status codes.
    let admin_api = d.client(Some(&admin));
    let log = admin_api.webhook_deliveries("forum", None).await.unwrap();
    let codes: Vec<Option<i64>> = log.iter().map(|l| l.status_code).collect();
    assert_eq!(codes, [Some(204), Some(500), Some(500)]);

    // `test` sends a signed webhook.test now.
    let test = admin_api.test_webhook("forum").await.unwrap();
    assert_eq!((test.ok, test.status_code), (true, Some(204)));
    let last = receiver.received_requests().await.unwrap().pop().unwrap();
    assert!(verify(&secret, &last));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&last.body).unwrap()["type"],
        "webhook.test"
    );
    d.shutdown().await;
}

async fn a_receiver_down_for_a_while_gets_every_event(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    // Reserve a port, then close it: the receiver is down.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let d = daemon(&db, &[("MODD_WEBHOOK_MAX_ATTEMPTS", "30")]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &[]).await;
    let secret = set_webhook(
        &d,
        &admin,
        "forum",
        &format!("http://127.0.0.1:{port}/hook"),
    )
    .await;
    let texts = ["hello", "you idiot", "fine day", "moron", "ok"];
    for (n, t) in texts.iter().enumerate() {
        submit(&d, &client, "forum", &format!("down-{n}"), t).await;
    }
    // Every event has failed at least once.
    eventually(Duration::from_secs(30), || async {
        let ev = events(&d, &admin, "forum").await;
        (ev.len() == 5 && ev.iter().all(|e| e.attempts >= 1)).then_some(())
    })
    .await
    .expect("attempts against the dead receiver");
    let log = d
        .client(Some(&admin))
        .webhook_deliveries("forum", None)
        .await
        .unwrap();
    assert!(log[0].status_code.is_none());
    assert_eq!(log[0].error.as_deref(), Some("connection failed"));

    // The receiver comes back on the same port.
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let receiver = MockServer::builder().listener(listener).start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let delivered = all_delivered(&d, &admin, "forum", 5).await;
    let got = receiver.received_requests().await.unwrap();
    let ids: BTreeSet<&str> = got.iter().map(|r| header(r, "webhook-id")).collect();
    let expected: BTreeSet<&str> = delivered.iter().map(|e| e.webhook_id.as_str()).collect();
    assert_eq!(ids, expected, "every event arrived");
    assert!(got.iter().all(|r| verify(&secret, r)));
    d.shutdown().await;
}

async fn dead_events_replay_and_rotation_signs_with_both_secrets(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&receiver)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let d = daemon(&db, &[("MODD_WEBHOOK_MAX_ATTEMPTS", "2")]).await;
    let admin = d.key(Role::Admin, &[]).await;
    let client = d.key(Role::Client, &[]).await;
    let old = set_webhook(&d, &admin, "forum", &receiver.uri()).await;
    submit(&d, &client, "forum", "dead-1", "hello").await;
    let admin_api = d.client(Some(&admin));
    let dead = eventually(Duration::from_secs(30), || async {
        let ev = admin_api
            .webhook_events("forum", Some("dead"), None)
            .await
            .unwrap();
        (ev.len() == 1).then(|| ev[0].clone())
    })
    .await
    .expect("dead-lettered after 2 attempts");
    assert_eq!(dead.attempts, 2);

    // Rotate, then replay: the new and the old secret both sign for a day.
    let rotated = admin_api
        .rotate_webhook_secret("forum", &Default::default())
        .await
        .unwrap();
    let new = rotated.webhook_secret.expect("the new secret, shown once");
    assert_ne!(new, old);
    let replayed = admin_api.replay_webhooks("forum", None).await.unwrap();
    assert_eq!(replayed.replayed, 1);
    all_delivered(&d, &admin, "forum", 1).await;
    let got = receiver.received_requests().await.unwrap();
    assert_eq!(got.len(), 3);
    let last = &got[2];
    assert_eq!(header(last, "webhook-id"), dead.webhook_id);
    assert_eq!(header(last, "webhook-signature").split(' ').count(), 2);
    assert!(verify(&new, last) && verify(&old, last));
    assert!(
        !verify(&new, &got[0]),
        "before the rotation only the old secret signed"
    );
    let audit = d.store.list_audit(20).await.unwrap();
    for action in ["app.update", "app.rotate_secret", "webhook.replay"] {
        assert!(audit.iter().any(|e| e.action == action), "{action} audited");
    }
    assert!(
        audit
            .iter()
            .all(|e| !e.detail.to_string().contains("whsec_"))
    );
    d.shutdown().await;
}

/// Not per database: the guard refuses before anything is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loopback_webhooks_are_refused_without_the_allow_flag() {
    let db = TestDb::new(Db::Sqlite).await.unwrap();
    let receiver = MockServer::start().await;
    let port = receiver.address().port();
    let d = TestDaemon::start(&db, &[]).await;
    let admin = d.client_as(Role::Admin).await;
    for url in [
        format!("http://localhost:{port}/hook"), // a name that resolves to 127.0.0.1
        format!("http://127.0.0.1:{port}/hook"),
        format!("http://[::ffff:127.0.0.1]:{port}/"),
        "http://169.254.169.254/latest/meta-data".to_owned(),
        "ftp://example.com/".to_owned(),
    ] {
        let update = AppUpdate {
            webhook_url: Some(Some(url.clone())),
            ..AppUpdate::default()
        };
        let err = admin.update_app("forum", &update).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(422), "{url}");
        assert_eq!(err.code(), Some("validation_failed"), "{url}");
    }
    assert!(
        d.store.get_app("forum").await.unwrap().is_none(),
        "nothing stored"
    );

    // At delivery time too: a sender without the flag refuses the resolved
    // address, and the receiver sees nothing.
    let sender =
        modd::outbox::webhooks::Sender::new(modd::ssrf::Guard::default(), Duration::from_secs(2))
            .unwrap();
    let secret = vec![modd::outbox::webhooks::generate_secret()];
    let r = sender
        .send(
            &format!("http://localhost:{port}/hook"),
            "msg_1",
            "{}",
            &secret,
        )
        .await;
    assert_eq!(r.status_code, None);
    assert!(
        r.error.as_deref().unwrap_or("").contains("refused"),
        "{r:?}"
    );
    assert!(
        r.error.as_deref().unwrap_or("").contains("loopback"),
        "{r:?}"
    );
    assert!(receiver.received_requests().await.unwrap().is_empty());

    // In production the flag alone is not enough: the host must be listed.
    let prod = |hosts: &[&str]| modd::ssrf::Guard {
        allow_private: true,
        production: true,
        allowed_hosts: hosts.iter().map(|h| (*h).to_owned()).collect(),
        ..Default::default()
    };
    let refused = modd::outbox::webhooks::Sender::new(prod(&[]), Duration::from_secs(2)).unwrap();
    let r = refused
        .send(
            &format!("http://localhost:{port}/hook"),
            "msg_2",
            "{}",
            &secret,
        )
        .await;
    assert!(r.error.unwrap_or_default().contains("refused"));
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&receiver)
        .await;
    let listed =
        modd::outbox::webhooks::Sender::new(prod(&["localhost"]), Duration::from_secs(2)).unwrap();
    let r = listed
        .send(
            &format!("http://localhost:{port}/hook"),
            "msg_3",
            "{}",
            &secret,
        )
        .await;
    assert_eq!(r.status_code, Some(200));
    // Redirects are not followed.
    let redirecting = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", receiver.uri()))
        .mount(&redirecting)
        .await;
    let dev = modd::outbox::webhooks::Sender::new(
        modd::ssrf::Guard {
            allow_private: true,
            ..Default::default()
        },
        Duration::from_secs(2),
    )
    .unwrap();
    let r = dev.send(&redirecting.uri(), "msg_4", "{}", &secret).await;
    assert_eq!(r.status_code, Some(307));
    assert!(!r.ok());
    assert_eq!(
        receiver.received_requests().await.unwrap().len(),
        1,
        "only msg_3 arrived"
    );
    d.shutdown().await;
}

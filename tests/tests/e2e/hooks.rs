//! Helpers for the review, webhook, feed and retention tests: submitting,
//! flagged items made through the store (the built-in classifier never
//! flags), a webhook receiver, an independent Standard Webhooks verifier,
//! and waiting on the live feed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use modctl::client::DecisionFeed;
use modd::store::{DecisionEvent, Outcome};
use modd_common::{AnalyseRequest, AppUpdate, CategoryScore, Verdict};
use modd_testkit::TestDaemon;
use sha2::Sha256;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A webhook receiver answering `status` to every POST, whatever the path
/// (the tests register `{uri}/hook` or a path below it); its
/// `received_requests` are the deliveries.
pub async fn receiver(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status))
        .mount(&server)
        .await;
    server
}

/// The body of the first delivery about item `id` that `receiver` gets
/// within 30 s; panics naming `what` if none comes.
pub async fn delivery_for(receiver: &MockServer, id: i64, what: &str) -> serde_json::Value {
    tokio::time::timeout(std::time::Duration::from_secs(30), async {
        loop {
            let got = receiver.received_requests().await.unwrap_or_default();
            let found = got.iter().find_map(|r| {
                let v: serde_json::Value = serde_json::from_slice(&r.body).ok()?;
                (v["data"]["id"] == id).then_some(v)
            });
            if let Some(v) = found {
                return v;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{what}: no webhook delivered in 30 s"))
}

/// Submits a comment through the typed client; returns its id.
pub async fn submit(d: &TestDaemon, key: &str, app: &str, ext: &str, text: &str) -> i64 {
    let req = AnalyseRequest::new(app, ext, "comment").with_text(text);
    d.client(Some(key)).analyse(&req).await.unwrap().id
}

/// An item decided `flagged` by a rule, written through the store as a
/// worker would (with these category scores).
pub async fn flagged(d: &TestDaemon, app: &str, ext: &str, scores: &[(&str, f64)]) -> i64 {
    let inserted = d
        .store
        .insert_items(&[modd::store::NewItem {
            source_app: app.into(),
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
        scores: scores
            .iter()
            .map(|(c, s)| CategoryScore {
                category: (*c).into(),
                score: *s,
                classifier: "test".into(),
                model_version: "1".into(),
                languages: Vec::new(),
                spans: Vec::new(),
            })
            .collect(),
        verdict: Verdict::Flagged,
        reason: scores.first().map(|(c, _)| (*c).to_owned()),
        policy_version: "test-policy".into(),
        decided_by: "rule".into(),
        decided_at: chrono::Utc::now(),
        language: None,
        gaps: Vec::new(),
        model_versions: Default::default(),
        trace: None,
    };
    // Tests using this run with MODD_WORKERS=0, so no worker races us.
    assert!(d.store.record_outcome(&outcome).await.unwrap().is_some());
    id
}

/// Verifies a `webhook-signature` header the way a receiver would, written
/// from the Standard Webhooks spec rather than with the daemon's signer:
/// some `v1,` entry must equal base64(HMAC-SHA256(key, id.ts.body)).
pub fn signature_ok(secret: &str, id: &str, ts: &str, body: &[u8], header: &str) -> bool {
    let key = STANDARD
        .decode(secret.trim_start_matches("whsec_"))
        .expect("secret is base64");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.").as_bytes());
    mac.update(body);
    let expected = STANDARD.encode(mac.finalize().into_bytes());
    header
        .split(' ')
        .filter_map(|s| s.strip_prefix("v1,"))
        .any(|sig| sig == expected)
}

/// Sets `app`'s webhook URL through the typed client; returns the secret.
pub async fn set_webhook(d: &TestDaemon, admin: &str, app: &str, url: &str) -> String {
    let update = AppUpdate {
        webhook_url: Some(Some(url.to_owned())),
        ..AppUpdate::default()
    };
    let saved = d
        .client(Some(admin))
        .update_app(app, &update)
        .await
        .unwrap_or_else(|e| panic!("set the webhook of {app}: {e}"));
    saved.webhook_secret.expect("secret shown once")
}

/// A daemon whose app `forum` sends its webhooks to a receiver answering
/// 204, and a client key for `forum`: where the engine's end-to-end
/// suites start.
pub struct Forum {
    pub d: TestDaemon,
    pub hook: MockServer,
    pub client: modctl::client::Client,
}

/// [`Forum`] on `db`, private webhook addresses allowed.
pub async fn forum_with_webhook(db: &modd_testkit::TestDb) -> Forum {
    let hook = receiver(204).await;
    let d = TestDaemon::start(db, &[("MODD_WEBHOOK_ALLOW_PRIVATE", "true")]).await;
    let admin = d.key(modd_common::Role::Admin, &[]).await;
    set_webhook(&d, &admin, "forum", &format!("{}/hook", hook.uri())).await;
    let client = d.client(Some(&d.key(modd_common::Role::Client, &["forum"]).await));
    Forum { d, hook, client }
}

/// Reads the feed until a decision event for which `want` holds, or
/// panics after `timeout`; returns it with the data of every frame read on
/// the way (to check what the feed never carries).
pub async fn next_decision(
    feed: &mut DecisionFeed,
    timeout: std::time::Duration,
    want: impl Fn(&DecisionEvent) -> bool,
) -> (DecisionEvent, String) {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut frames = String::new();
    loop {
        let event = tokio::time::timeout_at(deadline, feed.next())
            .await
            .expect("decision event in time")
            .unwrap()
            .expect("stream open");
        frames.push_str(feed.last_frame());
        if want(&event) {
            return (event, frames);
        }
    }
}

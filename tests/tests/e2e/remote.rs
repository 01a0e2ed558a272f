//! A real `modd` with a remote provider configured, the provider being a
//! wiremock server replaying OpenAI's recorded answer (or failing): the
//! cascade feeds the compatible endpoints and the workers, a failing
//! provider sends items to review instead of approving them, and the
//! provider's metrics reach `/metrics`.

use modd_common::compat::openai::{ContentPart, ModerationInput, ModerationRequest};
use modd_common::compat::perspective::AnalyzeRequest;
use modd_common::{AnalyseRequest, ItemStatus, Role};
use modd_testkit::{Db, TestDaemon, TestDb, eventually};
use serde_json::Value;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::compat_openai::moderate;
use crate::compat_perspective::analyze;

modd_testkit::on_both_backends!(
    remote_scores_reach_the_compatible_endpoints,
    a_failing_provider_sends_items_to_review
);

fn recorded() -> Value {
    let p = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../daemon/tests/fixtures/remote/openai_moderation.json"
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

async fn provider(status: u16) -> MockServer {
    let server = MockServer::start().await;
    let reply = if status == 200 {
        ResponseTemplate::new(200).set_body_json(recorded())
    } else {
        ResponseTemplate::new(status)
    };
    Mock::given(method("POST"))
        .and(path("/v1/moderations"))
        .respond_with(reply)
        .mount(&server)
        .await;
    server
}

async fn remote_scores_reach_the_compatible_endpoints(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let server = provider(200).await;
    let base = format!("{}/v1", server.uri());
    let d = TestDaemon::start(&db, &[("MODD_OPENAI_BASE_URL", &base)]).await;
    let key = d.key(Role::Client, &[]).await;

    let body = moderate(
        &d,
        Some(&key),
        ModerationRequest::new(ModerationInput::Parts(vec![
            ContentPart::text("look at this"),
            ContentPart::image_url("https://img.example/a.png"),
        ])),
    )
    .await
    .unwrap();
    let r = &body.results[0];
    assert_eq!(r.category_scores["violence"], 0.9217135948627312);
    assert_eq!(
        r.category_applied_input_types["violence"],
        ["text", "image"]
    );
    assert!(r.flagged);

    // INSULT and THREAT exist once a provider scores harassment.
    let body = analyze(
        &d,
        Some(&key),
        &AnalyzeRequest::new("I will find you", &["INSULT", "THREAT"]),
    )
    .await
    .unwrap();
    assert_eq!(
        body.attribute_scores["INSULT"].summary_score.value,
        0.8189693396524255
    );
    assert_eq!(
        body.attribute_scores["THREAT"].summary_score.value,
        0.804985815582061
    );

    let metrics = d.client(None).metrics().await.unwrap();
    assert!(
        metrics.contains("modd_provider_breaker_state{provider=\"openai\"}"),
        "{metrics}"
    );
    assert!(metrics.contains(
        "modd_provider_request_duration_seconds_count{provider=\"openai\",outcome=\"ok\"}"
    ));
}

async fn a_failing_provider_sends_items_to_review(db: Db) {
    let Some(db) = TestDb::new(db).await else {
        return;
    };
    let server = provider(500).await;
    let base = format!("{}/v1", server.uri());
    let d = TestDaemon::start(
        &db,
        &[
            ("MODD_OPENAI_BASE_URL", &base),
            ("MODD_REMOTE_RETRIES", "0"),
        ],
    )
    .await;
    let key = d.key(Role::Client, &[]).await;
    let client = d.client(Some(&key));
    let accepted = client
        .analyse(&AnalyseRequest::new("my-app", "r-1", "comment").with_text("have a lovely day"))
        .await
        .unwrap();
    let item = eventually(Duration::from_secs(20), || async {
        let item = client.get_item(accepted.id).await.ok()?;
        (item.status != ItemStatus::Pending).then_some(item)
    })
    .await
    .expect("decided in time");
    assert_eq!(
        item.status,
        ItemStatus::Flagged,
        "a harmless text, but the provider failed"
    );
    assert_eq!(
        item.decision.unwrap().reason.as_deref(),
        Some("classifier_failed:openai")
    );
    assert!(!server.received_requests().await.unwrap().is_empty());

    // The compatible endpoint says the same: flagged, not silently approved.
    let body = moderate(
        &d,
        Some(&key),
        ModerationRequest::new(ModerationInput::Text("have a lovely day".into())),
    )
    .await
    .unwrap();
    assert!(body.results[0].flagged);
}

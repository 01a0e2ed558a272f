//! Remote providers against a real HTTP server started in the test
//! (wiremock) replaying recorded response shapes: success, 429 with
//! `Retry-After`, 500, slow, malformed body, and the breaker opening,
//! probing half-open and closing. Nothing here reaches the internet.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use modd::classify::remote::{
    self, AttemptError, BreakerState, Cascade, Provider, ProviderError, RemoteInput,
};
use modd::classify::{Classification, ClassifierOutput, Content, RemoteStage, Scored};
use modd::settings::{RemoteSettings, defaults};
use modd_common::{Category, Gap};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json, body_partial_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> Value {
    let p = format!(
        "{}/tests/fixtures/remote/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Settings with the OpenAI provider on `server`, fast backoff, and `extra`.
fn settings(server: &MockServer, extra: &[(&'static str, &str)]) -> RemoteSettings {
    let mut raw = defaults();
    raw.insert("MODD_OPENAI_BASE_URL", format!("{}/v1", server.uri()));
    raw.insert("MODD_OPENAI_API_KEY", "sk-test-key".into());
    raw.insert("MODD_REMOTE_BACKOFF_MS", "10".into());
    raw.insert("MODD_REMOTE_MAX_BACKOFF_MS", "2000".into());
    raw.insert("MODD_REMOTE_TIMEOUT_MS", "1000".into());
    for (k, v) in extra {
        raw.insert(k, (*v).to_owned());
    }
    RemoteSettings::from_raw(&raw).unwrap()
}

fn openai(server: &MockServer, extra: &[(&'static str, &str)]) -> Arc<Provider> {
    modd::observe::metrics::handle(); // install the recorder so metrics are captured
    remote::from_settings(&settings(server, extra))
        .unwrap()
        .remove(0)
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(fixture("openai_moderation.json"))
}

async fn hits(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

const TEXT: RemoteInput<'static> = RemoteInput {
    text: Some("I will hurt you"),
    image_url: None,
};

fn score_of(scores: &[(Category, f64)], category: Category) -> f64 {
    scores
        .iter()
        .find(|s| s.0 == category)
        .unwrap_or_else(|| panic!("no {category} in {scores:?}"))
        .1
}

#[tokio::test]
async fn success_maps_openai_names_and_sends_key_model_and_images() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/moderations"))
        .and(header("authorization", "Bearer sk-test-key"))
        .and(body_partial_json(
            json!({"model": "omni-moderation-latest", "input": [
            {"type": "text", "text": "look"},
            {"type": "image_url", "image_url": {"url": "https://img.example/a.png"}}]}),
        ))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let p = openai(&server, &[]);
    let r = p
        .classify(&RemoteInput {
            text: Some("look"),
            image_url: Some("https://img.example/a.png"),
        })
        .await
        .unwrap();
    assert_eq!(r.scores.len(), 13, "every OpenAI category is mapped");
    assert_eq!(
        score_of(&r.scores, Category::HarassmentThreatening),
        0.804985815582061
    );
    assert_eq!(
        score_of(&r.scores, Category::SelfHarmIntent),
        0.00023095288270399293
    );
    assert!(
        r.raw.iter().any(|(k, _)| k == "self-harm/intent"),
        "raw keeps OpenAI's names"
    );
    assert_eq!(r.model_version, "omni-moderation-2024-09-26");
}

#[tokio::test]
async fn generic_http_provider_posts_text_and_keeps_its_categories() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/score"))
        .and(body_json(json!({"text": "hello"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("http_model.json")))
        .expect(1)
        .mount(&server)
        .await;
    let mut raw = defaults();
    raw.insert("MODD_HTTP_PROVIDER_URL", format!("{}/score", server.uri()));
    raw.insert("MODD_HTTP_PROVIDER_CATEGORIES", "sexual".into());
    let p = remote::from_settings(&RemoteSettings::from_raw(&raw).unwrap())
        .unwrap()
        .remove(0);
    let r = p
        .classify(&RemoteInput {
            text: Some("hello"),
            image_url: None,
        })
        .await
        .unwrap();
    assert_eq!(r.scores, vec![(Category::Sexual, 0.91)]);
    assert_eq!(r.model_version, "inhouse-2025-11");
}

#[tokio::test]
async fn rate_limited_call_waits_for_retry_after_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "1")
                .set_body_json(fixture("openai_rate_limited.json")),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let p = openai(&server, &[]);
    let started = Instant::now();
    let r = p.classify(&TEXT).await.unwrap();
    assert!(!r.scores.is_empty());
    // Backoff alone would be ~10 ms: the wait is the server's Retry-After.
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(hits(&server).await, 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_fails_without_holding_the_worker() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "120"))
        .mount(&server)
        .await;
    let p = openai(&server, &[]);
    let started = Instant::now();
    let err = p.classify(&TEXT).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(
        err,
        ProviderError::Failed {
            provider: "openai",
            attempts: 1,
            last: AttemptError::RateLimited {
                retry_after: Some(Duration::from_secs(120))
            }
        }
    );
    assert_eq!(
        p.breaker_state(),
        BreakerState::Closed,
        "a 429 is not an outage"
    );
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_json(fixture("openai_server_error.json")))
        .mount(&server)
        .await;
    let p = openai(&server, &[("MODD_REMOTE_RETRIES", "2")]);
    let err = p.classify(&TEXT).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Failed {
            provider: "openai",
            attempts: 3,
            last: AttemptError::Server(500)
        }
    );
    assert_eq!(hits(&server).await, 3);
    // The message names the cause, never the text or the key.
    let shown = err.to_string();
    assert!(
        !shown.contains("hurt") && !shown.contains("sk-test"),
        "{shown}"
    );

    // One 500 then a success: the caller sees only the success.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .mount(&server)
        .await;
    assert!(openai(&server, &[]).classify(&TEXT).await.is_ok());
}

#[tokio::test]
async fn a_client_error_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let err = openai(&server, &[]).classify(&TEXT).await.unwrap_err();
    assert!(matches!(
        err,
        ProviderError::Failed {
            attempts: 1,
            last: AttemptError::Rejected(401),
            ..
        }
    ));
    assert_eq!(hits(&server).await, 1);
}

#[tokio::test]
async fn a_slow_provider_times_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok().set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let p = openai(
        &server,
        &[
            ("MODD_REMOTE_TIMEOUT_MS", "200"),
            ("MODD_REMOTE_RETRIES", "1"),
        ],
    );
    let started = Instant::now();
    let err = p.classify(&TEXT).await.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::Failed {
                attempts: 2,
                last: AttemptError::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn malformed_bodies_are_errors_not_scores() {
    for body in [
        ResponseTemplate::new(200).set_body_string("<html>gateway</html>"),
        ResponseTemplate::new(200).set_body_json(json!({"results": []})),
        ResponseTemplate::new(200)
            .set_body_json(json!({"results": [{"category_scores": {"violence": 7.5}}]})),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(body)
            .mount(&server)
            .await;
        let err = openai(&server, &[("MODD_REMOTE_RETRIES", "0")])
            .classify(&TEXT)
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                ProviderError::Failed {
                    last: AttemptError::Malformed(_),
                    ..
                }
            ),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn breaker_opens_fails_fast_probes_half_open_and_closes() {
    let server = MockServer::start().await;
    let failing = Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount_as_scoped(&server)
        .await;
    let p = openai(
        &server,
        &[
            ("MODD_REMOTE_RETRIES", "0"),
            ("MODD_REMOTE_BREAKER_FAILURES", "2"),
            ("MODD_REMOTE_BREAKER_COOLDOWN_SECS", "1"),
        ],
    );
    for _ in 0..2 {
        assert!(matches!(
            p.classify(&TEXT).await,
            Err(ProviderError::Failed { .. })
        ));
    }
    assert_eq!(p.breaker_state(), BreakerState::Open);
    assert_eq!(
        p.classify(&TEXT).await.unwrap_err(),
        ProviderError::CircuitOpen { provider: "openai" }
    );
    assert_eq!(hits(&server).await, 2, "an open breaker sends nothing");

    // After the cool-down one probe goes out; it fails, so the breaker reopens.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(matches!(
        p.classify(&TEXT).await,
        Err(ProviderError::Failed { .. })
    ));
    assert_eq!(p.breaker_state(), BreakerState::Open);
    assert_eq!(hits(&server).await, 3);
    drop(failing);

    // The provider recovers (slowly). While the probe is out, the breaker is
    // half-open and other calls still fail fast; the probe's success closes it.
    Mock::given(method("POST"))
        .respond_with(ok().set_delay(Duration::from_millis(300)))
        .mount(&server)
        .await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let probe = {
        let p = p.clone();
        tokio::spawn(async move { p.classify(&TEXT).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(p.breaker_state(), BreakerState::HalfOpen);
    assert_eq!(
        p.classify(&TEXT).await.unwrap_err(),
        ProviderError::CircuitOpen { provider: "openai" }
    );
    assert!(probe.await.unwrap().is_ok());
    assert_eq!(p.breaker_state(), BreakerState::Closed);
    assert!(p.classify(&TEXT).await.is_ok());

    let text = modd::observe::metrics::handle().render();
    for series in [
        "modd_provider_breaker_state{provider=\"openai\"} 0",
        "modd_provider_errors_total{provider=\"openai\",kind=\"circuit_open\"}",
        "modd_provider_errors_total{provider=\"openai\",kind=\"server_error\"}",
        "modd_provider_request_duration_seconds_bucket{provider=\"openai\",outcome=\"ok\"",
    ] {
        assert!(text.contains(series), "missing {series} in\n{text}");
    }
}

#[tokio::test]
async fn the_concurrency_cap_serialises_calls() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok().set_delay(Duration::from_millis(250)))
        .mount(&server)
        .await;
    let p = openai(
        &server,
        &[
            ("MODD_REMOTE_CONCURRENCY", "1"),
            ("MODD_REMOTE_TIMEOUT_MS", "3000"),
        ],
    );
    let started = Instant::now();
    let calls = (0..3).map(|_| p.classify(&TEXT));
    let results = futures::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok));
    // Three 250 ms calls one at a time, not side by side.
    assert!(
        started.elapsed() >= Duration::from_millis(740),
        "{:?}",
        started.elapsed()
    );
}

/// A classification as the local stage leaves it: one run with `scores`.
fn local(scores: &[(Category, f64)]) -> Classification {
    let mut c = Classification::default();
    c.push(
        "local",
        "1",
        ClassifierOutput {
            raw: vec![],
            scores: scores.iter().map(|(k, v)| Scored::new(*k, *v)).collect(),
            image_scored: false,
        },
    );
    c
}

const CONTENT: Content<'static> = Content {
    text: Some("I will hurt you"),
    image_url: None,
};

fn pairs(c: &Classification) -> Vec<(Category, f64)> {
    c.scored().map(|s| (s.category, s.score)).collect()
}

#[tokio::test]
async fn cascade_asks_only_for_uncovered_or_uncertain_categories() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok())
        .mount(&server)
        .await;
    let s = settings(
        &server,
        &[
            ("MODD_OPENAI_CATEGORIES", "harassment,violence"),
            ("MODD_REMOTE_UNCERTAIN_BAND", "0.4,0.85"),
        ],
    );
    let cascade = Cascade::new(remote::from_settings(&s).unwrap(), s.uncertain_band);

    // Everything the provider offers is covered locally and certain: no call.
    let mut c = local(&[(Category::Harassment, 0.1), (Category::Violence, 0.95)]);
    cascade.refine(&CONTENT, &mut c).await;
    assert_eq!(c.runs.len(), 1);
    assert_eq!(hits(&server).await, 0);

    // `violence` is not covered and `harassment` is uncertain: both come from
    // the provider, whose score replaces the uncertain one in the decision.
    let mut c = local(&[(Category::Harassment, 0.5), (Category::Profanity, 0.2)]);
    cascade.refine(&CONTENT, &mut c).await;
    assert_eq!(hits(&server).await, 1);
    let run = c.runs.last().unwrap();
    assert_eq!(
        (&*run.classifier, &*run.model_version),
        ("openai", "omni-moderation-2024-09-26")
    );
    assert_eq!(
        run.output.raw.len(),
        13,
        "the provider's raw outputs are kept"
    );
    let got = pairs(&c);
    assert_eq!(score_of(&got, Category::Violence), 0.9217135948627312);
    assert_eq!(c.score_of(Category::Harassment), Some(0.8189693396524255));
    assert!(!got.contains(&(Category::Harassment, 0.5)), "superseded");
    assert_eq!(score_of(&got, Category::Profanity), 0.2);
    assert_eq!(
        c.score_of(Category::Hate),
        None,
        "only configured categories"
    );
}

#[tokio::test]
async fn cascade_turns_a_failing_provider_into_a_gap_not_an_approval() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let s = settings(&server, &[("MODD_REMOTE_RETRIES", "0")]);
    let cascade = Cascade::new(remote::from_settings(&s).unwrap(), None);
    let mut c = local(&[(Category::Profanity, 0.1)]);
    cascade.refine(&CONTENT, &mut c).await;
    assert!(
        matches!(
            c.gaps.as_slice(),
            [Gap::ClassifierFailed { classifier, error: Some(_) }] if classifier == "openai"
        ),
        "{:?}",
        c.gaps
    );
    let failed = c.runs.last().unwrap();
    assert!(
        failed
            .error
            .as_deref()
            .unwrap()
            .contains("server error (500)")
    );
    assert_eq!(
        pairs(&c),
        vec![(Category::Profanity, 0.1)],
        "local scores survive"
    );
    let policy = modd::policy::Policy::builtin("app");
    let d = policy.decide(&c, "comment");
    assert_eq!(d.verdict, modd_common::Verdict::Flagged);
    assert_eq!(d.reason.as_deref(), Some("classifier_failed:openai"));
}

#[tokio::test]
async fn cascade_sends_images_only_to_providers_that_take_them() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/moderations"))
        .and(body_partial_json(json!({"input": [{"type": "image_url"}]})))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/score"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("http_model.json")))
        .expect(0)
        .mount(&server)
        .await;
    let mut raw = defaults();
    raw.insert("MODD_OPENAI_BASE_URL", format!("{}/v1", server.uri()));
    raw.insert("MODD_HTTP_PROVIDER_URL", format!("{}/score", server.uri()));
    raw.insert("MODD_HTTP_PROVIDER_CATEGORIES", "sexual".into());
    let s = RemoteSettings::from_raw(&raw).unwrap();
    let cascade = Cascade::new(remote::from_settings(&s).unwrap(), None);
    let image_only = Content {
        text: None,
        image_url: Some("https://img.example/a.png"),
    };
    let mut c = Classification::default();
    cascade.refine(&image_only, &mut c).await;
    assert_eq!(c.runs.len(), 1);
    assert!(c.runs[0].output.image_scored);
    assert_eq!(
        c.runs[0].output.scores.len(),
        13,
        "every category OpenAI scored for the image"
    );
}

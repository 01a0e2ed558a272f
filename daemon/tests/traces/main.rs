//! One item's trace, end to end, against a collector written in the test
//! (`collector.rs`): a real `modd` exports its spans over OTLP/HTTP, and the
//! test follows the links from the caller's `traceparent` through the
//! request, the intake commit, the queue hop (in-process and Redis stream),
//! the worker's classification and decision transaction, to the webhook
//! delivery, whose receiver gets a `traceparent` of the same trace.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod collector;

use collector::{Collector, Span};
use modd_common::{AppUpdate, Role};
use modd_testkit::{KeySpec, ModdProcess, RedisPrefix, eventually, insert_key, open_store};
use std::time::Duration;

/// The caller's trace: the request span must continue it.
const CALLER_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN: &str = "00f067aa0ba902b7";

#[tokio::test]
async fn an_item_is_one_trace_through_the_in_process_queue() {
    let (_dir, url) = modd_testkit::db::sqlite_temp().await;
    follow_one_item(&url, &[], "modd").await;
}

#[tokio::test]
async fn an_item_is_one_trace_through_the_redis_stream() {
    let Some(prefix) = RedisPrefix::new() else {
        return; // TEST_REDIS_URL unset (panics instead under MODD_REQUIRE_SERVICES)
    };
    let (_dir, url) = modd_testkit::db::sqlite_temp().await;
    let mut env: Vec<(&str, String)> = prefix
        .settings()
        .iter()
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    // The standard variable names the service.
    env.push(("OTEL_SERVICE_NAME", "modd-redis".into()));
    follow_one_item(&url, &env, "modd-redis").await;
    prefix.cleanup().await;
}

/// Submits one item with a caller `traceparent` to a `modd` exporting to a
/// fresh collector, and checks every span and link of its trace.
async fn follow_one_item(url: &str, extra: &[(&str, String)], service: &str) {
    let collector = Collector::start().await;
    let store = open_store(url).await;
    let spec = |role| KeySpec {
        role,
        rate_limit: Some(modd_testkit::daemon::LIFTED_RATE_LIMIT),
        ..KeySpec::default()
    };
    let admin = insert_key(&*store, spec(Role::Admin)).await.1;
    let client = insert_key(&*store, spec(Role::Client)).await.1;
    let mut env = vec![
        ("DATABASE_URL", url.to_owned()),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.base.clone()),
        // Export every 100 ms rather than every 5 s.
        ("OTEL_BSP_SCHEDULE_DELAY", "100".to_owned()),
        ("MODD_WEBHOOK_ALLOW_PRIVATE", "true".to_owned()),
    ];
    env.extend(extra.iter().cloned());
    let modd = ModdProcess::spawn(env!("CARGO_BIN_EXE_modd"), "serve", &env).await;
    let update = AppUpdate {
        webhook_url: Some(Some(format!("{}/hook", collector.base))),
        ..AppUpdate::default()
    };
    modd.client(Some(&admin))
        .update_app("forum", &update)
        .await
        .expect("set the webhook");

    let res = modd
        .http
        .post(modd.url("/api/v1/moderation/analyse"))
        .header("X-API-KEY", &client)
        .header("traceparent", format!("00-{CALLER_TRACE}-{CALLER_SPAN}-01"))
        .json(&serde_json::json!({
            "external_id": "traced-1", "text": "a perfectly fine comment",
            "content_type": "comment", "source_app": "forum"
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let spans = eventually(Duration::from_secs(30), || async {
        let spans: Vec<Span> = collector
            .spans()
            .into_iter()
            .filter(|s| s.trace_id == CALLER_TRACE)
            .collect();
        let delivered = !collector.traceparents().is_empty();
        (delivered && spans.iter().any(|s| s.name == "webhook.deliver")).then_some(spans)
    })
    .await
    .expect("the whole trace reaches the collector");

    let one = |name: &str| -> Span {
        let found: Vec<&Span> = spans.iter().filter(|s| s.name == name).collect();
        assert_eq!(found.len(), 1, "one {name} span in {spans:#?}");
        found[0].clone()
    };
    let request = one("POST /api/v1/moderation/analyse");
    let commit = one("intake.commit");
    let enqueue = one("queue.enqueue");
    let job = one("worker.job");
    let classify = one("classify");
    let record = one("decision.record");
    let deliver = one("webhook.deliver");

    // The caller's span is the request's parent.
    assert_eq!(request.parent, CALLER_SPAN);
    // Intake runs within the request.
    assert!(descends(&spans, &commit, &request), "{spans:#?}");
    assert!(descends(&spans, &enqueue, &request), "{spans:#?}");
    // The queue hop: the job carried the enqueue span's context.
    assert_eq!(job.parent, enqueue.span_id);
    assert_eq!(classify.parent, job.span_id);
    assert_eq!(record.parent, job.span_id);
    // The outbox event kept the decision's context for the delivery.
    assert_eq!(deliver.parent, record.span_id);
    // The receiver got the delivery span's context.
    assert_eq!(
        collector.traceparents(),
        vec![format!("00-{CALLER_TRACE}-{}-01", deliver.span_id)]
    );
    assert!(spans.iter().all(|s| s.service == service), "{spans:#?}");
}

/// Whether `ancestor` is on `span`'s parent chain.
fn descends(spans: &[Span], span: &Span, ancestor: &Span) -> bool {
    let mut parent = span.parent.clone();
    for _ in 0..spans.len() {
        if parent == ancestor.span_id {
            return true;
        }
        match spans.iter().find(|s| s.span_id == parent) {
            Some(p) => parent = p.parent.clone(),
            None => return false,
        }
    }
    false
}

//! Webhook deliveries per second to a local receiver: fills the outbox with
//! N decided items' events, starts the delivery loop, and times until the
//! receiver has every event and the outbox shows them delivered.
//!
//! ```sh
//! cargo run --release -p modd --example webhook_throughput -- [EVENTS] [CONCURRENCY] [sqlite|postgres]
//! ```
//! PostgreSQL uses a fresh database on `TEST_DATABASE_URL`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use axum::Router;
use axum::routing::post;
use chrono::Utc;
use modd::outbox::webhooks::deliver::Delivery;
use modd::outbox::webhooks::{SecretBox, Sender, generate_secret};
use modd::settings::WebhookSettings;
use modd::ssrf::Guard;
use modd::store::{self, AppChange, ConnectOptions, NewItem, Outcome, Store};
use modd_common::Verdict;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio_util::sync::CancellationToken;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let events: usize = args.get(1).map_or(5000, |a| a.parse().unwrap());
    let concurrency: usize = args.get(2).map_or(16, |a| a.parse().unwrap());
    let backend = args.get(3).cloned().unwrap_or_else(|| "sqlite".into());

    // The receiver: counts and answers 204.
    let received = Arc::new(AtomicU64::new(0));
    let counter = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let (_dir, _pg, db_url) = if backend == "postgres" {
        let pg = modd_testkit::postgres_fresh()
            .await
            .expect("TEST_DATABASE_URL");
        let url = pg.url().to_owned();
        (None, Some(pg), url)
    } else {
        let (dir, url) = modd_testkit::sqlite_temp().await;
        (Some(dir), None, url)
    };
    let options = ConnectOptions {
        max_connections: 32,
        ..ConnectOptions::default()
    };
    let store: Arc<dyn Store> = store::connect(&db_url, &options).await.unwrap();
    store.migrate_up(None).await.unwrap();
    let secrets = Arc::new(SecretBox::from_secret_key(
        "bench-secret-key-bench-secret-key-1234",
    ));
    let sealed = secrets.seal("bench", &generate_secret()).unwrap();
    let change = AppChange {
        webhook_url: Some(Some(url)),
        webhook_secret: Some(Some(sealed)),
        ..AppChange::default()
    };
    store.put_app("bench", &change, Utc::now()).await.unwrap();

    // N decisions, each with its outbox event (batches of 500 inserts).
    let mut ids = Vec::with_capacity(events);
    for chunk in (0..events).collect::<Vec<_>>().chunks(500) {
        let batch: Vec<NewItem> = chunk
            .iter()
            .map(|n| NewItem {
                source_app: "bench".into(),
                external_id: format!("e{n}"),
                content_type: "comment".into(),
                text: Some("hello".into()),
                image_url: None,
                created_at: Utc::now(),
            })
            .collect();
        ids.extend(
            store
                .insert_items(&batch)
                .await
                .unwrap()
                .into_iter()
                .map(|i| i.item.id),
        );
    }
    for id in ids {
        let outcome = Outcome {
            item_id: id,
            scores: vec![],
            verdict: Verdict::Approved,
            reason: None,
            policy_version: "bench".into(),
            decided_by: "rule".into(),
            decided_at: Utc::now(),
            language: None,
            gaps: Vec::new(),
            model_versions: Default::default(),
            trace: None,
        };
        store.record_outcome(&outcome).await.unwrap();
    }

    let settings = WebhookSettings {
        allow_private: true,
        allowed_hosts: vec![],
        timeout: Duration::from_secs(10),
        max_attempts: 10,
        retry_base: Duration::from_secs(5),
        concurrency,
    };
    let guard = Guard {
        allow_private: true,
        ..Guard::default()
    };
    let delivery = Delivery {
        store: store.clone(),
        sender: Sender::new(guard, settings.timeout).unwrap(),
        secrets,
        settings,
        stats: Default::default(),
    };
    let shutdown = CancellationToken::new();
    let wake = std::sync::Arc::new(tokio::sync::Notify::new());
    let started = Instant::now();
    let task = delivery.spawn(wake, shutdown.clone());
    while received.load(Ordering::Relaxed) < events as u64 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let all_sent = started.elapsed();
    // Until every event is recorded as delivered.
    loop {
        let pending = store
            .list_webhook_events("bench", Some("pending"), 1)
            .await
            .unwrap();
        if pending.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let all_recorded = started.elapsed();
    shutdown.cancel();
    let _ = task.await;
    println!(
        "backend={backend} events={events} concurrency={concurrency} received_in={:.2}s recorded_in={:.2}s deliveries_per_s={:.0} duplicates={}",
        all_sent.as_secs_f64(),
        all_recorded.as_secs_f64(),
        events as f64 / all_recorded.as_secs_f64(),
        received.load(Ordering::Relaxed) - events as u64,
    );
}
